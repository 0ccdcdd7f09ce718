//! Truce's synthetic data: the generator of realistic report streams of any
//! size (for tests and benchmarks), synthetic AIS ship traffic and its
//! encoder, statements in the parties' styles, and the demo data set with
//! the findings
//! its scenarios are built to produce. Invented, and labelled so in every
//! report.

pub mod ais;
pub mod demo;
pub mod feeds;
pub mod generate;
pub mod statements;
