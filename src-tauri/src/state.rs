//! What the app holds while it runs: the store (shared with the sync loop),
//! the person holding the tablet, and the handle on the sync loop.
//!
//! The person is memory only: switching person never touches stored data,
//! and every write names the person chosen here.

use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Instant;

use carnet_client::SyncLoop;
use carnet_core::ids::PersonId;
use carnet_core::roles::Action;
use carnet_demo::SteerableClock;
use carnet_store::{Store, StoreEnv, stepping_clock, system_clock};
use chrono::{DateTime, FixedOffset, Local, NaiveDate};

use crate::config::Config;
use crate::ipc::{CommandError, ErrorCode};

pub struct AppState {
    /// Set once the store opens: at start, or by `open_store` when another
    /// program (the CLI) held it then. Locked by each command for one call,
    /// and by the sync loop for each small step of a sync; never held across
    /// an await.
    store: OnceLock<Arc<Mutex<Store>>>,
    /// Why the store did not open (another program's `store_in_use`).
    blocked: Mutex<Option<CommandError>>,
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
    /// label (made once, kept in the store). A store another program holds
    /// (`store_in_use`) is not a failure to start: the app starts without
    /// it, says so, and `try_open` tries again; any other error is.
    pub fn open(config: Config, launched: Instant) -> Result<AppState, CommandError> {
        let state = AppState {
            store: OnceLock::new(),
            blocked: Mutex::new(None),
            steer: SteerableClock::new(),
            config,
            person: Mutex::new(None),
            sync: Mutex::new(None),
            launched,
        };
        match state.try_open() {
            Ok(_) => Ok(state),
            Err(e) if e.code == ErrorCode::StoreInUse => {
                tracing::warn!(error = %e, "the store is in use: the app waits for it");
                Ok(state)
            }
            Err(e) => Err(e),
        }
    }

    /// Opens the store if it is not open yet; true when this call opened it.
    /// A refusal is kept for the commands to return until a retry succeeds.
    pub fn try_open(&self) -> Result<bool, CommandError> {
        // Held while opening: two retries at once must not lock each other
        // out of the store (the lock is per open file, even in one process).
        let mut blocked = lock(&self.blocked);
        if self.store.get().is_some() {
            return Ok(false);
        }
        match self.open_store() {
            Ok(store) => {
                *blocked = None;
                Ok(self.store.set(Arc::new(Mutex::new(store))).is_ok())
            }
            Err(e) => {
                *blocked = Some(e.clone());
                Err(e)
            }
        }
    }

    fn open_store(&self) -> Result<Store, CommandError> {
        let config = &self.config;
        let env = |label: &str| {
            let base = match config.now {
                Some(now) => stepping_clock(now, 1000),
                None => system_clock(),
            };
            StoreEnv {
                clock: self.steer.wrap(base),
                ..StoreEnv::system(label)
            }
        };
        let mut store = Store::open(&config.store_path(), env("tablette"))?;
        // Records name the device that made them from the first write on:
        // a fresh install names itself once (the store keeps the name).
        if store.meta(carnet_store::DEVICE_LABEL)?.is_none() {
            let label = format!("tablette-{}", &store.actor().to_hex_string()[..6]);
            store.set_device_label(&label)?;
        }
        if let Some(name) = &config.person {
            let catalog = store.catalog()?;
            let found = catalog.person_by_name(name)?;
            if !Store::check_pin(found, None) {
                return Err(CommandError::new(
                    ErrorCode::WrongPin,
                    format!("{name} has a PIN: CARNET_PERSON cannot choose them"),
                ));
            }
            self.set_person(Some(found.id));
        }
        Ok(store)
    }

    fn opened(&self) -> Result<&Arc<Mutex<Store>>, CommandError> {
        self.store.get().ok_or_else(|| {
            lock(&self.blocked).clone().unwrap_or_else(|| {
                CommandError::new(ErrorCode::StoreInUse, "the store is not open yet")
            })
        })
    }

    /// The store, shared with the sync loop; while another program holds
    /// it, the `store_in_use` naming that program.
    pub fn shared_store(&self) -> Result<Arc<Mutex<Store>>, CommandError> {
        self.opened().cloned()
    }

    /// Whether the store is open (the sync loop starts only then).
    pub fn is_open(&self) -> bool {
        self.store.get().is_some()
    }

    /// The store, locked for one call.
    pub fn store(&self) -> Result<MutexGuard<'_, Store>, CommandError> {
        Ok(lock(self.opened()?))
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
        lock(&self.person).ok_or_else(|| {
            CommandError::new(
                ErrorCode::NoPerson,
                "choose who is holding the tablet first",
            )
        })
    }

    /// The person holding the tablet, if they and this device may do
    /// `action` (core's rules, checked by the store): the interface greys
    /// out what they may not, and this refuses it even if asked.
    pub fn person_who_may(&self, action: Action) -> Result<PersonId, CommandError> {
        let by = self.person()?;
        self.store()?.check_may(by, action)?;
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
