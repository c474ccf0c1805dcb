//! The handover package for deliverables: what a client receives at the end of a piece of work.
//! [`package`] returns the files (acceptance criteria and who met them, sign-offs, the decisions
//! behind the work, a final status report in Markdown and HTML, a summary of the history, and the
//! same data as JSON); the shells write them as a folder or a zip. Everything is read from the
//! document as it is now; nothing is written to it.

use std::collections::{BTreeMap, BTreeSet};

use automerge::Automerge;
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::checks::{self, Finding};
use crate::command::ItemRef;
use crate::decisions::{self, DecisionView};
use crate::deliverables::{self, DeliverableView};
use crate::error::{CoreError, Result};
use crate::export;
use crate::history::{self, ChangeInfo};
use crate::ids::{DeliverableId, Millis, format_date};
use crate::project::{self, MemberNames};
use crate::schema::Kind;
use crate::status_report;
use crate::tasks::{self, TaskView};

/// One file of the package: a relative path (forward slashes, no leading slash) and its bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandoverFile {
    pub path: String,
    pub contents: Vec<u8>,
}

impl HandoverFile {
    fn text(path: &str, contents: String) -> Self {
        Self { path: path.to_owned(), contents: contents.into_bytes() }
    }
}

/// What goes into the package.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoverRequest {
    /// The deliverables to hand over; empty means every live deliverable.
    pub deliverables: Vec<DeliverableId>,
    /// The day the package is made (the final report ends on it).
    pub today: NaiveDate,
}

/// How many changes of one deliverable's history the package lists.
const ITEM_HISTORY_MAX: usize = 50;

/// Builds the package's files, in a fixed order (README.md first). Fails when a named deliverable
/// does not exist or is deleted, or when there is no live deliverable to hand over.
pub fn package(doc: &Automerge, req: &HandoverRequest) -> Result<Vec<HandoverFile>> {
    let project = project::project(doc)?;
    let chosen = choose(doc, &req.deliverables)?;
    let names = MemberNames::read(doc);
    let all_tasks: BTreeMap<String, TaskView> =
        tasks::tasks(doc)?.into_iter().map(|t| (t.id.as_str().to_owned(), t)).collect();
    let all_decisions = decisions::decisions(doc)?;
    let findings = checks::check(doc, req.today)?;
    // Every change described once, newest first (as `history::filtered` orders them); each
    // deliverable's history is taken from it.
    let mut all_changes = history::changes(doc);
    all_changes.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| b.hash.cmp(&a.hash)));

    let parts: Vec<Part> = chosen
        .into_iter()
        .map(|d| {
            let task_ids: BTreeSet<&str> = d.tasks.iter().map(|t| t.as_str()).collect();
            let decided: Vec<DecisionView> = all_decisions
                .iter()
                .filter(|x| !x.deleted && x.tasks.iter().any(|t| task_ids.contains(t.as_str())))
                .cloned()
                .collect();
            let item = ItemRef::new(Kind::Deliverable, d.id.as_str());
            let history = all_changes.iter().filter(|c| c.items.contains(&item)).cloned().collect();
            let open: Vec<Finding> = findings.iter().filter(|f| f.items.contains(&item)).cloned().collect();
            Part { deliverable: d, decisions: decided, history, findings: open }
        })
        .collect();

    // The final report covers the project from its start (or its first change) to today, within
    // the longest period a report may cover.
    let earliest = req.today.checked_sub_days(Days::new(status_report::MAX_PERIOD_DAYS - 1)).unwrap_or(req.today);
    let start = project.start.or(project.created_at.map(Millis::date)).unwrap_or(req.today);
    let from = start.clamp(earliest, req.today);
    let report = status_report::build(doc, from, req.today)?;

    let mut files = vec![
        HandoverFile::text("README.md", readme(&project.name, project.client.as_deref(), req.today, &parts)),
        HandoverFile::text("deliverables.md", deliverables_md(&parts, &all_tasks, &names)),
        HandoverFile::text("decisions.md", decisions_md(&all_decisions)),
        HandoverFile::text("decisions.csv", export::decisions_csv(doc)?),
        HandoverFile::text("final-report.md", status_report::to_markdown(&report)),
        HandoverFile::text("final-report.html", status_report::to_html(&report)?),
        HandoverFile::text("history-summary.md", history_md(&all_changes, &parts)),
    ];
    let json = serde_json::to_string_pretty(&JsonPackage {
        project: &project.name,
        client: project.client.as_deref(),
        made_on: req.today,
        deliverables: parts.iter().map(|p| &p.deliverable).collect(),
        decisions: parts.iter().flat_map(|p| &p.decisions).collect(),
    })
    .map_err(|e| CoreError::Invalid(format!("the handover JSON could not be written: {e}")))?;
    files.push(HandoverFile::text("deliverables.json", json + "\n"));
    Ok(files)
}

