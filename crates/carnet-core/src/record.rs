//! How each kind of record is written into, and read back from, a document's
//! fields. The field names here are the schema: renaming one splits old and
//! new devices, so add fields, never rename them.
//!
//! Deliberately not here: validation against other records (see `ops`), and
//! the projection tables (the store).

use std::collections::{BTreeMap, BTreeSet};

use automerge::ScalarValue;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::{Bed, Catalog, Crop, Family, Farm, Outlet, Person, Variety, Zone};
use crate::document::RawRecord;
use crate::harvest::{
    Destination, Harvest, INLINE_WEIGHINGS_FIELD, Void, Weighing, decode_inline_weighings,
};
use crate::ids::*;
use crate::observation::Observation;
use crate::task::{Recurrence, Task, TaskStatus, TaskTemplate};
use crate::values::{BedCode, Metres, Month, Name, Quantity, Severity, Unit};

/// Who created a record, when, and on which device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    pub by: PersonId,
    pub at: DateTime<FixedOffset>,
    pub device: String,
}

/// Any record of any document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Farm(Farm),
    Zone(Zone),
    Bed(Bed),
    Family(Family),
    Crop(Crop),
    Variety(Variety),
    Person(Person),
    Outlet(Outlet),
    Template(TaskTemplate),
    Task(Task),
    Harvest(Harvest),
    Weighing(Weighing),
    Observation(Observation),
}

impl Record {
    /// Every record type, as `type_name` writes it (projection rows, tests
    /// that compare whole projections).
    pub const TYPE_NAMES: [&'static str; 13] = [
        "farm",
        "zone",
        "bed",
        "family",
        "crop",
        "variety",
        "person",
        "outlet",
        "template",
        "task",
        "harvest",
        "weighing",
        "observation",
    ];

