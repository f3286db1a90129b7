//! The catalog's CSV sheets: zones, beds, families, crops, people, outlets,
//! sorted by the name a person looks for. PIN hashes are never exported.

use carnet_core::catalog::Catalog;
use carnet_core::values::Unit;
use carnet_core::words::Words;

use super::export::{Sheet, yes};
use crate::output::decimal;

pub(super) fn zones(catalog: &Catalog, words: Words) -> Sheet {
    let mut zones: Vec<_> = catalog.zones.values().collect();
    zones.sort_by_key(|z| z.name.folded());
    Sheet {
        kind: "zones",
        headers: &["id", "name", "retired"],
        rows: zones
            .iter()
            .map(|z| vec![z.id.to_string(), z.name.to_string(), yes(words, z.retired)])
            .collect(),
    }
}

pub(super) fn beds(catalog: &Catalog, words: Words) -> Sheet {
    let mut beds: Vec<_> = catalog.beds.values().collect();
    beds.sort_by(|a, b| a.code.cmp(&b.code));
    let headers = &[
        "id", "code", "zone_id", "zone", "length_m", "width_m", "area_m2", "retired",
    ];
    let rows = beds
        .iter()
        .map(|b| {
            let zone = catalog.zones.get(&b.zone).map(|z| z.name.to_string());
            vec![
                b.id.to_string(),
                b.code.to_string(),
                b.zone.to_string(),
                zone.unwrap_or_default(),
                decimal(b.length.get()),
                decimal(b.width.get()),
                decimal(b.area_m2()),
                yes(words, b.retired),
            ]
        })
        .collect();
    Sheet {
        kind: "beds",
        headers,
        rows,
    }
}

pub(super) fn families(catalog: &Catalog) -> Sheet {
    let mut families: Vec<_> = catalog.families.values().collect();
    families.sort_by_key(|f| f.name.folded());
    Sheet {
        kind: "families",
        headers: &["id", "name"],
        rows: families
            .iter()
            .map(|f| vec![f.id.to_string(), f.name.to_string()])
            .collect(),
    }
}

pub(super) fn crops(catalog: &Catalog, words: Words) -> Sheet {
    let mut crops: Vec<_> = catalog.crops.values().collect();
    crops.sort_by_key(|c| c.name.folded());
    let headers = &[
        "id",
        "name",
        "family_id",
        "family",
        "unit",
        "kg_per_bunch",
        "kg_per_piece",
        "kg_per_crate",
        "retired",
    ];
    let factor = |c: &carnet_core::catalog::Crop, unit| {
        c.kg_per
            .get(&unit)
            .map(|f| decimal(f.get()))
            .unwrap_or_default()
    };
    let rows = crops
        .iter()
        .map(|c| {
            let family = catalog.families.get(&c.family).map(|f| f.name.to_string());
            vec![
                c.id.to_string(),
                c.name.to_string(),
                c.family.to_string(),
                family.unwrap_or_default(),
                words.unit(c.default_unit).to_owned(),
                factor(c, Unit::Bunch),
                factor(c, Unit::Piece),
                factor(c, Unit::Crate),
                yes(words, c.retired),
            ]
        })
        .collect();
    Sheet {
        kind: "crops",
        headers,
        rows,
    }
}

pub(super) fn people(catalog: &Catalog, words: Words) -> Sheet {
    let mut people: Vec<_> = catalog.people.values().collect();
    people.sort_by_key(|p| p.name.folded());
    Sheet {
        kind: "people",
        headers: &["id", "name", "role", "lang", "has_pin", "active"],
        rows: people
            .iter()
            .map(|p| {
                vec![
                    p.id.to_string(),
                    p.name.to_string(),
                    words.role(p.role).to_owned(),
                    p.lang.to_string(),
                    yes(words, p.pin_hash.is_some()),
                    yes(words, p.active),
                ]
            })
            .collect(),
    }
}

pub(super) fn outlets(catalog: &Catalog, words: Words) -> Sheet {
    let mut outlets: Vec<_> = catalog.outlets.values().collect();
    outlets.sort_by_key(|o| o.name.folded());
    Sheet {
        kind: "outlets",
        headers: &["id", "name", "kind", "retired"],
        rows: outlets
            .iter()
            .map(|o| {
                vec![
                    o.id.to_string(),
                    o.name.to_string(),
                    words.destination_kind(o.kind).to_owned(),
                    yes(words, o.retired),
                ]
            })
            .collect(),
    }
}
