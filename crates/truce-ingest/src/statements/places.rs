//! Where: place names in running text, found in the gazetteer.
//!
//! A candidate is a capitalised word (or two: "Кривий Ріг", "Nova
//! Kakhovka") that no other rule has read, or a region written with its
//! designator ("Kharkiv oblast", "Курской области", "у Харківській та
//! Сумській областях"). Lookups are strict ([`Gazetteer::lookup_strict`]):
//! a Cyrillic word matches a listed name or a declined form of one, never a
//! loose spelling, since most capitalised words are not places. A village
//! (fewer than [`SMALL`] people) is taken only after a word that says
//! "where" ("у", "near", "с.") or before a target ("Sudzha gas metering
//! station"), so that a capitalised common word does not become one.

use super::lexicon::Cue;
use super::text::{Kind, Tokens};
use super::why::Why;
use truce_geo::{Gazetteer, Place, PlaceKind, Resolution};
use truce_model::GeoPrecision;

/// Settlements smaller than this need a word that says "where" before them.
pub const SMALL: u64 = 20_000;
/// A settlement this large has city districts ("у Київському районі" of
/// Odesa).
pub const CITY: u64 = 100_000;
/// Most gazetteer lookups for one statement: bounded work on any input.
pub const MAX_LOOKUPS: usize = 256;

#[derive(Debug, Clone)]
pub struct PlaceHit<'g> {
    pub sentence: usize,
    /// Tokens the name spans.
    pub start: usize,
    pub end: usize,
    pub place: &'g Place,
    pub precision: GeoPrecision,
    /// Where weapons came from ("з напрямку Брянська"), not where they hit.
    pub origin: bool,
    /// An area that only says where another place of its sentence lies
    /// ("Nikopol, Dnipropetrovsk oblast").
    pub hint: bool,
    /// How it was read, when that is not plain.
    pub rule: Option<Why>,
}

/// Region designators after a name, and the nominative the lookup uses.
const REGION_WORDS: &[(&str, Family)] = &[
    ("oblast", Family::Oblast),
    ("region", Family::Oblast),
    ("province", Family::Oblast),
    ("oblasts", Family::Oblast),
    ("regions", Family::Oblast),
    ("provinces", Family::Oblast),
    ("область", Family::Oblast),
    ("області", Family::Oblast),
    ("областю", Family::Oblast),
    ("областях", Family::Oblast),
    ("областями", Family::Oblast),
    ("областей", Family::Oblast),
    ("областям", Family::Oblast),
    ("области", Family::Oblast),
    ("областью", Family::Oblast),
    ("обл", Family::Oblast),
    ("край", Family::Krai),
    ("краю", Family::Krai),
    ("краї", Family::Krai),
    ("краєм", Family::Krai),
    ("крае", Family::Krai),
    ("края", Family::Krai),
    ("краем", Family::Krai),
    ("krai", Family::Krai),
    ("kray", Family::Krai),
    ("territory", Family::Krai),
];

const DISTRICT_WORDS: &[&str] = &[
    "district",
    "raion",
    "район",
    "районі",
    "району",
    "районом",
    "районе",
    "района",
    "districts",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Oblast,
    Krai,
}

/// Words that say "where" before a place name.
const LOCATIVE: &[&str] = &[
    "в",
    "у",
    "во",
    "на",
    "по",
    "під",
    "под",
    "біля",
    "возле",
    "около",
    "поблизу",
    "вблизи",
    "над",
    "near",
    "in",
    "at",
    "on",
    "over",
    "outside",
    "of",
    "до",
    "з",
    "із",
    "зі",
    "из",
    "с",
    "from",
    "село",
    "селі",
    "села",
    "селище",
    "селищі",
    "смт",
    "пгт",
    "поселок",
    "поселке",
    "village",
    "town",
    "city",
    "місто",
    "місті",
    "міста",
    "город",
    "города",
    "городе",
    "м",
    "г",
    "сел",
    "пос",
    "околиці",
    "околицях",
    "окраине",
];

/// Words that say the next name is a settlement.
const SETTLEMENT_WORDS: &[&str] = &[
    "село",
    "селі",
    "села",
    "селище",
    "селищі",
    "смт",
    "пгт",
    "поселок",
    "поселке",
    "village",
    "с",
    "сел",
    "пос",
];

/// Words before a place that make it where weapons came from, in a
/// sentence about launching or attacking.
const FROM: &[&str] = &["з", "із", "зі", "из", "с", "со", "from"];

