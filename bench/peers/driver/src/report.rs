//! What each system's run measured, and the BENCHMARKS.md section made of it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::procstat::ServerCost;
use crate::proxy::Counts;

/// Correctness, as every driver (Rust or Node) reports it after its last
/// phase: the same fields for all three systems.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Check {
    pub devices: usize,
    /// Devices holding every expected record exactly once.
    pub complete: usize,
    /// Records each device must hold (the largest such set).
    pub expected: usize,
    /// Expected records absent, summed over devices.
    pub missing: usize,
    /// Expected records present more than once, summed over devices.
    pub duplicated: usize,
    /// Tasks edited concurrently on every device (0 in the fleet).
    pub shared_tasks: usize,
    /// Concurrent values a device can still see for one such task: the
    /// fewest and the most over devices and tasks.
    pub values_min: usize,
    pub values_max: usize,
    /// How many there are to keep: one per device that edited.
    pub values_expected: usize,
    /// Sync rounds it took (0: live sync, no rounds).
    pub rounds: usize,
    /// What the system does with the concurrent edits.
    pub how: String,
}

#[derive(Clone, Debug)]
pub(crate) struct Phase {
    pub name: String,
    pub counts: Counts,
    pub wall: Duration,
    pub server: ServerCost,
}

#[derive(Clone, Debug)]
pub(crate) struct ScenarioResult {
    pub system: String,
    pub scenario: String,
    pub phases: Vec<Phase>,
    pub check: Check,
    /// Why the system did not finish the scenario, if it did not.
    pub failed: Option<String>,
}

impl ScenarioResult {
    pub(crate) fn phase(&self, name: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.name == name)
    }
}

pub(crate) const SYSTEMS: [(&str, &str); 3] = [
    ("carnet", "Carnet"),
    ("automerge", "automerge-repo (Node)"),
    ("pouchdb", "PouchDB"),
];

fn kb(bytes: u64) -> String {
    if bytes >= 10_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.1} KB", bytes as f64 / 1e3)
    }
}

