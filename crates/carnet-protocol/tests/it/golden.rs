//! Golden frames: bytes exactly as `@automerge/automerge-repo` 2.x writes them,
//! built by hand from its source, must decode to the right message; and our
//! frames, read back by a generic CBOR decoder, must hold exactly the keys and
//! item types automerge-repo reads.
//!
//! How the JavaScript side writes a frame (automerge-repo, `packages/...`):
//! - `automerge-repo/src/helpers/cbor.ts`: `new Encoder({ tagUint8Array: false,
//!   useRecords: false }).encode(message)`. With `useRecords: false` cbor-x
//!   writes an object as a map with a 16-bit length (`b9 nnnn`) and its own
//!   keys in insertion order, `undefined` as `f7`, text with the shortest
//!   length head, a `Uint8Array` as a plain byte string (no tag 64).
//! - `automerge-repo-network-websocket/src/WebSocketClientAdapter.ts`:
//!   `join` is `{ type, senderId, peerMetadata, supportedProtocolVersions: ["1"] }`,
//!   `leave` is `{ type, senderId }`.
//! - `automerge-repo/src/Repo.ts`: `peerMetadata` is `{ storageId, isEphemeral }`,
//!   `storageId` `undefined` when the repo has no storage.
//! - `automerge-repo/src/synchronizer/DocSynchronizer.ts` builds `sync`,
//!   `request`, `doc-unavailable` and `ephemeral`; `network/NetworkSubsystem.ts`
//!   then appends `senderId` (and `count`, `sessionId` to `ephemeral`).
//! - `automerge-repo-network-websocket/src/WebSocketServerAdapter.ts`: the
//!   server's `peer` is `{ type, senderId, peerMetadata, selectedProtocolVersion,
//!   targetId }`, its `error` `{ type, senderId, message, targetId }`.

use carnet_core::DocumentId;
use carnet_protocol::{IgnoredKind, Message, PeerMetadata, StorageId, decode, encode};
use ciborium::Value;

use crate::{golden_document, hex, peer};

/// The `data` of the golden sync frames: opaque bytes to this crate.
const SYNC_DATA: [u8; 8] = [0x42, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00];

#[test]
fn join_from_a_browser_client_with_storage() {
    let frame = hex(&[
        "b9 0004",                 // map of 4 entries; cbor-x always writes a 16-bit map length
        "64 74797065 64 6a6f696e", // "type": "join"
        "68 73656e6465724964 6b 706565722d613162326333", // "senderId": "peer-a1b2c3"
        "6c 706565724d65746164617461 b9 0002", // "peerMetadata": map of 2
        "69 73746f726167654964 78 24 33373630646633372d613463362d346636362d396563642d373332303339613133323134", // "storageId": a UUID string
        "6b 6973457068656d6572616c f4", // "isEphemeral": false
        "78 19 737570706f7274656450726f746f636f6c56657273696f6e73 81 61 31", // "supportedProtocolVersions": ["1"]
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Join {
            sender_id: peer("peer-a1b2c3"),
            peer_metadata: PeerMetadata {
                storage_id: Some(StorageId::new("3760df37-a4c6-4f66-9ecd-732039a13214").unwrap()),
                is_ephemeral: false,
            },
            supported_protocol_versions: vec!["1".to_owned()],
        })
    );
}

#[test]
fn join_from_a_node_client_without_storage_has_an_undefined_storage_id() {
    let frame = hex(&[
        "b9 0004",                                                           // map of 4 entries
        "64 74797065 64 6a6f696e",                                           // "type": "join"
        "68 73656e6465724964 67 757365722d3432", // "senderId": "user-42"
        "6c 706565724d65746164617461 b9 0002",   // "peerMetadata": map of 2
        "69 73746f726167654964 f7",              // "storageId": undefined (no storage adapter)
        "6b 6973457068656d6572616c f5",          // "isEphemeral": true
        "78 19 737570706f7274656450726f746f636f6c56657273696f6e73 81 61 31", // "supportedProtocolVersions": ["1"]
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Join {
            sender_id: peer("user-42"),
            peer_metadata: PeerMetadata {
                storage_id: None,
                is_ephemeral: true,
            },
            supported_protocol_versions: vec!["1".to_owned()],
        })
    );
}

