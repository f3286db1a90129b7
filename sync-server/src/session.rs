//! One device's sync session for one document, and the staging fork that
//! checks what a message would change before anything is kept.
//!
//! The session is `carnet_core::sync::PeerSync` plus one thing the server
//! needs and `PeerSync` does not offer: a read-only mode (automerge's
//! `sync::State::new_read_only`). A device that may not write a document
//! (a viewer; a field tablet and the catalog) gets a read-only session: the
//! server still sends it every change, never asks it for its own, ignores
//! any it sends, and stops talking once it has nothing to send. With an
//! ordinary session, a refused change would leave the two sides with
//! different heads for ever, and the automerge sync protocol would ping-pong
//! messages asking for it.
//!
//! The session does not tell the device it is read-only (automerge's
//! `READ_ONLY` message flag is cleared on the way out): a device told so
//! stops sending its changes, and a change the server never sees cannot be
//! refused, audited, or reported back to the device as an error.
//!
//! The saved state is the same bytes `PeerSync::save` writes (automerge's
//! encoded `sync::State`), so switching to `PeerSync` once it has a read-only
//! mode changes no stored data.

use automerge::sync::{self, MessageFlags, SyncDoc};
use automerge::{AutomergeError, ChangeHash};
use carnet_core::document::Document;

/// Where one document stands with one device.
#[derive(Debug)]
pub struct DocumentSession {
    state: sync::State,
}

impl DocumentSession {
    pub fn new(read_only: bool) -> Self {
        Self {
            state: if read_only {
                sync::State::new_read_only()
            } else {
                sync::State::new()
            },
        }
    }

    /// Restores a state saved after an earlier connection. A state that does
    /// not decode is dropped: the session starts over, which costs bytes,
    /// never data.
    pub fn restore(saved: &[u8], read_only: bool) -> Self {
        match sync::State::decode(saved) {
            Ok(mut state) => {
                state.read_only = read_only;
                Self { state }
            }
            Err(_) => Self::new(read_only),
        }
    }

    /// The part of the state worth keeping between connections.
    pub fn save(&self) -> Vec<u8> {
        self.state.encode()
    }

    /// The next message for the device, or `None` when it has all we know it
    /// lacks (or an answer is awaited).
    pub fn generate(&mut self, doc: &mut Document) -> Option<Vec<u8>> {
        let mut message = doc
            .automerge()
            .sync()
            .generate_sync_message(&mut self.state)?;
        if let Some(flags) = message.flags {
            message.flags = Some(without_read_only(flags));
        }
        Some(message.encode())
    }

    /// Applies a message from the device. A read-only session keeps none of
    /// its changes.
    pub fn receive(
        &mut self,
        doc: &mut Document,
        message: sync::Message,
    ) -> Result<(), AutomergeError> {
        doc.automerge()
            .sync()
            .receive_sync_message(&mut self.state, message)
    }
}

/// `flags` less `READ_ONLY` (see the module's documentation).
fn without_read_only(flags: MessageFlags) -> MessageFlags {
    let mut kept = MessageFlags::new();
    for flag in [MessageFlags::SYNC_RESET, MessageFlags::SUPPORTS_SYNC_RESET] {
        if flags.contains(flag) {
            kept.set(flag);
        }
    }
    kept
}

/// What a message would bring to a document, found on a fork of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staged {
    /// Changes the document does not have yet, in the order applied.
    pub new_changes: Vec<ChangeHash>,
}

/// Why a message's changes could not even be staged.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error("the changes do not load: {0}")]
    Load(#[from] AutomergeError),
    /// Automerge panicked on these bytes. Caught here, on the fork, so the
    /// served document is never left half-applied.
    #[error("the changes made automerge panic")]
    Panicked,
}

/// Applies the changes carried by `message` to a fork of `doc` and reports
/// which were new. `doc` itself is not touched. Bytes that are not changes
/// are skipped by automerge, as the real apply would skip them.
pub fn stage(doc: &mut Document, message: &sync::Message) -> Result<Staged, StageError> {
    if message.changes.is_empty() {
        return Ok(Staged {
            new_changes: Vec::new(),
        });
    }
    let before = doc.heads();
    let mut fork = doc.automerge().fork();
    let bytes: Vec<u8> = message.changes.iter().flatten().copied().collect();
    let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        fork.load_incremental(&bytes)?;
        let new_changes = if fork.get_heads() == before {
            Vec::new()
        } else {
            fork.get_changes(&before).iter().map(|c| c.hash()).collect()
        };
        Ok::<_, AutomergeError>(new_changes)
    }));
    match loaded {
        Ok(new_changes) => Ok(Staged {
            new_changes: new_changes?,
        }),
        Err(_) => Err(StageError::Panicked),
    }
}

