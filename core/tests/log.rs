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
        at: None,
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
                at: None,
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
                2026-01-05 09:10:00 UTC Ada [progress] Ada 1
                2026-01-05 09:10:00 UTC Bo [note] Bo 2
                2026-01-05 09:11:00 UTC Bo [note] Bo 3
                2026-01-05 09:11:00 UTC Ada [problem] Ada 2
            "#]],
        );
    }
    assert_eq!(log::log(&a_then_b.doc, &LogFilter::default()), log::log(&b_then_a.doc, &LogFilter::default()));
}

/// The entries `page` returns, as `log` would list them: newest first, `offset` skipped, at most
/// `limit`, with the number of all matches.
fn page_from_log(r: &Replica, filter: &LogFilter, offset: usize, limit: usize) -> log::LogPage {
    let mut all = log::log(&r.doc, filter).unwrap();
    all.reverse();
    log::LogPage { total: all.len(), offset, entries: all.into_iter().skip(offset).take(limit).collect() }
}

#[test]
fn a_page_is_the_log_newest_first() {
    let mut a = Replica::with_project(1);
    let ada: MemberId = tandem_core::project::members(&a.doc).unwrap()[0].id.clone();
    let deploy = task(&mut a, "Deploy");
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    // 30 entries each, offline, with clocks that interleave and sometimes meet.
    for i in 0..30 {
        a.now = minutes_after_t0(10 + 2 * i);
        b.now = minutes_after_t0(11 + 2 * i - i % 3);
        let kind = if i % 4 == 0 { LogKind::Problem } else { LogKind::Note };
        let refs = if i % 5 == 0 { vec![ItemRef::new(Kind::Task, deploy.clone())] } else { vec![] };
        entry(&mut a, &format!("Ada {i}"), kind, refs);
        entry(&mut b, &format!("Bo {i}"), LogKind::Progress, vec![]);
    }
    a.merge_from(&b);
    b.merge_from(&a);
    let filters = [
        LogFilter::default(),
        LogFilter { author: Some(ada.clone()), ..LogFilter::default() },
        LogFilter { kind: Some(LogKind::Problem), ..LogFilter::default() },
        LogFilter { item: Some(ItemRef::new(Kind::Task, deploy.clone())), ..LogFilter::default() },
        LogFilter { from: Some(minutes_after_t0(20)), to: Some(minutes_after_t0(41)), ..LogFilter::default() },
        LogFilter { from: Some(minutes_after_t0(30)), kind: Some(LogKind::Note), ..LogFilter::default() },
        LogFilter { to: Some(minutes_after_t0(0)), ..LogFilter::default() },
    ];
    for filter in &filters {
        for (offset, limit) in [(0, 100), (0, 7), (7, 7), (55, 10), (60, 10), (200, 10), (3, 0)] {
            for r in [&a, &b] {
                assert_eq!(
                    log::page(&r.doc, filter, offset, limit).unwrap(),
                    page_from_log(r, filter, offset, limit),
                    "{filter:?} {offset} {limit}"
                );
            }
        }
    }
    let first = log::page(&a.doc, &LogFilter::default(), 0, 3).unwrap();
    assert_eq!(first.total, 60);
    let bodies: Vec<&str> = first.entries.iter().map(|e| e.body.as_str()).collect();
    // Ada 28 and Bo 28 share a minute: the greater id is the newer (ids derive from the heads,
    // so which one that is depends on everything written before).
    let all = log::log(&a.doc, &LogFilter::default()).unwrap();
    let id_of = |body: &str| all.iter().find(|e| e.body == body).map(|e| e.id.clone()).unwrap();
    let (ada28, bo28) = (id_of("Ada 28"), id_of("Bo 28"));
    let third = if bo28 > ada28 { "Bo 28" } else { "Ada 28" };
    assert_eq!(bodies, ["Ada 29", "Bo 29", third]);
}

