//! The catalog's shapes: farm, beds, crops, people, outlets.

use std::collections::BTreeMap;

use carnet_core::catalog::{Bed, Catalog, Crop, Farm, Outlet, Person};
use serde::Serialize;

use crate::output::round3;

#[derive(Debug, Serialize)]
pub struct FarmJson {
    pub id: String,
    pub name: String,
    pub device: String,
}

impl From<(&Farm, &str)> for FarmJson {
    fn from((farm, device): (&Farm, &str)) -> Self {
        Self {
            id: farm.id.to_string(),
            name: farm.name.to_string(),
            device: device.to_owned(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct BedJson {
    pub id: String,
    pub code: String,
    pub zone_id: String,
    pub zone: String,
    pub length_m: f64,
    pub width_m: f64,
    pub area_m2: f64,
    pub retired: bool,
}

impl From<(&Bed, &Catalog)> for BedJson {
    fn from((bed, catalog): (&Bed, &Catalog)) -> Self {
        Self {
            id: bed.id.to_string(),
            code: bed.code.to_string(),
            zone_id: bed.zone.to_string(),
            zone: catalog
                .zones
                .get(&bed.zone)
                .map_or_else(|| bed.zone.to_string(), |z| z.name.to_string()),
            length_m: bed.length.get(),
            width_m: bed.width.get(),
            area_m2: round3(bed.area_m2()),
            retired: bed.retired,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CropJson {
    pub id: String,
    pub name: String,
    pub family_id: String,
    pub family: String,
    pub unit: String,
    /// kg per bunch, piece or crate.
    pub kg_per: BTreeMap<String, f64>,
    pub retired: bool,
}

impl From<(&Crop, &Catalog)> for CropJson {
    fn from((crop, catalog): (&Crop, &Catalog)) -> Self {
        Self {
            id: crop.id.to_string(),
            name: crop.name.to_string(),
            family_id: crop.family.to_string(),
            family: catalog
                .families
                .get(&crop.family)
                .map_or_else(|| crop.family.to_string(), |f| f.name.to_string()),
            unit: crop.default_unit.to_string(),
            kg_per: crop
                .kg_per
                .iter()
                .map(|(unit, factor)| (unit.to_string(), factor.get()))
                .collect(),
            retired: crop.retired,
        }
    }
}

/// A person, without the PIN's hash: only whether there is one.
#[derive(Debug, Serialize)]
pub struct PersonJson {
    pub id: String,
    pub name: String,
    pub role: String,
    pub lang: String,
    pub has_pin: bool,
    pub active: bool,
}

impl From<&Person> for PersonJson {
    fn from(person: &Person) -> Self {
        Self {
            id: person.id.to_string(),
            name: person.name.to_string(),
            role: person.role.to_string(),
            lang: person.lang.to_string(),
            has_pin: person.pin_hash.is_some(),
            active: person.active,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OutletJson {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub retired: bool,
}

impl From<&Outlet> for OutletJson {
    fn from(outlet: &Outlet) -> Self {
        Self {
            id: outlet.id.to_string(),
            name: outlet.name.to_string(),
            kind: outlet.kind.to_string(),
            retired: outlet.retired,
        }
    }
}
