//! `tandem risk …` (the risk register and its probability × impact matrix) and `tandem issue …`
//! (the issue and conflict register).

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tandem_core::ids::{IssueId, MemberId, RiskId};
use tandem_core::risks::{
    self, IssuePatch, IssueStatus, IssueView, NewIssue, NewRisk, RiskCommand, RiskMatrixView, RiskPatch, RiskStatus,
    RiskView, Severity,
};
use tandem_core::values::Edit;
use tandem_core::{Command, Kind};

use crate::app::{self, App, opt, table};

#[derive(Debug, Subcommand)]
pub enum RiskCmd {
    /// Add a risk to the register (status open). Probability and impact go from 1 to 5.
    ///
    /// Example: tandem risk add "Vendor API late" --probability 3 -i 4 --owner Bo --review 2026-12-15 --mitigation "Mock it"
    Add(RiskAddArgs),
    /// List risks, highest score first (closed ones only with --all).
    ///
    /// Example: tandem risk list --all
    List {
        /// Include closed and deleted risks.
        #[arg(long)]
        all: bool,
    },
    /// Show one risk in full.
    ///
    /// Example: tandem risk show 7q
    Show { id: String },
    /// Change fields of a risk.
    ///
    /// Example: tandem risk set 7q --probability 2 --review 2027-01-10 --owner none
    Set(RiskSetArgs),
    /// Move a risk along its workflow: open, mitigating, occurred or closed.
    ///
    /// Example: tandem risk status 7q mitigating
    Status {
        id: String,
        /// open, mitigating, occurred or closed.
        status: RiskStatus,
    },
    /// The 5×5 probability × impact matrix: how many risks that are not closed sit in each cell.
    ///
    /// Example: tandem risk matrix
    Matrix,
}

#[derive(Debug, Args)]
pub struct RiskAddArgs {
    title: String,
    /// How likely it is, from 1 (rare) to 5 (almost certain). (-p is --project.)
    #[arg(long)]
    probability: u8,
    /// How bad it would be, from 1 (negligible) to 5 (severe).
    #[arg(long, short = 'i')]
    impact: u8,
    /// Member name or id.
    #[arg(long)]
    owner: Option<String>,
    /// When to look at it again.
    #[arg(long, value_parser = app::date)]
    review: Option<NaiveDate>,
    #[arg(long, default_value = "")]
    description: String,
    /// What is (or will be) done to make it less likely or less bad.
    #[arg(long, default_value = "")]
    mitigation: String,
}

#[derive(Debug, Args)]
pub struct RiskSetArgs {
    id: String,
    #[arg(long)]
    title: Option<String>,
    /// 1 to 5.
    #[arg(long)]
    probability: Option<u8>,
    /// 1 to 5.
    #[arg(long, short = 'i')]
    impact: Option<u8>,
    /// Member name or id ("none" clears it).
    #[arg(long)]
    owner: Option<String>,
    /// Review date ("none" clears it).
    #[arg(long)]
    review: Option<String>,
    /// Replace the description.
    #[arg(long)]
    description: Option<String>,
    /// Replace the mitigation.
    #[arg(long)]
    mitigation: Option<String>,
}

fn member_edit(app: &mut App, v: Option<&str>) -> Result<Edit<MemberId>> {
    Ok(match v {
        None => Edit::Keep,
        Some("none") => Edit::Clear,
        Some(m) => Edit::Set(app.member(m)?),
    })
}

/// Member names, alphabetically.
fn names(app: &mut App, ids: &[MemberId]) -> Result<String> {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let mut names =
        app.read(move |d| ids.iter().map(|i| tandem_core::project::member_name(d, i)).collect::<Vec<_>>())?;
    names.sort_by_key(|n| n.to_lowercase());
    Ok(if names.is_empty() { "-".to_owned() } else { names.join(", ") })
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() { "-" } else { s }
}

pub fn run_risk(app: &mut App, cmd: RiskCmd) -> Result<()> {
    let cmd = match cmd {
        RiskCmd::Add(a) => RiskCommand::Add(NewRisk {
            title: a.title,
            description: a.description,
            mitigation: a.mitigation,
            probability: a.probability,
            impact: a.impact,
            owner: a.owner.map(|o| app.member(&o)).transpose()?,
            review: a.review,
        }),
        RiskCmd::List { all } => return list_risks(app, all),
        RiskCmd::Show { id } => return show_risk(app, &id),
        RiskCmd::Set(a) => {
            let id = app.id(Kind::Risk, &a.id)?;
            let review = match a.review.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(d) => Edit::Set(app::date(d).map_err(anyhow::Error::msg)?),
            };
            let patch = RiskPatch {
                title: a.title,
                description: a.description,
                mitigation: a.mitigation,
                probability: a.probability,
                impact: a.impact,
                owner: member_edit(app, a.owner.as_deref())?,
                review,
            };
            RiskCommand::Update { id, patch }
        }
        RiskCmd::Status { id, status } => RiskCommand::SetStatus { id: app.id(Kind::Risk, &id)?, status },
        RiskCmd::Matrix => return matrix(app),
    };
    app.exec_and_report(Command::Risk(cmd)).map(drop)
}

