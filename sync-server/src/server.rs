//! Serving: the shared state of a running server, [`run`], and the task that
//! closes revoked devices' sockets.
//!
//! Shutdown, in order: the shutdown future resolves; axum stops accepting and
//! finishes in-flight HTTP requests; each WebSocket connection finishes the
//! message it is handling (its write committed before its reply is sent),
//! then sends a close frame; `run` waits for all of them, then drops the
//! storage. Nothing acknowledged is lost, because nothing is acknowledged
//! before it is committed.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener, ListenerExt};
use carnet_protocol::{PeerId, PeerMetadata, StorageId};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::config::Config;
use crate::documents::OpenDocuments;
use crate::farm_documents::FarmDocumentsCache;
use crate::limits::AuthFailures;
use crate::live::LiveConnections;
use crate::storage::{SqliteStorage, Storage};

/// The peer id the server gives itself in `peer` messages.
pub const SERVER_PEER_ID: &str = "carnet-sync";

/// What every request handler and connection of one running server shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: Config,
    pub storage: Arc<dyn Storage>,
    pub peer_id: PeerId,
    pub peer_metadata: PeerMetadata,
    pub farm_documents: FarmDocumentsCache,
    pub documents: OpenDocuments,
    pub live: Arc<LiveConnections>,
    pub auth_failures: Mutex<AuthFailures>,
    /// Cancelled when the shutdown future resolves; every connection loop and
    /// the revocation task watch it.
    pub shutdown: CancellationToken,
    /// Every WebSocket connection, from the accepted upgrade to its close;
    /// `run` waits on it before returning.
    pub connections: TaskTracker,
}

/// Serves on `listener` with the SQLite database named in `config` until
/// `shutdown` resolves, then closes every connection gracefully and returns.
pub async fn run(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let path = config.db.clone();
    let storage = tokio::task::spawn_blocking(move || SqliteStorage::open(&path))
        .await
        .context("opening the database")?
        .with_context(|| format!("opening the database {}", config.db.display()))?;
    run_with_storage(listener, config, Arc::new(storage), shutdown).await
}

/// [`run`] on any [`Storage`].
pub async fn run_with_storage(
    listener: TcpListener,
    config: Config,
    storage: Arc<dyn Storage>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // Before anything else: a bad certificate or key stops the start.
    let tls = match &config.tls {
        Some(files) => Some(files.server_config()?),
        None => None,
    };
    let storage_id = {
        let storage = Arc::clone(&storage);
        tokio::task::spawn_blocking(move || storage.storage_id())
            .await
            .context("reading the storage id")??
    };
    let shared = Arc::new(Shared {
        auth_failures: Mutex::new(AuthFailures::new(config.limits.auth_failures_per_minute)),
        config,
        storage,
        peer_id: PeerId::new(SERVER_PEER_ID).expect("a valid peer id"),
        peer_metadata: PeerMetadata {
            storage_id: Some(StorageId::new(storage_id).context("the stored storage id")?),
            is_ephemeral: false,
        },
        farm_documents: FarmDocumentsCache::default(),
        documents: OpenDocuments::default(),
        live: Arc::new(LiveConnections::default()),
        shutdown: CancellationToken::new(),
        connections: TaskTracker::new(),
    });
    let address = listener.local_addr().ok();
    tracing::info!(address = ?address, "carnet-sync serving");

    let revocations = tokio::spawn(close_revoked_devices(Arc::clone(&shared)));
    let token = shared.shutdown.clone();
    let shutdown = async move {
        shutdown.await;
        tracing::info!("shutting down: no new connections, closing open ones");
        token.cancel();
    };
    let served = match tls {
        None => serve_on(listener, &shared, shutdown).await,
        Some(tls) => {
            let handshake_timeout = shared.config.limits.handshake_timeout;
            let listener = crate::tls::TlsListener::new(listener, tls, handshake_timeout)
                .context("listening for TLS")?
                // `tap_io` gives the wrapped listener axum's SocketAddr
                // connect info, which the token check's refusal count needs.
                .tap_io(|_| {});
            serve_on(listener, &shared, shutdown).await
        }
    };
    // If serving failed rather than shut down, still close what is open.
    shared.shutdown.cancel();
    shared.connections.close();
    shared.connections.wait().await;
    let _ = revocations.await;
    tracing::info!("carnet-sync stopped");
    served.context("serving")
}

/// Serves the router on `listener` until `shutdown` resolves.
async fn serve_on<L>(
    listener: L,
    shared: &Arc<Shared>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    L: Listener<Addr = SocketAddr>,
    L::Io: Send,
    for<'a> SocketAddr: Connected<IncomingStream<'a, L>>,
{
    let app =
        crate::http::router(Arc::clone(shared)).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Resolves on Ctrl-C or SIGTERM: what the binary passes to [`run`].
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// Polls the database for revocations (made by `carnet-sync device revoke`
/// in another process) and closes the revoked devices' sockets. Ends with
/// the server.
async fn close_revoked_devices(shared: Arc<Shared>) {
    let mut tick = tokio::time::interval(shared.config.limits.revocation_poll);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = shared.shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        let devices = shared.live.devices();
        if devices.is_empty() {
            continue;
        }
        let storage = Arc::clone(&shared.storage);
        match tokio::task::spawn_blocking(move || storage.revoked_among(&devices)).await {
            Ok(Ok(revoked)) => {
                for device in revoked {
                    let closed = shared.live.revoke(device);
                    tracing::info!(%device, sockets = closed, "device revoked: closing its sockets");
                }
            }
            Ok(Err(error)) => tracing::warn!(%error, "cannot check revocations"),
            Err(error) => tracing::warn!(%error, "revocation check failed"),
        }
    }
}