#[test]
fn sync_from_a_client() {
    let frame = hex(&[
        "b9 0005",                                       // map of 5 entries
        "64 74797065 64 73796e63",                       // "type": "sync"
        "68 7461726765744964 6b 6361726e65742d73796e63", // "targetId": "carnet-sync"
        "64 64617461 48 4200000100000000", // "data": 8-byte byte string (major type 2, no tag)
        "6a 646f63756d656e744964 78 1b 6f7934676545593169587961545170516258534d486f5553475363", // "documentId": base58check, 27 characters
        "68 73656e6465724964 6b 706565722d613162326333", // "senderId": added last by NetworkSubsystem.send
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Sync {
            sender_id: peer("peer-a1b2c3"),
            target_id: peer("carnet-sync"),
            document_id: golden_document(),
            data: SYNC_DATA.to_vec(),
        })
    );
}

#[test]
fn sync_with_data_tagged_as_a_typed_array_is_accepted() {
    // cbor-x without `tagUint8Array: false` (older automerge-repo, or Node's
    // default) writes tag 64 (d8 40) before a Uint8Array.
    let frame = hex(&[
        "b9 0005",
        "64 74797065 64 73796e63",
        "68 7461726765744964 6b 6361726e65742d73796e63",
        "64 64617461 d8 40 48 4200000100000000", // "data": 64(h'4200000100000000')
        "6a 646f63756d656e744964 78 1b 6f7934676545593169587961545170516258534d486f5553475363",
        "68 73656e6465724964 6b 706565722d613162326333",
    ]);
    let Ok(Message::Sync { data, .. }) = decode(&frame) else {
        panic!("not a sync message: {:?}", decode(&frame));
    };
    assert_eq!(data, SYNC_DATA);
}

#[test]
fn request_from_a_client() {
    let frame = hex(&[
        "b9 0005",                                       // map of 5 entries
        "64 74797065 67 72657175657374",                 // "type": "request"
        "68 7461726765744964 6b 6361726e65742d73796e63", // "targetId": "carnet-sync"
        "6a 646f63756d656e744964 78 1b 6f7934676545593169587961545170516258534d486f5553475363", // "documentId"
        "64 64617461 48 4200000100000000", // "data": byte string
        "68 73656e6465724964 6b 706565722d613162326333", // "senderId"
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Request {
            sender_id: peer("peer-a1b2c3"),
            target_id: peer("carnet-sync"),
            document_id: golden_document(),
            data: SYNC_DATA.to_vec(),
        })
    );
}

#[test]
fn doc_unavailable_from_a_client() {
    let frame = hex(&[
        "b9 0004",                                       // map of 4 entries
        "64 74797065 6f 646f632d756e617661696c61626c65", // "type": "doc-unavailable"
        "6a 646f63756d656e744964 78 1b 6f7934676545593169587961545170516258534d486f5553475363", // "documentId"
        "68 7461726765744964 6b 6361726e65742d73796e63", // "targetId"
        "68 73656e6465724964 6b 706565722d613162326333", // "senderId"
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::DocUnavailable {
            sender_id: peer("peer-a1b2c3"),
            target_id: peer("carnet-sync"),
            document_id: golden_document(),
        })
    );
}

#[test]
fn leave_from_a_client() {
    let frame = hex(&[
        "b9 0002",                                       // map of 2 entries
        "64 74797065 65 6c65617665",                     // "type": "leave"
        "68 73656e6465724964 6b 706565722d613162326333", // "senderId"
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Leave {
            sender_id: peer("peer-a1b2c3"),
        })
    );
}

#[test]
fn peer_from_an_automerge_repo_server() {
    let frame = hex(&[
        "b9 0005",                 // map of 5 entries
        "64 74797065 64 70656572", // "type": "peer"
        "68 73656e6465724964 78 21 73746f726167652d7365727665722d73796e632d6175746f6d657267652d6f7267", // "senderId": the server's peer id
        "6c 706565724d65746164617461 b9 0002", // "peerMetadata": map of 2
        "69 73746f726167654964 78 24 39623163326433652d303030302d343030302d383030302d303030303030303030303031", // "storageId"
        "6b 6973457068656d6572616c f4", // "isEphemeral": false
        "77 73656c656374656450726f746f636f6c56657273696f6e 61 31", // "selectedProtocolVersion": "1"
        "68 7461726765744964 6b 706565722d613162326333", // "targetId": the client
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Peer {
            sender_id: peer("storage-server-sync-automerge-org"),
            target_id: peer("peer-a1b2c3"),
            peer_metadata: PeerMetadata {
                storage_id: Some(StorageId::new("9b1c2d3e-0000-4000-8000-000000000001").unwrap()),
                is_ephemeral: false,
            },
            selected_protocol_version: "1".to_owned(),
        })
    );
}

