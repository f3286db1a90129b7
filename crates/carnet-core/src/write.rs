//! The steps every write shares, whatever its domain: stamping a record with
//! its author, refusing a second record under one id, writing an edit's
//! fields with who changed them, and checking that the document is the one
//! the record belongs in, and moving a record under its id into another
//! month's document (`write_moved`, a redate).
//!
//! Deliberately not here: any one kind's write (each domain's `writes`).
//! Ids and the author (person, device, time) come in as arguments: nothing
//! here reads a clock or draws a random number.

use automerge::ScalarValue;
use chrono::NaiveDate;

use crate::document::{Author, DocKey, Document, Domain};
use crate::error::{Error, Result};
use crate::ids::FarmId;
use crate::record::{Record, Stamp};
use crate::values::Month;

pub(crate) fn stamp(author: &Author) -> Stamp {
    Stamp {
        by: author.person,
        at: author.now,
        device: author.device.clone(),
    }
}

pub(crate) fn updated(author: &Author) -> [(&'static str, ScalarValue); 2] {
    [
        (
            "updated_by",
            ScalarValue::Str(author.person.to_string().into()),
        ),
        (
            "updated_at",
            ScalarValue::Str(author.now.to_rfc3339().into()),
        ),
    ]
}

pub(crate) fn write_new(doc: &mut Document, author: &Author, record: &Record) -> Result<()> {
    let key = record.id().to_string();
    if doc.record(&key).is_some() {
        return Err(Error::invalid(
            "id",
            format!("a record with id {key} already exists"),
        ));
    }
    doc.put_record(author, &key, record.type_name(), &record.fields())
}

pub(crate) fn write_edit(
    doc: &mut Document,
    author: &Author,
    key: &str,
    record_type: &'static str,
    fields: Vec<(&'static str, ScalarValue)>,
) -> Result<()> {
    if doc.record(key).is_none() {
        return Err(Error::not_found(record_type, key));
    }
    let mut fields = fields;
    fields.extend(updated(author));
    doc.put_record(author, key, record_type, &fields)
}

pub(crate) fn expect_catalog(doc: &Document) -> Result<()> {
    match doc.key() {
        DocKey::Catalog { .. } => Ok(()),
        other => Err(Error::invalid(
            "document",
            format!("{other} is not the catalog"),
        )),
    }
}

/// The monthly document a record of `domain` dated in `month` belongs in.
fn month_key(farm: FarmId, domain: Domain, month: Month) -> DocKey {
    DocKey::Month {
        farm,
        domain,
        month,
    }
}

pub(crate) fn expect_month(doc: &Document, domain: Domain, date: NaiveDate) -> Result<()> {
    let want = month_key(doc.key().farm(), domain, Month::of(date));
    if doc.key() != want {
        return Err(Error::invalid(
            "document",
            format!("{} does not hold {want}", doc.key()),
        ));
    }
    Ok(())
}

/// Moves a stored record to another month's document under the same id,
/// for a correction of its date (a harvest or observation stamped by a
/// wrong clock): every field of `from`'s copy (its winning value, unknown
/// fields included) is written into `to` with `changes` applied and one
/// more `moves`; `from`'s copy is marked `moved_to` with every field
/// rewritten to the same values, so a concurrent change to it meets a
/// concurrent value (a listed conflict). The projection lists the copy not
/// moved away (`Task::outranks` says the order). The caller checks that
/// `to` is the month the changed record belongs in.
pub(crate) fn write_moved(
    from: &mut Document,
    to: &mut Document,
    author: &Author,
    key: &str,
    record_type: &'static str,
    changes: Vec<(&'static str, ScalarValue)>,
) -> Result<()> {
    let raw = from
        .record(key)
        .ok_or_else(|| Error::not_found(record_type, key))?;
    if let Some(month) = raw.str("moved_to").filter(|m| !m.is_empty()) {
        return Err(Error::invalid(
            record_type,
            format!("{key} moved to {month}"),
        ));
    }
    if from.key() == to.key() {
        return Err(Error::invalid(
            "date",
            format!("{record_type} {key} is already in {}", from.key()),
        ));
    }
    let Some(month) = to.key().month() else {
        return Err(Error::invalid(
            "document",
            format!("{} is not a month", to.key()),
        ));
    };
    let moves = raw.i64("moves").unwrap_or(0);
    let skip = |f: &str| {
        matches!(
            f,
            "type" | "moved_to" | "moves" | "updated_by" | "updated_at"
        ) || changes.iter().any(|(c, _)| *c == f)
    };
    let kept: Vec<(String, ScalarValue)> = raw
        .fields
        .iter()
        .filter(|(f, _)| !skip(f))
        .filter_map(|(f, values)| values.first().map(|v| (f.clone(), v.value.clone())))
        .collect();
    let fields = |moved_to: String, moves: i64| {
        let mut fields: Vec<(&str, ScalarValue)> = kept
            .iter()
            .map(|(f, v)| (f.as_str(), v.clone()))
            .chain(changes.iter().map(|(f, v)| (*f, v.clone())))
            .collect();
        fields.push(("moved_to", moved_to.into()));
        fields.push(("moves", ScalarValue::Int(moves)));
        fields.extend(updated(author));
        fields
    };
    to.put_record(author, key, record_type, &fields(String::new(), moves + 1))?;
    from.rewrite_record(author, key, record_type, &fields(month.to_string(), moves))
}
