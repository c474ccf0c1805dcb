//! The coordinator's history: filtered and grouped history, the project as of a moment, and the
//! difference between two moments grouped by author (with snapshot expectations).

use expect_test::{Expect, expect};
use tandem_core::history::{self, HistoryFilter};
use tandem_core::ids::{Millis, TaskId};
use tandem_core::items::ItemCommand;
use tandem_core::project::ProjectCommand;
use tandem_core::schema::Kind;
use tandem_core::tasks::{NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::testkit::{Replica, T0};
use tandem_core::timeline::{self, DiffView};
use tandem_core::{Command, ItemRef};

fn add_task(r: &mut Replica, title: &str, description: &str) -> TaskId {
    r.create(Command::Task(TaskCommand::Add(NewTask {
        title: title.into(),
        description: description.into(),
        estimate: Some(4.0),
        ..NewTask::default()
    })))
    .parse()
    .unwrap()
}

fn update(id: &TaskId, patch: TaskPatch) -> Command {
    Command::Task(TaskCommand::Update { id: id.clone(), patch })
}

/// Ada plans two tasks on Monday; Bo joins. On Tuesday, while apart, Ada rewrites a
/// description and deletes a task, Bo assigns himself and adds a task; then they merge.
fn week() -> (Replica, Millis, TaskId, TaskId) {
    let mut ada = Replica::with_project(1);
    let mut bo = ada.fork(2);
    bo.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));
    ada.merge_from(&bo);
    let api = add_task(&mut ada, "Build API", "REST endpoints for orders.\nPaging later.");
    let docs = add_task(&mut ada, "Write docs", "");
    bo.merge_from(&ada);
    // Tuesday.
    let tuesday = Millis(T0.0 + 24 * 3_600_000);
    ada.now = tuesday;
    bo.now = Millis(tuesday.0 + 30 * 60_000);
    ada.ok(Command::Item(ItemCommand::EditText {
        kind: Kind::Task,
        id: api.to_string(),
        field: "description".into(),
        pos: 0,
        delete: 4,
        insert: "gRPC".into(),
        at: None,
    }));
    ada.ok(Command::Item(ItemCommand::Delete { kind: Kind::Task, id: docs.to_string() }));
    let bo_id = tandem_core::project::members(&bo.doc).unwrap().into_iter().find(|m| m.name == "Bo").unwrap().id;
    bo.ok(Command::Task(TaskCommand::Assign { id: api.clone(), member: bo_id }));
    bo.ok(update(&api, TaskPatch { status: Some(TaskStatus::InProgress), ..Default::default() }));
    add_task(&mut bo, "Load test", "");
    ada.merge_from(&bo);
    (ada, tuesday, api, docs)
}

fn show(d: &DiffView) -> String {
    let mut out = format!("{} changes\n", d.change_count);
    for a in &d.authors {
        out.push_str(&format!("{} ({} changes)\n", a.author, a.changes.len()));
        for i in &a.items {
            out.push_str(&format!("  {:?} {}\n", i.change, i.label));
            for f in &i.fields {
                match &f.text {
                    Some(spans) => out.push_str(&format!("    {}: {}\n", f.field, timeline::render_text_diff(spans))),
                    None => out.push_str(&format!(
                        "    {}: {} -> {}\n",
                        f.field,
                        f.before.as_deref().unwrap_or("(unset)"),
                        f.after.as_deref().unwrap_or("(unset)")
                    )),
                }
            }
        }
    }
    out
}

fn check(d: &DiffView, expected: Expect) {
    expected.assert_eq(&show(d));
}

