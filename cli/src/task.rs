//! `carnet task`: plan tasks (one-off or recurring), read the daily list
//! (late / today / upcoming), tick a task off or abandon it with a reason.
//!
//! `task list` writes the recurring tasks of the coming week that are not
//! written yet (Store::day_tasks): an instance's id comes from its template
//! and day, so listing twice, or on two devices, never doubles a task.
//!
//! `task edit` writes only the fields given; `task delete` marks the task
//! deleted (its record stays, so an edit made meanwhile elsewhere is kept).
//!
//! Deliberately not here: what an edit may change (`tasks::edit_task`).

use carnet_core::Error;
use carnet_core::ids::TaskId;
use carnet_core::roles::Action;
use carnet_core::tasks::Recurrence;
use carnet_core::tasks::{Abandonment, NewTask, NewTemplate, TaskEdit};
use carnet_core::values::{AbandonReason, BedCode, Name, TaskKind, TaskState, parse_date};
use carnet_core::words::Words;
use clap::Subcommand;

use crate::app::{Context, person_id, person_who_may, record_id};
use crate::json::{DayTasksJson, TaskJson, TemplateJson};
use crate::output::{Output, Table};

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Plans a task, or a recurring one with --every
    Add {
        title: String,
        /// sowing, planting, weeding, watering, harvesting, mulching, maintenance, other
        #[arg(long, value_name = "K")]
        kind: String,
        /// The day it is due (the first day, for a recurring task)
        #[arg(long, value_name = "DATE")]
        due: String,
        /// A bed it is on (repeatable)
        #[arg(long = "bed", value_name = "CODE")]
        beds: Vec<String>,
        /// A person who should do it (repeatable; none means anyone)
        #[arg(long = "crew", value_name = "NAME")]
        crew: Vec<String>,
        /// Makes it recurring: `daily`, `every 3 days`, `mon,thu`
        #[arg(long, value_name = "RULE")]
        every: Option<String>,
        /// The last day of a recurring task
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// How long it takes one person
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        minutes: Option<String>,
    },
    /// The daily list: late, today, upcoming [default: today]
    List {
        /// Today's list (the default)
        #[arg(long, conflicts_with = "day")]
        today: bool,
        /// Another day's list
        #[arg(long, value_name = "DATE")]
        day: Option<String>,
        /// Only the tasks of this person (and those for anyone)
        #[arg(long, value_name = "NAME")]
        person: Option<String>,
    },
    /// Ticks a task off
    Done {
        /// The task's id, or its first 8 characters or more
        id: String,
        /// Who did it
        #[arg(long, value_name = "NAME")]
        by: String,
    },
    /// Abandons a task, with a reason
    Abandon {
        /// The task's id, or its first 8 characters or more
        id: String,
        /// Who gives it up
        #[arg(long, value_name = "NAME")]
        by: String,
        /// Why: weather, no_time, not_needed, crop_lost, equipment or other
        /// (French words too: météo, pas_le_temps, inutile, culture_perdue,
        /// matériel, autre)
        #[arg(long, value_name = "CODE")]
        reason: String,
        /// Details, kept as typed
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Changes a task: only the fields given are written
    Edit {
        /// The task's id, or its first 8 characters or more
        id: String,
        #[arg(long, value_name = "T")]
        title: Option<String>,
        #[arg(long, value_name = "K")]
        kind: Option<String>,
        /// Moves it to another day
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// Its beds, all of them (repeatable)
        #[arg(long = "bed", value_name = "CODE")]
        beds: Vec<String>,
        /// Its crew, all of them (repeatable)
        #[arg(long = "crew", value_name = "NAME")]
        crew: Vec<String>,
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        minutes: Option<String>,
    },
    /// Deletes a task (it stays in the history, out of every list)
    Delete {
        /// The task's id, or its first 8 characters or more
        id: String,
        /// Who deletes it
        #[arg(long, value_name = "NAME")]
        by: String,
    },
}

