//! Who may write what: the device's role (what the server lets its changes
//! into) and the person's role (what the person holding the tablet may do).
//!
//! Both rules are written once, here, so the server's staging fork, the
//! device's store and the app's commands cannot drift apart. This module only
//! decides; it does not know who is enrolled or who holds the tablet (the
//! store's metadata and the app's session do).

use std::fmt;
use std::str::FromStr;

use crate::document::{DocKey, Domain};
use crate::error::{Error, Result};
use crate::values::Role;

/// The role a device was enrolled with on the sync server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeviceRole {
    /// A tablet in the field: writes the monthly documents, reads the catalog.
    Field,
    /// A supervisor's device at the base: writes everything. A store never
    /// enrolled is its supervisor's own device, so it acts as `Base`.
    Base,
    /// A screen or a script that only reads.
    Viewer,
}

impl DeviceRole {
    pub const ALL: [DeviceRole; 3] = [DeviceRole::Field, DeviceRole::Base, DeviceRole::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            DeviceRole::Field => "field",
            DeviceRole::Base => "base",
            DeviceRole::Viewer => "viewer",
        }
    }

    /// Whether a device of this role may change the document `key`.
    pub fn may_write(self, key: &DocKey) -> bool {
        match key {
            DocKey::Catalog { .. } => self == DeviceRole::Base,
            DocKey::Month { domain, .. } => self.may_write_domain(*domain),
        }
    }

    /// Whether a device of this role may change the monthly documents of
    /// `domain` (whatever the month).
    pub fn may_write_domain(self, domain: Domain) -> bool {
        match (self, domain) {
            (DeviceRole::Base, _) => true,
            (DeviceRole::Viewer, _) => false,
            // Spelled out so that a new domain (deliveries, missions) makes
            // this match fail to compile until someone decides.
            (DeviceRole::Field, Domain::Tasks | Domain::Harvests | Domain::Observations) => true,
        }
    }
}

impl fmt::Display for DeviceRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DeviceRole {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let wanted = s.trim();
        DeviceRole::ALL
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                Error::invalid(
                    "device role",
                    format!("`{wanted}` is not one of field, base, viewer"),
                )
            })
    }
}

/// What a person asks to do, as far as their role is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Tick a task done.
    TickTask,
    /// Abandon a task, with a reason.
    AbandonTask,
    /// Record an observation on beds.
    Observe,
    /// Record a harvest, weigh it later, void it.
    Harvest,
    /// Create tasks, one-off or recurring.
    PlanTasks,
    /// Change the catalog: beds, crops, people, outlets.
    EditCatalog,
    /// Choose between concurrent values.
    ResolveConflict,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::TickTask,
        Action::AbandonTask,
        Action::Observe,
        Action::Harvest,
        Action::PlanTasks,
        Action::EditCatalog,
        Action::ResolveConflict,
    ];

    /// The code the interface and scripts know this action by.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::TickTask => "tick_task",
            Action::AbandonTask => "abandon_task",
            Action::Observe => "observe",
            Action::Harvest => "harvest",
            Action::PlanTasks => "plan_tasks",
            Action::EditCatalog => "edit_catalog",
            Action::ResolveConflict => "resolve_conflict",
        }
    }

    /// Where the action writes: a device whose role may not write there may
    /// not offer it, whoever holds it.
    pub fn writes_catalog(self) -> bool {
        matches!(self, Action::EditCatalog)
    }
}

impl Role {
    /// Whether a person of this role may do `action`: a worker ticks,
    /// abandons and observes; a team leader also harvests; a supervisor does
    /// everything.
    pub fn may(self, action: Action) -> bool {
        match (self, action) {
            (Role::Supervisor, _) => true,
            (_, Action::TickTask | Action::AbandonTask | Action::Observe) => true,
            (Role::TeamLeader, Action::Harvest) => true,
            (
                Role::Worker | Role::TeamLeader,
                Action::Harvest | Action::PlanTasks | Action::EditCatalog | Action::ResolveConflict,
            ) => false,
        }
    }
}

