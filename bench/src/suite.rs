//! The field-log benchmark of issue 2, end to end: generate a small and a
//! large farm (1 and 3 years; days in `--quick`), each in its own process;
//! time cold listings of the day in fresh processes; time durable writes on
//! the large store; weigh the stores. Returns figures for `report`.
//!
//! Deliberately not here: the farm itself (`workload`), writing it into the
//! store (`replay`), and formatting (`report`).

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use carnet_core::harvests::Destination;
use carnet_core::harvests::NewHarvest;
use carnet_core::tasks::NewTask;
use carnet_core::values::{Name, Note, Quantity, TaskKind, Unit};
use carnet_store::{Store, StoreEnv};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::list_today::{self, ListPhases};
use crate::measure::{self, Machine, Samples, Summary};
use crate::replay::{self, FarmClock, Generated, Tally};
use crate::season::{SEASON_TAG, Season};
use crate::workload;

/// The farm's "today": the last day generated and the day listed.
pub fn default_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date")
}

pub const DEFAULT_SEED: u64 = 2026;

/// The tag of `generate`'s summary line on standard error.
pub const GENERATE_TAG: &str = "carnet-bench generate";

/// One farm size.
#[derive(Clone, Debug)]
pub struct Size {
    pub label: String,
    pub days: u32,
}

/// What a run measures, and how many times.
#[derive(Clone, Debug)]
pub struct Plan {
    pub quick: bool,
    /// The small farm, then the large one (ratios are large / small).
    pub sizes: [Size; 2],
    pub cold_runs: usize,
    pub write_samples: usize,
    /// Days of the season lived in one process (`season`).
    pub season_days: u32,
    pub seed: u64,
    pub today: NaiveDate,
    /// How long to wait for a quiet machine before each measured phase.
    pub patience: Duration,
}

/// Below this share of busy CPUs, the machine counts as quiet.
pub const QUIET: f64 = 0.15;

impl Plan {
    pub fn full() -> Self {
        Self {
            quick: false,
            sizes: [size("1 year", 365), size("3 years", 3 * 365)],
            cold_runs: 21,
            write_samples: 300,
            season_days: 240,
            seed: DEFAULT_SEED,
            today: default_today(),
            patience: Duration::ZERO,
        }
    }

    /// A smoke run for CI: small farms, few runs, well under a minute.
    pub fn quick() -> Self {
        Self {
            quick: true,
            sizes: [size("10 days", 10), size("30 days", 30)],
            cold_runs: 5,
            write_samples: 30,
            season_days: 40,
            ..Self::full()
        }
    }
}

fn size(label: &str, days: u32) -> Size {
    Size {
        label: label.to_owned(),
        days,
    }
}

/// The `days` days that end on `today`.
pub fn days_ending(today: NaiveDate, days: u32) -> RangeInclusive<NaiveDate> {
    today - chrono::Duration::days(i64::from(days.max(1)) - 1)..=today
}

/// One cold listing, seen from the parent and from inside the child.
#[derive(Clone, Copy, Debug)]
pub struct ColdRun {
    pub wall: Duration,
    pub phases: ListPhases,
}

/// The figures of one farm size.
#[derive(Clone, Debug)]
pub struct SizeResult {
    pub size: Size,
    pub generated: Generated,
    /// VmHWM of the generating process, in KiB.
    pub generator_peak_kib: u64,
    pub db_bytes: u64,
    pub wal_bytes: u64,
    /// Pages of each table with its indexes, largest first.
    pub tables: Vec<(String, u64)>,
    /// The JSON text the projection keeps (part of the `records` table).
    pub json_bytes: u64,
    pub cold: Vec<ColdRun>,
    /// The cold listings wrote nothing (every recurring task of the week
    /// was already written).
    pub cold_wrote_nothing: bool,
    /// `measure::stored_fingerprint` before the cold listings.
    pub stored_before_cold: (i64, i64, i64),
}

