//! What every command shares: where the store file is, which clock and id
//! generator it runs with, who acts, and whether to answer in JSON.
//!
//! Deliberately not here: any command's own logic, and the domain's rules.

use carnet_core::roles::Action;
use std::path::PathBuf;

use anyhow::Context as _;
use carnet_core::Error;
use carnet_core::ids::PersonId;
use carnet_core::record::Record;
use carnet_core::values::Lang;
use carnet_core::words::Words;
use carnet_store::{Store, StoreEnv, StoreError, stepping_clock, system_clock};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone};
use uuid::Uuid;

use crate::Global;

/// The store file's name inside the data folder (the app's too).
pub(crate) const STORE_FILE: &str = "carnet.sqlite3";

/// The app's identifier (`src-tauri/tauri.conf.json`), which names its data
/// folder: the command line keeps its store in the same folder, so a
/// supervisor's `carnet` and the app on one machine see one farm.
pub(crate) const APP_IDENTIFIER: &str = "org.carnet.app";

/// The folder the app keeps its store in: Tauri's `app_data_dir`, which is
/// the platform's data folder joined with the app's identifier
/// (`~/.local/share/org.carnet.app` on Linux, `~/Library/Application
/// Support/org.carnet.app` on macOS, `%APPDATA%\org.carnet.app` on Windows).
/// Until 2026-12 the command line used its own folder (`…/carnet`).
pub(crate) fn default_data_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.data_dir().join(APP_IDENTIFIER))
}

pub(crate) use carnet_store::DEVICE_LABEL;

/// The language of a POSIX locale (`en_GB.UTF-8` is English); French when
/// there is none or it is neither, French being the farms' language.
fn lang_of_locale(locale: Option<&str>) -> Lang {
    match locale {
        Some(l) if l.starts_with("en") => Lang::En,
        _ => Lang::Fr,
    }
}

