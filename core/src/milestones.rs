//! Milestones on the timeline, with the progress of the tasks attached to them.

use std::collections::BTreeMap;

use automerge::ReadDoc;
use automerge::transaction::Transactable;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check};
use crate::doc::{self, get_text};
use crate::error::{CoreError, Result};
use crate::ids::MilestoneId;
use crate::schema::{self, Kind};
use crate::tasks::{TaskDepth, TaskStatus, TaskView, read_tasks};
use crate::values::choice;

/// Longest milestone title.
const TITLE_MAX: usize = 300;

choice! {
    /// Whether a milestone has been reached.
    MilestoneStatus, "status" {
        Open = "open",
        Reached = "reached",
        Missed = "missed",
    }
}

/// Milestone commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MilestoneCommand {
    Add {
        title: String,
        due: NaiveDate,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        description: String,
    },
    Update {
        id: MilestoneId,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        title: Option<String>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        due: Option<NaiveDate>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        status: Option<MilestoneStatus>,
    },
}

impl MilestoneCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            MilestoneCommand::Add { title, due, description } => {
                let title = check::title("title", &title, TITLE_MAX)?;
                let id: MilestoneId = s.fresh_id(Kind::Milestone)?;
                let obj = s.create_item(Kind::Milestone, id.as_str())?;
                s.tx.put(&obj, "title", title.as_str())?;
                doc::put_opt_date(&mut s.tx, &obj, "due", Some(due))?;
                s.tx.put(&obj, "status", MilestoneStatus::Open.as_str())?;
                doc::put_text(&mut s.tx, &obj, "description", &description)?;
                Ok(Applied::created(format!("Add milestone '{title}' due {due}"), id.as_str()))
            }
            MilestoneCommand::Update { id, title, due, status } => {
                let obj = s.item(Kind::Milestone, id.as_str())?;
                let old = get_text(&s.tx, &obj, "title");
                let mut changed = Vec::new();
                if let Some(t) = title {
                    s.tx.put(&obj, "title", check::title("title", &t, TITLE_MAX)?)?;
                    changed.push("title".to_owned());
                }
                if let Some(d) = due {
                    doc::put_opt_date(&mut s.tx, &obj, "due", Some(d))?;
                    changed.push(format!("due to {d}"));
                }
                if let Some(st) = status {
                    s.tx.put(&obj, "status", st.as_str())?;
                    changed.push(format!("status to {st}"));
                }
                if changed.is_empty() {
                    return Err(CoreError::NothingToChange);
                }
                Ok(Applied::new(format!("Update milestone '{old}': {}", changed.join(", "))))
            }
        }
    }
}

/// A milestone with the progress of the tasks attached to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MilestoneView {
    pub id: MilestoneId,
    pub title: String,
    pub description: String,
    pub due: Option<NaiveDate>,
    pub status: MilestoneStatus,
    pub tasks_total: usize,
    pub tasks_done: usize,
    pub deleted: bool,
}

/// Every milestone, by due date.
pub fn milestones<R: ReadDoc>(doc: &R) -> Result<Vec<MilestoneView>> {
    milestones_with(doc, &read_tasks(doc, TaskDepth::Plan)?)
}

/// Every milestone, by due date, counting the tasks of `all_tasks` (every task, as
/// [`crate::tasks::tasks`] or an internal reader returns them) for their progress.
pub(crate) fn milestones_with<R: ReadDoc>(doc: &R, all_tasks: &[TaskView]) -> Result<Vec<MilestoneView>> {
    let mut counts: BTreeMap<&MilestoneId, (usize, usize)> = BTreeMap::new();
    for t in all_tasks.iter().filter(|t| !t.deleted) {
        if let Some(m) = &t.milestone {
            let (n, d) = counts.entry(m).or_default();
            *n += usize::from(t.status != TaskStatus::Cancelled);
            *d += usize::from(t.status == TaskStatus::Done);
        }
    }
    let mut out: Vec<MilestoneView> = schema::read_items(doc, Kind::Milestone, |id, f| {
        let mid: MilestoneId = id.parse().ok()?;
        let (total, done) = counts.get(&mid).copied().unwrap_or_default();
        Some(MilestoneView {
            title: f.text("title"),
            description: f.text("description"),
            due: f.date("due"),
            status: f.choice("status", MilestoneStatus::Open),
            tasks_total: total,
            tasks_done: done,
            deleted: f.is_deleted(),
            id: mid,
        })
    })?;
    out.sort_by(|a, b| a.due.cmp(&b.due).then(a.id.cmp(&b.id)));
    Ok(out)
}
