//! Plan-integrity checks after a merge: two members start from the same synced project, each
//! makes edits that are valid on their own replica while disconnected, and the merged plan is
//! broken in ways neither replica was. Each finding names the changes (and so the members)
//! that caused it.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use tandem_core::checks::{self, Finding, FindingKind};
use tandem_core::deliverables::{DeliverableCommand, NewDeliverable, ReviewStatus};
use tandem_core::ids::{BudgetLineId, DeliverableId, MemberId, MilestoneId, TaskId};
use tandem_core::meetings::{MeetingCommand, NewMeeting};
use tandem_core::milestones::MilestoneCommand;
use tandem_core::project::{self, MemberPatch, MemberRole, ProjectCommand};
use tandem_core::resources::{ExpenseState, NewExpense, ResourceCommand};
use tandem_core::tasks::{NewTask, TaskCommand, TaskPatch};
use tandem_core::testkit::{Replica, T0};
use tandem_core::values::Edit;
use tandem_core::{Command, Millis};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The day the checks run: Monday 2026-01-05.
fn today() -> NaiveDate {
    d("2026-01-05")
}

fn task(r: &mut Replica, t: NewTask) -> TaskId {
    r.create(Command::Task(TaskCommand::Add(t))).parse().unwrap()
}

fn named(title: &str) -> NewTask {
    NewTask { title: title.into(), ..NewTask::default() }
}

fn update(r: &mut Replica, id: &TaskId, patch: TaskPatch) {
    r.ok(Command::Task(TaskCommand::Update { id: id.clone(), patch }));
}

fn depend(r: &mut Replica, id: &TaskId, on: &TaskId) {
    r.ok(Command::Task(TaskCommand::AddDependency { id: id.clone(), on: on.clone() }));
}

fn commit(r: &mut Replica, line: &BudgetLineId, amount: i64, what: &str) {
    r.ok(Command::Resource(ResourceCommand::AddExpense(NewExpense {
        budget_line: line.clone(),
        amount,
        date: d("2026-01-06"),
        description: what.into(),
        state: ExpenseState::Committed,
        resource: None,
    })));
}

/// 2026-01-13 at `hh:mm` UTC.
fn jan13(hh: i64, mm: i64) -> Millis {
    Millis(T0.0 + (8 * 24 + hh - 9) * 3_600_000 + mm * 60_000)
}

fn meeting(r: &mut Replica, title: &str, start: Millis, attendees: Vec<MemberId>) -> String {
    r.create(Command::Meeting(MeetingCommand::Add(NewMeeting {
        title: title.into(),
        series: None,
        start,
        duration_minutes: 60,
        location: None,
        attendees,
        notes: String::new(),
    })))
}

/// The (author, summary) pairs of a finding's causing changes.
fn causes(f: &Finding) -> BTreeSet<(&str, &str)> {
    f.caused_by.iter().map(|c| (c.author_name.as_str(), c.summary.as_str())).collect()
}

fn one(found: &[Finding], kind: FindingKind) -> &Finding {
    let of_kind: Vec<&Finding> = found.iter().filter(|f| f.kind == kind).collect();
    assert_eq!(of_kind.len(), 1, "one {kind} finding expected in {found:#?}");
    of_kind[0]
}

