//! Convergence: several stores, random operations, random sync schedules
//! (connections cut mid-sync, stores reopened from disk) end with identical
//! documents and projections, every acknowledged record present once, and
//! concurrent edits kept as listed conflicts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use carnet_core::document::DocKey;
use carnet_core::harvests::Destination;
use carnet_core::harvests::NewHarvest;
use carnet_core::ids::*;
use carnet_core::observations::NewObservation;
use carnet_core::tasks::{NewTask, TaskEdit};
use carnet_core::values::{DestinationKind, ObservationKind, Quantity, Severity, TaskKind, Unit};
use carnet_store::{Store, SyncSessions};
use proptest::prelude::*;

use crate::farm::{name, open, populate};

/// The record kinds the operations below write (the farm set-up included),
/// as `Record::type_name` names them. `tests/nemesis` reads this list too
/// (`#[path]`) and fails, naming the kind, when a kind of
/// `Record::TYPE_NAMES` is written neither here nor by the fault campaign;
/// `the_operations_write_every_kind_they_declare` below keeps it true.
#[path = "convergence_kinds.rs"]
pub(crate) mod kinds;

/// One device: its store file, its open store, its live sync sessions.
pub(crate) struct Device {
    pub(crate) name: String,
    pub(crate) path: PathBuf,
    pub(crate) store: Store,
    pub(crate) sessions: SyncSessions,
    pub(crate) reopened: u64,
    pub(crate) index: u64,
}

impl Device {
    pub(crate) fn reopen(&mut self) {
        self.reopened += 1;
        let seed = 1000 * self.reopened + self.index;
        // A restarted device forgets its live sessions; its sync states and
        // documents come back from disk.
        self.sessions = SyncSessions::new();
        let placeholder = open(
            &self.path.with_extension("tmp"),
            0,
            "2026-11-23T08:00:00+01:00",
            "x",
        );
        drop(std::mem::replace(&mut self.store, placeholder));
        self.store = open(&self.path, seed, "2026-11-24T08:00:00+01:00", &self.name);
    }
}

/// Syncs two devices over every document either holds. With `cut_after`,
/// the "connection" drops after that many messages: both sides forget the
/// session, as after a real disconnect.
pub(crate) fn sync_pair(a: &mut Device, b: &mut Device, cut_after: Option<usize>) {
    let mut keys: BTreeSet<DocKey> = a.store.documents().unwrap().into_iter().collect();
    keys.extend(b.store.documents().unwrap());
    let mut sent = 0;
    for key in keys {
        for _ in 0..50 {
            let mut quiet = true;
            if let Some(m) = a.sessions.generate(&mut a.store, key, &b.name).unwrap() {
                if cut_after == Some(sent) {
                    a.sessions.forget_peer(&b.name);
                    b.sessions.forget_peer(&a.name);
                    return;
                }
                sent += 1;
                b.sessions.receive(&mut b.store, key, &a.name, &m).unwrap();
                quiet = false;
            }
            if let Some(m) = b.sessions.generate(&mut b.store, key, &a.name).unwrap() {
                sent += 1;
                a.sessions.receive(&mut a.store, key, &b.name, &m).unwrap();
                quiet = false;
            }
            if quiet {
                break;
            }
        }
    }
}

/// Everything a device shows: every record's JSON by id, and the conflicts.
pub(crate) fn projection(store: &Store) -> (BTreeMap<String, String>, Vec<String>) {
    let mut records = BTreeMap::new();
    for ty in carnet_core::record::Record::TYPE_NAMES {
        for r in store.records_of_type(ty).unwrap() {
            let previous = records.insert(r.id().to_string(), serde_json::to_string(&r).unwrap());
            assert!(previous.is_none(), "record {} listed twice", r.id());
        }
    }
    let conflicts = store
        .conflicts()
        .unwrap()
        .iter()
        .map(|c| serde_json::to_string(c).unwrap())
        .collect();
    (records, conflicts)
}

