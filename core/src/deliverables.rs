//! Deliverables: what the project hands over, with acceptance criteria, a review workflow, a
//! stakeholder sign-off, and the tasks that produce it.
//!
//! Criteria are a map keyed by a raw id with an `order` key each (never a list), so two people can
//! add, reword and tick different criteria at the same time and everything merges.

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ReadDoc};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check, find_item};
use crate::doc::{self, get_bool, get_set, get_string, get_text, map_at};
use crate::doc::{Fields, parse_all, read_choice};
use crate::error::{CoreError, Result};
use crate::ids::{CriterionId, DeliverableId, MemberId, Millis, TaskId};
use crate::order;
use crate::schema::{self, Kind};
use crate::values::{Edit, check_transition, choice};

choice! {
    /// Where a deliverable is in its review.
    ReviewStatus, "review" {
        /// Being worked on.
        Draft = "draft",
        /// Handed to the reviewers.
        InReview = "in_review",
        /// The reviewers want changes.
        ChangesRequested = "changes_requested",
        /// The reviewers accept it; it can be signed off.
        Accepted = "accepted",
    }
}

/// The review workflow: which state may follow which.
const REVIEW_FLOW: &[(ReviewStatus, &[ReviewStatus])] = {
    use ReviewStatus::*;
    &[
        (Draft, &[InReview]),
        (InReview, &[ChangesRequested, Accepted]),
        (ChangesRequested, &[InReview]),
        (Accepted, &[ChangesRequested]),
    ]
};

const TITLE_MAX: usize = 300;
const CRITERION_MAX: usize = 500;
const NAME_MAX: usize = 120;
const NOTE_MAX: usize = 2000;

/// Key of the criteria map inside a deliverable.
const CRITERIA: &str = "criteria";
/// Key of the sign-off map inside a deliverable (absent when not signed off).
const SIGNOFF: &str = "signoff";

/// A new deliverable (review draft).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct NewDeliverable {
    pub title: String,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub description: String,
    pub due: Option<NaiveDate>,
    pub owner: Option<MemberId>,
    /// Initial acceptance criteria, in order.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub criteria: Vec<String>,
}

/// Fields of a deliverable that an update may change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct DeliverablePatch {
    pub title: Option<String>,
    /// Replaces the description (as a minimal splice, so concurrent typing elsewhere survives).
    pub description: Option<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub due: Edit<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub owner: Edit<MemberId>,
}

/// Deliverable commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DeliverableCommand {
    /// Adds a deliverable.
    Add(NewDeliverable),
    /// Edits a deliverable.
    Update { id: DeliverableId, patch: DeliverablePatch },
    /// Appends an acceptance criterion (created id: the criterion's).
    AddCriterion { id: DeliverableId, text: String },
    /// Rewords an acceptance criterion.
    UpdateCriterion { id: DeliverableId, criterion: CriterionId, text: String },
    /// Ticks (or unticks) an acceptance criterion.
    SetCriterionMet { id: DeliverableId, criterion: CriterionId, met: bool },
    /// Removes an acceptance criterion.
    RemoveCriterion { id: DeliverableId, criterion: CriterionId },
    /// Moves the deliverable along its review workflow.
    SetReview { id: DeliverableId, review: ReviewStatus },
    /// Records a stakeholder's sign-off. Needs the review accepted and every criterion met.
    SignOff {
        id: DeliverableId,
        /// The stakeholder's name.
        by: String,
        /// The stakeholder as a project member, if they are one.
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        member: Option<MemberId>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        note: Option<String>,
    },
    /// Withdraws the sign-off.
    RevokeSignOff { id: DeliverableId },
    /// Links a task that produces (part of) the deliverable.
    LinkTask { id: DeliverableId, task: TaskId },
    /// Removes a task link.
    UnlinkTask { id: DeliverableId, task: TaskId },
}

