//! The frame every foreign CSV layout (ACLED, FIRMS, air-attack tallies)
//! shares: the file is split into records exactly as canonical CSV is (same
//! limits, same handling of unclosed quotes, long rows and bad UTF-8), each
//! row is *translated* by its layout into canonical field values (a
//! [`Draft`]), and the draft is validated by the canonical validator. There is
//! one validator, so a report read from ACLED and the same report written as
//! canonical CSV are the same report, with the same fingerprint rules.
//!
//! A layout names the source columns each canonical value came from, so a
//! rejection points at the column the user's file has (`event_date`), not at
//! Truce's name for it (`occurred_at`).

use crate::canonical::csv_records::Shape;
use crate::canonical::{
    Accepted, Context, FIELDS, InputError, MAX_FIELD_LEN, MAX_ROW_BYTES, MAX_TEXT_LEN, Row,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Read;
use truce_model::{Rejection, reason};

/// A foreign header: its column names as written, and a lookup by name that
/// ignores case and surrounding spaces.
#[derive(Debug, Clone)]
pub struct Header {
    pub names: Vec<String>,
    keys: Vec<String>,
}

impl Header {
    pub fn new(names: Vec<String>) -> Header {
        let keys = names.iter().map(|n| key(n)).collect();
        Header { names, keys }
    }

    /// Where the column called `name` is (case and spaces do not matter).
    pub fn find(&self, name: &str) -> Option<usize> {
        let k = key(name);
        self.keys.iter().position(|c| *c == k)
    }

    /// Whether every one of `names` is a column.
    pub fn has_all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.find(n).is_some())
    }

    /// Where the column called `name` is, or an error naming the layout.
    pub fn require(&self, file: &str, layout: &str, name: &str) -> Result<usize, InputError> {
        self.find(name).ok_or_else(|| InputError::Malformed {
            file: file.to_string(),
            line: 1,
            message: format!("the header has no {name} column, which the {layout} layout needs"),
        })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// How header names are compared: lower case, trimmed.
pub(crate) fn key(name: &str) -> String {
    name.trim().trim_start_matches('\u{feff}').to_lowercase()
}

/// One data row of a foreign file, as text by column.
pub struct RowView<'a> {
    pub line: u64,
    values: &'a [&'a str],
}

impl<'a> RowView<'a> {
    /// The trimmed value of column `col` (empty when the column is absent).
    pub fn get(&self, col: Option<usize>) -> &'a str {
        col.and_then(|i| self.values.get(i))
            .map_or("", |v| v.trim())
    }

    /// The value of column `col` exactly as written.
    pub fn raw(&self, col: usize) -> &'a str {
        self.values.get(col).copied().unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// A report translated into canonical field values, with the source column
/// each value came from (to name it in a rejection).
#[derive(Debug, Clone, Default)]
pub struct Draft {
    values: Vec<String>,
    from: Vec<Option<String>>,
    extra: Vec<(String, String)>,
}

impl Draft {
    pub fn new() -> Draft {
        Draft {
            values: vec![String::new(); FIELDS.len()],
            from: vec![None; FIELDS.len()],
            extra: Vec::new(),
        }
    }

    /// Sets canonical field `field` to `value`, read from the source column
    /// `column`. Panics only on a field name Truce does not define (a
    /// programming error, caught by every test of the layout).
    pub fn set(&mut self, field: &str, value: impl Into<String>, column: &str) -> &mut Self {
        let f = FIELDS
            .iter()
            .position(|n| *n == field)
            .unwrap_or_else(|| panic!("no canonical field {field}"));
        self.values[f] = value.into();
        self.from[f] = Some(column.to_string());
        self
    }

    /// The value set for canonical field `field` (empty when unset).
    pub fn value(&self, field: &str) -> &str {
        FIELDS
            .iter()
            .position(|n| *n == field)
            .map_or("", |f| self.values[f].as_str())
    }

