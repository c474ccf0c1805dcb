//! Saved reports. The core only stores reports that the shells render (Markdown or HTML): a title,
//! the period they cover, the format and the generated content.
//!
//! The content is a generated artifact, so it is a plain string scalar (not Automerge Text): it
//! is written once when the report is saved and never merged character by character.

use automerge::ReadDoc;
use automerge::transaction::Transactable;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check};
use crate::doc::{self, Fields, get_text};
use crate::error::{CoreError, Result};
use crate::ids::{MemberId, Millis, ReportId, format_date};
use crate::schema::{self, Kind};
use crate::values::choice;

choice! {
    /// The format a report's content is written in.
    #[derive(Default)]
    ReportFormat, "format" {
        #[default]
        Markdown = "markdown",
        Html = "html",
    }
}

/// The largest content a report may have, in bytes (5 MB).
pub const CONTENT_MAX_BYTES: usize = 5 * 1024 * 1024;

const TITLE_MAX: usize = 300;

/// Report commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ReportCommand {
    /// Saves a generated report.
    Save {
        title: String,
        period_from: NaiveDate,
        period_to: NaiveDate,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        format: ReportFormat,
        content: String,
    },
    /// Renames a saved report.
    Rename { id: ReportId, title: String },
}

impl ReportCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            ReportCommand::Save { title, period_from, period_to, format, content } => {
                let title = check::title("title", &title, TITLE_MAX)?;
                check::date_order("period_from", Some(period_from), "period_to", Some(period_to))?;
                check_content(&content)?;
                let id: ReportId = s.fresh_id(Kind::Report)?;
                let obj = s.create_item(Kind::Report, id.as_str())?;
                s.tx.put(&obj, "title", title.as_str())?;
                doc::put_opt_date(&mut s.tx, &obj, "period_from", Some(period_from))?;
                doc::put_opt_date(&mut s.tx, &obj, "period_to", Some(period_to))?;
                s.tx.put(&obj, "format", format.as_str())?;
                let size = i64::try_from(content.len()).unwrap_or(i64::MAX);
                s.tx.put(&obj, "size_bytes", size)?;
                s.tx.put(&obj, "content", content)?;
                Ok(Applied::created(
                    format!(
                        "Save {format} report '{title}' for {} to {}",
                        format_date(period_from),
                        format_date(period_to)
                    ),
                    id.as_str(),
                ))
            }
            ReportCommand::Rename { id, title } => {
                let title = check::title("title", &title, TITLE_MAX)?;
                let obj = s.item(Kind::Report, id.as_str())?;
                let old = get_text(&s.tx, &obj, "title");
                if old == title {
                    return Err(CoreError::Invalid(format!("report {id} is already called '{title}'")));
                }
                s.tx.put(&obj, "title", title.as_str())?;
                Ok(Applied::new(format!("Rename report '{old}' to '{title}'")))
            }
        }
    }
}

fn check_content(content: &str) -> Result<()> {
    if content.trim().is_empty() {
        return Err(CoreError::Empty { field: "report content" });
    }
    if content.len() > CONTENT_MAX_BYTES {
        return Err(CoreError::Invalid(format!(
            "report content is {:.1} MB ({} bytes); reports are limited to 5 MB ({CONTENT_MAX_BYTES} bytes): \
             cover a shorter period or leave out sections",
            content.len() as f64 / (1024.0 * 1024.0),
            content.len()
        )));
    }
    Ok(())
}

/// A saved report without its content, as report lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportInfo {
    pub id: ReportId,
    pub title: String,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    pub format: ReportFormat,
    /// Size of the content in bytes.
    pub size_bytes: usize,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

/// A saved report with its content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportView {
    #[serde(flatten)]
    pub info: ReportInfo,
    pub content: String,
}

fn read_info<R: ReadDoc>(id: &str, f: &Fields<'_, R>) -> Option<ReportInfo> {
    let size_bytes =
        f.i64("size_bytes").and_then(|n| usize::try_from(n).ok()).unwrap_or_else(|| f.text("content").len());
    Some(ReportInfo {
        id: id.parse().ok()?,
        title: f.text("title"),
        period_from: f.date("period_from"),
        period_to: f.date("period_to"),
        format: f.parse("format").unwrap_or_default(),
        size_bytes,
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Every saved report without content, deleted ones included (check `deleted`), newest first
/// (then by id).
pub fn reports<R: ReadDoc>(doc: &R) -> Result<Vec<ReportInfo>> {
    let mut out: Vec<ReportInfo> = schema::read_items(doc, Kind::Report, read_info)?;
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// One saved report with its content.
pub fn report<R: ReadDoc>(doc: &R, id: &ReportId) -> Result<ReportView> {
    let f = schema::read_item(doc, Kind::Report, id.as_str())?;
    let info = read_info(id.as_str(), &f).ok_or_else(|| CoreError::NotFound { kind: "report", id: id.to_string() })?;
    Ok(ReportView { info, content: f.text("content") })
}
