//! Claims and disputes: whose side a report speaks for, each side's account
//! of an incident (what it says happened, by whom, with what; or what it
//! denies), and whether the accounts part. The incident page, the
//! overview's cards and the period report all read disputes from here, so
//! they never tell a dispute differently.
//!
//! Words come from a [`Words`] the caller gives (the site's translations),
//! so this layer holds the logic and no language.

use std::collections::BTreeSet;
use truce_model::{Agreement, Report};

/// Vocabulary labels and messages in one language.
pub trait Words {
    /// A vocabulary value in words: `label("status", "confirmed")`; an
    /// unknown code reads as itself.
    fn label(&self, kind: &str, code: &str) -> String;
    /// The message `key`.
    fn t(&self, key: &str) -> String;
    /// The message `key` with text arguments.
    fn args(&self, key: &str, args: &[(&'static str, String)]) -> String;
    /// The message `key` with a count `n` (an argument of that name, which
    /// picks the plural form: 1 інцидент, 2 інциденти, 5 інцидентів) and text
    /// arguments.
    fn count(&self, key: &str, n: u64, args: &[(&'static str, String)]) -> String {
        let mut all = vec![("n", n.to_string())];
        all.extend_from_slice(args);
        self.args(key, &all)
    }
    /// The language's code ("en", "uk"), for the agreement's own texts
    /// (party names) where it gives them in this language.
    fn lang(&self) -> &str {
        "en"
    }
}

/// A party's name from the agreement ("Ukraine (ua)") for an id or any name
/// reports use for it ("ВСУ", "киевский режим"); else the words as written.
pub fn party_name(a: &Agreement, raw: &str) -> String {
    party_name_in(a, raw, "en")
}

/// [`party_name`] in the language `lang` ("Україна (ua)"), where the
/// agreement gives the name in it.
pub fn party_name_in(a: &Agreement, raw: &str, lang: &str) -> String {
    let resolver = a.party_resolver();
    let id = resolver.resolve(raw).unwrap_or(raw);
    a.parties
        .iter()
        .find(|p| p.id == id)
        .map(|p| format!("{} ({id})", p.name_in(lang)))
        .unwrap_or_else(|| raw.to_string())
}

/// The party a report speaks for, as its place in the agreement's list.
pub fn side_index(a: &Agreement, r: &Report) -> Option<usize> {
    let c = r.claimant.as_deref()?;
    a.parties.iter().position(|p| p.id == c)
}

/// One side's account of an incident.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Side {
    /// The party's name, or the independent sources.
    pub who: String,
    /// The party's id; none for the independent sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// What it says, one sentence per distinct claim, denials first.
    pub says: Vec<String>,
}

/// (denies, act, who, means), compared as codes.
type Account = (bool, String, String, String);

/// Each side's account, in the agreement's order of parties, then the
/// independent voices (sides that say nothing left out); and whether the
/// accounts part (they differ on what happened or who did it, or one
/// denies).
pub fn accounts(a: &Agreement, w: &dyn Words, reports: &[&Report]) -> (Vec<Side>, bool) {
    let parties = &a.parties;
    let mut by: Vec<Vec<&Report>> = (0..=parties.len()).map(|_| Vec::new()).collect();
    for r in reports {
        let k = side_index(a, r).unwrap_or(parties.len());
        by[k].push(r);
    }
    let account = |rs: &[&Report]| -> Vec<Account> {
        let mut v: Vec<Account> = rs
            .iter()
            .filter(|r| r.act != truce_model::Act::Fire)
            .map(|x| {
                let who = x
                    .perpetrator
                    .as_deref()
                    .map(|p| party_name_in(a, p, w.lang()))
                    .unwrap_or_else(|| w.t("unnamed-party"));
                (
                    x.stance == truce_model::Stance::Denies,
                    x.act.as_str().to_string(),
                    who,
                    x.means.as_str().to_string(),
                )
            })
            .collect();
        // Denials first.
        v.sort_by(|a, b| (!a.0, &a.1, &a.2, &a.3).cmp(&(!b.0, &b.1, &b.2, &b.3)));
        v.dedup();
        v
    };
    let mut all: Vec<(usize, Vec<Account>)> = Vec::new();
    for (k, rs) in by.iter().enumerate() {
        let v = account(rs);
        if !v.is_empty() {
            all.push((k, v));
        }
    }
    let distinct: BTreeSet<(&String, &String, &String)> = all
        .iter()
        .flat_map(|(_, v)| v.iter().map(|(_, act, who, means)| (act, who, means)))
        .collect();
    let denied = all.iter().any(|(_, v)| v.iter().any(|x| x.0));
    let words = |(denies, act, who, means): &Account| {
        w.args(
            if *denies {
                "dispute-denies"
            } else {
                "dispute-says"
            },
            &[
                ("act", w.label("act", act)),
                ("who", who.clone()),
                ("means", w.label("means", means)),
            ],
        )
    };
    let sides = all
        .iter()
        .map(|(k, v)| Side {
            who: match parties.get(*k) {
                Some(p) => p.name_in(w.lang()).to_string(),
                None => w.t("side-independent-short"),
            },
            party: parties.get(*k).map(|p| p.id.clone()),
            says: v.iter().map(words).collect(),
        })
        .collect();
    (sides, distinct.len() > 1 || denied)
}

/// Where the claims differ on what happened or who did it: each side's
/// account as one line ("Russia: says …; denies …"), in the agreement's
/// order of parties, then the independent voices. Empty when they agree.
pub fn disputes_of(a: &Agreement, w: &dyn Words, reports: &[&Report]) -> Vec<String> {
    let (sides, parted) = accounts(a, w, reports);
    if !parted {
        return Vec::new();
    }
    sides
        .into_iter()
        .map(|s| format!("{}: {}", s.who, s.says.join("; ")))
        .collect()
}
