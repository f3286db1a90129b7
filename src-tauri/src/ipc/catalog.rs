//! The catalog as the interface reads it (live entries only, names
//! resolved) and the forms that add beds, crops and outlets.
//! Deliberately not here: people (`people`), and any rule of the catalog.

use carnet_core::catalog::{self, Catalog as DomainCatalog};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    pub people: Vec<Person>,
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
            .map(|x| Crop {
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
            })
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
                .map(|o| Outlet {
                    id: o.id.to_string(),
                    name: o.name.to_string(),
                    kind: o.kind.into(),
                })
                .collect(),
            people,
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
