//! The HTTP shapes of the server, kept apart from the storage types so that
//! renaming a field inside the server cannot silently change what a client
//! reads.

use serde::Serialize;

use crate::storage::{Device, Farm};

/// `GET /v1/whoami`: who this token is, for a device's `enroll` step.
#[derive(Debug, Serialize)]
pub(crate) struct WhoAmI {
    pub farm_id: String,
    pub farm_name: String,
    pub device_id: String,
    pub device_name: String,
    pub role: &'static str,
}

impl WhoAmI {
    pub(crate) fn new(device: &Device, farm: &Farm) -> Self {
        Self {
            farm_id: farm.id.to_string(),
            farm_name: farm.name.clone(),
            device_id: device.id.to_string(),
            device_name: device.name.clone(),
            role: device.role.as_str(),
        }
    }
}
