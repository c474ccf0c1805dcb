//! Issue #5: five replicas split into two partitions that do not hear from each other, while the
//! server is stopped and started again on the same port and data dir in the middle (and later
//! killed outright and started again). Every replica keeps editing throughout. Once everyone has
//! synced until up to date, all five read the same and hold every edit: tasks, log entries, tags
//! on a shared task, and hours logged on it by everyone (a counter, so they add up).

use std::collections::BTreeSet;

use tandem_tests::*;

const NAMES: [&str; 5] = ["Ada", "Bo", "Cy", "Di", "Ed"];

/// One round of edits by `m`, labelled `phase`: a task, a log entry, a tag and 1.5 hours on the
/// shared task. Returns the number of changes made (one per command).
fn edit(m: &Member, phase: &str, shared: &str) -> u64 {
    m.ok(&["task", "add", &format!("{phase} {}", m.name)]);
    m.ok(&["log", "add", &format!("{phase} log by {}", m.name)]);
    m.ok(&["task", "tag", shared, &format!("{phase}-{}", m.name.to_lowercase())]);
    m.ok(&["task", "log-time", shared, "1.5"]);
    4
}

#[test]
fn five_replicas_in_two_partitions_across_a_server_restart_converge_with_every_edit() {
    let team = Team::new(&NAMES);
    let ada = team.member("Ada");
    let shared = ada.create(&["task", "add", "Shared", "--estimate", "40"]);
    team.converge();
    let a_side: Vec<&Member> = ["Ada", "Bo"].iter().map(|n| team.member(n)).collect();
    let b_side: Vec<&Member> = ["Cy", "Di", "Ed"].iter().map(|n| team.member(n)).collect();

    // Phase 1, server up: everyone edits; only the A side syncs (with each other).
    for (i, m) in team.members.iter().enumerate() {
        m.at(&format!("2026-12-02 1{i}:00"));
        edit(m, "p1", &shared);
    }
    converge(&a_side);
    let titles = team.member("Ada").task_titles();
    assert!(titles.contains("p1 Bo") && !titles.contains("p1 Cy"), "A side sees A only: {titles:?}");

    // Phase 2, server stopped: everyone edits again; nobody gets through.
    team.server.stop();
    let mut unsent_b = 0;
    for (i, m) in team.members.iter().enumerate() {
        m.at(&format!("2026-12-03 1{i}:00"));
        let n = edit(m, "p2", &shared);
        if m.name == "Cy" {
            unsent_b = 4 + n; // phase 1 was never sent either
        }
    }
    let cy = team.member("Cy");
    let (reports, _) = cy.sync_failing("5");
    assert_eq!(reports[0]["state"], "offline", "{reports:?}");
    let row = cy.status_one();
    assert_eq!(row["state"], "offline", "{row}");
    assert_eq!(row["unsent"], unsent_b, "Cy's unsent changes are counted: {row}");
    let row = &team.member("Ada").json(&["status", "--offline"])[0];
    assert_eq!(row["unsent"], 4, "only Ada's phase-2 changes are unsent: {row}");

    // Phase 3, server back on the same port and data dir: the B side syncs among themselves
    // first, and gets the A side's phase 1, which the server kept across the restart.
    team.server.restart();
    let (cy, ada) = (team.member("Cy"), team.member("Ada"));
    converge(&b_side);
    let titles = cy.task_titles();
    for t in ["p1 Ada", "p1 Bo", "p1 Di", "p2 Di", "p2 Ed"] {
        assert!(titles.contains(t), "Cy has {t:?}: {titles:?}");
    }
    assert!(!titles.contains("p2 Ada"), "Ada's phase 2 has not left her device: {titles:?}");

    // Everyone.
    team.converge();
    let snapshot = assert_identical(&team.all());

    let expected_titles: BTreeSet<String> = ["p1", "p2"]
        .iter()
        .flat_map(|p| NAMES.iter().map(move |n| format!("{p} {n}")))
        .chain(["Shared".to_owned()])
        .collect();
    assert_eq!(ada.task_titles(), expected_titles);
    let log: BTreeSet<(String, String)> = ada.log_entries();
    for p in ["p1", "p2"] {
        for n in NAMES {
            assert!(log.contains(&(n.to_owned(), format!("{p} log by {n}"))), "{n}'s {p} entry: {log:?}");
        }
    }
    let task = ada.task(&shared);
    let tags: BTreeSet<&str> = task["tags"].as_array().expect("tags").iter().filter_map(|t| t.as_str()).collect();
    assert_eq!(tags.len(), 10, "every tag: {task}");
    assert_eq!(task["spent"], 15.0, "ten times 1.5 hours, all added up: {task}");
    assert!(snapshot["conflicts"]["conflicts"].as_array().is_some_and(Vec::is_empty), "{}", snapshot["conflicts"]);

    // The server dies (SIGKILL) right after everyone is up to date, and comes back: nothing that
    // was acknowledged is missing, and new edits still flow to everyone.
    team.server.kill();
    team.server.restart();
    let ed = team.member("Ed");
    ed.at("2026-12-04 09:00");
    ed.ok(&["task", "add", "After the crash"]);
    team.converge();
    let after = assert_identical(&team.all());
    assert_eq!(team.member("Bo").task_titles().len(), expected_titles.len() + 1);
    assert_eq!(after["log"], snapshot["log"]);

    // A newcomer who joins now gets the whole project from the server alone.
    let fay = Member::new("Fay");
    let code = invite(team.member("Ada"), "member");
    fay.json(&["join", &code, "--me", "Fay"]);
    let titles = fay.task_titles();
    assert!(titles.is_superset(&expected_titles) && titles.contains("After the crash"), "{titles:?}");
}
