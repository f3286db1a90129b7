//! The harvests' questions: what was harvested, grouped by crop, week, bed
//! or destination, with kg per m², and a destination's name.
//!
//! Queries are pure functions over records; the store decides which records
//! to fetch (by index) and hands them in. Deliberately not here: reading the
//! records (the store), and the CSV export (the shells).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::harvests::{Destination, Harvest, Total, Weighing};
use crate::ids::*;
use crate::values::DestinationKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Crop,
    Week,
    Bed,
    Destination,
}

impl std::str::FromStr for GroupBy {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "crop" | "culture" => Ok(GroupBy::Crop),
            "week" | "semaine" => Ok(GroupBy::Week),
            "bed" | "planche" => Ok(GroupBy::Bed),
            "destination" => Ok(GroupBy::Destination),
            other => Err(crate::Error::invalid(
                "group",
                format!("`{other}` is not one of crop, week, bed, destination"),
            )),
        }
    }
}

/// One line of a harvest report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    /// The crop's name, the ISO week, the bed's code, the outlet's name, or
    /// the code of a destination kind (then also in `destination`, for the
    /// reader to put into words).
    pub key: String,
    pub destination: Option<DestinationKind>,
    pub harvests: usize,
    pub total: Total,
    /// Area of the distinct beds these harvests came from.
    pub area_m2: f64,
    pub kg_per_m2: Option<f64>,
}

