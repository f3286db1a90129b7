//! Concurrent values of one field, whatever the record's domain: how a
//! supervisor reads them (names instead of ids) and how one value is kept.
//! Keeping a value writes it after seeing all of them, which supersedes
//! every one.
//!
//! Deliberately not here: finding the conflicts in a document
//! (`Document::conflicts`), and any rule of a domain (a kept value is one
//! that was already written, so it was checked when it was).

use automerge::ScalarValue;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::document::{Author, Document, RawConflict};
use crate::error::{Error, Result};
use crate::ids::*;
use crate::write::updated;

/// A conflict as a supervisor reads it: names instead of ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub document: String,
    pub record: String,
    pub record_type: String,
    pub field: String,
    pub values: Vec<ConflictValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictValue {
    pub value: String,
    pub person: Option<String>,
    pub device: Option<String>,
    pub at: Option<String>,
}

pub fn name_conflicts(catalog: &Catalog, document: &str, raw: Vec<RawConflict>) -> Vec<Conflict> {
    raw.into_iter()
        .map(|c| Conflict {
            document: document.to_owned(),
            record: c.record_key,
            record_type: c.record_type,
            field: c.field,
            values: c
                .values
                .into_iter()
                .map(|v| ConflictValue {
                    value: match &v.value {
                        ScalarValue::Str(s) => s.to_string(),
                        other => other.to_string(),
                    },
                    person: v.person.map(|p| {
                        p.parse::<PersonId>()
                            .map_or(p, |id| catalog.person_name(id))
                    }),
                    device: v.device,
                    at: v.at,
                })
                .collect(),
        })
        .collect()
}

/// Keeps one of a field's concurrent values: writing it after seeing all of
/// them supersedes every one.
pub fn resolve_conflict(
    doc: &mut Document,
    author: &Author,
    record_key: &str,
    field: &str,
    value: ScalarValue,
) -> Result<()> {
    let record = doc
        .record(record_key)
        .ok_or_else(|| Error::not_found("record", record_key))?;
    let values = record
        .fields
        .get(field)
        .ok_or_else(|| Error::not_found("field", field))?;
    if !values.iter().any(|v| v.value == value) {
        return Err(Error::invalid(
            "value",
            format!("{value} is not one of the values of {field}"),
        ));
    }
    let record_type = record.record_type().unwrap_or("record").to_owned();
    let mut fields: Vec<(&str, ScalarValue)> = vec![(field, value)];
    fields.extend(updated(author));
    doc.put_record(author, record_key, &record_type, &fields)
}

#[cfg(test)]
mod tests {
    use automerge::ActorId;
    use expect_test::expect;
    use uuid::Uuid;

    use super::*;
    use crate::document::{DocKey, Domain};
    use crate::record::Record;
    use crate::tasks::{NewTask, TaskEdit, add_task, edit_task};
    use crate::testing::read_record;
    use crate::testing::{BED, FARM, Garden, author, name};
    use crate::values::{Month, TaskKind};

    const TASK: TaskId = TaskId(Uuid::from_u128(90));

    fn doc(actor: u8) -> Document {
        let key = DocKey::Month {
            farm: FARM,
            domain: Domain::Tasks,
            month: Month::new(2026, 11).unwrap(),
        };
        Document::new(key, ActorId::from(&[actor; 16][..]))
    }

    fn merge(a: &mut Document, b: &mut Document) {
        a.automerge().merge(b.automerge()).unwrap();
        b.automerge().merge(a.automerge()).unwrap();
    }

    /// Two devices rename the same task offline, then meet.
    fn renamed_on_two_devices() -> (Garden, Document) {
        let g = Garden::new();
        let (mut a, mut b) = (doc(10), doc(11));
        let new = NewTask {
            title: name("Désherber"),
            kind: TaskKind::Weeding,
            beds: vec![BED],
            crew: vec![],
            due: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            duration_min: None,
        };
        let task = add_task(&mut a, &g.catalog, &author(), TASK, new).unwrap();
        merge(&mut a, &mut b);
        for (doc, title) in [(&mut a, "Biner"), (&mut b, "Sarcler")] {
            let edit = TaskEdit {
                title: Some(name(title)),
                ..TaskEdit::default()
            };
            edit_task(doc, &g.catalog, &author(), &task, edit).unwrap();
        }
        merge(&mut a, &mut b);
        (g, a)
    }

    #[test]
    fn concurrent_values_read_with_the_authors_name() {
        let (g, mut doc) = renamed_on_two_devices();
        let raw = doc.conflicts();
        let named = name_conflicts(&g.catalog, "tasks 2026-11", raw);
        let table: Vec<_> = named
            .iter()
            .flat_map(|c| {
                c.values.iter().map(|v| {
                    (
                        c.record_type.as_str(),
                        c.field.as_str(),
                        v.value.as_str(),
                        v.person.as_deref(),
                    )
                })
            })
            .collect();
        expect![[r#"
            [
                (
                    "task",
                    "title",
                    "Sarcler",
                    Some(
                        "Anne",
                    ),
                ),
                (
                    "task",
                    "title",
                    "Biner",
                    Some(
                        "Anne",
                    ),
                ),
            ]"#]]
        .assert_eq(&format!("{table:#?}"));
    }

    #[test]
    fn keeping_one_value_supersedes_every_concurrent_one() {
        let (_, mut doc) = renamed_on_two_devices();
        let key = TASK.to_string();
        resolve_conflict(&mut doc, &author(), &key, "title", "Sarcler".into()).unwrap();
        assert!(doc.conflicts().is_empty());
        let Record::Task(task) = read_record(&doc, &key).unwrap() else {
            panic!("expected a task");
        };
        assert_eq!(task.title.as_str(), "Sarcler");
    }

    #[test]
    fn keeping_a_value_that_was_never_written_or_of_an_unknown_field_is_refused() {
        let (_, mut doc) = renamed_on_two_devices();
        let key = TASK.to_string();
        let mut out = String::new();
        for (record, field, value) in [
            (key.as_str(), "title", "Arroser"),
            (key.as_str(), "colour", "Biner"),
            ("no-such-record", "title", "Biner"),
        ] {
            let err =
                resolve_conflict(&mut doc, &author(), record, field, value.into()).unwrap_err();
            out.push_str(&format!("{err}\n"));
        }
        expect![[r#"
            value: "Arroser" is not one of the values of title
            field not found: colour
            record not found: no-such-record
        "#]]
        .assert_eq(&out);
        assert_eq!(doc.conflicts().len(), 1);
    }
}
