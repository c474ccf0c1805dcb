//! Risk and issue register commands and views: one `check` helper per view, snapshot expectations.

use expect_test::{Expect, expect};
use tandem_core::Command;
use tandem_core::ids::{IssueId, MemberId, RiskId};
use tandem_core::items::ItemCommand;
use tandem_core::project::{self, MemberRole, ProjectCommand};
use tandem_core::risks::{
    self, IssuePatch, IssueStatus, NewIssue, NewRisk, RiskCommand, RiskPatch, RiskStatus, Severity,
};
use tandem_core::testkit::Replica;
use tandem_core::values::Edit;
use tandem_core::{Kind, Millis};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn me(r: &Replica) -> MemberId {
    project::members(&r.doc).unwrap()[0].id.clone()
}

fn add_member(r: &mut Replica, name: &str) -> MemberId {
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

fn add_risk(r: &mut Replica, title: &str, probability: u8, impact: u8) -> RiskId {
    r.create(Command::Risk(RiskCommand::Add(NewRisk {
        title: title.into(),
        probability,
        impact,
        ..NewRisk::default()
    })))
    .parse()
    .unwrap()
}

fn set_status(id: &RiskId, status: RiskStatus) -> Command {
    Command::Risk(RiskCommand::SetStatus { id: id.clone(), status })
}

fn update(id: &RiskId, patch: RiskPatch) -> Command {
    Command::Risk(RiskCommand::Update { id: id.clone(), patch })
}

fn add_issue(r: &mut Replica, issue: NewIssue) -> IssueId {
    r.create(Command::Risk(RiskCommand::AddIssue(issue))).parse().unwrap()
}

fn issue_status(id: &IssueId, status: IssueStatus, resolution: Option<&str>) -> Command {
    Command::Risk(RiskCommand::SetIssueStatus { id: id.clone(), status, resolution: resolution.map(Into::into) })
}

fn name(r: &Replica, m: &Option<MemberId>) -> String {
    m.as_ref().map(|m| project::member_name(&r.doc, m.as_str())).unwrap_or_else(|| "-".into())
}

fn stamp(m: Option<Millis>) -> String {
    m.map(|m| m.to_string()).unwrap_or_else(|| "-".into())
}

/// Renders the risk register: one line per risk, then its texts when set.
fn check_risks(r: &Replica, expected: Expect) {
    let mut out = String::new();
    for v in risks::risks(&r.doc).unwrap() {
        out.push_str(&format!(
            "{}{} [{}] {}x{}={} owner {} review {}\n",
            if v.deleted { "(deleted) " } else { "" },
            v.title,
            v.status,
            v.probability,
            v.impact,
            v.score,
            name(r, &v.owner),
            v.review.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
        ));
        if !v.description.is_empty() {
            out.push_str(&format!("  description: {}\n", v.description));
        }
        if !v.mitigation.is_empty() {
            out.push_str(&format!("  mitigation: {}\n", v.mitigation));
        }
    }
    expected.assert_eq(&out);
}

/// Renders the risk matrix as a grid of counts (rows: probability 5..1, columns: impact 1..5),
/// then the titles in each occupied cell and the counts by status.
fn check_matrix(r: &Replica, expected: Expect) {
    let m = risks::risk_matrix(&r.doc).unwrap();
    assert_eq!(m.cells.len(), 25);
    let mut out = String::from("    i1 i2 i3 i4 i5\n");
    for p in (1..=5).rev() {
        out.push_str(&format!("p{p}"));
        for i in 1..=5 {
            let n = m.cell(p, i).unwrap().risks.len();
            out.push_str(&if n == 0 { "  .".to_owned() } else { format!("{n:>3}") });
        }
        out.push('\n');
    }
    for c in m.cells.iter().filter(|c| !c.risks.is_empty()) {
        let titles: Vec<String> = c.risks.iter().map(|r| format!("{} [{}]", r.title, r.status)).collect();
        out.push_str(&format!("p{} x i{} = {}: {}\n", c.probability, c.impact, c.score, titles.join(", ")));
    }
    let n = m.counts;
    out.push_str(&format!(
        "open {}, mitigating {}, occurred {}, closed {}\n",
        n.open, n.mitigating, n.occurred, n.closed
    ));
    expected.assert_eq(&out);
}

/// Renders the issue register: one line per issue with its parties and resolution.
fn check_issues(r: &Replica, expected: Expect) {
    let mut out = String::new();
    for v in risks::issues(&r.doc).unwrap() {
        let parties: Vec<String> = v.parties.iter().map(|m| project::member_name(&r.doc, m.as_str())).collect();
        out.push_str(&format!(
            "{}{} [{}, {}] parties: {} | external: {} | raised {} resolved {}\n",
            if v.deleted { "(deleted) " } else { "" },
            v.title,
            v.status,
            v.severity,
            if parties.is_empty() { "-".to_owned() } else { parties.join(", ") },
            if v.external_parties.is_empty() { "-".to_owned() } else { v.external_parties.join(", ") },
            stamp(v.raised_at),
            stamp(v.resolved_at),
        ));
        if !v.description.is_empty() {
            out.push_str(&format!("  description: {}\n", v.description));
        }
        if !v.resolution.is_empty() {
            out.push_str(&format!("  resolution: {}\n", v.resolution));
        }
    }
    expected.assert_eq(&out);
}

#[test]
fn risk_register_sorts_by_score_and_keeps_every_field() {
    let mut r = Replica::with_project(1);
    let ada = me(&r);
    let out = r.ok(Command::Risk(RiskCommand::Add(NewRisk {
        title: "Vendor delay".into(),
        description: "The hosting vendor may slip the migration.".into(),
        mitigation: "Weekly check-ins.".into(),
        probability: 3,
        impact: 4,
        owner: Some(ada.clone()),
        review: Some(d("2026-02-01")),
    })));
    assert_eq!(out.summary, "Add risk 'Vendor delay'");
    let vendor: RiskId = out.created.unwrap().parse().unwrap();
    let key = add_risk(&mut r, "Key person leaves", 2, 5);
    add_risk(&mut r, "Scope creep", 4, 3);
    let old = add_risk(&mut r, "Old licence expires", 1, 2);
    r.ok(update(&key, RiskPatch { probability: Some(1), review: Edit::Set(d("2026-03-01")), ..Default::default() }));
    r.ok(update(&vendor, RiskPatch { owner: Edit::Clear, ..Default::default() }));
    r.ok(set_status(&vendor, RiskStatus::Mitigating));
    r.ok(Command::Item(ItemCommand::Delete { kind: Kind::Risk, id: old.to_string() }));
    check_risks(
        &r,
        expect![[r#"
            Scope creep [open] 4x3=12 owner - review -
            Vendor delay [mitigating] 3x4=12 owner - review 2026-02-01
              description: The hosting vendor may slip the migration.
              mitigation: Weekly check-ins.
            Key person leaves [open] 1x5=5 owner - review 2026-03-01
            (deleted) Old licence expires [open] 1x2=2 owner - review -
        "#]],
    );
    let one = risks::risk(&r.doc, &vendor).unwrap();
    assert_eq!((one.title.as_str(), one.score, one.owner.is_none()), ("Vendor delay", 12, true));
}

#[test]
fn risk_matrix_places_open_risks_and_counts_statuses() {
    let mut r = Replica::with_project(1);
    let a = add_risk(&mut r, "Vendor delay", 5, 4);
    add_risk(&mut r, "Data loss", 5, 4);
    let c = add_risk(&mut r, "Budget overrun", 3, 3);
    let gone = add_risk(&mut r, "Office move", 1, 1);
    let deleted = add_risk(&mut r, "Typo in contract", 2, 2);
    add_risk(&mut r, "Late feedback", 2, 5);
    r.ok(set_status(&a, RiskStatus::Mitigating));
    r.ok(set_status(&c, RiskStatus::Occurred));
    r.ok(set_status(&gone, RiskStatus::Closed));
    r.ok(Command::Item(ItemCommand::Delete { kind: Kind::Risk, id: deleted.to_string() }));
    check_matrix(
        &r,
        expect![[r#"
                i1 i2 i3 i4 i5
            p5  .  .  .  2  .
            p4  .  .  .  .  .
            p3  .  .  1  .  .
            p2  .  .  .  .  1
            p1  .  .  .  .  .
            p5 x i4 = 20: Data loss [open], Vendor delay [mitigating]
            p3 x i3 = 9: Budget overrun [occurred]
            p2 x i5 = 10: Late feedback [open]
            open 2, mitigating 1, occurred 1, closed 1
        "#]],
    );
}

#[test]
fn issue_register_puts_unresolved_first_by_severity() {
    let mut r = Replica::with_project(1);
    let ada = me(&r);
    let bo = add_member(&mut r, "Bo");
    let scope = add_issue(
        &mut r,
        NewIssue {
            title: "Scope dispute over reporting".into(),
            description: "Client expects weekly PDF reports.".into(),
            parties: vec![ada.clone()],
            external_parties: vec![" ACME legal ".into(), "ACME legal".into()],
            severity: Severity::High,
        },
    );
    let desk = add_issue(
        &mut r,
        NewIssue { title: "Desk booking clash".into(), severity: Severity::Low, ..Default::default() },
    );
    add_issue(&mut r, NewIssue { title: "Server room access".into(), ..Default::default() });
    let outage = add_issue(
        &mut r,
        NewIssue { title: "Staging outage".into(), severity: Severity::Critical, ..Default::default() },
    );
    r.ok(Command::Risk(RiskCommand::UpdateIssue {
        id: scope.clone(),
        patch: IssuePatch { parties: Some(vec![ada.clone(), bo.clone()]), ..Default::default() },
    }));
    r.ok(issue_status(&scope, IssueStatus::Resolving, None));
    let out = r.ok(issue_status(&desk, IssueStatus::Resolved, Some("Booked a second room on Tuesdays.")));
    assert_eq!(out.summary, "Resolve issue 'Desk booking clash'");
    r.ok(issue_status(&outage, IssueStatus::Resolved, Some("Restarted the database.")));
    r.ok(issue_status(&outage, IssueStatus::Open, None));
    check_issues(
        &r,
        expect![[r#"
            Staging outage [open, critical] parties: - | external: - | raised 2026-01-05 09:05:00 UTC resolved -
              resolution: Restarted the database.
            Scope dispute over reporting [resolving, high] parties: Bo, Ada | external: ACME legal | raised 2026-01-05 09:02:00 UTC resolved -
              description: Client expects weekly PDF reports.
            Server room access [open, medium] parties: - | external: - | raised 2026-01-05 09:04:00 UTC resolved -
            Desk booking clash [resolved, low] parties: - | external: - | raised 2026-01-05 09:03:00 UTC resolved 2026-01-05 09:08:00 UTC
              resolution: Booked a second room on Tuesdays.
        "#]],
    );
    let one = risks::issue(&r.doc, &desk).unwrap();
    assert_eq!(one.status, IssueStatus::Resolved);
}

#[test]
fn risk_and_issue_errors_say_what_to_fix() {
    let mut r = Replica::with_project(1);
    let risk = add_risk(&mut r, "Vendor delay", 3, 3);
    r.ok(set_status(&risk, RiskStatus::Closed));
    let issue = add_issue(&mut r, NewIssue { title: "Budget dispute".into(), ..Default::default() });
    let nobody: MemberId = "nobody".parse().unwrap();
    let cases = [
        (
            Command::Risk(RiskCommand::Add(NewRisk {
                title: "X".into(),
                probability: 0,
                impact: 3,
                ..Default::default()
            })),
            "probability must be between 1 and 5 (got 0)".to_owned(),
        ),
        (
            Command::Risk(RiskCommand::Add(NewRisk {
                title: "X".into(),
                probability: 3,
                impact: 6,
                ..Default::default()
            })),
            "impact must be between 1 and 5 (got 6)".to_owned(),
        ),
        (
            update(&risk, RiskPatch { probability: Some(6), ..Default::default() }),
            "probability must be between 1 and 5 (got 6)".to_owned(),
        ),
        (
            Command::Risk(RiskCommand::Add(NewRisk { probability: 1, impact: 1, ..Default::default() })),
            "title must not be empty".to_owned(),
        ),
        (update(&risk, RiskPatch::default()), "nothing to change: give at least one field".to_owned()),
        (
            update(&risk, RiskPatch { owner: Edit::Set(nobody.clone()), ..Default::default() }),
            "no member with id nobody in this project".to_owned(),
        ),
        (
            set_status(&risk, RiskStatus::Mitigating),
            "a risk cannot go from closed to mitigating; allowed next: open".to_owned(),
        ),
        (set_status(&risk, RiskStatus::Closed), "risk 'Vendor delay' is already closed".to_owned()),
        (
            issue_status(&issue, IssueStatus::Resolved, None),
            "issue 'Budget dispute' has no resolution; say how it was resolved (resolution) to resolve it".to_owned(),
        ),
        (
            issue_status(&issue, IssueStatus::Resolved, Some("   ")),
            "issue 'Budget dispute' has no resolution; say how it was resolved (resolution) to resolve it".to_owned(),
        ),
        (
            Command::Risk(RiskCommand::AddIssue(NewIssue {
                title: "Y".into(),
                parties: vec![nobody],
                ..Default::default()
            })),
            "no member with id nobody in this project".to_owned(),
        ),
        (
            Command::Risk(RiskCommand::AddIssue(NewIssue {
                title: "Y".into(),
                external_parties: vec![" ".into()],
                ..Default::default()
            })),
            "external party name must not be empty".to_owned(),
        ),
    ];
    let heads = r.doc.get_heads();
    for (cmd, want) in cases {
        assert_eq!(r.err(cmd), want);
    }
    assert_eq!(r.doc.get_heads(), heads, "refused commands write nothing");

    r.ok(issue_status(&issue, IssueStatus::Resolved, Some("Split the cost 50/50.")));
    assert_eq!(
        r.err(issue_status(&issue, IssueStatus::Resolving, None)),
        "an issue cannot go from resolved to resolving; allowed next: open"
    );
    assert_eq!(
        r.err(Command::Risk(RiskCommand::UpdateIssue {
            id: issue.clone(),
            patch: IssuePatch { resolution: Some(String::new()), ..Default::default() },
        })),
        "issue 'Budget dispute' is resolved, so its resolution must not be empty; reopen it first"
    );
    r.ok(Command::Item(ItemCommand::Delete { kind: Kind::Risk, id: risk.to_string() }));
    assert_eq!(
        r.err(set_status(&risk, RiskStatus::Open)),
        format!("risk {risk} was deleted; restore it before editing it")
    );
}

#[test]
fn concurrent_edits_of_one_risk_and_one_issue_both_survive() {
    let mut a = Replica::with_project(1);
    let risk = a.create(Command::Risk(RiskCommand::Add(NewRisk {
        title: "Vendor delay".into(),
        mitigation: "Backup vendor.".into(),
        probability: 2,
        impact: 2,
        ..Default::default()
    })));
    let risk: RiskId = risk.parse().unwrap();
    let issue = add_issue(&mut a, NewIssue { title: "Budget dispute".into(), ..Default::default() });
    let ada = me(&a);
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));

    a.ok(update(
        &risk,
        RiskPatch {
            probability: Some(4),
            mitigation: Some("Backup vendor. Weekly calls.".into()),
            ..Default::default()
        },
    ));
    a.ok(Command::Risk(RiskCommand::UpdateIssue {
        id: issue.clone(),
        patch: IssuePatch { parties: Some(vec![ada]), ..Default::default() },
    }));
    b.ok(update(
        &risk,
        RiskPatch { impact: Some(5), mitigation: Some("Backup vendor. Penalty clause.".into()), ..Default::default() },
    ));
    b.ok(set_status(&risk, RiskStatus::Mitigating));
    b.ok(Command::Risk(RiskCommand::UpdateIssue {
        id: issue.clone(),
        patch: IssuePatch { external_parties: Some(vec!["ACME finance".into()]), ..Default::default() },
    }));

    a.merge_from(&b);
    b.merge_from(&a);
    let ra = risks::risk(&a.doc, &risk).unwrap();
    assert_eq!(ra, risks::risk(&b.doc, &risk).unwrap(), "both replicas converge");
    assert_eq!((ra.probability, ra.impact, ra.score, ra.status), (4, 5, 20, RiskStatus::Mitigating));
    assert!(ra.mitigation.contains("Weekly calls.") && ra.mitigation.contains("Penalty clause."), "{}", ra.mitigation);
    check_issues(
        &a,
        expect![[r#"
            Budget dispute [open, medium] parties: Ada | external: ACME finance | raised 2026-01-05 09:02:00 UTC resolved -
        "#]],
    );
}
