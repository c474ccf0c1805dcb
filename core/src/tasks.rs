//! Tasks (the work-breakdown tree with assignees, estimates, dates, finish-to-start
//! dependencies, milestones, goals, tags and an order key) and milestones.

use std::collections::{BTreeMap, BTreeSet};

use automerge::transaction::Transactable;
use automerge::{ObjId, ROOT, ReadDoc, ScalarValue};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check, find_item, is_deleted};
use crate::doc::{self, get_date, get_i64, get_set, get_string, get_text, map_at};
use crate::doc::{Fields, parse_all};
use crate::error::{CoreError, Result};
use crate::ids::{GoalId, MemberId, MilestoneId, Millis, TaskId};
use crate::order;
use crate::schema::{self, Kind};
use crate::values::{Edit, check_transition, choice};

choice! {
    /// Where a task is in its workflow.
    TaskStatus, "status" {
        Todo = "todo",
        InProgress = "in_progress",
        Blocked = "blocked",
        Done = "done",
        Cancelled = "cancelled",
    }
}

impl TaskStatus {
    /// Whether the task still needs work.
    pub fn is_open(self) -> bool {
        !matches!(self, TaskStatus::Done | TaskStatus::Cancelled)
    }
}

/// The task workflow: which status may follow which.
const TASK_FLOW: &[(TaskStatus, &[TaskStatus])] = {
    use TaskStatus::*;
    &[
        (Todo, &[InProgress, Blocked, Done, Cancelled]),
        (InProgress, &[Todo, Blocked, Done, Cancelled]),
        (Blocked, &[Todo, InProgress, Cancelled]),
        (Done, &[Todo, InProgress]),
        (Cancelled, &[Todo]),
    ]
};

/// A new task.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct NewTask {
    pub title: String,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub description: String,
    pub parent: Option<TaskId>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub assignees: Vec<MemberId>,
    /// Estimated effort in hours.
    pub estimate: Option<f64>,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// Finish-to-start predecessors: this task starts when these are done.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub depends_on: Vec<TaskId>,
    pub milestone: Option<MilestoneId>,
    pub goal: Option<GoalId>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub tags: Vec<String>,
}

/// Fields of a task that an update may change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct TaskPatch {
    pub title: Option<String>,
    pub status: Option<TaskStatus>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub estimate: Edit<f64>,
    /// Total hours spent; applied as an increment so concurrent time logging adds up.
    pub spent: Option<f64>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub start: Edit<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub due: Edit<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub milestone: Edit<MilestoneId>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub goal: Edit<GoalId>,
    /// Replaces the description (as a minimal splice, so concurrent typing elsewhere survives).
    pub description: Option<String>,
}

/// Task commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TaskCommand {
    Add(NewTask),
    Update {
        id: TaskId,
        patch: TaskPatch,
    },
    Assign {
        id: TaskId,
        member: MemberId,
    },
    Unassign {
        id: TaskId,
        member: MemberId,
    },
    AddDependency {
        id: TaskId,
        on: TaskId,
    },
    RemoveDependency {
        id: TaskId,
        on: TaskId,
    },
    Tag {
        id: TaskId,
        tag: String,
    },
    Untag {
        id: TaskId,
        tag: String,
    },
    /// Adds hours to the time spent (concurrent logging adds up).
    LogTime {
        id: TaskId,
        hours: f64,
    },
    /// Moves a task under another parent (or to the top level) and/or after a sibling
    /// (`after: None` puts it first among its siblings).
    Move {
        id: TaskId,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        parent: Edit<TaskId>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        after: Option<TaskId>,
    },
}

const TITLE_MAX: usize = 300;

/// Spent time is a counter of minutes, so concurrent logging merges by addition.
const SPENT: &str = "spent_minutes";

fn hours_to_minutes(h: f64) -> i64 {
    (h * 60.0).round() as i64
}

