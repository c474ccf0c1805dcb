//! tandem-store: durable samod [`Storage`] on the filesystem, shared by the member's replica and
//! the sync server.
//!
//! Keys keep the automerge-repo layout (the first key component is split after two characters:
//! `<root>/ab/cdef…/incremental/<hash>`), so a data directory written here can be read by the Node
//! `automerge-repo-storage-nodefs` adapter and the other way round.
//!
//! Every write goes temp file → fsync → rename → fsync of the directory, so a crash leaves either
//! the old or the new file, never a torn one. samod's `Storage::put` cannot return an error, so a
//! failed write is retried with backoff until it succeeds, logged, and reported through
//! [`FsStore::health`] / [`FsStore::subscribe`] as a storage error while it keeps failing.
//! Callers that must know a write is on disk use [`FsStore::put_durable`], which returns an error.
//! A process that must end while the disk still refuses writes calls
//! [`FsStore::stop_background_writes`], so that samod's retries do not hold it forever and nothing
//! lands after it has said what is on disk.

mod fault;
mod fs;
pub mod suite;

pub use fault::DiskFault;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

pub use samod::storage::{Storage, StorageKey};
use tokio::sync::watch;

/// The file or folder that `key` maps to under the store directory `root`, without opening the
/// store (the same mapping as [`FsStore::path_for`]).
pub fn key_path(root: &Path, key: &StorageKey) -> Result<PathBuf, StoreError> {
    fs::key_to_path(root, key)
}

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The key cannot be stored safely (it would escape the directory or collide with temp files).
    #[error("invalid storage key {key:?}: {why}")]
    InvalidKey { key: String, why: &'static str },
    /// The filesystem refused an operation.
    #[error("storage {op} failed at {path}: {source}")]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Whether the store is currently able to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageHealth {
    /// Every write being retried has landed (or none has failed yet).
    Healthy,
    /// Writes are failing and being retried; nothing written since is acknowledged.
    Failing {
        /// The most recent error.
        error: String,
        /// Failed attempts since the store was last healthy.
        failed_attempts: u64,
    },
}

impl StorageHealth {
    /// Whether writes currently succeed.
    pub fn is_healthy(&self) -> bool {
        matches!(self, StorageHealth::Healthy)
    }
}

/// Counters for metrics (monotonic since the store was opened).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreStats {
    pub puts: u64,
    pub put_failures: u64,
    pub deletes: u64,
    pub bytes_written: u64,
    /// Sum of the durations of successful puts, in microseconds.
    pub put_micros: u64,
    /// Temp files from interrupted writes removed when the store was opened.
    pub leftovers_removed: u64,
    /// Deleted files kept now to be written over by later writes (not keys; never read).
    pub spare_files: u64,
}

/// How failed writes are retried.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Delay after the first failure.
    pub initial: Duration,
    /// Longest delay between attempts.
    pub max: Duration,
    /// Attempts before [`FsStore::put_durable`] gives up (the samod path never gives up).
    pub durable_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { initial: Duration::from_millis(20), max: Duration::from_secs(2), durable_attempts: 5 }
    }
}

#[derive(Debug)]
struct Inner {
    root: PathBuf,
    retry: RetryPolicy,
    temp_counter: AtomicU64,
    stats: Mutex<StoreStats>,
    health: watch::Sender<StorageHealth>,
    /// Keys whose latest write attempt failed and that are still being retried: the store is
    /// healthy again only when none is left, so one stuck key is not hidden by other writes.
    failing_keys: Mutex<HashSet<String>>,
    /// Fault injection: off unless a test fills the disk.
    fault: DiskFault,
    /// Deleted files kept to be written over (fewer inodes created; see `fs::Spares`).
    spares: fs::Spares,
    /// Set by [`FsStore::stop_background_writes`]: samod's puts and deletes give up. Every
    /// background write holds the read side while it touches the disk, so taking the write side
    /// waits for the ones in progress.
    background_stopped: RwLock<bool>,
}

/// A samod storage backend in a directory. Cheap to clone; clones share state.
#[derive(Debug, Clone)]
pub struct FsStore {
    inner: Arc<Inner>,
}

