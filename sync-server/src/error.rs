//! The one error type of the server library.
//!
//! Administration errors are the ones a supervisor reads on the command line,
//! so each says what was wrong with the input in one lowercase line. Errors on
//! a sync connection are not here: they close that connection with a reason
//! (see `connection`), they never reach the caller of `run`.

use carnet_core::FarmId;

use crate::ids::DeviceId;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// A value given on the command line breaks a rule.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },

    #[error("unknown farm `{0}`")]
    UnknownFarm(String),

    #[error("`{0}` names several farms: use the farm id")]
    AmbiguousFarm(String),

    #[error("a farm with id {0} is already registered")]
    FarmExists(FarmId),

    #[error("a farm named `{0}` is already registered")]
    FarmNameTaken(String),

    #[error("unknown device `{0}`")]
    UnknownDevice(String),

    #[error("`{0}` names several devices: use the device id")]
    AmbiguousDevice(String),

    #[error("farm `{farm}` already has a device named `{name}`")]
    DuplicateDeviceName { farm: String, name: String },

    #[error("`{0}` is not a role: use field, base or viewer")]
    BadRole(String),

    #[error("device id {0} is already taken")]
    DeviceExists(DeviceId),

    #[error("{path} was written by a newer carnet-sync (schema {found}, this one knows {known})")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },

    #[error("cannot open the database {path}: {problem}")]
    NotADatabase { path: String, problem: String },

    #[error("the backup target {0} already exists")]
    BackupExists(String),

    /// A stored value does not parse: the file was edited by hand or is damaged.
    #[error("stored {what} is corrupt: {problem}")]
    Corrupt { what: &'static str, problem: String },

    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl ServerError {
    pub fn invalid(field: &'static str, problem: impl Into<String>) -> Self {
        ServerError::Invalid {
            field,
            problem: problem.into(),
        }
    }

    pub(crate) fn corrupt(what: &'static str, problem: impl ToString) -> Self {
        ServerError::Corrupt {
            what,
            problem: problem.to_string(),
        }
    }
}

pub type Result<T, E = ServerError> = std::result::Result<T, E>;
