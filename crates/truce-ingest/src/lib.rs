//! Truce's adapters: every source's format becomes validated [`Report`]s, and
//! every row that cannot be read becomes a [`Rejection`] naming its file, line,
//! field and reason. Nothing is dropped silently.
//!
//! The canonical formats are read by [`canonical`]; every foreign layout
//! ([`acled`], [`firms`], [`tallies`]) translates its rows into canonical
//! values in the shared frame of [`table`] and is validated by the same code.
//! [`detect`] tells a file's layout from its header. [`ais`] decodes ship
//! positions (NMEA AIVDM/AIVDO), which are tracks rather than reports.
//! [`statements`] reads what the parties publish, in prose, into candidate
//! reports for review.
//!
//! [`Report`]: truce_model::Report
//! [`Rejection`]: truce_model::Rejection

pub mod acled;
pub mod ais;
pub mod canonical;
pub mod detect;
pub mod firms;
pub mod statements;
pub mod table;
pub mod tallies;
