//! Air-attack tallies in the layout of the public Ukrainian Air Force data
//! sets: one row per reported attack period and weapon model ("from 18:00 to
//! 08:00, 12 Shahed-136/131 launched from Kursk oblast, 10 destroyed").
//!
//! A row is not an event at a place but a *tally*: the Air Force alleges that
//! Russian forces launched so many weapons of a class in a period. Each row
//! becomes one launch report (or one per weapon class, when a row names
//! several classes and its counts can be divided among them), without
//! coordinates, carrying its counts as
//! extras so that daily series can be drawn from the stored reports
//! ([`is_tally`], [`launched`], [`destroyed`], [`day`]).
//!
//! The mapping, value by value, is written down in `docs/formats.md`
//! ("Air-attack tallies").

use crate::canonical::{Context, InputError, Row};
use crate::table::{self, Draft, Header, Layout, Mapped, RowView, Summary};
use jiff::civil;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;
use truce_model::{Act, Means, Report, reason};

/// The layout's name in the summary and in messages.
pub const NAME: &str = "air-attack tallies";
/// The source of a row whose `source` column is empty or absent.
pub const DEFAULT_SOURCE: &str = "air-tallies";
/// Who speaks in these data sets: the Air Force reports launches against Ukraine.
pub const CLAIMANT: &str = "Armed Forces of Ukraine";
/// Whom the tallies name as launching.
pub const PERPETRATOR: &str = "Russian forces";
/// The extra every tally report carries, telling it from other launch reports.
pub const TALLY_KEY: &str = "tally";
pub const TALLY_VALUE: &str = "air-force";

/// Largest count read; a bigger one is a typing error, not an attack.
const MAX_COUNT: u64 = 1_000_000;
/// Most distinct model texts whose classification is remembered.
const CACHE_LIMIT: usize = 4096;

/// The count columns, in the order of [`Counts`].
const COUNT_COLUMNS: [&str; 4] = ["launched", "destroyed", "not_reach_goal", "still_attacking"];
/// Extras this layout adds itself; a file column of the same name is not kept
/// again.
const OWN_EXTRAS: [&str; 3] = [TALLY_KEY, "means_split", "row_counts"];

/// launched, destroyed, not_reach_goal, still_attacking.
type Counts = [Option<u64>; 4];

/// Reads an air-attack tally file, calling `on_row` for every report or
/// rejection in order.
pub fn read<R: std::io::Read>(
    input: R,
    file: &str,
    ctx: &Context<'_>,
    summary: &mut Summary,
    on_row: impl FnMut(Row),
) -> Result<(), InputError> {
    table::read(
        input,
        file,
        ctx,
        |h| Tallies::from_header(file, h),
        summary,
        on_row,
    )
}

/// Whether a report is an Air Force tally read by this layout.
pub fn is_tally(r: &Report) -> bool {
    r.act == Act::Launch && extra(r, TALLY_KEY) == Some(TALLY_VALUE)
}

/// How many weapons the tally says were launched, when it says.
pub fn launched(r: &Report) -> Option<u64> {
    extra(r, "launched").and_then(|v| v.parse().ok())
}

/// How many of them the tally says were destroyed, when it says.
pub fn destroyed(r: &Report) -> Option<u64> {
    extra(r, "destroyed").and_then(|v| v.parse().ok())
}

/// The day the tally's period starts, as the file writes it (`YYYY-MM-DD`):
/// the Air Force dates a night's attack by the evening it began.
pub fn day(r: &Report) -> Option<String> {
    let start = extra(r, "time_start")?;
    let date = start.split([' ', 'T']).next()?;
    parse_date(date).map(|d| d.to_string())
}

fn extra<'r>(r: &'r Report, key: &str) -> Option<&'r str> {
    r.extra
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Where the columns of a tally file are.
pub struct Tallies {
    time_start: usize,
    time_end: Option<usize>,
    model: usize,
    source: Option<usize>,
    counts: [Option<usize>; 4],
    /// Every other column, kept with the report: (column, extra name, which
    /// count it is if one).
    kept: Vec<(usize, String, Option<usize>)>,
    /// The header's names, to name columns in rejections as the file does.
    names: Vec<String>,
    /// Model texts already classified (they repeat from row to row).
    cache: HashMap<String, Rc<Classified>>,
}

