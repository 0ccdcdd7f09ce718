//! Why a row was refused, as messages the site can say in its reader's
//! language. A reader writes a reason from a template here ([`english`]);
//! the refusal is stored as that English text, as always, and a page reads
//! the text back into the template and its values ([`read`]) to say it in
//! Ukrainian or Russian (`locales/*/reasons.ftl`). One table serves both
//! ways, so the two cannot drift apart; a reason no template gave stays as
//! written.

/// Each reason's message key and English template; `{name}` is a value.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("reason-unknown-term", "unknown {kind} \"{value}\""),
    (
        "reason-unknown-term-suggest",
        "unknown {kind} \"{value}\"; did you mean \"{suggestion}\"?",
    ),
    (
        "reason-key-twice",
        "the key \"{key}\" appears twice; give each field once",
    ),
    (
        "reason-value-too-long",
        "the value is longer than {limit} bytes",
    ),
    (
        "reason-no-source",
        "every report needs a source (who reports it)",
    ),
    (
        "reason-source-too-long",
        "the source is longer than {limit} characters",
    ),
    (
        "reason-no-external-id",
        "every report needs an external_id, unique within its source, so that it is ingested once",
    ),
    (
        "reason-external-id-too-long",
        "the external_id is longer than {limit} characters",
    ),
    (
        "reason-no-occurred-at",
        "every report needs occurred_at, the date (and time) of the event",
    ),
    (
        "reason-lat-without-lon",
        "a latitude is given without a longitude",
    ),
    (
        "reason-lon-without-lat",
        "a longitude is given without a latitude",
    ),
    (
        "reason-lat-not-number",
        "\"{value}\" is not a number; write decimal degrees such as 46.48",
    ),
    (
        "reason-lon-not-number",
        "\"{value}\" is not a number; write decimal degrees such as 30.72",
    ),
    ("reason-lat-outside", "latitude {value} is outside -90..90"),
    (
        "reason-lon-outside",
        "longitude {value} is outside -180..180",
    ),
    (
        "reason-bad-reliability",
        "\"{value}\" is not a source reliability grade; use a letter from A (completely reliable) to F (cannot be judged)",
    ),
    (
        "reason-bad-credibility",
        "\"{value}\" is not an information credibility grade; use a digit from 1 (confirmed) to 6 (cannot be judged)",
    ),
    (
        "reason-count-range",
        "{field} must be a count from 0 to 1000000, not {value}",
    ),
    (
        "reason-not-whole-number",
        "\"{value}\" is not a whole number",
    ),
    (
        "reason-bad-link",
        "a link must start with https:// or http://",
    ),
    ("reason-date-empty", "the date is empty"),
    (
        "reason-not-a-date",
        "\"{value}\" is not a date; write 2025-03-18, or a date and time with its offset such as 2025-03-18T06:30:00+02:00",
    ),
    (
        "reason-offset-too-far",
        "\"{value}\" has the UTC offset {offset}, but no clock on Earth is more than 14 hours ahead of or behind UTC (offsets run from -12:00 to +14:00); check the offset",
    ),
    (
        "reason-quote-open",
        "the quote that opens this field on line {line} is never closed",
    ),
    (
        "reason-quote-open-rest",
        "the quote that opens this field on line {line} is never closed; the lines after it are read as rows of their own",
    ),
    (
        "reason-field-count",
        "the row has {fields} fields but the header has {width}",
    ),
    (
        "reason-value-too-long-by",
        "the value is longer than {limit} bytes ({len} bytes)",
    ),
    (
        "reason-row-too-long",
        "the row is longer than {limit} bytes ({len} bytes)",
    ),
    ("reason-value-not-utf8", "the value is not valid UTF-8 text"),
    (
        "reason-line-too-long",
        "the line is longer than {limit} bytes ({len} bytes)",
    ),
    ("reason-line-not-utf8", "the line is not valid UTF-8 text"),
    ("reason-line-not-object", "each line must be a JSON object"),
    (
        "reason-line-not-json",
        "the line is not valid JSON: {detail}",
    ),
    (
        "reason-column-name-too-long",
        "the column name is longer than {limit} bytes",
    ),
    (
        "reason-tally-no-start",
        "{column} is empty; every tally needs the start of its period",
    ),
    (
        "reason-tally-date",
        "{column} \"{value}\" is not a date; the tallies write 2025-03-20, 2025-03-20 18:00 or 2025-03-20 8:00",
    ),
    (
        "reason-tally-end-before-start",
        "{column} \"{value}\" is before time_start \"{start}\"; a period cannot end before it starts",
    ),
    (
        "reason-tally-not-count",
        "{column} \"{value}\" is not a count; counts are whole numbers such as 12 (or 12.0)",
    ),
    (
        "reason-tally-fraction",
        "{column} \"{value}\" is not a whole number; a count of weapons has no fraction",
    ),
    (
        "reason-tally-too-many",
        "{column} \"{value}\" is more than {max}, more than any attack has counted; check the value",
    ),
    (
        "reason-acled-date",
        "{column} \"{value}\" is not a date; ACLED writes dates as 2025-03-20, 20/03/2025 00:00:00 or 20 March 2025",
    ),
    (
        "reason-acled-time-precision",
        "{column} \"{value}\" is not an ACLED time precision (1, 2 or 3)",
    ),
    (
        "reason-acled-geo-precision",
        "{column} \"{value}\" is not an ACLED geo precision (1, 2 or 3)",
    ),
    (
        "reason-acled-timestamp",
        "{column} \"{value}\" is not a time; ACLED writes its last update as seconds since 1970 (1743900000)",
    ),
    (
        "reason-firms-date",
        "{column} \"{value}\" is not a date; FIRMS writes dates as 2025-04-10",
    ),
    (
        "reason-firms-time",
        "{column} \"{value}\" is not a time; FIRMS writes it as HHMM in UTC (0310, 310)",
    ),
    (
        "reason-firms-time-of-day",
        "{column} \"{value}\" is not a time of day (hours 0–23, minutes 0–59)",
    ),
    (
        "reason-newer-version",
        "source \"{source}\" already has a newer version of report \"{id}\" (reported {at}); this older version is not applied",
    ),
    (
        "reason-filed-by-other",
        "source \"{source}\" already has a report \"{id}\" filed by {by}; a submission may replace only reports filed by {who}; give this report another external_id",
    ),
    (
        "reason-liaison-party",
        "a liaison of party {party} submits only that party's reports",
    ),
    ("reason-row-too-large", "the row is too large: {detail}"),
    (
        "reason-not-yes-no",
        "{field} cannot be the yes/no value {value}; it takes {takes}",
    ),
    (
        "reason-number-for-text",
        "{field} cannot be the number {value}; it takes text (write \"{value2}\" in quotes if that is meant)",
    ),
    (
        "reason-not-number",
        "{field} cannot be the number {value}; it takes {takes}",
    ),
    (
        "reason-not-nested",
        "the value must be a string, a number or null, not a list or object",
    ),
    (
        "reason-control-in-text",
        "the value contains a control character (U+{code}), which text may not hold (only tabs and line breaks)",
    ),
    (
        "reason-control-in-field",
        "the value contains a control character (U+{code}), which no field may hold (only text may hold tabs and line breaks)",
    ),
    (
        "reason-stmt-no-source",
        "the source is empty; say who published the statement",
    ),
    (
        "reason-stmt-source-too-long",
        "the source is longer than {limit} bytes",
    ),
    (
        "reason-stmt-too-long",
        "the statement is {len} bytes long; at most {limit} bytes are read",
    ),
    (
        "reason-stmt-bad-link",
        "a link starts with https:// or http://",
    ),
    (
        "reason-stmt-line-too-long",
        "the line is longer than {limit} bytes",
    ),
    (
        "reason-stmt-not-object",
        "each line must be a JSON object with source, published_at and text",
    ),
    (
        "reason-stmt-missing",
        "{key} is missing; every statement needs source, published_at and text",
    ),
    ("reason-stmt-not-string", "{key} must be a string"),
    (
        "reason-stmt-bad-lang",
        "lang \"{value}\" is not one of en, uk, ru",
    ),
    (
        "reason-stmt-url-too-long",
        "url is longer than {limit} bytes",
    ),
    (
        "reason-stmt-paragraph-too-long",
        "the paragraph is {len} bytes long; at most {limit} bytes are read",
    ),
    (
        "reason-stmt-text-line-too-long",
        "line {line} is longer than {limit} bytes",
    ),
    (
        "reason-stmt-text-line-not-utf8",
        "line {line} is not valid UTF-8 text",
    ),
    (
        "reason-firms-confidence",
        "{column} \"{value}\" is not a FIRMS confidence; it takes l, n, h, low, nominal, high, or a number from 0 to 100",
    ),
];

