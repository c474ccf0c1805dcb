//! Workload `remote` ("remote change → UI updated", issue #6): A and B are both connected to a
//! real sync server and sync R, as the desktop app keeps them (`subscribe` + `connect`, what
//! `Desk::start_sync` does). A makes title edits on distinct tasks, one at a time; for each we
//! time A's `execute`, the moment B's event channel delivers a `ClientEvent::Remote` whose report
//! names the task, and B's re-read of that task's view (`tasks::task` through `Client::read`),
//! which must show the new title. A thread watches B's store directory to see when the change is
//! on B's disk.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use automerge::{ChangeHash, ReadDoc};
use sha2::Digest;
use tandem_client::ClientEvent;
use tandem_core::tasks::{TaskCommand, TaskPatch};
use tandem_core::{Command, Kind};
use tandem_store::StorageKey;

use crate::app::ms;
use crate::generator::Meta;
use crate::join::{self, JoinRun};
use crate::report::{self, Row};

/// How long one edit may take to reach B before the run fails.
const EDIT_TIMEOUT: Duration = Duration::from_secs(60);

/// The reference goal: the `relay` row's fan-out p99 (edit at A → visible at B).
const RELAY_P99_MS: f64 = 30.0;

/// What one `remote` run measured (one entry per edit).
#[derive(Debug, Default)]
pub struct Run {
    pub setup: JoinRun,
    pub exec: Vec<Duration>,
    pub to_event: Vec<Duration>,
    pub event_to_view: Vec<Duration>,
    pub total: Vec<Duration>,
    /// Edit start → the change's file appeared in B's store (edits where it was seen).
    pub to_disk: Vec<Duration>,
    pub distinct_tasks: usize,
    /// Remote events that carried more than one change.
    pub batched: usize,
    /// After the edits, on B's document, for the last edit (median of 3): what B's watcher
    /// computes before it emits the event, and its parts.
    pub report_remote: Duration,
    pub changes_since: Duration,
    pub conflicts: Duration,
    pub deleted_edits: Duration,
}

/// Median of three timings of `f`.
fn time3(mut f: impl FnMut()) -> Duration {
    let mut v: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[1]
}

/// Watches B's store for new chunk files: `incremental/<change hash>` or, when samod compacts,
/// `snapshot/<sha256 of the heads>`. Both directories are listed every millisecond; a file's
/// first appearance is recorded (it appears at the rename after its data was fsynced).
struct DiskWatch {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<HashMap<String, Instant>>,
}

impl DiskWatch {
    fn start(dirs: Vec<PathBuf>) -> DiskWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut seen: HashMap<String, Instant> = HashMap::new();
            while !flag.load(Ordering::Relaxed) {
                for dir in &dirs {
                    if let Ok(entries) = std::fs::read_dir(dir) {
                        for e in entries.flatten() {
                            if let Some(name) = e.file_name().to_str() {
                                seen.entry(name.to_owned()).or_insert_with(Instant::now);
                            }
                        }
                    }
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            seen
        });
        DiskWatch { stop, thread }
    }

    fn finish(self) -> HashMap<String, Instant> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or_default()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One run: set up A and B (as `join`), then `edits` edits.
