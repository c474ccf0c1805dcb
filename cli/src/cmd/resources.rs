//! `tandem resource …` (people, equipment, licences, vendors and their allocation to tasks) and
//! `tandem budget …` (budget lines, expenses, planned vs committed vs actual).

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tandem_core::ids::{BudgetLineId, ExpenseId, MemberId, ResourceId};
use tandem_core::money::format_minor;
use tandem_core::resources::{
    self, BudgetLinePatch, BudgetView, ExpensePatch, ExpenseState, NewAllocation, NewExpense, NewResource, RateUnit,
    ResourceCommand, ResourceKind, ResourcePatch, ResourceView,
};
use tandem_core::values::Edit;
use tandem_core::{Command, CoreError, Kind};

use crate::app::{self, App, opt, table};

#[derive(Debug, Subcommand)]
pub enum ResourceCmd {
    /// Add a resource with its cost rate and weekly capacity.
    ///
    /// Example: tandem resource add "Bo Chen" --kind person --rate 85 --unit hour --member Bo --capacity 32
    Add(ResourceAddArgs),
    /// List resources with their rates and allocated hours.
    ///
    /// Example: tandem resource list
    List {
        /// Include deleted resources.
        #[arg(long)]
        all: bool,
    },
    /// Change fields of a resource (by name or id).
    ///
    /// Example: tandem resource set "Bo Chen" --rate 90 --capacity none
    Set(ResourceSetArgs),
    /// Allocate hours of a resource to a task.
    ///
    /// Example: tandem resource allocate "Bo Chen" 3k --hours 16 --note "API work"
    Allocate {
        /// Resource name or id.
        resource: String,
        /// Task id.
        task: String,
        /// Hours of the resource the task needs (more than 0).
        #[arg(long, allow_negative_numbers = true)]
        hours: f64,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List allocations of resources to tasks.
    ///
    /// Example: tandem resource allocations --resource "Bo Chen"
    Allocations {
        /// Only this resource (name or id).
        #[arg(long)]
        resource: Option<String>,
        /// Include deleted allocations.
        #[arg(long)]
        all: bool,
    },
}

#[derive(Debug, Args)]
pub struct ResourceAddArgs {
    name: String,
    /// person, equipment, licence or vendor.
    #[arg(long)]
    kind: ResourceKind,
    /// Cost per unit, e.g. 85 or 85.50 (default 0).
    #[arg(long, value_parser = app::amount, allow_negative_numbers = true, default_value = "0")]
    rate: i64,
    /// What the rate is charged per: hour, day, month or fixed (a one-off price).
    #[arg(long, default_value = "hour")]
    unit: RateUnit,
    /// The project member this resource is (name or id), for people.
    #[arg(long)]
    member: Option<String>,
    /// Hours per week available.
    #[arg(long, allow_negative_numbers = true)]
    capacity: Option<f64>,
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(Debug, Args)]
pub struct ResourceSetArgs {
    /// Resource name or id.
    id: String,
    #[arg(long)]
    name: Option<String>,
    /// person, equipment, licence or vendor.
    #[arg(long)]
    kind: Option<ResourceKind>,
    /// Cost per unit.
    #[arg(long, value_parser = app::amount, allow_negative_numbers = true)]
    rate: Option<i64>,
    /// hour, day, month or fixed.
    #[arg(long)]
    unit: Option<RateUnit>,
    /// Member name or id ("none" clears it).
    #[arg(long)]
    member: Option<String>,
    /// Hours per week ("none" clears it).
    #[arg(long, allow_hyphen_values = true)]
    capacity: Option<String>,
    /// Replace the notes.
    #[arg(long)]
    notes: Option<String>,
}

/// An item id from a name (any case, unique among live items) or an id prefix.
fn by_name_or_id<T: std::str::FromStr>(
    app: &mut App,
    kind: Kind,
    typed: &str,
    names: Vec<(String, String)>,
    hint: &str,
) -> Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let t = typed.trim();
    let by_name: Vec<&String> = names.iter().filter(|(_, n)| n.eq_ignore_ascii_case(t)).map(|(id, _)| id).collect();
    match by_name.as_slice() {
        [one] => return Ok(one.parse()?),
        [] => {}
        _ => bail!("{t:?} is the name of several {}s; use the id ({hint})", kind.noun()),
    }
    match app.id::<T>(kind, t) {
        Err(e) if matches!(e.downcast_ref::<CoreError>(), Some(CoreError::NotFound { .. })) => {
            bail!("no {} is called {t:?} or has an id starting with it; {hint}", kind.noun())
        }
        r => r,
    }
}

