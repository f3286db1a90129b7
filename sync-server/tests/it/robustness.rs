//! Bad input closes the connection that sent it, with a reason; the server
//! keeps serving everyone else. Timeouts and rate limits.

use std::time::{Duration, Instant};

use carnet_core::DocumentId;
use carnet_core::sync::PeerSync;
use carnet_protocol::{Message, PeerId, PeerMetadata, encode};
use carnet_sync::{Limits, Role};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio_tungstenite::tungstenite::Message as Frame;

use crate::client::{Outcome, PATIENCE, Received, TestClient};
use crate::harness::{Fixture, document, harvests, put_harvest, record_keys};

fn server_id() -> PeerId {
    PeerId::new("carnet-sync").unwrap()
}

#[tokio::test]
async fn a_frame_over_the_limit_closes_that_connection_only() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let hostile = fixture.enroll(farm, "hostile", Role::Field);
    let server = fixture
        .start_with(Limits {
            max_frame_bytes: 64 * 1024,
            ..Limits::default()
        })
        .await;
    let mut good = TestClient::joined(server.addr, &tablet.token).await;
    let mut doc = document(harvests(farm, "2026-11"), 1);
    let mut sync = PeerSync::new();
    put_harvest(&mut doc, "h-1", "A-01", 1.0);
    assert_eq!(good.sync_doc(&mut doc, &mut sync).await, Outcome::Synced);

    let mut bad = TestClient::joined(server.addr, &hostile.token).await;
    bad.send_raw(vec![0xa1; 100 * 1024]).await;
    let close = bad.closed_within(PATIENCE).await;
    let (code, reason) = close.expect("a close frame");
    assert_eq!(code, 1009, "{reason}");
    assert!(reason.contains("size limit"), "{reason}");

    put_harvest(&mut doc, "h-2", "A-02", 2.0);
    assert_eq!(good.sync_doc(&mut doc, &mut sync).await, Outcome::Synced);
    server.stop().await;
}

#[tokio::test]
async fn garbage_closes_that_connection_with_a_reason_and_others_keep_syncing() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let hostile = fixture.enroll(farm, "hostile", Role::Field);
    let server = fixture
        .start_with(Limits {
            max_connections_per_device: 64,
            ..Limits::default()
        })
        .await;
    let mut good = TestClient::joined(server.addr, &tablet.token).await;
    let key = harvests(farm, "2026-11");
    let mut doc = document(key, 1);
    let mut sync = PeerSync::new();

    let sync_with = |data: Vec<u8>| Message::Sync {
        sender_id: PeerId::new("hostile").unwrap(),
        target_id: server_id(),
        document_id: key.id(),
        data,
    };
    let cases: Vec<(&str, bool, Frame, &str)> = vec![
        (
            "not cbor",
            true,
            Frame::Binary(vec![0xff, 0x00, 0x13].into()),
            "bad frame",
        ),
        (
            "a cbor array",
            true,
            Frame::Binary(vec![0x80].into()),
            "not a cbor map",
        ),
        (
            "text",
            true,
            Frame::Text("{\"type\":\"join\"}".into()),
            "text frames",
        ),
        (
            "sync before join",
            false,
            Frame::Binary(encode(&sync_with(vec![0x42])).into()),
            "expected a `join`",
        ),
        (
            "unknown type",
            true,
            Frame::Binary(vec![0xa1, 0x64, b't', b'y', b'p', b'e', 0x63, b'b', b'a', b'd'].into()),
            "unknown message type",
        ),
        (
            "second join",
            true,
            Frame::Binary(
                encode(&Message::Join {
                    sender_id: PeerId::new("again").unwrap(),
                    peer_metadata: PeerMetadata::default(),
                    supported_protocol_versions: vec!["1".into()],
                })
                .into(),
            ),
            "second join",
        ),
        (
            "sync data that is no sync message",
            true,
            Frame::Binary(encode(&sync_with(b"garbage".to_vec())).into()),
            "does not decode",
        ),
    ];
    for (name, join_first, frame, expected) in cases {
        let mut bad = TestClient::connect(server.addr, &hostile.token)
            .await
            .unwrap();
        if join_first {
            bad.join().await;
        }
        assert!(bad.send_frame(frame).await, "{name}");
        let mut error = None;
        let close = loop {
            match bad.recv(PATIENCE).await {
                Received::Message(Message::Error { message, .. }) => error = Some(message),
                Received::Message(other) => panic!("{name}: unexpected {other:?}"),
                Received::Closed(close) => break close,
                Received::Nothing => panic!("{name}: not closed"),
            }
        };
        let (code, reason) = close.unwrap_or_else(|| panic!("{name}: no close frame"));
        assert_eq!(code, 1008, "{name}: {reason}");
        assert!(reason.contains(expected), "{name}: {reason}");
        assert!(
            error.unwrap_or_default().contains(expected),
            "{name}: the error message says why"
        );

        // Meanwhile the good tablet syncs on.
        put_harvest(&mut doc, &format!("h-{name}"), "A-01", 1.0);
        assert_eq!(
            good.sync_doc(&mut doc, &mut sync).await,
            Outcome::Synced,
            "{name}"
        );
    }
    assert_eq!(record_keys(&doc).len(), 7);
    server.stop().await;
}

