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
