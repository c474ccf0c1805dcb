//! The command layer: one user action = one [`Command`] = exactly one Automerge change.
//!
//! [`execute`] opens a transaction, lets the command validate and write through a [`Scope`], and
//! commits with a human summary, the time and the author, or rolls everything back on error.
//! The CLI, the desktop app and the tests all go through here; none of them writes the document
//! directly.

use automerge::transaction::{CommitOptions, Transactable, Transaction};
use automerge::{Automerge, ChangeHash, ObjId, ObjType, ROOT, ReadDoc};
use serde::{Deserialize, Serialize};

use crate::doc::{get_bool, get_string, map_at};
use crate::error::{CoreError, Result};
use crate::ids::{IdGen, MemberId, Millis};
use crate::schema::{self, DEVICES, Kind};

/// What the shell passes in with every command: the current time.
///
/// The author is the member mapped to the document's actor in `devices`; ids are derived from the
/// actor and the heads (see [`IdGen`]). The core reads no clock and draws no random numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Ctx {
    /// When the user performed the action.
    pub now: Millis,
}

impl Ctx {
    /// A context at the given instant.
    pub fn at(now: Millis) -> Self {
        Self { now }
    }
}

/// A reference to one item, as recorded in change messages and shown in history.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemRef {
    /// The kind of item.
    pub kind: Kind,
    /// Its id.
    pub id: String,
}

impl ItemRef {
    /// A reference to the item `id` of `kind`.
    pub fn new(kind: Kind, id: impl Into<String>) -> Self {
        Self { kind, id: id.into() }
    }
}

impl std::fmt::Display for ItemRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind.tag(), self.id)
    }
}

/// The result of a command that was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outcome {
    /// The change it made; `None` if the command changed nothing (e.g. set a field to its value).
    #[serde(serialize_with = "ser_hash")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub hash: Option<ChangeHash>,
    /// The id of the item it created, if any.
    pub created: Option<String>,
    /// The human summary recorded as the change message.
    pub summary: String,
    /// The items the command touched, as recorded in the change message (empty when nothing
    /// changed). Shells use it to tell views what to refresh without reading the change back.
    pub items: Vec<ItemRef>,
}

fn ser_hash<S: serde::Serializer>(h: &Option<ChangeHash>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match h {
        Some(h) => s.serialize_some(&h.to_string()),
        None => s.serialize_none(),
    }
}

/// Trailer keys appended to the change message after a blank line.
pub(crate) const TRAILER_AUTHOR: &str = "tandem-author: ";
pub(crate) const TRAILER_ITEMS: &str = "tandem-items: ";

/// Builds the change message: the summary, then machine-readable trailers (author, touched items).
pub(crate) fn change_message(summary: &str, author: Option<&MemberId>, items: &[ItemRef]) -> String {
    let mut msg = summary.to_owned();
    msg.push_str("\n\n");
    if let Some(a) = author {
        msg.push_str(TRAILER_AUTHOR);
        msg.push_str(a.as_str());
        msg.push('\n');
    }
    if !items.is_empty() {
        msg.push_str(TRAILER_ITEMS);
        let tags: Vec<String> = items.iter().map(ToString::to_string).collect();
        msg.push_str(&tags.join(" "));
        msg.push('\n');
    }
    msg
}

/// Everything a command may touch while it runs: the open transaction, the time, an id source,
/// the author, and the list of items it touched (for the change message).
#[derive(Debug)]
pub struct Scope<'d> {
    pub(crate) tx: Transaction<'d>,
    pub(crate) now: Millis,
    ids: IdGen,
    pub(crate) author: Option<MemberId>,
    actor_hex: String,
    items: Vec<ItemRef>,
}

impl<'d> Scope<'d> {
    /// Records that this command touched an item.
    pub(crate) fn touch(&mut self, kind: Kind, id: &str) {
        let r = ItemRef::new(kind, id);
        if !self.items.contains(&r) {
            self.items.push(r);
        }
    }

    /// The hex actor id of the writing replica.
    pub(crate) fn actor_hex(&self) -> &str {
        &self.actor_hex
    }

    /// The author as stored in `created_by` fields (empty when the device is not mapped yet).
    pub(crate) fn author_str(&self) -> String {
        self.author.as_ref().map(|a| a.to_string()).unwrap_or_default()
    }

    /// A fresh id of type `T` that is not yet used in `kind`'s collection.
    pub(crate) fn fresh_id<T: std::str::FromStr>(&mut self, kind: Kind) -> Result<T>
    where
        T::Err: std::fmt::Debug,
    {
        let coll = if kind == Kind::LogEntry { None } else { Some(schema::collection(&self.tx, kind)?) };
        loop {
            let raw = self.ids.next_raw();
            let taken = coll.as_ref().is_some_and(|c| matches!(self.tx.get(c, raw.as_str()), Ok(Some(_))));
            if !taken {
                return Ok(raw.parse().expect("generated ids are valid"));
            }
        }
    }

