//! `tandem meeting …` through the real binary: schedule, agenda, notes (also in $EDITOR),
//! decisions and action items promoted to tasks.

mod common;

use std::process::Command;

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
fn run_a_meeting_from_the_terminal() {
    let t = Tandem::with_project();
    t.ok(&["member", "add", "Bo"]);
    t.ok(&["member", "add", "Cy"]);
    let m = t.create(&[
        "meeting",
        "add",
        "Steering committee",
        "--start",
        "2026-12-03 10:00",
        "--duration",
        "45",
        "--series",
        "steering",
        "--location",
        "Room 4",
        "--attendee",
        "bo",
        "--attendee",
        "Ada",
    ]);
    let out = t.ok(&["meeting", "attend", &m[..4], "Cy"]);
    assert_eq!(out, "Add Cy to meeting 'Steering committee'\n");
    t.ok(&["meeting", "unattend", &m, "cy"]);
    t.ok(&["meeting", "attend", &m, "Cy"]);

    // The agenda: items by prefix, placed after another, moved to the top, ticked off, removed.
    let budget = t.create(&["meeting", "agenda", &m, "add", "Budget review", "--minutes", "15"]);
    let risks = t.create(&["meeting", "agenda", &m, "add", "Risks"]);
    let aob = t.create(&["meeting", "agenda", &m, "add", "Any other business", "--after", &budget[..6]]);
    let intro = t.create(&["meeting", "agenda", &m, "add", "Introductions", "--minutes", "5"]);
    let out = t.ok(&["meeting", "agenda", &m, "move", &intro[..6]]);
    assert_eq!(out, "Move agenda item 'Introductions' to the top\n");
    t.ok(&["meeting", "agenda", &m, "move", &aob, "--after", &risks[..6]]);
    t.ok(&["meeting", "agenda", &m, "done", &intro[..6]]);
    t.ok(&["meeting", "agenda", &m, "done", &budget]);
    t.ok(&["meeting", "agenda", &m, "done", &budget, "--undo"]);
    let extra = t.create(&["meeting", "agenda", &m, "add", "Coffee"]);
    t.ok(&["meeting", "agenda", &m, "remove", &extra[..6]]);

    // Notes, a decision and action items.
    t.ok(&["meeting", "notes", &m, "--append", "Bo presents the budget."]);
    t.ok(&["meeting", "notes", &m, "--append", "Risks: vendor delay."]);
    assert_eq!(t.ok(&["meeting", "notes", &m]), "Bo presents the budget.\nRisks: vendor delay.\n");
    let d = t.create(&["decision", "add", "Use PostgreSQL"]);
    let out = t.ok(&["meeting", "decision", &m, &d[..4]]);
    assert_eq!(out, "Record decision 'Use PostgreSQL' in meeting 'Steering committee'\n");
    let send =
        t.create(&["meeting", "action", &m, "add", "Send the minutes", "--assignee", "Bo", "--due", "2026-12-05"]);
    let call = t.create(&["meeting", "action", &m, "add", "Call the vendor"]);
    let out = t.ok(&["meeting", "action", &m, "promote", &send[..6]]);
    let task = t.json(&["task", "list"])[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        out,
        format!("Promote action item 'Send the minutes' from 'Steering committee' to a task [id {task}]\n")
    );
    let promoted = t.json(&["task", "show", &task]);
    assert_eq!(promoted["title"], "Send the minutes");
    assert_eq!(promoted["due"], "2026-12-05");
    assert_eq!(promoted["description"], "Action item from meeting 'Steering committee' on 2026-12-03.");

    let ids = [
        (m.as_str(), "<meeting>"),
        (budget.as_str(), "<budget>"),
        (risks.as_str(), "<risks>"),
        (aob.as_str(), "<aob>"),
        (intro.as_str(), "<intro>"),
        (d.as_str(), "<decision>"),
        (send.as_str(), "<send>"),
        (call.as_str(), "<call>"),
        (task.as_str(), "<task>"),
    ];
    expect![[r#"
        Steering committee  [<meeting>]
        when: 2026-12-03 10:00–10:45 UTC (45 min)
        series: steering  location: Room 4
        attendees: Ada, Bo, Cy

        Agenda:
          [x] <intro> Introductions  (5 min)
          [ ] <budget> Budget review  (15 min)
          [ ] <risks> Risks
          [ ] <aob> Any other business

        Notes:
          Bo presents the budget.
          Risks: vendor delay.

        Decisions:
          <decision> Use PostgreSQL (proposed)

        Action items:
          <send> Send the minutes  @Bo  due 2026-12-05  → task <task>
          <call> Call the vendor
    "#]]
    .assert_eq(&norm(&t.ok(&["meeting", "show", &m]), &ids));

    // The JSON view carries the same, in order.
    let v = t.json(&["meeting", "show", &m]);
    let titles: Vec<&str> = v["agenda"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Introductions", "Budget review", "Risks", "Any other business"]);
    assert_eq!(v["agenda"][0]["done"], true);
    assert_eq!(v["agenda"][0]["minutes"], 5);
    assert_eq!(v["agenda"][1]["done"], false);
    assert_eq!(v["duration_minutes"], 45);
    assert_eq!(v["series"], "steering");
    assert_eq!(v["location"], "Room 4");
    assert_eq!(v["attendees"].as_array().unwrap().len(), 3);
    assert_eq!(v["attendees"][1]["name"], "Bo");
    assert_eq!(v["decisions"][0]["id"], d.as_str());
    assert_eq!(v["decisions"][0]["status"], "proposed");
    assert_eq!(v["action_items"][0]["task"], task.as_str());
    assert_eq!(v["action_items"][0]["assignee_name"], "Bo");
    assert_eq!(v["action_items"][1]["task"], serde_json::Value::Null);
    assert_eq!(v["notes"], "Bo presents the budget.\nRisks: vendor delay.");
    let notes = t.json(&["meeting", "notes", &m]);
    assert_eq!(notes["notes"], "Bo presents the budget.\nRisks: vendor delay.");
    assert_eq!(notes["id"], m.as_str());
}

#[test]
fn list_and_change_meetings() {
    let t = Tandem::with_project();
    let standup = t.create(&["meeting", "add", "Stand-up", "--start", "2026-12-02 09:00", "--duration", "15"]);
    let steering = t.create(&[
        "meeting",
        "add",
        "Steering",
        "--start",
        "2026-12-01 14:00",
        "--series",
        "Steering",
        "--attendee",
        "Ada",
    ]);
    let ids = [(standup.as_str(), "<standup>"), (steering.as_str(), "<steering>")];
    expect![[r#"
         ID          START (UTC)       MIN  TITLE     SERIES    ATTENDEES
         <steering>  2026-12-01 14:00  60   Steering  Steering  1
         <standup>   2026-12-02 09:00  15   Stand-up  -         0
    "#]]
    .assert_eq(&norm(&t.ok(&["meeting", "list"]), &ids));
    let only = t.json(&["meeting", "list", "--series", "steering"]);
    assert_eq!(only.as_array().unwrap().len(), 1);
    assert_eq!(only[0]["id"], steering.as_str());
    assert_eq!(only[0]["attendee_count"], 1);
    assert_eq!(only[0]["start"], 1_796_133_600_000_i64);

    let out = t.ok(&[
        "meeting",
        "set",
        &steering,
        "--title",
        "Steering committee",
        "--start",
        "2026-12-04 23:30",
        "--duration",
        "90",
        "--location",
        "Room 2",
    ]);
    assert_eq!(
        out,
        "Update meeting 'Steering': title to 'Steering committee', start to 2026-12-04 23:30:00 UTC, duration to 90 min, location to Room 2\n"
    );
    let head: String = t.ok(&["meeting", "show", &steering]).lines().take(3).map(|l| format!("{l}\n")).collect();
    expect![[r#"
        Steering committee  [<steering>]
        when: 2026-12-04 23:30–2026-12-05 01:00 UTC (90 min)
        series: Steering  location: Room 2
    "#]]
    .assert_eq(&norm(&head, &ids));
    t.ok(&["meeting", "set", &steering, "--location", "none", "--series", "none"]);
    let v = t.json(&["meeting", "show", &steering]);
    assert_eq!(v["location"], serde_json::Value::Null);
    assert_eq!(v["series"], serde_json::Value::Null);
    assert_eq!(v["title"], "Steering committee");

    // Deleted meetings only show with --all.
    t.ok(&["delete", "meeting", &standup]);
    assert_eq!(t.json(&["meeting", "list"]).as_array().unwrap().len(), 1);
    let all = t.json(&["meeting", "list", "--all"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["id"], standup.as_str(), "by start: the steering meeting moved to Dec 4");
    assert_eq!(all[0]["deleted"], true);
    assert_eq!(t.ok(&["meeting", "notes", &steering]), "(no notes)\n");
}

#[test]
fn meeting_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    assert_eq!(
        t.err(&["meeting", "add", "Sync", "--start", "2026-12-03 10:00", "--attendee", "Nobody"]),
        "error: no member is called \"Nobody\"; `tandem member list` shows names and ids: no member with id Nobody in this project"
    );
    assert_eq!(
        t.err(&["meeting", "add", "Sync", "--start", "2026-12-03 10:00", "--duration", "0"]),
        "error: duration_minutes must be between 1 and 10080 (got 0)"
    );
    assert_eq!(t.err(&["meeting", "add", "  ", "--start", "2026-12-03 10:00"]), "error: title must not be empty");
    // A time in the wrong shape is a usage error (exit 2) that names the format.
    let out = t.run(&["meeting", "add", "Sync", "--start", "03.12.2026 10:00"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("write it as \"YYYY-MM-DD HH:MM\" (UTC)"));
    assert!(t.json(&["meeting", "list"]).as_array().unwrap().is_empty(), "nothing was added by bad input");

    let m = t.create(&["meeting", "add", "Sync", "--start", "2026-12-03 10:00", "--attendee", "Ada"]);
    assert_eq!(t.err(&["meeting", "attend", &m, "Ada"]), format!("error: Ada already attends meeting {m}"));
    assert_eq!(
        t.err(&["meeting", "attend", &m, "Nobody"]),
        "error: no member is called \"Nobody\"; `tandem member list` shows names and ids: no member with id Nobody in this project"
    );
    assert_eq!(t.err(&["meeting", "show", "zzzzzzzzzzz"]), "error: no meeting with id zzzzzzzzzzz in this project");
    assert_eq!(
        t.err(&["meeting", "agenda", &m, "done", "zzzzzzzzzzz"]),
        format!("error: meeting {m} has no agenda item zzzzzzzzzzz; `tandem meeting show {m}` lists them")
    );
    assert_eq!(
        t.err(&["meeting", "agenda", &m, "add", "Risks", "--minutes", "0"]),
        "error: minutes must be between 1 and 10080 (got 0)"
    );
    let a = t.create(&["meeting", "agenda", &m, "add", "Risks"]);
    assert_eq!(
        t.err(&["meeting", "agenda", &m, "move", &a, "--after", &a]),
        format!("error: agenda item {a} cannot be moved after itself")
    );
    assert_eq!(
        t.err(&["meeting", "agenda", &m, "done", " "]),
        format!("error: give the agenda item id (`tandem meeting show {m}` lists them)")
    );
    assert_eq!(t.err(&["meeting", "notes", &m, "--append", " "]), "error: text must not be empty");
    assert_eq!(t.err(&["meeting", "set", &m]), "error: nothing to change: give at least one field");
    assert_eq!(
        t.err(&["meeting", "decision", &m, "zzzzzzzzzzz"]),
        "error: no decision with id zzzzzzzzzzz in this project"
    );
    assert_eq!(
        t.err(&["meeting", "action", &m, "add", "Call", "--assignee", "Nobody"]),
        "error: no member is called \"Nobody\"; `tandem member list` shows names and ids: no member with id Nobody in this project"
    );

    // An action item is promoted once.
    let item = t.create(&["meeting", "action", &m, "add", "Call the vendor"]);
    let task = t.create(&["meeting", "action", &m, "promote", &item]);
    assert_eq!(
        t.err(&["meeting", "action", &m, "promote", &item[..6]]),
        format!("error: action item {item} was already promoted to task {task}")
    );
    assert_eq!(t.json(&["task", "list"]).as_array().unwrap().len(), 1);
    assert_eq!(
        t.err(&["meeting", "action", &m, "promote", "zzzzzzzzzzz"]),
        format!("error: meeting {m} has no action item zzzzzzzzzzz; `tandem meeting show {m}` lists them")
    );
    // --append and --edit do not go together (usage error).
    assert_eq!(t.run(&["meeting", "notes", &m, "--append", "x", "--edit"]).status.code(), Some(2));
}

#[test]
fn notes_are_edited_in_the_editor() {
    let t = Tandem::with_project();
    let m = t.create(&["meeting", "add", "Retro", "--start", "2026-12-03 10:00", "--notes", "Went well: demo"]);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("editor.sh");
    std::fs::write(&script, "#!/bin/sh\nprintf '\\nTo improve: estimates\\n' >> \"$1\"\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let run = |editor: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_tandem"))
            .args(["meeting", "notes", &m, "--edit"])
            .env("TANDEM_HOME", t.home.path())
            .env("TANDEM_NOW", &t.now)
            .env_remove("VISUAL")
            .env("EDITOR", editor)
            .output()
            .expect("tandem runs")
    };
    let out = run(&script);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Update meeting 'Retro': notes\n");
    assert_eq!(t.ok(&["meeting", "notes", &m]), "Went well: demo\nTo improve: estimates\n");

    // An editor that changes nothing changes nothing; one that fails keeps the notes as they were.
    let out = run(std::path::Path::new("true"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Notes unchanged.\n");
    let out = run(std::path::Path::new("false"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was changed"));
    assert_eq!(t.json(&["meeting", "show", &m])["notes"], "Went well: demo\nTo improve: estimates\n");

    // The notes of a deleted meeting are not opened for editing (the editor never starts).
    t.ok(&["delete", "meeting", &m]);
    let out = run(&script);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("error: meeting {m} was deleted; restore it before editing it\n")
    );
    assert_eq!(t.json(&["meeting", "show", &m])["notes"], "Went well: demo\nTo improve: estimates\n");
}
