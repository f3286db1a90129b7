//! Who may connect, which documents a device can reach, and what it may write.

use std::time::Duration;

use carnet_core::DocumentId;
use carnet_core::sync::PeerSync;
use carnet_protocol::{Message, PeerId};
use carnet_sync::{Limits, Role, Storage};

use crate::client::{Outcome, PATIENCE, Received, TestClient};
use crate::harness::{Fixture, catalog, document, harvests, put_bed, put_harvest, record_keys};

#[tokio::test]
async fn another_farms_device_gets_doc_unavailable_for_the_first_farms_documents() {
    let fixture = Fixture::new();
    let aures = fixture.farm("Jardin des Aures");
    let voisin = fixture.farm("Ferme voisine");
    let insider = fixture.enroll(aures, "bureau", Role::Base);
    let outsider = fixture.enroll(voisin, "bureau", Role::Base);
    let server = fixture.start().await;
    let key = harvests(aures, "2026-11");

    let mut doc = document(key, 1);
    put_harvest(&mut doc, "h-1", "A-07", 2.0);
    let mut socket = TestClient::joined(server.addr, &insider.token).await;
    assert_eq!(
        socket.sync_doc(&mut doc, &mut PeerSync::new()).await,
        Outcome::Synced
    );
    let stored_before = fixture
        .storage()
        .document(key.id())
        .unwrap()
        .unwrap()
        .chunks;

    // The neighbour asks for it with nothing...
    let mut stranger = TestClient::joined(server.addr, &outsider.token).await;
    let mut theirs = document(key, 2);
    assert_eq!(
        stranger.sync_doc(&mut theirs, &mut PeerSync::new()).await,
        Outcome::Unavailable
    );
    assert!(theirs.records().is_empty());
    // ...and with changes of its own: the same answer, nothing kept.
    let mut forged = document(key, 3);
    put_harvest(&mut forged, "h-evil", "Z-99", 99.0);
    assert_eq!(
        stranger.sync_doc(&mut forged, &mut PeerSync::new()).await,
        Outcome::Unavailable
    );
    assert_eq!(
        fixture
            .storage()
            .document(key.id())
            .unwrap()
            .unwrap()
            .chunks,
        stored_before
    );
    // The neighbour's own documents are its own.
    let mut own = document(catalog(voisin), 4);
    put_bed(&mut own, "bed-1", "V-01");
    assert_eq!(
        stranger.sync_doc(&mut own, &mut PeerSync::new()).await,
        Outcome::Synced
    );
    server.stop().await;
}

#[tokio::test]
async fn an_id_that_is_no_farm_document_is_unavailable_and_never_stored() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let base = fixture.enroll(farm, "bureau", Role::Base);
    let server = fixture.start().await;
    let mut socket = TestClient::joined(server.addr, &base.token).await;

    // A document as automerge-repo would make one: a random id.
    let random = DocumentId([0x5a; 16]);
    let mut doc = document(catalog(farm), 1);
    put_bed(&mut doc, "bed-1", "A-01");
    let mut sync = PeerSync::new();
    let data = sync.generate(&mut doc).unwrap();
    socket
        .send(&Message::Sync {
            sender_id: socket.peer.clone(),
            target_id: PeerId::new("carnet-sync").unwrap(),
            document_id: random,
            data,
        })
        .await;
    assert!(matches!(
        socket.next_for(random, PATIENCE).await,
        Received::Message(Message::DocUnavailable { .. })
    ));
    assert!(fixture.storage().document(random).unwrap().is_none());
    assert_eq!(fixture.storage().document_count(farm).unwrap(), 0);
    server.stop().await;
}