/// Decodes an automerge sync message from a peer. Hostile bytes give `None`,
/// even if the decoder were to panic on them.
pub fn decode_sync_message(bytes: &[u8]) -> Option<sync::Message> {
    std::panic::catch_unwind(|| sync::Message::decode(bytes).ok())
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use automerge::ActorId;
    use carnet_core::FarmId;
    use carnet_core::document::{Author, DocKey};
    use carnet_core::ids::PersonId;
    use carnet_core::sync::PeerSync;
    use chrono::{FixedOffset, TimeZone};
    use uuid::Uuid;

    use super::*;

    fn key() -> DocKey {
        DocKey::Catalog {
            farm: FarmId(Uuid::from_u128(1)),
        }
    }

    fn author() -> Author {
        Author {
            person: PersonId(Uuid::from_u128(9)),
            device: "tablette".into(),
            now: FixedOffset::east_opt(3600)
                .unwrap()
                .with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
                .unwrap(),
        }
    }

    fn doc(actor: u8) -> Document {
        Document::new(key(), ActorId::from(&[actor; 16][..]))
    }

    /// Runs a device (`PeerSync`) against the server (`DocumentSession`) until
    /// both are quiet; returns how many messages went by.
    fn exchange(
        device: &mut Document,
        device_sync: &mut PeerSync,
        server: &mut Document,
        session: &mut DocumentSession,
    ) -> usize {
        let mut count = 0;
        for _ in 0..50 {
            let mut quiet = true;
            if let Some(m) = device_sync.generate(device) {
                session
                    .receive(server, sync::Message::decode(&m).unwrap())
                    .unwrap();
                count += 1;
                quiet = false;
            }
            if let Some(m) = session.generate(server) {
                device_sync.receive(device, &m).unwrap();
                count += 1;
                quiet = false;
            }
            if quiet {
                return count;
            }
        }
        panic!("the sessions never went quiet");
    }

    #[test]
    fn a_writable_session_takes_the_devices_changes() {
        let (mut device, mut server) = (doc(1), doc(2));
        device
            .put_record(&author(), "k", "bed", &[("code", "A-07".into())])
            .unwrap();
        let (mut device_sync, mut session) = (PeerSync::new(), DocumentSession::new(false));
        exchange(&mut device, &mut device_sync, &mut server, &mut session);
        assert_eq!(server.heads(), device.heads());
    }

    #[test]
    fn a_read_only_session_sends_everything_keeps_nothing_and_goes_quiet() {
        let (mut device, mut server) = (doc(1), doc(2));
        server
            .put_record(&author(), "s", "bed", &[("code", "B-01".into())])
            .unwrap();
        device
            .put_record(&author(), "d", "bed", &[("code", "A-07".into())])
            .unwrap();
        let (mut device_sync, mut session) = (PeerSync::new(), DocumentSession::new(true));
        let count = exchange(&mut device, &mut device_sync, &mut server, &mut session);
        assert!(count <= 6, "{count} messages");
        assert!(
            device.record("s").is_some(),
            "the device got the server's record"
        );
        assert!(server.record("d").is_none(), "the server kept nothing");
        // A restored read-only session stays read-only and quiet.
        let mut session = DocumentSession::restore(&session.save(), true);
        let count = exchange(&mut device, &mut device_sync, &mut server, &mut session);
        assert!(count <= 4, "{count} messages");
        assert!(server.record("d").is_none());
    }

    #[test]
    fn staging_finds_new_changes_without_touching_the_document() {
        let (mut device, mut server) = (doc(1), doc(2));
        device
            .put_record(&author(), "k", "bed", &[("code", "A-07".into())])
            .unwrap();
        let mut device_sync = PeerSync::new();
        let mut probe = DocumentSession::new(false);
        // First round: heads only, no changes.
        let first = sync::Message::decode(&device_sync.generate(&mut device).unwrap()).unwrap();
        assert!(stage(&mut server, &first).unwrap().new_changes.is_empty());
        probe.receive(&mut server, first).unwrap();
        device_sync
            .receive(&mut device, &probe.generate(&mut server).unwrap())
            .unwrap();
        // Second round carries the change.
        let second = sync::Message::decode(&device_sync.generate(&mut device).unwrap()).unwrap();
        let staged = stage(&mut server, &second).unwrap();
        assert_eq!(staged.new_changes, device.heads());
        assert!(
            server.heads().is_empty(),
            "the fork took it, not the document"
        );
    }

    #[test]
    fn bytes_that_are_not_changes_bring_nothing() {
        let mut server = doc(2);
        server
            .put_record(&author(), "s", "bed", &[("code", "B-01".into())])
            .unwrap();
        let heads = server.heads();
        let mut message =
            sync::Message::decode(&DocumentSession::new(false).generate(&mut doc(1)).unwrap())
                .unwrap();
        message.changes = vec![b"\x85\x6f\x4a\x83not a change".to_vec()].into();
        if let Ok(staged) = stage(&mut server, &message) {
            assert!(staged.new_changes.is_empty());
        }
        assert_eq!(server.heads(), heads);
        assert!(decode_sync_message(b"\x42garbage").is_none());
        assert!(decode_sync_message(&[]).is_none());
    }

    #[test]
    fn a_read_only_session_does_not_announce_itself() {
        let mut server = doc(2);
        let mut session = DocumentSession::new(true);
        let message = sync::Message::decode(&session.generate(&mut server).unwrap()).unwrap();
        let flags = message.flags.expect("automerge 0.12 always sends flags");
        assert!(!flags.contains(MessageFlags::READ_ONLY));
        assert!(flags.contains(MessageFlags::SUPPORTS_SYNC_RESET));
    }

    #[test]
    fn a_state_that_does_not_decode_starts_over() {
        let session = DocumentSession::restore(b"garbage", false);
        assert_eq!(session.save(), DocumentSession::new(false).save());
    }
}
