//! Status reports in the app: generate one for a period and save it into the project (as
//! `tandem report generate --save` does), open a saved one, and write one to a file.
//!
//! The report is tandem-core's (`tandem_core::status_report`): Markdown, or one self-contained
//! HTML file with its charts as inline SVG. Saving is `ReportCommand::Save`, one change.

use automerge::Automerge;
use chrono::NaiveDate;
use tandem_core::ids::ReportId;
use tandem_core::reports::{ReportCommand, ReportFormat, ReportView};
use tandem_core::status_report;
use tandem_core::{Command, CoreError, ItemRef};

use crate::desk::{Changed, Desk};
use crate::ipc::{FileWritten, IpcError};

/// The title and content of the status report of `doc` for `from..=to` in `format`.
pub fn render(
    doc: &Automerge,
    from: NaiveDate,
    to: NaiveDate,
    format: ReportFormat,
) -> Result<(String, String), CoreError> {
    if from > to {
        return Err(CoreError::Invalid(format!(
            "the period starts ({from}) after it ends ({to}); choose a first day on or before the last"
        )));
    }
    let report = status_report::build(doc, from, to)?;
    let content = match format {
        ReportFormat::Markdown => status_report::to_markdown(&report),
        ReportFormat::Html => status_report::to_html(&report)?,
    };
    Ok((status_report::title(&report), content))
}

impl Desk {
    /// Generates the status report of `project` for `from..=to` and saves it into the project.
    /// Returns the saved report with its content, and the items the change touched.
    pub fn generate_report(
        &self,
        project: &str,
        from: NaiveDate,
        to: NaiveDate,
        format: ReportFormat,
    ) -> Result<Changed<(ReportView, Vec<ItemRef>)>, IpcError> {
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let (title, content) = c.read(&id, |doc| render(doc, from, to, format))??;
            let save = ReportCommand::Save { title, period_from: from, period_to: to, format, content };
            let outcome = c.execute(&id, Command::Report(save))?;
            let created: ReportId = outcome
                .created
                .ok_or_else(|| IpcError::new("the report was not saved"))?
                .parse()
                .map_err(IpcError::from)?;
            let view = c.read(&id, |doc| tandem_core::reports::report(doc, &created))??;
            Ok(Changed { project: id, value: (view, outcome.items) })
        })
    }

    /// Writes the content of a saved report to the file `path` names.
    pub fn save_report_file(&self, project: &str, report: &str, path: &str) -> Result<FileWritten, IpcError> {
        let target = crate::files::chosen_path(path)?;
        let report: ReportId = report.parse()?;
        let content = self.read(project, |doc, _| Ok(tandem_core::reports::report(doc, &report)?.content))?;
        crate::files::write_file(&target.display().to_string(), content.as_bytes())
    }
}

#[cfg(test)]
mod tests;
