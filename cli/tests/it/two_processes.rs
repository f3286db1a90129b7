//! One store, one process (issue 10, point 3), replayed with real
//! processes: a long-running device process (as the app is) holds the
//! store and writes; `carnet` run meanwhile on the same folder is refused
//! with a message naming the holder and writes nothing; once the holder has
//! quit, every harvest it acknowledged is in the documents, not only in the
//! projection.
//!
//! The long-running process is this test binary, re-run with
//! `CARNET_HOLDER_CHILD` set (as carnet-store's crash test does): it opens
//! the store through `carnet-store`, writes 5 harvests, waits for a line on
//! stdin, writes 26 more and quits.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use carnet_core::harvests::{Destination, NewHarvest};
use carnet_core::record::Record;
use carnet_core::values::{DestinationKind, Quantity, Unit};
use carnet_store::{Store, StoreEnv, stepping_clock};

use crate::{Farm, NOW};

const TEST_NAME: &str =
    "two_processes::a_second_process_is_refused_and_nothing_acknowledged_is_lost";

fn open(path: &std::path::Path, seed: u64) -> Store {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    Store::open(
        path,
        StoreEnv::seeded(seed, stepping_clock(now, 1000), "app"),
    )
    .unwrap()
}

/// The long-running process: prints `ACK id` after each committed harvest,
/// `READY` after the first five.
fn hold_and_write(path: &std::path::Path) -> ! {
    let mut store = open(path, 99);
    let catalog = store.catalog().unwrap().clone();
    let by = catalog.person_by_name("Awa").unwrap().id;
    let bed = *catalog.beds.keys().next().unwrap();
    let crop = *catalog.crops.keys().next().unwrap();
    let write = |store: &mut Store| {
        let (h, _) = store
            .record_harvest(
                by,
                NewHarvest {
                    bed,
                    crop,
                    variety: None,
                    destination: Destination::Kind(DestinationKind::Canteen),
                    note: carnet_core::values::Note::default(),
                    weighings: vec![(Quantity::new(2.5, Unit::Kg).unwrap(), None)],
                },
            )
            .unwrap();
        println!("ACK {}", h.id);
    };
    for _ in 0..5 {
        write(&mut store);
    }
    println!("READY");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
    for _ in 0..26 {
        write(&mut store);
    }
    drop(store);
    std::process::exit(0);
}

#[test]
fn a_second_process_is_refused_and_nothing_acknowledged_is_lost() {
    if let Ok(path) = std::env::var("CARNET_HOLDER_CHILD") {
        hold_and_write(std::path::Path::new(&path));
    }
    let farm = Farm::planted();
    let store_path = farm.path().join("carnet.sqlite3");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env("CARNET_HOLDER_CHILD", &store_path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acked = Vec::new();
    // libtest may print its own words before the child's first line
    // (`test … ACK id`), so the markers are looked for anywhere.
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some((_, id)) = line.split_once("ACK ") {
            acked.push(id.trim().to_owned());
        } else if line.trim_end().ends_with("READY") {
            break;
        }
    }
    assert_eq!(acked.len(), 5, "the holder acknowledged its first five");

    // The supervisor's 30 harvests while the app holds the store.
    let pid = format!("(pid {})", child.id());
    for _ in 0..30 {
        let line = farm.fails("harvest add --bed A-07 --crop Radis --weigh 3 --by Awa");
        assert!(line.contains("is in use by"), "{line}");
        assert!(line.contains(&pid), "the holder is named: {line}");
    }
    let refused = farm.run("harvest list");
    assert!(!refused.ok, "reads are refused too while the holder runs");

    writeln!(child.stdin.take().unwrap(), "go").unwrap();
    for line in lines {
        if let Some((_, id)) = line.unwrap().split_once("ACK ") {
            acked.push(id.trim().to_owned());
        }
    }
    assert!(child.wait().unwrap().success());
    assert_eq!(acked.len(), 31);

    // The projection lists them all, and so do the documents themselves:
    // rebuilt from the chunks, the projection still holds every one.
    let listed = farm.json("harvest list");
    let mut listed: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect();
    listed.sort();
    acked.sort();
    assert_eq!(
        listed, acked,
        "no refused write slipped in, none is missing"
    );
    let mut store = open(&store_path, 5);
    assert!(store.rebuild_projection().unwrap().is_empty());
    let mut from_documents: Vec<String> = store
        .records_of_type("harvest")
        .unwrap()
        .iter()
        .map(|r: &Record| r.id().to_string())
        .collect();
    from_documents.sort();
    assert_eq!(from_documents, acked);
}
