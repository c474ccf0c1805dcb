//! `tandem goal …`: short- and long-term goals measured by a metric, and their progress.

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tandem_core::goals::{self, GoalCommand, GoalHorizon, GoalPatch, GoalStatus, GoalView, NewGoal};
use tandem_core::ids::{GoalId, MemberId};
use tandem_core::values::Edit;
use tandem_core::{Command, Kind};

use crate::app::{self, App, opt, table};

#[derive(Debug, Subcommand)]
pub enum GoalCmd {
    /// Add a goal: a metric moving from a baseline to a target (down for "reduce" goals).
    ///
    /// Example: tandem goal add "Faster checkout" --metric "p95 latency ms" --baseline 900 --target 300 --due 2027-03-31 --owner Bo
    Add(GoalAddArgs),
    /// List goals with their progress and whether they keep pace with time.
    ///
    /// Example: tandem goal list --all
    List {
        /// Include achieved, abandoned and deleted goals.
        #[arg(long)]
        all: bool,
    },
    /// Show one goal in full.
    ///
    /// Example: tandem goal show 4f
    Show { id: String },
    /// Record the metric's current value.
    ///
    /// Example: tandem goal progress 4f 620
    Progress {
        id: String,
        /// The metric's value now.
        #[arg(allow_negative_numbers = true)]
        value: f64,
    },
    /// Change fields of a goal, or mark it achieved or abandoned.
    ///
    /// Example: tandem goal set 4f --target 250 --due 2027-04-30 --status achieved
    Set(GoalSetArgs),
    /// Edit the description in $EDITOR.
    ///
    /// Example: EDITOR=nano tandem goal describe 4f
    Describe { id: String },
}

#[derive(Debug, Args)]
pub struct GoalAddArgs {
    title: String,
    /// What is measured, with its unit ("p95 latency ms", "signed customers").
    #[arg(long)]
    metric: String,
    /// The value when the goal is set.
    #[arg(long, allow_negative_numbers = true)]
    baseline: f64,
    /// The value that means the goal is met (must differ from the baseline).
    #[arg(long, allow_negative_numbers = true)]
    target: f64,
    /// The value now (default: the baseline).
    #[arg(long, allow_negative_numbers = true)]
    current: Option<f64>,
    /// short (this phase or quarter) or long (the project as a whole).
    #[arg(long, default_value = "short")]
    horizon: GoalHorizon,
    #[arg(long, value_parser = app::date)]
    due: Option<NaiveDate>,
    /// Member name or id.
    #[arg(long)]
    owner: Option<String>,
    #[arg(long, default_value = "")]
    description: String,
}

#[derive(Debug, Args)]
pub struct GoalSetArgs {
    id: String,
    #[arg(long)]
    title: Option<String>,
    /// Replace the description.
    #[arg(long)]
    description: Option<String>,
    /// short or long.
    #[arg(long)]
    horizon: Option<GoalHorizon>,
    #[arg(long)]
    metric: Option<String>,
    #[arg(long, allow_negative_numbers = true)]
    baseline: Option<f64>,
    #[arg(long, allow_negative_numbers = true)]
    target: Option<f64>,
    /// Due date ("none" clears it).
    #[arg(long)]
    due: Option<String>,
    /// Owner, a member name or id ("none" clears it).
    #[arg(long)]
    owner: Option<String>,
    /// active, achieved or abandoned.
    #[arg(long)]
    status: Option<GoalStatus>,
}

