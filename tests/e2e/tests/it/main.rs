//! End-to-end: the real `carnet-sync` on 127.0.0.1, device stores driven as
//! the CLI and the app drive them.
mod cli;
mod clock;
mod farm;
mod faults;
mod interop_js;
mod journey;
mod moves;
mod security;
