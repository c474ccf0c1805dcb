//! Small typed accessors over Automerge maps, lists and text, shared by every entity module.
//!
//! Readers are lenient about representation (a string may be a plain scalar or a Text object,
//! as JS automerge 3 writes; a number may be an int, uint or float) and strict about meaning.

use automerge::transaction::{Transactable, Transaction};
use automerge::{ChangeHash, Cursor, ObjId, ObjType, ReadDoc, ScalarValue, Value, ValueRef};
use chrono::NaiveDate;

use crate::error::{CoreError, Result};
use crate::ids::format_date;

/// The object id of the map stored under `key` in `obj`, if there is one.
pub fn map_at<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> Option<ObjId> {
    match doc.get(obj, key) {
        Ok(Some((Value::Object(ObjType::Map | ObjType::Table), id))) => Some(id),
        _ => None,
    }
}

/// The object id of the list stored under `key` in `obj`, if there is one.
pub fn list_at<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> Option<ObjId> {
    match doc.get(obj, key) {
        Ok(Some((Value::Object(ObjType::List), id))) => Some(id),
        _ => None,
    }
}

/// The object id of the Text object stored under `key`, if there is one.
pub fn text_at<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> Option<ObjId> {
    match doc.get(obj, key) {
        Ok(Some((Value::Object(ObjType::Text), id))) => Some(id),
        _ => None,
    }
}

/// Renders any value as a string: scalar strings and Text objects give their text.
pub fn value_to_string<R: ReadDoc>(doc: &R, value: &Value<'_>, id: &ObjId) -> Option<String> {
    match value {
        Value::Scalar(s) => match s.as_ref() {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        },
        Value::Object(ObjType::Text) => doc.text(id).ok(),
        Value::Object(_) => None,
    }
}

/// A string field, stored either as a scalar string or as a Text object.
pub fn get_string<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> Option<String> {
    match doc.get(obj, key) {
        Ok(Some((v, id))) => value_to_string(doc, &v, &id),
        _ => None,
    }
}

/// A string field that defaults to empty.
pub fn get_text<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> String {
    get_string(doc, obj, key).unwrap_or_default()
}

/// A signed integer field (ints, uints, whole floats, counters and timestamps are accepted).
pub fn get_i64<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> Option<i64> {
    match doc.get(obj, key) {
        Ok(Some((Value::Scalar(s), _))) => scalar_i64(s.as_ref()),
        _ => None,
    }
}

fn scalar_i64(s: &ScalarValue) -> Option<i64> {
    match s {
        ScalarValue::Int(i) => Some(*i),
        ScalarValue::Uint(u) => i64::try_from(*u).ok(),
        ScalarValue::F64(f) if f.fract() == 0.0 && f.is_finite() => Some(*f as i64),
        ScalarValue::Timestamp(t) => Some(*t),
        ScalarValue::Counter(c) => Some(i64::from(c)),
        _ => None,
    }
}

/// A number field (ints and floats are accepted).
pub fn get_f64<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> Option<f64> {
    match doc.get(obj, key) {
        Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::F64(f) => Some(*f),
            other => scalar_i64(other).map(|i| i as f64),
        },
        _ => None,
    }
}

/// A boolean field.
pub fn get_bool<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> Option<bool> {
    match doc.get(obj, key) {
        Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::Boolean(b) => Some(*b),
            _ => None,
        },
        _ => None,
    }
}

