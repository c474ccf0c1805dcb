//! A real JavaScript `@automerge/automerge-repo` 2.5.6 client (Node, `tests/node/client.mjs`, run
//! as a child process) syncs through our server with a member token, both ways: what a Rust samod
//! peer wrote reaches the JS client, and what the JS client wrote reaches the Rust peer, the
//! server's own copy and a second JS process. The JS client is refused exactly as a samod one is:
//! an unknown token cannot connect, a document without a grant is never stored, and a viewer's
//! change closes its connection.
//!
//! Needs Node 20 and `npm ci --prefix sync-server/tests/node`; without them these tests fail
//! (they do not skip) and say how to install.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use automerge::{ObjType, ReadDoc, Value};
use common::*;
use samod::DocHandle;
use serde_json::json;

/// Longest a JS client run may take, on top of its own `--timeout-ms`.
const JS_GRACE: Duration = Duration::from_secs(10);

/// The directory holding `client.mjs`, after checking (once) that Node and the pinned packages
/// are installed.
fn node_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(check_node)
}

fn check_node() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("node");
    let install = "install Node 20, then run `npm ci --prefix sync-server/tests/node` from the workspace root";
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!("`node --version` failed ({}); {install}", out.status),
        Err(e) => panic!("cannot run `node` ({e}): the JS-interop tests need Node; {install}"),
    }
    let package = dir.join("node_modules/@automerge/automerge-repo/package.json");
    let text = std::fs::read_to_string(&package).unwrap_or_else(|e| {
        panic!("{} is missing ({e}): the Node packages are not installed; {install}", package.display())
    });
    let version: serde_json::Value = serde_json::from_str(&text).expect("package.json is JSON");
    assert_eq!(version["version"], "2.5.6", "{} is not the pinned automerge-repo 2.5.6; {install}", package.display());
    dir
}

/// What one `node client.mjs ...` run did.
#[derive(Debug)]
struct JsRun {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl JsRun {
    /// The single JSON line printed on success (panics with the run's output otherwise).
    fn json(&self) -> serde_json::Value {
        assert_eq!(self.code, Some(0), "client.mjs failed: {self:?}");
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("stdout is not one JSON line ({e}): {self:?}"))
    }
}

