//! Plan-integrity checks: what a clean merge can still leave broken.
//!
//! Every command validates its input against the document it runs on, but two members who
//! edit offline each validate against their own replica. After their changes merge, the plan
//! can hold states no single command would have written (a dependency loop made of two edges
//! added on two laptops, a deliverable signed off while someone else unticked one of its
//! criteria), and states commands allow that a coordinator must still hear about (a member
//! booked over capacity, a budget line overspent by two separate commitments). [`check`] lists
//! them. Each [`Finding`] says what is wrong and what to do, names the items involved, and the
//! changes that wrote the values that make it true, so the coordinator knows whom to ask.
//!
//! Cost: every collection is read once, each item in one pass, as the read models do. Only the
//! fields behind a finding are read again, to find the operation (and so the change) that wrote
//! each of them. Nothing walks the history.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use automerge::{Automerge, ChangeHash, ObjId, ROOT, ReadDoc};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use crate::command::ItemRef;
use crate::doc::map_at;
use crate::error::Result;
use crate::history::{self, ChangeInfo};
use crate::ids::Millis;
use crate::money::format_minor;
use crate::project::MemberView;
use crate::resources::ExpenseState;
use crate::schema::{self, Kind, PROJECT};
use crate::tasks::{TaskDepth, TaskView, read_task};
use crate::views;

/// What kind of problem a finding is. The serialized names are stable: scripts may match them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FindingKind {
    /// Tasks that wait for each other in a loop (finish-to-start dependencies), so none of
    /// them can start.
    DependencyCycle,
    /// A task planned to start before a task it waits for is due.
    StartsBeforePredecessor,
    /// An open task due after the milestone it belongs to.
    TaskAfterMilestone,
    /// A member who attends two meetings that overlap in time.
    DoubleBooked,
    /// More money paid than planned: on a budget line, or over the project budget.
    BudgetActualExceeded,
    /// Money committed (ordered, not yet paid) and paid together over the plan: on a budget
    /// line, or over the project budget.
    BudgetCommittedExceeded,
    /// The budget lines plan more money than the project budget.
    BudgetPlannedExceeded,
    /// A deliverable signed off while some of its acceptance criteria are not met.
    SignedOffWithUnmetCriteria,
    /// A member booked over their weekly capacity in an ISO week.
    OverCapacity,
    /// Open tasks or allocations that belong to a member who is inactive (or deleted).
    WorkForInactiveMember,
}

impl FindingKind {
    /// The serialized name (`dependency_cycle`).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::DependencyCycle => "dependency_cycle",
            FindingKind::StartsBeforePredecessor => "starts_before_predecessor",
            FindingKind::TaskAfterMilestone => "task_after_milestone",
            FindingKind::DoubleBooked => "double_booked",
            FindingKind::BudgetActualExceeded => "budget_actual_exceeded",
            FindingKind::BudgetCommittedExceeded => "budget_committed_exceeded",
            FindingKind::BudgetPlannedExceeded => "budget_planned_exceeded",
            FindingKind::SignedOffWithUnmetCriteria => "signed_off_with_unmet_criteria",
            FindingKind::OverCapacity => "over_capacity",
            FindingKind::WorkForInactiveMember => "work_for_inactive_member",
        }
    }

    /// How serious this kind of finding is (see [`FindingSeverity`]).
    pub fn severity(self) -> FindingSeverity {
        match self {
            FindingKind::BudgetPlannedExceeded | FindingKind::OverCapacity | FindingKind::WorkForInactiveMember => {
                FindingSeverity::Warning
            }
            _ => FindingSeverity::Error,
        }
    }
}

impl std::fmt::Display for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FindingSeverity {
    /// The plan cannot be carried out as written, or records something untrue: a dependency
    /// loop, dates that contradict a dependency or a milestone, a person in two meetings at
    /// once, money spent or committed beyond the plan, a sign-off over unmet criteria.
    Error,
    /// The plan can be carried out but is at risk: overbooked people, lines that plan more
    /// than the project budget, work left with inactive members.
    Warning,
}

impl std::fmt::Display for FindingSeverity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FindingSeverity::Error => "error",
            FindingSeverity::Warning => "warning",
        })
    }
}

/// One problem in the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: FindingSeverity,
    /// Identifies the finding within its kind, from the ids of its subjects (`<member>/2026-W02`
    /// for an overbooked week, the task id for a task after its milestone): the same on every
    /// replica, and the same for as long as the problem lasts.
    pub key: String,
    /// What is wrong and what to do about it.
    pub message: String,
    /// The items involved, the subject first.
    pub items: Vec<ItemRef>,
    /// The changes that wrote the values that make the finding true (dates, dependency edges,
    /// assignments, amounts, sign-offs, …), by time then hash, each once.
    pub caused_by: Vec<ChangeInfo>,
}

