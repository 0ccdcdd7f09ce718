#![no_main]
//! `POST /api/v1/decisions` and `POST /api/v1/incidents/{id}/notes`: the
//! body read and checked for every role, then typed, as the server does
//! before it reads the store.
use libfuzzer_sys::fuzz_target;
use truce_app::review::{self, Decision, MAX_REASON};
use truce_store::Role;

fuzz_target!(|data: &[u8]| {
    if let Ok(note) = review::read_note(data)
        && let Ok(text) = note.text()
    {
        assert!(!text.is_empty() && text.len() <= MAX_REASON && text == text.trim());
    }
    let req = match review::read_request(data) {
        Ok(req) => req,
        Err(e) => {
            assert!(
                e.to_string().starts_with("the body is not a decision"),
                "{e}"
            );
            return;
        }
    };
    // What is accepted writes back as JSON that reads the same.
    let again = serde_json::to_vec(&req).expect("a decision writes as JSON");
    let back = review::read_request(&again).expect("a decision written reads back");
    assert_eq!(back, req, "{}", String::from_utf8_lossy(&again));
    for role in Role::ALL {
        let (action, reason) = match review::check(role, &req) {
            Ok(ok) => ok,
            Err(e) => {
                assert!(!e.to_string().is_empty());
                continue;
            }
        };
        assert!(action.roles().contains(&role));
        assert!(!reason.is_empty() && reason.len() <= MAX_REASON);
        match Decision::parse(action, &req) {
            Ok(Decision::Merge { incidents }) => {
                assert!(incidents.len() >= 2);
                assert!(
                    incidents.windows(2).all(|w| w[0] < w[1]),
                    "merged ids are distinct"
                );
            }
            Ok(_) => {}
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
});
