//! The risk register (probability × impact, mitigation, owner, review date and a workflow) and
//! the issue/conflict register (parties, severity, resolution).
//!
//! Both live in [`RiskCommand`]: risks are [`Kind::Risk`] items, issues are [`Kind::Issue`] items.

use automerge::ReadDoc;
use automerge::transaction::Transactable;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope, check};
use crate::doc::{self, get_text};
use crate::doc::{Fields, parse_all, read_choice};
use crate::error::{CoreError, Result};
use crate::ids::{IssueId, MemberId, Millis, RiskId};
use crate::schema::{self, Kind};
use crate::values::{Edit, check_transition, choice};

choice! {
    /// Where a risk is in its workflow.
    RiskStatus, "status" {
        /// Identified, nothing done about it yet.
        Open = "open",
        /// Mitigation is under way.
        Mitigating = "mitigating",
        /// It happened; it is now being dealt with.
        Occurred = "occurred",
        /// No longer a concern.
        Closed = "closed",
    }
}

impl RiskStatus {
    /// Whether the risk still needs attention (everything but closed).
    pub fn is_open(self) -> bool {
        self != RiskStatus::Closed
    }
}

/// The risk workflow: which status may follow which.
const RISK_FLOW: &[(RiskStatus, &[RiskStatus])] = {
    use RiskStatus::*;
    &[
        (Open, &[Mitigating, Occurred, Closed]),
        (Mitigating, &[Open, Occurred, Closed]),
        (Occurred, &[Closed, Mitigating]),
        (Closed, &[Open]),
    ]
};

choice! {
    /// How serious an issue is.
    #[derive(Default)]
    Severity, "severity" {
        Low = "low",
        #[default]
        Medium = "medium",
        High = "high",
        Critical = "critical",
    }
}

choice! {
    /// Where an issue is in its workflow.
    IssueStatus, "status" {
        Open = "open",
        /// Someone is working on a resolution.
        Resolving = "resolving",
        /// Resolved; the resolution text says how.
        Resolved = "resolved",
    }
}

/// The issue workflow: which status may follow which.
const ISSUE_FLOW: &[(IssueStatus, &[IssueStatus])] = {
    use IssueStatus::*;
    &[(Open, &[Resolving, Resolved]), (Resolving, &[Open, Resolved]), (Resolved, &[Open])]
};

/// The lowest value of the probability and impact scales.
pub const SCALE_MIN: u8 = 1;
/// The highest value of the probability and impact scales.
pub const SCALE_MAX: u8 = 5;

const TITLE_MAX: usize = 300;
const NAME_MAX: usize = 120;

/// A new risk.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct NewRisk {
    pub title: String,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub description: String,
    /// What is being done (or will be done) to make it less likely or less bad.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub mitigation: String,
    /// How likely it is, from 1 (rare) to 5 (almost certain).
    pub probability: u8,
    /// How bad it would be, from 1 (negligible) to 5 (severe).
    pub impact: u8,
    pub owner: Option<MemberId>,
    /// When the risk should be looked at again.
    pub review: Option<NaiveDate>,
}

/// Fields of a risk that an update may change (the status changes with [`RiskCommand::SetStatus`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct RiskPatch {
    pub title: Option<String>,
    /// Replaces the description (as a minimal splice, so concurrent typing elsewhere survives).
    pub description: Option<String>,
    /// Replaces the mitigation text (as a minimal splice).
    pub mitigation: Option<String>,
    pub probability: Option<u8>,
    pub impact: Option<u8>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub owner: Edit<MemberId>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub review: Edit<NaiveDate>,
}

/// A new issue or conflict.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct NewIssue {
    pub title: String,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub description: String,
    /// Project members involved.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub parties: Vec<MemberId>,
    /// People or organisations outside the project involved, by name.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub external_parties: Vec<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub severity: Severity,
}

/// Fields of an issue that an update may change (the status changes with
/// [`RiskCommand::SetIssueStatus`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct IssuePatch {
    pub title: Option<String>,
    /// Replaces the description (as a minimal splice).
    pub description: Option<String>,
    /// Replaces the member parties (only the differences are written, so concurrent edits merge).
    pub parties: Option<Vec<MemberId>>,
    /// Replaces the external parties (only the differences are written).
    pub external_parties: Option<Vec<String>>,
    pub severity: Option<Severity>,
    /// Replaces the resolution text (as a minimal splice).
    pub resolution: Option<String>,
}

