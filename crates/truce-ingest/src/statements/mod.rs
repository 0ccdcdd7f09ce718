//! Statements: what the parties publish (a ministry's post, a governor's
//! message, the air force's morning tally), in English, Ukrainian or
//! Russian, read into candidate reports for a monitor to accept, correct or
//! reject.
//!
//! The extractor is rule-based, on the project's own vocabularies and
//! gazetteer, so that every field it proposes can be traced to the words it
//! came from ([`Candidate::spans`], byte offsets into the statement's text)
//! and to the rule that read them ([`Candidate::basis`]). It does no I/O
//! and bounded work per statement: the text is at most
//! [`MAX_TEXT_LEN`] bytes, and the gazetteer is asked at most
//! [`places::MAX_LOOKUPS`] times.
//!
//! The rules are written down in `docs/formats.md` ("Statements").

mod lexicon;
mod places;
pub mod read;
mod text;
mod when;
pub mod why;

pub use text::Lang;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use lexicon::{ActCue, Cue, Hit, Lexicon, Role, Side, Spec};
use places::PlaceHit;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use text::{Kind, Tokens};
use truce_geo::Gazetteer;
use truce_model::fields::{MAX_ID_LEN, MAX_TEXT_LEN};
use truce_model::time::parse_instant;
use truce_model::{
    Act, Agreement, GeoPrecision, Means, PartyResolver, Stance, TargetClass, TimePrecision,
};
pub use why::Why;

/// What the offsets of a span count.
pub const SPAN_UNIT: &str = "utf8-bytes";

/// One published statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Who published it: `ua-airforce`, `ru-mod`, `kharkiv-ova`… A source
    /// whose first segment is a party of the agreement (`ua-…`) speaks for
    /// that party.
    pub source: String,
    /// When it was published: RFC 3339, a local date and time (read in the
    /// agreement's zone) or a date.
    pub published_at: String,
    pub text: String,
    /// `en`, `uk` or `ru`; told from the letters when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The fields a candidate can trace to words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Place,
    OccurredAt,
    Act,
    Means,
    TargetClass,
    TargetName,
    Perpetrator,
    Claimant,
    Stance,
    Launched,
    Destroyed,
}

impl Field {
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Place => "place",
            Field::OccurredAt => "occurred_at",
            Field::Act => "act",
            Field::Means => "means",
            Field::TargetClass => "target_class",
            Field::TargetName => "target_name",
            Field::Perpetrator => "perpetrator",
            Field::Claimant => "claimant",
            Field::Stance => "stance",
            Field::Launched => "launched",
            Field::Destroyed => "destroyed",
        }
    }
}

/// Bytes `start..end` of the statement's text (UTF-8, half-open, always on
/// character boundaries); written `[start, end]` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "[usize; 2]", into = "[usize; 2]")]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl From<[usize; 2]> for Span {
    fn from([start, end]: [usize; 2]) -> Span {
        Span { start, end }
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> [usize; 2] {
        [s.start, s.end]
    }
}

impl Span {
    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// A report the statement proposes, in the canonical fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub source: String,
    /// The gazetteer's name of the place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The gazetteer's id of the place (`ua-kharkiv`, `UA-63`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    pub geo_precision: GeoPrecision,
    /// RFC 3339 in the agreement's zone.
    pub occurred_at: String,
    pub time_precision: TimePrecision,
    pub act: Act,
    pub means: Means,
    /// The weapon as the statement names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub means_text: Option<String>,
    pub target_class: TargetClass,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    /// A party id of the agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perpetrator: Option<String>,
    /// The party the speaker speaks for, else the source.
    pub claimant: String,
    pub stance: Stance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launched: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destroyed: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The words each field came from (fields implied by the speaker or
    /// left at their default have none).
    pub spans: BTreeMap<Field, Span>,
    /// How a field was read, where the words alone do not say (in
    /// English: [`why::english`] of `why`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub basis: BTreeMap<Field, String>,
    /// The same, as messages a page puts in its reader's language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub why: BTreeMap<Field, Vec<Why>>,
}

impl Candidate {
    /// Records how `field` was read.
    fn because(&mut self, field: Field, why: Vec<Why>) {
        self.basis.insert(field, why::english(&why));
        self.why.insert(field, why);
    }
}

/// A statement with what was read from it: the unit a review stores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub statement: Statement,
    pub lang: Lang,
    /// The party the statement speaks for, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// What the offsets of every span count: [`SPAN_UNIT`].
    pub span_unit: String,
    pub candidates: Vec<Candidate>,
}

/// Why a statement cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("text: the statement is {len} bytes long; at most {MAX_TEXT_LEN} bytes are read")]
    TooLong { len: usize },
    #[error("source: the source is empty; say who published the statement")]
    NoSource,
    #[error("source: the source is {len} bytes long; at most {MAX_ID_LEN} bytes")]
    SourceTooLong { len: usize },
    #[error("published_at: {0}")]
    PublishedAt(String),
}

impl StatementError {
    /// The input field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            StatementError::TooLong { .. } => "text",
            StatementError::NoSource | StatementError::SourceTooLong { .. } => "source",
            StatementError::PublishedAt(_) => "published_at",
        }
    }
}

/// Reads statements against an agreement's parties, a gazetteer and a time
/// zone.
pub struct Extractor<'g> {
    gazetteer: &'g Gazetteer,
    tz: TimeZone,
    resolver: PartyResolver,
    /// The agreement's party ids for Ukraine and Russia.
    ukraine: Option<String>,
    russia: Option<String>,
}

/// Who speaks, and how that is known.
#[derive(Debug, Clone)]
struct Speaker {
    party: Option<String>,
    side: Option<Side>,
    /// Tokens of the words that name the speaker, when the text does.
    words: Option<(usize, usize)>,
    rule: Why,
}

/// A weapon named once, maybe in several words ("ударними БпЛА типу
/// Shahed"): its class and its most specific words.
#[derive(Debug, Clone, Copy)]
struct MeansGroup {
    sentence: usize,
    start: usize,
    end: usize,
    class: Means,
    spec: Spec,
    /// Tokens of the most specific words.
    words: (usize, usize),
}

