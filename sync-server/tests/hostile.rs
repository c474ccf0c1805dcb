//! The adversarial suite: hostile bytes, frames and behaviour thrown at a live sync server, one
//! connection at a time, from a table of cases. Each hostile connection must be closed with a
//! close code and a reason, be counted in `/metrics` under its label, and change no stored
//! document; after every case the server is healthy, a long-lived valid member (a samod peer
//! connected the whole time) still edits the project through it, and a long-lived reader still
//! receives each edit. At the end the stored project holds exactly the valid member's edits.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::*;
use futures::{SinkExt, StreamExt};
use samod::{ConnectionId, DocHandle, DocumentId};
use sha2::{Digest, Sha256};
use tandem_sync_server::Limits;
use tandem_sync_server::wire::{self, MsgType};
use tokio_tungstenite::MaybeTlsStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};

/// Small limits, so that oversize, floods and a silent handshake are cheap to provoke. Pings stay
/// at the default (30 s) here: a raw client answers a ping only when it reads, and the idle case
/// has its own server.
fn hostile_limits() -> Limits {
    Limits {
        max_frame_bytes: 64 * 1024,
        max_message_bytes: 128 * 1024,
        messages_per_second: 50,
        message_burst: 100,
        handshake_timeout: Duration::from_millis(500),
        ..Limits::default()
    }
}

/// Whose token the hostile connection uses.
#[derive(Debug, Clone, Copy)]
enum Who {
    /// A member with a write grant on the project.
    Member,
    /// A viewer of the project.
    Viewer,
    /// The valid member's own token (as if it had leaked).
    ValidMember,
}

/// How far the hostile connection gets before its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The WebSocket upgrade only.
    Upgraded,
    /// The handshake done (join → peer).
    Joined,
}

#[derive(Debug)]
enum Input {
    /// These WebSocket messages, as fast as the socket takes them.
    Send(Vec<Message>),
    /// Bytes written straight to the TCP socket, past the client's own framing.
    Raw(Vec<u8>),
    /// This message again and again, each as soon as the server has answered the last one (so
    /// the server has read everything when it closes; see `flood`).
    Flood(Message),
    /// Nothing at all: the server must give up on the handshake.
    Nothing,
    /// A join, then never read at the WebSocket level (so no ping is ever answered).
    Silent,
}

#[derive(Debug)]
enum Outcome {
    /// The server closes the connection with `code`, a reason containing `reason`, and counts it
    /// under `label`.
    Closed { code: u16, label: &'static str, reason: &'static str },
    /// The gate lets it through (the sender may write) and samod discards it: the connection stays
    /// open, the server answers with a sync message, and nothing is rejected or stored.
    Discarded,
}

#[derive(Debug)]
struct Case {
    name: &'static str,
    who: Who,
    /// The peer id the hostile connection joins with.
    peer: String,
    stage: Stage,
    input: Input,
    outcome: Outcome,
}

const fn closed(code: u16, label: &'static str, reason: &'static str) -> Outcome {
    Outcome::Closed { code, label, reason }
}

/// A member's case: its peer id is its name.
fn case(name: &'static str, stage: Stage, input: Input, outcome: Outcome) -> Case {
    Case { name, who: Who::Member, peer: name.to_owned(), stage, input, outcome }
}

fn bin(bytes: Vec<u8>) -> Input {
    Input::Send(vec![Message::Binary(bytes.into())])
}

/// A raw WebSocket frame (the client masks it when sending).
fn frame(opcode: OpCode, payload: Vec<u8>, is_final: bool) -> Message {
    Message::Frame(Frame::message(payload, opcode, is_final))
}

/// The ids a case's bytes refer to.
struct Ids {
    doc: DocumentId,
    server_peer: String,
    valid_peer: String,
}

