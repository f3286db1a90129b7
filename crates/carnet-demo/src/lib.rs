//! A living demo garden for a newcomer's first run, and the history behind
//! the launch-time benchmark: zones and about 60 beds, crops with their
//! units, a team with faces and PINs, outlets, recurring chores, and weeks
//! (or years) of tasks, harvests and observations.
//!
//! Everything is written through the ordinary `Store` API, so the demo holds
//! exactly what people would have made, and the same seed gives the same
//! garden. Deliberately not here: any way to write that the app lacks.

mod clock;
mod garden;

use std::collections::BTreeSet;

use carnet_core::harvests::Destination;
use carnet_core::harvests::NewHarvest;
use carnet_core::ids::{BedId, CropId, OutletId, PersonId};
use carnet_core::observations::NewObservation;
use carnet_core::tasks::{Abandonment, NewTask, NewTemplate};
use carnet_core::values::{
    BedCode, DestinationKind, Metres, Name, Note, ObservationKind, Quantity, Role, Severity,
    TaskKind, Unit, parse_kg_factor, parse_note, parse_tag,
};
use carnet_store::{BedInput, CropInput, Result, Store};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

pub use clock::SteerableClock;

/// What to write.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// The day the demo's "today" tasks are due.
    pub today: NaiveDate,
    /// The farm's UTC offset, for the times of the history.
    pub offset: FixedOffset,
    /// Days of history before `today`.
    pub history_days: u32,
    pub seed: u64,
}

impl DemoOptions {
    /// A month of history before `today`, the first-run demo.
    pub fn month_before(today: NaiveDate, offset: FixedOffset) -> Self {
        Self {
            today,
            offset,
            history_days: 30,
            seed: 2026,
        }
    }
}

/// How much the demo wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub beds: usize,
    pub crops: usize,
    pub people: usize,
    pub tasks: usize,
    pub harvests: usize,
    pub observations: usize,
}

/// The parts of the catalog the history draws from.
struct Garden {
    beds: Vec<(BedId, Option<CropId>)>,
    crops: Vec<(CropId, Unit)>,
    supervisor: PersonId,
    leaders: Vec<PersonId>,
    workers: Vec<PersonId>,
    outlets: Vec<OutletId>,
}

/// Creates the demo farm in an empty store and writes its history. The
/// store's clock must be wrapped by `clock` (see [`SteerableClock::wrap`]);
/// it is released when this returns, whatever happens.
pub fn fill(
    store: &mut Store,
    clock: &SteerableClock,
    options: &DemoOptions,
) -> Result<DemoSummary> {
    let outcome = fill_inner(store, clock, options);
    clock.release();
    outcome
}

fn fill_inner(
    store: &mut Store,
    clock: &SteerableClock,
    options: &DemoOptions,
) -> Result<DemoSummary> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let start = options.today - Duration::days(i64::from(options.history_days));
    let at = |day: NaiveDate, h: u32, m: u32| -> DateTime<FixedOffset> {
        day.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("valid time"))
            .and_local_timezone(options.offset)
            .single()
            .expect("fixed offsets are unambiguous")
    };
    clock.set(at(start, 7, 0));
    let garden = catalog(store, &mut rng)?;
    let mut summary = DemoSummary {
        beds: garden.beds.len(),
        crops: garden.crops.len(),
        people: garden::TEAM.len(),
        ..DemoSummary::default()
    };
    chores(store, &garden, start)?;
    let mut day = start;
    while day < options.today {
        clock.set(at(day, 7, 30));
        summary.tasks += history_day(store, &garden, &mut rng, day, clock, &at)?;
        clock.set(at(day, 10, 0));
        summary.harvests += harvests_of_day(store, &garden, &mut rng)?;
        clock.set(at(day, 11, 30));
        if rng.random_bool(0.7) {
            observe(store, &garden, &mut rng)?;
            summary.observations += 1;
        }
        day += Duration::days(1);
    }
    clock.set(at(options.today, 7, 0));
    summary.tasks += today(store, &garden, &mut rng, options.today)?;
    Ok(summary)
}

fn name(text: &str) -> Name {
    Name::parse("name", text).expect("demo names are valid")
}

