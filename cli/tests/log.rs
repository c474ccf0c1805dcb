//! `tandem log …` through the real binary: append entries that reference items, and filter them.

mod common;

use common::Tandem;
use expect_test::expect;

/// Replaces each id with its placeholder, so snapshots do not depend on generated ids. In a
/// table cell (an id followed by the column gap) the placeholder is padded to the id's width, so
/// the columns stay aligned.
fn norm(text: &str, ids: &[(&str, &str)]) -> String {
    let replaced = ids.iter().fold(text.to_owned(), |s, (id, name)| {
        s.replace(&format!("{id}  "), &format!("{name:<w$}  ", w = id.len())).replace(id, name)
    });
    // Tables pad every line with one space on the left; snapshots are compared dedented.
    let indent = replaced.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min();
    replaced.lines().map(|l| format!("{}\n", l.get(indent.unwrap_or(0)..).unwrap_or("").trim_end())).collect()
}

#[test]
fn keep_a_project_log() {
    let mut t = Tandem::with_project();
    t.ok(&["member", "add", "Bo"]);
    let task = t.create(&["task", "add", "Design schema"]);
    let bo = t.json(&["member", "list"]).as_array().unwrap().iter().find(|m| m["name"] == "Bo").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = t.create(&["log", "add", "Kick-off done"]);
    t.now = "2026-12-02 15:30".to_owned();
    let out = t.ok(&["log", "add", "Schema drafted", "--kind", "progress", "--ref", &format!("task:{}", &task[..5])]);
    assert!(out.starts_with("Log progress: Schema drafted [id "), "{out}");
    t.now = "2026-12-03 08:15".to_owned();
    let third = t.create(&[
        "log",
        "add",
        "Vendor is late\nDelivery moves a week.",
        "--kind",
        "Problem",
        "--ref",
        &format!("task:{task}"),
        "--ref",
        "member:bo",
        "--ref",
        &format!("log:{}", &first[..6]),
    ]);
    let second = t.json(&["log", "list", "--kind", "progress"])[0]["id"].as_str().unwrap().to_owned();
    let ids = [
        (task.as_str(), "<task>"),
        (bo.as_str(), "<bo>"),
        (first.as_str(), "<first>"),
        (second.as_str(), "<second>"),
        (third.as_str(), "<third>"),
    ];
    expect![[r#"
         ID          AT (UTC)          AUTHOR  KIND      ENTRY                   REFS
         <first>     2026-12-01 09:00  Ada     note      Kick-off done           -
         <second>    2026-12-02 15:30  Ada     progress  Schema drafted          task:<task>
         <third>     2026-12-03 08:15  Ada     problem   Vendor is late          member:<bo> task:<task> log:<first>
                                                         Delivery moves a week.
    "#]]
    .assert_eq(&norm(&t.ok(&["log", "list"]), &ids));

    // JSON shape.
    let all = t.json(&["log", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 3);
    let e = &all[2];
    assert_eq!(e["id"], third.as_str());
    assert_eq!(e["kind"], "problem");
    assert_eq!(e["author_name"], "Ada");
    assert_eq!(e["body"], "Vendor is late\nDelivery moves a week.");
    assert_eq!(e["at"], 1_796_285_700_000_i64);
    assert_eq!(
        e["refs"],
        serde_json::json!([
            { "kind": "member", "id": bo },
            { "kind": "task", "id": task },
            { "kind": "log_entry", "id": first },
        ])
    );

    // Filters: every one given must hold.
    let ids_of = |v: serde_json::Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(
        ids_of(t.json(&["log", "list", "--item", &format!("task:{}", &task[..5])])),
        [second.as_str(), third.as_str()]
    );
    assert_eq!(ids_of(t.json(&["log", "list", "--item", "member:Bo"])), [third.as_str()]);
    assert_eq!(ids_of(t.json(&["log", "list", "--kind", "note"])), [first.as_str()]);
    assert_eq!(ids_of(t.json(&["log", "list", "--since", "2026-12-02"])), [second.as_str(), third.as_str()]);
    assert_eq!(ids_of(t.json(&["log", "list", "--until", "2026-12-02"])), [first.as_str(), second.as_str()]);
    assert_eq!(ids_of(t.json(&["log", "list", "--since", "2026-12-02", "--until", "2026-12-02"])), [second.as_str()]);
    assert_eq!(ids_of(t.json(&["log", "list", "--author", "ada", "--kind", "problem"])), [third.as_str()]);
    assert!(ids_of(t.json(&["log", "list", "--author", "Bo"])).is_empty());
    assert_eq!(t.ok(&["log", "list", "--author", "Bo"]), "(none)\n");
}

#[test]
fn log_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    let task = t.create(&["task", "add", "Design schema"]);
    assert_eq!(
        t.err(&["log", "add", "Note", "--ref", "task3k"]),
        "error: --ref \"task3k\" must look like KIND:ID, e.g. task:3k"
    );
    assert_eq!(
        t.err(&["log", "add", "Note", "--ref", "widget:3k"]),
        "error: --ref \"widget:3k\": \"widget\" is not a kind of item; use one of member, task, milestone, goal, resource, allocation, budget_line, expense, risk, issue, decision, meeting, request, deliverable, report, log"
    );
    assert_eq!(
        t.err(&["log", "add", "Note", "--ref", "task:zzzzzzzzzzz"]),
        "error: no task with id zzzzzzzzzzz in this project"
    );
    assert_eq!(
        t.err(&["log", "add", "Note", "--ref", "member:Nobody"]),
        "error: no member is called \"Nobody\"; `tandem member list` shows names and ids: no member with id Nobody in this project"
    );
    assert_eq!(t.err(&["log", "add", " \n "]), "error: body must not be empty");
    t.ok(&["task", "delete", &task]);
    assert_eq!(
        t.err(&["log", "add", "About a deleted task", "--ref", &format!("task:{task}")]),
        format!("error: task {task} was deleted; restore it before editing it")
    );
    assert!(t.json(&["log", "list"]).as_array().unwrap().is_empty(), "bad input adds nothing");
    assert_eq!(
        t.err(&["log", "list", "--since", "2026-12-05", "--until", "2026-12-01"]),
        "error: --since (2026-12-05) is after --until (2026-12-01); swap them"
    );
    assert_eq!(
        t.err(&["log", "list", "--item", "task"]),
        "error: --item \"task\" must look like KIND:ID, e.g. task:3k"
    );
    // A kind or date the parser does not know is a usage error (exit 2) that lists what is allowed.
    let out = t.run(&["log", "add", "Note", "--kind", "rumour"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("note progress problem decision milestone"));
    let out = t.run(&["log", "list", "--since", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("write it as YYYY-MM-DD"));
}
