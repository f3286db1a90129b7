//! Issue 10: the server tells its time at each sync and a tablet whose clock
//! is off by more than ten minutes learns it; a poison record written on one
//! tablet with raw Automerge crosses the real server, is kept everywhere,
//! left out and listed, and every other record keeps syncing.

use automerge::transaction::Transactable;
use automerge::{ObjType, ROOT, ReadDoc};
use carnet_core::document::{DocKey, Domain};
use carnet_core::harvests::{Destination, NewHarvest};
use carnet_core::values::{DestinationKind, Month, Quantity, Unit};
use carnet_e2e::device::Device;
use carnet_e2e::server::Server;

use crate::farm::set_up_farm;

fn local(offset: chrono::Duration) -> String {
    (chrono::Local::now().fixed_offset() + offset).to_rfc3339()
}

fn harvest(device: &Device, kg: f64) -> NewHarvest {
    let mut store = device.store();
    let catalog = store.catalog().unwrap();
    NewHarvest {
        bed: *catalog.beds.keys().next().unwrap(),
        crop: *catalog.crops.keys().next().unwrap(),
        variety: None,
        destination: Destination::Kind(DestinationKind::Canteen),
        note: carnet_core::values::Note::default(),
        weighings: vec![(Quantity::new(kg, Unit::Kg).unwrap(), None)],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_sync_records_the_server_time_and_a_clock_off_by_30_minutes_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::Local::now().date_naive();
    let mut bureau = Device::open(dir.path(), "bureau", 1, &local(chrono::Duration::zero()));
    set_up_farm(&mut bureau, today, 2);
    let farm = bureau.store().farm_id().unwrap().to_string();
    let server = Server::start(dir.path());
    server.create_farm("Jardin des Aubes", &farm);
    let token = server.enroll(&farm, "bureau", "base");
    bureau.enroll(&server.url(), &token).await.unwrap();
    bureau.sync(today).await.unwrap();

    for (name, offset_min, wrong) in [
        ("juste", 0_i64, false),
        ("avance", 30, true),
        ("retard", -180, true),
    ] {
        let tablet = Device::open(
            dir.path(),
            name,
            10 + offset_min.unsigned_abs(),
            &local(chrono::Duration::minutes(offset_min)),
        );
        let token = server.enroll(&farm, name, "field");
        tablet.enroll(&server.url(), &token).await.unwrap();
        assert_eq!(
            tablet.store().clock_skew().unwrap(),
            None,
            "{name}: not synced yet"
        );
        tablet.sync(today).await.unwrap();
        let status = carnet_client::status(&tablet.store()).unwrap();
        let skew = status
            .health
            .clock_skew_seconds
            .expect("the server told its time");
        // The stepping clock advances a second a reading, the Date header
        // has whole seconds: a minute's slack.
        assert!((skew - offset_min * 60).abs() < 60, "{name}: skew {skew} s");
        assert_eq!(status.health.clock_wrong, wrong, "{name}: skew {skew} s");
        let json = serde_json::to_value(&status).unwrap();
        assert_eq!(
            json["clock_wrong"], wrong,
            "status --json carries it: {json}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poison_record_from_one_tablet_crosses_the_server_and_every_other_record_syncs() {
    let dir = tempfile::tempdir().unwrap();
    let today: chrono::NaiveDate = "2026-11-26".parse().unwrap();
    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-11-20T09:00:00+01:00");
    set_up_farm(&mut bureau, today, 2);
    let farm_id = bureau.store().farm_id().unwrap();
    let farm = farm_id.to_string();
    let server = Server::start(dir.path());
    server.create_farm("Jardin des Aubes", &farm);
    let token = server.enroll(&farm, "bureau", "base");
    bureau.enroll(&server.url(), &token).await.unwrap();
    bureau.sync(today).await.unwrap();
    let tablets: Vec<Device> = (1..=2)
        .map(|i| {
            Device::open(
                dir.path(),
                &format!("tablette-{i}"),
                10 + i,
                "2026-11-26T08:00:00+01:00",
            )
        })
        .collect();
    for t in &tablets {
        let token = server.enroll(&farm, &t.name, "field");
        t.enroll(&server.url(), &token).await.unwrap();
        t.sync(today).await.unwrap();
    }
    let moussa = tablets[0].person("Moussa");

    // Tablet 1: a record that does not parse, put with raw Automerge into
    // its harvest month, saved with the next ordinary write to it.
    let november = DocKey::Month {
        farm: farm_id,
        domain: Domain::Harvests,
        month: Month::of(today),
    };
    let poison = "0190f5a0-0000-7000-8000-00000000beef";
    {
        let mut store = tablets[0].store();
        let am = store.document(november).unwrap().automerge();
        let record = am.put_object(ROOT, poison, ObjType::Map).unwrap();
        am.put(&record, "type", "harvest").unwrap();
        am.put(&record, "bed", "not a bed").unwrap();
    }
    let input = harvest(&tablets[0], 3.0);
    tablets[0].store().record_harvest(moussa, input).unwrap();
    let report = tablets[0].sync(today).await.unwrap();
    assert_eq!(report.pending_after, 0, "{report:?}");

    // Tablet 2 receives it through the server: kept in the document, left
    // out of the projection, listed; the good harvest arrives.
    tablets[1].sync(today).await.unwrap();
    {
        let mut store = tablets[1].store();
        assert_eq!(store.harvests_between(None, None).unwrap().0.len(), 1);
        let unreadable = store.health().unwrap().unreadable;
        assert_eq!(unreadable.len(), 1, "{unreadable:?}");
        assert_eq!(unreadable[0].key, poison);
        let doc = store.document(november).unwrap().automerge();
        assert!(
            doc.get(ROOT, poison).unwrap().is_some(),
            "kept in the document"
        );
    }

    // Everything else goes on: tablet 2's harvest reaches tablet 1 and the
    // bureau, in the very document holding the poison.
    let input = harvest(&tablets[1], 6.0);
    tablets[1].store().record_harvest(moussa, input).unwrap();
    assert_eq!(tablets[1].sync(today).await.unwrap().pending_after, 0);
    tablets[0].sync(today).await.unwrap();
    bureau.sync(today).await.unwrap();
    for device in [&tablets[0], &bureau] {
        let store = device.store();
        assert_eq!(
            store.harvests_between(None, None).unwrap().0.len(),
            2,
            "{}",
            device.name
        );
    }
    let status = carnet_client::status(&bureau.store()).unwrap();
    assert_eq!(status.health.unreadable.len(), 1);
    assert_eq!(status.pending_changes, 0);
}