#[test]
fn error_from_an_automerge_repo_server() {
    let frame = hex(&[
        "b9 0004",                                             // map of 4 entries
        "64 74797065 65 6572726f72",                           // "type": "error"
        "68 73656e6465724964 6e 73746f726167652d736572766572", // "senderId"
        "67 6d657373616765 78 1c 756e737570706f727465642070726f746f636f6c2076657273696f6e", // "message"
        "68 7461726765744964 6b 706565722d613162326333", // "targetId"
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Error {
            sender_id: Some(peer("storage-server")),
            target_id: Some(peer("peer-a1b2c3")),
            message: "unsupported protocol version".to_owned(),
        })
    );
}

#[test]
fn ephemeral_from_a_client_is_ignored() {
    let frame = hex(&[
        "b9 0007",                                       // map of 7 entries
        "64 74797065 69 657068656d6572616c",             // "type": "ephemeral"
        "68 7461726765744964 6b 6361726e65742d73796e63", // "targetId"
        "6a 646f63756d656e744964 78 1b 6f7934676545593169587961545170516258534d486f5553475363", // "documentId"
        "64 64617461 44 a1616101", // "data": the cbor-x encoding of {a: 1}
        "65 636f756e74 01",        // "count": 1
        "69 73657373696f6e4964 69 6b336a39783071317a", // "sessionId"
        "68 73656e6465724964 6b 706565722d613162326333", // "senderId"
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Ignored {
            kind: IgnoredKind::Ephemeral
        })
    );
}

#[test]
fn remote_subscription_change_from_a_client_is_ignored() {
    let frame = hex(&[
        "b9 0005", // map of 5 entries
        "64 74797065 78 1a 72656d6f74652d737562736372697074696f6e2d6368616e6765", // "type": "remote-subscription-change"
        "68 7461726765744964 6b 6361726e65742d73796e63",                          // "targetId"
        "63 616464 81 78 24 33373630646633372d613463362d346636362d396563642d373332303339613133323134", // "add": [storage id]
        "66 72656d6f7665 f7",                            // "remove": undefined
        "68 73656e6465724964 6b 706565722d613162326333", // "senderId"
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Ignored {
            kind: IgnoredKind::RemoteSubscriptionChange
        })
    );
}

#[test]
fn remote_heads_changed_with_a_float_timestamp_is_ignored() {
    let frame = hex(&[
        "b9 0005",                                                 // map of 5 entries
        "64 74797065 74 72656d6f74652d68656164732d6368616e676564", // "type": "remote-heads-changed"
        "68 7461726765744964 6b 6361726e65742d73796e63",           // "targetId"
        "6a 646f63756d656e744964 78 1b 6f7934676545593169587961545170516258534d486f5553475363", // "documentId"
        "68 6e65774865616473 b9 0001", // "newHeads": map of 1
        "78 24 33373630646633372d613463362d346636362d396563642d373332303339613133323134 b9 0002", // storage id: map of 2
        "65 6865616473 81 78 20 3166306530643063306230613039303830373036303530343033303230313030", // "heads": [one head hash]
        "69 74696d657374616d70 fb 4279000c79c00000", // "timestamp": Date.now(), above 2^32 so cbor-x writes a float64
        "68 73656e6465724964 6b 706565722d613162326333", // "senderId"
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Ignored {
            kind: IgnoredKind::RemoteHeadsChanged
        })
    );
}

/// Our frame read by ciborium: a map whose text keys are exactly `keys`.
fn read_back(message: &Message, keys: &[&str]) -> Vec<(String, Value)> {
    let value: Value = ciborium::from_reader(encode(message).as_slice()).unwrap();
    let Value::Map(entries) = value else {
        panic!("not a map: {value:?}");
    };
    let entries: Vec<(String, Value)> = entries
        .into_iter()
        .map(|(key, value)| (key.into_text().expect("text key"), value))
        .collect();
    let mut found: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
    found.sort_unstable();
    let mut expected = keys.to_vec();
    expected.sort_unstable();
    assert_eq!(found, expected);
    entries
}

fn field<'a>(entries: &'a [(String, Value)], key: &str) -> &'a Value {
    &entries.iter().find(|(k, _)| k == key).unwrap().1
}

