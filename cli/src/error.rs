//! The one line a person reads when a command fails.
//!
//! Commands add context with `anyhow` for the log and for IO errors, but the
//! line printed is the core's or the store's own message when there is one
//! (`bed code: A-07 is already used on this farm`): it names the field and
//! the problem, and a chain of contexts in front of it would hide that.

use carnet_store::StoreError;

/// A spreadsheet row that does not make a valid record: its line in the
/// file, and what is wrong with it.
#[derive(Debug, thiserror::Error)]
#[error("line {line}, {source}")]
pub(crate) struct LineError {
    pub line: u64,
    pub source: carnet_core::Error,
}

impl LineError {
    pub(crate) fn new(line: u64, source: carnet_core::Error) -> Self {
        Self { line, source }
    }
}

/// The message to print after `error: `, on one line.
pub fn error_line(err: &anyhow::Error) -> String {
    let known = err.chain().find_map(|cause| {
        if let Some(e) = cause.downcast_ref::<LineError>() {
            Some(e.to_string())
        } else if let Some(e) = cause.downcast_ref::<StoreError>() {
            Some(e.to_string())
        } else if let Some(e) = cause.downcast_ref::<carnet_client::ClientError>() {
            Some(e.to_string())
        } else {
            cause
                .downcast_ref::<carnet_core::Error>()
                .map(ToString::to_string)
        }
    });
    let text = known.unwrap_or_else(|| format!("{err:#}"));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use anyhow::Context;

    use super::*;

    #[test]
    fn the_domain_message_wins_over_contexts() {
        let err: anyhow::Result<()> = Err(StoreError::Core(carnet_core::Error::invalid(
            "bed code",
            "A-07 is already used on this farm",
        )))
        .context("adding bed A-07");
        assert_eq!(
            error_line(&err.unwrap_err()),
            "bed code: A-07 is already used on this farm"
        );
    }

    #[test]
    fn other_errors_keep_their_context_on_one_line() {
        let io = std::io::Error::other("permission denied\nsecond line");
        let err = anyhow::Error::new(io).context("cannot write out/beds.csv");
        assert_eq!(
            error_line(&err),
            "cannot write out/beds.csv: permission denied second line"
        );
    }
}
