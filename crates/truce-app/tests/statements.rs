//! Statements under review, through `truce-app` on a real workspace: stored
//! with their candidates, accepted with a correction into a report that is
//! placed like any other, rejected for a reason, and what the log records
//! of each (the statement's words, the spans, the proposed and the accepted
//! values).

use truce_app::statements::{self, Reviewer};
use truce_app::{Error, Reference, pipeline, workspace};
use truce_ingest::statements::{Extractor, Statement};
use truce_store::log::{KIND_STATEMENT, KIND_STATEMENT_REVIEW, decode_entry};
use truce_store::{CandidateStatus, Role, Visibility};

fn agreement() -> workspace::AgreementFile {
    workspace::read_agreement(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../agreements/partial-truce-2025.toml"),
    )
    .expect("the shipped agreement")
}

fn entry(store: &dyn truce_store::Store, index: u64, kind: &str) -> serde_json::Value {
    let (k, data) = store
        .log_entry(index)
        .expect("log")
        .unwrap_or_else(|| panic!("no log entry {index}"));
    assert_eq!(k, kind, "log entry {index}");
    let (_, body) = decode_entry(&data).expect("an entry");
    serde_json::from_slice(body).expect("JSON")
}

const MONITOR: Reviewer<'static> = Reviewer {
    name: "mona",
    role: Role::Monitor,
};

