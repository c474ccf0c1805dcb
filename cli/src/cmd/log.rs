//! `tandem log …`: the append-only project journal.

use anyhow::{Result, anyhow, bail};
use chrono::{Days, NaiveDate};
use clap::Subcommand;
use tandem_core::log::{self, LogCommand, LogFilter, LogKind};
use tandem_core::{Command, ItemRef, Kind, Millis};

use crate::app::{self, App, table};

#[derive(Debug, Subcommand)]
pub enum LogCmd {
    /// Append an entry, written by you now; it can reference items (task:3k, meeting:4f, …).
    ///
    /// Example: tandem log add "Schema review went well" --kind progress --ref task:3k --ref member:Bo
    Add {
        text: String,
        /// note, progress, problem, decision or milestone.
        #[arg(long, default_value = "note")]
        kind: LogKind,
        /// An item the entry is about, as KIND:ID (an id prefix is enough; members also by name);
        /// repeat for several.
        #[arg(long = "ref", value_name = "KIND:ID")]
        refs: Vec<String>,
    },
    /// List entries, oldest first; every filter given must hold.
    ///
    /// Example: tandem log list --author Bo --kind problem --since 2026-11-01 --until 2026-11-30
    List {
        /// Written by this member (name or id).
        #[arg(long)]
        author: Option<String>,
        /// note, progress, problem, decision or milestone.
        #[arg(long)]
        kind: Option<LogKind>,
        /// Referencing this item, as KIND:ID.
        #[arg(long, value_name = "KIND:ID")]
        item: Option<String>,
        /// From this day on (UTC).
        #[arg(long, value_parser = app::date)]
        since: Option<NaiveDate>,
        /// Up to and including this day (UTC).
        #[arg(long, value_parser = app::date)]
        until: Option<NaiveDate>,
    },
}

pub fn run(app: &mut App, cmd: LogCmd) -> Result<()> {
    match cmd {
        LogCmd::Add { text, kind, refs } => {
            let refs = refs.iter().map(|r| item_ref(app, r, "--ref")).collect::<Result<Vec<_>>>()?;
            app.exec_and_report(Command::Log(LogCommand::Add { body: text, kind, refs })).map(drop)
        }
        LogCmd::List { author, kind, item, since, until } => {
            if let (Some(s), Some(u)) = (since, until)
                && s > u
            {
                bail!("--since ({s}) is after --until ({u}); swap them");
            }
            let filter = LogFilter {
                author: author.map(|a| app.member(&a)).transpose()?,
                kind,
                item: item.map(|i| item_ref(app, &i, "--item")).transpose()?,
                from: since.map(start_of),
                to: until.and_then(|u| u.checked_add_days(Days::new(1))).map(start_of),
            };
            let entries = app.read(move |d| log::log(d, &filter))??;
            app.show(&entries, || {
                table(
                    &["id", "at (utc)", "author", "kind", "entry", "refs"],
                    entries
                        .iter()
                        .map(|e| {
                            vec![
                                e.id.to_string(),
                                e.at.to_datetime().format("%Y-%m-%d %H:%M").to_string(),
                                if e.author_name.is_empty() { "-".to_owned() } else { e.author_name.clone() },
                                e.kind.to_string(),
                                e.body.clone(),
                                if e.refs.is_empty() {
                                    "-".to_owned()
                                } else {
                                    e.refs.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
                                },
                            ]
                        })
                        .collect(),
                )
            })
        }
    }
}

/// Midnight UTC at the start of a day.
fn start_of(d: NaiveDate) -> Millis {
    Millis(d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis())
}

/// The kinds an item reference may name, for messages.
fn kind_tags() -> String {
    Kind::KEYED.into_iter().chain([Kind::LogEntry]).map(Kind::tag).collect::<Vec<_>>().join(", ")
}

/// Parses `KIND:ID` (the id a unique prefix; a member also by name) into a reference to an item
/// that exists.
fn item_ref(app: &mut App, typed: &str, flag: &str) -> Result<ItemRef> {
    let Some((kind, id)) = typed.split_once(':') else {
        bail!("{flag} {typed:?} must look like KIND:ID, e.g. task:3k");
    };
    let tag = kind.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    let kind = Kind::from_tag(&tag)
        .ok_or_else(|| anyhow!("{flag} {typed:?}: {kind:?} is not a kind of item; use one of {}", kind_tags()))?;
    let id = if kind == Kind::Member { app.member(id)?.to_string() } else { app.resolve(kind, id)? };
    Ok(ItemRef::new(kind, id))
}
