//! [`Storage`] on one SQLite file.
//!
//! One connection, behind a mutex: the server's writes are small and each is
//! one transaction, and the administration commands open their own
//! connection from another process, which WAL lets read and write alongside.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use carnet_core::{DocumentId, FarmId};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use super::{
    AuditEntry, Chunk, Device, DocumentWrite, Farm, NewDevice, Storage, StoredDocument,
    WriteOutcome, schema,
};
use crate::error::{Result, ServerError};
use crate::ids::DeviceId;
use crate::role::Role;
use crate::token::TokenHash;

#[derive(Debug)]
pub struct SqliteStorage {
    path: PathBuf,
    conn: Mutex<Connection>,
}

const DEVICE_COLUMNS: &str = "id, farm_id, name, role, created_at, revoked_at";

impl SqliteStorage {
    /// Opens the database at `path`, creating and migrating it as needed.
    pub fn open(path: &Path) -> Result<Self> {
        let display = path.display().to_string();
        let not_a_database = |problem: String| ServerError::NotADatabase {
            path: display.clone(),
            problem,
        };
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| not_a_database(format!("cannot create its folder: {e}")))?;
        }
        carnet_chunks::create_private_file(path);
        let mut conn = Connection::open(path).map_err(|e| not_a_database(e.to_string()))?;
        carnet_chunks::restrict_permissions(path);
        schema::configure(&conn).map_err(|e| not_a_database(e.to_string()))?;
        schema::migrate(&mut conn, &display).map_err(|e| match e {
            ServerError::Sqlite(e) => not_a_database(e.to_string()),
            other => other,
        })?;
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('storage_id', ?1) ON CONFLICT (key) DO NOTHING",
            [Uuid::now_v7().to_string()],
        )?;
        Ok(Self {
            path: path.to_owned(),
            conn: Mutex::new(conn),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copies the whole database to `out` with SQLite's online backup, in one
    /// step under one read transaction: a consistent copy, taken while
    /// `serve` keeps writing.
    pub fn backup(&self, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(ServerError::BackupExists(out.display().to_string()));
        }
        let mut target = Connection::open(out).map_err(|e| ServerError::NotADatabase {
            path: out.display().to_string(),
            problem: e.to_string(),
        })?;
        carnet_chunks::restrict_permissions(out);
        let conn = self.conn();
        let backup = rusqlite::backup::Backup::new(&conn, &mut target)?;
        backup.run_to_completion(std::ffi::c_int::MAX, Duration::from_millis(10), None)?;
        Ok(())
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (an open
        // transaction rolls back on drop), so the poison carries no meaning.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Storage for SqliteStorage {
    fn storage_id(&self) -> Result<String> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM meta WHERE key = 'storage_id'", [], |r| {
                r.get(0)
            })?)
    }

    fn create_farm(&self, farm: &Farm) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if exists(
            &tx,
            "SELECT 1 FROM farms WHERE id = ?1",
            &farm.id.to_string(),
        )? {
            return Err(ServerError::FarmExists(farm.id));
        }
        if exists(&tx, "SELECT 1 FROM farms WHERE name = ?1", &farm.name)? {
            return Err(ServerError::FarmNameTaken(farm.name.clone()));
        }
        tx.execute(
            "INSERT INTO farms (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![farm.id.to_string(), farm.name, timestamp(farm.created_at)],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn farms(&self) -> Result<Vec<Farm>> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare("SELECT id, name, created_at FROM farms ORDER BY created_at, name")?;
        let rows = stmt.query_map([], raw_farm)?;
        rows.map(|row| row?.parse()).collect()
    }

    fn farm(&self, id: FarmId) -> Result<Option<Farm>> {
        self.conn()
            .query_row(
                "SELECT id, name, created_at FROM farms WHERE id = ?1",
                [id.to_string()],
                raw_farm,
            )
            .optional()?
            .map(RawFarm::parse)
            .transpose()
    }

    fn enroll_device(&self, new: &NewDevice) -> Result<()> {
        let device = &new.device;
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let farm_name: Option<String> = tx
            .query_row(
                "SELECT name FROM farms WHERE id = ?1",
                [device.farm.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let Some(farm_name) = farm_name else {
            return Err(ServerError::UnknownFarm(device.farm.to_string()));
        };
        if exists(
            &tx,
            "SELECT 1 FROM devices WHERE id = ?1",
            &device.id.to_string(),
        )? {
            return Err(ServerError::DeviceExists(device.id));
        }
        let taken: bool = tx
            .query_row(
                "SELECT 1 FROM devices WHERE farm_id = ?1 AND name = ?2",
                params![device.farm.to_string(), device.name],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if taken {
            return Err(ServerError::DuplicateDeviceName {
                farm: farm_name,
                name: device.name.clone(),
            });
        }
        tx.execute(
            "INSERT INTO devices (id, farm_id, name, role, token_lookup, token_hash, created_at, revoked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                device.id.to_string(),
                device.farm.to_string(),
                device.name,
                device.role.as_str(),
                &new.token_hash.lookup_key()[..],
                &new.token_hash.as_bytes()[..],
                timestamp(device.created_at),
                device.revoked_at.map(timestamp),
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn devices(&self, farm: Option<FarmId>) -> Result<Vec<Device>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {DEVICE_COLUMNS} FROM devices WHERE ?1 IS NULL OR farm_id = ?1
             ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([farm.map(|f| f.to_string())], raw_device)?;
        rows.map(|row| row?.parse()).collect()
    }

    fn device(&self, id: DeviceId) -> Result<Option<Device>> {
        self.conn()
            .query_row(
                &format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE id = ?1"),
                [id.to_string()],
                raw_device,
            )
            .optional()?
            .map(RawDevice::parse)
            .transpose()
    }

    fn revoke_device(&self, id: DeviceId, at: DateTime<Utc>) -> Result<Option<Device>> {
        self.conn().execute(
            "UPDATE devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![id.to_string(), timestamp(at)],
        )?;
        self.device(id)
    }

    fn device_for_token(&self, hash: &TokenHash) -> Result<Option<Device>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT {DEVICE_COLUMNS}, token_hash FROM devices WHERE token_lookup = ?1"
        ))?;
        let rows = stmt.query_map([&hash.lookup_key()[..]], |r| {
            Ok((raw_device(r)?, r.get::<_, Vec<u8>>(6)?))
        })?;
        let mut found = None;
        // Every candidate is compared, so the time taken does not say which matched.
        for row in rows {
            let (device, stored) = row?;
            let stored = TokenHash::from_bytes(&stored)
                .ok_or_else(|| ServerError::corrupt("token hash", "not 32 bytes"))?;
            if hash.matches(&stored) && found.is_none() {
                found = Some(device);
            }
        }
        found.map(RawDevice::parse).transpose()
    }

    fn revoked_among(&self, ids: &[DeviceId]) -> Result<Vec<DeviceId>> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare_cached("SELECT id FROM devices WHERE revoked_at IS NOT NULL")?;
        let revoked = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids
            .iter()
            .copied()
            .filter(|id| revoked.contains(&id.to_string()))
            .collect())
    }

    fn document(&self, id: DocumentId) -> Result<Option<StoredDocument>> {
        let conn = self.conn();
        let doc_id = id.to_string();
        let row: Option<(String, i64, i64)> = conn
            .query_row(
                "SELECT farm_id, snapshot_bytes, incremental_bytes FROM documents WHERE doc_id = ?1",
                [&doc_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((farm, snapshot_bytes, incremental_bytes)) = row else {
            return Ok(None);
        };
        let chunks = carnet_chunks::load(&conn, &doc_id)?;
        Ok(Some(StoredDocument {
            farm: parse_farm_id(&farm)?,
            chunks,
            snapshot_bytes: usize::try_from(snapshot_bytes).unwrap_or(0),
            incremental_bytes: usize::try_from(incremental_bytes).unwrap_or(0),
        }))
    }

    fn document_count(&self, farm: FarmId) -> Result<usize> {
        let count: i64 = self.conn().query_row(
            "SELECT COUNT(*) FROM documents WHERE farm_id = ?1",
            [farm.to_string()],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    fn sync_state(&self, device: DeviceId, document: DocumentId) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT bytes FROM sync_states WHERE device_id = ?1 AND doc_id = ?2",
                [device.to_string(), document.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn write_document(&self, write: &DocumentWrite) -> Result<WriteOutcome> {
        let doc_id = write.key.id().to_string();
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut stored = exists(&tx, "SELECT 1 FROM documents WHERE doc_id = ?1", &doc_id)?;
        if let Some(chunk) = &write.chunk {
            if !stored {
                let count: i64 = tx.query_row(
                    "SELECT COUNT(*) FROM documents WHERE farm_id = ?1",
                    [write.farm.to_string()],
                    |r| r.get(0),
                )?;
                if usize::try_from(count).unwrap_or(usize::MAX) >= write.max_documents_per_farm {
                    return Ok(WriteOutcome::DocumentLimitReached);
                }
                tx.execute(
                    "INSERT INTO documents (doc_id, farm_id, doc_key, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![doc_id, write.farm.to_string(), write.key.to_string(), now()],
                )?;
                stored = true;
            }
            match chunk {
                Chunk::Incremental(bytes) => carnet_chunks::append(&tx, &doc_id, bytes)?,
                Chunk::Snapshot(bytes) => {
                    carnet_chunks::replace_with_snapshot(&tx, &doc_id, bytes)?
                }
            }
        }
        if let Some((device, state)) = &write.sync_state
            && stored
        {
            tx.execute(
                "INSERT INTO sync_states (device_id, doc_id, bytes, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (device_id, doc_id) DO UPDATE SET bytes = excluded.bytes, updated_at = excluded.updated_at",
                params![device.to_string(), doc_id, state, now()],
            )?;
        }
        if let Some(entry) = &write.audit {
            insert_audit(&tx, entry)?;
        }
        tx.commit()?;
        Ok(WriteOutcome::Written)
    }

    fn record_audit(&self, entry: &AuditEntry) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        insert_audit(&tx, entry)?;
        tx.commit()?;
        Ok(())
    }

    fn audit_log(&self, device: Option<DeviceId>, limit: usize) -> Result<Vec<AuditEntry>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT at, device_id, doc_id, bytes, changes, accepted, reason FROM audit
             WHERE ?1 IS NULL OR device_id = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![
                device.map(|d| d.to_string()),
                i64::try_from(limit).unwrap_or(i64::MAX)
            ],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            },
        )?;
        let mut entries = Vec::new();
        for row in rows {
            let (at, device, doc, bytes, changes, accepted, reason) = row?;
            entries.push(AuditEntry {
                at: parse_timestamp(&at)?,
                device: device
                    .parse()
                    .map_err(|e| ServerError::corrupt("device id", e))?,
                document: DocumentId::from_str(&doc)
                    .map_err(|e| ServerError::corrupt("document id", e))?,
                bytes: usize::try_from(bytes).unwrap_or(0),
                changes: usize::try_from(changes).unwrap_or(0),
                refused: if accepted {
                    None
                } else {
                    Some(reason.unwrap_or_default())
                },
            });
        }
        entries.reverse();
        Ok(entries)
    }
}

