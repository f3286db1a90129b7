//! The garden of the end-to-end tests and the random field work done on it.

use carnet_core::harvests::Destination;
use carnet_core::harvests::NewHarvest;
use carnet_core::ids::{PersonId, TaskId};
use carnet_core::observations::NewObservation;
use carnet_core::tasks::{NewTask, TaskEdit};
use carnet_core::values::{
    BedCode, DestinationKind, Lang, Metres, Name, ObservationKind, Quantity, Role, Severity,
    TaskKind, Unit,
};
use carnet_e2e::device::Device;
use carnet_store::{BedInput, CropInput};
use rand::Rng;
use rand::rngs::StdRng;

pub(crate) fn name(s: &str) -> Name {
    Name::parse("name", s).expect("name")
}

/// The supervisor's offline set-up: 12 beds, 4 crops, a team of 4, an
/// outlet, a recurring chore and `shared_tasks` tasks for the coming week.
/// Returns the shared tasks' ids.
pub(crate) fn set_up_farm(
    bureau: &mut Device,
    first_day: chrono::NaiveDate,
    shared_tasks: usize,
) -> Vec<TaskId> {
    let mut store = bureau.store();
    store.init_farm(name("Jardin des Aubes")).expect("init");
    let nil = PersonId(uuid::Uuid::nil());
    let beds = (1..=12)
        .map(|i| BedInput {
            code: format!("{}-{:02}", ['A', 'B', 'C'][(i - 1) / 4], i)
                .parse::<BedCode>()
                .expect("code"),
            zone: name(&format!("Jardin-type {}", ['A', 'B', 'C'][(i - 1) / 4])),
            length: Metres::new("length", 30.0).expect("m"),
            width: Metres::new("width", 0.8).expect("m"),
        })
        .collect();
    store.add_beds(nil, beds).expect("beds");
    let crop = |n: &str, f: &str, u: Unit, kg: &[(Unit, f64)]| CropInput {
        name: name(n),
        family: name(f),
        default_unit: u,
        kg_per: kg
            .iter()
            .map(|&(unit, f)| (unit, carnet_core::values::parse_kg_factor(unit, f).unwrap()))
            .collect(),
    };
    store
        .add_crops(
            nil,
            vec![
                crop("Tomate", "Solanacées", Unit::Kg, &[(Unit::Crate, 6.0)]),
                crop("Radis", "Brassicacées", Unit::Bunch, &[(Unit::Bunch, 0.35)]),
                crop("Laitue", "Astéracées", Unit::Piece, &[(Unit::Piece, 0.4)]),
                crop("Courgette", "Cucurbitacées", Unit::Kg, &[]),
            ],
        )
        .expect("crops");
    let claire = store
        .add_person(nil, name("Claire"), Role::Supervisor, Lang::Fr, None)
        .expect("person")
        .id;
    store
        .add_person(claire, name("Moussa"), Role::TeamLeader, Lang::Fr, None)
        .expect("person");
    let awa = store
        .add_person(claire, name("Awa"), Role::Worker, Lang::En, None)
        .expect("person")
        .id;
    store
        .add_person(claire, name("Yacine"), Role::Worker, Lang::Fr, None)
        .expect("person");
    store
        .add_outlet(
            claire,
            name("Cantine école Jaurès"),
            DestinationKind::Canteen,
        )
        .expect("outlet");
    store
        .add_recurring_task(
            claire,
            carnet_core::tasks::NewTemplate {
                task: NewTask {
                    title: name("Arroser la serre"),
                    kind: TaskKind::Watering,
                    beds: vec![],
                    crew: vec![],
                    due: first_day,
                    duration_min: Some(20),
                },
                rule: "daily".parse().expect("rule"),
                until: None,
            },
        )
        .expect("template");
    let beds: Vec<_> = store
        .catalog()
        .expect("catalog")
        .beds
        .keys()
        .copied()
        .collect();
    let ids = (0..shared_tasks)
        .map(|i| {
            let due = first_day + chrono::Duration::days((i % 7) as i64);
            let t = store
                .add_task(
                    claire,
                    NewTask {
                        title: name(&format!("Tâche {i}")),
                        kind: TaskKind::ALL[i % TaskKind::ALL.len()],
                        beds: vec![beds[i % beds.len()]],
                        crew: vec![awa],
                        due,
                        duration_min: Some(30),
                    },
                )
                .expect("task");
            t.id
        })
        .collect();
    drop(store);
    ids
}

/// One random action of a day in the field. Returns the ids the store
/// acknowledged.
pub(crate) fn field_action(
    device: &mut Device,
    rng: &mut StdRng,
    shared: &[TaskId],
) -> Vec<String> {
    let mut store = device.store();
    let catalog = store.catalog().expect("catalog").clone();
    let person = |n: &str| catalog.person_by_name(n).expect("person").id;
    let beds: Vec<_> = catalog.beds.keys().copied().collect();
    let crops: Vec<_> = catalog.crops.keys().copied().collect();
    let mut acked = Vec::new();
    match rng.random_range(0..10) {
        0..=3 => {
            let weighings = (0..rng.random_range(1..=3))
                .map(|_| {
                    (
                        Quantity::new(f64::from(rng.random_range(5..200u32)) / 10.0, Unit::Kg)
                            .expect("q"),
                        None,
                    )
                })
                .collect();
            let (h, ws) = store
                .record_harvest(
                    person("Moussa"),
                    NewHarvest {
                        bed: beds[rng.random_range(0..beds.len())],
                        crop: crops[rng.random_range(0..crops.len())],
                        variety: None,
                        destination: Destination::Kind(DestinationKind::Canteen),
                        note: carnet_core::values::Note::default(),
                        weighings,
                    },
                )
                .expect("harvest");
            acked.push(h.id.to_string());
            acked.extend(ws.iter().map(|w| w.id.to_string()));
        }
        4..=5 => {
            let task = shared[rng.random_range(0..shared.len())];
            if store.complete_task(person("Awa"), task).is_ok() {
                acked.push(task.to_string());
            }
        }
        6..=7 => {
            // The same few tasks edited on several tablets: conflicts.
            let task = shared[rng.random_range(0..shared.len().min(5))];
            let title = name(&format!(
                "Tâche revue par {} ({})",
                device.name,
                rng.random_range(0..100)
            ));
            let _ = store.edit_task(
                person("Moussa"),
                task,
                TaskEdit {
                    title: Some(title),
                    ..TaskEdit::default()
                },
            );
        }
        _ => {
            let o = store
                .record_observation(
                    person("Yacine"),
                    NewObservation {
                        beds: vec![beds[rng.random_range(0..beds.len())]],
                        kind: ObservationKind::ALL[rng.random_range(0..ObservationKind::ALL.len())],
                        severity: Severity::new(rng.random_range(0..=3)).expect("s"),
                        note: carnet_core::values::parse_note("note", "vu au champ").unwrap(),
                        tags: Default::default(),
                    },
                )
                .expect("observation");
            acked.push(o.id.to_string());
        }
    }
    drop(store);
    device.acked.extend(acked.iter().cloned());
    acked
}

pub(crate) use carnet_e2e::converge::assert_converged;
