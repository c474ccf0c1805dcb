//! Deliverable commands and views: criteria, review, sign-off. One `check` helper, snapshots.

use expect_test::{Expect, expect};
use tandem_core::Command;
use tandem_core::deliverables::{
    self, DeliverableCommand, DeliverablePatch, DeliverableView, NewDeliverable, ReviewStatus,
};
use tandem_core::ids::{CriterionId, DeliverableId, MemberId, TaskId};
use tandem_core::items::ItemCommand;
use tandem_core::project::{self, ProjectCommand};
use tandem_core::tasks::{NewTask, TaskCommand};
use tandem_core::testkit::Replica;
use tandem_core::values::Edit;

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn me(r: &Replica) -> MemberId {
    project::members(&r.doc).unwrap()[0].id.clone()
}

fn add(r: &mut Replica, title: &str, due: Option<&str>, criteria: &[&str]) -> DeliverableId {
    r.create(Command::Deliverable(DeliverableCommand::Add(NewDeliverable {
        title: title.into(),
        due: due.map(d),
        criteria: criteria.iter().map(|c| (*c).to_owned()).collect(),
        ..NewDeliverable::default()
    })))
    .parse()
    .unwrap()
}

fn criteria(r: &Replica, id: &DeliverableId) -> Vec<CriterionId> {
    deliverables::deliverable(&r.doc, id).unwrap().criteria.into_iter().map(|c| c.id).collect()
}

fn tick(id: &DeliverableId, c: &CriterionId, met: bool) -> Command {
    Command::Deliverable(DeliverableCommand::SetCriterionMet { id: id.clone(), criterion: c.clone(), met })
}

fn review(id: &DeliverableId, review: ReviewStatus) -> Command {
    Command::Deliverable(DeliverableCommand::SetReview { id: id.clone(), review })
}

fn sign_off(id: &DeliverableId, by: &str, member: Option<MemberId>) -> Command {
    Command::Deliverable(DeliverableCommand::SignOff {
        id: id.clone(),
        by: by.into(),
        member,
        note: Some("Looks good.".into()),
    })
}

fn render(r: &Replica, v: &DeliverableView, out: &mut String) {
    let name = |m: &MemberId| project::member_name(&r.doc, m.as_str());
    out.push_str(&format!(
        "{}{} [{}] due {} owner {} criteria {}/{}\n",
        if v.deleted { "(deleted) " } else { "" },
        v.title,
        v.review,
        v.due.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
        v.owner.as_ref().map(name).unwrap_or_else(|| "-".into()),
        v.criteria_met,
        v.criteria_total,
    ));
    if !v.description.is_empty() {
        out.push_str(&format!("  description: {}\n", v.description));
    }
    for c in &v.criteria {
        out.push_str(&format!(
            "  [{}] {}{}\n",
            if c.met { "x" } else { " " },
            c.text,
            match (&c.met_at, &c.met_by) {
                (Some(at), Some(by)) => format!(" (ticked {at} by {})", name(by)),
                _ => String::new(),
            }
        ));
    }
    if let Some(so) = &v.signoff {
        out.push_str(&format!(
            "  signed off by {}{} at {}{}\n",
            so.by,
            so.member.as_ref().map(|m| format!(" ({})", name(m))).unwrap_or_default(),
            so.at.map(|m| m.to_string()).unwrap_or_else(|| "-".into()),
            so.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default(),
        ));
    }
    if !v.tasks.is_empty() {
        let titles: Vec<String> =
            v.tasks.iter().map(|t| tandem_core::tasks::task(&r.doc, t).map(|t| t.title).unwrap()).collect();
        out.push_str(&format!("  tasks: {}\n", titles.join(", ")));
    }
}

/// Renders every deliverable with its criteria in order, sign-off and linked tasks.
fn check(r: &Replica, expected: Expect) {
    let mut out = String::new();
    for v in deliverables::deliverables(&r.doc).unwrap() {
        render(r, &v, &mut out);
    }
    expected.assert_eq(&out);
}

