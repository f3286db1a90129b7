//! Harvests and their weighings.
//!
//! A harvest says what was picked where and when, and where it goes. The
//! weighings entered with it are written once, inside the harvest record
//! (`INLINE_WEIGHINGS_FIELD`), and never edited; a weighing added later is
//! its own append-only record, so two team leaders adding weighings offline
//! never conflict. A harvest is voided, never edited in place, and totals are
//! always computed from weighings, never stored.
//!
//! Why inside: a harvest is one user action, and as three records (the
//! harvest and two weighings) it was two thirds of the records a new tablet
//! downloads; written inside it, the start-up set's harvest months shrank
//! from 99 to 43 KB (BENCHMARKS.md, Sync). Stores written before keep their
//! separate weighing records, which read the same.
//!
//! Their fields are in `codec`, their writes in `writes`, the harvest report
//! in `queries`.
//!
//! Deliberately not here: checking beds, crops and outlets (the catalog).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::Crop;
use crate::error::{Error, Result};
use crate::ids::*;
use crate::record::Stamp;
use crate::values::{BedCode, DestinationKind, Name, Note, Quantity, Tare, Unit};

mod codec;
mod queries;
mod writes;

pub use queries::*;
pub use writes::*;

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
    pub note: Note,
    pub voided: Option<Void>,
    pub created: Stamp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Void {
    pub by: PersonId,
    pub at: DateTime<FixedOffset>,
    pub reason: Name,
}

/// One weighing or count of a harvest, as the person entered it. It
/// deserializes through `Tare::of`, which checks the tare against it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "WeighingFields")]
pub struct Weighing {
    pub id: WeighingId,
    pub harvest: HarvestId,
    pub quantity: Quantity,
    /// The crate's weight, subtracted from a mass weighing.
    pub tare_kg: Option<Tare>,
    pub created: Stamp,
}

/// A `Weighing`'s fields as serde reads them, before the tare is checked.
#[derive(Deserialize)]
struct WeighingFields {
    id: WeighingId,
    harvest: HarvestId,
    quantity: Quantity,
    tare_kg: Option<f64>,
    created: Stamp,
}

impl TryFrom<WeighingFields> for Weighing {
    type Error = Error;
    fn try_from(f: WeighingFields) -> Result<Self> {
        Ok(Weighing {
            id: f.id,
            harvest: f.harvest,
            quantity: f.quantity,
            tare_kg: f.tare_kg.map(|kg| Tare::of(kg, f.quantity)).transpose()?,
            created: f.created,
        })
    }
}

impl Weighing {
    /// Net kg, when the unit converts for this crop.
    pub fn net_kg(&self, crop: &Crop) -> Option<f64> {
        let per_unit = crop.kg_per_unit(self.quantity.unit())?;
        Some(self.quantity.value() * per_unit - self.tare_kg.map_or(0.0, Tare::kg))
    }
}

/// The harvest record's field holding the weighings entered with it.
pub const INLINE_WEIGHINGS_FIELD: &str = "weighings";

/// The weighings entered with a harvest as one scalar: `;`-separated
/// `value unit`, with ` tare kg` when a tare was taken, e.g.
/// `12.5 kg;20 kg tare 1.2;3 bunch`. Numbers print in Rust's shortest
/// round-trip form, so decoding gives back the same `f64`s.
pub fn encode_inline_weighings(weighings: &[(Quantity, Option<f64>)]) -> String {
    let mut out = String::new();
    for (i, (quantity, tare)) in weighings.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(&format!("{} {}", quantity.value(), quantity.unit()));
        if let Some(tare) = tare {
            out.push_str(&format!(" tare {tare}"));
        }
    }
    out
}

/// The id of the `index`th weighing entered with a harvest: derived from
/// the harvest's id, so every device reads the same ids.
pub fn inline_weighing_id(harvest: HarvestId, index: usize) -> WeighingId {
    WeighingId(uuid::Uuid::new_v5(
        &harvest.0,
        format!("weighing/{index}").as_bytes(),
    ))
}

