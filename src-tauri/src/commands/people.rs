//! Who holds the tablet, and the people a supervisor manages. Switching
//! person changes memory only; the chosen person's language is kept on this
//! device (store metadata), not synced.

use carnet_core::ids::PersonId;
use carnet_core::roles::Action;
use carnet_store::{PersonChange, Store};
use tauri::{AppHandle, Runtime, State};

use super::{Args, CmdResult};
use crate::events;
use crate::ipc::{
    CommandError, ErrorCode, Lang, NewPerson, Permissions, Person, PersonEditInput, PersonInput,
    SetLanguage, SwitchPerson,
};
use crate::state::AppState;

fn with_local_lang(store: &Store, mut person: Person) -> CmdResult<Person> {
    if let Some(lang) = store.meta(&format!("lang:{}", person.id))? {
        person.lang = if lang == "en" { Lang::En } else { Lang::Fr };
    }
    Ok(person)
}

/// The picker's people: the active ones.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn list_people(state: State<'_, AppState>) -> CmdResult<Vec<Person>> {
    let mut store = state.store()?;
    let people = crate::ipc::Catalog::from(store.catalog()?).people;
    people
        .into_iter()
        .map(|p| with_local_lang(&store, p))
        .collect()
}

/// Hands the tablet to `person`, checking their PIN if they have one.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn switch_person(
    state: State<'_, AppState>,
    args: Args<SwitchPerson>,
) -> CmdResult<Person> {
    let (id, pin) = <(PersonId, Option<String>)>::try_from(args.0)?;
    let mut store = state.store()?;
    let found = store
        .catalog()?
        .people
        .get(&id)
        .filter(|p| p.active)
        .cloned()
        .ok_or_else(|| {
            CommandError::from(carnet_core::Error::not_found("person", id.to_string()))
        })?;
    if !Store::check_pin(&found, pin.as_deref()) {
        return Err(CommandError::new(ErrorCode::WrongPin, "wrong PIN"));
    }
    state.set_person(Some(id));
    with_local_lang(&store, Person::from(&found))
}

#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn current_person(state: State<'_, AppState>) -> CmdResult<Option<Person>> {
    let Ok(id) = state.person() else {
        return Ok(None);
    };
    let mut store = state.store()?;
    let person = store.catalog()?.people.get(&id).map(Person::from);
    person.map(|p| with_local_lang(&store, p)).transpose()
}

/// What this device and the person holding it may do, for the interface to
/// grey out the rest.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn permissions(state: State<'_, AppState>) -> CmdResult<Permissions> {
    let mut store = state.store()?;
    let device = store.device_role()?;
    let allowed = match state.person() {
        Ok(by) => Action::ALL
            .into_iter()
            .filter(|a| store.check_may(by, *a).is_ok())
            .map(Into::into)
            .collect(),
        Err(_) => Vec::new(),
    };
    Ok(Permissions {
        device_role: device.into(),
        allowed,
    })
}

/// Lets go of the tablet: the picker shows again.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn leave_person(state: State<'_, AppState>) -> CmdResult<()> {
    state.set_person(None);
    Ok(())
}

/// The language the current person reads the app in, on this device.
#[tauri::command]
#[tracing::instrument(skip(state), err(Debug))]
pub async fn set_language(state: State<'_, AppState>, args: Args<SetLanguage>) -> CmdResult<()> {
    let id = state.person()?;
    let code = match args.0.lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    };
    state.store()?.set_meta(&format!("lang:{id}"), code)?;
    Ok(())
}

#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn add_person<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<PersonInput>,
) -> CmdResult<Person> {
    let new = NewPerson::try_from(args.0)?;
    let by = state.person_who_may(Action::EditCatalog)?;
    let person = state
        .store()?
        .add_person(by, new.name, new.role, new.lang, new.pin.as_deref())?;
    events::local_write(&app, &state);
    Ok(Person::from(&person))
}

/// Changes a person's role, language, PIN or activity. Someone made
/// inactive leaves the picker; if they hold the tablet, they let go of it.
#[tauri::command]
#[tracing::instrument(skip(app, state), err(Debug))]
pub async fn edit_person<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    args: Args<PersonEditInput>,
) -> CmdResult<Person> {
    let (id, change) = <(PersonId, PersonChange)>::try_from(args.0)?;
    let by = state.person_who_may(Action::EditCatalog)?;
    let person = state.store()?.edit_person(by, id, change)?;
    if !person.active && state.person().is_ok_and(|p| p == id) {
        state.set_person(None);
    }
    events::local_write(&app, &state);
    Ok(Person::from(&person))
}