    pub fn type_name(&self) -> &'static str {
        match self {
            Record::Farm(_) => "farm",
            Record::Zone(_) => "zone",
            Record::Bed(_) => "bed",
            Record::Family(_) => "family",
            Record::Crop(_) => "crop",
            Record::Variety(_) => "variety",
            Record::Person(_) => "person",
            Record::Outlet(_) => "outlet",
            Record::Template(_) => "template",
            Record::Task(_) => "task",
            Record::Harvest(_) => "harvest",
            Record::Weighing(_) => "weighing",
            Record::Observation(_) => "observation",
        }
    }

    pub fn id(&self) -> Uuid {
        match self {
            Record::Farm(r) => r.id.0,
            Record::Zone(r) => r.id.0,
            Record::Bed(r) => r.id.0,
            Record::Family(r) => r.id.0,
            Record::Crop(r) => r.id.0,
            Record::Variety(r) => r.id.0,
            Record::Person(r) => r.id.0,
            Record::Outlet(r) => r.id.0,
            Record::Template(r) => r.id.0,
            Record::Task(r) => r.id.0,
            Record::Harvest(r) => r.id.0,
            Record::Weighing(r) => r.id.0,
            Record::Observation(r) => r.id.0,
        }
    }

    /// Reads a record from its stored fields. An error says which field is
    /// wrong; the caller names the document.
    pub fn from_raw(raw: &RawRecord) -> Result<Record, String> {
        Self::from_raw_in(raw, None)
    }

    /// Every record a stored record holds: itself and, for a harvest, the
    /// weighings entered with it (`harvest::INLINE_WEIGHINGS_FIELD`).
    pub fn all_from_raw_in(
        raw: &RawRecord,
        catalog: Option<&Catalog>,
    ) -> Result<Vec<Record>, String> {
        let record = Self::from_raw_in(raw, catalog)?;
        let inline = match (&record, raw.str(INLINE_WEIGHINGS_FIELD)) {
            (Record::Harvest(h), Some(text)) => {
                decode_inline_weighings(h, text).map_err(|e| e.to_string())?
            }
            _ => Vec::new(),
        };
        let mut all = Vec::with_capacity(1 + inline.len());
        all.push(record);
        all.extend(inline.into_iter().map(Record::Weighing));
        Ok(all)
    }

    /// As `from_raw`, with the catalog whose templates fill in the fields a
    /// recurring task's instance does not hold itself (see `ops::materialize`).
    pub fn from_raw_in(raw: &RawRecord, catalog: Option<&Catalog>) -> Result<Record, String> {
        let id = Uuid::parse_str(&raw.key).map_err(|_| "key is not a uuid".to_owned())?;
        let r = Reader { raw };
        if raw.str("type") == Some("task") && raw.str("template").is_some_and(|t| !t.is_empty()) {
            return instance_from_raw(raw, &r, TaskId(id), catalog).map(Record::Task);
        }
        Ok(match r.str("type")? {
            "farm" => Record::Farm(Farm {
                id: FarmId(id),
                name: r.name("name")?,
            }),
            "zone" => Record::Zone(Zone {
                id: ZoneId(id),
                name: r.name("name")?,
                retired: r.flag("retired"),
            }),
            "bed" => Record::Bed(Bed {
                id: BedId(id),
                code: r.parse::<BedCode>("code")?,
                zone: ZoneId(r.uuid("zone")?),
                length: Metres::new("length", r.f64("length")?).map_err(|e| e.to_string())?,
                width: Metres::new("width", r.f64("width")?).map_err(|e| e.to_string())?,
                retired: r.flag("retired"),
            }),
            "family" => Record::Family(Family {
                id: FamilyId(id),
                name: r.name("name")?,
            }),
            "crop" => Record::Crop(Crop {
                id: CropId(id),
                name: r.name("name")?,
                family: FamilyId(r.uuid("family")?),
                default_unit: r.parse::<Unit>("default_unit")?,
                kg_per: [Unit::Bunch, Unit::Piece, Unit::Crate]
                    .into_iter()
                    .filter_map(|u| Some((u, raw.f64(&format!("kg_per_{u}"))?)))
                    .filter(|(_, f)| f.is_finite() && *f > 0.0)
                    .collect(),
                retired: r.flag("retired"),
            }),
            "variety" => Record::Variety(Variety {
                id: VarietyId(id),
                crop: CropId(r.uuid("crop")?),
                name: r.name("name")?,
                retired: r.flag("retired"),
            }),
            "person" => Record::Person(Person {
                id: PersonId(id),
                name: r.name("name")?,
                role: r.parse("role")?,
                lang: r.parse("lang")?,
                pin_hash: raw
                    .str("pin_hash")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
                active: raw.bool("active").unwrap_or(true),
            }),
            "outlet" => Record::Outlet(Outlet {
                id: OutletId(id),
                name: r.name("name")?,
                kind: r.parse("kind")?,
                retired: r.flag("retired"),
            }),
            "template" => Record::Template(TaskTemplate {
                id: TemplateId(id),
                title: r.name("title")?,
                kind: r.parse("kind")?,
                beds: r.ids("beds")?.into_iter().map(BedId).collect(),
                crew: r.ids("crew")?.into_iter().map(PersonId).collect(),
                rule: r.parse::<Recurrence>("rule")?,
                start: r.date("start")?,
                until: r.opt_date("until")?,
                duration_min: r.opt_minutes("duration_min")?,
                retired: r.flag("retired"),
                created: r.stamp()?,
            }),
            "task" => Record::Task(Task {
                id: TaskId(id),
                title: r.name("title")?,
                kind: r.parse("kind")?,
                beds: r.ids("beds")?.into_iter().map(BedId).collect(),
                crew: r.ids("crew")?.into_iter().map(PersonId).collect(),
                due: r.date("due")?,
                duration_min: r.opt_minutes("duration_min")?,
                status: task_status(raw, &r)?,
                template: r.opt_uuid("template")?.map(TemplateId),
                deleted: raw.has("deleted_at"),
                created: r.stamp()?,
            }),
            "harvest" => Record::Harvest(Harvest {
                id: HarvestId(id),
                bed: BedId(r.uuid("bed")?),
                crop: CropId(r.uuid("crop")?),
                variety: r.opt_uuid("variety")?.map(VarietyId),
                at: r.time("at")?,
                destination: r.parse::<Destination>("destination")?,
                lot: r.str("lot")?.to_owned(),
                note: raw.str("note").unwrap_or_default().to_owned(),
                voided: if raw.has("voided_at") {
                    Some(Void {
                        by: PersonId(r.uuid("voided_by")?),
                        at: r.time("voided_at")?,
                        reason: r.name("void_reason")?,
                    })
                } else {
                    None
                },
                created: r.stamp_at("at")?,
            }),
            "weighing" => Record::Weighing(Weighing {
                id: WeighingId(id),
                harvest: HarvestId(r.uuid("harvest")?),
                quantity: Quantity::new(r.f64("value")?, r.parse("unit")?)
                    .map_err(|e| e.to_string())?,
                tare_kg: raw.f64("tare_kg"),
                created: r.stamp()?,
            }),
            "observation" => Record::Observation(Observation {
                id: ObservationId(id),
                beds: r.ids("beds")?.into_iter().map(BedId).collect(),
                kind: r.parse("kind")?,
                severity: Severity::new(r.i64("severity")?).map_err(|e| e.to_string())?,
                note: raw.str("note").unwrap_or_default().to_owned(),
                tags: split_list(raw.str("tags").unwrap_or_default())
                    .map(str::to_owned)
                    .collect::<BTreeSet<_>>(),
                at: r.time("at")?,
                deleted: raw.has("deleted_at"),
                created: r.stamp_at("at")?,
            }),
            other => return Err(format!("type: unknown record type `{other}`")),
        })
    }

    /// The fields written when the record is created.
    pub fn fields(&self) -> Vec<(&'static str, ScalarValue)> {
        let mut w = Writer::default();
        match self {
            Record::Farm(r) => w.s("name", r.name.as_str()),
            Record::Zone(r) => w.s("name", r.name.as_str()).b("retired", r.retired),
            Record::Bed(r) => w
                .s("code", r.code.as_str())
                .s("zone", r.zone.to_string())
                .f("length", r.length.get())
                .f("width", r.width.get())
                .b("retired", r.retired),
            Record::Family(r) => w.s("name", r.name.as_str()),
            Record::Crop(r) => {
                w.s("name", r.name.as_str())
                    .s("family", r.family.to_string())
                    .s("default_unit", r.default_unit.as_str())
                    .b("retired", r.retired);
                for (unit, factor) in &r.kg_per {
                    w.f(kg_per_field(*unit), *factor);
                }
                &mut w
            }
            Record::Variety(r) => w
                .s("crop", r.crop.to_string())
                .s("name", r.name.as_str())
                .b("retired", r.retired),
            Record::Person(r) => w
                .s("name", r.name.as_str())
                .s("role", r.role.as_str())
                .s("lang", r.lang.as_str())
                .s("pin_hash", r.pin_hash.clone().unwrap_or_default())
                .b("active", r.active),
            Record::Outlet(r) => w
                .s("name", r.name.as_str())
                .s("kind", r.kind.as_str())
                .b("retired", r.retired),
            Record::Template(r) => w
                .s("title", r.title.as_str())
                .s("kind", r.kind.as_str())
                .s("beds", join_ids(r.beds.iter().map(|b| b.0)))
                .s("crew", join_ids(r.crew.iter().map(|p| p.0)))
                .s("rule", r.rule.to_string())
                .s("start", r.start.to_string())
                .s("until", r.until.map(|d| d.to_string()).unwrap_or_default())
                .i("duration_min", r.duration_min.map_or(0, i64::from))
                .b("retired", r.retired)
                .stamp(&r.created),
            Record::Task(r) => {
                w.s("title", r.title.as_str())
                    .s("kind", r.kind.as_str())
                    .s("beds", join_ids(r.beds.iter().map(|b| b.0)))
                    .s("crew", join_ids(r.crew.iter().map(|p| p.0)))
                    .s("due", r.due.to_string())
                    .i("duration_min", r.duration_min.map_or(0, i64::from))
                    .s(
                        "template",
                        r.template.map(|t| t.to_string()).unwrap_or_default(),
                    )
                    .stamp(&r.created);
                w.fields.extend(r.status.fields());
                &mut w
            }
            Record::Harvest(r) => w
                .s("bed", r.bed.to_string())
                .s("crop", r.crop.to_string())
                .s_opt(
                    "variety",
                    &r.variety.map(|v| v.to_string()).unwrap_or_default(),
                )
                .s("at", r.at.to_rfc3339())
                .s("destination", r.destination.to_string())
                .s("lot", r.lot.as_str())
                .s_opt("note", r.note.as_str())
                .stamp_at(&r.created, &r.at),
            Record::Weighing(r) => {
                w.s("harvest", r.harvest.to_string())
                    .f("value", r.quantity.value())
                    .s("unit", r.quantity.unit().as_str())
                    .stamp(&r.created);
                if let Some(tare) = r.tare_kg {
                    w.f("tare_kg", tare);
                }
                &mut w
            }
            Record::Observation(r) => w
                .s("beds", join_ids(r.beds.iter().map(|b| b.0)))
                .s("kind", r.kind.as_str())
                .i("severity", i64::from(r.severity.get()))
                .s_opt("note", r.note.as_str())
                .s_opt(
                    "tags",
                    &r.tags.iter().cloned().collect::<Vec<_>>().join(","),
                )
                .s("at", r.at.to_rfc3339())
                .stamp_at(&r.created, &r.at),
        };
        w.fields
    }
}

