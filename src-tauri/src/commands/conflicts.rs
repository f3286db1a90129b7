//! Fields changed concurrently on two devices: see who wrote what, keep one.

use tauri::{AppHandle, Runtime, State};

use super::CmdResult;
use crate::events;
use crate::ipc::Conflict;
use crate::state::AppState;

#[tauri::command]
pub async fn list_conflicts(state: State<'_, AppState>) -> CmdResult<Vec<Conflict>> {
    Ok(state
        .store()
        .conflicts()?
        .iter()
        .map(Conflict::from)
        .collect())
}

#[tauri::command]
pub async fn resolve_conflict<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    document: String,
    record: String,
    field: String,
    value: String,
) -> CmdResult<()> {
    let by = state.person()?;
    state
        .store()
        .resolve_conflict(by, document.parse()?, &record, &field, &value)?;
    events::local_write(&app, &state);
    Ok(())
}
