//! The project through time: which changes make up "the project as of" a moment, the project
//! read-only at that moment, and the difference between two moments grouped by author.
//!
//! A moment is a set of heads. A time becomes the heads of every change made at or before it
//! whose dependencies are also included (a change from a clock that ran behind stays out until
//! its dependencies are in), so the result is always a state some replica could have seen.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use automerge::{Automerge, ChangeHash, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value, ValueRef};
use serde::Serialize;

use crate::command::ItemRef;
use crate::doc::map_at;
use crate::error::{CoreError, Result};
use crate::history::{self, ChangeInfo};
use crate::ids::Millis;
use crate::schema::{self, Kind, PROJECT};

mod at;
pub use at::AsOf;

/// Keys written as bookkeeping alongside real edits; a difference there is not news.
/// `order` is a sort key that moves when items are reordered, which the views show directly.
const QUIET: [&str; 4] = ["created_at", "created_by", "size_bytes", "order"];

/// What a deletion or restore writes besides the flag itself.
const DELETION: [&str; 3] = ["deleted", "deleted_at", "deleted_by"];

/// How deep nested maps (criteria, agenda items, sign-offs) are compared.
const MAX_DEPTH: usize = 3;

/// The heads of the project as it stood at `at`: every change made at or before that instant
/// (Automerge keeps whole seconds) whose dependencies are included too.
pub fn heads_at(doc: &Automerge, at: Millis) -> Vec<ChangeHash> {
    let limit = at.0.div_euclid(1000);
    let mut included: HashSet<ChangeHash> = HashSet::new();
    let mut depended: HashSet<ChangeHash> = HashSet::new();
    for m in doc.get_changes_meta(&[]) {
        if m.timestamp <= limit && m.deps.iter().all(|d| included.contains(d)) {
            included.insert(m.hash);
            depended.extend(m.deps.iter().copied());
        }
    }
    let mut heads: Vec<ChangeHash> = included.difference(&depended).copied().collect();
    heads.sort();
    heads
}

/// The change whose hash starts with `prefix` (at least 6 hex characters).
pub fn find_change(doc: &Automerge, prefix: &str) -> Result<ChangeHash> {
    let want = prefix.trim().to_ascii_lowercase();
    if want.len() < 6 || !want.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(CoreError::Invalid(format!(
            "'{prefix}' is not a change hash: give at least 6 hex characters of a hash from the history"
        )));
    }
    let mut found = doc.get_changes_meta(&[]).into_iter().filter(|m| m.hash.to_string().starts_with(&want));
    match (found.next(), found.next()) {
        (Some(m), None) => Ok(m.hash),
        (None, _) => Err(CoreError::NotFound { kind: "change", id: want }),
        (Some(_), Some(_)) => {
            Err(CoreError::Invalid(format!("change prefix {want} matches several changes; give more characters")))
        }
    }
}

/// The project read-only as of `heads`: a view of the document that every read model accepts
/// (they are generic over [`ReadDoc`]), reading through automerge's `*_at` reads. Nothing is
/// copied; fails if a head is not a change of the document.
pub fn as_of<'a>(doc: &'a Automerge, heads: &[ChangeHash]) -> Result<AsOf<'a>> {
    for h in heads {
        if doc.get_change_meta_by_hash(h).is_none() {
            return Err(CoreError::NotFound { kind: "change", id: h.to_string() });
        }
    }
    let mut heads = heads.to_vec();
    heads.sort();
    heads.dedup();
    Ok(AsOf::new(doc, heads))
}

/// The hashes of `heads` and all their ancestors.
fn ancestry(doc: &Automerge, heads: &[ChangeHash]) -> HashSet<ChangeHash> {
    let mut seen: HashSet<ChangeHash> = HashSet::new();
    let mut stack: Vec<ChangeHash> = heads.to_vec();
    while let Some(h) = stack.pop() {
        if seen.insert(h)
            && let Some(meta) = doc.get_change_meta_by_hash(&h)
        {
            stack.extend(meta.deps.iter().copied());
        }
    }
    seen
}

