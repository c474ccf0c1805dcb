//! Commands that work the same on every kind of item: soft delete, restore, and splicing the
//! text fields (descriptions, notes, log bodies, decision text) so concurrent typing merges.

use automerge::transaction::Transactable;
use automerge::{ChangeHash, ObjId, ObjType, ReadDoc, Value};
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, find_item, is_deleted};
use crate::doc::{self, get_string, get_text};
use crate::error::{CoreError, Result};
use crate::schema::Kind;

/// Generic item commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ItemCommand {
    /// Soft-deletes an item (it stays in the document, flagged, and can be restored). Deleting a
    /// task deletes its live subtree with it.
    Delete { kind: Kind, id: String },
    /// Restores a soft-deleted item (and what was deleted with it).
    Restore { kind: Kind, id: String },
    /// Splices one of an item's text fields: delete `delete` characters at `pos`, insert `insert`.
    /// Positions count Unicode scalar values.
    EditText {
        kind: Kind,
        id: String,
        field: String,
        pos: usize,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        delete: usize,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        insert: String,
        /// The document heads (hex change hashes) of the text that `pos` and `delete` count in.
        /// Without it they count in the text as it is now. An editor that shows the text as of
        /// some heads passes them, and the splice lands on the same characters even if others'
        /// edits arrived meanwhile.
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        at: Option<Vec<String>>,
    },
}

/// The text fields of each kind that are Automerge Text (edited by splice).
pub fn text_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Task | Kind::Milestone | Kind::Goal | Kind::Deliverable => &["description"],
        Kind::Meeting => &["notes"],
        Kind::Decision => &["context", "decision", "alternatives"],
        Kind::LogEntry => &["body"],
        Kind::Risk => &["description", "mitigation"],
        Kind::Issue => &["description", "resolution"],
        Kind::Request => &["description", "response"],
        _ => &[],
    }
}

/// A label for an item in summaries: its title or name field, else its id.
pub(crate) fn label<R: automerge::ReadDoc>(doc: &R, obj: &ObjId, id: &str) -> String {
    get_string(doc, obj, "title").or_else(|| get_string(doc, obj, "name")).unwrap_or_else(|| id.to_owned())
}

impl ItemCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            ItemCommand::Delete { kind, id } => delete(s, kind, &id),
            ItemCommand::Restore { kind, id } => restore(s, kind, &id),
            ItemCommand::EditText { kind, id, field, pos, delete, insert, at } => {
                let field = text_field_name(kind, &field)?;
                let obj = if kind == Kind::LogEntry {
                    let obj = crate::log::entry_obj(&s.tx, &id)?;
                    s.touch(kind, &id);
                    obj
                } else {
                    s.item(kind, &id)?
                };
                if delete == 0 && insert.is_empty() {
                    return Err(CoreError::Invalid(
                        "nothing to change: give text to insert or a count to delete".into(),
                    ));
                }
                let at = at.map(|heads| doc::parse_heads(&s.tx, &heads)).transpose()?;
                doc::splice_text_at(&mut s.tx, &obj, field, field, at.as_deref(), pos, delete, &insert)?;
                let what = if kind == Kind::LogEntry {
                    "log entry".to_owned()
                } else {
                    format!("'{}'", label(&s.tx, &obj, &id))
                };
                Ok(Applied::new(format!("Edit {field} of {what}")))
            }
        }
    }
}

/// `field` as one of `kind`'s text fields, or an error listing them.
fn text_field_name(kind: Kind, field: &str) -> Result<&'static str> {
    text_fields(kind).iter().copied().find(|f| *f == field).ok_or_else(|| {
        CoreError::Invalid(format!(
            "{} has no text field {field:?}; text fields: {}",
            kind.noun(),
            if text_fields(kind).is_empty() { "none".to_owned() } else { text_fields(kind).join(", ") }
        ))
    })
}

/// One text field of an item (see [`text_fields`]) as it is now, or as it was at `at` (document
/// heads). Empty if the item had no such text then.
pub fn text_field<R: ReadDoc>(doc: &R, kind: Kind, id: &str, field: &str, at: Option<&[ChangeHash]>) -> Result<String> {
    let field = text_field_name(kind, field)?;
    let obj = if kind == Kind::LogEntry { crate::log::entry_obj(doc, id)? } else { find_item(doc, kind, id)? };
    let value = match at {
        None => doc.get(&obj, field)?,
        Some(at) => doc.get_at(&obj, field, at)?,
    };
    Ok(match value {
        Some((Value::Object(ObjType::Text), text)) => match at {
            None => doc.text(&text)?,
            Some(at) => doc.text_at(&text, at)?,
        },
        Some((Value::Scalar(v), _)) => v.to_str().unwrap_or_default().to_owned(),
        _ => String::new(),
    })
}

