//! Client requests: what the client asked for, its triage (accepted, rejected, duplicate, …),
//! the response sent back, and the tasks that carry the work.

use automerge::transaction::Transactable;
use automerge::{ObjId, ReadDoc};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check, find_item};
use crate::doc::{self, get_set, get_string, get_text};
use crate::doc::{Fields, parse_all, read_choice};
use crate::error::{CoreError, Result};
use crate::ids::{MemberId, Millis, RequestId, TaskId};
use crate::schema::{self, Kind};
use crate::values::{check_transition, choice};

choice! {
    /// How urgent a client request is.
    #[derive(Default)]
    Priority, "priority" {
        Low = "low",
        #[default]
        Normal = "normal",
        High = "high",
        Urgent = "urgent",
    }
}

choice! {
    /// Where a client request is in triage.
    RequestStatus, "status" {
        /// Received, not triaged yet.
        New = "new",
        Accepted = "accepted",
        Rejected = "rejected",
        InProgress = "in_progress",
        Done = "done",
        /// The same as another request (see `duplicate_of`).
        Duplicate = "duplicate",
    }
}

/// The triage workflow: which status may follow which.
const REQUEST_FLOW: &[(RequestStatus, &[RequestStatus])] = {
    use RequestStatus::*;
    &[
        (New, &[Accepted, Rejected, Duplicate]),
        (Accepted, &[InProgress, Done, Rejected]),
        (InProgress, &[Done, Accepted]),
        (Done, &[InProgress]),
        (Rejected, &[New]),
        (Duplicate, &[New]),
    ]
};

const TITLE_MAX: usize = 300;
const NAME_MAX: usize = 120;

/// A new client request (status new).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct NewRequest {
    pub title: String,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub description: String,
    /// Who asked, by name (client-side people are usually not project members).
    pub requester: String,
    /// When it came in; the day of the command when not given.
    pub received: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub priority: Priority,
}

/// Fields of a request that an update may change (triage and the response have their own commands).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct RequestPatch {
    pub title: Option<String>,
    /// Replaces the description (as a minimal splice, so concurrent typing elsewhere survives).
    pub description: Option<String>,
    pub requester: Option<String>,
    pub received: Option<NaiveDate>,
    pub priority: Option<Priority>,
}

/// Client request commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RequestCommand {
    /// Records a new client request.
    Add(NewRequest),
    /// Edits a request.
    Update { id: RequestId, patch: RequestPatch },
    /// Moves a request along the triage workflow. Marking it `duplicate` needs `duplicate_of`;
    /// a `response`, if given, replaces the response text (as [`RequestCommand::Respond`] does).
    Triage {
        id: RequestId,
        status: RequestStatus,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        duplicate_of: Option<RequestId>,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        response: Option<String>,
    },
    /// Writes the response to the client (replacing the text as a minimal splice) and records when.
    Respond { id: RequestId, response: String },
    /// Links a task that carries (part of) the work.
    LinkTask { id: RequestId, task: TaskId },
    /// Removes a task link.
    UnlinkTask { id: RequestId, task: TaskId },
}

impl RequestCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            RequestCommand::Add(r) => add_request(s, r),
            RequestCommand::Update { id, patch } => update_request(s, &id, patch),
            RequestCommand::Triage { id, status, duplicate_of, response } => {
                triage(s, &id, status, duplicate_of, response)
            }
            RequestCommand::Respond { id, response } => {
                let obj = s.item(Kind::Request, id.as_str())?;
                respond(s, &obj, &response)?;
                Ok(Applied::new(format!("Respond to request '{}'", get_text(&s.tx, &obj, "title"))))
            }
            RequestCommand::LinkTask { id, task } => {
                let t = s.require(Kind::Task, task.as_str())?;
                let task_title = get_text(&s.tx, &t, "title");
                let obj = s.item(Kind::Request, id.as_str())?;
                doc::set_add(&mut s.tx, &obj, "tasks", task.as_str())?;
                s.touch(Kind::Task, task.as_str());
                Ok(Applied::new(format!("Link task '{task_title}' to request '{}'", get_text(&s.tx, &obj, "title"))))
            }
            RequestCommand::UnlinkTask { id, task } => {
                let obj = s.item(Kind::Request, id.as_str())?;
                if !get_set(&s.tx, &obj, "tasks").iter().any(|t| t == task.as_str()) {
                    return Err(CoreError::Invalid(format!("task {task} is not linked to client request {id}")));
                }
                doc::set_remove(&mut s.tx, &obj, "tasks", task.as_str())?;
                let task_title = find_item(&s.tx, Kind::Task, task.as_str())
                    .map(|t| get_text(&s.tx, &t, "title"))
                    .unwrap_or_else(|_| task.to_string());
                Ok(Applied::new(format!(
                    "Unlink task '{task_title}' from request '{}'",
                    get_text(&s.tx, &obj, "title")
                )))
            }
        }
    }
}

