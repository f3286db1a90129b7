//! The string ids of the protocol: who speaks ([`PeerId`]) and which storage a
//! peer syncs from ([`StorageId`]).
//!
//! automerge-repo treats both as opaque strings (a peer id is whatever the
//! client was configured with, e.g. `peer-x1y2z3`; a storage id is a UUID
//! string), so we do too: we only refuse what no honest peer sends (empty,
//! longer than [`MAX_ID_BYTES`], control characters that would garble logs).
//! This module does not decide who may connect: that is the server's job.
//! Document ids live in `carnet_core::DocumentId`.

use std::fmt;
use std::str::FromStr;

use crate::error::ProtocolError;

/// The longest peer or storage id we accept, in bytes of UTF-8.
pub const MAX_ID_BYTES: usize = 256;

/// What is wrong with `text` as an id, if anything.
fn id_problem(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        Some("is empty")
    } else if text.len() > MAX_ID_BYTES {
        Some("is longer than 256 bytes")
    } else if text.chars().any(char::is_control) {
        Some("contains a control character")
    } else {
        None
    }
}

macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, $variant:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Checks `id` and wraps it.
            pub fn new(id: impl Into<String>) -> Result<Self, ProtocolError> {
                Self::for_field(id.into(), $field)
            }

            /// Like `new`, naming the wire field at fault in the error.
            pub(crate) fn for_field(id: String, field: &'static str) -> Result<Self, ProtocolError> {
                match id_problem(&id) {
                    None => Ok(Self(id)),
                    Some(problem) => Err(ProtocolError::$variant { field, problem }),
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = ProtocolError;
            fn from_str(s: &str) -> Result<Self, ProtocolError> {
                Self::new(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

text_id!(
    /// The id a peer gives itself in `senderId`, and that others address it by in
    /// `targetId`.
    PeerId, BadPeerId, "peerId");

text_id!(
    /// The id of a peer's storage, sent in `peerMetadata.storageId` so the other
    /// side can keep sync states per storage rather than per connection.
    StorageId, BadStorageId, "storageId");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_id_accepts_what_automerge_repo_generates() {
        for id in [
            "peer-x1y2z3",
            "user-12345",
            "carnet-sync",
            "tablette de Léa",
        ] {
            assert_eq!(PeerId::new(id).unwrap().as_str(), id);
        }
    }

    #[test]
    fn peer_id_refuses_empty_long_and_control_characters() {
        assert_eq!(
            PeerId::new("").unwrap_err(),
            ProtocolError::BadPeerId {
                field: "peerId",
                problem: "is empty"
            }
        );
        assert!(PeerId::new("a".repeat(MAX_ID_BYTES)).is_ok());
        assert_eq!(
            PeerId::new("a".repeat(MAX_ID_BYTES + 1))
                .unwrap_err()
                .to_string(),
            "field `peerId`: peer id is longer than 256 bytes"
        );
        assert!(matches!(
            "bad\nid".parse::<PeerId>(),
            Err(ProtocolError::BadPeerId {
                problem: "contains a control character",
                ..
            })
        ));
    }

    #[test]
    fn storage_id_errors_name_storage() {
        let err = StorageId::new("").unwrap_err();
        assert_eq!(err.to_string(), "field `storageId`: storage id is empty");
    }
}
