//! `tandem goal …` through the real binary.

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
fn goals_from_add_to_achieved() {
    let mut t = Tandem::with_project();
    let bo = t.create(&["member", "add", "Bo"]);
    let fast = t.create(&[
        "goal",
        "add",
        "Faster checkout",
        "--metric",
        "p95 ms",
        "--baseline",
        "900",
        "--target",
        "300",
        "--due",
        "2027-03-01",
        "--owner",
        "bo",
        "--description",
        "Checkout must feel instant.",
    ]);
    let customers = t.create(&[
        "goal",
        "add",
        "Signed customers",
        "--metric",
        "customers",
        "--baseline",
        "0",
        "--target",
        "10",
        "--current",
        "2",
        "--horizon",
        "long",
    ]);
    assert_eq!(
        t.ok(&["goal", "progress", &fast[..5], "600"]),
        "Record progress on 'Faster checkout': 600 p95 ms (50%)\n"
    );

    // On the day it was set, any progress keeps pace.
    let ids = [(fast.as_str(), "<fast>"), (customers.as_str(), "<cust>")];
    expect![[r#"
        ID          TITLE             HORIZON  METRIC                     PROGRESS  STATUS    DUE         OWNER
        <fast>____  Faster checkout   short    900 → 300, now 600 p95 ms  50%       on track  2027-03-01  Bo
        <cust>____  Signed customers  long     0 → 10, now 2 customers    20%       -         -           -
    "#]]
    .assert_eq(&norm(&t.ok(&["goal", "list"]), &ids));

    // Two months on, half the way is not enough any more: 62 of 90 days have passed.
    t.now = "2027-02-01 09:00".to_owned();
    expect![[r#"
        Faster checkout  [<fast>____]
        status: active  horizon: short
        metric: p95 ms
        baseline: 900  target: 300  current: 600
        progress: 50%  behind
        due: 2027-03-01  owner: Bo
        tasks: 0/0 done

        Checkout must feel instant.
    "#]]
    .assert_eq(&norm(&t.ok(&["goal", "show", &fast]), &ids));

    let list = t.json(&["goal", "list"]);
    let g = &list[0];
    assert_eq!(g["id"], fast.as_str());
    assert_eq!(g["title"], "Faster checkout");
    assert_eq!(g["horizon"], "short");
    assert_eq!(g["metric"], "p95 ms");
    assert_eq!(
        (g["baseline"].clone(), g["target"].clone(), g["current"].clone()),
        (900.0.into(), 300.0.into(), 600.0.into())
    );
    assert_eq!(g["progress"], 0.5);
    assert_eq!(g["on_track"], false);
    assert_eq!(g["owner"], bo.as_str());
    assert_eq!(g["status"], "active");
    assert_eq!(list[1]["on_track"], serde_json::Value::Null);

    // Edits, then achieving the goal takes it off the default list.
    assert_eq!(
        t.ok(&["goal", "set", &fast, "--target", "250", "--owner", "none", "--due", "none"]),
        "Update goal 'Faster checkout': target to 250, due to none, owner cleared\n"
    );
    t.ok(&["goal", "set", &fast, "--status", "achieved"]);
    assert_eq!(t.json(&["goal", "list"]).as_array().unwrap().len(), 1);
    let all = t.json(&["goal", "list", "--all"]);
    assert_eq!(all[1]["status"], "achieved");
    assert_eq!(all[1]["target"], 250.0);
    assert_eq!(all[1]["owner"], serde_json::Value::Null);
    expect![[r#"
        ID          TITLE             HORIZON  METRIC                     PROGRESS  STATUS    DUE  OWNER
        <cust>____  Signed customers  long     0 → 10, now 2 customers    20%       -         -    -
        <fast>____  Faster checkout   short    900 → 250, now 600 p95 ms  46%       achieved  -    -
    "#]]
    .assert_eq(&norm(&t.ok(&["goal", "list", "--all"]), &ids));

    // A mutation reports its outcome as JSON.
    let out = t.json(&["goal", "progress", &customers, "-1"]);
    assert_eq!(out["summary"], "Record progress on 'Signed customers': -1 customers (0%)");
}

#[test]
fn goal_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    assert_eq!(
        t.err(&["goal", "add", "Flat", "--metric", "m", "--baseline", "5", "--target", "5"]),
        "error: target must differ from baseline (both are 5); progress is measured from baseline to target"
    );
    let g = t.create(&["goal", "add", "Grow", "--metric", "users", "--baseline", "0", "--target", "100"]);
    assert_eq!(
        t.err(&["goal", "set", &g, "--baseline", "100"]),
        "error: target must differ from baseline (both are 100); progress is measured from baseline to target"
    );
    t.ok(&["goal", "set", &g, "--status", "achieved"]);
    assert_eq!(
        t.err(&["goal", "set", &g, "--status", "abandoned"]),
        "error: a goal cannot go from achieved to abandoned; allowed next: active"
    );
    assert_eq!(t.err(&["goal", "set", &g]), "error: nothing to change: give at least one field");
    assert_eq!(t.err(&["goal", "show", "zzzz"]), "error: no goal with id zzzz in this project");
    assert_eq!(
        t.err(&["goal", "add", " ", "--metric", "m", "--baseline", "0", "--target", "1"]),
        "error: title must not be empty"
    );
    // Nothing was lost: the goal is still there and unchanged apart from its status.
    let g = t.json(&["goal", "show", &g]);
    assert_eq!((g["baseline"].as_f64(), g["status"].as_str()), (Some(0.0), Some("achieved")));
    // Bad dates and choices are usage errors (exit 2) that name what is allowed.
    let out = t.run(&["goal", "add", "X", "--metric", "m", "--baseline", "0", "--target", "1", "--horizon", "mid"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not one of short long"));
    assert_eq!(
        t.err(&["goal", "set", &g["id"].as_str().unwrap()[..4], "--due", "tomorrow"]),
        "error: \"tomorrow\" is not a date; write it as YYYY-MM-DD"
    );
}

#[test]
fn describe_edits_the_description_in_the_editor() {
    use std::os::unix::fs::PermissionsExt;
    let t = Tandem::with_project();
    let g = t.create(&["goal", "add", "Grow", "--metric", "users", "--baseline", "0", "--target", "100"]);
    let editor = t.home.path().join("editor.sh");
    std::fs::write(&editor, "#!/bin/sh\nprintf 'Reach 100 weekly users by spring.' > \"$1\"\n").unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["goal", "describe", &g])
        .env("TANDEM_HOME", t.home.path())
        .env("TANDEM_NOW", &t.now)
        .env_remove("VISUAL")
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Update goal 'Grow': description\n");
    assert_eq!(t.json(&["goal", "show", &g])["description"], "Reach 100 weekly users by spring.");
}
