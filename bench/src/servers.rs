//! The two sync servers the load generator drives, each as its own process so its CPU and memory
//! can be read from `/proc`: our `tandem-sync-server` binary and the Node automerge-repo 2.5.6
//! server (`bench/node/relay-server.mjs`). Also the HTTP calls that give load-generator clients
//! access to projects on our server (register, invite, join); the Node server has no
//! authorization.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use samod::DocumentId;
use serde_json::{Value, json};

/// Which server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ours,
    Node,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ours => "ours",
            Kind::Node => "node",
        }
    }
}

/// The Node server's script (see its header).
const NODE_SCRIPT: &str = include_str!("../node/relay-server.mjs");

/// Longest a server may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A running server process, killed when dropped.
#[derive(Debug)]
pub struct ServerProc {
    pub kind: Kind,
    child: Child,
    pub pid: u32,
    pub addr: SocketAddr,
    /// Our server: a token that may register projects. The Node server has none.
    admin: Option<String>,
    http: reqwest::Client,
    /// API calls answered 500 by the metadata database and retried.
    pub http_retries: std::sync::atomic::AtomicU64,
    /// The data directory (and the server's log), removed when dropped.
    dir: tempfile::TempDir,
}

/// Where our release (or debug) server binary is: beside the running executable, unless given.
pub fn default_ours_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.parent().unwrap_or(Path::new(".")).join("tandem-sync-server")
}

/// The directory with the pinned Node packages (sync-server/tests/node).
pub fn node_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sync-server/tests/node")
}

