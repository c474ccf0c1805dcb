//! The project log: an append-only journal of notes, progress, problems, decisions and
//! milestones. Entries are never deleted (a wrong entry is corrected by a later one); their body
//! is Automerge Text and can be spliced with `ItemCommand::EditText`.
//!
//! Entries live in the root map `log_entries`, keyed by [`entry_key`]: the entry's time as 13
//! zero-padded digits of UTC milliseconds, a dash, and its id. Automerge keeps map keys sorted,
//! so one pass over the keys lists the entries in time order without reading any of them: a
//! page of the newest entries reads only the entries on the page. Entries that members write
//! offline at the same time have different keys (their ids differ), so all of them are kept when
//! their replicas merge, in the same order on every replica.
//!
//! The map is made by the first entry written into a project. (Creating the project does not
//! make it, so that first change, and every id derived from the heads after it, is what it
//! was.) Replicas that write their first entries concurrently each make one; the root key then
//! holds two maps, readers read the entries of every one of them, and writers add to the one
//! Automerge shows.
//!
//! Builds before `log_entries` appended entries to the root list `log`, which projects still
//! get (empty) when they are created. Its entries are still read (each one, to learn its time),
//! merged into the same order, and can still be edited; nothing is appended to it any more.

use std::collections::BTreeSet;

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ROOT, ReadDoc};
use serde::{Deserialize, Serialize};

use crate::command::{Applied, ItemRef, Scope};
use crate::doc::{self, Fields, get_string, list_at, map_at};
use crate::error::{CoreError, Result};
use crate::ids::{LogEntryId, MemberId, Millis};
use crate::project::MemberNames;
use crate::schema::{Kind, LOG, LOG_ENTRIES};
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

/// The largest time an entry key can hold (13 digits of milliseconds: the year 2286).
const KEY_TIME_MAX: i64 = 9_999_999_999_999;

/// The key of a log entry in `log_entries`: its time as 13 zero-padded digits of UTC
/// milliseconds (clamped to 0..=9,999,999,999,999), a dash, and its id. Keys sort as the
/// entries' (time, id) do.
pub fn entry_key(at: Millis, id: &str) -> String {
    format!("{:013}-{id}", at.0.clamp(0, KEY_TIME_MAX))
}

/// The time and id an entry key holds, if it is one.
pub(crate) fn parse_key(key: &str) -> Option<(i64, &str)> {
    let (time, id) = (key.get(..13)?, key.get(13..)?.strip_prefix('-')?);
    if !time.bytes().all(|b| b.is_ascii_digit()) || id.is_empty() {
        return None;
    }
    Some((time.parse().ok()?, id))
}

/// Every entry of the log, in time order, with only its key read.
struct Index<'d, R> {
    doc: &'d R,
    /// (key, the entry's map), sorted by key.
    slots: Vec<(String, ObjId)>,
}

impl<'d, R: ReadDoc> Index<'d, R> {
    /// Lists the entries: the keys of every `log_entries` map (one pass each), and the entries
    /// of the legacy `log` list, whose keys are made from their time and id (read per entry).
    fn read(doc: &'d R) -> Result<Self> {
        let maps: Vec<ObjId> = doc
            .get_all(ROOT, LOG_ENTRIES)?
            .into_iter()
            .filter(|(v, _)| matches!(v, automerge::Value::Object(ObjType::Map)))
            .map(|(_, id)| id)
            .collect();
        let legacy = list_at(doc, &ROOT, LOG);
        if maps.is_empty() && legacy.is_none() {
            return Err(CoreError::Corrupt {
                path: LOG_ENTRIES.to_owned(),
                what: "the project log is missing".to_owned(),
            });
        }
        let mut slots = Vec::new();
        for map in &maps {
            slots.extend(doc::child_maps(doc, map));
        }
        let several = maps.len() > 1;
        let mut from_list = false;
        if let Some(list) = legacy {
            let entries: Vec<ObjId> = doc
                .list_range(&list, ..)
                .filter(|item| matches!(item.value, automerge::ValueRef::Object(ObjType::Map)))
                .map(|item| item.id())
                .collect();
            for obj in entries {
                let f = Fields::read(doc, &obj);
                let Some(id) = f.string("id") else { continue };
                slots.push((entry_key(Millis(f.i64("at").unwrap_or(0)), &id), obj));
                from_list = true;
            }
        }
        if several || from_list || !slots.is_sorted_by(|a, b| a.0 <= b.0) {
            slots.sort_by(|a, b| a.0.cmp(&b.0));
        }
        Ok(Index { doc, slots })
    }

