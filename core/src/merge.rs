//! Merging other replicas' changes, and what a merge leaves for the coordinator: fields that
//! hold concurrent values (the conflict inbox builds on this) and edits made to items that
//! someone else deleted.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use automerge::{Automerge, Change, ChangeHash, ObjId, ObjType, PatchAction, Prop, ROOT, ReadDoc, ScalarValue, Value};
use serde::Serialize;

use crate::command::ItemRef;
use crate::doc::{self, Field, Fields, map_at};
use crate::error::Result;
use crate::history::{self, ChangeInfo, parse_message};
use crate::ids::MemberId;
use crate::schema::{self, DEVICES, Kind, PROJECT};

/// What arrived in a merge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MergeReport {
    /// Changes that were new to this replica.
    pub new_changes: usize,
    /// Who made them: (member, display name, number of changes), most active first.
    pub authors: Vec<AuthorCount>,
    /// Items the new changes touched.
    pub items: Vec<ItemRef>,
    /// Fields holding concurrent values after the merge, among the items the new changes
    /// touched (and the project's settings).
    pub conflicts: usize,
    /// Deleted items among those the new changes touched that carry edits made concurrently
    /// with their deletion.
    pub deleted_edits: usize,
}

/// How many of the new changes one author made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuthorCount {
    pub member: Option<MemberId>,
    pub name: String,
    pub changes: usize,
}

/// Merges every change of `other` into `doc` and reports what came in.
pub fn merge(doc: &mut Automerge, other: &mut Automerge) -> Result<MergeReport> {
    let before = doc.get_heads();
    doc.merge(other)?;
    Ok(report_since(doc, &before))
}

/// Applies changes received from another replica (duplicates and already-known changes are
/// ignored; changes whose dependencies are missing wait in Automerge's queue) and reports.
pub fn apply_changes(doc: &mut Automerge, changes: Vec<Change>) -> Result<MergeReport> {
    let before = doc.get_heads();
    doc.apply_changes(changes)?;
    Ok(report_since(doc, &before))
}

/// Describes every change this document has that `before` did not.
pub fn report_since(doc: &Automerge, before: &[ChangeHash]) -> MergeReport {
    let new = history::changes_since(doc, before);
    with_foreign_items(doc, before, &new)
}

/// Like [`report_since`], leaving out the changes written by `own_actor` (hex): what other
/// replicas sent, for a replica whose own edits are interleaved with what it receives.
pub fn report_remote_since(doc: &Automerge, before: &[ChangeHash], own_actor: &str) -> MergeReport {
    let mut new = history::changes_since(doc, before);
    new.retain(|c| c.actor != own_actor);
    with_foreign_items(doc, before, &new)
}

/// Changes written by other tools (a plain automerge-repo client, say) name no items in their
/// message; for those, the items come from what the document's diff touched.
fn with_foreign_items(doc: &Automerge, before: &[ChangeHash], new: &[ChangeInfo]) -> MergeReport {
    let extra = if new.iter().any(|c| c.items.is_empty() && c.summary.is_empty()) {
        items_changed_since(doc, before)
    } else {
        BTreeSet::new()
    };
    report_with(doc, new, extra)
}

/// The items whose data changed between `before` and the document's current heads, read from
/// Automerge's diff rather than from change messages.
pub fn items_changed_since(doc: &Automerge, before: &[ChangeHash]) -> BTreeSet<ItemRef> {
    let mut out = BTreeSet::new();
    for patch in doc.diff(before, &doc.get_heads()) {
        let mut steps: Vec<(&ObjId, Prop)> = patch.path.iter().map(|(o, p)| (o, p.clone())).collect();
        if let PatchAction::PutMap { key, .. } = &patch.action {
            steps.push((&patch.obj, Prop::Map(key.clone())));
        }
        let (Some((_, Prop::Map(collection))), Some((_, second))) = (steps.first(), steps.get(1)) else { continue };
        match second {
            // A log entry: its key ends with its id (or, in another form, its map names it).
            Prop::Map(key) if collection == schema::LOG_ENTRIES => {
                let id = match crate::log::parse_key(key) {
                    Some((_, id)) => id.to_owned(),
                    None => steps
                        .get(1)
                        .and_then(|(map, _)| map_at(doc, map, key))
                        .map(|entry| doc::get_text(doc, &entry, "id"))
                        .unwrap_or_default(),
                };
                if !id.is_empty() {
                    out.insert(ItemRef::new(Kind::LogEntry, id.as_str()));
                }
            }
            Prop::Map(id) => {
                if let Some(kind) = Kind::KEYED.into_iter().find(|k| k.collection() == collection) {
                    out.insert(ItemRef::new(kind, id.as_str()));
                }
            }
            // A log entry in the list of documents from before `log_entries`: the map at that
            // list position carries its own id.
            Prop::Seq(_) if collection == schema::LOG => {
                let entry = steps.get(2).map(|(o, _)| *o).unwrap_or(&patch.obj);
                let id = doc::get_text(doc, entry, "id");
                if !id.is_empty() {
                    out.insert(ItemRef::new(Kind::LogEntry, id.as_str()));
                }
            }
            Prop::Seq(_) => {}
        }
    }
    out
}