/// A date field stored as `YYYY-MM-DD`; unparsable values read as absent.
pub fn get_date<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> Option<NaiveDate> {
    get_string(doc, obj, key).and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// The keys of a map-as-set whose values are not `false`/null (sorted, as Automerge keeps them).
pub fn get_set<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> Vec<String> {
    match map_at(doc, obj, key) {
        Some(set) => set_members(doc, &set),
        None => Vec::new(),
    }
}

/// The members of the map-as-set `set`: its keys whose values are not `false`/null.
fn set_members<R: ReadDoc>(doc: &R, set: &ObjId) -> Vec<String> {
    doc.map_range(set, ..)
        .filter(|item| {
            !matches!(
                &item.value,
                automerge::ValueRef::Scalar(automerge::ScalarValueRef::Boolean(false))
                    | automerge::ValueRef::Scalar(automerge::ScalarValueRef::Null)
            )
        })
        .map(|item| item.key.to_string())
        .collect()
}

/// A field holding one of a closed set of values (a status, a role), or `default` when it is
/// missing or unknown to this version.
pub fn read_choice<R: ReadDoc, T: std::str::FromStr>(doc: &R, obj: &ObjId, key: &str, default: T) -> T {
    get_string(doc, obj, key).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Parses every string that parses as `T` (ids from a set), skipping foreign values.
pub fn parse_all<T: std::str::FromStr>(v: impl IntoIterator<Item = String>) -> Vec<T> {
    v.into_iter().filter_map(|s| s.parse().ok()).collect()
}

/// The keys of a map, in Automerge's (sorted) order.
pub fn keys<R: ReadDoc>(doc: &R, obj: &ObjId) -> Vec<String> {
    doc.keys(obj).collect()
}

/// The winning value of one key of a map, owned: a scalar, or an object with its id.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Scalar(ScalarValue),
    Object(ObjType, ObjId),
}

#[derive(Debug, Clone)]
struct Entry {
    key: String,
    value: Field,
    conflict: bool,
}

/// One map (an item, a nested part of an item, the project settings) read in a single
/// `map_range` pass.
///
/// Every `get` on an Automerge document seeks the object again, and one pass over all the keys
/// of a map costs about as much as one `get`, so readers that need several fields of a map read
/// it once with [`Fields::read`] and take the fields from here. Each key holds its winning value
/// (the one `get` returns; counters include their increments), and whether other concurrent
/// values exist. The accessors mean exactly what the free functions of this module mean
/// (`string` is [`get_string`], `set` is [`get_set`], …); Text objects are only read when a
/// string accessor asks for them, and a nested set with one more `map_range`.
pub struct Fields<'d, R> {
    doc: &'d R,
    obj: ObjId,
    entries: Vec<Entry>,
}

impl<R> std::fmt::Debug for Fields<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fields").field("obj", &self.obj).field("entries", &self.entries).finish()
    }
}

impl<'d, R: ReadDoc> Fields<'d, R> {
    /// Reads every key of the map `obj` in one pass (an object that is not a map reads as empty).
    pub fn read(doc: &'d R, obj: &ObjId) -> Self {
        let entries = doc
            .map_range(obj, ..)
            .map(|item| {
                let id = matches!(item.value, ValueRef::Object(_)).then(|| item.id());
                let conflict = item.conflict;
                let value = match (item.value, id) {
                    (ValueRef::Object(t), Some(id)) => Field::Object(t, id),
                    (v, _) => match v.into_value() {
                        Value::Scalar(s) => Field::Scalar(s.into_owned()),
                        Value::Object(_) => Field::Scalar(ScalarValue::Null),
                    },
                };
                Entry { key: item.key.into_owned(), value, conflict }
            })
            .collect();
        Fields { doc, obj: obj.clone(), entries }
    }

    /// The map that was read.
    pub fn obj(&self) -> &ObjId {
        &self.obj
    }

