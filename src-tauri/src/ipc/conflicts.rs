//! Concurrent values as the supervisor reads them.
//! Deliberately not here: resolving them (the command sends a value back).

use carnet_core::conflicts;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictValue {
    pub value: String,
    pub person: Option<String>,
    pub device: Option<String>,
    pub at: Option<String>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    pub document: String,
    pub record: String,
    pub record_type: String,
    pub field: String,
    pub values: Vec<ConflictValue>,
}

impl From<&conflicts::Conflict> for Conflict {
    fn from(c: &conflicts::Conflict) -> Self {
        Self {
            document: c.document.clone(),
            record: c.record.clone(),
            record_type: c.record_type.clone(),
            field: c.field.clone(),
            values: c
                .values
                .iter()
                .map(|v| ConflictValue {
                    value: v.value.clone(),
                    person: v.person.clone(),
                    device: v.device.clone(),
                    at: v.at.clone(),
                })
                .collect(),
        }
    }
}

/// The value a supervisor keeps for one field of one record.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct ResolveConflict {
    pub record: String,
    pub field: String,
    pub value: String,
}
