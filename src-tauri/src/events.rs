//! Events to the interface: `doc-changed` (re-read what you show) after a
//! local write or a merge, and `sync-status` whenever the badge may change.
//! Deliberately best-effort: a window that is gone misses nothing stored.

use carnet_client::LoopState;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::ipc::DocChanged;
use crate::state::AppState;
use crate::sync_badge;

pub const DOC_CHANGED: &str = "doc-changed";
pub const SYNC_STATUS: &str = "sync-status";

/// After a write of this device: tell the interface, and wake the sync loop.
pub fn local_write<R: Runtime>(app: &AppHandle<R>, state: &AppState) {
    let _ = app.emit(
        DOC_CHANGED,
        DocChanged {
            source: "local".into(),
        },
    );
    if let Some(l) = state.sync_loop() {
        l.changed();
    }
    emit_sync_status(app, state);
}

pub fn emit_sync_status<R: Runtime>(app: &AppHandle<R>, state: &AppState) {
    match sync_badge::current(state) {
        Ok(s) => _ = app.emit(SYNC_STATUS, s),
        Err(e) => tracing::warn!(error = %e, "sync status unavailable"),
    }
}

/// Starts the sync loop and forwards its state changes as events, for the
/// app's lifetime. Needs the async runtime (called from the setup hook).
pub fn start_sync<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let Ok(store) = state.shared_store() else {
            // Started again by `open_store` once the store opens.
            return;
        };
        let now = state.config.now;
        let today = move || {
            now.unwrap_or_else(|| chrono::Local::now().fixed_offset())
                .date_naive()
        };
        let sync = carnet_client::SyncLoop::spawn(store, today, rand_seed());
        let mut watch = sync.state.clone();
        state.set_sync_loop(sync);
        while watch.changed().await.is_ok() {
            let merged =
                matches!(&*watch.borrow(), LoopState::Synced(r) if r.documents_changed > 0);
            if merged {
                let _ = app.emit(
                    DOC_CHANGED,
                    DocChanged {
                        source: "sync".into(),
                    },
                );
            }
            emit_sync_status(&app, &state);
        }
    });
}

/// A seed for the retry jitter: differs between tablets started together.
fn rand_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos ^ u64::from(std::process::id())
}
