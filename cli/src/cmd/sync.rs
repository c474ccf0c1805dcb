//! Sharing, inviting, joining and syncing: `tandem share`, `invite`, `join`, `sync`, `status`.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::{Result, bail};
use clap::Args;
use tandem_client::{ClientEvent, SyncOptions, SyncOutcome, SyncState, SyncStatus};
use tandem_core::merge::MergeReport;

use crate::app::{App, table};

/// `tandem share`
#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The server: http(s)://host:port for a Tandem server, ws(s)://host:port for a plain
    /// automerge-repo relay (no accounts: anyone with the project id can read and write).
    #[arg(long, env = "TANDEM_SERVER", value_name = "URL")]
    server: String,
    /// A token that may register projects on a Tandem server (`tandem-sync-server token create`).
    /// Not needed again once this profile holds one for the server.
    #[arg(long, env = "TANDEM_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Give up uploading after this many seconds (the project stays shared; `tandem sync` resumes).
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    timeout: u64,
}

/// `tandem invite`
#[derive(Debug, Args)]
pub struct InviteArgs {
    /// What the new member may do: member (read and write) or viewer (read only).
    #[arg(long, default_value = "member", value_parser = ["member", "viewer"])]
    role: String,
    /// Hours until the code expires (at most 8760).
    #[arg(long, default_value_t = 168, value_name = "HOURS")]
    expires_in_hours: u32,
}

/// `tandem join`
#[derive(Debug, Args)]
pub struct JoinArgs {
    /// The invite code (the whole `tandem-invite:...` line).
    code: String,
    /// Your name as the team will see it. An existing member of that name who has no device yet
    /// becomes you; otherwise you are added as a new member.
    #[arg(long, value_name = "NAME")]
    me: String,
    /// Give up fetching after this many seconds (the membership is kept; `tandem sync` resumes).
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    timeout: u64,
}

/// `tandem sync`
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Stay connected and print changes from others as they arrive (Ctrl-C stops). Other
    /// `tandem` commands on this profile wait until it stops; use the desktop app to edit while
    /// staying connected.
    #[arg(long)]
    watch: bool,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    timeout: u64,
}

/// `tandem status`
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Do not contact servers: show what this profile knew at its last sync.
    #[arg(long)]
    offline: bool,
    /// How long to try reaching servers.
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    timeout: u64,
}

pub fn share(app: &mut App, a: ShareArgs) -> Result<()> {
    let id = app.project_id()?;
    let (shared, synced) = app.client.share(&id, &a.server, a.token.as_deref(), Duration::from_secs(a.timeout))?;
    if app.json {
        return app.print_json(&serde_json::json!({
            "project": shared.project,
            "server": shared.server,
            "role": shared.role,
            "registered": shared.registered,
            "state": synced.status.state,
        }));
    }
    let how = if shared.registered { "Shared" } else { "Already shared" };
    app.println(&format!(
        "{how} {} on {} as {}.",
        synced.status.name,
        shared.server,
        shared.role.as_deref().unwrap_or("peer")
    ))?;
    if synced.status.state == SyncState::UpToDate {
        app.println("The server has the whole project. Invite members with `tandem invite`.")
    } else {
        app.println(&format!("Not uploaded yet ({}); run `tandem sync` to finish.", explain(&synced.status)))
    }
}

pub fn invite(app: &mut App, a: InviteArgs) -> Result<()> {
    let id = app.project_id()?;
    let invite = app.client.invite(&id, &a.role, a.expires_in_hours)?;
    if app.json {
        return app.print_json(&invite);
    }
    app.println(&invite.code)?;
    let note = if invite.open {
        "This project is on a plain relay without accounts: anyone holding this code can read and change it.".to_owned()
    } else {
        let until = invite.expires_at.map(|t| tandem_core::Millis(t).to_string()).unwrap_or_default();
        format!(
            "Single-use invite for a {}, valid until {until}. The new member runs: tandem join <code> --me \"Their Name\"",
            invite.role.as_deref().unwrap_or("member")
        )
    };
    eprintln_note(&note);
    Ok(())
}

pub fn join(app: &mut App, a: JoinArgs) -> Result<()> {
    let joined = app.client.join(&a.code, &a.me, Duration::from_secs(a.timeout))?;
    if app.json {
        return app.print_json(&joined);
    }
    let role = joined.role.as_deref().unwrap_or("peer");
    app.println(&format!("Joined {} on {} as {role}.", joined.name, joined.server))?;
    if let Some(s) = &joined.summary {
        app.println(s)?;
    }
    app.println("It is now the current project; `tandem dashboard` shows where it stands.")
}

