//! Goals: short- and long-term targets measured by one metric, from a baseline towards a target
//! (up for "grow" goals, down for "reduce" goals), with progress recorded over time.

use std::collections::BTreeMap;

use automerge::ReadDoc;
use automerge::transaction::Transactable;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check};
use crate::doc::{self, Fields, get_f64, get_string, get_text};
use crate::error::{CoreError, Result};
use crate::ids::{GoalId, MemberId, Millis};
use crate::schema::{self, Kind};
use crate::tasks::{TaskDepth, TaskStatus, TaskView, read_tasks};
use crate::values::{Edit, check_transition, choice};

choice! {
    /// How far out a goal looks.
    GoalHorizon, "horizon" {
        /// This phase or quarter.
        Short = "short",
        /// The project as a whole, or beyond.
        Long = "long",
    }
}

#[allow(clippy::derivable_impls, reason = "choice! owns the derive list")]
impl Default for GoalHorizon {
    fn default() -> Self {
        GoalHorizon::Short
    }
}

choice! {
    /// Where a goal is in its life.
    GoalStatus, "status" {
        Active = "active",
        Achieved = "achieved",
        Abandoned = "abandoned",
    }
}

/// The goal workflow: achieved and abandoned goals can be reopened, nothing else.
const GOAL_FLOW: &[(GoalStatus, &[GoalStatus])] = {
    use GoalStatus::*;
    &[(Active, &[Achieved, Abandoned]), (Achieved, &[Active]), (Abandoned, &[Active])]
};

/// A new goal.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct NewGoal {
    pub title: String,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub description: String,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub horizon: GoalHorizon,
    /// What is measured, with its unit ("p95 latency ms", "signed customers").
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub metric: String,
    /// The value when the goal was set.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub baseline: f64,
    /// The value that means the goal is met; must differ from the baseline.
    pub target: f64,
    /// The value now; defaults to the baseline.
    pub current: Option<f64>,
    pub due: Option<NaiveDate>,
    pub owner: Option<MemberId>,
}

/// Fields of a goal that an update may change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct GoalPatch {
    pub title: Option<String>,
    /// Replaces the description (as a minimal splice, so concurrent typing elsewhere survives).
    pub description: Option<String>,
    pub horizon: Option<GoalHorizon>,
    pub metric: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub due: Edit<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub owner: Edit<MemberId>,
    pub status: Option<GoalStatus>,
}

/// Goal commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum GoalCommand {
    Add(NewGoal),
    Update {
        id: GoalId,
        patch: GoalPatch,
    },
    /// Sets the metric's current value.
    RecordProgress {
        id: GoalId,
        current: f64,
    },
}

const TITLE_MAX: usize = 300;
const METRIC_MAX: usize = 120;

impl GoalCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            GoalCommand::Add(g) => add_goal(s, g),
            GoalCommand::Update { id, patch } => update_goal(s, &id, patch),
            GoalCommand::RecordProgress { id, current } => {
                let current = finite("current", current)?;
                let obj = s.item(Kind::Goal, id.as_str())?;
                s.tx.put(&obj, "current", current)?;
                let baseline = get_f64(&s.tx, &obj, "baseline").unwrap_or(0.0);
                let target = get_f64(&s.tx, &obj, "target").unwrap_or(0.0);
                let metric = get_text(&s.tx, &obj, "metric");
                let unit = if metric.is_empty() { String::new() } else { format!(" {metric}") };
                Ok(Applied::new(format!(
                    "Record progress on '{}': {current}{unit} ({}%)",
                    get_text(&s.tx, &obj, "title"),
                    (progress(baseline, target, current) * 100.0).round()
                )))
            }
        }
    }
}

fn finite(field: &'static str, v: f64) -> Result<f64> {
    if v.is_finite() { Ok(v) } else { Err(CoreError::Invalid(format!("{field} must be a number"))) }
}

fn check_span(baseline: f64, target: f64) -> Result<()> {
    if baseline == target {
        return Err(CoreError::Invalid(format!(
            "target must differ from baseline (both are {target}); progress is measured from baseline to target"
        )));
    }
    Ok(())
}

fn check_metric(m: &str) -> Result<String> {
    let m = m.trim();
    let len = m.chars().count();
    if len > METRIC_MAX {
        return Err(CoreError::TooLong { field: "metric", len, max: METRIC_MAX });
    }
    Ok(m.to_owned())
}

