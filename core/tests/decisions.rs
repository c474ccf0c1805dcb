//! Decision log commands and views: one `check` helper, snapshot expectations.

use expect_test::{Expect, expect};
use tandem_core::decisions::{self, DecisionCommand, DecisionLink, DecisionPatch, DecisionStatus, NewDecision};
use tandem_core::ids::{DecisionId, MeetingId, MemberId, Millis, TaskId};
use tandem_core::items::ItemCommand;
use tandem_core::meetings::{MeetingCommand, NewMeeting};
use tandem_core::project::{MemberRole, ProjectCommand};
use tandem_core::tasks::{NewTask, TaskCommand};
use tandem_core::testkit::{Replica, T0};
use tandem_core::{Command, Kind};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn add(r: &mut Replica, title: &str) -> DecisionId {
    r.create(Command::Decision(DecisionCommand::Add(NewDecision {
        title: title.into(),
        context: format!("Why {title}"),
        ..NewDecision::default()
    })))
    .parse()
    .unwrap()
}

fn set_status(id: &DecisionId, status: DecisionStatus) -> Command {
    Command::Decision(DecisionCommand::SetStatus {
        id: id.clone(),
        status,
        decided_by: None,
        decided_at: None,
        superseded_by: None,
    })
}

fn supersede(id: &DecisionId, by: Option<&DecisionId>) -> Command {
    Command::Decision(DecisionCommand::SetStatus {
        id: id.clone(),
        status: DecisionStatus::Superseded,
        decided_by: None,
        decided_at: None,
        superseded_by: by.cloned(),
    })
}

fn member(r: &mut Replica, name: &str) -> MemberId {
    r.create(Command::Project(ProjectCommand::AddMember {
        name: name.into(),
        role: MemberRole::Member,
        title: None,
        email: None,
        capacity_hours: None,
    }))
    .parse()
    .unwrap()
}

fn task(r: &mut Replica, title: &str) -> TaskId {
    r.create(Command::Task(TaskCommand::Add(NewTask { title: title.into(), ..NewTask::default() }))).parse().unwrap()
}

fn meeting(r: &mut Replica, title: &str) -> MeetingId {
    r.create(Command::Meeting(MeetingCommand::Add(NewMeeting {
        title: title.into(),
        series: Some("steering".into()),
        start: Millis(T0.0 + 86_400_000),
        duration_minutes: 60,
        location: None,
        attendees: Vec::new(),
        notes: String::new(),
    })))
    .parse()
    .unwrap()
}

/// Renders decisions as text, naming linked items by title instead of id.
fn render(r: &Replica, views: &[decisions::DecisionView]) -> String {
    let all = decisions::decisions(&r.doc).unwrap();
    let dtitle = |id: &DecisionId| all.iter().find(|x| &x.id == id).map(|x| x.title.clone()).unwrap_or_default();
    let mut out = String::new();
    for v in views {
        out.push_str(&format!("{} [{}]", v.title, v.status));
        if let Some(n) = &v.decided_by_name {
            out.push_str(&format!(" by {n}"));
        }
        if let Some(at) = v.decided_at {
            out.push_str(&format!(" on {at}"));
        }
        if v.deleted {
            out.push_str(" (deleted)");
        }
        out.push('\n');
        for (label, text) in [("context", &v.context), ("decision", &v.decision), ("alternatives", &v.alternatives)] {
            if !text.is_empty() {
                out.push_str(&format!("  {label}: {text}\n"));
            }
        }
        if let Some(next) = &v.superseded_by {
            out.push_str(&format!("  superseded by: {}\n", dtitle(next)));
        }
        if !v.supersedes.is_empty() {
            let names: Vec<String> = v.supersedes.iter().map(dtitle).collect();
            out.push_str(&format!("  supersedes: {}\n", names.join(", ")));
        }
        if !v.meetings.is_empty() {
            let names: Vec<String> =
                v.meetings.iter().map(|m| tandem_core::meetings::meeting(&r.doc, m).unwrap().title).collect();
            out.push_str(&format!("  meetings: {}\n", names.join(", ")));
        }
        if !v.tasks.is_empty() {
            let names: Vec<String> =
                v.tasks.iter().map(|t| tandem_core::tasks::task(&r.doc, t).unwrap().title).collect();
            out.push_str(&format!("  tasks: {}\n", names.join(", ")));
        }
    }
    out
}

fn check(r: &Replica, expected: Expect) {
    expected.assert_eq(&render(r, &decisions::decisions(&r.doc).unwrap()));
}