impl DeviceRole {
    /// Whether a device of this role may offer `action` at all: the catalog
    /// only on a base device, the rest wherever monthly documents are written.
    /// Recurring tasks live in the catalog, but a one-off task does not, so
    /// `PlanTasks` is allowed wherever tasks are written and the store refuses
    /// the recurring ones on a field tablet.
    pub fn may(self, action: Action) -> bool {
        match action {
            Action::EditCatalog => self == DeviceRole::Base,
            Action::TickTask | Action::AbandonTask | Action::PlanTasks => {
                self.may_write_domain(Domain::Tasks)
            }
            Action::Observe => self.may_write_domain(Domain::Observations),
            Action::Harvest => self.may_write_domain(Domain::Harvests),
            // A conflict may sit in any document; the store checks the one.
            Action::ResolveConflict => self != DeviceRole::Viewer,
        }
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::ids::FarmId;

    fn keys() -> (DocKey, Vec<DocKey>) {
        let farm = FarmId(Uuid::from_u128(1));
        let month = "2026-11".parse().unwrap();
        let months = Domain::ALL
            .into_iter()
            .map(|domain| DocKey::Month {
                farm,
                domain,
                month,
            })
            .collect();
        (DocKey::Catalog { farm }, months)
    }

    #[test]
    fn field_writes_monthly_documents_but_not_the_catalog() {
        let (catalog, months) = keys();
        assert!(!DeviceRole::Field.may_write(&catalog));
        assert!(months.iter().all(|key| DeviceRole::Field.may_write(key)));
    }

    #[test]
    fn base_writes_everything_and_viewer_nothing() {
        let (catalog, months) = keys();
        assert!(DeviceRole::Base.may_write(&catalog));
        assert!(months.iter().all(|key| DeviceRole::Base.may_write(key)));
        assert!(!DeviceRole::Viewer.may_write(&catalog));
        assert!(months.iter().all(|key| !DeviceRole::Viewer.may_write(key)));
    }

    #[test]
    fn device_roles_parse_from_their_names_only() {
        for role in DeviceRole::ALL {
            assert_eq!(role.as_str().parse::<DeviceRole>().unwrap(), role);
        }
        assert_eq!(" Base ".parse::<DeviceRole>().unwrap(), DeviceRole::Base);
        assert_eq!("admin".parse::<DeviceRole>().unwrap_err().code(), "invalid");
    }

    fn allowed(may: impl Fn(Action) -> bool) -> Vec<&'static str> {
        Action::ALL
            .into_iter()
            .filter(|a| may(*a))
            .map(Action::as_str)
            .collect()
    }

    #[test]
    fn workers_tick_abandon_observe_leaders_also_harvest_supervisors_everything() {
        assert_eq!(
            allowed(|a| Role::Worker.may(a)),
            ["tick_task", "abandon_task", "observe"]
        );
        assert_eq!(
            allowed(|a| Role::TeamLeader.may(a)),
            ["tick_task", "abandon_task", "observe", "harvest"]
        );
        assert_eq!(
            allowed(|a| Role::Supervisor.may(a)).len(),
            Action::ALL.len()
        );
    }

    #[test]
    fn a_field_tablet_offers_everything_but_catalog_edits_and_a_viewer_nothing() {
        assert_eq!(
            allowed(|a| DeviceRole::Field.may(a)),
            [
                "tick_task",
                "abandon_task",
                "observe",
                "harvest",
                "plan_tasks",
                "resolve_conflict"
            ]
        );
        assert!(allowed(|a| DeviceRole::Viewer.may(a)).is_empty());
        assert_eq!(
            allowed(|a| DeviceRole::Base.may(a)).len(),
            Action::ALL.len()
        );
        assert!(
            Action::ALL
                .iter()
                .all(|a| a.writes_catalog() == (*a == Action::EditCatalog))
        );
    }
}
