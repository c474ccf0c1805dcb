//! `Desk`: the member's replica as the app holds it, and the operations behind the IPC commands.
//!
//! The commands in `commands.rs` only move arguments and results across IPC and emit events;
//! everything they do is a method here, so it can be tested without a webview. Each method is
//! one `tandem_client` call (a read, or one tandem-core command through `Client::execute`) and a
//! conversion into the view types of `ipc.rs`; no domain rule lives in this crate.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

use automerge::{Automerge, ChangeHash};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::value::RawValue;
use tandem_client::view_cache::{self, ViewCache};
use tandem_client::{Client, ClientEvent};
use tandem_core::ids::TaskId;
use tandem_core::items::ItemCommand;
use tandem_core::project::ProjectCommand;
use tandem_core::tasks::{NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::{Command, CoreError, ItemRef, Kind};

use crate::ipc::{
    AppInfo, DiffStart, Executed, IpcError, OpenState, ProjectOverview, ProjectSummary, SyncStatusItem, TaskItem,
    TextEdited, TextState, WhatChanged,
};

/// How long joining a project may take (spending the invite, fetching the project, recording
/// the member).
pub const JOIN_TIMEOUT: Duration = Duration::from_secs(60);

/// How long opening at start waits for another process to release the profile before saying
/// it is busy. Later attempts (the next command) do not wait.
pub const OPEN_WAIT: Duration = Duration::from_secs(3);

/// The views a closing app saves for its next start, by the name of the IPC command that returns
/// each: what the first screen (the dashboard) and the task lists read. Until a project's
/// document has loaded, these commands answer from the saved views.
pub const SAVED_VIEWS: &[&str] = &["view_dashboard", "view_members", "list_tasks", "view_tasks", "view_milestones"];

/// A saved view read from a loaded document: the heads it was read at and its JSON.
type RecentView = (Vec<ChangeHash>, Box<RawValue>);

/// Told the id of a project whose views showed saved views that its loaded document differs from.
type StaleViews = Box<dyn Fn(&str) + Send + Sync>;

/// What receives the client's events once the client is open (the app forwards them to the
/// webview).
type EventSink = Box<dyn Fn(Receiver<ClientEvent>) + Send + Sync>;

/// The replica, or why there is none.
#[derive(Debug)]
enum Slot {
    Open(Client),
    /// The profile could not be opened (typically: another Tandem process holds it). Every
    /// command tries again first, so the UI's "try again" works once the other process is done.
    Unavailable(IpcError),
    /// The app is shutting down.
    Closed,
}

/// The app's replica. `Client` is not `Sync`, so it lives behind a mutex; commands take turns.
pub struct Desk {
    slot: Mutex<Slot>,
    home: PathBuf,
    /// Set once by [`Desk::start_sync`].
    events: OnceLock<EventSink>,
    /// Saved views of projects whose documents have not loaded yet, by project id; served
    /// without waiting for the client while another command loads the document.
    opening: Mutex<HashMap<String, ViewCache>>,
    /// The last value of each saved view read from a loaded document, by project id and view,
    /// so that closing saves it without reading it again when nothing changed since.
    recent: Mutex<HashMap<(String, &'static str), RecentView>>,
    /// Set once by [`Desk::on_stale_views`].
    stale_views: OnceLock<StaleViews>,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk").field("home", &self.home).field("slot", &self.slot).finish_non_exhaustive()
    }
}

/// What a command that changed a project returns: the project's full id (for the
/// `project-changed` event) and the command's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed<T> {
    pub project: String,
    pub value: T,
}

impl Desk {
    /// Opens the profile in `home` (creating it if needed), waiting up to `wait` for another
    /// process to release it. A desk whose profile cannot be opened still answers every command,
    /// with the reason (e.g. "the profile … is in use by another Tandem process"), and tries
    /// again on each command.
    pub fn open(home: &Path, wait: Duration) -> Desk {
        let slot = match Client::open_waiting(home, wait) {
            Ok(client) => Slot::Open(client),
            Err(e) => {
                tracing::error!("cannot open the profile {}: {e}", home.display());
                Slot::Unavailable(e.into())
            }
        };
        let desk = Desk {
            slot: Mutex::new(slot),
            home: home.to_path_buf(),
            events: OnceLock::new(),
            opening: Mutex::new(HashMap::new()),
            recent: Mutex::new(HashMap::new()),
            stale_views: OnceLock::new(),
        };
        if let Slot::Open(client) = &*desk.lock() {
            desk.prepare_current(client);
        }
        desk
    }