#[derive(Clone, Debug)]
enum Op {
    AddTask {
        device: usize,
        prev_month: bool,
    },
    Tick {
        device: usize,
        task: usize,
    },
    EditTitle {
        device: usize,
        task: usize,
        title: u8,
    },
    DeleteTask {
        device: usize,
        task: usize,
    },
    Harvest {
        device: usize,
        kg: u16,
    },
    Weigh {
        device: usize,
        harvest: usize,
    },
    Void {
        device: usize,
        harvest: usize,
    },
    Observe {
        device: usize,
    },
    /// A task moved to another month (`to` picks which of three days in
    /// October, November and December).
    MoveTask {
        device: usize,
        task: usize,
        to: u8,
    },
    /// A harvest or an observation redated into another month, as a
    /// supervisor corrects one stamped by a wrong clock.
    Redate {
        device: usize,
        record: usize,
        observation: bool,
        to: u8,
    },
    /// A catalog edit, as the supervisor's desk or a team leader makes it:
    /// a bed in a new zone, a crop in a new family, a variety, a person, an
    /// outlet or a recurring task (`what` picks which).
    Catalog {
        device: usize,
        what: u8,
    },
    Sync {
        a: usize,
        b: usize,
        cut_after: Option<usize>,
    },
    Restart {
        device: usize,
    },
}

fn op(devices: usize) -> impl Strategy<Value = Op> {
    let d = 0..devices;
    prop_oneof![
        (d.clone(), any::<bool>())
            .prop_map(|(device, prev_month)| Op::AddTask { device, prev_month }),
        (d.clone(), 0..20usize).prop_map(|(device, task)| Op::Tick { device, task }),
        (d.clone(), 0..20usize, 0..3u8).prop_map(|(device, task, title)| Op::EditTitle {
            device,
            task,
            title
        }),
        (d.clone(), 0..20usize).prop_map(|(device, task)| Op::DeleteTask { device, task }),
        (d.clone(), 1..500u16).prop_map(|(device, kg)| Op::Harvest { device, kg }),
        (d.clone(), 0..20usize).prop_map(|(device, harvest)| Op::Weigh { device, harvest }),
        (d.clone(), 0..20usize).prop_map(|(device, harvest)| Op::Void { device, harvest }),
        d.clone().prop_map(|device| Op::Observe { device }),
        (d.clone(), 0..20usize, 0..3u8).prop_map(|(device, task, to)| Op::MoveTask {
            device,
            task,
            to
        }),
        (d.clone(), 0..20usize, any::<bool>(), 0..3u8).prop_map(
            |(device, record, observation, to)| Op::Redate {
                device,
                record,
                observation,
                to
            }
        ),
        (d.clone(), 0..6u8).prop_map(|(device, what)| Op::Catalog { device, what }),
        (d.clone(), d.clone(), prop::option::of(0..6usize))
            .prop_map(|(a, b, cut_after)| Op::Sync { a, b, cut_after }),
        d.prop_map(|device| Op::Restart { device }),
    ]
}

pub(crate) fn pair(devices: &mut [Device], a: usize, b: usize) -> (&mut Device, &mut Device) {
    assert_ne!(a, b);
    if a < b {
        let (left, right) = devices.split_at_mut(b);
        (&mut left[a], &mut right[0])
    } else {
        let (left, right) = devices.split_at_mut(a);
        (&mut right[0], &mut left[b])
    }
}

/// Sets up `n` devices of one farm: the first creates the catalog, the
/// others join and receive it by sync.
pub(crate) fn farm_of(n: usize, dir: &std::path::Path) -> (Vec<Device>, [PersonId; 3]) {
    let mut devices: Vec<Device> = (0..n)
        .map(|i| {
            let name = format!("tablet-{i}");
            let path = dir.join(format!("{name}.sqlite3"));
            let store = open(&path, i as u64 + 1, "2026-11-23T08:00:00+01:00", &name);
            Device {
                name,
                path,
                store,
                sessions: SyncSessions::new(),
                reopened: 0,
                index: i as u64,
            }
        })
        .collect();
    let people = populate(&mut devices[0].store);
    let farm = devices[0].store.farm_id().unwrap();
    for i in 1..n {
        devices[i].store.adopt_farm(farm).unwrap();
        let (a, b) = pair(&mut devices, 0, i);
        sync_pair(a, b, None);
    }
    (devices, people)
}

