//! The first screen's shape: whether this device holds a farm, and which.
//! Deliberately not here: the catalog itself (`catalog`).

use serde::Serialize;
use ts_rs::TS;

/// What the first screen needs to know.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Setup {
    pub has_farm: bool,
    /// What the supervisor registers on the server (`carnet-sync farm
    /// create --id`) before enrolling this farm's devices.
    pub farm_id: Option<String>,
    pub farm_name: Option<String>,
    pub device: String,
    /// The farm's today, ISO date (fixed by CARNET_NOW in tests).
    pub today: String,
}
