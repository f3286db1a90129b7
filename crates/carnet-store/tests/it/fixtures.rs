//! Stored formats pinned by files: a store and its documents written by
//! version 0.1.0 (`tests/fixtures/v0.1.0/` at the repository root) must open
//! and read identically with today's code, and with every later version.
//!
//! The test opens a copy of the committed store file (the original is never
//! written), compares its projection with the committed `records.json`, loads
//! each committed `.automerge` document with the document layer and reads
//! the same records from it, finds the store holding exactly those
//! documents, and rebuilds the projection from the chunks to the same
//! records.
//!
//! Deliberately not here: regenerating the files on an ordinary run. Only
//! `CARNET_WRITE_FIXTURES=1 cargo test -p carnet-store --test it fixtures`
//! rewrites them (`write_fixtures`, a small deterministic farm: fixed seed,
//! actor and clock), and then only into a folder that does not exist yet, so
//! a new version adds its own folder beside the old ones instead of
//! overwriting what an earlier version wrote.

use std::path::{Path, PathBuf};

use carnet_core::catalog::Catalog;
use carnet_core::document::{DocKey, Document, Domain};
use carnet_core::harvests::{Destination, NewHarvest};
use carnet_core::observations::NewObservation;
use carnet_core::record::Record;
use carnet_core::tasks::{NewTask, NewTemplate, TaskEdit};
use carnet_core::values::{
    BedCode, DestinationKind, Lang, ObservationKind, Quantity, Role, Severity, TaskKind, Unit,
};
use carnet_store::Store;

use crate::farm::{name, open, populate};

/// The folder of the fixtures written by version 0.1.0.
fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/v0.1.0")
}

const STORE_FILE: &str = "carnet.sqlite3";
const RECORDS_FILE: &str = "records.json";
const DOCUMENTS_DIR: &str = "documents";

/// A document's file name: its key as `DocKey` prints it, `/` made `-`
/// (`catalog.automerge`, `harvests-2026-11.automerge`).
fn file_name(key: &DocKey) -> String {
    format!("{}.automerge", key.to_string().replace('/', "-"))
}

fn key_of_file(farm: carnet_core::ids::FarmId, file: &str) -> DocKey {
    let stem = file.strip_suffix(".automerge").expect("an .automerge file");
    if stem == "catalog" {
        return DocKey::Catalog { farm };
    }
    let (domain, month) = stem.split_once('-').expect("domain-month");
    let domain = Domain::ALL
        .into_iter()
        .find(|d| d.as_str() == domain)
        .unwrap_or_else(|| panic!("{file}: unknown domain {domain}"));
    DocKey::Month {
        farm,
        domain,
        month: month.parse().expect("a month"),
    }
}

/// Every record of the projection, in `Record::TYPE_NAMES` order then by id,
/// as JSON.
fn projection(store: &Store) -> serde_json::Value {
    let mut all = Vec::new();
    for ty in Record::TYPE_NAMES {
        let mut records = store.records_of_type(ty).expect("records of type");
        records.sort_by_key(Record::id);
        all.extend(records);
    }
    serde_json::to_value(&all).expect("json")
}

/// The records the saved documents hold, ordered as `projection` orders them.
fn records_of_documents(documents: &[(DocKey, Document)]) -> serde_json::Value {
    let catalog = Catalog::from_records(documents.iter().flat_map(|(key, doc)| {
        let is_catalog = matches!(key, DocKey::Catalog { .. });
        doc.records()
            .into_iter()
            .filter(move |_| is_catalog)
            .filter_map(|raw| Record::from_raw(&raw).ok())
    }));
    let mut all = Vec::new();
    for (key, doc) in documents {
        for raw in doc.records() {
            let records = Record::all_from_raw_in(&raw, Some(&catalog))
                .unwrap_or_else(|e| panic!("{key} record {}: {e}", raw.key));
            all.extend(records);
        }
    }
    all.sort_by_key(|r| {
        let rank = Record::TYPE_NAMES
            .iter()
            .position(|t| *t == r.type_name())
            .expect("a known type");
        (rank, r.id())
    });
    serde_json::to_value(&all).expect("json")
}

