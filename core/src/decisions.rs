//! The decision log: what was decided, why, which alternatives were weighed, who decided and
//! when, and how decisions replace each other (a workflow of proposed → accepted → superseded,
//! or proposed → rejected → proposed again). Decisions link to the meetings where they were made
//! and to the tasks that carry them out.

use std::collections::BTreeSet;

use automerge::transaction::Transactable;
use automerge::{ObjId, ReadDoc};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check, find_item};
use crate::doc::{self, get_set, get_string, get_text, map_at};
use crate::doc::{Fields, parse_all};
use crate::error::{CoreError, Result};
use crate::ids::{DecisionId, MeetingId, MemberId, Millis, TaskId, format_date};
use crate::project::MemberNames;
use crate::schema::{self, Kind};
use crate::values::{Edit, check_transition, choice};

choice! {
    /// Where a decision is in its life.
    DecisionStatus, "status" {
        /// Put forward, not decided yet.
        Proposed = "proposed",
        /// Decided and in force.
        Accepted = "accepted",
        /// Replaced by a later decision (final).
        Superseded = "superseded",
        /// Turned down; can be reopened.
        Rejected = "rejected",
    }
}

/// The decision workflow: which status may follow which.
const DECISION_FLOW: &[(DecisionStatus, &[DecisionStatus])] = {
    use DecisionStatus::*;
    &[(Proposed, &[Accepted, Rejected]), (Accepted, &[Superseded]), (Rejected, &[Proposed]), (Superseded, &[])]
};

const TITLE_MAX: usize = 300;

/// A new decision; it starts out proposed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct NewDecision {
    pub title: String,
    /// The situation that calls for a decision.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub context: String,
    /// What is (to be) decided.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub decision: String,
    /// The options that were weighed.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub alternatives: String,
    pub decided_by: Option<MemberId>,
    pub decided_at: Option<NaiveDate>,
    /// Meetings where it was discussed (linked both ways).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub meetings: Vec<MeetingId>,
    /// Tasks that carry it out.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub tasks: Vec<TaskId>,
}

/// Fields of a decision that an update may change. Text fields are replaced as a minimal
/// splice, so concurrent typing elsewhere in them survives.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct DecisionPatch {
    pub title: Option<String>,
    pub context: Option<String>,
    pub decision: Option<String>,
    pub alternatives: Option<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub decided_by: Edit<MemberId>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub decided_at: Edit<NaiveDate>,
}

/// What a decision links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DecisionLink {
    /// A meeting (the link is recorded on both the decision and the meeting).
    Meeting(MeetingId),
    /// A task.
    Task(TaskId),
}

/// Decision commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DecisionCommand {
    Add(NewDecision),
    Update {
        id: DecisionId,
        patch: DecisionPatch,
    },
    /// Moves a decision through its workflow. Accepting or rejecting records who decided
    /// (`decided_by`, default: the author) and when (`decided_at`, default: today). Superseding
    /// needs `superseded_by`, another existing decision. Reopening a rejected decision clears
    /// who decided and when.
    SetStatus {
        id: DecisionId,
        status: DecisionStatus,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        decided_by: Option<MemberId>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        decided_at: Option<NaiveDate>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        superseded_by: Option<DecisionId>,
    },
    Link {
        id: DecisionId,
        to: DecisionLink,
    },
    Unlink {
        id: DecisionId,
        from: DecisionLink,
    },
}

impl DecisionCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            DecisionCommand::Add(d) => add_decision(s, d),
            DecisionCommand::Update { id, patch } => update_decision(s, &id, patch),
            DecisionCommand::SetStatus { id, status, decided_by, decided_at, superseded_by } => {
                set_status(s, &id, status, decided_by, decided_at, superseded_by)
            }
            DecisionCommand::Link { id, to } => link(s, &id, &to),
            DecisionCommand::Unlink { id, from } => unlink(s, &id, &from),
        }
    }
}

