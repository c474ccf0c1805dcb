//! Project log commands and views: one `check` helper, snapshot expectations.

use expect_test::{Expect, expect};
use tandem_core::ids::{MemberId, Millis};
use tandem_core::items::ItemCommand;
use tandem_core::log::{self, LogCommand, LogFilter, LogKind};
use tandem_core::project::ProjectCommand;
use tandem_core::tasks::{NewTask, TaskCommand};
use tandem_core::testkit::{Replica, T0};
use tandem_core::{Command, ItemRef, Kind};

fn entry(r: &mut Replica, body: &str, kind: LogKind, refs: Vec<ItemRef>) -> String {
    r.create(Command::Log(LogCommand::Add { body: body.into(), kind, refs }))
}

fn task(r: &mut Replica, title: &str) -> String {
    r.create(Command::Task(TaskCommand::Add(NewTask { title: title.into(), ..NewTask::default() })))
}

fn minutes_after_t0(m: i64) -> Millis {
    Millis(T0.0 + m * 60_000)
}

/// The log entries matching `filter`, one line each: time, author, kind, body, and refs named by
/// title (tasks), name (members) or body (log entries) rather than by id.
fn check(r: &Replica, filter: &LogFilter, expected: Expect) {
    let all = log::log(&r.doc, &LogFilter::default()).unwrap();
    let mut out = String::new();
    for e in log::log(&r.doc, filter).unwrap() {
        let refs: Vec<String> = e
            .refs
            .iter()
            .map(|x| match x.kind {
                Kind::Task => {
                    format!("task '{}'", tandem_core::tasks::task(&r.doc, &x.id.parse().unwrap()).unwrap().title)
                }
                Kind::Member => format!("member {}", tandem_core::project::member_name(&r.doc, &x.id)),
                Kind::LogEntry => {
                    let body = all.iter().find(|l| l.id.as_str() == x.id).map(|l| l.body.clone()).unwrap_or_default();
                    format!("log '{body}'")
                }
                _ => x.to_string(),
            })
            .collect();
        out.push_str(&format!("{} {} [{}] {}", e.at, e.author_name, e.kind, e.body.replace('\n', " / ")));
        if !refs.is_empty() {
            out.push_str(&format!(" ({})", refs.join(", ")));
        }
        out.push('\n');
    }
    expected.assert_eq(&out);
}

