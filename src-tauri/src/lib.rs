//! The Carnet app: a thin Tauri 2 shell. Wiring only: managed state, the
//! command list, the sync loop started at setup. Commands live in
//! `commands/`, the IPC shapes in `ipc/`, events in `events.rs`.
pub mod commands;
pub mod config;
mod csv;
pub mod events;
pub mod ipc;
mod plan;
pub mod state;
mod sync_badge;

use std::time::Instant;

use tauri::{Manager, Runtime};

use crate::config::Config;
use crate::state::AppState;

/// Declares the app's commands once: `handlers` (Tauri's handler) and
/// `commands_typescript` (the `Commands` map of `ui/src/lib/bindings.ts`:
/// each command's name, arguments and result, which `api.ts`'s `call` is
/// typed by) both come from this list, so a command renamed, added or given
/// other arguments here changes what the interface must send, and
/// `npm run check` says where.
macro_rules! app_commands {
    ($( $module:ident :: $name:ident ( $($args:ty)? ) -> $result:ty ; )*) => {
        /// The command list, shared by the app and the tests' mock app.
        pub fn handlers<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            use commands::*;
            tauri::generate_handler![ $( $module::$name ),* ]
        }

        /// The TypeScript `Commands` map: `{ name: { args, result } }`, with
        /// `args: null` for a command that takes none.
        pub fn commands_typescript(cfg: &ts_rs::Config) -> String {
            let mut out = String::from("type Commands = {\n");
            $(
                out.push_str(&format!(
                    "  {}: {{ args: {}, result: {} }},\n",
                    stringify!($name),
                    app_commands!(@args cfg $($args)?),
                    <$result as ts_rs::TS>::name(cfg),
                ));
            )*
            out.push('}');
            out
        }
    };
    (@args $cfg:ident) => { "null".to_owned() };
    (@args $cfg:ident $args:ty) => { <$args as ts_rs::TS>::name($cfg) };
}

app_commands! {
    farm::get_setup() -> ipc::Setup;
    farm::open_store() -> ipc::Setup;
    farm::create_farm(ipc::CreateFarm) -> ipc::Person;
    farm::load_demo() -> ();
    people::list_people() -> Vec<ipc::Person>;
    people::switch_person(ipc::SwitchPerson) -> ipc::Person;
    people::current_person() -> Option<ipc::Person>;
    people::permissions() -> ipc::Permissions;
    people::leave_person() -> ();
    people::set_language(ipc::SetLanguage) -> ();
    people::add_person(ipc::PersonInput) -> ipc::Person;
    people::edit_person(ipc::PersonEditInput) -> ipc::Person;
    catalog::get_catalog() -> ipc::Catalog;
    catalog::bed_states() -> Vec<ipc::BedState>;
    catalog::bed_history(ipc::BedRef) -> Vec<ipc::HistoryEntry>;
    catalog::add_bed(ipc::BedInput) -> ipc::Bed;
    catalog::retire_bed(ipc::BedCodeRef) -> ();
    catalog::edit_bed(ipc::BedEditInput) -> ipc::Bed;
    catalog::add_crop(ipc::CropInput) -> ipc::Crop;
    catalog::edit_crop(ipc::CropEditInput) -> ipc::Crop;
    catalog::add_outlet(ipc::OutletInput) -> ipc::Outlet;
    catalog::edit_outlet(ipc::OutletEditInput) -> ipc::Outlet;
    tasks::day_tasks(ipc::DayArg) -> ipc::DayTasks;
    tasks::planned_tasks(ipc::DayRange) -> Vec<ipc::Task>;
    tasks::task(ipc::TaskRef) -> ipc::Task;
    tasks::complete_task(ipc::TaskRef) -> ipc::Task;
    tasks::reopen_task(ipc::TaskRef) -> ipc::Task;
    tasks::abandon_task(ipc::AbandonTask) -> ipc::Task;
    tasks::add_task(ipc::TaskInput) -> ();
    tasks::edit_task(ipc::TaskEditInput) -> ipc::Task;
    tasks::delete_task(ipc::TaskRef) -> ();
    harvests::record_harvest(ipc::HarvestInput) -> ipc::HarvestRecorded;
    harvests::day_harvest_totals(ipc::DayArg) -> Vec<ipc::ReportRow>;
    observations::record_observation(ipc::ObservationInput) -> String;
    reports::harvest_report(ipc::ReportArgs) -> Vec<ipc::ReportRow>;
    reports::export_report_csv(ipc::ExportArgs) -> String;
    reports::default_export_folder() -> String;
    conflicts::list_conflicts() -> Vec<ipc::Conflict>;
    conflicts::resolve_conflict(ipc::ResolveConflict) -> ();
    sync::sync_status() -> ipc::SyncState;
    sync::sync_now() -> ipc::SyncState;
    sync::enroll_device(ipc::EnrollDevice) -> ipc::SyncState;
    launch::screen_ready(ipc::ScreenReady) -> ();
}

/// Manages the state and starts the sync loop: the part of the set-up the
/// real app and the tests' mock app share.
pub fn setup<R: Runtime>(app: &tauri::AppHandle<R>, state: AppState) {
    let open = state.is_open();
    app.manage(state);
    // A store another program holds starts its loop when `open_store` opens it.
    if open {
        events::start_sync(app);
    }
}

pub fn run(launched: Instant) {
    tauri::Builder::default()
        .invoke_handler(handlers())
        .setup(move |app| {
            let data_dir = app.path().app_data_dir()?;
            let config = Config::from_env(data_dir)?;
            let state = AppState::open(config, launched)?;
            setup(app.handle(), state);
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("error: carnet could not start: {e}");
            std::process::exit(1);
        });
}
