//! One WebSocket connection: the handshake, then every message in both directions checked
//! against the token's grants before samod sees it (inbound) or the peer gets it (outbound).
//! Anything hostile closes this one connection with a reason; samod and the other peers never
//! notice.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures::{SinkExt, StreamExt};
use samod::Transport;
use tokio_util::sync::CancellationToken;

use crate::conns::CloseCause;
use crate::db::{Role, Token};
use crate::wire::{self, MsgType};
use crate::{AppState, Limits};

/// Why a connection ends: a close code, a metrics label and a sentence for the peer and the log.
#[derive(Debug)]
struct Close {
    code: u16,
    label: &'static str,
    detail: String,
}

impl Close {
    fn new(code: u16, label: &'static str, detail: impl Into<String>) -> Close {
        Close { code, label, detail: detail.into() }
    }

    /// A policy violation (1008) or protocol error (1002): the peer did something it may not.
    fn policy(label: &'static str, detail: impl Into<String>) -> Close {
        Close::new(1008, label, detail)
    }

    fn protocol(label: &'static str, detail: impl Into<String>) -> Close {
        Close::new(1002, label, detail)
    }

    /// Whether this close is a rejection to count (as opposed to a normal end).
    fn is_rejection(&self) -> bool {
        !matches!(self.label, "peer_closed" | "shutdown" | "leave")
    }
}

/// What to do with one inbound message that passed the checks.
enum Verdict {
    Forward,
    /// Answer it ourselves (doc-unavailable for a document without a grant).
    Reply(Vec<u8>),
    Drop,
    /// Forward, then end the connection (the peer said `leave`).
    ForwardAndLeave,
}

/// A token bucket: `rate` messages per second on average, bursts up to `burst`.
struct RateLimit {
    tokens: f64,
    rate: f64,
    burst: f64,
    last: Instant,
}

impl RateLimit {
    fn new(limits: &Limits) -> RateLimit {
        let burst = f64::from(limits.message_burst.max(1));
        RateLimit { tokens: burst, rate: f64::from(limits.messages_per_second.max(1)), burst, last: Instant::now() }
    }

    fn allow(&mut self) -> bool {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.last).as_secs_f64() * self.rate).min(self.burst);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Serves one upgraded WebSocket until it closes. Never panics on peer input.
