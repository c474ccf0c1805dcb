//! Each check, on projects made through the command layer (and, for the states only a merge can
//! make, through two replicas that edited while disconnected).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::Command;
use crate::deliverables::{DeliverableCommand, NewDeliverable, ReviewStatus};
use crate::ids::{BudgetLineId, DeliverableId, MeetingId, MemberId, MilestoneId, ResourceId, TaskId};
use crate::items::ItemCommand;
use crate::meetings::{MeetingCommand, MeetingPatch, NewMeeting};
use crate::milestones::MilestoneCommand;
use crate::project::{MemberPatch, MemberRole, ProjectCommand, ProjectPatch};
use crate::resources::{NewAllocation, NewExpense, NewResource, RateUnit, ResourceCommand, ResourceKind};
use crate::tasks::{NewTask, TaskCommand, TaskPatch, TaskStatus};
use crate::testkit::{Replica, T0};
use crate::values::Edit;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The first test day: Monday 2026-01-05, the day of [`T0`].
fn monday() -> NaiveDate {
    d("2026-01-05")
}

fn add_member(r: &mut Replica, name: &str, capacity: f64) -> MemberId {
    r.create(Command::Project(ProjectCommand::AddMember {
        name: name.into(),
        role: MemberRole::Member,
        title: None,
        email: None,
        capacity_hours: Some(capacity),
    }))
    .parse()
    .unwrap()
}

fn add_task(r: &mut Replica, t: NewTask) -> TaskId {
    r.create(Command::Task(TaskCommand::Add(t))).parse().unwrap()
}

fn titled(title: &str) -> NewTask {
    NewTask { title: title.into(), ..NewTask::default() }
}

fn update(r: &mut Replica, id: &TaskId, patch: TaskPatch) {
    r.ok(Command::Task(TaskCommand::Update { id: id.clone(), patch }));
}

fn depend(r: &mut Replica, id: &TaskId, on: &TaskId) {
    r.ok(Command::Task(TaskCommand::AddDependency { id: id.clone(), on: on.clone() }));
}

fn delete(r: &mut Replica, kind: Kind, id: &str) {
    r.ok(Command::Item(ItemCommand::Delete { kind, id: id.to_owned() }));
}

fn findings(r: &Replica, today: NaiveDate) -> Vec<Finding> {
    check(&r.doc, today).unwrap()
}

fn of_kind(r: &Replica, today: NaiveDate, kind: FindingKind) -> Vec<Finding> {
    findings(r, today).into_iter().filter(|f| f.kind == kind).collect()
}

/// The authors' names of a finding's causing changes.
fn authors(f: &Finding) -> BTreeSet<&str> {
    f.caused_by.iter().map(|c| c.author_name.as_str()).collect()
}

/// The summaries of a finding's causing changes, in their order.
fn summaries(f: &Finding) -> Vec<&str> {
    f.caused_by.iter().map(|c| c.summary.as_str()).collect()
}

/// Ada's replica, and Bo's replica (Bo joined from a copy of Ada's), synced both ways.
fn two_members() -> (Replica, Replica) {
    let mut ada = Replica::with_project(1);
    let mut bo = ada.fork(2);
    bo.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    ada.merge_from(&bo);
    (ada, bo)
}

fn sync(a: &mut Replica, b: &mut Replica) {
    a.merge_from(b);
    b.merge_from(a);
}

// ---------------------------------------------------------------------------------------------
// 1. Over capacity

#[test]
fn a_member_booked_over_capacity_in_a_week_is_found_with_the_work_that_books_them() {
    let mut r = Replica::with_project(1);
    let bo = add_member(&mut r, "Bo", 10.0);
    let week = |title: &str, estimate: f64| NewTask {
        title: title.into(),
        assignees: vec![bo.clone()],
        estimate: Some(estimate),
        start: Some(d("2026-01-05")),
        due: Some(d("2026-01-09")),
        ..NewTask::default()
    };
    let api = add_task(&mut r, week("Build API", 8.0));
    assert_eq!(of_kind(&r, monday(), FindingKind::OverCapacity), vec![], "8 h of 10 h is fine");
    let docs = add_task(&mut r, week("Write docs", 6.0));
    // The next week's work does not add to this week.
    add_task(&mut r, NewTask { start: Some(d("2026-01-12")), due: Some(d("2026-01-16")), ..week("Later", 9.0) });

    let found = of_kind(&r, monday(), FindingKind::OverCapacity);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.severity, FindingSeverity::Warning);
    assert_eq!(f.key, format!("{bo}/2026-W02"));
    assert_eq!(
        f.message,
        "Bo is booked 14 h in 2026-W02 (week of 2026-01-05), over a capacity of 10 h a week, by 'Build API', \
         'Write docs': move or reassign some of this work, or raise Bo's capacity"
    );
    assert_eq!(
        f.items,
        vec![
            ItemRef::new(Kind::Member, bo.as_str()),
            ItemRef::new(Kind::Task, api.as_str()),
            ItemRef::new(Kind::Task, docs.as_str())
        ]
    );
    assert_eq!(summaries(f), ["Add member Bo (member)", "Add task 'Build API'", "Add task 'Write docs'"]);
    // The same hours the workload view shows for that week.
    let view = views::workload(&r.doc, monday(), 1).unwrap();
    let row = view.rows.iter().find(|row| row.member == bo).unwrap();
    assert_eq!((row.cells[0].hours, row.cells[0].over), (14.0, true));
}

