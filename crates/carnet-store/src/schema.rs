//! The SQLite schema and its migrations.
//!
//! `chunks` (defined in carnet-chunks, shared with the server) and
//! `sync_states` are the truth; every other table is a projection
//! that can be dropped and rebuilt from the documents (bump
//! `PROJECTION_VERSION` when the projection's shape changes).

use carnet_core::document::DocKey;
use carnet_core::ids::FarmId;
use rusqlite::{Connection, Transaction, params};
use serde::Deserialize;

use crate::error::{Result, StoreError};

/// Version of the durable tables. Migrations go from each version to the next.
pub const SCHEMA_VERSION: i64 = 3;
/// Version of the projection tables; a mismatch triggers a rebuild at open.
pub const PROJECTION_VERSION: i64 = 4;

const MIGRATIONS: &[&str] = &[
    // 0 -> 1. The chunks and their sizes are defined once for the device
    // and the server, in carnet-chunks.
    concat!(
        r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY,
        key_json TEXT NOT NULL,
        "#,
        carnet_chunks::document_size_columns!(),
        r#"
    ) STRICT;
    "#,
        carnet_chunks::chunks_table!(),
        r#"
    CREATE TABLE sync_states (
        doc_id TEXT NOT NULL,
        peer TEXT NOT NULL,
        bytes BLOB NOT NULL,
        PRIMARY KEY (doc_id, peer)
    ) STRICT;
    "#
    ),
    // 1 -> 2
    r#"
    -- Local changes not yet known to be on the server, per document: what
    -- "N changes waiting" counts. Incremented in the transaction of each
    -- local write, decreased when a sync session finds the server in step.
    CREATE TABLE outbox (
        doc_id TEXT PRIMARY KEY,
        pending INTEGER NOT NULL CHECK (pending >= 0)
    ) STRICT;
    "#,
    // 2 -> 3. A document's key is stored as its text (`DocKey::name`),
    // decided in core, no longer as serde's JSON of the enum; the rows are
    // rewritten by `keys_as_text` in the same transaction.
    "ALTER TABLE documents RENAME COLUMN key_json TO key;",
];

/// The schema version whose migration rewrites the stored keys as text.
const KEYS_AS_TEXT: i64 = 3;

