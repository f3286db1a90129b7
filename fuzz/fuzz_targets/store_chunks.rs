//! A document's stored chunks replaced by any bytes, then loaded through the
//! store's own path (`Store::document`, then the projection rebuild, then a
//! query). A damaged document must come back as a `corrupt_document` error
//! naming it, never a panic, and the other documents must still load.
#![no_main]

use carnet_core::document::{DocKey, Domain};
use carnet_fuzz::{STORE_FILE, fresh_copy, split_chunks};
use carnet_store::{Store, StoreEnv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = fresh_copy();
    let path = dir.join(STORE_FILE);
    let mut store = Store::open(&path, StoreEnv::system("fuzz")).unwrap();
    let farm = store.farm_id().unwrap();
    // The first byte picks the document: November's tasks, harvests or
    // observations, or the catalog every other document is read against.
    let key = match data.first().map_or(0, |b| b % 4) {
        0 => DocKey::Catalog { farm },
        n => DocKey::Month {
            farm,
            domain: Domain::ALL[usize::from(n - 1)],
            month: "2026-11".parse().unwrap(),
        },
    };
    let body = data.get(1..).unwrap_or_default();
    {
        // Another connection, as a damaged disk or a bad copy would leave it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        let doc_id = key.id().to_string();
        conn.execute("DELETE FROM chunks WHERE doc_id = ?1", [&doc_id])
            .unwrap();
        let chunks = split_chunks(body);
        for (seq, chunk) in chunks.iter().enumerate() {
            let kind = if seq == 0 { "snapshot" } else { "incremental" };
            conn.execute(
                "INSERT INTO chunks (doc_id, seq, kind, bytes) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![doc_id, seq as i64, kind, chunk],
            )
            .unwrap();
        }
        conn.execute(
            "UPDATE documents SET next_seq = ?2 WHERE doc_id = ?1",
            rusqlite::params![doc_id, chunks.len() as i64],
        )
        .unwrap();
    }
    if let Err(e) = store.document(key) {
        assert_eq!(e.code(), "corrupt_document", "{e}");
    }
    // Rebuilding reports what it skipped; it does not fail or panic.
    let problems = store.rebuild_projection().unwrap();
    assert!(problems.len() <= 1, "{problems:?}");
    let _ = store.tasks_between("2026-11-01".parse().unwrap(), "2026-12-31".parse().unwrap());
    let _ = store.conflicts();
});
