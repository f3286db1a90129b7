//! `carnet person`: the people of the team, with their role, the language
//! they read, and an optional 4-digit PIN for the shared tablet.
//!
//! Deliberately not here: the PIN itself is never printed nor stored (the
//! store keeps a salted hash), and nothing about a person's integration path.

use carnet_core::catalog::Person;
use carnet_core::roles::Action;
use carnet_core::values::Name;
use clap::Subcommand;

use crate::app::Context;
use crate::json::PersonJson;
use crate::output::{Output, Table};

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Adds a person
    Add {
        name: String,
        /// worker, team_leader or supervisor (French words accepted)
        #[arg(long, value_name = "R")]
        role: String,
        /// The language the person reads the app in: fr or en
        #[arg(long, value_name = "fr|en", default_value = "fr")]
        lang: String,
        /// A 4-digit PIN for the shared tablet
        #[arg(long, value_name = "1234")]
        pin: Option<String>,
    },
    /// Lists the people
    List,
}

pub fn run(ctx: &Context, cmd: PersonCommand) -> anyhow::Result<Output> {
    match cmd {
        PersonCommand::Add {
            name,
            role,
            lang,
            pin,
        } => {
            let name = Name::parse("person", &name)?;
            let role = role.parse()?;
            let lang = lang.parse()?;
            let mut store = ctx.open()?;
            let by = ctx.acting_person_who_may(&mut store, Action::EditCatalog)?;
            let person = store.add_person(by, name, role, lang, pin.as_deref())?;
            let json = PersonJson::from(&person);
            Output::pick(ctx.json, &json, || person.id.to_string())
        }
        PersonCommand::List => {
            let mut store = ctx.open()?;
            let mut people: Vec<&Person> = store.catalog()?.people.values().collect();
            people.sort_by_key(|p| p.name.folded());
            let json: Vec<PersonJson> = people.into_iter().map(Into::into).collect();
            Output::pick(ctx.json, &json, || {
                let mut table = Table::new(&["name", "role", "lang", "pin", "active", "id"]);
                for p in &json {
                    table.row(vec![
                        p.name.clone(),
                        p.role.clone(),
                        p.lang.clone(),
                        if p.has_pin { "yes" } else { "no" }.to_owned(),
                        if p.active { "yes" } else { "no" }.to_owned(),
                        p.id.clone(),
                    ]);
                }
                table.render()
            })
        }
    }
}
