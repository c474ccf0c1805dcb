//! The look back on a real client in a temp profile: a project worked on over three days, read
//! back filtered, grouped, as a diff from each kind of start, and as of a past moment.

use serde_json::json;
use tandem_core::timeline::{ItemChange, SpanOp};
use tandem_core::{Command, ItemRef, Kind};

use super::*;
use crate::desk::{Desk, OPEN_WAIT};

const DAY: i64 = 86_400_000;
/// 2026-12-01 09:00 UTC.
const MONDAY: Millis = Millis(1_796_115_600_000);

/// A desk whose clock reads `at` from now on.
fn at(desk: &Desk, at: Millis) {
    desk.with(|c| {
        c.set_clock(Box::new(move || at));
        Ok(())
    })
    .expect("the clock is set");
}

fn run(desk: &Desk, project: &str, command: serde_json::Value) -> Option<String> {
    let command: Command = serde_json::from_value(command).expect("a command as the UI sends it");
    desk.with(|c| Ok(c.execute(project, command)?)).expect("the command runs").created
}

/// Day 1: the project and a task. Day 2 (10:00): the steering meeting. Day 2 (11:00): the task
/// gets a due date and a description, and a second task is added. Day 3: the second task is
/// deleted.
struct Project {
    _home: tempfile::TempDir,
    desk: Desk,
    id: String,
    brief: String,
    slides: String,
}

fn project() -> Project {
    let home = tempfile::tempdir().expect("a temp profile");
    let desk = Desk::open(home.path(), OPEN_WAIT);
    at(&desk, MONDAY);
    let id = desk.create_project("Apollo", "Ada").expect("created").project;
    let brief =
        run(&desk, &id, json!({"area": "task", "command": {"action": "add", "title": "Write the brief"}})).unwrap();
    at(&desk, Millis(MONDAY.0 + DAY + 3_600_000));
    run(
        &desk,
        &id,
        json!({"area": "meeting", "command": {"action": "add", "title": "Steering 2", "series": "Steering",
            "start": MONDAY.0 + DAY + 3_600_000}}),
    );
    at(&desk, Millis(MONDAY.0 + DAY + 7_200_000));
    run(
        &desk,
        &id,
        json!({"area": "task", "command": {"action": "update", "id": brief,
            "patch": {"due": {"set": "2026-12-10"}, "description": "Scope and budget"}}}),
    );
    let slides = run(&desk, &id, json!({"area": "task", "command": {"action": "add", "title": "Slides"}})).unwrap();
    at(&desk, Millis(MONDAY.0 + 2 * DAY));
    run(&desk, &id, json!({"area": "item", "command": {"action": "delete", "kind": "task", "id": slides}}));
    Project { _home: home, desk, id, brief, slides }
}

fn read<T>(p: &Project, f: impl FnOnce(&Automerge) -> Result<T, CoreError>) -> Result<T, String> {
    p.desk.read(&p.id, |doc, _| Ok(f(doc))).expect("the document reads").map_err(|e| e.to_string())
}

fn summaries(changes: &[ChangeInfo]) -> Vec<&str> {
    changes.iter().map(|c| c.summary.as_str()).collect()
}

#[test]
fn the_history_is_filtered_by_item_and_period_and_grouped_by_day_or_author() {
    let p = project();
    let brief = ItemRef::new(Kind::Task, p.brief.clone());
    let filter = HistoryFilter { item: Some(brief), ..HistoryFilter::default() };
    let page = read(&p, |doc| filtered_history(doc, &filter, HistoryGrouping::None, 0, 10)).unwrap();
    let HistoryGroups::None { changes } = &page.groups else { panic!("one list: {page:?}") };
    assert_eq!((page.total, page.count), (2, 2));
    assert_eq!(summaries(changes).len(), 2);
    assert!(changes[0].summary.contains("Write the brief") && changes[0].time > changes[1].time, "{changes:?}");

    // Day 2 only, by day: one day, newest first.
    let day2 = HistoryFilter {
        from: Some(Millis(MONDAY.0 + DAY)),
        to: Some(Millis(MONDAY.0 + 2 * DAY)),
        ..HistoryFilter::default()
    };
    let page = read(&p, |doc| filtered_history(doc, &day2, HistoryGrouping::Day, 0, 10)).unwrap();
    let HistoryGroups::Day { days } = &page.groups else { panic!("by day: {page:?}") };
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].day.to_string(), "2026-12-02");
    assert_eq!(days[0].changes.len(), 3, "{:?}", summaries(&days[0].changes));

    // Everything by author, a page at a time.
    let all = read(&p, |doc| filtered_history(doc, &HistoryFilter::default(), HistoryGrouping::Author, 0, 2)).unwrap();
    let HistoryGroups::Author { authors } = &all.groups else { panic!("by author: {all:?}") };
    assert_eq!((all.count, all.offset), (2, 0));
    assert!(all.total >= 6, "{all:?}");
    assert_eq!(authors.len(), 1);
    assert_eq!((authors[0].author_name.as_str(), authors[0].changes.len()), ("Ada", 2));
    let rest = read(&p, |doc| filtered_history(doc, &HistoryFilter::default(), HistoryGrouping::None, 2, 500)).unwrap();
    assert_eq!((rest.offset, rest.count), (2, all.total - 2));

    let backwards = HistoryFilter { from: day2.to, to: day2.from, ..HistoryFilter::default() };
    let refused = read(&p, |doc| filtered_history(doc, &backwards, HistoryGrouping::None, 0, 10)).unwrap_err();
    assert!(refused.contains("choose a start before the end"), "{refused}");
}

