//! Harvest reports for supervisors, and their CSV export to a folder.

use std::path::PathBuf;

use carnet_core::values::Lang;
use carnet_core::words::Words;
use tauri::{AppHandle, Manager, Runtime, State};

use super::{CmdResult, date};
use crate::csv;
use crate::ipc::{CommandError, GroupBy, ReportRow};
use crate::state::AppState;

fn range(
    from: Option<String>,
    to: Option<String>,
) -> CmdResult<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)> {
    Ok((
        from.filter(|f| !f.is_empty())
            .map(|f| date("from", &f))
            .transpose()?,
        to.filter(|t| !t.is_empty())
            .map(|t| date("to", &t))
            .transpose()?,
    ))
}

#[tauri::command]
pub async fn harvest_report(
    state: State<'_, AppState>,
    group: GroupBy,
    from: Option<String>,
    to: Option<String>,
) -> CmdResult<Vec<ReportRow>> {
    let (from, to) = range(from, to)?;
    let rows = state.store().harvest_report(group.into(), from, to)?;
    Ok(rows.iter().map(ReportRow::from).collect())
}

/// Writes the report as CSV into `folder`; returns the file's path.
#[tauri::command]
pub async fn export_report_csv(
    state: State<'_, AppState>,
    group: GroupBy,
    from: Option<String>,
    to: Option<String>,
    folder: String,
) -> CmdResult<String> {
    let (from_d, to_d) = range(from, to)?;
    let by = state.person()?;
    let mut store = state.store();
    // The reader's language, whoever recorded the harvests.
    let lang = store
        .catalog()?
        .people
        .get(&by)
        .map_or(Lang::Fr, |p| p.lang);
    let words = Words::new(lang);
    let rows = store.harvest_report(group.into(), from_d, to_d)?;
    drop(store);
    let rows: Vec<ReportRow> = rows.iter().map(ReportRow::from).collect();
    let path = PathBuf::from(folder.trim()).join(csv::file_name(group, from_d, to_d, words));
    std::fs::write(&path, csv::report(&rows, words)).map_err(|e| {
        CommandError::new(
            "export_failed",
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    Ok(path.display().to_string())
}

/// Where exports go unless the supervisor picks another folder.
#[tauri::command]
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
