//! Test harness: a real sync server on 127.0.0.1:0 in a temp dir, the HTTP API through reqwest,
//! samod peers dialing it, and a raw protocol client for hostile input.

#![allow(dead_code, clippy::print_stderr)]

use std::net::SocketAddr;
use std::time::Duration;

use automerge::{Automerge, ReadDoc, transaction::Transactable};
use futures::{SinkExt, StreamExt};
use samod::{BackoffConfig, ConnectionId, DocHandle, DocumentId, Repo};
use serde_json::{Value, json};
use tandem_sync_server::{AppState, Config, Limits, TokenKind};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// Generous bound for any single wait; a test that hits it has found a bug.
pub const WAIT: Duration = Duration::from_secs(20);

/// A sync server running in this process.
pub struct TestServer {
    pub addr: SocketAddr,
    pub state: AppState,
    /// An admin token (may register projects).
    pub admin: String,
    dir: Option<tempfile::TempDir>,
    limits: Limits,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    http: reqwest::Client,
}

impl TestServer {
    pub async fn start() -> TestServer {
        Self::start_with(Limits::default()).await
    }

    pub async fn start_with(limits: Limits) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::start_in(dir, limits, None).await
    }

    async fn start_in(dir: tempfile::TempDir, limits: Limits, admin: Option<String>) -> TestServer {
        let config = Config { data_dir: dir.path().to_path_buf(), limits: limits.clone() };
        let state = AppState::open(config).await.expect("server opens");
        let admin = match admin {
            Some(admin) => admin,
            None => state.db().create_token("admin", TokenKind::Admin).await.expect("token").1,
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let serve_state = state.clone();
        let task = tokio::spawn(async move {
            tandem_sync_server::serve(listener, serve_state, async {
                let _ = stopped.await;
            })
            .await
            .expect("server runs");
        });
        TestServer {
            addr,
            state,
            admin,
            dir: Some(dir),
            limits,
            stop: Some(stop),
            task: Some(task),
            http: reqwest::Client::new(),
        }
    }

    /// Graceful shutdown; returns the data directory.
    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(WAIT, task).await.expect("server stops in time").expect("server task");
        }
        self.dir.take().expect("dir")
    }

    /// Stops and starts again on the same data directory (a new port).
    pub async fn restart(self) -> TestServer {
        let limits = self.limits.clone();
        let admin = self.admin.clone();
        let dir = self.stop().await;
        Self::start_in(dir, limits, Some(admin)).await
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self.dir.as_ref().expect("dir").path()
    }

    pub fn ws_url(&self, token: &str) -> samod::Url {
        samod::Url::parse(&format!("ws://{}/sync?token={token}", self.addr)).expect("url")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Any API call: returns status and JSON body.
    pub async fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.http.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.expect("http request");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// Registers a project with the admin token (as its coordinator).
    pub async fn register(&self, doc: &DocumentId) {
        let (status, body) = self
            .call("POST", "/v1/projects", Some(&self.admin), Some(json!({"document_id": doc.to_string(), "name": "P"})))
            .await;
        assert_eq!(status, 201, "{body}");
    }

    pub async fn invite(&self, doc: &DocumentId, role: &str) -> String {
        let (status, body) = self
            .call("POST", &format!("/v1/projects/{doc}/invites"), Some(&self.admin), Some(json!({"role": role})))
            .await;
        assert_eq!(status, 201, "{body}");
        body["invite"].as_str().expect("invite").to_owned()
    }

    /// Invites and joins: returns (member token, member id).
    pub async fn member(&self, doc: &DocumentId, role: &str, name: &str) -> (String, i64) {
        let invite = self.invite(doc, role).await;
        let (status, body) = self.call("POST", "/v1/join", None, Some(json!({"invite": invite, "name": name}))).await;
        assert_eq!(status, 201, "{body}");
        (body["token"].as_str().expect("token").to_owned(), body["member_id"].as_i64().expect("member id"))
    }

    /// A token with no grant at all.
    pub async fn stranger(&self) -> String {
        self.state.db().create_token("stranger", TokenKind::Admin).await.expect("token").1
    }

    pub async fn healthy(&self) -> bool {
        self.call("GET", "/healthz", None, None).await.0 == 200
    }

    pub async fn metrics(&self) -> String {
        self.http.get(self.url("/metrics")).send().await.expect("metrics").text().await.expect("text")
    }

    /// The server's own copy of a document, as JSON-ish text of the root map (None if absent).
    pub async fn server_doc(&self, doc: &DocumentId) -> Option<(Vec<automerge::ChangeHash>, String)> {
        let handle = tokio::time::timeout(WAIT, self.state.repo().find(doc.clone())).await.ok()?.ok()??;
        Some(handle.with_document(|d| (d.get_heads(), root_text(d))))
    }
}

