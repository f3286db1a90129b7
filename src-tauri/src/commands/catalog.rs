//! The catalog: read it, draw the garden plan, and the supervisor's
//! additions (beds, crops, outlets). Entries are retired, never removed.

use carnet_core::ids::BedId;
use carnet_core::roles::Action;
use carnet_core::values::{BedCode, Metres, Name, parse_kg_factor};
use carnet_store::{BedInput as StoreBed, CropInput as StoreCrop};
use tauri::{AppHandle, Runtime, State};

use super::CmdResult;
use crate::events;
use crate::ipc::{
    Bed, BedInput, BedState, Catalog, Crop, CropInput, HistoryEntry, Outlet, OutletInput,
};
use crate::plan;
use crate::state::AppState;

#[tauri::command]
pub async fn get_catalog(state: State<'_, AppState>) -> CmdResult<Catalog> {
    Ok(Catalog::from(state.store().catalog()?))
}

/// What grows on each bed: the crop of its latest harvest of the last weeks.
#[tauri::command]
pub async fn bed_states(state: State<'_, AppState>) -> CmdResult<Vec<BedState>> {
    let today = state.today();
    let (harvests, _) = state
        .store()
        .harvests_between(Some(today - plan::GROWING_WINDOW), Some(today))?;
    Ok(plan::bed_states(&harvests))
}

#[tauri::command]
pub async fn bed_history(state: State<'_, AppState>, bed: String) -> CmdResult<Vec<HistoryEntry>> {
    let bed: BedId = bed.parse()?;
    let history = state.store().bed_history(bed)?;
    Ok(history.iter().map(HistoryEntry::from).collect())
}

#[tauri::command]
pub async fn add_bed<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: BedInput,
) -> CmdResult<Bed> {
    let by = state.person_who_may(Action::EditCatalog)?;
    let bed = StoreBed {
        code: input.code.parse::<BedCode>()?,
        zone: Name::parse("zone", &input.zone)?,
        length: Metres::new("length", input.length_m)?,
        width: Metres::new("width", input.width_m)?,
    };
    let beds = state.store().add_beds(by, vec![bed])?;
    events::local_write(&app, &state);
    Ok(Bed::from(&beds[0]))
}

#[tauri::command]
pub async fn retire_bed<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    code: String,
) -> CmdResult<()> {
    let by = state.person_who_may(Action::EditCatalog)?;
    state.store().retire_bed(by, &code.parse()?)?;
    events::local_write(&app, &state);
    Ok(())
}

#[tauri::command]
pub async fn add_crop<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: CropInput,
) -> CmdResult<Crop> {
    let by = state.person_who_may(Action::EditCatalog)?;
    let unit: carnet_core::values::Unit = input.default_unit.into();
    let kg_per = match input.kg_per_unit {
        Some(kg) if unit.kg_per_unit_by_itself().is_none() => {
            [(unit, parse_kg_factor(unit, kg)?)].into_iter().collect()
        }
        _ => Default::default(),
    };
    let crop = StoreCrop {
        name: Name::parse("crop", &input.name)?,
        family: Name::parse("family", &input.family)?,
        default_unit: unit,
        kg_per,
    };
    let mut store = state.store();
    let added = store.add_crops(by, vec![crop])?;
    let crop = Catalog::from(store.catalog()?)
        .crops
        .into_iter()
        .find(|c| c.id == added[0].id.to_string());
    drop(store);
    events::local_write(&app, &state);
    crop.ok_or_else(|| crate::ipc::CommandError::new("not_found", "crop not found after adding it"))
}

#[tauri::command]
pub async fn add_outlet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: OutletInput,
) -> CmdResult<Outlet> {
    let by = state.person_who_may(Action::EditCatalog)?;
    let name = Name::parse("outlet", &input.name)?;
    let outlet = state.store().add_outlet(by, name, input.kind.into())?;
    events::local_write(&app, &state);
    Ok(Outlet {
        id: outlet.id.to_string(),
        name: outlet.name.to_string(),
        kind: outlet.kind.into(),
    })
}
