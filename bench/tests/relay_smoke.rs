//! Keeps the relay load generator honest: `tandem-bench relay-vs-node` with 3 clients over 2
//! projects for a few seconds against our real server binary and the real Node automerge-repo
//! 2.5.6 server. The benchmark itself fails unless every edit reached every other member of its
//! document; this test checks that it passed, that both servers were driven, and that edits
//! really flowed. `idle --smoke`-sized runs are covered by the same client code.
//!
//! Needs `tandem-sync-server` built beside `tandem-bench` (`cargo test --workspace` builds it),
//! Node 20 and `npm ci --prefix sync-server/tests/node`. No timing is asserted.

use std::process::Command;

fn bench(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tandem-bench")).args(args).output().expect("run tandem-bench");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The number of deliveries in `check <server> <clients> clients: … (N of N deliveries)`.
fn deliveries(stdout: &str, server: &str, clients: usize) -> u64 {
    let prefix = format!("check {server} {clients} clients: every edit seen by every other member of its document (");
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no check line for {server}:\n{stdout}"));
    let (seen, rest) = line.split_once(" of ").expect("N of M");
    let owed = rest.split_whitespace().next().expect("M");
    assert_eq!(seen, owed, "{line}");
    seen.parse().expect("a count")
}

#[test]
fn every_edit_reaches_every_other_member_on_both_servers() {
    let (ok, stdout, stderr) =
        bench(&["relay-vs-node", "--clients", "3", "--docs", "2", "--duration", "4", "--warmup", "1", "--rate", "2"]);
    assert!(ok, "tandem-bench relay-vs-node failed\nstdout:\n{stdout}\nstderr:\n{stderr}");
    // 3 clients, each in both projects, 2 edits/s for ~4 s: each edit owed to the 2 others.
    for server in ["ours", "node"] {
        let n = deliveries(&stdout, server, 3);
        assert!(n >= 20, "{server}: only {n} deliveries in 4 s of 6 edits/s with 2 receivers each\n{stdout}");
    }
    assert!(stdout.contains("Workload relay-vs-node: ours as % of Node"), "{stdout}");
}

#[test]
fn idle_connections_are_held_and_measured() {
    let (ok, stdout, stderr) =
        bench(&["idle", "--conns", "20", "--docs", "4", "--settle", "1", "--servers", "ours,node"]);
    assert!(ok, "tandem-bench idle failed\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("Workload idle, ours server") && stdout.contains("Workload idle, node server"), "{stdout}");
}

#[test]
fn bad_flags_say_what_to_fix() {
    let (ok, _, stderr) = bench(&["relay", "--clients", "1"]);
    assert!(!ok);
    assert!(stderr.contains("--clients takes a comma-separated list of whole numbers ≥ 2"), "{stderr}");
}
