//! The app's commands through Tauri's IPC, on a mock runtime (no window):
//! what the interface sends goes through the same parsing, state and error
//! mapping as in the real app.

use std::time::Instant;

use carnet_app::config::Config;
use carnet_app::ipc::{CommandError, ErrorCode, Person};
use carnet_app::state::AppState;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    fn new() -> TestApp {
        TestApp::in_dir(tempfile::tempdir().unwrap())
    }

    fn config(dir: &std::path::Path) -> Config {
        Config {
            data_dir: dir.to_owned(),
            now: Some("2026-11-23T09:00:00+01:00".parse().unwrap()),
            launch_timing: None,
            exit_when_ready: false,
            person: None,
        }
    }

    fn in_dir(dir: tempfile::TempDir) -> TestApp {
        let config = TestApp::config(dir.path());
        let state = AppState::open(config, Instant::now()).unwrap();
        let app = mock_builder()
            .invoke_handler(carnet_app::handlers())
            .build(mock_context(noop_assets()))
            .unwrap();
        carnet_app::setup(app.handle(), state);
        // On Linux the mock webview must claim tauri://localhost, or the
        // command is refused as coming from a remote origin.
        let window = WebviewWindowBuilder::new(
            &app,
            "main",
            tauri::WebviewUrl::CustomProtocol("tauri://localhost".parse().unwrap()),
        )
        .build()
        .unwrap();
        TestApp {
            _app: app,
            window,
            _dir: dir,
        }
    }

    fn with_demo() -> TestApp {
        let app = TestApp::new();
        app.call::<Value>("load_demo", json!({})).unwrap();
        app
    }

    fn call<T: DeserializeOwned>(&self, cmd: &str, args: Value) -> Result<T, CommandError> {
        let response = get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        );
        match response {
            Ok(body) => Ok(body.deserialize::<T>().unwrap()),
            Err(e) => Err(serde_json::from_value(e.clone())
                .unwrap_or_else(|_| panic!("not a CommandError: {e}"))),
        }
    }

    fn person(&self, name: &str) -> Person {
        let people: Vec<Value> = self.call("list_people", json!({})).unwrap();
        let id = people.iter().find(|p| p["name"] == name).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let pin = (name == "Claire").then_some("1234");
        let p: Value = self
            .call("switch_person", json!({"person": id, "pin": pin}))
            .unwrap();
        serde_json::from_value::<PersonShape>(p).unwrap().into()
    }
}

/// `Person` only serializes; read back what the tests need.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersonShape {
    id: String,
    name: String,
    lang: String,
}

impl From<PersonShape> for Person {
    fn from(p: PersonShape) -> Person {
        Person {
            id: p.id,
            name: p.name,
            role: carnet_app::ipc::Role::Worker,
            lang: if p.lang == "en" {
                carnet_app::ipc::Lang::En
            } else {
                carnet_app::ipc::Lang::Fr
            },
            has_pin: false,
        }
    }
}

#[test]
fn first_run_creates_a_farm_whose_supervisor_then_holds_the_tablet() {
    let app = TestApp::new();
    let setup: Value = app.call("get_setup", json!({})).unwrap();
    assert_eq!(
        (setup["hasFarm"].as_bool(), setup["today"].as_str()),
        (Some(false), Some("2026-11-23"))
    );
    let person: Value = app
        .call(
            "create_farm",
            json!({"farmName": "Jardin des Aubes", "supervisor": "Claire", "pin": "1234"}),
        )
        .unwrap();
    assert_eq!(person["role"], "supervisor");
    let current: Value = app.call("current_person", json!({})).unwrap();
    assert_eq!(current["name"], "Claire");
    let day: Value = app.call("day_tasks", json!({"day": null})).unwrap();
    assert_eq!(day["today"].as_array().map(Vec::len), Some(0));
}

