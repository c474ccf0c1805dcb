//! The command-line plumbing every workload shares: reading `--flag value` pairs with the
//! workload's usage in each error ([`Flags`]), and turning a workload's result into the process's
//! exit code, `--help` included ([`main`]).

use std::process::ExitCode;
use std::str::FromStr;

/// Runs one workload's command line: if `args` holds `--help` or `-h`, prints `help` and
/// succeeds; otherwise runs `body` on `args`, and an error is printed as `error: …` with exit
/// code 1.
#[allow(clippy::print_stdout, clippy::print_stderr, reason = "a benchmark prints its usage and errors")]
pub fn main(help: &str, args: Vec<String>, body: impl FnOnce(Vec<String>) -> Result<(), String>) -> ExitCode {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{help}");
        return ExitCode::SUCCESS;
    }
    match body(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What `tandem-bench <workload> --help` prints: the workload's usage and where to read more.
pub fn help(usage: &str) -> String {
    format!("{usage}\n\nWhat each measures and the latest results: bench/README.md")
}

/// A workload's flags, read one at a time (as an iterator; a flag's value with [`Flags::value`]
/// or [`Flags::parsed`]); the errors for a missing value or an unknown flag end with the usage.
#[derive(Debug)]
pub struct Flags<I> {
    args: I,
    usage: &'static str,
}

impl<I: Iterator<Item = String>> Flags<I> {
    pub fn new(args: impl IntoIterator<IntoIter = I>, usage: &'static str) -> Self {
        Flags { args: args.into_iter(), usage }
    }

    /// The value after the flag `name`.
    pub fn value(&mut self, name: &str) -> Result<String, String> {
        self.args.next().ok_or_else(|| format!("{name} needs a value\n{}", self.usage))
    }

    /// The value after the flag `name`, parsed; `kind` says what it takes ("a whole number").
    pub fn parsed<T: FromStr>(&mut self, name: &str, kind: &str) -> Result<T, String> {
        self.value(name)?.parse().map_err(|_| format!("{name} takes {kind}"))
    }

    /// The error for a flag the workload does not know.
    pub fn unknown(&self, arg: &str) -> String {
        format!("unknown argument {arg:?}\n{}", self.usage)
    }

    /// `message`, then the usage.
    pub fn with_usage(&self, message: impl std::fmt::Display) -> String {
        format!("{message}\n{}", self.usage)
    }
}

impl<I: Iterator<Item = String>> Iterator for Flags<I> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        self.args.next()
    }
}
