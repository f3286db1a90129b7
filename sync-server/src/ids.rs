//! The server's own ids. Farms and documents use the core's ids
//! (`FarmId`, `DocumentId`): a farm's id is the one its devices made offline.
//! A device id is made here, at enrollment: devices are the server's records.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use crate::error::ServerError;

/// An enrolled device (a tablet, a desktop, a script).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceId(pub Uuid);

impl DeviceId {
    /// A new id, ordered by creation time (UUID v7).
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
}

impl Default for DeviceId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceId({})", self.0.hyphenated())
    }
}

impl FromStr for DeviceId {
    type Err = ServerError;
    fn from_str(s: &str) -> Result<Self, ServerError> {
        Uuid::parse_str(s.trim())
            .map(Self)
            .map_err(|_| ServerError::invalid("device id", format!("`{s}` is not a device id")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_id_round_trips_and_names_bad_input() {
        let id = DeviceId::new();
        assert_eq!(id.to_string().parse::<DeviceId>().unwrap(), id);
        let err = "tablette".parse::<DeviceId>().unwrap_err();
        assert_eq!(err.to_string(), "device id: `tablette` is not a device id");
    }
}
