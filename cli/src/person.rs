//! `carnet person`: the people of the team, with their role, the language
//! they read, and an optional 4-digit PIN for the shared tablet.
//!
//! Deliberately not here: the PIN itself is never printed nor stored (the
//! store keeps a salted hash), and nothing about a person's integration path.

use carnet_core::catalog::Person;
use carnet_core::roles::Action;
use carnet_core::values::{Name, Role};
use carnet_store::PersonChange;
use clap::Subcommand;

use crate::app::Context;
use crate::json::PersonJson;
use crate::output::{Output, Table, said};

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
    /// Changes a person: only the fields given are written
    Edit {
        /// The person's name (an inactive person is found too)
        name: String,
        #[arg(long, value_name = "R")]
        role: Option<String>,
        #[arg(long, value_name = "fr|en")]
        lang: Option<String>,
        /// A new 4-digit PIN
        #[arg(long, value_name = "1234", conflicts_with = "no_pin")]
        pin: Option<String>,
        /// Removes the PIN
        #[arg(long)]
        no_pin: bool,
        /// The person left: off the tablet's picker and the crew choices,
        /// still on every record they made
        #[arg(long, conflicts_with = "active")]
        inactive: bool,
        /// The person is back
        #[arg(long)]
        active: bool,
    },
    /// Lists the people
    List,
}

pub(crate) fn run(ctx: &Context, cmd: PersonCommand) -> anyhow::Result<Output> {
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
        PersonCommand::Edit {
            name,
            role,
            lang,
            pin,
            no_pin,
            inactive,
            active,
        } => {
            let change = PersonChange {
                role: role.map(|r| r.parse()).transpose()?,
                lang: lang.map(|l| l.parse()).transpose()?,
                pin: if no_pin { Some(None) } else { pin.map(Some) },
                active: match (active, inactive) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
            };
            let mut store = ctx.open()?;
            let by = ctx.acting_person(&mut store)?;
            let id = store.catalog()?.anyone_by_name(&name)?.id;
            let person = store.edit_person(by, id, change)?;
            let json = PersonJson::from(&person);
            Output::pick(ctx.json, &json, || person.id.to_string())
        }
        PersonCommand::List => {
            let mut store = ctx.open()?;
            let mut people: Vec<&Person> = store.catalog()?.people.values().collect();
            people.sort_by_key(|p| p.name.folded());
            let json: Vec<PersonJson> = people.into_iter().map(Into::into).collect();
            Output::pick(ctx.json, &json, || {
                let words = ctx.words;
                let w = |code: &'static str| words.column(code);
                let mut table = Table::new(&[
                    w("name"),
                    w("role"),
                    w("lang"),
                    w("pin"),
                    w("active"),
                    w("id"),
                ]);
                for p in &json {
                    table.row(vec![
                        p.name.clone(),
                        said(&p.role, Role::from_code, |r| words.role(r)),
                        p.lang.clone(),
                        words.yes_no(p.has_pin).to_owned(),
                        words.yes_no(p.active).to_owned(),
                        p.id.clone(),
                    ]);
                }
                table.render()
            })
        }
    }
}
