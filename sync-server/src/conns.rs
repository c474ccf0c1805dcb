//! The live connections: which token and peer id each belongs to, the grants it may use, and a
//! handle to close it (when its member is revoked or the server shuts down). The announce policy
//! and the gate read grants from here, so they never wait on the database per message.

use std::collections::HashMap;
use std::sync::Mutex;

use samod::{DocumentId, PeerId};
use tokio_util::sync::CancellationToken;

use crate::db::Role;

/// Why a connection was told to close from outside its own loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseCause {
    Revoked,
    Shutdown,
}

#[derive(Debug)]
struct Entry {
    token_id: i64,
    peer_id: Option<String>,
    grants: HashMap<String, Role>,
    close: CancellationToken,
    cause: Option<CloseCause>,
}

#[derive(Debug, Default)]
struct Inner {
    next: u64,
    by_id: HashMap<u64, Entry>,
    by_peer: HashMap<String, u64>,
}

/// Registry of open connections, keyed by a per-process connection number.
#[derive(Debug, Default)]
pub struct Connections {
    inner: Mutex<Inner>,
}

/// Refusal of a peer id at the handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerInUse;

impl Connections {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a new (not yet handshaken) connection and returns its number.
    pub fn add(&self, token_id: i64, grants: HashMap<String, Role>, close: CancellationToken) -> u64 {
        let mut inner = self.lock();
        inner.next += 1;
        let id = inner.next;
        inner.by_id.insert(id, Entry { token_id, peer_id: None, grants, close, cause: None });
        id
    }

    pub fn len(&self) -> usize {
        self.lock().by_id.len()
    }

    /// Records the peer id a connection's handshake claimed; refused if another open
    /// connection already uses it.
    pub fn set_peer(&self, id: u64, peer_id: &str) -> Result<(), PeerInUse> {
        let mut inner = self.lock();
        if inner.by_peer.get(peer_id).is_some_and(|other| *other != id) {
            return Err(PeerInUse);
        }
        inner.by_peer.insert(peer_id.to_owned(), id);
        if let Some(entry) = inner.by_id.get_mut(&id) {
            entry.peer_id = Some(peer_id.to_owned());
        }
        Ok(())
    }

    pub fn remove(&self, id: u64) {
        let mut inner = self.lock();
        if let Some(entry) = inner.by_id.remove(&id)
            && let Some(peer) = entry.peer_id
            && inner.by_peer.get(&peer) == Some(&id)
        {
            inner.by_peer.remove(&peer);
        }
    }

    /// The role connection `id` holds on a document.
    pub fn role(&self, id: u64, document_id: &DocumentId) -> Option<Role> {
        let inner = self.lock();
        inner.by_id.get(&id)?.grants.get(&document_id.to_string()).copied()
    }

    /// The announce policy: whether the peer's connection may be offered this document.
    pub fn peer_may_see(&self, peer_id: &PeerId, document_id: &DocumentId) -> bool {
        let inner = self.lock();
        let Some(id) = inner.by_peer.get(peer_id.as_str()) else { return false };
        inner.by_id.get(id).is_some_and(|e| e.grants.contains_key(&document_id.to_string()))
    }

    /// Gives every open connection of a token a new grant (after it registered a project).
    pub fn grant(&self, token_id: i64, document_id: &str, role: Role) {
        let mut inner = self.lock();
        for entry in inner.by_id.values_mut().filter(|e| e.token_id == token_id) {
            entry.grants.insert(document_id.to_owned(), role);
        }
    }

    /// Closes every open connection of a token; returns how many were told to close.
    pub fn close_token(&self, token_id: i64, cause: CloseCause) -> usize {
        let mut inner = self.lock();
        let mut n = 0;
        for entry in inner.by_id.values_mut().filter(|e| e.token_id == token_id) {
            entry.grants.clear();
            entry.cause = Some(cause);
            entry.close.cancel();
            n += 1;
        }
        n
    }

    /// Closes every connection (server shutdown).
    pub fn close_all(&self) {
        let mut inner = self.lock();
        for entry in inner.by_id.values_mut() {
            entry.cause.get_or_insert(CloseCause::Shutdown);
            entry.close.cancel();
        }
    }

    /// Why the connection was closed from outside, if it was.
    pub fn cause(&self, id: u64) -> Option<CloseCause> {
        self.lock().by_id.get(&id).and_then(|e| e.cause)
    }
}
