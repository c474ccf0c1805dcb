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

#[test]
fn the_handover_package_is_written_as_a_folder_or_a_zip_and_never_overwrites() {
    let t = Tandem::with_project();
    let portal = t.create(&["deliverable", "add", "Admin portal", "--criterion", "SSO login"]);
    t.create(&["deliverable", "add", "Operations manual"]);
    let crit = t.json(&["deliverable", "show", &portal])["criteria"][0]["id"].as_str().unwrap().to_owned();
    t.ok(&["deliverable", "criterion", &portal, "met", &crit]);
    t.ok(&["deliverable", "review", &portal, "in_review"]);
    t.ok(&["deliverable", "review", &portal, "accepted"]);
    t.ok(&["deliverable", "sign-off", &portal, "--by", "Carol (ACME)"]);
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();

    let err = t.err(&["export", "handover"]);
    assert!(err.contains("give --out FOLDER"), "{err}");
    let err = t.err(&["export", "tasks", "--deliverable", "Admin"]);
    assert!(err.contains("--deliverable only applies to `tandem export handover`"), "{err}");

    // One deliverable, as a folder.
    let said = t.ok(&["export", "handover", "--deliverable", &portal[..5], "--out", &path("portal")]);
    assert!(said.starts_with("Wrote the handover package (8 files,"), "{said}");
    let readme = std::fs::read_to_string(dir.path().join("portal/README.md")).unwrap();
    assert!(readme.contains("| Admin portal | accepted | 1 of 1 | Carol (ACME) ("), "{readme}");
    assert!(!readme.contains("Operations manual"), "{readme}");
    let md = std::fs::read_to_string(dir.path().join("portal/deliverables.md")).unwrap();
    assert!(md.contains("| met | SSO login | Ada |"), "{md}");
    assert!(dir.path().join("portal/final-report.html").is_file());

    // Writing again to the same place is refused and changes nothing.
    let err = t.err(&["export", "handover", "--out", &path("portal")]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("portal/README.md")).unwrap(), readme);

    // Every deliverable, as one zip file.
    let written = t.json(&["export", "handover", "--out", &path("all.zip")]);
    assert_eq!(written["form"], "zip");
    assert_eq!(written["files"], 8);
    let bytes = std::fs::read(path("all.zip")).unwrap();
    assert_eq!(written["bytes"].as_u64(), Some(bytes.len() as u64));
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip file");
    let err = t.err(&["export", "handover", "--deliverable", "zzzz9", "--out", &path("x")]);
    assert!(err.contains("zzzz9"), "{err}");
    assert!(!dir.path().join("x").exists());
}
