//! The desk on a real client in a temp profile, without a webview: what each IPC command
//! returns, and the messages of the errors it passes on.

use tandem_core::Millis;
use tandem_core::ids::MemberId;
use tandem_core::merge::{AuthorCount, MergeReport};

use super::*;
use crate::ipc::{RemoteChangesItem, SyncStatusItem};

/// 2026-12-01 09:00 UTC, a Tuesday.
const NOW: Millis = Millis(1_796_115_600_000);

fn desk() -> (tempfile::TempDir, Desk) {
    let home = tempfile::tempdir().expect("a temp profile");
    let desk = Desk::open(home.path(), OPEN_WAIT);
    assert!(desk.is_open(), "{desk:?}");
    desk.with(|c| {
        c.set_clock(Box::new(|| NOW));
        Ok(())
    })
    .expect("the clock is set");
    (home, desk)
}

fn execute(desk: &Desk, project: &str, command: Command) -> tandem_core::Outcome {
    desk.with(|c| Ok(c.execute(project, command)?)).expect("the command runs")
}

fn error<T: std::fmt::Debug>(result: Result<T, IpcError>) -> String {
    result.expect_err("the command is refused").message
}

#[test]
fn a_new_project_is_current_and_lists_its_coordinator() {
    let (home, desk) = desk();
    let info = desk.app_info().unwrap();
    assert_eq!(info.home, home.path().display().to_string());
    assert_eq!(info.device.len(), 32, "the device is a hex actor id: {info:?}");
    assert_eq!(info.current_project, None);
    assert_eq!(desk.list_projects().unwrap(), vec![]);

    let created = desk.create_project("Apollo", "Ada").unwrap();
    let summary = ProjectSummary { id: created.project.clone(), name: "Apollo".into(), current: true };
    assert_eq!(created.value, summary);
    assert_eq!(desk.list_projects().unwrap(), vec![summary]);
    assert_eq!(desk.app_info().unwrap().current_project.as_deref(), Some(created.project.as_str()));

    let overview = desk.project_overview(&created.project).unwrap();
    assert_eq!(
        (overview.id.as_str(), overview.name.as_str(), overview.client.as_deref()),
        (&*created.project, "Apollo", None)
    );
    let members: Vec<(&str, &str)> = overview.members.iter().map(|m| (m.name.as_str(), m.role.as_str())).collect();
    assert_eq!(members, [("Ada", "coordinator")]);
    assert_eq!((overview.tasks_open, overview.tasks_done, overview.tasks_overdue), (0, 0, 0));
}

#[test]
fn tasks_show_member_names_dates_and_status_changes() {
    let (_home, desk) = desk();
    let project = desk.create_project("Apollo", "Ada").unwrap().project;
    let added = desk.add_task(&project, "Write the release notes").unwrap();
    assert_eq!(added.project, project);
    let task = added.value;
    assert_eq!((task.title.as_str(), task.status.as_str()), ("Write the release notes", "todo"));
    assert_eq!(
        (task.assignees.len(), task.due.as_deref(), task.estimate, task.parent.as_deref()),
        (0, None, None, None)
    );

    let bo = execute(
        &desk,
        &project,
        Command::Project(ProjectCommand::AddMember {
            name: "Bo".into(),
            role: tandem_core::project::MemberRole::Member,
            title: None,
            email: None,
            capacity_hours: None,
        }),
    )
    .created
    .expect("a member id");
    let task_id: TaskId = task.id.parse().unwrap();
    let member: MemberId = bo.parse().unwrap();
    execute(&desk, &project, Command::Task(TaskCommand::Assign { id: task_id.clone(), member }));
    let patch = TaskPatch {
        due: tandem_core::values::Edit::Set("2026-11-30".parse().unwrap()),
        estimate: tandem_core::values::Edit::Set(4.0),
        ..TaskPatch::default()
    };
    execute(&desk, &project, Command::Task(TaskCommand::Update { id: task_id.clone(), patch }));
    let sub = NewTask {
        title: "Collect the changes".into(),
        parent: Some(task_id.clone()),
        estimate: Some(2.0),
        ..NewTask::default()
    };
    let sub_id = execute(&desk, &project, Command::Task(TaskCommand::Add(sub))).created.unwrap();

    let mut tasks = desk.list_tasks(&project).unwrap();
    tasks.sort_by(|a, b| b.title.cmp(&a.title));
    let expected = [
        TaskItem {
            id: task.id.clone(),
            title: "Write the release notes".into(),
            status: "todo".into(),
            assignees: vec!["Bo".into()],
            due: Some("2026-11-30".into()),
            estimate: Some(4.0),
            parent: None,
        },
        TaskItem {
            id: sub_id.clone(),
            title: "Collect the changes".into(),
            status: "todo".into(),
            assignees: vec![],
            due: None,
            estimate: Some(2.0),
            parent: Some(task.id.clone()),
        },
    ];
    assert_eq!(tasks, expected);
    assert_eq!(desk.project_overview(&project).unwrap().tasks_overdue, 1, "due yesterday and still open");

    // The core's workflow rules apply: a task with an open subtask cannot be done.
    let refused = error(desk.set_task_status(&project, &task.id, "done"));
    assert!(refused.contains("open subtask"), "{refused}");
    assert_eq!(desk.set_task_status(&project, &sub_id, "done").unwrap().value.status, "done");
    // Progress counts leaf tasks only: the subtask is all the estimated work.
    assert_eq!(desk.project_overview(&project).unwrap().percent_complete, 100.0);
    let done = desk.set_task_status(&project, &task.id, "done").unwrap();
    assert_eq!((done.project.as_str(), done.value.status.as_str()), (project.as_str(), "done"));
    let overview = desk.project_overview(&project).unwrap();
    assert_eq!((overview.tasks_open, overview.tasks_done, overview.tasks_overdue), (0, 2, 0));
    let members: Vec<&str> = overview.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members, ["Ada", "Bo"]);
}

