//! The reference project R, generated deterministically from a seed.
//!
//! How R is built (see also `bench/README.md`):
//!
//! * A real `tandem_client::Client` profile is created with a device id derived from the seed;
//!   `Client::create_project` makes the project, so member 0 ("the coordinator") is that device.
//! * The other 39 members each get their own Automerge actor id (derived from the seed) and join
//!   with `ProjectCommand::Join`, as a new device does after accepting an invite.
//! * Every other change is one `tandem_core::execute` call of a real domain command, on one
//!   in-memory `automerge::Automerge`, switching the actor to the member who acts. This is the
//!   same code path `Client::execute` runs, minus its per-change fsync: 200,000 fsynced writes
//!   and 40 profiles merged through a server would take far longer than a benchmark run may.
//!   The history is therefore linear (each change has seen every earlier one): no concurrent
//!   branches, so the conflicts view is empty.
//! * The finished document is written into the profile's store the way samod leaves it after
//!   compaction: one snapshot chunk (`doc.save()`) under `<doc id>/snapshot/<sha256 of heads>`.
//!   A fresh `Client::open` then loads it, and the generator checks that it sees every change.
//!
//! Activity is scheduled over a year (2025-01-06 → 2025-12-19) and replayed in time order, so
//! creations, follow-ups (status changes, time logging, dependencies), log entries and meeting
//! notes typed in small splices interleave as real use makes them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use automerge::{ActorId, Automerge};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use tandem_client::Client;
use tandem_client::profile::ProfileConfig;
use tandem_core::decisions::{DecisionCommand, DecisionStatus, NewDecision};
use tandem_core::deliverables::{DeliverableCommand, NewDeliverable, ReviewStatus};
use tandem_core::goals::{GoalCommand, GoalHorizon, NewGoal};
use tandem_core::ids::{CriterionId, DecisionId, DeliverableId, GoalId, MeetingId, MemberId, MilestoneId, RequestId};
use tandem_core::ids::{RiskId, TaskId};
use tandem_core::items::ItemCommand;
use tandem_core::log::{LogCommand, LogKind};
use tandem_core::meetings::{MeetingCommand, NewMeeting};
use tandem_core::milestones::MilestoneCommand;
use tandem_core::project::ProjectCommand;
use tandem_core::requests::{NewRequest, Priority, RequestCommand, RequestStatus};
use tandem_core::risks::{NewRisk, RiskCommand, RiskStatus};
use tandem_core::tasks::{NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::{Command, Ctx, ItemRef, Kind, Millis, Outcome};
use tandem_store::{FsStore, StorageKey};

/// Bumped whenever the generator changes what it builds; cached data of another version is rebuilt.
pub const GEN_VERSION: u32 = 1;

/// The default seed.
pub const SEED: u64 = 0x7a4d_3e11_2026_0001;

/// 2025-01-06 09:00 UTC (a Monday): the project's first change.
const START: i64 = 1_736_154_000_000;
/// The schedule spans 347 days, ending 2025-12-19.
const SPAN: i64 = 347 * 86_400_000;

/// A tiny deterministic random source (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// Uniform in `lo..hi` (`hi` > `lo`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo).max(1) as u64) as i64
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// How big the generated project is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    pub scale: f64,
    pub seed: u64,
    pub members: usize,
    pub tasks: usize,
    pub log: usize,
    pub meetings: usize,
    /// Approximate size of each meeting's notes, typed in small splices.
    pub note_bytes: usize,
    pub risks: usize,
    pub decisions: usize,
    pub requests: usize,
    pub deliverables: usize,
    pub milestones: usize,
    pub goals: usize,
}

impl Spec {
    /// R scaled by `scale` (the team stays 40 people; the content scales).
    pub fn for_scale(scale: f64, seed: u64) -> Spec {
        let n = |full: usize, min: usize| ((full as f64 * scale).round() as usize).max(min);
        Spec {
            scale,
            seed,
            members: 40,
            tasks: n(8_000, 10),
            log: n(60_000, 10),
            meetings: n(600, 2),
            note_bytes: 2_000,
            risks: n(400, 2),
            decisions: n(300, 2),
            requests: n(200, 2),
            deliverables: n(100, 2),
            milestones: n(24, 2),
            goals: n(12, 2),
        }
    }
}

/// What the cache directory records about the generated project.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub generator: u32,
    pub spec: Spec,
    /// The project's document id in the profile.
    pub project: String,
    /// Changes in the document.
    pub changes: usize,
    /// Commands that the core refused during generation (by operation), expected to be zero.
    pub refused: BTreeMap<String, usize>,
    /// Size of the saved snapshot in bytes.
    pub snapshot_bytes: usize,
    /// Seconds the generation took.
    pub gen_seconds: f64,
    /// The day the read models are computed for (the day after the last change).
    pub today: NaiveDate,
    /// Time of the last generated change (UTC ms); edits in the benchmark continue from here.
    pub last_time: i64,
}