/// One field that differs between the two moments.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldDiff {
    /// The field, nested keys joined by '/'.
    pub field: String,
    /// The value before, for people (member ids as names); `None` when it was not set.
    pub before: Option<String>,
    /// The value after; `None` when it was removed.
    pub after: Option<String>,
    /// For text fields (descriptions, notes): what was removed and inserted, in order.
    pub text: Option<Vec<TextSpan>>,
    /// Who wrote the new value, when the value names its writer (scalars); text and sets are
    /// credited to everyone who changed the item in between.
    pub by: Option<String>,
}

/// A piece of a text diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TextSpan {
    /// `same`, `removed` or `added`.
    pub op: SpanOp,
    pub text: String,
}

/// What happened to a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SpanOp {
    Same,
    Removed,
    Added,
}

/// What happened to an item between the two moments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ItemChange {
    Created,
    Changed,
    Deleted,
    Restored,
}

/// One item's difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemDiff {
    /// The item, or `None` for the project's settings.
    pub item: Option<ItemRef>,
    pub label: String,
    pub change: ItemChange,
    /// The fields that differ (for a created item: the fields it has now).
    pub fields: Vec<FieldDiff>,
}

/// What one author did between the two moments.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuthorDiff {
    /// The member's name, or "unknown device …".
    pub author: String,
    /// Their changes in the period, oldest first.
    pub changes: Vec<ChangeInfo>,
    /// The items they created, changed, deleted or restored. An item several people changed
    /// appears under each of them, with the fields each one wrote (and its text fields under all).
    pub items: Vec<ItemDiff>,
}

/// The difference between two moments.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiffView {
    /// Changes in the later moment that the earlier one lacks.
    pub change_count: usize,
    /// By author, most changes first.
    pub authors: Vec<AuthorDiff>,
}

/// A flattened field: its display value, the op that wrote it (scalars), and its text.
#[derive(Debug, Clone, PartialEq)]
struct Flat {
    shown: String,
    /// The ops that wrote the value: the scalar's op, a set's member ops, a text's characters.
    ops: Vec<String>,
    text: bool,
}

/// Compares the project at `from` with the project at `to` (usually the current heads), grouped
/// by author. Only items named by the changes in between are compared, unless some change came
/// from another tool and names none: then every item is.
pub fn diff(doc: &Automerge, from: &[ChangeHash], to: &[ChangeHash]) -> Result<DiffView> {
    let before = as_of(doc, from)?;
    let mut metas = doc.get_changes_meta(from);
    if to == doc.get_heads().as_slice() {
        return diff_views(doc, &before, doc, metas);
    }
    let after = as_of(doc, to)?;
    let wanted = ancestry(doc, to);
    metas.retain(|m| wanted.contains(&m.hash));
    diff_views(doc, &before, &after, metas)
}

