//! `tandem risk …` and `tandem issue …` through the real binary.

mod common;

use common::Tandem;
use expect_test::expect;

/// Replaces each id with its label, padded to the id's width so tables stay aligned, and drops
/// the one-space margin of tables (snapshots are dedented).
fn norm(out: &str, ids: &[(&str, &str)]) -> String {
    let out = ids.iter().fold(out.to_owned(), |s, (id, label)| s.replace(id, &format!("{label:_<w$}", w = id.len())));
    out.lines().map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l))).collect()
}

#[test]
fn risk_register_and_matrix() {
    let t = Tandem::with_project();
    let bo = t.create(&["member", "add", "Bo"]);
    let vendor = t.create(&[
        "risk",
        "add",
        "Vendor API late",
        "--probability",
        "3",
        "-i",
        "4",
        "--owner",
        "Bo",
        "--review",
        "2026-12-15",
        "--mitigation",
        "Build against a mock",
        "--description",
        "The payment vendor has slipped twice.",
    ]);
    let leaves = t.create(&["risk", "add", "Key person leaves", "--probability", "2", "--impact", "5"]);
    let creep = t.create(&["risk", "add", "Scope creep", "--probability", "4", "-i", "4"]);
    let outage = t.create(&["risk", "add", "Cloud outage", "--probability", "1", "-i", "3"]);
    let ids = [
        (vendor.as_str(), "<vendor>"),
        (leaves.as_str(), "<leaves>"),
        (creep.as_str(), "<creep>"),
        (outage.as_str(), "<outage>"),
    ];

    expect![[r#"
        ID          TITLE              PROB  IMPACT  SCORE  STATUS  OWNER  REVIEW
        <creep>___  Scope creep        4     4       16     open    -      -
        <vendor>__  Vendor API late    3     4       12     open    Bo     2026-12-15
        <leaves>__  Key person leaves  2     5       10     open    -      -
        <outage>__  Cloud outage       1     3       3      open    -      -
    "#]]
    .assert_eq(&norm(&t.ok(&["risk", "list"]), &ids));
    expect![[r#"
        Vendor API late  [<vendor>__]
        status: open
        probability: 3  impact: 4  score: 12
        owner: Bo  review: 2026-12-15

        mitigation:
        Build against a mock

        The payment vendor has slipped twice.
    "#]]
    .assert_eq(&norm(&t.ok(&["risk", "show", &vendor[..4]]), &ids));

    let r = t.json(&["risk", "show", &vendor]);
    assert_eq!(r["id"], vendor.as_str());
    assert_eq!((r["probability"].as_u64(), r["impact"].as_u64(), r["score"].as_u64()), (Some(3), Some(4), Some(12)));
    assert_eq!(r["status"], "open");
    assert_eq!(r["owner"], bo.as_str());
    assert_eq!(r["review"], "2026-12-15");
    assert_eq!(r["mitigation"], "Build against a mock");

    // Workflow: mitigate one, close another; closed risks leave the list and the matrix.
    assert_eq!(t.ok(&["risk", "status", &creep, "mitigating"]), "Start mitigating risk 'Scope creep'\n");
    assert_eq!(t.ok(&["risk", "status", &outage, "closed"]), "Close risk 'Cloud outage'\n");
    assert_eq!(
        t.ok(&["risk", "set", &leaves, "--probability", "3", "--owner", "Bo", "--review", "2027-01-10"]),
        "Update risk 'Key person leaves': probability to 3, owner to Bo, review to 2027-01-10\n"
    );
    assert_eq!(t.json(&["risk", "list"]).as_array().unwrap().len(), 3);
    assert_eq!(t.json(&["risk", "list", "--all"]).as_array().unwrap().len(), 4);

    expect![[r#"
         PROB \ IMPACT  1  2  3  4  5
         5              .  .  .  .  .
         4              .  .  .  1  .
         3              .  .  .  1  1
         2              .  .  .  .  .
         1              .  .  .  .  .
        (rows: probability 5..1; columns: impact 1..5; counts of risks that are not closed)
        open 2, mitigating 1, occurred 0, closed 1
    "#]]
    .assert_eq(&t.ok(&["risk", "matrix"]));

    let m = t.json(&["risk", "matrix"]);
    let cells = m["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 25);
    assert_eq!((cells[0]["probability"].as_u64(), cells[0]["impact"].as_u64()), (Some(5), Some(1)));
    assert_eq!((cells[24]["probability"].as_u64(), cells[24]["impact"].as_u64()), (Some(1), Some(5)));
    let cell = |p: u64, i: u64| cells.iter().find(|c| c["probability"] == p && c["impact"] == i).unwrap().clone();
    assert_eq!(cell(4, 4)["score"], 16);
    assert_eq!(cell(4, 4)["risks"], serde_json::json!([{"id": creep, "title": "Scope creep", "status": "mitigating"}]));
    assert_eq!(cell(3, 5)["risks"][0]["id"], leaves.as_str());
    assert_eq!(cell(1, 3)["risks"], serde_json::json!([]), "closed risks are not in the matrix");
    assert_eq!(m["counts"], serde_json::json!({"open": 2, "mitigating": 1, "occurred": 0, "closed": 1}));
}

#[test]
fn risk_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    assert_eq!(
        t.err(&["risk", "add", "Too likely", "--probability", "6", "-i", "3"]),
        "error: probability must be between 1 and 5 (got 6)"
    );
    assert_eq!(
        t.err(&["risk", "add", "No impact", "--probability", "2", "-i", "0"]),
        "error: impact must be between 1 and 5 (got 0)"
    );
    let r = t.create(&["risk", "add", "R", "--probability", "2", "-i", "2"]);
    t.ok(&["risk", "status", &r, "closed"]);
    assert_eq!(
        t.err(&["risk", "status", &r, "mitigating"]),
        "error: a risk cannot go from closed to mitigating; allowed next: open"
    );
    assert_eq!(t.err(&["risk", "status", &r, "closed"]), "error: risk 'R' is already closed");
    assert_eq!(t.err(&["risk", "set", &r, "--impact", "9"]), "error: impact must be between 1 and 5 (got 9)");
    assert_eq!(t.err(&["risk", "set", &r]), "error: nothing to change: give at least one field");
    assert_eq!(
        t.err(&["risk", "set", &r, "--review", "soon"]),
        "error: \"soon\" is not a date; write it as YYYY-MM-DD"
    );
    assert_eq!(t.err(&["risk", "show", "zzzz"]), "error: no risk with id zzzz in this project");
    let out = t.run(&["risk", "status", &r, "gone"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not one of open mitigating occurred closed"));
    // Nothing was lost: the risk keeps its values.
    let v = t.json(&["risk", "show", &r]);
    assert_eq!((v["impact"].as_u64(), v["status"].as_str()), (Some(2), Some("closed")));
    assert_eq!(t.json(&["risk", "list", "--all"]).as_array().unwrap().len(), 1);
}

#[test]
fn issue_register() {
    let t = Tandem::with_project();
    let bo = t.create(&["member", "add", "Bo"]);
    let dispute = t.create(&[
        "issue",
        "add",
        "Scope dispute on reports",
        "--party",
        "Bo",
        "--party",
        "Ada",
        "--external",
        "ACME legal",
        "--severity",
        "high",
        "--description",
        "ACME expects PDF exports in phase 1.",
    ]);
    let minor = t.create(&["issue", "add", "Build agent flaky"]);
    let ids = [(dispute.as_str(), "<dispute>"), (minor.as_str(), "<minor>")];
    expect![[r#"
        ID          TITLE                     SEVERITY  STATUS  PARTIES              RAISED
        <dispute>_  Scope dispute on reports  high      open    Ada, Bo, ACME legal  2026-12-01
        <minor>___  Build agent flaky         medium    open    -                    2026-12-01
    "#]]
    .assert_eq(&norm(&t.ok(&["issue", "list"]), &ids));

    let i = t.json(&["issue", "show", &dispute]);
    assert_eq!(i["title"], "Scope dispute on reports");
    assert_eq!(i["severity"], "high");
    assert_eq!(i["status"], "open");
    assert_eq!(i["parties"].as_array().unwrap().len(), 2);
    assert!(i["parties"].as_array().unwrap().contains(&bo.as_str().into()));
    assert_eq!(i["external_parties"], serde_json::json!(["ACME legal"]));
    assert_eq!(i["resolution"], "");
    assert_eq!(i["resolved_at"], serde_json::Value::Null);

    // Resolving needs a resolution.
    assert_eq!(
        t.err(&["issue", "status", &dispute, "resolved"]),
        "error: issue 'Scope dispute on reports' has no resolution; say how it was resolved with --resolution \"…\""
    );
    assert_eq!(t.ok(&["issue", "status", &dispute, "resolving"]), "Start resolving issue 'Scope dispute on reports'\n");
    assert_eq!(
        t.ok(&[
            "issue",
            "status",
            &dispute,
            "resolved",
            "--resolution",
            "PDF export moves to phase 2, agreed with ACME"
        ]),
        "Resolve issue 'Scope dispute on reports'\n"
    );
    expect![[r#"
        Scope dispute on reports  [<dispute>_]
        severity: high  status: resolved
        parties: Ada, Bo
        external parties: ACME legal
        raised: 2026-12-01  resolved: 2026-12-01

        resolution:
        PDF export moves to phase 2, agreed with ACME

        ACME expects PDF exports in phase 1.
    "#]]
    .assert_eq(&norm(&t.ok(&["issue", "show", &dispute[..4]]), &ids));
    let i = t.json(&["issue", "show", &dispute]);
    assert_eq!(i["status"], "resolved");
    assert_eq!(i["resolution"], "PDF export moves to phase 2, agreed with ACME");
    assert!(i["resolved_at"].is_number());

    // Resolved issues leave the default list.
    assert_eq!(t.json(&["issue", "list"]).as_array().unwrap().len(), 1);
    assert_eq!(t.json(&["issue", "list", "--all"])[1]["id"], dispute.as_str());

    assert_eq!(
        t.ok(&["issue", "set", &minor, "--severity", "critical", "--party", "Bo", "--external", "CI vendor"]),
        "Update issue 'Build agent flaky': severity to critical, parties, external parties\n"
    );
    t.ok(&["issue", "set", &minor, "--external", "none"]);
    let i = t.json(&["issue", "show", &minor]);
    assert_eq!(i["severity"], "critical");
    assert_eq!(i["parties"], serde_json::json!([bo]));
    assert_eq!(i["external_parties"], serde_json::json!([]));
}

#[test]
fn issue_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    let i = t.create(&["issue", "add", "Conflict"]);
    assert_eq!(t.err(&["issue", "status", &i, "open"]), "error: issue 'Conflict' is already open");
    t.ok(&["issue", "status", &i, "resolved", "--resolution", "Talked it through"]);
    assert_eq!(
        t.err(&["issue", "status", &i, "resolving"]),
        "error: an issue cannot go from resolved to resolving; allowed next: open"
    );
    assert_eq!(
        t.err(&["issue", "set", &i, "--resolution", " "]),
        "error: issue 'Conflict' is resolved, so its resolution must not be empty; reopen it first"
    );
    assert_eq!(
        t.err(&["issue", "add", "X", "--party", "Nobody"]),
        "error: no member is called \"Nobody\"; `tandem member list` shows names and ids: no member with id Nobody in this project"
    );
    assert_eq!(
        t.err(&["issue", "set", &i, "--external", "none", "--external", "ACME"]),
        "error: --external none removes them all; do not combine it with names"
    );
    let out = t.run(&["issue", "add", "X", "--severity", "huge"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not one of low medium high critical"));
    // Nothing was lost.
    let v = t.json(&["issue", "show", &i]);
    assert_eq!((v["status"].as_str(), v["resolution"].as_str()), (Some("resolved"), Some("Talked it through")));
    assert_eq!(t.json(&["issue", "list", "--all"]).as_array().unwrap().len(), 1);
}
