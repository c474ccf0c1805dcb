//! Status reports for a period, generated from the project: health, progress, a burndown chart,
//! milestones, goals, the top risks, decisions made, client requests, budget burn and log
//! highlights. [`build`] gathers the numbers; [`to_markdown`] and [`to_html`] render them (the
//! HTML is one self-contained file with its charts as inline SVG, drawn with `plotters`).
//! Saving a rendered report into the project is [`crate::reports::ReportCommand::Save`].

use chrono::{Days, NaiveDate};
use plotters::prelude::*;
use serde::Serialize;

use crate::decisions::DecisionStatus;
use crate::error::{CoreError, Result};
use crate::ids::Millis;
use crate::log::{LogFilter, LogKind};
use crate::milestones::MilestoneStatus;
use crate::risks::RiskStatus;
use crate::values::Health;
use crate::views::{BudgetSummary, GoalProgress};

/// The longest period one report covers.
pub const MAX_PERIOD_DAYS: u64 = 366;
/// How many risks, decisions, requests and log entries a report lists at most.
const TOP: usize = 10;

/// One day of the burndown: estimated hours of work still open at the end of that day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BurndownPoint {
    pub day: NaiveDate,
    pub remaining_hours: f64,
    /// A straight line from the first day's remaining work to zero on the last day.
    pub ideal_hours: f64,
}

/// A milestone as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MilestoneLine {
    pub title: String,
    pub due: Option<NaiveDate>,
    pub status: MilestoneStatus,
    pub tasks_done: usize,
    pub tasks_total: usize,
}

/// A risk as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskLine {
    pub title: String,
    pub probability: u8,
    pub impact: u8,
    pub score: u8,
    pub owner: Option<String>,
    pub mitigation: String,
}

/// A decision made in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionLine {
    pub title: String,
    pub status: DecisionStatus,
    pub decided_at: Option<NaiveDate>,
    pub decided_by: Option<String>,
}

/// A client request received in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestLine {
    pub title: String,
    pub requester: String,
    pub received: Option<NaiveDate>,
    pub status: String,
}

/// A log entry worth repeating to the client.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogLine {
    pub at: Millis,
    pub author: String,
    pub kind: LogKind,
    pub body: String,
}

/// Everything a status report says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusReport {
    pub project: String,
    pub client: Option<String>,
    pub currency: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub health: Health,
    pub health_reasons: Vec<String>,
    /// Share of estimated work done, 0–100, at the end of the period.
    pub percent_complete: f64,
    pub tasks_open: usize,
    pub tasks_done: usize,
    pub tasks_overdue: usize,
    /// Tasks finished within the period.
    pub done_in_period: Vec<String>,
    pub burndown: Vec<BurndownPoint>,
    /// Milestones due in the period or later, by due date (open ones first among equals).
    pub milestones: Vec<MilestoneLine>,
    pub goals: Vec<GoalProgress>,
    pub top_risks: Vec<RiskLine>,
    pub decisions: Vec<DecisionLine>,
    /// Requests received in the period.
    pub requests: Vec<RequestLine>,
    /// Requests still waiting for triage (status new), whenever received.
    pub requests_waiting: usize,
    pub budget: BudgetSummary,
    pub log_highlights: Vec<LogLine>,
}

