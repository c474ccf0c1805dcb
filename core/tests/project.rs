//! Project, member and device commands; the migration entry point; and readers that accept the
//! string forms other writers (JS automerge 3) use.

use automerge::transaction::Transactable;
use automerge::{ObjType, ROOT, ReadDoc};
use expect_test::expect;
use tandem_core::project::{self, MemberPatch, MemberRole, ProjectCommand, ProjectPatch};
use tandem_core::schema::Kind;
use tandem_core::tasks::{self, NewTask, TaskCommand};
use tandem_core::testkit::Replica;
use tandem_core::values::{Edit, Health};
use tandem_core::{Command, CoreError, Ctx, Millis};

fn members_table(r: &Replica) -> String {
    project::members(&r.doc)
        .unwrap()
        .iter()
        .map(|m| format!("{} {} {}h active={}\n", m.name, m.role, m.capacity_hours, m.active))
        .collect()
}

#[test]
fn project_settings_and_members() {
    let mut r = Replica::with_project(1);
    r.ok(Command::Project(ProjectCommand::Update(ProjectPatch {
        client: Edit::Set("Globex".into()),
        budget: Edit::Set(25_000_000),
        health: Edit::Set(Health::AtRisk),
        description: Some("Replace the billing system".into()),
        ..ProjectPatch::default()
    })));
    let bo = r.create(Command::Project(ProjectCommand::AddMember {
        name: "Bo".into(),
        role: MemberRole::Member,
        title: Some("Backend developer".into()),
        email: None,
        capacity_hours: Some(32.0),
    }));
    r.ok(Command::Project(ProjectCommand::UpdateMember {
        id: bo.parse().unwrap(),
        patch: MemberPatch { active: Some(false), ..MemberPatch::default() },
    }));
    let p = project::project(&r.doc).unwrap();
    expect![[r#"
        ProjectView {
            name: "Apollo",
            client: Some(
                "Globex",
            ),
            start: Some(
                2026-01-05,
            ),
            end: Some(
                2026-06-30,
            ),
            currency: "EUR",
            budget: Some(
                25000000,
            ),
            health_override: Some(
                AtRisk,
            ),
            description: "Replace the billing system",
            created_at: Some(
                Millis(
                    1767603600000,
                ),
            ),
            schema: 2,
        }
    "#]]
    .assert_debug_eq(&p);
    expect![[r#"
        Ada coordinator 40h active=true
        Bo member 32h active=false
    "#]]
    .assert_eq(&members_table(&r));
}

#[test]
fn project_errors_say_what_to_fix() {
    let mut empty = Replica::empty(9);
    assert_eq!(
        empty.err(Command::Task(TaskCommand::Add(NewTask { title: "x".into(), ..NewTask::default() }))),
        "this document holds no Tandem project; create one first"
    );
    let create = |name: &str, currency: &str| {
        Command::Project(ProjectCommand::Create {
            name: name.into(),
            me: "Ada".into(),
            client: None,
            start: None,
            end: None,
            currency: Some(currency.into()),
            budget: None,
        })
    };
    assert_eq!(empty.err(create(" ", "EUR")), "project name must not be empty");
    assert_eq!(
        empty.err(create("P", "euro")),
        "currency \"EURO\" is not a three-letter ISO 4217 code such as EUR or USD"
    );
    let mut r = Replica::with_project(1);
    assert_eq!(r.err(create("Again", "EUR")), "this document already holds a project");
    assert_eq!(
        r.err(Command::Project(ProjectCommand::Update(ProjectPatch {
            start: Edit::Set("2026-07-01".parse().unwrap()),
            ..ProjectPatch::default()
        }))),
        "start (2026-07-01) is after end (2026-06-30); move one of them"
    );
    assert_eq!(
        r.err(Command::Project(ProjectCommand::Update(ProjectPatch {
            budget: Edit::Set(-1),
            ..ProjectPatch::default()
        }))),
        "budget must not be negative (got -0.01)"
    );
    assert_eq!(
        r.err(Command::Project(ProjectCommand::Join { name: "Ada again".into() })),
        format!(
            "this device already belongs to member {}; use claim to switch",
            project::members(&r.doc).unwrap()[0].id
        )
    );
    assert_eq!(
        r.err(Command::Item(tandem_core::items::ItemCommand::Delete {
            kind: Kind::Member,
            id: project::members(&r.doc).unwrap()[0].id.to_string()
        })),
        "members are not deleted, so their history stays readable; mark them inactive instead"
    );
}

#[test]
fn devices_map_to_members_for_authorship() {
    let mut ada = Replica::with_project(1);
    let cy = ada.create(Command::Project(ProjectCommand::AddMember {
        name: "Cy".into(),
        role: MemberRole::Stakeholder,
        title: None,
        email: None,
        capacity_hours: None,
    }));
    // Cy's laptop gets the project and claims the member the coordinator created.
    let mut laptop = ada.fork(3);
    laptop.ok(Command::Project(ProjectCommand::ClaimMember { id: cy.parse().unwrap() }));
    let out = laptop.ok(Command::Task(TaskCommand::Add(NewTask { title: "Review".into(), ..NewTask::default() })));
    let info = tandem_core::history::change_info(&laptop.doc, &out.hash.unwrap()).unwrap();
    assert_eq!((info.author_name.as_str(), info.summary.as_str()), ("Cy", "Add task 'Review'"));
    // The outcome names the items the change touched, exactly as its recorded message does.
    assert_eq!(out.items, info.items);
    assert_eq!(out.items, vec![tandem_core::ItemRef::new(tandem_core::Kind::Task, out.created.clone().unwrap())]);
    // A command that changes nothing touches nothing.
    let title = |t: &str| tandem_core::tasks::TaskPatch { title: Some(t.into()), ..Default::default() };
    let task: tandem_core::ids::TaskId = out.created.unwrap().parse().unwrap();
    let same = laptop.ok(Command::Task(TaskCommand::Update { id: task, patch: title("Review") }));
    assert_eq!((same.hash, same.items.len()), (None, 0));
    let devices: Vec<String> = project::devices(&laptop.doc).into_iter().map(|(_, m)| m.to_string()).collect();
    assert!(devices.contains(&cy));
}

#[test]
fn migration_creates_missing_collections_and_refuses_newer_schemas() {
    let mut r = Replica::with_project(1);
    // A foreign writer dropped the reports collection.
    let mut tx = r.doc.transaction();
    tx.delete(ROOT, "reports").unwrap();
    tx.commit();
    let (m, hash) = tandem_core::migrate(&mut r.doc, &Ctx::at(Millis(0))).unwrap();
    assert_eq!((m.from, m.to, m.created.clone()), (2, 2, vec!["reports"]));
    assert!(hash.is_some());
    assert!(tandem_core::reports::reports(&r.doc).unwrap().is_empty());
    let (again, none) = tandem_core::migrate(&mut r.doc, &Ctx::at(Millis(0))).unwrap();
    assert_eq!((again.created.len(), none), (0, None));

    let mut tx = r.doc.transaction();
    tx.put(ROOT, "schema", 3).unwrap();
    tx.commit();
    let err = tandem_core::migrate(&mut r.doc, &Ctx::at(Millis(0))).unwrap_err();
    assert_eq!(err, CoreError::SchemaTooNew { found: 3, supported: 2 });
    assert_eq!(err.to_string(), "this project uses schema version 3; this Tandem understands up to 2: upgrade Tandem");
}

#[test]
fn a_version_1_project_is_raised_to_version_2_and_keeps_its_log() {
    let mut r = Replica::with_project(1);
    r.ok(Command::Log(tandem_core::log::LogCommand::Add {
        body: "Kick-off".into(),
        kind: Default::default(),
        refs: vec![],
    }));
    let mut tx = r.doc.transaction();
    tx.put(ROOT, "schema", 1).unwrap();
    tx.commit();
    let (m, hash) = tandem_core::migrate(&mut r.doc, &Ctx::at(Millis(0))).unwrap();
    assert_eq!((m.from, m.to, m.created.clone()), (1, 2, vec![]));
    assert!(hash.is_some());
    assert_eq!(tandem_core::project::project(&r.doc).unwrap().schema, 2);
    let log = tandem_core::log::page(&r.doc, &Default::default(), 0, 10).unwrap();
    assert_eq!(log.entries.iter().map(|e| e.body.as_str()).collect::<Vec<_>>(), ["Kick-off"]);
}

#[test]
fn strings_written_as_text_objects_read_the_same() {
    // JS automerge 3 writes plain strings as Text; readers must accept both forms.
    let mut r = Replica::with_project(1);
    let id = r.create(Command::Task(TaskCommand::Add(NewTask { title: "Scalar".into(), ..NewTask::default() })));
    let coll = tandem_core::schema::collection(&r.doc, Kind::Task).unwrap();
    let task = r.doc.get(&coll, id.as_str()).unwrap().unwrap().1;
    let mut tx = r.doc.transaction();
    let title = tx.put_object(&task, "title", ObjType::Text).unwrap();
    tx.splice_text(&title, 0, 0, "From JS").unwrap();
    tx.put(&task, "status", "in_progress").unwrap();
    tx.commit();
    let t = tasks::task(&r.doc, &id.parse().unwrap()).unwrap();
    assert_eq!((t.title.as_str(), t.status.as_str()), ("From JS", "in_progress"));
}