/// The diff of `before` and `after`, two views of `doc`; `metas` are the changes between them.
fn diff_views<B: ReadDoc, A: ReadDoc>(
    doc: &Automerge,
    before: &B,
    after: &A,
    metas: Vec<automerge::ChangeMetadata<'_>>,
) -> Result<DiffView> {
    let mut changes: Vec<ChangeInfo> = metas.iter().filter_map(|m| history::change_info(doc, &m.hash)).collect();
    changes.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.hash.cmp(&b.hash)));
    let scope: Option<BTreeSet<ItemRef>> = if changes.iter().all(|c| !c.items.is_empty() || !c.summary.is_empty()) {
        Some(changes.iter().flat_map(|c| c.items.iter().cloned()).collect())
    } else {
        None
    };
    // Who touched each item (by the change messages), for fields that do not name their writer.
    let mut touched_by: BTreeMap<ItemRef, BTreeSet<String>> = BTreeMap::new();
    for c in &changes {
        for i in &c.items {
            touched_by.entry(i.clone()).or_default().insert(c.author_name.clone());
        }
    }

    let mut items: Vec<(ItemDiff, BTreeSet<String>)> = Vec::new();
    // The project's settings.
    let (b, a) = (settings(before), settings(after));
    if b != a {
        let fields = compare(after, &b, &a);
        let authors = fields.iter().filter_map(|f| f.by.clone()).collect();
        let label = crate::doc::get_text(after, &map_at(after, &ROOT, PROJECT).unwrap_or(ROOT), "name");
        items.push((ItemDiff { item: None, label, change: ItemChange::Changed, fields }, authors));
    }
    let before_log = log_index(before, scope.as_ref());
    for (item, obj_after) in item_maps(after, scope.as_ref()) {
        let obj_before = locate(before, &item, &before_log);
        let a = flatten(after, &obj_after);
        let b = obj_before.as_ref().map(|o| flatten(before, o)).unwrap_or_default();
        if a == b {
            continue;
        }
        let deleted = |f: &BTreeMap<String, Flat>| f.get("deleted").is_some_and(|v| v.shown == "yes");
        let change = match (&obj_before, deleted(&b), deleted(&a)) {
            (None, _, _) => ItemChange::Created,
            (Some(_), false, true) => ItemChange::Deleted,
            (Some(_), true, false) => ItemChange::Restored,
            _ => ItemChange::Changed,
        };
        let mut fields = compare(after, &b, &a);
        match change {
            ItemChange::Deleted | ItemChange::Restored => fields.retain(|f| !DELETION.contains(&f.field.as_str())),
            // A new item's empty, zero or "no" fields are its defaults and say nothing.
            ItemChange::Created => fields.retain(|f| f.after.as_deref().is_some_and(|v| !matches!(v, "" | "0" | "no"))),
            ItemChange::Changed => {}
        }
        let mut authors: BTreeSet<String> = touched_by.get(&item).cloned().unwrap_or_default();
        authors.extend(fields.iter().filter_map(|f| f.by.clone()));
        if change != ItemChange::Changed {
            // Whoever wrote the flag (or created the map) made the item's change.
            let op = match change {
                ItemChange::Created => Some(obj_after.clone()),
                _ => after.get(&obj_after, "deleted").ok().flatten().map(|(_, id)| id),
            };
            if let Some(c) = op.as_ref().and_then(|op| history::origin(doc, op)) {
                authors.insert(c.author_name);
            }
        }
        let label = crate::items::label(after, &obj_after, &item.id);
        items.push((ItemDiff { item: Some(item), label, change, fields }, authors));
    }

    let mut by_author: BTreeMap<String, AuthorDiff> = BTreeMap::new();
    for c in &changes {
        by_author
            .entry(c.author_name.clone())
            .or_insert_with(|| AuthorDiff { author: c.author_name.clone(), changes: Vec::new(), items: Vec::new() })
            .changes
            .push(c.clone());
    }
    for (diff, authors) in items {
        for author in authors {
            let fields: Vec<FieldDiff> = diff
                .fields
                .iter()
                .filter(|f| f.by.as_deref().is_none_or(|b| b == author) || diff.change == ItemChange::Created)
                .cloned()
                .collect();
            let mut fields = fields;
            fields.dedup_by(|x, y| x.field == y.field);
            if fields.is_empty() && diff.change == ItemChange::Changed {
                continue;
            }
            by_author
                .entry(author.clone())
                .or_insert_with(|| AuthorDiff { author, changes: Vec::new(), items: Vec::new() })
                .items
                .push(ItemDiff { fields, ..diff.clone() });
        }
    }
    let mut authors: Vec<AuthorDiff> = by_author.into_values().collect();
    for a in &mut authors {
        a.items.sort_by(|x, y| x.change.cmp(&y.change).then_with(|| x.item.cmp(&y.item)));
    }
    authors.sort_by(|a, b| b.changes.len().cmp(&a.changes.len()).then_with(|| a.author.cmp(&b.author)));
    Ok(DiffView { change_count: changes.len(), authors })
}

