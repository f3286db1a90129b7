//! `carnet conflicts`: the fields two devices changed at once, each value
//! with who wrote it, from which device and when; `conflicts resolve` keeps
//! one of them.
//!
//! Nothing is ever overwritten silently: until a person resolves it, every
//! concurrent value stays in the document and in this list.

use carnet_core::Error;
use carnet_core::roles::Action;
use clap::{Args, Subcommand};

use crate::app::{Context, person_who_may};
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

pub(crate) fn run(ctx: &Context, args: ConflictsArgs) -> anyhow::Result<Output> {
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
                            local_time(v.at.as_deref(), &chrono::Local)
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
            let by = person_who_may(&mut store, &by, Action::ResolveConflict)?;
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

/// When a value was written, in this machine's time zone. A change records
/// only its instant (seconds, UTC), so printing the stored text would show
/// a supervisor in France times an hour or two off. Text that is not a
/// time is shown as it is.
fn local_time<Tz: chrono::TimeZone>(at: Option<&str>, zone: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match at {
        None => "?".to_owned(),
        Some(text) => chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(zone).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|_| text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::local_time;
    use chrono::FixedOffset;

    #[test]
    fn a_conflict_time_prints_in_the_local_zone() {
        let paris_winter = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(
            local_time(Some("2026-11-23T07:30:00+00:00"), &paris_winter),
            "2026-11-23 08:30"
        );
        // Times written by earlier versions carry the author's offset.
        assert_eq!(
            local_time(Some("2026-11-23T08:30:00+01:00"), &paris_winter),
            "2026-11-23 08:30"
        );
        assert_eq!(local_time(None, &paris_winter), "?");
        assert_eq!(local_time(Some("hier"), &paris_winter), "hier");
    }
}
