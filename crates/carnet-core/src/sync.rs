//! A sans-IO sync session for one document with one peer: the document and the
//! peer's saved sync state go in, messages come out. Sockets, framing and
//! retries belong to the shells (the app's sync task, the server).
//!
//! The saved state lets a reconnect with nothing new cost one small message
//! per document instead of re-sending every head (measured: 148 bytes against
//! 14–42 KB, docs/DESIGN.md §3).

use automerge::sync::{self, SyncDoc};

use crate::document::Document;
use crate::error::{Error, Result};

/// Where one document stands with one peer.
#[derive(Debug)]
pub struct PeerSync {
    state: sync::State,
}

impl Default for PeerSync {
    fn default() -> Self {
        Self::new()
    }
}

impl PeerSync {
    pub fn new() -> Self {
        Self {
            state: sync::State::new(),
        }
    }

    /// Restores the state saved after an earlier session. A state that does
    /// not decode is dropped: the session then starts from scratch, which
    /// costs bytes, never data.
    pub fn restore(saved: &[u8]) -> Self {
        Self {
            state: sync::State::decode(saved).unwrap_or_else(|_| sync::State::new()),
        }
    }

    /// The part of the state worth keeping between sessions.
    pub fn save(&self) -> Vec<u8> {
        self.state.encode()
    }

    /// The next message to send, or `None` when the peer has all we know
    /// it lacks (or an answer is awaited).
    pub fn generate(&mut self, doc: &mut Document) -> Option<Vec<u8>> {
        doc.automerge()
            .sync()
            .generate_sync_message(&mut self.state)
            .map(|m| m.encode())
    }

    /// Applies a peer's message. Returns whether the document changed.
    pub fn receive(&mut self, doc: &mut Document, message: &[u8]) -> Result<bool> {
        let id = doc.id();
        let message = sync::Message::decode(message).map_err(|e| Error::BadSyncMessage {
            doc: id,
            problem: e.to_string(),
        })?;
        let before = doc.heads();
        doc.automerge()
            .sync()
            .receive_sync_message(&mut self.state, message)
            .map_err(|e| Error::BadSyncMessage {
                doc: id,
                problem: e.to_string(),
            })?;
        Ok(doc.heads() != before)
    }

    /// True once both sides are known to hold the same heads.
    pub fn in_sync(&self, doc: &mut Document) -> bool {
        let heads = doc.heads();
        self.state.shared_heads == heads && self.state.their_heads.as_ref() == Some(&heads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Author, DocKey, Domain};
    use crate::ids::{FarmId, PersonId};
    use automerge::ActorId;
    use chrono::{FixedOffset, TimeZone};
    use uuid::Uuid;

    fn author() -> Author {
        Author {
            person: PersonId(Uuid::from_u128(9)),
            device: "t".into(),
            now: FixedOffset::east_opt(0)
                .unwrap()
                .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
                .unwrap(),
        }
    }

    /// Runs two sessions until neither has anything to say; returns the
    /// number of messages exchanged.
    pub(crate) fn exchange(
        a: &mut Document,
        sa: &mut PeerSync,
        b: &mut Document,
        sb: &mut PeerSync,
    ) -> usize {
        let mut count = 0;
        for _ in 0..20 {
            let mut quiet = true;
            if let Some(m) = sa.generate(a) {
                sb.receive(b, &m).unwrap();
                count += 1;
                quiet = false;
            }
            if let Some(m) = sb.generate(b) {
                sa.receive(a, &m).unwrap();
                count += 1;
                quiet = false;
            }
            if quiet {
                return count;
            }
        }
        panic!("sync did not settle");
    }

    #[test]
    fn two_documents_converge_by_messages_only() {
        let key = DocKey::Month {
            farm: FarmId(Uuid::from_u128(1)),
            domain: Domain::Tasks,
            month: "2026-11".parse().unwrap(),
        };
        let mut a = Document::new(key, ActorId::from(&[1; 16][..]));
        let mut b = Document::new(key, ActorId::from(&[2; 16][..]));
        a.put_record(&author(), "k1", "task", &[("title", "a".into())])
            .unwrap();
        b.put_record(&author(), "k2", "task", &[("title", "b".into())])
            .unwrap();
        let (mut sa, mut sb) = (PeerSync::new(), PeerSync::new());
        exchange(&mut a, &mut sa, &mut b, &mut sb);
        assert_eq!(a.heads(), b.heads());
        assert_eq!(a.records().len(), 2);
        // A restored state makes a reconnect with nothing new tiny.
        let (mut sa, mut sb) = (PeerSync::restore(&sa.save()), PeerSync::restore(&sb.save()));
        let first = sa.generate(&mut a).unwrap();
        assert!(first.len() < 200, "{} bytes", first.len());
        sb.receive(&mut b, &first).unwrap();
        assert!(exchange(&mut a, &mut sa, &mut b, &mut sb) <= 2);
    }

    #[test]
    fn garbage_message_is_refused_with_the_document_named() {
        let key = DocKey::Catalog {
            farm: FarmId(Uuid::from_u128(1)),
        };
        let mut a = Document::new(key, ActorId::from(&[1; 16][..]));
        let err = PeerSync::new().receive(&mut a, b"\x42garbage").unwrap_err();
        assert!(err.to_string().contains(&key.id().to_string()), "{err}");
    }
}
