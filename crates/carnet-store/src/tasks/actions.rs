//! The tasks' writes, one SQLite transaction each: one-off and recurring
//! tasks, the days a template materializes, and a task's life. Each method
//! draws the ids it needs, calls one write of the core's `tasks`, and lets
//! `Store::write` persist the change and its projection together.
//!
//! Deliberately not here: the day's list (`queries`).

use carnet_core::catalog::Catalog;
use carnet_core::document::{Author, DocKey, Document, Domain};
use carnet_core::ids::*;
use carnet_core::tasks::{
    self, Abandonment, NewTask, NewTemplate, Task, TaskEdit, TaskTemplate, UPCOMING_DAYS,
};
use carnet_core::values::Month;

use crate::error::Result;
use crate::store::Store;

impl Store {
    pub fn add_task(&mut self, by: PersonId, new: NewTask) -> Result<Task> {
        let id = TaskId(self.new_uuid());
        let key = DocKey::Month {
            farm: self.farm_id()?,
            domain: Domain::Tasks,
            month: Month::of(new.due),
        };
        self.write(key, by, |doc, catalog, author| {
            let t = tasks::add_task(doc, catalog, author, id, new)?;
            Ok((t, vec![id.0]))
        })
    }

    /// Adds a recurring task and materializes its first week.
    pub fn add_recurring_task(&mut self, by: PersonId, new: NewTemplate) -> Result<TaskTemplate> {
        let id = TemplateId(self.new_uuid());
        let key = self.catalog_key()?;
        let template = self.write(key, by, |doc, catalog, author| {
            let t = tasks::add_template(doc, catalog, author, id, new)?;
            Ok((t, vec![id.0]))
        })?;
        let start = template.start;
        self.materialize(by, start, start + chrono::Duration::days(UPCOMING_DAYS))?;
        Ok(template)
    }

    /// Writes the recurring tasks due in `from..=to` that this store does not
    /// hold yet. Returns how many it wrote.
    pub fn materialize(
        &mut self,
        by: PersonId,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<usize> {
        let templates: Vec<TaskTemplate> = self
            .catalog()?
            .templates
            .values()
            .filter(|t| !t.retired)
            .cloned()
            .collect();
        let farm = self.farm_id()?;
        let mut written = 0;
        for template in templates {
            for date in template.dates(from, to) {
                let id = template.instance_id(date);
                if self.has_record(&id.to_string())? {
                    continue;
                }
                let key = DocKey::Month {
                    farm,
                    domain: Domain::Tasks,
                    month: Month::of(date),
                };
                let wrote = self.write(key, by, |doc, _, author| {
                    let t = tasks::materialize(doc, author, &template, date)?;
                    Ok((t.is_some(), vec![id.0]))
                })?;
                written += usize::from(wrote);
            }
        }
        Ok(written)
    }

    fn task_action(
        &mut self,
        id: TaskId,
        by: PersonId,
        action: impl FnOnce(&mut Document, &Catalog, &Author, &Task) -> carnet_core::Result<Task>,
    ) -> Result<Task> {
        let (key, task) = self.task(id)?;
        self.write(key, by, |doc, catalog, author| {
            let t = action(doc, catalog, author, &task)?;
            Ok((t, vec![id.0]))
        })
    }

    pub fn complete_task(&mut self, by: PersonId, id: TaskId) -> Result<Task> {
        self.task_action(id, by, |doc, _, author, task| {
            tasks::complete_task(doc, author, task)
        })
    }

    /// Abandons a task for a reason's code and an optional note; a bare
    /// free text (`Name`) is `other` with that text as the note, as version
    /// 0.1.0's reasons read.
    pub fn abandon_task(
        &mut self,
        by: PersonId,
        id: TaskId,
        why: impl Into<Abandonment>,
    ) -> Result<Task> {
        let why = why.into();
        self.task_action(id, by, |doc, _, author, task| {
            tasks::abandon_task(doc, author, task, why)
        })
    }

    pub fn reopen_task(&mut self, by: PersonId, id: TaskId) -> Result<Task> {
        self.task_action(id, by, |doc, _, author, task| {
            tasks::reopen_task(doc, author, task)
        })
    }

    /// Edits a task. A due day in another month than the document holding
    /// the task moves it (`tasks::move_task`): both month documents are
    /// written in one transaction, so a device syncing only the new month
    /// lists it, and the projection lists the moved copy.
    pub fn edit_task(&mut self, by: PersonId, id: TaskId, edit: TaskEdit) -> Result<Task> {
        let (from, task) = self.task(id)?;
        let to = match (edit.due, from) {
            (
                Some(due),
                DocKey::Month {
                    farm,
                    domain,
                    month,
                },
            ) if Month::of(due) != month => DocKey::Month {
                farm,
                domain,
                month: Month::of(due),
            },
            _ => {
                return self.write(from, by, |doc, catalog, author| {
                    let t = tasks::edit_task(doc, catalog, author, &task, edit)?;
                    Ok((t, vec![id.0]))
                });
            }
        };
        self.write_pair([from, to], by, |from_doc, to_doc, catalog, author| {
            let t = tasks::move_task(from_doc, to_doc, catalog, author, &task, edit)?;
            Ok((t, vec![id.0]))
        })
    }

    pub fn delete_task(&mut self, by: PersonId, id: TaskId) -> Result<Task> {
        self.task_action(id, by, |doc, _, author, task| {
            tasks::delete_task(doc, author, task)
        })
    }
}
