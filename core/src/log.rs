//! log (placeholder while the module is written).

use automerge::{ObjId, ReadDoc};
use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope};
use crate::error::{CoreError, Result};

/// Commands of this area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum LogCommand {}

impl LogCommand {
    pub(crate) fn apply(self, _s: &mut Scope<'_>) -> Result<Applied> {
        match self {}
    }
}

/// The map of the log entry with this id.
pub(crate) fn entry_obj<R: ReadDoc>(_doc: &R, id: &str) -> Result<ObjId> {
    Err(CoreError::NotFound { kind: "log entry", id: id.to_owned() })
}
