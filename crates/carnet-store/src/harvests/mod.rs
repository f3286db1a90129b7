//! The harvests' writes and reads in the store: one SQLite transaction per
//! write (`actions`), and harvests, weighings and the report from the
//! projection (`queries`).
mod actions;
mod queries;
