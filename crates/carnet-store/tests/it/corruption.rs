//! Corrupt chunks: a clear error naming the document, the other documents
//! still open and write, and nothing is overwritten.

use carnet_core::document::{DocKey, Domain};
use carnet_core::tasks::NewTask;
use carnet_core::values::TaskKind;
use carnet_store::StoreError;
use rusqlite::Connection;

use crate::farm::{name, open, populate};

fn chunks_of(path: &std::path::Path, doc: &str) -> Vec<Vec<u8>> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT bytes FROM chunks WHERE doc_id = ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([doc], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn task(title: &str, due: &str) -> NewTask {
    NewTask {
        title: name(title),
        kind: TaskKind::Weeding,
        beds: vec![],
        crew: vec![],
        due: due.parse().unwrap(),
        duration_min: None,
    }
}

#[test]
fn truncated_and_garbage_chunks_name_their_document_and_spare_the_others() {
    for damage in ["truncate", "garbage"] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("carnet.sqlite3");
        let mut store = open(&path, 1, "2026-11-23T08:00:00+01:00", "t");
        let [sup, ..] = populate(&mut store);
        store.add_task(sup, task("novembre", "2026-11-25")).unwrap();
        store.add_task(sup, task("décembre", "2026-12-02")).unwrap();
        let farm = store.farm_id().unwrap();
        drop(store);

        let november = DocKey::Month {
            farm,
            domain: Domain::Tasks,
            month: "2026-11".parse().unwrap(),
        }
        .id()
        .to_string();
        {
            let conn = Connection::open(&path).unwrap();
            let sql = match damage {
                "truncate" => {
                    "UPDATE chunks SET bytes = substr(bytes, 1, length(bytes) / 2) WHERE doc_id = ?1"
                }
                _ => "UPDATE chunks SET bytes = X'856f4a83deadbeef00112233' WHERE doc_id = ?1",
            };
            conn.execute(sql, [&november]).unwrap();
        }
        let damaged = chunks_of(&path, &november);

        let mut store = open(&path, 2, "2026-11-23T09:00:00+01:00", "t");
        // Writing into the damaged month fails, naming it.
        let err = store
            .add_task(sup, task("encore novembre", "2026-11-26"))
            .unwrap_err();
        assert_eq!(err.code(), "corrupt_document", "{damage}: {err}");
        assert!(err.to_string().contains(&november), "{damage}: {err}");
        assert!(matches!(
            err,
            StoreError::Core(carnet_core::Error::CorruptDocument { .. })
        ));
        // The other documents still open and take writes.
        store
            .add_task(sup, task("encore décembre", "2026-12-03"))
            .unwrap();
        store
            .add_outlet(
                sup,
                name("Cantine"),
                carnet_core::values::DestinationKind::Canteen,
            )
            .unwrap();
        // Rebuilding the projection reports the damaged document and keeps
        // the rest.
        let problems = store.rebuild_projection().unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].to_string().contains(&november));
        let december = store
            .tasks_between("2026-12-01".parse().unwrap(), "2026-12-31".parse().unwrap())
            .unwrap();
        assert_eq!(december.len(), 2);
        drop(store);
        // Nothing overwrote the damaged bytes: a repair can still start from them.
        assert_eq!(chunks_of(&path, &november), damaged, "{damage}");
    }
}

#[test]
fn a_file_that_is_not_a_store_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("carnet.sqlite3");
    std::fs::write(
        &path,
        b"this is a spreadsheet, not a database, and it is long enough",
    )
    .unwrap();
    let err = carnet_store::Store::open(&path, carnet_store::StoreEnv::system("t")).unwrap_err();
    assert_eq!(err.code(), "not_a_store", "{err}");
    assert!(err.to_string().contains("carnet.sqlite3"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"this is a spreadsheet, not a database, and it is long enough"
    );
}

#[test]
fn a_store_of_schema_one_gains_the_outbox_and_keeps_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("carnet.sqlite3");
    let mut store = open(&path, 1, "2026-11-23T08:00:00+01:00", "t");
    let [sup, ..] = populate(&mut store);
    store.add_task(sup, task("avant", "2026-11-25")).unwrap();
    drop(store);
    // What a store written before the outbox existed looks like: no outbox,
    // and each document's key as serde's JSON of `DocKey`, as until 0.1.0.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP TABLE outbox;
             ALTER TABLE documents RENAME COLUMN key TO key_json;
             UPDATE documents SET key_json = CASE
               WHEN key_json LIKE '%/catalog'
                 THEN json_object('Catalog', json_object('farm', substr(key_json, 8, 36)))
               ELSE json_object('Month', json_object(
                 'farm', substr(key_json, 8, 36),
                 'domain', substr(key_json, 45, length(key_json) - 52),
                 'month', substr(key_json, -7)))
             END;
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let mut store = open(&path, 2, "2026-11-23T09:00:00+01:00", "t");
    assert_eq!(
        store
            .tasks_between("2026-11-25".parse().unwrap(), "2026-11-25".parse().unwrap())
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.pending_changes().unwrap(), 0);
    store.add_task(sup, task("après", "2026-11-26")).unwrap();
    assert_eq!(store.pending_changes().unwrap(), 1);
}
