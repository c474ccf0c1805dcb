//! Convergence as a property: five replicas run random commands of every kind offline, exchange
//! changes in random order with partial and duplicated deliveries, then sync fully. Afterwards
//! every replica has the same heads and the same read models, no typed character and no log
//! entry is lost, and every field written concurrently with different values is a conflict.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use automerge::{Automerge, ChangeHash, ReadDoc};
use proptest::prelude::*;
use proptest::test_runner::Config;
use tandem_core::Command;
use tandem_core::ids::{MemberId, TaskId};
use tandem_core::items::ItemCommand;
use tandem_core::project::ProjectCommand;
use tandem_core::schema::Kind;
use tandem_core::tasks::{self, NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::testkit::Replica;
use tandem_core::values::Edit;

const REPLICAS: usize = 5;
const TITLES: [&str; 4] = ["Plan", "Build", "Test", "Ship"];

#[derive(Debug, Clone)]
enum Op {
    AddTask { r: usize, parent: Option<usize>, estimate: u8 },
    SetEstimate { r: usize, t: usize, estimate: u8 },
    SetTitle { r: usize, t: usize, title: usize },
    SetStatus { r: usize, t: usize, status: usize },
    Assign { r: usize, t: usize, m: usize },
    Depend { r: usize, t: usize, on: usize },
    Move { r: usize, t: usize, parent: Option<usize> },
    LogTime { r: usize, t: usize, quarters: u8 },
    Delete { r: usize, t: usize },
    Restore { r: usize, t: usize },
    Type { r: usize, pos: usize, text: String },
    Sync { from: usize, to: usize, percent: u8, seed: u64 },
}

fn op() -> impl Strategy<Value = Op> {
    let r = 0..REPLICAS;
    let i = 0..64usize;
    prop_oneof![
        3 => (r.clone(), proptest::option::of(i.clone()), 1..40u8).prop_map(|(r, parent, estimate)| Op::AddTask { r, parent, estimate }),
        3 => (r.clone(), i.clone(), 1..40u8).prop_map(|(r, t, estimate)| Op::SetEstimate { r, t, estimate }),
        2 => (r.clone(), i.clone(), 0..TITLES.len()).prop_map(|(r, t, title)| Op::SetTitle { r, t, title }),
        2 => (r.clone(), i.clone(), 0..TaskStatus::ALL.len()).prop_map(|(r, t, status)| Op::SetStatus { r, t, status }),
        1 => (r.clone(), i.clone(), 0..REPLICAS).prop_map(|(r, t, m)| Op::Assign { r, t, m }),
        1 => (r.clone(), i.clone(), i.clone()).prop_map(|(r, t, on)| Op::Depend { r, t, on }),
        1 => (r.clone(), i.clone(), proptest::option::of(i.clone())).prop_map(|(r, t, parent)| Op::Move { r, t, parent }),
        1 => (r.clone(), i.clone(), 1..8u8).prop_map(|(r, t, quarters)| Op::LogTime { r, t, quarters }),
        1 => (r.clone(), i.clone()).prop_map(|(r, t)| Op::Delete { r, t }),
        1 => (r.clone(), i.clone()).prop_map(|(r, t)| Op::Restore { r, t }),
        3 => (r.clone(), 0..400usize, "[a-e]{1,4}").prop_map(|(r, pos, text)| Op::Type { r, pos, text }),
        4 => (r.clone(), 0..REPLICAS, 0..=100u8, any::<u64>()).prop_map(|(from, to, percent, seed)| Op::Sync { from, to, percent, seed }),
    ]
}

/// Five joined replicas sharing one project and one "Notes" task whose description everyone types into.
fn setup() -> (Vec<Replica>, Vec<MemberId>, TaskId) {
    let mut first = Replica::with_project(1);
    let notes: TaskId = first
        .create(Command::Task(TaskCommand::Add(NewTask { title: "Notes".into(), ..NewTask::default() })))
        .parse()
        .unwrap();
    let mut replicas = vec![first];
    for i in 1..REPLICAS {
        let mut r = replicas[0].fork(i as u8 + 1);
        r.ok(Command::Project(ProjectCommand::Join { name: format!("Member {i}") }));
        replicas.push(r);
    }
    full_sync(&mut replicas);
    let members = tandem_core::project::members(&replicas[0].doc).unwrap().into_iter().map(|m| m.id).collect();
    (replicas, members, notes)
}

fn full_sync(replicas: &mut [Replica]) {
    for _ in 0..2 {
        for i in 0..replicas.len() {
            for j in 0..replicas.len() {
                if i != j {
                    let mut theirs = replicas[j].doc.clone();
                    replicas[i].doc.merge(&mut theirs).unwrap();
                }
            }
        }
    }
}

/// Delivers a random share of `from`'s changes to `to`, shuffled and with duplicates.
fn partial_sync(replicas: &mut [Replica], from: usize, to: usize, percent: u8, seed: u64) {
    let mut changes = replicas[from].doc.get_changes(&[]);
    let mut state = seed | 1;
    let mut rand = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for i in (1..changes.len()).rev() {
        let j = (rand() % (i as u64 + 1)) as usize;
        changes.swap(i, j);
    }
    let keep = changes.len() * usize::from(percent) / 100;
    changes.truncate(keep);
    let dupes: Vec<_> = changes.iter().filter(|_| rand() % 4 == 0).cloned().collect();
    changes.extend(dupes);
    replicas[to].doc.apply_changes(changes).unwrap();
}

fn task_ids(doc: &Automerge) -> Vec<TaskId> {
    tasks::tasks(doc).unwrap().into_iter().map(|t| t.id).collect()
}

fn pick(ids: &[TaskId], i: usize) -> Option<TaskId> {
    (!ids.is_empty()).then(|| ids[i % ids.len()].clone())
}

/// What the run wrote, to check the merged result against.
#[derive(Default)]
struct Ledger {
    /// Characters inserted into the notes (insert-only typing).
    typed: BTreeMap<char, usize>,
    /// Successful field writes: (task, field) → [(change, value)].
    writes: HashMap<(String, &'static str), Vec<(ChangeHash, String)>>,
}

fn run(replicas: &mut [Replica], members: &[MemberId], notes: &TaskId, op: Op, ledger: &mut Ledger) {
    let update = |id: TaskId, patch: TaskPatch| Command::Task(TaskCommand::Update { id, patch });
    let (r, cmd, record): (usize, Command, Option<(TaskId, &'static str, String)>) = match op {
        Op::Sync { from, to, percent, seed } => {
            if from != to {
                partial_sync(replicas, from, to, percent, seed);
            }
            return;
        }
        Op::Type { r, pos, text } => {
            let len = tasks::task(&replicas[r].doc, notes).unwrap().description.chars().count();
            let cmd = Command::Item(ItemCommand::EditText {
                kind: Kind::Task,
                id: notes.to_string(),
                field: "description".into(),
                pos: pos % (len + 1),
                delete: 0,
                insert: text.clone(),
            });
            if replicas[r].run(cmd).is_ok() {
                for c in text.chars() {
                    *ledger.typed.entry(c).or_default() += 1;
                }
            }
            return;
        }
        Op::AddTask { r, parent, estimate } => {
            let ids = task_ids(&replicas[r].doc);
            let parent = parent.and_then(|p| pick(&ids, p)).filter(|p| p != notes);
            let t = NewTask { title: "New".into(), parent, estimate: Some(f64::from(estimate)), ..NewTask::default() };
            (r, Command::Task(TaskCommand::Add(t)), None)
        }
        Op::SetEstimate { r, t, estimate } => {
            let Some(id) = pick(&task_ids(&replicas[r].doc), t) else { return };
            let e = f64::from(estimate);
            (
                r,
                update(id.clone(), TaskPatch { estimate: Edit::Set(e), ..Default::default() }),
                Some((id, "estimate", e.to_string())),
            )
        }
        Op::SetTitle { r, t, title } => {
            let Some(id) = pick(&task_ids(&replicas[r].doc), t) else { return };
            let title = TITLES[title].to_owned();
            (
                r,
                update(id.clone(), TaskPatch { title: Some(title.clone()), ..Default::default() }),
                Some((id, "title", title)),
            )
        }
        Op::SetStatus { r, t, status } => {
            let Some(id) = pick(&task_ids(&replicas[r].doc), t) else { return };
            (r, update(id, TaskPatch { status: Some(TaskStatus::ALL[status]), ..Default::default() }), None)
        }
        Op::Assign { r, t, m } => {
            let Some(id) = pick(&task_ids(&replicas[r].doc), t) else { return };
            (r, Command::Task(TaskCommand::Assign { id, member: members[m].clone() }), None)
        }
        Op::Depend { r, t, on } => {
            let ids = task_ids(&replicas[r].doc);
            let (Some(id), Some(on)) = (pick(&ids, t), pick(&ids, on)) else { return };
            (r, Command::Task(TaskCommand::AddDependency { id, on }), None)
        }
        Op::Move { r, t, parent } => {
            let ids = task_ids(&replicas[r].doc);
            let Some(id) = pick(&ids, t) else { return };
            let parent = match parent.and_then(|p| pick(&ids, p)) {
                Some(p) => Edit::Set(p),
                None => Edit::Clear,
            };
            (r, Command::Task(TaskCommand::Move { id, parent, after: None }), None)
        }
        Op::LogTime { r, t, quarters } => {
            let Some(id) = pick(&task_ids(&replicas[r].doc), t) else { return };
            (r, Command::Task(TaskCommand::LogTime { id, hours: f64::from(quarters) / 4.0 }), None)
        }
        Op::Delete { r, t } => {
            let Some(id) = pick(&task_ids(&replicas[r].doc), t).filter(|id| id != notes) else { return };
            (r, Command::Item(ItemCommand::Delete { kind: Kind::Task, id: id.to_string() }), None)
        }
        Op::Restore { r, t } => {
            let Some(id) = pick(&task_ids(&replicas[r].doc), t) else { return };
            (r, Command::Item(ItemCommand::Restore { kind: Kind::Task, id: id.to_string() }), None)
        }
    };
    // Commands may be refused (cycles, workflow rules, deleted items): a refusal writes nothing.
    let heads = replicas[r].doc.get_heads();
    match replicas[r].run(cmd) {
        Ok(out) => {
            if let (Some((id, field, value)), Some(hash)) = (record, out.hash) {
                ledger.writes.entry((id.to_string(), field)).or_default().push((hash, value));
            }
        }
        Err(_) => assert_eq!(replicas[r].doc.get_heads(), heads, "a refused command wrote something"),
    }
}

/// Every read model, serialized, so replicas can be compared whole.
fn read_models(doc: &Automerge) -> serde_json::Value {
    serde_json::json!({
        "project": tandem_core::project::project(doc).unwrap(),
        "members": tandem_core::project::members(doc).unwrap(),
        "tasks": tasks::tasks(doc).unwrap(),
        "tree": tasks::task_tree(doc).unwrap(),
        "milestones": tasks::milestones(doc).unwrap(),
        "conflicts": tandem_core::merge::conflicts(doc),
        "deleted_edits": tandem_core::merge::deleted_edits(doc),
    })
}

fn ancestors(doc: &Automerge, of: ChangeHash) -> BTreeSet<ChangeHash> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![of];
    while let Some(h) = stack.pop() {
        if let Some(c) = doc.get_change_by_hash(&h) {
            for d in c.deps() {
                if seen.insert(*d) {
                    stack.push(*d);
                }
            }
        }
    }
    seen
}

fn check_case(ops: Vec<Op>) {
    let (mut replicas, members, notes) = setup();
    let mut ledger = Ledger::default();
    for op in ops {
        run(&mut replicas, &members, &notes, op, &mut ledger);
    }
    full_sync(&mut replicas);

    let heads = replicas[0].doc.get_heads();
    let models = read_models(&replicas[0].doc);
    for r in &replicas[1..] {
        assert_eq!(r.doc.get_heads(), heads, "heads differ");
        assert_eq!(read_models(&r.doc), models, "read models differ");
    }
    let doc = &replicas[0].doc;

    // No typed character is lost (typing was insert-only).
    let text = tasks::task(doc, &notes).unwrap().description;
    let mut counted: BTreeMap<char, usize> = BTreeMap::new();
    for c in text.chars() {
        *counted.entry(c).or_default() += 1;
    }
    assert_eq!(counted, ledger.typed, "typed characters lost or invented");

    // Every field whose latest writes are concurrent and differ is listed as a conflict
    // with exactly those values; every other written field is not.
    let conflicts = tandem_core::merge::conflicts(doc);
    for ((task, field), writes) in &ledger.writes {
        let maximal: Vec<&(ChangeHash, String)> = writes
            .iter()
            .filter(|(h, _)| !writes.iter().any(|(other, _)| other != h && ancestors(doc, *other).contains(h)))
            .collect();
        let distinct: BTreeSet<&str> = maximal.iter().map(|(_, v)| v.as_str()).collect();
        let listed = conflicts.iter().find(|c| c.item.as_ref().is_some_and(|i| i.id == *task) && c.field == *field);
        if distinct.len() > 1 {
            let c = listed.unwrap_or_else(|| panic!("concurrent {field} of {task} not listed: {distinct:?}"));
            let values: BTreeSet<String> = c
                .values
                .iter()
                .map(|v| match &v.value {
                    serde_json::Value::Number(n) => n.as_f64().unwrap().to_string(),
                    other => other.as_str().unwrap_or_default().to_owned(),
                })
                .collect();
            assert_eq!(values.iter().map(String::as_str).collect::<BTreeSet<_>>(), distinct);
            for v in &c.values {
                let ch = v.change.as_ref().expect("each value names its change");
                assert!(ch.author.is_some(), "each value names its author");
            }
        } else if let Some(c) = listed {
            let values: BTreeSet<String> = c.values.iter().map(|v| v.value.to_string()).collect();
            assert_eq!(values.len(), 1, "field {field} of {task} listed as a conflict with one value");
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: 256, max_shrink_iters: 2000, ..Config::default() })]

    #[test]
    fn replicas_converge(ops in proptest::collection::vec(op(), 10..70)) {
        check_case(ops);
    }
}