/// Describes the given changes (who made them, which items) and the conflicts now present on
/// the items they touched. Only those items are read, so a report costs the same on a small
/// project and on a large one.
pub fn report_of(doc: &Automerge, new: &[ChangeInfo]) -> MergeReport {
    report_with(doc, new, BTreeSet::new())
}

/// [`report_of`], with `items` (found by other means) added to those the changes name.
fn report_with(doc: &Automerge, new: &[ChangeInfo], mut items: BTreeSet<ItemRef>) -> MergeReport {
    let mut by_author: BTreeMap<String, AuthorCount> = BTreeMap::new();
    for c in new {
        let key = c.author.as_ref().map(ToString::to_string).unwrap_or_else(|| c.actor.clone());
        by_author
            .entry(key)
            .or_insert_with(|| AuthorCount { member: c.author.clone(), name: c.author_name.clone(), changes: 0 })
            .changes += 1;
        items.extend(c.items.iter().cloned());
    }
    let mut authors: Vec<AuthorCount> = by_author.into_values().collect();
    authors.sort_by(|a, b| b.changes.cmp(&a.changes).then(a.name.cmp(&b.name)));
    let items: Vec<ItemRef> = items.into_iter().collect();
    if new.is_empty() {
        return MergeReport { new_changes: 0, authors, items, conflicts: 0, deleted_edits: 0 };
    }
    MergeReport {
        new_changes: new.len(),
        authors,
        conflicts: conflicts_in(doc, &items).len(),
        deleted_edits: deleted_edits_in(doc, &items).len(),
        items,
    }
}

/// One of the concurrent values of a conflicted field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictValue {
    /// The value as JSON (text objects as their text). Always a scalar: other objects are
    /// written as a string like `"<map>"` (see `to_json`).
    #[cfg_attr(feature = "ts", ts(type = "string | number | boolean | null"))]
    pub value: serde_json::Value,
    /// The value for people: member ids shown as names.
    pub display: String,
    /// The change that wrote it (author and time).
    pub change: Option<ChangeInfo>,
    /// Whether Automerge currently shows this value (the deterministic winner).
    pub current: bool,
}

/// A field that holds more than one concurrent value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Conflict {
    /// The item, or `None` for the project's own settings.
    pub item: Option<ItemRef>,
    /// The item's title or name.
    pub label: String,
    /// The field, with nested keys joined by '/': `status`, `criteria/k3/met`.
    pub field: String,
    pub values: Vec<ConflictValue>,
}

/// Bookkeeping fields that are written as a side effect; a conflict there is not news.
const QUIET: &[&str] = &["created_at", "created_by", "deleted_at", "deleted_by", "done_at"];

/// How deep nested maps (agenda items, criteria, sets) are searched.
const MAX_DEPTH: usize = 2;

/// Every field in the project that holds concurrent values, item by item in a stable order.
///
/// Each map is read in one pass; only the keys that pass flags as holding concurrent values are
/// read again with `get_all`.
pub fn conflicts(doc: &Automerge) -> Vec<Conflict> {
    conflicts_among(doc, None)
}

/// The conflicted fields of the given items only (and of the project's settings and device
/// map, which are small): what a merge report counts, without reading the whole project.
pub fn conflicts_in(doc: &Automerge, items: &[ItemRef]) -> Vec<Conflict> {
    conflicts_among(doc, Some(items))
}

