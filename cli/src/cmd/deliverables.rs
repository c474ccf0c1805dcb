//! `tandem deliverable …` (acceptance criteria, review, sign-off, linked tasks) and
//! `tandem report …` (saved status reports).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tandem_core::deliverables::{
    self, CriterionView, DeliverableCommand, DeliverablePatch, DeliverableView, NewDeliverable, ReviewStatus,
};
use tandem_core::ids::{CriterionId, DeliverableId, MemberId, ReportId, TaskId};
use tandem_core::reports::{self, CONTENT_MAX_BYTES, ReportCommand, ReportFormat};
use tandem_core::values::Edit;
use tandem_core::{Command, Kind};

use crate::app::{self, App, opt, table};

#[derive(Debug, Subcommand)]
pub enum DeliverableCmd {
    /// Add a deliverable (review starts as draft), optionally with acceptance criteria.
    ///
    /// Example: tandem deliverable add "Admin portal" --due 2027-01-15 --owner Bo --criterion "SSO login" --criterion "Audit log"
    Add(DeliverableAddArgs),
    /// List deliverables with review status, criteria met and sign-off (deleted ones only with --all).
    ///
    /// Example: tandem deliverable list
    List {
        /// Include deleted deliverables.
        #[arg(long)]
        all: bool,
    },
    /// Show one deliverable: criteria in order ([x] met) with their short ids, review, sign-off, tasks.
    ///
    /// Example: tandem deliverable show 8d
    Show { id: String },
    /// Add, tick, untick, reword or remove an acceptance criterion (criterion ids accept unique prefixes).
    ///
    /// Example: tandem deliverable criterion 8d met 5a
    Criterion {
        /// The deliverable.
        id: String,
        #[command(subcommand)]
        action: CriterionCmd,
    },
    /// Move the deliverable along its review.
    ///
    /// The workflow: draft → in_review; in_review → changes_requested or accepted; changes_requested →
    /// in_review; accepted → changes_requested (only while not signed off).
    ///
    /// Example: tandem deliverable review 8d in_review
    Review {
        id: String,
        /// draft, in_review, changes_requested or accepted.
        status: ReviewStatus,
    },
    /// Record a stakeholder's sign-off (needs the review accepted and every criterion met).
    ///
    /// Example: tandem deliverable sign-off 8d --by "Carol (ACME)" --note "Accepted in the steering meeting"
    SignOff {
        id: String,
        /// The stakeholder's name.
        #[arg(long, value_name = "NAME")]
        by: String,
        /// The stakeholder as a project member (name or id), if they are one.
        #[arg(long)]
        member: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Withdraw the sign-off (e.g. to rework the deliverable).
    ///
    /// Example: tandem deliverable revoke-sign-off 8d
    RevokeSignOff { id: String },
    /// Link a task that produces (part of) the deliverable.
    ///
    /// Example: tandem deliverable link 8d 3k
    Link { id: String, task: String },
    /// Remove a task link.
    ///
    /// Example: tandem deliverable unlink 8d 3k
    Unlink { id: String, task: String },
    /// Change fields of a deliverable.
    ///
    /// Example: tandem deliverable set 8d --due 2027-02-01 --owner none
    Set(DeliverableSetArgs),
}

#[derive(Debug, Subcommand)]
pub enum CriterionCmd {
    /// Append an acceptance criterion.
    ///
    /// Example: tandem deliverable criterion 8d add "Runs on the customer's staging server"
    Add { text: String },
    /// Tick a criterion as met.
    ///
    /// Example: tandem deliverable criterion 8d met 5a
    Met { criterion: String },
    /// Untick a criterion.
    ///
    /// Example: tandem deliverable criterion 8d unmet 5a
    Unmet { criterion: String },
    /// Reword a criterion.
    ///
    /// Example: tandem deliverable criterion 8d edit 5a "SSO login with Azure AD"
    Edit { criterion: String, text: String },
    /// Remove a criterion.
    ///
    /// Example: tandem deliverable criterion 8d remove 5a
    Remove { criterion: String },
}

#[derive(Debug, Args)]
pub struct DeliverableAddArgs {
    title: String,
    #[arg(long, value_parser = app::date)]
    due: Option<NaiveDate>,
    /// Owner (member name or id).
    #[arg(long)]
    owner: Option<String>,
    /// An acceptance criterion; repeat for several (kept in this order).
    #[arg(long)]
    criterion: Vec<String>,
    #[arg(long, default_value = "")]
    description: String,
}

#[derive(Debug, Args)]
pub struct DeliverableSetArgs {
    id: String,
    #[arg(long)]
    title: Option<String>,
    /// Due date ("none" clears it).
    #[arg(long)]
    due: Option<String>,
    /// Owner, member name or id ("none" clears it).
    #[arg(long)]
    owner: Option<String>,
    /// Replace the description.
    #[arg(long)]
    description: Option<String>,
}

pub fn run_deliverable(app: &mut App, cmd: DeliverableCmd) -> Result<()> {
    let cmd = match cmd {
        DeliverableCmd::Add(a) => DeliverableCommand::Add(NewDeliverable {
            title: a.title,
            description: a.description,
            due: a.due,
            owner: a.owner.map(|o| app.member(&o)).transpose()?,
            criteria: a.criterion,
        }),
        DeliverableCmd::List { all } => return list(app, all),
        DeliverableCmd::Show { id } => return show(app, &id),
        DeliverableCmd::Criterion { id, action } => {
            let id: DeliverableId = app.id(Kind::Deliverable, &id)?;
            match action {
                CriterionCmd::Add { text } => DeliverableCommand::AddCriterion { id, text },
                CriterionCmd::Met { criterion } => {
                    let criterion = criterion_id(app, &id, &criterion)?;
                    DeliverableCommand::SetCriterionMet { id, criterion, met: true }
                }
                CriterionCmd::Unmet { criterion } => {
                    let criterion = criterion_id(app, &id, &criterion)?;
                    DeliverableCommand::SetCriterionMet { id, criterion, met: false }
                }
                CriterionCmd::Edit { criterion, text } => {
                    let criterion = criterion_id(app, &id, &criterion)?;
                    DeliverableCommand::UpdateCriterion { id, criterion, text }
                }
                CriterionCmd::Remove { criterion } => {
                    let criterion = criterion_id(app, &id, &criterion)?;
                    DeliverableCommand::RemoveCriterion { id, criterion }
                }
            }
        }
        DeliverableCmd::Review { id, status } => {
            DeliverableCommand::SetReview { id: app.id(Kind::Deliverable, &id)?, review: status }
        }
        DeliverableCmd::SignOff { id, by, member, note } => DeliverableCommand::SignOff {
            id: app.id(Kind::Deliverable, &id)?,
            by,
            member: member.map(|m| app.member(&m)).transpose()?,
            note,
        },
        DeliverableCmd::RevokeSignOff { id } => {
            DeliverableCommand::RevokeSignOff { id: app.id(Kind::Deliverable, &id)? }
        }
        DeliverableCmd::Link { id, task } => {
            DeliverableCommand::LinkTask { id: app.id(Kind::Deliverable, &id)?, task: app.id(Kind::Task, &task)? }
        }
        DeliverableCmd::Unlink { id, task } => {
            DeliverableCommand::UnlinkTask { id: app.id(Kind::Deliverable, &id)?, task: app.id(Kind::Task, &task)? }
        }
        DeliverableCmd::Set(a) => {
            let id = app.id(Kind::Deliverable, &a.id)?;
            let due = match a.due.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(d) => Edit::Set(app::date(d).map_err(anyhow::Error::msg)?),
            };
            let owner = match a.owner.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(m) => Edit::Set(app.member(m)?),
            };
            DeliverableCommand::Update {
                id,
                patch: DeliverablePatch { title: a.title, description: a.description, due, owner },
            }
        }
    };
    app.exec_and_report(Command::Deliverable(cmd)).map(drop)
}

