//! Roles on the device (issue 10 point 4): the store refuses what its
//! enrolled role may not write before touching a document, a viewer opening
//! Today writes nothing, and a person's role is checked by `check_may`.

use carnet_core::roles::{Action, DeviceRole};
use carnet_store::{DEVICE_ROLE, Store, StoreError};
use chrono::NaiveDate;

use crate::farm::{name, open, populate};

fn chunks(store: &Store) -> Vec<(String, i64, i64)> {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT doc_id, seq, length(bytes) FROM chunks ORDER BY doc_id, seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_store_never_enrolled_acts_as_base() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(
        &dir.path().join("s.sqlite3"),
        1,
        "2026-11-23T08:00:00+01:00",
        "t",
    );
    assert_eq!(store.device_role().unwrap(), DeviceRole::Base);
}

#[test]
fn a_field_tablet_refuses_a_catalog_edit_and_stores_nothing_but_may_harvest() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(
        &dir.path().join("s.sqlite3"),
        1,
        "2026-11-23T08:00:00+01:00",
        "t",
    );
    let [sup, _, _] = populate(&mut store);
    store.set_meta(DEVICE_ROLE, "field").unwrap();
    let before = chunks(&store);
    let err = store
        .add_person(
            sup,
            name("Léa"),
            carnet_core::values::Role::Worker,
            carnet_core::values::Lang::Fr,
            None,
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::RoleForbids {
                role: DeviceRole::Field,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(err.code(), "role_forbids");
    assert_eq!(chunks(&store), before, "a refused write stores nothing");
    assert!(store.check_may(sup, Action::EditCatalog).is_err());
    assert!(store.check_may(sup, Action::Harvest).is_ok());
}

#[test]
fn a_viewer_opening_today_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(
        &dir.path().join("s.sqlite3"),
        1,
        "2026-11-23T08:00:00+01:00",
        "t",
    );
    let [sup, _, worker] = populate(&mut store);
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    store
        .add_recurring_task(
            sup,
            carnet_core::tasks::NewTemplate {
                task: carnet_core::tasks::NewTask {
                    title: name("Arroser les semis"),
                    kind: carnet_core::values::TaskKind::Watering,
                    beds: vec![],
                    crew: vec![],
                    due: day,
                    duration_min: None,
                },
                rule: "daily".parse().unwrap(),
                until: None,
            },
        )
        .unwrap();
    store.set_meta(DEVICE_ROLE, "viewer").unwrap();
    let before = chunks(&store);
    // Thirty days on, a base device would write that week's instances.
    store
        .day_tasks(worker, day + chrono::Duration::days(31), None)
        .unwrap();
    assert_eq!(chunks(&store), before);
    let err = store.check_may(sup, Action::TickTask).unwrap_err();
    assert_eq!(err.code(), "role_forbids");
}

#[test]
fn a_worker_may_tick_but_not_plan_tasks_and_a_leader_also_harvests() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(
        &dir.path().join("s.sqlite3"),
        1,
        "2026-11-23T08:00:00+01:00",
        "t",
    );
    let [sup, lead, worker] = populate(&mut store);
    store.set_meta(DEVICE_ROLE, "field").unwrap();
    store.check_may(worker, Action::TickTask).unwrap();
    let err = store.check_may(worker, Action::PlanTasks).unwrap_err();
    assert_eq!(err.code(), "person_forbids");
    assert_eq!(
        store.check_may(worker, Action::Harvest).unwrap_err().code(),
        "person_forbids"
    );
    store.check_may(lead, Action::Harvest).unwrap();
    store.check_may(sup, Action::PlanTasks).unwrap();
}
