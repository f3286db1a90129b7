//! Plays a workload's operations into Carnet's real store (a real SQLite
//! file), one store call per operation, on a clock the operations move
//! forward, so a generated store is the same on every run of one seed.
//!
//! Deliberately not here: percentiles and reports (see `measure`, `report`).

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use carnet_core::harvests::Destination;
use carnet_core::harvests::NewHarvest;
use carnet_core::ids::{BedId, CropId, OutletId, PersonId, TaskId};
use carnet_core::observations::NewObservation;
use carnet_core::tasks::TaskTemplate;
use carnet_core::tasks::{Abandonment, NewTask, NewTemplate};
use carnet_core::values::{parse_kg_factor, parse_note, parse_tag};
use carnet_store::{BedInput, Clock, CropInput, Store, StoreEnv};
use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::workload::{self, Action, DestinationPlan, Operation, TaskRef};

/// Milliseconds the store clock moves at each reading.
const STEP_MS: i64 = 1;

/// The time the store reads: a stepping clock that the player moves forward
/// to each operation's time. Clones share one time.
#[derive(Clone, Debug)]
pub struct FarmClock {
    now_ms: Arc<AtomicI64>,
}

impl FarmClock {
    pub fn starting_at(at: DateTime<FixedOffset>) -> Self {
        Self {
            now_ms: Arc::new(AtomicI64::new(at.timestamp_millis())),
        }
    }

    /// A clock for `StoreEnv`: every reading steps one millisecond, so the
    /// ids drawn within one call stay distinct and ordered.
    pub fn clock(&self) -> Clock {
        let now = Arc::clone(&self.now_ms);
        Box::new(move || {
            let ms = now.fetch_add(STEP_MS, Ordering::SeqCst);
            DateTime::from_timestamp_millis(ms)
                .expect("farm times are in range")
                .with_timezone(&workload::farm_offset())
        })
    }

    /// Moves the time to `at`, never backwards.
    pub fn advance_to(&self, at: DateTime<FixedOffset>) {
        self.now_ms
            .fetch_max(at.timestamp_millis(), Ordering::SeqCst);
    }
}

/// How many store calls of each kind a replay made.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub calls: u64,
    pub lists: u64,
    pub tasks_added: u64,
    pub tasks_done: u64,
    pub tasks_abandoned: u64,
    pub harvests: u64,
    pub weighings: u64,
    pub observations: u64,
}

/// A store being filled by a workload: the ids the store gave to each
/// planned record.
pub struct Replay {
    store: Store,
    clock: FarmClock,
    beds: Vec<BedId>,
    crops: Vec<CropId>,
    people: Vec<PersonId>,
    outlets: Vec<OutletId>,
    templates: Vec<TaskTemplate>,
    /// One-off tasks not closed yet (the forgotten ones stay for good).
    open_tasks: HashMap<TaskRef, TaskId>,
    pub tally: Tally,
}

impl std::fmt::Debug for Replay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replay")
            .field("store", &self.store)
            .field("tally", &self.tally)
            .finish()
    }
}

impl Replay {
    /// Creates a new store at `path` (which must not exist yet).
    pub fn create(path: &Path, seed: u64, start: DateTime<FixedOffset>) -> anyhow::Result<Self> {
        if path.exists() {
            bail!(
                "{} already exists: generate writes a new store",
                path.display()
            );
        }
        let clock = FarmClock::starting_at(start);
        let env = StoreEnv::seeded(seed, clock.clock(), "tablette 1");
        let store = Store::open(path, env)
            .with_context(|| format!("creating the store {}", path.display()))?;
        Ok(Self {
            store,
            clock,
            beds: Vec::new(),
            crops: Vec::new(),
            people: Vec::new(),
            outlets: Vec::new(),
            templates: Vec::new(),
            open_tasks: HashMap::new(),
            tally: Tally::default(),
        })
    }

