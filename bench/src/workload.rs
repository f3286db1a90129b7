//! The seeded market garden: its catalog and its days, as a stream of
//! operations a person makes in the app, each meant to be one store call.
//!
//! `operations(seed, days)` is deterministic: the catalog comes from `seed`,
//! and each day from `seed` and the date alone, so two ranges that share days
//! share those days' operations (the one-year farm's days are the last year of
//! the three-year farm's). Records are named by their place in the stream
//! (the 7th bed, the 3rd task planned for a date), not by store ids, so any
//! system can replay them: see `replay` for Carnet's store.
//!
//! Deliberately not here: any IO, any store, any timing.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::ops::RangeInclusive;

use carnet_core::tasks::Recurrence;
use carnet_core::values::{
    AbandonReason, BedCode, DestinationKind, Lang, Metres, Name, ObservationKind, Quantity, Role,
    Severity, TaskKind, Unit,
};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

mod catalog;

pub use catalog::Farm;
use catalog::{NOTES, REASONS, SUPERVISOR, TAGS, TEAM_LEADERS, TITLES, name};

/// Tasks due each day, recurring ones included.
pub const TASKS_PER_DAY: u16 = 12;
pub const HARVESTS_PER_DAY: usize = 15;
pub const OBSERVATIONS_PER_DAY: usize = 5;
/// One-off tasks are planned this many days before they are due.
pub const PLAN_AHEAD_DAYS: i64 = 2;
/// Share of a day's tasks ticked done on the day.
pub const DONE_SHARE: f64 = 0.80;
/// Share of a day's tasks abandoned on the day. The rest is left late.
pub const ABANDONED_SHARE: f64 = 0.07;
/// Of the tasks left late, the share nobody ever closes; the others are
/// ticked done one to five days late.
pub const FORGOTTEN_SHARE: f64 = 0.10;

/// The farm's time zone (winter time in France).
pub fn farm_offset() -> FixedOffset {
    FixedOffset::east_opt(3600).expect("one hour is a valid offset")
}

/// One thing a person does, at a time, as one store call.
#[derive(Clone, Debug)]
pub struct Operation {
    pub at: DateTime<FixedOffset>,
    /// Who does it: an index into the people added so far; `None` for the
    /// setting up of the farm, before anyone exists.
    pub by: Option<usize>,
    pub action: Action,
}

/// Records are referred to by their index in the order they were added.
#[derive(Clone, Debug)]
pub enum Action {
    InitFarm(Name),
    /// All beds in one call (a spreadsheet import).
    AddBeds(Vec<BedPlan>),
    /// All crops in one call (a spreadsheet import).
    AddCrops(Vec<CropPlan>),
    AddPerson(PersonPlan),
    AddOutlet(OutletPlan),
    AddRecurringTask(TemplatePlan),
    /// Opening the day's list in the morning (which writes the coming week
    /// of recurring tasks).
    ListDay(NaiveDate),
    AddTask(TaskPlan),
    CompleteTask(TaskRef),
    AbandonTask {
        task: TaskRef,
        reason: AbandonReason,
    },
    RecordHarvest(HarvestPlan),
    RecordObservation(ObservationPlan),
}

#[derive(Clone, Debug)]
pub struct BedPlan {
    pub code: BedCode,
    pub zone: Name,
    pub length: Metres,
    pub width: Metres,
}

#[derive(Clone, Debug)]
pub struct CropPlan {
    pub name: Name,
    pub family: Name,
    pub default_unit: Unit,
    pub kg_per: BTreeMap<Unit, f64>,
}

#[derive(Clone, Debug)]
pub struct PersonPlan {
    pub name: Name,
    pub role: Role,
    pub lang: Lang,
}

#[derive(Clone, Debug)]
pub struct OutletPlan {
    pub name: Name,
    pub kind: DestinationKind,
}

#[derive(Clone, Debug)]
pub struct TemplatePlan {
    pub title: Name,
    pub kind: TaskKind,
    pub beds: Vec<usize>,
    pub crew: Vec<usize>,
    pub rule: Recurrence,
    pub start: NaiveDate,
    pub duration_min: Option<u32>,
}

/// A task, named by how it came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskRef {
    /// The `n`th one-off task planned for `due`.
    Planned { due: NaiveDate, n: u16 },
    /// The instance of the `template`th recurring task on `due`.
    Recurring { template: usize, due: NaiveDate },
}

#[derive(Clone, Debug)]
pub struct TaskPlan {
    pub task: TaskRef,
    pub title: Name,
    pub kind: TaskKind,
    pub beds: Vec<usize>,
    pub crew: Vec<usize>,
    pub due: NaiveDate,
    pub duration_min: Option<u32>,
}

#[derive(Clone, Copy, Debug)]
pub enum DestinationPlan {
    Outlet(usize),
    Kind(DestinationKind),
}

