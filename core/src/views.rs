//! Cross-area read models: the project dashboard and the team workload by week.
//!
//! Both are pure functions of the document and the date the caller passes in; the core reads no
//! clock.

use std::collections::{BTreeMap, BTreeSet};

use automerge::ReadDoc;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use crate::error::Result;
use crate::goals::{GoalHorizon, GoalStatus};
use crate::ids::{GoalId, MemberId, TaskId};
use crate::milestones::{MilestoneStatus, MilestoneView};
use crate::resources::BudgetTotals;
use crate::tasks::{TaskDepth, TaskStatus, TaskView, read_tasks};
use crate::values::Health;

/// An open task past its due date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OverdueTask {
    pub id: TaskId,
    pub title: String,
    pub due: NaiveDate,
    /// The assignees, by name.
    pub assignees: Vec<MemberId>,
    /// The assignees' names, in the order of `assignees`.
    pub assignee_names: Vec<String>,
    /// Days between the due date and today.
    pub days_late: i64,
}

/// One active goal's progress, as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GoalProgress {
    pub id: GoalId,
    pub title: String,
    pub horizon: GoalHorizon,
    pub metric: String,
    pub current: f64,
    pub target: f64,
    /// 0..=1, see [`crate::goals::GoalView::progress`].
    pub progress: f64,
    pub on_track: Option<bool>,
}

/// The budget numbers on the dashboard (minor units).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BudgetSummary {
    /// The project's overall budget, if set.
    pub project_budget: Option<i64>,
    /// Totals over the live budget lines.
    pub lines: BudgetTotals,
}

/// The project at a glance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DashboardView {
    pub today: NaiveDate,
    pub name: String,
    pub client: Option<String>,
    pub currency: String,
    /// The health shown: the manual override if one is set, else [`DashboardView::health_computed`].
    pub health: Health,
    /// Whether `health` is a manual override.
    pub health_overridden: bool,
    /// The health computed from the plan (see [`dashboard`] for the rule).
    pub health_computed: Health,
    /// Why the computed health is what it is (empty when on track).
    pub health_reasons: Vec<String>,
    /// Done leaf-task estimate / estimate of all non-cancelled leaf tasks, in percent (0 when
    /// nothing is estimated).
    pub percent_complete: f64,
    /// Live tasks that are neither done nor cancelled.
    pub tasks_open: usize,
    /// Live tasks that are done.
    pub tasks_done: usize,
    /// Open tasks whose due date is before today.
    pub tasks_overdue: usize,
    /// The overdue tasks, by due date then id.
    pub overdue: Vec<OverdueTask>,
    /// Up to five open milestones due today or later, soonest first.
    pub next_milestones: Vec<MilestoneView>,
    /// Active goals (see [`crate::goals::goals`] for the order).
    pub goals: Vec<GoalProgress>,
    pub budget: BudgetSummary,
}

/// How many upcoming milestones the dashboard lists.
const NEXT_MILESTONES: usize = 5;

/// Live tasks that have no live children.
fn leaf_tasks<'a>(live: &[&'a TaskView]) -> impl Iterator<Item = &'a TaskView> {
    let parents: BTreeSet<&TaskId> = live.iter().filter_map(|t| t.parent.as_ref()).collect();
    live.iter().copied().filter(move |t| !parents.contains(&t.id))
}