/// Words that join the members of a list ("Харківській, Сумській та
/// Полтавській областях").
const LIST_JOINERS: &[&str] = &["та", "і", "й", "и", "and", "&"];

pub struct Scan<'a, 'g> {
    pub tokens: &'a Tokens,
    pub text: &'a str,
    pub cue_at: &'a [Option<(Cue, usize)>],
    /// Tokens some phrase of the lexicon has read.
    pub covered: &'a [bool],
    pub sentences: &'a [(usize, usize)],
    /// Sentences that speak of launching or attacking, or count weapons.
    pub launching: &'a [bool],
    pub gazetteer: &'g Gazetteer,
}

/// A name found, before homonyms are settled.
struct Raw<'g> {
    sentence: usize,
    start: usize,
    end: usize,
    candidates: Vec<&'g Place>,
    needs_where: bool,
    list_start: usize,
}

fn region_family(w: &str) -> Option<Family> {
    REGION_WORDS.iter().find(|(x, _)| *x == w).map(|(_, f)| *f)
}

/// Ukrainian and Russian adjectives of place (Харківській, Курской,
/// Запорізька), told from their endings; not nouns in -ськ ("Рыльске").
pub fn adjective_like(w: &str) -> bool {
    const STEMS: [&str; 6] = ["ськ", "цьк", "зьк", "ск", "цк", "зк"];
    const ENDINGS: [&str; 24] = [
        "ий", "ій", "а", "ої", "ою", "ого", "ому", "ім", "им", "их", "ими", "і", "ой", "ая", "ую",
        "ое", "ом", "ые", "ых", "ым", "ыми", "ее", "е", "у",
    ];
    STEMS.iter().any(|stem| {
        w.rfind(stem).is_some_and(|at| {
            let rest = &w[at + stem.len()..];
            // "Рыльске" is a noun's locative; "Запорізьке" an adjective, but
            // that is also how settlements are named, so -е is left to the
            // gazetteer.
            ENDINGS.contains(&rest) && rest != "е" && rest != "у"
        })
    })
}

