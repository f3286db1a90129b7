//! The catalog as the interface reads it (live entries only, names
//! resolved), the forms that add and edit beds, crops and outlets, each
//! parsed by the `TryFrom` beside it.
//! Deliberately not here: people (`people`), and any rule of the catalog.

use std::collections::BTreeMap;

use carnet_core::catalog::{self, Catalog as DomainCatalog, CropEdit, OutletEdit};
use carnet_core::ids::{BedId, CropId, OutletId};
use carnet_core::values::{self, BedCode, Metres, Name, parse_kg_factor};
use carnet_store::{BedChange, BedInput as StoreBed, CropInput as StoreCrop};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::CommandError;
use super::people::Person;
use super::words::*;

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Zone {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Bed {
    pub id: String,
    pub code: String,
    pub zone_id: String,
    pub length_m: f64,
    pub width_m: f64,
    pub area_m2: f64,
}

impl From<&catalog::Bed> for Bed {
    fn from(b: &catalog::Bed) -> Self {
        Self {
            id: b.id.to_string(),
            code: b.code.to_string(),
            zone_id: b.zone.to_string(),
            length_m: b.length.get(),
            width_m: b.width.get(),
            area_m2: b.area_m2(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnitFactor {
    pub unit: Unit,
    pub kg: f64,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Crop {
    pub id: String,
    pub name: String,
    pub family: String,
    pub default_unit: Unit,
    pub kg_per: Vec<UnitFactor>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Outlet {
    pub id: String,
    pub name: String,
    pub kind: DestinationKind,
}

/// The live part of the catalog: retired entries are left out.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub farm_name: String,
    pub zones: Vec<Zone>,
    pub beds: Vec<Bed>,
    pub crops: Vec<Crop>,
    pub outlets: Vec<Outlet>,
    /// The active people: the picker's and the crew choices'.
    pub people: Vec<Person>,
    /// People made inactive: off the picker, still named on their records,
    /// listed for a supervisor to make active again.
    pub inactive_people: Vec<Person>,
}

impl From<&DomainCatalog> for Catalog {
    fn from(c: &DomainCatalog) -> Self {
        let mut beds: Vec<Bed> = c
            .beds
            .values()
            .filter(|b| !b.retired)
            .map(Bed::from)
            .collect();
        beds.sort_by(|a, b| a.code.cmp(&b.code));
        let mut crops: Vec<Crop> = c
            .crops
            .values()
            .filter(|x| !x.retired)
            .map(|x| Crop::from_domain(c, x))
            .collect();
        crops.sort_by_key(|x| x.name.to_lowercase());
        let mut zones: Vec<Zone> = c
            .zones
            .values()
            .filter(|z| !z.retired)
            .map(|z| Zone {
                id: z.id.to_string(),
                name: z.name.to_string(),
            })
            .collect();
        zones.sort_by(|a, b| a.name.cmp(&b.name));
        let mut people: Vec<Person> = c
            .people
            .values()
            .filter(|p| p.active)
            .map(Person::from)
            .collect();
        people.sort_by_key(|p| p.name.to_lowercase());
        let mut inactive_people: Vec<Person> = c
            .people
            .values()
            .filter(|p| !p.active)
            .map(Person::from)
            .collect();
        inactive_people.sort_by_key(|p| p.name.to_lowercase());
        Self {
            farm_name: c
                .farm
                .as_ref()
                .map_or_else(String::new, |f| f.name.to_string()),
            zones,
            beds,
            crops,
            outlets: c
                .outlets
                .values()
                .filter(|o| !o.retired)
                .map(Outlet::from)
                .collect(),
            people,
            inactive_people,
        }
    }
}

/// What grows on a bed, as far as the log knows: the crop of its latest
/// harvest in the last weeks.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BedState {
    pub bed_id: String,
    pub crop_id: Option<String>,
    pub last_harvest: Option<String>,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BedInput {
    pub code: String,
    pub zone: String,
    pub length_m: f64,
    pub width_m: f64,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CropInput {
    pub name: String,
    pub family: String,
    pub default_unit: Unit,
    /// kg per unit when the default unit is a count.
    pub kg_per_unit: Option<f64>,
}

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutletInput {
    pub name: String,
    pub kind: DestinationKind,
}

impl TryFrom<BedInput> for StoreBed {
    type Error = CommandError;
    fn try_from(input: BedInput) -> Result<Self, CommandError> {
        Ok(StoreBed {
            code: input.code.parse::<BedCode>()?,
            zone: Name::parse("zone", &input.zone)?,
            length: Metres::new("length", input.length_m)?,
            width: Metres::new("width", input.width_m)?,
        })
    }
}

impl TryFrom<CropInput> for StoreCrop {
    type Error = CommandError;
    fn try_from(input: CropInput) -> Result<Self, CommandError> {
        let unit: values::Unit = input.default_unit.into();
        let kg_per = match input.kg_per_unit {
            Some(kg) if unit.kg_per_unit_by_itself().is_none() => {
                [(unit, parse_kg_factor(unit, kg)?)].into_iter().collect()
            }
            _ => BTreeMap::new(),
        };
        Ok(StoreCrop {
            name: Name::parse("crop", &input.name)?,
            family: Name::parse("family", &input.family)?,
            default_unit: unit,
            kg_per,
        })
    }
}

impl TryFrom<OutletInput> for (Name, values::DestinationKind) {
    type Error = CommandError;
    fn try_from(input: OutletInput) -> Result<Self, CommandError> {
        Ok((Name::parse("outlet", &input.name)?, input.kind.into()))
    }
}

/// A bed named by its id (its history).
#[derive(Clone, Debug, Deserialize, TS)]
pub struct BedRef {
    pub bed: String,
}

impl TryFrom<BedRef> for BedId {
    type Error = CommandError;
    fn try_from(a: BedRef) -> Result<Self, CommandError> {
        Ok(a.bed.parse()?)
    }
}

/// A bed named by its code (retiring it).
#[derive(Clone, Debug, Deserialize, TS)]
pub struct BedCodeRef {
    pub code: String,
}

impl TryFrom<BedCodeRef> for BedCode {
    type Error = CommandError;
    fn try_from(a: BedCodeRef) -> Result<Self, CommandError> {
        Ok(a.code.parse()?)
    }
}

/// A supervisor's edit of a bed: only the fields sent change; a zone that
/// does not exist yet is created.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BedEditInput {
    pub code: String,
    #[serde(default)]
    #[ts(optional)]
    pub length_m: Option<f64>,
    #[serde(default)]
    #[ts(optional)]
    pub width_m: Option<f64>,
    #[serde(default)]
    #[ts(optional)]
    pub zone: Option<String>,
}

impl TryFrom<BedEditInput> for (BedCode, BedChange) {
    type Error = CommandError;
    fn try_from(input: BedEditInput) -> Result<Self, CommandError> {
        let change = BedChange {
            length: input
                .length_m
                .map(|m| Metres::new("length", m))
                .transpose()?,
            width: input.width_m.map(|m| Metres::new("width", m)).transpose()?,
            zone: input.zone.map(|z| Name::parse("zone", &z)).transpose()?,
        };
        Ok((input.code.parse()?, change))
    }
}

/// A supervisor's edit of a crop: its default unit and kg factors (one per
/// unit; the units not sent keep theirs).
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CropEditInput {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub default_unit: Option<Unit>,
    #[serde(default)]
    pub kg_per: Vec<UnitFactor>,
}

impl TryFrom<CropEditInput> for (CropId, CropEdit) {
    type Error = CommandError;
    fn try_from(input: CropEditInput) -> Result<Self, CommandError> {
        let edit = CropEdit {
            default_unit: input.default_unit.map(Into::into),
            kg_per: input
                .kg_per
                .iter()
                .map(|f| Ok((f.unit.into(), parse_kg_factor(f.unit.into(), f.kg)?)))
                .collect::<Result<_, CommandError>>()?,
        };
        Ok((input.id.parse()?, edit))
    }
}

/// A supervisor's edit of an outlet: its name and kind.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutletEditInput {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<DestinationKind>,
}

impl TryFrom<OutletEditInput> for (OutletId, OutletEdit) {
    type Error = CommandError;
    fn try_from(input: OutletEditInput) -> Result<Self, CommandError> {
        let edit = OutletEdit {
            name: input.name.map(|n| Name::parse("outlet", &n)).transpose()?,
            kind: input.kind.map(Into::into),
        };
        Ok((input.id.parse()?, edit))
    }
}

impl From<&catalog::Outlet> for Outlet {
    fn from(o: &catalog::Outlet) -> Self {
        Self {
            id: o.id.to_string(),
            name: o.name.to_string(),
            kind: o.kind.into(),
        }
    }
}

impl Crop {
    pub fn from_domain(c: &DomainCatalog, x: &catalog::Crop) -> Self {
        Crop {
            id: x.id.to_string(),
            name: x.name.to_string(),
            family: c
                .families
                .get(&x.family)
                .map_or_else(String::new, |f| f.name.to_string()),
            default_unit: x.default_unit.into(),
            kg_per: x
                .kg_per
                .iter()
                .map(|(unit, kg)| UnitFactor {
                    unit: (*unit).into(),
                    kg: kg.get(),
                })
                .collect(),
        }
    }
}
