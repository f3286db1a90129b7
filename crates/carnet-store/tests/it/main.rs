//! Integration tests of the store: real SQLite files in temporary folders,
//! seeded ids, stepping clocks.
mod cache;
mod clock;
mod convergence;
mod copy;
mod corruption;
mod crash;
mod edits;
mod farm;
mod fixtures;
mod housekeeping;
mod journey;
mod moves;
mod permissions;
mod poison;
mod raw;
mod roles;
