//! Reads, from the projection tables only: no document is loaded to answer
//! them, which keeps a cold start fast however long the history.

use carnet_core::document::DocKey;
use carnet_core::harvest::{Harvest, Weighing};
use carnet_core::ids::*;
use carnet_core::observation::Observation;
use carnet_core::query::{self, Conflict, DayTasks, GroupBy, HistoryEntry, ReportRow};
use carnet_core::record::Record;
use carnet_core::task::Task;
use chrono::NaiveDate;
use rusqlite::params;

use crate::error::{Result, StoreError};
use crate::store::{Store, decode_record};

impl Store {
    fn query_records(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Record>> {
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map(params, |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row?;
            out.push(decode_record(&id, &json)?);
        }
        Ok(out)
    }

    pub(crate) fn has_record(&self, id: &str) -> Result<bool> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT 1 FROM records WHERE id = ?1")?;
        Ok(stmt.exists([id])?)
    }

    /// The day's list, after writing the recurring tasks of the past and the
    /// coming week that are not written yet. The past week is included so
    /// that a chore nobody listed on its day still shows as late, whichever
    /// device lists first; older misses are not brought back.
    pub fn day_tasks(
        &mut self,
        by: PersonId,
        day: NaiveDate,
        person: Option<PersonId>,
    ) -> Result<DayTasks> {
        let week = chrono::Duration::days(query::UPCOMING_DAYS);
        self.materialize(by, day - week, day + week)?;
        self.day_tasks_read_only(day, person)
    }

    /// The day's list without writing anything (a read-only look).
    pub fn day_tasks_read_only(
        &self,
        day: NaiveDate,
        person: Option<PersonId>,
    ) -> Result<DayTasks> {
        let mut list = query::tasks_for_day(self.tasks_for_list(day)?, day, person);
        list.older_open = self.older_open_tasks(day, person)?;
        Ok(list)
    }

    /// The tasks the day's list is made from: those due from `day` to the
    /// upcoming horizon, and the open ones of the late window. The rows read
    /// do not grow with the years of history.
    fn tasks_for_list(&self, day: NaiveDate) -> Result<Vec<Task>> {
        let horizon = day + chrono::Duration::days(query::UPCOMING_DAYS);
        let late_start = query::late_window_start(day);
        let records = self.query_records(
            "SELECT id, json FROM records WHERE type = 'task' AND day BETWEEN ?1 AND ?2
             UNION ALL SELECT id, json FROM records
                 WHERE type = 'task' AND open = 1 AND day >= ?3 AND day < ?1",
            params![day.to_string(), horizon.to_string(), late_start.to_string()],
        )?;
        Ok(records
            .into_iter()
            .filter_map(|r| {
                if let Record::Task(t) = r {
                    Some(t)
                } else {
                    None
                }
            })
            .collect())
    }

