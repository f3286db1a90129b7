//! What the app holds while it runs: the store (shared with the sync loop),
//! the person holding the tablet, and the handle on the sync loop.
//!
//! The person is memory only: switching person never touches stored data,
//! and every write names the person chosen here.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use carnet_client::SyncLoop;
use carnet_core::ids::PersonId;
use carnet_core::roles::Action;
use carnet_demo::SteerableClock;
use carnet_store::{Store, StoreEnv, stepping_clock, system_clock};
use chrono::{DateTime, FixedOffset, Local, NaiveDate};

use crate::config::Config;
use crate::ipc::CommandError;

pub struct AppState {
    /// Locked by each command for one call, and by the sync loop for each
    /// small step of a sync; never held across an await.
    pub store: Arc<Mutex<Store>>,
    /// Wraps the store's clock so the demo can write last month's history.
    pub steer: SteerableClock,
    pub config: Config,
    /// Who holds the tablet; set by `switch_person`, read by every write.
    pub person: Mutex<Option<PersonId>>,
    /// Set once by the setup hook (the loop needs the async runtime); the
    /// loop runs for the app's lifetime.
    pub sync: Mutex<Option<SyncLoop>>,
    pub launched: Instant,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking command left the store as SQLite left it: committed or not.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    /// Opens (or creates) the store named by `config`, with this device's
    /// label (made once, kept in the store).
    pub fn open(config: Config, launched: Instant) -> Result<AppState, CommandError> {
        let steer = SteerableClock::new();
        let path = config.store_path();
        let env = |label: &str| {
            let base = match config.now {
                Some(now) => stepping_clock(now, 1000),
                None => system_clock(),
            };
            StoreEnv {
                clock: steer.wrap(base),
                ..StoreEnv::system(label)
            }
        };
        let mut store = Store::open(&path, env("tablette"))?;
        // Records name the device that made them from the first write on:
        // a fresh install names itself once (the store keeps the name).
        if store.meta(carnet_store::DEVICE_LABEL)?.is_none() {
            let label = format!("tablette-{}", &store.actor().to_hex_string()[..6]);
            store.set_device_label(&label)?;
        }
        let person = match &config.person {
            Some(name) => {
                let catalog = store.catalog()?;
                let found = catalog.person_by_name(name)?;
                if !Store::check_pin(found, None) {
                    return Err(CommandError::new(
                        "wrong_pin",
                        format!("{name} has a PIN: CARNET_PERSON cannot choose them"),
                    ));
                }
                Some(found.id)
            }
            None => None,
        };
        Ok(AppState {
            store: Arc::new(Mutex::new(store)),
            steer,
            config,
            person: Mutex::new(person),
            sync: Mutex::new(None),
            launched,
        })
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        self.config
            .now
            .unwrap_or_else(|| Local::now().fixed_offset())
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// The person holding the tablet, required for every write.
    pub fn person(&self) -> Result<PersonId, CommandError> {
        lock(&self.person)
            .ok_or_else(|| CommandError::new("no_person", "choose who is holding the tablet first"))
    }

    /// The person holding the tablet, if they and this device may do
    /// `action` (core's rules, checked by the store): the interface greys
    /// out what they may not, and this refuses it even if asked.
    pub fn person_who_may(&self, action: Action) -> Result<PersonId, CommandError> {
        let by = self.person()?;
        self.store().check_may(by, action)?;
        Ok(by)
    }

    pub fn set_person(&self, person: Option<PersonId>) {
        *lock(&self.person) = person;
    }

    pub fn sync_loop(&self) -> Option<SyncLoop> {
        lock(&self.sync).clone()
    }

    pub fn set_sync_loop(&self, l: SyncLoop) {
        *lock(&self.sync) = Some(l);
    }
}
