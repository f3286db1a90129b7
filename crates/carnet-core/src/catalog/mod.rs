//! The farm's catalog: zones and beds, crop families, crops and varieties,
//! people, outlets, and recurring task templates. One small document per farm.
//!
//! `Catalog` is the read model the rest of the core checks against (a bed code
//! exists, a crop name is unique). It is built from the catalog document or
//! from the store's projection; both give the same value.
//!
//! Its records' fields are in `codec`, its writes in `writes`; other domains
//! check beds and crew through `Catalog`'s public checks, never its maps'
//! details.
//!
//! Deliberately not here: recurring task templates' rules (`tasks`; the
//! catalog only holds them). Entries referenced by records are never removed,
//! only retired.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::*;
use crate::record::Record;
use crate::tasks::TaskTemplate;
use crate::values::{BedCode, DestinationKind, KgFactor, Lang, Metres, Name, Role, Unit, fold};

mod codec;
mod edits;
mod writes;

pub use edits::*;
pub use writes::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Farm {
    pub id: FarmId,
    pub name: Name,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    pub id: ZoneId,
    pub name: Name,
    pub retired: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bed {
    pub id: BedId,
    pub code: BedCode,
    pub zone: ZoneId,
    pub length: Metres,
    pub width: Metres,
    pub retired: bool,
}

impl Bed {
    pub fn area_m2(&self) -> f64 {
        self.length.get() * self.width.get()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Family {
    pub id: FamilyId,
    pub name: Name,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Crop {
    pub id: CropId,
    pub name: Name,
    pub family: FamilyId,
    pub default_unit: Unit,
    /// kg per bunch, piece or crate for this crop. Mass units need none.
    pub kg_per: BTreeMap<Unit, KgFactor>,
    pub retired: bool,
}

impl Crop {
    /// How many kg one `unit` of this crop weighs, if known.
    pub fn kg_per_unit(&self, unit: Unit) -> Option<f64> {
        unit.kg_per_unit_by_itself()
            .or_else(|| self.kg_per.get(&unit).map(|k| k.get()))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Variety {
    pub id: VarietyId,
    pub crop: CropId,
    pub name: Name,
    pub retired: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: Name,
    pub role: Role,
    pub lang: Lang,
    /// A salted hash of the optional 4-digit PIN, never the PIN itself.
    pub pin_hash: Option<String>,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outlet {
    pub id: OutletId,
    pub name: Name,
    pub kind: DestinationKind,
    pub retired: bool,
}

/// Everything in a farm's catalog, indexed by id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub farm: Option<Farm>,
    pub zones: BTreeMap<ZoneId, Zone>,
    pub beds: BTreeMap<BedId, Bed>,
    pub families: BTreeMap<FamilyId, Family>,
    pub crops: BTreeMap<CropId, Crop>,
    pub varieties: BTreeMap<VarietyId, Variety>,
    pub people: BTreeMap<PersonId, Person>,
    pub outlets: BTreeMap<OutletId, Outlet>,
    pub templates: BTreeMap<TemplateId, TaskTemplate>,
}

impl Catalog {
    /// Refuses a bed that is not in the catalog or is retired: what any
    /// record placed on beds (a task, an observation) checks first.
    pub fn check_beds_in_use(&self, beds: &[BedId]) -> Result<()> {
        for bed in beds {
            match self.beds.get(bed) {
                None => return Err(Error::not_found("bed", bed.to_string())),
                Some(b) if b.retired => {
                    return Err(Error::invalid("bed", format!("{} is retired", b.code)));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Refuses a person who is not in the catalog or is no longer active:
    /// what any record with a crew checks first.
    pub fn check_crew_active(&self, crew: &[PersonId]) -> Result<()> {
        for person in crew {
            match self.people.get(person) {
                None => return Err(Error::not_found("person", person.to_string())),
                Some(p) if !p.active => {
                    return Err(Error::invalid("crew", format!("{} is not active", p.name)));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    pub fn from_records(records: impl IntoIterator<Item = Record>) -> Self {
        let mut catalog = Catalog::default();
        for r in records {
            catalog.insert(r);
        }
        catalog
    }

    /// Adds or replaces one record; records of monthly documents are ignored.
    pub fn insert(&mut self, record: Record) {
        match record {
            Record::Farm(r) => self.farm = Some(r),
            Record::Zone(r) => _ = self.zones.insert(r.id, r),
            Record::Bed(r) => _ = self.beds.insert(r.id, r),
            Record::Family(r) => _ = self.families.insert(r.id, r),
            Record::Crop(r) => _ = self.crops.insert(r.id, r),
            Record::Variety(r) => _ = self.varieties.insert(r.id, r),
            Record::Person(r) => _ = self.people.insert(r.id, r),
            Record::Outlet(r) => _ = self.outlets.insert(r.id, r),
            Record::Template(r) => _ = self.templates.insert(r.id, r),
            Record::Task(_) | Record::Harvest(_) | Record::Weighing(_) | Record::Observation(_) => {
            }
        }
    }

    pub fn farm(&self) -> Result<&Farm> {
        self.farm.as_ref().ok_or_else(|| {
            Error::not_found("farm", "this store has no farm yet (run `carnet init`)")
        })
    }

    /// A bed by its painted code, retired or not.
    pub fn bed_by_code(&self, code: &BedCode) -> Result<&Bed> {
        self.beds
            .values()
            .find(|b| &b.code == code)
            .ok_or_else(|| Error::not_found("bed", code.as_str()))
    }

    /// A bed new records may point to.
    pub fn live_bed_by_code(&self, code: &BedCode) -> Result<&Bed> {
        let bed = self.bed_by_code(code)?;
        if bed.retired {
            return Err(Error::invalid("bed", format!("{code} is retired")));
        }
        Ok(bed)
    }

    pub fn zone_by_name(&self, name: &str) -> Option<&Zone> {
        let name = fold(name);
        self.zones.values().find(|z| z.name.folded() == name)
    }

    pub fn family_by_name(&self, name: &str) -> Option<&Family> {
        let name = fold(name);
        self.families.values().find(|f| f.name.folded() == name)
    }

    pub fn crop_by_name(&self, name: &str) -> Result<&Crop> {
        let folded = fold(name);
        self.crops
            .values()
            .find(|c| c.name.folded() == folded)
            .ok_or_else(|| Error::not_found("crop", name.trim()))
    }

    pub fn variety_by_name(&self, crop: CropId, name: &str) -> Result<&Variety> {
        let folded = fold(name);
        self.varieties
            .values()
            .find(|v| v.crop == crop && v.name.folded() == folded)
            .ok_or_else(|| Error::not_found("variety", name.trim()))
    }

    /// An active person by display name (case-insensitive).
    pub fn person_by_name(&self, name: &str) -> Result<&Person> {
        let folded = fold(name);
        self.people
            .values()
            .find(|p| p.active && p.name.folded() == folded)
            .ok_or_else(|| Error::not_found("person", name.trim()))
    }

    /// A person by display name, active or not: whom an edit may make
    /// active again.
    pub fn anyone_by_name(&self, name: &str) -> Result<&Person> {
        let folded = fold(name);
        self.people
            .values()
            .find(|p| p.name.folded() == folded)
            .ok_or_else(|| Error::not_found("person", name.trim()))
    }

    pub fn outlet_by_name(&self, name: &str) -> Option<&Outlet> {
        let folded = fold(name);
        self.outlets.values().find(|o| o.name.folded() == folded)
    }

    pub fn bed_code(&self, id: BedId) -> String {
        self.beds
            .get(&id)
            .map_or_else(|| id.to_string(), |b| b.code.to_string())
    }

    pub fn crop_name(&self, id: CropId) -> String {
        self.crops
            .get(&id)
            .map_or_else(|| id.to_string(), |c| c.name.to_string())
    }

    pub fn person_name(&self, id: PersonId) -> String {
        self.people
            .get(&id)
            .map_or_else(|| id.to_string(), |p| p.name.to_string())
    }
}
