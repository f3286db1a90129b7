//! First run: what this device holds, an empty farm, or the demo garden.

use carnet_core::values::{Lang, Role};
use carnet_demo::DemoOptions;
use tauri::{AppHandle, Runtime, State};

use super::{Args, CmdResult};
use crate::events;
use crate::ipc::{CommandError, CreateFarm, ErrorCode, NewFarm, Person, Setup};
use crate::state::AppState;

/// What this device holds. When another program holds the store, fails
/// with `store_in_use` naming it, and `open_store` tries again.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn get_setup(state: State<'_, AppState>) -> CmdResult<Setup> {
    let mut store = state.store()?;
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
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn create_farm<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<CreateFarm>,
) -> CmdResult<Person> {
    let NewFarm {
        farm_name,
        supervisor,
        pin,
    } = args.0.try_into()?;
    let person = {
        let mut store = state.store()?;
        store.init_farm(farm_name)?;
        let nobody = carnet_core::ids::PersonId(uuid::Uuid::nil());
        store.add_person(
            nobody,
            supervisor,
            Role::Supervisor,
            Lang::Fr,
            pin.as_deref(),
        )?
    };
    state.set_person(Some(person.id));
    events::local_write(&app, &state);
    Ok(Person::from(&person))
}

/// Fills an empty store with the demo garden and a month of its history.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn load_demo<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CmdResult<()> {
    let now = state.now();
    {
        let mut store = state.store()?;
        if store.farm_id().is_ok() {
            return Err(CommandError::new(
                ErrorCode::FarmExists,
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

/// Tries again to open the store another program held (the app started
/// while `carnet` ran): on success the sync loop starts and the interface
/// reads the setup; otherwise the same `store_in_use`.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn open_store<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Setup> {
    if state.try_open()? {
        events::start_sync(&app);
    }
    get_setup(state).await
}
