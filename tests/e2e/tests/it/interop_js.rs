//! A harvest written by the stock automerge-repo JavaScript client (npm,
//! unmodified, plain JS strings: Automerge Text) through the real
//! `carnet-sync` reaches a device, and `carnet harvest list --json` shows it
//! with its crop, bed and weighings (issue 10, point 7; docs/SCHEMA.md).
//!
//! Runs when `node` and `npm` are on PATH, and always in CI (`CI` set):
//! there a missing one fails the test instead of skipping it. Like the
//! server's interop test (`sync-server/tests/it/interop_js.rs`), it installs
//! the client with `npm ci` from `tests/interop-js/package-lock.json`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use carnet_core::document::{DocKey, Domain};
use carnet_core::harvests::{Destination, NewHarvest};
use carnet_core::values::{DestinationKind, Quantity, Unit};
use carnet_e2e::device::Device;
use carnet_e2e::server::{Server, workspace_binary};

use crate::farm::set_up_farm;

const NOW: &str = "2026-11-26T10:00:00+01:00";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !value.is_empty() && value != "false" && value != "0")
}

fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn interop_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../interop-js")
}

/// Output of `program args` in the interop folder, within `limit`; panics
/// with its output when it fails or overruns.
fn run(program: &str, args: &[&str], limit: Duration) -> String {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(interop_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let deadline = Instant::now() + limit;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{program} {args:?} took over {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().expect("output");
    assert!(
        output.status.success(),
        "{program} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

fn carnet(data: &Path, args: &[&str]) -> String {
    let out = Command::new(workspace_binary("carnet", "carnet-cli"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("CARNET_NOW", NOW)
        .output()
        .expect("run carnet");
    assert!(
        out.status.success(),
        "carnet {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_harvest_written_by_the_javascript_client_is_listed_by_the_cli() {
    let (node, npm) = (available("node"), available("npm"));
    if !(node && npm) {
        assert!(
            !in_ci(),
            "CI is set but node ({node}) or npm ({npm}) is missing: the interop test must run in CI"
        );
        eprintln!("skipping the JavaScript interop test: node or npm is not on PATH");
        return;
    }
    run(
        "npm",
        &["ci", "--no-audit", "--no-fund"],
        Duration::from_secs(300),
    );

    let dir = tempfile::tempdir().unwrap();
    let day: chrono::NaiveDate = "2026-11-26".parse().unwrap();
    let server = Server::start(dir.path());
    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-11-26T08:00:00+01:00");
    set_up_farm(&mut bureau, day, 0);
    let farm = bureau.store().farm_id().unwrap();
    server.create_farm("Aubes", &farm.to_string());
    bureau
        .enroll(
            &server.url(),
            &server.enroll(&farm.to_string(), "bureau", "base"),
        )
        .await
        .unwrap();
    // The month's harvest document exists once a first harvest is in it:
    // automerge-repo finds documents, it cannot create one of a given id.
    let (a01, tomato, claire) = {
        let mut store = bureau.store();
        let catalog = store.catalog().unwrap();
        let a01 = catalog.bed_by_code(&"A-01".parse().unwrap()).unwrap().id;
        let tomato = catalog.crop_by_name("Tomate").unwrap().id;
        let radish = catalog.crop_by_name("Radis").unwrap().id;
        let claire = catalog.person_by_name("Claire").unwrap().id;
        store
            .record_harvest(
                claire,
                NewHarvest {
                    bed: a01,
                    crop: radish,
                    variety: None,
                    destination: Destination::Kind(DestinationKind::Basket),
                    note: carnet_core::values::Note::default(),
                    weighings: vec![(Quantity::new(20.0, Unit::Bunch).unwrap(), None)],
                },
            )
            .unwrap();
        (a01, tomato, claire)
    };
    bureau.sync(day).await.unwrap();

    // The JavaScript client, holding a field device's token, writes a
    // harvest with plain JS strings into November's harvest document.
    let document = DocKey::Month {
        farm,
        domain: Domain::Harvests,
        month: "2026-11".parse().unwrap(),
    }
    .id();
    let harvest_id = "0195a0b1-0000-7000-8000-00000000c0de";
    let record = serde_json::json!({
        "type": "harvest",
        "bed": a01.to_string(),
        "crop": tomato.to_string(),
        "at": "2026-11-26T09:30:00+01:00",
        "destination": "canteen",
        "lot": "20261126-A-01-TOM",
        "note": "écrit par un script",
        "weighings": "12.5 kg;3 kg tare 0.5",
        "created_by": claire.to_string(),
        "device": "script",
    });
    let script_token = server.enroll(&farm.to_string(), "script", "field");
    let ws = format!("ws://{}/", server.addr);
    run(
        "node",
        &[
            "write-harvest.mjs",
            &ws,
            &script_token,
            &document.to_string(),
            harvest_id,
            &record.to_string(),
        ],
        Duration::from_secs(60),
    );

    // A device enrolled with the command line syncs and lists it.
    let data = dir.path().join("cli-device");
    let token = server.enroll(&farm.to_string(), "tablette-cli", "field");
    carnet(
        &data,
        &["enroll", "--server", &server.url(), "--token", &token],
    );
    carnet(&data, &["sync"]);
    let listed: serde_json::Value = serde_json::from_str(&carnet(
        &data,
        &["harvest", "list", "--month", "2026-11", "--json"],
    ))
    .expect("harvest list prints JSON");
    let harvests = listed.as_array().expect("a list");
    assert_eq!(harvests.len(), 2, "{listed:#}");
    let written = harvests
        .iter()
        .find(|h| h["id"] == harvest_id)
        .unwrap_or_else(|| panic!("the JavaScript harvest is not listed: {listed:#}"));
    assert_eq!(written["crop"], "Tomate", "{written:#}");
    assert_eq!(written["bed"], "A-01");
    assert_eq!(written["destination"], "canteen");
    assert_eq!(written["lot"], "20261126-A-01-TOM");
    assert_eq!(written["note"], "écrit par un script");
    assert_eq!(written["by"], "Claire");
    let mut weighings: Vec<_> = written["weighings"]
        .as_array()
        .expect("weighings")
        .iter()
        .map(|w| {
            (
                w["value"].as_f64().unwrap(),
                w["unit"].as_str().unwrap().to_owned(),
                w["tare_kg"].as_f64(),
            )
        })
        .collect();
    // Listed in the order of their ids, which derive from the harvest's.
    weighings.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        weighings,
        [
            (3.0, "kg".to_owned(), Some(0.5)),
            (12.5, "kg".to_owned(), None)
        ]
    );
    assert_eq!(written["total_kg"], 15.0);
}
