//! Goal commands and views: one `check` helper, snapshot expectations.

use expect_test::{Expect, expect};
use tandem_core::Command;
use tandem_core::goals::{self, GoalCommand, GoalHorizon, GoalPatch, GoalStatus, NewGoal};
use tandem_core::ids::{GoalId, MemberId};
use tandem_core::items::ItemCommand;
use tandem_core::project::ProjectCommand;
use tandem_core::tasks::{NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::testkit::Replica;
use tandem_core::values::Edit;
use tandem_core::{Kind, project};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn me(r: &Replica) -> MemberId {
    project::members(&r.doc).unwrap()[0].id.clone()
}

fn add(r: &mut Replica, g: NewGoal) -> GoalId {
    r.create(Command::Goal(GoalCommand::Add(g))).parse().unwrap()
}

fn update(id: &GoalId, patch: GoalPatch) -> Command {
    Command::Goal(GoalCommand::Update { id: id.clone(), patch })
}

fn progress(id: &GoalId, current: f64) -> Command {
    Command::Goal(GoalCommand::RecordProgress { id: id.clone(), current })
}

/// Renders every goal as one line as of `today`.
fn check(r: &Replica, today: &str, expected: Expect) {
    let mut out = String::new();
    for g in goals::goals(&r.doc, d(today)).unwrap() {
        out.push_str(&format!(
            "{}{} [{} {}] {}: {} -> {} -> {} = {:.0}% on_track={} due={} owner={} tasks={}/{}\n",
            if g.deleted { "(deleted) " } else { "" },
            g.title,
            g.status,
            g.horizon,
            g.metric,
            g.baseline,
            g.current,
            g.target,
            g.progress * 100.0,
            g.on_track.map_or("-".to_owned(), |b| b.to_string()),
            g.due.map_or("-".to_owned(), |d| d.to_string()),
            g.owner.map_or("-".to_owned(), |o| project::member_name(&r.doc, o.as_str())),
            g.tasks_done,
            g.tasks_total,
        ));
    }
    expected.assert_eq(&out);
}

#[test]
fn progress_works_up_and_down_and_keeps_pace_with_time() {
    let mut r = Replica::with_project(1);
    let ada = me(&r);
    // Created on 2026-01-05 (the test clock), due 2026-03-06: 60 days.
    let latency = add(
        &mut r,
        NewGoal {
            title: "Cut latency".into(),
            metric: "p95 latency ms".into(),
            baseline: 400.0,
            target: 200.0,
            due: Some(d("2026-03-06")),
            owner: Some(ada.clone()),
            ..NewGoal::default()
        },
    );
    let customers = add(
        &mut r,
        NewGoal {
            title: "Sign pilot customers".into(),
            horizon: GoalHorizon::Long,
            metric: "customers".into(),
            baseline: 0.0,
            target: 10.0,
            current: Some(2.0),
            ..NewGoal::default()
        },
    );
    let docs = add(
        &mut r,
        NewGoal {
            title: "Document the API".into(),
            metric: "endpoints documented".into(),
            baseline: 0.0,
            target: 20.0,
            due: Some(d("2026-02-04")),
            ..NewGoal::default()
        },
    );
    let old = add(&mut r, NewGoal { title: "Old idea".into(), baseline: 0.0, target: 1.0, ..NewGoal::default() });
    r.ok(progress(&latency, 300.0));
    r.ok(progress(&docs, 20.0));
    r.ok(progress(&customers, 12.0));
    r.ok(update(&docs, GoalPatch { status: Some(GoalStatus::Achieved), ..Default::default() }));
    r.ok(Command::Item(ItemCommand::Delete { kind: Kind::Goal, id: old.to_string() }));
    let t = r.create(Command::Task(TaskCommand::Add(NewTask {
        title: "Add caching".into(),
        goal: Some(latency.clone()),
        ..NewTask::default()
    })));
    r.create(Command::Task(TaskCommand::Add(NewTask {
        title: "Profile queries".into(),
        goal: Some(latency.clone()),
        ..NewTask::default()
    })));
    r.ok(Command::Task(TaskCommand::Update {
        id: t.parse().unwrap(),
        patch: TaskPatch { status: Some(TaskStatus::Done), ..Default::default() },
    }));
    // 2026-02-04 is half way to the latency goal's due date: 50% done keeps pace.
    check(
        &r,
        "2026-02-04",
        expect![[r#"
            Cut latency [active short] p95 latency ms: 400 -> 300 -> 200 = 50% on_track=true due=2026-03-06 owner=Ada tasks=1/2
            (deleted) Old idea [active short] : 0 -> 0 -> 1 = 0% on_track=- due=- owner=- tasks=0/0
            Sign pilot customers [active long] customers: 0 -> 12 -> 10 = 100% on_track=- due=- owner=- tasks=0/0
            Document the API [achieved short] endpoints documented: 0 -> 20 -> 20 = 100% on_track=- due=2026-02-04 owner=- tasks=0/0
        "#]],
    );
    // A day later it falls behind; worse than the baseline clamps to 0%.
    r.ok(progress(&latency, 450.0));
    let g = goals::goal(&r.doc, &latency, d("2026-02-05")).unwrap();
    assert_eq!((g.progress, g.on_track, g.tasks_done, g.tasks_total), (0.0, Some(false), 1, 2));
    assert_eq!(goals::progress(400.0, 200.0, 250.0), 0.75);
}

#[test]
fn updates_change_only_what_is_given() {
    let mut r = Replica::with_project(1);
    let ada = me(&r);
    let g = add(
        &mut r,
        NewGoal { title: "Grow".into(), metric: "users".into(), baseline: 10.0, target: 20.0, ..NewGoal::default() },
    );
    let out = r.ok(update(
        &g,
        GoalPatch {
            title: Some("Grow users".into()),
            target: Some(40.0),
            due: Edit::Set(d("2026-06-30")),
            owner: Edit::Set(ada),
            description: Some("Double, then double again.".into()),
            ..Default::default()
        },
    ));
    assert_eq!(
        out.summary,
        "Update goal 'Grow': title to 'Grow users', description, target to 40, due to 2026-06-30, owner to Ada"
    );
    assert_eq!(r.ok(progress(&g, 25.0)).summary, "Record progress on 'Grow users': 25 users (50%)");
    r.ok(update(&g, GoalPatch { owner: Edit::Clear, due: Edit::Clear, ..Default::default() }));
    check(
        &r,
        "2026-01-05",
        expect![[r#"
            Grow users [active short] users: 10 -> 25 -> 40 = 50% on_track=- due=- owner=- tasks=0/0
        "#]],
    );
    assert_eq!(goals::goal(&r.doc, &g, d("2026-01-05")).unwrap().description, "Double, then double again.");
}

#[test]
fn validation_says_what_to_fix() {
    let mut r = Replica::with_project(1);
    let g = add(&mut r, NewGoal { title: "Ship".into(), baseline: 0.0, target: 1.0, ..NewGoal::default() });
    r.ok(update(&g, GoalPatch { status: Some(GoalStatus::Abandoned), ..Default::default() }));
    let heads = r.doc.get_heads();
    let cases = [
        (
            Command::Goal(GoalCommand::Add(NewGoal { target: 1.0, ..NewGoal::default() })),
            "title must not be empty".to_owned(),
        ),
        (
            Command::Goal(GoalCommand::Add(NewGoal {
                title: "Flat".into(),
                baseline: 5.0,
                target: 5.0,
                ..NewGoal::default()
            })),
            "target must differ from baseline (both are 5); progress is measured from baseline to target".to_owned(),
        ),
        (
            Command::Goal(GoalCommand::Add(NewGoal {
                title: "Owned".into(),
                target: 1.0,
                owner: Some("nobody".parse().unwrap()),
                ..NewGoal::default()
            })),
            "no member with id nobody in this project".to_owned(),
        ),
        (
            update(&g, GoalPatch { baseline: Some(1.0), ..Default::default() }),
            "target must differ from baseline (both are 1); progress is measured from baseline to target".to_owned(),
        ),
        (
            update(&g, GoalPatch { status: Some(GoalStatus::Achieved), ..Default::default() }),
            "a goal cannot go from abandoned to achieved; allowed next: active".to_owned(),
        ),
        (progress(&g, f64::NAN), "current must be a number".to_owned()),
        (update(&g, GoalPatch::default()), "nothing to change: give at least one field".to_owned()),
        (progress(&"missing".parse().unwrap(), 1.0), "no goal with id missing in this project".to_owned()),
    ];
    for (cmd, want) in cases {
        assert_eq!(r.err(cmd), want);
    }
    assert_eq!(r.doc.get_heads(), heads, "refused commands write nothing");
    r.ok(update(&g, GoalPatch { status: Some(GoalStatus::Active), ..Default::default() }));
    r.ok(update(&g, GoalPatch { status: Some(GoalStatus::Achieved), ..Default::default() }));
    assert_eq!(
        r.err(update(&g, GoalPatch { status: Some(GoalStatus::Abandoned), ..Default::default() })),
        "a goal cannot go from achieved to abandoned; allowed next: active"
    );
}

#[test]
fn concurrent_progress_and_edits_merge() {
    let mut a = Replica::with_project(1);
    let g = add(
        &mut a,
        NewGoal {
            title: "Cut costs".into(),
            metric: "EUR/month".into(),
            baseline: 1000.0,
            target: 600.0,
            ..NewGoal::default()
        },
    );
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    a.ok(progress(&g, 800.0));
    b.ok(update(
        &g,
        GoalPatch { title: Some("Cut hosting costs".into()), horizon: Some(GoalHorizon::Long), ..Default::default() },
    ));
    a.merge_from(&b);
    b.merge_from(&a);
    check(
        &a,
        "2026-01-05",
        expect![[r#"
            Cut hosting costs [active long] EUR/month: 1000 -> 800 -> 600 = 50% on_track=- due=- owner=- tasks=0/0
        "#]],
    );
    assert_eq!(goals::goals(&a.doc, d("2026-01-05")).unwrap(), goals::goals(&b.doc, d("2026-01-05")).unwrap());
}
