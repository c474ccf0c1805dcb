//! The IPC commands: each moves its arguments to a [`Desk`] method off the UI thread, returns the
//! view type (or an [`IpcError`] with the message to show), and announces a change it made.
//!
//! Commands are `async` and run the blocking client call on Tauri's blocking pool: a plain
//! `#[tauri::command] fn` would run on the main thread and freeze the window while it works
//! (joining a project can take up to a minute), and the client's own runtime must not be
//! entered from an async task.

use std::sync::Arc;

use tauri::{AppHandle, Emitter, State};

use crate::desk::Desk;
use crate::ipc::{
    AppInfo, IpcError, ProjectChanged, ProjectOverview, ProjectSummary, SyncStatusItem, TaskItem, events,
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

/// Tells the webview that `project` changed, so the views showing it reload.
pub(crate) fn announce(app: &AppHandle, project: &str) {
    if let Err(e) = app.emit(events::PROJECT_CHANGED, ProjectChanged { project: project.to_owned() }) {
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
    announce(&app, &created.project);
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
    announce(&app, &joined.project);
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

#[tauri::command]
pub async fn list_tasks(desk: State<'_, Arc<Desk>>, project_id: String) -> Result<Vec<TaskItem>, IpcError> {
    blocking(&desk, move |d| d.list_tasks(&project_id)).await
}

#[tauri::command]
pub async fn add_task(
    app: AppHandle,
    desk: State<'_, Arc<Desk>>,
    project_id: String,
    title: String,
) -> Result<TaskItem, IpcError> {
    let added = blocking(&desk, move |d| d.add_task(&project_id, &title)).await?;
    announce(&app, &added.project);
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
    announce(&app, &updated.project);
    Ok(updated.value)
}

#[tauri::command]
pub async fn sync_statuses(desk: State<'_, Arc<Desk>>) -> Result<Vec<SyncStatusItem>, IpcError> {
    blocking(&desk, Desk::sync_statuses).await
}
