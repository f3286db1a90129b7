//! Devices of one farm converge through the server, see each other's changes
//! while online, and reconnect cheaply.

use std::time::{Duration, Instant};

use carnet_core::sync::PeerSync;
use carnet_sync::Role;

use crate::client::{Outcome, TestClient};
use crate::harness::{
    Fixture, catalog, document, harvests, put_bed, put_harvest, record_keys, tasks,
};

#[tokio::test]
async fn two_devices_of_one_farm_converge_through_the_server() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Jardin des Aures");
    let lea = fixture.enroll(farm, "tablette Léa", Role::Field);
    let omar = fixture.enroll(farm, "tablette Omar", Role::Field);
    let server = fixture.start().await;
    let key = harvests(farm, "2026-11");

    // Both tablets worked offline on the same month.
    let (mut a, mut b) = (document(key, 1), document(key, 2));
    put_harvest(&mut a, "h-a", "A-07", 4.2);
    put_harvest(&mut b, "h-b", "B-03", 1.5);
    let (mut sync_a, mut sync_b) = (PeerSync::new(), PeerSync::new());

    let mut lea_socket = TestClient::joined(server.addr, &lea.token).await;
    let mut omar_socket = TestClient::joined(server.addr, &omar.token).await;
    assert_eq!(
        lea_socket.sync_doc(&mut a, &mut sync_a).await,
        Outcome::Synced
    );
    assert_eq!(
        omar_socket.sync_doc(&mut b, &mut sync_b).await,
        Outcome::Synced
    );
    // Léa's tablet, still connected, is sent Omar's harvest.
    lea_socket
        .receive_push(&mut a, &mut sync_a, Duration::from_secs(1))
        .await;

    assert_eq!(a.heads(), b.heads());
    assert_eq!(record_keys(&a), ["h-a", "h-b"]);
    assert_eq!(record_keys(&b), ["h-a", "h-b"]);
    assert_eq!(a.record("h-b").unwrap().f64("kg"), Some(1.5));

    // What the server stored is the merged document.
    let stored = carnet_sync::Storage::document(&fixture.storage(), key.id())
        .unwrap()
        .expect("stored");
    let loaded = carnet_core::document::Document::load(
        key,
        stored.chunks.iter().map(Vec::as_slice),
        automerge::ActorId::random(),
    )
    .unwrap();
    assert_eq!(record_keys(&loaded), ["h-a", "h-b"]);
    lea_socket.leave().await;
    omar_socket.leave().await;
    server.stop().await;
}

#[tokio::test]
async fn an_online_tablet_sees_a_harvest_from_another_within_a_second() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let lea = fixture.enroll(farm, "Léa", Role::Field);
    let omar = fixture.enroll(farm, "Omar", Role::Field);
    let server = fixture.start().await;
    let key = harvests(farm, "2026-11");

    let (mut a, mut b) = (document(key, 1), document(key, 2));
    put_harvest(&mut a, "h-1", "A-07", 2.0);
    let (mut sync_a, mut sync_b) = (PeerSync::new(), PeerSync::new());
    let mut lea_socket = TestClient::joined(server.addr, &lea.token).await;
    let mut omar_socket = TestClient::joined(server.addr, &omar.token).await;
    assert_eq!(
        lea_socket.sync_doc(&mut a, &mut sync_a).await,
        Outcome::Synced
    );
    assert_eq!(
        omar_socket.sync_doc(&mut b, &mut sync_b).await,
        Outcome::Synced
    );
    assert_eq!(record_keys(&b), ["h-1"]);

    // Omar's tablet sits open on the month; Léa weighs another crate.
    put_harvest(&mut a, "h-2", "A-08", 3.0);
    let written = Instant::now();
    assert_eq!(
        lea_socket.sync_doc(&mut a, &mut sync_a).await,
        Outcome::Synced
    );
    omar_socket
        .receive_push(&mut b, &mut sync_b, Duration::from_secs(1))
        .await;
    let elapsed = written.elapsed();
    assert_eq!(record_keys(&b), ["h-1", "h-2"]);
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    eprintln!("push: harvest on the other tablet after {elapsed:?}");
    server.stop().await;
}

#[tokio::test]
async fn a_missing_document_is_unavailable_then_pushed_once_someone_creates_it() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let lea = fixture.enroll(farm, "Léa", Role::Field);
    let omar = fixture.enroll(farm, "Omar", Role::Field);
    let server = fixture.start().await;
    let key = tasks(farm, "2026-12");

    let (mut a, mut b) = (document(key, 1), document(key, 2));
    let (mut sync_a, mut sync_b) = (PeerSync::new(), PeerSync::new());
    let mut omar_socket = TestClient::joined(server.addr, &omar.token).await;
    assert_eq!(
        omar_socket.sync_doc(&mut b, &mut sync_b).await,
        Outcome::Unavailable
    );
    assert!(
        carnet_sync::Storage::document(&fixture.storage(), key.id())
            .unwrap()
            .is_none()
    );

    let mut lea_socket = TestClient::joined(server.addr, &lea.token).await;
    a.put_record(
        &crate::harness::author("Léa"),
        "t-1",
        "task",
        &[("title", "désherber A-07".into())],
    )
    .unwrap();
    assert_eq!(
        lea_socket.sync_doc(&mut a, &mut sync_a).await,
        Outcome::Synced
    );
    omar_socket
        .receive_push(&mut b, &mut sync_b, Duration::from_secs(1))
        .await;
    assert_eq!(record_keys(&b), ["t-1"]);
    server.stop().await;
}