/// Where the cached profile for `scale` lives.
pub fn cache_dir(scale: f64) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("target"));
    target.join("bench-data").join(format!("R-{scale}"))
}

/// The cached project's metadata, if a complete cache of this generator version and spec exists.
pub fn cached(scale: f64, seed: u64) -> Option<Meta> {
    let bytes = std::fs::read(cache_dir(scale).join("meta.json")).ok()?;
    let meta: Meta = serde_json::from_slice(&bytes).ok()?;
    (meta.generator == GEN_VERSION && meta.spec == Spec::for_scale(scale, seed)).then_some(meta)
}

const WORDS: &[&str] = &[
    "billing",
    "invoice",
    "api",
    "migration",
    "release",
    "customer",
    "dashboard",
    "report",
    "export",
    "import",
    "search",
    "login",
    "payment",
    "schema",
    "backend",
    "frontend",
    "mobile",
    "review",
    "design",
    "spec",
    "test",
    "deploy",
    "server",
    "client",
    "sync",
    "offline",
    "cache",
    "latency",
    "budget",
    "vendor",
    "contract",
    "legal",
    "onboarding",
    "training",
    "support",
    "ticket",
    "backlog",
    "sprint",
    "milestone",
    "risk",
    "audit",
    "security",
    "privacy",
    "access",
    "roles",
    "email",
    "notification",
    "calendar",
    "timeline",
    "estimate",
    "scope",
    "the",
    "and",
    "for",
    "with",
    "new",
    "old",
    "update",
    "fix",
    "check",
    "plan",
    "draft",
    "final",
    "weekly",
    "monthly",
];
const FIRST: &[&str] = &[
    "Ada", "Bo", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kofi", "Lena", "Mateo", "Nia", "Omar",
    "Priya", "Quinn", "Rosa", "Sven", "Tara",
];
const LAST: &[&str] = &[
    "Lovelace", "Berg", "Wang", "Okafor", "Stone", "Haddad", "Meyer", "Sato", "Petrov", "Reyes", "Mensah", "Fischer",
    "Garcia", "Adeyemi", "Khan", "Iyer", "Walsh", "Costa", "Lind", "Nair",
];

fn member_name(i: usize) -> String {
    format!("{} {}", FIRST[i % FIRST.len()], LAST[(i / FIRST.len() + i * 3) % LAST.len()])
}

fn words(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| *rng.pick(WORDS)).collect::<Vec<_>>().join(" ")
}

fn title(rng: &mut Rng) -> String {
    let n = 3 + rng.below(4);
    let mut t = words(rng, n);
    if let Some(first) = t.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    t
}

fn date_of(ms: i64) -> NaiveDate {
    Millis(ms).date()
}

/// One scheduled operation; items are referred to by their index in creation order.
#[derive(Debug, Clone)]
enum Op {
    Milestone(usize),
    Goal(usize),
    GoalProgress(usize),
    AddTask(usize),
    TaskStatus(usize, TaskStatus),
    LogTime(usize),
    Assign(usize, usize),
    AddDep(usize, usize),
    TaskDescSplice(usize),
    TaskDue(usize),
    Log,
    Meeting(usize),
    Agenda(usize),
    NoteSplice(usize),
    ActionItem(usize),
    LinkDecision(usize, usize),
    Risk(usize),
    RiskStatus(usize, RiskStatus),
    Decision(usize),
    DecisionStatus(usize, DecisionStatus),
    Request(usize),
    RequestTriage(usize, RequestStatus),
    RequestLink(usize, usize),
    RequestRespond(usize),
    Deliverable(usize),
    Criterion(usize),
    CriterionMet(usize, usize),
    Review(usize, ReviewStatus),
    SignOff(usize),
}

impl Op {
    fn name(&self) -> &'static str {
        match self {
            Op::Milestone(_) => "milestone",
            Op::Goal(_) => "goal",
            Op::GoalProgress(_) => "goal progress",
            Op::AddTask(_) => "add task",
            Op::TaskStatus(..) => "task status",
            Op::LogTime(_) => "log time",
            Op::Assign(..) => "assign",
            Op::AddDep(..) => "add dependency",
            Op::TaskDescSplice(_) => "task description splice",
            Op::TaskDue(_) => "task due",
            Op::Log => "log entry",
            Op::Meeting(_) => "meeting",
            Op::Agenda(_) => "agenda item",
            Op::NoteSplice(_) => "notes splice",
            Op::ActionItem(_) => "action item",
            Op::LinkDecision(..) => "link decision",
            Op::Risk(_) => "risk",
            Op::RiskStatus(..) => "risk status",
            Op::Decision(_) => "decision",
            Op::DecisionStatus(..) => "decision status",
            Op::Request(_) => "request",
            Op::RequestTriage(..) => "request triage",
            Op::RequestLink(..) => "request link",
            Op::RequestRespond(_) => "request response",
            Op::Deliverable(_) => "deliverable",
            Op::Criterion(_) => "criterion",
            Op::CriterionMet(..) => "criterion met",
            Op::Review(..) => "review",
            Op::SignOff(_) => "sign-off",
        }
    }
}

