//! The device's clock and what a supervisor must look at: the plausibility
//! check every write goes through (`carnet_core::clock`, fed with the
//! store's injected clock and the farm's latest known time), the server time
//! and skew seen at the last sync, and the lists of records left out
//! (unreadable) or stamped by a wrong clock.
//!
//! Deliberately not here: reading the network (the client hands over the
//! server's time), and correcting records (a supervisor does, through the
//! ordinary writes and `redate_harvest`/`redate_observation`).

use carnet_core::clock;
use carnet_core::document::DocKey;
use carnet_core::values::Month;
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;

use crate::error::Result;
use crate::store::Store;

/// The newest server time seen at a sync (RFC 3339, UTC).
const META_SERVER_TIME: &str = "clock_server_time";
/// The device clock minus the server's at the last sync, in seconds.
const META_SKEW: &str = "clock_skew_seconds";
/// The device time of the newest write this store accepted (RFC 3339).
const META_LATEST_WRITE: &str = "clock_latest_write";

/// A device clock further than this from the server's is shown as wrong.
pub const SKEW_WARNING_SECONDS: i64 = 600;

/// The latest write time is stored again only when it moved this far: the
/// rule works in months, and a write per user action would cost a row.
const LATEST_WRITE_STEP_SECONDS: i64 = 3600;

/// A record kept in its document but left out of the projection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    pub document: String,
    pub key: String,
    pub problem: String,
}

/// A record whose day lies outside what a right clock could have stamped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImplausibleRecord {
    pub id: String,
    /// `harvest`, `weighing`, `observation`.
    #[serde(rename = "type")]
    pub record_type: String,
    pub day: String,
    pub document: String,
    /// False when its document's month is outside what any server takes
    /// (before 2000, after 2200): it stays on this device until corrected.
    pub syncable: bool,
}

/// What `carnet status` and the Sync screen list for a supervisor.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Health {
    /// Device clock minus the server's at the last sync, seconds.
    pub clock_skew_seconds: Option<i64>,
    /// Whether that skew is past `SKEW_WARNING_SECONDS`.
    pub clock_wrong: bool,
    pub unreadable: Vec<Unreadable>,
    pub implausible: Vec<ImplausibleRecord>,
}

impl Store {
    /// The device's time now, from the injected clock.
    pub fn now(&mut self) -> DateTime<FixedOffset> {
        (self.env.clock)()
    }