/// Risk and issue commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RiskCommand {
    /// Adds a risk to the register (status open).
    Add(NewRisk),
    /// Edits a risk.
    Update { id: RiskId, patch: RiskPatch },
    /// Moves a risk along its workflow.
    SetStatus { id: RiskId, status: RiskStatus },
    /// Raises an issue or conflict (status open).
    AddIssue(NewIssue),
    /// Edits an issue.
    UpdateIssue { id: IssueId, patch: IssuePatch },
    /// Moves an issue along its workflow. Resolving needs a non-empty resolution: pass one here
    /// (it replaces the current text) or write it first with an update.
    SetIssueStatus {
        id: IssueId,
        status: IssueStatus,
        #[serde(default)]
        #[cfg_attr(feature = "ts", ts(optional = nullable))]
        resolution: Option<String>,
    },
}

impl RiskCommand {
    pub(crate) fn apply(self, s: &mut Scope<'_>) -> Result<Applied> {
        match self {
            RiskCommand::Add(r) => add_risk(s, r),
            RiskCommand::Update { id, patch } => update_risk(s, &id, patch),
            RiskCommand::SetStatus { id, status } => set_risk_status(s, &id, status),
            RiskCommand::AddIssue(i) => add_issue(s, i),
            RiskCommand::UpdateIssue { id, patch } => update_issue(s, &id, patch),
            RiskCommand::SetIssueStatus { id, status, resolution } => set_issue_status(s, &id, status, resolution),
        }
    }
}

fn check_scale(field: &'static str, v: u8) -> Result<u8> {
    if (SCALE_MIN..=SCALE_MAX).contains(&v) {
        Ok(v)
    } else {
        Err(CoreError::OutOfRange {
            field,
            value: v.to_string(),
            min: SCALE_MIN.to_string(),
            max: SCALE_MAX.to_string(),
        })
    }
}

/// Trimmed, non-empty, de-duplicated external party names.
fn check_external(names: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let n = check::title("external party name", n, NAME_MAX)?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    Ok(out)
}

fn add_risk(s: &mut Scope<'_>, r: NewRisk) -> Result<Applied> {
    let title = check::title("title", &r.title, TITLE_MAX)?;
    let probability = check_scale("probability", r.probability)?;
    let impact = check_scale("impact", r.impact)?;
    if let Some(m) = &r.owner {
        check::member(s, m)?;
    }
    let id: RiskId = s.fresh_id(Kind::Risk)?;
    let obj = s.create_item(Kind::Risk, id.as_str())?;
    s.tx.put(&obj, "title", title.as_str())?;
    s.tx.put(&obj, "status", RiskStatus::Open.as_str())?;
    s.tx.put(&obj, "probability", i64::from(probability))?;
    s.tx.put(&obj, "impact", i64::from(impact))?;
    doc::put_text(&mut s.tx, &obj, "description", &r.description)?;
    doc::put_text(&mut s.tx, &obj, "mitigation", &r.mitigation)?;
    doc::put_opt_str(&mut s.tx, &obj, "owner", r.owner.as_ref().map(MemberId::as_str))?;
    doc::put_opt_date(&mut s.tx, &obj, "review", r.review)?;
    Ok(Applied::created(format!("Add risk '{title}'"), id.as_str()))
}

