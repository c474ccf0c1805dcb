//! Exports for people and other tools: CSV of tasks, risks, decisions and requests; an
//! iCalendar file of meetings and milestones; the whole project as JSON; and reading a task CSV
//! back as commands (checked row by row before anything is written). [`FileExport`] names each
//! export that is one file and renders its bytes; the shells write the files.

use automerge::ReadDoc;
use chrono::NaiveDate;
use icalendar::{Calendar, Component, Event, EventLike};
use serde::{Deserialize, Serialize};

use crate::Command;
use crate::error::{CoreError, Result};
use crate::ids::MemberId;
use crate::project::MemberNames;
use crate::tasks::{NewTask, TaskCommand};

fn csv_error(e: impl std::fmt::Display) -> CoreError {
    CoreError::Invalid(format!("the CSV could not be written: {e}"))
}

/// Writes a header and rows as CSV (RFC 4180 quoting).
fn write_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(csv_error)?;
    for r in rows {
        w.write_record(&r).map_err(csv_error)?;
    }
    let bytes = w.into_inner().map_err(csv_error)?;
    String::from_utf8(bytes).map_err(csv_error)
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn names<R: ReadDoc>(doc: &R) -> MemberNames {
    MemberNames::read(doc)
}

/// The live tasks as CSV, in plan order.
pub fn tasks_csv<R: ReadDoc>(doc: &R) -> Result<String> {
    let n = names(doc);
    let milestones: std::collections::HashMap<String, String> =
        crate::milestones::milestones(doc)?.into_iter().map(|m| (m.id.to_string(), m.title)).collect();
    let rows = crate::tasks::tasks(doc)?.into_iter().filter(|t| !t.deleted).map(|t| {
        vec![
            t.id.to_string(),
            t.title,
            t.status.to_string(),
            t.assignees.iter().map(|m| n.name(m.as_str())).collect::<Vec<_>>().join("; "),
            opt(&t.estimate),
            t.spent.to_string(),
            opt(&t.start),
            opt(&t.due),
            t.milestone
                .as_ref()
                .map(|m| milestones.get(m.as_str()).cloned().unwrap_or_else(|| m.to_string()))
                .unwrap_or_default(),
            opt(&t.parent),
            t.depends_on.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
            t.tags.join("; "),
            t.description,
        ]
    });
    write_csv(
        &[
            "id",
            "title",
            "status",
            "assignees",
            "estimate",
            "spent",
            "start",
            "due",
            "milestone",
            "parent",
            "depends_on",
            "tags",
            "description",
        ],
        rows,
    )
}

/// The live risks as CSV, highest score first.
pub fn risks_csv<R: ReadDoc>(doc: &R) -> Result<String> {
    let n = names(doc);
    let mut risks: Vec<_> = crate::risks::risks(doc)?.into_iter().filter(|r| !r.deleted).collect();
    risks.sort_by(|a, b| b.score.cmp(&a.score).then(a.title.cmp(&b.title)));
    let rows = risks.into_iter().map(|r| {
        vec![
            r.id.to_string(),
            r.title,
            r.probability.to_string(),
            r.impact.to_string(),
            r.score.to_string(),
            r.status.to_string(),
            r.owner.as_ref().map(|m| n.name(m.as_str())).unwrap_or_default(),
            opt(&r.review),
            r.mitigation,
            r.description,
        ]
    });
    write_csv(
        &["id", "title", "probability", "impact", "score", "status", "owner", "review", "mitigation", "description"],
        rows,
    )
}

/// The live decisions as CSV.
pub fn decisions_csv<R: ReadDoc>(doc: &R) -> Result<String> {
    let rows = crate::decisions::decisions(doc)?.into_iter().filter(|d| !d.deleted).map(|d| {
        vec![
            d.id.to_string(),
            d.title,
            d.status.to_string(),
            d.decided_by_name.unwrap_or_default(),
            opt(&d.decided_at),
            d.context,
            d.decision,
            d.alternatives,
        ]
    });
    write_csv(&["id", "title", "status", "decided_by", "decided_at", "context", "decision", "alternatives"], rows)
}

/// The live client requests as CSV.
pub fn requests_csv<R: ReadDoc>(doc: &R) -> Result<String> {
    let rows = crate::requests::requests(doc, None)?.into_iter().filter(|r| !r.deleted).map(|r| {
        vec![
            r.id.to_string(),
            r.title,
            r.requester,
            opt(&r.received),
            r.priority.to_string(),
            r.status.to_string(),
            r.response,
            r.description,
        ]
    });
    write_csv(&["id", "title", "requester", "received", "priority", "status", "response", "description"], rows)
}

