//! Runs the real `tandem` binary against a temporary profile, with a pinned clock.

#![allow(dead_code, reason = "each test file uses a different part of the harness")]

use std::process::{Command, Output};

/// A member's profile in a temp directory, and the binary to drive it.
pub struct Tandem {
    pub home: tempfile::TempDir,
    /// The value of TANDEM_NOW for the next commands.
    pub now: String,
}

impl Tandem {
    /// A fresh, empty profile at 2026-12-01 09:00 UTC (a Tuesday).
    pub fn new() -> Self {
        Self { home: tempfile::tempdir().unwrap(), now: "2026-12-01 09:00".to_owned() }
    }

    /// A fresh profile holding a project "Apollo" created by Ada.
    pub fn with_project() -> Self {
        let t = Self::new();
        t.ok(&["project", "create", "Apollo", "--me", "Ada", "--client", "ACME", "--budget", "100000"]);
        t
    }

    /// Runs `tandem` with these arguments.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tandem"))
            .args(args)
            .env("TANDEM_HOME", self.home.path())
            .env("TANDEM_NOW", &self.now)
            .env_remove("EDITOR")
            .env_remove("VISUAL")
            .output()
            .expect("tandem runs")
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tandem {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail with status 1; returns its error message.
    pub fn err(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "tandem {args:?} should fail: {}", String::from_utf8_lossy(&out.stdout));
        assert!(out.stdout.is_empty(), "a failing command prints nothing on stdout");
        String::from_utf8(out.stderr).unwrap().trim_end().to_owned()
    }

    /// Runs a command with `--json` and parses its output.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).expect("--json prints JSON")
    }

    /// Runs a creating command with `--json` and returns the new item's id.
    pub fn create(&self, args: &[&str]) -> String {
        self.json(args)["created"].as_str().expect("the command created an item").to_owned()
    }
}