/// Checks the plan as of `today` and lists every finding: errors first, then by kind (in the
/// order of [`FindingKind`]) and key.
///
/// Deleted items are ignored, except that work left with a deleted member is reported like
/// work left with an inactive one. What each check looks at:
///
/// - **over capacity**: the workload read model ([`views::workload`], same rule) from the week
///   of `today` to the last week any open task is planned in; each active member's week whose
///   hours exceed their capacity. Caused by the member's capacity and each contributing task's
///   assignment, estimate and dates.
/// - **dependency cycle**: every group of live tasks that wait for each other in a loop, once.
///   Caused by every dependency edge inside the group.
/// - **task after milestone**: an open task whose due date (its start, if it has no due date)
///   is after the due date of its live milestone. Caused by the task's date and milestone
///   fields and the milestone's due date.
/// - **starts before predecessor**: an open task whose start (its due date, if it has no
///   start) is before the due date (else the start) of an open task it waits for. Starting on
///   that due date is accepted. Caused by the dependency edge and both dates.
/// - **budget**: for each live budget line, paid money over its planned amount
///   (`budget_actual_exceeded`) and, when something is committed, committed plus paid over it
///   (`budget_committed_exceeded`); for the project budget, when one is set, the same two over
///   the sums of the live lines, and the lines' planned total over it
///   (`budget_planned_exceeded`). Each kind that is exceeded is reported. Expenses on deleted
///   lines do not count, as in the budget view. Caused by the planned amounts or project
///   budget and the counted expenses' amount, state and line.
/// - **double booked**: two live meetings that overlap in time and share attendees, among the
///   meetings that end after the start of `today` (UTC). Caused by both meetings' times and
///   the shared attendees' places in them.
/// - **work for inactive member**: a member who is inactive or deleted and still assigned to
///   open live tasks, or still the person behind a live resource allocated to an open task.
///   Caused by the change that made them inactive and each assignment and allocation.
/// - **signed off with unmet criteria**: a live deliverable with a sign-off and criteria that
///   are not met. Caused by the sign-off and the changes that left each criterion unmet.
pub fn check(doc: &Automerge, today: NaiveDate) -> Result<Vec<Finding>> {
    let mut report = Report::new(doc);
    let members = crate::project::members(doc)?;
    let tasks = read_tasks(doc)?;
    let plan = Plan::new(&tasks);

    over_capacity(&mut report, &members, &tasks, today);
    dependency_cycles(&mut report, &plan);
    starts_before_predecessor(&mut report, &plan);
    task_after_milestone(&mut report, &plan)?;
    budget(&mut report)?;
    double_booked(&mut report, &members, today)?;
    work_for_inactive_members(&mut report, &members, &plan)?;
    signed_off_with_unmet_criteria(&mut report)?;

    let mut findings = report.findings;
    findings.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.kind.cmp(&b.kind)).then_with(|| a.key.cmp(&b.key)));
    Ok(findings)
}

// ---------------------------------------------------------------------------------------------
// Gathering causes

/// The changes behind one finding: the changes that wrote the values it rests on.
struct Causes<'d> {
    doc: &'d Automerge,
    hashes: BTreeSet<ChangeHash>,
}

impl<'d> Causes<'d> {
    fn new(doc: &'d Automerge) -> Self {
        Causes { doc, hashes: BTreeSet::new() }
    }

    /// The change that wrote the current value of `key` in the map `obj` (none if it is unset).
    fn field(&mut self, obj: &ObjId, key: &str) -> &mut Self {
        if let Ok(Some((_, op))) = self.doc.get(obj, key)
            && let Some(hash) = self.doc.hash_for_opid(&op)
        {
            self.hashes.insert(hash);
        }
        self
    }

    /// The change that put `entry` into the set (or nested map) under `key` of `obj`.
    fn entry(&mut self, obj: &ObjId, key: &str, entry: &str) -> &mut Self {
        if let Some(set) = map_at(self.doc, obj, key) {
            self.field(&set, entry);
        }
        self
    }
}

/// The findings so far, and the changes already described (a change is described once however
/// many findings it causes).
struct Report<'d> {
    doc: &'d Automerge,
    described: HashMap<ChangeHash, Option<ChangeInfo>>,
    findings: Vec<Finding>,
}

impl<'d> Report<'d> {
    fn new(doc: &'d Automerge) -> Self {
        Report { doc, described: HashMap::new(), findings: Vec::new() }
    }

