//! Two members reconnect after working offline (BENCHMARKS.md row `reconnect`): A and B are real
//! `tandem_client::Client` profiles sharing one project through a real sync server on loopback,
//! with a counting proxy ([`crate::wsproxy`]) between each member and the server. Both are
//! offline (their clients open without connecting), each makes a mix of real commands through
//! `Client::execute`, then both connect at once. Measured: the time until A, B and the server
//! hold the same heads, the protocol messages and round trips on each member's connection, and
//! the bytes each way against the size of the changes the other side lacked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use automerge::{ChangeHash, ReadDoc};
use tandem_client::{Client, SyncState};
use tandem_core::ids::MeetingId;
use tandem_core::log::{LogCommand, LogKind};
use tandem_core::tasks::{TaskCommand, TaskPatch, TaskStatus};
use tandem_core::{Command, ItemRef, Kind, Millis};

use crate::server::BenchServer;
use crate::wsproxy::{Dir, Message, Proxy};

/// How long a share, a join or the reconnect may take before the run fails.
const STEP_TIMEOUT: Duration = Duration::from_secs(300);

/// After the heads are equal, the run keeps counting messages until none came for this long
/// (the last acknowledgements still cross the wire).
const QUIET: Duration = Duration::from_millis(500);

/// A server, the counting proxy in front of it, and two member profiles (closed) that share
/// `project` through the proxy and hold the same heads.
#[derive(Debug)]
pub struct Team {
    pub server: BenchServer,
    pub proxy: Proxy,
    pub a_home: PathBuf,
    pub b_home: PathBuf,
    pub project: String,
    /// What the document looked like before going offline: its heads.
    pub common_heads: Vec<ChangeHash>,
    /// Times (UTC ms) the members' clocks start from when they work offline.
    pub clock_start: i64,
    work: PathBuf,
}

impl Team {
    /// Stops the server and removes the work directory.
    pub fn finish(self) -> Result<(), String> {
        let Team { server, proxy, work, .. } = self;
        drop(proxy);
        let stopped = server.stop();
        let _ = std::fs::remove_dir_all(&work);
        stopped
    }
}

fn err(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: {e}")
}

