//! The sync badge and screen: status, "sync now", enrolling this device.

use carnet_client::Remote;
use tauri::{AppHandle, Runtime, State};

use super::CmdResult;
use crate::events;
use crate::ipc::{CommandError, SyncState};
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
    let store = state.store.clone();
    // Enrolling holds the store while it asks the server (at most 10 s):
    // on a blocking thread, so the lock never crosses an await of this task.
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tauri::async_runtime::block_on(carnet_client::enroll(&mut guard, &remote))
    })
    .await
    .map_err(|e| CommandError::new("internal", e.to_string()))??;
    if let Some(l) = state.sync_loop() {
        l.sync_now();
    }
    events::local_write(&app, &state);
    sync_badge::current(&state)
}
