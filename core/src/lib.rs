//! tandem-core: the project document (schema v1), the commands that change it, the read models
//! every view shows, and the merge helpers (conflicts, edits to deleted items).
//!
//! No IO, no clock, no randomness, no async: the shells (CLI, desktop app, server-side tools)
//! pass the time in through [`Ctx`], own the [`automerge::Automerge`] document, and persist it.

pub mod checks;
pub mod command;
pub mod decisions;
pub mod deliverables;
pub mod doc;
pub mod error;
pub mod export;
pub mod goals;
pub mod handover;
pub mod history;
pub mod ids;
pub mod items;
pub mod log;
pub mod meetings;
pub mod merge;
pub mod milestones;
pub mod money;
pub mod order;
pub mod project;
pub mod reports;
pub mod requests;
pub mod resolve;
pub mod resources;
pub mod risks;
pub mod schema;
pub mod search;
pub mod status_report;
pub mod tasks;
pub mod testkit;
pub mod timeline;
#[cfg(feature = "ts")]
pub mod ts;
pub mod values;
pub mod views;

pub use command::{Command, Ctx, ItemRef, Outcome, execute, migrate};
pub use error::{CoreError, Result};
pub use ids::Millis;
pub use schema::{Kind, SCHEMA_VERSION};
