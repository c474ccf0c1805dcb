//! Resources (people, equipment, licences, vendors) and their allocations to tasks, and the
//! budget: budget lines with a planned amount, and the expenses booked against them.
//!
//! Money is integer minor units (cents) throughout. Deleting any of these items goes through the
//! generic [`crate::items::ItemCommand::Delete`]; deleted items drop out of the totals.

use std::collections::{BTreeMap, HashMap};

use automerge::ReadDoc;
use automerge::transaction::Transactable;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check, find_item};
use crate::doc::{self, Fields, get_i64, get_string, get_text};
use crate::error::{CoreError, Result};
use crate::ids::{AllocationId, BudgetLineId, ExpenseId, MemberId, Millis, ResourceId, TaskId};
use crate::money::format_minor;
use crate::schema::{self, Kind};
use crate::values::{Edit, choice};

choice! {
    /// What sort of resource it is.
    ResourceKind, "kind" {
        Person = "person",
        Equipment = "equipment",
        Licence = "licence",
        Vendor = "vendor",
    }
}

choice! {
    /// What a resource's cost rate is charged per.
    RateUnit, "rate unit" {
        Hour = "hour",
        Day = "day",
        Month = "month",
        /// A one-off price.
        Fixed = "fixed",
    }
}

choice! {
    /// Whether an expense is only ordered or already paid.
    ExpenseState, "state" {
        /// Ordered or contracted, not yet paid.
        Committed = "committed",
        /// Paid.
        Actual = "actual",
    }
}

/// A new resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewResource {
    pub name: String,
    pub kind: ResourceKind,
    /// The project member this resource is, for people.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub member: Option<MemberId>,
    /// Cost per `rate_unit`, in minor units.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub cost_rate: i64,
    pub rate_unit: RateUnit,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub capacity_hours_per_week: Option<f64>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub notes: String,
}

/// Fields of a resource that an update may change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct ResourcePatch {
    pub name: Option<String>,
    pub kind: Option<ResourceKind>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub member: Edit<MemberId>,
    pub cost_rate: Option<i64>,
    pub rate_unit: Option<RateUnit>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub capacity_hours_per_week: Edit<f64>,
    pub notes: Option<String>,
}

/// A new allocation of a resource to a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewAllocation {
    pub resource: ResourceId,
    pub task: TaskId,
    /// Hours of the resource the task needs; more than 0.
    pub hours: f64,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub note: String,
}

/// Fields of an allocation that an update may change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct AllocationPatch {
    pub resource: Option<ResourceId>,
    pub task: Option<TaskId>,
    pub hours: Option<f64>,
    pub note: Option<String>,
}

/// Fields of a budget line that an update may change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct BudgetLinePatch {
    pub name: Option<String>,
    pub category: Option<String>,
    pub planned: Option<i64>,
}

/// A new expense.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewExpense {
    pub budget_line: BudgetLineId,
    /// Minor units; more than 0.
    pub amount: i64,
    pub date: NaiveDate,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub description: String,
    pub state: ExpenseState,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub resource: Option<ResourceId>,
}

/// Fields of an expense that an update may change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct ExpensePatch {
    pub budget_line: Option<BudgetLineId>,
    pub amount: Option<i64>,
    pub date: Option<NaiveDate>,
    pub description: Option<String>,
    pub state: Option<ExpenseState>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub resource: Edit<ResourceId>,
}

/// Resource, allocation, budget line and expense commands. Removing any of them is the generic
/// soft delete ([`crate::items::ItemCommand::Delete`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ResourceCommand {
    /// Adds a resource.
    Add(NewResource),
    /// Edits a resource.
    Update { id: ResourceId, patch: ResourcePatch },
    /// Allocates hours of a resource to a task.
    AddAllocation(NewAllocation),
    /// Edits an allocation.
    UpdateAllocation { id: AllocationId, patch: AllocationPatch },
    /// Adds a budget line.
    AddBudgetLine {
        name: String,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        category: String,
        /// Planned amount in minor units; not negative.
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        planned: i64,
    },
    /// Edits a budget line.
    UpdateBudgetLine { id: BudgetLineId, patch: BudgetLinePatch },
    /// Books an expense against a budget line.
    AddExpense(NewExpense),
    /// Edits an expense (e.g. marks a committed expense as paid).
    UpdateExpense { id: ExpenseId, patch: ExpensePatch },
}