/// Flips, drops, duplicates or inserts a few bytes of `frame`.
fn mutate(rng: &mut StdRng, frame: &[u8]) -> Vec<u8> {
    let mut out = frame.to_vec();
    for _ in 0..rng.random_range(1..=4) {
        if out.is_empty() {
            out.push(rng.random());
            continue;
        }
        let at = rng.random_range(0..out.len());
        match rng.random_range(0..5) {
            0 => out[at] ^= 1 << rng.random_range(0..8),
            1 => out[at] = rng.random(),
            2 => out.truncate(at),
            3 => out.insert(at, rng.random()),
            _ => {
                let end = (at + rng.random_range(1..16)).min(out.len());
                let piece = out[at..end].to_vec();
                out.splice(at..at, piece);
            }
        }
    }
    out
}

#[tokio::test]
async fn a_thousand_random_and_mutated_frames_then_a_good_client_still_syncs() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let tablet = fixture.enroll(farm, "tablette", Role::Base);
    let fuzzers: Vec<_> = (0..4)
        .map(|n| fixture.enroll(farm, &format!("fuzz {n}"), Role::Base))
        .collect();
    let server = fixture
        .start_with(Limits {
            max_connections_per_device: 64,
            handshake_timeout: Duration::from_secs(2),
            ..Limits::default()
        })
        .await;
    let key = harvests(farm, "2026-11");

    // Real frames to mutate: a join, and the messages of a real sync.
    let mut doc = document(key, 1);
    put_harvest(&mut doc, "h-1", "A-01", 1.0);
    let mut good = TestClient::joined(server.addr, &tablet.token).await;
    let mut good_sync = PeerSync::new();
    assert_eq!(
        good.sync_doc(&mut doc, &mut good_sync).await,
        Outcome::Synced
    );
    let mut other = document(key, 2);
    put_harvest(&mut other, "h-2", "A-02", 2.0);
    let mut other_sync = PeerSync::new();
    let first = other_sync.generate(&mut other).unwrap();
    let peer = PeerId::new("fuzz").unwrap();
    let join = encode(&Message::Join {
        sender_id: peer.clone(),
        peer_metadata: PeerMetadata::default(),
        supported_protocol_versions: vec!["1".into()],
    });
    let samples = [
        join.clone(),
        encode(&Message::Sync {
            sender_id: peer.clone(),
            target_id: server_id(),
            document_id: key.id(),
            data: first.clone(),
        }),
        encode(&Message::Request {
            sender_id: peer.clone(),
            target_id: server_id(),
            document_id: DocumentId([9; 16]),
            data: first.clone(),
        }),
        encode(&Message::DocUnavailable {
            sender_id: peer.clone(),
            target_id: server_id(),
            document_id: key.id(),
        }),
        encode(&Message::Leave {
            sender_id: peer.clone(),
        }),
    ];
    let leave = encode(&Message::Leave {
        sender_id: peer.clone(),
    });

    let mut rng = StdRng::seed_from_u64(0xCA12E7);
    let started = Instant::now();
    for round in 0..1000 {
        let frame = match rng.random_range(0..4) {
            0 => {
                let len = rng.random_range(0..200);
                (0..len).map(|_| rng.random()).collect()
            }
            1 => {
                let sample = &samples[rng.random_range(0..samples.len())];
                mutate(&mut rng, sample)
            }
            2 => {
                // Valid frame, hostile automerge bytes inside.
                let data = mutate(&mut rng, &first);
                encode(&Message::Sync {
                    sender_id: peer.clone(),
                    target_id: server_id(),
                    document_id: key.id(),
                    data,
                })
            }
            _ => {
                // CBOR-looking: a map header and noise.
                let mut bytes = vec![0xa0 | rng.random_range(0..24u8)];
                bytes.extend((0..rng.random_range(0..64)).map(|_| rng.random::<u8>()));
                bytes
            }
        };
        let token = &fuzzers[round % fuzzers.len()].token;
        let mut socket = TestClient::connect(server.addr, token).await.unwrap();
        let mutated_join = rng.random_bool(0.2);
        if mutated_join {
            socket.send_raw(mutate(&mut rng, &join)).await;
        } else {
            socket.join().await;
        }
        socket.send_raw(frame).await;
        socket.send_raw(leave.clone()).await;
        // Whatever happened, the server ends this connection, promptly.
        let _ = socket.closed_within(PATIENCE).await;
    }
    eprintln!("1000 hostile connections in {:?}", started.elapsed());

    // The server still serves, and the document is intact.
    let mut fresh = document(key, 3);
    let mut socket = TestClient::joined(server.addr, &tablet.token).await;
    assert_eq!(
        socket.sync_doc(&mut fresh, &mut PeerSync::new()).await,
        Outcome::Synced
    );
    assert!(record_keys(&fresh).contains(&"h-1".to_owned()));
    put_harvest(&mut doc, "h-3", "A-03", 3.0);
    assert_eq!(
        good.sync_doc(&mut doc, &mut good_sync).await,
        Outcome::Synced
    );
    server.stop().await;
}

