//! Integration tests: a real `carnet-sync` on 127.0.0.1:0, started with
//! `carnet_sync::run` in the test's runtime, and small Rust clients speaking
//! the automerge-repo protocol over tokio-tungstenite.

mod access;
mod client;
mod harness;
mod interop_js;
mod lifecycle;
mod robustness;
mod sync;
mod tls;
