//! What grows where, for the garden plan and the harvest form. The log has
//! no plantings yet, so a bed grows what was last harvested from it within
//! `GROWING_WINDOW`. When the core gains plantings, this goes there.

use std::collections::BTreeMap;

use carnet_core::harvests::Harvest;
use carnet_core::ids::BedId;

use crate::ipc::BedState;

pub(crate) const GROWING_WINDOW: chrono::Duration = chrono::Duration::days(60);

/// One state per bed that has a live harvest among `harvests`.
pub(crate) fn bed_states(harvests: &[Harvest]) -> Vec<BedState> {
    let mut latest: BTreeMap<BedId, &Harvest> = BTreeMap::new();
    for h in harvests.iter().filter(|h| h.voided.is_none()) {
        let entry = latest.entry(h.bed).or_insert(h);
        if h.at > entry.at {
            *entry = h;
        }
    }
    latest
        .into_values()
        .map(|h| BedState {
            bed_id: h.bed.to_string(),
            crop_id: Some(h.crop.to_string()),
            last_harvest: Some(h.at.date_naive().to_string()),
        })
        .collect()
}
