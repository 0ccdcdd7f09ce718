//! Merkle tree and proof checks against the published Certificate
//! Transparency vectors and an independent, literal transcription of the
//! RFC 6962 definitions (MTH, PATH, PROOF/SUBPROOF).

use proptest::prelude::*;
use truce_ledger::{
    Hash, ProofError, Tree, empty_root, leaf_hash, node_hash, verify_consistency, verify_inclusion,
};

// ---------------------------------------------------------------------------
// Reference implementation, straight from RFC 6962 §2.1 (recursive, slow).
// ---------------------------------------------------------------------------

fn k_for(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

fn mth(d: &[Hash]) -> Hash {
    match d.len() {
        0 => empty_root(),
        1 => d[0],
        n => {
            let k = k_for(n);
            node_hash(&mth(&d[..k]), &mth(&d[k..]))
        }
    }
}

fn path(m: usize, d: &[Hash]) -> Vec<Hash> {
    let n = d.len();
    if n == 1 {
        return vec![];
    }
    let k = k_for(n);
    if m < k {
        let mut p = path(m, &d[..k]);
        p.push(mth(&d[k..]));
        p
    } else {
        let mut p = path(m - k, &d[k..]);
        p.push(mth(&d[..k]));
        p
    }
}

fn subproof(m: usize, d: &[Hash], b: bool) -> Vec<Hash> {
    let n = d.len();
    if m == n {
        return if b { vec![] } else { vec![mth(d)] };
    }
    let k = k_for(n);
    if m <= k {
        let mut p = subproof(m, &d[..k], b);
        p.push(mth(&d[k..]));
        p
    } else {
        let mut p = subproof(m - k, &d[k..], false);
        p.push(mth(&d[..k]));
        p
    }
}

fn rfc_proof(m: usize, d: &[Hash]) -> Vec<Hash> {
    subproof(m, d, true)
}

/// The shape of the root a verifier rebuilds from an inclusion proof for
/// leaf `m` of `n`: which proof hash sits on which side at each level.
fn sym_path(m: u64, n: u64) -> String {
    fn go(m: u64, n: u64) -> (String, usize) {
        if n == 1 {
            return ("L".into(), 0);
        }
        let k = k_for(n as usize) as u64;
        if m < k {
            let (e, c) = go(m, k);
            (format!("({e},p{c})"), c + 1)
        } else {
            let (e, c) = go(m - k, n - k);
            (format!("(p{c},{e})"), c + 1)
        }
    }
    go(m, n).0
}

/// Same for consistency proofs: the shapes of the old and new roots.
fn sym_consistency(m: u64, n: u64) -> (String, String) {
    fn go(m: u64, n: u64, b: bool) -> (String, String, usize) {
        if m == n {
            return if b {
                ("OLD".into(), "OLD".into(), 0)
            } else {
                ("p0".into(), "p0".into(), 1)
            };
        }
        let k = k_for(n as usize) as u64;
        if m <= k {
            let (o, nw, c) = go(m, k, b);
            (o, format!("({nw},p{c})"), c + 1)
        } else {
            let (o, nw, c) = go(m - k, n - k, false);
            (format!("(p{c},{o})"), format!("(p{c},{nw})"), c + 1)
        }
    }
    let (o, n, _) = go(m, n, true);
    (o, n)
}

fn h(s: &str) -> Hash {
    hex::decode(s).unwrap().try_into().unwrap()
}

fn hs(v: &[&str]) -> Vec<Hash> {
    v.iter().map(|s| h(s)).collect()
}

// ---------------------------------------------------------------------------
// Certificate Transparency / Trillian reference vectors.
// ---------------------------------------------------------------------------

const CT_LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

const CT_ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn ct_tree() -> (Tree, Vec<Hash>) {
    let mut t = Tree::new();
    let mut leaves = Vec::new();
    for l in CT_LEAVES {
        let entry = hex::decode(l).unwrap();
        t.append(&entry).unwrap();
        leaves.push(leaf_hash(&entry));
    }
    (t, leaves)
}

#[test]
fn ct_roots_for_every_size() {
    let (t, leaves) = ct_tree();
    assert_eq!(
        hex::encode(t.root_at(0).unwrap()),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    for (i, want) in CT_ROOTS.iter().enumerate() {
        let size = i + 1;
        assert_eq!(
            hex::encode(t.root_at(size as u64).unwrap()),
            *want,
            "size {size}"
        );
        assert_eq!(
            hex::encode(mth(&leaves[..size])),
            *want,
            "reference, size {size}"
        );
    }
    assert_eq!(
        hex::encode(t.root().unwrap()),
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    );
}

#[test]
fn ct_inclusion_vectors() {
    let (t, leaves) = ct_tree();
    let cases: [(u64, u64, Vec<Hash>); 5] = [
        (0, 1, vec![]),
        (
            0,
            8,
            hs(&[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]),
        ),
        (
            5,
            8,
            hs(&[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]),
        ),
        (
            2,
            3,
            hs(&["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        ),
        (
            1,
            5,
            hs(&[
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]),
        ),
    ];
    for (index, size, want) in cases {
        assert_eq!(
            t.inclusion_proof(index, size).unwrap(),
            want,
            "{index}/{size}"
        );
        let root = h(CT_ROOTS[size as usize - 1]);
        verify_inclusion(&leaves[index as usize], index, size, &want, &root).unwrap();
    }
}

#[test]
fn ct_consistency_vectors() {
    let (t, _) = ct_tree();
    let cases: [(u64, u64, Vec<Hash>); 5] = [
        (1, 1, vec![]),
        (
            1,
            8,
            hs(&[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]),
        ),
        (
            6,
            8,
            hs(&[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]),
        ),
        (
            2,
            5,
            hs(&[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]),
        ),
        (
            2,
            8,
            hs(&[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]),
        ),
    ];
    for (m, n, want) in cases {
        assert_eq!(t.consistency_proof(m, n).unwrap(), want, "{m}->{n}");
        let (r1, r2) = (h(CT_ROOTS[m as usize - 1]), h(CT_ROOTS[n as usize - 1]));
        verify_consistency(m, n, &r1, &r2, &want).unwrap();
    }
}

// ---------------------------------------------------------------------------
// Exhaustive agreement with the reference for every size up to 64.
// ---------------------------------------------------------------------------

const N: usize = 64;

fn small_world() -> (Tree, Vec<Hash>, Vec<Hash>) {
    let mut t = Tree::new();
    let mut leaves = Vec::new();
    for i in 0..N as u32 {
        let entry = format!("entry {i}");
        t.append(entry.as_bytes()).unwrap();
        leaves.push(leaf_hash(entry.as_bytes()));
    }
    let roots = (0..=N).map(|n| mth(&leaves[..n])).collect();
    (t, leaves, roots)
}

#[test]
fn roots_match_reference_up_to_64() {
    let (t, _, roots) = small_world();
    for (n, root) in roots.iter().enumerate() {
        assert_eq!(t.root_at(n as u64).unwrap(), *root, "size {n}");
    }
}

#[test]
fn every_inclusion_proof_up_to_64() {
    let (t, leaves, roots) = small_world();
    for n in 1..=N {
        for m in 0..n {
            let p = t.inclusion_proof(m as u64, n as u64).unwrap();
            assert_eq!(p, path(m, &leaves[..n]), "{m}/{n}");
            verify_inclusion(&leaves[m], m as u64, n as u64, &p, &roots[n]).unwrap();
        }
    }
}

#[test]
fn every_consistency_proof_up_to_64() {
    let (t, leaves, roots) = small_world();
    for n in 1..=N {
        for m in 1..=n {
            let p = t.consistency_proof(m as u64, n as u64).unwrap();
            let want = if m == n {
                vec![]
            } else {
                rfc_proof(m, &leaves[..n])
            };
            assert_eq!(p, want, "{m}->{n}");
            verify_consistency(m as u64, n as u64, &roots[m], &roots[n], &p).unwrap();
        }
    }
}

/// A proof checked against the wrong size passes exactly when the wrong size
/// gives the verifier the same shape of tree; the RFC algorithm binds the
/// size only through that shape. Checked for every combination up to 64.
#[test]
fn inclusion_with_wrong_size_passes_only_for_identical_shape() {
    let (t, leaves, roots) = small_world();
    let mut accepted_wrong_size = 0;
    for n in 1..=N as u64 {
        for m in 0..n {
            let p = t.inclusion_proof(m, n).unwrap();
            let shape = sym_path(m, n);
            for n2 in 0..=N as u64 + 1 {
                let ok = verify_inclusion(&leaves[m as usize], m, n2, &p, &roots[n as usize]);
                let expect = m < n2 && sym_path(m, n2) == shape;
                assert_eq!(ok.is_ok(), expect, "{m}/{n} checked as {m}/{n2}");
                if ok.is_ok() && n2 != n {
                    accepted_wrong_size += 1;
                }
            }
            for m2 in 0..n {
                let ok = verify_inclusion(&leaves[m as usize], m2, n, &p, &roots[n as usize]);
                assert_eq!(ok.is_ok(), m2 == m, "{m}/{n} checked as {m2}/{n}");
            }
        }
    }
    // E.g. leaf 0 of 5 and of 6: same siblings, same sides. Not vacuous.
    assert!(accepted_wrong_size > 0);
}

#[test]
fn consistency_with_wrong_sizes_passes_only_for_identical_shape() {
    let (t, _, roots) = small_world();
    let n_max = 24u64;
    let mut accepted_wrong_sizes = 0;
    for n in 2..=n_max {
        for m in 1..n {
            let p = t.consistency_proof(m, n).unwrap();
            let shape = sym_consistency(m, n);
            let (r1, r2) = (&roots[m as usize], &roots[n as usize]);
            for n2 in 0..=n_max + 1 {
                for m2 in 0..=n2 {
                    if (m2, n2) == (m, n) {
                        continue;
                    }
                    let ok = verify_consistency(m2, n2, r1, r2, &p).is_ok();
                    let expect = m2 > 0 && m2 < n2 && sym_consistency(m2, n2) == shape;
                    assert_eq!(ok, expect, "{m}->{n} checked as {m2}->{n2}");
                    accepted_wrong_sizes += usize::from(ok);
                }
            }
        }
    }
    assert!(accepted_wrong_sizes > 0);
}

#[test]
fn edge_case_policy() {
    let (t, leaves, roots) = small_world();
    let p = t.inclusion_proof(3, 8).unwrap();
    assert_eq!(
        verify_inclusion(&leaves[3], 8, 8, &p, &roots[8]),
        Err(ProofError::IndexOutOfRange { index: 8, size: 8 })
    );
    assert_eq!(
        verify_inclusion(&leaves[3], 9, 8, &p, &roots[8]),
        Err(ProofError::IndexOutOfRange { index: 9, size: 8 })
    );
    assert_eq!(
        verify_consistency(0, 8, &roots[0], &roots[8], &[]),
        Err(ProofError::FromEmptyTree)
    );
    assert_eq!(
        verify_consistency(9, 8, &roots[8], &roots[8], &[]),
        Err(ProofError::SizesReversed { old: 9, new: 8 })
    );
    assert_eq!(verify_consistency(8, 8, &roots[8], &roots[8], &[]), Ok(()));
    assert_eq!(
        verify_consistency(8, 8, &roots[8], &roots[7], &[]),
        Err(ProofError::EqualSizesDifferentRoots)
    );
    assert_eq!(
        verify_consistency(4, 8, &roots[4], &roots[8], &[]),
        Err(ProofError::WrongLength)
    );
    assert!(t.consistency_proof(0, 8).is_err());
    assert!(t.consistency_proof(8, 4).is_err());
    assert!(t.inclusion_proof(8, 8).is_err());
    assert!(t.root_at(N as u64 + 1).is_err());
}

// ---------------------------------------------------------------------------
// Random larger trees.
// ---------------------------------------------------------------------------

fn flip(h: &Hash, bit: usize) -> Hash {
    let mut x = *h;
    x[(bit / 8) % 32] ^= 1 << (bit % 8);
    x
}

fn random_tree(size: u64, seed: u64) -> (Tree, Vec<Hash>) {
    let mut t = Tree::new();
    let mut leaves = Vec::with_capacity(size as usize);
    for i in 0..size {
        // Distinct entries of varied length, derived from the seed.
        let mut entry = seed.to_le_bytes().to_vec();
        entry.extend_from_slice(&i.to_le_bytes());
        entry.resize(16 + (seed.wrapping_add(i) % 40) as usize, 0xa5);
        t.append(&entry).unwrap();
        leaves.push(leaf_hash(&entry));
    }
    (t, leaves)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_inclusion_proofs(
        size in 1u64..3000,
        seed in any::<u64>(),
        pick in any::<u64>(),
        other in any::<u64>(),
        bit in 0usize..256,
    ) {
        let (t, leaves) = random_tree(size, seed);
        let root = t.root().unwrap();
        prop_assert_eq!(root, mth(&leaves));
        let index = pick % size;
        let p = t.inclusion_proof(index, size).unwrap();
        let leaf = leaves[index as usize];
        prop_assert!(verify_inclusion(&leaf, index, size, &p, &root).is_ok());

        if !p.is_empty() {
            let mut bad = p.clone();
            let j = (other % p.len() as u64) as usize;
            bad[j] = flip(&bad[j], bit);
            prop_assert!(verify_inclusion(&leaf, index, size, &bad, &root).is_err());
            prop_assert!(verify_inclusion(&leaf, index, size, &p[..p.len() - 1], &root).is_err());
        }
        let mut longer = p.clone();
        longer.push(root);
        prop_assert!(verify_inclusion(&leaf, index, size, &longer, &root).is_err());
        prop_assert!(verify_inclusion(&flip(&leaf, bit), index, size, &p, &root).is_err());
        prop_assert!(verify_inclusion(&leaf, index, size, &p, &flip(&root, bit)).is_err());
        if size > 1 {
            let wrong_index = (index + 1 + other % (size - 1)) % size;
            prop_assert!(verify_inclusion(&leaf, wrong_index, size, &p, &root).is_err());
        }
        let wrong_size = 1 + (other % 4000);
        if wrong_size != size {
            let ok = verify_inclusion(&leaf, index, wrong_size, &p, &root).is_ok();
            prop_assert_eq!(ok, index < wrong_size && sym_path(index, wrong_size) == sym_path(index, size));
        }
    }

    #[test]
    fn random_consistency_proofs(
        new_size in 2u64..3000,
        seed in any::<u64>(),
        pick in any::<u64>(),
        other in any::<u64>(),
        bit in 0usize..256,
    ) {
        let (t, leaves) = random_tree(new_size, seed);
        let old_size = 1 + pick % (new_size - 1);
        let (r1, r2) = (t.root_at(old_size).unwrap(), t.root_at(new_size).unwrap());
        prop_assert_eq!(r1, mth(&leaves[..old_size as usize]));
        let p = t.consistency_proof(old_size, new_size).unwrap();
        prop_assert_eq!(&p, &rfc_proof(old_size as usize, &leaves));
        prop_assert!(verify_consistency(old_size, new_size, &r1, &r2, &p).is_ok());

        let mut bad = p.clone();
        let j = (other % p.len() as u64) as usize;
        bad[j] = flip(&bad[j], bit);
        prop_assert!(verify_consistency(old_size, new_size, &r1, &r2, &bad).is_err());
        prop_assert!(verify_consistency(old_size, new_size, &r1, &r2, &p[..p.len() - 1]).is_err());
        let mut longer = p.clone();
        longer.push(r1);
        prop_assert!(verify_consistency(old_size, new_size, &r1, &r2, &longer).is_err());
        prop_assert!(verify_consistency(old_size, new_size, &flip(&r1, bit), &r2, &p).is_err());
        prop_assert!(verify_consistency(old_size, new_size, &r1, &flip(&r2, bit), &p).is_err());
        let (m2, n2) = (1 + other % 4000, 1 + (other >> 20) % 4000);
        if (m2, n2) != (old_size, new_size) {
            let ok = verify_consistency(m2, n2, &r1, &r2, &p).is_ok();
            let same_shape = m2 < n2 && sym_consistency(m2, n2) == sym_consistency(old_size, new_size);
            prop_assert_eq!(ok, same_shape);
        }
    }

    #[test]
    fn growing_tree_keeps_old_roots(
        sizes in proptest::collection::vec(1u64..600, 1..6),
        seed in any::<u64>(),
    ) {
        // Appending never changes the root of any earlier size.
        let total: u64 = sizes.iter().sum();
        let (full, _) = random_tree(total, seed);
        let mut t = Tree::new();
        let (_, leaves) = random_tree(total, seed);
        let mut done = 0u64;
        for s in sizes {
            for l in &leaves[done as usize..(done + s) as usize] {
                t.append_leaf_hash(*l).unwrap();
            }
            done += s;
            prop_assert_eq!(t.root().unwrap(), full.root_at(done).unwrap());
        }
    }
}
