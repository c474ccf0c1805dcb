//! Cross-area views (dashboard, workload): one `check` helper each, snapshot expectations.

use expect_test::{Expect, expect};
use tandem_core::Command;
use tandem_core::goals::{GoalCommand, NewGoal};
use tandem_core::ids::{MemberId, TaskId};
use tandem_core::milestones::{MilestoneCommand, MilestoneStatus};
use tandem_core::money::format_minor;
use tandem_core::project::{self, MemberPatch, MemberRole, ProjectCommand, ProjectPatch};
use tandem_core::resources::{
    ExpenseState, NewAllocation, NewExpense, NewResource, RateUnit, ResourceCommand, ResourceKind,
};
use tandem_core::tasks::{NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::testkit::Replica;
use tandem_core::values::{Edit, Health};
use tandem_core::views::{self, iso_week_label};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn ada(r: &Replica) -> MemberId {
    project::members(&r.doc).unwrap()[0].id.clone()
}

fn member(r: &mut Replica, name: &str, capacity: f64) -> MemberId {
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

fn task(r: &mut Replica, t: NewTask) -> TaskId {
    r.create(Command::Task(TaskCommand::Add(t))).parse().unwrap()
}

fn status(r: &mut Replica, id: &TaskId, s: TaskStatus) {
    r.ok(Command::Task(TaskCommand::Update {
        id: id.clone(),
        patch: TaskPatch { status: Some(s), ..Default::default() },
    }));
}

fn milestone(r: &mut Replica, title: &str, due: &str) -> String {
    r.create(Command::Milestone(MilestoneCommand::Add { title: title.into(), due: d(due), description: String::new() }))
}

fn line_with_spend(r: &mut Replica, planned: i64, spend: &[(i64, ExpenseState)]) -> String {
    let line: String = r.create(Command::Resource(ResourceCommand::AddBudgetLine {
        name: "Delivery".into(),
        category: "opex".into(),
        planned,
    }));
    for (amount, state) in spend {
        r.ok(Command::Resource(ResourceCommand::AddExpense(NewExpense {
            budget_line: line.parse().unwrap(),
            amount: *amount,
            date: d("2026-01-20"),
            description: String::new(),
            state: *state,
            resource: None,
        })));
    }
    line
}

/// Renders the dashboard as of `today` as a short report.
fn check_dashboard(r: &Replica, today: &str, expected: Expect) {
    let v = views::dashboard(&r.doc, d(today)).unwrap();
    let mut out = format!(
        "{} for {} ({}) on {}\nhealth {}{} (computed {})\n",
        v.name,
        v.client.as_deref().unwrap_or("-"),
        v.currency,
        v.today,
        v.health,
        if v.health_overridden { " set manually" } else { "" },
        v.health_computed
    );
    for reason in &v.health_reasons {
        out.push_str(&format!("  - {reason}\n"));
    }
    out.push_str(&format!(
        "complete {}%  open {}  done {}  overdue {}\n",
        v.percent_complete, v.tasks_open, v.tasks_done, v.tasks_overdue
    ));
    for t in &v.overdue {
        out.push_str(&format!(
            "  overdue: {} due {} ({} days late) [{}]\n",
            t.title,
            t.due,
            t.days_late,
            t.assignee_names.join(", ")
        ));
    }
    for m in &v.next_milestones {
        out.push_str(&format!(
            "  next: {} due {} ({}/{} tasks)\n",
            m.title,
            m.due.map_or("-".to_owned(), |d| d.to_string()),
            m.tasks_done,
            m.tasks_total
        ));
    }
    for g in &v.goals {
        out.push_str(&format!(
            "  goal: {} {}/{} {} ({:.0}%, on track: {})\n",
            g.title,
            g.current,
            g.target,
            g.metric,
            g.progress * 100.0,
            g.on_track.map_or("-".to_owned(), |b| b.to_string())
        ));
    }
    let b = &v.budget;
    out.push_str(&format!(
        "budget {} / lines planned {} committed {} actual {} remaining {}\n",
        b.project_budget.map_or("-".to_owned(), format_minor),
        format_minor(b.lines.planned),
        format_minor(b.lines.committed),
        format_minor(b.lines.actual),
        format_minor(b.lines.remaining)
    ));
    expected.assert_eq(&out);
}

#[test]
fn dashboard_shows_overdue_work_milestones_goals_and_budget() {
    let mut r = Replica::with_project(1);
    let ada = ada(&r);
    let bo = member(&mut r, "Bo", 20.0);
    let alpha = milestone(&mut r, "Alpha", "2026-02-01");
    milestone(&mut r, "Beta", "2026-03-31");
    milestone(&mut r, "GA", "2026-06-30");
    let done_ms = milestone(&mut r, "Kick-off", "2026-01-06");
    r.ok(Command::Milestone(MilestoneCommand::Update {
        id: done_ms.parse().unwrap(),
        title: None,
        due: None,
        status: Some(MilestoneStatus::Reached),
    }));
    let design = task(&mut r, NewTask { title: "Design".into(), estimate: Some(10.0), ..NewTask::default() });
    status(&mut r, &design, TaskStatus::Done);
    task(
        &mut r,
        NewTask { title: "Build".into(), estimate: Some(30.0), due: Some(d("2026-03-01")), ..NewTask::default() },
    );
    task(
        &mut r,
        NewTask {
            title: "Test".into(),
            estimate: Some(10.0),
            due: Some(d("2026-02-02")),
            assignees: vec![ada.clone(), bo.clone()],
            milestone: Some(alpha.parse().unwrap()),
            ..NewTask::default()
        },
    );
    let docs = task(
        &mut r,
        NewTask { title: "Docs".into(), estimate: Some(5.0), due: Some(d("2026-01-15")), ..NewTask::default() },
    );
    status(&mut r, &docs, TaskStatus::Cancelled);
    // A parent's own estimate is left out of the percentage: only leaves count.
    let backend = task(&mut r, NewTask { title: "Backend".into(), estimate: Some(100.0), ..NewTask::default() });
    let api = task(
        &mut r,
        NewTask { title: "API".into(), parent: Some(backend.clone()), estimate: Some(20.0), ..NewTask::default() },
    );
    status(&mut r, &api, TaskStatus::Done);
    task(
        &mut r,
        NewTask {
            title: "Schema".into(),
            parent: Some(backend.clone()),
            estimate: Some(10.0),
            due: Some(d("2026-02-09")),
            assignees: vec![bo.clone()],
            ..NewTask::default()
        },
    );
    r.ok(Command::Goal(GoalCommand::Add(NewGoal {
        title: "Cut latency".into(),
        metric: "ms".into(),
        baseline: 400.0,
        target: 200.0,
        current: Some(300.0),
        due: Some(d("2026-03-06")),
        ..NewGoal::default()
    })));
    line_with_spend(&mut r, 5_000_000, &[(1_000_000, ExpenseState::Actual), (500_000, ExpenseState::Committed)]);
    check_dashboard(
        &r,
        "2026-02-10",
        expect![[r#"
            Apollo for ACME (EUR) on 2026-02-10
            health off_track (computed off_track)
              - milestone 'Alpha' was due 2026-02-01 and is not reached
              - 2 of 4 open tasks are overdue (more than 10%)
            complete 37.5%  open 4  done 2  overdue 2
              overdue: Test due 2026-02-02 (8 days late) [Ada, Bo]
              overdue: Schema due 2026-02-09 (1 days late) [Bo]
              next: Beta due 2026-03-31 (0/0 tasks)
              next: GA due 2026-06-30 (0/0 tasks)
              goal: Cut latency 300/200 ms (50%, on track: false)
            budget 100000.00 / lines planned 50000.00 committed 5000.00 actual 10000.00 remaining 35000.00
        "#]],
    );
}

#[test]
fn health_follows_the_budget_rule_unless_overridden() {
    let mut r = Replica::with_project(1);
    check_dashboard(
        &r,
        "2026-01-05",
        expect![[r#"
            Apollo for ACME (EUR) on 2026-01-05
            health on_track (computed on_track)
            complete 0%  open 0  done 0  overdue 0
            budget 100000.00 / lines planned 0.00 committed 0.00 actual 0.00 remaining 0.00
        "#]],
    );
    // 92 % of the project budget used: at risk.
    let line =
        line_with_spend(&mut r, 9_500_000, &[(9_000_000, ExpenseState::Actual), (200_000, ExpenseState::Committed)]);
    r.ok(Command::Project(ProjectCommand::Update(ProjectPatch {
        health: Edit::Set(Health::OnTrack),
        ..Default::default()
    })));
    check_dashboard(
        &r,
        "2026-01-05",
        expect![[r#"
            Apollo for ACME (EUR) on 2026-01-05
            health on_track set manually (computed at_risk)
              - committed and spent 92000.00 EUR is more than 90% of the project budget 100000.00 EUR
            complete 0%  open 0  done 0  overdue 0
            budget 100000.00 / lines planned 95000.00 committed 2000.00 actual 90000.00 remaining 3000.00
        "#]],
    );
    // Paying more than the lines plan: off track once the override is cleared.
    r.ok(Command::Resource(ResourceCommand::AddExpense(NewExpense {
        budget_line: line.parse().unwrap(),
        amount: 600_000,
        date: d("2026-01-21"),
        description: "Overtime".into(),
        state: ExpenseState::Actual,
        resource: None,
    })));
    r.ok(Command::Project(ProjectCommand::Update(ProjectPatch { health: Edit::Clear, ..Default::default() })));
    let v = views::dashboard(&r.doc, d("2026-01-05")).unwrap();
    assert_eq!((v.health, v.health_overridden), (Health::OffTrack, false));
    assert_eq!(
        v.health_reasons,
        [
            "spent 96000.00 EUR is more than the 95000.00 EUR planned in the budget lines",
            "committed and spent 98000.00 EUR is more than 90% of the project budget 100000.00 EUR",
        ]
    );
}

/// Renders the workload as a table: one row per member, one column per week.
fn check_workload(r: &Replica, from: &str, weeks: usize, expected: Expect) {
    let v = views::workload(&r.doc, d(from), weeks).unwrap();
    let mut out = format!(
        "{:<14}{}  unscheduled\n",
        format!("from {}", v.from),
        v.weeks.iter().map(|w| format!("{w:>11}")).collect::<String>()
    );
    for row in &v.rows {
        let name = format!("{}{} ({}h)", row.name, if row.active { "" } else { "*" }, row.capacity_hours);
        out.push_str(&format!("{name:<14}"));
        for c in &row.cells {
            out.push_str(&format!("{:>10}{}", c.hours, if c.over { "!" } else { " " }));
        }
        out.push_str(&format!("  {}\n", row.unscheduled));
    }
    expected.assert_eq(&out);
}

#[test]
fn workload_spreads_remaining_work_over_working_days() {
    let mut r = Replica::with_project(1);
    let ada = ada(&r);
    let bo = member(&mut r, "Bo", 20.0);
    let cy = member(&mut r, "Cy", 40.0);
    let dee = member(&mut r, "Dee", 40.0);
    let t = |title: &str, who: Vec<MemberId>, est: f64, start: Option<&str>, due: Option<&str>| NewTask {
        title: title.into(),
        assignees: who,
        estimate: Some(est),
        start: start.map(d),
        due: due.map(d),
        ..NewTask::default()
    };
    // 60 h in one week against Ada's 40 h: over-allocated.
    task(&mut r, t("Crunch", vec![ada.clone()], 60.0, Some("2026-01-05"), Some("2026-01-09")));
    // Weekend-only work lands in the week it starts.
    task(&mut r, t("Weekend deploy", vec![ada.clone()], 4.0, Some("2026-01-10"), Some("2026-01-11")));
    // 40 h estimate, 10 h spent: 30 h left, 15 h each over two weeks.
    let pair = task(&mut r, t("Pairing", vec![ada.clone(), bo.clone()], 40.0, Some("2026-01-12"), Some("2026-01-23")));
    r.ok(Command::Task(TaskCommand::LogTime { id: pair, hours: 10.0 }));
    // Due date only: one day.
    task(&mut r, t("Review", vec![bo.clone()], 8.0, None, Some("2026-01-14")));
    task(&mut r, t("Someday", vec![bo.clone()], 6.0, None, None));
    // 20 working days, of which 5 fall into the window.
    task(&mut r, t("Long haul", vec![ada.clone()], 12.0, Some("2026-01-19"), Some("2026-02-13")));
    let done = task(&mut r, t("Finished", vec![ada.clone()], 100.0, Some("2026-01-05"), Some("2026-01-09")));
    status(&mut r, &done, TaskStatus::Done);
    task(&mut r, t("Handover", vec![cy.clone()], 10.0, Some("2026-01-16"), Some("2026-01-19")));
    for m in [&cy, &dee] {
        r.ok(Command::Project(ProjectCommand::UpdateMember {
            id: m.clone(),
            patch: MemberPatch { active: Some(false), ..Default::default() },
        }));
    }
    // Resource allocations describe resources and are not added to anyone's load.
    let res: String = r.create(Command::Resource(ResourceCommand::Add(NewResource {
        name: "Ada".into(),
        kind: ResourceKind::Person,
        member: Some(ada.clone()),
        cost_rate: 9_000,
        rate_unit: RateUnit::Hour,
        capacity_hours_per_week: None,
        notes: String::new(),
    })));
    let review = task(&mut r, t("Audit", vec![], 0.0, None, None));
    r.ok(Command::Resource(ResourceCommand::AddAllocation(NewAllocation {
        resource: res.parse().unwrap(),
        task: review,
        hours: 50.0,
        note: String::new(),
    })));
    // A Wednesday is moved back to its Monday.
    check_workload(
        &r,
        "2026-01-07",
        3,
        expect![[r#"
            from 2026-01-05   2026-W02   2026-W03   2026-W04  unscheduled
            Ada (40h)             64!       7.5       10.5   0
            Bo (20h)               0       15.5        7.5   6
            Cy* (40h)              0          5          5   0
        "#]],
    );
    assert_eq!(iso_week_label(d("2027-01-01")), "2026-W53");
    assert!(views::workload(&r.doc, d("2026-01-05"), 0).unwrap().rows.iter().all(|r| r.cells.is_empty()));
}
