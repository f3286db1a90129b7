//! The catalog's writes: the farm, zones and beds, families, crops and
//! varieties, people and outlets, each checked against the catalog before
//! anything is written, in one Automerge change of the catalog document.
//!
//! Deliberately not here: recurring task templates (they live in the catalog
//! document but belong to `tasks`), and reading the catalog (`Catalog`).

use crate::catalog::{Bed, Catalog, Crop, Family, Farm, Outlet, Person, Variety, Zone};
use crate::document::{Author, Document};
use crate::error::{Error, Result};
use crate::ids::*;
use crate::record::Record;
use crate::values::{BedCode, Metres, Name};
use crate::write::{expect_catalog, write_edit, write_new};

pub fn create_farm(doc: &mut Document, author: &Author, name: Name) -> Result<Farm> {
    expect_catalog(doc)?;
    let farm = Farm {
        id: doc.key().farm(),
        name,
    };
    doc.put_record(
        author,
        &farm.id.to_string(),
        "farm",
        &Record::Farm(farm.clone()).fields(),
    )?;
    Ok(farm)
}

pub fn add_zone(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: ZoneId,
    name: Name,
) -> Result<Zone> {
    expect_catalog(doc)?;
    if catalog.zone_by_name(name.as_str()).is_some() {
        return Err(Error::invalid("zone", format!("{name} already exists")));
    }
    let zone = Zone {
        id,
        name,
        retired: false,
    };
    write_new(doc, author, &Record::Zone(zone.clone()))?;
    Ok(zone)
}

#[derive(Clone, Debug)]
pub struct NewBed {
    pub code: BedCode,
    pub zone: ZoneId,
    pub length: Metres,
    pub width: Metres,
}

pub fn add_bed(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: BedId,
    new: NewBed,
) -> Result<Bed> {
    expect_catalog(doc)?;
    if catalog.bed_by_code(&new.code).is_ok() {
        return Err(Error::invalid(
            "bed code",
            format!("{} is already used on this farm", new.code),
        ));
    }
    if !catalog.zones.contains_key(&new.zone) {
        return Err(Error::not_found("zone", new.zone.to_string()));
    }
    let bed = Bed {
        id,
        code: new.code,
        zone: new.zone,
        length: new.length,
        width: new.width,
        retired: false,
    };
    write_new(doc, author, &Record::Bed(bed.clone()))?;
    Ok(bed)
}

pub fn retire_bed(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    code: &BedCode,
) -> Result<Bed> {
    expect_catalog(doc)?;
    let mut bed = catalog.bed_by_code(code)?.clone();
    if bed.retired {
        return Err(Error::invalid("bed", format!("{code} is already retired")));
    }
    write_edit(
        doc,
        author,
        &bed.id.to_string(),
        "bed",
        vec![("retired", true.into())],
    )?;
    bed.retired = true;
    Ok(bed)
}

pub fn add_family(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: FamilyId,
    name: Name,
) -> Result<Family> {
    expect_catalog(doc)?;
    if catalog.family_by_name(name.as_str()).is_some() {
        return Err(Error::invalid("family", format!("{name} already exists")));
    }
    let family = Family { id, name };
    write_new(doc, author, &Record::Family(family.clone()))?;
    Ok(family)
}

pub fn add_crop(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    crop: Crop,
) -> Result<Crop> {
    expect_catalog(doc)?;
    if catalog.crop_by_name(crop.name.as_str()).is_ok() {
        return Err(Error::invalid(
            "crop",
            format!("{} already exists", crop.name),
        ));
    }
    if !catalog.families.contains_key(&crop.family) {
        return Err(Error::not_found("family", crop.family.to_string()));
    }
    for (unit, factor) in &crop.kg_per {
        crate::values::parse_kg_factor(*unit, factor.get())?;
    }
    write_new(doc, author, &Record::Crop(crop.clone()))?;
    Ok(crop)
}

pub fn add_variety(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    variety: Variety,
) -> Result<Variety> {
    expect_catalog(doc)?;
    if !catalog.crops.contains_key(&variety.crop) {
        return Err(Error::not_found("crop", variety.crop.to_string()));
    }
    if catalog
        .variety_by_name(variety.crop, variety.name.as_str())
        .is_ok()
    {
        return Err(Error::invalid(
            "variety",
            format!("{} already exists for this crop", variety.name),
        ));
    }
    write_new(doc, author, &Record::Variety(variety.clone()))?;
    Ok(variety)
}

pub fn add_person(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    person: Person,
) -> Result<Person> {
    expect_catalog(doc)?;
    if catalog.person_by_name(person.name.as_str()).is_ok() {
        return Err(Error::invalid(
            "person",
            format!("{} already exists", person.name),
        ));
    }
    write_new(doc, author, &Record::Person(person.clone()))?;
    Ok(person)
}

