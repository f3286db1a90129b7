//! The one error type of the core. Variants are named for their cause; messages
//! are lowercase, without a trailing period, and name the field or document at
//! fault so that the CLI and the app can show them as they are.

use crate::ids::DocumentId;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value given by a person or a file breaks a rule of the domain.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },

    /// A record referred to by id or code does not exist (or is retired where a
    /// live one is needed).
    #[error("{kind} not found: {key}")]
    NotFound { kind: &'static str, key: String },

    /// The bytes of a document could not be loaded.
    #[error("document {doc} is corrupt: {source}")]
    CorruptDocument {
        doc: DocumentId,
        #[source]
        source: Box<automerge::AutomergeError>,
    },

    /// A document holds a record whose fields do not make sense (written by a
    /// buggy or newer device). The record is skipped by readers, not lost.
    #[error("document {doc}: record {key} is malformed: {problem}")]
    MalformedRecord {
        doc: DocumentId,
        key: String,
        problem: String,
    },

    /// A sync message from a peer could not be decoded or applied.
    #[error("sync message for {doc} refused: {problem}")]
    BadSyncMessage { doc: DocumentId, problem: String },

    /// The device's clock reads a time no record can have been made at
    /// (`clock::check_device_time`): the write is refused until it is set.
    #[error("the device's date is {}: set the date, then try again", device_time.format("%d/%m/%Y"))]
    ImplausibleClock {
        device_time: chrono::DateTime<chrono::FixedOffset>,
    },

    #[error("automerge: {0}")]
    Automerge(#[from] automerge::AutomergeError),
}

impl Error {
    pub fn invalid(field: &'static str, problem: impl Into<String>) -> Self {
        Error::Invalid {
            field,
            problem: problem.into(),
        }
    }

    pub fn not_found(kind: &'static str, key: impl Into<String>) -> Self {
        Error::NotFound {
            kind,
            key: key.into(),
        }
    }

    /// A stable code the app and scripts can act on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::CorruptDocument { .. } => "corrupt_document",
            Error::MalformedRecord { .. } => "malformed_record",
            Error::BadSyncMessage { .. } => "bad_sync_message",
            Error::ImplausibleClock { .. } => "implausible_clock",
            Error::Automerge(_) => "automerge",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
