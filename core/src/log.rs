//! The project log: an append-only journal of notes, progress, problems, decisions and
//! milestones. Entries are maps appended to the root `log` list, so entries that members write
//! offline at the same time are all kept when their replicas merge; readers sort by time.
//! Entries are never deleted (a wrong entry is corrected by a later one); their body is
//! Automerge Text and can be spliced with `ItemCommand::EditText`.

use std::collections::BTreeSet;

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ROOT, ReadDoc};
use serde::{Deserialize, Serialize};

use crate::command::{Applied, ItemRef, Scope};
use crate::doc::{self, get_i64, get_set, get_string, get_text, list_at};
use crate::error::{CoreError, Result};
use crate::ids::{LogEntryId, MemberId, Millis};
use crate::schema::{Kind, LOG};
use crate::values::choice;

choice! {
    /// What a log entry records (a note unless said otherwise).
    #[derive(Default)]
    LogKind, "kind" {
        #[default]
        Note = "note",
        Progress = "progress",
        Problem = "problem",
        Decision = "decision",
        Milestone = "milestone",
    }
}

const BODY_MAX: usize = 20_000;

/// Log commands. Entries are only ever appended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LogCommand {
    /// Appends an entry written by this device's member at the current time.
    Add {
        body: String,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        kind: LogKind,
        /// Items the entry is about; each must exist and not be deleted.
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        refs: Vec<ItemRef>,
    },
}

impl LogCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            LogCommand::Add { body, kind, refs } => add_entry(s, &body, kind, refs),
        }
    }
}

fn log_list<R: ReadDoc>(doc: &R) -> Result<ObjId> {
    list_at(doc, &ROOT, LOG)
        .ok_or_else(|| CoreError::Corrupt { path: LOG.to_owned(), what: "the project log is missing".to_owned() })
}

fn add_entry(s: &mut Scope<'_>, body: &str, kind: LogKind, refs: Vec<ItemRef>) -> Result<Applied> {
    if body.trim().is_empty() {
        return Err(CoreError::Empty { field: "body" });
    }
    let body = body.trim();
    let len = body.chars().count();
    if len > BODY_MAX {
        return Err(CoreError::TooLong { field: "body", len, max: BODY_MAX });
    }
    let refs: BTreeSet<ItemRef> = refs.into_iter().collect();
    for r in &refs {
        if r.kind == Kind::LogEntry {
            entry_obj(&s.tx, &r.id)?;
        } else {
            s.require(r.kind, &r.id)?;
        }
    }
    let list = log_list(&s.tx)?;
    let id: LogEntryId = s.fresh_id(Kind::LogEntry)?;
    let end = s.tx.length(&list);
    let entry = s.tx.insert_object(&list, end, ObjType::Map)?;
    s.tx.put(&entry, "id", id.as_str())?;
    s.tx.put(&entry, "at", s.now.0)?;
    let author = s.author_str();
    s.tx.put(&entry, "author", author)?;
    s.tx.put(&entry, "kind", kind.as_str())?;
    doc::put_text(&mut s.tx, &entry, "body", body)?;
    let tags: Vec<String> = refs.iter().map(ToString::to_string).collect();
    doc::put_set(&mut s.tx, &entry, "refs", tags.iter().map(String::as_str))?;
    s.touch(Kind::LogEntry, id.as_str());
    for r in &refs {
        s.touch(r.kind, &r.id);
    }
    Ok(Applied::created(format!("Log {kind}: {}", headline(body)), id.as_str()))
}

/// The first line of a body, shortened for a change summary.
fn headline(body: &str) -> String {
    const MAX: usize = 60;
    let line = body.lines().next().unwrap_or_default().trim();
    if line.chars().count() > MAX {
        let cut: String = line.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}

/// The map of the log entry with this id.
pub(crate) fn entry_obj<R: ReadDoc>(doc: &R, id: &str) -> Result<ObjId> {
    let list = log_list(doc)?;
    (0..doc.length(&list))
        .filter_map(|i| match doc.get(&list, i) {
            Ok(Some((automerge::Value::Object(ObjType::Map), obj))) => Some(obj),
            _ => None,
        })
        .find(|obj| get_string(doc, obj, "id").as_deref() == Some(id))
        .ok_or_else(|| CoreError::NotFound { kind: "log entry", id: id.to_owned() })
}

/// One log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogEntryView {
    pub id: LogEntryId,
    pub at: Millis,
    /// The member who wrote it (absent if the device was not mapped to a member).
    pub author: Option<MemberId>,
    /// The author's display name (empty if there is no author).
    pub author_name: String,
    pub kind: LogKind,
    pub body: String,
    /// Referenced items, sorted.
    pub refs: Vec<ItemRef>,
}

/// Which entries [`log`] returns; every condition given must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct LogFilter {
    /// Written by this member.
    pub author: Option<MemberId>,
    /// Of this kind.
    pub kind: Option<LogKind>,
    /// Referencing this item.
    pub item: Option<ItemRef>,
    /// At or after this instant.
    pub from: Option<Millis>,
    /// Strictly before this instant.
    pub to: Option<Millis>,
}

impl LogFilter {
    fn matches(&self, e: &LogEntryView) -> bool {
        self.author.as_ref().is_none_or(|a| e.author.as_ref() == Some(a))
            && self.kind.is_none_or(|k| e.kind == k)
            && self.item.as_ref().is_none_or(|r| e.refs.contains(r))
            && self.from.is_none_or(|f| e.at >= f)
            && self.to.is_none_or(|t| e.at < t)
    }
}

fn parse_ref(tag: &str) -> Option<ItemRef> {
    let (kind, id) = tag.split_once(':')?;
    Some(ItemRef::new(Kind::from_tag(kind)?, id))
}

fn read_entry<R: ReadDoc>(doc: &R, obj: &ObjId) -> Option<LogEntryView> {
    let author: Option<MemberId> = get_string(doc, obj, "author").and_then(|a| a.parse().ok());
    let mut refs: Vec<ItemRef> = get_set(doc, obj, "refs").iter().filter_map(|t| parse_ref(t)).collect();
    refs.sort();
    Some(LogEntryView {
        id: get_string(doc, obj, "id")?.parse().ok()?,
        at: Millis(get_i64(doc, obj, "at").unwrap_or(0)),
        author_name: author.as_ref().map(|a| crate::project::member_name(doc, a.as_str())).unwrap_or_default(),
        author,
        kind: get_string(doc, obj, "kind").and_then(|k| k.parse().ok()).unwrap_or_default(),
        body: get_text(doc, obj, "body"),
        refs,
    })
}

/// The log entries that match `filter`, oldest first (by time, then id). Entries appended
/// concurrently on different replicas all appear, in the same order on every replica.
pub fn log<R: ReadDoc>(doc: &R, filter: &LogFilter) -> Result<Vec<LogEntryView>> {
    let list = log_list(doc)?;
    let mut out: Vec<LogEntryView> = (0..doc.length(&list))
        .filter_map(|i| match doc.get(&list, i) {
            Ok(Some((automerge::Value::Object(ObjType::Map), obj))) => read_entry(doc, &obj),
            _ => None,
        })
        .filter(|e| filter.matches(e))
        .collect();
    out.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    Ok(out)
}
