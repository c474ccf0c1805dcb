//! Saved report commands and views: one `check` helper, snapshot expectations.

use expect_test::{Expect, expect};
use tandem_core::Command;
use tandem_core::ids::ReportId;
use tandem_core::items::ItemCommand;
use tandem_core::project::{self, ProjectCommand};
use tandem_core::reports::{self, CONTENT_MAX_BYTES, ReportCommand, ReportFormat};
use tandem_core::testkit::Replica;

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn save(title: &str, from: &str, to: &str, format: ReportFormat, content: &str) -> Command {
    Command::Report(ReportCommand::Save {
        title: title.into(),
        period_from: d(from),
        period_to: d(to),
        format,
        content: content.into(),
    })
}

fn rename(id: &ReportId, title: &str) -> Command {
    Command::Report(ReportCommand::Rename { id: id.clone(), title: title.into() })
}

/// Renders the report list (newest first, without content).
fn check(r: &Replica, expected: Expect) {
    let mut out = String::new();
    for v in reports::reports(&r.doc).unwrap() {
        out.push_str(&format!(
            "{}{} [{}] {} to {} ({} bytes) saved {} by {}\n",
            if v.deleted { "(deleted) " } else { "" },
            v.title,
            v.format,
            v.period_from.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            v.period_to.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            v.size_bytes,
            v.created_at.map(|m| m.to_string()).unwrap_or_else(|| "-".into()),
            v.created_by.as_ref().map(|m| project::member_name(&r.doc, m.as_str())).unwrap_or_else(|| "-".into()),
        ));
    }
    expected.assert_eq(&out);
}

#[test]
fn reports_are_listed_newest_first_and_keep_their_content() {
    let mut r = Replica::with_project(1);
    let w1: ReportId = r
        .create(save("Week 1", "2026-01-05", "2026-01-11", ReportFormat::Markdown, "# Week 1\n\n- Kick-off done\n"))
        .parse()
        .unwrap();
    let m1: ReportId =
        r.create(save("January", "2026-01-01", "2026-01-31", ReportFormat::Html, "<h1>January</h1>")).parse().unwrap();
    let old: ReportId =
        r.create(save("Draft", "2026-01-05", "2026-01-05", ReportFormat::Markdown, "tbd")).parse().unwrap();
    let out = r.ok(rename(&w1, "Status week 1"));
    assert_eq!(out.summary, "Rename report 'Week 1' to 'Status week 1'");
    r.ok(Command::Item(ItemCommand::Delete { kind: tandem_core::Kind::Report, id: old.to_string() }));
    check(
        &r,
        expect![[r#"
            (deleted) Draft [markdown] 2026-01-05 to 2026-01-05 (3 bytes) saved 2026-01-05 09:03:00 UTC by Ada
            January [html] 2026-01-01 to 2026-01-31 (16 bytes) saved 2026-01-05 09:02:00 UTC by Ada
            Status week 1 [markdown] 2026-01-05 to 2026-01-11 (26 bytes) saved 2026-01-05 09:01:00 UTC by Ada
        "#]],
    );
    let one = reports::report(&r.doc, &w1).unwrap();
    expect![[r#"
        # Week 1

        - Kick-off done
    "#]]
    .assert_eq(&one.content);
    assert_eq!(reports::report(&r.doc, &m1).unwrap().info.format, ReportFormat::Html);
    // The JSON shape of a saved report: the info fields with the content beside them.
    let json = serde_json::to_value(reports::report(&r.doc, &m1).unwrap()).unwrap();
    assert_eq!(json["title"], "January");
    assert_eq!(json["content"], "<h1>January</h1>");
}

#[test]
fn report_errors_say_what_to_fix() {
    let mut r = Replica::with_project(1);
    let id: ReportId =
        r.create(save("Week 1", "2026-01-05", "2026-01-11", ReportFormat::Markdown, "# Week 1")).parse().unwrap();
    let huge = "x".repeat(CONTENT_MAX_BYTES + 1);
    let cases = [
        (
            save("Backwards", "2026-02-01", "2026-01-01", ReportFormat::Markdown, "x"),
            "period_from (2026-02-01) is after period_to (2026-01-01); move one of them".to_owned(),
        ),
        (save(" ", "2026-01-01", "2026-01-31", ReportFormat::Markdown, "x"), "title must not be empty".to_owned()),
        (
            save("Empty", "2026-01-01", "2026-01-31", ReportFormat::Markdown, "\n"),
            "report content must not be empty".to_owned(),
        ),
        (
            save("Huge", "2026-01-01", "2026-01-31", ReportFormat::Html, &huge),
            "report content is 5.0 MB (5242881 bytes); reports are limited to 5 MB (5242880 bytes): \
             cover a shorter period or leave out sections"
                .to_owned(),
        ),
        (rename(&id, "Week 1"), format!("report {id} is already called 'Week 1'")),
        (rename(&"nothere".parse().unwrap(), "X"), "no report with id nothere in this project".to_owned()),
    ];
    let heads = r.doc.get_heads();
    for (cmd, want) in cases {
        assert_eq!(r.err(cmd), want);
    }
    assert_eq!(r.doc.get_heads(), heads, "refused commands write nothing");
    assert_eq!("pdf".parse::<ReportFormat>().unwrap_err().to_string(), "format: \"pdf\" is not one of markdown html");
}

#[test]
fn concurrent_rename_and_save_both_survive() {
    let mut a = Replica::with_project(1);
    let w1: ReportId =
        a.create(save("Week 1", "2026-01-05", "2026-01-11", ReportFormat::Markdown, "# Week 1")).parse().unwrap();
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));

    a.ok(rename(&w1, "Status week 1"));
    b.ok(save("Week 2", "2026-01-12", "2026-01-18", ReportFormat::Html, "<h1>Week 2</h1>"));
    b.ok(Command::Item(ItemCommand::Delete { kind: tandem_core::Kind::Report, id: w1.to_string() }));

    a.merge_from(&b);
    b.merge_from(&a);
    assert_eq!(reports::reports(&a.doc).unwrap(), reports::reports(&b.doc).unwrap(), "both replicas converge");
    check(
        &a,
        expect![[r#"
            Week 2 [html] 2026-01-12 to 2026-01-18 (15 bytes) saved 2026-01-05 09:03:00 UTC by Bo
            (deleted) Status week 1 [markdown] 2026-01-05 to 2026-01-11 (8 bytes) saved 2026-01-05 09:01:00 UTC by Ada
        "#]],
    );
}