pub fn find<'g>(s: &Scan<'_, 'g>) -> Vec<PlaceHit<'g>> {
    let t = s.tokens;
    let mut lookups = 0usize;
    let mut raws: Vec<Raw<'g>> = Vec::new();
    let mut districts: Vec<(usize, usize, usize)> = Vec::new();
    for (si, &(a, b)) in s.sentences.iter().enumerate() {
        let mut i = a;
        while i < b {
            if lookups >= MAX_LOOKUPS {
                break;
            }
            let Some(tok) = t.get(i) else { break };
            let candidate = tok.kind == Kind::Word
                && tok.cap
                && !s.covered.get(i).copied().unwrap_or(true)
                && t.norm(i).chars().count() >= 3;
            if !candidate {
                i += 1;
                continue;
            }
            let next = if i + 1 < b && !t.list[i + 1].line_before {
                t.norm(i + 1)
            } else {
                ""
            };
            // "Київському районі": a district, settled once every other
            // place is known.
            if DISTRICT_WORDS.contains(&next) {
                districts.push((si, i, i + 2));
                i += 2;
                continue;
            }
            // A region: its designator follows, at once or after a list.
            if let Some((family, d_at)) = designator_after(t, i, b) {
                let word = &s.text[tok.start..tok.end];
                let query = match (family, tok.cyrillic) {
                    (Family::Oblast, true) => format!("{word} область"),
                    (Family::Oblast, false) => format!("{word} oblast"),
                    (Family::Krai, true) => format!("{word} край"),
                    (Family::Krai, false) => format!("{word} krai"),
                };
                lookups += 1;
                let l = s.gazetteer.lookup_strict(&query, None);
                if let Some(p) = l.resolution.found()
                    && p.kind == PlaceKind::Region
                {
                    // The designator belongs to the name when it follows
                    // at once ("обл." with its full stop).
                    let mut end = i + 1;
                    if d_at == i + 1 {
                        end = i + 2;
                        if t.norm(i + 1) == "обл" && t.is_punct(end, '.') {
                            end += 1;
                        }
                    }
                    raws.push(Raw {
                        sentence: si,
                        start: i,
                        end,
                        candidates: vec![p],
                        needs_where: false,
                        list_start: list_start(t, a, i),
                    });
                    i = end;
                    continue;
                }
            }
            // Two capitalised words: "Кривий Ріг", "Nova Kakhovka".
            let pair = i + 1 < b
                && t.list[i + 1].cap
                && t.list[i + 1].kind == Kind::Word
                && !t.list[i + 1].line_before
                && !s.covered.get(i + 1).copied().unwrap_or(true);
            if pair {
                lookups += 1;
                let (x, y) = (tok.start, t.list[i + 1].end);
                let l = s.gazetteer.lookup_strict(&s.text[x..y], None);
                if let Some(c) = candidates_of(&l.resolution) {
                    raws.push(Raw {
                        sentence: si,
                        start: i,
                        end: i + 2,
                        candidates: c,
                        needs_where: true,
                        list_start: i,
                    });
                    i += 2;
                    continue;
                }
            }
            lookups += 1;
            let l = s.gazetteer.lookup_strict(&s.text[tok.start..tok.end], None);
            if let Some(c) = candidates_of(&l.resolution) {
                raws.push(Raw {
                    sentence: si,
                    start: i,
                    end: i + 1,
                    candidates: c,
                    needs_where: true,
                    list_start: list_start(t, a, i),
                });
            }
            i += 1;
        }
    }

    // "20 над Брянской областью, 14 над Курской": once a sentence names a
    // region with its word, the adjectives of place around it name
    // regions too.
    let with_word: Vec<usize> = raws
        .iter()
        .filter(|r| r.candidates.len() == 1 && r.candidates[0].kind == PlaceKind::Region)
        .map(|r| r.sentence)
        .collect();
    for si in with_word {
        let (a, b) = s.sentences[si];
        for i in a..b {
            if lookups >= MAX_LOOKUPS {
                break;
            }
            let Some(tok) = t.get(i) else { break };
            let free = tok.kind == Kind::Word
                && tok.cap
                && tok.cyrillic
                && !s.covered.get(i).copied().unwrap_or(true)
                && adjective_like(t.norm(i))
                && !raws.iter().any(|r| r.start <= i && i < r.end);
            if !free {
                continue;
            }
            lookups += 1;
            let query = format!("{} область", &s.text[tok.start..tok.end]);
            if let Some(p) = s.gazetteer.lookup_strict(&query, None).resolution.found()
                && p.kind == PlaceKind::Region
            {
                raws.push(Raw {
                    sentence: si,
                    start: i,
                    end: i + 1,
                    candidates: vec![p],
                    needs_where: false,
                    list_start: i,
                });
            }
        }
    }

    // Regions named anywhere narrow homonyms everywhere.
    let regions: Vec<&str> = raws
        .iter()
        .filter_map(|r| match r.candidates.as_slice() {
            [p] if p.kind == PlaceKind::Region => Some(p.id.as_str()),
            _ => None,
        })
        .collect();

    let mut out: Vec<PlaceHit<'g>> = Vec::new();
    for r in &raws {
        let Some(place) = settle(&r.candidates, &regions, t.norm(r.start)) else {
            continue;
        };
        if place.kind == PlaceKind::Country {
            continue;
        }
        let (a, _) = s.sentences[r.sentence];
        // The word before the name (or before the list it is in), over a
        // colon or dash ("з напрямків: Брянськ, Курськ").
        let mut before = r.list_start.checked_sub(1).filter(|&p| p >= a);
        if let Some(p) = before
            && matches!(t.get(p).map(|x| x.kind), Some(Kind::Punct(':' | '–' | '—')))
        {
            before = p.checked_sub(1).filter(|&q| q >= a);
        }
        let said_where = before.is_some_and(|p| {
            LOCATIVE.contains(&t.norm(p))
                || (t.is_punct(p, '.') && p > a && LOCATIVE.contains(&t.norm(p - 1)))
                || matches!(
                    s.cue_at.get(p).copied().flatten(),
                    Some((Cue::Near | Cue::Origin, _))
                )
                || ends_cue(s, a, p, |c| matches!(c, Cue::Near | Cue::Origin))
        });
        let before_target = matches!(
            s.cue_at.get(r.end).copied().flatten(),
            Some((Cue::Target(..), _))
        );
        let small = place.kind == PlaceKind::Settlement && place.population < SMALL;
        if r.needs_where && small && !said_where && !before_target {
            continue;
        }
        // "над Курской": an adjective is a region's without its word, not
        // the village Kurske, unless the text says it is a village.
        let declined_adjective = r.end == r.start + 1
            && adjective_like(t.norm(r.start))
            && !same_name(t.norm(r.start), place);
        if small
            && declined_adjective
            && !before.is_some_and(|p| {
                SETTLEMENT_WORDS.contains(&t.norm(p))
                    || (t.is_punct(p, '.') && p > a && SETTLEMENT_WORDS.contains(&t.norm(p - 1)))
            })
        {
            continue;
        }
        let near = before.is_some_and(|p| ends_cue(s, a, p, |c| matches!(c, Cue::Near)));
        let origin = before.is_some_and(|p| {
            ends_cue(s, a, p, |c| matches!(c, Cue::Origin))
                || (FROM.contains(&t.norm(p))
                    && s.launching.get(r.sentence).copied().unwrap_or(false))
        });
        let precision = match (place.kind, near) {
            (PlaceKind::Settlement, true) => GeoPrecision::NearSettlement,
            (k, _) => k.precision(),
        };
        out.push(PlaceHit {
            sentence: r.sentence,
            start: r.start,
            end: r.end,
            place,
            precision,
            origin,
            hint: false,
            rule: near.then(|| Why::new("why-near").place(place)),
        });
    }

    // "у Київському районі": a district of the city the statement names,
    // else the district's centre ("Харківському районі" → Kharkiv).
    for (si, a, b) in districts {
        if lookups >= MAX_LOOKUPS {
            break;
        }
        // Only cities have districts of their own.
        let city = out
            .iter()
            .filter(|h| {
                h.place.kind == PlaceKind::Settlement && !h.origin && h.place.population >= CITY
            })
            .max_by_key(|h| h.place.population)
            .map(|h| h.place);
        let word = t.norm(a);
        let hit = match city {
            Some(c) if !same_stem(word, c) => Some((
                c,
                GeoPrecision::Settlement,
                Why::new("why-district-of").place(c),
            )),
            _ => {
                // Up to six forms of the adjective are tried.
                lookups += 6;
                centre_of_district(s, a).map(|c| {
                    (
                        c,
                        GeoPrecision::NearSettlement,
                        Why::new("why-district-around").place(c),
                    )
                })
            }
        };
        if let Some((place, precision, rule)) = hit {
            out.push(PlaceHit {
                sentence: si,
                start: a,
                end: b,
                place,
                precision,
                origin: false,
                hint: false,
                rule: Some(rule),
            });
        }
    }
    out.sort_by_key(|h| h.start);

    // An area that holds a settlement of its own sentence only says where
    // that settlement is.
    let n = out.len();
    for k in 0..n {
        if out[k].place.kind != PlaceKind::Region {
            continue;
        }
        let region = out[k].place.id.as_str();
        let sentence = out[k].sentence;
        let holds = out.iter().any(|h| {
            h.sentence == sentence
                && h.place.kind == PlaceKind::Settlement
                && h.place.region.as_deref() == Some(region)
        });
        if holds {
            out[k].hint = true;
        }
    }
    out
}

