//! `carnet observe` records what someone saw on one or more beds (a pest, a
//! disease, dry soil), and `carnet observation list` reads them back.
//!
//! `carnet observation redate` corrects the time of one stamped by a wrong
//! tablet clock.
//!
//! Deliberately not here: pictures (the app attaches them), and correcting
//! what an observation says (a correction is a new observation).

use carnet_core::roles::Action;
use std::collections::BTreeSet;

use carnet_core::Error;
use carnet_core::observations::NewObservation;
use carnet_core::values::{BedCode, ObservationKind, Severity, parse_note, parse_tag};
use clap::{Args, Subcommand};

use crate::app::{Context, RedateArgs, person_who_may};
use crate::json::ObservationJson;
use crate::output::{Output, Table, said};
use carnet_core::ids::ObservationId;

#[derive(Debug, Args)]
pub struct ObserveArgs {
    /// The bed(s) it was seen on
    #[arg(long = "bed", value_name = "CODE", required = true, num_args = 1..)]
    beds: Vec<String>,
    /// pest, disease, weeds, water, growth, soil, biodiversity, weather_damage, other
    #[arg(long, value_name = "K")]
    kind: String,
    /// 0 (noted) to 3 (act now)
    #[arg(
        long,
        value_name = "N",
        default_value = "0",
        allow_hyphen_values = true
    )]
    severity: String,
    /// What was seen
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// A tag (repeatable)
    #[arg(long = "tag", value_name = "T")]
    tags: Vec<String>,
    /// Who saw it
    #[arg(long, value_name = "NAME")]
    by: String,
}

#[derive(Debug, Subcommand)]
pub enum ObservationCommand {
    /// Lists observations, oldest first
    List {
        /// Only those on this bed
        #[arg(long, value_name = "CODE")]
        bed: Option<String>,
    },
    /// Corrects the time of an observation stamped by a wrong tablet clock
    /// (`carnet status` lists them); it then syncs in its right month
    Redate(RedateArgs),
}

pub(crate) fn observe(ctx: &Context, args: ObserveArgs) -> anyhow::Result<Output> {
    let codes: Vec<BedCode> = args
        .beds
        .iter()
        .map(|b| b.parse())
        .collect::<Result<_, _>>()?;
    let kind: ObservationKind = args.kind.parse()?;
    let severity = parse_severity(&args.severity)?;
    let tags = args
        .tags
        .iter()
        .map(|t| parse_tag(t))
        .collect::<Result<BTreeSet<_>, _>>()?;
    let mut store = ctx.open()?;
    let by = person_who_may(&mut store, &args.by, Action::Observe)?;
    let catalog = store.catalog()?;
    let beds = codes
        .iter()
        .map(|code| catalog.live_bed_by_code(code).map(|b| b.id))
        .collect::<Result<_, _>>()?;
    let new = NewObservation {
        beds,
        kind,
        severity,
        note: parse_note("note", &args.note.unwrap_or_default())?,
        tags,
    };
    let observation = store.record_observation(by, new)?;
    let json = ObservationJson::from((&observation, store.catalog()?));
    Output::pick(ctx.json, &json, || observation.id.to_string())
}

pub(crate) fn run(ctx: &Context, cmd: ObservationCommand) -> anyhow::Result<Output> {
    match cmd {
        ObservationCommand::Redate(args) => {
            let mut store = ctx.open()?;
            let (id, by, at) = args.parse(&mut store, "observation", ObservationId::KIND)?;
            let id = ObservationId(id);
            let observation = store.redate_observation(by, id, at)?;
            let json = ObservationJson::from((&observation, store.catalog()?));
            Output::pick(ctx.json, &json, || observation.id.to_string())
        }
        ObservationCommand::List { bed } => {
            let code: Option<BedCode> = bed.map(|b| b.parse()).transpose()?;
            let mut store = ctx.open()?;
            let bed = match code {
                Some(code) => Some(store.catalog()?.bed_by_code(&code)?.id),
                None => None,
            };
            let observations = store.observations(bed)?;
            let catalog = store.catalog()?;
            let json: Vec<ObservationJson> =
                observations.iter().map(|o| (o, catalog).into()).collect();
            Output::pick(ctx.json, &json, || {
                let words = ctx.words;
                let w = |code: &'static str| words.column(code);
                let mut table = Table::new(&[
                    w("date"),
                    w("kind"),
                    w("severity"),
                    w("beds"),
                    w("tags"),
                    w("note"),
                    w("by"),
                    w("id"),
                ])
                .right(&[2]);
                for o in &json {
                    table.row(vec![
                        o.date.clone(),
                        said(&o.kind, ObservationKind::from_code, |k| {
                            words.observation_kind(k)
                        }),
                        o.severity.to_string(),
                        o.beds.join(" "),
                        o.tags.iter().cloned().collect::<Vec<_>>().join(", "),
                        o.note.replace(['\n', '\r'], " "),
                        o.by.clone(),
                        o.id.clone(),
                    ]);
                }
                table.render()
            })
        }
    }
}

fn parse_severity(text: &str) -> Result<Severity, Error> {
    let value = text.trim().parse::<i64>().map_err(|_| {
        Error::invalid(
            "severity",
            format!("`{}` is not a number from 0 to 3", text.trim()),
        )
    })?;
    Severity::new(value)
}
