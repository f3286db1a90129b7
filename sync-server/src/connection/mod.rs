//! One device's WebSocket connection: the `join`/`peer` handshake, then sync
//! messages until the device leaves, the server shuts down, the device is
//! revoked, or the connection misbehaves.
//!
//! Each received `request`/`sync` runs to its end before the next frame is
//! read: the document id is checked against the farm's documents, the
//! changes are staged on a fork and checked against the device's role, the
//! message is applied with the device's session for that document, and the
//! new chunk, the session's state and the audit entry are committed in one
//! transaction; only then are the answers sent. So an answer is an
//! acknowledgement of what is on disk.
//!
//! A refused change (role, document limit) is answered with an automerge-repo
//! `error` message naming the document and the reason, and the connection
//! stays open: automerge-repo clients log `error` and carry on, so the
//! device's other documents keep syncing. Only that document's session is
//! reset. A frame that breaks the protocol closes this connection, with an
//! `error` message and a close frame giving the reason; the server goes on
//! serving everyone else.

mod sync;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::ws::{CloseFrame, Message as Frame, WebSocket};
use carnet_core::DocumentId;
use carnet_protocol::compression::{SUBPROTOCOL, decode_compressed, encode_compressed};
use carnet_protocol::{Message, PeerId, decode_with_limit, peer_reply};
use tokio::time::{Duration, sleep, sleep_until, timeout};
use tracing::Instrument;

use crate::documents::{ConnectionId, DocumentSlot, Pending};
use crate::farm_documents::FarmDocuments;
use crate::limits::TokenBucket;
use crate::live::LiveGuard;
use crate::server::Shared;
use crate::session::DocumentSession;
use crate::storage::Device;

/// Most messages generated for one document in one go. A session produces
/// one, then waits for the device's answer; this only bounds a surprise.
const MAX_REPLIES: usize = 4;
/// Time given to the device to answer our close frame.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// The server's time for the upgrade response's `Date` header: how a device
/// learns it at each sync (the farm's latest known time for its clock check,
/// and its clock's skew). A standard header rather than a new field in the
/// `peer` message's metadata: the `peer` message is automerge-repo's
/// protocol, which this server speaks unmodified, so a stock client sees
/// exactly what it expects, and the time arrives before any message, on
/// every connection. hyper writes a `Date` too; it is set here so that the
/// time does not depend on the HTTP library's configuration. Second
/// precision is plenty for a warning at ten minutes.
pub(crate) fn server_time_header() -> axum::http::HeaderValue {
    let text = chrono::Utc::now()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    axum::http::HeaderValue::from_str(&text).expect("an HTTP date is a valid header value")
}

/// Serves one upgraded socket until it ends; logs how it ended.
pub(crate) async fn serve(
    mut socket: WebSocket,
    shared: Arc<Shared>,
    device: Device,
    live: LiveGuard,
    address: SocketAddr,
) {
    let span = tracing::info_span!(
        "connection",
        device = %device.id,
        name = %device.name,
        role = %device.role,
        %address,
    );
    // Compressed frames only for a device that asked for them at the upgrade.
    let compressed = socket
        .protocol()
        .is_some_and(|p| p.as_bytes() == SUBPROTOCOL.as_bytes());
    async move {
        tracing::info!(compressed, "connected");
        let farm = device.farm;
        let maps = Arc::clone(&shared);
        let ending = match tokio::task::spawn_blocking(move || maps.farm_documents.get(farm)).await
        {
            Ok(farm_documents) => {
                let mut connection = Connection {
                    bucket: TokenBucket::new(
                        shared.config.limits.message_burst,
                        shared.config.limits.messages_per_second,
                        Instant::now(),
                    ),
                    shared: Arc::clone(&shared),
                    device,
                    live,
                    farm_documents,
                    client: None,
                    compressed,
                    sessions: HashMap::new(),
                    pending: Arc::new(Pending::default()),
                };
                let ending = connection.run(&mut socket).await;
                ending
                    .tell(&mut socket, &shared.peer_id, connection.client.as_ref())
                    .await;
                ending
            }
            Err(error) => {
                let ending = Ending::internal(format!("cannot list the farm's documents: {error}"));
                ending.tell(&mut socket, &shared.peer_id, None).await;
                ending
            }
        };
        ending.log();
    }
    .instrument(span)
    .await;
}

