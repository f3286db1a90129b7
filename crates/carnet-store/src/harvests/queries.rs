//! The harvests' reads, from the projection tables only: one harvest with
//! its weighings and document, harvests between two dates, and the report.
//!
//! Deliberately not here: the report's rules (the core's `harvests`).

use carnet_core::document::DocKey;
use carnet_core::harvests::{self, GroupBy, Harvest, ReportRow, Weighing};
use carnet_core::ids::*;
use carnet_core::record::Record;
use chrono::NaiveDate;
use rusqlite::params;

use crate::error::Result;
use crate::store::Store;

impl Store {
    pub fn harvest(&self, id: HarvestId) -> Result<(DocKey, Harvest, Vec<Weighing>)> {
        match self.located(&id.to_string(), "harvest")? {
            (key, Record::Harvest(h)) => {
                let weighings = self.weighings_of(&[id])?;
                Ok((key, h, weighings))
            }
            _ => Err(carnet_core::Error::not_found("harvest", id.to_string()).into()),
        }
    }

    pub(crate) fn weighings_of(&self, harvests: &[HarvestId]) -> Result<Vec<Weighing>> {
        let mut out = Vec::new();
        for h in harvests {
            for r in self.query_records(
                "SELECT id, json FROM records WHERE parent = ?1 ORDER BY id",
                [h.to_string()],
            )? {
                if let Record::Weighing(w) = r {
                    out.push(w);
                }
            }
        }
        Ok(out)
    }

    /// Harvests between two dates (inclusive, either open) and their weighings.
    pub fn harvests_between(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<(Vec<Harvest>, Vec<Weighing>)> {
        let from = from.map_or_else(|| "0000-00-00".to_owned(), |d| d.to_string());
        let to = to.map_or_else(|| "9999-99-99".to_owned(), |d| d.to_string());
        let harvests: Vec<Harvest> = self
            .query_records(
                "SELECT id, json FROM records WHERE type = 'harvest' AND day BETWEEN ?1 AND ?2 ORDER BY day, id",
                params![from, to],
            )?
            .into_iter()
            .filter_map(|r| if let Record::Harvest(h) = r { Some(h) } else { None })
            .collect();
        let weighings = self
            .query_records(
                "SELECT w.id, w.json FROM records w JOIN records h ON w.parent = h.id
                 WHERE w.type = 'weighing' AND h.type = 'harvest' AND h.day BETWEEN ?1 AND ?2 ORDER BY w.id",
                params![from, to],
            )?
            .into_iter()
            .filter_map(|r| if let Record::Weighing(w) = r { Some(w) } else { None })
            .collect();
        Ok((harvests, weighings))
    }

    pub fn harvest_report(
        &mut self,
        by: GroupBy,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<ReportRow>> {
        let (harvests, weighings) = self.harvests_between(from, to)?;
        let catalog = self.catalog()?;
        Ok(harvests::harvest_report(
            catalog, &harvests, &weighings, by, from, to,
        ))
    }
}