/// Meetings (timed events with their attendees) and milestones (all-day events) as an
/// iCalendar file. Event UIDs are stable (`<kind>-<id>@<project id>`), so a calendar that
/// imports the file again updates the events instead of duplicating them.
pub fn calendar_ics<R: ReadDoc>(doc: &R, project_id: &str) -> Result<String> {
    let project = crate::project::project(doc)?;
    let mut cal = Calendar::new();
    cal.name(&project.name);
    for m in crate::meetings::meetings(doc)?.into_iter().filter(|m| !m.deleted) {
        let full = crate::meetings::meeting(doc, &m.id)?;
        let start = m.start.to_datetime();
        let end = start + chrono::Duration::minutes(m.duration_minutes.max(0));
        let mut description = String::new();
        if !full.attendees.is_empty() {
            let who: Vec<&str> = full.attendees.iter().map(|a| a.name.as_str()).collect();
            description.push_str(&format!("Attendees: {}\n", who.join(", ")));
        }
        for (i, a) in full.agenda.iter().enumerate() {
            description.push_str(&format!("{}. {}\n", i + 1, a.title));
        }
        let mut e = Event::new();
        e.uid(&format!("meeting-{}@{project_id}", m.id)).summary(&m.title).starts(start).ends(end);
        if let Some(l) = &full.location {
            e.location(l);
        }
        if !description.is_empty() {
            e.description(description.trim_end());
        }
        cal.push(e.done());
    }
    for ms in crate::milestones::milestones(doc)?.into_iter().filter(|m| !m.deleted) {
        let Some(due) = ms.due else { continue };
        let e = Event::new()
            .uid(&format!("milestone-{}@{project_id}", ms.id))
            .summary(&format!("Milestone: {}", ms.title))
            .all_day(due)
            .description(&format!("{} of {} tasks done; status {}", ms.tasks_done, ms.tasks_total, ms.status))
            .done();
        cal.push(e);
    }
    Ok(cal.done().to_string())
}

/// The whole project as one JSON value: settings, members, and every read model (deleted items
/// included and marked), for archiving or other tools.
pub fn project_json(doc: &automerge::Automerge, today: NaiveDate) -> Result<serde_json::Value> {
    let meetings: Vec<_> = crate::meetings::meetings(doc)?
        .into_iter()
        .map(|m| crate::meetings::meeting(doc, &m.id))
        .collect::<Result<_>>()?;
    let v = serde_json::json!({
        "format": "tandem-project-export",
        "schema_version": crate::SCHEMA_VERSION,
        "project": crate::project::project(doc)?,
        "members": crate::project::members(doc)?,
        "tasks": crate::tasks::tasks(doc)?,
        "milestones": crate::milestones::milestones(doc)?,
        "goals": crate::goals::goals(doc, today)?,
        "resources": crate::resources::resources(doc)?,
        "allocations": crate::resources::allocations(doc)?,
        "budget_lines": crate::resources::budget_lines(doc)?,
        "expenses": crate::resources::expenses(doc)?,
        "risks": crate::risks::risks(doc)?,
        "issues": crate::risks::issues(doc)?,
        "decisions": crate::decisions::decisions(doc)?,
        "meetings": meetings,
        "log": crate::log::log(doc, &crate::log::LogFilter::default())?,
        "requests": crate::requests::requests(doc, None)?,
        "deliverables": crate::deliverables::deliverables(doc)?,
        "reports": crate::reports::reports(doc)?,
    });
    Ok(v)
}

/// What can be exported to a file, as `tandem export` names them.
// One file each, its bytes from [`FileExport::render`]; the shells write it (`tandem export`,
// the app's exports). The desktop app sends it over IPC under the TypeScript name `ExportKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ExportKind"))]
#[serde(rename_all = "snake_case")]
pub enum FileExport {
    /// The live tasks as CSV ([`tasks_csv`]).
    Tasks,
    /// The live risks as CSV, highest score first ([`risks_csv`]).
    Risks,
    /// The decision log as CSV ([`decisions_csv`]).
    Decisions,
    /// Client requests as CSV ([`requests_csv`]).
    Requests,
    /// Meetings and milestones as iCalendar (.ics) ([`calendar_ics`]).
    Calendar,
    /// The whole project as JSON ([`project_json`], pretty-printed, ending in a newline).
    Json,
    /// The raw Automerge document with its whole history (.automerge), as `Automerge::save`
    /// writes it.
    Archive,
}