/// A resource from its name or an id prefix.
fn resource_id(app: &mut App, typed: &str) -> Result<ResourceId> {
    let names = app
        .read(resources::resources)??
        .into_iter()
        .filter(|r| !r.deleted)
        .map(|r| (r.id.to_string(), r.name))
        .collect();
    by_name_or_id(app, Kind::Resource, typed, names, "`tandem resource list` shows names and ids")
}

/// A budget line from its name or an id prefix.
fn line_id(app: &mut App, typed: &str) -> Result<BudgetLineId> {
    let names = app
        .read(resources::budget_lines)??
        .into_iter()
        .filter(|l| !l.deleted)
        .map(|l| (l.id.to_string(), l.name))
        .collect();
    by_name_or_id(app, Kind::BudgetLine, typed, names, "`tandem budget show` lists the lines and their ids")
}

fn currency(app: &mut App) -> Result<String> {
    Ok(app.read(tandem_core::project::project)??.currency)
}

fn member_name(app: &mut App, m: &Option<MemberId>) -> Result<String> {
    match m {
        None => Ok("-".to_owned()),
        Some(m) => {
            let m = m.to_string();
            app.read(move |d| tandem_core::project::member_name(d, &m))
        }
    }
}

/// "85.00 EUR/hour", or "1200.00 EUR fixed".
fn rate(r: &ResourceView, currency: &str) -> String {
    match r.rate_unit {
        RateUnit::Fixed => format!("{} fixed", app::money(r.cost_rate, currency)),
        u => format!("{}/{u}", app::money(r.cost_rate, currency)),
    }
}

pub fn run_resource(app: &mut App, cmd: ResourceCmd) -> Result<()> {
    let cmd = match cmd {
        ResourceCmd::Add(a) => ResourceCommand::Add(NewResource {
            name: a.name,
            kind: a.kind,
            member: a.member.map(|m| app.member(&m)).transpose()?,
            cost_rate: a.rate,
            rate_unit: a.unit,
            capacity_hours_per_week: a.capacity,
            notes: a.notes,
        }),
        ResourceCmd::List { all } => return list_resources(app, all),
        ResourceCmd::Set(a) => {
            let id = resource_id(app, &a.id)?;
            let member = match a.member.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(m) => Edit::Set(app.member(m)?),
            };
            let capacity = match a.capacity.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(c) => Edit::Set(
                    c.trim()
                        .parse::<f64>()
                        .map_err(|_| anyhow::anyhow!("--capacity {c:?} is not a number of hours per week"))?,
                ),
            };
            let patch = ResourcePatch {
                name: a.name,
                kind: a.kind,
                member,
                cost_rate: a.rate,
                rate_unit: a.unit,
                capacity_hours_per_week: capacity,
                notes: a.notes,
            };
            ResourceCommand::Update { id, patch }
        }
        ResourceCmd::Allocate { resource, task, hours, note } => ResourceCommand::AddAllocation(NewAllocation {
            resource: resource_id(app, &resource)?,
            task: app.id(Kind::Task, &task)?,
            hours,
            note,
        }),
        ResourceCmd::Allocations { resource, all } => return list_allocations(app, resource, all),
    };
    app.exec_and_report(Command::Resource(cmd)).map(drop)
}

fn list_resources(app: &mut App, all: bool) -> Result<()> {
    let list: Vec<ResourceView> = app.read(resources::resources)??.into_iter().filter(|r| all || !r.deleted).collect();
    if app.json {
        return app.print_json(&list);
    }
    let cur = currency(app)?;
    let mut rows = Vec::new();
    for r in &list {
        rows.push(vec![
            r.id.to_string(),
            format!("{}{}", r.name, if r.deleted { " (deleted)" } else { "" }),
            r.kind.to_string(),
            rate(r, &cur),
            r.capacity_hours_per_week.map(|c| format!("{c} h/wk")).unwrap_or_else(|| "-".into()),
            format!("{}h", r.allocated_hours),
            member_name(app, &r.member)?,
        ]);
    }
    app.println(&table(&["id", "name", "kind", "rate", "capacity", "allocated", "member"], rows))
}

