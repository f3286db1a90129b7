//! The typed commands the interface calls. Each parses its input, makes one
//! call into the store or the sync client, and maps the result; failures
//! reach the interface as `CommandError { code, message }`.
pub mod catalog;
pub mod conflicts;
pub mod farm;
pub mod harvests;
pub mod launch;
pub mod observations;
pub mod people;
pub mod reports;
pub mod sync;
pub mod tasks;

use crate::ipc::CommandError;

pub type CmdResult<T> = Result<T, CommandError>;

/// Parses a list of ids sent as strings.
pub(crate) fn ids<T: std::str::FromStr<Err = carnet_core::Error>>(
    texts: &[String],
) -> CmdResult<Vec<T>> {
    texts
        .iter()
        .map(|t| t.parse().map_err(CommandError::from))
        .collect()
}

pub(crate) fn date(field: &'static str, text: &str) -> CmdResult<chrono::NaiveDate> {
    Ok(carnet_core::values::parse_date(field, text)?)
}