const PROJECTION: &str = r#"
    DROP TABLE IF EXISTS records;
    DROP TABLE IF EXISTS record_beds;
    DROP TABLE IF EXISTS conflicts;
    DROP TABLE IF EXISTS unreadable;
    DROP TABLE IF EXISTS record_copies;
    CREATE TABLE records (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        type TEXT NOT NULL,
        day TEXT,
        open INTEGER NOT NULL DEFAULT 0,
        parent TEXT,
        json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX records_by_day ON records (type, day);
    CREATE INDEX records_open ON records (type, open, day) WHERE open = 1;
    CREATE INDEX records_by_parent ON records (parent) WHERE parent IS NOT NULL;
    CREATE INDEX records_by_doc ON records (doc_id);
    CREATE TABLE record_beds (
        bed_id TEXT NOT NULL,
        record_id TEXT NOT NULL,
        PRIMARY KEY (bed_id, record_id)
    ) STRICT, WITHOUT ROWID;
    -- Every write deletes its record's rows first: without this index each
    -- delete scanned the whole table (4.5 ms a record at three years).
    CREATE INDEX record_beds_by_record ON record_beds (record_id);
    CREATE TABLE conflicts (
        doc_id TEXT NOT NULL,
        record_id TEXT NOT NULL,
        field TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (doc_id, record_id, field)
    ) STRICT;
    CREATE INDEX conflicts_by_record ON conflicts (record_id);
    -- Records and root keys that do not parse (a buggy or newer device, a
    -- foreign client): left out of `records`, kept in their document,
    -- listed for a supervisor (`carnet status`, the Sync screen).
    CREATE TABLE unreadable (
        doc_id TEXT NOT NULL,
        record_key TEXT NOT NULL,
        problem TEXT NOT NULL,
        PRIMARY KEY (doc_id, record_key)
    ) STRICT;
    -- Every copy of a record that moved between month documents (a task
    -- whose due day changed month, a harvest or observation redated), one
    -- row per document holding one, with what ranks it: `records` holds the
    -- copy not moved away, then with most moves, then the later day, then
    -- the greater document id (`Task::outranks`), whatever order the
    -- documents arrived in. `json` is the array of the records the copy
    -- holds (a harvest and the weighings entered with it). `moved_to` is the
    -- month a copy left behind points to (comma-joined when concurrent
    -- moves sent it to several): a device syncs them too
    -- (`Store::moved_to_months`), so it lists the record from where it went.
    CREATE TABLE record_copies (
        id TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        live INTEGER NOT NULL,
        moved_to TEXT,
        moves INTEGER NOT NULL,
        day TEXT,
        json TEXT NOT NULL,
        PRIMARY KEY (id, doc_id)
    ) STRICT, WITHOUT ROWID;
"#;

pub(crate) fn configure(conn: &Connection) -> Result<()> {
    // WAL + synchronous=FULL, as the server: an acknowledged record
    // survives a killed process and a power cut.
    carnet_chunks::configure_durable(conn)?;
    // Checkpoints belong to `Store::housekeeping`, run when the device is
    // idle: SQLite's own, every 1000 pages, landed on one user write in
    // about fifty and made the durable-write p99 (BENCHMARKS.md). Its
    // threshold is raised, not removed, so the WAL stays bounded (about
    // 16 MB) even where housekeeping never runs.
    conn.pragma_update(None, "wal_autocheckpoint", 4000)?;
    // A full disk, on demand: `CARNET_STORE_MAX_PAGES=N` caps the file at N
    // pages (SQLite's `max_page_count`; never below its current size), so a
    // growing write fails with "database or disk is full". Read once, here,
    // at open; the fault tests (tests/nemesis) set it, nothing else does.
    if let Some(pages) = std::env::var("CARNET_STORE_MAX_PAGES")
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
    {
        conn.pragma_update(None, "max_page_count", pages)?;
    }
    Ok(())
}

/// Brings the durable tables up to date. Returns whether the projection
/// must be rebuilt.
pub(crate) fn migrate(conn: &mut Connection, path: &str) -> Result<bool> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    let tx = conn.transaction()?;
    carnet_chunks::migrate(&tx, MIGRATIONS, |tx, to| {
        if to == KEYS_AS_TEXT {
            keys_as_text(tx)?;
        }
        Ok::<_, StoreError>(())
    })?;
    let projection: Option<String> = tx
        .query_row(
            "SELECT value FROM meta WHERE key = 'projection_version'",
            [],
            |r| r.get(0),
        )
        .ok();
    let stale = projection.as_deref() != Some(&PROJECTION_VERSION.to_string());
    if stale {
        tx.execute_batch(PROJECTION)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('projection_version', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [PROJECTION_VERSION.to_string()],
        )?;
    }
    tx.commit()?;
    Ok(stale)
}

/// A document key as versions up to 0.1.0 stored it: serde's JSON of the
/// `DocKey` enum (`{"Month":{"farm":…,"domain":"tasks","month":"2026-11"}}`).
/// Read once, by the migration to version 3, and never written.
#[derive(Deserialize)]
enum JsonKey {
    Catalog {
        farm: FarmId,
    },
    Month {
        farm: FarmId,
        domain: String,
        month: String,
    },
}

/// Rewrites every key stored as JSON into its text. The month goes through
/// the lenient reading, so a document filed under 1970 by a wrong clock keeps
/// its key (and its id) instead of failing the migration.
fn keys_as_text(tx: &Transaction<'_>) -> Result<()> {
    let rows: Vec<(String, String)> = {
        let mut stmt = tx.prepare("SELECT doc_id, key FROM documents")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (doc_id, json) in rows {
        let parsed: JsonKey =
            serde_json::from_str(&json).map_err(|e| StoreError::Projection(e, doc_id.clone()))?;
        let text = match parsed {
            JsonKey::Catalog { farm } => format!("carnet/{farm}/catalog"),
            JsonKey::Month {
                farm,
                domain,
                month,
            } => format!("carnet/{farm}/{domain}/{month}"),
        };
        let key = DocKey::parse_stored(&text)?;
        if key.id().to_string() != doc_id {
            return Err(carnet_core::Error::invalid(
                "document",
                format!("the stored key {json} of {doc_id} names another document"),
            )
            .into());
        }
        tx.execute(
            "UPDATE documents SET key = ?2 WHERE doc_id = ?1",
            params![doc_id, key.name()],
        )?;
    }
    Ok(())
}
