//! The one workload all three systems replay: generated here from a seed and
//! written as a JSON file that the Carnet driver (in this crate) and the Node
//! drivers (`bench/peers/drivers/*.mjs`) both read, so every system is given
//! exactly the same records, days and edits.
//!
//! Ids are UUIDs drawn from the seed. The Node peers key their records by
//! them; Carnet's store makes its own ids (UUID v7 from its seeded
//! environment), so the Carnet driver keeps a map from these ids to its own.

use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Workload {
    pub seed: u64,
    pub farm: Catalog,
    /// One year of the farm's days, written on the office's device before
    /// any tablet starts: the shared history.
    pub history: Vec<Day>,
    /// The first day of the week the tablets spend offline.
    pub week_start: NaiveDate,
    /// The 20 tasks of the week (planned in the history) that every tablet
    /// edits while offline: the same field, each tablet its own value.
    pub shared_tasks: Vec<String>,
    pub devices: Vec<DeviceWeek>,
    pub fleet: Fleet,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Catalog {
    pub name: String,
    pub beds: Vec<BedRec>,
    pub crops: Vec<CropRec>,
    pub people: Vec<PersonRec>,
    pub outlets: Vec<OutletRec>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct BedRec {
    pub id: String,
    pub code: String,
    pub zone: String,
    pub length: f64,
    pub width: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct CropRec {
    pub id: String,
    pub name: String,
    pub family: String,
    /// kg, bunch or piece.
    pub unit: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct PersonRec {
    pub id: String,
    pub name: String,
    /// supervisor, team_leader or worker.
    pub role: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct OutletRec {
    pub id: String,
    pub name: String,
}

/// What one device does on one day, in this order: plan tasks, tick tasks,
/// record harvests, record observations, edit tasks.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Day {
    pub date: NaiveDate,
    /// The person holding the device (an id of the catalog's people).
    pub by: String,
    pub tasks: Vec<TaskRec>,
    pub ticks: Vec<String>,
    pub harvests: Vec<HarvestRec>,
    pub observations: Vec<ObservationRec>,
    pub edits: Vec<EditRec>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct TaskRec {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub beds: Vec<String>,
    pub due: NaiveDate,
    pub duration_min: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct HarvestRec {
    pub id: String,
    pub bed: String,
    pub crop: String,
    pub weighings: Vec<WeighingRec>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct WeighingRec {
    pub id: String,
    pub kg: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ObservationRec {
    pub id: String,
    pub bed: String,
    pub kind: String,
    pub severity: u8,
    pub note: String,
}

/// A concurrent edit: this device sets the task's duration to its own value.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct EditRec {
    pub task: String,
    pub duration_min: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct DeviceWeek {
    pub name: String,
    pub days: Vec<Day>,
}

/// Many farms at once: `farms` × `per_farm` devices, each with one day of
/// changes, all syncing at the same moment. Every farm has the same small
/// catalog (each system gives each farm its own copy: its own documents or
/// database).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Fleet {
    pub farms: usize,
    pub per_farm: usize,
    pub date: NaiveDate,
    pub catalog: Catalog,
    pub devices: Vec<FleetDevice>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct FleetDevice {
    pub farm: usize,
    pub name: String,
    pub day: Day,
}

/// The sizes of a run; `Default` is issue 5's.
#[derive(Clone, Debug)]
pub(crate) struct Params {
    pub seed: u64,
    pub history_days: i64,
    pub devices: usize,
    pub shared_tasks: usize,
    pub fleet_farms: usize,
    pub fleet_per_farm: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            seed: 2026,
            history_days: 365,
            devices: 10,
            shared_tasks: 20,
            fleet_farms: 50,
            fleet_per_farm: 10,
        }
    }
}

const TASK_KINDS: [&str; 8] = [
    "sowing",
    "planting",
    "weeding",
    "watering",
    "harvesting",
    "mulching",
    "maintenance",
    "other",
];
const OBSERVATION_KINDS: [&str; 5] = ["pest", "disease", "weeds", "water", "growth"];
const NOTES: [&str; 5] = [
    "pucerons sur les jeunes feuilles",
    "feuilles jaunes en bout de planche",
    "",
    "levée irrégulière",
    "sol sec en surface",
];

struct Gen {
    rng: StdRng,
}

impl Gen {
    fn id(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.rng.random())
            .into_uuid()
            .to_string()
    }

    fn catalog(&mut self, name: &str, beds: usize, crops: usize) -> Catalog {
        let zones = beds.div_ceil(12);
        let beds = (0..beds)
            .map(|i| {
                let zone = (b'A' + (i * zones / beds) as u8) as char;
                BedRec {
                    id: self.id(),
                    code: format!("{zone}-{:02}", i % 12 + 1),
                    zone: format!("Jardin {zone}"),
                    length: 30.0,
                    width: 0.8,
                }
            })
            .collect();
        let crops = (0..crops)
            .map(|i| CropRec {
                id: self.id(),
                name: format!("Culture {i:02}"),
                family: format!("Famille {}", i % 8),
                unit: ["kg", "bunch", "piece"][i % 3].into(),
            })
            .collect();
        let mut people = vec![PersonRec {
            id: self.id(),
            name: "Claire".into(),
            role: "supervisor".into(),
        }];
        for i in 0..9 {
            people.push(PersonRec {
                id: self.id(),
                name: format!("Personne {i}"),
                role: if i < 3 { "team_leader" } else { "worker" }.into(),
            });
        }
        let outlets = (0..5)
            .map(|i| OutletRec {
                id: self.id(),
                name: format!("Cantine {i}"),
            })
            .collect();
        Catalog {
            name: name.into(),
            beds,
            crops,
            people,
            outlets,
        }
    }

    fn task(&mut self, catalog: &Catalog, due: NaiveDate, n: usize) -> TaskRec {
        let kind = TASK_KINDS[self.rng.random_range(0..TASK_KINDS.len())];
        TaskRec {
            id: self.id(),
            title: format!("{kind} {n}"),
            kind: kind.into(),
            beds: vec![self.bed(catalog)],
            due,
            duration_min: 15 * self.rng.random_range(1..9u32),
        }
    }

    fn bed(&mut self, catalog: &Catalog) -> String {
        catalog.beds[self.rng.random_range(0..catalog.beds.len())]
            .id
            .clone()
    }

    fn harvest(&mut self, catalog: &Catalog) -> HarvestRec {
        let weighings = (0..self.rng.random_range(1..=3))
            .map(|_| WeighingRec {
                id: self.id(),
                kg: f64::from(self.rng.random_range(5..250u32)) / 10.0,
            })
            .collect();
        HarvestRec {
            id: self.id(),
            bed: self.bed(catalog),
            crop: catalog.crops[self.rng.random_range(0..catalog.crops.len())]
                .id
                .clone(),
            weighings,
        }
    }

    fn observation(&mut self, catalog: &Catalog) -> ObservationRec {
        ObservationRec {
            id: self.id(),
            bed: self.bed(catalog),
            kind: OBSERVATION_KINDS[self.rng.random_range(0..OBSERVATION_KINDS.len())].into(),
            severity: self.rng.random_range(1..=3),
            note: NOTES[self.rng.random_range(0..NOTES.len())].into(),
        }
    }
}

fn empty_day(date: NaiveDate, by: &str) -> Day {
    Day {
        date,
        by: by.into(),
        tasks: vec![],
        ticks: vec![],
        harvests: vec![],
        observations: vec![],
        edits: vec![],
    }
}

impl Workload {
    pub(crate) fn generate(p: &Params) -> Workload {
        let mut g = Gen {
            rng: StdRng::seed_from_u64(p.seed),
        };
        // The demo garden's size: 60 beds in 5 zones, 21 crops, 10 people.
        let farm = g.catalog("Jardin des Aubes", 60, 21);
        let supervisor = farm.people[0].id.clone();
        let lead = farm.people[1].id.clone();
        // The week starts on 2026-11-03, so it and its planning stay in one
        // month: a tablet's scope (this month and the last) covers it all.
        let week_start: NaiveDate = "2026-11-03".parse().expect("date");
        let first = week_start - Duration::days(p.history_days);

        // A year of history, the field log's daily load (README's demo
        // history): 5 tasks planned and 4 ticked, 3–6 harvests of 1–3
        // weighings, and an observation most days.
        let mut history = Vec::new();
        for d in 0..p.history_days {
            let date = first + Duration::days(d);
            let mut day = empty_day(date, &lead);
            day.tasks = (0..5).map(|i| g.task(&farm, date, i)).collect();
            day.ticks = day.tasks.iter().take(4).map(|t| t.id.clone()).collect();
            day.harvests = (0..g.rng.random_range(3..=6))
                .map(|_| g.harvest(&farm))
                .collect();
            if g.rng.random_bool(0.7) {
                day.observations.push(g.observation(&farm));
            }
            history.push(day);
        }
        // The supervisor plans the coming week on the last day of history:
        // 5 tasks a day, 20 of which every tablet will edit.
        let mut planning = empty_day(week_start - Duration::days(1), &supervisor);
        for d in 0..7 {
            let due = week_start + Duration::days(d);
            for i in 0..5 {
                planning.tasks.push(g.task(&farm, due, 100 + i));
            }
        }
        let shared_tasks: Vec<String> = planning
            .tasks
            .iter()
            .take(p.shared_tasks)
            .map(|t| t.id.clone())
            .collect();
        history.push(planning);

        // The week offline: each tablet, held by its own person, plans 2
        // tasks and ticks 1 of its own, records 3 harvests and an
        // observation a day, and edits its share of the 20 shared tasks
        // (all 20 by the week's end, each to its own duration).
        let devices = (0..p.devices)
            .map(|i| {
                let by = farm.people[1 + i % (farm.people.len() - 1)].id.clone();
                let days = (0..7)
                    .map(|d| {
                        let date = week_start + Duration::days(d);
                        let mut day = empty_day(date, &by);
                        day.tasks = (0..2)
                            .map(|n| g.task(&farm, date, 200 + i * 10 + n))
                            .collect();
                        day.ticks = vec![day.tasks[0].id.clone()];
                        day.harvests = (0..3).map(|_| g.harvest(&farm)).collect();
                        day.observations = vec![g.observation(&farm)];
                        day.edits = shared_tasks
                            .iter()
                            .enumerate()
                            .filter(|(n, _)| n % 7 == d as usize)
                            .map(|(_, t)| EditRec {
                                task: t.clone(),
                                duration_min: 200 + 5 * i as u32,
                            })
                            .collect();
                        day
                    })
                    .collect();
                DeviceWeek {
                    name: format!("tablette-{:02}", i + 1),
                    days,
                }
            })
            .collect();

        // The fleet: a day's changes on every device of every farm (the sync
        // benchmark's load: 2 harvests of 2 weighings and an observation).
        let fleet_catalog = g.catalog("Ferme", 30, 15);
        let fleet_date = week_start + Duration::days(7);
        let mut fleet_devices = Vec::new();
        for farm_n in 0..p.fleet_farms {
            for d in 0..p.fleet_per_farm {
                let by = fleet_catalog.people[1 + d % 9].id.clone();
                let mut day = empty_day(fleet_date, &by);
                day.harvests = (0..2)
                    .map(|_| {
                        let mut h = g.harvest(&fleet_catalog);
                        h.weighings.truncate(1);
                        h.weighings.push(WeighingRec {
                            id: g.id(),
                            kg: 4.5,
                        });
                        h
                    })
                    .collect();
                day.observations = vec![g.observation(&fleet_catalog)];
                fleet_devices.push(FleetDevice {
                    farm: farm_n,
                    name: format!("f{farm_n:02}-d{d:02}"),
                    day,
                });
            }
        }
        Workload {
            seed: p.seed,
            farm,
            history,
            week_start,
            shared_tasks,
            devices,
            fleet: Fleet {
                farms: p.fleet_farms,
                per_farm: p.fleet_per_farm,
                date: fleet_date,
                catalog: fleet_catalog,
                devices: fleet_devices,
            },
        }
    }
}
