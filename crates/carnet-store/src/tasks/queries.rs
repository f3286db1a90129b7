//! The tasks' reads, from the projection tables only: the day's list (after
//! materializing the recurring tasks around it), tasks between two dates,
//! and one task with its document.
//!
//! Deliberately not here: the list's rules (the core's `tasks`), which this
//! only feeds with the rows it needs.

use carnet_core::document::{DocKey, Domain};
use carnet_core::ids::*;
use carnet_core::record::Record;
use carnet_core::tasks::{self, DayTasks, Task, UPCOMING_DAYS};
use chrono::NaiveDate;
use rusqlite::params;

use crate::error::Result;
use crate::store::Store;

impl Store {
    /// The day's list, after writing the recurring tasks of the past and the
    /// coming week that are not written yet. The past week is included so
    /// that a chore nobody listed on its day still shows as late, whichever
    /// device lists first; older misses are not brought back. A device whose
    /// role may not write tasks materializes nothing.
    pub fn day_tasks(
        &mut self,
        by: PersonId,
        day: NaiveDate,
        person: Option<PersonId>,
    ) -> Result<DayTasks> {
        let week = chrono::Duration::days(UPCOMING_DAYS);
        // A device that may not write tasks (a viewer) only looks: opening
        // Today there must write nothing, the server would refuse it anyway.
        if self.device_role()?.may_write_domain(Domain::Tasks) {
            self.materialize(by, day - week, day + week)?;
        }
        self.day_tasks_read_only(day, person)
    }

    /// The day's list without writing anything (a read-only look).
    pub fn day_tasks_read_only(
        &self,
        day: NaiveDate,
        person: Option<PersonId>,
    ) -> Result<DayTasks> {
        let mut list = tasks::tasks_for_day(self.tasks_for_list(day)?, day, person);
        list.older_open = self.older_open_tasks(day, person)?;
        Ok(list)
    }

    /// The tasks the day's list is made from: those due from `day` to the
    /// upcoming horizon, and the open ones of the late window. The rows read
    /// do not grow with the years of history.
    fn tasks_for_list(&self, day: NaiveDate) -> Result<Vec<Task>> {
        let horizon = day + chrono::Duration::days(UPCOMING_DAYS);
        let late_start = tasks::late_window_start(day);
        self.query_tasks(
            "SELECT id, json FROM records WHERE type = 'task' AND day BETWEEN ?1 AND ?2
             UNION ALL SELECT id, json FROM records
                 WHERE type = 'task' AND open = 1 AND day >= ?3 AND day < ?1",
            params![day.to_string(), horizon.to_string(), late_start.to_string()],
        )
    }

    /// Open tasks due before the late window, for `person` (their crew, or
    /// anyone's) or the whole team: counted in SQLite without decoding them.
    /// The SQL is `Task::is_for` said over the projection's JSON, the one
    /// place the rule is written; the journey test
    /// `late_lists_four_weeks_and_counts_older_open_tasks_for_whoever_asks` holds
    /// the two equal.
    fn older_open_tasks(&self, day: NaiveDate, person: Option<PersonId>) -> Result<usize> {
        let mut stmt = self.conn().prepare_cached(
            // `r.json`, not `json`: inside the subquery a bare `json` is
            // json_each's own hidden column.
            "SELECT count(*) FROM records r WHERE r.type = 'task' AND r.open = 1 AND r.day < ?1
               AND (?2 IS NULL OR coalesce(json_array_length(r.json, '$.crew'), 0) = 0
                    OR EXISTS (SELECT 1 FROM json_each(r.json, '$.crew') c WHERE c.value = ?2))",
        )?;
        let count: i64 = stmt.query_row(
            params![
                tasks::late_window_start(day).to_string(),
                person.map(|p| p.to_string())
            ],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    pub fn tasks_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Task>> {
        self.query_tasks(
            "SELECT id, json FROM records WHERE type = 'task' AND day BETWEEN ?1 AND ?2 ORDER BY day, id",
            params![from.to_string(), to.to_string()],
        )
    }

    /// The tasks among the rows `sql` selects (`id, json`), in its order.
    fn query_tasks(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Task>> {
        let records = self.query_records(sql, params)?;
        Ok(records
            .into_iter()
            .filter_map(|r| match r {
                Record::Task(t) => Some(t),
                _ => None,
            })
            .collect())
    }

    pub fn task(&self, id: TaskId) -> Result<(DocKey, Task)> {
        match self.located(&id.to_string(), "task")? {
            (key, Record::Task(t)) => Ok((key, t)),
            _ => Err(carnet_core::Error::not_found("task", id.to_string()).into()),
        }
    }
}
