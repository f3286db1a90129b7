//! A small device-side client for the tests: a WebSocket, the automerge-repo
//! messages, a `carnet_core` `Document` and `PeerSync` per document. It
//! counts the bytes of every frame both ways, to measure what a sync costs.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::time::Duration;

use carnet_core::DocumentId;
use carnet_core::document::Document;
use carnet_core::sync::PeerSync;
use carnet_protocol::{Message, PeerId, PeerMetadata, decode, encode};
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout_at};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{self, Message as Frame};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for an answer that must come.
pub(crate) const PATIENCE: Duration = Duration::from_secs(5);

pub(crate) struct TestClient {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub peer: PeerId,
    pub sent_bytes: usize,
    pub received_bytes: usize,
    /// The server accepted compressed frames at the upgrade.
    pub compressed: bool,
    /// Messages received while waiting for another document's.
    inbox: VecDeque<Message>,
}

/// What the server said to one `sync_doc`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Synced,
    Unavailable,
    Refused(String),
    /// The server closed the socket, with this code and reason.
    Closed(Option<(u16, String)>),
}

/// What came from the server.
#[derive(Debug)]
pub(crate) enum Received {
    Message(Message),
    Closed(Option<(u16, String)>),
    Nothing,
}

impl TestClient {
    /// Opens a socket with the token in the query string, as an unmodified
    /// automerge-repo client does. `Err` holds the HTTP status of a refusal.
    pub(crate) async fn connect(addr: SocketAddr, token: &str) -> Result<Self, u16> {
        let request = format!("ws://{addr}/?token={token}")
            .into_client_request()
            .unwrap();
        Self::open(request).await
    }

    /// Opens a socket as Carnet's own client does: offering compressed frames.
    pub(crate) async fn connect_compressed(addr: SocketAddr, token: &str) -> Result<Self, u16> {
        let mut request = format!("ws://{addr}/?token={token}")
            .into_client_request()
            .unwrap();
        request.headers_mut().insert(
            "sec-websocket-protocol",
            carnet_protocol::compression::SUBPROTOCOL.parse().unwrap(),
        );
        Self::open(request).await
    }

    /// Opens a socket at `/sync` with the token as a bearer header.
    pub(crate) async fn connect_bearer(addr: SocketAddr, token: &str) -> Result<Self, u16> {
        let mut request = format!("ws://{addr}/sync").into_client_request().unwrap();
        request
            .headers_mut()
            .insert("authorization", format!("Bearer {token}").parse().unwrap());
        Self::open(request).await
    }