impl TaskCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            TaskCommand::Add(t) => add_task(s, t),
            TaskCommand::Update { id, patch } => update_task(s, &id, patch),
            TaskCommand::Assign { id, member } => {
                check::member(s, &member)?;
                let obj = s.item(Kind::Task, id.as_str())?;
                doc::set_add(&mut s.tx, &obj, "assignees", member.as_str())?;
                s.touch(Kind::Member, member.as_str());
                Ok(Applied::new(format!(
                    "Assign '{}' to {}",
                    get_text(&s.tx, &obj, "title"),
                    crate::project::member_name(&s.tx, member.as_str())
                )))
            }
            TaskCommand::Unassign { id, member } => {
                let obj = s.item(Kind::Task, id.as_str())?;
                if !get_set(&s.tx, &obj, "assignees").iter().any(|m| m == member.as_str()) {
                    return Err(CoreError::Invalid(format!("{member} is not assigned to task {id}")));
                }
                doc::set_remove(&mut s.tx, &obj, "assignees", member.as_str())?;
                Ok(Applied::new(format!(
                    "Unassign {} from '{}'",
                    crate::project::member_name(&s.tx, member.as_str()),
                    get_text(&s.tx, &obj, "title")
                )))
            }
            TaskCommand::AddDependency { id, on } => {
                s.require(Kind::Task, on.as_str())?;
                check_dependency(s, &id, &on)?;
                let obj = s.item(Kind::Task, id.as_str())?;
                doc::set_add(&mut s.tx, &obj, "depends_on", on.as_str())?;
                let on_title = title_of(&s.tx, on.as_str());
                Ok(Applied::new(format!("'{}' now waits for '{on_title}'", get_text(&s.tx, &obj, "title"))))
            }
            TaskCommand::RemoveDependency { id, on } => {
                let obj = s.item(Kind::Task, id.as_str())?;
                if !get_set(&s.tx, &obj, "depends_on").iter().any(|d| d == on.as_str()) {
                    return Err(CoreError::Invalid(format!("task {id} does not depend on {on}")));
                }
                doc::set_remove(&mut s.tx, &obj, "depends_on", on.as_str())?;
                let on_title = title_of(&s.tx, on.as_str());
                Ok(Applied::new(format!("'{}' no longer waits for '{on_title}'", get_text(&s.tx, &obj, "title"))))
            }
            TaskCommand::Tag { id, tag } => {
                let tag = check_tag(&tag)?;
                let obj = s.item(Kind::Task, id.as_str())?;
                doc::set_add(&mut s.tx, &obj, "tags", &tag)?;
                Ok(Applied::new(format!("Tag '{}' with #{tag}", get_text(&s.tx, &obj, "title"))))
            }
            TaskCommand::Untag { id, tag } => {
                let tag = check_tag(&tag)?;
                let obj = s.item(Kind::Task, id.as_str())?;
                doc::set_remove(&mut s.tx, &obj, "tags", &tag)?;
                Ok(Applied::new(format!("Remove #{tag} from '{}'", get_text(&s.tx, &obj, "title"))))
            }
            TaskCommand::LogTime { id, hours } => {
                let h = check::non_negative("hours", hours)?;
                if h == 0.0 {
                    return Err(CoreError::Invalid("hours must be more than 0".to_owned()));
                }
                let obj = s.item(Kind::Task, id.as_str())?;
                add_spent(s, &obj, hours_to_minutes(h))?;
                Ok(Applied::new(format!("Log {h} h on '{}'", get_text(&s.tx, &obj, "title"))))
            }
            TaskCommand::Move { id, parent, after } => move_task(s, &id, parent, after),
        }
    }
}

fn check_tag(tag: &str) -> Result<String> {
    let t = tag.trim().trim_start_matches('#').to_lowercase();
    if t.is_empty() {
        return Err(CoreError::Empty { field: "tag" });
    }
    if t.chars().any(char::is_whitespace) {
        return Err(CoreError::Invalid(format!("tag {tag:?} contains spaces; use '-' instead")));
    }
    Ok(t)
}

