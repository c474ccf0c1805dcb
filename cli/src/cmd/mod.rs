//! One module per area of the product; each defines its clap subcommands and runs them.

pub mod check;
pub mod decisions;
pub mod deliverables;
pub mod export;
pub mod goals;
pub mod history;
pub mod log;
pub mod meetings;
pub mod project;
pub mod requests;
pub mod resources;
pub mod risks;
pub mod sync;
pub mod tasks;
pub mod views;
