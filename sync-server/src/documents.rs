//! The documents the server holds in memory, shared by the connections that
//! have them open, and the news of changes between those connections.
//!
//! A document is loaded when a connection first asks for it and dropped when
//! the last connection that had it open goes away. While a message is applied
//! to it and the result persisted, its slot's async lock is held, so the
//! order of changes on disk is the order in memory, and memory never runs
//! ahead of disk for long: if persisting fails, the slot forgets the document
//! and the next use reloads it from the database.
//!
//! Deliberately not here: sessions (per connection), access rules (the
//! connection checks them before calling in), sockets.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use automerge::ActorId;
use carnet_core::DocumentId;
use carnet_core::document::{DocKey, Document};
use tokio::sync::Notify;

use crate::storage::Storage;

/// Identifies one connection among the live ones, for the watcher lists.
pub(crate) type ConnectionId = u64;

/// A document as served: the Automerge state, and what the database holds of it.
pub(crate) struct Served {
    pub doc: Document,
    /// The database has at least one chunk of it.
    pub stored: bool,
    pub snapshot_bytes: usize,
    pub incremental_bytes: usize,
}

/// A document that the server may hold in memory, shared by the connections
/// that have it open.
pub(crate) struct DocumentSlot {
    pub key: DocKey,
    /// `None` until loaded, and again after a failed write. Held across the
    /// apply-and-persist of one message.
    served: tokio::sync::Mutex<Option<Served>>,
    /// Connections that have this document open, to be told when it changes.
    /// A connection adds itself when it opens the document and removes itself
    /// when it closes (see `OpenSession`'s `Drop` in `connection`).
    watchers: Mutex<HashMap<ConnectionId, Arc<Pending>>>,
}

impl std::fmt::Debug for DocumentSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentSlot")
            .field("key", &self.key)
            .finish()
    }
}

/// Why a document could not be loaded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LoadError {
    #[error("storage: {0}")]
    Storage(#[from] crate::error::ServerError),
    #[error("{0}")]
    Corrupt(#[from] carnet_core::Error),
    /// The stored document belongs to another farm. Ids are derived from the
    /// farm id, so this means a damaged or hand-edited database.
    #[error("document belongs to another farm")]
    OtherFarm,
    #[error("the storage task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl DocumentSlot {
    fn new(key: DocKey) -> Self {
        Self {
            key,
            served: tokio::sync::Mutex::new(None),
            watchers: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn id(&self) -> DocumentId {
        self.key.id()
    }

    /// The document, loaded from `storage` if needed, locked for this caller.
    pub(crate) async fn lock(
        &self,
        storage: &Arc<dyn Storage>,
    ) -> Result<ServedGuard<'_>, LoadError> {
        let mut guard = self.served.lock().await;
        if guard.is_none() {
            *guard = Some(load(storage, self.key).await?);
        }
        Ok(ServedGuard { guard })
    }

    pub(crate) fn watch(&self, connection: ConnectionId, pending: Arc<Pending>) {
        self.watchers().insert(connection, pending);
    }

    pub(crate) fn unwatch(&self, connection: ConnectionId) {
        self.watchers().remove(&connection);
    }

    /// Tells every other connection with this document open that it changed.
    pub(crate) fn changed(&self, by: ConnectionId) {
        let id = self.id();
        for (connection, pending) in self.watchers().iter() {
            if *connection != by {
                pending.mark(id);
            }
        }
    }

    fn watchers(&self) -> MutexGuard<'_, HashMap<ConnectionId, Arc<Pending>>> {
        self.watchers.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A loaded document, locked. Dropping it unlocks.
pub(crate) struct ServedGuard<'a> {
    guard: tokio::sync::MutexGuard<'a, Option<Served>>,
}

impl ServedGuard<'_> {
    /// Drops the in-memory document after a write failed, so that memory goes
    /// back to what the database holds: the next use reloads it.
    pub(crate) fn forget(mut self) {
        *self.guard = None;
    }
}

impl std::ops::Deref for ServedGuard<'_> {
    type Target = Served;
    fn deref(&self) -> &Served {
        self.guard
            .as_ref()
            .expect("a guard is only made for a loaded document")
    }
}

