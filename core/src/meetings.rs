//! Meetings: when and where, who attends, an ordered agenda, collaborative notes (Automerge
//! Text, so everyone can type at once), the decisions taken, and action items that can be
//! promoted into tasks.

use std::collections::{BTreeMap, BTreeSet};

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ReadDoc};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check, find_item};
use crate::decisions::DecisionStatus;
use crate::doc::{self, Fields, get_date, get_i64, get_set, get_string, get_text, map_at};
use crate::error::{CoreError, Result};
use crate::ids::{ActionItemId, AgendaItemId, DecisionId, MeetingId, MemberId, Millis, TaskId};
use crate::order;
use crate::schema::{self, Kind};
use crate::tasks::NewTask;
use crate::values::Edit;

const TITLE_MAX: usize = 300;
const SERIES_MAX: usize = 80;
const LOCATION_MAX: usize = 300;
const ACTION_MAX: usize = 300;
/// The longest meeting (or agenda time box) accepted, in minutes: one week.
const DURATION_MAX: i64 = 7 * 24 * 60;

/// Nested map of agenda items (`raw id → {title, order, minutes?, done}`).
const AGENDA: &str = "agenda";
/// Nested map of action items (`raw id → {text, assignee?, due?, order, task?}`).
const ACTIONS: &str = "action_items";

fn default_duration() -> i64 {
    60
}

/// A new meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewMeeting {
    pub title: String,
    /// A recurring series this meeting belongs to ("steering", "standup").
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub series: Option<String>,
    pub start: Millis,
    #[serde(default = "default_duration")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub duration_minutes: i64,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub location: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub attendees: Vec<MemberId>,
    /// Initial notes.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub notes: String,
}

/// Fields of a meeting that an update may change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct MeetingPatch {
    pub title: Option<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub series: Edit<String>,
    pub start: Option<Millis>,
    pub duration_minutes: Option<i64>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub location: Edit<String>,
    /// Replaces the notes (as a minimal splice, so concurrent typing elsewhere survives).
    pub notes: Option<String>,
}

/// Meeting commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MeetingCommand {
    Add(NewMeeting),
    Update {
        id: MeetingId,
        patch: MeetingPatch,
    },
    AddAttendee {
        id: MeetingId,
        member: MemberId,
    },
    RemoveAttendee {
        id: MeetingId,
        member: MemberId,
    },
    /// Adds an agenda item at the end, or right after `after`.
    AddAgendaItem {
        id: MeetingId,
        title: String,
        /// Time box in minutes.
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        minutes: Option<i64>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        after: Option<AgendaItemId>,
    },
    UpdateAgendaItem {
        id: MeetingId,
        item: AgendaItemId,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        title: Option<String>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        minutes: Edit<i64>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        done: Option<bool>,
    },
    /// Moves an agenda item right after `after`, or first when `after` is `None`.
    MoveAgendaItem {
        id: MeetingId,
        item: AgendaItemId,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        after: Option<AgendaItemId>,
    },
    RemoveAgendaItem {
        id: MeetingId,
        item: AgendaItemId,
    },
    /// Appends text at the end of the notes as one splice (on a new line when the notes do not
    /// end with one). Splicing anywhere else is `ItemCommand::EditText` with field "notes".
    AppendNotes {
        id: MeetingId,
        text: String,
    },
    /// Records a decision taken in this meeting (linked on both sides).
    LinkDecision {
        id: MeetingId,
        decision: DecisionId,
    },
    UnlinkDecision {
        id: MeetingId,
        decision: DecisionId,
    },
    AddActionItem {
        id: MeetingId,
        text: String,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        assignee: Option<MemberId>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        due: Option<NaiveDate>,
    },
    UpdateActionItem {
        id: MeetingId,
        item: ActionItemId,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        text: Option<String>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        assignee: Edit<MemberId>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        due: Edit<NaiveDate>,
    },
    RemoveActionItem {
        id: MeetingId,
        item: ActionItemId,
    },
    /// Turns an action item into a top-level task (title, assignee, due) and records the task
    /// on the action item. An action item is promoted once.
    PromoteActionItem {
        id: MeetingId,
        item: ActionItemId,
    },
}