#[tokio::test]
async fn a_field_tablets_catalog_change_is_refused_and_audited_while_its_month_syncs() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let supervisor = fixture.enroll(farm, "bureau", Role::Base);
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let server = fixture.start().await;

    // The supervisor set up the catalog.
    let mut office_catalog = document(catalog(farm), 1);
    put_bed(&mut office_catalog, "bed-1", "A-01");
    let mut office = TestClient::joined(server.addr, &supervisor.token).await;
    assert_eq!(
        office
            .sync_doc(&mut office_catalog, &mut PeerSync::new())
            .await,
        Outcome::Synced
    );
    let stored = fixture
        .storage()
        .document(catalog(farm).id())
        .unwrap()
        .unwrap()
        .chunks;

    // The tablet reads it, then tries to add a bed.
    let mut socket = TestClient::joined(server.addr, &tablet.token).await;
    let mut tablet_catalog = document(catalog(farm), 2);
    let mut catalog_sync = PeerSync::new();
    assert_eq!(
        socket
            .sync_doc(&mut tablet_catalog, &mut catalog_sync)
            .await,
        Outcome::Synced
    );
    assert_eq!(record_keys(&tablet_catalog), ["bed-1"]);
    put_bed(&mut tablet_catalog, "bed-2", "A-02");
    let Outcome::Refused(reason) = socket
        .sync_doc(&mut tablet_catalog, &mut catalog_sync)
        .await
    else {
        panic!("the catalog change was not refused");
    };
    assert!(
        reason.contains("a field device may not write the catalog"),
        "{reason}"
    );
    assert!(reason.contains(&catalog(farm).id().to_string()), "{reason}");

    // Not stored, not passed on...
    assert_eq!(
        fixture
            .storage()
            .document(catalog(farm).id())
            .unwrap()
            .unwrap()
            .chunks,
        stored
    );
    assert!(matches!(
        office.recv(Duration::from_millis(300)).await,
        Received::Nothing
    ));
    let mut fresh = document(catalog(farm), 3);
    let mut another = TestClient::joined(server.addr, &supervisor.token).await;
    assert_eq!(
        another.sync_doc(&mut fresh, &mut PeerSync::new()).await,
        Outcome::Synced
    );
    assert_eq!(record_keys(&fresh), ["bed-1"]);
    // ...but audited.
    let audit = fixture.storage().audit_log(Some(tablet.id), 10).unwrap();
    let refusal = audit.last().expect("an audit entry");
    assert_eq!(refusal.document, catalog(farm).id());
    assert_eq!(refusal.changes, 1);
    assert!(refusal.bytes > 0);
    assert!(
        refusal
            .refused
            .as_deref()
            .unwrap()
            .contains("may not write the catalog")
    );

    // The same socket still syncs the tablet's harvests.
    let mut month = document(harvests(farm, "2026-11"), 2);
    put_harvest(&mut month, "h-1", "A-01", 5.0);
    assert_eq!(
        socket.sync_doc(&mut month, &mut PeerSync::new()).await,
        Outcome::Synced
    );
    let audit = fixture.storage().audit_log(Some(tablet.id), 10).unwrap();
    let accepted = audit.last().unwrap();
    assert_eq!(
        (accepted.document, accepted.refused.as_deref()),
        (harvests(farm, "2026-11").id(), None)
    );
    server.stop().await;
}

