//! `tandem`: every Tandem feature from the terminal, offline first.
//!
//! Each invocation opens the member's profile (`--home`, `TANDEM_HOME`, or the platform data
//! directory), runs one command against the current or `--project` project, and prints a table,
//! a one-line summary, or JSON with `--json`. Errors say what to fix and exit with status 1.

mod app;
mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app::App;

const AFTER_HELP: &str = "\
Examples:
  tandem project create \"Billing revamp\" --me \"Ada Lovelace\"
  tandem member add \"Bo\" --role member --capacity 32
  tandem task add \"Design schema\" --assignee Bo --due 2026-12-01 --estimate 8
  tandem task set <id> --status done
  tandem dashboard
  tandem share --server http://127.0.0.1:7878 --token tdt_...   then: tandem invite
  tandem join tandem-invite:... --me \"Bo\"   then, whenever you are online: tandem sync

Ids accept any unique prefix. Set TANDEM_HOME (or --home) to keep several members' profiles on
one machine. TANDEM_NOW=\"YYYY-MM-DD HH:MM\" pins the clock (scripts, demos, tests).";

/// Tandem: local-first project coordination for IT teams.
#[derive(Debug, Parser)]
#[command(name = "tandem", version, about, after_help = AFTER_HELP, propagate_version = true)]
struct Cli {
    /// Profile directory (default: $TANDEM_HOME, else the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    home: Option<PathBuf>,
    /// Project to work on: a unique id prefix or its name (default: the current project).
    #[arg(long, short = 'p', global = true, value_name = "PROJECT")]
    project: Option<String>,
    /// Print machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Top,
}

