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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectEntry {
    /// The project's name when it was last opened here (for listing without loading it).
    pub name: String,
    /// The server this project syncs through (a key of [`ProfileConfig::servers`]); `None` for a
    /// project that lives only on this device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// This profile's role on that server: `coordinator`, `member` or `viewer` (`None` on a
    /// plain automerge-repo relay, which has no accounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The server's member id for this profile in this project (what a coordinator revokes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_member: Option<i64>,
    /// The document heads the server was last seen to have in full (hex change hashes): what
    /// "changes not on the server yet" is counted from while offline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synced_heads: Vec<String>,
    /// When this replica was last up to date with the server (UTC milliseconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_synced: Option<i64>,
    /// The sync point this session started from: [`ProjectEntry::synced_heads`] as they were
    /// when the current connection began. "While you were offline" is measured from here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_synced_heads: Vec<String>,
    /// When that earlier sync point was reached (UTC milliseconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_synced: Option<i64>,
    /// The server said this profile may no longer see the project.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revoked: bool,
}

impl ProjectEntry {
    /// A project known only by name (not shared yet).
    pub fn local(name: String) -> ProjectEntry {
        ProjectEntry { name, ..ProjectEntry::default() }
    }
}

/// A server this profile talks to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerEntry {
    /// The bearer token for a Tandem server (one per server: every project on it shares the
    /// token, the connection and the peer id). `None` for a plain automerge-repo relay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
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
    /// Servers, by address (`http(s)://host:port` for a Tandem server, `ws(s)://...` for a
    /// plain automerge-repo relay). Holds tokens, which is why the file is private (0600).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub servers: BTreeMap<String, ServerEntry>,
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
                    servers: BTreeMap::new(),
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