#[test]
fn capacity_findings_follow_the_workload_rule_and_start_at_today() {
    let mut r = Replica::with_project(1);
    let bo = add_member(&mut r, "Bo", 10.0);
    let big = add_task(
        &mut r,
        NewTask {
            title: "Migrate".into(),
            assignees: vec![bo.clone()],
            estimate: Some(30.0),
            start: Some(d("2026-01-05")),
            due: Some(d("2026-01-09")),
            ..NewTask::default()
        },
    );
    assert_eq!(of_kind(&r, monday(), FindingKind::OverCapacity).len(), 1);
    // A week that has passed is history, not plan.
    assert_eq!(of_kind(&r, d("2026-01-12"), FindingKind::OverCapacity), vec![]);
    // Raising the capacity fixes it, and the change that raised it is what the workload reads.
    r.ok(Command::Project(ProjectCommand::UpdateMember {
        id: bo.clone(),
        patch: MemberPatch { capacity_hours: Some(40.0), ..Default::default() },
    }));
    assert_eq!(of_kind(&r, monday(), FindingKind::OverCapacity), vec![]);
    r.ok(Command::Project(ProjectCommand::UpdateMember {
        id: bo.clone(),
        patch: MemberPatch { capacity_hours: Some(10.0), ..Default::default() },
    }));
    let f = &of_kind(&r, monday(), FindingKind::OverCapacity)[0];
    assert_eq!(summaries(f), ["Add task 'Migrate'", "Update member Bo: capacity to 10 h/week"]);
    // Logged time lowers the remaining work; done work books nobody.
    r.ok(Command::Task(TaskCommand::LogTime { id: big.clone(), hours: 25.0 }));
    assert_eq!(of_kind(&r, monday(), FindingKind::OverCapacity), vec![]);
    update(&mut r, &big, TaskPatch { spent: Some(0.0), ..Default::default() });
    assert_eq!(of_kind(&r, monday(), FindingKind::OverCapacity).len(), 1);
    update(&mut r, &big, TaskPatch { status: Some(TaskStatus::Done), ..Default::default() });
    assert_eq!(of_kind(&r, monday(), FindingKind::OverCapacity), vec![]);
}

#[test]
fn an_inactive_members_load_is_work_to_hand_over_not_overbooking() {
    let mut r = Replica::with_project(1);
    let bo = add_member(&mut r, "Bo", 10.0);
    add_task(
        &mut r,
        NewTask {
            title: "Migrate".into(),
            assignees: vec![bo.clone()],
            estimate: Some(30.0),
            start: Some(d("2026-01-05")),
            due: Some(d("2026-01-09")),
            ..NewTask::default()
        },
    );
    r.ok(Command::Project(ProjectCommand::UpdateMember {
        id: bo.clone(),
        patch: MemberPatch { active: Some(false), ..Default::default() },
    }));
    let kinds: Vec<FindingKind> = findings(&r, monday()).iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FindingKind::WorkForInactiveMember]);
}

// ---------------------------------------------------------------------------------------------
// 2. Dependency cycles

#[test]
fn dependencies_added_on_two_replicas_that_close_a_loop_are_a_cycle() {
    let (mut ada, mut bo) = two_members();
    let build = add_task(&mut ada, titled("Build"));
    let test = add_task(&mut ada, titled("Test"));
    let ship = add_task(&mut ada, titled("Ship"));
    sync(&mut ada, &mut bo);
    // Each edge is valid on its own replica.
    depend(&mut ada, &test, &build);
    depend(&mut ada, &ship, &test);
    depend(&mut bo, &build, &ship);
    assert_eq!(of_kind(&ada, monday(), FindingKind::DependencyCycle), vec![]);
    assert_eq!(of_kind(&bo, monday(), FindingKind::DependencyCycle), vec![]);
    sync(&mut ada, &mut bo);

    let found = of_kind(&ada, monday(), FindingKind::DependencyCycle);
    assert_eq!(found.len(), 1, "one loop, reported once: {found:#?}");
    let f = &found[0];
    assert_eq!(f.severity, FindingSeverity::Error);
    let mut ids = [build.as_str(), test.as_str(), ship.as_str()];
    ids.sort_unstable();
    assert_eq!(f.key, ids.join(","));
    assert!(f.message.ends_with(
        "these tasks wait for each other in a loop, so none of them can start; remove one of these dependencies"
    ));
    let cycle = f.message.replace(", which waits for ", " waits for ");
    for pair in ["'Build' waits for 'Ship'", "'Ship' waits for 'Test'", "'Test' waits for 'Build'"] {
        assert!(cycle.contains(pair), "{pair} in {}", f.message);
    }
    assert_eq!(f.items.iter().collect::<BTreeSet<_>>().len(), 3);
    assert_eq!(authors(f), BTreeSet::from(["Ada", "Bo"]));
    assert_eq!(
        summaries(f).into_iter().collect::<BTreeSet<_>>(),
        BTreeSet::from(["'Test' now waits for 'Build'", "'Ship' now waits for 'Test'", "'Build' now waits for 'Ship'"])
    );
    // Every replica reports the same finding.
    assert_eq!(of_kind(&bo, monday(), FindingKind::DependencyCycle), found);

    // Deleting a task of the loop breaks it.
    delete(&mut ada, Kind::Task, test.as_str());
    assert_eq!(of_kind(&ada, monday(), FindingKind::DependencyCycle), vec![]);
}

