//! The typed commands the interface calls. Each reads its arguments as one
//! IPC shape (`Args<T>`, the whole JSON body the interface sends), parses it
//! into domain values through the `TryFrom` beside that shape in `ipc/`,
//! makes one call into the store or the sync client, and maps the result;
//! failures reach the interface as `CommandError { code, params, message }`.
//!
//! Deliberately not here: the list of commands (one list in `lib.rs` feeds
//! both `generate_handler!` and the TypeScript `Commands` map).
pub mod catalog;
pub mod conflicts;
pub mod farm;
pub mod harvests;
pub mod launch;
pub mod observations;
pub mod people;
pub mod reports;
pub mod sync;
pub mod tasks;

use serde::de::DeserializeOwned;
use tauri::Runtime;
use tauri::ipc::{CommandArg, CommandItem, InvokeBody, InvokeError};

use crate::ipc::{CommandError, ErrorCode};

pub type CmdResult<T> = Result<T, CommandError>;

/// A command's arguments: the whole JSON object the interface sends, read as
/// one IPC shape, so the generated TypeScript type of `T` is exactly what
/// `api.ts` must pass (Tauri's own arguments are read one key each, which no
/// type names).
#[derive(Clone, Debug)]
pub struct Args<T>(pub T);

impl<'de, T: DeserializeOwned, R: Runtime> CommandArg<'de, R> for Args<T> {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let refused = |problem: String| {
            InvokeError::from(CommandError::new(
                ErrorCode::BadArguments,
                format!("{}: {problem}", command.name),
            ))
        };
        match command.message.payload() {
            InvokeBody::Json(value) => T::deserialize(value)
                .map(Args)
                .map_err(|e| refused(e.to_string())),
            InvokeBody::Raw(_) => Err(refused("raw bytes instead of JSON".to_owned())),
        }
    }
}
