//! Frames we refuse, each with the precise reason; and frames that look odd
//! but that a peer may legitimately send, which we accept.

use carnet_protocol::{MAX_FRAME_BYTES, Message, ProtocolError, decode, decode_with_limit, encode};
use ciborium::Value;

use crate::{cbor, golden_document, hex, object, peer, text};

/// A valid `sync` frame's fields; tests change one and look at the result.
fn sync_fields() -> Vec<(&'static str, Value)> {
    vec![
        ("type", text("sync")),
        ("senderId", text("peer-a1b2c3")),
        ("targetId", text("carnet-sync")),
        ("documentId", text("oy4geEY1iXyaTQpQbXSMHoUSGSc")),
        ("data", Value::Bytes(vec![0x42, 0x00])),
    ]
}

fn with(field: &str, value: Value) -> Vec<u8> {
    let mut fields = sync_fields();
    fields.iter_mut().find(|(key, _)| *key == field).unwrap().1 = value;
    cbor(&object(fields))
}

fn without(field: &str) -> Vec<u8> {
    let mut fields = sync_fields();
    fields.retain(|(key, _)| *key != field);
    cbor(&object(fields))
}

#[test]
fn the_base_frame_is_valid() {
    assert!(matches!(
        decode(&cbor(&object(sync_fields()))),
        Ok(Message::Sync { .. })
    ));
}

#[test]
fn oversized_frame_is_refused_with_its_length() {
    let frame = vec![0u8; MAX_FRAME_BYTES + 1];
    assert_eq!(
        decode(&frame),
        Err(ProtocolError::FrameTooLarge {
            len: MAX_FRAME_BYTES + 1,
            limit: MAX_FRAME_BYTES
        })
    );
    let frame = cbor(&object(sync_fields()));
    assert_eq!(
        decode_with_limit(&frame, frame.len() - 1),
        Err(ProtocolError::FrameTooLarge {
            len: frame.len(),
            limit: frame.len() - 1
        })
    );
    assert!(decode_with_limit(&frame, frame.len()).is_ok());
}

#[test]
fn unknown_type_is_named() {
    let frame = with("type", text("beelay"));
    assert_eq!(
        decode(&frame),
        Err(ProtocolError::UnknownType("beelay".to_owned()))
    );
    assert_eq!(
        decode(&frame).unwrap_err().to_string(),
        "unknown message type `beelay`"
    );
}

#[test]
fn missing_document_id_is_named() {
    assert_eq!(
        decode(&without("documentId")),
        Err(ProtocolError::MissingField("documentId"))
    );
    // `null` and `undefined` are JavaScript's ways of leaving a field out.
    assert_eq!(
        decode(&with("documentId", Value::Null)),
        Err(ProtocolError::MissingField("documentId"))
    );
    assert_eq!(
        decode(&without("documentId")).unwrap_err().to_string(),
        "missing field `documentId`"
    );
}

#[test]
fn missing_type_and_wrong_type_of_type() {
    assert_eq!(
        decode(&without("type")),
        Err(ProtocolError::MissingField("type"))
    );
    assert_eq!(
        decode(&with("type", Value::Integer(3.into()))),
        Err(ProtocolError::WrongFieldType {
            field: "type",
            expected: "text"
        })
    );
}

