//! Edits through the store: each is one transaction whose projection shows
//! the change at once, and an inactive person still names their records.

use carnet_core::catalog::{CropEdit, OutletEdit};
use carnet_core::tasks::{NewTask, TaskEdit};
use carnet_core::values::{DestinationKind, Metres, TaskKind, Unit};
use carnet_store::{BedChange, PersonChange};
use chrono::NaiveDate;

use crate::farm::{name, open, populate};

#[test]
fn a_person_made_inactive_stays_on_their_records_and_leaves_the_crew_choices() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(
        &dir.path().join("a.db"),
        1,
        "2026-11-22T09:00:00+01:00",
        "t1",
    );
    let [sup, _, worker] = populate(&mut store);
    let new = NewTask {
        title: name("Désherber"),
        kind: TaskKind::Weeding,
        beds: vec![],
        crew: vec![worker],
        due: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        duration_min: None,
    };
    let task = store.add_task(sup, new.clone()).unwrap();
    let change = PersonChange {
        active: Some(false),
        pin: Some(Some("4321".into())),
        ..PersonChange::default()
    };
    let awa = store.edit_person(sup, worker, change).unwrap();
    assert!(!awa.active);
    assert!(awa.pin_hash.is_some());
    let catalog = store.catalog().unwrap();
    assert_eq!(catalog.person_name(worker), "Awa");
    assert!(catalog.person_by_name("Awa").is_err());
    let (_, stored) = store.task(task.id).unwrap();
    assert_eq!(stored.crew, vec![worker]);
    let err = store.add_task(sup, new).unwrap_err();
    assert_eq!(err.to_string(), "crew: Awa is not active");
}

#[test]
fn bed_crop_outlet_and_task_edits_are_read_back_from_the_projection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let mut store = open(&path, 2, "2026-11-22T09:00:00+01:00", "t1");
    let [sup, ..] = populate(&mut store);
    let code = "A-01".parse().unwrap();
    let change = BedChange {
        length: Some(Metres::new("length", 28.5).unwrap()),
        zone: Some(name("Serre")),
        ..BedChange::default()
    };
    store.edit_bed(sup, &code, change).unwrap();
    let tomato = store.catalog().unwrap().crop_by_name("tomate").unwrap().id;
    let edit = CropEdit {
        default_unit: Some(Unit::Crate),
        kg_per: [(
            Unit::Crate,
            carnet_core::values::parse_kg_factor(Unit::Crate, 5.5).unwrap(),
        )]
        .into(),
    };
    store.edit_crop(sup, tomato, edit).unwrap();
    let outlet = store
        .add_outlet(sup, name("AMAP"), DestinationKind::Basket)
        .unwrap();
    let edit = OutletEdit {
        name: Some(name("AMAP du jeudi")),
        ..OutletEdit::default()
    };
    store.edit_outlet(sup, outlet.id, edit).unwrap();
    drop(store);

    let mut store = open(&path, 3, "2026-11-22T10:00:00+01:00", "t1");
    let catalog = store.catalog().unwrap().clone();
    let bed = catalog.bed_by_code(&code).unwrap();
    assert_eq!(bed.length.get(), 28.5);
    assert_eq!(catalog.zones[&bed.zone].name.as_str(), "Serre");
    assert_eq!(catalog.crops[&tomato].kg_per_unit(Unit::Crate), Some(5.5));
    assert!(catalog.outlet_by_name("amap du jeudi").is_some());
    let task = store
        .add_task(
            sup,
            NewTask {
                title: name("Pailler"),
                kind: TaskKind::Other,
                beds: vec![bed.id],
                crew: vec![],
                due: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
                duration_min: Some(30),
            },
        )
        .unwrap();
    let edit = TaskEdit {
        kind: Some(TaskKind::Mulching),
        ..TaskEdit::default()
    };
    store.edit_task(sup, task.id, edit).unwrap();
    assert_eq!(store.task(task.id).unwrap().1.kind, TaskKind::Mulching);
}
