//! When: dates, nights, relative days and clock times in a statement,
//! resolved against its publication time in the agreement's zone.
//!
//! A night is dated by the day it ends ("у ніч на 25 березня", "overnight"
//! in a statement published on the 25th: 25 March), since most of a
//! night's attacks fall after midnight; a clock time in the evening of such
//! a night ("вночі о 23:40") falls on the day before.

use super::lexicon::{Cue, Part, RelDay};
use super::text::{Kind, Tokens};
use super::why::Why;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{ToSpan, Zoned};
use truce_model::TimePrecision;

/// A time found in the text and what it resolves to.
#[derive(Debug, Clone)]
pub struct TimeRef {
    pub sentence: usize,
    /// Tokens the words span.
    pub start: usize,
    pub end: usize,
    /// Unix seconds.
    pub at: i64,
    pub precision: TimePrecision,
    /// How it was read, for people.
    pub rule: Vec<Why>,
}

#[derive(Debug, Clone, Copy)]
enum Piece {
    Date { date: DatePart, range: bool },
    NightOf,
    Part(Part),
    Rel(RelDay),
    Weekday(u8),
    PastDay,
    MonthAlone(u8),
    Clock { h: u8, m: u8, hour_only: bool },
}

#[derive(Debug, Clone, Copy)]
struct DatePart {
    day: u8,
    month: u8,
    year: Option<i16>,
}

struct Found {
    start: usize,
    end: usize,
    piece: Piece,
}

/// Words that may stand before a clock time and belong to it.
const AT: &[&str] = &[
    "о",
    "об",
    "at",
    "around",
    "about",
    "в",
    "близько",
    "приблизно",
    "около",
    "примерно",
];
/// Words before the clock time a reported period starts at.
const PERIOD_FROM: &[&str] = &[
    "з", "від", "до", "по", "from", "since", "between", "and", "to", "until", "с",
];
/// Words between two days of a night ("з 24 на 25", "24 to 25").
const RANGE: &[&str] = &["на", "to", "до", "по", "and", "into", "-", "–", "—"];
/// Words after a year ("2025 року", "2025 г.").
const YEAR_WORDS: &[&str] = &["року", "рік", "года", "год", "г"];
/// Words before a month named alone ("у березні", "in March").
const IN: &[&str] = &["у", "в", "in", "during", "протягом"];

/// What the time scanner needs of the statement.
pub struct Scan<'a> {
    pub tokens: &'a Tokens,
    /// The cue of the phrase starting at each token, and its end.
    pub cue_at: &'a [Option<(Cue, usize)>],
    pub sentences: &'a [(usize, usize)],
    pub published: &'a Zoned,
    pub tz: &'a TimeZone,
}

/// Every time in the statement, one per group of neighbouring time words;
/// tokens read as part of a time (day numbers, clock digits) are marked in
/// `claimed` so that they are not read as counts.
pub fn find(s: &Scan<'_>, claimed: &mut [bool]) -> Vec<TimeRef> {
    let mut out = Vec::new();
    for (si, &(a, b)) in s.sentences.iter().enumerate() {
        let pieces = pieces(s, a, b, claimed);
        let mut k = 0;
        while k < pieces.len() {
            // Pieces with at most three tokens between them read together
            // ("вчора ввечері", "25 березня о 22:15").
            let mut j = k + 1;
            while j < pieces.len() && pieces[j].start <= pieces[j - 1].end + 3 {
                j += 1;
            }
            let group = &pieces[k..j];
            if let Some((at, precision, rule)) = resolve(group, s.published, s.tz) {
                out.push(TimeRef {
                    sentence: si,
                    start: group[0].start,
                    end: group[group.len() - 1].end,
                    at,
                    precision,
                    rule,
                });
            }
            k = j;
        }
    }
    out
}

fn word(t: &Tokens, i: usize) -> &str {
    t.norm(i)
}

fn number_in(t: &Tokens, i: usize, lo: u64, hi: u64) -> Option<u64> {
    t.number(i).filter(|n| (lo..=hi).contains(n))
}

