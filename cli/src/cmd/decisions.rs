//! `tandem decision …`: the decision log and its workflow (proposed → accepted → superseded, or
//! proposed → rejected → proposed again).

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tandem_core::decisions::{
    self, DecisionCommand, DecisionLink, DecisionPatch, DecisionStatus, DecisionView, NewDecision,
};
use tandem_core::ids::DecisionId;
use tandem_core::values::Edit;
use tandem_core::{Command, Kind};

use crate::app::{self, App, opt, table};

#[derive(Debug, Subcommand)]
pub enum DecisionCmd {
    /// Propose a decision, with why and what else was considered.
    ///
    /// Example: tandem decision add "Use PostgreSQL" --context "Need transactions" --decision "PostgreSQL 16" --alternatives "MySQL, SQLite" --meeting 4f --task 3k
    Add(DecisionAddArgs),
    /// List decisions by the day they were decided (or proposed).
    ///
    /// Example: tandem decision list --status accepted
    List {
        /// proposed, accepted, superseded or rejected.
        #[arg(long)]
        status: Option<DecisionStatus>,
        /// Include deleted decisions.
        #[arg(long)]
        all: bool,
    },
    /// Show one decision in full.
    ///
    /// Example: tandem decision show 8d
    Show { id: String },
    /// Accept a proposed decision (by you, today, unless told otherwise).
    ///
    /// Example: tandem decision accept 8d --by Ada --on 2026-11-30
    Accept(DecideArgs),
    /// Reject a proposed decision (by you, today, unless told otherwise).
    ///
    /// Example: tandem decision reject 8d --by Ada
    Reject(DecideArgs),
    /// Mark an accepted decision as replaced by another one.
    ///
    /// Example: tandem decision supersede 8d --by-decision 9e
    Supersede {
        id: String,
        /// The decision that replaces it.
        #[arg(long = "by-decision", value_name = "ID")]
        by_decision: String,
    },
    /// Put a rejected decision up for decision again.
    ///
    /// Example: tandem decision reopen 8d
    Reopen { id: String },
    /// Change a decision's title, text, or who decided and when.
    ///
    /// Example: tandem decision set 8d --alternatives "MySQL, SQLite, DynamoDB" --on 2026-11-29
    Set(DecisionSetArgs),
    /// Link a decision to a task that carries it out, or to a meeting where it was made.
    ///
    /// Example: tandem decision link 8d --task 3k
    Link(DecisionLinkArgs),
}

