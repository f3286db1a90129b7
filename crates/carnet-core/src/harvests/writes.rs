//! The harvests' writes: a harvest with the weighings entered with it (one
//! record, one change), a weighing added later (its own append-only record),
//! and voiding a harvest. Everything is checked against the catalog first.
//!
//! Deliberately not here: reports (`queries`). The harvest's time is the
//! author's: nothing here reads a clock.

use crate::catalog::Catalog;
use crate::document::{Author, Document, Domain};
use crate::error::{Error, Result};
use crate::harvests::{Destination, Harvest, Void, Weighing};
use crate::ids::*;
use crate::record::Record;
use crate::values::{Name, Note, Quantity, Tare};
use crate::write::{expect_month, stamp, write_edit, write_moved, write_new};

#[derive(Clone, Debug)]
pub struct NewHarvest {
    pub bed: BedId,
    pub crop: CropId,
    pub variety: Option<VarietyId>,
    pub destination: Destination,
    pub note: Note,
    /// Weighings entered with the harvest: quantity, tare in kg (checked
    /// against its quantity by `Tare::of`).
    pub weighings: Vec<(Quantity, Option<f64>)>,
}

/// Records a harvest and the weighings entered with it: one record, in one
/// change (`harvests::INLINE_WEIGHINGS_FIELD`). The harvest's time is the
/// author's time.
pub fn record_harvest(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: HarvestId,
    new: NewHarvest,
) -> Result<(Harvest, Vec<Weighing>)> {
    expect_month(doc, Domain::Harvests, author.now.date_naive())?;
    let bed = catalog
        .beds
        .get(&new.bed)
        .ok_or_else(|| Error::not_found("bed", new.bed.to_string()))?;
    if bed.retired {
        return Err(Error::invalid("bed", format!("{} is retired", bed.code)));
    }
    let crop = catalog
        .crops
        .get(&new.crop)
        .ok_or_else(|| Error::not_found("crop", new.crop.to_string()))?;
    if let Some(variety) = new.variety {
        match catalog.varieties.get(&variety) {
            Some(v) if v.crop == crop.id => {}
            _ => {
                return Err(Error::invalid(
                    "variety",
                    format!("not a variety of {}", crop.name),
                ));
            }
        }
    }
    if let Destination::Outlet(outlet) = new.destination
        && !catalog.outlets.contains_key(&outlet)
    {
        return Err(Error::not_found("outlet", outlet.to_string()));
    }
    if new.weighings.is_empty() {
        return Err(Error::invalid(
            "weighing",
            "a harvest needs at least one weighing",
        ));
    }
    for (quantity, tare) in &new.weighings {
        tare.map(|kg| Tare::of(kg, *quantity)).transpose()?;
    }
    let harvest = Harvest {
        id,
        bed: bed.id,
        crop: crop.id,
        variety: new.variety,
        at: author.now,
        destination: new.destination,
        lot: crate::harvests::lot_number(author.now.date_naive(), &bed.code, crop),
        note: new.note,
        voided: None,
        created: stamp(author),
    };
    let key = id.to_string();
    if doc.record(&key).is_some() {
        return Err(Error::invalid(
            "id",
            format!("a record with id {key} already exists"),
        ));
    }
    let inline = crate::harvests::encode_inline_weighings(&new.weighings);
    // Read back from what is written, so the ids and values returned are
    // exactly what every device will read.
    let weighings = crate::harvests::decode_inline_weighings(&harvest, &inline)?;
    let mut fields = Record::Harvest(harvest.clone()).fields();
    fields.push((crate::harvests::INLINE_WEIGHINGS_FIELD, inline.into()));
    doc.put_record(author, &key, "harvest", &fields)?;
    Ok((harvest, weighings))
}

