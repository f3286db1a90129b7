//! Tasks and the daily list as the interface reads them, the forms a
//! supervisor plans and edits a task with, and the arguments of the task
//! commands, each parsed into domain values by the `TryFrom` beside it.
//! Conversions take the catalog to name beds and crew. Deliberately not
//! here: the list's rules (the core's `tasks`).

use carnet_core::catalog::Catalog as DomainCatalog;
use carnet_core::ids::{BedId, PersonId, TaskId};
use carnet_core::tasks::{self, Abandonment, NewTask, NewTemplate, TaskEdit};
use carnet_core::values::{Name, TaskState};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::words::*;
use super::{CommandError, date, ids, optional_date, some};

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

/// A task named by its id: tick it, undo the tick, delete it, open its page.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct TaskRef {
    pub id: String,
}

impl TryFrom<TaskRef> for TaskId {
    type Error = CommandError;
    fn try_from(a: TaskRef) -> Result<Self, CommandError> {
        Ok(a.id.parse()?)
    }
}

/// A day (`YYYY-MM-DD`); none is today.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct DayArg {
    #[serde(default)]
    #[ts(optional)]
    pub day: Option<String>,
}

impl TryFrom<DayArg> for Option<NaiveDate> {
    type Error = CommandError;
    fn try_from(a: DayArg) -> Result<Self, CommandError> {
        optional_date("day", a.day)
    }
}

/// The days the Plan screen lists, both included.
#[derive(Clone, Debug, Deserialize, TS)]
pub struct DayRange {
    pub from: String,
    pub to: String,
}

impl TryFrom<DayRange> for (NaiveDate, NaiveDate) {
    type Error = CommandError;
    fn try_from(a: DayRange) -> Result<Self, CommandError> {
        Ok((date("from", &a.from)?, date("to", &a.to)?))
    }
}

#[derive(Clone, Debug, Deserialize, TS)]
pub struct AbandonTask {
    pub id: String,
    pub reason: AbandonReason,
    /// Details, as typed; optional whatever the reason.
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

impl TryFrom<AbandonTask> for (TaskId, Abandonment) {
    type Error = CommandError;
    fn try_from(a: AbandonTask) -> Result<Self, CommandError> {
        Ok((
            a.id.parse()?,
            Abandonment::with_note(a.reason.into(), a.note.as_deref())?,
        ))
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

/// What `add_task` plans: one task, or a recurring one.
#[derive(Debug)]
pub enum PlannedTask {
    Once(NewTask),
    Recurring(NewTemplate),
}

impl TryFrom<TaskInput> for PlannedTask {
    type Error = CommandError;
    fn try_from(input: TaskInput) -> Result<Self, CommandError> {
        let task = NewTask {
            title: Name::parse("title", &input.title)?,
            kind: input.kind.into(),
            beds: ids::<BedId>(&input.bed_ids)?,
            crew: ids::<PersonId>(&input.crew)?,
            due: date("due", &input.due)?,
            duration_min: input.duration_min,
        };
        match input.recurrence.filter(|r| !r.trim().is_empty()) {
            None => Ok(PlannedTask::Once(task)),
            Some(rule) => Ok(PlannedTask::Recurring(NewTemplate {
                task,
                rule: rule.parse()?,
                until: optional_date("until", input.until)?,
            })),
        }
    }
}

/// A supervisor's edit of a task: only the fields named change (a field
/// left out is not written, so another device's edit of it merges).
/// `durationMin: null` clears the duration.
#[derive(Clone, Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskEditInput {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<TaskKind>,
    /// A new due day, possibly in another month.
    #[serde(default)]
    #[ts(optional)]
    pub due: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub bed_ids: Option<Vec<String>>,
    #[serde(default)]
    #[ts(optional)]
    pub crew: Option<Vec<String>>,
    #[serde(default, deserialize_with = "some")]
    #[ts(optional)]
    pub duration_min: Option<Option<u32>>,
}

impl TryFrom<TaskEditInput> for (TaskId, TaskEdit) {
    type Error = CommandError;
    fn try_from(input: TaskEditInput) -> Result<Self, CommandError> {
        let edit = TaskEdit {
            title: input.title.map(|t| Name::parse("title", &t)).transpose()?,
            kind: input.kind.map(Into::into),
            crew: input.crew.map(|c| ids::<PersonId>(&c)).transpose()?,
            beds: input.bed_ids.map(|b| ids::<BedId>(&b)).transpose()?,
            due: input.due.map(|d| date("due", &d)).transpose()?,
            duration_min: input.duration_min,
        };
        Ok((input.id.parse()?, edit))
    }
}