fn run(ops: Vec<Op>, n: usize) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, lead, worker]) = farm_of(n, dir.path());
    let mut acked_tasks: Vec<TaskId> = Vec::new();
    let mut acked_harvests: Vec<HarvestId> = Vec::new();
    let mut acked_observations: Vec<ObservationId> = Vec::new();
    let mut acked_other: BTreeSet<String> = BTreeSet::new();
    for op in ops {
        match op {
            Op::AddTask { device, prev_month } => {
                let store = &mut devices[device].store;
                let due = if prev_month {
                    "2026-10-30"
                } else {
                    "2026-11-25"
                };
                let bed = *store.catalog().unwrap().beds.keys().next().unwrap();
                let t = store
                    .add_task(
                        sup,
                        NewTask {
                            title: name("tâche"),
                            kind: TaskKind::Weeding,
                            beds: vec![bed],
                            crew: vec![worker],
                            due: due.parse().unwrap(),
                            duration_min: Some(30),
                        },
                    )
                    .unwrap();
                acked_tasks.push(t.id);
            }
            // Edits of records a device has not received yet fail with
            // not_found: that is the expected answer, not a test failure.
            Op::Tick { device, task } => {
                if let Some(id) = acked_tasks.get(task) {
                    let _ = devices[device].store.complete_task(worker, *id);
                }
            }
            Op::EditTitle {
                device,
                task,
                title,
            } => {
                if let Some(id) = acked_tasks.get(task) {
                    let edit = TaskEdit {
                        title: Some(name(&format!("titre {title}"))),
                        ..TaskEdit::default()
                    };
                    let _ = devices[device].store.edit_task(lead, *id, edit);
                }
            }
            Op::DeleteTask { device, task } => {
                if let Some(id) = acked_tasks.get(task) {
                    let _ = devices[device].store.delete_task(sup, *id);
                }
            }
            Op::Harvest { device, kg } => {
                let store = &mut devices[device].store;
                let (bed, crop) = {
                    let c = store.catalog().unwrap();
                    (
                        *c.beds.keys().next().unwrap(),
                        *c.crops.keys().next().unwrap(),
                    )
                };
                let (h, ws) = store
                    .record_harvest(
                        lead,
                        NewHarvest {
                            bed,
                            crop,
                            variety: None,
                            destination: Destination::Kind(DestinationKind::Canteen),
                            note: carnet_core::values::Note::default(),
                            weighings: vec![(
                                Quantity::new(f64::from(kg) / 10.0, Unit::Kg).unwrap(),
                                None,
                            )],
                        },
                    )
                    .unwrap();
                acked_harvests.push(h.id);
                acked_other.extend(ws.iter().map(|w| w.id.to_string()));
            }
            Op::Weigh { device, harvest } => {
                if let Some(id) = acked_harvests.get(harvest)
                    && let Ok(w) = devices[device].store.add_weighing(
                        lead,
                        *id,
                        Quantity::new(1.0, Unit::Kg).unwrap(),
                        None,
                    )
                {
                    acked_other.insert(w.id.to_string());
                }
            }
            Op::Void { device, harvest } => {
                if let Some(id) = acked_harvests.get(harvest) {
                    let _ = devices[device]
                        .store
                        .void_harvest(lead, *id, name("erreur"));
                }
            }
            Op::Observe { device } => {
                let store = &mut devices[device].store;
                let bed = *store.catalog().unwrap().beds.keys().next().unwrap();
                let o = store
                    .record_observation(
                        worker,
                        NewObservation {
                            beds: vec![bed],
                            kind: ObservationKind::Water,
                            severity: Severity::new(1).unwrap(),
                            note: carnet_core::values::parse_note("note", "sec").unwrap(),
                            tags: BTreeSet::new(),
                        },
                    )
                    .unwrap();
                acked_observations.push(o.id);
            }
            Op::MoveTask { device, task, to } => {
                if let Some(id) = acked_tasks.get(task) {
                    let due = ["2026-10-29", "2026-11-27", "2026-12-02"][usize::from(to)];
                    let edit = TaskEdit {
                        due: Some(due.parse().unwrap()),
                        ..TaskEdit::default()
                    };
                    let _ = devices[device].store.edit_task(sup, *id, edit);
                }
            }
            Op::Redate {
                device,
                record,
                observation,
                to,
            } => {
                let at = [
                    "2026-10-15T10:00:00+01:00",
                    "2026-11-02T10:00:00+01:00",
                    "2026-09-20T10:00:00+02:00",
                ][usize::from(to)];
                let at = chrono::DateTime::parse_from_rfc3339(at).unwrap();
                let store = &mut devices[device].store;
                if observation {
                    if let Some(id) = acked_observations.get(record) {
                        let _ = store.redate_observation(sup, *id, at);
                    }
                } else if let Some(id) = acked_harvests.get(record) {
                    let _ = store.redate_harvest(sup, *id, at);
                }
            }
            Op::Catalog { device, what } => {
                let n = acked_other.len();
                let ids = catalog_edit(&mut devices[device].store, sup, what, n);
                acked_other.extend(ids);
            }
            Op::Sync { a, b, cut_after } => {
                if a != b {
                    let (a, b) = pair(&mut devices, a, b);
                    sync_pair(a, b, cut_after);
                }
            }
            Op::Restart { device } => devices[device].reopen(),
        }
    }
    // Reconnect everyone: two rounds of a ring reach a fixed point.
    for _ in 0..2 {
        for i in 0..n {
            let (a, b) = pair(&mut devices, i, (i + 1) % n);
            sync_pair(a, b, None);
        }
    }
    let reference = projection(&devices[0].store);
    for d in &mut devices[1..] {
        let here = projection(&d.store);
        prop_assert_eq!(&here.0, &reference.0, "records differ on {}", d.name);
        prop_assert_eq!(&here.1, &reference.1, "conflicts differ on {}", d.name);
    }
    let reference_heads = heads_of(&mut devices[0].store);
    for d in &mut devices[1..] {
        let here = heads_of(&mut d.store);
        prop_assert_eq!(&here, &reference_heads, "heads differ on {}", d.name);
    }
    for id in acked_tasks
        .iter()
        .map(ToString::to_string)
        .chain(acked_harvests.iter().map(ToString::to_string))
        .chain(acked_observations.iter().map(ToString::to_string))
        .chain(acked_other)
    {
        prop_assert!(
            reference.0.contains_key(&id),
            "acknowledged record {} is missing",
            id
        );
    }
    Ok(())
}

