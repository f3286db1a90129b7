//! The writes a person makes, one SQLite transaction each. Each method draws
//! the ids and the time it needs, calls one operation of the core, and lets
//! `Store::write` persist the change and its projection together.

use std::collections::BTreeMap;

use carnet_core::catalog::{Bed, Crop, Family, Outlet, Person, Zone};
use carnet_core::document::{DocKey, Domain};
use carnet_core::harvest::{Destination, Harvest, Weighing};
use carnet_core::ids::*;
use carnet_core::observation::Observation;
use carnet_core::ops::{self, NewBed, NewHarvest, NewObservation, NewTask, NewTemplate, TaskEdit};
use carnet_core::task::{Task, TaskTemplate};
use carnet_core::values::{
    BedCode, DestinationKind, Lang, Metres, Month, Name, Quantity, Role, Unit,
};
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

/// A harvest as the team leader enters it.
#[derive(Clone, Debug)]
pub struct HarvestInput {
    pub bed: BedId,
    pub crop: CropId,
    pub variety: Option<VarietyId>,
    pub destination: Destination,
    pub note: String,
    pub weighings: Vec<(Quantity, Option<f64>)>,
}

impl Store {
    fn new_uuid(&mut self) -> uuid::Uuid {
        let now = (self.env.clock)();
        self.env.new_id(now)
    }

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
                        let zone: Zone = ops::add_zone(doc, &catalog, author, zone_id, input.zone)?;
                        touched.push(zone.id.0);
                        catalog.zones.insert(zone.id, zone.clone());
                        zone.id
                    }
                };
                let bed = ops::add_bed(
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
            let bed = ops::retire_bed(doc, catalog, author, code)?;
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
                            ops::add_family(doc, &catalog, author, family_id, input.family)?;
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
                let crop = ops::add_crop(doc, &catalog, author, crop)?;
                touched.push(crop.id.0);
                catalog.crops.insert(crop.id, crop.clone());
                out.push(crop);
            }
            Ok((out, touched))
        })
    }

    pub fn add_variety(
        &mut self,
        by: PersonId,
        crop: CropId,
        name: Name,
    ) -> Result<carnet_core::catalog::Variety> {
        let id = VarietyId(self.new_uuid());
        let key = self.catalog_key()?;
        self.write(key, by, |doc, catalog, author| {
            let v = ops::add_variety(
                doc,
                catalog,
                author,
                carnet_core::catalog::Variety {
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
            let p = ops::add_person(
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
            let o = ops::add_outlet(
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

    pub fn add_task(&mut self, by: PersonId, new: NewTask) -> Result<Task> {
        let id = TaskId(self.new_uuid());
        let key = DocKey::Month {
            farm: self.farm_id()?,
            domain: Domain::Tasks,
            month: Month::of(new.due),
        };
        self.write(key, by, |doc, catalog, author| {
            let t = ops::add_task(doc, catalog, author, id, new)?;
            Ok((t, vec![id.0]))
        })
    }

    /// Adds a recurring task and materializes its first week.
    pub fn add_recurring_task(&mut self, by: PersonId, new: NewTemplate) -> Result<TaskTemplate> {
        let id = TemplateId(self.new_uuid());
        let key = self.catalog_key()?;
        let template = self.write(key, by, |doc, catalog, author| {
            let t = ops::add_template(doc, catalog, author, id, new)?;
            Ok((t, vec![id.0]))
        })?;
        let start = template.start;
        self.materialize(
            by,
            start,
            start + chrono::Duration::days(carnet_core::query::UPCOMING_DAYS),
        )?;
        Ok(template)
    }

    /// Writes the recurring tasks due in `from..=to` that this store does not
    /// hold yet. Returns how many it wrote.
    pub fn materialize(
        &mut self,
        by: PersonId,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<usize> {
        let templates: Vec<TaskTemplate> = self
            .catalog()?
            .templates
            .values()
            .filter(|t| !t.retired)
            .cloned()
            .collect();
        let farm = self.farm_id()?;
        let mut written = 0;
        for template in templates {
            for date in template.dates(from, to) {
                let id = template.instance_id(date);
                if self.has_record(&id.to_string())? {
                    continue;
                }
                let key = DocKey::Month {
                    farm,
                    domain: Domain::Tasks,
                    month: Month::of(date),
                };
                let wrote = self.write(key, by, |doc, _, author| {
                    let t = ops::materialize(doc, author, &template, date)?;
                    Ok((t.is_some(), vec![id.0]))
                })?;
                written += usize::from(wrote);
            }
        }
        Ok(written)
    }

    fn task_action(
        &mut self,
        id: TaskId,
        by: PersonId,
        action: impl FnOnce(
            &mut carnet_core::document::Document,
            &carnet_core::catalog::Catalog,
            &carnet_core::document::Author,
            &Task,
        ) -> carnet_core::Result<Task>,
    ) -> Result<Task> {
        let (key, task) = self.task(id)?;
        self.write(key, by, |doc, catalog, author| {
            let t = action(doc, catalog, author, &task)?;
            Ok((t, vec![id.0]))
        })
    }

    pub fn complete_task(&mut self, by: PersonId, id: TaskId) -> Result<Task> {
        self.task_action(id, by, |doc, _, author, task| {
            ops::complete_task(doc, author, task)
        })
    }

    pub fn abandon_task(&mut self, by: PersonId, id: TaskId, reason: Name) -> Result<Task> {
        self.task_action(id, by, |doc, _, author, task| {
            ops::abandon_task(doc, author, task, reason)
        })
    }

    pub fn reopen_task(&mut self, by: PersonId, id: TaskId) -> Result<Task> {
        self.task_action(id, by, |doc, _, author, task| {
            ops::reopen_task(doc, author, task)
        })
    }

    pub fn edit_task(&mut self, by: PersonId, id: TaskId, edit: TaskEdit) -> Result<Task> {
        self.task_action(id, by, |doc, catalog, author, task| {
            ops::edit_task(doc, catalog, author, task, edit)
        })
    }

    pub fn delete_task(&mut self, by: PersonId, id: TaskId) -> Result<Task> {
        self.task_action(id, by, |doc, _, author, task| {
            ops::delete_task(doc, author, task)
        })
    }

    /// Records a harvest with its weighings, timed now.
    pub fn record_harvest(
        &mut self,
        by: PersonId,
        input: HarvestInput,
    ) -> Result<(Harvest, Vec<Weighing>)> {
        let id = HarvestId(self.new_uuid());
        let author = self.author(by);
        let key = DocKey::Month {
            farm: self.farm_id()?,
            domain: Domain::Harvests,
            month: Month::of(author.now.date_naive()),
        };
        let new = NewHarvest {
            bed: input.bed,
            crop: input.crop,
            variety: input.variety,
            destination: input.destination,
            note: input.note,
            weighings: input.weighings,
        };
        self.write_as(key, author, |doc, catalog, author| {
            let (h, ws) = ops::record_harvest(doc, catalog, author, id, new)?;
            // One record: projecting it projects its weighings too.
            Ok(((h, ws), vec![id.0]))
        })
    }

    pub fn add_weighing(
        &mut self,
        by: PersonId,
        harvest: HarvestId,
        quantity: Quantity,
        tare_kg: Option<f64>,
    ) -> Result<Weighing> {
        let id = WeighingId(self.new_uuid());
        let (key, harvest, _) = self.harvest(harvest)?;
        self.write(key, by, |doc, _, author| {
            let w = ops::add_weighing(doc, author, &harvest, id, quantity, tare_kg)?;
            Ok((w, vec![id.0]))
        })
    }

    pub fn void_harvest(&mut self, by: PersonId, id: HarvestId, reason: Name) -> Result<Harvest> {
        let (key, harvest, _) = self.harvest(id)?;
        self.write(key, by, |doc, _, author| {
            let h = ops::void_harvest(doc, author, &harvest, reason)?;
            Ok((h, vec![id.0]))
        })
    }

    pub fn record_observation(&mut self, by: PersonId, new: NewObservation) -> Result<Observation> {
        let id = ObservationId(self.new_uuid());
        let author = self.author(by);
        let key = DocKey::Month {
            farm: self.farm_id()?,
            domain: Domain::Observations,
            month: Month::of(author.now.date_naive()),
        };
        self.write_as(key, author, |doc, catalog, author| {
            let o = ops::record_observation(doc, catalog, author, id, new)?;
            Ok((o, vec![id.0]))
        })
    }

    /// Keeps `value` for a field that holds concurrent values.
    pub fn resolve_conflict(
        &mut self,
        by: PersonId,
        document: DocumentId,
        record: &str,
        field: &str,
        value: &str,
    ) -> Result<()> {
        let key = self
            .key_of(document)?
            .ok_or_else(|| carnet_core::Error::not_found("document", document.to_string()))?;
        let record = record.to_owned();
        self.write(key, by, |doc, _, author| {
            let raw = doc
                .record(&record)
                .ok_or_else(|| carnet_core::Error::not_found("record", record.clone()))?;
            let chosen = raw
                .fields
                .get(field)
                .and_then(|vs| vs.iter().find(|v| scalar_text(&v.value) == value))
                .map(|v| v.value.clone())
                .ok_or_else(|| {
                    carnet_core::Error::invalid(
                        "value",
                        format!("`{value}` is not one of the values of {field}"),
                    )
                })?;
            ops::resolve_conflict(doc, author, &record, field, chosen)?;
            let id = uuid::Uuid::parse_str(&record)
                .map_err(|_| carnet_core::Error::invalid("record", "not a record id"))?;
            Ok(((), vec![id]))
        })
    }
}

pub(crate) fn scalar_text(v: &automerge::ScalarValue) -> String {
    match v {
        automerge::ScalarValue::Str(s) => s.to_string(),
        other => other.to_string(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
