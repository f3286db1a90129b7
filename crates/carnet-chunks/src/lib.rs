//! Document chunks in SQLite, as both a device's store and the sync server
//! keep them (docs/DESIGN.md §3): per document, one snapshot and the incremental
//! changes since, in `chunks(doc_id, seq, kind, bytes)`, with the sizes and
//! the next sequence number in the caller's `documents` row.
//!
//! Here: the `chunks` table's definition ([`chunks_table!`]), the durability
//! settings of the database that holds it ([`configure_durable`]), running a
//! schema's migrations in order ([`migrate`]), appending a
//! change, replacing a document's chunks by a snapshot (compaction), reading
//! them back in order, and the file permissions of a database that holds
//! people's records (owner only, the WAL's companions included).
//!
//! Deliberately not here: the rest of the `documents` table (a device keys
//! it by its `DocKey`, the server by farm), deciding when to compact (each
//! side has its rule), and what the bytes mean (Automerge, in carnet-core,
//! which this crate does not need). Errors are SQLite's own: nothing here
//! can fail any other way, except the permissions, which are best effort.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, params};

/// The `chunks` table, as a literal for the callers' migrations (`concat!`):
/// one definition for the device and the server. It refers to
/// `documents(doc_id)`, which each caller defines with at least `doc_id`,
/// `snapshot_bytes`, `incremental_bytes` and `next_seq`.
#[macro_export]
macro_rules! chunks_table {
    () => {
        "
    CREATE TABLE chunks (
        doc_id TEXT NOT NULL REFERENCES documents(doc_id),
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'incremental')),
        bytes BLOB NOT NULL,
        PRIMARY KEY (doc_id, seq)
    ) STRICT;
"
    };
}

/// The columns of `documents` this module reads and writes, as a literal
/// for the callers' migrations (after their own columns).
#[macro_export]
macro_rules! document_size_columns {
    () => {
        "snapshot_bytes INTEGER NOT NULL DEFAULT 0,
        incremental_bytes INTEGER NOT NULL DEFAULT 0,
        next_seq INTEGER NOT NULL DEFAULT 0"
    };
}

/// Appends a document's incremental change, in the caller's transaction.
/// The document's row must exist.
pub fn append(tx: &Transaction<'_>, doc_id: &str, bytes: &[u8]) -> rusqlite::Result<()> {
    let seq: i64 = tx.query_row(
        "UPDATE documents SET next_seq = next_seq + 1, incremental_bytes = incremental_bytes + ?2
         WHERE doc_id = ?1 RETURNING next_seq - 1",
        params![doc_id, bytes.len() as i64],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO chunks (doc_id, seq, kind, bytes) VALUES (?1, ?2, 'incremental', ?3)",
        params![doc_id, seq, bytes],
    )?;
    Ok(())
}

/// Replaces every chunk of a document by one snapshot, in the caller's
/// transaction (compaction, or a document that arrives whole). The
/// snapshot must hold everything the replaced chunks held: the caller makes
/// it from a document that has loaded them all.
pub fn replace_with_snapshot(
    tx: &Transaction<'_>,
    doc_id: &str,
    snapshot: &[u8],
) -> rusqlite::Result<()> {
    let seq: i64 = tx.query_row(
        "UPDATE documents SET next_seq = next_seq + 1, snapshot_bytes = ?2, incremental_bytes = 0
         WHERE doc_id = ?1 RETURNING next_seq - 1",
        params![doc_id, snapshot.len() as i64],
        |r| r.get(0),
    )?;
    tx.execute("DELETE FROM chunks WHERE doc_id = ?1", [doc_id])?;
    tx.execute(
        "INSERT INTO chunks (doc_id, seq, kind, bytes) VALUES (?1, ?2, 'snapshot', ?3)",
        params![doc_id, seq, snapshot],
    )?;
    Ok(())
}

/// A document's chunks in the order written (empty if it has none).
pub fn load(conn: &Connection, doc_id: &str) -> rusqlite::Result<Vec<Vec<u8>>> {
    let mut stmt =
        conn.prepare_cached("SELECT bytes FROM chunks WHERE doc_id = ?1 ORDER BY seq")?;
    stmt.query_map([doc_id], |r| r.get(0))?.collect()
}

/// Total bytes of stored chunks.
pub fn stored_bytes(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE(SUM(LENGTH(bytes)), 0) FROM chunks",
        [],
        |r| r.get(0),
    )
}

