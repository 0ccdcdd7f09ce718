//! Statements from files: JSON Lines (one statement a line) or plain text
//! (one statement a paragraph, with the source and publication time given
//! once for all). A line that cannot be read becomes a [`Rejection`] naming
//! its file, line and field, and the rest goes on.

use super::{Lang, Statement};
use jiff::tz::TimeZone;
use std::io::{BufRead, Read};
use truce_model::fields::{MAX_FIELD_LEN, MAX_ID_LEN, MAX_TEXT_LEN};
use truce_model::time::parse_instant;
use truce_model::{Rejection, reason};

/// Longest line read: a statement of [`MAX_TEXT_LEN`] bytes written with
/// `\u` escapes, and its other fields.
pub const MAX_LINE_BYTES: usize = 8 * MAX_TEXT_LEN;
/// How much of a bad line is kept with its rejection.
const MAX_RAW_BYTES: usize = 1000;

/// One statement of the input, or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Its place among the input's statements, from 0 (rejected ones
    /// count too, so that the index names the same statement whatever was
    /// rejected).
    pub index: usize,
    /// The line it starts on, from 1.
    pub line: u64,
    pub statement: Result<Statement, Rejection>,
}

fn raw(s: &str) -> String {
    if s.len() <= MAX_RAW_BYTES {
        return s.to_string();
    }
    let mut end = MAX_RAW_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Reads one line of at most [`MAX_LINE_BYTES`] into `buf`; a longer line
/// is skipped to its end. Returns the bytes read (0 at the end) and
/// whether the line was too long.
fn bounded_line<R: BufRead>(r: &mut R, buf: &mut Vec<u8>) -> std::io::Result<(usize, bool)> {
    buf.clear();
    let n = r.take(MAX_LINE_BYTES as u64 + 1).read_until(b'\n', buf)?;
    if buf.len() <= MAX_LINE_BYTES || buf.last() == Some(&b'\n') {
        return Ok((n, false));
    }
    let mut total = n;
    let mut rest = Vec::new();
    loop {
        rest.clear();
        let m = r.take(1 << 16).read_until(b'\n', &mut rest)?;
        total += m;
        if m == 0 || rest.last() == Some(&b'\n') {
            break;
        }
    }
    buf.truncate(MAX_RAW_BYTES);
    Ok((total, true))
}

/// Checks the fields every statement needs, whatever it was read from.
fn check(st: &Statement, tz: &TimeZone) -> Result<(), (&'static str, String, String)> {
    let source = st.source.trim();
    if source.is_empty() {
        return Err((
            "source",
            String::new(),
            reason::english("reason-stmt-no-source", &[]),
        ));
    }
    if source.len() > MAX_ID_LEN {
        return Err((
            "source",
            raw(source),
            reason::english(
                "reason-stmt-source-too-long",
                &[("limit", &MAX_ID_LEN.to_string())],
            ),
        ));
    }
    if let Err(e) = parse_instant(&st.published_at, tz) {
        return Err(("published_at", raw(&st.published_at), e));
    }
    if st.text.len() > MAX_TEXT_LEN {
        return Err((
            "text",
            String::new(),
            reason::english(
                "reason-stmt-too-long",
                &[
                    ("len", &st.text.len().to_string()),
                    ("limit", &MAX_TEXT_LEN.to_string()),
                ],
            ),
        ));
    }
    if let Some(u) = &st.url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        return Err(("url", raw(u), reason::english("reason-stmt-bad-link", &[])));
    }
    Ok(())
}

/// Reads JSON Lines: one object a line with `source`, `published_at` and
/// `text` (strings), and optionally `lang` (`en`, `uk`, `ru`) and `url`.
/// Blank lines are skipped; other keys are ignored.
pub fn read_jsonl<R: Read>(
    input: R,
    file: &str,
    tz: &TimeZone,
    mut on: impl FnMut(Item),
) -> std::io::Result<()> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, input);
    let mut buf = Vec::new();
    let mut line = 0u64;
    let mut index = 0usize;
    loop {
        let (n, over) = bounded_line(&mut reader, &mut buf)?;
        if n == 0 {
            break;
        }
        line += 1;
        let mut bytes = &buf[..];
        if line == 1 {
            bytes = bytes
                .strip_prefix(b"\xef\xbb\xbf".as_slice())
                .unwrap_or(bytes);
        }
        let body = bytes.trim_ascii();
        if body.is_empty() && !over {
            continue;
        }
        let shown = String::from_utf8_lossy(body);
        let reject = |field: Option<&str>, value: Option<String>, reason: String| Rejection {
            file: file.to_string(),
            line,
            field: field.map(str::to_string),
            value,
            reason,
            raw: raw(&shown),
        };
        let statement = if over {
            Err(reject(
                None,
                None,
                reason::english(
                    "reason-stmt-line-too-long",
                    &[("limit", &MAX_LINE_BYTES.to_string())],
                ),
            ))
        } else {
            parse_line(body, tz).map_err(|(f, v, r)| reject(f, v, r))
        };
        on(Item {
            index,
            line,
            statement,
        });
        index += 1;
    }
    Ok(())
}

