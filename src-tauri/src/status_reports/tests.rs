//! Generating, saving, opening and writing out status reports on a real client in a temp profile.

use serde_json::json;
use tandem_core::Millis;

use super::*;
use crate::desk::OPEN_WAIT;

/// 2026-12-01 09:00 UTC.
const NOW: Millis = Millis(1_796_115_600_000);

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn project() -> (tempfile::TempDir, Desk, String) {
    let home = tempfile::tempdir().expect("a temp profile");
    let desk = Desk::open(home.path(), OPEN_WAIT);
    desk.with(|c| {
        c.set_clock(Box::new(|| NOW));
        Ok(())
    })
    .expect("the clock is set");
    let id = desk.create_project("Apollo", "Ada").expect("created").project;
    let add: Command = serde_json::from_value(
        json!({"area": "task", "command": {"action": "add", "title": "Write the brief", "estimate": 6}}),
    )
    .unwrap();
    desk.execute(&id, add).expect("the task is added");
    (home, desk, id)
}

#[test]
fn a_report_is_generated_saved_opened_and_written_out() {
    let (_home, desk, id) = project();
    let (from, to) = (day("2026-11-25"), day("2026-12-01"));
    let html = desk.generate_report(&id, from, to, ReportFormat::Html).unwrap();
    let (view, items) = html.value;
    assert_eq!(html.project, id);
    assert_eq!(
        (view.info.period_from, view.info.period_to, view.info.format),
        (Some(from), Some(to), ReportFormat::Html)
    );
    assert!(view.info.title.contains("Apollo"), "{}", view.info.title);
    assert!(view.content.starts_with("<!DOCTYPE html>") && view.content.contains("<svg"), "self-contained with charts");
    assert_eq!(items, [ItemRef::new(tandem_core::Kind::Report, view.info.id.as_str())]);

    let md = desk.generate_report(&id, from, to, ReportFormat::Markdown).unwrap().value.0;
    assert!(md.content.starts_with("# "), "{}", md.content);
    assert!(md.content.contains("Write the brief") || md.content.contains("6"), "{}", md.content);
    let listed = desk.read(&id, |doc, _| tandem_core::reports::reports(doc)).unwrap();
    assert_eq!(listed.len(), 2);

    let files = tempfile::tempdir().unwrap();
    let path = files.path().join("status.html").display().to_string();
    let written = desk.save_report_file(&id, view.info.id.as_str(), &path).unwrap();
    assert_eq!(std::fs::read_to_string(&written.path).unwrap(), view.content);
    assert_eq!(written.bytes, view.content.len());
}

#[test]
fn a_backwards_or_too_long_period_is_refused_and_nothing_is_saved() {
    let (_home, desk, id) = project();
    let backwards = desk.generate_report(&id, day("2026-12-01"), day("2026-11-25"), ReportFormat::Markdown);
    assert_eq!(
        backwards.unwrap_err().message,
        "the period starts (2026-12-01) after it ends (2026-11-25); choose a first day on or before the last"
    );
    let long = desk.generate_report(&id, day("2025-01-01"), day("2026-12-01"), ReportFormat::Markdown);
    assert!(long.unwrap_err().message.contains("choose a shorter period"));
    assert_eq!(desk.read(&id, |doc, _| tandem_core::reports::reports(doc)).unwrap(), vec![]);
    let unknown = desk.save_report_file(&id, "rp-nothing", "/tmp/x.md").unwrap_err().message;
    assert!(unknown.contains("report"), "{unknown}");
}