impl SizeResult {
    pub fn wall(&self) -> Samples {
        Samples::new(self.cold.iter().map(|r| r.wall).collect())
    }

    pub fn inside(&self) -> Samples {
        Samples::new(self.cold.iter().map(|r| r.phases.inside).collect())
    }

    /// The median of one phase over the cold runs.
    pub fn phase(&self, f: impl Fn(&ListPhases) -> Duration) -> Duration {
        measure::median(self.cold.iter().map(|r| f(&r.phases)))
    }

    pub fn peak_kib(&self) -> u64 {
        self.cold
            .iter()
            .map(|r| r.phases.peak_kib)
            .max()
            .unwrap_or(0)
    }
}

/// Durable writes on the large store.
#[derive(Clone, Debug)]
pub struct Writes {
    pub harvest: Samples,
    pub add_task: Samples,
    pub tick: Samples,
    /// The first harvest after opening the store, which also loads the
    /// month's harvest document.
    pub first_harvest: Duration,
    /// The first task ticked after opening, which also loads the month's
    /// task document.
    pub first_tick: Duration,
    /// 4 KiB appended and fsynced, as many times, on the same filesystem.
    pub fsync: Samples,
    /// `Store::housekeeping` after each round of three writes, as the app
    /// runs it when idle: the compaction and WAL checkpoint kept out of the
    /// writes, timed on their own.
    pub housekeeping: Samples,
    /// The harvests that came right after the run paused to wait for a
    /// quiet machine (every 25 rounds, at least 2 s idle): also in
    /// `harvest`. A write after idle is what a tablet mostly does, and the
    /// place a machine that slows down when idle shows.
    pub harvest_after_pause: Samples,
    /// The floor for those: 4 KiB appended and fsynced right after the same
    /// kind of pause, `PAUSED_FSYNCS` times.
    pub fsync_after_pause: Samples,
}

/// How many bare fsyncs after a pause the run times.
pub const PAUSED_FSYNCS: usize = 12;

/// Everything one run measured.
#[derive(Clone, Debug)]
pub struct Results {
    pub plan: Plan,
    pub machine: Machine,
    pub store_dir: PathBuf,
    pub sizes: Vec<SizeResult>,
    pub writes: Writes,
    pub season: Season,
    pub elapsed: Duration,
    /// Share of the CPUs busy just before the cold listings and before the
    /// durable writes.
    pub busy_before_cold: Option<f64>,
    pub busy_before_writes: Option<f64>,
}

