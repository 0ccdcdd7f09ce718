//! `truce`: the command-line program. Each command lives in its own module
//! under `cmd/`; this file declares the flags once and decides exit codes in one
//! place.

mod cmd;
mod malloc;
pub use truce_app::workspace;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Open ceasefire monitoring and verification.
#[derive(Parser)]
#[command(name = "truce", version, about, long_about = None)]
struct Cli {
    /// The workspace: a SQLite file, or a PostgreSQL URL
    /// (postgres://user:password@host:port/database).
    #[arg(long, global = true, env = "TRUCE_DB", default_value = "truce.db")]
    db: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a workspace from an agreement file.
    Init {
        /// The agreement (TOML).
        #[arg(long)]
        agreement: PathBuf,
    },
    /// Check or load an agreement file.
    #[command(subcommand)]
    Agreement(AgreementCmd),
    /// Copy the workspace and its log key to a new file while it is in use
    /// (SQLite: a workspace file whose log is verified; PostgreSQL: a
    /// pg_dump archive).
    Backup {
        /// The new file.
        file: PathBuf,
    },
    /// Restore a backup into --db, which must not exist yet (a PostgreSQL
    /// database may, if it holds no tables); its log is verified and
    /// replayed before it is called done.
    Restore {
        /// A file written by `truce backup`.
        file: PathBuf,
    },
    /// Read report files (Truce CSV or JSON Lines, ACLED, NASA FIRMS, air-attack
    /// tallies), keep the good rows, list the bad ones.
    Ingest {
        /// Files to read.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// canonical (csv or jsonl), acled, firms or air-tallies; by default
        /// told from each file's extension and header.
        #[arg(long)]
        format: Option<String>,
        /// Print a machine-readable summary.
        #[arg(long)]
        json: bool,
        /// Store the reports without re-running correlation and evaluation.
        #[arg(long)]
        no_evaluate: bool,
        /// Evaluate every report again instead of placing the new ones into
        /// the stored incidents (as `truce evaluate` does).
        #[arg(long, conflicts_with = "no_evaluate")]
        full: bool,
        /// Accepted for scripts written when placement was opt-in; placing
        /// is the default now.
        #[arg(long, hide = true, conflicts_with = "full")]
        place: bool,
    },
    /// List the rows that ingest rejected, with file, line and reason.
    Rejections {
        #[arg(long)]
        json: bool,
        /// Show at most this many.
        #[arg(long)]
        limit: Option<u64>,
    },
    /// What the parties publish (ministry posts, governors' messages, air
    /// force tallies), read into candidate reports.
    #[command(subcommand)]
    Statements(StatementsCmd),
    /// Air-attack tallies per day and weapon class: launched and destroyed.
    Tallies {
        /// First day, YYYY-MM-DD (the day a tally's period starts).
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD, inclusive.
        #[arg(long)]
        to: Option<String>,
        /// A weapon class (drone.long-range) or family (missile).
        #[arg(long)]
        means: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Group reports into incidents and judge them against every commitment reading.
    Evaluate {
        #[arg(long)]
        json: bool,
    },
    /// List incidents.
    Incidents(ListArgs),
    /// List findings: each incident judged against each commitment reading, per party.
    Findings(ListArgs),
    /// Write a whole filtered list (incidents, findings or reports) as CSV,
    /// ACLED-ordered CSV, GeoJSON or JSON Lines; the columns are explained in
    /// docs/export.md.
    Export {
        /// incidents, findings or reports.
        list: String,
        /// csv (Truce's columns), acled (ACLED's column order, then Truce's),
        /// geojson or jsonl.
        #[arg(long, default_value = "csv")]
        format: String,
        /// The file to write (standard output without it).
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
        /// Whose view: mission (everything), public, or a party id (what its
        /// liaison sees).
        #[arg(long = "as", default_value = "mission")]
        view: String,
        #[command(flatten)]
        filters: ExportFilters,
    },
    /// The period compliance report: each commitment reading's findings by
    /// party and status, and the confirmed, corroborated and disputed ones.
    Report {
        /// First day, YYYY-MM-DD (in the agreement's zone).
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD, inclusive.
        #[arg(long)]
        to: String,
        /// html, md, json, or pdf (printed by headless Chromium; needs -o).
        #[arg(long, default_value = "md")]
        format: String,
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
        /// As the public sees it: published incidents only.
        #[arg(long)]
        public: bool,
        /// Only this commitment's readings and incidents (its id).
        #[arg(long)]
        commitment: Option<String>,
        /// The report's language: en, uk or ru.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Build a workspace from the shipped agreement and illustrative data,
    /// print a compliance summary, and serve the dashboard.
    Demo {
        /// Keep the demo workspace in this file instead of a temporary one.
        #[arg(long = "out")]
        out: Option<PathBuf>,
        /// Where to serve the dashboard.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Build and summarise only; do not serve.
        #[arg(long)]
        no_serve: bool,
    },
    /// Serve the web application (API, pages, review) over the workspace.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Send the session cookie without `Secure`, for plain HTTP beyond
        /// this machine (use only on a trusted network; prefer HTTPS).
        #[arg(long)]
        http_cookies: bool,
        /// A reverse proxy in front of the server (an address or a network
        /// such as 10.0.0.0/8), whose X-Forwarded-For names the client.
        /// Repeatable; without it the header is ignored.
        #[arg(long = "trusted-proxy", value_name = "ADDR")]
        trusted_proxies: Vec<String>,
        /// Seconds a client may take to send a request's headers, and may
        /// keep a connection idle between requests.
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        header_timeout: u64,
        /// Connections served at once; more wait to be accepted.
        #[arg(long, default_value_t = 1024)]
        max_connections: usize,
        /// Milliseconds before a failed webhook delivery is tried again,
        /// doubling with each attempt (at most an hour); given up after 12.
        #[arg(long, default_value_t = 30_000, value_name = "MS")]
        webhook_retry_base_ms: u64,
    },
    /// Accounts of the web application.
    #[command(subcommand)]
    User(UserCmd),
    /// Write realistic canonical CSV of any size (for tests and benchmarks).
    Gen {
        #[arg(long, default_value_t = 10_000)]
        reports: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The first day (YYYY-MM-DD, a calendar day in Kyiv).
        #[arg(long, default_value = "2025-03-01")]
        start: String,
        /// How many days the reports are spread over (1: a day's intake).
        #[arg(long, default_value_t = 75)]
        days: u32,
        /// Output file ("-" for standard output).
        #[arg(short = 'o', long = "out", default_value = "-")]
        out: PathBuf,
    },
    /// Find a place by name, in Latin, Ukrainian or Russian spelling.
    Geocode {
        /// The place name, as a report gives it.
        query: String,
        /// The region it is in, to choose between places of the same name.
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Protected facilities: reports near one that do not say what was hit are
    /// judged as concerning it.
    #[command(subcommand)]
    Sites(SitesCmd),
    /// Territory under occupation, as the mission records it.
    #[command(subcommand)]
    Occupation(OccupationCmd),
    /// The workspace's gazetteer.
    #[command(subcommand)]
    Gazetteer(GazetteerCmd),
    /// The evidence log: checkpoints, proofs, verification, export, replay.
    #[command(subcommand)]
    Log(LogCmd),
    /// Read canonical reports (JSON lines) from a NATS JetStream stream,
    /// storing each once and acknowledging only what is stored and logged.
    #[cfg(feature = "nats")]
    Intake {
        /// The NATS server (nats://host:port).
        #[arg(long)]
        nats: String,
        /// The JetStream stream (made, for the subject, if missing).
        #[arg(long)]
        stream: String,
        /// The subject the reports are published on.
        #[arg(long)]
        subject: String,
        /// The durable consumer that keeps the position across restarts.
        #[arg(long, default_value = "truce-intake")]
        durable: String,
        /// Messages stored in one transaction.
        #[arg(long, default_value_t = 256)]
        batch: usize,
        /// Seconds before a message not acknowledged is delivered again.
        #[arg(long, default_value_t = 30)]
        ack_wait: u64,
        /// Stop after this many seconds without a message.
        #[arg(long)]
        idle_exit: Option<u64>,
        /// Store only; leave evaluation to `truce evaluate` or a server.
        #[arg(long)]
        no_evaluate: bool,
    },
    /// Move a SQLite workspace into a PostgreSQL database: the log is
    /// verified before and after, and the findings must be identical.
    Migrate {
        /// The SQLite workspace (a file).
        #[arg(long)]
        from: PathBuf,
        /// The PostgreSQL database (postgres://user@host:port/name); made
        /// when the server lets this user, and it must hold no workspace.
        #[arg(long)]
        to: String,
    },
    /// Sign every row of a canonical CSV file with a party's key (adds a
    /// `signature` column), for submission to a mission.
    Sign {
        file: PathBuf,
        #[arg(long)]
        key: PathBuf,
        #[arg(short = 'o', long = "out")]
        out: PathBuf,
    },
    /// Signing keys for parties and cosigners.
    #[command(subcommand)]
    Keys(KeysCmd),
    /// Ship positions (AIS): decode NMEA sentences, write invented traffic.
    #[command(subcommand)]
    Ais(AisCmd),
    /// Measure ingest and correlate+evaluate on generated data.
    Bench {
        /// Sizes to run, in reports.
        #[arg(long, value_delimiter = ',', default_value = "100000")]
        reports: Vec<usize>,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Measure on this canonical CSV file instead of generated data.
        #[arg(long, conflicts_with = "reports")]
        input: Option<PathBuf>,
        /// Measure the evidence log instead: durable appends of this many
        /// entries, inclusion proofs, and a full verification.
        #[arg(long, conflicts_with_all = ["reports", "input"])]
        log_entries: Option<u64>,
        /// Measure the ACLED, FIRMS and air-attack tally adapters instead, on
        /// this many generated rows of each layout.
        #[arg(long, conflicts_with_all = ["reports", "input", "log_entries"])]
        feeds: Option<usize>,
        /// Measure AIS decoding instead, on this many generated sentences.
        #[arg(long, conflicts_with_all = ["reports", "input", "log_entries", "feeds", "statements"])]
        ais: Option<usize>,
        /// With --ais: a Python with pyais, to decode the same file beside
        /// Truce (scripts/ais-bench/run.sh makes one).
        #[arg(long, env = "TRUCE_PYAIS")]
        python: Option<PathBuf>,
        /// Measure the statement extractor instead, on this many generated
        /// statements, on one core.
        #[arg(long, conflicts_with_all = ["reports", "input", "log_entries", "feeds"])]
        statements: Option<usize>,
        /// Run the report benchmark on PostgreSQL: each size in a new
        /// database, this URL's name with the size appended
        /// (postgres://…/bench gives bench_1000000).
        #[arg(long)]
        postgres: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum AisCmd {
    /// Decode NMEA 0183 AIVDM/AIVDO sentences (types 1–5, 18, 19, 21, 24,
    /// 27): a table of the first messages, or every message as JSON Lines
    /// with --json; a summary with the bad lines on standard error.
    Decode {
        /// The file ("-" for standard input).
        file: PathBuf,
        /// One JSON object per message (docs/formats.md, "AIS").
        #[arg(long)]
        json: bool,
        /// Messages shown in the table.
        #[arg(long, default_value_t = 20, conflicts_with = "json")]
        limit: usize,
    },
    /// Vessels' activity in the agreement's maritime zone, from a file's
    /// positions: stays inside, military (ship type 35) and watchlisted
    /// vessels in or near it, dark periods. Nothing is stored.
    Observe {
        /// The NMEA file, with reception times (tag blocks); "-" for standard input.
        file: PathBuf,
        /// The agreement (default: the shipped partial truce of 2025).
        #[arg(long)]
        agreement: Option<PathBuf>,
        /// The zone's id (default: the agreement's only zone).
        #[arg(long)]
        zone: Option<String>,
        /// The mission's watchlist: CSV with a header mmsi,name,note.
        #[arg(long)]
        watchlist: Option<PathBuf>,
        /// A silence in or near the zone longer than this is a dark period.
        #[arg(long, default_value_t = 6.0, value_name = "HOURS")]
        dark_hours: f64,
        /// Within this distance of the zone's boundary a vessel is near it.
        #[arg(long, default_value_t = 20.0, value_name = "KM")]
        near_km: f64,
        #[arg(long)]
        json: bool,
    },
    /// Store a file's ship positions in the workspace as vessel tracks, and
    /// work out again the activity of every vessel it concerns (as
    /// `observe` does) for the incident pages. A position already stored is
    /// skipped, so a file can be read again.
    Ingest {
        /// The NMEA file, with reception times (tag blocks); "-" for standard input.
        file: PathBuf,
        /// The mission's watchlist (CSV: mmsi,name,note); kept in the
        /// workspace for later files.
        #[arg(long)]
        watchlist: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Take a live feed of NMEA sentences into the workspace, as `ingest`
    /// does, until stopped (Ctrl-C); a lost TCP connection is made again.
    #[command(group(clap::ArgGroup::new("from").required(true).args(["tcp", "udp"])))]
    Listen {
        /// Connect to a receiver or aggregator serving NMEA over TCP.
        #[arg(long, value_name = "HOST:PORT")]
        tcp: Option<String>,
        /// Receive NMEA datagrams on this address.
        #[arg(long, value_name = "ADDR:PORT")]
        udp: Option<String>,
        /// The mission's watchlist (CSV: mmsi,name,note).
        #[arg(long)]
        watchlist: Option<PathBuf>,
        /// Store and update the vessels' activity at least this often.
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        commit_seconds: u64,
        /// Stop when the TCP feed closes instead of connecting again.
        #[arg(long)]
        once: bool,
    },
    /// Write invented AIS traffic in the Black Sea and the Sea of Azov, or
    /// the demo file (--demo).
    Gen {
        /// Sentences (lines) to write.
        #[arg(long, default_value_t = 100_000)]
        sentences: usize,
        /// Vessels sailing.
        #[arg(long, default_value_t = 300)]
        vessels: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the demo's scripted file instead (crates/truce-synth/data/ais-demo.nmea).
        #[arg(long, conflicts_with_all = ["sentences", "vessels", "seed"])]
        demo: bool,
        /// Output file ("-" for standard output).
        #[arg(short = 'o', long = "out", default_value = "-")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum StatementsCmd {
    /// Print the candidate reports in statements, every field with the
    /// words it came from (byte spans).
    Extract {
        /// JSON Lines, one statement a line (source, published_at, text,
        /// and optionally lang, url); or plain text, one statement a
        /// paragraph, with --source and --published-at. "-" reads
        /// standard input.
        file: PathBuf,
        /// One JSON object per candidate per line.
        #[arg(long)]
        json: bool,
        /// Plain text: who published every paragraph.
        #[arg(long, requires = "published_at")]
        source: Option<String>,
        /// Plain text: when every paragraph was published.
        #[arg(long, requires = "source")]
        published_at: Option<String>,
        /// Plain text: en, uk or ru (else told from the letters).
        #[arg(long, requires = "source")]
        lang: Option<String>,
        /// The agreement whose parties and time zone to read with (default:
        /// the shipped partial truce of March 2025).
        #[arg(long)]
        agreement: Option<PathBuf>,
    },
    /// Store the statements with their candidate reports, awaiting a
    /// monitor's review; the statements go on the log. A statement stored
    /// before is skipped.
    Ingest {
        /// As for `extract`: JSON Lines, or plain text with --source and
        /// --published-at; "-" reads standard input.
        file: PathBuf,
        /// Print the counts as one JSON object.
        #[arg(long)]
        json: bool,
        /// Plain text: who published every paragraph.
        #[arg(long, requires = "published_at")]
        source: Option<String>,
        /// Plain text: when every paragraph was published.
        #[arg(long, requires = "source")]
        published_at: Option<String>,
        /// Plain text: en, uk or ru (else told from the letters).
        #[arg(long, requires = "source")]
        lang: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserCmd {
    /// Create an account and print its API token (once).
    Add {
        name: String,
        /// administrator, monitor, adjudicator or liaison.
        #[arg(long)]
        role: String,
        /// The party a liaison is bound to.
        #[arg(long)]
        party: Option<String>,
        /// Read a password for the sign-in form from standard input (at least
        /// 12 characters); without it the account uses its API token only.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Disable an account: its sessions end and its tokens are refused.
    Disable { name: String },
    /// Enable a disabled account again.
    Enable { name: String },
}

#[derive(Subcommand)]
enum SitesCmd {
    /// Add sites from Truce's CSV (id,name,class,latitude,longitude,radius_km,source),
    /// the Global Power Plant Database's CSV, or GeoJSON points.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the workspace's sites.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum OccupationCmd {
    /// Load a GeoJSON FeatureCollection of (Multi)Polygons with `from` and
    /// optional `to` dates (YYYY-MM-DD), replacing any loaded before.
    Load { file: PathBuf },
}

#[derive(Subcommand)]
enum GazetteerCmd {
    /// Load a GeoNames dump (the 19-column `geoname` table, as in UA.txt or
    /// allCountries.txt) as this workspace's gazetteer.
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum LogCmd {
    /// Print the latest signed checkpoint (signing a new one if the log grew).
    Checkpoint,
    /// Print an inclusion proof for an entry, or a consistency proof between
    /// two checkpoints, as JSON.
    Prove {
        /// The entry (numbered from 0).
        #[arg(long, conflicts_with_all = ["from", "to"])]
        entry: Option<u64>,
        /// Prove inclusion in the tree of this checkpoint (default: the whole log).
        #[arg(long, requires = "entry")]
        checkpoint: Option<PathBuf>,
        /// The older checkpoint of a consistency proof.
        #[arg(long, requires = "to")]
        from: Option<PathBuf>,
        /// The newer checkpoint of a consistency proof.
        #[arg(long, requires = "from")]
        to: Option<PathBuf>,
    },
    /// Recompute the log from its entries and check it against every signed
    /// checkpoint; name the first bad entry if anything differs. Then check
    /// the store against the log, row by row.
    Verify {
        /// Verify an exported copy in this folder instead, with no database.
        #[arg(long, requires = "key")]
        offline: Option<PathBuf>,
        /// The log's verifier key (`name+id+key`), for --offline.
        #[arg(long)]
        key: Option<String>,
        /// A checkpoint held elsewhere (a party's cosigned one, a mirror's),
        /// or a folder of them: the log must still contain its tree, so a
        /// truncated or rewritten log is found. Repeatable.
        #[arg(long)]
        checkpoint: Vec<PathBuf>,
    },
    /// Cosign the current checkpoint with a party's key.
    Cosign {
        #[arg(long)]
        key: PathBuf,
        /// The party's own record of the checkpoints it cosigned: the log must
        /// extend the latest one kept there (else nothing is cosigned), and the
        /// new one is added to it.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
    /// Write the log as static tiles, entry bundles and the checkpoint.
    Export { dir: PathBuf },
    /// Rebuild reports, incidents and findings from the log alone and compare.
    Replay,
}

#[derive(Subcommand)]
enum KeysCmd {
    /// Register a party's verifier key: rows signed with it are accepted as
    /// that party's submissions, and rows with a bad signature are rejected.
    Register {
        #[arg(long)]
        party: String,
        /// A .vkey file, or the verifier key itself (`name+id+key`).
        key: String,
    },
    /// Write NAME.key (private) and NAME.vkey (verifier key) in the C2SP formats.
    Generate {
        #[arg(long)]
        name: String,
        /// Folder to write them in.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum AgreementCmd {
    /// Validate an agreement file and print a summary.
    Check { file: PathBuf },
    /// Load a new version of the agreement into the workspace (older versions are kept).
    Load { file: PathBuf },
    /// Show the workspace's agreement and its versions.
    Show {
        #[arg(long)]
        json: bool,
    },
}

/// Filters shared by `incidents` and `findings`.
#[derive(Args, Clone, Default)]
pub struct ListArgs {
    #[arg(long)]
    pub commitment: Option<String>,
    #[arg(long)]
    pub reading: Option<String>,
    #[arg(long)]
    pub party: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    /// From this date or instant (inclusive).
    #[arg(long)]
    pub from: Option<String>,
    /// Up to this date or instant (exclusive).
    #[arg(long)]
    pub to: Option<String>,
    /// Only this incident.
    #[arg(long)]
    pub incident: Option<String>,
    /// Only incidents in this region or country: an id (UA-63, RU) or a name
    /// ("Kharkiv oblast", "Курская область").
    #[arg(long)]
    pub region: Option<String>,
    /// Only incidents in territory under occupation at their date (needs
    /// `truce occupation load`).
    #[arg(long, conflicts_with = "not_occupied")]
    pub occupied: bool,
    /// Only incidents outside territory under occupation at their date.
    #[arg(long)]
    pub not_occupied: bool,
    #[arg(long)]
    pub limit: Option<u64>,
    #[arg(long)]
    pub json: bool,
}

/// The API's list filters, as flags (docs/web.md, "Filters").
#[derive(Args)]
pub struct ExportFilters {
    #[arg(long)]
    pub commitment: Option<String>,
    #[arg(long)]
    pub reading: Option<String>,
    /// A party judged: id, name or alias, or "unknown".
    #[arg(long)]
    pub party: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    /// A date (in the agreement's zone) or an RFC 3339 instant.
    #[arg(long)]
    pub from: Option<String>,
    /// A date (inclusive) or an RFC 3339 instant.
    #[arg(long)]
    pub to: Option<String>,
    /// west,south,east,north in degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// A region or country id (UA-63, RU).
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long)]
    pub source: Option<String>,
    #[arg(long)]
    pub claimant: Option<String>,
    #[arg(long)]
    pub incident: Option<String>,
    /// Words to find in the reports' text, place or target (each word
    /// matches the start of a word, in any case and script).
    #[arg(long)]
    pub q: Option<String>,
}

/// Exit codes, decided here and nowhere else.
pub enum Outcome {
    Ok,
    /// Some input rows were rejected (the good ones were stored).
    SomeRejected,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Like other command-line tools, stop quietly when the reader of our output
    // goes away (`truce findings | head`) instead of failing on a broken pipe.
    // Not the server: a client or a log reader going away must never stop it
    // (`truce demo` ignores the signal again before it serves).
    #[cfg(unix)]
    if !matches!(cli.command, Command::Serve { .. }) {
        // SAFETY: restoring the default action of one signal before any
        // thread starts has no other effect on the program.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    // Every command but the server is a batch: one arena (see malloc.rs).
    // `truce demo` builds in one, and its server raises the limit.
    if !matches!(cli.command, Command::Serve { .. }) {
        malloc::limit_arenas(1);
    }
    let db = cli.db.to_string_lossy().into_owned();
    let result = match cli.command {
        Command::Init { agreement } => cmd::agreement::init(&db, &agreement),
        Command::Agreement(AgreementCmd::Check { file }) => cmd::agreement::check(&file),
        Command::Backup { file } => cmd::backup::backup(&db, &file),
        Command::Restore { file } => cmd::backup::restore(&db, &file),
        Command::Agreement(AgreementCmd::Load { file }) => cmd::agreement::load(&db, &file),
        Command::Agreement(AgreementCmd::Show { json }) => cmd::agreement::show(&db, json),
        Command::Ingest {
            files,
            format,
            json,
            no_evaluate,
            full,
            place: _,
        } => cmd::ingest::run(&db, &files, format.as_deref(), json, !no_evaluate, full),
        Command::Rejections { json, limit } => cmd::listing::rejections(&db, json, limit),
        Command::Tallies {
            from,
            to,
            means,
            json,
        } => cmd::tallies::run(&db, from.as_deref(), to.as_deref(), means.as_deref(), json),
        Command::Statements(StatementsCmd::Extract {
            file,
            json,
            source,
            published_at,
            lang,
            agreement,
        }) => cmd::statements::extract(&cmd::statements::ExtractArgs {
            file,
            json,
            source,
            published_at,
            lang,
            agreement,
        }),
        Command::Statements(StatementsCmd::Ingest {
            file,
            json,
            source,
            published_at,
            lang,
        }) => cmd::statements::ingest(
            &db,
            &cmd::statements::IngestArgs {
                file,
                json,
                source,
                published_at,
                lang,
            },
        ),
        Command::Evaluate { json } => cmd::evaluate::run(&db, json),
        Command::Incidents(args) => cmd::listing::incidents(&db, &args),
        Command::Findings(args) => cmd::listing::findings(&db, &args),
        Command::Report {
            from,
            to,
            format,
            out,
            public,
            commitment,
            lang,
        } => cmd::report::run(
            &db,
            &from,
            &to,
            &format,
            out.as_deref(),
            public,
            commitment.as_deref(),
            &lang,
        ),
        Command::Export {
            list,
            format,
            out,
            view,
            filters: f,
        } => cmd::export::run(
            &db,
            &cmd::export::ExportArgs {
                list,
                format,
                out,
                view,
                params: truce_app::filters::ListParams {
                    commitment: f.commitment,
                    reading: f.reading,
                    party: f.party,
                    status: f.status,
                    from: f.from,
                    to: f.to,
                    bbox: f.bbox,
                    region: f.region,
                    source: f.source,
                    claimant: f.claimant,
                    incident: f.incident,
                    q: f.q,
                },
            },
        ),
        Command::Demo {
            out,
            addr,
            no_serve,
        } => cmd::demo::run(out, (!no_serve).then_some(addr)),
        Command::Serve {
            addr,
            http_cookies,
            trusted_proxies,
            header_timeout,
            max_connections,
            webhook_retry_base_ms,
        } => cmd::serve::run(
            &db,
            &addr,
            cmd::serve::Options {
                http_cookies,
                trusted_proxies,
                header_timeout,
                max_connections,
                webhook_retry_base_ms,
            },
        ),
        Command::User(UserCmd::Add {
            name,
            role,
            party,
            password_stdin,
        }) => cmd::user::add(&db, &name, &role, party.as_deref(), password_stdin),
        Command::User(UserCmd::List { json }) => cmd::user::list(&db, json),
        Command::User(UserCmd::Disable { name }) => cmd::user::set_disabled(&db, &name, true),
        Command::User(UserCmd::Enable { name }) => cmd::user::set_disabled(&db, &name, false),
        Command::Gen {
            reports,
            seed,
            start,
            days,
            out,
        } => cmd::generate::run_dated(reports, seed, start, days, &out),
        Command::Geocode {
            query,
            region,
            json,
        } => cmd::geocode::run(&db, &query, region.as_deref(), json),
        Command::Gazetteer(GazetteerCmd::Import { file }) => cmd::gazetteer::import(&db, &file),
        Command::Sites(SitesCmd::Import { files }) => cmd::sites::import(&db, &files),
        Command::Occupation(OccupationCmd::Load { file }) => {
            cmd::listing::load_occupation(&db, &file)
        }
        Command::Sites(SitesCmd::List { json }) => cmd::sites::list(&db, json),
        Command::Log(LogCmd::Checkpoint) => cmd::log::checkpoint(&db),
        #[cfg(feature = "nats")]
        Command::Intake {
            nats,
            stream,
            subject,
            durable,
            batch,
            ack_wait,
            idle_exit,
            no_evaluate,
        } => cmd::intake::run(
            &db,
            &cmd::intake::Options {
                nats,
                stream,
                subject,
                durable,
                batch,
                ack_wait,
                idle_exit,
                evaluate: !no_evaluate,
            },
        ),
        Command::Migrate { from, to } => cmd::migrate::run(&from.to_string_lossy(), &to),
        Command::Log(LogCmd::Prove {
            entry: Some(n),
            checkpoint,
            ..
        }) => cmd::log::prove_inclusion(&db, n, checkpoint.as_deref()),
        Command::Log(LogCmd::Prove {
            from: Some(from),
            to: Some(to),
            ..
        }) => cmd::log::prove_consistency(&db, &from, &to),
        Command::Log(LogCmd::Prove { .. }) => Err(anyhow::anyhow!(
            "say what to prove: --entry N [--checkpoint FILE], or --from FILE --to FILE"
        )),
        Command::Log(LogCmd::Verify {
            offline: Some(dir),
            key: Some(key),
            checkpoint,
        }) => cmd::log::verify_offline(&dir, &key, &checkpoint),
        Command::Log(LogCmd::Verify { checkpoint, .. }) => cmd::log::verify(&db, &checkpoint),
        Command::Log(LogCmd::Cosign { key, keep }) => cmd::log::cosign(&db, &key, keep.as_deref()),
        Command::Log(LogCmd::Export { dir }) => cmd::log::export(&db, &dir),
        Command::Log(LogCmd::Replay) => cmd::log::replay(&db),
        Command::Keys(KeysCmd::Generate { name, dir }) => cmd::log::generate_key(&name, &dir),
        Command::Keys(KeysCmd::Register { party, key }) => {
            cmd::log::register_key(&db, &party, &key)
        }
        Command::Sign { file, key, out } => cmd::log::sign_file(&file, &key, &out),
        Command::Ais(AisCmd::Decode { file, json, limit }) => cmd::ais::decode(&file, json, limit),
        Command::Ais(AisCmd::Observe {
            file,
            agreement,
            zone,
            watchlist,
            dark_hours,
            near_km,
            json,
        }) => cmd::ais::observe(
            &file,
            &cmd::ais::ObserveOptions {
                agreement: agreement.as_deref(),
                zone: zone.as_deref(),
                watchlist: watchlist.as_deref(),
                dark_hours,
                near_km,
                json,
            },
        ),
        Command::Ais(AisCmd::Ingest {
            file,
            watchlist,
            json,
        }) => cmd::ais::ingest(&db, &file, watchlist.as_deref(), json),
        Command::Ais(AisCmd::Listen {
            tcp,
            udp,
            watchlist,
            commit_seconds,
            once,
        }) => match (tcp, udp) {
            (Some(t), _) => Ok(cmd::ais::Source::Tcp(t)),
            (None, Some(u)) => Ok(cmd::ais::Source::Udp(u)),
            (None, None) => Err(anyhow::anyhow!(
                "say where the feed comes from: --tcp HOST:PORT or --udp ADDR:PORT"
            )),
        }
        .and_then(|source| {
            cmd::ais::listen(
                &db,
                &source,
                &cmd::ais::ListenOptions {
                    watchlist: watchlist.as_deref(),
                    commit_every: std::time::Duration::from_secs(commit_seconds.max(1)),
                    once,
                },
            )
        }),
        Command::Ais(AisCmd::Gen {
            sentences,
            vessels,
            seed,
            demo,
            out,
        }) => cmd::ais::generate(sentences, vessels, seed, demo, &out),
        Command::Bench {
            log_entries: Some(n),
            json,
            ..
        } => cmd::bench::run_log(n, json),
        Command::Bench {
            ais: Some(n),
            seed,
            python,
            json,
            ..
        } => cmd::bench::run_ais(n, seed, python.as_deref(), json),
        Command::Bench {
            feeds: Some(n),
            seed,
            json,
            ..
        } => cmd::bench::run_feeds(n, seed, json),
        Command::Bench {
            statements: Some(n),
            seed,
            json,
            ..
        } => cmd::bench::run_statements(n, seed, json),
        Command::Bench {
            reports,
            seed,
            input,
            json,
            postgres,
            ..
        } => cmd::bench::run(&reports, seed, input.as_deref(), json, postgres.as_deref()),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::SomeRejected) => ExitCode::from(3),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
