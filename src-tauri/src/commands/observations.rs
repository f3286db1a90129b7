//! Observations on beds: kind, severity, an optional note and tags.

use carnet_core::observations::NewObservation;
use carnet_core::roles::Action;
use tauri::{AppHandle, Runtime, State};

use super::{Args, CmdResult};
use crate::events;
use crate::ipc::ObservationInput;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn record_observation<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<ObservationInput>,
) -> CmdResult<String> {
    let new = NewObservation::try_from(args.0)?;
    let by = state.person_who_may(Action::Observe)?;
    let observation = state.store()?.record_observation(by, new)?;
    events::local_write(&app, &state);
    Ok(observation.id.to_string())
}
