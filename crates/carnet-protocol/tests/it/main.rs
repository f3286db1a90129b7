//! Integration tests of the wire format, seen from outside the crate: frames
//! written byte for byte as automerge-repo writes them, refused frames, and
//! properties over generated messages and bytes.

mod errors;
mod golden;
mod properties;

use carnet_core::DocumentId;
use carnet_protocol::PeerId;
use ciborium::Value;

/// Joins annotated hex chunks into bytes; spaces are for reading.
pub fn hex(chunks: &[&str]) -> Vec<u8> {
    let digits: String = chunks.concat().split_whitespace().collect();
    assert!(digits.len().is_multiple_of(2), "odd number of hex digits");
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).expect("hex digit"))
        .collect()
}

pub fn peer(id: &str) -> PeerId {
    PeerId::new(id).unwrap()
}

/// The document of the golden frames: 16 bytes whose base58check, computed
/// outside this code base, is `oy4geEY1iXyaTQpQbXSMHoUSGSc`.
pub fn golden_document() -> DocumentId {
    DocumentId([
        0x3a, 0x1f, 0xd2, 0x0b, 0x8c, 0x4e, 0x4b, 0x6f, 0x9d, 0x1e, 0x0a, 0x7c, 0x5b, 0x2f, 0x6e,
        0x81,
    ])
}

/// Writes a CBOR value with ciborium, an encoder independent of ours.
pub fn cbor(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).unwrap();
    out
}

/// A CBOR map with text keys, as a JavaScript object becomes.
pub fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(key, value)| (Value::Text(key.to_owned()), value))
            .collect(),
    )
}

pub fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}
