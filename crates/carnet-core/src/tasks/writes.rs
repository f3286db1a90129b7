//! The tasks' writes: one-off tasks, recurring task templates and the days
//! they materialize, and a task's life (done, abandoned, reopened, edited,
//! deleted). Beds and crew are checked through the catalog's public checks.
//!
//! Deliberately not here: the daily list (`queries`). Ids and the author come
//! in as arguments: nothing here reads a clock or draws a random number.

use automerge::ScalarValue;
use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::document::{Author, Document, Domain};
use crate::error::{Error, Result};
use crate::ids::*;
use crate::record::{Record, Stamp, join_ids};
use crate::tasks::{Abandonment, Recurrence, Task, TaskStatus, TaskTemplate};
use crate::values::Month;
use crate::values::{Name, TaskKind};
use crate::write::{expect_catalog, expect_month, stamp, updated, write_edit, write_new};

/// What planning a task takes: the fields a person chooses. The record
/// (`Task`) adds what only the write decides (id, status, stamp), so the two
/// stay apart rather than one holding options the other never fills.
#[derive(Clone, Debug)]
pub struct NewTask {
    pub title: Name,
    pub kind: TaskKind,
    pub beds: Vec<BedId>,
    pub crew: Vec<PersonId>,
    pub due: NaiveDate,
    pub duration_min: Option<u32>,
}

fn check_refs(catalog: &Catalog, beds: &[BedId], crew: &[PersonId]) -> Result<()> {
    catalog.check_beds_in_use(beds)?;
    catalog.check_crew_active(crew)
}

fn check_duration(duration_min: Option<u32>) -> Result<()> {
    match duration_min {
        Some(d) if d == 0 || d > 24 * 60 => Err(Error::invalid(
            "duration",
            format!("{d} minutes is not between 1 minute and 24 hours"),
        )),
        _ => Ok(()),
    }
}

pub fn add_task(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: TaskId,
    new: NewTask,
) -> Result<Task> {
    expect_month(doc, Domain::Tasks, new.due)?;
    check_refs(catalog, &new.beds, &new.crew)?;
    check_duration(new.duration_min)?;
    let task = Task {
        id,
        title: new.title,
        kind: new.kind,
        beds: new.beds,
        crew: new.crew,
        due: new.due,
        duration_min: new.duration_min,
        status: TaskStatus::Todo,
        template: None,
        deleted: false,
        created: stamp(author),
        moved_to: None,
        moves: 0,
    };
    write_new(doc, author, &Record::Task(task.clone()))?;
    Ok(task)
}

#[derive(Clone, Debug)]
pub struct NewTemplate {
    pub task: NewTask,
    pub rule: Recurrence,
    pub until: Option<NaiveDate>,
}

/// Adds a recurring task to the catalog; its first day is `task.due`.
pub fn add_template(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: TemplateId,
    new: NewTemplate,
) -> Result<TaskTemplate> {
    expect_catalog(doc)?;
    check_refs(catalog, &new.task.beds, &new.task.crew)?;
    check_duration(new.task.duration_min)?;
    if let Some(until) = new.until
        && until < new.task.due
    {
        return Err(Error::invalid(
            "until",
            format!("{until} is before the first day {}", new.task.due),
        ));
    }
    let template = TaskTemplate {
        id,
        title: new.task.title,
        kind: new.task.kind,
        beds: new.task.beds,
        crew: new.task.crew,
        rule: new.rule,
        start: new.task.due,
        until: new.until,
        duration_min: new.task.duration_min,
        retired: false,
        created: stamp(author),
    };
    write_new(doc, author, &Record::Template(template.clone()))?;
    Ok(template)
}

