//! Compaction and checkpoints are kept off the write path: writes leave
//! incremental chunks, `housekeeping` (the app's idle moment, the store's
//! drop) turns them into one snapshot, and nothing is lost on the way.

use std::path::Path;

use carnet_core::harvests::Destination;
use carnet_core::harvests::NewHarvest;
use carnet_core::values::{DestinationKind, Quantity, Unit};

use crate::farm::{open, populate};

/// (chunks, snapshot bytes, incremental bytes) of the document holding
/// `record`, read through a second connection as another process would.
fn chunks_of(path: &Path, record: &str) -> (i64, i64, i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT (SELECT count(*) FROM chunks c WHERE c.doc_id = d.doc_id),
                d.snapshot_bytes, d.incremental_bytes
         FROM documents d JOIN records r ON r.doc_id = d.doc_id WHERE r.id = ?1",
        [record],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn writes_leave_compaction_to_housekeeping_which_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite3");
    let mut store = open(&path, 11, "2026-11-23T08:00:00+01:00", "tablette 1");
    let [_, lead, _] = populate(&mut store);
    let bed = *store.catalog().unwrap().beds.keys().next().unwrap();
    let tomato = store.catalog().unwrap().crop_by_name("Tomate").unwrap().id;
    let mut first = None;
    let mut harvests = 0;
    // Enough writes for the incremental chunks to outgrow the snapshot
    // (what used to compact inside a write), not four times over.
    loop {
        let (h, _) = store
            .record_harvest(
                lead,
                NewHarvest {
                    bed,
                    crop: tomato,
                    variety: None,
                    destination: Destination::Kind(DestinationKind::Canteen),
                    note: carnet_core::values::Note::default(),
                    weighings: vec![(Quantity::new(2.5, Unit::Kg).unwrap(), None)],
                },
            )
            .unwrap();
        harvests += 1;
        let id = first.get_or_insert(h.id.to_string()).clone();
        let (_, snapshot, incremental) = chunks_of(&path, &id);
        if incremental > snapshot.max(4096) {
            break;
        }
        assert!(harvests < 500, "the chunks never outgrew the snapshot");
    }
    let first = first.unwrap();
    let (chunks, _, _) = chunks_of(&path, &first);
    assert!(
        chunks > harvests / 2,
        "{chunks} chunks for {harvests} writes"
    );

    let done = store.housekeeping().unwrap();
    assert!(done.compacted >= 1, "{done:?}");
    assert!(done.skipped.is_empty(), "{done:?}");
    assert_eq!(chunks_of(&path, &first), (1, chunks_of(&path, &first).1, 0));
    let (listed, weighings) = store.harvests_between(None, None).unwrap();
    assert_eq!(
        (listed.len(), weighings.len()),
        (harvests as usize, harvests as usize)
    );

    // Nothing left to do: a second run compacts nothing.
    assert_eq!(store.housekeeping().unwrap().compacted, 0);

    // One more write, then the store is dropped (the CLI's exit): reopened,
    // every harvest is there, from the documents as well as the projection.
    store
        .add_weighing(
            lead,
            listed[0].id,
            Quantity::new(1.0, Unit::Kg).unwrap(),
            None,
        )
        .unwrap();
    drop(store);
    let mut store = open(&path, 12, "2026-11-23T09:00:00+01:00", "tablette 1");
    let problems = store.rebuild_projection().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let (listed, weighings) = store.harvests_between(None, None).unwrap();
    assert_eq!(
        (listed.len(), weighings.len()),
        (harvests as usize, harvests as usize + 1)
    );
}
