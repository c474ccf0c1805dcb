//! tandem-bench as a library: the workloads that a CI test drives as well as the benchmark
//! binary (`src/main.rs`).

pub mod args;
pub mod durability;
pub mod reconnect;
pub mod server;
pub mod wsproxy;
