//! The first screen's shapes: whether this device holds a farm, and which;
//! the form that creates one.
//! Deliberately not here: the catalog itself (`catalog`).

use carnet_core::values::Name;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::CommandError;

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

/// An empty farm and its first supervisor (with a PIN, or none when empty).
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateFarm {
    pub farm_name: String,
    pub supervisor: String,
    #[serde(default)]
    #[ts(optional)]
    pub pin: Option<String>,
}

impl std::fmt::Debug for CreateFarm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateFarm")
            .field("farm_name", &self.farm_name)
            .field("supervisor", &self.supervisor)
            .field("pin", &self.pin.as_ref().map(|_| "***"))
            .finish()
    }
}

/// The farm's name, its supervisor's, and the PIN.
#[derive(Debug)]
pub struct NewFarm {
    pub farm_name: Name,
    pub supervisor: Name,
    pub pin: Option<String>,
}

impl TryFrom<CreateFarm> for NewFarm {
    type Error = CommandError;
    fn try_from(a: CreateFarm) -> Result<Self, CommandError> {
        Ok(NewFarm {
            farm_name: Name::parse("farm name", &a.farm_name)?,
            supervisor: Name::parse("name", &a.supervisor)?,
            pin: a.pin.filter(|p| !p.is_empty()),
        })
    }
}
