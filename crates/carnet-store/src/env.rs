//! What the store takes from the outside world: the time and randomness.
//! Tests inject a fixed clock and a seeded generator; the CLI and the app use
//! the system's.

use chrono::{DateTime, FixedOffset, Local};
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use uuid::Uuid;

/// A source of "now", in the device's local offset (dates are the farm's).
pub type Clock = Box<dyn FnMut() -> DateTime<FixedOffset> + Send>;

pub fn system_clock() -> Clock {
    Box::new(|| Local::now().fixed_offset())
}

/// A clock that starts at `start` and advances `step_ms` at every reading.
pub fn stepping_clock(start: DateTime<FixedOffset>, step_ms: i64) -> Clock {
    let mut now = start;
    Box::new(move || {
        let t = now;
        now += chrono::Duration::milliseconds(step_ms);
        t
    })
}

/// How the store reads the time and draws ids.
pub struct StoreEnv {
    pub clock: Clock,
    pub rng: StdRng,
    /// The device's human name, written beside its actor id.
    pub device_label: String,
}

impl std::fmt::Debug for StoreEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreEnv")
            .field("device_label", &self.device_label)
            .finish()
    }
}

impl StoreEnv {
    pub fn system(device_label: impl Into<String>) -> Self {
        Self {
            clock: system_clock(),
            rng: StdRng::from_os_rng(),
            device_label: device_label.into(),
        }
    }

    pub fn seeded(seed: u64, clock: Clock, device_label: impl Into<String>) -> Self {
        Self {
            clock,
            rng: StdRng::seed_from_u64(seed),
            device_label: device_label.into(),
        }
    }

    /// A UUID v7 (time-ordered) from the injected clock and generator.
    pub fn new_id(&mut self, now: DateTime<FixedOffset>) -> Uuid {
        let mut random = [0u8; 10];
        self.rng.fill_bytes(&mut random);
        uuid::Builder::from_unix_timestamp_millis(now.timestamp_millis().max(0) as u64, &random)
            .into_uuid()
    }

    pub fn random_bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        self.rng.fill_bytes(&mut out);
        out
    }
}
