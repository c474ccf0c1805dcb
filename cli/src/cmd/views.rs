//! Cross-area views (`tandem dashboard`, `tandem workload`, `tandem conflicts`) and the generic
//! `tandem delete` / `tandem restore`.

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};
use tandem_core::items::ItemCommand;
use tandem_core::merge::ConflictValue;
use tandem_core::resolve::{ConflictCommand, Resolution};
use tandem_core::{Command, Kind};

use crate::app::{self, App, money, opt, table};

#[derive(Debug, Args)]
pub struct DashboardArgs {
    /// Look at the project as of this date (default: today).
    #[arg(long, value_parser = app::date)]
    today: Option<NaiveDate>,
}

/// Example: tandem dashboard
pub fn dashboard(app: &mut App, a: DashboardArgs) -> Result<()> {
    let today = a.today.unwrap_or_else(|| app.today());
    let d = app.read(move |doc| tandem_core::views::dashboard(doc, today))??;
    if app.json {
        return app.print_json(&d);
    }
    let mut out = format!(
        "{}{}  as of {}\nhealth: {}{}\n",
        d.name,
        d.client.as_ref().map(|c| format!(" for {c}")).unwrap_or_default(),
        d.today,
        d.health,
        if d.health_overridden { " (set by hand)" } else { "" }
    );
    for r in &d.health_reasons {
        out.push_str(&format!("  - {r}\n"));
    }
    out.push_str(&format!(
        "progress: {}% complete by estimate; {} open, {} done, {} overdue\n",
        d.percent_complete, d.tasks_open, d.tasks_done, d.tasks_overdue
    ));
    if !d.overdue.is_empty() {
        out.push_str("\noverdue:\n");
        let rows = d
            .overdue
            .iter()
            .map(|t| {
                vec![
                    t.id.to_string(),
                    t.title.clone(),
                    t.due.to_string(),
                    format!("{}d", t.days_late),
                    t.assignee_names.join(", "),
                ]
            })
            .collect();
        out.push_str(&table(&["id", "task", "due", "late", "assignees"], rows));
        out.push('\n');
    }
    if !d.next_milestones.is_empty() {
        out.push_str("\nnext milestones:\n");
        let rows = d
            .next_milestones
            .iter()
            .map(|m| vec![m.title.clone(), opt(&m.due), format!("{}/{} tasks", m.tasks_done, m.tasks_total)])
            .collect();
        out.push_str(&table(&["milestone", "due", "done"], rows));
        out.push('\n');
    }
    if !d.goals.is_empty() {
        out.push_str("\ngoals:\n");
        let rows = d
            .goals
            .iter()
            .map(|g| {
                vec![
                    g.title.clone(),
                    format!("{} / {} {}", g.current, g.target, g.metric),
                    format!("{:.0}%", g.progress * 100.0),
                    match g.on_track {
                        Some(true) => "on track".into(),
                        Some(false) => "behind".into(),
                        None => "-".into(),
                    },
                ]
            })
            .collect();
        out.push_str(&table(&["goal", "value", "progress", ""], rows));
        out.push('\n');
    }
    let b = &d.budget;
    out.push_str(&format!(
        "\nbudget: planned {}, committed {}, actual {}{}",
        money(b.lines.planned, &d.currency),
        money(b.lines.committed, &d.currency),
        money(b.lines.actual, &d.currency),
        b.project_budget.map(|p| format!(" of {}", money(p, &d.currency))).unwrap_or_default()
    ));
    app.println(&out)
}

#[derive(Debug, Args)]
pub struct WorkloadArgs {
    /// First week shown (any day of it; default: this week).
    #[arg(long, value_parser = app::date)]
    from: Option<NaiveDate>,
    /// Number of weeks.
    #[arg(long, default_value_t = 6)]
    weeks: usize,
}

