//! The sync badge and screen: status, "sync now", enrolling this device.

use carnet_client::Remote;
use tauri::{AppHandle, Runtime, State};

use super::CmdResult;
use crate::events;
use crate::ipc::SyncState;
use crate::state::AppState;
use crate::sync_badge;

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> CmdResult<SyncState> {
    sync_badge::current(&state)
}

#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> CmdResult<SyncState> {
    if let Some(l) = state.sync_loop() {
        l.sync_now();
    }
    sync_badge::current(&state)
}

/// Enrolls this device with a server, given its address and the code the
/// supervisor got from `carnet-sync device enroll`, then syncs.
#[tauri::command]
pub async fn enroll_device<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    server: String,
    code: String,
) -> CmdResult<SyncState> {
    let remote = Remote::new(&server, &code)?;
    carnet_client::enroll(&state.store, &remote).await?;
    if let Some(l) = state.sync_loop() {
        l.sync_now();
    }
    events::local_write(&app, &state);
    sync_badge::current(&state)
}
