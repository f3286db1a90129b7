//! One full sync with the server over a WebSocket: join, then for every
//! document in scope exchange Automerge sync messages until both sides hold
//! the same heads (or the server says it has no such document).
//!
//! The store is shared (the app's commands write while this runs), so it is
//! locked for each small step and never across an `await`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use carnet_core::document::{DocKey, Domain};
use carnet_core::ids::DocumentId;
use carnet_core::values::Month;
use carnet_protocol::{Message, PeerId, PeerMetadata};
use carnet_store::{Store, SyncSessions};
use chrono::NaiveDate;
use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use tokio_tungstenite::tungstenite;

use crate::error::{ClientError, Result};
use crate::remote::{Remote, enrolled_role};

/// What to sync beyond the role's default set.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    /// Older months a field device wants now (reports, history).
    pub extra_months: Vec<Month>,
    /// The whole sync must finish within this (default 60 s).
    pub timeout: Option<Duration>,
}

/// What one sync did, for the status line and the benchmarks.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SyncReport {
    pub documents: usize,
    pub documents_changed: usize,
    pub unavailable: usize,
    pub messages_sent: usize,
    pub messages_received: usize,
    pub bytes_sent: usize,
    pub bytes_received: usize,
    pub pending_after: i64,
    /// The most messages this device sent about any one document: the
    /// round trips that document needed (the first message included).
    pub max_round_trips: usize,
    /// Errors the server reported (a refused change), in its words.
    pub server_errors: Vec<String>,
}

pub(crate) fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    // A panic while holding the lock left the store as SQLite left it:
    // committed or not, never half-written. Carry on with it.
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The documents a device syncs now. Field and viewer devices: the catalog
/// and the current and previous months, plus anything with local changes
/// waiting. Base devices: everything they hold, and every month of the last
/// two years and the next one, so a supervisor's desk holds the farm's
/// whole recent history. Every device: the months its moved records went
/// to (`Store::moved_to_months`).
pub fn documents_in_scope(
    store: &Store,
    role: &str,
    today: NaiveDate,
    extra: &[Month],
) -> Result<Vec<DocKey>> {
    let farm = store.farm_id()?;
    let mut keys = BTreeSet::from([DocKey::Catalog { farm }]);
    let this = Month::of(today);
    let mut months = vec![this, this.previous()];
    if role == "base" {
        let mut m = this.next();
        for _ in 0..26 {
            months.push(m);
            m = m.previous();
        }
        keys.extend(store.documents()?.into_iter().filter(|k| k.farm() == farm));
    }
    months.extend_from_slice(extra);
    // Where the moved records it holds a left-behind copy of went, whatever
    // the role: else a task moved two months ahead is out of every scope
    // but the desk's until its month comes.
    months.extend(store.moved_to_months()?);
    for month in months {
        for domain in Domain::ALL {
            keys.insert(DocKey::Month {
                farm,
                domain,
                month,
            });
        }
    }
    for key in store.documents()? {
        if key.farm() == farm && store.pending_for(key)? > 0 {
            keys.insert(key);
        }
    }
    // A month no server derives ids for (1970, 2301: a wrong clock before
    // writes were checked) would only be refused, and its refusal would fail
    // the whole sync; its records stay here, listed by `status` for a
    // supervisor to correct.
    Ok(keys
        .into_iter()
        .filter(|k| carnet_store::is_syncable(*k))
        .collect())
}

/// How long one sync may take unless the caller says otherwise.
pub(crate) const SYNC_TIMEOUT_SECS: u64 = 60;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// An open connection to the server, and whether it agreed to compressed
/// frames (see `carnet_protocol::compression`).
struct Link {
    socket: Socket,
    compressed: bool,
    /// The server's time, from the upgrade response's `Date` header.
    server_time: Option<chrono::DateTime<chrono::Utc>>,
}

