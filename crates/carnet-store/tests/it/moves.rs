//! Tasks moved to another month (issue 10): the task is written under the
//! same id into its new month's document and the copy left behind is marked
//! `moved_to`, both in one transaction; the projection lists the copy that
//! outranks the others, the same on every device and after a rebuild.

use carnet_core::document::{DocKey, Domain};
use carnet_core::ids::{PersonId, TaskId};
use carnet_core::tasks::{NewTask, TaskEdit};
use carnet_core::values::{Month, TaskKind};
use chrono::NaiveDate;

use crate::convergence::{Device, farm_of, pair, projection, sync_pair};
use crate::farm::name;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn month(s: &str) -> Month {
    s.parse().unwrap()
}

fn add(device: &mut Device, sup: PersonId, due: &str) -> TaskId {
    let new = NewTask {
        title: name("Semer"),
        kind: TaskKind::Sowing,
        beds: vec![],
        crew: vec![],
        due: date(due),
        duration_min: None,
    };
    device.store.add_task(sup, new).unwrap().id
}

fn move_to(device: &mut Device, sup: PersonId, id: TaskId, due: &str) {
    let edit = TaskEdit {
        due: Some(date(due)),
        ..TaskEdit::default()
    };
    device.store.edit_task(sup, id, edit).unwrap();
}

/// The month of the document the device lists the task from, and its due.
fn listed(device: &Device, id: TaskId) -> (Month, NaiveDate) {
    let (key, task) = device.store.task(id).unwrap();
    (key.month().unwrap(), task.due)
}

/// The tasks the device lists over three months, by id: each once.
fn listed_ids(device: &Device) -> Vec<TaskId> {
    let tasks = device
        .store
        .tasks_between(date("2026-10-01"), date("2027-02-28"))
        .unwrap();
    tasks.iter().map(|t| t.id).collect()
}

fn tasks_key(device: &Device, m: &str) -> DocKey {
    DocKey::Month {
        farm: device.store.farm_id().unwrap(),
        domain: Domain::Tasks,
        month: month(m),
    }
}

/// Syncs the two devices over one document only, as a field tablet does
/// for the months in its scope.
fn sync_one(a: &mut Device, b: &mut Device, key: DocKey) {
    for _ in 0..50 {
        let mut quiet = true;
        if let Some(m) = a.sessions.generate(&mut a.store, key, &b.name).unwrap() {
            b.sessions.receive(&mut b.store, key, &a.name, &m).unwrap();
            quiet = false;
        }
        if let Some(m) = b.sessions.generate(&mut b.store, key, &a.name).unwrap() {
            a.sessions.receive(&mut a.store, key, &b.name, &m).unwrap();
            quiet = false;
        }
        if quiet {
            return;
        }
    }
}

fn rebuilt_projection_is_the_same(device: &mut Device) {
    let before = projection(&device.store);
    let problems = device.store.rebuild_projection().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(projection(&device.store), before);
}

#[test]
fn a_task_moved_twice_then_back_is_listed_once_from_its_last_month_and_a_rebuild_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, ..]) = farm_of(1, dir.path());
    let d = &mut devices[0];
    let id = add(d, sup, "2026-11-25");
    move_to(d, sup, id, "2026-12-03");
    assert_eq!(listed(d, id), (month("2026-12"), date("2026-12-03")));
    move_to(d, sup, id, "2027-01-05");
    assert_eq!(listed(d, id), (month("2027-01"), date("2027-01-05")));
    assert_eq!(listed_ids(d), [id]);
    rebuilt_projection_is_the_same(d);
    move_to(d, sup, id, "2026-11-28");
    assert_eq!(listed(d, id), (month("2026-11"), date("2026-11-28")));
    assert_eq!(listed_ids(d), [id]);
    assert_eq!(d.store.task(id).unwrap().1.moves, 3);
    // Every move is one durable write: reopened, the store lists the same.
    let before = projection(&d.store);
    d.reopen();
    assert_eq!(projection(&d.store), before);
    rebuilt_projection_is_the_same(d);
    // The moved task is ticked like any other, on its live copy.
    d.store.complete_task(sup, id).unwrap();
    assert!(!d.store.task(id).unwrap().1.is_open());
    assert!(d.store.conflicts().unwrap().is_empty());
}