/// How the device store and the server open their database: WAL and
/// `synchronous=FULL`, so an acknowledged write survives a killed process and
/// a power cut (docs/DESIGN.md §3); foreign keys enforced; and a writer waits
/// up to five seconds for another process's lock (the command line beside
/// the app, the administration commands beside `serve`) instead of failing.
pub fn configure_durable(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Runs, in `tx`, the `migrations` the database has not had yet: entry `i`
/// takes `user_version` from `i` to `i + 1`, and `after_step(tx, i + 1)` runs
/// right after it for what SQL alone cannot do (a rewrite of rows). The
/// version is read inside `tx`, so a caller that took the write lock
/// (`Immediate`) migrates a file once even when two processes open it at
/// once. A version newer than `migrations` is the caller's to refuse first.
pub fn migrate<E: From<rusqlite::Error>>(
    tx: &Transaction<'_>,
    migrations: &[&str],
    mut after_step: impl FnMut(&Transaction<'_>, i64) -> Result<(), E>,
) -> Result<(), E> {
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (from, sql) in migrations.iter().enumerate().skip(version.max(0) as usize) {
        tx.execute_batch(sql)?;
        let to = from as i64 + 1;
        after_step(tx, to)?;
        tx.pragma_update(None, "user_version", to)?;
    }
    Ok(())
}

/// Creates a missing database file as 0600 before SQLite opens it, so it is
/// never readable by others, not even between its creation and
/// [`restrict_permissions`]. SQLite gives its `-wal` and `-shm` files the
/// database file's mode. If this fails, SQLite's own open reports why.
pub fn create_private_file(path: &Path) {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let _ = options.open(path);
}

/// A database of people's records is readable by its owner only: the file
/// and its `-wal` and `-shm` companions (which an older version may have
/// left readable by others). Best effort: on a file system without modes
/// there is nothing to do.
pub fn restrict_permissions(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut files = vec![path.to_owned()];
        for suffix in ["-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            files.push(PathBuf::from(name));
        }
        for file in files {
            let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(concat!(
            "CREATE TABLE documents (doc_id TEXT PRIMARY KEY, ",
            document_size_columns!(),
            ") STRICT;",
            chunks_table!()
        ))
        .unwrap();
        conn.execute("INSERT INTO documents (doc_id) VALUES ('d')", [])
            .unwrap();
        conn
    }

    fn sizes(conn: &Connection) -> (i64, i64, i64) {
        conn.query_row(
            "SELECT snapshot_bytes, incremental_bytes, next_seq FROM documents WHERE doc_id = 'd'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    }

    #[test]
    fn appended_chunks_load_in_order_and_count_as_incremental() {
        let mut conn = database();
        let tx = conn.transaction().unwrap();
        append(&tx, "d", b"one").unwrap();
        append(&tx, "d", b"three").unwrap();
        tx.commit().unwrap();
        assert_eq!(
            load(&conn, "d").unwrap(),
            vec![b"one".to_vec(), b"three".to_vec()]
        );
        assert_eq!(sizes(&conn), (0, 8, 2));
        assert_eq!(stored_bytes(&conn).unwrap(), 8);
    }

    #[test]
    fn a_snapshot_replaces_every_chunk_and_resets_the_incremental_size() {
        let mut conn = database();
        let tx = conn.transaction().unwrap();
        append(&tx, "d", b"one").unwrap();
        append(&tx, "d", b"two").unwrap();
        replace_with_snapshot(&tx, "d", b"whole").unwrap();
        append(&tx, "d", b"after").unwrap();
        tx.commit().unwrap();
        assert_eq!(
            load(&conn, "d").unwrap(),
            vec![b"whole".to_vec(), b"after".to_vec()]
        );
        assert_eq!(sizes(&conn), (5, 5, 4));
    }

    #[test]
    fn migrations_run_once_each_in_order_and_a_second_open_runs_none() {
        let mut conn = Connection::open_in_memory().unwrap();
        let migrations = [
            "CREATE TABLE a (x INTEGER) STRICT;",
            "INSERT INTO a VALUES (1);",
        ];
        let mut steps = Vec::new();
        for _ in 0..2 {
            let tx = conn.transaction().unwrap();
            migrate(&tx, &migrations, |_, to| {
                steps.push(to);
                Ok::<_, rusqlite::Error>(())
            })
            .unwrap();
            tx.commit().unwrap();
        }
        assert_eq!(steps, [1, 2]);
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM a", [], |r| r.get(0))
            .unwrap();
        assert_eq!((version, rows), (2, 1));
    }

    #[test]
    fn appending_to_a_document_without_its_row_fails_and_writes_nothing() {
        let mut conn = database();
        let tx = conn.transaction().unwrap();
        assert!(append(&tx, "unknown", b"x").is_err());
        drop(tx);
        assert!(load(&conn, "unknown").unwrap().is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_database_and_its_wal_files_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        create_private_file(&path);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        let wal = dir.path().join("db.sqlite3-wal");
        std::fs::write(&wal, b"").unwrap();
        std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o644)).unwrap();
        restrict_permissions(&path);
        assert_eq!(mode(&wal), 0o600);
    }
}
