//! Merge helpers: the merge report, concurrent values listed as conflicts with author and time,
//! and edits to items another member deleted.

use expect_test::{Expect, expect};
use tandem_core::Command;
use tandem_core::ids::TaskId;
use tandem_core::items::ItemCommand;
use tandem_core::merge::{self, Conflict};
use tandem_core::project::ProjectCommand;
use tandem_core::schema::Kind;
use tandem_core::tasks::{NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::testkit::Replica;
use tandem_core::values::Edit;

/// Ada's replica with one task, and Bo's replica (joined) that has seen it.
fn two_members() -> (Replica, Replica, TaskId) {
    let mut ada = Replica::with_project(1);
    let mut bo = ada.fork(2);
    bo.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    ada.merge_from(&bo);
    let id: TaskId = ada
        .create(Command::Task(TaskCommand::Add(NewTask {
            title: "Migrate database".into(),
            estimate: Some(8.0),
            ..NewTask::default()
        })))
        .parse()
        .unwrap();
    bo.merge_from(&ada);
    (ada, bo, id)
}

fn update(id: &TaskId, patch: TaskPatch) -> Command {
    Command::Task(TaskCommand::Update { id: id.clone(), patch })
}

fn check_conflicts(conflicts: &[Conflict], expected: Expect) {
    let mut out = String::new();
    for c in conflicts {
        out.push_str(&format!("{} / {}:\n", c.label, c.field));
        for v in &c.values {
            let ch = v.change.as_ref().unwrap();
            out.push_str(&format!(
                "  {} by {} at {}{}\n",
                v.display,
                ch.author_name,
                ch.time,
                if v.current { " (shown)" } else { "" }
            ));
        }
    }
    expected.assert_eq(&out);
}

#[test]
fn same_field_edited_offline_by_two_is_a_conflict_with_both_values() {
    let (mut ada, mut bo, id) = two_members();
    ada.ok(update(&id, TaskPatch { estimate: Edit::Set(12.0), ..Default::default() }));
    bo.ok(update(&id, TaskPatch { estimate: Edit::Set(6.0), ..Default::default() }));
    // Different fields of the same task: both kept, no conflict.
    ada.ok(update(&id, TaskPatch { status: Some(TaskStatus::InProgress), ..Default::default() }));
    bo.ok(update(&id, TaskPatch { due: Edit::Set("2026-02-27".parse().unwrap()), ..Default::default() }));

    let report = merge::merge(&mut ada.doc, &mut bo.doc.clone()).unwrap();
    assert_eq!(report.new_changes, 2);
    assert_eq!(report.authors.iter().map(|a| (a.name.as_str(), a.changes)).collect::<Vec<_>>(), [("Bo", 2)]);
    assert_eq!(report.conflicts, 1);
    assert_eq!(report.items, vec![tandem_core::ItemRef::new(Kind::Task, id.as_str())]);

    let t = tandem_core::tasks::task(&ada.doc, &id).unwrap();
    assert_eq!((t.status, t.due.map(|d| d.to_string())), (TaskStatus::InProgress, Some("2026-02-27".into())));
    check_conflicts(
        &merge::conflicts(&ada.doc),
        expect![[r#"
            Migrate database / estimate:
              12.0 by Ada at 2026-01-05 09:02:00 UTC
              6.0 by Bo at 2026-01-05 09:02:00 UTC (shown)
        "#]],
    );
    // The other side sees exactly the same conflict.
    bo.merge_from(&ada);
    assert_eq!(merge::conflicts(&bo.doc), merge::conflicts(&ada.doc));
}

#[test]
fn same_value_chosen_by_both_and_set_additions_are_not_conflicts() {
    let (mut ada, mut bo, id) = two_members();
    let bo_id = tandem_core::project::members(&bo.doc).unwrap().into_iter().find(|m| m.name == "Bo").unwrap().id;
    ada.ok(Command::Task(TaskCommand::Assign { id: id.clone(), member: bo_id.clone() }));
    bo.ok(Command::Task(TaskCommand::Assign { id: id.clone(), member: bo_id }));
    ada.ok(update(&id, TaskPatch { status: Some(TaskStatus::InProgress), ..Default::default() }));
    bo.ok(update(&id, TaskPatch { status: Some(TaskStatus::InProgress), ..Default::default() }));
    ada.merge_from(&bo);
    assert_eq!(merge::conflicts(&ada.doc), vec![]);
}

#[test]
fn edits_to_an_item_someone_deleted_are_surfaced() {
    let (mut ada, mut bo, id) = two_members();
    ada.ok(Command::Item(ItemCommand::Delete { kind: Kind::Task, id: id.to_string() }));
    bo.ok(update(&id, TaskPatch { estimate: Edit::Set(3.0), ..Default::default() }));
    bo.ok(Command::Item(ItemCommand::EditText {
        kind: Kind::Task,
        id: id.to_string(),
        field: "description".into(),
        pos: 0,
        delete: 0,
        insert: "Use pg_dump".into(),
        at: None,
    }));
    let report = merge::merge(&mut ada.doc, &mut bo.doc.clone()).unwrap();
    assert_eq!(report.deleted_edits, 1);
    let found = merge::deleted_edits(&ada.doc);
    let lines: Vec<String> = found
        .iter()
        .flat_map(|d| {
            let deleter = d.deleted.as_ref().unwrap().author_name.clone();
            d.edits
                .iter()
                .map(move |e| format!("{} (deleted by {deleter}): {} by {}", d.label, e.summary, e.author_name))
        })
        .collect();
    expect![[r#"
        [
            "Migrate database (deleted by Ada): Update 'Migrate database': estimate to 3 h by Bo",
            "Migrate database (deleted by Ada): Edit description of 'Migrate database' by Bo",
        ]
    "#]]
    .assert_debug_eq(&lines);
    // Edits made before the deletion was known are kept, and come back on restore.
    ada.ok(Command::Item(ItemCommand::Restore { kind: Kind::Task, id: id.to_string() }));
    let t = tandem_core::tasks::task(&ada.doc, &id).unwrap();
    assert_eq!((t.deleted, t.estimate, t.description.as_str()), (false, Some(3.0), "Use pg_dump"));
    assert!(merge::deleted_edits(&ada.doc).is_empty());
}

#[test]
fn editing_a_deleted_item_locally_is_refused() {
    let (mut ada, _bo, id) = two_members();
    ada.ok(Command::Item(ItemCommand::Delete { kind: Kind::Task, id: id.to_string() }));
    assert_eq!(
        ada.err(update(&id, TaskPatch { title: Some("x".into()), ..Default::default() })),
        format!("task {id} was deleted; restore it before editing it")
    );
}

/// A change written by another automerge tool (no Tandem message) still says which items it
/// touched: the report reads them from the document's diff.
#[test]
fn a_foreign_change_reports_the_items_it_touched() {
    use automerge::transaction::Transactable;
    use automerge::{ROOT, ReadDoc};

    let (mut ada, _bo, id) = two_members();
    ada.ok(Command::Log(tandem_core::log::LogCommand::Add {
        body: "Kick-off held".into(),
        kind: Default::default(),
        refs: Vec::new(),
    }));
    let before = ada.doc.get_heads();
    let mut js = ada.doc.fork();
    {
        let mut tx = js.transaction();
        let tasks = tx.get(ROOT, "tasks").unwrap().unwrap().1;
        let task = tx.get(&tasks, id.as_str()).unwrap().unwrap().1;
        tx.put(&task, "title", "Edited elsewhere").unwrap();
        let log = tx.get(ROOT, "log_entries").unwrap().unwrap().1;
        let first = tx.keys(&log).next().unwrap();
        let entry = tx.get(&log, first.as_str()).unwrap().unwrap().1;
        tx.put(&entry, "body", "Kick-off held (edited)").unwrap();
        tx.commit();
    }
    let report = merge::merge(&mut ada.doc, &mut js).unwrap();
    assert_eq!(report.new_changes, 1);
    assert!(report.authors[0].member.is_none(), "an unknown device: {:?}", report.authors);
    let kinds: Vec<(Kind, bool)> = report.items.iter().map(|i| (i.kind, i.id == id.as_str())).collect();
    assert_eq!(kinds, [(Kind::Task, true), (Kind::LogEntry, false)], "{:?}", report.items);
    // The same through the explicit helper.
    assert_eq!(merge::items_changed_since(&ada.doc, &before).len(), 2);
}

/// A report counts the conflicts on the items that arrived, not every conflict in the project:
/// it is built for every change a replica receives, so it must not read the whole project.
#[test]
fn a_report_counts_conflicts_on_the_items_that_arrived() {
    let (mut ada, mut bo, id) = two_members();
    ada.ok(update(&id, TaskPatch { estimate: Edit::Set(12.0), ..Default::default() }));
    bo.ok(update(&id, TaskPatch { estimate: Edit::Set(6.0), ..Default::default() }));
    let first = merge::merge(&mut ada.doc, &mut bo.doc.clone()).unwrap();
    assert_eq!(first.conflicts, 1);
    bo.merge_from(&ada);
    // Bo then adds an unrelated task: the conflict on the first task is still there, but the
    // report of Bo's new change is about the new task only.
    let before = ada.doc.get_heads();
    bo.ok(Command::Task(TaskCommand::Add(NewTask { title: "Write release notes".into(), ..NewTask::default() })));
    ada.merge_from(&bo);
    let report = merge::report_since(&ada.doc, &before);
    assert_eq!((report.new_changes, report.conflicts), (1, 0), "{report:?}");
    assert_eq!(merge::conflicts(&ada.doc).len(), 1, "the earlier conflict is still listed");
    // A later change to the conflicted task reports it again.
    let before = ada.doc.get_heads();
    bo.ok(update(&id, TaskPatch { status: Some(TaskStatus::InProgress), ..Default::default() }));
    ada.merge_from(&bo);
    assert_eq!(merge::report_since(&ada.doc, &before).conflicts, 1);
    // Nothing new: nothing counted.
    let heads = ada.doc.get_heads();
    assert_eq!(merge::report_since(&ada.doc, &heads), merge::report_of(&ada.doc, &[]));
    assert_eq!(merge::report_of(&ada.doc, &[]).conflicts, 0);
}