    /// Keeps a source column the canonical format has no field for.
    pub fn keep(&mut self, name: &str, value: &str) -> &mut Self {
        let v = value.trim();
        if !v.is_empty() {
            self.extra.push((name.to_string(), v.to_string()));
        }
        self
    }

    /// The source column canonical field `field` came from, if it was set.
    fn column_of(&self, field: &str) -> Option<&str> {
        FIELDS
            .iter()
            .position(|n| *n == field)
            .and_then(|f| self.from[f].as_deref())
    }
}

/// What a layout made of one row.
pub enum Mapped {
    /// One report (most rows).
    One(Draft),
    /// Several reports from one row (a tally naming several weapon classes).
    Many(Vec<Draft>),
    /// Not a report by the rules of the layout (a fire outside the area of
    /// interest): counted in the summary with its reason, not stored.
    Skip(&'static str),
    /// A row that cannot be read: its column (as the file names it), value
    /// and reason.
    Reject {
        column: Option<String>,
        value: Option<String>,
        reason: String,
    },
}

impl Mapped {
    pub fn reject(column: &str, value: &str, reason: impl Into<String>) -> Mapped {
        Mapped::Reject {
            column: Some(column.to_string()),
            value: Some(value.to_string()),
            reason: reason.into(),
        }
    }
}

/// A foreign layout: how one row becomes canonical values.
pub trait Layout {
    /// The layout's name, as the summary and messages say it ("ACLED").
    const NAME: &'static str;
    /// What one row is called in the summary ("events", "detections", "rows").
    const ROWS: &'static str;

    /// Translates one row. `summary` counts what was mapped how.
    fn map(&mut self, row: &RowView<'_>, ctx: &Context<'_>, summary: &mut Summary) -> Mapped;

    /// Whether column `col` may hold long text (up to the text limit).
    fn is_text(&self, _col: usize) -> bool {
        false
    }
}

/// What an import of one foreign file did, for the person who ran it: how
/// many rows, what they became, what was skipped and why, and the values no
/// rule knew (kept, and listed so a rule can be added).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub layout: String,
    pub rows: u64,
    /// Reports made, by what they were mapped to ("strike", "missile.cruise").
    pub mapped: BTreeMap<String, u64>,
    /// Rows not stored by the layout's rules, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Values no rule knew, by kind ("sub-event type: Looting") and count.
    pub unknown: BTreeMap<String, u64>,
}

impl Summary {
    pub fn new(layout: &str) -> Summary {
        Summary {
            layout: layout.to_string(),
            ..Summary::default()
        }
    }

    pub fn count(&mut self, mapped_to: &str) {
        *self.mapped.entry(mapped_to.to_string()).or_default() += 1;
    }