#[tokio::test]
async fn a_viewer_reads_everything_and_writes_nothing() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let supervisor = fixture.enroll(farm, "bureau", Role::Base);
    let screen = fixture.enroll(farm, "écran", Role::Viewer);
    let server = fixture.start().await;
    let key = harvests(farm, "2026-11");

    let mut office_doc = document(key, 1);
    let mut office_sync = PeerSync::new();
    put_harvest(&mut office_doc, "h-1", "A-01", 5.0);
    let mut office = TestClient::joined(server.addr, &supervisor.token).await;
    assert_eq!(
        office.sync_doc(&mut office_doc, &mut office_sync).await,
        Outcome::Synced
    );

    let mut socket = TestClient::joined(server.addr, &screen.token).await;
    let mut viewed = document(key, 2);
    let mut sync = PeerSync::new();
    assert_eq!(
        socket.sync_doc(&mut viewed, &mut sync).await,
        Outcome::Synced
    );
    assert_eq!(record_keys(&viewed), ["h-1"]);

    put_harvest(&mut viewed, "h-2", "A-02", 1.0);
    let outcome = socket.sync_doc(&mut viewed, &mut sync).await;
    assert!(matches!(outcome, Outcome::Refused(_)), "{outcome:?}");
    // A new document is refused too, and not created.
    let mut new_month = document(harvests(farm, "2026-12"), 2);
    put_harvest(&mut new_month, "h-3", "A-03", 1.0);
    let Outcome::Refused(reason) = socket.sync_doc(&mut new_month, &mut PeerSync::new()).await
    else {
        panic!("not refused");
    };
    assert!(
        reason.contains("a viewer device may not write harvests/2026-12"),
        "{reason}"
    );
    let storage = fixture.storage();
    assert!(
        storage
            .document(harvests(farm, "2026-12").id())
            .unwrap()
            .is_none()
    );
    assert_eq!(storage.audit_log(Some(screen.id), 10).unwrap().len(), 2);
    // Nothing reached the supervisor's open socket.
    assert!(matches!(
        office.recv(Duration::from_millis(300)).await,
        Received::Nothing
    ));
    assert_eq!(
        office.sync_doc(&mut office_doc, &mut office_sync).await,
        Outcome::Synced
    );
    assert_eq!(record_keys(&office_doc), ["h-1"]);
    server.stop().await;
}

#[tokio::test]
async fn a_wrong_or_missing_token_gets_401_and_whoami_names_a_good_one() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Jardin des Aures");
    let tablet = fixture.enroll(farm, "tablette 1", Role::Field);
    let server = fixture.start().await;

    let mut wrong = tablet.token.clone();
    wrong.replace_range(10..11, if &wrong[10..11] == "A" { "B" } else { "A" });
    assert_eq!(
        TestClient::connect(server.addr, &wrong).await.err(),
        Some(401)
    );
    assert_eq!(TestClient::connect(server.addr, "").await.err(), Some(401));
    assert_eq!(
        TestClient::connect(server.addr, "not-a-token").await.err(),
        Some(401)
    );
    assert_eq!(
        TestClient::connect_bearer(server.addr, &wrong).await.err(),
        Some(401)
    );
    let mut socket = TestClient::connect_bearer(server.addr, &tablet.token)
        .await
        .unwrap();
    socket.join().await;

    let whoami = http_get(server.addr, "/v1/whoami", Some(&tablet.token)).await;
    assert!(whoami.starts_with("HTTP/1.1 200"), "{whoami}");
    let body: serde_json::Value =
        serde_json::from_str(whoami.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "farm_id": farm.to_string(),
            "farm_name": "Jardin des Aures",
            "device_id": tablet.id.to_string(),
            "device_name": "tablette 1",
            "role": "field",
        })
    );
    let refused = http_get(server.addr, "/v1/whoami", Some(&wrong)).await;
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    let health = http_get(server.addr, "/healthz", None).await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    server.stop().await;
}

#[tokio::test]
async fn an_address_with_too_many_failures_in_a_minute_is_refused_outright() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let server = fixture
        .start_with(Limits {
            auth_failures_per_minute: 3,
            ..Limits::default()
        })
        .await;
    for _ in 0..3 {
        assert_eq!(
            TestClient::connect(server.addr, "cst_guess").await.err(),
            Some(401)
        );
    }
    assert_eq!(
        TestClient::connect(server.addr, "cst_guess").await.err(),
        Some(429)
    );
    // Even the right token, from that address, for the rest of the minute.
    assert_eq!(
        TestClient::connect(server.addr, &tablet.token).await.err(),
        Some(429)
    );
    server.stop().await;
}

