//! Truce's web application: the JSON API, the server-rendered pages, the
//! review workflow and access control, over the store.
//!
//! `workspace` (opening and creating workspaces, reference data, checkpoint
//! signing) and `pipeline` (the whole evaluation with the monitors'
//! decisions applied) are shared with the command-line program.

pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod openapi;
pub mod pages;
pub mod pipeline;
pub mod review;
pub mod svg;
pub mod workspace;

pub use app::{AppState, Config, serve};
