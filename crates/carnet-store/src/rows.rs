//! The JSON of a projection row (`records.json`), decided here: one row type
//! per record kind, owned by the store and mapped from core's domain types by
//! hand. A renamed or added field in core then fails to compile here instead
//! of silently changing what every store on every device holds; a change
//! that is meant bumps `PROJECTION_VERSION` (a rebuild at open).
//!
//! The leaves are core's validated values and ids, whose serde goes through
//! their constructors (`carnet_core::values`), so a row read back cannot hold
//! a value a write would refuse. `tests::one_row_of_each_kind` pins the JSON.
//!
//! Deliberately not here: the projection's other columns (`project`), and
//! the documents' own fields (each domain's `codec` in core).

use std::collections::{BTreeMap, BTreeSet};

use carnet_core::catalog::{Bed, Crop, Family, Farm, Outlet, Person, Variety, Zone};
use carnet_core::harvests::{Destination, Harvest, Void, Weighing};
use carnet_core::ids::*;
use carnet_core::observations::Observation;
use carnet_core::record::{Record, Stamp};
use carnet_core::tasks::{Abandonment, Recurrence, Task, TaskStatus, TaskTemplate};
use carnet_core::values::{
    BedCode, DestinationKind, KgFactor, Lang, Metres, Month, Name, Note, ObservationKind, Quantity,
    Role, Severity, Tag, Tare, TaskKind, Unit,
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};

/// The JSON stored for a record.
pub(crate) fn encode(record: &Record) -> serde_json::Result<String> {
    serde_json::to_string(&RecordRow::from(record))
}

