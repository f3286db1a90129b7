//! A season in one long-lived process, as the app lives on the
//! supervisor's computer: the farm's days replayed one after the other
//! (daily lists, new tasks, ticks, harvests, observations), the app's idle
//! housekeeping after each day, and every week a report that opens older
//! months the way a sync of those months does (each document loaded and a
//! sync message made from it). The figure is the process's peak memory
//! (VmHWM) after the first month and at the end: with the store's bounded
//! document cache, the second should stay near the first (issue 10,
//! point 9: flat, ≤ 120 MB).
//!
//! Runs in its own process (`carnet-bench season`), so the peak is the
//! season's alone. Deliberately not here: a real server (the loads are the
//! store's; the network adds none to this process's documents).

use std::ops::RangeInclusive;
use std::path::Path;

use anyhow::Context as _;
use carnet_core::document::DocKey;
use carnet_core::values::Month;
use carnet_store::SyncSessions;
use chrono::{Datelike, NaiveDate};

use crate::measure::{self, Summary};
use crate::replay::Replay;
use crate::workload;

/// The tag of `season`'s summary line on standard error.
pub const SEASON_TAG: &str = "carnet-bench season";

/// How many older months a weekly report opens, per domain.
const REPORT_MONTHS: usize = 4;

/// What a season left: its days, the documents the reports opened, and the
/// peak memory after the first month and at the end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Season {
    pub days: u32,
    pub reports: u64,
    pub documents_opened: u64,
    pub most_documents_cached: u64,
    pub peak_kib_first_month: u64,
    pub peak_kib: u64,
}

impl Season {
    pub fn summary(&self) -> Summary {
        Summary::new(SEASON_TAG)
            .with("days", u64::from(self.days))
            .with("reports", self.reports)
            .with("documents_opened", self.documents_opened)
            .with("most_documents_cached", self.most_documents_cached)
            .with("peak_kib_first_month", self.peak_kib_first_month)
            .with("peak_kib", self.peak_kib)
    }

    pub fn from_summary(s: &Summary) -> anyhow::Result<Self> {
        Ok(Self {
            days: s.get("days")? as u32,
            reports: s.get("reports")?,
            documents_opened: s.get("documents_opened")?,
            most_documents_cached: s.get("most_documents_cached")?,
            peak_kib_first_month: s.get("peak_kib_first_month")?,
            peak_kib: s.get("peak_kib")?,
        })
    }
}

/// Lives through `days` in a new store at `path`.
pub fn live(path: &Path, seed: u64, days: RangeInclusive<NaiveDate>) -> anyhow::Result<Season> {
    let first = *days.start();
    let ops = workload::operations(seed, days.clone());
    let mut replay = Replay::create(path, seed, workload::time_on(first, 0))?;
    let mut season = Season {
        days: (*days.end() - first).num_days() as u32 + 1,
        ..Season::default()
    };
    let mut today = first;
    let mut sessions = SyncSessions::new();
    for op in ops {
        let day = op.at.date_naive();
        while today < day {
            end_of_day(&mut replay, &mut sessions, today, &mut season)?;
            if (today - first).num_days() == 30 {
                season.peak_kib_first_month = measure::peak_memory_kib().unwrap_or(0);
            }
            today = today.succ_opt().context("a next day")?;
        }
        replay
            .apply(&op)
            .with_context(|| format!("replaying {:?} at {}", op.action, op.at))?;
    }
    end_of_day(&mut replay, &mut sessions, today, &mut season)?;
    // VmHWM is not a true high-water mark everywhere: where the kernel
    // reclaims pages behind the process's back (DAMON on this VM), it can
    // read lower than an earlier reading. The season's peak is the highest
    // seen.
    season.peak_kib = measure::peak_memory_kib()
        .unwrap_or(0)
        .max(season.peak_kib_first_month);
    if season.peak_kib_first_month == 0 {
        season.peak_kib_first_month = season.peak_kib;
    }
    Ok(season)
}

/// The app's idle moment after a day's work (housekeeping), and on
/// Mondays a report over older months that syncs them first.
fn end_of_day(
    replay: &mut Replay,
    sessions: &mut SyncSessions,
    today: NaiveDate,
    season: &mut Season,
) -> anyhow::Result<()> {
    let store = replay.store();
    store.housekeeping()?;
    season.most_documents_cached = season
        .most_documents_cached
        .max(store.cached_documents() as u64);
    if today.weekday() != chrono::Weekday::Mon {
        return Ok(());
    }
    let this_month = Month::of(today);
    let mut older: Vec<DocKey> = store
        .documents()?
        .into_iter()
        .filter(|key| key.month().is_some_and(|m| m < this_month))
        .collect();
    // The newest older months first, as a report of the last season reads.
    older.sort_by_key(|key| std::cmp::Reverse(key.month()));
    let peer = "season report";
    for key in older.into_iter().take(REPORT_MONTHS * 3) {
        sessions.generate(store, key, peer)?;
        season.documents_opened += 1;
    }
    sessions.forget_peer(peer);
    season.reports += 1;
    Ok(())
}