#[test]
fn our_sync_frame_holds_exactly_what_automerge_repo_reads() {
    let message = Message::Sync {
        sender_id: peer("carnet-sync"),
        target_id: peer("peer-a1b2c3"),
        document_id: golden_document(),
        data: SYNC_DATA.to_vec(),
    };
    let entries = read_back(
        &message,
        &["type", "senderId", "targetId", "documentId", "data"],
    );
    assert_eq!(field(&entries, "type"), &Value::Text("sync".into()));
    assert_eq!(
        field(&entries, "senderId"),
        &Value::Text("carnet-sync".into())
    );
    assert_eq!(
        field(&entries, "targetId"),
        &Value::Text("peer-a1b2c3".into())
    );
    // DocSynchronizer compares `message.documentId` with its handle's id as strings.
    assert_eq!(
        field(&entries, "documentId"),
        &Value::Text("oy4geEY1iXyaTQpQbXSMHoUSGSc".into())
    );
    // A plain byte string, which cbor-x decodes to a Uint8Array; no tag.
    assert_eq!(field(&entries, "data"), &Value::Bytes(SYNC_DATA.to_vec()));
}

#[test]
fn our_peer_frame_holds_what_the_websocket_client_reads() {
    let message = Message::Peer {
        sender_id: peer("carnet-sync"),
        target_id: peer("peer-a1b2c3"),
        peer_metadata: PeerMetadata {
            storage_id: Some(StorageId::new("9b1c2d3e-0000-4000-8000-000000000001").unwrap()),
            is_ephemeral: false,
        },
        selected_protocol_version: "1".to_owned(),
    };
    let entries = read_back(
        &message,
        &[
            "type",
            "senderId",
            "targetId",
            "peerMetadata",
            "selectedProtocolVersion",
        ],
    );
    assert_eq!(field(&entries, "type"), &Value::Text("peer".into()));
    assert_eq!(
        field(&entries, "selectedProtocolVersion"),
        &Value::Text("1".into())
    );
    assert_eq!(
        field(&entries, "peerMetadata"),
        &Value::Map(vec![
            (
                Value::Text("storageId".into()),
                Value::Text("9b1c2d3e-0000-4000-8000-000000000001".into())
            ),
            (Value::Text("isEphemeral".into()), Value::Bool(false)),
        ])
    );
}

#[test]
fn our_error_frame_matches_the_automerge_repo_server() {
    let message = Message::Error {
        sender_id: Some(peer("carnet-sync")),
        target_id: Some(peer("peer-a1b2c3")),
        message: "unsupported protocol version".to_owned(),
    };
    read_back(&message, &["type", "senderId", "targetId", "message"]);
    let anonymous = Message::Error {
        sender_id: None,
        target_id: None,
        message: "frame is not a cbor map".to_owned(),
    };
    read_back(&anonymous, &["type", "message"]);
}

#[test]
fn our_doc_unavailable_and_request_frames_use_the_same_keys_as_automerge_repo() {
    let document_id = DocumentId([9; 16]);
    read_back(
        &Message::DocUnavailable {
            sender_id: peer("carnet-sync"),
            target_id: peer("peer-a1b2c3"),
            document_id,
        },
        &["type", "senderId", "targetId", "documentId"],
    );
    read_back(
        &Message::Request {
            sender_id: peer("carnet-sync"),
            target_id: peer("peer-a1b2c3"),
            document_id,
            data: vec![1],
        },
        &["type", "senderId", "targetId", "documentId", "data"],
    );
}

#[test]
fn our_sync_frame_is_byte_for_byte_stable() {
    // Shortest heads, definite lengths, keys in a fixed order. A change here
    // changes what every peer receives: make it on purpose.
    let message = Message::Sync {
        sender_id: peer("s"),
        target_id: peer("t"),
        document_id: golden_document(),
        data: vec![0x42],
    };
    assert_eq!(
        encode(&message),
        hex(&[
            "a5",                        // map of 5
            "64 74797065 64 73796e63",   // "type": "sync"
            "68 73656e6465724964 61 73", // "senderId": "s"
            "68 7461726765744964 61 74", // "targetId": "t"
            "6a 646f63756d656e744964 78 1b 6f7934676545593169587961545170516258534d486f5553475363",
            "64 64617461 41 42", // "data": h'42'
        ])
    );
}
