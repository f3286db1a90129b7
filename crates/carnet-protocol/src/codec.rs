//! Frames to messages and back.
//!
//! A frame is one CBOR map with text keys, as automerge-repo's `cbor-x`
//! encoder writes a JavaScript object (`new Encoder({ tagUint8Array: false,
//! useRecords: false })` in `packages/automerge-repo/src/helpers/cbor.ts`).
//! Decoding reads it in two passes over the same bytes: the first checks the
//! whole frame is well-formed CBOR and notes where each field we know sits;
//! the second reads only the fields the message's `type` needs, so a field we
//! do not use can hold anything.
//!
//! What the decoder tolerates, because JavaScript peers send it: keys in any
//! order, unknown keys, map headers longer than needed (cbor-x always writes a
//! 16-bit map length), `undefined` or `null` for an absent field, and a tag 64
//! ("typed array") around `data`, which cbor-x writes for a `Uint8Array` unless
//! told not to. What it refuses: duplicate fields, wrong types, ids that do not
//! parse. It does not check that `data` holds a valid automerge sync message:
//! that is the sync session's job.

use std::borrow::Cow;

use carnet_core::DocumentId;

use crate::cbor::{self, CborError, Head, Reader, Writer};
use crate::error::{ProtocolError, quote};
use crate::ids::{PeerId, StorageId};
use crate::message::{IgnoredKind, Message, PeerMetadata};

/// The largest frame [`decode`] accepts: 8 MiB. A year of one farm's monthly
/// document is a few hundred KB, so this leaves room without letting one
/// connection make the server hold much.
pub const MAX_FRAME_BYTES: usize = 8 * 1024 * 1024;

/// The CBOR tag cbor-x puts before a `Uint8Array` (RFC 8746, uint8 typed array).
const TAG_UINT8_ARRAY: u64 = 64;

/// The most items a text array (`supportedProtocolVersions`) may hold;
/// automerge-repo sends one.
const MAX_TEXT_ARRAY_ITEMS: usize = 16;

/// A base58check document id is 28 characters; with an `automerge:` prefix, 38.
/// Anything much longer is refused before it is parsed or quoted.
const MAX_DOCUMENT_ID_CHARS: usize = 64;

impl From<CborError> for ProtocolError {
    fn from(error: CborError) -> Self {
        ProtocolError::NotCbor {
            offset: error.offset,
            problem: error.problem,
        }
    }
}

/// Encodes `message` as one frame.
pub fn encode(message: &Message) -> Vec<u8> {
    let mut w = Writer::default();
    match message {
        Message::Join {
            sender_id,
            peer_metadata,
            supported_protocol_versions,
        } => {
            w.map(4);
            text_entry(&mut w, Field::Type, "join");
            text_entry(&mut w, Field::SenderId, sender_id.as_str());
            w.text(Field::PeerMetadata.name());
            write_peer_metadata(&mut w, peer_metadata);
            w.text(Field::SupportedProtocolVersions.name());
            w.array(supported_protocol_versions.len());
            for version in supported_protocol_versions {
                w.text(version);
            }
        }
        Message::Peer {
            sender_id,
            target_id,
            peer_metadata,
            selected_protocol_version,
        } => {
            w.map(5);
            text_entry(&mut w, Field::Type, "peer");
            text_entry(&mut w, Field::SenderId, sender_id.as_str());
            text_entry(&mut w, Field::TargetId, target_id.as_str());
            w.text(Field::PeerMetadata.name());
            write_peer_metadata(&mut w, peer_metadata);
            text_entry(
                &mut w,
                Field::SelectedProtocolVersion,
                selected_protocol_version,
            );
        }
        Message::Leave { sender_id } => {
            w.map(2);
            text_entry(&mut w, Field::Type, "leave");
            text_entry(&mut w, Field::SenderId, sender_id.as_str());
        }
        Message::Error {
            sender_id,
            target_id,
            message,
        } => {
            w.map(2 + usize::from(sender_id.is_some()) + usize::from(target_id.is_some()));
            text_entry(&mut w, Field::Type, "error");
            if let Some(sender_id) = sender_id {
                text_entry(&mut w, Field::SenderId, sender_id.as_str());
            }
            if let Some(target_id) = target_id {
                text_entry(&mut w, Field::TargetId, target_id.as_str());
            }
            text_entry(&mut w, Field::Message, message);
        }
        Message::Request {
            sender_id,
            target_id,
            document_id,
            data,
        }
        | Message::Sync {
            sender_id,
            target_id,
            document_id,
            data,
        } => {
            w.map(5);
            text_entry(&mut w, Field::Type, message.kind());
            text_entry(&mut w, Field::SenderId, sender_id.as_str());
            text_entry(&mut w, Field::TargetId, target_id.as_str());
            text_entry(&mut w, Field::DocumentId, &document_id.to_string());
            w.text(Field::Data.name());
            w.bytes(data);
        }
        Message::DocUnavailable {
            sender_id,
            target_id,
            document_id,
        } => {
            w.map(4);
            text_entry(&mut w, Field::Type, "doc-unavailable");
            text_entry(&mut w, Field::SenderId, sender_id.as_str());
            text_entry(&mut w, Field::TargetId, target_id.as_str());
            text_entry(&mut w, Field::DocumentId, &document_id.to_string());
        }
        Message::Ignored { kind } => {
            w.map(1);
            text_entry(&mut w, Field::Type, kind.as_str());
        }
    }
    w.into_bytes()
}