impl FileExport {
    /// The file's bytes for `doc`, the project `project_id` (the calendar's event ids name it);
    /// `today` is the day the JSON's goal progress is measured on.
    pub fn render(self, doc: &automerge::Automerge, project_id: &str, today: NaiveDate) -> Result<Vec<u8>> {
        Ok(match self {
            Self::Tasks => tasks_csv(doc)?.into_bytes(),
            Self::Risks => risks_csv(doc)?.into_bytes(),
            Self::Decisions => decisions_csv(doc)?.into_bytes(),
            Self::Requests => requests_csv(doc)?.into_bytes(),
            Self::Calendar => calendar_ics(doc, project_id)?.into_bytes(),
            Self::Json => {
                let mut text = serde_json::to_string_pretty(&project_json(doc, today)?)
                    .map_err(|e| CoreError::Invalid(format!("cannot write the project as JSON: {e}")))?;
                text.push('\n');
                text.into_bytes()
            }
            Self::Archive => doc.save(),
        })
    }

    /// Whether the file is text (UTF-8) that can be printed: all but the archive.
    pub fn is_text(self) -> bool {
        self != Self::Archive
    }
}

/// The columns a task CSV may have (by header name, any order, case-insensitive); only `title`
/// is required. Other columns (such as `id` or `status` from an export) are ignored.
pub const TASK_IMPORT_COLUMNS: &str = "title, description, assignees (names or ids, separated by ';'), estimate (hours), start, due (YYYY-MM-DD), tags (separated by ';')";

/// Reads a task CSV into one `TaskCommand::Add` per row. Every row is checked first (dates,
/// numbers, member names); any problem fails the whole import with each bad row named, so
/// nothing is half-imported.
pub fn tasks_from_csv<R: ReadDoc>(doc: &R, text: &str) -> Result<Vec<Command>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| CoreError::Invalid(format!("the CSV header could not be read: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let Some(title_col) = col("title") else {
        return Err(CoreError::Invalid(format!(
            "the CSV has no 'title' column; its first line must name the columns: {TASK_IMPORT_COLUMNS}"
        )));
    };
    let members = crate::project::members(doc)?;
    let find_member = |typed: &str| -> std::result::Result<MemberId, String> {
        let live = members.iter().filter(|m| !m.deleted);
        let by_name: Vec<_> = live.clone().filter(|m| m.name.eq_ignore_ascii_case(typed)).collect();
        match by_name.as_slice() {
            [one] => return Ok(one.id.clone()),
            [] => {}
            _ => return Err(format!("'{typed}' is the name of several members; use the member id")),
        }
        let by_id: Vec<_> = live.filter(|m| m.id.as_str().starts_with(typed)).collect();
        match by_id.as_slice() {
            [one] => Ok(one.id.clone()),
            _ => Err(format!("no member is called '{typed}'")),
        }
    };
    let (desc_col, assignees_col, estimate_col, start_col, due_col, tags_col) =
        (col("description"), col("assignees"), col("estimate"), col("start"), col("due"), col("tags"));
    let mut commands = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("row {line}: {e}"));
                continue;
            }
        };
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim().to_owned();
        let mut row_problems = Vec::new();
        let title = get(Some(title_col));
        if title.is_empty() {
            row_problems.push("the title is empty".to_owned());
        }
        let date = |name: &str, c: Option<usize>, problems: &mut Vec<String>| -> Option<NaiveDate> {
            let v = get(c);
            if v.is_empty() {
                return None;
            }
            match NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    problems.push(format!("{name} '{v}' is not a date (YYYY-MM-DD)"));
                    None
                }
            }
        };
        let start = date("start", start_col, &mut row_problems);
        let due = date("due", due_col, &mut row_problems);
        let estimate = match get(estimate_col) {
            v if v.is_empty() => None,
            v => match v.parse::<f64>() {
                Ok(h) if h.is_finite() && h >= 0.0 => Some(h),
                _ => {
                    row_problems.push(format!("estimate '{v}' is not a number of hours"));
                    None
                }
            },
        };
        let mut assignees = Vec::new();
        for name in get(assignees_col).split(';').map(str::trim).filter(|s| !s.is_empty()) {
            match find_member(name) {
                Ok(m) => assignees.push(m),
                Err(e) => row_problems.push(e),
            }
        }
        let tags: Vec<String> =
            get(tags_col).split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        if row_problems.is_empty() {
            commands.push(Command::Task(TaskCommand::Add(NewTask {
                title,
                description: get(desc_col),
                assignees,
                estimate,
                start,
                due,
                tags,
                ..NewTask::default()
            })));
        } else {
            problems.push(format!("row {line}: {}", row_problems.join("; ")));
        }
    }
    if !problems.is_empty() {
        return Err(CoreError::Invalid(format!(
            "nothing was imported; fix these rows and import again:\n{}",
            problems.join("\n")
        )));
    }
    if commands.is_empty() {
        return Err(CoreError::Invalid("the CSV has a header but no rows: nothing to import".into()));
    }
    Ok(commands)
}
