//! A day on the farm through the store, then the same store reopened.

use carnet_core::harvests::Destination;
use carnet_core::harvests::GroupBy;
use carnet_core::harvests::NewHarvest;
use carnet_core::observations::NewObservation;
use carnet_core::tasks::TaskStatus;
use carnet_core::tasks::{Abandonment, NewTask, NewTemplate};
use carnet_core::values::{
    AbandonReason, BedCode, DestinationKind, ObservationKind, Quantity, Severity, TaskKind, Unit,
};
use carnet_store::{Store, StoreError};
use expect_test::expect;

use crate::farm::{name, open, populate};

fn bed(store: &mut Store, code: &str) -> carnet_core::ids::BedId {
    store
        .catalog()
        .unwrap()
        .bed_by_code(&code.parse::<BedCode>().unwrap())
        .unwrap()
        .id
}

#[test]
fn a_day_of_work_is_stored_listed_reported_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("carnet.sqlite3");
    let day = "2026-11-23".parse().unwrap();
    {
        let mut store = open(&path, 1, "2026-11-23T08:00:00+01:00", "tablette 1");
        let [sup, lead, worker] = populate(&mut store);
        let a01 = bed(&mut store, "A-01");
        let b04 = bed(&mut store, "B-04");
        let weed = store
            .add_task(
                sup,
                NewTask {
                    title: name("Désherber A-01"),
                    kind: TaskKind::Weeding,
                    beds: vec![a01],
                    crew: vec![worker],
                    due: day,
                    duration_min: Some(60),
                },
            )
            .unwrap();
        let late = store
            .add_task(
                sup,
                NewTask {
                    title: name("Pailler B-04"),
                    kind: TaskKind::Mulching,
                    beds: vec![b04],
                    crew: vec![],
                    due: "2026-11-20".parse().unwrap(),
                    duration_min: None,
                },
            )
            .unwrap();
        store
            .add_recurring_task(
                sup,
                NewTemplate {
                    task: NewTask {
                        title: name("Arroser la serre"),
                        kind: TaskKind::Watering,
                        beds: vec![],
                        crew: vec![],
                        due: "2026-11-20".parse().unwrap(),
                        duration_min: Some(20),
                    },
                    rule: "daily".parse().unwrap(),
                    until: None,
                },
            )
            .unwrap();
        let list = store.day_tasks(sup, day, Some(worker)).unwrap();
        let titles = |ts: &[carnet_core::tasks::Task]| {
            ts.iter().map(|t| t.title.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(titles(&list.today), ["Arroser la serre", "Désherber A-01"]);
        // The recurring task's past days are late, like the one-off task.
        assert_eq!(
            titles(&list.late),
            [
                "Arroser la serre",
                "Pailler B-04",
                "Arroser la serre",
                "Arroser la serre"
            ]
        );
        assert_eq!(list.upcoming.len(), 7);
        // Listing twice materializes nothing twice.
        let again = store.day_tasks(sup, day, Some(worker)).unwrap();
        assert_eq!(again, list);

        store.complete_task(worker, weed.id).unwrap();
        store
            .abandon_task(
                lead,
                late.id,
                Abandonment::new(AbandonReason::Equipment, Some(name("paille pas livrée"))),
            )
            .unwrap();
        let err = store.complete_task(worker, weed.id).unwrap_err();
        assert_eq!(err.to_string(), "task: Désherber A-01 is already done");

        let tomato = store.catalog().unwrap().crop_by_name("tomate").unwrap().id;
        let radish = store.catalog().unwrap().crop_by_name("Radis").unwrap().id;
        let canteen = store
            .add_outlet(sup, name("Cantine école Jaurès"), DestinationKind::Canteen)
            .unwrap();
        let (h1, w1) = store
            .record_harvest(
                lead,
                NewHarvest {
                    bed: a01,
                    crop: tomato,
                    variety: None,
                    destination: Destination::Outlet(canteen.id),
                    note: carnet_core::values::Note::default(),
                    weighings: vec![
                        (Quantity::new(12.5, Unit::Kg).unwrap(), Some(1.5)),
                        (Quantity::new(8.0, Unit::Kg).unwrap(), Some(1.5)),
                        (Quantity::new(2.0, Unit::Crate).unwrap(), None),
                    ],
                },
            )
            .unwrap();
        assert_eq!(w1.len(), 3);
        assert!(h1.lot.starts_with("20261123-A-01-TOM"), "{}", h1.lot);
        store
            .add_weighing(lead, h1.id, Quantity::new(500.0, Unit::G).unwrap(), None)
            .unwrap();
        let (h2, _) = store
            .record_harvest(
                lead,
                NewHarvest {
                    bed: b04,
                    crop: radish,
                    variety: None,
                    destination: Destination::Kind(DestinationKind::Basket),
                    note: carnet_core::values::parse_note("note", "belles bottes").unwrap(),
                    weighings: vec![(Quantity::new(20.0, Unit::Bunch).unwrap(), None)],
                },
            )
            .unwrap();
        let (mistake, _) = store
            .record_harvest(
                lead,
                NewHarvest {
                    bed: b04,
                    crop: radish,
                    variety: None,
                    destination: Destination::Kind(DestinationKind::Basket),
                    note: carnet_core::values::Note::default(),
                    weighings: vec![(Quantity::new(200.0, Unit::Bunch).unwrap(), None)],
                },
            )
            .unwrap();
        store
            .void_harvest(lead, mistake.id, name("saisie en double"))
            .unwrap();
        let err = store
            .add_weighing(
                lead,
                mistake.id,
                Quantity::new(1.0, Unit::Kg).unwrap(),
                None,
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "harvest: is voided: record a new harvest instead"
        );
        store
            .record_observation(
                worker,
                NewObservation {
                    beds: vec![a01],
                    kind: ObservationKind::Pest,
                    severity: Severity::new(2).unwrap(),
                    note: carnet_core::values::parse_note("note", "pucerons").unwrap(),
                    tags: [carnet_core::values::parse_tag("pucerons").unwrap()].into(),
                },
            )
            .unwrap();
        let _ = h2;
    }

    // Reopened: everything acknowledged is there, read from the projection.
    let mut store = open(&path, 2, "2026-11-23T18:00:00+01:00", "tablette 1");
    let report = store.harvest_report(GroupBy::Crop, None, None).unwrap();
    let lines: Vec<String> = report
        .iter()
        .map(|r| {
            format!(
                "{}: {} harvests, {:.2} kg, {:?}, {:.3} kg/m2",
                r.key,
                r.harvests,
                r.total.kg,
                r.total.unconverted,
                r.kg_per_m2.unwrap_or(0.0)
            )
        })
        .collect();
    // Tomato: 11 + 6.5 net kg, 2 crates × 6 kg, 0.5 kg; radish: 20 bunches × 0.35.
    expect![[r#"
        [
            "Radis: 1 harvests, 7.00 kg, {}, 0.292 kg/m2",
            "Tomate: 1 harvests, 30.00 kg, {}, 1.250 kg/m2",
        ]
    "#]]
    .assert_debug_eq(&lines);
    let by_dest: Vec<String> = store
        .harvest_report(GroupBy::Destination, None, None)
        .unwrap()
        .iter()
        .map(|r| format!("{} {:.2}", r.key, r.total.kg))
        .collect();
    assert_eq!(by_dest, ["Cantine école Jaurès 30.00", "basket 7.00"]);
    let a01 = bed(&mut store, "A-01");
    let history: Vec<String> = store
        .bed_history(a01)
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e.date, serde_json::to_string(&e.line).unwrap()))
        .collect();
    expect![[r#"
        [
            "2026-11-23 {\"what\":\"harvest\",\"crop\":\"Tomate\",\"kg\":30.0,\"lot\":\"20261123-A-01-TOM\",\"voided\":false}",
            "2026-11-23 {\"what\":\"observation\",\"kind\":\"pest\",\"severity\":2,\"note\":\"pucerons\"}",
            "2026-11-23 {\"what\":\"task\",\"title\":\"Désherber A-01\",\"kind\":\"weeding\",\"state\":\"done\",\"reason\":null,\"note\":null}",
        ]
    "#]]
    .assert_debug_eq(&history);
    let tasks = store
        .tasks_between("2026-11-20".parse().unwrap(), "2026-11-20".parse().unwrap())
        .unwrap();
    assert!(
        tasks
            .iter()
            .any(|t| matches!(t.status, TaskStatus::Abandoned { .. }))
    );
    assert!(store.conflicts().unwrap().is_empty());
}

#[test]
fn bad_input_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("carnet.sqlite3");
    let mut store = open(&path, 1, "2026-11-23T08:00:00+01:00", "t");
    let [sup, ..] = populate(&mut store);
    let before = store.stored_bytes().unwrap();
    // A duplicate in the middle of an import: nothing of the import lands.
    let beds = ["C-01", "A-01", "C-02"]
        .iter()
        .map(|c| carnet_store::BedInput {
            code: c.parse().unwrap(),
            zone: name("Jardin-type C"),
            length: carnet_core::values::Metres::new("length", 10.0).unwrap(),
            width: carnet_core::values::Metres::new("width", 1.0).unwrap(),
        })
        .collect();
    let err = store.add_beds(sup, beds).unwrap_err();
    assert_eq!(
        err.to_string(),
        "bed code: A-01 is already used on this farm"
    );
    assert_eq!(store.stored_bytes().unwrap(), before);
    assert!(
        store
            .catalog()
            .unwrap()
            .zone_by_name("Jardin-type C")
            .is_none()
    );
    // And the next good write does not carry the failed one's changes.
    store
        .add_outlet(sup, name("Don"), DestinationKind::Donation)
        .unwrap();
    // Closed first: one store, one process (one `Store` at a time).
    drop(store);
    let mut reopened = open(&path, 3, "2026-11-23T09:00:00+01:00", "t");
    assert!(
        reopened
            .catalog()
            .unwrap()
            .zone_by_name("Jardin-type C")
            .is_none()
    );
    assert_eq!(reopened.catalog().unwrap().beds.len(), 6);
    // No farm yet: a clear error.
    let other = dir.path().join("empty.sqlite3");
    let mut empty = open(&other, 1, "2026-11-23T08:00:00+01:00", "t");
    let err = empty
        .add_outlet(sup, name("x"), DestinationKind::Loss)
        .unwrap_err();
    assert!(matches!(err, StoreError::NoFarm), "{err}");
}

#[test]
fn late_lists_four_weeks_and_counts_older_open_tasks_for_whoever_asks() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(
        &dir.path().join("carnet.sqlite3"),
        7,
        "2026-11-23T08:00:00+01:00",
        "tablette 1",
    );
    let [sup, lead, worker] = populate(&mut store);
    let day: chrono::NaiveDate = "2026-11-23".parse().unwrap();
    let mut task = |title: &str, days_ago: i64, crew: Vec<carnet_core::ids::PersonId>| {
        store
            .add_task(
                sup,
                NewTask {
                    title: name(title),
                    kind: TaskKind::Weeding,
                    beds: vec![],
                    crew,
                    due: day - chrono::Duration::days(days_ago),
                    duration_min: None,
                },
            )
            .unwrap()
            .id
    };
    task("last week", 7, vec![worker]);
    task("four weeks ago", 28, vec![]);
    task("five weeks ago, the worker's", 35, vec![worker]);
    task("two months ago, anyone's", 60, vec![]);
    task("two months ago, the lead's", 61, vec![lead]);
    let done = task("seven weeks ago, done", 49, vec![]);
    let deleted = task("seven weeks ago, deleted", 49, vec![]);
    store.complete_task(lead, done).unwrap();
    store.delete_task(sup, deleted).unwrap();

    let titles = |ts: &[carnet_core::tasks::Task]| {
        ts.iter().map(|t| t.title.to_string()).collect::<Vec<_>>()
    };
    let team = store.day_tasks_read_only(day, None).unwrap();
    assert_eq!(titles(&team.late), ["four weeks ago", "last week"]);
    // Closed and deleted tasks are not "open"; the rest are counted.
    assert_eq!(team.older_open, 3);
    let mine = store.day_tasks_read_only(day, Some(worker)).unwrap();
    assert_eq!(titles(&mine.late), ["four weeks ago", "last week"]);
    assert_eq!(mine.older_open, 2, "the worker's own and anyone's");
    let leads = store.day_tasks_read_only(day, Some(lead)).unwrap();
    assert_eq!(titles(&leads.late), ["four weeks ago"]);
    assert_eq!(leads.older_open, 2, "the lead's own and anyone's");

    // The pure query agrees with the store's SQL on the same tasks.
    let all = store
        .tasks_between(day - chrono::Duration::days(90), day)
        .unwrap();
    for person in [None, Some(worker), Some(lead)] {
        let pure = carnet_core::tasks::tasks_for_day(all.clone(), day, person);
        let stored = store.day_tasks_read_only(day, person).unwrap();
        assert_eq!(pure.older_open, stored.older_open, "{person:?}");
        assert_eq!(titles(&pure.late), titles(&stored.late), "{person:?}");
    }
}
