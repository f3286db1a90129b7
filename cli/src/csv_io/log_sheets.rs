//! The field log's CSV sheets: tasks, harvests, weighings, observations, in
//! the store's order (by day, then id). Voided harvests and deleted records
//! stay, marked, because an export is also the farm's traceability record.

use std::collections::HashMap;

use carnet_core::catalog::Catalog;
use carnet_core::harvests::destination_name;
use carnet_core::harvests::{Destination, Harvest, Total, Weighing};
use carnet_core::ids::HarvestId;
use carnet_core::observations::Observation;
use carnet_core::record::Record;
use carnet_core::tasks::{Task, TaskStatus};
use carnet_core::words::Words;

use super::export::{Sheet, list, yes};
use crate::output::{counts, decimal};

/// The log's records, sorted by kind, with weighings indexed by harvest.
pub(super) struct Log {
    tasks: Vec<Task>,
    harvests: Vec<Harvest>,
    weighings: Vec<Weighing>,
    observations: Vec<Observation>,
}

impl Log {
    pub(super) fn from_records(records: impl IntoIterator<Item = Record>) -> Self {
        let mut log = Log {
            tasks: Vec::new(),
            harvests: Vec::new(),
            weighings: Vec::new(),
            observations: Vec::new(),
        };
        for record in records {
            match record {
                Record::Task(t) => log.tasks.push(t),
                Record::Harvest(h) => log.harvests.push(h),
                Record::Weighing(w) => log.weighings.push(w),
                Record::Observation(o) => log.observations.push(o),
                _ => {}
            }
        }
        log
    }

    fn weighings_by_harvest(&self) -> HashMap<HarvestId, Vec<&Weighing>> {
        let mut by_harvest: HashMap<HarvestId, Vec<&Weighing>> = HashMap::new();
        for w in &self.weighings {
            by_harvest.entry(w.harvest).or_default().push(w);
        }
        by_harvest
    }
}

pub(super) fn tasks(catalog: &Catalog, log: &Log, words: Words) -> Sheet {
    let headers = &[
        "id",
        "due",
        "title",
        "kind",
        "bed_ids",
        "beds",
        "crew_ids",
        "crew",
        "minutes",
        "status",
        "status_by",
        "status_at",
        "abandon_reason",
        "abandon_note",
        "template_id",
        "deleted",
    ];
    let rows = log
        .tasks
        .iter()
        .map(|t| {
            let (by, at, why) = match &t.status {
                TaskStatus::Todo => (None, None, None),
                TaskStatus::Done { by, at } => (Some(*by), Some(at), None),
                TaskStatus::Abandoned { by, at, why } => (Some(*by), Some(at), Some(why)),
            };
            vec![
                t.id.to_string(),
                t.due.to_string(),
                t.title.to_string(),
                words.task_kind(t.kind).to_owned(),
                list(t.beds.iter().map(ToString::to_string)),
                list(t.beds.iter().map(|b| catalog.bed_code(*b))),
                list(t.crew.iter().map(ToString::to_string)),
                list(t.crew.iter().map(|p| catalog.person_name(*p))),
                t.duration_min.map(|m| m.to_string()).unwrap_or_default(),
                words.task_state(t.status.state()).to_owned(),
                by.map(|p| catalog.person_name(p)).unwrap_or_default(),
                at.map(|at| at.to_rfc3339()).unwrap_or_default(),
                why.map(|w| words.abandon_reason(w.reason()).to_owned())
                    .unwrap_or_default(),
                why.and_then(|w| w.note())
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                t.template.map(|id| id.to_string()).unwrap_or_default(),
                yes(words, t.deleted),
            ]
        })
        .collect();
    Sheet {
        kind: "tasks",
        headers,
        rows,
    }
}