/// The reason `key` in English with its values; a key no template has
/// reads as itself (a test holds every caller's key to the table).
pub fn english(key: &str, values: &[(&str, &str)]) -> String {
    let Some((_, template)) = TEMPLATES.iter().find(|(k, _)| *k == key) else {
        return key.to_string();
    };
    let mut out = String::with_capacity(template.len() + 32);
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Value(name) => {
                out.push_str(values.iter().find(|(n, _)| *n == name).map_or("", |v| v.1));
            }
        }
    }
    out
}

/// A reason's text read back into its template's key and values, when a
/// template gave it. The longest templates are tried first, so a reason
/// with a suggestion never reads as one without.
pub fn read(text: &str) -> Option<(&'static str, Vec<(&'static str, String)>)> {
    let mut order: Vec<&(&str, &str)> = TEMPLATES.iter().collect();
    order.sort_by_key(|(_, t)| std::cmp::Reverse(literal_len(t)));
    order
        .into_iter()
        .find_map(|(key, template)| matches(template, text).map(|v| (*key, v)))
}

enum Piece<'a> {
    Text(&'a str),
    Value(&'a str),
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Value(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

fn literal_len(template: &str) -> usize {
    pieces(template)
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Value(_) => 0,
        })
        .sum()
}

/// The values of `text` read as `template`. A value runs to the first place
/// its following text appears from which the rest of the template still
/// reads; a later one when not (a source name may hold `" already has`).
fn matches(template: &'static str, text: &str) -> Option<Vec<(&'static str, String)>> {
    let ps = pieces(template);
    let mut values = Vec::new();
    // Values come from the rows refused: a value made of the following text
    // over and over must not make reading it slow. Past this many tries the
    // reason is shown as it was written.
    let mut tries = 256;
    match_from(&ps, text, &mut values, &mut tries).then_some(values)
}

fn match_from(
    ps: &[Piece<'static>],
    rest: &str,
    values: &mut Vec<(&'static str, String)>,
    tries: &mut u32,
) -> bool {
    match ps {
        [] => rest.is_empty(),
        [Piece::Text(t), more @ ..] => rest
            .strip_prefix(*t)
            .is_some_and(|r| match_from(more, r, values, tries)),
        [Piece::Value(name)] => {
            values.push((*name, rest.to_string()));
            true
        }
        // Two values side by side cannot be told apart.
        [Piece::Value(_), Piece::Value(_), ..] => false,
        [Piece::Value(name), Piece::Text(next), more @ ..] => {
            if more.is_empty() {
                // The last text ends the reason: the value is all before it.
                let Some(value) = rest.strip_suffix(*next) else {
                    return false;
                };
                values.push((*name, value.to_string()));
                return true;
            }
            for (at, _) in rest.match_indices(*next) {
                if *tries == 0 {
                    return false;
                }
                *tries -= 1;
                values.push((*name, rest[..at].to_string()));
                if match_from(more, &rest[at + next.len()..], values, tries) {
                    return true;
                }
                values.truncate(values.len() - 1);
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> &'static str {
        match name {
            "kind" => "target class",
            "value" => "power \"plant\" 7",
            "suggestion" => "energy.power-plant",
            "limit" => "200",
            "field" => "launched",
            "key" => "source",
            "offset" => "+15:00",
            "line" => "3",
            "fields" => "4",
            "width" => "5",
            "len" => "9000",
            "detail" => "expected value at line 1 column 2",
            "column" => "date",
            "start" => "2025-03-20",
            "max" => "100000",
            "source" => "ua-mod",
            "id" => "r-1",
            "at" => "2025-03-20T10:00:00Z",
            "by" => "party ua",
            "who" => "the mission",
            "party" => "ua",
            "takes" => "text",
            "value2" => "12",
            "code" => "007F, DEL",
            _ => "x",
        }
    }

    #[test]
    fn every_template_reads_back_as_itself() {
        for (key, template) in TEMPLATES {
            let names: Vec<&str> = pieces(template)
                .iter()
                .filter_map(|p| match p {
                    Piece::Value(n) => Some(*n),
                    Piece::Text(_) => None,
                })
                .collect();
            let values: Vec<(&str, &str)> = names.iter().map(|n| (*n, sample(n))).collect();
            let text = english(key, &values);
            let (k, got) = read(&text).unwrap_or_else(|| panic!("{key}: {text} reads back"));
            assert_eq!(k, *key, "{text}");
            for (n, v) in &values {
                assert!(got.contains(&(*n, v.to_string())), "{key}: {n} in {got:?}");
            }
        }
        // Keys are unique.
        let mut keys: Vec<&str> = TEMPLATES.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), TEMPLATES.len());
    }

    #[test]
    fn a_value_holding_the_text_after_it_reads_back_whole() {
        // Each value in turn holds the literal text that follows it.
        for (key, template) in TEMPLATES {
            let ps = pieces(template);
            for (at, piece) in ps.iter().enumerate() {
                let (Piece::Value(name), Some(Piece::Text(next))) = (piece, ps.get(at + 1)) else {
                    continue;
                };
                let odd = format!("{}{next}{}", sample(name), sample(name));
                let values: Vec<(&str, &str)> = ps
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Value(n) if n == name => Some((*n, odd.as_str())),
                        Piece::Value(n) => Some((*n, sample(n))),
                        Piece::Text(_) => None,
                    })
                    .collect();
                // Such a text may read more than one way; every way says
                // the same words.
                let text = english(key, &values);
                let (k, got) = read(&text).unwrap_or_else(|| panic!("{key}: {text} reads back"));
                let got: Vec<(&str, &str)> = got.iter().map(|(n, v)| (*n, v.as_str())).collect();
                assert_eq!(english(k, &got), text, "{key}: read as {k} {got:?}");
            }
        }
        // Where only one way reads, it is the one written.
        let source = "kyiv\" already has";
        let text = english(
            "reason-newer-version",
            &[("source", source), ("id", "r-1"), ("at", "2025-03-20")],
        );
        let (k, got) = read(&text).expect("reads");
        assert_eq!(k, "reason-newer-version");
        assert!(got.contains(&("source", source.to_string())), "{got:?}");
    }

    #[test]
    fn a_value_made_of_the_following_text_is_given_up_on() {
        // No way reads (the end is wrong), and every place the texts after
        // `kind` and `value` appear is a way to try: 5,000 × 5,000 of them.
        let value = "\"; did you mean \"".repeat(5000);
        let text = english(
            "reason-unknown-term-suggest",
            &[("kind", "act"), ("value", &value), ("suggestion", "x")],
        ) + "!";
        let template = TEMPLATES
            .iter()
            .find(|(k, _)| *k == "reason-unknown-term-suggest")
            .map(|(_, t)| *t)
            .expect("template");
        let mut tries = 256;
        let mut values = Vec::new();
        assert!(!match_from(
            &pieces(template),
            &text,
            &mut values,
            &mut tries
        ));
        assert_eq!(tries, 0, "stopped by the bound, not by running out of ways");
        assert_eq!(read(&text), None);
    }

    #[test]
    fn a_reason_no_template_gave_is_not_read() {
        assert_eq!(
            read("the quote that opens this field is never closed"),
            None
        );
        assert_eq!(read("unknown act \"strik\"; and more"), None);
        assert_eq!(read(""), None);
    }

    #[test]
    fn a_suggestion_is_read_as_one() {
        let text = "unknown act \"strik\"; did you mean \"strike\"?";
        let (k, v) = read(text).expect("read");
        assert_eq!(k, "reason-unknown-term-suggest");
        assert_eq!(
            v,
            vec![
                ("kind", "act".to_string()),
                ("value", "strik".to_string()),
                ("suggestion", "strike".to_string())
            ]
        );
    }
}
