//! `carnet-peers-bench`: Carnet against automerge-repo's JavaScript server and
//! PouchDB replication, on one seeded farm workload, in one run (issue 5).
//!
//! Generates the workload from a seed into a JSON file, runs each scenario
//! against each system (Carnet in this process through the real store,
//! client and `carnet-sync` binary; the peers through their Node drivers),
//! every server behind the same counting loopback proxy, and prints (or
//! writes into BENCHMARKS.md) one table. `make bench-peers` runs it;
//! `bench/peers/README.md` says how.

mod carnet;
mod node;
mod procstat;
mod proxy;
mod report;
mod workload;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Parser;

use crate::report::ScenarioResult;
use crate::workload::{Params, Workload};

#[derive(Parser, Debug)]
#[command(about = "Carnet against automerge-repo and PouchDB on one seeded workload")]
struct Args {
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Days of shared history before the week offline.
    #[arg(long, default_value_t = 365)]
    history_days: i64,
    /// Tablets of scenario 1.
    #[arg(long, default_value_t = 10)]
    devices: usize,
    /// Farms of scenario 2.
    #[arg(long, default_value_t = 50)]
    fleet_farms: usize,
    /// Devices per farm in scenario 2.
    #[arg(long, default_value_t = 10)]
    fleet_per_farm: usize,
    /// Which systems, comma-separated: carnet, automerge, pouchdb.
    #[arg(
        long,
        default_value = "carnet,automerge,pouchdb",
        value_delimiter = ','
    )]
    systems: Vec<String>,
    /// Which scenarios, comma-separated: week, fleet.
    #[arg(long, default_value = "week,fleet", value_delimiter = ',')]
    scenarios: Vec<String>,
    /// Where package.json, servers/ and drivers/ are (default: next to this crate).
    #[arg(long)]
    peers_dir: Option<PathBuf>,
    /// Keep the work files (workload.json, stores, logs) here instead of a temporary folder.
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Write the table into this file between the peers-bench markers.
    #[arg(long)]
    write: Option<PathBuf>,
    /// Bound on each Node scenario, in seconds.
    #[arg(long, default_value_t = 3600)]
    timeout: u64,
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| "Linux".into());
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("{cpus} CPUs, {os}, Node {node}")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 8)]
async fn main() -> Result<()> {
    let args = Args::parse();
    let params = Params {
        seed: args.seed,
        history_days: args.history_days,
        devices: args.devices,
        fleet_farms: args.fleet_farms,
        fleet_per_farm: args.fleet_per_farm,
        ..Params::default()
    };
    let peers = args
        .peers_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."));
    let peers = peers.canonicalize().context("bench/peers")?;
    let temp = tempfile::tempdir()?;
    let work = args
        .work_dir
        .clone()
        .unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&work)?;

    let workload = Workload::generate(&params);
    let workload_path = work.join("workload.json");
    std::fs::write(&workload_path, serde_json::to_vec(&workload)?)?;
    eprintln!(
        "workload (seed {}): {} history days, {} tablets, {} fleet devices -> {}",
        params.seed,
        workload.history.len(),
        workload.devices.len(),
        workload.fleet.devices.len(),
        workload_path.display()
    );

    let mut results: Vec<ScenarioResult> = Vec::new();
    for scenario in &args.scenarios {
        for system in &args.systems {
            let dir = work.join(format!("{system}-{scenario}"));
            if dir.exists() {
                std::fs::remove_dir_all(&dir)?;
            }
            std::fs::create_dir_all(&dir)?;
            eprintln!("== {system}: {scenario}");
            let r = match (system.as_str(), scenario.as_str()) {
                ("carnet", "week") => carnet::week(&workload, &dir).await,
                ("carnet", "fleet") => carnet::fleet(&workload, &dir).await,
                ("automerge" | "pouchdb", "week" | "fleet") => {
                    node::run(
                        &peers,
                        system,
                        scenario,
                        &workload_path,
                        &dir,
                        Duration::from_secs(args.timeout),
                    )
                    .await
                }
                _ => anyhow::bail!("unknown system {system} or scenario {scenario}"),
            };
            match r {
                Ok(r) => {
                    for p in &r.phases {
                        eprintln!(
                            "{system} {scenario} {}: ↑{} ↓{} B, {} round trips, {} connections, {:?}, server {} ms CPU, {} KiB peak",
                            p.name,
                            p.counts.up,
                            p.counts.down,
                            p.counts.turns,
                            p.counts.connections,
                            p.wall,
                            p.server.cpu_ms,
                            p.server.peak_kib
                        );
                    }
                    eprintln!("{system} {scenario}: {:?}", r.check);
                    results.push(r);
                }
                // One system failing is a finding, not the end of the run.
                Err(e) => {
                    eprintln!("{system} {scenario} FAILED: {e:#}");
                    results.push(ScenarioResult {
                        system: system.clone(),
                        scenario: scenario.clone(),
                        phases: vec![],
                        check: report::Check::default(),
                        failed: Some(format!("{e:#}")),
                    });
                }
            }
        }
    }

    // The command that reproduces this table, with the sizes that differ
    // from issue 5's.
    let defaults = Params::default();
    let mut extra = Vec::new();
    for (flag, value, default) in [
        ("--seed", params.seed as i64, defaults.seed as i64),
        ("--history-days", params.history_days, defaults.history_days),
        ("--devices", params.devices as i64, defaults.devices as i64),
        (
            "--fleet-farms",
            params.fleet_farms as i64,
            defaults.fleet_farms as i64,
        ),
        (
            "--fleet-per-farm",
            params.fleet_per_farm as i64,
            defaults.fleet_per_farm as i64,
        ),
    ] {
        if value != default {
            extra.push(format!("{flag} {value}"));
        }
    }
    let command = if extra.is_empty() {
        "make bench-peers".to_owned()
    } else {
        format!("make bench-peers ARGS='{}'", extra.join(" "))
    };
    let md = report::markdown(
        &results,
        &params,
        &command,
        &chrono::Local::now().format("%Y-%m-%d").to_string(),
        &machine(),
    );
    print!("{md}");
    if let Some(path) = &args.write {
        report::write_section(path, &md)?;
        eprintln!("wrote the section into {}", path.display());
    }
    Ok(())
}