/// Example: tandem workload --from 2026-12-07 --weeks 4
pub fn workload(app: &mut App, a: WorkloadArgs) -> Result<()> {
    let from = a.from.unwrap_or_else(|| app.today());
    let monday = from - chrono::Days::new(u64::from(from.weekday().num_days_from_monday()));
    let w = app.read(move |doc| tandem_core::views::workload(doc, monday, a.weeks))??;
    if app.json {
        return app.print_json(&w);
    }
    let mut header: Vec<&str> = vec!["member", "capacity"];
    header.extend(w.weeks.iter().map(String::as_str));
    header.push("unscheduled");
    let rows = w
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                format!("{}{}", r.name, if r.active { "" } else { " (inactive)" }),
                format!("{}h", r.capacity_hours),
            ];
            row.extend(r.cells.iter().map(|c| format!("{:.1}{}", c.hours, if c.over { " !" } else { "" })));
            row.push(format!("{:.1}", r.unscheduled));
            row
        })
        .collect();
    app.println(&format!("{}\n(! = over capacity)", table(&header, rows)))
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ConflictsArgs {
    #[command(subcommand)]
    action: Option<ConflictsAction>,
}

#[derive(Debug, Subcommand)]
enum ConflictsAction {
    /// Settle a conflicted field: keep one of its values, or give a new one.
    ///
    /// The choice is recorded as its own change (and, with --decision, as an accepted decision
    /// that names the values it replaced). A typed value is checked like any edit of that field.
    ///
    /// Examples:
    ///   tandem conflicts resolve task:3k status --pick 2
    ///   tandem conflicts resolve task:3k due --value 2026-12-12 --decision
    #[command(group(clap::ArgGroup::new("choice").required(true).args(["pick", "value"])))]
    Resolve {
        /// The item as KIND:ID (e.g. task:3k; an id prefix is enough), or `project` for the
        /// project's settings.
        item: String,
        /// The field as `tandem conflicts` lists it (e.g. status, due, criteria/k3/met).
        field: String,
        /// Keep this value: its number in `tandem conflicts` (1, 2, …) or the hash (prefix) of the
        /// change that wrote it.
        #[arg(long, value_name = "N|HASH")]
        pick: Option<String>,
        /// Replace all the values with this one (a member field takes a name).
        #[arg(long, value_name = "VALUE")]
        value: Option<String>,
        /// Also record the choice as an accepted decision.
        #[arg(long)]
        decision: bool,
    },
}

/// Example: tandem conflicts / tandem conflicts resolve task:3k status --pick 2
pub fn conflicts(app: &mut App, a: ConflictsArgs) -> Result<()> {
    match a.action {
        None => list_conflicts(app),
        Some(ConflictsAction::Resolve { item, field, pick, value, decision }) => {
            resolve_conflict(app, &item, &field, pick, value, decision)
        }
    }
}

fn list_conflicts(app: &mut App) -> Result<()> {
    let (conflicts, deleted) =
        app.read(|d| (tandem_core::merge::conflicts(d), tandem_core::merge::deleted_edits(d)))?;
    if app.json {
        return app.print_json(&serde_json::json!({ "conflicts": conflicts, "deleted_edits": deleted }));
    }
    let mut out = String::new();
    if conflicts.is_empty() && deleted.is_empty() {
        out.push_str("No conflicts: every field has one value, and no deleted item was edited.");
    }
    for c in &conflicts {
        let (what, target) = match &c.item {
            Some(i) => (format!("{} {}", i.kind.noun(), i.id), format!("{}:{}", i.kind.tag(), i.id)),
            None => ("project".to_owned(), "project".to_owned()),
        };
        out.push_str(&format!("{what} '{}' · {}:\n", c.label, c.field));
        for (n, v) in c.values.iter().enumerate() {
            let by = v
                .change
                .as_ref()
                .map(|ch| format!("{} at {} (change {})", ch.author_name, ch.time, &ch.hash[..8]))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {}. {}  — {by}{}\n",
                n + 1,
                v.display,
                if v.current { " (shown now)" } else { "" }
            ));
        }
        out.push_str(&format!("  settle: tandem conflicts resolve {target} {} --pick N (or --value ...)\n", c.field));
    }
    for d in &deleted {
        let by = d.deleted.as_ref().map(|c| c.author_name.clone()).unwrap_or_else(|| "someone".into());
        out.push_str(&format!(
            "{} {} '{}' was deleted by {by} but edited meanwhile:\n",
            d.item.kind.noun(),
            d.item.id,
            d.label
        ));
        for e in &d.edits {
            out.push_str(&format!("  {} — {} at {}\n", e.summary, e.author_name, e.time));
        }
        out.push_str(&format!("  keep the edits: tandem restore {} {}\n", d.item.kind.tag(), d.item.id));
    }
    app.println(out.trim_end())
}