/// Runs the benchmark, with `exe` (this binary) as the child. Stores go in
/// `dir`, or in a temporary folder removed at the end.
pub fn run(plan: &Plan, exe: &Path, dir: Option<&Path>) -> anyhow::Result<Results> {
    let started = Instant::now();
    let temp;
    let dir = match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            dir.to_owned()
        }
        None => {
            temp = tempfile::Builder::new().prefix("carnet-bench").tempdir()?;
            temp.path().to_owned()
        }
    };
    let machine = Machine::detect(&dir);
    let mut sizes = Vec::new();
    for size in &plan.sizes {
        let path = dir.join(format!("farm-{}d.sqlite3", size.days));
        for file in measure::store_files(&path) {
            let _ = std::fs::remove_file(file);
        }
        eprintln!(
            "generating {} ({} days) into {}",
            size.label,
            size.days,
            path.display()
        );
        let (generated, generator_peak_kib) =
            generate_in_child(exe, &path, size.days, plan.today, plan.seed)?;
        let [db, wal] = measure::store_files(&path);
        let stored_before_cold = measure::stored_fingerprint(&path)?;
        sizes.push((
            path,
            SizeResult {
                size: size.clone(),
                generated,
                generator_peak_kib,
                db_bytes: measure::file_bytes(&db),
                wal_bytes: measure::file_bytes(&wal),
                tables: measure::tables_bytes(&db)?,
                json_bytes: measure::projection_json_bytes(&db)?,
                cold: Vec::new(),
                cold_wrote_nothing: false,
                stored_before_cold,
            },
        ));
    }

    let busy_before_cold = quiet(plan);
    eprintln!(
        "cold listings: 1 warm-up + {} runs per store",
        plan.cold_runs
    );
    for (path, _) in &sizes {
        let warm = cold_list(exe, path, plan.today)?;
        ensure!(
            warm.phases.today > 0,
            "the cold listing of {} found no task today",
            path.display()
        );
    }
    // Alternate the stores so that a change of load on a noisy machine
    // falls on both alike.
    for _ in 0..plan.cold_runs {
        settle(plan);
        for (path, result) in &mut sizes {
            result.cold.push(cold_list(exe, path, plan.today)?);
        }
    }
    for (path, result) in &mut sizes {
        // Compared with what the generator left once it had closed the
        // store (its close compacts), read without a `Store` of our own.
        result.cold_wrote_nothing = measure::stored_fingerprint(path)? == result.stored_before_cold;
    }

    let (large, _) = sizes.last().context("two sizes")?;
    let busy_before_writes = quiet(plan);
    eprintln!(
        "durable writes: {} of each on {}",
        plan.write_samples,
        large.display()
    );
    let mut writes = measure_writes(
        large,
        plan.seed,
        plan.today.succ_opt().context("a next day")?,
        plan.write_samples,
        plan.patience,
    )?;
    writes.fsync = measure::fsync_floor(&dir, plan.write_samples)?;
    if !plan.patience.is_zero() {
        writes.fsync_after_pause = measure::fsync_after_pause(&dir, PAUSED_FSYNCS)?;
    }
    eprintln!("a season of {} days in one process", plan.season_days);
    let season = season_in_child(exe, &dir.join("season.sqlite3"), plan)?;
    Ok(Results {
        plan: plan.clone(),
        machine,
        store_dir: dir,
        sizes: sizes.into_iter().map(|(_, r)| r).collect(),
        writes,
        season,
        elapsed: started.elapsed(),
        busy_before_cold,
        busy_before_writes,
    })
}

/// The longest wait for quiet between two rounds of measures.
const SETTLE: Duration = Duration::from_secs(60);

/// Between two rounds of measures, waits briefly for other processes to
/// calm down, when the plan allows waiting at all.
fn settle(plan: &Plan) {
    if !plan.patience.is_zero() {
        measure::wait_for_quiet(plan.patience.min(SETTLE), QUIET);
    }
}

/// Waits for a quiet machine as the plan allows; the busy share seen.
fn quiet(plan: &Plan) -> Option<f64> {
    if !plan.patience.is_zero() {
        eprintln!(
            "waiting up to {} s for the CPUs to be less than {:.0}% busy",
            plan.patience.as_secs(),
            QUIET * 100.0
        );
    }
    let busy = measure::wait_for_quiet(plan.patience, QUIET);
    if let Some(busy) = busy {
        eprintln!("CPUs {:.0}% busy", busy * 100.0);
    }
    busy
}

fn generate_in_child(
    exe: &Path,
    path: &Path,
    days: u32,
    today: NaiveDate,
    seed: u64,
) -> anyhow::Result<(Generated, u64)> {
    let timed = measure::run_timed(
        Command::new(exe)
            .arg("generate")
            .arg("--days")
            .arg(days.to_string())
            .arg("--end")
            .arg(today.to_string())
            .arg("--seed")
            .arg(seed.to_string())
            .arg("--out")
            .arg(path),
    )?;
    let summary = Summary::find(GENERATE_TAG, &timed.stderr())?;
    Ok((generated_from_summary(&summary)?, summary.get("peak_kib")?))
}

