//! The store's cache of loaded documents is bounded (issue 10, point 9):
//! writes over more months than it holds evict the least recently used,
//! and an evicted document loses nothing: it is reloaded from its chunks.

use carnet_core::tasks::NewTask;
use carnet_core::values::TaskKind;
use chrono::{Datelike, NaiveDate};

use crate::farm::{name, open, populate};

#[test]
fn writes_over_more_months_than_the_cache_holds_keep_it_bounded_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("carnet.sqlite3");
    let mut store = open(&path, 3, "2026-11-23T08:00:00+01:00", "tablette");
    let [supervisor, lead, _] = populate(&mut store);
    store.set_document_cache(3);
    let mut ids = Vec::new();
    // Twelve months of tasks, twice over: each month's document is evicted
    // between its two writes, then written again after a reload.
    for round in 0..2 {
        for month in 1..=12 {
            let due = NaiveDate::from_ymd_opt(2027, month, 10).unwrap();
            let task = store
                .add_task(
                    supervisor,
                    NewTask {
                        title: name(&format!("Désherbage {round}-{month}")),
                        kind: TaskKind::Weeding,
                        beds: Vec::new(),
                        crew: vec![lead],
                        due,
                        duration_min: Some(30),
                    },
                )
                .unwrap();
            assert!(store.cached_documents() <= 3, "the bound holds");
            ids.push((task.id, task.due.month()));
        }
    }
    // Ticked after eviction: the change lands on the reloaded document.
    let (first, _) = ids[0];
    store.complete_task(lead, first).unwrap();
    drop(store);

    // Rebuilt from the chunks alone, every task is there.
    let mut store = open(&path, 4, "2026-11-23T09:00:00+01:00", "tablette");
    assert!(store.rebuild_projection().unwrap().is_empty());
    let tasks = store.records_of_type("task").unwrap();
    assert_eq!(tasks.len(), 24);
    let (_, done) = store.task(first).unwrap();
    assert_eq!(done.status.as_str(), "done");
}
