//! The canonical report formats: CSV with a header, and JSON Lines, with the
//! same fields. Every row is validated on its own; a bad row becomes a
//! [`Rejection`] naming the line, the field and the reason, and the good rows go on.

pub(crate) mod csv_records;
mod json_object;

use csv_records::{Records, Shape, bounded_raw};
use jiff::tz::TimeZone;
use json_object::{Json, Parsed};
use sha2::{Digest, Sha256};
use std::io::Read;
use truce_geo::Resolution;
use truce_model::reason;
use truce_model::time::{event_interval, is_bare_date, parse_instant};
use truce_model::{
    Act, Credibility, GeoPrecision, LatLon, Located, Means, Rejection, Reliability, Report, Stance,
    TargetClass, TimePrecision,
};

/// The canonical fields' names, in the order of the canonical CSV header
/// (declared once, in `truce_model::fields`).
pub use truce_model::fields::NAMES as FIELDS;

/// Fields a file must have a column for.
pub const REQUIRED: [&str; 3] = {
    use truce_model::fields::FIELDS as F;
    let mut out = [""; 3];
    let (mut i, mut n) = (0, 0);
    while i < F.len() {
        if F[i].required {
            out[n] = F[i].name;
            n += 1;
        }
        i += 1;
    }
    out
};

use truce_model::fields::index;
const F_SOURCE: usize = index("source");
const F_EXTERNAL_ID: usize = index("external_id");
const F_REPORTED_AT: usize = index("reported_at");
const F_OCCURRED_AT: usize = index("occurred_at");
const F_TIME_PRECISION: usize = index("time_precision");
const F_LATITUDE: usize = index("latitude");
const F_LONGITUDE: usize = index("longitude");
const F_PLACE: usize = index("place");
const F_GEO_PRECISION: usize = index("geo_precision");
const F_ACT: usize = index("act");
const F_MEANS: usize = index("means");
const F_TARGET_CLASS: usize = index("target_class");
const F_TARGET_NAME: usize = index("target_name");
const F_PERPETRATOR: usize = index("perpetrator");
const F_CLAIMANT: usize = index("claimant");
const F_STANCE: usize = index("stance");
const F_RELIABILITY: usize = index("reliability");
const F_CREDIBILITY: usize = index("credibility");
const F_KILLED: usize = index("killed");
const F_INJURED: usize = index("injured");
const F_TEXT: usize = index("text");
const F_URL: usize = index("url");
const F_SIGNATURE: usize = index("signature");

/// Limits that keep one bad row from costing the whole store.
pub use truce_model::fields::{MAX_FIELD_LEN, MAX_ID_LEN, MAX_TEXT_LEN};
pub const MAX_EXTRA_COLUMNS: usize = 64;
/// Longest CSV row (its fields, quotes and delimiters) read; longer rows are
/// rejected without being held in memory.
pub const MAX_ROW_BYTES: usize = 1 << 20;
/// Most columns a CSV header may have.
pub const MAX_COLUMNS: usize = 1024;
/// How much of a rejected row is kept with its rejection.
pub const MAX_RAW_BYTES: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    /// The format a file name implies, if any.
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
        if lower.ends_with(".csv") {
            Some(Format::Csv)
        } else if lower.ends_with(".jsonl")
            || lower.ends_with(".ndjson")
            || lower.ends_with(".json")
        {
            Some(Format::JsonLines)
        } else {
            None
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "json-lines" | "jsonlines" | "ndjson" | "json" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

/// A row that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub line: u64,
    pub report: Report,
    /// SHA-256 over the row's values in canonical order: equal rows have equal
    /// fingerprints, so re-ingesting a file is recognised as duplicates.
    pub fingerprint: [u8; 32],
    /// The submitter's signature, verified, when the row carried one.
    pub signed: Option<Signed>,
}

pub type Row = Result<Accepted, Rejection>;

/// A failure of the whole input (nothing from it can be read).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{file}: line 1: the header has no {missing} column (required: source, external_id, occurred_at)"
    )]
    MissingColumn { file: String, missing: String },
    #[error("{file}: line 1: the column \"{column}\" appears twice in the header")]
    DuplicateColumn { file: String, column: String },
    #[error("{file}: the file is empty; expected a header line")]
    Empty { file: String },
    #[error("{file}: line {line}: {message}")]
    Malformed {
        file: String,
        line: u64,
        message: String,
    },
}

