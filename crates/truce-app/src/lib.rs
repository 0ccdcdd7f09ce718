//! Truce's application layer: the workspace and the one pipeline every door
//! uses. A batch of reports is ingested (validated, logged, stored) by
//! [`ingest`]; the workspace is evaluated by [`pipeline`] (correct →
//! correlate → regroup → locate → sites → evaluate → store); decisions are
//! taken by [`review`], one module per action; an incident's findings are
//! explained by [`findings`] from exactly what the stored evaluation used;
//! the store is checked against its log by [`audit`] and rebuilt from it by
//! [`replay`]. Everything here works on the storage traits; nothing speaks
//! HTTP.

pub mod audit;
pub mod claims;
pub mod export;
pub mod filters;
pub mod findings;
pub mod ingest;
pub mod migrate;
pub mod pipeline;
pub mod place;
pub mod proofs;
pub mod replay;
pub mod report;
pub mod review;
pub mod statements;
pub mod submission;
pub mod svg;
pub mod tallies;
pub mod vessels;
pub mod webhooks;
pub mod workspace;

pub use workspace::Workspace;

use truce_model::Agreement;
use truce_store::prelude::*;

/// What a request could not do, in words for the person who asked. Each kind
/// maps to one answer of the API (400, 403, 404, 409, 422; 500 for the rest).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is malformed: what the API's schema refuses too.
    #[error("{0}")]
    BadRequest(String),
    /// A list filter names nothing: the field and the values it takes.
    #[error("{0}")]
    Filter(filters::FilterError),
    /// The actor's role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Nothing by that name (or nothing the asker may see).
    #[error("{0}")]
    NotFound(String),
    /// It conflicts with what is decided already.
    #[error("{0}")]
    Conflict(String),
    /// Well formed, but it cannot be done on what it names.
    #[error("{0}")]
    Unprocessable(String),
    #[error(transparent)]
    Store(#[from] truce_store::StoreError),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

/// What evaluation judges with besides the reports: the agreement and the
/// protected sites, loaded once from the workspace.
pub struct Reference {
    pub agreement: Agreement,
    pub sites: truce_geo::SiteRegistry,
    pub gazetteer: workspace::GazetteerHandle,
}

impl Reference {
    pub fn load(store: &dyn Store) -> anyhow::Result<Reference> {
        Ok(Reference {
            agreement: store.agreement()?.agreement,
            sites: workspace::sites(store)?,
            gazetteer: workspace::gazetteer(store)?,
        })
    }

    /// The agreement's time zone.
    pub fn timezone(&self) -> jiff::tz::TimeZone {
        workspace::timezone(&self.agreement)
    }
}