/// Who did it: the side, the tokens that say so (none when implied), and
/// the rule.
type Doer = (Side, Option<(usize, usize)>, Why);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CountRole {
    Launched,
    Destroyed,
}

/// Weapons counted for one class.
#[derive(Debug, Clone)]
struct Tally {
    class: Means,
    group: usize,
    first_token: usize,
    sentences: Vec<usize>,
    launched: Option<(u64, usize, Option<usize>)>,
    destroyed: Option<(u64, usize, Option<usize>)>,
}

struct Event {
    place: Option<usize>,
    /// The sentences it is told in.
    sentences: Vec<usize>,
    /// The tokens that tell it: whole sentences, or the clause of its own
    /// place when a sentence names several ("a substation in Kharkiv was
    /// damaged, and a house was hit in Odesa").
    parts: Vec<(usize, usize)>,
    paragraph: usize,
}

impl Event {
    fn add(&mut self, sentence: usize, part: (usize, usize)) {
        if !self.sentences.contains(&sentence) {
            self.sentences.push(sentence);
        }
        if !self.parts.contains(&part) {
            self.parts.push(part);
        }
    }
}

/// Everything read from one statement, shared by the rules below.
struct Doc<'a, 'g> {
    text: &'a str,
    t: Tokens,
    hits: Vec<Hit>,
    cue_at: Vec<Option<(Cue, usize)>>,
    covered: Vec<bool>,
    sentences: Vec<(usize, usize)>,
    paragraph_of: Vec<usize>,
    times: Vec<when::TimeRef>,
    groups: Vec<MeansGroup>,
    places: Vec<PlaceHit<'g>>,
    speaker: Speaker,
    /// The first doer the statement names, in any sentence.
    first_agent: Option<(Side, usize, usize)>,
}

/// Words between the parts of one weapon's name.
const MEANS_JOINERS: &[&str] = &[
    "типу", "типа", "type", "of", "/", "-", "та", "і", "й", "и", "and", "or", "або", "или", "(",
    ")", ",", "«", "»", "\"", "“", "”",
];

/// Words before a party that make it the doer ("by Russian forces").
const BY: &[&str] = &["by", "боку", "стороны", "силами"];

/// Most candidates one statement yields.
const MAX_CANDIDATES: usize = 64;

