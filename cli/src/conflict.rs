//! `carnet conflicts`: the fields two devices changed at once, each value
//! with who wrote it, from which device and when; `conflicts resolve` keeps
//! one of them.
//!
//! Nothing is ever overwritten silently: until a person resolves it, every
//! concurrent value stays in the document and in this list.

use carnet_core::Error;
use clap::{Args, Subcommand};

use crate::app::{Context, person_id};
use crate::json::{ConflictJson, ResolvedJson};
use crate::output::Output;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ConflictsArgs {
    #[command(subcommand)]
    action: Option<ConflictAction>,
}

#[derive(Debug, Subcommand)]
enum ConflictAction {
    /// Keeps one of a field's concurrent values
    Resolve {
        /// The record's id, as `carnet conflicts` shows it
        #[arg(long, value_name = "ID")]
        record: String,
        /// The field in conflict
        #[arg(long, value_name = "F")]
        field: String,
        /// The value to keep, exactly as listed
        #[arg(long, value_name = "V", allow_hyphen_values = true)]
        value: String,
        /// Who decides
        #[arg(long, value_name = "NAME")]
        by: String,
    },
}

pub fn run(ctx: &Context, args: ConflictsArgs) -> anyhow::Result<Output> {
    match args.action {
        None => {
            let store = ctx.open()?;
            let conflicts = store.conflicts()?;
            let json: Vec<ConflictJson> = conflicts.iter().map(Into::into).collect();
            Output::pick(ctx.json, &json, || {
                if json.is_empty() {
                    return "no conflicts".to_owned();
                }
                let mut text = String::new();
                for c in &json {
                    text.push_str(&format!(
                        "{} {} {} field {}:\n",
                        c.document, c.record_type, c.record, c.field
                    ));
                    for v in &c.values {
                        let or_unknown = |s: &Option<String>| s.clone().unwrap_or("?".to_owned());
                        text.push_str(&format!(
                            "  {:?} by {} on {} at {}\n",
                            v.value,
                            or_unknown(&v.person),
                            or_unknown(&v.device),
                            or_unknown(&v.at)
                        ));
                    }
                }
                text
            })
        }
        Some(ConflictAction::Resolve {
            record,
            field,
            value,
            by,
        }) => {
            let record = uuid::Uuid::parse_str(record.trim())
                .map_err(|_| Error::invalid("record", format!("`{record}` is not a record id")))?
                .to_string();
            let mut store = ctx.open()?;
            let by = person_id(&mut store, &by)?;
            let document = store
                .document_of(&record)?
                .ok_or_else(|| Error::not_found("record", record.clone()))?;
            store.resolve_conflict(by, document, &record, field.trim(), &value)?;
            let json = ResolvedJson {
                record,
                field: field.trim().to_owned(),
                value,
            };
            Output::pick(ctx.json, &json, || {
                format!("{} {}: kept {:?}", json.record, json.field, json.value)
            })
        }
    }
}
