//! Reports as the interface reads them: harvest totals grouped as asked,
//! and a bed's history. Deliberately not here: their rules (the core).

use carnet_core::{harvests, history};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::harvests::UnitAmount;
use super::{CommandError, optional_date};

#[derive(Clone, Copy, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Crop,
    Week,
    Bed,
    Destination,
}

impl From<GroupBy> for harvests::GroupBy {
    fn from(g: GroupBy) -> Self {
        match g {
            GroupBy::Crop => harvests::GroupBy::Crop,
            GroupBy::Week => harvests::GroupBy::Week,
            GroupBy::Bed => harvests::GroupBy::Bed,
            GroupBy::Destination => harvests::GroupBy::Destination,
        }
    }
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportRow {
    pub key: String,
    pub harvests: usize,
    pub kg: f64,
    /// Counts without a kg conversion, in the unit people entered.
    pub unconverted: Vec<UnitAmount>,
    pub area_m2: f64,
    pub kg_per_m2: Option<f64>,
}

impl From<&harvests::ReportRow> for ReportRow {
    fn from(r: &harvests::ReportRow) -> Self {
        Self {
            key: r.key.clone(),
            harvests: r.harvests,
            kg: r.total.kg,
            unconverted: r
                .total
                .unconverted
                .iter()
                .map(|(unit, amount)| UnitAmount {
                    unit: (*unit).into(),
                    amount: *amount,
                })
                .collect(),
            area_m2: r.area_m2,
            kg_per_m2: r.kg_per_m2,
        }
    }
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub date: String,
    /// `task`, `harvest` or `observation`.
    pub what: String,
    pub id: String,
    pub summary: String,
}

impl From<&history::HistoryEntry> for HistoryEntry {
    fn from(h: &history::HistoryEntry) -> Self {
        Self {
            date: h.date.to_string(),
            what: h.what.to_owned(),
            id: h.id.to_string(),
            summary: h.summary.clone(),
        }
    }
}

/// A harvest report: how to group, between which days (none: no bound).
#[derive(Clone, Debug, Deserialize, TS)]
pub struct ReportArgs {
    pub group: GroupBy,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
}

impl TryFrom<ReportArgs>
    for (
        GroupBy,
        Option<chrono::NaiveDate>,
        Option<chrono::NaiveDate>,
    )
{
    type Error = CommandError;
    fn try_from(a: ReportArgs) -> Result<Self, CommandError> {
        Ok((
            a.group,
            optional_date("from", a.from)?,
            optional_date("to", a.to)?,
        ))
    }
}

/// A harvest report written as CSV into `folder`.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct ExportArgs {
    #[serde(flatten)]
    pub report: ReportArgs,
    pub folder: String,
}
