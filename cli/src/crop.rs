//! `carnet crop`: crops, their family, the unit they are usually harvested
//! in, and their kg conversions (a bunch of radish weighs 0.35 kg).
//!
//! Deliberately not here: importing crops from a spreadsheet (see `csv_io`).

use carnet_core::roles::Action;
use std::collections::BTreeMap;

use carnet_core::Error;
use carnet_core::catalog::{Crop, CropEdit};
use carnet_core::values::{KgFactor, Name, Unit, parse_decimal, parse_kg_factor};
use carnet_store::CropInput;
use clap::Subcommand;

use crate::app::Context;
use crate::json::CropJson;
use crate::output::{Output, Table, decimal, said};

#[derive(Debug, Subcommand)]
pub enum CropCommand {
    /// Adds a crop; its family is created if new
    Add {
        name: String,
        /// The botanical family (drives rotation)
        #[arg(long, value_name = "F")]
        family: String,
        /// The unit it is usually harvested in: kg, g, bunch, piece, crate
        #[arg(long, value_name = "U")]
        unit: String,
        /// kg per bunch, piece or crate, e.g. `bunch=0.35` (repeatable)
        #[arg(long = "kg-per", value_name = "UNIT=FACTOR")]
        kg_per: Vec<String>,
    },
    /// Corrects a crop's unit or conversions: only the ones given change
    Edit {
        name: String,
        /// The unit it is usually harvested in: kg, g, bunch, piece, crate
        #[arg(long, value_name = "U")]
        unit: Option<String>,
        /// kg per bunch, piece or crate, e.g. `bunch=0.35` (repeatable)
        #[arg(long = "kg-per", value_name = "UNIT=FACTOR")]
        kg_per: Vec<String>,
    },
    /// Lists the crops and their conversions
    List,
}

pub(crate) fn run(ctx: &Context, cmd: CropCommand) -> anyhow::Result<Output> {
    match cmd {
        CropCommand::Add {
            name,
            family,
            unit,
            kg_per,
        } => {
            let mut factors = BTreeMap::new();
            for text in &kg_per {
                let (unit, factor) = parse_conversion(text)?;
                factors.insert(unit, factor);
            }
            let input = CropInput {
                name: Name::parse("crop", &name)?,
                family: Name::parse("family", &family)?,
                default_unit: unit.parse()?,
                kg_per: factors,
            };
            let mut store = ctx.open()?;
            let by = ctx.acting_person_who_may(&mut store, Action::EditCatalog)?;
            let crop = store.add_crops(by, vec![input])?.remove(0);
            let json = CropJson::from((&crop, store.catalog()?));
            Output::pick(ctx.json, &json, || crop.id.to_string())
        }
        CropCommand::Edit { name, unit, kg_per } => {
            let mut edit = CropEdit {
                default_unit: unit.map(|u| u.parse()).transpose()?,
                kg_per: BTreeMap::new(),
            };
            for text in &kg_per {
                let (unit, factor) = parse_conversion(text)?;
                edit.kg_per.insert(unit, factor);
            }
            let mut store = ctx.open()?;
            let by = ctx.acting_person(&mut store)?;
            let id = store.catalog()?.crop_by_name(&name)?.id;
            let crop = store.edit_crop(by, id, edit)?;
            let json = CropJson::from((&crop, store.catalog()?));
            Output::pick(ctx.json, &json, || crop.id.to_string())
        }
        CropCommand::List => {
            let mut store = ctx.open()?;
            let catalog = store.catalog()?;
            let mut crops: Vec<&Crop> = catalog.crops.values().collect();
            crops.sort_by_key(|c| c.name.folded());
            let json: Vec<CropJson> = crops.iter().map(|c| (*c, catalog).into()).collect();
            Output::pick(ctx.json, &json, || {
                let words = ctx.words;
                let w = |code: &'static str| words.column(code);
                let unit = |code: &str| said(code, Unit::from_code, |u| words.unit(u));
                let mut table = Table::new(&[
                    w("name"),
                    w("family"),
                    w("unit"),
                    w("conversions"),
                    w("retired"),
                    w("id"),
                ]);
                for crop in &json {
                    let conversions = crop
                        .kg_per
                        .iter()
                        .map(|(u, kg)| format!("{} kg/{}", decimal(*kg), unit(u)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    table.row(vec![
                        crop.name.clone(),
                        crop.family.clone(),
                        unit(&crop.unit),
                        conversions,
                        if crop.retired { w("retired") } else { "" }.to_owned(),
                        crop.id.clone(),
                    ]);
                }
                table.render()
            })
        }
    }
}

/// Parses `bunch=0.35` (or `botte=0,35`).
fn parse_conversion(text: &str) -> Result<(Unit, KgFactor), Error> {
    let bad = || {
        Error::invalid(
            "conversion",
            format!("`{text}` is not UNIT=FACTOR like bunch=0.35"),
        )
    };
    let (unit, factor) = text.split_once('=').ok_or_else(bad)?;
    let unit: Unit = unit.parse()?;
    let factor = parse_decimal(factor).ok_or_else(bad)?;
    Ok((unit, parse_kg_factor(unit, factor)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_read_french_decimals_and_refuse_masses() {
        let (unit, factor) = parse_conversion("botte=0,35").unwrap();
        assert_eq!((unit, factor.get()), (Unit::Bunch, 0.35));
        assert_eq!(
            parse_conversion("bunch").unwrap_err().to_string(),
            "conversion: `bunch` is not UNIT=FACTOR like bunch=0.35"
        );
        assert_eq!(
            parse_conversion("kg=2").unwrap_err().to_string(),
            "conversion: kg is a mass: it needs no conversion to kg"
        );
    }
}
