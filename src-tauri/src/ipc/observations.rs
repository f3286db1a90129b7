//! The form an observation is recorded with, and its parsing.
//! Deliberately not here: reading observations (a bed's history, `reports`).

use std::collections::BTreeSet;

use carnet_core::ids::BedId;
use carnet_core::observations::NewObservation;
use carnet_core::values::{Severity, parse_note, parse_tag};
use serde::Deserialize;
use ts_rs::TS;

use super::words::*;
use super::{CommandError, ids};

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ObservationInput {
    pub bed_ids: Vec<String>,
    pub kind: ObservationKind,
    pub severity: u8,
    pub note: String,
    pub tags: Vec<String>,
}

impl TryFrom<ObservationInput> for NewObservation {
    type Error = CommandError;
    fn try_from(input: ObservationInput) -> Result<Self, CommandError> {
        Ok(NewObservation {
            beds: ids::<BedId>(&input.bed_ids)?,
            kind: input.kind.into(),
            severity: Severity::new(i64::from(input.severity))?,
            note: parse_note("note", &input.note)?,
            tags: input
                .tags
                .iter()
                .map(|t| parse_tag(t))
                .collect::<carnet_core::Result<BTreeSet<_>>>()?,
        })
    }
}