fn list_risks(app: &mut App, all: bool) -> Result<()> {
    let list: Vec<RiskView> =
        app.read(risks::risks)??.into_iter().filter(|r| all || (!r.deleted && r.status.is_open())).collect();
    if app.json {
        return app.print_json(&list);
    }
    let mut rows = Vec::new();
    for r in &list {
        rows.push(vec![
            r.id.to_string(),
            format!("{}{}", r.title, if r.deleted { " (deleted)" } else { "" }),
            r.probability.to_string(),
            r.impact.to_string(),
            r.score.to_string(),
            r.status.to_string(),
            names(app, r.owner.as_slice())?,
            opt(&r.review),
        ]);
    }
    app.println(&table(&["id", "title", "prob", "impact", "score", "status", "owner", "review"], rows))
}

fn show_risk(app: &mut App, id: &str) -> Result<()> {
    let id: RiskId = app.id(Kind::Risk, id)?;
    let r = app.read(move |d| risks::risk(d, &id))??;
    if app.json {
        return app.print_json(&r);
    }
    let owner = names(app, r.owner.as_slice())?;
    let text = format!(
        "{}  [{}]{}\nstatus: {}\nprobability: {}  impact: {}  score: {}\nowner: {owner}  review: {}\n\nmitigation:\n{}\n\n{}",
        r.title,
        r.id,
        if r.deleted { " (deleted)" } else { "" },
        r.status,
        r.probability,
        r.impact,
        r.score,
        opt(&r.review),
        or_dash(&r.mitigation),
        r.description
    );
    app.println(text.trim_end())
}

fn matrix(app: &mut App) -> Result<()> {
    let m: RiskMatrixView = app.read(risks::risk_matrix)??;
    app.show(&m, || {
        let mut rows = Vec::new();
        for p in (risks::SCALE_MIN..=risks::SCALE_MAX).rev() {
            let mut row = vec![p.to_string()];
            for i in risks::SCALE_MIN..=risks::SCALE_MAX {
                let n = m.cell(p, i).map_or(0, |c| c.risks.len());
                row.push(if n == 0 { ".".to_owned() } else { n.to_string() });
            }
            rows.push(row);
        }
        let c = &m.counts;
        format!(
            "{}\n(rows: probability 5..1; columns: impact 1..5; counts of risks that are not closed)\nopen {}, mitigating {}, occurred {}, closed {}",
            table(&["prob \\ impact", "1", "2", "3", "4", "5"], rows),
            c.open,
            c.mitigating,
            c.occurred,
            c.closed
        )
    })
}

#[derive(Debug, Subcommand)]
pub enum IssueCmd {
    /// Raise an issue or conflict (status open).
    ///
    /// Example: tandem issue add "Scope dispute on reports" --party Bo --party Ada --external "ACME legal" --severity high
    Add(IssueAddArgs),
    /// List issues: unresolved first, most severe first (resolved ones only with --all).
    ///
    /// Example: tandem issue list --all
    List {
        /// Include resolved and deleted issues.
        #[arg(long)]
        all: bool,
    },
    /// Show one issue in full.
    ///
    /// Example: tandem issue show 2m
    Show { id: String },
    /// Move an issue along its workflow: open, resolving or resolved (resolved needs a resolution).
    ///
    /// Example: tandem issue status 2m resolved --resolution "Agreed to phase 2"
    Status {
        id: String,
        /// open, resolving or resolved.
        status: IssueStatus,
        /// How it was (or is being) resolved; replaces the current text.
        #[arg(long)]
        resolution: Option<String>,
    },
    /// Change fields of an issue.
    ///
    /// Example: tandem issue set 2m --severity critical --party Bo --external none
    Set(IssueSetArgs),
}

#[derive(Debug, Args)]
pub struct IssueAddArgs {
    title: String,
    /// A member involved (name or id); repeat for several.
    #[arg(long)]
    party: Vec<String>,
    /// Someone outside the project involved, by name; repeat for several.
    #[arg(long)]
    external: Vec<String>,
    /// low, medium, high or critical.
    #[arg(long, default_value = "medium")]
    severity: Severity,
    #[arg(long, default_value = "")]
    description: String,
}

