//! `tandem sync --watch`: a member who stays connected sees the others' changes as they arrive
//! (who, how many, which items), and keeps seeing them after the server restarts, because the
//! client reconnects with backoff on its own.

use std::time::Duration;

use serde_json::Value;
use tandem_tests::{Lines, Team, describe, finish, signal};

/// How long a watcher may take to show something that has already reached the server.
const SEE_WITHIN: Duration = Duration::from_secs(30);

/// The next `--json` event line of kind `event` for which `pred` holds.
fn event(lines: &mut Lines, event: &str, pred: impl Fn(&Value) -> bool) -> Value {
    let line = lines
        .wait_for(SEE_WITHIN, |l| serde_json::from_str::<Value>(l).is_ok_and(|v| v["event"] == event && pred(&v)))
        .unwrap_or_else(|| {
            panic!("no {event} event within {SEE_WITHIN:?}; the watcher printed:\n{}", lines.seen.join("\n"))
        });
    serde_json::from_str(&line).expect("the line is JSON")
}

#[test]
fn a_watching_member_sees_changes_as_they_arrive_and_after_a_server_restart() {
    let team = Team::new(&["Ada", "Bo"]);
    let (ada, bo) = (team.member("Ada"), team.member("Bo"));

    let (watcher, mut lines) = bo.watch();

    let task = ada.create(&["task", "add", "Write the migration plan"]);
    ada.sync();
    let remote = event(&mut lines, "remote", |v| v["new_changes"] == 1);
    assert_eq!(remote["name"], "Apollo", "{remote}");
    assert_eq!(remote["authors"][0]["name"], "Ada", "the change is attributed to its author: {remote}");
    assert_eq!(remote["items"][0]["id"], task.as_str(), "the report names the item: {remote}");

    // The server goes away: the watcher says so, keeps running, and comes back by itself.
    team.server.stop();
    let down = event(&mut lines, "status", |v| v["state"] == "offline" || v["state"] == "connecting");
    assert_eq!(down["project"], team.project.as_str(), "{down}");
    team.server.restart();
    event(&mut lines, "status", |v| v["state"] == "up_to_date");

    ada.ok(&["task", "set", &task, "--status", "in_progress"]);
    ada.ok(&["log", "add", "Migration plan under way"]);
    ada.sync();
    let remote = event(&mut lines, "remote", |v| {
        v["items"].as_array().is_some_and(|items| items.iter().any(|i| i["kind"] == "log_entry"))
    });
    assert_eq!(remote["authors"][0]["name"], "Ada", "{remote}");
    assert!(remote["new_changes"].as_u64().is_some_and(|n| n >= 1), "{remote}");

    // Ctrl-C ends the watch cleanly, and what it received is on disk.
    signal(&watcher, "INT");
    let out = finish(watcher, "tandem sync --watch after SIGINT", Duration::from_secs(20));
    assert!(out.status.success(), "{}", describe("the watcher's exit", &out));
    let titles = bo.task_titles();
    assert!(titles.contains("Write the migration plan"), "{titles:?}");
    assert_eq!(bo.task(&task)["status"], "in_progress");
}

#[test]
fn a_watcher_reports_a_failing_disk_and_recovers_without_losing_the_change() {
    let team = Team::new(&["Ada", "Bo"]);
    let (ada, bo) = (team.member("Ada"), team.member("Bo"));
    let (watcher, mut lines) = bo.watch();

    // Bo's store stops taking writes (even for root: its directory becomes a regular file).
    let store = bo.home().join("store");
    let aside = bo.home().join("store.aside");
    std::fs::rename(&store, &aside).expect("move the store aside");
    std::fs::write(&store, b"not a directory").expect("block the store");

    let task = ada.create(&["task", "add", "Arrives while Bo's disk fails"]);
    ada.sync();
    let failing = event(&mut lines, "status", |v| v["state"] == "storage_error");
    assert!(failing["detail"].as_str().is_some_and(|d| d.contains("disk")), "the status says what is wrong: {failing}");

    // The disk comes back: the write that kept failing lands, and the watcher is up to date again.
    std::fs::remove_file(&store).expect("unblock");
    std::fs::rename(&aside, &store).expect("put the store back");
    event(&mut lines, "status", |v| v["state"] == "up_to_date");

    signal(&watcher, "INT");
    let out = finish(watcher, "tandem sync --watch after SIGINT", Duration::from_secs(20));
    assert!(out.status.success(), "{}", describe("the watcher's exit", &out));
    assert!(bo.task_titles().contains("Arrives while Bo's disk fails"), "the change reached Bo's disk");
    assert_eq!(bo.task(&task)["title"], "Arrives while Bo's disk fails");
}