pub fn sync(app: &mut App, a: SyncArgs) -> Result<()> {
    let projects = match &app.project {
        Some(_) => vec![app.project_id()?],
        None => app.client.shared_projects(),
    };
    if projects.is_empty() {
        bail!(
            "no project in this profile is shared: share one with `tandem share --server URL --token T`, or join one with `tandem join <code>`"
        );
    }
    let live = std::io::stderr().is_terminal() && !app.json;
    let mut first_unsent: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let opts = SyncOptions { timeout: Duration::from_secs(a.timeout), ..SyncOptions::default() };
    let outcomes = app.client.sync(&projects, opts, |st| {
        first_unsent.entry(st.project.clone()).or_insert(st.unsent);
        if live {
            progress_line(st);
        }
    })?;
    if live {
        clear_progress();
    }
    if app.json && a.watch {
        // One line, like the events that follow, so the stream can be read line by line.
        app.println(&serde_json::to_string(&outcomes)?)?;
    } else if app.json {
        app.print_json(&outcomes)?;
    } else {
        for o in &outcomes {
            app.println(&describe_outcome(o, first_unsent.get(&o.status.project).copied().unwrap_or(0)))?;
            if let Some(found) = checks_after_merge(app, &o.status.project, &o.received)? {
                app.println(&found)?;
            }
        }
    }
    let failed: Vec<&SyncOutcome> = outcomes.iter().filter(|o| o.status.state != SyncState::UpToDate).collect();
    if !a.watch && !failed.is_empty() {
        let why: Vec<String> = failed.iter().map(|o| format!("{} ({})", o.status.name, explain(&o.status))).collect();
        let mut msg = format!("not up to date: {}", why.join("; "));
        if failed
            .iter()
            .any(|o| matches!(o.status.state, SyncState::Offline | SyncState::Connecting | SyncState::Syncing))
        {
            msg.push_str(". Local changes are kept on this device and go out at the next sync");
        }
        bail!(msg);
    }
    if !a.watch {
        return Ok(());
    }
    watch(app, &projects)
}

/// `tandem sync --watch`: prints status changes and remote changes until interrupted.
fn watch(app: &mut App, projects: &[String]) -> Result<()> {
    let events = app.client.subscribe();
    app.client.connect()?;
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })?;
    if !app.json {
        eprintln_note("Watching for changes; press Ctrl-C to stop.");
    }
    // Start from where each project stands; later lines are changes.
    let mut pending: std::collections::VecDeque<ClientEvent> =
        projects.iter().map(|id| ClientEvent::Status(app.client.status(id))).collect();
    loop {
        if let Some(event) = pending.pop_front() {
            print_event(app, &event)?;
            continue;
        }
        if stop_rx.try_recv().is_ok() {
            break;
        }
        let Ok(event) = events.recv_timeout(Duration::from_millis(200)) else { continue };
        let project = match &event {
            ClientEvent::Status(s) => &s.project,
            ClientEvent::Remote(r) => &r.project,
        };
        if projects.contains(project) {
            print_event(app, &event)?;
        }
    }
    Ok(())
}

fn print_event(app: &App, event: &ClientEvent) -> Result<()> {
    if app.json {
        return app.println(&serde_json::to_string(event)?);
    }
    match event {
        ClientEvent::Status(s) if s.state == SyncState::UpToDate => app.println(&format!("{}: up to date", s.name)),
        ClientEvent::Status(s) => app.println(&format!("{}: {}", s.name, explain(s))),
        ClientEvent::Remote(r) => app.println(&format!("{}: {}", r.name, describe_report(&r.report))),
    }
}

pub fn status(app: &mut App, a: StatusArgs) -> Result<()> {
    let mut statuses = if a.offline || app.client.shared_projects().is_empty() {
        app.client.statuses()
    } else {
        let shared = app.client.shared_projects();
        let opts = SyncOptions { timeout: Duration::from_secs(a.timeout), offline_grace: Duration::from_secs(2) };
        let outcomes = app.client.sync(&shared, opts, |_| {})?;
        let mut all = app.client.statuses();
        for o in outcomes {
            if let Some(s) = all.iter_mut().find(|s| s.project == o.status.project) {
                *s = o.status;
            }
        }
        all
    };
    if let Some(sel) = &app.project {
        let id = app.client.resolve_project(Some(sel))?;
        statuses.retain(|s| s.project == id);
    }
    if app.json {
        return app.print_json(&statuses);
    }
    let rows = statuses
        .iter()
        .map(|s| {
            vec![
                s.project.chars().take(8).collect(),
                s.name.clone(),
                s.server.clone().unwrap_or_else(|| "-".into()),
                s.role.clone().unwrap_or_else(|| "-".into()),
                match &s.detail {
                    Some(d) if s.state != SyncState::UpToDate => format!("{} ({d})", s.state),
                    _ => s.state.to_string(),
                },
                s.unsent.to_string(),
                s.last_synced.map(|t| t.to_string()).unwrap_or_else(|| "never".into()),
            ]
        })
        .collect();
    app.println(&table(&["id", "project", "server", "role", "state", "unsent", "last sync"], rows))
}