#[test]
fn document_id_with_a_bad_checksum_is_refused() {
    // The golden id with its last character changed.
    let frame = with("documentId", text("oy4geEY1iXyaTQpQbXSMHoUSGS2"));
    let err = decode(&frame).unwrap_err();
    assert!(
        matches!(err, ProtocolError::BadDocumentId { .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.starts_with("field `documentId`: "), "{message}");
    assert!(message.contains("oy4geEY1iXyaTQpQbXSMHoUSGS2"), "{message}");
}

#[test]
fn document_id_of_the_wrong_length_or_kind_is_refused() {
    let long = "1".repeat(10_000);
    let err = decode(&with("documentId", text(&long))).unwrap_err();
    assert!(matches!(err, ProtocolError::BadDocumentId { .. }));
    assert!(
        err.to_string().len() < 200,
        "the error quotes too much: {err}"
    );
    assert!(matches!(
        decode(&with("documentId", Value::Bytes(vec![1; 15]))),
        Err(ProtocolError::BadDocumentId { .. })
    ));
    assert_eq!(
        decode(&with("documentId", Value::Integer(1.into()))),
        Err(ProtocolError::WrongFieldType {
            field: "documentId",
            expected: "text"
        })
    );
}

#[test]
fn document_id_as_16_raw_bytes_or_an_automerge_url_is_accepted() {
    let Ok(Message::Sync { document_id, .. }) = decode(&with(
        "documentId",
        Value::Bytes(golden_document().0.to_vec()),
    )) else {
        panic!("raw bytes refused");
    };
    assert_eq!(document_id, golden_document());
    let Ok(Message::Sync { document_id, .. }) = decode(&with(
        "documentId",
        text("automerge:oy4geEY1iXyaTQpQbXSMHoUSGSc"),
    )) else {
        panic!("url refused");
    };
    assert_eq!(document_id, golden_document());
}

#[test]
fn data_of_the_wrong_type_is_refused() {
    let wrong = Err(ProtocolError::WrongFieldType {
        field: "data",
        expected: "a byte string",
    });
    // Text, as a naive JSON-minded client might send.
    assert_eq!(decode(&with("data", text("QgA="))), wrong);
    // An array of numbers, as `Array.from(uint8array)` would become.
    let numbers = Value::Array(vec![Value::Integer(0x42.into()), Value::Integer(0.into())]);
    assert_eq!(decode(&with("data", numbers)), wrong);
    // A tag other than 64 around bytes.
    let tagged = Value::Tag(24, Box::new(Value::Bytes(vec![0x42])));
    assert_eq!(decode(&with("data", tagged)), wrong);
    assert_eq!(
        decode(&without("data")),
        Err(ProtocolError::MissingField("data"))
    );
}

#[test]
fn duplicate_field_is_refused() {
    let mut fields = sync_fields();
    fields.push(("senderId", text("someone-else")));
    assert_eq!(
        decode(&cbor(&object(fields))),
        Err(ProtocolError::DuplicateField("senderId"))
    );
}

#[test]
fn bad_peer_ids_name_their_field() {
    assert_eq!(
        decode(&with("senderId", text(""))),
        Err(ProtocolError::BadPeerId {
            field: "senderId",
            problem: "is empty"
        })
    );
    assert_eq!(
        decode(&with("targetId", text(&"x".repeat(300)))),
        Err(ProtocolError::BadPeerId {
            field: "targetId",
            problem: "is longer than 256 bytes"
        })
    );
}

#[test]
fn not_cbor_and_not_a_map_are_told_apart() {
    assert!(matches!(
        decode(&[]),
        Err(ProtocolError::NotCbor {
            offset: 0,
            problem: "unexpected end of frame"
        })
    ));
    assert_eq!(
        decode(&cbor(&Value::Array(vec![text("sync")]))),
        Err(ProtocolError::NotAMap)
    );
    // A JSON frame, as a client speaking the wrong encoding would send.
    assert!(matches!(
        decode(br#"{"type":"sync"}"#),
        Err(ProtocolError::NotCbor { .. })
    ));
    // A map cut short.
    let frame = cbor(&object(sync_fields()));
    assert!(matches!(
        decode(&frame[..frame.len() - 1]),
        Err(ProtocolError::NotCbor {
            problem: "length runs past the end of the frame",
            ..
        })
    ));
}

#[test]
fn handshake_fields_of_the_wrong_type_are_refused() {
    let join = |versions: Value, metadata: Value| {
        cbor(&object(vec![
            ("type", text("join")),
            ("senderId", text("peer-a1b2c3")),
            ("peerMetadata", metadata),
            ("supportedProtocolVersions", versions),
        ]))
    };
    let ok_versions = || Value::Array(vec![text("1")]);
    let ok_metadata = || object(vec![("isEphemeral", Value::Bool(true))]);
    assert!(decode(&join(ok_versions(), ok_metadata())).is_ok());
    assert_eq!(
        decode(&join(text("1"), ok_metadata())),
        Err(ProtocolError::WrongFieldType {
            field: "supportedProtocolVersions",
            expected: "an array of at most 16 texts"
        })
    );
    assert_eq!(
        decode(&join(
            Value::Array(vec![Value::Integer(1.into())]),
            ok_metadata()
        )),
        Err(ProtocolError::WrongFieldType {
            field: "supportedProtocolVersions",
            expected: "an array of at most 16 texts"
        })
    );
    assert_eq!(
        decode(&join(ok_versions(), text("{}"))),
        Err(ProtocolError::WrongFieldType {
            field: "peerMetadata",
            expected: "a map"
        })
    );
    assert_eq!(
        decode(&join(
            ok_versions(),
            object(vec![("storageId", Value::Integer(7.into()))])
        )),
        Err(ProtocolError::WrongFieldType {
            field: "peerMetadata.storageId",
            expected: "text"
        })
    );
    assert_eq!(
        decode(&join(
            ok_versions(),
            object(vec![("isEphemeral", text("no"))])
        )),
        Err(ProtocolError::WrongFieldType {
            field: "peerMetadata.isEphemeral",
            expected: "a boolean"
        })
    );
    let many = Value::Array(vec![text(""); 17]);
    assert!(matches!(
        decode(&join(many, ok_metadata())),
        Err(ProtocolError::WrongFieldType {
            field: "supportedProtocolVersions",
            ..
        })
    ));
    let no_versions = cbor(&object(vec![
        ("type", text("join")),
        ("senderId", text("peer-a1b2c3")),
    ]));
    assert_eq!(
        decode(&no_versions),
        Err(ProtocolError::MissingField("supportedProtocolVersions"))
    );
}

#[test]
fn unknown_and_unused_fields_are_ignored() {
    let mut fields = sync_fields();
    fields.push(("channelId", Value::Integer(5.into())));
    fields.push(("message", Value::Array(vec![])));
    fields.push(("future", object(vec![("nested", Value::Null)])));
    let frame = cbor(&Value::Map(
        fields
            .into_iter()
            .map(|(key, value)| (text(key), value))
            .chain([(Value::Integer(1.into()), Value::Bool(true))])
            .collect(),
    ));
    assert!(matches!(decode(&frame), Ok(Message::Sync { .. })));
}

#[test]
fn indefinite_lengths_and_chunked_strings_are_accepted() {
    // {_ "type": "leave", "senderId": (_ "peer-", "a1b2c3")}
    let frame = hex(&[
        "bf",                                  // map of indefinite length
        "64 74797065 65 6c65617665",           // "type": "leave"
        "68 73656e6465724964",                 // "senderId":
        "7f 65 706565722d 66 613162326333 ff", //   text in two chunks
        "ff",                                  // break
    ]);
    assert_eq!(
        decode(&frame),
        Ok(Message::Leave {
            sender_id: peer("peer-a1b2c3")
        })
    );
}

#[test]
fn ignored_messages_round_trip_by_kind() {
    for kind in [
        carnet_protocol::IgnoredKind::Ephemeral,
        carnet_protocol::IgnoredKind::RemoteSubscriptionChange,
        carnet_protocol::IgnoredKind::RemoteHeadsChanged,
    ] {
        let message = Message::Ignored { kind };
        assert_eq!(decode(&encode(&message)), Ok(message));
    }
}
