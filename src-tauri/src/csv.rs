//! The CSV of a harvest report: one line per group, kg with a dot, counts
//! without conversion in their own column, headers, destination kinds and
//! units in the words of the person holding the tablet (carnet-core's
//! `words`), whoever recorded the harvests. Quoting and lines are the shared
//! writer's (carnet-store's `csv_sheet`), as in the command line's export.

use carnet_core::values::{self, Lang};
use carnet_core::words::Words;
use chrono::NaiveDate;

use crate::ipc::{GroupBy, ReportRow};

pub(crate) fn file_name(
    group: GroupBy,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    words: Words,
) -> String {
    let (stem, all) = match words.lang() {
        Lang::Fr => ("recoltes-par", "tout"),
        Lang::En => ("harvests-by", "all"),
    };
    let group = match (group, words.lang()) {
        (GroupBy::Crop, Lang::Fr) => "culture",
        (GroupBy::Week, Lang::Fr) => "semaine",
        (GroupBy::Bed, Lang::Fr) => "planche",
        (GroupBy::Crop, Lang::En) => "crop",
        (GroupBy::Week, Lang::En) => "week",
        (GroupBy::Bed, Lang::En) => "bed",
        (GroupBy::Destination, _) => "destination",
    };
    let day = |d: Option<NaiveDate>| d.map_or_else(|| all.to_owned(), |d| d.to_string());
    format!("{stem}-{group}-{}-{}.csv", day(from), day(to))
}

/// The report as CSV text, through the writer the command line's export
/// uses (carnet-store's `csv_sheet`).
pub(crate) fn report(rows: &[ReportRow], words: Words) -> String {
    let headers = [
        "group",
        "harvests",
        "kg",
        "area_m2",
        "kg_per_m2",
        "unconverted",
    ]
    .map(|h| words.column(h));
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let others: Vec<String> = r
                .unconverted
                .iter()
                .map(|u| format!("{} {}", u.amount, words.unit(values::Unit::from(u.unit))))
                .collect();
            let key = r.destination.map_or_else(
                || r.key.clone(),
                |d| words.destination_kind(d.into()).to_owned(),
            );
            vec![
                key,
                r.harvests.to_string(),
                format!("{:.3}", r.kg),
                format!("{:.2}", r.area_m2),
                r.kg_per_m2.map_or_else(String::new, |k| format!("{k:.3}")),
                others.join(" ; "),
            ]
        })
        .collect();
    let mut out = Vec::new();
    carnet_store::csv_sheet::write_csv(&mut out, &headers, &cells)
        .expect("writing to memory cannot fail");
    String::from_utf8(out).expect("cells are UTF-8 strings")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::{DestinationKind, Unit, UnitAmount};

    /// Issue 10 point 6: the words are the reader's, not the recorder's.
    #[test]
    fn report_csv_is_in_the_readers_language_quotes_names_and_keeps_counts_in_their_unit() {
        let rows = vec![
            ReportRow {
                key: "Cantine école, Jean Moulin".into(),
                destination: None,
                harvests: 2,
                kg: 12.5,
                unconverted: vec![UnitAmount {
                    unit: Unit::Bunch,
                    amount: 3.0,
                }],
                area_m2: 24.0,
                kg_per_m2: Some(12.5 / 24.0),
            },
            ReportRow {
                key: "donation".into(),
                destination: Some(DestinationKind::Donation),
                harvests: 1,
                kg: 2.0,
                unconverted: vec![],
                area_m2: 24.0,
                kg_per_m2: Some(2.0 / 24.0),
            },
        ];
        assert_eq!(
            report(&rows, Words::new(Lang::Fr)),
            "groupe,récoltes,kg,surface_m2,kg_par_m2,autres_unités\n\"Cantine école, Jean Moulin\",2,12.500,24.00,0.521,3 botte\ndon,1,2.000,24.00,0.083,\n"
        );
        assert_eq!(
            report(&rows, Words::new(Lang::En)),
            "group,harvests,kg,area_m2,kg_per_m2,unconverted\n\"Cantine école, Jean Moulin\",2,12.500,24.00,0.521,3 bunch\ndonation,1,2.000,24.00,0.083,\n"
        );
        let from = "2026-11-01".parse().ok();
        assert_eq!(
            file_name(GroupBy::Crop, from, None, Words::new(Lang::Fr)),
            "recoltes-par-culture-2026-11-01-tout.csv"
        );
        assert_eq!(
            file_name(GroupBy::Crop, from, None, Words::new(Lang::En)),
            "harvests-by-crop-2026-11-01-all.csv"
        );
    }
}