    /// The map of the entry with this id.
    fn find(&self, id: &str) -> Option<&ObjId> {
        self.slots
            .iter()
            .find(|(key, obj)| match parse_key(key) {
                Some((_, key_id)) => key_id == id,
                // A key in another form: the entry's own id decides.
                None => get_string(self.doc, obj, "id").as_deref() == Some(id),
            })
            .map(|(_, obj)| obj)
    }
}

/// The map new entries go into: the `log_entries` map (the one `get` shows, if replicas created
/// two), created if the document is from before it existed.
fn entries_map(tx: &mut automerge::transaction::Transaction<'_>) -> Result<ObjId> {
    match map_at(tx, &ROOT, LOG_ENTRIES) {
        Some(m) => Ok(m),
        None => Ok(tx.put_object(ROOT, LOG_ENTRIES, ObjType::Map)?),
    }
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
    let map = entries_map(&mut s.tx)?;
    // A fresh id makes a fresh key; the check only guards against overwriting an entry.
    let (id, key) = loop {
        let id: LogEntryId = s.fresh_id(Kind::LogEntry)?;
        let key = entry_key(s.now, id.as_str());
        if s.tx.get(&map, key.as_str())?.is_none() {
            break (id, key);
        }
    };
    let entry = s.tx.put_object(&map, key, ObjType::Map)?;
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
    Index::read(doc)?.find(id).cloned().ok_or_else(|| CoreError::NotFound { kind: "log entry", id: id.to_owned() })
}

/// The ids of every log entry, in log order (one pass over the keys; legacy entries are read).
pub(crate) fn entry_ids<R: ReadDoc>(doc: &R) -> Result<Vec<String>> {
    let index = Index::read(doc)?;
    Ok(index
        .slots
        .iter()
        .filter_map(|(key, obj)| match parse_key(key) {
            Some((_, id)) => Some(id.to_owned()),
            None => get_string(doc, obj, "id"),
        })
        .collect())
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
    /// Whether the filter only asks about time, which an entry's key answers.
    fn time_only(&self) -> bool {
        self.author.is_none() && self.kind.is_none() && self.item.is_none()
    }

    /// What the key alone says about an entry: `Some(false)` if its time is outside the
    /// filter's, `Some(true)` if the filter only asks about time and the entry is inside it,
    /// `None` if the entry must be read to know. A key in another form, or whose time is at an
    /// end of the clamped range (so not the entry's exact time), says nothing.
    fn by_key(&self, key: &str) -> Option<bool> {
        let (t, id) = parse_key(key)?;
        id.parse::<LogEntryId>().ok()?;
        if self.from.is_some() || self.to.is_some() {
            if t <= 0 || t >= KEY_TIME_MAX {
                return None;
            }
            if self.from.is_some_and(|f| t < f.0) || self.to.is_some_and(|to| t >= to.0) {
                return Some(false);
            }
        }
        self.time_only().then_some(true)
    }

    /// Whether an entry matches, from its fields (the refs set is only read for an item filter).
    fn matches_fields<R: ReadDoc>(&self, f: &Fields<'_, R>) -> bool {
        let at = Millis(f.i64("at").unwrap_or(0));
        f.string("id").is_some_and(|id| id.parse::<LogEntryId>().is_ok())
            && self.author.as_ref().is_none_or(|a| f.parse::<MemberId>("author").as_ref() == Some(a))
            && self.kind.is_none_or(|k| f.parse::<LogKind>("kind").unwrap_or_default() == k)
            && self.item.as_ref().is_none_or(|r| read_refs(f).contains(r))
            && self.from.is_none_or(|from| at >= from)
            && self.to.is_none_or(|to| at < to)
    }

    /// Whether the entry in `slot` matches, reading it only when its key does not tell.
    fn matches_slot<R: ReadDoc>(&self, doc: &R, (key, obj): &(String, ObjId)) -> bool {
        match self.by_key(key) {
            Some(answer) => answer,
            None => self.matches_fields(&Fields::read(doc, obj)),
        }
    }
}

fn parse_ref(tag: &str) -> Option<ItemRef> {
    let (kind, id) = tag.split_once(':')?;
    Some(ItemRef::new(Kind::from_tag(kind)?, id))
}

/// The items an entry refers to, sorted.
fn read_refs<R: ReadDoc>(f: &Fields<'_, R>) -> Vec<ItemRef> {
    let mut refs: Vec<ItemRef> = f.set("refs").iter().filter_map(|t| parse_ref(t)).collect();
    refs.sort();
    refs
}

fn read_entry<R: ReadDoc>(f: &Fields<'_, R>, names: &MemberNames) -> Option<LogEntryView> {
    let author: Option<MemberId> = f.parse("author");
    Some(LogEntryView {
        id: f.parse("id")?,
        at: Millis(f.i64("at").unwrap_or(0)),
        author_name: author.as_ref().map(|a| names.name(a.as_str())).unwrap_or_default(),
        author,
        kind: f.parse("kind").unwrap_or_default(),
        body: f.text("body"),
        refs: read_refs(f),
    })
}

