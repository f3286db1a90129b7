//! The Carnet app's binary: logs to stderr (filtered by RUST_LOG) and runs
//! the app. Everything else is in the library.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let launched = std::time::Instant::now();
    carnet_tracing::log_to_stderr("RUST_LOG", "warn");
    carnet_app::run(launched);
}