/// Runs one full sync. Records the outcome (time of success, or the error)
/// in the store for `status`.
pub async fn sync_once(
    store: &Mutex<Store>,
    today: NaiveDate,
    options: SyncOptions,
) -> Result<SyncReport> {
    let outcome = run(store, today, &options).await;
    let guard = lock(store);
    match &outcome {
        Ok(_) => {
            guard.set_meta("last_sync_at", &chrono::Utc::now().to_rfc3339())?;
            guard.set_meta("last_sync_error", "")?;
        }
        Err(e) => guard.set_meta("last_sync_error", &e.to_string())?,
    }
    outcome
}

async fn run(store: &Mutex<Store>, today: NaiveDate, options: &SyncOptions) -> Result<SyncReport> {
    let (remote, keys, our_id, role) = {
        let guard = lock(store);
        let remote = Remote::of(&guard)?;
        let role = enrolled_role(&guard)?.unwrap_or_else(|| "field".into());
        let keys = documents_in_scope(&guard, &role, today, &options.extra_months)?;
        (
            remote,
            keys,
            format!("carnet-{}", guard.actor().to_hex_string()),
            role,
        )
    };
    let deadline = Instant::now()
        + options
            .timeout
            .unwrap_or(Duration::from_secs(SYNC_TIMEOUT_SECS));
    let peer = format!("server {}", remote.url);
    let mut link = connect(&remote).await?;
    if let Some(server_time) = link.server_time {
        let mut guard = lock(store);
        let device_time = guard.now();
        guard.record_server_time(server_time, device_time)?;
    }
    let mut report = SyncReport {
        documents: keys.len(),
        ..SyncReport::default()
    };

    let join = Message::Join {
        sender_id: PeerId::new(our_id.clone()).map_err(|e| ClientError::Protocol(e.to_string()))?,
        peer_metadata: PeerMetadata::default(),
        supported_protocol_versions: vec![carnet_protocol::PROTOCOL_VERSION.to_owned()],
    };
    send(&mut link, &join, &mut report).await?;
    let server_id = loop {
        match receive(&mut link, deadline, &mut report).await? {
            reply @ Message::Peer { .. } => {
                break carnet_protocol::check_peer_reply(&reply)
                    .map_err(|e| ClientError::Protocol(e.to_string()))?
                    .clone();
            }
            Message::Error { message, .. } => return Err(ClientError::Refused(message)),
            Message::Ignored { .. } => continue,
            other => {
                return Err(ClientError::Protocol(format!(
                    "expected `peer`, got `{}`",
                    other.kind()
                )));
            }
        }
    };
    let sender_id = PeerId::new(our_id).map_err(|e| ClientError::Protocol(e.to_string()))?;

    let mut by_id: BTreeMap<DocumentId, DocKey> = BTreeMap::new();
    let mut sessions = SyncSessions::new();
    let mut sent_per_document: BTreeMap<DocKey, usize> = BTreeMap::new();
    let mut done: BTreeSet<DocKey> = BTreeSet::new();
    let mut keys = keys;
    // A pass syncs `keys`; what it received may widen the scope (a copy a
    // move left behind names the month it went to), and the next pass, on
    // the same connection, syncs the documents that adds. Three passes
    // reach any chain a device can hold in practice.
    for _pass in 0..3 {
        by_id.extend(keys.iter().map(|k| (k.id(), *k)));
        // Documents not yet settled, with the pending count seen when they were.
        let mut unsettled: BTreeSet<DocKey> = keys.iter().copied().collect();
        for key in &keys {
            let (message, held) = {
                let mut guard = lock(store);
                let held = guard.has_document(*key)?;
                (sessions.generate(&mut guard, *key, &peer)?, held)
            };
            if let Some(data) = message {
                let (target_id, document_id) = (server_id.clone(), key.id());
                let sender_id = sender_id.clone();
                let m = if held {
                    Message::Sync {
                        sender_id,
                        target_id,
                        document_id,
                        data,
                    }
                } else {
                    Message::Request {
                        sender_id,
                        target_id,
                        document_id,
                        data,
                    }
                };
                send(&mut link, &m, &mut report).await?;
                *sent_per_document.entry(*key).or_default() += 1;
            }
        }
        while !unsettled.is_empty() {
            let message = receive(&mut link, deadline, &mut report).await?;
            tracing::trace!(
                kind = message.kind(),
                unsettled = unsettled.len(),
                "received"
            );
            match message {
                Message::Sync {
                    document_id, data, ..
                }
                | Message::Request {
                    document_id, data, ..
                } => {
                    let Some(&key) = by_id.get(&document_id) else {
                        tracing::debug!(%document_id, "sync for a document not asked for: ignored");
                        continue;
                    };
                    let (reply, settled) = {
                        let mut guard = lock(store);
                        let pending = guard.pending_for(key)?;
                        if sessions.receive(&mut guard, key, &peer, &data)? {
                            report.documents_changed += 1;
                        }
                        let reply = sessions.generate(&mut guard, key, &peer)?;
                        // Settled once both hold the same heads, even if the
                        // session still sends a last acknowledgement: the server
                        // has nothing to answer to it.
                        let settled = sessions.in_sync(&mut guard, key, &peer)?;
                        if settled {
                            guard.mark_synced(key, pending)?;
                        }
                        (reply, settled)
                    };
                    if let Some(data) = reply {
                        let m = Message::Sync {
                            sender_id: sender_id.clone(),
                            target_id: server_id.clone(),
                            document_id,
                            data,
                        };
                        send(&mut link, &m, &mut report).await?;
                        *sent_per_document.entry(key).or_default() += 1;
                    }
                    if settled {
                        unsettled.remove(&key);
                    }
                }
                Message::DocUnavailable { document_id, .. } => {
                    if let Some(key) = by_id.get(&document_id) {
                        let pending = lock(store).pending_for(*key)?;
                        if pending > 0 {
                            report
                                .server_errors
                                .push(format!("the server does not take document {}", key));
                        }
                        report.unavailable += 1;
                        unsettled.remove(key);
                    }
                }
                Message::Error { message, .. } => {
                    // Not a warning in the log: the caller gets it back as the
                    // error (and `status` keeps it); the CLI prints it once.
                    tracing::debug!(%message, "server reported an error");
                    // A refusal names its document first ("document <id> (…)"):
                    // that document is settled, refused; the others go on.
                    if let Some(key) = refused_document(&message).and_then(|id| by_id.get(&id)) {
                        unsettled.remove(key);
                    }
                    report.server_errors.push(message);
                }
                Message::Ignored { .. } | Message::Peer { .. } | Message::Join { .. } => {}
                Message::Leave { .. } => {
                    return Err(ClientError::Protocol("the server left mid-sync".into()));
                }
            }
        }
        done.extend(keys.iter().copied());
        keys = {
            let guard = lock(store);
            documents_in_scope(&guard, &role, today, &options.extra_months)?
                .into_iter()
                .filter(|k| !done.contains(k))
                .collect()
        };
        if keys.is_empty() {
            break;
        }
        report.documents += keys.len();
    }
    let leave = Message::Leave { sender_id };
    let _ = send(&mut link, &leave, &mut report).await;
    let _ = link.socket.close(None).await;
    report.pending_after = lock(store).pending_changes()?;
    report.max_round_trips = sent_per_document.values().copied().max().unwrap_or(0);
    if !report.server_errors.is_empty() {
        return Err(ClientError::Refused(report.server_errors.join("; ")));
    }
    Ok(report)
}

