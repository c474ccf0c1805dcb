//! A real Tandem sync server (the `tandem_sync_server` library, embedded storage in a fresh
//! data directory) running in this process on 127.0.0.1, on its own tokio runtime, and a
//! reader of its Prometheus `/metrics`.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use tandem_sync_server::{AppState, Config, ServerError, TokenKind};
use tokio::sync::oneshot;

/// The protocol counters of `/metrics` (all connections together).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counters {
    pub bytes_in: f64,
    pub bytes_out: f64,
    pub messages_in: f64,
    pub messages_out: f64,
}

impl Counters {
    /// What happened between `self` (earlier) and `later`.
    pub fn delta(self, later: Counters) -> Counters {
        Counters {
            bytes_in: later.bytes_in - self.bytes_in,
            bytes_out: later.bytes_out - self.bytes_out,
            messages_in: later.messages_in - self.messages_in,
            messages_out: later.messages_out - self.messages_out,
        }
    }
}

/// A sync server serving until [`BenchServer::stop`].
#[derive(Debug)]
pub struct BenchServer {
    rt: tokio::runtime::Runtime,
    addr: SocketAddr,
    /// A token that may register projects (what `tandem-sync-server token create` prints).
    pub admin: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), ServerError>>>,
    /// The server's state, to look at its copy of a document.
    state: AppState,
}

impl BenchServer {
    /// Opens `data` (created if needed) and serves on 127.0.0.1:0 with the default limits.
    pub fn start(data: &Path) -> Result<BenchServer, String> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("bench-sync-server")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
        let (state, listener, admin) = rt.block_on(async {
            let state = AppState::open(Config::new(data)).await.map_err(|e| format!("the server cannot open: {e}"))?;
            // What `tandem-sync-server token create --data DIR --name NAME` does.
            let (_, admin) = state
                .db()
                .create_token("bench", TokenKind::Admin)
                .await
                .map_err(|e| format!("cannot create a token: {e}"))?;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
            Ok::<_, String>((state, listener, admin))
        })?;
        let addr = listener.local_addr().map_err(|e| format!("no local address: {e}"))?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = rt.spawn(tandem_sync_server::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        Ok(BenchServer { rt, addr, admin, stop: Some(stop), task: Some(task), state })
    }

    /// The address members share with (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The heads of the server's copy of a document (sorted), or `None` if it has none.
    pub fn heads(&self, document: &str) -> Result<Option<Vec<automerge::ChangeHash>>, String> {
        let id = samod::DocumentId::from_str(document).map_err(|_| format!("{document:?} is not a document id"))?;
        let found = self.rt.block_on(self.state.repo().find(id)).map_err(|_| "the server's repo stopped".to_owned())?;
        Ok(found.map(|h| {
            let mut heads = h.with_document(|d| d.get_heads());
            heads.sort();
            heads
        }))
    }

    /// The body of `GET /metrics`.
    pub fn scrape(&self) -> Result<String, String> {
        let mut conn = std::net::TcpStream::connect(self.addr).map_err(|e| format!("cannot reach /metrics: {e}"))?;
        conn.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
        write!(conn, "GET /metrics HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr)
            .map_err(|e| format!("cannot ask /metrics: {e}"))?;
        let mut response = String::new();
        conn.read_to_string(&mut response).map_err(|e| format!("cannot read /metrics: {e}"))?;
        let (head, body) = response.split_once("\r\n\r\n").ok_or("/metrics answered without a body")?;
        if !head.starts_with("HTTP/1.1 200") {
            return Err(format!("/metrics answered {}", head.lines().next().unwrap_or("")));
        }
        Ok(body.to_owned())
    }

    /// The protocol byte and message counters.
    pub fn counters(&self) -> Result<Counters, String> {
        let body = self.scrape()?;
        let value = |name: &str| -> Result<f64, String> {
            body.lines()
                .find(|l| l.split_whitespace().next().is_some_and(|m| m == name || m == format!("{name}_total")))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("/metrics has no {name}"))
        };
        Ok(Counters {
            bytes_in: value("tandem_sync_bytes_in")?,
            bytes_out: value("tandem_sync_bytes_out")?,
            messages_in: value("tandem_sync_messages_in")?,
            messages_out: value("tandem_sync_messages_out")?,
        })
    }

    /// Graceful shutdown (closes connections, flushes storage).
    pub fn stop(mut self) -> Result<(), String> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            match self.rt.block_on(task) {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(format!("the server failed: {e}")),
                Err(e) => return Err(format!("the server task failed: {e}")),
            }
        }
        Ok(())
    }
}