/// What the reader needs to turn raw values into reports.
pub struct Context<'a> {
    /// The zone in which bare dates and local times are read.
    pub tz: TimeZone,
    /// Asked only for rows that name a place without coordinates.
    pub gazetteer: truce_geo::GazetteerRef<'a>,
    /// The keys parties have registered to sign their submissions.
    pub signers: &'a Signers,
}

/// Registered submission keys: key name → (party id, verifier).
#[derive(Default)]
pub struct Signers {
    keys: std::collections::HashMap<String, (String, truce_ledger::Ed25519Verifier)>,
}

impl Signers {
    pub fn add(&mut self, party: &str, key: truce_ledger::Ed25519Verifier) {
        use truce_ledger::NoteVerifier;
        self.keys
            .insert(key.name().to_string(), (party.to_string(), key));
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// The text a party signs for one row: the row's non-empty values (the
/// signature aside) as a JSON object with sorted keys, compact, and a newline.
/// A signing tool needs only the row as written, not Truce's reading of it.
pub fn signing_text(fields: &[(&str, &str)]) -> String {
    let map: std::collections::BTreeMap<&str, &str> = fields
        .iter()
        .filter(|(k, v)| *k != "signature" && !v.is_empty())
        .map(|(k, v)| (*k, *v))
        .collect();
    let mut s = serde_json::to_string(&map).unwrap_or_default();
    s.push('\n');
    s
}

/// A verified submission signature, kept with the report's log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The signed text ([`signing_text`]).
    pub text: String,
    /// The C2SP signature line (`— name base64`).
    pub signature: String,
    /// The party whose registered key made it.
    pub party: String,
}

/// Where a canonical field sits in the input, plus the extra columns.
struct Columns {
    index: [Option<usize>; 23],
    extra: Vec<(usize, String)>,
    width: usize,
}

impl Columns {
    fn from_header(file: &str, header: &[String]) -> Result<Columns, InputError> {
        let mut index = [None; 23];
        let mut extra = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim().trim_start_matches('\u{feff}');
            if !seen.insert(name.to_string()) {
                return Err(InputError::DuplicateColumn {
                    file: file.into(),
                    column: name.into(),
                });
            }
            match FIELDS.iter().position(|f| *f == name) {
                Some(f) => index[f] = Some(i),
                None if !name.is_empty() && extra.len() < MAX_EXTRA_COLUMNS => {
                    extra.push((i, name.to_string()))
                }
                None => {}
            }
        }
        for r in REQUIRED {
            let f = FIELDS.iter().position(|f| *f == r).unwrap_or(0);
            if index[f].is_none() {
                return Err(InputError::MissingColumn {
                    file: file.into(),
                    missing: r.into(),
                });
            }
        }
        Ok(Columns {
            index,
            extra,
            width: header.len(),
        })
    }
}