    /// A fresh raw id for nested items (agenda items, criteria, action items).
    #[allow(dead_code, reason = "used by modules with nested items (agenda, criteria)")]
    pub(crate) fn fresh_raw(&mut self) -> String {
        self.ids.next_raw()
    }

    /// Creates a new item map in `kind`'s collection with creation stamps, and records the touch.
    pub(crate) fn create_item(&mut self, kind: Kind, id: &str) -> Result<ObjId> {
        let coll = schema::collection(&self.tx, kind)?;
        let obj = self.tx.put_object(&coll, id, ObjType::Map)?;
        self.tx.put(&obj, "created_at", self.now.0)?;
        let by = self.author_str();
        self.tx.put(&obj, "created_by", by)?;
        self.touch(kind, id);
        Ok(obj)
    }

    /// The map of an existing item, whether deleted or not.
    pub(crate) fn item_any(&self, kind: Kind, id: &str) -> Result<ObjId> {
        find_item(&self.tx, kind, id)
    }

    /// The map of an existing, not deleted item that this command is about to edit; records the touch.
    pub(crate) fn item(&mut self, kind: Kind, id: &str) -> Result<ObjId> {
        let obj = self.item_any(kind, id)?;
        if is_deleted(&self.tx, &obj) {
            return Err(CoreError::Deleted { kind: kind.noun(), id: id.to_owned() });
        }
        self.touch(kind, id);
        Ok(obj)
    }

    /// Checks that a referenced item exists and is not deleted, without recording a touch.
    pub(crate) fn require(&self, kind: Kind, id: &str) -> Result<ObjId> {
        let obj = self.item_any(kind, id)?;
        if is_deleted(&self.tx, &obj) {
            return Err(CoreError::Deleted { kind: kind.noun(), id: id.to_owned() });
        }
        Ok(obj)
    }

    /// Read access to the document as it stands inside this command.
    pub(crate) fn doc(&self) -> &Transaction<'d> {
        &self.tx
    }
}

/// Finds an item's map by exact id.
pub fn find_item<R: ReadDoc>(doc: &R, kind: Kind, id: &str) -> Result<ObjId> {
    let coll = schema::collection(doc, kind)?;
    map_at(doc, &coll, id).ok_or_else(|| CoreError::NotFound { kind: kind.noun(), id: id.to_owned() })
}

/// Whether an item map carries the soft-delete flag.
pub fn is_deleted<R: ReadDoc>(doc: &R, obj: &ObjId) -> bool {
    get_bool(doc, obj, "deleted") == Some(true)
}

/// The member a device (actor, in hex) is mapped to, if any.
pub fn member_of_actor<R: ReadDoc>(doc: &R, actor_hex: &str) -> Option<MemberId> {
    let devices = map_at(doc, &ROOT, DEVICES)?;
    get_string(doc, &devices, actor_hex).and_then(|s| s.parse().ok())
}

/// What a command function returns to [`execute`]: its summary and the id it created, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Applied {
    pub summary: String,
    pub created: Option<String>,
}

impl Applied {
    pub(crate) fn new(summary: impl Into<String>) -> Self {
        Self { summary: summary.into(), created: None }
    }
    pub(crate) fn created(summary: impl Into<String>, id: impl Into<String>) -> Self {
        Self { summary: summary.into(), created: Some(id.into()) }
    }
}

/// Every user action, grouped by area. Serializable, so shells can pass commands as data
/// (IPC, scripts) and property tests can generate them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "area", content = "command", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Command {
    Project(crate::project::ProjectCommand),
    Task(crate::tasks::TaskCommand),
    Milestone(crate::milestones::MilestoneCommand),
    Goal(crate::goals::GoalCommand),
    Resource(crate::resources::ResourceCommand),
    Risk(crate::risks::RiskCommand),
    Decision(crate::decisions::DecisionCommand),
    Meeting(crate::meetings::MeetingCommand),
    Log(crate::log::LogCommand),
    Request(crate::requests::RequestCommand),
    Deliverable(crate::deliverables::DeliverableCommand),
    Report(crate::reports::ReportCommand),
    Item(crate::items::ItemCommand),
    Conflict(crate::resolve::ConflictCommand),
}