#[test]
fn a_chain_of_dependencies_is_not_a_cycle() {
    let mut r = Replica::with_project(1);
    let a = add_task(&mut r, titled("A"));
    let b = add_task(&mut r, NewTask { depends_on: vec![a.clone()], ..titled("B") });
    add_task(&mut r, NewTask { depends_on: vec![a, b], ..titled("C") });
    assert_eq!(of_kind(&r, monday(), FindingKind::DependencyCycle), vec![]);
}

#[test]
fn strongly_connected_groups_are_found_without_recursion() {
    // 0 → 1 → … → n-1 → 0: one group of n, however long.
    let n = 200_000;
    let mut edges: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
    edges[n - 1] = vec![0];
    let groups = strongly_connected(&edges);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].len(), n);
    // Two loops joined by one edge stay two groups; a lone node is its own group.
    let edges = vec![vec![1], vec![0, 2], vec![3], vec![2], vec![]];
    let mut groups: Vec<Vec<usize>> = strongly_connected(&edges)
        .into_iter()
        .map(|mut g| {
            g.sort_unstable();
            g
        })
        .collect();
    groups.sort();
    assert_eq!(groups, vec![vec![0, 1], vec![2, 3], vec![4]]);
    let within = BTreeSet::from([0, 1]);
    assert_eq!(loop_through(&edges, &within, 0), vec![0, 1]);
}

// ---------------------------------------------------------------------------------------------
// 3. A task after its milestone

fn milestone(r: &mut Replica, title: &str, due: &str) -> MilestoneId {
    r.create(Command::Milestone(MilestoneCommand::Add { title: title.into(), due: d(due), description: String::new() }))
        .parse()
        .unwrap()
}

#[test]
fn a_task_due_after_its_milestone_is_found() {
    let mut r = Replica::with_project(1);
    let golive = milestone(&mut r, "Go-live", "2026-12-01");
    let deploy =
        add_task(&mut r, NewTask { milestone: Some(golive.clone()), due: Some(d("2026-12-01")), ..titled("Deploy") });
    assert_eq!(of_kind(&r, monday(), FindingKind::TaskAfterMilestone), vec![], "due on the milestone's day is fine");
    update(&mut r, &deploy, TaskPatch { due: Edit::Set(d("2026-12-10")), ..Default::default() });

    let found = of_kind(&r, monday(), FindingKind::TaskAfterMilestone);
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(
        f.message,
        "Task 'Deploy' is due 2026-12-10, after its milestone 'Go-live' on 2026-12-01: move the task or the milestone"
    );
    assert_eq!(f.key, deploy.as_str());
    assert_eq!(
        f.items,
        vec![ItemRef::new(Kind::Task, deploy.as_str()), ItemRef::new(Kind::Milestone, golive.as_str())]
    );
    // The milestone's due date, the task's milestone (set when it was added) and its new due date.
    assert_eq!(
        summaries(f),
        ["Add milestone 'Go-live' due 2026-12-01", "Add task 'Deploy'", "Update 'Deploy': due to 2026-12-10"]
    );

    // Moving the milestone fixes it, and so does finishing the task.
    r.ok(Command::Milestone(MilestoneCommand::Update {
        id: golive.clone(),
        title: None,
        due: Some(d("2026-12-15")),
        status: None,
    }));
    assert_eq!(of_kind(&r, monday(), FindingKind::TaskAfterMilestone), vec![]);
    r.ok(Command::Milestone(MilestoneCommand::Update {
        id: golive.clone(),
        title: None,
        due: Some(d("2026-12-01")),
        status: None,
    }));
    assert_eq!(of_kind(&r, monday(), FindingKind::TaskAfterMilestone).len(), 1);
    update(&mut r, &deploy, TaskPatch { status: Some(TaskStatus::Done), ..Default::default() });
    assert_eq!(of_kind(&r, monday(), FindingKind::TaskAfterMilestone), vec![]);
}

