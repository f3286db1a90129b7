//! `carnet report harvests`: harvest totals by crop, ISO week, bed or
//! destination, with kg per m² of the beds they came from.
//!
//! The grouping and sums are the core's (`harvests::harvest_report`); this
//! module only picks the dates and lays the table out. Voided harvests count
//! nowhere; counts without a kg conversion are shown in their unit.

use carnet_core::harvests::GroupBy;
use carnet_core::values::parse_date;
use clap::Subcommand;

use crate::app::Context;
use crate::json::ReportRowJson;
use crate::output::{Output, Table, counts, kg};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Harvest totals, grouped
    Harvests {
        /// crop, week, bed or destination
        #[arg(long = "by", value_name = "GROUP")]
        by: String,
        /// First day (inclusive)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (inclusive)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
}

pub(crate) fn run(ctx: &Context, cmd: ReportCommand) -> anyhow::Result<Output> {
    match cmd {
        ReportCommand::Harvests { by, from, to } => {
            let group: GroupBy = by.parse()?;
            let from = from.map(|d| parse_date("from", &d)).transpose()?;
            let to = to.map(|d| parse_date("to", &d)).transpose()?;
            if let (Some(from), Some(to)) = (from, to)
                && to < from
            {
                return Err(
                    carnet_core::Error::invalid("to", format!("{to} is before {from}")).into(),
                );
            }
            let mut store = ctx.open()?;
            let rows = store.harvest_report(group, from, to)?;
            let json: Vec<ReportRowJson> = rows.iter().map(Into::into).collect();
            Output::pick(ctx.json, &json, || {
                let words = ctx.words;
                let w = |code: &'static str| words.column(code);
                let key = match group {
                    GroupBy::Crop => "crop",
                    GroupBy::Week => "week",
                    GroupBy::Bed => "bed",
                    GroupBy::Destination => "destination",
                };
                let mut table =
                    Table::new(&[w(key), w("harvests"), w("kg"), w("kg/m²"), w("unconverted")])
                        .right(&[1, 2, 3]);
                for row in &rows {
                    let key = row
                        .destination
                        .map_or_else(|| row.key.clone(), |d| words.destination_kind(d).to_owned());
                    table.row(vec![
                        key,
                        row.harvests.to_string(),
                        kg(row.total.kg),
                        row.kg_per_m2
                            .map_or_else(|| "-".to_owned(), |v| format!("{v:.3}")),
                        counts(&row.total.unconverted, words),
                    ]);
                }
                table.render()
            })
        }
    }
}
