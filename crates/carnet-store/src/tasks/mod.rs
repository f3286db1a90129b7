//! The tasks' writes and reads in the store: one SQLite transaction per
//! write (`actions`), and the day's list and task lookups from the
//! projection (`queries`).
mod actions;
mod queries;
