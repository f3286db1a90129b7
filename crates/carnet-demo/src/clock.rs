//! A clock that can be steered into the past while the demo writes its
//! history, and that otherwise reads the clock it wraps.
//!
//! The store reads the time from its `StoreEnv` (records carry the time they
//! were made), so writing last month's harvests through the ordinary API
//! means holding the store's clock at last month for a while. Deliberately
//! not a general mock clock: tests use `carnet_store::stepping_clock`.

use std::sync::{Arc, Mutex, PoisonError};

use carnet_store::Clock;
use chrono::{DateTime, FixedOffset};

/// A shared handle on the steered time. Cloned into the store's clock; the
/// demo holds the other clone and sets the time before each write.
#[derive(Clone, Debug, Default)]
pub struct SteerableClock {
    /// `Some(t)`: the next reading returns `t` and moves it one second on.
    /// `None`: readings go to the wrapped clock.
    at: Arc<Mutex<Option<DateTime<FixedOffset>>>>,
}

impl SteerableClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// The store's clock: steered while a time is set, `base` otherwise.
    pub fn wrap(&self, mut base: Clock) -> Clock {
        let at = self.at.clone();
        Box::new(move || {
            let mut guard = at.lock().unwrap_or_else(PoisonError::into_inner);
            match guard.as_mut() {
                Some(t) => {
                    let now = *t;
                    // Records made one after another keep their order.
                    *t += chrono::Duration::seconds(1);
                    now
                }
                None => base(),
            }
        })
    }

    /// Holds the clock at `t` (moving one second per reading).
    pub fn set(&self, t: DateTime<FixedOffset>) {
        *self.at.lock().unwrap_or_else(PoisonError::into_inner) = Some(t);
    }

    /// Gives the clock back to the wrapped one.
    pub fn release(&self) {
        *self.at.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steered_time_moves_one_second_per_reading_then_returns_to_base() {
        let base_time: DateTime<FixedOffset> = "2026-11-23T09:00:00+01:00".parse().unwrap();
        let steer = SteerableClock::new();
        let mut clock = steer.wrap(carnet_store::stepping_clock(base_time, 0));
        let past: DateTime<FixedOffset> = "2026-10-01T08:00:00+02:00".parse().unwrap();
        steer.set(past);
        assert_eq!(clock(), past);
        assert_eq!(clock(), past + chrono::Duration::seconds(1));
        steer.release();
        assert_eq!(clock(), base_time);
    }
}
