//! Observations on beds: pests, disease, water, growth, soil, biodiversity.
//! Append-only in practice: a correction is a new observation, and a mistaken
//! one is marked deleted, never removed. Their fields are in `codec`, their
//! write in `writes`; the store's projection answers the questions about
//! them, and a bed's history (`history`) reads them with the other domains.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::*;
use crate::record::Stamp;
use crate::values::{ObservationKind, Severity};

mod codec;
mod writes;

pub use writes::*;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub id: ObservationId,
    pub beds: Vec<BedId>,
    pub kind: ObservationKind,
    pub severity: Severity,
    pub note: String,
    pub tags: BTreeSet<String>,
    pub at: DateTime<FixedOffset>,
    pub deleted: bool,
    pub created: Stamp,
}

/// A tag: one word or short phrase, lower-case, without commas.
pub fn parse_tag(text: &str) -> Result<String> {
    let tag = text.trim().to_lowercase();
    if tag.is_empty()
        || tag.chars().count() > 40
        || tag.contains(',')
        || tag.chars().any(char::is_control)
    {
        return Err(Error::invalid(
            "tag",
            format!(
                "`{}` must be 1 to 40 characters without commas",
                text.trim()
            ),
        ));
    }
    Ok(tag)
}
