//! `serve --tls-cert/--tls-key`: the handshake runs apart from the accept
//! loop and within the handshake timeout.

use std::sync::Arc;
use std::time::Duration;

use carnet_protocol::{Message, PeerId, PeerMetadata, decode, encode};
use carnet_sync::{Config, Role, TlsFiles};
use futures_util::{SinkExt, StreamExt};
use tokio::io::AsyncReadExt;
use tokio_tungstenite::tungstenite::Message as Frame;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::client::PATIENCE;
use crate::harness::Fixture;

#[tokio::test]
async fn a_tcp_client_that_never_finishes_its_tls_handshake_is_dropped_and_others_still_sync() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = TlsFiles {
        cert: dir.path().join("cert.pem"),
        key: dir.path().join("key.pem"),
    };
    std::fs::write(&files.cert, made.cert.pem()).unwrap();
    std::fs::write(&files.key, made.signing_key.serialize_pem()).unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = Config::new(&fixture.db);
    config.tls = Some(files);
    config.limits.handshake_timeout = Duration::from_secs(2);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(carnet_sync::run(listener, config, async move {
        let _ = stopped.await;
    }));

    // Three connections that never send a ClientHello.
    let mut mute = Vec::new();
    for _ in 0..3 {
        mute.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    // Meanwhile a device trusting the certificate connects, joins and is
    // answered: the stalled handshakes hold up nobody.
    let mut roots = rustls::RootCertStore::empty();
    roots.add(made.cert.der().clone()).unwrap();
    let client = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let request = format!("wss://{addr}/?token={}", tablet.token)
        .into_client_request()
        .unwrap();
    let (mut ws, _) = tokio::time::timeout(
        PATIENCE,
        tokio_tungstenite::connect_async_tls_with_config(
            request,
            None,
            false,
            Some(tokio_tungstenite::Connector::Rustls(Arc::new(client))),
        ),
    )
    .await
    .expect("the TLS device is served while others stall")
    .unwrap();
    let join = Message::Join {
        sender_id: PeerId::new("tls-tablet").unwrap(),
        peer_metadata: PeerMetadata::default(),
        supported_protocol_versions: vec!["1".to_owned()],
    };
    ws.send(Frame::Binary(encode(&join).into())).await.unwrap();
    let reply = tokio::time::timeout(PATIENCE, ws.next()).await.unwrap();
    let Some(Ok(Frame::Binary(bytes))) = reply else {
        panic!("expected the peer message, got {reply:?}");
    };
    assert!(matches!(decode(&bytes), Ok(Message::Peer { .. })));
    for socket in &mute {
        let mut byte = [0u8; 1];
        assert!(
            socket.try_read(&mut byte).is_err(),
            "a stalled handshake was closed before its timeout"
        );
    }

    // Each stalled connection is closed once its handshake timeout passes.
    for mut socket in mute {
        let mut rest = Vec::new();
        let closed = tokio::time::timeout(Duration::from_secs(5), socket.read_to_end(&mut rest))
            .await
            .expect("closed within the handshake timeout");
        assert!(closed.is_err() || rest.is_empty(), "{closed:?} {rest:?}");
    }
    drop(ws);
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
}