/// A recurring task's instance holds only what identifies it (template and
/// day) and the fields people changed; the rest comes from its template.
/// So two devices that materialize the same day offline write identical
/// fields, and only real concurrent edits can differ.
fn instance_from_raw(
    raw: &RawRecord,
    r: &Reader<'_>,
    id: TaskId,
    catalog: Option<&Catalog>,
) -> Result<Task, String> {
    let template_id = TemplateId(r.uuid("template")?);
    let template = catalog
        .and_then(|c| c.templates.get(&template_id))
        .ok_or_else(|| format!("template: {template_id} is not in the catalog"))?;
    let ids = |field: &str| -> Result<Option<Vec<Uuid>>, String> {
        if raw.has(field) {
            r.ids(field).map(Some)
        } else {
            Ok(None)
        }
    };
    Ok(Task {
        id,
        title: if raw.has("title") {
            r.name("title")?
        } else {
            template.title.clone()
        },
        kind: if raw.has("kind") {
            r.parse("kind")?
        } else {
            template.kind
        },
        beds: ids("beds")?.map_or_else(
            || template.beds.clone(),
            |v| v.into_iter().map(BedId).collect(),
        ),
        crew: ids("crew")?.map_or_else(
            || template.crew.clone(),
            |v| v.into_iter().map(PersonId).collect(),
        ),
        due: r.date("due")?,
        duration_min: if raw.has("duration_min") {
            r.opt_minutes("duration_min")?
        } else {
            template.duration_min
        },
        status: task_status(raw, r)?,
        template: Some(template_id),
        deleted: raw.has("deleted_at"),
        created: r.stamp()?,
    })
}

