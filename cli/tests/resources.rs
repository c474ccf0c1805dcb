//! `tandem resource …` and `tandem budget …` through the real binary.

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
fn resources_and_allocations() {
    let t = Tandem::with_project();
    let bo = t.create(&["member", "add", "Bo"]);
    let api = t.create(&["task", "add", "Build API", "--estimate", "24"]);
    let docs = t.create(&["task", "add", "Write docs"]);
    let person = t.create(&[
        "resource",
        "add",
        "Bo Chen",
        "--kind",
        "person",
        "--rate",
        "85",
        "--member",
        "Bo",
        "--capacity",
        "32",
    ]);
    let ci = t.create(&["resource", "add", "CI server", "--kind", "equipment", "--rate", "1200.50", "--unit", "fixed"]);
    let licence = t.create(&["resource", "add", "IDE seats", "--kind", "licence", "--rate", "30", "--unit", "month"]);
    assert_eq!(
        t.ok(&["resource", "allocate", "bo chen", &api[..5], "--hours", "16", "--note", "API work"]),
        format!(
            "Allocate 16 h of 'Bo Chen' to 'Build API' [id {}]\n",
            t.json(&["resource", "allocations"])[0]["id"].as_str().unwrap()
        )
    );
    t.ok(&["resource", "allocate", &person, &docs, "--hours", "4.5"]);
    t.ok(&["resource", "allocate", "CI server", &api, "--hours", "10"]);

    let ids = [(person.as_str(), "<bo>"), (ci.as_str(), "<ci>"), (licence.as_str(), "<ide>")];
    expect![[r#"
        ID          NAME       KIND       RATE               CAPACITY  ALLOCATED  MEMBER
        <bo>______  Bo Chen    person     85.00 EUR/hour     32 h/wk   20.5h      Bo
        <ci>______  CI server  equipment  1200.50 EUR fixed  -         10h        -
        <ide>_____  IDE seats  licence    30.00 EUR/month    -         0h         -
    "#]]
    .assert_eq(&norm(&t.ok(&["resource", "list"]), &ids));

    let list = t.json(&["resource", "list"]);
    let r = &list[0];
    assert_eq!(r["id"], person.as_str());
    assert_eq!(r["name"], "Bo Chen");
    assert_eq!(r["kind"], "person");
    assert_eq!(r["member"], bo.as_str());
    assert_eq!(r["cost_rate"], 8500);
    assert_eq!(r["rate_unit"], "hour");
    assert_eq!(r["capacity_hours_per_week"], 32.0);
    assert_eq!(r["allocated_hours"], 20.5);
    assert_eq!(list[1]["cost_rate"], 120_050);
    assert_eq!(list[1]["rate_unit"], "fixed");

    let allocs = t.json(&["resource", "allocations", "--resource", "Bo Chen"]);
    assert_eq!(allocs.as_array().unwrap().len(), 2);
    assert_eq!(allocs[0]["task_title"], "Build API");
    assert_eq!(allocs[0]["hours"], 16.0);
    assert_eq!(allocs[0]["note"], "API work");
    let alloc_ids: Vec<String> = t
        .json(&["resource", "allocations"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let labels: Vec<(&str, &str)> = alloc_ids.iter().map(|a| (a.as_str(), "<alloc>")).collect();
    expect![[r#"
        ID          RESOURCE   TASK        HOURS  NOTE
        <alloc>___  Bo Chen    Build API   16h    API work
        <alloc>___  Bo Chen    Write docs  4.5h   -
        <alloc>___  CI server  Build API   10h    -
    "#]]
    .assert_eq(&norm(&t.ok(&["resource", "allocations"]), &labels));

    assert_eq!(
        t.ok(&[
            "resource",
            "set",
            "CI server",
            "--rate",
            "1500",
            "--unit",
            "month",
            "--capacity",
            "168",
            "--notes",
            "rack 2"
        ]),
        "Update resource 'CI server': cost rate to 1500.00, rate unit to month, capacity to 168 h/week, notes\n"
    );
    assert_eq!(
        t.ok(&["resource", "set", &person[..4], "--member", "none", "--capacity", "none"]),
        "Update resource 'Bo Chen': member cleared, capacity cleared\n"
    );
    let r = t.json(&["resource", "list"]);
    assert_eq!(
        (r[0]["member"].clone(), r[0]["capacity_hours_per_week"].clone()),
        (serde_json::Value::Null, serde_json::Value::Null)
    );
    assert_eq!(r[1]["notes"], "rack 2");
}

#[test]
fn resource_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    let task = t.create(&["task", "add", "A"]);
    assert_eq!(
        t.err(&["resource", "add", "Cheap", "--kind", "vendor", "--rate", "-5"]),
        "error: cost rate must not be negative (got -5.00)"
    );
    t.ok(&["resource", "add", "Bo", "--kind", "person"]);
    assert_eq!(t.err(&["resource", "allocate", "Bo", &task, "--hours", "0"]), "error: hours must be more than 0");
    assert_eq!(
        t.err(&["resource", "allocate", "Nobody", &task, "--hours", "2"]),
        "error: no resource is called \"Nobody\" or has an id starting with it; `tandem resource list` shows names and ids"
    );
    assert_eq!(
        t.err(&["resource", "set", "Bo", "--capacity", "lots"]),
        "error: --capacity \"lots\" is not a number of hours per week"
    );
    assert_eq!(t.err(&["resource", "set", "Bo"]), "error: nothing to change: give at least one field");
    let out = t.run(&["resource", "add", "X", "--kind", "robot"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not one of person equipment licence vendor"));
    assert_eq!(t.json(&["resource", "list"]).as_array().unwrap().len(), 1, "nothing was added by the failed commands");
}

#[test]
fn budget_planned_committed_actual() {
    let t = Tandem::with_project();
    let hosting = t.create(&["budget", "line", "add", "Cloud hosting", "--planned", "12000", "--category", "infra"]);
    let travel = t.create(&["budget", "line", "add", "Travel", "--planned", "500"]);
    t.ok(&["resource", "add", "Bo Chen", "--kind", "person", "--rate", "85"]);
    // A committed expense (ordered, not yet paid) and an actual one (paid), by name or id prefix.
    let reserved = t.create(&[
        "budget",
        "expense",
        "add",
        "cloud hosting",
        "950.50",
        "--committed",
        "--description",
        "Reserved instances",
    ]);
    assert_eq!(
        t.ok(&["budget", "expense", "add", &travel[..5], "600", "--resource", "Bo Chen", "--date", "2026-11-20"]),
        format!("Book 600.00 EUR on 'Travel' [id {}]\n", t.json(&["budget", "expenses"])[0]["id"].as_str().unwrap())
    );

    let ids = [(hosting.as_str(), "<hosting>"), (travel.as_str(), "<travel>")];
    expect![[r#"
        Budget in EUR: project budget 100000.00, 87500.00 not yet planned in lines
        ID          LINE           CATEGORY  PLANNED   COMMITTED  ACTUAL  REMAINING
        <travel>__  Travel         -         500.00    0.00       600.00  -100.00    OVER BUDGET
        <hosting>_  Cloud hosting  infra     12000.00  950.50     0.00    11049.50
                    total                    12500.00  950.50     600.00  10949.50
    "#]]
    .assert_eq(&norm(&t.ok(&["budget", "show"]), &ids));

    let b = t.json(&["budget", "show"]);
    assert_eq!(b["currency"], "EUR");
    assert_eq!(b["project_budget"], 10_000_000);
    assert_eq!(b["unplanned"], 10_000_000 - 1_250_000);
    assert_eq!(
        b["totals"],
        serde_json::json!({"planned": 1_250_000, "committed": 95_050, "actual": 60_000, "remaining": 1_094_950})
    );
    let hosting_line = b["lines"].as_array().unwrap().iter().find(|l| l["id"] == hosting.as_str()).unwrap();
    assert_eq!(hosting_line["money"]["committed"], 95_050);
    assert_eq!(hosting_line["money"]["actual"], 0);
    assert_eq!(hosting_line["expenses"], 1);
    assert_eq!(hosting_line["over"], false);
    let travel_line = b["lines"].as_array().unwrap().iter().find(|l| l["id"] == travel.as_str()).unwrap();
    assert_eq!(travel_line["over"], true);
    assert_eq!(travel_line["money"]["remaining"], -10_000);

    // Expenses: oldest first; the committed one defaults to today.
    let expenses = t.json(&["budget", "expenses"]);
    assert_eq!(expenses[1]["id"], reserved.as_str());
    assert_eq!(expenses[1]["date"], "2026-12-01");
    assert_eq!(expenses[1]["state"], "committed");
    assert_eq!(expenses[1]["amount"], 95_050);
    assert_eq!(expenses[1]["budget_line_name"], "Cloud hosting");
    assert_eq!(expenses[0]["state"], "actual");
    let exp_ids: Vec<String> =
        expenses.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect();
    let labels: Vec<(&str, &str)> = exp_ids.iter().map(|e| (e.as_str(), "<expense>")).collect();
    expect![[r#"
        ID          DATE        LINE           AMOUNT      STATE      DESCRIPTION         RESOURCE
        <expense>_  2026-11-20  Travel         600.00 EUR  actual     -                   Bo Chen
        <expense>_  2026-12-01  Cloud hosting  950.50 EUR  committed  Reserved instances  -
    "#]]
    .assert_eq(&norm(&t.ok(&["budget", "expenses"]), &labels));

    // The invoice arrives: the committed money becomes actual; the travel line gets more money.
    assert_eq!(
        t.ok(&["budget", "expense", "set", &reserved, "--state", "actual", "--date", "2026-12-15"]),
        "Update expense of 950.50: date to 2026-12-15, state to actual\n"
    );
    assert_eq!(
        t.ok(&["budget", "line", "set", "Travel", "--planned", "700", "--category", "people"]),
        "Update budget line 'Travel': category to 'people', planned to 700.00\n"
    );
    let b = t.json(&["budget", "show"]);
    assert_eq!(
        b["totals"],
        serde_json::json!({"planned": 1_270_000, "committed": 0, "actual": 155_050, "remaining": 1_114_950})
    );
    assert!(b["lines"].as_array().unwrap().iter().all(|l| l["over"] == false));
    assert_eq!(t.json(&["budget", "expenses", "--line", "travel"]).as_array().unwrap().len(), 1);
}

#[test]
fn budget_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    assert_eq!(
        t.ok(&["budget", "show"]),
        "Budget in EUR: project budget 100000.00, 100000.00 not yet planned in lines\n(no budget lines yet: add one with `tandem budget line add`)\n"
    );
    assert_eq!(
        t.err(&["budget", "line", "add", "Travel", "--planned", "-10"]),
        "error: planned must not be negative (got -10.00)"
    );
    let line = t.create(&["budget", "line", "add", "Travel", "--planned", "500"]);
    assert_eq!(t.err(&["budget", "expense", "add", "Travel", "-5"]), "error: amount must not be negative (got -5.00)");
    assert_eq!(t.err(&["budget", "expense", "add", "Travel", "0"]), "error: amount must be more than 0");
    assert_eq!(
        t.err(&["budget", "expense", "add", "Hotels", "120"]),
        "error: no budget line is called \"Hotels\" or has an id starting with it; `tandem budget show` lists the lines and their ids"
    );
    let e = t.create(&["budget", "expense", "add", &line, "120"]);
    assert_eq!(
        t.err(&["budget", "expense", "set", &e, "--amount", "-1"]),
        "error: amount must not be negative (got -1.00)"
    );
    assert_eq!(
        t.err(&["budget", "expense", "set", "zzzz", "--amount", "1"]),
        "error: no expense with id zzzz in this project"
    );
    let out = t.run(&["budget", "expense", "add", "Travel", "12.345"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has more than two decimal places"));
    // Nothing was lost: one line, one expense of 120.
    let b = t.json(&["budget", "show"]);
    assert_eq!(b["totals"]["actual"], 12_000);
    assert_eq!(b["lines"].as_array().unwrap().len(), 1);
}
