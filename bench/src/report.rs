//! Printing: the machine and versions, and tables of medians beside their goals.

use std::time::Duration;

use crate::generator::Meta;

/// One measured metric over the runs.
#[derive(Debug)]
pub struct Row {
    pub name: String,
    pub unit: String,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// The goal from BENCHMARKS.md (an upper bound), if the metric has one.
    pub goal: Option<f64>,
}

pub fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// The `p` quantile (nearest rank) of the durations.
pub fn percentile(v: &[Duration], p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    let mut s = v.to_vec();
    s.sort_unstable();
    let rank = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len());
    s[rank - 1]
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().into())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn mem_total() -> String {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_owned()))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| format!("{:.1} GB", kb / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into())
}

/// The date, the command, the machine (with its load average) and the versions.
pub fn machine(command: &str) {
    println!("tandem-bench  {}", chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC"));
    println!("command:  {command}");
    println!(
        "machine:  {} cores ({}), {} RAM, load average {}",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        cpu_model(),
        mem_total(),
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    );
    println!(
        "versions: automerge {}, samod {}, {}, profile {}",
        env!("BENCH_AUTOMERGE_VERSION"),
        env!("BENCH_SAMOD_VERSION"),
        env!("BENCH_RUSTC_VERSION"),
        if cfg!(debug_assertions) { "debug (numbers are meaningless; use --release)" } else { "release" }
    );
}

/// Machine, versions, the data set and the command.
pub fn header(meta: &Meta, runs: usize, command: &str) {
    let s = &meta.spec;
    machine(command);
    println!(
        "data:     R x {} (seed {:#x}): {} members, {} tasks, {} log entries, {} meetings (~{} B notes), {} risks, \
         {} decisions, {} requests, {} deliverables; {} changes, snapshot {:.1} MB; views as of {}",
        s.scale,
        s.seed,
        s.members,
        s.tasks,
        s.log,
        s.meetings,
        s.note_bytes,
        s.risks,
        s.decisions,
        s.requests,
        s.deliverables,
        meta.changes,
        meta.snapshot_bytes as f64 / 1e6,
        meta.today
    );
    if !meta.refused.is_empty() {
        println!("          (generation: commands refused or skipped: {:?})", meta.refused);
    }
    println!("runs:     {runs} (median, min and max over the runs)");
}

pub fn table(title: &str, rows: &[Row]) {
    let rows: Vec<(&Row, Bound)> = rows.iter().map(|r| (r, Bound::AtMost)).collect();
    table_bounded(title, &rows);
}

/// Which side of its goal a metric must stay on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// The goal is an upper bound (times, memory).
    AtMost,
    /// The goal is a lower bound (throughput, connections per GB).
    AtLeast,
}

/// A table whose goals may be lower bounds too ("≥ 20000 connections per GB").
pub fn table_bounded(title: &str, rows: &[(&Row, Bound)]) {
    println!("\n{title}");
    println!(
        "| {:<52} | {:>10} | {:>10} | {:>10} | {:>8} | {:>7} | {:<5} |",
        "metric", "median", "min", "max", "goal", "x goal", "ok?"
    );
    println!("|{:-<54}|{:->12}|{:->12}|{:->12}|{:->10}|{:->9}|{:-<7}|", "", "", "", "", "", "", "");
    for &(r, bound) in rows {
        let (goal, ratio, ok) = match r.goal {
            Some(g) => {
                let (sign, met) = match bound {
                    Bound::AtMost => ("≤", r.median <= g),
                    Bound::AtLeast => ("≥", r.median >= g),
                };
                let shown =
                    if g != 0.0 && g.abs() < 10.0 { format!("{sign} {g:.2}") } else { format!("{sign} {g:.0}") };
                (shown, format!("{:.2}", r.median / g), if met { "yes" } else { "NO" }.to_owned())
            }
            None => (String::new(), String::new(), String::new()),
        };
        println!(
            "| {:<52} | {:>7.1} {:<2} | {:>10.1} | {:>10.1} | {:>8} | {:>7} | {:<5} |",
            r.name, r.median, r.unit, r.min, r.max, goal, ratio, ok
        );
    }
}

/// Each read model: median time (compute + JSON encoding) and JSON size.
pub fn reads(rows: &[(String, f64, f64)]) {
    println!("\nRead models on the loaded document (median; time includes serde_json encoding)");
    println!("| {:<28} | {:>10} | {:>12} |", "read model", "ms", "JSON bytes");
    println!("|{:-<30}|{:->12}|{:->14}|", "", "", "");
    let mut total = (0.0, 0.0);
    for (name, ms, bytes) in rows {
        println!("| {name:<28} | {ms:>10.1} | {bytes:>12.0} |");
        total.0 += ms;
        total.1 += bytes;
    }
    println!("| {:<28} | {:>10.1} | {:>12.0} |", "sum", total.0, total.1);
}