    /// Whether the profile is open.
    pub fn is_open(&self) -> bool {
        matches!(*self.lock(), Slot::Open(_))
    }

    /// Runs `f` on the client. Opens the profile first if it was busy before.
    pub fn with<T>(&self, f: impl FnOnce(&mut Client) -> Result<T, IpcError>) -> Result<T, IpcError> {
        let mut slot = self.lock();
        if let Slot::Unavailable(_) = *slot {
            match Client::open_waiting(&self.home, Duration::ZERO) {
                Ok(mut client) => {
                    tracing::info!("opened the profile {}", self.home.display());
                    self.sync(&mut client);
                    self.prepare_current(&client);
                    *slot = Slot::Open(client);
                }
                Err(e) => *slot = Slot::Unavailable(e.into()),
            }
        }
        match &mut *slot {
            Slot::Open(client) => {
                let result = f(client);
                self.settle_openings(client);
                result
            }
            Slot::Unavailable(why) => Err(why.clone()),
            Slot::Closed => Err(IpcError::new("Tandem is closing")),
        }
    }

    /// Takes the saved views of the current project, if it has any that still match its store.
    fn prepare_current(&self, client: &Client) {
        if let Some(current) = client.config().current {
            self.prepare_opening(client, &current);
        }
    }

    /// Takes the saved views of `id` if its document is not in memory yet and its store holds
    /// exactly what they were read from. Without usable ones, views wait for the load.
    fn prepare_opening(&self, client: &Client, id: &str) {
        if client.is_loaded(id) || lock_map(&self.opening).contains_key(id) {
            return;
        }
        match view_cache::load(&self.home, id) {
            Ok(Some(cache)) => {
                tracing::info!("showing the views saved at the last close while project {id} loads");
                lock_map(&self.opening).insert(id.to_owned(), cache);
            }
            Ok(None) => {}
            Err(e) => tracing::warn!("{e}; the project opens without saved views"),
        }
    }

    /// Forgets the saved views of projects whose documents have loaded (by whichever command):
    /// their views come from the document from now on. If the document differs from the saved
    /// views, or they were saved on another day (the dashboard counts days), the views are told
    /// to read again ([`Desk::on_stale_views`]); if not, they are kept for closing.
    fn settle_openings(&self, client: &mut Client) {
        let mut opening = lock_map(&self.opening);
        let loaded: Vec<String> = opening.keys().filter(|id| client.is_loaded(id)).cloned().collect();
        for id in loaded {
            let Some(saved) = opening.remove(&id) else { continue };
            let heads = match client.read(&id, |doc| doc.get_heads()) {
                Ok(heads) => heads,
                Err(e) => {
                    tracing::warn!("cannot compare project {id} with its saved views: {e}");
                    self.views_are_stale(&id);
                    continue;
                }
            };
            let hex: Vec<String> = heads.iter().map(ChangeHash::to_string).collect();
            if saved.heads != hex || saved.saved_at.date() != client.now().date() {
                self.views_are_stale(&id);
                continue;
            }
            // What the views show is the document now: closing can save it without reading.
            let mut recent = lock_map(&self.recent);
            for (name, value) in saved.views {
                if let Some(&name) = SAVED_VIEWS.iter().find(|n| **n == name) {
                    recent.insert((id.clone(), name), (heads.clone(), value));
                }
            }
        }
    }

    /// Says who is told when views that showed saved views must read again (the app emits
    /// `project-changed` for every item). Only the first call counts.
    pub fn on_stale_views(&self, notify: impl Fn(&str) + Send + Sync + 'static) {
        if self.stale_views.set(Box::new(notify)).is_err() {
            tracing::warn!("on_stale_views was set twice; keeping the first");
        }
    }

    fn views_are_stale(&self, project: &str) {
        tracing::info!("project {project} differs from the views saved at the last close; views read again");
        if let Some(notify) = self.stale_views.get() {
            notify(project);
        }
    }

