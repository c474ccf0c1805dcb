//! Convergence as a property: five replicas run random commands of every kind offline, exchange
//! changes in random order with partial and duplicated deliveries, then sync fully. Afterwards
//! every replica has the same heads and the same read models, no typed character and no log
//! entry is lost, and every field written concurrently with different values is a conflict.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use automerge::{Automerge, ChangeHash, ReadDoc};
use proptest::prelude::*;
use proptest::test_runner::Config;
use tandem_core::ids::{MeetingId, MemberId, Millis, TaskId};
use tandem_core::items::ItemCommand;
use tandem_core::meetings::{MeetingCommand, NewMeeting};
use tandem_core::project::ProjectCommand;
use tandem_core::schema::Kind;
use tandem_core::tasks::{self, NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::testkit::Replica;
use tandem_core::values::Edit;
use tandem_core::{Command, ItemRef, doc};

const REPLICAS: usize = 5;
const TITLES: [&str; 4] = ["Plan", "Build", "Test", "Ship"];

#[derive(Debug, Clone)]
enum Op {
    AddTask {
        r: usize,
        parent: Option<usize>,
        estimate: u8,
    },
    SetEstimate {
        r: usize,
        t: usize,
        estimate: u8,
    },
    SetTitle {
        r: usize,
        t: usize,
        title: usize,
    },
    SetStatus {
        r: usize,
        t: usize,
        status: usize,
    },
    Assign {
        r: usize,
        t: usize,
        m: usize,
    },
    Depend {
        r: usize,
        t: usize,
        on: usize,
    },
    Move {
        r: usize,
        t: usize,
        parent: Option<usize>,
    },
    LogTime {
        r: usize,
        t: usize,
        quarters: u8,
    },
    Delete {
        r: usize,
        t: usize,
    },
    Restore {
        r: usize,
        t: usize,
    },
    Type {
        r: usize,
        pos: usize,
        text: String,
    },
    AppendNotes {
        r: usize,
        text: String,
    },
    Log {
        r: usize,
        refs: usize,
    },
    /// Any other command of any area, picked by `which`, with `a`, `b`, `n` as its arguments.
    Other {
        r: usize,
        which: u8,
        a: usize,
        b: usize,
        n: u8,
    },
    Sync {
        from: usize,
        to: usize,
        percent: u8,
        seed: u64,
    },
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
        1 => (r.clone(), "[a-e]{1,4}").prop_map(|(r, text)| Op::AppendNotes { r, text }),
        2 => (r.clone(), 0..64usize).prop_map(|(r, refs)| Op::Log { r, refs }),
        14 => (r.clone(), any::<u8>(), i.clone(), i.clone(), any::<u8>()).prop_map(|(r, which, a, b, n)| Op::Other { r, which, a, b, n }),
        4 => (r.clone(), 0..REPLICAS, 0..=100u8, any::<u64>()).prop_map(|(from, to, percent, seed)| Op::Sync { from, to, percent, seed }),
    ]
}

