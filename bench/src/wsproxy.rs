//! A counting TCP proxy on loopback, put between the members and the sync server so that a
//! workload can see every protocol message of every connection. It forwards bytes unchanged and
//! reads the stream beside them: on a connection upgraded to WebSocket it parses the frames each
//! way, decodes each binary message's automerge-repo envelope (type, document) with the server's
//! own decoder, and for `sync`/`request` messages the automerge sync message inside (how many
//! changes it carries, and their bytes). Plain HTTP requests (register, invite, join) pass through
//! uncounted except as connection bytes.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tandem_sync_server::wire;

/// Which way a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dir {
    /// Member → server.
    Up,
    /// Server → member.
    Down,
}

/// One WebSocket message seen by the proxy.
#[derive(Debug, Clone)]
pub struct Message {
    pub at: Instant,
    /// The proxy's number for the TCP connection (in order of acceptance).
    pub conn: usize,
    pub dir: Dir,
    /// The envelope's type (`sync`, `join`, `peer`, …), `ping`/`pong`/`close` for control frames,
    /// or `undecodable` (with the reason in `error`).
    pub kind: String,
    pub document: Option<String>,
    /// The sender id of the envelope (a `join` names the member's peer id).
    pub sender: Option<String>,
    /// Bytes on the wire: frame headers and payload.
    pub wire_bytes: usize,
    /// Change chunks carried by an automerge sync message (one per change in the v1 format,
    /// one compressed chunk for all of them in v2), and their bytes.
    pub changes: usize,
    pub change_bytes: usize,
    /// Bytes of the bloom filters in the sync message's `have` (what the sender already has).
    pub bloom_bytes: usize,
    /// The sender's heads as stated in a sync message.
    pub heads: Vec<automerge::ChangeHash>,
    pub error: Option<String>,
}

/// Bytes of one TCP connection, each way (HTTP, WebSocket framing and payload).
#[derive(Debug, Clone, Copy, Default)]
pub struct ConnBytes {
    pub up: u64,
    pub down: u64,
    /// Whether the connection became a WebSocket.
    pub websocket: bool,
}

#[derive(Debug, Default)]
struct Log {
    messages: Vec<Message>,
    conns: Vec<ConnBytes>,
}

/// The proxy; stops when dropped.
#[derive(Debug)]
pub struct Proxy {
    addr: SocketAddr,
    log: Arc<Mutex<Log>>,
    stop: Arc<AtomicBool>,
    accept: Option<std::thread::JoinHandle<()>>,
}

fn lock(log: &Mutex<Log>) -> MutexGuard<'_, Log> {
    log.lock().unwrap_or_else(|e| e.into_inner())
}

