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
use carnet_core::catalog::Catalog;
use carnet_core::words::Words;

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
    let words = ctx.words;
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
    let sheets = sheets(&catalog, &log, words);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for sheet in &sheets {
        let path = dir.join(format!("{}.csv", sheet.kind));
        write_sheet(&path, sheet, words)
            .with_context(|| format!("cannot write {}", path.display()))?;
        written.push(ExportedFileJson {
            kind: sheet.kind.to_owned(),
            path: path.display().to_string(),
            rows: sheet.rows.len(),
        });
    }
    Output::pick(ctx.json, &written, || {
        let mut table = Table::new(&[words.column("file"), words.column("rows")]).right(&[1]);
        for file in &written {
            table.row(vec![format!("{}.csv", file.kind), file.rows.to_string()]);
        }
        format!(
            "{}\n{}",
            words.wrote(&dir.display().to_string()),
            table.render()
        )
    })
}

/// Every sheet `export csv` writes, in the order written; the header test
/// walks the same list, so a new sheet cannot escape it.
fn sheets(catalog: &Catalog, log: &log_sheets::Log, words: Words) -> [Sheet; 10] {
    [
        catalog_sheets::zones(catalog, words),
        catalog_sheets::beds(catalog, words),
        catalog_sheets::families(catalog),
        catalog_sheets::crops(catalog, words),
        catalog_sheets::people(catalog, words),
        catalog_sheets::outlets(catalog, words),
        log_sheets::tasks(catalog, log, words),
        log_sheets::harvests(catalog, log, words),
        log_sheets::weighings(catalog, log, words),
        log_sheets::observations(catalog, log, words),
    ]
}

/// Through the writer the app's report uses too (carnet-store's
/// `csv_sheet`), with the headers in the reader's words.
fn write_sheet(path: &Path, sheet: &Sheet, words: Words) -> anyhow::Result<()> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let headers: Vec<&str> = sheet.headers.iter().map(|h| words.column(h)).collect();
    carnet_store::csv_sheet::write_csv(file, &headers, &sheet.rows)?;
    Ok(())
}

pub(super) fn yes(words: Words, flag: bool) -> String {
    words.yes_no(flag).to_owned()
}

pub(super) fn list(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use carnet_core::values::Lang;

    use super::*;

    /// A header added to a sheet without its French word would reach a
    /// French reader in English: every header of every sheet is known.
    #[test]
    fn every_sheet_header_has_a_word_in_the_readers_language() {
        let catalog = Catalog::default();
        let log = log_sheets::Log::from_records([]);
        let words = Words::new(Lang::Fr);
        let sheets = sheets(&catalog, &log, words);
        let unknown: Vec<String> = sheets
            .iter()
            .flat_map(|s| s.headers.iter().map(move |h| (s.kind, h)))
            .filter(|(_, h)| !Words::knows_column(h))
            .map(|(kind, h)| format!("{kind}: {h}"))
            .collect();
        assert!(unknown.is_empty(), "{unknown:?}");
    }
}
