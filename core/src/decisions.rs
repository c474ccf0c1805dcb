//! decisions (placeholder while the module is written).

use serde::{Deserialize, Serialize};

use crate::command::{Applied, Scope};
use crate::error::Result;

/// Commands of this area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum DecisionCommand {}

impl DecisionCommand {
    pub(crate) fn apply(self, _s: &mut Scope<'_>) -> Result<Applied> {
        match self {}
    }
}