    pub fn unknown(&mut self, what: impl Into<String>) {
        *self.unknown.entry(what.into()).or_default() += 1;
    }

    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// One line: "ACLED: 931 events → 612 strike, 280 shelling; 14 unknown
    /// values kept (sub-event type: Looting ×14)".
    pub fn line(&self, rows_word: &str) -> String {
        let mut parts: Vec<(&String, &u64)> = self.mapped.iter().collect();
        parts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mapped = parts
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut s = format!("{}: {} {rows_word}", self.layout, self.rows);
        if !mapped.is_empty() {
            s.push_str(&format!(" → {mapped}"));
        }
        for (why, n) in &self.skipped {
            s.push_str(&format!("; {n} skipped ({why})"));
        }
        if !self.unknown.is_empty() {
            let total: u64 = self.unknown.values().sum();
            let mut listed: Vec<(&String, &u64)> = self.unknown.iter().collect();
            listed.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let names = listed
                .iter()
                .take(8)
                .map(|(k, n)| format!("{k} ×{n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let more = if listed.len() > 8 { ", …" } else { "" };
            s.push_str(&format!(
                "; {total} value(s) no rule knew, kept as given: {names}{more}"
            ));
        }
        s
    }
}

/// Reads a foreign CSV layout: `build` gets the header and returns the
/// layout (or why the header is not one); every data row is translated by it
/// and validated as canonical values, and `on_row` gets the result in order.
pub fn read<L: Layout, R: Read>(
    input: R,
    file: &str,
    ctx: &Context<'_>,
    build: impl FnOnce(&Header) -> Result<L, InputError>,
    summary: &mut Summary,
    mut on_row: impl FnMut(Row),
) -> Result<(), InputError> {
    let io = |source: std::io::Error| InputError::Io {
        file: file.into(),
        source,
    };
    let (mut records, names) = crate::canonical::read_header(input, file)?;
    let header = Header::new(names);
    let mut layout = build(&header)?;
    let width = header.len();
    records.set_limits(
        (0..width)
            .map(|i| {
                if layout.is_text(i) {
                    MAX_TEXT_LEN
                } else {
                    MAX_FIELD_LEN
                }
            })
            .collect(),
    );
    let column = |i: usize| header.names.get(i).cloned();
    while let Some(shape) = records.next(Some(width)).map_err(io)? {
        let line = records.line();
        let reject = |column: Option<String>, value: Option<String>, reason: String| Rejection {
            file: file.into(),
            line,
            field: column,
            value,
            reason,
            raw: records.raw(),
        };
        if records.len() == 1 && records.field(0).is_empty() {
            continue; // a blank line
        }
        summary.rows += 1;
        match shape {
            Shape::UnclosedQuote {
                field,
                line: at,
                read_again,
            } => {
                let key = if read_again {
                    "reason-quote-open-rest"
                } else {
                    "reason-quote-open"
                };
                on_row(Err(reject(
                    field.and_then(column),
                    None,
                    reason::english(key, &[("line", &at.to_string())]),
                )));
                continue;
            }
            _ if records.len() != width => {
                on_row(Err(reject(
                    None,
                    None,
                    reason::english(
                        "reason-field-count",
                        &[
                            ("fields", &records.len().to_string()),
                            ("width", &width.to_string()),
                        ],
                    ),
                )));
                continue;
            }
            Shape::FieldTooLong { field, len, limit } => {
                on_row(Err(reject(
                    column(field),
                    None,
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
            Shape::Ok => {}
        }
        let values = match records.text_fields() {
            Ok(v) => v,
            Err(i) => {
                on_row(Err(reject(
                    column(i),
                    None,
                    reason::english("reason-value-not-utf8", &[]),
                )));
                continue;
            }
        };
        let view = RowView {
            line,
            values: &values,
        };
        let drafts = match layout.map(&view, ctx, summary) {
            Mapped::One(d) => vec![d],
            Mapped::Many(ds) => ds,
            Mapped::Skip(why) => {
                *summary.skipped.entry(why.to_string()).or_default() += 1;
                continue;
            }
            Mapped::Reject {
                column,
                value,
                reason,
            } => {
                on_row(Err(reject(column, value, reason)));
                continue;
            }
        };
        for d in drafts {
            on_row(
                validate(d, line, ctx)
                    .map_err(|(field, value, reason)| reject(field, value, reason)),
            );
        }
    }
    Ok(())
}

/// Validates a draft as the canonical reader validates a row; a problem is
/// named by the source column its value came from.
pub fn validate(
    d: Draft,
    line: u64,
    ctx: &Context<'_>,
) -> Result<Accepted, (Option<String>, Option<String>, String)> {
    let get = |f: usize| d.values[f].as_str();
    match crate::canonical::validate_values(&get, d.extra.clone(), ctx) {
        Ok((report, fingerprint, signed)) => Ok(Accepted {
            line,
            report,
            fingerprint,
            signed,
        }),
        Err((field, value, reason)) => {
            let column = field.map(|f| d.column_of(&f).map_or(f.clone(), str::to_string));
            Err((column, value, reason))
        }
    }
}
