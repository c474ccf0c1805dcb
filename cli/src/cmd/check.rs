//! `tandem check`: the plan-integrity checks (what a clean merge can still leave broken), each
//! finding with what to fix and the changes that caused it.

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use tandem_core::checks::Finding;

use crate::app::{self, App};

/// The exit status of `tandem check --fail-on-findings` when it finds something. 1 is taken by
/// errors and 2 by clap's usage errors, so scripts can tell the three apart.
pub const FINDINGS_EXIT_STATUS: u8 = 3;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check the plan as of this date: weeks and meetings before it are not checked (default:
    /// today).
    #[arg(long, value_parser = app::date)]
    today: Option<NaiveDate>,
    /// Exit with status 3 when there are findings (after printing them), for scripts and CI.
    #[arg(long)]
    fail_on_findings: bool,
}

/// What `check` returns when `--fail-on-findings` is given and there are findings; `main` turns
/// it into exit status [`FINDINGS_EXIT_STATUS`] without printing it as an error.
#[derive(Debug)]
pub struct FindingsFound(pub usize);

impl std::fmt::Display for FindingsFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the plan-integrity checks found {} problem(s)", self.0)
    }
}

impl std::error::Error for FindingsFound {}

/// Example: tandem check --fail-on-findings
pub fn check(app: &mut App, a: CheckArgs) -> Result<()> {
    let today = a.today.unwrap_or_else(|| app.today());
    let findings = app.read(move |doc| tandem_core::checks::check(doc, today))??;
    app.show(&findings, || render(&findings, today))?;
    if a.fail_on_findings && !findings.is_empty() {
        return Err(FindingsFound(findings.len()).into());
    }
    Ok(())
}

/// One block per finding: severity and kind, the message, then one line per causing change.
fn render(findings: &[Finding], today: NaiveDate) -> String {
    if findings.is_empty() {
        return format!(
            "No findings: as of {today}, no one is booked over capacity or into two meetings at once, no \
             dependencies loop or contradict dates, no task is due after its milestone, the budget holds, no \
             work is left with inactive members, and no deliverable is signed off with unmet criteria."
        );
    }
    let mut out = format!("{} finding{} as of {today}:\n", findings.len(), if findings.len() == 1 { "" } else { "s" });
    for f in findings {
        out.push_str(&format!("\n{} {}\n  {}\n", f.severity, f.kind, f.message));
        for c in &f.caused_by {
            out.push_str(&format!("  caused by: {} at {} ({})\n", c.author_name, c.time, c.summary));
        }
    }
    out
}
