//! Rate limits, without IO: the caller passes the time in, so the tests need
//! no clock.
//!
//! [`TokenBucket`] paces one connection's messages: a burst is allowed, then
//! messages are read no faster than the refill rate (the connection waits, so
//! TCP pushes back on the sender; nothing is dropped). [`AuthFailures`] counts
//! refused tokens per client address and refuses an address outright once it
//! failed too often within a minute, so tokens cannot be guessed at speed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// A token bucket: `capacity` messages at once, refilled at `per_second`.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    capacity: f64,
    per_second: f64,
    tokens: f64,
    updated: Instant,
}

impl TokenBucket {
    /// A full bucket. `per_second` below 1 is taken as 1.
    pub fn new(capacity: u32, per_second: u32, now: Instant) -> Self {
        let capacity = f64::from(capacity.max(1));
        Self {
            capacity,
            per_second: f64::from(per_second.max(1)),
            tokens: capacity,
            updated: now,
        }
    }

    /// Takes one token, or says how long to wait until one is there.
    pub fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.capacity);
        self.updated = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - self.tokens) / self.per_second,
            ))
        }
    }
}

/// Refused authentications per client address, in one-minute windows.
#[derive(Debug)]
pub struct AuthFailures {
    max_per_window: u32,
    window: Duration,
    by_address: HashMap<IpAddr, (Instant, u32)>,
}

/// Addresses remembered before old windows are swept out.
const SWEEP_ABOVE: usize = 4096;

impl AuthFailures {
    pub fn new(max_per_minute: u32) -> Self {
        Self {
            max_per_window: max_per_minute,
            window: Duration::from_secs(60),
            by_address: HashMap::new(),
        }
    }

    /// Whether `address` failed too often in its current window.
    pub fn is_blocked(&self, address: IpAddr, now: Instant) -> bool {
        self.by_address
            .get(&address)
            .is_some_and(|&(start, count)| {
                now.saturating_duration_since(start) < self.window && count >= self.max_per_window
            })
    }

    /// Counts one more failure; returns the count in the current window.
    pub fn record(&mut self, address: IpAddr, now: Instant) -> u32 {
        if self.by_address.len() >= SWEEP_ABOVE {
            let window = self.window;
            self.by_address
                .retain(|_, (start, _)| now.saturating_duration_since(*start) < window);
        }
        let entry = self.by_address.entry(address).or_insert((now, 0));
        if now.saturating_duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    #[test]
    fn bucket_allows_a_burst_then_paces_at_the_rate() {
        let t0 = Instant::now();
        let mut bucket = TokenBucket::new(3, 10, t0);
        for _ in 0..3 {
            assert_eq!(bucket.take(t0), Ok(()));
        }
        let wait = bucket.take(t0).unwrap_err();
        assert_eq!(wait, Duration::from_millis(100));
        // After 100 ms one token is back, and only one.
        let t1 = t0 + Duration::from_millis(100);
        assert_eq!(bucket.take(t1), Ok(()));
        assert!(bucket.take(t1).is_err());
        // A long pause refills to the capacity, not beyond.
        let t2 = t1 + Duration::from_secs(60);
        for _ in 0..3 {
            assert_eq!(bucket.take(t2), Ok(()));
        }
        assert!(bucket.take(t2).is_err());
    }

    #[test]
    fn time_going_backwards_does_not_refill_or_panic() {
        let t0 = Instant::now() + Duration::from_secs(10);
        let mut bucket = TokenBucket::new(1, 1, t0);
        assert_eq!(bucket.take(t0), Ok(()));
        assert!(bucket.take(t0 - Duration::from_secs(5)).is_err());
    }

    #[test]
    fn an_address_is_blocked_after_too_many_failures_in_a_minute() {
        let t0 = Instant::now();
        let ip = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
        let other = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2));
        let mut failures = AuthFailures::new(3);
        for n in 1..=3 {
            assert!(!failures.is_blocked(ip, t0));
            assert_eq!(failures.record(ip, t0), n);
        }
        assert!(failures.is_blocked(ip, t0 + Duration::from_secs(59)));
        assert!(
            !failures.is_blocked(other, t0),
            "other addresses are not affected"
        );
        // A new window forgives.
        let later = t0 + Duration::from_secs(61);
        assert!(!failures.is_blocked(ip, later));
        assert_eq!(failures.record(ip, later), 1);
    }

    #[test]
    fn many_addresses_do_not_grow_the_table_forever() {
        let t0 = Instant::now();
        let mut failures = AuthFailures::new(3);
        for i in 0..(SWEEP_ABOVE as u32 * 3) {
            let now = t0 + Duration::from_secs(u64::from(i / 1000) * 61);
            failures.record(IpAddr::V4(Ipv4Addr::from(i)), now);
        }
        assert!(failures.by_address.len() <= SWEEP_ABOVE + 1000);
    }
}