pub(crate) async fn serve(state: AppState, mut socket: WebSocket, token: Token, grants: HashMap<String, Role>) {
    let shared = &state.inner;
    let close_signal = shared.shutdown.child_token();
    let conn = shared.conns.add(token.id, grants, close_signal.clone());
    shared.metrics.connections_open.inc();
    let mut session = Session { state: &state, conn, token: &token, peer: String::new(), close_signal };
    let close = session.run(&mut socket).await;
    shared.conns.remove(conn);
    shared.metrics.connections_open.dec();
    shared.metrics.closed(close.label);
    if close.is_rejection() {
        shared.metrics.reject(close.label);
        tracing::warn!(conn, token = %token.name, peer = %session.peer, reason = close.label, "closing connection: {}", close.detail);
    } else {
        tracing::info!(conn, token = %token.name, peer = %session.peer, reason = close.label, "connection closed: {}", close.detail);
    }
    if close.label != "peer_closed" {
        let reason: String = close.detail.chars().take(120).collect();
        let frame = CloseFrame { code: close.code, reason: reason.into() };
        let _ = tokio::time::timeout(Duration::from_secs(2), socket.send(Message::Close(Some(frame)))).await;
        // Read (and drop) what the peer still sends until it answers the close, for a bounded
        // time: closing a socket with unread input makes the kernel send a reset, and the peer
        // would never see the close frame and its reason.
        let drain = async {
            let mut frames = 0u32;
            while let Some(Ok(msg)) = socket.recv().await {
                frames += 1;
                if matches!(msg, Message::Close(_)) || frames > 10_000 {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(1), drain).await;
    }
}

struct Session<'a> {
    state: &'a AppState,
    conn: u64,
    token: &'a Token,
    peer: String,
    close_signal: CancellationToken,
}

/// What the socket gave us, after pings, pongs and frame errors are dealt with.
enum Inbound {
    Binary(Vec<u8>),
    /// A ping or pong: the peer is alive.
    Heartbeat,
    Closed,
}

impl Session<'_> {
    async fn run(&mut self, socket: &mut WebSocket) -> Close {
        let shared = &self.state.inner;
        let limits = &shared.limits;
        // The handshake: the first message must be a `join` within the time limit.
        let first = tokio::select! {
            _ = self.close_signal.cancelled() => return self.external_close(),
            first = tokio::time::timeout(limits.handshake_timeout, first_binary(socket)) => first,
        };
        let first = match first {
            Err(_) => return Close::policy("handshake_timeout", "no join message within the handshake timeout"),
            Ok(Err(close)) => return close,
            Ok(Ok(Inbound::Closed | Inbound::Heartbeat)) => {
                return Close::new(1000, "peer_closed", "closed before the handshake");
            }
            Ok(Ok(Inbound::Binary(bytes))) => bytes,
        };
        self.count_in(first.len());
        if let Err(close) = self.handshake(&first).await {
            return close;
        }

        let (mut to_samod, samod_in) = futures::channel::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(64);
        // Outbound is unbounded, like samod's own channels: a bounded one could deadlock against
        // the inbound one while samod waits to hand us a message.
        let (samod_out, mut from_samod) = futures::channel::mpsc::unbounded::<Vec<u8>>();
        if shared.acceptor.accept(Transport::new(samod_in, samod_out)).is_err() {
            return Close::new(1001, "shutdown", "the server is shutting down");
        }
        if to_samod.send(Ok(first)).await.is_err() {
            return Close::new(1011, "relay_closed", "the relay dropped the connection");
        }
        shared.metrics.connections_accepted.inc();
        tracing::info!(conn = self.conn, token = %self.token.name, peer = %self.peer, "peer joined");

        let mut rate = RateLimit::new(limits);
        let mut last_heard = Instant::now();
        let mut ping = tokio::time::interval(limits.ping_interval);
        ping.tick().await;
        loop {
            tokio::select! {
                _ = self.close_signal.cancelled() => return self.external_close(),
                inbound = next_inbound(socket) => {
                    last_heard = Instant::now();
                    // Pings count too: a ping flood costs us a pong each.
                    if !rate.allow() {
                        return Close::new(1008, "rate_limited", format!(
                            "more than {} messages per second (burst {}); slow down and reconnect",
                            limits.messages_per_second, limits.message_burst));
                    }
                    let bytes = match inbound {
                        Ok(Inbound::Binary(bytes)) => bytes,
                        Ok(Inbound::Heartbeat) => continue,
                        Ok(Inbound::Closed) => return Close::new(1000, "peer_closed", "the peer closed the connection"),
                        Err(close) => return close,
                    };
                    self.count_in(bytes.len());
                    match self.check_inbound(&bytes) {
                        Err(close) => return close,
                        Ok(Verdict::Drop) => {}
                        Ok(Verdict::Reply(reply)) => {
                            if let Err(close) = self.send(socket, reply).await {
                                return close;
                            }
                        }
                        Ok(Verdict::Forward) => {
                            if to_samod.send(Ok(bytes)).await.is_err() {
                                return Close::new(1011, "relay_closed", "the relay dropped the connection");
                            }
                        }
                        Ok(Verdict::ForwardAndLeave) => {
                            let _ = to_samod.send(Ok(bytes)).await;
                            return Close::new(1000, "leave", "the peer left");
                        }
                    }
                }
                outbound = from_samod.next() => {
                    let Some(bytes) = outbound else {
                        return Close::new(1011, "relay_closed", "the relay ended the connection");
                    };
                    if self.may_send(&bytes)
                        && let Err(close) = self.send(socket, bytes).await
                    {
                        return close;
                    }
                }
                _ = ping.tick() => {
                    if last_heard.elapsed() > limits.idle_timeout {
                        return Close::new(1001, "idle_timeout", format!(
                            "nothing heard for {:?}", limits.idle_timeout));
                    }
                    if socket.send(Message::Ping(Vec::new().into())).await.is_err() {
                        return Close::new(1000, "peer_closed", "the connection broke");
                    }
                }
            }
        }
    }

    fn external_close(&self) -> Close {
        match self.state.inner.conns.cause(self.conn) {
            Some(CloseCause::Revoked) => Close::policy("revoked", "your access to this server was revoked"),
            _ => Close::new(1001, "shutdown", "the server is shutting down"),
        }
    }

    fn count_in(&self, len: usize) {
        let m = &self.state.inner.metrics;
        m.messages_in.inc();
        m.bytes_in.inc_by(len as u64);
    }

    async fn send(&self, socket: &mut WebSocket, bytes: Vec<u8>) -> Result<(), Close> {
        let m = &self.state.inner.metrics;
        m.messages_out.inc();
        m.bytes_out.inc_by(bytes.len() as u64);
        socket
            .send(Message::Binary(bytes.into()))
            .await
            .map_err(|e| Close::new(1000, "peer_closed", format!("sending failed: {e}")))
    }

    /// Checks the `join`, binds its peer id to the token, and refuses a peer id in use.
    async fn handshake(&mut self, bytes: &[u8]) -> Result<(), Close> {
        let shared = &self.state.inner;
        let env = wire::decode(bytes).map_err(|e| Close::protocol(e.reason(), e.to_string()))?;
        if env.kind != MsgType::Join {
            return Err(Close::protocol("before_handshake", "the first message must be a join"));
        }
        let peer = env.sender_id.unwrap_or_default();
        if peer.is_empty() || peer.len() > shared.limits.max_peer_id_len {
            return Err(Close::protocol("invalid_envelope", "the peer id is empty or too long"));
        }
        match shared.db.bind_peer(&peer, self.token.id).await {
            Ok(()) => {}
            Err(crate::db::DbError::PeerTaken(_)) => {
                return Err(Close::policy("peer_id_taken", "this peer id belongs to another token"));
            }
            Err(e) => return Err(Close::new(1011, "internal_error", format!("metadata database: {e}"))),
        }
        if shared.conns.set_peer(self.conn, &peer).is_err() {
            return Err(Close::policy("peer_id_in_use", "another connection already uses this peer id"));
        }
        self.peer = peer;
        Ok(())
    }

    fn check_inbound(&self, bytes: &[u8]) -> Result<Verdict, Close> {
        let shared = &self.state.inner;
        let env = wire::decode(bytes).map_err(|e| Close::protocol(e.reason(), e.to_string()))?;
        if env.sender_id.as_deref().is_some_and(|s| s != self.peer) {
            return Err(Close::policy("sender_mismatch", "senderId differs from the peer id of the handshake"));
        }
        if env.target_id.as_deref().is_some_and(|t| t != shared.peer_id.as_str()) {
            return Err(Close::policy("wrong_target", "targetId is not this server"));
        }
        match env.kind {
            MsgType::Join | MsgType::Peer => {
                Err(Close::protocol("unexpected_handshake", "handshake message after the handshake"))
            }
            MsgType::Leave => Ok(Verdict::ForwardAndLeave),
            MsgType::Error => Err(Close::new(1000, "peer_error", "the peer reported an error")),
            MsgType::RemoteSubscriptionChange => Ok(Verdict::Forward),
            MsgType::Request
            | MsgType::Sync
            | MsgType::DocUnavailable
            | MsgType::Ephemeral
            | MsgType::RemoteHeadsChanged => {
                let Some(doc) = env.document_id else {
                    return Err(Close::protocol("invalid_envelope", "documentId is missing"));
                };
                let carries_sync = matches!(env.kind, MsgType::Request | MsgType::Sync);
                let Some(role) = shared.conns.role(self.conn, &doc) else {
                    shared.metrics.reject("no_grant");
                    tracing::debug!(conn = self.conn, %doc, "message for a document without a grant");
                    return Ok(if carries_sync {
                        Verdict::Reply(wire::doc_unavailable(&shared.peer_id, &self.peer, &doc))
                    } else {
                        Verdict::Drop
                    });
                };
                if carries_sync {
                    let data = env.data.unwrap_or_default();
                    let message = automerge::sync::Message::decode(data).map_err(|e| {
                        Close::protocol("invalid_sync_payload", format!("data is not an automerge sync message: {e}"))
                    })?;
                    if !role.can_write() && message.changes.iter().any(|c| !c.is_empty()) {
                        return Err(Close::policy("viewer_write", "viewers may not send changes"));
                    }
                }
                Ok(Verdict::Forward)
            }
        }
    }

    /// Outbound filter: never send a peer anything about a document it has no grant for (the
    /// announce policy should already prevent it; this makes it hold whatever samod does).
    fn may_send(&self, bytes: &[u8]) -> bool {
        let shared = &self.state.inner;
        match wire::decode(bytes) {
            Ok(env) => match env.document_id {
                Some(doc) if shared.conns.role(self.conn, &doc).is_none() => {
                    shared.metrics.reject("outbound_without_grant");
                    false
                }
                _ => true,
            },
            Err(e) => {
                tracing::error!(conn = self.conn, "relay produced a message the gate cannot read ({e}); dropped");
                shared.metrics.reject("outbound_unreadable");
                false
            }
        }
    }
}