/// The document a server refusal names, when it names one.
fn refused_document(message: &str) -> Option<DocumentId> {
    message
        .strip_prefix("document ")?
        .split_whitespace()
        .next()?
        .trim_end_matches(':')
        .parse()
        .ok()
}

/// Connects, offering compressed frames. A server that does not know them
/// (an automerge-repo server, or a carnet-sync older than compression) is
/// asked again without the offer.
async fn connect(remote: &Remote) -> Result<Link> {
    match connect_with(remote, true).await? {
        Attempt::Connected(link) => Ok(*link),
        Attempt::SubprotocolIgnored => match connect_with(remote, false).await? {
            Attempt::Connected(link) => Ok(*link),
            Attempt::SubprotocolIgnored => unreachable!("no subprotocol was offered"),
        },
    }
}

enum Attempt {
    Connected(Box<Link>),
    /// The server answered without the subprotocol we offered.
    SubprotocolIgnored,
}

async fn connect_with(remote: &Remote, offer_compression: bool) -> Result<Attempt> {
    use tungstenite::client::IntoClientRequest;
    let url = remote.websocket_url();
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| ClientError::Unreachable {
            url: remote.url.clone(),
            problem: e.to_string(),
        })?;
    if offer_compression {
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            tungstenite::http::HeaderValue::from_static(carnet_protocol::compression::SUBPROTOCOL),
        );
    }
    // wss:// trusts what `whoami` trusts: the system's roots and the CA
    // given at enrollment (ws:// ignores the connector).
    let connector = remote.connector()?;
    let connecting =
        tokio_tungstenite::connect_async_tls_with_config(request, None, false, Some(connector));
    match tokio::time::timeout(Duration::from_secs(10), connecting).await {
        Err(_) => Err(ClientError::Unreachable {
            url: remote.url.clone(),
            problem: "no answer within 10 s".into(),
        }),
        Ok(Ok((socket, response))) => {
            let compressed = response
                .headers()
                .get("Sec-WebSocket-Protocol")
                .is_some_and(|p| {
                    p.as_bytes() == carnet_protocol::compression::SUBPROTOCOL.as_bytes()
                });
            let server_time = response
                .headers()
                .get("Date")
                .and_then(|d| d.to_str().ok())
                .and_then(parse_http_date);
            Ok(Attempt::Connected(Box::new(Link {
                socket,
                compressed,
                server_time,
            })))
        }
        Ok(Err(tungstenite::Error::Protocol(
            tungstenite::error::ProtocolError::SecWebSocketSubProtocolError(_),
        ))) if offer_compression => Ok(Attempt::SubprotocolIgnored),
        Ok(Err(tungstenite::Error::Http(response)))
            if matches!(response.status().as_u16(), 401 | 403) =>
        {
            Err(ClientError::Refused(
                "the token is unknown or revoked".into(),
            ))
        }
        Ok(Err(e)) => Err(ClientError::Unreachable {
            url: remote.url.clone(),
            problem: e.to_string(),
        }),
    }
}