pub fn run_once(meta: &Meta, cache_home: &std::path::Path, edits: usize, run: usize) -> Result<Run, String> {
    let work = join::work_dir(cache_home, "remote", meta.spec.scale);
    let (mut team, setup) = join::setup(meta, cache_home, &work)?;
    let project = team.project.clone();
    let mut r = Run { setup, ..Run::default() };

    let tasks = team
        .a
        .read(&project, tandem_core::tasks::tasks)
        .map_err(|e| format!("read failed: {e}"))?
        .map_err(|e| format!("A cannot list the tasks: {e}"))?;
    let live: Vec<_> = tasks.into_iter().filter(|t| !t.deleted).collect();
    if live.is_empty() {
        return Err("R has no live tasks".into());
    }
    r.distinct_tasks = live.len().min(edits);
    let step = (live.len() / edits).max(1);

    let dir_of = |kind: &str| -> Result<PathBuf, String> {
        let key = StorageKey::from_parts([project.as_str(), kind, "x"]).map_err(|e| format!("bad key: {e:?}"))?;
        let file = team.b.store().path_for(&key).map_err(|e| format!("bad key: {e}"))?;
        Ok(file.parent().map(PathBuf::from).unwrap_or(file))
    };
    let (incremental_dir, snapshot_dir) = (dir_of("incremental")?, dir_of("snapshot")?);
    let disk = DiskWatch::start(vec![incremental_dir.clone(), snapshot_dir]);
    let mut written: Vec<(Instant, ChangeHash)> = Vec::new();

    team.b_events.drain();
    for i in 0..edits {
        let task = &live[(i * step) % live.len()];
        let title = format!("{} (remote {run}.{i})", task.title);
        let cmd = Command::Task(TaskCommand::Update {
            id: task.id.clone(),
            patch: TaskPatch { title: Some(title.clone()), ..Default::default() },
        });
        team.b_events.drain();
        let t0 = Instant::now();
        let out = team.a.execute(&project, cmd).map_err(|e| format!("A's edit {i} failed: {e}"))?;
        let t1 = Instant::now();
        let hash = out.hash.ok_or("an edit changed nothing")?;
        let t2 = loop {
            let left = EDIT_TIMEOUT.saturating_sub(t0.elapsed());
            match team.b_events.rx.recv_timeout(left) {
                Ok((at, ClientEvent::Remote(rc))) if rc.project == project => {
                    if rc.report.new_changes > 1 {
                        r.batched += 1;
                    }
                    if rc.report.items.iter().any(|it| it.kind == Kind::Task && it.id == task.id.as_str()) {
                        break at;
                    }
                }
                Ok(_) => {}
                Err(_) => {
                    return Err(format!(
                        "edit {i}: B's events named no change to task {} within {EDIT_TIMEOUT:?}",
                        task.id.as_str()
                    ));
                }
            }
        };
        let view = team
            .b
            .read(&project, |d| tandem_core::tasks::task(d, &task.id))
            .map_err(|e| format!("B read failed: {e}"))?
            .map_err(|e| format!("B cannot read task {}: {e}", task.id.as_str()))?;
        let t3 = Instant::now();
        if view.title != title {
            return Err(format!("edit {i}: B's event came but B's view shows {:?}, not {title:?}", view.title));
        }
        r.exec.push(t1 - t0);
        r.to_event.push(t2.saturating_duration_since(t0));
        r.event_to_view.push(t3.saturating_duration_since(t2));
        r.total.push(t3 - t0);
        written.push((t0, hash));
    }
    // Give B's last writes a moment to land, then match each edit to its file.
    let last = written.last().map(|(_, h)| h.to_string());
    let deadline = Instant::now() + Duration::from_secs(10);
    while let Some(name) = &last {
        let inc = incremental_dir.join(name);
        if inc.exists() || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let seen = disk.finish();
    // Where B's event waits: the report B's watcher builds for one arriving change.
    if let Some((_, last)) = written.last() {
        let actor = team.b.actor().to_hex_string();
        let timings = team
            .b
            .read(&project, |d| {
                let before: Vec<ChangeHash> = d.get_change_by_hash(last).map(|c| c.deps().to_vec()).unwrap_or_default();
                (
                    time3(|| drop(tandem_core::merge::report_remote_since(d, &before, &actor))),
                    time3(|| drop(tandem_core::history::changes_since(d, &before))),
                    time3(|| drop(tandem_core::merge::conflicts(d))),
                    time3(|| drop(tandem_core::merge::deleted_edits(d))),
                )
            })
            .map_err(|e| format!("B read failed: {e}"))?;
        (r.report_remote, r.changes_since, r.conflicts, r.deleted_edits) = timings;
    }
    for (t0, hash) in &written {
        let incremental = seen.get(&hash.to_string());
        let snapshot = seen.get(&hex(&sha2::Sha256::digest(hash.0)));
        if let Some(at) = [incremental, snapshot].into_iter().flatten().min() {
            r.to_disk.push(at.saturating_duration_since(*t0));
        }
    }
    team.finish()?;
    Ok(r)
}

/// Runs the workload `runs` times and prints the report.
pub fn main(meta: &Meta, home: &std::path::Path, runs: usize, edits: usize, command: &str) -> Result<(), String> {
    let mut all = Vec::new();
    for run in 0..runs {
        let r = run_once(meta, home, edits, run)?;
        eprintln!(
            "  run {}/{runs}: total p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (A execute p99 {:.1} ms, B event p99 \
             {:.1} ms)",
            run + 1,
            ms(report::percentile(&r.total, 0.5)),
            ms(report::percentile(&r.total, 0.99)),
            ms(r.total.iter().copied().max().unwrap_or_default()),
            ms(report::percentile(&r.exec, 0.99)),
            ms(report::percentile(&r.to_event, 0.99)),
        );
        all.push(r);
    }
    let med = |f: &dyn Fn(&Run) -> f64| report::median(all.iter().map(f).collect());
    let min = |f: &dyn Fn(&Run) -> f64| all.iter().map(f).fold(f64::INFINITY, f64::min);
    let max = |f: &dyn Fn(&Run) -> f64| all.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
    let row = |name: &str, f: &dyn Fn(&Run) -> f64, goal: Option<f64>| Row {
        name: name.to_owned(),
        unit: "ms".to_owned(),
        median: med(f),
        min: min(f),
        max: max(f),
        goal,
    };
    // NaN (printed as such) where nothing was measured, rather than 0.
    let p = |v: &[Duration], q: f64| if v.is_empty() { f64::NAN } else { ms(report::percentile(v, q)) };
    let top = |v: &[Duration]| v.iter().copied().max().map(ms).unwrap_or(f64::NAN);

    report::header(meta, runs, command);
    println!(
        "server:   tandem_sync_server in this process on 127.0.0.1 (own 2-thread tokio runtime, fresh data dir \
         per run); A and B are tandem_client profiles in this process, both connected"
    );
    let rows = vec![
        row("A execute p50", &|r| p(&r.exec, 0.5), None),
        row("A execute p99", &|r| p(&r.exec, 0.99), None),
        row("A execute max", &|r| top(&r.exec), None),
        row("edit start → B event p50", &|r| p(&r.to_event, 0.5), None),
        row("edit start → B event p99", &|r| p(&r.to_event, 0.99), None),
        row("edit start → B event max", &|r| top(&r.to_event), None),
        row("B event → B's task view read p50", &|r| p(&r.event_to_view, 0.5), None),
        row("B event → B's task view read p99", &|r| p(&r.event_to_view, 0.99), None),
        row("B event → B's task view read max", &|r| top(&r.event_to_view), None),
        row("TOTAL edit start → B's view updated p50", &|r| p(&r.total, 0.5), None),
        row("TOTAL edit start → B's view updated P99", &|r| p(&r.total, 0.99), Some(RELAY_P99_MS)),
        row("TOTAL edit start → B's view updated max", &|r| top(&r.total), None),
        row("edit start → change on B's disk p50", &|r| p(&r.to_disk, 0.5), None),
        row("edit start → change on B's disk p99", &|r| p(&r.to_disk, 0.99), None),
        row("edit start → change on B's disk max", &|r| top(&r.to_disk), None),
        row("on B: report_remote_since, one change (watcher)", &|r| ms(r.report_remote), None),
        row("  of which history::changes_since", &|r| ms(r.changes_since), None),
        row("  of which merge::conflicts (whole document)", &|r| ms(r.conflicts), None),
        row("  of which merge::deleted_edits (whole document)", &|r| ms(r.deleted_edits), None),
    ];
    report::table(&format!("Workload remote ({edits} edits per run)"), &rows);
    report::table(
        "Setup of each run (as the join workload)",
        &join::rows(&all.iter().map(|r| r.setup.clone()).collect::<Vec<_>>(), meta, false),
    );
    join::print_timelines(&all[0].setup);
    let seen: usize = all.iter().map(|r| r.to_disk.len()).sum();
    let batched: usize = all.iter().map(|r| r.batched).sum();
    println!(
        "\nEach edit: A's `Client::execute` of a title update (returns once fsynced) on one of {} distinct live \
         tasks{}; then B's event channel (stamped by a forwarding thread) delivers a `ClientEvent::Remote` naming \
         the task; then B's `Client::read` of `tasks::task` shows the new title. The next edit starts after that. \
         Goal: none in BENCHMARKS.md for this measure; the `relay` row's p99 ≤ {RELAY_P99_MS:.0} ms (edit at A → \
         visible at B) is used as the reference. On B's disk: the first appearance of the change's \
         incremental/<hash> file or of a compaction snapshot of the heads [hash] in B's store (a thread lists the \
         two directories every ~1 ms; the file appears at the rename after its data is fsynced); seen for \
         {seen} of {} edits. Remote events carrying more than one change: {batched}. The `on B` rows time, after the edits, on B's \
         loaded document, what B's watcher (`tandem_client::sync::watch_project`) runs for one arriving change \
         before it emits the event (median of 3).",
        all[0].distinct_tasks,
        if all[0].distinct_tasks < edits { " (fewer tasks than edits: some are edited twice)" } else { "" },
        edits * runs,
    );
    Ok(())
}
