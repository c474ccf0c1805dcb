//! tandem-sync-server: relays and stores Tandem project documents over the automerge-repo
//! WebSocket protocol (samod), behind bearer tokens and per-project grants kept in SQLite.
//!
//! The server never reads the project schema: documents are opaque Automerge documents, and the
//! gate ([`gate`]) decodes only the automerge-repo message envelope to authorize each message.
//!
//! ```no_run
//! # async fn example() -> anyhow::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let config = tandem_sync_server::Config::new("/var/lib/tandem");
//! tandem_sync_server::run(listener, config, async { let _ = tokio::signal::ctrl_c().await; }).await?;
//! # Ok(()) }
//! ```

mod api;
mod conns;
pub mod db;
mod gate;
pub mod metrics;
pub mod wire;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{any, delete, get, post};
use samod::{AcceptorHandle, DocumentId, PeerId, Repo};
use tandem_store::FsStore;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use db::{Db, Role, TokenKind};

/// Bounds on what one peer may cost the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest WebSocket frame accepted, in bytes. automerge-repo clients (samod, the JS repo)
    /// send each message as one frame, so this bounds uploads as much as `max_message_bytes`
    /// does; the default is the same.
    pub max_frame_bytes: usize,
    /// Largest message (all frames of one message) accepted, in bytes. A whole project's first
    /// sync arrives as one message, so this bounds the largest project a member can upload.
    pub max_message_bytes: usize,
    /// Sustained messages per second per connection (pings included).
    pub messages_per_second: u32,
    /// Messages a connection may send in a burst above the sustained rate.
    pub message_burst: u32,
    /// Open WebSocket connections at once; more are answered 503.
    pub max_connections: usize,
    /// Time from the upgrade to the peer's `join` message.
    pub handshake_timeout: Duration,
    /// A connection with nothing heard for this long is closed.
    pub idle_timeout: Duration,
    /// How often the server pings each connection.
    pub ping_interval: Duration,
    /// Longest peer id accepted in a `join`.
    pub max_peer_id_len: usize,
    /// Bytes of each connection's WebSocket read buffer, allocated (and written) up front for
    /// every connection, idle or not, and the most read from the socket in one call. It does
    /// not bound message size: a larger frame is read into space reserved for its length.
    pub ws_read_buffer_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_frame_bytes: 256 << 20,
            max_message_bytes: 256 << 20,
            messages_per_second: 200,
            message_burst: 2_000,
            max_connections: 20_000,
            handshake_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(90),
            ping_interval: Duration::from_secs(30),
            max_peer_id_len: 256,
            // tungstenite's default is 128 KiB: 125 of the 255 KiB an idle connection cost
            // (`tandem-bench idle`, 1,000 connections), and a 12 MiB upload was no faster with it.
            ws_read_buffer_bytes: 4 << 10,
        }
    }
}

/// Where the server keeps its data, and its limits.
#[derive(Debug, Clone)]
pub struct Config {
    /// Documents go in `<data_dir>/documents` (automerge-repo layout), metadata in
    /// `<data_dir>/metadata.sqlite`.
    pub data_dir: PathBuf,
    pub limits: Limits,
}

impl Config {
    pub fn new(data_dir: impl Into<PathBuf>) -> Config {
        Config { data_dir: data_dir.into(), limits: Limits::default() }
    }

    pub fn documents_dir(&self) -> PathBuf {
        self.data_dir.join("documents")
    }

    pub fn metadata_path(&self) -> PathBuf {
        metadata_path(&self.data_dir)
    }
}

/// The SQLite file inside a data directory.
pub fn metadata_path(data_dir: &Path) -> PathBuf {
    data_dir.join("metadata.sqlite")
}

/// Errors starting or stopping the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("cannot open the document store: {0}")]
    Store(#[from] tandem_store::StoreError),
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("the sync relay stopped while starting")]
    Stopped,
    #[error("serving HTTP: {0}")]
    Io(#[from] std::io::Error),
}

/// Everything the handlers share. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    db: Db,
    repo: Repo,
    acceptor: AcceptorHandle,
    store: FsStore,
    conns: Arc<conns::Connections>,
    metrics: Arc<metrics::Metrics>,
    limits: Limits,
    /// This server's automerge-repo peer id (new each start).
    peer_id: String,
    /// Cancelled when the server shuts down; every connection's close signal is a child.
    shutdown: CancellationToken,
    /// The WebSocket tasks, so shutdown can wait for them.
    tasks: TaskTracker,
}