/// Harvest totals grouped as asked, between two dates inclusive. Voided
/// harvests count nowhere. Counts without a kg conversion stay in their unit.
pub fn harvest_report(
    catalog: &Catalog,
    harvests: &[Harvest],
    weighings: &[Weighing],
    by: GroupBy,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Vec<ReportRow> {
    let mut by_harvest: BTreeMap<HarvestId, Vec<&Weighing>> = BTreeMap::new();
    for w in weighings {
        by_harvest.entry(w.harvest).or_default().push(w);
    }
    struct Acc {
        harvests: usize,
        total: Total,
        beds: BTreeSet<BedId>,
    }
    let mut groups: BTreeMap<(String, Option<DestinationKind>), Acc> = BTreeMap::new();
    for h in harvests {
        let day = h.at.date_naive();
        if h.voided.is_some() || from.is_some_and(|f| day < f) || to.is_some_and(|t| day > t) {
            continue;
        }
        let Some(crop) = catalog.crops.get(&h.crop) else {
            continue;
        };
        let kind = match (by, &h.destination) {
            (GroupBy::Destination, Destination::Kind(kind)) => Some(*kind),
            _ => None,
        };
        let key = match by {
            GroupBy::Crop => crop.name.to_string(),
            GroupBy::Week => {
                let w = day.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            GroupBy::Bed => catalog.bed_code(h.bed),
            GroupBy::Destination => destination_name(catalog, &h.destination),
        };
        let acc = groups.entry((key, kind)).or_insert_with(|| Acc {
            harvests: 0,
            total: Total::default(),
            beds: BTreeSet::new(),
        });
        acc.harvests += 1;
        acc.beds.insert(h.bed);
        for w in by_harvest.get(&h.id).into_iter().flatten() {
            acc.total.add(w, crop);
        }
    }
    groups
        .into_iter()
        .map(|((key, destination), acc)| {
            let area: f64 = acc
                .beds
                .iter()
                .filter_map(|b| catalog.beds.get(b))
                .map(|b| b.area_m2())
                .sum();
            ReportRow {
                key,
                destination,
                harvests: acc.harvests,
                kg_per_m2: (area > 0.0 && acc.total.kg > 0.0).then(|| acc.total.kg / area),
                area_m2: area,
                total: acc.total,
            }
        })
        .collect()
}

pub fn destination_name(catalog: &Catalog, destination: &Destination) -> String {
    match destination {
        Destination::Outlet(id) => catalog
            .outlets
            .get(id)
            .map_or_else(|| id.to_string(), |o| o.name.to_string()),
        Destination::Kind(kind) => kind.as_str().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;
    use uuid::Uuid;

    use super::*;
    use crate::document::Domain;
    use crate::harvests::{NewHarvest, record_harvest, void_harvest};
    use crate::testing::{BED, CROP, Garden, OUTLET, author, month_doc, name};
    use crate::values::{DestinationKind, Quantity, Unit};

    /// Three harvests of the garden's tomatoes: two kept (one to the outlet,
    /// one given away), one voided.
    fn harvests() -> (Garden, Vec<Harvest>, Vec<Weighing>) {
        let g = Garden::new();
        let mut doc = month_doc(Domain::Harvests);
        let (mut hs, mut ws) = (Vec::new(), Vec::new());
        for (n, destination, weighings) in [
            (
                1,
                Destination::Outlet(OUTLET),
                vec![(12.0, Unit::Kg), (2.0, Unit::Crate)],
            ),
            (
                2,
                Destination::Kind(DestinationKind::Donation),
                vec![(500.0, Unit::G)],
            ),
            (
                3,
                Destination::Kind(DestinationKind::Loss),
                vec![(4.0, Unit::Kg)],
            ),
        ] {
            let new = NewHarvest {
                bed: BED,
                crop: CROP,
                variety: None,
                destination,
                note: crate::values::Note::default(),
                weighings: weighings
                    .into_iter()
                    .map(|(v, u)| (Quantity::new(v, u).unwrap(), None))
                    .collect(),
            };
            let id = HarvestId(Uuid::from_u128(n));
            let (h, w) = record_harvest(&mut doc, &g.catalog, &author(), id, new).unwrap();
            hs.push(h);
            ws.extend(w);
        }
        let voided = void_harvest(&mut doc, &author(), &hs[2], name("erreur")).unwrap();
        hs[2] = voided;
        (g, hs, ws)
    }

    #[test]
    fn the_report_sums_kept_harvests_by_each_grouping_with_kg_per_square_metre() {
        let (g, hs, ws) = harvests();
        let mut out = String::new();
        for by in [
            GroupBy::Crop,
            GroupBy::Week,
            GroupBy::Bed,
            GroupBy::Destination,
        ] {
            for r in harvest_report(&g.catalog, &hs, &ws, by, None, None) {
                out.push_str(&format!(
                    "{by:?} {}: {} harvests, {:.3} kg, {} m², {:.4} kg/m²\n",
                    r.key,
                    r.harvests,
                    r.total.kg,
                    r.area_m2,
                    r.kg_per_m2.unwrap_or_default()
                ));
            }
        }
        expect![[r#"
            Crop Tomate: 2 harvests, 24.500 kg, 16 m², 1.5312 kg/m²
            Week 2026-W47: 2 harvests, 24.500 kg, 16 m², 1.5312 kg/m²
            Bed A-07: 2 harvests, 24.500 kg, 16 m², 1.5312 kg/m²
            Destination Cantine Jaurès: 1 harvests, 24.000 kg, 16 m², 1.5000 kg/m²
            Destination donation: 1 harvests, 0.500 kg, 16 m², 0.0312 kg/m²
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn the_report_leaves_out_days_outside_its_dates() {
        let (g, hs, ws) = harvests();
        let after = NaiveDate::from_ymd_opt(2026, 11, 23);
        assert!(harvest_report(&g.catalog, &hs, &ws, GroupBy::Crop, after, None).is_empty());
    }

    #[test]
    fn group_by_reads_english_and_french_words() {
        let parsed: Vec<_> = ["crop", "Semaine", "planche", "destination", "lune"]
            .iter()
            .map(|w| w.parse::<GroupBy>().map_err(|e| e.to_string()))
            .collect();
        expect![[r#"
            [
                Ok(
                    Crop,
                ),
                Ok(
                    Week,
                ),
                Ok(
                    Bed,
                ),
                Ok(
                    Destination,
                ),
                Err(
                    "group: `lune` is not one of crop, week, bed, destination",
                ),
            ]"#]]
        .assert_eq(&format!("{parsed:#?}"));
    }

    #[test]
    fn a_destination_is_named_by_its_outlet_or_its_kind() {
        let g = Garden::new();
        assert_eq!(
            destination_name(&g.catalog, &Destination::Outlet(OUTLET)),
            "Cantine Jaurès"
        );
        assert_eq!(
            destination_name(&g.catalog, &Destination::Kind(DestinationKind::Basket)),
            "basket"
        );
    }
}
