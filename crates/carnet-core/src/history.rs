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
use crate::tasks::Task;

/// One line of a bed's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub date: NaiveDate,
    pub what: &'static str,
    pub id: uuid::Uuid,
    pub summary: String,
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
        out.push(HistoryEntry {
            date: t.due,
            what: "task",
            id: t.id.0,
            summary: format!("{} ({}, {})", t.title, t.kind, t.status.as_str()),
        });
    }
    for h in harvests.iter().filter(|h| h.bed == bed) {
        let mut total = Total::default();
        if let Some(crop) = catalog.crops.get(&h.crop) {
            for w in weighings.iter().filter(|w| w.harvest == h.id) {
                total.add(w, crop);
            }
        }
        let voided = if h.voided.is_some() { " [voided]" } else { "" };
        out.push(HistoryEntry {
            date: h.at.date_naive(),
            what: "harvest",
            id: h.id.0,
            summary: format!(
                "{} {:.2} kg, lot {}{voided}",
                catalog.crop_name(h.crop),
                total.kg,
                h.lot
            ),
        });
    }
    for o in observations
        .iter()
        .filter(|o| !o.deleted && o.beds.contains(&bed))
    {
        out.push(HistoryEntry {
            date: o.at.date_naive(),
            what: "observation",
            id: o.id.0,
            summary: format!("{} severity {}: {}", o.kind, o.severity.get(), o.note),
        });
    }
    out.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.what.cmp(b.what))
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
    use crate::tasks::{NewTask, add_task, complete_task};
    use crate::testing::{BED, CROP, Garden, author, month_doc, name};
    use crate::values::{DestinationKind, ObservationKind, Quantity, Severity, TaskKind, Unit};

    #[test]
    fn a_beds_history_lists_its_tasks_harvests_and_observations_newest_first() {
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
            &[task],
            &[harvest],
            &weighings,
            &[observation],
        );
        let lines: Vec<_> = history
            .iter()
            .map(|h| format!("{} {} {}", h.date, h.what, h.summary))
            .collect();
        expect![[r#"
            2026-11-22 harvest Tomate 12.00 kg, lot 20261122-A-07-TOM
            2026-11-22 observation pest severity 2: pucerons
            2026-11-20 task Désherber (weeding, done)"#]]
        .assert_eq(&lines.join("\n"));
        let other_bed = BedId(Uuid::from_u128(99));
        assert!(bed_history(&g.catalog, other_bed, &[], &[], &[], &[]).is_empty());
    }
}
