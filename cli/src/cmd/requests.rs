//! `tandem request …`: client requests, their triage, the response to the client and linked tasks.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tandem_core::ids::{RequestId, TaskId};
use tandem_core::requests::{self, NewRequest, Priority, RequestCommand, RequestPatch, RequestStatus, RequestView};
use tandem_core::{Command, Kind};

use crate::app::{self, App, opt, table};

#[derive(Debug, Subcommand)]
pub enum RequestCmd {
    /// Record a request from the client (it starts as new).
    ///
    /// Example: tandem request add "Export invoices as CSV" --requester "Carol (ACME)" --priority high
    Add(RequestAddArgs),
    /// List client requests as a table (deleted ones only with --all).
    ///
    /// Example: tandem request list --status new
    List {
        /// new, accepted, rejected, in_progress, done or duplicate.
        #[arg(long)]
        status: Option<RequestStatus>,
        /// Include deleted requests.
        #[arg(long)]
        all: bool,
    },
    /// Show one request in full: triage, response, linked tasks, description.
    ///
    /// Example: tandem request show 4f
    Show { id: String },
    /// Move a request along triage, optionally with a response to the client.
    ///
    /// The workflow: new → accepted, rejected or duplicate; accepted → in_progress, done or rejected;
    /// in_progress → done or accepted; done → in_progress; rejected and duplicate → new (reopen).
    ///
    /// Example: tandem request triage 4f duplicate --duplicate-of 2b --response "Already planned under 2b"
    Triage {
        id: String,
        /// new, accepted, rejected, in_progress, done or duplicate.
        status: RequestStatus,
        /// The request this one duplicates (required with status duplicate).
        #[arg(long, value_name = "ID")]
        duplicate_of: Option<String>,
        /// Also write the response to the client.
        #[arg(long, value_name = "TEXT")]
        response: Option<String>,
    },
    /// Write the response to the client (replaces the previous one), or edit it in $EDITOR with --edit.
    ///
    /// Example: tandem request respond 4f "Planned for the January release"
    Respond {
        id: String,
        /// The response text.
        #[arg(required_unless_present = "edit", conflicts_with = "edit")]
        text: Option<String>,
        /// Edit the current response in $EDITOR.
        #[arg(long)]
        edit: bool,
    },
    /// Link a task that carries (part of) the work.
    ///
    /// Example: tandem request link 4f 3k
    Link { id: String, task: String },
    /// Remove a task link.
    ///
    /// Example: tandem request unlink 4f 3k
    Unlink { id: String, task: String },
    /// Change fields of a request (triage and the response have their own subcommands).
    ///
    /// Example: tandem request set 4f --priority urgent --requester "Dan (ACME)"
    Set(RequestSetArgs),
}

#[derive(Debug, Args)]
pub struct RequestAddArgs {
    title: String,
    /// Who asked, by name (client-side people need not be project members).
    #[arg(long)]
    requester: String,
    /// When the request came in (default: today).
    #[arg(long, value_parser = app::date)]
    received: Option<NaiveDate>,
    /// low, normal, high or urgent.
    #[arg(long, default_value = "normal")]
    priority: Priority,
    #[arg(long, default_value = "")]
    description: String,
}

#[derive(Debug, Args)]
pub struct RequestSetArgs {
    id: String,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    requester: Option<String>,
    #[arg(long, value_parser = app::date)]
    received: Option<NaiveDate>,
    /// low, normal, high or urgent.
    #[arg(long)]
    priority: Option<Priority>,
    /// Replace the description.
    #[arg(long)]
    description: Option<String>,
}

