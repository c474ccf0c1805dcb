//! Change metadata: who wrote a change (via its trailer or the device map), when, its human
//! summary and the items it touched. The coordinator's history views build on this.

use automerge::{Automerge, ChangeHash, ObjId};
use serde::Serialize;

use crate::command::{ItemRef, TRAILER_AUTHOR, TRAILER_ITEMS, member_of_actor};
use crate::ids::{MemberId, Millis};
use crate::schema::Kind;

/// What a change message says, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedMessage {
    /// The first paragraph: the human summary.
    pub summary: String,
    /// The author trailer, if present.
    pub author: Option<MemberId>,
    /// The items trailer.
    pub items: Vec<ItemRef>,
}

/// Splits a change message into summary and trailers. Messages from other writers (no
/// trailers) are kept whole as the summary.
pub fn parse_message(msg: &str) -> ParsedMessage {
    let mut out = ParsedMessage::default();
    let mut summary_lines = Vec::new();
    for line in msg.lines() {
        if let Some(a) = line.strip_prefix(TRAILER_AUTHOR) {
            out.author = a.trim().parse().ok();
        } else if let Some(items) = line.strip_prefix(TRAILER_ITEMS) {
            out.items = items
                .split_whitespace()
                .filter_map(|t| {
                    let (tag, id) = t.split_once(':')?;
                    Some(ItemRef::new(Kind::from_tag(tag)?, id))
                })
                .collect();
        } else {
            summary_lines.push(line);
        }
    }
    out.summary = summary_lines.join("\n").trim().to_owned();
    out
}

/// One change as the history shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeInfo {
    /// The change hash (hex).
    pub hash: String,
    /// The writing device (actor id, hex).
    pub actor: String,
    /// The member who made it, when known.
    pub author: Option<MemberId>,
    /// The member's name, or "unknown device <actor prefix>".
    pub author_name: String,
    /// When it was made (Automerge stores whole seconds).
    pub time: Millis,
    /// The human summary.
    pub summary: String,
    /// The items it touched (from the message trailer).
    pub items: Vec<ItemRef>,
}

/// Describes the change with this hash, if the document has it.
pub fn change_info(doc: &Automerge, hash: &ChangeHash) -> Option<ChangeInfo> {
    let meta = doc.get_change_meta_by_hash(hash)?;
    let actor = meta.actor.to_hex_string();
    let parsed = parse_message(meta.message.as_deref().unwrap_or(""));
    Some(finish(doc, hash, actor, meta.timestamp, parsed))
}

fn finish(doc: &Automerge, hash: &ChangeHash, actor: String, seconds: i64, parsed: ParsedMessage) -> ChangeInfo {
    let author = parsed.author.clone().or_else(|| member_of_actor(doc, &actor));
    let author_name = match &author {
        Some(m) => crate::project::member_name(doc, m.as_str()),
        None => format!("unknown device {}", &actor[..actor.len().min(8)]),
    };
    ChangeInfo {
        hash: hash.to_string(),
        actor,
        author,
        author_name,
        time: Millis(seconds.saturating_mul(1000)),
        summary: parsed.summary,
        items: parsed.items,
    }
}

/// Every change in causal order (a change always comes after the changes it depends on).
pub fn changes(doc: &Automerge) -> Vec<ChangeInfo> {
    doc.get_changes_meta(&[])
        .into_iter()
        .map(|m| {
            let actor = m.actor.to_hex_string();
            let parsed = parse_message(m.message.as_deref().unwrap_or(""));
            finish(doc, &m.hash, actor, m.timestamp, parsed)
        })
        .collect()
}

/// One page of the history, newest first (by time, then hash): the number of changes and the
/// `limit` changes after the first `offset`. Only the page's changes are described, so a page
/// costs the same however long the history is (plus one pass over the change metadata).
pub fn page(doc: &Automerge, offset: usize, limit: usize) -> (usize, Vec<ChangeInfo>) {
    let mut metas = doc.get_changes_meta(&[]);
    let total = metas.len();
    metas.sort_unstable_by(|a, b| b.timestamp.cmp(&a.timestamp).then_with(|| b.hash.cmp(&a.hash)));
    let entries = metas
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|m| {
            let actor = m.actor.to_hex_string();
            let parsed = parse_message(m.message.as_deref().unwrap_or(""));
            finish(doc, &m.hash, actor, m.timestamp, parsed)
        })
        .collect();
    (total, entries)
}

/// The change that wrote the value or object with this id.
pub fn origin(doc: &Automerge, id: &ObjId) -> Option<ChangeInfo> {
    let hash = doc.hash_for_opid(id)?;
    change_info(doc, &hash)
}

/// Changes whose heads are not known to `heads` (everything after that moment), in causal order.
pub fn changes_since(doc: &Automerge, heads: &[ChangeHash]) -> Vec<ChangeInfo> {
    doc.get_changes_meta(heads)
        .into_iter()
        .map(|m| {
            let actor = m.actor.to_hex_string();
            let parsed = parse_message(m.message.as_deref().unwrap_or(""));
            finish(doc, &m.hash, actor, m.timestamp, parsed)
        })
        .collect()
}

