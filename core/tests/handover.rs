//! The handover package: which files it holds, what the deliverables file says (a snapshot), and
//! the refusals (no deliverables, a deleted or unknown one).

use chrono::NaiveDate;
use expect_test::expect;
use tandem_core::Command;
use tandem_core::decisions::{DecisionCommand, DecisionLink, NewDecision};
use tandem_core::deliverables::{DeliverableCommand, NewDeliverable, ReviewStatus};
use tandem_core::handover::{self, HandoverFile, HandoverRequest};
use tandem_core::ids::{CriterionId, DeliverableId, TaskId};
use tandem_core::items::ItemCommand;
use tandem_core::tasks::{NewTask, TaskCommand};
use tandem_core::testkit::Replica;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn text<'a>(files: &'a [HandoverFile], path: &str) -> &'a str {
    let f = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path} in the package"));
    std::str::from_utf8(&f.contents).unwrap()
}

/// "Billing module": two criteria met, accepted and signed off by the client, one linked task
/// with an accepted decision; "Docs": still a draft with an open criterion.
fn project() -> (Replica, DeliverableId, DeliverableId) {
    let mut r = Replica::with_project(1);
    let task: TaskId = r
        .create(Command::Task(TaskCommand::Add(NewTask { title: "Build billing".into(), ..NewTask::default() })))
        .parse()
        .unwrap();
    let billing: DeliverableId = r
        .create(Command::Deliverable(DeliverableCommand::Add(NewDeliverable {
            title: "Billing module".into(),
            description: "Invoices | credit notes".into(),
            due: Some(day("2026-02-27")),
            criteria: vec!["Invoices total correctly".into(), "PDF export".into()],
            ..NewDeliverable::default()
        })))
        .parse()
        .unwrap();
    r.ok(Command::Deliverable(DeliverableCommand::LinkTask { id: billing.clone(), task: task.clone() }));
    let decision = r.create(Command::Decision(DecisionCommand::Add(NewDecision {
        title: "Round per line".into(),
        decision: "Round each invoice line to the cent.".into(),
        ..NewDecision::default()
    })));
    let decision = decision.parse().unwrap();
    r.ok(Command::Decision(DecisionCommand::Link { id: decision, to: DecisionLink::Task(task) }));
    let d = tandem_core::deliverables::deliverable(&r.doc, &billing).unwrap();
    for c in &d.criteria {
        r.ok(Command::Deliverable(DeliverableCommand::SetCriterionMet {
            id: billing.clone(),
            criterion: c.id.clone(),
            met: true,
        }));
    }
    for review in [ReviewStatus::InReview, ReviewStatus::Accepted] {
        r.ok(Command::Deliverable(DeliverableCommand::SetReview { id: billing.clone(), review }));
    }
    r.ok(Command::Deliverable(DeliverableCommand::SignOff {
        id: billing.clone(),
        by: "Carla (ACME)".into(),
        member: None,
        note: Some("Looks right".into()),
    }));
    let docs: DeliverableId = r
        .create(Command::Deliverable(DeliverableCommand::Add(NewDeliverable {
            title: "Docs".into(),
            criteria: vec!["User guide".into()],
            ..NewDeliverable::default()
        })))
        .parse()
        .unwrap();
    (r, billing, docs)
}

