//! Splits CSV into records with memory bounded whatever the input: a record's
//! fields are kept up to [`MAX_ROW_BYTES`] in all and the rest is only
//! counted, so one huge field, row or file costs a few megabytes, and the row
//! is rejected, not the file.
//!
//! Quoting is parsed by `csv-core`. A quote that is never closed would swallow
//! the rows after it, so a record that runs over a line break is checked: if
//! a quoted field in it is not well formed, or the record does not have as
//! many fields as the header, the quote is taken as unclosed, the record is
//! rejected and the lines after the quote's line are read again as records of
//! their own.

use super::{MAX_RAW_BYTES, MAX_ROW_BYTES};
use csv_core::{ReadRecordResult, Reader};
use std::io::{self, Read};

const CHUNK: usize = 1 << 16;
/// The buffers start this small and grow to CHUNK (input) and MAX_ROW_BYTES
/// (a record) only when a file needs it: an API submission or a short file
/// is read without zeroing a megabyte first.
const FIRST_CHUNK: usize = 1 << 12;

thread_local! {
    /// The reader a finished `Records` leaves for the next on this thread.
    static SPARE: std::cell::Cell<Option<Reader>> = const { std::cell::Cell::new(None) };
}

/// A csv-core reader. `Reader::new` builds a state machine every time, which
/// costs more than reading a short file (an API submission); a reader left
/// by an earlier file is reset and used instead. (Not cloned: csv-core's
/// `Clone` for its state machine copies only part of it.)
struct Core(Option<Reader>);

impl Core {
    fn take() -> Core {
        let spare = SPARE.with(|s| s.take()).map(|mut r| {
            r.reset();
            r
        });
        Core(spare)
    }

    fn get(&mut self) -> &mut Reader {
        self.0.get_or_insert_with(Reader::new)
    }
}

impl Drop for Core {
    fn drop(&mut self) {
        if let Some(r) = self.0.take() {
            SPARE.with(|s| s.set(Some(r)));
        }
    }
}
const BOM: &[u8] = b"\xef\xbb\xbf";

/// The input, with bytes given back to be read again in front of it.
struct Input<R> {
    inner: R,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    eof: bool,
    replay: Vec<u8>,
    replay_pos: usize,
    /// The last read filled `buf`: make it larger before the next.
    grow: bool,
    /// Bytes read from `inner`, and bytes given back, so far.
    read: u64,
    given_back: u64,
}

