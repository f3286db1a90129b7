//! A scenario's schedule, drawn from its seed alone: which devices, their
//! clocks, and the list of steps (work, syncs and faults). Running the same
//! seed again runs the same schedule; only the operating system's timing
//! (where exactly a SIGKILL lands) differs between runs.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::frames::Faults;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A device records `ops` things (harvests, observations, task edits).
    Write {
        dev: usize,
        ops: u32,
    },
    Sync {
        dev: usize,
    },
    /// Every device syncs at once; the server may be SIGKILLed meanwhile
    /// (then restarted on the same database).
    SyncAll {
        kill_server_after_ms: Option<u64>,
    },
    /// The server is SIGKILLed and stays down for a few steps.
    ServerDown {
        for_steps: u32,
    },
    /// A device is SIGKILLed while writing or syncing, then restarted on
    /// the same store file.
    KillDevice {
        dev: usize,
        during_sync: bool,
        after_ms: u64,
    },
    /// The network between a device and the server goes bad.
    Net {
        dev: usize,
        faults: Faults,
    },
    HealNet {
        dev: usize,
    },
    /// A device's clock is set off by this many seconds (0: corrected);
    /// the device restarts with it.
    Clock {
        dev: usize,
        offset_secs: i64,
    },
    /// A device's clock jumps to a date no field can be at (a flat clock
    /// battery, a hand-set year): its writes are refused with the store's
    /// clear error (expected: neither acknowledged nor lost) while it keeps
    /// syncing; then the clock is corrected and it writes again.
    AbsurdClock {
        dev: usize,
        at: AbsurdTime,
    },
    /// The `carnet` command line writes a harvest into a running worker's
    /// store (a person using the CLI while the app is open): refused with
    /// the error naming the holder, and nothing acknowledged is lost.
    SecondProcess {
        dev: usize,
    },
    /// A worker's store file is copied to a second tablet (a restored
    /// backup, a cloned tablet), same actor and token: the copy must take a
    /// new actor when it opens, both tablets write and sync, nothing lost.
    CopiedStore {
        dev: usize,
    },
    /// A record that does not parse, written with raw Automerge into a
    /// worker's harvests document: kept and listed everywhere, never lost,
    /// and every other record keeps syncing.
    Poison {
        dev: usize,
    },
    /// A device's store cannot grow any more (restart with
    /// `CARNET_STORE_MAX_PAGES=1`), or can again.
    DiskFull {
        dev: usize,
    },
    DiskFree {
        dev: usize,
    },
}

/// The implausible clocks the campaign sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AbsurdTime {
    /// 1970-01-01T00:00:00Z: a tablet whose clock battery died.
    Epoch,
    /// 2038-01-19T03:14:07Z: the last second of 32-bit time.
    Y2038,
    /// Two years past the true time: a year typed wrong.
    TwoYearsAhead,
}