impl DeliverableCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            DeliverableCommand::Add(d) => add_deliverable(s, d),
            DeliverableCommand::Update { id, patch } => update_deliverable(s, &id, patch),
            DeliverableCommand::AddCriterion { id, text } => {
                let text = check::title("criterion", &text, CRITERION_MAX)?;
                let obj = s.item(Kind::Deliverable, id.as_str())?;
                let title = get_text(&s.tx, &obj, "title");
                refuse_if_signed_off(s, &obj, &title, "adding criteria")?;
                let crit = add_criterion(s, &obj, &text)?;
                Ok(Applied::created(format!("Add criterion '{text}' to '{title}'"), crit))
            }
            DeliverableCommand::UpdateCriterion { id, criterion, text } => {
                let text = check::title("criterion", &text, CRITERION_MAX)?;
                let obj = s.item(Kind::Deliverable, id.as_str())?;
                let title = get_text(&s.tx, &obj, "title");
                let c = criterion_obj(s, &obj, &id, &criterion)?;
                refuse_if_signed_off(s, &obj, &title, "rewording criteria")?;
                s.tx.put(&c, "text", text.as_str())?;
                Ok(Applied::new(format!("Reword criterion of '{title}' to '{text}'")))
            }
            DeliverableCommand::SetCriterionMet { id, criterion, met } => {
                let obj = s.item(Kind::Deliverable, id.as_str())?;
                let title = get_text(&s.tx, &obj, "title");
                let c = criterion_obj(s, &obj, &id, &criterion)?;
                let text = get_text(&s.tx, &c, "text");
                if !met {
                    refuse_if_signed_off(s, &obj, &title, "unticking criteria")?;
                }
                // Ticking an already ticked box is no change (and no new change in the document).
                if get_bool(&s.tx, &c, "met").unwrap_or(false) != met {
                    s.tx.put(&c, "met", met)?;
                    if met {
                        s.tx.put(&c, "met_at", s.now.0)?;
                        let by = s.author_str();
                        s.tx.put(&c, "met_by", by)?;
                    } else {
                        doc::delete_if_present(&mut s.tx, &c, "met_at")?;
                        doc::delete_if_present(&mut s.tx, &c, "met_by")?;
                    }
                }
                Ok(Applied::new(if met {
                    format!("Tick criterion '{text}' of '{title}'")
                } else {
                    format!("Untick criterion '{text}' of '{title}'")
                }))
            }
            DeliverableCommand::RemoveCriterion { id, criterion } => {
                let obj = s.item(Kind::Deliverable, id.as_str())?;
                let title = get_text(&s.tx, &obj, "title");
                let c = criterion_obj(s, &obj, &id, &criterion)?;
                let text = get_text(&s.tx, &c, "text");
                refuse_if_signed_off(s, &obj, &title, "removing criteria")?;
                if let Some(map) = map_at(&s.tx, &obj, CRITERIA) {
                    s.tx.delete(&map, criterion.as_str())?;
                }
                Ok(Applied::new(format!("Remove criterion '{text}' from '{title}'")))
            }
            DeliverableCommand::SetReview { id, review } => set_review(s, &id, review),
            DeliverableCommand::SignOff { id, by, member, note } => sign_off(s, &id, &by, member, note),
            DeliverableCommand::RevokeSignOff { id } => {
                let obj = s.item(Kind::Deliverable, id.as_str())?;
                let title = get_text(&s.tx, &obj, "title");
                let Some(so) = map_at(&s.tx, &obj, SIGNOFF) else {
                    return Err(CoreError::Invalid(format!("deliverable '{title}' is not signed off")));
                };
                let by = get_text(&s.tx, &so, "by");
                s.tx.delete(&obj, SIGNOFF)?;
                Ok(Applied::new(format!("Revoke {by}'s sign-off of '{title}'")))
            }
            DeliverableCommand::LinkTask { id, task } => {
                let t = s.require(Kind::Task, task.as_str())?;
                let task_title = get_text(&s.tx, &t, "title");
                let obj = s.item(Kind::Deliverable, id.as_str())?;
                doc::set_add(&mut s.tx, &obj, "tasks", task.as_str())?;
                s.touch(Kind::Task, task.as_str());
                Ok(Applied::new(format!(
                    "Link task '{task_title}' to deliverable '{}'",
                    get_text(&s.tx, &obj, "title")
                )))
            }
            DeliverableCommand::UnlinkTask { id, task } => {
                let obj = s.item(Kind::Deliverable, id.as_str())?;
                if !get_set(&s.tx, &obj, "tasks").iter().any(|t| t == task.as_str()) {
                    return Err(CoreError::Invalid(format!("task {task} is not linked to deliverable {id}")));
                }
                doc::set_remove(&mut s.tx, &obj, "tasks", task.as_str())?;
                let task_title = find_item(&s.tx, Kind::Task, task.as_str())
                    .map(|t| get_text(&s.tx, &t, "title"))
                    .unwrap_or_else(|_| task.to_string());
                Ok(Applied::new(format!(
                    "Unlink task '{task_title}' from deliverable '{}'",
                    get_text(&s.tx, &obj, "title")
                )))
            }
        }
    }
}

