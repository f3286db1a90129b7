//! The sync badge and screen: status, "sync now", enrolling this device.

use carnet_client::Remote;
use tauri::{AppHandle, Runtime, State};

use super::{Args, CmdResult};
use crate::events;
use crate::ipc::{EnrollDevice, SyncState};
use crate::state::AppState;
use crate::sync_badge;

#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn sync_status(state: State<'_, AppState>) -> CmdResult<SyncState> {
    sync_badge::current(&state)
}

#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn sync_now(state: State<'_, AppState>) -> CmdResult<SyncState> {
    if let Some(l) = state.sync_loop() {
        l.sync_now();
    }
    sync_badge::current(&state)
}

/// Enrolls this device with a server, given its address and the code the
/// supervisor got from `carnet-sync device enroll`, then syncs.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn enroll_device<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<EnrollDevice>,
) -> CmdResult<SyncState> {
    let remote = Remote::try_from(args.0)?;
    let store = state.shared_store()?;
    carnet_client::enroll(&store, &remote).await?;
    if let Some(l) = state.sync_loop() {
        l.sync_now();
    }
    events::local_write(&app, &state);
    sync_badge::current(&state)
}