pub fn run(app: &mut App, cmd: RequestCmd) -> Result<()> {
    let cmd = match cmd {
        RequestCmd::Add(a) => RequestCommand::Add(NewRequest {
            title: a.title,
            description: a.description,
            requester: a.requester,
            received: a.received,
            priority: a.priority,
        }),
        RequestCmd::List { status, all } => return list(app, status, all),
        RequestCmd::Show { id } => return show(app, &id),
        RequestCmd::Triage { id, status, duplicate_of, response } => {
            let id: RequestId = app.id(Kind::Request, &id)?;
            match (status, &duplicate_of) {
                (RequestStatus::Duplicate, None) => {
                    let title = read(app, &id)?.title;
                    bail!(
                        "to mark request '{title}' as a duplicate, say which request it duplicates with --duplicate-of ID"
                    );
                }
                (s, Some(_)) if s != RequestStatus::Duplicate => {
                    bail!("--duplicate-of only goes with status duplicate, not {s}; leave it out")
                }
                _ => {}
            }
            let duplicate_of = duplicate_of.map(|d| app.id(Kind::Request, &d)).transpose()?;
            RequestCommand::Triage { id, status, duplicate_of, response }
        }
        RequestCmd::Respond { id, text, edit } => {
            let id: RequestId = app.id(Kind::Request, &id)?;
            let response = match text {
                Some(t) if !edit => t,
                _ => {
                    let current = read(app, &id)?.response;
                    let edited = app::edit_in_editor(&current)?;
                    if edited.trim_end() == current.trim_end() {
                        return app.println("Response unchanged.");
                    }
                    edited.trim_end().to_owned()
                }
            };
            RequestCommand::Respond { id, response }
        }
        RequestCmd::Link { id, task } => {
            RequestCommand::LinkTask { id: app.id(Kind::Request, &id)?, task: app.id(Kind::Task, &task)? }
        }
        RequestCmd::Unlink { id, task } => {
            RequestCommand::UnlinkTask { id: app.id(Kind::Request, &id)?, task: app.id(Kind::Task, &task)? }
        }
        RequestCmd::Set(a) => RequestCommand::Update {
            id: app.id(Kind::Request, &a.id)?,
            patch: RequestPatch {
                title: a.title,
                description: a.description,
                requester: a.requester,
                received: a.received,
                priority: a.priority,
            },
        },
    };
    app.exec_and_report(Command::Request(cmd)).map(drop)
}

fn read(app: &mut App, id: &RequestId) -> Result<RequestView> {
    let id = id.clone();
    Ok(app.read(move |d| requests::request(d, &id))??)
}

fn list(app: &mut App, status: Option<RequestStatus>, all: bool) -> Result<()> {
    let rows: Vec<RequestView> =
        app.read(move |d| requests::requests(d, status))??.into_iter().filter(|r| all || !r.deleted).collect();
    app.show(&rows, || {
        table(
            &["id", "title", "requester", "received", "priority", "status", "tasks"],
            rows.iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        format!("{}{}", r.title, if r.deleted { " (deleted)" } else { "" }),
                        r.requester.clone(),
                        opt(&r.received),
                        r.priority.to_string(),
                        r.status.to_string(),
                        r.tasks.len().to_string(),
                    ]
                })
                .collect(),
        )
    })
}

/// Linked tasks as "id title" lines (the id alone if the task is gone).
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

fn show(app: &mut App, id: &str) -> Result<()> {
    let id: RequestId = app.id(Kind::Request, id)?;
    let r = read(app, &id)?;
    if app.json {
        return app.print_json(&r);
    }
    let status = match &r.duplicate_of {
        Some(d) if r.status == RequestStatus::Duplicate => {
            let d = d.clone();
            let title = app.read(move |doc| requests::request(doc, &d).map(|o| o.title).unwrap_or_default())?;
            format!(
                "{} of {} '{title}'",
                r.status,
                r.duplicate_of.as_ref().map(ToString::to_string).unwrap_or_default()
            )
        }
        _ => r.status.to_string(),
    };
    let tasks = task_lines(app, &r.tasks)?;
    let responded = match (&r.responded_at, &r.responded_by) {
        (Some(at), by) => {
            let by = by.as_ref().map(ToString::to_string);
            let name = app.read(move |d| by.map(|b| tandem_core::project::member_name(d, &b)))?;
            format!(" (by {} at {at})", name.unwrap_or_else(|| "?".to_owned()))
        }
        (None, _) => String::new(),
    };
    let mut text = format!(
        "{}  [{}]{}\nrequester: {}  received: {}\npriority: {}\nstatus: {status}\n",
        r.title,
        r.id,
        if r.deleted { " (deleted)" } else { "" },
        r.requester,
        opt(&r.received),
        r.priority,
    );
    if tasks.is_empty() {
        text.push_str("tasks: -\n");
    } else {
        text.push_str("tasks:\n");
        for t in &tasks {
            text.push_str(&format!("  {t}\n"));
        }
    }
    if r.response.is_empty() {
        text.push_str("response: -\n");
    } else {
        text.push_str(&format!("response{responded}:\n"));
        for l in r.response.lines() {
            text.push_str(&format!("  {l}\n"));
        }
    }
    if !r.description.is_empty() {
        text.push_str(&format!("\n{}", r.description));
    }
    app.println(text.trim_end())
}
