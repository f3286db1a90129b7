//! Issue 10, point 1: a write stamped by an implausible device clock is
//! refused and nothing is stored; stores already holding such records
//! (written before the check) open, project, and list them, and a supervisor
//! redates them into their right month.

use carnet_core::document::{Author, DocKey, Domain};
use carnet_core::harvests::{self, Destination, NewHarvest};
use carnet_core::ids::{BedId, CropId, HarvestId, ObservationId, PersonId};
use carnet_core::observations::{self, NewObservation};

use carnet_core::values::{DestinationKind, Month, ObservationKind, Quantity, Severity, Unit};
use carnet_store::{Store, StoreError};
use chrono::Datelike;

use crate::farm::{at, open, populate};
use crate::raw::change_stored_document;

fn harvest(store: &mut Store) -> NewHarvest {
    let catalog = store.catalog().unwrap();
    let bed = *catalog.beds.keys().next().unwrap();
    let crop = *catalog.crops.keys().next().unwrap();
    NewHarvest {
        bed,
        crop,
        variety: None,
        destination: Destination::Kind(DestinationKind::Canteen),
        note: carnet_core::values::Note::default(),
        weighings: vec![(Quantity::new(4.5, Unit::Kg).unwrap(), None)],
    }
}

/// A farm whose store last wrote on 2026-11-23, closed.
fn farm(dir: &std::path::Path) -> (std::path::PathBuf, PersonId) {
    let path = dir.join("carnet.sqlite3");
    let mut store = open(&path, 1, "2026-11-23T08:00:00+01:00", "tablette");
    let [sup, ..] = populate(&mut store);
    let input = harvest(&mut store);
    store.record_harvest(sup, input).unwrap();
    (path, sup)
}

fn refused_at(store: &mut Store, by: PersonId) -> Option<i32> {
    let input = harvest(store);
    match store.record_harvest(by, input) {
        Err(StoreError::Core(carnet_core::Error::ImplausibleClock { device_time })) => {
            Some(device_time.year())
        }
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(_) => None,
    }
}

#[test]
fn a_harvest_with_the_clock_at_1970_is_refused_naming_the_date_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, sup) = farm(dir.path());
    let mut store = open(&path, 2, "1970-01-01T00:03:00+01:00", "tablette");
    let documents = store.documents().unwrap();
    let pending = store.pending_changes().unwrap();

    let input = harvest(&mut store);
    let err = store.record_harvest(sup, input).unwrap_err();
    assert_eq!(err.code(), "implausible_clock");
    assert!(err.to_string().contains("01/01/1970"), "{err}");

    assert_eq!(store.documents().unwrap(), documents, "no 1970 document");
    assert_eq!(store.pending_changes().unwrap(), pending);
    assert_eq!(store.harvests_between(None, None).unwrap().0.len(), 1);
}

#[test]
fn clocks_at_2038_2301_and_two_years_ahead_are_refused_once_the_store_has_written() {
    let dir = tempfile::tempdir().unwrap();
    let (path, sup) = farm(dir.path());
    for (i, clock) in [
        "2038-01-19T03:14:08+00:00",
        "2301-05-01T08:00:00+02:00",
        "2028-11-23T08:00:00+01:00",
    ]
    .into_iter()
    .enumerate()
    {
        let mut store = open(&path, 10 + i as u64, clock, "tablette");
        assert_eq!(
            refused_at(&mut store, sup),
            Some(at(clock).year()),
            "{clock}"
        );
    }
    let store = open(&path, 20, "2026-11-24T08:00:00+01:00", "tablette");
    assert_eq!(store.harvests_between(None, None).unwrap().0.len(), 1);
}

#[test]
fn a_right_clock_after_eight_months_in_a_drawer_still_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, sup) = farm(dir.path());
    let mut store = open(&path, 3, "2027-07-20T07:30:00+02:00", "tablette");
    assert_eq!(refused_at(&mut store, sup), None);
}