#[test]
fn entries_merge_into_one_order_even_when_both_replicas_start_the_log() {
    // Neither replica has written an entry when they part, so each makes the entry map: the
    // root key then holds two maps, and every entry of both is read.
    let mut a = Replica::with_project(1);
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    a.now = minutes_after_t0(5);
    b.now = minutes_after_t0(5);
    let a1 = entry(&mut a, "Ada first", LogKind::Note, vec![]);
    let b1 = entry(&mut b, "Bo first", LogKind::Note, vec![]);
    entry(&mut a, "Ada second", LogKind::Note, vec![]);
    a.merge_from(&b);
    b.merge_from(&a);
    let maps = automerge::ReadDoc::get_all(&a.doc, automerge::ROOT, "log_entries").unwrap();
    assert_eq!(maps.len(), 2, "two rival entry maps");
    assert_eq!(log::log(&a.doc, &LogFilter::default()).unwrap(), log::log(&b.doc, &LogFilter::default()).unwrap());
    assert_eq!(log::page(&a.doc, &LogFilter::default(), 0, 10).unwrap().total, 3);

    // Entries in either map can be edited and referred to, on either replica; new entries land
    // in the map Automerge shows and still sort by time.
    for (r, id) in [(&mut a, b1.clone()), (&mut b, a1.clone())] {
        r.ok(Command::Item(ItemCommand::EditText {
            kind: Kind::LogEntry,
            id: id.clone(),
            field: "body".into(),
            pos: 0,
            delete: 0,
            insert: "(seen) ".into(),
            at: None,
        }));
        r.now = minutes_after_t0(1);
        entry(r, "Annotation", LogKind::Note, vec![ItemRef::new(Kind::LogEntry, id)]);
    }
    a.merge_from(&b);
    b.merge_from(&a);
    for r in [&a, &b] {
        check(
            r,
            &LogFilter::default(),
            expect![[r#"
                2026-01-05 09:01:00 UTC Ada [note] Annotation (log '(seen) Bo first')
                2026-01-05 09:01:00 UTC Bo [note] Annotation (log '(seen) Ada first')
                2026-01-05 09:05:00 UTC Bo [note] (seen) Bo first
                2026-01-05 09:05:00 UTC Ada [note] (seen) Ada first
                2026-01-05 09:06:00 UTC Ada [note] Ada second
            "#]],
        );
    }
    assert_eq!(a.doc.get_heads(), b.doc.get_heads());
    assert_eq!(log::log(&a.doc, &LogFilter::default()).unwrap(), log::log(&b.doc, &LogFilter::default()).unwrap());
}

/// Writes an entry into the v1 `log` list the way builds before `log_entries` did.
fn legacy_entry(r: &mut Replica, id: &str, at: Millis, author: &MemberId, body: &str, refs: &[&str]) {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT, ReadDoc};
    let mut tx = r.doc.transaction();
    let list = tx.get(ROOT, "log").unwrap().unwrap().1;
    let end = tx.length(&list);
    let e = tx.insert_object(&list, end, ObjType::Map).unwrap();
    tx.put(&e, "id", id).unwrap();
    tx.put(&e, "at", at.0).unwrap();
    tx.put(&e, "author", author.as_str()).unwrap();
    tx.put(&e, "kind", "note").unwrap();
    let text = tx.put_object(&e, "body", ObjType::Text).unwrap();
    tx.splice_text(&text, 0, 0, body).unwrap();
    let set = tx.put_object(&e, "refs", ObjType::Map).unwrap();
    for r in refs {
        tx.put(&set, *r, true).unwrap();
    }
    tx.commit();
}

#[test]
fn entries_written_before_the_entry_map_are_still_read_and_edited() {
    let mut r = Replica::with_project(1);
    let ada: MemberId = tandem_core::project::members(&r.doc).unwrap()[0].id.clone();
    let deploy = task(&mut r, "Deploy");
    legacy_entry(&mut r, "old1aaaaaa", minutes_after_t0(2), &ada, "Old kick-off", &[]);
    legacy_entry(&mut r, "old2bbbbbb", minutes_after_t0(30), &ada, "Old late note", &[&format!("task:{deploy}")]);
    // Written out of time order, as merged replicas could leave them.
    legacy_entry(&mut r, "old3cccccc", minutes_after_t0(10), &ada, "Old middle", &[]);
    r.now = minutes_after_t0(20);
    let new = entry(&mut r, "New entry", LogKind::Progress, vec![ItemRef::new(Kind::LogEntry, "old3cccccc")]);
    r.ok(Command::Item(ItemCommand::EditText {
        kind: Kind::LogEntry,
        id: "old1aaaaaa".into(),
        field: "body".into(),
        pos: 3,
        delete: 0,
        insert: " (fixed)".into(),
        at: None,
    }));
    check(
        &r,
        &LogFilter::default(),
        expect![[r#"
            2026-01-05 09:02:00 UTC Ada [note] Old (fixed) kick-off
            2026-01-05 09:10:00 UTC Ada [note] Old middle
            2026-01-05 09:20:00 UTC Ada [progress] New entry (log 'Old middle')
            2026-01-05 09:30:00 UTC Ada [note] Old late note (task 'Deploy')
        "#]],
    );
    check(
        &r,
        &LogFilter { item: Some(ItemRef::new(Kind::Task, deploy)), ..LogFilter::default() },
        expect![[r#"
            2026-01-05 09:30:00 UTC Ada [note] Old late note (task 'Deploy')
        "#]],
    );
    for filter in [LogFilter::default(), LogFilter { from: Some(minutes_after_t0(10)), ..LogFilter::default() }] {
        for (offset, limit) in [(0, 2), (1, 2), (0, 10)] {
            assert_eq!(log::page(&r.doc, &filter, offset, limit).unwrap(), page_from_log(&r, &filter, offset, limit));
        }
    }
    // Ids of both kinds resolve from a prefix, and a search finds bodies of both kinds.
    let resolve = |p: &str| tandem_core::items::resolve(&r.doc, Kind::LogEntry, p);
    assert_eq!(resolve("old2").unwrap(), "old2bbbbbb");
    assert_eq!(resolve(&new[..6]).unwrap(), new);
    assert!(resolve("old").unwrap_err().to_string().contains("matches 3 log entrys"));
    let hits: Vec<String> =
        tandem_core::search::search(&r.doc, "entry", 10).unwrap().into_iter().map(|h| h.id).collect();
    assert_eq!(hits, std::slice::from_ref(&new));
    let hits: Vec<String> = tandem_core::search::search(&r.doc, "old", 2).unwrap().into_iter().map(|h| h.id).collect();
    assert_eq!(hits, ["old1aaaaaa", "old3cccccc"], "in log order, up to the limit");

    // What a merge reports as touched: an edit of an old entry by another tool, a new entry.
    let before = r.doc.get_heads();
    let mut other = r.fork(7);
    {
        use automerge::transaction::Transactable;
        use automerge::{ROOT, ReadDoc};
        let mut tx = other.doc.transaction();
        let list = tx.get(ROOT, "log").unwrap().unwrap().1;
        let old2 = tx.get(&list, 1).unwrap().unwrap().1;
        tx.put(&old2, "kind", "problem").unwrap();
        tx.commit();
    }
    let newer = entry(&mut other, "Newer", LogKind::Note, vec![]);
    r.merge_from(&other);
    let touched: Vec<(Kind, String)> =
        tandem_core::merge::items_changed_since(&r.doc, &before).into_iter().map(|i| (i.kind, i.id)).collect();
    let mut want = vec![(Kind::LogEntry, "old2bbbbbb".to_owned()), (Kind::LogEntry, newer)];
    want.sort();
    assert_eq!(touched, want);
}

#[test]
fn a_body_may_be_20000_characters_and_refs_are_kept() {
    let mut r = Replica::with_project(1);
    let ada: MemberId = tandem_core::project::members(&r.doc).unwrap()[0].id.clone();
    let t = task(&mut r, "Deploy");
    let first = entry(&mut r, "First", LogKind::Note, vec![]);
    let long = "é".repeat(20_000);
    let id = entry(
        &mut r,
        &long,
        LogKind::Decision,
        vec![
            ItemRef::new(Kind::Member, ada.to_string()),
            ItemRef::new(Kind::LogEntry, first.clone()),
            ItemRef::new(Kind::Task, t.clone()),
        ],
    );
    let page = log::page(&r.doc, &LogFilter::default(), 0, 1).unwrap();
    let e = &page.entries[0];
    assert_eq!((e.id.as_str(), e.body.chars().count(), e.kind), (id.as_str(), 20_000, LogKind::Decision));
    let mut want = vec![
        ItemRef::new(Kind::Member, ada.to_string()),
        ItemRef::new(Kind::LogEntry, first),
        ItemRef::new(Kind::Task, t),
    ];
    want.sort();
    assert_eq!(e.refs, want);
}
