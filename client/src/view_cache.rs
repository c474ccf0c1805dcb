//! The view cache: read models of a project saved beside the profile when the app closes, so
//! the next start can show the first view at once, while the document itself still loads.
//!
//! Loading a large document takes seconds (Automerge rebuilds every change to learn its hash),
//! but a read model is a few megabytes of JSON at most. The app writes the views it shows first
//! (dashboard, members, task list) into `<home>/cache/views-<project>.json` after its last
//! change is on disk, together with a listing of the project's store files. On the next start a
//! cache is used only while that listing is unchanged: store keys name their content (a
//! snapshot by its heads, a chunk by its hash), so the same files mean the same document, and
//! any write since (a command, a change from the server, a compaction) makes the cache stale.
//! A stale, damaged or missing cache is never an error the user sees: the app waits for the
//! load as it would without one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use tandem_core::Millis;
use tandem_store::StorageKey;

/// The cache file format; a file of another version is ignored.
const FORMAT: u32 = 1;

/// Read models of one project as they were when the app last closed.
#[derive(Debug, Serialize, Deserialize)]
pub struct ViewCache {
    /// When the views were read (the app shows "as of" this time until the project has loaded).
    pub saved_at: Millis,
    /// The document's heads (hex) the views were read at.
    pub heads: Vec<String>,
    /// Each view's JSON, by the name of the IPC command that returns it.
    pub views: BTreeMap<String, Box<RawValue>>,
}

/// The file as written: the cache and the store listing it belongs to.
#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    project: String,
    store: Vec<StoredFile>,
    /// Not flattened: serde cannot read a `RawValue` through `flatten`.
    cache: ViewCache,
}

/// One file of a project's store: its path below the project's folder and its size.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct StoredFile {
    path: String,
    len: u64,
}

/// Why a cache could not be read or written (logged, never shown as a failure).
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("view cache {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("view cache {path} is damaged: {source}")]
    Damaged {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("view cache: {0:?} is not a project id")]
    Project(String),
    #[error("view cache: {0}")]
    Store(#[from] tandem_store::StoreError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CacheError + '_ {
    move |source| CacheError::Io { path: path.to_path_buf(), source }
}

/// The cache file of `project` in the profile `home`.
pub fn cache_path(home: &Path, project: &str) -> PathBuf {
    home.join("cache").join(format!("views-{project}.json"))
}

/// Every file of `project` in the profile's store, sorted; temp files of unfinished writes are
/// left out (the store removes them when it opens).
fn listing(home: &Path, project: &str) -> Result<Vec<StoredFile>, CacheError> {
    let root = home.join("store");
    let key = StorageKey::from_parts([project]).map_err(|_| CacheError::Project(project.to_owned()))?;
    let dir = tandem_store::key_path(&root, &key)?;
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(at) = stack.pop() {
        let entries = match std::fs::read_dir(&at) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&at)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io(&at))?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let meta = entry.metadata().map_err(io(&entry.path()))?;
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                let path = entry.path().strip_prefix(&dir).unwrap_or(&entry.path()).to_string_lossy().into_owned();
                files.push(StoredFile { path, len: meta.len() });
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Writes `cache` for `project`. Call it only once every change the views include is on disk
/// (after [`crate::Client::close`]), so the listing taken now is the document the views show.
pub fn save(home: &Path, project: &str, cache: ViewCache) -> Result<(), CacheError> {
    let file = CacheFile { format: FORMAT, project: project.to_owned(), store: listing(home, project)?, cache };
    let path = cache_path(home, project);
    let dir = path.parent().unwrap_or(home);
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let tmp = dir.join(format!(".views-{project}.json.tmp"));
    let bytes = serde_json::to_vec(&file).map_err(|source| CacheError::Damaged { path: path.clone(), source })?;
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    std::fs::rename(&tmp, &path).map_err(io(&path))
}

/// The cache of `project` if there is one and the store still holds exactly the files it was
/// written against; `Ok(None)` when there is none or it is stale (a stale file is removed).
pub fn load(home: &Path, project: &str) -> Result<Option<ViewCache>, CacheError> {
    let path = cache_path(home, project);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&path)(e)),
    };
    let file: CacheFile =
        serde_json::from_slice(&bytes).map_err(|source| CacheError::Damaged { path: path.clone(), source })?;
    if file.format != FORMAT || file.project != project || file.store != listing(home, project)? {
        discard(home, project);
        return Ok(None);
    }
    Ok(Some(file.cache))
}

/// Removes the cache of `project`, if any (e.g. once it is stale). Failing to is only logged:
/// a stale cache is never used anyway.
pub fn discard(home: &Path, project: &str) {
    let path = cache_path(home, project);
    if let Err(e) = std::fs::remove_file(&path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!("cannot remove the stale view cache {}: {e}", path.display());
    }
}
