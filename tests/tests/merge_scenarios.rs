//! Issue #5: three members edit one project while the server is down, then sync in every order
//! (one test per order, so they run in parallel). Whatever the order:
//! (a) a task field two people set to different values is listed by `tandem conflicts` with both
//!     values, both authors and both times, on every replica;
//! (b) different fields of one task edited by two people are both kept, with no conflict;
//! (c) log entries written concurrently by all three are all kept;
//! (d) two people typing in different places of one meeting's notes, while a third appends,
//!     merge character by character;
//! (e) an edit to a task someone else deleted is listed under the deleted edits;
//! (f) a dependency added by one and a move to another parent by another both take effect;
//! and after everyone has synced until up to date, all three replicas read the same.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use tandem_tests::*;

const ADA_AT: &str = "2026-12-02 10:00";
const BO_AT: &str = "2026-12-02 11:00";
const CY_AT: &str = "2026-12-02 12:00";

const NOTES: &str = "Budget: ?\nRisks: ?";
const MERGED_NOTES: &str = "Budget: approved\nRisks: vendor delay\nAda: minutes sent.";

/// The items the scenario works on, created by Ada before anyone goes offline.
struct Items {
    /// (a) due date and status set by two people each.
    clash: String,
    /// (b) title by Bo, estimate by Ada.
    two_fields: String,
    /// (e) deleted by Ada, edited by Bo.
    doomed: String,
    /// (f) moved under `epic` by Ada; made to wait for `prerequisite` by Cy.
    dependent: String,
    prerequisite: String,
    epic: String,
    /// (d) notes typed in by Bo and Cy, appended to by Ada.
    meeting: String,
}

/// Each member's offline commands, counted (each makes exactly one change).
#[derive(Default)]
struct Edits(BTreeMap<String, u64>);

impl Edits {
    fn run(&mut self, m: &Member, args: &[&str]) {
        m.ok(args);
        *self.0.entry(m.name.clone()).or_default() += 1;
    }

    fn run_with(&mut self, m: &Member, args: &[&str], env: &[(&str, &str)]) {
        m.ok_with(args, env);
        *self.0.entry(m.name.clone()).or_default() += 1;
    }
}

fn prepare(team: &Team) -> Items {
    let ada = team.member("Ada");
    let items = Items {
        clash: ada.create(&["task", "add", "Clash", "--due", "2026-12-08", "--assignee", "Bo"]),
        two_fields: ada.create(&["task", "add", "Two fields", "--estimate", "3"]),
        doomed: ada.create(&["task", "add", "Doomed"]),
        dependent: ada.create(&["task", "add", "Dependent"]),
        prerequisite: ada.create(&["task", "add", "Prerequisite"]),
        epic: ada.create(&["task", "add", "Epic"]),
        meeting: ada.create(&["meeting", "add", "Kickoff", "--start", "2026-12-03 10:00", "--notes", NOTES]),
    };
    team.converge();
    items
}

