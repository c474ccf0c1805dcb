//! Client request commands and views: one `check` helper, snapshot expectations.

use expect_test::{Expect, expect};
use tandem_core::Command;
use tandem_core::ids::{RequestId, TaskId};
use tandem_core::items::ItemCommand;
use tandem_core::project::{self, ProjectCommand};
use tandem_core::requests::{self, NewRequest, Priority, RequestCommand, RequestPatch, RequestStatus, RequestView};
use tandem_core::tasks::{NewTask, TaskCommand};
use tandem_core::testkit::Replica;

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn add(r: &mut Replica, title: &str, requester: &str, received: Option<&str>, priority: Priority) -> RequestId {
    r.create(Command::Request(RequestCommand::Add(NewRequest {
        title: title.into(),
        requester: requester.into(),
        received: received.map(d),
        priority,
        ..NewRequest::default()
    })))
    .parse()
    .unwrap()
}

fn add_task(r: &mut Replica, title: &str) -> TaskId {
    r.create(Command::Task(TaskCommand::Add(NewTask { title: title.into(), ..NewTask::default() }))).parse().unwrap()
}

fn triage(id: &RequestId, status: RequestStatus) -> Command {
    Command::Request(RequestCommand::Triage { id: id.clone(), status, duplicate_of: None, response: None })
}

fn render(r: &Replica, v: &RequestView, out: &mut String) {
    let title_of = |id: &RequestId| requests::request(&r.doc, id).map(|x| x.title).unwrap_or_else(|_| id.to_string());
    out.push_str(&format!(
        "{}{} [{}, {}] from {} received {}",
        if v.deleted { "(deleted) " } else { "" },
        v.title,
        v.status,
        v.priority,
        v.requester,
        v.received.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
    ));
    if let Some(orig) = &v.duplicate_of {
        out.push_str(&format!(" duplicate of '{}'", title_of(orig)));
    }
    out.push('\n');
    if !v.description.is_empty() {
        out.push_str(&format!("  description: {}\n", v.description));
    }
    if !v.response.is_empty() {
        out.push_str(&format!(
            "  response ({} by {}): {}\n",
            v.responded_at.map(|m| m.to_string()).unwrap_or_else(|| "-".into()),
            v.responded_by.as_ref().map(|m| project::member_name(&r.doc, m.as_str())).unwrap_or_else(|| "-".into()),
            v.response
        ));
    }
    if !v.tasks.is_empty() {
        let titles: Vec<String> =
            v.tasks.iter().map(|t| tandem_core::tasks::task(&r.doc, t).map(|t| t.title).unwrap()).collect();
        out.push_str(&format!("  tasks: {}\n", titles.join(", ")));
    }
}

/// Renders the request list (optionally filtered by status), one request per line plus details.
fn check(r: &Replica, status: Option<RequestStatus>, expected: Expect) {
    let mut out = String::new();
    for v in requests::requests(&r.doc, status).unwrap() {
        render(r, &v, &mut out);
    }
    expected.assert_eq(&out);
}

