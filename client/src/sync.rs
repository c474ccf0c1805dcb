//! Keeping shared projects in sync with their server, and saying how that is going.
//!
//! For every server in the profile the client keeps one samod dial (one WebSocket, one token,
//! samod's reconnect with backoff). For every shared project a watcher task follows the
//! document's changes, the server's view of the document (samod's per-connection heads), the
//! link and the store's health, and turns them into a [`SyncStatus`]. Callers see
//! [`ClientEvent`]s: a status whenever it changes, and a report whenever changes written by other
//! replicas arrive (how many, from whom, which items, and how many conflicts and edits to deleted
//! items the project now holds).

use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use automerge::{Automerge, ChangeHash, ReadDoc};
use futures::StreamExt;
use samod::{DialerEvent, DialerHandle, DocHandle, PeerDocState};
use serde::Serialize;
use tandem_core::Millis;
use tandem_core::merge::MergeReport;
use tandem_store::{FsStore, StorageHealth, StorageKey, StoreError};

use crate::net::LinkProbe;
use crate::profile::Profile;
use crate::server::{Api, ServerAddr};

/// Where a project stands with its server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// Not shared: the project lives only on this device.
    LocalOnly,
    /// The server cannot be reached; work goes on locally and is sent later.
    Offline,
    /// Trying to reach the server.
    Connecting,
    /// Connected; changes are still going one way or the other.
    Syncing,
    /// Connected, and this replica and the server hold the same changes.
    UpToDate,
    /// The local disk refuses writes; nothing new is acknowledged until it recovers.
    StorageError,
    /// The server no longer lets this profile see the project.
    AccessRevoked,
}

impl SyncState {
    /// The words people see.
    pub fn label(self) -> &'static str {
        match self {
            SyncState::LocalOnly => "local only",
            SyncState::Offline => "offline",
            SyncState::Connecting => "connecting",
            SyncState::Syncing => "syncing",
            SyncState::UpToDate => "up to date",
            SyncState::StorageError => "storage error",
            SyncState::AccessRevoked => "access revoked",
        }
    }
}

impl std::fmt::Display for SyncState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// A project's sync status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// The project's document id.
    pub project: String,
    pub name: String,
    /// The server address, when shared.
    pub server: Option<String>,
    /// This profile's role there.
    pub role: Option<String>,
    pub state: SyncState,
    /// Changes this replica holds that the server does not have yet (as far as it last said).
    pub unsent: usize,
    /// When this replica was last up to date with the server.
    pub last_synced: Option<Millis>,
    /// Why, for offline, storage error and access revoked.
    pub detail: Option<String>,
}

/// Changes other replicas made that just arrived.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemoteChanges {
    pub project: String,
    pub name: String,
    #[serde(flatten)]
    pub report: MergeReport,
}

/// What a client tells its watchers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ClientEvent {
    Status(SyncStatus),
    Remote(RemoteChanges),
}

/// One server connection.
pub(crate) struct Link {
    pub addr: ServerAddr,
    pub token: Option<String>,
    pub dialer: DialerHandle,
    pub probe: Arc<LinkProbe>,
}

/// State shared by the client and its background tasks.
pub(crate) struct Shared {
    pub profile: Mutex<Profile>,
    pub store: FsStore,
    pub actor_hex: String,
    pub api: Api,
    pub links: Mutex<HashMap<String, Link>>,
    /// Document ids the announce policy may offer to a server: shared and not revoked.
    pub announced: Arc<RwLock<HashSet<String>>>,
    bump: tokio::sync::watch::Sender<u64>,
    subscribers: Mutex<Vec<std::sync::mpsc::Sender<ClientEvent>>>,
    last: Mutex<HashMap<String, SyncStatus>>,
    pub watched: Mutex<HashSet<String>>,
    pub stopping: AtomicBool,
    /// Changes that are in their document but not on disk yet, oldest first (the disk refused
    /// their write); see [`Shared::save_pending`].
    pub pending: Mutex<Vec<PendingWrite>>,
    /// Wakes [`keep_saving`] when a change starts waiting.
    pub pending_added: tokio::sync::Notify,
}

