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

use serde::Serialize;
use tandem_client::{ClientError, RemoteChanges, SyncStatus};
use tandem_core::CoreError;
use tandem_core::project::MemberView;
use tandem_core::tasks::TaskView;
use tandem_core::views::DashboardView;
use ts_rs::TS;

/// Why a command failed, as the UI shows it: the client's or the core's message, which already
/// says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "../../ui/src/ipc/types/")]
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
#[ts(export_to = "../../ui/src/ipc/types/")]
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
#[ts(export_to = "../../ui/src/ipc/types/")]
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
#[ts(export_to = "../../ui/src/ipc/types/")]
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
#[ts(export_to = "../../ui/src/ipc/types/")]
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
#[ts(export_to = "../../ui/src/ipc/types/")]
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
#[ts(export_to = "../../ui/src/ipc/types/")]
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
#[ts(export_to = "../../ui/src/ipc/types/")]
pub struct AuthorItem {
    pub name: String,
    pub changes: usize,
}

/// Changes by other members that just arrived (the `remote-changes` event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "../../ui/src/ipc/types/")]
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

/// A project changed, locally or remotely (the `project-changed` event): views showing it reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "../../ui/src/ipc/types/")]
pub struct ProjectChanged {
    pub project: String,
}

/// The names of the events the app emits to the webview.
pub mod events {
    /// Payload [`super::SyncStatusItem`].
    pub const SYNC_STATUS: &str = "sync-status";
    /// Payload [`super::RemoteChangesItem`].
    pub const REMOTE_CHANGES: &str = "remote-changes";
    /// Payload [`super::ProjectChanged`].
    pub const PROJECT_CHANGED: &str = "project-changed";
}

#[cfg(test)]
mod bindings {
    //! The generated TypeScript files match these types.

    use std::path::{Component, Path, PathBuf};

    use ts_rs::{Config, TS};

    use super::*;

    /// One generated file: where it goes and what it holds.
    fn rendered<T: TS + 'static>(cfg: &Config) -> (PathBuf, String) {
        let relative = T::output_path().expect("IPC types have an export path");
        // ts-rs resolves `export_to` against `<crate>/bindings`. Resolve it lexically, so that no
        // `bindings` directory has to exist (Linux would need it to follow the `..`).
        let mut path = Path::new(env!("CARGO_MANIFEST_DIR")).join("bindings");
        for part in relative.components() {
            match part {
                Component::ParentDir => {
                    path.pop();
                }
                other => path.push(other),
            }
        }
        (path, T::export_to_string(cfg).expect("the type renders"))
    }

    /// Every type that crosses IPC. A new IPC type is added here.
    fn all() -> Vec<(PathBuf, String)> {
        // Defaults, not the environment: the files must not depend on who generates them.
        let cfg = Config::new();
        vec![
            rendered::<IpcError>(&cfg),
            rendered::<AppInfo>(&cfg),
            rendered::<ProjectSummary>(&cfg),
            rendered::<MemberItem>(&cfg),
            rendered::<ProjectOverview>(&cfg),
            rendered::<TaskItem>(&cfg),
            rendered::<SyncStatusItem>(&cfg),
            rendered::<AuthorItem>(&cfg),
            rendered::<RemoteChangesItem>(&cfg),
            rendered::<ProjectChanged>(&cfg),
        ]
    }

    #[test]
    fn typescript_bindings_match() {
        let mut rewritten = Vec::new();
        for (path, text) in all() {
            if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
                continue;
            }
            let dir = path.parent().expect("the file has a directory");
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            rewritten.push(path.display().to_string());
        }
        assert!(
            rewritten.is_empty(),
            "the IPC types changed, so these generated TypeScript files were rewritten; review and commit them \
             (this test passes once they match):\n{}",
            rewritten.join("\n")
        );
    }

    #[test]
    fn the_types_directory_holds_only_generated_files() {
        let generated: Vec<PathBuf> = all().into_iter().map(|(path, _)| path).collect();
        let dir = generated[0].parent().expect("the files have a directory").to_path_buf();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            // Not generated yet: `typescript_bindings_match` writes it.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => panic!("cannot list {}: {e}", dir.display()),
        };
        let strays: Vec<String> = entries
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| !generated.contains(p))
            .map(|p| p.display().to_string())
            .collect();
        assert!(
            strays.is_empty(),
            "these files in {} are not generated from an IPC type (IPC types are never hand-written): \
             remove them, or derive the type in src-tauri/src/ipc.rs and list it in `all()`:\n{}",
            dir.display(),
            strays.join("\n")
        );
    }

    #[test]
    fn numbers_are_plain_javascript_numbers() {
        for (path, text) in all() {
            assert!(!text.contains("bigint"), "{} uses bigint:\n{text}", path.display());
        }
    }
}
