//! What the webview journeys stand on: a small W3C WebDriver client (over
//! the workspace's reqwest, no browser library), tauri-driver and carnet-sync
//! as child processes stopped by guards, and the checks every screen gets
//! (screenshot, axe-core audit, no untranslated string).
//!
//! Deliberately not a test framework: each journey is plain code in
//! `tests/it`.
pub mod driver;
pub mod processes;
pub mod screens;

use std::path::PathBuf;

/// The workspace's root folder.
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where cargo puts binaries: `CARGO_TARGET_DIR` or `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"))
}
