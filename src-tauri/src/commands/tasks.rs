//! The daily list and what people do with a task: tick it, undo the tick,
//! abandon it with a reason; and the supervisor's planning.

use carnet_core::ids::{BedId, PersonId, TaskId};
use carnet_core::roles::Action;
use carnet_core::tasks::{Abandonment, NewTask, NewTemplate, list_person};
use carnet_core::values::Name;
use tauri::{AppHandle, Runtime, State};

use super::{CmdResult, date, ids};
use crate::events;
use crate::ipc::{AbandonReason, DayTasks, Task, TaskInput};
use crate::state::AppState;

/// Today's list (or `day`'s): a worker sees their crew's tasks and the
/// team's; team leaders and supervisors see everyone's.
#[tauri::command]
pub async fn day_tasks(state: State<'_, AppState>, day: Option<String>) -> CmdResult<DayTasks> {
    let by = state.person()?;
    let day = match day {
        Some(d) => date("day", &d)?,
        None => state.today(),
    };
    let mut store = state.store();
    let person = store.catalog()?.people.get(&by).and_then(list_person);
    let list = store.day_tasks(by, day, person)?;
    Ok(DayTasks::from((store.catalog()?, &list)))
}

fn task_change<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    id: &str,
    action: Action,
    change: impl FnOnce(
        &mut carnet_store::Store,
        PersonId,
        TaskId,
    ) -> carnet_store::Result<carnet_core::tasks::Task>,
) -> CmdResult<Task> {
    let by = state.person_who_may(action)?;
    let id: TaskId = id.parse()?;
    let mut store = state.store();
    let task = change(&mut store, by, id)?;
    let task = Task::from((store.catalog()?, &task));
    drop(store);
    events::local_write(app, state);
    Ok(task)
}

#[tauri::command]
pub async fn complete_task<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<Task> {
    task_change(&app, &state, &id, Action::TickTask, |s, by, id| {
        s.complete_task(by, id)
    })
}

#[tauri::command]
pub async fn reopen_task<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<Task> {
    task_change(&app, &state, &id, Action::TickTask, |s, by, id| {
        s.reopen_task(by, id)
    })
}

#[tauri::command]
pub async fn abandon_task<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    reason: AbandonReason,
    note: Option<String>,
) -> CmdResult<Task> {
    let why = Abandonment::with_note(reason.into(), note.as_deref())?;
    task_change(&app, &state, &id, Action::AbandonTask, |s, by, id| {
        s.abandon_task(by, id, why)
    })
}

/// Plans a task, or a recurring one when `recurrence` is given.
#[tauri::command]
pub async fn add_task<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: TaskInput,
) -> CmdResult<()> {
    let by = state.person_who_may(Action::PlanTasks)?;
    let task = NewTask {
        title: Name::parse("title", &input.title)?,
        kind: input.kind.into(),
        beds: ids::<BedId>(&input.bed_ids)?,
        crew: ids::<PersonId>(&input.crew)?,
        due: date("due", &input.due)?,
        duration_min: input.duration_min,
    };
    let recurrence = input.recurrence.filter(|r| !r.trim().is_empty());
    match recurrence {
        None => _ = state.store().add_task(by, task)?,
        Some(rule) => {
            let until = input
                .until
                .filter(|u| !u.is_empty())
                .map(|u| date("until", &u))
                .transpose()?;
            let new = NewTemplate {
                task,
                rule: rule.parse()?,
                until,
            };
            state.store().add_recurring_task(by, new)?;
        }
    }
    events::local_write(&app, &state);
    Ok(())
}