/// The item maps to look at: every item of every collection, or only `scope` (those that exist).
fn item_maps(doc: &Automerge, scope: Option<&[ItemRef]>) -> Vec<(Kind, String, ObjId)> {
    match scope {
        None => Kind::KEYED
            .into_iter()
            .filter_map(|kind| schema::collection(doc, kind).ok().map(|coll| (kind, coll)))
            .flat_map(|(kind, coll)| doc::child_maps(doc, &coll).into_iter().map(move |(id, obj)| (kind, id, obj)))
            .collect(),
        Some(items) => {
            let unique: BTreeSet<&ItemRef> = items.iter().filter(|i| Kind::KEYED.contains(&i.kind)).collect();
            unique
                .into_iter()
                .filter_map(|i| {
                    crate::command::find_item(doc, i.kind, &i.id).ok().map(|obj| (i.kind, i.id.clone(), obj))
                })
                .collect()
        }
    }
}

fn conflicts_among(doc: &Automerge, scope: Option<&[ItemRef]>) -> Vec<Conflict> {
    let mut out = Vec::new();
    if let Some(p) = map_at(doc, &ROOT, PROJECT) {
        let f = Fields::read(doc, &p);
        scan(&f, None, &|| f.text("name"), "", 0, &mut out);
    }
    if let Some(d) = map_at(doc, &ROOT, DEVICES) {
        scan(&Fields::read(doc, &d), None, &|| "devices".to_owned(), "devices/", MAX_DEPTH, &mut out);
    }
    for (kind, id, obj) in item_maps(doc, scope) {
        let f = Fields::read(doc, &obj);
        let label = || f.string("title").or_else(|| f.string("name")).unwrap_or_else(|| id.clone());
        scan(&f, Some(ItemRef::new(kind, id.as_str())), &label, "", 0, &mut out);
    }
    out
}

/// Adds the conflicted keys of the map `f` (and of the maps nested in it, down to
/// [`MAX_DEPTH`]) to `out`; `label` names the item, and is only called when there is a conflict.
fn scan(
    f: &Fields<'_, Automerge>,
    item: Option<ItemRef>,
    label: &dyn Fn() -> String,
    prefix: &str,
    depth: usize,
    out: &mut Vec<Conflict>,
) {
    let doc = f.doc();
    for (key, value, conflicted) in f.iter() {
        if depth == 0 && QUIET.contains(&key) {
            continue;
        }
        if conflicted {
            let all = doc.get_all(f.obj(), key).unwrap_or_default();
            if all.len() > 1 && !all_equal_scalars(&all) {
                let current = doc.get(f.obj(), key).ok().flatten().map(|(_, id)| id);
                let values = all
                    .iter()
                    .map(|(v, id)| {
                        let value = to_json(doc, v, id);
                        ConflictValue {
                            display: display(doc, &value),
                            value,
                            change: history::origin(doc, id),
                            current: current.as_ref() == Some(id),
                        }
                    })
                    .collect();
                out.push(Conflict { item: item.clone(), label: label(), field: format!("{prefix}{key}"), values });
            }
        }
        if depth < MAX_DEPTH
            && let Field::Object(ObjType::Map | ObjType::Table, child) = value
        {
            scan(&Fields::read(doc, child), item.clone(), label, &format!("{prefix}{key}/"), depth + 1, out);
        }
    }
}

fn all_equal_scalars(all: &[(Value<'_>, ObjId)]) -> bool {
    let first = &all[0].0;
    all.iter().all(|(v, _)| match (v, first) {
        (Value::Scalar(a), Value::Scalar(b)) => a == b,
        _ => false,
    })
}

fn to_json(doc: &Automerge, v: &Value<'_>, id: &ObjId) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Object(ObjType::Text) => J::String(doc.text(id).unwrap_or_default()),
        Value::Object(t) => J::String(format!("<{t:?}>").to_lowercase()),
        Value::Scalar(s) => match s.as_ref() {
            ScalarValue::Str(s) => J::String(s.to_string()),
            ScalarValue::Int(i) => J::from(*i),
            ScalarValue::Uint(u) => J::from(*u),
            ScalarValue::F64(f) => J::from(*f),
            ScalarValue::Counter(c) => J::from(i64::from(c)),
            ScalarValue::Timestamp(t) => J::from(*t),
            ScalarValue::Boolean(b) => J::Bool(*b),
            ScalarValue::Null => J::Null,
            ScalarValue::Bytes(b) => J::String(format!("<{} bytes>", b.len())),
            ScalarValue::Unknown { .. } => J::String("<unknown>".into()),
        },
    }
}

fn display(doc: &Automerge, v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => {
            let is_member = schema::collection(doc, Kind::Member).ok().and_then(|c| map_at(doc, &c, s)).is_some();
            if is_member { crate::project::member_name(doc, s) } else { s.clone() }
        }
        other => other.to_string(),
    }
}

