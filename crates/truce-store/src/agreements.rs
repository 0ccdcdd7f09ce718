//! Agreement versions.

use crate::Result;
use truce_model::Agreement;

/// A stored agreement version.
#[derive(Debug, Clone)]
pub struct StoredAgreement {
    pub version: i64,
    pub sha256: String,
    pub loaded_at: i64,
    pub text: String,
    pub agreement: Agreement,
}

/// Agreement versions, each on the log.
pub trait AgreementStore {
    /// Records a new agreement version (a version with the same text is not
    /// duplicated) and returns its number.
    fn put_agreement(&mut self, text: &str, agreement: &Agreement) -> Result<i64>;
    /// The latest agreement version.
    fn agreement(&self) -> Result<StoredAgreement>;
    /// All agreement versions, oldest first, as (version, sha256, loaded at).
    fn agreement_versions(&self) -> Result<Vec<(i64, String, i64)>>;
}
