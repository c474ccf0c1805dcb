//! `tandem export`, `tandem import tasks` and `tandem project open-archive` through the real
//! binary.

mod common;

use common::Tandem;

#[test]
fn exports_read_back_and_a_bad_import_changes_nothing() {
    let t = Tandem::with_project();
    t.ok(&["member", "add", "Bo"]);
    t.ok(&["task", "add", "Design, \"v2\" schema", "--assignee", "Bo", "--due", "2026-12-08", "--estimate", "8"]);
    t.ok(&["milestone", "add", "Beta", "--due", "2026-12-20"]);
    t.ok(&["meeting", "add", "Kickoff", "--start", "2026-12-03 10:00", "--attendee", "Bo"]);
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();

    // CSV quotes what needs quoting and names the assignee.
    let csv = t.ok(&["export", "tasks"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,title,status,assignees,estimate,spent,start,due,milestone,parent,depends_on,tags,description")
    );
    let row = lines.next().unwrap();
    assert!(row.contains(",\"Design, \"\"v2\"\" schema\",todo,Bo,8,0,,2026-12-08,"), "{row}");

    // iCalendar: the meeting and the milestone, with stable ids.
    let ics = t.ok(&["export", "calendar"]);
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "{ics}");
    assert!(ics.contains("SUMMARY:Kickoff") && ics.contains("DTSTART:20261203T100000Z"), "{ics}");
    assert!(ics.contains("SUMMARY:Milestone: Beta") && ics.contains("DTSTART;VALUE=DATE:20261220"), "{ics}");
    assert!(ics.contains("Attendees: Bo"), "{ics}");

    // JSON of the whole project.
    t.ok(&["export", "json", "--out", &path("p.json")]);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path("p.json")).unwrap()).unwrap();
    assert_eq!(json["format"], "tandem-project-export");
    assert_eq!(json["tasks"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["meetings"][0]["title"], "Kickoff");

    // A CSV with one bad row imports nothing and names the row.
    std::fs::write(
        path("bad.csv"),
        "title,due,assignees,estimate\nWrite docs,2026-12-10,Bo,3\nDeploy,12/10/2026,Cy,lots\n",
    )
    .unwrap();
    let err = t.err(&["import", "tasks", &path("bad.csv")]);
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        err.contains("row 3") && err.contains("12/10/2026") && err.contains("'Cy'") && err.contains("lots"),
        "{err}"
    );
    assert_eq!(t.json(&["task", "list"]).as_array().map(Vec::len), Some(1));
    std::fs::write(
        path("good.csv"),
        "Title,Due,Assignees,Estimate,Tags\nWrite docs,2026-12-10,Bo,3,docs; v1\nDeploy,,,,\n",
    )
    .unwrap();
    assert_eq!(
        t.ok(&["import", "tasks", &path("good.csv")]).trim(),
        format!("Imported 2 tasks from {}", path("good.csv"))
    );
    let tasks = t.json(&["task", "list"]);
    let docs = tasks.as_array().unwrap().iter().find(|t| t["title"] == "Write docs").unwrap();
    assert_eq!((docs["due"].as_str(), docs["estimate"].as_f64()), (Some("2026-12-10"), Some(3.0)), "{docs}");
    assert_eq!(docs["tags"], serde_json::json!(["docs", "v1"]));

    // The archive opens as a second project with the same content and history.
    let err = t.err(&["export", "archive"]);
    assert!(err.contains("--out"), "{err}");
    t.ok(&["export", "archive", "--out", &path("apollo.automerge")]);
    let before = t.ok(&["export", "tasks"]);
    let history = t.json(&["history", "--limit", "0"]).as_array().map(Vec::len);
    let opened = t.json(&["project", "open-archive", &path("apollo.automerge")]);
    assert_eq!(opened["name"], "Apollo");
    assert_eq!(t.json(&["project", "list"]).as_array().map(Vec::len), Some(2));
    assert_eq!(t.ok(&["export", "tasks"]), before, "the copy is current and holds the same tasks");
    assert_eq!(t.json(&["history", "--limit", "0"]).as_array().map(Vec::len), history, "and the whole history");
    let err = t.err(&["project", "open-archive", &path("p.json")]);
    assert!(err.contains("not a Tandem project archive"), "{err}");
}