fn update_risk(s: &mut Scope<'_>, id: &RiskId, patch: RiskPatch) -> Result<Applied> {
    let obj = s.item(Kind::Risk, id.as_str())?;
    let old_title = get_text(&s.tx, &obj, "title");
    let mut changed = Vec::new();
    if let Some(t) = patch.title {
        let t = check::title("title", &t, TITLE_MAX)?;
        s.tx.put(&obj, "title", t.as_str())?;
        changed.push(format!("title to '{t}'"));
    }
    if let Some(p) = patch.probability {
        let p = check_scale("probability", p)?;
        s.tx.put(&obj, "probability", i64::from(p))?;
        changed.push(format!("probability to {p}"));
    }
    if let Some(i) = patch.impact {
        let i = check_scale("impact", i)?;
        s.tx.put(&obj, "impact", i64::from(i))?;
        changed.push(format!("impact to {i}"));
    }
    if !patch.owner.is_keep() {
        let owner = patch.owner.resolve(None);
        if let Some(m) = &owner {
            check::member(s, m)?;
        }
        doc::put_opt_str(&mut s.tx, &obj, "owner", owner.as_ref().map(MemberId::as_str))?;
        changed.push(match &owner {
            Some(m) => format!("owner to {}", crate::project::member_name(&s.tx, m.as_str())),
            None => "owner cleared".to_owned(),
        });
    }
    if !patch.review.is_keep() {
        let review = patch.review.resolve(None);
        doc::put_opt_date(&mut s.tx, &obj, "review", review)?;
        changed.push(format!("review to {}", review.map(crate::ids::format_date).unwrap_or_else(|| "none".into())));
    }
    if let Some(d) = patch.description {
        doc::replace_text(&mut s.tx, &obj, "description", &d)?;
        changed.push("description".to_owned());
    }
    if let Some(m) = patch.mitigation {
        doc::replace_text(&mut s.tx, &obj, "mitigation", &m)?;
        changed.push("mitigation".to_owned());
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update risk '{old_title}': {}", changed.join(", "))))
}

fn set_risk_status(s: &mut Scope<'_>, id: &RiskId, to: RiskStatus) -> Result<Applied> {
    let obj = s.item(Kind::Risk, id.as_str())?;
    let title = get_text(&s.tx, &obj, "title");
    let from = read_choice(&s.tx, &obj, "status", RiskStatus::Open);
    if from == to {
        return Err(CoreError::Invalid(format!("risk '{title}' is already {to}")));
    }
    check_transition("a risk", from, to, RISK_FLOW)?;
    s.tx.put(&obj, "status", to.as_str())?;
    Ok(Applied::new(match to {
        RiskStatus::Open => format!("Reopen risk '{title}'"),
        RiskStatus::Mitigating => format!("Start mitigating risk '{title}'"),
        RiskStatus::Occurred => format!("Risk '{title}' occurred"),
        RiskStatus::Closed => format!("Close risk '{title}'"),
    }))
}

fn add_issue(s: &mut Scope<'_>, i: NewIssue) -> Result<Applied> {
    let title = check::title("title", &i.title, TITLE_MAX)?;
    for m in &i.parties {
        check::member(s, m)?;
    }
    let external = check_external(&i.external_parties)?;
    let id: IssueId = s.fresh_id(Kind::Issue)?;
    let obj = s.create_item(Kind::Issue, id.as_str())?;
    s.tx.put(&obj, "title", title.as_str())?;
    s.tx.put(&obj, "status", IssueStatus::Open.as_str())?;
    s.tx.put(&obj, "severity", i.severity.as_str())?;
    s.tx.put(&obj, "raised_at", s.now.0)?;
    doc::put_text(&mut s.tx, &obj, "description", &i.description)?;
    doc::put_text(&mut s.tx, &obj, "resolution", "")?;
    doc::put_set(&mut s.tx, &obj, "parties", i.parties.iter().map(MemberId::as_str))?;
    doc::put_set(&mut s.tx, &obj, "external_parties", external.iter().map(String::as_str))?;
    Ok(Applied::created(format!("Raise {} issue '{title}'", i.severity), id.as_str()))
}

fn update_issue(s: &mut Scope<'_>, id: &IssueId, patch: IssuePatch) -> Result<Applied> {
    let obj = s.item(Kind::Issue, id.as_str())?;
    let old_title = get_text(&s.tx, &obj, "title");
    let mut changed = Vec::new();
    if let Some(t) = patch.title {
        let t = check::title("title", &t, TITLE_MAX)?;
        s.tx.put(&obj, "title", t.as_str())?;
        changed.push(format!("title to '{t}'"));
    }
    if let Some(sev) = patch.severity {
        s.tx.put(&obj, "severity", sev.as_str())?;
        changed.push(format!("severity to {sev}"));
    }
    if let Some(parties) = patch.parties {
        for m in &parties {
            check::member(s, m)?;
        }
        doc::set_replace(&mut s.tx, &obj, "parties", parties.iter().map(MemberId::as_str))?;
        changed.push("parties".to_owned());
    }
    if let Some(ext) = patch.external_parties {
        let ext = check_external(&ext)?;
        doc::set_replace(&mut s.tx, &obj, "external_parties", ext.iter().map(String::as_str))?;
        changed.push("external parties".to_owned());
    }
    if let Some(d) = patch.description {
        doc::replace_text(&mut s.tx, &obj, "description", &d)?;
        changed.push("description".to_owned());
    }
    if let Some(r) = patch.resolution {
        let status = read_choice(&s.tx, &obj, "status", IssueStatus::Open);
        if status == IssueStatus::Resolved && r.trim().is_empty() {
            return Err(CoreError::Invalid(format!(
                "issue '{old_title}' is resolved, so its resolution must not be empty; reopen it first"
            )));
        }
        doc::replace_text(&mut s.tx, &obj, "resolution", &r)?;
        changed.push("resolution".to_owned());
    }
    if changed.is_empty() {
        return Err(CoreError::NothingToChange);
    }
    Ok(Applied::new(format!("Update issue '{old_title}': {}", changed.join(", "))))
}

fn set_issue_status(s: &mut Scope<'_>, id: &IssueId, to: IssueStatus, resolution: Option<String>) -> Result<Applied> {
    let obj = s.item(Kind::Issue, id.as_str())?;
    let title = get_text(&s.tx, &obj, "title");
    let from = read_choice(&s.tx, &obj, "status", IssueStatus::Open);
    if from == to && resolution.is_none() {
        return Err(CoreError::Invalid(format!("issue '{title}' is already {to}")));
    }
    check_transition("an issue", from, to, ISSUE_FLOW)?;
    if to == IssueStatus::Resolved {
        let effective = resolution.clone().unwrap_or_else(|| get_text(&s.tx, &obj, "resolution"));
        if effective.trim().is_empty() {
            return Err(CoreError::Invalid(format!(
                "issue '{title}' has no resolution; say how it was resolved (resolution) to resolve it"
            )));
        }
    }
    if let Some(r) = &resolution {
        doc::replace_text(&mut s.tx, &obj, "resolution", r)?;
    }
    if from != to {
        s.tx.put(&obj, "status", to.as_str())?;
        if to == IssueStatus::Resolved {
            s.tx.put(&obj, "resolved_at", s.now.0)?;
        } else {
            doc::delete_if_present(&mut s.tx, &obj, "resolved_at")?;
        }
    }
    Ok(Applied::new(match to {
        _ if from == to => format!("Update resolution of issue '{title}'"),
        IssueStatus::Open => format!("Reopen issue '{title}'"),
        IssueStatus::Resolving => format!("Start resolving issue '{title}'"),
        IssueStatus::Resolved => format!("Resolve issue '{title}'"),
    }))
}

/// A risk as every view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskView {
    pub id: RiskId,
    pub title: String,
    pub description: String,
    pub mitigation: String,
    /// 1..=5.
    pub probability: u8,
    /// 1..=5.
    pub impact: u8,
    /// probability × impact, 1..=25.
    pub score: u8,
    pub owner: Option<MemberId>,
    pub review: Option<NaiveDate>,
    pub status: RiskStatus,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

/// Reads a 1..=5 scale value; out-of-range values written by other tools are clamped, a missing
/// one reads as 1.
fn read_scale<R: ReadDoc>(f: &Fields<'_, R>, key: &str) -> u8 {
    f.i64(key)
        .map(|v| v.clamp(i64::from(SCALE_MIN), i64::from(SCALE_MAX)))
        .and_then(|v| u8::try_from(v).ok())
        .unwrap_or(SCALE_MIN)
}

fn read_risk<R: ReadDoc>(id: &str, f: &Fields<'_, R>) -> Option<RiskView> {
    let probability = read_scale(f, "probability");
    let impact = read_scale(f, "impact");
    Some(RiskView {
        id: id.parse().ok()?,
        title: f.text("title"),
        description: f.text("description"),
        mitigation: f.text("mitigation"),
        probability,
        impact,
        score: probability * impact,
        owner: f.parse("owner"),
        review: f.date("review"),
        status: f.choice("status", RiskStatus::Open),
        created_at: f.i64("created_at").map(Millis),
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Every risk, deleted ones included (check `deleted`), by score (highest first), then id.
pub fn risks<R: ReadDoc>(doc: &R) -> Result<Vec<RiskView>> {
    let mut out: Vec<RiskView> = schema::read_items(doc, Kind::Risk, read_risk)?;
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// One risk by id.
pub fn risk<R: ReadDoc>(doc: &R, id: &RiskId) -> Result<RiskView> {
    let f = schema::read_item(doc, Kind::Risk, id.as_str())?;
    read_risk(id.as_str(), &f).ok_or_else(|| CoreError::NotFound { kind: "risk", id: id.to_string() })
}

/// A risk as it appears in a matrix cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskRef {
    pub id: RiskId,
    pub title: String,
    pub status: RiskStatus,
}

/// One cell of the risk matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskMatrixCell {
    pub probability: u8,
    pub impact: u8,
    /// probability × impact.
    pub score: u8,
    /// The open (not closed, not deleted) risks in this cell, by id.
    pub risks: Vec<RiskRef>,
}

/// How many live (not deleted) risks are in each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskStatusCounts {
    pub open: usize,
    pub mitigating: usize,
    pub occurred: usize,
    pub closed: usize,
}

/// The 5×5 probability × impact matrix of open risks, and counts by status.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskMatrixView {
    /// 25 cells as the matrix is drawn: rows from probability 5 down to 1, and within a row
    /// impact 1 to 5.
    pub cells: Vec<RiskMatrixCell>,
    pub counts: RiskStatusCounts,
}

impl RiskMatrixView {
    /// The cell at `probability` × `impact` (each 1..=5).
    pub fn cell(&self, probability: u8, impact: u8) -> Option<&RiskMatrixCell> {
        self.cells.iter().find(|c| c.probability == probability && c.impact == impact)
    }
}

/// The risk matrix: open (not closed, not deleted) risks placed by probability and impact.
pub fn risk_matrix<R: ReadDoc>(doc: &R) -> Result<RiskMatrixView> {
    let all = risks(doc)?;
    let mut cells = Vec::with_capacity(25);
    for probability in (SCALE_MIN..=SCALE_MAX).rev() {
        for impact in SCALE_MIN..=SCALE_MAX {
            let mut in_cell: Vec<RiskRef> = all
                .iter()
                .filter(|r| !r.deleted && r.status.is_open() && r.probability == probability && r.impact == impact)
                .map(|r| RiskRef { id: r.id.clone(), title: r.title.clone(), status: r.status })
                .collect();
            in_cell.sort_by(|a, b| a.id.cmp(&b.id));
            cells.push(RiskMatrixCell { probability, impact, score: probability * impact, risks: in_cell });
        }
    }
    let mut counts = RiskStatusCounts::default();
    for r in all.iter().filter(|r| !r.deleted) {
        match r.status {
            RiskStatus::Open => counts.open += 1,
            RiskStatus::Mitigating => counts.mitigating += 1,
            RiskStatus::Occurred => counts.occurred += 1,
            RiskStatus::Closed => counts.closed += 1,
        }
    }
    Ok(RiskMatrixView { cells, counts })
}

/// An issue as every view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueView {
    pub id: IssueId,
    pub title: String,
    pub description: String,
    pub parties: Vec<MemberId>,
    pub external_parties: Vec<String>,
    pub severity: Severity,
    pub status: IssueStatus,
    pub resolution: String,
    pub raised_at: Option<Millis>,
    pub resolved_at: Option<Millis>,
    pub created_at: Option<Millis>,
    pub created_by: Option<MemberId>,
    pub deleted: bool,
}