fn season_in_child(exe: &Path, path: &Path, plan: &Plan) -> anyhow::Result<Season> {
    for file in measure::store_files(path) {
        let _ = std::fs::remove_file(file);
    }
    let timed = measure::run_timed(
        Command::new(exe)
            .arg("season")
            .arg("--days")
            .arg(plan.season_days.to_string())
            .arg("--end")
            .arg(plan.today.to_string())
            .arg("--seed")
            .arg(plan.seed.to_string())
            .arg("--out")
            .arg(path),
    )?;
    Season::from_summary(&Summary::find(SEASON_TAG, &timed.stderr())?)
}

fn cold_list(exe: &Path, path: &Path, day: NaiveDate) -> anyhow::Result<ColdRun> {
    let timed = measure::run_timed(
        Command::new(exe)
            .arg("list-today")
            .arg("--data")
            .arg(path)
            .arg("--day")
            .arg(day.to_string()),
    )?;
    let summary = Summary::find(list_today::SUMMARY_TAG, &timed.stderr())?;
    Ok(ColdRun {
        wall: timed.wall,
        phases: ListPhases::from_summary(&summary)?,
    })
}

/// `generate`'s work: the store at `out`, and its summary line.
pub fn generate(
    out: &Path,
    days: u32,
    today: NaiveDate,
    seed: u64,
) -> anyhow::Result<(Generated, Summary)> {
    let generated = replay::generate(out, seed, days_ending(today, days))?;
    let t = &generated.tally;
    let summary = Summary::new(GENERATE_TAG)
        .with("days", u64::from(days))
        .with("elapsed_us", generated.elapsed.as_micros() as u64)
        .with("calls", t.calls)
        .with("lists", t.lists)
        .with("tasks_added", t.tasks_added)
        .with("tasks_done", t.tasks_done)
        .with("tasks_abandoned", t.tasks_abandoned)
        .with("harvests_recorded", t.harvests)
        .with("weighings_recorded", t.weighings)
        .with("observations_recorded", t.observations)
        .with("tasks", generated.tasks as u64)
        .with("harvests", generated.harvests as u64)
        .with("weighings", generated.weighings as u64)
        .with("observations", generated.observations as u64)
        .with("stored_bytes", generated.stored_bytes as u64)
        .with("peak_kib", measure::peak_memory_kib().unwrap_or(0));
    Ok((generated, summary))
}

fn generated_from_summary(s: &Summary) -> anyhow::Result<Generated> {
    Ok(Generated {
        tally: Tally {
            calls: s.get("calls")?,
            lists: s.get("lists")?,
            tasks_added: s.get("tasks_added")?,
            tasks_done: s.get("tasks_done")?,
            tasks_abandoned: s.get("tasks_abandoned")?,
            harvests: s.get("harvests_recorded")?,
            weighings: s.get("weighings_recorded")?,
            observations: s.get("observations_recorded")?,
        },
        elapsed: Duration::from_micros(s.get("elapsed_us")?),
        tasks: s.get("tasks")? as usize,
        harvests: s.get("harvests")? as usize,
        weighings: s.get("weighings")? as usize,
        observations: s.get("observations")? as usize,
        stored_bytes: s.get("stored_bytes")? as i64,
    })
}

