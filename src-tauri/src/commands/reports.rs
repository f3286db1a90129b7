//! Harvest reports for supervisors, and their CSV export to a folder.

use std::path::PathBuf;

use carnet_core::values::Lang;
use carnet_core::words::Words;
use chrono::NaiveDate;
use tauri::{AppHandle, Manager, Runtime, State};

use super::{Args, CmdResult};
use crate::csv;
use crate::ipc::{
    CommandError, ErrorCode, ErrorParams, ExportArgs, GroupBy, ReportArgs, ReportRow,
};
use crate::state::AppState;

type Report = (GroupBy, Option<NaiveDate>, Option<NaiveDate>);

#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn harvest_report(
    state: State<'_, AppState>,
    args: Args<ReportArgs>,
) -> CmdResult<Vec<ReportRow>> {
    let (group, from, to) = Report::try_from(args.0)?;
    let rows = state.store()?.harvest_report(group.into(), from, to)?;
    Ok(rows.iter().map(ReportRow::from).collect())
}

/// Writes the report as CSV into `folder`; returns the file's path.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn export_report_csv(
    state: State<'_, AppState>,
    args: Args<ExportArgs>,
) -> CmdResult<String> {
    let ExportArgs { report, folder } = args.0;
    let (group, from, to) = Report::try_from(report)?;
    let by = state.person()?;
    let mut store = state.store()?;
    // The reader's language, whoever recorded the harvests.
    let lang = store
        .catalog()?
        .people
        .get(&by)
        .map_or(Lang::Fr, |p| p.lang);
    let words = Words::new(lang);
    let rows = store.harvest_report(group.into(), from, to)?;
    drop(store);
    let rows: Vec<ReportRow> = rows.iter().map(ReportRow::from).collect();
    let path = PathBuf::from(folder.trim()).join(csv::file_name(group, from, to, words));
    std::fs::write(&path, csv::report(&rows, words)).map_err(|e| CommandError {
        params: Box::new(ErrorParams {
            path: Some(path.display().to_string()),
            ..Default::default()
        }),
        ..CommandError::new(
            ErrorCode::ExportFailed,
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    Ok(path.display().to_string())
}

/// Where exports go unless the supervisor picks another folder.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn default_export_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<String> {
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().document_dir())
        .unwrap_or_else(|_| state.config.data_dir.clone());
    Ok(dir.display().to_string())
}