impl Proxy {
    /// Listens on 127.0.0.1:0 and forwards every connection to `server`.
    pub fn start(server: SocketAddr) -> Result<Proxy, String> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("the proxy cannot listen: {e}"))?;
        let addr = listener.local_addr().map_err(|e| format!("the proxy has no address: {e}"))?;
        let log = Arc::new(Mutex::new(Log::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log2, stop2) = (log.clone(), stop.clone());
        let next = Arc::new(AtomicUsize::new(0));
        let accept = std::thread::Builder::new()
            .name("bench-proxy".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if stop2.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(client) = conn else { continue };
                    let Ok(upstream) = TcpStream::connect(server) else {
                        let _ = client.shutdown(Shutdown::Both);
                        continue;
                    };
                    let id = next.fetch_add(1, Ordering::SeqCst);
                    lock(&log2).conns.push(ConnBytes::default());
                    let _ = client.set_nodelay(true);
                    let _ = upstream.set_nodelay(true);
                    let pipes = client.try_clone().and_then(|c| Ok((c, upstream.try_clone()?)));
                    let Ok((client2, upstream2)) = pipes else { continue };
                    let l = log2.clone();
                    std::thread::spawn(move || pipe(client, upstream, id, Dir::Up, &l));
                    let l = log2.clone();
                    std::thread::spawn(move || pipe(upstream2, client2, id, Dir::Down, &l));
                }
            })
            .map_err(|e| format!("cannot start the proxy thread: {e}"))?;
        Ok(Proxy { addr, log, stop, accept: Some(accept) })
    }

    /// The address members use instead of the server's (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many messages have been seen so far (a mark for [`Proxy::messages_since`]).
    pub fn mark(&self) -> (usize, usize) {
        let log = lock(&self.log);
        (log.messages.len(), log.conns.len())
    }

    /// Messages seen since `mark`, in the order they were seen.
    pub fn messages_since(&self, mark: (usize, usize)) -> Vec<Message> {
        lock(&self.log).messages.get(mark.0..).map(<[Message]>::to_vec).unwrap_or_default()
    }

    /// Byte counts of the connections accepted since `mark`, by connection number.
    pub fn conns_since(&self, mark: (usize, usize)) -> Vec<(usize, ConnBytes)> {
        let log = lock(&self.log);
        log.conns.iter().copied().enumerate().skip(mark.1).collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

/// Copies `from` to `to` until either side closes, feeding a parser on the way.
fn pipe(mut from: TcpStream, mut to: TcpStream, conn: usize, dir: Dir, log: &Mutex<Log>) {
    let mut parser = Parser { conn, dir, phase: Phase::Http, buf: Vec::new(), partial: None };
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if to.write_all(&chunk[..n]).is_err() {
            break;
        }
        let at = Instant::now();
        let found = parser.feed(&chunk[..n], at);
        let mut log = lock(log);
        if let Some(c) = log.conns.get_mut(conn) {
            match dir {
                Dir::Up => c.up += n as u64,
                Dir::Down => c.down += n as u64,
            }
            c.websocket |= parser.phase == Phase::WebSocket;
        }
        log.messages.extend(found);
    }
    let _ = to.shutdown(Shutdown::Write);
    let _ = from.shutdown(Shutdown::Read);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Reading the request (up) or response (down) head.
    Http,
    WebSocket,
    /// A plain HTTP exchange, or a stream the parser lost track of: bytes only.
    Opaque,
}

/// One WebSocket frame, its payload unmasked.
#[derive(Debug)]
struct Frame {
    fin: bool,
    /// Set by permessage-deflate on a compressed message.
    rsv1: bool,
    opcode: u8,
    payload: Vec<u8>,
}

/// Reads one direction of a connection: the HTTP head, then WebSocket frames.
#[derive(Debug)]
struct Parser {
    conn: usize,
    dir: Dir,
    phase: Phase,
    buf: Vec<u8>,
    /// A fragmented message being reassembled: its opcode, payload and wire bytes so far.
    partial: Option<(u8, Vec<u8>, usize)>,
}

impl Parser {
    fn feed(&mut self, bytes: &[u8], at: Instant) -> Vec<Message> {
        if self.phase == Phase::Opaque {
            return Vec::new();
        }
        self.buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        if self.phase == Phase::Http {
            let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") else { return out };
            let head = String::from_utf8_lossy(&self.buf[..end]).to_ascii_lowercase();
            let websocket = match self.dir {
                Dir::Up => head.contains("upgrade: websocket"),
                Dir::Down => head.lines().next().is_some_and(|l| l.contains(" 101 ")),
            };
            self.buf.drain(..end + 4);
            if !websocket {
                self.phase = Phase::Opaque;
                self.buf = Vec::new();
                return out;
            }
            self.phase = Phase::WebSocket;
        }
        while let Some((frame, used)) = self.next_frame() {
            self.buf.drain(..used);
            if let Some(m) = self.message(frame, used, at) {
                out.push(m);
            }
            if self.phase == Phase::Opaque {
                break;
            }
        }
        out
    }

