//! Harvests and their weighings.
//!
//! A harvest says what was picked where and when, and where it goes; its
//! weighings are separate append-only records, so two team leaders adding
//! weighings offline never conflict. A harvest is voided, never edited in
//! place, and totals are always computed from weighings, never stored.
//!
//! Deliberately not here: reports (see `query`).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::Crop;
use crate::error::{Error, Result};
use crate::ids::*;
use crate::record::Stamp;
use crate::values::{BedCode, DestinationKind, Name, Quantity, Unit};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Harvest {
    pub id: HarvestId,
    pub bed: BedId,
    pub crop: CropId,
    pub variety: Option<VarietyId>,
    pub at: DateTime<FixedOffset>,
    pub destination: Destination,
    /// Traceability: the lot printed on the delivery note.
    pub lot: String,
    pub note: String,
    pub voided: Option<Void>,
    pub created: Stamp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Void {
    pub by: PersonId,
    pub at: DateTime<FixedOffset>,
    pub reason: Name,
}

/// One weighing or count of a harvest, as the person entered it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Weighing {
    pub id: WeighingId,
    pub harvest: HarvestId,
    pub quantity: Quantity,
    /// The crate's weight, subtracted from a mass weighing.
    pub tare_kg: Option<f64>,
    pub created: Stamp,
}

impl Weighing {
    /// Checks that a tare fits the quantity: only for mass units, and less
    /// than the gross weight.
    pub fn check_tare(quantity: Quantity, tare_kg: Option<f64>) -> Result<()> {
        let Some(tare) = tare_kg else { return Ok(()) };
        let Some(per_unit) = quantity.unit().kg_per_unit_by_itself() else {
            return Err(Error::invalid(
                "tare",
                format!("a tare applies to kg or g, not to {}", quantity.unit()),
            ));
        };
        if !tare.is_finite() || tare < 0.0 {
            return Err(Error::invalid("tare", format!("{tare} kg is not a weight")));
        }
        if tare >= quantity.value() * per_unit {
            return Err(Error::invalid(
                "tare",
                format!("{tare} kg is not less than the gross weight {quantity}"),
            ));
        }
        Ok(())
    }

    /// Net kg, when the unit converts for this crop.
    pub fn net_kg(&self, crop: &Crop) -> Option<f64> {
        let per_unit = crop.kg_per_unit(self.quantity.unit())?;
        Some(self.quantity.value() * per_unit - self.tare_kg.unwrap_or(0.0))
    }
}

/// Where a harvest goes: a named outlet of the catalog, or a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Destination {
    Outlet(OutletId),
    Kind(DestinationKind),
}

impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Destination::Outlet(id) => write!(f, "outlet:{id}"),
            Destination::Kind(kind) => f.write_str(kind.as_str()),
        }
    }
}

impl FromStr for Destination {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().strip_prefix("outlet:") {
            Some(id) => Ok(Destination::Outlet(id.parse()?)),
            None => Ok(Destination::Kind(s.parse()?)),
        }
    }
}

impl TryFrom<String> for Destination {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Destination> for String {
    fn from(d: Destination) -> String {
        d.to_string()
    }
}

/// The lot number of a harvest: date, bed and crop, e.g. `20261122-A-07-TOM`.
/// Two harvests of one crop on one bed on one day share their lot, which is
/// what traceability back to bed and date asks for.
pub fn lot_number(date: NaiveDate, bed: &BedCode, crop: &Crop) -> String {
    let crop_code: String = crop
        .name
        .as_str()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .take(3)
        .collect();
    format!("{}-{bed}-{crop_code}", date.format("%Y%m%d"))
}

/// Sums weighings by unit family: kg for what converts, the rest kept in the
/// unit people entered (never added across units).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Total {
    pub kg: f64,
    /// Counts that this crop has no conversion for, by unit.
    pub unconverted: std::collections::BTreeMap<Unit, f64>,
}

impl Total {
    pub fn add(&mut self, weighing: &Weighing, crop: &Crop) {
        match weighing.net_kg(crop) {
            Some(kg) => self.kg += kg,
            None => {
                *self
                    .unconverted
                    .entry(weighing.quantity.unit())
                    .or_default() += weighing.quantity.value()
            }
        }
    }

    pub fn merge(&mut self, other: &Total) {
        self.kg += other.kg;
        for (unit, v) in &other.unconverted {
            *self.unconverted.entry(*unit).or_default() += v;
        }
    }
}
