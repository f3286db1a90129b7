//! The server's configuration, parsed once (flags or environment, see `cli`)
//! and passed down explicitly; nothing reads the environment after start-up.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Where the server keeps its data and listens by default.
pub const DEFAULT_DB: &str = "carnet-sync.sqlite3";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:3030";

#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite file holding farms, devices, documents and the audit log.
    pub db: PathBuf,
    /// Where the binary binds; `run` takes an already bound listener.
    pub listen: SocketAddr,
    pub limits: Limits,
    /// Serve HTTPS/WSS with this certificate and key instead of plain
    /// HTTP/WS (`--tls-cert`, `--tls-key`).
    pub tls: Option<crate::tls::TlsFiles>,
}

impl Config {
    /// The defaults, with the database at `db`.
    pub fn new(db: impl Into<PathBuf>) -> Self {
        Self {
            db: db.into(),
            listen: DEFAULT_LISTEN.parse().expect("the default address parses"),
            limits: Limits::default(),
            tls: None,
        }
    }
}

/// What one client may cost the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The largest WebSocket message accepted; larger closes the connection.
    pub max_frame_bytes: usize,
    /// Documents a farm may store. 36 a year (3 domains × 12 months) plus the
    /// catalog, so the default leaves room for a very long life.
    pub max_documents_per_farm: usize,
    /// Sockets one device may hold open at once.
    pub max_connections_per_device: usize,
    /// Messages a connection may send per second, on average...
    pub messages_per_second: u32,
    /// ...and at once, after a quiet time (a device opening its documents).
    pub message_burst: u32,
    /// A connection that sends nothing (not even a pong to our pings) for
    /// this long is closed. Pings go out at half this interval.
    pub idle_timeout: Duration,
    /// Time from the WebSocket upgrade to the client's `join`.
    pub handshake_timeout: Duration,
    /// Refused tokens from one address within a minute before the address
    /// is refused without looking at its token.
    pub auth_failures_per_minute: u32,
    /// How often open sockets are checked against revocations made by
    /// another process (`carnet-sync device revoke`).
    pub revocation_poll: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_frame_bytes: carnet_protocol::MAX_FRAME_BYTES,
            max_documents_per_farm: 5_000,
            max_connections_per_device: 4,
            messages_per_second: 200,
            message_burst: 1_000,
            idle_timeout: Duration::from_secs(60),
            handshake_timeout: Duration::from_secs(10),
            auth_failures_per_minute: 20,
            revocation_poll: Duration::from_millis(250),
        }
    }
}