#[derive(Clone, Debug)]
pub struct HarvestPlan {
    pub bed: usize,
    pub crop: usize,
    pub destination: DestinationPlan,
    pub note: String,
    /// Quantity and tare in kg.
    pub weighings: Vec<(Quantity, Option<f64>)>,
}

#[derive(Clone, Debug)]
pub struct ObservationPlan {
    pub beds: Vec<usize>,
    pub kind: ObservationKind,
    pub severity: Severity,
    pub note: String,
    pub tags: BTreeSet<String>,
}

/// The farm set up on the first day, then every day of `days`.
pub fn operations(seed: u64, days: RangeInclusive<NaiveDate>) -> Operations {
    Operations::new(seed, days)
}

/// The operations of a range of days, in time order.
#[derive(Debug)]
pub struct Operations {
    seed: u64,
    farm: Farm,
    next_day: NaiveDate,
    last_day: NaiveDate,
    first_day: NaiveDate,
    ready: VecDeque<Operation>,
    /// Late tasks ticked on a later day, by that day.
    later: BTreeMap<NaiveDate, Vec<Operation>>,
}

impl Operations {
    fn new(seed: u64, days: RangeInclusive<NaiveDate>) -> Self {
        let (first_day, last_day) = days.into_inner();
        let farm = Farm::new(seed, first_day);
        let mut ops = Operations {
            seed,
            ready: setup(&farm, first_day).into(),
            farm,
            next_day: first_day,
            last_day,
            first_day,
            later: BTreeMap::new(),
        };
        ops.ready.make_contiguous();
        ops
    }

    pub fn farm(&self) -> &Farm {
        &self.farm
    }

    /// One day's operations, sorted by time.
    fn day(&mut self, day: NaiveDate) -> Vec<Operation> {
        let mut rng = StdRng::seed_from_u64(day_seed(self.seed, day));
        let farm = &self.farm;
        let at = |h: u32, m: u32| time_on(day, h * 60 + m);
        let mut ops = vec![Operation {
            at: at(7, 0),
            by: Some(TEAM_LEADERS[0]),
            action: Action::ListDay(day),
        }];
        // Planning: the supervisor plans the day after tomorrow (and, on the
        // first day, the days before it too).
        let first_due = if day == self.first_day {
            day
        } else {
            day + Duration::days(PLAN_AHEAD_DAYS)
        };
        let mut minute = 5;
        for due in first_due
            .iter_days()
            .take_while(|d| *d <= day + Duration::days(PLAN_AHEAD_DAYS))
        {
            for n in 0..farm.planned_on(due) {
                ops.push(Operation {
                    at: at(7, minute),
                    by: Some(SUPERVISOR),
                    action: Action::AddTask(plan_task(
                        &mut rng,
                        farm,
                        TaskRef::Planned { due, n },
                        due,
                    )),
                });
                minute += 1;
            }
        }
        // What becomes of the tasks due today.
        let due_today = (0..farm.planned_on(day))
            .map(|n| TaskRef::Planned { due: day, n })
            .chain(
                farm.recurring_on(day)
                    .into_iter()
                    .map(|template| TaskRef::Recurring { template, due: day }),
            );
        for task in due_today {
            let roll: f64 = rng.random();
            let worker = rng.random_range(1..farm.people.len());
            if roll < DONE_SHARE {
                ops.push(Operation {
                    at: at(rng.random_range(9..18), rng.random_range(0..60)),
                    by: Some(worker),
                    action: Action::CompleteTask(task),
                });
            } else if roll < DONE_SHARE + ABANDONED_SHARE {
                ops.push(Operation {
                    at: at(rng.random_range(9..18), rng.random_range(0..60)),
                    by: Some(*TEAM_LEADERS.choose(&mut rng).expect("not empty")),
                    action: Action::AbandonTask {
                        task,
                        reason: *REASONS.choose(&mut rng).expect("not empty"),
                    },
                });
            } else if !rng.random_bool(FORGOTTEN_SHARE) {
                let late_day = day + Duration::days(rng.random_range(1..=5));
                let minutes = rng.random_range(9 * 60..18 * 60);
                self.later.entry(late_day).or_default().push(Operation {
                    at: time_on(late_day, minutes),
                    by: Some(worker),
                    action: Action::CompleteTask(task),
                });
            }
        }
        for _ in 0..HARVESTS_PER_DAY {
            ops.push(Operation {
                at: at(rng.random_range(7..13), rng.random_range(0..60)),
                by: Some(rng.random_range(1..farm.people.len())),
                action: Action::RecordHarvest(plan_harvest(&mut rng, farm)),
            });
        }
        for _ in 0..OBSERVATIONS_PER_DAY {
            ops.push(Operation {
                at: at(rng.random_range(8..18), rng.random_range(0..60)),
                by: Some(rng.random_range(0..farm.people.len())),
                action: Action::RecordObservation(plan_observation(&mut rng, farm)),
            });
        }
        ops.extend(self.later.remove(&day).unwrap_or_default());
        ops.sort_by_key(|op| op.at);
        ops
    }
}