/// The first message that is not a ping or pong.
async fn first_binary(socket: &mut WebSocket) -> Result<Inbound, Close> {
    loop {
        match next_inbound(socket).await? {
            Inbound::Heartbeat => {}
            other => return Ok(other),
        }
    }
}

/// The next message; text frames and transport errors (including frames over the size limit)
/// become a close reason.
async fn next_inbound(socket: &mut WebSocket) -> Result<Inbound, Close> {
    match socket.recv().await {
        None | Some(Ok(Message::Close(_))) => Ok(Inbound::Closed),
        Some(Ok(Message::Binary(bytes))) => Ok(Inbound::Binary(bytes.into())),
        Some(Ok(Message::Text(_))) => {
            Err(Close::new(1003, "text_frame", "text frames are not part of the protocol; send binary CBOR"))
        }
        Some(Ok(Message::Ping(_) | Message::Pong(_))) => Ok(Inbound::Heartbeat),
        Some(Err(e)) => {
            let text = e.to_string();
            let lower = text.to_lowercase();
            // tungstenite's capacity error reads "Message too long: N > max"; a too-big control
            // frame is a protocol error, not an oversized message.
            Err(if lower.contains("message too long") {
                Close::new(1009, "oversized", format!("frame or message too large: {text}"))
            } else {
                Close::protocol("bad_frame", format!("invalid WebSocket frame: {text}"))
            })
        }
    }
}
