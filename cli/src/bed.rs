//! `carnet bed`: the farm's permanent beds (add, list, retire) and what
//! happened on one of them (history).
//!
//! Deliberately not here: importing many beds from a spreadsheet (see
//! `csv_io`), and removing a bed (beds are retired, never removed, because
//! records point to them).

use carnet_core::catalog::Bed;
use carnet_core::history::HistoryLine;
use carnet_core::roles::Action;
use carnet_core::values::{BedCode, Metres, Name};
use carnet_core::words::Words;
use carnet_store::{BedChange, BedInput};
use clap::Subcommand;

use crate::app::Context;
use crate::json::{BedJson, HistoryEntryJson};
use crate::output::{Output, Table, decimal, kg};

#[derive(Debug, Subcommand)]
pub enum BedCommand {
    /// Adds a bed; its zone is created if new
    Add {
        /// The code painted on the bed, e.g. A-07
        code: String,
        /// The zone (îlot) the bed is in
        #[arg(long, value_name = "Z")]
        zone: String,
        /// Length in metres (`30`, `0,8` or `0.8`)
        #[arg(long, value_name = "M", allow_hyphen_values = true)]
        length: String,
        /// Width in metres
        #[arg(long, value_name = "M", allow_hyphen_values = true)]
        width: String,
    },
    /// Corrects a bed's size or zone: only the ones given change
    Edit {
        code: String,
        /// Length in metres
        #[arg(long, value_name = "M", allow_hyphen_values = true)]
        length: Option<String>,
        /// Width in metres
        #[arg(long, value_name = "M", allow_hyphen_values = true)]
        width: Option<String>,
        /// The zone (îlot) the bed is in; created if new
        #[arg(long, value_name = "Z")]
        zone: Option<String>,
    },
    /// Lists the beds, retired ones marked
    List,
    /// Retires a bed: it stays in the records, new ones cannot use it
    Retire { code: String },
    /// Everything that happened on a bed, newest first
    History { code: String },
}

pub(crate) fn run(ctx: &Context, cmd: BedCommand) -> anyhow::Result<Output> {
    match cmd {
        BedCommand::Add {
            code,
            zone,
            length,
            width,
        } => {
            let input = BedInput {
                code: code.parse()?,
                zone: Name::parse("zone", &zone)?,
                length: Metres::parse("length", &length)?,
                width: Metres::parse("width", &width)?,
            };
            let mut store = ctx.open()?;
            let by = ctx.acting_person_who_may(&mut store, Action::EditCatalog)?;
            let bed = store.add_beds(by, vec![input])?.remove(0);
            let json = BedJson::from((&bed, store.catalog()?));
            Output::pick(ctx.json, &json, || bed.id.to_string())
        }
        BedCommand::Edit {
            code,
            length,
            width,
            zone,
        } => {
            let code: BedCode = code.parse()?;
            let change = BedChange {
                length: length.map(|l| Metres::parse("length", &l)).transpose()?,
                width: width.map(|w| Metres::parse("width", &w)).transpose()?,
                zone: zone.map(|z| Name::parse("zone", &z)).transpose()?,
            };
            let mut store = ctx.open()?;
            let by = ctx.acting_person(&mut store)?;
            let bed = store.edit_bed(by, &code, change)?;
            let json = BedJson::from((&bed, store.catalog()?));
            Output::pick(ctx.json, &json, || bed.id.to_string())
        }
        BedCommand::List => {
            let mut store = ctx.open()?;
            let catalog = store.catalog()?;
            let mut beds: Vec<&Bed> = catalog.beds.values().collect();
            beds.sort_by(|a, b| a.code.cmp(&b.code));
            let json: Vec<BedJson> = beds.iter().map(|b| (*b, catalog).into()).collect();
            Output::pick(ctx.json, &json, || {
                let w = |code: &'static str| ctx.words.column(code);
                let mut table = Table::new(&[
                    w("code"),
                    w("zone"),
                    w("length m"),
                    w("width m"),
                    w("area m²"),
                    w("retired"),
                    w("id"),
                ])
                .right(&[2, 3, 4]);
                for bed in &json {
                    table.row(vec![
                        bed.code.clone(),
                        bed.zone.clone(),
                        decimal(bed.length_m),
                        decimal(bed.width_m),
                        decimal(bed.area_m2),
                        if bed.retired { w("retired") } else { "" }.to_owned(),
                        bed.id.clone(),
                    ]);
                }
                table.render()
            })
        }
        BedCommand::Retire { code } => {
            let code: BedCode = code.parse()?;
            let mut store = ctx.open()?;
            let by = ctx.acting_person_who_may(&mut store, Action::EditCatalog)?;
            let bed = store.retire_bed(by, &code)?;
            let json = BedJson::from((&bed, store.catalog()?));
            Output::pick(ctx.json, &json, || bed.id.to_string())
        }
        BedCommand::History { code } => {
            let code: BedCode = code.parse()?;
            let mut store = ctx.open()?;
            let bed = store.catalog()?.bed_by_code(&code)?.id;
            let entries = store.bed_history(bed)?;
            let json: Vec<HistoryEntryJson> = entries.iter().map(Into::into).collect();
            Output::pick(ctx.json, &json, || {
                let words = ctx.words;
                let w = |code: &'static str| words.column(code);
                let mut table = Table::new(&[w("date"), w("what"), w("summary"), w("id")]);
                for e in &entries {
                    table.row(vec![
                        e.date.to_string(),
                        w(e.line.what()).to_owned(),
                        history_summary(&e.line, words),
                        e.id.to_string(),
                    ]);
                }
                table.render()
            })
        }
    }
}

/// A history line in the reader's words; the texts people typed (titles,
/// notes, crop names) as typed.
fn history_summary(line: &HistoryLine, words: Words) -> String {
    match line {
        HistoryLine::Task {
            title,
            kind,
            state,
            reason,
            note,
        } => {
            let mut text = format!(
                "{title} ({}, {}",
                words.task_kind(*kind),
                words.task_state(*state)
            );
            if let Some(reason) = reason {
                text.push_str(&format!(": {}", words.abandon_reason(*reason)));
            }
            if let Some(note) = note {
                text.push_str(&format!(", {note}"));
            }
            text.push(')');
            text
        }
        HistoryLine::Harvest {
            crop,
            kg: weight,
            lot,
            voided,
        } => {
            let mut text = format!("{crop} {} kg, {} {lot}", kg(*weight), words.column("lot"));
            if *voided {
                text.push_str(&format!(" [{}]", words.column("voided")));
            }
            text
        }
        HistoryLine::Observation {
            kind,
            severity,
            note,
        } => format!(
            "{}, {} {severity}: {note}",
            words.observation_kind(*kind),
            words.column("severity")
        ),
    }
}