impl<R: Read> Input<R> {
    /// The unread bytes at hand, reading more when there are none; empty at
    /// the end of the input.
    fn fill(&mut self) -> io::Result<&[u8]> {
        if self.replay_pos < self.replay.len() {
            return Ok(&self.replay[self.replay_pos..]);
        }
        if self.grow && self.start == self.end {
            self.grow = false;
            self.buf = vec![0; (self.buf.len() * 4).min(CHUNK)].into_boxed_slice();
            self.start = 0;
            self.end = 0;
        }
        while self.start == self.end && !self.eof {
            match self.inner.read(&mut self.buf) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    self.start = 0;
                    self.end = n.min(self.buf.len());
                    self.read += self.end as u64;
                    // A read that filled the buffer: the input is large,
                    // read it in larger pieces from now on.
                    if self.end == self.buf.len() && self.buf.len() < CHUNK {
                        self.grow = true;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, n: usize) {
        if self.replay_pos < self.replay.len() {
            self.replay_pos += n;
            if self.replay_pos >= self.replay.len() {
                self.replay.clear();
                self.replay_pos = 0;
            }
        } else {
            self.start = (self.start + n).min(self.end);
        }
    }

    /// Whether `n` more bytes may be given back: reading again is kept to
    /// about the size of the input, however the quotes fall, so that a
    /// crafted file cannot make reading quadratic.
    fn may_give_back(&self, n: usize) -> bool {
        self.given_back + n as u64 <= self.read + 2 * MAX_ROW_BYTES as u64
    }

    /// Puts `bytes`, the last ones read, in front of what is still unread.
    fn give_back(&mut self, bytes: &[u8]) {
        self.given_back += bytes.len() as u64;
        if self.replay_pos < self.replay.len() && bytes.len() <= self.replay_pos {
            // A record is read from the replay buffer whole while it lasts,
            // so the bytes are the ones just before replay_pos.
            debug_assert_eq!(
                &self.replay[self.replay_pos - bytes.len()..self.replay_pos],
                bytes
            );
            self.replay_pos -= bytes.len();
            return;
        }
        let mut v = Vec::with_capacity(bytes.len() + self.replay.len() - self.replay_pos);
        v.extend_from_slice(bytes);
        v.extend_from_slice(&self.replay[self.replay_pos..]);
        self.replay = v;
        self.replay_pos = 0;
    }

    /// Skips a UTF-8 byte order mark at the very start.
    fn skip_bom(&mut self) -> io::Result<()> {
        while self.end - self.start < BOM.len() && !self.eof {
            if self.end == self.buf.len() {
                break;
            }
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    let end = (self.end + n).min(self.buf.len());
                    self.read += (end - self.end) as u64;
                    self.end = end;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if self.buf[self.start..self.end].starts_with(BOM) {
            self.start += BOM.len();
        }
        Ok(())
    }
}

/// What is wrong with a record's shape, before its values are looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Ok,
    /// A quote opened in field `field` (when known) on line `line` is never
    /// closed; `read_again` when the lines after it are read again.
    UnclosedQuote {
        field: Option<usize>,
        line: u64,
        read_again: bool,
    },
    /// Field `field` has `len` bytes, more than its `limit`.
    FieldTooLong {
        field: usize,
        len: u64,
        limit: usize,
    },
    /// The row has `len` bytes, more than [`MAX_ROW_BYTES`].
    RowTooLong {
        len: u64,
    },
}

/// A quoted field that runs over a line break: its index and first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spanning {
    field: usize,
    line: u64,
}

/// The quoted fields of a record that run over line breaks.
#[derive(Debug, Default, PartialEq, Eq)]
struct Quotes {
    /// The first one.
    spanning: Option<Spanning>,
    /// The first one not closed as CSV would close it: never, or by a quote
    /// with more text after it.
    malformed: Option<Spanning>,
    /// The one still open where the bytes end.
    open: Option<Spanning>,
}

/// Follows the quotes of one record as written (`raw`, starting on `line`),
/// as csv-core reads them.
fn quotes(raw: &[u8], mut line: u64) -> Quotes {
    #[derive(PartialEq)]
    enum S {
        Start,
        Plain,
        Quoted,
        AfterQuote,
    }
    let mut q = Quotes::default();
    let (mut state, mut field, mut first_line) = (S::Start, 0usize, line);
    let (mut spans, mut bad) = (false, false);
    let end_field = |q: &mut Quotes, field: usize, first_line: u64, spans: bool, bad: bool| {
        if spans {
            let here = Spanning {
                field,
                line: first_line,
            };
            q.spanning.get_or_insert(here);
            if bad {
                q.malformed.get_or_insert(here);
            }
        }
    };
    for &b in raw {
        let term = b == b'\n' || b == b'\r';
        match state {
            S::Start | S::Plain | S::AfterQuote if term => {
                end_field(&mut q, field, first_line, spans, bad);
                return q;
            }
            S::Start | S::Plain | S::AfterQuote if b == b',' => {
                end_field(&mut q, field, first_line, spans, bad);
                (state, field, first_line, spans, bad) = (S::Start, field + 1, line, false, false);
            }
            S::Start if b == b'"' => state = S::Quoted,
            S::Start => state = S::Plain,
            S::Plain => {}
            S::Quoted if b == b'"' => state = S::AfterQuote,
            S::Quoted => {
                if b == b'\n' {
                    line += 1;
                    spans = true;
                }
            }
            S::AfterQuote if b == b'"' => state = S::Quoted,
            S::AfterQuote => {
                // Text after a closing quote: csv-core keeps it, but the
                // quote was most likely another field's opening one.
                bad = true;
                state = S::Plain;
            }
        }
    }
    if state == S::Quoted {
        bad = true;
        if spans {
            q.open = Some(Spanning {
                field,
                line: first_line,
            });
        }
    }
    end_field(&mut q, field, first_line, spans, bad);
    q
}

/// CSV records read one at a time; the fields of the last one stay readable
/// until the next.
pub struct Records<R> {
    input: Input<R>,
    core: Core,
    /// The limit of each column; fields past the last column are only counted.
    limits: Vec<usize>,
    /// The current record's fields, one after another, as far as they fit;
    /// grown as needed up to MAX_ROW_BYTES + 1 (a row longer than that is
    /// rejected, so no more is kept).
    data: Vec<u8>,
    /// Where output that does not fit goes to be counted and forgotten
    /// (made when first needed).
    scratch: Vec<u8>,
    ends_buf: [usize; 64],
    /// Where each field ends in the record's output (kept or not), for the
    /// columns and one more.
    ends: Vec<usize>,
    fields: usize,
    line: u64,
    /// The record as written, up to about MAX_ROW_BYTES, to show in a
    /// rejection and to read again after an unclosed quote.
    raw: Vec<u8>,
    raw_full: bool,
    /// Bytes of the record, its final line break aside.
    raw_len: u64,
    /// The part of the record a rejection stands for, when not all of it.
    shown_len: Option<u64>,
}

impl<R: Read> Records<R> {
    pub fn new(inner: R, limits: Vec<usize>) -> io::Result<Records<R>> {
        let mut input = Input {
            inner,
            buf: vec![0; FIRST_CHUNK].into_boxed_slice(),
            start: 0,
            end: 0,
            eof: false,
            replay: Vec::new(),
            replay_pos: 0,
            grow: false,
            read: 0,
            given_back: 0,
        };
        input.skip_bom()?;
        Ok(Records {
            input,
            core: Core::take(),
            limits,
            data: vec![0; FIRST_CHUNK],
            scratch: Vec::new(),
            ends_buf: [0; 64],
            ends: Vec::new(),
            fields: 0,
            line: 0,
            raw: Vec::new(),
            raw_full: false,
            raw_len: 0,
            shown_len: None,
        })
    }

