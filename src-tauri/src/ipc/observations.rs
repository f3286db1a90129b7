//! The form an observation is recorded with.
//! Deliberately not here: reading observations (a bed's history, `reports`).

use serde::Deserialize;
use ts_rs::TS;

use super::words::*;

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ObservationInput {
    pub bed_ids: Vec<String>,
    pub kind: ObservationKind,
    pub severity: u8,
    pub note: String,
    pub tags: Vec<String>,
}
