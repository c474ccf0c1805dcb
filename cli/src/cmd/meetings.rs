//! `tandem meeting …`: time and place, attendees, the ordered agenda, shared notes, decisions
//! and action items (which become tasks).

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use tandem_core::ids::{ActionItemId, AgendaItemId, MeetingId};
use tandem_core::meetings::{self, MeetingCommand, MeetingPatch, MeetingView, NewMeeting};
use tandem_core::values::Edit;
use tandem_core::{Command, Kind, Millis};

use crate::app::{self, App, opt, table};

#[derive(Debug, Subcommand)]
pub enum MeetingCmd {
    /// Schedule a meeting (times are UTC).
    ///
    /// Example: tandem meeting add "Steering committee" --start "2026-12-03 10:00" --duration 45 --series steering --attendee Bo
    Add(MeetingAddArgs),
    /// List meetings by start time.
    ///
    /// Example: tandem meeting list --series steering
    List {
        /// Only meetings of this series (any case).
        #[arg(long)]
        series: Option<String>,
        /// Include deleted meetings.
        #[arg(long)]
        all: bool,
    },
    /// Show a meeting: agenda in order, attendees, notes, decisions and action items.
    ///
    /// Example: tandem meeting show 4f
    Show { id: String },
    /// Change a meeting's title, time, duration, series or location.
    ///
    /// Example: tandem meeting set 4f --start "2026-12-04 14:00" --location none
    Set(MeetingSetArgs),
    /// Add an attendee.
    ///
    /// Example: tandem meeting attend 4f Bo
    Attend { id: String, member: String },
    /// Remove an attendee.
    ///
    /// Example: tandem meeting unattend 4f Bo
    Unattend { id: String, member: String },
    /// Work on the agenda: add, tick off, reorder and remove items.
    ///
    /// Example: tandem meeting agenda 4f add "Budget review" --minutes 15
    Agenda {
        /// Meeting id.
        id: String,
        #[command(subcommand)]
        cmd: AgendaCmd,
    },
    /// Print the shared notes, append to them, or edit them in $EDITOR.
    ///
    /// Example: tandem meeting notes 4f --append "Bo presents the budget."
    Notes {
        id: String,
        /// Append this text at the end (on a new line).
        #[arg(long, conflicts_with = "edit")]
        append: Option<String>,
        /// Edit the notes in $EDITOR.
        #[arg(long)]
        edit: bool,
    },
    /// Work on action items: add them, and promote them to tasks.
    ///
    /// Example: tandem meeting action 4f add "Send the minutes" --assignee Bo --due 2026-12-05
    Action {
        /// Meeting id.
        id: String,
        #[command(subcommand)]
        cmd: ActionCmd,
    },
    /// Record a decision taken in the meeting (linked on both sides).
    ///
    /// Example: tandem meeting decision 4f 8d
    Decision { id: String, decision: String },
}

