//! The coordinator's look back, as the app shows it: the history filtered and grouped, what
//! changed since a moment (by author), and the project as it was at a moment (read-only).
//!
//! Plain functions from the document (and what the client knows: the time, the previous sync)
//! to the view types of `ipc.rs`; the history, timeline and meeting read models they call are
//! tandem-core's, exactly as `tandem history`, `tandem diff` and `tandem show --at` use them.

use automerge::{Automerge, ChangeHash};
use chrono::NaiveDate;
use tandem_core::history::{self, ChangeInfo, HistoryFilter};
use tandem_core::timeline;
use tandem_core::{CoreError, Millis};

use crate::ipc::{AsOfView, DiffStart, FilteredHistory, HistoryGrouping, HistoryGroups, Moment, TaskItem, WhatChanged};

/// One page (`offset`, at most `limit` changes) of the changes that match `filter`, newest
/// first, grouped as asked.
pub fn filtered_history(
    doc: &Automerge,
    filter: &HistoryFilter,
    grouping: HistoryGrouping,
    offset: usize,
    limit: usize,
) -> Result<FilteredHistory, CoreError> {
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from >= to
    {
        return Err(CoreError::Invalid(format!(
            "the period starts ({from}) at or after it ends ({to}); choose a start before the end"
        )));
    }
    let matching = history::filtered(doc, filter);
    let total = matching.len();
    let page: Vec<ChangeInfo> = matching.into_iter().skip(offset).take(limit).collect();
    let count = page.len();
    let groups = match grouping {
        HistoryGrouping::None => HistoryGroups::None { changes: page },
        HistoryGrouping::Day => HistoryGroups::Day { days: history::group_by_day(page) },
        HistoryGrouping::Author => HistoryGroups::Author { authors: history::group_by_author(page) },
    };
    Ok(FilteredHistory { total, offset, count, groups })
}

/// What changed from `start` until now, by author. `previous_sync` is the sync point the
/// current session started from (`Client::previous_sync`), used by [`DiffStart::Offline`].
pub fn what_changed(
    doc: &Automerge,
    start: &DiffStart,
    previous_sync: Option<(Vec<ChangeHash>, Option<Millis>)>,
    now: Millis,
) -> Result<WhatChanged, CoreError> {
    let (from, since, meeting) = match start {
        DiffStart::Time { at } => {
            if *at > now {
                return Err(CoreError::Invalid(format!("{at} is in the future; choose a moment before now")));
            }
            (timeline::heads_at(doc, *at), Some(*at), None)
        }
        DiffStart::Meeting { series } => {
            if series.trim().is_empty() {
                return Err(CoreError::Invalid("choose the meeting series to compare with, e.g. Steering".into()));
            }
            let Some(meeting) = tandem_core::meetings::last_meeting_of(doc, series, now)? else {
                return Err(CoreError::Invalid(format!(
                    "no meeting of the series '{}' has started yet, so there is nothing to compare with; \
                     choose another series or a date",
                    series.trim()
                )));
            };
            (timeline::heads_at(doc, meeting.start), Some(meeting.start), Some(meeting.title))
        }
        DiffStart::Offline => {
            let Some((heads, when)) = previous_sync else {
                return Ok(WhatChanged { since: None, meeting: None, diff: None });
            };
            // Heads this replica no longer knows (a store restored from a backup) are left out.
            let known = heads.into_iter().filter(|h| doc.get_change_meta_by_hash(h).is_some()).collect();
            (known, when, None)
        }
    };
    let diff = timeline::diff(doc, &from, &doc.get_heads())?;
    Ok(WhatChanged { since, meeting, diff: Some(diff) })
}

/// The project as it was at `moment`, read-only: its dashboard as of that day and its tasks.
/// `today` is the day to count from when the moment is a change whose time is unknown.
pub fn as_of_view(doc: &Automerge, moment: &Moment, today: NaiveDate) -> Result<AsOfView, CoreError> {
    let heads = match moment {
        Moment::Time { time } => timeline::heads_at(doc, *time),
        Moment::Change { hash } => vec![timeline::find_change(doc, hash)?],
    };
    if heads.is_empty() {
        return Err(CoreError::Invalid(
            "the project did not exist yet at that moment; the history's oldest change shows when it began".into(),
        ));
    }
    let then = timeline::as_of(doc, &heads)?;
    let last_change = heads.iter().filter_map(|h| history::change_info(doc, h)).max_by_key(|c| c.time);
    let day = match moment {
        Moment::Time { time } => time.date(),
        Moment::Change { .. } => last_change.as_ref().map_or(today, |c| c.time.date()),
    };
    let dashboard = tandem_core::views::dashboard(&then, day)?;
    let name_of = |m: &str| tandem_core::project::member_name(&then, m);
    let tasks =
        tandem_core::tasks::tasks(&then)?.iter().filter(|t| !t.deleted).map(|t| TaskItem::new(t, name_of)).collect();
    Ok(AsOfView { heads: heads.iter().map(ToString::to_string).collect(), last_change, day, dashboard, tasks })
}

#[cfg(test)]
mod tests;
