//! The field log of a market garden, with no IO.
pub mod error;
pub mod ids;

pub use error::{Error, Result};
pub use ids::*;
