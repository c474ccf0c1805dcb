//! The coordinator's look back: `tandem history` (filtered, grouped), `tandem show --at` (the
//! project as of a moment) and `tandem diff` (what changed between two moments, by author).

use anyhow::{Result, bail};
use automerge::{Automerge, ChangeHash};
use clap::{Args, ValueEnum};
use tandem_core::Millis;
use tandem_core::history::{self, ChangeInfo, HistoryFilter};
use tandem_core::timeline::{self, DiffView, ItemChange};

use crate::app::{App, table};

/// A moment as typed: a time, a date, or a change hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moment {
    /// An instant (UTC).
    Time(Millis),
    /// A change (hash prefix): the project right after it.
    Change(String),
}

impl Moment {
    /// The heads of the project at this moment.
    pub fn heads(&self, doc: &Automerge) -> Result<Vec<ChangeHash>> {
        Ok(match self {
            Moment::Time(t) => timeline::heads_at(doc, *t),
            Moment::Change(prefix) => vec![timeline::find_change(doc, prefix)?],
        })
    }

    /// As a time, for filters (a change stands for its own time).
    fn time(&self, doc: &Automerge) -> Result<Millis> {
        Ok(match self {
            Moment::Time(t) => *t,
            Moment::Change(prefix) => {
                let hash = timeline::find_change(doc, prefix)?;
                history::change_info(doc, &hash).map(|c| Millis(c.time.0 + 999)).unwrap_or(Millis(0))
            }
        })
    }
}

const MOMENT_HELP: &str =
    "a time \"YYYY-MM-DD HH:MM\" (UTC), a date YYYY-MM-DD, or a change hash from `tandem history`";

/// Parses a moment where a date alone means the start of that day (`--since`, `--from`).
pub fn moment_start(s: &str) -> Result<Moment, String> {
    parse_moment(s, false)
}

/// Parses a moment where a date alone means the end of that day (`--at`, `--until`, `--to`).
pub fn moment_end(s: &str) -> Result<Moment, String> {
    parse_moment(s, true)
}

fn parse_moment(s: &str, end_of_day: bool) -> Result<Moment, String> {
    let t = s.trim();
    if let Ok(m) = crate::app::instant(t) {
        return Ok(Moment::Time(m));
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        let start = d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp_millis();
        return Ok(Moment::Time(Millis(if end_of_day { start + 86_400_000 - 1 } else { start })));
    }
    if t.len() >= 6 && t.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(Moment::Change(t.to_ascii_lowercase()));
    }
    Err(format!("{s:?} is not a moment; give {MOMENT_HELP}"))
}

/// How `tandem history` groups the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    /// One block per member, the most active first.
    Author,
    /// One block per day (UTC), newest first.
    Day,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only changes by this member (name or id).
    #[arg(long)]
    member: Option<String>,
    /// Only changes to this item: KIND:ID, e.g. task:3k or risk:7q (an id prefix is enough).
    #[arg(long, value_name = "KIND:ID")]
    item: Option<String>,
    /// Only changes made at or after this moment (a date means its start).
    #[arg(long, value_parser = moment_start, value_name = "WHEN")]
    since: Option<Moment>,
    /// Only changes made before this moment (a date means its end).
    #[arg(long, value_parser = moment_end, value_name = "WHEN")]
    until: Option<Moment>,
    /// Group the changes by author or by day.
    #[arg(long, value_enum)]
    by: Option<GroupBy>,
    /// Show at most this many changes, newest first (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
}

fn change_line(c: &ChangeInfo) -> Vec<String> {
    vec![
        c.time.to_string(),
        c.author_name.clone(),
        c.summary.lines().next().unwrap_or("").to_owned(),
        c.hash[..8].to_owned(),
    ]
}