    fn lock(&self) -> MutexGuard<'_, Slot> {
        lock_map(&self.slot)
    }

    /// Starts syncing every shared project in the background, now or as soon as the profile
    /// opens, and hands the client's events to `sink` (subscribed before connecting, so none is
    /// missed). Only the first call counts.
    pub fn start_sync(&self, sink: impl Fn(Receiver<ClientEvent>) + Send + Sync + 'static) {
        if self.events.set(Box::new(sink)).is_err() {
            return;
        }
        if let Slot::Open(client) = &mut *self.lock() {
            self.sync(client);
        }
    }

    fn sync(&self, client: &mut Client) {
        let Some(sink) = self.events.get() else { return };
        let events = client.subscribe();
        if let Err(e) = client.connect() {
            tracing::warn!("not syncing: {e}");
        }
        sink(events);
    }

    /// Stops syncing and lets pending storage work finish, then saves the current project's
    /// first views for the next start. Later calls fail with "closing".
    pub fn close(&self) {
        let slot = std::mem::replace(&mut *self.lock(), Slot::Closed);
        if let Slot::Open(mut client) = slot {
            let saved = self.views_to_save(&mut client);
            client.close();
            // Only now is every change the views show on disk, so the store listing saved with
            // them describes the same document.
            if let Some((id, cache)) = saved {
                match view_cache::save(&self.home, &id, cache) {
                    Ok(()) => tracing::info!("saved the first views of project {id} for the next start"),
                    Err(e) => tracing::warn!("{e}; the next start waits for the project to load"),
                }
            }
        }
    }

    /// The saved views of the current project as of now, if its document is loaded. Views read
    /// at the current heads are reused; the others are read now. A project that was never
    /// loaded keeps the views saved earlier, which stay valid only while its store is unchanged.
    fn views_to_save(&self, client: &mut Client) -> Option<(String, ViewCache)> {
        let id = client.config().current?;
        if !client.is_loaded(&id) {
            return None;
        }
        let now = client.now();
        let recent = std::mem::take(&mut *lock_map(&self.recent));
        let read = client.read(&id, |doc| {
            let heads = doc.get_heads();
            let mut views = BTreeMap::new();
            for &name in SAVED_VIEWS {
                let value = match recent.get(&(id.clone(), name)) {
                    Some((at, value)) if *at == heads => value.clone(),
                    _ => saved_view(name, doc, now.date())?,
                };
                views.insert(name.to_owned(), value);
            }
            let heads = heads.iter().map(ChangeHash::to_string).collect();
            Ok::<_, IpcError>(ViewCache { saved_at: now, heads, views })
        });
        match read {
            Ok(Ok(cache)) => Some((id, cache)),
            Ok(Err(e)) => {
                tracing::warn!("cannot save the views of project {id} for the next start: {e}");
                None
            }
            Err(e) => {
                tracing::warn!("cannot save the views of project {id} for the next start: {e}");
                None
            }
        }
    }

    /// One of [`SAVED_VIEWS`] of `project`, as JSON. While the project's document has not
    /// loaded, it is the view saved at the last close (see [`Desk::open_state`]).
    pub fn saved_view(&self, project: &str, name: &'static str) -> Result<Box<RawValue>, IpcError> {
        if let Some(value) = lock_map(&self.opening).get(project).and_then(|c| c.views.get(name)) {
            return Ok(value.clone());
        }
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let today = c.now().date();
            let (heads, value) =
                c.read(&id, |doc| Ok::<_, IpcError>((doc.get_heads(), saved_view(name, doc, today)?)))??;
            lock_map(&self.recent).insert((id, name), (heads, value.clone()));
            Ok(value)
        })
    }

    /// Whether `project`'s views are still the ones saved at the last close.
    pub fn open_state(&self, project: &str) -> OpenState {
        match lock_map(&self.opening).get(project) {
            Some(cache) => OpenState { from_cache: true, saved_at: Some(cache.saved_at.0) },
            None => OpenState { from_cache: false, saved_at: None },
        }
    }

    /// Loads `project`'s document, which takes seconds on a big project (then, as after any
    /// command that loads it, views that showed saved views are told to read again if needed).
    pub fn open_project(&self, project: &str) -> Result<(), IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            Ok(c.read(&id, |_| ())?)
        })
    }

    pub fn app_info(&self) -> Result<AppInfo, IpcError> {
        self.with(|c| {
            Ok(AppInfo {
                home: self.home.display().to_string(),
                device: c.actor().to_hex_string(),
                current_project: c.config().current,
            })
        })
    }

    pub fn list_projects(&self) -> Result<Vec<ProjectSummary>, IpcError> {
        self.with(|c| Ok(c.projects().into_iter().map(ProjectSummary::from).collect()))
    }

    /// Creates a project with `me` as its coordinator and makes it current.
    pub fn create_project(&self, name: &str, me: &str) -> Result<Changed<ProjectSummary>, IpcError> {
        self.with(|c| {
            let create = ProjectCommand::Create {
                name: name.to_owned(),
                me: me.to_owned(),
                client: None,
                start: None,
                end: None,
                currency: None,
                budget: None,
            };
            let (id, _) = c.create_project(create)?;
            Ok(Changed { value: summary(c, &id)?, project: id })
        })
    }

    /// Joins a project from an invite code as `me`, and makes it current.
    pub fn join_project(&self, code: &str, me: &str) -> Result<Changed<ProjectSummary>, IpcError> {
        self.with(|c| {
            let joined = c.join(code, me, JOIN_TIMEOUT)?;
            Ok(Changed { value: summary(c, &joined.project)?, project: joined.project })
        })
    }

    pub fn select_project(&self, project: &str) -> Result<(), IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            c.set_current(&id)?;
            self.prepare_opening(c, &id);
            Ok(())
        })
    }

    /// The project at a glance, as of today by the client's clock.
    pub fn project_overview(&self, project: &str) -> Result<ProjectOverview, IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let today = c.now().date();
            let (dashboard, members) = c.read(&id, |doc| {
                Ok::<_, IpcError>((tandem_core::views::dashboard(doc, today)?, tandem_core::project::members(doc)?))
            })??;
            Ok(ProjectOverview::new(&id, &dashboard, &members))
        })
    }

    /// The live (not deleted) tasks, ordered as `tandem_core::tasks::tasks` orders them.
    pub fn list_tasks(&self, project: &str) -> Result<Vec<TaskItem>, IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            Ok(c.read(&id, live_task_items)??)
        })
    }

    /// Adds a top-level task with just a title.
    pub fn add_task(&self, project: &str, title: &str) -> Result<Changed<TaskItem>, IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let add = TaskCommand::Add(NewTask { title: title.to_owned(), ..NewTask::default() });
            let outcome = c.execute(&id, Command::Task(add))?;
            let created = outcome.created.ok_or_else(|| IpcError::new("the task was not created"))?;
            Ok(Changed { value: task_item(c, &id, &created.parse()?)?, project: id })
        })
    }

    /// Moves a task to `status` (`todo`, `in_progress`, `blocked`, `done`, `cancelled`), as the
    /// task workflow allows.
    pub fn set_task_status(&self, project: &str, task: &str, status: &str) -> Result<Changed<TaskItem>, IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let task: TaskId = task.parse()?;
            let status: TaskStatus = status.parse()?;
            let patch = TaskPatch { status: Some(status), ..TaskPatch::default() };
            c.execute(&id, Command::Task(TaskCommand::Update { id: task.clone(), patch }))?;
            Ok(Changed { value: task_item(c, &id, &task)?, project: id })
        })
    }

    /// Runs one tandem-core command on `project` as one change, exactly as the CLI does. The
    /// items the change touched (for the `project-changed` event) come with the outcome, so the
    /// change is not read back.
    pub fn execute(&self, project: &str, command: Command) -> Result<Changed<(Executed, Vec<ItemRef>)>, IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let outcome = c.execute(&id, command)?;
            let executed =
                Executed { summary: outcome.summary, created: outcome.created, changed: outcome.hash.is_some() };
            Ok(Changed { value: (executed, outcome.items), project: id })
        })
    }

    /// Splices a text field of an item with positions counted in the text as of `at` (heads a
    /// `read_text` or an earlier `edit_text` returned), so the splice lands on the characters the
    /// editor showed even if others' edits arrived meanwhile. Returns the text as of this change
    /// alone and as it is now.
    #[allow(clippy::too_many_arguments)]
    pub fn edit_text(
        &self,
        project: &str,
        kind: Kind,
        item: &str,
        field: &str,
        at: Vec<String>,
        pos: usize,
        delete: usize,
        insert: String,
    ) -> Result<Changed<(TextEdited, Vec<ItemRef>)>, IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let command = Command::Item(ItemCommand::EditText {
                kind,
                id: item.to_owned(),
                field: field.to_owned(),
                pos,
                delete,
                insert,
                at: Some(at),
            });
            let outcome = c.execute(&id, command)?;
            let edited = c.read(&id, |doc| -> Result<TextEdited, CoreError> {
                let latest = text_state(doc, kind, item, field, None)?;
                let own = match outcome.hash {
                    Some(h) if latest.heads != [h.to_string()] => text_state(doc, kind, item, field, Some(&[h]))?,
                    _ => latest.clone(),
                };
                Ok(TextEdited { own, latest })
            })??;
            Ok(Changed { value: (edited, outcome.items), project: id })
        })
    }

    /// Reads a view of `project` with `f`, given the document and today's date by the client's
    /// clock.
    pub fn read<T>(
        &self,
        project: &str,
        f: impl FnOnce(&Automerge, NaiveDate) -> Result<T, CoreError>,
    ) -> Result<T, IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let today = c.now().date();
            Ok(c.read(&id, |doc| f(doc, today))??)
        })
    }

    /// What changed in `project` from `start` until now, by author. "While you were offline"
    /// starts at the sync point this session started from, as the client recorded it.
    pub fn what_changed(&self, project: &str, start: &DiffStart) -> Result<WhatChanged, IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let previous = match start {
                DiffStart::Offline => c.previous_sync(&id),
                _ => None,
            };
            let now = c.now();
            Ok(c.read(&id, |doc| crate::lookback::what_changed(doc, start, previous, now))??)
        })
    }

    /// Every project's sync status as known now.
    pub fn sync_statuses(&self) -> Result<Vec<SyncStatusItem>, IpcError> {
        self.with(|c| Ok(c.statuses().into_iter().map(SyncStatusItem::from).collect()))
    }
}

