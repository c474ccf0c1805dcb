//! tandem-bench: Tandem's benchmarks on the generated reference project R.
//!
//! ```text
//! cargo run -p tandem-bench --release -- app [--scale S] [--runs N] [--seed X]
//! cargo run -p tandem-bench --release -- join [--scale S] [--runs N] [--seed X]
//! cargo run -p tandem-bench --release -- remote [--scale S] [--runs N] [--edits E] [--seed X]
//! cargo run -p tandem-bench --release -- gen [--scale S] [--seed X] [--force]
//! ```
//!
//! `--scale 0.1` (the default) is R/10, `1` is R, `4` is R x 4. The generated profile is cached
//! in `target/bench-data/R-<scale>/` and reused by later runs. See `bench/README.md`.
#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a benchmark prints its report and progress")]

mod app;
mod desk; // desk: the coordinator's desk (checks, history, diff, as-of, report, handover, exports)
#[path = "gen.rs"]
mod generator; // `gen` is a reserved word in Rust 2024
mod idle; // idle: N idle authenticated connections
mod join;
mod leak;
mod loadgen; // relay, relay-vs-node, idle: the automerge-repo load generator
mod probe;
mod procstat;
mod reconnect_bench;
mod relay;
mod remote;
mod report;
mod servers;
use tandem_bench::server; // the library's, which the reconnect workload uses too

use std::process::ExitCode;

use tandem_bench::args::Flags;

const USAGE: &str = "usage: tandem-bench <app|probe|join|remote|desk|gen> [--scale S (default 0.1)] [--runs N (default 5)] \
                     [--edits E (remote only, default 200)] [--seed X] [--force]";

/// What a workload on R was asked to do.
#[derive(Debug)]
struct Args {
    workload: String,
    scale: f64,
    runs: usize,
    seed: u64,
    force: bool,
    /// The workload's count: edits per run (`remote`, `leak`: `--edits`) or offline changes per
    /// member (`reconnect`: `--changes`).
    count: usize,
}