    /// The document it was read from.
    pub fn doc(&self) -> &'d R {
        self.doc
    }

    /// The winning value under `key`.
    pub fn get(&self, key: &str) -> Option<&Field> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    /// Every key with its winning value and whether it holds concurrent values, in Automerge's
    /// (sorted) key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Field, bool)> {
        self.entries.iter().map(|e| (e.key.as_str(), &e.value, e.conflict))
    }

    /// The keys, in Automerge's (sorted) order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.key.as_str())
    }

    /// The keys that hold more than one concurrent value (the candidates for `get_all`).
    pub fn conflicted(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().filter(|e| e.conflict).map(|e| e.key.as_str())
    }

    fn scalar(&self, key: &str) -> Option<&ScalarValue> {
        match self.get(key)? {
            Field::Scalar(s) => Some(s),
            Field::Object(..) => None,
        }
    }

    fn object(&self, key: &str, want: impl Fn(ObjType) -> bool) -> Option<ObjId> {
        match self.get(key)? {
            Field::Object(t, id) if want(*t) => Some(id.clone()),
            _ => None,
        }
    }

    /// As [`get_string`]: a scalar string, or the text of a Text object.
    pub fn string(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Field::Scalar(ScalarValue::Str(s)) => Some(s.to_string()),
            Field::Scalar(_) => None,
            Field::Object(ObjType::Text, id) => self.doc.text(id).ok(),
            Field::Object(..) => None,
        }
    }

    /// As [`get_text`]: a string field that defaults to empty.
    pub fn text(&self, key: &str) -> String {
        self.string(key).unwrap_or_default()
    }

    /// A string field parsed as `T` (an id, a status); absent or unparsable values are `None`.
    pub fn parse<T: std::str::FromStr>(&self, key: &str) -> Option<T> {
        self.string(key).and_then(|s| s.parse().ok())
    }

    /// As [`get_i64`]: ints, uints, whole finite floats, timestamps and counters.
    pub fn i64(&self, key: &str) -> Option<i64> {
        scalar_i64(self.scalar(key)?)
    }

    /// As [`get_f64`]: floats, and everything [`Fields::i64`] accepts.
    pub fn f64(&self, key: &str) -> Option<f64> {
        match self.scalar(key)? {
            ScalarValue::F64(f) => Some(*f),
            other => scalar_i64(other).map(|i| i as f64),
        }
    }

    /// As [`get_bool`].
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.scalar(key)? {
            ScalarValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// As [`get_date`]: `YYYY-MM-DD`; unparsable values read as absent.
    pub fn date(&self, key: &str) -> Option<NaiveDate> {
        self.string(key).and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
    }

    /// As [`get_set`]: the members of the map-as-set under `key` (one `map_range` of the set).
    pub fn set(&self, key: &str) -> Vec<String> {
        match self.map(key) {
            Some(set) => set_members(self.doc, &set),
            None => Vec::new(),
        }
    }

    /// As [`read_choice`]: one of a closed set of values, or `default`.
    pub fn choice<T: std::str::FromStr>(&self, key: &str, default: T) -> T {
        self.parse(key).unwrap_or(default)
    }

    /// As [`map_at`]: the map (or table) under `key`.
    pub fn map(&self, key: &str) -> Option<ObjId> {
        self.object(key, |t| matches!(t, ObjType::Map | ObjType::Table))
    }

    /// As [`list_at`]: the list under `key`.
    pub fn list(&self, key: &str) -> Option<ObjId> {
        self.object(key, |t| t == ObjType::List)
    }

    /// As [`text_at`]: the Text object under `key`.
    pub fn text_obj(&self, key: &str) -> Option<ObjId> {
        self.object(key, |t| t == ObjType::Text)
    }

    /// Whether the map carries the soft-delete flag (as `command::is_deleted`).
    pub fn is_deleted(&self) -> bool {
        self.bool("deleted") == Some(true)
    }

    /// The maps stored in this map with their keys, in key order: the items of a collection,
    /// the entries of a nested map (as `keys` followed by [`map_at`] for each key).
    pub fn maps(&self) -> impl Iterator<Item = (&str, &ObjId)> {
        self.entries.iter().filter_map(|e| match &e.value {
            Field::Object(ObjType::Map | ObjType::Table, id) => Some((e.key.as_str(), id)),
            _ => None,
        })
    }
}

/// The maps stored in the map `obj`, with their keys, in key order (one `map_range` pass).
pub fn child_maps<R: ReadDoc>(doc: &R, obj: &ObjId) -> Vec<(String, ObjId)> {
    doc.map_range(obj, ..)
        .filter(|item| matches!(item.value, ValueRef::Object(ObjType::Map | ObjType::Table)))
        .map(|item| {
            let id = item.id();
            (item.key.into_owned(), id)
        })
        .collect()
}