    pub fn set_limits(&mut self, limits: Vec<usize>) {
        self.limits = limits;
    }

    /// The physical line the current record starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// How many fields the current record has.
    pub fn len(&self) -> usize {
        self.fields
    }

    fn span(&self, i: usize) -> (usize, usize) {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).copied().unwrap_or(0)
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        (start, end.max(start))
    }

    /// The kept bytes of field `i` (empty past the last column).
    pub fn field(&self, i: usize) -> &[u8] {
        let (start, end) = self.span(i);
        let n = self.data.len();
        &self.data[start.min(n)..end.min(n)]
    }

    /// The kept fields as text, or the index of the first that is not UTF-8.
    pub fn text_fields(&self) -> Result<Vec<&str>, usize> {
        let n = self.fields.min(self.ends.len());
        let kept = self.ends[..n].last().map_or(0, |&e| e.min(self.data.len()));
        // One check for the whole record is quicker than one per field; a
        // field may still start inside a character, which slicing tells.
        if let Ok(all) = std::str::from_utf8(&self.data[..kept]) {
            let mut out = Vec::with_capacity(n);
            let mut start = 0;
            for &e in &self.ends[..n] {
                let end = e.min(kept);
                match all.get(start.min(end)..end) {
                    Some(s) => out.push(s),
                    None => break,
                }
                start = end;
            }
            if out.len() == n {
                return Ok(out);
            }
        }
        (0..n)
            .map(|i| std::str::from_utf8(self.field(i)).map_err(|_| i))
            .collect()
    }

    /// Whether a kept field may hold a control character (one pass over the
    /// record is quicker than one per field).
    pub fn may_hold_controls(&self) -> bool {
        let kept = self.ends.last().map_or(0, |&e| e.min(self.data.len()));
        super::may_hold_controls(&self.data[..kept])
    }

    /// The row as written, cut to about [`MAX_RAW_BYTES`].
    pub fn raw(&self) -> String {
        bounded_raw(&self.raw, self.shown_len.unwrap_or(self.raw_len))
    }