/// A change that was applied to its document in memory but that the disk refused to store.
#[derive(Debug, Clone)]
pub(crate) struct PendingWrite {
    pub project: String,
    pub hash: ChangeHash,
    /// Where `Client::execute` stores it (samod stores a single new change under the same key).
    pub key: StorageKey,
    pub bytes: Vec<u8>,
    /// The change's summary, to say which change is meant.
    pub summary: String,
    /// The store's count of successful writes before the change was made: if it has not moved,
    /// nothing that could hold the change reached the disk.
    pub puts_before: u64,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared").field("actor", &self.actor_hex).finish_non_exhaustive()
    }
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    pub fn new(profile: Profile, store: FsStore, actor_hex: String, api: Api) -> Arc<Shared> {
        let (bump, _) = tokio::sync::watch::channel(0);
        let shared = Arc::new(Shared {
            profile: Mutex::new(profile),
            store,
            actor_hex,
            api,
            links: Mutex::new(HashMap::new()),
            announced: Arc::new(RwLock::new(HashSet::new())),
            bump,
            subscribers: Mutex::new(Vec::new()),
            last: Mutex::new(HashMap::new()),
            watched: Mutex::new(HashSet::new()),
            stopping: AtomicBool::new(false),
            pending: Mutex::new(Vec::new()),
            pending_added: tokio::sync::Notify::new(),
        });
        shared.refresh_announced();
        shared
    }

    pub fn profile(&self) -> std::sync::MutexGuard<'_, Profile> {
        lock(&self.profile)
    }

    /// Recomputes which documents may be offered to servers, after the profile changed.
    pub fn refresh_announced(&self) {
        let ids: HashSet<String> = self
            .profile()
            .config
            .projects
            .iter()
            .filter(|(_, e)| e.server.is_some() && !e.revoked)
            .map(|(id, _)| id.clone())
            .collect();
        if let Ok(mut a) = self.announced.write() {
            *a = ids;
        }
    }

    /// Wakes every watcher to recompute its status.
    pub fn bump(&self) {
        self.bump.send_modify(|v| *v = v.wrapping_add(1));
    }

    pub fn subscribe(&self) -> std::sync::mpsc::Receiver<ClientEvent> {
        let (tx, rx) = std::sync::mpsc::channel();
        lock(&self.subscribers).push(tx);
        rx
    }

    fn emit(&self, event: ClientEvent) {
        lock(&self.subscribers).retain(|tx| tx.send(event.clone()).is_ok());
    }

    /// The status of one project, worked out now. `handle` is the loaded document, if it is.
    pub fn status(&self, id: &str, handle: Option<&DocHandle>) -> SyncStatus {
        let (entry, name) = {
            let p = self.profile();
            let e = p.config.projects.get(id).cloned().unwrap_or_default();
            let n = e.name.clone();
            (e, n)
        };
        let mut status = SyncStatus {
            project: id.to_owned(),
            name,
            server: entry.server.clone(),
            role: entry.role.clone(),
            state: SyncState::LocalOnly,
            unsent: 0,
            last_synced: entry.last_synced.map(Millis),
            detail: None,
        };
        let synced: Vec<ChangeHash> = entry.synced_heads.iter().filter_map(|h| ChangeHash::from_str(h).ok()).collect();
        let count_since = |heads: &[ChangeHash]| -> usize {
            handle.map(|h| h.with_document(|d| unsent_since(d, heads))).unwrap_or(0)
        };
        if let StorageHealth::Failing { error, .. } = self.store.health() {
            status.state = SyncState::StorageError;
            status.detail = Some(format!("the local disk refuses writes: {error}"));
            status.unsent = if entry.server.is_some() { count_since(&synced) } else { 0 };
            return status;
        }
        let Some(server) = entry.server.clone() else {
            return status;
        };
        if entry.revoked {
            status.state = SyncState::AccessRevoked;
            status.detail = Some(format!(
                "{server} no longer lets this profile see the project; ask its coordinator for a new invite"
            ));
            status.unsent = count_since(&synced);
            return status;
        }
        let links = lock(&self.links);
        let Some(link) = links.get(&server) else {
            status.state = SyncState::Offline;
            status.detail = Some("not connected".into());
            status.unsent = count_since(&synced);
            return status;
        };
        let probe = link.probe.state();
        if let Some(refused) = probe.refused {
            drop(links);
            // Remember it, so the profile shows it offline too and stops offering the project.
            self.revoke_server(&server);
            status.state = SyncState::AccessRevoked;
            status.detail = Some(refused);
            status.unsent = count_since(&synced);
            return status;
        }
        let Some(conn) = link.dialer.connection_id().filter(|_| link.dialer.is_connected()) else {
            status.state = if probe.last_error.is_some() { SyncState::Offline } else { SyncState::Connecting };
            status.detail = probe.last_error;
            status.unsent = count_since(&synced);
            return status;
        };
        drop(links);
        let Some(handle) = handle else {
            status.state = SyncState::Syncing;
            return status;
        };
        let peer = handle.peers().0.remove(&conn);
        // Counting unsent changes walks the history: only do it when not in step.
        let (up_to_date, unsent) = handle.with_document(|d| match &peer {
            Some(p) if in_step(d, p) => (true, 0),
            Some(p) => (false, unsent_since(d, p.shared_heads.as_deref().unwrap_or(&synced))),
            None => (false, unsent_since(d, &synced)),
        });
        status.state = if up_to_date { SyncState::UpToDate } else { SyncState::Syncing };
        status.unsent = if up_to_date { 0 } else { unsent };
        status
    }

    /// Works out a project's status; tells watchers when it changed, and remembers the heads
    /// the server holds once up to date.
    pub fn refresh(&self, id: &str, handle: &DocHandle, now: Millis) -> SyncStatus {
        let mut status = self.status(id, Some(handle));
        if status.state == SyncState::UpToDate {
            let heads: Vec<String> = handle.with_document(|d| d.get_heads()).iter().map(ToString::to_string).collect();
            let mut p = self.profile();
            if let Some(e) = p.config.projects.get_mut(id)
                && e.synced_heads != heads
            {
                e.synced_heads = heads;
                e.last_synced = Some(now.0);
                if let Err(err) = p.save() {
                    tracing::warn!("cannot record the sync point: {err}");
                }
            }
            status.last_synced = p.config.projects.get(id).and_then(|e| e.last_synced).map(Millis);
        }
        let changed = lock(&self.last).insert(id.to_owned(), status.clone()).as_ref() != Some(&status);
        if changed {
            self.emit(ClientEvent::Status(status.clone()));
        }
        status
    }

    /// Checks with a Tandem server which shared projects this profile may still see, and
    /// records its role in each.
    pub async fn check_grants(&self, addr: &ServerAddr, token: &str) {
        let grants = match self.api.grants(addr, token).await {
            Ok(g) => g,
            Err(e) => {
                tracing::info!("cannot list grants on {addr}: {e}");
                return;
            }
        };
        let roles: HashMap<&str, &str> = grants.iter().map(|g| (g.document_id.as_str(), g.role.as_str())).collect();
        let key = addr.key();
        let mut p = self.profile();
        let mut dirty = false;
        for (id, e) in p.config.projects.iter_mut().filter(|(_, e)| e.server.as_deref() == Some(key.as_str())) {
            let revoked = !roles.contains_key(id.as_str());
            let role = roles.get(id.as_str()).map(|r| (*r).to_owned()).or(e.role.clone());
            if e.revoked != revoked || e.role != role {
                e.revoked = revoked;
                e.role = role;
                dirty = true;
            }
        }
        if dirty {
            if let Err(err) = p.save() {
                tracing::warn!("cannot record access changes: {err}");
            }
            drop(p);
            self.refresh_announced();
        }
    }

    /// Queues a change the disk refused, for [`keep_saving`] and the next command.
    pub fn add_pending(&self, write: PendingWrite) {
        lock(&self.pending).push(write);
        self.pending_added.notify_one();
    }

    /// Tries once to store every change waiting for the disk, oldest first, stopping at the
    /// first the disk refuses (so a change never lands before one it builds on). A change whose
    /// key already holds exactly its bytes (samod's own retry stored it) is not written again.
    pub fn save_pending(&self) -> Result<(), StoreError> {
        let mut pending = lock(&self.pending);
        let mut saved = 0;
        while let Some(first) = pending.first() {
            let there = self.store.load_sync(&first.key).ok().flatten();
            if there.as_deref() != Some(first.bytes.as_slice())
                && let Err(e) = self.store.put_once(&first.key, &first.bytes)
            {
                if saved > 0 {
                    tracing::info!(saved, waiting = pending.len(), "saved changes that waited for the disk");
                }
                return Err(e);
            }
            tracing::info!(project = %first.project, change = %first.hash, "a change that waited for the disk is saved");
            pending.remove(0);
            saved += 1;
        }
        drop(pending);
        if saved > 0 {
            self.bump();
        }
        Ok(())
    }

    /// Marks every project on a server as revoked (the server refused the token itself).
    pub fn revoke_server(&self, key: &str) {
        let mut p = self.profile();
        let mut dirty = false;
        for e in p.config.projects.values_mut().filter(|e| e.server.as_deref() == Some(key) && !e.revoked) {
            e.revoked = true;
            dirty = true;
        }
        if dirty {
            if let Err(err) = p.save() {
                tracing::warn!("cannot record revoked access: {err}");
            }
            drop(p);
            self.refresh_announced();
        }
    }
}

