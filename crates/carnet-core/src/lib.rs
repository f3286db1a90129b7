//! The field log of a market garden, with no IO.
//!
//! Time, actor ids and randomness come in as arguments; bytes go in and out.
//! The store (SQLite) and the shells (CLI, app, server) do the IO.
pub mod catalog;
pub mod clock;
pub mod document;
pub mod error;
pub mod harvest;
pub mod ids;
pub mod observation;
pub mod ops;
pub mod query;
pub mod record;
pub mod sync;
pub mod task;
pub mod values;

pub use error::{Error, Result};
pub use ids::*;