#[test]
fn what_changed_since_a_time_shows_fields_before_and_after_and_text_spans() {
    let p = project();
    let since = Millis(MONDAY.0 + DAY);
    let now = Millis(MONDAY.0 + 3 * DAY);
    let changed = read(&p, |doc| what_changed(doc, &DiffStart::Time { at: since }, None, now)).unwrap();
    assert_eq!((changed.since, changed.meeting.as_deref()), (Some(since), None));
    let diff = changed.diff.expect("a diff");
    assert_eq!(diff.authors.len(), 1);
    let ada = &diff.authors[0];
    assert_eq!(ada.author, "Ada");
    let brief = ada.items.iter().find(|i| i.item.as_ref().is_some_and(|r| r.id == p.brief)).expect("the brief changed");
    assert_eq!(brief.change, ItemChange::Changed);
    let due = brief.fields.iter().find(|f| f.field == "due").expect("its due date");
    assert_eq!((due.before.as_deref(), due.after.as_deref()), (None, Some("2026-12-10")));
    let text = brief.fields.iter().find_map(|f| f.text.as_ref()).expect("a text diff of the description");
    assert!(text.iter().any(|s| s.op == SpanOp::Added && s.text.contains("Scope")), "{text:?}");
    // Added and deleted within the period: the slides are shown as they ended up.
    assert!(ada.items.iter().any(|i| i.item.as_ref().is_some_and(|r| r.id == p.slides)), "{:?}", ada.items);

    let future = read(&p, |doc| what_changed(doc, &DiffStart::Time { at: Millis(now.0 + DAY) }, None, now));
    assert!(future.unwrap_err().contains("is in the future"));
}

#[test]
fn what_changed_since_the_last_meeting_of_a_series() {
    let p = project();
    let now = Millis(MONDAY.0 + 3 * DAY);
    let start = DiffStart::Meeting { series: "steering".into() };
    let changed = read(&p, |doc| what_changed(doc, &start, None, now)).unwrap();
    assert_eq!(changed.meeting.as_deref(), Some("Steering 2"));
    assert_eq!(changed.since, Some(Millis(MONDAY.0 + DAY + 3_600_000)));
    let diff = changed.diff.expect("a diff");
    assert_eq!(diff.change_count, 3, "the update, the slides, their deletion: {diff:?}");

    let unknown = DiffStart::Meeting { series: "Retro".into() };
    let refused = read(&p, |doc| what_changed(doc, &unknown, None, now)).unwrap_err();
    assert!(refused.starts_with("no meeting of the series 'Retro' has started yet"), "{refused}");
}

#[test]
fn while_you_were_offline_starts_at_the_previous_sync_or_says_there_is_none() {
    let p = project();
    // A project never synced: nothing to compare with, said without an error.
    let none = p.desk.what_changed(&p.id, &DiffStart::Offline).unwrap();
    assert_eq!(none, WhatChanged { since: None, meeting: None, diff: None });

    let now = Millis(MONDAY.0 + 3 * DAY);
    let changed = read(&p, |doc| {
        let heads = timeline::heads_at(doc, Millis(MONDAY.0 + DAY));
        what_changed(doc, &DiffStart::Offline, Some((heads, Some(Millis(MONDAY.0 + DAY)))), now)
    })
    .unwrap();
    assert_eq!(changed.since, Some(Millis(MONDAY.0 + DAY)));
    assert_eq!(changed.diff.expect("a diff").change_count, 4, "the meeting, the update, the slides, their deletion");
}

#[test]
fn the_project_as_of_a_moment_is_read_only_and_counts_from_that_day() {
    let p = project();
    let today = Millis(MONDAY.0 + 3 * DAY).date();
    // Day 2 at noon: both tasks, the slides not deleted yet.
    let noon = Moment::Time { time: Millis(MONDAY.0 + DAY + 3 * 3_600_000) };
    let then = read(&p, |doc| as_of_view(doc, &noon, today)).unwrap();
    let titles: Vec<&str> = then.tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Write the brief", "Slides"]);
    assert_eq!(then.day.to_string(), "2026-12-02");
    assert_eq!(then.dashboard.tasks_open, 2);
    let now = read(&p, |doc| as_of_view(doc, &Moment::Time { time: Millis(MONDAY.0 + 3 * DAY) }, today)).unwrap();
    assert_eq!(now.tasks.len(), 1, "the slides were deleted on day 3");

    // Right after the first task was added: the change by (a prefix of) its hash.
    let first = read(&p, |doc| {
        let filter =
            HistoryFilter { item: Some(ItemRef::new(Kind::Task, p.brief.clone())), ..HistoryFilter::default() };
        Ok(history::filtered(doc, &filter).pop().expect("the task's first change"))
    })
    .unwrap();
    let moment = Moment::Change { hash: first.hash[..10].to_owned() };
    let then = read(&p, |doc| as_of_view(doc, &moment, today)).unwrap();
    assert_eq!((then.heads.as_slice(), then.tasks.len()), ([first.hash.clone()].as_slice(), 1));
    assert_eq!(then.last_change.map(|c| c.hash), Some(first.hash));
    assert_eq!(then.day.to_string(), "2026-12-01");

    let before = Moment::Time { time: Millis(MONDAY.0 - DAY) };
    let refused = read(&p, |doc| as_of_view(doc, &before, today)).unwrap_err();
    assert!(refused.starts_with("the project did not exist yet"), "{refused}");
    let unknown = Moment::Change { hash: "zzz".into() };
    assert!(read(&p, |doc| as_of_view(doc, &unknown, today)).unwrap_err().contains("not a change hash"));
}