    /// The farm's latest known time: the newest server time seen at a sync
    /// and the newest write this store accepted, whichever is later.
    pub fn latest_known_time(&self) -> Result<Option<DateTime<Utc>>> {
        let read = |key| -> Result<Option<DateTime<Utc>>> {
            Ok(self
                .meta(key)?
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.with_timezone(&Utc)))
        };
        Ok(read(META_SERVER_TIME)?.max(read(META_LATEST_WRITE)?))
    }

    /// Refuses a write stamped `now` by an implausible clock; remembers an
    /// accepted time as the newest write. Called once, by the write path.
    pub(crate) fn check_clock(&self, now: DateTime<FixedOffset>) -> Result<()> {
        let latest_write = self
            .meta(META_LATEST_WRITE)?
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok());
        let server = self
            .meta(META_SERVER_TIME)?
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok());
        let known = latest_write
            .map(|t| t.with_timezone(&Utc))
            .max(server.map(|t| t.with_timezone(&Utc)));
        clock::check_device_time(now, known)?;
        let moved =
            latest_write.is_none_or(|t| (now - t).num_seconds() > LATEST_WRITE_STEP_SECONDS);
        if moved {
            self.set_meta(META_LATEST_WRITE, &now.to_rfc3339())?;
        }
        Ok(())
    }

    /// Records the server's time as told at a sync, and how far this
    /// device's clock is from it.
    pub fn record_server_time(
        &self,
        server: DateTime<Utc>,
        device: DateTime<FixedOffset>,
    ) -> Result<()> {
        let newest = self
            .meta(META_SERVER_TIME)?
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .is_none_or(|t| t < server);
        if newest {
            self.set_meta(META_SERVER_TIME, &server.to_rfc3339())?;
        }
        let skew = (device.with_timezone(&Utc) - server).num_seconds();
        self.set_meta(META_SKEW, &skew.to_string())
    }

    /// The device clock minus the server's at the last sync, in seconds.
    pub fn clock_skew(&self) -> Result<Option<i64>> {
        Ok(self.meta(META_SKEW)?.and_then(|s| s.parse().ok()))
    }

    /// The document a record dated `at` belongs in, for a supervisor's
    /// correction of a wrongly dated one (`redate_harvest`,
    /// `redate_observation`): `at` must lie within what `health` accepts,
    /// or the correction would only be listed again.
    pub(crate) fn redated_key(
        &self,
        domain: carnet_core::document::Domain,
        at: DateTime<FixedOffset>,
    ) -> Result<DocKey> {
        let known = self.latest_known_time()?;
        let utc = at.with_timezone(&Utc);
        if utc < clock::floor() || utc > clock::ceiling(known) {
            return Err(carnet_core::Error::invalid(
                "at",
                format!(
                    "{} is outside {} to {}",
                    at.format("%d/%m/%Y"),
                    clock::floor().format("%d/%m/%Y"),
                    clock::ceiling(known).format("%d/%m/%Y")
                ),
            )
            .into());
        }
        Ok(DocKey::Month {
            farm: self.farm_id()?,
            domain,
            month: Month::of(at.date_naive()),
        })
    }

    /// Everything a supervisor should look at: the clock's skew, records
    /// left out of the projection, records stamped by a wrong clock.
    pub fn health(&self) -> Result<Health> {
        let skew = self.clock_skew()?;
        let mut unreadable = Vec::new();
        {
            let mut stmt = self.conn().prepare(
                "SELECT doc_id, record_key, problem FROM unreadable ORDER BY doc_id, record_key",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Unreadable {
                    document: r.get(0)?,
                    key: r.get(1)?,
                    problem: r.get(2)?,
                })
            })?;
            for row in rows {
                unreadable.push(row?);
            }
        }
        let known = self.latest_known_time()?;
        let floor = clock::floor().date_naive().to_string();
        let ceiling = clock::ceiling(known).date_naive().to_string();
        let mut implausible = Vec::new();
        {
            // Only the days a device clock stamped: a task's due day is
            // chosen by a person and may lie years ahead.
            let mut stmt = self.conn().prepare(
                "SELECT r.id, r.type, r.day, d.key, r.doc_id FROM records r
                 LEFT JOIN documents d ON d.doc_id = r.doc_id
                 WHERE r.type IN ('harvest', 'weighing', 'observation')
                   AND (r.day < ?1 OR r.day > ?2)
                 ORDER BY r.day, r.id",
            )?;
            let rows = stmt.query_map([&floor, &ceiling], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?;
            for row in rows {
                let (id, record_type, day, key, doc_id) = row?;
                let key = key.and_then(|k| decode_key(&k).ok());
                implausible.push(ImplausibleRecord {
                    id,
                    record_type,
                    day,
                    document: key.map_or(doc_id, |k| k.to_string()),
                    syncable: key.is_none_or(is_syncable),
                });
            }
        }
        Ok(Health {
            clock_skew_seconds: skew,
            clock_wrong: skew.is_some_and(|s| s.abs() > SKEW_WARNING_SECONDS),
            unreadable,
            implausible,
        })
    }
}

/// Whether a server can hold this document: its month is one a farm's
/// document ids are derived for (2000 to 2200). A month outside came from a
/// wrong clock (1970, 2301) before writes checked it.
pub fn is_syncable(key: DocKey) -> bool {
    match key {
        DocKey::Catalog { .. } => true,
        DocKey::Month { month, .. } => Month::new(month.year(), month.month()).is_ok(),
    }
}

/// A stored document key (`DocKey::name`'s text). Leniently: a month
/// outside 2000–2200 (written by a wrong clock before writes were checked)
/// still names its document, so the store opens, projects and lists it
/// instead of failing whole.
pub(crate) fn decode_key(text: &str) -> Result<DocKey> {
    Ok(DocKey::parse_stored(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use carnet_core::document::Domain;
    use carnet_core::ids::FarmId;
    use chrono::NaiveDate;

    #[test]
    fn a_stored_key_for_1970_decodes_to_the_same_document() {
        let key = DocKey::Month {
            farm: FarmId(uuid::Uuid::from_u128(7)),
            domain: Domain::Harvests,
            month: Month::of(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()),
        };
        let text = key.name();
        assert_eq!(
            text,
            "carnet/00000000-0000-0000-0000-000000000007/harvests/1970-01"
        );
        assert!(
            text.parse::<DocKey>().is_err(),
            "the strict reading refuses 1970"
        );
        let decoded = decode_key(&text).unwrap();
        assert_eq!(decoded, key);
        assert_eq!(decoded.id(), key.id());
        assert!(!is_syncable(decoded));
    }

    #[test]
    fn a_stored_key_that_is_not_a_key_is_still_an_error() {
        let farm = "00000000-0000-0000-0000-000000000007";
        for text in [
            format!("carnet/{farm}/harvests/soon"),
            format!("carnet/{farm}/plans/2026-11"),
            format!("carnet/{farm}/catalog/2026-11"),
            "carnet/nope/catalog".to_string(),
            "tasks/2026-11".to_owned(),
            "[]".to_owned(),
        ] {
            assert_eq!(decode_key(&text).unwrap_err().code(), "invalid", "{text}");
        }
    }
}