fn catalog(store: &mut Store, rng: &mut StdRng) -> Result<Garden> {
    if store.farm_id().is_err() {
        store.init_farm(name("Jardin des Aubes"))?;
    }
    let nobody = PersonId(uuid::Uuid::nil());
    let mut people = Vec::new();
    for (who, role, lang, pin) in garden::TEAM {
        let by = people.first().map_or(nobody, |(id, _)| *id);
        let person = store.add_person(by, name(who), *role, *lang, *pin)?;
        people.push((person.id, *role));
    }
    let supervisor = people[0].0;
    let of_role = |r: Role| -> Vec<PersonId> {
        people
            .iter()
            .filter(|(_, role)| *role == r)
            .map(|(id, _)| *id)
            .collect()
    };
    let mut beds = Vec::new();
    for (zone, letter, count, length, width) in garden::ZONES {
        for n in 1..=*count {
            beds.push(BedInput {
                code: format!("{letter}-{n:02}").parse().expect("valid code"),
                zone: name(zone),
                length: Metres::new("length", *length).expect("valid length"),
                width: Metres::new("width", *width).expect("valid width"),
            });
        }
    }
    let beds = store.add_beds(supervisor, beds)?;
    let crops = garden::CROPS
        .iter()
        .map(|(crop, family, unit, kg)| CropInput {
            name: name(crop),
            family: name(family),
            default_unit: *unit,
            kg_per: kg
                .map(|k| {
                    (
                        *unit,
                        parse_kg_factor(*unit, k).expect("demo factors are valid"),
                    )
                })
                .into_iter()
                .collect(),
        })
        .collect();
    let crops = store.add_crops(supervisor, crops)?;
    let mut outlets = Vec::new();
    for (outlet, kind) in garden::OUTLETS {
        outlets.push(store.add_outlet(supervisor, name(outlet), *kind)?.id);
    }
    // Most beds grow something; a few rest.
    let beds = beds
        .iter()
        .map(|b| {
            let crop = rng
                .random_bool(0.85)
                .then(|| crops.choose(rng).expect("crops").id);
            (b.id, crop)
        })
        .collect();
    Ok(Garden {
        beds,
        crops: crops.iter().map(|c| (c.id, c.default_unit)).collect(),
        supervisor,
        leaders: of_role(Role::TeamLeader),
        workers: of_role(Role::Worker),
        outlets,
    })
}

/// The recurring chores, from the first day of the history.
fn chores(store: &mut Store, garden: &Garden, start: NaiveDate) -> Result<()> {
    let greenhouse: Vec<BedId> = garden.beds[50..].iter().map(|(b, _)| *b).collect();
    let rules = [
        ("Arroser la serre", TaskKind::Watering, greenhouse, "daily"),
        (
            "Vérifier le goutte-à-goutte",
            TaskKind::Maintenance,
            Vec::new(),
            "mon,thu",
        ),
    ];
    for (title, kind, beds, rule) in rules {
        store.add_recurring_task(
            garden.supervisor,
            NewTemplate {
                task: NewTask {
                    title: name(title),
                    kind,
                    beds,
                    crew: Vec::new(),
                    due: start,
                    duration_min: Some(30),
                },
                rule: rule.parse().expect("valid rule"),
                until: None,
            },
        )?;
    }
    Ok(())
}

fn crew(garden: &Garden, rng: &mut StdRng) -> Vec<PersonId> {
    let size = rng.random_range(1..=2);
    garden.workers.choose_multiple(rng, size).copied().collect()
}

fn new_chore(garden: &Garden, rng: &mut StdRng, due: NaiveDate) -> NewTask {
    let (title, kind) = garden::CHORES.choose(rng).expect("chores");
    let (bed, _) = garden.beds.choose(rng).expect("beds");
    NewTask {
        title: name(title),
        kind: *kind,
        beds: vec![*bed],
        crew: crew(garden, rng),
        due,
        duration_min: Some(rng.random_range(2..=8) * 15),
    }
}

/// One past day's tasks: planned in the morning, most done, a few
/// abandoned; the recurring ones done too. Returns how many were planned.
fn history_day(
    store: &mut Store,
    garden: &Garden,
    rng: &mut StdRng,
    day: NaiveDate,
    clock: &SteerableClock,
    at: &impl Fn(NaiveDate, u32, u32) -> DateTime<FixedOffset>,
) -> Result<usize> {
    let leader = *garden.leaders.choose(rng).expect("leaders");
    let mut ids = Vec::new();
    for _ in 0..rng.random_range(3..=5) {
        let new = new_chore(garden, rng, day);
        ids.push((store.add_task(leader, new.clone())?, new.crew));
    }
    let recurring = store.day_tasks(leader, day, None)?;
    clock.set(at(day, 16, 0));
    for (task, crew) in ids {
        let by = crew.first().copied().unwrap_or(leader);
        match rng.random_range(0..20) {
            0 => {
                let reason = garden::ABANDON_REASONS.choose(rng).expect("reasons");
                store.abandon_task(by, task.id, Abandonment::new(*reason, None))?;
            }
            _ => _ = store.complete_task(by, task.id)?,
        }
    }
    let chores = recurring
        .today
        .iter()
        .filter(|t| t.template.is_some() && t.is_open());
    for task in chores {
        store.complete_task(leader, task.id)?;
    }
    Ok(recurring.today.len())
}

