//! The JavaScript automerge-repo client (npm, unmodified) fetches a farm
//! document from the server (docs/DESIGN.md §7).
//!
//! Runs when `node` is on PATH, and always in CI (`CI` set): there a missing
//! node or npm fails the test instead of skipping it.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use carnet_core::sync::PeerSync;
use carnet_sync::Role;
use tokio::process::Command;

use crate::client::{Outcome, TestClient};
use crate::harness::{Fixture, document, harvests, put_harvest};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !value.is_empty() && value != "false" && value != "0")
}

async fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .await
        .is_ok_and(|status| status.success())
}

fn interop_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/interop-js")
}

/// Output of `program args` in `dir`, within `limit`; panics with its stderr on failure.
async fn run(program: &str, args: &[&str], limit: Duration) -> String {
    let child = Command::new(program)
        .args(args)
        .current_dir(interop_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let output = tokio::time::timeout(limit, child.wait_with_output())
        .await
        .unwrap_or_else(|_| panic!("{program} {args:?} took over {limit:?}"))
        .unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test]
async fn the_automerge_repo_javascript_client_fetches_a_farm_document() {
    let (node, npm) = (available("node").await, available("npm").await);
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
    )
    .await;

    let fixture = Fixture::new();
    let farm = fixture.farm("Jardin des Aures");
    let tablet = fixture.enroll(farm, "tablette", Role::Field);
    let reader = fixture.enroll(farm, "script", Role::Viewer);
    let server = fixture.start().await;
    let key = harvests(farm, "2026-11");
    let mut doc = document(key, 1);
    put_harvest(
        &mut doc,
        "0195a0b1-0000-7000-8000-000000000001",
        "A-07",
        4.25,
    );
    put_harvest(
        &mut doc,
        "0195a0b1-0000-7000-8000-000000000002",
        "B-03",
        1.5,
    );
    let mut socket = TestClient::joined(server.addr, &tablet.token).await;
    assert_eq!(
        socket.sync_doc(&mut doc, &mut PeerSync::new()).await,
        Outcome::Synced
    );

    let printed = run(
        "node",
        &[
            "fetch.mjs",
            &server.url(),
            &reader.token,
            &key.id().to_string(),
        ],
        Duration::from_secs(60),
    )
    .await;
    let json: serde_json::Value = serde_json::from_str(printed.trim())
        .unwrap_or_else(|e| panic!("fetch.mjs printed no JSON ({e}): {printed}"));
    let first = &json["0195a0b1-0000-7000-8000-000000000001"];
    assert_eq!(first["type"], "harvest", "{json}");
    assert_eq!(first["bed"], "A-07");
    assert_eq!(first["kg"], 4.25);
    assert_eq!(json["0195a0b1-0000-7000-8000-000000000002"]["bed"], "B-03");
    server.stop().await;
}
