//! `tandem request …`: client requests from intake through triage, responses and linked tasks.

mod common;

use common::Tandem;
use expect_test::expect;

/// Replaces each full id with its label, so snapshots do not depend on generated ids.
fn norm(out: &str, ids: &[(&str, &str)]) -> String {
    ids.iter().fold(out.to_owned(), |s, (id, label)| s.replace(id, label))
}

/// Runs `tandem` with EDITOR set (the harness clears it).
fn with_editor(t: &Tandem, editor: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .env("TANDEM_HOME", t.home.path())
        .env("TANDEM_NOW", &t.now)
        .env("EDITOR", editor)
        .env_remove("VISUAL")
        .output()
        .expect("tandem runs")
}

/// A table without its one-space left margin (expect-test strips common indentation).
fn unindent(out: &str) -> String {
    out.lines().map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l))).collect()
}

#[test]
fn requests_from_intake_through_triage_to_done() {
    let t = Tandem::with_project();
    let csv = t.create(&[
        "request",
        "add",
        "Export invoices as CSV",
        "--requester",
        "Carol (ACME)",
        "--priority",
        "high",
        "--description",
        "Finance needs the monthly invoices in Excel.",
    ]);
    let dup = t.create(&["request", "add", "CSV export", "--requester", "Dan", "--received", "2026-11-20"]);
    let task = t.create(&["task", "add", "Build CSV export"]);

    assert_eq!(t.ok(&["request", "triage", &csv[..5], "accepted"]), "Accept request 'Export invoices as CSV'\n");
    assert_eq!(
        t.ok(&["request", "link", &csv, &task[..5]]),
        "Link task 'Build CSV export' to request 'Export invoices as CSV'\n"
    );
    t.ok(&["request", "respond", &csv, "Planned for the January release."]);
    t.ok(&["request", "triage", &csv, "in_progress"]);
    assert_eq!(
        t.ok(&["request", "triage", &dup, "duplicate", "--duplicate-of", &csv[..5], "--response", "Same as Carol's."]),
        "Mark request 'CSV export' as a duplicate of 'Export invoices as CSV' with a response\n"
    );

    let ids = [(csv.as_str(), "<csv>"), (dup.as_str(), "<dup>"), (task.as_str(), "<task>")];
    expect![[r#"
         ID          TITLE                   REQUESTER     RECEIVED    PRIORITY  STATUS       TASKS
         <dup>  CSV export              Dan           2026-11-20  normal    duplicate    0
         <csv>  Export invoices as CSV  Carol (ACME)  2026-12-01  high      in_progress  1
    "#]]
    .assert_eq(&unindent(&norm(&t.ok(&["request", "list"]), &ids)));
    expect![[r#"
        Export invoices as CSV  [<csv>]
        requester: Carol (ACME)  received: 2026-12-01
        priority: high
        status: in_progress
        tasks:
          <task>  Build CSV export
        response (by Ada at 2026-12-01 09:00:00 UTC):
          Planned for the January release.

        Finance needs the monthly invoices in Excel.
    "#]]
    .assert_eq(&norm(&t.ok(&["request", "show", &csv]), &ids));
    expect![[r#"
        CSV export  [<dup>]
        requester: Dan  received: 2026-11-20
        priority: normal
        status: duplicate of <csv> 'Export invoices as CSV'
        tasks: -
        response (by Ada at 2026-12-01 09:00:00 UTC):
          Same as Carol's.
    "#]]
    .assert_eq(&norm(&t.ok(&["request", "show", &dup]), &ids));

    // JSON shapes.
    let ada = t.json(&["member", "list"])[0]["id"].as_str().unwrap().to_owned();
    let r = t.json(&["request", "show", &csv]);
    assert_eq!(r["id"], csv.as_str());
    assert_eq!(r["title"], "Export invoices as CSV");
    assert_eq!(r["requester"], "Carol (ACME)");
    assert_eq!(r["received"], "2026-12-01");
    assert_eq!(r["priority"], "high");
    assert_eq!(r["status"], "in_progress");
    assert_eq!(r["duplicate_of"], serde_json::Value::Null);
    assert_eq!(r["response"], "Planned for the January release.");
    assert_eq!(r["responded_by"], ada.as_str());
    assert_eq!(r["tasks"], serde_json::json!([task]));
    assert_eq!(r["deleted"], false);
    let dups = t.json(&["request", "list", "--status", "duplicate"]);
    assert_eq!(dups.as_array().unwrap().len(), 1);
    assert_eq!(dups[0]["id"], dup.as_str());
    assert_eq!(dups[0]["duplicate_of"], csv.as_str());
    assert_eq!(t.ok(&["request", "list", "--status", "rejected"]), "(none)\n");
    let out = t.json(&["request", "triage", &csv, "done"]);
    assert_eq!(out["summary"], "Complete request 'Export invoices as CSV'");
    assert!(out["hash"].is_string());

    // Editing fields, unlinking, deleting.
    assert_eq!(
        t.ok(&["request", "set", &csv, "--priority", "urgent", "--requester", "Carol", "--received", "2026-11-30"]),
        "Update request 'Export invoices as CSV': requester to Carol, received to 2026-11-30, priority to urgent\n"
    );
    t.ok(&["request", "set", &csv, "--title", "CSV invoices", "--description", "Monthly, per customer."]);
    t.ok(&["request", "unlink", &csv, &task]);
    let r = t.json(&["request", "show", &csv]);
    assert_eq!(
        (r["title"].as_str(), r["priority"].as_str(), r["received"].as_str()),
        (Some("CSV invoices"), Some("urgent"), Some("2026-11-30"))
    );
    assert_eq!(r["description"], "Monthly, per customer.");
    assert_eq!(r["tasks"], serde_json::json!([]));
    t.ok(&["delete", "request", &dup]);
    assert_eq!(t.json(&["request", "list"]).as_array().unwrap().len(), 1);
    let all = t.json(&["request", "list", "--all"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert!(norm(&t.ok(&["request", "list", "--all"]), &ids).contains("<dup>  CSV export (deleted)"));
}

#[test]
fn the_response_can_be_written_in_the_editor() {
    let t = Tandem::with_project();
    let r = t.create(&["request", "add", "Dark mode", "--requester", "Carol"]);
    t.ok(&["request", "respond", &r, "Maybe later."]);
    let out = with_editor(&t, "printf 'We will ship it\\nin February.\\n' >", &["request", "respond", &r, "--edit"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Respond to request 'Dark mode'\n");
    assert_eq!(t.json(&["request", "show", &r])["response"], "We will ship it\nin February.");
    // An editor that leaves the text as it was changes nothing.
    let out = with_editor(&t, "true", &["request", "respond", &r, "--edit"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Response unchanged.\n");
}

#[test]
fn request_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    let a = t.create(&["request", "add", "Dark mode", "--requester", "Carol"]);
    let b = t.create(&["request", "add", "Night theme", "--requester", "Dan"]);
    let task = t.create(&["task", "add", "Theme switch"]);
    assert_eq!(
        t.err(&["request", "triage", &b, "duplicate"]),
        "error: to mark request 'Night theme' as a duplicate, say which request it duplicates with --duplicate-of ID"
    );
    assert_eq!(
        t.err(&["request", "triage", &a, "done"]),
        "error: a client request cannot go from new to done; allowed next: accepted, rejected, duplicate"
    );
    assert_eq!(
        t.err(&["request", "triage", &a, "accepted", "--duplicate-of", &b]),
        "error: --duplicate-of only goes with status duplicate, not accepted; leave it out"
    );
    assert_eq!(
        t.err(&["request", "triage", &a, "duplicate", "--duplicate-of", &a]),
        "error: request 'Dark mode' cannot be a duplicate of itself"
    );
    assert_eq!(
        t.err(&["request", "unlink", &a, &task]),
        format!("error: task {task} is not linked to client request {a}")
    );
    assert_eq!(t.err(&["request", "show", "zzzz"]), "error: no client request with id zzzz in this project");
    assert_eq!(t.err(&["request", "set", &a]), "error: nothing to change: give at least one field");
    assert_eq!(t.err(&["request", "add", " ", "--requester", "Carol"]), "error: title must not be empty");
    assert_eq!(t.err(&["request", "respond", &a, "  "]), "error: response must not be empty");
    // Nothing changed on the refused commands.
    let r = t.json(&["request", "show", &b]);
    assert_eq!((r["status"].as_str(), r["response"].as_str()), (Some("new"), Some("")));

    // Usage errors (exit 2): a bad date, a bad priority, respond without text or --edit.
    let usage = |args: &[&str], says: &str| {
        let out = t.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    };
    usage(&["request", "add", "X", "--requester", "C", "--received", "1/12/2026"], "write it as YYYY-MM-DD");
    usage(&["request", "add", "X", "--requester", "C", "--priority", "asap"], "low normal high urgent");
    usage(&["request", "add", "X"], "--requester");
    usage(&["request", "respond", &a], "<TEXT>");
    usage(&["request", "list", "--status", "open"], "new accepted rejected in_progress done duplicate");
}
