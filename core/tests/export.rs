//! `FileExport`: the bytes of each one-file export (what `tandem export` and the desktop app
//! write) and the names the desktop app's IPC and UI use for them.

use automerge::Automerge;
use tandem_core::Command;
use tandem_core::export::{self, FileExport};
use tandem_core::milestones::MilestoneCommand;
use tandem_core::tasks::{NewTask, TaskCommand};
use tandem_core::testkit::Replica;

const ALL: [FileExport; 7] = [
    FileExport::Tasks,
    FileExport::Risks,
    FileExport::Decisions,
    FileExport::Requests,
    FileExport::Calendar,
    FileExport::Json,
    FileExport::Archive,
];

fn project() -> Replica {
    let mut r = Replica::with_project(1);
    r.create(Command::Task(TaskCommand::Add(NewTask { title: "Write, \"v2\" spec".into(), ..NewTask::default() })));
    r.create(Command::Milestone(MilestoneCommand::Add {
        title: "Beta".into(),
        due: "2026-03-02".parse().unwrap(),
        description: String::new(),
    }));
    r
}

#[test]
fn each_kind_renders_its_own_export() {
    let r = project();
    let today = "2026-02-01".parse().unwrap();
    let bytes = |kind: FileExport| kind.render(&r.doc, "p1", today).unwrap();
    let text = |kind: FileExport| String::from_utf8(bytes(kind)).unwrap();

    assert_eq!(text(FileExport::Tasks), export::tasks_csv(&r.doc).unwrap());
    assert!(text(FileExport::Tasks).contains("\"Write, \"\"v2\"\" spec\""), "{}", text(FileExport::Tasks));
    assert_eq!(text(FileExport::Risks), export::risks_csv(&r.doc).unwrap());
    assert_eq!(text(FileExport::Decisions), export::decisions_csv(&r.doc).unwrap());
    assert_eq!(text(FileExport::Requests), export::requests_csv(&r.doc).unwrap());
    let ics = text(FileExport::Calendar);
    assert_eq!(ics, export::calendar_ics(&r.doc, "p1").unwrap());
    assert!(ics.contains("@p1") && ics.contains("SUMMARY:Milestone: Beta"), "{ics}");

    // JSON: pretty-printed, one final newline, the same value as project_json.
    let json = text(FileExport::Json);
    assert!(json.starts_with("{\n  \"") && json.ends_with("}\n"), "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value, export::project_json(&r.doc, today).unwrap());

    // The archive loads back as the same document, history included.
    let archive = bytes(FileExport::Archive);
    let loaded = Automerge::load(&archive).unwrap();
    assert_eq!(loaded.get_heads(), r.doc.get_heads());
    assert_eq!(export::tasks_csv(&loaded).unwrap(), text(FileExport::Tasks));

    // All but the archive are text, and the seven files differ from each other.
    for kind in ALL {
        assert_eq!(kind.is_text(), kind != FileExport::Archive, "{kind:?}");
    }
    let distinct: std::collections::BTreeSet<Vec<u8>> = ALL.iter().map(|k| bytes(*k)).collect();
    assert_eq!(distinct.len(), ALL.len());
}

#[test]
fn kinds_have_the_names_the_ui_sends() {
    let names: Vec<String> = ALL.iter().map(|k| serde_json::to_string(k).unwrap()).collect();
    assert_eq!(
        names,
        ["tasks", "risks", "decisions", "requests", "calendar", "json", "archive"].map(|n| format!("\"{n}\""))
    );
    for kind in ALL {
        let back: FileExport = serde_json::from_str(&serde_json::to_string(&kind).unwrap()).unwrap();
        assert_eq!(back, kind);
    }
    let err = serde_json::from_str::<FileExport>("\"handover\"").unwrap_err().to_string();
    assert!(err.contains("unknown variant `handover`"), "{err}");
}

#[test]
fn a_document_without_a_project_is_refused_with_the_reason() {
    let empty = Replica::empty(2);
    let err = FileExport::Calendar.render(&empty.doc, "p1", "2026-02-01".parse().unwrap()).unwrap_err();
    assert!(err.to_string().contains("holds no Tandem project"), "{err}");
}