#[derive(Debug, Args)]
pub struct DecisionAddArgs {
    title: String,
    /// The situation that calls for a decision.
    #[arg(long, default_value = "")]
    context: String,
    /// What is (to be) decided.
    #[arg(long, default_value = "")]
    decision: String,
    /// The options that were weighed.
    #[arg(long, default_value = "")]
    alternatives: String,
    /// A meeting where it was discussed; repeat for several.
    #[arg(long)]
    meeting: Vec<String>,
    /// A task that carries it out; repeat for several.
    #[arg(long)]
    task: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DecideArgs {
    id: String,
    /// Who decided (name or id; default: you).
    #[arg(long)]
    by: Option<String>,
    /// The day it was decided (default: today).
    #[arg(long, value_parser = app::date)]
    on: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct DecisionSetArgs {
    id: String,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    context: Option<String>,
    #[arg(long)]
    decision: Option<String>,
    #[arg(long)]
    alternatives: Option<String>,
    /// Who decided (name or id; "none" clears it).
    #[arg(long)]
    by: Option<String>,
    /// The day it was decided ("none" clears it).
    #[arg(long)]
    on: Option<String>,
}

#[derive(Debug, Args)]
pub struct DecisionLinkArgs {
    id: String,
    /// A task that carries the decision out.
    #[arg(long, required_unless_present = "meeting", conflicts_with = "meeting")]
    task: Option<String>,
    /// A meeting where it was made.
    #[arg(long)]
    meeting: Option<String>,
}

pub fn run(app: &mut App, cmd: DecisionCmd) -> Result<()> {
    let cmd = match cmd {
        DecisionCmd::Add(a) => DecisionCommand::Add(NewDecision {
            title: a.title,
            context: a.context,
            decision: a.decision,
            alternatives: a.alternatives,
            decided_by: None,
            decided_at: None,
            meetings: a.meeting.iter().map(|m| app.id(Kind::Meeting, m)).collect::<Result<_>>()?,
            tasks: a.task.iter().map(|t| app.id(Kind::Task, t)).collect::<Result<_>>()?,
        }),
        DecisionCmd::List { status, all } => return list(app, status, all),
        DecisionCmd::Show { id } => return show(app, &id),
        DecisionCmd::Accept(a) => decide(app, a, DecisionStatus::Accepted)?,
        DecisionCmd::Reject(a) => decide(app, a, DecisionStatus::Rejected)?,
        DecisionCmd::Supersede { id, by_decision } => DecisionCommand::SetStatus {
            id: app.id(Kind::Decision, &id)?,
            status: DecisionStatus::Superseded,
            decided_by: None,
            decided_at: None,
            superseded_by: Some(app.id(Kind::Decision, &by_decision)?),
        },
        DecisionCmd::Reopen { id } => DecisionCommand::SetStatus {
            id: app.id(Kind::Decision, &id)?,
            status: DecisionStatus::Proposed,
            decided_by: None,
            decided_at: None,
            superseded_by: None,
        },
        DecisionCmd::Set(a) => {
            let id = app.id(Kind::Decision, &a.id)?;
            let decided_by = match a.by.as_deref() {
                None => Edit::Keep,
                Some(b) if b.trim().eq_ignore_ascii_case("none") => Edit::Clear,
                Some(b) => Edit::Set(app.member(b)?),
            };
            let decided_at = match a.on.as_deref() {
                None => Edit::Keep,
                Some(d) if d.trim().eq_ignore_ascii_case("none") => Edit::Clear,
                Some(d) => Edit::Set(app::date(d).map_err(|e| anyhow::anyhow!("--on: {e}"))?),
            };
            let patch = DecisionPatch {
                title: a.title,
                context: a.context,
                decision: a.decision,
                alternatives: a.alternatives,
                decided_by,
                decided_at,
            };
            DecisionCommand::Update { id, patch }
        }
        DecisionCmd::Link(a) => {
            let id = app.id(Kind::Decision, &a.id)?;
            let to = match (a.task, a.meeting) {
                (Some(t), _) => DecisionLink::Task(app.id(Kind::Task, &t)?),
                (None, Some(m)) => DecisionLink::Meeting(app.id(Kind::Meeting, &m)?),
                (None, None) => anyhow::bail!("give --task or --meeting"),
            };
            DecisionCommand::Link { id, to }
        }
    };
    app.exec_and_report(Command::Decision(cmd)).map(drop)
}

fn decide(app: &mut App, a: DecideArgs, status: DecisionStatus) -> Result<DecisionCommand> {
    Ok(DecisionCommand::SetStatus {
        id: app.id(Kind::Decision, &a.id)?,
        status,
        decided_by: a.by.map(|b| app.member(&b)).transpose()?,
        decided_at: a.on,
        superseded_by: None,
    })
}

fn list(app: &mut App, status: Option<DecisionStatus>, all: bool) -> Result<()> {
    let rows: Vec<DecisionView> = app
        .read(decisions::decisions)??
        .into_iter()
        .filter(|d| all || !d.deleted)
        .filter(|d| status.is_none_or(|s| d.status == s))
        .collect();
    app.show(&rows, || {
        table(
            &["id", "title", "status", "decided by", "on"],
            rows.iter()
                .map(|d| {
                    vec![
                        d.id.to_string(),
                        format!("{}{}", d.title, if d.deleted { " (deleted)" } else { "" }),
                        d.status.to_string(),
                        opt(&d.decided_by_name),
                        opt(&d.decided_at),
                    ]
                })
                .collect(),
        )
    })
}

/// The decision's linked meetings and tasks as "id title" lines.
struct Links {
    meetings: Vec<String>,
    tasks: Vec<String>,
}

fn show(app: &mut App, id: &str) -> Result<()> {
    let id: DecisionId = app.id(Kind::Decision, id)?;
    let d = app.read(move |doc| decisions::decision(doc, &id))??;
    let links = {
        let (ms, ts) = (d.meetings.clone(), d.tasks.clone());
        app.read(move |doc| -> tandem_core::Result<Links> {
            let meetings = tandem_core::meetings::meetings(doc)?;
            let tasks = tandem_core::tasks::tasks(doc)?;
            Ok(Links {
                meetings: ms
                    .iter()
                    .map(|m| {
                        let title = meetings.iter().find(|x| &x.id == m).map(|x| x.title.as_str()).unwrap_or("?");
                        format!("{m} {title}")
                    })
                    .collect(),
                tasks: ts
                    .iter()
                    .map(|t| {
                        let title = tasks.iter().find(|x| &x.id == t).map(|x| x.title.as_str()).unwrap_or("?");
                        format!("{t} {title}")
                    })
                    .collect(),
            })
        })??
    };
    app.show(&d, || render(&d, &links))
}

fn ids<T: ToString>(v: &[T]) -> String {
    if v.is_empty() { "-".to_owned() } else { v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ") }
}

fn render(d: &DecisionView, links: &Links) -> String {
    let decided = match (&d.decided_by_name, d.decided_at) {
        (None, None) => String::new(),
        (by, on) => format!(" (by {} on {})", opt(by), opt(&on)),
    };
    let mut out = format!(
        "{}  [{}]{}\nstatus: {}{decided}\nsuperseded by: {}  supersedes: {}\n",
        d.title,
        d.id,
        if d.deleted { " (deleted)" } else { "" },
        d.status,
        opt(&d.superseded_by),
        ids(&d.supersedes),
    );
    for (label, lines) in [("meetings", &links.meetings), ("tasks", &links.tasks)] {
        if lines.is_empty() {
            out.push_str(&format!("{label}: -\n"));
        } else {
            out.push_str(&format!("{label}:\n"));
            for l in lines {
                out.push_str(&format!("  {l}\n"));
            }
        }
    }
    for (label, text) in [("Context", &d.context), ("Decision", &d.decision), ("Alternatives", &d.alternatives)] {
        out.push_str(&format!("\n{label}:\n"));
        if text.trim().is_empty() {
            out.push_str("  -\n");
        }
        for line in text.trim_end().lines() {
            out.push_str(&if line.is_empty() { "\n".to_owned() } else { format!("  {line}\n") });
        }
    }
    out
}
