//! What the app reads from and writes to files the member names: exports (CSV, iCalendar, JSON,
//! the raw `.automerge` archive), the handover package (a folder or a zip), a task CSV to import,
//! an archive to open as a project, and a saved report written out.
//!
//! The app has no file dialog: the UI sends a path the member typed. A path must be absolute
//! (`~/` stands for the home folder) and its folder must exist; every refusal says what to type.
//! The exports and the import are tandem-core's (`tandem_core::export`, each file's bytes from
//! `FileExport::render`), exactly as `tandem export` and `tandem import tasks` use them.

use std::path::{Path, PathBuf};

use automerge::Automerge;
use tandem_client::handover::PackageForm;
use tandem_core::handover::HandoverRequest;
use tandem_core::{Command, CoreError, ItemRef, export};

use crate::desk::{Changed, Desk};
use crate::ipc::{ExportKind, FileWritten, HandoverWritten, IpcError, ProjectSummary, TasksImported};

/// The largest file the app reads to import tasks or open an archive (256 MB).
pub const READ_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// The file `typed` names: an absolute path, or one starting with `~/` (the home folder).
pub fn chosen_path(typed: &str) -> Result<PathBuf, IpcError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(IpcError::new("type the full path of the file, e.g. /home/you/Documents/tasks.csv"));
    }
    let path = match typed.strip_prefix("~/") {
        Some(rest) => match std::env::var_os("HOME") {
            Some(home) => Path::new(&home).join(rest),
            None => return Err(IpcError::new(format!("{typed}: the home folder is not known; type a full path"))),
        },
        None => PathBuf::from(typed),
    };
    if !path.is_absolute() {
        return Err(IpcError::new(format!(
            "{typed} is not a full path; start it at the root (/home/you/…) or with ~/ for your home folder"
        )));
    }
    Ok(path)
}

/// Writes `bytes` to the file `typed` names, replacing it if it exists.
pub fn write_file(typed: &str, bytes: &[u8]) -> Result<FileWritten, IpcError> {
    let path = chosen_path(typed)?;
    let shown = path.display();
    if path.is_dir() {
        return Err(IpcError::new(format!("{shown} is a folder; add a file name to the path")));
    }
    match path.parent() {
        Some(dir) if !dir.is_dir() => {
            return Err(IpcError::new(format!(
                "the folder {} does not exist; choose a folder that does, or create it first",
                dir.display()
            )));
        }
        _ => {}
    }
    std::fs::write(&path, bytes).map_err(|e| IpcError::new(format!("cannot write {shown}: {e}")))?;
    Ok(FileWritten { path: path.display().to_string(), bytes: bytes.len() })
}

/// Reads the file `typed` names, refusing folders and files over [`READ_MAX_BYTES`].
pub fn read_file(typed: &str) -> Result<Vec<u8>, IpcError> {
    let path = chosen_path(typed)?;
    let shown = path.display();
    let meta = std::fs::metadata(&path).map_err(|e| IpcError::new(format!("cannot read {shown}: {e}")))?;
    if !meta.is_file() {
        return Err(IpcError::new(format!("{shown} is not a file; type the path of the file itself")));
    }
    if meta.len() > READ_MAX_BYTES {
        return Err(IpcError::new(format!(
            "{shown} is {} bytes; the app reads files of at most {READ_MAX_BYTES} bytes",
            meta.len()
        )));
    }
    std::fs::read(&path).map_err(|e| IpcError::new(format!("cannot read {shown}: {e}")))
}

/// The commands that add the tasks of a CSV, every row checked first. A bad CSV is refused
/// with its first problem and the row it is on (and how many more rows need fixing).
pub fn tasks_to_import(doc: &Automerge, csv: &[u8]) -> Result<Vec<Command>, IpcError> {
    let text = std::str::from_utf8(csv)
        .map_err(|_| IpcError::new("the CSV is not UTF-8 text; save it as UTF-8 (CSV UTF-8) and import again"))?;
    export::tasks_from_csv(doc, text).map_err(first_problem)
}