/// Gathers the report for `from..=to` (dates inclusive). The project is read as it is now; pass
/// a document as of the period's end (see [`crate::timeline::as_of`]) to report on the past.
pub fn build(doc: &automerge::Automerge, from: NaiveDate, to: NaiveDate) -> Result<StatusReport> {
    crate::command::check::date_order("from", Some(from), "to", Some(to))?;
    let days = (to - from).num_days().unsigned_abs() + 1;
    if days > MAX_PERIOD_DAYS {
        return Err(CoreError::Invalid(format!(
            "a status report covers at most {MAX_PERIOD_DAYS} days; {from} to {to} is {days} days: choose a shorter period"
        )));
    }
    let dash = crate::views::dashboard(doc, to)?;
    let names = crate::project::MemberNames::read(doc);
    let name = |m: &crate::ids::MemberId| names.name(m.as_str());
    let start = Millis(from.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp_millis());
    let end = Millis(start.0 + i64::try_from(days).unwrap_or(0) * 86_400_000);

    let tasks: Vec<_> = crate::tasks::tasks(doc)?.into_iter().filter(|t| !t.deleted).collect();
    let done_in_period =
        tasks.iter().filter(|t| t.done_at.is_some_and(|d| d >= start && d < end)).map(|t| t.title.clone()).collect();
    // Remaining work at the end of each day: estimates of tasks created by then and not done by
    // then (cancelled tasks drop out when they were cancelled, which the document does not
    // date: they are left out throughout).
    let mut burndown = Vec::new();
    let mut day = from;
    while day <= to {
        let day_end = Millis(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp_millis() + 86_400_000);
        let remaining: f64 = tasks
            .iter()
            .filter(|t| t.status != crate::tasks::TaskStatus::Cancelled)
            .filter(|t| t.created_at.is_none_or(|c| c < day_end))
            .filter(|t| t.done_at.is_none_or(|d| d >= day_end))
            .map(|t| t.estimate.unwrap_or(0.0))
            .sum::<f64>()
            + 0.0; // an empty float sum is -0.0
        burndown.push(BurndownPoint { day, remaining_hours: remaining, ideal_hours: 0.0 });
        day = day + Days::new(1);
    }
    let first = burndown.first().map_or(0.0, |p| p.remaining_hours);
    let steps = (burndown.len().max(2) - 1) as f64;
    for (i, p) in burndown.iter_mut().enumerate() {
        p.ideal_hours = (first * (1.0 - i as f64 / steps)).max(0.0) + 0.0;
    }

    let mut milestones: Vec<MilestoneLine> = crate::milestones::milestones(doc)?
        .into_iter()
        .filter(|m| !m.deleted && m.due.is_none_or(|d| d >= from))
        .map(|m| MilestoneLine {
            title: m.title,
            due: m.due,
            status: m.status,
            tasks_done: m.tasks_done,
            tasks_total: m.tasks_total,
        })
        .collect();
    milestones
        .sort_by(|a, b| a.due.is_none().cmp(&b.due.is_none()).then(a.due.cmp(&b.due)).then(a.title.cmp(&b.title)));
    milestones.truncate(TOP);

    let mut risks: Vec<_> = crate::risks::risks(doc)?
        .into_iter()
        .filter(|r| !r.deleted && !matches!(r.status, RiskStatus::Closed))
        .collect();
    risks.sort_by(|a, b| b.score.cmp(&a.score).then(a.title.cmp(&b.title)));
    let top_risks = risks
        .into_iter()
        .take(TOP)
        .map(|r| RiskLine {
            owner: r.owner.as_ref().map(name),
            title: r.title,
            probability: r.probability,
            impact: r.impact,
            score: r.score,
            mitigation: r.mitigation,
        })
        .collect();

    let mut decisions: Vec<DecisionLine> = crate::decisions::decisions(doc)?
        .into_iter()
        .filter(|d| !d.deleted && d.decided_at.is_some_and(|at| at >= from && at <= to))
        .map(|d| DecisionLine {
            decided_by: d.decided_by.as_ref().map(name),
            title: d.title,
            status: d.status,
            decided_at: d.decided_at,
        })
        .collect();
    decisions.sort_by(|a, b| a.decided_at.cmp(&b.decided_at).then(a.title.cmp(&b.title)));

    let all_requests: Vec<_> = crate::requests::requests(doc, None)?.into_iter().filter(|r| !r.deleted).collect();
    let requests_waiting = all_requests.iter().filter(|r| r.status == crate::requests::RequestStatus::New).count();
    let mut requests: Vec<RequestLine> = all_requests
        .into_iter()
        .filter(|r| r.received.is_some_and(|d| d >= from && d <= to))
        .map(|r| RequestLine {
            title: r.title,
            requester: r.requester,
            received: r.received,
            status: r.status.to_string(),
        })
        .collect();
    requests.sort_by(|a, b| a.received.cmp(&b.received).then(a.title.cmp(&b.title)));

    let filter = LogFilter { from: Some(start), to: Some(end), ..LogFilter::default() };
    let mut entries = crate::log::log(doc, &filter)?;
    // Milestones, decisions, problems and progress before plain notes; then newest first.
    let rank = |k: LogKind| match k {
        LogKind::Milestone => 0,
        LogKind::Decision => 1,
        LogKind::Problem => 2,
        LogKind::Progress => 3,
        LogKind::Note => 4,
    };
    entries.sort_by(|a, b| rank(a.kind).cmp(&rank(b.kind)).then(b.at.cmp(&a.at)));
    let log_highlights = entries
        .into_iter()
        .take(TOP)
        .map(|e| LogLine { at: e.at, author: e.author_name, kind: e.kind, body: e.body })
        .collect();

    Ok(StatusReport {
        project: dash.name,
        client: dash.client,
        currency: dash.currency,
        from,
        to,
        health: dash.health,
        health_reasons: dash.health_reasons,
        percent_complete: dash.percent_complete,
        tasks_open: dash.tasks_open,
        tasks_done: dash.tasks_done,
        tasks_overdue: dash.tasks_overdue,
        done_in_period,
        burndown,
        milestones,
        goals: dash.goals,
        top_risks,
        decisions,
        requests,
        requests_waiting,
        budget: dash.budget,
        log_highlights,
    })
}

