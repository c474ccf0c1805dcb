//! tandem-store on a real directory: the shared suite (also run against samod's in-memory
//! storage to show it is backend-generic), the automerge-repo layout, key validation, crash
//! leftovers, and a failing disk that recovers.

use std::path::Path;
use std::time::Duration;

use samod::storage::{InMemoryStorage, Storage, StorageKey};
use tandem_store::{FsStore, RetryPolicy, StorageHealth, StoreError, suite};

fn key(parts: &[&str]) -> StorageKey {
    StorageKey::from_parts(parts.iter().copied()).unwrap()
}

fn quick_retry() -> RetryPolicy {
    RetryPolicy { initial: Duration::from_millis(5), max: Duration::from_millis(20), durable_attempts: 3 }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filesystem_store_passes_the_suite() {
    let dirs: std::sync::Mutex<Vec<tempfile::TempDir>> = std::sync::Mutex::new(Vec::new());
    suite::run_all(|| {
        let d = tempfile::tempdir().unwrap();
        let s = FsStore::open(d.path()).unwrap();
        dirs.lock().unwrap().push(d);
        s
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_memory_storage_passes_the_same_suite() {
    suite::run_all(InMemoryStorage::new).await;
}

#[tokio::test]
async fn files_follow_the_automerge_repo_layout() {
    let d = tempfile::tempdir().unwrap();
    let s = FsStore::open(d.path()).unwrap();
    s.put(key(&["3sTw8Y1x", "incremental", "abc123"]), b"change".to_vec()).await;
    s.put(key(&["storage-adapter-id"]), b"id".to_vec()).await;
    assert_eq!(std::fs::read(d.path().join("3s/Tw8Y1x/incremental/abc123")).unwrap(), b"change");
    assert_eq!(std::fs::read(d.path().join("st/orage-adapter-id")).unwrap(), b"id");
    // A store opened on a directory written by someone else (the Node adapter) reads it.
    std::fs::create_dir_all(d.path().join("4K/p9bN2r/snapshot")).unwrap();
    std::fs::write(d.path().join("4K/p9bN2r/snapshot/c0ffee"), b"from node").unwrap();
    let all = s.load_range(StorageKey::from_parts(Vec::<String>::new()).unwrap()).await;
    let mut keys: Vec<String> = all.keys().map(ToString::to_string).collect();
    keys.sort();
    assert_eq!(keys, ["3sTw8Y1x/incremental/abc123", "4Kp9bN2r/snapshot/c0ffee", "storage-adapter-id"]);
}

#[test]
fn keys_cannot_escape_the_directory() {
    let d = tempfile::tempdir().unwrap();
    let s = FsStore::open(d.path()).unwrap();
    for (parts, why) in [
        (vec!["abc", ".."], "'.' and '..' are not allowed"),
        (vec!["..", "x"], "'.' and '..' are not allowed"),
        (vec!["abc", ".hidden"], "components may not start with '.' (reserved for temp files)"),
        (vec!["abc", "a\\b"], "components may not contain '/', '\\' or NUL"),
        (vec!["ab"], "the first component needs at least 3 characters"),
    ] {
        let k = key(&parts);
        match s.put_durable(&k, b"x") {
            Err(StoreError::InvalidKey { why: got, .. }) => assert_eq!(got, why, "{parts:?}"),
            other => panic!("{parts:?} was accepted: {other:?}"),
        }
        assert_eq!(s.load_sync(&k).unwrap(), None);
    }
    // Nothing was written anywhere, inside or outside the store.
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
    assert!(s.health().is_healthy(), "a refused key is not a disk failure");
}

#[test]
fn temp_files_left_by_a_crash_are_removed_and_never_read() {
    let d = tempfile::tempdir().unwrap();
    {
        let s = FsStore::open(d.path()).unwrap();
        s.put_durable(&key(&["docdoc", "snapshot", "a"]), b"whole").unwrap();
    }
    let dir = d.path().join("do/cdoc/snapshot");
    std::fs::write(dir.join(".a.tmp.999.0"), b"half-written").unwrap();
    std::fs::write(dir.join(".b.tmp.999.1"), b"half-written").unwrap();
    let s = FsStore::open(d.path()).unwrap();
    assert_eq!(s.stats().leftovers_removed, 2);
    let names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names, ["a"]);
    assert_eq!(s.load_range_sync(&key(&["docdoc"])).unwrap().len(), 1);
}

/// Makes writes under `doc` fail by putting a plain file where its directory must go (this
/// fails even for root, unlike permissions).
fn block(root: &Path) -> std::path::PathBuf {
    let blocker = root.join("bl");
    std::fs::write(&blocker, b"not a directory").unwrap();
    blocker
}

#[test]
fn a_failing_write_is_reported_and_never_acknowledged() {
    let d = tempfile::tempdir().unwrap();
    let s = FsStore::open_with(d.path(), quick_retry()).unwrap();
    let blocker = block(d.path());
    let err = s.put_durable(&key(&["blocked", "incremental", "h1"]), b"change").unwrap_err();
    assert!(err.to_string().starts_with("storage create directory failed at"), "{err}");
    match s.health() {
        StorageHealth::Failing { failed_attempts, .. } => assert_eq!(failed_attempts, 3),
        h => panic!("expected failing health, got {h:?}"),
    }
    std::fs::remove_file(blocker).unwrap();
    s.put_durable(&key(&["blocked", "incremental", "h1"]), b"change").unwrap();
    assert_eq!(s.health(), StorageHealth::Healthy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_stuck_key_keeps_the_store_failing_while_other_writes_succeed() {
    let d = tempfile::tempdir().unwrap();
    let s = FsStore::open_with(d.path(), quick_retry()).unwrap();
    let blocker = block(d.path());
    let mut health = s.subscribe();
    let stuck = {
        let s = s.clone();
        tokio::spawn(async move { s.put(key(&["blocked", "incremental", "h3"]), b"late".to_vec()).await })
    };
    health.wait_for(|h| !h.is_healthy()).await.unwrap();
    // Writes elsewhere land, but the store is not healthy while "blocked" still waits.
    s.put(key(&["other", "incremental", "h4"]), b"fine".to_vec()).await;
    assert!(!s.health().is_healthy(), "a retried write is hidden by a later success");
    assert!(!stuck.is_finished());
    std::fs::remove_file(blocker).unwrap();
    stuck.await.unwrap();
    assert_eq!(s.health(), StorageHealth::Healthy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn samod_puts_keep_retrying_until_the_disk_recovers() {
    let d = tempfile::tempdir().unwrap();
    let s = FsStore::open_with(d.path(), quick_retry()).unwrap();
    let blocker = block(d.path());
    let mut health = s.subscribe();
    let writer = {
        let s = s.clone();
        tokio::spawn(async move { s.put(key(&["blocked", "incremental", "h2"]), b"kept".to_vec()).await })
    };
    // Wait for the failure to be reported, then clear the fault.
    health.wait_for(|h| !h.is_healthy()).await.unwrap();
    assert!(!writer.is_finished(), "the put must not return while the write fails");
    std::fs::remove_file(blocker).unwrap();
    writer.await.unwrap();
    assert_eq!(s.health(), StorageHealth::Healthy);
    assert_eq!(s.load(key(&["blocked", "incremental", "h2"])).await.as_deref(), Some(b"kept".as_slice()));
    assert!(s.stats().put_failures >= 1);
}

fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

#[test]
fn a_deleted_file_is_written_over_by_the_next_write_and_never_read() {
    let d = tempfile::tempdir().unwrap();
    let s = FsStore::open(d.path()).unwrap();
    let old = key(&["docdoc", "incremental", "old"]);
    s.put_durable(&old, &[b'x'; 1000]).unwrap();
    let old_inode = inode(&s.path_for(&old).unwrap());
    s.delete_sync(&old).unwrap();
    assert_eq!(s.load_sync(&old).unwrap(), None);
    assert_eq!(s.stats().spare_files, 1);
    // A spare is not a key: listing the whole store finds nothing.
    assert!(s.load_range_sync(&StorageKey::from_parts(Vec::<String>::new()).unwrap()).unwrap().is_empty());

    // The next write, to another document, takes the spare: same inode, only the new bytes.
    let new = key(&["otherdoc", "snapshot", "new"]);
    s.put_durable(&new, b"short").unwrap();
    assert_eq!(inode(&s.path_for(&new).unwrap()), old_inode, "the spare file was written over");
    assert_eq!(s.load_sync(&new).unwrap().as_deref(), Some(b"short".as_slice()));
    assert_eq!(std::fs::metadata(s.path_for(&new).unwrap()).unwrap().len(), 5);
    assert_eq!(s.stats().spare_files, 0);
    // With no spare left, writes create files as before.
    let third = key(&["otherdoc", "snapshot", "third"]);
    s.put_durable(&third, b"third").unwrap();
    assert_ne!(inode(&s.path_for(&third).unwrap()), old_inode);
    assert_eq!(s.load_sync(&third).unwrap().as_deref(), Some(b"third".as_slice()));
}

#[test]
fn spares_outlive_a_reopen_and_large_files_are_not_kept() {
    let d = tempfile::tempdir().unwrap();
    {
        let s = FsStore::open(d.path()).unwrap();
        s.put_durable(&key(&["docdoc", "incremental", "small"]), b"small").unwrap();
        s.put_durable(&key(&["docdoc", "snapshot", "big"]), &vec![7u8; 100 * 1024]).unwrap();
        s.delete_sync(&key(&["docdoc", "incremental", "small"])).unwrap();
        s.delete_sync(&key(&["docdoc", "snapshot", "big"])).unwrap();
        assert_eq!(s.stats().spare_files, 1, "the 100 KiB file is deleted, not kept");
        // Deleting a key that is not there is still fine, and keeps nothing.
        s.delete_sync(&key(&["docdoc", "incremental", "never"])).unwrap();
        assert_eq!(s.stats().spare_files, 1);
    }
    let s = FsStore::open(d.path()).unwrap();
    let stats = s.stats();
    assert_eq!((stats.spare_files, stats.leftovers_removed), (1, 0), "a spare is not a leftover");
    assert!(s.load_range_sync(&key(&["docdoc"])).unwrap().is_empty());
    s.put_durable(&key(&["docdoc", "incremental", "again"]), b"again").unwrap();
    assert_eq!(s.stats().spare_files, 0, "the kept spare was used");
    assert_eq!(s.load_range_sync(&key(&["docdoc"])).unwrap().len(), 1);
}