fn secs(d: Duration) -> String {
    if d.as_secs_f64() >= 10.0 {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

fn ratio(carnet: Option<f64>, peer: Option<f64>) -> String {
    match (carnet, peer) {
        (Some(c), Some(p)) if p > 0.0 => format!("{:.2}", c / p),
        _ => "–".into(),
    }
}

/// A cell: the figure as shown, and as a number for the ratios.
type Cell = (String, Option<f64>);

/// One row: a label, each system's figure as text and as a number (for the
/// ratios; `None` when not comparable).
struct Row {
    label: String,
    cells: Vec<Cell>,
}

fn rows_for(results: &[ScenarioResult], scenario: &str, phase: &str, what: &str) -> Vec<Row> {
    let get = |sys: &str| {
        results
            .iter()
            .find(|r| r.system == sys && r.scenario == scenario)
    };
    let per = |f: &dyn Fn(&ScenarioResult) -> Option<Cell>| {
        SYSTEMS
            .iter()
            .map(|(s, _)| match get(s) {
                None => ("not run".into(), None),
                Some(r) if r.failed.is_some() => ("did not finish (see below)".into(), None),
                Some(r) => f(r).unwrap_or_else(|| ("–".into(), None)),
            })
            .collect::<Vec<_>>()
    };
    let ph = |r: &ScenarioResult| r.phase(phase).cloned();
    let mut rows = vec![
        Row {
            label: format!("{what}: bytes on the wire (both ways)"),
            cells: per(&|r| {
                ph(r).map(|p| {
                    let b = p.counts.up + p.counts.down;
                    (
                        format!("{} (↑{} ↓{})", kb(b), kb(p.counts.up), kb(p.counts.down)),
                        Some(b as f64),
                    )
                })
            }),
        },
        Row {
            label: format!("{what}: round trips (server answers after the client spoke)"),
            cells: per(&|r| {
                ph(r).map(|p| (p.counts.turns.to_string(), Some(p.counts.turns as f64)))
            }),
        },
        Row {
            label: format!("{what}: connections opened"),
            cells: per(&|r| {
                ph(r).map(|p| {
                    (
                        p.counts.connections.to_string(),
                        Some(p.counts.connections as f64),
                    )
                })
            }),
        },
        Row {
            label: format!("{what}: wall time until every device holds everything"),
            cells: per(&|r| {
                ph(r).map(|p| {
                    let rounds = if phase == "bootstrap" {
                        String::new()
                    } else if r.check.rounds == 0 {
                        " (live)".into()
                    } else {
                        format!(
                            " ({} round{})",
                            r.check.rounds,
                            if r.check.rounds == 1 { "" } else { "s" }
                        )
                    };
                    (
                        format!("{}{rounds}", secs(p.wall)),
                        Some(p.wall.as_secs_f64()),
                    )
                })
            }),
        },
        Row {
            label: format!("{what}: server CPU time (user + system)"),
            cells: per(&|r| {
                ph(r).map(|p| {
                    (
                        format!("{:.2} s", p.server.cpu_ms as f64 / 1000.0),
                        Some(p.server.cpu_ms as f64),
                    )
                })
            }),
        },
        Row {
            label: format!("{what}: server peak memory (VmHWM)"),
            cells: per(&|r| {
                ph(r).map(|p| {
                    (
                        format!("{:.1} MB", p.server.peak_kib as f64 / 1024.0),
                        Some(p.server.peak_kib as f64),
                    )
                })
            }),
        },
    ];
    if phase != "bootstrap" {
        rows.push(Row {
            label: format!("{what}: devices holding every record exactly once"),
            cells: per(&|r| {
                Some((
                    format!(
                        "{}/{} ({} records each; {} missing, {} doubled in all)",
                        r.check.complete,
                        r.check.devices,
                        r.check.expected,
                        r.check.missing,
                        r.check.duplicated
                    ),
                    None,
                ))
            }),
        });
    }
    rows
}

pub(crate) fn markdown(
    results: &[ScenarioResult],
    params: &crate::workload::Params,
    command: &str,
    date: &str,
    machine: &str,
) -> String {
    let mut md = String::new();
    md.push_str("<!-- peers-bench:start -->\n## Against the peers: automerge-repo and PouchDB (issue 5)\n\n");
    md.push_str(&format!(
        "Measured {date} with `{command}` on {machine}. One workload generated from seed {} (`bench/peers/driver/src/workload.rs`, written to a JSON file all three drivers replay); every server (the real `carnet-sync` release binary; automerge-repo 2 with its WebSocket server adapter and NodeFS storage; express-pouchdb over LevelDB) behind the same counting TCP proxy on 127.0.0.1. Bytes are TCP payload both ways, HTTP and WebSocket framing included. Server CPU and peak memory are the phase's own (`/proc/<pid>/stat`, VmHWM reset through `clear_refs` at the phase's start). See `bench/peers/README.md`.\n\n",
        params.seed
    ));
    md.push_str(&format!(
        "Scenario 1: {} tablets start from {} days of shared history, spend a week offline (each: 2 new tasks, 1 tick, 3 harvests of 1–3 weighings, 1 observation a day, and the same {} tasks' duration set to its own value), then all reconnect at once. Scenario 2: {} farms × {} devices, each with a day of changes (2 harvests of 2 weighings, 1 observation), all syncing at once.\n\n",
        params.devices, params.history_days, params.shared_tasks, params.fleet_farms, params.fleet_per_farm
    ));
    let mut header = String::from("| measure |");
    let mut rule = String::from("|---|");
    for (_, label) in SYSTEMS {
        header.push_str(&format!(" {label} |"));
        rule.push_str("---|");
    }
    for (_, label) in &SYSTEMS[1..] {
        header.push_str(&format!(" Carnet / {label} |"));
        rule.push_str("---|");
    }
    md.push_str(&header);
    md.push('\n');
    md.push_str(&rule);
    md.push('\n');
    let mut rows = rows_for(
        results,
        "week",
        "bootstrap",
        &format!("1. {} tablets' first sync from the history", params.devices),
    );
    rows.extend(rows_for(
        results,
        "week",
        "reconnect",
        &format!("1. {} tablets reconnect after the week", params.devices),
    ));
    rows.push(Row {
        label: format!(
            "1. the {} tasks edited on every tablet: values each tablet can still see",
            params.shared_tasks
        ),
        cells: SYSTEMS
            .iter()
            .map(|(s, _)| {
                results
                    .iter()
                    .find(|r| r.system == *s && r.scenario == "week" && r.failed.is_none())
                    .map(|r| {
                        (
                            format!(
                                "{}–{} of {}",
                                r.check.values_min, r.check.values_max, r.check.values_expected
                            ),
                            None,
                        )
                    })
                    .unwrap_or_else(|| ("not run".into(), None))
            })
            .collect(),
    });
    rows.extend(rows_for(
        results,
        "fleet",
        "burst",
        &format!(
            "2. {} devices at once",
            params.fleet_farms * params.fleet_per_farm
        ),
    ));
    for row in rows {
        md.push_str(&format!("| {} |", row.label));
        for (text, _) in &row.cells {
            md.push_str(&format!(" {text} |"));
        }
        for peer in &row.cells[1..] {
            md.push_str(&format!(" {} |", ratio(row.cells[0].1, peer.1)));
        }
        md.push('\n');
    }
    md.push_str("\nWhat each system does with the concurrent edits of scenario 1:\n");
    for (s, label) in SYSTEMS {
        if let Some(r) = results
            .iter()
            .find(|r| r.system == s && r.scenario == "week" && r.failed.is_none())
        {
            md.push_str(&format!("- {label}: {}\n", r.check.how));
        }
    }
    for r in results.iter().filter(|r| r.failed.is_some()) {
        let label = SYSTEMS
            .iter()
            .find(|(s, _)| *s == r.system)
            .map_or(r.system.as_str(), |(_, l)| l);
        md.push_str(&format!(
            "- {label} did not finish scenario {}: {}\n",
            r.scenario,
            r.failed.as_deref().unwrap_or_default()
        ));
    }
    md.push_str("<!-- peers-bench:end -->\n");
    md
}

/// Puts the section between its markers, or appends it at the end.
pub(crate) fn write_section(path: &std::path::Path, md: &str) -> std::io::Result<()> {
    const START: &str = "<!-- peers-bench:start -->";
    const END: &str = "<!-- peers-bench:end -->\n";
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let new = match (old.find(START), old.find(END)) {
        (Some(a), Some(b)) if b > a => format!("{}{md}{}", &old[..a], &old[b + END.len()..]),
        _ => {
            let sep = if old.is_empty() || old.ends_with("\n\n") {
                ""
            } else if old.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            format!("{old}{sep}{md}")
        }
    };
    std::fs::write(path, new)
}
