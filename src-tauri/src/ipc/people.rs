//! People as the interface reads them, the forms that add and edit one, and
//! the arguments of handing the tablet over.
//! Deliberately not here: PIN hashes (only whether a person has one crosses
//! out; a PIN typed in crosses in, and is never logged).

use carnet_core::catalog;
use carnet_core::ids::PersonId;
use carnet_core::values::Name;
use carnet_store::PersonChange;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::words::*;
use super::{CommandError, some};

/// Writes a PIN as `***`: arguments are logged by each command's span.
fn redacted(pin: &Option<String>) -> &'static str {
    if pin.is_some() { "Some(***)" } else { "None" }
}

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

#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonInput {
    pub name: String,
    pub role: Role,
    pub lang: Lang,
    pub pin: Option<String>,
}

impl std::fmt::Debug for PersonInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonInput")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("lang", &self.lang)
            .field("pin", &redacted(&self.pin))
            .finish()
    }
}

/// A new person, parsed: name, role, language, PIN (empty is none).
#[derive(Debug)]
pub struct NewPerson {
    pub name: Name,
    pub role: carnet_core::values::Role,
    pub lang: carnet_core::values::Lang,
    pub pin: Option<String>,
}

impl TryFrom<PersonInput> for NewPerson {
    type Error = CommandError;
    fn try_from(input: PersonInput) -> Result<Self, CommandError> {
        Ok(NewPerson {
            name: Name::parse("name", &input.name)?,
            role: input.role.into(),
            lang: input.lang.into(),
            pin: input.pin.filter(|p| !p.is_empty()),
        })
    }
}

/// A supervisor's edit of a person: only the fields sent change. `pin: null`
/// removes the PIN; `active: false` takes them off the picker and the crew
/// choices (every record they made still names them).
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonEditInput {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub role: Option<Role>,
    #[serde(default)]
    #[ts(optional)]
    pub lang: Option<Lang>,
    #[serde(default, deserialize_with = "some")]
    #[ts(optional)]
    pub pin: Option<Option<String>>,
    #[serde(default)]
    #[ts(optional)]
    pub active: Option<bool>,
}

impl std::fmt::Debug for PersonEditInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pin = match &self.pin {
            None => "unchanged",
            Some(None) => "cleared",
            Some(Some(_)) => "set",
        };
        f.debug_struct("PersonEditInput")
            .field("id", &self.id)
            .field("role", &self.role)
            .field("lang", &self.lang)
            .field("pin", &pin)
            .field("active", &self.active)
            .finish()
    }
}

impl TryFrom<PersonEditInput> for (PersonId, PersonChange) {
    type Error = CommandError;
    fn try_from(input: PersonEditInput) -> Result<Self, CommandError> {
        let change = PersonChange {
            role: input.role.map(Into::into),
            lang: input.lang.map(Into::into),
            // An empty PIN typed in the form is "no PIN", as when adding.
            pin: input.pin.map(|p| p.filter(|p| !p.is_empty())),
            active: input.active,
        };
        Ok((input.id.parse()?, change))
    }
}

/// Hands the tablet to a person, with their PIN if they have one.
#[derive(Clone, Deserialize, TS)]
pub struct SwitchPerson {
    pub person: String,
    #[serde(default)]
    #[ts(optional)]
    pub pin: Option<String>,
}

impl std::fmt::Debug for SwitchPerson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SwitchPerson")
            .field("person", &self.person)
            .field("pin", &redacted(&self.pin))
            .finish()
    }
}

impl TryFrom<SwitchPerson> for (PersonId, Option<String>) {
    type Error = CommandError;
    fn try_from(a: SwitchPerson) -> Result<Self, CommandError> {
        Ok((a.person.parse()?, a.pin))
    }
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct SetLanguage {
    pub lang: Lang,
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