fn resolve_conflict(
    app: &mut App,
    item: &str,
    field: &str,
    pick: Option<String>,
    value: Option<String>,
    decision: bool,
) -> Result<()> {
    let item = if item.trim().eq_ignore_ascii_case("project") { None } else { Some(app.item_ref(item)?) };
    let wanted = item.clone();
    let field = field.trim().to_owned();
    let f = field.clone();
    let conflict = app
        .read(move |d| {
            tandem_core::merge::conflicts(d).into_iter().find(|c| c.item == wanted && c.field == f)
        })?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{field} of {} holds a single value: there is nothing to settle (`tandem conflicts` lists what is open)",
                item.as_ref().map(ToString::to_string).unwrap_or_else(|| "the project".into())
            )
        })?;
    let resolution = match (pick, value) {
        (Some(p), _) => {
            let p = p.trim();
            let change = match p.parse::<usize>() {
                Ok(n) if (1..=conflict.values.len()).contains(&n) => {
                    conflict.values[n - 1].change.as_ref().map(|c| c.hash.clone()).ok_or_else(|| {
                        anyhow::anyhow!("value {n} has no recorded change; pick it by typing it with --value")
                    })?
                }
                Ok(n) if p.len() < 6 => {
                    bail!(
                        "--pick {n}: {field} has {} values; pick 1 to {0}, or give a change hash",
                        conflict.values.len()
                    )
                }
                _ => p.to_owned(),
            };
            Resolution::Pick { change }
        }
        (None, Some(v)) => Resolution::Value { value: typed_value(app, &conflict.values, &v)? },
        (None, None) => bail!("give --pick N or --value VALUE"),
    };
    app.exec_and_report(Command::Conflict(ConflictCommand::Resolve {
        item,
        field,
        resolution,
        record_decision: decision,
    }))
    .map(drop)
}

/// Reads a typed value the way the field's current values are written: numbers as numbers,
/// yes/no as booleans, member names as member ids, anything else as text.
fn typed_value(app: &mut App, values: &[ConflictValue], typed: &str) -> Result<serde_json::Value> {
    use serde_json::Value as J;
    let t = typed.trim();
    if values.iter().all(|v| v.value.is_number()) {
        let n: f64 = t.parse().map_err(|_| anyhow::anyhow!("{t:?} is not a number; this field holds numbers"))?;
        return Ok(if n.fract() == 0.0 && values.iter().all(|v| v.value.is_i64() || v.value.is_u64()) {
            J::from(n as i64)
        } else {
            J::from(n)
        });
    }
    if values.iter().all(|v| v.value.is_boolean()) {
        return match t.to_ascii_lowercase().as_str() {
            "yes" | "true" | "y" => Ok(J::Bool(true)),
            "no" | "false" | "n" => Ok(J::Bool(false)),
            _ => bail!("{t:?} is not yes or no; this field is yes or no"),
        };
    }
    // Member fields show names where the stored value is an id.
    if values.iter().all(|v| v.value.as_str().is_some_and(|s| s != v.display)) {
        return Ok(J::String(app.member(t)?.to_string()));
    }
    Ok(J::String(typed.to_owned()))
}

#[derive(Debug, Args)]
pub struct ItemArgs {
    /// task, milestone, goal, resource, allocation, budget_line, expense, risk, issue, decision,
    /// meeting, request, deliverable or report.
    kind: String,
    /// The item's id (a unique prefix is enough).
    id: String,
}

/// Example: tandem delete risk 7q / tandem restore task 3k
pub fn delete(app: &mut App, a: ItemArgs, delete: bool) -> Result<()> {
    let Some(kind) = Kind::from_tag(&a.kind.replace([' ', '-'], "_")) else {
        bail!(
            "{:?} is not a kind of item; use one of: {}",
            a.kind,
            Kind::KEYED.iter().map(|k| k.tag()).collect::<Vec<_>>().join(", ")
        );
    };
    let id = app.resolve(kind, &a.id)?;
    let cmd = if delete { ItemCommand::Delete { kind, id } } else { ItemCommand::Restore { kind, id } };
    app.exec_and_report(Command::Item(cmd)).map(drop)
}
