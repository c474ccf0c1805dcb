//! Issue #5: a `tandem` process killed with SIGKILL in the middle of syncing loses nothing. The
//! profile opens afterwards (the lock does not outlive the process, the stored project is whole)
//! and the next `tandem sync` brings the replica up to date with everything, in both directions.
//!
//! Where a kill lands is chosen by a delay after the process starts, spread over the time a sync
//! takes (measured first): that is the fault being injected, not a wait for something to happen.
//! Every wait for state is on real state (exits, stdout lines, `tandem sync --json`).

use std::collections::BTreeSet;
use std::os::unix::process::ExitStatusExt;
use std::time::{Duration, Instant};

use tandem_tests::*;

/// Tasks Ada streams at a watcher that gets killed.
const BATCH: u32 = 15;

/// Kills per test: spread evenly over one and a half times the measured duration of one sync.
const TRIALS: u32 = 20;

/// A description of about 1 KiB, so that each change carries some weight. (Automerge keeps text
/// per character and every command loads the whole project, ~4 µs per character in a debug
/// build: much more makes the test slow.)
fn big_description(tag: &str) -> String {
    let line = format!("{tag}: lorem ipsum dolor sit amet, consectetur adipiscing elit.\n");
    line.repeat(1_000 / line.len())
}

/// Runs `tandem sync` for `m` and SIGKILLs it `after` its start unless it finished first.
/// Returns whether the kill landed.
fn sync_killed_after(m: &Member, after: Duration) -> bool {
    let mut child = m.spawn(&["sync", "--timeout", SYNC_TIMEOUT_SECS]);
    let started = Instant::now();
    // The fault: a kill at a chosen moment (not a synchronisation).
    std::thread::sleep(after.saturating_sub(started.elapsed()));
    let _ = child.kill(); // a no-op if it already exited (it is not reaped yet)
    let out = finish(child, &format!("{}: tandem sync (killed after {after:?})", m.name), COMMAND_DEADLINE);
    match out.status.signal() {
        Some(9) => true,
        Some(sig) => panic!("{}", describe(&format!("killed by signal {sig}, not SIGKILL"), &out)),
        None => {
            // It finished before the kill: then it must have succeeded.
            assert!(out.status.success(), "{}", describe("a sync that was not killed", &out));
            false
        }
    }
}

/// The profile opens and its project reads, right after a kill.
fn assert_opens(m: &Member) -> BTreeSet<String> {
    let titles = m.task_titles();
    let row = m.json(&["status", "--offline"]);
    assert!(row.as_array().is_some_and(|rows| rows.len() == 1), "{}: status after a kill: {row}", m.name);
    titles
}

#[test]
fn syncs_killed_at_any_moment_are_repaired_by_the_next_sync() {
    let team = Team::new(&["Ada", "Bo"]);
    let (ada, bo) = (team.member("Ada"), team.member("Bo"));

    // How long a sync that moves something both ways takes, to spread the kills over.
    let mut one_sync = Duration::ZERO;
    for round in 0..2 {
        ada.ok(&["task", "add", &format!("Calibration {round}"), "--description", &big_description("c")]);
        ada.sync();
        bo.ok(&["task", "add", &format!("Bo calibration {round}")]);
        let started = Instant::now();
        bo.sync();
        one_sync = one_sync.max(started.elapsed());
    }

    // A backlog both ways, which the first syncs that are not killed move: Ada's tasks on the
    // server, Bo's own tasks only on Bo's device.
    for i in 0..4 {
        ada.ok(&["task", "add", &format!("Ada backlog {i}"), "--description", &big_description(&format!("a{i}"))]);
    }
    ada.sync();
    for i in 0..4 {
        bo.ok(&["task", "add", &format!("Bo backlog {i}"), "--description", &big_description(&format!("b{i}"))]);
    }

    let mut killed = 0;
    for trial in 0..TRIALS {
        // More to move in both directions for every trial.
        ada.ok(&["task", "add", &format!("Ada trial {trial}")]);
        ada.sync();
        bo.ok(&["task", "add", &format!("Bo trial {trial}")]);
        // From at once to half again as long as a sync takes: kills while it starts, loads,
        // connects, exchanges and stores, and a few that come too late.
        let after = one_sync * 3 * trial / (2 * TRIALS);
        if sync_killed_after(bo, after) {
            killed += 1;
        }
        let titles = assert_opens(bo);
        assert!(titles.contains(&format!("Bo trial {trial}")), "Bo's own edit survived the kill: {titles:?}");
    }
    assert!(killed > 0, "at least one sync was killed while it ran (sync took {one_sync:?})");

    // The next sync repairs everything.
    let reports = bo.sync();
    assert_eq!(reports[0]["state"], "up_to_date", "{reports:?}");
    team.converge();
    let snapshot = assert_identical(&team.all());
    let titles = bo.task_titles();
    for i in 0..4 {
        assert!(titles.contains(&format!("Ada backlog {i}")) && titles.contains(&format!("Bo backlog {i}")));
    }
    for trial in 0..TRIALS {
        assert!(titles.contains(&format!("Ada trial {trial}")) && titles.contains(&format!("Bo trial {trial}")));
    }
    // The big texts arrived whole (and equal on both sides, by the snapshot).
    let tasks = snapshot["tasks"].as_array().expect("tasks");
    let backlog = tasks.iter().find(|t| t["title"] == "Ada backlog 3").expect("Ada backlog 3");
    assert_eq!(backlog["description"], big_description("a3"));
}

#[test]
fn a_watcher_killed_while_changes_stream_in_loses_nothing() {
    let team = Team::new(&["Ada", "Bo"]);
    let (ada, bo) = (team.member("Ada"), team.member("Bo"));

    // Changes made from now on reach the watcher as remote events (not in its first sync).
    let (mut watcher, mut lines) = bo.watch();

    // A first change; the watcher reports it once it has arrived.
    ada.ok(&["task", "add", "Watched 0"]);
    ada.sync();
    let seen = lines.wait_for(WATCH_DEADLINE, |l| remote_event_from(l, "Ada").is_some());
    assert!(seen.is_some(), "the watcher printed Ada's change; it printed: {:?}", lines.seen);

    // Ada streams a batch, one task and one sync at a time, on a thread; the watcher is killed
    // as soon as it reports the first of them, while the rest are still coming in.
    let killed = std::thread::scope(|scope| {
        let stream = scope.spawn(|| {
            for i in 1..=BATCH {
                ada.ok(&["task", "add", &format!("Watched {i}"), "--description", &big_description(&format!("w{i}"))]);
                ada.sync();
            }
        });
        let first = lines.wait_for(WATCH_DEADLINE, |l| {
            remote_event_from(l, "Ada").is_some_and(|e| e["new_changes"].as_u64().is_some_and(|n| n > 0))
        });
        watcher.kill().expect("SIGKILL the watcher");
        let status = watcher.wait().expect("reap the watcher");
        stream.join().expect("Ada's stream");
        assert!(first.is_some(), "the watcher reported the batch; it printed {:?}", lines.seen);
        status
    });
    assert_eq!(killed.signal(), Some(9), "the watcher died of SIGKILL");

    // Bo's profile opens, and the next sync brings the rest.
    assert_opens(bo);
    bo.sync();
    let titles = bo.task_titles();
    for i in 0..=BATCH {
        assert!(titles.contains(&format!("Watched {i}")), "Bo has Watched {i}: {titles:?}");
    }
    team.converge();
    assert_identical(&team.all());
}
