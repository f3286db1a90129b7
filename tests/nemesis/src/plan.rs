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
    /// A device's store cannot grow any more (restart with
    /// `CARNET_STORE_MAX_PAGES=1`), or can again.
    DiskFull {
        dev: usize,
    },
    DiskFree {
        dev: usize,
    },
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
            52..=55 => Step::ServerDown {
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
            78..=83 => Step::HealNet { dev },
            84..=89 => Step::Clock {
                dev,
                offset_secs: if rng.random_bool(0.3) {
                    0
                } else {
                    skew(&mut rng)
                },
            },
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
    fn a_seed_fully_determines_its_schedule() {
        assert_eq!(plan(7), plan(7));
        assert_ne!(plan(7), plan(8));
    }
}
