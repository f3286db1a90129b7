//! Who holds the tablet. Switching person changes memory only; the chosen
//! person's language is kept on this device (store metadata), not synced.

use carnet_core::ids::PersonId;
use carnet_core::roles::Action;
use carnet_core::values::Name;
use carnet_store::Store;
use tauri::{AppHandle, Runtime, State};

use super::CmdResult;
use crate::events;
use crate::ipc::{CommandError, Lang, Permissions, Person, PersonInput};
use crate::state::AppState;

fn with_local_lang(store: &Store, mut person: Person) -> CmdResult<Person> {
    if let Some(lang) = store.meta(&format!("lang:{}", person.id))? {
        person.lang = if lang == "en" { Lang::En } else { Lang::Fr };
    }
    Ok(person)
}

#[tauri::command]
pub async fn list_people(state: State<'_, AppState>) -> CmdResult<Vec<Person>> {
    let mut store = state.store();
    let people = crate::ipc::Catalog::from(store.catalog()?).people;
    people
        .into_iter()
        .map(|p| with_local_lang(&store, p))
        .collect()
}

/// Hands the tablet to `person`, checking their PIN if they have one.
#[tauri::command]
pub async fn switch_person(
    state: State<'_, AppState>,
    person: String,
    pin: Option<String>,
) -> CmdResult<Person> {
    let id: PersonId = person.parse()?;
    let mut store = state.store();
    let found = store
        .catalog()?
        .people
        .get(&id)
        .filter(|p| p.active)
        .cloned()
        .ok_or_else(|| CommandError::new("not_found", format!("person not found: {id}")))?;
    if !Store::check_pin(&found, pin.as_deref()) {
        return Err(CommandError::new("wrong_pin", "wrong PIN"));
    }
    state.set_person(Some(id));
    with_local_lang(&store, Person::from(&found))
}

#[tauri::command]
pub async fn current_person(state: State<'_, AppState>) -> CmdResult<Option<Person>> {
    let Ok(id) = state.person() else {
        return Ok(None);
    };
    let mut store = state.store();
    let person = store.catalog()?.people.get(&id).map(Person::from);
    person.map(|p| with_local_lang(&store, p)).transpose()
}

/// What this device and the person holding it may do, for the interface to
/// grey out the rest.
#[tauri::command]
pub async fn permissions(state: State<'_, AppState>) -> CmdResult<Permissions> {
    let device = state.store().device_role()?;
    let allowed = match state.person() {
        Ok(by) => {
            let mut store = state.store();
            Action::ALL
                .into_iter()
                .filter(|a| store.check_may(by, *a).is_ok())
                .map(Into::into)
                .collect()
        }
        Err(_) => Vec::new(),
    };
    Ok(Permissions {
        device_role: device.into(),
        allowed,
    })
}

/// Lets go of the tablet: the picker shows again.
#[tauri::command]
pub async fn leave_person(state: State<'_, AppState>) -> CmdResult<()> {
    state.set_person(None);
    Ok(())
}

/// The language the current person reads the app in, on this device.
#[tauri::command]
pub async fn set_language(state: State<'_, AppState>, lang: Lang) -> CmdResult<()> {
    let id = state.person()?;
    let code = match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    };
    state.store().set_meta(&format!("lang:{id}"), code)?;
    Ok(())
}

#[tauri::command]
pub async fn add_person<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: PersonInput,
) -> CmdResult<Person> {
    let by = state.person_who_may(Action::EditCatalog)?;
    let name = Name::parse("name", &input.name)?;
    let pin = input.pin.as_deref().filter(|p| !p.is_empty());
    let person = state
        .store()
        .add_person(by, name, input.role.into(), input.lang.into(), pin)?;
    events::local_write(&app, &state);
    Ok(Person::from(&person))
}