/// One catalog edit (`what` in 0..6); returns the ids of the records it
/// wrote. `n` makes names unique, so two devices' edits are two records.
fn catalog_edit(store: &mut Store, sup: PersonId, what: u8, n: usize) -> Vec<String> {
    use carnet_core::values::{BedCode, Lang, Metres, Role};
    use carnet_store::{BedInput, CropInput};
    let unique = format!("{}-{n}-{}", store.device_label(), what);
    match what {
        0 => {
            let code: BedCode = format!("Z-{}", n % 90 + 10).parse().unwrap();
            let bed = BedInput {
                code,
                zone: name(&format!("zone {unique}")),
                length: Metres::new("length", 20.0).unwrap(),
                width: Metres::new("width", 0.8).unwrap(),
            };
            // A bed code another device already used is refused: expected.
            match store.add_beds(sup, vec![bed]) {
                Ok(beds) => beds.iter().map(|b| b.id.to_string()).collect(),
                Err(_) => vec![],
            }
        }
        1 => {
            let crop = CropInput {
                name: name(&format!("culture {unique}")),
                family: name(&format!("famille {unique}")),
                default_unit: Unit::Kg,
                kg_per: Default::default(),
            };
            let crops = store.add_crops(sup, vec![crop]).unwrap();
            crops.iter().map(|c| c.id.to_string()).collect()
        }
        2 => {
            let crop = *store.catalog().unwrap().crops.keys().next().unwrap();
            let v = store
                .add_variety(sup, crop, name(&format!("variété {unique}")))
                .unwrap();
            vec![v.id.to_string()]
        }
        3 => {
            let p = store
                .add_person(
                    sup,
                    name(&format!("personne {unique}")),
                    Role::Worker,
                    Lang::Fr,
                    None,
                )
                .unwrap();
            vec![p.id.to_string()]
        }
        4 => {
            let o = store
                .add_outlet(
                    sup,
                    name(&format!("débouché {unique}")),
                    DestinationKind::Basket,
                )
                .unwrap();
            vec![o.id.to_string()]
        }
        _ => {
            let t = store
                .add_recurring_task(
                    sup,
                    carnet_core::tasks::NewTemplate {
                        task: NewTask {
                            title: name(&format!("récurrente {unique}")),
                            kind: TaskKind::Watering,
                            beds: vec![],
                            crew: vec![],
                            due: "2026-11-23".parse().unwrap(),
                            duration_min: None,
                        },
                        rule: "weekly mon,thu".parse().unwrap(),
                        until: None,
                    },
                )
                .unwrap();
            vec![t.id.to_string()]
        }
    }
}