impl Iterator for Operations {
    type Item = Operation;

    fn next(&mut self) -> Option<Operation> {
        loop {
            if let Some(op) = self.ready.pop_front() {
                return Some(op);
            }
            if self.next_day > self.last_day {
                return None;
            }
            let day = self.next_day;
            self.next_day = day + Duration::days(1);
            self.ready = self.day(day).into();
        }
    }
}

fn day_seed(seed: u64, day: NaiveDate) -> u64 {
    seed ^ (day.num_days_from_ce() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The farm's time `minutes` after midnight on `day`.
pub fn time_on(day: NaiveDate, minutes: u32) -> DateTime<FixedOffset> {
    let naive = day
        .and_hms_opt(minutes / 60, minutes % 60, 0)
        .expect("a time of day");
    farm_offset()
        .from_local_datetime(&naive)
        .single()
        .expect("a fixed offset has one local time")
}

/// The catalog, entered on the first morning.
fn setup(farm: &Farm, day: NaiveDate) -> Vec<Operation> {
    let op = |minute: u32, by: Option<usize>, action| Operation {
        at: time_on(day, 6 * 60 + minute),
        by,
        action,
    };
    let mut ops = vec![
        op(0, None, Action::InitFarm(farm.name.clone())),
        op(1, None, Action::AddPerson(farm.people[SUPERVISOR].clone())),
    ];
    for person in &farm.people[1..] {
        ops.push(op(2, Some(SUPERVISOR), Action::AddPerson(person.clone())));
    }
    ops.push(op(3, Some(SUPERVISOR), Action::AddBeds(farm.beds.clone())));
    ops.push(op(
        4,
        Some(SUPERVISOR),
        Action::AddCrops(farm.crops.clone()),
    ));
    for outlet in &farm.outlets {
        ops.push(op(5, Some(SUPERVISOR), Action::AddOutlet(outlet.clone())));
    }
    for template in &farm.templates {
        ops.push(op(
            6,
            Some(SUPERVISOR),
            Action::AddRecurringTask(template.clone()),
        ));
    }
    ops
}

fn distinct(rng: &mut StdRng, upto: usize, count: usize) -> Vec<usize> {
    rand::seq::index::sample(rng, upto, count).into_vec()
}

fn plan_task(rng: &mut StdRng, farm: &Farm, task: TaskRef, due: NaiveDate) -> TaskPlan {
    let (kind, titles) = TITLES.choose(rng).expect("not empty");
    let beds = rng.random_range(1..=3);
    let crew = rng.random_range(0..=3);
    TaskPlan {
        task,
        title: name(titles.choose(rng).expect("not empty")),
        kind: *kind,
        beds: distinct(rng, farm.beds.len(), beds),
        crew: distinct(rng, farm.people.len(), crew),
        due,
        duration_min: Some(rng.random_range(1..=16) * 15),
    }
}

fn plan_harvest(rng: &mut StdRng, farm: &Farm) -> HarvestPlan {
    let crop = rng.random_range(0..farm.crops.len());
    let plan = &farm.crops[crop];
    let count = match rng.random_range(0..10) {
        0..4 => 1,
        4..8 => 2,
        _ => 3,
    };
    let weighings = (0..count)
        .map(|_| {
            let unit = if rng.random_bool(0.8) {
                plan.default_unit
            } else {
                **plan
                    .kg_per
                    .keys()
                    .collect::<Vec<_>>()
                    .choose(rng)
                    .expect("a conversion")
            };
            let value = match unit {
                Unit::Kg => (rng.random_range(1.0..25.0_f64) * 10.0).round() / 10.0,
                Unit::G => rng.random_range(100..2000) as f64,
                Unit::Bunch => rng.random_range(5..60) as f64,
                Unit::Piece => rng.random_range(3..80) as f64,
                Unit::Crate => rng.random_range(1..8) as f64,
            };
            let tare = (unit == Unit::Kg && value >= 3.0 && rng.random_bool(0.3))
                .then(|| (rng.random_range(0.5..1.2_f64) * 100.0).round() / 100.0);
            (Quantity::new(value, unit).expect("valid quantity"), tare)
        })
        .collect();
    let destination = if rng.random_bool(0.05) {
        DestinationPlan::Kind(DestinationKind::Loss)
    } else {
        DestinationPlan::Outlet(rng.random_range(0..farm.outlets.len()))
    };
    let note = match rng.random_range(0..10) {
        0 => "Calibre moyen",
        1 => "Quelques pertes au tri",
        _ => "",
    };
    HarvestPlan {
        bed: rng.random_range(0..farm.beds.len()),
        crop,
        destination,
        note: note.to_owned(),
        weighings,
    }
}

fn plan_observation(rng: &mut StdRng, farm: &Farm) -> ObservationPlan {
    let (kind, notes) = NOTES.choose(rng).expect("not empty");
    let beds = rng.random_range(1..=3);
    let tags = rng.random_range(0..=2);
    ObservationPlan {
        beds: distinct(rng, farm.beds.len(), beds),
        kind: *kind,
        severity: Severity::new(rng.random_range(0..=3)).expect("valid severity"),
        note: notes.choose(rng).expect("not empty").to_string(),
        tags: distinct(rng, TAGS.len(), tags)
            .into_iter()
            .map(|t| TAGS[t].to_owned())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn summary(ops: &[Operation]) -> Vec<String> {
        ops.iter()
            .map(|op| format!("{} {:?} {:?}", op.at, op.by, op.action))
            .collect()
    }

    #[test]
    fn same_seed_and_days_give_the_same_operations() {
        let a: Vec<_> = operations(7, d("2026-03-01")..=d("2026-03-10")).collect();
        let b: Vec<_> = operations(7, d("2026-03-01")..=d("2026-03-10")).collect();
        assert_eq!(summary(&a), summary(&b));
        let c: Vec<_> = operations(8, d("2026-03-01")..=d("2026-03-10")).collect();
        assert_ne!(summary(&a), summary(&c));
    }

    #[test]
    fn catalog_has_the_size_of_the_issue() {
        let farm = Farm::new(1, d("2026-01-01"));
        assert_eq!(farm.beds.len(), 120);
        assert_eq!(farm.crops.len(), 60);
        assert_eq!(farm.people.len(), 10);
        assert_eq!(farm.outlets.len(), 5);
        let zones: BTreeSet<_> = farm.beds.iter().map(|b| b.zone.as_str()).collect();
        assert_eq!(zones.len(), 6);
        assert!(farm.crops.iter().all(|c| !c.kg_per.is_empty()));
    }

    #[test]
    fn every_day_holds_twelve_tasks_fifteen_harvests_five_observations() {
        let days = d("2026-05-01")..=d("2026-05-31");
        let ops: Vec<_> = operations(3, days.clone()).collect();
        let farm = Farm::new(3, d("2026-05-01"));
        for day in d("2026-05-01").iter_days().take(31) {
            let planned = ops
                .iter()
                .filter(|op| matches!(&op.action, Action::AddTask(t) if t.due == day))
                .count();
            assert_eq!(
                planned + farm.recurring_on(day).len(),
                usize::from(TASKS_PER_DAY)
            );
            let on_day = |f: fn(&Action) -> bool| {
                ops.iter()
                    .filter(|op| op.at.date_naive() == day && f(&op.action))
                    .count()
            };
            assert_eq!(
                on_day(|a| matches!(a, Action::RecordHarvest(_))),
                HARVESTS_PER_DAY
            );
            assert_eq!(
                on_day(|a| matches!(a, Action::RecordObservation(_))),
                OBSERVATIONS_PER_DAY
            );
            assert_eq!(on_day(|a| matches!(a, Action::ListDay(_))), 1);
        }
        assert!(ops.windows(2).all(|w| w[0].at <= w[1].at), "time order");
    }

    #[test]
    fn a_task_is_closed_at_most_once_and_after_it_exists() {
        let ops: Vec<_> = operations(5, d("2026-06-01")..=d("2026-07-31")).collect();
        let mut closed = BTreeSet::new();
        for op in &ops {
            let task = match &op.action {
                Action::CompleteTask(t) | Action::AbandonTask { task: t, .. } => *t,
                _ => continue,
            };
            assert!(closed.insert(task), "{task:?} closed twice");
            let due = match task {
                TaskRef::Planned { due, .. } | TaskRef::Recurring { due, .. } => due,
            };
            assert!(
                op.at.date_naive() >= due,
                "{task:?} closed before it is due"
            );
        }
    }

    #[test]
    fn shared_days_are_the_same_whatever_the_range_start() {
        let day = d("2026-09-15");
        let of_day = |ops: Vec<Operation>| -> Vec<String> {
            let ops: Vec<_> = ops
                .into_iter()
                .filter(|op| {
                    op.at.date_naive() == day
                        && matches!(
                            op.action,
                            Action::RecordHarvest(_) | Action::RecordObservation(_)
                        )
                })
                .collect();
            summary(&ops)
        };
        let short = of_day(operations(9, d("2026-09-01")..=day).collect());
        let long = of_day(operations(9, d("2026-01-01")..=day).collect());
        assert_eq!(short, long);
    }
}