/// The keyed items to compare (with log entries), each with its map in `doc`.
fn item_maps<R: ReadDoc>(doc: &R, scope: Option<&BTreeSet<ItemRef>>) -> Vec<(ItemRef, ObjId)> {
    match scope {
        Some(items) => {
            let log = log_index(doc, Some(items));
            items.iter().filter_map(|i| locate(doc, i, &log).map(|o| (i.clone(), o))).collect()
        }
        None => {
            let mut out = Vec::new();
            for kind in Kind::KEYED {
                if let Ok(coll) = schema::collection(doc, kind) {
                    for (id, obj) in crate::doc::child_maps(doc, &coll) {
                        out.push((ItemRef::new(kind, id), obj));
                    }
                }
            }
            if let Some(log) = map_at(doc, &ROOT, schema::LOG_ENTRIES) {
                for (key, obj) in crate::doc::child_maps(doc, &log) {
                    if let Some((_, id)) = crate::log::parse_key(&key) {
                        out.push((ItemRef::new(Kind::LogEntry, id), obj));
                    }
                }
            }
            out
        }
    }
}

/// The maps of the log entries in `doc`, by entry id (log entries are keyed by time, so finding
/// one by id is a pass over the log: made once per diff, and only when `items` names entries;
/// `None` means every item).
fn log_index<R: ReadDoc>(doc: &R, items: Option<&BTreeSet<ItemRef>>) -> HashMap<String, ObjId> {
    let wanted = items.is_none_or(|items| items.iter().any(|i| i.kind == Kind::LogEntry));
    let Some(log) = map_at(doc, &ROOT, schema::LOG_ENTRIES).filter(|_| wanted) else {
        return HashMap::new();
    };
    doc.map_range(&log, ..)
        .filter_map(|e| crate::log::parse_key(&e.key).map(|(_, id)| (id.to_owned(), e.id())))
        .collect()
}

/// The map of one item in `doc`, if it exists there (`log` is [`log_index`] of `doc`).
fn locate<R: ReadDoc>(doc: &R, item: &ItemRef, log: &HashMap<String, ObjId>) -> Option<ObjId> {
    if item.kind == Kind::LogEntry {
        return log.get(&item.id).cloned();
    }
    crate::command::find_item(doc, item.kind, &item.id).ok()
}

/// Every field of the map `obj`, nested maps flattened with '/' (a map whose values are all
/// `true` is a set and reads as its sorted members).
/// The project's settings, flattened.
fn settings<R: ReadDoc>(doc: &R) -> BTreeMap<String, Flat> {
    map_at(doc, &ROOT, PROJECT).map(|o| flatten(doc, &o)).unwrap_or_default()
}

fn flatten<R: ReadDoc>(doc: &R, obj: &ObjId) -> BTreeMap<String, Flat> {
    let mut out = BTreeMap::new();
    flatten_into(doc, obj, "", 0, &mut out);
    out
}

fn flatten_into<R: ReadDoc>(doc: &R, obj: &ObjId, prefix: &str, depth: usize, out: &mut BTreeMap<String, Flat>) {
    for item in doc.map_range(obj, ..) {
        let key = item.key.to_string();
        if depth == 0 && QUIET.contains(&key.as_str()) {
            continue;
        }
        let path = format!("{prefix}{key}");
        let id = item.id();
        match item.value {
            ValueRef::Object(ObjType::Text) => {
                let ops = doc.list_range(&id, ..).map(|c| c.id().to_string()).collect();
                out.insert(path, Flat { shown: doc.text(&id).unwrap_or_default(), ops, text: true });
            }
            ValueRef::Object(ObjType::Map | ObjType::Table) => {
                let members: Vec<(bool, String, String)> = doc
                    .map_range(&id, ..)
                    .map(|e| {
                        let (key, op) = (e.key.to_string(), e.id().to_string());
                        (matches!(e.value.into_value(), Value::Scalar(v) if *v == ScalarValue::Boolean(true)), key, op)
                    })
                    .collect();
                if !members.is_empty() && members.iter().all(|(is_true, _, _)| *is_true) {
                    let names: Vec<String> =
                        members.iter().map(|(_, m, _)| crate::project::member_name(doc, m)).collect();
                    let ops = members.into_iter().map(|(_, _, op)| op).collect();
                    out.insert(path, Flat { shown: names.join(", "), ops, text: false });
                } else if depth < MAX_DEPTH {
                    flatten_into(doc, &id, &format!("{path}/"), depth + 1, out);
                }
            }
            ValueRef::Object(_) => {}
            scalar => {
                let Value::Scalar(s) = scalar.into_value() else { continue };
                let shown = match s.as_ref() {
                    ScalarValue::Str(v) => crate::project::member_name(doc, v),
                    ScalarValue::F64(f) => serde_json::Value::from(*f).to_string(),
                    ScalarValue::Boolean(b) => if *b { "yes" } else { "no" }.to_owned(),
                    ScalarValue::Null => "none".to_owned(),
                    ScalarValue::Counter(c) => i64::from(c).to_string(),
                    other => other.to_string(),
                };
                out.insert(path, Flat { shown, ops: vec![id.to_string()], text: false });
            }
        }
    }
}