/// Every document's Automerge heads on a device, by key: two devices that
/// converged hold the same documents with the same heads (identical
/// projections alone could hide a change one device never received).
pub(crate) fn heads_of(store: &mut Store) -> BTreeMap<DocKey, Vec<automerge::ChangeHash>> {
    let mut heads = BTreeMap::new();
    for key in store.documents().unwrap() {
        let mut h = store.document(key).unwrap().heads();
        h.sort();
        heads.insert(key, h);
    }
    heads
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha, ..ProptestConfig::default() })]

    #[test]
    fn devices_converge_whatever_the_schedule(ops in prop::collection::vec(op(3), 10..60)) {
        run(ops, 3)?;
    }
}

#[test]
fn two_devices_starting_the_same_month_offline_keep_both_records() {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, _, worker]) = farm_of(2, dir.path());
    let mut ids = Vec::new();
    for d in devices.iter_mut() {
        let t = d
            .store
            .add_task(
                sup,
                NewTask {
                    title: name(&format!("par {}", d.name)),
                    kind: TaskKind::Sowing,
                    beds: vec![],
                    crew: vec![worker],
                    due: "2026-12-02".parse().unwrap(),
                    duration_min: None,
                },
            )
            .unwrap();
        ids.push(t.id);
    }
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    for d in &devices {
        let tasks = d
            .store
            .tasks_between("2026-12-01".parse().unwrap(), "2026-12-31".parse().unwrap())
            .unwrap();
        assert_eq!(
            tasks.iter().map(|t| t.id).collect::<BTreeSet<_>>(),
            ids.iter().copied().collect()
        );
    }
}

