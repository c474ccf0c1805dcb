//! The view types that cross IPC, and how they are made from tandem-client and tandem-core views.
//!
//! Only these types reach the webview: commands return them, events carry them. Their TypeScript
//! twins in `ui/src/ipc/types/<Type>.ts` are generated from these definitions by ts-rs; the test
//! `typescript_bindings_match` (run by `cargo test -p tandem-desktop`) rewrites any file that
//! differs and then fails, so a changed type shows up as a diff to review and commit. Never edit
//! those files by hand.
//!
//! Field names stay snake_case on the wire (serde's default), exactly as the TypeScript types say.
//! Counts and instants are plain JS numbers (`#[ts(type = "number")]` where ts-rs would pick
//! `bigint`): instants are UTC milliseconds, far below 2^53.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tandem_client::{ClientError, RemoteChanges, SyncStatus};
use tandem_core::checks::Finding;
use tandem_core::history::{AuthorGroup, ChangeInfo, DayGroup};
use tandem_core::project::MemberView;
use tandem_core::tasks::TaskView;
use tandem_core::timeline::DiffView;
use tandem_core::views::DashboardView;
use tandem_core::{CoreError, ItemRef, Millis};
use ts_rs::TS;

/// Why a command failed, as the UI shows it: the client's or the core's message, which already
/// says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub message: String,
}

impl IpcError {
    pub fn new(message: impl Into<String>) -> IpcError {
        IpcError { message: message.into() }
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IpcError {}

impl From<ClientError> for IpcError {
    fn from(e: ClientError) -> IpcError {
        IpcError::new(e.to_string())
    }
}

impl From<CoreError> for IpcError {
    fn from(e: CoreError) -> IpcError {
        IpcError::new(e.to_string())
    }
}

/// Which profile the app runs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AppInfo {
    /// The profile directory.
    pub home: String,
    /// This device's id (its Automerge actor, hex).
    pub device: String,
    /// The project shown when the app opens, if any.
    pub current_project: Option<String>,
}

/// One project in the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProjectSummary {
    pub id: String,
    pub name: String,
    /// Whether it is the profile's current project.
    pub current: bool,
}

impl From<tandem_client::ProjectSummary> for ProjectSummary {
    fn from(p: tandem_client::ProjectSummary) -> ProjectSummary {
        ProjectSummary { id: p.id, name: p.name, current: p.current }
    }
}

/// A member of the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MemberItem {
    pub id: String,
    pub name: String,
    /// `coordinator`, `member`, `stakeholder` or `viewer`.
    pub role: String,
}

impl From<&MemberView> for MemberItem {
    fn from(m: &MemberView) -> MemberItem {
        MemberItem { id: m.id.to_string(), name: m.name.clone(), role: m.role.as_str().to_owned() }
    }
}

/// The project at a glance: what the header and the dashboard show first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProjectOverview {
    pub id: String,
    pub name: String,
    pub client: Option<String>,
    pub members: Vec<MemberItem>,
    /// Done estimate over all estimated work, in percent (one decimal).
    pub percent_complete: f64,
    pub tasks_open: usize,
    pub tasks_done: usize,
    /// Open tasks due before today.
    pub tasks_overdue: usize,
}

impl ProjectOverview {
    /// The overview of project `id` from its dashboard and member list.
    pub fn new(id: &str, dashboard: &DashboardView, members: &[MemberView]) -> ProjectOverview {
        ProjectOverview {
            id: id.to_owned(),
            name: dashboard.name.clone(),
            client: dashboard.client.clone(),
            members: members.iter().filter(|m| !m.deleted).map(MemberItem::from).collect(),
            percent_complete: dashboard.percent_complete,
            tasks_open: dashboard.tasks_open,
            tasks_done: dashboard.tasks_done,
            tasks_overdue: dashboard.tasks_overdue,
        }
    }
}

/// A task as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaskItem {
    pub id: String,
    pub title: String,
    /// `todo`, `in_progress`, `blocked`, `done` or `cancelled`.
    pub status: String,
    /// The assignees' names, in the task's order.
    pub assignees: Vec<String>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    /// Estimated effort in hours.
    pub estimate: Option<f64>,
    /// The parent task's id.
    pub parent: Option<String>,
}

impl TaskItem {
    /// The item for `task`, with member ids turned into names by `name_of`.
    pub fn new(task: &TaskView, name_of: impl Fn(&str) -> String) -> TaskItem {
        TaskItem {
            id: task.id.to_string(),
            title: task.title.clone(),
            status: task.status.as_str().to_owned(),
            assignees: task.assignees.iter().map(|m| name_of(m.as_str())).collect(),
            due: task.due.map(|d| d.format("%Y-%m-%d").to_string()),
            estimate: task.estimate,
            parent: task.parent.as_ref().map(ToString::to_string),
        }
    }
}

