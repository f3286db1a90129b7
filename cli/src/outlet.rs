//! `carnet outlet`: where harvests go by name (the school canteen, the
//! basket round, a partner farm), each of one destination kind.
//!
//! Deliberately not here: delivery notes (they are read from harvests).

use carnet_core::Error;
use carnet_core::catalog::{Outlet, OutletEdit};
use carnet_core::roles::Action;
use carnet_core::values::{DestinationKind, Name};
use clap::Subcommand;

use crate::app::Context;
use crate::json::OutletJson;
use crate::output::{Output, Table, said};

#[derive(Debug, Subcommand)]
pub enum OutletCommand {
    /// Adds an outlet
    Add {
        name: String,
        /// canteen, basket, partner, donation or loss
        #[arg(long, value_name = "KIND")]
        kind: String,
    },
    /// Renames an outlet or changes its kind
    Edit {
        name: String,
        /// Its new name
        #[arg(long = "name", value_name = "N")]
        new_name: Option<String>,
        /// canteen, basket, partner, donation or loss
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
    },
    /// Lists the outlets
    List,
}

pub(crate) fn run(ctx: &Context, cmd: OutletCommand) -> anyhow::Result<Output> {
    match cmd {
        OutletCommand::Add { name, kind } => {
            let name = Name::parse("outlet", &name)?;
            let kind = kind.parse()?;
            let mut store = ctx.open()?;
            let by = ctx.acting_person_who_may(&mut store, Action::EditCatalog)?;
            let outlet = store.add_outlet(by, name, kind)?;
            let json = OutletJson::from(&outlet);
            Output::pick(ctx.json, &json, || outlet.id.to_string())
        }
        OutletCommand::Edit {
            name,
            new_name,
            kind,
        } => {
            let edit = OutletEdit {
                name: new_name.map(|n| Name::parse("outlet", &n)).transpose()?,
                kind: kind.map(|k| k.parse()).transpose()?,
            };
            let mut store = ctx.open()?;
            let by = ctx.acting_person(&mut store)?;
            let id = store
                .catalog()?
                .outlet_by_name(&name)
                .map(|o| o.id)
                .ok_or_else(|| Error::not_found("outlet", name.trim()))?;
            let outlet = store.edit_outlet(by, id, edit)?;
            let json = OutletJson::from(&outlet);
            Output::pick(ctx.json, &json, || outlet.id.to_string())
        }
        OutletCommand::List => {
            let mut store = ctx.open()?;
            let mut outlets: Vec<&Outlet> = store.catalog()?.outlets.values().collect();
            outlets.sort_by_key(|o| o.name.folded());
            let json: Vec<OutletJson> = outlets.into_iter().map(Into::into).collect();
            Output::pick(ctx.json, &json, || {
                let words = ctx.words;
                let w = |code: &'static str| words.column(code);
                let mut table = Table::new(&[w("name"), w("kind"), w("retired"), w("id")]);
                for o in &json {
                    table.row(vec![
                        o.name.clone(),
                        said(&o.kind, DestinationKind::from_code, |k| {
                            words.destination_kind(k)
                        }),
                        if o.retired { w("retired") } else { "" }.to_owned(),
                        o.id.clone(),
                    ]);
                }
                table.render()
            })
        }
    }
}