fn text_entry(w: &mut Writer, key: Field, value: &str) {
    w.text(key.name());
    w.text(value);
}

/// `{ storageId?, isEphemeral }`: the storage id is left out when there is
/// none, which automerge-repo reads the same as `undefined`.
fn write_peer_metadata(w: &mut Writer, metadata: &PeerMetadata) {
    w.map(1 + usize::from(metadata.storage_id.is_some()));
    if let Some(storage_id) = &metadata.storage_id {
        w.text("storageId");
        w.text(storage_id.as_str());
    }
    w.text("isEphemeral");
    w.bool(metadata.is_ephemeral);
}

/// Decodes one frame of at most [`MAX_FRAME_BYTES`].
pub fn decode(frame: &[u8]) -> Result<Message, ProtocolError> {
    decode_with_limit(frame, MAX_FRAME_BYTES)
}

/// Decodes one frame of at most `limit` bytes. Never panics; allocates at most
/// about the frame's length.
pub fn decode_with_limit(frame: &[u8], limit: usize) -> Result<Message, ProtocolError> {
    if frame.len() > limit {
        return Err(ProtocolError::FrameTooLarge {
            len: frame.len(),
            limit,
        });
    }
    let fields = Fields::index(frame)?;
    let kind = fields.text(Field::Type)?;
    let message = match kind.as_ref() {
        "join" => Message::Join {
            sender_id: fields.peer_id(Field::SenderId)?,
            peer_metadata: fields.peer_metadata()?,
            supported_protocol_versions: fields.text_array(Field::SupportedProtocolVersions)?,
        },
        "peer" => Message::Peer {
            sender_id: fields.peer_id(Field::SenderId)?,
            target_id: fields.peer_id(Field::TargetId)?,
            peer_metadata: fields.peer_metadata()?,
            selected_protocol_version: fields.text(Field::SelectedProtocolVersion)?.into_owned(),
        },
        "leave" => Message::Leave {
            sender_id: fields.peer_id(Field::SenderId)?,
        },
        "error" => Message::Error {
            sender_id: fields.optional_peer_id(Field::SenderId)?,
            target_id: fields.optional_peer_id(Field::TargetId)?,
            message: fields.text(Field::Message)?.into_owned(),
        },
        "request" => Message::Request {
            sender_id: fields.peer_id(Field::SenderId)?,
            target_id: fields.peer_id(Field::TargetId)?,
            document_id: fields.document_id()?,
            data: fields.data()?,
        },
        "sync" => Message::Sync {
            sender_id: fields.peer_id(Field::SenderId)?,
            target_id: fields.peer_id(Field::TargetId)?,
            document_id: fields.document_id()?,
            data: fields.data()?,
        },
        "doc-unavailable" => Message::DocUnavailable {
            sender_id: fields.peer_id(Field::SenderId)?,
            target_id: fields.peer_id(Field::TargetId)?,
            document_id: fields.document_id()?,
        },
        "ephemeral" => Message::Ignored {
            kind: IgnoredKind::Ephemeral,
        },
        "remote-subscription-change" => Message::Ignored {
            kind: IgnoredKind::RemoteSubscriptionChange,
        },
        "remote-heads-changed" => Message::Ignored {
            kind: IgnoredKind::RemoteHeadsChanged,
        },
        other => return Err(ProtocolError::UnknownType(quote(other))),
    };
    Ok(message)
}