/// Whether this replica and the peer hold the same changes: they have ours, we have theirs.
fn in_step(doc: &Automerge, peer: &PeerDocState) -> bool {
    let mut local = doc.get_heads();
    local.sort();
    let Some(theirs) = &peer.their_heads else { return false };
    let Some(shared) = &peer.shared_heads else { return false };
    let mut shared = shared.clone();
    shared.sort();
    shared == local && theirs.iter().all(|h| doc.get_change_by_hash(h).is_some())
}

/// Changes in `doc` that are not behind `heads` (heads this replica does not know are skipped).
pub(crate) fn unsent_since(doc: &Automerge, heads: &[ChangeHash]) -> usize {
    let known: Vec<ChangeHash> = heads.iter().copied().filter(|h| doc.get_change_by_hash(h).is_some()).collect();
    doc.get_changes_meta(&known).len()
}

/// Follows one project until the client stops: recomputes its status on every change of the
/// document, the server's view, the link or the disk, and reports changes from other replicas.
pub(crate) async fn watch_project(shared: Arc<Shared>, id: String, handle: DocHandle, clock: crate::SharedClock) {
    let mut changes = handle.changes();
    let (_, mut peers) = handle.peers();
    let mut bump = shared.bump.subscribe();
    let mut health = shared.store.subscribe();
    let mut seen = handle.with_document(|d| d.get_heads());
    loop {
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
        shared.refresh(&id, &handle, clock());
        tokio::select! {
            changed = changes.next() => {
                if changed.is_none() {
                    break;
                }
                let actor = shared.actor_hex.clone();
                let report = handle.with_document(|d| {
                    let from_others = d.get_changes_meta(&seen).iter().any(|m| m.actor.to_hex_string() != actor);
                    let report = from_others.then(|| tandem_core::merge::report_remote_since(d, &seen, &actor));
                    seen = d.get_heads();
                    report
                });
                if let Some(report) = report.filter(|r| r.new_changes > 0) {
                    let name = shared.profile().config.projects.get(&id).map(|e| e.name.clone()).unwrap_or_default();
                    shared.emit(ClientEvent::Remote(RemoteChanges { project: id.clone(), name, report }));
                }
            }
            p = peers.next() => if p.is_none() { break },
            b = bump.changed() => if b.is_err() { break },
            h = health.changed() => if h.is_err() { break },
        }
    }
}