#[derive(Debug, Subcommand)]
enum Top {
    /// Create, list, select and edit projects.
    #[command(subcommand)]
    Project(cmd::project::ProjectCmd),
    /// Team members: roles, weekly capacity, who this device is.
    #[command(subcommand)]
    Member(cmd::project::MemberCmd),
    /// The work-breakdown tree: tasks, subtasks, assignees, estimates, dependencies.
    #[command(subcommand)]
    Task(cmd::tasks::TaskCmd),
    /// Milestones on the timeline.
    #[command(subcommand)]
    Milestone(cmd::tasks::MilestoneCmd),
    /// Meetings: agenda, attendees, shared notes, action items.
    #[command(subcommand)]
    Meeting(cmd::meetings::MeetingCmd),
    /// The append-only project log.
    #[command(subcommand)]
    Log(cmd::log::LogCmd),
    /// The decision log.
    #[command(subcommand)]
    Decision(cmd::decisions::DecisionCmd),
    /// Short- and long-term goals and their progress.
    #[command(subcommand)]
    Goal(cmd::goals::GoalCmd),
    /// Resources (people, equipment, licences, vendors) and their allocation to tasks.
    #[command(subcommand)]
    Resource(cmd::resources::ResourceCmd),
    /// Budget lines, expenses, planned vs actual.
    #[command(subcommand)]
    Budget(cmd::resources::BudgetCmd),
    /// The risk register and its probability × impact matrix.
    #[command(subcommand)]
    Risk(cmd::risks::RiskCmd),
    /// The issue and conflict register.
    #[command(subcommand)]
    Issue(cmd::risks::IssueCmd),
    /// Client requests and their triage.
    #[command(subcommand)]
    Request(cmd::requests::RequestCmd),
    /// Deliverables, acceptance criteria, review and sign-off.
    #[command(subcommand)]
    Deliverable(cmd::deliverables::DeliverableCmd),
    /// Saved status reports.
    #[command(subcommand)]
    Report(cmd::deliverables::ReportCmd),
    /// Health, progress, overdue work, milestones, goals and budget at a glance.
    ///
    /// Example: tandem dashboard --today 2026-12-10
    Dashboard(cmd::views::DashboardArgs),
    /// Hours per member per ISO week against capacity.
    ///
    /// Example: tandem workload --from 2026-12-07 --weeks 4
    Workload(cmd::views::WorkloadArgs),
    /// Fields that were edited concurrently and hold several values, and edits to deleted items;
    /// `resolve` settles one.
    ///
    /// Examples: tandem conflicts --json / tandem conflicts resolve task:3k status --pick 2
    Conflicts(cmd::views::ConflictsArgs),
    /// Every change with its author, time and summary, newest first; filter by member, item
    /// and period, group by author or day.
    ///
    /// Example: tandem history --since 2026-11-23 --member Bo --by day
    History(cmd::history::HistoryArgs),
    /// The project as it was at a moment (read-only): a time, a date, or a change.
    ///
    /// Example: tandem show --at "2026-11-23 09:00"
    Show(cmd::history::ShowArgs),
    /// What changed between two moments, by author: items created, changed (before → after,
    /// text differences) and deleted.
    ///
    /// Moments are "YYYY-MM-DD HH:MM" (UTC), a date, or a change hash. --since-meeting takes
    /// the last meeting of a series; --offline the sync point this replica's current (or last)
    /// session started from.
    ///
    /// Examples: tandem diff --from 2026-11-23 / tandem diff --since-meeting Steering / tandem diff --offline
    Diff(cmd::history::DiffArgs),
    /// Plan-integrity checks: what merged cleanly but breaks the plan, and the changes that caused it.
    ///
    /// Finds members booked over capacity in a week, dependency loops, tasks starting before a
    /// task they wait for is due, tasks due after their milestone, budget lines or the project
    /// budget exceeded (planned, committed or paid), attendees in two meetings at once, open work
    /// left with inactive members, and deliverables signed off with unmet criteria. Each finding
    /// says what to fix and lists the changes (author, time, summary) that caused it. `--json`
    /// prints the findings as a list.
    ///
    /// Exit status: 0 when the checks ran, whatever they found; with --fail-on-findings, 3 when
    /// there are findings. 1 is an error (no project, unreadable data), 2 a usage error.
    ///
    /// Example: tandem check --fail-on-findings
    Check(cmd::check::CheckArgs),
    /// Export tasks, risks, decisions or requests as CSV, meetings and milestones as iCalendar,
    /// the whole project as JSON, or its raw Automerge archive.
    ///
    /// Example: tandem export calendar --out apollo.ics
    Export(cmd::export::ExportArgs),
    /// Import tasks from a CSV file (every row is checked before any is added).
    ///
    /// Example: tandem import tasks backlog.csv
    #[command(subcommand)]
    Import(ImportCmd),
    /// Soft-delete any item (it can be restored).
    ///
    /// Example: tandem delete risk 7q
    Delete(cmd::views::ItemArgs),
    /// Restore a deleted item.
    ///
    /// Example: tandem restore task 3k
    Restore(cmd::views::ItemArgs),
    /// Register the current project on a sync server and upload it.
    ///
    /// Example: tandem share --server http://127.0.0.1:7878 --token tdt_...
    Share(cmd::sync::ShareArgs),
    /// Print an invite code for the current project (a shared one).
    ///
    /// Example: tandem invite --role viewer
    Invite(cmd::sync::InviteArgs),
    /// Join a project from an invite code: fetch it and record yourself as a member.
    ///
    /// Example: tandem join tandem-invite:eyJ2Ijo... --me "Bo Berg"
    Join(cmd::sync::JoinArgs),
    /// Sync shared projects with their server until up to date, and show what came in.
    ///
    /// Syncs every shared project, or only --project. Exits with status 1 when a project could
    /// not be brought up to date (server unreachable, access revoked, disk failing); local
    /// changes are kept and go out next time.
    ///
    /// Example: tandem sync --watch
    Sync(cmd::sync::SyncArgs),
    /// Show the sync state of every project in this profile.
    ///
    /// States: local only, offline, connecting, syncing, up to date, storage error, access
    /// revoked. "unsent" counts local changes the server does not have yet.
    ///
    /// Example: tandem status --offline
    Status(cmd::sync::StatusArgs),
}