    fn causes(&self) -> Causes<'d> {
        Causes::new(self.doc)
    }

    fn add(&mut self, kind: FindingKind, key: String, message: String, items: Vec<ItemRef>, causes: Causes<'_>) {
        let doc = self.doc;
        let mut caused_by: Vec<ChangeInfo> = causes
            .hashes
            .iter()
            .filter_map(|h| self.described.entry(*h).or_insert_with(|| history::change_info(doc, h)).clone())
            .collect();
        caused_by.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.hash.cmp(&b.hash)));
        let mut seen = BTreeSet::new();
        let items = items.into_iter().filter(|i| seen.insert(i.clone())).collect();
        self.findings.push(Finding { kind, severity: kind.severity(), key, message, items, caused_by });
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A task as the checks need it: the plan fields, its dependencies, and its map.
struct Task {
    view: TaskView,
    depends_on: Vec<String>,
    obj: ObjId,
}

impl Task {
    fn id(&self) -> &str {
        self.view.id.as_str()
    }

    fn item(&self) -> ItemRef {
        ItemRef::new(Kind::Task, self.id())
    }

    /// Neither deleted, done nor cancelled.
    fn is_open(&self) -> bool {
        !self.view.deleted && self.view.status.is_open()
    }

    /// When the task begins: its start, else its due date, with the field it comes from.
    fn begins(&self) -> Option<(NaiveDate, &'static str)> {
        self.view.start.map(|d| (d, "start")).or_else(|| self.view.due.map(|d| (d, "due")))
    }

    /// When the task ends: its due date, else its start, with the field it comes from.
    fn ends(&self) -> Option<(NaiveDate, &'static str)> {
        self.view.due.map(|d| (d, "due")).or_else(|| self.view.start.map(|d| (d, "start")))
    }
}

/// Every task (deleted ones too), each read in one pass, in the order the workload reads them.
fn read_tasks(doc: &Automerge) -> Result<Vec<Task>> {
    let mut out = schema::read_items(doc, Kind::Task, |id, f| {
        Some(Task { view: read_task(id, f, TaskDepth::Plan)?, depends_on: f.set("depends_on"), obj: f.obj().clone() })
    })?;
    out.sort_by(|a, b| a.view.order.cmp(&b.view.order).then_with(|| a.view.id.cmp(&b.view.id)));
    Ok(out)
}

/// The live tasks, indexed by id.
struct Plan<'t> {
    live: Vec<&'t Task>,
    index: HashMap<&'t str, usize>,
}

impl<'t> Plan<'t> {
    fn new(tasks: &'t [Task]) -> Self {
        let live: Vec<&Task> = tasks.iter().filter(|t| !t.view.deleted).collect();
        let index = live.iter().enumerate().map(|(i, t)| (t.id(), i)).collect();
        Plan { live, index }
    }

    fn get(&self, id: &str) -> Option<&'t Task> {
        self.index.get(id).map(|&i| self.live[i])
    }
}

/// Names of people and things in messages: `'Title'`.
fn quoted(s: &str) -> String {
    format!("'{s}'")
}