/// Writes a string, or removes the field when `value` is `None`.
pub fn put_opt_str(tx: &mut Transaction<'_>, obj: &ObjId, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => tx.put(obj, key, v)?,
        None => delete_if_present(tx, obj, key)?,
    }
    Ok(())
}

/// Writes a date as `YYYY-MM-DD`, or removes the field when `value` is `None`.
pub fn put_opt_date(tx: &mut Transaction<'_>, obj: &ObjId, key: &str, value: Option<NaiveDate>) -> Result<()> {
    put_opt_str(tx, obj, key, value.map(format_date).as_deref())
}

/// Writes a number, or removes the field when `value` is `None`.
pub fn put_opt_f64(tx: &mut Transaction<'_>, obj: &ObjId, key: &str, value: Option<f64>) -> Result<()> {
    match value {
        Some(v) => tx.put(obj, key, v)?,
        None => delete_if_present(tx, obj, key)?,
    }
    Ok(())
}

/// Writes an integer, or removes the field when `value` is `None`.
pub fn put_opt_i64(tx: &mut Transaction<'_>, obj: &ObjId, key: &str, value: Option<i64>) -> Result<()> {
    match value {
        Some(v) => tx.put(obj, key, v)?,
        None => delete_if_present(tx, obj, key)?,
    }
    Ok(())
}

/// Deletes `key` from `obj` only if it is set (deleting an absent key would still make an op).
pub fn delete_if_present(tx: &mut Transaction<'_>, obj: &ObjId, key: &str) -> Result<()> {
    if tx.get(obj, key)?.is_some() {
        tx.delete(obj, key)?;
    }
    Ok(())
}

/// Creates a Text object under `key` holding `initial`.
pub fn put_text(tx: &mut Transaction<'_>, obj: &ObjId, key: &str, initial: &str) -> Result<ObjId> {
    let text = tx.put_object(obj, key, ObjType::Text)?;
    if !initial.is_empty() {
        tx.splice_text(&text, 0, 0, initial)?;
    }
    Ok(text)
}

/// Creates a map-as-set under `key` containing `members`.
pub fn put_set<'a>(
    tx: &mut Transaction<'_>,
    obj: &ObjId,
    key: &str,
    members: impl IntoIterator<Item = &'a str>,
) -> Result<ObjId> {
    let set = tx.put_object(obj, key, ObjType::Map)?;
    for m in members {
        tx.put(&set, m, true)?;
    }
    Ok(set)
}

/// The map-as-set under `key`, created if missing.
pub fn ensure_set(tx: &mut Transaction<'_>, obj: &ObjId, key: &str) -> Result<ObjId> {
    match map_at(tx, obj, key) {
        Some(id) => Ok(id),
        None => Ok(tx.put_object(obj, key, ObjType::Map)?),
    }
}

/// Adds `member` to the set under `key` (no op if it is already there).
pub fn set_add(tx: &mut Transaction<'_>, obj: &ObjId, key: &str, member: &str) -> Result<()> {
    let set = ensure_set(tx, obj, key)?;
    if get_bool(tx, &set, member) != Some(true) {
        tx.put(&set, member, true)?;
    }
    Ok(())
}

/// Removes `member` from the set under `key` (no op if it is absent).
pub fn set_remove(tx: &mut Transaction<'_>, obj: &ObjId, key: &str, member: &str) -> Result<()> {
    if let Some(set) = map_at(tx, obj, key) {
        delete_if_present(tx, &set, member)?;
    }
    Ok(())
}

/// Replaces the members of a set with `members`, touching only the keys that differ,
/// so concurrent edits of other members merge.
pub fn set_replace<'a>(
    tx: &mut Transaction<'_>,
    obj: &ObjId,
    key: &str,
    members: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let want: std::collections::BTreeSet<&str> = members.into_iter().collect();
    let have = get_set(tx, obj, key);
    for old in &have {
        if !want.contains(old.as_str()) {
            set_remove(tx, obj, key, old)?;
        }
    }
    for new in want {
        if !have.iter().any(|h| h == new) {
            set_add(tx, obj, key, new)?;
        }
    }
    Ok(())
}