/// "nothing was imported; fix these rows…:\nrow 3: …\nrow 5: …" → the first row's problem and
/// how many more rows have one. Other errors (no title column, no rows) pass as they are.
fn first_problem(e: CoreError) -> IpcError {
    let message = e.to_string();
    let mut rows = message.lines().skip(1).filter(|l| !l.trim().is_empty());
    let Some(first) = rows.next() else { return IpcError::new(message) };
    let more = rows.count();
    let rest = match more {
        0 => String::new(),
        1 => " (1 more row has a problem)".to_owned(),
        n => format!(" ({n} more rows have problems)"),
    };
    IpcError::new(format!("nothing was imported: {first}{rest}; fix the CSV and import it again"))
}

impl Desk {
    /// Writes an export of `project` to the file `path` names.
    pub fn export_file(&self, project: &str, what: ExportKind, path: &str) -> Result<FileWritten, IpcError> {
        let target = chosen_path(path)?;
        let bytes = self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let today = c.now().date();
            Ok(c.read(&id, |doc| what.render(doc, &id, today))??)
        })?;
        write_file(&target.display().to_string(), &bytes)
    }

    /// Writes the handover package of `deliverables` (ids; none means every live deliverable) to
    /// the folder `path` names, or to one zip file if it ends in `.zip`, as `tandem export
    /// handover` does. An existing file or non-empty folder is never overwritten.
    pub fn export_handover(
        &self,
        project: &str,
        deliverables: &[String],
        path: &str,
    ) -> Result<HandoverWritten, IpcError> {
        let target = chosen_path(path)?;
        let mut wanted = Vec::new();
        for d in deliverables {
            wanted.push(d.parse().map_err(|e: CoreError| IpcError::new(e.to_string()))?);
        }
        let files = self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let req = HandoverRequest { deliverables: wanted, today: c.now().date() };
            Ok(c.read(&id, |doc| tandem_core::handover::package(doc, &req))??)
        })?;
        let written = tandem_client::handover::write_package(&files, &target)?;
        Ok(HandoverWritten {
            path: written.path.display().to_string(),
            zip: written.form == PackageForm::Zip,
            files: files.into_iter().map(|f| f.path).collect(),
            bytes: written.bytes,
        })
    }

    /// Adds the tasks of the CSV file `path` names to `project`, one change per task, once every
    /// row has been checked. If adding stops part way (the disk fails), the tasks added so far
    /// stay and the outcome says why the rest were not added.
    pub fn import_tasks(&self, project: &str, path: &str) -> Result<Changed<(TasksImported, Vec<ItemRef>)>, IpcError> {
        let csv = read_file(path)?;
        self.with(|c| {
            let id = c.resolve_project(Some(project))?;
            let commands = c.read(&id, |doc| tasks_to_import(doc, &csv))??;
            let rows = commands.len();
            let (mut created, mut items, mut error) = (Vec::new(), Vec::new(), None);
            for command in commands {
                match c.execute(&id, command) {
                    Ok(outcome) => {
                        created.extend(outcome.created);
                        items.extend(outcome.items);
                    }
                    Err(e) => {
                        error = Some(format!("{e}; the rows after task {} were not added", created.len()));
                        break;
                    }
                }
            }
            let imported = TasksImported { rows, added: created.len(), created, error };
            Ok(Changed { project: id, value: (imported, items) })
        })
    }

    /// Adds the project in the `.automerge` archive `path` names to this profile as a new
    /// local project (a copy, not shared) and makes it current.
    pub fn open_archive(&self, path: &str) -> Result<Changed<ProjectSummary>, IpcError> {
        let bytes = read_file(path)?;
        self.with(|c| {
            let (id, _name) = c.open_archive(&bytes)?;
            let summary = c
                .projects()
                .into_iter()
                .find(|p| p.id == id)
                .map(ProjectSummary::from)
                .ok_or_else(|| IpcError::new(format!("project {id} is not in this profile")))?;
            Ok(Changed { project: id, value: summary })
        })
    }
}

#[cfg(test)]
mod tests;