pub(crate) fn run(ctx: &Context, cmd: TaskCommand) -> anyhow::Result<Output> {
    match cmd {
        TaskCommand::Add {
            title,
            kind,
            due,
            beds,
            crew,
            every,
            until,
            minutes,
        } => {
            let title = Name::parse("title", &title)?;
            let kind: TaskKind = kind.parse()?;
            let due = parse_date("due", &due)?;
            let rule: Option<Recurrence> = every.as_deref().map(str::parse).transpose()?;
            let until = until.map(|u| parse_date("until", &u)).transpose()?;
            if until.is_some() && rule.is_none() {
                return Err(Error::invalid("until", "ends a recurring task: add --every").into());
            }
            let duration_min = minutes.map(|m| parse_minutes(&m)).transpose()?;
            let codes: Vec<BedCode> = beds.iter().map(|b| b.parse()).collect::<Result<_, _>>()?;
            let mut store = ctx.open()?;
            let by = ctx.acting_person_who_may(&mut store, Action::PlanTasks)?;
            let catalog = store.catalog()?;
            let beds = codes
                .iter()
                .map(|code| catalog.live_bed_by_code(code).map(|b| b.id))
                .collect::<Result<_, _>>()?;
            let crew = crew
                .iter()
                .map(|name| catalog.person_by_name(name).map(|p| p.id))
                .collect::<Result<_, _>>()?;
            let task = NewTask {
                title,
                kind,
                beds,
                crew,
                due,
                duration_min,
            };
            match rule {
                Some(rule) => {
                    let new = NewTemplate { task, rule, until };
                    let template = store.add_recurring_task(by, new)?;
                    let json = TemplateJson::from((&template, store.catalog()?));
                    Output::pick(ctx.json, &json, || template.id.to_string())
                }
                None => {
                    let task = store.add_task(by, task)?;
                    let json = TaskJson::from((&task, store.catalog()?));
                    Output::pick(ctx.json, &json, || task.id.to_string())
                }
            }
        }
        TaskCommand::List {
            today: _,
            day,
            person,
        } => {
            let day = match day {
                Some(day) => parse_date("day", &day)?,
                None => ctx.today(),
            };
            let mut store = ctx.open()?;
            let by = ctx.acting_person(&mut store)?;
            let person = person.map(|p| person_id(&mut store, &p)).transpose()?;
            let tasks = store.day_tasks(by, day, person)?;
            let json = DayTasksJson::from((&tasks, store.catalog()?));
            Output::pick(ctx.json, &json, || day_text(&json, ctx.words))
        }
        TaskCommand::Done { id, by } => {
            let mut store = ctx.open()?;
            let id = TaskId(record_id(&store, "task", TaskId::KIND, &id)?);
            let by = person_who_may(&mut store, &by, Action::TickTask)?;
            let task = store.complete_task(by, id)?;
            let json = TaskJson::from((&task, store.catalog()?));
            Output::pick(ctx.json, &json, || task.id.to_string())
        }
        TaskCommand::Abandon {
            id,
            by,
            reason,
            note,
        } => {
            let why = Abandonment::parse(&reason, note.as_deref())?;
            let mut store = ctx.open()?;
            let id = TaskId(record_id(&store, "task", TaskId::KIND, &id)?);
            let by = person_who_may(&mut store, &by, Action::AbandonTask)?;
            let task = store.abandon_task(by, id, why)?;
            let json = TaskJson::from((&task, store.catalog()?));
            Output::pick(ctx.json, &json, || task.id.to_string())
        }
        TaskCommand::Edit {
            id,
            title,
            kind,
            due,
            beds,
            crew,
            minutes,
        } => {
            let title = title.map(|t| Name::parse("title", &t)).transpose()?;
            let kind: Option<TaskKind> = kind.map(|k| k.parse()).transpose()?;
            let due = due.map(|d| parse_date("due", &d)).transpose()?;
            let duration_min = minutes.map(|m| parse_minutes(&m)).transpose()?;
            let codes: Vec<BedCode> = beds.iter().map(|b| b.parse()).collect::<Result<_, _>>()?;
            let mut store = ctx.open()?;
            let id = TaskId(record_id(&store, "task", TaskId::KIND, &id)?);
            let by = ctx.acting_person(&mut store)?;
            let catalog = store.catalog()?;
            let beds = (!codes.is_empty())
                .then(|| {
                    codes
                        .iter()
                        .map(|code| catalog.live_bed_by_code(code).map(|b| b.id))
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()?;
            let crew = (!crew.is_empty())
                .then(|| {
                    crew.iter()
                        .map(|name| catalog.person_by_name(name).map(|p| p.id))
                        .collect::<Result<Vec<_>, _>>()
                })
                .transpose()?;
            let edit = TaskEdit {
                title,
                kind,
                beds,
                crew,
                due,
                duration_min: duration_min.map(Some),
            };
            let task = store.edit_task(by, id, edit)?;
            let json = TaskJson::from((&task, store.catalog()?));
            Output::pick(ctx.json, &json, || task.id.to_string())
        }
        TaskCommand::Delete { id, by } => {
            let mut store = ctx.open()?;
            let id = TaskId(record_id(&store, "task", TaskId::KIND, &id)?);
            let by = person_id(&mut store, &by)?;
            let task = store.delete_task(by, id)?;
            let json = TaskJson::from((&task, store.catalog()?));
            Output::pick(ctx.json, &json, || task.id.to_string())
        }
    }
}

fn parse_minutes(text: &str) -> Result<u32, Error> {
    text.trim().parse::<u32>().map_err(|_| {
        Error::invalid(
            "minutes",
            format!("`{}` is not a whole number of minutes", text.trim()),
        )
    })
}

/// The daily list as the team reads it on the board, in the reader's words.
fn day_text(day: &DayTasksJson, words: Words) -> String {
    let w = |code: &'static str| words.column(code);
    let mut table = Table::new(&[
        w("id"),
        w("due"),
        w("kind"),
        w("title"),
        w("beds"),
        w("crew"),
        w("status"),
    ]);
    for (section, tasks) in [
        ("late", &day.late),
        ("today", &day.today),
        ("upcoming", &day.upcoming),
    ] {
        table.section(format!("{} ({})", w(section), tasks.len()));
        for t in tasks {
            let state =
                TaskState::from_code(&t.status).map_or(t.status.as_str(), |s| words.task_state(s));
            let mut status = state.to_owned();
            if let Some(by) = &t.status_by {
                status.push_str(&format!(" {} {by}", w("by")));
            }
            if let Some(reason) = t
                .abandon_reason
                .as_deref()
                .and_then(AbandonReason::from_code)
            {
                status.push_str(&format!(": {}", words.abandon_reason(reason)));
            }
            if let Some(note) = &t.abandon_note {
                status.push_str(&format!(" ({note})"));
            }
            let kind = TaskKind::from_code(&t.kind).map_or(t.kind.as_str(), |k| words.task_kind(k));
            table.row(vec![
                t.id.clone(),
                t.due.clone(),
                kind.to_owned(),
                t.title.clone(),
                t.beds.join(" "),
                t.crew.join(", "),
                status,
            ]);
        }
    }
    let mut text = format!("{} {}\n{}", w("tasks for"), day.day, table.render());
    if day.older_open > 0 {
        // Counted, not listed (see `tasks::LATE_DAYS`); an earlier day's
        // list shows them, to tick or abandon.
        let before = day.day.parse::<chrono::NaiveDate>().map_or_else(
            |_| day.day.clone(),
            |d| carnet_core::tasks::late_window_start(d).to_string(),
        );
        text.push_str(&words.older_open(day.older_open, &before));
        text.push('\n');
    }
    text
}
