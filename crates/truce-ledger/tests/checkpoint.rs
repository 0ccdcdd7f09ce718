//! Checkpoint parsing and formatting, log signing, and witness cosignatures.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use truce_ledger::{
    ALG_COSIGNATURE_V1, Checkpoint, CheckpointError, CosignError, CosignatureVerifier, Cosigner,
    Ed25519Signer, Ed25519Verifier, KeyError, Note, NoteError, NoteVerifier, Tree,
    cosignature_message, cosignature_timestamp, key_id,
};

const SPEC_BODY: &str =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

#[test]
fn spec_example_round_trips() {
    let c = Checkpoint::parse(SPEC_BODY).unwrap();
    assert_eq!(c.origin, "example.com/behind-the-sofa");
    assert_eq!(c.size, 20852163);
    assert_eq!(
        B64.encode(c.root),
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="
    );
    assert!(c.extensions.is_empty());
    assert_eq!(c.body(), SPEC_BODY);
    assert_eq!(c.to_string(), SPEC_BODY);
}

#[test]
fn extensions_and_zero_size() {
    let body = "log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\nanother\n";
    let c = Checkpoint::parse(body).unwrap();
    assert_eq!(c.size, 0);
    assert_eq!(c.root, truce_ledger::empty_root());
    assert_eq!(c.extensions, vec!["ext one", "another"]);
    assert_eq!(c.body(), body);
}

#[test]
fn malformed_checkpoints() {
    let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
    let cases: Vec<(String, CheckpointError)> = vec![
        (format!("o\n5\n{root}"), CheckpointError::MissingNewline),
        ("o\n5\n".into(), CheckpointError::TooFewLines),
        ("o\n".into(), CheckpointError::TooFewLines),
        ("".into(), CheckpointError::MissingNewline),
        (format!("\n5\n{root}\n"), CheckpointError::EmptyOrigin),
        (
            format!("o\n05\n{root}\n"),
            CheckpointError::BadSize("05".into()),
        ),
        (
            format!("o\n00\n{root}\n"),
            CheckpointError::BadSize("00".into()),
        ),
        (
            format!("o\n+5\n{root}\n"),
            CheckpointError::BadSize("+5".into()),
        ),
        (
            format!("o\n-1\n{root}\n"),
            CheckpointError::BadSize("-1".into()),
        ),
        (
            format!("o\n\n{root}\n"),
            CheckpointError::BadSize("".into()),
        ),
        (
            format!("o\n 5\n{root}\n"),
            CheckpointError::BadSize(" 5".into()),
        ),
        (
            format!("o\n18446744073709551616\n{root}\n"),
            CheckpointError::BadSize("18446744073709551616".into()),
        ),
        (
            "o\n5\nnot base64!\n".into(),
            CheckpointError::BadRoot("not base64!".into()),
        ),
        (
            "o\n5\nAAAA\n".into(),
            CheckpointError::BadRoot("AAAA".into()),
        ),
        (
            "o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n".into(),
            CheckpointError::BadRoot("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I".into()),
        ),
        (format!("o\n5\n{root}\n\n"), CheckpointError::EmptyExtension),
        (
            format!("o\n5\n{root}\na\n\nb\n"),
            CheckpointError::EmptyExtension,
        ),
        (
            format!("o\t\n5\n{root}\n"),
            CheckpointError::ControlCharacter,
        ),
    ];
    for (body, want) in cases {
        assert_eq!(Checkpoint::parse(&body), Err(want), "{body:?}");
    }
    assert!(
        Checkpoint::parse(
            "o\n18446744073709551615\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
        )
        .is_ok()
    );
}

fn log_and_checkpoint() -> (Ed25519Signer, Checkpoint) {
    let origin = "truce.example/ledger";
    let log = Ed25519Signer::from_seed(origin, [3; 32]).unwrap();
    let mut t = Tree::new();
    for i in 0..10u8 {
        t.append(&[i]).unwrap();
    }
    (log, Checkpoint::new(origin, 10, t.root().unwrap()))
}

#[test]
fn sign_and_open() {
    let (log, cp) = log_and_checkpoint();
    let signed = cp.sign(&log).unwrap();
    assert!(signed.starts_with(&cp.body()));
    let opened = Checkpoint::open(&signed, &log.verifier(), &[]).unwrap();
    assert_eq!(opened.checkpoint, cp);
    assert_eq!(opened.note.verified.len(), 1);

    // A key not named after the origin cannot sign or open it.
    let other = Ed25519Signer::from_seed("someone.else/log", [4; 32]).unwrap();
    assert!(matches!(
        cp.sign(&other),
        Err(CheckpointError::OriginKeyMismatch { .. })
    ));
    assert!(matches!(
        Checkpoint::open(&signed, &other.verifier(), &[]),
        Err(CheckpointError::OriginKeyMismatch { .. })
    ));
    // Right name, wrong key: the signature is by an unknown key.
    let impostor = Ed25519Signer::from_seed("truce.example/ledger", [5; 32]).unwrap();
    assert_eq!(
        Checkpoint::open(&signed, &impostor.verifier(), &[]),
        Err(CheckpointError::Note(NoteError::NoTrustedSignature))
    );
    // A tampered size breaks the signature.
    let tampered = signed.replacen("\n10\n", "\n11\n", 1);
    assert!(matches!(
        Checkpoint::open(&tampered, &log.verifier(), &[]),
        Err(CheckpointError::Note(NoteError::InvalidSignature { .. }))
    ));
    // A checkpoint with a bad field is refused before signing.
    let mut bad = cp.clone();
    bad.extensions.push(String::new());
    assert_eq!(bad.sign(&log), Err(CheckpointError::EmptyExtension));
}

