//! Cross-area views (`tandem dashboard`, `tandem workload`, `tandem conflicts`) and the generic
//! `tandem delete` / `tandem restore`.

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};
use clap::Args;
use tandem_core::items::ItemCommand;
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

/// Example: tandem conflicts
pub fn conflicts(app: &mut App) -> Result<()> {
    let id = app.project_id()?;
    let (conflicts, deleted) =
        app.client.read(&id, |d| (tandem_core::merge::conflicts(d), tandem_core::merge::deleted_edits(d)))?;
    if app.json {
        return app.print_json(&serde_json::json!({ "conflicts": conflicts, "deleted_edits": deleted }));
    }
    let mut out = String::new();
    if conflicts.is_empty() && deleted.is_empty() {
        out.push_str("No conflicts: every field has one value, and no deleted item was edited.");
    }
    for c in &conflicts {
        let what = c.item.as_ref().map(|i| format!("{} {}", i.kind.noun(), i.id)).unwrap_or_else(|| "project".into());
        out.push_str(&format!("{what} '{}' · {}:\n", c.label, c.field));
        for v in &c.values {
            let by = v.change.as_ref().map(|ch| format!("{} at {}", ch.author_name, ch.time)).unwrap_or_default();
            out.push_str(&format!("  {}  — {by}{}\n", v.display, if v.current { " (shown now)" } else { "" }));
        }
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
    }
    app.println(out.trim_end())
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