fn exists(tx: &Transaction<'_>, sql: &str, key: &str) -> Result<bool> {
    Ok(tx.query_row(sql, [key], |_| Ok(())).optional()?.is_some())
}

fn insert_audit(tx: &Transaction<'_>, entry: &AuditEntry) -> Result<()> {
    tx.execute(
        "INSERT INTO audit (at, device_id, doc_id, bytes, changes, accepted, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            timestamp(entry.at),
            entry.device.to_string(),
            entry.document.to_string(),
            entry.bytes as i64,
            entry.changes as i64,
            entry.refused.is_none(),
            entry.refused,
        ],
    )?;
    Ok(())
}

struct RawFarm(String, String, String);

fn raw_farm(r: &Row<'_>) -> rusqlite::Result<RawFarm> {
    Ok(RawFarm(r.get(0)?, r.get(1)?, r.get(2)?))
}

impl RawFarm {
    fn parse(self) -> Result<Farm> {
        Ok(Farm {
            id: parse_farm_id(&self.0)?,
            name: self.1,
            created_at: parse_timestamp(&self.2)?,
        })
    }
}

struct RawDevice {
    id: String,
    farm: String,
    name: String,
    role: String,
    created_at: String,
    revoked_at: Option<String>,
}

fn raw_device(r: &Row<'_>) -> rusqlite::Result<RawDevice> {
    Ok(RawDevice {
        id: r.get(0)?,
        farm: r.get(1)?,
        name: r.get(2)?,
        role: r.get(3)?,
        created_at: r.get(4)?,
        revoked_at: r.get(5)?,
    })
}

impl RawDevice {
    fn parse(self) -> Result<Device> {
        Ok(Device {
            id: self
                .id
                .parse()
                .map_err(|e| ServerError::corrupt("device id", e))?,
            farm: parse_farm_id(&self.farm)?,
            name: self.name,
            role: Role::from_str(&self.role).map_err(|e| ServerError::corrupt("role", e))?,
            created_at: parse_timestamp(&self.created_at)?,
            revoked_at: self
                .revoked_at
                .as_deref()
                .map(parse_timestamp)
                .transpose()?,
        })
    }
}

fn parse_farm_id(text: &str) -> Result<FarmId> {
    text.parse().map_err(|e| ServerError::corrupt("farm id", e))
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn now() -> String {
    timestamp(Utc::now())
}

fn parse_timestamp(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| ServerError::corrupt("timestamp", e))
}
