//! Workload `join` (BENCHMARKS.md row `join`): a new member fetches R from a real sync server on
//! loopback. Also the setup the `remote` workload starts from: member A (a copy of the cached R
//! profile) shares R with the server, invites, and a fresh profile B joins; both stay connected.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use automerge::ReadDoc;
use tandem_client::{Client, ClientEvent, SyncState};
use tandem_core::Millis;

use crate::app::{copy_dir, err, ms};
use crate::generator::Meta;
use crate::report::{self, Row};
use crate::server::{BenchServer, Counters};

/// How long any one step may take before the run is declared failed.
const STEP_TIMEOUT: Duration = Duration::from_secs(600);

/// A client's events, each stamped with the instant it left the client's channel (a thread
/// forwards them, so the stamp does not wait for the main thread to look).
#[derive(Debug)]
pub struct Stamped {
    pub rx: Receiver<(Instant, ClientEvent)>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Stamped {
    pub fn new(events: Receiver<ClientEvent>) -> Stamped {
        let (tx, rx) = std::sync::mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match events.recv_timeout(Duration::from_millis(50)) {
                    Ok(event) => {
                        if tx.send((Instant::now(), event)).is_err() {
                            break;
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
        });
        Stamped { rx, stop, thread: Some(thread) }
    }

    /// Everything received so far.
    pub fn drain(&self) -> Vec<(Instant, ClientEvent)> {
        self.rx.try_iter().collect()
    }
}

impl Drop for Stamped {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What setting up A and B measured (one `join` run).
#[derive(Debug, Default, Clone)]
pub struct JoinRun {
    /// `Client::open` of A's profile plus the first read (loading R).
    pub open_a: Duration,
    /// A's `share` (register + upload until up to date).
    pub share: Duration,
    pub share_io: Counters,
    /// From starting B's `join` until B's first "up to date" status: B holds everything the
    /// server holds, which is all of A's changes (checked afterwards from the heads).
    pub b_has_r: Option<Duration>,
    /// B's `Client::join` call (invite spent, R fetched, B recorded as a member, that synced).
    pub join: Duration,
    /// From starting B's join until A and B have equal heads (A received B's join change).
    pub heads_equal: Duration,
    /// Server traffic from starting B's join until the heads were equal.
    pub join_io: Counters,
    /// B's first task list after joining (the document is in memory by then).
    pub b_tasks: Duration,
    pub tasks: usize,
    /// Bytes in B's store after joining.
    pub b_store_bytes: u64,
    /// For reference, on R's snapshot in this process: `Automerge::load`, `save()` (what a
    /// sender does to send a whole document, and samod's compaction) and `get_changes(&[])`
    /// (what samod's first save of a document it has not stored yet starts with).
    pub load_ref: Duration,
    pub save_ref: Duration,
    pub get_changes_ref: Duration,
    /// A's events during its share and B's during its join: ms since the step started, what.
    pub a_timeline: Vec<(f64, String)>,
    pub b_timeline: Vec<(f64, String)>,
}

/// An event as a timeline entry: ms since `t0`, what it said.
fn timeline(events: &[(Instant, ClientEvent)], t0: Instant) -> Vec<(f64, String)> {
    events
        .iter()
        .map(|(at, e)| {
            let what = match e {
                ClientEvent::Status(s) if s.unsent > 0 => format!("{} ({} unsent)", s.state, s.unsent),
                ClientEvent::Status(s) => s.state.to_string(),
                ClientEvent::Remote(r) => format!("remote changes ({})", r.report.new_changes),
            };
            (ms(at.saturating_duration_since(t0)), what)
        })
        .collect()
}

/// Times `Automerge::load`, `save` and `get_changes(&[])` on the cached profile's snapshot
/// chunk (what the sender, the receiver and samod's storage do with a whole document).
fn reference(cache_home: &Path, project: &str) -> Result<(Duration, Duration, Duration), String> {
    let dir = cache_home.join("store").join(&project[..2]).join(&project[2..]).join("snapshot");
    let file = std::fs::read_dir(&dir)
        .map_err(|e| err(&format!("cannot list {}", dir.display()), e))?
        .flatten()
        .next()
        .ok_or("the cached profile has no snapshot")?;
    let bytes = std::fs::read(file.path()).map_err(|e| err("cannot read the snapshot", e))?;
    let t = Instant::now();
    let doc = automerge::Automerge::load(&bytes).map_err(|e| err("cannot load the snapshot", e))?;
    let load = t.elapsed();
    let t = Instant::now();
    drop(doc.save());
    let save = t.elapsed();
    let t = Instant::now();
    drop(doc.get_changes(&[]));
    Ok((load, save, t.elapsed()))
}

/// A server, A with R shared on it, and B joined; both connected and syncing.
#[derive(Debug)]
pub struct Team {
    pub server: BenchServer,
    pub a: Client,
    pub b: Client,
    pub project: String,
    /// B's events since before its join.
    pub b_events: Stamped,
    pub work: PathBuf,
}

impl Team {
    /// Closes both clients, stops the server and removes the work directory.
    pub fn finish(self) -> Result<(), String> {
        let Team { server, a, b, b_events, work, .. } = self;
        drop(b_events);
        b.close();
        a.close();
        let stopped = server.stop();
        let _ = std::fs::remove_dir_all(&work);
        stopped
    }
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => dir_bytes(&e.path()),
                    _ => e.metadata().map(|m| m.len()).unwrap_or(0),
                })
                .sum()
        })
        .unwrap_or(0)
}

