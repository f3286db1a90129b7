//! Reports as the interface reads them: harvest totals grouped as asked,
//! and a bed's history. Deliberately not here: their rules (the core).

use carnet_core::{harvests, history};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::harvests::UnitAmount;
use super::tasks::TaskStatus;
use super::words::*;
use super::{CommandError, optional_date};

/// How a report groups: the core's `harvests::GroupBy` as the interface
/// sends it. A copy of the four names, so that renaming or adding a grouping
/// in the core breaks the `From` below, not the generated bindings.
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
    /// A crop's name, an ISO week, a bed's code, an outlet's name, or a
    /// destination kind's code (then in `destination` too, to be put into
    /// words).
    pub key: String,
    pub destination: Option<DestinationKind>,
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
            destination: r.destination.map(Into::into),
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

/// One line of a bed's history: codes and typed texts, which the bed page
/// puts into the reader's words.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub date: String,
    pub id: String,
    pub line: HistoryLine,
}

/// What happened, by kind of record (`what`). Field for field the core's
/// `history::HistoryLine` and the command line's `HistoryLineJson`, kept
/// apart on purpose: this is the interface's generated contract (camelCase,
/// typed codes), which must not move when the domain type or the `--json`
/// shape does.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum HistoryLine {
    Task {
        title: String,
        kind: TaskKind,
        status: TaskStatus,
        /// Why, when abandoned.
        reason: Option<AbandonReason>,
        /// The abandonment's note, as typed.
        note: Option<String>,
    },
    Harvest {
        crop: String,
        kg: f64,
        lot: String,
        voided: bool,
    },
    Observation {
        kind: ObservationKind,
        severity: u8,
        /// As typed.
        note: String,
    },
}

impl From<&history::HistoryEntry> for HistoryEntry {
    fn from(h: &history::HistoryEntry) -> Self {
        let line = match &h.line {
            history::HistoryLine::Task {
                title,
                kind,
                state,
                reason,
                note,
            } => HistoryLine::Task {
                title: title.to_string(),
                kind: (*kind).into(),
                status: (*state).into(),
                reason: reason.map(Into::into),
                note: note.as_ref().map(ToString::to_string),
            },
            history::HistoryLine::Harvest {
                crop,
                kg,
                lot,
                voided,
            } => HistoryLine::Harvest {
                crop: crop.clone(),
                kg: *kg,
                lot: lot.clone(),
                voided: *voided,
            },
            history::HistoryLine::Observation {
                kind,
                severity,
                note,
            } => HistoryLine::Observation {
                kind: (*kind).into(),
                severity: *severity,
                note: note.clone(),
            },
        };
        Self {
            date: h.date.to_string(),
            id: h.id.to_string(),
            line,
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
