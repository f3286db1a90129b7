//! The observations' write (one SQLite transaction, timed now), a
//! supervisor's correction of a wrongly dated one, and their
//! reads from the projection, with a bed's history, which reads tasks,
//! harvests and observations placed on one bed.
//!
//! Deliberately not here: the history's rules (the core's `history`).

use carnet_core::document::{DocKey, Domain};
use carnet_core::history::{self, HistoryEntry};
use carnet_core::ids::*;
use carnet_core::observations::{self, NewObservation, Observation};
use carnet_core::record::Record;
use carnet_core::roles::Action;
use carnet_core::values::Month;
use chrono::{DateTime, FixedOffset};

use crate::error::Result;
use crate::store::Store;

impl Store {
    /// Corrects the time of an observation stamped by a wrong device clock,
    /// as `redate_harvest` does a harvest's. A supervisor's correction.
    pub fn redate_observation(
        &mut self,
        by: PersonId,
        id: ObservationId,
        at: DateTime<FixedOffset>,
    ) -> Result<Observation> {
        self.check_may(by, Action::ResolveConflict)?;
        let (from, observation) = match self.located(&id.to_string(), "observation")? {
            (key, Record::Observation(o)) => (key, o),
            _ => return Err(carnet_core::Error::not_found("observation", id.to_string()).into()),
        };
        let to = self.redated_key(Domain::Observations, at)?;
        self.write_pair([from, to], by, |from, to, _, author| {
            let o = observations::redate_observation(from, to, author, &observation, at)?;
            Ok((o, vec![id.0]))
        })
    }

    pub fn record_observation(&mut self, by: PersonId, new: NewObservation) -> Result<Observation> {
        let id = ObservationId(self.new_uuid());
        let author = self.author(by);
        let key = DocKey::Month {
            farm: self.farm_id()?,
            domain: Domain::Observations,
            month: Month::of(author.now.date_naive()),
        };
        self.write_as(key, author, |doc, catalog, author| {
            let o = observations::record_observation(doc, catalog, author, id, new)?;
            Ok((o, vec![id.0]))
        })
    }

    pub fn observations(&self, bed: Option<BedId>) -> Result<Vec<Observation>> {
        let records = match bed {
            Some(bed) => self.query_records(
                "SELECT r.id, r.json FROM record_beds b JOIN records r ON r.id = b.record_id
                 WHERE b.bed_id = ?1 AND r.type = 'observation' ORDER BY r.day, r.id",
                [bed.to_string()],
            )?,
            None => self.query_records(
                "SELECT id, json FROM records WHERE type = 'observation' ORDER BY day, id",
                [],
            )?,
        };
        Ok(records
            .into_iter()
            .filter_map(|r| {
                if let Record::Observation(o) = r {
                    Some(o)
                } else {
                    None
                }
            })
            .filter(|o| !o.deleted)
            .collect())
    }

    pub fn bed_history(&mut self, bed: BedId) -> Result<Vec<HistoryEntry>> {
        let records = self.query_records(
            "SELECT r.id, r.json FROM record_beds b JOIN records r ON r.id = b.record_id WHERE b.bed_id = ?1",
            [bed.to_string()],
        )?;
        let (mut tasks, mut harvests, mut observations) = (Vec::new(), Vec::new(), Vec::new());
        for r in records {
            match r {
                Record::Task(t) => tasks.push(t),
                Record::Harvest(h) => harvests.push(h),
                Record::Observation(o) => observations.push(o),
                _ => {}
            }
        }
        let weighings = self.weighings_of(&harvests.iter().map(|h| h.id).collect::<Vec<_>>())?;
        let catalog = self.catalog()?;
        Ok(history::bed_history(
            catalog,
            bed,
            &tasks,
            &harvests,
            &weighings,
            &observations,
        ))
    }
}