#[test]
fn a_deleted_milestone_or_task_is_not_checked() {
    let mut r = Replica::with_project(1);
    let golive = milestone(&mut r, "Go-live", "2026-12-01");
    let deploy =
        add_task(&mut r, NewTask { milestone: Some(golive.clone()), due: Some(d("2026-12-10")), ..titled("Deploy") });
    let docs = add_task(
        &mut r,
        NewTask { milestone: Some(golive.clone()), start: Some(d("2026-12-02")), ..titled("Write docs") },
    );
    let found = of_kind(&r, monday(), FindingKind::TaskAfterMilestone);
    assert_eq!(found.len(), 2);
    let undated_due = found.iter().find(|f| f.key == docs.as_str()).unwrap();
    assert!(undated_due.message.starts_with("Task 'Write docs' starts 2026-12-02, after its milestone"));
    delete(&mut r, Kind::Task, deploy.as_str());
    assert_eq!(of_kind(&r, monday(), FindingKind::TaskAfterMilestone).len(), 1);
    delete(&mut r, Kind::Milestone, golive.as_str());
    assert_eq!(of_kind(&r, monday(), FindingKind::TaskAfterMilestone), vec![]);
}

// ---------------------------------------------------------------------------------------------
// 4. Starting before a predecessor ends

#[test]
fn a_successor_starting_before_its_predecessor_is_due_is_found() {
    let mut r = Replica::with_project(1);
    let test = add_task(&mut r, NewTask { start: Some(d("2026-01-05")), due: Some(d("2026-01-09")), ..titled("Test") });
    let ship =
        add_task(&mut r, NewTask { depends_on: vec![test.clone()], start: Some(d("2026-01-07")), ..titled("Ship") });
    let found = of_kind(&r, monday(), FindingKind::StartsBeforePredecessor);
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(
        f.message,
        "Task 'Ship' starts 2026-01-07, before 'Test', which it waits for, is due 2026-01-09: move 'Ship' to \
         2026-01-09 or later, bring 'Test' forward, or remove the dependency"
    );
    assert_eq!(f.key, format!("{ship}/{test}"));
    assert_eq!(f.items, vec![ItemRef::new(Kind::Task, ship.as_str()), ItemRef::new(Kind::Task, test.as_str())]);
    assert_eq!(summaries(f), ["Add task 'Test'", "Add task 'Ship'"]);

    // Starting on the predecessor's due date is accepted.
    update(&mut r, &ship, TaskPatch { start: Edit::Set(d("2026-01-09")), ..Default::default() });
    assert_eq!(of_kind(&r, monday(), FindingKind::StartsBeforePredecessor), vec![]);
    // The edge and the later date are named when they came later.
    update(&mut r, &test, TaskPatch { due: Edit::Set(d("2026-01-14")), ..Default::default() });
    let f = &of_kind(&r, monday(), FindingKind::StartsBeforePredecessor)[0];
    assert_eq!(
        summaries(f),
        ["Add task 'Ship'", "Update 'Ship': start to 2026-01-09", "Update 'Test': due to 2026-01-14"]
    );
    // A predecessor that is done holds nothing up.
    update(&mut r, &test, TaskPatch { status: Some(TaskStatus::Done), ..Default::default() });
    assert_eq!(of_kind(&r, monday(), FindingKind::StartsBeforePredecessor), vec![]);
}

#[test]
fn tasks_without_dates_or_dependencies_are_not_checked_for_order() {
    let mut r = Replica::with_project(1);
    let a = add_task(&mut r, NewTask { due: Some(d("2026-01-09")), ..titled("A") });
    let b = add_task(&mut r, NewTask { depends_on: vec![a.clone()], ..titled("B") });
    add_task(&mut r, NewTask { start: Some(d("2026-01-05")), ..titled("C") });
    assert_eq!(of_kind(&r, monday(), FindingKind::StartsBeforePredecessor), vec![]);
    // A dependency on a deleted task is not checked either.
    update(&mut r, &b, TaskPatch { start: Edit::Set(d("2026-01-06")), ..Default::default() });
    assert_eq!(of_kind(&r, monday(), FindingKind::StartsBeforePredecessor).len(), 1);
    delete(&mut r, Kind::Task, a.as_str());
    assert_eq!(of_kind(&r, monday(), FindingKind::StartsBeforePredecessor), vec![]);
}

// ---------------------------------------------------------------------------------------------
// 5. Budget

fn line(r: &mut Replica, name: &str, planned: i64) -> BudgetLineId {
    r.create(Command::Resource(ResourceCommand::AddBudgetLine { name: name.into(), category: String::new(), planned }))
        .parse()
        .unwrap()
}

