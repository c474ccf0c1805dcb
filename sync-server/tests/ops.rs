//! Operating the server: the real `tandem-sync-server` binary makes a token, serves on a port
//! it picks and logs (human or JSON), answers /healthz, the API and /metrics, explains bad flags,
//! and on SIGTERM closes open connections with 1001 and exits 0. In-process: /healthz turns 503
//! (and `tandem_sync_storage_healthy` 0) while document writes fail, and recovers after.

mod common;

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::Duration;

use common::*;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

const BIN: &str = env!("CARGO_BIN_EXE_tandem-sync-server");

/// How long a SIGTERMed server may take to exit.
const EXIT_WITHIN: Duration = Duration::from_secs(5);

/// The binary with an environment that cannot change its behaviour (no backtraces in errors,
/// no data dir, listen address or log filter from the caller's environment).
fn bin() -> Command {
    let mut command = Command::new(BIN);
    for var in ["RUST_BACKTRACE", "RUST_LIB_BACKTRACE", "RUST_LOG", "TANDEM_SERVER_DATA", "TANDEM_SERVER_LISTEN"] {
        command.env_remove(var);
    }
    command.stdin(Stdio::null());
    command
}

/// Runs the binary to completion.
fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Removes ANSI colour escapes (`ESC [ ... m`).
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `tandem-sync-server token create --data DIR --name NAME`: the printed token.
fn create_token(data: &Path, name: &str) -> String {
    let out = run(&["token", "create", "--data", &data.display().to_string(), "--name", name]);
    assert!(out.status.success(), "token create failed: {out:?}");
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one line on stdout: {stdout:?}");
    assert!(lines[0].starts_with("tdt_") && lines[0].len() > 20, "a token: {stdout:?}");
    assert!(text(&out.stderr).contains(&format!("for {name:?} (may register projects)")), "{out:?}");
    lines[0].to_owned()
}

/// A `serve` child process and its stderr (the log), line by line.
struct ServerProcess {
    child: Option<Child>,
    lines: mpsc::UnboundedReceiver<String>,
    /// Every log line read so far.
    log: Vec<String>,
    addr: SocketAddr,
}

impl ServerProcess {
    /// Starts `serve --listen 127.0.0.1:0 --data DIR <extra>` and waits for the listening line.
    async fn start(data: &Path, extra: &[&str]) -> ServerProcess {
        let mut child = bin()
            .args(["serve", "--listen", "127.0.0.1:0", "--data", &data.display().to_string()])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server =
            ServerProcess { child: Some(child), lines, log: Vec::new(), addr: SocketAddr::from(([0, 0, 0, 0], 0)) };
        let listening = server.wait_line("the listening line", |l| l.contains("sync server listening")).await;
        server.addr = parse_addr(&listening).unwrap_or_else(|| panic!("no addr= in {listening:?}"));
        server
    }