fn list_allocations(app: &mut App, resource: Option<String>, all: bool) -> Result<()> {
    let only = resource.map(|r| resource_id(app, &r)).transpose()?;
    let list: Vec<_> = app
        .read(resources::allocations)??
        .into_iter()
        .filter(|a| all || !a.deleted)
        .filter(|a| only.as_ref().is_none_or(|r| &a.resource == r))
        .collect();
    app.show(&list, || {
        table(
            &["id", "resource", "task", "hours", "note"],
            list.iter()
                .map(|a| {
                    vec![
                        format!("{}{}", a.id, if a.deleted { " (deleted)" } else { "" }),
                        a.resource_name.clone(),
                        format!("{}{}", a.task_title, if a.task_deleted { " (task deleted)" } else { "" }),
                        format!("{}h", a.hours),
                        if a.note.is_empty() { "-".to_owned() } else { a.note.clone() },
                    ]
                })
                .collect(),
        )
    })
}

#[derive(Debug, Subcommand)]
pub enum BudgetCmd {
    /// Budget lines: what money is planned for.
    ///
    /// Example: tandem budget line add "Cloud hosting" --planned 12000 --category infrastructure
    #[command(subcommand)]
    Line(LineCmd),
    /// Expenses booked against budget lines (committed or paid).
    ///
    /// Example: tandem budget expense add "Cloud hosting" 950 --committed --description "Reserved instances"
    #[command(subcommand)]
    Expense(ExpenseCmd),
    /// List expenses, oldest first.
    ///
    /// Example: tandem budget expenses --line "Cloud hosting"
    Expenses {
        /// Only this budget line (name or id).
        #[arg(long)]
        line: Option<String>,
        /// Include deleted expenses.
        #[arg(long)]
        all: bool,
    },
    /// Planned, committed, actual and remaining money per budget line, with totals.
    ///
    /// Example: tandem budget show
    Show,
}

#[derive(Debug, Subcommand)]
pub enum LineCmd {
    /// Add a budget line with its planned amount.
    ///
    /// Example: tandem budget line add "Cloud hosting" --planned 12000 --category infrastructure
    Add {
        name: String,
        /// Planned amount, e.g. 12000 or 12000.50.
        #[arg(long, value_parser = app::amount, allow_negative_numbers = true)]
        planned: i64,
        #[arg(long, default_value = "")]
        category: String,
    },
    /// Change a budget line (by name or id).
    ///
    /// Example: tandem budget line set "Cloud hosting" --planned 15000
    Set {
        /// Budget line name or id.
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long, value_parser = app::amount, allow_negative_numbers = true)]
        planned: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExpenseCmd {
    /// Book an expense against a budget line (paid, unless --committed).
    ///
    /// Example: tandem budget expense add "Cloud hosting" 950.50 --date 2026-11-30 --description "November bill"
    Add(ExpenseAddArgs),
    /// Change an expense, e.g. mark a committed one as paid.
    ///
    /// Example: tandem budget expense set 8h --state actual --date 2026-12-15
    Set(ExpenseSetArgs),
}

