//! A device as the app or the CLI runs it: a store file, a seeded clock,
//! enrollment and sync through `carnet-client`, and a record of everything
//! the store acknowledged.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Mutex;

use carnet_client::{ClientError, Remote, SyncOptions, SyncReport};
use carnet_core::ids::PersonId;
use carnet_store::{Store, StoreEnv, stepping_clock};
use chrono::{DateTime, FixedOffset, NaiveDate};

pub struct Device {
    pub name: String,
    pub path: PathBuf,
    pub store: Mutex<Store>,
    /// Ids of every record this device's store acknowledged.
    pub acked: BTreeSet<String>,
    seed: u64,
    restarts: u64,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device").field("name", &self.name).finish()
    }
}

pub fn at(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).expect("test timestamp")
}

impl Device {
    pub fn open(dir: &std::path::Path, name: &str, seed: u64, start: &str) -> Device {
        let path = dir.join(format!("{name}.sqlite3"));
        let store = Store::open(
            &path,
            StoreEnv::seeded(seed, stepping_clock(at(start), 1000), name),
        )
        .expect("open store");
        Device {
            name: name.into(),
            path,
            store: Mutex::new(store),
            acked: BTreeSet::new(),
            seed,
            restarts: 0,
        }
    }

    /// Closes and reopens the store from disk, with its clock at `now`.
    pub fn restart(&mut self, now: &str) {
        self.restarts += 1;
        let env = StoreEnv::seeded(
            self.seed * 1000 + self.restarts,
            stepping_clock(at(now), 1000),
            &self.name,
        );
        // One store, one process: the old `Store` must let go of the file
        // (and its lock) before the new one opens it, so a placeholder
        // holds its place meanwhile.
        let placeholder = Store::open(
            &self.path.with_extension("restarting.sqlite3"),
            StoreEnv::seeded(0, stepping_clock(at(now), 1000), "placeholder"),
        )
        .expect("open the placeholder store");
        let store = self.store.get_mut().expect("store lock");
        drop(std::mem::replace(store, placeholder));
        *store = Store::open(&self.path, env).expect("reopen store");
    }

    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("store lock")
    }

    pub async fn enroll(
        &self,
        url: &str,
        token: &str,
    ) -> Result<carnet_client::WhoAmI, ClientError> {
        let remote = Remote::new(url, token)?;
        carnet_client::enroll(&self.store, &remote).await
    }

    pub async fn sync(&self, today: NaiveDate) -> Result<SyncReport, ClientError> {
        carnet_client::sync_once(
            &self.store,
            today,
            SyncOptions {
                timeout: Some(std::time::Duration::from_secs(30)),
                ..SyncOptions::default()
            },
        )
        .await
    }

    /// Points this device at another address (a proxy) with its token.
    pub fn set_server(&self, url: &str) {
        self.store().set_meta("server_url", url).expect("meta");
    }

    pub fn person(&self, name: &str) -> PersonId {
        self.store()
            .catalog()
            .expect("catalog")
            .person_by_name(name)
            .expect("person")
            .id
    }

    /// Every record's JSON by id, and the conflicts, as the device shows them.
    pub fn projection(&self) -> (std::collections::BTreeMap<String, String>, Vec<String>) {
        let store = self.store();
        let mut records = std::collections::BTreeMap::new();
        for ty in carnet_core::record::Record::TYPE_NAMES {
            for r in store.records_of_type(ty).expect("records") {
                let before =
                    records.insert(r.id().to_string(), serde_json::to_string(&r).expect("json"));
                assert!(
                    before.is_none(),
                    "{}: record {} listed twice",
                    self.name,
                    r.id()
                );
            }
        }
        let conflicts = store
            .conflicts()
            .expect("conflicts")
            .iter()
            .map(|c| serde_json::to_string(c).expect("json"))
            .collect();
        (records, conflicts)
    }
}
