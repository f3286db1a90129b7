//! The wire format shared by the Carnet app and the `carnet-sync` server.
//!
//! It is the part of the automerge-repo v1 network protocol that syncs
//! documents (`join`/`peer`, `leave`, `error`, `request`, `sync`,
//! `doc-unavailable`), one CBOR map per WebSocket binary frame, written so that
//! an unmodified `@automerge/automerge-repo` 2.x client with
//! `@automerge/automerge-repo-network-websocket` can talk to our server, and
//! our app to an automerge-repo server.
//!
//! ```
//! use carnet_core::DocumentId;
//! use carnet_protocol::{Message, PeerId, decode, encode};
//!
//! let message = Message::Sync {
//!     sender_id: PeerId::new("carnet-sync")?,
//!     target_id: PeerId::new("tablette-1")?,
//!     document_id: DocumentId([7; 16]),
//!     data: vec![0x42],
//! };
//! assert_eq!(decode(&encode(&message))?, message);
//! # Ok::<(), carnet_protocol::ProtocolError>(())
//! ```
//!
//! This crate does no IO and keeps no state: sockets, the order of messages
//! after the handshake, the automerge sync protocol inside `data`, and who may
//! read or write which document all live elsewhere (the core's sync session
//! and the server).

mod cbor;
mod codec;
pub mod compression;
mod error;
mod handshake;
mod ids;
mod message;

pub use codec::{MAX_FRAME_BYTES, decode, decode_with_limit, encode};
pub use error::ProtocolError;
pub use handshake::{check_peer_reply, peer_reply};
pub use ids::{MAX_ID_BYTES, PeerId, StorageId};
pub use message::{IgnoredKind, Message, PROTOCOL_VERSION, PeerMetadata};
