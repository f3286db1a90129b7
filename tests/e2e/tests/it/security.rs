//! Isolation between farms and the role gate, through the real client.

use carnet_client::ClientError;
use carnet_core::values::{BedCode, Metres};
use carnet_e2e::device::Device;
use carnet_e2e::server::Server;
use carnet_store::BedInput;

use crate::farm::{assert_converged, field_action, name, set_up_farm};

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
    tablette
        .store()
        .add_beds(
            nil,
            vec![BedInput {
                code: "Z-99".parse::<BedCode>().unwrap(),
                zone: name("Sauvage"),
                length: Metres::new("length", 5.0).unwrap(),
                width: Metres::new("width", 1.0).unwrap(),
            }],
        )
        .unwrap();
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
    let _ = assert_converged;
}