fn add_goal(s: &mut Scope<'_>, g: NewGoal) -> Result<Applied> {
    let title = check::title("title", &g.title, TITLE_MAX)?;
    let metric = check_metric(&g.metric)?;
    let baseline = finite("baseline", g.baseline)?;
    let target = finite("target", g.target)?;
    check_span(baseline, target)?;
    let current = finite("current", g.current.unwrap_or(baseline))?;
    if let Some(o) = &g.owner {
        check::member(s, o)?;
    }

    let id: GoalId = s.fresh_id(Kind::Goal)?;
    let obj = s.create_item(Kind::Goal, id.as_str())?;
    s.tx.put(&obj, "title", title.as_str())?;
    doc::put_text(&mut s.tx, &obj, "description", &g.description)?;
    s.tx.put(&obj, "horizon", g.horizon.as_str())?;
    s.tx.put(&obj, "metric", metric.as_str())?;
    s.tx.put(&obj, "baseline", baseline)?;
    s.tx.put(&obj, "target", target)?;
    s.tx.put(&obj, "current", current)?;
    s.tx.put(&obj, "status", GoalStatus::Active.as_str())?;
    doc::put_opt_date(&mut s.tx, &obj, "due", g.due)?;
    doc::put_opt_str(&mut s.tx, &obj, "owner", g.owner.as_ref().map(MemberId::as_str))?;
    if let Some(o) = &g.owner {
        s.touch(Kind::Member, o.as_str());
    }
    Ok(Applied::created(format!("Add {} term goal '{title}'", g.horizon), id.as_str()))
}

fn update_goal(s: &mut Scope<'_>, id: &GoalId, patch: GoalPatch) -> Result<Applied> {
    let obj = s.item(Kind::Goal, id.as_str())?;
    let old_title = get_text(&s.tx, &obj, "title");
    let mut changed = Vec::new();

    // Validate everything before writing anything.
    let title = patch.title.as_deref().map(|t| check::title("title", t, TITLE_MAX)).transpose()?;
    let metric = patch.metric.as_deref().map(check_metric).transpose()?;
    let baseline = patch.baseline.map(|b| finite("baseline", b)).transpose()?;
    let target = patch.target.map(|t| finite("target", t)).transpose()?;
    if baseline.is_some() || target.is_some() {
        let b = baseline.or_else(|| get_f64(&s.tx, &obj, "baseline")).unwrap_or(0.0);
        let t = target.or_else(|| get_f64(&s.tx, &obj, "target")).unwrap_or(0.0);
        check_span(b, t)?;
    }
    if let Edit::Set(o) = &patch.owner {
        check::member(s, o)?;
    }
    if let Some(to) = patch.status {
        let from = get_string(&s.tx, &obj, "status").and_then(|v| v.parse().ok()).unwrap_or(GoalStatus::Active);
        check_transition("a goal", from, to, GOAL_FLOW)?;
    }

    if let Some(t) = title {
        s.tx.put(&obj, "title", t.as_str())?;
        changed.push(format!("title to '{t}'"));
    }
    if let Some(d) = patch.description {
        doc::replace_text(&mut s.tx, &obj, "description", &d)?;
        changed.push("description".to_owned());
    }
    if let Some(h) = patch.horizon {
        s.tx.put(&obj, "horizon", h.as_str())?;
        changed.push(format!("horizon to {h}"));
    }
    if let Some(m) = metric {
        s.tx.put(&obj, "metric", m.as_str())?;
        changed.push(format!("metric to '{m}'"));
    }
    if let Some(b) = baseline {
        s.tx.put(&obj, "baseline", b)?;
        changed.push(format!("baseline to {b}"));
    }
    if let Some(t) = target {
        s.tx.put(&obj, "target", t)?;
        changed.push(format!("target to {t}"));
    }
    if !patch.due.is_keep() {
        let due = patch.due.resolve(None);
        doc::put_opt_date(&mut s.tx, &obj, "due", due)?;
        changed.push(format!("due to {}", due.map(crate::ids::format_date).unwrap_or_else(|| "none".into())));
    }
    if !patch.owner.is_keep() {
        let owner = patch.owner.resolve(None);
        doc::put_opt_str(&mut s.tx, &obj, "owner", owner.as_ref().map(MemberId::as_str))?;
        changed.push(match &owner {
            Some(o) => {
                s.touch(Kind::Member, o.as_str());
                format!("owner to {}", crate::project::member_name(&s.tx, o.as_str()))
            }
            None => "owner cleared".to_owned(),
        });
    }
    if let Some(to) = patch.status {
        let from = get_string(&s.tx, &obj, "status").and_then(|v| v.parse().ok()).unwrap_or(GoalStatus::Active);
        if from != to {
            s.tx.put(&obj, "status", to.as_str())?;
            changed.push(format!("status to {to}"));
        }
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update goal '{old_title}': {}", changed.join(", "))))
}

/// How far `current` has come from `baseline` towards `target`, clamped to 0..=1.
///
/// Works in both directions: for a "reduce" goal (target below baseline) moving down is progress.
/// A degenerate goal (target equal to baseline, only possible in foreign documents) counts as
/// fully done when current has reached the target, else as not started.
pub fn progress(baseline: f64, target: f64, current: f64) -> f64 {
    let span = target - baseline;
    let p = if span == 0.0 { if current == target { 1.0 } else { 0.0 } } else { (current - baseline) / span };
    if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) }
}