#[derive(Debug)]
struct Intent {
    at: i64,
    seq: u32,
    actor: u16,
    op: Op,
}

/// Builds the time-ordered list of everything that happens in R.
fn schedule(spec: &Spec, rng: &mut Rng) -> Vec<Intent> {
    let mut out = Vec::new();
    let m = spec.members;
    let push = |out: &mut Vec<Intent>, at: i64, actor: usize, op: Op| {
        let seq = out.len() as u32;
        out.push(Intent { at: at.clamp(START + 60_000, START + SPAN), seq, actor: actor as u16, op });
    };
    let when = |rng: &mut Rng, lo: f64, hi: f64| START + 60_000 + (SPAN as f64 * (lo + (hi - lo) * rng.unit())) as i64;
    let later = |rng: &mut Rng, t: i64, max_days: i64| t + 1 + rng.range(60_000, max_days * 86_400_000);

    for i in 0..spec.milestones {
        push(&mut out, when(rng, 0.0, 0.02), 0, Op::Milestone(i));
    }
    for i in 0..spec.goals {
        let t = when(rng, 0.0, 0.03);
        push(&mut out, t, 0, Op::Goal(i));
        for k in 1..=10 {
            push(&mut out, t + k * SPAN / 12, 0, Op::GoalProgress(i));
        }
    }
    // Tasks are created over the first 85% of the year, in index order (so a task's parent and
    // predecessors, which have lower indices, always exist when it does).
    let mut task_times: Vec<i64> = (0..spec.tasks).map(|_| when(rng, 0.0, 0.85)).collect();
    task_times.sort_unstable();
    for (i, &t) in task_times.iter().enumerate() {
        let actor = rng.below(m);
        push(&mut out, t, actor, Op::AddTask(i));
        let owner = rng.below(m);
        if i > 0 && rng.chance(0.5) {
            let on = rng.below(i);
            push(&mut out, t + 1, actor, Op::AddDep(i, on));
        }
        if rng.chance(0.25) {
            push(&mut out, later(rng, t, 20), rng.below(m), Op::Assign(i, rng.below(m)));
        }
        if rng.chance(0.3) {
            let t0 = later(rng, t, 5);
            for k in 0..10 {
                push(&mut out, t0 + k * 15_000, owner, Op::TaskDescSplice(i));
            }
        }
        if rng.chance(0.2) {
            push(&mut out, later(rng, t, 30), actor, Op::TaskDue(i));
        }
        if rng.chance(0.75) {
            let start = later(rng, t, 30);
            push(&mut out, start, owner, Op::TaskStatus(i, TaskStatus::InProgress));
            let logs = rng.below(4);
            let mut tl = start;
            for _ in 0..logs {
                tl = later(rng, tl, 5);
                push(&mut out, tl, owner, Op::LogTime(i));
            }
            if rng.chance(0.8) {
                push(&mut out, later(rng, tl, 10), owner, Op::TaskStatus(i, TaskStatus::Done));
            }
        }
    }
    for _ in 0..spec.log {
        push(&mut out, when(rng, 0.0, 1.0), rng.below(m), Op::Log);
    }
    let splices = spec.note_bytes / 24;
    let mut meeting_times: Vec<i64> = (0..spec.meetings).map(|_| when(rng, 0.01, 0.99)).collect();
    meeting_times.sort_unstable();
    for (i, &t) in meeting_times.iter().enumerate() {
        let host = rng.below(m);
        let scribe = rng.below(m);
        push(&mut out, t - 3_600_000, host, Op::Meeting(i));
        for k in 0..3 {
            push(&mut out, t - 3_000_000 + k * 60_000, host, Op::Agenda(i));
        }
        for k in 0..splices as i64 {
            push(&mut out, t + k * 20_000, scribe, Op::NoteSplice(i));
        }
        let end = t + splices as i64 * 20_000;
        for k in 0..2 {
            push(&mut out, end + k * 60_000 + 1, scribe, Op::ActionItem(i));
        }
    }
    let mut decision_times: Vec<i64> = (0..spec.decisions).map(|_| when(rng, 0.02, 0.95)).collect();
    decision_times.sort_unstable();
    for (i, &t) in decision_times.iter().enumerate() {
        let who = rng.below(m);
        push(&mut out, t, who, Op::Decision(i));
        let status = if rng.chance(0.8) { DecisionStatus::Accepted } else { DecisionStatus::Rejected };
        push(&mut out, later(rng, t, 7), 0, Op::DecisionStatus(i, status));
        if rng.chance(0.5) {
            // Linked to a meeting held before the decision was recorded.
            let before = meeting_times.partition_point(|&mt| mt < t);
            if before > 0 {
                push(&mut out, later(rng, t, 3), who, Op::LinkDecision(rng.below(before), i));
            }
        }
    }
    for i in 0..spec.risks {
        let t = when(rng, 0.0, 0.9);
        push(&mut out, t, rng.below(m), Op::Risk(i));
        let s = *rng.pick(&[RiskStatus::Mitigating, RiskStatus::Closed, RiskStatus::Occurred]);
        push(&mut out, later(rng, t, 40), 0, Op::RiskStatus(i, s));
    }
    for i in 0..spec.requests {
        let t = when(rng, 0.0, 0.9);
        push(&mut out, t, rng.below(m), Op::Request(i));
        let accepted = rng.chance(0.8);
        let s = if accepted { RequestStatus::Accepted } else { RequestStatus::Rejected };
        let tt = later(rng, t, 5);
        push(&mut out, tt, 0, Op::RequestTriage(i, s));
        if accepted {
            let before = task_times.partition_point(|&x| x < tt);
            if before > 0 {
                push(&mut out, later(rng, tt, 3), 0, Op::RequestLink(i, rng.below(before)));
            }
            push(&mut out, later(rng, tt, 10), 0, Op::RequestRespond(i));
        }
    }
    for i in 0..spec.deliverables {
        let t = when(rng, 0.0, 0.7);
        let owner = rng.below(m);
        push(&mut out, t, owner, Op::Deliverable(i));
        let mut tc = t;
        for _ in 0..3 {
            tc = later(rng, tc, 5);
            push(&mut out, tc, owner, Op::Criterion(i));
        }
        for k in 0..3 {
            tc = later(rng, tc, 10);
            push(&mut out, tc, owner, Op::CriterionMet(i, k));
        }
        let tr = later(rng, tc, 5);
        push(&mut out, tr, owner, Op::Review(i, ReviewStatus::InReview));
        if rng.chance(0.6) {
            let ta = later(rng, tr, 5);
            push(&mut out, ta, 0, Op::Review(i, ReviewStatus::Accepted));
            push(&mut out, later(rng, ta, 5), 0, Op::SignOff(i));
        }
    }
    out.sort_by_key(|x| (x.at, x.seq));
    out
}

