//! The record envelope every domain shares: the `Record` enum over every
//! kind, who made a record (`Stamp`), and the `Writer`/`Reader` that turn a
//! record into a document's fields and back. Each domain's `codec` module
//! says which fields its kinds hold; this module only dispatches on `type`.
//! The field names are the schema: renaming one splits old and new devices,
//! so add fields, never rename them.
//!
//! Deliberately not here: the fields of any one kind (each domain's
//! `codec`), validation against other records (each domain's `writes`), and
//! the projection tables (the store).

use automerge::ScalarValue;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::{Bed, Catalog, Crop, Family, Farm, Outlet, Person, Variety, Zone};
use crate::document::{Document, RawRecord};
use crate::error::Error;
use crate::harvests::{Harvest, INLINE_WEIGHINGS_FIELD, Weighing, decode_inline_weighings};
use crate::ids::*;
use crate::observations::Observation;
use crate::tasks::{Task, TaskTemplate};
use crate::values::Name;

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

    /// The kinds that change month under the same id: a task moved to
    /// another month (`tasks::move_task`), a harvest or an observation
    /// redated (`write_moved`). The copy left behind holds `moved_to`.
    pub const MOVABLE_NAMES: [&'static str; 3] = ["task", "harvest", "observation"];

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
    /// weighings entered with it (`harvests::INLINE_WEIGHINGS_FIELD`).
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
    /// recurring task's instance does not hold itself (see
    /// `tasks::materialize`).
    pub fn from_raw_in(raw: &RawRecord, catalog: Option<&Catalog>) -> Result<Record, String> {
        let id = Uuid::parse_str(&raw.key).map_err(|_| "key is not a uuid".to_owned())?;
        let r = Reader { raw };
        if raw.str("type") == Some("task") && raw.str("template").is_some_and(|t| !t.is_empty()) {
            return crate::tasks::codec::instance_from_raw(&r, TaskId(id), catalog)
                .map(Record::Task);
        }
        Ok(match r.str("type")? {
            "farm" => Record::Farm(Farm::read(id, &r)?),
            "zone" => Record::Zone(Zone::read(id, &r)?),
            "bed" => Record::Bed(Bed::read(id, &r)?),
            "family" => Record::Family(Family::read(id, &r)?),
            "crop" => Record::Crop(Crop::read(id, &r)?),
            "variety" => Record::Variety(Variety::read(id, &r)?),
            "person" => Record::Person(Person::read(id, &r)?),
            "outlet" => Record::Outlet(Outlet::read(id, &r)?),
            "template" => Record::Template(TaskTemplate::read(id, &r)?),
            "task" => Record::Task(Task::read(id, &r)?),
            "harvest" => Record::Harvest(Harvest::read(id, &r)?),
            "weighing" => Record::Weighing(Weighing::read(id, &r)?),
            "observation" => Record::Observation(Observation::read(id, &r)?),
            other => return Err(format!("type: unknown record type `{other}`")),
        })
    }

    /// The fields written when the record is created.
    pub fn fields(&self) -> Vec<(&'static str, ScalarValue)> {
        let mut w = Writer::default();
        match self {
            Record::Farm(r) => r.write(&mut w),
            Record::Zone(r) => r.write(&mut w),
            Record::Bed(r) => r.write(&mut w),
            Record::Family(r) => r.write(&mut w),
            Record::Crop(r) => r.write(&mut w),
            Record::Variety(r) => r.write(&mut w),
            Record::Person(r) => r.write(&mut w),
            Record::Outlet(r) => r.write(&mut w),
            Record::Template(r) => r.write(&mut w),
            Record::Task(r) => r.write(&mut w),
            Record::Harvest(r) => r.write(&mut w),
            Record::Weighing(r) => r.write(&mut w),
            Record::Observation(r) => r.write(&mut w),
        }
        w.fields
    }
}

/// How one kind of record is written into a document's fields and read back.
/// Each domain implements it for its kinds in its `codec` module.
pub(crate) trait Codec: Sized {
    /// Reads the record whose key is `id`; an error names the bad field.
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String>;
    /// Writes the fields the record is created with.
    fn write(&self, w: &mut Writer);
}

pub(crate) fn join_ids(ids: impl Iterator<Item = Uuid>) -> String {
    ids.map(|id| id.to_string()).collect::<Vec<_>>().join(",")
}

pub(crate) fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|p| !p.is_empty())
}

/// Builds the field list of a write.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) fields: Vec<(&'static str, ScalarValue)>,
}