impl Tallies {
    /// The layout for `header`, or which required column it lacks.
    pub fn from_header(file: &str, header: &Header) -> Result<Tallies, InputError> {
        let time_start = header.require(file, NAME, "time_start")?;
        let model = header.require(file, NAME, "model")?;
        let launched = header.require(file, NAME, "launched")?;
        let destroyed = header.require(file, NAME, "destroyed")?;
        let counts = [
            Some(launched),
            Some(destroyed),
            header.find("not_reach_goal"),
            header.find("still_attacking"),
        ];
        let source = header.find("source");
        let mut kept = Vec::new();
        for (i, name) in header.names.iter().enumerate() {
            let key = table::key(name);
            if Some(i) == source || key.is_empty() || OWN_EXTRAS.contains(&key.as_str()) {
                continue;
            }
            let count = counts.iter().position(|c| *c == Some(i));
            // Counts and the start are kept under fixed names, which the
            // series helpers read whatever case the file writes them in.
            let kept_name = match count {
                Some(c) => COUNT_COLUMNS[c].to_string(),
                None if i == time_start => "time_start".to_string(),
                None => name.trim().to_string(),
            };
            kept.push((i, kept_name, count));
        }
        Ok(Tallies {
            time_start,
            time_end: header.find("time_end"),
            model,
            source,
            counts,
            kept,
            names: header.names.clone(),
            cache: HashMap::new(),
        })
    }

    fn name(&self, col: usize) -> &str {
        self.names.get(col).map_or("", |n| n.trim())
    }

    /// The classification of `model`, remembered for the next rows.
    fn classify(&mut self, model: &str) -> Rc<Classified> {
        if let Some(c) = self.cache.get(model) {
            return Rc::clone(c);
        }
        let c = Rc::new(classify_model(model));
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.insert(model.to_string(), Rc::clone(&c));
        c
    }
}

impl Layout for Tallies {
    const NAME: &'static str = NAME;
    const ROWS: &'static str = "rows";

