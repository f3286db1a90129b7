//! The logging set-up every Carnet binary shares (`carnet`, `carnet-sync`,
//! the app, the fault campaign's worker): `tracing` events to stderr, so
//! stdout stays the command's output, filtered by an environment variable
//! in `tracing_subscriber`'s `EnvFilter` syntax.
//!
//! Deliberately not here: what a library logs (it only emits `tracing`
//! events), and tests' subscribers (each test binary sets its own, if any).

use tracing_subscriber::EnvFilter;

/// Sends logs to stderr, filtered by the variable `filter_var` (`RUST_LOG`,
/// `CARNET_SYNC_LOG`) or, when it is unset or unreadable, by
/// `default_filter` (`warn`, `info`). Call once, first thing in `main`.
pub fn log_to_stderr(filter_var: &str, default_filter: &str) {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env(filter_var).unwrap_or_else(|_| EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
}
