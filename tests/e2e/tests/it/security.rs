//! Isolation between farms and the role gate, through the real client.

use carnet_client::ClientError;
use carnet_core::values::{BedCode, Metres};
use carnet_e2e::device::Device;
use carnet_e2e::server::Server;
use carnet_store::BedInput;

use carnet_e2e::converge::assert_converged;

use crate::farm::{field_action, name, set_up_farm};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_farm_reaches_nothing_and_a_field_tablet_cannot_change_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let day: chrono::NaiveDate = "2026-11-26".parse().unwrap();
    let server = Server::start(dir.path());

    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-11-26T08:00:00+01:00");
    let shared = set_up_farm(&mut bureau, day, 5);
    let farm = bureau.store().farm_id().unwrap().to_string();
    server.create_farm("Aubes", &farm);
    bureau
        .enroll(&server.url(), &server.enroll(&farm, "bureau", "base"))
        .await
        .unwrap();
    bureau.sync(day).await.unwrap();

    // Another farm on the same server.
    let mut voisin = Device::open(dir.path(), "voisin", 2, "2026-11-26T08:00:00+01:00");
    set_up_farm(&mut voisin, day, 2);
    let other = voisin.store().farm_id().unwrap().to_string();
    server.create_farm("Voisins", &other);
    let voisin_token = server.enroll(&other, "voisin", "base");
    // Its token cannot join the first farm's store…
    let spy = Device::open(dir.path(), "spy", 3, "2026-11-26T08:00:00+01:00");
    spy.store().adopt_farm(farm.parse().unwrap()).unwrap();
    let err = spy.enroll(&server.url(), &voisin_token).await.unwrap_err();
    assert!(matches!(err, ClientError::OtherFarm { .. }), "{err}");
    // …and forced onto it, every one of the first farm's documents is
    // unavailable: nothing arrives.
    spy.store().set_meta("server_url", &server.url()).unwrap();
    spy.store().set_meta("server_token", &voisin_token).unwrap();
    spy.store().set_meta("server_role", "base").unwrap();
    let report = spy.sync(day).await.unwrap();
    assert_eq!(report.unavailable, report.documents, "{report:?}");
    assert!(spy.store().catalog().unwrap().beds.is_empty());

    // A field tablet adds a bed offline: refused by the server, not stored
    // there, while its harvests still sync.
    let mut tablette = Device::open(dir.path(), "tablette", 4, "2026-11-26T09:00:00+01:00");
    tablette
        .enroll(&server.url(), &server.enroll(&farm, "tablette", "field"))
        .await
        .unwrap();
    tablette.sync(day).await.unwrap();
    let nil = carnet_core::ids::PersonId(uuid::Uuid::nil());
    let bed = || {
        vec![BedInput {
            code: "Z-99".parse::<BedCode>().unwrap(),
            zone: name("Sauvage"),
            length: Metres::new("length", 5.0).unwrap(),
            width: Metres::new("width", 1.0).unwrap(),
        }]
    };
    // The tablet itself refuses it (issue 10 point 4)…
    let err = tablette.store().add_beds(nil, bed()).unwrap_err();
    assert_eq!(err.code(), "role_forbids");
    // …and a tampered tablet that believes it is a base device writes it,
    // which the server still refuses.
    tablette.store().set_meta("server_role", "base").unwrap();
    tablette.store().add_beds(nil, bed()).unwrap();
    tablette.store().set_meta("server_role", "field").unwrap();
    let acked: Vec<String> = (0..5)
        .flat_map(|_| {
            field_action(
                &mut tablette,
                &mut rand::SeedableRng::seed_from_u64(9),
                &shared,
            )
        })
        .collect();
    let err = tablette.sync(day).await.unwrap_err();
    assert!(matches!(err, ClientError::Refused(_)), "{err}");
    bureau.sync(day).await.unwrap();
    let bureau_catalog = bureau.store().catalog().unwrap().clone();
    assert!(
        bureau_catalog
            .bed_by_code(&"Z-99".parse().unwrap())
            .is_err(),
        "the refused bed reached the base"
    );
    let (records, _) = bureau.projection();
    for id in &acked {
        assert!(
            records.contains_key(id),
            "field record {id} did not reach the base"
        );
    }
    // Viewers read but cannot write.
    let lecteur = Device::open(dir.path(), "lecteur", 5, "2026-11-26T10:00:00+01:00");
    lecteur
        .enroll(&server.url(), &server.enroll(&farm, "lecteur", "viewer"))
        .await
        .unwrap();
    lecteur.sync(day).await.unwrap();
    assert_eq!(lecteur.store().catalog().unwrap().beds.len(), 12);
    // A second base device, enrolled now, ends with exactly what the first
    // holds, heads included: the refused bed reached neither through the
    // server, and every record the base acknowledged is on both. (The
    // viewer holds fewer months, so it is not compared.)
    let archive = Device::open(dir.path(), "archive", 6, "2026-11-26T11:00:00+01:00");
    archive
        .enroll(&server.url(), &server.enroll(&farm, "archive", "base"))
        .await
        .unwrap();
    archive.sync(day).await.unwrap();
    bureau.sync(day).await.unwrap();
    assert_converged(&[&bureau, &archive]);
}

/// A farm's own CA, and a server certificate it signed for 127.0.0.1, made
/// at test time: (CA PEM, server certificate PEM, server key PEM).
fn farm_ca_and_server_certificate() -> (String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Jardin des Aubes CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().unwrap();
    let server_params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    let server_cert = server_params.signed_by(&server_key, &issuer).unwrap();
    (ca_cert.pem(), server_cert.pem(), server_key.serialize_pem())
}

