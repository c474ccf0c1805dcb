//! `tandem export …` (CSV, iCalendar, JSON, the raw `.automerge` archive), `tandem import tasks`
//! (a task CSV, checked row by row before anything is written) and opening an archive as a
//! project (`tandem project open-archive`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use tandem_client::handover::PackageForm;
use tandem_core::Kind;
use tandem_core::export::{self, FileExport};
use tandem_core::handover::HandoverRequest;

use crate::app::App;

/// What `tandem export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    /// The live tasks as CSV.
    Tasks,
    /// The live risks as CSV, highest score first.
    Risks,
    /// The decision log as CSV.
    Decisions,
    /// Client requests as CSV.
    Requests,
    /// Meetings and milestones as an iCalendar (.ics) file.
    Calendar,
    /// The whole project (every item, deleted ones marked) as JSON.
    Json,
    /// The raw Automerge document with its whole history (.automerge), which
    /// `tandem project open-archive` opens.
    Archive,
    /// The handover package for deliverables: acceptance criteria and who met them, sign-offs,
    /// the decisions behind them, a final status report (Markdown and HTML), a history summary
    /// and JSON; a folder, or one zip file when --out ends in .zip.
    Handover,
}

impl ExportKind {
    /// The one-file export it names; `None` for the handover package, which is several files.
    fn file(self) -> Option<FileExport> {
        Some(match self {
            Self::Tasks => FileExport::Tasks,
            Self::Risks => FileExport::Risks,
            Self::Decisions => FileExport::Decisions,
            Self::Requests => FileExport::Requests,
            Self::Calendar => FileExport::Calendar,
            Self::Json => FileExport::Json,
            Self::Archive => FileExport::Archive,
            Self::Handover => return None,
        })
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    what: ExportKind,
    /// Write to this file instead of standard output (required for the binary archive and the
    /// handover package, which is a folder unless PATH ends in .zip).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Handover only: a deliverable to hand over (its id, or a unique prefix; repeat for several).
    /// Default: every live deliverable.
    #[arg(long = "deliverable", value_name = "DELIVERABLE")]
    deliverables: Vec<String>,
}

/// Example: tandem export tasks --out tasks.csv / tandem export archive --out apollo.automerge
pub fn export(app: &mut App, a: ExportArgs) -> Result<()> {
    let Some(file) = a.what.file() else {
        return handover(app, a);
    };
    if !a.deliverables.is_empty() {
        anyhow::bail!("--deliverable only applies to `tandem export handover`");
    }
    let today = app.today();
    let project = app.project_id()?;
    let bytes = app.read(move |d| file.render(d, &project, today))??;
    match &a.out {
        Some(path) => {
            write_file(path, &bytes)?;
            if app.json {
                app.print_json(&serde_json::json!({ "file": path, "bytes": bytes.len() }))
            } else {
                app.println(&format!("Wrote {} bytes to {}", bytes.len(), path.display()))
            }
        }
        None if !file.is_text() => anyhow::bail!(
            "the archive is binary: give --out FILE (e.g. --out project.automerge) rather than printing it"
        ),
        None => {
            let text = String::from_utf8(bytes).context("the export is not text")?;
            app.println(text.trim_end())
        }
    }
}

/// Example: tandem export handover --deliverable 7kq2 --out acme-handover.zip
fn handover(app: &mut App, a: ExportArgs) -> Result<()> {
    let Some(out) = a.out else {
        anyhow::bail!("the handover package is several files: give --out FOLDER, or --out FILE.zip for one zip file");
    };
    let mut deliverables = Vec::new();
    for d in &a.deliverables {
        deliverables.push(app.id(Kind::Deliverable, d)?);
    }
    let req = HandoverRequest { deliverables, today: app.today() };
    let files = app.read(move |d| tandem_core::handover::package(d, &req))??;
    let written = tandem_client::handover::write_package(&files, &out)?;
    if app.json {
        return app.print_json(&written);
    }
    let form = match written.form {
        PackageForm::Folder => "folder",
        PackageForm::Zip => "zip file",
    };
    app.println(&format!(
        "Wrote the handover package ({} files, {} bytes) as the {form} {}:\n  {}",
        written.files,
        written.bytes,
        out.display(),
        files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>().join(", ")
    ))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

#[derive(Debug, Args)]
pub struct ImportTasksArgs {
    /// A CSV file whose first line names the columns: title (required), description,
    /// assignees (names, ';'-separated), estimate (hours), start, due (YYYY-MM-DD), tags
    /// (';'-separated). Other columns, such as those of `tandem export tasks`, are ignored.
    file: PathBuf,
}

/// Example: tandem import tasks backlog.csv
pub fn import_tasks(app: &mut App, a: ImportTasksArgs) -> Result<()> {
    let text =
        std::fs::read_to_string(&a.file).with_context(|| format!("cannot read {} as UTF-8 text", a.file.display()))?;
    let commands = app.read(move |d| export::tasks_from_csv(d, &text))??;
    let total = commands.len();
    let mut created = Vec::new();
    for cmd in commands {
        let out = app.exec(cmd)?;
        created.extend(out.created);
    }
    if app.json {
        return app.print_json(&serde_json::json!({ "imported": total, "created": created }));
    }
    app.println(&format!("Imported {total} task{} from {}", if total == 1 { "" } else { "s" }, a.file.display()))
}

/// Example: tandem project open-archive apollo.automerge
pub fn open_archive(app: &mut App, file: &Path) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (id, name) = app.client.open_archive(&bytes).with_context(|| format!("cannot open {}", file.display()))?;
    if app.json {
        return app.print_json(&serde_json::json!({ "project": id, "name": name }));
    }
    app.println(&format!(
        "Opened '{name}' from {} as a local project [project {id}]; it is now current. It is a copy: \
         edits here do not reach the original project.",
        file.display()
    ))
}
