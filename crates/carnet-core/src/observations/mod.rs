//! Observations on beds: pests, disease, water, growth, soil, biodiversity.
//! Append-only in practice: a correction is a new observation, and a mistaken
//! one is marked deleted, never removed. Their fields are in `codec`, their
//! write in `writes`; the store's projection answers the questions about
//! them, and a bed's history (`history`) reads them with the other domains.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::ids::*;
use crate::record::Stamp;
use crate::values::{Note, ObservationKind, Severity, Tag};

mod codec;
mod writes;

pub use writes::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub id: ObservationId,
    pub beds: Vec<BedId>,
    pub kind: ObservationKind,
    pub severity: Severity,
    pub note: Note,
    pub tags: BTreeSet<Tag>,
    pub at: DateTime<FixedOffset>,
    pub deleted: bool,
    pub created: Stamp,
}