type Problem = (Option<&'static str>, Option<String>, String);

fn parse_line(body: &[u8], tz: &TimeZone) -> Result<Statement, Problem> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err((None, None, reason::english("reason-line-not-utf8", &[])));
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        (
            None,
            None,
            reason::english("reason-line-not-json", &[("detail", &e.to_string())]),
        )
    })?;
    let serde_json::Value::Object(obj) = value else {
        return Err((None, None, reason::english("reason-stmt-not-object", &[])));
    };
    let string = |key: &'static str, required: bool| -> Result<Option<String>, Problem> {
        match obj.get(key) {
            None | Some(serde_json::Value::Null) if required => Err((
                Some(key),
                None,
                reason::english("reason-stmt-missing", &[("key", key)]),
            )),
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err((
                Some(key),
                Some(raw(&other.to_string())),
                reason::english("reason-stmt-not-string", &[("key", key)]),
            )),
        }
    };
    let source = string("source", true)?.unwrap_or_default();
    let published_at = string("published_at", true)?.unwrap_or_default();
    let text = string("text", true)?.unwrap_or_default();
    let lang = match string("lang", false)? {
        None => None,
        Some(l) if l.trim().is_empty() => None,
        Some(l) => Some(Lang::parse(&l).ok_or_else(|| {
            (
                Some("lang"),
                Some(raw(&l)),
                reason::english("reason-stmt-bad-lang", &[("value", &raw(&l))]),
            )
        })?),
    };
    let url = string("url", false)?.filter(|u| !u.trim().is_empty());
    if url.as_ref().is_some_and(|u| u.len() > MAX_FIELD_LEN) {
        return Err((
            Some("url"),
            None,
            reason::english(
                "reason-stmt-url-too-long",
                &[("limit", &MAX_FIELD_LEN.to_string())],
            ),
        ));
    }
    let st = Statement {
        source,
        published_at,
        text,
        lang,
        url,
    };
    check(&st, tz).map_err(|(f, v, r)| (Some(f), (!v.is_empty()).then_some(v), r))?;
    Ok(st)
}

/// Reads plain text: one statement a paragraph (paragraphs are separated by
/// blank lines), all from `source`, published at `published_at`.
pub fn read_paragraphs<R: Read>(
    input: R,
    file: &str,
    source: &str,
    published_at: &str,
    lang: Option<Lang>,
    tz: &TimeZone,
    mut on: impl FnMut(Item),
) -> std::io::Result<()> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, input);
    let mut buf = Vec::new();
    let mut line = 0u64;
    let mut index = 0usize;
    // The paragraph being read: its first line, its text, whether it grew
    // past the limit (then only its length is counted), whether a line of
    // it was bad.
    let mut start = 0u64;
    let mut text = String::new();
    let mut len = 0usize;
    let mut bad: Option<String> = None;
    let mut flush = |start: u64, text: &mut String, len: &mut usize, bad: &mut Option<String>| {
        if *len == 0 && bad.is_none() {
            return;
        }
        let reject = |field: Option<&str>, reason: String, shown: &str| Rejection {
            file: file.to_string(),
            line: start,
            field: field.map(str::to_string),
            value: None,
            reason,
            raw: raw(shown),
        };
        let statement = if let Some(reason) = bad.take() {
            Err(reject(None, reason, text))
        } else if *len > MAX_TEXT_LEN {
            Err(reject(
                Some("text"),
                reason::english(
                    "reason-stmt-paragraph-too-long",
                    &[
                        ("len", &len.to_string()),
                        ("limit", &MAX_TEXT_LEN.to_string()),
                    ],
                ),
                text,
            ))
        } else {
            let st = Statement {
                source: source.to_string(),
                published_at: published_at.to_string(),
                text: std::mem::take(text),
                lang,
                url: None,
            };
            match check(&st, tz) {
                Ok(()) => Ok(st),
                Err((f, _, r)) => Err(reject(Some(f), r, &st.text)),
            }
        };
        on(Item {
            index,
            line: start,
            statement,
        });
        index += 1;
        text.clear();
        *len = 0;
    };
    loop {
        let (n, over) = bounded_line(&mut reader, &mut buf)?;
        if n == 0 {
            break;
        }
        line += 1;
        let mut bytes = &buf[..];
        if line == 1 {
            bytes = bytes
                .strip_prefix(b"\xef\xbb\xbf".as_slice())
                .unwrap_or(bytes);
        }
        let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        if body.trim_ascii().is_empty() && !over {
            flush(start, &mut text, &mut len, &mut bad);
            continue;
        }
        if len == 0 && bad.is_none() {
            start = line;
        }
        if over {
            bad.get_or_insert_with(|| {
                reason::english(
                    "reason-stmt-text-line-too-long",
                    &[
                        ("line", &line.to_string()),
                        ("limit", &MAX_LINE_BYTES.to_string()),
                    ],
                )
            });
            continue;
        }
        let Ok(s) = std::str::from_utf8(body) else {
            bad.get_or_insert_with(|| {
                reason::english(
                    "reason-stmt-text-line-not-utf8",
                    &[("line", &line.to_string())],
                )
            });
            continue;
        };
        let add = s.len() + usize::from(len > 0);
        if len + add <= MAX_TEXT_LEN {
            if len > 0 {
                text.push('\n');
            }
            text.push_str(s);
        }
        len += add;
    }
    flush(start, &mut text, &mut len, &mut bad);
    Ok(())
}
