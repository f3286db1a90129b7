//! The cold start that `run` measures, as the child process runs it: open an
//! existing store, read the catalog, list the day's tasks the way the app and
//! the CLI do (`Store::day_tasks`, which first writes any missing recurring
//! task of the coming week), print the list, and say how long each phase took
//! and how much memory the process used at most.
//!
//! Deliberately not here: spawning the child and the statistics over many
//! runs (see `measure` and `suite`).

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use carnet_core::catalog::Catalog;
use carnet_core::tasks::{Task, TaskStatus};
use carnet_core::values::Role;
use carnet_store::{Store, StoreEnv, stepping_clock};
use chrono::NaiveDate;

use crate::measure::{self, Summary};
use crate::workload;

/// The tag of the child's summary line on standard error.
pub const SUMMARY_TAG: &str = "carnet-bench list-today";

/// The phases of one cold listing, in microseconds from the child's view.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ListPhases {
    /// `Store::open`: SQLite open, pragmas, migration check, actor id.
    pub open: Duration,
    /// Reading and decoding the catalog from the projection.
    pub catalog: Duration,
    /// `day_tasks`: the recurring-task check and the day's query and decode.
    pub tasks: Duration,
    /// Formatting and writing the list to standard output.
    pub print: Duration,
    /// From `main()`'s first line to the list flushed.
    pub inside: Duration,
    /// Dropping the store (SQLite closes, checkpoints and removes the WAL).
    pub close: Duration,
    pub late: usize,
    pub today: usize,
    pub upcoming: usize,
    /// VmHWM at the end of the child, in KiB.
    pub peak_kib: u64,
}

impl ListPhases {
    pub fn to_summary(&self) -> Summary {
        let us = |d: Duration| d.as_micros() as u64;
        Summary::new(SUMMARY_TAG)
            .with("open_us", us(self.open))
            .with("catalog_us", us(self.catalog))
            .with("tasks_us", us(self.tasks))
            .with("print_us", us(self.print))
            .with("inside_us", us(self.inside))
            .with("close_us", us(self.close))
            .with("late", self.late as u64)
            .with("today", self.today as u64)
            .with("upcoming", self.upcoming as u64)
            .with("peak_kib", self.peak_kib)
    }

    pub fn from_summary(summary: &Summary) -> anyhow::Result<Self> {
        let us = |k: &str| summary.get(k).map(Duration::from_micros);
        Ok(Self {
            open: us("open_us")?,
            catalog: us("catalog_us")?,
            tasks: us("tasks_us")?,
            print: us("print_us")?,
            inside: us("inside_us")?,
            close: us("close_us")?,
            late: summary.get("late")? as usize,
            today: summary.get("today")? as usize,
            upcoming: summary.get("upcoming")? as usize,
            peak_kib: summary.get("peak_kib")?,
        })
    }
}

/// Lists `day`'s tasks of the store at `data` to `out`. `started` is the
/// instant `main()` began.
pub fn list_today(
    started: Instant,
    data: &Path,
    day: NaiveDate,
    out: &mut impl Write,
) -> anyhow::Result<ListPhases> {
    if !data.is_file() {
        // Store::open would create an empty store: say so instead.
        bail!("no store at {}", data.display());
    }
    let mut phases = ListPhases::default();
    let t = Instant::now();
    let morning = workload::time_on(day, 7 * 60);
    let env = StoreEnv::seeded(0, stepping_clock(morning, 1), "bench cold start");
    let mut store =
        Store::open(data, env).with_context(|| format!("opening {}", data.display()))?;
    phases.open = t.elapsed();

    let t = Instant::now();
    let by = store
        .catalog()?
        .people
        .values()
        .filter(|p| p.active)
        .min_by_key(|p| (p.role != Role::Supervisor, p.name.folded()))
        .map(|p| p.id)
        .context("the store has nobody to list tasks for")?;
    phases.catalog = t.elapsed();

    let t = Instant::now();
    let list = store.day_tasks(by, day, None)?;
    phases.tasks = t.elapsed();

    let t = Instant::now();
    let catalog = store.catalog()?;
    writeln!(out, "{day}")?;
    for (heading, tasks) in [
        ("late", &list.late),
        ("today", &list.today),
        ("upcoming", &list.upcoming),
    ] {
        writeln!(out, "{heading} ({})", tasks.len())?;
        for task in tasks.iter() {
            writeln!(out, "  {}", line(catalog, task))?;
        }
    }
    out.flush()?;
    phases.print = t.elapsed();
    phases.inside = started.elapsed();
    (phases.late, phases.today, phases.upcoming) =
        (list.late.len(), list.today.len(), list.upcoming.len());

    let t = Instant::now();
    drop(store);
    phases.close = t.elapsed();
    phases.peak_kib = measure::peak_memory_kib().unwrap_or(0);
    Ok(phases)
}

fn line(catalog: &Catalog, task: &Task) -> String {
    let status = match task.status {
        TaskStatus::Todo => "[ ]",
        TaskStatus::Done { .. } => "[x]",
        TaskStatus::Abandoned { .. } => "[-]",
    };
    let beds: Vec<_> = task.beds.iter().map(|b| catalog.bed_code(*b)).collect();
    let crew: Vec<_> = task.crew.iter().map(|p| catalog.person_name(*p)).collect();
    let mut text = format!("{} {status} {} ({})", task.due, task.title, task.kind);
    if !beds.is_empty() {
        text.push_str(&format!(" · {}", beds.join(", ")));
    }
    if !crew.is_empty() {
        text.push_str(&format!(" · {}", crew.join(", ")));
    }
    text
}
