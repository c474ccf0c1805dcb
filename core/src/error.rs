//! The core's typed errors. Every message says what is wrong and what to do about it.

use thiserror::Error;

/// Why a command was refused or a document could not be read.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum CoreError {
    /// A text field that must not be empty was empty.
    #[error("{field} must not be empty")]
    Empty { field: &'static str },

    /// A text field exceeded its length limit.
    #[error("{field} is too long ({len} characters); keep it under {max}")]
    TooLong { field: &'static str, len: usize, max: usize },

    /// An id did not have the id shape.
    #[error(
        "{value:?} is not a valid {kind} id: use the lowercase letters, digits, '-' and '_' shown by the list commands"
    )]
    InvalidId { kind: &'static str, value: String },

    /// An id names nothing in this project.
    #[error("no {kind} with id {id} in this project")]
    NotFound { kind: &'static str, id: String },

    /// The item was deleted; it can be read (and restored) but not edited.
    #[error("{kind} {id} was deleted; restore it before editing it")]
    Deleted { kind: &'static str, id: String },

    /// A date could not be parsed.
    #[error("{field}: {value:?} is not a date; write it as YYYY-MM-DD")]
    InvalidDate { field: &'static str, value: String },

    /// A start date lies after the matching end date.
    #[error("{start_field} ({start}) is after {end_field} ({end}); move one of them")]
    StartAfterEnd { start_field: &'static str, start: String, end_field: &'static str, end: String },

    /// A money amount or number of hours was negative.
    #[error("{field} must not be negative (got {value})")]
    Negative { field: &'static str, value: String },

    /// A number was outside its allowed range.
    #[error("{field} must be between {min} and {max} (got {value})")]
    OutOfRange { field: &'static str, value: String, min: String, max: String },

    /// A value is not one of the allowed choices.
    #[error("{field}: {value:?} is not one of {allowed}")]
    InvalidChoice { field: &'static str, value: String, allowed: &'static str },

    /// Adding the dependency would make the plan circular.
    #[error(
        "task {task} cannot depend on {on}: {on} already depends on {task} (through {path}); remove one of the dependencies"
    )]
    DependencyCycle { task: String, on: String, path: String },

    /// Making the task a child of the parent would make the tree circular.
    #[error("task {task} cannot be placed under {parent}: {parent} is inside {task}'s own subtree")]
    ParentCycle { task: String, parent: String },

    /// A status change that the workflow does not allow.
    #[error("{kind} cannot go from {from} to {to}; allowed next: {allowed}")]
    IllegalTransition { kind: &'static str, from: String, to: String, allowed: String },

    /// A text splice pointed outside the text.
    #[error("{field}: position {pos} + delete {delete} is beyond the end of the text ({len} characters)")]
    SpliceOutOfRange { field: &'static str, pos: usize, delete: usize, len: usize },

    /// An update command named no field to change.
    #[error("nothing to change: give at least one field")]
    NothingToChange,

    /// Something else the user must change first.
    #[error("{0}")]
    Invalid(String),

    /// The document has no project in it yet.
    #[error("this document holds no Tandem project; create one first")]
    NotAProject,

    /// The document already holds a project.
    #[error("this document already holds a project")]
    AlreadyAProject,

    /// The document was written by a newer Tandem.
    #[error("this project uses schema version {found}; this Tandem understands up to {supported}: upgrade Tandem")]
    SchemaTooNew { found: i64, supported: i64 },

    /// The document structure is not what the schema says.
    #[error("the project document is damaged at {path}: {what}")]
    Corrupt { path: String, what: String },

    /// An error from Automerge itself.
    #[error("automerge: {0}")]
    Automerge(String),
}

impl From<automerge::AutomergeError> for CoreError {
    fn from(e: automerge::AutomergeError) -> Self {
        CoreError::Automerge(e.to_string())
    }
}

/// Result type of the core.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;