/// The top-level keys we read; any other key is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Type,
    SenderId,
    TargetId,
    DocumentId,
    Data,
    PeerMetadata,
    SupportedProtocolVersions,
    SelectedProtocolVersion,
    Message,
}

impl Field {
    const ALL: [Field; 9] = [
        Field::Type,
        Field::SenderId,
        Field::TargetId,
        Field::DocumentId,
        Field::Data,
        Field::PeerMetadata,
        Field::SupportedProtocolVersions,
        Field::SelectedProtocolVersion,
        Field::Message,
    ];

    /// The key automerge-repo writes.
    const fn name(self) -> &'static str {
        match self {
            Field::Type => "type",
            Field::SenderId => "senderId",
            Field::TargetId => "targetId",
            Field::DocumentId => "documentId",
            Field::Data => "data",
            Field::PeerMetadata => "peerMetadata",
            Field::SupportedProtocolVersions => "supportedProtocolVersions",
            Field::SelectedProtocolVersion => "selectedProtocolVersion",
            Field::Message => "message",
        }
    }
}

/// Where each known field's value sits in the frame, indexed by `Field`.
struct Fields<'a> {
    values: [Option<Reader<'a>>; Field::ALL.len()],
}

impl<'a> Fields<'a> {
    /// The first pass: checks the frame is exactly one well-formed CBOR map and
    /// finds the known fields in it.
    fn index(frame: &'a [u8]) -> Result<Self, ProtocolError> {
        const NAMES: [&str; Field::ALL.len()] = {
            let mut names = [""; Field::ALL.len()];
            let mut i = 0;
            while i < names.len() {
                names[i] = Field::ALL[i].name();
                i += 1;
            }
            names
        };
        let mut reader = Reader::new(frame);
        let len = match reader.head()? {
            Head::Map(len) => len,
            other => {
                // Say "not a map" only of a frame that is CBOR at all.
                reader.skip(other, 0)?;
                check_at_end(&reader)?;
                return Err(ProtocolError::NotAMap);
            }
        };
        let mut values: [Option<Reader<'a>>; Field::ALL.len()] = Default::default();
        reader.each(len, |reader| {
            let key = reader.item(1)?;
            let value = reader.item(1)?;
            if let Some(slot) = known_key(key, &NAMES)? {
                if values[slot].is_some() {
                    return Err(ProtocolError::DuplicateField(NAMES[slot]));
                }
                values[slot] = Some(value);
            }
            Ok(())
        })?;
        check_at_end(&reader)?;
        Ok(Self { values })
    }

    /// The value of `field` with its head read, or `None` when it is absent,
    /// `null` or `undefined` (JavaScript's ways of leaving a field out).
    fn get(&self, field: Field) -> Result<Option<(Head, Reader<'a>)>, ProtocolError> {
        let Some(mut reader) = self.values[field as usize].clone() else {
            return Ok(None);
        };
        match reader.head()? {
            Head::Simple(cbor::NULL | cbor::UNDEFINED) => Ok(None),
            head => Ok(Some((head, reader))),
        }
    }

    fn required(&self, field: Field) -> Result<(Head, Reader<'a>), ProtocolError> {
        self.get(field)?
            .ok_or(ProtocolError::MissingField(field.name()))
    }

    fn optional_text(&self, field: Field) -> Result<Option<Cow<'a, str>>, ProtocolError> {
        match self.get(field)? {
            None => Ok(None),
            Some((Head::Text(len), mut reader)) => Ok(Some(reader.text(len)?)),
            Some(_) => Err(ProtocolError::WrongFieldType {
                field: field.name(),
                expected: "text",
            }),
        }
    }

