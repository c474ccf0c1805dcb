//! Exports, the task import and opening an archive, on a real client in a temp profile and real
//! files in a temp folder.

use serde_json::json;
use tandem_core::Millis;

use super::*;
use crate::desk::OPEN_WAIT;

/// 2026-12-01 09:00 UTC.
const NOW: Millis = Millis(1_796_115_600_000);

struct Project {
    _home: tempfile::TempDir,
    files: tempfile::TempDir,
    desk: Desk,
    id: String,
}

impl Project {
    fn path(&self, name: &str) -> String {
        self.files.path().join(name).display().to_string()
    }
}

fn run(desk: &Desk, project: &str, command: serde_json::Value) {
    let command: Command = serde_json::from_value(command).expect("a command as the UI sends it");
    desk.with(|c| Ok(c.execute(project, command)?)).expect("the command runs");
}

/// Apollo with Ada (coordinator) and Bo, and one task.
fn project() -> Project {
    let home = tempfile::tempdir().expect("a temp profile");
    let desk = Desk::open(home.path(), OPEN_WAIT);
    desk.with(|c| {
        c.set_clock(Box::new(|| NOW));
        Ok(())
    })
    .expect("the clock is set");
    let id = desk.create_project("Apollo", "Ada").expect("created").project;
    run(&desk, &id, json!({"area": "project", "command": {"action": "add_member", "name": "Bo", "role": "member"}}));
    run(&desk, &id, json!({"area": "task", "command": {"action": "add", "title": "Write the brief"}}));
    Project { _home: home, files: tempfile::tempdir().expect("a temp folder"), desk, id }
}

fn titles(p: &Project) -> Vec<String> {
    p.desk.list_tasks(&p.id).unwrap().into_iter().map(|t| t.title).collect()
}

#[test]
fn paths_must_be_full_and_their_folder_must_exist() {
    assert!(chosen_path("  ").unwrap_err().message.starts_with("type the full path of the file"));
    let relative = chosen_path("tasks.csv").unwrap_err().message;
    assert_eq!(
        relative,
        "tasks.csv is not a full path; start it at the root (/home/you/…) or with ~/ for your home folder"
    );
    if let Some(home) = std::env::var_os("HOME") {
        assert_eq!(chosen_path("~/a.csv").unwrap(), Path::new(&home).join("a.csv"));
    }
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/folder/a.csv").display().to_string();
    assert!(
        write_file(&missing, b"x")
            .unwrap_err()
            .message
            .ends_with("does not exist; choose a folder that does, or create it first")
    );
    let folder = dir.path().display().to_string();
    assert!(write_file(&folder, b"x").unwrap_err().message.ends_with("is a folder; add a file name to the path"));
    assert!(read_file(&folder).unwrap_err().message.ends_with("is not a file; type the path of the file itself"));
    let written = write_file(&dir.path().join("a.txt").display().to_string(), b"hello").unwrap();
    assert_eq!(written.bytes, 5);
    assert_eq!(read_file(&written.path).unwrap(), b"hello");
}