/// The project being built: the document, the actors and the ids of everything created so far.
struct Builder {
    doc: Automerge,
    actors: Vec<ActorId>,
    members: Vec<MemberId>,
    rng: Rng,
    milestones: Vec<Option<MilestoneId>>,
    goals: Vec<Option<GoalId>>,
    tasks: Vec<Option<TaskId>>,
    task_desc_len: Vec<usize>,
    meetings: Vec<Option<MeetingId>>,
    notes_len: Vec<usize>,
    risks: Vec<Option<RiskId>>,
    decisions: Vec<Option<DecisionId>>,
    requests: Vec<Option<RequestId>>,
    deliverables: Vec<Option<DeliverableId>>,
    criteria: Vec<Vec<CriterionId>>,
    refused: BTreeMap<String, usize>,
    skipped: usize,
}

fn mem(members: &[MemberId], i: usize) -> MemberId {
    members[i % members.len()].clone()
}

fn created<T: std::str::FromStr>(out: &Outcome) -> Option<T> {
    out.created.as_deref().and_then(|c| c.parse().ok())
}

impl Builder {
    fn run(&mut self, at: i64, actor: usize, cmd: Command) -> Option<Outcome> {
        self.doc.set_actor(self.actors[actor].clone());
        tandem_core::execute(&mut self.doc, &Ctx::at(Millis(at)), cmd).ok()
    }