    fn text(&self, field: Field) -> Result<Cow<'a, str>, ProtocolError> {
        self.optional_text(field)?
            .ok_or(ProtocolError::MissingField(field.name()))
    }

    fn optional_peer_id(&self, field: Field) -> Result<Option<PeerId>, ProtocolError> {
        self.optional_text(field)?
            .map(|text| PeerId::for_field(text.into_owned(), field.name()))
            .transpose()
    }

    fn peer_id(&self, field: Field) -> Result<PeerId, ProtocolError> {
        self.optional_peer_id(field)?
            .ok_or(ProtocolError::MissingField(field.name()))
    }

    /// A short array of text: each item costs a `String`, so a long list of
    /// empty strings would cost far more memory than the frame.
    fn text_array(&self, field: Field) -> Result<Vec<String>, ProtocolError> {
        let wrong = ProtocolError::WrongFieldType {
            field: field.name(),
            expected: "an array of at most 16 texts",
        };
        let (len, mut reader) = match self.required(field)? {
            (Head::Array(len), reader) => (len, reader),
            _ => return Err(wrong),
        };
        let mut texts = Vec::new();
        reader.each(len, |reader| match reader.head()? {
            Head::Text(len) if texts.len() < MAX_TEXT_ARRAY_ITEMS => {
                texts.push(reader.text(len)?.into_owned());
                Ok(())
            }
            _ => Err(wrong.clone()),
        })?;
        Ok(texts)
    }

    /// `data`: a byte string, possibly wrapped in tag 64.
    fn data(&self) -> Result<Vec<u8>, ProtocolError> {
        let (mut head, mut reader) = self.required(Field::Data)?;
        if head == Head::Tag(TAG_UINT8_ARRAY) {
            head = reader.head()?;
        }
        match head {
            Head::Bytes(len) => Ok(reader.bytes(len)?.into_owned()),
            _ => Err(ProtocolError::WrongFieldType {
                field: Field::Data.name(),
                expected: "a byte string",
            }),
        }
    }

    /// `documentId`: base58check text, as automerge-repo sends it. The 16 raw
    /// bytes are accepted too, as samod does.
    fn document_id(&self) -> Result<DocumentId, ProtocolError> {
        let bad = |problem: String| ProtocolError::BadDocumentId { problem };
        let (mut head, mut reader) = self.required(Field::DocumentId)?;
        if head == Head::Tag(TAG_UINT8_ARRAY) {
            head = reader.head()?;
        }
        match head {
            Head::Text(len) => {
                let text = reader.text(len)?;
                if text.chars().count() > MAX_DOCUMENT_ID_CHARS {
                    return Err(bad(format!(
                        "`{}` is too long to be a document id",
                        quote(&text)
                    )));
                }
                text.parse().map_err(|error| bad(core_problem(error)))
            }
            Head::Bytes(len) => DocumentId::from_bytes(&reader.bytes(len)?)
                .map_err(|error| bad(core_problem(error))),
            _ => Err(ProtocolError::WrongFieldType {
                field: Field::DocumentId.name(),
                expected: "text",
            }),
        }
    }

    /// `peerMetadata`: `{ storageId?, isEphemeral? }`; absent reads as the default.
    fn peer_metadata(&self) -> Result<PeerMetadata, ProtocolError> {
        const KEYS: [&str; 2] = ["storageId", "isEphemeral"];
        const NAMES: [&str; 2] = ["peerMetadata.storageId", "peerMetadata.isEphemeral"];
        let (len, mut reader) = match self.get(Field::PeerMetadata)? {
            None => return Ok(PeerMetadata::default()),
            Some((Head::Map(len), reader)) => (len, reader),
            Some(_) => {
                return Err(ProtocolError::WrongFieldType {
                    field: Field::PeerMetadata.name(),
                    expected: "a map",
                });
            }
        };
        let mut metadata = PeerMetadata::default();
        let mut seen = [false; KEYS.len()];
        reader.each(len, |reader| {
            let key = reader.item(2)?;
            let mut value = reader.item(2)?;
            let Some(slot) = known_key(key, &KEYS)? else {
                return Ok(());
            };
            if std::mem::replace(&mut seen[slot], true) {
                return Err(ProtocolError::DuplicateField(NAMES[slot]));
            }
            match (slot, value.head()?) {
                (_, Head::Simple(cbor::NULL | cbor::UNDEFINED)) => {}
                (0, Head::Text(len)) => {
                    let text = value.text(len)?.into_owned();
                    metadata.storage_id = Some(StorageId::for_field(text, NAMES[0])?);
                }
                (1, Head::Simple(simple @ (cbor::FALSE | cbor::TRUE))) => {
                    metadata.is_ephemeral = simple == cbor::TRUE;
                }
                (slot, _) => {
                    return Err(ProtocolError::WrongFieldType {
                        field: NAMES[slot],
                        expected: if slot == 0 { "text" } else { "a boolean" },
                    });
                }
            }
            Ok(())
        })?;
        Ok(metadata)
    }
}

