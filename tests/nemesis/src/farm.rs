//! The scenario's garden, created offline on the supervisor's desk through
//! the ordinary store API: 12 beds, 4 crops, a team of 4, a daily chore and
//! a few tasks that several devices will edit at once.

use std::path::Path;

use carnet_core::ids::PersonId;
use carnet_core::tasks::{NewTask, NewTemplate};
use carnet_core::values::{BedCode, Lang, Metres, Name, Role, TaskKind, Unit};
use carnet_store::{BedInput, CropInput, Store, StoreEnv, stepping_clock};
use chrono::{DateTime, FixedOffset};

fn name(s: &str) -> anyhow::Result<Name> {
    Ok(Name::parse("name", s)?)
}

/// A fixed time for stores opened only to be read.
pub fn epoch() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-01-01T00:00:00+01:00").expect("a fixed time")
}

/// Creates the farm in a new store at `path`; returns the farm id.
pub fn set_up(path: &Path, seed: u64, now: DateTime<FixedOffset>) -> anyhow::Result<String> {
    let env = StoreEnv::seeded(seed, stepping_clock(now, 1000), "bureau");
    let mut store = Store::open(path, env)?;
    store.init_farm(name("Jardin des Aubes")?)?;
    let nil = PersonId(uuid::Uuid::nil());
    let mut beds = Vec::new();
    for i in 1..=12usize {
        let zone = ['A', 'B', 'C'][(i - 1) / 4];
        beds.push(BedInput {
            code: format!("{zone}-{i:02}").parse::<BedCode>()?,
            zone: name(&format!("Jardin-type {zone}"))?,
            length: Metres::new("length", 30.0)?,
            width: Metres::new("width", 0.8)?,
        });
    }
    store.add_beds(nil, beds)?;
    let crop = |n: &str, f: &str, u: Unit| -> anyhow::Result<CropInput> {
        Ok(CropInput {
            name: name(n)?,
            family: name(f)?,
            default_unit: u,
            kg_per: Default::default(),
        })
    };
    store.add_crops(
        nil,
        vec![
            crop("Tomate", "Solanacées", Unit::Kg)?,
            crop("Radis", "Brassicacées", Unit::Kg)?,
            crop("Laitue", "Astéracées", Unit::Kg)?,
            crop("Courgette", "Cucurbitacées", Unit::Kg)?,
        ],
    )?;
    let claire = store
        .add_person(nil, name("Claire")?, Role::Supervisor, Lang::Fr, None)?
        .id;
    store.add_person(claire, name("Moussa")?, Role::TeamLeader, Lang::Fr, None)?;
    let awa = store
        .add_person(claire, name("Awa")?, Role::Worker, Lang::En, None)?
        .id;
    store.add_person(claire, name("Yacine")?, Role::Worker, Lang::Fr, None)?;
    let today = now.date_naive();
    store.add_recurring_task(
        claire,
        NewTemplate {
            task: NewTask {
                title: name("Arroser la serre")?,
                kind: TaskKind::Watering,
                beds: vec![],
                crew: vec![],
                due: today,
                duration_min: Some(20),
            },
            rule: "daily".parse()?,
            until: None,
        },
    )?;
    let bed_ids: Vec<_> = store.catalog()?.beds.keys().copied().collect();
    for i in 0..6usize {
        store.add_task(
            claire,
            NewTask {
                title: name(&format!("Tâche {i}"))?,
                kind: TaskKind::ALL[i % TaskKind::ALL.len()],
                beds: vec![bed_ids[i % bed_ids.len()]],
                crew: vec![awa],
                due: today + chrono::Duration::days(i as i64 % 3),
                duration_min: Some(30),
            },
        )?;
    }
    Ok(store.farm_id()?.to_string())
}
