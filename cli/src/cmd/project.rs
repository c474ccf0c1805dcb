//! `tandem project …` and `tandem member …`.

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tandem_core::project::{MemberPatch, MemberRole, ProjectCommand, ProjectPatch};
use tandem_core::values::{Edit, Health};
use tandem_core::{Command, Kind};

use crate::app::{self, App, opt, table};

#[derive(Debug, Subcommand)]
pub enum ProjectCmd {
    /// Create a project; you become its coordinator and it becomes current.
    ///
    /// Example: tandem project create "Billing revamp" --me "Ada Lovelace" --client ACME --budget 120000
    Create {
        name: String,
        /// Your name as the team will see it.
        #[arg(long)]
        me: String,
        #[arg(long)]
        client: Option<String>,
        #[arg(long, value_parser = app::date)]
        start: Option<NaiveDate>,
        #[arg(long, value_parser = app::date)]
        end: Option<NaiveDate>,
        /// ISO 4217 code.
        #[arg(long, default_value = "EUR")]
        currency: String,
        /// Overall budget, e.g. 120000 or 120000.50.
        #[arg(long, value_parser = app::amount)]
        budget: Option<i64>,
    },
    /// Open a project archive (`tandem export archive`) as a new local project, with its history.
    ///
    /// Example: tandem project open-archive apollo.automerge
    OpenArchive {
        /// The .automerge file.
        file: std::path::PathBuf,
    },
    /// List the projects in this profile (* marks the current one).
    ///
    /// Example: tandem project list
    List,
    /// Make a project current.
    ///
    /// Example: tandem project use billing
    Use { project: String },
    /// Show the current project's settings.
    ///
    /// Example: tandem project show --json
    Show,
    /// Edit the project's settings.
    ///
    /// Example: tandem project set --end 2027-03-31 --health at_risk
    Set(ProjectSetArgs),
}

#[derive(Debug, Args)]
pub struct ProjectSetArgs {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    client: Option<String>,
    #[arg(long, value_parser = app::date)]
    start: Option<NaiveDate>,
    #[arg(long, value_parser = app::date)]
    end: Option<NaiveDate>,
    #[arg(long)]
    currency: Option<String>,
    #[arg(long, value_parser = app::amount)]
    budget: Option<i64>,
    /// Manual health: on_track, at_risk, off_track, or "auto" to let the dashboard compute it.
    #[arg(long)]
    health: Option<String>,
    #[arg(long)]
    description: Option<String>,
}