/// An HTTP `Date` header (`Mon, 07 Dec 2026 19:07:11 GMT`, RFC 9110's
/// preferred form, which is RFC 2822's with `GMT`).
fn parse_http_date(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc2822(text.trim())
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

async fn send(link: &mut Link, message: &Message, report: &mut SyncReport) -> Result<()> {
    let bytes = if link.compressed {
        carnet_protocol::compression::encode_compressed(message)
    } else {
        carnet_protocol::encode(message)
    };
    report.messages_sent += 1;
    report.bytes_sent += bytes.len();
    link.socket
        .send(tungstenite::Message::Binary(bytes.into()))
        .await
        .map_err(|e| ClientError::Unreachable {
            url: "server".into(),
            problem: format!("connection lost: {e}"),
        })
}

async fn receive(link: &mut Link, deadline: Instant, report: &mut SyncReport) -> Result<Message> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let next = tokio::time::timeout(left, link.socket.next())
            .await
            .map_err(|_| ClientError::Timeout(SYNC_TIMEOUT_SECS))?;
        let frame = match next {
            None => {
                return Err(ClientError::Unreachable {
                    url: "server".into(),
                    problem: "connection closed".into(),
                });
            }
            Some(Err(e)) => {
                return Err(ClientError::Unreachable {
                    url: "server".into(),
                    problem: format!("connection lost: {e}"),
                });
            }
            Some(Ok(frame)) => frame,
        };
        match frame {
            tungstenite::Message::Binary(bytes) => {
                report.messages_received += 1;
                report.bytes_received += bytes.len();
                let decoded = if link.compressed {
                    carnet_protocol::compression::decode_compressed(
                        &bytes,
                        carnet_protocol::MAX_FRAME_BYTES,
                    )
                } else {
                    carnet_protocol::decode(&bytes)
                };
                return decoded.map_err(|e| ClientError::Protocol(e.to_string()));
            }
            tungstenite::Message::Close(frame) => {
                let reason = frame
                    .map(|f| f.reason.to_string())
                    .filter(|r| !r.is_empty())
                    .unwrap_or_else(|| "no reason given".into());
                return Err(ClientError::Refused(format!(
                    "the server closed the connection: {reason}"
                )));
            }
            _ => continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tungstenite::handshake::server::{Request, Response};

    /// A server that does not know `carnet-deflate.v1` (an automerge-repo
    /// server, a carnet-sync older than compression) accepts the upgrade
    /// without naming it. The client must then connect again without the
    /// offer and send plain frames, rather than fail or send compressed
    /// frames the server cannot read.
    #[test]
    fn the_server_time_is_read_from_an_http_date_header() {
        let t = parse_http_date("Mon, 07 Dec 2026 19:07:11 GMT").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-07T19:07:11+00:00");
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[tokio::test]
    // The handshake callback's error type is tungstenite's, not ours.
    #[allow(clippy::result_large_err)]
    async fn a_server_that_ignores_the_compression_offer_is_asked_again_and_gets_plain_frames() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let mut offers = Vec::new();
            loop {
                let (tcp, _) = listener.accept().await.unwrap();
                let offered = std::sync::Arc::new(Mutex::new(None));
                let seen = offered.clone();
                // The response names no subprotocol, whatever was offered.
                let accepted = tokio_tungstenite::accept_hdr_async(
                    tcp,
                    move |request: &Request, response: Response| {
                        *seen.lock().unwrap() = request
                            .headers()
                            .get("Sec-WebSocket-Protocol")
                            .map(|v| v.to_str().unwrap_or_default().to_owned());
                        Ok(response)
                    },
                )
                .await;
                let offered = offered.lock().unwrap().take();
                offers.push(offered.clone());
                if offered.is_some() {
                    // The client hangs up on this one.
                    continue;
                }
                let mut socket = accepted.expect("the plain handshake completes");
                let frame = socket.next().await.expect("a frame").expect("readable");
                return (offers, frame.into_data().to_vec());
            }
        });

        let remote = Remote::new(&format!("http://{addr}"), "token").unwrap();
        let mut link = tokio::time::timeout(Duration::from_secs(10), connect(&remote))
            .await
            .expect("connects within 10 s")
            .expect("connects");
        assert!(!link.compressed, "the server agreed to nothing");
        let join = Message::Join {
            sender_id: PeerId::new("tablette-test".to_owned()).unwrap(),
            peer_metadata: PeerMetadata::default(),
            supported_protocol_versions: vec![carnet_protocol::PROTOCOL_VERSION.to_owned()],
        };
        let mut report = SyncReport::default();
        send(&mut link, &join, &mut report).await.unwrap();

        let (offers, frame) = tokio::time::timeout(Duration::from_secs(10), server)
            .await
            .expect("the server sees both connections within 10 s")
            .unwrap();
        assert_eq!(
            offers,
            vec![
                Some(carnet_protocol::compression::SUBPROTOCOL.to_owned()),
                None
            ],
            "offered once, then asked again without the offer"
        );
        assert_ne!(frame.first(), Some(&0x00), "not a compressed frame");
        assert_eq!(carnet_protocol::decode(&frame).unwrap(), join);
    }
}