/// The Text object under `key`, converting a scalar string there into Text first.
pub fn ensure_text(tx: &mut Transaction<'_>, obj: &ObjId, key: &str) -> Result<ObjId> {
    if let Some(t) = text_at(tx, obj, key) {
        return Ok(t);
    }
    let old = get_string(tx, obj, key).unwrap_or_default();
    put_text(tx, obj, key, &old)
}

/// Splices a Text field: delete `delete` characters at `pos` and insert `insert` there.
/// Positions count Unicode scalar values.
pub fn splice_text(
    tx: &mut Transaction<'_>,
    obj: &ObjId,
    key: &str,
    field: &'static str,
    pos: usize,
    delete: usize,
    insert: &str,
) -> Result<()> {
    let text = ensure_text(tx, obj, key)?;
    let len = tx.length(&text);
    if pos.checked_add(delete).is_none_or(|end| end > len) {
        return Err(CoreError::SpliceOutOfRange { field, pos, delete, len });
    }
    tx.splice_text(&text, pos, delete as isize, insert)?;
    Ok(())
}

/// Reads hex change hashes (document heads) that the document must already hold.
pub fn parse_heads(doc: &impl ReadDoc, heads: &[String]) -> Result<Vec<ChangeHash>> {
    let mut out = Vec::with_capacity(heads.len());
    for h in heads {
        let hash: ChangeHash =
            h.parse().map_err(|_| CoreError::Invalid(format!("{h:?} is not a change hash (64 hexadecimal digits)")))?;
        if doc.get_change_by_hash(&hash).is_none() {
            return Err(CoreError::Invalid(format!(
                "change {h} is not in this project; read the text again and repeat the edit"
            )));
        }
        out.push(hash);
    }
    Ok(out)
}

/// Where a character (by cursor) is in the text as of `now` (`len` characters long then), if it
/// is still there. Reads go through explicit heads: automerge 0.10's shortcut for the current
/// state disagrees with its full seek on some deleted characters (a debug build asserts), while
/// the full seek is exact.
fn alive_at(
    tx: &Transaction<'_>,
    text: &ObjId,
    cursor: &Cursor,
    now: &[ChangeHash],
    len: usize,
) -> Result<Option<usize>> {
    let Ok(idx) = tx.get_cursor_position(text, cursor, Some(now)) else { return Ok(None) };
    if idx < len && tx.get_cursor(text, idx, Some(now))? == *cursor { Ok(Some(idx)) } else { Ok(None) }
}

