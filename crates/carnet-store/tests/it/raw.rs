//! Writing into a store's documents behind its back, as another program (or
//! an older Carnet without today's checks) would have: load the chunks, make
//! a change with raw Automerge or a core op, append it as a chunk, and let
//! the store rebuild its projection.

use std::path::Path;

use automerge::ActorId;
use carnet_core::document::{DocKey, Document};
use rusqlite::{Connection, params};

/// Applies `change` to the stored document `key` (created when missing) and
/// appends what it wrote as a chunk. The store must be closed.
pub(crate) fn change_stored_document(path: &Path, key: DocKey, change: impl FnOnce(&mut Document)) {
    let conn = Connection::open(path).unwrap();
    let doc_id = key.id().to_string();
    let chunks: Vec<Vec<u8>> = {
        let mut stmt = conn
            .prepare("SELECT bytes FROM chunks WHERE doc_id = ?1 ORDER BY seq")
            .unwrap();
        stmt.query_map([&doc_id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let actor = ActorId::from(&[0xab_u8; 16][..]);
    let mut doc = Document::load(key, chunks.iter().map(Vec::as_slice), actor).unwrap();
    change(&mut doc);
    let bytes = doc.take_incremental().expect("the change wrote something");
    conn.execute(
        "INSERT INTO documents (doc_id, key) VALUES (?1, ?2) ON CONFLICT (doc_id) DO NOTHING",
        params![doc_id, key.name()],
    )
    .unwrap();
    let seq: i64 = conn
        .query_row(
            "UPDATE documents SET next_seq = next_seq + 1, incremental_bytes = incremental_bytes + ?2
             WHERE doc_id = ?1 RETURNING next_seq - 1",
            params![doc_id, bytes.len() as i64],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "INSERT INTO chunks (doc_id, seq, kind, bytes) VALUES (?1, ?2, 'incremental', ?3)",
        params![doc_id, seq, bytes],
    )
    .unwrap();
    // The next open rebuilds the projection from the documents, as after an
    // upgrade.
    conn.execute("DELETE FROM meta WHERE key = 'projection_version'", [])
        .unwrap();
}
