//! The app's commands through Tauri's IPC, on a mock runtime (no window):
//! what the interface sends goes through the same parsing, state and error
//! mapping as in the real app.

use std::time::Instant;

use carnet_app::config::Config;
use carnet_app::ipc::{CommandError, Person};
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
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            data_dir: dir.path().to_owned(),
            now: Some("2026-11-23T09:00:00+01:00".parse().unwrap()),
            launch_timing: None,
            exit_when_ready: false,
            person: None,
        };
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
    assert_eq!(err.code, "no_person");
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
    assert_eq!(err.code, "wrong_pin");
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
            json!({"input": {"bedId": bed, "cropId": crop, "destination": "canteen", "note": "", "weighings": [
                {"value": 12.5, "unit": "kg", "tareKg": null},
                {"value": 8.0, "unit": "kg", "tareKg": null},
                {"value": 3.5, "unit": "kg", "tareKg": 0.5}
            ]}}),
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
            json!({"input": {"bedId": bed, "cropId": crop, "destination": "canteen", "note": "",
                   "weighings": [{"value": 0.0, "unit": "kg", "tareKg": null}]}}),
        )
        .unwrap_err();
    assert_eq!(err.code, "invalid");
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
        json!({"input": {"bedIds": [bed], "kind": "pest", "severity": 2, "note": "Doryphores", "tags": ["à surveiller"]}}),
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
        json!({"input": {"title": "Ouvrir la serre", "kind": "maintenance", "bedIds": [], "crew": [],
               "due": "2026-11-23", "durationMin": 10, "recurrence": "daily", "until": null}}),
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
            json!({"input": {"title": "Tailler la haie", "kind": "maintenance", "bedIds": [], "crew": [],
                   "due": "2026-11-23", "durationMin": null, "recurrence": null, "until": null}}),
        )
        .unwrap_err();
    assert_eq!(err.code, "person_forbids");
    let after: Value = app.call("day_tasks", json!({"day": null})).unwrap();
    assert_eq!(before, after);
    let permissions: Value = app.call("permissions", json!({})).unwrap();
    assert_eq!(
        permissions,
        json!({"deviceRole": "base", "allowed": ["tick_task", "abandon_task", "observe"]})
    );
}
