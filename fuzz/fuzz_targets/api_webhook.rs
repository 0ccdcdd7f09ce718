#![no_main]
//! `POST /api/v1/webhooks`: the body read, its name, URL and events
//! checked, then its filters and audience against a workspace, as the
//! server does.
use libfuzzer_sys::fuzz_target;
use truce_app::webhooks::{self, MAX_NAME, MAX_URL};
use truce_store::webhooks::EVENT_KINDS;

fuzz_target!(|data: &[u8]| {
    let body = match webhooks::read_body(data) {
        Ok(b) => b,
        Err(e) => {
            assert!(
                e.to_string().starts_with("the body is not a subscription"),
                "{e}"
            );
            return;
        }
    };
    let again = serde_json::to_vec(&body).expect("a subscription writes as JSON");
    assert_eq!(webhooks::read_body(&again).ok().as_ref(), Some(&body));
    match body.check() {
        Ok((name, url, events)) => {
            assert!(!name.is_empty() && name.chars().count() <= MAX_NAME && name == name.trim());
            assert!(url.starts_with("http://") || url.starts_with("https://"));
            assert!(url.chars().count() <= MAX_URL);
            assert!(!events.is_empty());
            assert!(events.iter().all(|e| EVENT_KINDS.contains(&e.as_str())));
            // What is stored passes the same checks unchanged.
            let stored = webhooks::WebhookBody {
                name: name.clone(),
                url: url.clone(),
                events: events.clone(),
                ..Default::default()
            };
            assert_eq!(stored.check().ok(), Some((name, url, events)));
        }
        Err(e) => {
            let m = e.to_string();
            assert!(
                ["name:", "url:", "events:"]
                    .iter()
                    .any(|f| m.starts_with(f)),
                "a refusal names its field: {m}"
            );
            return;
        }
    }
    truce_fuzz::with_api(|api| {
        match webhooks::check_filters(
            &*api.store,
            &api.reference,
            body.commitment.as_deref(),
            body.party.as_deref(),
            body.region.as_deref(),
        ) {
            Ok((c, p, r)) => {
                // The ids kept are read back as themselves.
                let again = webhooks::check_filters(
                    &*api.store,
                    &api.reference,
                    c.as_deref(),
                    p.as_deref(),
                    r.as_deref(),
                )
                .expect("canonical filters are accepted");
                assert_eq!(again, (c, p, r));
            }
            Err(truce_app::Error::Filter(f)) => {
                assert!(
                    ["commitment", "party", "region"].contains(&f.field.as_str()),
                    "{f}"
                );
            }
            Err(e) => panic!("a filter refused without naming it: {e}"),
        }
        let audience = body.audience.as_deref().map(str::trim).unwrap_or("public");
        match webhooks::check_audience(&*api.store, &api.reference, audience) {
            Ok(_) => {}
            Err(truce_app::Error::Filter(f)) => assert_eq!(f.field, "audience"),
            Err(e) => panic!("an audience refused without naming it: {e}"),
        }
    });
});