#[test]
fn concurrent_edits_of_one_task_title_are_listed_with_who_wrote_each() {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, lead, worker]) = farm_of(2, dir.path());
    let t = devices[0]
        .store
        .add_task(
            sup,
            NewTask {
                title: name("Semer"),
                kind: TaskKind::Sowing,
                beds: vec![],
                crew: vec![worker],
                due: "2026-11-25".parse().unwrap(),
                duration_min: None,
            },
        )
        .unwrap();
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    devices[0]
        .store
        .edit_task(
            sup,
            t.id,
            TaskEdit {
                title: Some(name("Semer radis")),
                ..TaskEdit::default()
            },
        )
        .unwrap();
    devices[1]
        .store
        .edit_task(
            lead,
            t.id,
            TaskEdit {
                title: Some(name("Semer carottes")),
                ..TaskEdit::default()
            },
        )
        .unwrap();
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    let conflicts = devices[1].store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let mut seen: Vec<(String, String, String)> = conflicts[0]
        .values
        .iter()
        .map(|v| {
            (
                v.value.clone(),
                v.person.clone().unwrap(),
                v.device.clone().unwrap(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("Semer carottes".into(), "Moussa".into(), "tablet-1".into()),
            ("Semer radis".into(), "Claire".into(), "tablet-0".into())
        ]
    );
    assert_eq!(conflicts, devices[0].store.conflicts().unwrap());
    // The supervisor keeps one; the conflict is gone on both after sync.
    let doc = devices[0]
        .store
        .document_of(&t.id.to_string())
        .unwrap()
        .unwrap();
    devices[0]
        .store
        .resolve_conflict(sup, doc, &t.id.to_string(), "title", "Semer carottes")
        .unwrap();
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    for d in &devices {
        assert!(d.store.conflicts().unwrap().is_empty());
        assert_eq!(
            d.store.task(t.id).unwrap().1.title.as_str(),
            "Semer carottes"
        );
    }
}

#[test]
fn a_delete_concurrent_with_an_edit_keeps_the_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, lead, worker]) = farm_of(2, dir.path());
    let t = devices[0]
        .store
        .add_task(
            sup,
            NewTask {
                title: name("Pailler"),
                kind: TaskKind::Mulching,
                beds: vec![],
                crew: vec![worker],
                due: "2026-11-25".parse().unwrap(),
                duration_min: None,
            },
        )
        .unwrap();
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    devices[0].store.delete_task(sup, t.id).unwrap();
    devices[1]
        .store
        .edit_task(
            lead,
            t.id,
            TaskEdit {
                title: Some(name("Pailler B-04")),
                ..TaskEdit::default()
            },
        )
        .unwrap();
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    for d in &devices {
        let task = d.store.task(t.id).unwrap().1;
        assert!(task.deleted);
        assert_eq!(
            task.title.as_str(),
            "Pailler B-04",
            "the edit survives the delete mark"
        );
    }
}

#[test]
fn a_recurring_task_materialized_offline_on_two_devices_is_one_task() {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, lead, worker]) = farm_of(2, dir.path());
    devices[0]
        .store
        .add_recurring_task(
            sup,
            carnet_core::tasks::NewTemplate {
                task: NewTask {
                    title: name("Arroser"),
                    kind: TaskKind::Watering,
                    beds: vec![],
                    crew: vec![],
                    due: "2026-11-01".parse().unwrap(),
                    duration_min: None,
                },
                rule: "daily".parse().unwrap(),
                until: None,
            },
        )
        .unwrap();
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    // Both offline: each lists a later day, materializing it; one ticks.
    let day = "2026-12-10".parse().unwrap();
    let mut today_ids = Vec::new();
    for d in devices.iter_mut() {
        let list = d.store.day_tasks(sup, day, None).unwrap();
        today_ids.push(list.today[0].id);
    }
    assert_eq!(today_ids[0], today_ids[1]);
    devices[0]
        .store
        .complete_task(worker, today_ids[0])
        .unwrap();
    devices[1]
        .store
        .edit_task(
            lead,
            today_ids[1],
            TaskEdit {
                duration_min: Some(Some(45)),
                ..TaskEdit::default()
            },
        )
        .unwrap();
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    for d in &devices {
        let list = d.store.day_tasks_read_only(day, None).unwrap();
        assert_eq!(list.today.len(), 1, "one task, not two");
        let task = &list.today[0];
        assert_eq!(task.status.as_str(), "done");
        assert_eq!(task.duration_min, Some(45));
        assert!(
            d.store.conflicts().unwrap().is_empty(),
            "{:?}",
            d.store.conflicts().unwrap()
        );
    }
}

