//! The fields of observations, in the month's observations document.
//!
//! Deliberately not here: checks against the catalog (see `writes`), and the
//! envelope that dispatches on `type` (`record`).

use std::collections::BTreeSet;

use uuid::Uuid;

use super::Observation;
use crate::ids::*;
use crate::record::{Codec, Reader, Writer, join_ids, split_list};
use crate::values::{Severity, Tag, parse_note, parse_tag};

impl Codec for Observation {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        let raw = r.raw;
        Ok(Observation {
            id: ObservationId(id),
            beds: r.ids("beds")?.into_iter().map(BedId).collect(),
            kind: r.parse("kind")?,
            severity: Severity::new(r.i64("severity")?).map_err(|e| e.to_string())?,
            note: parse_note("note", raw.str("note").unwrap_or_default())
                .map_err(|e| e.to_string())?,
            tags: split_list(raw.str("tags").unwrap_or_default())
                .map(parse_tag)
                .collect::<Result<BTreeSet<_>, _>>()
                .map_err(|e| e.to_string())?,
            at: r.time("at")?,
            deleted: raw.has("deleted_at"),
            created: r.stamp_at("at")?,
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("beds", join_ids(self.beds.iter().map(|b| b.0)))
            .s("kind", self.kind.as_str())
            .i("severity", i64::from(self.severity.get()))
            .s_opt("note", self.note.as_str())
            .s_opt(
                "tags",
                &self
                    .tags
                    .iter()
                    .map(Tag::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
            )
            .s("at", self.at.to_rfc3339())
            .stamp_at(&self.created, &self.at);
    }
}