#[derive(Debug, Args)]
pub struct ExpenseAddArgs {
    /// Budget line name or id.
    line: String,
    /// Amount, e.g. 950 or 950.50.
    #[arg(value_parser = app::amount, allow_negative_numbers = true)]
    amount: i64,
    /// When it was spent or ordered (default: today).
    #[arg(long, value_parser = app::date)]
    date: Option<NaiveDate>,
    /// Ordered or contracted but not yet paid.
    #[arg(long)]
    committed: bool,
    #[arg(long, default_value = "")]
    description: String,
    /// The resource it pays for (name or id).
    #[arg(long)]
    resource: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExpenseSetArgs {
    /// Expense id.
    id: String,
    /// Move it to another budget line (name or id).
    #[arg(long)]
    line: Option<String>,
    #[arg(long, value_parser = app::amount, allow_negative_numbers = true)]
    amount: Option<i64>,
    #[arg(long, value_parser = app::date)]
    date: Option<NaiveDate>,
    #[arg(long)]
    description: Option<String>,
    /// committed (ordered, not yet paid) or actual (paid).
    #[arg(long)]
    state: Option<ExpenseState>,
    /// Resource name or id ("none" clears it).
    #[arg(long)]
    resource: Option<String>,
}

pub fn run_budget(app: &mut App, cmd: BudgetCmd) -> Result<()> {
    let cmd = match cmd {
        BudgetCmd::Line(LineCmd::Add { name, planned, category }) => {
            ResourceCommand::AddBudgetLine { name, category, planned }
        }
        BudgetCmd::Line(LineCmd::Set { id, name, category, planned }) => ResourceCommand::UpdateBudgetLine {
            id: line_id(app, &id)?,
            patch: BudgetLinePatch { name, category, planned },
        },
        BudgetCmd::Expense(ExpenseCmd::Add(a)) => ResourceCommand::AddExpense(NewExpense {
            budget_line: line_id(app, &a.line)?,
            amount: a.amount,
            date: a.date.unwrap_or_else(|| app.today()),
            description: a.description,
            state: if a.committed { ExpenseState::Committed } else { ExpenseState::Actual },
            resource: a.resource.map(|r| resource_id(app, &r)).transpose()?,
        }),
        BudgetCmd::Expense(ExpenseCmd::Set(a)) => {
            let id: ExpenseId = app.id(Kind::Expense, &a.id)?;
            let resource = match a.resource.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(r) => Edit::Set(resource_id(app, r)?),
            };
            let patch = ExpensePatch {
                budget_line: a.line.map(|l| line_id(app, &l)).transpose()?,
                amount: a.amount,
                date: a.date,
                description: a.description,
                state: a.state,
                resource,
            };
            ResourceCommand::UpdateExpense { id, patch }
        }
        BudgetCmd::Expenses { line, all } => return list_expenses(app, line, all),
        BudgetCmd::Show => return show_budget(app),
    };
    app.exec_and_report(Command::Resource(cmd)).map(drop)
}

fn list_expenses(app: &mut App, line: Option<String>, all: bool) -> Result<()> {
    let only = line.map(|l| line_id(app, &l)).transpose()?;
    let list: Vec<_> = app
        .read(resources::expenses)??
        .into_iter()
        .filter(|e| all || !e.deleted)
        .filter(|e| only.as_ref().is_none_or(|l| &e.budget_line == l))
        .collect();
    if app.json {
        return app.print_json(&list);
    }
    let cur = currency(app)?;
    let names: Vec<(ResourceId, String)> =
        app.read(resources::resources)??.into_iter().map(|r| (r.id, r.name)).collect();
    let rows = list
        .iter()
        .map(|e| {
            vec![
                format!("{}{}", e.id, if e.deleted { " (deleted)" } else { "" }),
                opt(&e.date),
                e.budget_line_name.clone(),
                app::money(e.amount, &cur),
                e.state.to_string(),
                if e.description.is_empty() { "-".to_owned() } else { e.description.clone() },
                e.resource
                    .as_ref()
                    .map(|r| {
                        names.iter().find(|(id, _)| id == r).map(|(_, n)| n.clone()).unwrap_or_else(|| r.to_string())
                    })
                    .unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    app.println(&table(&["id", "date", "line", "amount", "state", "description", "resource"], rows))
}

fn show_budget(app: &mut App) -> Result<()> {
    let b: BudgetView = app.read(resources::budget)??;
    app.show(&b, || {
        let mut out = format!("Budget in {}", b.currency);
        if let (Some(p), Some(u)) = (b.project_budget, b.unplanned) {
            out.push_str(&format!(
                ": project budget {}, {} {}",
                format_minor(p),
                format_minor(u.abs()),
                if u < 0 { "planned beyond it" } else { "not yet planned in lines" }
            ));
        }
        out.push('\n');
        if b.lines.is_empty() {
            out.push_str("(no budget lines yet: add one with `tandem budget line add`)");
            return out;
        }
        let mut rows: Vec<Vec<String>> = b
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.id.to_string(),
                    l.name.clone(),
                    if l.category.is_empty() { "-".to_owned() } else { l.category.clone() },
                    format_minor(l.money.planned),
                    format_minor(l.money.committed),
                    format_minor(l.money.actual),
                    format_minor(l.money.remaining),
                    if l.over { "OVER BUDGET" } else { "" }.to_owned(),
                ]
            })
            .collect();
        let t = &b.totals;
        rows.push(vec![
            String::new(),
            "total".to_owned(),
            String::new(),
            format_minor(t.planned),
            format_minor(t.committed),
            format_minor(t.actual),
            format_minor(t.remaining),
            if t.remaining < 0 { "OVER BUDGET" } else { "" }.to_owned(),
        ]);
        out.push_str(&table(&["id", "line", "category", "planned", "committed", "actual", "remaining", ""], rows));
        out
    })
}
