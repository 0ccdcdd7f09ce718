//! A finding's rule trace in the reader's words. The engine says each step
//! twice: in English (`detail`, the record that the API and exports carry)
//! and as messages with typed values (`said`), which this turns into the
//! page's language — so the page explains exactly what the rules computed,
//! never a second reasoning of its own.

use super::{capitalised, fmt_time, party_name, pattern_words};
use crate::app::AppState;
use crate::i18n::Lang;
use fluent_templates::fluent_bundle::FluentValue;
use truce_model::{Arg, Said, TraceStep};

/// One step as a page shows it.
pub(crate) struct TraceLine {
    /// `pass`, `fail` or `unknown`: the line's colour.
    pub outcome: String,
    /// What was checked ("Period"), and the outcome ("yes").
    pub check: String,
    pub verdict: String,
    /// The explanation.
    pub words: String,
}

/// The steps of a trace in `lang`, times in `zone`.
pub(crate) fn lines(
    state: &AppState,
    lang: Lang,
    zone: &jiff::tz::TimeZone,
    steps: &[TraceStep],
) -> Vec<TraceLine> {
    steps
        .iter()
        .map(|s| TraceLine {
            outcome: s.outcome.clone(),
            check: capitalised(&lang.label("check", &s.check)),
            verdict: lang.label("outcome", &s.outcome),
            // A step from before messages existed (or from elsewhere) keeps
            // its English.
            words: if s.said.is_empty() {
                s.detail.clone()
            } else {
                say_all(state, lang, zone, &s.said)
            },
        })
        .collect()
}

fn say_all(state: &AppState, lang: Lang, zone: &jiff::tz::TimeZone, said: &[Said]) -> String {
    said.iter()
        .map(|m| say(state, lang, zone, m))
        .collect::<Vec<_>>()
        .join("; ")
}

fn say(state: &AppState, lang: Lang, zone: &jiff::tz::TimeZone, m: &Said) -> String {
    let args: Vec<(&'static str, FluentValue<'static>)> = m
        .args
        .iter()
        .map(|(name, a)| (*name, value(state, lang, zone, a)))
        .collect();
    lang.args(m.id, &args)
}

fn value(state: &AppState, lang: Lang, zone: &jiff::tz::TimeZone, a: &Arg) -> FluentValue<'static> {
    let text = match a {
        Arg::Count(n) => return FluentValue::from(*n),
        Arg::Text(t) => t.clone(),
        Arg::Codes(kind, codes) => codes
            .iter()
            .map(|c| lang.label(kind, c))
            .collect::<Vec<_>>()
            .join(", "),
        Arg::Patterns(kind, ps) => ps
            .iter()
            .map(|p| pattern_words(lang, kind, p))
            .collect::<Vec<_>>()
            .join(", "),
        Arg::Voices(v) => v
            .iter()
            .map(|x| party_name(state, lang, x))
            .collect::<Vec<_>>()
            .join(", "),
        Arg::Commitment(id) => state
            .reference
            .agreement
            .commitment(id)
            .map_or_else(|| id.clone(), |c| c.title_in(lang.code()).to_string()),
        Arg::Reading(c, r) => state
            .reference
            .agreement
            .commitment(c)
            .and_then(|c| c.readings.iter().find(|x| &x.id == r))
            .map_or_else(|| r.clone(), |x| x.title_in(lang.code()).to_string()),
        Arg::Zone(id) => state
            .reference
            .agreement
            .zone_name_in(id, lang.code())
            .to_string(),
        Arg::Time(t) => fmt_time(*t, zone),
        Arg::Parts(parts) => say_all(state, lang, zone, parts),
    };
    FluentValue::from(text)
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use fluent_templates::fluent_bundle::FluentValue;

    /// Every message the rules can say exists in every language: a missing
    /// one would show its identifier on the page.
    #[test]
    fn every_trace_message_is_in_every_language() {
        let src = include_str!("../../../truce-engine/src/evaluate.rs").to_string()
            + include_str!("../../../truce/src/cmd/listing.rs");
        let ids: Vec<&str> = src
            .split('"')
            .filter(|s| s.starts_with("trace-") && !s.contains(' '))
            .collect();
        assert!(ids.len() > 25, "found only {} trace messages", ids.len());
        let en = include_str!("../../locales/en/trace.ftl");
        for id in &ids {
            // The message's text, to the next message.
            let body: String = en
                .split(&format!("\n{id} ="))
                .nth(1)
                .unwrap_or_else(|| panic!("{id} is not in locales/en/trace.ftl"))
                .lines()
                .enumerate()
                .take_while(|(i, l)| *i == 0 || l.starts_with(' ') || l.starts_with('}'))
                .map(|(_, l)| l)
                .collect();
            // Every value it names, as a number (which also picks a plural).
            let args: Vec<(&'static str, FluentValue<'static>)> = body
                .split('$')
                .skip(1)
                .map(|a| {
                    let name: String = a
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    (&*name.leak(), FluentValue::from(2))
                })
                .collect();
            for l in Lang::ALL {
                let said = l.args(id, &args);
                assert!(
                    said != *id && !said.contains('{'),
                    "{id} in {}: {said}",
                    l.code()
                );
            }
        }
    }
}
