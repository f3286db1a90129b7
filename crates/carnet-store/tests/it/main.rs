//! Integration tests of the store: real SQLite files in temporary folders,
//! seeded ids, stepping clocks.
mod convergence;
mod corruption;
mod crash;
mod farm;
mod housekeeping;
mod journey;
mod permissions;
mod roles;
