//! Workload `reconnect` on R (BENCHMARKS.md row `reconnect`): the runs and the table around
//! [`tandem_bench::reconnect`], which does the measuring. Each run starts from a fresh copy of
//! the cached R profile (A), shared through a fresh server and joined by a fresh profile (B).

use std::time::Duration;

use tandem_bench::reconnect::{self, Link, Measured};

use crate::app::ms;
use crate::report::{self, Row};

const USAGE: &str = "usage: tandem-bench reconnect [--scale S (default 0.1)] [--runs N (default 5)] \
                     [--changes C (per member, default 2000)] [--seed X]";

/// Goals from BENCHMARKS.md.
const GOAL_MS: f64 = 1000.0;
const GOAL_ROUND_TRIPS: f64 = 3.0;
const GOAL_BYTES_RATIO: f64 = 1.5;

/// `tandem-bench reconnect …`: parses its flags, makes sure R is generated, runs and prints.
pub fn main(args: Vec<String>) -> std::process::ExitCode {
    const SPEC: crate::Spec = crate::Spec { usage: USAGE, runs: 5, count: ("--changes", 2000), force: false };
    tandem_bench::args::main(&tandem_bench::args::help(USAGE), args, |args| {
        crate::parse(&SPEC, "reconnect", args).and_then(|a| run(&a, a.count))
    })
}

fn run(args: &crate::Args, changes: usize) -> Result<(), String> {
    let meta = crate::ensure(args)?;
    let home = crate::generator::cache_dir(args.scale).join("home");
    let work = crate::join::work_dir(&home, "reconnect", args.scale);
    let mut all: Vec<Measured> = Vec::new();
    for run in 0..args.runs {
        eprintln!("  run {}/{}: sharing R and joining B …", run + 1, args.runs);
        let team = reconnect::setup(&home, &meta.project, &work, meta.last_time + 86_400_000)?;
        eprintln!("  run {}/{}: {changes} offline changes on each member, then reconnecting …", run + 1, args.runs);
        let measured = reconnect::run(&team, changes, args.seed.wrapping_add(run as u64));
        team.finish()?;
        let m = measured?;
        eprintln!(
            "  run {}/{}: equal heads after {:.0} ms; round trips A {} B {}; bytes/needed A↑ {:.2} A↓ {:.2} B↑ {:.2} \
             B↓ {:.2}",
            run + 1,
            args.runs,
            ms(m.equal_heads),
            m.links[0].round_trips,
            m.links[1].round_trips,
            ratio(m.links[0].bytes_up, m.links[0].needed_up),
            ratio(m.links[0].bytes_down, m.links[0].needed_down),
            ratio(m.links[1].bytes_up, m.links[1].needed_up),
            ratio(m.links[1].bytes_down, m.links[1].needed_down),
        );
        all.push(m);
    }
    let _ = std::fs::remove_dir_all(&work);
    let command = format!(
        "cargo run -p tandem-bench --release -- reconnect --scale {} --runs {} --changes {changes}{}",
        args.scale,
        args.runs,
        crate::seed_arg(args)
    );
    report::header(&meta, args.runs, &command);
    println!(
        "server:   tandem_sync_server in this process on 127.0.0.1 (own 2-thread tokio runtime, fresh data dir per \
         run); A and B are tandem_client profiles in this process, each connected through a counting proxy"
    );
    print_table(&all, changes);
    print_details(&all[0]);
    Ok(())
}

fn ratio(bytes: u64, needed: u64) -> f64 {
    if needed == 0 { f64::NAN } else { bytes as f64 / needed as f64 }
}

/// Total bytes over all four directions against the minimum: each side's changes cross twice
/// (up to the server, down to the other member).
fn overall_ratio(m: &Measured) -> f64 {
    let sent: u64 = m.links.iter().map(|l| l.bytes_up + l.bytes_down).sum();
    ratio(sent, 2 * (m.a.change_bytes + m.b.change_bytes))
}