#[test]
fn what_changed_since_monday_grouped_by_author() {
    let (ada, tuesday, _, _) = week();
    let monday_evening = timeline::heads_at(&ada.doc, Millis(tuesday.0 - 3_600_000));
    let d = timeline::diff(&ada.doc, &monday_evening, &ada.doc.get_heads()).unwrap();
    check(
        &d,
        expect![[r#"
            5 changes
            Bo (3 changes)
              Created Load test
                estimate: (unset) -> 4.0
                status: (unset) -> todo
                title: (unset) -> Load test
              Changed Build API
                assignees: (unset) -> Bo
                status: todo -> in_progress
            Ada (2 changes)
              Changed Build API
                description: [-REST-]{+gRPC+} endpoints for orders.
            Paging later.
              Deleted Write docs
        "#]],
    );
}

#[test]
fn the_project_as_of_a_moment_is_what_it_was_then() {
    let (ada, tuesday, api, docs) = week();
    let monday = timeline::heads_at(&ada.doc, Millis(tuesday.0 - 1));
    let then = timeline::as_of(&ada.doc, &monday).unwrap();
    let tasks = tandem_core::tasks::tasks(&then).unwrap();
    let titles: Vec<(&str, bool)> = tasks.iter().map(|t| (t.title.as_str(), t.deleted)).collect();
    assert_eq!(titles, [("Build API", false), ("Write docs", false)]);
    assert_eq!(tandem_core::tasks::task(&then, &api).unwrap().description, "REST endpoints for orders.\nPaging later.");
    // Now: docs deleted, a third task, the description rewritten.
    assert!(tandem_core::tasks::task(&ada.doc, &docs).unwrap().deleted);
    assert_eq!(tandem_core::tasks::tasks(&ada.doc).unwrap().len(), 3);
    // Before the project existed there is nothing; after the last change, everything.
    assert!(timeline::heads_at(&ada.doc, Millis(T0.0 - 1)).is_empty());
    let mut all = timeline::heads_at(&ada.doc, Millis(tuesday.0 + 86_400_000));
    let mut heads = ada.doc.get_heads();
    all.sort();
    heads.sort();
    assert_eq!(all, heads);
    // A change can name a moment too: the project right after Ada deleted the docs task.
    let deletion = history::changes(&ada.doc).into_iter().find(|c| c.summary.starts_with("Delete task")).unwrap();
    let at_deletion = timeline::find_change(&ada.doc, &deletion.hash[..10]).unwrap();
    let then = timeline::as_of(&ada.doc, &[at_deletion]).unwrap();
    assert!(tandem_core::tasks::task(&then, &docs).unwrap().deleted);
    assert_eq!(tandem_core::tasks::tasks(&then).unwrap().len(), 2, "Bo's task is not part of that moment");
    let err = timeline::find_change(&ada.doc, "zz").unwrap_err().to_string();
    assert!(err.contains("not a change hash"), "{err}");
}

#[test]
fn history_filters_by_member_item_and_period_and_groups() {
    let (ada, tuesday, api, _) = week();
    let bo = tandem_core::project::members(&ada.doc).unwrap().into_iter().find(|m| m.name == "Bo").unwrap().id;
    let only_bo = history::filtered(&ada.doc, &HistoryFilter { member: Some(bo), ..Default::default() });
    let summaries: Vec<&str> = only_bo.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(summaries.len(), 4, "{summaries:?}");
    assert_eq!(summaries[3], "Bo joined the project");
    let api_history = history::filtered(
        &ada.doc,
        &HistoryFilter { item: Some(ItemRef::new(Kind::Task, api.as_str())), ..Default::default() },
    );
    let authors: Vec<&str> = api_history.iter().map(|c| c.author_name.as_str()).collect();
    assert_eq!(
        authors,
        ["Bo", "Bo", "Ada", "Ada"],
        "newest first: Bo's status and assignment, Ada's text edit and creation"
    );
    let tuesday_only = history::filtered(&ada.doc, &HistoryFilter { from: Some(tuesday), ..Default::default() });
    assert_eq!(tuesday_only.len(), 5);
    let monday_only = history::filtered(&ada.doc, &HistoryFilter { to: Some(tuesday), ..Default::default() });
    assert_eq!(monday_only.len() + tuesday_only.len(), history::changes(&ada.doc).len());

    let by_author = history::group_by_author(history::filtered(&ada.doc, &HistoryFilter::default()));
    let counts: Vec<(&str, usize)> = by_author.iter().map(|g| (g.author_name.as_str(), g.changes.len())).collect();
    assert_eq!(counts, [("Ada", 5), ("Bo", 4)]);
    let by_day = history::group_by_day(history::filtered(&ada.doc, &HistoryFilter::default()));
    let days: Vec<(String, usize)> = by_day.iter().map(|g| (g.day.to_string(), g.changes.len())).collect();
    assert_eq!(days, [("2026-01-06".to_owned(), 5), ("2026-01-05".to_owned(), 4)]);
}
