//! `carnet-bench`: generates a seeded farm into a store, runs the field-log
//! benchmark, and (hidden) lists a day's tasks as the measured cold child.
//! Thin: it parses arguments and calls the library.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use carnet_bench::{list_today, report, season, suite};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "carnet-bench",
    about = "Carnet's workload generator and benchmarks"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Writes a new store holding a seeded farm's catalog and days.
    Generate {
        /// Years of days to generate (365 days each).
        #[arg(long, required_unless_present = "days", conflicts_with = "days")]
        years: Option<u32>,
        /// Days to generate, instead of years.
        #[arg(long)]
        days: Option<u32>,
        /// The last day generated (the farm's today).
        #[arg(long, default_value_t = suite::default_today())]
        end: NaiveDate,
        #[arg(long, default_value_t = suite::DEFAULT_SEED)]
        seed: u64,
        /// The store to create; it must not exist.
        #[arg(long)]
        out: PathBuf,
    },
    /// Generates the farms, measures them, and prints a markdown report.
    Run {
        /// A smoke run: small farms, few samples.
        #[arg(long)]
        quick: bool,
        /// Also writes the report into this file (e.g. BENCHMARKS.md),
        /// replacing only its generated block.
        #[arg(long)]
        write: Option<PathBuf>,
        /// Keeps the stores in this folder instead of a temporary one.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Waits up to this many seconds for a quiet machine before the
        /// cold listings and before the durable writes.
        #[arg(long, default_value_t = 0)]
        wait_quiet: u64,
    },
    /// Times durable writes on an existing store (changes it), for profiling.
    #[command(hide = true)]
    Writes {
        #[arg(long)]
        data: PathBuf,
        /// The day the writes are dated (the day after the farm's today).
        #[arg(long)]
        day: NaiveDate,
        #[arg(long, default_value_t = 300)]
        samples: usize,
    },
    /// The measured child: lives a season in a new store, as the app would,
    /// and prints its peak memory.
    #[command(hide = true)]
    Season {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        days: u32,
        #[arg(long)]
        end: NaiveDate,
        #[arg(long, default_value_t = suite::DEFAULT_SEED)]
        seed: u64,
    },
    /// The measured child: opens a store and prints a day's tasks.
    #[command(hide = true)]
    ListToday {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        day: NaiveDate,
    },
}

fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    match Cli::parse().command {
        Cmd::Generate {
            years,
            days,
            end,
            seed,
            out,
        } => {
            let days = days.unwrap_or_else(|| years.unwrap_or(1) * 365);
            let (generated, summary) = suite::generate(&out, days, end, seed)?;
            println!(
                "{}: {days} days, {} store calls, {} records in {:.1} s",
                out.display(),
                generated.tally.calls,
                generated.records(),
                generated.elapsed.as_secs_f64()
            );
            eprintln!("{}", summary.line());
        }
        Cmd::Run {
            quick,
            write,
            dir,
            wait_quiet,
        } => {
            let mut plan = if quick {
                suite::Plan::quick()
            } else {
                suite::Plan::full()
            };
            plan.patience = std::time::Duration::from_secs(wait_quiet);
            let exe = std::env::current_exe().context("finding this program")?;
            let results = suite::run(&plan, &exe, dir.as_deref())?;
            let markdown = report::markdown(&results);
            println!("{markdown}");
            if let Some(path) = write {
                report::write(&path, &markdown)
                    .with_context(|| format!("writing {}", path.display()))?;
                eprintln!("wrote {}", path.display());
            }
        }
        Cmd::Writes { data, day, samples } => {
            // A new seed each time: the same seed on the same store would
            // draw ids the store already holds.
            let seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_nanos() as u64;
            let writes =
                suite::measure_writes(&data, seed, day, samples, std::time::Duration::ZERO)?;
            for (what, s) in [
                ("record_harvest", &writes.harvest),
                ("add_task", &writes.add_task),
                ("complete_task", &writes.tick),
            ] {
                println!(
                    "{what}: p50 {} p99 {} max {}",
                    report::ms(s.median()),
                    report::ms(s.percentile(99.0)),
                    report::ms(s.max())
                );
            }
        }
        Cmd::Season {
            out,
            days,
            end,
            seed,
        } => {
            let season = season::live(&out, seed, suite::days_ending(end, days))?;
            eprintln!("{}", season.summary().line());
        }
        Cmd::ListToday { data, day } => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let phases = list_today::list_today(started, &data, day, &mut out)?;
            out.flush()?;
            eprintln!("{}", phases.to_summary().line());
        }
    }
    Ok(())
}