/// Example: tandem history --member Bo --since 2026-11-23 --by day
pub fn history(app: &mut App, a: HistoryArgs) -> Result<()> {
    let member = a.member.as_deref().map(|m| app.member(m)).transpose()?;
    let item = a.item.as_deref().map(|i| app.item_ref(i)).transpose()?;
    let (since, until) = (a.since.clone(), a.until.clone());
    let changes = app.read(move |doc| -> Result<Vec<ChangeInfo>> {
        let filter = HistoryFilter {
            member,
            item,
            from: since.map(|m| m.time(doc)).transpose()?,
            to: until.map(|m| m.time(doc).map(|t| Millis(t.0 + 1))).transpose()?,
        };
        Ok(history::filtered(doc, &filter))
    })??;
    let total = changes.len();
    let shown: Vec<ChangeInfo> = if a.limit == 0 { changes } else { changes.into_iter().take(a.limit).collect() };
    let more = if shown.len() < total {
        format!("\n\n({} of {total} changes shown, newest first; --limit 0 shows all)", shown.len())
    } else {
        String::new()
    };
    let header = ["time", "author", "change", "hash"];
    match a.by {
        None => app.show(&shown, || {
            if shown.is_empty() {
                return "No changes match.".to_owned();
            }
            format!("{}{more}", table(&header, shown.iter().map(change_line).collect()))
        }),
        Some(GroupBy::Author) => {
            let groups = history::group_by_author(shown);
            app.show(&groups, || {
                let mut out = String::new();
                for g in &groups {
                    out.push_str(&format!("{} ({})\n", g.author_name, count_changes(g.changes.len())));
                    out.push_str(&table(&header, g.changes.iter().map(change_line).collect()));
                    out.push_str("\n\n");
                }
                if groups.is_empty() { "No changes match.".to_owned() } else { format!("{}{more}", out.trim_end()) }
            })
        }
        Some(GroupBy::Day) => {
            let groups = history::group_by_day(shown);
            app.show(&groups, || {
                let mut out = String::new();
                for g in &groups {
                    out.push_str(&format!("{} ({})\n", g.day, count_changes(g.changes.len())));
                    out.push_str(&table(&header, g.changes.iter().map(change_line).collect()));
                    out.push_str("\n\n");
                }
                if groups.is_empty() { "No changes match.".to_owned() } else { format!("{}{more}", out.trim_end()) }
            })
        }
    }
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The moment: a time "YYYY-MM-DD HH:MM" (UTC), a date (its end), or a change hash.
    #[arg(long, value_parser = moment_end, value_name = "WHEN")]
    at: Moment,
}

