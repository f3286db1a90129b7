//! The steps every write shares, whatever its domain: stamping a record with
//! its author, refusing a second record under one id, writing an edit's
//! fields with who changed them, and checking that the document is the one
//! the record belongs in.
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