impl FsStore {
    /// Opens (creating if needed) a store in `root`, removing temp files left by interrupted writes.
    pub fn open(root: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::open_with(root, RetryPolicy::default())
    }

    /// Opens a store with a custom retry policy.
    pub fn open_with(root: impl AsRef<Path>, retry: RetryPolicy) -> Result<Self, StoreError> {
        let root = root.as_ref().to_path_buf();
        fs::create_dir_durable(&root)?;
        let removed = fs::remove_leftovers(&root)?;
        let spares = fs::Spares::open(&root)?;
        if removed > 0 {
            tracing::info!(removed, root = %root.display(), "removed temp files left by interrupted writes");
        }
        let stats = StoreStats { leftovers_removed: removed, ..StoreStats::default() };
        let (health, _) = watch::channel(StorageHealth::Healthy);
        Ok(Self {
            inner: Arc::new(Inner {
                root,
                retry,
                temp_counter: AtomicU64::new(0),
                stats: Mutex::new(stats),
                health,
                failing_keys: Mutex::new(HashSet::new()),
                fault: DiskFault::default(),
                spares,
                background_stopped: RwLock::new(false),
            }),
        })
    }

    /// The directory this store writes to.
    pub fn root(&self) -> &Path {
        &self.inner.root
    }

    /// The current health.
    pub fn health(&self) -> StorageHealth {
        self.inner.health.borrow().clone()
    }

    /// A receiver that sees every health change.
    pub fn subscribe(&self) -> watch::Receiver<StorageHealth> {
        self.inner.health.subscribe()
    }

    /// Counters since the store was opened.
    pub fn stats(&self) -> StoreStats {
        let mut stats = self.inner.stats.lock().map(|s| s.clone()).unwrap_or_default();
        stats.spare_files = self.inner.spares.count() as u64;
        stats
    }

    /// The switch that makes this store's writes fail as on a full disk (for fault-injection
    /// tests; off unless turned on).
    pub fn disk_fault(&self) -> DiskFault {
        self.inner.fault.clone()
    }

    /// The file a key maps to, after checking that the key cannot escape the directory.
    pub fn path_for(&self, key: &StorageKey) -> Result<PathBuf, StoreError> {
        fs::key_to_path(&self.inner.root, key)
    }

    /// Writes `data` under `key` and returns only once it is on disk, retrying a failing write
    /// up to the policy's `durable_attempts`; the error says why the last attempt failed.
    pub fn put_durable(&self, key: &StorageKey, data: &[u8]) -> Result<(), StoreError> {
        let mut delay = self.inner.retry.initial;
        let mut attempt = 1;
        loop {
            match self.put_once(key, data) {
                Ok(()) => return Ok(()),
                Err(e @ StoreError::InvalidKey { .. }) => return Err(e),
                Err(e) if attempt >= self.inner.retry.durable_attempts => {
                    // The caller gets the error, so this key is no longer pending a retry.
                    self.failing_keys().remove(&key.to_string());
                    return Err(e);
                }
                Err(_) => {
                    std::thread::sleep(delay);
                    delay = (delay * 2).min(self.inner.retry.max);
                    attempt += 1;
                }
            }
        }
    }