#[test]
fn requests_are_listed_by_received_date_and_filtered_by_status() {
    let mut r = Replica::with_project(1);
    let export = add(&mut r, "CSV export", "Carla (ACME)", Some("2026-01-03"), Priority::High);
    let sso = add(&mut r, "Single sign-on", "Dan (ACME)", Some("2026-01-02"), Priority::Urgent);
    let export2 = add(&mut r, "Export to spreadsheet", "Eve (ACME)", None, Priority::Normal);
    let dark = add(&mut r, "Dark mode", "Carla (ACME)", Some("2026-01-04"), Priority::Low);
    let task = add_task(&mut r, "Build CSV export");
    r.ok(Command::Request(RequestCommand::Update {
        id: export.clone(),
        patch: RequestPatch { description: Some("All tables, UTF-8.".into()), ..Default::default() },
    }));
    r.ok(triage(&export, RequestStatus::Accepted));
    r.ok(Command::Request(RequestCommand::LinkTask { id: export.clone(), task }));
    r.ok(triage(&export, RequestStatus::InProgress));
    let out = r.ok(Command::Request(RequestCommand::Triage {
        id: export2.clone(),
        status: RequestStatus::Duplicate,
        duplicate_of: Some(export.clone()),
        response: Some("Already planned as 'CSV export'.".into()),
    }));
    assert_eq!(out.summary, "Mark request 'Export to spreadsheet' as a duplicate of 'CSV export' with a response");
    r.ok(Command::Request(RequestCommand::Triage {
        id: dark.clone(),
        status: RequestStatus::Rejected,
        duplicate_of: None,
        response: None,
    }));
    r.ok(Command::Request(RequestCommand::Respond { id: dark.clone(), response: "Not in this phase, sorry.".into() }));
    r.ok(triage(&sso, RequestStatus::Accepted));
    check(
        &r,
        None,
        expect![[r#"
            Single sign-on [accepted, urgent] from Dan (ACME) received 2026-01-02
            CSV export [in_progress, high] from Carla (ACME) received 2026-01-03
              description: All tables, UTF-8.
              tasks: Build CSV export
            Dark mode [rejected, low] from Carla (ACME) received 2026-01-04
              response (2026-01-05 09:12:00 UTC by Ada): Not in this phase, sorry.
            Export to spreadsheet [duplicate, normal] from Eve (ACME) received 2026-01-05 duplicate of 'CSV export'
              response (2026-01-05 09:10:00 UTC by Ada): Already planned as 'CSV export'.
        "#]],
    );
    check(
        &r,
        Some(RequestStatus::Accepted),
        expect![[r#"
            Single sign-on [accepted, urgent] from Dan (ACME) received 2026-01-02
        "#]],
    );
    // Reopening a duplicate forgets what it duplicated.
    r.ok(triage(&export2, RequestStatus::New));
    let mut out = String::new();
    render(&r, &requests::request(&r.doc, &export2).unwrap(), &mut out);
    expect![[r#"
        Export to spreadsheet [new, normal] from Eve (ACME) received 2026-01-05
          response (2026-01-05 09:10:00 UTC by Ada): Already planned as 'CSV export'.
    "#]]
    .assert_eq(&out);
}

#[test]
fn request_errors_say_what_to_fix() {
    let mut r = Replica::with_project(1);
    let a = add(&mut r, "CSV export", "Carla", None, Priority::Normal);
    let b = add(&mut r, "Spreadsheet export", "Eve", None, Priority::Normal);
    let cases = [
        (
            Command::Request(RequestCommand::Add(NewRequest { title: "X".into(), ..Default::default() })),
            "requester must not be empty".to_owned(),
        ),
        (
            triage(&b, RequestStatus::Duplicate),
            "to mark request 'Spreadsheet export' as a duplicate, say which request it duplicates (duplicate_of)"
                .to_owned(),
        ),
        (
            Command::Request(RequestCommand::Triage {
                id: b.clone(),
                status: RequestStatus::Duplicate,
                duplicate_of: Some(b.clone()),
                response: None,
            }),
            "request 'Spreadsheet export' cannot be a duplicate of itself".to_owned(),
        ),
        (
            Command::Request(RequestCommand::Triage {
                id: b.clone(),
                status: RequestStatus::Duplicate,
                duplicate_of: Some("nothere".parse().unwrap()),
                response: None,
            }),
            "no client request with id nothere in this project".to_owned(),
        ),
        (
            Command::Request(RequestCommand::Triage {
                id: b.clone(),
                status: RequestStatus::Accepted,
                duplicate_of: Some(a.clone()),
                response: None,
            }),
            "duplicate_of only applies when marking a request as duplicate, not accepted".to_owned(),
        ),
        (
            triage(&a, RequestStatus::Done),
            "a client request cannot go from new to done; allowed next: accepted, rejected, duplicate".to_owned(),
        ),
        (triage(&a, RequestStatus::New), "request 'CSV export' is already new".to_owned()),
        (
            Command::Request(RequestCommand::Respond { id: a.clone(), response: "  ".into() }),
            "response must not be empty".to_owned(),
        ),
        (
            Command::Request(RequestCommand::LinkTask { id: a.clone(), task: "nothere".parse().unwrap() }),
            "no task with id nothere in this project".to_owned(),
        ),
        (
            Command::Request(RequestCommand::UnlinkTask { id: a.clone(), task: "nothere".parse().unwrap() }),
            format!("task nothere is not linked to client request {a}"),
        ),
    ];
    let heads = r.doc.get_heads();
    for (cmd, want) in cases {
        assert_eq!(r.err(cmd), want);
    }
    assert_eq!(r.doc.get_heads(), heads, "refused commands write nothing");

    r.ok(Command::Request(RequestCommand::Triage {
        id: b.clone(),
        status: RequestStatus::Duplicate,
        duplicate_of: Some(a.clone()),
        response: None,
    }));
    assert_eq!(
        r.err(Command::Request(RequestCommand::Triage {
            id: a.clone(),
            status: RequestStatus::Duplicate,
            duplicate_of: Some(b.clone()),
            response: None,
        })),
        "request 'Spreadsheet export' is already marked as a duplicate of 'CSV export'; reopen it first"
    );
    r.ok(Command::Item(ItemCommand::Delete { kind: tandem_core::Kind::Request, id: a.to_string() }));
    assert_eq!(
        r.err(triage(&a, RequestStatus::Accepted)),
        format!("client request {a} was deleted; restore it before editing it")
    );
}

#[test]
fn commands_travel_as_json() {
    let json =
        r#"{"area":"request","command":{"action":"triage","id":"abc","status":"duplicate","duplicate_of":"def"}}"#;
    let cmd: Command = serde_json::from_str(json).unwrap();
    assert_eq!(
        cmd,
        Command::Request(RequestCommand::Triage {
            id: "abc".parse().unwrap(),
            status: RequestStatus::Duplicate,
            duplicate_of: Some("def".parse().unwrap()),
            response: None,
        })
    );
}

#[test]
fn two_people_append_to_one_response_and_both_texts_survive() {
    let mut a = Replica::with_project(1);
    let req = add(&mut a, "CSV export", "Carla", Some("2026-01-03"), Priority::High);
    a.ok(Command::Request(RequestCommand::Respond { id: req.clone(), response: "Thanks, Carla.".into() }));
    let task = add_task(&mut a, "Build CSV export");
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));

    a.ok(Command::Request(RequestCommand::Respond {
        id: req.clone(),
        response: "Thanks, Carla. We will ship it in March.".into(),
    }));
    a.ok(triage(&req, RequestStatus::Accepted));
    b.ok(Command::Request(RequestCommand::Respond {
        id: req.clone(),
        response: "Thanks, Carla. Bo will call you about the columns.".into(),
    }));
    b.ok(Command::Request(RequestCommand::LinkTask { id: req.clone(), task }));
    b.ok(Command::Request(RequestCommand::Update {
        id: req.clone(),
        patch: RequestPatch { priority: Some(Priority::Urgent), ..Default::default() },
    }));

    a.merge_from(&b);
    b.merge_from(&a);
    let merged = requests::request(&a.doc, &req).unwrap();
    assert_eq!(merged, requests::request(&b.doc, &req).unwrap(), "both replicas converge");
    assert!(merged.response.contains(" We will ship it in March."), "{}", merged.response);
    assert!(merged.response.contains(" Bo will call you about the columns."), "{}", merged.response);
    assert_eq!(merged.response.matches("Thanks, Carla.").count(), 1);
    check(
        &a,
        None,
        expect![[r#"
            CSV export [accepted, urgent] from Carla received 2026-01-03
              response (2026-01-05 09:05:00 UTC by Bo): Thanks, Carla. Bo will call you about the columns. We will ship it in March.
              tasks: Build CSV export
        "#]],
    );
}