#[test]
fn a_server_time_seen_at_sync_lets_a_long_stored_tablet_write_again() {
    let dir = tempfile::tempdir().unwrap();
    let (path, sup) = farm(dir.path());
    // Two years in a drawer: the tablet's own history says its clock jumped.
    let mut store = open(&path, 4, "2028-12-01T08:00:00+01:00", "tablette");
    assert_eq!(refused_at(&mut store, sup), Some(2028));
    // A sync tells it the server's time: the same, within seconds.
    let now = store.now();
    store
        .record_server_time(now.with_timezone(&chrono::Utc), now)
        .unwrap();
    assert_eq!(refused_at(&mut store, sup), None);
    assert_eq!(store.clock_skew().unwrap(), Some(0));
}

#[test]
fn the_skew_with_the_server_is_kept_and_warned_past_ten_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = farm(dir.path());
    let store = open(&path, 5, "2026-11-24T08:00:00+01:00", "tablette");
    let device = at("2026-11-24T08:00:00+01:00");
    // The device reads 07:00 UTC; the server 06:30: half an hour ahead.
    let server = at("2026-11-24T06:30:00+00:00").with_timezone(&chrono::Utc);
    store.record_server_time(server, device).unwrap();
    let health = store.health().unwrap();
    assert_eq!(health.clock_skew_seconds, Some(1800));
    assert!(health.clock_wrong);
    store
        .record_server_time(server + chrono::Duration::minutes(25), device)
        .unwrap();
    let health = store.health().unwrap();
    assert_eq!(health.clock_skew_seconds, Some(300));
    assert!(!health.clock_wrong);
}

/// What today's version (before the check) stored for a harvest made with
/// the clock at `clock`: a document of that month holding the harvest.
fn store_harvest_written_at(
    path: &std::path::Path,
    farm: carnet_core::ids::FarmId,
    catalog: &carnet_core::catalog::Catalog,
    by: PersonId,
    clock: &str,
    id: u128,
) -> DocKey {
    let now = at(clock);
    let key = DocKey::Month {
        farm,
        domain: Domain::Harvests,
        month: Month::of(now.date_naive()),
    };
    let bed: BedId = *catalog.beds.keys().next().unwrap();
    let crop: CropId = *catalog.crops.keys().next().unwrap();
    change_stored_document(path, key, |doc| {
        let author = Author {
            person: by,
            device: "tablette".into(),
            now,
        };
        let new = NewHarvest {
            bed,
            crop,
            variety: None,
            destination: Destination::Kind(DestinationKind::Canteen),
            note: carnet_core::values::Note::default(),
            weighings: vec![(Quantity::new(2.0, Unit::Kg).unwrap(), None)],
        };
        harvests::record_harvest(
            doc,
            catalog,
            &author,
            HarvestId(uuid::Uuid::from_u128(id)),
            new,
        )
        .unwrap();
    });
    key
}

#[test]
fn a_store_holding_harvests_of_1970_and_2301_opens_projects_and_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let (path, sup) = farm(dir.path());
    let (farm_id, catalog) = {
        let mut store = open(&path, 6, "2026-11-24T08:00:00+01:00", "tablette");
        (store.farm_id().unwrap(), store.catalog().unwrap().clone())
    };
    let old = store_harvest_written_at(
        &path,
        farm_id,
        &catalog,
        sup,
        "1970-01-01T00:03:00+01:00",
        70,
    );
    let late = store_harvest_written_at(
        &path,
        farm_id,
        &catalog,
        sup,
        "2301-05-01T08:00:00+02:00",
        2301,
    );

    let mut store = open(&path, 7, "2026-11-24T09:00:00+01:00", "tablette");
    let documents = store.documents().unwrap();
    assert!(documents.contains(&old) && documents.contains(&late));
    assert!(!carnet_store::is_syncable(old) && !carnet_store::is_syncable(late));
    assert_eq!(store.harvests_between(None, None).unwrap().0.len(), 3);

    let health = store.health().unwrap();
    let mut listed: Vec<(&str, &str, bool)> = health
        .implausible
        .iter()
        .map(|r| (r.day.as_str(), r.record_type.as_str(), r.syncable))
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        [
            ("1970-01-01", "harvest", false),
            ("1970-01-01", "weighing", false),
            ("2301-05-01", "harvest", false),
            ("2301-05-01", "weighing", false),
        ]
    );
    assert!(health.unreadable.is_empty());

    // The store goes on: a rebuild has nothing to skip, a right write lands.
    assert!(store.rebuild_projection().unwrap().is_empty());
    let input = harvest(&mut store);
    store.record_harvest(sup, input).unwrap();
    assert_eq!(store.harvests_between(None, None).unwrap().0.len(), 4);
}

