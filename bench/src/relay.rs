//! The `relay` and `relay-vs-node` workloads: N clients over D projects, each client one edit per
//! second, against our server and the Node reference server (each its own process, fresh for
//! every load level, levels interleaved so both see the same machine). Measures fan-out latency
//! (edit at A → applied at another member B), server CPU and RSS, and checks that every edit
//! reached every other member of its document.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures::StreamExt;
use tandem_bench::args::{self, Flags};
use tokio::sync::watch;

use crate::loadgen::{self, ClientSpec, DocSpec, Phase, Shared};
use crate::procstat::{self, Sample, Sampler};
use crate::report::{self, Bound, Row};
use crate::servers::{self, Kind, ServerProc};

const USAGE: &str = "usage: tandem-bench <relay|relay-vs-node> [--clients 10,100,1000] [--docs 100] [--duration SECS (60)] \
     [--warmup SECS (5)] [--rate EDITS_PER_SEC_PER_CLIENT (1)] [--runs N (1)] [--servers ours,node] [--smoke] \
     [--ours-bin PATH]\n       tandem-bench idle [--conns 1000,5000,10000] [--docs 100] [--settle SECS (5)] [--runs N (1)] \
     [--servers ours,node] [--smoke] [--ours-bin PATH]";

/// `tandem-bench <relay|relay-vs-node|idle> …` (`workload`), with the flags `args`.
pub fn main(workload: &str, args: Vec<String>) -> ExitCode {
    args::main(&args::help(USAGE), args, |rest| {
        let opts = parse(workload, &rest)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the runtime: {e}"))?;
        let command = format!("cargo run -p tandem-bench --release -- {workload} {}", rest.join(" "));
        report::machine(command.trim_end());
        if workload == "idle" {
            runtime.block_on(crate::idle::run(&opts))
        } else {
            runtime.block_on(run(workload, &opts))
        }
    })
}

/// Options of the three workloads.
#[derive(Debug, Clone)]
pub struct Opts {
    /// Load levels: clients (relay) or connections (idle).
    pub levels: Vec<usize>,
    pub docs: usize,
    pub duration: Duration,
    pub warmup: Duration,
    pub rate: f64,
    pub runs: usize,
    pub servers: Vec<Kind>,
    pub ours_bin: std::path::PathBuf,
    /// Idle: how long connections sit before the memory reading.
    pub settle: Duration,
    /// Longest wait after the edits stop for the last deliveries.
    pub drain: Duration,
}

