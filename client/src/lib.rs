//! tandem-client: a member's replica of their projects.
//!
//! A [`Client`] opens a profile directory (see [`profile`]), runs a samod `Repo` over a
//! [`tandem_store::FsStore`] inside it, and executes tandem-core commands on project documents.
//! [`Client::execute`] returns only once the change is on disk. Everything works offline; a
//! project that is shared ([`Client::share`], [`Client::join`]) also syncs with its server
//! whenever the client is connected ([`Client::connect`], [`Client::sync`]), and reports its
//! [`SyncStatus`] and the changes that arrive ([`Client::subscribe`]).

pub mod handover;
pub mod net;
pub mod profile;
pub mod server;
pub mod sync;
pub mod view_cache;

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use automerge::{ActorId, Automerge, ChangeHash, ReadDoc};
use samod::{BackoffConfig, DocHandle, DocumentId, Repo};
use tandem_core::merge::MergeReport;
use tandem_core::project::ProjectCommand;
use tandem_core::{Command, CoreError, Ctx, Millis, Outcome};
use tandem_store::{FsStore, StorageKey, StoreError};

pub use profile::{Profile, ProjectEntry, ServerEntry, resolve_home};
pub use server::{InviteCode, ServerAddr};
pub use sync::{ClientEvent, RemoteChanges, SyncState, SyncStatus};

/// Why a client operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The command was refused; the message says what to fix.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The disk refused a write; nothing was acknowledged.
    #[error("storage error: {0}")]
    Store(#[from] StoreError),
    /// The disk refuses writes, so the command was not run: nothing changed, and running it
    /// again once the disk has room makes exactly one change.
    #[error(
        "the disk is full or refuses writes ({error}), so nothing was changed; free space on the disk, \
         then try again"
    )]
    StorageFailing { error: String },
    /// The command's change is made (in this process's memory) but the disk refused to store it.
    /// The client keeps it and stores it as soon as the disk takes writes again (and tries once
    /// more when it closes), so the command must not be repeated. A process that cannot wait
    /// calls [`Client::finish_pending`].
    #[error(
        "\"{}\" is done, but the disk refused to save it ({error}); Tandem keeps the change and saves it as \
         soon as the disk takes writes again, so do not repeat it: free space on the disk, and keep \
         Tandem open until then",
        outcome.summary
    )]
    SavePending { outcome: Box<Outcome>, error: String },
    /// Changes that were made in memory are NOT on disk, and this process will not write them
    /// (see [`Client::finish_pending`]): running the same commands again makes them once.
    #[error(
        "NOT saved: the disk refused to write {} ({error}); nothing of it was written, so once there \
         is free space on the disk, run the same command again",
        quoted(summaries)
    )]
    NotSaved { summaries: Vec<String>, error: String },
    /// The profile directory or file is unusable.
    #[error("{0}")]
    Profile(String),
    /// No project was named and none is current.
    #[error("no project selected: create one with `tandem project create`, or pass --project")]
    NoProject,
    /// The named project is not in this profile.
    #[error("no project matches {0:?} in this profile; `tandem project list` shows them")]
    UnknownProject(String),
    /// The selector matches several projects.
    #[error("{selector:?} matches several projects ({matches}); use more of the id")]
    AmbiguousProject { selector: String, matches: String },
    /// The project is listed but its document is missing from the store.
    #[error("project {0} is listed in this profile but its data is missing from the store")]
    MissingDocument(String),
    /// The replica was shut down.
    #[error("the replica stopped")]
    Stopped,
    /// Input such as a server address or invite code is malformed; the message says what to fix.
    #[error("{0}")]
    Input(String),
    /// The server could not be reached.
    #[error("cannot reach {server}: {reason}")]
    Unreachable { server: String, reason: String },
    /// The server refused a request; the message is the server's.
    #[error("{server} refused: {message}")]
    Server { server: String, status: u16, message: String },
    /// The operation needs a shared project.
    #[error("project {0} is not shared with any server: share it first with `tandem share --server URL --token T`")]
    NotShared(String),
    /// A viewer tried to change the project.
    #[error("you are a viewer of {0}: you can read it and sync it, but not change it")]
    ReadOnly(String),
    /// Syncing did not finish.
    #[error("{0}")]
    Sync(String),
    /// Another process holds this profile.
    #[error(
        "the profile {0} is in use by another Tandem process (the app, or a command still running); \
         wait for it to finish or close it, then try again"
    )]
    Busy(String),
    /// A file or folder the user asked for could not be written; nothing was left half-written.
    #[error("{0}")]
    Output(String),
}

fn quoted(summaries: &[String]) -> String {
    summaries.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ")
}

/// How long [`Client::close`] waits for writes the disk refuses before it gives them up.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// How long `open` waits for another process to release the profile.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Takes the profile's exclusive lock, waiting up to `wait` for another process to finish.
/// The operating system releases it when the process exits, even after a kill.
fn lock_profile(home: &Path, wait: std::time::Duration) -> Result<std::fs::File, ClientError> {
    let path = home.join("lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| ClientError::Profile(format!("cannot open {}: {e}", path.display())))?;
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < wait => {
                // Commands are short; poll rather than block so a stuck holder gives a clear error.
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(ClientError::Busy(home.display().to_string())),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(ClientError::Profile(format!("cannot lock {}: {e}", path.display())));
            }
        }
    }
}

