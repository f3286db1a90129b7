//! The administration commands, as functions: register a farm, enroll,
//! list and revoke devices. The command line (`cli`) and the tests call
//! these; they work on any [`Storage`], and on the SQLite file while `serve`
//! runs from another process.
//!
//! Farms and devices are named on the command line by id or by exact name,
//! so a supervisor can type `--farm "Jardin des Aures"`.

use carnet_core::FarmId;
use chrono::{DateTime, SubsecRound, Utc};
use rand::CryptoRng;
use uuid::Uuid;

use crate::error::{Result, ServerError};
use crate::ids::DeviceId;
use crate::role::Role;
use crate::storage::{Device, Farm, NewDevice, Storage};
use crate::token::Token;

/// The longest farm or device name, in characters.
const MAX_NAME_CHARS: usize = 100;

/// Registers a farm. `id` is the farm id the devices' app made when the
/// supervisor created the farm offline; without it a new one is made (for a
/// farm whose first device will adopt it).
pub fn create_farm(
    storage: &dyn Storage,
    name: &str,
    id: Option<FarmId>,
    now: DateTime<Utc>,
) -> Result<Farm> {
    let farm = Farm {
        id: id.unwrap_or_else(|| FarmId(Uuid::now_v7())),
        name: clean_name("farm name", name)?,
        // Stored to the millisecond: what is returned is what is read back.
        created_at: now.trunc_subsecs(3),
    };
    storage.create_farm(&farm)?;
    Ok(farm)
}

/// The farm named by `text`: its id, or its exact name.
pub fn find_farm(storage: &dyn Storage, text: &str) -> Result<Farm> {
    let text = text.trim();
    if let Ok(id) = text.parse::<FarmId>() {
        return storage
            .farm(id)?
            .ok_or_else(|| ServerError::UnknownFarm(text.to_owned()));
    }
    let mut matching = storage.farms()?.into_iter().filter(|f| f.name == text);
    match (matching.next(), matching.next()) {
        (Some(farm), None) => Ok(farm),
        (Some(_), Some(_)) => Err(ServerError::AmbiguousFarm(text.to_owned())),
        (None, _) => Err(ServerError::UnknownFarm(text.to_owned())),
    }
}

/// A new device and its token, which exists nowhere else: show it once.
#[derive(Debug)]
pub struct Enrolled {
    pub device: Device,
    pub farm: Farm,
    pub token: Token,
}

/// Enrolls a device in the farm named by `farm`.
pub fn enroll_device(
    storage: &dyn Storage,
    farm: &str,
    name: &str,
    role: Role,
    rng: &mut impl CryptoRng,
    now: DateTime<Utc>,
) -> Result<Enrolled> {
    let farm = find_farm(storage, farm)?;
    let token = Token::generate(rng);
    let device = Device {
        id: DeviceId::new(),
        farm: farm.id,
        name: clean_name("device name", name)?,
        role,
        created_at: now.trunc_subsecs(3),
        revoked_at: None,
    };
    storage.enroll_device(&NewDevice {
        device: device.clone(),
        token_hash: token.hash(),
    })?;
    Ok(Enrolled {
        device,
        farm,
        token,
    })
}

/// Devices of the farm named by `farm`, or of every farm.
pub fn list_devices(storage: &dyn Storage, farm: Option<&str>) -> Result<Vec<Device>> {
    let farm = farm.map(|f| find_farm(storage, f)).transpose()?;
    storage.devices(farm.map(|f| f.id))
}

/// The device named by `text`: its id, or a name only one device has.
pub fn find_device(storage: &dyn Storage, text: &str) -> Result<Device> {
    let text = text.trim();
    if let Ok(id) = text.parse::<DeviceId>() {
        return storage
            .device(id)?
            .ok_or_else(|| ServerError::UnknownDevice(text.to_owned()));
    }
    let mut matching = storage
        .devices(None)?
        .into_iter()
        .filter(|d| d.name == text);
    match (matching.next(), matching.next()) {
        (Some(device), None) => Ok(device),
        (Some(_), Some(_)) => Err(ServerError::AmbiguousDevice(text.to_owned())),
        (None, _) => Err(ServerError::UnknownDevice(text.to_owned())),
    }
}

/// What `revoke_device` did.
#[derive(Debug)]
pub struct Revoked {
    pub device: Device,
    /// The device was revoked before this call; nothing changed.
    pub already: bool,
}

/// Revokes a device: refused at its next connection, and a running server
/// closes its open sockets within its revocation poll interval.
pub fn revoke_device(storage: &dyn Storage, text: &str, now: DateTime<Utc>) -> Result<Revoked> {
    let device = find_device(storage, text)?;
    let already = device.is_revoked();
    let device = storage
        .revoke_device(device.id, now)?
        .ok_or_else(|| ServerError::UnknownDevice(text.to_owned()))?;
    Ok(Revoked { device, already })
}

