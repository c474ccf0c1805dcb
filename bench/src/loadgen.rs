//! A load generator that speaks the automerge-repo protocol over WebSocket, so the same code
//! drives our server and the Node reference server: the CBOR `join` → `peer` handshake, then
//! `sync` messages carrying automerge 0.10 sync messages, one `sync::State` per client per
//! document. Each client is one tokio task holding its own copies of its documents (no samod
//! Repo), so a thousand fit on two cores.
//!
//! An edit is one change whose message is `author:seq:sent_us` (microseconds since the run's
//! base instant); a client that receives it records `now - sent_us` as the fan-out latency and
//! counts it, so the run can check that every edit reached every other member of its document.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use automerge::sync::{self, SyncDoc};
use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, Automerge, ChangeHash};
use futures::{SinkExt, StreamExt};
use samod::DocumentId;
use tandem_sync_server::wire::{self, MsgType};
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Handshakes one client may retry after the server refused them for a busy database.
const MAX_HANDSHAKE_RETRIES: u32 = 50;

/// Longest a handshake or the first sync of a document may take.
pub const SETUP_TIMEOUT: Duration = Duration::from_secs(60);

/// One project document: its id and the bytes every member starts from.
#[derive(Debug, Clone)]
pub struct DocSpec {
    pub id: DocumentId,
    pub seed: Vec<u8>,
}

/// `n` documents with ids and contents derived from `salt` and their index (so a run is
/// reproducible and two servers in one run get distinct ids).
pub fn seed_docs(n: usize, salt: u64) -> Vec<DocSpec> {
    (0..n)
        .map(|i| {
            let mut id = [0u8; 16];
            id[..8].copy_from_slice(&salt.to_be_bytes());
            id[8..].copy_from_slice(&(i as u64).to_be_bytes());
            let id = DocumentId::try_from(id.to_vec()).expect("16 bytes are a document id");
            let mut doc = Automerge::new().with_actor(ActorId::from(id.as_bytes().to_vec()));
            let mut tx = doc.transaction();
            tx.put(automerge::ROOT, "title", format!("bench project {i}")).expect("put on a fresh document");
            tx.commit_with(CommitOptions::default().with_message("create").with_time(0));
            DocSpec { id, seed: doc.save() }
        })
        .collect()
}

/// Which documents each of `clients` clients is a member of: every client is in
/// `per_client = max(1, ceil(2·docs/clients))` documents, assigned round-robin so that every
/// document has at least two members (fan-out needs a receiver).
pub fn membership(clients: usize, docs: usize) -> Vec<Vec<usize>> {
    let per_client = (2 * docs).div_ceil(clients.max(1)).max(1).min(docs);
    (0..clients).map(|c| (0..per_client).map(|s| (c * per_client + s) % docs).collect()).collect()
}

/// What the orchestrator tells every client.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    /// Stay connected, answer the server, do not edit.
    Hold,
    /// Edit the client's documents in turn, one edit every `period`, starting at `from`.
    Edit { from: Instant, period: Duration },
    /// Stop editing; keep receiving.
    Drain,
    /// Close the connection and report.
    Stop,
}

/// Counters every client updates.
#[derive(Debug)]
pub struct Shared {
    /// Timestamps in change messages count microseconds from here.
    pub base: Instant,
    /// Members per document.
    pub members: Vec<usize>,
    /// Clients that finished their handshake and first sync of every document.
    pub ready: AtomicUsize,
    /// Clients that have seen `Phase::Drain` and make no more edits.
    pub drained: AtomicUsize,
    /// Clients that gave up with an error.
    pub failed: AtomicUsize,
    /// Handshakes the server closed with "database is locked" and the client retried.
    pub handshake_retries: AtomicU64,
    /// Edits made.
    pub edits: AtomicU64,
    /// Deliveries owed: for each edit, the other members of its document.
    pub expected: AtomicU64,
    /// Deliveries seen (an edit applied at another member).
    pub delivered: AtomicU64,
    /// Edits sent in `[measure_from_us, measure_to_us)` are the measured ones.
    pub measure_from_us: AtomicU64,
    pub measure_to_us: AtomicU64,
    /// Deliveries owed for the measured edits (each one's other members): the measured
    /// latencies are fewer when some never arrived.
    pub owed_measured: AtomicU64,
    /// Bounds concurrent handshakes + first syncs, so 10,000 clients do not storm the listener.
    pub setup_permits: Semaphore,
}