fn parse(workload: &str, args: &[String]) -> Result<Opts, String> {
    let idle = workload == "idle";
    let mut o = Opts {
        levels: if idle { vec![1_000, 5_000, 10_000] } else { vec![10, 100, 1_000] },
        docs: 100,
        duration: Duration::from_secs(60),
        warmup: Duration::from_secs(5),
        rate: 1.0,
        runs: 1,
        servers: if workload == "relay" { vec![Kind::Ours] } else { vec![Kind::Ours, Kind::Node] },
        ours_bin: servers::default_ours_bin(),
        settle: Duration::from_secs(5),
        drain: Duration::from_secs(30),
    };
    let mut flags = Flags::new(args.iter().cloned(), USAGE);
    let secs = |v: &str, name: &str| -> Result<Duration, String> {
        v.parse::<f64>()
            .ok()
            .filter(|s| *s >= 0.0 && s.is_finite())
            .map(Duration::from_secs_f64)
            .ok_or_else(|| format!("{name} takes seconds, such as 60 or 2.5"))
    };
    while let Some(a) = flags.next() {
        match a.as_str() {
            "--clients" | "--conns" => {
                o.levels = flags
                    .value(&a)?
                    .split(',')
                    .map(|s| s.trim().parse::<usize>().ok().filter(|n| *n >= 2))
                    .collect::<Option<Vec<_>>>()
                    .ok_or(format!("{a} takes a comma-separated list of whole numbers ≥ 2, such as 10,100,1000"))?;
            }
            "--docs" => {
                o.docs =
                    flags.value("--docs")?.parse().ok().filter(|n| *n >= 1).ok_or("--docs takes a whole number ≥ 1")?
            }
            "--duration" => o.duration = secs(&flags.value("--duration")?, "--duration")?,
            "--warmup" => o.warmup = secs(&flags.value("--warmup")?, "--warmup")?,
            "--settle" => o.settle = secs(&flags.value("--settle")?, "--settle")?,
            "--drain" => o.drain = secs(&flags.value("--drain")?, "--drain")?,
            "--rate" => {
                o.rate = flags
                    .value("--rate")?
                    .parse::<f64>()
                    .ok()
                    .filter(|r| *r > 0.0 && *r <= 1000.0)
                    .ok_or("--rate takes edits per second per client, in (0, 1000]")?
            }
            "--runs" => {
                o.runs =
                    flags.value("--runs")?.parse().ok().filter(|n| *n >= 1).ok_or("--runs takes a whole number ≥ 1")?
            }
            "--servers" => {
                o.servers = flags
                    .value("--servers")?
                    .split(',')
                    .map(|s| match s.trim() {
                        "ours" => Ok(Kind::Ours),
                        "node" => Ok(Kind::Node),
                        other => Err(format!("--servers takes ours, node or ours,node (not {other:?})")),
                    })
                    .collect::<Result<Vec<_>, _>>()?
            }
            "--ours-bin" => o.ours_bin = flags.value("--ours-bin")?.into(),
            "--smoke" => {
                if idle {
                    o.levels = vec![200];
                    o.settle = Duration::from_secs(1);
                } else {
                    o.levels = vec![10, 100];
                    o.duration = Duration::from_secs(6);
                    o.warmup = Duration::from_secs(1);
                }
            }
            other => return Err(flags.unknown(other)),
        }
    }
    if o.warmup >= o.duration && !idle {
        return Err(format!("--warmup ({:?}) must be shorter than --duration ({:?})", o.warmup, o.duration));
    }
    if o.servers.is_empty() {
        return Err("--servers names no server".into());
    }
    Ok(o)
}

/// A server with its documents registered and a set of connected, synced clients.
pub struct Swarm {
    pub server: ServerProc,
    pub shared: Arc<Shared>,
    pub membership: Vec<Vec<usize>>,
    phase: watch::Sender<Phase>,
    tasks: Vec<tokio::task::JoinHandle<loadgen::ClientReport>>,
    /// When the clients were all connected and synced.
    pub setup_time: Duration,
    /// The server process after the first members of every document connected and pushed it
    /// (`.0` clients), and after all clients did (`.1` of them).
    pub after_firsts: (usize, Sample),
    pub after_all: (usize, Sample),
}