#[test]
fn catalog_edits_on_two_tablets_merge_by_field_and_one_field_twice_is_a_listed_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, lead, worker]) = farm_of(2, dir.path());
    let code: carnet_core::values::BedCode = "A-01".parse().unwrap();
    let metres = |v| carnet_core::values::Metres::new("length", v).unwrap();
    let change = |length, width: Option<f64>| carnet_store::BedChange {
        length: Some(metres(length)),
        width: width.map(metres),
        zone: None,
    };
    devices[0]
        .store
        .edit_bed(sup, &code, change(24.0, None))
        .unwrap();
    devices[1]
        .store
        .edit_bed(lead, &code, change(26.0, Some(1.2)))
        .unwrap();
    let person = |active: Option<bool>, role| carnet_store::PersonChange {
        active,
        role,
        ..carnet_store::PersonChange::default()
    };
    devices[0]
        .store
        .edit_person(sup, worker, person(Some(false), None))
        .unwrap();
    devices[1]
        .store
        .edit_person(
            lead,
            worker,
            person(None, Some(carnet_core::values::Role::TeamLeader)),
        )
        .unwrap();
    let (a, b) = pair(&mut devices, 0, 1);
    sync_pair(a, b, None);
    for device in &mut devices {
        let catalog = device.store.catalog().unwrap().clone();
        let bed = catalog.bed_by_code(&code).unwrap();
        assert_eq!(bed.width.get(), 1.2);
        let awa = &catalog.people[&worker];
        assert_eq!(
            (awa.active, awa.role),
            (false, carnet_core::values::Role::TeamLeader)
        );
        let conflicts = device.store.conflicts().unwrap();
        let fields: Vec<(&str, &str)> = conflicts
            .iter()
            .map(|c| (c.record_type.as_str(), c.field.as_str()))
            .collect();
        assert_eq!(fields, [("bed", "length")]);
    }
}

#[test]
fn the_operations_write_every_kind_they_declare() {
    let dir = tempfile::tempdir().unwrap();
    let (mut devices, [sup, lead, worker]) = farm_of(1, dir.path());
    let store = &mut devices[0].store;
    for what in 0..6 {
        catalog_edit(store, sup, what, usize::from(what));
    }
    let (bed, crop) = {
        let c = store.catalog().unwrap();
        (
            *c.beds.keys().next().unwrap(),
            *c.crops.keys().next().unwrap(),
        )
    };
    let task = store
        .add_task(
            sup,
            NewTask {
                title: name("tâche"),
                kind: TaskKind::Weeding,
                beds: vec![bed],
                crew: vec![worker],
                due: "2026-11-25".parse().unwrap(),
                duration_min: Some(30),
            },
        )
        .unwrap();
    let (harvest, _) = store
        .record_harvest(
            lead,
            NewHarvest {
                bed,
                crop,
                variety: None,
                destination: Destination::Kind(DestinationKind::Canteen),
                note: carnet_core::values::Note::default(),
                weighings: vec![(Quantity::new(1.0, Unit::Kg).unwrap(), None)],
            },
        )
        .unwrap();
    let observation = store
        .record_observation(
            lead,
            NewObservation {
                beds: vec![bed],
                kind: ObservationKind::ALL[0],
                severity: Severity::new(1).unwrap(),
                note: carnet_core::values::Note::default(),
                tags: Default::default(),
            },
        )
        .unwrap();
    for kind in kinds::CONVERGENCE_WRITES {
        assert!(
            !store.records_of_type(kind).unwrap().is_empty(),
            "convergence declares `{kind}` but its operations write none"
        );
    }
    // The moves, as `Op::MoveTask` and `Op::Redate` make them: each record
    // ends in another month's document.
    let ids = [
        ("task", task.id.to_string()),
        ("harvest", harvest.id.to_string()),
        ("observation", observation.id.to_string()),
    ];
    let before: Vec<_> = ids
        .iter()
        .map(|(_, id)| store.document_of(id).unwrap())
        .collect();
    let edit = TaskEdit {
        due: Some("2026-12-02".parse().unwrap()),
        ..TaskEdit::default()
    };
    store.edit_task(sup, task.id, edit).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-10-15T10:00:00+01:00").unwrap();
    store.redate_harvest(sup, harvest.id, at).unwrap();
    store.redate_observation(sup, observation.id, at).unwrap();
    for kind in kinds::CONVERGENCE_MOVES {
        let n = ids.iter().position(|(k, _)| k == kind);
        let n =
            n.unwrap_or_else(|| panic!("convergence declares moving `{kind}` but never moves one"));
        assert_ne!(
            store.document_of(&ids[n].1).unwrap(),
            before[n],
            "convergence declares moving `{kind}` but it stayed in its document"
        );
    }
}
