//! The app's background sync: on start, after local changes (debounced), and
//! while the server is unreachable, again and again with jittered backoff
//! from 1 s to 60 s. Nothing is ever dropped because it waited too long:
//! changes wait in the store, not in this loop.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use carnet_store::Store;
use rand::{Rng, SeedableRng};
use tokio::sync::{Notify, watch};

use crate::error::ClientError;
use crate::session::{SyncOptions, SyncReport, sync_once};

/// Delays between failed attempts: doubling from 1 s up to 60 s, each drawn
/// uniformly in [delay/2, delay] so a farm's tablets do not retry in step.
#[derive(Debug)]
pub struct Backoff {
    failures: u32,
    rng: rand::rngs::StdRng,
}

impl Backoff {
    pub const FIRST: Duration = Duration::from_secs(1);
    pub const MAX: Duration = Duration::from_secs(60);

    pub fn new(seed: u64) -> Self {
        Self {
            failures: 0,
            rng: rand::rngs::StdRng::seed_from_u64(seed),
        }
    }

    pub fn reset(&mut self) {
        self.failures = 0;
    }

    /// The wait before the next attempt after one more failure.
    pub fn next_delay(&mut self) -> Duration {
        let ceiling = Self::FIRST
            .saturating_mul(1 << self.failures.min(6))
            .min(Self::MAX);
        self.failures = self.failures.saturating_add(1);
        let millis = ceiling.as_millis() as u64;
        Duration::from_millis(self.rng.random_range(millis / 2..=millis))
    }
}

/// What the loop last did, for the sync badge.
#[derive(Clone, Debug, PartialEq)]
pub enum LoopState {
    Idle,
    Syncing,
    Synced(SyncReport),
    /// The server could not be reached; the next attempt is after `retry_in`.
    Offline {
        error: String,
        retry_in: Duration,
    },
    /// The server refused (revoked token, refused change): retried only when
    /// asked (a new change or "sync now"), not in a tight loop.
    Refused {
        error: String,
    },
    NotEnrolled,
}

/// A handle on the running loop. Dropping it does not stop the loop; call
/// `stop`.
#[derive(Clone, Debug)]
pub struct SyncLoop {
    /// Woken by `changed()` and `sync_now()`; read by the loop task only.
    wake: Arc<Notify>,
    /// Set by `stop()`; the loop ends at its next wake-up.
    stop: watch::Sender<bool>,
    /// Written by the loop task, read by the app's status command.
    pub state: watch::Receiver<LoopState>,
}

/// How long to wait after a local change before syncing, so a burst of
/// weighings goes in one sync.
pub const DEBOUNCE: Duration = Duration::from_millis(800);

impl SyncLoop {
    /// Starts the loop on the current tokio runtime. `today` gives the date
    /// that picks the months in scope.
    pub fn spawn(
        store: Arc<Mutex<Store>>,
        today: impl Fn() -> chrono::NaiveDate + Send + 'static,
        seed: u64,
    ) -> SyncLoop {
        let wake = Arc::new(Notify::new());
        let (stop, mut stopped) = watch::channel(false);
        let (state_tx, state) = watch::channel(LoopState::Idle);
        let task_wake = wake.clone();
        tokio::spawn(async move {
            let mut backoff = Backoff::new(seed);
            let mut wait: Option<Duration> = Some(Duration::ZERO); // sync on start
            loop {
                match wait {
                    Some(delay) => {
                        tokio::select! {
                            _ = tokio::time::sleep(delay) => {}
                            _ = task_wake.notified() => { tokio::time::sleep(DEBOUNCE).await; }
                            _ = stopped.changed() => break,
                        }
                    }
                    None => {
                        tokio::select! {
                            _ = task_wake.notified() => { tokio::time::sleep(DEBOUNCE).await; }
                            _ = stopped.changed() => break,
                        }
                    }
                }
                if *stopped.borrow() {
                    break;
                }
                let _ = state_tx.send(LoopState::Syncing);
                match sync_once(&store, today(), SyncOptions::default()).await {
                    Ok(report) => {
                        backoff.reset();
                        let _ = state_tx.send(LoopState::Synced(report));
                        wait = None;
                    }
                    Err(ClientError::NotEnrolled) => {
                        let _ = state_tx.send(LoopState::NotEnrolled);
                        wait = None;
                    }
                    Err(e @ (ClientError::Refused(_) | ClientError::OtherFarm { .. })) => {
                        let _ = state_tx.send(LoopState::Refused {
                            error: e.to_string(),
                        });
                        wait = None;
                    }
                    Err(e) => {
                        let delay = backoff.next_delay();
                        let _ = state_tx.send(LoopState::Offline {
                            error: e.to_string(),
                            retry_in: delay,
                        });
                        wait = Some(delay);
                    }
                }
                // Idle now (a burst of changes ended a debounce ago, or the
                // loop just started): the store's compaction and checkpoint
                // go here rather than into the next user's write.
                if let Err(e) = crate::session::lock(&store).housekeeping() {
                    tracing::warn!(error = %e, "store housekeeping failed");
                }
            }
        });
        SyncLoop { wake, stop, state }
    }

    /// A local change was saved: sync soon.
    pub fn changed(&self) {
        self.wake.notify_one();
    }

    /// The person pressed "sync now".
    pub fn sync_now(&self) {
        self.wake.notify_one();
    }

    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_second_to_a_minute_with_jitter() {
        let mut b = Backoff::new(7);
        let delays: Vec<Duration> = (0..10).map(|_| b.next_delay()).collect();
        let ceilings = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60];
        for (d, c) in delays.iter().zip(ceilings) {
            let c = Duration::from_secs(c);
            assert!(*d <= c && *d >= c / 2, "{d:?} not in [{:?}, {c:?}]", c / 2);
        }
        b.reset();
        assert!(b.next_delay() <= Duration::from_secs(1));
    }

    #[test]
    fn two_tablets_do_not_retry_in_step() {
        let (mut a, mut b) = (Backoff::new(1), Backoff::new(2));
        let same = (0..8).filter(|_| a.next_delay() == b.next_delay()).count();
        assert!(same < 2);
    }
}
