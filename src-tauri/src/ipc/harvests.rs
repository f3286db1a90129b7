//! The harvest form (with its weighings) and what recording one returns.
//! Deliberately not here: the report (`reports`).

use carnet_core::harvests::{self, Destination, NewHarvest};
use carnet_core::values::{Quantity, parse_note};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::CommandError;
use super::words::*;

#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WeighingInput {
    pub value: f64,
    pub unit: Unit,
    pub tare_kg: Option<f64>,
}

/// A harvest as the team leader enters it. `destination` is `outlet:<id>`
/// or a destination kind.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HarvestInput {
    pub bed_id: String,
    pub crop_id: String,
    pub destination: String,
    pub note: String,
    pub weighings: Vec<WeighingInput>,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnitAmount {
    pub unit: Unit,
    pub amount: f64,
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HarvestRecorded {
    pub id: String,
    pub lot: String,
    pub weighings: usize,
}

impl From<&(harvests::Harvest, Vec<harvests::Weighing>)> for HarvestRecorded {
    fn from((h, ws): &(harvests::Harvest, Vec<harvests::Weighing>)) -> Self {
        Self {
            id: h.id.to_string(),
            lot: h.lot.clone(),
            weighings: ws.len(),
        }
    }
}

impl TryFrom<HarvestInput> for NewHarvest {
    type Error = CommandError;
    fn try_from(input: HarvestInput) -> Result<Self, CommandError> {
        let weighings = input
            .weighings
            .iter()
            .map(|w| {
                Ok((
                    Quantity::new(w.value, w.unit.into())?,
                    w.tare_kg.filter(|t| *t > 0.0),
                ))
            })
            .collect::<carnet_core::Result<Vec<_>>>()?;
        Ok(NewHarvest {
            bed: input.bed_id.parse()?,
            crop: input.crop_id.parse()?,
            variety: None,
            destination: input.destination.parse::<Destination>()?,
            note: parse_note("note", &input.note)?,
            weighings,
        })
    }
}