/// Writes the template's task for `date` unless this document already holds
/// it. Returns the task when it wrote one. Two devices doing this offline
/// write the same key with the same fields: one task after merge.
pub fn materialize(
    doc: &mut Document,
    author: &Author,
    template: &TaskTemplate,
    date: NaiveDate,
) -> Result<Option<Task>> {
    expect_month(doc, Domain::Tasks, date)?;
    let task = template.instance(
        date,
        Stamp {
            by: template.created.by,
            at: template.created.at,
            device: template.created.device.clone(),
        },
    );
    let key = task.id.to_string();
    if doc.record(&key).is_some() {
        return Ok(None);
    }
    // Only the instance's identity is written, from the template alone (not
    // from who materialized it, nor when), so concurrent materializations
    // write identical fields; readers take the rest from the template.
    let created = &template.created;
    let fields: Vec<(&str, ScalarValue)> = vec![
        ("template", template.id.to_string().into()),
        ("due", date.to_string().into()),
        ("created_by", created.by.to_string().into()),
        ("created_at", created.at.to_rfc3339().into()),
        ("device", created.device.as_str().into()),
    ];
    doc.put_record(author, &key, "task", &fields)?;
    Ok(Some(task))
}

fn task_doc_check(doc: &Document, task: &Task) -> Result<()> {
    if doc.record(&task.id.to_string()).is_none() {
        return Err(Error::not_found("task", task.id.to_string()));
    }
    if task.deleted {
        return Err(Error::invalid(
            "task",
            format!("{} was deleted", task.title),
        ));
    }
    // A change to the copy a move left behind would reach nobody who lists
    // the task: it is made on the copy in the new month.
    if let Some(month) = task.moved_to {
        return Err(Error::invalid(
            "task",
            format!("{} moved to {month}", task.title),
        ));
    }
    Ok(())
}

pub fn complete_task(doc: &mut Document, author: &Author, task: &Task) -> Result<Task> {
    task_doc_check(doc, task)?;
    if let TaskStatus::Done { .. } = task.status {
        return Err(Error::invalid(
            "task",
            format!("{} is already done", task.title),
        ));
    }
    set_status(
        doc,
        author,
        task,
        TaskStatus::Done {
            by: author.person,
            at: author.now,
        },
    )
}

pub fn abandon_task(
    doc: &mut Document,
    author: &Author,
    task: &Task,
    why: Abandonment,
) -> Result<Task> {
    task_doc_check(doc, task)?;
    if !matches!(task.status, TaskStatus::Todo) {
        return Err(Error::invalid(
            "task",
            format!("{} is {}, not to do", task.title, task.status.as_str()),
        ));
    }
    set_status(
        doc,
        author,
        task,
        TaskStatus::Abandoned {
            by: author.person,
            at: author.now,
            why,
        },
    )
}

/// Puts a done or abandoned task back to do (the app's undo).
pub fn reopen_task(doc: &mut Document, author: &Author, task: &Task) -> Result<Task> {
    task_doc_check(doc, task)?;
    if matches!(task.status, TaskStatus::Todo) {
        return Err(Error::invalid(
            "task",
            format!("{} is already to do", task.title),
        ));
    }
    set_status(doc, author, task, TaskStatus::Todo)
}

fn set_status(
    doc: &mut Document,
    author: &Author,
    task: &Task,
    status: TaskStatus,
) -> Result<Task> {
    write_edit(doc, author, &task.id.to_string(), "task", status.fields())?;
    Ok(Task {
        status,
        ..task.clone()
    })
}

/// Changes what a task is, who does it, or when. Only the given fields are
/// written, so a concurrent edit of another field is kept.
#[derive(Clone, Debug, Default)]
pub struct TaskEdit {
    pub title: Option<Name>,
    pub kind: Option<TaskKind>,
    pub crew: Option<Vec<PersonId>>,
    pub beds: Option<Vec<BedId>>,
    pub due: Option<NaiveDate>,
    pub duration_min: Option<Option<u32>>,
}

/// Changes a task within its month's document. A new due day in another
/// month is a move (`move_task`), refused here: written into this document
/// it would leave the task where a device syncing recent months never looks.
pub fn edit_task(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    task: &Task,
    edit: TaskEdit,
) -> Result<Task> {
    task_doc_check(doc, task)?;
    if let Some(due) = edit.due {
        expect_month(doc, Domain::Tasks, due)?;
    }
    let (new, fields) = apply_edit(catalog, task, edit)?;
    write_edit(doc, author, &task.id.to_string(), "task", fields)?;
    Ok(new)
}