pub(crate) fn add_decision(s: &mut Scope<'_>, d: NewDecision) -> Result<Applied> {
    let title = check::title("title", &d.title, TITLE_MAX)?;
    if let Some(m) = &d.decided_by {
        check::member(s, m)?;
    }
    let meetings: BTreeSet<&str> = d.meetings.iter().map(MeetingId::as_str).collect();
    let tasks: BTreeSet<&str> = d.tasks.iter().map(TaskId::as_str).collect();
    for m in &meetings {
        s.require(Kind::Meeting, m)?;
    }
    for t in &tasks {
        s.require(Kind::Task, t)?;
    }
    let id: DecisionId = s.fresh_id(Kind::Decision)?;
    let obj = s.create_item(Kind::Decision, id.as_str())?;
    s.tx.put(&obj, "title", title.as_str())?;
    s.tx.put(&obj, "status", DecisionStatus::Proposed.as_str())?;
    doc::put_text(&mut s.tx, &obj, "context", &d.context)?;
    doc::put_text(&mut s.tx, &obj, "decision", &d.decision)?;
    doc::put_text(&mut s.tx, &obj, "alternatives", &d.alternatives)?;
    doc::put_opt_str(&mut s.tx, &obj, "decided_by", d.decided_by.as_ref().map(MemberId::as_str))?;
    doc::put_opt_date(&mut s.tx, &obj, "decided_at", d.decided_at)?;
    doc::put_set(&mut s.tx, &obj, "meetings", meetings.iter().copied())?;
    doc::put_set(&mut s.tx, &obj, "tasks", tasks.iter().copied())?;
    for m in &meetings {
        let mobj = s.item(Kind::Meeting, m)?;
        doc::set_add(&mut s.tx, &mobj, "decisions", id.as_str())?;
    }
    for t in &tasks {
        s.touch(Kind::Task, t);
    }
    Ok(Applied::created(format!("Add decision '{title}'"), id.as_str()))
}

