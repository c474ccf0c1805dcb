//! The IPC commands: each moves its arguments to a [`Desk`] method off the UI thread, returns the
//! view type (or an [`IpcError`] with the message to show), and announces a change it made.
//!
//! Commands are `async` and run the blocking client call on Tauri's blocking pool: a plain
//! `#[tauri::command] fn` would run on the main thread and freeze the window while it works
//! (joining a project can take up to a minute), and the client's own runtime must not be
//! entered from an async task.

use std::sync::Arc;

use serde_json::value::RawValue;
use tandem_core::decisions::DecisionView;
use tandem_core::deliverables::DeliverableView;
use tandem_core::goals::GoalView;
use tandem_core::history::HistoryFilter;
use tandem_core::ids::{MeetingId, ReportId, TaskId};
use tandem_core::log::LogFilter;
use tandem_core::meetings::{MeetingSummary, MeetingView};
use tandem_core::merge::{Conflict, DeletedEdit};
use tandem_core::project::ProjectView;
use tandem_core::reports::{ReportFormat, ReportInfo, ReportView};
use tandem_core::resources::{AllocationView, BudgetLineView, BudgetView, ExpenseView, ResourceView};
use tandem_core::risks::{IssueView, RiskMatrixView, RiskView};
use tandem_core::search::SearchHit;
use tandem_core::tasks::{TaskNode, TaskView};
use tandem_core::views::WorkloadView;
use tandem_core::{Command, ItemRef, Kind};
use tauri::{AppHandle, Emitter, State};

use crate::desk::Desk;
use crate::ipc::{
    AppInfo, AsOfView, DiffStart, Executed, ExportKind, FileWritten, FilteredHistory, HandoverWritten, HistoryGrouping,
    HistoryPage, IpcError, LogPage, Moment, OpenState, PlanChecks, ProjectChanged, ProjectOverview, ProjectSummary,
    SyncStatusItem, TaskItem, TasksImported, TextEdited, TextState, WhatChanged, events,
};

/// Runs `f` on the desk in the blocking pool.
async fn blocking<T: Send + 'static>(
    desk: &State<'_, Arc<Desk>>,
    f: impl FnOnce(&Desk) -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    let desk = Arc::clone(desk);
    tauri::async_runtime::spawn_blocking(move || f(&desk))
        .await
        .map_err(|e| IpcError::new(format!("the command stopped unexpectedly: {e}")))?
}

/// Tells the webview that `project` changed, so the views showing it reload: those showing
/// `items`, or every view when `items` is empty (not known).
pub(crate) fn announce(app: &AppHandle, project: &str, items: Vec<ItemRef>) {
    if let Err(e) = app.emit(events::PROJECT_CHANGED, ProjectChanged { project: project.to_owned(), items }) {
        tracing::warn!("cannot emit {}: {e}", events::PROJECT_CHANGED);
    }
}

#[tauri::command]
pub async fn app_info(desk: State<'_, Arc<Desk>>) -> Result<AppInfo, IpcError> {
    blocking(&desk, Desk::app_info).await
}

#[tauri::command]
pub async fn list_projects(desk: State<'_, Arc<Desk>>) -> Result<Vec<ProjectSummary>, IpcError> {
    blocking(&desk, Desk::list_projects).await
}

#[tauri::command]
pub async fn create_project(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    name: String,
    me: String,
) -> Result<ProjectSummary, IpcError> {
    let created = blocking(&desk, move |d| d.create_project(&name, &me)).await?;
    announce(&app, &created.project, Vec::new());
    Ok(created.value)
}

#[tauri::command]
pub async fn join_project(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    code: String,
    me: String,
) -> Result<ProjectSummary, IpcError> {
    let joined = blocking(&desk, move |d| d.join_project(&code, &me)).await?;
    announce(&app, &joined.project, Vec::new());
    Ok(joined.value)
}

#[tauri::command]
pub async fn select_project(desk: State<'_, Arc<Desk>>, project_id: String) -> Result<(), IpcError> {
    blocking(&desk, move |d| d.select_project(&project_id)).await
}

#[tauri::command]
pub async fn project_overview(desk: State<'_, Arc<Desk>>, project_id: String) -> Result<ProjectOverview, IpcError> {
    blocking(&desk, move |d| d.project_overview(&project_id)).await
}