impl Shared {
    pub fn new(members: Vec<usize>, setup_concurrency: usize) -> Arc<Shared> {
        Arc::new(Shared {
            base: Instant::now(),
            members,
            ready: AtomicUsize::new(0),
            drained: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            handshake_retries: AtomicU64::new(0),
            edits: AtomicU64::new(0),
            expected: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
            measure_from_us: AtomicU64::new(u64::MAX),
            measure_to_us: AtomicU64::new(u64::MAX),
            owed_measured: AtomicU64::new(0),
            setup_permits: Semaphore::new(setup_concurrency),
        })
    }

    /// Whether an edit sent at `sent_us` is one of the measured ones.
    pub fn measured(&self, sent_us: u64) -> bool {
        (self.measure_from_us.load(Ordering::Relaxed)..self.measure_to_us.load(Ordering::Relaxed)).contains(&sent_us)
    }

    pub fn now_us(&self) -> u64 {
        self.base.elapsed().as_micros() as u64
    }
}

/// One client: its peer id, where it connects (token included) and its documents.
#[derive(Debug, Clone)]
pub struct ClientSpec {
    pub index: usize,
    pub url: String,
    pub docs: Vec<usize>,
}

/// What one client saw.
#[derive(Debug, Default)]
pub struct ClientReport {
    pub index: usize,
    /// Fan-out latencies of measured edits received, microseconds.
    pub latencies_us: Vec<u32>,
    /// Edits made per document.
    pub made: HashMap<usize, u64>,
    /// Edits received per (document, author).
    pub seen: HashMap<(usize, usize), u64>,
    pub error: Option<String>,
    pub messages_in: u64,
    pub messages_out: u64,
    pub handshake_retries: u32,
    /// Changes received that were still waiting for a dependency when the client stopped.
    pub waiting: u64,
}

struct DocState {
    index: usize,
    id: DocumentId,
    doc: Automerge,
    sync: sync::State,
    synced: bool,
    /// Hashes of the changes `doc` holds (kept here because asking automerge 0.10 whether it has
    /// a change rebuilds the change from its columns).
    applied: HashSet<ChangeHash>,
    /// Changes received whose dependencies have not all arrived: automerge queues them, so they
    /// are not visible yet and are counted when their last dependency arrives.
    waiting: Vec<Arrived>,
}

/// A change received from the server, before it is known to be applied.
struct Arrived {
    hash: ChangeHash,
    deps: Vec<ChangeHash>,
    message: Option<String>,
}

impl DocState {
    fn new(index: usize, id: DocumentId, doc: Automerge) -> DocState {
        let applied = doc.get_changes(&[]).iter().map(|c| c.hash()).collect();
        DocState { index, id, doc, sync: sync::State::new(), synced: false, applied, waiting: Vec::new() }
    }

    /// Moves every waiting change whose dependencies are all applied into `applied` (repeating,
    /// since one may complete another), returning their messages in the order they applied.
    fn settle(&mut self) -> Vec<String> {
        let mut messages = Vec::new();
        loop {
            let before = self.waiting.len();
            let mut i = 0;
            while i < self.waiting.len() {
                if self.waiting[i].deps.iter().all(|d| self.applied.contains(d)) {
                    let done = self.waiting.swap_remove(i);
                    self.applied.insert(done.hash);
                    messages.extend(done.message);
                } else {
                    i += 1;
                }
            }
            if self.waiting.len() == before {
                return messages;
            }
        }
    }
}

/// Whether `TANDEM_BENCH_TRACE` is set (read once: every message checks it).
fn tracing_messages() -> bool {
    static TRACE: OnceLock<bool> = OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("TANDEM_BENCH_TRACE").is_some())
}

/// Runs one client until `Phase::Stop`, or until it fails (the report carries the error).
pub async fn run_client(
    spec: ClientSpec,
    shared: Arc<Shared>,
    docs: Arc<Vec<DocSpec>>,
    phase: watch::Receiver<Phase>,
) -> ClientReport {
    let mut report = ClientReport { index: spec.index, ..ClientReport::default() };
    if let Err(e) = client(&spec, &shared, &docs, phase, &mut report).await {
        shared.failed.fetch_add(1, Ordering::SeqCst);
        report.error = Some(format!("client {}: {e}", spec.index));
    }
    report
}