/// Splices a Text field like [`splice_text`], with `pos` and `delete` counted in the text as of
/// `at` (document heads) when given. The splice lands on the same characters whatever others
/// changed since: the insertion goes right after the nearest character before `pos` that is
/// still in the text, and each deleted character is removed where it is now; those someone
/// already deleted stay deleted, and text typed among them meanwhile is kept.
#[allow(clippy::too_many_arguments)]
pub fn splice_text_at(
    tx: &mut Transaction<'_>,
    obj: &ObjId,
    key: &str,
    field: &'static str,
    at: Option<&[ChangeHash]>,
    pos: usize,
    delete: usize,
    insert: &str,
) -> Result<()> {
    // The heads the transaction started from: every position below is read there, before
    // anything changes, since reading cursors in a text this transaction has already edited is
    // not reliable.
    let mut now = tx.get_heads();
    now.sort();
    let Some(at) = at.filter(|at| {
        let mut then = at.to_vec();
        then.sort();
        now != then
    }) else {
        return splice_text(tx, obj, key, field, pos, delete, insert);
    };
    // The field must have been Text at `at` for positions there to mean anything.
    let Some(text) = text_at(tx, obj, key) else {
        return Err(CoreError::Invalid(format!("{field} is not an editable text yet; read it again")));
    };
    let len = tx.length_at(&text, at);
    if pos.checked_add(delete).is_none_or(|end| end > len) {
        return Err(CoreError::SpliceOutOfRange { field, pos, delete, len });
    }
    let len_now = tx.length_at(&text, &now);
    // Typing goes right after the character before the caret, or, if others deleted it, after the
    // nearest character before it that is still there.
    let mut insert_at = 0;
    for i in (0..pos).rev() {
        let before = tx.get_cursor(&text, i, Some(at))?;
        if let Some(found) = alive_at(tx, &text, &before, &now, len_now)? {
            insert_at = found + 1;
            break;
        }
    }
    let mut gone: Vec<usize> = Vec::new();
    for i in pos..pos + delete {
        let cursor = tx.get_cursor(&text, i, Some(at))?;
        if let Some(found) = alive_at(tx, &text, &cursor, &now, len_now)? {
            gone.push(found);
        }
    }
    gone.sort_unstable();
    gone.dedup();
    // The insertion point moves left by the deleted characters before it.
    let insert_at = insert_at - gone.iter().filter(|&&g| g < insert_at).count();
    // Delete from the end so earlier positions stay valid; runs of neighbours go in one splice.
    while let Some(last) = gone.pop() {
        let mut first = last;
        while gone.last().is_some_and(|&i| i + 1 == first) {
            first = gone.pop().unwrap_or(first);
        }
        tx.splice_text(&text, first, (last - first + 1) as isize, "")?;
    }
    if !insert.is_empty() {
        tx.splice_text(&text, insert_at, 0, insert)?;
    }
    Ok(())
}