impl MeetingCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            MeetingCommand::Add(m) => add_meeting(s, m),
            MeetingCommand::Update { id, patch } => update_meeting(s, &id, patch),
            MeetingCommand::AddAttendee { id, member } => {
                check::member(s, &member)?;
                let obj = s.item(Kind::Meeting, id.as_str())?;
                let name = crate::project::member_name(&s.tx, member.as_str());
                if get_set(&s.tx, &obj, "attendees").iter().any(|m| m == member.as_str()) {
                    return Err(CoreError::Invalid(format!("{name} already attends meeting {id}")));
                }
                doc::set_add(&mut s.tx, &obj, "attendees", member.as_str())?;
                s.touch(Kind::Member, member.as_str());
                Ok(Applied::new(format!("Add {name} to meeting '{}'", get_text(&s.tx, &obj, "title"))))
            }
            MeetingCommand::RemoveAttendee { id, member } => {
                let obj = s.item(Kind::Meeting, id.as_str())?;
                let name = crate::project::member_name(&s.tx, member.as_str());
                if !get_set(&s.tx, &obj, "attendees").iter().any(|m| m == member.as_str()) {
                    return Err(CoreError::Invalid(format!("{name} does not attend meeting {id}")));
                }
                doc::set_remove(&mut s.tx, &obj, "attendees", member.as_str())?;
                Ok(Applied::new(format!("Remove {name} from meeting '{}'", get_text(&s.tx, &obj, "title"))))
            }
            MeetingCommand::AddAgendaItem { id, title, minutes, after } => {
                add_agenda_item(s, &id, &title, minutes, after.as_ref())
            }
            MeetingCommand::UpdateAgendaItem { id, item, title, minutes, done } => {
                update_agenda_item(s, &id, &item, title, minutes, done)
            }
            MeetingCommand::MoveAgendaItem { id, item, after } => move_agenda_item(s, &id, &item, after.as_ref()),
            MeetingCommand::RemoveAgendaItem { id, item } => {
                let obj = s.item(Kind::Meeting, id.as_str())?;
                let (agenda, entry) = nested(s, &obj, &id, AGENDA, "agenda item", item.as_str())?;
                let title = get_text(&s.tx, &entry, "title");
                s.tx.delete(&agenda, item.as_str())?;
                Ok(Applied::new(format!(
                    "Remove agenda item '{title}' from meeting '{}'",
                    get_text(&s.tx, &obj, "title")
                )))
            }
            MeetingCommand::AppendNotes { id, text } => {
                if text.trim().is_empty() {
                    return Err(CoreError::Empty { field: "text" });
                }
                let obj = s.item(Kind::Meeting, id.as_str())?;
                let notes = doc::ensure_text(&mut s.tx, &obj, "notes")?;
                let current = s.tx.text(&notes)?;
                let len = s.tx.length(&notes);
                let insert = if current.is_empty() || current.ends_with('\n') { text } else { format!("\n{text}") };
                s.tx.splice_text(&notes, len, 0, &insert)?;
                Ok(Applied::new(format!("Add to the notes of '{}'", get_text(&s.tx, &obj, "title"))))
            }
            MeetingCommand::LinkDecision { id, decision } => {
                let dobj = s.item(Kind::Decision, decision.as_str())?;
                let obj = s.item(Kind::Meeting, id.as_str())?;
                doc::set_add(&mut s.tx, &obj, "decisions", decision.as_str())?;
                doc::set_add(&mut s.tx, &dobj, "meetings", id.as_str())?;
                Ok(Applied::new(format!(
                    "Record decision '{}' in meeting '{}'",
                    get_text(&s.tx, &dobj, "title"),
                    get_text(&s.tx, &obj, "title")
                )))
            }
            MeetingCommand::UnlinkDecision { id, decision } => {
                let obj = s.item(Kind::Meeting, id.as_str())?;
                let dobj = find_item(&s.tx, Kind::Decision, decision.as_str()).ok();
                let on_meeting = get_set(&s.tx, &obj, "decisions").iter().any(|d| d == decision.as_str());
                let on_decision =
                    dobj.as_ref().is_some_and(|o| get_set(&s.tx, o, "meetings").iter().any(|m| m == id.as_str()));
                if !on_meeting && !on_decision {
                    return Err(CoreError::Invalid(format!("decision {decision} is not linked to meeting {id}")));
                }
                doc::set_remove(&mut s.tx, &obj, "decisions", decision.as_str())?;
                if let Some(dobj) = &dobj {
                    doc::set_remove(&mut s.tx, dobj, "meetings", id.as_str())?;
                }
                s.touch(Kind::Decision, decision.as_str());
                let dtitle = dobj.map(|o| get_text(&s.tx, &o, "title")).unwrap_or_else(|| decision.to_string());
                Ok(Applied::new(format!(
                    "Unlink decision '{dtitle}' from meeting '{}'",
                    get_text(&s.tx, &obj, "title")
                )))
            }
            MeetingCommand::AddActionItem { id, text, assignee, due } => add_action_item(s, &id, &text, assignee, due),
            MeetingCommand::UpdateActionItem { id, item, text, assignee, due } => {
                update_action_item(s, &id, &item, text, assignee, due)
            }
            MeetingCommand::RemoveActionItem { id, item } => {
                let obj = s.item(Kind::Meeting, id.as_str())?;
                let (actions, entry) = nested(s, &obj, &id, ACTIONS, "action item", item.as_str())?;
                let text = get_text(&s.tx, &entry, "text");
                s.tx.delete(&actions, item.as_str())?;
                Ok(Applied::new(format!(
                    "Remove action item '{text}' from meeting '{}'",
                    get_text(&s.tx, &obj, "title")
                )))
            }
            MeetingCommand::PromoteActionItem { id, item } => promote(s, &id, &item),
        }
    }
}