#[test]
fn every_export_is_written_to_the_chosen_file() {
    let p = project();
    let tasks = p.desk.export_file(&p.id, ExportKind::Tasks, &p.path("tasks.csv")).unwrap();
    let csv = std::fs::read_to_string(&tasks.path).unwrap();
    assert_eq!(tasks.bytes, csv.len());
    assert!(csv.lines().next().unwrap().contains("title"), "{csv}");
    assert!(csv.contains("Write the brief"), "{csv}");

    let ics = p.desk.export_file(&p.id, ExportKind::Calendar, &p.path("apollo.ics")).unwrap();
    assert!(std::fs::read_to_string(ics.path).unwrap().starts_with("BEGIN:VCALENDAR"));
    let json = p.desk.export_file(&p.id, ExportKind::Json, &p.path("apollo.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(json.path).unwrap()).unwrap();
    assert_eq!(value["tasks"][0]["title"], "Write the brief", "{value}");
    for (what, name) in
        [(ExportKind::Risks, "r.csv"), (ExportKind::Decisions, "d.csv"), (ExportKind::Requests, "q.csv")]
    {
        let written = p.desk.export_file(&p.id, what, &p.path(name)).unwrap();
        assert!(written.bytes > 0, "{what:?} writes its header at least");
    }

    // The archive opens as a new local project holding the same tasks.
    let archive = p.desk.export_file(&p.id, ExportKind::Archive, &p.path("apollo.automerge")).unwrap();
    let opened = p.desk.open_archive(&archive.path).unwrap();
    assert_ne!(opened.project, p.id);
    assert_eq!((opened.value.name.as_str(), opened.value.current), ("Apollo", true));
    let copy: Vec<String> = p.desk.list_tasks(&opened.project).unwrap().into_iter().map(|t| t.title).collect();
    assert_eq!(copy, titles(&p));

    let not_an_archive = p.path("tasks.csv");
    let refused = p.desk.open_archive(&not_an_archive).unwrap_err().message;
    assert!(refused.starts_with("this file is not a Tandem project archive"), "{refused}");
    assert_eq!(p.desk.list_projects().unwrap().len(), 2, "nothing was added");
}

#[test]
fn a_task_csv_is_imported_whole_or_refused_with_its_first_bad_row() {
    let p = project();
    let good = p.path("backlog.csv");
    std::fs::write(&good, "title,assignees,estimate,due\nSet up CI,Bo,4,2026-12-09\nWrite tests,,2.5,\n").unwrap();
    let imported = p.desk.import_tasks(&p.id, &good).unwrap();
    let (outcome, items) = imported.value;
    assert_eq!((outcome.rows, outcome.added, outcome.error.as_deref()), (2, 2, None));
    assert_eq!(outcome.created.len(), 2);
    assert!(items.iter().all(|i| i.kind == tandem_core::Kind::Task) && items.len() >= 2, "{items:?}");
    assert_eq!(titles(&p), ["Write the brief", "Set up CI", "Write tests"]);
    let ci = p.desk.list_tasks(&p.id).unwrap().into_iter().find(|t| t.title == "Set up CI").unwrap();
    assert_eq!((ci.assignees, ci.due.as_deref(), ci.estimate), (vec!["Bo".to_owned()], Some("2026-12-09"), Some(4.0)));

    let bad = p.path("bad.csv");
    std::fs::write(&bad, "title,estimate,due\nFine,1,\nBroken,lots,\nAlso broken,,soon\n").unwrap();
    let refused = p.desk.import_tasks(&p.id, &bad).unwrap_err().message;
    assert_eq!(
        refused,
        "nothing was imported: row 3: estimate 'lots' is not a number of hours (1 more row has a problem); fix the \
         CSV and import it again"
    );
    std::fs::write(&bad, "name\nx\n").unwrap();
    assert!(p.desk.import_tasks(&p.id, &bad).unwrap_err().message.starts_with("the CSV has no 'title' column"));
    std::fs::write(&bad, b"title\n\xff\n").unwrap();
    assert!(p.desk.import_tasks(&p.id, &bad).unwrap_err().message.starts_with("the CSV is not UTF-8 text"));
    assert_eq!(titles(&p).len(), 3, "nothing of a refused CSV was added");
}

#[test]
fn the_handover_package_is_written_as_a_folder_or_a_zip_for_the_chosen_deliverables() {
    let p = project();
    let add = |title: &str| {
        let command: Command = serde_json::from_value(
            json!({"area": "deliverable", "command": {"action": "add", "title": title, "criteria": ["Works"]}}),
        )
        .unwrap();
        p.desk.with(|c| Ok(c.execute(&p.id, command)?)).unwrap().created.expect("a new deliverable")
    };
    let portal = add("Admin portal");
    add("Operations manual");

    let folder = p.desk.export_handover(&p.id, std::slice::from_ref(&portal), &p.path("portal")).unwrap();
    assert!(!folder.zip);
    assert_eq!(folder.files.first().map(String::as_str), Some("README.md"));
    let readme = std::fs::read_to_string(p.files.path().join("portal/README.md")).unwrap();
    assert!(readme.contains("| Admin portal | draft | 0 of 1 | not yet |"), "{readme}");
    assert!(!readme.contains("Operations manual"), "only the chosen deliverable: {readme}");

    let zip = p.desk.export_handover(&p.id, &[], &p.path("all.zip")).unwrap();
    assert!(zip.zip);
    assert_eq!(zip.bytes, std::fs::metadata(p.files.path().join("all.zip")).unwrap().len());

    let again = p.desk.export_handover(&p.id, &[], &p.path("portal")).unwrap_err().message;
    assert!(again.contains("already exists"), "{again}");
    let bad = p.desk.export_handover(&p.id, &["No Such!".into()], &p.path("x")).unwrap_err().message;
    assert!(bad.contains("No Such!"), "{bad}");
    let relative = p.desk.export_handover(&p.id, &[], "handover").unwrap_err().message;
    assert!(relative.contains("is not a full path"), "{relative}");
}