fn task_status(raw: &RawRecord, r: &Reader<'_>) -> Result<TaskStatus, String> {
    Ok(match raw.str("status").unwrap_or("todo") {
        "todo" => TaskStatus::Todo,
        "done" => TaskStatus::Done {
            by: PersonId(r.uuid("done_by")?),
            at: r.time("done_at")?,
        },
        "abandoned" => TaskStatus::Abandoned {
            by: PersonId(r.uuid("abandoned_by")?),
            at: r.time("abandoned_at")?,
            reason: r.name("abandon_reason")?,
        },
        other => return Err(format!("status: unknown value `{other}`")),
    })
}

pub(crate) fn kg_per_field(unit: Unit) -> &'static str {
    match unit {
        Unit::Bunch => "kg_per_bunch",
        Unit::Piece => "kg_per_piece",
        Unit::Crate => "kg_per_crate",
        Unit::Kg | Unit::G => "kg_per_mass",
    }
}

pub(crate) fn join_ids(ids: impl Iterator<Item = Uuid>) -> String {
    ids.map(|id| id.to_string()).collect::<Vec<_>>().join(",")
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|p| !p.is_empty())
}

/// Builds the field list of a write.
#[derive(Default)]
pub(crate) struct Writer {
    pub fields: Vec<(&'static str, ScalarValue)>,
}

impl Writer {
    pub fn s(&mut self, name: &'static str, v: impl Into<String>) -> &mut Self {
        self.fields.push((name, ScalarValue::Str(v.into().into())));
        self
    }
    pub fn f(&mut self, name: &'static str, v: f64) -> &mut Self {
        self.fields.push((name, ScalarValue::F64(v)));
        self
    }
    pub fn i(&mut self, name: &'static str, v: i64) -> &mut Self {
        self.fields.push((name, ScalarValue::Int(v)));
        self
    }
    pub fn b(&mut self, name: &'static str, v: bool) -> &mut Self {
        self.fields.push((name, ScalarValue::Boolean(v)));
        self
    }
    pub fn stamp(&mut self, stamp: &Stamp) -> &mut Self {
        self.s("created_by", stamp.by.to_string())
            .s("created_at", stamp.at.to_rfc3339())
            .s("device", stamp.device.as_str())
    }
    /// As `stamp`, leaving out `created_at` when it is the record's own time
    /// `at` (a harvest or an observation is made when it happens): every
    /// field left out is bytes a new tablet does not download.
    pub fn stamp_at(&mut self, stamp: &Stamp, at: &DateTime<FixedOffset>) -> &mut Self {
        self.s("created_by", stamp.by.to_string());
        if stamp.at != *at || stamp.at.offset() != at.offset() {
            self.s("created_at", stamp.at.to_rfc3339());
        }
        self.s("device", stamp.device.as_str())
    }
    /// A text field written only when it says something: a missing field
    /// reads as empty.
    pub fn s_opt(&mut self, name: &'static str, v: &str) -> &mut Self {
        if !v.is_empty() {
            self.s(name, v);
        }
        self
    }
}

struct Reader<'a> {
    raw: &'a RawRecord,
}