    /// Reads the next record; `None` at the end of the input. `width`, the
    /// number of fields a record should have, helps tell an unclosed quote.
    pub fn next(&mut self, width: Option<usize>) -> io::Result<Option<Shape>> {
        // Line breaks between records are skipped here rather than by
        // csv-core, so that the line a record starts on is known.
        loop {
            let chunk = self.input.fill()?;
            let len = chunk.len();
            if len == 0 {
                return Ok(None);
            }
            let skip = chunk
                .iter()
                .position(|&b| b != b'\n' && b != b'\r')
                .unwrap_or(len);
            let newlines = count(&chunk[..skip], b'\n');
            let core = self.core.get();
            core.set_line(core.line() + newlines);
            self.input.consume(skip);
            if skip < len {
                break;
            }
        }
        // csv-core counts only LF, but a lone CR ends a record too (old Mac
        // files): a record starts at least a line after the one before, so
        // no row is numbered as the header's line or its predecessor's.
        let start = self.core.get().line().max(self.line + 1);
        self.core.get().set_line(start);
        self.line = start;
        self.fields = 0;
        self.ends.clear();
        self.raw.clear();
        self.raw_full = false;
        self.raw_len = 0;
        self.shown_len = None;
        let keep_ends = self.limits.len() + 1;
        let mut out_pos = 0usize;
        let mut too_long = None;
        loop {
            let chunk = self.input.fill()?;
            if out_pos >= self.data.len() && self.data.len() <= MAX_ROW_BYTES {
                let n = (self.data.len() * 4).min(MAX_ROW_BYTES + 1);
                self.data.resize(n, 0);
            }
            let out: &mut [u8] = if out_pos < self.data.len() {
                &mut self.data[out_pos..]
            } else {
                if self.scratch.is_empty() {
                    self.scratch = vec![0; CHUNK];
                }
                &mut self.scratch[..]
            };
            let line_before = self.core.get().line();
            let (res, nin, nout, nend) =
                self.core.get().read_record(chunk, out, &mut self.ends_buf);
            let consumed = &chunk[..nin.min(chunk.len())];
            out_pos += nout;
            for &e in &self.ends_buf[..nend.min(self.ends_buf.len())] {
                let i = self.ends.len();
                if i < keep_ends {
                    let start = self.ends.last().copied().unwrap_or(0);
                    if let Some(&limit) = self.limits.get(i)
                        && e.saturating_sub(start) > limit
                    {
                        too_long.get_or_insert(Shape::FieldTooLong {
                            field: i,
                            len: e.saturating_sub(start) as u64,
                            limit,
                        });
                    }
                    self.ends.push(e);
                }
                self.fields += 1;
            }
            if !self.raw_full {
                self.raw.extend_from_slice(consumed);
            }
            let record_end = matches!(res, ReadRecordResult::Record | ReadRecordResult::End);
            // A record's last read takes its line break too.
            let term = u64::from(record_end && matches!(consumed.last(), Some(b'\n' | b'\r')));
            self.raw_len += consumed.len() as u64 - term;
            let newline_end = record_end && consumed.last() == Some(&b'\n');
            let inner_breaks_here = self.core.get().line() - line_before - u64::from(newline_end);
            // When the record is too long to keep, a line break inside it
            // (in a quote, since only a quote holds one) ends it, so that an
            // unclosed quote does not swallow the rest of the file.
            let again = if self.raw_full && inner_breaks_here > 0 {
                consumed.iter().position(|&b| b == b'\n').map(|p| {
                    (
                        consumed[p + 1..].to_vec(),
                        self.raw_len - consumed.len() as u64 + term + p as u64,
                    )
                })
            } else {
                None
            };
            let n = consumed.len();
            self.input.consume(n);

            if let Some((bytes, shown)) = again
                && (!record_end || width.is_some_and(|w| w != self.fields))
                && self.input.may_give_back(bytes.len())
            {
                self.shown_len = Some(shown);
                self.input.give_back(&bytes);
                self.core.get().reset();
                self.core.get().set_line(line_before + 1);
                return Ok(Some(Shape::UnclosedQuote {
                    field: None,
                    line: line_before,
                    read_again: true,
                }));
            }
            if record_end {
                if res == ReadRecordResult::End && self.fields == 0 {
                    return Ok(None);
                }
                break;
            }
            if !self.raw_full && self.raw.len() >= MAX_ROW_BYTES {
                // Inside a quote that has run over line breaks for a whole
                // row's worth: take it as unclosed now, before it swallows
                // more of the file.
                let q = quotes(&self.raw, self.line);
                if let Some(open) = q.open
                    && let Some(shape) = self.read_again_after(q.malformed.unwrap_or(open))
                {
                    return Ok(Some(shape));
                }
                self.raw_full = true;
            }
        }
        let newline_end = self.raw.last() == Some(&b'\n');
        if !self.raw_full && self.core.get().line() - self.line > u64::from(newline_end) {
            let q = quotes(&self.raw, self.line);
            let unclosed = match (q.malformed, q.spanning) {
                (Some(at), _) => Some(at),
                (None, Some(at)) if width.is_some_and(|w| w != self.fields) => Some(at),
                _ => None,
            };
            if let Some(at) = unclosed {
                return Ok(Some(self.read_again_after(at).unwrap_or(
                    Shape::UnclosedQuote {
                        field: Some(at.field),
                        line: at.line,
                        read_again: false,
                    },
                )));
            }
        }
        if too_long.is_some() {
            return Ok(too_long);
        }
        if self.raw_len > MAX_ROW_BYTES as u64 {
            return Ok(Some(Shape::RowTooLong { len: self.raw_len }));
        }
        Ok(Some(Shape::Ok))
    }

