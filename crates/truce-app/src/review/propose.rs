//! Propose: a monitor's proposed status for adjudicators.

use super::{DecisionOutcome, Taking};
use crate::{Error, Result};
use truce_model::Status;
use truce_store::Effect;

pub(super) fn take(t: &mut Taking<'_>, finding: &str, status: Status) -> Result<DecisionOutcome> {
    let f = t
        .store
        .finding_by_id(finding)?
        .ok_or_else(|| Error::NotFound(format!("no finding {finding}")))?;
    let d = t.record(
        Some(&f.incident_id),
        Some(finding),
        serde_json::json!({ "status": status.as_str() }),
        Effect::None,
    )?;
    Ok(DecisionOutcome::of(d))
}
