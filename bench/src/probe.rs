//! Workload `probe`: the same document without the client: where the time of a cold open goes
//! (automerge load, save as samod's compaction does it, the slow read models on a plain doc).

use std::path::Path;
use std::time::Instant;

use automerge::{Automerge, ReadDoc};
use tandem_core::log::LogFilter;

use crate::generator::Meta;
use crate::report;

fn ms_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// The bytes of the cached profile's snapshot of R.
pub fn snapshot(home: &Path) -> Result<Vec<u8>, String> {
    let snapshots = home.join("store");
    let mut bytes = Vec::new();
    let mut stack = vec![snapshots];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
            let e = e.map_err(|e| e.to_string())?;
            if e.path().is_dir() {
                stack.push(e.path());
            } else if e.path().to_string_lossy().contains("snapshot") {
                bytes = std::fs::read(e.path()).map_err(|e| e.to_string())?;
            }
        }
    }
    if bytes.is_empty() {
        return Err("no snapshot in the cached store".into());
    }
    Ok(bytes)
}

/// Times automerge and the core directly on the cached snapshot, `runs` times.
pub fn main(meta: &Meta, home: &Path, runs: usize) -> Result<(), String> {
    let bytes = snapshot(home)?;
    let mut rows: Vec<(&str, Vec<f64>)> = Vec::new();
    let mut add = |name: &'static str, v: f64| match rows.iter_mut().find(|(n, _)| *n == name) {
        Some((_, vs)) => vs.push(v),
        None => rows.push((name, vec![v])),
    };
    for _ in 0..runs {
        let t = Instant::now();
        let doc = Automerge::load(&bytes).map_err(|e| format!("cannot load: {e}"))?;
        add("Automerge::load (snapshot)", ms_since(t));
        let t = Instant::now();
        let d2 = Automerge::load_unverified_heads(&bytes).map_err(|e| format!("cannot load: {e}"))?;
        add("Automerge::load_unverified_heads (no hash check)", ms_since(t));
        drop(d2);
        let t = Instant::now();
        let h = doc.hydrate(None);
        add("doc.hydrate(None) (the whole document as values)", ms_since(t));
        drop(h);
        let t = Instant::now();
        let saved = doc.save();
        add("doc.save() (what each samod compaction does)", ms_since(t));
        drop(saved);
        let t = Instant::now();
        let all = doc.get_changes(&[]);
        add("doc.get_changes(&[]) (samod's first save after a load)", ms_since(t));
        drop(all);
        let t = Instant::now();
        let n = doc.get_changes_meta(&[]).len();
        add("get_changes_meta (all)", ms_since(t));
        let heads = doc.get_heads();
        let t = Instant::now();
        let _ = doc.get_change_meta_by_hash(&heads[0]);
        add("get_change_meta_by_hash (head)", ms_since(t));
        let t = Instant::now();
        let _ = tandem_core::history::change_info(&doc, &heads[0]);
        add("history::change_info (head)", ms_since(t));
        let t = Instant::now();
        let tasks = tandem_core::tasks::tasks(&doc).map_err(|e| e.to_string())?;
        add("tasks::tasks", ms_since(t));
        let t = Instant::now();
        let coll = tandem_core::schema::collection(&doc, tandem_core::Kind::Task).map_err(|e| e.to_string())?;
        let keys = doc.keys(&coll).count();
        add("keys of the task map", ms_since(t));
        let t = Instant::now();
        for k in doc.keys(&coll) {
            let _ = tandem_core::doc::map_at(&doc, &coll, &k);
        }
        add("map_at for every task (one get each)", ms_since(t));
        let objs: Vec<_> = doc.keys(&coll).filter_map(|k| tandem_core::doc::map_at(&doc, &coll, &k)).collect();
        let t = Instant::now();
        let mut nf = 0;
        for o in &objs {
            nf += doc.map_range(o, ..).count();
        }
        add("one map_range pass over every task's fields", ms_since(t));
        let t = Instant::now();
        for o in &objs {
            for it in doc.map_range(o, ..) {
                if let automerge::ValueRef::Object(automerge::ObjType::Text) = it.value {
                    let _ = doc.text(it.id());
                }
            }
        }
        add("map_range pass + each task's Text fields", ms_since(t));
        let _ = nf;
        let t = Instant::now();
        for o in &objs {
            let _ = tandem_core::doc::get_string(&doc, o, "status");
        }
        add("get_string(status) for every task", ms_since(t));
        let t = Instant::now();
        for o in &objs {
            let _ = tandem_core::doc::get_text(&doc, o, "title");
        }
        add("get_text(title) for every task", ms_since(t));
        let t = Instant::now();
        for o in &objs {
            let _ = tandem_core::doc::get_text(&doc, o, "description");
        }
        add("get_text(description) for every task", ms_since(t));
        let t = Instant::now();
        for o in &objs {
            let _ = tandem_core::doc::get_set(&doc, o, "assignees");
        }
        add("get_set(assignees) for every task", ms_since(t));
        let t = Instant::now();
        for o in &objs {
            let _ = tandem_core::doc::get_i64(&doc, o, "spent_minutes");
        }
        add("get_i64(spent_minutes counter) for every task", ms_since(t));
        let t = Instant::now();
        let _ = tandem_core::views::dashboard(&doc, meta.today);
        add("views::dashboard", ms_since(t));
        let t = Instant::now();
        let _ = tandem_core::log::log(&doc, &LogFilter::default());
        add("log::log (all entries)", ms_since(t));
        let t = Instant::now();
        let _ = tandem_core::merge::conflicts(&doc);
        add("merge::conflicts", ms_since(t));
        let t = Instant::now();
        let _ = tandem_core::history::changes(&doc);
        add("history::changes", ms_since(t));
        let _ = (n, keys, tasks.len());
    }
    println!(
        "\nProbe: automerge and tandem-core directly on the snapshot ({:.1} MB), no client",
        bytes.len() as f64 / 1e6
    );
    println!("| {:<46} | {:>10} | {:>10} | {:>10} |", "step", "median ms", "min", "max");
    println!("|{:-<48}|{:->12}|{:->12}|{:->12}|", "", "", "", "");
    for (name, v) in &rows {
        let min = v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        println!("| {name:<46} | {:>10.1} | {min:>10.1} | {max:>10.1} |", report::median(v.clone()));
    }
    Ok(())
}