/// How a connection ended, and what the device is told.
#[derive(Debug)]
struct Ending {
    /// WebSocket close code; `None` when the socket is already gone.
    code: Option<u16>,
    reason: String,
    /// Send an automerge-repo `error` message before the close frame.
    error_message: bool,
    level: tracing::Level,
}

impl Ending {
    fn normal(reason: impl Into<String>) -> Self {
        Self::new(Some(1000), reason, false, tracing::Level::INFO)
    }

    fn going_away(reason: impl Into<String>) -> Self {
        Self::new(Some(1001), reason, false, tracing::Level::INFO)
    }

    /// The device broke the protocol or a rule: 1008, policy violation.
    fn policy(reason: impl Into<String>) -> Self {
        Self::new(Some(1008), reason, true, tracing::Level::WARN)
    }

    fn too_big(reason: impl Into<String>) -> Self {
        Self::new(Some(1009), reason, true, tracing::Level::WARN)
    }

    fn internal(reason: impl Into<String>) -> Self {
        Self::new(Some(1011), reason, true, tracing::Level::ERROR)
    }

    fn gone(reason: impl Into<String>) -> Self {
        Self::new(None, reason, false, tracing::Level::INFO)
    }

    fn new(
        code: Option<u16>,
        reason: impl Into<String>,
        error_message: bool,
        level: tracing::Level,
    ) -> Self {
        Self {
            code,
            reason: reason.into(),
            error_message,
            level,
        }
    }

    /// A read error: a frame over the size limit, or a broken socket.
    fn from_socket(error: &axum::Error) -> Self {
        let text = error.to_string();
        if text.contains("Space limit exceeded") || text.contains("Message too long") {
            Ending::too_big(format!("frame over the size limit ({text})"))
        } else {
            Ending::gone(format!("socket error: {text}"))
        }
    }

    fn log(&self) {
        let code = self.code.unwrap_or(1006);
        match self.level {
            tracing::Level::ERROR => {
                tracing::error!(code, reason = %self.reason, "connection closed")
            }
            tracing::Level::WARN => {
                tracing::warn!(code, reason = %self.reason, "connection closed")
            }
            _ => tracing::info!(code, reason = %self.reason, "connection closed"),
        }
    }

    /// Sends the `error` message and the close frame, then waits briefly for
    /// the device's close so that nothing we sent is cut off by a reset.
    async fn tell(&self, socket: &mut WebSocket, server: &PeerId, client: Option<&PeerId>) {
        let Some(code) = self.code else {
            return;
        };
        if self.error_message {
            let error = Message::Error {
                sender_id: Some(server.clone()),
                target_id: client.cloned(),
                message: self.reason.clone(),
            };
            if let Err(error) = timeout(CLOSE_GRACE, socket.send(frame(&error)))
                .await
                .unwrap_or_else(|_| Err(axum::Error::new("the device reads nothing")))
            {
                tracing::debug!(%error, "cannot send the error message");
            }
        }
        let close = CloseFrame {
            code,
            reason: close_reason(&self.reason).into(),
        };
        if let Err(error) = timeout(CLOSE_GRACE, socket.send(Frame::Close(Some(close))))
            .await
            .unwrap_or_else(|_| Err(axum::Error::new("the device reads nothing")))
        {
            tracing::debug!(%error, "cannot send the close frame");
            return;
        }
        if code == 1009 {
            // The rest of the oversized frame is still arriving and the
            // stream cannot be read past it. Dropping the socket with unread
            // data resets the connection, which can destroy our close frame
            // before the device reads it: give the device the grace period.
            sleep(CLOSE_GRACE).await;
            return;
        }
        let _ = timeout(CLOSE_GRACE, async {
            loop {
                match socket.recv().await {
                    Some(Ok(Frame::Close(_)) | Err(_)) | None => return,
                    Some(Ok(_)) => {}
                }
            }
        })
        .await;
    }
}

/// A close frame's reason is at most 123 bytes.
fn close_reason(reason: &str) -> String {
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    reason[..end].to_owned()
}

