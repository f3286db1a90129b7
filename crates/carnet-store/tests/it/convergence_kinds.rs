//! The record kinds the convergence property's operations write, and those
//! they move to another month. Its own
//! file so that `tests/nemesis` can read it (`#[path]`) beside the fault
//! campaign's list, and fail when a kind is written by neither.

/// Every kind `convergence.rs`'s set-up and operations write.
pub(super) const CONVERGENCE_WRITES: &[&str] = &[
    "farm",
    "zone",
    "bed",
    "family",
    "crop",
    "variety",
    "person",
    "outlet",
    "template",
    "task",
    "harvest",
    "weighing",
    "observation",
];

/// The record kinds its operations move to another month's document under
/// the same id (`Op::MoveTask`, `Op::Redate`).
pub(super) const CONVERGENCE_MOVES: &[&str] = &["task", "harvest", "observation"];