/// Five joined replicas sharing one project and one meeting whose notes everyone types into.
fn setup() -> (Vec<Replica>, Vec<MemberId>, MeetingId) {
    let mut first = Replica::with_project(1);
    let meeting: MeetingId = first
        .create(Command::Meeting(MeetingCommand::Add(NewMeeting {
            title: "Steering".into(),
            series: Some("steering".into()),
            start: Millis(tandem_core::testkit::T0.0 + 86_400_000),
            duration_minutes: 60,
            location: None,
            attendees: Vec::new(),
            notes: String::new(),
        })))
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
    (replicas, members, meeting)
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
    /// Characters inserted into the meeting notes (typing is insert-only).
    typed: BTreeMap<char, usize>,
    /// Log entries that were acknowledged.
    log_ids: BTreeSet<String>,
    /// Successful writes of watched fields: (item id, field) → [(change, value)].
    writes: HashMap<(String, &'static str), Vec<(ChangeHash, String)>>,
    /// Commands that succeeded, by area and action ("task/update").
    applied: BTreeMap<String, usize>,
}

impl Ledger {
    fn applied(&mut self, cmd: &Command) {
        let v = serde_json::to_value(cmd).unwrap();
        let action = v["command"]["action"].as_str().unwrap_or("");
        *self.applied.entry(format!("{}/{action}", v["area"].as_str().unwrap())).or_default() += 1;
    }

    fn typed(&mut self, text: &str) {
        for c in text.chars() {
            *self.typed.entry(c).or_default() += 1;
        }
    }
}

fn run(replicas: &mut [Replica], members: &[MemberId], notes: &MeetingId, op: Op, ledger: &mut Ledger) {
    let update = |id: TaskId, patch: TaskPatch| Command::Task(TaskCommand::Update { id, patch });
    let (r, cmd, record): (usize, Command, Option<(TaskId, &'static str, String)>) = match op {
        Op::Sync { from, to, percent, seed } => {
            if from != to {
                partial_sync(replicas, from, to, percent, seed);
            }
            return;
        }
        Op::Type { r, pos, text } => {
            let Ok(m) = tandem_core::meetings::meeting(&replicas[r].doc, notes) else { return };
            let cmd = Command::Item(ItemCommand::EditText {
                kind: Kind::Meeting,
                id: notes.to_string(),
                field: "notes".into(),
                pos: pos % (m.notes.chars().count() + 1),
                delete: 0,
                insert: text.clone(),
                at: None,
            });
            if replicas[r].run(cmd.clone()).is_ok() {
                ledger.applied(&cmd);
                ledger.typed(&text);
            }
            return;
        }
        Op::AppendNotes { r, text } => {
            let before = tandem_core::meetings::meeting(&replicas[r].doc, notes).map(|m| m.notes).unwrap_or_default();
            let cmd = Command::Meeting(MeetingCommand::AppendNotes { id: notes.clone(), text: text.clone() });
            if replicas[r].run(cmd.clone()).is_ok() {
                ledger.applied(&cmd);
                let after = tandem_core::meetings::meeting(&replicas[r].doc, notes).unwrap().notes;
                // Appending may add a line break before the text; count whatever it inserted.
                ledger.typed(&after[before.len()..]);
            }
            return;
        }
        Op::Log { r, refs } => {
            let refs: Vec<ItemRef> = pick(&task_ids(&replicas[r].doc), refs)
                .map(|t| ItemRef::new(Kind::Task, t.as_str()))
                .into_iter()
                .collect();
            let cmd = Command::Log(tandem_core::log::LogCommand::Add {
                body: format!("entry from replica {r}"),
                kind: tandem_core::log::LogKind::Note,
                refs,
            });
            if let Ok(out) = replicas[r].run(cmd.clone()) {
                ledger.applied(&cmd);
                ledger.log_ids.insert(out.created.expect("a log entry has an id"));
            }
            return;
        }
        Op::Other { r, which, a, b, n } => {
            let Some(cmd) = other_command(&replicas[r].doc, members, which, a, b, n) else { return };
            let record = match &cmd {
                Command::Goal(tandem_core::goals::GoalCommand::RecordProgress { id, current }) => {
                    Some((id.to_string(), "current", current.to_string()))
                }
                _ => None,
            };
            execute_recorded(replicas, r, cmd, record, ledger);
            return;
        }
        Op::AddTask { r, parent, estimate } => {
            let ids = task_ids(&replicas[r].doc);
            let parent = parent.and_then(|p| pick(&ids, p));
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
            let Some(id) = pick(&task_ids(&replicas[r].doc), t) else { return };
            (r, Command::Item(ItemCommand::Delete { kind: Kind::Task, id: id.to_string() }), None)
        }
        Op::Restore { r, t } => {
            let Some(id) = pick(&task_ids(&replicas[r].doc), t) else { return };
            (r, Command::Item(ItemCommand::Restore { kind: Kind::Task, id: id.to_string() }), None)
        }
    };
    execute_recorded(replicas, r, cmd, record.map(|(id, f, v)| (id.to_string(), f, v)), ledger);
}

/// Runs a command; records the write of a watched field when it succeeds. Commands may be
/// refused (cycles, workflow rules, deleted items): a refusal must write nothing.
fn execute_recorded(
    replicas: &mut [Replica],
    r: usize,
    cmd: Command,
    record: Option<(String, &'static str, String)>,
    ledger: &mut Ledger,
) {
    let heads = replicas[r].doc.get_heads();
    match replicas[r].run(cmd.clone()) {
        Ok(out) => {
            ledger.applied(&cmd);
            if let (Some((id, field, value)), Some(hash)) = (record, out.hash) {
                ledger.writes.entry((id, field)).or_default().push((hash, value));
            }
        }
        Err(_) => {
            assert_eq!(replicas[r].doc.get_heads(), heads, "a refused command wrote something")
        }
    }
}

/// Ids of the items of one kind a replica knows, deleted ones included.
fn ids_of(d: &Automerge, kind: Kind) -> Vec<String> {
    tandem_core::schema::collection(d, kind).map(|c| doc::keys(d, &c)).unwrap_or_default()
}

fn nth<T: std::str::FromStr>(ids: &[String], i: usize) -> Option<T> {
    (!ids.is_empty()).then(|| ids[i % ids.len()].parse().ok()).flatten()
}

/// A command from any area, with arguments drawn from the replica's current items.
fn other_command(d: &Automerge, members: &[MemberId], which: u8, a: usize, b: usize, n: u8) -> Option<Command> {
    use tandem_core::decisions::{DecisionCommand, DecisionLink, DecisionStatus, NewDecision};
    use tandem_core::deliverables::{DeliverableCommand, NewDeliverable, ReviewStatus};
    use tandem_core::goals::{GoalCommand, NewGoal};
    use tandem_core::reports::ReportCommand;
    use tandem_core::requests::{NewRequest, RequestCommand, RequestStatus};
    use tandem_core::resources::{ExpenseState, NewAllocation, NewExpense, NewResource, RateUnit, ResourceKind};
    use tandem_core::risks::{IssueStatus, NewIssue, NewRisk, RiskCommand, RiskPatch, RiskStatus};

    let member = members[a % members.len()].clone();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Days::new(u64::from(n % 90));
    let meetings = ids_of(d, Kind::Meeting);
    let tasks = ids_of(d, Kind::Task);
    Some(match which % 30 {
        0 => Command::Decision(DecisionCommand::Add(NewDecision {
            title: format!("Decision {n}"),
            context: "ctx".into(),
            meetings: nth(&meetings, b).into_iter().collect(),
            ..NewDecision::default()
        })),
        1 => {
            // Walk the workflow forward from where the decision is, as people do.
            let decisions = ids_of(d, Kind::Decision);
            let id = nth(&decisions, a)?;
            let current = tandem_core::decisions::decision(d, &id).ok()?.status;
            let status = match (current, n % 2) {
                (DecisionStatus::Proposed, 0) => DecisionStatus::Accepted,
                (DecisionStatus::Proposed, _) => DecisionStatus::Rejected,
                (DecisionStatus::Accepted, _) => DecisionStatus::Superseded,
                _ => DecisionStatus::Proposed,
            };
            let superseded_by = (status == DecisionStatus::Superseded).then(|| nth(&decisions, b)).flatten();
            Command::Decision(DecisionCommand::SetStatus {
                id,
                status,
                decided_by: None,
                decided_at: None,
                superseded_by,
            })
        }
        2 => Command::Decision(DecisionCommand::Link {
            id: nth(&ids_of(d, Kind::Decision), a)?,
            to: DecisionLink::Task(nth(&tasks, b)?),
        }),
        3 => Command::Meeting(MeetingCommand::Add(NewMeeting {
            title: format!("Meeting {n}"),
            series: Some("weekly".into()),
            start: Millis(tandem_core::testkit::T0.0 + i64::from(n) * 3_600_000),
            duration_minutes: 30,
            location: None,
            attendees: vec![member],
            notes: String::new(),
        })),
        4 => Command::Meeting(MeetingCommand::AddAttendee { id: nth(&meetings, b)?, member }),
        5 => Command::Meeting(MeetingCommand::AddAgendaItem {
            id: nth(&meetings, b)?,
            title: format!("Topic {n}"),
            minutes: Some(10),
            after: None,
        }),
        6 => {
            let id: MeetingId = nth(&meetings, b)?;
            let m = tandem_core::meetings::meeting(d, &id).ok()?;
            let item = m.agenda.get(a % m.agenda.len().max(1))?.id.clone();
            let after = m.agenda.get(usize::from(n) % m.agenda.len()).map(|x| x.id.clone()).filter(|x| *x != item);
            Command::Meeting(MeetingCommand::MoveAgendaItem { id, item, after })
        }
        7 => Command::Meeting(MeetingCommand::AddActionItem {
            id: nth(&meetings, b)?,
            text: format!("Follow up {n}"),
            assignee: Some(member),
            due: Some(day),
        }),
        8 => {
            let id: MeetingId = nth(&meetings, b)?;
            let m = tandem_core::meetings::meeting(d, &id).ok()?;
            let item = m.action_items.get(a % m.action_items.len().max(1))?.id.clone();
            Command::Meeting(MeetingCommand::PromoteActionItem { id, item })
        }
        9 => Command::Goal(GoalCommand::Add(NewGoal {
            title: format!("Goal {n}"),
            metric: "count".into(),
            baseline: 0.0,
            target: 10.0,
            owner: Some(member),
            ..NewGoal::default()
        })),
        10 | 11 => Command::Goal(GoalCommand::RecordProgress {
            id: nth(&ids_of(d, Kind::Goal), a)?,
            current: f64::from(n % 12),
        }),
        12 => Command::Resource(tandem_core::resources::ResourceCommand::Add(NewResource {
            name: format!("Resource {n}"),
            kind: ResourceKind::Equipment,
            member: None,
            cost_rate: i64::from(n) * 100,
            rate_unit: RateUnit::Day,
            capacity_hours_per_week: None,
            notes: String::new(),
        })),
        13 => Command::Resource(tandem_core::resources::ResourceCommand::AddAllocation(NewAllocation {
            resource: nth(&ids_of(d, Kind::Resource), a)?,
            task: nth(&tasks, b)?,
            hours: f64::from(n % 20 + 1),
            note: String::new(),
        })),
        14 => Command::Resource(tandem_core::resources::ResourceCommand::AddBudgetLine {
            name: format!("Line {n}"),
            category: "ops".into(),
            planned: i64::from(n) * 10_000,
        }),
        15 | 16 => Command::Resource(tandem_core::resources::ResourceCommand::AddExpense(NewExpense {
            budget_line: nth(&ids_of(d, Kind::BudgetLine), a)?,
            amount: i64::from(n) * 1000 + 1,
            date: day,
            description: String::new(),
            state: if n.is_multiple_of(2) { ExpenseState::Committed } else { ExpenseState::Actual },
            resource: None,
        })),
        17 => Command::Risk(RiskCommand::Add(NewRisk {
            title: format!("Risk {n}"),
            probability: n % 5 + 1,
            impact: (n / 5) % 5 + 1,
            owner: Some(member),
            ..NewRisk::default()
        })),
        18 => Command::Risk(RiskCommand::Update {
            id: nth(&ids_of(d, Kind::Risk), a)?,
            patch: RiskPatch { probability: Some(n % 5 + 1), ..RiskPatch::default() },
        }),
        19 => Command::Risk(RiskCommand::SetStatus {
            id: nth(&ids_of(d, Kind::Risk), a)?,
            status: RiskStatus::ALL[usize::from(n) % RiskStatus::ALL.len()],
        }),
        20 => Command::Risk(RiskCommand::AddIssue(NewIssue {
            title: format!("Issue {n}"),
            parties: vec![member],
            ..NewIssue::default()
        })),
        21 => Command::Risk(RiskCommand::SetIssueStatus {
            id: nth(&ids_of(d, Kind::Issue), a)?,
            status: IssueStatus::ALL[usize::from(n) % IssueStatus::ALL.len()],
            resolution: n.is_multiple_of(2).then(|| "agreed".to_owned()),
        }),
        22 => Command::Request(RequestCommand::Add(NewRequest {
            title: format!("Request {n}"),
            requester: "Client".into(),
            received: Some(day),
            ..NewRequest::default()
        })),
        23 => {
            let requests = ids_of(d, Kind::Request);
            let id = nth(&requests, a)?;
            let current = tandem_core::requests::request(d, &id).ok()?.status;
            use RequestStatus as S;
            let status = match (current, n % 3) {
                (S::New, 0) => S::Accepted,
                (S::New, 1) => S::Rejected,
                (S::New, _) => S::Duplicate,
                (S::Accepted, 0) => S::Done,
                (S::Accepted, _) => S::InProgress,
                (S::InProgress, _) => S::Done,
                (S::Done, _) => S::InProgress,
                (S::Rejected | S::Duplicate, _) => S::New,
            };
            let duplicate_of = (status == S::Duplicate).then(|| nth(&requests, b)).flatten();
            Command::Request(RequestCommand::Triage { id, status, duplicate_of, response: None })
        }
        24 => Command::Request(RequestCommand::Respond {
            id: nth(&ids_of(d, Kind::Request), a)?,
            response: format!("We will look at it ({n})"),
        }),
        25 => Command::Deliverable(DeliverableCommand::Add(NewDeliverable {
            title: format!("Deliverable {n}"),
            criteria: vec!["works".into(), "documented".into()],
            ..NewDeliverable::default()
        })),
        26 => {
            let id = nth(&ids_of(d, Kind::Deliverable), a)?;
            let dv = tandem_core::deliverables::deliverable(d, &id).ok()?;
            let criterion = dv.criteria.get(b % dv.criteria.len().max(1))?.id.clone();
            Command::Deliverable(DeliverableCommand::SetCriterionMet { id, criterion, met: !n.is_multiple_of(3) })
        }
        27 => match n % 3 {
            0 => {
                let id = nth(&ids_of(d, Kind::Deliverable), a)?;
                let review = match tandem_core::deliverables::deliverable(d, &id).ok()?.review {
                    ReviewStatus::Draft | ReviewStatus::ChangesRequested => ReviewStatus::InReview,
                    ReviewStatus::InReview if n.is_multiple_of(2) => ReviewStatus::ChangesRequested,
                    ReviewStatus::InReview => ReviewStatus::Accepted,
                    ReviewStatus::Accepted => ReviewStatus::ChangesRequested,
                };
                Command::Deliverable(DeliverableCommand::SetReview { id, review })
            }
            1 => Command::Deliverable(DeliverableCommand::SignOff {
                id: nth(&ids_of(d, Kind::Deliverable), a)?,
                by: "Client".into(),
                member: None,
                note: None,
            }),
            _ => Command::Report(ReportCommand::Save {
                title: format!("Report {n}"),
                period_from: day,
                period_to: day,
                format: Default::default(),
                content: "# Status".into(),
            }),
        },
        28 => {
            // Soft delete or restore any kind of item.
            let kind = [
                Kind::Meeting,
                Kind::Decision,
                Kind::Goal,
                Kind::Risk,
                Kind::Request,
                Kind::Deliverable,
                Kind::Expense,
                Kind::BudgetLine,
            ][usize::from(n) % 8];
            let id: String = nth(&ids_of(d, kind), a)?;
            if n.is_multiple_of(2) {
                Command::Item(ItemCommand::Delete { kind, id })
            } else {
                Command::Item(ItemCommand::Restore { kind, id })
            }
        }
        _ => Command::Project(ProjectCommand::UpdateMember {
            id: member,
            patch: tandem_core::project::MemberPatch {
                capacity_hours: Some(f64::from(n % 40 + 1)),
                ..Default::default()
            },
        }),
    })
}

/// Every read model, serialized, so replicas can be compared whole.
fn read_models(doc: &Automerge) -> serde_json::Value {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 2, 2).unwrap();
    let meetings: Vec<_> = tandem_core::meetings::meetings(doc)
        .unwrap()
        .into_iter()
        .map(|m| tandem_core::meetings::meeting(doc, &m.id).unwrap())
        .collect();
    serde_json::json!({
        "meetings": meetings,
        "log": tandem_core::log::log(doc, &Default::default()).unwrap(),
        "decisions": tandem_core::decisions::decisions(doc).unwrap(),
        "goals": tandem_core::goals::goals(doc, today).unwrap(),
        "resources": tandem_core::resources::resources(doc).unwrap(),
        "allocations": tandem_core::resources::allocations(doc).unwrap(),
        "expenses": tandem_core::resources::expenses(doc).unwrap(),
        "budget": tandem_core::resources::budget(doc).unwrap(),
        "dashboard": tandem_core::views::dashboard(doc, today).unwrap(),
        "workload": tandem_core::views::workload(doc, today, 4).unwrap(),
        "risks": tandem_core::risks::risks(doc).unwrap(),
        "risk_matrix": tandem_core::risks::risk_matrix(doc).unwrap(),
        "issues": tandem_core::risks::issues(doc).unwrap(),
        "requests": tandem_core::requests::requests(doc, None).unwrap(),
        "deliverables": tandem_core::deliverables::deliverables(doc).unwrap(),
        "reports": tandem_core::reports::reports(doc).unwrap(),
        "project": tandem_core::project::project(doc).unwrap(),
        "members": tandem_core::project::members(doc).unwrap(),
        "tasks": tasks::tasks(doc).unwrap(),
        "tree": tasks::task_tree(doc).unwrap(),
        "milestones": tandem_core::milestones::milestones(doc).unwrap(),
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

fn check_case(ops: Vec<Op>) -> BTreeMap<String, usize> {
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
    let text = tandem_core::meetings::meeting(doc, &notes).unwrap().notes;
    let mut counted: BTreeMap<char, usize> = BTreeMap::new();
    for c in text.chars() {
        *counted.entry(c).or_default() += 1;
    }
    assert_eq!(counted, ledger.typed, "typed characters lost or invented");

    // No acknowledged log entry is lost, and each appears once.
    let log: Vec<String> =
        tandem_core::log::log(doc, &Default::default()).unwrap().into_iter().map(|e| e.id.to_string()).collect();
    assert_eq!(log.iter().cloned().collect::<BTreeSet<_>>(), ledger.log_ids, "log entries lost");
    assert_eq!(log.len(), ledger.log_ids.len(), "a log entry appears twice");

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
    ledger.applied
}

proptest! {
    #![proptest_config(Config { cases: 256, max_shrink_iters: 2000, ..Config::default() })]

    #[test]
    fn replicas_converge(ops in proptest::collection::vec(op(), 10..70)) {
        check_case(ops);
    }
}

/// The property above only means something if the random commands get through validation:
/// over a fixed set of generated runs, every area of the product must have applied commands.
#[test]
fn random_runs_apply_commands_of_every_area() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut total: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..12 {
        let ops = proptest::collection::vec(op(), 200..201).new_tree(&mut runner).unwrap().current();
        for (k, v) in check_case(ops) {
            *total.entry(k).or_default() += v;
        }
    }
    let areas: BTreeSet<&str> = total.keys().map(|k| k.split('/').next().unwrap()).collect();
    let want = [
        "decision",
        "deliverable",
        "goal",
        "item",
        "log",
        "meeting",
        "project",
        "report",
        "request",
        "resource",
        "risk",
        "task",
    ];
    assert_eq!(areas, want.into_iter().collect::<BTreeSet<_>>(), "applied: {total:?}");
    for key in ["item/delete", "item/restore", "item/edit_text", "task/update", "meeting/append_notes", "log/add"] {
        assert!(total.get(key).copied().unwrap_or(0) > 3, "{key} rarely applied: {total:?}");
    }
}
