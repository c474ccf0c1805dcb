//! Task and milestone commands and views: one `check` helper, snapshot expectations.

use expect_test::{Expect, expect};
use tandem_core::Command;
use tandem_core::ids::{MemberId, TaskId};
use tandem_core::milestones::{self, MilestoneCommand};
use tandem_core::project::ProjectCommand;
use tandem_core::tasks::{self, NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::testkit::Replica;
use tandem_core::values::Edit;

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn add(r: &mut Replica, title: &str, parent: Option<&str>) -> TaskId {
    r.create(Command::Task(TaskCommand::Add(NewTask {
        title: title.into(),
        parent: parent.map(|p| p.parse().unwrap()),
        estimate: Some(4.0),
        ..NewTask::default()
    })))
    .parse()
    .unwrap()
}

fn update(id: &TaskId, patch: TaskPatch) -> Command {
    Command::Task(TaskCommand::Update { id: id.clone(), patch })
}

/// Renders the live task tree as indented lines: title [status] estimate rollup.
fn check_tree(r: &Replica, expected: Expect) {
    fn walk(nodes: &[tasks::TaskNode], depth: usize, out: &mut String) {
        for n in nodes {
            out.push_str(&format!(
                "{}{} [{}] {}/{}h\n",
                "  ".repeat(depth),
                n.task.title,
                n.task.status,
                n.done_estimate,
                n.total_estimate
            ));
            walk(&n.children, depth + 1, out);
        }
    }
    let mut out = String::new();
    walk(&tasks::task_tree(&r.doc).unwrap(), 0, &mut out);
    expected.assert_eq(&out);
}

#[test]
fn tree_rolls_up_estimates_and_keeps_order() {
    let mut r = Replica::with_project(1);
    let design = add(&mut r, "Design", None);
    let build = add(&mut r, "Build", None);
    let wire = add(&mut r, "Wireframes", Some(design.as_str()));
    add(&mut r, "Mockups", Some(design.as_str()));
    r.ok(update(&wire, TaskPatch { status: Some(TaskStatus::Done), ..Default::default() }));
    r.ok(Command::Task(TaskCommand::Move { id: build.clone(), parent: Edit::Keep, after: None }));
    check_tree(
        &r,
        expect![[r#"
            Build [todo] 0/4h
            Design [todo] 4/12h
              Wireframes [done] 4/4h
              Mockups [todo] 0/4h
        "#]],
    );
}

#[test]
fn every_command_is_one_change_with_message_time_and_author() {
    let mut r = Replica::with_project(1);
    let before = r.doc.get_changes(&[]).len();
    let id = add(&mut r, "Write spec", None);
    let changes = r.doc.get_changes(&[]);
    assert_eq!(changes.len(), before + 1);
    let c = changes.last().unwrap();
    let me = tandem_core::project::members(&r.doc).unwrap()[0].id.clone();
    assert_eq!(
        c.message().unwrap(),
        &format!("Add task 'Write spec'\n\ntandem-author: {me}\ntandem-items: task:{id}\n")
    );
    assert_eq!(c.timestamp(), tandem_core::testkit::T0.seconds() + 60);
}

#[test]
fn validation_says_what_to_fix() {
    let mut r = Replica::with_project(1);
    let a = add(&mut r, "A", None);
    let b = add(&mut r, "B", None);
    let c = add(&mut r, "C", Some(a.as_str()));
    r.ok(Command::Task(TaskCommand::AddDependency { id: b.clone(), on: a.clone() }));
    r.ok(Command::Task(TaskCommand::AddDependency { id: c.clone(), on: b.clone() }));
    let cases = [
        (Command::Task(TaskCommand::Add(NewTask::default())), "title must not be empty".to_owned()),
        (
            Command::Task(TaskCommand::AddDependency { id: a.clone(), on: c.clone() }),
            format!(
                "task {a} cannot depend on {c}: {c} already depends on {a} (through {c} → {b} → {a}); remove one of the dependencies"
            ),
        ),
        (
            update(
                &a,
                TaskPatch { start: Edit::Set(d("2026-03-02")), due: Edit::Set(d("2026-03-01")), ..Default::default() },
            ),
            "start (2026-03-02) is after due (2026-03-01); move one of them".to_owned(),
        ),
        (
            update(&a, TaskPatch { estimate: Edit::Set(-1.0), ..Default::default() }),
            "estimate must not be negative (got -1)".to_owned(),
        ),
        (
            update(&a, TaskPatch { status: Some(TaskStatus::Done), ..Default::default() }),
            format!("task {a} has 1 open subtask(s); finish or cancel them first"),
        ),
        (
            Command::Task(TaskCommand::Assign { id: a.clone(), member: "nobody".parse::<MemberId>().unwrap() }),
            "no member with id nobody in this project".to_owned(),
        ),
        (
            Command::Task(TaskCommand::Move { id: a.clone(), parent: Edit::Set(c.clone()), after: None }),
            format!("task {a} cannot be placed under {c}: {c} is inside {a}'s own subtree"),
        ),
    ];
    let heads = r.doc.get_heads();
    for (cmd, want) in cases {
        assert_eq!(r.err(cmd), want);
    }
    assert_eq!(r.doc.get_heads(), heads, "refused commands write nothing");
    r.ok(update(&b, TaskPatch { status: Some(TaskStatus::Blocked), ..Default::default() }));
    assert_eq!(
        r.err(update(&b, TaskPatch { status: Some(TaskStatus::Done), ..Default::default() })),
        "a task cannot go from blocked to done; allowed next: todo, in_progress, cancelled"
    );
}

#[test]
fn time_logged_concurrently_adds_up() {
    let mut a = Replica::with_project(1);
    let t = add(&mut a, "Deploy", None);
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    a.ok(Command::Task(TaskCommand::LogTime { id: t.clone(), hours: 1.5 }));
    b.ok(Command::Task(TaskCommand::LogTime { id: t.clone(), hours: 2.0 }));
    a.merge_from(&b);
    assert_eq!(tasks::task(&a.doc, &t).unwrap().spent, 3.5);
}

#[test]
fn milestones_count_their_tasks() {
    let mut r = Replica::with_project(1);
    let m = r.create(Command::Milestone(MilestoneCommand::Add {
        title: "Beta".into(),
        due: d("2026-03-31"),
        description: String::new(),
    }));
    let t = add(&mut r, "Ship beta", None);
    r.ok(update(&t, TaskPatch { milestone: Edit::Set(m.parse().unwrap()), ..Default::default() }));
    r.ok(update(&t, TaskPatch { status: Some(TaskStatus::Done), ..Default::default() }));
    let ms = milestones::milestones(&r.doc).unwrap();
    assert_eq!((ms[0].title.as_str(), ms[0].tasks_done, ms[0].tasks_total), ("Beta", 1, 1));
}

#[test]
fn ids_resolve_from_unique_prefixes() {
    use tandem_core::items::resolve;
    use tandem_core::schema::Kind;
    let mut r = Replica::with_project(1);
    let ids: Vec<String> = (0..40).map(|i| add(&mut r, &format!("T{i}"), None).to_string()).collect();
    for id in &ids {
        assert_eq!(&resolve(&r.doc, Kind::Task, id).unwrap(), id);
        // The shortest prefix that is unique resolves to the id.
        let n = (1..=id.len()).find(|&n| ids.iter().filter(|o| o.starts_with(&id[..n])).count() == 1).unwrap();
        assert_eq!(&resolve(&r.doc, Kind::Task, &id[..n]).unwrap(), id);
    }
    assert_eq!(
        resolve(&r.doc, Kind::Task, "zzzzzzzzzzz").unwrap_err().to_string(),
        "no task with id zzzzzzzzzzz in this project"
    );
    let shared =
        (1..ids[0].len()).rev().map(|n| &ids[0][..n]).find(|p| ids.iter().filter(|o| o.starts_with(p)).count() > 1);
    if let Some(p) = shared {
        assert!(resolve(&r.doc, Kind::Task, p).unwrap_err().to_string().contains("type more of the id"));
    }
}

#[test]
fn subtask_index_and_order_hint_survive_concurrent_moves() {
    let mut ada = Replica::with_project(1);
    let p1 = add(&mut ada, "Parent one", None);
    let p2 = add(&mut ada, "Parent two", None);
    let child = add(&mut ada, "Child", Some(p1.as_str()));
    let mv = |to: &TaskId| {
        Command::Task(TaskCommand::Move { id: child.clone(), parent: Edit::Set(to.clone()), after: None })
    };
    let mut bo = ada.fork(2);
    // Offline, Ada moves the child back to the top level and Bo moves it under the second parent.
    ada.ok(Command::Task(TaskCommand::Move { id: child.clone(), parent: Edit::Clear, after: None }));
    bo.ok(mv(&p2));
    ada.merge_from(&bo);
    bo.merge_from(&ada);
    let parent_now = tasks::task(&ada.doc, &child).unwrap().parent;
    assert_eq!(parent_now, tasks::task(&bo.doc, &child).unwrap().parent);
    // Whichever parent won, only that parent counts the open child; the other can be finished.
    let done = TaskPatch { status: Some(TaskStatus::Done), ..TaskPatch::default() };
    let (blocked, free) = match &parent_now {
        Some(p) => (Some(p.clone()), if *p == p2 { p1.clone() } else { p2.clone() }),
        None => (None, p2.clone()),
    };
    ada.ok(update(&free, done.clone()));
    if let Some(b) = blocked {
        let err = ada.err(update(&b, done.clone()));
        assert!(err.contains("1 open subtask"), "{err}");
    }
    // A task appended after the merge sorts after every top-level task on both replicas.
    let last = add(&mut ada, "Appended last", None);
    let top: Vec<TaskId> =
        tasks::tasks(&ada.doc).unwrap().into_iter().filter(|t| t.parent.is_none()).map(|t| t.id).collect();
    assert_eq!(top.last(), Some(&last), "{top:?}");
    // Subtasks appended under a parent go after their siblings.
    let s1 = add(&mut ada, "Sub one", Some(p1.as_str()));
    let s2 = add(&mut ada, "Sub two", Some(p1.as_str()));
    let subs: Vec<TaskId> = tasks::tasks(&ada.doc)
        .unwrap()
        .into_iter()
        .filter(|t| t.parent.as_ref() == Some(&p1) && t.id != child)
        .map(|t| t.id)
        .collect();
    assert_eq!(subs, vec![s1, s2]);
}

#[test]
fn finishing_a_parent_counts_only_its_live_open_subtasks() {
    let mut r = Replica::with_project(1);
    let parent = add(&mut r, "Release", None);
    let a = add(&mut r, "Build", Some(parent.as_str()));
    let b = add(&mut r, "Smoke test", Some(parent.as_str()));
    let done = TaskPatch { status: Some(TaskStatus::Done), ..TaskPatch::default() };
    let err = r.err(update(&parent, done.clone()));
    assert!(err.contains("2 open subtask"), "{err}");
    r.ok(update(&a, done.clone()));
    r.ok(Command::Item(tandem_core::items::ItemCommand::Delete { kind: tandem_core::Kind::Task, id: b.to_string() }));
    r.ok(update(&parent, done));
}
