//! The end-to-end harness: the real `carnet-sync` binary on a loopback port,
//! device stores driven through `carnet-store` and `carnet-client` exactly as
//! the CLI and the app drive them, and a loopback proxy that cuts
//! connections. Loopback only; every wait is bounded.
pub mod converge;
pub mod device;
pub mod proxy;
pub mod server;
