//! Placeholder until this area's subcommands are written.

use anyhow::Result;
use clap::Subcommand;

use crate::app::App;

#[derive(Debug, Subcommand)]
pub enum RiskCmd {
    /// Not available yet.
    Pending,
}

#[derive(Debug, Subcommand)]
pub enum IssueCmd {
    /// Not available yet.
    Pending,
}

pub fn run_risk(_app: &mut App, _cmd: RiskCmd) -> Result<()> {
    anyhow::bail!("this command is not built yet")
}

pub fn run_issue(_app: &mut App, _cmd: IssueCmd) -> Result<()> {
    anyhow::bail!("this command is not built yet")
}
