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
use carnet_core::document::{Document, RawRecord};
use carnet_core::record::Record;
use rusqlite::{OptionalExtension, Transaction, params};

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
    let doc_id = doc.id().to_string();
    // Conflicts are each copy's own: a moved task's copy left behind keeps
    // showing a concurrent tick made to it.
    tx.execute(
        "DELETE FROM conflicts WHERE record_id = ?1 AND doc_id = ?2",
        [key, &doc_id],
    )?;
    tx.execute(
        "DELETE FROM unreadable WHERE doc_id = ?1 AND record_key = ?2",
        [&doc_id, key],
    )?;
    let Some(raw) = doc.record(key) else {
        forget_copy(tx, &doc_id, key)?;
        return Ok(());
    };
    let outcome = match Record::all_from_raw_in(&raw, Some(catalog)) {
        Ok(records) => place(tx, &doc_id, &raw, &records),
        Err(problem) => Err(Unreadable::Content(problem)),
    };
    match outcome {
        Ok(()) => {}
        Err(Unreadable::Store(e)) => return Err(e),
        Err(Unreadable::Content(problem)) => {
            // Listed by `Store::health` (`carnet status`, the Sync screen);
            // a warning would add a line to every CLI command's stderr at
            // each projection of its document, where a failing command
            // must say one line.
            tracing::info!(doc = %doc_id, record = key, problem, "unreadable record left out of the projection");
            forget_copy(tx, &doc_id, key)?;
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
            params![doc_id, key, conflict.field, json],
        )?;
    }
    Ok(())
}

/// Writes the rows of the records one stored record holds, unless another
/// document holds a copy of it that outranks this one (a moved task, a
/// redated harvest or observation): then the rows are that copy's.
fn place(
    tx: &Transaction<'_>,
    doc_id: &str,
    raw: &RawRecord,
    records: &[Record],
) -> std::result::Result<(), Unreadable> {
    let key = raw.key.as_str();
    let moved_to = raw.str("moved_to").filter(|m| !m.is_empty());
    // Every month concurrent moves sent it to (a conflict on `moved_to`):
    // the device fetches each, not only the winning value's.
    let moved_to_all: Option<String> = raw.fields.get("moved_to").and_then(|values| {
        let months: Vec<String> = values
            .iter()
            .filter_map(|v| {
                v.value
                    .as_str()
                    .filter(|m| !m.is_empty())
                    .map(str::to_owned)
            })
            .collect();
        (!months.is_empty()).then(|| months.join(","))
    });
    let moves = raw.i64("moves").unwrap_or(0);
    let movable = matches!(
        records.first(),
        Some(Record::Task(_) | Record::Harvest(_) | Record::Observation(_))
    );
    if !movable || (moved_to.is_none() && moves == 0 && !has_copies(tx, key)?) {
        tx.execute("DELETE FROM record_beds WHERE record_id = ?1", [key])?;
        return records.iter().try_for_each(|r| upsert(tx, doc_id, r));
    }
    let json = serde_json::to_string(records)
        .map_err(|e| Unreadable::Content(format!("cannot be encoded: {e}")))?;
    // The row listed so far may be a copy that never moved, projected
    // before any copy did: it is a copy too.
    tx.execute(
        "INSERT OR IGNORE INTO record_copies (id, doc_id, live, moves, day, json)
         SELECT id, doc_id, 1, 0, day, json_array(json(json)) FROM records WHERE id = ?1",
        [key],
    )?;
    tx.execute(
        "INSERT INTO record_copies (id, doc_id, live, moved_to, moves, day, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id, doc_id) DO UPDATE SET live = excluded.live, moved_to = excluded.moved_to,
            moves = excluded.moves, day = excluded.day, json = excluded.json",
        params![
            key,
            doc_id,
            moved_to.is_none(),
            moved_to_all,
            moves,
            day_of(&records[0]),
            json
        ],
    )?;
    refresh_live_copy(tx, key).map_err(Unreadable::Store)
}

fn has_copies(tx: &Transaction<'_>, key: &str) -> rusqlite::Result<bool> {
    let mut stmt = tx.prepare_cached("SELECT 1 FROM record_copies WHERE id = ?1 LIMIT 1")?;
    stmt.exists([key])
}

/// Drops this document's copy of a record (it no longer reads) and gives
/// `records` to another document's copy if there is one.
fn forget_copy(tx: &Transaction<'_>, doc_id: &str, key: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM record_copies WHERE id = ?1 AND doc_id = ?2",
        [key, doc_id],
    )?;
    let deleted = tx.execute(
        "DELETE FROM records WHERE id = ?1 AND doc_id = ?2",
        [key, doc_id],
    )?;
    if deleted > 0 {
        tx.execute("DELETE FROM record_beds WHERE record_id = ?1", [key])?;
        refresh_live_copy(tx, key)?;
    }
    Ok(())
}

/// Puts in `records` the rows of the copy of a moved record that outranks
/// the others, from `record_copies`: the order is `Task::outranks`, said in
/// SQL; the same copy on every device holding the same documents, whatever
/// order they were projected in.
fn refresh_live_copy(tx: &Transaction<'_>, key: &str) -> Result<()> {
    let best: Option<(String, String)> = tx
        .query_row(
            "SELECT doc_id, json FROM record_copies WHERE id = ?1
             ORDER BY live DESC, moves DESC, day DESC, doc_id DESC LIMIT 1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((doc_id, json)) = best else {
        return Ok(());
    };
    let records: Vec<Record> =
        serde_json::from_str(&json).map_err(|e| StoreError::Projection(e, key.to_owned()))?;
    tx.execute("DELETE FROM record_beds WHERE record_id = ?1", [key])?;
    for record in &records {
        match upsert(tx, &doc_id, record) {
            Ok(()) => {}
            Err(Unreadable::Store(e)) => return Err(e),
            // It was encoded once already, to be stored in `record_copies`.
            Err(Unreadable::Content(problem)) => {
                tracing::warn!(
                    record = key,
                    problem,
                    "a moved record's copy could not be encoded"
                );
            }
        }
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
    tx.execute("DELETE FROM record_copies WHERE doc_id = ?1", [&doc_id])?;
    for raw in doc.records() {
        project_record(tx, doc, catalog, &raw.key)?;
    }
    for key in doc.stray_keys() {
        tracing::info!(doc = %doc_id, key, "root key holding no record left out of the projection");
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

/// The day a movable record is ranked by among its copies: its projection
/// row's day (a task's due day, a harvest's or observation's day).
fn day_of(record: &Record) -> Option<String> {
    match record {
        Record::Task(t) => Some(t.due.to_string()),
        Record::Harvest(h) => Some(h.at.date_naive().to_string()),
        Record::Observation(o) => Some(o.at.date_naive().to_string()),
        _ => None,
    }
}

fn upsert(
    tx: &Transaction<'_>,
    doc_id: &str,
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
        params![id, doc_id, record.type_name(), day, open, parent, json],
    )?;
    for bed in beds {
        tx.execute(
            "INSERT OR IGNORE INTO record_beds (bed_id, record_id) VALUES (?1, ?2)",
            params![bed.to_string(), id],
        )?;
    }
    Ok(())
}
