//! A small farm for the unit tests beside each domain's writes and queries:
//! a catalog document with one zone, two beds (one retired), a crop family,
//! a crop, a variety, two people (one inactive) and an outlet, built through
//! the catalog's own writes. Fixed ids, actor and clock, so every run writes
//! the same bytes.
//!
//! Deliberately not here: anything a test asserts (each test says what it
//! checks beside the code it checks).

use std::collections::BTreeMap;

use automerge::ActorId;
use chrono::{DateTime, FixedOffset, TimeZone};
use uuid::Uuid;

use crate::catalog::{self, Catalog, Crop, Outlet, Person, Variety};
use crate::document::{Author, DocKey, Document, Domain};
use crate::error::{Error, Result};
use crate::ids::*;
use crate::record::{Record, read_records};
use crate::values::{
    BedCode, DestinationKind, KgFactor, Lang, Metres, Month, Name, Note, Role, Unit,
    parse_kg_factor, parse_note,
};

pub(crate) const FARM: FarmId = FarmId(Uuid::from_u128(1));
pub(crate) const ZONE: ZoneId = ZoneId(Uuid::from_u128(2));
pub(crate) const BED: BedId = BedId(Uuid::from_u128(3));
pub(crate) const RETIRED_BED: BedId = BedId(Uuid::from_u128(4));
pub(crate) const FAMILY: FamilyId = FamilyId(Uuid::from_u128(5));
pub(crate) const CROP: CropId = CropId(Uuid::from_u128(6));
pub(crate) const VARIETY: VarietyId = VarietyId(Uuid::from_u128(7));
pub(crate) const ANNE: PersonId = PersonId(Uuid::from_u128(8));
pub(crate) const GONE: PersonId = PersonId(Uuid::from_u128(9));
pub(crate) const OUTLET: OutletId = OutletId(Uuid::from_u128(10));

/// 22 November 2026, 09:30 in France (UTC+1).
pub(crate) fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
        .unwrap()
}

pub(crate) fn author() -> Author {
    Author {
        person: ANNE,
        device: "tablette 1".into(),
        now: now(),
    }
}

pub(crate) fn name(text: &str) -> Name {
    Name::parse("name", text).unwrap()
}

pub(crate) fn note(text: &str) -> Note {
    parse_note("note", text).unwrap()
}

pub(crate) fn factor(unit: Unit, kg: f64) -> KgFactor {
    parse_kg_factor(unit, kg).unwrap()
}

pub(crate) fn code(text: &str) -> BedCode {
    text.parse().unwrap()
}

fn metres(value: f64) -> Metres {
    Metres::new("length", value).unwrap()
}

/// The farm's catalog document and the catalog read from it.
#[derive(Debug)]
pub(crate) struct Garden {
    pub(crate) doc: Document,
    pub(crate) catalog: Catalog,
}

impl Garden {
    pub(crate) fn new() -> Garden {
        let a = author();
        let mut garden = Garden {
            doc: Document::new(DocKey::Catalog { farm: FARM }, ActorId::from(&[1; 16][..])),
            catalog: Catalog::default(),
        };
        catalog::create_farm(&mut garden.doc, &a, name("Les Jardins")).unwrap();
        garden.reread();
        catalog::add_zone(&mut garden.doc, &garden.catalog, &a, ZONE, name("Serre")).unwrap();
        garden.reread();
        for (id, text) in [(BED, "A-07"), (RETIRED_BED, "A-08")] {
            let new = catalog::NewBed {
                code: code(text),
                zone: ZONE,
                length: metres(20.0),
                width: metres(0.8),
            };
            catalog::add_bed(&mut garden.doc, &garden.catalog, &a, id, new).unwrap();
            garden.reread();
        }
        catalog::retire_bed(&mut garden.doc, &garden.catalog, &a, &code("A-08")).unwrap();
        garden.reread();
        catalog::add_family(
            &mut garden.doc,
            &garden.catalog,
            &a,
            FAMILY,
            name("Solanacées"),
        )
        .unwrap();
        garden.reread();
        let crop = Crop {
            id: CROP,
            name: name("Tomate"),
            family: FAMILY,
            default_unit: Unit::Kg,
            kg_per: BTreeMap::from([(Unit::Crate, factor(Unit::Crate, 6.0))]),
            retired: false,
        };
        catalog::add_crop(&mut garden.doc, &garden.catalog, &a, crop).unwrap();
        garden.reread();
        let variety = Variety {
            id: VARIETY,
            crop: CROP,
            name: name("Cœur de bœuf"),
            retired: false,
        };
        catalog::add_variety(&mut garden.doc, &garden.catalog, &a, variety).unwrap();
        garden.reread();
        for (id, text, active) in [(ANNE, "Anne", true), (GONE, "Paul", false)] {
            let person = Person {
                id,
                name: name(text),
                role: Role::TeamLeader,
                lang: Lang::Fr,
                pin_hash: None,
                active,
            };
            catalog::add_person(&mut garden.doc, &garden.catalog, &a, person).unwrap();
            garden.reread();
        }
        let outlet = Outlet {
            id: OUTLET,
            name: name("Cantine Jaurès"),
            kind: DestinationKind::Canteen,
            retired: false,
        };
        catalog::add_outlet(&mut garden.doc, &garden.catalog, &a, outlet).unwrap();
        garden.reread();
        garden
    }

    /// Reads the catalog back from the document, as the store does.
    pub(crate) fn reread(&mut self) {
        let (records, errors) = read_records(&self.doc);
        assert!(errors.is_empty(), "{errors:?}");
        self.catalog = Catalog::from_records(records);
    }
}

/// The document of `domain` for November 2026, the month of `now()`.
pub(crate) fn month_doc(domain: Domain) -> Document {
    Document::new(
        DocKey::Month {
            farm: FARM,
            domain,
            month: Month::new(2026, 11).unwrap(),
        },
        ActorId::from(&[3; 16][..]),
    )
}

/// Reads one record by id.
pub(crate) fn read_record(doc: &Document, key: &str) -> Result<Record> {
    let raw = doc
        .record(key)
        .ok_or_else(|| Error::not_found("record", key))?;
    Record::from_raw(&raw).map_err(|problem| Error::MalformedRecord {
        doc: doc.id(),
        key: key.to_owned(),
        problem,
    })
}
