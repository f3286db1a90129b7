//! Which document ids belong to a farm.
//!
//! A farm's documents are named by `DocKey::id()`, a UUID v5 of the farm id,
//! the domain and the month, so the server can list every id a farm could
//! ever use: its catalog, and each domain's document for every month `Month`
//! allows (2000-01 to 2200-12). A document id outside that list is not this
//! farm's: the server answers `doc-unavailable`, exactly as for a document
//! that does not exist yet, and never stores it. Because the ids are derived
//! from the farm id, another farm's device cannot even name them.
//!
//! The map holds 7,237 ids per farm (about 0.5 MB); it is built once per farm
//! on its first connection and cached for the life of the server (the
//! `farm_document_map_build_time` test prints what that costs).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use carnet_core::document::{DocKey, Domain};
use carnet_core::values::Month;
use carnet_core::{DocumentId, FarmId};

/// The first and last month a document can be about: the range `Month` allows.
const FIRST: (i32, u32) = (2000, 1);
const LAST: (i32, u32) = (2200, 12);

/// Every document id a farm can use, and what each one is.
#[derive(Debug)]
pub struct FarmDocuments {
    farm: FarmId,
    keys: HashMap<DocumentId, DocKey>,
}

impl FarmDocuments {
    pub fn build(farm: FarmId) -> Self {
        let first = Month::new(FIRST.0, FIRST.1).expect("the first month is valid");
        let last = Month::new(LAST.0, LAST.1).expect("the last month is valid");
        let months = (LAST.0 - FIRST.0 + 1) as usize * 12;
        let mut keys = HashMap::with_capacity(1 + months * Domain::ALL.len());
        let catalog = DocKey::Catalog { farm };
        keys.insert(catalog.id(), catalog);
        let mut month = first;
        loop {
            for domain in Domain::ALL {
                let key = DocKey::Month {
                    farm,
                    domain,
                    month,
                };
                keys.insert(key.id(), key);
            }
            if month == last {
                break;
            }
            month = month.next();
        }
        Self { farm, keys }
    }

    pub fn farm(&self) -> FarmId {
        self.farm
    }

    /// What `id` names in this farm, or `None` when it is not one of its documents.
    pub fn key(&self, id: &DocumentId) -> Option<DocKey> {
        self.keys.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// The maps built so far, one per farm that has connected.
#[derive(Debug, Default)]
pub struct FarmDocumentsCache {
    farms: Mutex<HashMap<FarmId, Arc<FarmDocuments>>>,
}

impl FarmDocumentsCache {
    /// The farm's map, built on first use. Building takes a few milliseconds
    /// of CPU: call it off the async threads.
    pub fn get(&self, farm: FarmId) -> Arc<FarmDocuments> {
        if let Some(map) = self.lock().get(&farm) {
            return Arc::clone(map);
        }
        // Built without the lock, so a farm's first connection does not hold
        // up every other farm's; two racing builds produce the same map.
        let map = Arc::new(FarmDocuments::build(farm));
        Arc::clone(self.lock().entry(farm).or_insert(map))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<FarmId, Arc<FarmDocuments>>> {
        self.farms.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use uuid::Uuid;

    use super::*;

    fn farm(n: u128) -> FarmId {
        FarmId(Uuid::from_u128(n))
    }

    #[test]
    fn a_farm_owns_its_catalog_and_every_month_of_every_domain() {
        let docs = FarmDocuments::build(farm(1));
        assert_eq!(docs.len(), 1 + 201 * 12 * 3);
        let catalog = DocKey::Catalog { farm: farm(1) };
        assert_eq!(docs.key(&catalog.id()), Some(catalog));
        for month in ["2000-01", "2026-11", "2200-12"] {
            for domain in Domain::ALL {
                let key = DocKey::Month {
                    farm: farm(1),
                    domain,
                    month: month.parse().unwrap(),
                };
                assert_eq!(docs.key(&key.id()), Some(key), "{key}");
            }
        }
    }

    #[test]
    fn another_farms_documents_and_random_ids_are_not_in_the_map() {
        let docs = FarmDocuments::build(farm(1));
        let other = DocKey::Month {
            farm: farm(2),
            domain: Domain::Harvests,
            month: "2026-11".parse().unwrap(),
        };
        assert_eq!(docs.key(&other.id()), None);
        assert_eq!(docs.key(&DocKey::Catalog { farm: farm(2) }.id()), None);
        assert_eq!(docs.key(&DocumentId([7; 16])), None);
    }

    #[test]
    fn farm_document_map_build_time() {
        let start = Instant::now();
        let docs = FarmDocuments::build(farm(3));
        let elapsed = start.elapsed();
        eprintln!("farm document map: {} ids built in {elapsed:?}", docs.len());
        // Measured: about 8 ms in a debug build, 4 ms in release (the
        // figures in sync-server/README.md); the bound only catches a blow-up.
        assert!(elapsed.as_secs() < 2, "{elapsed:?}");
    }

    #[test]
    fn the_cache_builds_a_farm_once() {
        let cache = FarmDocumentsCache::default();
        let a = cache.get(farm(1));
        let b = cache.get(farm(1));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(cache.get(farm(2)).farm(), farm(2));
    }
}
