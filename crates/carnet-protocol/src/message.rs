//! The messages of the automerge-repo v1 protocol that Carnet speaks.
//!
//! Field names follow automerge-repo's TypeScript (`senderId` becomes
//! `sender_id`); the codec maps them back. These are wire types: the sync
//! session in `carnet-core` turns `data` into `automerge::sync::Message`s, and
//! nothing here knows about farms, devices or access rules.
//!
//! Deliberately absent: `ephemeral` (presence, cursors), and the remote-heads
//! gossip (`remote-subscription-change`, `remote-heads-changed`). A server may
//! receive them from an automerge-repo client and must not hang up over them,
//! so they decode to [`Message::Ignored`], with their contents dropped.

use carnet_core::DocumentId;

use crate::ids::{PeerId, StorageId};

/// The only protocol version automerge-repo has defined, and the one we speak.
pub const PROTOCOL_VERSION: &str = "1";

/// What a peer says about itself in `join` and `peer`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerMetadata {
    /// The storage this peer keeps documents in; absent for a peer without
    /// storage (automerge-repo then sends `storageId: undefined`).
    pub storage_id: Option<StorageId>,
    /// The peer will not come back with the same storage, so keeping a sync
    /// state for it is pointless. Absent on the wire reads as `false`.
    pub is_ephemeral: bool,
}

/// A message we decode but do not act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IgnoredKind {
    /// `ephemeral`: application data relayed between peers, never stored.
    Ephemeral,
    /// `remote-subscription-change`: which storages' heads a peer wants to hear about.
    RemoteSubscriptionChange,
    /// `remote-heads-changed`: news of another storage's heads.
    RemoteHeadsChanged,
}

impl IgnoredKind {
    /// The `type` automerge-repo writes for this message.
    pub fn as_str(self) -> &'static str {
        match self {
            IgnoredKind::Ephemeral => "ephemeral",
            IgnoredKind::RemoteSubscriptionChange => "remote-subscription-change",
            IgnoredKind::RemoteHeadsChanged => "remote-heads-changed",
        }
    }
}

/// One frame of the protocol.
///
/// `Join`, `Leave` go from the client to the server; `Peer`, `Error` from the
/// server to the client; the rest both ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The client's first message: who it is and which versions it speaks.
    Join {
        sender_id: PeerId,
        peer_metadata: PeerMetadata,
        supported_protocol_versions: Vec<String>,
    },
    /// The server's answer to `join`: who it is and the version it chose.
    Peer {
        sender_id: PeerId,
        target_id: PeerId,
        peer_metadata: PeerMetadata,
        selected_protocol_version: String,
    },
    /// The client is going away.
    Leave { sender_id: PeerId },
    /// Something went wrong; the sender closes the connection after it.
    /// automerge-repo's server sends `senderId` and `targetId` with it; a
    /// server that fails before the handshake may know neither.
    Error {
        sender_id: Option<PeerId>,
        target_id: Option<PeerId>,
        message: String,
    },
    /// The first sync message for a document the sender does not have: "send
    /// it to me if you have it".
    Request {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        /// An encoded `automerge::sync::Message`.
        data: Vec<u8>,
    },
    /// A sync message for a document.
    Sync {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        /// An encoded `automerge::sync::Message`.
        data: Vec<u8>,
    },
    /// The sender does not have the document and knows no one who does.
    DocUnavailable {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
    },
    /// A message automerge-repo defines that we accept and drop. Encoding it
    /// writes only its `type`: it exists to be received, never to be sent.
    Ignored { kind: IgnoredKind },
}

impl Message {
    /// The `type` this message has on the wire, for logs and errors.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Join { .. } => "join",
            Message::Peer { .. } => "peer",
            Message::Leave { .. } => "leave",
            Message::Error { .. } => "error",
            Message::Request { .. } => "request",
            Message::Sync { .. } => "sync",
            Message::DocUnavailable { .. } => "doc-unavailable",
            Message::Ignored { kind } => kind.as_str(),
        }
    }

    /// The document this message is about, if it is about one.
    pub fn document_id(&self) -> Option<&DocumentId> {
        match self {
            Message::Request { document_id, .. }
            | Message::Sync { document_id, .. }
            | Message::DocUnavailable { document_id, .. } => Some(document_id),
            _ => None,
        }
    }
}
