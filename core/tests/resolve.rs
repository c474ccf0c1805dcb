//! Settling conflicts: picking one of the concurrent values or typing a new one replaces every
//! concurrent value with one recorded change, checked like any other edit, and optionally adds an
//! accepted decision.

use tandem_core::decisions::DecisionStatus;
use tandem_core::ids::TaskId;
use tandem_core::merge;
use tandem_core::project::ProjectCommand;
use tandem_core::resolve::{ConflictCommand, Resolution};
use tandem_core::schema::Kind;
use tandem_core::tasks::{NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::testkit::Replica;
use tandem_core::values::Edit;
use tandem_core::{Command, ItemRef};

/// Ada and Bo edited the same task's status and estimate while apart; Ada has merged.
fn collided() -> (Replica, Replica, TaskId) {
    let mut ada = Replica::with_project(1);
    let mut bo = ada.fork(2);
    bo.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    ada.merge_from(&bo);
    let id: TaskId = ada
        .create(Command::Task(TaskCommand::Add(NewTask {
            title: "Migrate database".into(),
            estimate: Some(8.0),
            start: Some("2026-02-02".parse().unwrap()),
            due: Some("2026-02-20".parse().unwrap()),
            ..NewTask::default()
        })))
        .parse()
        .unwrap();
    bo.merge_from(&ada);
    let edit = |patch: TaskPatch| Command::Task(TaskCommand::Update { id: id.clone(), patch });
    ada.ok(edit(TaskPatch { status: Some(TaskStatus::InProgress), estimate: Edit::Set(12.0), ..Default::default() }));
    ada.ok(edit(TaskPatch { due: Edit::Set("2026-02-25".parse().unwrap()), ..Default::default() }));
    bo.ok(edit(TaskPatch { status: Some(TaskStatus::Blocked), estimate: Edit::Set(6.0), ..Default::default() }));
    bo.ok(edit(TaskPatch { due: Edit::Set("2026-02-27".parse().unwrap()), ..Default::default() }));
    ada.merge_from(&bo);
    (ada, bo, id)
}

fn resolve(id: &TaskId, field: &str, resolution: Resolution, record_decision: bool) -> Command {
    Command::Conflict(ConflictCommand::Resolve {
        item: Some(ItemRef::new(Kind::Task, id.as_str())),
        field: field.into(),
        resolution,
        record_decision,
    })
}

fn fields(r: &Replica) -> Vec<String> {
    merge::conflicts(&r.doc).into_iter().map(|c| c.field).collect()
}

#[test]
fn picking_a_value_settles_the_field_everywhere_with_one_change() {
    let (mut ada, mut bo, id) = collided();
    assert_eq!(fields(&ada), ["due", "estimate", "status"]);
    // Keep Ada's status, which Automerge is not showing.
    let status = merge::conflicts(&ada.doc).into_iter().find(|c| c.field == "status").unwrap();
    let ada_value = status.values.iter().find(|v| v.change.as_ref().unwrap().author_name == "Ada").unwrap();
    assert!(!ada_value.current, "the test needs the value Automerge does not show");
    let hash = ada_value.change.as_ref().unwrap().hash.clone();
    let heads_before = ada.doc.get_heads();
    let out = ada.ok(resolve(&id, "status", Resolution::Pick { change: hash[..8].to_owned() }, false));
    assert_eq!(
        out.summary,
        "Settle status of task 'Migrate database': 'in_progress', replacing 'in_progress' (by Ada) and 'blocked' (by Bo)"
    );
    assert_eq!(ada.doc.get_changes(&heads_before).len(), 1, "one change records the choice");
    assert_eq!(out.items, vec![ItemRef::new(Kind::Task, id.as_str())]);
    assert_eq!(tandem_core::tasks::task(&ada.doc, &id).unwrap().status, TaskStatus::InProgress);
    assert_eq!(fields(&ada), ["due", "estimate"]);
    // Bo receives the settlement and sees the same.
    bo.merge_from(&ada);
    assert_eq!(tandem_core::tasks::task(&bo.doc, &id).unwrap().status, TaskStatus::InProgress);
    assert_eq!(fields(&bo), ["due", "estimate"]);
    let last = tandem_core::history::changes(&ada.doc).pop().unwrap();
    assert_eq!((last.author_name.as_str(), last.summary.starts_with("Settle status")), ("Ada", true));
}

#[test]
fn a_typed_value_is_checked_and_replaces_all_values() {
    let (mut ada, _bo, id) = collided();
    let typed = |v: serde_json::Value| Resolution::Value { value: v };
    let err = ada.err(resolve(&id, "status", typed("finished".into()), false));
    assert!(err.contains("finished") && err.contains("todo"), "{err}");
    let err = ada.err(resolve(&id, "estimate", typed((-3.0).into()), false));
    assert!(err.contains("negative"), "{err}");
    let err = ada.err(resolve(&id, "estimate", typed("ten".into()), false));
    assert!(err.contains("number"), "{err}");
    let err = ada.err(resolve(&id, "due", typed("2026-02-30".into()), false));
    assert!(err.contains("2026-02-30"), "{err}");
    // Start is 2026-02-02: a due date before it is refused.
    let err = ada.err(resolve(&id, "due", typed("2026-01-30".into()), false));
    assert!(err.contains("start") && err.contains("due"), "{err}");
    assert_eq!(fields(&ada), ["due", "estimate", "status"], "refused resolutions change nothing");

    ada.ok(resolve(&id, "estimate", typed(10.0.into()), false));
    ada.ok(resolve(&id, "due", typed("2026-02-26".into()), false));
    ada.ok(resolve(&id, "status", typed("cancelled".into()), false));
    let t = tandem_core::tasks::task(&ada.doc, &id).unwrap();
    assert_eq!(
        (t.estimate, t.due.unwrap().to_string(), t.status),
        (Some(10.0), "2026-02-26".into(), TaskStatus::Cancelled)
    );
    assert!(fields(&ada).is_empty());
    let err = ada.err(resolve(&id, "status", typed("done".into()), false));
    assert!(err.contains("nothing to settle"), "{err}");
}

#[test]
fn a_settlement_can_be_recorded_as_an_accepted_decision() {
    let (mut ada, _bo, id) = collided();
    let bo_value = merge::conflicts(&ada.doc)
        .into_iter()
        .find(|c| c.field == "estimate")
        .unwrap()
        .values
        .into_iter()
        .find(|v| v.change.as_ref().unwrap().author_name == "Bo")
        .unwrap();
    let out = ada.ok(resolve(&id, "estimate", Resolution::Pick { change: bo_value.change.unwrap().hash }, true));
    assert!(out.summary.contains("recorded as decision"), "{}", out.summary);
    let decisions = tandem_core::decisions::decisions(&ada.doc).unwrap();
    let [d] = decisions.as_slice() else { panic!("one decision expected, got {decisions:?}") };
    assert_eq!(d.title, "Settle estimate of task 'Migrate database'");
    assert_eq!(d.status, DecisionStatus::Accepted);
    assert_eq!(d.decision, "estimate is 6.0.");
    assert!(d.context.contains("12.0 (by Ada)") && d.context.contains("6.0 (by Bo)"), "{}", d.context);
    assert_eq!(d.alternatives, "12.0 (by Ada)");
    assert_eq!(d.tasks.iter().map(|t| t.as_str()).collect::<Vec<_>>(), [id.as_str()]);
    assert_eq!(tandem_core::tasks::task(&ada.doc, &id).unwrap().estimate, Some(6.0));
}

#[test]
fn bad_requests_say_what_to_fix() {
    let (mut ada, _bo, id) = collided();
    let err = ada.err(resolve(&id, "status", Resolution::Pick { change: "zz".into() }, false));
    assert!(err.contains("not a change hash"), "{err}");
    let err = ada.err(resolve(&id, "status", Resolution::Pick { change: "abcdef0123".into() }, false));
    assert!(err.contains("no concurrent value"), "{err}");
    let err = ada.err(resolve(&id, "title", Resolution::Value { value: "X".into() }, false));
    assert!(err.contains("single value"), "{err}");
    let err = ada.err(resolve(&id, "criteria//met", Resolution::Value { value: true.into() }, false));
    assert!(err.contains("not a field path"), "{err}");
    let missing = "zzzzzz".parse().unwrap();
    let err = ada.err(resolve(&missing, "status", Resolution::Value { value: "done".into() }, false));
    assert!(err.contains("zzzzzz"), "{err}");
}