/// Whether the project's views are still the ones saved when the app last closed (its document
/// is loading). Answers at once, whatever else the desk is doing.
#[tauri::command]
pub async fn open_state(desk: State<'_, Arc<Desk>>, project_id: String) -> Result<OpenState, IpcError> {
    Ok(desk.open_state(&project_id))
}

/// Loads the project's document (seconds on a big project). If the views showed saved views
/// that differ from it, the desk has every view read again (see `Desk::on_stale_views`).
#[tauri::command]
pub async fn open_project(desk: State<'_, Arc<Desk>>, project_id: String) -> Result<(), IpcError> {
    blocking(&desk, move |d| d.open_project(&project_id)).await
}

#[tauri::command]
pub async fn add_task(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    title: String,
) -> Result<TaskItem, IpcError> {
    let added = blocking(&desk, move |d| d.add_task(&project_id, &title)).await?;
    announce(&app, &added.project, Vec::new());
    Ok(added.value)
}

#[tauri::command]
pub async fn set_task_status(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    task_id: String,
    status: String,
) -> Result<TaskItem, IpcError> {
    let updated = blocking(&desk, move |d| d.set_task_status(&project_id, &task_id, &status)).await?;
    announce(&app, &updated.project, Vec::new());
    Ok(updated.value)
}

#[tauri::command]
pub async fn sync_statuses(desk: State<'_, Arc<Desk>>) -> Result<Vec<SyncStatusItem>, IpcError> {
    blocking(&desk, Desk::sync_statuses).await
}

/// Runs one tandem-core command (any area) as one change and announces the items it touched.
/// The UI builds the command from the generated `Command` type.
#[tauri::command]
pub async fn execute(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    command: Command,
) -> Result<Executed, IpcError> {
    let done = blocking(&desk, move |d| d.execute(&project_id, command)).await?;
    let (executed, items) = done.value;
    if executed.changed {
        announce(&app, &done.project, items);
    }
    Ok(executed)
}

/// Splices a text field (meeting notes, descriptions, log bodies) with positions counted in the
/// text as of `at`, the heads `read_text` or the previous `edit_text` returned; see
/// [`Desk::edit_text`].
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn edit_text(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    kind: Kind,
    item_id: String,
    field: String,
    at: Vec<String>,
    pos: usize,
    delete: usize,
    insert: String,
) -> Result<TextEdited, IpcError> {
    let done =
        blocking(&desk, move |d| d.edit_text(&project_id, kind, &item_id, &field, at, pos, delete, insert)).await?;
    let (edited, items) = done.value;
    announce(&app, &done.project, items);
    Ok(edited)
}

/// The most entries one page of the log or the history may hold.
pub const MAX_PAGE: usize = 500;