    fn map(&mut self, row: &RowView<'_>, ctx: &Context<'_>, summary: &mut Summary) -> Mapped {
        let start_raw = row.get(Some(self.time_start));
        let Some(start) = When::parse(start_raw) else {
            let col = self.name(self.time_start);
            let reason = if start_raw.is_empty() {
                reason::english("reason-tally-no-start", &[("column", col)])
            } else {
                reason::english(
                    "reason-tally-date",
                    &[("column", col), ("value", start_raw)],
                )
            };
            return Mapped::reject(col, start_raw, reason);
        };
        let end_raw = row.get(self.time_end);
        let precision = if end_raw.is_empty() {
            "day"
        } else {
            let col = self.time_end.map_or("time_end", |c| self.name(c));
            let Some(end) = When::parse(end_raw) else {
                return Mapped::reject(
                    col,
                    end_raw,
                    reason::english("reason-tally-date", &[("column", col), ("value", end_raw)]),
                );
            };
            let span = end.last().duration_since(start.first()).as_secs();
            if span < 0 {
                return Mapped::reject(
                    col,
                    end_raw,
                    reason::english(
                        "reason-tally-end-before-start",
                        &[("column", col), ("value", end_raw), ("start", start_raw)],
                    ),
                );
            }
            precision_of(span)
        };

        let mut counts: Counts = [None; 4];
        for (c, col) in self.counts.iter().enumerate() {
            let raw = row.get(*col);
            match parse_count(raw) {
                Ok(n) => counts[c] = n,
                Err(why) => {
                    let name = col.map_or(COUNT_COLUMNS[c], |i| self.name(i));
                    let max = MAX_COUNT.to_string();
                    let reason =
                        reason::english(why, &[("column", name), ("value", raw), ("max", &max)]);
                    return Mapped::reject(name, raw, reason);
                }
            }
        }

        let model = row.get(Some(self.model));
        let classified = self.classify(model);
        for name in &classified.unknown {
            summary.unknown(format!("model: {name}"));
        }
        if model.is_empty() {
            summary.unknown("model: (none given)");
        }

        let base_id = format!(
            "{}|{}|{}",
            collapse(start_raw),
            collapse(end_raw),
            collapse(model)
        );
        let source = match row.get(self.source) {
            "" => DEFAULT_SOURCE,
            s => s,
        };
        let source_col = self.source.map_or("source", |c| self.name(c));
        let mut base = Draft::new();
        base.set("source", source, source_col)
            .set("occurred_at", start.canonical(), self.name(self.time_start))
            .set(
                "time_precision",
                precision,
                self.time_end.map_or("time_end", |c| self.name(c)),
            )
            .set("act", "launch", self.name(self.model))
            .set("perpetrator", PERPETRATOR, self.name(self.model))
            .set("claimant", CLAIMANT, self.name(self.model))
            .set("stance", "alleges", self.name(self.model));
        if source.starts_with("https://") || source.starts_with("http://") {
            base.set("url", source, source_col);
        }
        let period = if end_raw.is_empty() {
            start_raw.to_string()
        } else {
            format!("{start_raw} – {end_raw}")
        };

        let names_total = classified.names();
        let split = classified.groups.len() > 1 && counts[0] == Some(names_total as u64);
        if !split {
            let class = match classified.groups.as_slice() {
                [] => Means::Unknown,
                [(class, _)] => *class,
                _ => Means::Mixed,
            };
            let means = classified.whole.clone();
            let mut d = base;
            d.set("external_id", base_id, self.name(self.model))
                .set("means", means, self.name(self.model))
                .set(
                    "text",
                    text(&period, model, &counts, None),
                    self.name(self.model),
                );
            self.keep_columns(&mut d, row, &counts);
            if classified.groups.len() > 1 {
                d.keep("means_split", &classified.split_text());
            }
            d.keep(TALLY_KEY, TALLY_VALUE);
            summary.count(class.as_str());
            return Mapped::One(d);
        }

        // One of each name was launched: each class gets its names' count,
        // and a share of the other counts where the row's numbers fix it.
        let row_counts = counts_text(&counts);
        let split_text = classified.split_text();
        let mut drafts = Vec::with_capacity(classified.groups.len());
        for ((class, names), means) in classified.groups.iter().zip(&classified.means) {
            let n = names.len() as u64;
            let mut share: Counts = [Some(n), None, None, None];
            for c in 1..4 {
                share[c] = match counts[c] {
                    Some(0) => Some(0),
                    Some(x) if x == names_total as u64 => Some(n),
                    _ => None,
                };
            }
            let joined = names.join(", ");
            let mut d = base.clone();
            d.set(
                "external_id",
                format!("{base_id}#{}", class.as_str()),
                self.name(self.model),
            )
            .set("means", means.as_str(), self.name(self.model))
            .set(
                "text",
                text(&period, &joined, &share, Some(model)),
                self.name(self.model),
            );
            self.keep_columns(&mut d, row, &share);
            d.keep("means_split", &split_text)
                .keep("row_counts", &row_counts)
                .keep(TALLY_KEY, TALLY_VALUE);
            drafts.push((d, *class));
        }
        // A row is one rejection, however many reports it would have made:
        // its reports are checked here before any is given.
        for (d, _) in &drafts {
            if let Err((column, value, reason)) = table::validate(d.clone(), row.line, ctx) {
                return Mapped::Reject {
                    column,
                    value,
                    reason,
                };
            }
        }
        for (_, class) in &drafts {
            summary.count(class.as_str());
        }
        Mapped::Many(drafts.into_iter().map(|(d, _)| d).collect())
    }
}

