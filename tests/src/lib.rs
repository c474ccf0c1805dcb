//! The end-to-end harness: a real `tandem-sync-server` process on 127.0.0.1 (port 0, data in a
//! temp dir) and members, each a `tandem` CLI profile in its own temp dir (`--home`), all driven
//! as child processes the way people use them.
//!
//! Nothing here sleeps to let something happen: every wait is on real state (a process exit, a
//! log line, a line on stdout, what `tandem sync --json` reports), with a deadline so that a hang
//! fails the test with the output so far instead of blocking it.
//!
//! The binaries are looked up next to the test executable (`target/<profile>/`), because Cargo
//! only builds binaries of the package under test for its tests; see `binary`.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The clock every member starts with (`TANDEM_NOW`): Tuesday 2026-12-01 09:00 UTC.
pub const NOW: &str = "2026-12-01 09:00";

/// The day the dashboard is read as of in snapshots (so they do not depend on the real date).
pub const SNAPSHOT_DAY: &str = "2026-12-15";

/// Longest a single CLI command may run before the test calls it hung.
pub const COMMAND_DEADLINE: Duration = Duration::from_secs(60);

/// Longest the server may take to start listening or to exit after SIGTERM.
pub const SERVER_DEADLINE: Duration = Duration::from_secs(20);

/// Longest a `tandem sync --watch` may take to print what a test waits for.
pub const WATCH_DEADLINE: Duration = Duration::from_secs(30);

/// `tandem sync --timeout`, in seconds: well under [`COMMAND_DEADLINE`], so that a sync that
/// cannot finish reports its own error instead of being killed by the harness.
pub const SYNC_TIMEOUT_SECS: &str = "30";

/// How many full rounds of `tandem sync` [`converge`] allows before it fails. Two rounds suffice
/// when each sync uploads and downloads everything; the rest is slack for a client that needs a
/// second pass.
pub const MAX_ROUNDS: usize = 5;

/// How often a running child process is checked for its exit.
const POLL: Duration = Duration::from_millis(5);

/// Environment variables that would change how the binaries behave; removed for every child.
const SCRUBBED_ENV: &[&str] = &[
    "TANDEM_HOME",
    "TANDEM_NOW",
    "TANDEM_SERVER_DATA",
    "TANDEM_SERVER_LISTEN",
    "RUST_LOG",
    "RUST_BACKTRACE",
    "RUST_LIB_BACKTRACE",
    "EDITOR",
    "VISUAL",
];

/// The path of a workspace binary (`tandem`, `tandem-sync-server`) in the target directory this
/// test executable was built into (`target/<profile>/deps/<test>` → `target/<profile>/<name>`).
///
/// Panics with what to run when it is missing.
pub fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable knows its path");
    let deps = exe.parent().expect("the test executable is in a directory");
    let profile_dir = if deps.file_name().is_some_and(|n| n == "deps") { deps.parent().unwrap_or(deps) } else { deps };
    let path = profile_dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} does not exist: run `cargo build -p tandem-cli -p tandem-sync-server` first \
         (`cargo test --workspace --all-targets`, which `make test` runs, builds it too)",
        path.display()
    );
    path
}

/// A command for a binary, with an environment that cannot change its behaviour.
fn command_for(name: &str) -> Command {
    let mut command = Command::new(binary(name));
    for var in SCRUBBED_ENV {
        command.env_remove(var);
    }
    command.stdin(Stdio::null());
    command
}

/// Output as text (lossy).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Describes a finished command for failure messages.
pub fn describe(what: &str, out: &Output) -> String {
    format!("{what}: {}\n--- stdout ---\n{}\n--- stderr ---\n{}", out.status, text(&out.stdout), text(&out.stderr))
}

/// Reads a pipe to its end on a thread.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut buf);
        }
        buf
    })
}