/// An empty sync message (the `data` of a well-formed request).
fn empty_sync_data() -> Vec<u8> {
    automerge::sync::Message {
        heads: Vec::new(),
        need: Vec::new(),
        have: Vec::new(),
        changes: Vec::<Vec<u8>>::new().into(),
        flags: None,
        version: automerge::sync::MessageVersion::V1,
    }
    .encode()
}

/// `bytes` (a CBOR map with fewer than 23 fields) with one more field `key` whose value is the
/// CBOR item `value`.
fn with_field(mut bytes: Vec<u8>, key: &str, value: &[u8]) -> Vec<u8> {
    assert!((0xa0..0xb7).contains(&bytes[0]), "a small definite map");
    bytes[0] += 1;
    let key_len = u8::try_from(key.len()).expect("a short key");
    assert!(key_len < 24, "a short key");
    bytes.push(0x60 + key_len);
    bytes.extend_from_slice(key.as_bytes());
    bytes.extend_from_slice(value);
    bytes
}

/// Deterministic noise (xorshift), so a failure reproduces.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed.to_le_bytes()[0]
        })
        .collect()
}

fn leb128(mut n: usize, out: &mut Vec<u8>) {
    loop {
        let byte = u8::try_from(n & 0x7f).expect("seven bits");
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A real change chunk cut in half, with its length and checksum recomputed: the chunk header is
/// valid, so automerge parses into the change body before it fails.
fn truncated_change_with_valid_checksum() -> Vec<u8> {
    let change = foreign_change("hostile", "truncated change");
    // magic (4) | checksum (4) | chunk type (1) | LEB128 body length | body
    assert_eq!(change[..4], [0x85, 0x6f, 0x4a, 0x83], "an automerge chunk");
    let chunk_type = change[8];
    let (mut len, mut shift, mut at) = (0usize, 0, 9);
    loop {
        let byte = change[at];
        at += 1;
        len |= usize::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            break;
        }
    }
    let body = &change[at..];
    assert_eq!(body.len(), len, "one chunk");
    let cut = &body[..body.len() / 2];
    let mut header = vec![chunk_type];
    leb128(cut.len(), &mut header);
    let hash = Sha256::new().chain_update(&header).chain_update(cut).finalize();
    let mut out = change[..4].to_vec();
    out.extend_from_slice(&hash[..4]);
    out.extend_from_slice(&header);
    out.extend_from_slice(cut);
    out
}

/// The hostile inputs. Every change a hostile message carries sets a key starting `hostile`, so
/// the final check sees it if it ever got stored.
fn cases(ids: &Ids) -> Vec<Case> {
    use Stage::{Joined, Upgraded};
    let (doc, server, valid) = (&ids.doc, ids.server_peer.as_str(), ids.valid_peer.as_str());
    let request = |peer: &str| sync_message(peer, server, doc, "request", vec![]);
    let hostile = |peer: &str| foreign_change("hostile", peer);
    let doc_text = doc.to_string();
    let sync_data = empty_sync_data();
    // A document nobody has a grant for: requests for it are answered by the gate itself.
    let nobodys = DocumentId::try_from(vec![0xee; 16]).expect("id");

    let truncated_join = {
        let join = join_message("truncated-join");
        join[..join.len() / 2].to_vec()
    };
    let deep = {
        let mut value = vec![0x81; 50_000]; // [[[[...0...]]]] inside a 64 KiB frame
        value.push(0x00);
        with_field(request("deep-nesting"), "x", &value)
    };
    let mut trailing = request("trailing-bytes");
    trailing.push(0xf6);
    let duplicate_type = with_field(request("duplicate-type"), "type", &[0x64, b'j', b'o', b'i', b'n']);
    let fragment = || vec![0u8; 50 * 1024];
    let mut reserved_bits = Frame::message(request("reserved-bits"), OpCode::Data(Data::Binary), true);
    reserved_bits.header_mut().rsv1 = true;
    let long_peer = "x".repeat(1_000);
    // A binary frame announcing 1 GiB: FIN + binary, masked 64-bit length, the mask. The payload
    // never comes; the server must refuse on the header alone (and allocate nothing).
    let mut huge_frame_header = vec![0x82, 0x80 | 127];
    huge_frame_header.extend_from_slice(&(1u64 << 30).to_be_bytes());
    huge_frame_header.extend_from_slice(&[0x5a, 0xa5, 0x3c, 0xc3]);

    vec![
        case("f6-before-join", Upgraded, bin(vec![0xf6]), closed(1002, "malformed_cbor", "CBOR map")),
        case("f6-after-join", Joined, bin(vec![0xf6]), closed(1002, "malformed_cbor", "CBOR map")),
        case("truncated-join", Upgraded, bin(truncated_join), closed(1002, "malformed_cbor", "malformed CBOR")),
        case("array-not-map", Joined, bin(vec![0x83, 0x01, 0x02, 0x03]), closed(1002, "malformed_cbor", "CBOR map")),
        case("trailing-bytes", Joined, bin(trailing), closed(1002, "malformed_cbor", "after the end")),
        case("deep-nesting", Joined, bin(deep), closed(1002, "malformed_cbor", "nests deeper")),
        case(
            "unknown-type",
            Joined,
            bin(cbor(&[("type", F::S("takeover")), ("senderId", F::S("unknown-type")), ("targetId", F::S(server))])),
            closed(1002, "unknown_message_type", "unknown message type"),
        ),
        case(
            "bad-document-id",
            Joined,
            bin(cbor(&[
                ("type", F::S("sync")),
                ("senderId", F::S("bad-document-id")),
                ("targetId", F::S(server)),
                ("documentId", F::S("../../metadata.sqlite")),
                ("data", F::B(&sync_data)),
            ])),
            closed(1002, "invalid_document_id", "documentId"),
        ),
        case(
            "missing-document-id",
            Joined,
            bin(cbor(&[
                ("type", F::S("sync")),
                ("senderId", F::S("missing-document-id")),
                ("targetId", F::S(server)),
                ("data", F::B(&sync_data)),
            ])),
            closed(1002, "invalid_envelope", "documentId is missing"),
        ),
        case("duplicate-type", Joined, bin(duplicate_type), closed(1002, "invalid_envelope", "appears twice")),
        case(
            "text-frame",
            Joined,
            Input::Send(vec![Message::Text(r#"{"type":"sync"}"#.into())]),
            closed(1003, "text_frame", "text frames"),
        ),
        case(
            "request-before-join",
            Upgraded,
            bin(request("request-before-join")),
            closed(1002, "before_handshake", "must be a join"),
        ),
        case(
            "second-join",
            Joined,
            bin(join_message("second-join")),
            closed(1002, "unexpected_handshake", "after the handshake"),
        ),
        case(
            "spoofed-sender",
            Joined,
            bin(sync_message(valid, server, doc, "sync", vec![hostile("spoofed-sender")])),
            closed(1008, "sender_mismatch", "senderId"),
        ),
        case(
            "wrong-target",
            Joined,
            bin(sync_message("wrong-target", valid, doc, "sync", vec![hostile("wrong-target")])),
            closed(1008, "wrong_target", "targetId"),
        ),
        case(
            "garbage-sync-data",
            Joined,
            bin(cbor(&[
                ("type", F::S("sync")),
                ("senderId", F::S("garbage-sync-data")),
                ("targetId", F::S(server)),
                ("documentId", F::S(&doc_text)),
                ("data", F::B(b"\x00 this is not an automerge sync message")),
            ])),
            closed(1002, "invalid_sync_payload", "not an automerge sync message"),
        ),
        Case {
            who: Who::Viewer,
            ..case(
                "viewer-write",
                Joined,
                bin(sync_message("viewer-write", server, doc, "sync", vec![hostile("viewer-write")])),
                closed(1008, "viewer_write", "viewers may not send changes"),
            )
        },
        Case {
            peer: valid.to_owned(),
            ..case(
                "stolen-peer-id",
                Upgraded,
                bin(join_message(valid)),
                closed(1008, "peer_id_taken", "belongs to another token"),
            )
        },
        Case {
            who: Who::ValidMember,
            peer: valid.to_owned(),
            ..case(
                "second-connection-same-peer-id",
                Upgraded,
                bin(join_message(valid)),
                closed(1008, "peer_id_in_use", "already uses this peer id"),
            )
        },
        case("long-peer-id", Upgraded, bin(join_message(&long_peer)), closed(1002, "invalid_envelope", "too long")),
        case("oversized-frame", Joined, Input::Raw(huge_frame_header), closed(1009, "oversized", "too large")),
        case(
            "oversized-message-in-small-frames",
            Joined,
            Input::Send(vec![
                frame(OpCode::Data(Data::Binary), fragment(), false),
                frame(OpCode::Data(Data::Continue), fragment(), false),
                frame(OpCode::Data(Data::Continue), fragment(), true),
            ]),
            closed(1009, "oversized", "too large"),
        ),
        case(
            "reserved-bits",
            Joined,
            Input::Send(vec![Message::Frame(reserved_bits)]),
            closed(1002, "bad_frame", "invalid WebSocket frame"),
        ),
        case(
            "orphan-continuation",
            Joined,
            Input::Send(vec![frame(OpCode::Data(Data::Continue), request("orphan-continuation"), true)]),
            closed(1002, "bad_frame", "invalid WebSocket frame"),
        ),
        case(
            "message-flood",
            Joined,
            Input::Flood(Message::Binary(sync_message("message-flood", server, &nobodys, "request", vec![]).into())),
            closed(1008, "rate_limited", "slow down"),
        ),
        case(
            "ping-flood",
            Joined,
            Input::Flood(Message::Ping(Vec::new().into())),
            closed(1008, "rate_limited", "slow down"),
        ),
        case("silent-socket", Upgraded, Input::Nothing, closed(1008, "handshake_timeout", "handshake timeout")),
        case(
            "garbage-change-bytes",
            Joined,
            bin(sync_message("garbage-change-bytes", server, doc, "sync", vec![noise(256, 0x7a6e_6465_6d21)])),
            Outcome::Discarded,
        ),
        case(
            "truncated-change-valid-checksum",
            Joined,
            bin(sync_message(
                "truncated-change-valid-checksum",
                server,
                doc,
                "sync",
                vec![truncated_change_with_valid_checksum()],
            )),
            Outcome::Discarded,
        ),
    ]
}

/// A server, a project on it, a valid member editing it through samod the whole time and a viewer
/// reading along.
struct Arena {
    server: TestServer,
    valid: Peer,
    doc: DocHandle,
    conn: ConnectionId,
    reader: Peer,
    readers_doc: DocHandle,
    ids: Ids,
    valid_token: String,
    member: String,
    viewer: String,
    /// What the stored project must hold: the valid member's edits and nothing else.
    expected: BTreeMap<String, String>,
}

impl Arena {
    async fn start(limits: Limits) -> Arena {
        let server = TestServer::start_with(limits).await;
        let mut valid = Peer::new().await;
        let doc = valid.create("title", "plan").await;
        let doc_id = doc.document_id().clone();
        server.register(&doc_id).await;
        let (valid_token, _) = server.member(&doc_id, "member", "Val").await;
        let conn = valid.connect(server.ws_url(&valid_token)).await.expect("the valid peer connects");
        pushed(&doc, conn).await;
        let (member, _) = server.member(&doc_id, "member", "Mallory").await;
        let (viewer, _) = server.member(&doc_id, "viewer", "Vic").await;
        let (reader_token, _) = server.member(&doc_id, "viewer", "Rita").await;
        let mut reader = Peer::new().await;
        reader.connect(server.ws_url(&reader_token)).await.expect("the reader connects");
        let readers_doc = reader.find(&doc_id).await.expect("the reader finds the project");
        let ids = Ids {
            doc: doc_id,
            server_peer: server.state.peer_id().to_owned(),
            valid_peer: valid.repo.peer_id().to_string(),
        };
        let expected = BTreeMap::from([("title".to_owned(), "plan".to_owned())]);
        Arena { server, valid, doc, conn, reader, readers_doc, ids, valid_token, member, viewer, expected }
    }

    async fn stored(&self) -> (Vec<automerge::ChangeHash>, String) {
        self.server.server_doc(&self.ids.doc).await.expect("the project is stored")
    }

    fn expected_text(&self) -> String {
        self.expected.iter().map(|(k, v)| format!("{k}={v:?}")).collect::<Vec<_>>().join(",")
    }

    /// The server still serves everyone else: it is healthy, and the valid member's edit reaches
    /// the stored project and the reader, both over their original connections.
    async fn still_serves(&mut self, after: &str) {
        assert!(self.server.healthy().await, "after {after}: /healthz failing");
        let key = format!("ok-{after}");
        put(&self.doc, &key, "valid");
        self.expected.insert(key.clone(), "valid".to_owned());
        pushed(&self.doc, self.conn).await;
        assert_eq!(self.stored().await.1, self.expected_text(), "after {after}: the valid edit is stored");
        wait_for(&self.readers_doc, &key, "valid").await;
    }

    /// Throws one case at the server and checks its outcome.
    async fn throw(&mut self, case: Case) {
        let name = case.name;
        let server = &self.server;
        let before = self.stored().await;
        let metrics_before = server.metrics().await;
        let token = match case.who {
            Who::Member => &self.member,
            Who::Viewer => &self.viewer,
            Who::ValidMember => &self.valid_token,
        };
        let mut raw = match case.stage {
            Stage::Upgraded => RawPeer::open(server, token, &case.peer).await.expect("upgrade accepted"),
            Stage::Joined => RawPeer::joined(server, token, &case.peer).await,
        };
        match case.outcome {
            Outcome::Closed { code, label, reason } => {
                let close = match case.input {
                    Input::Send(messages) => {
                        for message in messages {
                            raw.send_raw(message).await;
                        }
                        raw.closed().await
                    }
                    Input::Raw(bytes) => {
                        write_raw(&mut raw, &bytes).await;
                        raw.closed().await
                    }
                    Input::Flood(message) => flood(&mut raw, message).await,
                    Input::Nothing => raw.closed().await,
                    Input::Silent => {
                        assert_eq!(case.stage, Stage::Upgraded, "{name}: a silent case joins by itself");
                        never_answered(&mut raw).await
                    }
                };
                let (got_code, got_reason) = close.unwrap_or_else(|| panic!("{name}: no close frame"));
                assert_eq!(got_code, code, "{name}: close code (reason {got_reason:?})");
                assert!(got_reason.contains(reason), "{name}: close reason {got_reason:?} lacks {reason:?}");
                let counted = rejections(&server.metrics().await, label);
                assert_eq!(counted, rejections(&metrics_before, label) + 1, "{name}: counted under {label}");
            }
            Outcome::Discarded => {
                let Input::Send(messages) = case.input else { panic!("{name}: a discarded case sends") };
                // The server offers a project only to a peer that has sent a message about it
                // (samod-core change 4, vendor/samod-core/TANDEM-PATCH.md), so the first sync
                // message is samod's answer to ours (it answers only after applying it).
                for message in messages {
                    raw.send_raw(message).await;
                }
                next_sync(&mut raw, &self.ids.doc, name).await;
                let _ = raw.ws.close(None).await;
                until_eof(&mut raw).await;
                let metrics = server.metrics().await;
                assert_eq!(all_rejections(&metrics), all_rejections(&metrics_before), "{name}: nothing rejected");
            }
        }
        assert_eq!(self.stored().await, before, "{name}: the stored project is unchanged");
        self.still_serves(name).await;
    }

    /// The stored project is exactly the valid member's edits, the same as the member's and the
    /// reader's copies.
    async fn finish(self) {
        let (heads, text) = self.stored().await;
        assert_eq!(text, self.expected_text(), "the stored project holds the valid edits only");
        assert!(!text.contains("hostile"), "{text}");
        assert_eq!(heads, self.doc.with_document(|d| d.get_heads()), "the server and the valid member agree");
        assert_eq!(heads, self.readers_doc.with_document(|d| d.get_heads()), "the reader has it all");
        self.valid.stop().await;
        self.reader.stop().await;
        self.server.stop().await;
    }
}

/// `tandem_sync_rejections_total{reason="<label>"}` (0 when the label has never been counted).
fn rejections(metrics: &str, label: &str) -> u64 {
    let prefix = format!("tandem_sync_rejections_total{{reason=\"{label}\"}} ");
    metrics.lines().find_map(|line| line.strip_prefix(&prefix)).map_or(0, |n| n.trim().parse().expect("a count"))
}

/// All rejections, whatever the reason.
fn all_rejections(metrics: &str) -> u64 {
    metrics
        .lines()
        .filter(|line| line.starts_with("tandem_sync_rejections_total{"))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

/// Writes bytes straight to the connection's TCP socket.
async fn write_raw(raw: &mut RawPeer, bytes: &[u8]) {
    let MaybeTlsStream::Plain(tcp) = raw.ws.get_mut() else { panic!("a plain TCP socket") };
    let mut written = 0;
    while written < bytes.len() {
        tcp.writable().await.expect("writable");
        match tcp.try_write(&bytes[written..]) {
            Ok(n) => written += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("writing to the server: {e}"),
        }
    }
}

/// Sends `message` over and over, each once the server has answered the previous one (a reply or
/// a pong), until the server closes; returns the close frame. Waiting for each answer keeps the
/// flood well above the sustained rate (an answer takes far less than 1/rate) while leaving no
/// unread bytes at the server when it closes: a socket closed with unread input sends a TCP
/// reset, which can destroy the close frame before the client reads it.
async fn flood(raw: &mut RawPeer, message: Message) -> Option<(u16, String)> {
    let flood = async {
        for _ in 0..10_000 {
            if raw.ws.send(message.clone()).await.is_err() {
                break;
            }
            loop {
                match raw.ws.next().await {
                    Some(Ok(Message::Binary(_) | Message::Pong(_))) => break,
                    Some(Ok(Message::Close(frame))) => return frame.map(|f| (u16::from(f.code), f.reason.to_string())),
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => return None,
                }
            }
        }
        panic!("the server never limited the flood")
    };
    tokio::time::timeout(WAIT, flood).await.expect("the flood ends")
}

/// Reads until the server sends a sync message for `doc`.
async fn next_sync(raw: &mut RawPeer, doc: &DocumentId, name: &str) {
    loop {
        match raw.recv().await {
            Heard::Binary(bytes) => {
                let env = wire::decode(&bytes).expect("the server's message decodes");
                if env.kind == MsgType::Sync && env.document_id.as_ref() == Some(doc) {
                    return;
                }
            }
            Heard::Closed(close) => panic!("{name}: the server closed the connection: {close:?}"),
        }
    }
}

/// Reads until the connection ends.
async fn until_eof(raw: &mut RawPeer) {
    let end = async { while let Some(Ok(_)) = raw.ws.next().await {} };
    tokio::time::timeout(WAIT, end).await.expect("the connection ends");
}

/// Joins, then never reads at the WebSocket level, so no ping is answered: the bytes are read
/// straight off the TCP socket until the server hangs up. Returns the close frame; asserts the
/// handshake succeeded and the server pinged first.
async fn never_answered(raw: &mut RawPeer) -> Option<(u16, String)> {
    raw.send(join_message(&raw.peer_id.clone())).await;
    let MaybeTlsStream::Plain(tcp) = raw.ws.get_mut() else { panic!("a plain TCP socket") };
    let mut bytes = Vec::new();
    let read_all = async {
        let mut buf = [0u8; 4096];
        loop {
            tcp.readable().await.expect("readable");
            match tcp.try_read(&mut buf) {
                Ok(0) => return,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => return,
            }
        }
    };
    tokio::time::timeout(WAIT, read_all).await.expect("the server hangs up");
    let frames = server_frames(&bytes);
    let binary = frames.iter().find(|(op, _)| *op == 0x2).expect("the server's peer message");
    assert_eq!(wire::decode(&binary.1).expect("decodes").kind, MsgType::Peer);
    assert!(frames.iter().any(|(op, _)| *op == 0x9), "the server pinged before giving up");
    let (_, close) = frames.iter().find(|(op, _)| *op == 0x8)?;
    let code = u16::from_be_bytes([*close.first()?, *close.get(1)?]);
    Some((code, String::from_utf8_lossy(&close[2..]).into_owned()))
}

/// Splits what a server sent (unmasked, unfragmented frames) into (opcode, payload).
fn server_frames(mut bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut frames = Vec::new();
    while let [first, second, rest @ ..] = bytes {
        assert_eq!(second & 0x80, 0, "server frames are not masked");
        let (len, rest) = match second & 0x7f {
            126 => {
                let Some((len, rest)) = rest.split_first_chunk::<2>() else { break };
                (usize::from(u16::from_be_bytes(*len)), rest)
            }
            127 => {
                let Some((len, rest)) = rest.split_first_chunk::<8>() else { break };
                (usize::try_from(u64::from_be_bytes(*len)).expect("fits"), rest)
            }
            n => (usize::from(n), rest),
        };
        let Some(payload) = rest.get(..len) else { break };
        frames.push((first & 0x0f, payload.to_vec()));
        bytes = &rest[len..];
    }
    frames
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_closes_only_that_connection_and_changes_nothing() {
    let mut arena = Arena::start(hostile_limits()).await;
    let cases = cases(&arena.ids);
    assert!(cases.len() >= 12, "the suite has at least twelve hostile inputs");
    for case in cases {
        arena.throw(case).await;
    }
    arena.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peer_that_never_answers_pings_is_closed_as_idle() {
    let limits =
        Limits { idle_timeout: Duration::from_secs(1), ping_interval: Duration::from_millis(200), ..hostile_limits() };
    let mut arena = Arena::start(limits).await;
    let silent =
        case("never-answers-pings", Stage::Upgraded, Input::Silent, closed(1001, "idle_timeout", "nothing heard"));
    arena.throw(silent).await;
    arena.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_limit_get_503_and_the_others_keep_working() {
    let server = TestServer::start_with(Limits { max_connections: 2, ..Limits::default() }).await;
    let token = server.stranger().await;
    // The handshakes complete, so both are in the connection registry.
    let _first = RawPeer::joined(&server, &token, "first").await;
    let mut second = RawPeer::joined(&server, &token, "second").await;
    assert_eq!(RawPeer::open(&server, &token, "third").await.err(), Some(503));
    let metrics = server.metrics().await;
    assert!(metrics.contains(r#"tandem_sync_connections_refused_total{reason="too_many_connections"} 1"#), "{metrics}");
    assert!(server.healthy().await);

    // The open connections are still served: a request is answered.
    let nobodys = DocumentId::try_from(vec![0xee; 16]).expect("id");
    second.send(sync_message("second", &second.server_peer.clone(), &nobodys, "request", vec![])).await;
    let Heard::Binary(reply) = second.recv().await else { panic!("the second connection was closed") };
    assert_eq!(wire::decode(&reply).expect("decodes").kind, MsgType::DocUnavailable);

    // One leaves; its place is free again.
    let _ = second.ws.close(None).await;
    until_eof(&mut second).await;
    let _third = RawPeer::joined(&server, &token, "third").await;
    server.stop().await;
}
