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

const USAGE: &str = "usage: tandem-bench <app|probe|join|remote|desk|gen> [--scale S (default 0.1)] [--runs N (default 5)] \
                     [--edits E (remote only, default 200)] [--seed X] [--force]";

#[derive(Debug)]
struct Args {
    workload: String,
    scale: f64,
    runs: usize,
    seed: u64,
    force: bool,
    /// Edits per run of the `remote` workload.
    edits: usize,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let workload = args.next().ok_or(USAGE)?;
    let mut out = Args { workload, scale: 0.1, runs: 5, seed: generator::SEED, force: false, edits: 200 };
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        match a.as_str() {
            "--scale" => out.scale = value("--scale")?.parse().map_err(|_| "--scale takes a number such as 0.1")?,
            "--runs" => out.runs = value("--runs")?.parse().map_err(|_| "--runs takes a whole number")?,
            "--seed" => out.seed = value("--seed")?.parse().map_err(|_| "--seed takes a whole number")?,
            "--edits" => out.edits = value("--edits")?.parse().map_err(|_| "--edits takes a whole number")?,
            "--force" => out.force = true,
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    if !(out.scale > 0.0 && out.scale <= 16.0) || out.runs == 0 || out.edits == 0 {
        return Err(format!("--scale must be in (0, 16], --runs and --edits at least 1\n{USAGE}"));
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
                if args.seed == generator::SEED { String::new() } else { format!(" --seed {}", args.seed) }
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
                args.edits,
                seed_arg(&args)
            );
            remote::main(&meta, &generator::cache_dir(args.scale).join("home"), args.runs, args.edits, &command)
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
    if let Some(code) = relay::dispatch(std::env::args().skip(1)) {
        return code; // relay, relay-vs-node, idle (their own flags: `tandem-bench relay --help`)
    }
    if std::env::args().nth(1).as_deref() == Some("reconnect") {
        return reconnect_bench::main(std::env::args().skip(2));
    }
    if std::env::args().nth(1).as_deref() == Some("leak") {
        return leak::main(std::env::args().skip(2));
    }
    if std::env::args().nth(1).as_deref() == Some("durability") {
        return tandem_bench::durability::main(std::env::args().skip(2));
    }
    if std::env::args().skip(1).any(|a| a == "--help" || a == "-h" || a == "help") {
        println!("{HELP}\n\n{USAGE}");
        return ExitCode::SUCCESS;
    }
    match parse(std::env::args().skip(1)).and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