#[test]
fn edits_valid_on_each_replica_break_the_merged_plan_and_the_findings_name_who_did_what() {
    // Ada sets the project up; Bo joins from a copy of it, and both replicas sync.
    let mut ada = Replica::with_project(1);
    let mut bo = ada.fork(2);
    let bo_id: MemberId = bo.create(Command::Project(ProjectCommand::Join { name: "Bo".into() })).parse().unwrap();
    ada.merge_from(&bo);
    let cy: MemberId = ada
        .create(Command::Project(ProjectCommand::AddMember {
            name: "Cy".into(),
            role: MemberRole::Member,
            title: None,
            email: None,
            capacity_hours: Some(40.0),
        }))
        .parse()
        .unwrap();
    let design = task(&mut ada, named("Design schema"));
    let review = task(&mut ada, named("Review schema"));
    let build = task(
        &mut ada,
        NewTask {
            assignees: vec![bo_id.clone()],
            estimate: Some(24.0),
            start: Some(d("2026-01-12")),
            due: Some(d("2026-01-16")),
            ..named("Build API")
        },
    );
    let load =
        task(&mut ada, NewTask { start: Some(d("2026-01-12")), due: Some(d("2026-01-14")), ..named("Load test") });
    let deploy =
        task(&mut ada, NewTask { start: Some(d("2026-01-15")), due: Some(d("2026-01-16")), ..named("Deploy") });
    let golive: MilestoneId = ada
        .create(Command::Milestone(MilestoneCommand::Add {
            title: "Go-live".into(),
            due: d("2026-01-30"),
            description: String::new(),
        }))
        .parse()
        .unwrap();
    let cutover = task(
        &mut ada,
        NewTask { milestone: Some(golive.clone()), due: Some(d("2026-01-23")), ..named("Cutover plan") },
    );
    let cleanup = task(&mut ada, named("Clean up logs"));
    let cloud: BudgetLineId = ada
        .create(Command::Resource(ResourceCommand::AddBudgetLine {
            name: "Cloud".into(),
            category: "opex".into(),
            planned: 500_000,
        }))
        .parse()
        .unwrap();
    let runbook: DeliverableId = ada
        .create(Command::Deliverable(DeliverableCommand::Add(NewDeliverable {
            title: "Runbook".into(),
            criteria: vec!["Covers failover".into()],
            ..NewDeliverable::default()
        })))
        .parse()
        .unwrap();
    let criterion = tandem_core::deliverables::deliverable(&ada.doc, &runbook).unwrap().criteria[0].id.clone();
    ada.ok(Command::Deliverable(DeliverableCommand::SetCriterionMet {
        id: runbook.clone(),
        criterion: criterion.clone(),
        met: true,
    }));
    for review in [ReviewStatus::InReview, ReviewStatus::Accepted] {
        ada.ok(Command::Deliverable(DeliverableCommand::SetReview { id: runbook.clone(), review }));
    }
    let demo = meeting(&mut ada, "Client demo", jan13(10, 30), vec![]);
    bo.merge_from(&ada);
    assert_eq!(checks::check(&ada.doc, today()).unwrap(), vec![], "the synced plan is sound");

    // Offline, Ada:
    depend(&mut ada, &review, &design);
    update(&mut ada, &load, TaskPatch { due: Edit::Set(d("2026-01-20")), ..Default::default() });
    ada.ok(Command::Milestone(MilestoneCommand::Update {
        id: golive.clone(),
        title: None,
        due: Some(d("2026-01-26")),
        status: None,
    }));
    commit(&mut ada, &cloud, 300_000, "Reserved instances");
    ada.ok(Command::Deliverable(DeliverableCommand::SignOff {
        id: runbook.clone(),
        by: "Carol (client)".into(),
        member: None,
        note: None,
    }));
    task(
        &mut ada,
        NewTask {
            assignees: vec![bo_id.clone()],
            estimate: Some(12.0),
            start: Some(d("2026-01-12")),
            due: Some(d("2026-01-16")),
            ..named("Migrate data")
        },
    );
    ada.ok(Command::Project(ProjectCommand::UpdateMember {
        id: cy.clone(),
        patch: MemberPatch { active: Some(false), ..Default::default() },
    }));
    ada.ok(Command::Meeting(MeetingCommand::AddAttendee { id: demo.parse().unwrap(), member: bo_id.clone() }));

    // Offline, Bo:
    depend(&mut bo, &design, &review);
    depend(&mut bo, &deploy, &load);
    update(&mut bo, &cutover, TaskPatch { due: Edit::Set(d("2026-01-28")), ..Default::default() });
    commit(&mut bo, &cloud, 300_000, "Support plan");
    bo.ok(Command::Deliverable(DeliverableCommand::SetCriterionMet { id: runbook.clone(), criterion, met: false }));
    update(&mut bo, &build, TaskPatch { estimate: Edit::Set(30.0), ..Default::default() });
    bo.ok(Command::Task(TaskCommand::Assign { id: cleanup.clone(), member: cy.clone() }));
    meeting(&mut bo, "1:1 with Cy", jan13(11, 0), vec![bo_id.clone(), cy.clone()]);

    // Each replica alone is sound.
    assert_eq!(checks::check(&ada.doc, today()).unwrap(), vec![], "Ada's edits are valid on their own");
    assert_eq!(checks::check(&bo.doc, today()).unwrap(), vec![], "Bo's edits are valid on their own");

    // They reconnect.
    ada.merge_from(&bo);
    bo.merge_from(&ada);
    let found = checks::check(&ada.doc, today()).unwrap();
    assert_eq!(checks::check(&bo.doc, today()).unwrap(), found, "every replica sees the same findings");
    let kinds: BTreeSet<FindingKind> = found.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            FindingKind::DependencyCycle,
            FindingKind::StartsBeforePredecessor,
            FindingKind::TaskAfterMilestone,
            FindingKind::DoubleBooked,
            FindingKind::BudgetCommittedExceeded,
            FindingKind::SignedOffWithUnmetCriteria,
            FindingKind::OverCapacity,
            FindingKind::WorkForInactiveMember,
        ]),
        "{found:#?}"
    );
    assert_eq!(found.len(), kinds.len(), "one finding of each kind: {found:#?}");

    // Each finding names both members' changes among its causes.
    let both = |f: &Finding, from_ada: &str, from_bo: &str| {
        let c = causes(f);
        assert!(c.contains(&("Ada", from_ada)), "{} should name Ada's '{from_ada}': {c:#?}", f.kind);
        assert!(c.contains(&("Bo", from_bo)), "{} should name Bo's '{from_bo}': {c:#?}", f.kind);
    };
    both(
        one(&found, FindingKind::DependencyCycle),
        "'Review schema' now waits for 'Design schema'",
        "'Design schema' now waits for 'Review schema'",
    );
    both(
        one(&found, FindingKind::StartsBeforePredecessor),
        "Update 'Load test': due to 2026-01-20",
        "'Deploy' now waits for 'Load test'",
    );
    both(
        one(&found, FindingKind::TaskAfterMilestone),
        "Update milestone 'Go-live': due to 2026-01-26",
        "Update 'Cutover plan': due to 2026-01-28",
    );
    both(
        one(&found, FindingKind::DoubleBooked),
        "Add Bo to meeting 'Client demo'",
        "Add meeting '1:1 with Cy' at 2026-01-13 11:00:00 UTC",
    );
    both(
        one(&found, FindingKind::BudgetCommittedExceeded),
        "Commit 3000.00 EUR on 'Cloud'",
        "Commit 3000.00 EUR on 'Cloud'",
    );
    both(
        one(&found, FindingKind::SignedOffWithUnmetCriteria),
        "Carol (client) signed off 'Runbook'",
        "Untick criterion 'Covers failover' of 'Runbook'",
    );
    both(one(&found, FindingKind::OverCapacity), "Add task 'Migrate data'", "Update 'Build API': estimate to 30 h");
    both(one(&found, FindingKind::WorkForInactiveMember), "Update member Cy: inactive", "Assign 'Clean up logs' to Cy");

    // The messages say what is wrong, with the merged values.
    assert_eq!(
        one(&found, FindingKind::TaskAfterMilestone).message,
        "Task 'Cutover plan' is due 2026-01-28, after its milestone 'Go-live' on 2026-01-26: move the task or the milestone"
    );
    let over = one(&found, FindingKind::OverCapacity);
    assert!(over.message.starts_with("Bo is booked 42 h in 2026-W03"), "{}", over.message);
    let names: BTreeSet<String> = project::members(&ada.doc).unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(names, BTreeSet::from(["Ada".to_owned(), "Bo".to_owned(), "Cy".to_owned()]));
}