/// Appends a criterion to the deliverable's criteria map and returns its id.
fn add_criterion(s: &mut Scope<'_>, obj: &ObjId, text: &str) -> Result<String> {
    let map = doc::ensure_set(&mut s.tx, obj, CRITERIA)?;
    let last = doc::keys(&s.tx, &map)
        .into_iter()
        .filter_map(|k| map_at(&s.tx, &map, &k))
        .filter_map(|c| get_string(&s.tx, &c, "order"))
        .max();
    let key = order::after(last.as_deref());
    let raw = loop {
        let raw = s.fresh_raw();
        if s.tx.get(&map, raw.as_str())?.is_none() {
            break raw;
        }
    };
    let c = s.tx.put_object(&map, raw.as_str(), ObjType::Map)?;
    s.tx.put(&c, "text", text)?;
    s.tx.put(&c, "met", false)?;
    s.tx.put(&c, "order", key)?;
    Ok(raw)
}

/// The map of one criterion of a deliverable.
fn criterion_obj(s: &Scope<'_>, obj: &ObjId, id: &DeliverableId, criterion: &CriterionId) -> Result<ObjId> {
    map_at(&s.tx, obj, CRITERIA)
        .and_then(|m| map_at(&s.tx, &m, criterion.as_str()))
        .ok_or_else(|| CoreError::Invalid(format!("deliverable {id} has no acceptance criterion {criterion}")))
}

fn refuse_if_signed_off(s: &Scope<'_>, obj: &ObjId, title: &str, what: &str) -> Result<()> {
    if let Some(so) = map_at(&s.tx, obj, SIGNOFF) {
        return Err(CoreError::Invalid(format!(
            "deliverable '{title}' is signed off by {}; revoke the sign-off before {what}",
            get_text(&s.tx, &so, "by")
        )));
    }
    Ok(())
}

fn add_deliverable(s: &mut Scope<'_>, d: NewDeliverable) -> Result<Applied> {
    let title = check::title("title", &d.title, TITLE_MAX)?;
    if let Some(m) = &d.owner {
        check::member(s, m)?;
    }
    let criteria =
        d.criteria.iter().map(|c| check::title("criterion", c, CRITERION_MAX)).collect::<Result<Vec<_>>>()?;
    let id: DeliverableId = s.fresh_id(Kind::Deliverable)?;
    let obj = s.create_item(Kind::Deliverable, id.as_str())?;
    s.tx.put(&obj, "title", title.as_str())?;
    s.tx.put(&obj, "review", ReviewStatus::Draft.as_str())?;
    doc::put_text(&mut s.tx, &obj, "description", &d.description)?;
    doc::put_opt_date(&mut s.tx, &obj, "due", d.due)?;
    doc::put_opt_str(&mut s.tx, &obj, "owner", d.owner.as_ref().map(MemberId::as_str))?;
    s.tx.put_object(&obj, CRITERIA, ObjType::Map)?;
    for c in &criteria {
        add_criterion(s, &obj, c)?;
    }
    doc::put_set(&mut s.tx, &obj, "tasks", std::iter::empty())?;
    Ok(Applied::created(format!("Add deliverable '{title}'"), id.as_str()))
}

