//! Identifier newtypes, instants and calendar dates used throughout the project document.
//!
//! Ids are short lowercase base32 strings derived deterministically from the writing replica's
//! actor id and the document heads (see [`IdGen`]), so the core never needs a random source.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::CoreError;

/// Alphabet for ids: lowercase base32 without `i`, `l`, `o`, `u` (Crockford), easy to read and type.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// Characters in a generated id (50 bits).
pub const ID_LEN: usize = 10;

/// Checks that `s` looks like an id we could have generated: 1..=64 chars of `[a-z0-9_-]`.
/// Longer and foreign ids (written by other tools) are accepted as long as they are plain.
fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident => $what:literal),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub struct $name(String);

        impl $name {
            /// The id as it is stored in the document.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// What kind of item this id names, for error messages.
            pub const KIND: &'static str = $what;
        }

        impl FromStr for $name {
            type Err = CoreError;
            fn from_str(s: &str) -> Result<Self, CoreError> {
                if valid_id(s) {
                    Ok(Self(s.to_owned()))
                } else {
                    Err(CoreError::InvalidId { kind: $what, value: s.to_owned() })
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = CoreError;
            fn try_from(s: String) -> Result<Self, CoreError> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

id_type! {
    /// A project member.
    MemberId => "member",
    /// A task (or subtask) in the work-breakdown tree.
    TaskId => "task",
    /// A milestone on the timeline.
    MilestoneId => "milestone",
    /// A short- or long-term goal.
    GoalId => "goal",
    /// A resource: person, equipment, licence or vendor.
    ResourceId => "resource",
    /// An allocation of a resource to a task.
    AllocationId => "allocation",
    /// A budget line.
    BudgetLineId => "budget line",
    /// An expense booked against a budget line.
    ExpenseId => "expense",
    /// A risk in the risk register.
    RiskId => "risk",
    /// An issue or conflict in the issue register.
    IssueId => "issue",
    /// A decision in the decision log.
    DecisionId => "decision",
    /// A meeting.
    MeetingId => "meeting",
    /// An agenda item inside a meeting.
    AgendaItemId => "agenda item",
    /// An action item inside a meeting.
    ActionItemId => "action item",
    /// A project log entry.
    LogEntryId => "log entry",
    /// A client request.
    RequestId => "client request",
    /// A deliverable.
    DeliverableId => "deliverable",
    /// An acceptance criterion of a deliverable.
    CriterionId => "acceptance criterion",
    /// A saved report.
    ReportId => "report",
}

/// An instant, as UTC milliseconds since the Unix epoch (how instants are stored in the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(as = "i64"))]
pub struct Millis(pub i64);

impl Millis {
    /// The calendar date (UTC) of this instant.
    pub fn date(self) -> NaiveDate {
        self.to_datetime().date_naive()
    }

    /// This instant as a chrono UTC date-time (the epoch if out of chrono's range).
    pub fn to_datetime(self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0).unwrap_or_default()
    }

    /// Whole seconds, as Automerge stores change times.
    pub fn seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }
}

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_datetime().format("%Y-%m-%d %H:%M:%S UTC"))
    }
}

/// Parses a calendar date written as `YYYY-MM-DD`.
pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate, CoreError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| CoreError::InvalidDate { field, value: s.to_owned() })
}

/// Formats a date the way the document stores it (`YYYY-MM-DD`).
pub fn format_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Generates the ids one command needs.
///
/// The seed mixes the writing replica's actor id with the document heads at the start of the
/// command. Two commands never share both (an actor's heads move with each change it makes), so
/// ids are unique without a random source; a counter separates ids made within one command.
#[derive(Debug, Clone)]
pub struct IdGen {
    state: u64,
}

impl IdGen {
    /// Seeds a generator from arbitrary bytes (actor id and heads).
    pub fn from_bytes<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Self {
        // FNV-1a over every byte, then SplitMix64 steps per id: cheap, well mixed, deterministic.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for part in parts {
            for &b in part {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            h ^= 0xff;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Self { state: h }
    }

    /// The next id, as a raw string of [`ID_LEN`] base32 characters.
    pub fn next_raw(&mut self) -> String {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (0..ID_LEN).map(|i| char::from(ALPHABET[((z >> (i * 5)) & 31) as usize])).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_reject() {
        assert!("abc123".parse::<TaskId>().is_ok());
        let err = "Bad Id!".parse::<TaskId>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"Bad Id!\" is not a valid task id: use the lowercase letters, digits, '-' and '_' shown by the list commands"
        );
    }

    #[test]
    fn generator_is_deterministic_and_distinct() {
        let mut a = IdGen::from_bytes([b"actor".as_slice(), b"heads".as_slice()]);
        let mut b = IdGen::from_bytes([b"actor".as_slice(), b"heads".as_slice()]);
        let mut c = IdGen::from_bytes([b"actor2".as_slice(), b"heads".as_slice()]);
        let a1 = a.next_raw();
        assert_eq!(a1, b.next_raw());
        assert_ne!(a1, a.next_raw());
        assert_ne!(a1, c.next_raw());
        assert_eq!(a1.len(), ID_LEN);
    }

    #[test]
    fn dates_parse_or_explain() {
        assert_eq!(format_date(parse_date("due", "2026-12-01").unwrap()), "2026-12-01");
        let err = parse_date("due", "12/01/2026").unwrap_err();
        assert_eq!(err.to_string(), "due: \"12/01/2026\" is not a date; write it as YYYY-MM-DD");
    }
}
