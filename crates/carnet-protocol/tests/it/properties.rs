//! Laws over generated messages and bytes: what we encode we decode to the same
//! message; no input, however broken, makes the decoder panic; and a frame any
//! CBOR encoder writes is never called "not CBOR".

use carnet_core::DocumentId;
use carnet_protocol::{
    IgnoredKind, Message, PeerId, PeerMetadata, ProtocolError, StorageId, decode, encode,
};
use ciborium::Value;
use proptest::prelude::*;

use crate::cbor;

fn peer_id() -> impl Strategy<Value = PeerId> {
    prop_oneof![
        "[a-z]{1,8}-[0-9a-z]{1,12}",
        // Any printable text: ids are opaque to automerge-repo.
        "\\PC{1,40}",
    ]
    .prop_map(|id| PeerId::new(id).unwrap())
}

fn peer_metadata() -> impl Strategy<Value = PeerMetadata> {
    (
        proptest::option::of("[0-9a-f-]{1,36}".prop_map(|id| StorageId::new(id).unwrap())),
        any::<bool>(),
    )
        .prop_map(|(storage_id, is_ephemeral)| PeerMetadata {
            storage_id,
            is_ephemeral,
        })
}

fn document_id() -> impl Strategy<Value = DocumentId> {
    any::<[u8; 16]>().prop_map(DocumentId)
}

fn data() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..300)
}

fn message() -> impl Strategy<Value = Message> {
    prop_oneof![
        (
            peer_id(),
            peer_metadata(),
            proptest::collection::vec("[0-9]{1,3}", 0..4)
        )
            .prop_map(|(sender_id, peer_metadata, supported_protocol_versions)| {
                Message::Join {
                    sender_id,
                    peer_metadata,
                    supported_protocol_versions,
                }
            }),
        (peer_id(), peer_id(), peer_metadata(), "[0-9]{1,3}").prop_map(
            |(sender_id, target_id, peer_metadata, selected_protocol_version)| Message::Peer {
                sender_id,
                target_id,
                peer_metadata,
                selected_protocol_version,
            }
        ),
        peer_id().prop_map(|sender_id| Message::Leave { sender_id }),
        (
            proptest::option::of(peer_id()),
            proptest::option::of(peer_id()),
            ".{0,80}"
        )
            .prop_map(|(sender_id, target_id, message)| Message::Error {
                sender_id,
                target_id,
                message,
            }),
        (peer_id(), peer_id(), document_id(), data()).prop_map(
            |(sender_id, target_id, document_id, data)| Message::Request {
                sender_id,
                target_id,
                document_id,
                data,
            }
        ),
        (peer_id(), peer_id(), document_id(), data()).prop_map(
            |(sender_id, target_id, document_id, data)| Message::Sync {
                sender_id,
                target_id,
                document_id,
                data,
            }
        ),
        (peer_id(), peer_id(), document_id()).prop_map(|(sender_id, target_id, document_id)| {
            Message::DocUnavailable {
                sender_id,
                target_id,
                document_id,
            }
        }),
        prop_oneof![
            Just(IgnoredKind::Ephemeral),
            Just(IgnoredKind::RemoteSubscriptionChange),
            Just(IgnoredKind::RemoteHeadsChanged),
        ]
        .prop_map(|kind| Message::Ignored { kind }),
    ]
}

/// A byte-level change to a valid frame.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, bits: u8 },
    Set { at: usize, byte: u8 },
    Truncate { at: usize },
    Insert { at: usize, byte: u8 },
    Remove { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        (at, 1u8..).prop_map(|(at, bits)| Mutation::Flip { at, bits }),
        (at, any::<u8>()).prop_map(|(at, byte)| Mutation::Set { at, byte }),
        at.prop_map(|at| Mutation::Truncate { at }),
        (at, any::<u8>()).prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        at.prop_map(|at| Mutation::Remove { at }),
    ]
}

fn mutate(frame: &mut Vec<u8>, mutation: &Mutation) {
    if frame.is_empty() {
        return;
    }
    let len = frame.len();
    match *mutation {
        Mutation::Flip { at, bits } => frame[at % len] ^= bits,
        Mutation::Set { at, byte } => frame[at % len] = byte,
        Mutation::Truncate { at } => frame.truncate(at % len),
        Mutation::Insert { at, byte } => frame.insert(at % (len + 1), byte),
        Mutation::Remove { at } => {
            frame.remove(at % len);
        }
    }
}

/// Any CBOR value ciborium can write, nested a few levels.
fn cbor_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(|n| Value::Integer(n.into())),
        any::<f64>().prop_map(Value::Float),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        ".{0,12}".prop_map(Value::Text),
        proptest::collection::vec(any::<u8>(), 0..12).prop_map(Value::Bytes),
        prop_oneof![
            Just("type"),
            Just("sync"),
            Just("join"),
            Just("senderId"),
            Just("documentId"),
            Just("data"),
            Just("peerMetadata"),
        ]
        .prop_map(|s| Value::Text(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((inner.clone(), inner.clone()), 0..6).prop_map(Value::Map),
            (any::<u64>(), inner).prop_map(|(tag, value)| Value::Tag(tag, Box::new(value))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_inverts_encode(message in message()) {
        prop_assert_eq!(decode(&encode(&message)), Ok(message));
    }

    #[test]
    fn every_frame_we_write_is_a_text_keyed_map_to_ciborium(message in message()) {
        let value: Value = ciborium::from_reader(encode(&message).as_slice()).unwrap();
        let Value::Map(entries) = value else {
            return Err(TestCaseError::fail("not a map"));
        };
        prop_assert!(entries.iter().all(|(key, _)| key.is_text()));
        let has_type = entries.iter().any(|(key, value)| {
            key.as_text() == Some("type") && value.as_text() == Some(message.kind())
        });
        prop_assert!(has_type, "no `type` of {}", message.kind());
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode(&bytes);
    }

    #[test]
    fn mutated_frames_never_panic(
        message in message(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut frame = encode(&message);
        for mutation in &mutations {
            mutate(&mut frame, mutation);
        }
        let _ = decode(&frame);
    }

    #[test]
    fn what_ciborium_writes_is_never_called_not_cbor(value in cbor_value()) {
        let frame = cbor(&value);
        let result = decode(&frame);
        prop_assert!(
            !matches!(result, Err(ProtocolError::NotCbor { .. })),
            "{:?} -> {:?}", value, result
        );
        if !matches!(value, Value::Map(_)) {
            prop_assert_eq!(result, Err(ProtocolError::NotAMap));
        }
    }
}
