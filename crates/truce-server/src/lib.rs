//! Truce's web application, HTTP only: the JSON API, the server-rendered
//! pages, sessions and roles. Everything it does to a workspace it asks of
//! `truce-app`, as the command line does; no handler writes SQL or a log
//! entry itself.

pub mod accounts;
pub mod api;
pub mod app;
pub mod auth;
pub mod i18n;
pub mod openapi;
pub mod pages;
pub mod period;
pub mod rejections;
pub mod review;
pub mod sources;
pub mod statements;
/// The drawings (map, charts) live with the report that needs them too.
pub use truce_app::svg;
pub mod webhooks;

pub use app::{AppState, Config, serve};