pub fn run(app: &mut App, cmd: GoalCmd) -> Result<()> {
    let cmd = match cmd {
        GoalCmd::Add(a) => GoalCommand::Add(NewGoal {
            title: a.title,
            description: a.description,
            horizon: a.horizon,
            metric: a.metric,
            baseline: a.baseline,
            target: a.target,
            current: a.current,
            due: a.due,
            owner: a.owner.map(|o| app.member(&o)).transpose()?,
        }),
        GoalCmd::List { all } => return list(app, all),
        GoalCmd::Show { id } => return show(app, &id),
        GoalCmd::Progress { id, value } => GoalCommand::RecordProgress { id: app.id(Kind::Goal, &id)?, current: value },
        GoalCmd::Set(a) => {
            let id = app.id(Kind::Goal, &a.id)?;
            let due = match a.due.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(d) => Edit::Set(app::date(d).map_err(anyhow::Error::msg)?),
            };
            let owner = match a.owner.as_deref() {
                None => Edit::Keep,
                Some("none") => Edit::Clear,
                Some(o) => Edit::Set(app.member(o)?),
            };
            let patch = GoalPatch {
                title: a.title,
                description: a.description,
                horizon: a.horizon,
                metric: a.metric,
                baseline: a.baseline,
                target: a.target,
                due,
                owner,
                status: a.status,
            };
            GoalCommand::Update { id, patch }
        }
        GoalCmd::Describe { id } => {
            let id: GoalId = app.id(Kind::Goal, &id)?;
            let current = read_goal(app, &id)?.description;
            let edited = app::edit_in_editor(&current)?;
            if edited == current {
                return app.println("Description unchanged.");
            }
            GoalCommand::Update { id, patch: GoalPatch { description: Some(edited), ..GoalPatch::default() } }
        }
    };
    app.exec_and_report(Command::Goal(cmd)).map(drop)
}

fn read_goal(app: &mut App, id: &GoalId) -> Result<GoalView> {
    let today = app.today();
    let id = id.clone();
    Ok(app.read(move |d| goals::goal(d, &id, today))??)
}

fn owner_name(app: &mut App, owner: &Option<MemberId>) -> Result<String> {
    match owner {
        None => Ok("-".to_owned()),
        Some(o) => {
            let o = o.to_string();
            app.read(move |d| tandem_core::project::member_name(d, &o))
        }
    }
}

/// "40%".
fn percent(g: &GoalView) -> String {
    format!("{:.0}%", (g.progress * 100.0).round() + 0.0)
}

/// "on track", "behind", or "-" when the goal is not active or has no due date.
fn track(g: &GoalView) -> &'static str {
    match g.on_track {
        Some(true) => "on track",
        Some(false) => "behind",
        None => "-",
    }
}

/// "900 → 300, now 620 p95 latency ms".
fn value(g: &GoalView) -> String {
    let unit = if g.metric.is_empty() { String::new() } else { format!(" {}", g.metric) };
    format!("{} → {}, now {}{unit}", g.baseline, g.target, g.current)
}

fn list(app: &mut App, all: bool) -> Result<()> {
    let today = app.today();
    let goals: Vec<GoalView> = app
        .read(move |d| goals::goals(d, today))??
        .into_iter()
        .filter(|g| all || (!g.deleted && g.status == GoalStatus::Active))
        .collect();
    if app.json {
        return app.print_json(&goals);
    }
    let mut rows = Vec::new();
    for g in &goals {
        rows.push(vec![
            g.id.to_string(),
            format!("{}{}", g.title, if g.deleted { " (deleted)" } else { "" }),
            g.horizon.to_string(),
            value(g),
            percent(g),
            if g.status == GoalStatus::Active { track(g).to_owned() } else { g.status.to_string() },
            opt(&g.due),
            owner_name(app, &g.owner)?,
        ]);
    }
    app.println(&table(&["id", "title", "horizon", "metric", "progress", "status", "due", "owner"], rows))
}

fn show(app: &mut App, id: &str) -> Result<()> {
    let id: GoalId = app.id(Kind::Goal, id)?;
    let g = read_goal(app, &id)?;
    if app.json {
        return app.print_json(&g);
    }
    let owner = owner_name(app, &g.owner)?;
    let text = format!(
        "{}  [{}]{}\nstatus: {}  horizon: {}\nmetric: {}\nbaseline: {}  target: {}  current: {}\nprogress: {}  {}\ndue: {}  owner: {owner}\ntasks: {}/{} done\n\n{}",
        g.title,
        g.id,
        if g.deleted { " (deleted)" } else { "" },
        g.status,
        g.horizon,
        if g.metric.is_empty() { "-" } else { &g.metric },
        g.baseline,
        g.target,
        g.current,
        percent(&g),
        track(&g),
        opt(&g.due),
        g.tasks_done,
        g.tasks_total,
        g.description
    );
    app.println(text.trim_end())
}