#[test]
fn refusals_carry_the_message_that_says_what_to_fix() {
    let (_home, desk) = desk();
    assert!(error(desk.list_tasks("")).starts_with("no project selected"));
    let project = desk.create_project("Apollo", "Ada").unwrap().project;
    assert!(error(desk.list_tasks("Zeus")).starts_with("no project matches \"Zeus\""));
    let task = desk.add_task(&project, "Plan").unwrap().value;

    let bad_status = error(desk.set_task_status(&project, &task.id, "finished"));
    assert!(bad_status.contains("todo in_progress blocked done cancelled"), "{bad_status}");
    assert!(!error(desk.set_task_status(&project, "no such task", "done")).is_empty());
    let missing = error(desk.set_task_status(&project, "t-missing", "done"));
    assert!(missing.contains("t-missing"), "{missing}");
    assert!(!error(desk.add_task(&project, "  ")).is_empty(), "an empty title is refused");
    assert!(error(desk.select_project("Zeus")).starts_with("no project matches"));
    // The name works as well as the id; an empty selector means the current project.
    desk.select_project("apollo").unwrap();
    assert_eq!(desk.list_tasks("").unwrap().len(), 1);
}

#[test]
fn a_busy_profile_is_reported_and_opened_once_it_is_free() {
    let (home, first) = desk();
    let second = Desk::open(home.path(), Duration::ZERO);
    assert!(!second.is_open());
    let busy = error(second.list_projects());
    assert!(busy.contains("in use by another Tandem process"), "{busy}");
    let (sink, forwarded) = std::sync::mpsc::channel();
    second.start_sync(move |events| sink.send(events).expect("the test listens"));
    assert!(forwarded.try_recv().is_err(), "no events before the profile opens");

    first.close();
    assert_eq!(error(first.list_projects()), "Tandem is closing");
    // The next command opens the profile the first desk released, and starts syncing.
    assert_eq!(second.list_projects().unwrap(), vec![]);
    assert!(second.is_open());
    forwarded.try_recv().expect("the events are handed over once the profile opens");
}

#[test]
fn a_local_project_has_a_local_only_sync_status() {
    let (_home, desk) = desk();
    let project = desk.create_project("Apollo", "Ada").unwrap().project;
    let statuses = desk.sync_statuses().unwrap();
    assert_eq!(
        statuses,
        [SyncStatusItem {
            project,
            name: "Apollo".into(),
            server: None,
            role: None,
            state: "local_only".into(),
            unsent: 0,
            last_synced: None,
            detail: None,
        }]
    );
}