fn print_table(all: &[Measured], changes: usize) {
    let row = |name: &str, unit: &str, f: &dyn Fn(&Measured) -> f64, goal: Option<f64>| {
        let v: Vec<f64> = all.iter().map(f).collect();
        Row {
            name: name.to_owned(),
            unit: unit.to_owned(),
            median: report::median(v.clone()),
            min: v.iter().copied().fold(f64::INFINITY, f64::min),
            max: v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            goal,
        }
    };
    let kb = |b: u64| b as f64 / 1e3;
    let d = |x: Duration| ms(x);
    let per_change = |m: &Measured| ms((m.a.execute + m.b.execute) / (m.a.hashes.len() + m.b.hashes.len()) as u32);
    let mut rows = vec![
        row("offline: execute per change (A and B, fsynced)", "ms", &per_change, None),
        row("offline: A's changes, raw bytes (what B lacks)", "kB", &|m| kb(m.a.change_bytes), None),
        row("offline: B's changes, raw bytes (what A lacks)", "kB", &|m| kb(m.b.change_bytes), None),
        row("offline: A's changes as one save_after chunk", "kB", &|m| kb(m.a.save_after_bytes), None),
        row("reconnect: the two connect() calls", "ms", &|m| d(m.connect_calls), None),
        row("reconnect: A has everything", "ms", &|m| d(m.a_done), None),
        row("reconnect: B has everything", "ms", &|m| d(m.b_done), None),
        row("reconnect: the server has everything", "ms", &|m| d(m.server_done), None),
        row("reconnect: EQUAL HEADS (A, B and server)", "ms", &|m| d(m.equal_heads), Some(GOAL_MS)),
        row(
            "ROUND TRIPS (worst connection)",
            "",
            &|m| m.links.iter().map(|l| l.round_trips).max().unwrap_or(0) as f64,
            Some(GOAL_ROUND_TRIPS),
        ),
        row("BYTES / NEEDED, all four directions", "x", &overall_ratio, Some(GOAL_BYTES_RATIO)),
    ];
    for (i, who) in ["A", "B"].iter().enumerate() {
        let l = move |m: &Measured| m.links[i].clone();
        let f = move |g: fn(&Link) -> f64| move |m: &Measured| g(&l(m));
        rows.extend([
            row(&format!("{who}: sync messages up (member → server)"), "", &f(|l| l.sync_up as f64), None),
            row(&format!("{who}: sync messages down (server → member)"), "", &f(|l| l.sync_down as f64), None),
            row(&format!("{who}: all protocol messages up / down"), "", &f(|l| l.messages_up as f64), None),
            row(&format!("{who}:   … down"), "", &f(|l| l.messages_down as f64), None),
            row(&format!("{who}: round trips (turns / 2, rounded up)"), "", &f(|l| l.round_trips as f64), None),
            row(&format!("{who}: bytes up"), "kB", &f(|l| l.bytes_up as f64 / 1e3), None),
            row(&format!("{who}: bytes up / needed"), "x", &f(|l| ratio(l.bytes_up, l.needed_up)), Some(1.5)),
            row(&format!("{who}: bytes down"), "kB", &f(|l| l.bytes_down as f64 / 1e3), None),
            row(&format!("{who}: bytes down / needed"), "x", &f(|l| ratio(l.bytes_down, l.needed_down)), Some(1.5)),
            row(&format!("{who}: change bytes carried up"), "kB", &f(|l| l.change_bytes_up as f64 / 1e3), None),
            row(&format!("{who}: bloom-filter bytes up"), "kB", &f(|l| l.bloom_bytes_up as f64 / 1e3), None),
            row(&format!("{who}: change bytes carried down"), "kB", &f(|l| l.change_bytes_down as f64 / 1e3), None),
            row(&format!("{who}: bloom-filter bytes down"), "kB", &f(|l| l.bloom_bytes_down as f64 / 1e3), None),
        ]);
    }
    report::table(&format!("Workload reconnect ({changes} offline changes per member)"), &rows);
}

fn print_details(m: &Measured) {
    println!("\nThe first run in detail:");
    for (who, o) in [("A", &m.a), ("B", &m.b)] {
        let kinds: Vec<String> = o.by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
        println!(
            "  {who} offline: {} changes ({}), {} refused by the core and replaced",
            o.hashes.len(),
            kinds.join(", "),
            o.refused
        );
    }
    for (who, l) in [("A", &m.links[0]), ("B", &m.links[1])] {
        let kinds: Vec<String> = l.kinds.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
        println!(
            "  {who}'s connection: {}; {} sync turns; TCP {:.1} kB up, {:.1} kB down",
            kinds.join(", "),
            l.turns,
            l.tcp_up as f64 / 1e3,
            l.tcp_down as f64 / 1e3
        );
        for u in &l.undecodable {
            println!("    not read: {u}");
        }
    }
    println!("  Messages on the two connections, ms since the first connect():");
    for (at, who, x) in &m.timeline {
        let arrow = match x.dir {
            tandem_bench::wsproxy::Dir::Up => format!("{} → server", ["A", "B"][*who]),
            tandem_bench::wsproxy::Dir::Down => format!("server → {}", ["A", "B"][*who]),
        };
        println!(
            "    {:>8.1} ms  {arrow:<12} {:<6} {:>8} B  (changes chunk {} B, bloom {} B, heads {})",
            ms(*at),
            x.kind,
            x.wire_bytes,
            x.change_bytes,
            x.bloom_bytes,
            x.heads.len()
        );
    }
    if m.stray > 0 {
        println!("  {} messages on other connections after the reconnect", m.stray);
    }
    println!(
        "\nEach run: a fresh server with a counting TCP proxy in front; A (a copy of the cached R profile) shares R \
         through the proxy, a fresh profile B joins; both close. Offline: both open without connecting and each runs \
         its changes through `Client::execute` (mix: ~30% task titles, ~15% task status, ~25% log entries, ~30% \
         meeting-notes typing in ~20-character splices at the end of three meetings' notes that both type in). \
         Reconnect: `connect()` on A then B; the clock runs from the first call until A's, B's and the server's \
         heads all equal the union of A's and B's offline heads (polled every ~2 ms), then messages are counted \
         until none came for 0.5 s. Round trips: on each member's connection, the sync messages about the project in \
         the order the proxy saw them form runs of one direction (turns); round trips = turns / 2, rounded up. Bytes \
         are WebSocket messages with their framing; needed = the raw bytes of the changes the receiving side lacked \
         (`Change::raw_bytes` of `get_changes(common heads)` of the sender). Checked: every offline change of each \
         member is in the other's document."
    );
}
