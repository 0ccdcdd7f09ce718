//! `truce log …`: the evidence log's checkpoints, proofs, verification,
//! cosignatures, export as static tiles, and replay.
//!
//! Proofs are printed as JSON (documented in `docs/ledger.md`), with hashes in
//! standard base64 as in C2SP checkpoints.

use crate::Outcome;
use crate::workspace;
use anyhow::{Context, Result, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use std::collections::BTreeMap;
use std::path::Path;
use truce_ledger::{
    Checkpoint, CosignatureVerifier, Cosigner, Ed25519Verifier, Hash, HashStore, MemStore,
    NoteVerifier, leaf_hash,
};
use truce_store::StoredCosignature;
use truce_store::log::decode_entry;

fn b64(h: &Hash) -> String {
    B64.encode(h)
}

/// Opens a checkpoint note signed by this workspace's log key.
fn open_checkpoint(text: &str, key: &Ed25519Verifier) -> Result<Checkpoint> {
    let signed = Checkpoint::open(text.as_bytes(), key, &[])
        .map_err(|e| anyhow::anyhow!("the checkpoint does not verify with the log key: {e}"))?;
    Ok(signed.checkpoint)
}

fn read_checkpoint_file(path: &Path, key: &Ed25519Verifier) -> Result<Checkpoint> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    open_checkpoint(&text, key).with_context(|| format!("{}", path.display()))
}

pub fn checkpoint(db: &str) -> Result<Outcome> {
    let mut store = workspace::open(db)?;
    let note = workspace::sign_checkpoint(&mut *store)?;
    print!("{note}");
    Ok(Outcome::Ok)
}

