//! Interoperability with the rest of the automerge-repo world (issue #5, point 3):
//!
//! - our CLI syncs through the plain reference Node automerge-repo server (`node-server.mjs`, no
//!   accounts) exactly as it does through ours: share, invite, join, offline edits, sync;
//! - a real JavaScript `@automerge/automerge-repo` 2.5.6 client (`client.mjs`) that joined a
//!   Tandem server with an invite made by `tandem invite` reads a CLI project and edits a task in
//!   it, and the CLI sees the edit; a JS viewer reads but its edit is refused.
//!
//! The Node scripts live in `sync-server/tests/node`. These tests need Node 20 and
//! `npm ci --prefix sync-server/tests/node`; without them they fail (they do not skip) and say
//! how to install.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Value, json};
use tandem_tests::*;

/// `--timeout-ms` of every `client.mjs` run.
const JS_TIMEOUT_MS: u64 = 15_000;

/// Longest a `client.mjs` run may take on top of its own deadline before it is killed.
const JS_GRACE: Duration = Duration::from_secs(10);

/// What `npm ci` installs, for failure messages.
const INSTALL: &str = "install Node 20, then run `npm ci --prefix sync-server/tests/node` from the workspace root \
                       (`make test` does it)";

// ---------------------------------------------------------------------------------------------
// Node
// ---------------------------------------------------------------------------------------------

/// `sync-server/tests/node`, after checking (once) that Node and the pinned packages are there.
fn node_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(check_node)
}

fn check_node() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sync-server/tests/node");
    match Command::new("node").arg("--version").stdin(Stdio::null()).output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!("`node --version` failed ({}); {INSTALL}", out.status),
        Err(e) => panic!("cannot run `node` ({e}): the interop tests need Node; {INSTALL}"),
    }
    let package = dir.join("node_modules/@automerge/automerge-repo/package.json");
    let text = std::fs::read_to_string(&package).unwrap_or_else(|e| {
        panic!("{} is missing ({e}): the Node packages are not installed; {INSTALL}", package.display())
    });
    let manifest: Value = serde_json::from_str(&text).expect("package.json is JSON");
    assert_eq!(manifest["version"], "2.5.6", "{} is not the pinned automerge-repo 2.5.6; {INSTALL}", package.display());
    dir
}

/// What one `node client.mjs …` run did.
struct JsRun(Output);

impl JsRun {
    fn code(&self) -> Option<i32> {
        self.0.status.code()
    }

    fn stderr(&self) -> String {
        text(&self.0.stderr)
    }

    /// The one JSON line a successful run prints (panics with the run's output otherwise).
    fn json(&self) -> Value {
        assert!(self.0.status.success(), "{}", describe("node client.mjs", &self.0));
        serde_json::from_str(text(&self.0.stdout).trim())
            .unwrap_or_else(|e| panic!("{}", describe(&format!("client.mjs printed no JSON line ({e})"), &self.0)))
    }
}

