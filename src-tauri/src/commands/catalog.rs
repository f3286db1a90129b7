//! The catalog: read it, draw the garden plan, and the supervisor's
//! additions and edits (beds, crops, outlets). Entries are retired, never
//! removed.

use carnet_core::catalog::{CropEdit, OutletEdit};
use carnet_core::ids::{BedId, CropId, OutletId};
use carnet_core::roles::Action;
use carnet_core::values::{BedCode, DestinationKind, Name};
use carnet_store::{BedChange, BedInput as StoreBed, CropInput as StoreCrop};
use tauri::{AppHandle, Runtime, State};

use super::{Args, CmdResult};
use crate::events;
use crate::ipc::{
    Bed, BedCodeRef, BedEditInput, BedInput, BedRef, BedState, Catalog, CommandError, Crop,
    CropEditInput, CropInput, HistoryEntry, Outlet, OutletEditInput, OutletInput,
};
use crate::plan;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn get_catalog(state: State<'_, AppState>) -> CmdResult<Catalog> {
    Ok(Catalog::from(state.store()?.catalog()?))
}

/// What grows on each bed: the crop of its latest harvest of the last weeks.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn bed_states(state: State<'_, AppState>) -> CmdResult<Vec<BedState>> {
    let today = state.today();
    let (harvests, _) = state
        .store()?
        .harvests_between(Some(today - plan::GROWING_WINDOW), Some(today))?;
    Ok(plan::bed_states(&harvests))
}

#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn bed_history(
    state: State<'_, AppState>,
    args: Args<BedRef>,
) -> CmdResult<Vec<HistoryEntry>> {
    let bed = BedId::try_from(args.0)?;
    let history = state.store()?.bed_history(bed)?;
    Ok(history.iter().map(HistoryEntry::from).collect())
}

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn add_bed<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<BedInput>,
) -> CmdResult<Bed> {
    let bed = StoreBed::try_from(args.0)?;
    let by = state.person_who_may(Action::EditCatalog)?;
    let beds = state.store()?.add_beds(by, vec![bed])?;
    events::local_write(&app, &state);
    Ok(Bed::from(&beds[0]))
}

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn retire_bed<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<BedCodeRef>,
) -> CmdResult<()> {
    let code = BedCode::try_from(args.0)?;
    let by = state.person_who_may(Action::EditCatalog)?;
    state.store()?.retire_bed(by, &code)?;
    events::local_write(&app, &state);
    Ok(())
}

/// Changes a bed's length, width or zone.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn edit_bed<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<BedEditInput>,
) -> CmdResult<Bed> {
    let (code, change) = <(BedCode, BedChange)>::try_from(args.0)?;
    let by = state.person_who_may(Action::EditCatalog)?;
    let bed = state.store()?.edit_bed(by, &code, change)?;
    events::local_write(&app, &state);
    Ok(Bed::from(&bed))
}

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn add_crop<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<CropInput>,
) -> CmdResult<Crop> {
    let crop = StoreCrop::try_from(args.0)?;
    let by = state.person_who_may(Action::EditCatalog)?;
    let crop = {
        let mut store = state.store()?;
        let added = store.add_crops(by, vec![crop])?;
        let catalog = store.catalog()?;
        let crop = catalog.crops.get(&added[0].id).ok_or_else(|| {
            CommandError::from(carnet_core::Error::not_found(
                "crop",
                added[0].id.to_string(),
            ))
        })?;
        Crop::from_domain(catalog, crop)
    };
    events::local_write(&app, &state);
    Ok(crop)
}

/// Changes a crop's default unit or its kg factors.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn edit_crop<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<CropEditInput>,
) -> CmdResult<Crop> {
    let (id, edit) = <(CropId, CropEdit)>::try_from(args.0)?;
    let by = state.person_who_may(Action::EditCatalog)?;
    let crop = {
        let mut store = state.store()?;
        let crop = store.edit_crop(by, id, edit)?;
        Crop::from_domain(store.catalog()?, &crop)
    };
    events::local_write(&app, &state);
    Ok(crop)
}

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn add_outlet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<OutletInput>,
) -> CmdResult<Outlet> {
    let (name, kind) = <(Name, DestinationKind)>::try_from(args.0)?;
    let by = state.person_who_may(Action::EditCatalog)?;
    let outlet = state.store()?.add_outlet(by, name, kind)?;
    events::local_write(&app, &state);
    Ok(Outlet::from(&outlet))
}

/// Renames an outlet or changes its kind.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn edit_outlet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<OutletEditInput>,
) -> CmdResult<Outlet> {
    let (id, edit) = <(OutletId, OutletEdit)>::try_from(args.0)?;
    let by = state.person_who_may(Action::EditCatalog)?;
    let outlet = state.store()?.edit_outlet(by, id, edit)?;
    events::local_write(&app, &state);
    Ok(Outlet::from(&outlet))
}
