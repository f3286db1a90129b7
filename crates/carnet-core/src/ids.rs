//! Identifiers: one newtype per kind of record, and the ids of documents.
//!
//! Every record id is a UUID made on the device that created the record (v7 for
//! ordinary records, v5 for ids that must come out the same on every device, like
//! a recurring task's instance for one day). The server never assigns identity.
//!
//! Document ids are 16 bytes, written the way automerge-repo writes them
//! (base58check), so that an automerge-repo peer can name our documents.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::Error;

macro_rules! record_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// What this id names, for error messages.
            pub const KIND: &'static str = $what;
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| Error::invalid($what, format!("`{s}` is not a valid id")))
            }
        }
    };
}

record_id!(
    /// A farm: the unit of isolation on the server and of the catalog document.
    FarmId, "farm id");
record_id!(ZoneId, "zone id");
record_id!(BedId, "bed id");
record_id!(FamilyId, "family id");
record_id!(CropId, "crop id");
record_id!(VarietyId, "variety id");
record_id!(PersonId, "person id");
record_id!(OutletId, "outlet id");
record_id!(TaskId, "task id");
record_id!(TemplateId, "task template id");
record_id!(HarvestId, "harvest id");
record_id!(WeighingId, "weighing id");
record_id!(ObservationId, "observation id");

/// The 16-byte id of an Automerge document, written as automerge-repo writes
/// it: base58check of the bytes (e.g. `4NMNnkMhL8jXrdJ9jamS58PAVdXu`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId(pub [u8; 16]);

impl DocumentId {
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let array: [u8; 16] = bytes.try_into().map_err(|_| {
            Error::invalid(
                "document id",
                format!("expected 16 bytes, got {}", bytes.len()),
            )
        })?;
        Ok(Self(array))
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&bs58::encode(self.0).with_check().into_string())
    }
}

impl fmt::Debug for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentId({self})")
    }
}

impl FromStr for DocumentId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        let s = s.strip_prefix("automerge:").unwrap_or(s);
        let bytes = bs58::decode(s).with_check(None).into_vec().map_err(|e| {
            Error::invalid("document id", format!("`{s}` is not a document id: {e}"))
        })?;
        Self::from_bytes(&bytes)
    }
}

impl Serialize for DocumentId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocumentId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_id_round_trips_through_base58check() {
        let id = DocumentId([7; 16]);
        let text = id.to_string();
        assert_eq!(text.parse::<DocumentId>().unwrap(), id);
        assert_eq!(
            format!("automerge:{text}").parse::<DocumentId>().unwrap(),
            id
        );
    }

    #[test]
    fn document_id_with_a_bad_checksum_is_refused() {
        let mut text = DocumentId([7; 16]).to_string();
        text.pop();
        text.push('z');
        let err = text.parse::<DocumentId>().unwrap_err();
        assert!(err.to_string().contains("document id"), "{err}");
    }

    #[test]
    fn record_id_parse_names_the_kind() {
        let err = "nope".parse::<BedId>().unwrap_err();
        assert_eq!(err.to_string(), "bed id: `nope` is not a valid id");
    }
}