#[tokio::test]
async fn a_socket_that_never_joins_or_goes_silent_is_closed_but_a_quiet_live_one_stays() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let server = fixture
        .start_with(Limits {
            handshake_timeout: Duration::from_millis(300),
            idle_timeout: Duration::from_millis(400),
            ..Limits::default()
        })
        .await;

    let mut mute = TestClient::connect(server.addr, &tablet.token)
        .await
        .unwrap();
    let close = mute.closed_within(Duration::from_secs(2)).await;
    assert_eq!(
        close.map(|c| c.1),
        Some("no join within the handshake timeout".to_owned())
    );

    // Joined, then the peer stops answering (not even pongs: it reads nothing).
    let mut silent = TestClient::joined(server.addr, &tablet.token).await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let close = silent.closed_within(Duration::from_secs(2)).await;
    assert_eq!(close.map(|c| c.1), Some("idle timeout".to_owned()));

    // A quiet client that answers pings (by reading) stays connected.
    let mut quiet = TestClient::joined(server.addr, &tablet.token).await;
    assert!(matches!(
        quiet.recv(Duration::from_millis(1200)).await,
        Received::Nothing
    ));
    let mut doc = document(harvests(farm, "2026-11"), 1);
    put_harvest(&mut doc, "h-1", "A-01", 1.0);
    assert_eq!(
        quiet.sync_doc(&mut doc, &mut PeerSync::new()).await,
        Outcome::Synced
    );
    server.stop().await;
}

#[tokio::test]
async fn a_connection_is_paced_at_its_message_rate_after_a_burst() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let server = fixture
        .start_with(Limits {
            messages_per_second: 20,
            message_burst: 5,
            ..Limits::default()
        })
        .await;
    let mut socket = TestClient::joined(server.addr, &tablet.token).await;
    let mut nothing = document(harvests(farm, "2026-11"), 1);
    let data = PeerSync::new().generate(&mut nothing).unwrap();
    let started = Instant::now();
    for _ in 0..25 {
        socket
            .send(&Message::Request {
                sender_id: socket.peer.clone(),
                target_id: server_id(),
                document_id: DocumentId([3; 16]),
                data: data.clone(),
            })
            .await;
    }
    for _ in 0..25 {
        assert!(matches!(
            socket.recv(PATIENCE).await,
            Received::Message(Message::DocUnavailable { .. })
        ));
    }
    let elapsed = started.elapsed();
    // 5 at once, then 20 at 20 per second.
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
    server.stop().await;
}

/// A device that keeps sending but never reads: the server's answers fill
/// the socket's buffers and its next send cannot complete. The server drops
/// that connection after the idle timeout instead of waiting on it for ever
/// (deaf to revocation and shutdown meanwhile), and still stops promptly.
#[tokio::test]
async fn a_device_that_stops_reading_is_dropped_and_does_not_hold_up_shutdown() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let server = fixture
        .start_with(Limits {
            idle_timeout: Duration::from_millis(500),
            messages_per_second: 1_000_000,
            message_burst: 1_000_000,
            ..Limits::default()
        })
        .await;
    // A small receive buffer, so a few hundred unread answers are enough
    // to stall the server's sends (rather than megabytes of loopback buffer).
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(server.addr).await.unwrap();
    let request = format!("ws://{}/?token={}", server.addr, tablet.token)
        .into_client_request()
        .unwrap();
    let (mut ws, _) = tokio_tungstenite::client_async(request, stream)
        .await
        .unwrap();
    let peer = PeerId::new("test-deaf").unwrap();
    let join = Message::Join {
        sender_id: peer.clone(),
        peer_metadata: PeerMetadata::default(),
        supported_protocol_versions: vec!["1".to_owned()],
    };
    ws.send(Frame::Binary(encode(&join).into())).await.unwrap();
    // Each request for an unknown document is answered `doc-unavailable`;
    // none is read. Sending ends when the server drops us (or stops reading).
    let data = PeerSync::new()
        .generate(&mut document(harvests(farm, "2026-11"), 1))
        .unwrap();
    let ask = encode(&Message::Request {
        sender_id: peer,
        target_id: server_id(),
        document_id: DocumentId([3; 16]),
        data,
    });
    let started = Instant::now();
    let sending = tokio::time::timeout(Duration::from_secs(20), async {
        for _ in 0..100_000 {
            if ws.send(Frame::Binary(ask.clone().into())).await.is_err() {
                return true;
            }
        }
        false
    })
    .await;
    // Without the send timeout, the server would sit blocked in its send,
    // and so stop reading ours: this loop would run into the 20 s bound.
    assert_eq!(
        sending,
        Ok(true),
        "the server did not drop the non-reading connection ({:?})",
        started.elapsed()
    );
    // Now read: what the server had buffered, then the end of the stream.
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(Ok(_)) = ws.next().await {}
    })
    .await;
    assert!(
        ended.is_ok(),
        "the server kept the non-reading connection open ({:?} after the first send)",
        started.elapsed()
    );
    // `stop` fails the test unless the server stops within 10 s.
    server.stop().await;
}
