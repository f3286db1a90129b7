//! A small farm for tests: one supervisor, beds, crops, people, all seeded.

use std::path::Path;

use carnet_core::ids::PersonId;
use carnet_core::values::{BedCode, Lang, Metres, Name, Role, Unit};
use carnet_store::{BedInput, CropInput, Store, StoreEnv, stepping_clock};
use chrono::{DateTime, FixedOffset};

pub(crate) fn at(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

pub(crate) fn open(path: &Path, seed: u64, start: &str, device: &str) -> Store {
    Store::open(
        path,
        StoreEnv::seeded(seed, stepping_clock(at(start), 1000), device),
    )
    .unwrap()
}

pub(crate) fn name(s: &str) -> Name {
    Name::parse("name", s).unwrap()
}

/// Creates the farm with 6 beds in two zones, 3 crops and 3 people. Returns
/// the people's ids: supervisor, team leader, worker.
pub(crate) fn populate(store: &mut Store) -> [PersonId; 3] {
    store.init_farm(name("Jardin des Aubes")).unwrap();
    let nil = PersonId(uuid::Uuid::nil());
    let beds = (1..=6)
        .map(|i| BedInput {
            code: format!("{}-{:02}", if i <= 3 { 'A' } else { 'B' }, i)
                .parse::<BedCode>()
                .unwrap(),
            zone: name(if i <= 3 {
                "Jardin-type A"
            } else {
                "Jardin-type B"
            }),
            length: Metres::new("length", 30.0).unwrap(),
            width: Metres::new("width", 0.8).unwrap(),
        })
        .collect();
    store.add_beds(nil, beds).unwrap();
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
                crop("Laitue", "Astéracées", Unit::Piece, &[]),
            ],
        )
        .unwrap();
    let sup = store
        .add_person(nil, name("Claire"), Role::Supervisor, Lang::Fr, None)
        .unwrap();
    let lead = store
        .add_person(
            sup.id,
            name("Moussa"),
            Role::TeamLeader,
            Lang::Fr,
            Some("1234"),
        )
        .unwrap();
    let worker = store
        .add_person(sup.id, name("Awa"), Role::Worker, Lang::En, None)
        .unwrap();
    [sup.id, lead.id, worker.id]
}