const NAME_MAX: usize = 200;
const SHORT_MAX: usize = 120;
const NOTE_MAX: usize = 2000;

impl ResourceCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            ResourceCommand::Add(r) => add_resource(s, r),
            ResourceCommand::Update { id, patch } => update_resource(s, &id, patch),
            ResourceCommand::AddAllocation(a) => add_allocation(s, a),
            ResourceCommand::UpdateAllocation { id, patch } => update_allocation(s, &id, patch),
            ResourceCommand::AddBudgetLine { name, category, planned } => {
                let name = check::title("name", &name, NAME_MAX)?;
                let category = optional_text("category", &category, SHORT_MAX)?;
                let planned = check::money("planned", planned)?;
                let id: BudgetLineId = s.fresh_id(Kind::BudgetLine)?;
                let obj = s.create_item(Kind::BudgetLine, id.as_str())?;
                s.tx.put(&obj, "name", name.as_str())?;
                s.tx.put(&obj, "category", category.as_str())?;
                s.tx.put(&obj, "planned", planned)?;
                Ok(Applied::created(
                    format!("Add budget line '{name}' ({} {})", format_minor(planned), currency(s)),
                    id.as_str(),
                ))
            }
            ResourceCommand::UpdateBudgetLine { id, patch } => update_budget_line(s, &id, patch),
            ResourceCommand::AddExpense(e) => add_expense(s, e),
            ResourceCommand::UpdateExpense { id, patch } => update_expense(s, &id, patch),
        }
    }
}

/// A trimmed free-text value that may be empty.
fn optional_text(field: &'static str, v: &str, max: usize) -> Result<String> {
    let t = v.trim();
    let len = t.chars().count();
    if len > max {
        return Err(CoreError::TooLong { field, len, max });
    }
    Ok(t.to_owned())
}

/// Hours that must be more than zero.
fn positive_hours(field: &'static str, v: f64) -> Result<f64> {
    let v = check::non_negative(field, v)?;
    if v == 0.0 {
        return Err(CoreError::Invalid(format!("{field} must be more than 0")));
    }
    Ok(v)
}

/// A money amount that must be more than zero.
fn positive_money(field: &'static str, v: i64) -> Result<i64> {
    let v = check::money(field, v)?;
    if v == 0 {
        return Err(CoreError::Invalid(format!("{field} must be more than 0")));
    }
    Ok(v)
}

fn currency(s: &Scope<'_>) -> String {
    crate::project::project(s.doc()).map(|p| p.currency).unwrap_or_default()
}

fn name_of<R: ReadDoc>(doc: &R, kind: Kind, id: &str, field: &str) -> String {
    find_item(doc, kind, id).ok().and_then(|o| get_string(doc, &o, field)).unwrap_or_else(|| id.to_owned())
}

fn add_resource(s: &mut Scope<'_>, r: NewResource) -> Result<Applied> {
    let name = check::title("name", &r.name, NAME_MAX)?;
    let rate = check::money("cost rate", r.cost_rate)?;
    if let Some(c) = r.capacity_hours_per_week {
        check::non_negative("capacity", c)?;
    }
    let notes = optional_text("notes", &r.notes, NOTE_MAX)?;
    if let Some(m) = &r.member {
        check::member(s, m)?;
    }
    let id: ResourceId = s.fresh_id(Kind::Resource)?;
    let obj = s.create_item(Kind::Resource, id.as_str())?;
    s.tx.put(&obj, "name", name.as_str())?;
    s.tx.put(&obj, "kind", r.kind.as_str())?;
    doc::put_opt_str(&mut s.tx, &obj, "member", r.member.as_ref().map(MemberId::as_str))?;
    s.tx.put(&obj, "cost_rate", rate)?;
    s.tx.put(&obj, "rate_unit", r.rate_unit.as_str())?;
    doc::put_opt_f64(&mut s.tx, &obj, "capacity_hours_per_week", r.capacity_hours_per_week)?;
    s.tx.put(&obj, "notes", notes.as_str())?;
    if let Some(m) = &r.member {
        s.touch(Kind::Member, m.as_str());
    }
    Ok(Applied::created(format!("Add {} '{name}'", r.kind), id.as_str()))
}