#[test]
fn store_and_documents_written_by_version_0_1_0_read_identically() {
    if std::env::var("CARNET_WRITE_FIXTURES").is_ok_and(|v| v == "1") {
        write_fixtures(&fixture_dir());
    }
    let dir = fixture_dir();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(RECORDS_FILE)).expect("records.json"),
    )
    .expect("records.json is JSON");
    assert!(
        expected.as_array().is_some_and(|a| a.len() > 30),
        "the fixture holds a farm"
    );

    // Opened from a copy: opening may migrate, and the fixture must stay as
    // version 0.1.0 wrote it.
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join(STORE_FILE);
    std::fs::copy(dir.join(STORE_FILE), &copy).expect("copy the store file");
    let mut store = open(&copy, 99, "2026-12-07T08:00:00+01:00", "lecteur");
    assert_eq!(projection(&store), expected, "the projection as stored");

    let farm = store.farm_id().expect("farm id");
    let mut documents = Vec::new();
    for entry in std::fs::read_dir(dir.join(DOCUMENTS_DIR)).expect("documents folder") {
        let path = entry.expect("entry").path();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let key = key_of_file(farm, &file);
        let bytes = std::fs::read(&path).expect("document bytes");
        let doc = Document::load(key, [bytes.as_slice()], store.actor().clone())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        documents.push((key, doc));
    }
    documents.sort_by_key(|(key, _)| *key);
    assert_eq!(
        records_of_documents(&documents),
        expected,
        "the records of the saved documents"
    );

    let mut held = store.documents().expect("documents");
    held.sort();
    assert_eq!(
        held,
        documents.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        "the store holds exactly the saved documents"
    );
    for (key, doc) in &mut documents {
        assert_eq!(
            store.document(*key).expect("stored document").heads(),
            doc.heads(),
            "{key}: the stored document and the saved one have the same heads"
        );
    }

    let problems = store.rebuild_projection().expect("rebuild");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(projection(&store), expected, "the projection rebuilt");
}

/// Version 0.1.0 stored each document's key as serde's JSON of `DocKey`;
/// opening its store rewrites them once into their text (`DocKey::name`),
/// each naming the document it is stored beside.
#[test]
fn the_keys_version_0_1_0_stored_as_json_are_text_after_open() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join(STORE_FILE);
    std::fs::copy(fixture_dir().join(STORE_FILE), &copy).expect("copy the store file");
    let stored = |path: &Path, column: &str| -> Vec<(String, String)> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT doc_id, {column} FROM documents ORDER BY doc_id"
            ))
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let before = stored(&copy, "key_json");
    assert!(before.len() > 3 && before.iter().all(|(_, k)| k.starts_with('{')));

    let store = open(&copy, 99, "2026-12-07T08:00:00+01:00", "lecteur");
    let farm = store.farm_id().expect("farm id");
    let after = stored(&copy, "key");
    assert_eq!(after.len(), before.len());
    for (doc_id, text) in &after {
        let key: DocKey = text.parse().expect("a key's text");
        assert_eq!(&key.id().to_string(), doc_id, "{text}");
        assert_eq!(key.farm(), farm);
        assert!(text.starts_with(&format!("carnet/{farm}/")), "{text}");
    }
    assert!(after.iter().any(|(_, t)| t.ends_with("/catalog")));
    assert!(after.iter().any(|(_, t)| t.ends_with("/harvests/2026-11")));
}

