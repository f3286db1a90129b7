//! Crash safety: a child process records harvests and reports each one the
//! store acknowledged; it is SIGKILLed at random points, again and again.
//! Every acknowledged harvest must be in the store afterwards, exactly once.
//!
//! The child is this same test binary, re-run with `CARNET_CRASH_CHILD` set:
//! the test function then plays the writer instead of the judge.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use carnet_core::harvests::Destination;
use carnet_core::harvests::NewHarvest;
use carnet_core::ids::HarvestId;
use carnet_core::values::{DestinationKind, Quantity, Unit};
use rand::{Rng, SeedableRng};

use crate::farm::{open, populate};

const TEST_NAME: &str = "crash::killed_writers_lose_no_acknowledged_record";

/// The writer: records harvests forever, printing each acknowledged id.
fn write_until_killed(path: &std::path::Path, round: u64) -> ! {
    let mut store = open(path, 10_000 + round, "2026-11-23T08:00:00+01:00", "writer");
    let lead = store
        .catalog()
        .unwrap()
        .person_by_name("Moussa")
        .unwrap()
        .id;
    let bed = *store.catalog().unwrap().beds.keys().next().unwrap();
    let crop = *store.catalog().unwrap().crops.keys().next().unwrap();
    loop {
        let (h, _) = store
            .record_harvest(
                lead,
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
        // Printed only after the transaction committed: an acknowledgement.
        println!("ACK {}", h.id);
    }
}

#[test]
fn killed_writers_lose_no_acknowledged_record() {
    if let Ok(spec) = std::env::var("CARNET_CRASH_CHILD") {
        let (path, round) = spec.rsplit_once('|').unwrap();
        write_until_killed(std::path::Path::new(path), round.parse().unwrap());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("carnet.sqlite3");
    populate(&mut open(&path, 1, "2026-11-23T07:00:00+01:00", "setup"));

    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let mut acked: Vec<HarvestId> = Vec::new();
    for round in 0..8u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env("CARNET_CRASH_CHILD", format!("{}|{round}", path.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let want = rng.random_range(5..60);
        let mut seen = 0;
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if let Some(id) = line.strip_prefix("ACK ") {
                acked.push(id.trim().parse().unwrap());
                seen += 1;
                if seen == want {
                    break;
                }
            }
        }
        // SIGKILL mid-write: the child is in the middle of its next harvest.
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(seen, want, "the writer stopped early in round {round}");

        let store = open(&path, 20_000 + round, "2026-11-23T20:00:00+01:00", "judge");
        let (harvests, _) = store.harvests_between(None, None).unwrap();
        let stored: BTreeSet<HarvestId> = harvests.iter().map(|h| h.id).collect();
        assert_eq!(stored.len(), harvests.len(), "a harvest is listed twice");
        for id in &acked {
            assert!(
                stored.contains(id),
                "acknowledged harvest {id} lost after round {round}"
            );
        }
        // The documents agree with the projection: rebuilding it from the
        // chunks finds the same harvests.
        drop(store);
        let mut store = open(&path, 30_000 + round, "2026-11-23T20:00:00+01:00", "judge");
        assert!(store.rebuild_projection().unwrap().is_empty());
        let (rebuilt, _) = store.harvests_between(None, None).unwrap();
        assert_eq!(
            rebuilt.iter().map(|h| h.id).collect::<BTreeSet<_>>(),
            stored
        );
    }
    assert!(
        acked.len() >= 40,
        "only {} acknowledged writes",
        acked.len()
    );
}