/// Waits for a child to exit (polling its status, so that the deadline can kill it) and collects
/// its output. A child still running at the deadline is killed and the test fails.
pub fn finish(mut child: Child, what: &str, deadline: Duration) -> Output {
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        match child.try_wait().expect("the child's status can be read") {
            Some(status) => break Some(status),
            None if started.elapsed() > deadline => break None,
            None => std::thread::sleep(POLL),
        }
    };
    let status = match status {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let status = child.wait().expect("wait for the killed child");
            let out =
                Output { status, stdout: stdout.join().unwrap_or_default(), stderr: stderr.join().unwrap_or_default() };
            panic!("{}", describe(&format!("{what} did not finish within {deadline:?} and was killed"), &out));
        }
    };
    Output { status, stdout: stdout.join().unwrap_or_default(), stderr: stderr.join().unwrap_or_default() }
}

/// Waits for a child's exit (no output collected) within `deadline`; kills it and fails after.
fn wait_exit(child: &mut Child, what: &str, deadline: Duration) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the child's status can be read") {
            return status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not exit within {deadline:?}; it was killed");
        }
        std::thread::sleep(POLL);
    }
}

/// Sends a signal (`TERM`, `INT`, …) to a child this test started and has not reaped yet (so its
/// pid cannot have been reused), with the `kill` command (the workspace forbids `unsafe`).
pub fn signal(child: &Child, sig: &str) {
    let pid = child.id().to_string();
    let status = Command::new("kill").args([&format!("-{sig}"), &pid]).status().expect("the kill command runs");
    assert!(status.success(), "kill -{sig} {pid} failed");
}

/// Removes ANSI colour escapes (`ESC [ … m`).
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

