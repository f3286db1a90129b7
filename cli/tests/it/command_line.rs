//! The command line behaves like one (issue 10, point 8): a reader that
//! goes away ends it quietly, and `status --json` says which farm and
//! device this is.

use std::process::{Command, Stdio};

use crate::{Farm, NOW};

#[test]
fn a_closed_pipe_ends_the_command_quietly_with_success() {
    let farm = Farm::planted();
    let mut child = Command::new(env!("CARGO_BIN_EXE_carnet"))
        .arg("--data")
        .arg(farm.path())
        .args(["--now", NOW, "bed", "list"])
        .env_remove("CARNET_DATA")
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader is gone before the command writes (`| head -0` at worst):
    // its write meets EPIPE.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr, "", "nothing on stderr");
    assert!(output.status.success(), "exit {:?}", output.status);
}

#[test]
fn status_json_names_the_farm_and_the_device() {
    let farm = Farm::init();
    let status = farm.json("status --offline");
    assert_eq!(status["farm"]["name"], "Jardin de la Durance");
    let id = status["farm"]["id"].as_str().unwrap();
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(status["device"]["name"], "tablette-1");
    let actor = status["device"]["actor_id"].as_str().unwrap();
    assert_eq!(actor.len(), 32, "a 16-byte actor id in hex: {actor}");
    assert_eq!(status["device"]["role"], serde_json::Value::Null);
    assert_eq!(status["server"], serde_json::Value::Null);
    assert_eq!(status["server_reachable"], serde_json::Value::Null);
    assert_eq!(status["pending_changes"], 1, "the farm's creation waits");
}