fn peer_id(index: usize) -> String {
    format!("bench-client-{index}-{}", std::process::id())
}

async fn client(
    spec: &ClientSpec,
    shared: &Shared,
    docs: &[DocSpec],
    mut phase: watch::Receiver<Phase>,
    report: &mut ClientReport,
) -> Result<(), String> {
    let me = peer_id(spec.index);
    let actor = ActorId::from(format!("bench-actor-{}", spec.index).into_bytes());
    let mut states: Vec<DocState> = Vec::with_capacity(spec.docs.len());
    for &d in &spec.docs {
        let mut doc = Automerge::load(&docs[d].seed).map_err(|e| format!("seed document {d}: {e}"))?;
        doc.set_actor(actor.clone());
        states.push(DocState::new(d, docs[d].id.clone(), doc));
    }

    // Handshake and first sync of every document, a bounded number of clients at a time.
    let permit = shared.setup_permits.acquire().await.map_err(|_| "setup closed")?;
    let (mut ws, server) = loop {
        let attempt = tokio::time::timeout(SETUP_TIMEOUT, handshake(&spec.url, &me))
            .await
            .map_err(|_| format!("no handshake within {SETUP_TIMEOUT:?}"))?;
        match attempt {
            Ok(connected) => break connected,
            // Our server closes a handshake with 1011 when SQLite is busy binding the peer id
            // (concurrent handshakes; see bench/README.md). A real client reconnects; so do we,
            // and the retries are counted and reported.
            Err(e) if e.contains("database is locked") && report.handshake_retries < MAX_HANDSHAKE_RETRIES => {
                report.handshake_retries += 1;
                shared.handshake_retries.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20 + (spec.index as u64 * 7919) % 80)).await;
            }
            Err(e) => return Err(e),
        }
    };
    for state in states.iter_mut() {
        send_sync(&mut ws, &me, &server, state, report).await?;
    }
    let first_sync = async {
        while states.iter().any(|s| !s.synced) {
            let bytes = next_binary(&mut ws).await?;
            handle(&mut ws, &me, &server, &mut states, &bytes, shared, report).await?;
        }
        Ok::<(), String>(())
    };
    tokio::time::timeout(SETUP_TIMEOUT, first_sync)
        .await
        .map_err(|_| format!("the first sync did not finish within {SETUP_TIMEOUT:?}"))??;
    drop(permit);
    shared.ready.fetch_add(1, Ordering::SeqCst);

    let mut ticker: Option<tokio::time::Interval> = None;
    let mut turn = 0usize;
    let mut seq = 0u64;
    loop {
        tokio::select! {
            changed = phase.changed() => {
                if changed.is_err() {
                    return Err("the orchestrator went away".into());
                }
                let now = *phase.borrow_and_update();
                match now {
                    Phase::Hold => {}
                    Phase::Edit { from, period } => {
                        // Spread the clients' edits over the period.
                        let offset = period.mul_f64(spread(spec.index));
                        let mut t = tokio::time::interval_at((from + offset).into(), period);
                        t.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                        ticker = Some(t);
                    }
                    Phase::Drain => {
                        ticker = None;
                        shared.drained.fetch_add(1, Ordering::SeqCst);
                    }
                    Phase::Stop => {
                        report.waiting = states.iter().map(|s| s.waiting.len() as u64).sum();
                        let _ = ws.close(None).await;
                        return Ok(());
                    }
                }
            }
            () = tick(&mut ticker) => {
                let i = turn % states.len();
                turn += 1;
                seq += 1;
                let state = &mut states[i];
                let sent_us = shared.now_us();
                let mut tx = state.doc.transaction();
                tx.put(automerge::ROOT, format!("task-{}", spec.index), format!("title edit {seq}"))
                    .map_err(|e| format!("edit: {e}"))?;
                let (hash, _) = tx.commit_with(
                    CommitOptions::default()
                        .with_message(format!("{}:{seq}:{sent_us}", spec.index))
                        .with_time(chrono::Utc::now().timestamp_millis()),
                );
                state.applied.extend(hash);
                *report.made.entry(state.index).or_default() += 1;
                shared.edits.fetch_add(1, Ordering::Relaxed);
                let others = shared.members[state.index].saturating_sub(1) as u64;
                shared.expected.fetch_add(others, Ordering::Relaxed);
                if shared.measured(sent_us) {
                    shared.owed_measured.fetch_add(others, Ordering::Relaxed);
                }
                send_sync(&mut ws, &me, &server, state, report).await?;
            }
            bytes = next_binary(&mut ws) => {
                let bytes = bytes?;
                handle(&mut ws, &me, &server, &mut states, &bytes, shared, report).await?;
            }
        }
    }
}

