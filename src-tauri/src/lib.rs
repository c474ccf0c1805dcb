//! tandem-desktop: the Tauri 2 shell of the desktop app.
//!
//! One process holds one profile (`--home DIR`, else `TANDEM_HOME`, else the platform data
//! directory) through a [`desk::Desk`]. The webview (the React UI built into `ui/dist`) calls
//! the IPC commands in [`commands`] and listens to the events named in [`ipc::events`]; only the
//! view types of [`ipc`] cross IPC. Domain rules stay in tandem-core, reached through
//! `tandem_client::Client`, exactly as the CLI reaches them.

pub mod commands;
pub mod desk;
pub mod files;
pub mod ipc;
pub mod lookback;
pub mod plan_checks;
pub mod status_reports;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};

use tandem_client::{ClientEvent, RemoteChanges};
use tauri::{AppHandle, Emitter, Manager, RunEvent};

use crate::desk::Desk;
use crate::ipc::{RemoteChangesItem, SyncStatusItem, events};

/// The profile directory given on the command line: `--home DIR` or `--home=DIR`. Other
/// arguments are ignored (a WebDriver may pass its own).
pub fn home_argument(args: impl IntoIterator<Item = OsString>) -> Result<Option<PathBuf>, String> {
    let mut args = args.into_iter();
    let mut home = None;
    while let Some(arg) = args.next() {
        if arg == "--home" {
            let dir = args.next().ok_or("--home needs a directory: tandem-desktop --home DIR")?;
            home = Some(PathBuf::from(dir));
        } else if let Some(dir) = arg.to_str().and_then(|a| a.strip_prefix("--home=")) {
            home = Some(PathBuf::from(dir));
        } else {
            tracing::debug!("ignoring the argument {arg:?}");
        }
    }
    Ok(home)
}