fn check_series(series: &str) -> Result<Option<String>> {
    let t = series.trim();
    if t.is_empty() { Ok(None) } else { check::title("series", t, SERIES_MAX).map(Some) }
}

fn check_location(location: &str) -> Result<Option<String>> {
    let t = location.trim();
    if t.is_empty() { Ok(None) } else { check::title("location", t, LOCATION_MAX).map(Some) }
}

fn check_minutes(field: &'static str, v: i64) -> Result<i64> {
    if (1..=DURATION_MAX).contains(&v) {
        Ok(v)
    } else {
        Err(CoreError::OutOfRange { field, value: v.to_string(), min: "1".into(), max: DURATION_MAX.to_string() })
    }
}

fn add_meeting(s: &mut Scope<'_>, m: NewMeeting) -> Result<Applied> {
    let title = check::title("title", &m.title, TITLE_MAX)?;
    let series = m.series.as_deref().map(check_series).transpose()?.flatten();
    let location = m.location.as_deref().map(check_location).transpose()?.flatten();
    let duration = check_minutes("duration_minutes", m.duration_minutes)?;
    let attendees: BTreeSet<&str> = m.attendees.iter().map(MemberId::as_str).collect();
    for a in &m.attendees {
        check::member(s, a)?;
    }
    let id: MeetingId = s.fresh_id(Kind::Meeting)?;
    let obj = s.create_item(Kind::Meeting, id.as_str())?;
    s.tx.put(&obj, "title", title.as_str())?;
    doc::put_opt_str(&mut s.tx, &obj, "series", series.as_deref())?;
    s.tx.put(&obj, "start", m.start.0)?;
    s.tx.put(&obj, "duration_minutes", duration)?;
    doc::put_opt_str(&mut s.tx, &obj, "location", location.as_deref())?;
    doc::put_set(&mut s.tx, &obj, "attendees", attendees.iter().copied())?;
    s.tx.put_object(&obj, AGENDA, ObjType::Map)?;
    doc::put_text(&mut s.tx, &obj, "notes", &m.notes)?;
    doc::put_set(&mut s.tx, &obj, "decisions", std::iter::empty())?;
    s.tx.put_object(&obj, ACTIONS, ObjType::Map)?;
    Ok(Applied::created(format!("Add meeting '{title}' at {}", m.start), id.as_str()))
}