/// Runs `node client.mjs <args>` and waits for it without blocking the runtime; a run that
/// outlives its own deadline by `JS_GRACE` is killed and fails the test.
async fn js(args: &[&str], timeout_ms: u64) -> JsRun {
    let dir = node_dir();
    let mut command = Command::new("node");
    command
        .current_dir(dir)
        .arg("client.mjs")
        .args(args)
        .args(["--timeout-ms", &timeout_ms.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = command.spawn().unwrap_or_else(|e| panic!("cannot start node client.mjs: {e}"));
    let pid = child.id();
    let waited = tokio::task::spawn_blocking(move || child.wait_with_output());
    let limit = Duration::from_millis(timeout_ms) + JS_GRACE;
    match tokio::time::timeout(limit, waited).await {
        Ok(joined) => {
            let out = joined.expect("wait task").expect("wait for node");
            JsRun {
                code: out.status.code(),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        }
        Err(_) => {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
            panic!("node client.mjs {args:?} still running after {limit:?}; killed it");
        }
    }
}

/// The string at `prop` of `obj`, whether JS stored it as collaborative text or a scalar string.
fn str_at(doc: &automerge::Automerge, obj: &automerge::ObjId, prop: impl Into<automerge::Prop>) -> Option<String> {
    match doc.get(obj, prop).ok().flatten()? {
        (Value::Object(ObjType::Text), id) => doc.text(&id).ok(),
        (Value::Scalar(s), _) => s.to_str().map(str::to_owned),
        _ => None,
    }
}

/// A root key as a string (text or scalar).
fn root_str(doc: &automerge::Automerge, key: &str) -> Option<String> {
    str_at(doc, &automerge::ROOT, key)
}

/// Waits until `check` holds for `handle`'s document, watching its change stream.
async fn wait_until(handle: &DocHandle, what: &str, check: impl Fn(&automerge::Automerge) -> bool) {
    use futures::StreamExt;
    let mut changes = handle.changes();
    let done = async {
        while !handle.with_document(|d| check(d)) {
            changes.next().await;
        }
    };
    tokio::time::timeout(WAIT, done).await.unwrap_or_else(|_| panic!("timed out waiting until {what}"));
}

/// Waits until `key` reads `value` (text or scalar) in `handle`.
async fn wait_for_str(handle: &DocHandle, key: &str, value: &str) {
    wait_until(handle, &format!("{key} is {value:?}"), |d| root_str(d, key).as_deref() == Some(value)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_js_member_reads_and_writes_a_project_both_ways() {
    node_dir();
    let server = TestServer::start().await;
    // Rust → server: the coordinator creates and pushes the project.
    let mut alice = Peer::new().await;
    let doc = alice.create("title", "plan").await;
    let doc_id = doc.document_id().clone();
    server.register(&doc_id).await;
    let conn = alice.connect(server.ws_url(&server.admin)).await.expect("alice connects");
    pushed(&doc, conn).await;
    put(&doc, "count", "1");
    pushed(&doc, conn).await;

    // Server → JS: a member token made by invite + join reads it.
    let (member, _) = server.member(&doc_id, "member", "Jess").await;
    let url = server.ws_url(&member).to_string();
    let id = doc_id.to_string();
    let read = js(&["read", &url, &id], 15_000).await.json();
    assert_eq!(read, json!({"title": "plan", "count": "1"}), "what the JS member read");

    // JS → server → Rust: the member's edit reaches the coordinator's open document.
    let edited = js(&["edit", &url, &format!("automerge:{id}"), "status", r#""from js""#], 15_000).await.json();
    assert_eq!(edited["ok"], true, "{edited}");
    wait_for_str(&doc, "status", "from js").await;
    // automerge-js 3 stores a string as collaborative text; the server's own copy has it.
    let (_, stored) = server.server_doc(&doc_id).await.expect("the server keeps the project");
    assert_eq!(stored, r#"count="1",status=text,title="plan""#);
    let on_server = server.state.repo().find(doc_id.clone()).await.expect("repo running").expect("found");
    assert_eq!(on_server.with_document(|d| root_str(d, "status")).as_deref(), Some("from js"));

    // Rust → JS again, while a second JS process waits for it; then JS → JS through the server.
    let watcher = {
        let (url, id) = (url.clone(), id.clone());
        tokio::spawn(async move {
            js(&["read", &url, &id, "--expect-key", "owner", "--expect-value", "alice"], 15_000).await
        })
    };
    put(&doc, "owner", "alice");
    pushed(&doc, conn).await;
    let seen = watcher.await.expect("watcher task").json();
    assert_eq!((seen["owner"].as_str(), seen["status"].as_str()), (Some("alice"), Some("from js")), "{seen}");
    js(&["edit", &url, &id, "tags", r#"["a","b"]"#], 15_000).await.json();
    let again = js(&["read", &url, &id, "--expect-key", "tags", "--expect-value", r#"["a","b"]"#], 15_000).await.json();
    assert_eq!(again["title"], "plan", "{again}");
    wait_until(&doc, "alice has the JS list", |d| match d.get(automerge::ROOT, "tags").ok().flatten() {
        Some((Value::Object(ObjType::List), list)) => {
            (0..d.length(&list)).map(|i| str_at(d, &list, i)).collect::<Vec<_>>()
                == [Some("a".into()), Some("b".into())]
        }
        _ => false,
    })
    .await;

    alice.stop().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_js_client_is_refused_like_any_other() {
    node_dir();
    let server = TestServer::start().await;
    let mut alice = Peer::new().await;
    let doc = alice.create("title", "guarded").await;
    let doc_id = doc.document_id().clone();
    server.register(&doc_id).await;
    let conn = alice.connect(server.ws_url(&server.admin)).await.expect("alice connects");
    pushed(&doc, conn).await;

    // An unknown token: the upgrade is answered 401 and the client exits 4 (could not connect).
    let bogus = server.ws_url("tdt_bogus").to_string();
    let run = js(&["read", &bogus, &doc_id.to_string()], 10_000).await;
    assert_eq!(run.code, Some(4), "{run:?}");
    assert!(run.stderr.contains("could not connect"), "{run:?}");

    // A document nobody registered: even an admin token gets no grant, so the server never
    // acknowledges (or stores) it and `create` times out (exit 3).
    let before = no_grant_rejections(&server).await;
    let run = js(&["create", server.ws_url(&server.admin).as_str(), r#"{"title":"unregistered"}"#], 3_000).await;
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(run.stderr.contains("acknowledge our heads"), "{run:?}");
    assert!(no_grant_rejections(&server).await > before, "the gate refused the JS document");
    // (Alice's project lands on disk, so the directory scan does find documents.)
    let deadline = tokio::time::Instant::now() + WAIT;
    while !stored_documents(&server).contains(&doc_id.to_string()) {
        assert!(tokio::time::Instant::now() < deadline, "alice's project never reached the disk");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let stored = stored_documents(&server);
    assert_eq!(stored, [doc_id.to_string()], "only the registered project may be on disk");

    // A viewer reads, but its first change closes the connection (exit 1) and is not kept.
    let (viewer, _) = server.member(&doc_id, "viewer", "Vee").await;
    let url = server.ws_url(&viewer).to_string();
    let read = js(&["read", &url, &doc_id.to_string()], 15_000).await.json();
    assert_eq!(read, json!({"title": "guarded"}));
    let run = js(&["edit", &url, &doc_id.to_string(), "title", r#""defaced""#], 15_000).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("viewers may not send changes"), "{run:?}");
    let (_, stored) = server.server_doc(&doc_id).await.expect("stored");
    assert_eq!(stored, r#"title="guarded""#);

    alice.stop().await;
    server.stop().await;
}

/// `tandem_sync_rejections_total{reason="no_grant"}`, 0 when absent.
async fn no_grant_rejections(server: &TestServer) -> u64 {
    let metrics = server.metrics().await;
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(r#"tandem_sync_rejections_total{reason="no_grant"} "#))
        .map_or(0, |n| n.trim().parse().expect("a count"))
}

/// The document ids with anything on disk (automerge-repo layout: `documents/<2 chars>/<rest>/`;
/// files there, like `st/orage-adapter-id`, are not documents).
fn stored_documents(server: &TestServer) -> Vec<String> {
    let mut ids = Vec::new();
    let documents = server.data_dir().join("documents");
    for prefix in std::fs::read_dir(&documents).expect("documents dir").map(|e| e.expect("entry")) {
        let prefix_name = prefix.file_name().to_string_lossy().into_owned();
        if prefix_name.starts_with('.') || !prefix.path().is_dir() {
            continue;
        }
        for rest in std::fs::read_dir(prefix.path()).expect("prefix dir").map(|e| e.expect("entry")) {
            if rest.path().is_dir() {
                ids.push(format!("{prefix_name}{}", rest.file_name().to_string_lossy()));
            }
        }
    }
    ids
}