/// A deleted item that someone edited without having seen the deletion.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeletedEdit {
    pub item: ItemRef,
    pub label: String,
    /// The change that deleted it.
    pub deleted: Option<ChangeInfo>,
    /// Changes concurrent with the deletion that touched the item, by time then hash.
    pub edits: Vec<ChangeInfo>,
}

/// Every deleted item with edits concurrent to its deletion (the edits are kept in the document
/// and come back if the item is restored).
pub fn deleted_edits(doc: &Automerge) -> Vec<DeletedEdit> {
    deleted_edits_among(doc, None)
}

/// [`deleted_edits`] of the given items only: what a merge report counts.
pub fn deleted_edits_in(doc: &Automerge, items: &[ItemRef]) -> Vec<DeletedEdit> {
    deleted_edits_among(doc, Some(items))
}

fn deleted_edits_among(doc: &Automerge, scope: Option<&[ItemRef]>) -> Vec<DeletedEdit> {
    // The deleted items first (one pass per item): without any, the history need not be read.
    let mut deleted: Vec<(ItemRef, String, ChangeHash)> = Vec::new();
    for (kind, id, obj) in item_maps(doc, scope) {
        let f = Fields::read(doc, &obj);
        if !f.is_deleted() {
            continue;
        }
        let Some(deleter) = doc.get(&obj, "deleted").ok().flatten().and_then(|(_, op)| doc.hash_for_opid(&op)) else {
            continue;
        };
        let label = f.string("title").or_else(|| f.string("name")).unwrap_or_else(|| id.clone());
        deleted.push((ItemRef::new(kind, id.as_str()), label, deleter));
    }
    if deleted.is_empty() {
        return Vec::new();
    }
    let wanted: BTreeSet<&ItemRef> = deleted.iter().map(|(item, _, _)| item).collect();
    let metas = doc.get_changes_meta(&[]);
    let index: HashMap<ChangeHash, usize> = metas.iter().enumerate().map(|(i, m)| (m.hash, i)).collect();
    let mut touching: HashMap<ItemRef, Vec<usize>> = HashMap::new();
    for (i, m) in metas.iter().enumerate() {
        for item in parse_message(m.message.as_deref().unwrap_or("")).items {
            if wanted.contains(&item) {
                touching.entry(item).or_default().push(i);
            }
        }
    }
    let mut out = Vec::new();
    for (item, label, deleter) in deleted {
        let Some(&d) = index.get(&deleter) else { continue };
        let candidates: Vec<usize> =
            touching.get(&item).map(|v| v.iter().copied().filter(|&i| i != d).collect()).unwrap_or_default();
        if candidates.is_empty() {
            continue;
        }
        let (ancestors, descendants) = relatives(&metas, &index, d);
        let mut edits: Vec<ChangeInfo> = candidates
            .into_iter()
            .filter(|i| !ancestors.contains(i) && !descendants.contains(i))
            .filter_map(|i| history::change_info(doc, &metas[i].hash))
            .collect();
        // Replicas may hold the same changes in different causal orders: sort for a stable view.
        edits.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.hash.cmp(&b.hash)));
        if !edits.is_empty() {
            out.push(DeletedEdit { label, deleted: history::change_info(doc, &deleter), item, edits });
        }
    }
    out
}

/// Ancestors and descendants of change `d` (indices into the causally ordered `metas`).
fn relatives(
    metas: &[automerge::ChangeMetadata<'_>],
    index: &HashMap<ChangeHash, usize>,
    d: usize,
) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let mut ancestors = BTreeSet::new();
    let mut stack: Vec<usize> = metas[d].deps.iter().filter_map(|h| index.get(h).copied()).collect();
    while let Some(i) = stack.pop() {
        if ancestors.insert(i) {
            stack.extend(metas[i].deps.iter().filter_map(|h| index.get(h).copied()));
        }
    }
    let mut descendants = BTreeSet::new();
    for (i, m) in metas.iter().enumerate().skip(d + 1) {
        if m.deps.iter().any(|h| index.get(h).is_some_and(|j| *j == d || descendants.contains(j))) {
            descendants.insert(i);
        }
    }
    (ancestors, descendants)
}