/// A record back from its stored JSON; `id` names it in the error.
pub(crate) fn decode(id: &str, json: &str) -> Result<Record> {
    let row: RecordRow =
        serde_json::from_str(json).map_err(|e| StoreError::Projection(e, id.to_owned()))?;
    Record::try_from(row)
        .map_err(|e| StoreError::Projection(serde::de::Error::custom(e), id.to_owned()))
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum RecordRow {
    Farm(FarmRow),
    Zone(ZoneRow),
    Bed(BedRow),
    Family(FamilyRow),
    Crop(CropRow),
    Variety(VarietyRow),
    Person(PersonRow),
    Outlet(OutletRow),
    Template(TemplateRow),
    Task(TaskRow),
    Harvest(HarvestRow),
    Weighing(WeighingRow),
    Observation(ObservationRow),
}

#[derive(Serialize, Deserialize)]
struct StampRow {
    by: PersonId,
    at: DateTime<FixedOffset>,
    device: String,
}

#[derive(Serialize, Deserialize)]
struct FarmRow {
    id: FarmId,
    name: Name,
}

#[derive(Serialize, Deserialize)]
struct ZoneRow {
    id: ZoneId,
    name: Name,
    retired: bool,
}

#[derive(Serialize, Deserialize)]
struct BedRow {
    id: BedId,
    code: BedCode,
    zone: ZoneId,
    length: Metres,
    width: Metres,
    retired: bool,
}

#[derive(Serialize, Deserialize)]
struct FamilyRow {
    id: FamilyId,
    name: Name,
}

#[derive(Serialize, Deserialize)]
struct CropRow {
    id: CropId,
    name: Name,
    family: FamilyId,
    default_unit: Unit,
    kg_per: BTreeMap<Unit, KgFactor>,
    retired: bool,
}

#[derive(Serialize, Deserialize)]
struct VarietyRow {
    id: VarietyId,
    crop: CropId,
    name: Name,
    retired: bool,
}

#[derive(Serialize, Deserialize)]
struct PersonRow {
    id: PersonId,
    name: Name,
    role: Role,
    lang: Lang,
    pin_hash: Option<String>,
    active: bool,
}

#[derive(Serialize, Deserialize)]
struct OutletRow {
    id: OutletId,
    name: Name,
    kind: DestinationKind,
    retired: bool,
}

#[derive(Serialize, Deserialize)]
struct TemplateRow {
    id: TemplateId,
    title: Name,
    kind: TaskKind,
    beds: Vec<BedId>,
    crew: Vec<PersonId>,
    rule: Recurrence,
    start: NaiveDate,
    until: Option<NaiveDate>,
    duration_min: Option<u32>,
    retired: bool,
    created: StampRow,
}

#[derive(Serialize, Deserialize)]
struct TaskRow {
    id: TaskId,
    title: Name,
    kind: TaskKind,
    beds: Vec<BedId>,
    crew: Vec<PersonId>,
    due: NaiveDate,
    duration_min: Option<u32>,
    status: StatusRow,
    template: Option<TemplateId>,
    deleted: bool,
    created: StampRow,
    /// Only on a copy a move left behind, so a task never moved keeps the
    /// JSON version 0.1.0 wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    moved_to: Option<Month>,
    #[serde(default, skip_serializing_if = "is_zero")]
    moves: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum StatusRow {
    Todo,
    Done {
        by: PersonId,
        at: DateTime<FixedOffset>,
    },
    Abandoned {
        by: PersonId,
        at: DateTime<FixedOffset>,
        /// `reason` (and `note`) beside `by` and `at`, in the form version
        /// 0.1.0 wrote (`Abandonment`'s serde: a free text as the reason).
        #[serde(flatten)]
        why: Abandonment,
    },
}

#[derive(Serialize, Deserialize)]
struct HarvestRow {
    id: HarvestId,
    bed: BedId,
    crop: CropId,
    variety: Option<VarietyId>,
    at: DateTime<FixedOffset>,
    destination: Destination,
    lot: String,
    note: Note,
    voided: Option<VoidRow>,
    created: StampRow,
}

#[derive(Serialize, Deserialize)]
struct VoidRow {
    by: PersonId,
    at: DateTime<FixedOffset>,
    reason: Name,
}

#[derive(Serialize, Deserialize)]
struct WeighingRow {
    id: WeighingId,
    harvest: HarvestId,
    quantity: Quantity,
    tare_kg: Option<f64>,
    created: StampRow,
}

#[derive(Serialize, Deserialize)]
struct ObservationRow {
    id: ObservationId,
    beds: Vec<BedId>,
    kind: ObservationKind,
    severity: Severity,
    note: Note,
    tags: BTreeSet<Tag>,
    at: DateTime<FixedOffset>,
    deleted: bool,
    created: StampRow,
}

impl From<&Stamp> for StampRow {
    fn from(s: &Stamp) -> Self {
        StampRow {
            by: s.by,
            at: s.at,
            device: s.device.clone(),
        }
    }
}

impl From<StampRow> for Stamp {
    fn from(s: StampRow) -> Self {
        Stamp {
            by: s.by,
            at: s.at,
            device: s.device,
        }
    }
}

impl From<&TaskStatus> for StatusRow {
    fn from(s: &TaskStatus) -> Self {
        match s {
            TaskStatus::Todo => StatusRow::Todo,
            TaskStatus::Done { by, at } => StatusRow::Done { by: *by, at: *at },
            TaskStatus::Abandoned { by, at, why } => StatusRow::Abandoned {
                by: *by,
                at: *at,
                why: why.clone(),
            },
        }
    }
}

impl From<StatusRow> for TaskStatus {
    fn from(s: StatusRow) -> Self {
        match s {
            StatusRow::Todo => TaskStatus::Todo,
            StatusRow::Done { by, at } => TaskStatus::Done { by, at },
            StatusRow::Abandoned { by, at, why } => TaskStatus::Abandoned { by, at, why },
        }
    }
}

impl From<&Record> for RecordRow {
    fn from(record: &Record) -> Self {
        match record {
            Record::Farm(r) => RecordRow::Farm(FarmRow {
                id: r.id,
                name: r.name.clone(),
            }),
            Record::Zone(r) => RecordRow::Zone(ZoneRow {
                id: r.id,
                name: r.name.clone(),
                retired: r.retired,
            }),
            Record::Bed(r) => RecordRow::Bed(BedRow {
                id: r.id,
                code: r.code.clone(),
                zone: r.zone,
                length: r.length,
                width: r.width,
                retired: r.retired,
            }),
            Record::Family(r) => RecordRow::Family(FamilyRow {
                id: r.id,
                name: r.name.clone(),
            }),
            Record::Crop(r) => RecordRow::Crop(CropRow {
                id: r.id,
                name: r.name.clone(),
                family: r.family,
                default_unit: r.default_unit,
                kg_per: r.kg_per.clone(),
                retired: r.retired,
            }),
            Record::Variety(r) => RecordRow::Variety(VarietyRow {
                id: r.id,
                crop: r.crop,
                name: r.name.clone(),
                retired: r.retired,
            }),
            Record::Person(r) => RecordRow::Person(PersonRow {
                id: r.id,
                name: r.name.clone(),
                role: r.role,
                lang: r.lang,
                pin_hash: r.pin_hash.clone(),
                active: r.active,
            }),
            Record::Outlet(r) => RecordRow::Outlet(OutletRow {
                id: r.id,
                name: r.name.clone(),
                kind: r.kind,
                retired: r.retired,
            }),
            Record::Template(r) => RecordRow::Template(TemplateRow {
                id: r.id,
                title: r.title.clone(),
                kind: r.kind,
                beds: r.beds.clone(),
                crew: r.crew.clone(),
                rule: r.rule.clone(),
                start: r.start,
                until: r.until,
                duration_min: r.duration_min,
                retired: r.retired,
                created: (&r.created).into(),
            }),
            Record::Task(r) => RecordRow::Task(TaskRow {
                id: r.id,
                title: r.title.clone(),
                kind: r.kind,
                beds: r.beds.clone(),
                crew: r.crew.clone(),
                due: r.due,
                duration_min: r.duration_min,
                status: (&r.status).into(),
                template: r.template,
                deleted: r.deleted,
                created: (&r.created).into(),
                moved_to: r.moved_to,
                moves: r.moves,
            }),
            Record::Harvest(r) => RecordRow::Harvest(HarvestRow {
                id: r.id,
                bed: r.bed,
                crop: r.crop,
                variety: r.variety,
                at: r.at,
                destination: r.destination,
                lot: r.lot.clone(),
                note: r.note.clone(),
                voided: r.voided.as_ref().map(|v| VoidRow {
                    by: v.by,
                    at: v.at,
                    reason: v.reason.clone(),
                }),
                created: (&r.created).into(),
            }),
            Record::Weighing(r) => RecordRow::Weighing(WeighingRow {
                id: r.id,
                harvest: r.harvest,
                quantity: r.quantity,
                tare_kg: r.tare_kg.map(Tare::kg),
                created: (&r.created).into(),
            }),
            Record::Observation(r) => RecordRow::Observation(ObservationRow {
                id: r.id,
                beds: r.beds.clone(),
                kind: r.kind,
                severity: r.severity,
                note: r.note.clone(),
                tags: r.tags.clone(),
                at: r.at,
                deleted: r.deleted,
                created: (&r.created).into(),
            }),
        }
    }
}

/// Fallible where a value is checked against another of the same row (a
/// weighing's tare against its quantity).
impl TryFrom<RecordRow> for Record {
    type Error = carnet_core::Error;
    fn try_from(row: RecordRow) -> carnet_core::Result<Self> {
        Ok(match row {
            RecordRow::Farm(r) => Record::Farm(Farm {
                id: r.id,
                name: r.name,
            }),
            RecordRow::Zone(r) => Record::Zone(Zone {
                id: r.id,
                name: r.name,
                retired: r.retired,
            }),
            RecordRow::Bed(r) => Record::Bed(Bed {
                id: r.id,
                code: r.code,
                zone: r.zone,
                length: r.length,
                width: r.width,
                retired: r.retired,
            }),
            RecordRow::Family(r) => Record::Family(Family {
                id: r.id,
                name: r.name,
            }),
            RecordRow::Crop(r) => Record::Crop(Crop {
                id: r.id,
                name: r.name,
                family: r.family,
                default_unit: r.default_unit,
                kg_per: r.kg_per,
                retired: r.retired,
            }),
            RecordRow::Variety(r) => Record::Variety(Variety {
                id: r.id,
                crop: r.crop,
                name: r.name,
                retired: r.retired,
            }),
            RecordRow::Person(r) => Record::Person(Person {
                id: r.id,
                name: r.name,
                role: r.role,
                lang: r.lang,
                pin_hash: r.pin_hash,
                active: r.active,
            }),
            RecordRow::Outlet(r) => Record::Outlet(Outlet {
                id: r.id,
                name: r.name,
                kind: r.kind,
                retired: r.retired,
            }),
            RecordRow::Template(r) => Record::Template(TaskTemplate {
                id: r.id,
                title: r.title,
                kind: r.kind,
                beds: r.beds,
                crew: r.crew,
                rule: r.rule,
                start: r.start,
                until: r.until,
                duration_min: r.duration_min,
                retired: r.retired,
                created: r.created.into(),
            }),
            RecordRow::Task(r) => Record::Task(Task {
                id: r.id,
                title: r.title,
                kind: r.kind,
                beds: r.beds,
                crew: r.crew,
                due: r.due,
                duration_min: r.duration_min,
                status: r.status.into(),
                template: r.template,
                deleted: r.deleted,
                created: r.created.into(),
                moved_to: r.moved_to,
                moves: r.moves,
            }),
            RecordRow::Harvest(r) => Record::Harvest(Harvest {
                id: r.id,
                bed: r.bed,
                crop: r.crop,
                variety: r.variety,
                at: r.at,
                destination: r.destination,
                lot: r.lot,
                note: r.note,
                voided: r.voided.map(|v| Void {
                    by: v.by,
                    at: v.at,
                    reason: v.reason,
                }),
                created: r.created.into(),
            }),
            RecordRow::Weighing(r) => Record::Weighing(Weighing {
                id: r.id,
                harvest: r.harvest,
                quantity: r.quantity,
                tare_kg: r.tare_kg.map(|kg| Tare::of(kg, r.quantity)).transpose()?,
                created: r.created.into(),
            }),
            RecordRow::Observation(r) => Record::Observation(Observation {
                id: r.id,
                beds: r.beds,
                kind: r.kind,
                severity: r.severity,
                note: r.note,
                tags: r.tags,
                at: r.at,
                deleted: r.deleted,
                created: r.created.into(),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "00000000-0000-0000-0000-00000000000a";
    const B: &str = "00000000-0000-0000-0000-00000000000b";
    const P: &str = "00000000-0000-0000-0000-000000000001";
    const STAMP: &str = r#"{"by":"00000000-0000-0000-0000-000000000001","at":"2026-11-22T09:30:00+01:00","device":"tablette 1"}"#;

    /// The stored JSON of one row of each kind, decided here: each line
    /// reads back into a record and writes out again byte for byte. A
    /// change to one of these lines is a change of every store's projection
    /// (bump `PROJECTION_VERSION`).
    #[test]
    fn one_row_of_each_kind() {
        let rows = [
            format!(r#"{{"type":"farm","id":"{A}","name":"Les Jardins"}}"#),
            format!(r#"{{"type":"zone","id":"{A}","name":"Serre","retired":false}}"#),
            format!(
                r#"{{"type":"bed","id":"{A}","code":"A-07","zone":"{B}","length":30.0,"width":0.8,"retired":false}}"#
            ),
            format!(r#"{{"type":"family","id":"{A}","name":"Solanacées"}}"#),
            format!(
                r#"{{"type":"crop","id":"{A}","name":"Tomate","family":"{B}","default_unit":"kg","kg_per":{{"bunch":0.25,"crate":6.0}},"retired":false}}"#
            ),
            format!(
                r#"{{"type":"variety","id":"{A}","crop":"{B}","name":"Cœur de bœuf","retired":true}}"#
            ),
            format!(
                r#"{{"type":"person","id":"{A}","name":"Anne","role":"team_leader","lang":"fr","pin_hash":null,"active":true}}"#
            ),
            format!(
                r#"{{"type":"outlet","id":"{A}","name":"AMAP","kind":"basket","retired":false}}"#
            ),
            format!(
                r#"{{"type":"template","id":"{A}","title":"Arroser","kind":"watering","beds":["{B}"],"crew":[],"rule":"weekly mon,thu","start":"2026-11-02","until":null,"duration_min":20,"retired":false,"created":{STAMP}}}"#
            ),
            format!(
                r#"{{"type":"task","id":"{A}","title":"Désherber","kind":"weeding","beds":["{B}"],"crew":["{P}"],"due":"2026-11-22","duration_min":null,"status":{{"status":"abandoned","by":"{P}","at":"2026-11-22T10:00:00+01:00","reason":"Pluie"}},"template":null,"deleted":false,"created":{STAMP}}}"#
            ),
            format!(
                r#"{{"type":"harvest","id":"{A}","bed":"{B}","crop":"{B}","variety":null,"at":"2026-11-22T09:30:00+01:00","destination":"outlet:{B}","lot":"20261122-A-07-TOM","note":"","voided":{{"by":"{P}","at":"2026-11-23T08:00:00+01:00","reason":"Doublon"}},"created":{STAMP}}}"#
            ),
            format!(
                r#"{{"type":"weighing","id":"{A}","harvest":"{B}","quantity":{{"value":12.5,"unit":"kg"}},"tare_kg":1.2,"created":{STAMP}}}"#
            ),
            format!(
                r#"{{"type":"observation","id":"{A}","beds":["{B}"],"kind":"pest","severity":3,"note":"pucerons","tags":["pucerons","serre"],"at":"2026-11-22T09:30:00+01:00","deleted":false,"created":{STAMP}}}"#
            ),
        ];
        let mut kinds = Vec::new();
        for json in &rows {
            let record = decode("row", json).unwrap_or_else(|e| panic!("{json}: {e}"));
            kinds.push(record.type_name());
            assert_eq!(&encode(&record).unwrap(), json);
        }
        assert_eq!(kinds, Record::TYPE_NAMES);
    }

    /// A row holding a value a write would refuse is an error naming the
    /// record, never a record.
    #[test]
    fn a_row_with_a_bad_value_is_refused_naming_its_record() {
        let json = format!(
            r#"{{"type":"weighing","id":"{A}","harvest":"{B}","quantity":{{"value":-1.0,"unit":"kg"}},"tare_kg":null,"created":{STAMP}}}"#
        );
        let err = decode("r-1", &json).unwrap_err();
        assert_eq!(err.code(), "projection");
        assert!(err.to_string().contains("r-1"), "{err}");
        // Each value may be fine alone and wrong together: a tare heavier
        // than its weighing.
        let json = format!(
            r#"{{"type":"weighing","id":"{A}","harvest":"{B}","quantity":{{"value":2.0,"unit":"kg"}},"tare_kg":3.0,"created":{STAMP}}}"#
        );
        let err = decode("r-2", &json).unwrap_err();
        assert_eq!(err.code(), "projection");
        assert!(
            err.to_string().contains("not less than the gross weight"),
            "{err}"
        );
    }
}
