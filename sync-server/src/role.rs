//! What a device may write (docs/DESIGN.md §5).
//!
//! Roles are per device and checked per document: `field` tablets read the
//! catalog and write the monthly documents (tasks, harvests, observations),
//! `base` (supervisors) write everything, `viewer` reads only. Every role
//! reads every document of its farm. The rule is core's (`roles`), shared with
//! the device's store so the two cannot drift; the check here only decides; the
//! connection applies it to a staging fork of the document (see `session`).

use std::fmt;
use std::str::FromStr;

use carnet_core::document::DocKey;
use carnet_core::roles::DeviceRole;

use crate::error::ServerError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// A tablet in the field.
    Field,
    /// A supervisor's device at the base.
    Base,
    /// A screen or a script that only reads.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Field, Role::Base, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Field => "field",
            Role::Base => "base",
            Role::Viewer => "viewer",
        }
    }

    /// Whether this role may bring changes to the document `key`: core's
    /// rule, the one the device's own store applies before writing.
    pub fn may_write(self, key: &DocKey) -> bool {
        DeviceRole::from(self).may_write(key)
    }
}

impl From<Role> for DeviceRole {
    fn from(role: Role) -> DeviceRole {
        match role {
            Role::Field => DeviceRole::Field,
            Role::Base => DeviceRole::Base,
            Role::Viewer => DeviceRole::Viewer,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ServerError;
    fn from_str(s: &str) -> Result<Self, ServerError> {
        let wanted = s.trim();
        Role::ALL
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| ServerError::BadRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // What each role may write is core's rule, tested there
    // (`carnet_core::roles::tests`); here only that the server hands core
    // the role of the same name.
    #[test]
    fn each_server_role_is_the_device_role_of_its_name() {
        for role in Role::ALL {
            assert_eq!(DeviceRole::from(role).as_str(), role.as_str());
        }
    }

    #[test]
    fn roles_parse_from_their_names_only() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert_eq!(" Base ".parse::<Role>().unwrap(), Role::Base);
        let err = "admin".parse::<Role>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`admin` is not a role: use field, base or viewer"
        );
    }
}
