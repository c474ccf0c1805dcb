//! The storage test-suite every backend must pass: samod's `Storage` contract as Tandem relies
//! on it. Call [`run_all`] from a `#[tokio::test]` with a constructor for fresh, empty storage.

use std::collections::HashMap;

use samod::storage::{Storage, StorageKey};

fn key(parts: &[&str]) -> StorageKey {
    StorageKey::from_parts(parts.iter().copied()).expect("test keys are valid")
}

/// A document-shaped key set: snapshots and incremental changes of two documents.
fn sample() -> Vec<(StorageKey, Vec<u8>)> {
    let mut out = Vec::new();
    for doc in ["3sTw8Y1xMZ7kJQyq", "4Kp9bN2rT5vWxYz1"] {
        out.push((key(&[doc, "snapshot", "c0ffee"]), format!("snapshot of {doc}").into_bytes()));
        for i in 0..5 {
            out.push((key(&[doc, "incremental", &format!("h{i:03}")]), vec![i as u8; 10 + i]));
        }
    }
    out
}

/// Runs every check against fresh storage from `make`.
pub async fn run_all<S: Storage>(make: impl Fn() -> S) {
    put_then_load(make()).await;
    load_missing(make()).await;
    overwrite(make()).await;
    load_range_by_document(make()).await;
    delete(make()).await;
    binary_and_large_values(make()).await;
    concurrent_writers(make()).await;
}

/// What was put comes back byte for byte.
pub async fn put_then_load<S: Storage>(s: S) {
    for (k, v) in sample() {
        s.put(k.clone(), v.clone()).await;
        assert_eq!(s.load(k.clone()).await.as_deref(), Some(v.as_slice()), "load {k}");
    }
}

/// Absent keys load as nothing, and an absent prefix as an empty range.
pub async fn load_missing<S: Storage>(s: S) {
    assert_eq!(s.load(key(&["nothing-here", "snapshot", "x"])).await, None);
    assert!(s.load_range(key(&["nothing-here"])).await.is_empty());
}

/// A second put replaces the first.
pub async fn overwrite<S: Storage>(s: S) {
    let k = key(&["overwritten", "snapshot", "a"]);
    s.put(k.clone(), b"first".to_vec()).await;
    s.put(k.clone(), b"second, longer".to_vec()).await;
    assert_eq!(s.load(k).await.as_deref(), Some(b"second, longer".as_slice()));
}

/// A range holds exactly the keys under the prefix, at every depth, and nothing from siblings.
pub async fn load_range_by_document<S: Storage>(s: S) {
    let all = sample();
    for (k, v) in &all {
        s.put(k.clone(), v.clone()).await;
    }
    let doc = "3sTw8Y1xMZ7kJQyq";
    let want: HashMap<StorageKey, Vec<u8>> = all.iter().filter(|(k, _)| key(&[doc]).is_prefix_of(k)).cloned().collect();
    assert_eq!(s.load_range(key(&[doc])).await, want);
    let incremental: HashMap<StorageKey, Vec<u8>> =
        all.iter().filter(|(k, _)| key(&[doc, "incremental"]).is_prefix_of(k)).cloned().collect();
    assert_eq!(s.load_range(key(&[doc, "incremental"])).await, incremental);
    assert_eq!(incremental.len(), 5);
}

/// Deleted keys are gone, deleting twice is harmless, and neighbours stay.
pub async fn delete<S: Storage>(s: S) {
    let a = key(&["deletions", "incremental", "a"]);
    let b = key(&["deletions", "incremental", "b"]);
    s.put(a.clone(), b"a".to_vec()).await;
    s.put(b.clone(), b"b".to_vec()).await;
    s.delete(a.clone()).await;
    s.delete(a.clone()).await;
    s.delete(key(&["never-written", "x", "y"])).await;
    assert_eq!(s.load(a).await, None);
    assert_eq!(s.load(b.clone()).await.as_deref(), Some(b"b".as_slice()));
    assert_eq!(s.load_range(key(&["deletions"])).await.len(), 1);
}

/// Every byte value and multi-megabyte values survive.
pub async fn binary_and_large_values<S: Storage>(s: S) {
    let all_bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let big: Vec<u8> = (0..3 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let empty = key(&["binary", "snapshot", "empty"]);
    s.put(key(&["binary", "snapshot", "bytes"]), all_bytes.clone()).await;
    s.put(key(&["binary", "snapshot", "big"]), big.clone()).await;
    s.put(empty.clone(), Vec::new()).await;
    assert_eq!(s.load(key(&["binary", "snapshot", "bytes"])).await, Some(all_bytes));
    assert_eq!(s.load(key(&["binary", "snapshot", "big"])).await, Some(big));
    assert_eq!(s.load(empty).await, Some(Vec::new()));
}

/// Many tasks writing at once: distinct keys all land; racing writes to one key leave exactly
/// one of the written values, whole.
pub async fn concurrent_writers<S: Storage>(s: S) {
    let mut tasks = Vec::new();
    for w in 0..8u8 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..20u8 {
                s.put(key(&["concurrent", "incremental", &format!("w{w}-{i}")]), vec![w, i]).await;
                s.put(key(&["concurrent", "snapshot", "shared"]), vec![w; 1000 + usize::from(w)]).await;
            }
        }));
    }
    for t in tasks {
        t.await.expect("writer task finished");
    }
    let range = s.load_range(key(&["concurrent", "incremental"])).await;
    assert_eq!(range.len(), 160);
    for w in 0..8u8 {
        for i in 0..20u8 {
            assert_eq!(range.get(&key(&["concurrent", "incremental", &format!("w{w}-{i}")])), Some(&vec![w, i]));
        }
    }
    let shared = s.load(key(&["concurrent", "snapshot", "shared"])).await.expect("shared key exists");
    let w = shared[0];
    assert_eq!(shared, vec![w; 1000 + usize::from(w)], "a racing write was torn");
}
