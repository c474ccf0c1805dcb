//! Schema v1 of the project document: where each kind of item lives, and the migration entry point.
//!
//! ```text
//! ROOT
//! ├─ schema: 2                       version of this layout (see SCHEMA_VERSION)
//! ├─ project: {name, client, start, end, currency, budget, health, description(Text), created_at}
//! ├─ devices: {<actor hex>: <member id>}   who wrote a change (authorship)
//! ├─ members, tasks, milestones, goals, resources, allocations, budget_lines, expenses,
//! │  risks, issues, decisions, meetings, requests, deliverables, reports:
//! │     {<id>: {field: value, …, created_at, created_by, deleted?, deleted_at?, deleted_by?}}
//! ├─ log_entries: {<at: 13 digits>-<id>: {id, at, author, kind, body(Text), refs{}}}
//! │     the project log, append-only, made by its first entry; keys sort in time order
//! │     (`log::entry_key`); if replicas made it concurrently, every map under the key is read
//! └─ log: [ {id, at, author, kind, body(Text), refs{}} … ]
//!       the log as builds before `log_entries` wrote it: still created (empty) with a project,
//!       its entries read and editable, never appended to
//! ```
//!
//! Entities live in maps keyed by a stable id; nothing that can be edited sits at a list position.
//! Log entries are keyed by their time and then their id, so a pass over the keys lists them in
//! time order without reading them.
//! Sets (assignees, dependencies, tags, attendees, links) are maps from the member to `true`, so
//! concurrent additions merge. Money is stored as integer minor units (cents), hours as floats,
//! dates as `YYYY-MM-DD` strings and instants as UTC milliseconds.

use automerge::transaction::{Transactable, Transaction};
use automerge::{ObjType, ROOT, ReadDoc};
use serde::{Deserialize, Serialize};

use crate::doc::{Fields, child_maps, get_i64, list_at, map_at};
use crate::error::{CoreError, Result};

/// The schema version this build writes and fully understands.
///
/// * 1: the first version; the log is the `log` list.
/// * 2: log entries are added to the `log_entries` map (keyed by time). A v1 build would not see
///   them, so it must refuse a v2 project rather than show a log that silently lacks entries.
///   v1 projects need no conversion: their `log` list is still read.
pub const SCHEMA_VERSION: i64 = 2;

/// Root key of the schema version.
pub const SCHEMA: &str = "schema";
/// Root key of the project's own settings.
pub const PROJECT: &str = "project";
/// Root key of the actor → member map.
pub const DEVICES: &str = "devices";
/// Root key of the project log: a map of entries keyed by `log::entry_key` (time, then id).
pub const LOG_ENTRIES: &str = "log_entries";
/// Root key of the list that held the log before [`LOG_ENTRIES`]: read, never written.
pub const LOG: &str = "log";
/// Root key of a hint: the greatest order key given to a top-level task, so appending a task
/// does not read every task. It may lag behind after a merge (two replicas appended at once);
/// keys that then tie are ordered by task id, as any concurrent tie is.
pub const TASK_ORDER_END: &str = "task_order_end";

/// Every keyed collection of items in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Kind {
    Member,
    Task,
    Milestone,
    Goal,
    Resource,
    Allocation,
    BudgetLine,
    Expense,
    Risk,
    Issue,
    Decision,
    Meeting,
    Request,
    Deliverable,
    Report,
    /// Log entries live in the `log_entries` map keyed by time and id (not by id alone, so
    /// they are not [`Kind::KEYED`]); they are still items that can be referenced.
    LogEntry,
}

impl Kind {
    /// Every kind that lives in a keyed map at the root.
    pub const KEYED: [Kind; 15] = [
        Kind::Member,
        Kind::Task,
        Kind::Milestone,
        Kind::Goal,
        Kind::Resource,
        Kind::Allocation,
        Kind::BudgetLine,
        Kind::Expense,
        Kind::Risk,
        Kind::Issue,
        Kind::Decision,
        Kind::Meeting,
        Kind::Request,
        Kind::Deliverable,
        Kind::Report,
    ];

    /// The root key of this kind's collection.
    pub fn collection(self) -> &'static str {
        match self {
            Kind::Member => "members",
            Kind::Task => "tasks",
            Kind::Milestone => "milestones",
            Kind::Goal => "goals",
            Kind::Resource => "resources",
            Kind::Allocation => "allocations",
            Kind::BudgetLine => "budget_lines",
            Kind::Expense => "expenses",
            Kind::Risk => "risks",
            Kind::Issue => "issues",
            Kind::Decision => "decisions",
            Kind::Meeting => "meetings",
            Kind::Request => "requests",
            Kind::Deliverable => "deliverables",
            Kind::Report => "reports",
            Kind::LogEntry => LOG_ENTRIES,
        }
    }

    /// A human name for messages ("task", "client request").
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Member => "member",
            Kind::Task => "task",
            Kind::Milestone => "milestone",
            Kind::Goal => "goal",
            Kind::Resource => "resource",
            Kind::Allocation => "allocation",
            Kind::BudgetLine => "budget line",
            Kind::Expense => "expense",
            Kind::Risk => "risk",
            Kind::Issue => "issue",
            Kind::Decision => "decision",
            Kind::Meeting => "meeting",
            Kind::Request => "client request",
            Kind::Deliverable => "deliverable",
            Kind::Report => "report",
            Kind::LogEntry => "log entry",
        }
    }

    /// The short tag used in change messages (`task:abc123`).
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Member => "member",
            Kind::Task => "task",
            Kind::Milestone => "milestone",
            Kind::Goal => "goal",
            Kind::Resource => "resource",
            Kind::Allocation => "allocation",
            Kind::BudgetLine => "budget_line",
            Kind::Expense => "expense",
            Kind::Risk => "risk",
            Kind::Issue => "issue",
            Kind::Decision => "decision",
            Kind::Meeting => "meeting",
            Kind::Request => "request",
            Kind::Deliverable => "deliverable",
            Kind::Report => "report",
            Kind::LogEntry => "log",
        }
    }

    /// The kind for a tag written by [`Kind::tag`].
    pub fn from_tag(tag: &str) -> Option<Kind> {
        Kind::KEYED.into_iter().chain([Kind::LogEntry]).find(|k| k.tag() == tag)
    }
}

