//! Signed-note checks: the Go `note` package's published test vectors
//! (PeterNeumann and EnochRoot keys), round trips, and refusal of every kind
//! of malformed input without panicking.

use truce_ledger::{
    Ed25519Signer, Ed25519Verifier, KeyError, MAX_SIGNATURES, Note, NoteError, NoteVerifier,
    is_valid_key_name, key_id, open_note, sign_note,
};

const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_SKEY: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                    then you don't know what your problem is.\n";
const PETER_SIG: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG: &str = "\u{2014} EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

fn peter() -> Ed25519Verifier {
    Ed25519Verifier::from_vkey(PETER_VKEY).unwrap()
}

fn enoch() -> Ed25519Verifier {
    Ed25519Verifier::from_vkey(ENOCH_VKEY).unwrap()
}

#[test]
fn go_vector_keys_parse_and_round_trip() {
    let v = peter();
    assert_eq!(v.name(), "PeterNeumann");
    assert_eq!(v.key_id(), 0xc74f20a3);
    assert_eq!(v.vkey(), PETER_VKEY);
    let s = Ed25519Signer::from_private_key(PETER_SKEY).unwrap();
    assert_eq!(s.private_key(), PETER_SKEY);
    assert_eq!(s.verifier(), v);
    assert_eq!(enoch().key_id(), 0xaf0cfe78);
    assert_eq!(key_id("PeterNeumann", 0x01, &v.public_key()), 0xc74f20a3);
}

#[test]
fn go_vector_signature_is_reproduced_exactly() {
    let s = Ed25519Signer::from_private_key(PETER_SKEY).unwrap();
    let signed = sign_note(TEXT, &[&s]).unwrap();
    assert_eq!(signed, format!("{TEXT}\n{PETER_SIG}"));
}

#[test]
fn go_vector_open() {
    let msg = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    let (p, e) = (peter(), enoch());

    let n = open_note(&msg, &[&p]).unwrap();
    assert_eq!(n.text, TEXT);
    assert_eq!(n.verified.len(), 1);
    assert_eq!(n.verified[0].name, "PeterNeumann");
    assert_eq!(n.unverified.len(), 1);
    assert_eq!(n.unverified[0].name, "EnochRoot");
    assert_eq!(n.unverified[0].key_id, 0xaf0cfe78);

    let n = open_note(&msg, &[&p, &e]).unwrap();
    assert_eq!(n.verified.len(), 2);
    assert!(n.unverified.is_empty());

    assert_eq!(open_note(&msg, &[]), Err(NoteError::NoTrustedSignature));

    // The same key trusted twice makes its signatures ambiguous.
    let dup = format!("{TEXT}\n{ENOCH_SIG}");
    assert!(matches!(
        open_note(&dup, &[&e, &p, &e]),
        Err(NoteError::AmbiguousKey { .. })
    ));
    // ...but only when such a signature is present.
    let only_peter = format!("{TEXT}\n{PETER_SIG}");
    assert!(open_note(&only_peter, &[&e, &p, &e]).is_ok());

    // Repeated signatures are reported once.
    let repeated = format!("{TEXT}\n{PETER_SIG}{PETER_SIG}{ENOCH_SIG}{ENOCH_SIG}");
    let n = open_note(&repeated, &[&p]).unwrap();
    assert_eq!(n.verified.len(), 1);
    assert_eq!(n.unverified.len(), 1);
}

