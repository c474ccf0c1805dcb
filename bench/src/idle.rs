//! The `idle` workload: N authenticated connections (on our server each has its own member
//! token; each did the handshake and synced its project, then sits idle answering pings), and
//! what each costs the server process in resident memory.
//!
//! RSS per connection = (VmRSS after all N clients synced and sat for `--settle` − VmRSS after
//! the first member of each project connected and pushed it) / (N − those first members). So
//! the documents themselves and the server's start-up memory are not counted against the
//! connections.

use std::time::Duration;

use crate::procstat::{self, Sampler};
use crate::relay::{Opts, Swarm};
use crate::report::{self, Bound, Row};
use crate::servers::Kind;

/// BENCHMARKS.md: ≥ 20,000 idle connections per GB (GB taken as GiB, 1,048,576 KiB).
const CONNS_PER_GIB_GOAL: f64 = 20_000.0;
const KIB_PER_GIB: f64 = 1024.0 * 1024.0;

#[derive(Debug, Clone)]
struct Measured {
    kib_per_conn: f64,
    rss_mb: f64,
    base_rss_mb: f64,
    idle_cpu_percent: f64,
    setup_s: f64,
    retries: f64,
}

async fn measure(kind: Kind, opts: &Opts, conns: usize, salt: u64) -> Result<Measured, String> {
    let swarm = Swarm::start(kind, opts, conns, salt).await?;
    let (firsts, base) = swarm.after_firsts;
    let sampler = Sampler::start(swarm.server.pid, Duration::from_millis(500))?;
    tokio::time::sleep(opts.settle).await;
    let usage = sampler.finish()?;
    let after = procstat::sample(swarm.server.pid)?;
    let setup_s = swarm.setup_time.as_secs_f64();
    let retries = (swarm.shared.handshake_retries.load(std::sync::atomic::Ordering::SeqCst)
        + swarm.server.http_retries.load(std::sync::atomic::Ordering::SeqCst)) as f64;
    let out = swarm.finish().await;
    if let Some(e) = out.errors.first() {
        return Err(format!(
            "{} server, {conns} idle connections: {} clients failed, first: {e}",
            kind.name(),
            out.errors.len()
        ));
    }
    let counted = conns.saturating_sub(firsts).max(1);
    Ok(Measured {
        kib_per_conn: after.rss_kib.saturating_sub(base.rss_kib) as f64 / counted as f64,
        rss_mb: after.rss_kib as f64 / 1024.0,
        base_rss_mb: base.rss_kib as f64 / 1024.0,
        idle_cpu_percent: usage.cpu_percent(),
        setup_s,
        retries,
    })
}

pub async fn run(opts: &Opts) -> Result<(), String> {
    println!(
        "load:     {} idle connections, each a member of one of {} projects (synced once, then idle), {:?} settle, \
         {} run(s); servers: {}",
        opts.levels.iter().map(ToString::to_string).collect::<Vec<_>>().join(" / "),
        opts.docs,
        opts.settle,
        opts.runs,
        opts.servers.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
    );
    let limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|l| l.starts_with("Max open files"))
                .map(|l| l.split_whitespace().nth(3).unwrap_or("?").to_owned())
        })
        .unwrap_or_else(|| "?".into());
    println!("          open-file limit (soft) of this process and the servers it starts: {limit}");
    if let (Ok(n), Some(&max)) = (limit.parse::<usize>(), opts.levels.iter().max())
        && max + 100 > n
    {
        return Err(format!(
            "{max} connections need more than the open-file limit {n} allows; raise it (e.g. `ulimit -n {}` in the \
             shell that runs the benchmark) or ask for fewer with --conns",
            max + 1024
        ));
    }
    let mut results: Vec<Vec<Vec<Measured>>> = vec![vec![Vec::new(); opts.levels.len()]; opts.servers.len()];
    for run in 0..opts.runs {
        for (li, &conns) in opts.levels.iter().enumerate() {
            for (si, &kind) in opts.servers.iter().enumerate() {
                let salt = ((run as u64) << 40) | ((li as u64) << 20) | si as u64 | 0x1d1e_0000_0000_0000;
                eprintln!("run {}/{}: {} server, {conns} idle connections …", run + 1, opts.runs, kind.name());
                let m = measure(kind, opts, conns, salt).await?;
                eprintln!(
                    "  {:.1} KiB per connection, RSS {:.0} MB (base {:.0} MB)",
                    m.kib_per_conn, m.rss_mb, m.base_rss_mb
                );
                results[si][li].push(m);
            }
        }
    }
    let row = |name: String, unit: &str, values: Vec<f64>, goal: Option<f64>| Row {
        name,
        unit: unit.into(),
        min: values.iter().copied().fold(f64::INFINITY, f64::min),
        max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        median: report::median(values),
        goal,
    };
    for (si, &kind) in opts.servers.iter().enumerate() {
        let mut rows = Vec::new();
        for (li, &conns) in opts.levels.iter().enumerate() {
            let runs = &results[si][li];
            let col = |f: fn(&Measured) -> f64| runs.iter().map(f).collect::<Vec<f64>>();
            rows.push((
                row(
                    format!("{conns} conns: RSS PER CONNECTION"),
                    "KiB",
                    col(|m| m.kib_per_conn),
                    Some(KIB_PER_GIB / CONNS_PER_GIB_GOAL),
                ),
                Bound::AtMost,
            ));
            rows.push((
                row(
                    format!("{conns} conns: CONNECTIONS PER GiB"),
                    "",
                    col(|m| KIB_PER_GIB / m.kib_per_conn.max(1e-9)),
                    Some(CONNS_PER_GIB_GOAL),
                ),
                Bound::AtLeast,
            ));
            rows.push((
                row(format!("{conns} conns: server RSS with them"), "MB", col(|m| m.rss_mb), None),
                Bound::AtMost,
            ));
            rows.push((
                row(format!("{conns} conns: server RSS before (projects loaded)"), "MB", col(|m| m.base_rss_mb), None),
                Bound::AtMost,
            ));
            rows.push((
                row(
                    format!("{conns} conns: server CPU while idle (% of a core)"),
                    "%",
                    col(|m| m.idle_cpu_percent),
                    None,
                ),
                Bound::AtMost,
            ));
            rows.push((
                row(format!("{conns} conns: setup (tokens, connect, sync)"), "s", col(|m| m.setup_s), None),
                Bound::AtMost,
            ));
            rows.push((
                row(format!("{conns} conns: setup calls refused (db locked), retried"), "", col(|m| m.retries), None),
                Bound::AtMost,
            ));
        }
        let paired: Vec<(&Row, Bound)> = rows.iter().map(|(r, b)| (r, *b)).collect();
        report::table_bounded(&format!("Workload idle, {} server", kind.name()), &paired);
    }
    Ok(())
}
