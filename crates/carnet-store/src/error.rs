//! Errors of the store. Core errors pass through unchanged so their field
//! names reach the person; SQLite errors say what the store was doing.

use carnet_core::roles::{Action, DeviceRole};
use carnet_core::values::Role;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Core(#[from] carnet_core::Error),

    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("the store at {path} is not a Carnet store or is damaged: {problem}")]
    NotAStore { path: String, problem: String },

    #[error(
        "the store at {path} was written by a newer Carnet (schema {found}, this one knows {known})"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },

    #[error("projection of record {id} could not be encoded: {0}", id = .1)]
    Projection(serde_json::Error, String),

    #[error("the store at {path} is in use by {holder}: close it, then try again")]
    InUse { path: String, holder: String },

    #[error("this store has no farm yet: run `carnet init --farm NAME`")]
    NoFarm,

    #[error("this store already holds the farm {0}")]
    FarmExists(String),

    /// The device's enrolled role may not write there (a field tablet and
    /// the catalog, a viewer and anything): the server would refuse it.
    #[error("a {role} device may not write {document}: the server would refuse it")]
    RoleForbids { role: DeviceRole, document: String },

    /// The person's role may not do this (a worker creating tasks).
    #[error(
        "a {} may not {}",
        role.as_str().replace('_', " "),
        action.as_str().replace('_', " ")
    )]
    PersonForbids { role: Role, action: Action },
}

impl StoreError {
    /// A stable code the app and scripts can act on.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Core(e) => e.code(),
            StoreError::Sqlite(_) => "database",
            StoreError::NotAStore { .. } => "not_a_store",
            StoreError::TooNew { .. } => "store_too_new",
            StoreError::Projection(..) => "projection",
            StoreError::InUse { .. } => "store_in_use",
            StoreError::NoFarm => "no_farm",
            StoreError::FarmExists(_) => "farm_exists",
            StoreError::RoleForbids { .. } => "role_forbids",
            StoreError::PersonForbids { .. } => "person_forbids",
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