#[test]
fn bad_signature_by_known_key_rejects_the_note() {
    // Go's test: splice "ABCD" into the base64, which still decodes.
    let bad = format!("{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
    let msg = format!("{TEXT}\n{bad}");
    assert_eq!(
        open_note(&msg, &[&peter()]),
        Err(NoteError::InvalidSignature {
            name: "PeterNeumann".into(),
            key_id: 0xc74f20a3
        })
    );
    // Even if another trusted key signed correctly.
    let msg = format!("{TEXT}\n{ENOCH_SIG}{bad}");
    assert!(matches!(
        open_note(&msg, &[&peter(), &enoch()]),
        Err(NoteError::InvalidSignature { .. })
    ));
    // A bad signature by an unknown key is ignored.
    let msg = format!(
        "{TEXT}\n{PETER_SIG}{}ABCD{}",
        &ENOCH_SIG[..60],
        &ENOCH_SIG[60..]
    );
    assert!(open_note(&msg, &[&peter()]).is_ok());
}

#[test]
fn signature_on_other_text_fails() {
    let msg = format!("{}X\n\n{PETER_SIG}", TEXT.trim_end_matches('\n'));
    assert!(matches!(
        open_note(&msg, &[&peter()]),
        Err(NoteError::InvalidSignature { .. })
    ));
}

#[test]
fn malformed_notes_are_errors_not_panics() {
    let p = peter();
    let cases: Vec<(Vec<u8>, NoteError)> = vec![
        (TEXT.into(), NoteError::NoSignatureBlock),
        (format!("{TEXT}\n").into(), NoteError::NoSignatures),
        (
            format!("{TEXT}\n{}", &PETER_SIG[..PETER_SIG.len() - 1]).into(),
            NoteError::MissingFinalNewline,
        ),
        (
            format!("\x01{TEXT}\n{PETER_SIG}").into(),
            NoteError::ControlCharacter,
        ),
        (
            format!("{TEXT}\r\n{PETER_SIG}").into(),
            NoteError::ControlCharacter,
        ),
        (
            [b"\xff".as_slice(), format!("{TEXT}\n{PETER_SIG}").as_bytes()].concat(),
            NoteError::NotUtf8,
        ),
        (
            format!("{TEXT}\n\u{2014} Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n").into(),
            NoteError::BadSignatureEncoding(1),
        ),
        (
            format!("{TEXT}\n{PETER_SIG}Unexpected line.\n").into(),
            NoteError::BadSignatureLine(2),
        ),
        (
            format!("{TEXT}\n- PeterNeumann x08go/ZJku\n").into(),
            NoteError::BadSignatureLine(1),
        ),
        (
            format!("{TEXT}\n\u{2014} PeterNeumann\n").into(),
            NoteError::BadSignatureLine(1),
        ),
        (
            format!("{TEXT}\n\u{2014} Peter+Neumann x08go/ZJ\n").into(),
            NoteError::BadKeyName(1),
        ),
        (
            format!("{TEXT}\n\u{2014} PeterNeumann not*base64\n").into(),
            NoteError::BadSignatureEncoding(1),
        ),
        (
            format!("{TEXT}\n\u{2014} PeterNeumann AAAA\n").into(),
            NoteError::BadSignatureEncoding(1),
        ),
        (
            format!("{TEXT}\n\u{2014} PeterNeumann \n").into(),
            NoteError::BadSignatureEncoding(1),
        ),
        (
            format!("{TEXT}\n{}", PETER_SIG.repeat(MAX_SIGNATURES + 1)).into(),
            NoteError::TooManySignatures,
        ),
        (Vec::new(), NoteError::NoSignatureBlock),
        (b"\n\n".to_vec(), NoteError::NoSignatures),
    ];
    for (msg, want) in cases {
        assert_eq!(
            open_note(&msg, &[&p]),
            Err(want.clone()),
            "{:?}",
            String::from_utf8_lossy(&msg)
        );
    }
    // Exactly the limit is fine.
    let many = format!("{TEXT}\n{}", PETER_SIG.repeat(MAX_SIGNATURES));
    assert!(open_note(&many, &[&p]).is_ok());
}

#[test]
fn every_truncation_of_a_note_fails_cleanly() {
    let msg = format!("{TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    let bytes = msg.as_bytes();
    for end in 0..bytes.len() {
        let r = open_note(&bytes[..end], &[&peter(), &enoch()]);
        // Cutting right after Peter's line leaves a valid note with one signature.
        if end == TEXT.len() + 1 + PETER_SIG.len() {
            assert!(r.is_ok());
        } else {
            assert!(r.is_err(), "prefix of {end} bytes");
        }
    }
}

#[test]
fn text_ends_at_the_last_blank_line() {
    let s = Ed25519Signer::from_seed("example.org/log", [7; 32]).unwrap();
    let text = "first\n\nsecond after a blank line\n\n";
    let signed = sign_note(text, &[&s]).unwrap();
    let n = open_note(&signed, &[&s.verifier()]).unwrap();
    assert_eq!(n.text, text);
}

#[test]
fn round_trip_with_generated_keys() {
    let a = Ed25519Signer::generate("witness.example/a").unwrap();
    let b = Ed25519Signer::generate("witness.example/b").unwrap();
    let again = Ed25519Signer::from_private_key(&a.private_key()).unwrap();
    assert_eq!(again.verifier(), a.verifier());
    let va: Ed25519Verifier = a.verifier().to_string().parse().unwrap();
    assert_eq!(va, a.verifier());

    let mut note = Note::new("hello\nworld\n").unwrap();
    note.sign(&a).unwrap();
    note.sign(&b).unwrap();
    note.sign(&a).unwrap(); // re-signing replaces, not duplicates
    assert_eq!(note.signatures().len(), 2);
    let encoded = note.to_string();
    assert_eq!(Note::parse(&encoded).unwrap(), note);

    let n = open_note(&encoded, &[&va]).unwrap();
    assert_eq!(n.verified.len(), 1);
    assert_eq!(n.unverified.len(), 1);

    // Only unknown keys: rejected.
    let other = Ed25519Signer::generate("witness.example/c").unwrap();
    assert_eq!(
        open_note(&encoded, &[&other.verifier()]),
        Err(NoteError::NoTrustedSignature)
    );
    // Same name, different key: treated as unknown (ids differ), so rejected.
    let impostor = Ed25519Signer::generate("witness.example/a").unwrap();
    assert_eq!(
        open_note(&encoded, &[&impostor.verifier()]),
        Err(NoteError::NoTrustedSignature)
    );
}

#[test]
fn signing_refuses_bad_text() {
    let s = Ed25519Signer::from_seed("k", [1; 32]).unwrap();
    assert_eq!(
        sign_note("no newline", &[&s]),
        Err(NoteError::TextWithoutNewline)
    );
    assert_eq!(sign_note("", &[&s]), Err(NoteError::TextWithoutNewline));
    assert_eq!(
        sign_note("tab\there\n", &[&s]),
        Err(NoteError::ControlCharacter)
    );
    assert_eq!(sign_note("fine\n", &[]), Err(NoteError::NoSignatures));
}

#[test]
fn key_names() {
    assert!(is_valid_key_name("example.com/log"));
    assert!(is_valid_key_name("ünïcode"));
    for bad in ["", "a b", "a+b", "a\tb", "a\u{00a0}b", "a\u{2003}b"] {
        assert!(!is_valid_key_name(bad), "{bad:?}");
        assert!(matches!(
            Ed25519Signer::from_seed(bad, [0; 32]),
            Err(KeyError::BadName(_))
        ));
    }
}

#[test]
fn every_mangled_key_string_is_refused() {
    // As in Go's tests: every proper substring, and every single-byte change.
    for key in [PETER_VKEY, PETER_SKEY] {
        let is_private = key.starts_with("PRIVATE");
        let parse = |s: &str| {
            if is_private {
                Ed25519Signer::from_private_key(s).map(|_| ())
            } else {
                Ed25519Verifier::from_vkey(s).map(|_| ())
            }
        };
        assert!(parse(key).is_ok());
        let b = key.as_bytes();
        for i in 0..=b.len() {
            for j in i + 1..=b.len() {
                if (i, j) != (0, b.len()) {
                    let s = std::str::from_utf8(&b[i..j]).unwrap();
                    assert!(parse(s).is_err(), "{s:?}");
                }
            }
        }
        for i in 0..b.len() {
            let mut m = b.to_vec();
            m[i] += 1;
            if let Ok(s) = std::str::from_utf8(&m) {
                assert!(parse(s).is_err(), "{s:?}");
            }
        }
    }
    // Wrong length with an adjusted key id, and an unknown type (also from Go).
    assert!(
        Ed25519Verifier::from_vkey(
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="
        )
        .is_err()
    );
    assert!(
        Ed25519Verifier::from_vkey(
            "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        )
        .is_err()
    );
    assert_eq!(
        Ed25519Verifier::from_vkey("PeterNeumann+c74f20a3"),
        Err(KeyError::Malformed)
    );
    assert!(matches!(
        Ed25519Verifier::from_vkey(
            "PeterNeumann+c74f20g3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        ),
        Err(KeyError::BadKeyId(_))
    ));
}

#[test]
fn error_messages_are_plain_words() {
    assert_eq!(
        NoteError::NoTrustedSignature.to_string(),
        "the note is not signed by any trusted key"
    );
    assert_eq!(
        KeyError::KeyIdMismatch.to_string(),
        "the key id does not match the key name and public key"
    );
}
