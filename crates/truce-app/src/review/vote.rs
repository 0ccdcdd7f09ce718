//! Confirm and reject: a finding is confirmed (or rejected) once two
//! different adjudicators' latest votes agree.

use super::{Action, DecisionOutcome, Taking};
use crate::{Error, Result};
use truce_model::Status;
use truce_store::{Decision, Effect, Role};

/// The four-eyes rule: votes are taken in order; the first verdict on which
/// two different adjudicators' latest votes agree stands.
pub fn four_eyes(votes: &[Decision]) -> Option<Status> {
    let (confirm, reject) = (Action::Confirm.as_str(), Action::Reject.as_str());
    let mut latest: Vec<(&str, &str)> = Vec::new();
    for d in votes {
        if d.role != Role::Adjudicator.as_str() || !(d.action == confirm || d.action == reject) {
            continue;
        }
        match latest.iter_mut().find(|(who, _)| *who == d.actor) {
            Some(slot) => slot.1 = d.action.as_str(),
            None => latest.push((d.actor.as_str(), d.action.as_str())),
        }
        for verdict in [confirm, reject] {
            if latest.iter().filter(|(_, v)| *v == verdict).count() >= 2 {
                return Some(if verdict == confirm {
                    Status::Confirmed
                } else {
                    Status::Rejected
                });
            }
        }
    }
    None
}

pub(super) fn take(t: &mut Taking<'_>, finding: &str, verdict: Status) -> Result<DecisionOutcome> {
    let f = t
        .store
        .finding_by_id(finding)?
        .ok_or_else(|| Error::NotFound(format!("no finding {finding}")))?;
    if let Some(v) = t.store.verdict(finding)? {
        return Err(Error::Conflict(format!(
            "finding {finding} is already {v}; it was decided by two adjudicators"
        )));
    }
    let action = t.action.as_str();
    let votes = t.store.decisions_on_finding(finding)?;
    let mine = votes.iter().rev().find(|d| {
        d.actor == t.actor.name
            && (d.action == Action::Confirm.as_str() || d.action == Action::Reject.as_str())
    });
    if mine.is_some_and(|d| d.action == action) {
        return Err(Error::Conflict(format!(
            "you have already voted to {action} finding {finding}; a second adjudicator must do the same"
        )));
    }
    // The vote and the verdict it completes are written together.
    let mut all = votes;
    all.push(Decision {
        id: 0,
        at: 0,
        actor: t.actor.name.to_string(),
        role: t.actor.role.as_str().to_string(),
        action: action.to_string(),
        incident_id: None,
        finding_id: Some(finding.to_string()),
        body: serde_json::json!({}),
        reason: t.reason.to_string(),
        log_index: None,
    });
    let decided = four_eyes(&all);
    debug_assert!(decided.is_none_or(|v| v == verdict));
    let d = t.record(
        Some(&f.incident_id),
        Some(finding),
        serde_json::json!({}),
        match decided {
            Some(status) => Effect::Verdict { finding, status },
            None => Effect::None,
        },
    )?;
    Ok(DecisionOutcome {
        verdict: decided,
        pending: decided
            .is_none()
            .then(|| format!("a second adjudicator must also {action} before the finding changes")),
        ..DecisionOutcome::of(d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(actor: &str, role: Role, action: Action) -> Decision {
        Decision {
            id: 0,
            at: 0,
            actor: actor.into(),
            role: role.as_str().into(),
            action: action.as_str().into(),
            incident_id: None,
            finding_id: Some("F-1".into()),
            body: serde_json::json!({}),
            reason: "seen".into(),
            log_index: None,
        }
    }

    #[test]
    fn four_eyes_needs_two_different_adjudicators() {
        use Action::{Confirm, Reject};
        use Role::*;
        let a = |x| vote("ann", Adjudicator, x);
        let b = |x| vote("bob", Adjudicator, x);
        assert_eq!(four_eyes(&[a(Confirm)]), None);
        // The same person twice is still one pair of eyes.
        assert_eq!(four_eyes(&[a(Confirm), a(Confirm)]), None);
        assert_eq!(
            four_eyes(&[a(Confirm), b(Confirm)]),
            Some(Status::Confirmed)
        );
        assert_eq!(four_eyes(&[a(Reject), b(Reject)]), Some(Status::Rejected));
        // Disagreement waits for a third; a changed mind counts as the latest vote.
        assert_eq!(four_eyes(&[a(Confirm), b(Reject)]), None);
        assert_eq!(
            four_eyes(&[a(Confirm), b(Reject), a(Reject)]),
            Some(Status::Rejected)
        );
        let c = |x| vote("cat", Adjudicator, x);
        assert_eq!(
            four_eyes(&[a(Confirm), b(Reject), c(Confirm)]),
            Some(Status::Confirmed)
        );
        // Monitors' votes do not count.
        assert_eq!(four_eyes(&[a(Confirm), vote("mo", Monitor, Confirm)]), None);
    }
}
