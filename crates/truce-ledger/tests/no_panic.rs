//! Every parser takes untrusted input: random and near-valid inputs must
//! give an error or a value, never a panic.

use proptest::prelude::*;
use truce_ledger::{
    Checkpoint, CosignatureVerifier, Cosigner, Ed25519Signer, Ed25519Verifier, Note,
    decode_entry_bundle, parse_tile_path, verify_consistency, verify_inclusion,
};

/// Strings over the characters that matter to the formats, so the parsers'
/// deeper branches are reached, not just their first check.
fn near_valid() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("\u{2014} ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just(" ".to_string()),
            Just("+".to_string()),
            Just("/".to_string()),
            Just("=".to_string()),
            Just(".p/".to_string()),
            Just("x".to_string()),
            Just("tile/".to_string()),
            Just("PRIVATE+KEY+".to_string()),
            "[0-9a-fA-F]{1,8}",
            "[A-Za-z0-9+/]{4,12}",
            any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(s in near_valid(), bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Note::parse(s.as_bytes());
        let _ = Note::parse(&bytes);
        let _ = Checkpoint::parse(&s);
        let _ = parse_tile_path(&s);
        let _ = Ed25519Verifier::from_vkey(&s);
        let _ = Ed25519Signer::from_private_key(&s);
        let _ = CosignatureVerifier::from_vkey(&s);
        let _ = Cosigner::from_private_key(&s);
        let _ = decode_entry_bundle(&bytes);
    }

    #[test]
    fn verifiers_never_panic(
        a in any::<u64>(),
        b in any::<u64>(),
        len in 0usize..70,
        fill in any::<u8>(),
    ) {
        let proof = vec![[fill; 32]; len];
        let h = [fill; 32];
        let _ = verify_inclusion(&h, a, b, &proof, &h);
        let _ = verify_consistency(a, b, &h, &h, &proof);
        let _ = verify_inclusion(&h, a % 1000, b % 1000, &proof, &h);
        let _ = verify_consistency(a % 1000, b % 1000, &h, &h, &proof);
    }
}