/// UTC milliseconds of `YYYY-MM-DD HH:MM` (how change times appear in JSON).
pub fn millis(at: &str) -> i64 {
    chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M")
        .unwrap_or_else(|e| panic!("{at:?} is not YYYY-MM-DD HH:MM: {e}"))
        .and_utc()
        .timestamp_millis()
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/// A `tandem-sync-server serve` process with its data in a temp dir, and an admin token.
#[derive(Debug)]
pub struct Server {
    data: tempfile::TempDir,
    /// A token made with `token create` (may register projects): whoever shares with it becomes
    /// the project's coordinator on the server.
    pub admin_token: String,
    port: Cell<u16>,
    /// The running `serve` process (interior mutability, so that tests can stop and start the
    /// server while they hold references to the members next to it).
    child: RefCell<Option<Child>>,
    /// Every log line (stderr) of every run, ANSI colours removed.
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Makes a data dir and an admin token, and starts serving on 127.0.0.1 with a port the
    /// system picks; returns once the server logs that it listens.
    pub fn start() -> Server {
        let data = tempfile::tempdir().expect("temp dir for the server");
        let out = finish(
            command_for("tandem-sync-server")
                .args(["token", "create", "--name", "admin", "--data"])
                .arg(data.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("tandem-sync-server starts"),
            "tandem-sync-server token create",
            SERVER_DEADLINE,
        );
        assert!(out.status.success(), "{}", describe("tandem-sync-server token create", &out));
        let admin_token = text(&out.stdout).trim().to_owned();
        assert!(admin_token.starts_with("tdt_"), "token create printed a token: {admin_token:?}");
        let server = Server { data, admin_token, port: Cell::new(0), child: RefCell::default(), log: Arc::default() };
        server.spawn(0);
        server
    }

    /// Starts `serve` on `port` (0: any) and waits for the listening line.
    fn spawn(&self, port: u16) {
        assert!(!self.is_running(), "the server is already running");
        let mut child = command_for("tandem-sync-server")
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(self.data.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tandem-sync-server starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        let log = Arc::clone(&self.log);
        // Reads the log to its end (so the server never blocks on a full pipe).
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let line = strip_ansi(&line);
                log.lock().unwrap_or_else(|e| e.into_inner()).push(line.clone());
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + SERVER_DEADLINE;
        let bound = loop {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) if line.contains("sync server listening") => break parse_port(&line),
                Ok(_) => {}
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("the server did not log that it listens within {SERVER_DEADLINE:?}; log:\n{}", self.log());
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let status = child.wait().expect("wait for the server");
                    panic!("the server exited ({status}) before listening; log:\n{}", self.log());
                }
            }
        };
        let bound =
            bound.unwrap_or_else(|| panic!("no addr=127.0.0.1:PORT in the listening line; log:\n{}", self.log()));
        assert!(port == 0 || bound == port, "asked for port {port}, the server listens on {bound}");
        self.port.set(bound);
        *self.child.borrow_mut() = Some(child);
    }

    /// `http://127.0.0.1:PORT`: what `tandem share --server` takes.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port.get())
    }

    pub fn port(&self) -> u16 {
        self.port.get()
    }

    pub fn is_running(&self) -> bool {
        self.child.borrow().is_some()
    }

    fn take_child(&self) -> Child {
        self.child.borrow_mut().take().expect("the server is running")
    }

    /// The server's log so far (all runs).
    pub fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).join("\n")
    }

    /// SIGTERM: the server closes connections, flushes storage and must exit 0.
    pub fn stop(&self) {
        let mut child = self.take_child();
        signal(&child, "TERM");
        let status = wait_exit(&mut child, "the server after SIGTERM", SERVER_DEADLINE);
        assert!(status.success(), "the server exited with {status} after SIGTERM; log:\n{}", self.log());
    }

    /// SIGKILL: the server dies wherever it is.
    pub fn kill(&self) {
        let mut child = self.take_child();
        child.kill().expect("SIGKILL the server");
        child.wait().expect("reap the server");
    }

    /// Starts the server again on the same port and data dir (clients remember the address).
    pub fn restart(&self) {
        self.spawn(self.port.get());
    }

    /// Calls the HTTP API: `method path` with an optional bearer token and JSON body; returns
    /// the status code and the JSON answer (`Null` when the body is not JSON).
    pub fn api(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.url());
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("an HTTP method");
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime for one HTTP call");
        runtime.block_on(async move {
            let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("HTTP client");
            let mut request = client.request(method, &url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response = request.send().await.unwrap_or_else(|e| panic!("{url}: {e}"));
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            (status, serde_json::from_str(&body).unwrap_or(Value::Null))
        })
    }

    /// The project's members on the server (`GET /v1/projects/{id}/members`, as the coordinator
    /// who shared it with the admin token).
    pub fn members(&self, project: &str) -> Vec<Value> {
        let (status, body) = self.api("GET", &format!("/v1/projects/{project}/members"), Some(&self.admin_token), None);
        assert_eq!(status, 200, "list members of {project}: {body}");
        body["members"].as_array().cloned().unwrap_or_else(|| panic!("a members array: {body}"))
    }

    /// Revokes the member called `name` on the server (`DELETE /v1/projects/{id}/members/{m}`).
    pub fn revoke(&self, project: &str, name: &str) -> Value {
        let members = self.members(project);
        let member = members
            .iter()
            .find(|m| m["name"] == name && m["revoked_at"].is_null())
            .unwrap_or_else(|| panic!("no active member {name:?} on the server: {members:?}"));
        let id = member["id"].as_i64().unwrap_or_else(|| panic!("a numeric member id: {member}"));
        let (status, body) =
            self.api("DELETE", &format!("/v1/projects/{project}/members/{id}"), Some(&self.admin_token), None);
        assert_eq!(status, 200, "revoke {name}: {body}");
        body
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.get_mut().take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The port in a log line's `addr=127.0.0.1:PORT`.
fn parse_port(line: &str) -> Option<u16> {
    let (_, rest) = line.split_once("addr=")?;
    let addr = rest.split_whitespace().next()?;
    addr.rsplit_once(':')?.1.parse().ok()
}

// ---------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------

/// A member: a `tandem` profile directory of their own, and the clock their commands run at.
///
/// A profile admits one process at a time, so run one member's commands one after another.
#[derive(Debug)]
pub struct Member {
    pub name: String,
    home: tempfile::TempDir,
    /// `TANDEM_NOW` for the next commands (a mutex, so that a member can be lent to a thread).
    now: Mutex<String>,
}

impl Member {
    /// A fresh, empty profile at [`NOW`].
    pub fn new(name: &str) -> Member {
        Member { name: name.to_owned(), home: tempfile::tempdir().expect("temp profile"), now: Mutex::new(NOW.into()) }
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Sets the clock (`YYYY-MM-DD HH:MM`, UTC) for the following commands.
    pub fn at(&self, now: &str) -> &Member {
        now.clone_into(&mut self.now.lock().unwrap_or_else(|e| e.into_inner()));
        self
    }

    /// `tandem --home HOME ARGS…` with this member's clock, stdin closed, output piped.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = command_for("tandem");
        command
            .arg("--home")
            .arg(self.home.path())
            .args(args)
            .env("TANDEM_NOW", &*self.now.lock().unwrap_or_else(|e| e.into_inner()))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Starts a command and returns the running child (for `sync --watch` and kill tests).
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args).spawn().expect("tandem starts")
    }

    /// Starts `tandem sync --watch --json` and waits until it says it is up to date, so that
    /// changes made from then on reach it as remote events. Returns the process and its lines.
    pub fn watch(&self) -> (Child, Lines) {
        let mut watcher = self.spawn(&["sync", "--watch", "--json"]);
        let mut lines = Lines::new(watcher.stdout.take().expect("piped stdout"));
        let ready = lines.wait_for(WATCH_DEADLINE, |l| is_status_event(l, "up_to_date"));
        assert!(
            ready.is_some(),
            "{}: the watcher reports that it is up to date; it printed {:?}",
            self.name,
            lines.seen
        );
        (watcher, lines)
    }

    /// Runs a command to its end.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    /// Runs a command with extra environment variables (e.g. `EDITOR`).
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = self.command(args);
        command.envs(env.iter().copied());
        finish(command.spawn().expect("tandem starts"), &self.what(args), COMMAND_DEADLINE)
    }

    fn what(&self, args: &[&str]) -> String {
        format!("{}: tandem {}", self.name, args.join(" "))
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_with(args, &[])
    }

    /// Like [`Member::ok`] with extra environment variables.
    pub fn ok_with(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let out = self.run_with(args, env);
        assert!(out.status.success(), "{}", describe(&self.what(args), &out));
        text(&out.stdout)
    }

    /// Runs a command that must fail with status 1 and print nothing on stdout; returns stderr.
    pub fn fail(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "{}", describe(&format!("{} (should fail)", self.what(args)), &out));
        assert!(out.stdout.is_empty(), "{}", describe(&format!("{} printed on stdout", self.what(args)), &out));
        text(&out.stderr)
    }

    /// Runs a command that must fail with status 1 and an `error: …` line on stderr, whatever
    /// it printed on stdout (`tandem sync` reports each project there); returns the output.
    pub fn failure(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "{}", describe(&format!("{} (should fail)", self.what(args)), &out));
        assert!(text(&out.stderr).starts_with("error: "), "{}", describe(&self.what(args), &out));
        out
    }

    /// `tandem sync --json` that must fail (status 1): the reports on stdout and the error on
    /// stderr.
    pub fn sync_failing(&self, timeout_secs: &str) -> (Vec<Value>, String) {
        let args = ["sync", "--timeout", timeout_secs, "--json"];
        let out = self.failure(&args);
        let reports: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{}", describe(&format!("{} printed no JSON ({e})", self.what(&args)), &out)));
        let reports = reports.as_array().unwrap_or_else(|| panic!("an array: {reports}")).clone();
        (reports, text(&out.stderr))
    }

    /// Runs a command with `--json`; it must succeed; returns the parsed output.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let stdout = self.ok(&all);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{} did not print JSON ({e}):\n{stdout}", self.what(&all)))
    }

    /// Runs a creating command with `--json`; returns the new item's id (`Outcome.created`).
    pub fn create(&self, args: &[&str]) -> String {
        let out = self.json(args);
        out["created"].as_str().unwrap_or_else(|| panic!("{} created nothing: {out}", self.what(args))).to_owned()
    }

    /// `tandem sync --json`, which must succeed (up to date): one report per shared project.
    pub fn sync(&self) -> Vec<Value> {
        let out = self.json(&["sync", "--timeout", SYNC_TIMEOUT_SECS]);
        out.as_array().unwrap_or_else(|| panic!("{}: `sync --json` prints an array: {out}", self.name)).clone()
    }

    /// `tandem status --json`: one row per project.
    pub fn status(&self) -> Vec<Value> {
        let out = self.json(&["status"]);
        out.as_array().unwrap_or_else(|| panic!("{}: `status --json` prints an array: {out}", self.name)).clone()
    }

    /// The status row of the only project in this profile.
    pub fn status_one(&self) -> Value {
        let rows = self.status();
        assert_eq!(rows.len(), 1, "{}: one project in the profile: {rows:?}", self.name);
        rows[0].clone()
    }

    /// Every task in the current project (`task list --all --json`).
    pub fn tasks(&self) -> Vec<Value> {
        self.json(&["task", "list", "--all"]).as_array().cloned().expect("task list --json is an array")
    }

    /// One task (`task show ID --json`).
    pub fn task(&self, id: &str) -> Value {
        self.json(&["task", "show", id])
    }

    /// The titles of every task in the current project.
    pub fn task_titles(&self) -> BTreeSet<String> {
        self.tasks().iter().map(|t| t["title"].as_str().expect("a title").to_owned()).collect()
    }

    /// The project log as (author name, text) pairs.
    pub fn log_entries(&self) -> BTreeSet<(String, String)> {
        let entries = self.json(&["log", "list"]);
        entries
            .as_array()
            .expect("log list --json is an array")
            .iter()
            .map(|e| (e["author_name"].as_str().unwrap_or("").to_owned(), e["body"].as_str().unwrap_or("").to_owned()))
            .collect()
    }

    /// `tandem conflicts --json`: `{"conflicts": [...], "deleted_edits": [...]}`.
    pub fn conflicts(&self) -> Value {
        self.json(&["conflicts"])
    }

    /// Everything this replica shows of the current project, as one JSON value: settings,
    /// members, every task, the log, every meeting in full, the conflict list and the dashboard
    /// as of [`SNAPSHOT_DAY`]. Two replicas of one document give equal snapshots.
    pub fn snapshot(&self) -> Value {
        let meetings = self.json(&["meeting", "list", "--all"]);
        let meetings: Vec<Value> = meetings
            .as_array()
            .expect("meeting list --json is an array")
            .iter()
            .map(|m| self.json(&["meeting", "show", m["id"].as_str().expect("a meeting id")]))
            .collect();
        json!({
            "project": self.json(&["project", "show"]),
            "members": self.json(&["member", "list"]),
            "tasks": self.json(&["task", "list", "--all"]),
            "log": self.json(&["log", "list"]),
            "meetings": meetings,
            "conflicts": self.json(&["conflicts"]),
            "dashboard": self.json(&["dashboard", "--today", SNAPSHOT_DAY]),
        })
    }
}