/// Every run of the program starts a seeded generator afresh, so the seed is
/// salted with the store's size: a run after a write draws new ids, while the
/// same commands on the same store give the same ids (what tests need).
fn salted(seed: u64, salt: u64) -> u64 {
    seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The global options, checked once.
#[derive(Debug)]
pub(crate) struct Context {
    data_dir: PathBuf,
    acting: Option<String>,
    now: Option<DateTime<FixedOffset>>,
    seed: Option<u64>,
    pub json: bool,
    /// The reader's words: reports, exports and tables are in the language
    /// of whoever runs the command, never of whoever wrote the records.
    pub words: Words,
}

impl Context {
    pub(crate) fn new(global: Global) -> anyhow::Result<Self> {
        let data_dir = match global.data {
            Some(dir) => dir,
            None => default_data_dir().ok_or_else(|| {
                Error::invalid(
                    "data",
                    "no home folder to keep the store in: pass --data DIR",
                )
            })?,
        };
        let now = global
            .now
            .map(|text| {
                DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
                    Error::invalid(
                        "now",
                        format!("`{text}` is not an RFC 3339 time like 2026-11-23T08:00:00+01:00"),
                    )
                })
            })
            .transpose()?;
        let seed = global
            .seed
            .map(|text| {
                text.trim()
                    .parse::<u64>()
                    .map_err(|_| Error::invalid("seed", format!("`{text}` is not a whole number")))
            })
            .transpose()?;
        let lang = match global.reader_lang {
            Some(text) => text.parse()?,
            None => lang_of_locale(std::env::var("LANG").ok().as_deref()),
        };
        Ok(Self {
            data_dir,
            acting: global.acting,
            now,
            seed,
            json: global.json,
            words: Words::new(lang),
        })
    }

    pub(crate) fn store_path(&self) -> PathBuf {
        self.data_dir.join(STORE_FILE)
    }

    /// Opens (creating it if needed) the store for `carnet init`.
    pub(crate) fn create(&self, device_label: &str) -> anyhow::Result<Store> {
        let path = self.store_path();
        Store::open(&path, self.env(device_label.to_owned(), self.now, 1))
            .with_context(|| format!("opening {}", path.display()))
    }

    /// Opens the store of an initialized farm, with the clock of `--now` (or
    /// the system's).
    pub(crate) fn open(&self) -> anyhow::Result<Store> {
        self.open_with(self.now, 1)
    }

    /// Opens the store with its clock set to `at` (a harvest weighed earlier
    /// and entered now). The clock stands still, so the record keeps exactly
    /// the time the person gave.
    pub(crate) fn open_at(&self, at: DateTime<FixedOffset>) -> anyhow::Result<Store> {
        self.open_with(Some(at), 0)
    }

    /// Opens an existing store even when it holds no farm yet (a device
    /// about to enroll).
    pub(crate) fn open_any(&self) -> anyhow::Result<Store> {
        let path = self.store_path();
        Store::open(&path, self.env(default_device_label(), self.now, 1))
            .with_context(|| format!("opening {}", path.display()))
    }

    fn open_with(
        &self,
        start: Option<DateTime<FixedOffset>>,
        step_ms: i64,
    ) -> anyhow::Result<Store> {
        let path = self.store_path();
        if !path.exists() {
            // Do not leave an empty store behind a typo in --data.
            return Err(StoreError::NoFarm.into());
        }
        // The store keeps its device label and wins over this default.
        let mut store = Store::open(&path, self.env(default_device_label(), start, step_ms))
            .with_context(|| format!("opening {}", path.display()))?;
        store.farm_id()?;
        if let Some(seed) = self.seed {
            store.reseed(salted(seed, store.stored_bytes()?.unsigned_abs()));
        }
        Ok(store)
    }

    /// With `--seed`, ids come from a seeded generator, which `open` then
    /// reseeds with the seed salted by the store's size (see `salted`).
    fn env(&self, label: String, start: Option<DateTime<FixedOffset>>, step_ms: i64) -> StoreEnv {
        let clock = match start {
            Some(start) => stepping_clock(start, step_ms),
            None => system_clock(),
        };
        match self.seed {
            Some(seed) => StoreEnv::seeded(seed, clock, label),
            None => StoreEnv {
                clock,
                ..StoreEnv::system(label)
            },
        }
    }

    /// Today, by the clock commands run with.
    pub(crate) fn today(&self) -> NaiveDate {
        self.now
            .unwrap_or_else(|| Local::now().fixed_offset())
            .date_naive()
    }

    /// Who changes the catalog: `--as NAME`, or the device's administrator
    /// (the nil person) when nobody is named.
    pub(crate) fn acting_person(&self, store: &mut Store) -> anyhow::Result<PersonId> {
        match &self.acting {
            Some(name) => person_id(store, name),
            None => Ok(PersonId(Uuid::nil())),
        }
    }

    /// As `acting_person`, for a write of `action`: a named person must be
    /// allowed it by their role, and the device by its enrolled role.
    pub(crate) fn acting_person_who_may(
        &self,
        store: &mut Store,
        action: Action,
    ) -> anyhow::Result<PersonId> {
        match &self.acting {
            Some(name) => person_who_may(store, name, action),
            None => {
                store.check_device_may(action)?;
                Ok(PersonId(Uuid::nil()))
            }
        }
    }
}

/// `harvest redate` and `observation redate`: a record stamped by a wrong
/// tablet clock (`carnet status` lists them), moved to its right time; it
/// then syncs in its right month.
#[derive(Debug, clap::Args)]
pub struct RedateArgs {
    /// The record's id, or its first 8 characters or more
    id: String,
    /// Its right time: 2026-11-20T09:30 (local), or RFC 3339
    #[arg(long, value_name = "DATETIME")]
    at: String,
    /// Who corrects it (a supervisor)
    #[arg(long, value_name = "NAME")]
    by: String,
}