    pub fn store(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn into_store(self) -> Store {
        self.store
    }

    fn person(&self, index: Option<usize>) -> PersonId {
        index.map_or(PersonId(uuid::Uuid::nil()), |i| self.people[i])
    }

    fn task(&mut self, task: TaskRef) -> anyhow::Result<TaskId> {
        match task {
            TaskRef::Planned { .. } => self
                .open_tasks
                .remove(&task)
                .with_context(|| format!("{task:?} was never added")),
            TaskRef::Recurring { template, due } => Ok(self.templates[template].instance_id(due)),
        }
    }

    /// Makes the one store call of `op`, at `op.at`.
    pub fn apply(&mut self, op: &Operation) -> anyhow::Result<()> {
        self.clock.advance_to(op.at);
        let by = self.person(op.by);
        self.tally.calls += 1;
        let store = &mut self.store;
        match &op.action {
            Action::InitFarm(name) => {
                store.init_farm(name.clone())?;
            }
            Action::AddPerson(p) => {
                let person = store.add_person(by, p.name.clone(), p.role, p.lang, None)?;
                self.people.push(person.id);
            }
            Action::AddBeds(beds) => {
                let inputs = beds
                    .iter()
                    .map(|b| BedInput {
                        code: b.code.clone(),
                        zone: b.zone.clone(),
                        length: b.length,
                        width: b.width,
                    })
                    .collect();
                self.beds = store.add_beds(by, inputs)?.iter().map(|b| b.id).collect();
            }
            Action::AddCrops(crops) => {
                let inputs = crops
                    .iter()
                    .map(|c| {
                        Ok(CropInput {
                            name: c.name.clone(),
                            family: c.family.clone(),
                            default_unit: c.default_unit,
                            kg_per: c
                                .kg_per
                                .iter()
                                .map(|(&unit, &kg)| Ok((unit, parse_kg_factor(unit, kg)?)))
                                .collect::<carnet_core::Result<_>>()?,
                        })
                    })
                    .collect::<carnet_core::Result<_>>()?;
                self.crops = store.add_crops(by, inputs)?.iter().map(|c| c.id).collect();
            }
            Action::AddOutlet(o) => {
                let outlet = store.add_outlet(by, o.name.clone(), o.kind)?;
                self.outlets.push(outlet.id);
            }
            Action::AddRecurringTask(t) => {
                let new = NewTemplate {
                    task: NewTask {
                        title: t.title.clone(),
                        kind: t.kind,
                        beds: t.beds.iter().map(|&b| self.beds[b]).collect(),
                        crew: t.crew.iter().map(|&p| self.people[p]).collect(),
                        due: t.start,
                        duration_min: t.duration_min,
                    },
                    rule: t.rule.clone(),
                    until: None,
                };
                let template = store.add_recurring_task(by, new)?;
                self.templates.push(template);
            }
            Action::ListDay(day) => {
                store.day_tasks(by, *day, None)?;
                self.tally.lists += 1;
            }
            Action::AddTask(t) => {
                let new = NewTask {
                    title: t.title.clone(),
                    kind: t.kind,
                    beds: t.beds.iter().map(|&b| self.beds[b]).collect(),
                    crew: t.crew.iter().map(|&p| self.people[p]).collect(),
                    due: t.due,
                    duration_min: t.duration_min,
                };
                let task = store.add_task(by, new)?;
                self.open_tasks.insert(t.task, task.id);
                self.tally.tasks_added += 1;
            }
            Action::CompleteTask(task) => {
                let id = self.task(*task)?;
                self.store.complete_task(by, id)?;
                self.tally.tasks_done += 1;
            }
            Action::AbandonTask { task, reason } => {
                let id = self.task(*task)?;
                self.store
                    .abandon_task(by, id, Abandonment::new(*reason, None))?;
                self.tally.tasks_abandoned += 1;
            }
            Action::RecordHarvest(h) => {
                let input = NewHarvest {
                    bed: self.beds[h.bed],
                    crop: self.crops[h.crop],
                    variety: None,
                    destination: match h.destination {
                        DestinationPlan::Outlet(o) => Destination::Outlet(self.outlets[o]),
                        DestinationPlan::Kind(kind) => Destination::Kind(kind),
                    },
                    note: parse_note("note", &h.note)?,
                    weighings: h.weighings.clone(),
                };
                store.record_harvest(by, input)?;
                self.tally.harvests += 1;
                self.tally.weighings += h.weighings.len() as u64;
            }
            Action::RecordObservation(o) => {
                let new = NewObservation {
                    beds: o.beds.iter().map(|&b| self.beds[b]).collect(),
                    kind: o.kind,
                    severity: o.severity,
                    note: parse_note("note", &o.note)?,
                    tags: o
                        .tags
                        .iter()
                        .map(|t| parse_tag(t))
                        .collect::<carnet_core::Result<_>>()?,
                };
                store.record_observation(by, new)?;
                self.tally.observations += 1;
            }
        }
        Ok(())
    }
}

/// What generating a store did.
#[derive(Clone, Debug)]
pub struct Generated {
    pub tally: Tally,
    pub elapsed: Duration,
    /// Records the store holds at the end, by type (recurring task instances
    /// included).
    pub tasks: usize,
    pub harvests: usize,
    pub weighings: usize,
    pub observations: usize,
    pub stored_bytes: i64,
}

impl Generated {
    /// Records of the field log written (catalog left out).
    pub fn records(&self) -> usize {
        self.tasks + self.harvests + self.weighings + self.observations
    }
}

/// Writes the farm of `seed` over `days` into a new store at `path`.
pub fn generate(
    path: &Path,
    seed: u64,
    days: RangeInclusive<NaiveDate>,
) -> anyhow::Result<Generated> {
    let start = workload::time_on(*days.start(), 0);
    let ops = workload::operations(seed, days);
    let started = Instant::now();
    let mut replay = Replay::create(path, seed, start)?;
    for op in ops {
        replay
            .apply(&op)
            .with_context(|| format!("replaying {:?} at {}", op.action, op.at))?;
    }
    let elapsed = started.elapsed();
    let tally = replay.tally.clone();
    let store = replay.store();
    let count = |t: &str| store.records_of_type(t).map(|r| r.len());
    Ok(Generated {
        tally,
        elapsed,
        tasks: count("task")?,
        harvests: count("harvest")?,
        weighings: count("weighing")?,
        observations: count("observation")?,
        stored_bytes: store.stored_bytes()?,
    })
}