/// Sum of `received.new_changes` over the reports of one `tandem sync --json`.
pub fn received_changes(reports: &[Value]) -> u64 {
    reports.iter().map(|r| r["received"]["new_changes"].as_u64().unwrap_or_else(|| panic!("new_changes in {r}"))).sum()
}

/// The names of the authors in the reports of one `tandem sync --json`.
pub fn received_authors(reports: &[Value]) -> BTreeSet<String> {
    reports
        .iter()
        .flat_map(|r| r["received"]["authors"].as_array().cloned().unwrap_or_default())
        .map(|a| a["name"].as_str().unwrap_or_else(|| panic!("an author name in {a}")).to_owned())
        .collect()
}

/// Whether a line of `tandem sync --watch --json` is a `status` event with this state. The
/// watcher prints one per project once its first sync is over (the report of that sync comes
/// before it, as a JSON array); changes that arrive after it come as `remote` events.
pub fn is_status_event(line: &str, state: &str) -> bool {
    serde_json::from_str::<Value>(line).is_ok_and(|e| e["event"] == "status" && e["state"] == state)
}

/// A line of `tandem sync --watch --json` if it is a `remote` event with changes by `author`.
pub fn remote_event_from(line: &str, author: &str) -> Option<Value> {
    let event: Value = serde_json::from_str(line).ok()?;
    let by_author = event["authors"].as_array()?.iter().any(|a| a["name"] == author);
    (event["event"] == "remote" && by_author).then_some(event)
}

