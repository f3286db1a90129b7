//! The fields of tasks (in the month's tasks document) and of recurring task
//! templates (in the catalog document), and how a template's instance reads
//! the fields it does not hold itself from its template.
//!
//! Deliberately not here: checks against the catalog (see `writes`), and the
//! envelope that dispatches on `type` (`record`).

use uuid::Uuid;

use super::{Abandonment, Recurrence, Task, TaskStatus, TaskTemplate};
use crate::catalog::Catalog;
use crate::ids::*;
use crate::record::{Codec, Reader, Writer, join_ids};
use crate::values::{Month, Name, TaskKind};

impl Codec for TaskTemplate {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        let (title, kind, beds, crew) = read_work(r)?;
        Ok(TaskTemplate {
            id: TemplateId(id),
            title,
            kind,
            beds,
            crew,
            rule: r.parse::<Recurrence>("rule")?,
            start: r.date("start")?,
            until: r.opt_date("until")?,
            duration_min: r.opt_minutes("duration_min")?,
            retired: r.flag("retired"),
            created: r.stamp()?,
        })
    }
    fn write(&self, w: &mut Writer) {
        write_work(w, &self.title, self.kind, &self.beds, &self.crew)
            .s("rule", self.rule.to_string())
            .s("start", self.start.to_string())
            .s(
                "until",
                self.until.map(|d| d.to_string()).unwrap_or_default(),
            )
            .i("duration_min", self.duration_min.map_or(0, i64::from))
            .b("retired", self.retired)
            .stamp(&self.created);
    }
}

impl Codec for Task {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        let (title, kind, beds, crew) = read_work(r)?;
        Ok(Task {
            id: TaskId(id),
            title,
            kind,
            beds,
            crew,
            due: r.date("due")?,
            duration_min: r.opt_minutes("duration_min")?,
            status: task_status(r)?,
            template: r.opt_uuid("template")?.map(TemplateId),
            deleted: r.raw.has("deleted_at"),
            created: r.stamp()?,
            moved_to: moved_to(r)?,
            moves: moves(r)?,
        })
    }
    fn write(&self, w: &mut Writer) {
        write_work(w, &self.title, self.kind, &self.beds, &self.crew)
            .s("due", self.due.to_string())
            .i("duration_min", self.duration_min.map_or(0, i64::from))
            .s(
                "template",
                self.template.map(|t| t.to_string()).unwrap_or_default(),
            )
            .stamp(&self.created);
        if let Some(month) = self.moved_to {
            w.s("moved_to", month.to_string());
        }
        if self.moves > 0 {
            w.i("moves", i64::from(self.moves));
        }
        w.fields.extend(self.status.fields());
    }
}

/// The fields a template and a task share: what is to be done, on which
/// beds, by whom. Read and written in one place so the two kinds cannot
/// drift apart.
fn read_work(r: &Reader<'_>) -> Result<(Name, TaskKind, Vec<BedId>, Vec<PersonId>), String> {
    Ok((
        r.name("title")?,
        r.parse("kind")?,
        r.ids("beds")?.into_iter().map(BedId).collect(),
        r.ids("crew")?.into_iter().map(PersonId).collect(),
    ))
}

fn write_work<'w>(
    w: &'w mut Writer,
    title: &Name,
    kind: TaskKind,
    beds: &[BedId],
    crew: &[PersonId],
) -> &'w mut Writer {
    w.s("title", title.as_str())
        .s("kind", kind.as_str())
        .s("beds", join_ids(beds.iter().map(|b| b.0)))
        .s("crew", join_ids(crew.iter().map(|p| p.0)))
}

/// A recurring task's instance holds only what identifies it (template and
/// day) and the fields people changed; the rest comes from its template.
/// So two devices that materialize the same day offline write identical
/// fields, and only real concurrent edits can differ.
pub(crate) fn instance_from_raw(
    r: &Reader<'_>,
    id: TaskId,
    catalog: Option<&Catalog>,
) -> Result<Task, String> {
    let raw = r.raw;
    let template_id = TemplateId(r.uuid("template")?);
    let template = catalog
        .and_then(|c| c.templates.get(&template_id))
        .ok_or_else(|| format!("template: {template_id} is not in the catalog"))?;
    let ids = |field: &str| -> Result<Option<Vec<Uuid>>, String> {
        if raw.has(field) {
            r.ids(field).map(Some)
        } else {
            Ok(None)
        }
    };
    Ok(Task {
        id,
        title: if raw.has("title") {
            r.name("title")?
        } else {
            template.title.clone()
        },
        kind: if raw.has("kind") {
            r.parse("kind")?
        } else {
            template.kind
        },
        beds: ids("beds")?.map_or_else(
            || template.beds.clone(),
            |v| v.into_iter().map(BedId).collect(),
        ),
        crew: ids("crew")?.map_or_else(
            || template.crew.clone(),
            |v| v.into_iter().map(PersonId).collect(),
        ),
        due: r.date("due")?,
        duration_min: if raw.has("duration_min") {
            r.opt_minutes("duration_min")?
        } else {
            template.duration_min
        },
        status: task_status(r)?,
        template: Some(template_id),
        deleted: raw.has("deleted_at"),
        created: r.stamp()?,
        moved_to: moved_to(r)?,
        moves: moves(r)?,
    })
}

/// The month a moved-away copy points to; absent or empty on a live copy
/// (a move back to a month writes it empty there).
fn moved_to(r: &Reader<'_>) -> Result<Option<Month>, String> {
    match r.raw.str("moved_to") {
        None | Some("") => Ok(None),
        Some(_) => r.parse("moved_to").map(Some),
    }
}

fn moves(r: &Reader<'_>) -> Result<u32, String> {
    match r.raw.i64("moves") {
        None => Ok(0),
        Some(n) => u32::try_from(n).map_err(|_| format!("moves: {n} is not a count")),
    }
}

fn task_status(r: &Reader<'_>) -> Result<TaskStatus, String> {
    Ok(match r.raw.str("status").unwrap_or("todo") {
        "todo" => TaskStatus::Todo,
        "done" => TaskStatus::Done {
            by: PersonId(r.uuid("done_by")?),
            at: r.time("done_at")?,
        },
        "abandoned" => TaskStatus::Abandoned {
            by: PersonId(r.uuid("abandoned_by")?),
            at: r.time("abandoned_at")?,
            why: Abandonment::from_stored(r.str("abandon_reason")?, r.raw.str("abandon_note"))
                .map_err(|e| e.to_string())?,
        },
        other => return Err(format!("status: unknown value `{other}`")),
    })
}