fn check_at_end(reader: &Reader<'_>) -> Result<(), ProtocolError> {
    if reader.is_at_end() {
        Ok(())
    } else {
        Err(ProtocolError::NotCbor {
            offset: reader.offset(),
            problem: "trailing bytes after the message",
        })
    }
}

/// Which of `known` the map key in `key` is, if it is text and one of them.
fn known_key(mut key: Reader<'_>, known: &[&str]) -> Result<Option<usize>, ProtocolError> {
    match key.head()? {
        Head::Text(len) => {
            let text = key.text(len)?;
            Ok(known.iter().position(|name| *name == text))
        }
        _ => Ok(None),
    }
}

/// The part of a core id error that says what is wrong, without the field name
/// the core puts in front (ours names the wire field instead).
fn core_problem(error: carnet_core::Error) -> String {
    match error {
        carnet_core::Error::Invalid { problem, .. } => problem,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(id: &str) -> PeerId {
        PeerId::new(id).unwrap()
    }

    #[test]
    fn fields_are_listed_in_declaration_order() {
        // `Fields` indexes its slots by `field as usize`, filled by position in `Field::ALL`.
        for (i, field) in Field::ALL.iter().enumerate() {
            assert_eq!(*field as usize, i, "{field:?}");
        }
    }

    #[test]
    fn sync_round_trips() {
        let message = Message::Sync {
            sender_id: peer("client"),
            target_id: peer("server"),
            document_id: DocumentId([3; 16]),
            data: vec![0x42, 0x01, 0x02],
        };
        assert_eq!(decode(&encode(&message)), Ok(message));
    }

    #[test]
    fn frame_over_the_limit_is_refused_before_parsing() {
        let frame = encode(&Message::Leave {
            sender_id: peer("client"),
        });
        assert_eq!(
            decode_with_limit(&frame, 4),
            Err(ProtocolError::FrameTooLarge {
                len: frame.len(),
                limit: 4
            })
        );
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let mut frame = encode(&Message::Leave {
            sender_id: peer("client"),
        });
        frame.push(0x00);
        assert!(matches!(
            decode(&frame),
            Err(ProtocolError::NotCbor {
                problem: "trailing bytes after the message",
                ..
            })
        ));
    }

    #[test]
    fn a_cbor_array_is_not_a_message() {
        assert_eq!(decode(&[0x80]), Err(ProtocolError::NotAMap));
        assert!(matches!(
            decode(&[]),
            Err(ProtocolError::NotCbor { offset: 0, .. })
        ));
    }
}