/// One deliverable and what the package says about it.
struct Part {
    deliverable: DeliverableView,
    decisions: Vec<DecisionView>,
    history: Vec<ChangeInfo>,
    findings: Vec<Finding>,
}

#[derive(Serialize)]
struct JsonPackage<'a> {
    project: &'a str,
    client: Option<&'a str>,
    made_on: NaiveDate,
    deliverables: Vec<&'a DeliverableView>,
    decisions: Vec<&'a DecisionView>,
}

fn choose(doc: &Automerge, wanted: &[DeliverableId]) -> Result<Vec<DeliverableView>> {
    if wanted.is_empty() {
        let live: Vec<DeliverableView> = deliverables::deliverables(doc)?.into_iter().filter(|d| !d.deleted).collect();
        if live.is_empty() {
            return Err(CoreError::Invalid(
                "the project has no deliverables to hand over: add one first (tandem deliverable add)".into(),
            ));
        }
        return Ok(live);
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for id in wanted {
        if !seen.insert(id.as_str()) {
            continue;
        }
        let d = deliverables::deliverable(doc, id)?;
        if d.deleted {
            return Err(CoreError::Invalid(format!(
                "deliverable '{}' ({id}) is deleted: restore it or leave it out of the handover",
                d.title
            )));
        }
        out.push(d);
    }
    Ok(out)
}

fn when(m: Option<Millis>) -> String {
    m.map(|m| m.to_datetime().format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_else(|| "—".into())
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(format_date).unwrap_or_else(|| "—".into())
}

/// Makes text safe inside one Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

fn readme(project: &str, client: Option<&str>, today: NaiveDate, parts: &[Part]) -> String {
    let mut s = format!("# Handover: {project}\n\n");
    if let Some(c) = client {
        s.push_str(&format!("For {c}. "));
    }
    s.push_str(&format!("Prepared on {} with Tandem.\n\n## Deliverables\n\n", format_date(today)));
    s.push_str("| Deliverable | Review | Criteria met | Signed off |\n|---|---|---|---|\n");
    for p in parts {
        let d = &p.deliverable;
        let signed = match &d.signoff {
            Some(so) => format!("{} ({})", cell(&so.by), when(so.at)),
            None => "not yet".into(),
        };
        s.push_str(&format!(
            "| {} | {} | {} of {} | {} |\n",
            cell(&d.title),
            d.review,
            d.criteria_met,
            d.criteria_total,
            signed
        ));
    }
    let open: usize = parts.iter().map(|p| p.findings.len()).sum();
    if open > 0 {
        s.push_str(&format!(
            "\n**{open} open plan-check finding{} concern these deliverables**; see deliverables.md.\n",
            if open == 1 { "" } else { "s" }
        ));
    }
    s.push_str(
        "\n## Files\n\n\
         - `deliverables.md`: each deliverable's acceptance criteria (who met each and when), sign-off, linked \
         tasks, the decisions behind it, open findings and its history.\n\
         - `decisions.md`, `decisions.csv`: the project's decision log.\n\
         - `final-report.md`, `final-report.html`: the status report up to today (the HTML file is self-contained, \
         with its charts inline).\n\
         - `history-summary.md`: who changed the project, and when.\n\
         - `deliverables.json`: the deliverables and their decisions for other tools.\n",
    );
    s
}

fn deliverables_md(parts: &[Part], tasks: &BTreeMap<String, TaskView>, names: &MemberNames) -> String {
    let mut s = String::from("# Deliverables\n");
    for p in parts {
        let d = &p.deliverable;
        s.push_str(&format!("\n## {}\n\n", d.title));
        s.push_str(&format!(
            "- Owner: {}\n- Due: {}\n- Review: {}\n- Criteria met: {} of {}\n",
            d.owner.as_ref().map(|m| names.name(m.as_str())).unwrap_or_else(|| "—".into()),
            day(d.due),
            d.review,
            d.criteria_met,
            d.criteria_total
        ));
        match &d.signoff {
            Some(so) => {
                s.push_str(&format!("- Signed off by {} on {}", so.by, when(so.at)));
                if let Some(n) = so.note.as_deref().filter(|n| !n.trim().is_empty()) {
                    s.push_str(&format!(": \"{}\"", n.trim()));
                }
                s.push('\n');
            }
            None => s.push_str("- Not signed off\n"),
        }
        if !d.description.trim().is_empty() {
            s.push_str(&format!("\n{}\n", d.description.trim()));
        }
        s.push_str("\n### Acceptance criteria\n\n");
        if d.criteria.is_empty() {
            s.push_str("None recorded.\n");
        } else {
            s.push_str("| | Criterion | Met by | Met at |\n|---|---|---|---|\n");
            for c in &d.criteria {
                s.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    if c.met { "met" } else { "open" },
                    cell(&c.text),
                    c.met_by.as_ref().map(|m| cell(&names.name(m.as_str()))).unwrap_or_else(|| "—".into()),
                    if c.met { when(c.met_at) } else { "—".into() }
                ));
            }
        }
        s.push_str("\n### Tasks\n\n");
        if d.tasks.is_empty() {
            s.push_str("None linked.\n");
        }
        for t in &d.tasks {
            match tasks.get(t.as_str()) {
                Some(t) if !t.deleted => s.push_str(&format!("- {} ({})\n", t.title, t.status)),
                _ => s.push_str(&format!("- {t} (deleted)\n")),
            }
        }
        s.push_str("\n### Decisions\n\n");
        if p.decisions.is_empty() {
            s.push_str("None linked to its tasks.\n");
        }
        for x in &p.decisions {
            s.push_str(&format!("- **{}** ({}, {}): {}\n", x.title, x.status, day(x.decided_at), x.decision.trim()));
        }
        if !p.findings.is_empty() {
            s.push_str("\n### Open plan-check findings\n\n");
            for f in &p.findings {
                s.push_str(&format!("- {} {}: {}\n", f.severity, f.kind, f.message));
            }
        }
        s.push_str("\n### History\n\n");
        if p.history.is_empty() {
            s.push_str("No recorded changes.\n");
        }
        for c in p.history.iter().take(ITEM_HISTORY_MAX) {
            s.push_str(&format!("- {} {}: {}\n", when(Some(c.time)), c.author_name, c.summary));
        }
        if p.history.len() > ITEM_HISTORY_MAX {
            s.push_str(&format!("- … and {} earlier changes\n", p.history.len() - ITEM_HISTORY_MAX));
        }
    }
    s
}