fn clean_name(field: &'static str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ServerError::invalid(field, "is empty"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ServerError::invalid(
            field,
            format!("is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(ServerError::invalid(field, "contains a control character"));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;
    use crate::storage::SqliteStorage;

    fn storage() -> (tempfile::TempDir, SqliteStorage) {
        let dir = tempfile::tempdir().unwrap();
        let storage = SqliteStorage::open(&dir.path().join("server.sqlite3")).unwrap();
        (dir, storage)
    }

    #[test]
    fn a_farm_keeps_the_id_its_devices_made() {
        let (_dir, storage) = storage();
        let id = FarmId(Uuid::from_u128(42));
        let farm = create_farm(&storage, " Jardin des Aures ", Some(id), Utc::now()).unwrap();
        assert_eq!(farm.id, id);
        assert_eq!(farm.name, "Jardin des Aures");
        assert_eq!(find_farm(&storage, &id.to_string()).unwrap(), farm);
        assert_eq!(find_farm(&storage, "Jardin des Aures").unwrap(), farm);
        let again = create_farm(&storage, "Autre", Some(id), Utc::now()).unwrap_err();
        assert_eq!(
            again.to_string(),
            format!("a farm with id {id} is already registered")
        );
        let same_name = create_farm(&storage, "Jardin des Aures", None, Utc::now()).unwrap_err();
        assert!(matches!(same_name, ServerError::FarmNameTaken(_)));
    }

    #[test]
    fn bad_input_gets_one_clear_line() {
        let (_dir, storage) = storage();
        let mut rng = StdRng::seed_from_u64(1);
        let err = enroll_device(
            &storage,
            "Nowhere",
            "tablette",
            Role::Field,
            &mut rng,
            Utc::now(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "unknown farm `Nowhere`");
        create_farm(&storage, "Ferme", None, Utc::now()).unwrap();
        enroll_device(
            &storage,
            "Ferme",
            "tablette 1",
            Role::Field,
            &mut rng,
            Utc::now(),
        )
        .unwrap();
        let err = enroll_device(
            &storage,
            "Ferme",
            "tablette 1",
            Role::Base,
            &mut rng,
            Utc::now(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "farm `Ferme` already has a device named `tablette 1`"
        );
        let err =
            enroll_device(&storage, "Ferme", "  ", Role::Base, &mut rng, Utc::now()).unwrap_err();
        assert_eq!(err.to_string(), "device name: is empty");
        let err = revoke_device(&storage, "tablette 9", Utc::now()).unwrap_err();
        assert_eq!(err.to_string(), "unknown device `tablette 9`");
    }

    #[test]
    fn enrolled_token_finds_its_device_until_revoked() {
        let (_dir, storage) = storage();
        let mut rng = StdRng::seed_from_u64(2);
        create_farm(&storage, "Ferme", None, Utc::now()).unwrap();
        let enrolled = enroll_device(
            &storage,
            "Ferme",
            "bureau",
            Role::Base,
            &mut rng,
            Utc::now(),
        )
        .unwrap();
        let found = storage
            .device_for_token(&enrolled.token.hash())
            .unwrap()
            .unwrap();
        assert_eq!(found, enrolled.device);
        let other = Token::generate(&mut rng);
        assert_eq!(storage.device_for_token(&other.hash()).unwrap(), None);

        let revoked = revoke_device(&storage, "bureau", Utc::now()).unwrap();
        assert!(!revoked.already && revoked.device.is_revoked());
        let again = revoke_device(&storage, &enrolled.device.id.to_string(), Utc::now()).unwrap();
        assert!(again.already);
        assert_eq!(again.device.revoked_at, revoked.device.revoked_at);
        assert_eq!(
            storage
                .revoked_among(&[enrolled.device.id, DeviceId::new()])
                .unwrap(),
            vec![enrolled.device.id]
        );
        // Still found (so the refusal can be logged as "revoked"), but marked.
        assert!(
            storage
                .device_for_token(&enrolled.token.hash())
                .unwrap()
                .unwrap()
                .is_revoked()
        );
    }

    #[test]
    fn devices_list_by_farm() {
        let (_dir, storage) = storage();
        let mut rng = StdRng::seed_from_u64(3);
        create_farm(&storage, "A", None, Utc::now()).unwrap();
        create_farm(&storage, "B", None, Utc::now()).unwrap();
        enroll_device(&storage, "A", "t1", Role::Field, &mut rng, Utc::now()).unwrap();
        enroll_device(&storage, "B", "t1", Role::Viewer, &mut rng, Utc::now()).unwrap();
        assert_eq!(list_devices(&storage, Some("A")).unwrap().len(), 1);
        assert_eq!(list_devices(&storage, None).unwrap().len(), 2);
        let err = find_device(&storage, "t1").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`t1` names several devices: use the device id"
        );
    }
}