impl Swarm {
    /// Starts `kind`, creates `docs` projects (registered, with one member token per client on
    /// our server) and connects `clients` clients; returns once every client synced every one
    /// of its documents. The first member of each document pushes it before the others connect.
    pub async fn start(kind: Kind, opts: &Opts, clients: usize, salt: u64) -> Result<Swarm, String> {
        let server = match kind {
            Kind::Ours => ServerProc::start_ours(&opts.ours_bin)?,
            Kind::Node => ServerProc::start_node()?,
        };
        let began = Instant::now();
        let docs_n = opts.docs;
        let docs: Arc<Vec<DocSpec>> = Arc::new(loadgen::seed_docs(docs_n, salt));
        let membership = loadgen::membership(clients, docs_n);
        let mut members = vec![0usize; docs_n];
        for m in &membership {
            for &d in m {
                members[d] += 1;
            }
        }
        let ids: Vec<_> = docs.iter().map(|d| d.id.clone()).collect();
        server.register(&ids).await?;
        let tokens: Vec<Option<String>> = futures::stream::iter(membership.iter().enumerate())
            .map(|(c, m)| {
                let mine: Vec<_> = m.iter().map(|&d| ids[d].clone()).collect();
                let server = &server;
                async move { server.member_token(&format!("bench member {c}"), &mine).await }
            })
            // One at a time: concurrent `POST /v1/join` calls fail with 500 on our server (SQLite
            // answers SQLITE_BUSY when a deferred transaction upgrades to a write; see bench/README.md).
            .buffered(1)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<Result<_, _>>()?;
        let shared = Shared::new(members, 64);
        let (phase, phase_rx) = watch::channel(Phase::Hold);
        // The first member of each document goes first, alone, so the server gets each document once.
        let mut first_seen = vec![false; docs_n];
        let mut firsts = Vec::new();
        let mut rest = Vec::new();
        for (c, m) in membership.iter().enumerate() {
            let mut first = false;
            for &d in m {
                first |= !first_seen[d];
                first_seen[d] = true;
            }
            if first { firsts.push(c) } else { rest.push(c) }
        }
        let none = procstat::sample(server.pid)?;
        let mut swarm = Swarm {
            server,
            shared,
            membership,
            phase,
            tasks: Vec::new(),
            setup_time: Duration::ZERO,
            after_firsts: (0, none),
            after_all: (0, none),
        };
        for (g, group) in [firsts, rest].into_iter().enumerate() {
            let want = swarm.tasks.len() + group.len();
            for c in group {
                let spec = ClientSpec {
                    index: c,
                    url: swarm.server.ws_url(tokens[c].as_deref()),
                    docs: swarm.membership[c].clone(),
                };
                swarm.tasks.push(tokio::spawn(loadgen::run_client(
                    spec,
                    swarm.shared.clone(),
                    docs.clone(),
                    phase_rx.clone(),
                )));
            }
            swarm.wait_ready(want).await?;
            let sample = (want, procstat::sample(swarm.server.pid)?);
            if g == 0 {
                swarm.after_firsts = sample;
            }
            swarm.after_all = sample;
        }
        swarm.setup_time = began.elapsed();
        Ok(swarm)
    }

