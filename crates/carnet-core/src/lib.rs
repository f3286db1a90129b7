//! The field log of a market garden, with no IO.
//!
//! Time, actor ids and randomness come in as arguments; bytes go in and out.
//! The store (SQLite) and the shells (CLI, app, server) do the IO.
//!
//! One folder per domain (`catalog`, `tasks`, `harvests`, `observations`),
//! each holding its records, their codec, its writes and its queries; below
//! them the shared vocabulary (`values`, `ids`, `error`), the record envelope
//! (`record`), the steps every write shares (`write`), the documents
//! (`document`) and the sync session (`sync`). `conflicts` and `history` read
//! across domains through their public types.
pub mod catalog;
pub mod clock;
pub mod conflicts;
pub mod document;
pub mod error;
pub mod harvests;
pub mod history;
pub mod ids;
pub mod observations;
pub mod record;
pub mod roles;
pub mod sync;
pub mod tasks;
#[cfg(test)]
mod testing;
pub mod values;
pub mod words;
mod write;

pub use error::{Error, Result};
pub use ids::*;
