//! The JSON the command line prints with `--json`: its own structs, made from
//! the domain's types with `From`, so that renaming a domain field cannot
//! silently change what scripts read.
//!
//! Shapes are snake_case; dates are ISO (`2026-11-23`), times RFC 3339; ids
//! are hyphenated UUIDs; where a person reads a record the names (bed codes,
//! crop and person names) come beside the ids. Deliberately not here: text
//! output (see each command) and the CSV export (see `csv_io`).

mod catalog;
mod log;
mod report;
mod sync;

pub use catalog::*;
pub use log::*;
pub use report::*;
pub use sync::*;