fn check_one(r: &Replica, id: &DecisionId, expected: Expect) {
    expected.assert_eq(&render(r, &[decisions::decision(&r.doc, id).unwrap()]));
}

#[test]
fn decision_log_records_workflow_and_links() {
    let mut r = Replica::with_project(1);
    let bo = member(&mut r, "Bo");
    let kickoff = meeting(&mut r, "Kickoff");
    let schema_task = task(&mut r, "Write schema");
    let mysql = add(&mut r, "Use MySQL");
    let pg = r.create(Command::Decision(DecisionCommand::Add(NewDecision {
        title: "Use Postgres".into(),
        context: "We need JSON columns".into(),
        decision: "Postgres 16".into(),
        alternatives: "MySQL, SQLite".into(),
        meetings: vec![kickoff.clone()],
        ..NewDecision::default()
    })));
    let pg: DecisionId = pg.parse().unwrap();
    let mongo = add(&mut r, "Use MongoDB");

    let out = r.ok(set_status(&mysql, DecisionStatus::Accepted));
    assert_eq!(out.summary, "Accept decision 'Use MySQL'");
    r.ok(Command::Decision(DecisionCommand::SetStatus {
        id: pg.clone(),
        status: DecisionStatus::Accepted,
        decided_by: Some(bo.clone()),
        decided_at: Some(d("2026-01-04")),
        superseded_by: None,
    }));
    let out = r.ok(supersede(&mysql, Some(&pg)));
    assert_eq!(out.summary, "Supersede decision 'Use MySQL' with 'Use Postgres'");
    r.ok(set_status(&mongo, DecisionStatus::Rejected));
    r.ok(Command::Decision(DecisionCommand::Link { id: pg.clone(), to: DecisionLink::Task(schema_task.clone()) }));
    r.ok(Command::Decision(DecisionCommand::Link { id: mysql.clone(), to: DecisionLink::Meeting(kickoff.clone()) }));
    r.ok(Command::Decision(DecisionCommand::Update {
        id: mysql.clone(),
        patch: DecisionPatch { alternatives: Some("Postgres".into()), ..DecisionPatch::default() },
    }));
    check(
        &r,
        expect![[r#"
            Use Postgres [accepted] by Bo on 2026-01-04
              context: We need JSON columns
              decision: Postgres 16
              alternatives: MySQL, SQLite
              supersedes: Use MySQL
              meetings: Kickoff
              tasks: Write schema
            Use MySQL [superseded] by Ada on 2026-01-05
              context: Why Use MySQL
              alternatives: Postgres
              superseded by: Use Postgres
              meetings: Kickoff
            Use MongoDB [rejected] by Ada on 2026-01-05
              context: Why Use MongoDB
        "#]],
    );

    // Reopening a rejected decision clears who decided; unlinking removes both sides of a link.
    r.ok(set_status(&mongo, DecisionStatus::Proposed));
    r.ok(Command::Decision(DecisionCommand::Unlink {
        id: mysql.clone(),
        from: DecisionLink::Meeting(kickoff.clone()),
    }));
    check_one(
        &r,
        &mongo,
        expect![[r#"
            Use MongoDB [proposed]
              context: Why Use MongoDB
        "#]],
    );
    check_one(
        &r,
        &mysql,
        expect![[r#"
            Use MySQL [superseded] by Ada on 2026-01-05
              context: Why Use MySQL
              alternatives: Postgres
              superseded by: Use Postgres
        "#]],
    );
    let m = tandem_core::meetings::meeting(&r.doc, &kickoff).unwrap();
    let linked: Vec<&str> = m.decisions.iter().map(|x| x.title.as_str()).collect();
    assert_eq!(linked, ["Use Postgres"]);

    // Deleted decisions stay in the list, flagged.
    r.ok(Command::Item(ItemCommand::Delete { kind: Kind::Decision, id: mongo.to_string() }));
    assert!(decisions::decision(&r.doc, &mongo).unwrap().deleted);
}

#[test]
fn validation_says_what_to_fix() {
    let mut r = Replica::with_project(1);
    let a = add(&mut r, "A");
    let b = add(&mut r, "B");
    let t = task(&mut r, "T");
    let cases = [
        (Command::Decision(DecisionCommand::Add(NewDecision::default())), "title must not be empty".to_owned()),
        (
            Command::Decision(DecisionCommand::Add(NewDecision {
                title: "X".into(),
                decided_by: Some("nobody".parse().unwrap()),
                ..NewDecision::default()
            })),
            "no member with id nobody in this project".to_owned(),
        ),
        (
            Command::Decision(DecisionCommand::Add(NewDecision {
                title: "X".into(),
                meetings: vec!["nomeeting".parse().unwrap()],
                ..NewDecision::default()
            })),
            "no meeting with id nomeeting in this project".to_owned(),
        ),
        (
            supersede(&a, Some(&b)),
            "a decision cannot go from proposed to superseded; allowed next: accepted, rejected".to_owned(),
        ),
        (set_status(&a, DecisionStatus::Proposed), format!("decision {a} is already proposed")),
        (
            Command::Decision(DecisionCommand::Update { id: a.clone(), patch: DecisionPatch::default() }),
            "nothing to change: give at least one field".to_owned(),
        ),
        (
            Command::Decision(DecisionCommand::Update {
                id: a.clone(),
                patch: DecisionPatch { title: Some("  ".into()), ..DecisionPatch::default() },
            }),
            "title must not be empty".to_owned(),
        ),
        (
            Command::Decision(DecisionCommand::Link { id: a.clone(), to: DecisionLink::Task("nope".parse().unwrap()) }),
            "no task with id nope in this project".to_owned(),
        ),
        (
            Command::Decision(DecisionCommand::Unlink { id: a.clone(), from: DecisionLink::Task(t.clone()) }),
            format!("decision {a} is not linked to task {t}"),
        ),
    ];
    let heads = r.doc.get_heads();
    for (cmd, want) in cases {
        assert_eq!(r.err(cmd), want);
    }
    assert_eq!(r.doc.get_heads(), heads, "refused commands write nothing");

    r.ok(set_status(&a, DecisionStatus::Accepted));
    r.ok(set_status(&b, DecisionStatus::Accepted));
    let heads = r.doc.get_heads();
    let cases = [
        (supersede(&a, None), format!("superseding decision {a} needs superseded_by: the decision that replaces it")),
        (supersede(&a, Some(&a)), format!("decision {a} cannot supersede itself")),
        (supersede(&a, Some(&"ghost".parse().unwrap())), "no decision with id ghost in this project".to_owned()),
        (
            set_status(&a, DecisionStatus::Rejected),
            "a decision cannot go from accepted to rejected; allowed next: superseded".to_owned(),
        ),
    ];
    for (cmd, want) in cases {
        assert_eq!(r.err(cmd), want);
    }
    assert_eq!(r.doc.get_heads(), heads, "refused commands write nothing");

    r.ok(supersede(&a, Some(&b)));
    assert_eq!(
        r.err(set_status(&a, DecisionStatus::Accepted)),
        "a decision cannot go from superseded to accepted; allowed next: nothing (final state)"
    );
    assert_eq!(
        r.err(supersede(&b, Some(&a))),
        format!("decision {a} cannot supersede {b}: it is itself superseded by {b} (through {a} → {b})")
    );
}

#[test]
fn concurrent_edits_of_one_decision_merge() {
    let mut a = Replica::with_project(1);
    let id = add(&mut a, "Hosting");
    let t = task(&mut a, "Provision servers");
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));

    // Ada types into the context while Bo writes the decision text, links a task and accepts.
    a.ok(Command::Item(ItemCommand::EditText {
        kind: Kind::Decision,
        id: id.to_string(),
        field: "context".into(),
        pos: 0,
        delete: 0,
        insert: "Cost: ".into(),
        at: None,
    }));
    b.ok(Command::Item(ItemCommand::EditText {
        kind: Kind::Decision,
        id: id.to_string(),
        field: "context".into(),
        pos: "Why Hosting".len(),
        delete: 0,
        insert: " in the EU".into(),
        at: None,
    }));
    b.ok(Command::Decision(DecisionCommand::Update {
        id: id.clone(),
        patch: DecisionPatch { decision: Some("Hetzner".into()), ..DecisionPatch::default() },
    }));
    b.ok(Command::Decision(DecisionCommand::Link { id: id.clone(), to: DecisionLink::Task(t) }));
    b.ok(set_status(&id, DecisionStatus::Accepted));

    let mut a2 = a.fork(3);
    a.merge_from(&b);
    b.merge_from(&a2);
    a2.merge_from(&b);
    for r in [&a, &b, &a2] {
        check(
            r,
            expect![[r#"
                Hosting [accepted] by Bo on 2026-01-05
                  context: Cost: Why Hosting in the EU
                  decision: Hetzner
                  tasks: Provision servers
            "#]],
        );
    }
}