/// A fraction in [0, 1) that differs per client (its edit's offset within the period).
fn spread(index: usize) -> f64 {
    // The golden-ratio sequence spreads any number of clients evenly.
    (index as f64 * 0.618_033_988_749_895).fract()
}

async fn tick(ticker: &mut Option<tokio::time::Interval>) {
    match ticker {
        Some(t) => {
            t.tick().await;
        }
        None => std::future::pending().await,
    }
}

/// Opens the WebSocket, sends `join`, waits for `peer`; returns the socket and the server's peer id.
pub async fn handshake(url: &str, me: &str) -> Result<(Ws, String), String> {
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.map_err(|e| format!("connect {url}: {e}"))?;
    ws.send(Message::Binary(join_message(me).into())).await.map_err(|e| format!("send join: {e}"))?;
    let bytes = next_binary(&mut ws).await?;
    let env = wire::decode(&bytes).map_err(|e| format!("the server's answer to join: {e}"))?;
    match (env.kind, env.sender_id) {
        (MsgType::Peer, Some(server)) => Ok((ws, server)),
        (kind, _) => Err(format!("expected the server's peer message, got {kind:?}")),
    }
}

/// The next binary message (pings are answered by tungstenite while reading).
pub async fn next_binary(ws: &mut Ws) -> Result<Vec<u8>, String> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Binary(b))) => return Ok(b.to_vec()),
            Some(Ok(Message::Close(frame))) => return Err(format!("the server closed the connection: {frame:?}")),
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(format!("the connection broke: {e}")),
            None => return Err("the connection ended".into()),
        }
    }
}

