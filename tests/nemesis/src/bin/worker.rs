//! A device as a process, for the nemesis harness: one store file opened
//! through `carnet-store`, synced through `carnet-client`, driven by one
//! command per line on stdin, so the harness can SIGKILL it at any moment.
//!
//! It prints `ack <kind> <id> <nonce>` for every record only after the
//! store's transaction committed (and `moved <kind>` after a task moved or a
//! record redated to another month), so every printed id is a promise: it must
//! be on every device in the end. Every command ends with one line, `done`,
//! `ok …` or `err <message>` (a failure as the person would read it).
//!
//! Commands: `enroll URL TOKEN`, `write N NONCE`, `poison NONCE` (a
//! record that does not parse, put with raw Automerge into this month's
//! harvests document and saved with a harvest: prints `poisoned KEY` once
//! both are stored), `sync`, `quit`.
//! Options: --store PATH --label NAME --seed N --now RFC3339 (the injected
//! clock, which steps one second per reading).

use std::io::{BufRead, Write};
use std::sync::Mutex;
use std::time::Duration;

use carnet_client::{Remote, SyncOptions};
use carnet_core::catalog::Catalog;
use carnet_core::document::{DocKey, Domain};
use carnet_core::harvests::Destination;
use carnet_core::harvests::NewHarvest;
use carnet_core::ids::PersonId;
use carnet_core::observations::NewObservation;
use carnet_core::record::Record;
use carnet_core::tasks::TaskEdit;
use carnet_core::values::{
    DestinationKind, Month, Name, ObservationKind, Quantity, Role, Severity, Unit, parse_note,
};
use carnet_store::{Store, StoreEnv, stepping_clock};
use chrono::{DateTime, FixedOffset};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// One sync may take this long before the worker reports a timeout: a
/// dropped frame stalls a session, and the app's loop would retry.
const SYNC_TIMEOUT: Duration = Duration::from_secs(4);

struct Args {
    store: String,
    label: String,
    seed: u64,
    now: DateTime<FixedOffset>,
}