fn update_deliverable(s: &mut Scope<'_>, id: &DeliverableId, patch: DeliverablePatch) -> Result<Applied> {
    let obj = s.item(Kind::Deliverable, id.as_str())?;
    let old_title = get_text(&s.tx, &obj, "title");
    let mut changed = Vec::new();
    if let Some(t) = patch.title {
        let t = check::title("title", &t, TITLE_MAX)?;
        s.tx.put(&obj, "title", t.as_str())?;
        changed.push(format!("title to '{t}'"));
    }
    if !patch.due.is_keep() {
        let due = patch.due.resolve(None);
        doc::put_opt_date(&mut s.tx, &obj, "due", due)?;
        changed.push(format!("due to {}", due.map(crate::ids::format_date).unwrap_or_else(|| "none".into())));
    }
    if !patch.owner.is_keep() {
        let owner = patch.owner.resolve(None);
        if let Some(m) = &owner {
            check::member(s, m)?;
        }
        doc::put_opt_str(&mut s.tx, &obj, "owner", owner.as_ref().map(MemberId::as_str))?;
        changed.push(match &owner {
            Some(m) => format!("owner to {}", crate::project::member_name(&s.tx, m.as_str())),
            None => "owner cleared".to_owned(),
        });
    }
    if let Some(d) = patch.description {
        doc::replace_text(&mut s.tx, &obj, "description", &d)?;
        changed.push("description".to_owned());
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update deliverable '{old_title}': {}", changed.join(", "))))
}

fn set_review(s: &mut Scope<'_>, id: &DeliverableId, to: ReviewStatus) -> Result<Applied> {
    let obj = s.item(Kind::Deliverable, id.as_str())?;
    let title = get_text(&s.tx, &obj, "title");
    let from = read_choice(&s.tx, &obj, "review", ReviewStatus::Draft);
    if from == to {
        return Err(CoreError::Invalid(format!("the review of deliverable '{title}' is already {to}")));
    }
    check_transition("a deliverable's review", from, to, REVIEW_FLOW)?;
    if from == ReviewStatus::Accepted {
        refuse_if_signed_off(s, &obj, &title, "reopening its review")?;
    }
    s.tx.put(&obj, "review", to.as_str())?;
    Ok(Applied::new(match to {
        ReviewStatus::Draft => format!("Return deliverable '{title}' to draft"),
        ReviewStatus::InReview => format!("Submit deliverable '{title}' for review"),
        ReviewStatus::ChangesRequested => format!("Request changes to deliverable '{title}'"),
        ReviewStatus::Accepted => format!("Accept deliverable '{title}'"),
    }))
}

fn sign_off(
    s: &mut Scope<'_>,
    id: &DeliverableId,
    by: &str,
    member: Option<MemberId>,
    note: Option<String>,
) -> Result<Applied> {
    let by = check::title("stakeholder name", by, NAME_MAX)?;
    if let Some(m) = &member {
        check::member(s, m)?;
    }
    let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if let Some(n) = &note {
        check::title("note", n, NOTE_MAX)?;
    }
    let obj = s.item(Kind::Deliverable, id.as_str())?;
    let title = get_text(&s.tx, &obj, "title");
    if let Some(so) = map_at(&s.tx, &obj, SIGNOFF) {
        return Err(CoreError::Invalid(format!(
            "deliverable '{title}' is already signed off by {}; revoke that sign-off first",
            get_text(&s.tx, &so, "by")
        )));
    }
    let review = read_choice(&s.tx, &obj, "review", ReviewStatus::Draft);
    if review != ReviewStatus::Accepted {
        return Err(CoreError::Invalid(format!(
            "deliverable '{title}' cannot be signed off while its review is {review}; the review must be accepted first"
        )));
    }
    let unmet: Vec<String> = read_criteria(&Fields::read(&s.tx, &obj))
        .into_iter()
        .filter(|c| !c.met)
        .map(|c| format!("'{}'", c.text))
        .collect();
    if !unmet.is_empty() {
        return Err(CoreError::Invalid(format!(
            "deliverable '{title}' cannot be signed off: {} acceptance criteri{} not met: {}",
            unmet.len(),
            if unmet.len() == 1 { "on is" } else { "a are" },
            unmet.join(", ")
        )));
    }
    let so = s.tx.put_object(&obj, SIGNOFF, ObjType::Map)?;
    s.tx.put(&so, "by", by.as_str())?;
    s.tx.put(&so, "at", s.now.0)?;
    doc::put_opt_str(&mut s.tx, &so, "member", member.as_ref().map(MemberId::as_str))?;
    doc::put_opt_str(&mut s.tx, &so, "note", note.as_deref())?;
    if let Some(m) = &member {
        s.touch(Kind::Member, m.as_str());
    }
    Ok(Applied::new(format!("{by} signed off '{title}'")))
}

/// One acceptance criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CriterionView {
    pub id: CriterionId,
    pub text: String,
    pub met: bool,
    pub met_at: Option<Millis>,
    pub met_by: Option<MemberId>,
    pub order: String,
}

