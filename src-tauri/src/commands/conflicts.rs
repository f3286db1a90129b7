//! Fields changed concurrently on two devices: see who wrote what, keep one.

use carnet_core::roles::Action;
use tauri::{AppHandle, Runtime, State};

use super::{Args, CmdResult};
use crate::events;
use crate::ipc::{CommandError, Conflict, ResolveConflict};
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn list_conflicts(state: State<'_, AppState>) -> CmdResult<Vec<Conflict>> {
    Ok(state
        .store()?
        .conflicts()?
        .iter()
        .map(Conflict::from)
        .collect())
}

/// Keeps `value` for `field` of `record`. The record names its document
/// (the conflict's `document` is a label for people, not an id).
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn resolve_conflict<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<ResolveConflict>,
) -> CmdResult<()> {
    let ResolveConflict {
        record,
        field,
        value,
    } = args.0;
    let by = state.person_who_may(Action::ResolveConflict)?;
    {
        let mut store = state.store()?;
        let document = store.document_of(&record)?.ok_or_else(|| {
            CommandError::from(carnet_core::Error::not_found("record", record.clone()))
        })?;
        store.resolve_conflict(by, document, &record, &field, &value)?;
    }
    events::local_write(&app, &state);
    Ok(())
}