/// The project dashboard as of `today`.
///
/// Health rule (when no manual override is set in the project settings):
/// - **off_track** if any open milestone is past its due date, or the money actually spent
///   (actual expenses) exceeds the planned total of the live budget lines;
/// - else **at_risk** if more than 10 % of the open tasks are overdue, or committed + actual
///   money exceeds 90 % of the project's overall budget (when one is set);
/// - else **on_track**.
///
/// Every condition that holds is listed in `health_reasons`, including those of the milder
/// level, so the reasons explain the computed value fully. A manual override replaces `health`
/// but `health_computed` and the reasons are still reported.
pub fn dashboard<R: ReadDoc>(doc: &R, today: NaiveDate) -> Result<DashboardView> {
    let project = crate::project::project(doc)?;
    let members = crate::project::members(doc)?;
    let name_of =
        |id: &MemberId| members.iter().find(|m| &m.id == id).map(|m| m.name.clone()).unwrap_or_else(|| id.to_string());
    // Every task once, for all the parts below.
    let all_tasks = read_tasks(doc, TaskDepth::Plan)?;
    let live: Vec<&TaskView> = all_tasks.iter().filter(|t| !t.deleted).collect();

    let (mut done_est, mut total_est) = (0.0, 0.0);
    for t in leaf_tasks(&live).filter(|t| t.status != TaskStatus::Cancelled) {
        let e = t.estimate.filter(|e| e.is_finite() && *e > 0.0).unwrap_or(0.0);
        total_est += e;
        if t.status == TaskStatus::Done {
            done_est += e;
        }
    }
    let percent_complete = if total_est > 0.0 { (done_est / total_est * 1000.0).round() / 10.0 } else { 0.0 };

    let tasks_open = live.iter().filter(|t| t.status.is_open()).count();
    let tasks_done = live.iter().filter(|t| t.status == TaskStatus::Done).count();
    let mut overdue: Vec<OverdueTask> = live
        .iter()
        .filter(|t| t.status.is_open())
        .filter_map(|t| {
            let due = t.due.filter(|d| *d < today)?;
            let mut who: Vec<(String, MemberId)> = t.assignees.iter().map(|m| (name_of(m), m.clone())).collect();
            who.sort_by(|a, b| a.0.to_lowercase().cmp(&b.0.to_lowercase()).then(a.1.cmp(&b.1)));
            let (assignee_names, assignees) = who.into_iter().unzip();
            Some(OverdueTask {
                id: t.id.clone(),
                title: t.title.clone(),
                due,
                assignees,
                assignee_names,
                days_late: (today - due).num_days(),
            })
        })
        .collect();
    overdue.sort_by(|a, b| a.due.cmp(&b.due).then(a.id.cmp(&b.id)));

    let milestones: Vec<MilestoneView> = crate::milestones::milestones_with(doc, &all_tasks)?
        .into_iter()
        .filter(|m| !m.deleted && m.status == MilestoneStatus::Open)
        .collect();
    let late_milestones: Vec<&MilestoneView> = milestones.iter().filter(|m| m.due.is_some_and(|d| d < today)).collect();
    let next_milestones: Vec<MilestoneView> =
        milestones.iter().filter(|m| m.due.is_some_and(|d| d >= today)).take(NEXT_MILESTONES).cloned().collect();

    let goals: Vec<GoalProgress> = crate::goals::goals_with(doc, today, &all_tasks)?
        .into_iter()
        .filter(|g| !g.deleted && g.status == GoalStatus::Active)
        .map(|g| GoalProgress {
            id: g.id,
            title: g.title,
            horizon: g.horizon,
            metric: g.metric,
            current: g.current,
            target: g.target,
            progress: g.progress,
            on_track: g.on_track,
        })
        .collect();

    let budget = crate::resources::budget(doc)?;
    let money = budget.totals;
    let fmt = |v: i64| format!("{} {}", crate::money::format_minor(v), project.currency);

    let mut off = Vec::new();
    for m in &late_milestones {
        let due = m.due.map(crate::ids::format_date).unwrap_or_default();
        off.push(format!("milestone '{}' was due {due} and is not reached", m.title));
    }
    if money.actual > money.planned {
        off.push(format!(
            "spent {} is more than the {} planned in the budget lines",
            fmt(money.actual),
            fmt(money.planned)
        ));
    }
    let mut risk = Vec::new();
    if overdue.len() * 10 > tasks_open {
        risk.push(format!("{} of {} open tasks are overdue (more than 10%)", overdue.len(), tasks_open));
    }
    if let Some(b) = project.budget {
        let used = money.committed.saturating_add(money.actual);
        if i128::from(used) * 10 > i128::from(b) * 9 {
            risk.push(format!("committed and spent {} is more than 90% of the project budget {}", fmt(used), fmt(b)));
        }
    }
    let health_computed = if !off.is_empty() {
        Health::OffTrack
    } else if !risk.is_empty() {
        Health::AtRisk
    } else {
        Health::OnTrack
    };
    off.extend(risk);

    Ok(DashboardView {
        today,
        name: project.name,
        client: project.client,
        currency: project.currency,
        health: project.health_override.unwrap_or(health_computed),
        health_overridden: project.health_override.is_some(),
        health_computed,
        health_reasons: off,
        percent_complete,
        tasks_open,
        tasks_done,
        tasks_overdue: overdue.len(),
        overdue,
        next_milestones,
        goals,
        budget: BudgetSummary { project_budget: budget.project_budget, lines: money },
    })
}

