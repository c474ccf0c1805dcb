use std::collections::{HashMap, HashSet};

use automerge::Automerge;

use crate::{
    DocumentId, StorageKey,
    actors::document::DocActorResult,
    io::{IoTaskId, StorageResult},
};

mod compaction_hash;
pub use compaction_hash::CompactionHash;

/// Tandem patch: the compaction policy's thresholds (see `should_compact` and TANDEM-PATCH.md).
/// More than this many incremental chunks on disk (or snapshots, or new changes at once) is
/// "many"; upstream compacted once more than 10 chunks of any kind were on disk.
const COMPACT_AFTER_CHUNKS: usize = 10;
/// Compact whatever the sizes once more than this many incremental chunks are on disk, so that
/// the number of files (and of chunks to read on the next load) stays bounded.
const ALWAYS_COMPACT_AFTER_CHUNKS: usize = 1000;
/// Compact once the incremental bytes on disk reach `1 / SNAPSHOT_FRACTION` of the newest
/// snapshot's size. A full save costs about as much as the snapshot is large, so this keeps the
/// compaction cost per byte of edits constant as the document grows.
const SNAPSHOT_FRACTION: usize = 4;

/// Tandem patch: what kind of chunk a key on disk holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkKind {
    Snapshot,
    Incremental,
}

#[derive(Debug)]
pub(super) struct OnDiskState {
    last_saved_heads: Option<Vec<automerge::ChangeHash>>,
    /// Tandem patch: every chunk known to be on disk, with its kind and size in bytes (upstream
    /// kept only the keys).
    on_disk: HashMap<StorageKey, (ChunkKind, usize)>,
    compaction: Option<Compaction>,
    deletions: HashSet<StorageKey>,
    running_puts: HashMap<IoTaskId, (StorageKey, ChunkKind, usize)>,
    running_deletes: HashMap<IoTaskId, StorageKey>,
}

#[derive(Debug)]
struct Compaction {
    task: IoTaskId,
    supercedes: HashSet<StorageKey>,
}

impl OnDiskState {
    pub(super) fn new() -> Self {
        Self {
            last_saved_heads: None,
            on_disk: HashMap::new(),
            compaction: None,
            deletions: HashSet::new(),
            running_deletes: HashMap::new(),
            running_puts: HashMap::new(),
        }
    }

    /// Tandem patch: records the heads of what was just loaded from disk as saved. Only when
    /// nothing but an empty document was saved before (a step while loading records empty
    /// heads); a document created with content keeps the heads of that content.
    pub(super) fn loaded(&mut self, heads: Vec<automerge::ChangeHash>) {
        let nothing_saved = self.last_saved_heads.as_ref().is_none_or(|h| h.is_empty());
        if nothing_saved && !heads.is_empty() {
            self.last_saved_heads = Some(heads);
        }
    }

    /// Add the chunks that were just loaded from disk. Tandem patch: takes the loaded snapshot
    /// and incremental chunks (upstream took only their keys) so that the compaction policy knows
    /// the size of the snapshot and of the incremental data on disk.
    pub(super) fn add_loaded(
        &mut self,
        snapshots: &HashMap<StorageKey, Vec<u8>>,
        incrementals: &HashMap<StorageKey, Vec<u8>>,
    ) {
        for (key, data) in snapshots {
            self.on_disk
                .insert(key.clone(), (ChunkKind::Snapshot, data.len()));
        }
        for (key, data) in incrementals {
            self.on_disk
                .insert(key.clone(), (ChunkKind::Incremental, data.len()));
        }
    }

    /// Tandem patch: whether to write a full snapshot now rather than the new changes
    /// (`new_changes` of them, `new_bytes` long) as an incremental chunk. Only once the
    /// incremental data is large relative to the newest snapshot; see the constants above and
    /// TANDEM-PATCH.md.
    fn should_compact(&self, new_changes: usize, new_bytes: usize) -> bool {
        let mut snapshots = 0;
        let mut snapshot_bytes = 0;
        let mut incrementals = 0;
        let mut incremental_bytes = 0;
        for (kind, len) in self.on_disk.values() {
            match kind {
                ChunkKind::Snapshot => {
                    snapshots += 1;
                    snapshot_bytes = snapshot_bytes.max(*len);
                }
                ChunkKind::Incremental => {
                    incrementals += 1;
                    incremental_bytes += len;
                }
            }
        }
        let large = |bytes: usize| bytes.saturating_mul(SNAPSHOT_FRACTION) >= snapshot_bytes;
        // Leftover snapshots (a crash between writing a compaction and deleting what it
        // superseded) are cleaned up as upstream would.
        snapshots > COMPACT_AFTER_CHUNKS
            // Many chunks whose bytes are large next to the snapshot, or very many chunks. A
            // document that was never snapshotted (snapshot_bytes == 0) is compacted once more
            // than COMPACT_AFTER_CHUNKS chunks are on disk, as upstream does.
            || (incrementals > COMPACT_AFTER_CHUNKS
                && (large(incremental_bytes) || incrementals > ALWAYS_COMPACT_AFTER_CHUNKS))
            // A batch of many changes (a document arriving whole, or a long offline period)
            // that is large next to the snapshot: snapshot it at once rather than keep a large
            // chunk of raw changes (R/10 as raw changes: 7.2 MB, 3.6 s to load; as a snapshot:
            // 1.2 MB, 1.4 s). Without a snapshot this is upstream's "more than 10 new changes".
            || (new_changes > COMPACT_AFTER_CHUNKS
                && large(incremental_bytes.saturating_add(new_bytes)))
    }