fn mark(s: &mut Scope<'_>, obj: &ObjId, deleted: bool) -> Result<()> {
    if deleted {
        s.tx.put(obj, "deleted", true)?;
        s.tx.put(obj, "deleted_at", s.now.0)?;
        let by = s.author_str();
        s.tx.put(obj, "deleted_by", by)?;
    } else {
        s.tx.put(obj, "deleted", false)?;
        doc::delete_if_present(&mut s.tx, obj, "deleted_at")?;
        doc::delete_if_present(&mut s.tx, obj, "deleted_by")?;
    }
    Ok(())
}

fn delete(s: &mut Scope<'_>, kind: Kind, id: &str) -> Result<Applied> {
    match kind {
        Kind::Member => {
            return Err(CoreError::Invalid(
                "members are not deleted, so their history stays readable; mark them inactive instead".into(),
            ));
        }
        Kind::LogEntry => {
            return Err(CoreError::Invalid("the project log is append-only; add a correcting entry instead".into()));
        }
        _ => {}
    }
    let obj = s.item(kind, id)?;
    let name = label(&s.tx, &obj, id);
    mark(s, &obj, true)?;
    let mut extra = 0;
    if kind == Kind::Task {
        for sub in live_subtree(s, id)? {
            let o = s.item(Kind::Task, &sub)?;
            mark(s, &o, true)?;
            extra += 1;
        }
    }
    Ok(Applied::new(if extra > 0 {
        format!("Delete {} '{name}' and {extra} subtask(s)", kind.noun())
    } else {
        format!("Delete {} '{name}'", kind.noun())
    }))
}

fn live_subtree(s: &Scope<'_>, id: &str) -> Result<Vec<String>> {
    let all = crate::tasks::tasks(s.doc())?;
    let mut out = Vec::new();
    let mut frontier = vec![id.to_owned()];
    while let Some(p) = frontier.pop() {
        for t in all.iter().filter(|t| !t.deleted && t.parent.as_ref().is_some_and(|x| x.as_str() == p)) {
            if !out.contains(&t.id.to_string()) && t.id.as_str() != id {
                out.push(t.id.to_string());
                frontier.push(t.id.to_string());
            }
        }
    }
    Ok(out)
}

fn restore(s: &mut Scope<'_>, kind: Kind, id: &str) -> Result<Applied> {
    if kind == Kind::LogEntry || kind == Kind::Member {
        return Err(CoreError::Invalid(format!("{}s are never deleted", kind.noun())));
    }
    let obj = s.item_any(kind, id)?;
    if !is_deleted(&s.tx, &obj) {
        return Err(CoreError::Invalid(format!("{} {id} is not deleted", kind.noun())));
    }
    let when = doc::get_i64(&s.tx, &obj, "deleted_at");
    s.touch(kind, id);
    mark(s, &obj, false)?;
    let mut extra = 0;
    if kind == Kind::Task {
        // Bring back the subtasks that went with it (deleted in the same change, same instant).
        let all = crate::tasks::tasks(s.doc())?;
        let mut frontier = vec![id.to_owned()];
        while let Some(p) = frontier.pop() {
            for t in all.iter().filter(|t| t.deleted && t.parent.as_ref().is_some_and(|x| x.as_str() == p)) {
                let o = s.item_any(Kind::Task, t.id.as_str())?;
                if doc::get_i64(&s.tx, &o, "deleted_at") == when {
                    s.touch(Kind::Task, t.id.as_str());
                    mark(s, &o, false)?;
                    extra += 1;
                    frontier.push(t.id.to_string());
                }
            }
        }
    }
    let name = get_text(&s.tx, &obj, "title");
    let name = if name.is_empty() { id.to_owned() } else { name };
    Ok(Applied::new(if extra > 0 {
        format!("Restore {} '{name}' and {extra} subtask(s)", kind.noun())
    } else {
        format!("Restore {} '{name}'", kind.noun())
    }))
}

/// Finds the one item of `kind` whose id is `prefix` or starts with it, so people can type a
/// few characters of an id. Deleted items match too (they can be shown and restored).
pub fn resolve<R: automerge::ReadDoc>(doc: &R, kind: Kind, prefix: &str) -> Result<String> {
    let prefix = prefix.trim();
    if prefix.is_empty() {
        return Err(CoreError::Empty { field: "id" });
    }
    let ids: Vec<String> = if kind == Kind::LogEntry {
        crate::log::entry_ids(doc)?
    } else {
        doc::keys(doc, &crate::schema::collection(doc, kind)?)
    };
    if ids.iter().any(|id| id == prefix) {
        return Ok(prefix.to_owned());
    }
    let matches: Vec<&String> = ids.iter().filter(|id| id.starts_with(prefix)).collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(CoreError::NotFound { kind: kind.noun(), id: prefix.to_owned() }),
        many => Err(CoreError::Invalid(format!(
            "{prefix:?} matches {} {}s ({}); type more of the id",
            many.len(),
            kind.noun(),
            many.iter().take(5).map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}