fn args() -> Result<Args, String> {
    let mut store = None;
    let mut label = None;
    let mut seed = None;
    let mut now = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--store" => store = Some(value),
            "--label" => label = Some(value),
            "--seed" => seed = Some(value.parse().map_err(|_| "bad --seed".to_owned())?),
            "--now" => {
                now = Some(DateTime::parse_from_rfc3339(&value).map_err(|e| e.to_string())?);
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(Args {
        store: store.ok_or("--store is required")?,
        label: label.ok_or("--label is required")?,
        seed: seed.ok_or("--seed is required")?,
        now: now.ok_or("--now is required")?,
    })
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe means the harness is gone: nothing left to tell.
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// An error as one line: the harness checks that failures reach people as
/// messages, and a message has no line breaks.
fn one_line(e: impl std::fmt::Display) -> String {
    e.to_string().replace('\n', " / ")
}

fn main() {
    carnet_tracing::log_to_stderr("RUST_LOG", "warn");
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let env = StoreEnv::seeded(args.seed, stepping_clock(args.now, 1000), &args.label);
    let store = match Store::open(std::path::Path::new(&args.store), env) {
        Ok(s) => Mutex::new(s),
        Err(e) => {
            say(&format!("err {}", one_line(e)));
            std::process::exit(1);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut rng = StdRng::seed_from_u64(args.seed ^ 0x5eed);
    let today = args.now.date_naive();
    say("ready");
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["enroll", url, token] => {
                let outcome = Remote::new(url, token)
                    .map(|remote| runtime.block_on(carnet_client::enroll(&store, &remote)));
                match outcome.and_then(|r| r) {
                    Ok(who) => say(&format!("ok {}", who.role)),
                    Err(e) => say(&format!("err {}", one_line(e))),
                }
            }
            ["write", n, nonce] => {
                let n: usize = n.parse().unwrap_or(1);
                for i in 0..n {
                    let nonce = format!("{nonce}.{i}");
                    let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
                    match action(&mut guard, &mut rng, &nonce) {
                        Ok(acks) => {
                            for ack in acks {
                                say(&format!("ack {ack}"));
                            }
                        }
                        Err(e) => say(&format!("note {}", one_line(e))),
                    }
                }
                say("done");
            }
            ["poison", nonce] => {
                let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
                match poison(&mut guard, &mut rng, nonce) {
                    Ok((acks, key)) => {
                        for ack in acks {
                            say(&format!("ack {ack}"));
                        }
                        if let Some(key) = key {
                            say(&format!("poisoned {key}"));
                        }
                    }
                    Err(e) => say(&format!("note {}", one_line(e))),
                }
                say("done");
            }
            ["sync"] => {
                let options = SyncOptions {
                    timeout: Some(SYNC_TIMEOUT),
                    ..SyncOptions::default()
                };
                match runtime.block_on(carnet_client::sync_once(&store, today, options)) {
                    Ok(report) => say(&format!("ok pending={}", report.pending_after)),
                    Err(e) => say(&format!("err {}", one_line(e))),
                }
            }
            ["quit"] => break,
            _ => say(&format!("err unknown command `{line}`")),
        }
    }
}

/// A record no reader can parse (a bed that is no id), as a buggy or newer
/// client would write it, put into this month's harvests document with raw
/// Automerge; the harvest recorded next saves it with its own change (one
/// transaction). Returns the harvest's acks and the poison's key when it
/// was stored with them.
fn poison(
    store: &mut Store,
    rng: &mut StdRng,
    nonce: &str,
) -> Result<(Vec<String>, Option<String>), String> {
    use automerge::transaction::Transactable;
    let now = store.now();
    let key = DocKey::Month {
        farm: store.farm_id().map_err(one_line)?,
        domain: Domain::Harvests,
        month: Month::of(now.date_naive()),
    };
    let poison = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, nonce.as_bytes()).to_string();
    {
        let am = store.document(key).map_err(one_line)?.automerge();
        let record = am
            .put_object(automerge::ROOT, poison.as_str(), automerge::ObjType::Map)
            .map_err(one_line)?;
        am.put(&record, "type", "harvest").map_err(one_line)?;
        am.put(&record, "bed", "not a bed").map_err(one_line)?;
    }
    let acks = harvest(store, rng, nonce)?;
    // Saved only if the harvest went into the same document (not across
    // midnight at a month's end); otherwise a later write saves it.
    let saved = store
        .document_of(acks[0].split_whitespace().nth(1).unwrap_or_default())
        .map_err(one_line)?
        == Some(key.id());
    Ok((acks, saved.then_some(poison)))
}

fn harvest(store: &mut Store, rng: &mut StdRng, nonce: &str) -> Result<Vec<String>, String> {
    let catalog = store.catalog().map_err(one_line)?.clone();
    let people: Vec<_> = catalog.people.values().map(|p| p.id).collect();
    let beds: Vec<_> = catalog.beds.keys().copied().collect();
    let crops: Vec<_> = catalog.crops.keys().copied().collect();
    if people.is_empty() || beds.is_empty() || crops.is_empty() {
        return Err("no catalog yet".into());
    }
    let by = people[rng.random_range(0..people.len())];
    let weighings = (0..rng.random_range(1..=3))
        .map(|_| {
            let kg = f64::from(rng.random_range(5..300u32)) / 10.0;
            (Quantity::new(kg, Unit::Kg).expect("a positive kg"), None)
        })
        .collect();
    let input = NewHarvest {
        bed: beds[rng.random_range(0..beds.len())],
        crop: crops[rng.random_range(0..crops.len())],
        variety: None,
        destination: Destination::Kind(DestinationKind::Canteen),
        note: parse_note("note", nonce).map_err(one_line)?,
        weighings,
    };
    let (h, ws) = store.record_harvest(by, input).map_err(one_line)?;
    let mut acks = vec![format!("harvest {} {nonce}", h.id)];
    acks.extend(ws.iter().map(|w| format!("weighing {} -", w.id)));
    Ok(acks)
}

/// One thing done in the field, as the app does it. Returns the acks
/// (`kind id nonce`) of the records the store committed.
fn action(store: &mut Store, rng: &mut StdRng, nonce: &str) -> Result<Vec<String>, String> {
    let catalog = store.catalog().map_err(one_line)?.clone();
    let people: Vec<_> = catalog.people.values().map(|p| p.id).collect();
    let beds: Vec<_> = catalog.beds.keys().copied().collect();
    let crops: Vec<_> = catalog.crops.keys().copied().collect();
    if people.is_empty() || beds.is_empty() || crops.is_empty() {
        return Err("no catalog yet".into());
    }
    let by = people[rng.random_range(0..people.len())];
    let roll = rng.random_range(0..12);
    match roll {
        0..=4 => harvest(store, rng, nonce),
        5..=7 => {
            let kinds = ObservationKind::ALL;
            let new = NewObservation {
                beds: vec![beds[rng.random_range(0..beds.len())]],
                kind: kinds[rng.random_range(0..kinds.len())],
                severity: Severity::new(rng.random_range(0..=3)).expect("0..=3"),
                note: parse_note("note", nonce).map_err(one_line)?,
                tags: Default::default(),
            };
            let o = store.record_observation(by, new).map_err(one_line)?;
            Ok(vec![format!("observation {} {nonce}", o.id)])
        }
        10 => {
            // A supervisor moves a shared task to another month: the copy
            // left behind is marked, the task lists from its new month.
            let Some(sup) = supervisor(&catalog) else {
                return Ok(vec![]);
            };
            let tasks: Vec<_> = store
                .records_of_type("task")
                .map_err(one_line)?
                .into_iter()
                .filter_map(|r| match r {
                    Record::Task(t) if t.is_open() && t.template.is_none() => Some(t),
                    _ => None,
                })
                .collect();
            if tasks.is_empty() {
                return Ok(vec![]);
            }
            let task = &tasks[rng.random_range(0..tasks.len().min(4))];
            let days = [-40, -25, 25, 40][rng.random_range(0..4)];
            let edit = TaskEdit {
                due: Some(task.due + chrono::Duration::days(days)),
                ..TaskEdit::default()
            };
            store.edit_task(sup, task.id, edit).map_err(one_line)?;
            say("moved task");
            Ok(vec![])
        }
        11 => {
            // A supervisor redates a harvest or an observation this device
            // holds into the month before (as a wrongly dated one is).
            let Some(sup) = supervisor(&catalog) else {
                return Ok(vec![]);
            };
            let observation = rng.random_bool(0.4);
            let kind = if observation {
                "observation"
            } else {
                "harvest"
            };
            let mut held: Vec<Record> = store.records_of_type(kind).map_err(one_line)?;
            held.truncate(6);
            if held.is_empty() {
                return Ok(vec![]);
            }
            let pick = held.swap_remove(rng.random_range(0..held.len()));
            let at = store.now() - chrono::Duration::days(rng.random_range(31..=45));
            match pick {
                Record::Harvest(h) => {
                    store.redate_harvest(sup, h.id, at).map_err(one_line)?;
                }
                Record::Observation(o) => {
                    store.redate_observation(sup, o.id, at).map_err(one_line)?;
                }
                _ => return Ok(vec![]),
            }
            say(&format!("moved {kind}"));
            Ok(vec![])
        }
        _ => {
            // Edits of the few shared tasks on several devices: conflicts.
            let tasks: Vec<_> = store
                .records_of_type("task")
                .map_err(one_line)?
                .into_iter()
                .filter_map(|r| match r {
                    Record::Task(t) if t.is_open() && t.template.is_none() => Some(t.id),
                    _ => None,
                })
                .collect();
            if tasks.is_empty() {
                return Ok(vec![]);
            }
            let task = tasks[rng.random_range(0..tasks.len().min(4))];
            if rng.random_bool(0.3) {
                store.complete_task(by, task).map_err(one_line)?;
            } else {
                let title = Name::parse("title", &format!("Tâche {nonce}")).map_err(one_line)?;
                let edit = TaskEdit {
                    title: Some(title),
                    ..TaskEdit::default()
                };
                store.edit_task(by, task, edit).map_err(one_line)?;
            }
            Ok(vec![])
        }
    }
}

/// The farm's supervisor, who moves tasks and corrects dates.
fn supervisor(catalog: &Catalog) -> Option<PersonId> {
    catalog
        .people
        .values()
        .find(|p| p.active && p.role == Role::Supervisor)
        .map(|p| p.id)
}
