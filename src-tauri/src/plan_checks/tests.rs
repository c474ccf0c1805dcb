//! The checks on demand and after a merge, on two replicas whose clean merge closes a dependency
//! loop, with an older finding (a budget line overspent) that the merge did not touch.

use tandem_core::Command;
use tandem_core::checks::FindingKind;
use tandem_core::ids::TaskId;
use tandem_core::project::ProjectCommand;
use tandem_core::resources::{ExpenseState, NewExpense, ResourceCommand};
use tandem_core::tasks::{NewTask, TaskCommand};
use tandem_core::testkit::{Replica, T0};

use super::*;

fn task(r: &mut Replica, title: &str) -> TaskId {
    r.create(Command::Task(TaskCommand::Add(NewTask { title: title.into(), ..NewTask::default() }))).parse().unwrap()
}

fn depend(r: &mut Replica, id: &TaskId, on: &TaskId) {
    r.ok(Command::Task(TaskCommand::AddDependency { id: id.clone(), on: on.clone() }));
}

/// Ada's replica after Bo's changes arrived, with what arrived, and the three tasks.
struct Merged {
    ada: Replica,
    arrived: MergeReport,
    tasks: [TaskId; 3],
}

fn merged() -> Merged {
    let mut ada = Replica::with_project(1);
    let mut bo = ada.fork(2);
    bo.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    ada.merge_from(&bo);
    // An overspent budget line: a finding before the merge, on nothing Bo touches.
    let line = ada.create(Command::Resource(ResourceCommand::AddBudgetLine {
        name: "Hosting".into(),
        category: String::new(),
        planned: 10_000,
    }));
    ada.ok(Command::Resource(ResourceCommand::AddExpense(NewExpense {
        budget_line: line.parse().unwrap(),
        amount: 15_000,
        date: today(),
        description: "Reserved instances".into(),
        state: ExpenseState::Actual,
        resource: None,
    })));
    let build = task(&mut ada, "Build");
    let test = task(&mut ada, "Test");
    let ship = task(&mut ada, "Ship");
    bo.merge_from(&ada);
    // Each edge is valid on its own replica; together they close a loop.
    depend(&mut ada, &test, &build);
    depend(&mut ada, &ship, &test);
    depend(&mut bo, &build, &ship);
    let arrived = tandem_core::merge::merge(&mut ada.doc, &mut bo.doc.clone()).expect("the merge succeeds");
    Merged { ada, arrived, tasks: [build, test, ship] }
}

fn today() -> NaiveDate {
    T0.date()
}

#[test]
fn the_checks_list_every_finding_with_a_label_for_each_item() {
    let m = merged();
    let checks = plan_checks(&m.ada.doc, today()).unwrap();
    assert_eq!(checks.today, today());
    let kinds: Vec<FindingKind> = checks.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FindingKind::DependencyCycle, FindingKind::BudgetActualExceeded]);
    let mut labels: Vec<(&str, &str)> = checks.labels.iter().map(|l| (l.item.kind.noun(), l.label.as_str())).collect();
    labels.sort_unstable();
    assert_eq!(
        labels,
        [
            ("budget line", "Hosting"),
            ("expense", "Reserved instances"),
            ("task", "Build"),
            ("task", "Ship"),
            ("task", "Test")
        ]
    );
    // A deleted or unknown item is still named, by kind and id.
    let gone = ItemRef::new(tandem_core::Kind::Task, "t-nothing");
    assert_eq!(label(&m.ada.doc, &gone), "task t-nothing");
}

#[test]
fn after_a_merge_only_the_findings_on_what_arrived_are_told_with_their_authors() {
    let m = merged();
    assert_eq!(m.arrived.new_changes, 1, "Bo's dependency: {:?}", m.arrived);
    let told = after_merge(&m.ada.doc, today(), &m.arrived, "p1", "Apollo").unwrap().expect("a finding to tell");
    assert_eq!((told.project.as_str(), told.name.as_str(), told.total), ("p1", "Apollo", 2));
    assert_eq!(told.findings.len(), 1, "the overspent line was not touched: {told:#?}");
    let cycle = &told.findings[0];
    assert_eq!(cycle.kind, FindingKind::DependencyCycle);
    let authors: BTreeSet<&str> = cycle.caused_by.iter().map(|c| c.author_name.as_str()).collect();
    assert_eq!(authors, BTreeSet::from(["Ada", "Bo"]));
    let named: BTreeSet<&str> = told.labels.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(named, BTreeSet::from(["Build", "Ship", "Test"]));
    assert!(told.labels.iter().all(|l| m.tasks.iter().any(|t| t.as_str() == l.item.id)));

    // Nothing new, or nothing on a finding: nothing to tell.
    let nothing = MergeReport { new_changes: 0, ..m.arrived.clone() };
    assert_eq!(after_merge(&m.ada.doc, today(), &nothing, "p1", "Apollo").unwrap(), None);
    let elsewhere = MergeReport { items: vec![ItemRef::new(tandem_core::Kind::Task, "t-other")], ..m.arrived };
    assert_eq!(after_merge(&m.ada.doc, today(), &elsewhere, "p1", "Apollo").unwrap(), None);
}

#[test]
fn arrivals_in_a_burst_are_checked_once_per_project() {
    let arrival = |project: &str, items: &[&str]| RemoteChanges {
        project: project.into(),
        name: "Apollo".into(),
        report: MergeReport {
            new_changes: items.len(),
            authors: Vec::new(),
            items: items.iter().map(|id| ItemRef::new(tandem_core::Kind::Meeting, *id)).collect(),
            conflicts: 0,
            deleted_edits: 0,
        },
    };
    let mut arrived = Arrivals::default();
    assert!(arrived.is_empty());
    arrived.add(arrival("p1", &["m1"]));
    arrived.add(arrival("p2", &["m9"]));
    arrived.add(arrival("p1", &["m1", "m2"]));
    let gathered = arrived.take();
    assert!(arrived.is_empty());
    let p1 = gathered.iter().find(|r| r.project == "p1").expect("p1 arrived");
    assert_eq!(gathered.len(), 2);
    assert_eq!(p1.report.new_changes, 3);
    let ids: Vec<&str> = p1.report.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["m1", "m2"]);
}
