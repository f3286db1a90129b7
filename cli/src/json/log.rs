//! The field log's shapes: tasks and the daily list, harvests with their
//! weighings, observations.

use std::collections::{BTreeMap, BTreeSet};

use carnet_core::catalog::Catalog;
use carnet_core::harvests::destination_name;
use carnet_core::harvests::{Destination, Harvest, Total, Weighing};
use carnet_core::observations::Observation;
use carnet_core::tasks::DayTasks;
use carnet_core::tasks::{Task, TaskStatus, TaskTemplate};
use carnet_core::values::Tare;
use serde::Serialize;

use crate::output::round3;

#[derive(Debug, Serialize)]
pub struct TaskJson {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub due: String,
    pub beds: Vec<String>,
    pub bed_ids: Vec<String>,
    pub crew: Vec<String>,
    pub crew_ids: Vec<String>,
    pub minutes: Option<u32>,
    /// `todo`, `done` or `abandoned`.
    pub status: String,
    /// Who ticked it off or abandoned it, and when.
    pub status_by: Option<String>,
    pub status_at: Option<String>,
    /// The reason's code (`weather`, `no_time`, …), when abandoned.
    pub abandon_reason: Option<String>,
    /// The abandonment's note, as typed.
    pub abandon_note: Option<String>,
    /// People × minutes, once done.
    pub labour_min: Option<u32>,
    pub template_id: Option<String>,
}