    /// Runs one scheduled operation; returns `None` if it referred to something that does not
    /// exist or the core refused it.
    fn apply(&mut self, it: &Intent) -> Option<Outcome> {
        let at = it.at;
        let a = it.actor as usize;
        let cmd = match &it.op {
            Op::Milestone(i) => Command::Milestone(MilestoneCommand::Add {
                title: format!("M{} {}", i + 1, title(&mut self.rng)),
                due: date_of(START + SPAN * (*i as i64 + 1) / (self.milestones.len() as i64 + 1)),
                description: words(&mut self.rng, 12),
            }),
            Op::Goal(i) => Command::Goal(GoalCommand::Add(NewGoal {
                title: format!("Goal {}: {}", i + 1, title(&mut self.rng)),
                description: words(&mut self.rng, 15),
                horizon: if i % 2 == 0 { GoalHorizon::Short } else { GoalHorizon::Long },
                metric: "percent".into(),
                baseline: 0.0,
                target: 100.0,
                current: None,
                due: Some(date_of(START + SPAN)),
                owner: Some(mem(&self.members, *i)),
            })),
            Op::GoalProgress(i) => {
                let id = self.goals.get(*i)?.clone()?;
                let current = (self.rng.unit() * 100.0).round();
                Command::Goal(GoalCommand::RecordProgress { id, current })
            }
            Op::AddTask(i) => {
                let parent =
                    if *i > 10 && self.rng.chance(0.35) { self.tasks[self.rng.below(*i)].clone() } else { None };
                let n_assign = self.rng.below(3);
                let mut assignees: Vec<MemberId> =
                    (0..n_assign).map(|_| mem(&self.members, self.rng.below(self.members.len()))).collect();
                assignees.dedup();
                let start = at + self.rng.range(0, 20) * 86_400_000;
                let due = start + self.rng.range(1, 40) * 86_400_000;
                let milestone = if self.rng.chance(0.6) && !self.milestones.is_empty() {
                    self.milestones[self.rng.below(self.milestones.len())].clone()
                } else {
                    None
                };
                let tags = if self.rng.chance(0.4) { vec![self.rng.pick(WORDS).to_string()] } else { Vec::new() };
                Command::Task(TaskCommand::Add(NewTask {
                    title: title(&mut self.rng),
                    parent,
                    assignees,
                    estimate: Some(self.rng.range(1, 41) as f64),
                    start: Some(date_of(start)),
                    due: Some(date_of(due)),
                    milestone,
                    tags,
                    ..Default::default()
                }))
            }
            Op::TaskStatus(i, status) => {
                let id = self.tasks.get(*i)?.clone()?;
                Command::Task(TaskCommand::Update {
                    id,
                    patch: TaskPatch { status: Some(*status), ..Default::default() },
                })
            }
            Op::LogTime(i) => {
                let id = self.tasks.get(*i)?.clone()?;
                Command::Task(TaskCommand::LogTime { id, hours: self.rng.range(1, 17) as f64 / 2.0 })
            }
            Op::Assign(i, who) => {
                let id = self.tasks.get(*i)?.clone()?;
                Command::Task(TaskCommand::Assign { id, member: mem(&self.members, *who) })
            }
            Op::AddDep(i, on) => {
                let id = self.tasks.get(*i)?.clone()?;
                let on = self.tasks.get(*on)?.clone()?;
                Command::Task(TaskCommand::AddDependency { id, on })
            }
            Op::TaskDescSplice(i) => {
                let id = self.tasks.get(*i)?.clone()?;
                let pos = self.task_desc_len[*i];
                let insert = format!("{} ", words(&mut self.rng, 4));
                self.task_desc_len[*i] += insert.chars().count();
                Command::Item(ItemCommand::EditText {
                    kind: Kind::Task,
                    id: id.to_string(),
                    field: "description".into(),
                    pos,
                    delete: 0,
                    insert,
                    at: None,
                })
            }
            Op::TaskDue(i) => {
                let id = self.tasks.get(*i)?.clone()?;
                let due = date_of(at + self.rng.range(5, 60) * 86_400_000);
                Command::Task(TaskCommand::Update {
                    id,
                    patch: TaskPatch { due: tandem_core::values::Edit::Set(due), ..Default::default() },
                })
            }
            Op::Log => {
                let kind = *self.rng.pick(&[
                    LogKind::Note,
                    LogKind::Note,
                    LogKind::Progress,
                    LogKind::Problem,
                    LogKind::Decision,
                    LogKind::Milestone,
                ]);
                let refs = if !self.tasks.is_empty() && self.rng.chance(0.3) {
                    self.tasks[self.rng.below(self.tasks.len())]
                        .as_ref()
                        .map(|t| vec![ItemRef::new(Kind::Task, t.as_str())])
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                let n = 8 + self.rng.below(30);
                Command::Log(LogCommand::Add { body: words(&mut self.rng, n), kind, refs })
            }
            Op::Meeting(i) => {
                let n = 3 + self.rng.below(6);
                let mut attendees: Vec<MemberId> =
                    (0..n).map(|_| mem(&self.members, self.rng.below(self.members.len()))).collect();
                attendees.sort();
                attendees.dedup();
                Command::Meeting(MeetingCommand::Add(NewMeeting {
                    title: format!("{} sync", title(&mut self.rng)),
                    series: Some(format!("series-{}", i % 8)),
                    start: Millis(at + 3_600_000),
                    duration_minutes: 45,
                    location: Some("Room 4".into()),
                    attendees,
                    notes: String::new(),
                }))
            }
            Op::Agenda(i) => {
                let id = self.meetings.get(*i)?.clone()?;
                Command::Meeting(MeetingCommand::AddAgendaItem {
                    id,
                    title: title(&mut self.rng),
                    minutes: Some(10),
                    after: None,
                })
            }
            Op::NoteSplice(i) => {
                let id = self.meetings.get(*i)?.clone()?;
                let len = self.notes_len[*i];
                // Mostly typing at the end; sometimes a correction of the last few characters.
                let (pos, delete) = if len > 10 && self.rng.chance(0.1) {
                    let d = 1 + self.rng.below(5);
                    (len - d, d)
                } else {
                    (len, 0)
                };
                let n = 3 + self.rng.below(3);
                let mut insert = words(&mut self.rng, n);
                insert.push(if self.rng.chance(0.15) { '\n' } else { ' ' });
                self.notes_len[*i] = len - delete + insert.chars().count();
                Command::Item(ItemCommand::EditText {
                    kind: Kind::Meeting,
                    id: id.to_string(),
                    field: "notes".into(),
                    pos,
                    delete,
                    insert,
                    at: None,
                })
            }
            Op::ActionItem(i) => {
                let id = self.meetings.get(*i)?.clone()?;
                Command::Meeting(MeetingCommand::AddActionItem {
                    id,
                    text: title(&mut self.rng),
                    assignee: Some(mem(&self.members, self.rng.below(self.members.len()))),
                    due: Some(date_of(at + 7 * 86_400_000)),
                })
            }
            Op::LinkDecision(mi, di) => {
                let id = self.meetings.get(*mi)?.clone()?;
                let decision = self.decisions.get(*di)?.clone()?;
                Command::Meeting(MeetingCommand::LinkDecision { id, decision })
            }
            Op::Risk(i) => Command::Risk(RiskCommand::Add(NewRisk {
                title: format!("Risk {}: {}", i + 1, title(&mut self.rng)),
                description: words(&mut self.rng, 20),
                mitigation: words(&mut self.rng, 12),
                probability: 1 + self.rng.below(5) as u8,
                impact: 1 + self.rng.below(5) as u8,
                owner: Some(mem(&self.members, self.rng.below(self.members.len()))),
                review: Some(date_of(at + 30 * 86_400_000)),
            })),
            Op::RiskStatus(i, status) => {
                let id = self.risks.get(*i)?.clone()?;
                Command::Risk(RiskCommand::SetStatus { id, status: *status })
            }
            Op::Decision(i) => {
                let n = self.tasks.len();
                let tasks =
                    if n > 0 { self.tasks[self.rng.below(n)].clone().into_iter().collect() } else { Vec::new() };
                Command::Decision(DecisionCommand::Add(NewDecision {
                    title: format!("Decision {}: {}", i + 1, title(&mut self.rng)),
                    context: words(&mut self.rng, 40),
                    decision: words(&mut self.rng, 25),
                    alternatives: words(&mut self.rng, 20),
                    decided_by: None,
                    decided_at: None,
                    meetings: Vec::new(),
                    tasks,
                }))
            }
            Op::DecisionStatus(i, status) => {
                let id = self.decisions.get(*i)?.clone()?;
                Command::Decision(DecisionCommand::SetStatus {
                    id,
                    status: *status,
                    decided_by: Some(mem(&self.members, 0)),
                    decided_at: Some(date_of(at)),
                    superseded_by: None,
                })
            }
            Op::Request(i) => Command::Request(RequestCommand::Add(NewRequest {
                title: format!("Request {}: {}", i + 1, title(&mut self.rng)),
                description: words(&mut self.rng, 30),
                requester: format!("{} (ACME)", member_name(100 + i)),
                received: Some(date_of(at)),
                priority: *self.rng.pick(&[Priority::Low, Priority::Normal, Priority::High, Priority::Urgent]),
            })),
            Op::RequestTriage(i, status) => {
                let id = self.requests.get(*i)?.clone()?;
                Command::Request(RequestCommand::Triage { id, status: *status, duplicate_of: None, response: None })
            }
            Op::RequestLink(i, t) => {
                let id = self.requests.get(*i)?.clone()?;
                let task = self.tasks.get(*t)?.clone()?;
                Command::Request(RequestCommand::LinkTask { id, task })
            }
            Op::RequestRespond(i) => {
                let id = self.requests.get(*i)?.clone()?;
                Command::Request(RequestCommand::Respond { id, response: words(&mut self.rng, 25) })
            }
            Op::Deliverable(i) => Command::Deliverable(DeliverableCommand::Add(NewDeliverable {
                title: format!("Deliverable {}: {}", i + 1, title(&mut self.rng)),
                description: words(&mut self.rng, 30),
                due: Some(date_of(at + 60 * 86_400_000)),
                owner: Some(mem(&self.members, self.rng.below(self.members.len()))),
                criteria: Vec::new(),
            })),
            Op::Criterion(i) => {
                let id = self.deliverables.get(*i)?.clone()?;
                Command::Deliverable(DeliverableCommand::AddCriterion { id, text: title(&mut self.rng) })
            }
            Op::CriterionMet(i, k) => {
                let id = self.deliverables.get(*i)?.clone()?;
                let criterion = self.criteria.get(*i)?.get(*k)?.clone();
                Command::Deliverable(DeliverableCommand::SetCriterionMet { id, criterion, met: true })
            }
            Op::Review(i, review) => {
                let id = self.deliverables.get(*i)?.clone()?;
                Command::Deliverable(DeliverableCommand::SetReview { id, review: *review })
            }
            Op::SignOff(i) => {
                let id = self.deliverables.get(*i)?.clone()?;
                Command::Deliverable(DeliverableCommand::SignOff {
                    id,
                    by: "Client sponsor".into(),
                    member: None,
                    note: Some(words(&mut self.rng, 6)),
                })
            }
        };
        let out = self.run(at, a, cmd)?;
        match &it.op {
            Op::Milestone(i) => self.milestones[*i] = created(&out),
            Op::Goal(i) => self.goals[*i] = created(&out),
            Op::AddTask(i) => self.tasks[*i] = created(&out),
            Op::Meeting(i) => self.meetings[*i] = created(&out),
            Op::Risk(i) => self.risks[*i] = created(&out),
            Op::Decision(i) => self.decisions[*i] = created(&out),
            Op::Request(i) => self.requests[*i] = created(&out),
            Op::Deliverable(i) => self.deliverables[*i] = created(&out),
            Op::Criterion(i) => {
                if let Some(c) = created(&out) {
                    self.criteria[*i].push(c);
                }
            }
            _ => {}
        }
        Some(out)
    }
}

fn io(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: {e}")
}

/// Generates R at `scale` into the cache (replacing what is there) and returns its metadata.
pub fn generate(scale: f64, seed: u64) -> Result<Meta, String> {
    let spec = Spec::for_scale(scale, seed);
    let dir = cache_dir(scale);
    let partial = dir.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    let home = partial.join("home");
    std::fs::create_dir_all(&home).map_err(|e| io("cannot create the cache directory", e))?;
    let started = Instant::now();
    let mut rng = Rng::new(seed);

    // The profile's device id comes from the seed, so the whole document is reproducible.
    let mut actors = Vec::new();
    for _ in 0..spec.members {
        let mut bytes = [0u8; 16];
        for chunk in bytes.chunks_mut(8) {
            chunk.copy_from_slice(&rng.next_u64().to_le_bytes());
        }
        actors.push(ActorId::from(bytes.as_slice()));
    }
    let config = ProfileConfig {
        device: actors[0].to_hex_string(),
        current: None,
        projects: BTreeMap::new(),
        servers: BTreeMap::new(),
    };
    let json = serde_json::to_vec_pretty(&config).map_err(|e| io("cannot encode profile.json", e))?;
    std::fs::write(home.join("profile.json"), json).map_err(|e| io("cannot write profile.json", e))?;

    let mut client = Client::open(&home).map_err(|e| io("cannot open the profile", e))?;
    client.set_clock(Box::new(|| Millis(START)));
    let (project, _) = client
        .create_project(ProjectCommand::Create {
            name: "Reference project R".into(),
            me: member_name(0),
            client: Some("ACME Corp".into()),
            start: Some(date_of(START)),
            end: Some(date_of(START + SPAN + 12 * 86_400_000)),
            currency: Some("EUR".into()),
            budget: Some(250_000_000),
        })
        .map_err(|e| io("cannot create the project", e))?;
    let mut doc = client.read(&project, |d| d.fork()).map_err(|e| io("cannot read the project", e))?;
    client.close();

    let mut members = Vec::new();
    doc.set_actor(actors[0].clone());
    members.push(tandem_core::command::member_of_actor(&doc, &actors[0].to_hex_string()).ok_or("no coordinator")?);
    for (i, actor) in actors.iter().enumerate().skip(1) {
        doc.set_actor(actor.clone());
        let out = tandem_core::execute(
            &mut doc,
            &Ctx::at(Millis(START + i as i64 * 1000)),
            Command::Project(ProjectCommand::Join { name: member_name(i) }),
        )
        .map_err(|e| io("join failed", e))?;
        members.push(created(&out).ok_or("join made no member")?);
    }

    let plan = schedule(&spec, &mut rng);
    let total = plan.len();
    eprintln!(
        "generating R-{scale}: {} members, {} tasks, {} log entries, {} meetings, {total} scheduled changes",
        spec.members, spec.tasks, spec.log, spec.meetings
    );
    let mut b = Builder {
        doc,
        actors,
        members,
        rng,
        milestones: vec![None; spec.milestones],
        goals: vec![None; spec.goals],
        tasks: vec![None; spec.tasks],
        task_desc_len: vec![0; spec.tasks],
        meetings: vec![None; spec.meetings],
        notes_len: vec![0; spec.meetings],
        risks: vec![None; spec.risks],
        decisions: vec![None; spec.decisions],
        requests: vec![None; spec.requests],
        deliverables: vec![None; spec.deliverables],
        criteria: vec![Vec::new(); spec.deliverables],
        refused: BTreeMap::new(),
        skipped: 0,
    };
    let mut last_report = Instant::now();
    let mut last_time = START;
    // Time spent per kind of operation, to show where generation time goes.
    let mut per_op: BTreeMap<&'static str, (usize, Duration)> = BTreeMap::new();
    for (n, it) in plan.iter().enumerate() {
        last_time = it.at;
        let t = Instant::now();
        let applied = b.apply(it);
        let e = per_op.entry(it.op.name()).or_default();
        e.0 += 1;
        e.1 += t.elapsed();
        if applied.is_none() {
            *b.refused.entry(it.op.name().to_owned()).or_default() += 1;
            b.skipped += 1;
        }
        if last_report.elapsed() >= Duration::from_secs(3) {
            last_report = Instant::now();
            let secs = started.elapsed().as_secs_f64();
            let rate = (n + 1) as f64 / secs;
            eprintln!(
                "  {:>7}/{total} changes ({:.0}%), {:.0}/s, {:.0} s elapsed, ~{:.0} s left",
                n + 1,
                100.0 * (n + 1) as f64 / total as f64,
                rate,
                secs,
                (total - n - 1) as f64 / rate
            );
        }
    }
    eprintln!("  time per operation (count, total s, mean ms):");
    for (name, (count, total)) in &per_op {
        eprintln!(
            "    {name:<24} {count:>7} {:>8.1} {:>8.3}",
            total.as_secs_f64(),
            total.as_secs_f64() * 1000.0 / *count as f64
        );
    }
    if b.skipped > 0 {
        eprintln!("  {} scheduled commands were refused or skipped: {:?}", b.skipped, b.refused);
    }

    // Store it as samod leaves a compacted document: one snapshot chunk.
    let doc = b.doc;
    let changes = doc.get_changes_meta(&[]).len();
    let bytes = doc.save();
    let store = FsStore::open(home.join("store")).map_err(|e| io("cannot open the store", e))?;
    let prefix = StorageKey::from_parts([project.as_str()]).map_err(|e| io("bad key", e))?;
    for key in store.load_range_sync(&prefix).map_err(|e| io("cannot list the store", e))?.keys() {
        store.delete_sync(key).map_err(|e| io("cannot clear the store", e))?;
    }
    let mut hasher = sha2::Sha256::new();
    for h in doc.get_heads() {
        hasher.update(h.0);
    }
    let compaction: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let key =
        StorageKey::from_parts([project.as_str(), "snapshot", compaction.as_str()]).map_err(|e| io("bad key", e))?;
    store.put_durable(&key, &bytes).map_err(|e| io("cannot write the snapshot", e))?;
    drop(store);

    // Check that the client loads exactly what was generated.
    let mut client = Client::open(&home).map_err(|e| io("cannot reopen the profile", e))?;
    let (seen, heads) = client
        .read(&project, |d| (d.get_changes_meta(&[]).len(), d.get_heads()))
        .map_err(|e| io("cannot load the generated project", e))?;
    client.close();
    if seen != changes || heads != doc.get_heads() {
        return Err(format!("the client loaded {seen} changes, the generator made {changes}"));
    }

    let meta = Meta {
        generator: GEN_VERSION,
        spec,
        project,
        changes,
        refused: b.refused,
        snapshot_bytes: bytes.len(),
        gen_seconds: started.elapsed().as_secs_f64(),
        today: date_of(last_time) + chrono::Days::new(1),
        last_time,
    };
    let json = serde_json::to_vec_pretty(&meta).map_err(|e| io("cannot encode meta.json", e))?;
    std::fs::write(partial.join("meta.json"), json).map_err(|e| io("cannot write meta.json", e))?;
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&partial, &dir).map_err(|e| io("cannot move the cache into place", e))?;
    eprintln!(
        "generated R-{scale}: {changes} changes, snapshot {:.1} MB, in {:.1} s -> {}",
        bytes.len() as f64 / 1e6,
        meta.gen_seconds,
        dir.display()
    );
    Ok(meta)
}