#[test]
fn accept_with_a_correction_and_reject_are_logged_with_the_words() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db").to_string_lossy().into_owned();
    let file = agreement();
    let mut store = workspace::create(&db, &file.text, &file.agreement).expect("workspace");
    let reference = Reference::load(&*store).expect("reference");
    let extractor = Extractor::new(
        &reference.agreement,
        &reference.gazetteer,
        reference.timezone(),
    );
    let text =
        "Уночі ворог атакував ударними БпЛА енергетичну інфраструктуру. Пошкоджено підстанцію.";
    let st = Statement {
        source: "ua-energy".into(),
        published_at: "2025-04-06T08:30:00+03:00".into(),
        text: text.into(),
        lang: None,
        url: None,
    };
    let e = extractor.extract(&st).expect("extract");
    assert_eq!(e.candidates.len(), 1, "{:?}", e.candidates);
    let sid = statements::store_statement(&mut *store, &reference, &e, "posts.jsonl", 4)
        .expect("store")
        .expect("new");
    assert!(
        statements::store_statement(&mut *store, &reference, &e, "posts.jsonl", 4)
            .expect("again")
            .is_none(),
        "the same statement is stored once"
    );
    let stored = store.statement(sid).expect("read").expect("kept");
    let logged = entry(&*store, stored.log_index, KIND_STATEMENT);
    assert_eq!(logged["text"], text, "the words are on the log");
    assert_eq!(logged["file"], "posts.jsonl");

    // Nobody outside the mission's reviewers reviews.
    let liaison = Reviewer {
        name: "ua-office",
        role: Role::Liaison,
    };
    let list = statements::list(&*store, Role::Liaison, None, None, 10);
    assert!(matches!(list, Err(Error::Forbidden(_))));
    let pending = statements::list(
        &*store,
        Role::Monitor,
        Some(CandidateStatus::Pending),
        None,
        10,
    )
    .expect("list");
    let cid = pending[0].candidate.id;
    assert!(matches!(
        statements::reject(&mut *store, liaison, cid, "no"),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        statements::reject(&mut *store, MONITOR, cid, "  "),
        Err(Error::BadRequest(_))
    ));
    let mut wrong = serde_json::Map::new();
    wrong.insert("place".into(), "Atlantis".into());
    assert!(matches!(
        statements::accept(&mut *store, &reference, MONITOR, cid, &wrong, ""),
        Err(Error::Unprocessable(_))
    ));
    assert_eq!(store.report_count().expect("count"), 0, "nothing stored");

    // Accepted with the place corrected.
    let mut fields = serde_json::Map::new();
    fields.insert("place".into(), "Odesa".into());
    fields.insert("act".into(), "strike".into());
    let out = statements::accept(
        &mut *store,
        &reference,
        MONITOR,
        cid,
        &fields,
        "placed from the regional post",
    )
    .expect("accept");
    assert_eq!(
        out.corrected,
        vec!["place".to_string()],
        "act was as proposed"
    );
    let row = store
        .report_row(out.report_id, &Visibility::All)
        .expect("row")
        .expect("the report");
    assert_eq!(row.report.place.as_deref(), Some("Odesa"));
    assert_eq!(row.report.source, "ua-energy");
    assert_eq!(
        row.report.external_id,
        format!("statement-{}-0", stored.log_index)
    );
    assert!(row.report.location.is_some(), "placed at Odesa");
    assert_eq!(
        row.report.reliability.map(|r| r.as_str()),
        Some("C"),
        "a party's statement is graded C3 by default"
    );
    let report_entry = entry(
        &*store,
        row.log_index.expect("logged"),
        truce_store::log::KIND_REPORT,
    );
    assert_eq!(
        report_entry["file"],
        format!("statement:{}", stored.log_index)
    );
    let review = entry(&*store, out.log_index, KIND_STATEMENT_REVIEW);
    assert_eq!(review["action"], "accept");
    assert_eq!(review["statement_entry"], stored.log_index);
    assert_eq!(review["proposed"]["place"], serde_json::Value::Null);
    assert_eq!(review["accepted"]["place"], "Odesa");
    assert_eq!(review["corrected"], serde_json::json!(["place"]));
    assert_eq!(review["reason"], "placed from the regional post");
    assert_eq!(review["report_entry"], row.log_index.expect("logged"));
    let act = review["spans"]["act"].as_array().expect("the act's span");
    let (a, b) = (
        act[0].as_u64().unwrap_or(0) as usize,
        act[1].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(&text[a..b], "атакував", "the span names the words");
    assert!(
        review["actor"]
            .as_str()
            .is_some_and(|a| a.starts_with("actor-")),
        "the taker by pseudonym: {}",
        review["actor"]
    );

    // Reviewed once; it is now a report in an incident.
    assert!(matches!(
        statements::reject(&mut *store, MONITOR, cid, "changed my mind"),
        Err(Error::Conflict(_))
    ));
    if out.incident_id.is_none() {
        pipeline::evaluate(&mut *store, &|_| {}).expect("evaluate");
    }
    assert!(
        store
            .incident_of_report(out.report_id)
            .expect("incident")
            .is_some(),
        "the accepted report joined an incident"
    );

    // Another statement's candidate, rejected: the log says why.
    let st2 = Statement {
        source: "ru-mod".into(),
        published_at: "2025-04-07T10:00:00+03:00".into(),
        text: "21 марта киевский режим подорвал газоизмерительную станцию «Суджа».".into(),
        lang: None,
        url: None,
    };
    let e2 = extractor.extract(&st2).expect("extract");
    statements::store_statement(&mut *store, &reference, &e2, "posts.jsonl", 5)
        .expect("store")
        .expect("new");
    let c2 = statements::list(
        &*store,
        Role::Adjudicator,
        Some(CandidateStatus::Pending),
        None,
        10,
    )
    .expect("list")[0]
        .candidate
        .id;
    let rej = statements::reject(&mut *store, MONITOR, c2, "repeats an old claim").expect("reject");
    let review = entry(&*store, rej.log_index, KIND_STATEMENT_REVIEW);
    assert_eq!(review["action"], "reject");
    assert_eq!(review["reason"], "repeats an old claim");
    assert!(review["proposed"]["act"].is_string());
    assert_eq!(
        store.report_count().expect("count"),
        1,
        "a rejection stores no report"
    );

    let audit = truce_app::audit::audit(&*store).expect("audit");
    assert!(audit.is_clean(), "{:?}", audit.differences);
    assert_eq!((audit.statements, audit.reviews), (2, 2));
}