/// Handles one message from the server: applies sync messages, records the edits they bring,
/// answers with our next sync message.
async fn handle(
    ws: &mut Ws,
    me: &str,
    server: &str,
    states: &mut [DocState],
    bytes: &[u8],
    shared: &Shared,
    report: &mut ClientReport,
) -> Result<(), String> {
    report.messages_in += 1;
    let env = wire::decode(bytes).map_err(|e| format!("a message from the server does not decode: {e}"))?;
    if tracing_messages() {
        eprintln!("{me} <- {:?} {:?} ({} bytes)", env.kind, env.document_id, bytes.len());
    }
    match env.kind {
        MsgType::Sync | MsgType::Request => {}
        MsgType::DocUnavailable => {
            return Err(format!("the server says document {:?} is unavailable", env.document_id));
        }
        MsgType::Error => return Err("the server sent an error message".into()),
        // Ephemeral messages, remote heads and subscription changes carry nothing we measure.
        _ => return Ok(()),
    }
    let id = env.document_id.ok_or("a sync message without a document id")?;
    let Some(state) = states.iter_mut().find(|s| s.id == id) else {
        return Err(format!("the server sent document {id}, which this client is not a member of"));
    };
    let message = sync::Message::decode(env.data.unwrap_or_default()).map_err(|e| format!("sync payload: {e}"))?;
    let now_us = shared.now_us();
    // The edits this message brings: parse its change chunks before applying (cheaper than
    // asking the document for changes since the old heads). A change counts as delivered once,
    // when it and all its dependencies are here (automerge applies it then, not before). A
    // whole-document chunk falls back to asking the document.
    let mut fallback = false;
    for entry in message.changes.iter() {
        // A v2 sync message carries several changes as one entry, one chunk after another.
        let Some(chunks) = split_chunks(entry) else {
            fallback = true;
            continue;
        };
        for chunk in chunks {
            match automerge::Change::try_from(chunk) {
                Ok(change) => {
                    let hash = change.hash();
                    if !state.applied.contains(&hash) && !state.waiting.iter().any(|w| w.hash == hash) {
                        let deps = change.deps().to_vec();
                        state.waiting.push(Arrived { hash, deps, message: change.message().cloned() });
                    }
                }
                Err(_) => fallback = true,
            }
        }
    }
    let before: Vec<ChangeHash> = state.doc.get_heads();
    state.doc.receive_sync_message(&mut state.sync, message).map_err(|e| format!("applying a sync message: {e}"))?;
    let mut fresh = Vec::new();
    if fallback {
        for change in state.doc.get_changes(&before) {
            if state.applied.insert(change.hash()) {
                state.waiting.retain(|w| w.hash != change.hash());
                fresh.extend(change.message().cloned());
            }
        }
    }
    fresh.extend(state.settle());
    for m in fresh {
        let mut parts = m.split(':');
        let (Some(author), Some(_seq), Some(sent)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let (Ok(author), Ok(sent)) = (author.parse::<usize>(), sent.parse::<u64>()) else { continue };
        *report.seen.entry((state.index, author)).or_default() += 1;
        shared.delivered.fetch_add(1, Ordering::Relaxed);
        if shared.measured(sent) {
            report.latencies_us.push(now_us.saturating_sub(sent).min(u64::from(u32::MAX)) as u32);
        }
    }
    send_sync(ws, me, server, state, report).await?;
    if !state.synced {
        let mut theirs = state.sync.their_heads.clone().unwrap_or_default();
        theirs.sort();
        let mut ours = state.doc.get_heads();
        ours.sort();
        state.synced = state.sync.their_heads.is_some() && theirs == ours;
    }
    Ok(())
}

/// Automerge's storage chunks start with these bytes.
const CHUNK_MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
/// A chunk's type byte for a whole document (the others are single changes).
const DOCUMENT_CHUNK: u8 = 0;

/// Splits the bytes of one sync-message entry into its change chunks (magic, 4-byte checksum,
/// type byte, LEB128 length, data). `None` when the entry holds a whole document or does not
/// have that shape: the caller then asks the document what arrived instead. Without this a v2
/// message bringing several changes in one entry was read as its first change only (automerge's
/// `Change::try_from` refuses the leftover bytes), and a change queued by automerge for a missing
/// dependency went uncounted when the dependency arrived.
fn split_chunks(mut bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut chunks = Vec::new();
    while !bytes.is_empty() {
        let (magic, rest) = bytes.split_first_chunk::<4>()?;
        let (_checksum, rest) = rest.split_first_chunk::<4>()?;
        let (&kind, mut rest) = rest.split_first()?;
        if *magic != CHUNK_MAGIC || kind == DOCUMENT_CHUNK {
            return None;
        }
        let len = usize::try_from(leb128::read::unsigned(&mut rest).ok()?).ok()?;
        // Header (magic, checksum, type, length) plus data; a length past the end is damage.
        let end = (bytes.len() - rest.len()).checked_add(len).filter(|&end| end <= bytes.len())?;
        let (chunk, after) = bytes.split_at(end);
        chunks.push(chunk);
        bytes = after;
    }
    Some(chunks)
}

/// Sends our next sync message for a document, if automerge has one.
async fn send_sync(
    ws: &mut Ws,
    me: &str,
    server: &str,
    state: &mut DocState,
    report: &mut ClientReport,
) -> Result<(), String> {
    if let Some(message) = state.doc.generate_sync_message(&mut state.sync) {
        if tracing_messages() {
            eprintln!("{me} -> sync {} heads {} changes {}", state.id, message.heads.len(), message.changes.len());
        }
        let bytes = sync_message(me, server, &state.id, &message.encode());
        ws.send(Message::Binary(bytes.into())).await.map_err(|e| format!("send: {e}"))?;
        report.messages_out += 1;
    }
    Ok(())
}

/// `{type: "join", senderId, supportedProtocolVersions: ["1"], peerMetadata: {isEphemeral: true}}`
/// (the load generator keeps no storage).
pub fn join_message(me: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = minicbor::Encoder::new(&mut out);
    // Writing into a Vec cannot fail.
    let _ = e
        .map(4)
        .and_then(|e| e.str("type")?.str("join"))
        .and_then(|e| e.str("senderId")?.str(me))
        .and_then(|e| e.str("supportedProtocolVersions")?.array(1)?.str("1"))
        .and_then(|e| e.str("peerMetadata")?.map(1)?.str("isEphemeral")?.bool(true));
    out
}

/// `{type: "sync", senderId, targetId, documentId, data}`.
pub fn sync_message(me: &str, server: &str, doc: &DocumentId, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = minicbor::Encoder::new(&mut out);
    let _ = e
        .map(5)
        .and_then(|e| e.str("type")?.str("sync"))
        .and_then(|e| e.str("senderId")?.str(me))
        .and_then(|e| e.str("targetId")?.str(server))
        .and_then(|e| e.str("documentId")?.str(&doc.to_string()))
        .and_then(|e| e.str("data")?.bytes(data));
    out
}

/// All clients' reports together.
#[derive(Debug, Default)]
pub struct Outcome {
    pub latencies_us: Vec<u32>,
    pub errors: Vec<String>,
    /// Deliveries owed and missing: (document, author, receiver, made, seen).
    pub missing: Vec<(usize, usize, usize, u64, u64)>,
    pub owed: u64,
    pub messages_in: u64,
    pub messages_out: u64,
    /// Changes received but still waiting for a dependency at the end, over all clients.
    pub waiting: u64,
}

/// Merges the reports and checks that every edit reached every other member of its document.
pub fn outcome(reports: Vec<ClientReport>, membership: &[Vec<usize>]) -> Outcome {
    let mut out = Outcome::default();
    let made: HashMap<(usize, usize), u64> =
        reports.iter().flat_map(|r| r.made.iter().map(move |(&doc, &n)| ((doc, r.index), n))).collect();
    for r in &reports {
        for &doc in &membership[r.index] {
            for (author, docs) in membership.iter().enumerate() {
                if author == r.index || !docs.contains(&doc) {
                    continue;
                }
                let owed = made.get(&(doc, author)).copied().unwrap_or(0);
                let seen = r.seen.get(&(doc, author)).copied().unwrap_or(0);
                out.owed += owed;
                if seen != owed {
                    out.missing.push((doc, author, r.index, owed, seen));
                }
            }
        }
    }
    for r in reports {
        out.latencies_us.extend(r.latencies_us);
        out.errors.extend(r.error);
        out.messages_in += r.messages_in;
        out.messages_out += r.messages_out;
        out.waiting += r.waiting;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split_chunks;
    use automerge::transaction::Transactable;
    use automerge::{Automerge, ROOT};

    /// Three changes, each one the child of the one before.
    fn three_changes() -> Vec<automerge::Change> {
        let mut doc = Automerge::new();
        for i in 0..3 {
            let mut tx = doc.transaction();
            // A long value makes automerge compress one of the chunks.
            let value = if i == 1 { "x".repeat(2_000) } else { format!("value {i}") };
            tx.put(ROOT, "k", value).unwrap();
            tx.commit();
        }
        doc.get_changes(&[])
    }

    #[test]
    fn several_changes_in_one_entry_are_each_found() {
        let mut changes = three_changes();
        let mut joined = Vec::new();
        for c in &mut changes {
            joined.extend_from_slice(&c.bytes());
        }
        let chunks = split_chunks(&joined).expect("three change chunks");
        let hashes: Vec<_> = chunks.iter().map(|c| automerge::Change::try_from(*c).expect("a change").hash()).collect();
        assert_eq!(hashes, changes.iter().map(|c| c.hash()).collect::<Vec<_>>());
        // One change alone is one chunk.
        assert_eq!(split_chunks(&changes[0].bytes()).map(|c| c.len()), Some(1));
    }

    #[test]
    fn a_document_or_damaged_entry_is_left_to_the_caller() {
        let mut changes = three_changes();
        let mut doc = Automerge::new();
        doc.apply_changes(changes.clone()).unwrap();
        assert_eq!(split_chunks(&doc.save()), None, "a whole document");
        let bytes = changes[0].bytes().to_vec();
        assert_eq!(split_chunks(&bytes[..bytes.len() - 1]), None, "a cut-off chunk");
        assert_eq!(split_chunks(&bytes[..6]), None, "a cut-off header");
        let mut wrong = bytes.clone();
        wrong[0] ^= 0xff;
        assert_eq!(split_chunks(&wrong), None, "not a chunk");
        // A length field claiming nearly 2^64 bytes.
        let mut huge = bytes[..9].to_vec();
        huge.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        assert_eq!(split_chunks(&huge), None, "a length past the end");
        assert_eq!(split_chunks(&[]), Some(vec![]), "nothing");
    }
}