fn decisions_md(all: &[DecisionView]) -> String {
    let mut s = String::from("# Decisions\n");
    let live: Vec<&DecisionView> = all.iter().filter(|d| !d.deleted).collect();
    if live.is_empty() {
        s.push_str("\nNo decisions recorded.\n");
    }
    for d in live {
        s.push_str(&format!("\n## {}\n\n- Status: {}\n- Decided: {}", d.title, d.status, day(d.decided_at)));
        if let Some(by) = &d.decided_by_name {
            s.push_str(&format!(" by {by}"));
        }
        s.push('\n');
        for (label, text) in [("Context", &d.context), ("Decision", &d.decision), ("Alternatives", &d.alternatives)] {
            if !text.trim().is_empty() {
                s.push_str(&format!("\n**{label}.** {}\n", text.trim()));
            }
        }
    }
    s
}

fn history_md(all: &[ChangeInfo], parts: &[Part]) -> String {
    let mut s = String::from("# History summary\n\n");
    let (Some(first), Some(last)) = (all.iter().map(|c| c.time).min(), all.iter().map(|c| c.time).max()) else {
        s.push_str("No changes recorded.\n");
        return s;
    };
    s.push_str(&format!(
        "{} changes from {} to {}.\n\n## By author\n\n",
        all.len(),
        when(Some(first)),
        when(Some(last))
    ));
    let mut by_author: BTreeMap<&str, (usize, Millis)> = BTreeMap::new();
    let mut by_month: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    for c in all {
        let e = by_author.entry(c.author_name.as_str()).or_insert((0, c.time));
        e.0 += 1;
        e.1 = e.1.max(c.time);
        let d = c.time.date();
        *by_month.entry((d.year(), d.month())).or_default() += 1;
    }
    let mut authors: Vec<_> = by_author.into_iter().collect();
    authors.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    s.push_str("| Author | Changes | Last change |\n|---|---|---|\n");
    for (name, (n, last)) in authors {
        s.push_str(&format!("| {} | {n} | {} |\n", cell(name), when(Some(last))));
    }
    s.push_str("\n## By month\n\n| Month | Changes |\n|---|---|\n");
    for ((y, m), n) in by_month {
        s.push_str(&format!("| {y}-{m:02} | {n} |\n"));
    }
    s.push_str("\n## Changes to the handed-over deliverables\n\n");
    for p in parts {
        s.push_str(&format!("- {}: {} changes\n", p.deliverable.title, p.history.len()));
    }
    s
}