/// Defines a read-only IPC command `$name(project_id)` returning a view as JSON: one of the
/// views saved at close ([`crate::desk::SAVED_VIEWS`]), answered from the saved copy while the
/// project's document loads.
macro_rules! saved_view_command {
    ($(#[$doc_attr:meta])* $name:ident) => {
        $(#[$doc_attr])*
        #[tauri::command]
        pub async fn $name(desk: State<'_, Arc<Desk>>, project_id: String) -> Result<Box<RawValue>, IpcError> {
            blocking(&desk, move |d| d.saved_view(&project_id, stringify!($name))).await
        }
    };
}

saved_view_command!(
    /// The live tasks as the task list shows them, in plan order (`TaskItem`s).
    list_tasks
);
saved_view_command!(
    /// The dashboard as of today (`DashboardView`).
    view_dashboard
);
saved_view_command!(
    /// Every member, including removed ones (marked deleted) (`MemberView`s).
    view_members
);
saved_view_command!(
    /// Every task, deleted ones included (marked), in plan order (`TaskView`s).
    view_tasks
);
saved_view_command!(
    /// Every milestone (`MilestoneView`s).
    view_milestones
);

/// Defines a read-only IPC command `$name(project_id, args…)` returning `$ty`, computed by
/// `$body` from the document `$doc` and today's date `$today` (both in scope of the body).
macro_rules! view_command {
    ($(#[$doc_attr:meta])* $name:ident($($arg:ident: $arg_ty:ty),*) -> $ty:ty = |$doc:ident, $today:ident| $body:expr) => {
        $(#[$doc_attr])*
        #[tauri::command]
        pub async fn $name(
            desk: State<'_, Arc<Desk>>,
            project_id: String,
            $($arg: $arg_ty),*
        ) -> Result<$ty, IpcError> {
            blocking(&desk, move |d| {
                #[allow(unused_variables, reason = "not every view depends on the date")]
                d.read(&project_id, move |$doc, $today| $body)
            })
            .await
        }
    };
}

view_command!(
    /// One text field of an item as it is now, with the heads to pass to `edit_text`.
    read_text(kind: Kind, item_id: String, field: String) -> TextState =
        |doc, today| crate::desk::text_state(doc, kind, &item_id, &field, None)
);
view_command!(
    /// The project's settings.
    view_project() -> ProjectView = |doc, today| tandem_core::project::project(doc)
);
view_command!(
    /// One task.
    view_task(task_id: String) -> TaskView = |doc, today| tandem_core::tasks::task(doc, &task_id.parse::<TaskId>()?)
);
view_command!(
    /// The live tasks as a tree (children under their parents).
    view_task_tree() -> Vec<TaskNode> = |doc, today| tandem_core::tasks::task_tree(doc)
);
view_command!(
    /// Goals with their progress as of today.
    view_goals() -> Vec<GoalView> = |doc, today| tandem_core::goals::goals(doc, today)
);
view_command!(
    view_resources() -> Vec<ResourceView> = |doc, today| tandem_core::resources::resources(doc)
);
view_command!(
    view_allocations() -> Vec<AllocationView> = |doc, today| tandem_core::resources::allocations(doc)
);
view_command!(
    view_expenses() -> Vec<ExpenseView> = |doc, today| tandem_core::resources::expenses(doc)
);
view_command!(
    view_budget_lines() -> Vec<BudgetLineView> = |doc, today| tandem_core::resources::budget_lines(doc)
);
view_command!(
    /// Planned, committed and actual money, by line and in total.
    view_budget() -> BudgetView = |doc, today| tandem_core::resources::budget(doc)
);
view_command!(
    view_risks() -> Vec<RiskView> = |doc, today| tandem_core::risks::risks(doc)
);
view_command!(
    /// Open risks placed on the probability × impact grid.
    view_risk_matrix() -> RiskMatrixView = |doc, today| tandem_core::risks::risk_matrix(doc)
);
view_command!(
    view_issues() -> Vec<IssueView> = |doc, today| tandem_core::risks::issues(doc)
);
view_command!(
    view_decisions() -> Vec<DecisionView> = |doc, today| tandem_core::decisions::decisions(doc)
);
view_command!(
    view_meetings() -> Vec<MeetingSummary> = |doc, today| tandem_core::meetings::meetings(doc)
);
view_command!(
    /// One meeting with its agenda, notes, decisions and action items.
    view_meeting(meeting_id: String) -> MeetingView =
        |doc, today| tandem_core::meetings::meeting(doc, &meeting_id.parse::<MeetingId>()?)
);
view_command!(
    /// One page of the log entries that match `filter`, newest first; `limit` is capped at
    /// [`MAX_PAGE`].
    view_log(filter: LogFilter, offset: usize, limit: usize) -> LogPage = |doc, today| {
        tandem_core::log::page(doc, &filter, offset, limit.min(MAX_PAGE))
    }
);
view_command!(
    /// Every client request, whatever its status.
    view_requests() -> Vec<tandem_core::requests::RequestView> =
        |doc, today| tandem_core::requests::requests(doc, None)
);
view_command!(
    view_deliverables() -> Vec<DeliverableView> = |doc, today| tandem_core::deliverables::deliverables(doc)
);
view_command!(
    /// Planned hours per member and ISO week from the Monday `from` (`YYYY-MM-DD`), for `weeks`
    /// weeks (1 to 26), against each member's capacity.
    view_workload(from: String, weeks: usize) -> WorkloadView = |doc, today| {
        let from = tandem_core::ids::parse_date("from", &from)?;
        tandem_core::views::workload(doc, from, weeks.clamp(1, 26))
    }
);
view_command!(
    /// Saved reports (title and period), newest first.
    view_reports() -> Vec<ReportInfo> = |doc, today| tandem_core::reports::reports(doc)
);
view_command!(
    /// Every field that holds concurrent values, each with its author and time.
    view_conflicts() -> Vec<Conflict> = |doc, today| Ok(tandem_core::merge::conflicts(doc))
);
view_command!(
    /// Deleted items that carry edits made concurrently with their deletion.
    view_deleted_edits() -> Vec<DeletedEdit> = |doc, today| Ok(tandem_core::merge::deleted_edits(doc))
);
view_command!(
    /// One page of the change history, newest first.
    view_history(offset: usize, limit: usize) -> HistoryPage = |doc, today| {
        let (total, entries) = tandem_core::history::page(doc, offset, limit.min(MAX_PAGE));
        Ok(HistoryPage { total, offset, entries })
    }
);

view_command!(
    /// One page of the changes that match `filter` (member, item, period), newest first, grouped
    /// by day or author within the page; `limit` is capped at [`MAX_PAGE`].
    view_history_filtered(
        filter: HistoryFilter,
        grouping: HistoryGrouping,
        offset: usize,
        limit: usize
    ) -> FilteredHistory = |doc, today| {
        crate::lookback::filtered_history(doc, &filter, grouping, offset, limit.min(MAX_PAGE))
    }
);
view_command!(
    /// The project as it was at `moment` (a time or a change), read-only: the dashboard of that
    /// day and the tasks that were not deleted then.
    view_as_of(moment: Moment) -> AsOfView = |doc, today| crate::lookback::as_of_view(doc, &moment, today)
);

/// What changed from `since` (a moment, the last meeting of a series, or the sync point this
/// session started from) until now, grouped by author.
#[tauri::command]
pub async fn view_diff(
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    since: DiffStart,
) -> Result<WhatChanged, IpcError> {
    blocking(&desk, move |d| d.what_changed(&project_id, &since)).await
}

view_command!(
    /// One saved report with its content (Markdown, or self-contained HTML).
    view_report(report_id: String) -> ReportView =
        |doc, today| tandem_core::reports::report(doc, &report_id.parse::<ReportId>()?)
);
view_command!(
    /// The plan-integrity checks as of today, each finding with the changes that caused it.
    view_checks() -> PlanChecks = |doc, today| crate::plan_checks::plan_checks(doc, today)
);

/// Generates the status report for `from..=to` (dates inclusive) and saves it into the project;
/// returns the saved report with its content.
#[tauri::command]
pub async fn generate_report(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    format: ReportFormat,
) -> Result<ReportView, IpcError> {
    let done = blocking(&desk, move |d| d.generate_report(&project_id, from, to, format)).await?;
    let (report, items) = done.value;
    announce(&app, &done.project, items);
    Ok(report)
}

/// Writes a saved report's content to the file `path` names (absolute, or from `~/`).
#[tauri::command]
pub async fn save_report_file(
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    report_id: String,
    path: String,
) -> Result<FileWritten, IpcError> {
    blocking(&desk, move |d| d.save_report_file(&project_id, &report_id, &path)).await
}

/// Writes an export of the project (CSV, iCalendar, JSON or the raw archive) to `path`.
#[tauri::command]
pub async fn export_file(
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    what: ExportKind,
    path: String,
) -> Result<FileWritten, IpcError> {
    blocking(&desk, move |d| d.export_file(&project_id, what, &path)).await
}

/// Writes the handover package of `deliverables` (none: every live one) to the folder `path`,
/// or to one zip file if `path` ends in `.zip`.
#[tauri::command]
pub async fn export_handover(
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    deliverables: Vec<String>,
    path: String,
) -> Result<HandoverWritten, IpcError> {
    blocking(&desk, move |d| d.export_handover(&project_id, &deliverables, &path)).await
}

/// Adds the tasks of the CSV file at `path`, once every row has been checked.
#[tauri::command]
pub async fn import_tasks(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    path: String,
) -> Result<TasksImported, IpcError> {
    let done = blocking(&desk, move |d| d.import_tasks(&project_id, &path)).await?;
    let (imported, items) = done.value;
    if imported.added > 0 {
        announce(&app, &done.project, items);
    }
    Ok(imported)
}

/// Opens the `.automerge` archive at `path` as a new local project, and makes it current.
#[tauri::command]
pub async fn open_archive(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    path: String,
) -> Result<ProjectSummary, IpcError> {
    let opened = blocking(&desk, move |d| d.open_archive(&path)).await?;
    announce(&app, &opened.project, Vec::new());
    Ok(opened.value)
}

/// The most hits one search returns.
pub const MAX_HITS: usize = 100;

view_command!(
    /// Live items and log entries containing `query`, titles first; at most `limit` (capped at
    /// [`MAX_HITS`]).
    search(query: String, limit: usize) -> Vec<SearchHit> =
        |doc, today| tandem_core::search::search(doc, &query, limit.min(MAX_HITS))
);
