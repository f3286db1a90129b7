//! Carnet's local storage: a device's Automerge documents as chunks in one
//! SQLite file (WAL, synchronous=FULL), its sync states, and the projection
//! tables the UI and the CLI read. Deliberately not here: the network, and
//! any rule of the domain (those live in `carnet-core`).
mod actions;
pub mod csv_sheet;
mod env;
mod error;
mod lock;
mod project;
mod queries;
mod schema;
mod store;
mod sync;

pub use actions::{BedInput, CropInput, HarvestInput};
pub use env::{Clock, StoreEnv, stepping_clock, system_clock};
pub use error::{Result, StoreError};
pub use schema::{PROJECTION_VERSION, SCHEMA_VERSION};
pub use store::{DEVICE_LABEL, DOCUMENT_CACHE, Housekeeping, Store};
pub use sync::SyncSessions;
