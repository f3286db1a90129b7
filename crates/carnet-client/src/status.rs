//! What a person needs to know about sync at a glance: when it last worked,
//! what is still waiting, whether the server answers, the last error, and
//! whether the device can be switched off without losing anything unsynced;
//! and what a supervisor must look at (the device clock's skew with the
//! server, records left out as unreadable or stamped by a wrong clock).

use serde::Serialize;

use crate::error::Result;
use crate::remote::{Remote, enrolled_role};
use carnet_store::{Health, Store};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SyncStatus {
    pub enrolled: bool,
    pub server: Option<String>,
    pub role: Option<String>,
    pub last_sync_at: Option<String>,
    /// Local changes the server has not confirmed yet.
    pub pending_changes: i64,
    /// `None` when not checked (offline status), else whether it answered.
    pub server_reachable: Option<bool>,
    pub last_error: Option<String>,
    /// Nothing waits for the server: switching off loses nothing unsynced.
    pub safe_to_switch_off: bool,
    /// The clock's skew, unreadable and implausible records.
    #[serde(flatten)]
    pub health: Health,
}

/// The status from the store alone (no network).
pub fn status(store: &Store) -> Result<SyncStatus> {
    let remote = Remote::of(store).ok();
    let pending = store.pending_changes()?;
    let non_empty = |v: Option<String>| v.filter(|s| !s.is_empty());
    Ok(SyncStatus {
        enrolled: remote.is_some(),
        server: remote.map(|r| r.url),
        role: enrolled_role(store)?,
        last_sync_at: non_empty(store.meta("last_sync_at")?),
        pending_changes: pending,
        server_reachable: None,
        last_error: non_empty(store.meta("last_sync_error")?),
        safe_to_switch_off: pending == 0,
        health: store.health()?,
    })
}

/// Whether the server answers this device's token within `timeout`.
pub async fn probe(remote: &Remote, timeout: std::time::Duration) -> bool {
    remote.whoami(timeout).await.is_ok()
}
