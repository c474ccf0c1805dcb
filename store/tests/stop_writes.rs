//! The two store calls a process needs when its disk is full and it must decide or end: whether
//! the disk takes a write now (`check_writable`, which also corrects a stale health), and
//! stopping samod's own retried writes (`stop_background_writes`) so that the process can end and
//! nothing lands on disk behind its back afterwards. Real directory; the full disk is the store's
//! `DiskFault` switch (ENOSPC where the filesystem would fail).

use std::time::Duration;

use samod::storage::{Storage, StorageKey};
use tandem_store::{FsStore, RetryPolicy, StorageHealth, StoreError};

fn key(parts: &[&str]) -> StorageKey {
    StorageKey::from_parts(parts.iter().copied()).unwrap()
}

fn quick_retry() -> RetryPolicy {
    RetryPolicy { initial: Duration::from_millis(5), max: Duration::from_millis(20), durable_attempts: 3 }
}

/// Every entry under `dir`, recursively (temp files included).
fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        out.push(e.file_name().to_string_lossy().into_owned());
        if e.file_type().unwrap().is_dir() {
            out.extend(entries(&e.path()));
        }
    }
    out
}

#[test]
fn check_writable_answers_now_and_corrects_a_stale_health() {
    let d = tempfile::tempdir().unwrap();
    let store = FsStore::open_with(d.path(), quick_retry()).unwrap();
    store.check_writable().unwrap();
    store.disk_fault().fill();
    // A durable write gives up and hands back its error; nothing retries it, so nothing would
    // make the health healthy again but a write that succeeds.
    assert!(store.put_durable(&key(&["docdoc", "incremental", "a"]), b"a").is_err());
    let err = store.check_writable().unwrap_err();
    assert!(matches!(&err, StoreError::Io { source, .. } if source.raw_os_error() == Some(28)), "{err:?}");
    assert!(matches!(store.health(), StorageHealth::Failing { .. }));
    store.disk_fault().clear();
    assert!(!store.health().is_healthy(), "stale until something is written");
    store.check_writable().unwrap();
    assert!(store.health().is_healthy());
    // The scratch file is gone; nothing else was written.
    assert_eq!(entries(d.path()), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopped_background_writes_give_up_and_write_nothing_later() {
    let d = tempfile::tempdir().unwrap();
    let store = FsStore::open_with(d.path(), quick_retry()).unwrap();
    let kept = key(&["docdoc", "snapshot", "kept"]);
    store.put_durable(&kept, b"kept").unwrap();
    store.disk_fault().fill();
    // samod's put retries while the disk is full.
    let waiting = key(&["docdoc", "incremental", "waiting"]);
    let put = tokio::spawn({
        let (s, k) = (store.clone(), waiting.clone());
        async move { s.put(k, b"waiting".to_vec()).await }
    });
    let mut health = store.subscribe();
    tokio::time::timeout(Duration::from_secs(10), health.wait_for(|h| !h.is_healthy())).await.unwrap().unwrap();
    // Several failed attempts, not one: the put is being retried, not given up.
    let failures_before = store.stats().put_failures;
    tokio::time::timeout(Duration::from_secs(10), async {
        while store.stats().put_failures < failures_before + 3 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the put is retried while the disk is full");
    assert!(!put.is_finished(), "samod's put goes on retrying while the disk is full");

    let s = store.clone();
    tokio::task::spawn_blocking(move || s.stop_background_writes()).await.unwrap();
    tokio::time::timeout(Duration::from_secs(5), put).await.expect("the retried put gives up").unwrap();
    // Room again: the given-up write does not land, and samod's deletes no longer delete.
    store.disk_fault().clear();
    store.put(key(&["docdoc", "incremental", "later"]), b"later".to_vec()).await;
    store.delete(kept.clone()).await;
    // Both calls return only after they ran (or gave up): nothing of them can land later.
    assert_eq!(store.load_sync(&waiting).unwrap(), None);
    assert_eq!(store.load_sync(&key(&["docdoc", "incremental", "later"])).unwrap(), None);
    assert_eq!(store.load_sync(&kept).unwrap().as_deref(), Some(b"kept".as_slice()));
    // The caller's own writes still work.
    store.put_durable(&waiting, b"written by the caller").unwrap();
    assert_eq!(store.load_sync(&waiting).unwrap().as_deref(), Some(b"written by the caller".as_slice()));
}