impl Tallies {
    /// Keeps every column of the row (the source aside) under its name, the
    /// counts as read (`12.0` as `12`) or as shared out to this report.
    fn keep_columns(&self, d: &mut Draft, row: &RowView<'_>, counts: &Counts) {
        for (col, name, count) in &self.kept {
            match count {
                Some(c) => {
                    if let Some(n) = counts[*c] {
                        d.keep(name, &n.to_string());
                    }
                }
                None => {
                    d.keep(name, row.get(Some(*col)));
                }
            }
        }
    }
}

/// A time as the tallies write it: a date, with or without a time of day.
#[derive(Debug, Clone, Copy)]
struct When {
    date: civil::Date,
    time: Option<civil::Time>,
}

impl When {
    /// Reads `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, `YYYY-MM-DD H:MM` (seconds
    /// and a `T` separator also taken).
    fn parse(s: &str) -> Option<When> {
        let s = s.trim();
        let (date, time) = match s.split_once([' ', 'T']) {
            Some((d, t)) => (d, Some(t.trim())),
            None => (s, None),
        };
        let date = parse_date(date)?;
        let time = match time {
            None => None,
            Some(t) => Some(parse_time(t)?),
        };
        Some(When { date, time })
    }

    /// Its first instant, local.
    fn first(&self) -> civil::DateTime {
        self.date
            .to_datetime(self.time.unwrap_or(civil::Time::midnight()))
    }

    /// Its last instant, local: a bare date runs to the end of its day.
    fn last(&self) -> civil::DateTime {
        match self.time {
            Some(t) => self.date.to_datetime(t),
            None => self
                .date
                .tomorrow()
                .map_or(self.first(), |d| d.to_datetime(civil::Time::midnight())),
        }
    }

    /// The canonical form: a bare date, or a local date and time the
    /// canonical validator reads in the agreement's zone.
    fn canonical(&self) -> String {
        let mut s = self.date.to_string();
        if let Some(t) = self.time {
            let _ = write!(s, "T{:02}:{:02}", t.hour(), t.minute());
            if t.second() != 0 {
                let _ = write!(s, ":{:02}", t.second());
            }
        }
        s
    }
}

/// `YYYY-MM-DD`, a real calendar day.
fn parse_date(s: &str) -> Option<civil::Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i16> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    civil::Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// `H:MM`, `HH:MM` or `HH:MM:SS`.
fn parse_time(s: &str) -> Option<civil::Time> {
    let mut parts = s.split(':');
    let num = |p: Option<&str>, max_len: usize| -> Option<i8> {
        let p = p?;
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let h = num(parts.next(), 2)?;
    let m = parts.next().filter(|p| p.len() == 2);
    let m = num(m, 2)?;
    let sec = match parts.next() {
        None => 0,
        Some(p) if p.len() == 2 => num(Some(p), 2)?,
        Some(_) => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    civil::Time::new(h, m, sec, 0).ok()
}

/// The time precision of a period `span` seconds long.
fn precision_of(span: i64) -> &'static str {
    match span {
        s if s <= 3600 => "hour",
        s if s <= 86_400 => "day",
        s if s <= 7 * 86_400 => "week",
        _ => "month",
    }
}

/// A count: `12`, `12.0` (written by spreadsheet tools), empty for none.
fn parse_count(s: &str) -> Result<Option<u64>, &'static str> {
    if s.is_empty() {
        return Ok(None);
    }
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|c| c.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) {
        return Err("reason-tally-not-count");
    }
    if frac.bytes().any(|c| c != b'0') {
        return Err("reason-tally-fraction");
    }
    match int.parse::<u64>() {
        Ok(n) if n <= MAX_COUNT => Ok(Some(n)),
        _ => Err("reason-tally-too-many"),
    }
}

/// Trimmed, with every run of spaces made one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What to give the canonical validator as `means`: the model as written,
/// when the validator reads it as `class` (so the report's means text keeps
/// it), else the class itself.
fn means_value(model: &str, class: Means) -> String {
    match Means::class_or_model(model) {
        Some(m) if m == class && !model.is_empty() => model.to_string(),
        _ => class.as_str().to_string(),
    }
}

