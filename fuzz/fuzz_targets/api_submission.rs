#![no_main]
//! `POST /api/v1/reports`: the body read, each row completed for a monitor
//! and for a liaison, and read by the canonical reader, as the server does.
use libfuzzer_sys::fuzz_target;
use truce_app::submission::{self, MAX_SUBMISSION, Submitter};

fuzz_target!(|data: &[u8]| {
    let rows = match submission::read_body(data) {
        Ok(rows) => rows,
        Err(e) => {
            assert!(e.to_string().starts_with("the body is not"), "{e}");
            return;
        }
    };
    if let Err(e) = submission::check_count(rows.len()) {
        assert!(rows.is_empty() || rows.len() > MAX_SUBMISSION, "{e}");
        return;
    }
    let n = rows.len() as u64;
    truce_fuzz::with_api(|api| {
        let signers = truce_ingest::canonical::Signers::default();
        let ctx = truce_ingest::canonical::Context {
            tz: api.reference.timezone(),
            gazetteer: api.reference.gazetteer.lazy(),
            signers: &signers,
        };
        for party in [None, Some("ua")] {
            let file = "api:someone";
            let who = Submitter {
                name: "someone",
                liaison_of: party,
            };
            let prepared = submission::prepare(rows.clone(), who, file);
            let read = match submission::read(prepared, file, &ctx) {
                Ok(read) => read,
                Err(e) => {
                    assert!(!e.to_string().is_empty());
                    continue;
                }
            };
            // Every row is answered once, under its position.
            let mut lines: Vec<u64> = read
                .iter()
                .map(|r| match r {
                    Ok(a) => a.line,
                    Err(rej) => {
                        assert_eq!(rej.file, file, "a rejection names the submission");
                        assert!(!rej.reason.is_empty(), "a rejection says why");
                        rej.line
                    }
                })
                .collect();
            lines.sort_unstable();
            assert_eq!(lines, (1..=n).collect::<Vec<_>>(), "one answer a row");
            // A liaison's accepted reports are its party's claims.
            if let Some(p) = party {
                for a in read.iter().flatten() {
                    assert_eq!(a.report.claimant.as_deref(), Some(p));
                }
            }
        }
    });
});
