//! What a failed command carries to the interface: a code from a closed set
//! (`ErrorCode`, exported to TypeScript so the catalogues must translate every
//! one) and the structured parameters the translation names (a field, the
//! date the device believes, the program holding the store…).
//!
//! Deliberately not here: any sentence for people. `message` is the English
//! diagnostic for logs and developers; the interface never shows it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::words::{Action, DeviceRole, Role};

/// Every code a command can fail with: the core's, the store's, the sync
/// client's and the app's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // carnet-core
    Invalid,
    NotFound,
    CorruptDocument,
    MalformedRecord,
    BadSyncMessage,
    ImplausibleClock,
    Automerge,
    // carnet-store
    Database,
    NotAStore,
    StoreTooNew,
    Projection,
    StoreInUse,
    NoFarm,
    FarmExists,
    RoleForbids,
    PersonForbids,
    // carnet-client
    Unreachable,
    Refused,
    BadUrl,
    NotEnrolled,
    OtherFarm,
    BadCertificate,
    Protocol,
    Timeout,
    // the app
    NoPerson,
    WrongPin,
    /// A report's CSV could not be written where asked.
    ExportFailed,
    /// The last sync failed (the sync screen; the reason is in the logs).
    SyncFailed,
    /// The interface sent arguments a command cannot read (a bug, not a
    /// person's mistake).
    BadArguments,
    /// A code this version does not know (a newer crate's): logged.
    Internal,
}

impl ErrorCode {
    /// The code as the crates spell it (`StoreError::code` and friends):
    /// serde's spelling of the variant, so the two cannot drift.
    pub fn as_str(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => "internal".to_owned(),
        }
    }

    /// The code of a crate's error; an unknown one is `internal` (and logged
    /// by the caller), never a panic.
    pub fn from_code(code: &str) -> ErrorCode {
        serde_json::from_value(serde_json::Value::String(code.to_owned()))
            .unwrap_or(ErrorCode::Internal)
    }
}

/// The structured part of an error, beyond its code: what the translation
/// names. Each field is set by the codes listed beside it.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorParams {
    /// `invalid`: the field at fault (`title`, `due`, `pin`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// `not_found`: what was looked for (`task`, `bed`, `person`…) and by
    /// which key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key: Option<String>,
    /// `implausible_clock`: the time the device believes (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub device_time: Option<String>,
    /// `store_in_use`: the program holding the store and its process id,
    /// when its lock file names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub holder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pid: Option<u32>,
    /// `role_forbids`: the device's role; `person_forbids`: the person's
    /// role and the action refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub device_role: Option<DeviceRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub action: Option<Action>,
    /// `unreachable`, `bad_url`: the server's address as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub url: Option<String>,
    /// `export_failed`: the file that could not be written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub path: Option<String>,
    /// `timeout`: the seconds waited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub seconds: Option<u32>,
}

/// Only the parameters set, as the interface receives them: each command's
/// span logs its error, and a dozen `None`s say nothing.
impl std::fmt::Debug for ErrorParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_string(self) {
            Ok(json) => f.write_str(&json),
            Err(_) => f.write_str("ErrorParams"),
        }
    }
}