fn expense(r: &mut Replica, line: &BudgetLineId, amount: i64, state: ExpenseState, what: &str) -> String {
    r.create(Command::Resource(ResourceCommand::AddExpense(NewExpense {
        budget_line: line.clone(),
        amount,
        date: d("2026-01-06"),
        description: what.into(),
        state,
        resource: None,
    })))
}

#[test]
fn a_budget_line_overspent_by_two_commitments_is_found_with_both() {
    let mut r = Replica::with_project(1);
    let licences = line(&mut r, "Licences", 100_000);
    let first = expense(&mut r, &licences, 60_000, ExpenseState::Committed, "IDE seats");
    assert_eq!(findings(&r, monday()), vec![], "600.00 of 1000.00 is fine");
    let second = expense(&mut r, &licences, 60_000, ExpenseState::Committed, "CI minutes");

    let found = findings(&r, monday());
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!((f.kind, f.severity), (FindingKind::BudgetCommittedExceeded, FindingSeverity::Error));
    assert_eq!(f.key, format!("line/{licences}"));
    assert_eq!(
        f.message,
        "Budget line 'Licences' has 1200.00 EUR committed and paid (1200.00 EUR committed, 0.00 EUR paid) against \
         1000.00 EUR planned (200.00 EUR over): raise the line's planned amount, or cancel or move a commitment"
    );
    let mut spent = vec![ItemRef::new(Kind::Expense, first.as_str()), ItemRef::new(Kind::Expense, second.as_str())];
    spent.sort();
    assert_eq!(f.items[0], ItemRef::new(Kind::BudgetLine, licences.as_str()));
    assert_eq!(f.items[1..], spent);
    assert_eq!(
        summaries(f),
        [
            "Add budget line 'Licences' (1000.00 EUR)",
            "Commit 600.00 EUR on 'Licences'",
            "Commit 600.00 EUR on 'Licences'"
        ]
    );

    // Paying one of them: both kinds are exceeded once the payments alone pass the plan.
    r.ok(Command::Resource(ResourceCommand::UpdateExpense {
        id: second.parse().unwrap(),
        patch: crate::resources::ExpensePatch {
            state: Some(ExpenseState::Actual),
            amount: Some(110_000),
            ..Default::default()
        },
    }));
    let kinds: Vec<FindingKind> = findings(&r, monday()).iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FindingKind::BudgetActualExceeded, FindingKind::BudgetCommittedExceeded]);
    let actual = &findings(&r, monday())[0];
    assert!(actual.message.starts_with("Budget line 'Licences' has 1100.00 EUR paid against 1000.00 EUR planned"));
    assert_eq!(actual.items.len(), 2, "the line and the paid expense only");
    assert_eq!(
        summaries(actual),
        [
            "Add budget line 'Licences' (1000.00 EUR)",
            "Commit 600.00 EUR on 'Licences'",
            "Update expense of 1100.00: amount to 1100.00, state to actual"
        ]
    );

    // Deleted expenses, and expenses on deleted lines, do not count.
    delete(&mut r, Kind::Expense, &second);
    assert_eq!(findings(&r, monday()), vec![]);
    let extra = expense(&mut r, &licences, 50_000, ExpenseState::Actual, "More seats");
    assert_eq!(findings(&r, monday()).len(), 1);
    delete(&mut r, Kind::BudgetLine, licences.as_str());
    assert_eq!(findings(&r, monday()), vec![], "{extra} is on a deleted line");
}

#[test]
fn the_project_budget_is_compared_with_planned_committed_and_paid_money() {
    let mut r = Replica::with_project(1);
    // The project budget is 100,000.00 EUR.
    let build = line(&mut r, "Build", 6_000_000);
    let run = line(&mut r, "Run", 3_000_000);
    assert_eq!(findings(&r, monday()), vec![]);
    r.ok(Command::Resource(ResourceCommand::UpdateBudgetLine {
        id: run.clone(),
        patch: crate::resources::BudgetLinePatch { planned: Some(5_000_000), ..Default::default() },
    }));
    let found = findings(&r, monday());
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(
        (f.kind, f.severity, f.key.as_str()),
        (FindingKind::BudgetPlannedExceeded, FindingSeverity::Warning, "project")
    );
    assert_eq!(
        f.message,
        "The budget lines plan 110000.00 EUR, more than the project budget of 100000.00 EUR (10000.00 EUR over): \
         lower the lines' planned amounts or raise the project budget"
    );
    assert_eq!(
        summaries(f),
        [
            "Create project 'Apollo' with Ada as coordinator",
            "Add budget line 'Build' (60000.00 EUR)",
            "Update budget line 'Run': planned to 50000.00"
        ]
    );

    // Lowering the project budget under what is paid and committed, within each line's plan.
    expense(&mut r, &build, 4_000_000, ExpenseState::Actual, "Sprint 1-4");
    expense(&mut r, &run, 2_000_000, ExpenseState::Committed, "Hosting contract");
    r.ok(Command::Project(ProjectCommand::Update(ProjectPatch { budget: Edit::Set(3_000_000), ..Default::default() })));
    let kinds: Vec<(FindingKind, String)> = findings(&r, monday()).into_iter().map(|f| (f.kind, f.key)).collect();
    assert_eq!(
        kinds,
        [
            (FindingKind::BudgetActualExceeded, "project".to_owned()),
            (FindingKind::BudgetCommittedExceeded, "project".to_owned()),
            (FindingKind::BudgetPlannedExceeded, "project".to_owned()),
        ]
    );
    // Without a project budget, only the lines are checked.
    r.ok(Command::Project(ProjectCommand::Update(ProjectPatch { budget: Edit::Clear, ..Default::default() })));
    assert_eq!(findings(&r, monday()), vec![]);
}

