//! The server across restarts and shutdowns, and the administration commands
//! on the same file while it serves.

use std::process::Command;
use std::time::Duration;

use automerge::ActorId;
use carnet_core::document::Document;
use carnet_core::sync::PeerSync;
use carnet_sync::{Role, SqliteStorage, Storage};

use crate::client::{Outcome, PATIENCE, TestClient};
use crate::harness::{Fixture, catalog, document, harvests, put_bed, put_harvest, record_keys};

#[tokio::test]
async fn a_restarted_server_keeps_documents_devices_and_sync_states() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let base = fixture.enroll(farm, "bureau", Role::Base);
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let keys = [catalog(farm), harvests(farm, "2026-11")];
    let mut docs = [document(keys[0], 1), document(keys[1], 1)];
    put_bed(&mut docs[0], "bed-1", "A-01");
    put_harvest(&mut docs[1], "h-1", "A-01", 2.5);
    let mut syncs = [PeerSync::new(), PeerSync::new()];

    let server = fixture.start().await;
    let mut socket = TestClient::joined(server.addr, &base.token).await;
    for (doc, sync) in docs.iter_mut().zip(&mut syncs) {
        assert_eq!(socket.sync_doc(doc, sync).await, Outcome::Synced);
    }
    socket.leave().await;
    server.stop().await;

    let server = fixture.start().await;
    // The supervisor reconnects cheaply: both sides kept their sync states.
    let mut socket = TestClient::joined(server.addr, &base.token).await;
    let before = socket.sent_bytes + socket.received_bytes;
    for (doc, sync) in docs.iter_mut().zip(&syncs) {
        let mut sync = PeerSync::restore(&sync.save());
        assert_eq!(socket.sync_doc(doc, &mut sync).await, Outcome::Synced);
    }
    let per_document = (socket.sent_bytes + socket.received_bytes - before) / 2;
    assert!(
        per_document < 1024,
        "{per_document} bytes per document after a restart"
    );
    // A tablet that never synced gets everything.
    let mut tablet_socket = TestClient::joined(server.addr, &tablet.token).await;
    for (key, expected) in keys.iter().zip([["bed-1"], ["h-1"]]) {
        let mut copy = document(*key, 2);
        assert_eq!(
            tablet_socket
                .sync_doc(&mut copy, &mut PeerSync::new())
                .await,
            Outcome::Synced
        );
        assert_eq!(record_keys(&copy), expected);
    }
    server.stop().await;
}

