//! Truce's adapters: every source's format becomes validated [`Report`]s, and
//! every row that cannot be read becomes a [`Rejection`] naming its file, line,
//! field and reason. Nothing is dropped silently.
//!
//! [`Report`]: truce_model::Report
//! [`Rejection`]: truce_model::Rejection

pub mod canonical;
