//! Times every read model on a saved project document and dumps what they return.
//!
//! ```sh
//! cargo run -p tandem-core --release --example read_timing -- SNAPSHOT YYYY-MM-DD [RUNS] [DUMP.json]
//! ```
//!
//! SNAPSHOT is a saved Automerge document (for instance the snapshot chunk tandem-bench caches
//! under `target/bench-data/R-<scale>/home/store/<doc>/snapshot/`), the date is "today" for the
//! views. Prints the median time of each read model over RUNS (default 5). With DUMP, writes
//! every read model's JSON to that file, so two builds can be compared on the same document
//! (`cmp` of the dumps). A diagnostic tool, not part of the core: it is the only code of this
//! crate that reads a file or the clock.
#![allow(clippy::disallowed_methods, clippy::print_stdout, reason = "a command-line timing tool")]

use std::time::Instant;

use automerge::Automerge;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tandem_core::log::LogFilter;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, today, rest @ ..] = args.as_slice() else {
        panic!("usage: read_timing SNAPSHOT YYYY-MM-DD [RUNS] [DUMP.json]");
    };
    let today: NaiveDate = today.parse().expect("a date YYYY-MM-DD");
    let runs: usize = rest.first().map(|r| r.parse().expect("RUNS is a number")).unwrap_or(5);
    let dump_to = rest.get(1);
    let bytes = std::fs::read(path).expect("read the snapshot");
    let t = Instant::now();
    let doc = Automerge::load(&bytes).expect("load the document");
    println!("load: {:.1} ms ({} bytes)", t.elapsed().as_secs_f64() * 1e3, bytes.len());

    let monday = today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
    let meetings = tandem_core::meetings::meetings(&doc).expect("meetings");
    let one = meetings.get(meetings.len() / 2).map(|m| m.id.clone());

    let mut dump = serde_json::Map::new();
    let mut row = |name: &str, f: &dyn Fn() -> serde_json::Value| {
        let mut times = Vec::new();
        let mut value = serde_json::Value::Null;
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            value = f();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name:<24} {:>9.1} ms  (min {:.1}, max {:.1})",
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
        dump.insert(name.to_owned(), value);
    };
    fn json<T: Serialize, E: std::fmt::Debug>(r: Result<T, E>) -> serde_json::Value {
        serde_json::to_value(r.expect("read model")).expect("serializable")
    }
    row("dashboard", &|| json(tandem_core::views::dashboard(&doc, today)));
    row("tasks", &|| json(tandem_core::tasks::tasks(&doc)));
    row("task_tree", &|| json(tandem_core::tasks::task_tree(&doc)));
    row("milestones", &|| json(tandem_core::milestones::milestones(&doc)));
    row("goals", &|| json(tandem_core::goals::goals(&doc, today)));
    row("workload (8 weeks)", &|| json(tandem_core::views::workload(&doc, monday, 8)));
    row("risks", &|| json(tandem_core::risks::risks(&doc)));
    row("risk_matrix", &|| json(tandem_core::risks::risk_matrix(&doc)));
    row("issues", &|| json(tandem_core::risks::issues(&doc)));
    row("decisions", &|| json(tandem_core::decisions::decisions(&doc)));
    row("meetings", &|| json(tandem_core::meetings::meetings(&doc)));
    if let Some(one) = &one {
        row("meeting (one)", &|| json(tandem_core::meetings::meeting(&doc, one)));
    }
    row("log (all)", &|| json(tandem_core::log::log(&doc, &LogFilter::default())));
    row("log (page of 100)", &|| json(tandem_core::log::page(&doc, &LogFilter::default(), 0, 100)));
    row("requests", &|| json(tandem_core::requests::requests(&doc, None)));
    row("deliverables", &|| json(tandem_core::deliverables::deliverables(&doc)));
    row("resources", &|| json(tandem_core::resources::resources(&doc)));
    row("allocations", &|| json(tandem_core::resources::allocations(&doc)));
    row("expenses", &|| json(tandem_core::resources::expenses(&doc)));
    row("budget", &|| json(tandem_core::resources::budget(&doc)));
    row("project", &|| json(tandem_core::project::project(&doc)));
    row("members", &|| json(tandem_core::project::members(&doc)));
    row("reports", &|| json(tandem_core::reports::reports(&doc)));
    row("conflicts", &|| serde_json::to_value(tandem_core::merge::conflicts(&doc)).expect("json"));
    row("deleted_edits", &|| serde_json::to_value(tandem_core::merge::deleted_edits(&doc)).expect("json"));
    row("search \"billing\" (30)", &|| json(tandem_core::search::search(&doc, "billing", 30)));
    if let Some(path) = dump_to {
        let text = serde_json::to_string_pretty(&dump).expect("json");
        std::fs::write(path, text).expect("write the dump");
        println!("dump: {path}");
    }
}