impl std::ops::DerefMut for ServedGuard<'_> {
    fn deref_mut(&mut self) -> &mut Served {
        self.guard
            .as_mut()
            .expect("a guard is only made for a loaded document")
    }
}

async fn load(storage: &Arc<dyn Storage>, key: DocKey) -> Result<Served, LoadError> {
    let storage = Arc::clone(storage);
    let id = key.id();
    let stored = tokio::task::spawn_blocking(move || storage.document(id)).await??;
    // The server never writes changes of its own, so its actor id is unused;
    // a random one keeps it from ever colliding with a device's.
    let actor = ActorId::random();
    match stored {
        None => Ok(Served {
            doc: Document::new(key, actor),
            stored: false,
            snapshot_bytes: 0,
            incremental_bytes: 0,
        }),
        Some(stored) if stored.farm != key.farm() => Err(LoadError::OtherFarm),
        Some(stored) => {
            let doc = tokio::task::spawn_blocking(move || {
                Document::load(key, stored.chunks.iter().map(Vec::as_slice), actor)
                    .map(|doc| (doc, stored.snapshot_bytes, stored.incremental_bytes))
            })
            .await??;
            Ok(Served {
                doc: doc.0,
                stored: true,
                snapshot_bytes: doc.1,
                incremental_bytes: doc.2,
            })
        }
    }
}

/// The documents open on any connection.
#[derive(Debug, Default)]
pub(crate) struct OpenDocuments {
    slots: Mutex<HashMap<DocumentId, Weak<DocumentSlot>>>,
}

/// Dead entries are swept when the map grows past this.
const SWEEP_ABOVE: usize = 1024;

impl OpenDocuments {
    /// The slot for `key`, shared with every connection that has it open.
    pub(crate) fn open(&self, key: DocKey) -> Arc<DocumentSlot> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        let id = key.id();
        if let Some(slot) = slots.get(&id).and_then(Weak::upgrade) {
            return slot;
        }
        if slots.len() >= SWEEP_ABOVE {
            slots.retain(|_, slot| slot.strong_count() > 0);
        }
        let slot = Arc::new(DocumentSlot::new(key));
        slots.insert(id, Arc::downgrade(&slot));
        slot
    }

    /// How many documents are held in memory now.
    #[cfg(test)]
    pub(crate) fn live(&self) -> usize {
        let slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots
            .values()
            .filter(|slot| slot.strong_count() > 0)
            .count()
    }
}

/// The documents that changed since a connection last looked, and the bell
/// that tells it. Set by other connections (`DocumentSlot::changed`), taken by
/// the owning connection's loop, dropped with it.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    documents: Mutex<HashSet<DocumentId>>,
    pub notify: Notify,
}

impl Pending {
    pub(crate) fn mark(&self, id: DocumentId) {
        self.documents
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id);
        self.notify.notify_one();
    }

    pub(crate) fn take(&self) -> Vec<DocumentId> {
        self.documents
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use carnet_core::FarmId;
    use uuid::Uuid;

    use super::*;

    fn key(n: u128) -> DocKey {
        DocKey::Catalog {
            farm: FarmId(Uuid::from_u128(n)),
        }
    }

    #[test]
    fn connections_share_a_slot_and_the_last_one_out_frees_it() {
        let documents = OpenDocuments::default();
        let a = documents.open(key(1));
        let b = documents.open(key(1));
        assert!(Arc::ptr_eq(&a, &b));
        let _other = documents.open(key(2));
        assert_eq!(documents.live(), 2);
        drop((a, b));
        assert_eq!(documents.live(), 1);
    }

    #[test]
    fn a_change_is_news_for_every_other_watcher() {
        let slot = DocumentSlot::new(key(1));
        let (mine, theirs) = (Arc::new(Pending::default()), Arc::new(Pending::default()));
        slot.watch(1, Arc::clone(&mine));
        slot.watch(2, Arc::clone(&theirs));
        slot.changed(1);
        slot.changed(1);
        assert!(mine.take().is_empty());
        assert_eq!(theirs.take(), vec![key(1).id()], "news is coalesced");
        slot.unwatch(2);
        slot.changed(1);
        assert!(theirs.take().is_empty());
    }
}
