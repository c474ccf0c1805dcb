//! `tandem share`, `invite`, `join`, `sync` and `status` against a real server: the states a
//! project goes through, and the error paths: the server is down, access was revoked, a viewer
//! tries to edit.

use tandem_tests::*;

/// Lower-cased, for loose message checks.
fn lower(s: &str) -> String {
    s.to_lowercase()
}

#[test]
fn status_follows_a_project_from_local_only_to_up_to_date_and_offline_and_back() {
    let server = Server::start();
    let ada = Member::new("Ada");
    ada.ok(&["project", "create", PROJECT_NAME, "--me", "Ada"]);
    let row = ada.status_one();
    assert_eq!(row["state"], "local_only", "{row}");
    assert_eq!(row["name"], PROJECT_NAME, "{row}");
    assert!(row["server"].is_null(), "{row}");

    // `tandem sync` with nothing shared says how to share.
    let err = ada.fail(&["sync"]);
    assert!(err.contains("tandem share"), "{err}");

    let project = share(&ada, &server);
    let row = ada.status_one();
    assert_eq!(row["project"], project.as_str(), "{row}");
    assert_eq!(row["server"], server.url(), "{row}");
    assert_eq!(row["role"], "coordinator", "{row}");
    assert_eq!(row["state"], "up_to_date", "share waits until the server has the project: {row}");
    assert_eq!(row["unsent"], 0, "{row}");
    assert!(row["last_synced"].is_string() || row["last_synced"].is_number(), "{row}");

    // Offline: the edits stay on this device and are counted.
    server.stop();
    ada.ok(&["task", "add", "Written offline"]);
    ada.ok(&["log", "add", "Also offline"]);
    let row = ada.json(&["status", "--offline"]).as_array().expect("an array")[0].clone();
    assert_eq!(row["unsent"], 2, "two local changes not on the server: {row}");
    let out = ada.failure(&["sync", "--timeout", "5"]);
    let said = lower(&format!("{}{}", text(&out.stdout), text(&out.stderr)));
    assert!(said.contains("cannot reach") && said.contains(&server.port().to_string()), "names the server: {said}");
    assert!(said.contains("kept on this device"), "says the changes are kept locally: {said}");
    let (reports, _) = ada.sync_failing("5");
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(reports[0]["state"], "offline", "{reports:?}");
    assert_eq!(reports[0]["unsent"], 2, "{reports:?}");
    assert_eq!(reports[0]["received"]["new_changes"], 0, "{reports:?}");
    let row = ada.status_one();
    assert_eq!(row["state"], "offline", "{row}");
    assert_eq!(row["unsent"], 2, "{row}");

    // Back online on the same address: the two changes go up.
    server.restart();
    let reports = ada.sync();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(reports[0]["state"], "up_to_date", "{reports:?}");
    assert_eq!(reports[0]["unsent"], 0, "{reports:?}");
    let row = ada.status_one();
    assert_eq!((row["state"].as_str(), row["unsent"].as_u64()), (Some("up_to_date"), Some(0)), "{row}");

    // A new member sees both offline edits.
    let bo = Member::new("Bo");
    let code = invite(&ada, "member");
    let joined = bo.json(&["join", &code, "--me", "Bo"]);
    assert_eq!(joined["project"], project.as_str(), "{joined}");
    assert_eq!(joined["name"], PROJECT_NAME, "{joined}");
    assert!(bo.task_titles().contains("Written offline"));
    assert!(bo.log_entries().contains(&("Ada".to_owned(), "Also offline".to_owned())));
}

#[test]
fn sync_reports_who_sent_what() {
    let team = Team::new(&["Ada", "Bo"]);
    let (ada, bo) = (team.member("Ada"), team.member("Bo"));
    // The joiner became a member of the project, on both sides.
    for m in [ada, bo] {
        let names: Vec<String> = m
            .json(&["member", "list"])
            .as_array()
            .expect("members")
            .iter()
            .map(|x| x["name"].as_str().unwrap_or("").to_owned())
            .collect();
        assert!(names.contains(&"Bo".to_owned()), "{}: Bo is a member: {names:?}", m.name);
    }
    let task = bo.create(&["task", "add", "From Bo", "--assignee", "Bo"]);
    bo.ok(&["log", "add", "Bo was here"]);
    let up = bo.sync();
    assert_eq!(received_changes(&up), 0, "nothing new for Bo: {up:?}");
    let down = ada.sync();
    assert_eq!(down.len(), 1, "{down:?}");
    let received = &down[0]["received"];
    assert_eq!(received["new_changes"], 2, "{down:?}");
    assert_eq!(received_authors(&down), ["Bo".to_owned()].into(), "{down:?}");
    let authors = received["authors"].as_array().expect("authors");
    assert_eq!(authors[0]["changes"], 2, "{down:?}");
    let items = received["items"].as_array().expect("items");
    assert!(items.iter().any(|i| i["kind"] == "task" && i["id"] == task.as_str()), "the task came in: {down:?}");
    assert_eq!(ada.task(&task)["title"], "From Bo");
}