/// Where a project stands with its server (the `sync-status` event and `sync_statuses`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncStatusItem {
    pub project: String,
    pub name: String,
    /// The server address, when the project is shared.
    pub server: Option<String>,
    /// This profile's role there.
    pub role: Option<String>,
    /// `local_only`, `offline`, `connecting`, `syncing`, `up_to_date`, `storage_error` or
    /// `access_revoked`.
    pub state: String,
    /// Local changes the server does not have yet.
    pub unsent: usize,
    /// When this replica was last up to date with the server (UTC milliseconds).
    #[ts(type = "number | null")]
    pub last_synced: Option<i64>,
    /// Why, for offline, storage error and access revoked.
    pub detail: Option<String>,
}

impl From<SyncStatus> for SyncStatusItem {
    fn from(s: SyncStatus) -> SyncStatusItem {
        // The state's serde form is its snake_case name, the same as the CLI's `--json` output.
        let state = serde_json::to_value(s.state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        SyncStatusItem {
            project: s.project,
            name: s.name,
            server: s.server,
            role: s.role,
            state,
            unsent: s.unsent,
            last_synced: s.last_synced.map(|m| m.0),
            detail: s.detail,
        }
    }
}

/// How many of the arrived changes one member made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuthorItem {
    pub name: String,
    pub changes: usize,
}

/// Changes by other members that just arrived (the `remote-changes` event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RemoteChangesItem {
    pub project: String,
    pub name: String,
    pub new_changes: usize,
    /// Most active first.
    pub authors: Vec<AuthorItem>,
    /// Fields that now hold concurrent values.
    pub conflicts: usize,
    /// Deleted items that carry edits made concurrently with their deletion.
    pub deleted_edits: usize,
}

impl From<RemoteChanges> for RemoteChangesItem {
    fn from(r: RemoteChanges) -> RemoteChangesItem {
        RemoteChangesItem {
            project: r.project,
            name: r.name,
            new_changes: r.report.new_changes,
            authors: r.report.authors.into_iter().map(|a| AuthorItem { name: a.name, changes: a.changes }).collect(),
            conflicts: r.report.conflicts,
            deleted_edits: r.report.deleted_edits,
        }
    }
}

/// A project changed, locally or remotely (the `project-changed` event): views showing the
/// changed items refetch them, and only them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProjectChanged {
    pub project: String,
    /// The items the change touched, as its message records them. Empty when they are not known
    /// (a change by another tool without Tandem's trailers, a new or joined project): then every
    /// view of the project refetches.
    pub items: Vec<ItemRef>,
}

/// What `execute` did: the one change a command made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Executed {
    /// The change's human summary, as the history shows it.
    pub summary: String,
    /// The id of the item the command created, if it created one.
    pub created: Option<String>,
    /// Whether the command changed anything (setting a field to its current value does not).
    pub changed: bool,
}

/// A text field as of some document heads: what a text editor shows and counts positions in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TextState {
    pub text: String,
    /// The document heads (hex change hashes) the text was read at. Pass them back as `at` with
    /// the next `edit_text`, whose positions then count in this text.
    pub heads: Vec<String>,
}

/// What `edit_text` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TextEdited {
    /// The text as of the edit's own change (its heads are that change alone): the text at `at`
    /// with the splice applied, plus the edits of others the replica had merged before the
    /// splice. When nothing had arrived since `at`, it is exactly the editor's text.
    pub own: TextState,
    /// The text and heads now, others' edits included.
    pub latest: TextState,
}

/// Whether a project's views come from the document or, while it still loads, from the views
/// saved when the app last closed (see `tandem_client::view_cache`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OpenState {
    /// The views shown are the saved ones; the document is still loading.
    pub from_cache: bool,
    /// When the saved views were read (UTC milliseconds; with `from_cache`).
    #[ts(type = "number | null")]
    pub saved_at: Option<i64>,
}

/// A page of the project log (newest first), as tandem-core reads it.
pub use tandem_core::log::LogPage;

/// A page of the project's change history (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryPage {
    /// How many changes the project has.
    pub total: usize,
    /// Where this page starts.
    pub offset: usize,
    pub entries: Vec<ChangeInfo>,
}

/// How `view_history_filtered` groups the changes it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HistoryGrouping {
    /// One list, newest first.
    None,
    /// One group per UTC day, newest day first.
    Day,
    /// One group per author, the most active first.
    Author,
}