fn pieces(s: &Scan<'_>, a: usize, b: usize, claimed: &mut [bool]) -> Vec<Found> {
    let t = s.tokens;
    let mut out: Vec<Found> = Vec::new();
    let mut i = a;
    while i < b {
        if let Some((cue, end)) = s.cue_at.get(i).copied().flatten() {
            let piece = match cue {
                Cue::AsOf => {
                    // "станом на 09:00 25 березня": when the statement
                    // counts, not when anything happened.
                    let mut j = end;
                    while j < b && j < end + 8 {
                        let time_like = matches!(
                            t.get(j).map(|x| x.kind),
                            Some(Kind::Number | Kind::Punct(':' | '.' | ','))
                        ) || matches!(
                            s.cue_at.get(j).copied().flatten(),
                            Some((Cue::Month(_) | Cue::Day(_) | Cue::Part(_), _))
                        ) || YEAR_WORDS.contains(&word(t, j));
                        if !time_like {
                            break;
                        }
                        if let Some(c) = claimed.get_mut(j) {
                            *c = true;
                        }
                        j += 1;
                    }
                    i = j;
                    continue;
                }
                Cue::NightOf => Some(Piece::NightOf),
                Cue::Part(p) => Some(Piece::Part(p)),
                Cue::Day(d) => Some(Piece::Rel(d)),
                Cue::Weekday(d) => Some(Piece::Weekday(d)),
                Cue::PastDay => Some(Piece::PastDay),
                Cue::MonthAlone(m) => {
                    let after_in = i > a && IN.contains(&word(t, i - 1));
                    after_in.then_some(Piece::MonthAlone(m))
                }
                Cue::Month(m) => {
                    if let Some(f) = date_around(t, i, end, m, a, b) {
                        for c in claimed.iter_mut().take(f.end).skip(f.start) {
                            *c = true;
                        }
                        // A date's day number may stand before the month;
                        // a piece already taken from it gives way.
                        while out.last().is_some_and(|p| p.end > f.start) {
                            out.pop();
                        }
                        i = f.end;
                        out.push(f);
                        continue;
                    }
                    None
                }
                _ => None,
            };
            if let Some(piece) = piece {
                out.push(Found {
                    start: i,
                    end,
                    piece,
                });
            }
            i = end;
            continue;
        }
        // "з 18:00": where a reported period starts, not when anything
        // happened; its date still counts.
        if i > a
            && PERIOD_FROM.contains(&word(t, i - 1))
            && let Some(f) = clock_at(t, i, a, b)
        {
            for c in claimed.iter_mut().take(f.end).skip(f.start) {
                *c = true;
            }
            i = f.end;
            continue;
        }
        if let Some(f) = clock_at(t, i, a, b).or_else(|| numeric_date_at(t, i, b)) {
            for c in claimed.iter_mut().take(f.end).skip(f.start) {
                *c = true;
            }
            i = f.end;
            out.push(f);
            continue;
        }
        i += 1;
    }
    out
}

/// A date around a month word at `m_at` (ending at `m_end`): "25 березня",
/// "24-25 March", "з 24 на 25 березня", "March 25", with a year after.
fn date_around(
    t: &Tokens,
    m_at: usize,
    m_end: usize,
    month: u8,
    a: usize,
    b: usize,
) -> Option<Found> {
    let mut start = m_at;
    let mut end = m_end;
    let mut range = false;
    let day = if m_at > a
        && let Some(d) = number_in(t, m_at - 1, 1, 31)
    {
        start = m_at - 1;
        // "24 to 25 March", "з 24 на 25 березня".
        if m_at >= a + 3
            && RANGE.contains(&word(t, m_at - 2))
            && number_in(t, m_at - 3, 1, 31).is_some()
        {
            start = m_at - 3;
            range = true;
        }
        d
    } else if m_at > a
        && t.is_word(m_at - 1)
        && let Some((x, y)) = word(t, m_at - 1).split_once('-')
        && let (Ok(_), Ok(d)) = (x.parse::<u64>(), y.parse::<u64>())
        && (1..=31).contains(&d)
    {
        // "24-25 березня": one token.
        start = m_at - 1;
        range = true;
        d
    } else if m_end < b
        && let Some(d) = number_in(t, m_end, 1, 31)
    {
        // "March 25", "March 24-25" is read as its last day.
        end = m_end + 1;
        d
    } else if m_end < b
        && t.is_word(m_end)
        && let Some((x, y)) = word(t, m_end).split_once('-')
        && let (Ok(_), Ok(d)) = (x.parse::<u64>(), y.parse::<u64>())
        && (1..=31).contains(&d)
    {
        end = m_end + 1;
        range = true;
        d
    } else {
        return None;
    };
    let mut year = None;
    let mut j = end;
    if t.is_punct(j, ',') && j + 1 < b {
        j += 1;
    }
    if j < b
        && let Some(y) = number_in(t, j, 1990, 2100)
    {
        year = i16::try_from(y).ok();
        end = j + 1;
        if end < b && YEAR_WORDS.contains(&word(t, end)) {
            end += 1;
            if t.is_punct(end, '.') && t.get(end).is_some_and(|x| x.joined) {
                end += 1;
            }
        }
    }
    Some(Found {
        start,
        end,
        piece: Piece::Date {
            date: DatePart {
                day: day as u8,
                month,
                year,
            },
            range,
        },
    })
}

