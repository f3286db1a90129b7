//! The long mode: `cargo run --release -p carnet-nemesis -- --seeds 300
//! --write RELIABILITY.md` runs seeds 1..=300 (two at a time), appends each
//! outcome to a results file as it ends (so an interrupted run resumes
//! where it stopped), and writes the summary into RELIABILITY.md.
//!
//! Options: --seeds N, --first S, --jobs J, --write FILE, --results FILE
//! (default target/nemesis/results.jsonl), --fresh (ignore earlier results),
//! --keep DIR (where failed scenarios' folders go, default
//! target/nemesis/failed).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use carnet_e2e::server::workspace_binary;
use carnet_nemesis::scenario::{Bins, Outcome, run};
use carnet_nemesis::summary::{markdown, summarize, write_section};

struct Options {
    seeds: u64,
    first: u64,
    jobs: usize,
    write: Option<PathBuf>,
    results: PathBuf,
    keep: PathBuf,
    fresh: bool,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        seeds: 300,
        first: 1,
        jobs: 2,
        write: None,
        results: PathBuf::from("target/nemesis/results.jsonl"),
        keep: PathBuf::from("target/nemesis/failed"),
        fresh: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--fresh" {
            o.fresh = true;
            continue;
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |v: &str| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: not a number"))
        };
        match flag.as_str() {
            "--seeds" => o.seeds = number(&value)?,
            "--first" => o.first = number(&value)?,
            "--jobs" => o.jobs = number(&value)?.max(1) as usize,
            "--write" => o.write = Some(value.into()),
            "--results" => o.results = value.into(),
            "--keep" => o.keep = value.into(),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(o)
}

fn main() -> std::process::ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    // `cargo run` builds only this binary: the worker (and the CLI, and
    // the server below) are built here if missing.
    let bins = Bins {
        worker: workspace_binary("carnet-nemesis-worker", "carnet-nemesis"),
        cli: workspace_binary("carnet", "carnet-cli"),
    };
    // Started once here so a missing server binary is built before the clock runs.
    let _ = workspace_binary("carnet-sync", "carnet-sync");
    let mut done: BTreeMap<u64, Outcome> = BTreeMap::new();
    if !o.fresh
        && let Ok(text) = std::fs::read_to_string(&o.results)
    {
        for line in text.lines() {
            if let Ok(outcome) = serde_json::from_str::<Outcome>(line) {
                done.insert(outcome.seed, outcome);
            }
        }
    }
    if o.fresh {
        let _ = std::fs::remove_file(&o.results);
    }
    if let Some(dir) = o.results.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let seeds: Vec<u64> = (o.first..o.first + o.seeds)
        .filter(|s| !done.contains_key(s))
        .collect();
    eprintln!(
        "nemesis: {} seeds to run ({} already in {})",
        seeds.len(),
        o.seeds as usize - seeds.len(),
        o.results.display()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let results = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&o.results)
        .expect("results file");
    let results = Arc::new(std::sync::Mutex::new(results));
    let fresh: Vec<Outcome> = runtime.block_on(async {
        let limit = Arc::new(tokio::sync::Semaphore::new(o.jobs));
        let mut tasks = Vec::new();
        for seed in seeds {
            let (bins, keep, limit, results) =
                (bins.clone(), o.keep.clone(), limit.clone(), results.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = limit.acquire_owned().await.expect("semaphore");
                let outcome = run(seed, bins, Some(keep)).await;
                let line = serde_json::to_string(&outcome).expect("json");
                let mut file = results.lock().expect("results lock");
                let _ = writeln!(file, "{line}");
                eprintln!(
                    "seed {seed}: {} in {:.1} s, {} acked, faults {:?}",
                    if outcome.failures.is_empty() {
                        "ok".to_owned()
                    } else {
                        format!("FAILED {:?}", outcome.failures)
                    },
                    outcome.secs,
                    outcome.acknowledged,
                    outcome.faults
                );
                outcome
            }));
        }
        let mut out = Vec::new();
        for t in tasks {
            if let Ok(o) = t.await {
                out.push(o);
            }
        }
        out
    });
    for outcome in fresh {
        done.insert(outcome.seed, outcome);
    }
    let range = o.first..o.first + o.seeds;
    let outcomes: Vec<Outcome> = done
        .into_values()
        .filter(|outcome| range.contains(&outcome.seed))
        .collect();
    let summary = summarize(&outcomes);
    let command = format!(
        "cargo run --release -p carnet-nemesis -- --seeds {}{}",
        o.seeds,
        if o.first == 1 {
            String::new()
        } else {
            format!(" --first {}", o.first)
        }
    );
    let text = markdown(&summary, &command);
    println!("{text}");
    if let Some(path) = &o.write {
        if let Err(e) = write_section(path, &text) {
            eprintln!("error: {e}");
            return std::process::ExitCode::FAILURE;
        }
        eprintln!("nemesis: summary written to {}", path.display());
    }
    if summary.failing.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