#[test]
fn a_write_before_anyone_holds_the_tablet_is_refused_with_no_person() {
    let app = TestApp::with_demo();
    let err = app
        .call::<Value>("day_tasks", json!({"day": null}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NoPerson);
}

#[test]
fn wrong_pin_is_refused_and_switching_person_writes_nothing() {
    let app = TestApp::with_demo();
    let before: SyncStateShape = app.call("sync_status", json!({})).unwrap();
    let people: Vec<Value> = app.call("list_people", json!({})).unwrap();
    let claire = people.iter().find(|p| p["name"] == "Claire").unwrap()["id"].clone();
    let err = app
        .call::<Value>("switch_person", json!({"person": claire, "pin": "0000"}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPin);
    app.person("Claire");
    app.person("Awa");
    let after: SyncStateShape = app.call("sync_status", json!({})).unwrap();
    assert_eq!(before.pending, after.pending);
    assert_eq!(after.badge, "waiting");
}

#[derive(serde::Deserialize)]
struct SyncStateShape {
    badge: String,
    pending: i64,
}

#[test]
fn a_worker_ticks_a_task_undoes_it_and_abandons_another() {
    let app = TestApp::with_demo();
    app.person("Karim");
    let day: Value = app.call("day_tasks", json!({"day": null})).unwrap();
    let todo: Vec<&Value> = day["today"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "todo")
        .collect();
    assert!(!todo.is_empty());
    let id = todo[0]["id"].clone();
    let done: Value = app.call("complete_task", json!({"id": id})).unwrap();
    assert_eq!(
        (done["status"].as_str(), done["statusBy"].as_str()),
        (Some("done"), Some("Karim"))
    );
    let again: Value = app.call("reopen_task", json!({"id": id})).unwrap();
    assert_eq!(again["status"], "todo");
    let gone: Value = app
        .call(
            "abandon_task",
            json!({"id": id, "reason": "weather", "note": "orage"}),
        )
        .unwrap();
    assert_eq!(
        (
            gone["status"].as_str(),
            gone["abandonReason"].as_str(),
            gone["abandonNote"].as_str()
        ),
        (Some("abandoned"), Some("weather"), Some("orage"))
    );
}

#[test]
fn a_harvest_of_three_weighings_adds_up_in_the_day_totals() {
    let app = TestApp::with_demo();
    app.person("Moussa");
    let catalog: Value = app.call("get_catalog", json!({})).unwrap();
    let bed = catalog["beds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["code"] == "A-01")
        .unwrap()["id"]
        .clone();
    let crop = catalog["crops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Tomate")
        .unwrap()["id"]
        .clone();
    let recorded: Value = app
        .call(
            "record_harvest",
            json!({"bedId": bed, "cropId": crop, "destination": "canteen", "note": "", "weighings": [
                {"value": 12.5, "unit": "kg", "tareKg": null},
                {"value": 8.0, "unit": "kg", "tareKg": null},
                {"value": 3.5, "unit": "kg", "tareKg": 0.5}
            ]}),
        )
        .unwrap();
    assert_eq!(recorded["lot"], "20261123-A-01-TOM");
    let totals: Vec<Value> = app
        .call("day_harvest_totals", json!({"day": null}))
        .unwrap();
    let tomato = totals.iter().find(|r| r["key"] == "Tomate").unwrap();
    assert_eq!(tomato["kg"].as_f64(), Some(23.5));
    let states: Vec<Value> = app.call("bed_states", json!({})).unwrap();
    assert!(
        states
            .iter()
            .any(|s| s["bedId"] == bed && s["cropId"] == crop)
    );
}

#[test]
fn a_weighing_of_nothing_is_refused_as_invalid() {
    let app = TestApp::with_demo();
    app.person("Moussa");
    let catalog: Value = app.call("get_catalog", json!({})).unwrap();
    let bed = catalog["beds"][0]["id"].clone();
    let crop = catalog["crops"][0]["id"].clone();
    let err = app
        .call::<Value>(
            "record_harvest",
            json!({"bedId": bed, "cropId": crop, "destination": "canteen", "note": "",
                   "weighings": [{"value": 0.0, "unit": "kg", "tareKg": null}]}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert!(err.message.starts_with("quantity:"), "{}", err.message);
}

#[test]
fn a_person_keeps_their_language_choice_on_this_device() {
    let app = TestApp::with_demo();
    let awa = app.person("Awa");
    assert_eq!(awa.lang, carnet_app::ipc::Lang::En);
    app.call::<Value>("set_language", json!({"lang": "fr"}))
        .unwrap();
    app.person("Karim");
    let again = app.person("Awa");
    assert_eq!(again.lang, carnet_app::ipc::Lang::Fr);
}

#[test]
fn an_observation_shows_in_the_bed_history() {
    let app = TestApp::with_demo();
    app.person("Inès");
    let catalog: Value = app.call("get_catalog", json!({})).unwrap();
    let bed = catalog["beds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["code"] == "B-03")
        .unwrap()["id"]
        .clone();
    app.call::<String>(
        "record_observation",
        json!({"bedIds": [bed], "kind": "pest", "severity": 2, "note": "Doryphores", "tags": ["à surveiller"]}),
    )
    .unwrap();
    let history: Vec<Value> = app.call("bed_history", json!({"bed": bed})).unwrap();
    // Codes and the typed note, no sentence: the bed page says it.
    assert!(history.iter().any(|h| h["line"]
        == json!({"what": "observation", "kind": "pest", "severity": 2, "note": "Doryphores"})));
}

#[test]
fn the_supervisor_plans_a_recurring_task_that_shows_today() {
    let app = TestApp::with_demo();
    app.person("Claire");
    app.call::<Value>(
        "add_task",
        json!({"title": "Ouvrir la serre", "kind": "maintenance", "bedIds": [], "crew": [],
               "due": "2026-11-23", "durationMin": 10, "recurrence": "daily", "until": null}),
    )
    .unwrap();
    let day: Value = app.call("day_tasks", json!({"day": null})).unwrap();
    let today = day["today"].as_array().unwrap();
    assert!(
        today
            .iter()
            .any(|t| t["title"] == "Ouvrir la serre" && t["recurring"] == true)
    );
    let rows: Vec<Value> = app
        .call(
            "harvest_report",
            json!({"group": "crop", "from": null, "to": null}),
        )
        .unwrap();
    assert!(rows.len() > 5);
    let conflicts: Vec<Value> = app.call("list_conflicts", json!({})).unwrap();
    assert!(conflicts.is_empty());
}

#[test]
fn a_workers_session_cannot_add_a_task_through_the_ipc() {
    let app = TestApp::with_demo();
    app.person("Karim");
    let before: Value = app.call("day_tasks", json!({"day": null})).unwrap();
    let err = app
        .call::<Value>(
            "add_task",
            json!({"title": "Tailler la haie", "kind": "maintenance", "bedIds": [], "crew": [],
                   "due": "2026-11-23", "durationMin": null, "recurrence": null, "until": null}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::PersonForbids);
    let after: Value = app.call("day_tasks", json!({"day": null})).unwrap();
    assert_eq!(before, after);
    let permissions: Value = app.call("permissions", json!({})).unwrap();
    assert_eq!(
        permissions,
        json!({"deviceRole": "base", "allowed": ["tick_task", "abandon_task", "observe"]})
    );
}

fn id_of(list: &Value, field: &str, name: &str) -> String {
    list.as_array()
        .unwrap()
        .iter()
        .find(|x| x[field] == name)
        .unwrap_or_else(|| panic!("{name} not in {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn the_app_starts_while_the_cli_holds_the_store_and_opens_it_on_retry() {
    let dir = tempfile::tempdir().unwrap();
    let path = TestApp::config(dir.path()).store_path();
    let cli = carnet_store::Store::open(&path, carnet_store::StoreEnv::system("cli")).unwrap();
    let app = TestApp::in_dir(dir);
    let err = app.call::<Value>("get_setup", json!({})).unwrap_err();
    assert_eq!(err.code, ErrorCode::StoreInUse);
    assert_eq!(err.params.pid, Some(std::process::id()), "{err:?}");
    assert!(err.params.holder.is_some(), "{err:?}");
    // Every command says the same until the store is free.
    let err = app.call::<Value>("get_catalog", json!({})).unwrap_err();
    assert_eq!(err.code, ErrorCode::StoreInUse);
    let err = app.call::<Value>("open_store", json!({})).unwrap_err();
    assert_eq!(err.code, ErrorCode::StoreInUse);
    drop(cli);
    let setup: Value = app.call("open_store", json!({})).unwrap();
    assert_eq!(setup["hasFarm"], false);
    app.call::<Value>("load_demo", json!({})).unwrap();
    let people: Vec<Value> = app.call("list_people", json!({})).unwrap();
    assert!(!people.is_empty());
}

#[test]
fn arguments_of_the_wrong_shape_are_refused_as_bad_arguments() {
    let app = TestApp::with_demo();
    app.person("Karim");
    let err = app
        .call::<Value>("complete_task", json!({"task": "x"}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::BadArguments);
}

#[test]
fn a_supervisor_moves_a_task_to_next_month_and_it_lists_on_its_new_day() {
    let app = TestApp::with_demo();
    app.person("Claire");
    app.call::<Value>(
        "add_task",
        json!({"title": "Semer la mâche", "kind": "sowing", "bedIds": [], "crew": [],
               "due": "2026-11-23", "durationMin": 30}),
    )
    .unwrap();
    let planned: Value = app
        .call(
            "planned_tasks",
            json!({"from": "2026-11-23", "to": "2026-11-23"}),
        )
        .unwrap();
    let id = id_of(&planned, "title", "Semer la mâche");
    let moved: Value = app
        .call(
            "edit_task",
            json!({"id": id, "due": "2026-12-02", "title": "Semer la mâche d’hiver", "durationMin": null}),
        )
        .unwrap();
    assert_eq!(moved["due"], "2026-12-02");
    assert_eq!(moved["durationMin"], Value::Null, "null clears the minutes");
    assert_eq!(moved["kind"], "sowing", "a field not sent is kept");
    let december: Value = app
        .call(
            "planned_tasks",
            json!({"from": "2026-12-01", "to": "2026-12-31"}),
        )
        .unwrap();
    assert_eq!(id_of(&december, "title", "Semer la mâche d’hiver"), id);
    let today: Value = app.call("day_tasks", json!({})).unwrap();
    assert!(!today.to_string().contains("Semer la mâche"));
    let page: Value = app.call("task", json!({"id": id})).unwrap();
    assert_eq!(page["due"], "2026-12-02");
    // Deleted, it leaves the plan.
    app.call::<Value>("delete_task", json!({"id": id})).unwrap();
    let december: Value = app
        .call(
            "planned_tasks",
            json!({"from": "2026-12-01", "to": "2026-12-31"}),
        )
        .unwrap();
    assert!(!december.to_string().contains("Semer la mâche"));
}

#[test]
fn an_inactive_person_leaves_the_picker_and_stays_listed_as_inactive() {
    let app = TestApp::with_demo();
    app.person("Claire");
    let people: Value = app.call("list_people", json!({})).unwrap();
    let karim = id_of(&people, "name", "Karim");
    let edited: Value = app
        .call("edit_person", json!({"id": karim, "active": false}))
        .unwrap();
    assert_eq!(edited["name"], "Karim");
    let people: Value = app.call("list_people", json!({})).unwrap();
    assert!(!people.to_string().contains("Karim"));
    let catalog: Value = app.call("get_catalog", json!({})).unwrap();
    assert_eq!(id_of(&catalog["inactivePeople"], "name", "Karim"), karim);
    let err = app
        .call::<Value>("switch_person", json!({"person": karim}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(err.params.kind.as_deref(), Some("person"));
    // Active again, back on the picker; and a PIN set then cleared.
    app.person("Claire");
    app.call::<Value>(
        "edit_person",
        json!({"id": karim, "active": true, "pin": "4321"}),
    )
    .unwrap();
    let err = app
        .call::<Value>("switch_person", json!({"person": karim}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPin);
    app.person("Claire");
    app.call::<Value>("edit_person", json!({"id": karim, "pin": null}))
        .unwrap();
    app.person("Karim");
}

#[test]
fn a_supervisor_edits_a_bed_a_crop_and_an_outlet() {
    let app = TestApp::with_demo();
    app.person("Claire");
    let bed: Value = app
        .call(
            "edit_bed",
            json!({"code": "A-01", "lengthM": 25.0, "zone": "Serre 2"}),
        )
        .unwrap();
    assert_eq!(bed["lengthM"], 25.0);
    let catalog: Value = app.call("get_catalog", json!({})).unwrap();
    let zone = id_of(&catalog["zones"], "name", "Serre 2");
    assert_eq!(bed["zoneId"], zone.as_str());
    let crop = catalog["crops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["defaultUnit"] == "bunch")
        .unwrap()["id"]
        .clone();
    let crop: Value = app
        .call(
            "edit_crop",
            json!({"id": crop, "kgPer": [{"unit": "bunch", "kg": 0.35}]}),
        )
        .unwrap();
    assert!(crop["kgPer"].to_string().contains("0.35"), "{crop}");
    let outlet = catalog["outlets"][0]["id"].clone();
    let outlet: Value = app
        .call(
            "edit_outlet",
            json!({"id": outlet, "name": "Cantine du collège"}),
        )
        .unwrap();
    assert_eq!(outlet["name"], "Cantine du collège");
}

#[test]
fn a_team_leader_cannot_edit_tasks_or_the_catalog_through_the_ipc() {
    let app = TestApp::with_demo();
    app.person("Claire");
    let planned: Value = app
        .call(
            "planned_tasks",
            json!({"from": "2026-11-16", "to": "2026-11-30"}),
        )
        .unwrap();
    let id = planned[0]["id"].clone();
    app.person("Moussa");
    let err = app
        .call::<Value>("edit_task", json!({"id": id, "due": "2026-12-01"}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::PersonForbids);
    let err = app
        .call::<Value>("edit_bed", json!({"code": "A-01", "lengthM": 1.0}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::PersonForbids);
    assert_eq!(
        err.params.action,
        Some(carnet_app::ipc::Action::EditCatalog)
    );
}