impl<'g> Extractor<'g> {
    /// An extractor for the agreement's parties; times without an offset
    /// and relative days are read in `tz`.
    pub fn new(agreement: &Agreement, gazetteer: &'g Gazetteer, tz: TimeZone) -> Extractor<'g> {
        let resolver = agreement.party_resolver();
        let ukraine = resolver.resolve(Side::Ukraine.name()).map(str::to_string);
        let russia = resolver.resolve(Side::Russia.name()).map(str::to_string);
        Extractor {
            gazetteer,
            tz,
            resolver,
            ukraine,
            russia,
        }
    }

    fn party_of(&self, side: Side) -> Option<&str> {
        match side {
            Side::Ukraine => self.ukraine.as_deref(),
            Side::Russia => self.russia.as_deref(),
        }
    }

    fn side_of(&self, party: &str) -> Option<Side> {
        if self.ukraine.as_deref() == Some(party) {
            Some(Side::Ukraine)
        } else if self.russia.as_deref() == Some(party) {
            Some(Side::Russia)
        } else {
            None
        }
    }

    /// Reads a statement: its language, its speaker and its candidates,
    /// with the statement kept beside them.
    pub fn extract(&self, st: &Statement) -> Result<Extraction, StatementError> {
        let (lang, speaker, candidates) = self.read(st)?;
        Ok(Extraction {
            statement: st.clone(),
            lang,
            speaker,
            span_unit: SPAN_UNIT.to_string(),
            candidates,
        })
    }

    /// The candidates alone.
    pub fn candidates(&self, st: &Statement) -> Result<Vec<Candidate>, StatementError> {
        self.read(st).map(|(_, _, c)| c)
    }

    fn read(
        &self,
        st: &Statement,
    ) -> Result<(Lang, Option<String>, Vec<Candidate>), StatementError> {
        if st.text.len() > MAX_TEXT_LEN {
            return Err(StatementError::TooLong { len: st.text.len() });
        }
        let source = st.source.trim();
        if source.is_empty() {
            return Err(StatementError::NoSource);
        }
        if source.len() > MAX_ID_LEN {
            return Err(StatementError::SourceTooLong { len: source.len() });
        }
        let published = parse_instant(&st.published_at, &self.tz)
            .map_err(StatementError::PublishedAt)
            .and_then(|s| {
                Timestamp::from_second(s)
                    .map(|ts| ts.to_zoned(self.tz.clone()))
                    .map_err(|e| StatementError::PublishedAt(e.to_string()))
            })?;
        let text = st.text.as_str();
        let lang = st.lang.unwrap_or_else(|| Lang::detect(text));

        let t = Tokens::new(text);
        let n = t.len();
        let hits = Lexicon::get().scan(&t);
        let mut cue_at: Vec<Option<(Cue, usize)>> = vec![None; n];
        let mut covered = vec![false; n];
        for h in &hits {
            cue_at[h.start] = Some((h.cue, h.end));
            for c in &mut covered[h.start..h.end] {
                *c = true;
            }
        }
        let sentences = text::sentences(&t);
        let mut paragraph_of = Vec::with_capacity(sentences.len());
        let mut para = 0;
        for &(a, _) in &sentences {
            if t.get(a).is_some_and(|x| x.paragraph_before) {
                para += 1;
            }
            paragraph_of.push(para);
        }

        let mut claimed = vec![false; n];
        let times = when::find(
            &when::Scan {
                tokens: &t,
                cue_at: &cue_at,
                sentences: &sentences,
                published: &published,
                tz: &self.tz,
            },
            &mut claimed,
        );
        let groups = means_groups(&t, &hits, &sentences);
        let counts = counts(&t, &hits, &cue_at, &sentences, &groups, &mut claimed);
        let mut launching = vec![false; sentences.len()];
        for h in &hits {
            if let Cue::Act(ActCue::Launch | ActCue::Attack) = h.cue
                && let Some(s) = sentence_of(&sentences, h.start)
            {
                launching[s] = true;
            }
        }
        for c in &counts {
            launching[c.sentence] = true;
        }
        let places = places::find(&places::Scan {
            tokens: &t,
            text,
            cue_at: &cue_at,
            covered: &covered,
            sentences: &sentences,
            launching: &launching,
            gazetteer: self.gazetteer,
        });
        let speaker = self.speaker(source, lang, &hits);
        let mut doc = Doc {
            text,
            t,
            hits,
            cue_at,
            covered,
            sentences,
            paragraph_of,
            times,
            groups,
            places,
            speaker,
            first_agent: None,
        };
        doc.first_agent =
            (0..doc.sentences.len()).find_map(|s| agent_in(&doc, s, doc.speaker.side, false));

        let mut out = Vec::new();
        let tallies = tallies(&counts, &doc.groups);
        let events = events(&doc, &counts);
        // Candidates in the order the statement names them.
        let mut order: Vec<(usize, bool, usize)> = tallies
            .iter()
            .enumerate()
            .map(|(i, x)| (x.first_token, true, i))
            .chain(events.iter().enumerate().map(|(i, e)| {
                let first = e
                    .place
                    .map(|p| doc.places[p].start)
                    .or_else(|| e.sentences.first().map(|&s| doc.sentences[s].0))
                    .unwrap_or(0);
                (first, false, i)
            }))
            .collect();
        order.sort();
        let mut weak = Vec::new();
        for (_, is_tally, i) in order {
            if out.len() >= MAX_CANDIDATES {
                break;
            }
            let c = if is_tally {
                self.tally_candidate(&doc, &tallies[i], st, &published)
                    .map(|c| (c, false))
            } else {
                self.event_candidate(&doc, &events[i], st, &published)
            };
            if let Some((c, w)) = c {
                out.push(c);
                weak.push(w);
            }
        }
        if weak.iter().any(|w| !w) {
            let mut k = 0;
            out.retain(|_| {
                k += 1;
                !weak[k - 1]
            });
        }
        Ok((lang, doc.speaker.party.clone(), out))
    }

    /// The speaker: the party the source names (`ua-mod`), else the one the
    /// text names as itself ("Повітряні сили ЗСУ"), else the side whose
    /// speakers use the statement's words ("окупанти", "киевский режим"),
    /// else Ukraine for a statement in Ukrainian.
    fn speaker(&self, source: &str, lang: Lang, hits: &[Hit]) -> Speaker {
        let from_source = self.resolver.resolve(source).or_else(|| {
            source
                .split(['-', '_', '.', ':', '/', ' '])
                .next()
                .and_then(|p| self.resolver.resolve(p))
        });
        if let Some(p) = from_source {
            return Speaker {
                party: Some(p.to_string()),
                side: self.side_of(p),
                words: None,
                rule: Why::new("why-source-speaks-for")
                    .with("source", source)
                    .with("party", p),
            };
        }
        let named = |side: Side, words: Option<(usize, usize)>, rule: Why| Speaker {
            party: self.party_of(side).map(str::to_string),
            side: Some(side),
            words,
            rule,
        };
        if let Some(h) = hits.iter().find(|h| matches!(h.cue, Cue::Speaker(_)))
            && let Cue::Speaker(side) = h.cue
        {
            return named(side, Some((h.start, h.end)), Why::new("why-speaker-named"));
        }
        let usage = hits.iter().find_map(|h| match h.cue {
            Cue::Party(_, _, Some(s)) | Cue::Enemy(Some(s)) => Some((s, h)),
            _ => None,
        });
        if let Some((side, h)) = usage {
            return named(
                side,
                Some((h.start, h.end)),
                Why::new("why-side-words").side(side),
            );
        }
        if lang == Lang::Uk {
            return named(Side::Ukraine, None, Why::new("why-ukrainian-statement"));
        }
        Speaker {
            party: None,
            side: None,
            words: None,
            rule: Why::new("why-speaker-unknown"),
        }
    }

    fn span(doc: &Doc<'_, '_>, a: usize, b: usize) -> Span {
        let (start, end) = doc.t.bytes(a, b);
        Span { start, end }
    }

    /// The party that did it, with the words that say so and the rule.
    fn doer(
        &self,
        doc: &Doc<'_, '_>,
        sentences: &[usize],
        place: Option<&PlaceHit<'_>>,
        deny: bool,
    ) -> Option<Doer> {
        if deny {
            // A denial is made on the denier's own behalf.
            if let Some(sp) = doc.speaker.side {
                let words = sentences.iter().find_map(|&s| {
                    let &(a, b) = doc.sentences.get(s)?;
                    hits_in(&doc.hits, a, b).iter().find_map(|h| match h.cue {
                        Cue::Party(side, ..) if side == sp => Some((h.start, h.end)),
                        _ => None,
                    })
                });
                return Some((sp, words, Why::new("why-denies-for-itself")));
            }
            return sentences.iter().find_map(|&s| {
                agent_in(doc, s, None, true)
                    .map(|(side, a, b)| (side, Some((a, b)), Why::new("why-named-denying")))
            });
        }
        for &s in sentences {
            if let Some((side, a, b)) = agent_in(doc, s, doc.speaker.side, false) {
                return Some((side, Some((a, b)), Why::new("why-named-doer")));
            }
        }
        if let Some((side, a, b)) = doc.first_agent {
            return Some((side, Some((a, b)), Why::new("why-named-doer-elsewhere")));
        }
        let speaker = doc.speaker.side?;
        // Implied: a party reporting an attack on its own ground accuses
        // the other; one reporting a strike on the other's ground, without
        // naming who struck, reports its own.
        if place.is_none_or(|p| p.place.country == speaker.country()) {
            Some((
                speaker.other(),
                None,
                Why::new("why-implied-own-ground").side(speaker),
            ))
        } else {
            Some((
                speaker,
                None,
                Why::new("why-implied-other-ground").side(speaker),
            ))
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn common(
        &self,
        doc: &Doc<'_, '_>,
        st: &Statement,
        published: &jiff::Zoned,
        sentences: &[usize],
        place: Option<&PlaceHit<'_>>,
        deny: Option<(usize, usize)>,
        c: &mut Candidate,
    ) {
        let first = sentences.first().copied().unwrap_or(0);
        // Place.
        if let Some(p) = place {
            c.place = Some(p.place.name.clone());
            c.place_id = Some(p.place.id.clone());
            c.latitude = Some(p.place.point.lat);
            c.longitude = Some(p.place.point.lon);
            c.geo_precision = p.precision;
            c.spans
                .insert(Field::Place, Self::span(doc, p.start, p.end));
            if let Some(r) = &p.rule {
                c.because(Field::Place, vec![r.clone()]);
            }
        }
        // Time: in its own sentences, else the last one before, else the
        // first after in the paragraph, else the day of publication.
        let para = doc.paragraph_of.get(first).copied().unwrap_or(0);
        let own = doc.times.iter().find(|x| sentences.contains(&x.sentence));
        let before = doc
            .times
            .iter()
            .rev()
            .find(|x| x.sentence < first && doc.paragraph_of.get(x.sentence) == Some(&para));
        let after = doc
            .times
            .iter()
            .find(|x| x.sentence > first && doc.paragraph_of.get(x.sentence) == Some(&para));
        let tz = &self.tz;
        if let Some(x) = own.or(before).or(after) {
            c.occurred_at = format_at(x.at, tz);
            c.time_precision = x.precision;
            c.spans
                .insert(Field::OccurredAt, Self::span(doc, x.start, x.end));
            c.because(Field::OccurredAt, x.rule.clone());
        } else if let Some((at, rule)) = when::publication_day(published, tz) {
            c.occurred_at = format_at(at, tz);
            c.time_precision = TimePrecision::Day;
            c.because(Field::OccurredAt, vec![rule]);
        }
        // Who, and the stance.
        let doer = self.doer(doc, sentences, place, deny.is_some());
        let mut side_done = None;
        if let Some((side, words, rule)) = doer {
            side_done = Some(side);
            match self.party_of(side) {
                Some(p) => {
                    c.perpetrator = Some(p.to_string());
                    if let Some((a, b)) = words {
                        c.spans.insert(Field::Perpetrator, Self::span(doc, a, b));
                    }
                    c.because(Field::Perpetrator, vec![rule]);
                }
                None => {
                    c.because(
                        Field::Perpetrator,
                        vec![Why::new("why-no-party-for-side").side(side)],
                    );
                }
            }
        }
        c.claimant = doc
            .speaker
            .party
            .clone()
            .unwrap_or_else(|| st.source.trim().to_string());
        if let Some((a, b)) = doc.speaker.words {
            c.spans.insert(Field::Claimant, Self::span(doc, a, b));
        }
        c.because(Field::Claimant, vec![doc.speaker.rule.clone()]);
        c.stance = if let Some((a, b)) = deny {
            c.spans.insert(Field::Stance, Self::span(doc, a, b));
            Stance::Denies
        } else if c.perpetrator.is_some() && side_done.is_some() && side_done == doc.speaker.side {
            c.because(Field::Stance, vec![Why::new("why-own-side-doer")]);
            Stance::Confirms
        } else if c.perpetrator.is_some() {
            Stance::Alleges
        } else {
            Stance::Observes
        };
        c.url = st.url.clone();
    }

    /// The town a target is named after, when the statement names no
    /// place: "Кременчуцький НПЗ" → Kremenchuk, "Херсонской ТЭЦ" → Kherson.
    fn place_of_target(&self, doc: &Doc<'_, '_>, h: &Hit) -> Option<PlaceHit<'g>> {
        let (a, b) = target_name(doc, h)?;
        // The adjective before ("Херсонской ТЭЦ"), then the quoted name
        // after (газовимірювальна станція «Суджа»).
        let tries = (a..h.start)
            .chain(h.end..b)
            .filter(|&k| doc.t.get(k).is_some_and(|x| x.kind == Kind::Word && x.cap));
        for k in tries {
            let Some(place) = places::town_of_adjective(self.gazetteer, doc.t.norm(k)) else {
                continue;
            };
            // A town made from an adjective must be a real town.
            if k < h.start && place.population < places::SMALL {
                continue;
            }
            return Some(PlaceHit {
                sentence: sentence_of(&doc.sentences, k)?,
                start: k,
                end: k + 1,
                place,
                precision: GeoPrecision::Settlement,
                origin: false,
                hint: false,
                rule: Some(Why::new("why-target-named-after").place(place)),
            });
        }
        None
    }

    fn blank(st: &Statement) -> Candidate {
        Candidate {
            source: st.source.trim().to_string(),
            place: None,
            place_id: None,
            latitude: None,
            longitude: None,
            geo_precision: GeoPrecision::Country,
            occurred_at: String::new(),
            time_precision: TimePrecision::Day,
            act: Act::Other,
            means: Means::Unknown,
            means_text: None,
            target_class: TargetClass::Unknown,
            target_name: None,
            perpetrator: None,
            claimant: String::new(),
            stance: Stance::Observes,
            launched: None,
            destroyed: None,
            url: None,
            spans: BTreeMap::new(),
            basis: BTreeMap::new(),
            why: BTreeMap::new(),
        }
    }

    fn set_means(doc: &Doc<'_, '_>, c: &mut Candidate, g: &MeansGroup) {
        c.means = g.class;
        let (a, b) = g.words;
        let span = Self::span(doc, a, b);
        c.means_text = doc.text.get(span.range()).map(str::to_string);
        c.spans.insert(Field::Means, span);
    }

    fn tally_candidate(
        &self,
        doc: &Doc<'_, '_>,
        x: &Tally,
        st: &Statement,
        published: &jiff::Zoned,
    ) -> Option<Candidate> {
        let mut c = Self::blank(st);
        // A place only when the counting sentences name exactly one.
        let mut named: Vec<usize> = Vec::new();
        for (i, p) in doc.places.iter().enumerate() {
            if x.sentences.contains(&p.sentence)
                && !p.origin
                && !p.hint
                && !named.iter().any(|&k| doc.places[k].place.id == p.place.id)
            {
                named.push(i);
            }
        }
        let place = match named.as_slice() {
            [one] => Some(&doc.places[*one]),
            _ => None,
        };
        self.common(doc, st, published, &x.sentences, place, None, &mut c);
        let g = doc.groups.get(x.group)?;
        Self::set_means(doc, &mut c, g);
        let (act, cue) = match (x.launched, x.destroyed) {
            (Some((_, _, cue)), _) => (Act::Launch, cue),
            (None, Some((_, _, cue))) => (Act::Interception, cue),
            (None, None) => return None,
        };
        c.act = act;
        if let Some(k) = cue
            && let Some((_, end)) = doc.cue_at.get(k).copied().flatten()
        {
            c.spans.insert(Field::Act, Self::span(doc, k, end));
        }
        if let Some((n, tok, _)) = x.launched {
            c.launched = Some(n);
            c.spans
                .insert(Field::Launched, Self::span(doc, tok, tok + 1));
        }
        if let Some((n, tok, _)) = x.destroyed {
            c.destroyed = Some(n);
            c.spans
                .insert(Field::Destroyed, Self::span(doc, tok, tok + 1));
        }
        if place.is_none() {
            c.because(Field::Place, vec![Why::new("why-tally-no-place")]);
        }
        Some(c)
    }

    fn event_candidate(
        &self,
        doc: &Doc<'_, '_>,
        e: &Event,
        st: &Statement,
        published: &jiff::Zoned,
    ) -> Option<(Candidate, bool)> {
        let mut c = Self::blank(st);
        // The event's own clauses first; its whole sentences when they
        // say more ("У Харкові та Чугуєві пошкоджено будинки").
        let own_hits: Vec<Hit> = e
            .parts
            .iter()
            .flat_map(|&(a, b)| hits_in(&doc.hits, a, b).iter().copied())
            .collect();
        let sentence_hits: Vec<Hit> = e
            .sentences
            .iter()
            .filter_map(|&s| doc.sentences.get(s))
            .flat_map(|&(a, b)| hits_in(&doc.hits, a, b).iter().copied())
            .collect();
        let pick = |f: &dyn Fn(&Hit) -> bool| -> Vec<Hit> {
            let own: Vec<Hit> = own_hits.iter().filter(|h| f(h)).copied().collect();
            if own.is_empty() {
                sentence_hits.iter().filter(|h| f(h)).copied().collect()
            } else {
                own
            }
        };

        // What was hit: energy first, then the other classes.
        let targets = pick(&|h| matches!(h.cue, Cue::Target(..)));
        let target = targets
            .iter()
            .filter_map(|h| match h.cue {
                Cue::Target(tc, spec) => Some((*h, tc, spec)),
                _ => None,
            })
            .min_by_key(|(h, tc, spec)| (target_rank(*tc), std::cmp::Reverse(*spec), h.start));
        let mut place = e.place.map(|p| doc.places[p].clone());
        if place.is_none()
            && let Some((h, ..)) = target
        {
            place = self.place_of_target(doc, &h);
        }
        if place.is_none() && target.is_none() {
            return None;
        }
        // Only a kind of target in general, nowhere: kept only when the
        // statement has nothing better.
        let weak = place.is_none() && target.is_some_and(|(_, _, spec)| spec == Spec::Generic);
        let deny = deny_in(doc, &sentence_hits);
        self.common(
            doc,
            st,
            published,
            &e.sentences,
            place.as_ref(),
            deny,
            &mut c,
        );

        if let Some((h, tc, _)) = target {
            c.target_class = tc;
            c.spans
                .insert(Field::TargetClass, Self::span(doc, h.start, h.end));
            if let Some((a, b)) = target_name(doc, &h) {
                let span = Self::span(doc, a, b);
                c.target_name = doc.text.get(span.range()).map(str::to_string);
                c.spans.insert(Field::TargetName, span);
            }
        }

        // The weapon: named in the event's words, else the statement's
        // one weapon, else every weapon it names (mixed).
        // Of several, the words nearest the place.
        let near = |k: usize| {
            place.as_ref().map_or(0, |p| {
                let other = sentence_of(&doc.sentences, k) != Some(p.sentence);
                k.abs_diff(p.start) + if other { doc.t.len() } else { 0 }
            })
        };
        let in_parts = |g: &&MeansGroup| e.parts.iter().any(|&(a, b)| g.start >= a && g.start < b);
        let own = doc
            .groups
            .iter()
            .filter(in_parts)
            .min_by_key(|g| (near(g.start), g.start))
            .or_else(|| {
                doc.groups
                    .iter()
                    .find(|g| e.sentences.contains(&g.sentence))
            });
        if let Some(g) = own {
            Self::set_means(doc, &mut c, g);
        } else {
            let mut classes: Vec<&MeansGroup> = Vec::new();
            for g in &doc.groups {
                if !classes.iter().any(|k| k.class == g.class) {
                    classes.push(g);
                }
            }
            match classes.as_slice() {
                [] => {}
                [g] => {
                    Self::set_means(doc, &mut c, g);
                    c.because(Field::Means, vec![Why::new("why-one-weapon")]);
                }
                [g, ..] => {
                    let names: Vec<&str> = classes
                        .iter()
                        .filter_map(|k| doc.text.get(Self::span(doc, k.words.0, k.words.1).range()))
                        .collect();
                    c.means = Means::Mixed;
                    c.means_text = Some(names.join(", "));
                    c.spans
                        .insert(Field::Means, Self::span(doc, g.words.0, g.words.1));
                    c.because(Field::Means, vec![Why::new("why-several-weapons")]);
                }
            }
        }

        // The act: shelling when said or by guns, an interception when a
        // weapon was only shot down, else a strike.
        // A denied act is still the act ("did not strike"); damage that is
        // denied ("no damage") is none.
        let acts = pick(&|h| match h.cue {
            Cue::Act(ActCue::Damage) => !negated(doc, h),
            Cue::Act(_) => true,
            _ => false,
        });
        let shelling = acts
            .iter()
            .filter(|h| matches!(h.cue, Cue::Act(ActCue::Shelling)))
            .min_by_key(|h| (near(h.start), h.start));
        let intercept_only = target.is_none()
            && acts
                .iter()
                .all(|h| matches!(h.cue, Cue::Act(ActCue::Intercept)))
            && !acts.is_empty()
            && own.is_some();
        let (act, cue) = if let Some(h) = shelling {
            (Act::Shelling, Some(*h))
        } else if c.means == Means::Artillery {
            (Act::Shelling, acts.first().copied())
        } else if intercept_only {
            (Act::Interception, acts.first().copied())
        } else {
            let attack = acts
                .iter()
                .filter(|h| matches!(h.cue, Cue::Act(ActCue::Attack)))
                .min_by_key(|h| (near(h.start), h.start));
            let any = acts.iter().min_by_key(|h| (near(h.start), h.start));
            (Act::Strike, attack.or(any).copied())
        };
        c.act = act;
        match cue {
            Some(h) => {
                c.spans.insert(Field::Act, Self::span(doc, h.start, h.end));
            }
            None => {
                c.because(Field::Act, vec![Why::new("why-hit-is-strike")]);
            }
        }
        Some((c, weak))
    }
}

/// RFC 3339 in the zone: `2025-03-25T00:00:00+02:00`.
fn format_at(at: i64, tz: &TimeZone) -> String {
    match Timestamp::from_second(at) {
        Ok(ts) => ts
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

/// The hits that start within tokens `a..b` (hits are in token order).
fn hits_in(hits: &[Hit], a: usize, b: usize) -> &[Hit] {
    let from = hits.partition_point(|h| h.start < a);
    let to = hits.partition_point(|h| h.start < b);
    hits.get(from..to).unwrap_or(&[])
}

fn sentence_of(sentences: &[(usize, usize)], tok: usize) -> Option<usize> {
    let k = sentences.partition_point(|&(_, b)| b <= tok);
    (k < sentences.len() && sentences[k].0 <= tok).then_some(k)
}

/// Energy first (the moratorium's subject), then health and schools,
/// homes, other civilian classes, military.
fn target_rank(t: TargetClass) -> u8 {
    match t.family() {
        "energy" => 0,
        _ => match t {
            TargetClass::CivilianMedical | TargetClass::CivilianEducation => 1,
            TargetClass::CivilianResidential => 2,
            TargetClass::CivilianOther => 4,
            TargetClass::Military => 5,
            TargetClass::Unknown => 6,
            _ => 3,
        },
    }
}

fn compatible(a: (Means, Spec), b: (Means, Spec)) -> bool {
    if a.0.family() != b.0.family() {
        return false;
    }
    a.0 == b.0
        || a.1 == Spec::Generic
        || b.1 == Spec::Generic
        || a.0 == Means::MissileOther
        || b.0 == Means::MissileOther
}

/// Weapon words grouped by the weapon they name: "ударними БпЛА типу
/// Shahed", "ракетами Х-101 та Калібр".
fn means_groups(t: &Tokens, hits: &[Hit], sentences: &[(usize, usize)]) -> Vec<MeansGroup> {
    let mut out: Vec<MeansGroup> = Vec::new();
    // Members of the open group with the highest spec, as token ranges.
    for h in hits {
        let Cue::Means(class, spec) = h.cue else {
            continue;
        };
        let Some(s) = sentence_of(sentences, h.start) else {
            continue;
        };
        if let Some(g) = out.last_mut()
            && g.sentence == s
            && h.start >= g.end
            && h.start - g.end <= 2
            && (g.end..h.start).all(|k| MEANS_JOINERS.contains(&t.norm(k)))
            && compatible((g.class, g.spec), (class, spec))
        {
            g.end = h.end;
            if spec > g.spec {
                g.spec = spec;
                g.class = class;
                g.words = (h.start, h.end);
            } else if spec == g.spec {
                // "Іскандер-М/KN-23": the names together.
                if g.class == Means::MissileOther && class != Means::MissileOther {
                    g.class = class;
                }
                g.words.1 = h.end;
            }
            continue;
        }
        out.push(MeansGroup {
            sentence: s,
            start: h.start,
            end: h.end,
            class,
            spec,
            words: (h.start, h.end),
        });
    }
    out
}

/// A count of weapons: a number with its weapon, and whether they were
/// launched or destroyed.
#[derive(Debug, Clone, Copy)]
struct Count {
    sentence: usize,
    token: usize,
    value: u64,
    role: CountRole,
    group: usize,
    /// The act word that says which.
    cue: Option<usize>,
}

/// Largest count read: more is a typing error, not an attack.
const MAX_COUNT: u64 = 100_000;

fn counts(
    t: &Tokens,
    hits: &[Hit],
    cue_at: &[Option<(Cue, usize)>],
    sentences: &[(usize, usize)],
    groups: &[MeansGroup],
    claimed: &mut [bool],
) -> Vec<Count> {
    let mut out = Vec::new();
    let is_people = |k: usize| matches!(cue_at.get(k).copied().flatten(), Some((Cue::People, _)));
    for (si, &(a, b)) in sentences.iter().enumerate() {
        let role_cues: Vec<(usize, CountRole)> = hits_in(hits, a, b)
            .iter()
            .filter_map(|h| match h.cue {
                Cue::Act(ActCue::Intercept) => Some((h.start, CountRole::Destroyed)),
                Cue::Act(ActCue::Launch | ActCue::Attack) => Some((h.start, CountRole::Launched)),
                _ => None,
            })
            .collect();
        if role_cues.is_empty() {
            continue;
        }
        let mut i = a;
        while i < b {
            let Some(value) = t.number(i).filter(|v| (1..=MAX_COUNT).contains(v)) else {
                i += 1;
                continue;
            };
            // "Х-59/69": a number in a weapon's name.
            let in_name = i > a && t.is_punct(i - 1, '/') && t.get(i).is_some_and(|x| x.joined);
            if claimed.get(i).copied().unwrap_or(true) || in_name {
                i += 1;
                continue;
            }
            // "57 of 99": destroyed of launched.
            let pair = matches!(cue_at.get(i + 1).copied().flatten(), Some((Cue::Of, _)))
                && i + 2 < b
                && !claimed.get(i + 2).copied().unwrap_or(true)
                && t.number(i + 2)
                    .is_some_and(|v| v >= value && v <= MAX_COUNT);
            let after = if pair { i + 3 } else { i + 1 };
            if (after..(after + 2).min(b)).any(is_people) {
                i += 1;
                continue;
            }
            // Its weapon: named within four words after it, else the one
            // named last before it.
            let next = groups.iter().position(|g| {
                g.start >= after
                    && g.start <= after + 4
                    && g.start < b
                    && (after..g.start).all(|k| t.number(k).is_none() && !is_people(k))
            });
            let group = next.or_else(|| groups.iter().rposition(|g| g.end <= i));
            let Some(group) = group else {
                i += 1;
                continue;
            };
            let nearest = |role: Option<CountRole>| {
                role_cues
                    .iter()
                    .filter(|(_, r)| role.is_none_or(|x| x == *r))
                    .min_by_key(|(k, _)| {
                        let (lo, hi) = if *k < i { (*k, i) } else { (i, *k) };
                        let puncts = (lo..hi)
                            .filter(|&m| matches!(t.get(m).map(|x| x.kind), Some(Kind::Punct(_))))
                            .count();
                        hi - lo + 2 * puncts
                    })
                    .copied()
            };
            if pair {
                let second = i + 2;
                let destroyed_cue = nearest(Some(CountRole::Destroyed)).map(|(k, _)| k);
                let launched_cue = nearest(Some(CountRole::Launched)).map(|(k, _)| k);
                out.push(Count {
                    sentence: si,
                    token: i,
                    value,
                    role: CountRole::Destroyed,
                    group,
                    cue: destroyed_cue,
                });
                if let Some(v) = t.number(second) {
                    out.push(Count {
                        sentence: si,
                        token: second,
                        value: v,
                        role: CountRole::Launched,
                        group,
                        cue: launched_cue.or(destroyed_cue),
                    });
                }
                for c in claimed.iter_mut().take(second + 1).skip(i) {
                    *c = true;
                }
                i = second + 1;
                continue;
            }
            if let Some((k, role)) = nearest(None) {
                out.push(Count {
                    sentence: si,
                    token: i,
                    value,
                    role,
                    group,
                    cue: Some(k),
                });
                if let Some(c) = claimed.get_mut(i) {
                    *c = true;
                }
            }
            i += 1;
        }
    }
    out
}

/// Counts gathered by weapon class: the first launched and the first
/// destroyed count of each; the class's most specific words name it.
fn tallies(counts: &[Count], groups: &[MeansGroup]) -> Vec<Tally> {
    let mut out: Vec<Tally> = Vec::new();
    for c in counts {
        let Some(g) = groups.get(c.group) else {
            continue;
        };
        // A generic word ("ракети", "дронів") counts for the one class of
        // its family already counted.
        let same = out.iter().position(|x| x.class == g.class).or_else(|| {
            let generic = g.spec == Spec::Generic || g.class == Means::MissileOther;
            let family: Vec<usize> = out
                .iter()
                .enumerate()
                .filter(|(_, x)| x.class.family() == g.class.family())
                .map(|(k, _)| k)
                .collect();
            match family.as_slice() {
                [k] if generic => Some(*k),
                _ => None,
            }
        });
        let k = match same {
            Some(k) => k,
            None => {
                out.push(Tally {
                    class: g.class,
                    group: c.group,
                    first_token: c.token,
                    sentences: Vec::new(),
                    launched: None,
                    destroyed: None,
                });
                out.len() - 1
            }
        };
        let x = &mut out[k];
        if groups.get(x.group).is_some_and(|h| g.spec > h.spec) {
            x.group = c.group;
        }
        if !x.sentences.contains(&c.sentence) {
            x.sentences.push(c.sentence);
        }
        let slot = match c.role {
            CountRole::Launched => &mut x.launched,
            CountRole::Destroyed => &mut x.destroyed,
        };
        if slot.is_none() {
            *slot = Some((c.value, c.token, c.cue));
        }
    }
    out
}

/// Words that end a clause between two places of one sentence.
const CLAUSE_BREAKS: &[&str] = &[
    ",",
    ";",
    ":",
    "—",
    "–",
    "and",
    "та",
    "і",
    "й",
    "а",
    "и",
    "but",
    "while",
    "але",
    "но",
    "also",
    "також",
    "также",
];

/// The clauses of a sentence `a..b` around its places (in order): each
/// place's clause ends at the last break before the next place.
fn clauses(doc: &Doc<'_, '_>, a: usize, b: usize, places: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(places.len());
    let mut from = a;
    for w in places.windows(2) {
        let (x, y) = (&doc.places[w[0]], &doc.places[w[1]]);
        let cut = (x.end..y.start)
            .rev()
            .find(|&k| CLAUSE_BREAKS.contains(&doc.t.norm(k)))
            .unwrap_or(y.start);
        out.push((from, cut));
        from = cut;
    }
    out.push((from, b));
    out
}

fn events(doc: &Doc<'_, '_>, counts: &[Count]) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    let mut current: Option<usize> = None;
    let mut pending: Vec<usize> = Vec::new();
    let mut last_para = usize::MAX;
    for (si, &(a, b)) in doc.sentences.iter().enumerate() {
        let para = doc.paragraph_of.get(si).copied().unwrap_or(0);
        if para != last_para {
            current = None;
            pending.clear();
            last_para = para;
        }
        let hits = hits_in(&doc.hits, a, b);
        let has = |f: &dyn Fn(Cue) -> bool| hits.iter().any(|h| f(h.cue));
        let places: Vec<usize> = doc
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.sentence == si && !p.origin && !p.hint)
            .map(|(i, _)| i)
            .collect();
        let counted = counts.iter().any(|c| c.sentence == si);
        let target = has(&|c| matches!(c, Cue::Target(..)));
        let damage = hits
            .iter()
            .any(|h| matches!(h.cue, Cue::Act(ActCue::Damage)) && !negated(doc, h));
        let shelling = has(&|c| matches!(c, Cue::Act(ActCue::Shelling)));
        let attack = has(&|c| matches!(c, Cue::Act(ActCue::Attack)));
        let intercept = has(&|c| matches!(c, Cue::Act(ActCue::Intercept)));
        let weapon = doc.groups.iter().any(|g| g.sentence == si);
        let deny = has(&|c| matches!(c, Cue::Deny));
        let eventful = if counted {
            // A tally sentence is also an event when it says what was hit.
            target || damage
        } else {
            target
                || damage
                || shelling
                || (attack && !places.is_empty())
                || (intercept && weapon && !places.is_empty())
                || (deny && !places.is_empty())
        };
        if !eventful {
            if !places.is_empty() {
                // "Харківщина:", or a tally over one town: where what
                // follows happened, unless it names its own place.
                pending = places;
                current = None;
            }
            continue;
        }
        let (at, parts) = if places.is_empty() {
            let at = std::mem::take(&mut pending);
            let parts = vec![(a, b); at.len()];
            (at, parts)
        } else {
            pending.clear();
            let parts = clauses(doc, a, b, &places);
            (places, parts)
        };
        if at.is_empty() {
            match current {
                Some(e) => out[e].add(si, (a, b)),
                None => {
                    out.push(Event {
                        place: None,
                        sentences: vec![si],
                        parts: vec![(a, b)],
                        paragraph: para,
                    });
                    current = Some(out.len() - 1);
                }
            }
            continue;
        }
        for (p, part) in at.into_iter().zip(parts) {
            let id = &doc.places[p].place.id;
            // The same place again in the paragraph: the same event.
            let same = out.iter().rposition(|e| {
                e.paragraph == para && e.place.is_some_and(|q| &doc.places[q].place.id == id)
            });
            match same {
                Some(e) => {
                    out[e].add(si, part);
                    current = Some(e);
                }
                None => {
                    out.push(Event {
                        place: Some(p),
                        sentences: vec![si],
                        parts: vec![part],
                        paragraph: para,
                    });
                    current = Some(out.len() - 1);
                }
            }
        }
    }
    out
}

/// The doer named in a sentence: a party used as the doer (before an act
/// word, a weapon or "forces"), or the enemy (the speaker's other side).
fn agent_in(
    doc: &Doc<'_, '_>,
    s: usize,
    speaker: Option<Side>,
    deny: bool,
) -> Option<(Side, usize, usize)> {
    let &(a, b) = doc.sentences.get(s)?;
    let t = &doc.t;
    let cue_within = |from: usize, n: usize, f: &dyn Fn(Cue) -> bool| {
        (from..(from + n).min(b)).any(|k| doc.cue_at[k].is_some_and(|(c, _)| f(c)))
    };
    let act = |c: Cue| {
        matches!(
            c,
            Cue::Act(ActCue::Attack | ActCue::Shelling | ActCue::Launch | ActCue::Damage)
        )
    };
    for h in hits_in(&doc.hits, a, b) {
        match h.cue {
            Cue::Party(side, role, _) => {
                let doer = match role {
                    Role::Agent => true,
                    Role::Name => {
                        cue_within(h.end, 5, &act)
                            || (deny && cue_within(h.end, 4, &|c| matches!(c, Cue::Deny)))
                            || (h.start > a
                                && (h.start.saturating_sub(2)..h.start)
                                    .any(|k| k >= a && BY.contains(&t.norm(k))))
                    }
                    Role::Adjective => {
                        cue_within(h.end, 2, &|c| matches!(c, Cue::Means(..) | Cue::Forces))
                    }
                };
                if doer {
                    return Some((side, h.start, h.end));
                }
            }
            Cue::Enemy(_) => {
                if let Some(sp) = speaker {
                    return Some((sp.other(), h.start, h.end));
                }
            }
            _ => {}
        }
    }
    None
}

/// "Повреждений нет", "no damage", "без пострадавших": the word is
/// negated by the word before or after it.
fn negated(doc: &Doc<'_, '_>, h: &Hit) -> bool {
    let is_negation = |k: usize| {
        matches!(
            doc.cue_at.get(k).copied().flatten(),
            Some((Cue::Negation, _))
        )
    };
    (h.start > 0 && is_negation(h.start - 1)) || is_negation(h.end)
}

/// A denial in the event's words: a word of denial, or "не"/"not" just
/// before an act word.
fn deny_in(doc: &Doc<'_, '_>, hits: &[Hit]) -> Option<(usize, usize)> {
    for h in hits {
        match h.cue {
            Cue::Deny => return Some((h.start, h.end)),
            Cue::Negation => {
                let act = (h.end..h.end + 3).find(|&k| {
                    matches!(
                        doc.cue_at.get(k).copied().flatten(),
                        Some((
                            Cue::Act(ActCue::Attack | ActCue::Shelling | ActCue::Launch),
                            _
                        ))
                    )
                });
                if let Some(k) = act
                    && let Some((_, end)) = doc.cue_at[k]
                {
                    return Some((h.start, end));
                }
            }
            _ => {}
        }
    }
    None
}

/// The target's name, when the statement gives one: a capitalised word
/// before its class ("Кременчуцький НПЗ", "Sudzha gas metering station"),
/// a number in it ("ТЕЦ-5"), or a quoted name after it (нафтобаза
/// «Кавказька»).
fn target_name(doc: &Doc<'_, '_>, h: &Hit) -> Option<(usize, usize)> {
    let t = &doc.t;
    let (a0, _) = doc
        .sentences
        .get(sentence_of(&doc.sentences, h.start)?)
        .copied()?;
    let mut a = h.start;
    let mut b = h.end;
    let mut named = (h.start..h.end).any(|k| t.norm(k).chars().any(|c| c.is_ascii_digit()));
    // A capitalised word that only starts the sentence ("A substation")
    // is not a name, unless it is a place or made from one.
    let name_like = |k: usize| {
        k > a0 || doc.places.iter().any(|p| p.start == k) || places::adjective_like(t.norm(k))
    };
    if a > a0
        && let Some(prev) = t.get(a - 1)
        && prev.kind == Kind::Word
        && prev.cap
        && !doc.covered[a - 1]
        && name_like(a - 1)
    {
        a -= 1;
        named = true;
    }
    let quote_open = |k: usize| {
        matches!(
            t.get(k).map(|x| x.kind),
            Some(Kind::Punct('«' | '"' | '“' | '„'))
        )
    };
    if quote_open(b) {
        let close = (b + 1..(b + 8).min(t.len())).find(|&k| {
            matches!(
                t.get(k).map(|x| x.kind),
                Some(Kind::Punct('»' | '"' | '”' | '“'))
            )
        });
        if let Some(k) = close
            && k > b + 1
        {
            b = k + 1;
            named = true;
        }
    }
    named.then_some((a, b))
}
