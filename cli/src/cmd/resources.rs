//! Placeholder until this area's subcommands are written.

use anyhow::Result;
use clap::Subcommand;

use crate::app::App;

#[derive(Debug, Subcommand)]
pub enum ResourceCmd {
    /// Not available yet.
    Pending,
}

#[derive(Debug, Subcommand)]
pub enum BudgetCmd {
    /// Not available yet.
    Pending,
}

pub fn run_resource(_app: &mut App, _cmd: ResourceCmd) -> Result<()> {
    anyhow::bail!("this command is not built yet")
}

pub fn run_budget(_app: &mut App, _cmd: BudgetCmd) -> Result<()> {
    anyhow::bail!("this command is not built yet")
}