#[tokio::test]
async fn reconnect_with_nothing_new_costs_under_a_kilobyte_per_document() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let base = fixture.enroll(farm, "bureau", Role::Base);
    let server = fixture.start().await;
    let keys = [
        catalog(farm),
        harvests(farm, "2026-10"),
        harvests(farm, "2026-11"),
    ];

    // A device with some history in three documents.
    let mut docs: Vec<_> = keys.iter().map(|key| document(*key, 1)).collect();
    for (n, doc) in docs.iter_mut().enumerate() {
        for i in 0..40 {
            if n == 0 {
                put_bed(doc, &format!("bed-{i}"), &format!("A-{i:02}"));
            } else {
                put_harvest(doc, &format!("h-{i}"), "A-07", f64::from(i));
            }
        }
    }
    let mut syncs: Vec<_> = keys.iter().map(|_| PeerSync::new()).collect();
    let mut socket = TestClient::joined(server.addr, &base.token).await;
    for (doc, sync) in docs.iter_mut().zip(&mut syncs) {
        assert_eq!(socket.sync_doc(doc, sync).await, Outcome::Synced);
    }
    let first_sync = socket.sent_bytes + socket.received_bytes;
    socket.leave().await;
    let saved: Vec<_> = syncs.iter().map(PeerSync::save).collect();

    // Reconnect with the saved states and nothing new.
    let mut socket = TestClient::joined(server.addr, &base.token).await;
    let (sent, received) = (socket.sent_bytes, socket.received_bytes);
    for (doc, saved) in docs.iter_mut().zip(&saved) {
        let mut sync = PeerSync::restore(saved);
        assert_eq!(socket.sync_doc(doc, &mut sync).await, Outcome::Synced);
    }
    let per_document = (socket.sent_bytes - sent + socket.received_bytes - received) / keys.len();
    eprintln!(
        "reconnect with nothing new: {per_document} bytes per document (first sync: {first_sync} bytes for {})",
        keys.len()
    );
    assert!(per_document < 1024, "{per_document} bytes per document");
    socket.leave().await;
    server.stop().await;
}

#[tokio::test]
async fn a_device_that_lost_its_data_gets_everything_again() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let lea = fixture.enroll(farm, "Léa", Role::Field);
    let server = fixture.start().await;
    let key = harvests(farm, "2026-11");

    let mut doc = document(key, 1);
    put_harvest(&mut doc, "h-1", "A-07", 2.0);
    let mut socket = TestClient::joined(server.addr, &lea.token).await;
    assert_eq!(
        socket.sync_doc(&mut doc, &mut PeerSync::new()).await,
        Outcome::Synced
    );
    socket.leave().await;

    // Same token, wiped tablet: the server's saved state for this device
    // says "it has h-1"; automerge's reset on empty heads must win.
    let mut wiped = document(key, 3);
    let mut socket = TestClient::joined(server.addr, &lea.token).await;
    assert_eq!(
        socket.sync_doc(&mut wiped, &mut PeerSync::new()).await,
        Outcome::Synced
    );
    assert_eq!(record_keys(&wiped), ["h-1"]);
    server.stop().await;
}

#[tokio::test]
async fn a_carnet_client_gets_compressed_frames_and_an_automerge_repo_client_plain_ones() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Jardin des Aures");
    let lea = fixture.enroll(farm, "tablette Léa", Role::Field);
    let omar = fixture.enroll(farm, "tablette Omar", Role::Field);
    let server = fixture.start().await;

    // Two months of the same shape, 190 harvests each, one change each:
    // Léa's tablet sends November compressed, Omar's (an automerge-repo
    // client that does not offer compression) sends October plain.
    let mut sent = Vec::new();
    for (token, month, compressed, actor) in [
        (&lea.token, "2026-11", true, 1),
        (&omar.token, "2026-10", false, 2),
    ] {
        let key = harvests(farm, month);
        let mut doc = document(key, actor);
        for i in 0..150 {
            put_harvest(&mut doc, &format!("h-{i:03}"), "A-01", 2.0);
        }
        let mut socket = if compressed {
            TestClient::connect_compressed(server.addr, token)
                .await
                .unwrap()
        } else {
            TestClient::connect(server.addr, token).await.unwrap()
        };
        assert_eq!(socket.compressed, compressed, "{month}");
        socket.join().await;
        let mut sync = PeerSync::new();
        assert_eq!(socket.sync_doc(&mut doc, &mut sync).await, Outcome::Synced);
        // The server holds the month: a week's new work goes up change by
        // change. (A first upload, or one that is more than a third of the
        // document, is one saved document that Automerge compresses itself.)
        let before = socket.sent_bytes;
        for i in 150..190 {
            put_harvest(
                &mut doc,
                &format!("h-{i:03}"),
                &format!("A-{:02}", i % 40),
                1.5,
            );
        }
        assert_eq!(socket.sync_doc(&mut doc, &mut sync).await, Outcome::Synced);
        sent.push(socket.sent_bytes - before);

        // Fetched back by the other kind of client, it is the same month.
        let mut other = if compressed {
            TestClient::connect(server.addr, &omar.token).await.unwrap()
        } else {
            TestClient::connect_compressed(server.addr, &lea.token)
                .await
                .unwrap()
        };
        other.join().await;
        let mut copy = document(key, actor + 10);
        assert_eq!(
            other.sync_doc(&mut copy, &mut PeerSync::new()).await,
            Outcome::Synced
        );
        assert_eq!(copy.heads(), doc.heads());
        assert_eq!(record_keys(&copy).len(), 190);
        other.leave().await;
        socket.leave().await;
    }
    // The same changes cost less than half when compressed.
    assert!(
        sent[0] * 2 < sent[1],
        "compressed {} B, plain {} B",
        sent[0],
        sent[1]
    );
    server.stop().await;
}