#[test]
fn cosignature_message_matches_spec_example() {
    let msg = cosignature_message(1679315147, SPEC_BODY);
    assert_eq!(
        String::from_utf8(msg).unwrap(),
        "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    );
}

#[test]
fn cosign_and_verify() {
    let (log, cp) = log_and_checkpoint();
    let w = Cosigner::from_seed("witness.example/w1", [9; 32]).unwrap();
    let wv = w.verifier();

    let sig = w.cosign(&cp, 1_700_000_000).unwrap();
    assert_eq!(sig.signature.len(), 72);
    assert_eq!(&sig.signature[..8], &1_700_000_000u64.to_be_bytes());
    assert_eq!(cosignature_timestamp(&sig), Ok(1_700_000_000));

    let mut note = Note::parse(cp.sign(&log).unwrap()).unwrap();
    note.add_signature(sig.clone()).unwrap();
    let encoded = note.to_string();

    let opened = Checkpoint::open(&encoded, &log.verifier(), &[&wv]).unwrap();
    assert_eq!(opened.note.verified.len(), 2);
    assert!(
        opened
            .note
            .verified
            .iter()
            .any(|s| s.name == "witness.example/w1")
    );

    // Without trusting the witness its line is merely unverified.
    let opened = Checkpoint::open(&encoded, &log.verifier(), &[]).unwrap();
    assert_eq!(opened.note.unverified.len(), 1);

    // Only the witness trusted, not the log: refused.
    let stranger_log = Ed25519Signer::from_seed("truce.example/ledger", [6; 32]).unwrap();
    assert_eq!(
        Checkpoint::open(&encoded, &stranger_log.verifier(), &[&wv]),
        Err(CheckpointError::NotSignedByLog)
    );

    // Changing the timestamp invalidates the cosignature.
    let mut forged = sig.clone();
    forged.signature[7] ^= 1;
    assert!(!wv.verify(cp.body().as_bytes(), &forged.signature));
    // So does a different checkpoint.
    let mut other = cp.clone();
    other.size = 11;
    assert!(!wv.verify(other.body().as_bytes(), &sig.signature));
    assert!(wv.verify(cp.body().as_bytes(), &sig.signature));
    // Wrong lengths are refused, never a panic.
    assert!(!wv.verify(cp.body().as_bytes(), &sig.signature[..71]));
    assert!(!wv.verify(cp.body().as_bytes(), &[]));
    let mut short = sig.clone();
    short.signature.pop();
    assert_eq!(
        cosignature_timestamp(&short),
        Err(CosignError::BadLength(71))
    );
}

#[test]
fn cosignature_timestamp_limit() {
    let (_, cp) = log_and_checkpoint();
    let w = Cosigner::from_seed("w", [9; 32]).unwrap();
    assert!(w.cosign(&cp, i64::MAX as u64).is_ok());
    assert_eq!(
        w.cosign(&cp, 1 << 63),
        Err(CosignError::TimestampTooLarge(1 << 63))
    );
}

#[test]
fn cosigner_keys_use_type_0x04() {
    let w = Cosigner::from_seed("witness.example/w1", [9; 32]).unwrap();
    let wv = w.verifier();
    let vkey = wv.vkey();
    let (_, rest) = vkey.split_once('+').unwrap();
    let (_, b64) = rest.split_once('+').unwrap();
    let raw = B64.decode(b64).unwrap();
    assert_eq!(raw[0], ALG_COSIGNATURE_V1);
    assert_eq!(wv.key_id(), key_id("witness.example/w1", 0x04, &raw[1..]));

    let parsed: CosignatureVerifier = vkey.parse().unwrap();
    assert_eq!(parsed, wv);
    assert_eq!(
        Ed25519Verifier::from_vkey(&vkey),
        Err(KeyError::UnsupportedType(0x04))
    );

    // The same seed and name as a plain note key has a different key id.
    let plain = Ed25519Signer::from_seed("witness.example/w1", [9; 32]).unwrap();
    assert_ne!(plain.verifier().key_id(), wv.key_id());
    assert_eq!(
        CosignatureVerifier::from_vkey(&plain.verifier().vkey()),
        Err(KeyError::UnsupportedType(0x01))
    );

    // Private keys round trip, and a plain Ed25519 note key may be reused.
    let again = Cosigner::from_private_key(&w.private_key()).unwrap();
    assert_eq!(again.verifier(), wv);
    let reused = Cosigner::from_private_key(&plain.private_key()).unwrap();
    assert_eq!(reused.verifier(), wv);

    // Tampered key id is refused.
    let mut sk = w.private_key();
    let pos = "PRIVATE+KEY+witness.example/w1+".len();
    let c = if &sk[pos..pos + 1] == "0" { "1" } else { "0" };
    sk.replace_range(pos..pos + 1, c);
    assert_eq!(
        Cosigner::from_private_key(&sk).unwrap_err(),
        KeyError::KeyIdMismatch
    );
}