#[test]
fn the_package_holds_criteria_signoffs_decisions_report_and_history() {
    let (r, billing, _) = project();
    let req = HandoverRequest { deliverables: vec![billing], today: day("2026-01-09") };
    let files = handover::package(&r.doc, &req).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "README.md",
            "deliverables.md",
            "decisions.md",
            "decisions.csv",
            "final-report.md",
            "final-report.html",
            "history-summary.md",
            "deliverables.json"
        ]
    );
    expect![[r##"
        # Deliverables

        ## Billing module

        - Owner: —
        - Due: 2026-02-27
        - Review: accepted
        - Criteria met: 2 of 2
        - Signed off by Carla (ACME) on 2026-01-05 09:10 UTC: "Looks right"

        Invoices | credit notes

        ### Acceptance criteria

        | | Criterion | Met by | Met at |
        |---|---|---|---|
        | met | Invoices total correctly | Ada | 2026-01-05 09:06 UTC |
        | met | PDF export | Ada | 2026-01-05 09:07 UTC |

        ### Tasks

        - Build billing (todo)

        ### Decisions

        - **Round per line** (proposed, —): Round each invoice line to the cent.

        ### History

        - 2026-01-05 09:10 UTC Ada: Carla (ACME) signed off 'Billing module'
        - 2026-01-05 09:09 UTC Ada: Accept deliverable 'Billing module'
        - 2026-01-05 09:08 UTC Ada: Submit deliverable 'Billing module' for review
        - 2026-01-05 09:07 UTC Ada: Tick criterion 'PDF export' of 'Billing module'
        - 2026-01-05 09:06 UTC Ada: Tick criterion 'Invoices total correctly' of 'Billing module'
        - 2026-01-05 09:03 UTC Ada: Link task 'Build billing' to deliverable 'Billing module'
        - 2026-01-05 09:02 UTC Ada: Add deliverable 'Billing module'
    "##]]
    .assert_eq(text(&files, "deliverables.md"));
    let readme = text(&files, "README.md");
    assert!(
        readme.contains("| Billing module | accepted | 2 of 2 | Carla (ACME) (2026-01-05 09:10 UTC) |"),
        "{readme}"
    );
    assert!(!readme.contains("Docs"), "only the chosen deliverable: {readme}");
    assert!(text(&files, "decisions.md").contains("## Round per line"));
    assert!(text(&files, "decisions.csv").lines().nth(1).unwrap().contains("Round per line"));
    assert!(text(&files, "final-report.md").starts_with("# "), "{}", text(&files, "final-report.md"));
    let html = text(&files, "final-report.html");
    assert!(html.contains("<svg") && !html.contains("src=\"http"), "self-contained with inline charts");
    let summary = text(&files, "history-summary.md");
    assert!(summary.contains("| Ada | 12 |"), "{summary}");
    assert!(summary.contains("| 2026-01 | 12 |"), "{summary}");
    assert!(summary.contains("- Billing module: 7 changes"), "{summary}");
    let json: serde_json::Value = serde_json::from_str(text(&files, "deliverables.json")).unwrap();
    assert_eq!(json["deliverables"][0]["signoff"]["by"], "Carla (ACME)");
    assert_eq!(json["decisions"][0]["title"], "Round per line");
}

#[test]
fn every_live_deliverable_by_default_with_its_open_findings() {
    let (mut r, _, docs) = project();
    // Sign-off guard: unticking a criterion of a signed-off deliverable is refused, so the
    // "signed off with unmet criteria" finding comes from a concurrent edit: Bo unticks while
    // Ada signs off the docs.
    let crit: CriterionId = tandem_core::deliverables::deliverable(&r.doc, &docs).unwrap().criteria[0].id.clone();
    r.ok(Command::Deliverable(DeliverableCommand::SetCriterionMet {
        id: docs.clone(),
        criterion: crit.clone(),
        met: true,
    }));
    for review in [ReviewStatus::InReview, ReviewStatus::Accepted] {
        r.ok(Command::Deliverable(DeliverableCommand::SetReview { id: docs.clone(), review }));
    }
    let mut bo = r.fork(2);
    r.ok(Command::Deliverable(DeliverableCommand::SignOff {
        id: docs.clone(),
        by: "Carla".into(),
        member: None,
        note: None,
    }));
    bo.ok(Command::Deliverable(DeliverableCommand::SetCriterionMet { id: docs.clone(), criterion: crit, met: false }));
    r.merge_from(&bo);
    let files = handover::package(&r.doc, &HandoverRequest { deliverables: vec![], today: day("2026-01-09") }).unwrap();
    let readme = text(&files, "README.md");
    assert!(readme.contains("| Billing module |") && readme.contains("| Docs |"), "{readme}");
    assert!(readme.contains("**1 open plan-check finding concern"), "{readme}");
    let md = text(&files, "deliverables.md");
    let docs_part = &md[md.find("## Docs").unwrap()..];
    assert!(docs_part.contains("### Open plan-check findings"), "{docs_part}");
    assert!(docs_part.contains("signed off"), "{docs_part}");
}

#[test]
fn refuses_an_empty_project_and_deleted_or_unknown_deliverables() {
    let r = Replica::with_project(1);
    let today = day("2026-01-09");
    let err = handover::package(&r.doc, &HandoverRequest { deliverables: vec![], today }).unwrap_err().to_string();
    assert!(err.contains("no deliverables to hand over"), "{err}");

    let (mut r, billing, docs) = project();
    r.ok(Command::Item(ItemCommand::Delete { kind: tandem_core::Kind::Deliverable, id: docs.to_string() }));
    let err = handover::package(&r.doc, &HandoverRequest { deliverables: vec![billing, docs], today })
        .unwrap_err()
        .to_string();
    assert!(err.contains("'Docs'") && err.contains("is deleted"), "{err}");
    let unknown: DeliverableId = "dlv_zzzzzzzz".parse().unwrap();
    assert!(handover::package(&r.doc, &HandoverRequest { deliverables: vec![unknown], today }).is_err());
}
