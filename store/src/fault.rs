//! Storage fault injection: a switch that makes a store's writes fail the way a full disk does,
//! on command, and recover on command.
//!
//! The switch sits between [`crate::FsStore`] and the filesystem: while it is on, every write
//! attempt fails with the operating system's ENOSPC error ("No space left on device")
//! before touching a file, exactly where a real full disk would fail it. Everything above it is
//! the real code: retries with backoff, the health report, samod's puts that wait for the disk,
//! `put_durable` returning the error. Reads and deletes keep working, as they do on a full disk.
//!
//! Every store has one ([`crate::FsStore::disk_fault`]), off, because the client and the sync
//! server each open their own store: tests reach it through `Client::store()` and
//! `AppState::store()` without a second way of opening either. Nothing but a test turns it on.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// ENOSPC on Linux and the BSDs (and macOS).
const ENOSPC: i32 = 28;

/// A shared on/off switch for "the disk is full". Cheap to clone; clones share the state.
#[derive(Debug, Clone, Default)]
pub struct DiskFault {
    full: Arc<AtomicBool>,
}

impl DiskFault {
    /// From now on every write fails with ENOSPC.
    pub fn fill(&self) {
        tracing::warn!("fault injection: the store's disk is now full");
        self.full.store(true, Ordering::SeqCst);
    }

    /// Writes succeed again (retried writes land on their next attempt).
    pub fn clear(&self) {
        tracing::info!("fault injection: the store's disk has room again");
        self.full.store(false, Ordering::SeqCst);
    }

    /// Whether writes currently fail.
    pub fn is_full(&self) -> bool {
        self.full.load(Ordering::SeqCst)
    }

    /// The error a write gets while the disk is full.
    pub(crate) fn check(&self) -> std::io::Result<()> {
        if self.is_full() { Err(std::io::Error::from_raw_os_error(ENOSPC)) } else { Ok(()) }
    }
}
