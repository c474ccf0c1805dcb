//! A profile: one member's home directory with the device identity, the projects they hold and
//! which one is current. Several profiles can live on one machine (`--home`, `TANDEM_HOME`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::ClientError;

/// Environment variable that selects the profile directory.
pub const HOME_ENV: &str = "TANDEM_HOME";
const PROFILE_FILE: &str = "profile.json";

/// Where a profile lives: the explicit `--home`, else `$TANDEM_HOME`, else the platform data
/// directory (e.g. `~/.local/share/tandem`).
pub fn resolve_home(explicit: Option<&Path>) -> Result<PathBuf, ClientError> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(HOME_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "tandem").map(|d| d.data_dir().to_path_buf()).ok_or_else(|| {
        ClientError::Profile(format!("cannot find a home directory for Tandem data; pass --home DIR or set {HOME_ENV}"))
    })
}

/// A project this profile holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectEntry {
    /// The project's name when it was last opened here (for listing without loading it).
    pub name: String,
}

/// The contents of `profile.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileConfig {
    /// This device's Automerge actor id (hex), fixed for the life of the profile.
    pub device: String,
    /// The project commands use when none is named.
    #[serde(default)]
    pub current: Option<String>,
    /// Every project in this profile, by document id.
    #[serde(default)]
    pub projects: BTreeMap<String, ProjectEntry>,
}

/// An opened profile directory.
#[derive(Debug)]
pub struct Profile {
    home: PathBuf,
    pub(crate) config: ProfileConfig,
}

impl Profile {
    /// Opens the profile in `home`, creating it (with a new device id) if it does not exist.
    pub fn open(home: &Path) -> Result<Self, ClientError> {
        std::fs::create_dir_all(home)
            .map_err(|e| ClientError::Profile(format!("cannot create profile directory {}: {e}", home.display())))?;
        let path = home.join(PROFILE_FILE);
        let config = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| ClientError::Profile(format!("{} is damaged ({e}); fix or remove it", path.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut id = [0u8; 16];
                getrandom::fill(&mut id)
                    .map_err(|e| ClientError::Profile(format!("no randomness for a device id: {e}")))?;
                let config = ProfileConfig {
                    device: id.iter().map(|b| format!("{b:02x}")).collect(),
                    current: None,
                    projects: BTreeMap::new(),
                };
                write_private(&path, &serde_json::to_vec_pretty(&config).unwrap_or_default())?;
                config
            }
            Err(e) => return Err(ClientError::Profile(format!("cannot read {}: {e}", path.display()))),
        };
        Ok(Self { home: home.to_path_buf(), config })
    }

    /// The profile directory.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The settings as stored.
    pub fn config(&self) -> &ProfileConfig {
        &self.config
    }

    /// Where the documents are stored.
    pub fn store_dir(&self) -> PathBuf {
        self.home.join("store")
    }

    /// Saves `profile.json` durably, readable only by the owner.
    pub(crate) fn save(&self) -> Result<(), ClientError> {
        let bytes = serde_json::to_vec_pretty(&self.config)
            .map_err(|e| ClientError::Profile(format!("cannot encode profile: {e}")))?;
        write_private(&self.home.join(PROFILE_FILE), &bytes)
    }
}

/// Writes a file atomically (temp, fsync, rename, fsync dir) with mode 0600.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ClientError> {
    let err = |e: std::io::Error| ClientError::Profile(format!("cannot write {}: {e}", path.display()));
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".profile.json.tmp.{}", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(err)?;
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(err)
}
