//! Workload `leak`, the automerge pin check (BENCHMARKS.md row `leak`): R loaded, 1,000 edits to
//! different tasks, and the growth of the **live heap** (bytes allocated and not yet freed),
//! counted by a global allocator that wraps the system one (`stats_alloc`). The allocator is
//! installed here, so it counts in the whole `tandem-bench` binary (one atomic add per
//! allocation and free) and nowhere else; the library and the tests do not have it.
//!
//! Two paths per run: automerge alone (`Automerge::load` of R's snapshot, then one
//! `tandem_core::execute` per edit: the measurement behind the pin), and the app's (`Client::open`
//! of a copy of the profile, the first read that loads R, then `Client::execute` per edit, which
//! also writes each change to disk and lets samod compact).

use std::alloc::System;
use std::path::Path;
use std::time::{Duration, Instant};

use automerge::{ActorId, Automerge};
use stats_alloc::{INSTRUMENTED_SYSTEM, StatsAlloc};
use tandem_client::Client;
use tandem_core::ids::TaskId;
use tandem_core::items::ItemCommand;
use tandem_core::tasks::{TaskCommand, TaskPatch};
use tandem_core::{Command, Ctx, Kind, Millis};

use crate::app::{copy_dir, err, ms, proc_status_kb};
use crate::generator::Meta;
use crate::report::{self, Row};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The BENCHMARKS.md goal for the growth, in MB.
const GOAL_MB: f64 = 20.0;

const USAGE: &str = "usage: tandem-bench leak [--scale S (default 0.1)] [--runs N (default 3)] \
                     [--edits E (default 1000)] [--seed X]";

/// Bytes allocated and not freed, process-wide, now.
pub fn live_bytes() -> i64 {
    let s = GLOBAL.stats();
    s.bytes_allocated as i64 - s.bytes_deallocated as i64
}

/// Live heap and RSS at one moment.
#[derive(Debug, Clone, Copy, Default)]
struct Mem {
    live: i64,
    rss_kb: u64,
}

fn mem() -> Mem {
    Mem { live: live_bytes(), rss_kb: proc_status_kb("VmRSS:") }
}

/// One path of one run.
#[derive(Debug, Clone, Default)]
struct PathRun {
    before: Mem,
    loaded: Mem,
    edited: Mem,
    load: Duration,
    edits: Duration,
    /// Allocations made during the edits (count).
    allocations: usize,
    distinct_tasks: usize,
}

/// `tandem-bench leak …`: parses its flags, makes sure R is generated, runs and prints.
pub fn main(args: Vec<String>) -> std::process::ExitCode {
    const SPEC: crate::Spec = crate::Spec { usage: USAGE, runs: 3, count: ("--edits", 1000), force: false };
    tandem_bench::args::main(&tandem_bench::args::help(USAGE), args, |args| {
        crate::parse(&SPEC, "leak", args).and_then(|a| run(&a, a.count))
    })
}

/// The edit number `i` on the live tasks: a new title on task `i`; once every task has had one
/// (R/10 has fewer than 1,000 tasks), text typed into the description of task `i - tasks`,
/// so that every edit still lands at a new place in the document.
fn edit(tasks: &[TaskId], i: usize) -> Command {
    let n = tasks.len();
    let id = tasks[i % n].clone();
    if i < n {
        let patch = TaskPatch { title: Some(format!("Leak check edit {i}")), ..Default::default() };
        Command::Task(TaskCommand::Update { id, patch })
    } else {
        Command::Item(ItemCommand::EditText {
            kind: Kind::Task,
            id: id.to_string(),
            field: "description".into(),
            pos: 0,
            delete: 0,
            insert: format!("leak check {i} "),
            at: None,
        })
    }
}

fn live_tasks(doc: &Automerge) -> Result<Vec<TaskId>, String> {
    let tasks = tandem_core::tasks::tasks(doc).map_err(|e| err("cannot list R's tasks", e))?;
    let ids: Vec<TaskId> = tasks.into_iter().filter(|t| !t.deleted).map(|t| t.id).collect();
    if ids.is_empty() { Err("R has no live tasks".into()) } else { Ok(ids) }
}

/// Automerge alone: load R's snapshot, edit through `tandem_core::execute`.
fn automerge_path(snapshot: &[u8], edits: usize, start: i64) -> Result<PathRun, String> {
    let mut r = PathRun { before: mem(), ..PathRun::default() };
    let t = Instant::now();
    let mut doc = Automerge::load(snapshot).map_err(|e| err("cannot load R's snapshot", e))?;
    r.load = t.elapsed();
    let tasks = live_tasks(&doc)?;
    r.distinct_tasks = tasks.len().min(edits);
    doc.set_actor(ActorId::from(b"leak-check-actor".as_slice()));
    r.loaded = mem();
    let allocs = GLOBAL.stats().allocations;
    let t = Instant::now();
    for i in 0..edits {
        let ctx = Ctx::at(Millis(start + i as i64 * 1_000));
        tandem_core::execute(&mut doc, &ctx, edit(&tasks, i)).map_err(|e| err(&format!("edit {i} refused"), e))?;
    }
    r.edits = t.elapsed();
    r.allocations = GLOBAL.stats().allocations - allocs;
    r.edited = mem();
    drop(doc);
    Ok(r)
}