/// Root keys and scalar values of a document, sorted, as text (enough to compare in tests).
pub fn root_text(doc: &Automerge) -> String {
    let mut out = Vec::new();
    for key in doc.keys(automerge::ROOT) {
        let value = doc.get(automerge::ROOT, &key).ok().flatten().map(|(v, _)| v.to_string()).unwrap_or_default();
        out.push(format!("{key}={value}"));
    }
    out.join(",")
}

/// A samod client peer with in-memory storage.
pub struct Peer {
    pub repo: Repo,
    dialer: Option<samod::DialerHandle>,
}

impl Peer {
    pub async fn new() -> Peer {
        let repo = Repo::builder(tokio::runtime::Handle::current()).load().await;
        Peer { repo, dialer: None }
    }

    /// Dials the server; the connection id once the handshake completes. samod 0.12.3 can lose
    /// a dialer's very first attempt (it hands the dial to its IO loop before registering the
    /// dialer), so allow a few retries.
    pub async fn connect(&mut self, url: samod::Url) -> Result<ConnectionId, String> {
        let backoff = BackoffConfig {
            initial_delay: Duration::from_millis(50),
            max_delay: Duration::from_millis(50),
            max_retries: Some(3),
        };
        let dialer = self.repo.dial(backoff, tandem_client::net::WsDialer::new(url)).map_err(|e| format!("{e:?}"))?;
        let established = tokio::time::timeout(WAIT, dialer.established()).await.map_err(|_| "timed out".to_owned())?;
        established.map_err(|e| format!("{e:?}"))?;
        let conn = dialer.connection_id().ok_or("no connection id")?;
        self.dialer = Some(dialer);
        Ok(conn)
    }

    /// Creates a document with `key = value` at the root.
    pub async fn create(&self, key: &str, value: &str) -> DocHandle {
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        tx.put(automerge::ROOT, key, value).expect("put");
        tx.commit();
        self.repo.create(doc).await.expect("create")
    }

    /// Finds a document through the server (None: unavailable).
    pub async fn find(&self, doc: &DocumentId) -> Option<DocHandle> {
        tokio::time::timeout(WAIT, self.repo.find(doc.clone())).await.expect("find finishes").expect("repo running")
    }

    pub async fn stop(self) {
        self.repo.stop().await;
    }
}

/// A project made by the admin (its coordinator): created with `title`, registered, pushed.
/// Returns the coordinator's peer, the document and the server's copy as stored.
pub async fn coordinated_project(
    server: &TestServer,
    title: &str,
) -> (Peer, DocHandle, (Vec<automerge::ChangeHash>, String)) {
    let mut alice = Peer::new().await;
    let doc = alice.create("title", title).await;
    server.register(doc.document_id()).await;
    let conn = alice.connect(server.ws_url(&server.admin)).await.expect("the coordinator connects");
    pushed(&doc, conn).await;
    let stored = server.server_doc(doc.document_id()).await.expect("the server stored the project");
    (alice, doc, stored)
}

pub fn put(handle: &DocHandle, key: &str, value: &str) {
    handle.with_document(|d| {
        let mut tx = d.transaction();
        tx.put(automerge::ROOT, key, value).expect("put");
        tx.commit();
    });
}

pub fn get(handle: &DocHandle, key: &str) -> Option<String> {
    handle
        .with_document(|d| d.get(automerge::ROOT, key).ok().flatten().and_then(|(v, _)| v.to_str().map(str::to_owned)))
}

/// Waits until the server has every change of `handle` (over connection `conn`).
pub async fn pushed(handle: &DocHandle, conn: ConnectionId) {
    tokio::time::timeout(WAIT, handle.they_have_our_changes(conn)).await.expect("server received our changes");
}

/// Waits until `key` reads `value` in `handle`, watching its change stream.
pub async fn wait_for(handle: &DocHandle, key: &str, value: &str) {
    let mut changes = handle.changes();
    let done = async {
        loop {
            if get(handle, key).as_deref() == Some(value) {
                return;
            }
            changes.next().await;
        }
    };
    tokio::time::timeout(WAIT, done).await.unwrap_or_else(|_| panic!("{key} never became {value}"));
}

/// A raw WebSocket client that speaks the envelope by hand.
pub struct RawPeer {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub peer_id: String,
    pub server_peer: String,
}

/// A CBOR field value for hand-built messages.
pub enum F<'a> {
    S(&'a str),
    B(&'a [u8]),
    Strs(&'a [&'a str]),
    U(u64),
}