#[tokio::test]
async fn a_revoked_devices_socket_closes_within_a_second_and_it_cannot_come_back() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let lost = fixture.enroll(farm, "tablette perdue", Role::Field);
    let kept = fixture.enroll(farm, "tablette", Role::Field);
    let server = fixture.start().await;
    let mut socket = TestClient::joined(server.addr, &lost.token).await;
    let mut other = TestClient::joined(server.addr, &kept.token).await;

    // What `carnet-sync device revoke` does, from its own connection.
    let started = std::time::Instant::now();
    carnet_sync::admin::revoke_device(&fixture.storage(), "tablette perdue", chrono::Utc::now())
        .unwrap();
    let close = socket.closed_within(Duration::from_secs(1)).await;
    eprintln!("revoked socket closed after {:?}", started.elapsed());
    assert_eq!(close, Some((1008, "device revoked".to_owned())));
    assert_eq!(
        TestClient::connect(server.addr, &lost.token).await.err(),
        Some(401)
    );

    // The other tablet was not touched.
    let mut doc = document(harvests(farm, "2026-11"), 1);
    put_harvest(&mut doc, "h-1", "A-01", 1.0);
    assert_eq!(
        other.sync_doc(&mut doc, &mut PeerSync::new()).await,
        Outcome::Synced
    );
    server.stop().await;
}

#[tokio::test]
async fn a_device_holds_at_most_its_limit_of_sockets() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let server = fixture
        .start_with(Limits {
            max_connections_per_device: 2,
            ..Limits::default()
        })
        .await;
    let first = TestClient::joined(server.addr, &tablet.token).await;
    let _second = TestClient::joined(server.addr, &tablet.token).await;
    assert_eq!(
        TestClient::connect(server.addr, &tablet.token).await.err(),
        Some(429)
    );
    first.leave().await;
    // The slot frees once the server has closed the first socket.
    let mut third = None;
    for _ in 0..50 {
        match TestClient::connect(server.addr, &tablet.token).await {
            Ok(client) => {
                third = Some(client);
                break;
            }
            Err(status) => {
                assert_eq!(status, 429);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
    third.expect("a socket is free again").join().await;
    server.stop().await;
}

#[tokio::test]
async fn a_farm_at_its_document_limit_keeps_syncing_what_it_has() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let base = fixture.enroll(farm, "bureau", Role::Base);
    let server = fixture
        .start_with(Limits {
            max_documents_per_farm: 2,
            ..Limits::default()
        })
        .await;
    let mut socket = TestClient::joined(server.addr, &base.token).await;
    let mut docs = [
        document(harvests(farm, "2026-09"), 1),
        document(harvests(farm, "2026-10"), 1),
        document(harvests(farm, "2026-11"), 1),
    ];
    for doc in &mut docs {
        put_harvest(doc, "h-1", "A-01", 1.0);
    }
    let mut syncs = [PeerSync::new(), PeerSync::new(), PeerSync::new()];
    assert_eq!(
        socket.sync_doc(&mut docs[0], &mut syncs[0]).await,
        Outcome::Synced
    );
    assert_eq!(
        socket.sync_doc(&mut docs[1], &mut syncs[1]).await,
        Outcome::Synced
    );
    let Outcome::Refused(reason) = socket.sync_doc(&mut docs[2], &mut syncs[2]).await else {
        panic!("a third document was accepted");
    };
    assert!(reason.contains("limit of 2 documents"), "{reason}");
    assert_eq!(fixture.storage().document_count(farm).unwrap(), 2);
    put_harvest(&mut docs[0], "h-2", "A-02", 2.0);
    assert_eq!(
        socket.sync_doc(&mut docs[0], &mut syncs[0]).await,
        Outcome::Synced
    );
    server.stop().await;
}

/// A bare HTTP/1.1 GET; returns the whole response as text.
pub(crate) async fn http_get(
    addr: std::net::SocketAddr,
    path: &str,
    bearer: Option<&str>,
) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let auth = bearer
        .map(|token| format!("Authorization: Bearer {token}\r\n"))
        .unwrap_or_default();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    tokio::time::timeout(PATIENCE, stream.read_to_string(&mut response))
        .await
        .unwrap()
        .unwrap();
    response
}