/// Sends the client's events to the webview until the client stops: `sync-status` for every
/// status change, `remote-changes` and `project-changed` when other members' changes arrive,
/// and `merge-findings` when the plan checks find problems on what arrived. The checks run once
/// arrivals pause for [`plan_checks::QUIET`], on everything that arrived meanwhile, so a burst
/// (someone typing meeting notes) costs one run, not one per keystroke.
fn forward_events(app: AppHandle, events: Receiver<ClientEvent>) {
    let spawned = std::thread::Builder::new().name("tandem-events".into()).spawn(move || {
        let mut arrived = plan_checks::Arrivals::default();
        loop {
            let event = if arrived.is_empty() {
                events.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                events.recv_timeout(plan_checks::QUIET)
            };
            let event = match event {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => {
                    for remote in arrived.take() {
                        check_after_merge(&app, &remote);
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            let sent = match event {
                ClientEvent::Status(status) => app.emit(events::SYNC_STATUS, SyncStatusItem::from(status)),
                ClientEvent::Remote(remote) => {
                    let project = remote.project.clone();
                    let items = remote.report.items.clone();
                    let sent = app.emit(events::REMOTE_CHANGES, RemoteChangesItem::from(remote.clone()));
                    commands::announce(&app, &project, items);
                    arrived.add(remote);
                    sent
                }
            };
            if let Err(e) = sent {
                tracing::warn!("cannot emit a client event to the window: {e}");
            }
        }
    });
    if let Err(e) = spawned {
        tracing::error!("cannot start the thread that forwards sync events: {e}");
    }
}

/// Runs the plan checks on a project others' changes just arrived in, and tells the webview
/// (`merge-findings`) about the findings on what arrived, if there are any.
fn check_after_merge(app: &AppHandle, remote: &RemoteChanges) {
    let desk = app.state::<Arc<Desk>>();
    match desk.checks_after_merge(&remote.project, &remote.name, &remote.report) {
        Ok(Some(findings)) => {
            if let Err(e) = app.emit(events::MERGE_FINDINGS, findings) {
                tracing::warn!("cannot emit {}: {e}", events::MERGE_FINDINGS);
            }
        }
        Ok(None) => {}
        Err(e) => tracing::warn!("cannot run the plan checks after the merge into {}: {e}", remote.project),
    }
}

/// Ends the app as closing its window does when the system asks it to stop (SIGTERM at logout or
/// from a process manager, SIGINT from a terminal, SIGHUP when the terminal goes): the `Exit`
/// event then closes the replica, which saves the first views for the next start. Without this
/// the process would die at once, and the next start would wait for the project to load.
fn exit_on_signals(app: AppHandle) {
    #[cfg(unix)]
    tauri::async_runtime::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let streams = (signal(SignalKind::terminate()), signal(SignalKind::interrupt()), signal(SignalKind::hangup()));
        let (Ok(mut term), Ok(mut int), Ok(mut hup)) = streams else {
            tracing::warn!("cannot listen for SIGTERM, SIGINT and SIGHUP; they will end the app without saving views");
            return;
        };
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
            _ = hup.recv() => "SIGHUP",
        };
        tracing::info!("{name} received; closing");
        app.exit(0);
    });
    #[cfg(not(unix))]
    let _ = app;
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,samod=warn,samod_core=warn"));
    // A second initialisation (tests) is harmless.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// Opens the profile and runs the app until its window closes.
pub fn run() -> ExitCode {
    init_logging();
    let home = match home_argument(std::env::args_os().skip(1))
        .and_then(|explicit| tandem_client::resolve_home(explicit.as_deref()).map_err(|e| e.to_string()))
    {
        Ok(home) => home,
        Err(e) => {
            tracing::error!("{e}");
            return ExitCode::FAILURE;
        }
    };
    // A busy profile still opens the window, so that the person sees why (and can try again).
    let desk = Arc::new(Desk::open(&home, desk::OPEN_WAIT));
    let built = tauri::Builder::default()
        .manage(Arc::clone(&desk))
        .setup(|app| {
            let handle = app.handle().clone();
            app.state::<Arc<Desk>>().start_sync(move |events| forward_events(handle.clone(), events));
            let stale = app.handle().clone();
            app.state::<Arc<Desk>>().on_stale_views(move |project| commands::announce(&stale, project, Vec::new()));
            exit_on_signals(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_projects,
            commands::create_project,
            commands::join_project,
            commands::select_project,
            commands::project_overview,
            commands::list_tasks,
            commands::open_state,
            commands::open_project,
            commands::add_task,
            commands::set_task_status,
            commands::sync_statuses,
            commands::execute,
            commands::edit_text,
            commands::read_text,
            commands::view_dashboard,
            commands::view_project,
            commands::view_members,
            commands::view_tasks,
            commands::view_task,
            commands::view_task_tree,
            commands::view_milestones,
            commands::view_goals,
            commands::view_resources,
            commands::view_allocations,
            commands::view_expenses,
            commands::view_budget_lines,
            commands::view_budget,
            commands::view_risks,
            commands::view_risk_matrix,
            commands::view_issues,
            commands::view_decisions,
            commands::view_meetings,
            commands::view_meeting,
            commands::view_log,
            commands::view_requests,
            commands::view_deliverables,
            commands::view_workload,
            commands::view_reports,
            commands::view_conflicts,
            commands::view_deleted_edits,
            commands::view_history,
            commands::view_history_filtered,
            commands::view_diff,
            commands::view_as_of,
            commands::view_report,
            commands::view_checks,
            commands::generate_report,
            commands::save_report_file,
            commands::export_file,
            commands::export_handover,
            commands::import_tasks,
            commands::open_archive,
            commands::search,
        ])
        .build(tauri::generate_context!());
    let app = match built {
        Ok(app) => app,
        Err(e) => {
            tracing::error!("cannot start the window: {e}");
            desk.close();
            return ExitCode::FAILURE;
        }
    };
    app.run(move |_, event| {
        if let RunEvent::Exit = event {
            desk.close();
        }
    });
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(args: &[&str]) -> Result<Option<PathBuf>, String> {
        home_argument(args.iter().map(OsString::from))
    }

    #[test]
    fn home_comes_from_the_command_line() {
        assert_eq!(home(&[]), Ok(None));
        assert_eq!(home(&["--home", "/tmp/a"]), Ok(Some(PathBuf::from("/tmp/a"))));
        assert_eq!(home(&["--home=/tmp/b"]), Ok(Some(PathBuf::from("/tmp/b"))));
        assert_eq!(home(&["--automation", "--home", "/tmp/c"]), Ok(Some(PathBuf::from("/tmp/c"))));
        assert!(home(&["--home"]).unwrap_err().contains("needs a directory"));
    }
}