impl AppState {
    /// Opens the data directory (creating it), the metadata database and the relay.
    pub async fn open(config: Config) -> Result<AppState, ServerError> {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|source| ServerError::DataDir { path: config.data_dir.clone(), source })?;
        let store = FsStore::open(config.documents_dir())?;
        let db = Db::open(&config.metadata_path()).await?;
        let conns = Arc::new(conns::Connections::default());
        let metrics = Arc::new(metrics::Metrics::default());
        let peer_id = format!("tandem-sync-server-{}", &db::new_secret("")[..16]);
        let policy_conns = conns.clone();
        let repo = Repo::builder(tokio::runtime::Handle::current())
            .with_storage(store.clone())
            .with_peer_id(PeerId::from(peer_id.as_str()))
            .with_announce_policy(move |doc: DocumentId, peer: PeerId| policy_conns.peer_may_see(&peer, &doc))
            .with_observer(metrics::Observer(metrics.clone()))
            .load()
            .await;
        let url = samod::Url::parse("ws://tandem-sync-server/sync").map_err(|_| ServerError::Stopped)?;
        let acceptor = repo.make_acceptor(url).map_err(|_| ServerError::Stopped)?;
        Ok(AppState {
            inner: Arc::new(Shared {
                db,
                repo,
                acceptor,
                store,
                conns,
                metrics,
                limits: config.limits,
                peer_id,
                shutdown: CancellationToken::new(),
                tasks: TaskTracker::new(),
            }),
        })
    }

    /// The metadata database (tests and the `token` subcommands use it directly).
    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// The relay's samod repository.
    pub fn repo(&self) -> &Repo {
        &self.inner.repo
    }

    /// The document store (its health is what `/healthz` reports; tests inject faults through it).
    pub fn store(&self) -> &FsStore {
        &self.inner.store
    }

    /// This server's automerge-repo peer id.
    pub fn peer_id(&self) -> &str {
        &self.inner.peer_id
    }

    /// Open WebSocket connections.
    pub fn connection_count(&self) -> usize {
        self.inner.conns.len()
    }

    /// Stops accepting, closes every connection with a reason, waits for their tasks, flushes
    /// and stops the relay, and closes the database.
    pub async fn shutdown(&self) {
        let shared = &self.inner;
        shared.shutdown.cancel();
        shared.conns.close_all();
        shared.tasks.close();
        if tokio::time::timeout(Duration::from_secs(10), shared.tasks.wait()).await.is_err() {
            tracing::warn!("some connections did not close within 10 s");
        }
        shared.acceptor.close();
        // samod's stop waits for pending storage writes, which the store retries for as long as
        // the disk fails; do not hang shutdown on a broken disk. Peers keep their changes and
        // sync them again to a server that does not have them.
        if tokio::time::timeout(Duration::from_secs(10), shared.repo.stop()).await.is_err() {
            tracing::error!(
                storage = ?shared.store.health(),
                "stopped without storing every document change: storage writes kept failing for 10 s"
            );
        }
        shared.db.close().await;
        tracing::info!("sync server stopped");
    }
}

/// The HTTP routes: the WebSocket sync endpoint, the project API, health and metrics.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/sync", any(api::sync_upgrade))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .route("/v1/projects", post(api::register_project).get(api::list_projects))
        .route("/v1/projects/{document_id}/invites", post(api::create_invite))
        .route("/v1/projects/{document_id}/members", get(api::list_members))
        .route("/v1/projects/{document_id}/members/{member_id}", delete(api::revoke_member))
        .route("/v1/join", post(api::join))
        .with_state(state)
}

/// Serves an opened state on `listener` until `shutdown` resolves, then shuts down gracefully.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let stop = state.inner.shutdown.clone();
    let app = router(state.clone());
    let signal = async move {
        tokio::select! {
            () = shutdown => {}
            () = stop.cancelled() => {}
        }
    };
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "sync server listening (WebSocket at /sync)");
    }
    let served = axum::serve(listener, app).with_graceful_shutdown(signal).await;
    state.shutdown().await;
    served?;
    Ok(())
}

/// Opens `config.data_dir` and serves on `listener` until `shutdown` resolves.
pub async fn run(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let state = AppState::open(config).await?;
    serve(listener, state, shutdown).await
}