#[test]
fn client_events_become_view_types() {
    let status = tandem_client::SyncStatus {
        project: "p".into(),
        name: "Apollo".into(),
        server: Some("http://127.0.0.1:7878".into()),
        role: Some("member".into()),
        state: tandem_client::SyncState::UpToDate,
        unsent: 2,
        last_synced: Some(NOW),
        detail: None,
    };
    let item = SyncStatusItem::from(status);
    assert_eq!((item.state.as_str(), item.unsent, item.last_synced), ("up_to_date", 2, Some(NOW.0)));

    let remote = tandem_client::RemoteChanges {
        project: "p".into(),
        name: "Apollo".into(),
        report: MergeReport {
            new_changes: 5,
            authors: vec![
                AuthorCount { member: None, name: "Bo".into(), changes: 4 },
                AuthorCount { member: None, name: "Cy".into(), changes: 1 },
            ],
            items: vec![],
            conflicts: 1,
            deleted_edits: 0,
        },
    };
    let json = serde_json::to_value(RemoteChangesItem::from(remote)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "project": "p", "name": "Apollo", "new_changes": 5,
            "authors": [{"name": "Bo", "changes": 4}, {"name": "Cy", "changes": 1}],
            "conflicts": 1, "deleted_edits": 0
        })
    );
    assert_eq!(serde_json::to_value(IpcError::new("no")).unwrap(), serde_json::json!({"message": "no"}));
}

/// What the UI sends: a `Command` as JSON, in the shape of the generated TypeScript type.
fn command(json: serde_json::Value) -> Command {
    serde_json::from_value(json).expect("the JSON is a tandem-core command")
}

#[test]
fn execute_runs_any_core_command_sent_as_json_and_names_the_items_it_touched() {
    let (_home, desk) = desk();
    let project = desk.create_project("Apollo", "Ann").unwrap().project;

    let added = desk
        .execute(&project, command(serde_json::json!({"area": "risk", "command": {"action": "add", "title": "Vendor late", "probability": 3, "impact": 4}})))
        .unwrap();
    let (executed, items) = added.value;
    let risk = executed.created.clone().expect("the risk's id");
    assert!(executed.changed);
    assert!(executed.summary.contains("Vendor late"), "{executed:?}");
    assert_eq!(items, vec![ItemRef::new(tandem_core::Kind::Risk, risk.clone())]);

    let risks = desk.read(&project, |doc, _| tandem_core::risks::risks(doc)).unwrap();
    assert_eq!(risks.iter().map(|r| (r.id.to_string(), r.title.as_str())).collect::<Vec<_>>(), [(risk, "Vendor late")]);

    // The core's own message reaches the UI, and nothing is written.
    let refused = desk
        .execute(&project, command(serde_json::json!({"area": "task", "command": {"action": "add", "title": "  "}})));
    assert!(error(refused).contains("title"), "the core says which field is wrong");
    assert!(desk.read(&project, |doc, _| tandem_core::tasks::tasks(doc)).unwrap().is_empty());
}

#[test]
fn reads_see_todays_date_and_unknown_projects_are_refused() {
    let (_home, desk) = desk();
    let project = desk.create_project("Apollo", "Ann").unwrap().project;
    let today = desk.read(&project, |_, today| Ok(today)).unwrap();
    assert_eq!(today, NOW.date());
    assert!(error(desk.read("nope", |_, today| Ok(today))).contains("nope"));
}

#[test]
fn search_finds_titles_before_text_and_skips_deleted_items() {
    let (_home, desk) = desk();
    let project = desk.create_project("Apollo", "Ann").unwrap().project;
    let run = |json: serde_json::Value| desk.execute(&project, command(json)).unwrap().value.0;
    run(serde_json::json!({"area": "task", "command": {"action": "add", "title": "Plan the billing migration"}}));
    let gone = run(serde_json::json!({"area": "task", "command": {"action": "add", "title": "Billing spike"}}));
    run(serde_json::json!({"area": "item", "command": {"action": "delete", "kind": "task", "id": gone.created}}));
    run(serde_json::json!({"area": "log", "command": {"action": "add", "body": "Client asked about billing dates"}}));
    let hits = desk.read(&project, |doc, _| tandem_core::search::search(doc, "BILLING", 10)).unwrap();
    let found: Vec<(String, String)> = hits.iter().map(|h| (h.kind.tag().to_owned(), h.field.clone())).collect();
    assert_eq!(found, [("task".to_owned(), "title".to_owned()), ("log".to_owned(), "body".to_owned())]);
}