fn frame(message: &Message) -> Frame {
    Frame::Binary(carnet_protocol::encode(message).into())
}

/// A document this connection has open: the shared document and this
/// device's session with it. Dropping it stops the news of changes.
struct OpenSession {
    slot: Arc<DocumentSlot>,
    session: DocumentSession,
    may_write: bool,
    connection: ConnectionId,
}

impl Drop for OpenSession {
    fn drop(&mut self) {
        self.slot.unwatch(self.connection);
    }
}

struct Connection {
    shared: Arc<Shared>,
    device: Device,
    /// Registered for the per-device limit and revocation; dropped with the connection.
    live: LiveGuard,
    farm_documents: Arc<FarmDocuments>,
    /// The device's peer id, known once it has joined.
    client: Option<PeerId>,
    /// The device accepted compressed frames (`carnet_protocol::compression`).
    compressed: bool,
    sessions: HashMap<DocumentId, OpenSession>,
    /// Filled by other connections when a document open here changes.
    pending: Arc<Pending>,
    bucket: TokenBucket,
}

impl Connection {
    async fn run(&mut self, socket: &mut WebSocket) -> Ending {
        let shutdown = self.shared.shutdown.clone();
        let revoked = self.live.revoked.clone();
        let handshake_timeout = self.shared.config.limits.handshake_timeout;
        tokio::select! {
            () = shutdown.cancelled() => return Ending::going_away("server shutting down"),
            () = revoked.cancelled() => return Ending::policy("device revoked"),
            joined = timeout(handshake_timeout, self.handshake(socket)) => match joined {
                Err(_) => return Ending::policy("no join within the handshake timeout"),
                Ok(Err(ending)) => return ending,
                Ok(Ok(())) => {}
            }
        }
        self.serve_messages(socket).await
    }

    async fn handshake(&mut self, socket: &mut WebSocket) -> Result<(), Ending> {
        loop {
            let bytes = match socket.recv().await {
                None => return Err(Ending::gone("the device went away before joining")),
                Some(Err(error)) => return Err(Ending::from_socket(&error)),
                Some(Ok(Frame::Binary(bytes))) => bytes,
                Some(Ok(Frame::Text(_))) => {
                    return Err(Ending::policy("text frames are not part of the protocol"));
                }
                Some(Ok(Frame::Ping(_) | Frame::Pong(_))) => continue,
                Some(Ok(Frame::Close(_))) => return Err(Ending::normal("closed before joining")),
            };
            let join = self.decode(&bytes)?;
            let reply = peer_reply(&self.shared.peer_id, &self.shared.peer_metadata, &join)
                .map_err(|error| Ending::policy(error.to_string()))?;
            if let Message::Peer { target_id, .. } = &reply {
                tracing::debug!(peer = %target_id, "joined");
                self.client = Some(target_id.clone());
            }
            return send(
                socket,
                &[reply],
                self.compressed,
                self.shared.config.limits.idle_timeout,
            )
            .await;
        }
    }

