//! Projection rows: what the UI and the CLI query, derived from documents.
//! One generic `records` table (type, day, open flag, parent, JSON of the
//! record) with indexes for the daily list and reports, a `record_beds` index
//! for a bed's history, the `conflicts` found in each record, and the
//! `unreadable` records and keys (left out, listed by `Store::health`).
//!
//! Deliberately never fails on a record's content: one record written by a
//! buggy or newer device must not stop a document (and a sync) from being
//! stored. Only SQLite errors fail a projection.

use carnet_core::catalog::Catalog;
use carnet_core::conflicts::name_conflicts;
use carnet_core::document::Document;
use carnet_core::record::Record;
use rusqlite::{Transaction, params};

use crate::error::{Result, StoreError};

/// Why a record got no row: its content (it stays in its document, listed
/// in `unreadable`), or the database (the whole write fails).
enum Unreadable {
    Content(String),
    Store(StoreError),
}

impl From<rusqlite::Error> for Unreadable {
    fn from(e: rusqlite::Error) -> Self {
        Unreadable::Store(e.into())
    }
}

/// Refreshes one record's rows. A malformed record (written by a buggy or
/// newer device) gets no row but one in `unreadable`, and the log; its data
/// stays in the document.
pub(crate) fn project_record(
    tx: &Transaction<'_>,
    doc: &mut Document,
    catalog: &Catalog,
    key: &str,
) -> Result<()> {
    tx.execute("DELETE FROM record_beds WHERE record_id = ?1", [key])?;
    tx.execute("DELETE FROM conflicts WHERE record_id = ?1", [key])?;
    let doc_id = doc.id().to_string();
    tx.execute(
        "DELETE FROM unreadable WHERE doc_id = ?1 AND record_key = ?2",
        [&doc_id, key],
    )?;
    let Some(raw) = doc.record(key) else {
        tx.execute("DELETE FROM records WHERE id = ?1", [key])?;
        return Ok(());
    };
    let outcome = match Record::all_from_raw_in(&raw, Some(catalog)) {
        Ok(records) => records
            .iter()
            .try_for_each(|record| upsert(tx, doc, record)),
        Err(problem) => Err(Unreadable::Content(problem)),
    };
    match outcome {
        Ok(()) => {}
        Err(Unreadable::Store(e)) => return Err(e),
        Err(Unreadable::Content(problem)) => {
            tracing::warn!(doc = %doc_id, record = key, problem, "unreadable record left out of the projection");
            tx.execute("DELETE FROM records WHERE id = ?1", [key])?;
            mark_unreadable(tx, &doc_id, key, &problem)?;
            return Ok(());
        }
    }
    let document = doc.key().to_string();
    for conflict in name_conflicts(catalog, &document, doc.conflicts_of(&raw)) {
        let Ok(json) = serde_json::to_string(&conflict) else {
            continue;
        };
        tx.execute(
            "INSERT INTO conflicts (doc_id, record_id, field, json) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (doc_id, record_id, field) DO UPDATE SET json = excluded.json",
            params![doc.id().to_string(), key, conflict.field, json],
        )?;
    }
    Ok(())
}

/// Refreshes every row of a document (after a merge or a rebuild).
pub(crate) fn project_document(
    tx: &Transaction<'_>,
    doc: &mut Document,
    catalog: &Catalog,
) -> Result<()> {
    let doc_id = doc.id().to_string();
    tx.execute(
        "DELETE FROM record_beds WHERE record_id IN (SELECT id FROM records WHERE doc_id = ?1)",
        [&doc_id],
    )?;
    tx.execute("DELETE FROM records WHERE doc_id = ?1", [&doc_id])?;
    tx.execute("DELETE FROM conflicts WHERE doc_id = ?1", [&doc_id])?;
    tx.execute("DELETE FROM unreadable WHERE doc_id = ?1", [&doc_id])?;
    for raw in doc.records() {
        project_record(tx, doc, catalog, &raw.key)?;
    }
    for key in doc.stray_keys() {
        tracing::warn!(doc = %doc_id, key, "root key holding no record left out of the projection");
        mark_unreadable(tx, &doc_id, &key, "holds no record map")?;
    }
    Ok(())
}

fn mark_unreadable(tx: &Transaction<'_>, doc_id: &str, key: &str, problem: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO unreadable (doc_id, record_key, problem) VALUES (?1, ?2, ?3)
         ON CONFLICT (doc_id, record_key) DO UPDATE SET problem = excluded.problem",
        params![doc_id, key, problem],
    )?;
    Ok(())
}

fn upsert(
    tx: &Transaction<'_>,
    doc: &Document,
    record: &Record,
) -> std::result::Result<(), Unreadable> {
    let id = record.id().to_string();
    let (day, open, parent, beds) = match record {
        Record::Task(t) => (
            Some(t.due.to_string()),
            t.is_open(),
            None,
            t.beds.iter().map(|b| b.0).collect(),
        ),
        Record::Harvest(h) => (
            Some(h.at.date_naive().to_string()),
            false,
            None,
            vec![h.bed.0],
        ),
        Record::Weighing(w) => (
            Some(w.created.at.date_naive().to_string()),
            false,
            Some(w.harvest.to_string()),
            vec![],
        ),
        Record::Observation(o) => (
            Some(o.at.date_naive().to_string()),
            false,
            None,
            if o.deleted {
                vec![]
            } else {
                o.beds.iter().map(|b| b.0).collect()
            },
        ),
        Record::Template(t) => (Some(t.start.to_string()), false, None, vec![]),
        _ => (None, false, None, vec![]),
    };
    let json = crate::rows::encode(record)
        .map_err(|e| Unreadable::Content(format!("cannot be encoded: {e}")))?;
    tx.execute(
        "INSERT INTO records (id, doc_id, type, day, open, parent, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET doc_id = excluded.doc_id, type = excluded.type, day = excluded.day,
            open = excluded.open, parent = excluded.parent, json = excluded.json",
        params![id, doc.id().to_string(), record.type_name(), day, open, parent, json],
    )?;
    for bed in beds {
        tx.execute(
            "INSERT OR IGNORE INTO record_beds (bed_id, record_id) VALUES (?1, ?2)",
            params![bed.to_string(), id],
        )?;
    }
    Ok(())
}