pub fn add_outlet(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    outlet: Outlet,
) -> Result<Outlet> {
    expect_catalog(doc)?;
    if catalog.outlet_by_name(outlet.name.as_str()).is_some() {
        return Err(Error::invalid(
            "outlet",
            format!("{} already exists", outlet.name),
        ));
    }
    write_new(doc, author, &Record::Outlet(outlet.clone()))?;
    Ok(outlet)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use expect_test::{Expect, expect};
    use uuid::Uuid;

    use super::*;
    use crate::testing::{ANNE, BED, CROP, FAMILY, Garden, ZONE, author, code, name};
    use crate::values::{DestinationKind, Lang, Role, Unit};

    fn check_err<T: std::fmt::Debug>(result: Result<T>, expect: Expect) {
        expect.assert_eq(&result.unwrap_err().to_string());
    }

    fn bed(text: &str, zone: ZoneId) -> NewBed {
        NewBed {
            code: code(text),
            zone,
            length: Metres::new("length", 10.0).unwrap(),
            width: Metres::new("width", 0.75).unwrap(),
        }
    }

    fn crop(text: &str, family: FamilyId, kg_per_crate: f64) -> Crop {
        Crop {
            id: CropId(Uuid::from_u128(100)),
            name: name(text),
            family,
            default_unit: Unit::Bunch,
            kg_per: BTreeMap::from([(
                Unit::Crate,
                crate::testing::factor(Unit::Crate, kg_per_crate),
            )]),
            retired: false,
        }
    }

    fn person(text: &str) -> Person {
        Person {
            id: PersonId(Uuid::from_u128(101)),
            name: name(text),
            role: Role::Worker,
            lang: Lang::En,
            pin_hash: None,
            active: true,
        }
    }

    #[test]
    fn a_whole_catalog_written_by_the_catalog_writes_reads_back_whole() {
        let g = Garden::new();
        let c = &g.catalog;
        let summary = format!(
            "farm {}\nzones {:?}\nbeds {:?}\nfamilies {:?}\ncrops {:?}\nvarieties {:?}\npeople {:?}\noutlets {:?}",
            c.farm.as_ref().unwrap().name,
            c.zones
                .values()
                .map(|z| z.name.as_str())
                .collect::<Vec<_>>(),
            c.beds
                .values()
                .map(|b| (b.code.as_str(), b.area_m2(), b.retired))
                .collect::<Vec<_>>(),
            c.families
                .values()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>(),
            c.crops
                .values()
                .map(|c| (c.name.as_str(), c.kg_per_unit(Unit::Crate)))
                .collect::<Vec<_>>(),
            c.varieties
                .values()
                .map(|v| v.name.as_str())
                .collect::<Vec<_>>(),
            c.people
                .values()
                .map(|p| (p.name.as_str(), p.active))
                .collect::<Vec<_>>(),
            c.outlets
                .values()
                .map(|o| o.name.as_str())
                .collect::<Vec<_>>(),
        );
        expect![[r#"
            farm Les Jardins
            zones ["Serre"]
            beds [("A-07", 16.0, false), ("A-08", 16.0, true)]
            families ["Solanacées"]
            crops [("Tomate", Some(6.0))]
            varieties ["Cœur de bœuf"]
            people [("Anne", true), ("Paul", false)]
            outlets ["Cantine Jaurès"]"#]]
        .assert_eq(&summary);
    }

    #[test]
    fn a_catalog_write_into_a_month_document_is_refused() {
        let g = Garden::new();
        let mut doc = crate::testing::month_doc(crate::document::Domain::Tasks);
        check_err(
            add_zone(
                &mut doc,
                &g.catalog,
                &author(),
                ZoneId(Uuid::from_u128(50)),
                name("Nord"),
            ),
            expect!["document: tasks/2026-11 is not the catalog"],
        );
        check_err(
            create_farm(&mut doc, &author(), name("Autre")),
            expect!["document: tasks/2026-11 is not the catalog"],
        );
    }

    #[test]
    fn a_second_zone_of_the_same_name_is_refused() {
        let mut g = Garden::new();
        check_err(
            add_zone(
                &mut g.doc,
                &g.catalog,
                &author(),
                ZoneId(Uuid::from_u128(50)),
                name("serre"),
            ),
            expect!["zone: serre already exists"],
        );
    }

    #[test]
    fn a_bed_is_added_in_a_known_zone_under_a_new_code() {
        let mut g = Garden::new();
        let new = add_bed(
            &mut g.doc,
            &g.catalog,
            &author(),
            BedId(Uuid::from_u128(50)),
            bed("B-01", ZONE),
        )
        .unwrap();
        g.reread();
        assert_eq!(g.catalog.bed_by_code(&code("B-01")).unwrap(), &new);
    }

    #[test]
    fn a_bed_with_a_used_code_or_an_unknown_zone_is_refused() {
        let mut g = Garden::new();
        let a = author();
        let id = BedId(Uuid::from_u128(50));
        check_err(
            add_bed(&mut g.doc, &g.catalog, &a, id, bed("a-07", ZONE)),
            expect!["bed code: A-07 is already used on this farm"],
        );
        check_err(
            add_bed(
                &mut g.doc,
                &g.catalog,
                &a,
                id,
                bed("B-01", ZoneId(Uuid::from_u128(99))),
            ),
            expect!["zone not found: 00000000-0000-0000-0000-000000000063"],
        );
    }

    #[test]
    fn a_retired_bed_stays_in_the_catalog_and_cannot_be_retired_twice() {
        let mut g = Garden::new();
        let retired = retire_bed(&mut g.doc, &g.catalog, &author(), &code("A-07")).unwrap();
        assert!(retired.retired);
        g.reread();
        assert!(g.catalog.beds[&BED].retired);
        check_err(
            retire_bed(&mut g.doc, &g.catalog, &author(), &code("A-07")),
            expect!["bed: A-07 is already retired"],
        );
    }

    #[test]
    fn a_second_family_of_the_same_name_is_refused() {
        let mut g = Garden::new();
        check_err(
            add_family(
                &mut g.doc,
                &g.catalog,
                &author(),
                FamilyId(Uuid::from_u128(50)),
                name("SOLANACÉES"),
            ),
            expect!["family: SOLANACÉES already exists"],
        );
    }

    #[test]
    fn a_crop_is_added_with_its_kg_factors() {
        let mut g = Garden::new();
        add_crop(
            &mut g.doc,
            &g.catalog,
            &author(),
            crop("Radis", FAMILY, 4.5),
        )
        .unwrap();
        g.reread();
        let radis = g.catalog.crop_by_name("radis").unwrap();
        assert_eq!(radis.kg_per_unit(Unit::Crate), Some(4.5));
    }

    #[test]
    fn a_crop_with_a_used_name_an_unknown_family_or_a_factor_for_a_mass_is_refused() {
        let mut g = Garden::new();
        let a = author();
        check_err(
            add_crop(&mut g.doc, &g.catalog, &a, crop("tomate", FAMILY, 4.5)),
            expect!["crop: tomate already exists"],
        );
        check_err(
            add_crop(
                &mut g.doc,
                &g.catalog,
                &a,
                crop("Radis", FamilyId(Uuid::from_u128(99)), 4.5),
            ),
            expect!["family not found: 00000000-0000-0000-0000-000000000063"],
        );
        // A bad factor cannot even be built (`KgFactor`); a good one filed
        // under a mass unit is refused here.
        let mut by_mass = crop("Radis", FAMILY, 4.5);
        by_mass.kg_per = BTreeMap::from([(Unit::Kg, crate::testing::factor(Unit::Crate, 1.0))]);
        check_err(
            add_crop(&mut g.doc, &g.catalog, &a, by_mass),
            expect!["conversion: kg is a mass: it needs no conversion to kg"],
        );
    }

    #[test]
    fn a_variety_needs_a_known_crop_and_a_name_new_for_that_crop() {
        let mut g = Garden::new();
        let a = author();
        let variety = |crop, text: &str| Variety {
            id: VarietyId(Uuid::from_u128(50)),
            crop,
            name: name(text),
            retired: false,
        };
        add_variety(&mut g.doc, &g.catalog, &a, variety(CROP, "Noire de Crimée")).unwrap();
        g.reread();
        check_err(
            add_variety(&mut g.doc, &g.catalog, &a, variety(CROP, "noire de crimée")),
            expect!["variety: noire de crimée already exists for this crop"],
        );
        check_err(
            add_variety(
                &mut g.doc,
                &g.catalog,
                &a,
                variety(CropId(Uuid::from_u128(99)), "Rose"),
            ),
            expect!["crop not found: 00000000-0000-0000-0000-000000000063"],
        );
    }

    #[test]
    fn a_person_is_added_once_by_name() {
        let mut g = Garden::new();
        add_person(&mut g.doc, &g.catalog, &author(), person("Lucie")).unwrap();
        g.reread();
        assert_eq!(
            g.catalog.person_by_name("lucie").unwrap().role,
            Role::Worker
        );
        check_err(
            add_person(&mut g.doc, &g.catalog, &author(), person("ANNE")),
            expect!["person: ANNE already exists"],
        );
        assert!(g.catalog.people.contains_key(&ANNE));
    }

    #[test]
    fn an_outlet_is_added_once_by_name() {
        let mut g = Garden::new();
        let outlet = |text: &str| Outlet {
            id: OutletId(Uuid::from_u128(50)),
            name: name(text),
            kind: DestinationKind::Basket,
            retired: false,
        };
        add_outlet(&mut g.doc, &g.catalog, &author(), outlet("AMAP du jeudi")).unwrap();
        g.reread();
        assert!(g.catalog.outlet_by_name("amap du jeudi").is_some());
        check_err(
            add_outlet(&mut g.doc, &g.catalog, &author(), outlet("cantine jaurès")),
            expect!["outlet: cantine jaurès already exists"],
        );
    }

    #[test]
    fn a_record_id_already_in_the_document_is_refused() {
        let mut g = Garden::new();
        check_err(
            add_zone(&mut g.doc, &g.catalog, &author(), ZONE, name("Nord")),
            expect!["id: a record with id 00000000-0000-0000-0000-000000000002 already exists"],
        );
    }
}
