//! Observations on beds: kind, severity, an optional note and tags.

use std::collections::BTreeSet;

use carnet_core::ids::BedId;
use carnet_core::observations::NewObservation;
use carnet_core::roles::Action;
use carnet_core::values::{Severity, parse_note, parse_tag};
use tauri::{AppHandle, Runtime, State};

use super::{CmdResult, ids};
use crate::events;
use crate::ipc::ObservationInput;
use crate::state::AppState;

#[tauri::command]
pub async fn record_observation<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: ObservationInput,
) -> CmdResult<String> {
    let by = state.person_who_may(Action::Observe)?;
    let new = NewObservation {
        beds: ids::<BedId>(&input.bed_ids)?,
        kind: input.kind.into(),
        severity: Severity::new(i64::from(input.severity))?,
        note: parse_note("note", &input.note)?,
        tags: input
            .tags
            .iter()
            .map(|t| parse_tag(t))
            .collect::<carnet_core::Result<BTreeSet<_>>>()?,
    };
    let observation = state.store().record_observation(by, new)?;
    events::local_write(&app, &state);
    Ok(observation.id.to_string())
}