// ---------------------------------------------------------------------------------------------
// 6. Double-booked attendees

fn meeting(r: &mut Replica, title: &str, start_minutes: i64, minutes: i64, attendees: &[&MemberId]) -> MeetingId {
    r.create(Command::Meeting(MeetingCommand::Add(NewMeeting {
        title: title.into(),
        series: None,
        start: Millis(T0.0 + start_minutes * 60_000),
        duration_minutes: minutes,
        location: None,
        attendees: attendees.iter().map(|m| (*m).clone()).collect(),
        notes: String::new(),
    })))
    .parse()
    .unwrap()
}

#[test]
fn an_attendee_in_two_overlapping_meetings_is_found() {
    let mut r = Replica::with_project(1);
    let ada = crate::project::members(&r.doc).unwrap()[0].id.clone();
    let bo = add_member(&mut r, "Bo", 40.0);
    let cy = add_member(&mut r, "Cy", 40.0);
    // 09:00–10:00, 09:30–10:00, and 10:00–10:30 (which only touches the first).
    let standup = meeting(&mut r, "Standup", 0, 60, &[&ada, &bo, &cy]);
    let client = meeting(&mut r, "Client call", 30, 30, &[&bo, &cy]);
    meeting(&mut r, "Retro", 60, 30, &[&ada, &bo, &cy]);

    let found = of_kind(&r, monday(), FindingKind::DoubleBooked);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(
        f.message,
        "Bo and Cy are in two meetings at once: 'Standup' (2026-01-05 09:00–10:00 UTC) and 'Client call' \
         (2026-01-05 09:30–10:00 UTC): move one of the meetings, or take those attending both off one of them"
    );
    assert_eq!(f.key, format!("{standup}/{client}"));
    let mut people = vec![ItemRef::new(Kind::Member, bo.as_str()), ItemRef::new(Kind::Member, cy.as_str())];
    people.sort();
    let mut expected =
        vec![ItemRef::new(Kind::Meeting, standup.as_str()), ItemRef::new(Kind::Meeting, client.as_str())];
    expected.extend(people);
    assert_eq!(f.items, expected);
    assert_eq!(
        summaries(f),
        ["Add meeting 'Standup' at 2026-01-05 09:00:00 UTC", "Add meeting 'Client call' at 2026-01-05 09:30:00 UTC"]
    );

    // Moving the call is what caused it now; taking Cy off leaves Bo.
    r.ok(Command::Meeting(MeetingCommand::Update {
        id: client.clone(),
        patch: MeetingPatch { start: Some(Millis(T0.0 + 15 * 60_000)), ..Default::default() },
    }));
    r.ok(Command::Meeting(MeetingCommand::RemoveAttendee { id: client.clone(), member: cy.clone() }));
    let f = &of_kind(&r, monday(), FindingKind::DoubleBooked)[0];
    assert!(f.message.starts_with("Bo is in two meetings at once"), "{}", f.message);
    assert!(f.message.ends_with("or take them off one of them"));
    assert_eq!(
        summaries(f),
        [
            "Add meeting 'Standup' at 2026-01-05 09:00:00 UTC",
            "Add meeting 'Client call' at 2026-01-05 09:30:00 UTC",
            "Update meeting 'Client call': start to 2026-01-05 09:15:00 UTC"
        ]
    );

    // Meetings that are over, and deleted meetings, are not checked.
    assert_eq!(of_kind(&r, d("2026-01-06"), FindingKind::DoubleBooked), vec![]);
    delete(&mut r, Kind::Meeting, client.as_str());
    assert_eq!(of_kind(&r, monday(), FindingKind::DoubleBooked), vec![]);
}

// ---------------------------------------------------------------------------------------------
// 7. Work for inactive members