#[test]
fn a_supervisor_redates_harvests_and_observations_of_1970_and_health_no_longer_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let (path, sup) = farm(dir.path());
    let (farm_id, catalog) = {
        let mut store = open(&path, 6, "2026-11-24T08:00:00+01:00", "tablette");
        (store.farm_id().unwrap(), store.catalog().unwrap().clone())
    };
    let wrong = "1970-01-01T00:03:00+01:00";
    store_harvest_written_at(&path, farm_id, &catalog, sup, wrong, 70);
    let observations_1970 = DocKey::Month {
        farm: farm_id,
        domain: Domain::Observations,
        month: Month::of(at(wrong).date_naive()),
    };
    let observation = ObservationId(uuid::Uuid::from_u128(71));
    change_stored_document(&path, observations_1970, |doc| {
        let author = Author {
            person: sup,
            device: "tablette".into(),
            now: at(wrong),
        };
        let new = NewObservation {
            beds: vec![*catalog.beds.keys().next().unwrap()],
            kind: ObservationKind::Pest,
            severity: Severity::new(2).unwrap(),
            note: carnet_core::values::parse_note("note", "pucerons").unwrap(),
            tags: Default::default(),
        };
        observations::record_observation(doc, &catalog, &author, observation, new).unwrap();
    });

    let mut store = open(&path, 7, "2026-11-24T09:00:00+01:00", "tablette");
    assert_eq!(store.health().unwrap().implausible.len(), 3);
    let harvest = HarvestId(uuid::Uuid::from_u128(70));
    let [_, lead, _] = people(&mut store);
    let err = store
        .redate_harvest(lead, harvest, at("2026-11-20T10:00:00+01:00"))
        .unwrap_err();
    assert!(matches!(err, StoreError::PersonForbids { .. }), "{err}");
    let err = store
        .redate_harvest(sup, harvest, at("2019-12-31T10:00:00+01:00"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "at: 31/12/2019 is outside 01/01/2020 to 24/11/2027"
    );

    store
        .redate_harvest(sup, harvest, at("2026-11-20T10:00:00+01:00"))
        .unwrap();
    store
        .redate_observation(sup, observation, at("2026-11-21T08:00:00+01:00"))
        .unwrap();
    let health = store.health().unwrap();
    assert!(health.implausible.is_empty(), "{:?}", health.implausible);
    let (harvests, weighings) = store.harvests_between(None, None).unwrap();
    assert_eq!(harvests.len(), 2, "listed once: {harvests:?}");
    let redated = harvests.iter().find(|h| h.id == harvest).unwrap();
    assert_eq!(redated.at, at("2026-11-20T10:00:00+01:00"));
    assert_eq!(weighings.len(), 2);
    let (key, _, _) = store.harvest(harvest).unwrap();
    assert_eq!(key.month().unwrap().to_string(), "2026-11");
    assert!(carnet_store::is_syncable(key));
    let observations = store.observations(None).unwrap();
    assert_eq!(observations.len(), 1);
    assert_eq!(observations[0].at, at("2026-11-21T08:00:00+01:00"));
    // A rebuild from the chunks lists the same, and so does a reopened store.
    let before = crate::convergence::projection(&store);
    assert!(store.rebuild_projection().unwrap().is_empty());
    assert_eq!(crate::convergence::projection(&store), before);
    drop(store);
    let store = open(&path, 8, "2026-11-24T10:00:00+01:00", "tablette");
    assert_eq!(crate::convergence::projection(&store), before);
    assert!(store.health().unwrap().implausible.is_empty());
}

/// The farm's people, as `populate` made them: supervisor, team leader,
/// worker.
fn people(store: &mut Store) -> [PersonId; 3] {
    let catalog = store.catalog().unwrap();
    ["Claire", "Moussa", "Awa"].map(|n| catalog.person_by_name(n).unwrap().id)
}
