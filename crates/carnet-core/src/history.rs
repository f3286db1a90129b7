//! A bed's history: everything that happened on it (tasks, harvests,
//! observations), newest first. It reads every domain that names beds, so it
//! sits beside them rather than inside one, and calls only their public
//! types.
//!
//! Deliberately not here: reading the records (the store hands them in).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::harvests::{Harvest, Total, Weighing};
use crate::ids::*;
use crate::observations::Observation;
use crate::tasks::{Task, TaskStatus};
use crate::values::{AbandonReason, Name, ObservationKind, TaskKind, TaskState};

/// One line of a bed's history: codes and the record's own texts, never a
/// sentence. Whoever shows it (the CLI, the app's bed page) puts it into
/// the reader's words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub date: NaiveDate,
    pub id: uuid::Uuid,
    #[serde(flatten)]
    pub line: HistoryLine,
}

/// What happened, by kind of record (`what`: `task`, `harvest`,
/// `observation`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum HistoryLine {
    Task {
        title: Name,
        kind: TaskKind,
        state: TaskState,
        /// Why, when abandoned.
        reason: Option<AbandonReason>,
        /// The abandonment's note, as typed.
        note: Option<Name>,
    },
    Harvest {
        /// The crop's name in the catalog (its id when it is not there).
        crop: String,
        /// Kilograms, counts converted by the crop's factors.
        kg: f64,
        lot: String,
        voided: bool,
    },
    Observation {
        kind: ObservationKind,
        severity: u8,
        /// As typed.
        note: String,
    },
}

impl HistoryLine {
    /// The kind of record, as `what` serializes it.
    pub fn what(&self) -> &'static str {
        match self {
            HistoryLine::Task { .. } => "task",
            HistoryLine::Harvest { .. } => "harvest",
            HistoryLine::Observation { .. } => "observation",
        }
    }

    /// Every value of `what`, for the code lists the interface checks.
    pub const WHATS: [&'static str; 3] = ["task", "harvest", "observation"];
}

/// Everything that happened on a bed, newest first.
pub fn bed_history(
    catalog: &Catalog,
    bed: BedId,
    tasks: &[Task],
    harvests: &[Harvest],
    weighings: &[Weighing],
    observations: &[Observation],
) -> Vec<HistoryEntry> {
    let mut out = Vec::new();
    for t in tasks.iter().filter(|t| !t.deleted && t.beds.contains(&bed)) {
        let (reason, note) = match &t.status {
            TaskStatus::Abandoned { why, .. } => (Some(why.reason()), why.note().cloned()),
            _ => (None, None),
        };
        out.push(HistoryEntry {
            date: t.due,
            id: t.id.0,
            line: HistoryLine::Task {
                title: t.title.clone(),
                kind: t.kind,
                state: t.status.state(),
                reason,
                note,
            },
        });
    }
    for h in harvests.iter().filter(|h| h.bed == bed) {
        let mut total = Total::default();
        if let Some(crop) = catalog.crops.get(&h.crop) {
            for w in weighings.iter().filter(|w| w.harvest == h.id) {
                total.add(w, crop);
            }
        }
        out.push(HistoryEntry {
            date: h.at.date_naive(),
            id: h.id.0,
            line: HistoryLine::Harvest {
                crop: catalog.crop_name(h.crop),
                kg: total.kg,
                lot: h.lot.to_string(),
                voided: h.voided.is_some(),
            },
        });
    }
    for o in observations
        .iter()
        .filter(|o| !o.deleted && o.beds.contains(&bed))
    {
        out.push(HistoryEntry {
            date: o.at.date_naive(),
            id: o.id.0,
            line: HistoryLine::Observation {
                kind: o.kind,
                severity: o.severity.get(),
                note: o.note.to_string(),
            },
        });
    }
    out.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.line.what().cmp(b.line.what()))
            .then(a.id.cmp(&b.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use expect_test::expect;
    use uuid::Uuid;

    use super::*;
    use crate::document::Domain;
    use crate::harvests::{Destination, NewHarvest, record_harvest};
    use crate::observations::{NewObservation, record_observation};
    use crate::tasks::{Abandonment, NewTask, abandon_task, add_task, complete_task};
    use crate::testing::{BED, CROP, Garden, author, month_doc, name};
    use crate::values::{DestinationKind, ObservationKind, Quantity, Severity, TaskKind, Unit};

    #[test]
    fn a_beds_history_lists_its_tasks_harvests_and_observations_newest_first_as_codes_and_typed_texts()
     {
        let g = Garden::new();
        let a = author();
        let mut tasks = month_doc(Domain::Tasks);
        let new = NewTask {
            title: name("Désherber"),
            kind: TaskKind::Weeding,
            beds: vec![BED],
            crew: vec![],
            due: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            duration_min: None,
        };
        let task = add_task(&mut tasks, &g.catalog, &a, TaskId(Uuid::from_u128(1)), new).unwrap();
        let task = complete_task(&mut tasks, &a, &task).unwrap();
        let mulch = NewTask {
            title: name("Pailler"),
            kind: TaskKind::Mulching,
            beds: vec![BED],
            crew: vec![],
            due: NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
            duration_min: None,
        };
        let mulch = add_task(
            &mut tasks,
            &g.catalog,
            &a,
            TaskId(Uuid::from_u128(4)),
            mulch,
        )
        .unwrap();
        let why = Abandonment::new(AbandonReason::Equipment, Some(name("paille pas livrée")));
        let mulch = abandon_task(&mut tasks, &a, &mulch, why).unwrap();
        let mut harvests = month_doc(Domain::Harvests);
        let new = NewHarvest {
            bed: BED,
            crop: CROP,
            variety: None,
            destination: Destination::Kind(DestinationKind::Canteen),
            note: crate::values::Note::default(),
            weighings: vec![(Quantity::new(2.0, Unit::Crate).unwrap(), None)],
        };
        let (harvest, weighings) = record_harvest(
            &mut harvests,
            &g.catalog,
            &a,
            HarvestId(Uuid::from_u128(2)),
            new,
        )
        .unwrap();
        let mut observations = month_doc(Domain::Observations);
        let new = NewObservation {
            beds: vec![BED],
            kind: ObservationKind::Pest,
            severity: Severity::new(2).unwrap(),
            note: crate::testing::note("pucerons"),
            tags: BTreeSet::new(),
        };
        let observation = record_observation(
            &mut observations,
            &g.catalog,
            &a,
            ObservationId(Uuid::from_u128(3)),
            new,
        )
        .unwrap();
        let history = bed_history(
            &g.catalog,
            BED,
            &[task, mulch],
            &[harvest],
            &weighings,
            &[observation],
        );
        let lines: Vec<_> = history
            .iter()
            .map(|h| format!("{} {}", h.date, serde_json::to_string(&h.line).unwrap()))
            .collect();
        expect![[r#"
            2026-11-22 {"what":"harvest","crop":"Tomate","kg":12.0,"lot":"20261122-A-07-TOM","voided":false}
            2026-11-22 {"what":"observation","kind":"pest","severity":2,"note":"pucerons"}
            2026-11-20 {"what":"task","title":"Désherber","kind":"weeding","state":"done","reason":null,"note":null}
            2026-11-19 {"what":"task","title":"Pailler","kind":"mulching","state":"abandoned","reason":"equipment","note":"paille pas livrée"}"#]]
        .assert_eq(&lines.join("\n"));
        let other_bed = BedId(Uuid::from_u128(99));
        assert!(bed_history(&g.catalog, other_bed, &[], &[], &[], &[]).is_empty());
    }
}