/// Replaces a Text field's whole content with `new`, as a minimal splice (common prefix and
/// suffix kept), so a concurrent edit elsewhere in the text survives.
pub fn replace_text(tx: &mut Transaction<'_>, obj: &ObjId, key: &str, new: &str) -> Result<()> {
    let text = ensure_text(tx, obj, key)?;
    let old = tx.text(&text)?;
    let old_chars: Vec<char> = old.chars().collect();
    let new_chars: Vec<char> = new.chars().collect();
    let prefix = old_chars.iter().zip(&new_chars).take_while(|(a, b)| a == b).count();
    let suffix =
        old_chars[prefix..].iter().rev().zip(new_chars[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let delete = old_chars.len() - prefix - suffix;
    let insert: String = new_chars[prefix..new_chars.len() - suffix].iter().collect();
    if delete > 0 || !insert.is_empty() {
        tx.splice_text(&text, prefix, delete as isize, &insert)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{ActorId, Automerge, ROOT};

    use super::*;

    fn replica(actor: u8) -> Automerge {
        let mut doc = Automerge::new();
        doc.set_actor(ActorId::from([actor; 16].as_slice()));
        doc
    }

    /// A map holding every kind of value the readers meet, with a counter incremented on two
    /// replicas and a key written concurrently on both.
    fn sample() -> (Automerge, ObjId) {
        let mut a = replica(1);
        let mut tx = a.transaction();
        let item = tx.put_object(ROOT, "item", ObjType::Map).unwrap();
        tx.put(&item, "plain", "scalar string").unwrap();
        let text = tx.put_object(&item, "body", ObjType::Text).unwrap();
        tx.splice_text(&text, 0, 0, "text object").unwrap();
        tx.put_object(&item, "empty_text", ObjType::Text).unwrap();
        tx.put(&item, "int", -7_i64).unwrap();
        tx.put(&item, "uint", 7_u64).unwrap();
        tx.put(&item, "huge_uint", u64::MAX).unwrap();
        tx.put(&item, "whole_float", 3.0_f64).unwrap();
        tx.put(&item, "float", 2.5_f64).unwrap();
        tx.put(&item, "nan", f64::NAN).unwrap();
        tx.put(&item, "when", ScalarValue::Timestamp(1_767_603_600_000)).unwrap();
        tx.put(&item, "spent", ScalarValue::counter(10)).unwrap();
        tx.put(&item, "yes", true).unwrap();
        tx.put(&item, "no", false).unwrap();
        tx.put(&item, "null", ScalarValue::Null).unwrap();
        tx.put(&item, "due", "2026-02-03").unwrap();
        tx.put(&item, "bad_date", "soon").unwrap();
        let due_text = tx.put_object(&item, "due_text", ObjType::Text).unwrap();
        tx.splice_text(&due_text, 0, 0, "2026-03-04").unwrap();
        tx.put(&item, "status", "done").unwrap();
        tx.put(&item, "odd_status", "unheard of").unwrap();
        let set = tx.put_object(&item, "tags", ObjType::Map).unwrap();
        tx.put(&set, "b", true).unwrap();
        tx.put(&set, "a", true).unwrap();
        tx.put(&set, "gone", false).unwrap();
        tx.put(&set, "nulled", ScalarValue::Null).unwrap();
        tx.put(&set, "one", 1_i64).unwrap();
        tx.put_object(&item, "list", ObjType::List).unwrap();
        tx.put(&item, "deleted", true).unwrap();
        tx.put(&item, "contested", "base").unwrap();
        tx.commit();

        let mut b = a.fork();
        b.set_actor(ActorId::from([2; 16].as_slice()));
        let mut tx = a.transaction();
        tx.increment(&item, "spent", 5).unwrap();
        tx.put(&item, "contested", "from a").unwrap();
        tx.commit();
        let mut tx = b.transaction();
        tx.increment(&item, "spent", 20).unwrap();
        tx.increment(&item, "spent", -3).unwrap();
        tx.put(&item, "contested", 42_i64).unwrap();
        tx.commit();
        a.merge(&mut b).unwrap();
        (a, item)
    }

    const KEYS: &[&str] = &[
        "plain",
        "body",
        "empty_text",
        "int",
        "uint",
        "huge_uint",
        "whole_float",
        "float",
        "nan",
        "when",
        "spent",
        "yes",
        "no",
        "null",
        "due",
        "bad_date",
        "due_text",
        "status",
        "odd_status",
        "tags",
        "list",
        "deleted",
        "contested",
        "missing",
    ];

    #[test]
    fn every_accessor_agrees_with_its_free_function() {
        let (doc, obj) = sample();
        let f = Fields::read(&doc, &obj);
        for &k in KEYS {
            assert_eq!(f.string(k), get_string(&doc, &obj, k), "string {k}");
            assert_eq!(f.text(k), get_text(&doc, &obj, k), "text {k}");
            assert_eq!(f.i64(k), get_i64(&doc, &obj, k), "i64 {k}");
            assert_eq!(f.f64(k).map(f64::to_bits), get_f64(&doc, &obj, k).map(f64::to_bits), "f64 {k}");
            assert_eq!(f.bool(k), get_bool(&doc, &obj, k), "bool {k}");
            assert_eq!(f.date(k), get_date(&doc, &obj, k), "date {k}");
            assert_eq!(f.set(k), get_set(&doc, &obj, k), "set {k}");
            assert_eq!(f.map(k), map_at(&doc, &obj, k), "map {k}");
            assert_eq!(f.list(k), list_at(&doc, &obj, k), "list {k}");
            assert_eq!(f.text_obj(k), text_at(&doc, &obj, k), "text_obj {k}");
            let status = crate::tasks::TaskStatus::Blocked;
            assert_eq!(f.choice(k, status), read_choice(&doc, &obj, k, status), "choice {k}");
            assert_eq!(f.parse::<i64>(k), get_string(&doc, &obj, k).and_then(|s| s.parse().ok()), "parse {k}");
        }
        assert_eq!(f.is_deleted(), crate::command::is_deleted(&doc, &obj));
        assert_eq!(f.keys().collect::<Vec<_>>(), keys(&doc, &obj));
    }

    #[test]
    fn strings_come_from_scalars_and_text_objects_alike() {
        let (doc, obj) = sample();
        let f = Fields::read(&doc, &obj);
        assert_eq!(f.string("plain").as_deref(), Some("scalar string"));
        assert_eq!(f.string("body").as_deref(), Some("text object"));
        assert_eq!(f.string("empty_text").as_deref(), Some(""));
        assert_eq!(f.date("due_text"), NaiveDate::from_ymd_opt(2026, 3, 4));
        assert_eq!(f.string("int"), None);
        assert_eq!(f.string("tags"), None, "a map is not a string");
        assert_eq!(f.text("missing"), "");
        assert_eq!(f.choice("status", crate::tasks::TaskStatus::Todo), crate::tasks::TaskStatus::Done);
        assert_eq!(f.choice("odd_status", crate::tasks::TaskStatus::Todo), crate::tasks::TaskStatus::Todo);
    }

    #[test]
    fn counters_include_the_increments_of_every_replica() {
        let (doc, obj) = sample();
        let f = Fields::read(&doc, &obj);
        assert_eq!(f.i64("spent"), Some(10 + 5 + 20 - 3));
        assert_eq!(f.i64("spent"), get_i64(&doc, &obj, "spent"));
        assert_eq!(f.f64("spent"), Some(32.0));
        // Inside a transaction too, including its own increments.
        let mut doc = doc;
        let mut tx = doc.transaction();
        tx.increment(&obj, "spent", 100).unwrap();
        assert_eq!(Fields::read(&tx, &obj).i64("spent"), Some(132));
        assert_eq!(Fields::read(&tx, &obj).i64("spent"), get_i64(&tx, &obj, "spent"));
        tx.rollback();
    }

    #[test]
    fn numbers_are_read_leniently() {
        let (doc, obj) = sample();
        let f = Fields::read(&doc, &obj);
        assert_eq!(f.i64("uint"), Some(7));
        assert_eq!(f.i64("huge_uint"), None);
        assert_eq!(f.i64("whole_float"), Some(3));
        assert_eq!(f.i64("float"), None);
        assert_eq!(f.f64("float"), Some(2.5));
        assert_eq!(f.i64("nan"), None);
        assert_eq!(f.i64("when"), Some(1_767_603_600_000));
        assert_eq!(f.bool("no"), Some(false));
        assert_eq!(f.bool("int"), None);
    }

    #[test]
    fn sets_skip_false_and_null_members() {
        let (doc, obj) = sample();
        let f = Fields::read(&doc, &obj);
        assert_eq!(f.set("tags"), ["a", "b", "one"]);
        assert!(f.set("plain").is_empty());
        assert!(f.set("list").is_empty());
    }

    #[test]
    fn the_winner_of_a_conflict_is_the_value_get_returns() {
        let (doc, obj) = sample();
        let f = Fields::read(&doc, &obj);
        assert_eq!(doc.get_all(&obj, "contested").unwrap().len(), 2);
        let (winner, _) = doc.get(&obj, "contested").unwrap().unwrap();
        match (f.get("contested"), winner) {
            (Some(Field::Scalar(a)), Value::Scalar(b)) => assert_eq!(a, b.as_ref()),
            other => panic!("unexpected {other:?}"),
        }
        // Only the key with two concurrent values is flagged (increments are not values).
        assert_eq!(f.conflicted().collect::<Vec<_>>(), ["contested"]);
    }

    #[test]
    fn child_maps_are_the_maps_of_a_map() {
        let (doc, obj) = sample();
        let f = Fields::read(&doc, &obj);
        let expected: Vec<(String, ObjId)> =
            keys(&doc, &obj).into_iter().filter_map(|k| map_at(&doc, &obj, &k).map(|m| (k, m))).collect();
        assert_eq!(child_maps(&doc, &obj), expected);
        assert_eq!(f.maps().map(|(k, o)| (k.to_owned(), o.clone())).collect::<Vec<_>>(), expected);
        assert!(Fields::read(&doc, &f.list("list").unwrap()).keys().next().is_none(), "a list reads as empty");
    }
}