fn read_issue<R: ReadDoc>(id: &str, f: &Fields<'_, R>) -> Option<IssueView> {
    let created_at = f.i64("created_at").map(Millis);
    Some(IssueView {
        id: id.parse().ok()?,
        title: f.text("title"),
        description: f.text("description"),
        parties: parse_all(f.set("parties")),
        external_parties: f.set("external_parties"),
        severity: f.choice("severity", Severity::Medium),
        status: f.choice("status", IssueStatus::Open),
        resolution: f.text("resolution"),
        raised_at: f.i64("raised_at").map(Millis).or(created_at),
        resolved_at: f.i64("resolved_at").map(Millis),
        created_at,
        created_by: f.parse("created_by"),
        deleted: f.is_deleted(),
    })
}

/// Every issue, deleted ones included (check `deleted`): unresolved (open or resolving) first,
/// then by severity (critical first), then id.
pub fn issues<R: ReadDoc>(doc: &R) -> Result<Vec<IssueView>> {
    let mut out: Vec<IssueView> = schema::read_items(doc, Kind::Issue, read_issue)?;
    out.sort_by(|a, b| {
        let resolved = |i: &IssueView| i.status == IssueStatus::Resolved;
        resolved(a).cmp(&resolved(b)).then(b.severity.cmp(&a.severity)).then(a.id.cmp(&b.id))
    });
    Ok(out)
}

/// One issue by id.
pub fn issue<R: ReadDoc>(doc: &R, id: &IssueId) -> Result<IssueView> {
    let f = schema::read_item(doc, Kind::Issue, id.as_str())?;
    read_issue(id.as_str(), &f).ok_or_else(|| CoreError::NotFound { kind: "issue", id: id.to_string() })
}