impl From<(&Task, &Catalog)> for TaskJson {
    fn from((task, catalog): (&Task, &Catalog)) -> Self {
        let (status_by, status_at, why) = match &task.status {
            TaskStatus::Todo => (None, None, None),
            TaskStatus::Done { by, at } => (Some(catalog.person_name(*by)), Some(at), None),
            TaskStatus::Abandoned { by, at, why } => {
                (Some(catalog.person_name(*by)), Some(at), Some(why))
            }
        };
        Self {
            id: task.id.to_string(),
            title: task.title.to_string(),
            kind: task.kind.to_string(),
            due: task.due.to_string(),
            beds: task.beds.iter().map(|b| catalog.bed_code(*b)).collect(),
            bed_ids: task.beds.iter().map(ToString::to_string).collect(),
            crew: task.crew.iter().map(|p| catalog.person_name(*p)).collect(),
            crew_ids: task.crew.iter().map(ToString::to_string).collect(),
            minutes: task.duration_min,
            status: task.status.as_str().to_owned(),
            status_by,
            status_at: status_at.map(|at| at.to_rfc3339()),
            abandon_reason: why.map(|w| w.reason().as_str().to_owned()),
            abandon_note: why.and_then(|w| w.note()).map(ToString::to_string),
            labour_min: task.labour_min(),
            template_id: task.template.map(|t| t.to_string()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct TemplateJson {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub rule: String,
    pub start: String,
    pub until: Option<String>,
    pub beds: Vec<String>,
    pub crew: Vec<String>,
    pub minutes: Option<u32>,
}

impl From<(&TaskTemplate, &Catalog)> for TemplateJson {
    fn from((template, catalog): (&TaskTemplate, &Catalog)) -> Self {
        Self {
            id: template.id.to_string(),
            title: template.title.to_string(),
            kind: template.kind.to_string(),
            rule: template.rule.to_string(),
            start: template.start.to_string(),
            until: template.until.map(|d| d.to_string()),
            beds: template.beds.iter().map(|b| catalog.bed_code(*b)).collect(),
            crew: template
                .crew
                .iter()
                .map(|p| catalog.person_name(*p))
                .collect(),
            minutes: template.duration_min,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct DayTasksJson {
    pub day: String,
    pub late: Vec<TaskJson>,
    pub today: Vec<TaskJson>,
    pub upcoming: Vec<TaskJson>,
    /// Open tasks due before the late window (four weeks): counted, not listed.
    pub older_open: usize,
}

impl From<(&DayTasks, &Catalog)> for DayTasksJson {
    fn from((day, catalog): (&DayTasks, &Catalog)) -> Self {
        let list = |tasks: &[Task]| tasks.iter().map(|t| (t, catalog).into()).collect();
        Self {
            day: day.day.to_string(),
            late: list(&day.late),
            today: list(&day.today),
            upcoming: list(&day.upcoming),
            older_open: day.older_open,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct WeighingJson {
    pub id: String,
    pub value: f64,
    pub unit: String,
    pub tare_kg: Option<f64>,
    /// Net kg, when the unit converts for this crop.
    pub net_kg: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct HarvestJson {
    pub id: String,
    pub lot: String,
    pub at: String,
    pub date: String,
    pub bed_id: String,
    pub bed: String,
    pub crop_id: String,
    pub crop: String,
    pub variety: Option<String>,
    pub destination: String,
    pub outlet_id: Option<String>,
    pub note: String,
    pub by: String,
    /// Net kg of the weighings that convert.
    pub total_kg: f64,
    /// Counts this crop has no conversion for, in their unit.
    pub unconverted: BTreeMap<String, f64>,
    pub voided: bool,
    pub void_reason: Option<String>,
    pub weighings: Vec<WeighingJson>,
}

impl From<(&Harvest, &[Weighing], &Catalog)> for HarvestJson {
    fn from((harvest, weighings, catalog): (&Harvest, &[Weighing], &Catalog)) -> Self {
        let crop = catalog.crops.get(&harvest.crop);
        let mine: Vec<&Weighing> = weighings
            .iter()
            .filter(|w| w.harvest == harvest.id)
            .collect();
        let mut total = Total::default();
        if let Some(crop) = crop {
            for w in &mine {
                total.add(w, crop);
            }
        }
        Self {
            id: harvest.id.to_string(),
            lot: harvest.lot.clone(),
            at: harvest.at.to_rfc3339(),
            date: harvest.at.date_naive().to_string(),
            bed_id: harvest.bed.to_string(),
            bed: catalog.bed_code(harvest.bed),
            crop_id: harvest.crop.to_string(),
            crop: catalog.crop_name(harvest.crop),
            variety: harvest.variety.map(|v| {
                catalog
                    .varieties
                    .get(&v)
                    .map_or_else(|| v.to_string(), |v| v.name.to_string())
            }),
            destination: destination_name(catalog, &harvest.destination),
            outlet_id: match harvest.destination {
                Destination::Outlet(id) => Some(id.to_string()),
                Destination::Kind(_) => None,
            },
            note: harvest.note.to_string(),
            by: catalog.person_name(harvest.created.by),
            total_kg: round3(total.kg),
            unconverted: total
                .unconverted
                .iter()
                .map(|(unit, v)| (unit.to_string(), round3(*v)))
                .collect(),
            voided: harvest.voided.is_some(),
            void_reason: harvest.voided.as_ref().map(|v| v.reason.to_string()),
            weighings: mine
                .iter()
                .map(|w| WeighingJson {
                    id: w.id.to_string(),
                    value: w.quantity.value(),
                    unit: w.quantity.unit().to_string(),
                    tare_kg: w.tare_kg.map(Tare::kg),
                    net_kg: crop.and_then(|c| w.net_kg(c)).map(round3),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ObservationJson {
    pub id: String,
    pub at: String,
    pub date: String,
    pub beds: Vec<String>,
    pub bed_ids: Vec<String>,
    pub kind: String,
    pub severity: u8,
    pub note: String,
    pub tags: BTreeSet<String>,
    pub by: String,
}

impl From<(&Observation, &Catalog)> for ObservationJson {
    fn from((o, catalog): (&Observation, &Catalog)) -> Self {
        Self {
            id: o.id.to_string(),
            at: o.at.to_rfc3339(),
            date: o.at.date_naive().to_string(),
            beds: o.beds.iter().map(|b| catalog.bed_code(*b)).collect(),
            bed_ids: o.beds.iter().map(ToString::to_string).collect(),
            kind: o.kind.to_string(),
            severity: o.severity.get(),
            note: o.note.to_string(),
            tags: o.tags.iter().map(ToString::to_string).collect(),
            by: catalog.person_name(o.created.by),
        }
    }
}
