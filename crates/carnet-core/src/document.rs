//! Automerge documents and the record layout inside them (docs/DESIGN.md §2).
//!
//! A farm has one catalog document and one document per month per domain.
//! Records live in the root map, keyed by their UUID, as a nested map of
//! scalar fields. Nothing ever deletes a key: records are marked instead.
//!
//! Reading is conflict-aware. A field may hold several concurrent values
//! (`get_all`), and a record key may even hold several map objects when two
//! devices created it concurrently (a recurring task's instance materialized
//! offline on two tablets). Readers see every value; writers put into every
//! visible object, which supersedes the concurrent values they have seen.
//!
//! Deliberately not here: what a record means (see `record`), where the bytes
//! are kept (the store), and the network.

use std::collections::BTreeMap;
use std::fmt;

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ChangeHash, ObjType, ROOT, ReadDoc, ScalarValue, Value};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::ids::{DocumentId, FarmId, PersonId};
use crate::values::Month;

/// What a monthly document holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    Tasks,
    Harvests,
    Observations,
}

impl Domain {
    pub const ALL: [Domain; 3] = [Domain::Tasks, Domain::Harvests, Domain::Observations];

    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Tasks => "tasks",
            Domain::Harvests => "harvests",
            Domain::Observations => "observations",
        }
    }
}

/// Which document: the farm's catalog, or one domain's month. Not
/// serializable by design: its stored text is `DocKey::name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKey {
    Catalog {
        farm: FarmId,
    },
    Month {
        farm: FarmId,
        domain: Domain,
        month: Month,
    },
}

/// Namespace of the v5 UUIDs that name documents. Changing it would split
/// every farm's documents in two: never change it.
const DOCUMENT_NAMESPACE: Uuid = Uuid::from_u128(0x6361_726e_6574_2d64_6f63_2d69_6473_0001);

impl DocKey {
    pub fn farm(&self) -> FarmId {
        match *self {
            DocKey::Catalog { farm } | DocKey::Month { farm, .. } => farm,
        }
    }

    /// The key's text, a storage format decided here: `carnet/{farm}/catalog`
    /// or `carnet/{farm}/{domain}/{month}` (`carnet/…/tasks/2026-11`). The
    /// document id is derived from it, and a store keeps it beside each
    /// document; `DocKey::parse_stored` reads it back. Never change it.
    pub fn name(&self) -> String {
        match self {
            DocKey::Catalog { farm } => format!("carnet/{farm}/catalog"),
            DocKey::Month {
                farm,
                domain,
                month,
            } => format!("carnet/{farm}/{}/{month}", domain.as_str()),
        }
    }

    /// Reads what `name` wrote. Leniently about the month: one outside
    /// 2000–2200 (a document filed by a wrong clock before writes were
    /// checked) still names its document, so a store holding one opens,
    /// projects and lists it; `FromStr` is the strict reading.
    pub fn parse_stored(text: &str) -> Result<DocKey> {
        Self::parse_name(text, |m| {
            let (y, m) = m.split_once('-')?;
            let date = chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
            Some(Month::of(date))
        })
    }