/// The report's title: "Status report: <project>, <from> to <to>".
pub fn title(r: &StatusReport) -> String {
    format!("Status report: {}, {} to {}", r.project, r.from, r.to)
}

fn health_label(h: Health) -> &'static str {
    match h {
        Health::OnTrack => "On track",
        Health::AtRisk => "At risk",
        Health::OffTrack => "Off track",
    }
}

fn money(v: i64, currency: &str) -> String {
    format!("{} {currency}", crate::money::format_minor(v))
}

fn hours(h: f64) -> String {
    serde_json::Value::from((h * 10.0).round() / 10.0 + 0.0).to_string()
}

/// Escapes text for a Markdown table cell or list item (pipes and line breaks).
fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The report as Markdown.
pub fn to_markdown(r: &StatusReport) -> String {
    let mut o = format!("# {}\n\n", md(&title(r)));
    if let Some(c) = &r.client {
        o.push_str(&format!("For {}.\n\n", md(c)));
    }
    o.push_str(&format!("**Health:** {}", health_label(r.health)));
    if !r.health_reasons.is_empty() {
        o.push_str(&format!(" ({})", md(&r.health_reasons.join("; "))));
    }
    o.push_str(&format!(
        "\n\n**Progress:** {:.0}% of estimated work done. Tasks: {} open, {} done, {} overdue.\n\n",
        r.percent_complete, r.tasks_open, r.tasks_done, r.tasks_overdue
    ));
    o.push_str("## Burndown\n\n| Day | Remaining (h) | Ideal (h) |\n|---|---:|---:|\n");
    for p in burndown_rows(&r.burndown) {
        o.push_str(&format!("| {} | {} | {} |\n", p.day, hours(p.remaining_hours), hours(p.ideal_hours)));
    }
    if !r.done_in_period.is_empty() {
        o.push_str(&format!(
            "\nFinished in the period: {}.\n",
            r.done_in_period.iter().map(|t| md(t)).collect::<Vec<_>>().join(", ")
        ));
    }
    o.push_str("\n## Milestones\n\n");
    if r.milestones.is_empty() {
        o.push_str("No milestones ahead.\n");
    } else {
        o.push_str("| Milestone | Due | Status | Tasks done |\n|---|---|---|---:|\n");
        for m in &r.milestones {
            let due = m.due.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
            o.push_str(&format!("| {} | {due} | {} | {}/{} |\n", md(&m.title), m.status, m.tasks_done, m.tasks_total));
        }
    }
    o.push_str("\n## Goals\n\n");
    if r.goals.is_empty() {
        o.push_str("No goals set.\n");
    }
    for g in &r.goals {
        o.push_str(&format!(
            "- {}: {} of {} {} ({:.0}%)\n",
            md(&g.title),
            hours(g.current),
            hours(g.target),
            md(&g.metric),
            g.progress * 100.0
        ));
    }
    o.push_str("\n## Top risks\n\n");
    if r.top_risks.is_empty() {
        o.push_str("No open risks.\n");
    } else {
        o.push_str("| Risk | P × I | Owner | Mitigation |\n|---|---|---|---|\n");
        for k in &r.top_risks {
            o.push_str(&format!(
                "| {} | {} × {} = {} | {} | {} |\n",
                md(&k.title),
                k.probability,
                k.impact,
                k.score,
                k.owner.as_deref().map(md).unwrap_or_else(|| "-".into()),
                md(&k.mitigation)
            ));
        }
    }
    o.push_str("\n## Decisions made\n\n");
    if r.decisions.is_empty() {
        o.push_str("No decisions in this period.\n");
    }
    for d in &r.decisions {
        let when = d.decided_at.map(|d| d.to_string()).unwrap_or_default();
        let by = d.decided_by.as_deref().map(|b| format!(" by {}", md(b))).unwrap_or_default();
        o.push_str(&format!("- {} ({}, {when}{by})\n", md(&d.title), d.status));
    }
    o.push_str("\n## Client requests\n\n");
    if r.requests.is_empty() {
        o.push_str("No requests received in this period.");
    }
    for q in &r.requests {
        let when = q.received.map(|d| d.to_string()).unwrap_or_default();
        o.push_str(&format!("- {} from {} ({when}): {}\n", md(&q.title), md(&q.requester), q.status));
    }
    o.push_str(&format!("\n{} waiting for triage.\n", plural(r.requests_waiting, "request")));
    o.push_str("\n## Budget\n\n");
    let b = &r.budget.lines;
    if let Some(total) = r.budget.project_budget {
        o.push_str(&format!("Project budget: {}.\n\n", money(total, &r.currency)));
    }
    o.push_str(&format!(
        "| Planned | Committed | Actual | Remaining |\n|---:|---:|---:|---:|\n| {} | {} | {} | {} |\n",
        money(b.planned, &r.currency),
        money(b.committed, &r.currency),
        money(b.actual, &r.currency),
        money(b.remaining, &r.currency)
    ));
    o.push_str("\n## Log highlights\n\n");
    if r.log_highlights.is_empty() {
        o.push_str("Nothing logged in this period.\n");
    }
    for e in &r.log_highlights {
        o.push_str(&format!("- {} · {} · {}: {}\n", e.at.date(), e.kind, md(&e.author), md(&e.body)));
    }
    o
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

/// At most ~16 rows of the burndown for tables: every k-th day plus the last.
fn burndown_rows(points: &[BurndownPoint]) -> Vec<&BurndownPoint> {
    let step = points.len().div_ceil(16).max(1);
    let mut rows: Vec<&BurndownPoint> = points.iter().step_by(step).collect();
    if let Some(last) = points.last()
        && rows.last().is_none_or(|r| r.day != last.day)
    {
        rows.push(last);
    }
    rows
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The burndown as an SVG line chart (remaining work and the ideal line).
pub fn burndown_svg(r: &StatusReport) -> Result<String> {
    let mut svg = String::new();
    let n = r.burndown.len().max(1) as i32;
    let top = r.burndown.iter().map(|p| p.remaining_hours.max(p.ideal_hours)).fold(1.0_f64, f64::max) * 1.1;
    let chart_error = |e: String| CoreError::Invalid(format!("the burndown chart could not be drawn: {e}"));
    {
        let root = SVGBackend::with_string(&mut svg, (640, 280)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| chart_error(e.to_string()))?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(48)
            .build_cartesian_2d(0..(n - 1).max(1), 0.0..top)
            .map_err(|e| chart_error(e.to_string()))?;
        let days: Vec<NaiveDate> = r.burndown.iter().map(|p| p.day).collect();
        chart
            .configure_mesh()
            .x_labels(8)
            .x_label_formatter(&|i| days.get(*i as usize).map(|d| d.format("%m-%d").to_string()).unwrap_or_default())
            .y_desc("hours open")
            .draw()
            .map_err(|e| chart_error(e.to_string()))?;
        let ideal = RGBColor(150, 150, 150);
        chart
            .draw_series(LineSeries::new(r.burndown.iter().enumerate().map(|(i, p)| (i as i32, p.ideal_hours)), &ideal))
            .map_err(|e| chart_error(e.to_string()))?
            .label("ideal")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], ideal));
        let actual = RGBColor(31, 119, 180);
        chart
            .draw_series(LineSeries::new(
                r.burndown.iter().enumerate().map(|(i, p)| (i as i32, p.remaining_hours)),
                actual.stroke_width(2),
            ))
            .map_err(|e| chart_error(e.to_string()))?
            .label("remaining")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], actual.stroke_width(2)));
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(|e| chart_error(e.to_string()))?;
        root.present().map_err(|e| chart_error(e.to_string()))?;
    }
    Ok(svg)
}

