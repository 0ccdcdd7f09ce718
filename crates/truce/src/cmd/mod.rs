//! One module per command.

pub mod agreement;
pub mod bench;
pub mod demo;
pub mod evaluate;
pub mod gazetteer;
pub mod generate;
pub mod geocode;
pub mod ingest;
pub mod listing;
pub mod log;
pub mod sites;
