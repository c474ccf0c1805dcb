//! `Desk`: the member's replica as the app holds it, and the operations behind the IPC commands.
//!
//! The commands in `commands.rs` only move arguments and results across IPC and emit events;
//! everything they do is a method here, so it can be tested without a webview. Each method is
//! one `tandem_client` call (a read, or one tandem-core command through `Client::execute`) and a
//! conversion into the view types of `ipc.rs`; no domain rule lives in this crate.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

use automerge::{Automerge, ChangeHash};
use chrono::NaiveDate;
use tandem_client::{Client, ClientEvent};
use tandem_core::ids::TaskId;
use tandem_core::items::ItemCommand;
use tandem_core::project::ProjectCommand;
use tandem_core::tasks::{NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::{Command, CoreError, ItemRef, Kind};

use crate::ipc::{
    AppInfo, Executed, IpcError, ProjectOverview, ProjectSummary, SyncStatusItem, TaskItem, TextEdited, TextState,
};

/// How long joining a project may take (spending the invite, fetching the project, recording
/// the member).
pub const JOIN_TIMEOUT: Duration = Duration::from_secs(60);

/// How long opening at start waits for another process to release the profile before saying
/// it is busy. Later attempts (the next command) do not wait.
pub const OPEN_WAIT: Duration = Duration::from_secs(3);

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
        Desk { slot: Mutex::new(slot), home: home.to_path_buf(), events: OnceLock::new() }
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
                    *slot = Slot::Open(client);
                }
                Err(e) => *slot = Slot::Unavailable(e.into()),
            }
        }
        match &mut *slot {
            Slot::Open(client) => f(client),
            Slot::Unavailable(why) => Err(why.clone()),
            Slot::Closed => Err(IpcError::new("Tandem is closing")),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Slot> {
        // A command that panicked leaves the client as consistent as any failed command does
        // (changes are only acknowledged once on disk), so keep serving.
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
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

    /// Stops syncing and lets pending storage work finish. Later calls fail with "closing".
    pub fn close(&self) {
        let slot = std::mem::replace(&mut *self.lock(), Slot::Closed);
        if let Slot::Open(client) = slot {
            client.close();
        }
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
            Ok(c.set_current(&id)?)
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
            c.read(&id, |doc| {
                let tasks = tandem_core::tasks::tasks(doc)?;
                let name_of = |m: &str| tandem_core::project::member_name(doc, m);
                Ok::<_, IpcError>(tasks.iter().filter(|t| !t.deleted).map(|t| TaskItem::new(t, name_of)).collect())
            })?
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

    /// Every project's sync status as known now.
    pub fn sync_statuses(&self) -> Result<Vec<SyncStatusItem>, IpcError> {
        self.with(|c| Ok(c.statuses().into_iter().map(SyncStatusItem::from).collect()))
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