/// A stakeholder's sign-off.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignOffView {
    /// The stakeholder's name.
    pub by: String,
    /// The stakeholder as a project member, if recorded.
    pub member: Option<MemberId>,
    pub at: Option<Millis>,
    pub note: Option<String>,
}

/// A deliverable as every view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeliverableView {
    pub id: DeliverableId,
    pub title: String,
    pub description: String,
    pub due: Option<NaiveDate>,
    pub owner: Option<MemberId>,
    pub review: ReviewStatus,
    /// Acceptance criteria in order.
    pub criteria: Vec<CriterionView>,
    pub criteria_met: usize,
    pub criteria_total: usize,
    pub signoff: Option<SignOffView>,
    /// Linked tasks.
    pub tasks: Vec<TaskId>,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

/// A deliverable's criteria in (order key, id) order.
fn read_criteria<R: ReadDoc>(f: &Fields<'_, R>) -> Vec<CriterionView> {
    let Some(map) = f.map(CRITERIA) else { return Vec::new() };
    let doc = f.doc();
    let mut out: Vec<CriterionView> = doc::child_maps(doc, &map)
        .into_iter()
        .filter_map(|(k, c)| {
            let c = Fields::read(doc, &c);
            Some(CriterionView {
                id: k.parse().ok()?,
                text: c.text("text"),
                met: c.bool("met").unwrap_or(false),
                met_at: c.i64("met_at").map(Millis),
                met_by: c.parse("met_by"),
                order: c.string("order").unwrap_or_default(),
            })
        })
        .collect();
    out.sort_by(|a, b| a.order.cmp(&b.order).then(a.id.cmp(&b.id)));
    out
}

fn read_deliverable<R: ReadDoc>(id: &str, f: &Fields<'_, R>) -> Option<DeliverableView> {
    let criteria = read_criteria(f);
    Some(DeliverableView {
        id: id.parse().ok()?,
        title: f.text("title"),
        description: f.text("description"),
        due: f.date("due"),
        owner: f.parse("owner"),
        review: f.choice("review", ReviewStatus::Draft),
        criteria_met: criteria.iter().filter(|c| c.met).count(),
        criteria_total: criteria.len(),
        criteria,
        signoff: f.map(SIGNOFF).map(|so| {
            let so = Fields::read(f.doc(), &so);
            SignOffView {
                by: so.text("by"),
                member: so.parse("member"),
                at: so.i64("at").map(Millis),
                note: so.string("note"),
            }
        }),
        tasks: parse_all(f.set("tasks")),
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Every deliverable, deleted ones included (check `deleted`), by due date (undated last), then id.
pub fn deliverables<R: ReadDoc>(doc: &R) -> Result<Vec<DeliverableView>> {
    let mut out: Vec<DeliverableView> = schema::read_items(doc, Kind::Deliverable, read_deliverable)?;
    out.sort_by(|a, b| a.due.is_none().cmp(&b.due.is_none()).then(a.due.cmp(&b.due)).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// One deliverable by id, with its criteria in order.
pub fn deliverable<R: ReadDoc>(doc: &R, id: &DeliverableId) -> Result<DeliverableView> {
    let f = schema::read_item(doc, Kind::Deliverable, id.as_str())?;
    read_deliverable(id.as_str(), &f).ok_or_else(|| CoreError::NotFound { kind: "deliverable", id: id.to_string() })
}