    /// The next complete frame in the buffer, and the bytes it used.
    fn next_frame(&self) -> Option<(Frame, usize)> {
        let b = &self.buf;
        if b.len() < 2 {
            return None;
        }
        let (fin, rsv1, opcode) = (b[0] & 0x80 != 0, b[0] & 0x40 != 0, b[0] & 0x0f);
        let masked = b[1] & 0x80 != 0;
        let (len, mut at) = match b[1] & 0x7f {
            126 => (u16::from_be_bytes(b.get(2..4)?.try_into().ok()?) as usize, 4),
            127 => (usize::try_from(u64::from_be_bytes(b.get(2..10)?.try_into().ok()?)).ok()?, 10),
            n => (n as usize, 2),
        };
        let mask: Option<[u8; 4]> = if masked {
            let m = b.get(at..at + 4)?.try_into().ok()?;
            at += 4;
            Some(m)
        } else {
            None
        };
        let mut payload = b.get(at..at.checked_add(len)?)?.to_vec();
        if let Some(m) = mask {
            payload.iter_mut().enumerate().for_each(|(i, x)| *x ^= m[i % 4]);
        }
        Some((Frame { fin, rsv1, opcode, payload }, at + len))
    }

    fn message(&mut self, Frame { fin, rsv1, opcode, payload }: Frame, wire: usize, at: Instant) -> Option<Message> {
        let mut m = Message {
            at,
            conn: self.conn,
            dir: self.dir,
            kind: String::new(),
            document: None,
            sender: None,
            wire_bytes: wire,
            changes: 0,
            change_bytes: 0,
            bloom_bytes: 0,
            heads: Vec::new(),
            error: None,
        };
        let (opcode, payload) = match (opcode, self.partial.take()) {
            (0, Some((first, mut data, bytes))) => {
                data.extend_from_slice(&payload);
                m.wire_bytes += bytes;
                if !fin {
                    self.partial = Some((first, data, m.wire_bytes));
                    return None;
                }
                (first, data)
            }
            (op @ (1 | 2), _) if !fin => {
                self.partial = Some((op, payload, wire));
                return None;
            }
            (op, _) => (op, payload),
        };
        m.kind = match opcode {
            8 => "close".into(),
            9 => "ping".into(),
            10 => "pong".into(),
            1 => "text".into(),
            2 if rsv1 => {
                m.error = Some("compressed frame (permessage-deflate): payload not readable".into());
                self.phase = Phase::Opaque;
                "undecodable".into()
            }
            2 => match wire::decode(&payload) {
                Ok(env) => {
                    m.document = env.document_id.map(|d| d.to_string());
                    m.sender = env.sender_id.clone();
                    if let Some(data) =
                        env.data.filter(|_| matches!(env.kind, wire::MsgType::Sync | wire::MsgType::Request))
                    {
                        match automerge::sync::Message::decode(data) {
                            Ok(sync) => {
                                m.changes = sync.changes.len();
                                m.change_bytes = sync.changes.iter().map(<[u8]>::len).sum();
                                m.bloom_bytes = sync.have.iter().map(|h| h.bloom.to_bytes().len()).sum();
                                m.heads = sync.heads;
                            }
                            Err(e) => m.error = Some(format!("sync message: {e}")),
                        }
                    }
                    kind_name(env.kind).into()
                }
                Err(e) => {
                    m.error = Some(e.to_string());
                    "undecodable".into()
                }
            },
            other => {
                m.error = Some(format!("opcode {other}"));
                self.phase = Phase::Opaque;
                "undecodable".into()
            }
        };
        Some(m)
    }
}

fn kind_name(kind: wire::MsgType) -> &'static str {
    use wire::MsgType::*;
    match kind {
        Join => "join",
        Peer => "peer",
        Leave => "leave",
        Request => "request",
        Sync => "sync",
        DocUnavailable => "doc-unavailable",
        Ephemeral => "ephemeral",
        Error => "error",
        RemoteSubscriptionChange => "remote-subscription-change",
        RemoteHeadsChanged => "remote-heads-changed",
    }
}