fn update_decision(s: &mut Scope<'_>, id: &DecisionId, patch: DecisionPatch) -> Result<Applied> {
    let obj = s.item(Kind::Decision, id.as_str())?;
    let old_title = get_text(&s.tx, &obj, "title");
    let mut changed = Vec::new();
    if let Some(t) = patch.title {
        let t = check::title("title", &t, TITLE_MAX)?;
        s.tx.put(&obj, "title", t.as_str())?;
        changed.push(format!("title to '{t}'"));
    }
    if !patch.decided_by.is_keep() {
        let m = patch.decided_by.resolve(None);
        if let Some(m) = &m {
            check::member(s, m)?;
        }
        doc::put_opt_str(&mut s.tx, &obj, "decided_by", m.as_ref().map(MemberId::as_str))?;
        changed.push(match &m {
            Some(m) => format!("decided by {}", crate::project::member_name(&s.tx, m.as_str())),
            None => "decided by cleared".to_owned(),
        });
    }
    if !patch.decided_at.is_keep() {
        let d = patch.decided_at.resolve(None);
        doc::put_opt_date(&mut s.tx, &obj, "decided_at", d)?;
        changed.push(match d {
            Some(d) => format!("decided at {}", format_date(d)),
            None => "decided at cleared".to_owned(),
        });
    }
    for (field, value) in
        [("context", patch.context), ("decision", patch.decision), ("alternatives", patch.alternatives)]
    {
        if let Some(v) = value {
            doc::replace_text(&mut s.tx, &obj, field, &v)?;
            changed.push(field.to_owned());
        }
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update decision '{old_title}': {}", changed.join(", "))))
}

fn status_of<R: ReadDoc>(doc: &R, obj: &ObjId) -> DecisionStatus {
    get_string(doc, obj, "status").and_then(|s| s.parse().ok()).unwrap_or(DecisionStatus::Proposed)
}

fn set_status(
    s: &mut Scope<'_>,
    id: &DecisionId,
    to: DecisionStatus,
    decided_by: Option<MemberId>,
    decided_at: Option<NaiveDate>,
    superseded_by: Option<DecisionId>,
) -> Result<Applied> {
    let obj = s.item(Kind::Decision, id.as_str())?;
    let title = get_text(&s.tx, &obj, "title");
    let from = status_of(&s.tx, &obj);
    if from == to {
        return Err(CoreError::Invalid(format!("decision {id} is already {to}")));
    }
    check_transition("a decision", from, to, DECISION_FLOW)?;
    if to != DecisionStatus::Superseded && superseded_by.is_some() {
        return Err(CoreError::Invalid("superseded_by only goes with the status superseded".to_owned()));
    }
    if !matches!(to, DecisionStatus::Accepted | DecisionStatus::Rejected)
        && (decided_by.is_some() || decided_at.is_some())
    {
        return Err(CoreError::Invalid(
            "decided_by and decided_at only go with the status accepted or rejected".to_owned(),
        ));
    }
    let summary = match to {
        DecisionStatus::Accepted | DecisionStatus::Rejected => {
            let by = match decided_by {
                Some(m) => {
                    check::member(s, &m)?;
                    Some(m)
                }
                None => s.author.clone(),
            };
            let at = decided_at.unwrap_or_else(|| s.now.date());
            doc::put_opt_str(&mut s.tx, &obj, "decided_by", by.as_ref().map(MemberId::as_str))?;
            doc::put_opt_date(&mut s.tx, &obj, "decided_at", Some(at))?;
            let verb = if to == DecisionStatus::Accepted { "Accept" } else { "Reject" };
            format!("{verb} decision '{title}'")
        }
        DecisionStatus::Superseded => {
            let Some(next) = superseded_by else {
                return Err(CoreError::Invalid(format!(
                    "superseding decision {id} needs superseded_by: the decision that replaces it"
                )));
            };
            if &next == id {
                return Err(CoreError::Invalid(format!("decision {id} cannot supersede itself")));
            }
            let next_obj = s.require(Kind::Decision, next.as_str())?;
            if let Some(path) = supersede_path(&s.tx, next.as_str(), id.as_str()) {
                return Err(CoreError::Invalid(format!(
                    "decision {next} cannot supersede {id}: it is itself superseded by {id} (through {path})"
                )));
            }
            let next_title = get_text(&s.tx, &next_obj, "title");
            s.tx.put(&obj, "superseded_by", next.as_str())?;
            s.touch(Kind::Decision, next.as_str());
            format!("Supersede decision '{title}' with '{next_title}'")
        }
        DecisionStatus::Proposed => {
            doc::delete_if_present(&mut s.tx, &obj, "decided_by")?;
            doc::delete_if_present(&mut s.tx, &obj, "decided_at")?;
            format!("Reopen decision '{title}'")
        }
    };
    s.tx.put(&obj, "status", to.as_str())?;
    Ok(Applied::new(summary))
}

/// The chain of `superseded_by` links from `from` reaches `target`? Returns the path if so.
fn supersede_path<R: ReadDoc>(doc: &R, from: &str, target: &str) -> Option<String> {
    let coll = schema::collection(doc, Kind::Decision).ok()?;
    let mut path = vec![from.to_owned()];
    let mut cur = from.to_owned();
    let mut seen = BTreeSet::new();
    while seen.insert(cur.clone()) {
        let next = map_at(doc, &coll, &cur).and_then(|o| get_string(doc, &o, "superseded_by"))?;
        path.push(next.clone());
        if next == target {
            return Some(path.join(" → "));
        }
        cur = next;
    }
    None
}

fn link(s: &mut Scope<'_>, id: &DecisionId, to: &DecisionLink) -> Result<Applied> {
    let obj = s.item(Kind::Decision, id.as_str())?;
    let title = get_text(&s.tx, &obj, "title");
    match to {
        DecisionLink::Meeting(m) => {
            let mobj = s.item(Kind::Meeting, m.as_str())?;
            doc::set_add(&mut s.tx, &obj, "meetings", m.as_str())?;
            doc::set_add(&mut s.tx, &mobj, "decisions", id.as_str())?;
            Ok(Applied::new(format!("Link decision '{title}' to meeting '{}'", get_text(&s.tx, &mobj, "title"))))
        }
        DecisionLink::Task(t) => {
            let tobj = s.require(Kind::Task, t.as_str())?;
            doc::set_add(&mut s.tx, &obj, "tasks", t.as_str())?;
            s.touch(Kind::Task, t.as_str());
            Ok(Applied::new(format!("Link decision '{title}' to task '{}'", get_text(&s.tx, &tobj, "title"))))
        }
    }
}

fn unlink(s: &mut Scope<'_>, id: &DecisionId, from: &DecisionLink) -> Result<Applied> {
    let obj = s.item(Kind::Decision, id.as_str())?;
    let title = get_text(&s.tx, &obj, "title");
    match from {
        DecisionLink::Meeting(m) => {
            let mobj = find_item(&s.tx, Kind::Meeting, m.as_str()).ok();
            let on_decision = get_set(&s.tx, &obj, "meetings").iter().any(|x| x == m.as_str());
            let on_meeting =
                mobj.as_ref().is_some_and(|o| get_set(&s.tx, o, "decisions").iter().any(|x| x == id.as_str()));
            if !on_decision && !on_meeting {
                return Err(CoreError::Invalid(format!("decision {id} is not linked to meeting {m}")));
            }
            doc::set_remove(&mut s.tx, &obj, "meetings", m.as_str())?;
            if let Some(mobj) = &mobj {
                doc::set_remove(&mut s.tx, mobj, "decisions", id.as_str())?;
            }
            s.touch(Kind::Meeting, m.as_str());
            let name = mobj.map(|o| get_text(&s.tx, &o, "title")).unwrap_or_else(|| m.to_string());
            Ok(Applied::new(format!("Unlink decision '{title}' from meeting '{name}'")))
        }
        DecisionLink::Task(t) => {
            if !get_set(&s.tx, &obj, "tasks").iter().any(|x| x == t.as_str()) {
                return Err(CoreError::Invalid(format!("decision {id} is not linked to task {t}")));
            }
            doc::set_remove(&mut s.tx, &obj, "tasks", t.as_str())?;
            s.touch(Kind::Task, t.as_str());
            let name = find_item(&s.tx, Kind::Task, t.as_str())
                .map(|o| get_text(&s.tx, &o, "title"))
                .unwrap_or_else(|_| t.to_string());
            Ok(Applied::new(format!("Unlink decision '{title}' from task '{name}'")))
        }
    }
}

/// A decision as every view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionView {
    pub id: DecisionId,
    pub title: String,
    pub status: DecisionStatus,
    pub context: String,
    pub decision: String,
    pub alternatives: String,
    pub decided_by: Option<MemberId>,
    /// The name of `decided_by` (its id if the member is unknown).
    pub decided_by_name: Option<String>,
    pub decided_at: Option<NaiveDate>,
    /// The decision that replaced this one.
    pub superseded_by: Option<DecisionId>,
    /// The decisions this one replaced.
    pub supersedes: Vec<DecisionId>,
    /// Linked meetings (recorded on either side of the link).
    pub meetings: Vec<MeetingId>,
    pub tasks: Vec<TaskId>,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

/// Reads one decision, without the links that only the other side records; `name` names
/// `decided_by`.
fn read_decision<R: ReadDoc>(id: &str, f: &Fields<'_, R>, name: impl Fn(&str) -> String) -> Option<DecisionView> {
    let decided_by: Option<MemberId> = f.parse("decided_by");
    Some(DecisionView {
        id: id.parse().ok()?,
        title: f.text("title"),
        status: f.choice("status", DecisionStatus::Proposed),
        context: f.text("context"),
        decision: f.text("decision"),
        alternatives: f.text("alternatives"),
        decided_by_name: decided_by.as_ref().map(|m| name(m.as_str())),
        decided_by,
        decided_at: f.date("decided_at"),
        superseded_by: f.parse("superseded_by"),
        supersedes: Vec::new(),
        meetings: parse_all(f.set("meetings")),
        tasks: parse_all(f.set("tasks")),
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Meeting id → the decisions its `decisions` set names.
fn meeting_links<R: ReadDoc>(doc: &R) -> Vec<(MeetingId, Vec<String>)> {
    schema::read_items(doc, Kind::Meeting, |k, f| Some((k.parse().ok()?, f.set("decisions")))).unwrap_or_default()
}

/// Fills in the links recorded on the other side: meetings that name the decision, and the
/// decisions it superseded.
fn complete(
    views: &mut [DecisionView],
    meetings: &[(MeetingId, Vec<String>)],
    all: &[(DecisionId, Option<DecisionId>)],
) {
    for v in views {
        let mut ms: BTreeSet<MeetingId> = v.meetings.drain(..).collect();
        ms.extend(meetings.iter().filter(|(_, ds)| ds.iter().any(|d| d == v.id.as_str())).map(|(m, _)| m.clone()));
        v.meetings = ms.into_iter().collect();
        v.supersedes = all.iter().filter(|(_, next)| next.as_ref() == Some(&v.id)).map(|(d, _)| d.clone()).collect();
    }
}

fn sort_key(v: &DecisionView) -> (Option<NaiveDate>, Option<Millis>) {
    (v.decided_at.or_else(|| v.created_at.map(Millis::date)), v.created_at)
}

/// Every decision, deleted ones included (check `deleted`), by the day it was decided (or
/// created, while undecided), then creation time, then id.
pub fn decisions<R: ReadDoc>(doc: &R) -> Result<Vec<DecisionView>> {
    let names = MemberNames::read(doc);
    let mut out: Vec<DecisionView> =
        schema::read_items(doc, Kind::Decision, |id, f| read_decision(id, f, |m| names.name(m)))?;
    let all: Vec<(DecisionId, Option<DecisionId>)> =
        out.iter().map(|d| (d.id.clone(), d.superseded_by.clone())).collect();
    complete(&mut out, &meeting_links(doc), &all);
    out.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// One decision by id.
pub fn decision<R: ReadDoc>(doc: &R, id: &DecisionId) -> Result<DecisionView> {
    let f = schema::read_item(doc, Kind::Decision, id.as_str())?;
    let mut v = read_decision(id.as_str(), &f, |m| crate::project::member_name(doc, m))
        .ok_or_else(|| CoreError::NotFound { kind: "decision", id: id.to_string() })?;
    let all: Vec<(DecisionId, Option<DecisionId>)> =
        schema::read_items(doc, Kind::Decision, |k, f| Some((k.parse().ok()?, f.parse("superseded_by"))))?;
    complete(std::slice::from_mut(&mut v), &meeting_links(doc), &all);
    Ok(v)
}
