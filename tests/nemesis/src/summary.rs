//! The long run's summary, as written into RELIABILITY.md between the
//! `<!-- nemesis:start -->` and `<!-- nemesis:end -->` markers.

use std::collections::BTreeMap;
use std::path::Path;

use crate::scenario::Outcome;

pub const START: &str = "<!-- nemesis:start -->";
pub const END: &str = "<!-- nemesis:end -->";

/// Bugs the harness found, each fixed and kept by a regression test:
/// (what, the fix, the test).
pub const FIXED: &[(&str, &str, &str)] = &[(
    "Seed 5: a proxy delivered a `join` frame twice; the server rightly closed the connection, and `carnet sync` failed with its one-line error preceded by a WARN log line (in ANSI colours) repeating the server's words: two lines where a person must get one.",
    "carnet-client logs the server's `error` message at debug level; the caller already gets it back as the error, and `carnet status` keeps it (crates/carnet-client/src/session.rs).",
    "seed_5_a_duplicated_join_fails_the_cli_sync_in_one_line",
)];

#[derive(Debug, Default)]
pub struct Summary {
    pub scenarios: usize,
    pub first_seed: u64,
    pub last_seed: u64,
    pub faults: BTreeMap<String, u64>,
    pub effects: BTreeMap<String, u64>,
    pub failing: Vec<(u64, Vec<String>)>,
    pub acknowledged: usize,
    pub lost: usize,
    pub doubled: usize,
    pub unacknowledged_kept: usize,
    pub syncs_ok: u64,
    pub syncs_failed: u64,
    pub secs: f64,
}

pub fn summarize(outcomes: &[Outcome]) -> Summary {
    let mut s = Summary {
        scenarios: outcomes.len(),
        first_seed: outcomes.iter().map(|o| o.seed).min().unwrap_or(0),
        last_seed: outcomes.iter().map(|o| o.seed).max().unwrap_or(0),
        ..Summary::default()
    };
    for o in outcomes {
        for (k, v) in &o.faults {
            *s.faults.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.effects {
            *s.effects.entry(k.clone()).or_default() += v;
        }
        if !o.failures.is_empty() {
            s.failing.push((o.seed, o.failures.clone()));
        }
        s.acknowledged += o.acknowledged;
        s.lost += o.lost;
        s.doubled += o.doubled;
        s.unacknowledged_kept += o.unacknowledged_kept;
        s.syncs_ok += o.syncs_ok;
        s.syncs_failed += o.syncs_failed;
        s.secs += o.secs;
    }
    s
}

pub fn markdown(s: &Summary, command: &str) -> String {
    let mut md = String::new();
    md.push_str(&format!(
        "Last long run: `{command}` — **{} scenarios** (seeds {}–{}), {:.0} s of scenario time.\n\n",
        s.scenarios, s.first_seed, s.last_seed, s.secs
    ));
    md.push_str("| result | count |\n|---|---:|\n");
    md.push_str(&format!(
        "| scenarios that failed a check | {} |\n",
        s.failing.len()
    ));
    md.push_str(&format!(
        "| records acknowledged by a device (the lost tablet's: up to its last \"safe to switch off\") | {} |\n",
        s.acknowledged
    ));
    md.push_str(&format!("| acknowledged records lost | {} |\n", s.lost));
    md.push_str(&format!("| records doubled | {} |\n", s.doubled));
    md.push_str(&format!(
        "| records never confirmed (device killed mid-write, or written by the lost tablet after its last safe sync) found once on the server | {} |\n",
        s.unacknowledged_kept
    ));
    md.push_str(&format!(
        "| syncs that completed / failed under faults | {} / {} |\n\n",
        s.syncs_ok, s.syncs_failed
    ));
    md.push_str("Faults injected, by kind:\n\n| fault | injected |\n|---|---:|\n");
    for (k, v) in &s.faults {
        md.push_str(&format!("| {k} | {v} |\n"));
    }
    md.push_str("\nWhat they did:\n\n| effect | count |\n|---|---:|\n");
    for (k, v) in &s.effects {
        md.push_str(&format!("| {k} | {v} |\n"));
    }
    md.push_str("\nFailures found and fixed:\n\n");
    if FIXED.is_empty() {
        md.push_str("- none: no scenario broke a promise.\n");
    }
    for (what, fix, test) in FIXED {
        md.push_str(&format!("- {what} Fix: {fix} Regression test: `{test}`.\n"));
    }
    if !s.failing.is_empty() {
        md.push_str("\nFailing in this run (not fixed yet):\n\n");
        for (seed, failures) in &s.failing {
            md.push_str(&format!(
                "- seed {seed}: {}\n",
                failures.first().map(String::as_str).unwrap_or("")
            ));
        }
    }
    md
}

/// Replaces what lies between the markers in `path` with `section`.
pub fn write_section(path: &Path, section: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let (Some(start), Some(end)) = (text.find(START), text.find(END)) else {
        return Err(std::io::Error::other(format!(
            "{} lacks the markers {START} and {END}",
            path.display()
        )));
    };
    let mut out = String::with_capacity(text.len() + section.len());
    out.push_str(&text[..start + START.len()]);
    out.push('\n');
    out.push_str(section.trim_end());
    out.push('\n');
    out.push_str(&text[end..]);
    std::fs::write(path, out)
}
