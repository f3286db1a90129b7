//! The field log of a market garden, with no IO.
pub mod document;
pub mod error;
pub mod ids;
pub mod values;

pub use error::{Error, Result};
pub use ids::*;