#[derive(Debug, Args)]
pub struct MeetingAddArgs {
    title: String,
    /// Start time, "YYYY-MM-DD HH:MM" (UTC).
    #[arg(long, value_parser = app::instant)]
    start: Millis,
    /// Length in minutes.
    #[arg(long, default_value_t = 60)]
    duration: i64,
    /// A recurring series ("steering", "standup").
    #[arg(long)]
    series: Option<String>,
    #[arg(long)]
    location: Option<String>,
    /// Attendee (name or id); repeat for several.
    #[arg(long)]
    attendee: Vec<String>,
    /// Initial notes.
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(Debug, Args)]
pub struct MeetingSetArgs {
    id: String,
    #[arg(long)]
    title: Option<String>,
    /// Start time, "YYYY-MM-DD HH:MM" (UTC).
    #[arg(long, value_parser = app::instant)]
    start: Option<Millis>,
    /// Length in minutes.
    #[arg(long)]
    duration: Option<i64>,
    /// Series ("none" clears it).
    #[arg(long)]
    series: Option<String>,
    /// Location ("none" clears it).
    #[arg(long)]
    location: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AgendaCmd {
    /// Add an agenda item at the end, or right after another.
    ///
    /// Example: tandem meeting agenda 4f add "Risks" --minutes 10 --after 2b
    Add {
        title: String,
        /// Time box in minutes.
        #[arg(long)]
        minutes: Option<i64>,
        /// Place right after this agenda item.
        #[arg(long)]
        after: Option<String>,
    },
    /// Tick an agenda item off (or back on with --undo).
    ///
    /// Example: tandem meeting agenda 4f done 2b
    Done {
        item: String,
        /// Mark it not done again.
        #[arg(long)]
        undo: bool,
    },
    /// Move an agenda item right after another, or to the top without --after.
    ///
    /// Example: tandem meeting agenda 4f move 2b --after 7c
    Move {
        item: String,
        #[arg(long)]
        after: Option<String>,
    },
    /// Remove an agenda item.
    ///
    /// Example: tandem meeting agenda 4f remove 2b
    Remove { item: String },
}

#[derive(Debug, Subcommand)]
pub enum ActionCmd {
    /// Add an action item.
    ///
    /// Example: tandem meeting action 4f add "Send the minutes" --assignee Bo --due 2026-12-05
    Add {
        text: String,
        /// Member name or id.
        #[arg(long)]
        assignee: Option<String>,
        #[arg(long, value_parser = app::date)]
        due: Option<NaiveDate>,
    },
    /// Turn an action item into a task (once); prints the new task's id.
    ///
    /// Example: tandem meeting action 4f promote 9a
    Promote { item: String },
}

/// "none" clears, anything else sets, absent keeps.
fn edit_text(v: Option<String>) -> Edit<String> {
    match v {
        None => Edit::Keep,
        Some(s) if s.trim().eq_ignore_ascii_case("none") => Edit::Clear,
        Some(s) => Edit::Set(s),
    }
}

pub fn run(app: &mut App, cmd: MeetingCmd) -> Result<()> {
    let cmd = match cmd {
        MeetingCmd::Add(a) => Command::Meeting(MeetingCommand::Add(NewMeeting {
            title: a.title,
            series: a.series,
            start: a.start,
            duration_minutes: a.duration,
            location: a.location,
            attendees: app.members(&a.attendee)?,
            notes: a.notes,
        })),
        MeetingCmd::List { series, all } => return list(app, series, all),
        MeetingCmd::Show { id } => return show(app, &id),
        MeetingCmd::Set(a) => {
            let id = app.id(Kind::Meeting, &a.id)?;
            let patch = MeetingPatch {
                title: a.title,
                series: edit_text(a.series),
                start: a.start,
                duration_minutes: a.duration,
                location: edit_text(a.location),
                notes: None,
            };
            Command::Meeting(MeetingCommand::Update { id, patch })
        }
        MeetingCmd::Attend { id, member } => Command::Meeting(MeetingCommand::AddAttendee {
            id: app.id(Kind::Meeting, &id)?,
            member: app.member(&member)?,
        }),
        MeetingCmd::Unattend { id, member } => Command::Meeting(MeetingCommand::RemoveAttendee {
            id: app.id(Kind::Meeting, &id)?,
            member: app.member(&member)?,
        }),
        MeetingCmd::Agenda { id, cmd } => agenda(app, &id, cmd)?,
        MeetingCmd::Notes { id, append, edit } => {
            let id: MeetingId = app.id(Kind::Meeting, &id)?;
            match (append, edit) {
                (Some(text), _) => Command::Meeting(MeetingCommand::AppendNotes { id, text }),
                (None, true) => {
                    let m = view(app, &id)?;
                    if m.deleted {
                        // Say so before the editor opens, so no typing is lost.
                        bail!("meeting {id} was deleted; restore it before editing it");
                    }
                    let current = m.notes;
                    let edited = app::edit_in_editor(&current)?;
                    if edited == current {
                        return app.println("Notes unchanged.");
                    }
                    Command::Meeting(MeetingCommand::Update {
                        id,
                        patch: MeetingPatch { notes: Some(edited), ..MeetingPatch::default() },
                    })
                }
                (None, false) => {
                    let m = view(app, &id)?;
                    let value = serde_json::json!({ "id": m.id, "title": m.title, "notes": m.notes });
                    return app
                        .show(&value, || if m.notes.is_empty() { "(no notes)".to_owned() } else { m.notes.clone() });
                }
            }
        }
        MeetingCmd::Action { id, cmd } => {
            let id: MeetingId = app.id(Kind::Meeting, &id)?;
            match cmd {
                ActionCmd::Add { text, assignee, due } => Command::Meeting(MeetingCommand::AddActionItem {
                    id,
                    text,
                    assignee: assignee.map(|a| app.member(&a)).transpose()?,
                    due,
                }),
                ActionCmd::Promote { item } => {
                    let m = view(app, &id)?;
                    let ids: Vec<String> = m.action_items.iter().map(|a| a.id.to_string()).collect();
                    let item: ActionItemId = nested_id(&ids, &item, "action item", &id)?.parse()?;
                    Command::Meeting(MeetingCommand::PromoteActionItem { id, item })
                }
            }
        }
        MeetingCmd::Decision { id, decision } => Command::Meeting(MeetingCommand::LinkDecision {
            id: app.id(Kind::Meeting, &id)?,
            decision: app.id(Kind::Decision, &decision)?,
        }),
    };
    app.exec_and_report(cmd).map(drop)
}

/// The command for `meeting agenda ID …`, with agenda item ids resolved from prefixes.
fn agenda(app: &mut App, id: &str, cmd: AgendaCmd) -> Result<Command> {
    let id: MeetingId = app.id(Kind::Meeting, id)?;
    let ids: Vec<String> = view(app, &id)?.agenda.iter().map(|a| a.id.to_string()).collect();
    let item = |typed: &str| -> Result<AgendaItemId> { Ok(nested_id(&ids, typed, "agenda item", &id)?.parse()?) };
    Ok(Command::Meeting(match cmd {
        AgendaCmd::Add { title, minutes, after } => {
            let after = after.map(|a| item(&a)).transpose()?;
            MeetingCommand::AddAgendaItem { id, title, minutes, after }
        }
        AgendaCmd::Done { item: i, undo } => MeetingCommand::UpdateAgendaItem {
            item: item(&i)?,
            id,
            title: None,
            minutes: Edit::Keep,
            done: Some(!undo),
        },
        AgendaCmd::Move { item: i, after } => {
            let after = after.map(|a| item(&a)).transpose()?;
            MeetingCommand::MoveAgendaItem { item: item(&i)?, id, after }
        }
        AgendaCmd::Remove { item: i } => MeetingCommand::RemoveAgendaItem { item: item(&i)?, id },
    }))
}

/// The one id among `ids` (a meeting's agenda or action items) that is `typed` or starts with it.
fn nested_id(ids: &[String], typed: &str, noun: &str, meeting: &MeetingId) -> Result<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        bail!("give the {noun} id (`tandem meeting show {meeting}` lists them)");
    }
    if let Some(exact) = ids.iter().find(|i| *i == typed) {
        return Ok(exact.clone());
    }
    let matches: Vec<&String> = ids.iter().filter(|i| i.starts_with(typed)).collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!("meeting {meeting} has no {noun} {typed}; `tandem meeting show {meeting}` lists them"),
        many => bail!(
            "{typed:?} matches {} {noun}s ({}); type more of the id",
            many.len(),
            many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn view(app: &mut App, id: &MeetingId) -> Result<MeetingView> {
    let id = id.clone();
    Ok(app.read(move |d| meetings::meeting(d, &id))??)
}

/// An instant as people type it: `YYYY-MM-DD HH:MM`.
fn time(t: Millis) -> String {
    t.to_datetime().format("%Y-%m-%d %H:%M").to_string()
}

/// "2026-12-03 10:00–10:45 UTC" (the end with its date when it falls on another day).
fn span(start: Millis, end: Millis) -> String {
    let end_fmt = if start.date() == end.date() { "%H:%M" } else { "%Y-%m-%d %H:%M" };
    format!("{}–{} UTC", time(start), end.to_datetime().format(end_fmt))
}

fn list(app: &mut App, series: Option<String>, all: bool) -> Result<()> {
    let want = series.map(|s| s.trim().to_lowercase());
    let rows: Vec<meetings::MeetingSummary> = app
        .read(meetings::meetings)??
        .into_iter()
        .filter(|m| all || !m.deleted)
        .filter(|m| want.as_ref().is_none_or(|w| m.series.as_ref().is_some_and(|s| s.trim().to_lowercase() == *w)))
        .collect();
    app.show(&rows, || {
        table(
            &["id", "start (utc)", "min", "title", "series", "attendees"],
            rows.iter()
                .map(|m| {
                    vec![
                        m.id.to_string(),
                        time(m.start),
                        m.duration_minutes.to_string(),
                        format!("{}{}", m.title, if m.deleted { " (deleted)" } else { "" }),
                        opt(&m.series),
                        m.attendee_count.to_string(),
                    ]
                })
                .collect(),
        )
    })
}

fn show(app: &mut App, id: &str) -> Result<()> {
    let id: MeetingId = app.id(Kind::Meeting, id)?;
    let m = view(app, &id)?;
    app.show(&m, || render(&m))
}

fn render(m: &MeetingView) -> String {
    let mut out = format!(
        "{}  [{}]{}\nwhen: {} ({} min)\nseries: {}  location: {}\nattendees: {}\n",
        m.title,
        m.id,
        if m.deleted { " (deleted)" } else { "" },
        span(m.start, m.end),
        m.duration_minutes,
        opt(&m.series),
        opt(&m.location),
        if m.attendees.is_empty() {
            "-".to_owned()
        } else {
            m.attendees.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")
        },
    );
    out.push_str("\nAgenda:\n");
    if m.agenda.is_empty() {
        out.push_str("  (none)\n");
    }
    for a in &m.agenda {
        let minutes = a.minutes.map(|n| format!("  ({n} min)")).unwrap_or_default();
        out.push_str(&format!("  [{}] {} {}{minutes}\n", if a.done { "x" } else { " " }, a.id, a.title));
    }
    out.push_str("\nNotes:\n");
    if m.notes.trim().is_empty() {
        out.push_str("  (none)\n");
    }
    for line in m.notes.trim_end().lines() {
        out.push_str(&if line.is_empty() { "\n".to_owned() } else { format!("  {line}\n") });
    }
    out.push_str("\nDecisions:\n");
    if m.decisions.is_empty() {
        out.push_str("  (none)\n");
    }
    for d in &m.decisions {
        let status = d.status.map(|s| s.to_string()).unwrap_or_else(|| "unknown".to_owned());
        let deleted = if d.deleted { ", deleted" } else { "" };
        out.push_str(&format!("  {} {} ({status}{deleted})\n", d.id, d.title));
    }
    out.push_str("\nAction items:\n");
    if m.action_items.is_empty() {
        out.push_str("  (none)\n");
    }
    for a in &m.action_items {
        let mut line = format!("  {} {}", a.id, a.text);
        if let Some(name) = &a.assignee_name {
            line.push_str(&format!("  @{name}"));
        }
        if let Some(due) = a.due {
            line.push_str(&format!("  due {due}"));
        }
        if let Some(task) = &a.task {
            line.push_str(&format!("  → task {task}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
