//! Edits of what the catalog already holds: a person's role, language, PIN
//! and whether they are still on the team; a crop's default unit and kg
//! factors; a bed's size and zone; an outlet's name and kind.
//!
//! Each edit writes only the fields it names, so a concurrent edit of another
//! field on another device is kept, and an edit of the same field on two
//! devices stays a visible conflict (`Document::conflicts`). An edit naming
//! nothing to change is refused.
//!
//! Deliberately not here: hashing a PIN (the store draws the salt; the core
//! draws no randomness), renaming people, crops and beds (every record points
//! to them by id, but people and printed labels know them by name: a rename is
//! a decision of its own), and removing anything (entries are retired or made
//! inactive, never removed).

use std::collections::BTreeMap;

use automerge::ScalarValue;

use crate::catalog::{Bed, Catalog, Crop, Outlet, Person, codec::kg_per_field};
use crate::document::{Author, Document};
use crate::error::{Error, Result};
use crate::ids::*;
use crate::values::{DestinationKind, KgFactor, Lang, Metres, Name, Role, Unit, parse_kg_factor};
use crate::write::{expect_catalog, write_edit};

type Fields = Vec<(&'static str, ScalarValue)>;

/// The entry an edit starts from: a copy of what the catalog holds under
/// `id`, which the edit changes field by field and returns.
fn current<K: Ord + ToString, V: Clone>(
    entries: &BTreeMap<K, V>,
    kind: &'static str,
    id: &K,
) -> Result<V> {
    entries
        .get(id)
        .cloned()
        .ok_or_else(|| Error::not_found(kind, id.to_string()))
}

/// Writes the fields an edit names, and refuses an edit that names none.
fn write_fields(
    doc: &mut Document,
    author: &Author,
    kind: &'static str,
    id: impl ToString,
    fields: Fields,
) -> Result<()> {
    if fields.is_empty() {
        return Err(Error::invalid("edit", "nothing to change"));
    }
    write_edit(doc, author, &id.to_string(), kind, fields)
}

/// What changes about a person. `pin_hash: Some(None)` removes the PIN.
#[derive(Clone, Debug, Default)]
pub struct PersonEdit {
    pub role: Option<Role>,
    pub lang: Option<Lang>,
    pub pin_hash: Option<Option<String>>,
    pub active: Option<bool>,
}

/// Edits a person, active or not (making someone active again is an edit).
/// An inactive person stays in the catalog, so every record they made still
/// names them.
pub fn edit_person(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: PersonId,
    edit: PersonEdit,
) -> Result<Person> {
    expect_catalog(doc)?;
    let mut person = current(&catalog.people, "person", &id)?;
    let mut fields = Fields::new();
    if let Some(role) = edit.role {
        fields.push(("role", role.as_str().into()));
        person.role = role;
    }
    if let Some(lang) = edit.lang {
        fields.push(("lang", lang.as_str().into()));
        person.lang = lang;
    }
    if let Some(pin_hash) = edit.pin_hash {
        fields.push(("pin_hash", pin_hash.clone().unwrap_or_default().into()));
        person.pin_hash = pin_hash;
    }
    if let Some(active) = edit.active {
        if active == person.active {
            let state = if active { "active" } else { "inactive" };
            return Err(Error::invalid(
                "person",
                format!("{} is already {state}", person.name),
            ));
        }
        fields.push(("active", active.into()));
        person.active = active;
    }
    write_fields(doc, author, "person", id, fields)?;
    Ok(person)
}

/// What changes about a crop: its default unit, and kg factors to set (the
/// others are kept).
#[derive(Clone, Debug, Default)]
pub struct CropEdit {
    pub default_unit: Option<Unit>,
    pub kg_per: BTreeMap<Unit, KgFactor>,
}

pub fn edit_crop(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: CropId,
    edit: CropEdit,
) -> Result<Crop> {
    expect_catalog(doc)?;
    let mut crop = current(&catalog.crops, "crop", &id)?;
    let mut fields = Fields::new();
    if let Some(unit) = edit.default_unit {
        fields.push(("default_unit", unit.as_str().into()));
        crop.default_unit = unit;
    }
    for (unit, factor) in edit.kg_per {
        let factor = parse_kg_factor(unit, factor.get())?;
        // One field per unit: a factor corrected on one tablet and another
        // unit's on a second never conflict.
        fields.push((kg_per_field(unit), factor.get().into()));
        crop.kg_per.insert(unit, factor);
    }
    write_fields(doc, author, "crop", id, fields)?;
    Ok(crop)
}

/// What changes about a bed. Its code is what is painted on it and stays.
#[derive(Clone, Debug, Default)]
pub struct BedEdit {
    pub length: Option<Metres>,
    pub width: Option<Metres>,
    pub zone: Option<ZoneId>,
}

pub fn edit_bed(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: BedId,
    edit: BedEdit,
) -> Result<Bed> {
    expect_catalog(doc)?;
    let mut bed = current(&catalog.beds, "bed", &id)?;
    let mut fields = Fields::new();
    if let Some(length) = edit.length {
        fields.push(("length", length.get().into()));
        bed.length = length;
    }
    if let Some(width) = edit.width {
        fields.push(("width", width.get().into()));
        bed.width = width;
    }
    if let Some(zone) = edit.zone {
        if !catalog.zones.contains_key(&zone) {
            return Err(Error::not_found("zone", zone.to_string()));
        }
        fields.push(("zone", zone.to_string().into()));
        bed.zone = zone;
    }
    write_fields(doc, author, "bed", id, fields)?;
    Ok(bed)
}

/// What changes about an outlet: its name (still unique) and its kind.
#[derive(Clone, Debug, Default)]
pub struct OutletEdit {
    pub name: Option<Name>,
    pub kind: Option<DestinationKind>,
}

pub fn edit_outlet(
    doc: &mut Document,
    catalog: &Catalog,
    author: &Author,
    id: OutletId,
    edit: OutletEdit,
) -> Result<Outlet> {
    expect_catalog(doc)?;
    let mut outlet = current(&catalog.outlets, "outlet", &id)?;
    let mut fields = Fields::new();
    if let Some(name) = edit.name {
        if let Some(other) = catalog.outlet_by_name(name.as_str())
            && other.id != id
        {
            return Err(Error::invalid("outlet", format!("{name} already exists")));
        }
        fields.push(("name", name.as_str().into()));
        outlet.name = name;
    }
    if let Some(kind) = edit.kind {
        fields.push(("kind", kind.as_str().into()));
        outlet.kind = kind;
    }
    write_fields(doc, author, "outlet", id, fields)?;
    Ok(outlet)
}

#[cfg(test)]
mod tests {
    use automerge::ActorId;
    use expect_test::{Expect, expect};

    use super::*;
    use crate::testing::{ANNE, BED, CROP, GONE, Garden, OUTLET, ZONE, author, factor, name};

    fn check_err<T: std::fmt::Debug>(result: Result<T>, expect: Expect) {
        expect.assert_eq(&result.unwrap_err().to_string());
    }

    #[test]
    fn a_person_edit_writes_role_language_and_activity_and_reads_back() {
        let mut g = Garden::new();
        let edit = PersonEdit {
            role: Some(Role::Supervisor),
            lang: Some(Lang::En),
            active: Some(false),
            ..PersonEdit::default()
        };
        edit_person(&mut g.doc, &g.catalog, &author(), ANNE, edit).unwrap();
        g.reread();
        let anne = &g.catalog.people[&ANNE];
        assert_eq!(
            (anne.role, anne.lang, anne.active),
            (Role::Supervisor, Lang::En, false)
        );
        // Still in the catalog: records made by Anne keep her name.
        assert_eq!(g.catalog.person_name(ANNE), "Anne");
    }

    #[test]
    fn an_inactive_person_is_made_active_again_and_a_pin_is_set_then_removed() {
        let mut g = Garden::new();
        let edit = PersonEdit {
            active: Some(true),
            pin_hash: Some(Some("sha256$00$ff".into())),
            ..PersonEdit::default()
        };
        edit_person(&mut g.doc, &g.catalog, &author(), GONE, edit).unwrap();
        g.reread();
        assert!(g.catalog.people[&GONE].active);
        assert_eq!(
            g.catalog.people[&GONE].pin_hash.as_deref(),
            Some("sha256$00$ff")
        );
        let edit = PersonEdit {
            pin_hash: Some(None),
            ..PersonEdit::default()
        };
        edit_person(&mut g.doc, &g.catalog, &author(), GONE, edit).unwrap();
        g.reread();
        assert_eq!(g.catalog.people[&GONE].pin_hash, None);
    }

    #[test]
    fn an_edit_naming_nothing_or_restating_activity_is_refused() {
        let g = &mut Garden::new();
        check_err(
            edit_person(
                &mut g.doc,
                &g.catalog,
                &author(),
                ANNE,
                PersonEdit::default(),
            ),
            expect!["edit: nothing to change"],
        );
        let edit = PersonEdit {
            active: Some(false),
            ..PersonEdit::default()
        };
        check_err(
            edit_person(&mut g.doc, &g.catalog, &author(), GONE, edit),
            expect!["person: Paul is already inactive"],
        );
        check_err(
            edit_crop(&mut g.doc, &g.catalog, &author(), CROP, CropEdit::default()),
            expect!["edit: nothing to change"],
        );
        check_err(
            edit_bed(&mut g.doc, &g.catalog, &author(), BED, BedEdit::default()),
            expect!["edit: nothing to change"],
        );
        check_err(
            edit_outlet(
                &mut g.doc,
                &g.catalog,
                &author(),
                OUTLET,
                OutletEdit::default(),
            ),
            expect!["edit: nothing to change"],
        );
    }

    #[test]
    fn a_crop_edit_sets_the_unit_and_one_factor_and_keeps_the_others() {
        let mut g = Garden::new();
        let edit = CropEdit {
            default_unit: Some(Unit::Crate),
            kg_per: BTreeMap::from([(Unit::Bunch, factor(Unit::Bunch, 0.4))]),
        };
        edit_crop(&mut g.doc, &g.catalog, &author(), CROP, edit).unwrap();
        g.reread();
        let crop = &g.catalog.crops[&CROP];
        assert_eq!(crop.default_unit, Unit::Crate);
        assert_eq!(
            crop.kg_per,
            BTreeMap::from([
                (Unit::Bunch, factor(Unit::Bunch, 0.4)),
                (Unit::Crate, factor(Unit::Crate, 6.0))
            ])
        );
    }

    #[test]
    fn a_bad_factor_cannot_be_built_and_a_factor_for_a_mass_is_refused_with_nothing_written() {
        check_err(
            parse_kg_factor(Unit::Crate, -1.0),
            expect!["conversion: -1 kg per crate must be more than 0 and at most 1000"],
        );
        let mut g = Garden::new();
        let edit = CropEdit {
            default_unit: Some(Unit::Piece),
            kg_per: BTreeMap::from([(Unit::Kg, factor(Unit::Crate, 1.0))]),
        };
        check_err(
            edit_crop(&mut g.doc, &g.catalog, &author(), CROP, edit),
            expect!["conversion: kg is a mass: it needs no conversion to kg"],
        );
        g.reread();
        assert_eq!(g.catalog.crops[&CROP].default_unit, Unit::Kg);
    }

    #[test]
    fn a_bed_edit_changes_its_size_and_needs_a_known_zone() {
        let mut g = Garden::new();
        let edit = BedEdit {
            length: Some(Metres::new("length", 25.0).unwrap()),
            zone: Some(ZONE),
            ..BedEdit::default()
        };
        edit_bed(&mut g.doc, &g.catalog, &author(), BED, edit).unwrap();
        g.reread();
        assert_eq!(g.catalog.beds[&BED].length.get(), 25.0);
        assert_eq!(g.catalog.beds[&BED].width.get(), 0.8);
        let edit = BedEdit {
            zone: Some(ZoneId(uuid::Uuid::from_u128(99))),
            ..BedEdit::default()
        };
        check_err(
            edit_bed(&mut g.doc, &g.catalog, &author(), BED, edit),
            expect!["zone not found: 00000000-0000-0000-0000-000000000063"],
        );
    }

    #[test]
    fn an_outlet_is_renamed_but_not_onto_another_outlets_name() {
        let mut g = Garden::new();
        let edit = OutletEdit {
            name: Some(name("Cantine Ferry")),
            kind: Some(DestinationKind::Basket),
        };
        edit_outlet(&mut g.doc, &g.catalog, &author(), OUTLET, edit).unwrap();
        g.reread();
        assert_eq!(g.catalog.outlets[&OUTLET].name.as_str(), "Cantine Ferry");
        assert_eq!(g.catalog.outlets[&OUTLET].kind, DestinationKind::Basket);
        // Its own name in other letters is not another outlet's.
        let edit = OutletEdit {
            name: Some(name("CANTINE FERRY")),
            ..OutletEdit::default()
        };
        edit_outlet(&mut g.doc, &g.catalog, &author(), OUTLET, edit).unwrap();
    }

    #[test]
    fn one_bed_field_edited_on_two_devices_is_a_visible_conflict_and_other_fields_merge() {
        let mut g = Garden::new();
        let snapshot = g.doc.snapshot();
        let mut other =
            Document::load(g.doc.key(), [&snapshot[..]], ActorId::from(&[2; 16][..])).unwrap();
        let metres = |v| Metres::new("length", v).unwrap();
        let here = BedEdit {
            length: Some(metres(24.0)),
            ..BedEdit::default()
        };
        let there = BedEdit {
            length: Some(metres(26.0)),
            width: Some(metres(1.2)),
            ..BedEdit::default()
        };
        edit_bed(&mut g.doc, &g.catalog, &author(), BED, here).unwrap();
        edit_bed(&mut other, &g.catalog, &author(), BED, there).unwrap();
        g.doc.automerge().merge(other.automerge()).unwrap();
        g.reread();
        assert_eq!(g.catalog.beds[&BED].width.get(), 1.2);
        let fields: Vec<String> = g.doc.conflicts().into_iter().map(|c| c.field).collect();
        assert_eq!(fields, ["length"]);
    }
}