    /// Open tasks due before the late window, for `person` (their crew, or
    /// anyone's) or the whole team: counted in SQLite without decoding them.
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
                query::late_window_start(day).to_string(),
                person.map(|p| p.to_string())
            ],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    pub fn tasks_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Task>> {
        let records = self.query_records(
            "SELECT id, json FROM records WHERE type = 'task' AND day BETWEEN ?1 AND ?2 ORDER BY day, id",
            params![from.to_string(), to.to_string()],
        )?;
        Ok(records
            .into_iter()
            .filter_map(|r| {
                if let Record::Task(t) = r {
                    Some(t)
                } else {
                    None
                }
            })
            .collect())
    }

    fn located(&self, id: &str, kind: &'static str) -> Result<(DocKey, Record)> {
        let row: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT doc_id, json FROM records WHERE id = ?1 AND type = ?2",
                params![id, kind],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        let (doc_id, json) = row.ok_or_else(|| carnet_core::Error::not_found(kind, id))?;
        let doc_id: DocumentId = doc_id.parse()?;
        let key = self
            .key_of(doc_id)?
            .ok_or_else(|| carnet_core::Error::not_found("document", doc_id.to_string()))?;
        Ok((key, decode_record(id, &json)?))
    }

    pub fn task(&self, id: TaskId) -> Result<(DocKey, Task)> {
        match self.located(&id.to_string(), "task")? {
            (key, Record::Task(t)) => Ok((key, t)),
            _ => Err(carnet_core::Error::not_found("task", id.to_string()).into()),
        }
    }

    pub fn harvest(&self, id: HarvestId) -> Result<(DocKey, Harvest, Vec<Weighing>)> {
        match self.located(&id.to_string(), "harvest")? {
            (key, Record::Harvest(h)) => {
                let weighings = self.weighings_of(&[id])?;
                Ok((key, h, weighings))
            }
            _ => Err(carnet_core::Error::not_found("harvest", id.to_string()).into()),
        }
    }

    fn weighings_of(&self, harvests: &[HarvestId]) -> Result<Vec<Weighing>> {
        let mut out = Vec::new();
        for h in harvests {
            for r in self.query_records(
                "SELECT id, json FROM records WHERE parent = ?1 ORDER BY id",
                [h.to_string()],
            )? {
                if let Record::Weighing(w) = r {
                    out.push(w);
                }
            }
        }
        Ok(out)
    }

    /// Harvests between two dates (inclusive, either open) and their weighings.
    pub fn harvests_between(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<(Vec<Harvest>, Vec<Weighing>)> {
        let from = from.map_or_else(|| "0000-00-00".to_owned(), |d| d.to_string());
        let to = to.map_or_else(|| "9999-99-99".to_owned(), |d| d.to_string());
        let harvests: Vec<Harvest> = self
            .query_records(
                "SELECT id, json FROM records WHERE type = 'harvest' AND day BETWEEN ?1 AND ?2 ORDER BY day, id",
                params![from, to],
            )?
            .into_iter()
            .filter_map(|r| if let Record::Harvest(h) = r { Some(h) } else { None })
            .collect();
        let weighings = self
            .query_records(
                "SELECT w.id, w.json FROM records w JOIN records h ON w.parent = h.id
                 WHERE w.type = 'weighing' AND h.type = 'harvest' AND h.day BETWEEN ?1 AND ?2 ORDER BY w.id",
                params![from, to],
            )?
            .into_iter()
            .filter_map(|r| if let Record::Weighing(w) = r { Some(w) } else { None })
            .collect();
        Ok((harvests, weighings))
    }

    pub fn harvest_report(
        &mut self,
        by: GroupBy,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<ReportRow>> {
        let (harvests, weighings) = self.harvests_between(from, to)?;
        let catalog = self.catalog()?;
        Ok(query::harvest_report(
            catalog, &harvests, &weighings, by, from, to,
        ))
    }

    pub fn observations(&self, bed: Option<BedId>) -> Result<Vec<Observation>> {
        let records = match bed {
            Some(bed) => self.query_records(
                "SELECT r.id, r.json FROM record_beds b JOIN records r ON r.id = b.record_id
                 WHERE b.bed_id = ?1 AND r.type = 'observation' ORDER BY r.day, r.id",
                [bed.to_string()],
            )?,
            None => self.query_records(
                "SELECT id, json FROM records WHERE type = 'observation' ORDER BY day, id",
                [],
            )?,
        };
        Ok(records
            .into_iter()
            .filter_map(|r| {
                if let Record::Observation(o) = r {
                    Some(o)
                } else {
                    None
                }
            })
            .filter(|o| !o.deleted)
            .collect())
    }

    pub fn bed_history(&mut self, bed: BedId) -> Result<Vec<HistoryEntry>> {
        let records = self.query_records(
            "SELECT r.id, r.json FROM record_beds b JOIN records r ON r.id = b.record_id WHERE b.bed_id = ?1",
            [bed.to_string()],
        )?;
        let (mut tasks, mut harvests, mut observations) = (Vec::new(), Vec::new(), Vec::new());
        for r in records {
            match r {
                Record::Task(t) => tasks.push(t),
                Record::Harvest(h) => harvests.push(h),
                Record::Observation(o) => observations.push(o),
                _ => {}
            }
        }
        let weighings = self.weighings_of(&harvests.iter().map(|h| h.id).collect::<Vec<_>>())?;
        let catalog = self.catalog()?;
        Ok(query::bed_history(
            catalog,
            bed,
            &tasks,
            &harvests,
            &weighings,
            &observations,
        ))
    }

    /// Every field changed concurrently on two devices, not yet resolved.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT doc_id, record_id, json FROM conflicts ORDER BY doc_id, record_id, field",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row?;
            out.push(serde_json::from_str(&json).map_err(|e| StoreError::Projection(e, id))?);
        }
        Ok(out)
    }

    /// Every record of one type, for exports, in a stable order.
    pub fn records_of_type(&self, record_type: &str) -> Result<Vec<Record>> {
        self.query_records(
            "SELECT id, json FROM records WHERE type = ?1 ORDER BY day, id",
            [record_type],
        )
    }

    /// The document id each record is stored in, for conflict resolution.
    pub fn document_of(&self, record: &str) -> Result<Option<DocumentId>> {
        let doc: Option<String> = self
            .conn()
            .query_row("SELECT doc_id FROM records WHERE id = ?1", [record], |r| {
                r.get(0)
            })
            .ok();
        doc.map(|d| d.parse().map_err(StoreError::from)).transpose()
    }
}