impl Writer {
    pub(crate) fn s(&mut self, name: &'static str, v: impl Into<String>) -> &mut Self {
        self.fields.push((name, ScalarValue::Str(v.into().into())));
        self
    }
    pub(crate) fn f(&mut self, name: &'static str, v: f64) -> &mut Self {
        self.fields.push((name, ScalarValue::F64(v)));
        self
    }
    pub(crate) fn i(&mut self, name: &'static str, v: i64) -> &mut Self {
        self.fields.push((name, ScalarValue::Int(v)));
        self
    }
    pub(crate) fn b(&mut self, name: &'static str, v: bool) -> &mut Self {
        self.fields.push((name, ScalarValue::Boolean(v)));
        self
    }
    pub(crate) fn stamp(&mut self, stamp: &Stamp) -> &mut Self {
        self.s("created_by", stamp.by.to_string())
            .s("created_at", stamp.at.to_rfc3339())
            .s("device", stamp.device.as_str())
    }
    /// As `stamp`, leaving out `created_at` when it is the record's own time
    /// `at` (a harvest or an observation is made when it happens): every
    /// field left out is bytes a new tablet does not download.
    pub(crate) fn stamp_at(&mut self, stamp: &Stamp, at: &DateTime<FixedOffset>) -> &mut Self {
        self.s("created_by", stamp.by.to_string());
        if stamp.at != *at || stamp.at.offset() != at.offset() {
            self.s("created_at", stamp.at.to_rfc3339());
        }
        self.s("device", stamp.device.as_str())
    }
    /// A text field written only when it says something: a missing field
    /// reads as empty.
    pub(crate) fn s_opt(&mut self, name: &'static str, v: &str) -> &mut Self {
        if !v.is_empty() {
            self.s(name, v);
        }
        self
    }
}

/// Reads a stored record's fields, each error naming the field.
pub(crate) struct Reader<'a> {
    pub(crate) raw: &'a RawRecord,
}

impl Reader<'_> {
    pub(crate) fn str(&self, field: &str) -> Result<&str, String> {
        self.raw
            .str(field)
            .ok_or_else(|| format!("{field}: missing or not text"))
    }
    pub(crate) fn name(&self, field: &'static str) -> Result<Name, String> {
        Name::parse(field, self.str(field)?).map_err(|e| e.to_string())
    }
    pub(crate) fn parse<T: std::str::FromStr<Err = Error>>(
        &self,
        field: &str,
    ) -> Result<T, String> {
        self.str(field)?
            .parse()
            .map_err(|e: Error| format!("{field}: {e}"))
    }
    pub(crate) fn f64(&self, field: &str) -> Result<f64, String> {
        self.raw
            .f64(field)
            .ok_or_else(|| format!("{field}: missing or not a number"))
    }
    pub(crate) fn i64(&self, field: &str) -> Result<i64, String> {
        self.raw
            .i64(field)
            .ok_or_else(|| format!("{field}: missing or not an integer"))
    }
    pub(crate) fn flag(&self, field: &str) -> bool {
        self.raw.bool(field).unwrap_or(false)
    }
    pub(crate) fn uuid(&self, field: &str) -> Result<Uuid, String> {
        Uuid::parse_str(self.str(field)?).map_err(|_| format!("{field}: not a uuid"))
    }
    pub(crate) fn opt_uuid(&self, field: &str) -> Result<Option<Uuid>, String> {
        match self.raw.str(field) {
            None | Some("") => Ok(None),
            Some(_) => self.uuid(field).map(Some),
        }
    }
    pub(crate) fn ids(&self, field: &str) -> Result<Vec<Uuid>, String> {
        split_list(self.raw.str(field).unwrap_or_default())
            .map(|s| Uuid::parse_str(s).map_err(|_| format!("{field}: `{s}` is not a uuid")))
            .collect()
    }
    pub(crate) fn date(&self, field: &str) -> Result<NaiveDate, String> {
        NaiveDate::parse_from_str(self.str(field)?, "%Y-%m-%d")
            .map_err(|_| format!("{field}: not a date"))
    }
    pub(crate) fn opt_date(&self, field: &str) -> Result<Option<NaiveDate>, String> {
        match self.raw.str(field) {
            None | Some("") => Ok(None),
            Some(_) => self.date(field).map(Some),
        }
    }
    pub(crate) fn time(&self, field: &str) -> Result<DateTime<FixedOffset>, String> {
        DateTime::parse_from_rfc3339(self.str(field)?)
            .map_err(|_| format!("{field}: not a timestamp"))
    }
    pub(crate) fn opt_minutes(&self, field: &str) -> Result<Option<u32>, String> {
        match self.raw.i64(field) {
            None | Some(0) => Ok(None),
            Some(m) => u32::try_from(m)
                .map(Some)
                .map_err(|_| format!("{field}: {m} is not a duration")),
        }
    }
    pub(crate) fn stamp(&self) -> Result<Stamp, String> {
        Ok(Stamp {
            by: PersonId(self.uuid("created_by")?),
            at: self.time("created_at")?,
            device: self.raw.str("device").unwrap_or_default().to_owned(),
        })
    }
    /// A stamp whose time may be left out when it equals the record's own
    /// `time_field` (see `Writer::stamp_at`).
    pub(crate) fn stamp_at(&self, time_field: &str) -> Result<Stamp, String> {
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

/// Reads every record of a document, skipping (and reporting) malformed ones
/// instead of failing the whole document.
pub fn read_records(doc: &Document) -> (Vec<Record>, Vec<Error>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for raw in doc.records() {
        match Record::all_from_raw_in(&raw, None) {
            Ok(all) => records.extend(all),
            Err(problem) => errors.push(Error::MalformedRecord {
                doc: doc.id(),
                key: raw.key.clone(),
                problem,
            }),
        }
    }
    (records, errors)
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
        )
        .unwrap();
        let (records, errors) = read_records(&doc);
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