impl Reader<'_> {
    fn str(&self, field: &str) -> Result<&str, String> {
        self.raw
            .str(field)
            .ok_or_else(|| format!("{field}: missing or not text"))
    }
    fn name(&self, field: &'static str) -> Result<Name, String> {
        Name::parse(field, self.str(field)?).map_err(|e| e.to_string())
    }
    fn parse<T: std::str::FromStr<Err = crate::Error>>(&self, field: &str) -> Result<T, String> {
        self.str(field)?
            .parse()
            .map_err(|e: crate::Error| format!("{field}: {e}"))
    }
    fn f64(&self, field: &str) -> Result<f64, String> {
        self.raw
            .f64(field)
            .ok_or_else(|| format!("{field}: missing or not a number"))
    }
    fn i64(&self, field: &str) -> Result<i64, String> {
        self.raw
            .i64(field)
            .ok_or_else(|| format!("{field}: missing or not an integer"))
    }
    fn flag(&self, field: &str) -> bool {
        self.raw.bool(field).unwrap_or(false)
    }
    fn uuid(&self, field: &str) -> Result<Uuid, String> {
        Uuid::parse_str(self.str(field)?).map_err(|_| format!("{field}: not a uuid"))
    }
    fn opt_uuid(&self, field: &str) -> Result<Option<Uuid>, String> {
        match self.raw.str(field) {
            None | Some("") => Ok(None),
            Some(_) => self.uuid(field).map(Some),
        }
    }
    fn ids(&self, field: &str) -> Result<Vec<Uuid>, String> {
        split_list(self.raw.str(field).unwrap_or_default())
            .map(|s| Uuid::parse_str(s).map_err(|_| format!("{field}: `{s}` is not a uuid")))
            .collect()
    }
    fn date(&self, field: &str) -> Result<NaiveDate, String> {
        NaiveDate::parse_from_str(self.str(field)?, "%Y-%m-%d")
            .map_err(|_| format!("{field}: not a date"))
    }
    fn opt_date(&self, field: &str) -> Result<Option<NaiveDate>, String> {
        match self.raw.str(field) {
            None | Some("") => Ok(None),
            Some(_) => self.date(field).map(Some),
        }
    }
    fn time(&self, field: &str) -> Result<DateTime<FixedOffset>, String> {
        DateTime::parse_from_rfc3339(self.str(field)?)
            .map_err(|_| format!("{field}: not a timestamp"))
    }
    fn opt_minutes(&self, field: &str) -> Result<Option<u32>, String> {
        match self.raw.i64(field) {
            None | Some(0) => Ok(None),
            Some(m) => u32::try_from(m)
                .map(Some)
                .map_err(|_| format!("{field}: {m} is not a duration")),
        }
    }
    fn stamp(&self) -> Result<Stamp, String> {
        Ok(Stamp {
            by: PersonId(self.uuid("created_by")?),
            at: self.time("created_at")?,
            device: self.raw.str("device").unwrap_or_default().to_owned(),
        })
    }
    /// A stamp whose time may be left out when it equals the record's own
    /// `time_field` (see `Writer::stamp_at`).
    fn stamp_at(&self, time_field: &str) -> Result<Stamp, String> {
        if self.raw.has("created_at") {
            return self.stamp();
        }
        Ok(Stamp {
            by: PersonId(self.uuid("created_by")?),
            at: self.time(time_field)?,
            device: self.raw.str("device").unwrap_or_default().to_owned(),
        })
    }
}