    async fn serve_messages(&mut self, socket: &mut WebSocket) -> Ending {
        let shutdown = self.shared.shutdown.clone();
        let revoked = self.live.revoked.clone();
        let pending = Arc::clone(&self.pending);
        let idle = self.shared.config.limits.idle_timeout;
        let mut last_heard = tokio::time::Instant::now();
        let mut ping = tokio::time::interval_at(last_heard + idle / 2, idle / 2);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return Ending::going_away("server shutting down"),
                () = revoked.cancelled() => return Ending::policy("device revoked"),
                () = sleep_until(last_heard + idle) => return Ending::policy("idle timeout"),
                _ = ping.tick() => {
                    if let Err(ending) = send_within(socket, Frame::Ping(Default::default()), idle).await {
                        return ending;
                    }
                }
                () = pending.notify.notified() => {
                    let replies = match self.on_changes_elsewhere().await {
                        Ok(replies) => replies,
                        Err(ending) => return ending,
                    };
                    if let Err(ending) = send(socket, &replies, self.compressed, idle).await {
                        return ending;
                    }
                }
                received = socket.recv() => {
                    last_heard = tokio::time::Instant::now();
                    let bytes = match received {
                        None => return Ending::gone("the device went away"),
                        Some(Err(error)) => return Ending::from_socket(&error),
                        Some(Ok(Frame::Binary(bytes))) => bytes,
                        Some(Ok(Frame::Text(_))) => {
                            return Ending::policy("text frames are not part of the protocol");
                        }
                        Some(Ok(Frame::Ping(_) | Frame::Pong(_))) => continue,
                        Some(Ok(Frame::Close(_))) => return Ending::normal("closed by the device"),
                    };
                    if let Err(wait) = self.bucket.take(Instant::now()) {
                        // Reading slower makes TCP push back on the device.
                        sleep(wait).await;
                        let _ = self.bucket.take(Instant::now());
                    }
                    let replies = match self.on_frame(&bytes).await {
                        Ok(replies) => replies,
                        Err(ending) => return ending,
                    };
                    if let Err(ending) = send(socket, &replies, self.compressed, idle).await {
                        return ending;
                    }
                }
            }
        }
    }

    /// Decodes a frame as this connection agreed at the upgrade.
    fn decode(&self, bytes: &[u8]) -> Result<Message, Ending> {
        let limit = self.shared.config.limits.max_frame_bytes;
        let decoded = if self.compressed {
            decode_compressed(bytes, limit)
        } else {
            decode_with_limit(bytes, limit)
        };
        decoded.map_err(|error| Ending::policy(format!("bad frame: {error}")))
    }

    async fn on_frame(&mut self, bytes: &[u8]) -> Result<Vec<Message>, Ending> {
        let message = self.decode(bytes)?;
        match message {
            Message::Request {
                document_id, data, ..
            }
            | Message::Sync {
                document_id, data, ..
            } => self.on_sync(document_id, &data).await,
            Message::Leave { .. } => Err(Ending::normal("the device left")),
            Message::Join { .. } => Err(Ending::policy("a second join on one connection")),
            Message::Error { message, .. } => Err(Ending::normal(format!(
                "the device reported an error: {}",
                close_reason(&message)
            ))),
            // A device telling us it lacks a document we never asked for,
            // presence and remote-heads gossip: nothing to do.
            Message::DocUnavailable { .. } | Message::Peer { .. } | Message::Ignored { .. } => {
                Ok(Vec::new())
            }
        }
    }

    /// Who the messages of this connection go from and to. Sync messages
    /// are handled only after the join, so the client is known.
    fn to_client(&self) -> Addresses {
        Addresses {
            server: self.shared.peer_id.clone(),
            client: self
                .client
                .clone()
                .expect("sync messages are handled only after the join"),
        }
    }
}

/// The sender and target of the messages one connection sends.
struct Addresses {
    server: PeerId,
    client: PeerId,
}

impl Addresses {
    fn unavailable(&self, id: DocumentId) -> Message {
        Message::DocUnavailable {
            sender_id: self.server.clone(),
            target_id: self.client.clone(),
            document_id: id,
        }
    }

    fn sync(&self, id: DocumentId, data: Vec<u8>) -> Message {
        Message::Sync {
            sender_id: self.server.clone(),
            target_id: self.client.clone(),
            document_id: id,
            data,
        }
    }
}

/// Sends `messages`, each within `patience` (the idle timeout). A device
/// that stops reading fills the socket's buffers and a send would wait for
/// ever, with this connection deaf to shutdown and revocation meanwhile: it
/// is dropped instead, like a silent one.
async fn send(
    socket: &mut WebSocket,
    messages: &[Message],
    compressed: bool,
    patience: Duration,
) -> Result<(), Ending> {
    for message in messages {
        let frame = if compressed {
            Frame::Binary(encode_compressed(message).into())
        } else {
            frame(message)
        };
        send_within(socket, frame, patience).await?;
    }
    Ok(())
}

async fn send_within(
    socket: &mut WebSocket,
    frame: Frame,
    patience: Duration,
) -> Result<(), Ending> {
    match timeout(patience, socket.send(frame)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(Ending::gone("the device went away")),
        Err(_) => Err(Ending::new(
            None,
            "the device reads nothing: a send did not complete within the idle timeout",
            false,
            tracing::Level::WARN,
        )),
    }
}
