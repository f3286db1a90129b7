//! Issue 10, point 2: a record (or root key) that does not parse, written
//! with raw Automerge, is kept in its document, left out of the projection,
//! listed, and every other record goes on being written and synced.

use automerge::transaction::Transactable;
use automerge::{ObjType, ROOT, ReadDoc};
use carnet_core::document::{DocKey, Domain};
use carnet_core::harvests::{Destination, NewHarvest};
use carnet_core::values::{DestinationKind, Quantity, Unit};
use carnet_store::{Store, SyncSessions};

use crate::farm::{open, populate};
use crate::raw::change_stored_document;

const POISON: &str = "0190f5a0-0000-7000-8000-00000000beef";

fn harvest(store: &mut Store, kg: f64) -> NewHarvest {
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

/// Syncs every document either store holds until both are quiet.
fn sync(a: &mut Store, b: &mut Store) {
    let (mut sa, mut sb) = (SyncSessions::new(), SyncSessions::new());
    let mut keys = a.documents().unwrap();
    keys.extend(b.documents().unwrap());
    keys.sort();
    keys.dedup();
    for key in keys {
        for _ in 0..50 {
            let mut quiet = true;
            if let Some(m) = sa.generate(a, key, "b").unwrap() {
                sb.receive(b, key, "a", &m).unwrap();
                quiet = false;
            }
            if let Some(m) = sb.generate(b, key, "a").unwrap() {
                sa.receive(a, key, "b", &m).unwrap();
                quiet = false;
            }
            if quiet {
                break;
            }
        }
    }
}

fn poison_keys(store: &Store) -> Vec<String> {
    let mut keys: Vec<String> = store
        .health()
        .unwrap()
        .unreadable
        .into_iter()
        .map(|u| u.key)
        .collect();
    keys.sort();
    keys
}

#[test]
fn a_poison_record_is_kept_left_out_listed_and_everything_else_syncs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let mut a = open(&path, 1, "2026-11-23T08:00:00+01:00", "tablette A");
    let [sup, ..] = populate(&mut a);
    let input = harvest(&mut a, 3.0);
    a.record_harvest(sup, input).unwrap();
    let farm = a.farm_id().unwrap();
    drop(a);

    // Raw Automerge into the harvest month: a harvest whose bed is not an
    // id, and a root key holding a number where a record map should be.
    let november = DocKey::Month {
        farm,
        domain: Domain::Harvests,
        month: "2026-11".parse().unwrap(),
    };
    change_stored_document(&path, november, |doc| {
        let am = doc.automerge();
        let record = am.put_object(ROOT, POISON, ObjType::Map).unwrap();
        am.put(&record, "type", "harvest").unwrap();
        am.put(&record, "bed", "not a bed").unwrap();
        am.put(&record, "at", "yesterday-ish").unwrap();
        am.put(ROOT, "stray", 42_i64).unwrap();
    });

    let mut a = open(&path, 2, "2026-11-24T08:00:00+01:00", "tablette A");
    assert_eq!(poison_keys(&a), [POISON, "stray"]);
    assert_eq!(a.harvests_between(None, None).unwrap().0.len(), 1);
    // The same document still takes writes.
    let input = harvest(&mut a, 5.0);
    a.record_harvest(sup, input).unwrap();
    assert_eq!(poison_keys(&a), [POISON, "stray"], "a write keeps the list");

    // A second tablet receives everything, the poison included (kept, never
    // deleted), and leaves it out of its own projection too.
    let mut b = open(
        &dir.path().join("b.sqlite3"),
        3,
        "2026-11-24T08:00:00+01:00",
        "tablette B",
    );
    b.adopt_farm(farm).unwrap();
    sync(&mut a, &mut b);
    assert_eq!(b.harvests_between(None, None).unwrap().0.len(), 2);
    assert_eq!(poison_keys(&b), [POISON, "stray"]);
    let doc = b.document(november).unwrap().automerge();
    assert!(doc.get(ROOT, POISON).unwrap().is_some());
    assert!(doc.get(ROOT, "stray").unwrap().is_some());

    // And sync goes on after it: a harvest from B reaches A.
    let input = harvest(&mut b, 7.0);
    b.record_harvest(sup, input).unwrap();
    sync(&mut a, &mut b);
    assert_eq!(a.harvests_between(None, None).unwrap().0.len(), 3);
}