/// At most five of `names` (already quoted), then how many more.
fn some_of(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut out = names.iter().take(SHOWN).map(String::as_str).collect::<Vec<_>>().join(", ");
    if names.len() > SHOWN {
        out.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn name_of<'m>(members: &'m [MemberView], id: &'m str) -> &'m str {
    members.iter().find(|m| m.id.as_str() == id).map(|m| m.name.as_str()).unwrap_or(id)
}

// ---------------------------------------------------------------------------------------------
// 1. Over capacity

fn over_capacity(report: &mut Report<'_>, members: &[MemberView], tasks: &[Task], today: NaiveDate) {
    let from = views::monday_of(today);
    // The window runs to the last day any open, assigned task is planned on.
    let last = tasks
        .iter()
        .filter(|t| t.is_open() && !t.view.assignees.is_empty())
        .filter_map(|t| t.view.start.max(t.view.due))
        .max();
    let weeks = match last {
        Some(last) if last >= from => usize::try_from((last - from).num_days() / 7 + 1).unwrap_or(views::MAX_WEEKS),
        _ => 1,
    };
    let (from, weeks) = views::workload_window(from, weeks);
    let view = views::workload_of(members.to_vec(), tasks.iter().map(|t| &t.view), from, weeks);

    // Inactive members' load is reported as work left with them, not as overbooking.
    let mut over: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for row in view.rows.iter().filter(|r| r.active) {
        let weeks: Vec<usize> = row.cells.iter().enumerate().filter(|(_, c)| c.over).map(|(i, _)| i).collect();
        if !weeks.is_empty() {
            over.insert(row.member.as_str(), weeks);
        }
    }
    if over.is_empty() {
        return;
    }
    let mut booked: HashMap<(&str, usize), Vec<&Task>> = HashMap::new();
    for t in tasks {
        if !t.view.assignees.iter().any(|a| over.contains_key(a.as_str())) {
            continue;
        }
        let Some((_, Some(cells))) = views::task_load(&t.view, from, weeks) else { continue };
        for a in &t.view.assignees {
            for &i in over.get(a.as_str()).into_iter().flatten() {
                if cells[i] > 0.0 {
                    booked.entry((a.as_str(), i)).or_default().push(t);
                }
            }
        }
    }
    let member_obj = schema::collection(report.doc, Kind::Member).ok();
    for row in view.rows.iter().filter(|r| over.contains_key(r.member.as_str())) {
        let member = row.member.as_str();
        for &i in &over[member] {
            let cell = &row.cells[i];
            let work = booked.get(&(member, i)).map(Vec::as_slice).unwrap_or_default();
            let mut causes = report.causes();
            if let Some(m) = member_obj.as_ref().and_then(|c| map_at(report.doc, c, member)) {
                causes.field(&m, "capacity_hours");
            }
            for t in work {
                causes.entry(&t.obj, "assignees", member).field(&t.obj, "estimate");
                causes.field(&t.obj, "start").field(&t.obj, "due");
            }
            let titles: Vec<String> = work.iter().map(|t| quoted(&t.view.title)).collect();
            let monday = from + chrono::Duration::days(7 * i as i64);
            let message = format!(
                "{name} is booked {hours} h in {week} (week of {monday}), over a capacity of {cap} h a week, by {tasks}: \
                 move or reassign some of this work, or raise {name}'s capacity",
                name = row.name,
                hours = cell.hours,
                week = cell.week,
                cap = row.capacity_hours,
                tasks = some_of(&titles),
            );
            let mut items = vec![ItemRef::new(Kind::Member, member)];
            items.extend(work.iter().map(|t| t.item()));
            report.add(FindingKind::OverCapacity, format!("{member}/{}", cell.week), message, items, causes);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Dependency cycles

/// The strongly connected components of a directed graph (Tarjan's algorithm, without
/// recursion, so long dependency chains cannot overflow the stack).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let (mut stack, mut out, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, how many of its edges are done)
        let mut calls = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&(v, done)) = calls.last() {
            if let Some(&w) = edges[v].get(done) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// A shortest loop from `start` back to itself through the nodes of `within`.
fn loop_through(edges: &[Vec<usize>], within: &BTreeSet<usize>, start: usize) -> Vec<usize> {
    let mut came_from: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &edges[v] {
            if !within.contains(&w) {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    at = came_from[&at];
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = came_from.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

fn dependency_cycles(report: &mut Report<'_>, plan: &Plan<'_>) {
    let edges: Vec<Vec<usize>> = plan
        .live
        .iter()
        .map(|t| {
            let mut to: Vec<usize> = t.depends_on.iter().filter_map(|d| plan.index.get(d.as_str()).copied()).collect();
            to.sort_unstable();
            to.dedup();
            to
        })
        .collect();
    for component in strongly_connected(&edges) {
        let looped = component.len() > 1 || edges[component[0]].contains(&component[0]);
        if !looped {
            continue;
        }
        let within: BTreeSet<usize> = component.iter().copied().collect();
        let Some(&start) = within.iter().min_by_key(|&&i| plan.live[i].id()) else { continue };
        let path = loop_through(&edges, &within, start);
        let titles: Vec<String> = path.iter().map(|&i| quoted(&plan.live[i].view.title)).collect();
        let mut message = if let [only] = titles.as_slice() {
            format!("{only} waits for itself, so it can never start")
        } else {
            let rest: Vec<&str> = titles[1..].iter().chain(&titles[..1]).map(String::as_str).collect();
            format!(
                "{} waits for {}: these tasks wait for each other in a loop, so none of them can start",
                titles[0],
                rest.join(", which waits for ")
            )
        };
        if within.len() > path.len() {
            message.push_str(&format!(" ({} tasks are caught in loops of dependencies)", within.len()));
        }
        message.push_str(if path.len() == 1 {
            "; remove that dependency"
        } else {
            "; remove one of these dependencies"
        });

        let mut causes = report.causes();
        for &v in &within {
            let t = plan.live[v];
            for &w in edges[v].iter().filter(|w| within.contains(w)) {
                causes.entry(&t.obj, "depends_on", plan.live[w].id());
            }
        }
        let mut items: Vec<ItemRef> = path.iter().map(|&i| plan.live[i].item()).collect();
        let mut rest: Vec<ItemRef> = within.iter().map(|&i| plan.live[i].item()).collect();
        rest.sort();
        items.extend(rest);
        let mut ids: Vec<&str> = within.iter().map(|&i| plan.live[i].id()).collect();
        ids.sort_unstable();
        report.add(FindingKind::DependencyCycle, ids.join(","), message, items, causes);
    }
}

// ---------------------------------------------------------------------------------------------
// 3. A task after its milestone

fn task_after_milestone(report: &mut Report<'_>, plan: &Plan<'_>) -> Result<()> {
    struct Milestone {
        title: String,
        due: NaiveDate,
        obj: ObjId,
    }
    let milestones: HashMap<String, Milestone> = schema::read_items(report.doc, Kind::Milestone, |id, f| {
        if f.is_deleted() {
            return None;
        }
        Some((id.to_owned(), Milestone { title: f.text("title"), due: f.date("due")?, obj: f.obj().clone() }))
    })?
    .into_iter()
    .collect();
    if milestones.is_empty() {
        return Ok(());
    }
    for t in plan.live.iter().filter(|t| t.is_open()) {
        let Some(mid) = &t.view.milestone else { continue };
        let Some(m) = milestones.get(mid.as_str()) else { continue };
        let Some((end, field)) = t.ends() else { continue };
        if end <= m.due {
            continue;
        }
        let verb = if field == "due" { "is due" } else { "starts" };
        let message = format!(
            "Task '{}' {verb} {end}, after its milestone '{}' on {}: move the task or the milestone",
            t.view.title, m.title, m.due
        );
        let mut causes = report.causes();
        causes.field(&t.obj, field).field(&t.obj, "milestone").field(&m.obj, "due");
        let items = vec![t.item(), ItemRef::new(Kind::Milestone, mid.as_str())];
        report.add(FindingKind::TaskAfterMilestone, t.id().to_owned(), message, items, causes);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 4. A successor that starts before its predecessor ends

fn starts_before_predecessor(report: &mut Report<'_>, plan: &Plan<'_>) {
    for t in plan.live.iter().filter(|t| t.is_open()) {
        let Some((begins, begin_field)) = t.begins() else { continue };
        for d in &t.depends_on {
            // A predecessor that is done (or cancelled) no longer holds anything up.
            let Some(p) = plan.get(d).filter(|p| p.is_open()) else { continue };
            let Some((ends, end_field)) = p.ends() else { continue };
            if begins >= ends {
                continue;
            }
            let starts = if begin_field == "start" { "starts" } else { "is due" };
            let due = if end_field == "due" { "is due" } else { "starts" };
            let message = format!(
                "Task '{}' {starts} {begins}, before '{}', which it waits for, {due} {ends}: \
                 move '{}' to {ends} or later, bring '{}' forward, or remove the dependency",
                t.view.title, p.view.title, t.view.title, p.view.title
            );
            let mut causes = report.causes();
            causes.entry(&t.obj, "depends_on", p.id()).field(&t.obj, begin_field).field(&p.obj, end_field);
            let key = format!("{}/{}", t.id(), p.id());
            report.add(FindingKind::StartsBeforePredecessor, key, message, vec![t.item(), p.item()], causes);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Budget

fn budget(report: &mut Report<'_>) -> Result<()> {
    struct Line {
        id: String,
        name: String,
        planned: i64,
        obj: ObjId,
    }
    struct Expense {
        id: String,
        line: String,
        amount: i64,
        state: ExpenseState,
        obj: ObjId,
    }
    let doc = report.doc;
    let project = crate::project::project(doc)?;
    let currency = project.currency.clone();
    let money = |v: i64| format!("{} {currency}", format_minor(v));
    let lines: Vec<Line> = schema::read_items(doc, Kind::BudgetLine, |id, f| {
        (!f.is_deleted()).then(|| Line {
            id: id.to_owned(),
            name: f.text("name"),
            planned: f.i64("planned").unwrap_or(0),
            obj: f.obj().clone(),
        })
    })?;
    let live_lines: BTreeSet<&str> = lines.iter().map(|l| l.id.as_str()).collect();
    let expenses: Vec<Expense> = schema::read_items(doc, Kind::Expense, |id, f| {
        let line = f.string("budget_line")?;
        (!f.is_deleted() && live_lines.contains(line.as_str())).then(|| Expense {
            id: id.to_owned(),
            line,
            amount: f.i64("amount").unwrap_or(0),
            state: f.choice("state", ExpenseState::Actual),
            obj: f.obj().clone(),
        })
    })?;
    let mut by_line: HashMap<&str, Vec<&Expense>> = HashMap::new();
    for e in &expenses {
        by_line.entry(e.line.as_str()).or_default().push(e);
    }
    let sum = |es: &[&Expense], state: ExpenseState| {
        es.iter().filter(|e| e.state == state).fold(0i64, |s, e| s.saturating_add(e.amount))
    };
    // The changes behind the counted expenses: what made each count, and count where it does.
    let add_expenses =
        |causes: &mut Causes<'_>, items: &mut Vec<ItemRef>, es: &[&Expense], only: Option<ExpenseState>| {
            for e in es.iter().filter(|e| only.is_none_or(|s| e.state == s)) {
                causes.field(&e.obj, "amount").field(&e.obj, "state").field(&e.obj, "budget_line");
                items.push(ItemRef::new(Kind::Expense, e.id.as_str()));
            }
        };

    for line in &lines {
        let es = by_line.get(line.id.as_str()).map(Vec::as_slice).unwrap_or_default();
        let (committed, actual) = (sum(es, ExpenseState::Committed), sum(es, ExpenseState::Actual));
        let line_item = ItemRef::new(Kind::BudgetLine, line.id.as_str());
        if actual > line.planned {
            let mut causes = report.causes();
            causes.field(&line.obj, "planned");
            let mut items = vec![line_item.clone()];
            add_expenses(&mut causes, &mut items, es, Some(ExpenseState::Actual));
            let message = format!(
                "Budget line '{}' has {} paid against {} planned ({} over): raise the line's planned amount \
                 or move expenses to another line",
                line.name,
                money(actual),
                money(line.planned),
                money(actual.saturating_sub(line.planned))
            );
            report.add(FindingKind::BudgetActualExceeded, format!("line/{}", line.id), message, items, causes);
        }
        let used = committed.saturating_add(actual);
        if committed > 0 && used > line.planned {
            let mut causes = report.causes();
            causes.field(&line.obj, "planned");
            let mut items = vec![line_item];
            add_expenses(&mut causes, &mut items, es, None);
            let message = format!(
                "Budget line '{}' has {} committed and paid ({} committed, {} paid) against {} planned ({} over): \
                 raise the line's planned amount, or cancel or move a commitment",
                line.name,
                money(used),
                money(committed),
                money(actual),
                money(line.planned),
                money(used.saturating_sub(line.planned))
            );
            report.add(FindingKind::BudgetCommittedExceeded, format!("line/{}", line.id), message, items, causes);
        }
    }

    let Some(limit) = project.budget else { return Ok(()) };
    let Some(settings) = map_at(doc, &ROOT, PROJECT) else { return Ok(()) };
    let all: Vec<&Expense> = expenses.iter().collect();
    let planned = lines.iter().fold(0i64, |s, l| s.saturating_add(l.planned));
    let (committed, actual) = (sum(&all, ExpenseState::Committed), sum(&all, ExpenseState::Actual));
    if planned > limit {
        let mut causes = report.causes();
        causes.field(&settings, "budget");
        let mut items = Vec::new();
        for l in lines.iter().filter(|l| l.planned > 0) {
            causes.field(&l.obj, "planned");
            items.push(ItemRef::new(Kind::BudgetLine, l.id.as_str()));
        }
        let message = format!(
            "The budget lines plan {}, more than the project budget of {} ({} over): \
             lower the lines' planned amounts or raise the project budget",
            money(planned),
            money(limit),
            money(planned.saturating_sub(limit))
        );
        report.add(FindingKind::BudgetPlannedExceeded, "project".to_owned(), message, items, causes);
    }
    if actual > limit {
        let mut causes = report.causes();
        causes.field(&settings, "budget");
        let mut items = Vec::new();
        add_expenses(&mut causes, &mut items, &all, Some(ExpenseState::Actual));
        let message = format!(
            "The project has paid {}, more than its budget of {} ({} over): raise the project budget \
             or agree the overspend with the client",
            money(actual),
            money(limit),
            money(actual.saturating_sub(limit))
        );
        report.add(FindingKind::BudgetActualExceeded, "project".to_owned(), message, items, causes);
    }
    let used = committed.saturating_add(actual);
    if committed > 0 && used > limit {
        let mut causes = report.causes();
        causes.field(&settings, "budget");
        let mut items = Vec::new();
        add_expenses(&mut causes, &mut items, &all, None);
        let message = format!(
            "The project has {} committed and paid ({} committed, {} paid), more than its budget of {} ({} over): \
             cancel or defer a commitment, or raise the project budget",
            money(used),
            money(committed),
            money(actual),
            money(limit),
            money(used.saturating_sub(limit))
        );
        report.add(FindingKind::BudgetCommittedExceeded, "project".to_owned(), message, items, causes);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. Double-booked attendees

/// `2026-01-05 09:00–09:30 UTC` (the end with its date when it falls on another day).
fn time_span(start: Millis, end: Millis) -> String {
    let (s, e) = (start.to_datetime(), end.to_datetime());
    let end = if s.date_naive() == e.date_naive() { e.format("%H:%M") } else { e.format("%Y-%m-%d %H:%M") };
    format!("{}–{end} UTC", s.format("%Y-%m-%d %H:%M"))
}

fn double_booked(report: &mut Report<'_>, members: &[MemberView], today: NaiveDate) -> Result<()> {
    struct Meeting {
        id: String,
        title: String,
        start: Millis,
        end: Millis,
        attendees: Vec<String>,
        obj: ObjId,
    }
    let from = Millis(today.and_time(NaiveTime::MIN).and_utc().timestamp_millis());
    let mut meetings: Vec<Meeting> = schema::read_items(report.doc, Kind::Meeting, |id, f| {
        if f.is_deleted() {
            return None;
        }
        let start = Millis(f.i64("start")?);
        let minutes = f.i64("duration_minutes").unwrap_or(60).max(0);
        let end = Millis(start.0.saturating_add(minutes.saturating_mul(60_000)));
        (end > from).then(|| Meeting {
            id: id.to_owned(),
            title: f.text("title"),
            start,
            end,
            attendees: f.set("attendees"),
            obj: f.obj().clone(),
        })
    })?;
    meetings.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));

    let mut by_attendee: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, m) in meetings.iter().enumerate() {
        for a in &m.attendees {
            by_attendee.entry(a.as_str()).or_default().push(i);
        }
    }
    // (earlier meeting, later meeting) → the attendees they share while they overlap.
    let mut clashes: BTreeMap<(usize, usize), BTreeSet<&str>> = BTreeMap::new();
    for (attendee, held) in &by_attendee {
        for (k, &i) in held.iter().enumerate() {
            // `held` is in start order: the meetings after `i` that start before it ends overlap it.
            for &j in held[k + 1..].iter().take_while(|&&j| meetings[j].start < meetings[i].end) {
                clashes.entry((i, j)).or_default().insert(attendee);
            }
        }
    }
    for ((i, j), attendees) in clashes {
        let (a, b) = (&meetings[i], &meetings[j]);
        let mut names: Vec<&str> = attendees.iter().map(|id| name_of(members, id)).collect();
        names.sort_by_key(|n| n.to_lowercase());
        let who = match names.as_slice() {
            [one] => format!("{one} is"),
            [init @ .., last] => format!("{} and {last} are", init.join(", ")),
            [] => continue,
        };
        let message = format!(
            "{who} in two meetings at once: '{}' ({}) and '{}' ({}): move one of the meetings, \
             or take {} off one of them",
            a.title,
            time_span(a.start, a.end),
            b.title,
            time_span(b.start, b.end),
            if names.len() == 1 { "them" } else { "those attending both" }
        );
        let mut causes = report.causes();
        for m in [a, b] {
            causes.field(&m.obj, "start").field(&m.obj, "duration_minutes");
            for id in &attendees {
                causes.entry(&m.obj, "attendees", id);
            }
        }
        let mut items = vec![ItemRef::new(Kind::Meeting, a.id.as_str()), ItemRef::new(Kind::Meeting, b.id.as_str())];
        items.extend(attendees.iter().map(|id| ItemRef::new(Kind::Member, *id)));
        report.add(FindingKind::DoubleBooked, format!("{}/{}", a.id, b.id), message, items, causes);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. Work left with inactive members

fn work_for_inactive_members(report: &mut Report<'_>, members: &[MemberView], plan: &Plan<'_>) -> Result<()> {
    let gone: BTreeMap<&str, &MemberView> =
        members.iter().filter(|m| !m.active || m.deleted).map(|m| (m.id.as_str(), m)).collect();
    if gone.is_empty() {
        return Ok(());
    }
    struct Resource {
        name: String,
        member: String,
        obj: ObjId,
    }
    struct Allocation<'t> {
        id: String,
        resource: String,
        task: &'t Task,
        obj: ObjId,
    }
    let doc = report.doc;
    let resources: HashMap<String, Resource> = schema::read_items(doc, Kind::Resource, |id, f| {
        let member = f.string("member").filter(|m| gone.contains_key(m.as_str()))?;
        (!f.is_deleted()).then(|| (id.to_owned(), Resource { name: f.text("name"), member, obj: f.obj().clone() }))
    })?
    .into_iter()
    .collect();
    let allocations: Vec<Allocation<'_>> = if resources.is_empty() {
        Vec::new()
    } else {
        schema::read_items(doc, Kind::Allocation, |id, f| {
            let resource = f.string("resource").filter(|r| resources.contains_key(r))?;
            let task = plan.get(&f.string("task")?).filter(|t| t.is_open())?;
            (!f.is_deleted()).then(|| Allocation { id: id.to_owned(), resource, task, obj: f.obj().clone() })
        })?
    };

    // Each inactive member's open tasks and allocations, in one pass over each.
    let mut work: BTreeMap<&str, (Vec<&Task>, Vec<&Allocation<'_>>)> = BTreeMap::new();
    for t in plan.live.iter().copied().filter(|t| t.is_open()) {
        for a in t.view.assignees.iter().filter(|a| gone.contains_key(a.as_str())) {
            work.entry(a.as_str()).or_default().0.push(t);
        }
    }
    for a in &allocations {
        work.entry(resources[&a.resource].member.as_str()).or_default().1.push(a);
    }
    for (id, (tasks, allocs)) in work {
        let Some(m) = gone.get(id) else { continue };
        let mut causes = report.causes();
        if let Ok(obj) = crate::command::find_item(doc, Kind::Member, id) {
            causes.field(&obj, if m.deleted { "deleted" } else { "active" });
        }
        let mut items = vec![ItemRef::new(Kind::Member, id)];
        let mut parts = Vec::new();
        if !tasks.is_empty() {
            let titles: Vec<String> = tasks.iter().map(|t| quoted(&t.view.title)).collect();
            parts.push(format!("{} ({})", plural(tasks.len(), "open task", "open tasks"), some_of(&titles)));
            for t in &tasks {
                causes.entry(&t.obj, "assignees", id);
                items.push(t.item());
            }
        }
        if !allocs.is_empty() {
            let what: Vec<String> = allocs
                .iter()
                .map(|a| format!("{} on {}", quoted(&resources[&a.resource].name), quoted(&a.task.view.title)))
                .collect();
            parts.push(format!("{} ({})", plural(allocs.len(), "allocation", "allocations"), some_of(&what)));
            for a in &allocs {
                let r = &resources[&a.resource];
                causes.field(&a.obj, "resource").field(&a.obj, "task").field(&r.obj, "member");
                items.push(ItemRef::new(Kind::Allocation, a.id.as_str()));
            }
        }
        let state = if m.deleted { "deleted" } else { "inactive" };
        let fix = if m.deleted {
            "reassign the work".to_owned()
        } else {
            format!("reassign the work or make {} active again", m.name)
        };
        let message = format!("{} is {state} but still has {}: {fix}", m.name, parts.join(" and "));
        report.add(FindingKind::WorkForInactiveMember, id.to_owned(), message, items, causes);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 8. Sign-offs over unmet criteria

fn signed_off_with_unmet_criteria(report: &mut Report<'_>) -> Result<()> {
    struct Unmet {
        id: String,
        text: String,
        order: String,
        /// Whether `met` is written (false) rather than missing.
        unticked: bool,
        obj: ObjId,
    }
    struct SignedOff {
        id: String,
        title: String,
        by: String,
        obj: ObjId,
        criteria: Option<ObjId>,
        unmet: Vec<Unmet>,
    }
    let doc = report.doc;
    let found: Vec<SignedOff> = schema::read_items(doc, Kind::Deliverable, |id, f| {
        if f.is_deleted() {
            return None;
        }
        let signoff = crate::doc::Fields::read(doc, &f.map("signoff")?);
        let criteria = f.map("criteria");
        let mut unmet: Vec<Unmet> = criteria
            .as_ref()
            .map(|c| crate::doc::child_maps(doc, c))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(cid, obj)| {
                let c = crate::doc::Fields::read(doc, &obj);
                (c.bool("met") != Some(true)).then(|| Unmet {
                    id: cid,
                    text: c.text("text"),
                    order: c.string("order").unwrap_or_default(),
                    unticked: c.bool("met").is_some(),
                    obj,
                })
            })
            .collect();
        if unmet.is_empty() {
            return None;
        }
        unmet.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
        Some(SignedOff {
            id: id.to_owned(),
            title: f.text("title"),
            by: signoff.text("by"),
            obj: f.obj().clone(),
            criteria,
            unmet,
        })
    })?;
    for d in found {
        let texts: Vec<String> = d.unmet.iter().map(|c| quoted(&c.text)).collect();
        let n = d.unmet.len();
        let message = format!(
            "Deliverable '{}' is signed off by {}, but {} not met ({}): meet {} or revoke the sign-off",
            d.title,
            if d.by.is_empty() { "someone" } else { d.by.as_str() },
            if n == 1 { "1 acceptance criterion is".to_owned() } else { format!("{n} acceptance criteria are") },
            some_of(&texts),
            if n == 1 { "it" } else { "them" }
        );
        let mut causes = report.causes();
        causes.field(&d.obj, "signoff");
        for c in &d.unmet {
            // The change that left it unmet: the one that wrote `met: false` (the untick, or
            // the criterion's creation), else the one that created the criterion.
            match &d.criteria {
                Some(map) if !c.unticked => causes.field(map, &c.id),
                _ => causes.field(&c.obj, "met"),
            };
        }
        let items = vec![ItemRef::new(Kind::Deliverable, d.id.as_str())];
        report.add(FindingKind::SignedOffWithUnmetCriteria, d.id.clone(), message, items, causes);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