    fn parse_name(text: &str, month: impl Fn(&str) -> Option<Month>) -> Result<DocKey> {
        let bad = || {
            Error::invalid(
                "document",
                format!("`{text}` is not a document key like carnet/{{farm}}/tasks/2026-11"),
            )
        };
        let mut parts = text.split('/');
        if parts.next() != Some("carnet") {
            return Err(bad());
        }
        let farm: FarmId = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
        let key = match (parts.next(), parts.next()) {
            (Some("catalog"), None) => DocKey::Catalog { farm },
            (Some(domain), Some(m)) => DocKey::Month {
                farm,
                domain: Domain::ALL
                    .into_iter()
                    .find(|d| d.as_str() == domain)
                    .ok_or_else(bad)?,
                month: month(m).ok_or_else(bad)?,
            },
            _ => return Err(bad()),
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(key)
    }

    /// The document's id, the same on every device, online or not: the
    /// UUID v5 of its `name`.
    pub fn id(&self) -> DocumentId {
        DocumentId(*Uuid::new_v5(&DOCUMENT_NAMESPACE, self.name().as_bytes()).as_bytes())
    }

    pub fn domain(&self) -> Option<Domain> {
        match self {
            DocKey::Catalog { .. } => None,
            DocKey::Month { domain, .. } => Some(*domain),
        }
    }

    pub fn month(&self) -> Option<Month> {
        match self {
            DocKey::Catalog { .. } => None,
            DocKey::Month { month, .. } => Some(*month),
        }
    }
}

impl std::str::FromStr for DocKey {
    type Err = Error;
    /// Reads what `DocKey::name` wrote, refusing a month outside 2000–2200.
    fn from_str(text: &str) -> Result<DocKey> {
        Self::parse_name(text, |m| m.parse().ok())
    }
}

impl fmt::Display for DocKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocKey::Catalog { .. } => f.write_str("catalog"),
            DocKey::Month { domain, month, .. } => write!(f, "{}/{month}", domain.as_str()),
        }
    }
}

/// Who acts, from which device, and when. Every write carries it.
#[derive(Clone, Debug)]
pub struct Author {
    pub person: PersonId,
    /// The device's human name ("tablette 2"), written once per document
    /// beside its actor id so conflicts can say which device wrote what.
    pub device: String,
    pub now: DateTime<FixedOffset>,
}

/// One value of a field, and the Automerge actor that wrote it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldValue {
    pub value: ScalarValue,
    pub actor: ActorId,
    /// The Lamport counter of the operation that wrote the value: with the
    /// actor, it names the change that wrote it (see `authors_of`).
    pub counter: u64,
}

/// A record as stored: every field with all its concurrent values, the value
/// Automerge picks as winner first.
#[derive(Clone, Debug)]
pub struct RawRecord {
    pub key: String,
    pub fields: BTreeMap<String, Vec<FieldValue>>,
}

impl RawRecord {
    fn first(&self, field: &str) -> Option<&ScalarValue> {
        self.fields
            .get(field)
            .and_then(|v| v.first())
            .map(|v| &v.value)
    }

    pub fn has(&self, field: &str) -> bool {
        self.first(field)
            .is_some_and(|v| !matches!(v, ScalarValue::Null))
    }

    pub fn str(&self, field: &str) -> Option<&str> {
        match self.first(field)? {
            ScalarValue::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    pub fn f64(&self, field: &str) -> Option<f64> {
        match *self.first(field)? {
            ScalarValue::F64(v) => Some(v),
            ScalarValue::Int(v) => Some(v as f64),
            ScalarValue::Uint(v) => Some(v as f64),
            _ => None,
        }
    }

    pub fn i64(&self, field: &str) -> Option<i64> {
        match *self.first(field)? {
            ScalarValue::Int(v) => Some(v),
            ScalarValue::Uint(v) => i64::try_from(v).ok(),
            _ => None,
        }
    }

    pub fn bool(&self, field: &str) -> Option<bool> {
        match *self.first(field)? {
            ScalarValue::Boolean(v) => Some(v),
            _ => None,
        }
    }

    pub fn record_type(&self) -> Option<&str> {
        self.str(TYPE_FIELD)
    }
}

/// The field every record map carries to say what it is.
pub const TYPE_FIELD: &str = "type";
/// Bookkeeping fields every edit touches; concurrent values there are not
/// conflicts anyone needs to resolve.
pub const META_FIELDS: [&str; 2] = ["updated_at", "updated_by"];
const DEVICE_KEY_PREFIX: &str = "device:";

/// One record's worth of a write: its key, its type, the fields to put.
#[derive(Clone, Copy, Debug)]
pub struct RecordWrite<'a> {
    pub key: &'a str,
    pub record_type: &'a str,
    pub fields: &'a [(&'a str, ScalarValue)],
}

