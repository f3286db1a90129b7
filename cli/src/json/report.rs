//! The shapes of what is read out of the log: report rows, a bed's history,
//! conflicts, and what a command did (a conflict resolved, files exported).

use std::collections::BTreeMap;

use carnet_core::conflicts::Conflict;
use carnet_core::harvests::ReportRow;
use carnet_core::history::{HistoryEntry, HistoryLine};
use serde::Serialize;

use crate::output::round3;

#[derive(Debug, Serialize)]
pub struct ReportRowJson {
    pub key: String,
    /// The destination kind's code, when the row groups one (`key` holds it
    /// too).
    pub destination: Option<String>,
    pub harvests: usize,
    pub kg: f64,
    pub area_m2: f64,
    pub kg_per_m2: Option<f64>,
    pub unconverted: BTreeMap<String, f64>,
}

impl From<&ReportRow> for ReportRowJson {
    fn from(row: &ReportRow) -> Self {
        Self {
            key: row.key.clone(),
            destination: row.destination.map(|d| d.as_str().to_owned()),
            harvests: row.harvests,
            kg: round3(row.total.kg),
            area_m2: round3(row.area_m2),
            kg_per_m2: row.kg_per_m2.map(round3),
            unconverted: row
                .total
                .unconverted
                .iter()
                .map(|(unit, v)| (unit.to_string(), round3(*v)))
                .collect(),
        }
    }
}

/// One line of a bed's history: codes and typed texts (`what` says which
/// fields are there), never a sentence.
#[derive(Debug, Serialize)]
pub struct HistoryEntryJson {
    pub date: String,
    pub id: String,
    /// `task`, `harvest` or `observation`.
    pub what: String,
    #[serde(flatten)]
    pub line: HistoryLineJson,
}

/// The core's `HistoryLine` with every code as its text: the `--json`
/// contract scripts read, apart from the app's IPC shape (typed, camelCase)
/// so that neither moves when the other does.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum HistoryLineJson {
    Task {
        title: String,
        /// A task kind's code.
        kind: String,
        /// `todo`, `done` or `abandoned`.
        status: String,
        /// The abandon reason's code.
        reason: Option<String>,
        note: Option<String>,
    },
    Harvest {
        crop: String,
        kg: f64,
        lot: String,
        voided: bool,
    },
    Observation {
        /// An observation kind's code.
        kind: String,
        severity: u8,
        note: String,
    },
}

impl From<&HistoryEntry> for HistoryEntryJson {
    fn from(entry: &HistoryEntry) -> Self {
        let line = match &entry.line {
            HistoryLine::Task {
                title,
                kind,
                state,
                reason,
                note,
            } => HistoryLineJson::Task {
                title: title.to_string(),
                kind: kind.as_str().to_owned(),
                status: state.as_str().to_owned(),
                reason: reason.map(|r| r.as_str().to_owned()),
                note: note.as_ref().map(ToString::to_string),
            },
            HistoryLine::Harvest {
                crop,
                kg,
                lot,
                voided,
            } => HistoryLineJson::Harvest {
                crop: crop.clone(),
                kg: round3(*kg),
                lot: lot.clone(),
                voided: *voided,
            },
            HistoryLine::Observation {
                kind,
                severity,
                note,
            } => HistoryLineJson::Observation {
                kind: kind.as_str().to_owned(),
                severity: *severity,
                note: note.clone(),
            },
        };
        Self {
            date: entry.date.to_string(),
            id: entry.id.to_string(),
            what: entry.line.what().to_owned(),
            line,
        }
    }
}

/// A conflict as `conflicts --json` prints it. The same fields as the core's
/// `Conflict` and the app's IPC `Conflict` today, kept as the command line's
/// own snake_case contract, like every other `--json` shape.
#[derive(Debug, Serialize)]
pub struct ConflictJson {
    pub document: String,
    pub record: String,
    pub record_type: String,
    pub field: String,
    pub values: Vec<ConflictValueJson>,
}

#[derive(Debug, Serialize)]
pub struct ConflictValueJson {
    pub value: String,
    pub person: Option<String>,
    pub device: Option<String>,
    pub at: Option<String>,
}

impl From<&Conflict> for ConflictJson {
    fn from(c: &Conflict) -> Self {
        Self {
            document: c.document.clone(),
            record: c.record.clone(),
            record_type: c.record_type.clone(),
            field: c.field.clone(),
            values: c
                .values
                .iter()
                .map(|v| ConflictValueJson {
                    value: v.value.clone(),
                    person: v.person.clone(),
                    device: v.device.clone(),
                    at: v.at.clone(),
                })
                .collect(),
        }
    }
}

/// What `conflicts resolve` kept.
#[derive(Debug, Serialize)]
pub struct ResolvedJson {
    pub record: String,
    pub field: String,
    pub value: String,
}

/// One file `export csv` wrote.
#[derive(Debug, Serialize)]
pub struct ExportedFileJson {
    pub kind: String,
    pub path: String,
    pub rows: usize,
}