/// The log entries that match `filter`, oldest first (by time, then id). Entries appended
/// concurrently on different replicas all appear, in the same order on every replica.
pub fn log<R: ReadDoc>(doc: &R, filter: &LogFilter) -> Result<Vec<LogEntryView>> {
    let index = Index::read(doc)?;
    let names = MemberNames::read(doc);
    Ok(index
        .slots
        .iter()
        .filter_map(|(key, obj)| {
            let by_key = filter.by_key(key);
            if by_key == Some(false) {
                return None;
            }
            let f = Fields::read(doc, obj);
            if by_key.is_none() && !filter.matches_fields(&f) {
                return None;
            }
            read_entry(&f, &names)
        })
        .collect())
}

/// A page of the project log (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogPage {
    /// How many entries match in all.
    pub total: usize,
    /// Where this page starts within those.
    pub offset: usize,
    pub entries: Vec<LogEntryView>,
}

/// The entries that match `filter`, newest first (the order of [`log`] reversed), skipping
/// `offset` of them and returning at most `limit`, with how many match in all.
///
/// Without a filter (or with only a time window) no entry is read but those on the page: the
/// keys of the log say how many entries there are and which are newest. Other filters read
/// every entry's fields (not its body; the refs only for an item filter).
pub fn page<R: ReadDoc>(doc: &R, filter: &LogFilter, offset: usize, limit: usize) -> Result<LogPage> {
    let index = Index::read(doc)?;
    let matching: Vec<&(String, ObjId)> =
        index.slots.iter().rev().filter(|slot| filter.matches_slot(doc, slot)).collect();
    let names = MemberNames::read(doc);
    let entries = matching
        .iter()
        .skip(offset)
        .take(limit)
        .filter_map(|(_, obj)| read_entry(&Fields::read(doc, obj), &names))
        .collect();
    Ok(LogPage { total: matching.len(), offset, entries })
}

/// Calls `visit` with the id and body of every entry in log order (oldest first) until it
/// returns `false`; only the body of each entry is read.
pub(crate) fn for_each_body<R: ReadDoc>(doc: &R, mut visit: impl FnMut(&str, &str) -> bool) -> Result<()> {
    for (_, obj) in &Index::read(doc)?.slots {
        let f = Fields::read(doc, obj);
        let Some(id) = f.string("id").filter(|id| id.parse::<LogEntryId>().is_ok()) else { continue };
        if !visit(&id, &f.text("body")) {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{Automerge, ObjType, ROOT, ReadDoc};

    use super::*;

    #[test]
    fn keys_hold_time_then_id_and_sort_that_way() {
        assert_eq!(entry_key(Millis(1_767_603_600_000), "3kq9x2m8ab"), "1767603600000-3kq9x2m8ab");
        assert_eq!(entry_key(Millis(42), "a"), "0000000000042-a");
        assert_eq!(entry_key(Millis(-5), "a"), "0000000000000-a", "clamped");
        assert_eq!(entry_key(Millis(i64::MAX), "a"), "9999999999999-a", "clamped");
        assert_eq!(parse_key("1767603600000-3kq9x2m8ab"), Some((1_767_603_600_000, "3kq9x2m8ab")));
        assert_eq!(parse_key("1767603600000-with-dash"), Some((1_767_603_600_000, "with-dash")));
        for bad in ["", "1767603600000", "1767603600000-", "176760360000x-a", "17676036000000-a", "é"] {
            assert_eq!(parse_key(bad), None, "{bad:?}");
        }

        // Automerge lists map keys in the order the keys sort in, whatever order they were
        // written in, so a pass over the keys is (time, id) order.
        let mut entries = vec![
            (Millis(1_767_603_600_000), "b"),
            (Millis(1_767_603_600_000), "a"),
            (Millis(999_999_999_999), "z"),
            (Millis(1_767_603_600_001), "0"),
            (Millis(10_000_000_000_000), "c"),
            (Millis(0), "q"),
        ];
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        let map = tx.put_object(ROOT, LOG_ENTRIES, ObjType::Map).unwrap();
        for (at, id) in &entries {
            tx.put_object(&map, entry_key(*at, id), ObjType::Map).unwrap();
        }
        tx.commit();
        entries.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
        let listed: Vec<String> = doc.keys(&map).collect();
        let sorted: Vec<String> = entries.iter().map(|(at, id)| entry_key(*at, id)).collect();
        assert_eq!(listed, sorted);
    }
}