    fn failing_keys(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.inner.failing_keys.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One write attempt, recorded in health and stats, without retrying: for a caller that
    /// keeps the data and retries it itself (the client's changes waiting for a full disk).
    pub fn put_once(&self, key: &StorageKey, data: &[u8]) -> Result<(), StoreError> {
        let started = Instant::now();
        let result = self.path_for(key).and_then(|path| {
            self.inner.fault.check().map_err(|source| StoreError::Io { op: "write", path: path.clone(), source })?;
            let n = self.inner.temp_counter.fetch_add(1, Ordering::Relaxed);
            fs::write_durable(&self.inner.root, &self.inner.spares, &path, data, n)
        });
        match &result {
            Ok(()) => {
                if let Ok(mut s) = self.inner.stats.lock() {
                    s.puts += 1;
                    s.bytes_written += data.len() as u64;
                    s.put_micros += started.elapsed().as_micros() as u64;
                }
                self.note_write_succeeded(Some(key));
            }
            Err(e) => {
                if let Ok(mut s) = self.inner.stats.lock() {
                    s.put_failures += 1;
                }
                tracing::warn!(key = %key, error = %e, "storage write failed");
                if !matches!(e, StoreError::InvalidKey { .. }) {
                    self.note_write_failed(Some(key), e);
                }
            }
        }
        result
    }

    /// Whether the disk takes a write now: writes (and fsyncs) a 4 KiB scratch file in the store
    /// directory and removes it, through the same fault switch as every write. Health follows
    /// the answer: a failure marks the store failing, and a success makes a failing store healthy
    /// again unless a key's write is still being retried. For deciding whether to start
    /// something that must be written, when [`FsStore::health`] says writes were failing (it
    /// changes only when a write is attempted, so it can be stale once space is freed).
    pub fn check_writable(&self) -> Result<(), StoreError> {
        let root = &self.inner.root;
        let result = self
            .inner
            .fault
            .check()
            .map_err(|source| StoreError::Io { op: "write", path: root.clone(), source })
            .and_then(|()| fs::write_check(root, self.inner.temp_counter.fetch_add(1, Ordering::Relaxed)));
        match &result {
            Ok(()) => self.note_write_succeeded(None),
            Err(e) => {
                tracing::warn!(error = %e, "the disk refuses writes");
                self.note_write_failed(None, e);
            }
        }
        result
    }

    /// Stops the writes samod asks for: from now on its puts and deletes give up without
    /// touching the disk (a put that was being retried is dropped), and this returns once none
    /// is in progress. [`FsStore::put_durable`] and [`FsStore::put_once`] keep working. For a
    /// process about to exit whose disk refuses writes: afterwards it knows exactly what is on
    /// disk, because nothing lands behind its back. Deletes stop too, because samod deletes the
    /// chunks a compaction replaced once that compaction's put returns, and a put that gave up
    /// wrote nothing. Not undone: the store is done with samod after this.
    pub fn stop_background_writes(&self) {
        *self.inner.background_stopped.write().unwrap_or_else(|e| e.into_inner()) = true;
        tracing::info!(root = %self.inner.root.display(), "background writes stopped");
    }

    /// Runs `f` (a samod write) unless background writes are stopped, holding them off while
    /// it runs. `None`: stopped, nothing was done.
    fn background<T>(&self, f: impl FnOnce(&FsStore) -> T) -> Option<T> {
        let stopped = self.inner.background_stopped.read().unwrap_or_else(|e| e.into_inner());
        if *stopped { None } else { Some(f(self)) }
    }

    fn note_write_succeeded(&self, key: Option<&StorageKey>) {
        let none_failing = {
            let mut failing = self.failing_keys();
            if let Some(key) = key {
                failing.remove(&key.to_string());
            }
            failing.is_empty()
        };
        self.inner.health.send_if_modified(|h| {
            if h.is_healthy() || !none_failing {
                return false;
            }
            tracing::info!("storage writes succeed again");
            *h = StorageHealth::Healthy;
            true
        });
    }

    fn note_write_failed(&self, key: Option<&StorageKey>, e: &StoreError) {
        if let Some(key) = key {
            self.failing_keys().insert(key.to_string());
        }
        let error = e.to_string();
        self.inner.health.send_modify(|h| {
            let failed_attempts = match h {
                StorageHealth::Failing { failed_attempts, .. } => *failed_attempts + 1,
                StorageHealth::Healthy => 1,
            };
            *h = StorageHealth::Failing { error, failed_attempts };
        });
    }

    /// Reads one key; `Ok(None)` if it is absent.
    pub fn load_sync(&self, key: &StorageKey) -> Result<Option<Vec<u8>>, StoreError> {
        match fs::key_to_path(&self.inner.root, key) {
            Ok(path) => fs::read_file(&path),
            // A key we would never write cannot be stored here.
            Err(StoreError::InvalidKey { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Reads every key that starts with `prefix` (including `prefix` itself).
    pub fn load_range_sync(&self, prefix: &StorageKey) -> Result<HashMap<StorageKey, Vec<u8>>, StoreError> {
        fs::load_range(&self.inner.root, prefix)
    }

    /// Deletes a key durably (absent keys are fine).
    pub fn delete_sync(&self, key: &StorageKey) -> Result<(), StoreError> {
        let path = self.path_for(key)?;
        let n = self.inner.temp_counter.fetch_add(1, Ordering::Relaxed);
        fs::retire_durable(&self.inner.spares, &path, n)?;
        if let Ok(mut s) = self.inner.stats.lock() {
            s.deletes += 1;
        }
        Ok(())
    }

    async fn blocking<T: Send + 'static>(&self, f: impl FnOnce(FsStore) -> T + Send + 'static) -> Option<T> {
        let me = self.clone();
        match tokio::task::spawn_blocking(move || f(me)).await {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::error!(error = %e, "storage task failed");
                None
            }
        }
    }

    /// Retries a read a few times; a read that keeps failing is logged and marks the store failing,
    /// because samod would otherwise take the document for absent.
    async fn read_with_retry<T: Send + 'static>(
        &self,
        what: &'static str,
        f: impl Fn(&FsStore) -> Result<T, StoreError> + Send + Sync + Clone + 'static,
    ) -> Option<T> {
        let mut delay = self.inner.retry.initial;
        for attempt in 1..=self.inner.retry.durable_attempts {
            let g = f.clone();
            match self.blocking(move |s| g(&s)).await? {
                Ok(v) => return Some(v),
                Err(e) => {
                    tracing::warn!(what, attempt, error = %e, "storage read failed");
                    if attempt == self.inner.retry.durable_attempts {
                        let error = e.to_string();
                        self.inner.health.send_modify(|h| {
                            *h = StorageHealth::Failing { error, failed_attempts: u64::from(attempt) };
                        });
                        return None;
                    }
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(self.inner.retry.max);
                }
            }
        }
        None
    }
}

impl Storage for FsStore {
    async fn load(&self, key: StorageKey) -> Option<Vec<u8>> {
        self.read_with_retry("load", move |s| s.load_sync(&key)).await.flatten()
    }

    async fn load_range(&self, prefix: StorageKey) -> HashMap<StorageKey, Vec<u8>> {
        self.read_with_retry("load_range", move |s| s.load_range_sync(&prefix)).await.unwrap_or_default()
    }

    /// Retries until the write lands: samod cannot be told it failed, and giving up would lose
    /// the change silently. While it fails, [`FsStore::health`] says so. Gives up only once
    /// [`FsStore::stop_background_writes`] was called.
    async fn put(&self, key: StorageKey, data: Vec<u8>) {
        let data = Arc::new(data);
        let mut delay = self.inner.retry.initial;
        loop {
            let (k, d) = (key.clone(), data.clone());
            match self.blocking(move |s| s.background(|s| s.put_once(&k, &d))).await {
                Some(Some(Ok(()))) => return,
                Some(Some(Err(StoreError::InvalidKey { .. }))) | None => return,
                Some(None) => {
                    // Nobody retries this key any more.
                    self.failing_keys().remove(&key.to_string());
                    tracing::warn!(key = %key, "not written: background writes were stopped");
                    return;
                }
                Some(Some(Err(_))) => {
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(self.inner.retry.max);
                }
            }
        }
    }

    async fn delete(&self, key: StorageKey) {
        let mut delay = self.inner.retry.initial;
        loop {
            let k = key.clone();
            match self.blocking(move |s| s.background(|s| s.delete_sync(&k))).await {
                Some(Some(Ok(()) | Err(StoreError::InvalidKey { .. }))) | None => return,
                Some(None) => {
                    tracing::info!(key = %key, "not deleted: background writes were stopped");
                    return;
                }
                Some(Some(Err(e))) => {
                    tracing::warn!(key = %key, error = %e, "storage delete failed");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(self.inner.retry.max);
                }
            }
        }
    }
}