/// A command's failure as the interface receives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct CommandError {
    pub code: ErrorCode,
    /// Boxed: most errors carry none, and every command's `Result` is as
    /// large as its error.
    pub params: Box<ErrorParams>,
    /// The English diagnostic, for logs and developers only: the interface
    /// translates `code` and `params` instead.
    pub message: String,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            params: Box::default(),
            message: message.into(),
        }
    }

    fn from_code(code: &str, params: ErrorParams, message: String) -> Self {
        let known = ErrorCode::from_code(code);
        if known == ErrorCode::Internal && code != "internal" {
            tracing::warn!(code, %message, "an error code the interface does not know");
        }
        Self {
            code: known,
            params: Box::new(params),
            message,
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for CommandError {}

fn core_params(e: &carnet_core::Error) -> ErrorParams {
    use carnet_core::Error as E;
    match e {
        E::Invalid { field, .. } => ErrorParams {
            field: Some((*field).to_owned()),
            ..Default::default()
        },
        E::NotFound { kind, key } => ErrorParams {
            kind: Some((*kind).to_owned()),
            key: Some(key.clone()),
            ..Default::default()
        },
        E::ImplausibleClock { device_time } => ErrorParams {
            device_time: Some(device_time.to_rfc3339()),
            ..Default::default()
        },
        _ => ErrorParams::default(),
    }
}

/// Reads the lock's holder label, `carnet-app (pid 1234)` (`lock.rs`), into
/// the program and its pid; `another process` names neither.
pub(crate) fn holder_params(label: &str) -> (Option<String>, Option<u32>) {
    let Some((program, rest)) = label.split_once(" (pid ") else {
        return (None, None);
    };
    let pid = rest.strip_suffix(')').and_then(|p| p.parse().ok());
    (Some(program.to_owned()), pid)
}

fn store_params(e: &carnet_store::StoreError) -> ErrorParams {
    use carnet_store::StoreError as E;
    match e {
        E::Core(core) => core_params(core),
        E::InUse { holder, .. } => {
            let (holder, pid) = holder_params(holder);
            ErrorParams {
                holder,
                pid,
                ..Default::default()
            }
        }
        E::RoleForbids { role, .. } => ErrorParams {
            device_role: Some((*role).into()),
            ..Default::default()
        },
        E::PersonForbids { role, action } => ErrorParams {
            role: Some((*role).into()),
            action: Some((*action).into()),
            ..Default::default()
        },
        _ => ErrorParams::default(),
    }
}

impl From<carnet_store::StoreError> for CommandError {
    fn from(e: carnet_store::StoreError) -> Self {
        Self::from_code(e.code(), store_params(&e), e.to_string())
    }
}

impl From<carnet_core::Error> for CommandError {
    fn from(e: carnet_core::Error) -> Self {
        Self::from_code(e.code(), core_params(&e), e.to_string())
    }
}

impl From<carnet_client::ClientError> for CommandError {
    fn from(e: carnet_client::ClientError) -> Self {
        use carnet_client::ClientError as E;
        let params = match &e {
            E::Store(s) => store_params(s),
            E::Unreachable { url, .. } | E::BadUrl(url) => ErrorParams {
                url: Some(url.clone()),
                ..Default::default()
            },
            E::Timeout(secs) => ErrorParams {
                seconds: Some(u32::try_from(*secs).unwrap_or(u32::MAX)),
                ..Default::default()
            },
            _ => ErrorParams::default(),
        };
        Self::from_code(e.code(), params, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_codes_read_as_the_enum_and_unknown_ones_as_internal() {
        // The crates' own spellings, as `code()` returns them.
        let store = carnet_store::StoreError::InUse {
            path: "x".into(),
            holder: "another process".into(),
        };
        assert_eq!(ErrorCode::from_code(store.code()), ErrorCode::StoreInUse);
        let client = carnet_client::ClientError::NotEnrolled;
        assert_eq!(ErrorCode::from_code(client.code()), ErrorCode::NotEnrolled);
        assert_eq!(
            ErrorCode::from_code("person_forbids"),
            ErrorCode::PersonForbids
        );
        assert_eq!(ErrorCode::StoreInUse.as_str(), "store_in_use");
        assert_eq!(
            ErrorCode::from_code("a_code_from_the_future"),
            ErrorCode::Internal
        );
    }

    #[test]
    fn the_store_holder_label_gives_the_program_and_its_pid() {
        assert_eq!(
            holder_params("carnet (pid 4242)"),
            (Some("carnet".to_owned()), Some(4242))
        );
        assert_eq!(holder_params("another process"), (None, None));
    }

    #[test]
    fn a_core_error_carries_its_field_and_no_translation() {
        let e = CommandError::from(carnet_core::Error::invalid("title", "is empty"));
        assert_eq!(e.code, ErrorCode::Invalid);
        assert_eq!(e.params.field.as_deref(), Some("title"));
    }
}
