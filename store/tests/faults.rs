//! Storage fault injection on a real directory: a full disk (emulated by the store's
//! [`DiskFault`] switch, which fails every write attempt with the OS's ENOSPC error where the
//! filesystem would) and a read-only directory. In both, the error is surfaced (`put_durable`
//! returns it, health turns `Failing`), nothing acknowledged is lost, and once the fault clears
//! the writes samod is still retrying land without reopening the store.
//!
//! How the read-only directory is made: `chmod 0555` when that stops this process from writing
//! (an unprivileged user). Root (and any process with CAP_DAC_OVERRIDE, as in most CI
//! containers) writes through permissions, and a read-only mount needs privileges a test does not
//! have, so there the test emulates the same failure by putting a plain file where the
//! document's directory must be created (the write fails with ENOTDIR/EEXIST instead of EACCES).
//! The test prints which of the two it used.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use samod::storage::{Storage, StorageKey};
use tandem_store::{DiskFault, FsStore, RetryPolicy, StorageHealth, StoreError};

fn key(parts: &[&str]) -> StorageKey {
    StorageKey::from_parts(parts.iter().copied()).unwrap()
}

fn quick_retry() -> RetryPolicy {
    RetryPolicy { initial: Duration::from_millis(5), max: Duration::from_millis(20), durable_attempts: 3 }
}

/// One injected fault: turned on and off by the test.
trait Fault {
    fn on(&mut self);
    fn off(&mut self);
    /// What the failing write's error must say.
    fn expected_error(&self) -> &'static str;
}

struct Full(DiskFault);

impl Fault for Full {
    fn on(&mut self) {
        self.0.fill();
    }
    fn off(&mut self) {
        self.0.clear();
    }
    fn expected_error(&self) -> &'static str {
        "No space left on device"
    }
}

/// The store's root made read-only: by permissions where they bind this process, else by a file
/// where a document directory must go (see the module doc).
struct ReadOnly {
    root: PathBuf,
    by_permissions: bool,
}

impl ReadOnly {
    fn new(root: &Path) -> ReadOnly {
        ReadOnly { root: root.to_path_buf(), by_permissions: permissions_bind(root) }
    }
    /// The first two characters of the document key (`ro-doc…` → `ro/`): the directory a write
    /// under that document creates first.
    fn blocker(&self) -> PathBuf {
        self.root.join("ro")
    }
}

impl Fault for ReadOnly {
    fn on(&mut self) {
        if self.by_permissions {
            std::fs::set_permissions(&self.root, std::fs::Permissions::from_mode(0o555)).unwrap();
        } else {
            std::fs::write(self.blocker(), b"in the way").unwrap();
        }
    }
    fn off(&mut self) {
        if self.by_permissions {
            std::fs::set_permissions(&self.root, std::fs::Permissions::from_mode(0o755)).unwrap();
        } else {
            std::fs::remove_file(self.blocker()).unwrap();
        }
    }
    fn expected_error(&self) -> &'static str {
        if self.by_permissions { "Permission denied" } else { "storage create directory failed" }
    }
}

/// Whether `chmod 0555` stops this process from creating files in a directory next to `root`.
fn permissions_bind(root: &Path) -> bool {
    let probe = root.with_extension("probe");
    std::fs::create_dir_all(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let wrote = std::fs::write(probe.join("x"), b"x").is_ok();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&probe).unwrap();
    !wrote
}

