//! The plan-integrity checks as the app shows them: on demand (the Checks view) and after every
//! merge of others' changes (the `merge-findings` notice).
//!
//! The checks are tandem-core's (`tandem_core::checks::check`), exactly as `tandem check` runs
//! them; after a merge only the findings that name an item the arrived changes touched are
//! reported, the same rule as `tandem sync` applies. What this module adds is a label for each
//! item a finding names, so the UI can link to it by name.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use automerge::Automerge;
use chrono::NaiveDate;
use tandem_client::RemoteChanges;
use tandem_core::checks::{self, Finding};
use tandem_core::merge::MergeReport;
use tandem_core::{CoreError, ItemRef};

use crate::desk::Desk;
use crate::ipc::{IpcError, ItemLabel, MergeFindings, PlanChecks};

/// How long arrivals must pause before the checks run on what arrived.
pub const QUIET: Duration = Duration::from_millis(300);

/// Others' changes that arrived since the checks last ran, one entry per project: the counts
/// add up and the touched items are gathered, each once.
#[derive(Debug, Default)]
pub struct Arrivals {
    by_project: BTreeMap<String, RemoteChanges>,
}

impl Arrivals {
    pub fn is_empty(&self) -> bool {
        self.by_project.is_empty()
    }

    pub fn add(&mut self, remote: RemoteChanges) {
        match self.by_project.get_mut(&remote.project) {
            None => {
                self.by_project.insert(remote.project.clone(), remote);
            }
            Some(gathered) => {
                let report = &mut gathered.report;
                report.new_changes += remote.report.new_changes;
                for item in remote.report.items {
                    if !report.items.contains(&item) {
                        report.items.push(item);
                    }
                }
                gathered.name = remote.name;
            }
        }
    }

    /// What arrived, per project, leaving nothing.
    pub fn take(&mut self) -> Vec<RemoteChanges> {
        std::mem::take(&mut self.by_project).into_values().collect()
    }
}

/// Every finding of the plan as of `today`, with labels for the items they name.
pub fn plan_checks(doc: &Automerge, today: NaiveDate) -> Result<PlanChecks, CoreError> {
    let findings = checks::check(doc, today)?;
    let labels = labels(doc, &findings);
    Ok(PlanChecks { today, findings, labels })
}

/// The findings as of `today` that name an item `arrived` touched, or `None` when nothing new
/// arrived or no finding concerns what did.
pub fn after_merge(
    doc: &Automerge,
    today: NaiveDate,
    arrived: &MergeReport,
    project: &str,
    name: &str,
) -> Result<Option<MergeFindings>, CoreError> {
    if arrived.new_changes == 0 || arrived.items.is_empty() {
        return Ok(None);
    }
    let all = checks::check(doc, today)?;
    let total = all.len();
    let touched: Vec<Finding> = all.into_iter().filter(|f| f.items.iter().any(|i| arrived.items.contains(i))).collect();
    if touched.is_empty() {
        return Ok(None);
    }
    let labels = labels(doc, &touched);
    Ok(Some(MergeFindings { project: project.to_owned(), name: name.to_owned(), total, findings: touched, labels }))
}

/// The fields that name an item, in the order they are looked for (expenses have only a
/// description).
const LABEL_FIELDS: [&str; 3] = ["title", "name", "description"];

/// The longest label, in characters (a description can be long).
const LABEL_MAX: usize = 80;

/// A label for every distinct item the findings name.
fn labels(doc: &Automerge, findings: &[Finding]) -> Vec<ItemLabel> {
    let items: BTreeSet<&ItemRef> = findings.iter().flat_map(|f| &f.items).collect();
    items.into_iter().map(|item| ItemLabel { item: item.clone(), label: label(doc, item) }).collect()
}

/// The item's title or name; its kind and id when it has neither or cannot be read.
fn label(doc: &Automerge, item: &ItemRef) -> String {
    tandem_core::schema::read_item(doc, item.kind, &item.id)
        .ok()
        .and_then(|fields| LABEL_FIELDS.iter().find_map(|f| fields.string(f).filter(|s| !s.trim().is_empty())))
        .map(|s| {
            if s.chars().count() > LABEL_MAX {
                format!("{}…", s.chars().take(LABEL_MAX - 1).collect::<String>())
            } else {
                s
            }
        })
        .unwrap_or_else(|| format!("{} {}", item.kind.noun(), item.id))
}

impl Desk {
    /// The checks to tell about after others' changes to `project` arrived (see [`after_merge`]),
    /// as of today by the client's clock.
    pub fn checks_after_merge(
        &self,
        project: &str,
        name: &str,
        arrived: &MergeReport,
    ) -> Result<Option<MergeFindings>, IpcError> {
        if arrived.new_changes == 0 {
            return Ok(None);
        }
        self.with(|c| {
            let today = c.now().date();
            Ok(c.read(project, |doc| after_merge(doc, today, arrived, project, name))??)
        })
    }
}

#[cfg(test)]
mod tests;