/// The budget as an SVG bar chart: planned, committed and actual against the project budget.
pub fn budget_svg(r: &StatusReport) -> Result<String> {
    let b = &r.budget.lines;
    let bars = [("planned", b.planned), ("committed", b.committed), ("actual", b.actual)];
    let budget = r.budget.project_budget.unwrap_or(0);
    let max = bars.iter().map(|(_, v)| *v).chain([budget]).max().unwrap_or(0).max(1) as f64 / 100.0 * 1.15;
    let chart_error = |e: String| CoreError::Invalid(format!("the budget chart could not be drawn: {e}"));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 200)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| chart_error(e.to_string()))?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(90)
            .build_cartesian_2d(0.0..max, (0..bars.len() as i32).into_segmented())
            .map_err(|e| chart_error(e.to_string()))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => bars.get(*i as usize).map(|b| b.0.to_owned()).unwrap_or_default(),
                _ => String::new(),
            })
            .x_desc(r.currency.as_str())
            .draw()
            .map_err(|e| chart_error(e.to_string()))?;
        let colors = [RGBColor(150, 150, 150), RGBColor(255, 160, 60), RGBColor(31, 119, 180)];
        chart
            .draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
                let i = i as i32;
                let mut bar = Rectangle::new(
                    [(0.0, SegmentValue::Exact(i)), (*v as f64 / 100.0, SegmentValue::Exact(i + 1))],
                    colors[i as usize].filled(),
                );
                bar.set_margin(6, 6, 0, 0);
                bar
            }))
            .map_err(|e| chart_error(e.to_string()))?;
        if budget > 0 {
            let x = budget as f64 / 100.0;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, SegmentValue::Exact(0)), (x, SegmentValue::Exact(bars.len() as i32))],
                    RED.stroke_width(2),
                )))
                .map_err(|e| chart_error(e.to_string()))?;
        }
        root.present().map_err(|e| chart_error(e.to_string()))?;
    }
    Ok(svg)
}

