//! The handler of `request` and `sync`: what one received sync message does
//! to one document, and what the device is sent back.
//!
//! In order: the id must be one of the farm's documents; the automerge
//! message must decode; its changes are staged on a fork and checked against
//! the device's role and the farm's document limit; only then is it applied
//! with the device's session, and the new chunk, the session's state and the
//! audit line committed in one transaction. The answers are generated after
//! the commit, so every answer acknowledges what is on disk. Other
//! connections with the document open are told of the change.

use std::sync::Arc;

use carnet_core::DocumentId;
use carnet_core::document::DocKey;
use carnet_protocol::Message;
use chrono::Utc;

use super::{Connection, Ending, MAX_REPLIES, OpenSession};
use crate::documents::Served;
use crate::session::{DocumentSession, decode_sync_message, stage};
use crate::storage::{AuditEntry, Chunk, DocumentWrite, WriteOutcome};

/// Chunks smaller than this are never worth compacting.
const COMPACT_ABOVE: usize = 4096;

impl Connection {
    /// A `request` or `sync` for one document.
    pub(super) async fn on_sync(
        &mut self,
        id: DocumentId,
        data: &[u8],
    ) -> Result<Vec<Message>, Ending> {
        let Some(key) = self.farm_documents.key(&id) else {
            // Not one of this farm's documents: answered exactly like a
            // document that does not exist, and never stored.
            tracing::debug!(document = %id, "not a document of this farm");
            return Ok(vec![self.to_client().unavailable(id)]);
        };
        let Some(message) = decode_sync_message(data) else {
            return Err(Ending::policy(format!(
                "document {id}: the sync message does not decode"
            )));
        };
        self.open(key).await?;
        let to_client = self.to_client();
        let storage = Arc::clone(&self.shared.storage);
        let open = self.sessions.get_mut(&id).expect("opened above");
        let may_write = open.may_write;
        let slot = Arc::clone(&open.slot);
        let mut served = slot
            .lock(&storage)
            .await
            .map_err(|error| Ending::internal(format!("document {id}: cannot load: {error}")))?;

        if !served.stored && message.heads.is_empty() && message.changes.is_empty() {
            // The device has nothing and neither have we. Its heads are
            // noted, so a later change here is pushed to it in full.
            let _ = open.session.receive(&mut served.doc, message);
            return Ok(vec![to_client.unavailable(id)]);
        }

        let staged = stage(&mut served.doc, &message)
            .map_err(|error| Ending::policy(format!("document {id}: {error}")))?;
        let brought = staged.new_changes.len();
        if brought > 0 && !may_write {
            drop(served);
            let reason = match key {
                DocKey::Catalog { .. } => {
                    format!("a {} device may not write the catalog", self.device.role)
                }
                DocKey::Month { .. } => {
                    format!("a {} device may not write {key}", self.device.role)
                }
            };
            return Ok(self.refuse(key, data.len(), brought, reason).await);
        }
        let limit = self.shared.config.limits.max_documents_per_farm;
        if brought > 0 && !served.stored {
            let farm = key.farm();
            let count = tokio::task::spawn_blocking({
                let storage = Arc::clone(&storage);
                move || storage.document_count(farm)
            })
            .await
            .map_err(|error| Ending::internal(format!("storage task failed: {error}")))?
            .map_err(|error| Ending::internal(format!("storage failure: {error}")))?;
            if count >= limit {
                drop(served);
                let reason = format!("the farm already stores its limit of {limit} documents");
                return Ok(self.refuse(key, data.len(), brought, reason).await);
            }
        }

        let before = served.doc.heads();
        open.session
            .receive(&mut served.doc, message)
            .map_err(|error| Ending::policy(format!("document {id}: {error}")))?;
        let changed = served.doc.heads() != before;
        let chunk = if changed {
            chunk_to_write(&mut served)
        } else {
            None
        };
        if served.stored || chunk.is_some() {
            let state = open.session.save();
            let chunk_size = chunk
                .as_ref()
                .map(|c| (matches!(c, Chunk::Snapshot(_)), c.len()));
            let write = DocumentWrite {
                farm: key.farm(),
                key,
                chunk,
                sync_state: Some((self.device.id, state)),
                audit: changed.then(|| AuditEntry {
                    at: Utc::now(),
                    device: self.device.id,
                    document: id,
                    bytes: data.len(),
                    changes: brought,
                    refused: None,
                }),
                max_documents_per_farm: limit,
            };
            let storage = Arc::clone(&storage);
            let written = tokio::task::spawn_blocking(move || storage.write_document(&write)).await;
            match written {
                Ok(Ok(WriteOutcome::Written)) => {
                    served.stored = true;
                    match chunk_size {
                        Some((true, len)) => {
                            served.snapshot_bytes = len;
                            served.incremental_bytes = 0;
                        }
                        Some((false, len)) => served.incremental_bytes += len,
                        None => {}
                    }
                }
                Ok(Ok(WriteOutcome::DocumentLimitReached)) => {
                    served.forget();
                    let reason = format!("the farm already stores its limit of {limit} documents");
                    return Ok(self.refuse(key, data.len(), brought, reason).await);
                }
                Ok(Err(error)) => {
                    served.forget();
                    self.sessions.remove(&id);
                    return Err(Ending::internal(format!(
                        "document {id}: cannot store: {error}"
                    )));
                }
                Err(error) => {
                    served.forget();
                    self.sessions.remove(&id);
                    return Err(Ending::internal(format!(
                        "document {id}: storage task failed: {error}"
                    )));
                }
            }
        }
        if changed {
            tracing::info!(document = %id, %key, changes = brought, bytes = data.len(), "changes stored");
            slot.changed(self.live.id);
        }
        let mut replies = Vec::new();
        while replies.len() < MAX_REPLIES
            && let Some(data) = open.session.generate(&mut served.doc)
        {
            replies.push(to_client.sync(id, data));
        }
        Ok(replies)
    }