fn read(app: &mut App, id: &DeliverableId) -> Result<DeliverableView> {
    let id = id.clone();
    Ok(app.read(move |d| deliverables::deliverable(d, &id))??)
}

/// The full id of one of the deliverable's criteria from a unique prefix.
fn criterion_id(app: &mut App, id: &DeliverableId, typed: &str) -> Result<CriterionId> {
    let d = read(app, id)?;
    let typed = typed.trim();
    if typed.is_empty() {
        bail!("give the criterion's id (`tandem deliverable show {id}` lists them)");
    }
    if let Some(c) = d.criteria.iter().find(|c| c.id.as_str() == typed) {
        return Ok(c.id.clone());
    }
    let matches: Vec<&CriterionView> = d.criteria.iter().filter(|c| c.id.as_str().starts_with(typed)).collect();
    match matches.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => bail!(
            "deliverable '{}' has no acceptance criterion with id {typed}; `tandem deliverable show {id}` lists them",
            d.title
        ),
        many => bail!(
            "{typed:?} matches {} criteria of deliverable '{}' ({}); type more of the id",
            many.len(),
            d.title,
            many.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The shortest prefix length (at least 4) that tells all of these ids apart.
fn short_len(ids: &[&str]) -> usize {
    let longest = ids.iter().map(|i| i.len()).max().unwrap_or(0);
    (4..longest)
        .find(|&n| {
            let mut seen: Vec<&str> = ids.iter().map(|i| &i[..n.min(i.len())]).collect();
            seen.sort_unstable();
            seen.windows(2).all(|w| w[0] != w[1])
        })
        .unwrap_or(longest)
}

fn member_name(app: &mut App, m: &Option<MemberId>) -> Result<String> {
    let Some(m) = m.as_ref().map(ToString::to_string) else { return Ok("-".to_owned()) };
    app.read(move |d| tandem_core::project::member_name(d, &m))
}

fn list(app: &mut App, all: bool) -> Result<()> {
    let rows: Vec<DeliverableView> =
        app.read(deliverables::deliverables)??.into_iter().filter(|d| all || !d.deleted).collect();
    if app.json {
        return app.print_json(&rows);
    }
    let mut lines = Vec::new();
    for d in &rows {
        lines.push(vec![
            d.id.to_string(),
            format!("{}{}", d.title, if d.deleted { " (deleted)" } else { "" }),
            opt(&d.due),
            member_name(app, &d.owner)?,
            d.review.to_string(),
            format!("{}/{}", d.criteria_met, d.criteria_total),
            d.signoff.as_ref().map(|s| s.by.clone()).unwrap_or_else(|| "-".to_owned()),
        ]);
    }
    app.println(&table(&["id", "title", "due", "owner", "review", "criteria met", "signed off by"], lines))
}

fn show(app: &mut App, id: &str) -> Result<()> {
    let id: DeliverableId = app.id(Kind::Deliverable, id)?;
    let d = read(app, &id)?;
    if app.json {
        return app.print_json(&d);
    }
    let owner = member_name(app, &d.owner)?;
    let mut text = format!(
        "{}  [{}]{}\nowner: {owner}  due: {}\nreview: {}\ncriteria: {}/{} met\n",
        d.title,
        d.id,
        if d.deleted { " (deleted)" } else { "" },
        opt(&d.due),
        d.review,
        d.criteria_met,
        d.criteria_total
    );
    let ids: Vec<&str> = d.criteria.iter().map(|c| c.id.as_str()).collect();
    let n = short_len(&ids);
    for c in &d.criteria {
        let short = &c.id.as_str()[..n.min(c.id.as_str().len())];
        text.push_str(&format!("  [{}] {short}  {}\n", if c.met { "x" } else { " " }, c.text));
    }
    match &d.signoff {
        None => text.push_str("sign-off: -\n"),
        Some(s) => {
            let member = match &s.member {
                Some(m) => format!(" (member {})", member_name(app, &Some(m.clone()))?),
                None => String::new(),
            };
            let at = s.at.map(|a| format!(" at {a}")).unwrap_or_default();
            text.push_str(&format!("sign-off: {}{member}{at}\n", s.by));
            if let Some(n) = &s.note {
                text.push_str(&format!("  note: {n}\n"));
            }
        }
    }
    let tasks = task_lines(app, &d.tasks)?;
    if tasks.is_empty() {
        text.push_str("tasks: -\n");
    } else {
        text.push_str("tasks:\n");
        for t in &tasks {
            text.push_str(&format!("  {t}\n"));
        }
    }
    if !d.description.is_empty() {
        text.push_str(&format!("\n{}", d.description));
    }
    app.println(text.trim_end())
}

/// Linked tasks as "id  title" lines (the id alone if the task is gone).
fn task_lines(app: &mut App, tasks: &[TaskId]) -> Result<Vec<String>> {
    let tasks = tasks.to_vec();
    app.read(move |d| {
        tasks
            .iter()
            .map(|t| match tandem_core::tasks::task(d, t) {
                Ok(v) => format!("{}  {}{}", t, v.title, if v.deleted { " (deleted)" } else { "" }),
                Err(_) => t.to_string(),
            })
            .collect()
    })
}

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// Generate a status report for a period from the project: health, progress, burndown,
    /// milestones, goals, top risks, decisions, client requests, budget burn, log highlights.
    ///
    /// Prints Markdown (or writes it with --out); --format html makes one self-contained HTML file
    /// with SVG charts. --save also stores it in the project, so the whole team has it.
    ///
    /// Example: tandem report generate --from 2026-11-23 --to 2026-11-29 --format html --out status-w48.html --save
    Generate {
        /// First day of the period (default: 7 days before --to).
        #[arg(long, value_parser = app::date)]
        from: Option<NaiveDate>,
        /// Last day of the period (default: today).
        #[arg(long, value_parser = app::date)]
        to: Option<NaiveDate>,
        /// markdown (default) or html.
        #[arg(long, default_value = "markdown")]
        format: ReportFormat,
        /// Write the report to this file instead of printing it.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Also save it in the project (`tandem report list` shows saved reports).
        #[arg(long)]
        save: bool,
    },
    /// Store a rendered report file in the project.
    ///
    /// Saves the content of a Markdown or HTML status report, with its title and the period it covers,
    /// so the whole team has it (`report generate --save` does this for generated reports). The format
    /// is taken from --format, else from the file's extension (.html/.htm is html, anything else
    /// markdown). Reports are limited to 5 MB.
    ///
    /// Example: tandem report save --file status-w48.md --title "Status week 48" --from 2026-11-23 --to 2026-11-29
    Save {
        /// The rendered report (UTF-8 text).
        #[arg(long, value_name = "PATH")]
        file: PathBuf,
        #[arg(long)]
        title: String,
        /// First day of the period the report covers.
        #[arg(long, value_parser = app::date)]
        from: NaiveDate,
        /// Last day of the period the report covers.
        #[arg(long, value_parser = app::date)]
        to: NaiveDate,
        /// markdown or html (default: from the file's extension).
        #[arg(long)]
        format: Option<ReportFormat>,
    },
    /// List saved reports, newest first (deleted ones only with --all).
    ///
    /// Example: tandem report list
    List {
        /// Include deleted reports.
        #[arg(long)]
        all: bool,
    },
    /// Print a saved report's content (redirect it into a file to open it).
    ///
    /// Example: tandem report show 6r > status-w48.md
    Show { id: String },
    /// Rename a saved report.
    ///
    /// Example: tandem report rename 6r "Status week 48 (final)"
    Rename { id: String, title: String },
}

pub fn run_report(app: &mut App, cmd: ReportCmd) -> Result<()> {
    let cmd = match cmd {
        ReportCmd::Generate { from, to, format, out, save } => {
            let to = to.unwrap_or_else(|| app.today());
            let from = from.unwrap_or_else(|| to - chrono::Days::new(6));
            if from > to {
                bail!("--from {from} is after --to {to}: the report period must start before it ends; swap them");
            }
            let (title, content) = app.read(move |d| -> Result<(String, String)> {
                let report = tandem_core::status_report::build(d, from, to)?;
                let content = match format {
                    ReportFormat::Markdown => tandem_core::status_report::to_markdown(&report),
                    ReportFormat::Html => tandem_core::status_report::to_html(&report)?,
                };
                Ok((tandem_core::status_report::title(&report), content))
            })??;
            if let Some(path) = &out {
                std::fs::write(path, &content)
                    .with_context(|| format!("cannot write the report to {}", path.display()))?;
                if !app.json {
                    app.println(&format!("Wrote '{title}' to {}", path.display()))?;
                }
            }
            if !save {
                return match &out {
                    Some(path) if app.json => app.print_json(&serde_json::json!({ "title": title, "file": path })),
                    Some(_) => Ok(()),
                    None if app.json => app.print_json(&serde_json::json!({ "title": title, "content": content })),
                    None => app.println(content.trim_end()),
                };
            }
            ReportCommand::Save { title, period_from: from, period_to: to, format, content }
        }
        ReportCmd::Save { file, title, from, to, format } => {
            if from > to {
                bail!("--from {from} is after --to {to}: the report period must start before it ends; swap them");
            }
            let shown = file.display();
            let meta = std::fs::metadata(&file).with_context(|| format!("cannot read the report file {shown}"))?;
            if !meta.is_file() {
                bail!("the report file {shown} is not a file; give the path of a rendered Markdown or HTML report");
            }
            if meta.len() > CONTENT_MAX_BYTES as u64 {
                bail!(
                    "the report file {shown} is {} bytes; reports are limited to 5 MB ({CONTENT_MAX_BYTES} bytes): \
                     cover a shorter period or leave out sections",
                    meta.len()
                );
            }
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read the report file {shown}"))?;
            let content = String::from_utf8(bytes)
                .map_err(|_| anyhow::anyhow!("the report file {shown} is not UTF-8 text; save it as UTF-8"))?;
            let format = format.unwrap_or_else(|| {
                match file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
                    Some("html" | "htm") => ReportFormat::Html,
                    _ => ReportFormat::Markdown,
                }
            });
            ReportCommand::Save { title, period_from: from, period_to: to, format, content }
        }
        ReportCmd::List { all } => {
            let rows: Vec<_> = app.read(reports::reports)??.into_iter().filter(|r| all || !r.deleted).collect();
            if app.json {
                return app.print_json(&rows);
            }
            let mut lines = Vec::new();
            for r in &rows {
                lines.push(vec![
                    r.id.to_string(),
                    format!("{}{}", r.title, if r.deleted { " (deleted)" } else { "" }),
                    format!("{} → {}", opt(&r.period_from), opt(&r.period_to)),
                    r.format.to_string(),
                    size(r.size_bytes),
                    r.created_at.map(|a| a.date().to_string()).unwrap_or_else(|| "-".to_owned()),
                    member_name(app, &r.created_by)?,
                ]);
            }
            return app.println(&table(&["id", "title", "period", "format", "size", "saved", "by"], lines));
        }
        ReportCmd::Show { id } => {
            let id: ReportId = app.id(Kind::Report, &id)?;
            let r = app.read(move |d| reports::report(d, &id))??;
            return app.show(&r, || r.content.clone());
        }
        ReportCmd::Rename { id, title } => ReportCommand::Rename { id: app.id(Kind::Report, &id)?, title },
    };
    app.exec_and_report(Command::Report(cmd)).map(drop)
}

/// A byte count for people.
fn size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
