//! The harvests' writes, one SQLite transaction each: a harvest with its
//! weighings (timed now), a weighing added later, voiding, and a
//! supervisor's correction of a wrongly dated one. Each method
//! draws the ids it needs, calls one write of the core's `harvests`, and
//! lets `Store::write` persist the change and its projection together.
//!
//! Deliberately not here: reading harvests (`queries`).

use carnet_core::document::{DocKey, Domain};
use carnet_core::harvests::{self, Harvest, NewHarvest, Weighing};
use carnet_core::ids::*;
use carnet_core::roles::Action;
use carnet_core::values::{Month, Name, Quantity};
use chrono::{DateTime, FixedOffset};

use crate::error::Result;
use crate::store::Store;

impl Store {
    /// Records a harvest with its weighings, timed now.
    pub fn record_harvest(
        &mut self,
        by: PersonId,
        new: NewHarvest,
    ) -> Result<(Harvest, Vec<Weighing>)> {
        let id = HarvestId(self.new_uuid());
        let author = self.author(by);
        let key = DocKey::Month {
            farm: self.farm_id()?,
            domain: Domain::Harvests,
            month: Month::of(author.now.date_naive()),
        };
        self.write_as(key, author, |doc, catalog, author| {
            let (h, ws) = harvests::record_harvest(doc, catalog, author, id, new)?;
            // One record: projecting it projects its weighings too.
            Ok(((h, ws), vec![id.0]))
        })
    }

    pub fn add_weighing(
        &mut self,
        by: PersonId,
        harvest: HarvestId,
        quantity: Quantity,
        tare_kg: Option<f64>,
    ) -> Result<Weighing> {
        let id = WeighingId(self.new_uuid());
        let (key, harvest, _) = self.harvest(harvest)?;
        self.write(key, by, |doc, _, author| {
            let w = harvests::add_weighing(doc, author, &harvest, id, quantity, tare_kg)?;
            Ok((w, vec![id.0]))
        })
    }

    pub fn void_harvest(&mut self, by: PersonId, id: HarvestId, reason: Name) -> Result<Harvest> {
        let (key, harvest, _) = self.harvest(id)?;
        self.write(key, by, |doc, _, author| {
            let h = harvests::void_harvest(doc, author, &harvest, reason)?;
            Ok((h, vec![id.0]))
        })
    }

    /// Corrects the time of a harvest stamped by a wrong device clock (one
    /// `health` lists): it moves into the document of the month of `at`,
    /// under the same id (`harvests::redate_harvest`), both documents in one
    /// transaction; from there it syncs. A supervisor's correction.
    pub fn redate_harvest(
        &mut self,
        by: PersonId,
        id: HarvestId,
        at: DateTime<FixedOffset>,
    ) -> Result<Harvest> {
        self.check_may(by, Action::ResolveConflict)?;
        let (from, harvest, _) = self.harvest(id)?;
        let to = self.redated_key(Domain::Harvests, at)?;
        self.write_pair([from, to], by, |from, to, _, author| {
            let h = harvests::redate_harvest(from, to, author, &harvest, at)?;
            Ok((h, vec![id.0]))
        })
    }
}
