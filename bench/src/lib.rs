//! Carnet's benchmarks: a seeded market garden (`workload`) written through
//! the real store (`replay`), and the field-log benchmark of issue 2
//! (`suite`): cold listings of the day in fresh processes (`list_today` is
//! the child's side), durable writes, store sizes and peak memory, measured
//! with `measure` and shown by `report`; and a season in one long-lived
//! process for the app's peak memory (`season`).
//!
//! Deliberately not here: any change to the store or the core. What the
//! benchmark finds slow is reported, and fixed where it lives.
pub mod list_today;
pub mod measure;
pub mod replay;
pub mod report;
pub mod season;
pub mod suite;
pub mod workload;
