//! `carnet harvest`: record a harvest bed by bed with its weighings (kg, g,
//! bunches, pieces, crates), list harvests with their kg, void a mistaken one,
//! correct the time of one stamped by a wrong tablet clock.
//!
//! Totals are computed from weighings through the crop's conversions; counts
//! without a conversion stay in their unit, never added to kg.
//!
//! Deliberately not here: editing a harvest (it is voided and recorded
//! again), and reports (see `report`).

use carnet_core::roles::Action;
use std::collections::HashMap;

use carnet_core::Error;
use carnet_core::harvests::NewHarvest;
use carnet_core::harvests::{Destination, Harvest, Weighing};
use carnet_core::ids::HarvestId;
use carnet_core::values::{
    BedCode, DestinationKind, Month, Name, Quantity, Unit, parse_decimal, parse_note,
};
use carnet_core::words::Words;
use clap::Subcommand;

use crate::app::{Context, RedateArgs, parse_time, person_who_may, record_id};
use crate::json::HarvestJson;
use crate::output::{Output, Table, decimal, kg, said};

#[derive(Debug, Subcommand)]
pub enum HarvestCommand {
    /// Records a harvest and its weighings
    Add {
        /// The bed it was picked on
        #[arg(long, value_name = "CODE")]
        bed: String,
        /// The crop's name
        #[arg(long, value_name = "NAME")]
        crop: String,
        /// One of the crop's varieties
        #[arg(long, value_name = "V")]
        variety: Option<String>,
        /// A weighing or count, e.g. `12,5kg`, `3 bunch`, `4` (in the crop's unit); repeatable
        #[arg(
            long = "weigh",
            value_name = "VALUE[UNIT]",
            required = true,
            allow_hyphen_values = true
        )]
        weighings: Vec<String>,
        /// The crate's weight in kg, taken off each weighing (kg or g only)
        #[arg(long, value_name = "KG", allow_hyphen_values = true)]
        tare: Option<String>,
        /// An outlet's name, or canteen, basket, partner, donation, loss [default: canteen]
        #[arg(long = "to", value_name = "DEST")]
        to: Option<String>,
        /// Who harvested (or weighed)
        #[arg(long, value_name = "NAME")]
        by: String,
        /// When it was picked, if not now: 2026-11-22T08:30 (local) or RFC 3339
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Anything worth keeping with the lot
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Lists harvests with their lot, bed, crop, kg and destination
    List {
        /// Only this month, e.g. 2026-11
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
    },
    /// Voids a harvest: it stays in the log, out of every total
    Void {
        /// The harvest's id, or its first 8 characters or more
        id: String,
        /// Who voids it
        #[arg(long, value_name = "NAME")]
        by: String,
        /// Why (kept with the harvest)
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Corrects the time of a harvest stamped by a wrong tablet clock
    /// (`carnet status` lists them); it then syncs in its right month
    Redate(RedateArgs),
}