fn update_resource(s: &mut Scope<'_>, id: &ResourceId, patch: ResourcePatch) -> Result<Applied> {
    let obj = s.item(Kind::Resource, id.as_str())?;
    let old = get_text(&s.tx, &obj, "name");
    let name = patch.name.as_deref().map(|n| check::title("name", n, NAME_MAX)).transpose()?;
    let rate = patch.cost_rate.map(|r| check::money("cost rate", r)).transpose()?;
    if let Edit::Set(c) = &patch.capacity_hours_per_week {
        check::non_negative("capacity", *c)?;
    }
    let notes = patch.notes.as_deref().map(|n| optional_text("notes", n, NOTE_MAX)).transpose()?;
    if let Edit::Set(m) = &patch.member {
        check::member(s, m)?;
    }

    let mut changed = Vec::new();
    if let Some(n) = name {
        s.tx.put(&obj, "name", n.as_str())?;
        changed.push(format!("name to '{n}'"));
    }
    if let Some(k) = patch.kind {
        s.tx.put(&obj, "kind", k.as_str())?;
        changed.push(format!("kind to {k}"));
    }
    if !patch.member.is_keep() {
        let m = patch.member.resolve(None);
        doc::put_opt_str(&mut s.tx, &obj, "member", m.as_ref().map(MemberId::as_str))?;
        changed.push(match &m {
            Some(m) => {
                s.touch(Kind::Member, m.as_str());
                format!("member to {}", crate::project::member_name(&s.tx, m.as_str()))
            }
            None => "member cleared".to_owned(),
        });
    }
    if let Some(r) = rate {
        s.tx.put(&obj, "cost_rate", r)?;
        changed.push(format!("cost rate to {}", format_minor(r)));
    }
    if let Some(u) = patch.rate_unit {
        s.tx.put(&obj, "rate_unit", u.as_str())?;
        changed.push(format!("rate unit to {u}"));
    }
    if !patch.capacity_hours_per_week.is_keep() {
        let c = patch.capacity_hours_per_week.resolve(None);
        doc::put_opt_f64(&mut s.tx, &obj, "capacity_hours_per_week", c)?;
        changed.push(match c {
            Some(c) => format!("capacity to {c} h/week"),
            None => "capacity cleared".to_owned(),
        });
    }
    if let Some(n) = notes {
        s.tx.put(&obj, "notes", n.as_str())?;
        changed.push("notes".to_owned());
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update resource '{old}': {}", changed.join(", "))))
}

fn add_allocation(s: &mut Scope<'_>, a: NewAllocation) -> Result<Applied> {
    let hours = positive_hours("hours", a.hours)?;
    let note = optional_text("note", &a.note, NOTE_MAX)?;
    s.require(Kind::Resource, a.resource.as_str())?;
    s.require(Kind::Task, a.task.as_str())?;
    let id: AllocationId = s.fresh_id(Kind::Allocation)?;
    let obj = s.create_item(Kind::Allocation, id.as_str())?;
    s.tx.put(&obj, "resource", a.resource.as_str())?;
    s.tx.put(&obj, "task", a.task.as_str())?;
    s.tx.put(&obj, "hours", hours)?;
    s.tx.put(&obj, "note", note.as_str())?;
    s.touch(Kind::Resource, a.resource.as_str());
    s.touch(Kind::Task, a.task.as_str());
    Ok(Applied::created(
        format!(
            "Allocate {hours} h of '{}' to '{}'",
            name_of(&s.tx, Kind::Resource, a.resource.as_str(), "name"),
            name_of(&s.tx, Kind::Task, a.task.as_str(), "title")
        ),
        id.as_str(),
    ))
}

fn update_allocation(s: &mut Scope<'_>, id: &AllocationId, patch: AllocationPatch) -> Result<Applied> {
    let obj = s.item(Kind::Allocation, id.as_str())?;
    let hours = patch.hours.map(|h| positive_hours("hours", h)).transpose()?;
    let note = patch.note.as_deref().map(|n| optional_text("note", n, NOTE_MAX)).transpose()?;
    if let Some(r) = &patch.resource {
        s.require(Kind::Resource, r.as_str())?;
    }
    if let Some(t) = &patch.task {
        s.require(Kind::Task, t.as_str())?;
    }

    let mut changed = Vec::new();
    if let Some(r) = &patch.resource {
        s.tx.put(&obj, "resource", r.as_str())?;
        s.touch(Kind::Resource, r.as_str());
        changed.push(format!("resource to '{}'", name_of(&s.tx, Kind::Resource, r.as_str(), "name")));
    }
    if let Some(t) = &patch.task {
        s.tx.put(&obj, "task", t.as_str())?;
        s.touch(Kind::Task, t.as_str());
        changed.push(format!("task to '{}'", name_of(&s.tx, Kind::Task, t.as_str(), "title")));
    }
    if let Some(h) = hours {
        s.tx.put(&obj, "hours", h)?;
        changed.push(format!("hours to {h}"));
    }
    if let Some(n) = note {
        s.tx.put(&obj, "note", n.as_str())?;
        changed.push("note".to_owned());
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    let resource = get_text(&s.tx, &obj, "resource");
    let task = get_text(&s.tx, &obj, "task");
    Ok(Applied::new(format!(
        "Update allocation of '{}' to '{}': {}",
        name_of(&s.tx, Kind::Resource, &resource, "name"),
        name_of(&s.tx, Kind::Task, &task, "title"),
        changed.join(", ")
    )))
}

fn update_budget_line(s: &mut Scope<'_>, id: &BudgetLineId, patch: BudgetLinePatch) -> Result<Applied> {
    let obj = s.item(Kind::BudgetLine, id.as_str())?;
    let old = get_text(&s.tx, &obj, "name");
    let name = patch.name.as_deref().map(|n| check::title("name", n, NAME_MAX)).transpose()?;
    let category = patch.category.as_deref().map(|c| optional_text("category", c, SHORT_MAX)).transpose()?;
    let planned = patch.planned.map(|p| check::money("planned", p)).transpose()?;

    let mut changed = Vec::new();
    if let Some(n) = name {
        s.tx.put(&obj, "name", n.as_str())?;
        changed.push(format!("name to '{n}'"));
    }
    if let Some(c) = category {
        s.tx.put(&obj, "category", c.as_str())?;
        changed.push(format!("category to '{c}'"));
    }
    if let Some(p) = planned {
        s.tx.put(&obj, "planned", p)?;
        changed.push(format!("planned to {}", format_minor(p)));
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update budget line '{old}': {}", changed.join(", "))))
}

fn add_expense(s: &mut Scope<'_>, e: NewExpense) -> Result<Applied> {
    let amount = positive_money("amount", e.amount)?;
    let description = optional_text("description", &e.description, NOTE_MAX)?;
    s.require(Kind::BudgetLine, e.budget_line.as_str())?;
    if let Some(r) = &e.resource {
        s.require(Kind::Resource, r.as_str())?;
    }
    let id: ExpenseId = s.fresh_id(Kind::Expense)?;
    let obj = s.create_item(Kind::Expense, id.as_str())?;
    s.tx.put(&obj, "budget_line", e.budget_line.as_str())?;
    s.tx.put(&obj, "amount", amount)?;
    doc::put_opt_date(&mut s.tx, &obj, "date", Some(e.date))?;
    s.tx.put(&obj, "description", description.as_str())?;
    s.tx.put(&obj, "state", e.state.as_str())?;
    doc::put_opt_str(&mut s.tx, &obj, "resource", e.resource.as_ref().map(ResourceId::as_str))?;
    s.touch(Kind::BudgetLine, e.budget_line.as_str());
    let what = match e.state {
        ExpenseState::Committed => "Commit",
        ExpenseState::Actual => "Book",
    };
    Ok(Applied::created(
        format!(
            "{what} {} {} on '{}'",
            format_minor(amount),
            currency(s),
            name_of(&s.tx, Kind::BudgetLine, e.budget_line.as_str(), "name")
        ),
        id.as_str(),
    ))
}

fn update_expense(s: &mut Scope<'_>, id: &ExpenseId, patch: ExpensePatch) -> Result<Applied> {
    let obj = s.item(Kind::Expense, id.as_str())?;
    let amount = patch.amount.map(|a| positive_money("amount", a)).transpose()?;
    let description = patch.description.as_deref().map(|d| optional_text("description", d, NOTE_MAX)).transpose()?;
    if let Some(l) = &patch.budget_line {
        s.require(Kind::BudgetLine, l.as_str())?;
    }
    if let Edit::Set(r) = &patch.resource {
        s.require(Kind::Resource, r.as_str())?;
    }

    let mut changed = Vec::new();
    if let Some(l) = &patch.budget_line {
        s.tx.put(&obj, "budget_line", l.as_str())?;
        s.touch(Kind::BudgetLine, l.as_str());
        changed.push(format!("budget line to '{}'", name_of(&s.tx, Kind::BudgetLine, l.as_str(), "name")));
    }
    if let Some(a) = amount {
        s.tx.put(&obj, "amount", a)?;
        changed.push(format!("amount to {}", format_minor(a)));
    }
    if let Some(d) = patch.date {
        doc::put_opt_date(&mut s.tx, &obj, "date", Some(d))?;
        changed.push(format!("date to {d}"));
    }
    if let Some(d) = description {
        s.tx.put(&obj, "description", d.as_str())?;
        changed.push("description".to_owned());
    }
    if let Some(st) = patch.state {
        s.tx.put(&obj, "state", st.as_str())?;
        changed.push(format!("state to {st}"));
    }
    if !patch.resource.is_keep() {
        let r = patch.resource.resolve(None);
        doc::put_opt_str(&mut s.tx, &obj, "resource", r.as_ref().map(ResourceId::as_str))?;
        changed.push(match &r {
            Some(r) => format!("resource to '{}'", name_of(&s.tx, Kind::Resource, r.as_str(), "name")),
            None => "resource cleared".to_owned(),
        });
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    let amount = get_i64(&s.tx, &obj, "amount").unwrap_or(0);
    Ok(Applied::new(format!("Update expense of {}: {}", format_minor(amount), changed.join(", "))))
}

// ---------------------------------------------------------------------------------------------
// Views

/// The items of one kind that other items point at (the resource and task of an allocation, the
/// budget line of an expense), each read once however many items point at it.
struct Refs<'d, R> {
    doc: &'d R,
    kind: Kind,
    /// The field that names such an item.
    field: &'static str,
    /// id → (the name field, deleted), or `None` for an id that is not in the collection.
    seen: HashMap<String, Option<(Option<String>, bool)>>,
}

impl<'d, R: ReadDoc> Refs<'d, R> {
    fn new(doc: &'d R, kind: Kind, field: &'static str) -> Self {
        Refs { doc, kind, field, seen: HashMap::new() }
    }

    fn get(&mut self, id: &str) -> Option<&(Option<String>, bool)> {
        let (doc, kind, field) = (self.doc, self.kind, self.field);
        self.seen
            .entry(id.to_owned())
            .or_insert_with(|| schema::read_item(doc, kind, id).ok().map(|f| (f.string(field), f.is_deleted())))
            .as_ref()
    }

    /// As `name_of`: the item's name field, or its id when it is unknown or has none.
    fn name(&mut self, id: &str) -> String {
        self.get(id).and_then(|(name, _)| name.clone()).unwrap_or_else(|| id.to_owned())
    }

    /// Whether the item is deleted or unknown.
    fn gone(&mut self, id: &str) -> bool {
        self.get(id).is_none_or(|(_, deleted)| *deleted)
    }
}

/// A resource as every view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResourceView {
    pub id: ResourceId,
    pub name: String,
    pub kind: ResourceKind,
    pub member: Option<MemberId>,
    /// Minor units per `rate_unit`.
    pub cost_rate: i64,
    pub rate_unit: RateUnit,
    pub capacity_hours_per_week: Option<f64>,
    pub notes: String,
    /// Hours allocated to live tasks by live allocations.
    pub allocated_hours: f64,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

fn read_resource<R: ReadDoc>(id: &str, f: &Fields<'_, R>) -> Option<ResourceView> {
    Some(ResourceView {
        id: id.parse().ok()?,
        name: f.text("name"),
        kind: f.choice("kind", ResourceKind::Person),
        member: f.parse("member"),
        cost_rate: f.i64("cost_rate").unwrap_or(0),
        rate_unit: f.choice("rate_unit", RateUnit::Hour),
        capacity_hours_per_week: f.f64("capacity_hours_per_week"),
        notes: f.text("notes"),
        allocated_hours: 0.0,
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Every resource, deleted ones included (check `deleted`), by name then id.
pub fn resources<R: ReadDoc>(doc: &R) -> Result<Vec<ResourceView>> {
    let mut out = schema::read_items(doc, Kind::Resource, read_resource)?;
    let mut hours: BTreeMap<ResourceId, f64> = BTreeMap::new();
    for a in allocations(doc)?.into_iter().filter(|a| !a.deleted && !a.task_deleted) {
        *hours.entry(a.resource).or_default() += a.hours;
    }
    for r in &mut out {
        r.allocated_hours = hours.get(&r.id).copied().unwrap_or(0.0);
    }
    out.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// One resource by id.
pub fn resource<R: ReadDoc>(doc: &R, id: &ResourceId) -> Result<ResourceView> {
    resources(doc)?
        .into_iter()
        .find(|r| &r.id == id)
        .ok_or_else(|| CoreError::NotFound { kind: Kind::Resource.noun(), id: id.to_string() })
}

/// An allocation of a resource to a task, with the names it points at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AllocationView {
    pub id: AllocationId,
    pub resource: ResourceId,
    /// The resource's name (its id if it is unknown).
    pub resource_name: String,
    pub task: TaskId,
    /// The task's title (its id if it is unknown).
    pub task_title: String,
    /// Whether the task is deleted or unknown (the allocation then counts for nothing).
    pub task_deleted: bool,
    pub hours: f64,
    pub note: String,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

fn read_allocation<R: ReadDoc>(
    id: &str,
    f: &Fields<'_, R>,
    resources: &mut Refs<'_, R>,
    tasks: &mut Refs<'_, R>,
) -> Option<AllocationView> {
    let resource: ResourceId = f.parse("resource")?;
    let task: TaskId = f.parse("task")?;
    Some(AllocationView {
        id: id.parse().ok()?,
        resource_name: resources.name(resource.as_str()),
        task_title: tasks.name(task.as_str()),
        task_deleted: tasks.gone(task.as_str()),
        resource,
        task,
        hours: f.f64("hours").filter(|h| h.is_finite() && *h >= 0.0).unwrap_or(0.0),
        note: f.text("note"),
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Every allocation, deleted ones included (check `deleted`), by resource name, task title, id.
pub fn allocations<R: ReadDoc>(doc: &R) -> Result<Vec<AllocationView>> {
    let (mut resources, mut tasks) = (Refs::new(doc, Kind::Resource, "name"), Refs::new(doc, Kind::Task, "title"));
    let mut out =
        schema::read_items(doc, Kind::Allocation, |id, f| read_allocation(id, f, &mut resources, &mut tasks))?;
    out.sort_by(|a, b| {
        a.resource_name
            .to_lowercase()
            .cmp(&b.resource_name.to_lowercase())
            .then(a.resource.cmp(&b.resource))
            .then(a.task_title.to_lowercase().cmp(&b.task_title.to_lowercase()))
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}

/// An expense as every view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExpenseView {
    pub id: ExpenseId,
    pub budget_line: BudgetLineId,
    pub budget_line_name: String,
    /// Minor units.
    pub amount: i64,
    pub date: Option<NaiveDate>,
    pub description: String,
    pub state: ExpenseState,
    pub resource: Option<ResourceId>,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

fn read_expense<R: ReadDoc>(id: &str, f: &Fields<'_, R>, lines: &mut Refs<'_, R>) -> Option<ExpenseView> {
    let line: BudgetLineId = f.parse("budget_line")?;
    Some(ExpenseView {
        id: id.parse().ok()?,
        budget_line_name: lines.name(line.as_str()),
        budget_line: line,
        amount: f.i64("amount").unwrap_or(0),
        date: f.date("date"),
        description: f.text("description"),
        state: f.choice("state", ExpenseState::Actual),
        resource: f.parse("resource"),
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Every expense, deleted ones included (check `deleted`), by date (undated last) then id.
pub fn expenses<R: ReadDoc>(doc: &R) -> Result<Vec<ExpenseView>> {
    let mut lines = Refs::new(doc, Kind::BudgetLine, "name");
    let mut out = schema::read_items(doc, Kind::Expense, |id, f| read_expense(id, f, &mut lines))?;
    out.sort_by(|a, b| a.date.is_none().cmp(&b.date.is_none()).then(a.date.cmp(&b.date)).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Planned, committed and paid money, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BudgetTotals {
    pub planned: i64,
    /// Ordered, not yet paid.
    pub committed: i64,
    /// Paid.
    pub actual: i64,
    /// `planned - committed - actual`; negative when overspent.
    pub remaining: i64,
}

impl BudgetTotals {
    fn add(&mut self, o: &BudgetTotals) {
        self.planned = self.planned.saturating_add(o.planned);
        self.committed = self.committed.saturating_add(o.committed);
        self.actual = self.actual.saturating_add(o.actual);
        self.settle();
    }
    fn settle(&mut self) {
        self.remaining = self.planned.saturating_sub(self.committed).saturating_sub(self.actual);
    }
}

/// One budget line with what was spent against it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BudgetLineView {
    pub id: BudgetLineId,
    pub name: String,
    pub category: String,
    pub money: BudgetTotals,
    /// Live expenses booked against this line.
    pub expenses: usize,
    /// Whether committed + actual exceed the planned amount.
    pub over: bool,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

/// The project budget: the live lines and their totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BudgetView {
    pub currency: String,
    /// The project's overall budget, if one is set.
    pub project_budget: Option<i64>,
    /// Project budget minus the lines' planned total (negative when the lines plan more).
    pub unplanned: Option<i64>,
    /// Live lines by category, name, id.
    pub lines: Vec<BudgetLineView>,
    /// Sums over the live lines (expenses on deleted lines are not counted).
    pub totals: BudgetTotals,
}

fn read_line<R: ReadDoc>(id: &str, f: &Fields<'_, R>) -> Option<BudgetLineView> {
    let planned = f.i64("planned").unwrap_or(0);
    Some(BudgetLineView {
        id: id.parse().ok()?,
        name: f.text("name"),
        category: f.text("category"),
        money: BudgetTotals { planned, committed: 0, actual: 0, remaining: planned },
        expenses: 0,
        over: false,
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Every budget line, deleted ones included (check `deleted`), with its committed and actual
/// money from live expenses; by category, name, id.
pub fn budget_lines<R: ReadDoc>(doc: &R) -> Result<Vec<BudgetLineView>> {
    let mut lines = schema::read_items(doc, Kind::BudgetLine, read_line)?;
    let mut by_line: BTreeMap<BudgetLineId, BudgetTotals> = BTreeMap::new();
    let mut counts: BTreeMap<BudgetLineId, usize> = BTreeMap::new();
    for e in expenses(doc)?.into_iter().filter(|e| !e.deleted) {
        let t = by_line.entry(e.budget_line.clone()).or_default();
        match e.state {
            ExpenseState::Committed => t.committed = t.committed.saturating_add(e.amount),
            ExpenseState::Actual => t.actual = t.actual.saturating_add(e.amount),
        }
        *counts.entry(e.budget_line).or_default() += 1;
    }
    for l in &mut lines {
        if let Some(t) = by_line.get(&l.id) {
            l.money.add(t);
        }
        l.expenses = counts.get(&l.id).copied().unwrap_or(0);
        l.over = l.money.remaining < 0;
    }
    lines.sort_by(|a, b| {
        a.category
            .to_lowercase()
            .cmp(&b.category.to_lowercase())
            .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then(a.id.cmp(&b.id))
    });
    Ok(lines)
}

/// The budget: live lines with planned / committed / actual / remaining, their totals, and the
/// project's overall budget and currency.
pub fn budget<R: ReadDoc>(doc: &R) -> Result<BudgetView> {
    let project = crate::project::project(doc)?;
    let lines: Vec<BudgetLineView> = budget_lines(doc)?.into_iter().filter(|l| !l.deleted).collect();
    let mut totals = BudgetTotals::default();
    for l in &lines {
        totals.add(&l.money);
    }
    Ok(BudgetView {
        currency: project.currency,
        project_budget: project.budget,
        unplanned: project.budget.map(|b| b.saturating_sub(totals.planned)),
        lines,
        totals,
    })
}