/// The document a record belongs in, given the farm.
pub fn month_of_record(record: &Record) -> Option<Month> {
    match record {
        Record::Task(t) => Some(Month::of(t.due)),
        Record::Harvest(h) => Some(Month::of(h.at.date_naive())),
        Record::Observation(o) => Some(Month::of(o.at.date_naive())),
        _ => None,
    }
}

/// Counts records by type name, for status and tests.
pub fn count_by_type<'a>(
    records: impl IntoIterator<Item = &'a Record>,
) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for r in records {
        *counts.entry(r.type_name()).or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Author, DocKey, Document, Domain, RecordWrite};
    use automerge::ActorId;
    use chrono::TimeZone;

    /// Documents written before weighings moved inside the harvest record
    /// (separate weighing records, `created_at` on every record, the long
    /// commit message) read as they always did, beside the new form.
    #[test]
    fn harvests_written_in_the_earlier_three_record_form_still_read() {
        let at = FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
            .unwrap();
        let person = Uuid::from_u128(3).to_string();
        let author = Author {
            person: PersonId(Uuid::from_u128(3)),
            device: "tablette 1".into(),
            now: at,
        };
        let mut doc = Document::new(
            DocKey::Month {
                farm: FarmId(Uuid::from_u128(1)),
                domain: Domain::Harvests,
                month: "2026-11".parse().unwrap(),
            },
            ActorId::from(&[1; 16][..]),
        );
        let stamp = |w: &mut Vec<(&'static str, ScalarValue)>| {
            w.push(("created_by", person.clone().into()));
            w.push(("created_at", at.to_rfc3339().into()));
            w.push(("device", "tablette 1".into()));
        };
        let harvest_key = Uuid::from_u128(7).to_string();
        let mut harvest: Vec<(&'static str, ScalarValue)> = vec![
            ("bed", Uuid::from_u128(10).to_string().into()),
            ("crop", Uuid::from_u128(11).to_string().into()),
            ("variety", "".into()),
            ("at", at.to_rfc3339().into()),
            ("destination", "canteen".into()),
            ("lot", "20261122-A-07-TOM".into()),
            ("note", "".into()),
        ];
        stamp(&mut harvest);
        let weighing = |value: f64| {
            let mut w: Vec<(&'static str, ScalarValue)> = vec![
                ("harvest", harvest_key.clone().into()),
                ("value", value.into()),
                ("unit", "kg".into()),
            ];
            stamp(&mut w);
            w
        };
        let (w1, w2) = (weighing(12.5), weighing(4.0));
        let (k1, k2) = (
            Uuid::from_u128(8).to_string(),
            Uuid::from_u128(9).to_string(),
        );
        doc.put_records(
            &author,
            &[
                RecordWrite {
                    key: &harvest_key,
                    record_type: "harvest",
                    fields: &harvest,
                },
                RecordWrite {
                    key: &k1,
                    record_type: "weighing",
                    fields: &w1,
                },
                RecordWrite {
                    key: &k2,
                    record_type: "weighing",
                    fields: &w2,
                },
            ],
            "record harvest",
        )
        .unwrap();
        let (records, errors) = crate::ops::read_records(&doc);
        assert!(errors.is_empty(), "{errors:?}");
        let [Record::Harvest(h), Record::Weighing(a), Record::Weighing(b)] = &records[..] else {
            panic!("expected a harvest and two weighings, got {records:?}");
        };
        assert_eq!(h.created.at, at);
        assert_eq!((h.variety, h.note.as_str()), (None, ""));
        let mut read: Vec<_> = [a, b]
            .iter()
            .map(|w| (w.id.to_string(), w.harvest, w.quantity.value()))
            .collect();
        read.sort_by(|x, y| x.0.cmp(&y.0));
        assert_eq!(
            read,
            vec![(k1.clone(), h.id, 12.5), (k2.clone(), h.id, 4.0)]
        );
    }
}