pub(super) fn harvests(catalog: &Catalog, log: &Log, words: Words) -> Sheet {
    let headers = &[
        "id",
        "date",
        "at",
        "lot",
        "bed_id",
        "bed",
        "crop_id",
        "crop",
        "variety",
        "destination",
        "outlet_id",
        "kg",
        "unconverted",
        "note",
        "by",
        "voided",
        "void_reason",
    ];
    let weighings = log.weighings_by_harvest();
    let rows = log
        .harvests
        .iter()
        .map(|h| {
            let mut total = Total::default();
            if let Some(crop) = catalog.crops.get(&h.crop) {
                for w in weighings.get(&h.id).into_iter().flatten() {
                    total.add(w, crop);
                }
            }
            let variety = h
                .variety
                .and_then(|v| catalog.varieties.get(&v))
                .map(|v| v.name.to_string());
            let outlet = match h.destination {
                Destination::Outlet(id) => id.to_string(),
                Destination::Kind(_) => String::new(),
            };
            vec![
                h.id.to_string(),
                h.at.date_naive().to_string(),
                h.at.to_rfc3339(),
                h.lot.clone(),
                h.bed.to_string(),
                catalog.bed_code(h.bed),
                h.crop.to_string(),
                catalog.crop_name(h.crop),
                variety.unwrap_or_default(),
                match h.destination {
                    Destination::Kind(kind) => words.destination_kind(kind).to_owned(),
                    Destination::Outlet(_) => destination_name(catalog, &h.destination),
                },
                outlet,
                decimal(total.kg),
                counts(&total.unconverted, words),
                h.note.to_string(),
                catalog.person_name(h.created.by),
                yes(words, h.voided.is_some()),
                h.voided
                    .as_ref()
                    .map(|v| v.reason.to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    Sheet {
        kind: "harvests",
        headers,
        rows,
    }
}

pub(super) fn weighings(catalog: &Catalog, log: &Log, words: Words) -> Sheet {
    let headers = &[
        "id",
        "harvest_id",
        "lot",
        "date",
        "bed",
        "crop",
        "value",
        "unit",
        "tare_kg",
        "net_kg",
    ];
    let harvests: HashMap<HarvestId, &Harvest> = log.harvests.iter().map(|h| (h.id, h)).collect();
    let rows = log
        .weighings
        .iter()
        .map(|w| {
            let harvest = harvests.get(&w.harvest);
            let crop = harvest.and_then(|h| catalog.crops.get(&h.crop));
            vec![
                w.id.to_string(),
                w.harvest.to_string(),
                harvest.map(|h| h.lot.clone()).unwrap_or_default(),
                w.created.at.date_naive().to_string(),
                harvest.map(|h| catalog.bed_code(h.bed)).unwrap_or_default(),
                harvest
                    .map(|h| catalog.crop_name(h.crop))
                    .unwrap_or_default(),
                decimal(w.quantity.value()),
                words.unit(w.quantity.unit()).to_owned(),
                w.tare_kg.map(|t| decimal(t.kg())).unwrap_or_default(),
                crop.and_then(|c| w.net_kg(c))
                    .map(decimal)
                    .unwrap_or_default(),
            ]
        })
        .collect();
    Sheet {
        kind: "weighings",
        headers,
        rows,
    }
}

pub(super) fn observations(catalog: &Catalog, log: &Log, words: Words) -> Sheet {
    let headers = &[
        "id", "date", "at", "kind", "severity", "bed_ids", "beds", "tags", "note", "by", "deleted",
    ];
    let rows = log
        .observations
        .iter()
        .map(|o| {
            vec![
                o.id.to_string(),
                o.at.date_naive().to_string(),
                o.at.to_rfc3339(),
                words.observation_kind(o.kind).to_owned(),
                o.severity.get().to_string(),
                list(o.beds.iter().map(ToString::to_string)),
                list(o.beds.iter().map(|b| catalog.bed_code(*b))),
                list(o.tags.iter().map(ToString::to_string)),
                o.note.to_string(),
                catalog.person_name(o.created.by),
                yes(words, o.deleted),
            ]
        })
        .collect();
    Sheet {
        kind: "observations",
        headers,
        rows,
    }
}
