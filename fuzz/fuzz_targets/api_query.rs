#![no_main]
//! The query strings of the lists (`/api/v1/incidents`, `/findings`,
//! `/reports`, `/queue`): read as axum's extractor reads them, checked by
//! the filters every door uses for one kind of viewer, then run against a
//! workspace's store, as the server does.
use libfuzzer_sys::fuzz_target;
use truce_app::filters::{self, ListParams, QueueParams};
use truce_store::Visibility;

/// The page's cursor, read beside the filters.
#[derive(serde::Deserialize)]
struct Paging {
    cursor: Option<String>,
}

const FIELDS: [&str; 12] = [
    "commitment",
    "reading",
    "party",
    "status",
    "from",
    "to",
    "bbox",
    "region",
    "source",
    "claimant",
    "incident",
    "q",
];

/// The filters as their canonical values: read again, they give the same.
fn canonical(f: &truce_store::FindingFilter, q: &Option<String>) -> ListParams {
    let when = |t: Option<i64>| {
        t.map(|s| {
            jiff::Timestamp::from_second(s)
                .expect("an instant read is in range")
                .to_string()
        })
    };
    ListParams {
        commitment: f.commitment.clone(),
        reading: f.reading.clone(),
        party: f.party.clone(),
        status: f.status.map(|s| s.as_str().to_string()),
        from: when(f.from),
        to: when(f.to),
        bbox: f.bbox.map(|[a, b, c, d]| format!("{a},{b},{c},{d}")),
        region: f.region.clone(),
        source: f.source.clone(),
        claimant: f.claimant.clone(),
        incident: f.incident.clone(),
        q: q.clone(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(p) = serde_urlencoded::from_bytes::<ListParams>(data) else {
        return;
    };
    let cursor = serde_urlencoded::from_bytes::<Paging>(data)
        .ok()
        .and_then(|x| x.cursor);
    let after = cursor.as_deref().and_then(filters::parse_finding_cursor);
    if let Some(k) = &after {
        let text = filters::finding_cursor(k);
        assert_eq!(filters::parse_finding_cursor(&text).as_ref(), Some(k));
    }
    truce_fuzz::with_api(|api| {
        let s = &*api.store;
        // One viewer an input, chosen by its length (so mutations reach all
        // three): three times the inputs a second, each viewer's paths still
        // found by coverage.
        let viewers = [
            Visibility::All,
            Visibility::Party("ua".into()),
            Visibility::Published,
        ];
        if let Some(v) = viewers.into_iter().nth(data.len() % 3) {
            match filters::parse(s, &api.reference, &v, &p) {
                Ok(f) => {
                    let again =
                        filters::parse(s, &api.reference, &v, &canonical(&f.findings, &p.q))
                            .expect("canonical filters are accepted");
                    assert_eq!(format!("{:?}", again.findings), format!("{:?}", f.findings));
                    assert_eq!(format!("{:?}", again.reports), format!("{:?}", f.reports));
                    // The store answers every filter it is given.
                    let mut fi = f.findings.clone();
                    fi.limit = Some(5);
                    s.incidents(&fi).expect("incidents");
                    fi.after_finding = after.clone();
                    s.findings(&fi).expect("findings");
                    let mut r = f.reports.clone();
                    r.limit = Some(5);
                    s.reports_page(&r, &v).expect("reports");
                }
                Err(truce_app::Error::Filter(e)) => {
                    assert!(FIELDS.contains(&e.field.as_str()), "{e}");
                    assert!(!e.message.is_empty());
                }
                Err(truce_app::Error::Unprocessable(m)) => {
                    assert!(
                        ["reading:", "bbox:", "q:"].iter().any(|f| m.starts_with(f)),
                        "{m}"
                    );
                }
                Err(truce_app::Error::NotFound(m)) => assert!(m.starts_with("incident:"), "{m}"),
                Err(e) => panic!("a query answered with an error of the server: {e}"),
            }
        }
        if let Ok(qp) = serde_urlencoded::from_bytes::<QueueParams>(data) {
            match filters::parse_queue(s, &api.reference, &qp, "mon") {
                Ok(f) => {
                    s.queue(&f).expect("the queue");
                }
                Err(truce_app::Error::Filter(e)) => assert!(
                    ["status", "party", "commitment", "assigned", "sort"]
                        .contains(&e.field.as_str()),
                    "{e}"
                ),
                Err(e) => panic!("a queue filter refused without naming it: {e}"),
            }
        }
    });
});