#[test]
fn a_tablet_syncing_only_the_new_month_lists_a_task_moved_from_an_old_month() {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, ..]) = farm_of(2, dir.path());
    let id = add(&mut devices[0], sup, "2026-09-10");
    move_to(&mut devices[0], sup, id, "2026-11-26");
    let (base, field) = pair(&mut devices, 0, 1);
    for m in ["2026-10", "2026-11"] {
        let key = tasks_key(base, m);
        sync_one(base, field, key);
    }
    assert!(
        !field
            .store
            .has_document(tasks_key(field, "2026-09"))
            .unwrap()
    );
    assert_eq!(listed(field, id), (month("2026-11"), date("2026-11-26")));
    let today = field
        .store
        .day_tasks_read_only(date("2026-11-26"), None)
        .unwrap();
    assert!(format!("{today:?}").contains(&id.to_string()), "{today:?}");
    // The base syncs September later: the field tablet still lists November's copy.
    let key = tasks_key(base, "2026-09");
    sync_one(base, field, key);
    assert_eq!(listed(field, id), (month("2026-11"), date("2026-11-26")));
    assert_eq!(projection(&field.store), projection(&base.store));
}

#[test]
fn an_offline_tick_of_the_copy_left_behind_is_a_listed_conflict_not_a_silent_loss() {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, lead, _]) = farm_of(2, dir.path());
    let id = add(&mut devices[0], sup, "2026-11-25");
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    move_to(&mut devices[0], sup, id, "2026-12-03");
    devices[1].store.complete_task(lead, id).unwrap();
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    for d in &devices {
        assert_eq!(listed(d, id), (month("2026-12"), date("2026-12-03")));
        assert_eq!(listed_ids(d), [id]);
        let conflicts = d.store.conflicts().unwrap();
        let status = conflicts
            .iter()
            .find(|c| c.record == id.to_string() && c.field == "status")
            .unwrap_or_else(|| panic!("no status conflict: {conflicts:?}"));
        let mut values: Vec<&str> = status.values.iter().map(|v| v.value.as_str()).collect();
        values.sort();
        assert_eq!(values, ["done", "todo"]);
        assert_eq!(status.document, tasks_key(d, "2026-11").to_string());
    }
    assert_eq!(projection(&devices[0].store), projection(&devices[1].store));
    rebuilt_projection_is_the_same(&mut devices[1]);
}

#[test]
fn concurrent_moves_to_two_months_list_the_later_one_on_every_device_with_a_listed_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, ..]) = farm_of(3, dir.path());
    let id = add(&mut devices[0], sup, "2026-11-25");
    for i in 1..3 {
        let (a, b) = pair(&mut devices, 0, i);
        sync_pair(a, b, None);
    }
    move_to(&mut devices[0], sup, id, "2026-12-03");
    move_to(&mut devices[1], sup, id, "2027-01-05");
    // Device 2 meets them in opposite orders from device 0 and 1.
    for (a, b) in [(1, 2), (0, 2), (0, 1)] {
        let (a, b) = pair(&mut devices, a, b);
        sync_pair(a, b, None);
    }
    for d in &devices {
        assert_eq!(listed(d, id), (month("2027-01"), date("2027-01-05")));
        assert_eq!(listed_ids(d), [id]);
        assert!(
            d.store
                .conflicts()
                .unwrap()
                .iter()
                .any(|c| c.record == id.to_string() && c.field == "moved_to")
        );
    }
    let first = projection(&devices[0].store);
    for d in &mut devices[1..] {
        assert_eq!(projection(&d.store), first);
    }
    rebuilt_projection_is_the_same(&mut devices[2]);
}
