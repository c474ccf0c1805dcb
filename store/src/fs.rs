//! The filesystem side: key ↔ path mapping with validation, durable writes, range walks, and
//! cleanup of temp files left by interrupted writes.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use samod::storage::StorageKey;

use crate::StoreError;

/// Temp files start with a dot, which no key component may, and carry this marker.
const TEMP_MARK: &str = ".tmp.";

fn io<'a>(op: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |source| StoreError::Io { op, path: path.to_path_buf(), source }
}

fn check_component(key: &StorageKey, c: &str) -> Result<(), StoreError> {
    let bad = |why| Err(StoreError::InvalidKey { key: key.to_string(), why });
    if c.is_empty() {
        return bad("empty component");
    }
    if c == "." || c == ".." {
        return bad("'.' and '..' are not allowed");
    }
    if c.starts_with('.') {
        return bad("components may not start with '.' (reserved for temp files)");
    }
    if c.contains(['/', '\\', '\0']) {
        return bad("components may not contain '/', '\\' or NUL");
    }
    if c.len() > 255 {
        return bad("component longer than 255 bytes");
    }
    Ok(())
}

/// Maps a key to its file, automerge-repo style: the first component is split after two
/// characters (`abcdef/x` → `ab/cdef/x`).
pub(crate) fn key_to_path(root: &Path, key: &StorageKey) -> Result<PathBuf, StoreError> {
    let mut path = root.to_path_buf();
    let mut any = false;
    for (i, c) in key.into_iter().enumerate() {
        check_component(key, c)?;
        if i == 0 {
            if c.chars().count() < 3 {
                return Err(StoreError::InvalidKey {
                    key: key.to_string(),
                    why: "the first component needs at least 3 characters",
                });
            }
            let split = c.char_indices().nth(2).map(|(i, _)| i).unwrap_or(c.len());
            path.push(&c[..split]);
            path.push(&c[split..]);
        } else {
            path.push(c);
        }
        any = true;
    }
    if !any {
        return Err(StoreError::InvalidKey { key: String::new(), why: "empty key" });
    }
    Ok(path)
}

fn fsync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io("fsync directory", dir))
}

/// Creates `dir` and any missing parents, fsyncing each parent that gained an entry.
pub(crate) fn create_dir_durable(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut missing = Vec::new();
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if d.is_dir() {
            break;
        }
        missing.push(d);
        cur = d.parent();
    }
    for d in missing.into_iter().rev() {
        match fs::create_dir(d) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists && d.is_dir() => continue,
            Err(e) => return Err(io("create directory", d)(e)),
        }
        if let Some(parent) = d.parent().filter(|p| !p.as_os_str().is_empty()) {
            fsync_dir(parent)?;
        }
    }
    Ok(())
}

/// The folder under the store root that keeps deleted files for reuse (see [`Spares`]). Its name
/// starts with a dot, so no key maps into it.
pub(crate) const SPARE_DIR: &str = ".spare";

/// Files no key uses any more, kept to be written over instead of creating new ones.
///
/// Creating a file allocates an inode, and on an ext4 filesystem without a journal (as on this
/// project's development and CI machines) the allocator skips every inode deleted in the last
/// minutes, one by one: with samod's compaction deleting as many files as changes arrive, that
/// scan was 15–17% of the sync server's CPU in the relay benchmark (bench/README.md, "relay
/// after automerge changes 2–3 and the store's reused files"). A deleted key's file is instead
/// renamed into [`SPARE_DIR`], and the next write takes one from there as its temp file (rename,
/// overwrite, trim, fsync, rename into place), so in steady state no inode is created or freed.
/// What a spare holds is never read: it is only ever written over. Files larger than
/// [`Spares::MAX_SIZE`] and any beyond [`Spares::MAX_COUNT`] are deleted as before.
#[derive(Debug, Default)]
pub(crate) struct Spares {
    /// `<root>/.spare`, created by the first delete that keeps a file.
    dir: PathBuf,
    files: std::sync::Mutex<Vec<PathBuf>>,
    /// Distinguishes this process's spare names from those of earlier ones in the folder.
    prefix: String,
}