#[test]
fn edit_text_counts_positions_in_the_text_the_editor_showed() {
    let (_home, desk) = desk();
    let project = desk.create_project("Apollo", "Ann").unwrap().project;
    let meeting = desk
        .execute(
            &project,
            command(serde_json::json!({"area": "meeting", "command": {"action": "add", "title": "Stand-up",
                "start": NOW.0, "duration_minutes": 15, "attendees": [], "notes": "Hello world"}})),
        )
        .unwrap()
        .value
        .0
        .created
        .expect("the meeting's id");
    let shown = desk.read(&project, |doc, _| text_state(doc, Kind::Meeting, &meeting, "notes", None)).unwrap();
    assert_eq!(shown.text, "Hello world");

    // Nothing arrived since: the edit's own text is the latest, at the new heads.
    let edited =
        desk.edit_text(&project, Kind::Meeting, &meeting, "notes", shown.heads.clone(), 11, 0, "!".into()).unwrap();
    let (first, items) = edited.value;
    assert_eq!(items, vec![ItemRef::new(Kind::Meeting, meeting.clone())]);
    assert_eq!(first.own, first.latest);
    assert_eq!(first.latest.text, "Hello world!");

    // Someone's text arrives that this editor has not shown; its next splice still counts in
    // "Hello world!", and its own change alone reads as that text plus the splice.
    execute(
        &desk,
        &project,
        command(serde_json::json!({"area": "item", "command": {"action": "edit_text", "kind": "meeting",
            "id": meeting, "field": "notes", "pos": 0, "insert": "Big "}})),
    );
    let edited = desk
        .edit_text(&project, Kind::Meeting, &meeting, "notes", first.latest.heads.clone(), 6, 0, "brave ".into())
        .unwrap()
        .value
        .0;
    assert_eq!(edited.latest.text, "Big Hello brave world!");
    assert_eq!(edited.own.text, "Big Hello brave world!", "the other edit was merged before this one");
    assert_eq!(edited.own.heads.len(), 1);

    let refused = desk.edit_text(&project, Kind::Meeting, &meeting, "notes", vec!["beef".into()], 0, 0, "x".into());
    assert!(error(refused).contains("not a change hash"));
    let refused = desk.edit_text(&project, Kind::Meeting, &meeting, "agenda", first.latest.heads, 0, 0, "x".into());
    assert!(error(refused).contains("text fields: notes"));
}

fn loaded(desk: &Desk, project: &str) -> bool {
    desk.with(|c| Ok(c.is_loaded(project))).expect("the desk is open")
}

fn reopen(home: &Path) -> Desk {
    let desk = Desk::open(home, OPEN_WAIT);
    assert!(desk.is_open(), "{desk:?}");
    desk
}

#[test]
fn the_first_views_come_from_the_last_close_until_the_project_loads() {
    let (home, desk) = desk();
    let id = desk.create_project("Apollo", "Ada").unwrap().project;
    desk.add_task(&id, "Write the brief").unwrap();
    let dashboard = desk.saved_view(&id, "view_dashboard").unwrap().get().to_owned();
    let tasks = desk.saved_view(&id, "list_tasks").unwrap().get().to_owned();
    assert!(tasks.contains("Write the brief"), "{tasks}");
    assert_eq!(desk.open_state(&id), OpenState { from_cache: false, saved_at: None });
    desk.close();
    assert!(view_cache::cache_path(home.path(), &id).is_file(), "closing saves the views");

    // The next start answers the saved views without loading the document.
    let desk = reopen(home.path());
    assert_eq!(desk.open_state(&id), OpenState { from_cache: true, saved_at: Some(NOW.0) });
    assert_eq!(desk.saved_view(&id, "view_dashboard").unwrap().get(), dashboard);
    assert_eq!(desk.saved_view(&id, "list_tasks").unwrap().get(), tasks);
    assert!(!loaded(&desk, &id), "the saved views were served without loading the project");
    // Closing without loading keeps the saved views: the store has not changed.
    desk.close();

    let desk = reopen(home.path());
    assert!(desk.open_state(&id).from_cache);
    desk.with(|c| {
        c.set_clock(Box::new(|| NOW));
        Ok(())
    })
    .unwrap();
    let stale = stale_views(&desk);
    // Loading finds the document the views were read from, on the same day: nothing to reload.
    desk.open_project(&id).unwrap();
    assert!(loaded(&desk, &id));
    assert_eq!(*stale.lock().unwrap(), Vec::<String>::new());
    assert_eq!(desk.open_state(&id), OpenState { from_cache: false, saved_at: None });
    assert_eq!(desk.saved_view(&id, "view_dashboard").unwrap().get(), dashboard);
    desk.close();
}