#[derive(Debug, Args)]
pub struct IssueSetArgs {
    id: String,
    #[arg(long)]
    title: Option<String>,
    /// Replace the description.
    #[arg(long)]
    description: Option<String>,
    /// Replace the member parties (repeat for several; "none" removes them all).
    #[arg(long)]
    party: Vec<String>,
    /// Replace the external parties (repeat for several; "none" removes them all).
    #[arg(long)]
    external: Vec<String>,
    /// low, medium, high or critical.
    #[arg(long)]
    severity: Option<Severity>,
    /// Replace the resolution text.
    #[arg(long)]
    resolution: Option<String>,
}

/// A replacement list from repeated flags: none given keeps it, `none` empties it.
fn replacement(v: Vec<String>, flag: &str) -> Result<Option<Vec<String>>> {
    match v.as_slice() {
        [] => Ok(None),
        [one] if one == "none" => Ok(Some(Vec::new())),
        many if many.iter().any(|s| s == "none") => {
            bail!("--{flag} none removes them all; do not combine it with names")
        }
        _ => Ok(Some(v)),
    }
}

pub fn run_issue(app: &mut App, cmd: IssueCmd) -> Result<()> {
    let cmd = match cmd {
        IssueCmd::Add(a) => RiskCommand::AddIssue(NewIssue {
            title: a.title,
            description: a.description,
            parties: app.members(&a.party)?,
            external_parties: a.external,
            severity: a.severity,
        }),
        IssueCmd::List { all } => return list_issues(app, all),
        IssueCmd::Show { id } => return show_issue(app, &id),
        IssueCmd::Status { id, status, resolution } => {
            let id: IssueId = app.id(Kind::Issue, &id)?;
            if status == IssueStatus::Resolved && resolution.is_none() {
                let i = read_issue(app, &id)?;
                if i.resolution.trim().is_empty() && i.status != IssueStatus::Resolved {
                    bail!("issue '{}' has no resolution; say how it was resolved with --resolution \"…\"", i.title);
                }
            }
            RiskCommand::SetIssueStatus { id, status, resolution }
        }
        IssueCmd::Set(a) => {
            let id = app.id(Kind::Issue, &a.id)?;
            let parties = match replacement(a.party, "party")? {
                None => None,
                Some(p) => Some(app.members(&p)?),
            };
            let patch = IssuePatch {
                title: a.title,
                description: a.description,
                parties,
                external_parties: replacement(a.external, "external")?,
                severity: a.severity,
                resolution: a.resolution,
            };
            RiskCommand::UpdateIssue { id, patch }
        }
    };
    app.exec_and_report(Command::Risk(cmd)).map(drop)
}

fn read_issue(app: &mut App, id: &IssueId) -> Result<IssueView> {
    let id = id.clone();
    Ok(app.read(move |d| risks::issue(d, &id))??)
}

/// Member names and external parties together.
fn parties(app: &mut App, i: &IssueView) -> Result<String> {
    let mut all = Vec::new();
    if !i.parties.is_empty() {
        all.push(names(app, &i.parties)?);
    }
    all.extend(i.external_parties.iter().cloned());
    Ok(if all.is_empty() { "-".to_owned() } else { all.join(", ") })
}

fn list_issues(app: &mut App, all: bool) -> Result<()> {
    let list: Vec<IssueView> = app
        .read(risks::issues)??
        .into_iter()
        .filter(|i| all || (!i.deleted && i.status != IssueStatus::Resolved))
        .collect();
    if app.json {
        return app.print_json(&list);
    }
    let mut rows = Vec::new();
    for i in &list {
        rows.push(vec![
            i.id.to_string(),
            format!("{}{}", i.title, if i.deleted { " (deleted)" } else { "" }),
            i.severity.to_string(),
            i.status.to_string(),
            parties(app, i)?,
            i.raised_at.map(|t| t.date().to_string()).unwrap_or_else(|| "-".into()),
        ]);
    }
    app.println(&table(&["id", "title", "severity", "status", "parties", "raised"], rows))
}

fn show_issue(app: &mut App, id: &str) -> Result<()> {
    let id: IssueId = app.id(Kind::Issue, id)?;
    let i = read_issue(app, &id)?;
    if app.json {
        return app.print_json(&i);
    }
    let members = names(app, &i.parties)?;
    let external = if i.external_parties.is_empty() { "-".to_owned() } else { i.external_parties.join(", ") };
    let text = format!(
        "{}  [{}]{}\nseverity: {}  status: {}\nparties: {members}\nexternal parties: {external}\nraised: {}  resolved: {}\n\nresolution:\n{}\n\n{}",
        i.title,
        i.id,
        if i.deleted { " (deleted)" } else { "" },
        i.severity,
        i.status,
        i.raised_at.map(|t| t.date().to_string()).unwrap_or_else(|| "-".into()),
        i.resolved_at.map(|t| t.date().to_string()).unwrap_or_else(|| "-".into()),
        or_dash(&i.resolution),
        i.description
    );
    app.println(text.trim_end())
}