impl Spares {
    pub(crate) const MAX_COUNT: usize = 512;
    pub(crate) const MAX_SIZE: u64 = 64 * 1024;

    /// The spares a previous run left in `root`'s spare folder (none if it has none).
    pub(crate) fn open(root: &Path) -> Result<Spares, StoreError> {
        let dir = root.join(SPARE_DIR);
        // Spare names do not start with a dot, so `entries` lists them; only plain files are
        // written over (not a symlink someone left there).
        let mut files: Vec<PathBuf> = entries(&dir)?
            .into_iter()
            .map(|(_, path, _)| path)
            .filter(|path| fs::symlink_metadata(path).is_ok_and(|m| m.is_file()))
            .collect();
        for extra in files.split_off(files.len().min(Self::MAX_COUNT)) {
            let _ = fs::remove_file(extra);
        }
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Ok(Spares { dir, files: std::sync::Mutex::new(files), prefix: format!("{}-{nanos}", std::process::id()) })
    }

    fn take(&self) -> Option<PathBuf> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).pop()
    }

    fn give(&self, path: PathBuf) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push(path);
    }

    fn has_room(&self) -> bool {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).len() < Self::MAX_COUNT
    }

    /// How many spares are kept now.
    pub(crate) fn count(&self) -> usize {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// Moves a spare file to `tmp` and opens it for writing over; `None` if there is no spare (or it
/// could not be moved), and the caller creates a new file.
fn reuse_spare(spares: &Spares, tmp: &Path) -> Option<File> {
    let spare = spares.take()?;
    if fs::rename(&spare, tmp).is_err() {
        return None;
    }
    match OpenOptions::new().write(true).open(tmp) {
        Ok(f) => Some(f),
        Err(_) => {
            let _ = fs::remove_file(tmp);
            None
        }
    }
}

/// Writes a file so that a crash leaves the old content or the new, never a mix:
/// temp file in the same directory → fsync → rename over the target → fsync the directory.
/// The temp file is a spare when there is one (see [`Spares`]), written over and trimmed.
pub(crate) fn write_durable(root: &Path, spares: &Spares, path: &Path, data: &[u8], n: u64) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or(root);
    create_dir_durable(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("data");
    let tmp = dir.join(format!(".{name}{TEMP_MARK}{}.{n}", std::process::id()));
    let result = (|| {
        let mut f = match reuse_spare(spares, &tmp) {
            Some(f) => f,
            None => OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(io("create temp file", &tmp))?,
        };
        f.write_all(data).map_err(io("write", &tmp))?;
        // A spare may be longer than the data.
        f.set_len(data.len() as u64).map_err(io("write", &tmp))?;
        f.sync_all().map_err(io("fsync", &tmp))?;
        drop(f);
        fs::rename(&tmp, path).map_err(io("rename", path))?;
        fsync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes and fsyncs a 4 KiB scratch file in `root`, then removes it: whether the disk takes a
/// write now. The name is a temp file's, so one left by a crash is removed at the next open.
pub(crate) fn write_check(root: &Path, n: u64) -> Result<(), StoreError> {
    let tmp = root.join(format!(".write-check{TEMP_MARK}{}.{n}", std::process::id()));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(io("create temp file", &tmp))?;
        f.write_all(&[0u8; 4096]).map_err(io("write", &tmp))?;
        f.sync_all().map_err(io("fsync", &tmp))
    })();
    let _ = fs::remove_file(&tmp);
    result
}

/// Reads a file; `Ok(None)` when it does not exist (or is a directory).
pub(crate) fn read_file(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    match fs::read(path) {
        Ok(d) => Ok(Some(d)),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::IsADirectory | ErrorKind::NotADirectory) => {
            Ok(None)
        }
        Err(e) => Err(io("read", path)(e)),
    }
}

/// Removes a key's file and fsyncs its directory; a missing file is fine. A small file is moved
/// into the spare folder for reuse (see [`Spares`]) while it has room.
pub(crate) fn retire_durable(spares: &Spares, path: &Path, n: u64) -> Result<(), StoreError> {
    let small = fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() <= Spares::MAX_SIZE);
    if small && spares.has_room() && create_dir_durable(&spares.dir).is_ok() {
        let spare = spares.dir.join(format!("{}-{n}", spares.prefix));
        if fs::rename(path, &spare).is_ok() {
            // Only once the key's directory no longer names the file may a write reuse it:
            // otherwise a crash could bring the key back holding another key's bytes.
            path.parent().map(fsync_dir).unwrap_or(Ok(()))?;
            spares.give(spare);
            return Ok(());
        }
    }
    delete_durable(path)
}

