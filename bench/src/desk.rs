//! Workload `desk`: what the coordinator's desk (issue #7) costs on the loaded reference
//! project: the plan checks (which `tandem sync` and the app run after every merge that brings
//! changes), the filtered and grouped history, the diff of the last week, the project as of a
//! month ago, a weekly status report in HTML, the handover package, and the exports. Times are
//! of tandem-core on the loaded document, with the load itself timed once per run for scale.
//! BENCHMARKS.md sets no goal for these; what matters is how they compare with the load and
//! with an interactive budget (a view should answer in well under a second).

use std::path::Path;
use std::time::Instant;

use automerge::Automerge;
use chrono::Days;
use tandem_core::handover::{HandoverRequest, package};
use tandem_core::history::{self, HistoryFilter};
use tandem_core::ids::Millis;
use tandem_core::{checks, export, status_report, timeline};

use crate::generator::Meta;
use crate::{probe, report};

const DAY_MS: i64 = 86_400_000;

fn ms_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn err(what: &str) -> impl Fn(tandem_core::CoreError) -> String + '_ {
    move |e| format!("{what} failed: {e}")
}

/// Runs every desk operation `runs` times on the cached snapshot of R and prints a table.
pub fn main(meta: &Meta, home: &Path, runs: usize) -> Result<(), String> {
    let bytes = probe::snapshot(home)?;
    let mut rows: Vec<(&'static str, Vec<f64>, String)> = Vec::new();
    let mut add = |name: &'static str, v: f64, note: String| match rows.iter_mut().find(|(n, _, _)| *n == name) {
        Some((_, vs, last)) => {
            vs.push(v);
            *last = note;
        }
        None => rows.push((name, vec![v], note)),
    };
    let now = Millis(meta.last_time);
    let week_ago = Millis(meta.last_time - 7 * DAY_MS);
    let month_ago = Millis(meta.last_time - 30 * DAY_MS);
    for _ in 0..runs {
        let t = Instant::now();
        let doc = Automerge::load(&bytes).map_err(|e| format!("cannot load R: {e}"))?;
        add("(for scale) Automerge::load of R", ms_since(t), format!("{} changes", doc.get_changes_meta(&[]).len()));

        let t = Instant::now();
        let findings = checks::check(&doc, meta.today).map_err(err("checks::check"))?;
        add("plan checks (tandem check; after every merge)", ms_since(t), format!("{} findings", findings.len()));

        let member = tandem_core::project::members(&doc).map_err(err("members"))?.into_iter().nth(1).map(|m| m.id);
        let t = Instant::now();
        let mine = history::filtered(&doc, &HistoryFilter { member, from: Some(week_ago), ..Default::default() });
        add("history: one member, last 7 days", ms_since(t), format!("{} changes", mine.len()));
        let t = Instant::now();
        let week = history::filtered(&doc, &HistoryFilter { from: Some(week_ago), ..Default::default() });
        let n = week.len();
        let groups = history::group_by_author(week);
        add("history: last 7 days grouped by author", ms_since(t), format!("{n} changes, {} authors", groups.len()));

        let t = Instant::now();
        let from = timeline::heads_at(&doc, week_ago);
        let diff = timeline::diff(&doc, &from, &doc.get_heads()).map_err(err("timeline::diff"))?;
        let items: usize = diff.authors.iter().map(|a| a.items.len()).sum();
        add("diff: last 7 days (tandem diff --from)", ms_since(t), format!("{items} item entries"));

        let t = Instant::now();
        let heads = timeline::heads_at(&doc, month_ago);
        let past = timeline::as_of(&doc, &heads).map_err(err("timeline::as_of"))?;
        let tasks = tandem_core::tasks::tasks(&past).map_err(err("tasks as of"))?.len();
        add("as of 30 days ago (+ its task list)", ms_since(t), format!("{tasks} tasks then"));
        drop(past);

        let to = now.date();
        let from_day = to.checked_sub_days(Days::new(6)).unwrap_or(to);
        let t = Instant::now();
        let r = status_report::build(&doc, from_day, to).map_err(err("status_report::build"))?;
        let html = status_report::to_html(&r).map_err(err("status_report::to_html"))?;
        add("status report, one week, HTML", ms_since(t), format!("{} KB", html.len() / 1024));

        let t = Instant::now();
        let files = package(&doc, &HandoverRequest { deliverables: Vec::new(), today: meta.today })
            .map_err(err("handover::package"))?;
        let size: usize = files.iter().map(|f| f.contents.len()).sum();
        add("handover package, every deliverable", ms_since(t), format!("{} files, {} KB", files.len(), size / 1024));

        let t = Instant::now();
        let csv = export::tasks_csv(&doc).map_err(err("tasks_csv"))?;
        add("export tasks CSV", ms_since(t), format!("{} KB", csv.len() / 1024));
        let t = Instant::now();
        let json = export::project_json(&doc, meta.today).map_err(err("project_json"))?;
        let text = serde_json::to_string(&json).map_err(|e| e.to_string())?;
        add("export whole project JSON", ms_since(t), format!("{} KB", text.len() / 1024));
    }
    println!("\nWorkload desk: the coordinator's desk on the loaded document (tandem-core, no client)");
    println!(
        "| {:<46} | {:>10} | {:>10} | {:>10} | {:<26} |",
        "operation", "median ms", "min", "max", "size (last run)"
    );
    println!("|{:-<48}|{:->12}|{:->12}|{:->12}|{:-<28}|", "", "", "", "", "");
    for (name, v, note) in &rows {
        let min = v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        println!("| {name:<46} | {:>10.1} | {min:>10.1} | {max:>10.1} | {note:<26} |", report::median(v.clone()));
    }
    Ok(())
}