/// Adds one weighing to a harvest (append-only: never conflicts).
pub fn add_weighing(
    doc: &mut Document,
    author: &Author,
    harvest: &Harvest,
    id: WeighingId,
    quantity: Quantity,
    tare_kg: Option<f64>,
) -> Result<Weighing> {
    if doc.record(&harvest.id.to_string()).is_none() {
        return Err(Error::not_found("harvest", harvest.id.to_string()));
    }
    if harvest.voided.is_some() {
        return Err(Error::invalid(
            "harvest",
            "is voided: record a new harvest instead",
        ));
    }
    let tare_kg = tare_kg.map(|kg| Tare::of(kg, quantity)).transpose()?;
    let weighing = Weighing {
        id,
        harvest: harvest.id,
        quantity,
        tare_kg,
        created: stamp(author),
    };
    write_new(doc, author, &Record::Weighing(weighing.clone()))?;
    Ok(weighing)
}

/// Voids a harvest: it stays in the record, out of every total.
pub fn void_harvest(
    doc: &mut Document,
    author: &Author,
    harvest: &Harvest,
    reason: Name,
) -> Result<Harvest> {
    if harvest.voided.is_some() {
        return Err(Error::invalid("harvest", "is already voided"));
    }
    write_edit(
        doc,
        author,
        &harvest.id.to_string(),
        "harvest",
        vec![
            ("voided_at", author.now.to_rfc3339().into()),
            ("voided_by", author.person.to_string().into()),
            ("void_reason", reason.as_str().into()),
        ],
    )?;
    Ok(Harvest {
        voided: Some(Void {
            by: author.person,
            at: author.now,
            reason,
        }),
        ..harvest.clone()
    })
}

