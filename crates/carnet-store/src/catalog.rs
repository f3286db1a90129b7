//! The catalog's writes, one SQLite transaction each: beds (and their zones),
//! crops (and their families), varieties, people (with their PIN) and
//! outlets. Each method draws the ids it needs, calls one write of the core's
//! `catalog`, and lets `Store::write` persist the change and its projection
//! together.
//!
//! Deliberately not here: reading the catalog (`Store::catalog`, shared
//! machinery every domain needs).

use std::collections::BTreeMap;

use carnet_core::catalog::{
    self, Bed, BedEdit, Crop, CropEdit, Family, NewBed, Outlet, OutletEdit, Person, PersonEdit,
    Variety, Zone,
};
use carnet_core::ids::*;
use carnet_core::values::{BedCode, DestinationKind, Lang, Metres, Name, Role, Unit};
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::store::Store;

/// A bed as a person or a spreadsheet describes it.
#[derive(Clone, Debug)]
pub struct BedInput {
    pub code: BedCode,
    pub zone: Name,
    pub length: Metres,
    pub width: Metres,
}

/// A crop as a person or a spreadsheet describes it.
#[derive(Clone, Debug)]
pub struct CropInput {
    pub name: Name,
    pub family: Name,
    pub default_unit: Unit,
    pub kg_per: BTreeMap<Unit, f64>,
}

impl Store {
    /// Adds beds (creating their zones as needed) in one transaction: all or
    /// nothing, so a spreadsheet import with a bad row imports nothing.
    pub fn add_beds(&mut self, by: PersonId, beds: Vec<BedInput>) -> Result<Vec<Bed>> {
        let ids: Vec<_> = beds
            .iter()
            .map(|_| (ZoneId(self.new_uuid()), BedId(self.new_uuid())))
            .collect();
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let mut catalog = catalog.clone();
            let mut touched = Vec::new();
            let mut out = Vec::new();
            for (input, (zone_id, bed_id)) in beds.into_iter().zip(ids) {
                let zone = match catalog.zone_by_name(input.zone.as_str()) {
                    Some(z) => z.id,
                    None => {
                        let zone: Zone =
                            catalog::add_zone(doc, &catalog, author, zone_id, input.zone)?;
                        touched.push(zone.id.0);
                        catalog.zones.insert(zone.id, zone.clone());
                        zone.id
                    }
                };
                let bed = catalog::add_bed(
                    doc,
                    &catalog,
                    author,
                    bed_id,
                    NewBed {
                        code: input.code,
                        zone,
                        length: input.length,
                        width: input.width,
                    },
                )?;
                touched.push(bed.id.0);
                catalog.beds.insert(bed.id, bed.clone());
                out.push(bed);
            }
            Ok((out, touched))
        })
    }

    pub fn retire_bed(&mut self, by: PersonId, code: &BedCode) -> Result<Bed> {
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let bed = catalog::retire_bed(doc, catalog, author, code)?;
            Ok((bed.clone(), vec![bed.id.0]))
        })
    }

    /// Adds crops (creating their families as needed), all or nothing.
    pub fn add_crops(&mut self, by: PersonId, crops: Vec<CropInput>) -> Result<Vec<Crop>> {
        let ids: Vec<_> = crops
            .iter()
            .map(|_| (FamilyId(self.new_uuid()), CropId(self.new_uuid())))
            .collect();
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let mut catalog = catalog.clone();
            let mut touched = Vec::new();
            let mut out = Vec::new();
            for (input, (family_id, crop_id)) in crops.into_iter().zip(ids) {
                let family = match catalog.family_by_name(input.family.as_str()) {
                    Some(f) => f.id,
                    None => {
                        let family: Family =
                            catalog::add_family(doc, &catalog, author, family_id, input.family)?;
                        touched.push(family.id.0);
                        catalog.families.insert(family.id, family.clone());
                        family.id
                    }
                };
                let crop = Crop {
                    id: crop_id,
                    name: input.name,
                    family,
                    default_unit: input.default_unit,
                    kg_per: input.kg_per,
                    retired: false,
                };
                let crop = catalog::add_crop(doc, &catalog, author, crop)?;
                touched.push(crop.id.0);
                catalog.crops.insert(crop.id, crop.clone());
                out.push(crop);
            }
            Ok((out, touched))
        })
    }

    pub fn add_variety(&mut self, by: PersonId, crop: CropId, name: Name) -> Result<Variety> {
        let id = VarietyId(self.new_uuid());
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let v = catalog::add_variety(
                doc,
                catalog,
                author,
                Variety {
                    id,
                    crop,
                    name,
                    retired: false,
                },
            )?;
            Ok((v, vec![id.0]))
        })
    }

    pub fn add_person(
        &mut self,
        by: PersonId,
        name: Name,
        role: Role,
        lang: Lang,
        pin: Option<&str>,
    ) -> Result<Person> {
        let id = PersonId(self.new_uuid());
        let pin_hash = match pin {
            Some(pin) => Some(self.hash_pin(pin)?),
            None => None,
        };
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let p = catalog::add_person(
                doc,
                catalog,
                author,
                Person {
                    id,
                    name,
                    role,
                    lang,
                    pin_hash,
                    active: true,
                },
            )?;
            Ok((p, vec![id.0]))
        })
    }

    fn hash_pin(&mut self, pin: &str) -> Result<String> {
        if pin.len() != 4 || !pin.chars().all(|c| c.is_ascii_digit()) {
            return Err(carnet_core::Error::invalid("pin", "must be 4 digits").into());
        }
        let salt: [u8; 16] = self.env.random_bytes();
        let salt = hex(&salt);
        Ok(format!(
            "sha256${salt}${}",
            hex(&Sha256::digest(format!("{salt}{pin}").as_bytes()))
        ))
    }

    /// Checks a person's PIN; a person without a PIN needs none.
    pub fn check_pin(person: &Person, pin: Option<&str>) -> bool {
        let Some(stored) = &person.pin_hash else {
            return true;
        };
        let Some(pin) = pin else { return false };
        let mut parts = stored.split('$');
        let (Some("sha256"), Some(salt), Some(hash)) = (parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        hex(&Sha256::digest(format!("{salt}{pin}").as_bytes())) == hash
    }

    pub fn add_outlet(
        &mut self,
        by: PersonId,
        name: Name,
        kind: DestinationKind,
    ) -> Result<Outlet> {
        let id = OutletId(self.new_uuid());
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let o = catalog::add_outlet(
                doc,
                catalog,
                author,
                Outlet {
                    id,
                    name,
                    kind,
                    retired: false,
                },
            )?;
            Ok((o, vec![id.0]))
        })
    }
}