/// Times harvests (two weighings each), new tasks and ticks on the store at
/// `path`, on `day`, each one store call and one durable transaction.
pub fn measure_writes(
    path: &Path,
    seed: u64,
    day: NaiveDate,
    samples: usize,
    patience: Duration,
) -> anyhow::Result<Writes> {
    let morning = workload::time_on(day, 8 * 60);
    let clock = FarmClock::starting_at(morning);
    let mut store = Store::open(
        path,
        StoreEnv::seeded(seed ^ 0x57_72_69_74, clock.clock(), "tablette 2"),
    )?;
    let catalog = store.catalog()?.clone();
    let beds: Vec<_> = catalog
        .beds
        .values()
        .filter(|b| !b.retired)
        .map(|b| b.id)
        .collect();
    let crops: Vec<_> = catalog
        .crops
        .values()
        .filter(|c| !c.retired)
        .cloned()
        .collect();
    let outlets: Vec<_> = catalog
        .outlets
        .values()
        .filter(|o| !o.retired)
        .map(|o| o.id)
        .collect();
    let people: Vec<_> = catalog
        .people
        .values()
        .filter(|p| p.active)
        .map(|p| p.id)
        .collect();
    ensure!(
        !beds.is_empty() && !crops.is_empty() && !outlets.is_empty() && !people.is_empty(),
        "the store has no catalog"
    );
    let mut rng = StdRng::seed_from_u64(seed);
    let title = Name::parse("title", "Récolte pour les paniers")?;

    let harvest = |store: &mut Store, rng: &mut StdRng| -> anyhow::Result<Duration> {
        let crop = crops.choose(rng).expect("not empty");
        let weighing = |rng: &mut StdRng| -> anyhow::Result<(Quantity, Option<f64>)> {
            let value = match crop.default_unit {
                Unit::Kg | Unit::G => rng.random_range(2..20),
                _ => rng.random_range(5..40),
            };
            Ok((Quantity::new(f64::from(value), crop.default_unit)?, None))
        };
        let input = NewHarvest {
            bed: *beds.choose(rng).expect("not empty"),
            crop: crop.id,
            variety: None,
            destination: Destination::Outlet(*outlets.choose(rng).expect("not empty")),
            note: Note::default(),
            weighings: vec![weighing(rng)?, weighing(rng)?],
        };
        let by = *people.choose(rng).expect("not empty");
        let t = Instant::now();
        store.record_harvest(by, input)?;
        Ok(t.elapsed())
    };
    let add_task = |store: &mut Store,
                    rng: &mut StdRng|
     -> anyhow::Result<(Duration, carnet_core::ids::TaskId)> {
        let new = NewTask {
            title: title.clone(),
            kind: TaskKind::Harvesting,
            beds: beds.choose_multiple(rng, 2).copied().collect(),
            crew: vec![],
            due: day,
            duration_min: Some(30),
        };
        let by = *people.choose(rng).expect("not empty");
        let t = Instant::now();
        let task = store.add_task(by, new)?;
        Ok((t.elapsed(), task.id))
    };

    let first_harvest = harvest(&mut store, &mut rng)?;
    let (_, id) = add_task(&mut store, &mut rng)?;
    let t = Instant::now();
    store.complete_task(people[0], id)?;
    let first_tick = t.elapsed();

    store.housekeeping()?;
    let (mut harvests, mut adds, mut ticks) = (Vec::new(), Vec::new(), Vec::new());
    let mut housekeeping = Vec::new();
    let mut after_pause = Vec::new();
    for i in 0..samples {
        let paused = i % 25 == 0 && !patience.is_zero();
        if paused {
            // Pausing between writes, never within one.
            measure::wait_for_quiet(patience.min(SETTLE), QUIET);
        }
        clock.advance_to(morning + chrono::Duration::seconds(30 * i as i64));
        let took = harvest(&mut store, &mut rng)?;
        harvests.push(took);
        if paused {
            after_pause.push(took);
        }
        let (added, id) = add_task(&mut store, &mut rng)?;
        adds.push(added);
        let by = *people.choose(&mut rng).expect("not empty");
        let t = Instant::now();
        store.complete_task(by, id)?;
        ticks.push(t.elapsed());
        // The app's idle moment after a burst of writes (`SyncLoop`).
        let t = Instant::now();
        store.housekeeping()?;
        housekeeping.push(t.elapsed());
    }
    Ok(Writes {
        harvest: Samples::new(harvests),
        add_task: Samples::new(adds),
        tick: Samples::new(ticks),
        first_harvest,
        first_tick,
        fsync: Samples::default(),
        housekeeping: Samples::new(housekeeping),
        harvest_after_pause: Samples::new(after_pause),
        fsync_after_pause: Samples::default(),
    })
}
