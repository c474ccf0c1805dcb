//! `tandem check` through the real binary: the findings as text and as JSON, and the exit status.

mod common;

use common::Tandem;
use expect_test::expect;

/// Runs `args` one minute after the previous step, so the causing changes have distinct times.
fn at(t: &mut Tandem, minute: u32, args: &[&str]) -> String {
    t.now = format!("2026-12-01 09:{minute:02}");
    t.create(args)
}

#[test]
fn a_sound_plan_has_no_findings() {
    let t = Tandem::with_project();
    assert_eq!(
        t.ok(&["check"]),
        "No findings: as of 2026-12-01, no one is booked over capacity or into two meetings at once, no \
         dependencies loop or contradict dates, no task is due after its milestone, the budget holds, no work is \
         left with inactive members, and no deliverable is signed off with unmet criteria.\n"
    );
    assert_eq!(t.json(&["check"]), serde_json::json!([]));
    // Nothing found, nothing to fail on.
    assert_eq!(t.run(&["check", "--fail-on-findings"]).status.code(), Some(0));
}

#[test]
fn findings_are_printed_with_their_causes_and_can_fail_a_script() {
    let mut t = Tandem::with_project();
    at(&mut t, 1, &["member", "add", "Bo", "--capacity", "10"]);
    at(&mut t, 2, &["task", "add", "Build API", "--assignee", "Bo", "--estimate", "30", "--start", "2026-12-07"]);
    let golive = at(&mut t, 3, &["milestone", "add", "Go-live", "--due", "2026-12-10"]);
    at(&mut t, 4, &["task", "add", "Deploy", "--due", "2026-12-15", "--milestone", &golive]);
    at(&mut t, 5, &["budget", "line", "add", "Cloud", "--planned", "1000"]);
    at(&mut t, 6, &["budget", "expense", "add", "Cloud", "600", "--committed", "--description", "Reserved"]);
    at(&mut t, 7, &["budget", "expense", "add", "Cloud", "600", "--committed", "--description", "Support"]);
    t.now = "2026-12-01 10:00".to_owned();

    expect![[r#"
        3 findings as of 2026-12-01:

        error task_after_milestone
          Task 'Deploy' is due 2026-12-15, after its milestone 'Go-live' on 2026-12-10: move the task or the milestone
          caused by: Ada at 2026-12-01 09:03:00 UTC (Add milestone 'Go-live' due 2026-12-10)
          caused by: Ada at 2026-12-01 09:04:00 UTC (Add task 'Deploy')

        error budget_committed_exceeded
          Budget line 'Cloud' has 1200.00 EUR committed and paid (1200.00 EUR committed, 0.00 EUR paid) against 1000.00 EUR planned (200.00 EUR over): raise the line's planned amount, or cancel or move a commitment
          caused by: Ada at 2026-12-01 09:05:00 UTC (Add budget line 'Cloud' (1000.00 EUR))
          caused by: Ada at 2026-12-01 09:06:00 UTC (Commit 600.00 EUR on 'Cloud')
          caused by: Ada at 2026-12-01 09:07:00 UTC (Commit 600.00 EUR on 'Cloud')

        warning over_capacity
          Bo is booked 30 h in 2026-W50 (week of 2026-12-07), over a capacity of 10 h a week, by 'Build API': move or reassign some of this work, or raise Bo's capacity
          caused by: Ada at 2026-12-01 09:01:00 UTC (Add member Bo (member))
          caused by: Ada at 2026-12-01 09:02:00 UTC (Add task 'Build API')
    "#]]
    .assert_eq(&t.ok(&["check"]));

    let json = t.json(&["check"]);
    let findings = json.as_array().expect("a list of findings");
    let kinds: Vec<&str> = findings.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["task_after_milestone", "budget_committed_exceeded", "over_capacity"]);
    let late = &findings[0];
    assert_eq!(late["severity"], "error");
    assert_eq!(late["items"][1], serde_json::json!({ "kind": "milestone", "id": golive }));
    assert_eq!(late["caused_by"][0]["author_name"], "Ada");
    assert_eq!(late["caused_by"][0]["summary"], "Add milestone 'Go-live' due 2026-12-10");
    assert!(late["caused_by"][0]["hash"].as_str().is_some_and(|h| h.len() == 64));

    // A later --today leaves the week that has passed out.
    let later = t.json(&["check", "--today", "2026-12-14"]);
    let kinds: Vec<&str> = later.as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["task_after_milestone", "budget_committed_exceeded"]);

    // --fail-on-findings prints the same findings and exits with 3, with nothing on stderr.
    let out = t.run(&["check", "--fail-on-findings"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), t.ok(&["check"]));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn check_help_documents_the_exit_status() {
    let t = Tandem::new();
    let help = t.ok(&["check", "--help"]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("Example: tandem check --fail-on-findings"), "{help}");
    assert!(help.contains("with --fail-on-findings, 3 when there are findings"), "{help}");
}
