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

/// The command list, shared by the app and the tests' mock app.
pub fn handlers<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    use commands::*;
    tauri::generate_handler![
        farm::get_setup,
        farm::create_farm,
        farm::load_demo,
        people::list_people,
        people::switch_person,
        people::current_person,
        people::permissions,
        people::leave_person,
        people::set_language,
        people::add_person,
        catalog::get_catalog,
        catalog::bed_states,
        catalog::bed_history,
        catalog::add_bed,
        catalog::retire_bed,
        catalog::add_crop,
        catalog::add_outlet,
        tasks::day_tasks,
        tasks::complete_task,
        tasks::reopen_task,
        tasks::abandon_task,
        tasks::add_task,
        harvests::record_harvest,
        harvests::day_harvest_totals,
        observations::record_observation,
        reports::harvest_report,
        reports::export_report_csv,
        reports::default_export_folder,
        conflicts::list_conflicts,
        conflicts::resolve_conflict,
        sync::sync_status,
        sync::sync_now,
        sync::enroll_device,
        launch::screen_ready,
    ]
}

/// Manages the state and starts the sync loop: the part of the set-up the
/// real app and the tests' mock app share.
pub fn setup<R: Runtime>(app: &tauri::AppHandle<R>, state: AppState) {
    app.manage(state);
    events::start_sync(app);
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