/// How often a change waiting for the disk is retried while the store's health does not change.
const PENDING_RETRY: std::time::Duration = std::time::Duration::from_secs(2);

/// Stores the changes that wait for the disk as soon as it takes writes again: on every change
/// of the store's health (samod's own retries land when there is room), and every
/// [`PENDING_RETRY`] while any waits. Runs as long as the client's runtime, closing included
/// (the disk may take the writes while `Client::close` waits for them).
pub(crate) async fn keep_saving(shared: Arc<Shared>) {
    let mut health = shared.store.subscribe();
    loop {
        if !lock(&shared.pending).is_empty() {
            let s = shared.clone();
            // The error is in the store's health (and the log); the next round retries.
            let _ = tokio::task::spawn_blocking(move || s.save_pending()).await;
        }
        let waiting = !lock(&shared.pending).is_empty();
        tokio::select! {
            () = shared.pending_added.notified() => {}
            h = health.changed() => if h.is_err() { break },
            () = tokio::time::sleep(PENDING_RETRY), if waiting => {}
        }
    }
}

/// Follows one server link: checks grants after each connection, stops dialing once the server
/// refuses the token, and wakes the project watchers on every event.
pub(crate) async fn watch_link(shared: Arc<Shared>, key: String) {
    let (dialer, probe, addr, token) = {
        let links = lock(&shared.links);
        let Some(link) = links.get(&key) else { return };
        (link.dialer.clone(), link.probe.clone(), link.addr.clone(), link.token.clone())
    };
    let mut events = dialer.events();
    // The first attempt may have failed before we subscribed.
    if probe.state().refused.is_some() {
        dialer.close();
        shared.revoke_server(&key);
    }
    shared.bump();
    while let Some(event) = events.next().await {
        match event {
            DialerEvent::Connected { .. } => {
                if let (true, Some(token)) = (addr.is_tandem(), token.as_deref()) {
                    shared.check_grants(&addr, token).await;
                }
            }
            DialerEvent::Disconnected { reason } => tracing::info!(server = %key, "disconnected: {reason}"),
            DialerEvent::Reconnecting { attempt } => tracing::debug!(server = %key, attempt, "reconnecting"),
            DialerEvent::MaxRetriesReached => {}
        }
        if probe.state().refused.is_some() {
            dialer.close();
            shared.revoke_server(&key);
        }
        shared.bump();
        if shared.stopping.load(Ordering::SeqCst) {
            break;
        }
    }
}
