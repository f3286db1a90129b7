//! Harvests: record one with its weighings, and the day's running totals.

use carnet_core::harvests::{Destination, GroupBy, NewHarvest};
use carnet_core::roles::Action;
use carnet_core::values::{Quantity, parse_note};
use tauri::{AppHandle, Runtime, State};

use super::{CmdResult, date};
use crate::events;
use crate::ipc::{HarvestInput, HarvestRecorded, ReportRow};
use crate::state::AppState;

#[tauri::command]
pub async fn record_harvest<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: HarvestInput,
) -> CmdResult<HarvestRecorded> {
    let by = state.person_who_may(Action::Harvest)?;
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
    let harvest = NewHarvest {
        bed: input.bed_id.parse()?,
        crop: input.crop_id.parse()?,
        variety: None,
        destination: input.destination.parse::<Destination>()?,
        note: parse_note("note", &input.note)?,
        weighings,
    };
    let recorded = state.store().record_harvest(by, harvest)?;
    events::local_write(&app, &state);
    Ok(HarvestRecorded::from(&recorded))
}

/// The running totals per crop of one day (today by default).
#[tauri::command]
pub async fn day_harvest_totals(
    state: State<'_, AppState>,
    day: Option<String>,
) -> CmdResult<Vec<ReportRow>> {
    let day = match day {
        Some(d) => date("day", &d)?,
        None => state.today(),
    };
    let rows = state
        .store()
        .harvest_report(GroupBy::Crop, Some(day), Some(day))?;
    Ok(rows.iter().map(ReportRow::from).collect())
}