fn sorted_heads(c: &mut Client, project: &str) -> Result<Vec<automerge::ChangeHash>, String> {
    let mut h = c.read(project, |d| d.get_heads()).map_err(|e| err("read failed", e))?;
    h.sort();
    Ok(h)
}

/// Starts a server in `work/server`, copies the cached R profile to `work/a`, shares R from A,
/// invites, and joins from a fresh profile in `work/b`; measures each step.
pub fn setup(meta: &Meta, cache_home: &Path, work: &Path) -> Result<(Team, JoinRun), String> {
    let _ = std::fs::remove_dir_all(work);
    let a_home = work.join("a");
    copy_dir(cache_home, &a_home).map_err(|e| err("cannot copy the profile", e))?;
    let project = meta.project.clone();
    let (load_ref, save_ref, get_changes_ref) = reference(cache_home, &project)?;
    let mut r = JoinRun { load_ref, save_ref, get_changes_ref, ..JoinRun::default() };
    let server = BenchServer::start(&work.join("server"))?;

    // A: the coordinator's profile with R, loaded.
    let t = Instant::now();
    let mut a = Client::open(&a_home).map_err(|e| err("cannot open A's profile", e))?;
    let clock = Arc::new(AtomicI64::new(meta.last_time + 86_400_000));
    let c = clock.clone();
    a.set_clock(Box::new(move || Millis(c.fetch_add(1_000, Ordering::Relaxed))));
    a.read(&project, |_| ()).map_err(|e| err("A cannot load R", e))?;
    r.open_a = t.elapsed();

    // A shares R: registers it and uploads it until up to date.
    let a_events = Stamped::new(a.subscribe());
    let before = server.counters()?;
    let t = Instant::now();
    let (_, synced) =
        a.share(&project, &server.url(), Some(&server.admin), STEP_TIMEOUT).map_err(|e| err("share", e))?;
    r.share = t.elapsed();
    if synced.status.state != SyncState::UpToDate {
        return Err(format!(
            "A's share ended {} after {:.1} s ({:?})",
            synced.status.state,
            r.share.as_secs_f64(),
            synced.status.detail
        ));
    }
    r.share_io = before.delta(server.counters()?);
    r.a_timeline = timeline(&a_events.drain(), t);
    drop(a_events);
    let invite = a.invite(&project, "member", 24).map_err(|e| err("invite", e))?;
    let a_heads = sorted_heads(&mut a, &project)?;

    // B: a fresh profile joins with the invite code.
    let b_home = work.join("b");
    let mut b = Client::open(&b_home).map_err(|e| err("cannot open B's profile", e))?;
    let b_events = Stamped::new(b.subscribe());
    let before = server.counters()?;
    let t0 = Instant::now();
    let joined = b.join(&invite.code, "Bench Joiner", STEP_TIMEOUT).map_err(|e| err("join", e))?;
    r.join = t0.elapsed();
    if joined.member.is_none() || joined.project != project {
        return Err(format!("B joined but is not a member of R: {joined:?}"));
    }
    let seen = b_events.drain();
    r.b_has_r = seen
        .iter()
        .find(|(_, e)| matches!(e, ClientEvent::Status(s) if s.project == project && s.state == SyncState::UpToDate))
        .map(|(at, _)| at.saturating_duration_since(t0));
    r.b_timeline = timeline(&seen, t0);
    let missing = b
        .read(&project, |d| a_heads.iter().filter(|h| d.get_change_by_hash(h).is_none()).count())
        .map_err(|e| err("B cannot read R", e))?;
    if missing > 0 {
        return Err(format!("B joined but lacks {missing} of A's {} heads", a_heads.len()));
    }
    // A receives B's join change: then both hold the same changes.
    loop {
        if sorted_heads(&mut a, &project)? == sorted_heads(&mut b, &project)? {
            r.heads_equal = t0.elapsed();
            break;
        }
        if t0.elapsed() > STEP_TIMEOUT {
            return Err("A and B did not reach equal heads".into());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    r.join_io = before.delta(server.counters()?);

    // B reads R like A does.
    let t = Instant::now();
    let b_tasks = b
        .read(&project, tandem_core::tasks::tasks)
        .map_err(|e| err("B read failed", e))?
        .map_err(|e| err("B cannot list the tasks", e))?;
    r.b_tasks = t.elapsed();
    let a_tasks = a
        .read(&project, tandem_core::tasks::tasks)
        .map_err(|e| err("A read failed", e))?
        .map_err(|e| err("A cannot list the tasks", e))?;
    if a_tasks != b_tasks || a_tasks.is_empty() {
        return Err(format!("B lists {} tasks, A {} (or they differ)", b_tasks.len(), a_tasks.len()));
    }
    r.tasks = b_tasks.len();
    r.b_store_bytes = dir_bytes(&b_home.join("store"));
    let team = Team { server, a, b, project, b_events, work: work.to_path_buf() };
    Ok((team, r))
}

/// Where a workload's runs work: beside the cache, removed afterwards.
pub fn work_dir(home: &Path, workload: &str, scale: f64) -> PathBuf {
    home.parent().unwrap_or(home).with_file_name(format!("work-{workload}-R-{scale}"))
}

/// The rows that describe the setup (shared with `remote`).
pub fn rows(all: &[JoinRun], meta: &Meta, goals: bool) -> Vec<Row> {
    let med = |f: &dyn Fn(&JoinRun) -> f64| report::median(all.iter().map(f).collect());
    let min = |f: &dyn Fn(&JoinRun) -> f64| all.iter().map(f).fold(f64::INFINITY, f64::min);
    let max = |f: &dyn Fn(&JoinRun) -> f64| all.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
    let row = |name: &str, unit: &str, f: &dyn Fn(&JoinRun) -> f64, goal: Option<f64>| Row {
        name: name.to_owned(),
        unit: unit.to_owned(),
        median: med(f),
        min: min(f),
        max: max(f),
        goal: goal.filter(|_| goals),
    };
    let snapshot = meta.snapshot_bytes as f64;
    let kb = |b: f64| b / 1e3;
    vec![
        row("reference: Automerge::load of R's snapshot", "ms", &|r| ms(r.load_ref), None),
        row("reference: doc.save() of R", "ms", &|r| ms(r.save_ref), None),
        row("reference: doc.get_changes(&[]) of R", "ms", &|r| ms(r.get_changes_ref), None),
        row("A: Client::open + load R", "ms", &|r| ms(r.open_a), None),
        row("share: A uploads R (register → up to date)", "ms", &|r| ms(r.share), None),
        row("share: bytes received by the server", "kB", &|r| kb(r.share_io.bytes_in), None),
        row("share: bytes sent by the server", "kB", &|r| kb(r.share_io.bytes_out), None),
        row("share: protocol messages received by the server", "", &|r| r.share_io.messages_in, None),
        row(
            "join: B HAS R (join start → first up to date)",
            "ms",
            &|r| r.b_has_r.map(ms).unwrap_or(f64::NAN),
            Some(1000.0),
        ),
        row("join: Client::join returned (member recorded)", "ms", &|r| ms(r.join), None),
        row("join: A and B heads equal (A has B's join)", "ms", &|r| ms(r.heads_equal), None),
        row("join: bytes sent by the server", "kB", &|r| kb(r.join_io.bytes_out), None),
        row("join: bytes sent / snapshot size", "x", &|r| r.join_io.bytes_out / snapshot, None),
        row("join: bytes received by the server", "kB", &|r| kb(r.join_io.bytes_in), None),
        row("join: protocol messages received by the server", "", &|r| r.join_io.messages_in, None),
        row("join: protocol messages sent by the server", "", &|r| r.join_io.messages_out, None),
        row("join: B's store on disk afterwards", "kB", &|r| kb(r.b_store_bytes as f64), None),
        row("join: B's first task list after joining", "ms", &|r| ms(r.b_tasks), None),
    ]
}

/// A's and B's status events during the first run's share and join.
pub fn print_timelines(r: &JoinRun) {
    let line =
        |t: &[(f64, String)]| t.iter().map(|(ms, what)| format!("{ms:.0} ms {what}")).collect::<Vec<_>>().join(" → ");
    println!("\nEvents of the first run, ms since the step started:");
    println!("  A during share: {}", line(&r.a_timeline));
    println!("  B during join:  {}", line(&r.b_timeline));
}

/// Runs the workload `runs` times and prints the report.
pub fn main(meta: &Meta, home: &Path, runs: usize, command: &str) -> Result<(), String> {
    let work = work_dir(home, "join", meta.spec.scale);
    let mut all = Vec::new();
    for run in 0..runs {
        let (team, r) = setup(meta, home, &work)?;
        team.finish()?;
        eprintln!(
            "  run {}/{runs}: share {:.0} ms, B has R {}, join {:.0} ms, {:.2} MB sent to members",
            run + 1,
            ms(r.share),
            r.b_has_r.map(|d| format!("{:.0} ms", ms(d))).unwrap_or_else(|| "not seen".into()),
            ms(r.join),
            r.join_io.bytes_out / 1e6
        );
        all.push(r);
    }
    let _ = std::fs::remove_dir_all(&work);
    report::header(meta, runs, command);
    println!(
        "server:   tandem_sync_server in this process on 127.0.0.1 (own 2-thread tokio runtime, fresh data dir \
         per run); A and B are tandem_client profiles in this process"
    );
    report::table("Workload join", &rows(&all, meta, true));
    print_timelines(&all[0]);
    let seen = all.iter().filter(|r| r.b_has_r.is_some()).count();
    println!(
        "\nEach run: a fresh server; A = a copy of the cached R profile, shares R (`Client::share`), makes a member \
         invite; a fresh profile B runs `Client::join` with it. \"B has R\" is B's first `up to date` status event \
         (B holds everything the server holds; afterwards every head of A is checked to be in B; seen in \
         {seen}/{runs} runs). `Client::join` also records B as a member (one change, fsynced) and syncs that. \
         Bytes are the server's /metrics protocol counters over the whole join, all connections: they include \
         relaying B's join change to A. B lists the same {} tasks as A.",
        all[0].tasks
    );
    Ok(())
}