/// A workload's flags on R: `--scale`, `--runs`, `--seed`, its count flag and maybe `--force`.
struct Spec {
    usage: &'static str,
    /// The default of `--runs`.
    runs: usize,
    /// The count's flag (`--edits` or `--changes`) and its default.
    count: (&'static str, usize),
    /// Whether `--force` is one of the flags.
    force: bool,
}

/// app, probe, join, remote, desk and gen (`--edits` counts for `remote` only).
const SPEC: Spec = Spec { usage: USAGE, runs: 5, count: ("--edits", 200), force: true };

const WHOLE: &str = "a whole number";

/// Reads `spec`'s flags for `workload`, checking their ranges.
fn parse(spec: &Spec, workload: &str, args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let (count_flag, count) = spec.count;
    let mut out =
        Args { workload: workload.to_owned(), scale: 0.1, runs: spec.runs, seed: generator::SEED, force: false, count };
    let mut flags = Flags::new(args, spec.usage);
    while let Some(a) = flags.next() {
        match a.as_str() {
            "--scale" => out.scale = flags.parsed("--scale", "a number such as 0.1")?,
            "--runs" => out.runs = flags.parsed("--runs", WHOLE)?,
            "--seed" => out.seed = flags.parsed("--seed", WHOLE)?,
            "--force" if spec.force => out.force = true,
            flag if flag == count_flag => out.count = flags.parsed(flag, WHOLE)?,
            other => return Err(flags.unknown(other)),
        }
    }
    if !(out.scale > 0.0 && out.scale <= 16.0) || out.runs == 0 || out.count == 0 {
        return Err(flags.with_usage(format!("--scale must be in (0, 16], --runs and {count_flag} at least 1")));
    }
    Ok(out)
}

/// The cached data set, generated first if needed (in a child process, so that generation
/// does not inflate the measuring process's peak RSS).
fn ensure(args: &Args) -> Result<generator::Meta, String> {
    if let Some(meta) = generator::cached(args.scale, args.seed) {
        return Ok(meta);
    }
    eprintln!("no cached R-{} in {}; generating it first", args.scale, generator::cache_dir(args.scale).display());
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let status = std::process::Command::new(exe)
        .args(["gen", "--scale", &args.scale.to_string(), "--seed", &args.seed.to_string()])
        .status()
        .map_err(|e| format!("cannot run the generator: {e}"))?;
    if !status.success() {
        return Err("the generator failed".into());
    }
    generator::cached(args.scale, args.seed).ok_or_else(|| "the generator left no usable cache".into())
}

fn run(args: Args) -> Result<(), String> {
    match args.workload.as_str() {
        "gen" => {
            if !args.force && generator::cached(args.scale, args.seed).is_some() {
                eprintln!(
                    "R-{} is cached in {}; --force regenerates it",
                    args.scale,
                    generator::cache_dir(args.scale).display()
                );
                return Ok(());
            }
            generator::generate(args.scale, args.seed).map(|_| ())
        }
        "app" => {
            let meta = ensure(&args)?;
            let command = format!(
                "cargo run -p tandem-bench --release -- app --scale {} --runs {}{}",
                args.scale,
                args.runs,
                seed_arg(&args)
            );
            app::main(&meta, &generator::cache_dir(args.scale).join("home"), args.runs, &command)
        }
        "join" => {
            let meta = ensure(&args)?;
            let command = format!(
                "cargo run -p tandem-bench --release -- join --scale {} --runs {}{}",
                args.scale,
                args.runs,
                seed_arg(&args)
            );
            join::main(&meta, &generator::cache_dir(args.scale).join("home"), args.runs, &command)
        }
        "remote" => {
            let meta = ensure(&args)?;
            let command = format!(
                "cargo run -p tandem-bench --release -- remote --scale {} --runs {} --edits {}{}",
                args.scale,
                args.runs,
                args.count,
                seed_arg(&args)
            );
            remote::main(&meta, &generator::cache_dir(args.scale).join("home"), args.runs, args.count, &command)
        }
        "probe" => {
            let meta = ensure(&args)?;
            report::header(
                &meta,
                args.runs,
                &format!("cargo run -p tandem-bench --release -- probe --scale {}", args.scale),
            );
            probe::main(&meta, &generator::cache_dir(args.scale).join("home"), args.runs)
        }
        "desk" => {
            let meta = ensure(&args)?;
            report::header(
                &meta,
                args.runs,
                &format!("cargo run -p tandem-bench --release -- desk --scale {} --runs {}", args.scale, args.runs),
            );
            desk::main(&meta, &generator::cache_dir(args.scale).join("home"), args.runs)
        }
        other => Err(format!("unknown workload {other:?}\n{USAGE}")),
    }
}

/// The `--seed` part of a printed command (none for the default seed).
fn seed_arg(args: &Args) -> String {
    if args.seed == generator::SEED { String::new() } else { format!(" --seed {}", args.seed) }
}

/// What `--help` prints.
const HELP: &str = "tandem-bench: Tandem's benchmarks on the generated reference project R (BENCHMARKS.md).

Workloads:
  app      cold open of R to the first view, every view's read model, 1,000 edits, and the next
           start's first view from the views saved at close
  probe    where a cold open's time goes: automerge and the read models without the client
  join     a new member fetches R through a real sync server on loopback
  remote   an edit at one member until the other member's view shows it, through the server
  reconnect  two members make offline changes (--changes C each, default 2000), then sync
  leak     the automerge pin check: live-heap growth over --edits E (default 1000) edits of R
  relay    10 / 100 / 1,000 clients over 100 projects, 1 edit/s each: fan-out p50/p99, server CPU, RSS
  relay-vs-node  the same load against our server and the Node automerge-repo server, with ratios
  idle     N idle authenticated connections: RSS per connection (relay and idle: `--smoke`, see bench/README.md)
  desk     the coordinator's desk on loaded R: plan checks, history, diff, as-of, report, handover, exports
  gen      only (re)generate R's data (cached in target/bench-data/R-<scale>/)

Options:
  --scale S   0.1 is R/10 (default), 1 is R, 4 is R x 4
  --runs N    runs to take the median of (default 5)
  --edits E   edits per run of `remote` (default 200)
  --seed X    the generator's seed (default: the one the recorded results use)
  --force     regenerate the data even if cached

Run in release mode: cargo run -p tandem-bench --release -- app --scale 0.1
Results and their causes: bench/README.md";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = || args.get(1..).unwrap_or_default().to_vec();
    match args.first().map(String::as_str).unwrap_or_default() {
        workload @ ("relay" | "relay-vs-node" | "idle") => relay::main(workload, rest()),
        "reconnect" => reconnect_bench::main(rest()),
        "leak" => leak::main(rest()),
        "durability" => tandem_bench::durability::main(rest()),
        _ => {
            let help = format!("{HELP}\n\n{USAGE}");
            if args.iter().any(|a| a == "help") {
                println!("{help}");
                return ExitCode::SUCCESS;
            }
            tandem_bench::args::main(&help, args, |args| {
                let mut args = args.into_iter();
                let workload = args.next().ok_or(USAGE)?;
                parse(&SPEC, &workload, args).and_then(run)
            })
        }
    }
}