fn update_meeting(s: &mut Scope<'_>, id: &MeetingId, patch: MeetingPatch) -> Result<Applied> {
    let obj = s.item(Kind::Meeting, id.as_str())?;
    let old_title = get_text(&s.tx, &obj, "title");
    let mut changed = Vec::new();
    if let Some(t) = patch.title {
        let t = check::title("title", &t, TITLE_MAX)?;
        s.tx.put(&obj, "title", t.as_str())?;
        changed.push(format!("title to '{t}'"));
    }
    if !patch.series.is_keep() {
        let series = patch.series.resolve(None).as_deref().map(check_series).transpose()?.flatten();
        doc::put_opt_str(&mut s.tx, &obj, "series", series.as_deref())?;
        changed.push(match series {
            Some(x) => format!("series to {x}"),
            None => "series cleared".to_owned(),
        });
    }
    if let Some(start) = patch.start {
        s.tx.put(&obj, "start", start.0)?;
        changed.push(format!("start to {start}"));
    }
    if let Some(d) = patch.duration_minutes {
        let d = check_minutes("duration_minutes", d)?;
        s.tx.put(&obj, "duration_minutes", d)?;
        changed.push(format!("duration to {d} min"));
    }
    if !patch.location.is_keep() {
        let loc = patch.location.resolve(None).as_deref().map(check_location).transpose()?.flatten();
        doc::put_opt_str(&mut s.tx, &obj, "location", loc.as_deref())?;
        changed.push(match loc {
            Some(l) => format!("location to {l}"),
            None => "location cleared".to_owned(),
        });
    }
    if let Some(n) = patch.notes {
        doc::replace_text(&mut s.tx, &obj, "notes", &n)?;
        changed.push("notes".to_owned());
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update meeting '{old_title}': {}", changed.join(", "))))
}

/// The nested map `key` of a meeting (created if missing) and its entry `item`.
fn nested(s: &mut Scope<'_>, obj: &ObjId, id: &MeetingId, key: &str, noun: &str, item: &str) -> Result<(ObjId, ObjId)> {
    let map = ensure_map(s, obj, key)?;
    let entry =
        map_at(&s.tx, &map, item).ok_or_else(|| CoreError::Invalid(format!("meeting {id} has no {noun} {item}")))?;
    Ok((map, entry))
}

fn ensure_map(s: &mut Scope<'_>, obj: &ObjId, key: &str) -> Result<ObjId> {
    match map_at(&s.tx, obj, key) {
        Some(m) => Ok(m),
        None => Ok(s.tx.put_object(obj, key, ObjType::Map)?),
    }
}

/// `(id, order)` of a nested map's entries, in (order, id) order.
fn ordered<R: ReadDoc>(doc: &R, map: &ObjId) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = doc::keys(doc, map)
        .into_iter()
        .filter_map(|k| map_at(doc, map, &k).map(|e| (get_string(doc, &e, "order").unwrap_or_default(), k)))
        .map(|(order, k)| (k, order))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    out
}

/// An order key right after `after` among `entries` (ordered), or before them all when `after`
/// is `None`.
fn key_after(entries: &[(String, String)], after: Option<&str>, noun: &str, id: &MeetingId) -> Result<String> {
    Ok(match after {
        None => order::between(None, entries.first().map(|(_, o)| o.as_str())),
        Some(a) => {
            let pos = entries
                .iter()
                .position(|(k, _)| k == a)
                .ok_or_else(|| CoreError::Invalid(format!("meeting {id} has no {noun} {a}")))?;
            order::between(Some(entries[pos].1.as_str()), entries.get(pos + 1).map(|(_, o)| o.as_str()))
        }
    })
}

fn add_agenda_item(
    s: &mut Scope<'_>,
    id: &MeetingId,
    title: &str,
    minutes: Option<i64>,
    after: Option<&AgendaItemId>,
) -> Result<Applied> {
    let title = check::title("title", title, TITLE_MAX)?;
    let minutes = minutes.map(|m| check_minutes("minutes", m)).transpose()?;
    let obj = s.item(Kind::Meeting, id.as_str())?;
    let agenda = ensure_map(s, &obj, AGENDA)?;
    let entries = ordered(&s.tx, &agenda);
    let key = match after {
        None => order::after(entries.iter().map(|(_, o)| o.as_str()).max()),
        Some(a) => key_after(&entries, Some(a.as_str()), "agenda item", id)?,
    };
    let item = s.fresh_raw();
    let entry = s.tx.put_object(&agenda, item.as_str(), ObjType::Map)?;
    s.tx.put(&entry, "title", title.as_str())?;
    s.tx.put(&entry, "order", key)?;
    doc::put_opt_i64(&mut s.tx, &entry, "minutes", minutes)?;
    s.tx.put(&entry, "done", false)?;
    Ok(Applied::created(format!("Add agenda item '{title}' to meeting '{}'", get_text(&s.tx, &obj, "title")), item))
}

