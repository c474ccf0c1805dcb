//! Small typed accessors over Automerge maps, lists and text, shared by every entity module.
//!
//! Readers are lenient about representation (a string may be a plain scalar or a Text object,
//! as JS automerge 3 writes; a number may be an int, uint or float) and strict about meaning.

use automerge::transaction::{Transactable, Transaction};
use automerge::{ObjId, ObjType, ReadDoc, ScalarValue, Value};
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
    let Some(set) = map_at(doc, obj, key) else {
        return Vec::new();
    };
    doc.map_range(&set, ..)
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