#[test]
fn open_work_and_allocations_of_an_inactive_member_are_found() {
    let mut r = Replica::with_project(1);
    let cy = add_member(&mut r, "Cy", 40.0);
    let api = add_task(&mut r, NewTask { assignees: vec![cy.clone()], ..titled("Build API") });
    let done = add_task(&mut r, NewTask { assignees: vec![cy.clone()], ..titled("Spike") });
    update(&mut r, &done, TaskPatch { status: Some(TaskStatus::Done), ..Default::default() });
    let person: ResourceId = r
        .create(Command::Resource(ResourceCommand::Add(NewResource {
            name: "Cy Chen".into(),
            kind: ResourceKind::Person,
            member: Some(cy.clone()),
            cost_rate: 9000,
            rate_unit: RateUnit::Hour,
            capacity_hours_per_week: None,
            notes: String::new(),
        })))
        .parse()
        .unwrap();
    let docs = add_task(&mut r, titled("Write docs"));
    let alloc = r.create(Command::Resource(ResourceCommand::AddAllocation(NewAllocation {
        resource: person.clone(),
        task: docs.clone(),
        hours: 8.0,
        note: String::new(),
    })));
    assert_eq!(of_kind(&r, monday(), FindingKind::WorkForInactiveMember), vec![], "Cy is active");

    r.ok(Command::Project(ProjectCommand::UpdateMember {
        id: cy.clone(),
        patch: MemberPatch { active: Some(false), ..Default::default() },
    }));
    let found = of_kind(&r, monday(), FindingKind::WorkForInactiveMember);
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(f.severity, FindingSeverity::Warning);
    assert_eq!(
        f.message,
        "Cy is inactive but still has 1 open task ('Build API') and 1 allocation ('Cy Chen' on 'Write docs'): \
         reassign the work or make Cy active again"
    );
    assert_eq!(
        f.items,
        vec![
            ItemRef::new(Kind::Member, cy.as_str()),
            ItemRef::new(Kind::Task, api.as_str()),
            ItemRef::new(Kind::Allocation, alloc.as_str())
        ]
    );
    assert_eq!(
        summaries(f),
        [
            "Add task 'Build API'",
            "Add person 'Cy Chen'",
            "Allocate 8 h of 'Cy Chen' to 'Write docs'",
            "Update member Cy: inactive"
        ]
    );

    // Unassigned, finished or deleted work is no longer theirs to do.
    r.ok(Command::Task(TaskCommand::Unassign { id: api.clone(), member: cy.clone() }));
    update(&mut r, &docs, TaskPatch { status: Some(TaskStatus::Cancelled), ..Default::default() });
    assert_eq!(of_kind(&r, monday(), FindingKind::WorkForInactiveMember), vec![]);
}

#[test]
fn a_task_assigned_on_one_replica_to_a_member_deactivated_on_another_is_found() {
    let (mut ada, mut bo) = two_members();
    let cy = add_member(&mut ada, "Cy", 40.0);
    let task = add_task(&mut ada, titled("Rotate keys"));
    sync(&mut ada, &mut bo);
    ada.ok(Command::Project(ProjectCommand::UpdateMember {
        id: cy.clone(),
        patch: MemberPatch { active: Some(false), ..Default::default() },
    }));
    bo.ok(Command::Task(TaskCommand::Assign { id: task.clone(), member: cy.clone() }));
    sync(&mut ada, &mut bo);
    let f = &of_kind(&ada, monday(), FindingKind::WorkForInactiveMember)[0];
    assert_eq!(authors(f), BTreeSet::from(["Ada", "Bo"]));
    assert_eq!(
        summaries(f).into_iter().collect::<BTreeSet<_>>(),
        BTreeSet::from(["Update member Cy: inactive", "Assign 'Rotate keys' to Cy"])
    );
}

// ---------------------------------------------------------------------------------------------
// 8. Sign-offs over unmet criteria

/// A deliverable with one ticked criterion whose review is accepted, synced to both replicas.
fn accepted_deliverable(ada: &mut Replica, bo: &mut Replica) -> (DeliverableId, crate::ids::CriterionId) {
    let id: DeliverableId = ada
        .create(Command::Deliverable(DeliverableCommand::Add(NewDeliverable {
            title: "Handbook".into(),
            criteria: vec!["Reviewed by legal".into()],
            ..NewDeliverable::default()
        })))
        .parse()
        .unwrap();
    let criterion = crate::deliverables::deliverable(&ada.doc, &id).unwrap().criteria[0].id.clone();
    ada.ok(Command::Deliverable(DeliverableCommand::SetCriterionMet {
        id: id.clone(),
        criterion: criterion.clone(),
        met: true,
    }));
    for review in [ReviewStatus::InReview, ReviewStatus::Accepted] {
        ada.ok(Command::Deliverable(DeliverableCommand::SetReview { id: id.clone(), review }));
    }
    sync(ada, bo);
    (id, criterion)
}

fn sign_off(r: &mut Replica, id: &DeliverableId) {
    r.ok(Command::Deliverable(DeliverableCommand::SignOff {
        id: id.clone(),
        by: "Carol (client)".into(),
        member: None,
        note: None,
    }));
}

