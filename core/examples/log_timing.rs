//! Times the log read models on a project with N log entries (default 60,000, the reference
//! project R's log), in the layout this build writes (`log_entries`, keyed by time) and in the
//! v1 list layout of documents written before it.
//!
//! ```sh
//! cargo run -p tandem-core --release --example log_timing -- [N] [SAVE_TO]
//! ```
//!
//! The `log_entries` document is made through the command layer (one `LogCommand::Add` per
//! entry, from two members); the list document gets the same entries written straight into the
//! `log` list, as builds before `log_entries` wrote them. Both are saved and loaded again
//! before they are read, as an app opens a project. With SAVE_TO, the `log_entries` document is
//! also written there (for `read_timing`).
#![allow(clippy::disallowed_methods, clippy::print_stdout, reason = "a command-line timing tool")]

use std::time::Instant;

use automerge::transaction::Transactable;
use automerge::{Automerge, ObjType, ROOT, ReadDoc};
use tandem_core::Command;
use tandem_core::ids::Millis;
use tandem_core::log::{self, LogCommand, LogFilter, LogKind};
use tandem_core::project::ProjectCommand;
use tandem_core::testkit::Replica;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn body(i: usize) -> String {
    format!("Entry {i}: the staging deploy went fine; billing export is next on the list.")
}

/// Saves and loads a document, as opening a stored project does.
fn reload(doc: &Automerge, what: &str) -> Automerge {
    let bytes = doc.save();
    let t = Instant::now();
    let loaded = Automerge::load(&bytes).expect("load");
    println!("{what}: {} bytes, load {:.0} ms", bytes.len(), ms(t));
    loaded
}

fn time<T>(what: &str, runs: usize, f: impl Fn() -> T) -> T {
    let mut times = Vec::new();
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        out = Some(f());
        times.push(ms(t));
    }
    times.sort_by(f64::total_cmp);
    println!("  {what:<44} {:>9.1} ms (min {:.1})", times[times.len() / 2], times[0]);
    out.expect("at least one run")
}

fn main() {
    let n: usize = std::env::args().nth(1).map(|a| a.parse().expect("N is a number")).unwrap_or(60_000);
    let save_to = std::env::args().nth(2);

    let mut ada = Replica::with_project(1);
    let mut bo = ada.fork(2);
    bo.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    ada.merge_from(&bo);
    let before_the_log = ada.doc.clone();
    let t = Instant::now();
    for i in 0..n {
        let r = if i % 3 == 0 { &mut bo } else { &mut ada };
        r.now = Millis(tandem_core::testkit::T0.0 + i as i64 * 60_000);
        let kind = if i % 10 == 0 { LogKind::Problem } else { LogKind::Note };
        r.ok(Command::Log(LogCommand::Add { body: body(i), kind, refs: Vec::new() }));
        if i % 1000 == 999 {
            ada.merge_from(&bo);
            bo.merge_from(&ada);
        }
    }
    ada.merge_from(&bo);
    println!("{n} entries written through LogCommand::Add in {:.1} s", t.elapsed().as_secs_f64());
    if let Some(path) = &save_to {
        std::fs::write(path, ada.doc.save()).expect("save the document");
    }

    // The same entries in the v1 list, as builds before log_entries appended them.
    let mut legacy = before_the_log;
    let mut tx = legacy.transaction();
    let list = tx.get(ROOT, "log").expect("get").expect("a project has the v1 list").1;
    for (i, e) in log::log(&ada.doc, &LogFilter::default()).expect("log").iter().enumerate() {
        let entry = tx.insert_object(&list, i, ObjType::Map).expect("insert");
        tx.put(&entry, "id", e.id.as_str()).expect("put");
        tx.put(&entry, "at", e.at.0).expect("put");
        tx.put(&entry, "author", e.author.as_ref().map(ToString::to_string).unwrap_or_default()).expect("put");
        tx.put(&entry, "kind", e.kind.as_str()).expect("put");
        let text = tx.put_object(&entry, "body", ObjType::Text).expect("put");
        tx.splice_text(&text, 0, 0, &e.body).expect("splice");
        tx.put_object(&entry, "refs", ObjType::Map).expect("put");
    }
    tx.commit();

    let members = tandem_core::project::members(&ada.doc).expect("members");
    let bo_id = members.iter().find(|m| m.name == "Bo").expect("Bo").id.clone();
    let window = LogFilter {
        from: Some(Millis(tandem_core::testkit::T0.0 + (n as i64 / 2) * 60_000)),
        to: Some(Millis(tandem_core::testkit::T0.0 + (n as i64 / 2 + 500) * 60_000)),
        ..LogFilter::default()
    };
    let by_bo = LogFilter { author: Some(bo_id), ..LogFilter::default() };
    let problems = LogFilter { kind: Some(LogKind::Problem), ..LogFilter::default() };
    let mut pages = Vec::new();
    for (what, doc) in
        [("log_entries map", reload(&ada.doc, "log_entries map")), ("v1 list", reload(&legacy, "v1 list"))]
    {
        println!("{what}:");
        let page = time("page(no filter, 0, 100)", 5, || log::page(&doc, &LogFilter::default(), 0, 100));
        let middle = n / 2;
        time(&format!("page(no filter, {middle}, 100)"), 5, || log::page(&doc, &LogFilter::default(), middle, 100))
            .expect("page");
        time("page(500 minutes, 0, 100)", 5, || log::page(&doc, &window, 0, 100)).expect("page");
        time("page(author Bo, 0, 100)", 3, || log::page(&doc, &by_bo, 0, 100)).expect("page");
        time("page(kind problem, 0, 100)", 3, || log::page(&doc, &problems, 0, 100)).expect("page");
        time("log(no filter): every entry", 1, || log::log(&doc, &LogFilter::default())).expect("log");
        time("search \"no such words\" (reads every body)", 1, || {
            tandem_core::search::search(&doc, "no such words", 30)
        })
        .expect("search");
        pages.push(page.expect("page"));
    }
    assert!(pages[0] == pages[1], "the two layouts give different pages");
    println!("same first page from both layouts: {} of {} entries", pages[0].entries.len(), pages[0].total);
}
