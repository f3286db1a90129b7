//! The derivations every device and the server must agree on, pinned by
//! literal values: a change to any of them splits a farm's documents (or a
//! harvest's weighings) between versions, so it must fail here, loudly,
//! before it ships.
//!
//! The literals were computed outside Carnet (Python's `uuid.uuid5` and a
//! ten-line base58check), so they pin the rule written in docs/SCHEMA.md,
//! not merely what the code did on the day.

use carnet_core::document::{DocKey, Domain};
use carnet_core::harvests::inline_weighing_id;
use carnet_core::ids::{DocumentId, FarmId, HarvestId};
use uuid::Uuid;

fn farm() -> FarmId {
    FarmId(Uuid::parse_str("0195a0b1-0000-7000-8000-00000000f001").unwrap())
}

fn month(domain: Domain, month: &str) -> DocKey {
    DocKey::Month {
        farm: farm(),
        domain,
        month: month.parse().unwrap(),
    }
}

/// The UUID v5 behind a document id, and the id as automerge-repo writes it.
fn pinned(key: DocKey, uuid: &str, base58check: &str) {
    let id = key.id();
    assert_eq!(
        Uuid::from_bytes(*id.as_bytes()).to_string(),
        uuid,
        "{key}: the UUID v5 of carnet/{{farm}}/..."
    );
    assert_eq!(id.to_string(), base58check, "{key}: base58check text");
    assert_eq!(
        base58check.parse::<DocumentId>().unwrap(),
        id,
        "{key}: the text reads back"
    );
}

#[test]
fn catalog_document_id_is_pinned() {
    pinned(
        DocKey::Catalog { farm: farm() },
        "2ff6ce00-6977-5586-b4f6-1e2dec25203a",
        "fktnw82eMDtSkh5tb2zGAToaxnc",
    );
}

#[test]
fn monthly_document_ids_are_pinned() {
    pinned(
        month(Domain::Tasks, "2026-11"),
        "4d09f326-e04c-588f-8db9-75e52a27191a",
        "25FWyxKYiF9NYTpbcs4KKioUc91C",
    );
    pinned(
        month(Domain::Harvests, "2026-11"),
        "551343b6-1b5d-5da0-babc-4c542da73f8f",
        "2Bk9ntZ3fF3JD5AqR51ZkUEcxg9W",
    );
    pinned(
        month(Domain::Observations, "2026-12"),
        "bcbb5a6a-c832-5c98-9da6-495686126ae9",
        "3dW96rjn126f2nRoiqUxLS8iXahL",
    );
}

/// The text a store keeps beside each document (`documents.key`): the
/// very name its id is derived from, read back strictly by `FromStr` and,
/// for a month outside 2000–2200, leniently by `DocKey::parse_stored`.
#[test]
fn stored_document_keys_are_pinned_text_that_reads_back() {
    let f = "0195a0b1-0000-7000-8000-00000000f001";
    for (key, text) in [
        (
            DocKey::Catalog { farm: farm() },
            format!("carnet/{f}/catalog"),
        ),
        (
            month(Domain::Tasks, "2026-11"),
            format!("carnet/{f}/tasks/2026-11"),
        ),
        (
            month(Domain::Observations, "2026-12"),
            format!("carnet/{f}/observations/2026-12"),
        ),
    ] {
        assert_eq!(key.name(), text);
        assert_eq!(text.parse::<DocKey>().unwrap(), key);
        assert_eq!(DocKey::parse_stored(&text).unwrap(), key);
    }
    let wrong_clock = format!("carnet/{f}/harvests/1970-01");
    assert!(wrong_clock.parse::<DocKey>().is_err());
    assert_eq!(
        DocKey::parse_stored(&wrong_clock).unwrap().name(),
        wrong_clock
    );
}

#[test]
fn inline_weighing_ids_are_pinned() {
    let harvest = HarvestId(Uuid::parse_str("0195a0b1-0000-7000-8000-000000000007").unwrap());
    assert_eq!(
        inline_weighing_id(harvest, 0).to_string(),
        "a55eafa8-b0f7-57e7-ad16-bb21228a0b21"
    );
    assert_eq!(
        inline_weighing_id(harvest, 1).to_string(),
        "d27f6352-1d00-5cf1-a2da-935411bb853c"
    );
}