/// "launched 3, destroyed 2", the row's counts as read.
fn counts_text(counts: &Counts) -> String {
    COUNT_COLUMNS
        .iter()
        .zip(counts)
        .filter_map(|(name, n)| n.map(|n| format!("{name} {n}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The report's text: the period, the weapons, the counts.
fn text(period: &str, weapons: &str, counts: &Counts, of_row: Option<&str>) -> String {
    let weapons = if weapons.is_empty() {
        "weapons of unknown model"
    } else {
        weapons
    };
    let mut s = format!("Air Force tally {period}: {weapons}");
    if let Some(row) = of_row {
        let _ = write!(s, " (of {row})");
    }
    let counts = counts_text(counts);
    if !counts.is_empty() {
        let _ = write!(s, "; {}", counts.replace('_', " "));
    }
    s
}

/// A model text read as weapon names grouped by class.
#[derive(Debug, Clone, PartialEq)]
struct Classified {
    /// Each class named, in order of first appearance, with its names.
    groups: Vec<(Means, Vec<String>)>,
    /// The names no rule knew (their class is `unknown`).
    unknown: Vec<String>,
    /// The `means` value of a report for the whole row ([`means_value`]).
    whole: String,
    /// The `means` value of each group's report, when the row is split.
    means: Vec<String>,
}

impl Classified {
    fn names(&self) -> usize {
        self.groups.iter().map(|(_, n)| n.len()).sum()
    }

    /// "missile.ballistic: Iskander-M, KN-23; missile.cruise: Kalibr".
    fn split_text(&self) -> String {
        self.groups
            .iter()
            .map(|(class, names)| format!("{}: {}", class.as_str(), names.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn classify_model(model: &str) -> Classified {
    let mut groups: Vec<(Means, Vec<String>)> = Vec::new();
    let mut unknown = Vec::new();
    for name in split_names(model) {
        let class = classify_name(&name).unwrap_or_else(|| {
            unknown.push(name.clone());
            Means::Unknown
        });
        match groups.iter_mut().find(|(c, _)| *c == class) {
            Some((_, names)) => names.push(name),
            None => groups.push((class, vec![name])),
        }
    }
    // Worked out once per model text: a name the validator cannot read
    // costs a search for the closest term.
    let whole = match groups.as_slice() {
        [] => Means::Unknown.as_str().to_string(),
        [(class, _)] => means_value(model, *class),
        _ => Means::Mixed.as_str().to_string(),
    };
    let means = groups
        .iter()
        .map(|(class, names)| means_value(&names.join(", "), *class))
        .collect();
    Classified {
        groups,
        unknown,
        whole,
        means,
    }
}

/// Splits a model text into weapon names: at the words "and", "та", "і",
/// "и", and at `,` `+` `&` `/`. A name that is only a number after a slash
/// takes the stem of the name before it ("Shahed-136/131" names Shahed-136
/// and Shahed-131).
fn split_names(model: &str) -> Vec<String> {
    let mut chunks: Vec<String> = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for w in model.split_whitespace() {
        if ["and", "та", "і", "и"]
            .iter()
            .any(|c| w.to_lowercase() == *c)
        {
            chunks.push(words.join(" "));
            words.clear();
        } else {
            words.push(w);
        }
    }
    chunks.push(words.join(" "));
    let mut names: Vec<String> = Vec::new();
    for chunk in &chunks {
        for part in chunk.split([',', '+', '&', '/']) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let inherited = if part.starts_with(|c: char| c.is_ascii_digit()) {
                names.last().and_then(|prev| {
                    let stem = prev.split(|c: char| c.is_ascii_digit()).next()?;
                    (!stem.is_empty() && stem.len() < prev.len()).then(|| format!("{stem}{part}"))
                })
            } else {
                None
            };
            names.push(inherited.unwrap_or_else(|| part.to_string()));
        }
    }
    names
}

/// The class of one weapon name, by the shared vocabulary: as written; else
/// with a leading Latin `X` or `C` read as the Cyrillic letter the data sets
/// mean (`X-59` is Х-59, Kh-59; `C-300` is С-300, S-300); else, for a name
/// of several words ("P-800 Oniks"), by the words that name a model.
fn classify_name(name: &str) -> Option<Means> {
    if let Some(m) = known(name) {
        return Some(m);
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let mut found = None;
    for w in words {
        // Generic words ("Unknown", "UAV") do not name a model.
        if Means::lookup(w).is_some() {
            continue;
        }
        match (found, known(w)) {
            (_, None) => {}
            (None, Some(m)) => found = Some(m),
            (Some(f), Some(m)) if f == m => {}
            (Some(_), Some(_)) => return None,
        }
    }
    found
}

/// A name the vocabulary knows, as written or with its look-alike letter.
fn known(name: &str) -> Option<Means> {
    let informative = |m: Means| (m != Means::Unknown).then_some(m);
    if let Some(m) = Means::class_or_model(name) {
        return informative(m);
    }
    let mut chars = name.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    if !rest.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return None;
    }
    let read = match first {
        'X' | 'x' => "Kh",
        'C' | 'c' => "S",
        _ => return None,
    };
    Means::parse_or_model(&format!("{read}{rest}"))
        .ok()
        .and_then(informative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_split_and_stems_carried() {
        assert_eq!(split_names("Shahed-136/131"), ["Shahed-136", "Shahed-131"]);
        assert_eq!(
            split_names("Iskander-M/KN-23 and Iskander-K and Kalibr"),
            ["Iskander-M", "KN-23", "Iskander-K", "Kalibr"]
        );
        assert_eq!(
            split_names(" X-101/X-555  та Калібр, KAB+FAB & Orlan-10 і Merlin-VR и ZALA "),
            [
                "X-101",
                "X-555",
                "Калібр",
                "KAB",
                "FAB",
                "Orlan-10",
                "Merlin-VR",
                "ZALA"
            ]
        );
        assert_eq!(split_names("131"), ["131"]);
        assert!(split_names("  ").is_empty());
    }

    #[test]
    fn names_are_classed_by_the_vocabulary() {
        assert_eq!(classify_name("X-555"), Some(Means::MissileCruise));
        assert_eq!(classify_name("X-22"), Some(Means::MissileAntiShip));
        assert_eq!(classify_name("C-300"), Some(Means::MissileOther));
        assert_eq!(classify_name("X-47 Kinzhal"), Some(Means::MissileBallistic));
        assert_eq!(classify_name("P-800 Oniks"), Some(Means::MissileAntiShip));
        assert_eq!(classify_name("Молнія"), Some(Means::DroneTactical));
        assert_eq!(classify_name("Orlan-10"), Some(Means::DroneReconnaissance));
        assert_eq!(classify_name("Фенікс"), None);
        assert_eq!(classify_name("Unknown UAV"), None);
        assert_eq!(classify_name("unknown"), None);
    }

    #[test]
    fn times_and_counts() {
        assert_eq!(
            When::parse("2025-03-20 8:05").map(|w| w.canonical()),
            Some("2025-03-20T08:05".to_string())
        );
        assert_eq!(
            When::parse("2025-03-20").map(|w| w.canonical()),
            Some("2025-03-20".to_string())
        );
        for bad in [
            "2025-02-30",
            "20/03/2025",
            "2025-03-20 25:00",
            "2025-03-20 8:5",
            "",
        ] {
            assert!(When::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(parse_count("12.0"), Ok(Some(12)));
        assert_eq!(parse_count(""), Ok(None));
        assert!(parse_count("12.5").is_err());
        assert!(parse_count("-1").is_err());
        assert!(parse_count("1e3").is_err());
        assert_eq!(precision_of(3600), "hour");
        assert_eq!(precision_of(14 * 3600), "day");
        assert_eq!(precision_of(2 * 86_400), "week");
        assert_eq!(precision_of(8 * 86_400), "month");
    }
}