fn sorted_heads(c: &mut Client, project: &str) -> Result<Vec<ChangeHash>, String> {
    let mut h = c.read(project, |d| d.get_heads()).map_err(|e| err("read failed", e))?;
    h.sort();
    Ok(h)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

/// Starts a server in `work/server` and the proxy, copies `source_home` (a profile holding the
/// unshared `project`) to `work/a`, shares the project through the proxy, invites, and joins
/// from a fresh profile in `work/b`; waits until A and B hold the same heads, then closes both.
/// `clock_start` (UTC ms) is when A's changes are stamped from; later than any in the project.
pub fn setup(source_home: &Path, project: &str, work: &Path, clock_start: i64) -> Result<Team, String> {
    let _ = std::fs::remove_dir_all(work);
    let a_home = work.join("a");
    let b_home = work.join("b");
    copy_dir(source_home, &a_home).map_err(|e| err("cannot copy the profile", e))?;
    let server = BenchServer::start(&work.join("server"))?;
    let proxy = Proxy::start(server.addr())?;

    let mut a = Client::open(&a_home).map_err(|e| err("cannot open A's profile", e))?;
    a.set_clock(stepping_clock(clock_start));
    let (_, synced) =
        a.share(project, &proxy.url(), Some(&server.admin), STEP_TIMEOUT).map_err(|e| err("A's share failed", e))?;
    if synced.status.state != SyncState::UpToDate {
        return Err(format!("A's share ended {} ({:?})", synced.status.state, synced.status.detail));
    }
    let invite = a.invite(project, "member", 24).map_err(|e| err("invite", e))?;
    let mut b = Client::open(&b_home).map_err(|e| err("cannot open B's profile", e))?;
    b.set_clock(stepping_clock(clock_start + 3_600_000));
    let joined = b.join(&invite.code, "Offline Member B", STEP_TIMEOUT).map_err(|e| err("B's join failed", e))?;
    if joined.project != project || joined.member.is_none() {
        return Err(format!("B joined but is not a member of the project: {joined:?}"));
    }
    // A receives B's join change; from then on both hold the same document.
    let t0 = Instant::now();
    let common_heads = loop {
        let (ha, hb) = (sorted_heads(&mut a, project)?, sorted_heads(&mut b, project)?);
        if ha == hb {
            break ha;
        }
        if t0.elapsed() > STEP_TIMEOUT {
            return Err("A and B did not reach equal heads after the join".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    a.close();
    b.close();
    Ok(Team {
        server,
        proxy,
        a_home,
        b_home,
        project: project.to_owned(),
        common_heads,
        clock_start: clock_start + 86_400_000,
        work: work.to_path_buf(),
    })
}

/// A clock that starts at `start` and advances one second per reading.
fn stepping_clock(start: i64) -> Box<dyn Fn() -> Millis + Send + Sync> {
    let t = Arc::new(AtomicI64::new(start));
    Box::new(move || Millis(t.fetch_add(1_000, Ordering::Relaxed)))
}

const WORDS: &[&str] = &[
    "billing",
    "release",
    "review",
    "deploy",
    "client",
    "invoice",
    "schema",
    "backup",
    "vendor",
    "budget",
    "sprint",
    "ticket",
    "login",
    "report",
    "cutover",
    "training",
    "firewall",
    "license",
    "migration",
    "rollback",
];

fn words(rng: &mut fastrand::Rng, n: usize) -> String {
    (0..n).map(|_| WORDS[rng.usize(..WORDS.len())]).collect::<Vec<_>>().join(" ")
}

/// What one member's offline session made.
#[derive(Debug, Default, Clone)]
pub struct Offline {
    /// The changes made, in order.
    pub hashes: Vec<ChangeHash>,
    /// By kind of command: title, status, log, notes.
    pub by_kind: BTreeMap<&'static str, usize>,
    /// Commands the core refused (not counted as changes; the script picks another).
    pub refused: usize,
    /// Wall time of all the `execute` calls (each returns once its change is fsynced).
    pub execute: Duration,
    /// Raw bytes of the changes (what the other side lacks): the sum of `Change::raw_bytes`.
    pub change_bytes: u64,
    /// `save_after(common heads)`: the same changes as one compressed chunk.
    pub save_after_bytes: u64,
}

/// Makes `n` changes on `project` through `Client::execute`: a mix of task title updates (30%),
/// task status changes (15%), log entries (25%, some referencing a task) and meeting-notes
/// typing in ~20-character splices at the end of one of three meetings' notes (30%).
pub fn offline_edits(c: &mut Client, project: &str, n: usize, seed: u64, who: &str) -> Result<Offline, String> {
    let tasks = c
        .read(project, tandem_core::tasks::tasks)
        .map_err(|e| err("read failed", e))?
        .map_err(|e| err("cannot list the tasks", e))?;
    let mut tasks: Vec<_> = tasks.into_iter().filter(|t| !t.deleted).map(|t| (t.id, t.status)).collect();
    let meetings = c
        .read(project, tandem_core::meetings::meetings)
        .map_err(|e| err("read failed", e))?
        .map_err(|e| err("cannot list the meetings", e))?;
    let mut notes: Vec<(MeetingId, usize)> = Vec::new();
    for m in meetings.into_iter().take(3) {
        let len = c
            .read(project, |d| tandem_core::meetings::meeting(d, &m.id).map(|v| v.notes.chars().count()))
            .map_err(|e| err("read failed", e))?
            .map_err(|e| err("cannot read a meeting", e))?;
        notes.push((m.id, len));
    }
    if tasks.is_empty() || notes.is_empty() {
        return Err("the project needs at least one live task and one meeting".into());
    }
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = Offline::default();
    while out.hashes.len() < n {
        if out.refused > n {
            return Err(format!("{who}: the core refused {} commands; the edit script is wrong", out.refused));
        }
        let roll = rng.usize(..100);
        let (kind, cmd, note) = if roll < 30 {
            let (id, _) = &tasks[rng.usize(..tasks.len())];
            let title = format!("{} ({who} offline {})", words(&mut rng, 3), out.hashes.len());
            let patch = TaskPatch { title: Some(title), ..Default::default() };
            ("task title", Command::Task(TaskCommand::Update { id: id.clone(), patch }), None)
        } else if roll < 45 {
            let i = rng.usize(..tasks.len());
            let next = match tasks[i].1 {
                TaskStatus::Todo | TaskStatus::Blocked => TaskStatus::InProgress,
                TaskStatus::InProgress => TaskStatus::Blocked,
                TaskStatus::Done | TaskStatus::Cancelled => TaskStatus::Todo,
            };
            tasks[i].1 = next;
            let patch = TaskPatch { status: Some(next), ..Default::default() };
            ("task status", Command::Task(TaskCommand::Update { id: tasks[i].0.clone(), patch }), None)
        } else if roll < 70 {
            let refs = if rng.usize(..10) < 3 {
                vec![ItemRef::new(Kind::Task, tasks[rng.usize(..tasks.len())].0.as_str())]
            } else {
                Vec::new()
            };
            let n = 8 + rng.usize(..20);
            let body = format!("{who}: {}", words(&mut rng, n));
            ("log entry", Command::Log(LogCommand::Add { body, kind: LogKind::Note, refs }), None)
        } else {
            let m = rng.usize(..notes.len());
            let insert = format!("{} ", words(&mut rng, 3));
            let pos = notes[m].1;
            let cmd = Command::Item(tandem_core::items::ItemCommand::EditText {
                kind: Kind::Meeting,
                id: notes[m].0.to_string(),
                field: "notes".into(),
                pos,
                delete: 0,
                insert: insert.clone(),
                at: None,
            });
            ("notes splice", cmd, Some((m, insert.chars().count())))
        };
        let t = Instant::now();
        let result = c.execute(project, cmd);
        out.execute += t.elapsed();
        match result {
            Ok(o) => {
                let Some(hash) = o.hash else { continue };
                out.hashes.push(hash);
                *out.by_kind.entry(kind).or_default() += 1;
                if let Some((m, added)) = note {
                    notes[m].1 += added;
                }
            }
            Err(tandem_client::ClientError::Core(_)) => out.refused += 1,
            Err(e) => return Err(format!("{who}'s offline edit failed: {e}")),
        }
    }
    Ok(out)
}

/// What one reconnect measured.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    pub a: Offline,
    pub b: Offline,
    /// From the first `connect` until A, B and the server hold the same heads.
    pub equal_heads: Duration,
    /// When each reached the final heads (from the first `connect`).
    pub a_done: Duration,
    pub b_done: Duration,
    pub server_done: Duration,
    /// The two `connect` calls.
    pub connect_calls: Duration,
    /// A's connection, then B's.
    pub links: [Link; 2],
    /// Messages seen after the reconnect on no member's sync connection (should be none).
    pub stray: usize,
    /// Every message on A's (0) and B's (1) connection: time since the first `connect`, whose.
    pub timeline: Vec<(Duration, usize, Message)>,
}

/// One member's connection after the reconnect.
#[derive(Debug, Clone, Default)]
pub struct Link {
    /// Every protocol message each way (all types, all documents).
    pub messages_up: usize,
    pub messages_down: usize,
    /// `sync` messages about the project each way.
    pub sync_up: usize,
    pub sync_down: usize,
    /// Runs of same-direction sync messages on the connection (↑↑ ↓ ↑ = 3 turns).
    pub turns: usize,
    /// `ceil(turns / 2)`: request–response exchanges.
    pub round_trips: usize,
    /// Bytes of WebSocket messages (framing included) each way.
    pub bytes_up: u64,
    pub bytes_down: u64,
    /// Bytes of the TCP connections each way (the HTTP upgrade too).
    pub tcp_up: u64,
    pub tcp_down: u64,
    /// Change chunks carried each way (v2 sync messages carry one compressed chunk), and their
    /// bytes.
    pub changes_up: usize,
    pub changes_down: usize,
    pub change_bytes_up: u64,
    pub change_bytes_down: u64,
    /// Bytes of the sync messages' bloom filters each way.
    pub bloom_bytes_up: u64,
    pub bloom_bytes_down: u64,
    /// The minimum each way: the raw bytes of the changes the other side lacked.
    pub needed_up: u64,
    pub needed_down: u64,
    /// Message types each way, with counts ("↑ sync" → 3).
    pub kinds: BTreeMap<String, usize>,
    /// Messages the proxy could not read (with why).
    pub undecodable: Vec<String>,
}

/// Opens A and B offline, makes `changes` changes on each, connects both, and measures until
/// A, B and the server hold the same heads and the connections fall quiet. Checks that every
/// offline change of each member is in the other's document.
pub fn run(team: &Team, changes: usize, seed: u64) -> Result<Measured, String> {
    let project = team.project.as_str();
    let mut a = Client::open(&team.a_home).map_err(|e| err("cannot open A's profile", e))?;
    a.set_clock(stepping_clock(team.clock_start));
    let mut b = Client::open(&team.b_home).map_err(|e| err("cannot open B's profile", e))?;
    b.set_clock(stepping_clock(team.clock_start + 600_000));
    let mut m = Measured::default();
    for (c, name) in [(&mut a, "A"), (&mut b, "B")] {
        if sorted_heads(c, project)? != team.common_heads {
            return Err(format!("{name} does not start from the common heads"));
        }
    }
    m.a = offline_edits(&mut a, project, changes, seed, "A")?;
    m.b = offline_edits(&mut b, project, changes, seed ^ 0x5eed_b0b0, "B")?;
    for (c, o) in [(&mut a, &mut m.a), (&mut b, &mut m.b)] {
        let common = &team.common_heads;
        let (bytes, chunk) = c
            .read(project, |d| {
                let bytes: usize = d.get_changes(common).iter().map(|ch| ch.raw_bytes().len()).sum();
                (bytes as u64, d.save_after(common).len() as u64)
            })
            .map_err(|e| err("read failed", e))?;
        (o.change_bytes, o.save_after_bytes) = (bytes, chunk);
    }
    let a_heads = sorted_heads(&mut a, project)?;
    let b_heads = sorted_heads(&mut b, project)?;
    let mut expected: Vec<ChangeHash> = a_heads.iter().chain(&b_heads).copied().collect();
    expected.sort();
    expected.dedup();

    // Both come back online.
    let mark = team.proxy.mark();
    let t0 = Instant::now();
    a.connect().map_err(|e| err("A cannot connect", e))?;
    b.connect().map_err(|e| err("B cannot connect", e))?;
    m.connect_calls = t0.elapsed();
    let (mut a_at, mut b_at, mut s_at) = (None, None, None);
    loop {
        let now = t0.elapsed();
        if a_at.is_none() && sorted_heads(&mut a, project)? == expected {
            a_at = Some(now);
        }
        if b_at.is_none() && sorted_heads(&mut b, project)? == expected {
            b_at = Some(now);
        }
        if s_at.is_none() && team.server.heads(project)?.as_ref() == Some(&expected) {
            s_at = Some(now);
        }
        if let (Some(x), Some(y), Some(z)) = (a_at, b_at, s_at) {
            (m.a_done, m.b_done, m.server_done) = (x, y, z);
            m.equal_heads = x.max(y).max(z);
            break;
        }
        if now > STEP_TIMEOUT {
            return Err(format!(
                "no equal heads {STEP_TIMEOUT:?} after reconnecting (A done: {a_at:?}, B: {b_at:?}, server: {s_at:?})"
            ));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    // Let the last acknowledgements cross, then read what crossed.
    let mut seen = team.proxy.messages_since(mark).len();
    let mut quiet_since = Instant::now();
    while quiet_since.elapsed() < QUIET && t0.elapsed() < STEP_TIMEOUT {
        std::thread::sleep(Duration::from_millis(20));
        let now = team.proxy.messages_since(mark).len();
        if now != seen {
            (seen, quiet_since) = (now, Instant::now());
        }
    }
    let messages = team.proxy.messages_since(mark);
    let conns = team.proxy.conns_since(mark);

    // Every offline change of each member is now in the other's document.
    for (c, theirs, name) in [(&mut a, &m.b.hashes, "A"), (&mut b, &m.a.hashes, "B")] {
        let missing = c
            .read(project, |d| theirs.iter().filter(|h| d.get_change_by_hash(h).is_none()).count())
            .map_err(|e| err("read failed", e))?;
        if missing > 0 {
            return Err(format!("{name} has equal heads but lacks {missing} of the other's offline changes"));
        }
    }
    a.close();
    b.close();

    // Which connection is whose: the one whose first sync message up states A's offline heads.
    let first_heads = |conn: usize| {
        messages.iter().find(|x| x.conn == conn && x.dir == Dir::Up && x.kind == "sync").map(|x| {
            let mut h = x.heads.clone();
            h.sort();
            h
        })
    };
    let sync_conns: Vec<usize> = conns.iter().filter(|(_, c)| c.websocket).map(|(i, _)| *i).collect();
    let find = |heads: &Vec<ChangeHash>| sync_conns.iter().copied().find(|&i| first_heads(i).as_ref() == Some(heads));
    let (ca, cb) = match (find(&a_heads), find(&b_heads)) {
        (Some(x), Some(y)) => (x, y),
        _ => {
            return Err(format!(
                "cannot tell A's and B's connections apart ({} WebSocket connections after the reconnect)",
                sync_conns.len()
            ));
        }
    };
    m.stray = messages.iter().filter(|x| x.conn != ca && x.conn != cb).count();
    let tcp = |conn: usize| conns.iter().find(|(i, _)| *i == conn).map(|(_, c)| *c).unwrap_or_default();
    m.links = [
        link(&messages, ca, project, tcp(ca), m.a.change_bytes, m.b.change_bytes),
        link(&messages, cb, project, tcp(cb), m.b.change_bytes, m.a.change_bytes),
    ];
    m.timeline = messages
        .iter()
        .filter(|x| x.conn == ca || x.conn == cb)
        .map(|x| (x.at.saturating_duration_since(t0), usize::from(x.conn == cb), x.clone()))
        .collect();
    Ok(m)
}

fn link(
    messages: &[Message],
    conn: usize,
    project: &str,
    tcp: crate::wsproxy::ConnBytes,
    needed_up: u64,
    needed_down: u64,
) -> Link {
    let mut l = Link { tcp_up: tcp.up, tcp_down: tcp.down, needed_up, needed_down, ..Link::default() };
    let mut last: Option<Dir> = None;
    for x in messages.iter().filter(|x| x.conn == conn) {
        let arrow = if x.dir == Dir::Up { "↑" } else { "↓" };
        *l.kinds.entry(format!("{arrow} {}", x.kind)).or_default() += 1;
        if let Some(e) = &x.error {
            l.undecodable.push(format!("{arrow} {}: {e}", x.kind));
        }
        match x.dir {
            Dir::Up => {
                l.messages_up += 1;
                l.bytes_up += x.wire_bytes as u64;
                l.changes_up += x.changes;
                l.change_bytes_up += x.change_bytes as u64;
                l.bloom_bytes_up += x.bloom_bytes as u64;
            }
            Dir::Down => {
                l.messages_down += 1;
                l.bytes_down += x.wire_bytes as u64;
                l.changes_down += x.changes;
                l.change_bytes_down += x.change_bytes as u64;
                l.bloom_bytes_down += x.bloom_bytes as u64;
            }
        }
        if x.kind == "sync" && x.document.as_deref() == Some(project) {
            match x.dir {
                Dir::Up => l.sync_up += 1,
                Dir::Down => l.sync_down += 1,
            }
            if last != Some(x.dir) {
                l.turns += 1;
                last = Some(x.dir);
            }
        }
    }
    l.round_trips = l.turns.div_ceil(2);
    l
}