/// The fields that differ between two flattened maps, in key order. A field's writers are the
/// authors of the ops that are new in `after`: the scalar's op, the set members added, the
/// characters typed. When none are new (a set member or text removed), `by` stays empty.
fn compare<R: ReadDoc>(
    after_doc: &R,
    before: &BTreeMap<String, Flat>,
    after: &BTreeMap<String, Flat>,
) -> Vec<FieldDiff> {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (b, a) = (before.get(key), after.get(key));
        if b.map(|f| &f.shown) == a.map(|f| &f.shown) {
            continue;
        }
        let is_text = a.is_some_and(|f| f.text) || b.is_some_and(|f| f.text);
        let text = is_text.then(|| text_diff(b.map_or("", |f| f.shown.as_str()), a.map_or("", |f| f.shown.as_str())));
        let old: HashSet<&String> = b.map(|f| f.ops.iter().collect()).unwrap_or_default();
        let writers: BTreeSet<String> = a
            .map(|f| f.ops.iter().filter(|op| !old.contains(op)).filter_map(|op| op_author(after_doc, op)).collect())
            .unwrap_or_default();
        let diff = FieldDiff {
            field: key.clone(),
            before: b.map(|f| f.shown.clone()),
            after: a.map(|f| f.shown.clone()),
            text,
            by: None,
        };
        if writers.is_empty() {
            out.push(diff);
        } else {
            out.extend(writers.into_iter().map(|w| FieldDiff { by: Some(w), ..diff.clone() }));
        }
    }
    out
}

/// The author of an op given as `counter@actor`: the member the actor is mapped to.
fn op_author<R: ReadDoc>(doc: &R, op: &str) -> Option<String> {
    let (_, actor) = op.split_once('@')?;
    Some(match crate::command::member_of_actor(doc, actor) {
        Some(m) => crate::project::member_name(doc, m.as_str()),
        None => format!("unknown device {}", &actor[..actor.len().min(8)]),
    })
}

/// A readable character diff of two texts (cleaned up to whole words where it helps).
pub fn text_diff(before: &str, after: &str) -> Vec<TextSpan> {
    dissimilar::diff(before, after)
        .into_iter()
        .map(|chunk| match chunk {
            dissimilar::Chunk::Equal(t) => TextSpan { op: SpanOp::Same, text: t.to_owned() },
            dissimilar::Chunk::Delete(t) => TextSpan { op: SpanOp::Removed, text: t.to_owned() },
            dissimilar::Chunk::Insert(t) => TextSpan { op: SpanOp::Added, text: t.to_owned() },
        })
        .collect()
}

/// A text diff for a terminal: removed text in `[-…-]`, added text in `{+…+}`, and long
/// unchanged stretches shortened to their ends.
pub fn render_text_diff(spans: &[TextSpan]) -> String {
    let mut out = String::new();
    for s in spans {
        match s.op {
            SpanOp::Same => {
                let chars: Vec<char> = s.text.chars().collect();
                if chars.len() > 60 {
                    out.extend(&chars[..25]);
                    out.push_str(" … ");
                    out.extend(&chars[chars.len() - 25..]);
                } else {
                    out.push_str(&s.text);
                }
            }
            SpanOp::Removed => {
                out.push_str("[-");
                out.push_str(&s.text);
                out.push_str("-]");
            }
            SpanOp::Added => {
                out.push_str("{+");
                out.push_str(&s.text);
                out.push_str("+}");
            }
        }
    }
    out
}