/// The report as one self-contained HTML file (inline style, charts as inline SVG).
pub fn to_html(r: &StatusReport) -> Result<String> {
    let mut o = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str(&format!("<title>{}</title>\n", esc(&title(r))));
    o.push_str(
        "<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2em auto;color:#222;line-height:1.45}\
         table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}\
         .num{text-align:right}.badge{display:inline-block;padding:.1em .6em;border-radius:1em;color:#fff}\
         .on_track{background:#2b8a3e}.at_risk{background:#e8590c}.off_track{background:#c92a2a}\
         h2{border-bottom:1px solid #ddd;padding-bottom:.2em}</style>\n</head>\n<body>\n",
    );
    o.push_str(&format!("<h1>{}</h1>\n", esc(&title(r))));
    if let Some(c) = &r.client {
        o.push_str(&format!("<p>For {}.</p>\n", esc(c)));
    }
    o.push_str(&format!(
        "<p><span class=\"badge {}\">{}</span> {}</p>\n",
        r.health.as_str(),
        health_label(r.health),
        esc(&r.health_reasons.join("; "))
    ));
    o.push_str(&format!(
        "<p><strong>{:.0}%</strong> of estimated work done. Tasks: {} open, {} done, {} overdue.</p>\n",
        r.percent_complete, r.tasks_open, r.tasks_done, r.tasks_overdue
    ));
    o.push_str("<h2>Burndown</h2>\n");
    o.push_str(&burndown_svg(r)?);
    if !r.done_in_period.is_empty() {
        let done: Vec<String> = r.done_in_period.iter().map(|t| esc(t)).collect();
        o.push_str(&format!("<p>Finished in the period: {}.</p>\n", done.join(", ")));
    }
    o.push_str("<h2>Milestones</h2>\n");
    if r.milestones.is_empty() {
        o.push_str("<p>No milestones ahead.</p>\n");
    } else {
        o.push_str("<table><tr><th>Milestone</th><th>Due</th><th>Status</th><th>Tasks done</th></tr>\n");
        for m in &r.milestones {
            let due = m.due.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
            o.push_str(&format!(
                "<tr><td>{}</td><td>{due}</td><td>{}</td><td class=\"num\">{}/{}</td></tr>\n",
                esc(&m.title),
                m.status,
                m.tasks_done,
                m.tasks_total
            ));
        }
        o.push_str("</table>\n");
    }
    o.push_str("<h2>Goals</h2>\n");
    if r.goals.is_empty() {
        o.push_str("<p>No goals set.</p>\n");
    } else {
        o.push_str("<ul>\n");
        for g in &r.goals {
            o.push_str(&format!(
                "<li>{}: {} of {} {} (<meter min=\"0\" max=\"1\" value=\"{:.3}\"></meter> {:.0}%)</li>\n",
                esc(&g.title),
                hours(g.current),
                hours(g.target),
                esc(&g.metric),
                g.progress.clamp(0.0, 1.0),
                g.progress * 100.0
            ));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("<h2>Top risks</h2>\n");
    if r.top_risks.is_empty() {
        o.push_str("<p>No open risks.</p>\n");
    } else {
        o.push_str("<table><tr><th>Risk</th><th>P × I</th><th>Owner</th><th>Mitigation</th></tr>\n");
        for k in &r.top_risks {
            o.push_str(&format!(
                "<tr><td>{}</td><td>{} × {} = {}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&k.title),
                k.probability,
                k.impact,
                k.score,
                esc(k.owner.as_deref().unwrap_or("-")),
                esc(&k.mitigation)
            ));
        }
        o.push_str("</table>\n");
    }
    o.push_str("<h2>Decisions made</h2>\n");
    if r.decisions.is_empty() {
        o.push_str("<p>No decisions in this period.</p>\n");
    } else {
        o.push_str("<ul>\n");
        for d in &r.decisions {
            let when = d.decided_at.map(|d| d.to_string()).unwrap_or_default();
            let by = d.decided_by.as_deref().map(|b| format!(" by {}", esc(b))).unwrap_or_default();
            o.push_str(&format!("<li>{} ({}, {when}{by})</li>\n", esc(&d.title), d.status));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("<h2>Client requests</h2>\n");
    if r.requests.is_empty() {
        o.push_str("<p>No requests received in this period.</p>\n");
    } else {
        o.push_str("<ul>\n");
        for q in &r.requests {
            let when = q.received.map(|d| d.to_string()).unwrap_or_default();
            o.push_str(&format!("<li>{} from {} ({when}): {}</li>\n", esc(&q.title), esc(&q.requester), q.status));
        }
        o.push_str("</ul>\n");
    }
    o.push_str(&format!("<p>{} waiting for triage.</p>\n", plural(r.requests_waiting, "request")));
    o.push_str("<h2>Budget</h2>\n");
    if let Some(total) = r.budget.project_budget {
        o.push_str(&format!("<p>Project budget: {}.</p>\n", esc(&money(total, &r.currency))));
    }
    let b = &r.budget.lines;
    o.push_str(&format!(
        "<table><tr><th>Planned</th><th>Committed</th><th>Actual</th><th>Remaining</th></tr>\n\
         <tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></table>\n",
        esc(&money(b.planned, &r.currency)),
        esc(&money(b.committed, &r.currency)),
        esc(&money(b.actual, &r.currency)),
        esc(&money(b.remaining, &r.currency))
    ));
    o.push_str(&budget_svg(r)?);
    o.push_str("<h2>Log highlights</h2>\n");
    if r.log_highlights.is_empty() {
        o.push_str("<p>Nothing logged in this period.</p>\n");
    } else {
        o.push_str("<ul>\n");
        for e in &r.log_highlights {
            o.push_str(&format!(
                "<li>{} · {} · {}: {}</li>\n",
                e.at.date(),
                e.kind,
                esc(&e.author),
                esc(&e.body).replace('\n', "<br>")
            ));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</body>\n</html>\n");
    Ok(o)
}
