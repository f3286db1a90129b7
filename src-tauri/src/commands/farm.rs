//! First run: what this device holds, an empty farm, or the demo garden.

use carnet_core::values::{Lang, Name, Role};
use carnet_demo::DemoOptions;
use tauri::{AppHandle, Runtime, State};

use super::CmdResult;
use crate::events;
use crate::ipc::{CommandError, Person, Setup};
use crate::state::AppState;

#[tauri::command]
pub async fn get_setup(state: State<'_, AppState>) -> CmdResult<Setup> {
    let mut store = state.store();
    let farm_id = store.farm_id().ok().map(|f| f.to_string());
    let farm_name = store.catalog()?.farm.as_ref().map(|f| f.name.to_string());
    Ok(Setup {
        has_farm: farm_id.is_some(),
        farm_id,
        farm_name,
        device: store.device_label().to_owned(),
        today: state.today().to_string(),
    })
}

/// Creates an empty farm and its first supervisor, who then holds the tablet.
#[tauri::command]
pub async fn create_farm<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    farm_name: String,
    supervisor: String,
    pin: Option<String>,
) -> CmdResult<Person> {
    let farm_name = Name::parse("farm name", &farm_name)?;
    let supervisor = Name::parse("name", &supervisor)?;
    let person = {
        let mut store = state.store();
        store.init_farm(farm_name)?;
        let nobody = carnet_core::ids::PersonId(uuid::Uuid::nil());
        store.add_person(
            nobody,
            supervisor,
            Role::Supervisor,
            Lang::Fr,
            pin.as_deref().filter(|p| !p.is_empty()),
        )?
    };
    state.set_person(Some(person.id));
    events::local_write(&app, &state);
    Ok(Person::from(&person))
}

/// Fills an empty store with the demo garden and a month of its history.
#[tauri::command]
pub async fn load_demo<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<()> {
    let now = state.now();
    {
        let mut store = state.store();
        if store.farm_id().is_ok() {
            return Err(CommandError::new(
                "farm_exists",
                "this device already holds a farm",
            ));
        }
        carnet_demo::fill(
            &mut store,
            &state.steer,
            &DemoOptions::month_before(now.date_naive(), *now.offset()),
        )?;
    }
    events::local_write(&app, &state);
    Ok(())
}
