//! Global search: every live item whose title, name or text fields contain the query, and log
//! entries whose body does. The desktop app's search box and command palette read this.

use automerge::ReadDoc;
use serde::Serialize;

use crate::error::Result;
use crate::items::text_fields;
use crate::schema::{Kind, read_items};

/// One item that matches a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHit {
    pub kind: Kind,
    pub id: String,
    /// The item's title or name (for a log entry, the start of its body).
    pub label: String,
    /// The field that matched (`title`, `description`, `notes`, …).
    pub field: String,
    /// Up to [`SNIPPET_CHARS`] characters of that field around the first match.
    pub snippet: String,
}

/// How much of the matching text a hit shows.
pub const SNIPPET_CHARS: usize = 80;

/// Fields besides the text fields that are searched (titles and names).
const LABEL_FIELDS: [&str; 2] = ["title", "name"];

/// The live items (and log entries) matching `query`, case-insensitively, at most `limit` of
/// them: items whose label matches first, then items whose text matches, each group in the
/// order of [`Kind::KEYED`] then the log. An empty query matches nothing.
pub fn search<R: ReadDoc>(doc: &R, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let (mut by_label, mut by_text) = (Vec::new(), Vec::new());
    for kind in Kind::KEYED {
        let found = read_items(doc, kind, |id, item| {
            if item.is_deleted() {
                return None;
            }
            let label = LABEL_FIELDS.iter().find_map(|f| item.string(f)).unwrap_or_else(|| id.to_owned());
            if let Some(snippet) = snippet_of(&label, &needle) {
                return Some((true, SearchHit { kind, id: id.to_owned(), label, field: "title".to_owned(), snippet }));
            }
            text_fields(kind).iter().find_map(|field| {
                let text = item.string(field)?;
                let snippet = snippet_of(&text, &needle)?;
                Some((
                    false,
                    SearchHit { kind, id: id.to_owned(), label: label.clone(), field: (*field).to_owned(), snippet },
                ))
            })
        })?;
        for (on_label, hit) in found {
            if on_label { by_label.push(hit) } else { by_text.push(hit) }
        }
        if by_label.len() >= limit {
            break;
        }
    }
    if by_label.len() + by_text.len() < limit {
        crate::log::for_each_body(doc, |id, body| {
            if let Some(snippet) = snippet_of(body, &needle) {
                let label = body.chars().take(SNIPPET_CHARS).collect();
                by_text.push(SearchHit {
                    kind: Kind::LogEntry,
                    id: id.to_owned(),
                    label,
                    field: "body".to_owned(),
                    snippet,
                });
            }
            by_label.len() + by_text.len() < limit
        })?;
    }
    by_label.extend(by_text);
    by_label.truncate(limit);
    Ok(by_label)
}

/// The part of `text` around the first case-insensitive occurrence of `needle` (already
/// lowercase), or `None` if it does not occur.
fn snippet_of(text: &str, needle: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let pattern: Vec<char> = needle.chars().collect();
    let at = lower.windows(pattern.len()).position(|w| w == pattern.as_slice())?;
    let before = SNIPPET_CHARS.saturating_sub(pattern.len()) / 2;
    let start = at.saturating_sub(before);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let mut out: String = chars[start..end].iter().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_centre_the_match_and_ignore_case() {
        assert_eq!(snippet_of("Migrate the Billing schema", "billing").as_deref(), Some("Migrate the Billing schema"));
        assert_eq!(snippet_of("nothing here", "billing"), None);
        let long = format!("{} needle {}", "a".repeat(200), "b".repeat(200));
        let s = snippet_of(&long, "needle").expect("found");
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("needle"), "{s}");
        assert!(s.chars().count() <= SNIPPET_CHARS + 2);
    }
}