/// Reads back what `encode_inline_weighings` wrote, as the harvest's
/// weighings (attributed like the harvest). Every value is checked as if it
/// were entered now: a malformed field is an error, never a partial list.
pub fn decode_inline_weighings(harvest: &Harvest, text: &str) -> Result<Vec<Weighing>> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(';')
        .enumerate()
        .map(|(index, entry)| {
            let bad = || {
                Error::invalid(
                    "weighings",
                    format!("`{entry}` is not `value unit` or `value unit tare kg`"),
                )
            };
            let mut words = entry.split(' ');
            let value: f64 = words.next().and_then(|v| v.parse().ok()).ok_or_else(bad)?;
            let unit: Unit = words.next().ok_or_else(bad)?.parse()?;
            let tare_kg = match (words.next(), words.next()) {
                (None, _) => None,
                (Some("tare"), Some(tare)) => Some(tare.parse::<f64>().map_err(|_| bad())?),
                _ => return Err(bad()),
            };
            if words.next().is_some() {
                return Err(bad());
            }
            let quantity = Quantity::new(value, unit)?;
            let tare_kg = tare_kg.map(|kg| Tare::of(kg, quantity)).transpose()?;
            Ok(Weighing {
                id: inline_weighing_id(harvest.id, index),
                harvest: harvest.id,
                quantity,
                tare_kg,
                created: harvest.created.clone(),
            })
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn harvest() -> Harvest {
        let at = FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
            .unwrap();
        Harvest {
            id: HarvestId(uuid::Uuid::from_u128(7)),
            bed: BedId(uuid::Uuid::from_u128(1)),
            crop: CropId(uuid::Uuid::from_u128(2)),
            variety: None,
            at,
            destination: Destination::Kind(DestinationKind::Canteen),
            lot: "20261122-A-07-TOM".into(),
            note: Note::default(),
            voided: None,
            created: Stamp {
                by: PersonId(uuid::Uuid::from_u128(3)),
                at,
                device: "tablette 1".into(),
            },
        }
    }

    fn q(value: f64, unit: Unit) -> Quantity {
        Quantity::new(value, unit).unwrap()
    }

    /// `Tare` has no `Deserialize` of its own: a weighing deserializes
    /// through `Tare::of`, so a stored tare heavier than its weighing, or on
    /// a count, is refused like the write refuses it.
    #[test]
    fn a_weighing_deserializes_through_its_tare_check() {
        let weighing = |quantity: &str, tare: &str| {
            let json = format!(
                r#"{{"id":"00000000-0000-0000-0000-00000000000a","harvest":"00000000-0000-0000-0000-00000000000b","quantity":{quantity},"tare_kg":{tare},"created":{{"by":"00000000-0000-0000-0000-000000000001","at":"2026-11-22T09:30:00+01:00","device":"t"}}}}"#
            );
            serde_json::from_str::<Weighing>(&json).map_err(|e| e.to_string())
        };
        let kg = r#"{"value":2.0,"unit":"kg"}"#;
        assert_eq!(
            weighing(kg, "0.5").unwrap().tare_kg.map(Tare::kg),
            Some(0.5)
        );
        assert_eq!(weighing(kg, "null").unwrap().tare_kg, None);
        assert_eq!(
            weighing(kg, "2.0").unwrap_err(),
            "tare: 2 kg is not less than the gross weight 2 kg"
        );
        assert_eq!(
            weighing(kg, "-0.1").unwrap_err(),
            "tare: -0.1 kg is not a weight"
        );
        assert_eq!(
            weighing(r#"{"value":3.0,"unit":"bunch"}"#, "0.1").unwrap_err(),
            "tare: a tare applies to kg or g, not to bunch"
        );
    }

    #[test]
    fn inline_weighings_read_back_exactly_with_ids_derived_from_the_harvest() {
        let entered = vec![
            (q(12.5, Unit::Kg), None),
            (q(0.1 + 0.2, Unit::Kg), Some(0.05)),
            (q(3.0, Unit::Bunch), None),
            (q(850.0, Unit::G), Some(0.1)),
        ];
        let text = encode_inline_weighings(&entered);
        assert_eq!(
            text,
            "12.5 kg;0.30000000000000004 kg tare 0.05;3 bunch;850 g tare 0.1"
        );
        let h = harvest();
        let read = decode_inline_weighings(&h, &text).unwrap();
        let back: Vec<_> = read
            .iter()
            .map(|w| (w.quantity, w.tare_kg.map(Tare::kg)))
            .collect();
        assert_eq!(back, entered);
        assert!(
            read.iter()
                .all(|w| w.harvest == h.id && w.created == h.created)
        );
        let ids: std::collections::BTreeSet<_> = read.iter().map(|w| w.id).collect();
        assert_eq!(ids.len(), 4, "one id per weighing");
        assert_eq!(read[1].id, inline_weighing_id(h.id, 1));
        assert_ne!(
            inline_weighing_id(h.id, 0),
            inline_weighing_id(HarvestId(uuid::Uuid::from_u128(8)), 0),
            "another harvest's weighings have other ids"
        );
        assert!(decode_inline_weighings(&h, "").unwrap().is_empty());
    }

    #[test]
    fn a_malformed_inline_weighing_is_an_error_not_a_shorter_list() {
        let h = harvest();
        for bad in [
            "12.5",
            "kg 12.5",
            "12.5 stones",
            "12.5 kg;",
            "0 kg",
            "-3 kg",
            "NaN kg",
            "12.5 kg tare",
            "12.5 kg tare x",
            "12.5 kg tare 13",
            "3 bunch tare 0.1",
            "12.5 kg tare 0.5 extra",
            "12.5 kg weight 0.5",
        ] {
            let err = decode_inline_weighings(&h, bad).unwrap_err();
            assert_eq!(err.code(), "invalid", "{bad}: {err}");
        }
    }
}
