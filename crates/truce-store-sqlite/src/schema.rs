//! Schema migrations, applied in order and recorded in `PRAGMA user_version`.
//! A migration is never edited once released; changes go in a new one.

/// The findings' status indexes, as migration 20 and every full evaluation
/// create them. They leave out `not-covered` findings; the condition is
/// `NOT_COVERED`'s in lib.rs, word for word, for the queries to name it.
macro_rules! status_indexes {
    () => {
        "CREATE INDEX findings_time ON findings (status, occurred_start, seq) WHERE status <> 'not-covered';
CREATE INDEX findings_status ON findings (commitment_id, reading_id, status, occurred_start, seq)
    WHERE status <> 'not-covered';
"
    };
}
pub(crate) use status_indexes;

/// The migrations in order: migration N is `MIGRATIONS[N - 1]`. Public so
/// that tests can rebuild an earlier version of the schema from them.
pub const MIGRATIONS: &[&str] = &[
    // 1: the working core.
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE agreements (
    version      INTEGER PRIMARY KEY,
    agreement_id TEXT NOT NULL,
    sha256       TEXT NOT NULL UNIQUE,
    loaded_at    INTEGER NOT NULL,
    text         TEXT NOT NULL,
    json         TEXT NOT NULL
);

CREATE TABLE reports (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    external_id    TEXT NOT NULL,
    fingerprint    BLOB NOT NULL,
    file           TEXT NOT NULL,
    line           INTEGER NOT NULL,
    ingested_at    INTEGER NOT NULL,
    reported_at    INTEGER,
    occurred_at    INTEGER NOT NULL,
    time_precision TEXT NOT NULL,
    occurred_start INTEGER NOT NULL,
    occurred_end   INTEGER NOT NULL,
    lat            REAL,
    lon            REAL,
    place          TEXT,
    geo_precision  TEXT NOT NULL,
    located        TEXT NOT NULL,
    act            TEXT NOT NULL,
    means          TEXT NOT NULL,
    means_text     TEXT,
    target_class   TEXT NOT NULL,
    target_name    TEXT,
    perpetrator    TEXT,
    claimant       TEXT,
    stance         TEXT NOT NULL,
    reliability    TEXT,
    credibility    TEXT,
    killed         INTEGER,
    injured        INTEGER,
    text           TEXT,
    url            TEXT,
    extra          TEXT,
    UNIQUE (source, external_id)
);

-- Earlier versions of superseded reports: nothing is overwritten without a trace.
CREATE TABLE report_history (
    id            INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL,
    superseded_at INTEGER NOT NULL,
    fingerprint   BLOB NOT NULL,
    file          TEXT NOT NULL,
    line          INTEGER NOT NULL,
    json          TEXT NOT NULL
);
CREATE INDEX report_history_report ON report_history (report_id);

CREATE TABLE rejections (
    id     INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,
    file   TEXT NOT NULL,
    line   INTEGER NOT NULL,
    field  TEXT,
    value  TEXT,
    reason TEXT NOT NULL,
    raw    TEXT NOT NULL
);

CREATE TABLE incidents (
    id             TEXT PRIMARY KEY,
    seq            INTEGER NOT NULL,
    occurred_start INTEGER NOT NULL,
    occurred_end   INTEGER NOT NULL,
    lat            REAL,
    lon            REAL,
    geo_precision  TEXT NOT NULL,
    place          TEXT,
    act            TEXT NOT NULL,
    means          TEXT NOT NULL,
    target_class   TEXT NOT NULL,
    target_name    TEXT,
    report_count   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX incidents_time ON incidents (occurred_start);

CREATE TABLE incident_reports (
    report_id   INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL
);
CREATE INDEX incident_reports_incident ON incident_reports (incident_id);

-- Keyed by incident so that an evaluation, written incident by incident in id
-- order, appends to the table instead of inserting at random.
CREATE TABLE findings (
    incident_id   TEXT NOT NULL,
    commitment_id TEXT NOT NULL,
    reading_id    TEXT NOT NULL,
    party         TEXT NOT NULL,
    id            TEXT NOT NULL,
    status        TEXT NOT NULL,
    confidence    TEXT NOT NULL,
    PRIMARY KEY (incident_id, commitment_id, reading_id, party)
) WITHOUT ROWID;
CREATE UNIQUE INDEX findings_id ON findings (id);
CREATE INDEX findings_status ON findings (commitment_id, reading_id, status);

CREATE TABLE evaluations (
    id                INTEGER PRIMARY KEY,
    at                INTEGER NOT NULL,
    agreement_version INTEGER NOT NULL,
    reference_data    TEXT NOT NULL,
    reports           INTEGER NOT NULL,
    incidents         INTEGER NOT NULL,
    findings          INTEGER NOT NULL
);
"#,
    // 2: the evidence log.
    r#"
CREATE TABLE log_entries (
    idx  INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    data BLOB NOT NULL
);

-- Hashes of complete subtrees: level 0 holds the leaf hashes; the node at
-- (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
CREATE TABLE log_nodes (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB NOT NULL,
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE log_checkpoints (
    id   INTEGER PRIMARY KEY,
    size INTEGER NOT NULL,
    note TEXT NOT NULL,
    at   INTEGER NOT NULL
);

CREATE TABLE log_cosignatures (
    id       INTEGER PRIMARY KEY,
    size     INTEGER NOT NULL,
    cosigner TEXT NOT NULL,
    body     TEXT NOT NULL,
    line     TEXT NOT NULL,
    at       INTEGER NOT NULL
);

ALTER TABLE reports ADD COLUMN log_index INTEGER;
ALTER TABLE report_history ADD COLUMN log_index INTEGER;
ALTER TABLE agreements ADD COLUMN log_index INTEGER;
"#,
    // 3: keys parties sign their submissions with.
    r#"
CREATE TABLE party_keys (
    name      TEXT PRIMARY KEY,
    party     TEXT NOT NULL,
    vkey      TEXT NOT NULL,
    added_at  INTEGER NOT NULL,
    log_index INTEGER NOT NULL
);
"#,
    // 4: where incidents are, for filtering by country and region.
    r#"
ALTER TABLE incidents ADD COLUMN country TEXT;
ALTER TABLE incidents ADD COLUMN region TEXT;
"#,
    // 5: the web application: accounts, sessions, decisions and publication.
    r#"
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    party         TEXT,
    -- An Argon2id PHC string; NULL for accounts that use only API tokens.
    password_hash TEXT,
    created_at    INTEGER NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
);

-- Tokens and session ids are stored only as SHA-256 hashes: a copy of the
-- database does not let anyone act as a user.
CREATE TABLE api_tokens (
    hash       BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sessions (
    hash       BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Every decision, as appended to the log (log_index), kept for queries.
CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    action      TEXT NOT NULL,
    incident_id TEXT,
    finding_id  TEXT,
    body        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    log_index   INTEGER
);
CREATE INDEX decisions_incident ON decisions (incident_id);
CREATE INDEX decisions_finding ON decisions (finding_id);

-- Statuses decided by two adjudicators; they outlive re-evaluation.
CREATE TABLE verdicts (
    finding_id TEXT PRIMARY KEY,
    status     TEXT NOT NULL,
    at         INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE publications (
    incident_id TEXT PRIMARY KEY,
    at          INTEGER NOT NULL,
    decision_id INTEGER NOT NULL
) WITHOUT ROWID;

-- Who is working on an incident, so two monitors do not do the same work.
CREATE TABLE assignments (
    incident_id TEXT PRIMARY KEY,
    user_name   TEXT NOT NULL,
    at          INTEGER NOT NULL
) WITHOUT ROWID;

-- Monitors' internal notes: never shown to parties or the public, not logged.
CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    author      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX notes_incident ON notes (incident_id);

CREATE INDEX reports_claimant ON reports (claimant);

-- Decisions name their takers on the log by a keyed pseudonym: parties can
-- see that two different adjudicators decided, not who they are.
INSERT OR IGNORE INTO meta (key, value) VALUES ('actor_salt', lower(hex(randomblob(16))));
DROP INDEX IF EXISTS incidents_time;
CREATE INDEX incidents_time ON incidents (occurred_start, seq, occurred_end, lat, lon, region, country);
"#,
    // 6: findings know their incident's place in time, so that lists
    // filtered by status walk one index newest first.
    r#"
ALTER TABLE findings ADD COLUMN occurred_start INTEGER;
ALTER TABLE findings ADD COLUMN seq INTEGER;
UPDATE findings SET
    occurred_start = (SELECT i.occurred_start FROM incidents i WHERE i.id = findings.incident_id),
    seq = (SELECT i.seq FROM incidents i WHERE i.id = findings.incident_id);
CREATE INDEX findings_time ON findings (status, occurred_start, seq);
CREATE INDEX findings_party ON findings (party, occurred_start, seq);
-- The longest incident bounds time-ordered scans from below.
INSERT OR REPLACE INTO meta (key, value)
    SELECT 'max_incident_span', CAST(COALESCE(MAX(occurred_end - occurred_start), 0) AS TEXT) FROM incidents;
"#,
    // 7: who filed each report (only its filer may supersede it), which
    // reports each publication covered, the log size each evaluation read,
    // and rejections kept once however often their file is read again.
    r#"
ALTER TABLE reports ADD COLUMN filer TEXT NOT NULL DEFAULT 'mission';
-- A signed row was filed by the party whose key signed it; an API
-- submission by a liaison, by the liaison's party.
UPDATE reports SET filer = COALESCE(
    (SELECT json_extract(substr(CAST(e.data AS TEXT), instr(CAST(e.data AS TEXT), char(10)) + 1), '$.signed.party')
       FROM log_entries e WHERE e.idx = reports.log_index),
    (SELECT u.party FROM users u WHERE u.role = 'liaison' AND 'api:' || u.name = reports.file),
    'mission');

-- A publication covers the reports its incident held when it was published;
-- an incident is published while any of its reports is.
CREATE TABLE published_reports (
    report_id   INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL,
    at          INTEGER NOT NULL
);
INSERT OR IGNORE INTO published_reports (report_id, decision_id, at)
    SELECT x.report_id, p.decision_id, p.at FROM publications p
    JOIN incident_reports x ON x.incident_id = p.incident_id;

ALTER TABLE evaluations ADD COLUMN log_size INTEGER;

ALTER TABLE rejections ADD COLUMN key BLOB;
CREATE UNIQUE INDEX rejections_key ON rejections (key);

-- A log entry finds its report (the log endpoint, verification).
CREATE INDEX reports_log_index ON reports (log_index);
CREATE INDEX report_history_log_index ON report_history (log_index);
"#,
    // 8: incremental placement. Each membership keeps its report's
    // correlation group, so a batch can be placed into the incidents without
    // correlating everything again; reports are found by time and place; an
    // incident id merged away stays an alias that resolves through its first
    // report.
    r#"
ALTER TABLE incident_reports ADD COLUMN corr INTEGER;
CREATE INDEX incident_reports_corr ON incident_reports (corr);
-- Placement asks "which placed reports meet this one in time and place".
-- Each placed report that can join anything is kept here as it was placed
-- (a report changed since is found where it was): its class (0: a fine
-- point, exact to near a settlement; 1: a region's point; 2: a target name
-- without a usable point), its span class (how long it lasts: up to an hour,
-- a day, 8 days, 32 days, longer), its half-degree grid cell (-1 without a
-- point) and its interval. A question reads a few cells of one class and
-- span class over a short time range; questions over the whole map read by
-- time. (B-trees, not an R*Tree: refilled after every full evaluation, an
-- R*Tree took 17 µs a report to fill.)
CREATE TABLE placed_near (
    id   INTEGER PRIMARY KEY,
    c    INTEGER NOT NULL,
    s    INTEGER NOT NULL,
    cell INTEGER NOT NULL,
    t0   INTEGER NOT NULL,
    t1   INTEGER NOT NULL,
    lat  REAL,
    lon  REAL
);
CREATE INDEX placed_near_cell ON placed_near (c, s, cell, t0, t1);
CREATE INDEX placed_near_time ON placed_near (s, t0, t1, c, lat, lon);
CREATE TABLE incident_aliases (
    alias     TEXT PRIMARY KEY,
    report_id INTEGER NOT NULL,
    at        INTEGER NOT NULL
) WITHOUT ROWID;
-- Incidents stored before have no groups: the next evaluation is a full
-- one, and fills placed_near.
DELETE FROM meta WHERE key = 'placement_mark';
"#,
    // 9: the placement index: what correlation needs of each placed report,
    // in chunks by span class and time bucket (the engine's encoding),
    // instead of a row per report. The next evaluation is a full one, and
    // writes it.
    r#"
DROP TABLE IF EXISTS placed_near;
CREATE TABLE placement_index (
    id     INTEGER PRIMARY KEY,
    class  INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    data   BLOB NOT NULL,
    UNIQUE (class, bucket)
);
DELETE FROM meta WHERE key = 'placement_mark';
"#,
    // 10: results keyed by time, not by hashed ids. An incident's `seq` is
    // its row id (in a full evaluation, the order correlation made the
    // incidents in, which follows time; later ones are appended), and its
    // members and findings are keyed by it: a batch of one day's reports
    // then rewrites a few neighbouring pages of each table, where keys by
    // incident id scattered every row over the whole file. The ids stay,
    // with a unique index each.
    r#"
CREATE TABLE incidents_v10 (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    occurred_start INTEGER NOT NULL,
    occurred_end   INTEGER NOT NULL,
    lat            REAL,
    lon            REAL,
    geo_precision  TEXT NOT NULL,
    place          TEXT,
    act            TEXT NOT NULL,
    means          TEXT NOT NULL,
    target_class   TEXT NOT NULL,
    target_name    TEXT,
    report_count   INTEGER NOT NULL,
    country        TEXT,
    region         TEXT
);
INSERT INTO incidents_v10 (seq, id, occurred_start, occurred_end, lat, lon, geo_precision, place, act,
    means, target_class, target_name, report_count, country, region)
    SELECT ROW_NUMBER() OVER (ORDER BY seq, id) - 1, id, occurred_start, occurred_end, lat, lon,
    geo_precision, place, act, means, target_class, target_name, report_count, country, region
    FROM incidents;
DROP TABLE incidents;
ALTER TABLE incidents_v10 RENAME TO incidents;
CREATE INDEX incidents_time ON incidents (occurred_start, seq, occurred_end, lat, lon, region, country);

CREATE TABLE incident_reports_v10 (
    report_id   INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    corr        INTEGER
);
INSERT INTO incident_reports_v10 (report_id, incident_id, seq, corr)
    SELECT x.report_id, x.incident_id, i.seq, x.corr FROM incident_reports x
    JOIN incidents i ON i.id = x.incident_id;
DROP TABLE incident_reports;
ALTER TABLE incident_reports_v10 RENAME TO incident_reports;
CREATE INDEX incident_reports_seq ON incident_reports (seq);
CREATE INDEX incident_reports_corr ON incident_reports (corr);

CREATE TABLE findings_v10 (
    seq            INTEGER NOT NULL,
    commitment_id  TEXT NOT NULL,
    reading_id     TEXT NOT NULL,
    party          TEXT NOT NULL,
    incident_id    TEXT NOT NULL,
    id             TEXT NOT NULL,
    status         TEXT NOT NULL,
    confidence     TEXT NOT NULL,
    occurred_start INTEGER,
    PRIMARY KEY (seq, commitment_id, reading_id, party)
) WITHOUT ROWID;
INSERT INTO findings_v10 (seq, commitment_id, reading_id, party, incident_id, id, status, confidence,
    occurred_start)
    SELECT i.seq, f.commitment_id, f.reading_id, f.party, f.incident_id, f.id, f.status, f.confidence,
    i.occurred_start FROM findings f JOIN incidents i ON i.id = f.incident_id;
DROP TABLE findings;
ALTER TABLE findings_v10 RENAME TO findings;
CREATE UNIQUE INDEX findings_id ON findings (id);
CREATE INDEX findings_time ON findings (status, occurred_start, seq);
CREATE INDEX findings_party ON findings (party, occurred_start, seq);
CREATE INDEX findings_status ON findings (commitment_id, reading_id, status, occurred_start, seq);
"#,
    // 11: reports by act. Placement asks whether any fire detection is
    // stored (fires are still judged by a full run); without an index that
    // question read every report (a third of a second at a million).
    r#"
CREATE INDEX reports_act ON reports (act);
"#,
    // 12: ship tracks from AIS and the activity they show in the maritime
    // zones. Positions are keyed by vessel and time, so a file read twice
    // adds nothing; the time index answers "who was near, then".
    r#"
CREATE TABLE vessels (
    mmsi     INTEGER PRIMARY KEY,
    name     TEXT,
    shiptype INTEGER,
    callsign TEXT,
    imo      INTEGER
);
CREATE TABLE vessel_positions (
    mmsi   INTEGER NOT NULL,
    at     INTEGER NOT NULL,
    lat    REAL NOT NULL,
    lon    REAL NOT NULL,
    speed  REAL,
    course REAL,
    PRIMARY KEY (mmsi, at)
) WITHOUT ROWID;
CREATE INDEX vessel_positions_at ON vessel_positions (at, lat, lon);
CREATE TABLE vessel_observations (
    mmsi      INTEGER NOT NULL,
    activity  TEXT NOT NULL,
    name      TEXT,
    zone      TEXT NOT NULL,
    from_at   INTEGER NOT NULL,
    to_at     INTEGER NOT NULL,
    first_lat REAL NOT NULL,
    first_lon REAL NOT NULL,
    last_lat  REAL NOT NULL,
    last_lon  REAL NOT NULL,
    positions INTEGER NOT NULL,
    detail    TEXT NOT NULL
);
CREATE INDEX vessel_observations_mmsi ON vessel_observations (mmsi);
CREATE INDEX vessel_observations_time ON vessel_observations (from_at);
"#,
    // 13: statements and the candidate reports read from them, awaiting
    // review. Kept apart from `reports`, so that nothing that reads reports
    // (evaluation, lists, exports) sees a candidate before it is accepted.
    r#"
CREATE TABLE statements (
    id           INTEGER PRIMARY KEY,
    key          BLOB NOT NULL UNIQUE,
    log_index    INTEGER NOT NULL,
    source       TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    lang         TEXT NOT NULL,
    url          TEXT,
    text         TEXT NOT NULL,
    file         TEXT NOT NULL,
    line         INTEGER NOT NULL,
    ingested_at  INTEGER NOT NULL
);

CREATE TABLE statement_candidates (
    id               INTEGER PRIMARY KEY,
    statement_id     INTEGER NOT NULL REFERENCES statements (id),
    ordinal          INTEGER NOT NULL,
    proposed         TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending',
    report_id        INTEGER,
    review_log_index INTEGER,
    decided_at       INTEGER,
    UNIQUE (statement_id, ordinal)
);
CREATE INDEX statement_candidates_status ON statement_candidates (status, id);
"#,
    // 14: failed sign-ins, counted in the store so that every server of a
    // workspace counts them together.
    r#"
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
"#,
    // 15: full-text search over reports (`q=`): an FTS5 index of the text,
    // place and target name, kept by triggers so that every path that
    // writes a report (ingest, supersession, restore, replay) keeps it true
    // (the insert trigger is replaced in 16).
    // `remove_diacritics 2` folds case and accents in every script the
    // reports use.
    r#"
CREATE VIRTUAL TABLE reports_fts USING fts5(
    text, place, target_name,
    content = 'reports', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
    INSERT INTO reports_fts (rowid, text, place, target_name)
    VALUES (new.id, new.text, new.place, new.target_name);
END;
CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
    INSERT INTO reports_fts (reports_fts, rowid, text, place, target_name)
    VALUES ('delete', old.id, old.text, old.place, old.target_name);
END;
CREATE TRIGGER reports_fts_update AFTER UPDATE OF text, place, target_name ON reports BEGIN
    INSERT INTO reports_fts (reports_fts, rowid, text, place, target_name)
    VALUES ('delete', old.id, old.text, old.place, old.target_name);
    INSERT INTO reports_fts (rowid, text, place, target_name)
    VALUES (new.id, new.text, new.place, new.target_name);
END;
INSERT INTO reports_fts (reports_fts) VALUES ('rebuild');
"#,
    // 16: new reports enter the search index once per ingest transaction,
    // in one statement (see `ReportStore::ingest`), not row by row from a
    // trigger: the trigger made ingest 60 % slower (300,000 reports: 9.9 s
    // without, 15.5 s with), one `INSERT … SELECT` per batch costs a tenth
    // of that. Updates and deletes keep their triggers (rare, row by row).
    r#"
DROP TRIGGER reports_fts_insert;
"#,
    // 17: webhooks: subscriptions (their secrets kept in this file, which
    // only its owner may read, as the session hashes and the pseudonyms'
    // salt are), the events announced to each, and the outbox of
    // deliveries. Times of deliveries are in milliseconds.
    r#"
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    events     TEXT NOT NULL,
    commitment TEXT,
    party      TEXT,
    region     TEXT,
    audience   TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE webhook_announced (
    webhook_id INTEGER NOT NULL REFERENCES webhooks (id),
    key        TEXT NOT NULL,
    PRIMARY KEY (webhook_id, key)
) WITHOUT ROWID;

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id),
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    INTEGER,
    failed          INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND failed = 0;
CREATE INDEX webhook_deliveries_of ON webhook_deliveries (webhook_id, created_at);
"#,
    // 18: default gradings by source, set by an administrator and applied
    // at intake to rows that carry none.
    r#"
CREATE TABLE source_defaults (
    source      TEXT PRIMARY KEY,
    reliability TEXT,
    credibility TEXT,
    note        TEXT NOT NULL DEFAULT '',
    updated_by  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
) WITHOUT ROWID;
"#,
    // 19: a report's text and link are kept once, in its log entry (see
    // words.rs): the rows written with an entry drop their copies (a third
    // of a report's bytes on disk). The search index keeps only its own
    // terms (contentless): it can no longer read the text from `reports`.
    // Ingest writes each report's terms itself; deleting a report deletes
    // them by rowid. `columnsize` stays: BM25 ranking reads it.
    r#"
DROP TRIGGER IF EXISTS reports_fts_insert;
DROP TRIGGER IF EXISTS reports_fts_update;
DROP TRIGGER IF EXISTS reports_fts_delete;
DROP TABLE reports_fts;
CREATE VIRTUAL TABLE reports_fts USING fts5(
    text, place, target_name,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO reports_fts (rowid, text, place, target_name)
    SELECT id, text, place, target_name FROM reports;
CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
    DELETE FROM reports_fts WHERE rowid = old.id;
END;
UPDATE reports SET text = NULL, url = NULL WHERE log_index IS NOT NULL;
"#,
    // 20: indexes leave out the rows they never serve. The status indexes
    // leave out `not-covered` findings, nearly two thirds of the rows and a
    // tenth of the workspace; lists of those walk the incidents instead
    // (see `status_term` in lib.rs).
    // The act index serves two questions, both about fire detections:
    // whether any is stored, and the report list filtered to them. Other
    // acts are common enough for a list to find them by walking the
    // reports; SQLite uses the partial index where the act is a parameter
    // bound to 'fire' (it prepares the statement again for the value).
    concat!(
        "DROP INDEX findings_time;
DROP INDEX findings_status;
DROP INDEX reports_act;
CREATE INDEX reports_act ON reports (act) WHERE act = 'fire';
",
        status_indexes!()
    ),
    // 21: a report's fingerprint, file and line are kept in its log entry
    // only (words.rs), where the entry holds the same: the row keeps an
    // empty fingerprint, an empty file and line 0, which say so. Members
    // and findings keep their incident's seq only.
    r#"
UPDATE reports SET fingerprint = X'', file = '', line = 0
WHERE log_index IS NOT NULL AND length(fingerprint) > 0
  AND report_word((SELECT data FROM log_entries WHERE idx = reports.log_index), 4) = fingerprint
  AND report_word((SELECT data FROM log_entries WHERE idx = reports.log_index), 2) = file
  AND report_word((SELECT data FROM log_entries WHERE idx = reports.log_index), 3) = line;
-- A member's incident, and a finding's, is its incident's seq; the id
-- beside it repeated the incident's (15 bytes a member, 15 a finding).
ALTER TABLE incident_reports DROP COLUMN incident_id;
ALTER TABLE findings DROP COLUMN incident_id;
"#,
];