impl Command {
    fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            Command::Project(c) => c.apply(s),
            Command::Task(c) => c.apply(s),
            Command::Milestone(c) => c.apply(s),
            Command::Goal(c) => c.apply(s),
            Command::Resource(c) => c.apply(s),
            Command::Risk(c) => c.apply(s),
            Command::Decision(c) => c.apply(s),
            Command::Meeting(c) => c.apply(s),
            Command::Log(c) => c.apply(s),
            Command::Request(c) => c.apply(s),
            Command::Deliverable(c) => c.apply(s),
            Command::Report(c) => c.apply(s),
            Command::Item(c) => c.apply(s),
            Command::Conflict(c) => c.apply(s),
        }
    }

    fn creates_project(&self) -> bool {
        matches!(self, Command::Project(crate::project::ProjectCommand::Create { .. }))
    }
}

/// Runs one command against the document as exactly one change (or none, if it changed nothing).
///
/// The change carries the summary and trailers as its message and `ctx.now` (in seconds, as
/// Automerge stores change times) as its time. On any error nothing is written.
pub fn execute(doc: &mut Automerge, ctx: &Ctx, cmd: Command) -> Result<Outcome> {
    if !cmd.creates_project() {
        schema::check_version(doc)?;
    }
    let actor_hex = doc.get_actor().to_hex_string();
    let author = member_of_actor(doc, &actor_hex);
    let heads = doc.get_heads();
    let ids =
        IdGen::from_bytes(std::iter::once(doc.get_actor().to_bytes()).chain(heads.iter().map(|h| h.0.as_slice())));
    let mut scope = Scope { tx: doc.transaction(), now: ctx.now, ids, author, actor_hex, items: Vec::new() };
    match cmd.apply(&mut scope) {
        Ok(applied) => {
            // Commands that register the device (create, join) set the author as they run.
            let author = scope.author.clone().or_else(|| member_of_actor(&scope.tx, &scope.actor_hex));
            let message = change_message(&applied.summary, author.as_ref(), &scope.items);
            let opts = CommitOptions::default().with_message(message).with_time(ctx.now.seconds());
            let (hash, _) = scope.tx.commit_with(opts);
            let items = if hash.is_some() { scope.items } else { Vec::new() };
            Ok(Outcome { hash, created: applied.created, summary: applied.summary, items })
        }
        Err(e) => {
            scope.tx.rollback();
            Err(e)
        }
    }
}

/// Runs the schema migration as one change (none if nothing needed doing).
pub fn migrate(doc: &mut Automerge, ctx: &Ctx) -> Result<(schema::Migration, Option<ChangeHash>)> {
    let actor_hex = doc.get_actor().to_hex_string();
    let author = member_of_actor(doc, &actor_hex);
    let mut tx = doc.transaction();
    let m = match schema::migrate(&mut tx) {
        Ok(m) => m,
        Err(e) => {
            tx.rollback();
            return Err(e);
        }
    };
    let summary = format!("Migrate project document from schema v{} to v{}", m.from, m.to);
    let message = change_message(&summary, author.as_ref(), &[]);
    let (hash, _) = tx.commit_with(CommitOptions::default().with_message(message).with_time(ctx.now.seconds()));
    Ok((m, hash))
}

/// Validation helpers shared by the command modules.
pub(crate) mod check {
    use super::*;

    /// A required, trimmed, non-empty single value of at most `max` characters.
    pub(crate) fn title(field: &'static str, s: &str, max: usize) -> Result<String> {
        let t = s.trim();
        if t.is_empty() {
            return Err(CoreError::Empty { field });
        }
        let len = t.chars().count();
        if len > max {
            return Err(CoreError::TooLong { field, len, max });
        }
        Ok(t.to_owned())
    }

    /// Hours or other quantities: finite and not negative.
    pub(crate) fn non_negative(field: &'static str, v: f64) -> Result<f64> {
        if !v.is_finite() {
            return Err(CoreError::Invalid(format!("{field} must be a number")));
        }
        if v < 0.0 {
            return Err(CoreError::Negative { field, value: v.to_string() });
        }
        Ok(v)
    }

    /// Money in minor units: not negative.
    pub(crate) fn money(field: &'static str, v: i64) -> Result<i64> {
        if v < 0 {
            return Err(CoreError::Negative { field, value: crate::money::format_minor(v) });
        }
        Ok(v)
    }

    /// Start must not be after end when both are set.
    pub(crate) fn date_order(
        start_field: &'static str,
        start: Option<chrono::NaiveDate>,
        end_field: &'static str,
        end: Option<chrono::NaiveDate>,
    ) -> Result<()> {
        if let (Some(s), Some(e)) = (start, end)
            && s > e
        {
            return Err(CoreError::StartAfterEnd {
                start_field,
                start: crate::ids::format_date(s),
                end_field,
                end: crate::ids::format_date(e),
            });
        }
        Ok(())
    }

    /// A member that exists and is not deleted.
    pub(crate) fn member(s: &Scope<'_>, id: &MemberId) -> Result<()> {
        s.require(Kind::Member, id.as_str()).map(|_| ())
    }
}
