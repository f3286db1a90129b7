//! Tasks and the daily list as the interface reads them, and the form a
//! supervisor plans a task with. Conversions take the catalog to name beds
//! and crew. Deliberately not here: the list's rules (the core's `tasks`).

use carnet_core::catalog::Catalog as DomainCatalog;
use carnet_core::tasks;
use carnet_core::values::TaskState;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::words::*;

#[derive(Clone, Copy, Debug, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Todo,
    Done,
    Abandoned,
}

impl From<TaskState> for TaskStatus {
    fn from(s: TaskState) -> Self {
        match s {
            TaskState::Todo => TaskStatus::Todo,
            TaskState::Done => TaskStatus::Done,
            TaskState::Abandoned => TaskStatus::Abandoned,
        }
    }
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: String,
    pub title: String,
    pub kind: TaskKind,
    pub bed_codes: Vec<String>,
    pub crew_names: Vec<String>,
    pub due: String,
    pub duration_min: Option<u32>,
    pub status: TaskStatus,
    /// Who ticked or abandoned it.
    pub status_by: Option<String>,
    /// Why it was abandoned: a code the interface puts into words.
    pub abandon_reason: Option<AbandonReason>,
    /// The abandonment's note, as typed.
    pub abandon_note: Option<String>,
    pub recurring: bool,
}

impl From<(&DomainCatalog, &tasks::Task)> for Task {
    fn from((c, t): (&DomainCatalog, &tasks::Task)) -> Self {
        let (status, status_by, why) = match &t.status {
            tasks::TaskStatus::Todo => (TaskStatus::Todo, None, None),
            tasks::TaskStatus::Done { by, .. } => {
                (TaskStatus::Done, Some(c.person_name(*by)), None)
            }
            tasks::TaskStatus::Abandoned { by, why, .. } => {
                (TaskStatus::Abandoned, Some(c.person_name(*by)), Some(why))
            }
        };
        Self {
            id: t.id.to_string(),
            title: t.title.to_string(),
            kind: t.kind.into(),
            bed_codes: t.beds.iter().map(|b| c.bed_code(*b)).collect(),
            crew_names: t.crew.iter().map(|p| c.person_name(*p)).collect(),
            due: t.due.to_string(),
            duration_min: t.duration_min,
            status,
            status_by,
            abandon_reason: why.map(|w| w.reason().into()),
            abandon_note: why.and_then(|w| w.note()).map(ToString::to_string),
            recurring: t.template.is_some(),
        }
    }
}

#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayTasks {
    pub day: String,
    pub late: Vec<Task>,
    pub today: Vec<Task>,
    pub upcoming: Vec<Task>,
    /// Open tasks older than the late window: counted, not listed.
    pub older_open: u32,
}

impl From<(&DomainCatalog, &tasks::DayTasks)> for DayTasks {
    fn from((c, d): (&DomainCatalog, &tasks::DayTasks)) -> Self {
        let list = |ts: &[tasks::Task]| ts.iter().map(|t| Task::from((c, t))).collect();
        Self {
            day: d.day.to_string(),
            late: list(&d.late),
            today: list(&d.today),
            upcoming: list(&d.upcoming),
            older_open: u32::try_from(d.older_open).unwrap_or(u32::MAX),
        }
    }
}

/// A task as the supervisor plans it; with `recurrence` (`daily`,
/// `every 3 days`, `mon,thu`), a recurring task starting on `due`.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskInput {
    pub title: String,
    pub kind: TaskKind,
    pub bed_ids: Vec<String>,
    pub crew: Vec<String>,
    pub due: String,
    pub duration_min: Option<u32>,
    pub recurrence: Option<String>,
    pub until: Option<String>,
}