#[tokio::test]
async fn graceful_shutdown_loses_nothing_acknowledged() {
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let key = harvests(farm, "2026-11");
    let server = fixture.start().await;

    let mut doc = document(key, 1);
    let mut sync = PeerSync::new();
    let mut socket = TestClient::joined(server.addr, &tablet.token).await;
    let mut acknowledged = Vec::new();
    for i in 0..10 {
        put_harvest(&mut doc, &format!("h-{i:03}"), "A-01", f64::from(i));
        assert_eq!(socket.sync_doc(&mut doc, &mut sync).await, Outcome::Synced);
        acknowledged.push(format!("h-{i:03}"));
    }

    // The tablet keeps weighing while the server is asked to stop.
    let stopping = tokio::spawn(server.stop());
    let mut close = None;
    for i in 10..1000 {
        put_harvest(&mut doc, &format!("h-{i:03}"), "A-01", f64::from(i));
        match socket.sync_doc(&mut doc, &mut sync).await {
            Outcome::Synced => acknowledged.push(format!("h-{i:03}")),
            Outcome::Closed(frame) => {
                close = Some(frame);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    let close = close.expect("the server closed the socket");
    if let Some((code, reason)) = &close {
        assert_eq!((*code, reason.as_str()), (1001, "server shutting down"));
    }
    tokio::time::timeout(PATIENCE, stopping)
        .await
        .unwrap()
        .unwrap();
    eprintln!(
        "{} harvests acknowledged before the shutdown",
        acknowledged.len()
    );

    // Everything acknowledged is on disk.
    let stored = fixture.storage().document(key.id()).unwrap().unwrap();
    let on_disk = Document::load(
        key,
        stored.chunks.iter().map(Vec::as_slice),
        ActorId::random(),
    )
    .unwrap();
    let kept = record_keys(&on_disk);
    for record in &acknowledged {
        assert!(kept.contains(record), "{record} was acknowledged but lost");
    }
    // And a restarted server serves it.
    let server = fixture.start().await;
    let mut copy = document(key, 2);
    let mut socket = TestClient::joined(server.addr, &tablet.token).await;
    assert_eq!(
        socket.sync_doc(&mut copy, &mut PeerSync::new()).await,
        Outcome::Synced
    );
    assert!(record_keys(&copy).len() >= acknowledged.len());
    server.stop().await;
}

/// Runs the `carnet-sync` binary on the fixture's database.
fn carnet_sync(fixture: &Fixture, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_carnet-sync"))
        .arg("--db")
        .arg(&fixture.db)
        .args(args)
        .env("CARNET_SYNC_LOG", "off")
        .output()
        .unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[tokio::test]
async fn administration_commands_work_on_the_file_while_it_serves() {
    let fixture = Fixture::new();
    let server = fixture.start().await;

    // The supervisor made the farm offline in the app; its id comes along.
    let farm_id = "0195a0b1-7c2e-7d3f-8a4b-5c6d7e8f9a0b";
    let printed = stdout(&carnet_sync(
        &fixture,
        &[
            "farm",
            "create",
            "--name",
            "Jardin des Aures",
            "--id",
            farm_id,
        ],
    ));
    assert_eq!(printed.trim(), farm_id);
    assert!(stdout(&carnet_sync(&fixture, &["farm", "list"])).contains("Jardin des Aures"));
    let token = stdout(&carnet_sync(
        &fixture,
        &[
            "device",
            "enroll",
            "--farm",
            "Jardin des Aures",
            "--name",
            "tablette 1",
            "--role",
            "field",
        ],
    ));
    let token = token.trim().to_owned();
    assert!(token.starts_with("cst_") && token.len() >= 40, "{token}");
    let listed = stdout(&carnet_sync(
        &fixture,
        &["device", "list", "--farm", farm_id],
    ));
    assert!(listed.contains("tablette 1\tfield\tactive"), "{listed}");

    // Bad input: one clear line, non-zero exit.
    for (args, expected) in [
        (
            vec![
                "device",
                "enroll",
                "--farm",
                "Nulle part",
                "--name",
                "t",
                "--role",
                "field",
            ],
            "unknown farm `Nulle part`",
        ),
        (
            vec![
                "device",
                "enroll",
                "--farm",
                farm_id,
                "--name",
                "tablette 1",
                "--role",
                "base",
            ],
            "already has a device named `tablette 1`",
        ),
        (
            vec![
                "device", "enroll", "--farm", farm_id, "--name", "t2", "--role", "chef",
            ],
            "`chef` is not a role",
        ),
        (
            vec!["farm", "create", "--name", "Autre", "--id", farm_id],
            "is already registered",
        ),
    ] {
        let output = carnet_sync(&fixture, &args);
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }

    // The new tablet syncs with the running server at once...
    let farm = farm_id.parse().unwrap();
    let mut socket = TestClient::joined(server.addr, &token).await;
    let mut doc = document(harvests(farm, "2026-11"), 1);
    put_harvest(&mut doc, "h-1", "A-01", 1.0);
    assert_eq!(
        socket.sync_doc(&mut doc, &mut PeerSync::new()).await,
        Outcome::Synced
    );

    // ...a backup taken meanwhile holds its harvest...
    let backup = fixture.db.with_file_name("backup.sqlite3");
    stdout(&carnet_sync(
        &fixture,
        &["backup", "--out", backup.to_str().unwrap()],
    ));
    let copy = SqliteStorage::open(&backup).unwrap();
    assert!(
        copy.document(harvests(farm, "2026-11").id())
            .unwrap()
            .is_some()
    );
    assert_eq!(copy.devices(None).unwrap().len(), 1);
    let again = carnet_sync(&fixture, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    // ...and revoking it from the command line closes its socket.
    stdout(&carnet_sync(&fixture, &["device", "revoke", "tablette 1"]));
    let close = socket.closed_within(Duration::from_secs(1)).await;
    assert_eq!(close.map(|c| c.0), Some(1008));
    let listed = stdout(&carnet_sync(&fixture, &["device", "list"]));
    assert!(listed.contains("tablette 1\tfield\trevoked"), "{listed}");
    server.stop().await;
}

/// The server's database holds every farm's records and the token hashes:
/// readable by the server's account only, and so is a backup of it.
#[cfg(unix)]
#[test]
fn the_database_its_wal_and_its_backups_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let fixture = Fixture::new();
    let farm = fixture.farm("Ferme");
    fixture.enroll(farm, "tablette", Role::Field);
    let storage = fixture.storage();
    let backup = fixture.db.with_file_name("backup.sqlite3");
    storage.backup(&backup).unwrap();
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let wal = fixture.db.with_file_name("carnet-sync.sqlite3-wal");
    assert!(wal.exists(), "the open database has its WAL");
    for file in [&fixture.db, &wal, &backup] {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
}