/// The changes of one page of a filtered history, grouped as asked.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum HistoryGroups {
    None { changes: Vec<ChangeInfo> },
    Day { days: Vec<DayGroup> },
    Author { authors: Vec<AuthorGroup> },
}

/// A page of the changes that match a [`tandem_core::history::HistoryFilter`], newest first.
/// Groups are made within the page: a day or an author can continue on the next page.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FilteredHistory {
    /// How many changes match the filter.
    pub total: usize,
    /// Where this page starts among them.
    pub offset: usize,
    /// How many changes this page holds.
    pub count: usize,
    pub groups: HistoryGroups,
}

/// Where "what changed" starts. It always ends now.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(tag = "since", rename_all = "snake_case")]
pub enum DiffStart {
    /// A moment (UTC milliseconds).
    Time { at: Millis },
    /// The start of the last meeting of this series (e.g. "Steering") that began before now.
    Meeting { series: String },
    /// The sync point this session of the replica started from: what arrived, and what was
    /// done, while you were offline.
    Offline,
}

/// What changed since a [`DiffStart`] until now, by author.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WhatChanged {
    /// When the period starts: the moment asked for, the meeting's start, or the previous sync
    /// (when the replica recorded its time).
    pub since: Option<Millis>,
    /// The title of the meeting the period starts at (for [`DiffStart::Meeting`]).
    pub meeting: Option<String>,
    /// `None` only for [`DiffStart::Offline`] when this replica has no earlier sync of the project
    /// to compare with yet.
    pub diff: Option<DiffView>,
}

/// A moment in the project's past, for the read-only "as of" view.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Moment {
    /// The project as it stood at this instant (UTC milliseconds): every change made by then.
    Time { time: Millis },
    /// The project right after this change (its hash, or a unique prefix of 6 or more hex
    /// characters): the change and everything it was made on top of.
    Change { hash: String },
}

/// The project as it was at a moment: read-only, for looking back.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AsOfView {
    /// The document heads of that moment (hex change hashes).
    pub heads: Vec<String>,
    /// The newest change included.
    pub last_change: Option<ChangeInfo>,
    /// The day the dashboard counts from (overdue work): the moment's day.
    pub day: NaiveDate,
    pub dashboard: DashboardView,
    /// The tasks that were not deleted then, in plan order, with their assignees' names then.
    pub tasks: Vec<TaskItem>,
}

/// An item a finding names, with what it is called, so the UI can link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ItemLabel {
    pub item: ItemRef,
    /// The item's title or name (its kind and id when it has neither, or no longer exists).
    pub label: String,
}

/// The plan-integrity checks of a project as of a day, as `tandem check` lists them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PlanChecks {
    /// The day the plan was checked as of (weeks and meetings before it are not checked).
    pub today: NaiveDate,
    /// Errors first, then by kind and key.
    pub findings: Vec<Finding>,
    /// A label for every item the findings name.
    pub labels: Vec<ItemLabel>,
}

/// The plan checks run after others' changes arrived (the `merge-findings` event): the findings
/// that name an item the arrived changes touched, as `tandem sync` prints them. Sent only when
/// there is at least one.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MergeFindings {
    pub project: String,
    /// The project's name.
    pub name: String,
    /// How many findings the whole plan has now.
    pub total: usize,
    /// The findings on what arrived.
    pub findings: Vec<Finding>,
    pub labels: Vec<ItemLabel>,
}

/// What can be exported to a file: tandem-core's [`tandem_core::export::FileExport`], which
/// carries the serde names (`"tasks"`, …, `"archive"`) and the TypeScript binding `ExportKind`.
pub use tandem_core::export::FileExport as ExportKind;

/// A file the app wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileWritten {
    pub path: String,
    pub bytes: usize,
}

/// A handover package the app wrote (a folder, or one zip file when the path ends in `.zip`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HandoverWritten {
    pub path: String,
    pub zip: bool,
    /// The files in the package, in order (README.md first).
    pub files: Vec<String>,
    /// The bytes written (the zip file, or the files of the folder).
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What importing a task CSV did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TasksImported {
    /// How many rows the CSV held (each checked before anything was written).
    pub rows: usize,
    /// How many tasks were added.
    pub added: usize,
    /// The ids of the added tasks.
    pub created: Vec<String>,
    /// Why adding stopped before the last row, if it did: the tasks added before stay, and the
    /// rest of the rows were not added.
    pub error: Option<String>,
}

