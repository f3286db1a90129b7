//! The shapes of `enroll`, `sync` and `status`: the command line's own, made
//! from `carnet-client`'s types with `From`, so a field renamed in the
//! client cannot silently change what scripts read.

use carnet_client::{SyncReport, SyncStatus, WhoAmI};
use serde::Serialize;

/// `carnet enroll --json`: the farm this device joined and its name there.
#[derive(Debug, Serialize)]
pub struct EnrolledJson {
    pub server: String,
    pub farm: FarmRefJson,
    pub device_id: String,
    pub device_name: String,
    pub role: String,
}

impl From<(&WhoAmI, &str)> for EnrolledJson {
    fn from((who, server): (&WhoAmI, &str)) -> Self {
        Self {
            server: server.to_owned(),
            farm: FarmRefJson {
                id: who.farm_id.clone(),
                name: Some(who.farm_name.clone()),
            },
            device_id: who.device_id.clone(),
            device_name: who.device_name.clone(),
            role: who.role.clone(),
        }
    }
}

/// A farm by id and name. The name is `null` on a device enrolled but not
/// yet synced: it comes with the farm's catalog.
#[derive(Debug, Serialize)]
pub struct FarmRefJson {
    pub id: String,
    pub name: Option<String>,
}

/// This device: its name (shown beside its edits), its Automerge actor id,
/// and the role its server gave it (`null` when not enrolled).
#[derive(Debug, Serialize)]
pub struct DeviceJson {
    pub name: String,
    pub actor_id: String,
    pub role: Option<String>,
    /// Set when this store file was found to be a copy (another tablet's
    /// file, a restored backup): the actor id of the original. The copy
    /// writes under its own actor; its device token is the original's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copied_from_actor: Option<String>,
}

/// `carnet sync --json`: the client's `SyncReport` less what only the
/// benchmarks read (`max_round_trips`); its own shape so that a field the
/// client adds for them never reaches scripts unasked.
#[derive(Debug, Serialize)]
pub struct SyncJson {
    pub documents: usize,
    pub documents_changed: usize,
    pub unavailable: usize,
    pub messages_sent: usize,
    pub messages_received: usize,
    pub bytes_sent: usize,
    pub bytes_received: usize,
    /// Local changes still waiting for the server after this sync.
    pub pending_after: i64,
    /// Changes the server refused, in its words.
    pub server_errors: Vec<String>,
}

impl From<&SyncReport> for SyncJson {
    fn from(report: &SyncReport) -> Self {
        Self {
            documents: report.documents,
            documents_changed: report.documents_changed,
            unavailable: report.unavailable,
            messages_sent: report.messages_sent,
            messages_received: report.messages_received,
            bytes_sent: report.bytes_sent,
            bytes_received: report.bytes_received,
            pending_after: report.pending_after,
            server_errors: report.server_errors.clone(),
        }
    }
}

/// `carnet status --json`: which farm and device this is, then sync.
#[derive(Debug, Serialize)]
pub struct StatusJson {
    pub farm: FarmRefJson,
    pub device: DeviceJson,
    pub server: Option<String>,
    pub last_sync_at: Option<String>,
    pub pending_changes: i64,
    /// `null` when not checked (`--offline` or not enrolled).
    pub server_reachable: Option<bool>,
    pub last_error: Option<String>,
    pub safe_to_switch_off: bool,
    /// This device's clock minus the server's at the last sync, seconds
    /// (`null` before the first sync).
    pub clock_skew_seconds: Option<i64>,
    /// The skew is past ten minutes.
    pub clock_wrong: bool,
    /// Records kept in their documents but left out of the projection.
    pub unreadable: Vec<UnreadableJson>,
    /// Records stamped by a wrong clock, for a supervisor to correct.
    pub implausible: Vec<ImplausibleJson>,
}

/// A record that does not parse: where it is and why. The store's
/// `Unreadable` field for field, kept apart like `ImplausibleJson` below.
#[derive(Debug, Serialize)]
pub struct UnreadableJson {
    pub document: String,
    pub key: String,
    pub problem: String,
}

impl From<&carnet_store::Unreadable> for UnreadableJson {
    fn from(u: &carnet_store::Unreadable) -> Self {
        Self {
            document: u.document.clone(),
            key: u.key.clone(),
            problem: u.problem.clone(),
        }
    }
}

/// A record whose day only a wrong clock could have stamped. Field for field
/// the store's `ImplausibleRecord` today, and kept apart on purpose: this is
/// the command line's stable `--json` contract, while the store's type
/// follows what the Sync screen needs.
#[derive(Debug, Serialize)]
pub struct ImplausibleJson {
    pub id: String,
    #[serde(rename = "type")]
    pub record_type: String,
    pub day: String,
    pub document: String,
    /// False when no server takes its month: it stays on this device.
    pub syncable: bool,
}

impl From<&carnet_store::ImplausibleRecord> for ImplausibleJson {
    fn from(r: &carnet_store::ImplausibleRecord) -> Self {
        Self {
            id: r.id.clone(),
            record_type: r.record_type.clone(),
            day: r.day.clone(),
            document: r.document.clone(),
            syncable: r.syncable,
        }
    }
}

impl From<(&SyncStatus, FarmRefJson, DeviceJson)> for StatusJson {
    fn from((status, farm, device): (&SyncStatus, FarmRefJson, DeviceJson)) -> Self {
        Self {
            farm,
            device,
            server: status.server.clone(),
            last_sync_at: status.last_sync_at.clone(),
            pending_changes: status.pending_changes,
            server_reachable: status.server_reachable,
            last_error: status.last_error.clone(),
            safe_to_switch_off: status.safe_to_switch_off,
            clock_skew_seconds: status.health.clock_skew_seconds,
            clock_wrong: status.health.clock_wrong,
            unreadable: status.health.unreadable.iter().map(Into::into).collect(),
            implausible: status.health.implausible.iter().map(Into::into).collect(),
        }
    }
}
