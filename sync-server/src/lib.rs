//! `carnet-sync`: the server that Carnet's devices sync their farm's documents
//! with (docs/DESIGN.md §4–§5).
//!
//! It speaks the document-sync subset of the automerge-repo v1 protocol over
//! WebSocket (`carnet-protocol`), so an unmodified automerge-repo client can
//! sync with it given a device token. Around the automerge sync protocol it
//! adds what a farm needs: enrolled devices with hashed, revocable tokens;
//! farm isolation (a device reaches only the documents derived for its farm);
//! roles enforced on a staging fork; limits; an audit log; one SQLite file.
//!
//! The library's front doors are [`run`] (serve on a listener until a shutdown
//! future resolves; tests bind `127.0.0.1:0`), the administration functions in
//! [`admin`] and the command line in [`cli`]. It deliberately knows nothing of
//! what records mean: documents are Automerge bytes addressed by `DocKey`.

pub mod admin;
pub mod cli;
pub mod config;
mod connection;
mod documents;
pub mod error;
pub mod farm_documents;
mod http;
pub mod ids;
mod json;
pub mod limits;
mod live;
pub mod role;
mod server;
pub mod session;
pub mod storage;
pub mod tls;
pub mod token;

pub use config::{Config, Limits};
pub use error::{Result, ServerError};
pub use ids::DeviceId;
pub use role::Role;
pub use server::{SERVER_PEER_ID, run, run_with_storage, shutdown_signal};
pub use storage::{SqliteStorage, Storage};
pub use tls::TlsFiles;
pub use token::{Token, TokenHash};
