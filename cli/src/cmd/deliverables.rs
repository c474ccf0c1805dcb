//! Placeholder until this area's subcommands are written.

use anyhow::Result;
use clap::Subcommand;

use crate::app::App;

#[derive(Debug, Subcommand)]
pub enum DeliverableCmd {
    /// Not available yet.
    Pending,
}

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// Not available yet.
    Pending,
}

pub fn run_deliverable(_app: &mut App, _cmd: DeliverableCmd) -> Result<()> {
    anyhow::bail!("this command is not built yet")
}

pub fn run_report(_app: &mut App, _cmd: ReportCmd) -> Result<()> {
    anyhow::bail!("this command is not built yet")
}
