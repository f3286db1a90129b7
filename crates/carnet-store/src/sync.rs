//! Sync of the store's documents with one peer, message by message. The
//! transport (WebSocket to the server, or anything else) is the caller's; the
//! store keeps each peer's sync state on disk beside the chunks, saved in the
//! same transaction as the changes a message brought.

use std::collections::HashMap;

use carnet_core::document::DocKey;
use carnet_core::sync::PeerSync;

use crate::error::Result;
use crate::store::Store;

/// The live sync sessions of a store, per document and peer. Drop it (or
/// call `forget_peer`) when a connection ends: the next connection restarts
/// from the states saved on disk, as Automerge's protocol expects.
#[derive(Debug, Default)]
pub struct SyncSessions {
    sessions: HashMap<(DocKey, String), PeerSync>,
}

impl SyncSessions {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn forget_peer(&mut self, peer: &str) {
        self.sessions.retain(|(_, p), _| p != peer);
    }

    fn session(&mut self, store: &Store, key: DocKey, peer: &str) -> Result<&mut PeerSync> {
        let entry = (key, peer.to_owned());
        if !self.sessions.contains_key(&entry) {
            let saved = store.sync_state(key, peer)?;
            let session = saved.map_or_else(PeerSync::new, |s| PeerSync::restore(&s));
            self.sessions.insert(entry.clone(), session);
        }
        Ok(self.sessions.get_mut(&entry).expect("just inserted"))
    }

    /// The next message for `peer` about `key`, if any.
    pub fn generate(
        &mut self,
        store: &mut Store,
        key: DocKey,
        peer: &str,
    ) -> Result<Option<Vec<u8>>> {
        let session = self.session(store, key, peer)?;
        let doc = store.document(key)?;
        Ok(session.generate(doc))
    }

    /// True once `peer` is known to hold exactly this store's version of
    /// the document.
    pub fn in_sync(&mut self, store: &mut Store, key: DocKey, peer: &str) -> Result<bool> {
        let session = self.session(store, key, peer)?;
        let doc = store.document(key)?;
        Ok(session.in_sync(doc))
    }

    /// Applies a message from `peer`; persists what it brought, the
    /// projection of the whole document and the sync state in one
    /// transaction. Returns whether the document changed.
    pub fn receive(
        &mut self,
        store: &mut Store,
        key: DocKey,
        peer: &str,
        message: &[u8],
    ) -> Result<bool> {
        let session = self.session(store, key, peer)?;
        let doc = store.document(key)?;
        let changed = match session.receive(doc, message) {
            Ok(changed) => changed,
            Err(e) => {
                self.sessions.remove(&(key, peer.to_owned()));
                return Err(e.into());
            }
        };
        let state = session.save();
        store.persist_with_sync_state(key, peer, &state)?;
        Ok(changed)
    }
}
