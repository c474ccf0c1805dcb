//! TypeScript bindings (feature `ts`): every type of this crate that serde reads or writes
//! derives [`ts_rs::TS`], and [`export_all`] writes them, one `<TypeName>.ts` file each, into the
//! directory of the [`ts_rs::Config`] it is given.
//!
//! The bindings describe the JSON serde produces and accepts:
//! - ids are `string` (they are checked when parsed), [`crate::Millis`] is an `i64`, so the
//!   caller's `Config::with_large_int("number")` decides how it appears (as for every
//!   `i64`/`u64`); dates (`NaiveDate`) are `YYYY-MM-DD` strings;
//! - fields that serde fills in when they are missing (`#[serde(default)]`) are optional, so a UI
//!   sends only what it means: `Option` fields of a `#[serde(default)]` struct through
//!   `#[ts(optional_fields = nullable)]` (`field?: T | null`: serde writes `null` and reads a
//!   missing field or `null` as `None`), every other defaulted field through
//!   `#[ts(optional = nullable)]` on the field (`field?: T`; for a non-`Option` field `nullable`
//!   only keeps the type as it is). Fields a command cannot do without stay required even
//!   though serde would default them (titles, a request's requester, a risk's probability and
//!   impact, a goal's target), so the UI cannot forget them;
//! - `Outcome::hash` (written as hex by `serialize_with`) is `string | null`, and
//!   `ConflictValue::value` (a JSON scalar) is `string | number | boolean | null`.
//!
//! The types carry no `export_to`: the consumer picks one flat directory for all of them.

use ts_rs::{Config, ExportError, TS};

/// Writes the TypeScript binding of every command, read model and merge/history type, with
/// everything they refer to, into `cfg.out_dir()`.
pub fn export_all(cfg: &Config) -> Result<(), ExportError> {
    macro_rules! export {
        ($($t:ty),* $(,)?) => {
            $(<$t as TS>::export_all(cfg)?;)*
        };
    }
    export!(
        // Commands: what `execute` takes and returns, and the migration.
        crate::command::Command,
        crate::command::Ctx,
        crate::command::Outcome,
        crate::schema::Migration,
        crate::command::ItemRef,
        crate::schema::Kind,
        // Read models, by module.
        crate::project::ProjectView,
        crate::project::MemberView,
        crate::tasks::TaskView,
        crate::tasks::TaskNode,
        crate::milestones::MilestoneView,
        crate::goals::GoalView,
        crate::resources::ResourceView,
        crate::resources::AllocationView,
        crate::resources::ExpenseView,
        crate::resources::BudgetLineView,
        crate::resources::BudgetView,
        crate::risks::RiskView,
        crate::risks::RiskMatrixView,
        crate::risks::IssueView,
        crate::decisions::DecisionView,
        crate::meetings::MeetingSummary,
        crate::meetings::MeetingView,
        crate::log::LogFilter,
        crate::log::LogEntryView,
        crate::requests::RequestView,
        crate::deliverables::DeliverableView,
        crate::reports::ReportInfo,
        crate::reports::ReportView,
        crate::views::DashboardView,
        crate::views::WorkloadView,
        // Settling conflicts (also reached through `Command`).
        crate::resolve::ConflictCommand,
        crate::resolve::Resolution,
        // History and merge.
        crate::history::ChangeInfo,
        crate::history::HistoryFilter,
        crate::history::AuthorGroup,
        crate::history::DayGroup,
        // The project through time: what changed between two moments, by author.
        crate::timeline::DiffView,
        crate::timeline::AuthorDiff,
        crate::timeline::ItemDiff,
        crate::timeline::FieldDiff,
        crate::timeline::TextSpan,
        crate::timeline::SpanOp,
        crate::timeline::ItemChange,
        // Plan-integrity checks and generated status reports.
        crate::checks::Finding,
        crate::checks::FindingKind,
        crate::checks::FindingSeverity,
        crate::status_report::StatusReport,
        crate::merge::MergeReport,
        crate::merge::Conflict,
        crate::merge::DeletedEdit,
        crate::search::SearchHit,
        // Closed value sets a UI offers as choices (most are also reached through the types above).
        crate::values::Health,
        crate::project::MemberRole,
        crate::tasks::TaskStatus,
        crate::milestones::MilestoneStatus,
        crate::goals::GoalHorizon,
        crate::goals::GoalStatus,
        crate::resources::ResourceKind,
        crate::resources::RateUnit,
        crate::resources::ExpenseState,
        crate::risks::RiskStatus,
        crate::risks::Severity,
        crate::risks::IssueStatus,
        crate::decisions::DecisionStatus,
        crate::log::LogKind,
        crate::requests::Priority,
        crate::requests::RequestStatus,
        crate::deliverables::ReviewStatus,
        crate::reports::ReportFormat,
    );
    Ok(())
}