/// One project in the profile, for listings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProjectSummary {
    pub id: String,
    pub name: String,
    pub current: bool,
}

/// Source of the current time; replaceable so scripts and tests can pin it.
pub type Clock = Box<dyn Fn() -> Millis + Send + Sync>;

/// The clock as background tasks hold it.
pub(crate) type SharedClock = Arc<dyn Fn() -> Millis + Send + Sync>;

fn system_clock() -> SharedClock {
    Arc::new(|| Millis(chrono::Utc::now().timestamp_millis()))
}

/// How often to retry a server: quickly at first, then every 15 s at most, forever.
const BACKOFF: BackoffConfig =
    BackoffConfig { initial_delay: Duration::from_millis(200), max_delay: Duration::from_secs(15), max_retries: None };

/// How [`Client::sync`] waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncOptions {
    /// Give up after this long.
    pub timeout: Duration,
    /// Give up earlier once a server has been unreachable for this long.
    pub offline_grace: Duration,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions { timeout: Duration::from_secs(60), offline_grace: Duration::from_secs(3) }
    }
}

/// What syncing one project did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SyncOutcome {
    /// Where the project stands now (its id and name included).
    #[serde(flatten)]
    pub status: SyncStatus,
    /// Changes from other replicas that arrived while syncing.
    pub received: MergeReport,
}

/// What sharing a project did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShareOutcome {
    pub project: String,
    pub server: String,
    pub role: Option<String>,
    /// The project was registered now (false: it already was, by this profile).
    pub registered: bool,
}

/// What joining did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JoinOutcome {
    pub project: String,
    pub name: String,
    pub server: String,
    pub role: Option<String>,
    /// The member this device writes as (none for viewers).
    pub member: Option<String>,
    /// What recording the joiner did, if anything.
    pub summary: Option<String>,
}

/// A new invite.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Invite {
    pub code: String,
    pub role: Option<String>,
    /// UTC milliseconds (none for a plain relay, where a code does not expire).
    pub expires_at: Option<i64>,
    /// Whether the code opens the project to anyone holding it (plain relays).
    pub open: bool,
}

/// A member's replica: profile, store, samod repo, and the project documents in it.
pub struct Client {
    /// Held for the client's lifetime: one process per profile, because every process of a
    /// profile writes as the same Automerge actor and two writers would reuse sequence numbers.
    _lock: std::fs::File,
    rt: tokio::runtime::Runtime,
    repo: Repo,
    store: FsStore,
    shared: Arc<sync::Shared>,
    actor: ActorId,
    clock: SharedClock,
    handles: HashMap<String, DocHandle>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("home", &self.shared.profile().home()).finish_non_exhaustive()
    }
}

impl Client {
    /// Opens (creating if needed) the profile in `home` and loads its store.
    pub fn open(home: &Path) -> Result<Self, ClientError> {
        Self::open_waiting(home, LOCK_WAIT)
    }