/// Which changes a history view shows. Every part is optional; they combine with "and".
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct HistoryFilter {
    /// Only changes made by this member (on any of their devices).
    pub member: Option<MemberId>,
    /// Only changes that touched this item (as their messages record it; changes written by other
    /// tools name no items and are left out).
    pub item: Option<ItemRef>,
    /// Only changes made at or after this instant.
    pub from: Option<Millis>,
    /// Only changes made before this instant.
    pub to: Option<Millis>,
}

/// The changes the filter lets through, newest first (by time, then hash).
pub fn filtered(doc: &Automerge, filter: &HistoryFilter) -> Vec<ChangeInfo> {
    let mut metas = doc.get_changes_meta(&[]);
    metas.retain(|m| {
        let ms = m.timestamp.saturating_mul(1000);
        filter.from.is_none_or(|f| ms >= f.0) && filter.to.is_none_or(|t| ms < t.0)
    });
    metas.sort_unstable_by(|a, b| b.timestamp.cmp(&a.timestamp).then_with(|| b.hash.cmp(&a.hash)));
    metas
        .into_iter()
        .filter_map(|m| {
            let parsed = parse_message(m.message.as_deref().unwrap_or(""));
            if filter.item.as_ref().is_some_and(|i| !parsed.items.contains(i)) {
                return None;
            }
            let info = finish(doc, &m.hash, m.actor.to_hex_string(), m.timestamp, parsed);
            if filter.member.as_ref().is_some_and(|want| info.author.as_ref() != Some(want)) {
                return None;
            }
            Some(info)
        })
        .collect()
}

/// Changes of one author.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuthorGroup {
    pub author: Option<MemberId>,
    pub author_name: String,
    /// In the order they were given (newest first for [`filtered`]).
    pub changes: Vec<ChangeInfo>,
}

/// Groups changes by author, the most active first (then by name).
pub fn group_by_author(changes: Vec<ChangeInfo>) -> Vec<AuthorGroup> {
    let mut groups: Vec<AuthorGroup> = Vec::new();
    for c in changes {
        match groups.iter_mut().find(|g| g.author_name == c.author_name && g.author == c.author) {
            Some(g) => g.changes.push(c),
            None => groups.push(AuthorGroup {
                author: c.author.clone(),
                author_name: c.author_name.clone(),
                changes: vec![c],
            }),
        }
    }
    groups.sort_by(|a, b| b.changes.len().cmp(&a.changes.len()).then_with(|| a.author_name.cmp(&b.author_name)));
    groups
}

/// Changes of one day (UTC).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DayGroup {
    pub day: chrono::NaiveDate,
    pub changes: Vec<ChangeInfo>,
}

/// Groups changes by the UTC day they were made on, keeping their order (consecutive changes of
/// one day form one group, so newest-first input gives newest day first).
pub fn group_by_day(changes: Vec<ChangeInfo>) -> Vec<DayGroup> {
    let mut groups: Vec<DayGroup> = Vec::new();
    for c in changes {
        let day = c.time.date();
        match groups.last_mut() {
            Some(g) if g.day == day => g.changes.push(c),
            _ => groups.push(DayGroup { day, changes: vec![c] }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_the_same_slice_of_the_sorted_history() {
        let mut r = crate::testkit::Replica::with_project(1);
        for i in 0..7 {
            r.ok(crate::Command::Log(crate::log::LogCommand::Add {
                body: format!("entry {i}"),
                kind: Default::default(),
                refs: Vec::new(),
            }));
        }
        let mut all = changes(&r.doc);
        all.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| b.hash.cmp(&a.hash)));
        let (total, first) = page(&r.doc, 0, 3);
        assert_eq!(total, all.len());
        assert_eq!(first, all[..3].to_vec());
        assert_eq!(first[0].summary, "Log note: entry 6");
        let (_, rest) = page(&r.doc, 3, 100);
        assert_eq!(rest, all[3..].to_vec());
        assert!(page(&r.doc, total, 10).1.is_empty());
    }

    #[test]
    fn messages_split_into_summary_and_trailers() {
        let m = parse_message("Add task 'X'\n\ntandem-author: ab12\ntandem-items: task:t1 member:m2 bogus:z\n");
        assert_eq!(m.summary, "Add task 'X'");
        assert_eq!(m.author, Some("ab12".parse().unwrap()));
        assert_eq!(m.items, vec![ItemRef::new(Kind::Task, "t1"), ItemRef::new(Kind::Member, "m2")]);
        let foreign = parse_message("edited in the JS client");
        assert_eq!(
            (foreign.summary.as_str(), foreign.author, foreign.items.len()),
            ("edited in the JS client", None, 0)
        );
    }
}