#[test]
fn saved_views_are_not_used_once_the_store_changed_or_when_damaged() {
    let (home, desk) = desk();
    let id = desk.create_project("Apollo", "Ada").unwrap().project;
    desk.add_task(&id, "Write the brief").unwrap();
    desk.close();

    // Another process (the CLI) adds a task: the saved views no longer describe the store.
    let mut client = Client::open(home.path()).unwrap();
    let add = TaskCommand::Add(NewTask { title: "Book the venue".into(), ..NewTask::default() });
    client.execute(&id, Command::Task(add)).unwrap();
    client.close();

    let desk = reopen(home.path());
    assert_eq!(desk.open_state(&id), OpenState { from_cache: false, saved_at: None });
    assert!(!view_cache::cache_path(home.path(), &id).exists(), "the stale views are removed");
    let tasks = desk.saved_view(&id, "list_tasks").unwrap().get().to_owned();
    assert!(tasks.contains("Book the venue") && tasks.contains("Write the brief"), "{tasks}");
    // A load that found no saved views asks no view to read again.
    let stale = stale_views(&desk);
    desk.open_project(&id).unwrap();
    assert_eq!(*stale.lock().unwrap(), Vec::<String>::new());
    desk.close();
    let saved = std::fs::read_to_string(view_cache::cache_path(home.path(), &id)).unwrap();
    assert!(saved.contains("Book the venue"), "closing saved the views again");

    // A damaged file is ignored: the project opens as if there were none.
    std::fs::write(view_cache::cache_path(home.path(), &id), b"{\"format\": 1, \"proj").unwrap();
    let desk = reopen(home.path());
    assert!(!desk.open_state(&id).from_cache);
    let tasks = desk.saved_view(&id, "list_tasks").unwrap().get().to_owned();
    assert!(tasks.contains("Book the venue"), "{tasks}");
    desk.close();
}

#[test]
fn a_load_that_finds_a_newer_document_or_another_day_asks_views_to_read_again() {
    let (home, desk) = desk();
    let id = desk.create_project("Apollo", "Ada").unwrap().project;
    desk.saved_view(&id, "view_dashboard").unwrap();
    desk.close();

    // The next start is on another day (the system clock, not NOW): the dashboard counts days.
    // Any command that loads the document settles the saved views, not only open_project.
    let desk = reopen(home.path());
    let stale = stale_views(&desk);
    assert!(desk.open_state(&id).from_cache);
    assert!(desk.read(&id, |doc, _| Ok(doc.get_heads().len())).unwrap() > 0);
    assert_eq!(*stale.lock().unwrap(), vec![id.clone()]);
    assert!(!desk.open_state(&id).from_cache);
    desk.close();
}

/// The projects whose views the desk asks to read again, as it asks.
fn stale_views(desk: &Desk) -> std::sync::Arc<Mutex<Vec<String>>> {
    let told = std::sync::Arc::new(Mutex::new(Vec::new()));
    let sink = told.clone();
    desk.on_stale_views(move |project| sink.lock().unwrap().push(project.to_owned()));
    told
}

#[test]
fn a_local_project_is_not_loaded_for_its_sync_status() {
    let (home, desk) = desk();
    let id = desk.create_project("Apollo", "Ada").unwrap().project;
    desk.close();
    let desk = reopen(home.path());
    let statuses = desk.sync_statuses().unwrap();
    assert_eq!(statuses.iter().map(|s| s.state.as_str()).collect::<Vec<_>>(), ["local_only"]);
    assert!(!loaded(&desk, &id), "the status of a local project does not load its document");
    assert!(desk.open_state(&id).from_cache, "so the saved views still stand in for it");
    desk.close();
}
