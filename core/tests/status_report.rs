//! Generated status reports: what a week of work reads like in Markdown (a snapshot), and that
//! the HTML is one self-contained file with its charts.

use chrono::NaiveDate;
use expect_test::expect;
use tandem_core::Command;
use tandem_core::decisions::{DecisionCommand, DecisionStatus, NewDecision};
use tandem_core::ids::{Millis, TaskId};
use tandem_core::log::{LogCommand, LogKind};
use tandem_core::milestones::MilestoneCommand;
use tandem_core::requests::{NewRequest, RequestCommand};
use tandem_core::risks::{NewRisk, RiskCommand};
use tandem_core::status_report::{self, StatusReport};
use tandem_core::tasks::{NewTask, TaskCommand, TaskPatch, TaskStatus};
use tandem_core::testkit::{Replica, T0};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Monday 2026-01-05 to Sunday 2026-01-11: three tasks (20 hours), two finished mid-week, a
/// milestone, a risk, a decision, a request and some log entries.
fn week() -> StatusReport {
    let mut r = Replica::with_project(1);
    let task = |r: &mut Replica, title: &str, hours: f64| -> TaskId {
        r.create(Command::Task(TaskCommand::Add(NewTask {
            title: title.into(),
            estimate: Some(hours),
            due: Some(day("2026-01-09")),
            ..NewTask::default()
        })))
        .parse()
        .unwrap()
    };
    let schema = task(&mut r, "Design schema", 8.0);
    let api = task(&mut r, "Build API", 10.0);
    task(&mut r, "Write docs | guide", 2.0);
    r.ok(Command::Milestone(MilestoneCommand::Add {
        title: "Beta".into(),
        due: day("2026-01-30"),
        description: String::new(),
    }));
    r.ok(Command::Risk(RiskCommand::Add(NewRisk {
        title: "Vendor API late".into(),
        mitigation: "Mock it".into(),
        probability: 4,
        impact: 5,
        ..NewRisk::default()
    })));
    r.ok(Command::Request(RequestCommand::Add(NewRequest {
        title: "Export to <CSV>".into(),
        requester: "ACME".into(),
        received: Some(day("2026-01-06")),
        ..NewRequest::default()
    })));
    // Wednesday: the schema is done; Thursday: the API; a decision and the log.
    r.now = Millis(T0.0 + 2 * 86_400_000);
    r.ok(Command::Task(TaskCommand::Update {
        id: schema,
        patch: TaskPatch { status: Some(TaskStatus::Done), ..TaskPatch::default() },
    }));
    r.ok(Command::Log(LogCommand::Add {
        body: "Schema reviewed & merged".into(),
        kind: LogKind::Progress,
        refs: vec![],
    }));
    r.ok(Command::Log(LogCommand::Add { body: "Coffee machine fixed".into(), kind: LogKind::Note, refs: vec![] }));
    r.now = Millis(T0.0 + 3 * 86_400_000);
    r.ok(Command::Task(TaskCommand::Update {
        id: api,
        patch: TaskPatch { status: Some(TaskStatus::Done), ..TaskPatch::default() },
    }));
    let d = r.create(Command::Decision(DecisionCommand::Add(NewDecision {
        title: "Use PostgreSQL".into(),
        ..NewDecision::default()
    })));
    r.ok(Command::Decision(DecisionCommand::SetStatus {
        id: d.parse().unwrap(),
        status: DecisionStatus::Accepted,
        decided_by: None,
        decided_at: None,
        superseded_by: None,
    }));
    r.ok(Command::Log(LogCommand::Add { body: "Beta scope agreed".into(), kind: LogKind::Milestone, refs: vec![] }));
    status_report::build(&r.doc, day("2026-01-05"), day("2026-01-11")).unwrap()
}

#[test]
fn a_week_in_markdown() {
    let report = week();
    let points: Vec<(String, f64)> = report.burndown.iter().map(|p| (p.day.to_string(), p.remaining_hours)).collect();
    assert_eq!(points[0], ("2026-01-05".into(), 20.0));
    assert_eq!(points[2], ("2026-01-07".into(), 12.0), "the schema (8 h) was done on Wednesday");
    assert_eq!(points[3], ("2026-01-08".into(), 2.0), "the API (10 h) on Thursday");
    assert_eq!(report.burndown.last().map(|p| p.ideal_hours), Some(0.0));
    expect![[r#"
        # Status report: Apollo, 2026-01-05 to 2026-01-11

        For ACME.

        **Health:** At risk (1 of 1 open tasks are overdue (more than 10%))

        **Progress:** 90% of estimated work done. Tasks: 1 open, 2 done, 1 overdue.

        ## Burndown

        | Day | Remaining (h) | Ideal (h) |
        |---|---:|---:|
        | 2026-01-05 | 20.0 | 20.0 |
        | 2026-01-06 | 20.0 | 16.7 |
        | 2026-01-07 | 12.0 | 13.3 |
        | 2026-01-08 | 2.0 | 10.0 |
        | 2026-01-09 | 2.0 | 6.7 |
        | 2026-01-10 | 2.0 | 3.3 |
        | 2026-01-11 | 2.0 | 0.0 |

        Finished in the period: Design schema, Build API.

        ## Milestones

        | Milestone | Due | Status | Tasks done |
        |---|---|---|---:|
        | Beta | 2026-01-30 | open | 0/0 |

        ## Goals

        No goals set.

        ## Top risks

        | Risk | P × I | Owner | Mitigation |
        |---|---|---|---|
        | Vendor API late | 4 × 5 = 20 | - | Mock it |

        ## Decisions made

        - Use PostgreSQL (accepted, 2026-01-08 by Ada)

        ## Client requests

        - Export to <CSV> from ACME (2026-01-06): new

        1 request waiting for triage.

        ## Budget

        Project budget: 100000.00 EUR.

        | Planned | Committed | Actual | Remaining |
        |---:|---:|---:|---:|
        | 0.00 EUR | 0.00 EUR | 0.00 EUR | 0.00 EUR |

        ## Log highlights

        - 2026-01-08 · milestone · Ada: Beta scope agreed
        - 2026-01-07 · progress · Ada: Schema reviewed & merged
        - 2026-01-07 · note · Ada: Coffee machine fixed
    "#]]
    .assert_eq(&status_report::to_markdown(&report));
}

#[test]
fn the_html_is_self_contained_and_escaped() {
    let report = week();
    let html = status_report::to_html(&report).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg").count(), 2, "the burndown and the budget chart");
    assert!(html.contains("Export to &lt;CSV&gt;"), "text is escaped");
    assert!(html.contains("Schema reviewed &amp; merged"));
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="), "nothing external");
    assert!(html.contains("class=\"badge at_risk\""));
}

#[test]
fn bad_periods_are_refused() {
    let r = Replica::with_project(1);
    let err = status_report::build(&r.doc, day("2026-02-01"), day("2026-01-01")).unwrap_err().to_string();
    assert!(err.contains("2026-02-01") && err.contains("2026-01-01"), "{err}");
    let err = status_report::build(&r.doc, day("2026-01-01"), day("2027-06-01")).unwrap_err().to_string();
    assert!(err.contains("at most 366 days"), "{err}");
    // An empty project still reports.
    let empty = status_report::build(&r.doc, day("2026-01-05"), day("2026-01-05")).unwrap();
    assert!(status_report::to_markdown(&empty).contains("No open risks."));
    status_report::to_html(&empty).unwrap();
}