/// Whether a phrase of the lexicon satisfying `f` ends at token `p`
/// (inclusive), within the sentence starting at `a`.
fn ends_cue(s: &Scan<'_, '_>, a: usize, p: usize, f: impl Fn(Cue) -> bool) -> bool {
    (a..=p).rev().take(5).any(
        |k| matches!(s.cue_at.get(k).copied().flatten(), Some((c, end)) if end == p + 1 && f(c)),
    )
}

/// The designator that follows the word at `i`, at once or after a list of
/// names joined by commas and conjunctions: its family and its token.
fn designator_after(t: &Tokens, i: usize, b: usize) -> Option<(Family, usize)> {
    let mut j = i + 1;
    let mut steps = 0;
    while j < b && steps < 12 {
        let tok = &t.list[j];
        if tok.line_before {
            return None;
        }
        let w = t.norm(j);
        if let Some(f) = region_family(w) {
            return Some((f, j));
        }
        let joiner = matches!(tok.kind, Kind::Punct(',' | '(' | ')'))
            || tok.kind == Kind::Number
            || LIST_JOINERS.contains(&w)
            || (tok.kind == Kind::Word && tok.cap && (adjective_like(w) || !tok.cyrillic));
        if !joiner {
            return None;
        }
        j += 1;
        steps += 1;
    }
    None
}

