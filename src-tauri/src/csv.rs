//! The CSV of a harvest report: one line per group, kg with a dot, counts
//! without conversion in their own column, a header in French (the
//! canteens' and funders' language). Quoting and lines are the shared
//! writer's (carnet-store's `csv_sheet`), as in the command line's export.

use chrono::NaiveDate;

use crate::ipc::{GroupBy, ReportRow, Unit};

pub(crate) fn file_name(group: GroupBy, from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    let group = match group {
        GroupBy::Crop => "culture",
        GroupBy::Week => "semaine",
        GroupBy::Bed => "planche",
        GroupBy::Destination => "destination",
    };
    let day = |d: Option<NaiveDate>| d.map_or_else(|| "tout".to_owned(), |d| d.to_string());
    format!("recoltes-par-{group}-{}-{}.csv", day(from), day(to))
}

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Kg => "kg",
        Unit::G => "g",
        Unit::Bunch => "botte",
        Unit::Piece => "pièce",
        Unit::Crate => "caisse",
    }
}

/// The report as CSV text, through the writer the command line's export
/// uses (carnet-store's `csv_sheet`).
pub(crate) fn report(rows: &[ReportRow]) -> String {
    let headers = [
        "groupe",
        "recoltes",
        "kg",
        "surface_m2",
        "kg_par_m2",
        "autres_unites",
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let others: Vec<String> = r
                .unconverted
                .iter()
                .map(|u| format!("{} {}", u.amount, unit(u.unit)))
                .collect();
            vec![
                r.key.clone(),
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
    use crate::ipc::UnitAmount;

    #[test]
    fn report_csv_quotes_names_and_keeps_counts_in_their_unit() {
        let rows = vec![ReportRow {
            key: "Cantine école, Jean Moulin".into(),
            harvests: 2,
            kg: 12.5,
            unconverted: vec![UnitAmount {
                unit: Unit::Bunch,
                amount: 3.0,
            }],
            area_m2: 24.0,
            kg_per_m2: Some(12.5 / 24.0),
        }];
        assert_eq!(
            report(&rows),
            "groupe,recoltes,kg,surface_m2,kg_par_m2,autres_unites\n\"Cantine école, Jean Moulin\",2,12.500,24.00,0.521,3 botte\n"
        );
        let from = "2026-11-01".parse().ok();
        assert_eq!(
            file_name(GroupBy::Crop, from, None),
            "recoltes-par-culture-2026-11-01-tout.csv"
        );
    }
}