/// The app's path: a client on a copy of the profile.
fn client_path(meta: &Meta, home: &Path, work: &Path, edits: usize) -> Result<PathRun, String> {
    let _ = std::fs::remove_dir_all(work);
    copy_dir(home, work).map_err(|e| err("cannot copy the profile", e))?;
    let mut r = PathRun { before: mem(), ..PathRun::default() };
    let t = Instant::now();
    let mut c = Client::open(work).map_err(|e| err("cannot open the profile", e))?;
    let start = meta.last_time + 86_400_000;
    let clock = std::sync::atomic::AtomicI64::new(start);
    c.set_clock(Box::new(move || Millis(clock.fetch_add(1_000, std::sync::atomic::Ordering::Relaxed))));
    let tasks = c.read(&meta.project, live_tasks).map_err(|e| err("cannot load R", e))??;
    r.load = t.elapsed();
    r.distinct_tasks = tasks.len().min(edits);
    r.loaded = mem();
    let allocs = GLOBAL.stats().allocations;
    let t = Instant::now();
    for i in 0..edits {
        c.execute(&meta.project, edit(&tasks, i)).map_err(|e| err(&format!("edit {i} failed"), e))?;
    }
    r.edits = t.elapsed();
    r.allocations = GLOBAL.stats().allocations - allocs;
    r.edited = mem();
    c.close();
    let _ = std::fs::remove_dir_all(work);
    Ok(r)
}

fn run(args: &crate::Args, edits: usize) -> Result<(), String> {
    let meta = crate::ensure(args)?;
    let home = crate::generator::cache_dir(args.scale).join("home");
    let project = &meta.project;
    let dir = home.join("store").join(&project[..2]).join(&project[2..]).join("snapshot");
    let file = std::fs::read_dir(&dir)
        .map_err(|e| err(&format!("cannot list {}", dir.display()), e))?
        .flatten()
        .next()
        .ok_or("the cached profile has no snapshot")?;
    let snapshot = std::fs::read(file.path()).map_err(|e| err("cannot read the snapshot", e))?;
    let work = crate::join::work_dir(&home, "leak", args.scale);
    let mut am = Vec::new();
    let mut app = Vec::new();
    for run in 0..args.runs {
        let a = automerge_path(&snapshot, edits, meta.last_time + 86_400_000)?;
        let c = client_path(&meta, &home, &work, edits)?;
        eprintln!(
            "  run {}/{}: live-heap growth over {edits} edits: automerge {:.2} MB, client {:.2} MB",
            run + 1,
            args.runs,
            mb(a.edited.live - a.loaded.live),
            mb(c.edited.live - c.loaded.live)
        );
        am.push(a);
        app.push(c);
    }
    let command = format!(
        "cargo run -p tandem-bench --release -- leak --scale {} --runs {} --edits {edits}{}",
        args.scale,
        args.runs,
        crate::seed_arg(args)
    );
    report::header(&meta, args.runs, &command);
    println!(
        "allocator: stats_alloc (live heap = bytes allocated − bytes freed, process-wide); automerge {} is the pin \
         under test",
        env!("BENCH_AUTOMERGE_VERSION")
    );
    let rows = |runs: &[PathRun], label: &str| -> Vec<Row> {
        let row = |name: &str, unit: &str, f: &dyn Fn(&PathRun) -> f64, goal: Option<f64>| {
            let v: Vec<f64> = runs.iter().map(f).collect();
            Row {
                name: format!("{label}: {name}"),
                unit: unit.to_owned(),
                median: report::median(v.clone()),
                min: v.iter().copied().fold(f64::INFINITY, f64::min),
                max: v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                goal,
            }
        };
        vec![
            row("load", "ms", &|r| ms(r.load), None),
            row("live heap added by the load", "MB", &|r| mb(r.loaded.live - r.before.live), None),
            row("live heap after the load", "MB", &|r| mb(r.loaded.live), None),
            row("live heap after the edits", "MB", &|r| mb(r.edited.live), None),
            row("LIVE-HEAP GROWTH over the edits", "MB", &|r| mb(r.edited.live - r.loaded.live), Some(GOAL_MB)),
            row("growth per edit", "B", &|r| (r.edited.live - r.loaded.live) as f64 / edits as f64, None),
            row("allocations during the edits", "", &|r| r.allocations as f64, None),
            row("edits, total", "ms", &|r| ms(r.edits), None),
            row("RSS after the load", "MB", &|r| r.loaded.rss_kb as f64 / 1024.0, None),
            row("RSS after the edits", "MB", &|r| r.edited.rss_kb as f64 / 1024.0, None),
            row(
                "RSS growth over the edits",
                "MB",
                &|r| (r.edited.rss_kb as f64 - r.loaded.rss_kb as f64) / 1024.0,
                None,
            ),
        ]
    };
    let mut all = rows(&am, "automerge");
    all.extend(rows(&app, "client"));
    report::table(&format!("Workload leak ({edits} edits, automerge {})", env!("BENCH_AUTOMERGE_VERSION")), &all);
    println!(
        "\nautomerge: `Automerge::load` of R's snapshot chunk, then {edits} `tandem_core::execute` calls on one \
         document (a new title on each of {} distinct live tasks{}). client: the same edits through \
         `Client::execute` on a fresh copy of the profile (each change fsynced; samod stores and compacts in the \
         background), after the first read loaded R. Live heap is read right after the load (and the task list) and \
         right after the last edit returned; RSS (VmRSS) beside it.",
        am[0].distinct_tasks,
        if am[0].distinct_tasks < edits {
            "; R has fewer tasks than edits, so the rest type into the descriptions of the same tasks"
        } else {
            ""
        }
    );
    Ok(())
}

fn mb(bytes: i64) -> f64 {
    bytes as f64 / 1e6
}