fn update_agenda_item(
    s: &mut Scope<'_>,
    id: &MeetingId,
    item: &AgendaItemId,
    title: Option<String>,
    minutes: Edit<i64>,
    done: Option<bool>,
) -> Result<Applied> {
    let obj = s.item(Kind::Meeting, id.as_str())?;
    let (_, entry) = nested(s, &obj, id, AGENDA, "agenda item", item.as_str())?;
    let old = get_text(&s.tx, &entry, "title");
    let mut changed = Vec::new();
    if let Some(t) = title {
        let t = check::title("title", &t, TITLE_MAX)?;
        s.tx.put(&entry, "title", t.as_str())?;
        changed.push(format!("title to '{t}'"));
    }
    if !minutes.is_keep() {
        let m = minutes.resolve(None).map(|m| check_minutes("minutes", m)).transpose()?;
        doc::put_opt_i64(&mut s.tx, &entry, "minutes", m)?;
        changed.push(match m {
            Some(m) => format!("time box to {m} min"),
            None => "time box cleared".to_owned(),
        });
    }
    if let Some(d) = done {
        s.tx.put(&entry, "done", d)?;
        changed.push(if d { "done".to_owned() } else { "not done".to_owned() });
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update agenda item '{old}': {}", changed.join(", "))))
}

fn move_agenda_item(
    s: &mut Scope<'_>,
    id: &MeetingId,
    item: &AgendaItemId,
    after: Option<&AgendaItemId>,
) -> Result<Applied> {
    if after == Some(item) {
        return Err(CoreError::Invalid(format!("agenda item {item} cannot be moved after itself")));
    }
    let obj = s.item(Kind::Meeting, id.as_str())?;
    let (agenda, entry) = nested(s, &obj, id, AGENDA, "agenda item", item.as_str())?;
    let others: Vec<(String, String)> =
        ordered(&s.tx, &agenda).into_iter().filter(|(k, _)| k != item.as_str()).collect();
    let key = key_after(&others, after.map(AgendaItemId::as_str), "agenda item", id)?;
    s.tx.put(&entry, "order", key)?;
    let title = get_text(&s.tx, &entry, "title");
    Ok(Applied::new(match after {
        None => format!("Move agenda item '{title}' to the top"),
        Some(a) => {
            let a_title = map_at(&s.tx, &agenda, a.as_str()).map(|o| get_text(&s.tx, &o, "title")).unwrap_or_default();
            format!("Move agenda item '{title}' after '{a_title}'")
        }
    }))
}

fn add_action_item(
    s: &mut Scope<'_>,
    id: &MeetingId,
    text: &str,
    assignee: Option<MemberId>,
    due: Option<NaiveDate>,
) -> Result<Applied> {
    let text = check::title("action item", text, ACTION_MAX)?;
    if let Some(a) = &assignee {
        check::member(s, a)?;
    }
    let obj = s.item(Kind::Meeting, id.as_str())?;
    let actions = ensure_map(s, &obj, ACTIONS)?;
    let last = ordered(&s.tx, &actions).into_iter().map(|(_, o)| o).max();
    let item = s.fresh_raw();
    let entry = s.tx.put_object(&actions, item.as_str(), ObjType::Map)?;
    s.tx.put(&entry, "text", text.as_str())?;
    s.tx.put(&entry, "order", order::after(last.as_deref()))?;
    doc::put_opt_str(&mut s.tx, &entry, "assignee", assignee.as_ref().map(MemberId::as_str))?;
    doc::put_opt_date(&mut s.tx, &entry, "due", due)?;
    Ok(Applied::created(format!("Add action item '{text}' to meeting '{}'", get_text(&s.tx, &obj, "title")), item))
}

fn update_action_item(
    s: &mut Scope<'_>,
    id: &MeetingId,
    item: &ActionItemId,
    text: Option<String>,
    assignee: Edit<MemberId>,
    due: Edit<NaiveDate>,
) -> Result<Applied> {
    let obj = s.item(Kind::Meeting, id.as_str())?;
    let (_, entry) = nested(s, &obj, id, ACTIONS, "action item", item.as_str())?;
    let old = get_text(&s.tx, &entry, "text");
    let mut changed = Vec::new();
    if let Some(t) = text {
        let t = check::title("action item", &t, ACTION_MAX)?;
        s.tx.put(&entry, "text", t.as_str())?;
        changed.push(format!("text to '{t}'"));
    }
    if !assignee.is_keep() {
        let a = assignee.resolve(None);
        if let Some(a) = &a {
            check::member(s, a)?;
        }
        doc::put_opt_str(&mut s.tx, &entry, "assignee", a.as_ref().map(MemberId::as_str))?;
        changed.push(match &a {
            Some(a) => format!("assignee to {}", crate::project::member_name(&s.tx, a.as_str())),
            None => "assignee cleared".to_owned(),
        });
    }
    if !due.is_keep() {
        let d = due.resolve(None);
        doc::put_opt_date(&mut s.tx, &entry, "due", d)?;
        changed.push(match d {
            Some(d) => format!("due to {d}"),
            None => "due cleared".to_owned(),
        });
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update action item '{old}': {}", changed.join(", "))))
}

/// The greatest order key among live top-level tasks (as `tasks::add_task` computes it).
fn promote(s: &mut Scope<'_>, id: &MeetingId, item: &ActionItemId) -> Result<Applied> {
    let obj = s.item(Kind::Meeting, id.as_str())?;
    let (_, entry) = nested(s, &obj, id, ACTIONS, "action item", item.as_str())?;
    if let Some(task) = get_string(&s.tx, &entry, "task") {
        return Err(CoreError::Invalid(format!("action item {item} was already promoted to task {task}")));
    }
    let title = check::title("action item", &get_text(&s.tx, &entry, "text"), TITLE_MAX)?;
    let assignee: Option<MemberId> = get_string(&s.tx, &entry, "assignee").and_then(|a| a.parse().ok());
    if let Some(a) = &assignee {
        check::member(s, a)?;
    }
    let due = get_date(&s.tx, &entry, "due");
    let meeting_title = get_text(&s.tx, &obj, "title");
    let start = get_i64(&s.tx, &obj, "start").map(Millis);
    let description = match start {
        Some(st) => format!("Action item from meeting '{meeting_title}' on {}.", st.date()),
        None => format!("Action item from meeting '{meeting_title}'."),
    };
    let new = NewTask { description, due, assignees: assignee.into_iter().collect(), ..NewTask::default() };
    let task = crate::tasks::insert_task(s, &title, &new, &[])?;
    s.tx.put(&entry, "task", task.as_str())?;
    Ok(Applied::created(format!("Promote action item '{title}' from '{meeting_title}' to a task"), task.as_str()))
}

/// One row of the meetings list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub title: String,
    pub series: Option<String>,
    pub start: Millis,
    pub duration_minutes: i64,
    pub attendee_count: usize,
    pub deleted: bool,
}

fn read_summary<R: ReadDoc>(id: &str, f: &Fields<'_, R>) -> Option<MeetingSummary> {
    Some(MeetingSummary {
        id: id.parse().ok()?,
        title: f.text("title"),
        series: f.string("series"),
        start: Millis(f.i64("start").unwrap_or(0)),
        duration_minutes: f.i64("duration_minutes").unwrap_or_else(default_duration),
        attendee_count: f.set("attendees").len(),
        deleted: f.is_deleted(),
    })
}

/// Every meeting, deleted ones included (check `deleted`), by start, then id.
pub fn meetings<R: ReadDoc>(doc: &R) -> Result<Vec<MeetingSummary>> {
    let mut out: Vec<MeetingSummary> = schema::read_items(doc, Kind::Meeting, read_summary)?;
    out.sort_by(|a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// The latest live meeting of `series` (compared ignoring case) that starts before `before`:
/// the reference point for "since the last steering meeting".
pub fn last_meeting_of<R: ReadDoc>(doc: &R, series: &str, before: Millis) -> Result<Option<MeetingSummary>> {
    let want = series.trim().to_lowercase();
    Ok(meetings(doc)?.into_iter().rfind(|m| {
        !m.deleted && m.start < before && m.series.as_deref().is_some_and(|s| s.trim().to_lowercase() == want)
    }))
}

/// An attendee with their display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attendee {
    pub id: MemberId,
    pub name: String,
}

/// One agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgendaItemView {
    pub id: AgendaItemId,
    pub title: String,
    /// Time box in minutes.
    pub minutes: Option<i64>,
    pub done: bool,
    pub order: String,
}

/// A decision recorded in a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingDecision {
    pub id: DecisionId,
    /// Its title (its id when the decision is unknown).
    pub title: String,
    pub status: Option<DecisionStatus>,
    pub deleted: bool,
}