/// Example: tandem show --at "2026-11-23 09:00"
pub fn show(app: &mut App, a: ShowArgs) -> Result<()> {
    let at = a.at.clone();
    let (day, moment) = match &at {
        Moment::Time(t) => (Some(t.date()), t.to_string()),
        Moment::Change(c) => (None, format!("right after change {c}")),
    };
    let view = app.read(move |doc| -> Result<serde_json::Value> {
        let heads = at.heads(doc)?;
        if heads.is_empty() {
            bail!("the project did not exist yet at that moment; `tandem history` shows when it began");
        }
        let then = timeline::as_of(doc, &heads)?;
        let last = heads.iter().filter_map(|h| history::change_info(doc, h)).max_by_key(|c| c.time);
        let today = day.or(last.as_ref().map(|c| c.time.date())).unwrap_or_else(|| chrono::Utc::now().date_naive());
        let project = tandem_core::project::project(&then)?;
        let dashboard = tandem_core::views::dashboard(&then, today)?;
        let tasks: Vec<serde_json::Value> = tandem_core::tasks::tasks(&then)?
            .into_iter()
            .filter(|t| !t.deleted)
            .map(|t| {
                let names: Vec<String> =
                    t.assignees.iter().map(|m| tandem_core::project::member_name(&then, m.as_str())).collect();
                let mut v = serde_json::to_value(&t).unwrap_or_default();
                v["assignee_names"] = serde_json::json!(names);
                v
            })
            .collect();
        Ok(serde_json::json!({
            "moment": moment,
            "heads": heads.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "last_change": last,
            "project": project,
            "dashboard": dashboard,
            "tasks": tasks,
        }))
    })??;
    app.show(&view, || {
        let mut out = String::new();
        let last = &view["last_change"];
        out.push_str(&format!(
            "{} as of {} (read-only)\nLast change by then: {} at {} by {}: {}\n\n",
            view["project"]["name"].as_str().unwrap_or("The project"),
            view["moment"].as_str().unwrap_or(""),
            last["time"].as_i64().map(|t| Millis(t).to_string()).unwrap_or_default(),
            last["hash"].as_str().map(|h| &h[..8]).unwrap_or(""),
            last["author_name"].as_str().unwrap_or(""),
            last["summary"].as_str().unwrap_or("").lines().next().unwrap_or(""),
        ));
        let d = &view["dashboard"];
        out.push_str(&format!(
            "Health: {}   Progress: {}%   Tasks: {} open, {} done, {} overdue\n\n",
            d["health"].as_str().unwrap_or("-"),
            d["percent_complete"].as_f64().map(|p| format!("{p:.0}")).unwrap_or_else(|| "-".into()),
            d["tasks_open"],
            d["tasks_done"],
            d["overdue"].as_array().map_or(0, Vec::len),
        ));
        let rows = view["tasks"]
            .as_array()
            .map(|ts| {
                ts.iter()
                    .map(|t| {
                        vec![
                            t["id"].as_str().unwrap_or("").to_owned(),
                            t["title"].as_str().unwrap_or("").to_owned(),
                            t["status"].as_str().unwrap_or("").to_owned(),
                            t["assignee_names"]
                                .as_array()
                                .map(|n| n.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(", "))
                                .unwrap_or_default(),
                            t["due"].as_str().unwrap_or("-").to_owned(),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push_str(&table(&["id", "task", "status", "assignees", "due"], rows));
        out
    })
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("start").required(true).args(["from", "since_meeting", "offline"])))]
pub struct DiffArgs {
    /// The earlier moment (a date means its start).
    #[arg(long, value_parser = moment_start, value_name = "WHEN")]
    from: Option<Moment>,
    /// Since the start of the last meeting of this series (e.g. "Steering"), before --to.
    #[arg(long, value_name = "SERIES")]
    since_meeting: Option<String>,
    /// Since this replica last synced before the current session: what arrived while you were away.
    #[arg(long)]
    offline: bool,
    /// The later moment (default: now; a date means its end).
    #[arg(long, value_parser = moment_end, value_name = "WHEN")]
    to: Option<Moment>,
}

/// Example: tandem diff --from 2026-11-23 / tandem diff --since-meeting Steering
pub fn diff(app: &mut App, a: DiffArgs) -> Result<()> {
    let project = app.project_id()?;
    let offline_heads = if a.offline {
        let Some(previous) = app.client.previous_sync(&project) else {
            bail!(
                "this replica has no earlier sync of this project to compare with: it is recorded when a \
                 `tandem sync` (or the app) starts from a project that was up to date before"
            );
        };
        Some(previous)
    } else {
        None
    };
    let (from, to, series) = (a.from.clone(), a.to.clone(), a.since_meeting.clone());
    let view = app.read(move |doc| -> Result<(String, DiffView)> {
        let to_heads = match &to {
            Some(m) => m.heads(doc)?,
            None => doc.get_heads(),
        };
        let (label, from_heads) = if let Some(m) = &from {
            let label = match m {
                Moment::Time(t) => format!("since {t}"),
                Moment::Change(c) => format!("since change {c}"),
            };
            (label, m.heads(doc)?)
        } else if let Some(series) = &series {
            let before = match &to {
                Some(m) => m.time(doc)?,
                None => Millis(i64::MAX),
            };
            let Some(meeting) = tandem_core::meetings::last_meeting_of(doc, series, before)? else {
                bail!(
                    "no meeting of the series {series:?} took place before then; `tandem meeting list` shows the series"
                );
            };
            (
                format!("since the meeting '{}' on {}", meeting.title, meeting.start),
                timeline::heads_at(doc, meeting.start),
            )
        } else {
            let (heads, when) = offline_heads.clone().unwrap_or_default();
            let known: Vec<ChangeHash> =
                heads.into_iter().filter(|h| doc.get_change_meta_by_hash(h).is_some()).collect();
            let since = when.map(|t| format!(" on {t}")).unwrap_or_default();
            (format!("while you were offline (since this replica's previous sync{since})"), known)
        };
        Ok((label, timeline::diff(doc, &from_heads, &to_heads)?))
    })??;
    let (label, d) = view;
    if app.json {
        return app.print_json(&serde_json::json!({ "period": label, "diff": d }));
    }
    app.println(&render_diff(&label, &d))
}

/// The human form of a diff: one block per author, one line per item, one per field.
pub fn render_diff(label: &str, d: &DiffView) -> String {
    let mut out = format!("What changed {label}: {}\n", count_changes(d.change_count));
    if d.authors.is_empty() {
        out.push_str("Nothing changed.\n");
    }
    for a in &d.authors {
        out.push_str(&format!("\n{} ({})\n", a.author, count_changes(a.changes.len())));
        for i in &a.items {
            let what = match i.change {
                ItemChange::Created => "created",
                ItemChange::Changed => "changed",
                ItemChange::Deleted => "deleted",
                ItemChange::Restored => "restored",
            };
            let kind = i.item.as_ref().map(|r| r.kind.noun()).unwrap_or("project");
            out.push_str(&format!("  {what} {kind} '{}'\n", i.label));
            for f in &i.fields {
                match (&f.text, i.change) {
                    (Some(_), ItemChange::Created) | (None, _) => out.push_str(&format!(
                        "    {}: {} → {}\n",
                        f.field,
                        f.before.as_deref().unwrap_or("(unset)"),
                        f.after.as_deref().unwrap_or("(unset)")
                    )),
                    (Some(spans), _) => {
                        let shown = timeline::render_text_diff(spans).replace('\n', "\n      ");
                        out.push_str(&format!("    {}: {shown}\n", f.field));
                    }
                }
            }
        }
    }
    out.trim_end().to_owned()
}

/// "1 change", "3 changes".
fn count_changes(n: usize) -> String {
    if n == 1 { "1 change".to_owned() } else { format!("{n} changes") }
}