/// Opens CSV input and reads its header line: the column names as written
/// (trimmed, without a byte order mark), checked for size and control
/// characters. Shared by every CSV layout.
pub(crate) fn read_header<R: Read>(
    input: R,
    file: &str,
) -> Result<(Records<R>, Vec<String>), InputError> {
    let io = |source: std::io::Error| InputError::Io {
        file: file.into(),
        source,
    };
    let malformed = |message: String| InputError::Malformed {
        file: file.into(),
        line: 1,
        message,
    };
    // The header is read with room for one column too many, to tell it.
    let mut records = Records::new(input, vec![MAX_FIELD_LEN; MAX_COLUMNS + 1]).map_err(io)?;
    let Some(shape) = records.next(None).map_err(io)? else {
        return Err(InputError::Empty { file: file.into() });
    };
    match shape {
        Shape::Ok => {}
        Shape::UnclosedQuote { line, .. } => {
            return Err(malformed(format!(
                "a quote in the header, on line {line}, is never closed"
            )));
        }
        Shape::FieldTooLong { field, limit, .. } => {
            return Err(malformed(format!(
                "column {} of the header is longer than {limit} bytes",
                field + 1
            )));
        }
        Shape::RowTooLong { .. } => {
            return Err(malformed(format!(
                "the header is longer than {MAX_ROW_BYTES} bytes"
            )));
        }
    }
    if records.len() > MAX_COLUMNS {
        return Err(malformed(format!(
            "the header has more than {MAX_COLUMNS} columns"
        )));
    }
    let header: Vec<String> = (0..records.len())
        .map(|i| {
            String::from_utf8_lossy(records.field(i))
                .trim()
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    if let Some((name, c)) = header
        .iter()
        .find_map(|h| control_char(h.trim().trim_start_matches('\u{feff}'), false).map(|c| (h, c)))
    {
        return Err(malformed(format!(
            "the column name \"{}\" contains a control character (U+{:04X})",
            name.escape_debug(),
            c as u32
        )));
    }
    Ok((records, header))
}

/// Reads canonical CSV, calling `on_row` for every data row in order.
pub fn read_csv<R: Read>(
    input: R,
    file: &str,
    ctx: &Context<'_>,
    mut on_row: impl FnMut(Row),
) -> Result<(), InputError> {
    let (mut records, header) = read_header(input, file)?;
    let io = |source: std::io::Error| InputError::Io {
        file: file.into(),
        source,
    };
    let cols = Columns::from_header(file, &header)?;
    let limits = (0..cols.width)
        .map(|i| {
            if cols.index[F_TEXT] == Some(i) {
                MAX_TEXT_LEN
            } else {
                MAX_FIELD_LEN
            }
        })
        .collect();
    records.set_limits(limits);
    let column = |i: usize| {
        header
            .get(i)
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
    };
    while let Some(shape) = records.next(Some(cols.width)).map_err(io)? {
        let line = records.line();
        let reject = |field: Option<String>, reason: String| Rejection {
            file: file.into(),
            line,
            field,
            value: None,
            reason,
            raw: records.raw(),
        };
        if let Shape::UnclosedQuote {
            field,
            line: at,
            read_again,
        } = shape
        {
            let key = if read_again {
                "reason-quote-open-rest"
            } else {
                "reason-quote-open"
            };
            on_row(Err(reject(
                field.and_then(column),
                reason::english(key, &[("line", &at.to_string())]),
            )));
            continue;
        }
        if records.len() == 1 && records.field(0).is_empty() {
            continue; // a blank line
        }
        if records.len() != cols.width {
            on_row(Err(reject(
                None,
                reason::english(
                    "reason-field-count",
                    &[
                        ("fields", &records.len().to_string()),
                        ("width", &cols.width.to_string()),
                    ],
                ),
            )));
            continue;
        }
        match shape {
            Shape::FieldTooLong { field, len, limit } => {
                on_row(Err(reject(
                    column(field),
                    reason::english(
                        "reason-value-too-long-by",
                        &[("limit", &limit.to_string()), ("len", &len.to_string())],
                    ),
                )));
                continue;
            }
            Shape::RowTooLong { len } => {
                on_row(Err(reject(
                    None,
                    reason::english(
                        "reason-row-too-long",
                        &[
                            ("limit", &MAX_ROW_BYTES.to_string()),
                            ("len", &len.to_string()),
                        ],
                    ),
                )));
                continue;
            }
            Shape::Ok | Shape::UnclosedQuote { .. } => {}
        }
        let values = match records.text_fields() {
            Ok(v) => v,
            Err(i) => {
                on_row(Err(reject(
                    Some(header[i].clone()),
                    reason::english("reason-value-not-utf8", &[]),
                )));
                continue;
            }
        };
        let canonical: [&str; 23] =
            std::array::from_fn(|f| cols.index[f].map(|i| values[i].trim()).unwrap_or(""));
        let get = |f: usize| canonical[f];
        let extra = cols
            .extra
            .iter()
            .filter(|(i, _)| !values[*i].is_empty())
            .map(|(i, n)| (n.clone(), values[*i].to_string()))
            .collect();
        on_row(
            validate(&get, extra, records.may_hold_controls(), ctx)
                .map(|(report, fingerprint, signed)| Accepted {
                    line,
                    report,
                    fingerprint,
                    signed,
                })
                .map_err(|(field, value, reason)| Rejection {
                    value,
                    ..reject(field, reason)
                }),
        );
    }
    Ok(())
}

/// Longest JSON line accepted; longer lines are rejected without being parsed
/// or held whole.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The fields a JSON number may be given for; the others take text.
const NUMERIC: [usize; 6] = [
    F_EXTERNAL_ID,
    F_LATITUDE,
    F_LONGITUDE,
    F_CREDIBILITY,
    F_KILLED,
    F_INJURED,
];

/// Reads JSON Lines: one object per line with the canonical fields (strings,
/// numbers where a number makes sense, or null).
pub fn read_jsonl<R: Read>(
    input: R,
    file: &str,
    ctx: &Context<'_>,
    mut on_row: impl FnMut(Row),
) -> Result<(), InputError> {
    use std::io::BufRead;
    let io = |source: std::io::Error| InputError::Io {
        file: file.into(),
        source,
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 16, input);
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        // At most one byte past the limit is read; the rest of a longer line
        // is skipped, not kept.
        let n = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(io)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let mut total = n as u64;
        let over = buf.len() > MAX_LINE_BYTES;
        let mut ends_line = buf.last() == Some(&b'\n');
        if over && !ends_line {
            // The rest of the line is read a piece at a time into the same
            // buffer and forgotten; only its head is kept, to show.
            let head = buf[..MAX_RAW_BYTES + 4].to_vec();
            loop {
                buf.clear();
                let n = (&mut reader)
                    .take(MAX_LINE_BYTES as u64)
                    .read_until(b'\n', &mut buf)
                    .map_err(io)?;
                total += n as u64;
                ends_line = buf.last() == Some(&b'\n');
                if n == 0 || ends_line {
                    break;
                }
            }
            buf = head;
        }
        total -= u64::from(ends_line);
        let mut bytes = &buf[..];
        if line_no == 1 {
            bytes = bytes
                .strip_prefix(b"\xef\xbb\xbf".as_slice())
                .unwrap_or(bytes);
        }
        let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let trimmed = body.trim_ascii();
        if trimmed.is_empty() && !over {
            continue;
        }
        let raw_total = if over { total } else { trimmed.len() as u64 };
        let reject = |field: Option<String>, reason: String| Rejection {
            file: file.into(),
            line: line_no,
            field,
            value: None,
            reason,
            raw: bounded_raw(trimmed, raw_total),
        };
        if over {
            on_row(Err(reject(
                None,
                reason::english(
                    "reason-line-too-long",
                    &[
                        ("limit", &MAX_LINE_BYTES.to_string()),
                        ("len", &total.to_string()),
                    ],
                ),
            )));
            continue;
        }
        let Ok(text) = std::str::from_utf8(trimmed) else {
            on_row(Err(reject(
                None,
                reason::english("reason-line-not-utf8", &[]),
            )));
            continue;
        };
        let obj = match json_object::parse(text) {
            Parsed::Object(o) => *o,
            Parsed::NotObject => {
                on_row(Err(reject(
                    None,
                    reason::english("reason-line-not-object", &[]),
                )));
                continue;
            }
            Parsed::DuplicateKey(k) => {
                let k = shown_name(&k);
                let reason = reason::english("reason-key-twice", &[("key", &k)]);
                on_row(Err(reject(Some(k), reason)));
                continue;
            }
            Parsed::Invalid(e) => {
                on_row(Err(reject(
                    None,
                    reason::english("reason-line-not-json", &[("detail", &e.to_string())]),
                )));
                continue;
            }
        };
        let mut values: [String; 23] = Default::default();
        let mut problem = None;
        for (f, v) in obj.canonical.into_iter().enumerate() {
            match v {
                None | Some(Json::Null) => {}
                Some(Json::Text(s)) => values[f] = trim_owned(s),
                Some(Json::Number(n)) if NUMERIC.contains(&f) => values[f] = n,
                Some(other) => {
                    problem = Some((FIELDS[f].to_string(), wrong_type(f, &other)));
                    break;
                }
            }
        }
        let mut extra = Vec::new();
        for (k, v) in obj.extra {
            if problem.is_some() {
                break;
            }
            let s = match v {
                Json::Null => continue,
                Json::Text(s) => trim_owned(s),
                // An extra column is free text: a number or a yes/no reads as written.
                Json::Number(n) => n,
                Json::Bool(b) => b.to_string(),
                Json::Nested => {
                    problem = Some((k, reason::english("reason-not-nested", &[])));
                    break;
                }
            };
            if !s.is_empty() {
                extra.push((k, s));
            }
        }
        if let Some((field, reason)) = problem {
            on_row(Err(reject(Some(field), reason)));
            continue;
        }
        extra.sort();
        extra.truncate(MAX_EXTRA_COLUMNS);
        let get = |f: usize| values[f].as_str();
        on_row(
            validate(&get, extra, true, ctx)
                .map(|(report, fingerprint, signed)| Accepted {
                    line: line_no,
                    report,
                    fingerprint,
                    signed,
                })
                .map_err(|(field, value, reason)| Rejection {
                    value,
                    ..reject(field, reason)
                }),
        );
    }
    Ok(())
}

fn trim_owned(s: String) -> String {
    let t = s.trim();
    if t.len() == s.len() { s } else { t.to_string() }
}

/// Why a JSON value of the wrong type cannot be field `f`'s.
fn wrong_type(f: usize, v: &Json) -> String {
    let field = FIELDS[f];
    let takes = match f {
        F_REPORTED_AT | F_OCCURRED_AT => "a date written as text, such as \"2025-03-18\"",
        _ if NUMERIC.contains(&f) => "a number or text",
        _ => "text",
    };
    match v {
        Json::Bool(b) => reason::english(
            "reason-not-yes-no",
            &[
                ("field", field),
                ("value", &b.to_string()),
                ("takes", takes),
            ],
        ),
        Json::Number(n) if takes == "text" => {
            let n = n.to_string();
            reason::english(
                "reason-number-for-text",
                &[("field", field), ("value", &n), ("value2", &n)],
            )
        }
        Json::Number(n) => reason::english(
            "reason-not-number",
            &[
                ("field", field),
                ("value", &n.to_string()),
                ("takes", takes),
            ],
        ),
        _ => reason::english("reason-not-nested", &[]),
    }
}

/// The first control character in `s`, other than the tab and line breaks
/// when `text` allows them.
fn control_char(s: &str, text: bool) -> Option<char> {
    if !may_hold_controls(s.as_bytes()) {
        return None;
    }
    s.chars()
        .find(|&c| c.is_control() && !(text && matches!(c, '\t' | '\n' | '\r')))
}

/// Whether UTF-8 `b` may hold a control character: a C0 byte, DEL, or C1
/// (0xC2 then 0x80..=0x9F). Most text holds none; this check has no
/// branches, so it is vectorised.
fn may_hold_controls(b: &[u8]) -> bool {
    let c0 = b.iter().fold(0u8, |acc, &x| {
        acc | u8::from(x < 0x20) | u8::from(x == 0x7f)
    });
    let (first, next) = match b.len() {
        0 => (b, b),
        n => (&b[..n - 1], &b[1..]),
    };
    let c1 = first.iter().zip(next).fold(0u8, |acc, (&x, &y)| {
        acc | (u8::from(x == 0xc2) & u8::from(y < 0xa0))
    });
    c0 | c1 != 0
}

/// A column name fit to show: not too long, control characters replaced.
fn shown_name(k: &str) -> String {
    k.chars()
        .take(MAX_ID_LEN)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

fn control_reason(c: char, text: bool) -> String {
    let name = match c {
        '\0' => ", NUL",
        '\t' => ", a tab",
        '\n' => ", a line break",
        '\r' => ", a carriage return",
        '\u{7f}' => ", DEL",
        _ => "",
    };
    let key = if text {
        "reason-control-in-text"
    } else {
        "reason-control-in-field"
    };
    // The code point and, for the usual ones, its name: "0009, a tab".
    reason::english(key, &[("code", &format!("{:04X}{name}", c as u32))])
}

type FieldError = (Option<String>, Option<String>, String);

fn bad(field: usize, value: &str, reason: impl Into<String>) -> FieldError {
    (
        Some(FIELDS[field].to_string()),
        Some(value.to_string()),
        reason.into(),
    )
}

fn opt(s: &str) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s.to_string())
    }
}