pub(crate) fn run(ctx: &Context, cmd: HarvestCommand) -> anyhow::Result<Output> {
    match cmd {
        HarvestCommand::Add {
            bed,
            crop,
            variety,
            weighings,
            tare,
            to,
            by,
            at,
            note,
        } => {
            let code: BedCode = bed.parse()?;
            let at = at.map(|at| parse_time("at", &at)).transpose()?;
            let tare = tare.map(|t| parse_tare(&t)).transpose()?;
            let mut store = match at {
                Some(at) => ctx.open_at(at)?,
                None => ctx.open()?,
            };
            let by = person_who_may(&mut store, &by, Action::Harvest)?;
            let catalog = store.catalog()?;
            let bed = catalog.live_bed_by_code(&code)?.id;
            let crop = catalog.crop_by_name(&crop)?;
            let variety = variety
                .map(|v| catalog.variety_by_name(crop.id, &v).map(|v| v.id))
                .transpose()?;
            let weighings = weighings
                .iter()
                .map(|w| Ok((Quantity::parse(w, crop.default_unit)?, tare)))
                .collect::<Result<_, Error>>()?;
            let destination = match to {
                Some(to) => parse_destination(catalog, &to)?,
                None => Destination::Kind(DestinationKind::Canteen),
            };
            let input = NewHarvest {
                bed,
                crop: crop.id,
                variety,
                destination,
                note: parse_note("note", &note.unwrap_or_default())?,
                weighings,
            };
            let (harvest, weighings) = store.record_harvest(by, input)?;
            let json = HarvestJson::from((&harvest, weighings.as_slice(), store.catalog()?));
            Output::pick(ctx.json, &json, || harvest.id.to_string())
        }
        HarvestCommand::List { month } => {
            let range = month
                .map(|m| {
                    let month: Month = m.parse()?;
                    let last = month.next().first_day().pred_opt().expect("after 2000");
                    Ok::<_, Error>((month.first_day(), last))
                })
                .transpose()?;
            let mut store = ctx.open()?;
            let (harvests, weighings) =
                store.harvests_between(range.map(|r| r.0), range.map(|r| r.1))?;
            let json = list_json(&harvests, &weighings, store.catalog()?);
            Output::pick(ctx.json, &json, || list_text(&json, ctx.words))
        }
        HarvestCommand::Void { id, by, reason } => {
            let reason = Name::parse("reason", &reason)?;
            let mut store = ctx.open()?;
            let id = HarvestId(record_id(&store, "harvest", HarvestId::KIND, &id)?);
            let by = person_who_may(&mut store, &by, Action::Harvest)?;
            let harvest = store.void_harvest(by, id, reason)?;
            let (_, _, weighings) = store.harvest(id)?;
            let json = HarvestJson::from((&harvest, weighings.as_slice(), store.catalog()?));
            Output::pick(ctx.json, &json, || harvest.id.to_string())
        }
        HarvestCommand::Redate(args) => {
            let mut store = ctx.open()?;
            let (id, by, at) = args.parse(&mut store, "harvest", HarvestId::KIND)?;
            let id = HarvestId(id);
            let harvest = store.redate_harvest(by, id, at)?;
            let (_, _, weighings) = store.harvest(id)?;
            let json = HarvestJson::from((&harvest, weighings.as_slice(), store.catalog()?));
            Output::pick(ctx.json, &json, || harvest.id.to_string())
        }
    }
}

fn parse_tare(text: &str) -> Result<f64, Error> {
    let text = text.trim();
    let number = text.strip_suffix("kg").unwrap_or(text);
    parse_decimal(number)
        .ok_or_else(|| Error::invalid("tare", format!("`{text}` is not a weight in kg")))
}

/// An outlet by name, or a destination kind.
fn parse_destination(
    catalog: &carnet_core::catalog::Catalog,
    text: &str,
) -> Result<Destination, Error> {
    if let Some(outlet) = catalog.outlet_by_name(text) {
        return Ok(Destination::Outlet(outlet.id));
    }
    text.parse::<DestinationKind>()
        .map(Destination::Kind)
        .map_err(|_| {
            Error::invalid(
                "destination",
                format!(
                    "`{}` is neither an outlet nor one of canteen, basket, partner, donation, loss",
                    text.trim()
                ),
            )
        })
}

fn list_json(
    harvests: &[Harvest],
    weighings: &[Weighing],
    catalog: &carnet_core::catalog::Catalog,
) -> Vec<HarvestJson> {
    let mut by_harvest: HashMap<HarvestId, Vec<Weighing>> = HashMap::new();
    for w in weighings {
        by_harvest.entry(w.harvest).or_default().push(w.clone());
    }
    harvests
        .iter()
        .map(|h| {
            let mine = by_harvest.get(&h.id).map_or(&[][..], Vec::as_slice);
            (h, mine, catalog).into()
        })
        .collect()
}

fn list_text(harvests: &[HarvestJson], words: Words) -> String {
    let w = |code: &'static str| words.column(code);
    let mut table = Table::new(&[
        w("date"),
        w("lot"),
        w("bed"),
        w("crop"),
        w("kg"),
        w("counts"),
        w("destination"),
        w("voided"),
        w("id"),
    ])
    .right(&[4]);
    let voided = w("voided").to_uppercase();
    for h in harvests {
        let counts = h
            .unconverted
            .iter()
            .map(|(unit, v)| {
                let unit = said(unit, Unit::from_code, |u| words.unit(u));
                format!("{} {unit}", decimal(*v))
            })
            .collect::<Vec<_>>()
            .join(", ");
        // A destination kind is a code; an outlet's name is as typed.
        let destination = match h.outlet_id {
            Some(_) => h.destination.clone(),
            None => said(&h.destination, DestinationKind::from_code, |d| {
                words.destination_kind(d)
            }),
        };
        table.row(vec![
            h.date.clone(),
            h.lot.clone(),
            h.bed.clone(),
            h.crop.clone(),
            kg(h.total_kg),
            counts,
            destination,
            if h.voided { voided.as_str() } else { "" }.to_owned(),
            h.id.clone(),
        ]);
    }
    table.render()
}