#[test]
fn deliverables_list_by_due_with_criteria_in_order() {
    let mut r = Replica::with_project(1);
    let ada = me(&r);
    let site = add(&mut r, "Marketing site", Some("2026-03-31"), &["Loads in under 2 s", "Passes accessibility audit"]);
    add(&mut r, "Handbook", None, &[]);
    let api = add(&mut r, "Public API", Some("2026-02-28"), &["OpenAPI spec published"]);
    let task: TaskId = r
        .create(Command::Task(TaskCommand::Add(NewTask { title: "Write copy".into(), ..NewTask::default() })))
        .parse()
        .unwrap();
    r.ok(Command::Deliverable(DeliverableCommand::Update {
        id: site.clone(),
        patch: DeliverablePatch {
            description: Some("Five pages, bilingual.".into()),
            owner: Edit::Set(ada),
            ..Default::default()
        },
    }));
    let legal = r.create(Command::Deliverable(DeliverableCommand::AddCriterion {
        id: site.clone(),
        text: "Legal pages reviewed".into(),
    }));
    let [speed, audit, _]: [CriterionId; 3] = criteria(&r, &site).try_into().expect("three criteria");
    assert_eq!(criteria(&r, &site)[2].as_str(), legal);
    r.ok(Command::Deliverable(DeliverableCommand::UpdateCriterion {
        id: site.clone(),
        criterion: audit.clone(),
        text: "Passes WCAG 2.2 AA audit".into(),
    }));
    r.ok(tick(&site, &speed, true));
    r.ok(tick(&site, &audit, true));
    r.ok(tick(&site, &audit, false));
    r.ok(Command::Deliverable(DeliverableCommand::LinkTask { id: site.clone(), task }));
    r.ok(review(&api, ReviewStatus::InReview));
    check(
        &r,
        expect![[r#"
            Public API [in_review] due 2026-02-28 owner - criteria 0/1
              [ ] OpenAPI spec published
            Marketing site [draft] due 2026-03-31 owner Ada criteria 1/3
              description: Five pages, bilingual.
              [x] Loads in under 2 s (ticked 2026-01-05 09:08:00 UTC by Ada)
              [ ] Passes WCAG 2.2 AA audit
              [ ] Legal pages reviewed
              tasks: Write copy
            Handbook [draft] due - owner - criteria 0/0
        "#]],
    );
    let one = deliverables::deliverable(&r.doc, &site).unwrap();
    assert_eq!((one.criteria_met, one.criteria_total), (1, 3));
}

#[test]
fn sign_off_needs_accepted_review_and_every_criterion_met() {
    let mut r = Replica::with_project(1);
    let ada = me(&r);
    let site = add(&mut r, "Marketing site", Some("2026-03-31"), &["Loads in under 2 s", "Passes audit", "Legal OK"]);
    let [speed, audit, legal]: [CriterionId; 3] = criteria(&r, &site).try_into().expect("three criteria");
    assert_eq!(
        r.err(sign_off(&site, "Carla", None)),
        "deliverable 'Marketing site' cannot be signed off while its review is draft; the review must be accepted first"
    );
    assert_eq!(
        r.err(review(&site, ReviewStatus::Accepted)),
        "a deliverable's review cannot go from draft to accepted; allowed next: in_review"
    );
    r.ok(review(&site, ReviewStatus::InReview));
    r.ok(review(&site, ReviewStatus::ChangesRequested));
    r.ok(review(&site, ReviewStatus::InReview));
    r.ok(review(&site, ReviewStatus::Accepted));
    r.ok(tick(&site, &speed, true));
    assert_eq!(
        r.err(sign_off(&site, "Carla", None)),
        "deliverable 'Marketing site' cannot be signed off: 2 acceptance criteria are not met: 'Passes audit', 'Legal OK'"
    );
    r.ok(tick(&site, &audit, true));
    assert_eq!(
        r.err(sign_off(&site, "Carla", None)),
        "deliverable 'Marketing site' cannot be signed off: 1 acceptance criterion is not met: 'Legal OK'"
    );
    r.ok(tick(&site, &legal, true));
    let out = r.ok(sign_off(&site, "Carla (ACME)", Some(ada)));
    assert_eq!(out.summary, "Carla (ACME) signed off 'Marketing site'");
    check(
        &r,
        expect![[r#"
            Marketing site [accepted] due 2026-03-31 owner - criteria 3/3
              [x] Loads in under 2 s (ticked 2026-01-05 09:08:00 UTC by Ada)
              [x] Passes audit (ticked 2026-01-05 09:10:00 UTC by Ada)
              [x] Legal OK (ticked 2026-01-05 09:12:00 UTC by Ada)
              signed off by Carla (ACME) (Ada) at 2026-01-05 09:13:00 UTC: Looks good.
        "#]],
    );
    // While signed off, the criteria and the review are frozen.
    assert_eq!(
        r.err(tick(&site, &legal, false)),
        "deliverable 'Marketing site' is signed off by Carla (ACME); revoke the sign-off before unticking criteria"
    );
    assert_eq!(
        r.err(review(&site, ReviewStatus::ChangesRequested)),
        "deliverable 'Marketing site' is signed off by Carla (ACME); revoke the sign-off before reopening its review"
    );
    assert_eq!(
        r.err(sign_off(&site, "Dan", None)),
        "deliverable 'Marketing site' is already signed off by Carla (ACME); revoke that sign-off first"
    );
    let out = r.ok(Command::Deliverable(DeliverableCommand::RevokeSignOff { id: site.clone() }));
    assert_eq!(out.summary, "Revoke Carla (ACME)'s sign-off of 'Marketing site'");
    r.ok(review(&site, ReviewStatus::ChangesRequested));
    r.ok(Command::Deliverable(DeliverableCommand::RemoveCriterion { id: site.clone(), criterion: legal }));
    check(
        &r,
        expect![[r#"
            Marketing site [changes_requested] due 2026-03-31 owner - criteria 2/2
              [x] Loads in under 2 s (ticked 2026-01-05 09:08:00 UTC by Ada)
              [x] Passes audit (ticked 2026-01-05 09:10:00 UTC by Ada)
        "#]],
    );
}

#[test]
fn deliverable_errors_say_what_to_fix() {
    let mut r = Replica::with_project(1);
    let site = add(&mut r, "Marketing site", None, &["Fast"]);
    let nobody: MemberId = "nobody".parse().unwrap();
    let cases = [
        (
            Command::Deliverable(DeliverableCommand::Add(NewDeliverable {
                title: "X".into(),
                criteria: vec!["ok".into(), " ".into()],
                ..Default::default()
            })),
            "criterion must not be empty".to_owned(),
        ),
        (
            Command::Deliverable(DeliverableCommand::Update {
                id: site.clone(),
                patch: DeliverablePatch { owner: Edit::Set(nobody.clone()), ..Default::default() },
            }),
            "no member with id nobody in this project".to_owned(),
        ),
        (
            tick(&site, &"nothere".parse().unwrap(), true),
            format!("deliverable {site} has no acceptance criterion nothere"),
        ),
        (review(&site, ReviewStatus::Draft), "the review of deliverable 'Marketing site' is already draft".to_owned()),
        (
            Command::Deliverable(DeliverableCommand::SignOff {
                id: site.clone(),
                by: "  ".into(),
                member: None,
                note: None,
            }),
            "stakeholder name must not be empty".to_owned(),
        ),
        (
            Command::Deliverable(DeliverableCommand::RevokeSignOff { id: site.clone() }),
            "deliverable 'Marketing site' is not signed off".to_owned(),
        ),
        (
            Command::Deliverable(DeliverableCommand::Update { id: site.clone(), patch: DeliverablePatch::default() }),
            "nothing to change: give at least one field".to_owned(),
        ),
    ];
    let heads = r.doc.get_heads();
    for (cmd, want) in cases {
        assert_eq!(r.err(cmd), want);
    }
    assert_eq!(r.doc.get_heads(), heads, "refused commands write nothing");
    r.ok(Command::Item(ItemCommand::Delete { kind: tandem_core::Kind::Deliverable, id: site.to_string() }));
    assert_eq!(
        r.err(review(&site, ReviewStatus::InReview)),
        format!("deliverable {site} was deleted; restore it before editing it")
    );
}

#[test]
fn two_reviewers_tick_different_criteria_offline_and_both_ticks_survive() {
    let mut a = Replica::with_project(1);
    let site = add(&mut a, "Marketing site", Some("2026-03-31"), &["Loads in under 2 s", "Passes audit"]);
    let [speed, audit]: [CriterionId; 2] = criteria(&a, &site).try_into().expect("two criteria");
    let mut b = a.fork(2);
    b.ok(Command::Project(ProjectCommand::Join { name: "Bo".into() }));

    a.ok(tick(&site, &speed, true));
    a.ok(Command::Deliverable(DeliverableCommand::AddCriterion { id: site.clone(), text: "Legal OK".into() }));
    b.ok(tick(&site, &audit, true));
    b.ok(Command::Deliverable(DeliverableCommand::AddCriterion { id: site.clone(), text: "Imprint added".into() }));
    b.ok(Command::Deliverable(DeliverableCommand::Update {
        id: site.clone(),
        patch: DeliverablePatch { due: Edit::Set(d("2026-04-15")), ..Default::default() },
    }));

    a.merge_from(&b);
    b.merge_from(&a);
    assert_eq!(
        deliverables::deliverable(&a.doc, &site).unwrap(),
        deliverables::deliverable(&b.doc, &site).unwrap(),
        "both replicas converge"
    );
    check(
        &a,
        expect![[r#"
            Marketing site [draft] due 2026-04-15 owner - criteria 2/4
              [x] Loads in under 2 s (ticked 2026-01-05 09:02:00 UTC by Ada)
              [x] Passes audit (ticked 2026-01-05 09:03:00 UTC by Bo)
              [ ] Imprint added
              [ ] Legal OK
        "#]],
    );
}
