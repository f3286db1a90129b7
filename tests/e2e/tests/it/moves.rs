//! A task moved from an old month reaches a field tablet that syncs only the
//! current and previous months (issue 10): through the real `carnet-sync`,
//! the supervisor's desk moves it, and `carnet task list` on the tablet
//! lists it on its new day.

use std::process::Command;

use carnet_core::tasks::{NewTask, TaskEdit};
use carnet_core::values::TaskKind;
use carnet_e2e::device::Device;
use carnet_e2e::server::{Server, workspace_binary};

use crate::farm::{name, set_up_farm};

fn carnet(data: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(workspace_binary("carnet", "carnet-cli"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("CARNET_NOW", "2026-11-26T10:00:00+01:00")
        .output()
        .expect("run carnet");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "carnet {args:?}: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_tablet_syncing_recent_months_lists_a_task_moved_from_an_old_month() {
    let dir = tempfile::tempdir().unwrap();
    let day: chrono::NaiveDate = "2026-11-26".parse().unwrap();
    let server = Server::start(dir.path());
    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-11-26T08:00:00+01:00");
    set_up_farm(&mut bureau, day, 1);
    let farm = bureau.store().farm_id().unwrap().to_string();
    server.create_farm("Aubes", &farm);
    bureau
        .enroll(&server.url(), &server.enroll(&farm, "bureau", "base"))
        .await
        .unwrap();
    let claire = bureau.person("Claire");
    let forgotten = bureau
        .store()
        .add_task(
            claire,
            NewTask {
                title: name("Tailler la haie"),
                kind: TaskKind::Maintenance,
                beds: vec![],
                crew: vec![],
                due: "2026-08-20".parse().unwrap(),
                duration_min: None,
            },
        )
        .unwrap();
    bureau.sync(day).await.unwrap();

    let tablet = dir.path().join("tablette");
    let token = server.enroll(&farm, "tablette", "field");
    carnet(
        &tablet,
        &["enroll", "--server", &server.url(), "--token", &token],
    );
    carnet(&tablet, &["sync"]);
    let listed = |day: &str| carnet(&tablet, &["task", "list", "--day", day, "--json"]);
    assert!(!listed("2026-11-27").contains(&forgotten.id.to_string()));

    // The supervisor moves August's task to tomorrow, on the desk.
    let edit = TaskEdit {
        due: Some("2026-11-27".parse().unwrap()),
        ..TaskEdit::default()
    };
    bureau
        .store()
        .edit_task(claire, forgotten.id, edit)
        .unwrap();
    bureau.sync(day).await.unwrap();
    carnet(&tablet, &["sync"]);
    let list: serde_json::Value = serde_json::from_str(&listed("2026-11-27")).unwrap();
    let today: Vec<&str> = list["today"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["title"].as_str())
        .collect();
    assert!(today.contains(&"Tailler la haie"), "{list}");
    // The tablet never held August: the task came with November.
    let status: serde_json::Value =
        serde_json::from_str(&carnet(&tablet, &["status", "--json"])).unwrap();
    assert_eq!(status["pending_changes"], 0, "{status}");
    // And the tablet ticks it; the desk sees it done.
    let id = forgotten.id.to_string();
    carnet(&tablet, &["task", "done", &id, "--by", "Moussa"]);
    carnet(&tablet, &["sync"]);
    bureau.sync(day).await.unwrap();
    let (key, task) = bureau.store().task(forgotten.id).unwrap();
    assert_eq!(key.month().unwrap().to_string(), "2026-11");
    assert!(!task.is_open(), "{task:?}");
}