/// "06:40", "о 06:40", "3 am", "6 p.m.".
fn clock_at(t: &Tokens, i: usize, a: usize, b: usize) -> Option<Found> {
    let h = number_in(t, i, 0, 23)?;
    let start = if i > a && AT.contains(&word(t, i - 1)) {
        i - 1
    } else {
        i
    };
    if i + 2 < b
        && t.is_punct(i + 1, ':')
        && t.get(i + 1).is_some_and(|x| x.joined)
        && t.get(i + 2)
            .is_some_and(|x| x.joined && x.end - x.start == 2)
        && let Some(m) = number_in(t, i + 2, 0, 59)
    {
        return Some(Found {
            start,
            end: i + 3,
            piece: Piece::Clock {
                h: h as u8,
                m: m as u8,
                hour_only: false,
            },
        });
    }
    if !(1..=12).contains(&h) || i + 1 >= b {
        return None;
    }
    let (pm, end) = match word(t, i + 1) {
        "am" => (false, i + 2),
        "pm" => (true, i + 2),
        "a" | "p" if t.is_punct(i + 2, '.') && word(t, i + 3) == "m" => {
            let mut e = i + 4;
            if t.is_punct(e, '.') && t.get(e).is_some_and(|x| x.joined) {
                e += 1;
            }
            (word(t, i + 1) == "p", e)
        }
        _ => return None,
    };
    let h = (h % 12) + if pm { 12 } else { 0 };
    Some(Found {
        start,
        end: end.min(b),
        piece: Piece::Clock {
            h: h as u8,
            m: 0,
            hour_only: true,
        },
    })
}

