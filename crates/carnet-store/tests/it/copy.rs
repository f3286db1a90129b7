//! A store file copied to a second tablet (or restored from a backup): the
//! copy is detected at open and takes a new actor id, so both tablets' later
//! writes sync, and nothing the copy already held is lost or doubled.
//!
//! Not here: the device token the copy also carries (SECURITY.md's
//! lost-tablet section says what to do about it).

use std::collections::BTreeMap;

use carnet_core::harvests::{Destination, NewHarvest};
use carnet_core::ids::PersonId;
use carnet_core::values::{DestinationKind, Quantity, Unit};
use carnet_store::{Store, SyncSessions};

use crate::convergence::{Device, farm_of, heads_of, pair, projection, sync_pair};
use crate::farm::open;

fn harvest(store: &mut Store, lead: PersonId, kg: f64) -> String {
    let (bed, crop) = {
        let c = store.catalog().unwrap();
        (
            *c.beds.keys().next().unwrap(),
            *c.crops.keys().next().unwrap(),
        )
    };
    let (h, _) = store
        .record_harvest(
            lead,
            NewHarvest {
                bed,
                crop,
                variety: None,
                destination: Destination::Kind(DestinationKind::Canteen),
                note: carnet_core::values::Note::default(),
                weighings: vec![(Quantity::new(kg, Unit::Kg).unwrap(), None)],
            },
        )
        .unwrap();
    h.id.to_string()
}

#[test]
fn a_store_reopened_in_place_keeps_its_actor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    let first = open(&path, 1, "2026-11-23T08:00:00+01:00", "t")
        .actor()
        .clone();
    let store = open(&path, 2, "2026-11-23T09:00:00+01:00", "t");
    assert_eq!(store.actor(), &first);
    assert_eq!(store.copied_from().unwrap(), None);
}

#[test]
fn a_copied_store_takes_a_new_actor_and_both_tablets_writes_reach_everyone_once() {
    let dir = tempfile::tempdir().unwrap();
    // tablet-0 is the base (the server's stand-in), tablet-1 the original.
    let (mut devices, [_, lead, _]) = farm_of(2, dir.path());
    let before = harvest(&mut devices[1].store, lead, 1.5);
    let original_actor = devices[1].store.actor().clone();
    let copy_path = dir.path().join("tablet-copy.sqlite3");
    // The original closes (its housekeeping checkpoints the WAL), then the
    // file is copied, as onto a second tablet or from a backup.
    let held = std::mem::replace(
        &mut devices[1].store,
        open(
            &dir.path().join("placeholder.sqlite3"),
            9,
            "2026-11-24T08:00:00+01:00",
            "x",
        ),
    );
    drop(held);
    std::fs::copy(&devices[1].path, &copy_path).unwrap();
    devices[1].store = open(
        &devices[1].path,
        11,
        "2026-11-24T08:00:00+01:00",
        "tablet-1",
    );
    assert_eq!(
        devices[1].store.actor(),
        &original_actor,
        "the original keeps its actor"
    );
    assert_eq!(devices[1].store.copied_from().unwrap(), None);

    let copy = open(&copy_path, 12, "2026-11-24T08:00:00+01:00", "tablet-copy");
    assert_ne!(
        copy.actor(),
        &original_actor,
        "the copy must not reuse the actor"
    );
    assert_eq!(
        copy.copied_from().unwrap(),
        Some(original_actor.to_hex_string())
    );
    devices.push(Device {
        name: "tablet-copy".into(),
        path: copy_path,
        store: copy,
        sessions: SyncSessions::new(),
        reopened: 0,
        index: 2,
    });
    // The copy's detection survives a reopen: it does not take yet another
    // actor each time.
    devices[2].reopen();
    let copy_actor = devices[2].store.actor().clone();
    devices[2].reopen();
    assert_eq!(devices[2].store.actor(), &copy_actor);

    // Both tablets write, each only through the base.
    let mut written = vec![before];
    for round in 0..3 {
        written.push(harvest(&mut devices[1].store, lead, 2.0 + f64::from(round)));
        written.push(harvest(&mut devices[2].store, lead, 3.0 + f64::from(round)));
        for i in [1, 2, 1] {
            let (a, b) = pair(&mut devices, 0, i);
            sync_pair(a, b, None);
        }
    }
    let reference = projection(&devices[0].store);
    for d in &devices[1..] {
        assert_eq!(
            projection(&d.store),
            reference,
            "records differ on {}",
            d.name
        );
    }
    let reference_heads = heads_of(&mut devices[0].store);
    for d in &mut devices[1..] {
        assert_eq!(
            heads_of(&mut d.store),
            reference_heads,
            "heads differ on {}",
            d.name
        );
    }
    let harvests: BTreeMap<String, usize> = devices[0]
        .store
        .records_of_type("harvest")
        .unwrap()
        .iter()
        .fold(BTreeMap::new(), |mut m, r| {
            *m.entry(r.id().to_string()).or_default() += 1;
            m
        });
    for id in &written {
        assert_eq!(
            harvests.get(id),
            Some(&1),
            "harvest {id} not there exactly once"
        );
    }
    assert_eq!(harvests.len(), written.len());
}
