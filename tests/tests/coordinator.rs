//! Issue #7 through the real `tandem` binary and a real sync server: after two members edited
//! while the server was down, the coordinator asks what changed while she was offline and by
//! whom, sees what collided, settles it (recorded as a change and a decision that reach the other
//! member), filters the history, and opens the project as it was before.

use serde_json::Value;
use tandem_tests::*;

#[test]
fn what_changed_who_collided_and_settling_it() {
    let team = Team::new(&["Ada", "Bo"]);
    let (ada, bo) = (team.member("Ada"), team.member("Bo"));
    ada.at("2026-12-01 09:00");
    let go_live = ada.create(&["milestone", "add", "Go-live", "--due", "2026-12-15"]);
    let task = ada.create(&[
        "task",
        "add",
        "Deploy",
        "--due",
        "2026-12-08",
        "--description",
        "Roll out to staging.\nThen production.",
        "--milestone",
        &go_live,
    ]);
    team.converge();

    team.server.stop();
    ada.at("2026-12-02 10:00");
    ada.ok(&["task", "set", &task, "--status", "in_progress", "--due", "2026-12-09"]);
    bo.at("2026-12-02 11:00");
    bo.ok(&["task", "set", &task, "--due", "2026-12-12"]);
    bo.ok(&["task", "set", &task, "--description", "Roll out to staging.\nThen production, after the load test."]);
    bo.create(&["task", "add", "Load test"]);
    bo.ok(&["milestone", "set", &go_live, "--due", "2026-12-07"]);
    team.server.restart();
    bo.sync();
    // The merge is clean field by field, but the task now falls after its milestone whichever
    // due date wins: the sync says so.
    let synced = ada.at("2026-12-03 08:00").ok(&["sync"]);
    assert!(synced.contains("Plan checks after the merge: 1 finding on what arrived"), "{synced}");
    assert!(synced.contains("task_after_milestone"), "{synced}");
    bo.sync();

    // While Ada was offline: her own edit and Bo's four, grouped by author.
    let d = ada.json(&["diff", "--offline"]);
    assert!(d["period"].as_str().is_some_and(|p| p.starts_with("while you were offline")), "{d}");
    let diff = &d["diff"];
    assert_eq!(diff["change_count"], 5, "{diff}");
    let authors: Vec<&str> =
        diff["authors"].as_array().unwrap().iter().map(|a| a["author"].as_str().unwrap()).collect();
    assert_eq!(authors, ["Bo", "Ada"], "most changes first: {diff}");
    let bo_items = &diff["authors"][0]["items"];
    let created: Vec<&Value> = bo_items.as_array().unwrap().iter().filter(|i| i["change"] == "created").collect();
    assert_eq!(created.len(), 1, "{bo_items}");
    assert_eq!(created[0]["label"], "Load test");
    let human = ada.ok(&["diff", "--offline"]);
    assert!(human.contains("Bo (4 changes)"), "{human}");
    assert!(human.contains("created task 'Load test'"), "{human}");
    assert!(human.contains("description: Roll out to staging."), "{human}");
    assert!(human.contains("{+, after the load test+}"), "the text difference is shown: {human}");
    assert!(human.contains("status: todo → in_progress"), "{human}");

    // What collided: the due date, with both values.
    let conflicts = ada.conflicts();
    let list = conflicts["conflicts"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{conflicts}");
    assert_eq!(list[0]["field"], "due");
    let values = list[0]["values"].as_array().unwrap();
    let bo_n = values.iter().position(|v| v["change"]["author_name"] == "Bo").unwrap() + 1;
    let listing = ada.ok(&["conflicts"]);
    assert!(listing.contains("settle: tandem conflicts resolve task:"), "{listing}");

    // Refused choices change nothing.
    let short = &task[..6];
    let err = ada.fail(&["conflicts", "resolve", &format!("task:{short}"), "due", "--pick", "7"]);
    assert!(err.contains("pick 1 to 2"), "{err}");
    let err = ada.fail(&["conflicts", "resolve", &format!("task:{short}"), "due", "--value", "next week"]);
    assert!(err.contains("next week"), "{err}");
    let err = ada.fail(&["conflicts", "resolve", &format!("task:{short}"), "title", "--value", "X"]);
    assert!(err.contains("nothing to settle"), "{err}");

    // Keep Bo's date, and record why.
    let out =
        ada.ok(&["conflicts", "resolve", &format!("task:{short}"), "due", "--pick", &bo_n.to_string(), "--decision"]);
    assert!(out.starts_with("Settle due of task 'Deploy': '2026-12-12'"), "{out}");
    assert!(out.contains("recorded as decision"), "{out}");
    ada.sync();
    bo.sync();
    for m in [ada, bo] {
        assert_eq!(m.conflicts()["conflicts"], serde_json::json!([]), "{}: settled everywhere", m.name);
        assert_eq!(m.task(&task)["due"], "2026-12-12", "{}", m.name);
        let decisions = m.json(&["decision", "list"]);
        let d = decisions.as_array().unwrap().iter().find(|d| d["title"] == "Settle due of task 'Deploy'");
        assert_eq!(d.map(|d| d["status"].clone()), Some("accepted".into()), "{}: {decisions}", m.name);
    }

    // The task's own history, and Bo's changes only.
    let own = ada.json(&["history", "--item", &format!("task:{short}")]);
    let summaries: Vec<&str> = own.as_array().unwrap().iter().map(|c| c["summary"].as_str().unwrap()).collect();
    assert_eq!(summaries.len(), 5, "added, Ada's and Bo's two edits, the settlement: {summaries:?}");
    assert!(summaries[0].starts_with("Settle due"), "{summaries:?}");
    let bos = ada.json(&["history", "--member", "Bo", "--since", "2026-12-02"]);
    assert_eq!(bos.as_array().unwrap().len(), 4, "{bos}");
    let by_day = ada.json(&["history", "--by", "day"]);
    let days: Vec<&str> = by_day.as_array().unwrap().iter().map(|g| g["day"].as_str().unwrap()).collect();
    assert_eq!(days, ["2026-12-03", "2026-12-02", "2026-12-01"], "{by_day}");

    // The project before anyone went offline.
    let then = ada.json(&["show", "--at", "2026-12-01 12:00"]);
    let tasks = then["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 1, "{then}");
    assert_eq!((tasks[0]["due"].as_str(), tasks[0]["status"].as_str()), (Some("2026-12-08"), Some("todo")));
    let human = ada.ok(&["show", "--at", "2026-12-01"]);
    assert!(human.contains("as of") && human.contains("Deploy") && !human.contains("Load test"), "{human}");
    let out = ada.run(&["show", "--at", "yesterday"]);
    assert_eq!(out.status.code(), Some(2), "a usage error: {out:?}");
    assert!(text(&out.stderr).contains("\"yesterday\" is not a moment"), "{out:?}");
    let err = ada.fail(&["show", "--at", "2020-01-01"]);
    assert!(err.contains("did not exist yet"), "{err}");
}
