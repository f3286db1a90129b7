//! The quick mode of the nemesis harness, run by `cargo test --workspace`:
//! a few fixed seeds, each a whole scenario against the real processes.
//! The long mode is `cargo run --release -p carnet-nemesis -- --seeds 300`.

use std::path::PathBuf;

use carnet_e2e::server::workspace_binary;
use carnet_nemesis::scenario::{Bins, Outcome, run};

mod kinds;
mod regressions;

pub fn bins() -> Bins {
    Bins {
        worker: PathBuf::from(env!("CARGO_BIN_EXE_carnet-nemesis-worker")),
        cli: workspace_binary("carnet", "carnet-cli"),
    }
}

/// Runs one seed and fails with everything it found.
pub async fn scenario(seed: u64) -> Outcome {
    let outcome = run(seed, bins(), None).await;
    eprintln!(
        "seed {seed}: {:.1} s, {} acknowledged, faults {:?}, effects {:?}",
        outcome.secs, outcome.acknowledged, outcome.faults, outcome.effects
    );
    assert!(
        outcome.failures.is_empty(),
        "seed {seed} broke a promise:\n{}",
        outcome.failures.join("\n")
    );
    assert_eq!((outcome.lost, outcome.doubled), (0, 0));
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_seeds_keep_every_promise() {
    for seed in carnet_nemesis::plan::QUICK_SEEDS {
        scenario(seed).await;
    }
}