/// One sentence for a status that is not "up to date".
fn explain(s: &SyncStatus) -> String {
    let base = match s.state {
        SyncState::Offline => format!("offline: {}", s.detail.as_deref().unwrap_or("the server cannot be reached")),
        SyncState::AccessRevoked => {
            format!("access revoked: {}", s.detail.as_deref().unwrap_or("the server no longer lets you see it"))
        }
        SyncState::StorageError => s.detail.clone().unwrap_or_else(|| "storage error".into()),
        SyncState::Connecting => "connecting".into(),
        SyncState::Syncing => "syncing".into(),
        other => other.to_string(),
    };
    if s.unsent > 0 && s.state != SyncState::UpToDate {
        format!("{base}; {} local change{} not on the server yet", s.unsent, plural(s.unsent))
    } else {
        base
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn describe_outcome(o: &SyncOutcome, sent: usize) -> String {
    let state = match o.status.state {
        SyncState::UpToDate => "up to date".to_owned(),
        SyncState::Connecting | SyncState::Syncing => format!("timed out while {}", explain(&o.status)),
        _ => explain(&o.status),
    };
    let mut line = format!("{}: {state}", o.status.name);
    if o.status.state == SyncState::UpToDate && sent > 0 {
        line.push_str(&format!("; sent {sent} change{}", plural(sent)));
    }
    line.push_str(". ");
    line.push_str(&describe_report(&o.received));
    line
}

/// The plan-integrity checks after a merge that brought changes: the findings that involve an
/// item the new changes touched (what this merge may have broken), at most five spelled out.
fn checks_after_merge(app: &mut App, project: &str, r: &MergeReport) -> Result<Option<String>> {
    if r.new_changes == 0 {
        return Ok(None);
    }
    let today = app.today();
    let findings = app.client.read(project, |d| tandem_core::checks::check(d, today))??;
    let touched: Vec<_> = findings.iter().filter(|f| f.items.iter().any(|i| r.items.contains(i))).collect();
    if touched.is_empty() {
        return Ok(None);
    }
    let mut out = format!(
        "Plan checks after the merge: {} finding{} on what arrived (`tandem check` lists them with their causes):",
        touched.len(),
        plural(touched.len())
    );
    for f in touched.iter().take(5) {
        out.push_str(&format!("\n  {} {}: {}", f.severity, f.kind, f.message));
    }
    if touched.len() > 5 {
        out.push_str(&format!("\n  … and {} more", touched.len() - 5));
    }
    Ok(Some(out))
}

/// "Received 12 changes from Bo (8), Cy (4): 5 tasks, 2 log entries. 1 conflict …"
pub fn describe_report(r: &MergeReport) -> String {
    let mut s = if r.new_changes == 0 {
        "Nothing new from others.".to_owned()
    } else {
        let who: Vec<String> = r.authors.iter().map(|a| format!("{} ({})", a.name, a.changes)).collect();
        let mut kinds: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for item in &r.items {
            *kinds.entry(item.kind.noun()).or_default() += 1;
        }
        let what: Vec<String> = kinds
            .iter()
            .map(|(noun, n)| {
                let noun = if *n == 1 {
                    (*noun).to_owned()
                } else if let Some(stem) = noun.strip_suffix('y') {
                    format!("{stem}ies")
                } else {
                    format!("{noun}s")
                };
                format!("{n} {noun}")
            })
            .collect();
        let items = if what.is_empty() { String::new() } else { format!(": {}", what.join(", ")) };
        format!("Received {} change{} from {}{items}.", r.new_changes, plural(r.new_changes), who.join(", "))
    };
    if r.new_changes > 0 && (r.conflicts > 0 || r.deleted_edits > 0) {
        s.push_str(&format!(
            " Among what arrived: {} conflicting field{} and {} deleted item{} edited meanwhile: see `tandem conflicts`.",
            r.conflicts,
            plural(r.conflicts),
            r.deleted_edits,
            plural(r.deleted_edits)
        ));
    }
    s
}

fn progress_line(s: &SyncStatus) {
    let mut err = std::io::stderr().lock();
    let unsent = if s.unsent > 0 { format!(", {} to send", s.unsent) } else { String::new() };
    let _ = write!(err, "\r\x1b[2K{}: {}{unsent}…", s.name, s.state);
    let _ = err.flush();
}

fn clear_progress() {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "\r\x1b[2K");
    let _ = err.flush();
}

/// A note for people, on standard error (stdout stays clean for scripts).
fn eprintln_note(s: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{s}");
}
