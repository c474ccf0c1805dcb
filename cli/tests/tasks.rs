//! `tandem project|member|task|milestone`, the dashboard and workload, through the real binary.

mod common;

use common::Tandem;
use expect_test::expect;

#[test]
fn plan_a_small_project_from_the_terminal() {
    let t = Tandem::with_project();
    t.ok(&["member", "add", "Bo", "--capacity", "32", "--title", "Backend developer"]);
    let design =
        t.create(&["task", "add", "Design schema", "--assignee", "bo", "--due", "2026-12-03", "--estimate", "8"]);
    let api =
        t.create(&["task", "add", "Build API", "--assignee", "Bo", "--estimate", "16", "--depends-on", &design[..4]]);
    t.create(&["task", "add", "Endpoints", "--parent", &api, "--estimate", "4", "--tag", "backend"]);
    t.ok(&["task", "set", &design, "--status", "done"]);
    t.ok(&["task", "log-time", &api, "2.5"]);
    let out = t.ok(&["task", "tree"]);
    let normalized: String = out
        .lines()
        .map(|l| {
            // Replace the short id after the checkbox: "[x] 3kq9ab Title" → "[x] <id> Title".
            let close = l.find("] ").unwrap() + 2;
            let rest = &l[close..];
            format!("{}<id>{}\n", &l[..close], &rest[rest.find(' ').unwrap()..])
        })
        .collect();
    expect![[r#"
        [x] <id> Design schema  (8/8h, done)
        [ ] <id> Build API  (0/20h, todo)
          [ ] <id> Endpoints  (0/4h, todo)
    "#]]
    .assert_eq(&normalized);
    let tasks = t.json(&["task", "list", "--all"]);
    let first = &tasks[0];
    assert_eq!(first["title"], "Design schema");
    assert_eq!(first["status"], "done");
    assert_eq!(tasks.as_array().unwrap().len(), 3);
    assert_eq!(t.json(&["task", "show", &api])["spent"], 2.5);
}

#[test]
fn errors_say_what_to_fix_and_exit_1() {
    let t = Tandem::with_project();
    let a = t.create(&["task", "add", "A"]);
    let b = t.create(&["task", "add", "B", "--depends-on", &a]);
    assert_eq!(t.err(&["task", "add", " "]), "error: title must not be empty");
    assert_eq!(
        t.err(&["task", "depend", &a, "--on", &b]),
        format!(
            "error: task {a} cannot depend on {b}: {b} already depends on {a} (through {b} → {a}); remove one of the dependencies"
        )
    );
    assert_eq!(t.err(&["task", "set", "zzzz", "--status", "done"]), "error: no task with id zzzz in this project");
    assert_eq!(
        t.err(&["task", "add", "X", "--assignee", "Nobody"]),
        "error: no member is called \"Nobody\"; `tandem member list` shows names and ids: no member with id Nobody in this project"
    );
    let empty = Tandem::new();
    assert_eq!(
        empty.err(&["task", "list"]),
        "error: no project selected: create one with `tandem project create`, or pass --project"
    );
    // A bad date is a usage error from the argument parser (exit 2), and names the format.
    let out = t.run(&["task", "add", "X", "--due", "12/01/2026"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("write it as YYYY-MM-DD"));
}

#[test]
fn concurrent_commands_on_one_profile_are_all_kept() {
    // Two terminals adding tasks at once: the profile lock serialises them, nothing is lost.
    let t = std::sync::Arc::new(Tandem::with_project());
    let workers: Vec<_> = (0..3)
        .map(|w| {
            let t = t.clone();
            std::thread::spawn(move || {
                for i in 0..5 {
                    t.ok(&["task", "add", &format!("w{w}-{i}")]);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let titles: std::collections::BTreeSet<String> = t
        .json(&["task", "list", "--all"])
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(titles.len(), 15, "{titles:?}");
}
