//! A device's side of sync, shared by the `carnet` CLI and the app:
//! enrollment with a server, one full sync over WebSocket (the automerge-repo
//! protocol of `carnet-protocol`), the status a person sees, and the
//! background loop with backoff. Tokens live in the store's metadata, never
//! in a document. Deliberately not here: UI, and any rule of the domain.
mod background;
mod error;
mod remote;
mod session;
mod status;
mod tls;

pub use background::{Backoff, DEBOUNCE, LoopState, SyncLoop};
pub use error::{ClientError, Result};
pub use remote::{Remote, WhoAmI, enroll, enrolled_role};
pub use session::{SyncOptions, SyncReport, documents_in_scope, sync_once};
pub use status::{SyncStatus, probe, status};
