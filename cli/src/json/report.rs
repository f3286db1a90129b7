//! The shapes of what is read out of the log: report rows, a bed's history,
//! conflicts, and what a command did (a conflict resolved, files exported).

use std::collections::BTreeMap;

use carnet_core::conflicts::Conflict;
use carnet_core::harvests::ReportRow;
use carnet_core::history::HistoryEntry;
use serde::Serialize;

use crate::output::round3;

#[derive(Debug, Serialize)]
pub struct ReportRowJson {
    pub key: String,
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

#[derive(Debug, Serialize)]
pub struct HistoryEntryJson {
    pub date: String,
    pub what: String,
    pub id: String,
    pub summary: String,
}

impl From<&HistoryEntry> for HistoryEntryJson {
    fn from(entry: &HistoryEntry) -> Self {
        Self {
            date: entry.date.to_string(),
            what: entry.what.to_owned(),
            id: entry.id.to_string(),
            summary: entry.summary.clone(),
        }
    }
}

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
