//! A report's words (its text and link) are kept once, in its log entry;
//! so are where it was read from (file and line) and its fingerprint.
//!
//! The log must hold them: it is what a party verifies and replays. A copy in
//! the `reports` row would double the largest part of a report on disk, so a
//! row written with a log entry keeps NULL in `text` and `url`, and reads
//! take them from the entry through the SQL function `report_word`. A value
//! found in the row wins: rows written before the log held reports, and a
//! row changed behind Truce's back, which verification must see as changed.
//!
//! The fingerprint, file and line columns are NOT NULL: a row that leaves
//! them to its entry holds an empty fingerprint (no real one is empty), an
//! empty file and line 0, and reads take all three from the entry.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use std::cell::RefCell;
use truce_store::log::{KIND_REPORT, decode_entry, unpack_entry};

/// The report columns as read, `alias` naming the `reports` table (with its
/// dot, or empty): the written list, with text and link taken from the log
/// entry where the row holds none.
pub(crate) fn report_select(alias: &str) -> String {
    crate::REPORT_COLUMNS
        .split(", ")
        .map(|c| word(alias, c).unwrap_or_else(|| format!("{alias}{c}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The expression reading a report's `text` or `url` (none for any other
/// column): the row's value if it holds one, else its log entry's.
fn word(alias: &str, column: &str) -> Option<String> {
    let which = match column {
        "text" => 0,
        "url" => 1,
        "file" => 2,
        "line" => 3,
        "fingerprint" => 4,
        _ => return None,
    };
    let entry = format!(
        "report_word((SELECT data FROM log_entries WHERE idx = {alias}log_index), {which})"
    );
    Some(if which < 2 {
        format!("COALESCE({alias}{column}, {entry})")
    } else {
        format!("(CASE WHEN length({alias}fingerprint) = 0 THEN {entry} ELSE {alias}{column} END)")
    })
}

/// An expression reading `column` of the `reports` row `alias` (with its
/// dot, or empty) as every read sees it.
pub(crate) fn report_column(alias: &str, column: &str) -> String {
    word(alias, column).unwrap_or_else(|| format!("{alias}{column}"))
}

/// The expression reading `column` of a `reports` row as every read sees
/// it, where that differs from the column as stored (see `column_as_read`).
pub(crate) fn report_column_as_read(column: &str) -> Option<String> {
    word("reports.", column)
}

#[derive(serde::Deserialize)]
struct Entry {
    report: Text,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<u64>,
    #[serde(default)]
    fingerprint: Option<String>,
}

#[derive(serde::Deserialize, Default, Clone)]
struct Text {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// What reads take from a report entry.
#[derive(Default, Clone)]
struct Words {
    text: Option<String>,
    url: Option<String>,
    file: Option<String>,
    line: Option<u64>,
    fingerprint: Option<Vec<u8>>,
}

impl From<Entry> for Words {
    fn from(e: Entry) -> Words {
        Words {
            text: e.report.text,
            url: e.report.url,
            file: e.file,
            line: e.line,
            fingerprint: e.fingerprint.and_then(|h| hex::decode(h).ok()),
        }
    }
}

thread_local! {
    /// The last entry read and its words: a row asks for its text and then
    /// its link, and the entry is unpacked and parsed once for both.
    static LAST: RefCell<(Vec<u8>, Words)> = RefCell::new((Vec::new(), Words::default()));
}

/// The words of the report entry stored as `stored`; none for an entry that
/// is not a report or cannot be read (verification names those).
fn words_of(stored: &[u8]) -> Words {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != stored {
            let entry = unpack_entry(stored);
            let words = match decode_entry(&entry) {
                Ok((KIND_REPORT, body)) => serde_json::from_slice::<Entry>(body)
                    .map(Words::from)
                    .unwrap_or_default(),
                _ => Words::default(),
            };
            last.0.clear();
            last.0.extend_from_slice(stored);
            last.1 = words;
        }
        last.1.clone()
    })
}

/// Makes `report_word(entry, which)` known to `conn`: the text (0), link
/// (1), file (2), line (3) or fingerprint (4) of the report entry `entry`,
/// as stored in `log_entries.data`.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "report_word",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            use rusqlite::types::Value;
            let which: i64 = ctx.get(1)?;
            let stored = match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Blob(b) => b,
                _ => return Ok(Value::Null),
            };
            let w = words_of(stored);
            let text = |t: Option<String>| t.map_or(Value::Null, Value::Text);
            Ok(match which {
                0 => text(w.text),
                1 => text(w.url),
                2 => text(w.file),
                3 => w
                    .line
                    .and_then(|l| i64::try_from(l).ok())
                    .map_or(Value::Null, Value::Integer),
                4 => w.fingerprint.map_or(Value::Null, Value::Blob),
                _ => Value::Null,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_store::log::{encode_entry, pack_entry};

    fn read(conn: &Connection, stored: &[u8], which: i64) -> Option<String> {
        conn.query_row(
            "SELECT report_word(?1, ?2)",
            rusqlite::params![stored, which],
            |r| r.get(0),
        )
        .expect("query")
    }

    #[test]
    fn words_come_back_from_a_packed_entry() {
        let conn = Connection::open_in_memory().expect("memory database");
        register(&conn).expect("register");
        let body = br#"{"report":{"source":"ua","text":"Strike on the substation"},"file":"a.csv","line":2,"fingerprint":"0aff"}"#;
        let stored = pack_entry(&encode_entry(KIND_REPORT, body)).into_owned();
        assert_eq!(
            read(&conn, &stored, 0).as_deref(),
            Some("Strike on the substation")
        );
        assert_eq!(read(&conn, &stored, 2).as_deref(), Some("a.csv"));
        let (line, fingerprint): (i64, Vec<u8>) = conn
            .query_row(
                "SELECT report_word(?1, 3), report_word(?1, 4)",
                [&stored],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("line and fingerprint");
        assert_eq!((line, fingerprint), (2, vec![0x0a, 0xff]));
        assert_eq!(read(&conn, &stored, 1), None, "no link given");
        // Another entry after it: the cache of the last entry must not answer.
        let body = br#"{"report":{"url":"https://example.org/a"}}"#;
        let stored = pack_entry(&encode_entry(KIND_REPORT, body)).into_owned();
        assert_eq!(read(&conn, &stored, 0), None);
        assert_eq!(
            read(&conn, &stored, 1).as_deref(),
            Some("https://example.org/a")
        );
        // Not a report entry, or not an entry: no words rather than an error.
        let other =
            pack_entry(&encode_entry("decision", br#"{"report":{"text":"x"}}"#)).into_owned();
        assert_eq!(read(&conn, &other, 0), None);
        assert_eq!(read(&conn, b"damaged", 0), None);
    }
}