/// Validates canonical values produced by a foreign layout ([`crate::table`]).
pub(crate) fn validate_values<'v>(
    get: &dyn Fn(usize) -> &'v str,
    extra: Vec<(String, String)>,
    ctx: &Context<'_>,
) -> Result<(Report, [u8; 32], Option<Signed>), FieldError> {
    validate(get, extra, true, ctx)
}

/// Validates one row given a getter for each canonical field (trimmed text,
/// empty when absent). Returns the report and its fingerprint, or the first
/// problem found. `controls` is false when the caller knows that no
/// canonical value holds a control character.
fn validate<'v>(
    get: &dyn Fn(usize) -> &'v str,
    extra: Vec<(String, String)>,
    controls: bool,
    ctx: &Context<'_>,
) -> Result<(Report, [u8; 32], Option<Signed>), FieldError> {
    // Fingerprint first: it covers the row exactly as given.
    let mut h = Sha256::new();
    for f in 0..FIELDS.len() {
        h.update(get(f).as_bytes());
        h.update([0x1f]);
    }
    for (k, v) in &extra {
        h.update(k.as_bytes());
        h.update([0x1e]);
        h.update(v.as_bytes());
        h.update([0x1f]);
    }
    let fingerprint: [u8; 32] = h.finalize().into();

    for (f, name) in FIELDS.iter().enumerate() {
        let limit = if f == F_TEXT {
            MAX_TEXT_LEN
        } else {
            MAX_FIELD_LEN
        };
        if get(f).len() > limit {
            return Err(bad(
                f,
                "",
                reason::english("reason-value-too-long", &[("limit", &limit.to_string())]),
            ));
        }
        if controls && let Some(c) = control_char(get(f), f == F_TEXT) {
            return Err((Some(name.to_string()), None, control_reason(c, f == F_TEXT)));
        }
    }
    for (k, v) in &extra {
        let name = || Some(shown_name(k));
        if k.len() > MAX_FIELD_LEN {
            return Err((
                name(),
                None,
                reason::english(
                    "reason-column-name-too-long",
                    &[("limit", &MAX_FIELD_LEN.to_string())],
                ),
            ));
        }
        if let Some(c) = control_char(k, false) {
            return Err((
                name(),
                None,
                format!(
                    "the column name contains a control character (U+{:04X})",
                    c as u32
                ),
            ));
        }
        if v.len() > MAX_FIELD_LEN {
            return Err((
                name(),
                None,
                reason::english(
                    "reason-value-too-long",
                    &[("limit", &MAX_FIELD_LEN.to_string())],
                ),
            ));
        }
        if let Some(c) = control_char(v, false) {
            return Err((name(), None, control_reason(c, false)));
        }
    }

    let source = get(F_SOURCE);
    if source.is_empty() {
        return Err(bad(
            F_SOURCE,
            source,
            reason::english("reason-no-source", &[]),
        ));
    }
    if source.len() > MAX_ID_LEN {
        return Err(bad(
            F_SOURCE,
            "",
            reason::english(
                "reason-source-too-long",
                &[("limit", &MAX_ID_LEN.to_string())],
            ),
        ));
    }
    let external_id = get(F_EXTERNAL_ID);
    if external_id.is_empty() {
        return Err(bad(
            F_EXTERNAL_ID,
            external_id,
            reason::english("reason-no-external-id", &[]),
        ));
    }
    if external_id.len() > MAX_ID_LEN {
        return Err(bad(
            F_EXTERNAL_ID,
            "",
            reason::english(
                "reason-external-id-too-long",
                &[("limit", &MAX_ID_LEN.to_string())],
            ),
        ));
    }

    let occurred_raw = get(F_OCCURRED_AT);
    if occurred_raw.is_empty() {
        return Err(bad(
            F_OCCURRED_AT,
            occurred_raw,
            reason::english("reason-no-occurred-at", &[]),
        ));
    }
    let occurred_at =
        parse_instant(occurred_raw, &ctx.tz).map_err(|e| bad(F_OCCURRED_AT, occurred_raw, e))?;
    let bare = is_bare_date(occurred_raw);
    let tp_raw = get(F_TIME_PRECISION);
    let mut time_precision = if tp_raw.is_empty() {
        if bare {
            TimePrecision::Day
        } else {
            TimePrecision::Hour
        }
    } else {
        TimePrecision::parse(tp_raw).map_err(|e| bad(F_TIME_PRECISION, tp_raw, e.to_string()))?
    };
    if bare && time_precision < TimePrecision::Day {
        // A bare date cannot be more precise than its day.
        time_precision = TimePrecision::Day;
    }
    let reported_raw = get(F_REPORTED_AT);
    let reported_at = if reported_raw.is_empty() {
        None
    } else {
        Some(
            parse_instant(reported_raw, &ctx.tz)
                .map_err(|e| bad(F_REPORTED_AT, reported_raw, e))?,
        )
    };

    let lat_raw = get(F_LATITUDE);
    let lon_raw = get(F_LONGITUDE);
    let coords = match (lat_raw.is_empty(), lon_raw.is_empty()) {
        (true, true) => None,
        (false, true) => {
            return Err(bad(
                F_LONGITUDE,
                lon_raw,
                reason::english("reason-lat-without-lon", &[]),
            ));
        }
        (true, false) => {
            return Err(bad(
                F_LATITUDE,
                lat_raw,
                reason::english("reason-lon-without-lat", &[]),
            ));
        }
        (false, false) => {
            let lat: f64 = lat_raw.parse().map_err(|_| {
                bad(
                    F_LATITUDE,
                    lat_raw,
                    reason::english("reason-lat-not-number", &[("value", lat_raw)]),
                )
            })?;
            let lon: f64 = lon_raw.parse().map_err(|_| {
                bad(
                    F_LONGITUDE,
                    lon_raw,
                    reason::english("reason-lon-not-number", &[("value", lon_raw)]),
                )
            })?;
            if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
                return Err(bad(
                    F_LATITUDE,
                    lat_raw,
                    reason::english("reason-lat-outside", &[("value", lat_raw)]),
                ));
            }
            if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
                return Err(bad(
                    F_LONGITUDE,
                    lon_raw,
                    reason::english("reason-lon-outside", &[("value", lon_raw)]),
                ));
            }
            Some(LatLon::new(lat, lon))
        }
    };
    let gp_raw = get(F_GEO_PRECISION);
    let given_precision = if gp_raw.is_empty() {
        None
    } else {
        Some(GeoPrecision::parse(gp_raw).map_err(|e| bad(F_GEO_PRECISION, gp_raw, e.to_string()))?)
    };
    let place = get(F_PLACE);
    let (location, geo_precision, located) = match coords {
        Some(p) => (
            Some(p),
            given_precision.unwrap_or(GeoPrecision::Exact),
            Located::Given,
        ),
        None if !place.is_empty() => match ctx.gazetteer.get().resolve(place, None) {
            Resolution::Found(found) => {
                let kind = found.kind.precision();
                // The source may know less than the gazetteer point suggests.
                let p = given_precision.map_or(kind, |g| g.max(kind));
                (Some(found.point), p, Located::Gazetteer)
            }
            _ => (None, GeoPrecision::Country, Located::Unlocated),
        },
        None => (None, GeoPrecision::Country, Located::Unlocated),
    };

    let act_raw = get(F_ACT);
    let act = if act_raw.is_empty() {
        Act::Other
    } else {
        Act::parse(act_raw).map_err(|e| bad(F_ACT, act_raw, e.to_string()))?
    };
    let means_raw = get(F_MEANS);
    let means =
        Means::parse_or_model(means_raw).map_err(|e| bad(F_MEANS, means_raw, e.to_string()))?;
    let means_text = if !means_raw.is_empty() && means_raw != means.as_str() {
        Some(means_raw.to_string())
    } else {
        None
    };
    let tc_raw = get(F_TARGET_CLASS);
    let target_class =
        TargetClass::parse(tc_raw).map_err(|e| bad(F_TARGET_CLASS, tc_raw, e.to_string()))?;
    let perpetrator = opt(get(F_PERPETRATOR));
    let stance_raw = get(F_STANCE);
    let stance = if stance_raw.is_empty() {
        if perpetrator.is_some() {
            Stance::Alleges
        } else {
            Stance::Observes
        }
    } else {
        Stance::parse(stance_raw).map_err(|e| bad(F_STANCE, stance_raw, e.to_string()))?
    };
    let rel_raw = get(F_RELIABILITY);
    let reliability = if rel_raw.is_empty() {
        None
    } else {
        Some(Reliability::parse(rel_raw).map_err(|_| {
            bad(
                F_RELIABILITY,
                rel_raw,
                reason::english("reason-bad-reliability", &[("value", rel_raw)]),
            )
        })?)
    };
    let cred_raw = get(F_CREDIBILITY);
    let credibility = if cred_raw.is_empty() {
        None
    } else {
        Some(Credibility::parse(cred_raw).map_err(|_| {
            bad(
                F_CREDIBILITY,
                cred_raw,
                reason::english("reason-bad-credibility", &[("value", cred_raw)]),
            )
        })?)
    };
    let count = |f: usize| -> Result<Option<u32>, FieldError> {
        let s = get(f);
        if s.is_empty() {
            return Ok(None);
        }
        match s.parse::<i64>() {
            Ok(n) if (0..=1_000_000).contains(&n) => Ok(Some(n as u32)),
            Ok(_) => Err(bad(
                f,
                s,
                reason::english("reason-count-range", &[("field", FIELDS[f]), ("value", s)]),
            )),
            Err(_) => Err(bad(
                f,
                s,
                reason::english("reason-not-whole-number", &[("value", s)]),
            )),
        }
    };
    let killed = count(F_KILLED)?;
    let injured = count(F_INJURED)?;
    let url_raw = get(F_URL);
    if !(url_raw.is_empty() || url_raw.starts_with("https://") || url_raw.starts_with("http://")) {
        return Err(bad(F_URL, url_raw, reason::english("reason-bad-link", &[])));
    }

    let occurred = event_interval(occurred_at, time_precision, &ctx.tz);
    let report = Report {
        source: source.to_string(),
        external_id: external_id.to_string(),
        reported_at,
        occurred_at,
        time_precision,
        occurred,
        location,
        place: opt(place),
        geo_precision,
        located,
        act,
        means,
        means_text,
        target_class,
        target_name: opt(get(F_TARGET_NAME)),
        perpetrator,
        claimant: opt(get(F_CLAIMANT)),
        stance,
        reliability,
        credibility,
        killed,
        injured,
        text: opt(get(F_TEXT)),
        url: opt(url_raw),
        extra,
    };
    let sig = get(F_SIGNATURE);
    let signed = if sig.is_empty() {
        None
    } else {
        let mut fields: Vec<(&str, &str)> =
            (0..FIELDS.len()).map(|f| (FIELDS[f], get(f))).collect();
        fields.extend(report.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let text = signing_text(&fields);
        Some(
            verify_signature(text, sig, ctx.signers, report.claimant.as_deref())
                .map_err(|reason| bad(F_SIGNATURE, sig, reason))?,
        )
    };
    Ok((report, fingerprint, signed))
}