    /// The next log line matching `pred` (panics if the server exits or stays silent first).
    async fn wait_line(&mut self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let found = tokio::time::timeout(WAIT, async {
            while let Some(line) = self.lines.recv().await {
                self.log.push(line.clone());
                if pred(&strip_ansi(&line)) {
                    return Some(line);
                }
            }
            None
        })
        .await;
        match found {
            Ok(Some(line)) => line,
            Ok(None) => panic!("the server exited before {what}; log:\n{}", self.log.join("\n")),
            Err(_) => panic!("no {what} within {WAIT:?}; log:\n{}", self.log.join("\n")),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sends SIGTERM and waits for the exit; returns the status and the whole log.
    async fn terminate(&mut self) -> (ExitStatus, Vec<String>) {
        let mut child = self.child.take().expect("still running");
        let pid = child.id().to_string();
        let kill = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
        assert!(kill.success(), "kill -TERM {pid}");
        let waited = tokio::task::spawn_blocking(move || child.wait());
        let status = match tokio::time::timeout(EXIT_WITHIN, waited).await {
            Ok(status) => status.expect("wait task").expect("wait"),
            Err(_) => {
                let _ = Command::new("kill").args(["-KILL", &pid]).status();
                panic!("the server did not exit within {EXIT_WITHIN:?} of SIGTERM; log:\n{}", self.log.join("\n"));
            }
        };
        // The reader thread ends at EOF, which closes the channel.
        while let Ok(Some(line)) = tokio::time::timeout(WAIT, self.lines.recv()).await {
            self.log.push(line);
        }
        (status, self.log.clone())
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The `addr=` field of a human log line, or `fields.addr` of a JSON one.
fn parse_addr(line: &str) -> Option<SocketAddr> {
    if let Ok(json) = serde_json::from_str::<Value>(line) {
        return json["fields"]["addr"].as_str()?.parse().ok();
    }
    let plain = strip_ansi(line);
    let (_, rest) = plain.split_once("addr=")?;
    rest.split_whitespace().next()?.parse().ok()
}

/// A metric's value from the Prometheus text (the first sample whose name and labels match).
fn metric(metrics: &str, name: &str) -> Option<f64> {
    metrics.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_with_a_token_it_made_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let token = create_token(dir.path(), "ops");
    let listed = run(&["token", "list", "--data", &dir.path().display().to_string()]);
    assert_eq!(text(&listed.stdout), "1\tAdmin\tactive\tops\n", "{listed:?}");

    let mut server = ServerProcess::start(dir.path(), &[]).await;
    assert!(server.addr.port() != 0 && server.addr.ip().is_loopback(), "{}", server.addr);
    let http = reqwest::Client::new();
    let health = http.get(server.url("/healthz")).send().await.expect("healthz");
    assert_eq!(health.status(), 200);
    let body: Value = health.json().await.expect("json");
    assert_eq!((body["status"].as_str(), body["storage"].as_str()), (Some("ok"), Some("Healthy")), "{body}");

    // The printed token registers a project.
    let doc_id = samod::DocumentId::try_from(vec![7u8; 16]).expect("id").to_string();
    let register = |token: &str| {
        http.post(server.url("/v1/projects"))
            .bearer_auth(token)
            .json(&json!({"document_id": doc_id, "name": "Ops"}))
            .send()
    };
    let created = register(&token).await.expect("register");
    assert_eq!(created.status(), 201);
    assert_eq!(created.json::<Value>().await.expect("json")["role"], "coordinator");
    assert_eq!(register("tdt_unknown").await.expect("register").status(), 401);

    // A peer joins over WebSocket and is counted.
    let (mut ws, _) =
        tokio_tungstenite::connect_async(format!("ws://{}/sync?token={token}", server.addr)).await.expect("upgrade");
    ws.send(Message::Binary(join_message("ops-peer").into())).await.expect("join");
    let reply = tokio::time::timeout(WAIT, ws.next()).await.expect("a reply").expect("open").expect("frame");
    let Message::Binary(reply) = reply else { panic!("expected the peer message, got {reply:?}") };
    assert_eq!(
        tandem_sync_server::wire::decode(&reply).expect("decodes").kind,
        tandem_sync_server::wire::MsgType::Peer
    );
    let metrics = http.get(server.url("/metrics")).send().await.expect("metrics").text().await.expect("text");
    for (name, want) in [
        ("tandem_sync_connections_open", 1.0),
        ("tandem_sync_connections_accepted_total", 1.0),
        ("tandem_sync_storage_healthy", 1.0),
        ("tandem_sync_storage_write_errors_total", 0.0),
    ] {
        assert_eq!(metric(&metrics, name), Some(want), "{name} in:\n{metrics}");
    }
    for name in ["tandem_sync_messages_in_total", "tandem_sync_bytes_out_total", "tandem_sync_documents_loaded"] {
        assert!(metric(&metrics, name).is_some(), "{name} in:\n{metrics}");
    }

    // SIGTERM: the open connection is told why, and the process exits 0 with shutdown lines.
    let closing = tokio::spawn(async move {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| (u16::from(f.code), f.reason.to_string())),
                Some(Ok(_)) => {}
                Some(Err(e)) => panic!("the connection broke without a close frame: {e}"),
                None => return None,
            }
        }
    });
    let (status, log) = server.terminate().await;
    let close = tokio::time::timeout(WAIT, closing).await.expect("closed in time").expect("reader task");
    assert_eq!(close, Some((1001, "the server is shutting down".to_owned())));
    assert_eq!(status.code(), Some(0), "exit status; log:\n{}", log.join("\n"));
    let log: Vec<String> = log.iter().map(|l| strip_ansi(l)).collect();
    for needle in
        ["shutting down: no new connections", "connection closed: the server is shutting down", "sync server stopped"]
    {
        assert!(log.iter().any(|l| l.contains(needle)), "no {needle:?} in the log:\n{}", log.join("\n"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_format_json_writes_one_json_object_per_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut server = ServerProcess::start(dir.path(), &["--log-format", "json"]).await;
    let health = reqwest::get(server.url("/healthz")).await.expect("healthz");
    assert_eq!(health.status(), 200);
    let (status, log) = server.terminate().await;
    assert_eq!(status.code(), Some(0), "{}", log.join("\n"));
    let lines: Vec<Value> = log
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {l:?}")))
        .collect();
    let message = |l: &Value| l["fields"]["message"].as_str().unwrap_or_default().to_owned();
    let listening = lines.iter().find(|l| message(l).starts_with("sync server listening")).expect("listening line");
    assert_eq!(
        (listening["level"].as_str(), listening["fields"]["addr"].as_str()),
        (Some("INFO"), Some(&*server.addr.to_string()))
    );
    assert!(lines.iter().any(|l| message(l).starts_with("shutting down")), "{log:?}");
    assert!(lines.iter().all(|l| l["timestamp"].is_string() && l["target"].is_string()), "{log:?}");
}

#[test]
fn token_create_refuses_an_empty_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let data = data.display().to_string();
    for name in ["", "   "] {
        let out = run(&["token", "create", "--data", &data, "--name", name]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert_eq!(text(&out.stdout), "", "no token printed");
        assert_eq!(text(&out.stderr).trim(), "Error: --name must not be empty: say who the token is for");
    }
    let out = run(&["token", "create", "--data", &data]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(text(&out.stderr).contains("--name <NAME>"), "{out:?}");
    let listed = run(&["token", "list", "--data", &data]);
    assert!(listed.status.success(), "{listed:?}");
    assert_eq!(text(&listed.stdout), "", "no token was made");
}

#[test]
fn serve_explains_bad_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().display().to_string();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let busy_addr = busy.local_addr().expect("addr").to_string();
    let a_file = dir.path().join("a-file");
    std::fs::write(&a_file, b"not a directory").expect("write");
    let a_file = a_file.display().to_string();
    let cases: [(&[&str], i32, &[&str]); 7] = [
        (
            &["serve", "--data", &data, "--bogus"],
            2,
            &["unexpected argument '--bogus'", "Usage: tandem-sync-server serve"],
        ),
        (&["serve", "--data", &data, "--listen", "nope"], 2, &["invalid value 'nope' for '--listen <LISTEN>'"]),
        (&["serve"], 2, &["the following required arguments were not provided", "--data <DATA>"]),
        (
            &["serve", "--data", &data, "--log-format", "xml"],
            2,
            &["invalid value 'xml' for '--log-format", "human, json"],
        ),
        (
            &["serve", "--data", &data, "--listen", "127.0.0.1:0", "--max-message-mib", "0"],
            1,
            &["--max-message-mib and --max-frame-mib must be at least 1"],
        ),
        (&["serve", "--data", &data, "--listen", &busy_addr], 1, &[&format!("cannot listen on {busy_addr}"), "in use"]),
        (&["serve", "--data", &a_file, "--listen", "127.0.0.1:0"], 1, &["cannot create the data directory"]),
    ];
    for (args, code, needles) in cases {
        let out = run(args);
        let stderr = strip_ansi(&text(&out.stderr));
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        for needle in needles {
            assert!(stderr.contains(needle), "{args:?}: no {needle:?} in {stderr}");
        }
    }
    drop(busy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_503_while_document_writes_fail_and_recovers() {
    let server = TestServer::start().await;
    assert!(server.healthy().await);
    // Make every document write fail, even as root: `documents` becomes a regular file.
    let documents = server.data_dir().join("documents");
    std::fs::remove_dir_all(&documents).expect("remove documents/");
    std::fs::write(&documents, b"in the way").expect("a file named documents");

    let mut alice = Peer::new().await;
    let doc = alice.create("title", "unsaved").await;
    let doc_id = doc.document_id().clone();
    server.register(&doc_id).await;
    alice.connect(server.ws_url(&server.admin)).await.expect("alice connects");

    let failing = poll(|| async {
        let (status, body) = server.call("GET", "/healthz", None, None).await;
        (status == 503).then_some(body)
    })
    .await
    .expect("/healthz turns 503 once a document write fails");
    assert_eq!(failing["status"], "failing", "{failing}");
    assert_eq!(failing["database"], "ok", "{failing}");
    assert!(failing["storage"].as_str().expect("storage").contains("Failing"), "{failing}");
    let metrics = server.metrics().await;
    assert_eq!(metric(&metrics, "tandem_sync_storage_healthy"), Some(0.0), "{metrics}");
    assert!(metric(&metrics, "tandem_sync_storage_write_errors_total").unwrap_or(0.0) >= 1.0, "{metrics}");

    // The store keeps retrying in the background: fixing the disk heals it with no restart.
    std::fs::remove_file(&documents).expect("remove the file");
    std::fs::create_dir(&documents).expect("documents/ again");
    poll(|| async { server.healthy().await.then_some(()) }).await.expect("/healthz is 200 again after the fix");
    assert_eq!(metric(&server.metrics().await, "tandem_sync_storage_healthy"), Some(1.0));
    let doc_dir = documents.join(&doc_id.to_string()[..2]).join(&doc_id.to_string()[2..]);
    assert!(doc_dir.is_dir(), "the retried write landed in {}", doc_dir.display());
    alice.stop().await;
    server.stop().await;
}

/// Polls `check` every 20 ms until it yields a value, for at most `WAIT`.
async fn poll<T, F: std::future::Future<Output = Option<T>>>(check: impl Fn() -> F) -> Option<T> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if let Some(value) = check().await {
            return Some(value);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
