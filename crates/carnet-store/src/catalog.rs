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
    self, Bed, BedEdit, Catalog, Crop, CropEdit, NewBed, Outlet, OutletEdit, Person, PersonEdit,
    Variety,
};
use carnet_core::document::{Author, Document};
use carnet_core::ids::*;
use carnet_core::record::Record;
use carnet_core::values::{BedCode, DestinationKind, KgFactor, Lang, Metres, Name, Role, Unit};
use sha2::{Digest, Sha256};
use uuid::Uuid;

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
    pub kg_per: BTreeMap<Unit, KgFactor>,
}

impl Store {
    /// Adds beds (creating their zones as needed) in one transaction: all or
    /// nothing, so a spreadsheet import with a bad row imports nothing.
    pub fn add_beds(&mut self, by: PersonId, beds: Vec<BedInput>) -> Result<Vec<Bed>> {
        self.add_in_one_write(
            by,
            beds,
            |doc, catalog, author, input, [zone_id, bed_id], touched| {
                let zone = zone_named(doc, catalog, author, ZoneId(zone_id), input.zone, touched)?;
                let bed = NewBed {
                    code: input.code,
                    zone,
                    length: input.length,
                    width: input.width,
                };
                let bed = catalog::add_bed(doc, catalog, author, BedId(bed_id), bed)?;
                created(catalog, touched, Record::Bed(bed.clone()));
                Ok(bed)
            },
        )
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
        self.add_in_one_write(
            by,
            crops,
            |doc, catalog, author, input, [family_id, crop_id], touched| {
                let family = FamilyId(family_id);
                let family = family_named(doc, catalog, author, family, input.family, touched)?;
                let crop = Crop {
                    id: CropId(crop_id),
                    name: input.name,
                    family,
                    default_unit: input.default_unit,
                    kg_per: input.kg_per,
                    retired: false,
                };
                let crop = catalog::add_crop(doc, catalog, author, crop)?;
                created(catalog, touched, Record::Crop(crop.clone()));
                Ok(crop)
            },
        )
    }

    /// Adds catalog entries in one write, each with two fresh ids (its own
    /// and its parent's, should the parent be created), against a catalog
    /// that holds what the earlier inputs of the batch created.
    fn add_in_one_write<I, R>(
        &mut self,
        by: PersonId,
        inputs: Vec<I>,
        add: impl Fn(
            &mut Document,
            &mut Catalog,
            &Author,
            I,
            [Uuid; 2],
            &mut Vec<Uuid>,
        ) -> carnet_core::Result<R>,
    ) -> Result<Vec<R>> {
        let ids: Vec<[Uuid; 2]> = inputs
            .iter()
            .map(|_| [self.new_uuid(), self.new_uuid()])
            .collect();
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let mut catalog = catalog.clone();
            let mut touched = Vec::new();
            let out = inputs
                .into_iter()
                .zip(ids)
                .map(|(input, ids)| add(doc, &mut catalog, author, input, ids, &mut touched))
                .collect::<carnet_core::Result<_>>()?;
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
                Some(name) => Some(zone_named(
                    doc,
                    &mut catalog,
                    author,
                    zone_id,
                    name,
                    &mut touched,
                )?),
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

/// The zone named `name`, created with `id` in this write when the catalog
/// has none: a bed's zone is named (by a person or a spreadsheet row), and a
/// new name makes a new zone rather than an error.
fn zone_named(
    doc: &mut Document,
    catalog: &mut Catalog,
    author: &Author,
    id: ZoneId,
    name: Name,
    touched: &mut Vec<Uuid>,
) -> carnet_core::Result<ZoneId> {
    if let Some(zone) = catalog.zone_by_name(name.as_str()) {
        return Ok(zone.id);
    }
    let zone = catalog::add_zone(doc, catalog, author, id, name)?;
    created(catalog, touched, Record::Zone(zone));
    Ok(id)
}

/// The crop family named `name`, created with `id` when the catalog has
/// none, as `zone_named` does for a bed's zone.
fn family_named(
    doc: &mut Document,
    catalog: &mut Catalog,
    author: &Author,
    id: FamilyId,
    name: Name,
    touched: &mut Vec<Uuid>,
) -> carnet_core::Result<FamilyId> {
    if let Some(family) = catalog.family_by_name(name.as_str()) {
        return Ok(family.id);
    }
    let family = catalog::add_family(doc, catalog, author, id, name)?;
    created(catalog, touched, Record::Family(family));
    Ok(id)
}

/// Records what a write created: in its list of touched records, and in the
/// batch's catalog so a later input finds it by name.
fn created(catalog: &mut Catalog, touched: &mut Vec<Uuid>, record: Record) {
    touched.push(record.id());
    catalog.insert(record);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