/// Locks a mutex of the desk. A command that panicked leaves the client as consistent as any
/// failed command does (changes are only acknowledged once on disk), so keep serving.
fn lock_map<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The live (not deleted) tasks as the task list shows them.
fn live_task_items(doc: &Automerge) -> Result<Vec<TaskItem>, CoreError> {
    let tasks = tandem_core::tasks::tasks(doc)?;
    let name_of = |m: &str| tandem_core::project::member_name(doc, m);
    Ok(tasks.iter().filter(|t| !t.deleted).map(|t| TaskItem::new(t, name_of)).collect())
}

/// Reads the saved view `name` (one of [`SAVED_VIEWS`]) from the document, as JSON.
fn saved_view(name: &str, doc: &Automerge, today: NaiveDate) -> Result<Box<RawValue>, IpcError> {
    fn json(value: impl Serialize) -> Result<Box<RawValue>, IpcError> {
        serde_json::value::to_raw_value(&value).map_err(|e| IpcError::new(format!("cannot encode the view: {e}")))
    }
    match name {
        "view_dashboard" => json(tandem_core::views::dashboard(doc, today)?),
        "view_members" => json(tandem_core::project::members(doc)?),
        "list_tasks" => json(live_task_items(doc)?),
        "view_tasks" => json(tandem_core::tasks::tasks(doc)?),
        "view_milestones" => json(tandem_core::milestones::milestones(doc)?),
        other => Err(IpcError::new(format!("{other} is not one of the views saved for the next start"))),
    }
}

fn summary(c: &Client, id: &str) -> Result<ProjectSummary, IpcError> {
    c.projects()
        .into_iter()
        .find(|p| p.id == id)
        .map(ProjectSummary::from)
        .ok_or_else(|| IpcError::new(format!("project {id} is not in this profile")))
}

fn task_item(c: &mut Client, project: &str, task: &TaskId) -> Result<TaskItem, IpcError> {
    c.read(project, |doc| {
        let view = tandem_core::tasks::task(doc, task)?;
        Ok::<_, IpcError>(TaskItem::new(&view, |m| tandem_core::project::member_name(doc, m)))
    })?
}

#[cfg(test)]
mod tests;

/// A text field of an item and the heads it was read at (now, or `at`).
pub fn text_state(
    doc: &Automerge,
    kind: Kind,
    item: &str,
    field: &str,
    at: Option<&[ChangeHash]>,
) -> Result<TextState, CoreError> {
    let text = tandem_core::items::text_field(doc, kind, item, field, at)?;
    let heads = match at {
        Some(at) => at.iter().map(ToString::to_string).collect(),
        None => doc.get_heads().iter().map(ToString::to_string).collect(),
    };
    Ok(TextState { text, heads })
}
