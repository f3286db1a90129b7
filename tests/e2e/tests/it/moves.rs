//! Records that change month, through the real `carnet-sync` (issue 10): a
//! task moved from an old month reaches a field tablet that syncs only the
//! current and previous months (`carnet task list` lists it on its new day),
//! and a harvest a tablet stamped 1970 (kept on the tablet: no server takes
//! 1970), once redated by a supervisor, reaches the desk in its right month.

use std::process::Command;

use carnet_core::catalog::Catalog;
use carnet_core::document::{Author, DocKey, Document, Domain};
use carnet_core::harvests::{self, Destination, NewHarvest};
use carnet_core::ids::{FarmId, HarvestId, PersonId};
use carnet_core::tasks::{NewTask, TaskEdit};
use carnet_core::values::{DestinationKind, Month, Quantity, TaskKind, Unit};
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

/// Writes, into a closed store file, a harvest made with the tablet's clock
/// at 1970: what versions before the clock check stored (a document of
/// January 1970), the way the store's own health tests write it.
fn store_a_1970_harvest(
    path: &std::path::Path,
    farm: FarmId,
    catalog: &Catalog,
    by: PersonId,
) -> HarvestId {
    let now = chrono::DateTime::parse_from_rfc3339("1970-01-01T00:03:00+01:00").unwrap();
    let key = DocKey::Month {
        farm,
        domain: Domain::Harvests,
        month: Month::of(now.date_naive()),
    };
    let conn = rusqlite::Connection::open(path).unwrap();
    let doc_id = key.id().to_string();
    let mut doc = Document::load(
        key,
        std::iter::empty(),
        automerge::ActorId::from(&[0xab_u8; 16][..]),
    )
    .unwrap();
    let author = Author {
        person: by,
        device: "tablette".into(),
        now,
    };
    let new = NewHarvest {
        bed: *catalog.beds.keys().next().unwrap(),
        crop: *catalog.crops.keys().next().unwrap(),
        variety: None,
        destination: Destination::Kind(DestinationKind::Canteen),
        note: carnet_core::values::parse_note("note", "").unwrap(),
        weighings: vec![(Quantity::new(2.5, Unit::Kg).unwrap(), None)],
    };
    let id = HarvestId(uuid::Uuid::from_u128(1970));
    harvests::record_harvest(&mut doc, catalog, &author, id, new).unwrap();
    let bytes = doc.take_incremental().unwrap();
    conn.execute(
        "INSERT INTO documents (doc_id, key) VALUES (?1, ?2)",
        rusqlite::params![doc_id, key.name()],
    )
    .unwrap();
    conn.execute(
        "UPDATE documents SET next_seq = 1, incremental_bytes = ?2 WHERE doc_id = ?1",
        rusqlite::params![doc_id, bytes.len() as i64],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO chunks (doc_id, seq, kind, bytes) VALUES (?1, 0, 'incremental', ?2)",
        rusqlite::params![doc_id, bytes],
    )
    .unwrap();
    // The next open rebuilds the projection from the documents.
    conn.execute("DELETE FROM meta WHERE key = 'projection_version'", [])
        .unwrap();
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_harvest_of_1970_redated_on_its_tablet_reaches_the_desk_in_its_right_month() {
    let dir = tempfile::tempdir().unwrap();
    let day: chrono::NaiveDate = "2026-11-26".parse().unwrap();
    let server = Server::start(dir.path());
    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-11-26T08:00:00+01:00");
    set_up_farm(&mut bureau, day, 1);
    let farm_id = bureau.store().farm_id().unwrap();
    let farm = farm_id.to_string();
    server.create_farm("Aubes", &farm);
    bureau
        .enroll(&server.url(), &server.enroll(&farm, "bureau", "base"))
        .await
        .unwrap();
    bureau.sync(day).await.unwrap();
    let tablet = Device::open(dir.path(), "tablette", 2, "2026-11-26T08:00:00+01:00");
    tablet
        .enroll(&server.url(), &server.enroll(&farm, "tablette", "field"))
        .await
        .unwrap();
    tablet.sync(day).await.unwrap();
    let claire = tablet.person("Claire");
    let catalog = tablet.store().catalog().unwrap().clone();
    let path = dir.path().join("tablette.sqlite3");
    drop(tablet);
    let id = store_a_1970_harvest(&path, farm_id, &catalog, claire);

    let tablet = Device::open(dir.path(), "tablette", 3, "2026-11-26T09:00:00+01:00");
    let implausible = tablet.store().health().unwrap().implausible;
    assert_eq!(
        implausible.len(),
        2,
        "the harvest and its weighing: {implausible:?}"
    );
    assert!(implausible.iter().all(|r| !r.syncable));
    tablet.sync(day).await.unwrap();
    bureau.sync(day).await.unwrap();
    assert!(
        bureau.store().harvest(id).is_err(),
        "1970 never reaches the server"
    );

    let right = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
    tablet.store().redate_harvest(claire, id, right).unwrap();
    assert!(tablet.store().health().unwrap().implausible.is_empty());
    assert_eq!(tablet.sync(day).await.unwrap().pending_after, 0);
    bureau.sync(day).await.unwrap();
    let (key, harvest, weighings) = bureau.store().harvest(id).unwrap();
    assert_eq!(key.month().unwrap().to_string(), "2026-11");
    assert_eq!(harvest.at, right);
    assert_eq!(weighings.len(), 1);
    assert!(bureau.store().health().unwrap().implausible.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_moved_two_months_ahead_reaches_the_desk_in_one_sync() {
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
    let task = bureau
        .store()
        .add_task(
            claire,
            NewTask {
                title: name("Commander les plants"),
                kind: TaskKind::Other,
                beds: vec![],
                crew: vec![],
                due: "2026-11-27".parse().unwrap(),
                duration_min: None,
            },
        )
        .unwrap();
    bureau.sync(day).await.unwrap();
    let tablet = Device::open(dir.path(), "tablette", 2, "2026-11-26T09:00:00+01:00");
    tablet
        .enroll(&server.url(), &server.enroll(&farm, "tablette", "field"))
        .await
        .unwrap();
    tablet.sync(day).await.unwrap();
    // January is out of the desk's scope (this month, the next, the past
    // two years) until the copy left in November names it.
    let edit = TaskEdit {
        due: Some("2027-01-20".parse().unwrap()),
        ..TaskEdit::default()
    };
    tablet.store().edit_task(claire, task.id, edit).unwrap();
    assert_eq!(tablet.sync(day).await.unwrap().pending_after, 0);
    bureau.sync(day).await.unwrap();
    let (key, moved) = bureau.store().task(task.id).unwrap();
    assert_eq!(key.month().unwrap().to_string(), "2027-01");
    assert_eq!(moved.due.to_string(), "2027-01-20");
    assert!(moved.is_open());
}
