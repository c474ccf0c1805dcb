//! Helpers for tests in this and other crates: replicas with fixed actors and a stepping clock.
//! Pure in-memory; no IO.

use automerge::{ActorId, Automerge};

use crate::command::{Command, Ctx, Outcome, execute};
use crate::error::Result;
use crate::ids::Millis;
use crate::project::ProjectCommand;

/// 2026-01-05 09:00 UTC, a Monday: the default start of test clocks.
pub const T0: Millis = Millis(1_767_603_600_000);

/// One member's replica in a test: a document with a fixed actor and a clock that advances one
/// minute per command.
#[derive(Debug)]
pub struct Replica {
    pub doc: Automerge,
    pub now: Millis,
}

impl Replica {
    /// An empty replica whose actor id is sixteen copies of `actor`.
    pub fn empty(actor: u8) -> Self {
        let mut doc = Automerge::new();
        doc.set_actor(ActorId::from([actor; 16].as_slice()));
        Self { doc, now: T0 }
    }

    /// A replica holding a new project "Apollo" created by "Ada" (the coordinator).
    pub fn with_project(actor: u8) -> Self {
        let mut r = Self::empty(actor);
        r.ok(Command::Project(ProjectCommand::Create {
            name: "Apollo".into(),
            me: "Ada".into(),
            client: Some("ACME".into()),
            start: chrono::NaiveDate::from_ymd_opt(2026, 1, 5),
            end: chrono::NaiveDate::from_ymd_opt(2026, 6, 30),
            currency: Some("EUR".into()),
            budget: Some(10_000_000),
        }));
        r
    }

    /// Runs a command at the replica's clock, then advances the clock by a minute.
    pub fn run(&mut self, cmd: Command) -> Result<Outcome> {
        let out = execute(&mut self.doc, &Ctx::at(self.now), cmd);
        self.now = Millis(self.now.0 + 60_000);
        out
    }

    /// Runs a command that must succeed.
    pub fn ok(&mut self, cmd: Command) -> Outcome {
        let desc = format!("{cmd:?}");
        self.run(cmd).unwrap_or_else(|e| panic!("command failed: {e}\n{desc}"))
    }

    /// Runs a command that must create an item, and returns the new id.
    pub fn create(&mut self, cmd: Command) -> String {
        self.ok(cmd).created.expect("the command created an item")
    }

    /// Runs a command that must fail, and returns the error message.
    pub fn err(&mut self, cmd: Command) -> String {
        match self.run(cmd) {
            Ok(o) => panic!("command should have failed but made: {}", o.summary),
            Err(e) => e.to_string(),
        }
    }

    /// A copy of this replica (all its changes) writing as another actor.
    pub fn fork(&self, actor: u8) -> Self {
        let mut doc = self.doc.fork();
        doc.set_actor(ActorId::from([actor; 16].as_slice()));
        Self { doc, now: self.now }
    }

    /// Receives every change `other` has.
    pub fn merge_from(&mut self, other: &Replica) {
        let mut theirs = other.doc.clone();
        self.doc.merge(&mut theirs).expect("merge succeeds");
    }
}
