//! The shapes that cross the IPC boundary, converted from domain types with
//! `From` and exported to TypeScript (`ui/src/lib/bindings.ts`, checked for
//! drift by the `bindings_match_the_committed_file` test).
//!
//! Deliberately plain: ids as strings, dates as ISO strings, amounts as
//! numbers, names resolved from the catalog. No domain rule lives here.

//!
//! One module per command group (`src-tauri/src/commands/*`): each holds the
//! shapes its commands read and return; `words` holds the closed sets every
//! group shares.

mod catalog;
mod conflicts;
mod farm;
mod harvests;
mod observations;
mod people;
mod reports;
mod sync;
mod tasks;
mod words;

pub use catalog::*;
pub use conflicts::*;
pub use farm::*;
pub use harvests::*;
pub use observations::*;
pub use people::*;
pub use reports::*;
pub use sync::*;
pub use tasks::*;
pub use words::*;

mod errors;
pub use errors::*;

use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

/// Parses a list of ids sent as strings.
pub(crate) fn ids<T: std::str::FromStr<Err = carnet_core::Error>>(
    texts: &[String],
) -> Result<Vec<T>, CommandError> {
    texts
        .iter()
        .map(|t| t.parse().map_err(CommandError::from))
        .collect()
}

pub(crate) fn date(field: &'static str, text: &str) -> Result<chrono::NaiveDate, CommandError> {
    Ok(carnet_core::values::parse_date(field, text)?)
}

/// An optional day: absent, null or empty is none.
pub(crate) fn optional_date(
    field: &'static str,
    text: Option<String>,
) -> Result<Option<chrono::NaiveDate>, CommandError> {
    text.filter(|t| !t.trim().is_empty())
        .map(|t| date(field, &t))
        .transpose()
}

/// For an edit's field that may be cleared: absent (the `default`) leaves it,
/// `null` clears it, a value sets it.
pub(crate) fn some<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// Every exported declaration, in a stable order: the content of
/// `ui/src/lib/bindings.ts`.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        ErrorCode::decl(&cfg),
        ErrorParams::decl(&cfg),
        CommandError::decl(&cfg),
        Role::decl(&cfg),
        Lang::decl(&cfg),
        DeviceRole::decl(&cfg),
        Action::decl(&cfg),
        TaskKind::decl(&cfg),
        ObservationKind::decl(&cfg),
        Unit::decl(&cfg),
        DestinationKind::decl(&cfg),
        AbandonReason::decl(&cfg),
        Setup::decl(&cfg),
        Person::decl(&cfg),
        Permissions::decl(&cfg),
        Zone::decl(&cfg),
        Bed::decl(&cfg),
        UnitFactor::decl(&cfg),
        Crop::decl(&cfg),
        Outlet::decl(&cfg),
        Catalog::decl(&cfg),
        BedState::decl(&cfg),
        TaskStatus::decl(&cfg),
        Task::decl(&cfg),
        DayTasks::decl(&cfg),
        TaskInput::decl(&cfg),
        WeighingInput::decl(&cfg),
        HarvestInput::decl(&cfg),
        UnitAmount::decl(&cfg),
        HarvestRecorded::decl(&cfg),
        GroupBy::decl(&cfg),
        ReportRow::decl(&cfg),
        ObservationInput::decl(&cfg),
        HistoryEntry::decl(&cfg),
        HistoryLine::decl(&cfg),
        ConflictValue::decl(&cfg),
        Conflict::decl(&cfg),
        SyncBadge::decl(&cfg),
        UnreadableRecord::decl(&cfg),
        WrongDate::decl(&cfg),
        SyncState::decl(&cfg),
        BedInput::decl(&cfg),
        CropInput::decl(&cfg),
        OutletInput::decl(&cfg),
        PersonInput::decl(&cfg),
        DocChanged::decl(&cfg),
        TaskRef::decl(&cfg),
        DayArg::decl(&cfg),
        DayRange::decl(&cfg),
        AbandonTask::decl(&cfg),
        TaskEditInput::decl(&cfg),
        SwitchPerson::decl(&cfg),
        SetLanguage::decl(&cfg),
        PersonEditInput::decl(&cfg),
        CreateFarm::decl(&cfg),
        BedRef::decl(&cfg),
        BedCodeRef::decl(&cfg),
        BedEditInput::decl(&cfg),
        CropEditInput::decl(&cfg),
        OutletEditInput::decl(&cfg),
        ReportArgs::decl(&cfg),
        ExportArgs::decl(&cfg),
        ResolveConflict::decl(&cfg),
        EnrollDevice::decl(&cfg),
        ScreenReady::decl(&cfg),
        crate::commands_typescript(&cfg),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/src/ipc by `CARNET_WRITE_BINDINGS=1 cargo test -p carnet-app bindings`.\n// Do not edit: the test fails when this file and the Rust types differ.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str(&code_lists());
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Every value of each closed list of codes the interface translates, from
/// the domain's own lists: the catalogues' test (`ui/src/lib/i18n`) checks
/// each has a word in French and English, so a code added in Rust without
/// its words fails there.
fn code_lists() -> String {
    fn list<T: Serialize>(name: &str, ty: &str, all: impl IntoIterator<Item = T>) -> String {
        let codes: Vec<String> = all
            .into_iter()
            .map(|v| serde_json::to_string(&v).expect("a code serializes"))
            .collect();
        format!(
            "export const {name}: readonly {ty}[] = [{}];\n\n",
            codes.join(", ")
        )
    }
    use carnet_core::values;
    [
        list(
            "ROLES",
            "Role",
            values::Role::ALL.iter().map(|&v| Role::from(v)),
        ),
        list(
            "TASK_KINDS",
            "TaskKind",
            values::TaskKind::ALL.iter().map(|&v| TaskKind::from(v)),
        ),
        list(
            "TASK_STATUSES",
            "TaskStatus",
            values::TaskState::ALL.iter().map(|&v| TaskStatus::from(v)),
        ),
        list(
            "ABANDON_REASONS",
            "AbandonReason",
            values::AbandonReason::ALL
                .iter()
                .map(|&v| AbandonReason::from(v)),
        ),
        list(
            "OBSERVATION_KINDS",
            "ObservationKind",
            values::ObservationKind::ALL
                .iter()
                .map(|&v| ObservationKind::from(v)),
        ),
        list(
            "DESTINATION_KINDS",
            "DestinationKind",
            values::DestinationKind::ALL
                .iter()
                .map(|&v| DestinationKind::from(v)),
        ),
        list("UNITS", "Unit", values::Unit::ALL.map(Unit::from)),
        list(
            "HISTORY_WHATS",
            "HistoryLine[\"what\"]",
            carnet_core::history::HistoryLine::WHATS,
        ),
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_match_the_committed_file() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
        let generated = super::typescript_bindings();
        if std::env::var_os("CARNET_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).expect("write bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/lib/bindings.ts differs from the Rust IPC types: run `CARNET_WRITE_BINDINGS=1 cargo test -p carnet-app bindings` and commit the file"
        );
    }
}