/// Creates the v1 layout in an empty document: version, project map, devices, every collection,
/// and the (empty) v1 log list. `log_entries` is made by the first log entry: adding it here
/// would change the first change of every new project, and with it every id derived from it.
pub(crate) fn init(tx: &mut Transaction<'_>) -> Result<()> {
    if tx.get(ROOT, SCHEMA)?.is_some() {
        return Err(CoreError::AlreadyAProject);
    }
    tx.put(ROOT, SCHEMA, SCHEMA_VERSION)?;
    tx.put_object(ROOT, PROJECT, ObjType::Map)?;
    tx.put_object(ROOT, DEVICES, ObjType::Map)?;
    for kind in Kind::KEYED {
        tx.put_object(ROOT, kind.collection(), ObjType::Map)?;
    }
    tx.put_object(ROOT, LOG, ObjType::List)?;
    Ok(())
}

/// Checks that a document holds a project this build can read and write.
pub fn check_version<R: ReadDoc>(doc: &R) -> Result<()> {
    match get_i64(doc, &ROOT, SCHEMA) {
        None => Err(CoreError::NotAProject),
        Some(v) if v > SCHEMA_VERSION => Err(CoreError::SchemaTooNew { found: v, supported: SCHEMA_VERSION }),
        Some(_) => Ok(()),
    }
}

/// What [`migrate`] found and did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Migration {
    /// The version the document had.
    pub from: i64,
    /// The version it has now.
    pub to: i64,
    /// Collections that were missing and had to be created.
    pub created: Vec<&'static str>,
}

/// The migration entry point: brings a document written by an older (or partial) writer up to
/// [`SCHEMA_VERSION`] inside the caller's transaction.
///
/// It creates collections that a foreign writer left out, and raises the version. From v1 to v2
/// nothing is converted (v1's log list stays readable). Later versions add their steps here,
/// each keyed on the version it upgrades from. Creating a
/// collection is only safe on a replica that has synced, or two replicas could create rival maps
/// and one side's items would be hidden; shells run it after a sync, never on a fresh replica.
/// (`log_entries` is not created here but by the first log entry, and readers read every rival
/// map of it.)
pub(crate) fn migrate(tx: &mut Transaction<'_>) -> Result<Migration> {
    check_version(tx)?;
    let from = get_i64(tx, &ROOT, SCHEMA).unwrap_or(SCHEMA_VERSION);
    let mut created = Vec::new();
    for key in [PROJECT, DEVICES].into_iter().chain(Kind::KEYED.map(Kind::collection)) {
        if map_at(tx, &ROOT, key).is_none() {
            tx.put_object(ROOT, key, ObjType::Map)?;
            created.push(key);
        }
    }
    if list_at(tx, &ROOT, LOG).is_none() {
        tx.put_object(ROOT, LOG, ObjType::List)?;
        created.push(LOG);
    }
    if from < SCHEMA_VERSION {
        tx.put(ROOT, SCHEMA, SCHEMA_VERSION)?;
    }
    Ok(Migration { from, to: SCHEMA_VERSION, created })
}

/// The map holding a kind's items.
pub fn collection<R: ReadDoc>(doc: &R, kind: Kind) -> Result<automerge::ObjId> {
    map_at(doc, &ROOT, kind.collection()).ok_or_else(|| CoreError::Corrupt {
        path: kind.collection().to_owned(),
        what: "the collection is missing".to_owned(),
    })
}

/// Reads every item of a kind with `read` (given the id and the item's fields, each item read in
/// one pass: see [`Fields`]), skipping entries that are not maps or that `read` rejects. In the
/// collection's key order.
pub fn read_items<'d, R: ReadDoc, T>(
    doc: &'d R,
    kind: Kind,
    mut read: impl FnMut(&str, &Fields<'d, R>) -> Option<T>,
) -> Result<Vec<T>> {
    let coll = collection(doc, kind)?;
    Ok(child_maps(doc, &coll).into_iter().filter_map(|(id, obj)| read(&id, &Fields::read(doc, &obj))).collect())
}

/// One item of a kind read in one pass, or `NotFound`.
pub fn read_item<'d, R: ReadDoc>(doc: &'d R, kind: Kind, id: &str) -> Result<Fields<'d, R>> {
    let coll = collection(doc, kind)?;
    let obj = map_at(doc, &coll, id).ok_or_else(|| CoreError::NotFound { kind: kind.noun(), id: id.to_owned() })?;
    Ok(Fields::read(doc, &obj))
}