    /// Like [`Client::open`], waiting at most `wait` for another process to release the profile.
    pub fn open_waiting(home: &Path, wait: std::time::Duration) -> Result<Self, ClientError> {
        let profile = Profile::open(home)?;
        let lock = lock_profile(home, wait)?;
        let actor = ActorId::from_str(&profile.config.device)
            .map_err(|_| ClientError::Profile("profile.json has an invalid device id; remove the profile".into()))?;
        let store = FsStore::open(profile.store_dir())?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| ClientError::Profile(format!("cannot start the async runtime: {e}")))?;
        let api = rt.block_on(async { server::Api::new() })?;
        let shared = sync::Shared::new(profile, store.clone(), actor.to_hex_string(), api);
        // Only shared projects are ever offered to a server; local ones never leave the device.
        let announced = shared.announced.clone();
        let policy = move |doc: DocumentId, _peer: samod::PeerId| {
            announced.read().map(|a| a.contains(&doc.to_string())).unwrap_or(false)
        };
        let repo = rt.block_on(
            Repo::builder(rt.handle().clone()).with_storage(store.clone()).with_announce_policy(policy).load(),
        );
        rt.spawn(sync::keep_saving(shared.clone()));
        Ok(Self { _lock: lock, rt, repo, store, shared, actor, clock: system_clock(), handles: HashMap::new() })
    }

    /// Replaces the clock (for scripts and tests that need fixed times).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = Arc::from(clock);
    }

    /// The profile's home directory.
    pub fn home(&self) -> std::path::PathBuf {
        self.shared.profile().home().to_path_buf()
    }

    /// A copy of the profile's settings.
    pub fn config(&self) -> profile::ProfileConfig {
        self.shared.profile().config.clone()
    }

    /// The store, e.g. to show its health.
    pub fn store(&self) -> &FsStore {
        &self.store
    }

    /// This device's actor id.
    pub fn actor(&self) -> &ActorId {
        &self.actor
    }

    /// Creates a project (its first change makes `me` the coordinator), stores it durably, and
    /// makes it current. Only `ProjectCommand::Create` is accepted.
    pub fn create_project(&mut self, create: ProjectCommand) -> Result<(String, Outcome), ClientError> {
        if !matches!(create, ProjectCommand::Create { .. }) {
            return Err(ClientError::Profile("create_project needs a ProjectCommand::Create".into()));
        }
        let mut doc = Automerge::new();
        doc.set_actor(self.actor.clone());
        let outcome = tandem_core::execute(&mut doc, &Ctx::at((self.clock)()), Command::Project(create))?;
        let key = self.adopt(doc)?;
        Ok((key, outcome))
    }

    /// Adds the project in a `.automerge` archive (as `tandem export archive` writes it) to this
    /// profile as a new local project, not shared, and makes it current. Returns its id and name.
    /// The copy keeps the whole history; edits made in it do not reach the original.
    pub fn open_archive(&mut self, bytes: &[u8]) -> Result<(String, String), ClientError> {
        let mut doc = Automerge::load(bytes)
            .map_err(|e| ClientError::Profile(format!("this file is not a Tandem project archive ({e})")))?;
        tandem_core::schema::check_version(&doc)?;
        let name = tandem_core::project::project(&doc)
            .map_err(|_| ClientError::Profile("this Automerge document holds no Tandem project".into()))?
            .name;
        doc.set_actor(self.actor.clone());
        let key = self.adopt(doc)?;
        Ok((key, name))
    }

    /// Stores a document as a new project of this profile, durably, and makes it current.
    fn adopt(&mut self, doc: Automerge) -> Result<String, ClientError> {
        self.ensure_writable()?;
        let handle = self.rt.block_on(self.repo.create(doc.clone())).map_err(|_| ClientError::Stopped)?;
        let id = handle.document_id().clone();
        // samod persisted it already; write it ourselves too so success means "on disk" no
        // matter how samod batches. A new project is one change; an archive may hold a long
        // history, which goes in as one chunk (one file per change would be slow to write and load).
        let changes = doc.get_changes(&[]);
        if changes.len() <= 1 {
            for change in changes {
                self.store.put_durable(&StorageKey::incremental_path(&id, change.hash()), change.raw_bytes())?;
            }
        } else {
            let bytes = doc.save();
            self.store.put_durable(&StorageKey::incremental_chunk_path(&id, &bytes), &bytes)?;
        }
        let name = tandem_core::project::project(&doc).map(|p| p.name).unwrap_or_default();
        let key = id.to_string();
        {
            let mut p = self.shared.profile();
            p.config.projects.insert(key.clone(), ProjectEntry::local(name));
            p.config.current = Some(key.clone());
            p.save()?;
        }
        self.handles.insert(key.clone(), handle);
        Ok(key)
    }

    /// Every project in the profile.
    pub fn projects(&self) -> Vec<ProjectSummary> {
        let p = self.shared.profile();
        p.config
            .projects
            .iter()
            .map(|(id, e)| ProjectSummary {
                id: id.clone(),
                name: e.name.clone(),
                current: p.config.current.as_deref() == Some(id),
            })
            .collect()
    }

    /// The project a command is for: `selector` (a unique id prefix or the exact name, any
    /// case), else the current project.
    pub fn resolve_project(&self, selector: Option<&str>) -> Result<String, ClientError> {
        let p = self.shared.profile();
        let Some(sel) = selector.map(str::trim).filter(|s| !s.is_empty()) else {
            return p.config.current.clone().ok_or(ClientError::NoProject);
        };
        let projects = &p.config.projects;
        if projects.contains_key(sel) {
            return Ok(sel.to_owned());
        }
        let by_name: Vec<&String> =
            projects.iter().filter(|(_, e)| e.name.eq_ignore_ascii_case(sel)).map(|(id, _)| id).collect();
        let matches: Vec<&String> =
            if by_name.is_empty() { projects.keys().filter(|id| id.starts_with(sel)).collect() } else { by_name };
        match matches.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(ClientError::UnknownProject(sel.to_owned())),
            many => Err(ClientError::AmbiguousProject {
                selector: sel.to_owned(),
                matches: many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            }),
        }
    }

    /// Makes a project current.
    pub fn set_current(&mut self, id: &str) -> Result<(), ClientError> {
        let mut p = self.shared.profile();
        if !p.config.projects.contains_key(id) {
            return Err(ClientError::UnknownProject(id.to_owned()));
        }
        p.config.current = Some(id.to_owned());
        p.save()
    }

    fn handle(&mut self, id: &str) -> Result<DocHandle, ClientError> {
        if let Some(h) = self.handles.get(id) {
            return Ok(h.clone());
        }
        let doc_id = DocumentId::from_str(id).map_err(|_| ClientError::UnknownProject(id.to_owned()))?;
        let found = self.rt.block_on(self.repo.find(doc_id)).map_err(|_| ClientError::Stopped)?;
        let h = found.ok_or_else(|| ClientError::MissingDocument(id.to_owned()))?;
        self.handles.insert(id.to_owned(), h.clone());
        Ok(h)
    }

    /// Runs one command on a project. Returns once its change is durably on disk.
    ///
    /// When the disk refuses writes: if the store already knows (its health is failing and a
    /// fresh test write fails too), or changes made earlier are still waiting for the disk, the
    /// command is refused before anything changes ([`ClientError::StorageFailing`]). If the
    /// write of its change fails, the change stays made and waits in memory for the disk
    /// ([`ClientError::SavePending`]): it is written once the disk takes writes again, and must
    /// not be repeated.
    pub fn execute(&mut self, project: &str, cmd: Command) -> Result<Outcome, ClientError> {
        if self.shared.profile().config.projects.get(project).and_then(|e| e.role.as_deref()) == Some("viewer") {
            let name = self.shared.profile().config.projects.get(project).map(|e| e.name.clone()).unwrap_or_default();
            return Err(ClientError::ReadOnly(name));
        }
        self.ensure_writable()?;
        let handle = self.handle(project)?;
        let now = (self.clock)();
        let actor = self.actor.clone();
        let puts_before = self.store.stats().puts;
        let (outcome, change, name) = handle.with_document(|doc| {
            doc.set_actor(actor);
            let outcome = tandem_core::execute(doc, &Ctx::at(now), cmd)?;
            let change =
                outcome.hash.and_then(|h| doc.get_change_by_hash(&h)).map(|c| (c.hash(), c.raw_bytes().to_vec()));
            let name = tandem_core::project::project(doc).map(|p| p.name).ok();
            Ok::<_, ClientError>((outcome, change, name))
        })?;
        if let Some((hash, bytes)) = change {
            let key = StorageKey::incremental_path(handle.document_id(), hash);
            if let Err(e) = self.store.put_durable(&key, &bytes) {
                // The change is in the document and cannot be taken back (samod may have sent
                // it already, and goes on retrying its own write of it). Keep it for the disk.
                let error = e.to_string();
                let summary = outcome.summary.clone();
                let project = project.to_owned();
                self.shared.add_pending(sync::PendingWrite { project, hash, key, bytes, summary, puts_before });
                return Err(ClientError::SavePending { outcome: Box::new(outcome), error });
            }
        }
        if let Some(name) = name {
            let mut p = self.shared.profile();
            if let Some(e) = p.config.projects.get_mut(project)
                && e.name != name
            {
                e.name = name;
                p.save()?;
            }
        }
        Ok(outcome)
    }

    /// Refuses to start a change the disk cannot take: stores the changes still waiting for the
    /// disk first, and when the store says writes fail, checks with a fresh test write (the
    /// health may date from before space was freed).
    fn ensure_writable(&self) -> Result<(), ClientError> {
        let failing = |e: StoreError| ClientError::StorageFailing { error: e.to_string() };
        self.shared.save_pending().map_err(failing)?;
        if !self.store.health().is_healthy() {
            self.store.check_writable().map_err(failing)?;
        }
        Ok(())
    }

    /// How many changes are made but still waiting for the disk (see
    /// [`ClientError::SavePending`]).
    pub fn unsaved_changes(&self) -> usize {
        sync::lock(&self.shared.pending).len()
    }

    /// For a process about to exit: settles the changes that are made but waiting for the disk.
    /// Stops samod's own retries first ([`FsStore::stop_background_writes`]), so nothing is
    /// written after this returns; then tries each waiting change once more. `Ok` when every one
    /// is on disk (written now, or found there: samod's retry may have stored it meanwhile);
    /// otherwise [`ClientError::NotSaved`] naming the changes that are not on disk and never will
    /// be by this process, so the commands that made them can be run again. Afterwards only
    /// [`Client::execute`]'s own writes reach the disk: call it just before [`Client::close`].
    pub fn finish_pending(&mut self) -> Result<(), ClientError> {
        if self.unsaved_changes() == 0 {
            return Ok(());
        }
        self.store.stop_background_writes();
        let Err(e) = self.shared.save_pending() else { return Ok(()) };
        let error = e.to_string();
        let waiting = std::mem::take(&mut *sync::lock(&self.shared.pending));
        let mut summaries = Vec::new();
        for w in waiting {
            if self.on_disk(&w) {
                tracing::info!(change = %w.hash, "a change that waited for the disk was stored by the repo");
            } else {
                tracing::warn!(change = %w.hash, summary = %w.summary, "not saved: the disk refuses writes");
                summaries.push(w.summary);
            }
        }
        if summaries.is_empty() { Ok(()) } else { Err(ClientError::NotSaved { summaries, error }) }
    }

    /// Whether a waiting change is on disk after all: under its own key, or (if anything was
    /// written since it was made) in whatever the store holds for its document.
    fn on_disk(&self, w: &sync::PendingWrite) -> bool {
        if self.store.load_sync(&w.key).ok().flatten().as_deref() == Some(w.bytes.as_slice()) {
            return true;
        }
        if self.store.stats().puts == w.puts_before {
            return false;
        }
        let Ok(prefix) = StorageKey::from_parts([w.project.as_str()]) else { return false };
        let Ok(chunks) = self.store.load_range_sync(&prefix) else { return false };
        let mut doc = Automerge::new();
        for bytes in chunks.values() {
            // A chunk that does not load does not hold the change for anyone else either.
            let _ = doc.load_incremental(bytes);
        }
        doc.get_change_by_hash(&w.hash).is_some()
    }

    /// Whether the project's document is in memory (read or written since the client opened).
    /// The first access loads it from disk, which takes seconds on a large project.
    pub fn is_loaded(&self, project: &str) -> bool {
        self.handles.contains_key(project)
    }

    /// Reads a project's document.
    pub fn read<T>(&mut self, project: &str, f: impl FnOnce(&Automerge) -> T) -> Result<T, ClientError> {
        let handle = self.handle(project)?;
        Ok(handle.with_document(|doc| f(doc)))
    }

    /// The current time by this client's clock.
    pub fn now(&self) -> Millis {
        (self.clock)()
    }

    // ----- sharing and syncing -----

    /// Registers a project on a server and links it there, then uploads it (waiting at most
    /// `timeout`). A Tandem server (`http(s)://`) needs a token that may register projects (or
    /// the one this profile already holds there); a plain relay (`ws(s)://`) takes none.
    pub fn share(
        &mut self,
        project: &str,
        server: &str,
        token: Option<&str>,
        timeout: Duration,
    ) -> Result<(ShareOutcome, SyncOutcome), ClientError> {
        let addr = ServerAddr::parse(server)?;
        let key = addr.key();
        let (name, linked, held) = {
            let p = self.shared.profile();
            let e = p.config.projects.get(project).ok_or_else(|| ClientError::UnknownProject(project.to_owned()))?;
            let held = p.config.servers.get(&key).and_then(|s| s.token.clone());
            (e.name.clone(), e.server.clone(), held)
        };
        if let Some(other) = linked.filter(|s| *s != key) {
            return Err(ClientError::Input(format!(
                "{name} is already shared on {other}; a project syncs through one server"
            )));
        }
        let token = token.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        let (role, registered, token) = if addr.is_tandem() {
            let token = match (token, held) {
                (Some(t), Some(h)) if t != h && self.projects_on(&key) > 0 => {
                    return Err(ClientError::Input(format!(
                        "this profile already holds another token for {key}, used by its other projects; \
                         one profile uses one token per server, so share with that token (omit --token)"
                    )));
                }
                (Some(t), _) => t,
                (None, Some(h)) => h,
                (None, None) => {
                    return Err(ClientError::Input(format!(
                        "{key} is a Tandem server: pass --token with a token that may register projects \
                         (the operator makes one with `tandem-sync-server token create`)"
                    )));
                }
            };
            let registered = self.rt.block_on(self.shared.api.register(&addr, &token, project, &name))?;
            (Some("coordinator".to_owned()), registered, Some(token))
        } else {
            if token.is_some() {
                return Err(ClientError::Input(format!(
                    "{key} is a plain automerge-repo relay: it has no accounts, so drop --token \
                     (for a Tandem server use its http:// address)"
                )));
            }
            (None, true, None)
        };
        {
            let mut p = self.shared.profile();
            p.config.servers.insert(key.clone(), ServerEntry { token });
            if let Some(e) = p.config.projects.get_mut(project) {
                e.server = Some(key.clone());
                e.role = role.clone();
                e.revoked = false;
            }
            p.save()?;
        }
        self.shared.refresh_announced();
        let outcome = ShareOutcome { project: project.to_owned(), server: key, role, registered };
        let opts = SyncOptions { timeout, ..SyncOptions::default() };
        let synced = self.sync(&[project.to_owned()], opts, |_| {})?.remove(0);
        Ok((outcome, synced))
    }

    fn projects_on(&self, key: &str) -> usize {
        self.shared.profile().config.projects.values().filter(|e| e.server.as_deref() == Some(key)).count()
    }

    /// Makes an invite code for a shared project. On a Tandem server the code carries a one-time
    /// secret for `role` that expires after `expires_in_hours`; on a plain relay it only names
    /// the relay and the project (anyone holding it can read and write).
    pub fn invite(&mut self, project: &str, role: &str, expires_in_hours: u32) -> Result<Invite, ClientError> {
        let (entry, token) = {
            let p = self.shared.profile();
            let e =
                p.config.projects.get(project).cloned().ok_or_else(|| ClientError::UnknownProject(project.into()))?;
            let server = e.server.clone().ok_or_else(|| ClientError::NotShared(e.name.clone()))?;
            let token = p.config.servers.get(&server).and_then(|s| s.token.clone());
            (e, token)
        };
        let server = entry.server.clone().unwrap_or_default();
        let addr = ServerAddr::parse(&server)?;
        let mut code = InviteCode {
            v: 1,
            server: server.clone(),
            project: project.to_owned(),
            invite: None,
            role: None,
            name: entry.name.clone(),
        };
        if !addr.is_tandem() {
            return Ok(Invite { code: code.encode(), role: None, expires_at: None, open: true });
        }
        let token = token.ok_or_else(|| ClientError::Input(format!("this profile holds no token for {server}")))?;
        let made = self.rt.block_on(self.shared.api.invite(&addr, &token, project, role, expires_in_hours))?;
        code.invite = Some(made.invite);
        code.role = Some(made.role.clone());
        Ok(Invite { code: code.encode(), role: Some(made.role), expires_at: Some(made.expires_at), open: false })
    }

    /// Joins a project from an invite code: spends the invite (adding the grant to the token
    /// this profile already holds on that server, if any), fetches the project, records `me` as
    /// a member and maps this device to them (or to an existing member of that name who has no
    /// device yet), and makes it current. Viewers are not recorded: they may not write.
    pub fn join(&mut self, code: &str, me: &str, timeout: Duration) -> Result<JoinOutcome, ClientError> {
        let code = InviteCode::decode(code)?;
        let me = me.trim();
        if me.is_empty() {
            return Err(ClientError::Input("give your name with --me: it is how the team will see you".into()));
        }
        let addr = ServerAddr::parse(&code.server)?;
        let key = addr.key();
        let doc_id = DocumentId::from_str(&code.project)
            .map_err(|_| ClientError::Input("the invite code names no valid project; ask for a new one".into()))?;
        let project = doc_id.to_string();
        if let Some(e) = self.shared.profile().config.projects.get(&project)
            && e.server.is_some()
            && !e.revoked
        {
            return Err(ClientError::Input(format!(
                "{} is already in this profile; run `tandem sync` to bring it up to date",
                e.name
            )));
        }
        let held = self.shared.profile().config.servers.get(&key).and_then(|s| s.token.clone());
        let (token, role, server_member) = if addr.is_tandem() {
            let secret = code.invite.clone().ok_or_else(|| {
                ClientError::Input("the invite code carries no invite secret; ask for a new one".into())
            })?;
            let joined = match self.rt.block_on(self.shared.api.join(&addr, held.as_deref(), &secret, me)) {
                // The token this profile held is dead (every grant on it was revoked): join
                // afresh; the new token replaces it.
                Err(ClientError::Server { status: 401, .. }) if held.is_some() => {
                    self.rt.block_on(self.shared.api.join(&addr, None, &secret, me))?
                }
                other => other?,
            };
            if joined.document_id != project {
                return Err(ClientError::Input("the invite code does not match the project it names".into()));
            }
            (joined.token.or(held), Some(joined.role), Some(joined.member_id))
        } else {
            (None, None, None)
        };
        // Record the membership before fetching: the invite is spent, and a later `tandem sync`
        // finishes the download if this one is cut short.
        {
            let mut p = self.shared.profile();
            p.config.servers.insert(key.clone(), ServerEntry { token });
            let name = p.config.projects.get(&project).map(|e| e.name.clone()).unwrap_or(code.name.clone());
            let entry = p.config.projects.entry(project.clone()).or_insert_with(|| ProjectEntry::local(name));
            entry.server = Some(key.clone());
            entry.role = role.clone();
            entry.server_member = server_member;
            entry.revoked = false;
            entry.synced_heads.clear();
            p.config.current = Some(project.clone());
            p.save()?;
        }
        self.shared.refresh_announced();
        self.connect()?;
        let deadline = Instant::now() + timeout;
        let handle = self.fetch(&project, deadline)?;
        self.handles.insert(project.clone(), handle.clone());
        self.watch(&project, &handle);
        let opts = SyncOptions { timeout: deadline.saturating_duration_since(Instant::now()), ..Default::default() };
        self.sync(std::slice::from_ref(&project), opts, |_| {})?;
        let (name, recorded, member) = if role.as_deref() == Some("viewer") {
            (self.read(&project, |d| tandem_core::project::project(d).map(|p| p.name).unwrap_or_default())?, None, None)
        } else {
            let device = self.actor.to_hex_string();
            let plan = self.read(&project, |d| {
                let mine = tandem_core::project::devices(d).into_iter().find(|(dev, _)| *dev == device).map(|(_, m)| m);
                let unclaimed = tandem_core::project::members(d).unwrap_or_default().into_iter().find(|m| {
                    m.name.eq_ignore_ascii_case(me)
                        && !tandem_core::project::devices(d).iter().any(|(_, owner)| *owner == m.id)
                });
                (mine, unclaimed.map(|m| m.id))
            })?;
            let (summary, member) = match plan {
                (Some(mine), _) => (None, Some(mine.to_string())),
                (None, Some(id)) => {
                    let out =
                        self.execute(&project, Command::Project(ProjectCommand::ClaimMember { id: id.clone() }))?;
                    (Some(out.summary), Some(id.to_string()))
                }
                (None, None) => {
                    let out = self.execute(&project, Command::Project(ProjectCommand::Join { name: me.to_owned() }))?;
                    (Some(out.summary), out.created.clone())
                }
            };
            let opts =
                SyncOptions { timeout: deadline.saturating_duration_since(Instant::now()), ..Default::default() };
            self.sync(std::slice::from_ref(&project), opts, |_| {})?;
            let name = self.read(&project, |d| tandem_core::project::project(d).map(|p| p.name).unwrap_or_default())?;
            (name, summary, member)
        };
        {
            let mut p = self.shared.profile();
            if let Some(e) = p.config.projects.get_mut(&project) {
                e.name = name.clone();
            }
            p.save()?;
        }
        Ok(JoinOutcome { project, name, server: key, role, member, summary: recorded })
    }

    /// Fetches a shared project that is not on this device yet, through its server.
    fn fetch(&mut self, project: &str, deadline: Instant) -> Result<DocHandle, ClientError> {
        let doc_id = DocumentId::from_str(project).map_err(|_| ClientError::UnknownProject(project.to_owned()))?;
        loop {
            let status = self.shared.status(project, None);
            match status.state {
                SyncState::AccessRevoked | SyncState::StorageError => {
                    return Err(ClientError::Sync(format!(
                        "cannot fetch {}: {}",
                        status.name,
                        status.detail.unwrap_or_else(|| status.state.to_string())
                    )));
                }
                SyncState::Syncing | SyncState::UpToDate => break,
                _ if Instant::now() >= deadline => {
                    return Err(ClientError::Sync(format!(
                        "cannot fetch {} now: {}; your membership is recorded, so run `tandem sync` later",
                        status.name,
                        status.detail.unwrap_or_else(|| status.state.to_string())
                    )));
                }
                _ => {}
            }
            let rx = self.shared.subscribe();
            let _ = rx.recv_timeout(Duration::from_millis(100));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let found = self
            .rt
            .block_on(async { tokio::time::timeout(left, self.repo.find(doc_id)).await })
            .map_err(|_| ClientError::Sync("the server did not send the project in time; run `tandem sync`".into()))?
            .map_err(|_| ClientError::Stopped)?;
        found.ok_or_else(|| {
            ClientError::Sync(
                "the server does not have this project's data yet: ask the coordinator to run `tandem sync`, \
                 then run `tandem sync` here"
                    .into(),
            )
        })
    }

    /// Starts syncing every shared project: one connection per server (reconnecting with
    /// backoff), and a watcher per project. Returns at once; [`Client::subscribe`] tells what
    /// happens. Projects not on this device yet are fetched by [`Client::sync`].
    pub fn connect(&mut self) -> Result<(), ClientError> {
        let config = self.config();
        let shared_ids: Vec<String> = config
            .projects
            .iter()
            .filter(|(_, e)| e.server.is_some() && !e.revoked)
            .map(|(id, _)| id.clone())
            .collect();
        self.remember_session_start(&shared_ids)?;
        // Load the documents first so that samod offers them as soon as a connection opens.
        for id in &shared_ids {
            if self.document_present(id)
                && let Ok(h) = self.handle(id)
            {
                self.watch(id, &h);
            }
        }
        for id in &shared_ids {
            let Some(server) = config.projects.get(id).and_then(|e| e.server.clone()) else { continue };
            if self.shared.links.lock().map(|l| l.contains_key(&server)).unwrap_or(true) {
                continue;
            }
            let addr = ServerAddr::parse(&server)?;
            let token = config.servers.get(&server).and_then(|s| s.token.clone());
            let weak = Arc::downgrade(&self.shared);
            let probe = net::LinkProbe::new(move || {
                if let Some(s) = weak.upgrade() {
                    s.bump();
                }
            });
            let dialer = net::WsDialer::with_probe(addr.sync_url(token.as_deref()), probe.clone());
            let handle = self.repo.dial(BACKOFF, dialer).map_err(|_| ClientError::Stopped)?;
            if let Ok(mut links) = self.shared.links.lock() {
                links.insert(server.clone(), sync::Link { addr, token, dialer: handle, probe });
            }
            self.rt.spawn(sync::watch_link(self.shared.clone(), server));
        }
        Ok(())
    }

    /// Keeps each project's last sync point as the start of this session, so that "while you were
    /// offline" can be shown after this session brings the project up to date.
    fn remember_session_start(&self, ids: &[String]) -> Result<(), ClientError> {
        let mut p = self.shared.profile();
        let mut changed = false;
        for id in ids {
            if let Some(e) = p.config.projects.get_mut(id)
                && !e.synced_heads.is_empty()
                && e.previous_synced_heads != e.synced_heads
            {
                e.previous_synced_heads = e.synced_heads.clone();
                e.previous_synced = e.last_synced;
                changed = true;
            }
        }
        if changed { p.save() } else { Ok(()) }
    }

    /// The sync point the current (or, between sessions, the last) session started from: the
    /// heads "while you were offline" is measured from, and when they were reached. `None` until
    /// a session has started from an earlier sync.
    pub fn previous_sync(&self, project: &str) -> Option<(Vec<automerge::ChangeHash>, Option<Millis>)> {
        let config = self.config();
        let e = config.projects.get(project)?;
        if e.previous_synced_heads.is_empty() {
            return None;
        }
        let heads = e.previous_synced_heads.iter().filter_map(|h| automerge::ChangeHash::from_str(h).ok()).collect();
        Some((heads, e.previous_synced.map(Millis)))
    }

    /// Whether the project's data is in the local store.
    fn document_present(&self, id: &str) -> bool {
        self.handles.contains_key(id)
            || StorageKey::from_parts([id])
                .ok()
                .and_then(|k| self.store.path_for(&k).ok())
                .and_then(|dir| std::fs::read_dir(dir).ok())
                .is_some_and(|mut entries| entries.next().is_some())
    }

    fn watch(&self, id: &str, handle: &DocHandle) {
        let fresh = self.shared.watched.lock().map(|mut w| w.insert(id.to_owned())).unwrap_or(false);
        if fresh {
            self.rt.spawn(sync::watch_project(self.shared.clone(), id.to_owned(), handle.clone(), self.clock.clone()));
        }
    }

    /// Events from now on: status changes and changes from other replicas. Connect first.
    pub fn subscribe(&self) -> std::sync::mpsc::Receiver<ClientEvent> {
        self.shared.subscribe()
    }

    /// The sync status of every project in the profile, as known now (without connecting).
    pub fn statuses(&mut self) -> Vec<SyncStatus> {
        let ids: Vec<String> = self.shared.profile().config.projects.keys().cloned().collect();
        ids.iter().map(|id| self.status(id)).collect()
    }

    /// The sync status of one project, as known now.
    pub fn status(&mut self, project: &str) -> SyncStatus {
        // Only a shared project's status reads its document (changes not yet on the server); a
        // local one is not loaded for it, which takes seconds on a big project.
        let shared = self.shared.profile().config.projects.get(project).is_some_and(|e| e.server.is_some());
        let handle = if shared && self.document_present(project) { self.handle(project).ok() } else { None };
        self.shared.status(project, handle.as_ref())
    }

    /// Syncs the given shared projects until each is up to date with its server (or access is
    /// revoked, the disk fails, the server stays unreachable past `offline_grace`, or `timeout`
    /// passes). `progress` sees every status change. Returns each project's final status and
    /// what arrived from other replicas; the caller decides whether anything short of "up to
    /// date" is an error.
    pub fn sync(
        &mut self,
        projects: &[String],
        opts: SyncOptions,
        mut progress: impl FnMut(&SyncStatus),
    ) -> Result<Vec<SyncOutcome>, ClientError> {
        let mut before: HashMap<String, Vec<ChangeHash>> = HashMap::new();
        for id in projects {
            let entry = self.shared.profile().config.projects.get(id).cloned();
            let entry = entry.ok_or_else(|| ClientError::UnknownProject(id.clone()))?;
            if entry.server.is_none() {
                return Err(ClientError::NotShared(entry.name));
            }
            let heads = if self.document_present(id) { self.read(id, |d| d.get_heads())? } else { Vec::new() };
            before.insert(id.clone(), heads);
        }
        let events = self.subscribe();
        self.connect()?;
        let started = Instant::now();
        let deadline = started + opts.timeout;
        let mut offline_since: HashMap<String, Instant> = HashMap::new();
        let mut last: HashMap<String, SyncStatus> = HashMap::new();
        loop {
            // Fetch projects whose data is not here yet, once their server answers.
            for id in projects {
                if !self.handles.contains_key(id) && !self.document_present(id) {
                    let st = self.shared.status(id, None);
                    if matches!(st.state, SyncState::Syncing | SyncState::UpToDate) {
                        let h = self.fetch(id, deadline)?;
                        self.handles.insert(id.clone(), h.clone());
                        self.watch(id, &h);
                    }
                } else if let Ok(h) = self.handle(id) {
                    self.watch(id, &h);
                }
            }
            let mut done = true;
            for id in projects {
                let handle = self.handles.get(id).cloned();
                let st = self.shared.status(id, handle.as_ref());
                if last.get(id) != Some(&st) {
                    progress(&st);
                    last.insert(id.clone(), st.clone());
                }
                let settled = match st.state {
                    SyncState::UpToDate | SyncState::AccessRevoked | SyncState::StorageError => true,
                    SyncState::Offline => {
                        let since = *offline_since.entry(id.clone()).or_insert_with(Instant::now);
                        since.elapsed() >= opts.offline_grace
                    }
                    _ => {
                        offline_since.remove(id);
                        false
                    }
                };
                done &= settled;
            }
            let now = Instant::now();
            if done || now >= deadline {
                break;
            }
            let wait = (deadline - now).min(Duration::from_millis(250));
            let _ = events.recv_timeout(wait);
        }
        let mut out = Vec::new();
        for id in projects {
            let handle = self.handles.get(id).cloned();
            let status = match &handle {
                Some(h) => self.shared.refresh(id, h, self.now()),
                None => self.shared.status(id, None),
            };
            let actor = self.actor.to_hex_string();
            let heads = before.get(id).cloned().unwrap_or_default();
            let received = match &handle {
                Some(h) => h.with_document(|d| tandem_core::merge::report_remote_since(d, &heads, &actor)),
                None => MergeReport {
                    new_changes: 0,
                    authors: Vec::new(),
                    items: Vec::new(),
                    conflicts: 0,
                    deleted_edits: 0,
                },
            };
            out.push(SyncOutcome { status, received });
        }
        Ok(out)
    }

    /// Every shared project in the profile.
    pub fn shared_projects(&self) -> Vec<String> {
        let p = self.shared.profile();
        p.config.projects.iter().filter(|(_, e)| e.server.is_some()).map(|(id, _)| id.clone()).collect()
    }

    /// Stops syncing and the repo, letting in-flight storage work finish. While the disk refuses
    /// writes it waits [`CLOSE_GRACE`] for them, then gives up the writes still waiting (they are
    /// logged) rather than hang.
    pub fn close(self) {
        self.shared.stopping.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Ok(links) = self.shared.links.lock() {
            for link in links.values() {
                link.dialer.close();
            }
        }
        self.shared.bump();
        let stop = self.repo.stop();
        let store = self.store.clone();
        self.rt.block_on(async move {
            tokio::pin!(stop);
            let started = Instant::now();
            let mut gave_up = false;
            loop {
                if tokio::time::timeout(Duration::from_millis(200), &mut stop).await.is_ok() {
                    break;
                }
                if !gave_up && !store.health().is_healthy() && started.elapsed() >= CLOSE_GRACE {
                    tracing::error!(
                        "the disk still refuses writes after {} s; closing without the writes that wait for it",
                        CLOSE_GRACE.as_secs()
                    );
                    gave_up = true;
                    let s = store.clone();
                    let _ = tokio::task::spawn_blocking(move || s.stop_background_writes()).await;
                }
            }
        });
        // Drop tries the changes still waiting once more.
    }
}

impl Drop for Client {
    /// One last try for the changes waiting for the disk; what still fails is lost with this
    /// process's memory, and said so in the log.
    fn drop(&mut self) {
        if self.unsaved_changes() == 0 {
            return;
        }
        if let Err(e) = self.shared.save_pending() {
            for w in sync::lock(&self.shared.pending).iter() {
                tracing::error!(project = %w.project, summary = %w.summary, error = %e, "a change is lost: the disk refused to save it");
            }
        }
    }
}