/// Runs `node client.mjs ARGS --timeout-ms JS_TIMEOUT_MS` to its end (killed, failing the test,
/// if it outlives its own deadline by [`JS_GRACE`]).
fn js(args: &[&str]) -> JsRun {
    let child = Command::new("node")
        .current_dir(node_dir())
        .arg("client.mjs")
        .args(args)
        .args(["--timeout-ms", &JS_TIMEOUT_MS.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start node client.mjs: {e}"));
    let what = format!("node client.mjs {}", args.join(" "));
    JsRun(finish(child, &what, Duration::from_millis(JS_TIMEOUT_MS) + JS_GRACE))
}

/// The plain reference automerge-repo server (`node-server.mjs`): WebSocket on 127.0.0.1, no
/// accounts, its storage in a temp dir.
struct NodeServer {
    child: Option<Child>,
    port: u16,
    _data: tempfile::TempDir,
}

impl NodeServer {
    /// Starts it and waits for the `{"port":N}` line it prints once listening.
    fn start() -> NodeServer {
        let data = tempfile::tempdir().expect("temp dir for the Node server");
        let mut child = Command::new("node")
            .current_dir(node_dir())
            .arg("node-server.mjs")
            .arg(data.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start node node-server.mjs: {e}"));
        let mut lines = Lines::new(child.stdout.take().expect("piped stdout"));
        let line = lines.wait_for(SERVER_DEADLINE, |l| l.contains("\"port\""));
        let port = line
            .as_deref()
            .and_then(|l| serde_json::from_str::<Value>(l).ok())
            .and_then(|v| v["port"].as_u64())
            .and_then(|p| u16::try_from(p).ok());
        let Some(port) = port else {
            let _ = child.kill();
            let out = finish(child, "node node-server.mjs", SERVER_DEADLINE);
            panic!(
                "{}",
                describe(
                    &format!(
                        "node-server.mjs printed no {{\"port\":N}} line within {SERVER_DEADLINE:?} (stdout so far: {:?})",
                        lines.seen
                    ),
                    &out
                )
            );
        };
        NodeServer { child: Some(child), port, _data: data }
    }

    /// `ws://127.0.0.1:PORT`: what `tandem share --server` takes for a plain relay.
    fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }

    /// SIGTERM: it flushes its documents and must exit 0.
    fn stop(mut self) {
        let child = self.child.take().expect("the Node server is running");
        signal(&child, "TERM");
        let out = finish(child, "node-server.mjs after SIGTERM", SERVER_DEADLINE);
        assert!(out.status.success(), "{}", describe("node-server.mjs after SIGTERM", &out));
    }
}

impl Drop for NodeServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Invite codes and joining over HTTP
// ---------------------------------------------------------------------------------------------

/// Decodes unpadded (or padded) base64url.
fn base64url_decode(input: &str) -> Vec<u8> {
    let sextet = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'-' => 62,
            b'_' => 63,
            _ => panic!("{:?} is not a base64url character in {input:?}", char::from(c)),
        }
    };
    let data = input.trim_end_matches('=').as_bytes();
    assert_ne!(data.len() % 4, 1, "{input:?} has an impossible base64 length");
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.chunks(4) {
        let bits = chunk.iter().enumerate().fold(0u32, |acc, (i, &c)| acc | (sextet(c) << (18 - 6 * i)));
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// The JSON inside a `tandem-invite:<base64url JSON>` code.
fn decode_invite(code: &str) -> Value {
    let payload = code.strip_prefix("tandem-invite:").unwrap_or_else(|| panic!("not an invite code: {code:?}"));
    let bytes = base64url_decode(payload);
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("the invite code holds no JSON ({e}): {:?}", String::from_utf8_lossy(&bytes)))
}

/// Joins with the invite secret of `invite` (a decoded code) over HTTP, as a client other than
/// the CLI would (`POST /v1/join`); returns the WebSocket sync URL with the new token.
fn join_over_http(server: &Server, invite: &Value, name: &str, role: &str) -> String {
    let secret = invite["invite"].as_str().unwrap_or_else(|| panic!("the code carries an invite secret: {invite}"));
    assert!(secret.starts_with("tdi_"), "{invite}");
    let (status, body) = server.api("POST", "/v1/join", None, Some(json!({"invite": secret, "name": name})));
    assert_eq!(status, 201, "POST /v1/join: {body}");
    assert_eq!(body["document_id"], invite["project"], "the invite is for the project in the code: {body}");
    assert_eq!(body["role"], role, "{body}");
    let token = body["token"].as_str().unwrap_or_else(|| panic!("a token: {body}"));
    assert!(token.starts_with("tdt_"), "{body}");
    format!("ws://127.0.0.1:{}/sync?token={token}", server.port())
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// Whether the `received.items` of `reports` name the item `kind`/`id`.
fn received_item(reports: &[Value], kind: &str, id: &str) -> bool {
    reports
        .iter()
        .flat_map(|r| r["received"]["items"].as_array().cloned().unwrap_or_default())
        .any(|item| item["kind"] == kind && item["id"] == id)
}

#[test]
fn our_client_syncs_through_the_plain_node_server() {
    node_dir();
    let relay = NodeServer::start();
    let ada = Member::new("Ada");
    let bo = Member::new("Bo");

    ada.ok(&["project", "create", PROJECT_NAME, "--me", "Ada", "--client", "ACME"]);
    let plan = ada.create(&["task", "add", "Plan the sprint"]);
    let shared = ada.json(&["share", "--server", &relay.url()]);
    assert_eq!(shared["server"], relay.url().as_str(), "{shared}");
    assert_eq!(shared["state"], "up_to_date", "share waits until the relay has the project: {shared}");
    assert!(shared["role"].is_null(), "a plain relay has no roles: {shared}");
    let project = shared["project"].as_str().unwrap_or_else(|| panic!("share names the project: {shared}")).to_owned();

    // The code names the relay and the document, and carries no secret: there are no accounts.
    let code = invite(&ada, "member");
    let decoded = decode_invite(&code);
    assert_eq!(decoded["v"], 1, "{decoded}");
    assert_eq!(decoded["server"], relay.url().as_str(), "{decoded}");
    assert_eq!(decoded["project"], project.as_str(), "{decoded}");
    assert!(decoded.get("invite").is_none(), "no invite secret for a plain relay: {decoded}");

    let joined = bo.json(&["join", &code, "--me", "Bo"]);
    assert_eq!(joined["project"], project.as_str(), "{joined}");
    assert_eq!(joined["name"], PROJECT_NAME, "{joined}");
    assert!(bo.task_titles().contains("Plan the sprint"), "Bo fetched the project from the relay");

    // Both work offline: a task each, a log entry each, and different fields of the same task.
    let ada_task = ada.create(&["task", "add", "Write the API spec"]);
    ada.ok(&["log", "add", "Kick-off held with ACME"]);
    ada.ok(&["task", "set", &plan, "--status", "in_progress"]);
    let bo_task = bo.create(&["task", "add", "Set up CI"]);
    bo.ok(&["log", "add", "CI runners ordered"]);
    bo.ok(&["task", "set", &plan, "--estimate", "6"]);

    // Ada, Bo, Ada: each sync brings what the other did.
    let reports = ada.sync();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(reports[0]["state"], "up_to_date", "{reports:?}");
    assert!(!received_item(&reports, "task", &bo_task), "Bo has not synced his work yet: {reports:?}");
    let reports = bo.sync();
    assert!(received_item(&reports, "task", &ada_task), "Bo receives Ada's task: {reports:?}");
    assert_eq!(received_authors(&reports), ["Ada".to_owned()].into(), "{reports:?}");
    let reports = ada.sync();
    assert!(received_item(&reports, "task", &bo_task), "Ada receives Bo's task: {reports:?}");
    assert_eq!(received_authors(&reports), ["Bo".to_owned()].into(), "{reports:?}");

    converge(&[&ada, &bo]);
    assert_identical(&[&ada, &bo]);
    let titles: std::collections::BTreeSet<String> =
        ["Plan the sprint", "Write the API spec", "Set up CI"].map(str::to_owned).into();
    assert_eq!(ada.task_titles(), titles);
    let merged = ada.task(&plan);
    assert_eq!((merged["status"].as_str(), merged["estimate"].as_f64()), (Some("in_progress"), Some(6.0)), "{merged}");
    let log = bo.log_entries();
    assert!(log.contains(&("Ada".to_owned(), "Kick-off held with ACME".to_owned())), "{log:?}");
    assert!(log.contains(&("Bo".to_owned(), "CI runners ordered".to_owned())), "{log:?}");
    assert!(ada.conflicts()["conflicts"].as_array().is_some_and(Vec::is_empty), "different fields do not collide");

    // The relay itself holds the merged project: a JS client fetches it from there.
    let seen = js(&[
        "read",
        &relay.url(),
        &project,
        "--expect-key",
        &format!("tasks/{bo_task}/title"),
        "--expect-value",
        "Set up CI",
    ])
    .json();
    assert_eq!(seen["project"]["name"], PROJECT_NAME, "{seen}");
    assert_eq!(seen["tasks"][&ada_task]["title"], "Write the API spec", "{seen}");

    relay.stop();
}

#[test]
fn a_js_client_with_a_member_token_reads_and_edits_a_cli_project() {
    node_dir();
    let server = Server::start();
    let ada = Member::new("Ada");
    ada.ok(&["project", "create", PROJECT_NAME, "--me", "Ada", "--client", "ACME"]);
    let task = ada.create(&["task", "add", "Draft the contract"]);
    let other = ada.create(&["task", "add", "Book the venue"]);
    let project = share(&ada, &server);
    let title = format!("tasks/{task}/title");

    // A member invite made by the CLI, redeemed over HTTP by something that is not the CLI.
    let code = invite(&ada, "member");
    let decoded = decode_invite(&code);
    assert_eq!(decoded["v"], 1, "{decoded}");
    assert_eq!(decoded["server"], server.url().as_str(), "{decoded}");
    assert_eq!(decoded["project"], project.as_str(), "{decoded}");
    assert_eq!(decoded["role"], "member", "{decoded}");
    let member_url = join_over_http(&server, &decoded, "JS member", "member");

    // The JS member reads the CLI's project.
    let seen =
        js(&["read", &member_url, &project, "--expect-key", &title, "--expect-value", "Draft the contract"]).json();
    assert_eq!(seen["schema"], 2, "tandem-core's SCHEMA_VERSION: {seen}");
    assert_eq!(seen["project"]["name"], PROJECT_NAME, "{seen}");
    assert_eq!(seen["tasks"][&other]["title"], "Book the venue", "{seen}");
    assert_eq!(seen["tasks"][&task]["status"], "todo", "{seen}");

    // It retitles a task (automerge-js 3 writes the string as collaborative text); the CLI sees it.
    let edited = js(&["edit", &member_url, &format!("automerge:{project}"), &title, r#""Edited in JS""#]).json();
    assert_eq!(edited["ok"], true, "{edited}");
    let reports = ada.sync();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(reports[0]["state"], "up_to_date", "{reports:?}");
    assert_eq!(received_changes(&reports), 1, "the JS edit is one change: {reports:?}");
    // The JS client is no member of the document (no device entry), so the change is nobody's.
    let authors = &reports[0]["received"]["authors"];
    assert_eq!(authors.as_array().map(Vec::len), Some(1), "{reports:?}");
    assert!(authors[0]["member"].is_null(), "a device that is no member: {reports:?}");
    // Its message names no items, so the report reads them from what the change touched.
    assert!(received_item(&reports, "task", &task), "the report names the edited task: {reports:?}");
    let tasks = ada.tasks();
    let titles: Vec<(&str, &str)> =
        tasks.iter().map(|t| (t["id"].as_str().expect("an id"), t["title"].as_str().expect("a title"))).collect();
    assert!(titles.contains(&(task.as_str(), "Edited in JS")), "{titles:?}");
    assert!(titles.contains(&(other.as_str(), "Book the venue")), "{titles:?}");
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert_eq!(ada.task(&task)["status"], "todo", "only the title changed");

    // A JS viewer reads, but its edit closes its connection and changes nothing.
    let decoded = decode_invite(&invite(&ada, "viewer"));
    assert_eq!(decoded["role"], "viewer", "{decoded}");
    let viewer_url = join_over_http(&server, &decoded, "JS viewer", "viewer");
    let seen = js(&["read", &viewer_url, &project, "--expect-key", &title, "--expect-value", "Edited in JS"]).json();
    assert_eq!(seen["tasks"][&other]["title"], "Book the venue", "{seen}");
    let refused = js(&["edit", &viewer_url, &project, &title, r#""Defaced""#]);
    assert_eq!(refused.code(), Some(1), "the viewer's edit fails: {}", refused.stderr());
    assert!(refused.stderr().contains("viewers may not send changes"), "{}", refused.stderr());
    // The server kept nothing of it: the member reads the old title, and the CLI receives nothing.
    let seen = js(&["read", &member_url, &project]).json();
    assert_eq!(seen["tasks"][&task]["title"], "Edited in JS", "{seen}");
    let reports = ada.sync();
    assert_eq!(received_changes(&reports), 0, "nothing from the viewer: {reports:?}");
    assert_eq!(ada.task(&task)["title"], "Edited in JS");

    server.stop();
}