/// Runs `tandem sync` for each member in turn, round after round, until a whole round (after
/// the first) brings nobody anything new; then every member must report `up_to_date` with no
/// unsent changes. Returns the number of rounds it took. No edits may happen meanwhile.
pub fn converge(members: &[&Member]) -> usize {
    let mut history = Vec::new();
    for round in 0..MAX_ROUNDS {
        let mut received = 0;
        for m in members {
            let reports = m.sync();
            for r in &reports {
                assert_eq!(r["state"], "up_to_date", "{}: sync exited 0, so it is up to date: {r}", m.name);
                assert_eq!(r["unsent"], 0, "{}: sync exited 0, so nothing is left to send: {r}", m.name);
            }
            let n = received_changes(&reports);
            history.push(format!("round {round}: {} received {n}", m.name));
            received += n;
        }
        if round > 0 && received == 0 {
            for m in members {
                for row in m.status() {
                    if row["server"].is_null() {
                        continue;
                    }
                    assert_eq!(row["state"], "up_to_date", "{}: status after converging: {row}", m.name);
                    assert_eq!(row["unsent"], 0, "{}: status after converging: {row}", m.name);
                }
            }
            return round + 1;
        }
    }
    panic!(
        "no round of `tandem sync` left everyone with nothing new after {MAX_ROUNDS} rounds:\n{}",
        history.join("\n")
    );
}