    async fn wait_ready(&mut self, want: usize) -> Result<(), String> {
        let deadline = Instant::now() + loadgen::SETUP_TIMEOUT + Duration::from_secs(want as u64 / 50);
        loop {
            let ready = self.shared.ready.load(Ordering::SeqCst);
            if ready >= want {
                return Ok(());
            }
            if self.shared.failed.load(Ordering::SeqCst) > 0 || Instant::now() > deadline || !self.server.alive() {
                let _ = self.phase.send(Phase::Stop);
                let mut errors = Vec::new();
                for t in self.tasks.drain(..) {
                    if let Ok(r) = t.await {
                        errors.extend(r.error);
                    }
                }
                let status = self.server.status();
                let log = std::fs::read_to_string(self.server.log()).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(5).collect();
                return Err(format!(
                    "{} server: {ready} of {want} clients ready; first errors: {:?}; server {status}, log tail: {tail:?}",
                    self.server.kind.name(),
                    errors.iter().take(3).collect::<Vec<_>>()
                ));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn set(&self, phase: Phase) {
        let _ = self.phase.send(phase);
    }

    /// Stops every client and merges what they saw.
    pub async fn finish(mut self) -> loadgen::Outcome {
        self.set(Phase::Stop);
        let mut reports = Vec::new();
        for t in self.tasks.drain(..) {
            match t.await {
                Ok(r) => reports.push(r),
                Err(e) => reports
                    .push(loadgen::ClientReport { error: Some(format!("client task: {e}")), ..Default::default() }),
            }
        }
        loadgen::outcome(reports, &self.membership)
    }
}

/// One measured run of one server at one load level.
#[derive(Debug, Clone)]
struct Measured {
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    edits_per_s: f64,
    cpu_percent: f64,
    cpu_ms_per_edit: f64,
    peak_rss_mb: f64,
    gen_cpu_percent: f64,
    /// CPU of the server and of the load generator per delivery the measured edits owe
    /// (microseconds; below saturation every owed delivery happens within the window).
    server_us_per_delivery: f64,
    gen_us_per_delivery: f64,
    setup_s: f64,
    deliveries: u64,
    /// Handshakes our server closed with "database is locked" (retried).
    retries: f64,
    /// Deliveries still missing when the drain ended.
    missing: f64,
    /// Of those, deliveries of measured edits (counted as infinitely late in the percentiles).
    never: f64,
    /// Clients whose connection failed during the run.
    failed_clients: f64,
}

async fn measure(kind: Kind, opts: &Opts, clients: usize, salt: u64) -> Result<Measured, String> {
    let swarm = Swarm::start(kind, opts, clients, salt).await?;
    let sh = swarm.shared.clone();
    let from = Instant::now() + Duration::from_millis(200);
    let period = Duration::from_secs_f64(1.0 / opts.rate);
    let measure_from = from + opts.warmup;
    let measure_to = from + opts.duration;
    sh.measure_from_us.store(measure_from.duration_since(sh.base).as_micros() as u64, Ordering::SeqCst);
    sh.measure_to_us.store(measure_to.duration_since(sh.base).as_micros() as u64, Ordering::SeqCst);
    swarm.set(Phase::Edit { from, period });
    tokio::time::sleep_until(measure_from.into()).await;
    let edits_before = sh.edits.load(Ordering::SeqCst);
    let server_sampler = Sampler::start(swarm.server.pid, Duration::from_millis(500))?;
    let gen_sampler = Sampler::start(std::process::id(), Duration::from_millis(500))?;
    tokio::time::sleep_until(measure_to.into()).await;
    let edits = sh.edits.load(Ordering::SeqCst) - edits_before;
    let server_usage = server_sampler.finish()?;
    let gen_usage = gen_sampler.finish()?;
    swarm.set(Phase::Drain);
    let drain_from = Instant::now();
    let drain_until = drain_from + opts.drain;
    // An edit a client made as the drain began still counts: deliveries are compared with what
    // is owed only once every client has stopped editing.
    let clients_n = swarm.membership.len();
    while (sh.drained.load(Ordering::SeqCst) + sh.failed.load(Ordering::SeqCst) < clients_n
        || sh.delivered.load(Ordering::SeqCst) < sh.expected.load(Ordering::SeqCst))
        && Instant::now() < drain_until
    {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let drained = format!(
        "the drain {} after {:.1}s with {} of {} deliveries counted",
        if Instant::now() >= drain_until { "timed out" } else { "ended" },
        drain_from.elapsed().as_secs_f64(),
        sh.delivered.load(Ordering::SeqCst),
        sh.expected.load(Ordering::SeqCst)
    );
    let setup_s = swarm.setup_time.as_secs_f64();
    let http_retries = swarm.server.http_retries.load(Ordering::SeqCst);
    let out = swarm.finish().await;
    let name = kind.name();
    if !out.errors.is_empty() {
        // A server that drops clients under load has that counted against it (their deliveries
        // never arrive, so its percentiles go to infinity), and the other levels still run.
        println!(
            "check {name} {clients} clients: FAILED: {} clients lost their connection during the edits, first: {}",
            out.errors.len(),
            out.errors[0]
        );
    }
    let missing: u64 = out.missing.iter().map(|&(_, _, _, made, seen)| made.saturating_sub(seen)).sum();
    if let Some(&(doc, author, receiver, made, seen)) = out.missing.first() {
        // Reported in the table and fails the run at the end, after every level is printed.
        println!(
            "check {name} {clients} clients: FAILED: {missing} of {} deliveries missing {:?} after the edits stopped; \
             e.g. client {receiver} saw {seen} of the {made} edits client {author} made to document {doc}; \
             {} changes had arrived but still waited for a dependency; {drained}",
            out.owed, opts.drain, out.waiting
        );
    } else {
        println!(
            "check {name} {clients} clients: every edit seen by every other member of its document ({} of {} deliveries)",
            out.owed, out.owed
        );
    }
    let window = server_usage.wall.as_secs_f64();
    let lat: Vec<Duration> = out.latencies_us.iter().map(|&us| Duration::from_micros(u64::from(us))).collect();
    // Deliveries of measured edits that never arrived (within the drain) have no latency: they
    // count as infinitely late, so a server that drops fan-out cannot show a good p99, and a run
    // that delivered nothing reads infinite, not 0 ms, against the goal and in the ratios.
    let owed = sh.owed_measured.load(Ordering::SeqCst);
    let never = owed.saturating_sub(lat.len() as u64);
    let ms = |p: f64| {
        let owed = owed.max(lat.len() as u64);
        if owed == 0 || (p * owed as f64).ceil() as u64 > lat.len() as u64 {
            return f64::INFINITY;
        }
        // The nearest rank among all owed deliveries, which is among the arrived ones.
        report::percentile(&lat, p * owed as f64 / lat.len() as f64).as_secs_f64() * 1e3
    };
    Ok(Measured {
        p50_ms: ms(0.50),
        p99_ms: ms(0.99),
        max_ms: ms(1.0),
        edits_per_s: edits as f64 / window,
        cpu_percent: server_usage.cpu_percent(),
        cpu_ms_per_edit: server_usage.cpu_seconds * 1e3 / (edits.max(1) as f64),
        peak_rss_mb: server_usage.peak_rss_kib as f64 / 1024.0,
        gen_cpu_percent: gen_usage.cpu_percent(),
        server_us_per_delivery: server_usage.cpu_seconds * 1e6 / owed.max(1) as f64,
        gen_us_per_delivery: gen_usage.cpu_seconds * 1e6 / owed.max(1) as f64,
        setup_s,
        deliveries: lat.len() as u64,
        retries: (sh.handshake_retries.load(Ordering::SeqCst) + http_retries) as f64,
        missing: missing as f64,
        never: never as f64,
        failed_clients: out.errors.len() as f64,
    })
}

fn row(name: String, unit: &str, values: &[f64], goal: Option<f64>) -> Row {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Row { name, unit: unit.into(), median: report::median(values.to_vec()), min, max, goal }
}

/// The p99 goal of BENCHMARKS.md (at 1,000 clients), ms.
const P99_GOAL_MS: f64 = 30.0;

async fn run(workload: &str, opts: &Opts) -> Result<(), String> {
    println!(
        "load:     {} clients over up to {} projects (each client in max(1, ceil(2·projects/clients)) of them), \
         {} edit(s)/s per client, {:?} per level ({:?} warm-up not measured), {} run(s) per level; servers: {}",
        opts.levels.iter().map(ToString::to_string).collect::<Vec<_>>().join(" / "),
        opts.docs,
        opts.rate,
        opts.duration,
        opts.warmup,
        opts.runs,
        opts.servers.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
    );
    println!(
        "          ours: {} (separate process, JSON logs at the default level); node: automerge-repo 2.5.6, \
         NodeWSServerAdapter + NodeFSStorageAdapter, sharePolicy false (bench/node/relay-server.mjs)",
        opts.ours_bin.display()
    );
    // results[server][level] = runs
    let mut results: Vec<Vec<Vec<Measured>>> = vec![vec![Vec::new(); opts.levels.len()]; opts.servers.len()];
    for run in 0..opts.runs {
        for (li, &clients) in opts.levels.iter().enumerate() {
            for (si, &kind) in opts.servers.iter().enumerate() {
                let salt = ((run as u64) << 40) | ((li as u64) << 20) | si as u64 | 0x7e1a_0000_0000_0000;
                eprintln!("run {}/{}: {} server, {clients} clients …", run + 1, opts.runs, kind.name());
                let m = measure(kind, opts, clients, salt).await?;
                eprintln!(
                    "  p50 {:.1} ms, p99 {:.1} ms, {:.0} edits/s, server CPU {:.0}%, peak RSS {:.0} MB, generator CPU {:.0}%",
                    m.p50_ms, m.p99_ms, m.edits_per_s, m.cpu_percent, m.peak_rss_mb, m.gen_cpu_percent
                );
                results[si][li].push(m);
            }
        }
    }
    for (si, &kind) in opts.servers.iter().enumerate() {
        let mut rows = Vec::new();
        for (li, &clients) in opts.levels.iter().enumerate() {
            let runs = &results[si][li];
            let col = |f: fn(&Measured) -> f64| runs.iter().map(f).collect::<Vec<f64>>();
            let goal = (clients == 1_000).then_some(P99_GOAL_MS);
            rows.push(row(format!("{clients} clients: fan-out p50"), "ms", &col(|m| m.p50_ms), None));
            rows.push(row(format!("{clients} clients: FAN-OUT p99"), "ms", &col(|m| m.p99_ms), goal));
            rows.push(row(format!("{clients} clients: fan-out max"), "ms", &col(|m| m.max_ms), None));
            rows.push(row(
                format!("{clients} clients: edits/s made (measured window)"),
                "/s",
                &col(|m| m.edits_per_s),
                None,
            ));
            rows.push(row(format!("{clients} clients: deliveries measured"), "", &col(|m| m.deliveries as f64), None));
            rows.push(row(
                format!("{clients} clients: server CPU (% of one core)"),
                "%",
                &col(|m| m.cpu_percent),
                None,
            ));
            rows.push(row(format!("{clients} clients: server CPU per edit"), "ms", &col(|m| m.cpu_ms_per_edit), None));
            rows.push(row(format!("{clients} clients: server peak RSS"), "MB", &col(|m| m.peak_rss_mb), None));
            rows.push(row(format!("{clients} clients: load generator CPU"), "%", &col(|m| m.gen_cpu_percent), None));
            rows.push(row(
                format!("{clients} clients: CPU per delivery owed: server"),
                "µs",
                &col(|m| m.server_us_per_delivery),
                None,
            ));
            rows.push(row(
                format!("{clients} clients: CPU per delivery owed: load generator"),
                "µs",
                &col(|m| m.gen_us_per_delivery),
                None,
            ));
            rows.push(row(
                format!("{clients} clients: setup (tokens, connect, first sync)"),
                "s",
                &col(|m| m.setup_s),
                None,
            ));
            rows.push(row(
                format!("{clients} clients: deliveries missing after the drain"),
                "",
                &col(|m| m.missing),
                None,
            ));
            rows.push(row(
                format!("{clients} clients: of those, of measured edits (count as ∞ late)"),
                "",
                &col(|m| m.never),
                None,
            ));
            rows.push(row(
                format!("{clients} clients: clients whose connection failed"),
                "",
                &col(|m| m.failed_clients),
                None,
            ));
            rows.push(row(
                format!("{clients} clients: setup calls refused (db locked), retried"),
                "",
                &col(|m| m.retries),
                None,
            ));
        }
        report::table(&format!("Workload relay, {} server", kind.name()), &rows);
    }
    if workload == "relay-vs-node" {
        let (Some(ours), Some(node)) =
            (opts.servers.iter().position(|k| *k == Kind::Ours), opts.servers.iter().position(|k| *k == Kind::Node))
        else {
            return Err("relay-vs-node needs --servers ours,node".into());
        };
        compare(opts, &results[ours], &results[node]);
    }
    let failed: f64 = results.iter().flatten().flatten().map(|m| m.failed_clients).sum();
    if failed > 0.0 {
        return Err(format!("{failed} clients lost their connection (see the check lines above)"));
    }
    let missing: f64 = results.iter().flatten().flatten().map(|m| m.missing).sum();
    if missing > 0.0 {
        return Err(format!("{missing} deliveries were still missing after the drain (see the check lines above)"));
    }
    Ok(())
}

/// The ratio table and the throughput at equal p99.
fn compare(opts: &Opts, ours: &[Vec<Measured>], node: &[Vec<Measured>]) {
    let med = |runs: &[Measured], f: fn(&Measured) -> f64| report::median(runs.iter().map(f).collect());
    let mut rows = Vec::new();
    let mut bounds = Vec::new();
    for (li, &clients) in opts.levels.iter().enumerate() {
        let ratio = |f: fn(&Measured) -> f64| -> Vec<f64> {
            ours[li].iter().zip(&node[li]).map(|(o, n)| 100.0 * f(o) / f(n)).collect()
        };
        for (name, f) in [
            ("p50", (|m: &Measured| m.p50_ms) as fn(&Measured) -> f64),
            ("p99", |m: &Measured| m.p99_ms),
            ("server CPU", |m: &Measured| m.cpu_percent),
        ] {
            rows.push(row(format!("{clients} clients: {name}, ours as % of node"), "%", &ratio(f), None));
            bounds.push(Bound::AtMost);
        }
        rows.push(row(
            format!("{clients} clients: SERVER PEAK RSS, ours as % of node"),
            "%",
            &ratio(|m| m.peak_rss_mb),
            Some(100.0 / 3.0),
        ));
        bounds.push(Bound::AtMost);
    }
    // Throughput at equal p99: the load (edits/s made) at which each server's p99 reaches the
    // relay goal's 30 ms, interpolated between the measured levels that bracket it. A level whose
    // p99 is infinite (deliveries that never arrived) brackets without interpolating, so the
    // estimate is its lower end; the ratio's min and max columns are what the brackets allow.
    let points = |runs: &[Vec<Measured>]| -> Vec<(f64, f64)> {
        runs.iter().map(|r| (med(r, |m| m.edits_per_s), med(r, |m| m.p99_ms))).collect()
    };
    let (op, np) = (points(ours), points(node));
    let (Some(last_ours), Some(last_node)) = (ours.last(), node.last()) else {
        return;
    };
    let (oc, nc) = (throughput_at(&op, P99_GOAL_MS), throughput_at(&np, P99_GOAL_MS));
    let ratio = 100.0 * oc.estimate / nc.estimate;
    let (ratio_low, ratio_high) = (100.0 * oc.low / nc.high, 100.0 * oc.high / nc.low);
    // A verdict only when the bracket decides it.
    let goal = (ratio_low >= 500.0 || ratio_high < 500.0).then_some(500.0);
    let mut thr_row =
        row(format!("THROUGHPUT AT EQUAL p99 ({P99_GOAL_MS} ms), ours as % of node"), "%", &[ratio], goal);
    (thr_row.min, thr_row.max) = (ratio_low, ratio_high);
    rows.push(thr_row);
    bounds.push(Bound::AtLeast);
    // What one core would carry, from the CPU each server spent per edit at the highest level.
    let capacity = |runs: &[Measured]| 1000.0 / med(runs, |m| m.cpu_ms_per_edit).max(1e-9);
    let (ours_cap, node_cap) = (capacity(last_ours), capacity(last_node));
    rows.push(row(
        "edits/s one core carries (from CPU per edit), ours as % of node".into(),
        "%",
        &[100.0 * ours_cap / node_cap],
        None,
    ));
    bounds.push(Bound::AtLeast);
    let paired: Vec<(&Row, Bound)> = rows.iter().zip(bounds).collect();
    report::table_bounded(
        "Workload relay-vs-node: ours as % of Node (under 100% is better for ours, except throughput)",
        &paired,
    );
    let said = |c: &Crossing| -> String {
        if c.high.is_infinite() {
            format!("p99 stayed ≤ {P99_GOAL_MS} ms up to the highest level, {:.0} edits/s (a lower bound)", c.low)
        } else if c.low == 0.0 {
            format!("p99 was over {P99_GOAL_MS} ms already at the lowest level, {:.0} edits/s", c.high)
        } else {
            format!(
                "p99 crosses {P99_GOAL_MS} ms between {:.0} and {:.0} edits/s, estimate {:.0}",
                c.low, c.high, c.estimate
            )
        }
    };
    println!(
        "\nThroughput at equal p99 ({P99_GOAL_MS} ms, the relay goal): ours: {}; node: {}. A delivery that never \
         arrived counts as infinitely late. Points (edits/s, p99 ms): ours {op:.1?}, node {np:.1?}.\n\
         CPU per edit at the highest level: ours {:.3} ms, node {:.3} ms, so one core would carry about {ours_cap:.0} \
         edits/s (ours) and {node_cap:.0} edits/s (node) if CPU were the only limit (an extrapolation, not measured).",
        said(&oc),
        said(&nc),
        1000.0 / ours_cap,
        1000.0 / node_cap,
    );
}

/// Where a server's p99 crosses a target, as a bracket of throughputs.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Crossing {
    /// The best guess: linear between the bracketing levels when both p99s are finite, else
    /// the lower end.
    estimate: f64,
    /// A throughput at which p99 was within the target (0 if none was).
    low: f64,
    /// A throughput at which p99 was over it (infinity if none was).
    high: f64,
}

/// Where p99 crosses `target`, from (throughput, p99) points (sorted here by throughput).
fn throughput_at(points: &[(f64, f64)], target: f64) -> Crossing {
    let mut pts = points.to_vec();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut low = (0.0, 0.0);
    for &(x, y) in &pts {
        if y > target {
            let estimate =
                if y.is_finite() && y > low.1 { low.0 + (target - low.1) / (y - low.1) * (x - low.0) } else { low.0 };
            return Crossing { estimate, low: low.0, high: x };
        }
        low = (x, y);
    }
    Crossing { estimate: low.0, low: low.0, high: f64::INFINITY }
}

#[cfg(test)]
mod tests {
    use super::{Crossing, throughput_at};

    #[test]
    fn throughput_at_interpolates_or_bounds() {
        let pts = [(1000.0, 13.0), (10.0, 2.0), (100.0, 3.0)];
        assert_eq!(throughput_at(&pts, 8.0), Crossing { estimate: 550.0, low: 100.0, high: 1000.0 });
        assert_eq!(throughput_at(&pts, 20.0), Crossing { estimate: 1000.0, low: 1000.0, high: f64::INFINITY });
        // Never delivered: infinitely late; the crossing is bracketed but not interpolated.
        let lost = [(10.0, 2.0), (100.0, 3.0), (1000.0, f64::INFINITY)];
        assert_eq!(throughput_at(&lost, 8.0), Crossing { estimate: 100.0, low: 100.0, high: 1000.0 });
        // Over the target at the lowest level: from zero.
        assert_eq!(throughput_at(&[(10.0, 40.0)], 30.0), Crossing { estimate: 7.5, low: 0.0, high: 10.0 });
    }

    #[test]
    fn memberships_give_every_document_two_members() {
        for (clients, docs) in [(10, 100), (100, 100), (1000, 100), (3, 2), (2, 100)] {
            let m = crate::loadgen::membership(clients, docs);
            let docs_used = docs.min(clients * m[0].len());
            for d in 0..docs_used {
                let members = m.iter().filter(|c| c.contains(&d)).count();
                assert!(members >= 2, "{clients} clients, {docs} docs: document {d} has {members} members");
            }
        }
    }
}
