//! The two ends of the `join` / `peer` handshake, without IO.
//!
//! automerge-repo's client sends `join` as soon as the socket opens; the
//! server answers `peer` (selecting version "1") or `error` and closes, as
//! `WebSocketServerAdapter.receiveMessage` does. These functions only decide
//! the answer. Who may join (tokens, farms, revoked devices) is the server's
//! business and happens before [`peer_reply`] is called.

use crate::error::{ProtocolError, quote};
use crate::ids::PeerId;
use crate::message::{Message, PROTOCOL_VERSION, PeerMetadata};

/// How many offered versions an error repeats.
const MAX_QUOTED_VERSIONS: usize = 8;

/// The server's answer to a client's first message: `peer`, or the reason to
/// refuse it (send that reason as a [`Message::Error`], then close).
///
/// automerge-repo's own server treats a `join` without
/// `supportedProtocolVersions` as version "1"; our decoder already requires
/// the field, which every automerge-repo 1.x and 2.x client sends.
pub fn peer_reply(
    server_id: &PeerId,
    server_metadata: &PeerMetadata,
    join: &Message,
) -> Result<Message, ProtocolError> {
    let Message::Join {
        sender_id,
        supported_protocol_versions,
        ..
    } = join
    else {
        return Err(ProtocolError::UnexpectedMessage {
            expected: "join",
            found: join.kind().to_owned(),
        });
    };
    if !supported_protocol_versions
        .iter()
        .any(|version| version == PROTOCOL_VERSION)
    {
        return Err(unsupported(supported_protocol_versions));
    }
    Ok(Message::Peer {
        sender_id: server_id.clone(),
        target_id: sender_id.clone(),
        peer_metadata: server_metadata.clone(),
        selected_protocol_version: PROTOCOL_VERSION.to_owned(),
    })
}

/// The client's check of the server's answer to `join`: the server's peer id
/// when it answered `peer` with version "1".
pub fn check_peer_reply(reply: &Message) -> Result<&PeerId, ProtocolError> {
    match reply {
        Message::Peer {
            sender_id,
            selected_protocol_version,
            ..
        } if selected_protocol_version == PROTOCOL_VERSION => Ok(sender_id),
        Message::Peer {
            selected_protocol_version,
            ..
        } => Err(unsupported(std::slice::from_ref(selected_protocol_version))),
        Message::Error { message, .. } => Err(ProtocolError::Refused(quote(message))),
        other => Err(ProtocolError::UnexpectedMessage {
            expected: "peer",
            found: other.kind().to_owned(),
        }),
    }
}

fn unsupported(offered: &[String]) -> ProtocolError {
    ProtocolError::UnsupportedProtocolVersion {
        offered: offered
            .iter()
            .take(MAX_QUOTED_VERSIONS)
            .map(|version| quote(version))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use carnet_core::DocumentId;

    use super::*;

    fn peer(id: &str) -> PeerId {
        PeerId::new(id).unwrap()
    }

    fn join(versions: &[&str]) -> Message {
        Message::Join {
            sender_id: peer("client"),
            peer_metadata: PeerMetadata::default(),
            supported_protocol_versions: versions.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn join_with_version_1_gets_a_peer_reply_addressed_to_the_client() {
        let metadata = PeerMetadata {
            storage_id: None,
            is_ephemeral: false,
        };
        let reply = peer_reply(&peer("server"), &metadata, &join(&["2", "1"])).unwrap();
        assert_eq!(
            reply,
            Message::Peer {
                sender_id: peer("server"),
                target_id: peer("client"),
                peer_metadata: metadata,
                selected_protocol_version: "1".to_owned(),
            }
        );
        assert_eq!(check_peer_reply(&reply), Ok(&peer("server")));
    }

    #[test]
    fn join_without_version_1_is_refused() {
        let err = peer_reply(&peer("server"), &PeerMetadata::default(), &join(&["2"]));
        assert_eq!(
            err,
            Err(ProtocolError::UnsupportedProtocolVersion {
                offered: vec!["2".to_owned()]
            })
        );
        let err = peer_reply(&peer("server"), &PeerMetadata::default(), &join(&[]));
        assert_eq!(
            err.unwrap_err().to_string(),
            "unsupported protocol version [], this peer speaks \"1\""
        );
    }

    #[test]
    fn a_first_message_other_than_join_is_refused() {
        let sync = Message::Sync {
            sender_id: peer("client"),
            target_id: peer("server"),
            document_id: DocumentId([1; 16]),
            data: vec![1],
        };
        assert_eq!(
            peer_reply(&peer("server"), &PeerMetadata::default(), &sync),
            Err(ProtocolError::UnexpectedMessage {
                expected: "join",
                found: "sync".to_owned()
            })
        );
    }

    #[test]
    fn client_sees_why_the_server_refused() {
        let error = Message::Error {
            sender_id: Some(peer("server")),
            target_id: Some(peer("client")),
            message: "unsupported protocol version".to_owned(),
        };
        assert_eq!(
            check_peer_reply(&error),
            Err(ProtocolError::Refused(
                "unsupported protocol version".to_owned()
            ))
        );
        let wrong_version = Message::Peer {
            sender_id: peer("server"),
            target_id: peer("client"),
            peer_metadata: PeerMetadata::default(),
            selected_protocol_version: "2".to_owned(),
        };
        assert!(matches!(
            check_peer_reply(&wrong_version),
            Err(ProtocolError::UnsupportedProtocolVersion { .. })
        ));
    }
}