/// What each member does while the server is down.
fn offline_edits(team: &Team, it: &Items) -> Edits {
    let (ada, bo, cy) = (team.member("Ada"), team.member("Bo"), team.member("Cy"));
    let mut edits = Edits::default();

    ada.at(ADA_AT);
    edits.run(ada, &["task", "set", &it.clash, "--status", "in_progress"]);
    edits.run(ada, &["task", "set", &it.two_fields, "--estimate", "5"]);
    edits.run(ada, &["delete", "task", &it.doomed]);
    edits.run(ada, &["task", "move", &it.dependent, "--parent", &it.epic]);
    edits.run(ada, &["log", "add", "Offline note from Ada"]);
    edits.run(ada, &["meeting", "notes", &it.meeting, "--append", "Ada: minutes sent."]);

    bo.at(BO_AT);
    edits.run(bo, &["task", "set", &it.clash, "--due", "2026-12-10"]);
    edits.run(bo, &["task", "set", &it.two_fields, "--title", "Two fields, renamed by Bo"]);
    edits.run(bo, &["task", "set", &it.doomed, "--status", "in_progress"]);
    edits.run(bo, &["log", "add", "Offline note from Bo"]);
    edits.run_with(
        bo,
        &["meeting", "notes", &it.meeting, "--edit"],
        &[("EDITOR", "sed -i 's/Budget: ?/Budget: approved/'")],
    );

    cy.at(CY_AT);
    edits.run(cy, &["task", "set", &it.clash, "--due", "2026-12-12", "--status", "blocked"]);
    edits.run(cy, &["task", "depend", &it.dependent, "--on", &it.prerequisite]);
    edits.run(cy, &["log", "add", "Offline note from Cy"]);
    edits.run_with(
        cy,
        &["meeting", "notes", &it.meeting, "--edit"],
        &[("EDITOR", "sed -i 's/Risks: ?/Risks: vendor delay/'")],
    );

    // Each replica sees only its own edits so far.
    assert_eq!(bo.task(&it.clash)["due"], "2026-12-10");
    assert_eq!(cy.task(&it.clash)["due"], "2026-12-12");
    assert!(ada.conflicts()["conflicts"].as_array().is_some_and(Vec::is_empty), "no conflicts before syncing");
    edits
}

/// (author name, value) pairs of a conflict, with the change time checked against `times`.
fn conflict_values(conflict: &Value, times: &BTreeMap<&str, i64>) -> BTreeSet<(String, String)> {
    let values = conflict["values"].as_array().expect("values");
    let current = values.iter().filter(|v| v["current"] == true).count();
    assert_eq!(current, 1, "exactly one value is shown now: {conflict}");
    values
        .iter()
        .map(|v| {
            let change = &v["change"];
            let author = change["author_name"].as_str().unwrap_or_else(|| panic!("an author: {v}")).to_owned();
            let expected = times[author.as_str()];
            assert_eq!(change["time"], expected, "{author}'s value carries the time of their change: {v}");
            let value = v["value"].as_str().unwrap_or_else(|| panic!("a string value: {v}")).to_owned();
            (author, value)
        })
        .collect()
}

