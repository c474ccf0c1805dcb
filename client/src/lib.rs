//! tandem-client: a member's replica of their projects.
//!
//! A [`Client`] opens a profile directory (see [`profile`]), runs a samod `Repo` over a
//! [`tandem_store::FsStore`] inside it, and executes tandem-core commands on project documents.
//! [`Client::execute`] returns only once the change is on disk. Networking (issue #5) plugs into
//! the same `Repo` by dialing a server; nothing here assumes a network is present.

pub mod net;
pub mod profile;

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use automerge::{ActorId, Automerge, ReadDoc};
use samod::{DocHandle, DocumentId, Repo};
use tandem_core::project::ProjectCommand;
use tandem_core::{Command, CoreError, Ctx, Millis, Outcome};
use tandem_store::{FsStore, StorageKey, StoreError};

pub use profile::{Profile, ProjectEntry, resolve_home};

/// Why a client operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The command was refused; the message says what to fix.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The disk refused a write; nothing was acknowledged.
    #[error("storage error: {0}")]
    Store(#[from] StoreError),
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
    /// Another process holds this profile.
    #[error(
        "the profile {0} is in use by another Tandem process (the app, or a command still running); \
         wait for it to finish or close it, then try again"
    )]
    Busy(String),
}

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

fn system_clock() -> Clock {
    Box::new(|| Millis(chrono::Utc::now().timestamp_millis()))
}

/// A member's replica: profile, store, samod repo, and the project documents in it.
pub struct Client {
    /// Held for the client's lifetime: one process per profile, because every process of a
    /// profile writes as the same Automerge actor and two writers would reuse sequence numbers.
    _lock: std::fs::File,
    rt: tokio::runtime::Runtime,
    repo: Repo,
    store: FsStore,
    profile: Profile,
    actor: ActorId,
    clock: Clock,
    handles: HashMap<String, DocHandle>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("home", &self.profile.home()).finish_non_exhaustive()
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
        let repo = rt.block_on(Repo::builder(rt.handle().clone()).with_storage(store.clone()).load());
        Ok(Self { _lock: lock, rt, repo, store, profile, actor, clock: system_clock(), handles: HashMap::new() })
    }

    /// Replaces the clock (for scripts and tests that need fixed times).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
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
        let handle = self.rt.block_on(self.repo.create(doc.clone())).map_err(|_| ClientError::Stopped)?;
        let id = handle.document_id().clone();
        // samod persisted it already; write the changes ourselves too so success means "on disk"
        // no matter how samod batches.
        for change in doc.get_changes(&[]) {
            self.store.put_durable(&StorageKey::incremental_path(&id, change.hash()), change.raw_bytes())?;
        }
        let name = tandem_core::project::project(&doc).map(|p| p.name).unwrap_or_default();
        let key = id.to_string();
        self.profile.config.projects.insert(key.clone(), ProjectEntry { name });
        self.profile.config.current = Some(key.clone());
        self.profile.save()?;
        self.handles.insert(key.clone(), handle);
        Ok((key, outcome))
    }

    /// Every project in the profile.
    pub fn projects(&self) -> Vec<ProjectSummary> {
        self.profile
            .config
            .projects
            .iter()
            .map(|(id, e)| ProjectSummary {
                id: id.clone(),
                name: e.name.clone(),
                current: self.profile.config.current.as_deref() == Some(id),
            })
            .collect()
    }

    /// The project a command is for: `selector` (a unique id prefix or the exact name, any
    /// case), else the current project.
    pub fn resolve_project(&self, selector: Option<&str>) -> Result<String, ClientError> {
        let Some(sel) = selector.map(str::trim).filter(|s| !s.is_empty()) else {
            return self.profile.config.current.clone().ok_or(ClientError::NoProject);
        };
        let projects = &self.profile.config.projects;
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
        if !self.profile.config.projects.contains_key(id) {
            return Err(ClientError::UnknownProject(id.to_owned()));
        }
        self.profile.config.current = Some(id.to_owned());
        self.profile.save()
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
    pub fn execute(&mut self, project: &str, cmd: Command) -> Result<Outcome, ClientError> {
        let handle = self.handle(project)?;
        let now = (self.clock)();
        let actor = self.actor.clone();
        let (outcome, change, name) = handle.with_document(|doc| {
            doc.set_actor(actor);
            let outcome = tandem_core::execute(doc, &Ctx::at(now), cmd)?;
            let change =
                outcome.hash.and_then(|h| doc.get_change_by_hash(&h)).map(|c| (c.hash(), c.raw_bytes().to_vec()));
            let name = tandem_core::project::project(doc).map(|p| p.name).ok();
            Ok::<_, ClientError>((outcome, change, name))
        })?;
        if let Some((hash, bytes)) = change {
            self.store.put_durable(&StorageKey::incremental_path(handle.document_id(), hash), &bytes)?;
        }
        if let Some(name) = name
            && self.profile.config.projects.get(project).is_some_and(|e| e.name != name)
        {
            self.profile.config.projects.insert(project.to_owned(), ProjectEntry { name });
            self.profile.save()?;
        }
        Ok(outcome)
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

    /// Stops the repo, letting in-flight storage work finish.
    pub fn close(self) {
        self.rt.block_on(self.repo.stop());
    }
}