/// One action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActionItemView {
    pub id: ActionItemId,
    pub text: String,
    pub assignee: Option<MemberId>,
    pub assignee_name: Option<String>,
    pub due: Option<NaiveDate>,
    pub order: String,
    /// The task it was promoted to.
    pub task: Option<TaskId>,
}

/// A meeting with everything in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingView {
    pub id: MeetingId,
    pub title: String,
    pub series: Option<String>,
    pub start: Millis,
    pub end: Millis,
    pub duration_minutes: i64,
    pub location: Option<String>,
    /// Attendees by name, then id.
    pub attendees: Vec<Attendee>,
    /// Agenda items in order.
    pub agenda: Vec<AgendaItemView>,
    pub notes: String,
    /// Decisions linked on either side, by id.
    pub decisions: Vec<MeetingDecision>,
    /// Action items in order.
    pub action_items: Vec<ActionItemView>,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

/// The entries of a nested map of a meeting (agenda or action items), each read in one pass,
/// with `read` given the entry's id, fields and order key; in (order key, id) order.
fn nested_entries<R: ReadDoc, T>(
    meeting: &Fields<'_, R>,
    key: &str,
    read: impl Fn(&str, &Fields<'_, R>, String) -> Option<T>,
) -> Vec<T> {
    let Some(map) = meeting.map(key) else { return Vec::new() };
    let doc = meeting.doc();
    let mut entries: Vec<(String, String, Fields<'_, R>)> = doc::child_maps(doc, &map)
        .into_iter()
        .map(|(k, obj)| {
            let f = Fields::read(doc, &obj);
            (f.string("order").unwrap_or_default(), k, f)
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    entries.into_iter().filter_map(|(order, k, f)| read(&k, &f, order)).collect()
}

/// One meeting by id, with its agenda, notes, decisions and action items.
pub fn meeting<R: ReadDoc>(doc: &R, id: &MeetingId) -> Result<MeetingView> {
    let f = schema::read_item(doc, Kind::Meeting, id.as_str())?;
    let summary =
        read_summary(id.as_str(), &f).ok_or_else(|| CoreError::NotFound { kind: "meeting", id: id.to_string() })?;

    let mut attendees: Vec<Attendee> = f
        .set("attendees")
        .into_iter()
        .filter_map(|m| {
            let name = crate::project::member_name(doc, &m);
            Some(Attendee { id: m.parse().ok()?, name })
        })
        .collect();
    attendees.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));

    let agenda = nested_entries(&f, AGENDA, |k, e, order| {
        Some(AgendaItemView {
            id: k.parse().ok()?,
            title: e.text("title"),
            minutes: e.i64("minutes"),
            done: e.bool("done").unwrap_or(false),
            order,
        })
    });

    let action_items = nested_entries(&f, ACTIONS, |k, e, order| {
        let assignee: Option<MemberId> = e.parse("assignee");
        Some(ActionItemView {
            id: k.parse().ok()?,
            text: e.text("text"),
            assignee_name: assignee.as_ref().map(|a| crate::project::member_name(doc, a.as_str())),
            assignee,
            due: e.date("due"),
            order,
            task: e.parse("task"),
        })
    });

    // Decisions linked on either side: named in this meeting's set, or naming this meeting.
    let named: BTreeSet<String> = f.set("decisions").into_iter().collect();
    let mut known: BTreeMap<String, MeetingDecision> = BTreeMap::new();
    schema::read_items(doc, Kind::Decision, |k, d| {
        let linked = named.contains(k) || d.set("meetings").iter().any(|m| m == id.as_str());
        let did: DecisionId = k.parse().ok()?;
        linked.then(|| {
            let decision =
                MeetingDecision { title: d.text("title"), status: d.parse("status"), deleted: d.is_deleted(), id: did };
            known.insert(k.to_owned(), decision);
        })
    })?;
    for k in named {
        if !known.contains_key(&k)
            && let Ok(did) = k.parse::<DecisionId>()
        {
            known.insert(k.clone(), MeetingDecision { title: k, status: None, deleted: false, id: did });
        }
    }
    let decisions = known.into_values().collect();

    Ok(MeetingView {
        id: summary.id,
        title: summary.title,
        series: summary.series,
        start: summary.start,
        end: Millis(summary.start.0.saturating_add(summary.duration_minutes.saturating_mul(60_000))),
        duration_minutes: summary.duration_minutes,
        location: f.string("location"),
        attendees,
        agenda,
        notes: f.text("notes"),
        decisions,
        action_items,
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: summary.deleted,
    })
}