fn add_request(s: &mut Scope<'_>, r: NewRequest) -> Result<Applied> {
    let title = check::title("title", &r.title, TITLE_MAX)?;
    let requester = check::title("requester", &r.requester, NAME_MAX)?;
    let received = r.received.unwrap_or_else(|| s.now.date());
    let id: RequestId = s.fresh_id(Kind::Request)?;
    let obj = s.create_item(Kind::Request, id.as_str())?;
    s.tx.put(&obj, "title", title.as_str())?;
    s.tx.put(&obj, "requester", requester.as_str())?;
    s.tx.put(&obj, "status", RequestStatus::New.as_str())?;
    s.tx.put(&obj, "priority", r.priority.as_str())?;
    doc::put_opt_date(&mut s.tx, &obj, "received", Some(received))?;
    doc::put_text(&mut s.tx, &obj, "description", &r.description)?;
    doc::put_text(&mut s.tx, &obj, "response", "")?;
    doc::put_set(&mut s.tx, &obj, "tasks", std::iter::empty())?;
    Ok(Applied::created(format!("Add request '{title}' from {requester}"), id.as_str()))
}

fn update_request(s: &mut Scope<'_>, id: &RequestId, patch: RequestPatch) -> Result<Applied> {
    let obj = s.item(Kind::Request, id.as_str())?;
    let old_title = get_text(&s.tx, &obj, "title");
    let mut changed = Vec::new();
    if let Some(t) = patch.title {
        let t = check::title("title", &t, TITLE_MAX)?;
        s.tx.put(&obj, "title", t.as_str())?;
        changed.push(format!("title to '{t}'"));
    }
    if let Some(r) = patch.requester {
        let r = check::title("requester", &r, NAME_MAX)?;
        s.tx.put(&obj, "requester", r.as_str())?;
        changed.push(format!("requester to {r}"));
    }
    if let Some(d) = patch.received {
        doc::put_opt_date(&mut s.tx, &obj, "received", Some(d))?;
        changed.push(format!("received to {d}"));
    }
    if let Some(p) = patch.priority {
        s.tx.put(&obj, "priority", p.as_str())?;
        changed.push(format!("priority to {p}"));
    }
    if let Some(d) = patch.description {
        doc::replace_text(&mut s.tx, &obj, "description", &d)?;
        changed.push("description".to_owned());
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update request '{old_title}': {}", changed.join(", "))))
}

/// Replaces the response text and stamps when and by whom it was written.
fn respond(s: &mut Scope<'_>, obj: &ObjId, response: &str) -> Result<()> {
    if response.trim().is_empty() {
        return Err(CoreError::Empty { field: "response" });
    }
    doc::replace_text(&mut s.tx, obj, "response", response)?;
    s.tx.put(obj, "responded_at", s.now.0)?;
    let by = s.author_str();
    s.tx.put(obj, "responded_by", by)?;
    Ok(())
}

fn triage(
    s: &mut Scope<'_>,
    id: &RequestId,
    to: RequestStatus,
    duplicate_of: Option<RequestId>,
    response: Option<String>,
) -> Result<Applied> {
    let obj = s.item(Kind::Request, id.as_str())?;
    let title = get_text(&s.tx, &obj, "title");
    let from = read_choice(&s.tx, &obj, "status", RequestStatus::New);
    let current_dup = get_string(&s.tx, &obj, "duplicate_of");
    check_transition("a client request", from, to, REQUEST_FLOW)?;
    let mut original_title = None;
    if to == RequestStatus::Duplicate {
        let Some(orig) = &duplicate_of else {
            return Err(CoreError::Invalid(format!(
                "to mark request '{title}' as a duplicate, say which request it duplicates (duplicate_of)"
            )));
        };
        if orig == id {
            return Err(CoreError::Invalid(format!("request '{title}' cannot be a duplicate of itself")));
        }
        let o = s.require(Kind::Request, orig.as_str())?;
        let o_title = get_text(&s.tx, &o, "title");
        if read_choice(&s.tx, &o, "status", RequestStatus::New) == RequestStatus::Duplicate
            && get_string(&s.tx, &o, "duplicate_of").as_deref() == Some(id.as_str())
        {
            return Err(CoreError::Invalid(format!(
                "request '{o_title}' is already marked as a duplicate of '{title}'; reopen it first"
            )));
        }
        original_title = Some(o_title);
    } else if duplicate_of.is_some() {
        return Err(CoreError::Invalid(format!(
            "duplicate_of only applies when marking a request as duplicate, not {to}"
        )));
    }
    let dup_changes =
        to == RequestStatus::Duplicate && current_dup.as_deref() != duplicate_of.as_ref().map(|d| d.as_str());
    if from == to && !dup_changes && response.is_none() {
        return Err(CoreError::Invalid(format!("request '{title}' is already {to}")));
    }
    if from != to {
        s.tx.put(&obj, "status", to.as_str())?;
    }
    if to == RequestStatus::Duplicate {
        if dup_changes {
            doc::put_opt_str(&mut s.tx, &obj, "duplicate_of", duplicate_of.as_ref().map(RequestId::as_str))?;
        }
    } else {
        doc::delete_if_present(&mut s.tx, &obj, "duplicate_of")?;
    }
    if let Some(r) = &response {
        respond(s, &obj, r)?;
    }
    // Same status, same original: the command only wrote the response.
    let response_only = from == to && !dup_changes;
    let mut summary = match to {
        _ if response_only => format!("Respond to request '{title}'"),
        RequestStatus::New => format!("Reopen request '{title}'"),
        RequestStatus::Accepted if from == RequestStatus::InProgress => format!("Pause work on request '{title}'"),
        RequestStatus::Accepted => format!("Accept request '{title}'"),
        RequestStatus::Rejected => format!("Reject request '{title}'"),
        RequestStatus::InProgress => format!("Start work on request '{title}'"),
        RequestStatus::Done => format!("Complete request '{title}'"),
        RequestStatus::Duplicate => {
            format!("Mark request '{title}' as a duplicate of '{}'", original_title.unwrap_or_default())
        }
    };
    if response.is_some() && !response_only {
        summary.push_str(" with a response");
    }
    Ok(Applied::new(summary))
}

/// A client request as every view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestView {
    pub id: RequestId,
    pub title: String,
    pub description: String,
    pub requester: String,
    pub received: Option<NaiveDate>,
    pub priority: Priority,
    pub status: RequestStatus,
    /// The request this one duplicates (when status is duplicate).
    pub duplicate_of: Option<RequestId>,
    pub response: String,
    pub responded_at: Option<Millis>,
    pub responded_by: Option<MemberId>,
    /// Linked tasks.
    pub tasks: Vec<TaskId>,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

fn read_request<R: ReadDoc>(id: &str, f: &Fields<'_, R>) -> Option<RequestView> {
    Some(RequestView {
        id: id.parse().ok()?,
        title: f.text("title"),
        description: f.text("description"),
        requester: f.text("requester"),
        received: f.date("received"),
        priority: f.choice("priority", Priority::Normal),
        status: f.choice("status", RequestStatus::New),
        duplicate_of: f.parse("duplicate_of"),
        response: f.text("response"),
        responded_at: f.i64("responded_at").map(Millis),
        responded_by: f.parse("responded_by"),
        tasks: parse_all(f.set("tasks")),
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Every client request, deleted ones included (check `deleted`), optionally only those in
/// `status`; by received date (undated last), then id.
pub fn requests<R: ReadDoc>(doc: &R, status: Option<RequestStatus>) -> Result<Vec<RequestView>> {
    let mut out: Vec<RequestView> = schema::read_items(doc, Kind::Request, read_request)?
        .into_iter()
        .filter(|r| status.is_none_or(|s| r.status == s))
        .collect();
    out.sort_by(|a, b| {
        a.received.is_none().cmp(&b.received.is_none()).then(a.received.cmp(&b.received)).then(a.id.cmp(&b.id))
    });
    Ok(out)
}

/// One client request by id.
pub fn request<R: ReadDoc>(doc: &R, id: &RequestId) -> Result<RequestView> {
    let f = schema::read_item(doc, Kind::Request, id.as_str())?;
    read_request(id.as_str(), &f).ok_or_else(|| CoreError::NotFound { kind: "client request", id: id.to_string() })
}
