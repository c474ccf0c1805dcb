//! `tandem deliverable …` (criteria, review, sign-off) and `tandem report …` (saved reports).

mod common;

use common::Tandem;
use expect_test::expect;

/// Replaces each full id with its label, and the short criterion id after each checkbox with `<c>`.
fn norm(out: &str, ids: &[(&str, &str)]) -> String {
    let out = ids.iter().fold(out.to_owned(), |s, (id, label)| s.replace(id, label));
    out.lines()
        .map(|l| match l.find("] ") {
            Some(i) if l.trim_start().starts_with('[') && !l.contains('<') => {
                let rest = &l[i + 2..];
                format!("{}<c>{}\n", &l[..i + 2], &rest[rest.find(' ').unwrap()..])
            }
            _ => format!("{l}\n"),
        })
        .collect()
}

/// The id of the deliverable's criterion with this text.
fn criterion(t: &Tandem, d: &str, text: &str) -> String {
    let v = t.json(&["deliverable", "show", d]);
    let c = v["criteria"].as_array().unwrap().iter().find(|c| c["text"] == text).expect("criterion exists");
    c["id"].as_str().unwrap().to_owned()
}

/// A table without its one-space left margin (expect-test strips common indentation).
fn unindent(out: &str) -> String {
    out.lines().map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l))).collect()
}

