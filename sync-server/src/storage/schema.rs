//! The server database's tables and their migrations, by `user_version`.
//!
//! `chunks` is a device store's own table (docs/DESIGN.md §3), defined once in
//! carnet-chunks: a snapshot per document plus the incremental changes
//! since, compacted in one transaction. Timestamps are RFC 3339 text in UTC; ids are hyphenated UUIDs
//! and base58check document ids, as the command line and the logs show them.

use rusqlite::Connection;

use crate::error::{Result, ServerError};

/// The version this code writes. Each entry of `MIGRATIONS` goes one step.
pub(super) const SCHEMA_VERSION: i64 = 1;

const MIGRATIONS: &[&str] = &[
    // 0 -> 1. The chunks and their sizes are defined once for the device
    // and the server, in carnet-chunks.
    concat!(
        r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE farms (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        farm_id TEXT NOT NULL REFERENCES farms(id),
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('field', 'base', 'viewer')),
        token_lookup BLOB NOT NULL,
        token_hash BLOB NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        UNIQUE (farm_id, name)
    ) STRICT;
    CREATE INDEX devices_by_token ON devices (token_lookup);
    -- Two devices can never share a token, even with a broken random source.
    CREATE UNIQUE INDEX devices_by_token_hash ON devices (token_hash);
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY,
        farm_id TEXT NOT NULL REFERENCES farms(id),
        doc_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
    "#,
        carnet_chunks::document_size_columns!(),
        r#"
    ) STRICT;
    CREATE INDEX documents_by_farm ON documents (farm_id);
    "#,
        carnet_chunks::chunks_table!(),
        r#"
    CREATE TABLE sync_states (
        device_id TEXT NOT NULL REFERENCES devices(id),
        doc_id TEXT NOT NULL REFERENCES documents(doc_id),
        bytes BLOB NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (device_id, doc_id)
    ) STRICT;
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        device_id TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        changes INTEGER NOT NULL,
        accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)),
        reason TEXT
    ) STRICT;
    CREATE INDEX audit_by_device ON audit (device_id, id);
    "#
    ),
];

/// WAL and `synchronous=FULL`, as a device's store: a write the server
/// acknowledged survives a killed process and a power cut, and the
/// administration commands can read and write the file while `serve` runs.
pub(super) fn configure(conn: &Connection) -> Result<()> {
    carnet_chunks::configure_durable(conn)?;
    Ok(())
}

pub(super) fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(ServerError::TooNew {
            path: path.to_owned(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    // Under the write lock, where the version is read again: another
    // process may have migrated.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    carnet_chunks::migrate(&tx, MIGRATIONS, |_, _| Ok::<_, ServerError>(()))?;
    tx.commit()?;
    Ok(())
}