/// The task an edit makes, and the fields it writes; checks the beds, crew
/// and duration it names, refuses an edit naming nothing.
fn apply_edit(
    catalog: &Catalog,
    task: &Task,
    edit: TaskEdit,
) -> Result<(Task, Vec<(&'static str, ScalarValue)>)> {
    let mut new = task.clone();
    let mut fields: Vec<(&'static str, ScalarValue)> = Vec::new();
    if let Some(title) = edit.title {
        fields.push(("title", title.as_str().into()));
        new.title = title;
    }
    if let Some(kind) = edit.kind {
        fields.push(("kind", kind.as_str().into()));
        new.kind = kind;
    }
    if let Some(crew) = edit.crew {
        check_refs(catalog, &[], &crew)?;
        fields.push(("crew", join_ids(crew.iter().map(|p| p.0)).into()));
        new.crew = crew;
    }
    if let Some(beds) = edit.beds {
        check_refs(catalog, &beds, &[])?;
        fields.push(("beds", join_ids(beds.iter().map(|b| b.0)).into()));
        new.beds = beds;
    }
    if let Some(due) = edit.due {
        fields.push(("due", due.to_string().into()));
        new.due = due;
    }
    if let Some(duration) = edit.duration_min {
        check_duration(duration)?;
        fields.push((
            "duration_min",
            ScalarValue::Int(duration.map_or(0, i64::from)),
        ));
        new.duration_min = duration;
    }
    if fields.is_empty() {
        return Err(Error::invalid("edit", "nothing to change"));
    }
    Ok((new, fields))
}

/// Moves a task to another month: an edit whose due day lies in the month
/// of `to`. The task is written under the same id into `to` (created, or
/// made live again when it was there before), with one more `moves`; the
/// copy in `from` gets `moved_to` and every field rewritten with the moved
/// task's values, so a change made to it concurrently on a device that had
/// not seen the move (an offline tick) meets a concurrent value: a visible
/// conflict on that copy rather than a silent loss. Which copy a device
/// lists is `Task::outranks`. The store persists both documents in one
/// transaction.
pub fn move_task(
    from: &mut Document,
    to: &mut Document,
    catalog: &Catalog,
    author: &Author,
    task: &Task,
    edit: TaskEdit,
) -> Result<Task> {
    task_doc_check(from, task)?;
    let due = edit
        .due
        .ok_or_else(|| Error::invalid("due", "a move names the new due day"))?;
    expect_month(to, Domain::Tasks, due)?;
    if from.key() == to.key() {
        return Err(Error::invalid(
            "due",
            format!("{due} is in the month the task is already in"),
        ));
    }
    let (mut moved, _) = apply_edit(catalog, task, edit)?;
    moved.moved_to = None;
    moved.moves = task.moves + 1;
    let key = task.id.to_string();
    let placed = |moved_to: String, moves: u32| {
        let mut fields: Vec<(&'static str, ScalarValue)> = Record::Task(moved.clone())
            .fields()
            .into_iter()
            .filter(|(f, _)| !matches!(*f, "moved_to" | "moves"))
            .collect();
        fields.push(("moved_to", moved_to.into()));
        fields.push(("moves", ScalarValue::Int(i64::from(moves))));
        fields.extend(updated(author));
        fields
    };
    // An empty `moved_to` makes live again a copy an earlier move left in
    // this month (a task moved back).
    to.put_record(author, &key, "task", &placed(String::new(), moved.moves))?;
    let left = placed(Month::of(due).to_string(), task.moves);
    from.rewrite_record(author, &key, "task", &left)?;
    Ok(moved)
}

/// Marks a task deleted. The record stays: a delete concurrent with an edit
/// must not lose the edit.
pub fn delete_task(doc: &mut Document, author: &Author, task: &Task) -> Result<Task> {
    task_doc_check(doc, task)?;
    write_edit(
        doc,
        author,
        &task.id.to_string(),
        "task",
        vec![
            ("deleted_at", author.now.to_rfc3339().into()),
            ("deleted_by", author.person.to_string().into()),
        ],
    )?;
    Ok(Task {
        deleted: true,
        ..task.clone()
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use expect_test::{Expect, expect};
    use uuid::Uuid;

    use super::*;
    use crate::document::Domain;
    use crate::testing::read_record;
    use crate::testing::{ANNE, BED, GONE, Garden, RETIRED_BED, author, month_doc, name};
    use crate::values::AbandonReason;

    fn check_err<T: std::fmt::Debug>(result: Result<T>, expect: Expect) {
        expect.assert_eq(&result.unwrap_err().to_string());
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn new_task(beds: Vec<BedId>, crew: Vec<PersonId>) -> NewTask {
        NewTask {
            title: name("Désherber"),
            kind: TaskKind::Weeding,
            beds,
            crew,
            due: day(23),
            duration_min: Some(90),
        }
    }

    const TASK: TaskId = TaskId(Uuid::from_u128(60));

    /// The garden, the month's tasks document, and one task to do in it.
    fn with_task() -> (Garden, Document, Task) {
        let g = Garden::new();
        let mut doc = month_doc(Domain::Tasks);
        let task = add_task(
            &mut doc,
            &g.catalog,
            &author(),
            TASK,
            new_task(vec![BED], vec![ANNE]),
        )
        .unwrap();
        (g, doc, task)
    }

    fn stored(doc: &Document) -> Task {
        match read_record(doc, &TASK.to_string()).unwrap() {
            Record::Task(t) => t,
            other => panic!("expected a task, got {other:?}"),
        }
    }

    #[test]
    fn a_task_is_written_to_do_in_its_month_and_reads_back_as_written() {
        let (_, doc, task) = with_task();
        assert_eq!(task.status, TaskStatus::Todo);
        assert_eq!(stored(&doc), task);
    }

    #[test]
    fn a_task_outside_its_month_document_is_refused() {
        let g = Garden::new();
        let mut doc = month_doc(Domain::Tasks);
        let mut new = new_task(vec![BED], vec![]);
        new.due = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        check_err(
            add_task(&mut doc, &g.catalog, &author(), TASK, new),
            expect!["document: tasks/2026-11 does not hold tasks/2026-12"],
        );
    }

    #[test]
    fn a_task_on_a_retired_or_unknown_bed_or_with_inactive_crew_is_refused() {
        let g = Garden::new();
        let mut doc = month_doc(Domain::Tasks);
        let a = author();
        let unknown_bed = BedId(Uuid::from_u128(99));
        let unknown_person = PersonId(Uuid::from_u128(99));
        let mut out = String::new();
        for new in [
            new_task(vec![RETIRED_BED], vec![]),
            new_task(vec![unknown_bed], vec![]),
            new_task(vec![BED], vec![GONE]),
            new_task(vec![BED], vec![unknown_person]),
        ] {
            let err = add_task(&mut doc, &g.catalog, &a, TASK, new).unwrap_err();
            out.push_str(&format!("{err}\n"));
        }
        expect![[r#"
            bed: A-08 is retired
            bed not found: 00000000-0000-0000-0000-000000000063
            crew: Paul is not active
            person not found: 00000000-0000-0000-0000-000000000063
        "#]]
        .assert_eq(&out);
        assert!(doc.records().is_empty());
    }

    #[test]
    fn a_task_lasting_no_time_or_more_than_a_day_is_refused() {
        let g = Garden::new();
        let mut doc = month_doc(Domain::Tasks);
        for minutes in [0, 24 * 60 + 1] {
            let mut new = new_task(vec![BED], vec![]);
            new.duration_min = Some(minutes);
            assert!(add_task(&mut doc, &g.catalog, &author(), TASK, new).is_err());
        }
        assert!(doc.records().is_empty());
    }

    #[test]
    fn a_template_goes_in_the_catalog_and_materializes_each_day_once() {
        let mut g = Garden::new();
        let new = NewTemplate {
            task: new_task(vec![BED], vec![]),
            rule: Recurrence::every_days(1).unwrap(),
            until: None,
        };
        let id = TemplateId(Uuid::from_u128(61));
        let template = add_template(&mut g.doc, &g.catalog, &author(), id, new).unwrap();
        g.reread();
        assert_eq!(g.catalog.templates[&id], template);
        let mut doc = month_doc(Domain::Tasks);
        let first = materialize(&mut doc, &author(), &template, day(24)).unwrap();
        let again = materialize(&mut doc, &author(), &template, day(24)).unwrap();
        assert_eq!(
            first.map(|t| (t.due, t.template)),
            Some((day(24), Some(id)))
        );
        assert_eq!(again, None);
        assert_eq!(doc.records().len(), 1);
    }

    #[test]
    fn a_template_ending_before_it_starts_or_outside_the_catalog_is_refused() {
        let g = Garden::new();
        let new = NewTemplate {
            task: new_task(vec![BED], vec![]),
            rule: Recurrence::every_days(7).unwrap(),
            until: Some(day(1)),
        };
        let id = TemplateId(Uuid::from_u128(61));
        let mut catalog_doc = g.doc;
        check_err(
            add_template(&mut catalog_doc, &g.catalog, &author(), id, new.clone()),
            expect!["until: 2026-11-01 is before the first day 2026-11-23"],
        );
        let mut month = month_doc(Domain::Tasks);
        check_err(
            add_template(
                &mut month,
                &g.catalog,
                &author(),
                id,
                NewTemplate { until: None, ..new },
            ),
            expect!["document: tasks/2026-11 is not the catalog"],
        );
    }

    #[test]
    fn a_task_is_done_then_reopened_then_abandoned_and_each_is_stored() {
        let (_, mut doc, task) = with_task();
        let a = author();
        let done = complete_task(&mut doc, &a, &task).unwrap();
        assert_eq!(stored(&doc).status, done.status);
        let reopened = reopen_task(&mut doc, &a, &done).unwrap();
        assert_eq!(stored(&doc).status, TaskStatus::Todo);
        let why = Abandonment::new(AbandonReason::Weather, Some(name("gel")));
        let abandoned = abandon_task(&mut doc, &a, &reopened, why).unwrap();
        assert_eq!(stored(&doc).status, abandoned.status);
        assert!(!stored(&doc).is_open());
    }

    /// Issue 10 point 6: the reason is stored as its code, the note as
    /// typed, so whoever reads it gets the reason in their own language.
    #[test]
    fn an_abandon_reason_is_stored_as_its_code_with_the_note_as_typed() {
        let (_, mut doc, task) = with_task();
        let why = Abandonment::parse("météo", Some(" gel ")).unwrap();
        abandon_task(&mut doc, &author(), &task, why).unwrap();
        let raw = doc.record(&TASK.to_string()).unwrap();
        assert_eq!(
            (raw.str("abandon_reason"), raw.str("abandon_note")),
            (Some("weather"), Some("gel"))
        );
        let TaskStatus::Abandoned { why, .. } = stored(&doc).status else {
            panic!("abandoned")
        };
        assert_eq!(
            (why.reason(), why.note()),
            (AbandonReason::Weather, Some(&name("gel")))
        );
    }

    /// Version 0.1.0 stored the words a person typed as the reason: they read
    /// as `other` with those words as the note, in the document and in the
    /// projection's JSON (which writes them back as 0.1.0 did).
    #[test]
    fn a_free_text_reason_written_by_version_0_1_0_reads_as_other_with_its_text_as_note() {
        let (_, mut doc, _) = with_task();
        let a = author();
        let old = [
            ("status", ScalarValue::Str("abandoned".into())),
            (
                "abandoned_by",
                ScalarValue::Str(a.person.to_string().into()),
            ),
            ("abandoned_at", ScalarValue::Str(a.now.to_rfc3339().into())),
            (
                "abandon_reason",
                ScalarValue::Str("paille pas livrée".into()),
            ),
        ];
        doc.put_record(&a, &TASK.to_string(), "task", &old).unwrap();
        let status = stored(&doc).status;
        let TaskStatus::Abandoned { why, .. } = &status else {
            panic!("abandoned")
        };
        assert_eq!(
            (why.reason(), why.note()),
            (AbandonReason::Other, Some(&name("paille pas livrée")))
        );
        let json = serde_json::to_value(&status).unwrap();
        assert_eq!(json["reason"], "paille pas livrée");
        assert_eq!(serde_json::from_value::<TaskStatus>(json).unwrap(), status);
    }

    #[test]
    fn an_abandonment_reads_back_from_json_whatever_its_reason_and_note() {
        let cases = [
            Abandonment::new(AbandonReason::NoTime, None),
            Abandonment::new(AbandonReason::CropLost, Some(name("grêle"))),
            Abandonment::new(AbandonReason::Other, None),
            Abandonment::new(AbandonReason::Other, Some(name("weather"))),
            Abandonment::new(AbandonReason::Other, Some(name("la bâche s'est envolée"))),
        ];
        for why in cases {
            let json = serde_json::to_string(&why).unwrap();
            assert_eq!(
                serde_json::from_str::<Abandonment>(&json).unwrap(),
                why,
                "{json}"
            );
        }
        let refused = [
            r#"{"reason":""}"#,
            r#"{"reason":"weather","note":"two\nlines"}"#,
        ];
        for json in refused {
            assert!(serde_json::from_str::<Abandonment>(json).is_err(), "{json}");
        }
        assert_eq!(
            Abandonment::parse("fatigue", None).unwrap_err().to_string(),
            "reason: `fatigue` is not one of weather, no_time, not_needed, crop_lost, equipment, other"
        );
    }

    #[test]
    fn a_status_change_that_changes_nothing_is_refused() {
        let (_, mut doc, task) = with_task();
        let a = author();
        let mut out = String::new();
        out.push_str(&format!(
            "{}\n",
            reopen_task(&mut doc, &a, &task).unwrap_err()
        ));
        let done = complete_task(&mut doc, &a, &task).unwrap();
        out.push_str(&format!(
            "{}\n",
            complete_task(&mut doc, &a, &done).unwrap_err()
        ));
        out.push_str(&format!(
            "{}\n",
            abandon_task(
                &mut doc,
                &a,
                &done,
                Abandonment::new(AbandonReason::Weather, None)
            )
            .unwrap_err()
        ));
        expect![[r#"
            task: Désherber is already to do
            task: Désherber is already done
            task: Désherber is done, not to do
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn an_edit_writes_only_the_fields_given() {
        let (g, mut doc, task) = with_task();
        let edit = TaskEdit {
            title: Some(name("Biner")),
            due: Some(day(25)),
            duration_min: Some(None),
            ..TaskEdit::default()
        };
        let edited = edit_task(&mut doc, &g.catalog, &author(), &task, edit).unwrap();
        assert_eq!(stored(&doc), edited);
        assert_eq!(
            (
                edited.title.as_str(),
                edited.due,
                edited.duration_min,
                edited.beds,
                edited.crew
            ),
            ("Biner", day(25), None, task.beds, task.crew)
        );
    }

    #[test]
    fn a_kind_edit_is_stored_and_keeps_the_title() {
        let (g, mut doc, task) = with_task();
        let edit = TaskEdit {
            kind: Some(TaskKind::Mulching),
            ..TaskEdit::default()
        };
        let edited = edit_task(&mut doc, &g.catalog, &author(), &task, edit).unwrap();
        assert_eq!(stored(&doc), edited);
        assert_eq!(
            (edited.kind, edited.title),
            (TaskKind::Mulching, task.title)
        );
    }

    #[test]
    fn an_empty_edit_or_one_naming_a_retired_bed_or_inactive_crew_is_refused() {
        let (g, mut doc, task) = with_task();
        let a = author();
        let mut out = String::new();
        for edit in [
            TaskEdit::default(),
            TaskEdit {
                beds: Some(vec![RETIRED_BED]),
                ..TaskEdit::default()
            },
            TaskEdit {
                crew: Some(vec![GONE]),
                ..TaskEdit::default()
            },
            TaskEdit {
                duration_min: Some(Some(0)),
                ..TaskEdit::default()
            },
        ] {
            let err = edit_task(&mut doc, &g.catalog, &a, &task, edit).unwrap_err();
            out.push_str(&format!("{err}\n"));
        }
        expect![[r#"
            edit: nothing to change
            bed: A-08 is retired
            crew: Paul is not active
            duration: 0 minutes is not between 1 minute and 24 hours
        "#]]
        .assert_eq(&out);
        assert_eq!(stored(&doc), task);
    }

    #[test]
    fn a_deleted_task_stays_stored_and_refuses_every_later_change() {
        let (g, mut doc, task) = with_task();
        let a = author();
        let deleted = delete_task(&mut doc, &a, &task).unwrap();
        assert!(stored(&doc).deleted);
        check_err(
            complete_task(&mut doc, &a, &deleted),
            expect!["task: Désherber was deleted"],
        );
        check_err(
            edit_task(&mut doc, &g.catalog, &a, &deleted, TaskEdit::default()),
            expect!["task: Désherber was deleted"],
        );
    }

    #[test]
    fn a_change_to_a_task_this_document_does_not_hold_is_refused() {
        let (_, _, task) = with_task();
        let mut other = month_doc(Domain::Tasks);
        check_err(
            complete_task(&mut other, &author(), &task),
            expect!["task not found: 00000000-0000-0000-0000-00000000003c"],
        );
    }

    /// The tasks document of `month` on a device writing as `actor`.
    fn tasks_doc(month: &str, actor: u8) -> Document {
        Document::new(
            crate::document::DocKey::Month {
                farm: crate::testing::FARM,
                domain: Domain::Tasks,
                month: month.parse().unwrap(),
            },
            automerge::ActorId::from(&[actor; 16][..]),
        )
    }

    fn merge(a: &mut Document, b: &mut Document) {
        a.automerge().merge(b.automerge()).unwrap();
        b.automerge().merge(a.automerge()).unwrap();
    }

    fn copy_in(doc: &Document) -> Task {
        match read_record(doc, &TASK.to_string()).unwrap() {
            Record::Task(t) => t,
            other => panic!("expected a task, got {other:?}"),
        }
    }

    fn due_on(date: &str) -> TaskEdit {
        TaskEdit {
            due: Some(date.parse().unwrap()),
            ..TaskEdit::default()
        }
    }

    #[test]
    fn a_move_writes_the_task_in_its_new_month_and_marks_the_copy_left_behind() {
        let (g, mut nov, task) = with_task();
        let mut dec = tasks_doc("2026-12", 3);
        let moved = move_task(
            &mut nov,
            &mut dec,
            &g.catalog,
            &author(),
            &task,
            due_on("2026-12-03"),
        )
        .unwrap();
        let live = copy_in(&dec);
        assert_eq!(live, moved);
        assert_eq!(
            (live.due, live.moved_to, live.moves),
            (NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(), None, 1)
        );
        let left = copy_in(&nov);
        assert_eq!(left.moved_to, Some("2026-12".parse().unwrap()));
        assert_eq!(left.due, live.due);
        assert!(!left.is_open());
        assert!(live.outranks("dec", &left, "nov"));
        check_err(
            complete_task(&mut nov, &author(), &left),
            expect!["task: Désherber moved to 2026-12"],
        );
    }

    #[test]
    fn a_task_moved_twice_then_back_is_live_only_in_its_last_month() {
        let (g, mut nov, task) = with_task();
        let (mut dec, mut jan) = (tasks_doc("2026-12", 3), tasks_doc("2027-01", 3));
        let a = author();
        let in_dec = move_task(
            &mut nov,
            &mut dec,
            &g.catalog,
            &a,
            &task,
            due_on("2026-12-03"),
        )
        .unwrap();
        let in_jan = move_task(
            &mut dec,
            &mut jan,
            &g.catalog,
            &a,
            &in_dec,
            due_on("2027-01-05"),
        )
        .unwrap();
        assert_eq!(in_jan.moves, 2);
        let back = move_task(
            &mut jan,
            &mut nov,
            &g.catalog,
            &a,
            &in_jan,
            due_on("2026-11-28"),
        )
        .unwrap();
        let copies = [
            ("nov", copy_in(&nov)),
            ("dec", copy_in(&dec)),
            ("jan", copy_in(&jan)),
        ];
        let live: Vec<_> = copies
            .iter()
            .filter(|(_, t)| t.moved_to.is_none())
            .map(|(d, _)| *d)
            .collect();
        assert_eq!(live, ["nov"]);
        assert_eq!(copies[0].1, back);
        assert_eq!(back.moves, 3);
        for (doc, copy) in &copies[1..] {
            assert!(back.outranks("nov", copy, doc));
        }
    }

    #[test]
    fn a_due_day_in_another_month_is_a_move_not_an_edit() {
        let (g, mut nov, task) = with_task();
        check_err(
            edit_task(&mut nov, &g.catalog, &author(), &task, due_on("2026-12-03")),
            expect!["document: tasks/2026-11 does not hold tasks/2026-12"],
        );
        let mut other_nov = tasks_doc("2026-11", 4);
        check_err(
            move_task(
                &mut nov,
                &mut other_nov,
                &g.catalog,
                &author(),
                &task,
                due_on("2026-11-30"),
            ),
            expect!["due: 2026-11-30 is in the month the task is already in"],
        );
        assert_eq!(stored(&nov), task);
    }

    #[test]
    fn an_offline_tick_of_the_copy_left_behind_is_a_visible_conflict() {
        let (g, mut nov_a, task) = with_task();
        let mut nov_b = tasks_doc("2026-11", 4);
        merge(&mut nov_a, &mut nov_b);
        let mut dec = tasks_doc("2026-12", 3);
        move_task(
            &mut nov_a,
            &mut dec,
            &g.catalog,
            &author(),
            &task,
            due_on("2026-12-03"),
        )
        .unwrap();
        // The other tablet had not seen the move: it ticks its copy.
        complete_task(&mut nov_b, &author(), &task).unwrap();
        merge(&mut nov_a, &mut nov_b);
        let raw = nov_a.record(&TASK.to_string()).unwrap();
        let conflicts: Vec<_> = nov_a
            .conflicts_of(&raw)
            .into_iter()
            .map(|c| c.field)
            .collect();
        assert!(
            conflicts.contains(&"status".to_owned()),
            "{conflicts:?} {:?}",
            raw.fields
        );
        let values: Vec<String> = raw.fields["status"]
            .iter()
            .map(|v| v.value.to_string())
            .collect();
        assert!(values.iter().any(|v| v.contains("done")), "{values:?}");
    }

    #[test]
    fn concurrent_moves_to_two_months_list_the_same_copy_whatever_the_order() {
        let (g, mut nov_a, task) = with_task();
        let mut nov_b = tasks_doc("2026-11", 4);
        merge(&mut nov_a, &mut nov_b);
        let (mut dec, mut jan) = (tasks_doc("2026-12", 3), tasks_doc("2027-01", 4));
        move_task(
            &mut nov_a,
            &mut dec,
            &g.catalog,
            &author(),
            &task,
            due_on("2026-12-03"),
        )
        .unwrap();
        move_task(
            &mut nov_b,
            &mut jan,
            &g.catalog,
            &author(),
            &task,
            due_on("2027-01-05"),
        )
        .unwrap();
        merge(&mut nov_a, &mut nov_b);
        let (in_dec, in_jan) = (copy_in(&dec), copy_in(&jan));
        assert_eq!((in_dec.moves, in_jan.moves), (1, 1));
        assert!(in_jan.outranks("jan", &in_dec, "dec"));
        assert!(!in_dec.outranks("dec", &in_jan, "jan"));
        let raw = nov_a.record(&TASK.to_string()).unwrap();
        let conflicts: Vec<_> = nov_a
            .conflicts_of(&raw)
            .into_iter()
            .map(|c| c.field)
            .collect();
        assert!(conflicts.contains(&"moved_to".to_owned()), "{conflicts:?}");
    }
}
