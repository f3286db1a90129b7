//! Carnet's local storage: a device's Automerge documents as chunks in one
//! SQLite file (WAL, synchronous=FULL), its sync states, and the projection
//! tables the UI and the CLI read. Deliberately not here: the network, and
//! any rule of the domain (those live in `carnet-core`).
//!
//! One module per domain (`catalog`, `tasks`, `harvests`, `observations`,
//! `conflicts`) holds its writes and reads as methods of `Store`; the shared
//! machinery (`store`, `schema`, `project`, `records`, `sync`, `env`) sits
//! below them.
mod catalog;
mod conflicts;
pub mod csv_sheet;
mod env;
mod error;
mod harvests;
mod health;
mod lock;
mod observations;
mod project;
mod records;
mod rows;
mod schema;
mod store;
mod sync;
mod tasks;

pub use catalog::{BedChange, BedInput, CropInput, PersonChange};
pub use env::{Clock, StoreEnv, stepping_clock, system_clock};
pub use error::{Result, StoreError};
pub use health::{Health, ImplausibleRecord, SKEW_WARNING_SECONDS, Unreadable, is_syncable};
pub use schema::{PROJECTION_VERSION, SCHEMA_VERSION};
pub use store::{DEVICE_LABEL, DEVICE_ROLE, DOCUMENT_CACHE, Housekeeping, Store};
pub use sync::SyncSessions;
