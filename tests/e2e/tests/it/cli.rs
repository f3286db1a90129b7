//! The `carnet` command line as a second device: enroll with a token, sync,
//! see the status go from "waiting" to "safe to switch off", and a clear
//! error when the server is gone.

use std::process::Command;

use carnet_e2e::device::Device;
use carnet_e2e::server::{Server, workspace_binary};

use crate::farm::set_up_farm;

fn carnet(data: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(workspace_binary("carnet", "carnet-cli"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("CARNET_NOW", "2026-11-26T10:00:00+01:00")
        .output()
        .expect("run carnet");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_harvest_logged_on_the_cli_reaches_the_base_and_the_status_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let day: chrono::NaiveDate = "2026-11-26".parse().unwrap();
    let mut server = Server::start(dir.path());
    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-11-26T08:00:00+01:00");
    set_up_farm(&mut bureau, day, 3);
    let farm = bureau.store().farm_id().unwrap().to_string();
    server.create_farm("Aubes", &farm);
    bureau
        .enroll(&server.url(), &server.enroll(&farm, "bureau", "base"))
        .await
        .unwrap();
    bureau.sync(day).await.unwrap();

    let data = dir.path().join("cli-device");
    let token = server.enroll(&farm, "tablette-cli", "field");
    let (ok, out, err) = carnet(
        &data,
        &["enroll", "--server", &server.url(), "--token", &token],
    );
    assert!(ok, "{err}");
    assert!(out.contains("enrolled as tablette-cli (field)"), "{out}");
    let (ok, _, err) = carnet(&data, &["sync"]);
    assert!(ok, "{err}");
    let (ok, _, err) = carnet(
        &data,
        &[
            "harvest", "add", "--bed", "A-01", "--crop", "Tomate", "--weigh", "12kg", "--weigh",
            "3.5kg", "--by", "Moussa",
        ],
    );
    assert!(ok, "{err}");
    let (_, status, _) = carnet(&data, &["status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["pending_changes"], 1, "{status}");
    assert_eq!(status["safe_to_switch_off"], false);
    assert_eq!(status["server_reachable"], true);
    assert_eq!(status["farm"]["id"], farm.as_str(), "{status}");
    assert_eq!(status["device"]["name"], "tablette-cli", "{status}");
    assert_eq!(status["device"]["role"], "field", "{status}");

    let (ok, out, err) = carnet(&data, &["sync"]);
    assert!(ok, "{err}");
    assert!(out.contains("safe to switch off"), "{out}");
    bureau.sync(day).await.unwrap();
    let (harvests, weighings) = bureau.store().harvests_between(None, None).unwrap();
    assert_eq!(harvests.len(), 1);
    assert_eq!(
        weighings.iter().map(|w| w.quantity.value()).sum::<f64>(),
        15.5
    );
    assert_eq!(harvests[0].created.device, "tablette-cli");

    // The server goes away: one clear line, a non-zero exit, nothing lost.
    server.kill();
    let (ok, _, err) = carnet(&data, &["sync"]);
    assert!(!ok);
    assert!(
        err.starts_with("error: server http://127.0.0.1:") && err.contains("unreachable"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let (_, status, _) = carnet(&data, &["status", "--json"]);
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["server_reachable"], false);
    assert!(
        status["last_error"]
            .as_str()
            .unwrap()
            .contains("unreachable"),
        "{status}"
    );
    // A wrong token is refused clearly.
    server.restart();
    let (ok, _, err) = carnet(
        &dir.path().join("other"),
        &["enroll", "--server", &server.url(), "--token", "cst_wrong"],
    );
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "error: server refused this device: the token is unknown or revoked"
    );
}
