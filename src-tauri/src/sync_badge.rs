//! The sync badge: what the loop last did and what the store still holds
//! for the server, in one of six words; with the device clock's skew (the
//! badge and Today warn past ten minutes) and the records a supervisor must
//! look at (the Sync screen lists them).

use carnet_client::{LoopState, SyncStatus};

use crate::ipc::{CommandError, ErrorCode, SyncBadge, SyncState};
use crate::state::AppState;

/// The badge now: the loop's state and the store's status.
pub(crate) fn current(state: &AppState) -> Result<SyncState, CommandError> {
    let status = carnet_client::status(&*state.store()?)?;
    let looping = state
        .sync_loop()
        .map(|l| l.state.borrow().clone())
        .unwrap_or(LoopState::Idle);
    Ok(badge(&looping, &status))
}

pub(crate) fn badge(looping: &LoopState, status: &SyncStatus) -> SyncState {
    let mut retry_in_secs = None;
    // The loop's and the store's errors are English diagnostics (logged by
    // the client); the interface gets a code it translates.
    let mut error = status.last_error.as_ref().map(|_| ErrorCode::SyncFailed);
    // Not enrolled, changes still wait for a server: say so, as a count.
    let badge = if !status.enrolled {
        if status.pending_changes > 0 {
            SyncBadge::Waiting
        } else {
            SyncBadge::NotEnrolled
        }
    } else {
        match looping {
            LoopState::Syncing => SyncBadge::Syncing,
            LoopState::Offline { retry_in, .. } => {
                retry_in_secs = Some(retry_in.as_secs());
                error = Some(ErrorCode::Unreachable);
                SyncBadge::Offline
            }
            LoopState::Refused { .. } => {
                error = Some(ErrorCode::Refused);
                SyncBadge::Error
            }
            LoopState::Idle | LoopState::Synced(_) | LoopState::NotEnrolled => {
                if status.pending_changes > 0 {
                    SyncBadge::Waiting
                } else {
                    SyncBadge::UpToDate
                }
            }
        }
    };
    SyncState {
        badge,
        pending: status.pending_changes,
        enrolled: status.enrolled,
        server: status.server.clone(),
        last_sync_at: status.last_sync_at.clone(),
        error,
        retry_in_secs,
        safe_to_switch_off: status.safe_to_switch_off,
        clock_skew_secs: status.health.clock_skew_seconds,
        clock_wrong: status.health.clock_wrong,
        unreadable: status.health.unreadable.iter().map(Into::into).collect(),
        wrong_dates: status.health.implausible.iter().map(Into::into).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn status(enrolled: bool, pending: i64) -> SyncStatus {
        SyncStatus {
            enrolled,
            server: enrolled.then(|| "http://127.0.0.1:3030".into()),
            role: None,
            last_sync_at: None,
            pending_changes: pending,
            server_reachable: None,
            last_error: None,
            safe_to_switch_off: pending == 0,
            health: Default::default(),
        }
    }

    #[test]
    fn badge_says_waiting_until_the_server_has_everything() {
        let synced = LoopState::Synced(Default::default());
        assert_eq!(badge(&synced, &status(true, 3)).badge, SyncBadge::Waiting);
        assert_eq!(badge(&synced, &status(true, 0)).badge, SyncBadge::UpToDate);
        assert_eq!(
            badge(&LoopState::Idle, &status(false, 2)).badge,
            SyncBadge::Waiting
        );
        assert_eq!(
            badge(&LoopState::Idle, &status(false, 0)).badge,
            SyncBadge::NotEnrolled
        );
    }

    #[test]
    fn badge_says_offline_with_the_next_retry() {
        let offline = LoopState::Offline {
            error: "server unreachable".into(),
            retry_in: Duration::from_secs(4),
        };
        let s = badge(&offline, &status(true, 1));
        assert_eq!(
            (s.badge, s.retry_in_secs, s.error),
            (SyncBadge::Offline, Some(4), Some(ErrorCode::Unreachable)),
            "the interface gets a code, never the client's English"
        );
        let refused = LoopState::Refused {
            error: "revoked".into(),
        };
        let s = badge(&refused, &status(true, 0));
        assert_eq!(
            (s.badge, s.error),
            (SyncBadge::Error, Some(ErrorCode::Refused))
        );
    }

    #[test]
    fn badge_carries_a_clock_skew_past_ten_minutes_as_wrong() {
        let mut skewed = status(true, 0);
        skewed.health.clock_skew_seconds = Some(-1800);
        skewed.health.clock_wrong = true;
        let s = badge(&LoopState::Idle, &skewed);
        assert_eq!((s.clock_skew_secs, s.clock_wrong), (Some(-1800), true));
        let s = badge(&LoopState::Idle, &status(true, 0));
        assert_eq!((s.clock_skew_secs, s.clock_wrong), (None, false));
    }
}