/// The names of the events the app emits to the webview.
pub mod events {
    /// Payload [`super::SyncStatusItem`].
    pub const SYNC_STATUS: &str = "sync-status";
    /// Payload [`super::RemoteChangesItem`].
    pub const REMOTE_CHANGES: &str = "remote-changes";
    /// Payload [`super::ProjectChanged`].
    pub const PROJECT_CHANGED: &str = "project-changed";
    /// Payload [`super::MergeFindings`].
    pub const MERGE_FINDINGS: &str = "merge-findings";
}

#[cfg(test)]
mod bindings {
    //! The generated TypeScript files in `ui/src/ipc/types/` match these types and tandem-core's.

    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use ts_rs::{Config, TS};

    use super::*;

    /// Where the UI keeps the generated files.
    fn types_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/ipc/types")
    }

    /// Exports every IPC type and everything it refers to (tandem-core's commands and views
    /// included) into `dir`, one flat directory.
    fn export_into(dir: &Path) {
        // Defaults, not the environment: the files must not depend on who generates them. Counts
        // and instants are plain JS numbers (far below 2^53).
        let cfg = Config::new().with_large_int("number").with_out_dir(dir);
        IpcError::export_all(&cfg).expect("export");
        AppInfo::export_all(&cfg).expect("export");
        ProjectSummary::export_all(&cfg).expect("export");
        ProjectOverview::export_all(&cfg).expect("export");
        TaskItem::export_all(&cfg).expect("export");
        SyncStatusItem::export_all(&cfg).expect("export");
        RemoteChangesItem::export_all(&cfg).expect("export");
        ProjectChanged::export_all(&cfg).expect("export");
        Executed::export_all(&cfg).expect("export");
        LogPage::export_all(&cfg).expect("export");
        HistoryPage::export_all(&cfg).expect("export");
        TextState::export_all(&cfg).expect("export");
        TextEdited::export_all(&cfg).expect("export");
        OpenState::export_all(&cfg).expect("export");
        HistoryGrouping::export_all(&cfg).expect("export");
        FilteredHistory::export_all(&cfg).expect("export");
        DiffStart::export_all(&cfg).expect("export");
        WhatChanged::export_all(&cfg).expect("export");
        Moment::export_all(&cfg).expect("export");
        AsOfView::export_all(&cfg).expect("export");
        PlanChecks::export_all(&cfg).expect("export");
        MergeFindings::export_all(&cfg).expect("export");
        ExportKind::export_all(&cfg).expect("export");
        FileWritten::export_all(&cfg).expect("export");
        HandoverWritten::export_all(&cfg).expect("export");
        TasksImported::export_all(&cfg).expect("export");
        tandem_core::ts::export_all(&cfg).expect("export tandem-core's types");
    }

    /// The `.ts` files in `dir` by name, with their text.
    fn files(dir: &Path) -> BTreeMap<String, String> {
        let Ok(entries) = std::fs::read_dir(dir) else { return BTreeMap::new() };
        entries
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.is_file())
            .map(|p| {
                let name = p.file_name().expect("a file name").to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
                (name, text)
            })
            .collect()
    }

    /// Rewrites the checked-in files that differ, removes those no type generates any more, and
    /// fails if it had to do either, so a changed type shows up as a diff to review and commit.
    #[test]
    fn typescript_bindings_match() {
        let scratch = tempfile::tempdir().expect("a temporary directory");
        export_into(scratch.path());
        let fresh = files(scratch.path());
        assert!(fresh.contains_key("Command.ts") && fresh.contains_key("TaskView.ts"), "core's types were exported");
        let dir = types_dir();
        let old = files(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let mut touched = Vec::new();
        for (name, text) in &fresh {
            if old.get(name) != Some(text) {
                std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
                touched.push(format!("rewrote {name}"));
            }
        }
        for name in old.keys().filter(|n| !fresh.contains_key(*n)) {
            std::fs::remove_file(dir.join(name)).unwrap_or_else(|e| panic!("cannot remove {name}: {e}"));
            touched.push(format!("removed {name} (no IPC type generates it)"));
        }
        assert!(
            touched.is_empty(),
            "the IPC types changed, so the generated TypeScript in {} was updated; review and commit it (this test \
             passes once they match):\n{}",
            dir.display(),
            touched.join("\n")
        );
    }

    #[test]
    fn numbers_are_plain_javascript_numbers() {
        let scratch = tempfile::tempdir().expect("a temporary directory");
        export_into(scratch.path());
        for (name, text) in files(scratch.path()) {
            assert!(!text.contains("bigint"), "{name} uses bigint:\n{text}");
        }
    }
}