/// Encodes a CBOR map of fields.
pub fn cbor(fields: &[(&str, F<'_>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = minicbor::Encoder::new(&mut out);
    e.map(fields.len() as u64).expect("map");
    for (key, value) in fields {
        e.str(key).expect("key");
        match value {
            F::S(s) => e.str(s).map(|_| ()),
            F::B(b) => e.bytes(b).map(|_| ()),
            F::U(u) => e.u64(*u).map(|_| ()),
            F::Strs(list) => {
                e.array(list.len() as u64).expect("array");
                list.iter().try_for_each(|s| e.str(s).map(|_| ()))
            }
        }
        .expect("value");
    }
    out
}

pub fn join_message(peer_id: &str) -> Vec<u8> {
    cbor(&[("type", F::S("join")), ("senderId", F::S(peer_id)), ("supportedProtocolVersions", F::Strs(&["1"]))])
}

/// A sync message for `doc` carrying `changes` (raw change bytes).
pub fn sync_message(sender: &str, target: &str, doc: &DocumentId, kind: &str, changes: Vec<Vec<u8>>) -> Vec<u8> {
    let message = automerge::sync::Message {
        heads: Vec::new(),
        need: Vec::new(),
        have: Vec::new(),
        changes: changes.into(),
        flags: None,
        version: automerge::sync::MessageVersion::V1,
    };
    let data = message.encode();
    let doc_id = doc.to_string();
    cbor(&[
        ("type", F::S(kind)),
        ("senderId", F::S(sender)),
        ("targetId", F::S(target)),
        ("documentId", F::S(&doc_id)),
        ("data", F::B(&data)),
    ])
}

/// The bytes of one change setting `key = value` in a fresh document.
pub fn foreign_change(key: &str, value: &str) -> Vec<u8> {
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(automerge::ROOT, key, value).expect("put");
    tx.commit();
    doc.get_changes(&[]).into_iter().map(|c| c.raw_bytes().to_vec()).next().expect("one change")
}

/// What the server did with a raw connection.
#[derive(Debug)]
pub enum Heard {
    Binary(Vec<u8>),
    /// Closed, with the close code and reason if one was sent.
    Closed(Option<(u16, String)>),
}

impl RawPeer {
    /// Opens a WebSocket with `token` (no handshake yet). Err carries the HTTP status on refusal.
    pub async fn open(server: &TestServer, token: &str, peer_id: &str) -> Result<RawPeer, u16> {
        match tokio_tungstenite::connect_async(server.ws_url(token).as_str()).await {
            Ok((ws, _)) => {
                Ok(RawPeer { ws, peer_id: peer_id.to_owned(), server_peer: server.state.peer_id().to_owned() })
            }
            Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Err(resp.status().as_u16()),
            Err(e) => panic!("connect failed: {e}"),
        }
    }

    /// Opens and completes the handshake (join → peer).
    pub async fn joined(server: &TestServer, token: &str, peer_id: &str) -> RawPeer {
        let mut raw = RawPeer::open(server, token, peer_id).await.expect("upgrade accepted");
        raw.send(join_message(peer_id)).await;
        match raw.recv().await {
            Heard::Binary(bytes) => {
                let env = tandem_sync_server::wire::decode(&bytes).expect("server reply decodes");
                assert_eq!(env.kind, tandem_sync_server::wire::MsgType::Peer);
            }
            other => panic!("expected the server's peer message, got {other:?}"),
        }
        raw
    }

    pub async fn send(&mut self, bytes: Vec<u8>) {
        // A send may fail if the server already closed; the next recv reports that.
        let _ = self.ws.send(Message::Binary(bytes.into())).await;
    }

    pub async fn send_raw(&mut self, msg: Message) {
        let _ = self.ws.send(msg).await;
    }

    /// The next binary message or the close, skipping pings.
    pub async fn recv(&mut self) -> Heard {
        let next = async {
            loop {
                match self.ws.next().await {
                    Some(Ok(Message::Binary(b))) => return Heard::Binary(b.to_vec()),
                    Some(Ok(Message::Close(frame))) => {
                        return Heard::Closed(frame.map(|f| (u16::from(f.code), f.reason.to_string())));
                    }
                    Some(Ok(_)) => {}
                    Some(Err(_)) | None => return Heard::Closed(None),
                }
            }
        };
        tokio::time::timeout(WAIT, next).await.expect("server answered in time")
    }

    /// Reads until the server closes; returns the close code and reason.
    pub async fn closed(&mut self) -> Option<(u16, String)> {
        loop {
            if let Heard::Closed(frame) = self.recv().await {
                return frame;
            }
        }
    }
}