/// A goal as every view shows it, with its computed progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GoalView {
    pub id: GoalId,
    pub title: String,
    pub description: String,
    pub horizon: GoalHorizon,
    pub metric: String,
    pub baseline: f64,
    pub target: f64,
    pub current: f64,
    pub due: Option<NaiveDate>,
    pub owner: Option<MemberId>,
    pub status: GoalStatus,
    /// `clamp((current - baseline) / (target - baseline), 0, 1)`.
    pub progress: f64,
    /// For active goals with a due date: whether progress keeps pace with time, i.e.
    /// `progress >= elapsed`, where `elapsed` is the fraction of the days from the goal's creation
    /// date to its due date that have passed by `today` (clamped to 0..=1). `None` otherwise.
    pub on_track: Option<bool>,
    /// Live, not cancelled tasks linked to this goal.
    pub tasks_total: usize,
    /// Of those, the done ones.
    pub tasks_done: usize,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

/// The fraction of the period from `start` to `due` that has passed on `today`, in 0..=1.
fn elapsed(start: NaiveDate, due: NaiveDate, today: NaiveDate) -> f64 {
    let total = (due - start).num_days();
    if total <= 0 {
        return if today >= due { 1.0 } else { 0.0 };
    }
    ((today - start).num_days() as f64 / total as f64).clamp(0.0, 1.0)
}

fn read_goal<R: ReadDoc>(id: &str, f: &Fields<'_, R>, today: NaiveDate) -> Option<GoalView> {
    let baseline = f.f64("baseline").filter(|v| v.is_finite()).unwrap_or(0.0);
    let target = f.f64("target").filter(|v| v.is_finite()).unwrap_or(0.0);
    let current = f.f64("current").filter(|v| v.is_finite()).unwrap_or(baseline);
    let status = f.choice("status", GoalStatus::Active);
    let due = f.date("due");
    let created_at = f.i64("created_at").map(Millis);
    let p = progress(baseline, target, current);
    let on_track = match (status, due) {
        (GoalStatus::Active, Some(due)) => {
            let start = created_at.map(Millis::date).unwrap_or(due).min(due);
            Some(p + 1e-9 >= elapsed(start, due, today))
        }
        _ => None,
    };
    Some(GoalView {
        id: id.parse().ok()?,
        title: f.text("title"),
        description: f.text("description"),
        horizon: f.parse("horizon").unwrap_or_default(),
        metric: f.text("metric"),
        baseline,
        target,
        current,
        due,
        owner: f.parse("owner"),
        status,
        progress: p,
        on_track,
        tasks_total: 0,
        tasks_done: 0,
        created_at,
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Counts the live tasks of `all` linked to each goal.
fn count_tasks(goals: &mut [GoalView], all: &[TaskView]) {
    let mut counts: BTreeMap<&GoalId, (usize, usize)> = BTreeMap::new();
    for t in all.iter().filter(|t| !t.deleted) {
        if let Some(g) = &t.goal {
            let (n, d) = counts.entry(g).or_default();
            *n += usize::from(t.status != TaskStatus::Cancelled);
            *d += usize::from(t.status == TaskStatus::Done);
        }
    }
    for g in goals {
        (g.tasks_total, g.tasks_done) = counts.get(&g.id).copied().unwrap_or_default();
    }
}

/// Every goal, deleted ones included (check `deleted`): active first, then achieved, then
/// abandoned; within that short before long term, then by due date (undated last), title and id.
pub fn goals<R: ReadDoc>(doc: &R, today: NaiveDate) -> Result<Vec<GoalView>> {
    goals_with(doc, today, &read_tasks(doc, TaskDepth::Plan)?)
}

/// [`goals`], counting the tasks of `all_tasks` (every task, as [`crate::tasks::tasks`] or an
/// internal reader returns them).
pub(crate) fn goals_with<R: ReadDoc>(doc: &R, today: NaiveDate, all_tasks: &[TaskView]) -> Result<Vec<GoalView>> {
    let mut out: Vec<GoalView> = schema::read_items(doc, Kind::Goal, |id, f| read_goal(id, f, today))?;
    count_tasks(&mut out, all_tasks);
    out.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then(a.horizon.cmp(&b.horizon))
            .then(a.due.is_none().cmp(&b.due.is_none()))
            .then(a.due.cmp(&b.due))
            .then(a.title.to_lowercase().cmp(&b.title.to_lowercase()))
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}

/// One goal by id.
pub fn goal<R: ReadDoc>(doc: &R, id: &GoalId, today: NaiveDate) -> Result<GoalView> {
    let f = schema::read_item(doc, Kind::Goal, id.as_str())?;
    let g = read_goal(id.as_str(), &f, today)
        .ok_or_else(|| CoreError::NotFound { kind: Kind::Goal.noun(), id: id.to_string() })?;
    let mut one = [g];
    count_tasks(&mut one, &read_tasks(doc, TaskDepth::Plan)?);
    let [g] = one;
    Ok(g)
}