#[test]
fn deliverable_flow_from_criteria_through_review_to_sign_off() {
    let t = Tandem::with_project();
    t.ok(&["member", "add", "Bo"]);
    let portal = t.create(&[
        "deliverable",
        "add",
        "Admin portal",
        "--due",
        "2027-01-15",
        "--owner",
        "bo",
        "--criterion",
        "SSO login",
        "--criterion",
        "Audit log",
        "--description",
        "The back office for ACME's staff.",
    ]);
    let docs = t.create(&["deliverable", "add", "Operations manual"]);
    let task = t.create(&["task", "add", "Build audit log"]);
    let added = t.json(&["deliverable", "criterion", &portal[..5], "add", "Load test at 200 users"]);
    assert_eq!(added["summary"], "Add criterion 'Load test at 200 users' to 'Admin portal'");
    let load = added["created"].as_str().unwrap().to_owned();
    t.ok(&["deliverable", "link", &portal, &task[..5]]);

    let ids = [(portal.as_str(), "<portal>"), (docs.as_str(), "<docs>"), (task.as_str(), "<task>")];
    expect![[r#"
        Admin portal  [<portal>]
        owner: Bo  due: 2027-01-15
        review: draft
        criteria: 0/3 met
          [ ] <c>  SSO login
          [ ] <c>  Audit log
          [ ] <c>  Load test at 200 users
        sign-off: -
        tasks:
          <task>  Build audit log

        The back office for ACME's staff.
    "#]]
    .assert_eq(&norm(&t.ok(&["deliverable", "show", &portal]), &ids));

    // The short ids shown are enough to name a criterion.
    let shown = t.ok(&["deliverable", "show", &portal]);
    let short_sso = shown.lines().find(|l| l.ends_with("SSO login")).unwrap().split_whitespace().nth(2).unwrap();
    assert_eq!(
        t.ok(&["deliverable", "criterion", &portal, "met", short_sso]),
        "Tick criterion 'SSO login' of 'Admin portal'\n"
    );
    let sso = criterion(&t, &portal, "SSO login");
    assert!(sso.starts_with(short_sso));
    let audit = criterion(&t, &portal, "Audit log");
    t.ok(&["deliverable", "criterion", &portal, "edit", &audit[..6], "Audit log of every admin action"]);
    t.ok(&["deliverable", "review", &portal, "in_review"]);
    assert_eq!(t.ok(&["deliverable", "review", &portal, "accepted"]), "Accept deliverable 'Admin portal'\n");

    // Sign-off needs every criterion met; the message names the unmet ones.
    assert_eq!(
        t.err(&["deliverable", "sign-off", &portal, "--by", "Carol (ACME)"]),
        "error: deliverable 'Admin portal' cannot be signed off: 2 acceptance criteria are not met: \
         'Audit log of every admin action', 'Load test at 200 users'"
    );
    t.ok(&["deliverable", "criterion", &portal, "met", &audit]);
    t.ok(&["deliverable", "criterion", &portal, "met", &load[..6]]);
    assert_eq!(
        t.ok(&["deliverable", "sign-off", &portal, "--by", "Carol (ACME)", "--member", "Ada", "--note", "Approved"]),
        "Carol (ACME) signed off 'Admin portal'\n"
    );

    expect![[r#"
        Admin portal  [<portal>]
        owner: Bo  due: 2027-01-15
        review: accepted
        criteria: 3/3 met
          [x] <c>  SSO login
          [x] <c>  Audit log of every admin action
          [x] <c>  Load test at 200 users
        sign-off: Carol (ACME) (member Ada) at 2026-12-01 09:00:00 UTC
          note: Approved
        tasks:
          <task>  Build audit log

        The back office for ACME's staff.
    "#]]
    .assert_eq(&norm(&t.ok(&["deliverable", "show", &portal]), &ids));
    expect![[r#"
         ID          TITLE              DUE         OWNER  REVIEW    CRITERIA MET  SIGNED OFF BY
         <portal>  Admin portal       2027-01-15  Bo     accepted  3/3           Carol (ACME)
         <docs>  Operations manual  -           -      draft     0/0           -
    "#]]
    .assert_eq(&unindent(&norm(&t.ok(&["deliverable", "list"]), &ids)));

    // JSON shapes.
    let ada = t.json(&["member", "list"])[0]["id"].as_str().unwrap().to_owned();
    let d = t.json(&["deliverable", "show", &portal]);
    assert_eq!(d["review"], "accepted");
    assert_eq!((d["criteria_met"].as_u64(), d["criteria_total"].as_u64()), (Some(3), Some(3)));
    assert_eq!(d["criteria"][0]["id"], sso.as_str());
    assert_eq!(d["criteria"][0]["met"], true);
    assert_eq!(d["criteria"][0]["met_by"], ada.as_str());
    assert_eq!(d["signoff"]["by"], "Carol (ACME)");
    assert_eq!(d["signoff"]["member"], ada.as_str());
    assert_eq!(d["signoff"]["note"], "Approved");
    assert_eq!(d["due"], "2027-01-15");
    assert_eq!(d["tasks"], serde_json::json!([task]));
    let list = t.json(&["deliverable", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["signoff"], serde_json::Value::Null);

    // Signed off: criteria are frozen until the sign-off is revoked.
    assert_eq!(
        t.err(&["deliverable", "criterion", &portal, "unmet", &audit]),
        "error: deliverable 'Admin portal' is signed off by Carol (ACME); revoke the sign-off before unticking criteria"
    );
    assert_eq!(
        t.ok(&["deliverable", "revoke-sign-off", &portal]),
        "Revoke Carol (ACME)'s sign-off of 'Admin portal'\n"
    );
    t.ok(&["deliverable", "criterion", &portal, "unmet", &audit]);
    assert_eq!(
        t.ok(&["deliverable", "criterion", &portal, "remove", &load]),
        "Remove criterion 'Load test at 200 users' from 'Admin portal'\n"
    );
    t.ok(&["deliverable", "review", &portal, "changes_requested"]);
    t.ok(&["deliverable", "unlink", &portal, &task]);
    assert_eq!(
        t.ok(&["deliverable", "set", &portal, "--title", "Admin portal v1", "--due", "none", "--owner", "none"]),
        "Update deliverable 'Admin portal': title to 'Admin portal v1', due to none, owner cleared\n"
    );
    t.ok(&["deliverable", "set", &docs, "--due", "2027-02-01", "--owner", "Bo", "--description", "For the ops team."]);
    let d = t.json(&["deliverable", "show", &portal]);
    assert_eq!(
        (d["review"].as_str(), d["criteria_met"].as_u64(), d["criteria_total"].as_u64()),
        (Some("changes_requested"), Some(1), Some(2))
    );
    assert_eq!((d["due"].is_null(), d["owner"].is_null(), d["signoff"].is_null()), (true, true, true));
    assert_eq!(d["tasks"], serde_json::json!([]));
    assert_eq!(t.json(&["deliverable", "show", &docs])["description"], "For the ops team.");
    t.ok(&["delete", "deliverable", &docs]);
    assert_eq!(t.json(&["deliverable", "list"]).as_array().unwrap().len(), 1);
    assert!(norm(&t.ok(&["deliverable", "list", "--all"]), &ids).contains("Operations manual (deleted)"));
}

#[test]
fn deliverable_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    // 40 criteria over a 32-letter alphabet: at least two share their first character.
    let mut args = vec!["deliverable".to_owned(), "add".to_owned(), "Many".to_owned()];
    for i in 0..40 {
        args.extend(["--criterion".to_owned(), format!("C{i}")]);
    }
    let d = t.create(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        t.err(&["deliverable", "review", &d, "accepted"]),
        "error: a deliverable's review cannot go from draft to accepted; allowed next: in_review"
    );
    assert_eq!(
        t.err(&["deliverable", "sign-off", &d, "--by", "Carol"]),
        "error: deliverable 'Many' cannot be signed off while its review is draft; the review must be accepted first"
    );
    assert_eq!(
        t.err(&["deliverable", "criterion", &d, "met", "zzzzzzzzzzzz"]),
        format!(
            "error: deliverable 'Many' has no acceptance criterion with id zzzzzzzzzzzz; `tandem deliverable show {d}` lists them"
        )
    );
    let ids: Vec<String> = t.json(&["deliverable", "show", &d])["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let first = ids.iter().map(|i| &i[..1]).find(|p| ids.iter().filter(|i| i.starts_with(p)).count() > 1).unwrap();
    let err = t.err(&["deliverable", "criterion", &d, "met", first]);
    assert!(err.starts_with(&format!("error: \"{first}\" matches ")), "{err}");
    assert!(err.ends_with("; type more of the id"), "{err}");
    assert_eq!(t.json(&["deliverable", "show", &d])["criteria_met"], 0, "nothing was ticked");
    assert_eq!(
        t.err(&["deliverable", "add", "X", "--owner", "Nobody"]),
        "error: no member is called \"Nobody\"; `tandem member list` shows names and ids: no member with id Nobody in this project"
    );
    assert_eq!(t.err(&["deliverable", "criterion", &d, "add", " "]), "error: criterion must not be empty");
    assert_eq!(t.err(&["deliverable", "revoke-sign-off", &d]), "error: deliverable 'Many' is not signed off");
    assert_eq!(t.err(&["deliverable", "show", "zzzz"]), "error: no deliverable with id zzzz in this project");
    let out = t.run(&["deliverable", "review", &d, "approved"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("draft in_review changes_requested accepted"));
    let out = t.run(&["deliverable", "set", &d, "--due", "next week"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("write it as YYYY-MM-DD"));
}

#[test]
fn reports_are_saved_listed_shown_and_renamed() {
    let t = Tandem::with_project();
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("status-w48.md");
    std::fs::write(&md, "# Status week 48\n\nOn track.\n").unwrap();
    let html = dir.path().join("status.HTML");
    std::fs::write(&html, "<!doctype html><h1>Status</h1>").unwrap();
    let md_path = md.to_str().unwrap();

    let out = t.json(&[
        "report",
        "save",
        "--file",
        md_path,
        "--title",
        "Week 48",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-29",
    ]);
    assert_eq!(out["summary"], "Save markdown report 'Week 48' for 2026-11-23 to 2026-11-29");
    let w48 = out["created"].as_str().unwrap().to_owned();
    let h = t.create(&[
        "report",
        "save",
        "--file",
        html.to_str().unwrap(),
        "--title",
        "HTML",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ]);
    let forced = t.create(&[
        "report",
        "save",
        "--file",
        md_path,
        "--title",
        "Forced",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-01",
        "--format",
        "html",
    ]);

    assert_eq!(t.ok(&["report", "show", &w48[..5]]), "# Status week 48\n\nOn track.\n");
    assert_eq!(t.ok(&["report", "rename", &w48, "Week 48 (final)"]), "Rename report 'Week 48' to 'Week 48 (final)'\n");
    let ids = [(w48.as_str(), "<r1>"), (h.as_str(), "<r2>"), (forced.as_str(), "<r3>")];
    let listed = norm(&t.ok(&["report", "list"]), &ids);
    // Reports saved at the same instant are listed by id: check the rows, not their order.
    let mut rows: Vec<&str> = listed.lines().collect();
    rows[1..].sort_unstable();
    expect![[r#"
        [
            " ID          TITLE            PERIOD                   FORMAT    SIZE  SAVED       BY",
            " <r1>  Week 48 (final)  2026-11-23 → 2026-11-29  markdown  28 B  2026-12-01  Ada",
            " <r2>  HTML             2026-11-01 → 2026-11-30  html      30 B  2026-12-01  Ada",
            " <r3>  Forced           2026-11-01 → 2026-11-01  html      28 B  2026-12-01  Ada",
        ]
    "#]]
    .assert_debug_eq(&rows);

    let ada = t.json(&["member", "list"])[0]["id"].as_str().unwrap().to_owned();
    let r = t.json(&["report", "show", &w48]);
    assert_eq!(r["id"], w48.as_str());
    assert_eq!(r["title"], "Week 48 (final)");
    assert_eq!((r["period_from"].as_str(), r["period_to"].as_str()), (Some("2026-11-23"), Some("2026-11-29")));
    assert_eq!(r["format"], "markdown");
    assert_eq!(r["size_bytes"], "# Status week 48\n\nOn track.\n".len());
    assert_eq!(r["created_by"], ada.as_str());
    assert_eq!(r["content"], "# Status week 48\n\nOn track.\n");
    let list = t.json(&["report", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert!(list[0].get("content").is_none(), "lists leave the content out");
    assert_eq!(t.json(&["report", "show", &h])["format"], "html");

    t.ok(&["delete", "report", &forced]);
    assert_eq!(t.json(&["report", "list"]).as_array().unwrap().len(), 2);
    assert_eq!(t.json(&["report", "list", "--all"]).as_array().unwrap().len(), 3);
}

#[test]
fn report_errors_say_what_to_fix() {
    let t = Tandem::with_project();
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("r.md");
    std::fs::write(&md, "# Status\n").unwrap();
    let md = md.to_str().unwrap();
    assert_eq!(
        t.err(&["report", "save", "--file", md, "--title", "R", "--from", "2026-11-30", "--to", "2026-11-01"]),
        "error: --from 2026-11-30 is after --to 2026-11-01: the report period must start before it ends; swap them"
    );
    let missing = dir.path().join("missing.md");
    let missing = missing.to_str().unwrap();
    let err =
        t.err(&["report", "save", "--file", missing, "--title", "R", "--from", "2026-11-01", "--to", "2026-11-30"]);
    assert!(err.starts_with(&format!("error: cannot read the report file {missing}: ")), "{err}");
    let dir_path = dir.path().to_str().unwrap();
    assert_eq!(
        t.err(&["report", "save", "--file", dir_path, "--title", "R", "--from", "2026-11-01", "--to", "2026-11-30"]),
        format!("error: the report file {dir_path} is not a file; give the path of a rendered Markdown or HTML report")
    );
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "  \n").unwrap();
    assert_eq!(
        t.err(&[
            "report",
            "save",
            "--file",
            empty.to_str().unwrap(),
            "--title",
            "R",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30"
        ]),
        "error: report content must not be empty"
    );
    let binary = dir.path().join("r.pdf");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    let binary = binary.to_str().unwrap();
    assert_eq!(
        t.err(&["report", "save", "--file", binary, "--title", "R", "--from", "2026-11-01", "--to", "2026-11-30"]),
        format!("error: the report file {binary} is not UTF-8 text; save it as UTF-8")
    );
    assert_eq!(
        t.err(&["report", "save", "--file", md, "--title", " ", "--from", "2026-11-01", "--to", "2026-11-30"]),
        "error: title must not be empty"
    );
    assert_eq!(t.json(&["report", "list"]), serde_json::json!([]), "nothing was saved");
    let r = t.create(&["report", "save", "--file", md, "--title", "R", "--from", "2026-11-01", "--to", "2026-11-30"]);
    assert_eq!(t.err(&["report", "rename", &r, "R"]), format!("error: report {r} is already called 'R'"));
    assert_eq!(t.err(&["report", "show", "zzzz"]), "error: no report with id zzzz in this project");
    let out = t.run(&[
        "report",
        "save",
        "--file",
        md,
        "--title",
        "R",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "pdf",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("markdown html"));
    let out = t.run(&["report", "save", "--file", md, "--title", "R", "--from", "Nov 1", "--to", "2026-11-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("write it as YYYY-MM-DD"));
}

#[test]
fn report_help_points_from_saving_to_generating() {
    let t = Tandem::new();
    let help = t.ok(&["report", "save", "--help"]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("report generate --save"), "{help}");
    assert!(help.contains("Example: tandem report save"), "{help}");
    let help = t.ok(&["report", "generate", "--help"]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("burndown") && help.contains("Example: tandem report generate"), "{help}");
}

#[test]
fn a_status_report_is_generated_saved_and_shown() {
    let t = Tandem::with_project();
    t.ok(&["task", "add", "Design schema", "--estimate", "8", "--due", "2026-12-03"]);
    t.ok(&["risk", "add", "Vendor late", "--probability", "4", "--impact", "5"]);
    let md = t.ok(&["report", "generate", "--from", "2026-11-25", "--to", "2026-12-01"]);
    assert!(md.starts_with("# Status report: Apollo, 2026-11-25 to 2026-12-01"), "{md}");
    assert!(md.contains("| Vendor late | 4 × 5 = 20 |"), "{md}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w48.html");
    let out_s = out.to_string_lossy().into_owned();
    let printed = t.ok(&["report", "generate", "--from", "2026-11-25", "--format", "html", "--out", &out_s, "--save"]);
    assert!(printed.contains("Save html report 'Status report: Apollo, 2026-11-25 to 2026-12-01'"), "{printed}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"), "a self-contained page with charts");
    let saved = t.json(&["report", "list"]);
    let id = saved[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(saved[0]["format"], "html");
    assert_eq!(t.ok(&["report", "show", &id]).trim_end(), html.trim_end(), "the saved copy is the file");
    let err = t.err(&["report", "generate", "--from", "2026-12-05", "--to", "2026-12-01"]);
    assert!(err.contains("swap them"), "{err}");
}
