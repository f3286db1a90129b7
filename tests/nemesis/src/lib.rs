//! The nemesis harness (issue 6): seeded scenarios in which several device
//! processes (a worker driving carnet-store and carnet-client, and the
//! `carnet` command line) work and sync through the real `carnet-sync`
//! while faults hit them: SIGKILLs of the server and of devices, a proxy
//! that partitions, delays, drops, duplicates and cuts WebSocket frames,
//! clocks hours or days off, a store that runs out of space. At the end
//! every fault is healed, everyone syncs, and the promises are checked.
//!
//! Loopback only, every wait bounded, a seed determines the schedule.
pub mod farm;
pub mod frames;
pub mod kinds;
pub mod plan;
pub mod procs;
pub mod scenario;
pub mod summary;