impl RedateArgs {
    /// The record (of `record_type`), who corrects it, and its right time.
    pub(crate) fn parse(
        &self,
        store: &mut Store,
        record_type: &'static str,
        field: &'static str,
    ) -> anyhow::Result<(Uuid, PersonId, DateTime<FixedOffset>)> {
        let at = parse_time("at", &self.at)?;
        let id = record_id(store, record_type, field, &self.id)?;
        // Redating corrects what a wrong clock wrote: the supervisor's
        // right, like resolving a conflict.
        let by = person_who_may(store, &self.by, Action::ResolveConflict)?;
        Ok((id, by, at))
    }
}

/// The person `--by NAME` names, if they and this device may do `action`
/// (core's role rules, checked by the store).
pub(crate) fn person_who_may(
    store: &mut Store,
    name: &str,
    action: Action,
) -> anyhow::Result<PersonId> {
    let by = person_id(store, name)?;
    store.check_may(by, action)?;
    Ok(by)
}

/// An active person by name, as `--by NAME` and `--crew NAME` give it.
pub(crate) fn person_id(store: &mut Store, name: &str) -> anyhow::Result<PersonId> {
    Ok(store.catalog()?.person_by_name(name)?.id)
}

/// A record given by its full id, or by a prefix of at least 8 characters
/// that only one record of `record_type` starts with (what `task list`
/// shows is long to type on a tablet keyboard).
pub(crate) fn record_id(
    store: &Store,
    record_type: &'static str,
    field: &'static str,
    text: &str,
) -> anyhow::Result<Uuid> {
    let text = text.trim();
    if let Ok(id) = Uuid::parse_str(text) {
        return Ok(id);
    }
    let prefix = text.to_ascii_lowercase();
    if prefix.len() < 8 || !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(Error::invalid(
            field,
            format!("`{text}` is neither an id nor its first 8 characters or more"),
        )
        .into());
    }
    let found: Vec<Uuid> = store
        .records_of_type(record_type)?
        .iter()
        .map(Record::id)
        .filter(|id| id.to_string().starts_with(&prefix))
        .collect();
    match found.as_slice() {
        [id] => Ok(*id),
        [] => Err(Error::not_found(record_type, text).into()),
        many => Err(Error::invalid(
            field,
            format!("`{text}` starts {} ids: give more characters", many.len()),
        )
        .into()),
    }
}

/// The name a device gets when `init` is not told one: the machine's
/// hostname.
pub(crate) fn default_device_label() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this device".to_owned())
}

/// A time given on the command line: RFC 3339, or `YYYY-MM-DDTHH:MM` in this
/// device's local time.
pub(crate) fn parse_time(field: &'static str, text: &str) -> anyhow::Result<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Ok(time);
    }
    let bad = || {
        Error::invalid(
            field,
            format!("`{text}` is not a time like 2026-11-22T08:30 or 2026-11-22T08:30:00+01:00"),
        )
    };
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .map_err(|_| bad())?;
    let local = Local
        .from_local_datetime(&naive)
        .earliest()
        .ok_or_else(bad)?;
    Ok(local.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_data_dir_is_the_apps_folder() {
        // The app names its folder after its identifier; if the identifier
        // changes, the command line must follow or the two see two farms.
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../src-tauri/tauri.conf.json")).unwrap();
        assert_eq!(conf["identifier"], APP_IDENTIFIER);
        let dir = default_data_dir().expect("a home folder in tests");
        assert!(dir.ends_with(APP_IDENTIFIER), "{}", dir.display());
    }

    #[test]
    fn the_readers_language_is_english_only_for_an_english_locale_and_french_otherwise() {
        let table: Vec<_> = [
            Some("en_GB.UTF-8"),
            Some("fr_FR.UTF-8"),
            Some("C.UTF-8"),
            None,
        ]
        .into_iter()
        .map(lang_of_locale)
        .collect();
        assert_eq!(table, [Lang::En, Lang::Fr, Lang::Fr, Lang::Fr]);
    }
}
