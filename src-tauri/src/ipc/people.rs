//! People as the interface reads them and the form that adds one.
//! Deliberately not here: PINs (only whether a person has one crosses).

use carnet_core::catalog;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::words::*;

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// The language this person reads the app in: their own choice on this
    /// device if they made one, else the catalog's.
    pub lang: Lang,
    pub has_pin: bool,
}

impl From<&catalog::Person> for Person {
    fn from(p: &catalog::Person) -> Self {
        Self {
            id: p.id.to_string(),
            name: p.name.to_string(),
            role: p.role.into(),
            lang: p.lang.into(),
            has_pin: p.pin_hash.is_some(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonInput {
    pub name: String,
    pub role: Role,
    pub lang: Lang,
    pub pin: Option<String>,
}

/// What the device and the person holding it may do: the interface greys out
/// the rest (the commands refuse it anyway, with `role_forbids` or
/// `person_forbids`).
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    pub device_role: DeviceRole,
    /// The actions allowed to this person on this device; empty when nobody
    /// holds the tablet.
    pub allowed: Vec<Action>,
}
