//! Where the server keeps its data, behind one trait.
//!
//! [`Storage`] is everything the server and the administration commands ask
//! of the database, in the server's terms (farms, devices, document chunks,
//! sync states, the audit log). Today's implementation is one SQLite file
//! ([`SqliteStorage`]); moving to PostgreSQL behind stateless servers
//! (docs/DESIGN.md §5) means writing another implementation of this trait, nothing
//! else. The trait is blocking: the server calls it from `spawn_blocking`.
//!
//! Deliberately not here: what a document means, who may write it, when to
//! compact (the server decides and hands over the chunk to write).

mod schema;
mod sqlite;

use std::fmt;

use carnet_core::document::DocKey;
use carnet_core::{DocumentId, FarmId};
use chrono::{DateTime, Utc};

pub use self::sqlite::SqliteStorage;
use crate::error::Result;
use crate::ids::DeviceId;
use crate::role::Role;
use crate::token::TokenHash;

/// A farm registered on this server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Farm {
    pub id: FarmId,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// An enrolled device. The token itself is never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: DeviceId,
    pub farm: FarmId,
    pub name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Device {
    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// A device to enroll, with the hash of its new token.
#[derive(Debug, Clone)]
pub struct NewDevice {
    pub device: Device,
    pub token_hash: TokenHash,
}

/// A document as stored: its chunks in order (a snapshot, then incremental
/// changes), with their sizes for the compaction rule.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub farm: FarmId,
    pub chunks: Vec<Vec<u8>>,
    pub snapshot_bytes: usize,
    pub incremental_bytes: usize,
}

/// The bytes to add to a document.
#[derive(Clone, PartialEq, Eq)]
pub enum Chunk {
    /// Changes since the last chunk, appended.
    Incremental(Vec<u8>),
    /// The whole document, replacing every chunk (compaction, or the first
    /// chunk of a new document).
    Snapshot(Vec<u8>),
}

impl Chunk {
    pub fn len(&self) -> usize {
        match self {
            Chunk::Incremental(bytes) | Chunk::Snapshot(bytes) => bytes.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for Chunk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Chunk::Incremental(bytes) => write!(f, "Incremental({} bytes)", bytes.len()),
            Chunk::Snapshot(bytes) => write!(f, "Snapshot({} bytes)", bytes.len()),
        }
    }
}

/// Everything one received sync message leaves behind, written in one
/// transaction: the document's new chunk (if it changed), the device's sync
/// state, and the audit entry.
#[derive(Debug, Clone)]
pub struct DocumentWrite {
    pub farm: FarmId,
    pub key: DocKey,
    pub chunk: Option<Chunk>,
    pub sync_state: Option<(DeviceId, Vec<u8>)>,
    pub audit: Option<AuditEntry>,
    /// A document that does not exist yet is refused when the farm already
    /// stores this many.
    pub max_documents_per_farm: usize,
}

/// How a [`DocumentWrite`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    /// The document would be new and the farm is at its limit: nothing was written.
    DocumentLimitReached,
}

/// One line of the audit log: a received message that brought changes, and
/// whether they were kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub device: DeviceId,
    pub document: DocumentId,
    /// Size of the sync message that brought the changes.
    pub bytes: usize,
    /// Changes the message brought that the server did not have.
    pub changes: usize,
    /// `None` when accepted, else why it was refused.
    pub refused: Option<String>,
}

/// The database behind the server.
pub trait Storage: Send + Sync + fmt::Debug + 'static {
    /// This database's storage id, sent to peers in `peerMetadata` so they
    /// can keep their sync states per server. Made once, kept forever.
    fn storage_id(&self) -> Result<String>;

    // Farms and devices (administration).
    fn create_farm(&self, farm: &Farm) -> Result<()>;
    fn farms(&self) -> Result<Vec<Farm>>;
    fn farm(&self, id: FarmId) -> Result<Option<Farm>>;
    fn enroll_device(&self, device: &NewDevice) -> Result<()>;
    /// Devices, of one farm or all, in enrollment order.
    fn devices(&self, farm: Option<FarmId>) -> Result<Vec<Device>>;
    fn device(&self, id: DeviceId) -> Result<Option<Device>>;
    /// Marks the device revoked at `at`, unless it already was; returns the
    /// device as it is now.
    fn revoke_device(&self, id: DeviceId, at: DateTime<Utc>) -> Result<Option<Device>>;

    // Authentication.
    /// The device whose token hashes to `hash`, revoked or not, compared in
    /// constant time.
    fn device_for_token(&self, hash: &TokenHash) -> Result<Option<Device>>;
    /// Which of `ids` are revoked now.
    fn revoked_among(&self, ids: &[DeviceId]) -> Result<Vec<DeviceId>>;

    // Documents.
    fn document(&self, id: DocumentId) -> Result<Option<StoredDocument>>;
    fn document_count(&self, farm: FarmId) -> Result<usize>;
    fn sync_state(&self, device: DeviceId, document: DocumentId) -> Result<Option<Vec<u8>>>;
    fn write_document(&self, write: &DocumentWrite) -> Result<WriteOutcome>;

    // Audit.
    fn record_audit(&self, entry: &AuditEntry) -> Result<()>;
    /// The newest `limit` entries, of one device or all, oldest first.
    fn audit_log(&self, device: Option<DeviceId>, limit: usize) -> Result<Vec<AuditEntry>>;
}
