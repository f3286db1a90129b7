//! The open sockets, per device: for the per-device connection limit, and so
//! that revoking a device closes its sockets.
//!
//! A connection registers before its WebSocket upgrade and holds the returned
//! [`LiveGuard`] until it ends; dropping the guard unregisters it. Revoking a
//! device cancels the tokens of its guards, which each connection's loop
//! watches.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio_util::sync::CancellationToken;

use crate::documents::ConnectionId;
use crate::ids::DeviceId;

#[derive(Debug, Default)]
pub(crate) struct LiveConnections {
    next_id: AtomicU64,
    by_device: Mutex<HashMap<DeviceId, Vec<(ConnectionId, CancellationToken)>>>,
}

/// One registered connection. Cancelled when its device is revoked; dropped
/// by the connection when it ends.
#[derive(Debug)]
pub(crate) struct LiveGuard {
    pub id: ConnectionId,
    pub device: DeviceId,
    pub revoked: CancellationToken,
    live: Arc<LiveConnections>,
}

impl LiveConnections {
    /// Registers a connection of `device`, or `None` when it already has
    /// `max` open.
    pub(crate) fn register(self: &Arc<Self>, device: DeviceId, max: usize) -> Option<LiveGuard> {
        let mut by_device = self.lock();
        let connections = by_device.entry(device).or_default();
        if connections.len() >= max {
            return None;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let revoked = CancellationToken::new();
        connections.push((id, revoked.clone()));
        Some(LiveGuard {
            id,
            device,
            revoked,
            live: Arc::clone(self),
        })
    }

    /// Devices with at least one open socket.
    pub(crate) fn devices(&self) -> Vec<DeviceId> {
        self.lock().keys().copied().collect()
    }

    /// Closes every socket of `device`; returns how many.
    pub(crate) fn revoke(&self, device: DeviceId) -> usize {
        let by_device = self.lock();
        let connections = by_device
            .get(&device)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (_, token) in connections {
            token.cancel();
        }
        connections.len()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<DeviceId, Vec<(ConnectionId, CancellationToken)>>> {
        self.by_device
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for LiveGuard {
    fn drop(&mut self) {
        let mut by_device = self.live.lock();
        if let Some(connections) = by_device.get_mut(&self.device) {
            connections.retain(|(id, _)| *id != self.id);
            if connections.is_empty() {
                by_device.remove(&self.device);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_gets_at_most_max_connections_and_slots_free_on_drop() {
        let live = Arc::new(LiveConnections::default());
        let device = DeviceId::new();
        let a = live.register(device, 2).unwrap();
        let _b = live.register(device, 2).unwrap();
        assert!(live.register(device, 2).is_none());
        assert!(
            live.register(DeviceId::new(), 2).is_some(),
            "other devices are not counted"
        );
        drop(a);
        assert!(live.register(device, 2).is_some());
    }

    #[test]
    fn revoking_cancels_every_socket_of_the_device_only() {
        let live = Arc::new(LiveConnections::default());
        let (device, other) = (DeviceId::new(), DeviceId::new());
        let a = live.register(device, 4).unwrap();
        let b = live.register(device, 4).unwrap();
        let c = live.register(other, 4).unwrap();
        assert_eq!(live.revoke(device), 2);
        assert!(a.revoked.is_cancelled() && b.revoked.is_cancelled());
        assert!(!c.revoked.is_cancelled());
        drop((a, b));
        assert_eq!(live.devices(), vec![other]);
    }
}
