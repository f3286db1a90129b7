//! Spreadsheets in and out: `export csv` writes one UTF-8 CSV per kind of
//! record for LibreOffice, canteens and funders; `import beds` and `import
//! crops` read the supervisor's sheet, all rows or none.
//!
//! Deliberately not here: any other format, and importing records that
//! people enter one by one in the field (tasks, harvests, observations).

mod catalog_sheets;
mod export;
mod import;
mod log_sheets;

use std::path::PathBuf;

use clap::Subcommand;

use crate::app::Context;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// One CSV file per kind of record, with a header row
    Csv {
        /// The folder to write into (created if needed; files are replaced)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Beds from a CSV: code, zone, length, width (or planche, îlot, longueur, largeur)
    Beds { file: PathBuf },
    /// Crops from a CSV: name, family, unit [, kg_per_bunch, kg_per_piece, kg_per_crate]
    /// (or nom, famille, unité, kg_par_botte, kg_par_pièce, kg_par_caisse)
    Crops { file: PathBuf },
}

pub(crate) fn export(ctx: &Context, cmd: ExportCommand) -> anyhow::Result<Output> {
    match cmd {
        ExportCommand::Csv { out } => export::export_csv(ctx, &out),
    }
}

pub(crate) fn import(ctx: &Context, cmd: ImportCommand) -> anyhow::Result<Output> {
    match cmd {
        ImportCommand::Beds { file } => import::import_beds(ctx, &file),
        ImportCommand::Crops { file } => import::import_crops(ctx, &file),
    }
}
