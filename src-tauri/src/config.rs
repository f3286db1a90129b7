//! The app's configuration, read once at start from the environment and the
//! platform's app data folder, then passed explicitly.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

#[derive(Clone, Debug)]
pub struct Config {
    /// Where the store lives: `CARNET_DATA`, else the app data folder.
    pub data_dir: PathBuf,
    /// A fixed "now" (`CARNET_NOW`, RFC 3339), for tests and benchmarks.
    pub now: Option<DateTime<FixedOffset>>,
    /// `CARNET_LAUNCH_TIMING=FILE`: append the milliseconds from launch to
    /// the first screen showing its data, then, with `CARNET_EXIT_WHEN_READY`,
    /// quit (the launch benchmark).
    pub launch_timing: Option<PathBuf>,
    pub exit_when_ready: bool,
    /// `CARNET_PERSON=NAME`: start with this person (without a PIN) holding
    /// the tablet, as a kiosk would; the launch benchmark uses it.
    pub person: Option<String>,
}

impl Config {
    pub fn from_env(app_data_dir: PathBuf) -> Result<Config, String> {
        let now = match std::env::var("CARNET_NOW") {
            Ok(text) if !text.trim().is_empty() => Some(
                DateTime::parse_from_rfc3339(text.trim())
                    .map_err(|e| format!("CARNET_NOW=`{text}` is not an RFC 3339 time: {e}"))?,
            ),
            _ => None,
        };
        Ok(Config {
            data_dir: std::env::var_os("CARNET_DATA")
                .map(PathBuf::from)
                .unwrap_or(app_data_dir),
            now,
            launch_timing: std::env::var_os("CARNET_LAUNCH_TIMING").map(PathBuf::from),
            exit_when_ready: std::env::var_os("CARNET_EXIT_WHEN_READY").is_some(),
            person: std::env::var("CARNET_PERSON")
                .ok()
                .filter(|p| !p.trim().is_empty()),
        })
    }

    pub fn store_path(&self) -> PathBuf {
        self.data_dir.join("carnet.sqlite3")
    }
}
