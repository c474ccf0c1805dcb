//! Workload `app`: what the desktop app does on R. Cold open to the first view, every read
//! model its views use (time and JSON size, which is what crosses IPC), then 1,000 edits
//! through `Client::execute` (whose outcome names the touched items for the app's view event),
//! each followed by the re-read of the edited task that the plan view does on that event.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use automerge::Automerge;
use chrono::Datelike;
use serde::Serialize;
use tandem_client::Client;
use tandem_client::view_cache::{self, ViewCache};
use tandem_core::history::ChangeInfo;
use tandem_core::log::LogFilter;
use tandem_core::tasks::{TaskCommand, TaskPatch};
use tandem_core::{Command, CoreError, Millis};

use crate::generator::Meta;
use crate::report::{self, Row};

/// What one `app` run measured.
#[derive(Debug, Default)]
pub struct Run {
    pub open: Duration,
    pub load: Duration,
    pub dashboard: Duration,
    pub tasks: Duration,
    pub first_view: Duration,
    pub dashboard_bytes: usize,
    pub tasks_bytes: usize,
    /// Every read model after the first view: name, time (compute + JSON encoding), JSON bytes.
    pub reads: Vec<(&'static str, Duration, usize)>,
    pub full: Duration,
    pub edit_exec: Vec<Duration>,
    pub edit_total: Vec<Duration>,
    pub distinct_tasks: usize,
    pub rss_loaded_kb: u64,
    /// Right after the document loaded, before any read model: RSS and the peak so far.
    pub rss_after_load_kb: u64,
    pub hwm_after_load_kb: u64,
    pub rss_before_edits_kb: u64,
    pub rss_after_edits_kb: u64,
    pub hwm_kb: u64,
    /// The next start with the views saved at close: `Client::open` and reading the saved views
    /// (what the app shows while the document loads).
    pub saved_first_view: Duration,
    pub saved_bytes: usize,
}

/// The history page the app's history view asks for (as `src-tauri`'s `HistoryPage`).
#[derive(Serialize)]
struct HistoryPage {
    total: usize,
    offset: usize,
    entries: Vec<ChangeInfo>,
}

/// A value of `/proc/self/status` in kB (0 where it is not available).
pub fn proc_status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l[field.len()..].trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// A copy of a profile directory, so every run starts from the same bytes.
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// An error message: what failed, then why.
pub fn err(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: {e}")
}

/// Times one read model on the loaded document, including its JSON encoding.
fn timed<T: Serialize>(
    client: &mut Client,
    project: &str,
    f: impl FnOnce(&Automerge) -> Result<T, CoreError>,
) -> Result<(Duration, usize, T), String> {
    let t = Instant::now();
    let (value, bytes) = client
        .read(project, |d| {
            let v = f(d)?;
            let bytes = serde_json::to_vec(&v).map(|b| b.len()).unwrap_or(0);
            Ok::<_, CoreError>((v, bytes))
        })
        .map_err(|e| err("read failed", e))?
        .map_err(|e| err("read model failed", e))?;
    Ok((t.elapsed(), bytes, value))
}

/// One run on a fresh copy of the cached profile.
pub fn run_once(meta: &Meta, cache_home: &Path, work: &Path, run: usize) -> Result<Run, String> {
    let _ = std::fs::remove_dir_all(work);
    copy_dir(cache_home, work).map_err(|e| err("cannot copy the profile", e))?;
    let project = meta.project.as_str();
    let today = meta.today;
    let mut r = Run::default();

    // Cold open: the profile and its store, then the document (loaded on first access).
    let t0 = Instant::now();
    let mut client = Client::open(work).map_err(|e| err("cannot open the profile", e))?;
    r.open = t0.elapsed();
    let clock = Arc::new(AtomicI64::new(meta.last_time + 86_400_000));
    let c = clock.clone();
    client.set_clock(Box::new(move || Millis(c.fetch_add(1_000, Ordering::Relaxed))));
    let t = Instant::now();
    client.read(project, |_| ()).map_err(|e| err("cannot load the project", e))?;
    r.load = t.elapsed();
    r.rss_after_load_kb = proc_status_kb("VmRSS:");
    r.hwm_after_load_kb = proc_status_kb("VmHWM:");
    let (d, bytes, _) = timed(&mut client, project, |d| tandem_core::views::dashboard(d, today))?;
    r.dashboard = d;
    r.dashboard_bytes = bytes;
    let (d, bytes, tasks) = timed(&mut client, project, tandem_core::tasks::tasks)?;
    r.tasks = d;
    r.tasks_bytes = bytes;
    r.first_view = t0.elapsed();

    // Everything else the views read.
    let monday = today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
    macro_rules! read {
        ($name:literal, $f:expr) => {{
            let (d, bytes, v) = timed(&mut client, project, $f)?;
            r.reads.push(($name, d, bytes));
            v
        }};
    }
    read!("task_tree", tandem_core::tasks::task_tree);
    read!("milestones", tandem_core::milestones::milestones);
    read!("goals", |d| tandem_core::goals::goals(d, today));
    read!("risks", tandem_core::risks::risks);
    read!("risk_matrix", tandem_core::risks::risk_matrix);
    read!("issues", tandem_core::risks::issues);
    read!("decisions", tandem_core::decisions::decisions);
    let meetings = read!("meetings", tandem_core::meetings::meetings);
    let one = meetings.get(meetings.len() / 2).map(|m| m.id.clone()).ok_or("R has no meetings")?;
    read!("meeting (one)", |d| tandem_core::meetings::meeting(d, &one));
    read!("log (page of 100)", |d| { tandem_core::log::page(d, &LogFilter::default(), 0, 100) });
    read!("requests", |d| tandem_core::requests::requests(d, None));
    read!("deliverables", tandem_core::deliverables::deliverables);
    read!("budget", tandem_core::resources::budget);
    read!("members", tandem_core::project::members);
    read!("workload (8 weeks)", |d| tandem_core::views::workload(d, monday, 8));
    read!("conflicts", |d| Ok(tandem_core::merge::conflicts(d)));
    read!("deleted_edits", |d| Ok(tandem_core::merge::deleted_edits(d)));
    read!("history (page of 100)", |d| {
        let (total, entries) = tandem_core::history::page(d, 0, 100);
        Ok(HistoryPage { total, offset: 0, entries })
    });
    read!("search \"billing\" (30)", |d| tandem_core::search::search(d, "billing", 30));
    r.full = t0.elapsed();
    r.rss_loaded_kb = proc_status_kb("VmRSS:");

    // 1,000 title edits on distinct live tasks (wrapping around when R has fewer).
    let live: Vec<_> = tasks.into_iter().filter(|t| !t.deleted).collect();
    if live.is_empty() {
        return Err("R has no live tasks".into());
    }
    let n = 1_000;
    r.distinct_tasks = live.len().min(n);
    let step = (live.len() / n).max(1);
    r.rss_before_edits_kb = proc_status_kb("VmRSS:");
    for i in 0..n {
        let task = &live[(i * step) % live.len()];
        let cmd = Command::Task(TaskCommand::Update {
            id: task.id.clone(),
            patch: TaskPatch { title: Some(format!("{} (edit {run}.{i})", task.title)), ..Default::default() },
        });
        let t = Instant::now();
        let out = client.execute(project, cmd).map_err(|e| err("edit failed", e))?;
        r.edit_exec.push(t.elapsed());
        if !out.items.iter().any(|i| i.id == task.id.as_str()) {
            return Err(format!("the outcome does not name the edited task: {:?}", out.items));
        }
        let view = client
            .read(project, |d| tandem_core::tasks::task(d, &task.id))
            .map_err(|e| err("read failed", e))?
            .map_err(|e| err("task view failed", e))?;
        if !view.title.ends_with(&format!("(edit {run}.{i})")) {
            return Err(format!("the re-read task has an old title: {}", view.title));
        }
        r.edit_total.push(t.elapsed());
    }
    r.rss_after_edits_kb = proc_status_kb("VmRSS:");
    r.hwm_kb = proc_status_kb("VmHWM:");

    // Closing saves the first views, as the desktop app does, and the next start shows them
    // without waiting for the document.
    let saved_at = client.now();
    let cache = client
        .read(project, |d| {
            let mut views = std::collections::BTreeMap::new();
            let core = |e: CoreError| err("read model failed", e);
            views.insert("view_dashboard".to_owned(), raw(&tandem_core::views::dashboard(d, today).map_err(core)?)?);
            views.insert("view_members".to_owned(), raw(&tandem_core::project::members(d).map_err(core)?)?);
            views.insert("view_tasks".to_owned(), raw(&tandem_core::tasks::tasks(d).map_err(core)?)?);
            let heads = d.get_heads().iter().map(|h| h.to_string()).collect();
            Ok::<_, String>(ViewCache { saved_at, heads, views })
        })
        .map_err(|e| err("read failed", e))??;
    client.close();
    view_cache::save(work, project, cache).map_err(|e| err("cannot save the views", e))?;
    let t = Instant::now();
    let client = Client::open(work).map_err(|e| err("cannot open the profile again", e))?;
    let saved = view_cache::load(work, project)
        .map_err(|e| err("cannot read the saved views", e))?
        .ok_or("the saved views were not used: the store changed after they were saved")?;
    r.saved_first_view = t.elapsed();
    r.saved_bytes = saved.views.values().map(|v| v.get().len()).sum();
    if !client.is_loaded(project) && saved.views.len() == 3 {
        client.close();
        Ok(r)
    } else {
        Err("the saved views were not read without loading the project".into())
    }
}

/// A read model as JSON, as the app sends it over IPC.
fn raw<T: Serialize>(value: &T) -> Result<Box<serde_json::value::RawValue>, String> {
    serde_json::value::to_raw_value(value).map_err(|e| err("cannot encode a view", e))
}

/// Runs the workload `runs` times and prints the report.
pub fn main(meta: &Meta, home: &Path, runs: usize, command: &str) -> Result<(), String> {
    let work = home.parent().unwrap_or(home).with_file_name(format!("work-R-{}", meta.spec.scale)).join("home");
    let mut all = Vec::new();
    for run in 0..runs {
        let r = run_once(meta, home, &work, run)?;
        eprintln!(
            "  run {}/{runs}: first view {:.0} ms, full {:.0} ms, edit p99 {:.1} ms",
            run + 1,
            ms(r.first_view),
            ms(r.full),
            ms(report::percentile(&r.edit_exec, 0.99))
        );
        all.push(r);
    }
    let _ = std::fs::remove_dir_all(work.parent().unwrap_or(&work));

    let med = |f: &dyn Fn(&Run) -> f64| report::median(all.iter().map(f).collect());
    let min = |f: &dyn Fn(&Run) -> f64| all.iter().map(f).fold(f64::INFINITY, f64::min);
    let max = |f: &dyn Fn(&Run) -> f64| all.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
    let row = |name: &str, unit: &str, f: &dyn Fn(&Run) -> f64, goal: Option<f64>| Row {
        name: name.to_owned(),
        unit: unit.to_owned(),
        median: med(f),
        min: min(f),
        max: max(f),
        goal,
    };

    report::header(meta, runs, command);
    let main_rows = vec![
        row("open: Client::open", "ms", &|r| ms(r.open), None),
        row("open: load document (first read)", "ms", &|r| ms(r.load), None),
        row("open: dashboard", "ms", &|r| ms(r.dashboard), None),
        row("open: task list", "ms", &|r| ms(r.tasks), None),
        row("open: FIRST VIEW (sum of the above)", "ms", &|r| ms(r.first_view), Some(300.0)),
        row("open: FULLY LOADED (first view + every view below)", "ms", &|r| ms(r.full), Some(1000.0)),
        row("next start: FIRST VIEW from the views saved at close", "ms", &|r| ms(r.saved_first_view), Some(300.0)),
        row("next start: saved views (dashboard, members, tasks)", "KB", &|r| r.saved_bytes as f64 / 1024.0, None),
        row("RSS right after the load", "MB", &|r| r.rss_after_load_kb as f64 / 1024.0, None),
        row("peak RSS during the load (VmHWM then)", "MB", &|r| r.hwm_after_load_kb as f64 / 1024.0, None),
        row("RSS after loading and reading everything", "MB", &|r| r.rss_loaded_kb as f64 / 1024.0, None),
        row("edit: execute p50", "ms", &|r| ms(report::percentile(&r.edit_exec, 0.5)), None),
        row("edit: EXECUTE p99", "ms", &|r| ms(report::percentile(&r.edit_exec, 0.99)), Some(16.0)),
        row("edit: execute + re-read of the task p50", "ms", &|r| ms(report::percentile(&r.edit_total, 0.5)), None),
        row(
            "edit: EXECUTE + RE-READ OF THE TASK p99",
            "ms",
            &|r| ms(report::percentile(&r.edit_total, 0.99)),
            Some(16.0),
        ),
        row("edit: max", "ms", &|r| ms(r.edit_total.iter().copied().max().unwrap_or_default()), None),
        row(
            "edit: RSS GROWTH over 1,000 edits",
            "MB",
            &|r| (r.rss_after_edits_kb as f64 - r.rss_before_edits_kb as f64) / 1024.0,
            Some(20.0),
        ),
        row("PEAK RSS (VmHWM)", "MB", &|r| r.hwm_kb as f64 / 1024.0, Some(300.0)),
    ];
    report::table("Workload app", &main_rows);

    let names: Vec<&'static str> = all[0].reads.iter().map(|(n, _, _)| *n).collect();
    let mut read_rows = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let times = med(&|r| ms(r.reads[i].1));
        let bytes = med(&|r| r.reads[i].2 as f64);
        read_rows.push((name.to_string(), times, bytes));
    }
    read_rows.insert(0, ("tasks (first view)".into(), med(&|r| ms(r.tasks)), med(&|r| r.tasks_bytes as f64)));
    read_rows
        .insert(0, ("dashboard (first view)".into(), med(&|r| ms(r.dashboard)), med(&|r| r.dashboard_bytes as f64)));
    report::reads(&read_rows);
    let wrapped = all[0].distinct_tasks < 1_000;
    println!(
        "\nEdits: 1,000 title updates per run on {} distinct live tasks{}; `execute` returns after the change is \
         fsynced and names the touched items; the re-read of the edited task is what the plan view does \
         on the change event.",
        all[0].distinct_tasks,
        if wrapped { " (R is smaller than 1,000 tasks, so some tasks are edited twice)" } else { "" }
    );
    Ok(())
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