/// Everything the scenario promises, checked on one replica.
fn check_replica(m: &Member, it: &Items) {
    let who = &m.name;
    let times: BTreeMap<&str, i64> = [("Ada", millis(ADA_AT)), ("Bo", millis(BO_AT)), ("Cy", millis(CY_AT))].into();
    let all = m.conflicts();

    // (a) two conflicts on the clash task, each with both values, authors and times.
    let conflicts = all["conflicts"].as_array().expect("conflicts");
    let fields: BTreeSet<(String, String)> = conflicts
        .iter()
        .map(|c| (c["item"]["id"].as_str().unwrap_or("project").to_owned(), c["field"].as_str().unwrap().to_owned()))
        .collect();
    let expected: BTreeSet<(String, String)> =
        [(it.clash.clone(), "due".to_owned()), (it.clash.clone(), "status".to_owned())].into();
    assert_eq!(fields, expected, "{who}: the conflicting fields (and no others, so not (b)'s): {all}");
    for c in conflicts {
        assert_eq!(c["item"]["kind"], "task", "{who}: {c}");
        assert_eq!(c["label"], "Clash", "{who}: {c}");
        let values = conflict_values(c, &times);
        let expected: BTreeSet<(String, String)> = if c["field"] == "due" {
            [("Bo".into(), "2026-12-10".into()), ("Cy".into(), "2026-12-12".into())].into()
        } else {
            [("Ada".into(), "in_progress".into()), ("Cy".into(), "blocked".into())].into()
        };
        assert_eq!(values, expected, "{who}: the values of {}: {c}", c["field"]);
    }

    // (b) both fields kept.
    let two = m.task(&it.two_fields);
    assert_eq!(two["title"], "Two fields, renamed by Bo", "{who}: {two}");
    assert_eq!(two["estimate"], 5.0, "{who}: {two}");

    // (c) every log entry, with its author.
    let log = m.log_entries();
    for name in ["Ada", "Bo", "Cy"] {
        assert!(
            log.contains(&(name.to_owned(), format!("Offline note from {name}"))),
            "{who}: {name}'s entry: {log:?}"
        );
    }

    // (d) the notes, merged character by character.
    let notes = m.json(&["meeting", "notes", &it.meeting]);
    assert_eq!(notes["notes"], MERGED_NOTES, "{who}: {notes}");

    // (e) Bo's edit of the task Ada deleted.
    let deleted = all["deleted_edits"].as_array().expect("deleted_edits");
    assert_eq!(deleted.len(), 1, "{who}: one deleted item was edited: {all}");
    let d = &deleted[0];
    assert_eq!((d["item"]["kind"].as_str(), d["item"]["id"].as_str()), (Some("task"), Some(it.doomed.as_str())));
    assert_eq!(d["label"], "Doomed", "{who}: {d}");
    assert_eq!(d["deleted"]["author_name"], "Ada", "{who}: {d}");
    assert_eq!(d["deleted"]["time"], times["Ada"], "{who}: {d}");
    let edits = d["edits"].as_array().expect("edits");
    assert_eq!(edits.len(), 1, "{who}: {d}");
    assert_eq!(edits[0]["author_name"], "Bo", "{who}: {d}");
    assert_eq!(edits[0]["time"], times["Bo"], "{who}: {d}");
    assert_eq!(m.task(&it.doomed)["deleted"], true, "{who}");
    assert_eq!(m.task(&it.doomed)["status"], "in_progress", "{who}: Bo's edit is kept under the deletion");

    // (f) moved and made dependent.
    let dependent = m.task(&it.dependent);
    assert_eq!(dependent["parent"], it.epic.as_str(), "{who}: {dependent}");
    assert_eq!(dependent["depends_on"], serde_json::json!([it.prerequisite]), "{who}: {dependent}");
}

/// The whole scenario with the members syncing first in `order`.
fn scenario(order: [&str; 3]) {
    let team = Team::new(&["Ada", "Bo", "Cy"]);
    let items = prepare(&team);

    team.server.stop();
    let edits = offline_edits(&team, &items);
    team.server.restart();

    // The first pass: each one gets exactly what those before them sent.
    let mut sent = BTreeSet::new();
    let mut expected_changes = 0;
    for name in order {
        let reports = team.member(name).sync();
        assert_eq!(reports.len(), 1, "{name}: one shared project: {reports:?}");
        assert_eq!(reports[0]["project"], team.project.as_str(), "{name}: {reports:?}");
        assert_eq!(reports[0]["state"], "up_to_date", "{name}: {reports:?}");
        assert_eq!(reports[0]["unsent"], 0, "{name}: everything of theirs went up: {reports:?}");
        assert_eq!(received_authors(&reports), sent, "{name} (order {order:?}) received from: {reports:?}");
        assert_eq!(received_changes(&reports), expected_changes, "{name} (order {order:?}): {reports:?}");
        sent.insert(name.to_owned());
        expected_changes += edits.0[name];
    }

    team.converge();
    for m in &team.members {
        check_replica(m, &items);
    }
    assert_identical(&team.all());
}

#[test]
fn ada_bo_cy() {
    scenario(["Ada", "Bo", "Cy"]);
}

#[test]
fn ada_cy_bo() {
    scenario(["Ada", "Cy", "Bo"]);
}

#[test]
fn bo_ada_cy() {
    scenario(["Bo", "Ada", "Cy"]);
}

#[test]
fn bo_cy_ada() {
    scenario(["Bo", "Cy", "Ada"]);
}

#[test]
fn cy_ada_bo() {
    scenario(["Cy", "Ada", "Bo"]);
}

#[test]
fn cy_bo_ada() {
    scenario(["Cy", "Bo", "Ada"]);
}