/// Where the list the word at `i` belongs to starts: back over names,
/// commas and conjunctions.
fn list_start(t: &Tokens, a: usize, i: usize) -> usize {
    let mut k = i;
    while k > a {
        let tok = &t.list[k - 1];
        let w = t.norm(k - 1);
        // Names: capitalised words, not a capitalised "В" or "Near" that
        // starts the sentence.
        let joiner = matches!(tok.kind, Kind::Punct(','))
            || LIST_JOINERS.contains(&w)
            || (tok.kind == Kind::Word
                && tok.cap
                && w.chars().count() >= 3
                && !LOCATIVE.contains(&w)
                && !FROM.contains(&w));
        if !joiner {
            break;
        }
        k -= 1;
    }
    // The list must start with a name, not a conjunction.
    while k < i && !t.list[k].cap {
        k += 1;
    }
    k
}

fn candidates_of<'g>(r: &Resolution<'g>) -> Option<Vec<&'g Place>> {
    match r {
        Resolution::Found(p) => Some(vec![*p]),
        Resolution::Ambiguous(v) if !v.is_empty() => Some(v.iter().take(16).copied().collect()),
        _ => None,
    }
}

fn first_letters(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Whether the word is one of the place's names as written (not a
/// declined form of one).
fn same_name(word: &str, p: &Place) -> bool {
    let w = truce_geo::normalize(word);
    [&p.name, &p.name_uk, &p.name_ru]
        .iter()
        .any(|n| truce_geo::normalize(n) == w)
}

/// Whether a place's own names (not its former or foreign ones) start like
/// the word.
fn same_stem(word: &str, p: &Place) -> bool {
    let w = truce_geo::normalize(word);
    let stem = first_letters(&w, 4);
    [&p.name, &p.name_uk, &p.name_ru]
        .iter()
        .any(|n| !n.is_empty() && truce_geo::normalize(n).starts_with(stem))
}

/// One place among the candidates: the only one, or the only one in a
/// region the statement names, or the only one whose own name the word
/// starts like ("Слов'янськ" is also a former name of Nikopol).
fn settle<'g>(candidates: &[&'g Place], regions: &[&str], word: &str) -> Option<&'g Place> {
    if let [p] = candidates {
        return Some(p);
    }
    let in_regions: Vec<&'g Place> = candidates
        .iter()
        .copied()
        .filter(|p| p.region.as_deref().is_some_and(|r| regions.contains(&r)))
        .collect();
    if let [p] = in_regions.as_slice() {
        return Some(p);
    }
    let pool = if in_regions.is_empty() {
        candidates.to_vec()
    } else {
        in_regions
    };
    let own: Vec<&'g Place> = pool.into_iter().filter(|p| same_stem(word, p)).collect();
    match own.as_slice() {
        [p] => Some(p),
        [a, b, ..] if a.population > b.population.saturating_mul(10) => Some(a),
        _ => None,
    }
}

/// The town a district adjective is named after: "Харківському" →
/// Харків, "Chuhuiv" → Chuhuiv.
fn centre_of_district<'g>(s: &Scan<'_, 'g>, i: usize) -> Option<&'g Place> {
    town_of_adjective(s.gazetteer, s.tokens.norm(i))
}

/// The town an adjective of place is made from ("харківському",
/// "кременчуцький", "херсонской"), or the word itself as a town's name.
pub fn town_of_adjective<'g>(g: &'g Gazetteer, word: &str) -> Option<&'g Place> {
    let mut tries: Vec<String> = Vec::with_capacity(6);
    for ending in [
        "ському",
        "ського",
        "ській",
        "ський",
        "ськім",
        "ська",
        "ської",
        "ском",
        "ского",
        "ский",
        "ской",
        "ская",
        "цькому",
        "цького",
        "цький",
        "цькій",
        "цька",
        "цкий",
        "цкой",
        "цкого",
        "цком",
    ] {
        if let Some(stem) = word.strip_suffix(ending) {
            tries.push(stem.to_string());
            // Кременчуцький → Кременчук, Донецкой → Донецк.
            if ending.starts_with('ц') {
                tries.push(format!("{stem}к"));
                tries.push(format!("{stem}цьк"));
                tries.push(format!("{stem}цк"));
            } else {
                tries.push(format!("{stem}ськ"));
                tries.push(format!("{stem}ск"));
                tries.push(format!("{stem}е"));
                tries.push(format!("{stem}и"));
            }
            break;
        }
    }
    // The word itself last: "брянской" would otherwise be read as the
    // village Brianske.
    tries.push(word.to_string());
    tries.into_iter().find_map(|q| {
        g.lookup_strict(&q, None)
            .resolution
            .found()
            .filter(|p| p.kind == PlaceKind::Settlement)
    })
}