/// Removes a file and fsyncs its directory; a missing file is fine.
pub(crate) fn delete_durable(path: &Path) -> Result<(), StoreError> {
    match fs::remove_file(path) {
        Ok(()) => path.parent().map(fsync_dir).unwrap_or(Ok(())),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => Ok(()),
        Err(e) => Err(io("delete", path)(e)),
    }
}

fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.contains(TEMP_MARK)
}

fn entries(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>, StoreError> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => return Ok(Vec::new()),
        Err(e) => return Err(io("list directory", dir)(e)),
    };
    let mut out = Vec::new();
    for entry in rd {
        let entry = entry.map_err(io("list directory", dir))?;
        // Names we could not have written (not UTF-8, dot files) are not keys.
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        if name.starts_with('.') {
            continue;
        }
        let is_dir = entry.file_type().map_err(io("stat", &entry.path()))?.is_dir();
        out.push((name, entry.path(), is_dir));
    }
    Ok(out)
}

fn walk(dir: &Path, key: &StorageKey, out: &mut HashMap<StorageKey, Vec<u8>>) -> Result<(), StoreError> {
    for (name, path, is_dir) in entries(dir)? {
        let Ok(k) = key.with_component(name) else { continue };
        if is_dir {
            walk(&path, &k, out)?;
        } else if let Some(data) = read_file(&path)? {
            out.insert(k, data);
        }
    }
    Ok(())
}

/// Every key under `prefix` with its data (the prefix itself included if it is a key).
pub(crate) fn load_range(root: &Path, prefix: &StorageKey) -> Result<HashMap<StorageKey, Vec<u8>>, StoreError> {
    let mut out = HashMap::new();
    if prefix.into_iter().next().is_none() {
        // The whole store: rebuild first components from the two directory levels.
        for (head, head_path, head_is_dir) in entries(root)? {
            if !head_is_dir {
                continue;
            }
            for (rest, path, is_dir) in entries(&head_path)? {
                let Ok(k) = StorageKey::from_parts([format!("{head}{rest}")]) else { continue };
                if is_dir {
                    walk(&path, &k, &mut out)?;
                } else if let Some(data) = read_file(&path)? {
                    out.insert(k, data);
                }
            }
        }
        return Ok(out);
    }
    let path = match key_to_path(root, prefix) {
        Ok(p) => p,
        Err(StoreError::InvalidKey { .. }) => return Ok(out),
        Err(e) => return Err(e),
    };
    if path.is_dir() {
        walk(&path, prefix, &mut out)?;
    } else if let Some(data) = read_file(&path)? {
        out.insert(prefix.clone(), data);
    }
    Ok(out)
}

/// Deletes temp files left behind by writes that were interrupted (crash, kill -9).
pub(crate) fn remove_leftovers(root: &Path) -> Result<u64, StoreError> {
    let mut removed = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let rd = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(e) => return Err(io("list directory", &dir)(e)),
        };
        for entry in rd {
            let entry = entry.map_err(io("list directory", &dir))?;
            let path = entry.path();
            let ft = entry.file_type().map_err(io("stat", &path))?;
            if ft.is_dir() {
                stack.push(path);
            } else if entry.file_name().to_str().is_some_and(is_temp) {
                fs::remove_file(&path).map_err(io("remove temp file", &path))?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}
