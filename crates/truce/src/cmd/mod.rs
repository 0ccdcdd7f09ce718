//! One module per command.

pub mod agreement;
pub mod ais;
pub mod backup;
pub mod bench;
pub mod demo;
pub mod evaluate;
pub mod export;
pub mod gazetteer;
pub mod generate;
pub mod geocode;
pub mod ingest;
#[cfg(feature = "nats")]
pub mod intake;
pub mod listing;
pub mod log;
pub mod migrate;
pub mod report;
pub mod serve;
pub mod sites;
pub mod statements;
pub mod tallies;
pub mod user;

/// A progress bar in the program's one style, shown only when `show` (long
/// work on a terminal; indicatif hides it when stderr is not one).
pub fn progress_bar(len: u64, template: &str, show: bool) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(len);
    pb.set_style(
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb
}