/// Every member's snapshot must be equal; returns it. On a difference, names the first part
/// that differs and prints both versions of it.
pub fn assert_identical(members: &[&Member]) -> Value {
    let first = members.first().expect("at least one member");
    let reference = first.snapshot();
    for m in &members[1..] {
        let other = m.snapshot();
        if other == reference {
            continue;
        }
        let keys = reference.as_object().expect("a snapshot is an object");
        for (key, value) in keys {
            if other[key] != *value {
                panic!(
                    "{} and {} differ in {key}:\n--- {} ---\n{}\n--- {} ---\n{}",
                    first.name,
                    m.name,
                    first.name,
                    serde_json::to_string_pretty(value).unwrap_or_default(),
                    m.name,
                    serde_json::to_string_pretty(&other[key]).unwrap_or_default()
                );
            }
        }
        panic!("{} and {} have different snapshots", first.name, m.name);
    }
    reference
}

// ---------------------------------------------------------------------------------------------
// A team on a server
// ---------------------------------------------------------------------------------------------

/// A server and a project on it: the first member created it and shared it (as coordinator),
/// and every other member joined with an invite. Everyone has synced until up to date.
#[derive(Debug)]
pub struct Team {
    pub server: Server,
    pub members: Vec<Member>,
    /// The project's id (its document id) as `tandem share --json` printed it.
    pub project: String,
}

/// The project every team works on.
pub const PROJECT_NAME: &str = "Apollo";