/// One field of one record that holds concurrent values.
#[derive(Clone, Debug, PartialEq)]
pub struct RawConflict {
    pub record_key: String,
    pub record_type: String,
    pub field: String,
    pub values: Vec<ConflictingValue>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConflictingValue {
    pub value: ScalarValue,
    pub actor: String,
    /// The person whose edit wrote this value, when the same change also
    /// wrote `updated_by` (or `created_by`).
    pub person: Option<String>,
    pub device: Option<String>,
    pub at: Option<String>,
}

/// An Automerge document with the bookkeeping the store needs: which heads
/// are already saved, so the next incremental chunk holds only what is new.
pub struct Document {
    key: DocKey,
    doc: AutoCommit,
    saved_heads: Vec<ChangeHash>,
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("key", &self.key)
            .field("id", &self.id())
            .finish()
    }
}

impl Document {
    pub fn new(key: DocKey, actor: ActorId) -> Self {
        Self {
            key,
            doc: AutoCommit::new().with_actor(actor),
            saved_heads: Vec::new(),
        }
    }

    /// Loads a document from its stored chunks (a snapshot and incremental
    /// changes, in order). Everything loaded counts as saved.
    pub fn load<'a>(
        key: DocKey,
        chunks: impl IntoIterator<Item = &'a [u8]>,
        actor: ActorId,
    ) -> Result<Self> {
        let corrupt = |source| Error::CorruptDocument {
            doc: key.id(),
            source: Box::new(source),
        };
        let mut doc: Option<AutoCommit> = None;
        for chunk in chunks {
            match doc.as_mut() {
                None => doc = Some(AutoCommit::load(chunk).map_err(corrupt)?),
                Some(doc) => {
                    doc.load_incremental(chunk).map_err(corrupt)?;
                }
            }
        }
        let mut doc = doc.unwrap_or_default().with_actor(actor);
        let saved_heads = doc.get_heads();
        Ok(Self {
            key,
            doc,
            saved_heads,
        })
    }

    pub fn key(&self) -> DocKey {
        self.key
    }

    pub fn id(&self) -> DocumentId {
        self.key.id()
    }

    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    pub fn automerge(&mut self) -> &mut AutoCommit {
        &mut self.doc
    }

    /// The changes made or received since the last save, as one chunk, or
    /// `None` when there are none. Uses `save_after` on purpose: the first
    /// `save_incremental` after a load returns the whole history.
    pub fn take_incremental(&mut self) -> Option<Vec<u8>> {
        let heads = self.doc.get_heads();
        if heads == self.saved_heads {
            return None;
        }
        let bytes = self.doc.save_after(&self.saved_heads);
        self.saved_heads = heads;
        Some(bytes)
    }

    /// A compact snapshot of the whole document; everything counts as saved.
    pub fn snapshot(&mut self) -> Vec<u8> {
        let bytes = self.doc.save();
        self.saved_heads = self.doc.get_heads();
        bytes
    }

    /// Every record in the document, in key order.
    pub fn records(&self) -> Vec<RawRecord> {
        self.doc
            .keys(ROOT)
            .filter(|k| !k.starts_with(DEVICE_KEY_PREFIX))
            .filter_map(|key| self.record(&key))
            .collect()
    }

    /// Root keys that hold no record map (a scalar or a list where a record
    /// should be, written by a buggy or foreign client): readers skip them,
    /// the store reports them, nobody deletes them.
    pub fn stray_keys(&self) -> Vec<String> {
        self.doc
            .keys(ROOT)
            .filter(|k| !k.starts_with(DEVICE_KEY_PREFIX))
            .filter(|k| self.record_objects(k).is_empty())
            .collect()
    }

    /// One record by key, merging the map objects concurrently created under
    /// that key.
    pub fn record(&self, key: &str) -> Option<RawRecord> {
        let objects = self.record_objects(key);
        if objects.is_empty() {
            return None;
        }
        let mut fields: BTreeMap<String, Vec<FieldValue>> = BTreeMap::new();
        for obj in &objects {
            for field in self.doc.keys(obj) {
                let values = self.doc.get_all(obj, field.as_str()).unwrap_or_default();
                let slot = fields.entry(field).or_default();
                // get_all lists concurrent values oldest first; the winner is last.
                for (value, id) in values.into_iter().rev() {
                    let Some(value) = self.field_scalar(value, &id) else {
                        continue;
                    };
                    let (counter, actor) = match id {
                        automerge::ObjId::Id(counter, actor, _) => (counter, actor),
                        automerge::ObjId::Root => continue,
                    };
                    if !slot.iter().any(|v| v.value == value) {
                        slot.push(FieldValue {
                            value,
                            actor,
                            counter,
                        });
                    }
                }
            }
        }
        Some(RawRecord {
            key: key.to_owned(),
            fields,
        })
    }

    /// A field's value as Carnet's codecs read it. What a stock
    /// automerge-repo JavaScript client (automerge 3) writes for plain JS
    /// values must read like Carnet's own scalars, so a third party can write
    /// a farm's records (docs/SCHEMA.md):
    /// - a JS string is stored as a Text object: it reads as the string it
    ///   holds;
    /// - a JS `Date` is a Timestamp (milliseconds): it reads as the RFC 3339
    ///   text Carnet writes for times, in UTC;
    /// - a JS number is an Int when whole, else an F64: both already read as
    ///   numbers (`RawRecord::f64`).
    ///
    /// Other objects (maps, lists) are not fields Carnet writes: they read as
    /// absent, and the record's codec names the missing field.
    fn field_scalar(&self, value: Value<'_>, id: &automerge::ObjId) -> Option<ScalarValue> {
        match value {
            Value::Scalar(value) => match value.as_ref() {
                ScalarValue::Timestamp(ms) => {
                    DateTime::from_timestamp_millis(*ms).map(|t| ScalarValue::from(t.to_rfc3339()))
                }
                _ => Some(value.into_owned()),
            },
            Value::Object(ObjType::Text) => self.doc.text(id).ok().map(ScalarValue::from),
            Value::Object(_) => None,
        }
    }

    /// The map objects under a root key, the winner first.
    fn record_objects(&self, key: &str) -> Vec<automerge::ObjId> {
        let mut objects: Vec<_> = self
            .doc
            .get_all(ROOT, key)
            .unwrap_or_default()
            .into_iter()
            .filter(|(v, _)| matches!(v, Value::Object(ObjType::Map)))
            .map(|(_, id)| id)
            .collect();
        objects.reverse();
        objects
    }

    /// Creates the record if its key is new, then puts the fields into every
    /// visible object of it, in one change. Fields whose value is already the
    /// only value are not written again (no spurious operations).
    pub fn put_record(
        &mut self,
        author: &Author,
        key: &str,
        record_type: &str,
        fields: &[(&str, ScalarValue)],
    ) -> Result<()> {
        self.put_records(
            author,
            &[RecordWrite {
                key,
                record_type,
                fields,
            }],
        )
    }

    /// Several records in one change (a harvest and its first weighings).
    pub fn put_records(&mut self, author: &Author, records: &[RecordWrite<'_>]) -> Result<()> {
        self.put_records_in_one_change(author, records, false)
    }

    /// Commits the records as one change, or leaves nothing half-written in
    /// the document.
    fn put_records_in_one_change(
        &mut self,
        author: &Author,
        records: &[RecordWrite<'_>],
        rewrite: bool,
    ) -> Result<()> {
        match self.put_records_uncommitted(author, records, rewrite) {
            Ok(()) => {
                self.commit(author);
                Ok(())
            }
            Err(e) => {
                self.doc.rollback();
                Err(e)
            }
        }
    }

    /// As `put_record`, writing every field even where it already holds the
    /// value: a move rewrites the copy it leaves behind so that a change
    /// made to it concurrently (an offline tick) meets a concurrent value
    /// and shows as a conflict, instead of silently winning on a copy
    /// nobody lists (`tasks::move_task`).
    pub fn rewrite_record(
        &mut self,
        author: &Author,
        key: &str,
        record_type: &str,
        fields: &[(&str, ScalarValue)],
    ) -> Result<()> {
        let records = [RecordWrite {
            key,
            record_type,
            fields,
        }];
        self.put_records_in_one_change(author, &records, true)
    }

    fn put_records_uncommitted(
        &mut self,
        author: &Author,
        records: &[RecordWrite<'_>],
        rewrite: bool,
    ) -> Result<()> {
        self.ensure_device_label(author)?;
        for &RecordWrite {
            key,
            record_type,
            fields,
        } in records
        {
            let mut objects = self.record_objects(key);
            if objects.is_empty() {
                let obj = self.doc.put_object(ROOT, key, ObjType::Map)?;
                self.doc.put(&obj, TYPE_FIELD, record_type)?;
                objects.push(obj);
            }
            for obj in &objects {
                for (field, value) in fields.iter() {
                    let current = self.doc.get_all(obj, *field)?;
                    let unchanged = !rewrite
                        && current.len() == 1
                        && matches!(&current[0].0, Value::Scalar(v) if v.as_ref() == value);
                    // Automerge itself writes no operation for a value
                    // equal to the current one; a rewrite deletes first so
                    // the put is a new operation concurrent values meet.
                    if rewrite && !current.is_empty() {
                        self.doc.delete(obj, *field)?;
                    }
                    if !unchanged {
                        self.doc.put(obj, *field, value.clone())?;
                    }
                }
            }
        }
        Ok(())
    }

    fn ensure_device_label(&mut self, author: &Author) -> Result<()> {
        let key = format!("{DEVICE_KEY_PREFIX}{}", self.doc.get_actor());
        let current = self.doc.get(ROOT, key.as_str())?;
        let same = matches!(&current, Some((Value::Scalar(v), _)) if v.as_str() == Some(author.device.as_str()));
        if !same {
            self.doc.put(ROOT, key.as_str(), author.device.as_str())?;
        }
        Ok(())
    }

    /// Commits with the person as the message and the time (seconds) as the
    /// change's time. Conflicts read both back to say who wrote each value
    /// and when, even after later edits overwrote `updated_by`.
    ///
    /// Nothing else goes in the message: every byte of it is sent to every
    /// new tablet once per change, and the longer form
    /// `"{what}|{person}|{rfc3339}"` of earlier versions (still read) made
    /// about 7 % of a new tablet's start-up set.
    fn commit(&mut self, author: &Author) {
        self.doc.commit_with(
            CommitOptions::default()
                .with_message(author.person.to_string())
                .with_time(author.now.timestamp()),
        );
    }

    /// The device name an actor wrote beside its id in this document.
    pub fn device_label(&self, actor: &ActorId) -> Option<String> {
        let key = format!("{DEVICE_KEY_PREFIX}{actor}");
        match self.doc.get(ROOT, key.as_str()).ok().flatten() {
            Some((Value::Scalar(v), _)) => v.as_str().map(str::to_owned),
            _ => None,
        }
    }

    /// Every field that holds concurrent values, with who wrote each.
    pub fn conflicts(&mut self) -> Vec<RawConflict> {
        let records = self.records();
        records.iter().flat_map(|r| self.conflicts_of(r)).collect()
    }

    /// The fields of one record that hold concurrent values.
    pub fn conflicts_of(&mut self, record: &RawRecord) -> Vec<RawConflict> {
        let conflicting: Vec<(&String, &Vec<FieldValue>)> = record
            .fields
            .iter()
            .filter(|(field, values)| values.len() > 1 && !META_FIELDS.contains(&field.as_str()))
            .collect();
        if conflicting.is_empty() {
            return Vec::new();
        }
        let authors = self.authors_of(conflicting.iter().flat_map(|(_, vs)| vs.iter()));
        let record_type = record.record_type().unwrap_or("unknown").to_owned();
        conflicting
            .into_iter()
            .map(|(field, values)| RawConflict {
                record_key: record.key.clone(),
                record_type: record_type.clone(),
                field: field.clone(),
                values: values
                    .iter()
                    .map(|v| {
                        let written = authors.get(&(v.actor.clone(), v.counter));
                        ConflictingValue {
                            value: v.value.clone(),
                            actor: v.actor.to_hex_string(),
                            person: written.and_then(|w| w.0.clone()).or_else(|| {
                                same_actor_value(record, &["updated_by", "created_by"], &v.actor)
                            }),
                            device: self.device_label(&v.actor),
                            at: written.and_then(|w| w.1.clone()).or_else(|| {
                                same_actor_value(record, &["updated_at", "created_at"], &v.actor)
                            }),
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    /// For each value, the person and time written in the message of the
    /// change that holds its operation.
    fn authors_of<'a>(
        &mut self,
        values: impl Iterator<Item = &'a FieldValue>,
    ) -> std::collections::HashMap<(ActorId, u64), (Option<String>, Option<String>)> {
        let wanted: Vec<(ActorId, u64)> = values.map(|v| (v.actor.clone(), v.counter)).collect();
        let mut out = std::collections::HashMap::new();
        for change in self.doc.get_changes_meta(&[]) {
            for (actor, counter) in &wanted {
                if change.actor.as_ref() == actor
                    && (change.start_op..=change.max_op).contains(counter)
                {
                    let message = change.message.as_deref().unwrap_or_default();
                    let (person, at) = match message.split_once('|') {
                        // Earlier versions: "{what}|{person}|{rfc3339}".
                        Some((_, rest)) => {
                            let (person, at) = rest.split_once('|').unwrap_or((rest, ""));
                            (person, Some(at.to_owned()).filter(|a| !a.is_empty()))
                        }
                        None => (message, change_time(change.timestamp)),
                    };
                    let person = Some(person.to_owned()).filter(|p| !p.is_empty());
                    out.insert((actor.clone(), *counter), (person, at));
                }
            }
        }
        out
    }
}

/// A change's time as RFC 3339. Carnet writes seconds; automerge-repo's
/// JavaScript clients write milliseconds, told apart by size (10^11 s is
/// the year 5138).
fn change_time(timestamp: i64) -> Option<String> {
    let seconds = if timestamp.abs() >= 100_000_000_000 {
        timestamp / 1000
    } else {
        timestamp
    };
    (timestamp != 0)
        .then(|| DateTime::from_timestamp(seconds, 0))
        .flatten()
        .map(|t| t.to_rfc3339())
}

fn same_actor_value(record: &RawRecord, fields: &[&str], actor: &ActorId) -> Option<String> {
    fields.iter().find_map(|f| {
        record
            .fields
            .get(*f)?
            .iter()
            .find(|v| &v.actor == actor)
            .and_then(|v| match &v.value {
                ScalarValue::Str(s) => Some(s.to_string()),
                _ => None,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn author(n: u128) -> Author {
        Author {
            person: PersonId(Uuid::from_u128(n)),
            device: format!("tablet {n}"),
            now: FixedOffset::east_opt(3600)
                .unwrap()
                .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
                .unwrap(),
        }
    }

    fn key() -> DocKey {
        DocKey::Month {
            farm: FarmId(Uuid::from_u128(1)),
            domain: Domain::Tasks,
            month: "2026-11".parse().unwrap(),
        }
    }

    fn doc(actor: u8) -> Document {
        Document::new(key(), ActorId::from(&[actor; 16][..]))
    }

    fn merge(a: &mut Document, b: &mut Document) {
        a.automerge().merge(b.automerge()).unwrap();
        b.automerge().merge(a.automerge()).unwrap();
    }

    #[test]
    fn document_ids_are_deterministic_and_distinct() {
        let farm = FarmId(Uuid::from_u128(1));
        let nov = DocKey::Month {
            farm,
            domain: Domain::Harvests,
            month: "2026-11".parse().unwrap(),
        };
        let dec = DocKey::Month {
            farm,
            domain: Domain::Harvests,
            month: "2026-12".parse().unwrap(),
        };
        assert_eq!(nov.id(), nov.id());
        assert_ne!(nov.id(), dec.id());
        assert_ne!(nov.id(), DocKey::Catalog { farm }.id());
    }

    #[test]
    fn same_record_created_on_two_devices_reads_as_one_with_both_edits() {
        let (mut a, mut b) = (doc(1), doc(2));
        let fields = [("title", ScalarValue::from("water"))];
        a.put_record(&author(1), "k", "task", &fields).unwrap();
        b.put_record(&author(2), "k", "task", &fields).unwrap();
        merge(&mut a, &mut b);
        let rec = a.record("k").unwrap();
        assert_eq!(rec.fields["title"].len(), 1, "equal values are one value");
        // An edit after the merge reaches both objects, so nothing stays stale.
        a.put_record(&author(1), "k", "task", &[("status", "done".into())])
            .unwrap();
        merge(&mut a, &mut b);
        let rec = b.record("k").unwrap();
        assert_eq!(rec.str("status"), Some("done"));
        assert_eq!(rec.fields["status"].len(), 1);
        assert!(b.conflicts().is_empty(), "{:?}", b.conflicts());
    }

    #[test]
    fn concurrent_edits_of_one_field_keep_both_values_with_their_authors() {
        let (mut a, mut b) = (doc(1), doc(2));
        a.put_record(&author(1), "k", "task", &[("title", "water".into())])
            .unwrap();
        merge(&mut a, &mut b);
        a.put_record(
            &author(1),
            "k",
            "task",
            &[("title", "water A-07".into()), ("updated_by", "p1".into())],
        )
        .unwrap();
        b.put_record(
            &author(2),
            "k",
            "task",
            &[("title", "water A-08".into()), ("updated_by", "p2".into())],
        )
        .unwrap();
        merge(&mut a, &mut b);
        let conflicts = a.conflicts();
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        let c = &conflicts[0];
        assert_eq!(c.field, "title");
        let mut who: Vec<_> = c
            .values
            .iter()
            .map(|v| {
                (
                    v.value.as_str().unwrap().to_owned(),
                    v.person.clone().unwrap(),
                    v.device.clone().unwrap(),
                )
            })
            .collect();
        who.sort();
        assert_eq!(
            who,
            [
                (
                    "water A-07".to_owned(),
                    author(1).person.to_string(), // from the change that wrote it
                    "tablet 1".to_owned()
                ),
                (
                    "water A-08".to_owned(),
                    author(2).person.to_string(),
                    "tablet 2".to_owned()
                )
            ]
        );
        // Resolving writes the chosen value over both.
        a.put_record(&author(1), "k", "task", &[("title", "water A-08".into())])
            .unwrap();
        merge(&mut a, &mut b);
        assert!(b.conflicts().is_empty());
        assert_eq!(b.record("k").unwrap().str("title"), Some("water A-08"));
    }

    #[test]
    fn incremental_chunks_hold_only_new_changes_and_reload() {
        let mut a = doc(1);
        a.put_record(&author(1), "k1", "task", &[("title", "one".into())])
            .unwrap();
        let snapshot = a.snapshot();
        assert!(a.take_incremental().is_none());
        a.put_record(&author(1), "k2", "task", &[("title", "two".into())])
            .unwrap();
        let inc = a.take_incremental().unwrap();
        assert!(inc.len() < snapshot.len() + 200);
        let mut loaded = Document::load(
            key(),
            [&snapshot[..], &inc[..]],
            ActorId::from(&[1; 16][..]),
        )
        .unwrap();
        assert_eq!(loaded.records().len(), 2);
        assert!(
            loaded.take_incremental().is_none(),
            "a fresh load has nothing unsaved"
        );
    }

    /// Writes one record as a stock automerge-repo JavaScript client does
    /// for `doc[key] = { type: "harvest", bed: "A-07", kg: 12, tare: 1.5,
    /// at: new Date(..), extra: { .. } }`: strings as Text objects, whole
    /// numbers as Int, a Date as a Timestamp.
    fn put_as_javascript_would(doc: &mut Document, key: &str) {
        let am = doc.automerge();
        let obj = am.put_object(ROOT, key, ObjType::Map).unwrap();
        for (field, text) in [("type", "harvest"), ("bed", "A-07")] {
            let text_obj = am.put_object(&obj, field, ObjType::Text).unwrap();
            am.splice_text(&text_obj, 0, 0, text).unwrap();
        }
        am.put(&obj, "kg", ScalarValue::Int(12)).unwrap();
        am.put(&obj, "tare", ScalarValue::F64(1.5)).unwrap();
        am.put(&obj, "at", ScalarValue::Timestamp(1_795_853_400_000))
            .unwrap();
        let nested = am.put_object(&obj, "extra", ObjType::Map).unwrap();
        am.put(&nested, "x", "y").unwrap();
        am.commit();
    }

    #[test]
    fn text_fields_written_by_javascript_read_as_strings() {
        let mut a = doc(1);
        put_as_javascript_would(&mut a, "k");
        let rec = a.record("k").unwrap();
        assert_eq!(rec.record_type(), Some("harvest"));
        assert_eq!(rec.str("bed"), Some("A-07"));
        assert_eq!(rec.f64("kg"), Some(12.0), "a whole JS number is an Int");
        assert_eq!(rec.i64("kg"), Some(12));
        assert_eq!(rec.f64("tare"), Some(1.5));
        assert_eq!(
            rec.str("at"),
            Some("2026-11-28T08:10:00+00:00"),
            "a JS Date reads as the RFC 3339 text Carnet writes for times"
        );
        assert!(
            !rec.has("extra"),
            "a nested map is not a scalar: {:?}",
            rec.fields
        );
    }

    #[test]
    fn text_field_edited_by_carnet_becomes_a_scalar_and_reads_once() {
        let mut a = doc(1);
        put_as_javascript_would(&mut a, "k");
        a.put_record(&author(1), "k", "harvest", &[("bed", "B-03".into())])
            .unwrap();
        let rec = a.record("k").unwrap();
        assert_eq!(rec.str("bed"), Some("B-03"));
        assert_eq!(rec.fields["bed"].len(), 1);
        assert!(a.conflicts().is_empty(), "{:?}", a.conflicts());
    }

    #[test]
    fn concurrent_text_and_scalar_values_are_a_conflict_of_two_strings() {
        let (mut a, mut b) = (doc(1), doc(2));
        put_as_javascript_would(&mut a, "k");
        merge(&mut a, &mut b);
        // The JavaScript client assigns a new string (a new Text object)
        // while Carnet puts a scalar: both values stay visible as strings.
        let am = a.automerge();
        let (_, obj) = am.get(ROOT, "k").unwrap().unwrap();
        let text = am.put_object(&obj, "bed", ObjType::Text).unwrap();
        am.splice_text(&text, 0, 0, "A-07b").unwrap();
        am.commit();
        b.put_record(&author(2), "k", "harvest", &[("bed", "C-01".into())])
            .unwrap();
        merge(&mut a, &mut b);
        let rec = a.record("k").unwrap();
        let mut values: Vec<_> = rec.fields["bed"]
            .iter()
            .map(|v| v.value.as_str().unwrap().to_owned())
            .collect();
        values.sort();
        assert_eq!(values, ["A-07b", "C-01"]);
    }

    #[test]
    fn garbage_chunk_names_the_document() {
        let err = Document::load(key(), [&b"not automerge"[..]], ActorId::random()).unwrap_err();
        assert!(matches!(err, Error::CorruptDocument { .. }));
        assert!(err.to_string().contains(&key().id().to_string()), "{err}");
    }
}