impl AbsurdTime {
    /// The fault's name in the summary.
    pub fn label(self) -> &'static str {
        match self {
            AbsurdTime::Epoch => "clock at 1970-01-01",
            AbsurdTime::Y2038 => "clock at 2038-01-19",
            AbsurdTime::TwoYearsAhead => "clock two years ahead",
        }
    }

    /// The clock's error, in seconds, when the true time is `now`.
    pub fn offset_from(self, now: DateTime<FixedOffset>) -> i64 {
        match self {
            AbsurdTime::Epoch => -now.timestamp(),
            AbsurdTime::Y2038 => i64::from(i32::MAX) - now.timestamp(),
            AbsurdTime::TwoYearsAhead => 2 * 365 * 86_400,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DevicePlan {
    pub name: String,
    /// `base` (the supervisor's desk) or `field` (a tablet).
    pub role: &'static str,
    /// The `carnet` command line instead of a worker process.
    pub cli: bool,
    /// The clock's error at the start, in seconds.
    pub offset_secs: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub seed: u64,
    /// The true time when the scenario begins.
    pub start: DateTime<FixedOffset>,
    pub devices: Vec<DevicePlan>,
    pub steps: Vec<Step>,
    /// A tablet lost for good before the end (never syncs again): what it
    /// had sent when it said "safe to switch off" must be on the server.
    pub lost: Option<usize>,
}

/// A clock error of hours or days, either way.
fn skew(rng: &mut StdRng) -> i64 {
    let sign = if rng.random_bool(0.5) { 1 } else { -1 };
    if rng.random_bool(0.5) {
        sign * rng.random_range(1..=23) * 3600
    } else {
        sign * rng.random_range(1..=6) * 86_400
    }
}

fn net_faults(rng: &mut StdRng, cli: bool) -> Faults {
    let mut faults = Faults::default();
    // The command line waits 60 s for a lost frame (its default timeout):
    // it gets every fault but drops.
    let kind = rng.random_range(0..if cli { 80 } else { 100 });
    match kind {
        0..=24 => faults.partitioned = true,
        25..=44 => faults.delay_max_ms = rng.random_range(10..=150),
        45..=64 => faults.dup_per_mille = rng.random_range(100..=600),
        65..=79 => faults.cut_after = Some(rng.random_range(150..=6000)),
        _ => faults.drop_per_mille = rng.random_range(20..=150),
    }
    faults
}

/// The seeds of the quick mode (`cargo test -p carnet-nemesis`): chosen so
/// that together they draw every fault kind added since the first three
/// (see the test below).
pub const QUICK_SEEDS: [u64; 3] = [4, 11, 117];

pub fn plan(seed: u64) -> Plan {
    let mut rng = StdRng::seed_from_u64(seed);
    // Any day of 2026: month ends come up, and a skewed clock then writes
    // into another month's document than the other devices.
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")
        + chrono::Duration::days(rng.random_range(0..365));
    let offset = FixedOffset::east_opt(3600).expect("+01:00");
    let start = offset
        .from_local_datetime(&day.and_hms_opt(7, 0, 0).expect("07:00"))
        .single()
        .expect("a fixed offset has one local time");
    let mut devices = vec![DevicePlan {
        name: "bureau".into(),
        role: "base",
        cli: false,
        offset_secs: 0,
    }];
    for i in 1..=rng.random_range(2..=3) {
        let offset_secs = if rng.random_bool(0.4) {
            skew(&mut rng)
        } else {
            0
        };
        devices.push(DevicePlan {
            name: format!("tablette-{i}"),
            role: "field",
            cli: false,
            offset_secs,
        });
    }
    if rng.random_bool(0.6) {
        let offset_secs = if rng.random_bool(0.3) {
            skew(&mut rng)
        } else {
            0
        };
        devices.push(DevicePlan {
            name: "cli".into(),
            role: "field",
            cli: true,
            offset_secs,
        });
    }
    let n = devices.len();
    let mut steps = Vec::new();
    for _ in 0..rng.random_range(12..=20) {
        let dev = rng.random_range(0..n);
        let step = match rng.random_range(0..100) {
            0..=29 => Step::Write {
                dev,
                ops: rng.random_range(1..=4),
            },
            30..=41 => Step::Sync { dev },
            42..=51 => Step::SyncAll {
                kill_server_after_ms: rng.random_bool(0.5).then(|| rng.random_range(0..=250)),
            },
            52..=54 => Step::ServerDown {
                for_steps: rng.random_range(1..=3),
            },
            55 if dev > 0 && !devices[dev].cli => Step::CopiedStore { dev },
            55 => Step::ServerDown {
                for_steps: rng.random_range(1..=3),
            },
            56..=65 => {
                // A write of three records takes a few milliseconds, a sync
                // tens: kill within those windows.
                let during_sync = rng.random_bool(0.5);
                Step::KillDevice {
                    dev,
                    during_sync,
                    after_ms: rng.random_range(0..=if during_sync { 200 } else { 25 }),
                }
            }
            66..=77 => Step::Net {
                dev,
                faults: net_faults(&mut rng, devices[dev].cli),
            },
            78..=83 if !devices[dev].cli && rng.random_bool(0.3) => Step::SecondProcess { dev },
            78..=83 => Step::HealNet { dev },
            84..=89 if rng.random_bool(0.35) => Step::AbsurdClock {
                dev,
                at: [
                    AbsurdTime::Epoch,
                    AbsurdTime::Y2038,
                    AbsurdTime::TwoYearsAhead,
                ][rng.random_range(0..3)],
            },
            84..=89 => Step::Clock {
                dev,
                offset_secs: if rng.random_bool(0.3) {
                    0
                } else {
                    skew(&mut rng)
                },
            },
            90..=92 if !devices[dev].cli => Step::Poison { dev },
            90..=95 => Step::DiskFull { dev },
            _ => Step::DiskFree { dev },
        };
        steps.push(step);
    }
    let lost = rng.random_bool(0.4).then(|| rng.random_range(1..n));
    Plan {
        seed,
        start,
        devices,
        steps,
        lost,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_seeds_draw_every_implausible_clock() {
        let drawn: Vec<AbsurdTime> = QUICK_SEEDS
            .iter()
            .flat_map(|&seed| plan(seed).steps)
            .filter_map(|s| match s {
                Step::AbsurdClock { at, .. } => Some(at),
                _ => None,
            })
            .collect();
        for at in [
            AbsurdTime::Epoch,
            AbsurdTime::Y2038,
            AbsurdTime::TwoYearsAhead,
        ] {
            assert!(drawn.contains(&at), "no quick seed draws {}", at.label());
        }
    }

    #[test]
    fn the_quick_seeds_draw_a_second_process() {
        assert!(
            QUICK_SEEDS.iter().any(|&seed| plan(seed)
                .steps
                .iter()
                .any(|s| matches!(s, Step::SecondProcess { .. }))),
            "no quick seed runs the CLI beside a worker"
        );
    }

    #[test]
    fn the_quick_seeds_draw_a_copied_store_and_a_poison_record() {
        let steps: Vec<Step> = QUICK_SEEDS
            .iter()
            .flat_map(|&seed| plan(seed).steps)
            .collect();
        assert!(
            steps.iter().any(|s| matches!(s, Step::CopiedStore { .. })),
            "no quick seed copies a store"
        );
        assert!(
            steps.iter().any(|s| matches!(s, Step::Poison { .. })),
            "no quick seed writes a poison record"
        );
    }

    #[test]
    fn a_seed_fully_determines_its_schedule() {
        assert_eq!(plan(7), plan(7));
        assert_ne!(plan(7), plan(8));
    }
}