#[test]
fn a_sign_off_merged_with_an_untick_is_found_with_both_changes() {
    let (mut ada, mut bo) = two_members();
    let (id, criterion) = accepted_deliverable(&mut ada, &mut bo);
    sign_off(&mut ada, &id);
    bo.ok(Command::Deliverable(DeliverableCommand::SetCriterionMet { id: id.clone(), criterion, met: false }));
    assert_eq!(of_kind(&ada, monday(), FindingKind::SignedOffWithUnmetCriteria), vec![], "consistent alone");
    sync(&mut ada, &mut bo);

    let found = of_kind(&ada, monday(), FindingKind::SignedOffWithUnmetCriteria);
    assert_eq!(found.len(), 1);
    let f = &found[0];
    assert_eq!(f.severity, FindingSeverity::Error);
    assert_eq!(
        f.message,
        "Deliverable 'Handbook' is signed off by Carol (client), but 1 acceptance criterion is not met \
         ('Reviewed by legal'): meet it or revoke the sign-off"
    );
    assert_eq!(f.items, vec![ItemRef::new(Kind::Deliverable, id.as_str())]);
    let by: BTreeSet<(&str, &str)> = f.caused_by.iter().map(|c| (c.author_name.as_str(), c.summary.as_str())).collect();
    assert_eq!(
        by,
        BTreeSet::from([
            ("Ada", "Carol (client) signed off 'Handbook'"),
            ("Bo", "Untick criterion 'Reviewed by legal' of 'Handbook'")
        ])
    );
}

#[test]
fn a_criterion_added_while_someone_signed_off_is_found_and_a_clean_sign_off_is_not() {
    let (mut ada, mut bo) = two_members();
    let (id, _) = accepted_deliverable(&mut ada, &mut bo);
    sign_off(&mut ada, &id);
    assert_eq!(of_kind(&ada, monday(), FindingKind::SignedOffWithUnmetCriteria), vec![]);
    bo.ok(Command::Deliverable(DeliverableCommand::AddCriterion { id: id.clone(), text: "Translated".into() }));
    sync(&mut ada, &mut bo);
    let f = &of_kind(&bo, monday(), FindingKind::SignedOffWithUnmetCriteria)[0];
    assert!(f.message.contains("('Translated')"), "{}", f.message);
    assert_eq!(
        summaries(f).into_iter().collect::<BTreeSet<_>>(),
        BTreeSet::from(["Carol (client) signed off 'Handbook'", "Add criterion 'Translated' to 'Handbook'"])
    );
    // Deleted deliverables are not checked.
    delete(&mut bo, Kind::Deliverable, id.as_str());
    assert_eq!(of_kind(&bo, monday(), FindingKind::SignedOffWithUnmetCriteria), vec![]);
}

// ---------------------------------------------------------------------------------------------
// Order

#[test]
fn findings_come_errors_first_then_by_kind_and_key_and_are_the_same_on_every_replica() {
    let (mut ada, mut bo) = two_members();
    let a = add_task(&mut ada, titled("A"));
    let b = add_task(&mut ada, titled("B"));
    let bo_id = crate::project::members(&ada.doc).unwrap().into_iter().find(|m| m.name == "Bo").unwrap().id;
    sync(&mut ada, &mut bo);
    depend(&mut ada, &a, &b);
    depend(&mut bo, &b, &a);
    let lic = line(&mut bo, "Licences", 100);
    expense(&mut bo, &lic, 200, ExpenseState::Actual, "Seat");
    bo.ok(Command::Project(ProjectCommand::UpdateMember {
        id: bo_id.clone(),
        patch: MemberPatch { capacity_hours: Some(1.0), ..Default::default() },
    }));
    add_task(
        &mut ada,
        NewTask {
            assignees: vec![bo_id],
            estimate: Some(5.0),
            start: Some(d("2026-01-05")),
            due: Some(d("2026-01-05")),
            ..titled("C")
        },
    );
    sync(&mut ada, &mut bo);
    let found = findings(&ada, monday());
    let kinds: Vec<FindingKind> = found.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [FindingKind::DependencyCycle, FindingKind::BudgetActualExceeded, FindingKind::OverCapacity]);
    assert_eq!(findings(&bo, monday()), found);
    // Each causing change is listed once, by time then hash.
    for f in &found {
        let hashes: BTreeSet<&str> = f.caused_by.iter().map(|c| c.hash.as_str()).collect();
        assert_eq!(hashes.len(), f.caused_by.len());
        assert!(f.caused_by.windows(2).all(|w| (w[0].time, &w[0].hash) <= (w[1].time, &w[1].hash)));
    }
    let json = serde_json::to_value(&found[0]).unwrap();
    assert_eq!(json["kind"], "dependency_cycle");
    assert_eq!(json["severity"], "error");
    assert_eq!(json["items"][0]["kind"], "task");
    assert!(json["caused_by"][0]["author_name"].is_string());
}

#[test]
fn an_empty_project_has_no_findings() {
    let r = Replica::with_project(1);
    assert_eq!(findings(&r, monday()), vec![]);
}