/// What changes about a person, as a person says it: a PIN to set or to
/// remove (hashed here, as `add_person` does).
#[derive(Clone, Debug, Default)]
pub struct PersonChange {
    pub role: Option<Role>,
    pub lang: Option<Lang>,
    pub pin: Option<Option<String>>,
    pub active: Option<bool>,
}

/// What changes about a bed, its zone named (created if new, as `add_beds`
/// does).
#[derive(Clone, Debug, Default)]
pub struct BedChange {
    pub length: Option<Metres>,
    pub width: Option<Metres>,
    pub zone: Option<Name>,
}

impl Store {
    /// Edits a person, active or not.
    pub fn edit_person(
        &mut self,
        by: PersonId,
        id: PersonId,
        change: PersonChange,
    ) -> Result<Person> {
        let pin_hash = match change.pin {
            Some(Some(pin)) => Some(Some(self.hash_pin(&pin)?)),
            Some(None) => Some(None),
            None => None,
        };
        let edit = PersonEdit {
            role: change.role,
            lang: change.lang,
            pin_hash,
            active: change.active,
        };
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let p = catalog::edit_person(doc, catalog, author, id, edit)?;
            Ok((p, vec![id.0]))
        })
    }

    pub fn edit_crop(&mut self, by: PersonId, id: CropId, edit: CropEdit) -> Result<Crop> {
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let c = catalog::edit_crop(doc, catalog, author, id, edit)?;
            Ok((c, vec![id.0]))
        })
    }

    /// Edits a bed; a zone it names that does not exist yet is created in the
    /// same transaction.
    pub fn edit_bed(&mut self, by: PersonId, code: &BedCode, change: BedChange) -> Result<Bed> {
        let zone_id = ZoneId(self.new_uuid());
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let id = catalog.bed_by_code(code)?.id;
            let mut catalog = catalog.clone();
            let mut touched = vec![id.0];
            let zone = match change.zone {
                None => None,
                Some(name) => match catalog.zone_by_name(name.as_str()) {
                    Some(z) => Some(z.id),
                    None => {
                        let zone = catalog::add_zone(doc, &catalog, author, zone_id, name)?;
                        touched.push(zone.id.0);
                        catalog.zones.insert(zone.id, zone.clone());
                        Some(zone.id)
                    }
                },
            };
            let edit = BedEdit {
                length: change.length,
                width: change.width,
                zone,
            };
            let bed = catalog::edit_bed(doc, &catalog, author, id, edit)?;
            Ok((bed, touched))
        })
    }

    pub fn edit_outlet(&mut self, by: PersonId, id: OutletId, edit: OutletEdit) -> Result<Outlet> {
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let o = catalog::edit_outlet(doc, catalog, author, id, edit)?;
            Ok((o, vec![id.0]))
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
