//! Writing a handover package ([`tandem_core::handover::package`]) to disk, as a folder or, when
//! the destination ends in `.zip`, as one zip file whose entries sit in a folder named after it.
//! The package is written beside the destination under a temporary name and renamed into place
//! at the end, so a failure leaves nothing half-written, and an existing file or non-empty
//! folder is never overwritten.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use tandem_core::handover::HandoverFile;

use crate::ClientError;

/// How a package was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageForm {
    Folder,
    Zip,
}

/// What [`write_package`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Written {
    pub path: PathBuf,
    pub form: PackageForm,
    /// How many files the package holds.
    pub files: usize,
    /// The bytes written (the zip file's size, or the sum of the files in the folder).
    pub bytes: u64,
}

/// The form a destination asks for: a zip file when its name ends in `.zip` (any case).
pub fn form_of(dest: &Path) -> PackageForm {
    match dest.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("zip") => PackageForm::Zip,
        _ => PackageForm::Folder,
    }
}

fn out_err(what: &str, path: &Path, e: impl std::fmt::Display) -> ClientError {
    ClientError::Output(format!("cannot {what} {}: {e}", path.display()))
}

/// Writes `files` at `dest` (a folder, or a zip file if `dest` ends in `.zip`).
pub fn write_package(files: &[HandoverFile], dest: &Path) -> Result<Written, ClientError> {
    for f in files {
        let p = Path::new(&f.path);
        if f.path.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(ClientError::Output(format!("the package names an unsafe path {:?}", f.path)));
        }
    }
    let name = dest
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ClientError::Output(format!("{} does not name a file or folder", dest.display())))?;
    if let Ok(meta) = std::fs::symlink_metadata(dest) {
        let empty_dir = meta.is_dir() && std::fs::read_dir(dest).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty_dir {
            return Err(ClientError::Output(format!(
                "{} already exists: choose another path, or move it away first (nothing was written)",
                dest.display()
            )));
        }
    }
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(ClientError::Output(format!(
            "the folder {} does not exist: create it first, or choose another path",
            parent.display()
        )));
    }
    let partial = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let _ = remove_any(&partial);
    let form = form_of(dest);
    let result = match form {
        PackageForm::Folder => write_folder(files, &partial),
        PackageForm::Zip => write_zip(files, &partial, dest.file_stem().and_then(|s| s.to_str()).unwrap_or("handover")),
    };
    let bytes = match result {
        Ok(b) => b,
        Err(e) => {
            let _ = remove_any(&partial);
            return Err(e);
        }
    };
    if dest.is_dir() {
        // An empty folder the user made for it: replaced by the package.
        std::fs::remove_dir(dest).map_err(|e| out_err("replace the empty folder", dest, e))?;
    }
    if let Err(e) = std::fs::rename(&partial, dest) {
        let _ = remove_any(&partial);
        return Err(out_err("move the package into place at", dest, e));
    }
    if let Ok(d) = std::fs::File::open(&parent) {
        let _ = d.sync_all();
    }
    Ok(Written { path: dest.to_path_buf(), form, files: files.len(), bytes })
}

fn remove_any(p: &Path) -> std::io::Result<()> {
    if p.is_dir() { std::fs::remove_dir_all(p) } else { std::fs::remove_file(p) }
}

fn write_folder(files: &[HandoverFile], dir: &Path) -> Result<u64, ClientError> {
    std::fs::create_dir(dir).map_err(|e| out_err("create the folder", dir, e))?;
    let mut total = 0;
    for f in files {
        let path = dir.join(&f.path);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| out_err("create the folder", p, e))?;
        }
        let mut file = std::fs::File::create(&path).map_err(|e| out_err("create", &path, e))?;
        file.write_all(&f.contents).and_then(|()| file.sync_all()).map_err(|e| out_err("write", &path, e))?;
        total += f.contents.len() as u64;
    }
    Ok(total)
}

fn write_zip(files: &[HandoverFile], path: &Path, folder: &str) -> Result<u64, ClientError> {
    let file = std::fs::File::create(path).map_err(|e| out_err("create", path, e))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for f in files {
        let entry = format!("{folder}/{}", f.path);
        zip.start_file(entry.as_str(), options).map_err(|e| out_err("add an entry to", path, e))?;
        zip.write_all(&f.contents).map_err(|e| out_err("write", path, e))?;
    }
    let file = zip.finish().map_err(|e| out_err("finish", path, e))?;
    file.sync_all().map_err(|e| out_err("write", path, e))?;
    file.metadata().map(|m| m.len()).map_err(|e| out_err("read the size of", path, e))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn files() -> Vec<HandoverFile> {
        vec![
            HandoverFile { path: "README.md".into(), contents: b"# Handover\n".to_vec() },
            HandoverFile { path: "deliverables.json".into(), contents: b"{}\n".to_vec() },
        ]
    }

    #[test]
    fn a_folder_holds_every_file_and_an_existing_one_is_never_overwritten() {
        let d = tempfile::tempdir().unwrap();
        let dest = d.path().join("acme-handover");
        let w = write_package(&files(), &dest).unwrap();
        assert_eq!((w.form, w.files, w.bytes), (PackageForm::Folder, 2, 14));
        assert_eq!(std::fs::read(dest.join("README.md")).unwrap(), b"# Handover\n");
        let err = write_package(&files(), &dest).unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(std::fs::read(dest.join("deliverables.json")).unwrap(), b"{}\n", "untouched");
        let leftovers: Vec<_> = std::fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["acme-handover"], "no partial folder is left behind");
    }

    #[test]
    fn an_empty_folder_is_filled() {
        let d = tempfile::tempdir().unwrap();
        let dest = d.path().join("empty");
        std::fs::create_dir(&dest).unwrap();
        write_package(&files(), &dest).unwrap();
        assert!(dest.join("README.md").is_file());
    }

    #[test]
    fn a_zip_holds_the_files_in_a_folder_named_after_it() {
        let d = tempfile::tempdir().unwrap();
        let dest = d.path().join("acme.ZIP");
        let w = write_package(&files(), &dest).unwrap();
        assert_eq!(w.form, PackageForm::Zip);
        assert_eq!(w.bytes, std::fs::metadata(&dest).unwrap().len());
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&dest).unwrap()).unwrap();
        let mut names: Vec<String> =
            (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["acme/README.md", "acme/deliverables.json"]);
        let mut text = String::new();
        zip.by_name("acme/README.md").unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "# Handover\n");
    }

    #[test]
    fn bad_destinations_and_paths_are_refused_with_what_to_fix() {
        let d = tempfile::tempdir().unwrap();
        let err = write_package(&files(), &d.path().join("missing/out.zip")).unwrap_err().to_string();
        assert!(err.contains("does not exist: create it first"), "{err}");
        let bad = vec![HandoverFile { path: "../escape.md".into(), contents: vec![] }];
        let err = write_package(&bad, &d.path().join("x")).unwrap_err().to_string();
        assert!(err.contains("unsafe path"), "{err}");
        assert!(!d.path().join("x").exists());
    }
}