/// Writes the fixtures into `dir`, which must not exist yet: a small farm
/// holding every record kind, every status a task can have, a voided
/// harvest, a later weighing, a recurring task's instances, an edited task
/// and a deleted one. Deterministic: seed 1, a clock starting at
/// 2026-11-23T08:00:00+01:00 and stepping one second a reading.
fn write_fixtures(dir: &Path) {
    assert!(
        !dir.exists(),
        "{} exists: fixtures of a released version are never rewritten; \
         write this version's into a new folder",
        dir.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(STORE_FILE);
    {
        let mut store = open(&path, 1, "2026-11-23T08:00:00+01:00", "tablette 1");
        write_farm(&mut store);
    } // dropped: housekeeping compacts and checkpoints the WAL into the file
    std::fs::create_dir_all(dir.join(DOCUMENTS_DIR)).unwrap();
    std::fs::copy(&path, dir.join(STORE_FILE)).unwrap();

    let mut store = open(&path, 2, "2026-11-23T18:00:00+01:00", "tablette 1");
    for key in store.documents().unwrap() {
        let bytes = store.document(key).unwrap().snapshot();
        std::fs::write(dir.join(DOCUMENTS_DIR).join(file_name(&key)), bytes).unwrap();
    }
    let json = serde_json::to_string_pretty(&projection(&store)).unwrap();
    std::fs::write(dir.join(RECORDS_FILE), json + "\n").unwrap();
}

fn write_farm(store: &mut Store) {
    let [sup, lead, worker] = populate(store);
    let bed = |store: &mut Store, code: &str| {
        store
            .catalog()
            .unwrap()
            .bed_by_code(&code.parse::<BedCode>().unwrap())
            .unwrap()
            .id
    };
    let (a01, b04) = (bed(store, "A-01"), bed(store, "B-04"));
    store
        .add_person(sup, name("Léa"), Role::Worker, Lang::Fr, None)
        .unwrap();
    store.retire_bed(sup, &"B-06".parse().unwrap()).unwrap();
    let tomato = store.catalog().unwrap().crop_by_name("Tomate").unwrap().id;
    let radish = store.catalog().unwrap().crop_by_name("Radis").unwrap().id;
    let cherry = store.add_variety(sup, tomato, name("Cerise")).unwrap();
    let canteen = store
        .add_outlet(sup, name("Cantine école Jaurès"), DestinationKind::Canteen)
        .unwrap();

    let task = |title: &str, kind, beds, crew, due: &str, duration_min| NewTask {
        title: name(title),
        kind,
        beds,
        crew,
        due: due.parse().unwrap(),
        duration_min,
    };
    let weed = store
        .add_task(
            sup,
            task(
                "Désherber A-01",
                TaskKind::Weeding,
                vec![a01],
                vec![worker],
                "2026-11-23",
                Some(60),
            ),
        )
        .unwrap();
    let mulch = store
        .add_task(
            sup,
            task(
                "Pailler B-04",
                TaskKind::Mulching,
                vec![b04],
                vec![],
                "2026-11-20",
                None,
            ),
        )
        .unwrap();
    let moved = store
        .add_task(
            sup,
            task(
                "Semer les radis",
                TaskKind::Sowing,
                vec![b04],
                vec![lead],
                "2026-11-24",
                Some(30),
            ),
        )
        .unwrap();
    let mistake = store
        .add_task(
            sup,
            task(
                "Tâche en double",
                TaskKind::Other,
                vec![],
                vec![],
                "2026-11-24",
                None,
            ),
        )
        .unwrap();
    store
        .add_recurring_task(
            sup,
            NewTemplate {
                task: task(
                    "Arroser la serre",
                    TaskKind::Watering,
                    vec![],
                    vec![worker],
                    "2026-11-23",
                    Some(20),
                ),
                rule: "mon,thu".parse().unwrap(),
                until: None,
            },
        )
        .unwrap();
    store.complete_task(worker, weed.id).unwrap();
    store
        .abandon_task(lead, mulch.id, name("paille pas livrée"))
        .unwrap();
    store
        .edit_task(
            sup,
            moved.id,
            TaskEdit {
                title: Some(name("Semer les radis d'hiver")),
                crew: Some(vec![lead, worker]),
                beds: None,
                kind: None,
                due: Some("2026-11-25".parse().unwrap()),
                duration_min: Some(Some(45)),
            },
        )
        .unwrap();
    store.delete_task(sup, mistake.id).unwrap();

    let (tomatoes, _) = store
        .record_harvest(
            lead,
            NewHarvest {
                bed: a01,
                crop: tomato,
                variety: Some(cherry.id),
                destination: Destination::Outlet(canteen.id),
                note: carnet_core::values::parse_note("note", "premières cerises").unwrap(),
                weighings: vec![
                    (Quantity::new(12.5, Unit::Kg).unwrap(), Some(1.5)),
                    (Quantity::new(2.0, Unit::Crate).unwrap(), None),
                ],
            },
        )
        .unwrap();
    store
        .add_weighing(
            lead,
            tomatoes.id,
            Quantity::new(500.0, Unit::G).unwrap(),
            None,
        )
        .unwrap();
    let radishes = NewHarvest {
        bed: b04,
        crop: radish,
        variety: None,
        destination: Destination::Kind(DestinationKind::Basket),
        note: carnet_core::values::Note::default(),
        weighings: vec![(Quantity::new(20.0, Unit::Bunch).unwrap(), None)],
    };
    store.record_harvest(lead, radishes.clone()).unwrap();
    let (doubled, _) = store.record_harvest(lead, radishes).unwrap();
    store
        .void_harvest(lead, doubled.id, name("saisie en double"))
        .unwrap();

    store
        .record_observation(
            worker,
            NewObservation {
                beds: vec![a01, b04],
                kind: ObservationKind::Pest,
                severity: Severity::new(2).unwrap(),
                note: carnet_core::values::parse_note("note", "pucerons sous les feuilles")
                    .unwrap(),
                tags: ["pucerons", "serre"]
                    .map(|t| carnet_core::values::parse_tag(t).unwrap())
                    .into(),
            },
        )
        .unwrap();
    store
        .record_observation(
            lead,
            NewObservation {
                beds: vec![a01],
                kind: ObservationKind::Growth,
                severity: Severity::new(1).unwrap(),
                note: carnet_core::values::Note::default(),
                tags: Default::default(),
            },
        )
        .unwrap();
}
