//! The daily list and what people do with a task: tick it, undo the tick,
//! abandon it with a reason; and the supervisor's planning: plan, list,
//! edit, delete.

use carnet_core::ids::{PersonId, TaskId};
use carnet_core::roles::Action;
use carnet_core::tasks::list_person;
use chrono::NaiveDate;
use tauri::{AppHandle, Runtime, State};

use super::{Args, CmdResult};
use crate::events;
use crate::ipc::{
    AbandonTask, DayArg, DayRange, DayTasks, PlannedTask, Task, TaskEditInput, TaskInput, TaskRef,
};
use crate::state::AppState;

/// Today's list (or `day`'s): a worker sees their crew's tasks and the
/// team's; team leaders and supervisors see everyone's.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn day_tasks(state: State<'_, AppState>, args: Args<DayArg>) -> CmdResult<DayTasks> {
    let by = state.person()?;
    let day = Option::<NaiveDate>::try_from(args.0)?.unwrap_or_else(|| state.today());
    let mut store = state.store()?;
    let person = store.catalog()?.people.get(&by).and_then(list_person);
    let list = store.day_tasks(by, day, person)?;
    Ok(DayTasks::from((store.catalog()?, &list)))
}

/// Every task due between two days, everyone's, for the Plan screen.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn planned_tasks(
    state: State<'_, AppState>,
    args: Args<DayRange>,
) -> CmdResult<Vec<Task>> {
    let (from, to) = <(NaiveDate, NaiveDate)>::try_from(args.0)?;
    let mut store = state.store()?;
    let tasks = store.tasks_between(from, to)?;
    let catalog = store.catalog()?;
    Ok(tasks
        .iter()
        .filter(|t| !t.deleted)
        .map(|t| Task::from((catalog, t)))
        .collect())
}

/// One task, for its page.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn task(state: State<'_, AppState>, args: Args<TaskRef>) -> CmdResult<Task> {
    let id = TaskId::try_from(args.0)?;
    let mut store = state.store()?;
    let (_, task) = store.task(id)?;
    Ok(Task::from((store.catalog()?, &task)))
}

/// What every command that changes one task shares: the role check, the
/// store call, the IPC shape, the event. The commands themselves stay one
/// `#[tauri::command]` function each, signature and all: a command's name
/// and argument shape are its typed contract with the interface, generated
/// into the bindings one by one.
fn task_change<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    id: TaskId,
    action: Action,
    change: impl FnOnce(
        &mut carnet_store::Store,
        PersonId,
        TaskId,
    ) -> carnet_store::Result<carnet_core::tasks::Task>,
) -> CmdResult<Task> {
    let by = state.person_who_may(action)?;
    let mut store = state.store()?;
    let task = change(&mut store, by, id)?;
    let task = Task::from((store.catalog()?, &task));
    drop(store);
    events::local_write(app, state);
    Ok(task)
}

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn complete_task<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<TaskRef>,
) -> CmdResult<Task> {
    let id = TaskId::try_from(args.0)?;
    task_change(&app, &state, id, Action::TickTask, |s, by, id| {
        s.complete_task(by, id)
    })
}

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn reopen_task<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<TaskRef>,
) -> CmdResult<Task> {
    let id = TaskId::try_from(args.0)?;
    task_change(&app, &state, id, Action::TickTask, |s, by, id| {
        s.reopen_task(by, id)
    })
}

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn abandon_task<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<AbandonTask>,
) -> CmdResult<Task> {
    let (id, reason) = args.0.try_into()?;
    task_change(&app, &state, id, Action::AbandonTask, |s, by, id| {
        s.abandon_task(by, id, reason)
    })
}

/// Plans a task, or a recurring one when `recurrence` is given.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn add_task<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<TaskInput>,
) -> CmdResult<()> {
    let planned = PlannedTask::try_from(args.0)?;
    let by = state.person_who_may(Action::PlanTasks)?;
    match planned {
        PlannedTask::Once(task) => _ = state.store()?.add_task(by, task)?,
        PlannedTask::Recurring(new) => _ = state.store()?.add_recurring_task(by, new)?,
    }
    events::local_write(&app, &state);
    Ok(())
}

/// Changes a task's title, kind, due day (another month included), beds,
/// crew or minutes: only the fields sent.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn edit_task<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<TaskEditInput>,
) -> CmdResult<Task> {
    let (id, edit) = args.0.try_into()?;
    task_change(&app, &state, id, Action::PlanTasks, |s, by, id| {
        s.edit_task(by, id, edit)
    })
}

/// Deletes a task: it leaves every list; its record stays, marked deleted.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn delete_task<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<TaskRef>,
) -> CmdResult<()> {
    let id = TaskId::try_from(args.0)?;
    task_change(&app, &state, id, Action::PlanTasks, |s, by, id| {
        s.delete_task(by, id)
    })?;
    Ok(())
}