/// The scenario both faults go through.
async fn fails_visibly_then_recovers(store: &FsStore, mut fault: impl Fault) {
    let before = key(&["ro-doc-1", "incremental", "before"]);
    let during = key(&["ro-doc-1", "incremental", "during"]);
    let durable = key(&["ro-doc-1", "incremental", "refused"]);
    // Acknowledged before the fault (in another document, so that the read-only emulation, which
    // blocks the `ro/` directory, does not also hide it).
    let acked = key(&["ok-doc-1", "snapshot", "acked"]);
    store.put_durable(&acked, b"acknowledged").unwrap();
    assert!(store.health().is_healthy());

    fault.on();
    // A caller that must know: the error, with the cause.
    let err = store.put_durable(&durable, b"never acknowledged").unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    let shown = format!("{err}: {:?}", std::error::Error::source(&err));
    assert!(shown.contains(fault.expected_error()), "the error says why: {shown}");
    assert!(matches!(store.health(), StorageHealth::Failing { .. }), "{:?}", store.health());

    // samod's path cannot be told: it keeps retrying, and health stays failing meanwhile.
    let mut health = store.subscribe();
    let pending = {
        let store = store.clone();
        let during = during.clone();
        tokio::spawn(async move { store.put(during, b"waits for the disk".to_vec()).await })
    };
    // put_durable failed 3 times; wait for two failed attempts of the samod put on top.
    health
        .wait_for(|h| matches!(h, StorageHealth::Failing { failed_attempts, .. } if *failed_attempts >= 5))
        .await
        .unwrap();
    assert!(!pending.is_finished(), "a samod put must not return while its write fails");
    // Nothing acknowledged is lost: reads work throughout.
    assert_eq!(store.load(acked.clone()).await.as_deref(), Some(b"acknowledged".as_slice()));

    // The fault clears: the pending write lands, health recovers, no reopen needed.
    fault.off();
    tokio::time::timeout(Duration::from_secs(20), pending).await.expect("the retried put lands").unwrap();
    assert_eq!(store.health(), StorageHealth::Healthy);
    assert_eq!(store.load(during).await.as_deref(), Some(b"waits for the disk".as_slice()));
    // The refused durable write was reported as failed, and was not written behind the caller's back.
    assert_eq!(store.load(durable.clone()).await, None);
    store.put_durable(&durable, b"now it fits").unwrap();
    store.put_durable(&before, b"later writes work").unwrap();
    assert_eq!(store.load(acked).await.as_deref(), Some(b"acknowledged".as_slice()));
    assert!(store.stats().put_failures >= 5, "{:?}", store.stats());
    // Nothing half-written was left behind.
    let reopened = FsStore::open(store.root()).unwrap();
    assert_eq!(reopened.stats().leftovers_removed, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_reported_and_recovers_without_a_reopen() {
    let d = tempfile::tempdir().unwrap();
    let store = FsStore::open_with(d.path().join("store"), quick_retry()).unwrap();
    let fault = store.disk_fault();
    fails_visibly_then_recovers(&store, Full(fault)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_directory_is_reported_and_recovers_without_a_reopen() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("store");
    let store = FsStore::open_with(&root, quick_retry()).unwrap();
    let fault = ReadOnly::new(&root);
    #[allow(clippy::print_stderr, reason = "says which emulation ran")]
    {
        eprintln!(
            "read-only directory made by {}",
            if fault.by_permissions { "chmod 0555" } else { "a file in place of a directory (privileged process)" }
        );
    }
    fails_visibly_then_recovers(&store, fault).await;
}

#[test]
fn a_full_disk_error_is_enospc_and_clones_share_the_switch() {
    let d = tempfile::tempdir().unwrap();
    let store = FsStore::open_with(d.path(), quick_retry()).unwrap();
    let clone = store.clone();
    store.disk_fault().fill();
    assert!(clone.disk_fault().is_full());
    let err = clone.put_durable(&key(&["docdoc", "incremental", "x"]), b"x").unwrap_err();
    match err {
        StoreError::Io { op, source, .. } => {
            assert_eq!(op, "write");
            assert_eq!(source.raw_os_error(), Some(28));
            assert_eq!(source.kind(), std::io::ErrorKind::StorageFull);
        }
        other => panic!("{other:?}"),
    }
    // Failed attempts leave no temp files behind.
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
    clone.disk_fault().clear();
    clone.put_durable(&key(&["docdoc", "incremental", "x"]), b"x").unwrap();
    assert!(store.health().is_healthy());
}