impl ServerProc {
    /// Starts `tandem-sync-server serve` on 127.0.0.1 (a free port) on a fresh data directory,
    /// after `tandem-sync-server token create` made the admin token. Logs go to `server.log`
    /// in the temp dir (the default level, as deployed).
    pub fn start_ours(bin: &Path) -> Result<ServerProc, String> {
        if !bin.is_file() {
            return Err(format!(
                "our server binary {} is missing: build it first with \
                 `cargo build -p tandem-sync-server --release` (same CARGO_TARGET_DIR), or pass --ours-bin PATH",
                bin.display()
            ));
        }
        let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temp dir: {e}"))?;
        let data = dir.path().join("data");
        let out = Command::new(bin)
            .args(["token", "create", "--name", "bench", "--data"])
            .arg(&data)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
        if !out.status.success() {
            return Err(format!("`token create` failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        let admin = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let log_path = dir.path().join("server.log");
        let log = std::fs::File::create(&log_path).map_err(|e| format!("cannot create the server log: {e}"))?;
        let child = Command::new(bin)
            .args(["serve", "--listen", "127.0.0.1:0", "--log-format", "json", "--data"])
            .arg(&data)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let pid = child.id();
        let mut server = ServerProc {
            kind: Kind::Ours,
            child,
            pid,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            admin: Some(admin),
            http: reqwest::Client::new(),
            http_retries: Default::default(),
            dir,
        };
        // The listening line of the JSON log carries the address.
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let text = std::fs::read_to_string(&log_path).unwrap_or_default();
            let addr = text.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()).find_map(|v| {
                let fields = &v["fields"];
                let listening = fields["message"].as_str()?.starts_with("sync server listening");
                if listening { fields["addr"].as_str()?.parse::<SocketAddr>().ok() } else { None }
            });
            if let Some(addr) = addr {
                server.addr = addr;
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("our server exited ({status}) before listening:\n{text}"));
            }
            if Instant::now() > deadline {
                return Err(format!("our server did not listen within {START_TIMEOUT:?}:\n{text}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Starts the Node automerge-repo server (needs Node and `npm ci --prefix sync-server/tests/node`).
    pub fn start_node() -> Result<ServerProc, String> {
        let cwd = node_dir();
        let install = "install Node 20 and run `npm ci --prefix sync-server/tests/node` from the workspace root";
        if !cwd.join("node_modules/@automerge/automerge-repo/package.json").is_file() {
            return Err(format!("{}/node_modules is missing: {install}", cwd.display()));
        }
        let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temp dir: {e}"))?;
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).map_err(|e| format!("cannot create {}: {e}", data.display()))?;
        let log = std::fs::File::create(dir.path().join("server.log"))
            .map_err(|e| format!("cannot create the server log: {e}"))?;
        let mut child = Command::new("node")
            .current_dir(&cwd)
            .args(["--input-type=module", "-e", NODE_SCRIPT])
            .arg(&data)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot run `node` ({e}): {install}"))?;
        let pid = child.id();
        let stdout = child.stdout.take().ok_or("no stdout from node")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let mut server = ServerProc {
            kind: Kind::Node,
            child,
            pid,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            admin: None,
            http: reqwest::Client::new(),
            http_retries: Default::default(),
            dir,
        };
        let line = rx.recv_timeout(START_TIMEOUT).map_err(|_| {
            format!("the Node server did not print its port within {START_TIMEOUT:?}; see {}", server.log().display())
        })?;
        let port = serde_json::from_str::<Value>(&line).ok().and_then(|v| v["port"].as_u64()).ok_or_else(|| {
            let log = std::fs::read_to_string(server.log()).unwrap_or_default();
            format!("the Node server printed {line:?}, not {{\"port\": N}}:\n{log}")
        })?;
        server.addr = SocketAddr::from(([127, 0, 0, 1], u16::try_from(port).map_err(|_| "port out of range")?));
        Ok(server)
    }

    pub fn log(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    /// The WebSocket URL for a client holding `token` (ignored by the Node server).
    pub fn ws_url(&self, token: Option<&str>) -> String {
        match token {
            Some(t) if self.kind == Kind::Ours => format!("ws://{}/sync?token={t}", self.addr),
            _ => format!("ws://{}/sync", self.addr),
        }
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// "running", or how the process ended.
    pub fn status(&mut self) -> String {
        match self.child.try_wait() {
            Ok(None) => "running".into(),
            Ok(Some(status)) => format!("exited: {status}"),
            Err(e) => format!("unknown ({e})"),
        }
    }

    /// POSTs `body`; a 500 from our metadata database (SQLite busy, see bench/README.md) is
    /// retried a few times and counted in `http_retries`.
    async fn call(&self, path: &str, bearer: Option<&str>, body: Value) -> Result<Value, String> {
        let mut attempt = 0;
        loop {
            let mut req = self.http.post(format!("http://{}{path}", self.addr)).json(&body);
            if let Some(b) = bearer {
                req = req.bearer_auth(b);
            }
            let resp = req.send().await.map_err(|e| format!("POST {path}: {e}"))?;
            let status = resp.status();
            let text = resp.text().await.map_err(|e| format!("POST {path}: {e}"))?;
            if status.is_success() {
                return serde_json::from_str(&text).map_err(|e| format!("POST {path}: not JSON ({e}): {text}"));
            }
            if status.as_u16() == 500 && text.contains("metadata database") && attempt < 20 {
                attempt += 1;
                self.http_retries.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
            return Err(format!("POST {path} answered {status}: {text}"));
        }
    }

    /// Registers the projects with the admin token (our server; nothing to do for Node).
    pub async fn register(&self, docs: &[DocumentId]) -> Result<(), String> {
        let Some(admin) = &self.admin else { return Ok(()) };
        for (i, doc) in docs.iter().enumerate() {
            self.call(
                "/v1/projects",
                Some(admin),
                json!({"document_id": doc.to_string(), "name": format!("bench {i}")}),
            )
            .await?;
        }
        Ok(())
    }

    /// A member token for one client with a member grant on each of `docs` (invite, then join;
    /// later joins add the grant to the same token). `None` for the Node server.
    pub async fn member_token(&self, name: &str, docs: &[DocumentId]) -> Result<Option<String>, String> {
        let Some(admin) = &self.admin else { return Ok(None) };
        let mut token: Option<String> = None;
        for doc in docs {
            let invite =
                self.call(&format!("/v1/projects/{doc}/invites"), Some(admin), json!({"role": "member"})).await?;
            let invite = invite["invite"].as_str().ok_or("the invite answer has no invite")?.to_owned();
            let joined = self.call("/v1/join", token.as_deref(), json!({"invite": invite, "name": name})).await?;
            if token.is_none() {
                token = Some(joined["token"].as_str().ok_or("the join answer has no token")?.to_owned());
            }
        }
        Ok(token)
    }
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
