//! The launch benchmark's probe: the interface says when its first screen
//! shows its data; with CARNET_LAUNCH_TIMING the time since launch is
//! appended to that file (and the app quits with CARNET_EXIT_WHEN_READY).

use std::io::Write;

use tauri::{AppHandle, Runtime, State};

use super::{Args, CmdResult};
use crate::ipc::ScreenReady;
use crate::state::AppState;

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn screen_ready<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<ScreenReady>,
) -> CmdResult<()> {
    let screen = args.0.screen;
    let Some(path) = &state.config.launch_timing else {
        return Ok(());
    };
    let ms = state.launched.elapsed().as_secs_f64() * 1000.0;
    let line = format!("{screen}\t{ms:.1}\n");
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        tracing::warn!(error = %e, "cannot write the launch timing");
    }
    if state.config.exit_when_ready {
        app.exit(0);
    }
    Ok(())
}