/// Corrects the time of a harvest stamped by a wrong device clock (1970,
/// 2301): the harvest moves, under the same id, into the document of the
/// month of `at` (`write_moved`), with `at` and its creation time set to
/// `at` (the same wrong clock stamped both; the weighings entered with it
/// read theirs from it). Its later weighings keep their own records.
pub fn redate_harvest(
    from: &mut Document,
    to: &mut Document,
    author: &Author,
    harvest: &Harvest,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Harvest> {
    expect_month(to, Domain::Harvests, at.date_naive())?;
    let key = harvest.id.to_string();
    let changes = vec![
        ("at", at.to_rfc3339().into()),
        ("created_at", at.to_rfc3339().into()),
    ];
    write_moved(from, to, author, &key, "harvest", changes)?;
    Ok(Harvest {
        at,
        created: crate::record::Stamp {
            at,
            ..harvest.created.clone()
        },
        ..harvest.clone()
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use uuid::Uuid;

    use super::*;
    use crate::record::read_records;
    use crate::testing::{
        BED, CROP, Garden, OUTLET, RETIRED_BED, VARIETY, author, month_doc, name,
    };
    use crate::values::{DestinationKind, Unit};

    fn check_err<T: std::fmt::Debug>(result: Result<T>, expect: Expect) {
        expect.assert_eq(&result.unwrap_err().to_string());
    }

    fn kg(value: f64) -> Quantity {
        Quantity::new(value, Unit::Kg).unwrap()
    }

    fn new_harvest() -> NewHarvest {
        NewHarvest {
            bed: BED,
            crop: CROP,
            variety: Some(VARIETY),
            destination: Destination::Outlet(OUTLET),
            note: crate::testing::note("belle récolte"),
            weighings: vec![
                (kg(12.5), Some(0.5)),
                (Quantity::new(2.0, Unit::Crate).unwrap(), None),
            ],
        }
    }

    const HARVEST: HarvestId = HarvestId(Uuid::from_u128(70));

    fn with_harvest() -> (Garden, Document, Harvest) {
        let g = Garden::new();
        let mut doc = month_doc(Domain::Harvests);
        let (harvest, _) =
            record_harvest(&mut doc, &g.catalog, &author(), HARVEST, new_harvest()).unwrap();
        (g, doc, harvest)
    }

    #[test]
    fn a_harvest_is_one_record_holding_its_weighings_and_reads_back_as_written() {
        let g = Garden::new();
        let mut doc = month_doc(Domain::Harvests);
        let (harvest, weighings) =
            record_harvest(&mut doc, &g.catalog, &author(), HARVEST, new_harvest()).unwrap();
        assert_eq!(doc.records().len(), 1);
        let (records, errors) = read_records(&doc);
        assert!(errors.is_empty(), "{errors:?}");
        let mut expected = vec![Record::Harvest(harvest.clone())];
        expected.extend(weighings.iter().cloned().map(Record::Weighing));
        assert_eq!(records, expected);
        let crop = &g.catalog.crops[&CROP];
        let table: Vec<_> = weighings
            .iter()
            .map(|w| (w.quantity.to_string(), w.tare_kg, w.net_kg(crop)))
            .collect();
        expect![[r#"
            lot 20261122-A-07-TOM
            [("12.5 kg", Some(0.5), Some(12.0)), ("2 crate", None, Some(12.0))]"#]]
        .assert_eq(&format!("lot {}\n{table:?}", harvest.lot));
    }

    #[test]
    fn a_harvest_that_names_what_the_catalog_does_not_hold_is_refused() {
        let g = Garden::new();
        let mut doc = month_doc(Domain::Harvests);
        let a = author();
        let unknown = Uuid::from_u128(99);
        let mut out = String::new();
        let cases: [fn(&mut NewHarvest); 6] = [
            |h| h.bed = RETIRED_BED,
            |h| h.bed = BedId(Uuid::from_u128(99)),
            |h| h.crop = CropId(Uuid::from_u128(99)),
            |h| h.variety = Some(VarietyId(Uuid::from_u128(99))),
            |h| h.destination = Destination::Outlet(OutletId(Uuid::from_u128(99))),
            |h| h.weighings.clear(),
        ];
        for change in cases {
            let mut new = new_harvest();
            change(&mut new);
            let err = record_harvest(&mut doc, &g.catalog, &a, HARVEST, new).unwrap_err();
            out.push_str(&format!("{err}\n"));
        }
        expect![[r#"
            bed: A-08 is retired
            bed not found: <unknown>
            crop not found: <unknown>
            variety: not a variety of Tomate
            outlet not found: <unknown>
            weighing: a harvest needs at least one weighing
        "#]]
        .assert_eq(&out.replace(&unknown.to_string(), "<unknown>"));
        assert!(doc.records().is_empty());
    }

    #[test]
    fn a_harvest_with_a_bad_tare_or_outside_its_month_is_refused() {
        let g = Garden::new();
        let a = author();
        let mut doc = month_doc(Domain::Harvests);
        let mut new = new_harvest();
        new.weighings = vec![(kg(1.0), Some(2.0))];
        check_err(
            record_harvest(&mut doc, &g.catalog, &a, HARVEST, new),
            expect!["tare: 2 kg is not less than the gross weight 1 kg"],
        );
        let mut tasks = month_doc(Domain::Tasks);
        check_err(
            record_harvest(&mut tasks, &g.catalog, &a, HARVEST, new_harvest()),
            expect!["document: tasks/2026-11 does not hold harvests/2026-11"],
        );
    }

    #[test]
    fn a_harvest_under_an_id_already_written_is_refused() {
        let (g, mut doc, _) = with_harvest();
        check_err(
            record_harvest(&mut doc, &g.catalog, &author(), HARVEST, new_harvest()),
            expect!["id: a record with id 00000000-0000-0000-0000-000000000046 already exists"],
        );
    }

    #[test]
    fn a_weighing_added_later_is_its_own_record() {
        let (_, mut doc, harvest) = with_harvest();
        let id = WeighingId(Uuid::from_u128(71));
        let w = add_weighing(&mut doc, &author(), &harvest, id, kg(3.0), None).unwrap();
        assert_eq!(doc.records().len(), 2);
        assert!(read_records(&doc).0.contains(&Record::Weighing(w)));
    }

    #[test]
    fn a_weighing_on_a_voided_or_unknown_harvest_or_with_a_bad_tare_is_refused() {
        let (_, mut doc, harvest) = with_harvest();
        let a = author();
        let id = WeighingId(Uuid::from_u128(71));
        check_err(
            add_weighing(
                &mut doc,
                &a,
                &harvest,
                id,
                Quantity::new(1.0, Unit::Bunch).unwrap(),
                Some(0.1),
            ),
            expect!["tare: a tare applies to kg or g, not to bunch"],
        );
        let voided = void_harvest(&mut doc, &a, &harvest, name("erreur de planche")).unwrap();
        check_err(
            add_weighing(&mut doc, &a, &voided, id, kg(1.0), None),
            expect!["harvest: is voided: record a new harvest instead"],
        );
        let mut other = month_doc(Domain::Harvests);
        check_err(
            add_weighing(&mut other, &a, &harvest, id, kg(1.0), None),
            expect!["harvest not found: 00000000-0000-0000-0000-000000000046"],
        );
    }

    #[test]
    fn a_voided_harvest_is_stored_voided_and_cannot_be_voided_twice() {
        let (_, mut doc, harvest) = with_harvest();
        let a = author();
        let voided = void_harvest(&mut doc, &a, &harvest, name("doublon")).unwrap();
        let (records, _) = read_records(&doc);
        assert_eq!(records[0], Record::Harvest(voided.clone()));
        check_err(
            void_harvest(&mut doc, &a, &voided, name("doublon")),
            expect!["harvest: is already voided"],
        );
    }

    #[test]
    fn a_harvest_for_a_kind_of_destination_needs_no_outlet() {
        let g = Garden::new();
        let mut doc = month_doc(Domain::Harvests);
        let mut new = new_harvest();
        new.destination = Destination::Kind(DestinationKind::Donation);
        let (h, _) = record_harvest(&mut doc, &g.catalog, &author(), HARVEST, new).unwrap();
        assert_eq!(h.destination.to_string(), "donation");
    }

    #[test]
    fn a_redated_harvest_moves_with_its_weighings_and_the_copy_left_behind_is_marked() {
        let g = Garden::new();
        let wrong = chrono::DateTime::parse_from_rfc3339("1970-01-01T00:03:00+01:00").unwrap();
        let doc_of = |at: chrono::DateTime<chrono::FixedOffset>| {
            Document::new(
                crate::document::DocKey::Month {
                    farm: crate::testing::FARM,
                    domain: Domain::Harvests,
                    month: crate::values::Month::of(at.date_naive()),
                },
                automerge::ActorId::from(&[3; 16][..]),
            )
        };
        let mut old = doc_of(wrong);
        let a = Author {
            now: wrong,
            ..author()
        };
        let (harvest, _) =
            record_harvest(&mut old, &g.catalog, &a, HARVEST, new_harvest()).unwrap();
        let right = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
        let mut new = doc_of(right);
        let redated = redate_harvest(&mut old, &mut new, &author(), &harvest, right).unwrap();
        assert_eq!((redated.at, redated.created.at), (right, right));
        let (records, errors) = read_records(&new);
        assert!(errors.is_empty(), "{errors:?}");
        let days: Vec<String> = records
            .iter()
            .map(|r| match r {
                Record::Harvest(h) => format!("harvest {} {}", h.at.date_naive(), h.lot),
                Record::Weighing(w) => {
                    format!("weighing {} {}", w.created.at.date_naive(), w.quantity)
                }
                other => format!("{other:?}"),
            })
            .collect();
        expect![[r#"
            [
                "harvest 2026-11-20 19700101-A-07-TOM",
                "weighing 2026-11-20 12.5 kg",
                "weighing 2026-11-20 2 crate",
            ]
        "#]]
        .assert_debug_eq(&days);
        let left = old.record(&HARVEST.to_string()).unwrap();
        assert_eq!(left.str("moved_to"), Some("2026-11"));
        check_err(
            redate_harvest(&mut old, &mut new, &author(), &harvest, right),
            expect!["harvest: 00000000-0000-0000-0000-000000000046 moved to 2026-11"],
        );
        let mut same = doc_of(right);
        check_err(
            redate_harvest(&mut new, &mut same, &author(), &redated, right),
            expect![
                "date: harvest 00000000-0000-0000-0000-000000000046 is already in harvests/2026-11"
            ],
        );
    }
}