#[test]
fn log_lists_and_filters_entries() {
    let mut r = Replica::with_project(1);
    let ada: MemberId = tandem_core::project::members(&r.doc).unwrap()[0].id.clone();
    let deploy = task(&mut r, "Deploy");
    let out = r.ok(Command::Log(LogCommand::Add {
        body: "  Kicked off the project.\nEveryone is on board.\n".into(),
        kind: LogKind::Milestone,
        refs: vec![],
    }));
    assert_eq!(out.summary, "Log milestone: Kicked off the project.");
    entry(&mut r, "Staging is up", LogKind::Progress, vec![ItemRef::new(Kind::Task, deploy.clone())]);
    let problem = entry(&mut r, "Prod DNS is broken", LogKind::Problem, vec![ItemRef::new(Kind::Task, deploy.clone())]);
    let mut b = r.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    entry(
        &mut b,
        "DNS fixed",
        LogKind::default(),
        vec![ItemRef::new(Kind::LogEntry, problem.clone()), ItemRef::new(Kind::Member, ada.to_string())],
    );
    r.merge_from(&b);
    // Bodies are Text: they can be spliced like any other text field.
    let out = r.ok(Command::Item(ItemCommand::EditText {
        kind: Kind::LogEntry,
        id: problem.clone(),
        field: "body".into(),
        pos: 0,
        delete: 0,
        insert: "(resolved) ".into(),
    }));
    assert_eq!(out.summary, "Edit body of log entry");

    check(
        &r,
        &LogFilter::default(),
        expect![[r#"
            2026-01-05 09:02:00 UTC Ada [milestone] Kicked off the project. / Everyone is on board.
            2026-01-05 09:03:00 UTC Ada [progress] Staging is up (task 'Deploy')
            2026-01-05 09:04:00 UTC Ada [problem] (resolved) Prod DNS is broken (task 'Deploy')
            2026-01-05 09:06:00 UTC Bo [note] DNS fixed (member Ada, log '(resolved) Prod DNS is broken')
        "#]],
    );
    check(
        &r,
        &LogFilter { item: Some(ItemRef::new(Kind::Task, deploy.clone())), ..LogFilter::default() },
        expect![[r#"
            2026-01-05 09:03:00 UTC Ada [progress] Staging is up (task 'Deploy')
            2026-01-05 09:04:00 UTC Ada [problem] (resolved) Prod DNS is broken (task 'Deploy')
        "#]],
    );
    check(
        &r,
        &LogFilter { author: Some(ada.clone()), from: Some(minutes_after_t0(3)), ..LogFilter::default() },
        expect![[r#"
            2026-01-05 09:03:00 UTC Ada [progress] Staging is up (task 'Deploy')
            2026-01-05 09:04:00 UTC Ada [problem] (resolved) Prod DNS is broken (task 'Deploy')
        "#]],
    );
    check(
        &r,
        &LogFilter { kind: Some(LogKind::Milestone), to: Some(minutes_after_t0(3)), ..LogFilter::default() },
        expect![[r#"
            2026-01-05 09:02:00 UTC Ada [milestone] Kicked off the project. / Everyone is on board.
        "#]],
    );
    check(&r, &LogFilter { kind: Some(LogKind::Decision), ..LogFilter::default() }, expect![""]);
}

#[test]
fn validation_says_what_to_fix() {
    let mut r = Replica::with_project(1);
    let t = task(&mut r, "Old task");
    let first = entry(&mut r, "First", LogKind::Note, vec![]);
    r.ok(Command::Item(ItemCommand::Delete { kind: Kind::Task, id: t.clone() }));
    let add =
        |body: &str, refs: Vec<ItemRef>| Command::Log(LogCommand::Add { body: body.into(), kind: LogKind::Note, refs });
    let cases = [
        (add(" \n ", vec![]), "body must not be empty".to_owned()),
        (add("x", vec![ItemRef::new(Kind::Task, "ghost")]), "no task with id ghost in this project".to_owned()),
        (add("x", vec![ItemRef::new(Kind::Risk, "ghost")]), "no risk with id ghost in this project".to_owned()),
        (
            add("x", vec![ItemRef::new(Kind::LogEntry, "ghost")]),
            "no log entry with id ghost in this project".to_owned(),
        ),
        (
            add("x", vec![ItemRef::new(Kind::Task, t.clone())]),
            format!("task {t} was deleted; restore it before editing it"),
        ),
        (add(&"y".repeat(20_001), vec![]), "body is too long (20001 characters); keep it under 20000".to_owned()),
        (
            Command::Item(ItemCommand::Delete { kind: Kind::LogEntry, id: first.clone() }),
            "the project log is append-only; add a correcting entry instead".to_owned(),
        ),
        (
            Command::Item(ItemCommand::EditText {
                kind: Kind::LogEntry,
                id: "ghost".into(),
                field: "body".into(),
                pos: 0,
                delete: 0,
                insert: "x".into(),
            }),
            "no log entry with id ghost in this project".to_owned(),
        ),
    ];
    let heads = r.doc.get_heads();
    for (cmd, want) in cases {
        assert_eq!(r.err(cmd), want);
    }
    assert_eq!(r.doc.get_heads(), heads, "refused commands write nothing");
    assert_eq!(
        "rant".parse::<LogKind>().unwrap_err().to_string(),
        "kind: \"rant\" is not one of note progress problem decision milestone"
    );
}

#[test]
fn offline_appends_from_two_members_are_all_kept() {
    let mut a = Replica::with_project(1);
    entry(&mut a, "Project created", LogKind::Milestone, vec![]);
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));

    // Both write offline; Bo's clock runs a little behind.
    a.now = minutes_after_t0(10);
    b.now = minutes_after_t0(9);
    entry(&mut a, "Ada 1", LogKind::Progress, vec![]);
    entry(&mut b, "Bo 1", LogKind::Note, vec![]);
    entry(&mut a, "Ada 2", LogKind::Problem, vec![]);
    entry(&mut b, "Bo 2", LogKind::Note, vec![]);
    entry(&mut b, "Bo 3", LogKind::Note, vec![]);

    // Merge in both directions: every replica sees every entry, in the same order.
    let mut a_then_b = a.fork(3);
    a_then_b.merge_from(&b);
    let mut b_then_a = b.fork(4);
    b_then_a.merge_from(&a);
    for r in [&a_then_b, &b_then_a] {
        check(
            r,
            &LogFilter::default(),
            expect![[r#"
                2026-01-05 09:01:00 UTC Ada [milestone] Project created
                2026-01-05 09:09:00 UTC Bo [note] Bo 1
                2026-01-05 09:10:00 UTC Bo [note] Bo 2
                2026-01-05 09:10:00 UTC Ada [progress] Ada 1
                2026-01-05 09:11:00 UTC Ada [problem] Ada 2
                2026-01-05 09:11:00 UTC Bo [note] Bo 3
            "#]],
        );
    }
    assert_eq!(log::log(&a_then_b.doc, &LogFilter::default()), log::log(&b_then_a.doc, &LogFilter::default()));
}