/// One member's load in one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkloadCell {
    /// ISO week label, e.g. "2026-W02".
    pub week: String,
    /// Planned hours of remaining task work that fall into the week.
    pub hours: f64,
    /// The member's weekly capacity.
    pub capacity: f64,
    /// Whether `hours` exceed `capacity`.
    pub over: bool,
}

/// One member's row of the workload.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkloadRow {
    pub member: MemberId,
    pub name: String,
    /// False for inactive members, who are only listed when they still carry load.
    pub active: bool,
    pub capacity_hours: f64,
    /// One cell per week of the view.
    pub cells: Vec<WorkloadCell>,
    /// Remaining hours of assigned tasks that have neither a start nor a due date.
    pub unscheduled: f64,
}

/// Members × ISO weeks of planned work.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WorkloadView {
    /// The Monday the first week starts on.
    pub from: NaiveDate,
    /// Week labels, e.g. "2026-W02".
    pub weeks: Vec<String>,
    /// Members by name.
    pub rows: Vec<WorkloadRow>,
}

/// The most weeks one workload view spans (ten years).
pub(crate) const MAX_WEEKS: usize = 520;

/// ISO week label of a date ("2026-W02").
pub fn iso_week_label(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The Monday of the ISO week containing `d` (`d` itself at the very start of the calendar).
pub(crate) fn monday_of(d: NaiveDate) -> NaiveDate {
    d.checked_sub_signed(Duration::days(i64::from(d.weekday().num_days_from_monday()))).unwrap_or(d)
}

/// The number of Monday–Friday days in `[a, b]` (0 if `a > b`).
fn working_days(a: NaiveDate, b: NaiveDate) -> i64 {
    if a > b {
        return 0;
    }
    let n = (b - a).num_days() + 1;
    let full = n / 7;
    let mut count = full * 5;
    let mut d = a + Duration::days(full * 7);
    for _ in 0..(n % 7) {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            count += 1;
        }
        d += Duration::days(1);
    }
    count
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The team's planned load per ISO week, for `weeks` weeks from the week of `from_monday`
/// (a date that is not a Monday is moved back to its week's Monday; at most 520 weeks).
///
/// Rule: every live task that is not done or cancelled and has assignees and an estimate
/// contributes its remaining work, `max(estimate - spent, 0)`, split equally between its
/// assignees. A task is scheduled from `start` (or `due` if it has no start) to `due` (or
/// `start` if it has no due date); its share is spread evenly over the Monday–Friday days of
/// that range, and a range of weekend days only lands in the week of its start. Tasks with
/// neither date go to each assignee's `unscheduled` column. Work planned before or after the
/// window is not shown (an overdue task's remaining work stays on its planned dates).
/// Resource allocations are not added: they describe resources, not members' time.
///
/// Rows: active, not deleted members by name, plus inactive ones that carry load in the window
/// or unscheduled (marked `active: false`). Unknown assignees are skipped.
pub fn workload<R: ReadDoc>(doc: &R, from_monday: NaiveDate, weeks: usize) -> Result<WorkloadView> {
    let (from, weeks) = workload_window(from_monday, weeks);
    let members = crate::project::members(doc)?;
    let tasks = read_tasks(doc, TaskDepth::Plan)?;
    Ok(workload_of(members, &tasks, from, weeks))
}

/// The window a workload view covers: the Monday of `from_monday`'s week, and how many of the
/// `weeks` asked for (at most [`MAX_WEEKS`]) exist in the calendar from there.
pub(crate) fn workload_window(from_monday: NaiveDate, weeks: usize) -> (NaiveDate, usize) {
    let from = monday_of(from_monday);
    let mut weeks = weeks.min(MAX_WEEKS);
    // Near the end of the calendar, keep only the weeks that exist.
    while weeks > 0 && from.checked_add_signed(Duration::days(7 * weeks as i64)).is_none() {
        weeks -= 1;
    }
    (from, weeks)
}

/// One task's part of the workload (see [`workload`] for the rule): the hours each assignee
/// carries, and how they spread over the `weeks` weeks from the Monday `from` (`None`: the
/// task has no dates, so the hours are unscheduled). `None` when the task adds no load: it is
/// deleted, done or cancelled, has no estimate, no assignees, or no remaining work.
pub(crate) fn task_load(t: &TaskView, from: NaiveDate, weeks: usize) -> Option<(f64, Option<Vec<f64>>)> {
    if t.deleted || !t.status.is_open() {
        return None;
    }
    let estimate = t.estimate.filter(|e| e.is_finite())?;
    let remaining = (estimate - t.spent).max(0.0);
    if t.assignees.is_empty() || remaining <= 0.0 {
        return None;
    }
    let share = remaining / t.assignees.len() as f64;
    let window_end = from + Duration::days(7 * weeks as i64 - 1);
    let per_week = match (t.start.or(t.due), t.due.or(t.start)) {
        (Some(start), Some(end)) => {
            let (start, end) = (start.min(end), start.max(end));
            let total = working_days(start, end);
            let mut cells = vec![0.0; weeks];
            if total == 0 {
                if let Some(i) = week_index(from, weeks, start) {
                    cells[i] += share;
                }
            } else if start <= window_end && end >= from {
                for (i, cell) in cells.iter_mut().enumerate() {
                    let mon = from + Duration::days(7 * i as i64);
                    let days = working_days(start.max(mon), end.min(mon + Duration::days(6)));
                    *cell += share * days as f64 / total as f64;
                }
            }
            Some(cells)
        }
        _ => None,
    };
    Some((share, per_week))
}

/// The workload of `members` from `tasks` (every task; those that add no load are skipped) over
/// the window [`workload_window`] gave.
pub(crate) fn workload_of<'t>(
    members: Vec<crate::project::MemberView>,
    tasks: impl IntoIterator<Item = &'t TaskView>,
    from: NaiveDate,
    weeks: usize,
) -> WorkloadView {
    // member → (hours per week, unscheduled hours)
    let mut load: BTreeMap<MemberId, (Vec<f64>, f64)> = BTreeMap::new();
    for t in tasks {
        let Some((share, per_week)) = task_load(t, from, weeks) else { continue };
        for a in &t.assignees {
            let entry = load.entry(a.clone()).or_insert_with(|| (vec![0.0; weeks], 0.0));
            match &per_week {
                Some(cells) => entry.0.iter_mut().zip(cells).for_each(|(e, c)| *e += c),
                None => entry.1 += share,
            }
        }
    }

    let week_labels: Vec<String> = (0..weeks).map(|i| iso_week_label(from + Duration::days(7 * i as i64))).collect();
    let rows = members
        .into_iter()
        .filter(|m| !m.deleted)
        .filter_map(|m| {
            let (hours, unscheduled) = load.remove(&m.id).unwrap_or_else(|| (vec![0.0; weeks], 0.0));
            let has_load = unscheduled > 0.0 || hours.iter().any(|h| *h > 0.0);
            if !m.active && !has_load {
                return None;
            }
            let cells = hours
                .into_iter()
                .zip(&week_labels)
                .map(|(h, week)| {
                    let h = round2(h);
                    WorkloadCell {
                        week: week.clone(),
                        hours: h,
                        capacity: m.capacity_hours,
                        over: h > m.capacity_hours,
                    }
                })
                .collect();
            Some(WorkloadRow {
                member: m.id,
                name: m.name,
                active: m.active,
                capacity_hours: m.capacity_hours,
                cells,
                unscheduled: round2(unscheduled),
            })
        })
        .collect();
    WorkloadView { from, weeks: week_labels, rows }
}

/// The index of the window week that holds `d`, if any.
fn week_index(from: NaiveDate, weeks: usize, d: NaiveDate) -> Option<usize> {
    let days = (d - from).num_days();
    if days < 0 {
        return None;
    }
    let i = usize::try_from(days / 7).ok()?;
    (i < weeks).then_some(i)
}