    pub(super) fn save_new_changes(
        &mut self,
        out: &mut DocActorResult,
        doc_id: &DocumentId,
        doc: &Automerge,
    ) {
        let heads = doc.get_heads();
        // Tandem patch: unchanged heads mean no new changes; skip listing them.
        let new_changes = if self.last_saved_heads.as_ref() == Some(&heads) {
            Vec::new()
        } else {
            doc.get_changes(self.last_saved_heads.as_ref().unwrap_or(&Vec::new()))
        };

        // Tandem patch: upstream compacted whenever more than 10 changes were new or more than
        // 10 chunks were on disk, i.e. a full save about every 11th change, however large the
        // document. Now new changes always go to one incremental chunk and the compaction waits
        // until the incremental data is large relative to the snapshot (`should_compact`).
        let new_bytes = new_changes.iter().map(|c| c.raw_bytes().len()).sum();
        if self.compaction.is_none() && self.should_compact(new_changes.len(), new_bytes) {
            tracing::debug!(
                num_changes = new_changes.len(),
                num_on_disk = self.on_disk.len(),
                "compacting changes"
            );
            let hash = CompactionHash::new(&heads);
            let key = StorageKey::snapshot_path(doc_id, &hash);
            let snapshot = doc.save();
            let len = snapshot.len();
            let put_id = out.put(key.clone(), snapshot);
            let mut supercedes: HashSet<StorageKey> = self.on_disk.keys().cloned().collect();
            // Make sure that we don't delete the compaction we're producing
            // somehow One way this can happen is if a previous process got
            // killed after writing the compacted chunk but before deleting the
            // incremental changes.
            supercedes.remove(&key);
            self.compaction = Some(Compaction {
                task: put_id,
                supercedes,
            });
            self.running_puts
                .insert(put_id, (key, ChunkKind::Snapshot, len));
        } else if let [change] = new_changes.as_slice() {
            // One change: keyed by its hash, as upstream does.
            let key = StorageKey::incremental_path(doc_id, change.hash());
            let bytes = change.raw_bytes().to_vec();
            let len = bytes.len();
            let put_id = out.put(key.clone(), bytes);
            self.running_puts
                .insert(put_id, (key, ChunkKind::Incremental, len));
        } else if !new_changes.is_empty() {
            // Tandem patch: several changes go to ONE chunk, the bytes `doc.save_after(saved
            // heads)` returns (it concatenates the raw bytes of `get_changes(saved heads)`, which
            // are `new_changes`). It is keyed by the SHA-256 of those bytes, so a key names one
            // content only: two chunks with the same key hold the same bytes.
            let mut bytes = Vec::with_capacity(new_bytes);
            for change in &new_changes {
                bytes.extend_from_slice(change.raw_bytes());
            }
            let key = StorageKey::incremental_chunk_path(doc_id, &bytes);
            let len = bytes.len();
            let put_id = out.put(key.clone(), bytes);
            self.running_puts
                .insert(put_id, (key, ChunkKind::Incremental, len));
        }

        for deletion in self.deletions.drain() {
            let delete_id = out.delete(deletion.clone());
            self.running_deletes.insert(delete_id, deletion);
        }

        self.last_saved_heads = Some(heads);
    }

    pub(super) fn is_flushed(&self) -> bool {
        self.running_puts.is_empty()
    }

    pub(super) fn has_task(&self, task_id: IoTaskId) -> bool {
        self.running_puts.contains_key(&task_id) || self.running_deletes.contains_key(&task_id)
    }

    pub(super) fn task_complete(&mut self, task_id: IoTaskId, result: StorageResult) {
        match result {
            StorageResult::Put => {
                if let Some((key, kind, len)) = self.running_puts.remove(&task_id) {
                    tracing::debug!(%key, "put completed for key");
                    self.mark_put_complete(task_id, key, kind, len);
                } else {
                    panic!("put complete for unknown task id: {:?}", task_id);
                }
            }
            StorageResult::Delete => {
                if let Some(deletion_key) = self.running_deletes.remove(&task_id) {
                    self.mark_delete_complete(deletion_key);
                } else {
                    panic!("delete complete for unknown task id: {:?}", task_id);
                }
            }
            _ => panic!("unexpected storage result"),
        }
    }

    fn mark_put_complete(
        &mut self,
        task_id: IoTaskId,
        key: StorageKey,
        kind: ChunkKind,
        len: usize,
    ) {
        if let Some(compaction) = &mut self.compaction
            && compaction.task == task_id
        {
            tracing::debug!("compacted chunk saved, deleting superceded data");
            // We're marking these as deleted before we get confirmation that they
            // are deleted. This is okay, worst case we end up with some extra data
            // on disk which gets cleared up on next boot.
            for key in &compaction.supercedes {
                self.on_disk.remove(key);
            }
            self.deletions
                .extend(std::mem::take(&mut compaction.supercedes));
            self.compaction = None;
        }
        self.on_disk.insert(key, (kind, len));
    }

    fn mark_delete_complete(&mut self, key: StorageKey) {
        // Probably this has already been removed in the handling of the compaction completion, but
        // we might as well be robust
        self.on_disk.remove(&key);
    }
}
