//! Resource, allocation, budget line and expense commands and views: one `check` helper per
//! view, snapshot expectations.

use expect_test::{Expect, expect};
use tandem_core::Command;
use tandem_core::Kind;
use tandem_core::ids::{BudgetLineId, MemberId, ResourceId, TaskId};
use tandem_core::items::ItemCommand;
use tandem_core::money::format_minor;
use tandem_core::project::{self, ProjectCommand};
use tandem_core::resources::{
    self, AllocationPatch, BudgetLinePatch, ExpensePatch, ExpenseState, NewAllocation, NewExpense, NewResource,
    RateUnit, ResourceCommand, ResourceKind, ResourcePatch,
};
use tandem_core::tasks::{NewTask, TaskCommand};
use tandem_core::testkit::Replica;
use tandem_core::values::Edit;

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn me(r: &Replica) -> MemberId {
    project::members(&r.doc).unwrap()[0].id.clone()
}

fn res(cmd: ResourceCommand) -> Command {
    Command::Resource(cmd)
}

fn new_resource(name: &str, kind: ResourceKind, rate: i64, unit: RateUnit) -> NewResource {
    NewResource {
        name: name.into(),
        kind,
        member: None,
        cost_rate: rate,
        rate_unit: unit,
        capacity_hours_per_week: None,
        notes: String::new(),
    }
}

fn add_resource(r: &mut Replica, nr: NewResource) -> ResourceId {
    r.create(res(ResourceCommand::Add(nr))).parse().unwrap()
}

fn add_task(r: &mut Replica, title: &str) -> TaskId {
    r.create(Command::Task(TaskCommand::Add(NewTask { title: title.into(), ..NewTask::default() }))).parse().unwrap()
}

fn add_line(r: &mut Replica, name: &str, category: &str, planned: i64) -> BudgetLineId {
    r.create(res(ResourceCommand::AddBudgetLine { name: name.into(), category: category.into(), planned }))
        .parse()
        .unwrap()
}

fn expense(line: &BudgetLineId, amount: i64, date: &str, what: &str, state: ExpenseState) -> Command {
    res(ResourceCommand::AddExpense(NewExpense {
        budget_line: line.clone(),
        amount,
        date: d(date),
        description: what.into(),
        state,
        resource: None,
    }))
}

fn check_resources(r: &Replica, expected: Expect) {
    let mut out = String::new();
    for x in resources::resources(&r.doc).unwrap() {
        out.push_str(&format!(
            "{}{} ({}) {}/{} member={} capacity={} allocated={}h notes={:?}\n",
            if x.deleted { "(deleted) " } else { "" },
            x.name,
            x.kind,
            format_minor(x.cost_rate),
            x.rate_unit,
            x.member.map_or("-".to_owned(), |m| project::member_name(&r.doc, m.as_str())),
            x.capacity_hours_per_week.map_or("-".to_owned(), |c| format!("{c}h/week")),
            x.allocated_hours,
            x.notes,
        ));
    }
    expected.assert_eq(&out);
}

fn check_allocations(r: &Replica, expected: Expect) {
    let mut out = String::new();
    for a in resources::allocations(&r.doc).unwrap() {
        out.push_str(&format!(
            "{}{} -> {}{} {}h {:?}\n",
            if a.deleted { "(deleted) " } else { "" },
            a.resource_name,
            a.task_title,
            if a.task_deleted { " (task deleted)" } else { "" },
            a.hours,
            a.note,
        ));
    }
    expected.assert_eq(&out);
}

fn check_budget(r: &Replica, expected: Expect) {
    let b = resources::budget(&r.doc).unwrap();
    let row = |name: &str, t: &resources::BudgetTotals| {
        format!(
            "{name:<24} planned {:>10} committed {:>10} actual {:>10} remaining {:>10}",
            format_minor(t.planned),
            format_minor(t.committed),
            format_minor(t.actual),
            format_minor(t.remaining)
        )
    };
    let mut out = format!(
        "currency {} project budget {} unplanned {}\n",
        b.currency,
        b.project_budget.map_or("-".to_owned(), format_minor),
        b.unplanned.map_or("-".to_owned(), format_minor)
    );
    for l in &b.lines {
        let label = format!("[{}] {}", l.category, l.name);
        out.push_str(&format!(
            "{} ({} expenses){}\n",
            row(&label, &l.money),
            l.expenses,
            if l.over { " OVER" } else { "" }
        ));
    }
    out.push_str(&row("total", &b.totals));
    out.push('\n');
    expected.assert_eq(&out);
}