#[test]
fn a_revoked_member_keeps_their_replica_and_is_told_access_was_revoked() {
    let team = Team::new(&["Ada", "Bo"]);
    let (ada, bo) = (team.member("Ada"), team.member("Bo"));
    ada.ok(&["task", "add", "Before the revocation"]);
    team.converge();

    let revoked = team.server.revoke(&team.project, "Bo");
    assert!(revoked["revoked"].is_i64(), "the answer names the revoked member: {revoked}");
    ada.ok(&["task", "add", "After the revocation"]);
    ada.sync();

    bo.ok(&["log", "add", "Bo, unaware"]);
    let out = bo.failure(&["sync", "--timeout", "10"]);
    let said = lower(&format!("{}{}", text(&out.stdout), text(&out.stderr)));
    assert!(said.contains("access revoked"), "says access was revoked: {said}");
    let (reports, _) = bo.sync_failing("10");
    assert_eq!(reports[0]["state"], "access_revoked", "{reports:?}");
    assert_eq!(reports[0]["unsent"], 1, "Bo's entry stays unsent: {reports:?}");
    let row = bo.status_one();
    assert_eq!(row["state"], "access_revoked", "{row}");
    // Bo's replica still opens and holds what Bo had; nothing after the revocation came in.
    let titles = bo.task_titles();
    assert!(titles.contains("Before the revocation"), "{titles:?}");
    assert!(!titles.contains("After the revocation"), "{titles:?}");
    assert!(bo.log_entries().contains(&("Bo".to_owned(), "Bo, unaware".to_owned())));
    // Ada never gets Bo's later entry.
    ada.sync();
    assert!(!ada.log_entries().iter().any(|(_, body)| body == "Bo, unaware"));

    // Invited back, Bo joins again from the same profile (his old token is dead, so he gets a
    // new one): his kept entry goes out, and everything since the revocation comes in.
    let code = invite(ada, "member");
    let joined = bo.json(&["join", &code, "--me", "Bo"]);
    assert_eq!(joined["role"], "member", "{joined}");
    assert_eq!(bo.status_one()["state"], "up_to_date");
    assert!(bo.task_titles().contains("After the revocation"));
    ada.sync();
    assert!(ada.log_entries().contains(&("Bo".to_owned(), "Bo, unaware".to_owned())), "Bo's entry arrived");
}

#[test]
fn a_viewer_reads_the_project_but_cannot_edit_it() {
    let team = Team::new(&["Ada"]);
    let ada = team.member("Ada");
    let task = ada.create(&["task", "add", "Visible to viewers", "--due", "2026-12-20"]);
    ada.sync();

    let vi = Member::new("Vi");
    let code = invite(ada, "viewer");
    let joined = vi.json(&["join", &code, "--me", "Vi"]);
    assert_eq!(joined["role"], "viewer", "{joined}");
    assert_eq!(vi.task(&task)["title"], "Visible to viewers");
    let row = vi.status_one();
    assert_eq!(row["role"], "viewer", "{row}");

    let before = vi.snapshot();
    let err = lower(&vi.fail(&["task", "add", "A viewer's task"]));
    assert!(err.contains("viewer"), "the refusal names the viewer role: {err}");
    let err = lower(&vi.fail(&["task", "set", &task, "--status", "done"]));
    assert!(err.contains("viewer"), "{err}");
    assert_eq!(vi.snapshot(), before, "a refused edit writes nothing");
    let row = vi.status_one();
    assert_eq!(row["unsent"], 0, "{row}");

    // The viewer keeps receiving.
    ada.ok(&["task", "set", &task, "--title", "Renamed by Ada"]);
    ada.sync();
    vi.sync();
    assert_eq!(vi.task(&task)["title"], "Renamed by Ada");
}

#[test]
fn watch_prints_what_arrives_stores_it_and_stops_on_sigterm() {
    let team = Team::new(&["Ada", "Bo"]);
    let (ada, bo) = (team.member("Ada"), team.member("Bo"));
    // Changes made from now on reach the watcher as remote events (not in its first sync).
    let (watcher, mut lines) = bo.watch();

    let task = ada.create(&["task", "add", "Live update"]);
    ada.sync();
    let line = lines.wait_for(WATCH_DEADLINE, |l| remote_event_from(l, "Ada").is_some());
    let event = remote_event_from(
        &line.unwrap_or_else(|| panic!("no remote event from Ada; the watcher printed {:?}", lines.seen)),
        "Ada",
    )
    .expect("a remote event");
    assert_eq!(event["project"], team.project.as_str(), "{event}");
    let items = event["items"].as_array().expect("items");
    assert!(items.iter().any(|i| i["kind"] == "task" && i["id"] == task.as_str()), "the event names the task: {event}");

    signal(&watcher, "TERM");
    let out = finish(watcher, "Bo: tandem sync --watch after SIGTERM", SERVER_DEADLINE);
    assert!(out.status.success(), "{}", describe("tandem sync --watch after SIGTERM", &out));
    // What the watcher printed is on disk: no further sync needed.
    assert_eq!(bo.task(&task)["title"], "Live update");
}