    /// Sends what changed in documents open here since we last looked.
    pub(super) async fn on_changes_elsewhere(&mut self) -> Result<Vec<Message>, Ending> {
        let storage = Arc::clone(&self.shared.storage);
        let to_client = self.to_client();
        let mut replies = Vec::new();
        for id in self.pending.take() {
            let Some(open) = self.sessions.get_mut(&id) else {
                continue;
            };
            let slot = Arc::clone(&open.slot);
            let mut served = slot.lock(&storage).await.map_err(|error| {
                Ending::internal(format!("document {id}: cannot load: {error}"))
            })?;
            let mut count = 0;
            while count < MAX_REPLIES
                && let Some(data) = open.session.generate(&mut served.doc)
            {
                count += 1;
                replies.push(to_client.sync(id, data));
            }
        }
        Ok(replies)
    }

    /// Opens `key` on this connection: its shared document, and this device's
    /// session restored from the state saved by its last connection.
    async fn open(&mut self, key: DocKey) -> Result<(), Ending> {
        let id = key.id();
        if self.sessions.contains_key(&id) {
            return Ok(());
        }
        let may_write = self.device.role.may_write(&key);
        let storage = Arc::clone(&self.shared.storage);
        let device = self.device.id;
        let saved = tokio::task::spawn_blocking(move || storage.sync_state(device, id))
            .await
            .map_err(|error| Ending::internal(format!("storage task failed: {error}")))?
            .map_err(|error| Ending::internal(format!("storage failure: {error}")))?;
        let session = match saved {
            Some(saved) => DocumentSession::restore(&saved, !may_write),
            None => DocumentSession::new(!may_write),
        };
        let slot = self.shared.documents.open(key);
        slot.watch(self.live.id, Arc::clone(&self.pending));
        self.sessions.insert(
            id,
            OpenSession {
                slot,
                session,
                may_write,
                connection: self.live.id,
            },
        );
        Ok(())
    }

    /// Refuses what a message brought: audited, not stored, the document's
    /// session started over, and the device told why.
    async fn refuse(
        &mut self,
        key: DocKey,
        bytes: usize,
        changes: usize,
        reason: String,
    ) -> Vec<Message> {
        let id = key.id();
        tracing::warn!(document = %id, %key, changes, %reason, "changes refused");
        if let Some(open) = self.sessions.get_mut(&id) {
            open.session = DocumentSession::new(!open.may_write);
        }
        let entry = AuditEntry {
            at: Utc::now(),
            device: self.device.id,
            document: id,
            bytes,
            changes,
            refused: Some(reason.clone()),
        };
        let storage = Arc::clone(&self.shared.storage);
        match tokio::task::spawn_blocking(move || storage.record_audit(&entry)).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::error!(%error, "cannot audit a refusal"),
            Err(error) => tracing::error!(%error, "audit task failed"),
        }
        vec![Message::Error {
            sender_id: Some(self.shared.peer_id.clone()),
            target_id: self.client.clone(),
            message: format!("document {id} ({key}): changes refused, {reason}"),
        }]
    }
}

/// The chunk that saves what changed: the whole document when it is new or
/// when its incremental chunks have outgrown its snapshot (docs/DESIGN.md §3),
/// else the changes since the last save.
fn chunk_to_write(served: &mut Served) -> Option<Chunk> {
    if !served.stored {
        return Some(Chunk::Snapshot(served.doc.snapshot()));
    }
    let bytes = served.doc.take_incremental()?;
    if served.incremental_bytes + bytes.len() > served.snapshot_bytes.max(COMPACT_ABOVE) {
        Some(Chunk::Snapshot(served.doc.snapshot()))
    } else {
        Some(Chunk::Incremental(bytes))
    }
}