pub fn prove_inclusion(db: &str, index: u64, checkpoint: Option<&Path>) -> Result<Outcome> {
    let store = workspace::open(db)?;
    let key = workspace::log_verifier(&*store)?;
    let size = match checkpoint {
        Some(p) => read_checkpoint_file(p, &key)?.size,
        None => store.log_size()?,
    };
    if index >= size {
        bail!("entry {index} is not in the log of {size} entries (entries are numbered from 0)");
    }
    let mut leaf = None;
    store.log_scan(index, &mut |_, _, data| {
        leaf = Some(leaf_hash(data));
        false
    })?;
    let leaf = leaf.with_context(|| format!("entry {index} is missing from the store"))?;
    let proof = store.log_inclusion_proof(index, size)?;
    let root = store.log_root(size)?;
    let out = serde_json::json!({
        "type": "inclusion",
        "index": index,
        "tree_size": size,
        "leaf_hash": b64(&leaf),
        "root_hash": b64(&root),
        "proof": proof.iter().map(b64).collect::<Vec<_>>(),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(Outcome::Ok)
}

pub fn prove_consistency(db: &str, from: &Path, to: &Path) -> Result<Outcome> {
    let store = workspace::open(db)?;
    let key = workspace::log_verifier(&*store)?;
    let old = read_checkpoint_file(from, &key)?;
    let new = read_checkpoint_file(to, &key)?;
    if old.size > new.size {
        bail!(
            "{} (size {}) is newer than {} (size {}); give the older checkpoint with --from",
            from.display(),
            old.size,
            to.display(),
            new.size
        );
    }
    let proof = store.log_consistency_proof(old.size, new.size)?;
    let out = serde_json::json!({
        "type": "consistency",
        "old_size": old.size,
        "new_size": new.size,
        "old_root": b64(&old.root),
        "new_root": b64(&new.root),
        "proof": proof.iter().map(b64).collect::<Vec<_>>(),
    });
    // The proof must hold for the checkpoints as given; say so now rather than
    // hand out a proof that fails.
    truce_ledger::verify_consistency(old.size, new.size, &old.root, &new.root, &proof)
        .map_err(|e| anyhow::anyhow!("the two checkpoints are not consistent: {e}"))?;
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(Outcome::Ok)
}

/// What a verification found wrong, naming the first bad entry.
struct Problem {
    index: u64,
    what: String,
}

/// Checkpoints held outside the workspace: the files given, and every file in
/// the folders given.
fn held_checkpoints(paths: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Whether the tree holds a checkpoint: what is wrong, in words, if not.
fn holds(tree: &MemStore, cp: &Checkpoint, shown: &str) -> Result<Option<String>> {
    let size = tree.size();
    if cp.size > size {
        return Ok(Some(format!(
            "the checkpoint {shown} covers {} entries, but the log holds only {size}: the log was truncated or rolled back after it was signed",
            cp.size
        )));
    }
    if truce_ledger::root_at(tree, cp.size)? != cp.root {
        return Ok(Some(format!(
            "the log's first {} entries do not produce the root of the checkpoint {shown}: the log was rewritten after it was signed",
            cp.size
        )));
    }
    Ok(None)
}

/// Recomputes the tree from the entries and compares it with everything
/// kept and with the checkpoints held elsewhere; then checks the store's
/// rows against the log.
pub fn verify(db: &str, held: &[std::path::PathBuf]) -> Result<Outcome> {
    let store = workspace::open(db)?;
    let key = workspace::log_verifier(&*store)?;
    let mut tree = MemStore::new();
    let mut expected = 0u64;
    let mut problem: Option<Problem> = None;
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    store.log_scan(0, &mut |idx, kind, data| {
        if idx != expected {
            problem = Some(Problem {
                index: expected,
                what: format!("entry {expected} is missing (the next stored entry is {idx})"),
            });
            return false;
        }
        if let Err(e) = decode_entry(data) {
            problem = Some(Problem {
                index: idx,
                what: format!("entry {idx} is malformed: {e}"),
            });
            return false;
        }
        *kinds.entry(kind.to_string()).or_default() += 1;
        if tree.append_leaf_hash(leaf_hash(data)).is_err() {
            return false;
        }
        expected += 1;
        true
    })?;
    let size = tree.size();
    // Every stored subtree hash must equal the recomputed one.
    if problem.is_none() {
        store.log_nodes(&mut |level, idx, hash| {
            let first_leaf = idx << level;
            match tree.get(level, idx) {
                Ok(h) if h[..] == *hash => true,
                Ok(_) => {
                    problem = Some(Problem {
                        index: first_leaf,
                        what: if level == 0 {
                            format!("entry {idx} does not match its recorded hash: it was changed")
                        } else {
                            format!(
                                "the recorded hash over entries {first_leaf}..{} differs from the entries",
                                ((idx + 1) << level) - 1
                            )
                        },
                    });
                    false
                }
                Err(_) => {
                    problem = Some(Problem {
                        index: first_leaf.min(size),
                        what: format!("a hash is recorded for entry {first_leaf}, which is not in the log"),
                    });
                    false
                }
            }
        })?;
    }
    // Every kept checkpoint must be signed by the log key and match the tree.
    let mut by_size: BTreeMap<u64, Vec<Hash>> = BTreeMap::new();
    let checkpoints = store.checkpoints()?;
    let mut matches: Vec<(u64, bool)> = Vec::new();
    if problem.is_none() {
        for c in &checkpoints {
            let cp =
                open_checkpoint(&c.note, &key).with_context(|| format!("checkpoint {}", c.id))?;
            by_size.entry(cp.size).or_default().push(cp.root);
            if cp.size > size {
                problem = Some(Problem {
                    index: size,
                    what: format!(
                        "a signed checkpoint covers {} entries but only {size} are stored",
                        cp.size
                    ),
                });
                break;
            }
            matches.push((cp.size, truce_ledger::root_at(&tree, cp.size)? == cp.root));
        }
        // Entries rewritten together with their recorded hashes still break the
        // signed roots. The entries before the largest checkpoint that still
        // matches are vouched for by its signature, so the change is at or
        // after that entry.
        if problem.is_none()
            && let Some(bad) = matches.iter().filter(|(_, ok)| !ok).map(|(s, _)| *s).min()
        {
            let good = matches
                .iter()
                .filter(|(s, ok)| *ok && *s < bad)
                .map(|(s, _)| *s)
                .max()
                .unwrap_or(0);
            problem = Some(Problem {
                index: good,
                what: format!(
                    "the entries do not produce the signed root of the checkpoint of size {bad}; the first {good} still match an earlier signed checkpoint"
                ),
            });
        }
    }
    let mut split = Vec::new();
    for (s, roots) in &by_size {
        let mut r = roots.clone();
        r.sort();
        r.dedup();
        if r.len() > 1 {
            split.push(*s);
        }
    }
    // Cosignatures, by size.
    let cosigs = store.cosignatures()?;
    let mut cosigned: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for c in &cosigs {
        cosigned.entry(c.size).or_default().push(c.cosigner.clone());
    }
    if let Some(p) = problem {
        bail!(
            "the log does not verify: first bad entry {}: {}",
            p.index,
            p.what
        );
    }
    // The log must still hold what others were shown: the checkpoints they
    // keep, and those cosigned here.
    let mut held_ok = Vec::new();
    for path in held_checkpoints(held)? {
        let shown = path.display().to_string();
        let cp = read_checkpoint_file(&path, &key)?;
        if let Some(why) = holds(&tree, &cp, &shown)? {
            bail!("the log does not verify: {why}");
        }
        held_ok.push(format!("{shown} (size {})", cp.size));
    }
    for c in store.cosignatures()? {
        let shown = format!("cosigned by {}", c.cosigner);
        match Checkpoint::parse(&c.body) {
            Ok(cp) => {
                if let Some(why) = holds(&tree, &cp, &shown)? {
                    bail!("the log does not verify: {why}");
                }
            }
            Err(e) => bail!("the log does not verify: the checkpoint {shown} is unreadable: {e}"),
        }
    }
    if !split.is_empty() {
        bail!(
            "two different signed checkpoints exist for size {}: the log showed different histories",
            split
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let kinds_text: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    println!(
        "The log verifies: {size} entries ({}), {} checkpoints, root {}.",
        kinds_text.join(", "),
        checkpoints.len(),
        b64(&truce_ledger::root_at(&tree, size)?)
    );
    for (s, who) in cosigned {
        println!("Size {s} cosigned by {}.", who.join(", "));
    }
    for h in held_ok {
        println!("It holds the checkpoint {h}.");
    }
    // The tables are projections of the log: they must say what it says.
    let audit = truce_app::audit::audit(&*store)?;
    if !audit.is_clean() {
        let n = audit.differences.len() as u64 + audit.more;
        let mut text = format!(
            "the store differs from its log in {n} place{}:",
            if n == 1 { "" } else { "s" }
        );
        for d in &audit.differences {
            text.push_str("\n  ");
            text.push_str(d);
        }
        if audit.more > 0 {
            text.push_str(&format!("\n  … and {} more", audit.more));
        }
        bail!(text);
    }
    println!(
        "The store matches the log: {} reports, {} earlier versions, {} decisions, {} statements and {} reviews of their candidates, and what is published and decided.",
        audit.reports, audit.versions, audit.decisions, audit.statements, audit.reviews
    );
    Ok(Outcome::Ok)
}

/// The latest checkpoint a cosigner kept, if any.
fn latest_kept(dir: &Path, key: &Ed25519Verifier) -> Result<Option<Checkpoint>> {
    if !dir.exists() {
        return Ok(None);
    }
    let mut best: Option<Checkpoint> = None;
    for path in held_checkpoints(&[dir.to_path_buf()])? {
        let cp = read_checkpoint_file(&path, key)?;
        if best.as_ref().is_none_or(|b| cp.size > b.size) {
            best = Some(cp);
        }
    }
    Ok(best)
}

pub fn cosign(db: &str, key_file: &Path, keep: Option<&Path>) -> Result<Outcome> {
    let mut store = workspace::open(db)?;
    let text = std::fs::read_to_string(key_file)
        .with_context(|| format!("cannot read {}", key_file.display()))?;
    let cosigner = Cosigner::from_private_key(text.trim())
        .map_err(|e| anyhow::anyhow!("{} is not a signing key: {e}", key_file.display()))?;
    let note = workspace::sign_checkpoint(&mut *store)?;
    let key = workspace::log_verifier(&*store)?;
    let cp = open_checkpoint(&note, &key)?;
    // A cosigner vouches that the log only grew: the new checkpoint must be
    // consistent with the last one it cosigned.
    if let Some(dir) = keep
        && let Some(old) = latest_kept(dir, &key)?
    {
        if old.size > cp.size {
            bail!(
                "the log holds {} entries, fewer than the {} of the checkpoint you cosigned before (kept in {}): it was truncated or rolled back; nothing was cosigned",
                cp.size,
                old.size,
                dir.display()
            );
        }
        let proof = if old.size == 0 {
            Vec::new()
        } else {
            store.log_consistency_proof(old.size, cp.size)?
        };
        let consistent = if old.size == 0 {
            true
        } else if old.size == cp.size {
            old.root == cp.root
        } else {
            truce_ledger::verify_consistency(old.size, cp.size, &old.root, &cp.root, &proof).is_ok()
        };
        if !consistent {
            bail!(
                "the log is not an extension of the checkpoint of size {} you cosigned before (kept in {}): its history was rewritten; nothing was cosigned",
                old.size,
                dir.display()
            );
        }
    }
    let now = jiff::Timestamp::now().as_second().max(0) as u64;
    let sig = cosigner
        .cosign(&cp, now)
        .map_err(|e| anyhow::anyhow!("cannot cosign: {e}"))?;
    store.put_cosignature(&StoredCosignature {
        size: cp.size,
        cosigner: cosigner.name().to_string(),
        body: cp.body(),
        line: sig.line(),
        at: now as i64,
    })?;
    if let Some(dir) = keep {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join(format!("checkpoint.{}", cp.size));
        std::fs::write(&path, &note).with_context(|| format!("cannot write {}", path.display()))?;
    }
    print!("{note}{}", sig.line());
    eprintln!(
        "Cosigned the checkpoint of size {} as {}; verify it with {}.",
        cp.size,
        cosigner.name(),
        cosigner.verifier()
    );
    Ok(Outcome::Ok)
}

/// Writes the log as static C2SP tiles with entry bundles, the latest
/// checkpoint, and the log's verifier key.
pub fn export(db: &str, dir: &Path) -> Result<Outcome> {
    let mut store = workspace::open(db)?;
    let note = workspace::sign_checkpoint(&mut *store)?;
    let key = workspace::log_verifier(&*store)?;
    let cp = open_checkpoint(&note, &key)?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let write = |rel: &str, bytes: &[u8]| -> Result<()> {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&p, bytes).with_context(|| format!("cannot write {}", p.display()))
    };
    write("checkpoint", note.as_bytes())?;
    write("log.vkey", format!("{}\n", key.vkey()).as_bytes())?;
    // Rebuild in memory from the stored entries (the export must reflect the
    // entries themselves), then cut tiles.
    let mut tree = MemStore::new();
    let mut bundle: Vec<Vec<u8>> = Vec::with_capacity(256);
    let mut err = None;
    let mut next_bundle = 0u64;
    store.log_scan(0, &mut |idx, _, data| {
        if idx >= cp.size {
            return false;
        }
        let _ = tree.append_leaf_hash(leaf_hash(data));
        bundle.push(data.to_vec());
        if bundle.len() == 256 {
            let bytes = truce_ledger::encode_entry_bundle(bundle.iter().map(Vec::as_slice));
            let path = truce_ledger::TileId::new(0, next_bundle, 256).map(|t| t.entries_path());
            match (bytes, path) {
                (Ok(b), Ok(p)) => {
                    if let Err(e) = write(&p, &b) {
                        err = Some(e);
                        return false;
                    }
                }
                (Err(e), _) => {
                    err = Some(anyhow::anyhow!("entry bundle {next_bundle}: {e}"));
                    return false;
                }
                (_, Err(e)) => {
                    err = Some(anyhow::anyhow!("entry bundle {next_bundle}: {e}"));
                    return false;
                }
            }
            bundle.clear();
            next_bundle += 1;
        }
        true
    })?;
    if let Some(e) = err {
        return Err(e);
    }
    for tile in truce_ledger::tiles_for_size(cp.size) {
        let bytes = truce_ledger::read_tile(&tree, tile)
            .map_err(|e| anyhow::anyhow!("tile {}: {e}", tile.path()))?;
        write(&tile.path(), &bytes)?;
        if tile.level == 0 && tile.is_partial() && !bundle.is_empty() {
            let b = truce_ledger::encode_entry_bundle(bundle.iter().map(Vec::as_slice))
                .map_err(|e| anyhow::anyhow!("last entry bundle: {e}"))?;
            write(&tile.entries_path(), &b)?;
        }
    }
    println!(
        "Exported {} entries to {} (checkpoint, log.vkey, tile/…); verify with `truce log verify --offline {} --key \"{}\"`.",
        cp.size,
        dir.display(),
        dir.display(),
        key.vkey()
    );
    Ok(Outcome::Ok)
}

/// Verifies an exported copy with no database: the checkpoint against the
/// given key, the entries against the checkpoint, the tiles against the entries.
pub fn verify_offline(dir: &Path, vkey: &str, held: &[std::path::PathBuf]) -> Result<Outcome> {
    let key = Ed25519Verifier::from_vkey(vkey.trim()).map_err(|e| anyhow::anyhow!("--key: {e}"))?;
    let text = std::fs::read_to_string(dir.join("checkpoint"))
        .with_context(|| format!("cannot read {}/checkpoint", dir.display()))?;
    let cp = open_checkpoint(&text, &key)?;
    let mut tree = MemStore::new();
    let full = cp.size / 256;
    let partial = (cp.size % 256) as u16;
    for n in 0..=full {
        let width = if n < full { 256 } else { partial };
        if width == 0 {
            break;
        }
        let tile = truce_ledger::TileId::new(0, n, width).map_err(|e| anyhow::anyhow!("{e}"))?;
        let path = dir.join(tile.entries_path());
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let entries = truce_ledger::decode_entry_bundle(&bytes)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let want = width as usize;
        if entries.len() != want {
            bail!(
                "the log does not verify: first bad entry {}: {} holds {} entries, expected {want}",
                n * 256 + entries.len().min(want) as u64,
                path.display(),
                entries.len()
            );
        }
        for e in entries {
            tree.append_leaf_hash(leaf_hash(e))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    let root = truce_ledger::root_at(&tree, cp.size)?;
    if root != cp.root {
        // Compare the level-0 hash tiles with the recomputed leaves to name the
        // first changed entry.
        let mut first = None;
        for tile in truce_ledger::tiles_for_size(cp.size)
            .into_iter()
            .filter(|t| t.level == 0)
        {
            let recorded = std::fs::read(dir.join(tile.path())).unwrap_or_default();
            let ours = truce_ledger::read_tile(&tree, tile).unwrap_or_default();
            if let Some(pos) = recorded
                .chunks(32)
                .zip(ours.chunks(32))
                .position(|(a, b)| a != b)
            {
                first = Some(tile.index * 256 + pos as u64);
                break;
            }
        }
        bail!(
            "the log does not verify: first bad entry {}: the entries do not produce the checkpoint's root",
            first.map_or("unknown".to_string(), |i| i.to_string())
        );
    }
    for tile in truce_ledger::tiles_for_size(cp.size) {
        let recorded = std::fs::read(dir.join(tile.path()))
            .with_context(|| format!("cannot read {}", dir.join(tile.path()).display()))?;
        let ours = truce_ledger::read_tile(&tree, tile).map_err(|e| anyhow::anyhow!("{e}"))?;
        if recorded != ours {
            bail!(
                "the log does not verify: the hash tile {} differs from the entries",
                tile.path()
            );
        }
    }
    for path in held_checkpoints(held)? {
        let shown = path.display().to_string();
        let h = read_checkpoint_file(&path, &key)?;
        if let Some(why) = holds(&tree, &h, &shown)? {
            bail!("the exported log does not verify: {why}");
        }
    }
    println!(
        "The exported log verifies: {} entries, root {}, signed by {}.",
        cp.size,
        b64(&cp.root),
        key.name()
    );
    Ok(Outcome::Ok)
}

/// Rebuilds every projection from the log alone into a fresh store, then
/// compares the findings with the current ones.
pub fn replay(db: &str) -> Result<Outcome> {
    let store = workspace::open(db)?;
    let r = truce_app::replay::replay(store.as_ref())?;
    println!(
        "Replayed {} log entries into a fresh store: {} reports, {} findings, identical to the current ones (same ids, same statuses).",
        r.entries, r.reports, r.findings
    );
    Ok(Outcome::Ok)
}

/// `truce keys generate --name NAME`: an Ed25519 key pair in the C2SP formats.
pub fn generate_key(name: &str, dir: &Path) -> Result<Outcome> {
    let signer =
        truce_ledger::Ed25519Signer::generate(name).map_err(|e| anyhow::anyhow!("--name: {e}"))?;
    let secret = dir.join(format!("{name}.key"));
    let public = dir.join(format!("{name}.vkey"));
    workspace::write_secret(&secret, &format!("{}\n", signer.private_key()))?;
    std::fs::write(&public, format!("{}\n", signer.verifier().vkey()))
        .with_context(|| format!("cannot write {}", public.display()))?;
    let _: &dyn NoteVerifier = &CosignatureVerifier::new(name, &signer.public_key())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "Wrote {} (private, readable only by you) and {}:\n{}",
        secret.display(),
        public.display(),
        signer.verifier().vkey()
    );
    Ok(Outcome::Ok)
}

/// `truce keys register --party P KEY`.
pub fn register_key(db: &str, party: &str, key: &str) -> Result<Outcome> {
    let mut store = workspace::open(db)?;
    let agreement = store.agreement()?.agreement;
    if agreement.party(party).is_none() {
        let ids: Vec<&str> = agreement.parties.iter().map(|p| p.id.as_str()).collect();
        bail!(
            "--party: no party \"{party}\" in the agreement; the parties are {}",
            ids.join(", ")
        );
    }
    let text = if Path::new(key).exists() {
        std::fs::read_to_string(key).with_context(|| format!("cannot read {key}"))?
    } else {
        key.to_string()
    };
    let verifier = Ed25519Verifier::from_vkey(text.trim())
        .map_err(|e| anyhow::anyhow!("{key} is not a verifier key (name+id+key): {e}"))?;
    let index = store.add_party_key(party, verifier.name(), &verifier.vkey())?;
    workspace::sign_checkpoint(&mut *store)?;
    println!(
        "Registered {} for party {party} (log entry {index}); rows signed with it are accepted as {party}'s.",
        verifier.name()
    );
    Ok(Outcome::Ok)
}

/// `truce sign FILE --key KEY -o OUT`: adds (or replaces) a `signature`
/// column holding, for each row, a C2SP signature line over the row's
/// signing text.
pub fn sign_file(file: &Path, key: &Path, out: &Path) -> Result<Outcome> {
    let text =
        std::fs::read_to_string(key).with_context(|| format!("cannot read {}", key.display()))?;
    let signer = truce_ledger::Ed25519Signer::from_private_key(text.trim())
        .map_err(|e| anyhow::anyhow!("{} is not a signing key: {e}", key.display()))?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let header: Vec<String> = rdr
        .headers()
        .with_context(|| format!("{}: no header line", file.display()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let sig_col = header.iter().position(|h| h == "signature");
    let mut out_header = header.clone();
    if sig_col.is_none() {
        out_header.push("signature".into());
    }
    let mut w =
        csv::Writer::from_path(out).with_context(|| format!("cannot create {}", out.display()))?;
    w.write_record(&out_header)?;
    let mut n = 0u64;
    for (i, rec) in rdr.records().enumerate() {
        let rec =
            rec.with_context(|| format!("{}: line {}: not valid CSV", file.display(), i + 2))?;
        let mut values: Vec<String> = rec.iter().map(|v| v.trim().to_string()).collect();
        values.resize(header.len(), String::new());
        let fields: Vec<(&str, &str)> = header
            .iter()
            .zip(values.iter())
            .map(|(h, v)| (h.as_str(), v.as_str()))
            .collect();
        let signing = truce_ingest::canonical::signing_text(&fields);
        let signed = truce_ledger::sign_note(&signing, &[&signer])
            .map_err(|e| anyhow::anyhow!("{}: line {}: cannot sign: {e}", file.display(), i + 2))?;
        let line = signed.lines().last().unwrap_or_default().to_string();
        match sig_col {
            Some(c) => values[c] = line,
            None => values.push(line),
        }
        w.write_record(&values)?;
        n += 1;
    }
    w.flush()?;
    println!(
        "Signed {n} rows as {} into {}.",
        signer.verifier().name(),
        out.display()
    );
    Ok(Outcome::Ok)
}