fn harvests_of_day(store: &mut Store, garden: &Garden, rng: &mut StdRng) -> Result<usize> {
    let growing: Vec<_> = garden
        .beds
        .iter()
        .filter_map(|(b, c)| c.map(|c| (*b, c)))
        .collect();
    let count = rng.random_range(3..=6);
    let leader = *garden.leaders.choose(rng).expect("leaders");
    for (bed, crop) in growing.choose_multiple(rng, count) {
        let unit = garden
            .crops
            .iter()
            .find(|(c, _)| c == crop)
            .map_or(Unit::Kg, |(_, u)| *u);
        let weighings = (0..rng.random_range(1..=3))
            .map(|_| weighing(rng, unit))
            .collect();
        let destination = match rng.random_range(0..10) {
            0 => Destination::Kind(DestinationKind::Loss),
            1 => Destination::Kind(DestinationKind::Partner),
            _ => Destination::Outlet(*garden.outlets.choose(rng).expect("outlets")),
        };
        store.record_harvest(
            leader,
            NewHarvest {
                bed: *bed,
                crop: *crop,
                variety: None,
                destination,
                note: Note::default(),
                weighings,
            },
        )?;
    }
    Ok(count)
}

fn weighing(rng: &mut StdRng, unit: Unit) -> (Quantity, Option<f64>) {
    let value = match unit {
        Unit::Kg => f64::from(rng.random_range(20..=160)) / 10.0,
        _ => f64::from(rng.random_range(2..=12)),
    };
    let tare = (unit == Unit::Kg && value > 5.0 && rng.random_bool(0.5)).then_some(1.2);
    (Quantity::new(value, unit).expect("valid quantity"), tare)
}

fn observe(store: &mut Store, garden: &Garden, rng: &mut StdRng) -> Result<()> {
    let (bed, _) = garden.beds.choose(rng).expect("beds");
    let kind = *ObservationKind::ALL.choose(rng).expect("kinds");
    let mut tags = BTreeSet::new();
    if rng.random_bool(0.4) {
        let tag = garden::OBSERVATION_TAGS.choose(rng).expect("tags");
        tags.insert(parse_tag(tag).expect("demo tags are valid"));
    }
    let by = *garden.leaders.choose(rng).expect("leaders");
    store.record_observation(
        by,
        NewObservation {
            beds: vec![*bed],
            kind,
            severity: Severity::new(rng.random_range(0..=3)).expect("valid severity"),
            note: parse_note(
                "note",
                garden::OBSERVATION_NOTES.choose(rng).expect("notes"),
            )
            .expect("demo notes are valid"),
            tags,
        },
    )?;
    Ok(())
}

/// Today's list: chores for the team, one for everyone, and two left over
/// from yesterday (late).
fn today(store: &mut Store, garden: &Garden, rng: &mut StdRng, today: NaiveDate) -> Result<usize> {
    let leader = garden.leaders[0];
    let mut planned = 0;
    for worker in &garden.workers {
        let mut new = new_chore(garden, rng, today);
        new.crew = vec![*worker];
        store.add_task(leader, new)?;
        planned += 1;
    }
    let mut everyone = new_chore(garden, rng, today);
    everyone.crew = Vec::new();
    everyone.title = name("Ramasser les outils");
    everyone.kind = TaskKind::Other;
    store.add_task(leader, everyone)?;
    for worker in garden.workers.iter().take(2) {
        let mut late = new_chore(garden, rng, today - Duration::days(1));
        late.crew = vec![*worker];
        store.add_task(leader, late)?;
        planned += 1;
    }
    store.day_tasks(leader, today, None)?;
    Ok(planned + 1)
}

/// The bed code the demo gives the `n`th bed (0-based), for tests.
pub fn bed_code(n: usize) -> Option<BedCode> {
    let mut left = n;
    for (_, letter, count, _, _) in garden::ZONES {
        let count = *count as usize;
        if left < count {
            return format!("{letter}-{:02}", left + 1).parse().ok();
        }
        left -= count;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use carnet_store::{StoreEnv, system_clock};

    #[test]
    fn demo_fills_an_empty_store_with_a_living_garden() {
        let dir = tempfile::tempdir().unwrap();
        let steer = SteerableClock::new();
        let env = StoreEnv::seeded(1, steer.wrap(system_clock()), "démo");
        let mut store = Store::open(&dir.path().join("carnet.sqlite3"), env).unwrap();
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let offset = FixedOffset::east_opt(3600).unwrap();
        let options = DemoOptions {
            history_days: 10,
            ..DemoOptions::month_before(today, offset)
        };
        let summary = fill(&mut store, &steer, &options).unwrap();
        assert_eq!((summary.beds, summary.crops, summary.people), (60, 21, 10));
        assert!(summary.harvests >= 30, "{summary:?}");
        let catalog = store.catalog().unwrap().clone();
        assert_eq!(catalog.beds.len(), 60);
        assert!(catalog.beds.values().any(|b| b.code.as_str() == "S-10"));
        let day = store.day_tasks_read_only(today, None).unwrap();
        assert!(day.today.len() >= 7, "{day:?}");
        assert_eq!(day.late.len(), 2);
        let (harvests, _) = store
            .harvests_between(Some(today - Duration::days(10)), Some(today))
            .unwrap();
        assert_eq!(harvests.len(), summary.harvests);
        assert!(harvests.iter().all(|h| h.at.date_naive() < today));
        assert_eq!(bed_code(59).unwrap().as_str(), "S-10");
    }
}
