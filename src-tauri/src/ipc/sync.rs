//! The sync badge, the sync screen, and the event that tells the
//! interface what to re-read.
//! Deliberately not here: the sync itself (`carnet-client`).

use serde::{Deserialize, Serialize};
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
    /// Why the last sync failed, as a code the interface translates.
    pub error: Option<super::ErrorCode>,
    pub retry_in_secs: Option<u64>,
    pub safe_to_switch_off: bool,
    /// This device's clock minus the server's at the last sync, seconds.
    pub clock_skew_secs: Option<i64>,
    /// The skew is past ten minutes: the badge and Today say so.
    pub clock_wrong: bool,
    /// Records left out because they do not parse (kept in their documents).
    pub unreadable: Vec<UnreadableRecord>,
    /// Records stamped by a wrong clock, for a supervisor to correct.
    pub wrong_dates: Vec<WrongDate>,
}

/// A record (or root key) that does not parse: where it is, not why (the
/// why is a developer's diagnostic, in `carnet status`).
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnreadableRecord {
    pub document: String,
    pub key: String,
}

impl From<&carnet_store::Unreadable> for UnreadableRecord {
    fn from(u: &carnet_store::Unreadable) -> Self {
        Self {
            document: u.document.clone(),
            key: u.key.clone(),
        }
    }
}

/// A record whose day only a wrong clock could have stamped.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WrongDate {
    pub id: String,
    /// `harvest`, `weighing` or `observation`: a code the interface names.
    pub record_type: String,
    /// ISO date.
    pub day: String,
    /// False when no server takes its month: it stays on this device.
    pub syncable: bool,
}

impl From<&carnet_store::ImplausibleRecord> for WrongDate {
    fn from(r: &carnet_store::ImplausibleRecord) -> Self {
        Self {
            id: r.id.clone(),
            record_type: r.record_type.clone(),
            day: r.day.clone(),
            syncable: r.syncable,
        }
    }
}

/// The payload of the `doc-changed` event: what the interface should re-read.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocChanged {
    /// `local` after this device's own write, `sync` after a merge.
    pub source: String,
}

/// A server's address and the enrolment code `carnet-sync device enroll`
/// gave the supervisor.
#[derive(Clone, Deserialize, TS)]
pub struct EnrollDevice {
    pub server: String,
    pub code: String,
}

impl std::fmt::Debug for EnrollDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The code is a device token: never in a log.
        f.debug_struct("EnrollDevice")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

/// The first screen showing its data (the launch benchmark's probe).
#[derive(Clone, Debug, Deserialize, TS)]
pub struct ScreenReady {
    pub screen: String,
}

impl TryFrom<EnrollDevice> for carnet_client::Remote {
    type Error = super::CommandError;
    fn try_from(a: EnrollDevice) -> Result<Self, super::CommandError> {
        Ok(carnet_client::Remote::new(&a.server, &a.code)?)
    }
}