pub fn run_project(app: &mut App, cmd: ProjectCmd) -> Result<()> {
    match cmd {
        ProjectCmd::Create { name, me, client, start, end, currency, budget } => {
            let create = ProjectCommand::Create { name, me, client, start, end, currency: Some(currency), budget };
            let (id, out) = app.client.create_project(create)?;
            if app.json {
                return app.print_json(&serde_json::json!({ "project": id, "outcome": out }));
            }
            app.println(&format!("{} [project {id}]", out.summary))?;
            app.println("It is now the current project.")
        }
        ProjectCmd::OpenArchive { file } => crate::cmd::export::open_archive(app, &file),
        ProjectCmd::List => {
            let list = app.client.projects();
            app.show(&list, || {
                table(
                    &["", "id", "name"],
                    list.iter()
                        .map(|p| vec![if p.current { "*" } else { "" }.to_owned(), p.id.clone(), p.name.clone()])
                        .collect(),
                )
            })
        }
        ProjectCmd::Use { project } => {
            let id = app.client.resolve_project(Some(&project))?;
            app.client.set_current(&id)?;
            if app.json {
                return app.print_json(&serde_json::json!({ "current": id }));
            }
            app.println(&format!("Current project: {id}"))
        }
        ProjectCmd::Show => {
            let p = app.read(tandem_core::project::project)??;
            let id = app.project_id()?;
            app.show(&p, || {
                format!(
                    "{}  [{id}]\nclient: {}\nperiod: {} → {}\ncurrency: {}\nbudget: {}\nhealth: {}\n{}",
                    p.name,
                    opt(&p.client),
                    opt(&p.start),
                    opt(&p.end),
                    p.currency,
                    p.budget.map(|b| app::money(b, &p.currency)).unwrap_or_else(|| "-".into()),
                    p.health_override.map(|h| h.to_string()).unwrap_or_else(|| "auto".into()),
                    p.description
                )
            })
        }
        ProjectCmd::Set(a) => {
            let health = match a.health.as_deref() {
                None => Edit::Keep,
                Some("auto") => Edit::Clear,
                Some(h) => Edit::Set(h.parse::<Health>()?),
            };
            let patch = ProjectPatch {
                name: a.name,
                client: a.client.map(Edit::Set).unwrap_or_default(),
                start: a.start.map(Edit::Set).unwrap_or_default(),
                end: a.end.map(Edit::Set).unwrap_or_default(),
                currency: a.currency,
                budget: a.budget.map(Edit::Set).unwrap_or_default(),
                health,
                description: a.description,
            };
            app.exec_and_report(Command::Project(ProjectCommand::Update(patch))).map(drop)
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum MemberCmd {
    /// Add a team member.
    ///
    /// Example: tandem member add "Bo Chen" --role member --title "Backend developer" --capacity 32
    Add {
        name: String,
        /// coordinator, member, stakeholder or viewer.
        #[arg(long, default_value = "member")]
        role: MemberRole,
        /// Job title.
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// Hours per week available for project work (default 40).
        #[arg(long)]
        capacity: Option<f64>,
    },
    /// List members.
    ///
    /// Example: tandem member list
    List,
    /// Edit a member (by name or id).
    ///
    /// Example: tandem member set Bo --capacity 24 --inactive
    Set {
        member: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        role: Option<MemberRole>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        capacity: Option<f64>,
        /// Mark the member as no longer on the project (their history stays).
        #[arg(long, conflicts_with = "active")]
        inactive: bool,
        /// Mark the member as active again.
        #[arg(long)]
        active: bool,
    },
    /// Say which member this device writes as (e.g. after copying a project to a new laptop).
    ///
    /// Example: tandem member claim Bo
    Claim { member: String },
}

pub fn run_member(app: &mut App, cmd: MemberCmd) -> Result<()> {
    match cmd {
        MemberCmd::Add { name, role, title, email, capacity } => app
            .exec_and_report(Command::Project(ProjectCommand::AddMember {
                name,
                role,
                title,
                email,
                capacity_hours: capacity,
            }))
            .map(drop),
        MemberCmd::List => {
            let members = app.read(tandem_core::project::members)??;
            app.show(&members, || {
                table(
                    &["id", "name", "role", "title", "capacity", "active"],
                    members
                        .iter()
                        .map(|m| {
                            vec![
                                m.id.to_string(),
                                m.name.clone(),
                                m.role.to_string(),
                                opt(&m.title),
                                format!("{} h/wk", m.capacity_hours),
                                if m.active { "yes" } else { "no" }.to_owned(),
                            ]
                        })
                        .collect(),
                )
            })
        }
        MemberCmd::Set { member, name, role, title, email, capacity, inactive, active } => {
            let id = app.member(&member)?;
            let patch = MemberPatch {
                name,
                role,
                title: title.map(Edit::Set).unwrap_or_default(),
                email: email.map(Edit::Set).unwrap_or_default(),
                capacity_hours: capacity,
                active: if inactive {
                    Some(false)
                } else if active {
                    Some(true)
                } else {
                    None
                },
            };
            app.exec_and_report(Command::Project(ProjectCommand::UpdateMember { id, patch })).map(drop)
        }
        MemberCmd::Claim { member } => {
            let id = app.id(Kind::Member, &member).or_else(|_| app.member(&member))?;
            app.exec_and_report(Command::Project(ProjectCommand::ClaimMember { id })).map(drop)
        }
    }
}
