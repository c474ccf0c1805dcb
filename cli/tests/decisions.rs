//! `tandem decision …` through the real binary: record, decide, supersede, reopen, link.

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
fn keep_a_decision_log() {
    let mut t = Tandem::with_project();
    t.ok(&["member", "add", "Bo"]);
    let task = t.create(&["task", "add", "Set up the database"]);
    let m = t.create(&["meeting", "add", "Architecture review", "--start", "2026-11-30 14:00"]);
    let pg = t.create(&[
        "decision",
        "add",
        "Use PostgreSQL",
        "--context",
        "We need transactions and JSON.",
        "--decision",
        "PostgreSQL 16, managed.",
        "--alternatives",
        "MySQL\nSQLite",
        "--meeting",
        &m[..5],
        "--task",
        &task[..5],
    ]);
    let out = t.ok(&["decision", "accept", &pg[..4], "--by", "bo", "--on", "2026-11-30"]);
    assert_eq!(out, "Accept decision 'Use PostgreSQL'\n");
    let ids = [(pg.as_str(), "<pg>"), (m.as_str(), "<meeting>"), (task.as_str(), "<task>")];
    expect![[r#"
        Use PostgreSQL  [<pg>]
        status: accepted (by Bo on 2026-11-30)
        superseded by: -  supersedes: -
        meetings:
          <meeting> Architecture review
        tasks:
          <task> Set up the database

        Context:
          We need transactions and JSON.

        Decision:
          PostgreSQL 16, managed.

        Alternatives:
          MySQL
          SQLite
    "#]]
    .assert_eq(&norm(&t.ok(&["decision", "show", &pg]), &ids));

    // A later decision (accepted by me, today) replaces it; a third is rejected and reopened.
    let cloud = t.create(&["decision", "add", "Use the cloud provider's database"]);
    t.ok(&["decision", "accept", &cloud]);
    let out = t.ok(&["decision", "supersede", &pg, "--by-decision", &cloud[..5]]);
    assert_eq!(out, "Supersede decision 'Use PostgreSQL' with 'Use the cloud provider's database'\n");
    t.now = "2026-12-02 09:00".to_owned();
    let cache = t.create(&["decision", "add", "Add a cache"]);
    t.ok(&["decision", "reject", &cache, "--on", "2026-11-29"]);
    assert_eq!(t.json(&["decision", "show", &cache])["decided_by_name"], "Ada");
    t.ok(&["decision", "reopen", &cache]);
    let reopened = t.json(&["decision", "show", &cache]);
    assert_eq!(reopened["status"], "proposed");
    assert_eq!(reopened["decided_by"], serde_json::Value::Null);
    assert_eq!(reopened["decided_at"], serde_json::Value::Null);
    let ids = [(pg.as_str(), "<pg>"), (cloud.as_str(), "<cloud>"), (cache.as_str(), "<cache>")];
    expect![[r#"
         ID          TITLE                              STATUS      DECIDED BY  ON
         <pg>        Use PostgreSQL                     superseded  Bo          2026-11-30
         <cloud>     Use the cloud provider's database  accepted    Ada         2026-12-01
         <cache>     Add a cache                        proposed    -           -
    "#]]
    .assert_eq(&norm(&t.ok(&["decision", "list"]), &ids));
    let accepted = t.json(&["decision", "list", "--status", "accepted"]);
    assert_eq!(accepted.as_array().unwrap().len(), 1);
    assert_eq!(accepted[0]["id"], cloud.as_str());

    // JSON shape of one decision, with the links recorded on both sides.
    let v = t.json(&["decision", "show", &pg]);
    assert_eq!(v["status"], "superseded");
    assert_eq!(v["superseded_by"], cloud.as_str());
    assert_eq!(v["decided_by_name"], "Bo");
    assert_eq!(v["decided_at"], "2026-11-30");
    assert_eq!(v["context"], "We need transactions and JSON.");
    assert_eq!(v["alternatives"], "MySQL\nSQLite");
    assert_eq!(v["meetings"], serde_json::json!([m]));
    assert_eq!(v["tasks"], serde_json::json!([task]));
    assert_eq!(t.json(&["decision", "show", &cloud])["supersedes"], serde_json::json!([pg]));
    assert_eq!(t.json(&["meeting", "show", &m])["decisions"][0]["status"], "superseded");

    // Editing and linking.
    let out = t.ok(&["decision", "set", &cache, "--title", "Add a Redis cache", "--alternatives", "No cache"]);
    assert_eq!(out, "Update decision 'Add a cache': title to 'Add a Redis cache', alternatives\n");
    t.ok(&["decision", "set", &cloud, "--by", "Bo", "--on", "2026-11-28"]);
    let v = t.json(&["decision", "show", &cloud]);
    assert_eq!((v["decided_by_name"].as_str(), v["decided_at"].as_str()), (Some("Bo"), Some("2026-11-28")));
    t.ok(&["decision", "set", &cloud, "--by", "none", "--on", "none"]);
    let v = t.json(&["decision", "show", &cloud]);
    assert_eq!((&v["decided_by"], &v["decided_at"]), (&serde_json::Value::Null, &serde_json::Value::Null));
    let out = t.ok(&["decision", "link", &cache, "--task", &task[..5]]);
    assert_eq!(out, "Link decision 'Add a Redis cache' to task 'Set up the database'\n");
    let out = t.ok(&["decision", "link", &cache, "--meeting", &m]);
    assert_eq!(out, "Link decision 'Add a Redis cache' to meeting 'Architecture review'\n");
    let v = t.json(&["decision", "show", &cache]);
    assert_eq!(v["tasks"], serde_json::json!([task]));
    assert_eq!(v["meetings"], serde_json::json!([m]));
    assert_eq!(t.json(&["meeting", "show", &m])["decisions"].as_array().unwrap().len(), 2);

    // Deleted decisions only show with --all.
    t.ok(&["delete", "decision", &cache]);
    assert_eq!(t.json(&["decision", "list"]).as_array().unwrap().len(), 2);
    assert_eq!(t.json(&["decision", "list", "--all"]).as_array().unwrap().len(), 3);
}

#[test]
fn decision_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    let d = t.create(&["decision", "add", "Use PostgreSQL"]);
    let other = t.create(&["decision", "add", "Use MySQL"]);
    assert_eq!(t.err(&["decision", "add", " "]), "error: title must not be empty");
    assert_eq!(
        t.err(&["decision", "add", "X", "--meeting", "zzzzzzzzzzz"]),
        "error: no meeting with id zzzzzzzzzzz in this project"
    );
    assert_eq!(
        t.err(&["decision", "supersede", &d, "--by-decision", &other]),
        "error: a decision cannot go from proposed to superseded; allowed next: accepted, rejected"
    );
    assert_eq!(t.err(&["decision", "reopen", &d]), format!("error: decision {d} is already proposed"));
    assert_eq!(
        t.err(&["decision", "accept", &d, "--by", "Nobody"]),
        "error: no member is called \"Nobody\"; `tandem member list` shows names and ids: no member with id Nobody in this project"
    );
    t.ok(&["decision", "accept", &d]);
    assert_eq!(t.err(&["decision", "accept", &d]), format!("error: decision {d} is already accepted"));
    assert_eq!(
        t.err(&["decision", "reopen", &d]),
        "error: a decision cannot go from accepted to proposed; allowed next: superseded"
    );
    assert_eq!(
        t.err(&["decision", "supersede", &d, "--by-decision", &d]),
        format!("error: decision {d} cannot supersede itself")
    );
    assert_eq!(t.err(&["decision", "set", &d]), "error: nothing to change: give at least one field");
    assert_eq!(t.err(&["decision", "show", "zzzzzzzzzzz"]), "error: no decision with id zzzzzzzzzzz in this project");
    assert_eq!(
        t.err(&["decision", "set", &d, "--on", "30.11.2026"]),
        "error: --on: \"30.11.2026\" is not a date; write it as YYYY-MM-DD"
    );
    // Link needs exactly one target, and a bad date for --on is a usage error (exit 2).
    assert_eq!(t.run(&["decision", "link", &d]).status.code(), Some(2));
    assert_eq!(t.run(&["decision", "link", &d, "--task", "a", "--meeting", "b"]).status.code(), Some(2));
    assert_eq!(t.run(&["decision", "accept", &other, "--on", "tomorrow"]).status.code(), Some(2));
    assert_eq!(t.json(&["decision", "show", &other])["status"], "proposed", "nothing changed on bad input");
}