/// Checks a row's signature line against the registered keys.
fn verify_signature(
    text: String,
    sig: &str,
    signers: &Signers,
    claimant: Option<&str>,
) -> Result<Signed, String> {
    use truce_ledger::NoteVerifier;
    let line = if sig.starts_with('—') {
        sig.to_string()
    } else {
        format!("— {sig}")
    };
    let name = line
        .trim_start_matches('—')
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let Some((party, key)) = signers.keys.get(&name) else {
        return Err(format!(
            "signed by \"{name}\", a key not registered in this workspace (register it with `truce keys register --party P KEY.vkey`)"
        ));
    };
    let note = format!("{text}\n{line}\n");
    let trusted: [&dyn NoteVerifier; 1] = [key];
    match truce_ledger::Note::parse(note.as_bytes()).and_then(|n| n.verify(&trusted)) {
        Ok(_) => {}
        Err(_) => {
            return Err(format!(
                "the signature by {name} does not match this row: the row was changed after it was signed, or it was signed with another key"
            ));
        }
    }
    if let Some(c) = claimant
        && !c.eq_ignore_ascii_case(party)
    {
        return Err(format!(
            "signed with a key of party {party}, but the row's claimant is \"{c}\""
        ));
    }
    Ok(Signed {
        text,
        signature: line,
        party: party.clone(),
    })
}