#[test]
fn resources_and_allocations() {
    let mut r = Replica::with_project(1);
    let ada = me(&r);
    let dev = add_resource(
        &mut r,
        NewResource {
            member: Some(ada.clone()),
            capacity_hours_per_week: Some(32.0),
            notes: "Senior".into(),
            ..new_resource("Ada (developer)", ResourceKind::Person, 9_500, RateUnit::Hour)
        },
    );
    let rig = add_resource(&mut r, new_resource("Test rig", ResourceKind::Equipment, 25_000, RateUnit::Day));
    let ide = add_resource(&mut r, new_resource("IDE seats", ResourceKind::Licence, 120_000, RateUnit::Fixed));
    let build = add_task(&mut r, "Build API");
    let test = add_task(&mut r, "Load test");
    let gone = add_task(&mut r, "Dropped spike");
    let out = r.ok(res(ResourceCommand::AddAllocation(NewAllocation {
        resource: dev.clone(),
        task: build.clone(),
        hours: 30.0,
        note: "first pass".into(),
    })));
    assert_eq!(out.summary, "Allocate 30 h of 'Ada (developer)' to 'Build API'");
    let a2: String = r.create(res(ResourceCommand::AddAllocation(NewAllocation {
        resource: dev.clone(),
        task: test.clone(),
        hours: 8.0,
        note: String::new(),
    })));
    r.ok(res(ResourceCommand::AddAllocation(NewAllocation {
        resource: rig.clone(),
        task: test.clone(),
        hours: 16.0,
        note: String::new(),
    })));
    r.ok(res(ResourceCommand::AddAllocation(NewAllocation {
        resource: dev.clone(),
        task: gone.clone(),
        hours: 4.0,
        note: String::new(),
    })));
    r.ok(Command::Item(ItemCommand::Delete { kind: Kind::Task, id: gone.to_string() }));
    r.ok(res(ResourceCommand::UpdateAllocation {
        id: a2.parse().unwrap(),
        patch: AllocationPatch { hours: Some(12.0), note: Some("two runs".into()), ..Default::default() },
    }));
    let out = r.ok(res(ResourceCommand::Update {
        id: rig.clone(),
        patch: ResourcePatch {
            cost_rate: Some(30_000),
            capacity_hours_per_week: Edit::Set(40.0),
            notes: Some("Shared with QA".into()),
            ..Default::default()
        },
    }));
    assert_eq!(out.summary, "Update resource 'Test rig': cost rate to 300.00, capacity to 40 h/week, notes");
    r.ok(Command::Item(ItemCommand::Delete { kind: Kind::Resource, id: ide.to_string() }));
    check_resources(
        &r,
        expect![[r#"
            Ada (developer) (person) 95.00/hour member=Ada capacity=32h/week allocated=42h notes="Senior"
            (deleted) IDE seats (licence) 1200.00/fixed member=- capacity=- allocated=0h notes=""
            Test rig (equipment) 300.00/day member=- capacity=40h/week allocated=16h notes="Shared with QA"
        "#]],
    );
    check_allocations(
        &r,
        expect![[r#"
            Ada (developer) -> Build API 30h "first pass"
            Ada (developer) -> Dropped spike (task deleted) 4h ""
            Ada (developer) -> Load test 12h "two runs"
            Test rig -> Load test 16h ""
        "#]],
    );
    assert_eq!(resources::resource(&r.doc, &dev).unwrap().member, Some(ada));
}

#[test]
fn budget_lines_and_expenses_add_up() {
    let mut r = Replica::with_project(1);
    let hw = add_line(&mut r, "Hardware", "capex", 2_000_000);
    let sw = add_line(&mut r, "Licences", "opex", 500_000);
    let travel = add_line(&mut r, "Travel", "opex", 100_000);
    let old = add_line(&mut r, "Catering", "opex", 50_000);
    let out = r.ok(expense(&hw, 1_250_000, "2026-01-12", "Servers", ExpenseState::Actual));
    assert_eq!(out.summary, "Book 12500.00 EUR on 'Hardware'");
    let ordered: String = r.create(expense(&hw, 400_000, "2026-01-20", "Switches", ExpenseState::Committed));
    r.ok(expense(&sw, 120_000, "2026-01-15", "IDE seats", ExpenseState::Committed));
    r.ok(expense(&travel, 80_000, "2026-01-21", "Kick-off trip", ExpenseState::Actual));
    r.ok(expense(&travel, 45_000, "2026-02-03", "Client visit", ExpenseState::Actual));
    r.ok(expense(&old, 10_000, "2026-01-05", "Lunch", ExpenseState::Actual));
    r.ok(Command::Item(ItemCommand::Delete { kind: Kind::BudgetLine, id: old.to_string() }));
    let out = r.ok(res(ResourceCommand::UpdateExpense {
        id: ordered.parse().unwrap(),
        patch: ExpensePatch { state: Some(ExpenseState::Actual), amount: Some(390_000), ..Default::default() },
    }));
    assert_eq!(out.summary, "Update expense of 3900.00: amount to 3900.00, state to actual");
    r.ok(res(ResourceCommand::UpdateBudgetLine {
        id: sw.clone(),
        patch: BudgetLinePatch { planned: Some(450_000), ..Default::default() },
    }));
    check_budget(
        &r,
        expect![[r#"
            currency EUR project budget 100000.00 unplanned 74500.00
            [capex] Hardware         planned   20000.00 committed       0.00 actual   16400.00 remaining    3600.00 (2 expenses)
            [opex] Licences          planned    4500.00 committed    1200.00 actual       0.00 remaining    3300.00 (1 expenses)
            [opex] Travel            planned    1000.00 committed       0.00 actual    1250.00 remaining    -250.00 (2 expenses) OVER
            total                    planned   25500.00 committed    1200.00 actual   17650.00 remaining    6650.00
        "#]],
    );
    let listed: Vec<String> = resources::expenses(&r.doc)
        .unwrap()
        .into_iter()
        .map(|e| {
            format!(
                "{} {} {} {}{}",
                e.date.unwrap(),
                e.budget_line_name,
                format_minor(e.amount),
                e.state,
                if e.deleted { " (deleted)" } else { "" }
            )
        })
        .collect();
    expect![[r#"
        [
            "2026-01-05 Catering 100.00 actual",
            "2026-01-12 Hardware 12500.00 actual",
            "2026-01-15 Licences 1200.00 committed",
            "2026-01-20 Hardware 3900.00 actual",
            "2026-01-21 Travel 800.00 actual",
            "2026-02-03 Travel 450.00 actual",
        ]
    "#]]
    .assert_debug_eq(&listed);
}

#[test]
fn validation_says_what_to_fix() {
    let mut r = Replica::with_project(1);
    let dev = add_resource(&mut r, new_resource("Dev", ResourceKind::Person, 100, RateUnit::Hour));
    let t = add_task(&mut r, "Build");
    let line = add_line(&mut r, "Hardware", "capex", 1000);
    let gone = add_line(&mut r, "Old", "", 0);
    r.ok(Command::Item(ItemCommand::Delete { kind: Kind::BudgetLine, id: gone.to_string() }));
    let alloc = |resource: &str, task: &str, hours: f64| {
        res(ResourceCommand::AddAllocation(NewAllocation {
            resource: resource.parse().unwrap(),
            task: task.parse().unwrap(),
            hours,
            note: String::new(),
        }))
    };
    let gone_msg = format!("budget line {gone} was deleted; restore it before editing it");
    let heads = r.doc.get_heads();
    let cases = [
        (
            res(ResourceCommand::Add(new_resource(" ", ResourceKind::Vendor, 0, RateUnit::Fixed))),
            "name must not be empty",
        ),
        (
            res(ResourceCommand::Add(new_resource("Cloud", ResourceKind::Vendor, -500, RateUnit::Month))),
            "cost rate must not be negative (got -5.00)",
        ),
        (
            res(ResourceCommand::Add(NewResource {
                member: Some("nobody".parse().unwrap()),
                ..new_resource("Ghost", ResourceKind::Person, 0, RateUnit::Hour)
            })),
            "no member with id nobody in this project",
        ),
        (
            res(ResourceCommand::Add(NewResource {
                capacity_hours_per_week: Some(-1.0),
                ..new_resource("Rig", ResourceKind::Equipment, 0, RateUnit::Day)
            })),
            "capacity must not be negative (got -1)",
        ),
        (alloc(dev.as_str(), t.as_str(), 0.0), "hours must be more than 0"),
        (alloc(dev.as_str(), t.as_str(), -2.0), "hours must not be negative (got -2)"),
        (alloc("nores", t.as_str(), 1.0), "no resource with id nores in this project"),
        (alloc(dev.as_str(), "notask", 1.0), "no task with id notask in this project"),
        (
            res(ResourceCommand::AddBudgetLine { name: "Travel".into(), category: String::new(), planned: -100 }),
            "planned must not be negative (got -1.00)",
        ),
        (
            res(ResourceCommand::UpdateBudgetLine {
                id: line.clone(),
                patch: BudgetLinePatch { planned: Some(-1), ..Default::default() },
            }),
            "planned must not be negative (got -0.01)",
        ),
        (expense(&line, 0, "2026-01-10", "Nothing", ExpenseState::Actual), "amount must be more than 0"),
        (expense(&line, -250, "2026-01-10", "Refund", ExpenseState::Actual), "amount must not be negative (got -2.50)"),
        (
            expense(&"noline".parse().unwrap(), 100, "2026-01-10", "Cable", ExpenseState::Actual),
            "no budget line with id noline in this project",
        ),
        (expense(&gone, 100, "2026-01-10", "Cable", ExpenseState::Actual), gone_msg.as_str()),
        (
            res(ResourceCommand::AddExpense(NewExpense {
                resource: Some("nores".parse().unwrap()),
                ..NewExpense {
                    budget_line: line.clone(),
                    amount: 100,
                    date: d("2026-01-10"),
                    description: String::new(),
                    state: ExpenseState::Committed,
                    resource: None,
                }
            })),
            "no resource with id nores in this project",
        ),
        (
            res(ResourceCommand::Update { id: dev.clone(), patch: ResourcePatch::default() }),
            "nothing to change: give at least one field",
        ),
    ];
    for (cmd, want) in cases {
        assert_eq!(r.err(cmd), want);
    }
    assert_eq!(r.doc.get_heads(), heads, "refused commands write nothing");
    assert_eq!(
        "vehicle".parse::<ResourceKind>().unwrap_err().to_string(),
        "kind: \"vehicle\" is not one of person equipment licence vendor"
    );
}

#[test]
fn expenses_booked_offline_on_both_sides_are_all_counted() {
    let mut a = Replica::with_project(1);
    let line = add_line(&mut a, "Hardware", "capex", 1_000_000);
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    a.ok(expense(&line, 300_000, "2026-01-12", "Laptop", ExpenseState::Actual));
    b.ok(expense(&line, 200_000, "2026-01-12", "Monitors", ExpenseState::Committed));
    b.ok(expense(&line, 50_000, "2026-01-13", "Cables", ExpenseState::Actual));
    // Meanwhile A renames the line; the rename and B's expenses both survive.
    a.ok(res(ResourceCommand::UpdateBudgetLine {
        id: line.clone(),
        patch: BudgetLinePatch { name: Some("IT hardware".into()), ..Default::default() },
    }));
    a.merge_from(&b);
    b.merge_from(&a);
    check_budget(
        &a,
        expect![[r#"
            currency EUR project budget 100000.00 unplanned 90000.00
            [capex] IT hardware      planned   10000.00 committed    2000.00 actual    3500.00 remaining    4500.00 (3 expenses)
            total                    planned   10000.00 committed    2000.00 actual    3500.00 remaining    4500.00
        "#]],
    );
    assert_eq!(resources::budget(&a.doc).unwrap(), resources::budget(&b.doc).unwrap());
}
