//! Harvests: record one with its weighings, and the day's running totals.

use carnet_core::harvests::{GroupBy, NewHarvest};
use carnet_core::roles::Action;
use chrono::NaiveDate;
use tauri::{AppHandle, Runtime, State};

use super::{Args, CmdResult};
use crate::events;
use crate::ipc::{DayArg, HarvestInput, HarvestRecorded, ReportRow};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn record_harvest<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<HarvestInput>,
) -> CmdResult<HarvestRecorded> {
    let harvest = NewHarvest::try_from(args.0)?;
    let by = state.person_who_may(Action::Harvest)?;
    let recorded = state.store()?.record_harvest(by, harvest)?;
    events::local_write(&app, &state);
    Ok(HarvestRecorded::from(&recorded))
}

/// The running totals per crop of one day (today by default).
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn day_harvest_totals(
    state: State<'_, AppState>,
    args: Args<DayArg>,
) -> CmdResult<Vec<ReportRow>> {
    let day = Option::<NaiveDate>::try_from(args.0)?.unwrap_or_else(|| state.today());
    let rows = state
        .store()?
        .harvest_report(GroupBy::Crop, Some(day), Some(day))?;
    Ok(rows.iter().map(ReportRow::from).collect())
}