fn title_of<R: ReadDoc>(doc: &R, id: &str) -> String {
    find_item(doc, Kind::Task, id).map(|o| get_text(doc, &o, "title")).unwrap_or_else(|_| id.to_owned())
}

fn add_spent(s: &mut Scope<'_>, obj: &ObjId, minutes: i64) -> Result<()> {
    match s.tx.get(obj, SPENT)? {
        Some((automerge::Value::Scalar(v), _)) if matches!(v.as_ref(), ScalarValue::Counter(_)) => {
            s.tx.increment(obj, SPENT, minutes)?;
        }
        _ => {
            s.tx.put(obj, SPENT, ScalarValue::counter(minutes))?;
        }
    }
    Ok(())
}

/// The tasks `id` (transitively) depends on reach `target`? Returns the path if so.
fn dependency_path<R: ReadDoc>(doc: &R, from: &str, target: &str) -> Option<Vec<String>> {
    let coll = schema::collection(doc, Kind::Task).ok()?;
    let mut stack = vec![vec![from.to_owned()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().expect("paths are never empty").clone();
        if last == target {
            return Some(path);
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        if let Some(obj) = map_at(doc, &coll, &last) {
            for next in get_set(doc, &obj, "depends_on") {
                let mut p = path.clone();
                p.push(next);
                stack.push(p);
            }
        }
    }
    None
}

fn check_dependency(s: &Scope<'_>, id: &TaskId, on: &TaskId) -> Result<()> {
    if id == on {
        return Err(CoreError::Invalid(format!("task {id} cannot depend on itself")));
    }
    if let Some(path) = dependency_path(s.doc(), on.as_str(), id.as_str()) {
        return Err(CoreError::DependencyCycle { task: id.to_string(), on: on.to_string(), path: path.join(" → ") });
    }
    Ok(())
}

/// Task field: the ids of the tasks created under (or moved under) this one, so a task's
/// subtasks are found without reading every task. Readers confirm each child's own `parent`
/// (a concurrent move can leave a child listed under two parents).
pub(crate) const SUBTASKS: &str = "subtasks";

/// The child ids listed under `parent`, or `None` if the task has no subtasks index (a task
/// written by another program): then callers scan every task.
fn listed_children<R: ReadDoc>(doc: &R, parent: &ObjId) -> Option<Vec<String>> {
    map_at(doc, parent, SUBTASKS).map(|_| get_set(doc, parent, SUBTASKS))
}

/// The maps of the tasks whose `parent` is `parent` (None = top level), deleted ones included.
/// Top-level tasks and tasks without a subtasks index are found by scanning every task.
fn children<R: ReadDoc>(doc: &R, parent: Option<&str>) -> Result<Vec<ObjId>> {
    let coll = schema::collection(doc, Kind::Task)?;
    let listed = parent.and_then(|p| map_at(doc, &coll, p)).and_then(|p| listed_children(doc, &p));
    let candidates = listed.unwrap_or_else(|| doc::keys(doc, &coll));
    Ok(candidates
        .iter()
        .filter_map(|k| map_at(doc, &coll, k))
        .filter(|o| get_string(doc, o, "parent").as_deref() == parent)
        .collect())
}

/// The greatest order key among the children of `parent` (None = top level). The top level
/// reads the [`schema::TASK_ORDER_END`] hint when it is there.
fn last_order<R: ReadDoc>(doc: &R, parent: Option<&str>) -> Result<Option<String>> {
    if parent.is_none()
        && let Some(hint) = get_string(doc, &ROOT, schema::TASK_ORDER_END)
    {
        return Ok(Some(hint));
    }
    Ok(children(doc, parent)?.iter().filter_map(|o| get_string(doc, o, "order")).max())
}

/// Records that a task got order key `key` under `parent`: it joins the parent's subtasks
/// index, or raises the top-level hint.
fn note_child(s: &mut Scope<'_>, parent: Option<&str>, child: &str, key: &str) -> Result<()> {
    match parent {
        Some(p) => {
            let pobj = find_item(&s.tx, Kind::Task, p)?;
            doc::set_add(&mut s.tx, &pobj, SUBTASKS, child)
        }
        None => {
            let hint = get_string(&s.tx, &ROOT, schema::TASK_ORDER_END);
            if hint.as_deref().is_none_or(|h| h < key) {
                s.tx.put(ROOT, schema::TASK_ORDER_END, key)?;
            }
            Ok(())
        }
    }
}

/// Writes a new task from validated fields and returns its id. Shared by adding a task and
/// promoting a meeting's action item.
pub(crate) fn insert_task(s: &mut Scope<'_>, title: &str, t: &NewTask, tags: &[String]) -> Result<TaskId> {
    let parent = t.parent.as_ref().map(TaskId::as_str);
    let order = order::after(last_order(&s.tx, parent)?.as_deref());
    let id: TaskId = s.fresh_id(Kind::Task)?;
    let obj = s.create_item(Kind::Task, id.as_str())?;
    s.tx.put(&obj, "title", title)?;
    s.tx.put(&obj, "status", TaskStatus::Todo.as_str())?;
    s.tx.put(&obj, "order", order.as_str())?;
    doc::put_text(&mut s.tx, &obj, "description", &t.description)?;
    doc::put_opt_str(&mut s.tx, &obj, "parent", parent)?;
    doc::put_opt_f64(&mut s.tx, &obj, "estimate", t.estimate)?;
    doc::put_opt_date(&mut s.tx, &obj, "start", t.start)?;
    doc::put_opt_date(&mut s.tx, &obj, "due", t.due)?;
    doc::put_opt_str(&mut s.tx, &obj, "milestone", t.milestone.as_ref().map(MilestoneId::as_str))?;
    doc::put_opt_str(&mut s.tx, &obj, "goal", t.goal.as_ref().map(GoalId::as_str))?;
    doc::put_set(&mut s.tx, &obj, "assignees", t.assignees.iter().map(MemberId::as_str))?;
    doc::put_set(&mut s.tx, &obj, "depends_on", t.depends_on.iter().map(TaskId::as_str))?;
    doc::put_set(&mut s.tx, &obj, "tags", tags.iter().map(String::as_str))?;
    doc::put_set(&mut s.tx, &obj, SUBTASKS, std::iter::empty())?;
    s.tx.put(&obj, SPENT, ScalarValue::counter(0))?;
    note_child(s, parent, id.as_str(), &order)?;
    Ok(id)
}

fn add_task(s: &mut Scope<'_>, t: NewTask) -> Result<Applied> {
    let title = check::title("title", &t.title, TITLE_MAX)?;
    check::date_order("start", t.start, "due", t.due)?;
    if let Some(e) = t.estimate {
        check::non_negative("estimate", e)?;
    }
    if let Some(p) = &t.parent {
        s.require(Kind::Task, p.as_str())?;
    }
    for m in &t.assignees {
        check::member(s, m)?;
    }
    for d in &t.depends_on {
        s.require(Kind::Task, d.as_str())?;
    }
    if let Some(m) = &t.milestone {
        s.require(Kind::Milestone, m.as_str())?;
    }
    if let Some(g) = &t.goal {
        s.require(Kind::Goal, g.as_str())?;
    }
    let tags = t.tags.iter().map(|t| check_tag(t)).collect::<Result<Vec<_>>>()?;
    let id = insert_task(s, &title, &t, &tags)?;
    Ok(Applied::created(format!("Add task '{title}'"), id.as_str()))
}

fn update_task(s: &mut Scope<'_>, id: &TaskId, patch: TaskPatch) -> Result<Applied> {
    let obj = s.item(Kind::Task, id.as_str())?;
    let old_title = get_text(&s.tx, &obj, "title");
    let mut changed = Vec::new();
    if let Some(t) = patch.title {
        let t = check::title("title", &t, TITLE_MAX)?;
        s.tx.put(&obj, "title", t.as_str())?;
        changed.push(format!("title to '{t}'"));
    }
    if let Some(to) = patch.status {
        let from = get_string(&s.tx, &obj, "status").and_then(|v| v.parse().ok()).unwrap_or(TaskStatus::Todo);
        check_transition("a task", from, to, TASK_FLOW)?;
        if to == TaskStatus::Done {
            let open = open_subtasks(&s.tx, id.as_str())?;
            if open > 0 {
                return Err(CoreError::Invalid(format!(
                    "task {id} has {open} open subtask(s); finish or cancel them first"
                )));
            }
        }
        if from != to {
            s.tx.put(&obj, "status", to.as_str())?;
            if to == TaskStatus::Done {
                s.tx.put(&obj, "done_at", s.now.0)?;
            } else {
                doc::delete_if_present(&mut s.tx, &obj, "done_at")?;
            }
            changed.push(format!("status to {to}"));
        }
    }
    if !patch.estimate.is_keep() {
        let e = patch.estimate.resolve(None);
        if let Some(e) = e {
            check::non_negative("estimate", e)?;
        }
        doc::put_opt_f64(&mut s.tx, &obj, "estimate", e)?;
        changed.push(match e {
            Some(e) => format!("estimate to {e} h"),
            None => "estimate cleared".to_owned(),
        });
    }
    if let Some(total) = patch.spent {
        let total = check::non_negative("spent", total)?;
        let now = get_i64(&s.tx, &obj, SPENT).unwrap_or(0);
        let delta = hours_to_minutes(total) - now;
        if delta != 0 {
            add_spent(s, &obj, delta)?;
            changed.push(format!("spent to {total} h"));
        }
    }
    let start = patch.start.clone().resolve(get_date(&s.tx, &obj, "start"));
    let due = patch.due.clone().resolve(get_date(&s.tx, &obj, "due"));
    check::date_order("start", start, "due", due)?;
    if !patch.start.is_keep() {
        doc::put_opt_date(&mut s.tx, &obj, "start", start)?;
        changed.push(format!("start to {}", start.map(crate::ids::format_date).unwrap_or_else(|| "none".into())));
    }
    if !patch.due.is_keep() {
        doc::put_opt_date(&mut s.tx, &obj, "due", due)?;
        changed.push(format!("due to {}", due.map(crate::ids::format_date).unwrap_or_else(|| "none".into())));
    }
    if !patch.milestone.is_keep() {
        let m = patch.milestone.resolve(None);
        if let Some(m) = &m {
            s.require(Kind::Milestone, m.as_str())?;
        }
        doc::put_opt_str(&mut s.tx, &obj, "milestone", m.as_ref().map(MilestoneId::as_str))?;
        changed.push("milestone".to_owned());
    }
    if !patch.goal.is_keep() {
        let g = patch.goal.resolve(None);
        if let Some(g) = &g {
            s.require(Kind::Goal, g.as_str())?;
        }
        doc::put_opt_str(&mut s.tx, &obj, "goal", g.as_ref().map(GoalId::as_str))?;
        changed.push("goal".to_owned());
    }
    if let Some(d) = patch.description {
        doc::replace_text(&mut s.tx, &obj, "description", &d)?;
        changed.push("description".to_owned());
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update '{old_title}': {}", changed.join(", "))))
}

fn open_subtasks<R: ReadDoc>(doc: &R, id: &str) -> Result<usize> {
    let open = |o: &ObjId| {
        !is_deleted(doc, o)
            && get_string(doc, o, "status")
                .and_then(|v| v.parse::<TaskStatus>().ok())
                .unwrap_or(TaskStatus::Todo)
                .is_open()
    };
    Ok(children(doc, Some(id))?.iter().filter(|o| open(o)).count())
}

fn move_task(s: &mut Scope<'_>, id: &TaskId, parent: Edit<TaskId>, after: Option<TaskId>) -> Result<Applied> {
    let obj = s.item(Kind::Task, id.as_str())?;
    let current_parent: Option<TaskId> = get_string(&s.tx, &obj, "parent").and_then(|p| p.parse().ok());
    let new_parent = parent.clone().resolve(current_parent.clone());
    if let Some(p) = &new_parent {
        s.require(Kind::Task, p.as_str())?;
        // Walk up from the new parent: meeting `id` means the move would make a loop.
        let mut cur = Some(p.clone());
        let mut steps = 0;
        while let Some(c) = cur {
            if &c == id {
                return Err(CoreError::ParentCycle { task: id.to_string(), parent: p.to_string() });
            }
            steps += 1;
            if steps > 10_000 {
                break;
            }
            cur = find_item(&s.tx, Kind::Task, c.as_str())
                .ok()
                .and_then(|o| get_string(&s.tx, &o, "parent"))
                .and_then(|x| x.parse().ok());
        }
    }
    // Siblings in their current order, without the moving task.
    let siblings: Vec<TaskView> =
        tasks(&s.tx)?.into_iter().filter(|t| !t.deleted && t.parent == new_parent && &t.id != id).collect();
    let (lo, hi) = match &after {
        None => (None, siblings.first().map(|t| t.order.clone())),
        Some(a) => {
            let pos = siblings
                .iter()
                .position(|t| &t.id == a)
                .ok_or_else(|| CoreError::Invalid(format!("task {a} is not a sibling under the target parent")))?;
            (Some(siblings[pos].order.clone()), siblings.get(pos + 1).map(|t| t.order.clone()))
        }
    };
    let key = order::between(lo.as_deref(), hi.as_deref());
    if new_parent != current_parent {
        doc::put_opt_str(&mut s.tx, &obj, "parent", new_parent.as_ref().map(TaskId::as_str))?;
        if let Some(old) = &current_parent
            && let Ok(old_obj) = find_item(&s.tx, Kind::Task, old.as_str())
        {
            doc::set_remove(&mut s.tx, &old_obj, SUBTASKS, id.as_str())?;
        }
    }
    note_child(s, new_parent.as_ref().map(TaskId::as_str), id.as_str(), &key)?;
    s.tx.put(&obj, "order", key)?;
    let title = get_text(&s.tx, &obj, "title");
    Ok(Applied::new(match new_parent {
        Some(p) => format!("Move '{title}' under '{}'", title_of(&s.tx, p.as_str())),
        None if current_parent.is_some() => format!("Move '{title}' to the top level"),
        None => format!("Reorder '{title}'"),
    }))
}

/// A task as every view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskView {
    pub id: TaskId,
    pub title: String,
    pub description: String,
    pub status: TaskStatus,
    pub parent: Option<TaskId>,
    pub assignees: Vec<MemberId>,
    pub estimate: Option<f64>,
    /// Hours spent so far.
    pub spent: f64,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub depends_on: Vec<TaskId>,
    pub milestone: Option<MilestoneId>,
    pub goal: Option<GoalId>,
    pub tags: Vec<String>,
    pub order: String,
    pub done_at: Option<Millis>,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

/// How much of a task an internal reader needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TaskDepth {
    /// Everything a [`TaskView`] shows.
    Full,
    /// What the views that count and schedule tasks use (dashboard, milestones, goals,
    /// workload): the description, dependencies and tags are left empty, which saves reading a
    /// Text object and two nested maps per task. Such views never leave the core.
    Plan,
}

pub(crate) fn read_task<R: ReadDoc>(id: &str, f: &Fields<'_, R>, depth: TaskDepth) -> Option<TaskView> {
    let full = depth == TaskDepth::Full;
    Some(TaskView {
        id: id.parse().ok()?,
        title: f.text("title"),
        description: if full { f.text("description") } else { String::new() },
        status: f.choice("status", TaskStatus::Todo),
        parent: f.parse("parent"),
        assignees: parse_all(f.set("assignees")),
        estimate: f.f64("estimate"),
        spent: f.i64(SPENT).unwrap_or(0) as f64 / 60.0,
        start: f.date("start"),
        due: f.date("due"),
        depends_on: if full { parse_all(f.set("depends_on")) } else { Vec::new() },
        milestone: f.parse("milestone"),
        goal: f.parse("goal"),
        tags: if full { f.set("tags") } else { Vec::new() },
        order: f.string("order").unwrap_or_default(),
        done_at: f.i64("done_at").map(Millis),
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Every task read to `depth`, deleted ones included, in tree order of (order key, id).
pub(crate) fn read_tasks<R: ReadDoc>(doc: &R, depth: TaskDepth) -> Result<Vec<TaskView>> {
    let mut out: Vec<TaskView> = schema::read_items(doc, Kind::Task, |id, f| read_task(id, f, depth))?;
    out.sort_by(|a, b| a.order.cmp(&b.order).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Every task, deleted ones included (check `deleted`), in tree order of (order key, id).
pub fn tasks<R: ReadDoc>(doc: &R) -> Result<Vec<TaskView>> {
    read_tasks(doc, TaskDepth::Full)
}

/// One task by id.
pub fn task<R: ReadDoc>(doc: &R, id: &TaskId) -> Result<TaskView> {
    let f = schema::read_item(doc, Kind::Task, id.as_str())?;
    read_task(id.as_str(), &f, TaskDepth::Full).ok_or_else(|| CoreError::NotFound { kind: "task", id: id.to_string() })
}

/// A node of the task tree: the task, its rolled-up numbers, and its children in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskNode {
    pub task: TaskView,
    /// Estimate of this task and its live subtree (hours).
    pub total_estimate: f64,
    /// Estimate of done work in this subtree (hours).
    pub done_estimate: f64,
    pub children: Vec<TaskNode>,
}

/// The work-breakdown tree of live tasks. Tasks whose parent is deleted or missing appear at
/// the top level, so nothing is hidden.
pub fn task_tree<R: ReadDoc>(doc: &R) -> Result<Vec<TaskNode>> {
    let all: Vec<TaskView> = tasks(doc)?.into_iter().filter(|t| !t.deleted).collect();
    let live: BTreeSet<TaskId> = all.iter().map(|t| t.id.clone()).collect();
    let mut by_parent: BTreeMap<Option<TaskId>, Vec<TaskView>> = BTreeMap::new();
    for t in all {
        let key = t.parent.clone().filter(|p| live.contains(p));
        by_parent.entry(key).or_default().push(t);
    }
    fn build(
        parent: Option<TaskId>,
        by_parent: &mut BTreeMap<Option<TaskId>, Vec<TaskView>>,
        depth: usize,
    ) -> Vec<TaskNode> {
        let kids = by_parent.remove(&parent).unwrap_or_default();
        kids.into_iter()
            .map(|t| {
                let children = if depth < 256 { build(Some(t.id.clone()), by_parent, depth + 1) } else { Vec::new() };
                let own = t.estimate.unwrap_or(0.0);
                let own_done = if t.status == TaskStatus::Done { own } else { 0.0 };
                TaskNode {
                    total_estimate: own + children.iter().map(|c| c.total_estimate).sum::<f64>(),
                    done_estimate: own_done + children.iter().map(|c| c.done_estimate).sum::<f64>(),
                    task: t,
                    children,
                }
            })
            .collect()
    }
    let mut roots = build(None, &mut by_parent, 0);
    // Concurrent moves can leave a parent loop (a under b, b under a) that no root reaches;
    // show such tasks at the top level so nothing disappears.
    while let Some(parent) = by_parent.keys().next().cloned() {
        let kids = by_parent.remove(&parent).unwrap_or_default();
        for t in kids {
            let children = build(Some(t.id.clone()), &mut by_parent, 1);
            let own = t.estimate.unwrap_or(0.0);
            let own_done = if t.status == TaskStatus::Done { own } else { 0.0 };
            roots.push(TaskNode {
                total_estimate: own + children.iter().map(|c| c.total_estimate).sum::<f64>(),
                done_estimate: own_done + children.iter().map(|c| c.done_estimate).sum::<f64>(),
                task: t,
                children,
            });
        }
    }
    Ok(roots)
}