#[derive(Debug, Subcommand)]
enum ImportCmd {
    /// Add one task per CSV row.
    ///
    /// Example: tandem import tasks backlog.csv
    Tasks(cmd::export::ImportTasksArgs),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let home = tandem_client::resolve_home(cli.home.as_deref())?;
    let mut client = tandem_client::Client::open(&home)?;
    if let Ok(now) = std::env::var("TANDEM_NOW") {
        let at = app::instant(&now).or_else(|_| app::instant(&format!("{now} 00:00"))).map_err(anyhow::Error::msg)?;
        client.set_clock(Box::new(move || at));
    }
    let mut app = App { client, project: cli.project, json: cli.json };
    let result = match cli.command {
        Top::Project(c) => cmd::project::run_project(&mut app, c),
        Top::Member(c) => cmd::project::run_member(&mut app, c),
        Top::Task(c) => cmd::tasks::run_task(&mut app, c),
        Top::Milestone(c) => cmd::tasks::run_milestone(&mut app, c),
        Top::Meeting(c) => cmd::meetings::run(&mut app, c),
        Top::Log(c) => cmd::log::run(&mut app, c),
        Top::Decision(c) => cmd::decisions::run(&mut app, c),
        Top::Goal(c) => cmd::goals::run(&mut app, c),
        Top::Resource(c) => cmd::resources::run_resource(&mut app, c),
        Top::Budget(c) => cmd::resources::run_budget(&mut app, c),
        Top::Risk(c) => cmd::risks::run_risk(&mut app, c),
        Top::Issue(c) => cmd::risks::run_issue(&mut app, c),
        Top::Request(c) => cmd::requests::run(&mut app, c),
        Top::Deliverable(c) => cmd::deliverables::run_deliverable(&mut app, c),
        Top::Report(c) => cmd::deliverables::run_report(&mut app, c),
        Top::Dashboard(a) => cmd::views::dashboard(&mut app, a),
        Top::Workload(a) => cmd::views::workload(&mut app, a),
        Top::Conflicts(a) => cmd::views::conflicts(&mut app, a),
        Top::History(a) => cmd::history::history(&mut app, a),
        Top::Show(a) => cmd::history::show(&mut app, a),
        Top::Diff(a) => cmd::history::diff(&mut app, a),
        Top::Check(a) => cmd::check::check(&mut app, a),
        Top::Export(a) => cmd::export::export(&mut app, a),
        Top::Import(ImportCmd::Tasks(a)) => cmd::export::import_tasks(&mut app, a),
        Top::Delete(a) => cmd::views::delete(&mut app, a, true),
        Top::Restore(a) => cmd::views::delete(&mut app, a, false),
        Top::Share(a) => cmd::sync::share(&mut app, a),
        Top::Invite(a) => cmd::sync::invite(&mut app, a),
        Top::Join(a) => cmd::sync::join(&mut app, a),
        Top::Sync(a) => cmd::sync::sync(&mut app, a),
        Top::Status(a) => cmd::sync::status(&mut app, a),
    };
    let result = settle_unsaved(&mut app, result);
    app.client.close();
    result
}

/// A change the disk refused outside [`App::exec`] (e.g. the member `tandem join` records): this
/// process ends now, so its "kept, do not repeat" error is not true here. Try the write once more
/// and say what became of it.
fn settle_unsaved(app: &mut App, result: anyhow::Result<()>) -> anyhow::Result<()> {
    let Err(e) = result else { return result };
    let Some(tandem_client::ClientError::SavePending { outcome, .. }) = e.downcast_ref() else { return Err(e) };
    let summary = outcome.summary.clone();
    app.client.finish_pending()?;
    anyhow::bail!(
        "the disk refused to save {summary:?} at first; a retry saved it, but the command stopped there: \
         check with `tandem status` and `tandem history`, then run what is left"
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The findings are printed already; the status tells scripts there were some.
        Err(e) if e.is::<cmd::check::FindingsFound>() => ExitCode::from(cmd::check::FINDINGS_EXIT_STATUS),
        Err(e) => {
            let mut msg = e.to_string();
            for cause in e.chain().skip(1) {
                msg.push_str(&format!(": {cause}"));
            }
            #[allow(clippy::print_stderr, reason = "the one place errors reach the user")]
            {
                eprintln!("error: {msg}");
            }
            ExitCode::FAILURE
        }
    }
}