/// A loopback relay that records every byte crossing it, both ways: what an
/// eavesdropper on the farm's network would capture.
async fn recording_relay(
    upstream: std::net::SocketAddr,
) -> (
    std::net::SocketAddr,
    std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let captured = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let tap = captured.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let Ok(server) = tokio::net::TcpStream::connect(upstream).await else {
                continue;
            };
            let (client_read, client_write) = client.into_split();
            let (server_read, server_write) = server.into_split();
            copy_recording(client_read, server_write, tap.clone());
            copy_recording(server_read, client_write, tap.clone());
        }
    });
    (addr, captured)
}

fn copy_recording(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    tap: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    tokio::spawn(async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n) = from.read(&mut buf).await {
            if n == 0 || to.write_all(&buf[..n]).await.is_err() {
                break;
            }
            tap.lock().unwrap().extend_from_slice(&buf[..n]);
        }
        let _ = to.shutdown().await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_tls_devices_enroll_and_sync_and_plain_text_or_an_untrusted_certificate_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let day: chrono::NaiveDate = "2026-11-26".parse().unwrap();
    let (ca, cert, key) = farm_ca_and_server_certificate();
    let (cert_file, key_file) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_file, &cert).unwrap();
    std::fs::write(&key_file, &key).unwrap();
    let server = Server::start_tls(dir.path(), &cert_file, &key_file);
    assert!(server.url().starts_with("https://127.0.0.1:"));

    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-11-26T08:00:00+01:00");
    set_up_farm(&mut bureau, day, 3);
    let farm = bureau.store().farm_id().unwrap().to_string();
    server.create_farm("Aubes", &farm);
    let bureau_token = server.enroll(&farm, "bureau", "base");
    let trusting = |url: &str, token: &str| {
        carnet_client::Remote::new(url, token)
            .unwrap()
            .with_ca(&ca)
            .unwrap()
    };
    carnet_client::enroll(&bureau.store, &trusting(&server.url(), &bureau_token))
        .await
        .unwrap();
    bureau.sync(day).await.unwrap();

    // A tablet trusting the farm's CA enrolls and syncs through a relay
    // that records the traffic: the catalog arrives, and the recording holds
    // neither the token nor the farm's data.
    let (relay, captured) = recording_relay(server.addr).await;
    let mut tablette = Device::open(dir.path(), "tablette", 2, "2026-11-26T09:00:00+01:00");
    let tablet_token = server.enroll(&farm, "tablette", "field");
    let through_relay = format!("https://{relay}");
    carnet_client::enroll(&tablette.store, &trusting(&through_relay, &tablet_token))
        .await
        .unwrap();
    let report = tablette.sync(day).await.unwrap();
    assert!(report.documents > 0, "{report:?}");
    assert_eq!(tablette.store().catalog().unwrap().beds.len(), 12);
    // The CA is kept with the address, so a later sync (a new process, as
    // the CLI runs) still trusts the server.
    tablette.restart("2026-11-26T10:00:00+01:00");
    tablette.sync(day).await.unwrap();
    let wire = captured.lock().unwrap().clone();
    assert!(
        wire.len() > 4096,
        "only {} bytes crossed the relay",
        wire.len()
    );
    let contains = |needle: &[u8]| wire.windows(needle.len()).any(|w| w == needle);
    for secret in [
        tablet_token.as_bytes(),
        b"Jardin des Aubes".as_slice(),
        b"Jardin-type A".as_slice(),
        b"/v1/whoami".as_slice(),
    ] {
        assert!(
            !contains(secret),
            "{:?} crossed the network in clear",
            String::from_utf8_lossy(secret)
        );
    }

    // A client that trusts only the system's roots, or another CA, refuses
    // the server's certificate: the token is never sent.
    let (other_ca, _, _) = farm_ca_and_server_certificate();
    let spy = Device::open(dir.path(), "spy", 3, "2026-11-26T08:00:00+01:00");
    for remote in [
        carnet_client::Remote::new(&server.url(), &tablet_token).unwrap(),
        carnet_client::Remote::new(&server.url(), &tablet_token)
            .unwrap()
            .with_ca(&other_ca)
            .unwrap(),
    ] {
        let err = carnet_client::enroll(&spy.store, &remote)
            .await
            .unwrap_err();
        assert!(matches!(err, ClientError::Unreachable { .. }), "{err}");
        assert!(
            err.to_string().contains("certificate"),
            "the refusal names the certificate: {err}"
        );
    }
    // The same for the WebSocket: a device enrolled elsewhere, pointed at
    // this server without its CA, cannot sync.
    spy.store().adopt_farm(farm.parse().unwrap()).unwrap();
    spy.store().set_meta("server_url", &server.url()).unwrap();
    spy.store().set_meta("server_token", &tablet_token).unwrap();
    let err = spy.sync(day).await.unwrap_err();
    assert!(matches!(err, ClientError::Unreachable { .. }), "{err}");

    // A plain-text client (http:// and ws://) gets no answer from the TLS port.
    let plain = format!("http://{}", server.addr);
    let err = carnet_client::enroll(
        &spy.store,
        &carnet_client::Remote::new(&plain, &tablet_token).unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ClientError::Unreachable { .. }), "{err}");
    spy.store().set_meta("server_url", &plain).unwrap();
    let err = spy.sync(day).await.unwrap_err();
    assert!(matches!(err, ClientError::Unreachable { .. }), "{err}");
    assert!(server.log_text().contains("TLS handshake refused"));
    assert!(spy.store().catalog().unwrap().beds.is_empty());
}