impl Team {
    /// Starts a server; `names[0]` creates project [`PROJECT_NAME`] and shares it; each of the
    /// others joins with a member invite; then everyone converges.
    pub fn new(names: &[&str]) -> Team {
        let server = Server::start();
        let members: Vec<Member> = names.iter().map(|n| Member::new(n)).collect();
        let coordinator = &members[0];
        coordinator.ok(&["project", "create", PROJECT_NAME, "--me", &coordinator.name, "--client", "ACME"]);
        let project = share(coordinator, &server);
        for m in &members[1..] {
            let code = invite(coordinator, "member");
            let joined = m.json(&["join", &code, "--me", &m.name]);
            assert_eq!(joined["project"], project.as_str(), "{} joined the shared project: {joined}", m.name);
            assert_eq!(joined["role"], "member", "{}: {joined}", m.name);
        }
        let team = Team { server, members, project };
        team.converge();
        team
    }

    /// The member called `name`.
    pub fn member(&self, name: &str) -> &Member {
        self.members.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no member {name}"))
    }

    /// Every member, for [`converge`] and [`assert_identical`].
    pub fn all(&self) -> Vec<&Member> {
        self.members.iter().collect()
    }

    /// Syncs everyone until up to date.
    pub fn converge(&self) -> usize {
        converge(&self.all())
    }
}

/// `tandem share --server URL --token ADMIN --json` by the coordinator: returns the project id.
pub fn share(coordinator: &Member, server: &Server) -> String {
    let shared = coordinator.json(&["share", "--server", &server.url(), "--token", &server.admin_token]);
    assert_eq!(shared["role"], "coordinator", "the one who shares is the coordinator: {shared}");
    shared["project"].as_str().unwrap_or_else(|| panic!("share --json names the project: {shared}")).to_owned()
}

/// `tandem invite --role ROLE` by the coordinator: the invite code (one line on stdout).
pub fn invite(coordinator: &Member, role: &str) -> String {
    let out = coordinator.ok(&["invite", "--role", role]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "invite prints one line: {out:?}");
    assert!(lines[0].starts_with("tandem-invite:"), "an invite code: {out:?}");
    lines[0].to_owned()
}

// ---------------------------------------------------------------------------------------------
// Long-running processes
// ---------------------------------------------------------------------------------------------

/// The stdout of a running child, line by line, read on a thread.
#[derive(Debug)]
pub struct Lines {
    rx: mpsc::Receiver<String>,
    /// Every line read so far.
    pub seen: Vec<String>,
}

impl Lines {
    /// Starts reading `stdout` (taken from a child spawned with piped stdout).
    pub fn new(stdout: ChildStdout) -> Lines {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Lines { rx, seen: Vec::new() }
    }

    /// The next line for which `pred` holds; `None` if the stream ends or `deadline` passes
    /// first.
    pub fn wait_for(&mut self, deadline: Duration, pred: impl Fn(&str) -> bool) -> Option<String> {
        let until = Instant::now() + deadline;
        loop {
            match self.rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if pred(&line) {
                        return Some(line);
                    }
                }
                Err(_) => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_missing_binary_says_what_to_build() {
        let err = std::panic::catch_unwind(|| super::binary("tandem-no-such-binary")).expect_err("no such binary");
        let msg = err.downcast_ref::<String>().cloned().unwrap_or_default();
        assert!(msg.contains("run `cargo build -p tandem-cli -p tandem-sync-server` first"), "{msg}");
    }

    #[test]
    fn the_port_comes_from_the_listening_line() {
        let line = "2026-11-26T02:00:00.000000Z  INFO tandem_sync_server: sync server listening (WebSocket at /sync) addr=127.0.0.1:40533";
        assert_eq!(super::parse_port(line), Some(40533));
        assert_eq!(super::millis("2026-12-02 11:00"), 1_796_209_200_000);
    }
}
