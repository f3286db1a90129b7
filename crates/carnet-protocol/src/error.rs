//! The one error type of the protocol crate.
//!
//! Every way a frame can be refused has its own variant, named for the cause,
//! so that the server can count and log them and the tests can assert on the
//! exact reason. Messages are lowercase, without a trailing period, and name the
//! field at fault. Values copied from a frame into an error are cut short, so a
//! hostile peer cannot make us log megabytes.

/// Why a frame could not be decoded, or a handshake could not go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    /// The frame is longer than the limit given to the decoder.
    #[error("frame of {len} bytes exceeds the limit of {limit} bytes")]
    FrameTooLarge { len: usize, limit: usize },

    /// The bytes are not one well-formed CBOR item.
    #[error("frame is not valid cbor at byte {offset}: {problem}")]
    NotCbor {
        offset: usize,
        problem: &'static str,
    },

    /// The frame is CBOR, but its top-level item is not a map.
    #[error("frame is not a cbor map")]
    NotAMap,

    /// The `type` field names no message automerge-repo defines.
    #[error("unknown message type `{0}`")]
    UnknownType(String),

    /// A field this message type needs is absent (or `null`/`undefined`).
    #[error("missing field `{0}`")]
    MissingField(&'static str),

    /// A field we read appears twice in the same map.
    #[error("field `{0}` appears more than once")]
    DuplicateField(&'static str),

    /// A field holds a CBOR item of the wrong kind.
    #[error("field `{field}` should be {expected}")]
    WrongFieldType {
        field: &'static str,
        expected: &'static str,
    },

    /// `documentId` is not the base58check of a 16-byte id.
    #[error("field `documentId`: {problem}")]
    BadDocumentId { problem: String },

    /// A peer id is empty, too long or holds control characters.
    #[error("field `{field}`: peer id {problem}")]
    BadPeerId {
        field: &'static str,
        problem: &'static str,
    },

    /// A storage id is empty, too long or holds control characters.
    #[error("field `{field}`: storage id {problem}")]
    BadStorageId {
        field: &'static str,
        problem: &'static str,
    },

    /// A compressed frame (see `compression`) does not inflate.
    #[error("compressed frame: {0}")]
    BadCompression(&'static str),

    /// The other side offers (or selected) no protocol version we speak.
    #[error("unsupported protocol version {offered:?}, this peer speaks \"1\"")]
    UnsupportedProtocolVersion { offered: Vec<String> },

    /// The handshake expected one kind of message and received another.
    #[error("expected a `{expected}` message, got `{found}`")]
    UnexpectedMessage {
        expected: &'static str,
        found: String,
    },

    /// The other side answered the handshake with an `error` message.
    #[error("the other peer refused the connection: {0}")]
    Refused(String),
}

/// The longest piece of a peer's text that we copy into an error.
const QUOTE_CHARS: usize = 64;

/// `text` cut to a length fit for an error message.
pub(crate) fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_cuts_long_text_and_marks_the_cut() {
        assert_eq!(quote("sync"), "sync");
        let long = "x".repeat(1000);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_CHARS + 1);
        assert!(quoted.ends_with('…'));
    }

    #[test]
    fn messages_name_the_field() {
        let err = ProtocolError::WrongFieldType {
            field: "data",
            expected: "a byte string",
        };
        assert_eq!(err.to_string(), "field `data` should be a byte string");
        let err = ProtocolError::BadPeerId {
            field: "senderId",
            problem: "is empty",
        };
        assert_eq!(err.to_string(), "field `senderId`: peer id is empty");
    }
}
