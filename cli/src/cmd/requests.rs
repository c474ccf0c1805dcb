//! Placeholder until this area's subcommands are written.

use anyhow::Result;
use clap::Subcommand;

use crate::app::App;

#[derive(Debug, Subcommand)]
pub enum RequestCmd {
    /// Not available yet.
    Pending,
}

pub fn run(_app: &mut App, _cmd: RequestCmd) -> Result<()> {
    anyhow::bail!("this command is not built yet")
}