    async fn open(request: tungstenite::handshake::client::Request) -> Result<Self, u16> {
        match tokio_tungstenite::connect_async(request).await {
            Ok((ws, response)) => Ok(Self {
                ws,
                compressed: response
                    .headers()
                    .get("sec-websocket-protocol")
                    .is_some_and(|p| {
                        p.as_bytes() == carnet_protocol::compression::SUBPROTOCOL.as_bytes()
                    }),
                peer: PeerId::new(format!("test-{}", uuid::Uuid::now_v7())).unwrap(),
                sent_bytes: 0,
                received_bytes: 0,
                inbox: VecDeque::new(),
            }),
            Err(tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
            Err(other) => panic!("cannot connect: {other}"),
        }
    }

    /// Connects and joins; panics if either fails.
    pub(crate) async fn joined(addr: SocketAddr, token: &str) -> Self {
        let mut client = Self::connect(addr, token)
            .await
            .expect("the token is accepted");
        client.join().await;
        client
    }

    pub(crate) async fn join(&mut self) -> PeerId {
        let join = Message::Join {
            sender_id: self.peer.clone(),
            peer_metadata: PeerMetadata::default(),
            supported_protocol_versions: vec!["1".to_owned()],
        };
        self.send(&join).await;
        match self.recv(PATIENCE).await {
            Received::Message(Message::Peer { sender_id, .. }) => sender_id,
            other => panic!("expected peer, got {other:?}"),
        }
    }

    pub(crate) async fn send(&mut self, message: &Message) {
        let bytes = if self.compressed {
            carnet_protocol::compression::encode_compressed(message)
        } else {
            encode(message)
        };
        self.send_raw(bytes).await;
    }

    /// Sends any bytes as one binary frame. Fails only if the socket is gone.
    pub(crate) async fn send_raw(&mut self, bytes: Vec<u8>) -> bool {
        self.sent_bytes += bytes.len();
        self.ws.send(Frame::Binary(bytes.into())).await.is_ok()
    }

    pub(crate) async fn send_frame(&mut self, frame: Frame) -> bool {
        self.ws.send(frame).await.is_ok()
    }

    /// The next message, close, or nothing within `within`.
    pub(crate) async fn recv(&mut self, within: Duration) -> Received {
        if let Some(message) = self.inbox.pop_front() {
            return Received::Message(message);
        }
        self.recv_wire(Instant::now() + within).await
    }

    async fn recv_wire(&mut self, deadline: Instant) -> Received {
        loop {
            let frame = match timeout_at(deadline, self.ws.next()).await {
                Err(_) => return Received::Nothing,
                Ok(None) => return Received::Closed(None),
                Ok(Some(Err(_))) => return Received::Closed(None),
                Ok(Some(Ok(frame))) => frame,
            };
            match frame {
                Frame::Binary(bytes) => {
                    self.received_bytes += bytes.len();
                    let message = if self.compressed {
                        carnet_protocol::compression::decode_compressed(&bytes, 1 << 24)
                    } else {
                        // A plain client must never see a compressed frame.
                        decode(&bytes)
                    };
                    return Received::Message(message.expect("the server sends valid frames"));
                }
                Frame::Close(close) => {
                    return Received::Closed(
                        close.map(|CloseFrame { code, reason }| {
                            (u16::from(code), reason.to_string())
                        }),
                    );
                }
                _ => continue,
            }
        }
    }

    /// Reads until the server closes; returns its close code and reason.
    /// Panics if it does not close within `within`.
    pub(crate) async fn closed_within(&mut self, within: Duration) -> Option<(u16, String)> {
        let deadline = Instant::now() + within;
        loop {
            match self.recv_wire(deadline).await {
                Received::Closed(close) => return close,
                Received::Message(_) => continue,
                Received::Nothing => {
                    panic!("the server did not close the socket within {within:?}")
                }
            }
        }
    }

    /// The next message about `id` (or an `error`), keeping others for later.
    pub(crate) async fn next_for(&mut self, id: DocumentId, within: Duration) -> Received {
        if let Some(at) = self.inbox.iter().position(|m| m.document_id() == Some(&id)) {
            return Received::Message(self.inbox.remove(at).expect("found above"));
        }
        let deadline = Instant::now() + within;
        loop {
            match self.recv_wire(deadline).await {
                Received::Message(message)
                    if message.document_id() == Some(&id)
                        || matches!(message, Message::Error { .. }) =>
                {
                    return Received::Message(message);
                }
                Received::Message(other) => self.inbox.push_back(other),
                ending => return ending,
            }
        }
    }

    /// Syncs one document with the server until both hold the same heads, the
    /// server says it has no such document, or refuses the changes.
    /// `Outcome::Synced` means the server has acknowledged all we have.
    pub(crate) async fn sync_doc(&mut self, doc: &mut Document, sync: &mut PeerSync) -> Outcome {
        let id = doc.id();
        let mut first = true;
        for _ in 0..50 {
            if let Some(data) = sync.generate(doc) {
                // automerge-repo asks with `request` for a document it lacks.
                let message = if first && doc.heads().is_empty() {
                    Message::Request {
                        sender_id: self.peer.clone(),
                        target_id: PeerId::new("carnet-sync").unwrap(),
                        document_id: id,
                        data,
                    }
                } else {
                    Message::Sync {
                        sender_id: self.peer.clone(),
                        target_id: PeerId::new("carnet-sync").unwrap(),
                        document_id: id,
                        data,
                    }
                };
                self.send(&message).await;
                first = false;
            }
            if sync.in_sync(doc) {
                return Outcome::Synced;
            }
            match self.next_for(id, PATIENCE).await {
                Received::Message(Message::Sync { data, .. }) => {
                    sync.receive(doc, &data).unwrap();
                }
                Received::Message(Message::DocUnavailable { .. }) => return Outcome::Unavailable,
                Received::Message(Message::Error { message, .. }) => {
                    return Outcome::Refused(message);
                }
                Received::Message(other) => panic!("unexpected {other:?}"),
                Received::Closed(close) => return Outcome::Closed(close),
                Received::Nothing => panic!("no answer for {id} within {PATIENCE:?}"),
            }
        }
        panic!("sync of {id} did not settle");
    }

    /// Waits for the server to push a change to `id`, applies it, and settles.
    pub(crate) async fn receive_push(
        &mut self,
        doc: &mut Document,
        sync: &mut PeerSync,
        within: Duration,
    ) {
        match self.next_for(doc.id(), within).await {
            Received::Message(Message::Sync { data, .. }) => {
                sync.receive(doc, &data).unwrap();
            }
            other => panic!("expected a pushed sync message, got {other:?}"),
        }
        assert_eq!(self.sync_doc(doc, sync).await, Outcome::Synced);
    }

    /// Says goodbye and waits for the server's close.
    pub(crate) async fn leave(mut self) {
        let leave = Message::Leave {
            sender_id: self.peer.clone(),
        };
        self.send(&leave).await;
        let _ = self.closed_within(PATIENCE).await;
    }
}
