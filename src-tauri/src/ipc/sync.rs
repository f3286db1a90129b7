//! The sync badge, the sync screen, and the event that tells the
//! interface what to re-read.
//! Deliberately not here: the sync itself (`carnet-client`).

use serde::Serialize;
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncBadge {
    NotEnrolled,
    Syncing,
    UpToDate,
    Waiting,
    Offline,
    Error,
}

/// The sync badge and the sync screen.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    pub badge: SyncBadge,
    pub pending: i64,
    pub enrolled: bool,
    pub server: Option<String>,
    pub last_sync_at: Option<String>,
    pub error: Option<String>,
    pub retry_in_secs: Option<u64>,
    pub safe_to_switch_off: bool,
}

/// The payload of the `doc-changed` event: what the interface should re-read.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocChanged {
    /// `local` after this device's own write, `sync` after a merge.
    pub source: String,
}