/// "25.03", "25.03.2025", "2025-03-25".
fn numeric_date_at(t: &Tokens, i: usize, b: usize) -> Option<Found> {
    let tok = t.get(i)?;
    if tok.kind == Kind::Word {
        // ISO: one token of digits and hyphens.
        let w = word(t, i);
        let mut parts = w.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = DatePart {
            year: Some(y.parse().ok()?),
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        return Some(Found {
            start: i,
            end: i + 1,
            piece: Piece::Date { date, range: false },
        });
    }
    let day = number_in(t, i, 1, 31)?;
    let joined = |k: usize| t.get(k).is_some_and(|x| x.joined);
    if !(i + 2 < b && t.is_punct(i + 1, '.') && joined(i + 1) && joined(i + 2)) {
        return None;
    }
    if t.get(i + 2).is_none_or(|x| x.end - x.start != 2) {
        return None;
    }
    let month = number_in(t, i + 2, 1, 12)?;
    let mut end = i + 3;
    let mut year = None;
    if end + 1 < b && t.is_punct(end, '.') && joined(end) && joined(end + 1) {
        let digits = t.get(end + 1).map_or(0, |x| x.end - x.start);
        if let Some(y) = t.number(end + 1)
            && (digits == 4 || digits == 2)
        {
            let y = if digits == 2 { 2000 + y } else { y };
            year = i16::try_from(y).ok();
            end += 2;
        }
    }
    Some(Found {
        start: i,
        end,
        piece: Piece::Date {
            date: DatePart {
                day: day as u8,
                month: month as u8,
                year,
            },
            range: false,
        },
    })
}

/// The date a day and month without a year stand for: in the year of
/// publication, unless that is more than two days after it (a statement
/// of 2 January speaking of 31 December).
fn with_year(d: DatePart, published: Date) -> Option<Date> {
    match d.year {
        Some(y) => Date::new(y, d.month as i8, d.day as i8).ok(),
        None => {
            let this = Date::new(published.year(), d.month as i8, d.day as i8).ok()?;
            if this > published.checked_add(2.days()).ok()? {
                Date::new(published.year() - 1, d.month as i8, d.day as i8).ok()
            } else {
                Some(this)
            }
        }
    }
}

fn resolve(
    group: &[Found],
    published: &Zoned,
    tz: &TimeZone,
) -> Option<(i64, TimePrecision, Vec<Why>)> {
    let pub_date = published.date();
    let mut date: Option<(Date, bool)> = None;
    let mut night = false;
    let mut part: Option<Part> = None;
    let mut rel: Option<RelDay> = None;
    let mut weekday: Option<u8> = None;
    let mut past_day = false;
    let mut month_alone: Option<u8> = None;
    let mut clock: Option<(u8, u8, bool)> = None;
    for f in group {
        match f.piece {
            Piece::Date { date: d, range } => {
                if date.is_none() {
                    date = with_year(d, pub_date).map(|x| (x, range));
                }
            }
            Piece::NightOf => night = true,
            Piece::Part(p) => {
                if p == Part::Night {
                    night = true;
                }
                part = part.or(Some(p));
            }
            Piece::Rel(r) => rel = rel.or(Some(r)),
            Piece::Weekday(w) => weekday = weekday.or(Some(w)),
            Piece::PastDay => past_day = true,
            Piece::MonthAlone(m) => month_alone = month_alone.or(Some(m)),
            Piece::Clock { h, m, hour_only } => clock = clock.or(Some((h, m, hour_only))),
        }
    }

    let (mut day, rule) = if let Some((d, _)) = date {
        // "у ніч на 25 березня", "the night of 24 to 25 March" and, as the
        // parties' English versions write it, "the night of 25 March" all
        // end on the 25th.
        if night {
            (d, Why::new("why-night-ending").with("date", d))
        } else {
            (d, Why::new("why-date").with("date", d))
        }
    } else if let Some(w) = weekday {
        // The latest such weekday on or before publication.
        let have = i16::from(pub_date.weekday().to_monday_zero_offset());
        let back = (have - i16::from(w)).rem_euclid(7);
        let d = pub_date.checked_sub(back.days()).ok()?;
        (
            d,
            Why::new("why-weekday")
                .with("weekday", weekday_name(w))
                .with("date", d),
        )
    } else if let Some(r) = rel {
        let (n, what) = match r {
            RelDay::Today => (0, "why-today"),
            RelDay::Yesterday => (1, "why-yesterday"),
            RelDay::DayBefore => (2, "why-day-before-yesterday"),
        };
        let d = pub_date.checked_sub(n.days()).ok()?;
        (d, Why::new(what).with("date", d))
    } else if past_day {
        let d = published
            .checked_sub(12.hours())
            .ok()
            .map_or(pub_date, |z| z.date());
        (d, Why::new("why-past-day").with("date", d))
    } else if let Some(m) = month_alone {
        let mut y = pub_date.year();
        if m as i8 > pub_date.month() {
            y -= 1;
        }
        let first = Date::new(y, m as i8, 1).ok()?;
        let at = first.to_zoned(tz.clone()).ok()?.timestamp().as_second();
        return Some((
            at,
            TimePrecision::Month,
            vec![Why::new("why-month").with("month", format!("{y}-{m:02}"))],
        ));
    } else if night {
        (
            pub_date,
            Why::new("why-night-ending-publication").with("date", pub_date),
        )
    } else {
        (
            pub_date,
            Why::new("why-publication-day").with("date", pub_date),
        )
    };
    let mut rule = vec![rule];
    if let Some(Part::Evening) = part
        && !night
        && clock.is_none()
    {
        rule.push(Why::new("why-evening"));
    }

    if let Some((h, m, hour_only)) = clock {
        if night && h >= 12 {
            day = day.yesterday().ok()?;
        }
        let time = Time::new(h as i8, m as i8, 0, 0).ok()?;
        let at = day
            .to_datetime(time)
            .to_zoned(tz.clone())
            .ok()?
            .timestamp()
            .as_second();
        let precision = if hour_only {
            TimePrecision::Hour
        } else {
            TimePrecision::Minute
        };
        rule.push(Why::new("why-at").with("time", format!("{h:02}:{m:02}")));
        return Some((at, precision, rule));
    }
    let at = day.to_zoned(tz.clone()).ok()?.timestamp().as_second();
    Some((at, TimePrecision::Day, rule))
}

fn weekday_name(w: u8) -> &'static str {
    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    NAMES.get(usize::from(w)).copied().unwrap_or("the weekday")
}

/// The day of publication, when the statement names no time.
pub fn publication_day(published: &Zoned, tz: &TimeZone) -> Option<(i64, Why)> {
    let d = published.date();
    let at = d.to_zoned(tz.clone()).ok()?.timestamp().as_second();
    Some((at, Why::new("why-no-time-words").with("date", d)))
}
