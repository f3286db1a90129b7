//! `export csv`: one file per kind of record, ready for LibreOffice.
//!
//! UTF-8 without BOM, a header row, commas with RFC 4180 quoting, `.` as the
//! decimal point, ISO dates and RFC 3339 times, one record per line (line
//! breaks inside notes become spaces). Where a person reads a reference, the
//! name (bed code, crop, person) stands beside the id. Lists inside a cell
//! are separated by `; `. PIN hashes are never exported.

use std::path::Path;

use anyhow::Context as _;

use super::{catalog_sheets, log_sheets};
use crate::app::Context;
use crate::json::ExportedFileJson;
use crate::output::{Output, Table};

/// One CSV file: its header and rows, in the order written.
pub(super) struct Sheet {
    pub kind: &'static str,
    pub headers: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

pub(super) fn export_csv(ctx: &Context, dir: &Path) -> anyhow::Result<Output> {
    let mut store = ctx.open()?;
    let catalog = store.catalog()?.clone();
    let log = log_sheets::Log::from_records(
        store
            .records_of_type("task")?
            .into_iter()
            .chain(store.records_of_type("harvest")?)
            .chain(store.records_of_type("weighing")?)
            .chain(store.records_of_type("observation")?),
    );
    let sheets = [
        catalog_sheets::zones(&catalog),
        catalog_sheets::beds(&catalog),
        catalog_sheets::families(&catalog),
        catalog_sheets::crops(&catalog),
        catalog_sheets::people(&catalog),
        catalog_sheets::outlets(&catalog),
        log_sheets::tasks(&catalog, &log),
        log_sheets::harvests(&catalog, &log),
        log_sheets::weighings(&catalog, &log),
        log_sheets::observations(&catalog, &log),
    ];
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for sheet in &sheets {
        let path = dir.join(format!("{}.csv", sheet.kind));
        write_sheet(&path, sheet).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(ExportedFileJson {
            kind: sheet.kind.to_owned(),
            path: path.display().to_string(),
            rows: sheet.rows.len(),
        });
    }
    Output::pick(ctx.json, &written, || {
        let mut table = Table::new(&["file", "rows"]).right(&[1]);
        for file in &written {
            table.row(vec![format!("{}.csv", file.kind), file.rows.to_string()]);
        }
        format!("wrote {}\n{}", dir.display(), table.render())
    })
}

/// Through the writer the app's report uses too (carnet-store's
/// `csv_sheet`).
fn write_sheet(path: &Path, sheet: &Sheet) -> anyhow::Result<()> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    carnet_store::csv_sheet::write_csv(file, sheet.headers, &sheet.rows)?;
    Ok(())
}

pub(super) fn yes(flag: bool) -> String {
    flag.to_string()
}

pub(super) fn list(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join("; ")
}