    /// Ends the current record at the line its unclosed quote `at` opens on,
    /// and reads the lines after that one again; `None` when they may not
    /// be read again.
    fn read_again_after(&mut self, at: Spanning) -> Option<Shape> {
        // Past the line break that ends line `at.line`.
        let (mut offset, mut shown) = (0, self.raw.len());
        for _ in self.line..=at.line {
            match self.raw[offset..].iter().position(|&b| b == b'\n') {
                Some(p) => {
                    shown = offset + p;
                    offset += p + 1;
                }
                None => {
                    (offset, shown) = (self.raw.len(), self.raw.len());
                    break;
                }
            }
        }
        if !self.input.may_give_back(self.raw.len() - offset) {
            return None;
        }
        self.shown_len = Some(shown as u64);
        self.input.give_back(&self.raw[offset..]);
        self.core.get().reset();
        self.core.get().set_line(at.line + 1);
        Some(Shape::UnclosedQuote {
            field: Some(at.field),
            line: at.line,
            read_again: true,
        })
    }
}

fn count(bytes: &[u8], b: u8) -> u64 {
    bytes.iter().filter(|&&x| x == b).count() as u64
}

/// A rejected row's text cut to about [`MAX_RAW_BYTES`] on a character
/// boundary, marked with the row's length when cut, so that one huge row
/// does not cost the store its size again. Control characters other than
/// tabs and line breaks are shown as U+FFFD, so that no NUL is stored.
pub fn bounded_raw(head: &[u8], total: u64) -> String {
    let whole = usize::try_from(total).unwrap_or(usize::MAX);
    let head = &head[..head.len().min(MAX_RAW_BYTES + 4).min(whole)];
    let mut text = String::from_utf8_lossy(head);
    if super::may_hold_controls(text.as_bytes()) {
        let shown = text
            .chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => c,
                c if c.is_control() => '\u{fffd}',
                c => c,
            })
            .collect();
        text = std::borrow::Cow::Owned(shown);
    }
    let text = text.trim_end_matches(['\r', '\n']);
    let mut cut = text.len().min(MAX_RAW_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    if cut < text.len() || total > head.len() as u64 {
        format!("{}… [cut: the row is {total} bytes long]", &text[..cut])
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_that_run_over_lines_are_found() {
        let sp = |field, line| Some(Spanning { field, line });
        // Well formed: spans, closed.
        let q = quotes(b"a,\"x\ny\",b\n", 7);
        assert_eq!((q.spanning, q.malformed, q.open), (sp(1, 7), None, None));
        // Closed by a later field's opening quote.
        let q = quotes(b"a,\"x\nb,\"y\",c\n", 7);
        assert_eq!((q.spanning, q.malformed), (sp(1, 7), sp(1, 7)));
        // Never closed.
        let q = quotes(b"a,b,\"x\ny\nz", 3);
        assert_eq!((q.malformed, q.open), (sp(2, 3), sp(2, 3)));
        // Escaped quotes are not closing ones; a quote on one line is no matter.
        let q = quotes(b"\"a\"\"b\"x,\"c\n\"\"d\"\n", 1);
        assert_eq!((q.spanning, q.malformed), (sp(1, 1), None));
    }

    #[test]
    fn quotes_that_keep_reopening_are_read_again_only_so_often() {
        // Each record read again starts another that runs over the lines
        // after it: read again without a bound, this would take time
        // quadratic in its size.
        let unit = b"\"\na\",\"\na,\"";
        let v: Vec<u8> = unit
            .iter()
            .copied()
            .cycle()
            .take(unit.len() * 100_000)
            .collect();
        let mut r = Records::new(&v[..], vec![100; 3]).expect("in memory");
        let mut n = 0;
        while r.next(Some(3)).expect("in memory").is_some() {
            n += 1;
        }
        assert!(r.input.given_back <= r.input.read + 2 * MAX_ROW_BYTES as u64);
        assert!(n > 0);
    }

    #[test]
    fn raw_is_cut_on_a_char_boundary_and_marked() {
        assert_eq!(bounded_raw(b"a,b\n", 3), "a,b");
        let long = "ж".repeat(800);
        let r = bounded_raw(long.as_bytes(), 1600);
        assert!(r.starts_with(&"ж".repeat(500)), "{r}");
        assert!(r.ends_with("[cut: the row is 1600 bytes long]"), "{r}");
    }
}
