//! The record kinds the fault campaign writes: its farm's set-up
//! (`farm.rs`) and the workers' and CLI's field work (`bin/worker.rs`,
//! `procs.rs`). A test beside the quick mode reads this list with the
//! convergence property's and fails, naming the kind, when a kind of
//! `Record::TYPE_NAMES` is written by neither.
//!
//! Not here: which kinds a scenario happened to draw (a seed may write no
//! observation); this is what the campaign's operations can write.

/// Every kind the campaign's set-up and operations write.
pub const CAMPAIGN_WRITES: &[&str] = &[
    "farm",
    "zone",
    "bed",
    "family",
    "crop",
    "person",
    "template",
    "task",
    "harvest",
    "weighing",
    "observation",
];

/// The kinds the campaign's workers move to another month under the same
/// id: a supervisor moving a shared task, redating a harvest or an
/// observation (`bin/worker.rs`'s `action`).
pub const CAMPAIGN_MOVES: &[&str] = &["task", "harvest", "observation"];
