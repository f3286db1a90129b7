//! Carnet's side: the workload through the real parts, as the app runs them:
//! `carnet-store` stores on disk (WAL, synchronous=FULL) written through the
//! Store API, `carnet-client` (through `carnet_e2e`'s `Device`) syncing them with the real `carnet-sync`
//! release binary on 127.0.0.1 (`carnet_e2e`'s `Server`), behind the same
//! counting proxy as the peers.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use carnet_core::harvests::Destination;
use carnet_core::harvests::NewHarvest;
use carnet_core::ids::{BedId, CropId, PersonId, TaskId};
use carnet_core::observations::NewObservation;
use carnet_core::tasks::{NewTask, TaskEdit};
use carnet_core::values::{
    BedCode, DestinationKind, Lang, Metres, Name, Note, ObservationKind, Quantity, Role, Severity,
    TaskKind, Unit, parse_kg_factor, parse_note,
};
use carnet_e2e::device::Device;
use carnet_e2e::server::Server;
use carnet_store::{BedInput, CropInput};
use chrono::{Datelike, Duration as Days, NaiveDate};

use crate::procstat::PhaseProbe;
use crate::proxy::CountingProxy;
use crate::report::{Check, Phase, ScenarioResult};
use crate::workload::{Catalog, Day, Workload};

fn name(s: &str) -> Result<Name> {
    Name::parse("name", s).map_err(|e| anyhow!("{e}"))
}

/// Local time on the farm (CET in November).
fn at(date: NaiveDate, time: &str) -> String {
    format!("{date}T{time}+01:00")
}

/// The workload's catalog ids → the store's.
#[derive(Default)]
struct CatalogIds {
    beds: HashMap<String, BedId>,
    crops: HashMap<String, CropId>,
    people: HashMap<String, PersonId>,
    /// Every catalog record the devices must hold, as Carnet ids.
    all: Vec<String>,
}

fn write_catalog(device: &Device, c: &Catalog) -> Result<CatalogIds> {
    let mut store = device.store();
    store.init_farm(name(&c.name)?)?;
    let nil = PersonId(uuid::Uuid::nil());
    let mut ids = CatalogIds::default();
    let beds = c
        .beds
        .iter()
        .map(|b| {
            Ok(BedInput {
                code: b.code.parse::<BedCode>().map_err(|e| anyhow!("{e}"))?,
                zone: name(&b.zone)?,
                length: Metres::new("length", b.length).map_err(|e| anyhow!("{e}"))?,
                width: Metres::new("width", b.width).map_err(|e| anyhow!("{e}"))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for (rec, bed) in c.beds.iter().zip(store.add_beds(nil, beds)?) {
        ids.all.push(bed.id.to_string());
        ids.beds.insert(rec.id.clone(), bed.id);
    }
    let crops = c
        .crops
        .iter()
        .map(|r| {
            Ok(CropInput {
                name: name(&r.name)?,
                family: name(&r.family)?,
                default_unit: r.unit.parse::<Unit>().map_err(|e| anyhow!("{e}"))?,
                kg_per: [(Unit::Bunch, 0.35), (Unit::Piece, 0.4)]
                    .into_iter()
                    .map(|(unit, kg)| Ok((unit, parse_kg_factor(unit, kg)?)))
                    .collect::<carnet_core::Result<_>>()?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for (rec, crop) in c.crops.iter().zip(store.add_crops(nil, crops)?) {
        ids.all.push(crop.id.to_string());
        ids.crops.insert(rec.id.clone(), crop.id);
    }
    let mut by = nil;
    for p in &c.people {
        let role = match p.role.as_str() {
            "supervisor" => Role::Supervisor,
            "team_leader" => Role::TeamLeader,
            _ => Role::Worker,
        };
        let person = store.add_person(by, name(&p.name)?, role, Lang::Fr, None)?;
        if by == nil {
            by = person.id;
        }
        ids.all.push(person.id.to_string());
        ids.people.insert(p.id.clone(), person.id);
    }
    for o in &c.outlets {
        let outlet = store.add_outlet(by, name(&o.name)?, DestinationKind::Canteen)?;
        ids.all.push(outlet.id.to_string());
    }
    Ok(ids)
}

/// Replays one day on a device; records the Carnet id of every record made
/// under its workload id.
fn apply_day(
    device: &Device,
    day: &Day,
    cat: &CatalogIds,
    ids: &mut HashMap<String, String>,
) -> Result<()> {
    let mut store = device.store();
    let by = cat.people[&day.by];
    let task_id = |ids: &HashMap<String, String>, w: &str| -> Result<TaskId> {
        Ok(TaskId(
            ids.get(w)
                .with_context(|| format!("task {w} not made"))?
                .parse()?,
        ))
    };
    for t in &day.tasks {
        let task = store.add_task(
            by,
            NewTask {
                title: name(&t.title)?,
                kind: t.kind.parse::<TaskKind>().map_err(|e| anyhow!("{e}"))?,
                beds: t.beds.iter().map(|b| cat.beds[b]).collect(),
                crew: vec![],
                due: t.due,
                duration_min: Some(t.duration_min),
            },
        )?;
        ids.insert(t.id.clone(), task.id.to_string());
    }
    for t in &day.ticks {
        store.complete_task(by, task_id(ids, t)?)?;
    }
    for h in &day.harvests {
        let (harvest, weighings) = store.record_harvest(
            by,
            NewHarvest {
                bed: cat.beds[&h.bed],
                crop: cat.crops[&h.crop],
                variety: None,
                destination: Destination::Kind(DestinationKind::Canteen),
                note: Note::default(),
                weighings: h
                    .weighings
                    .iter()
                    .map(|w| {
                        Ok((
                            Quantity::new(w.kg, Unit::Kg).map_err(|e| anyhow!("{e}"))?,
                            None,
                        ))
                    })
                    .collect::<Result<Vec<_>>>()?,
            },
        )?;
        ids.insert(h.id.clone(), harvest.id.to_string());
        for (w, made) in h.weighings.iter().zip(weighings) {
            ids.insert(w.id.clone(), made.id.to_string());
        }
    }
    for o in &day.observations {
        let obs = store.record_observation(
            by,
            NewObservation {
                beds: vec![cat.beds[&o.bed]],
                kind: o
                    .kind
                    .parse::<ObservationKind>()
                    .map_err(|e| anyhow!("{e}"))?,
                severity: Severity::new(i64::from(o.severity)).map_err(|e| anyhow!("{e}"))?,
                note: parse_note("note", &o.note).map_err(|e| anyhow!("{e}"))?,
                tags: BTreeSet::new(),
            },
        )?;
        ids.insert(o.id.clone(), obs.id.to_string());
    }
    for e in &day.edits {
        store.edit_task(
            by,
            task_id(ids, &e.task)?,
            TaskEdit {
                title: None,
                kind: None,
                crew: None,
                beds: None,
                due: None,
                duration_min: Some(Some(e.duration_min)),
            },
        )?;
    }
    Ok(())
}

/// The workload ids of a day's records, with the month of the document each
/// lands in (tasks by due month, the rest by the day's month).
fn day_records(day: &Day) -> Vec<(String, (i32, u32))> {
    let month = |d: NaiveDate| (d.year(), d.month());
    let mut out: Vec<_> = day
        .tasks
        .iter()
        .map(|t| (t.id.clone(), month(t.due)))
        .collect();
    for h in &day.harvests {
        out.push((h.id.clone(), month(day.date)));
        out.extend(h.weighings.iter().map(|w| (w.id.clone(), month(day.date))));
    }
    out.extend(
        day.observations
            .iter()
            .map(|o| (o.id.clone(), month(day.date))),
    );
    out
}

/// A tablet's scope: this month and the last.
pub(crate) fn scope(today: NaiveDate) -> [(i32, u32); 2] {
    let first = today.with_day(1).expect("day 1");
    let last = first - Days::days(1);
    [(first.year(), first.month()), (last.year(), last.month())]
}

/// Counts, on one device, the expected records missing and those listed
/// twice, and the values visible for each shared task's edited field.
fn check_device(
    device: &Device,
    expected: &BTreeSet<String>,
    shared: &[String],
) -> Result<(usize, usize, Vec<usize>)> {
    let store = device.store();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for ty in [
        "bed",
        "crop",
        "person",
        "outlet",
        "task",
        "harvest",
        "weighing",
        "observation",
    ] {
        for r in store.records_of_type(ty)? {
            *seen.entry(r.id().to_string()).or_default() += 1;
        }
    }
    let missing = expected.iter().filter(|id| !seen.contains_key(*id)).count();
    let duplicated = expected
        .iter()
        .filter(|id| seen.get(*id).is_some_and(|n| *n > 1))
        .count();
    let conflicts = store.conflicts()?;
    let values = shared
        .iter()
        .map(|t| {
            conflicts
                .iter()
                .find(|c| &c.record == t && c.field == "duration_min")
                // No conflict: one value is all the device shows.
                .map_or(1, |c| c.values.len())
        })
        .collect();
    Ok((missing, duplicated, values))
}

struct Checked {
    check: Check,
    all_complete: bool,
}

fn check_all(
    devices: &[Arc<Device>],
    expected: &[BTreeSet<String>],
    shared: &[String],
    rounds: usize,
) -> Result<Checked> {
    let mut check = Check {
        devices: devices.len(),
        rounds,
        shared_tasks: shared.len(),
        values_min: usize::MAX,
        ..Check::default()
    };
    for (d, exp) in devices.iter().zip(expected) {
        let (missing, duplicated, values) = check_device(d, exp, shared)?;
        check.expected = check.expected.max(exp.len());
        check.missing += missing;
        check.duplicated += duplicated;
        if missing == 0 && duplicated == 0 {
            check.complete += 1;
        }
        for v in values {
            check.values_min = check.values_min.min(v);
            check.values_max = check.values_max.max(v);
        }
    }
    if shared.is_empty() {
        check.values_min = 0;
    }
    let all_complete = check.complete == devices.len();
    Ok(Checked {
        check,
        all_complete,
    })
}

/// Syncs every device at once; returns how many failed.
async fn round(devices: &[Arc<Device>], today: NaiveDate) -> usize {
    let handles: Vec<_> = devices
        .iter()
        .cloned()
        .map(|d| tokio::spawn(async move { d.sync(today).await }))
        .collect();
    let mut failed = 0;
    for h in handles {
        match h.await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                failed += 1;
                eprintln!("carnet: a sync failed: {e}");
            }
            Err(e) => {
                failed += 1;
                eprintln!("carnet: a sync panicked: {e}");
            }
        }
    }
    failed
}

/// Syncs in rounds (every device at once) until every device holds every
/// expected record, at most `max_rounds`; times the rounds only (the checks
/// read every record of every store and are not part of syncing).
async fn converge(
    devices: &[Arc<Device>],
    expected: &[BTreeSet<String>],
    shared: &[String],
    today: NaiveDate,
    max_rounds: usize,
) -> Result<(Duration, Checked)> {
    let mut wall = Duration::ZERO;
    let mut n = 0;
    loop {
        n += 1;
        let started = Instant::now();
        let failed = round(devices, today).await;
        wall += started.elapsed();
        let checked = check_all(devices, expected, shared, n)?;
        eprintln!(
            "carnet: round {n}: {failed} failed, {}/{} devices complete ({:?})",
            checked.check.complete,
            devices.len(),
            wall
        );
        if checked.all_complete || n >= max_rounds {
            return Ok((wall, checked));
        }
    }
}

fn phase(
    name: &str,
    proxy: &CountingProxy,
    probe: &PhaseProbe,
    before: crate::proxy::Counts,
    wall: Duration,
) -> Phase {
    Phase {
        name: name.into(),
        counts: proxy.counts().since(before),
        wall,
        server: probe.finish(),
    }
}

/// Scenario 1: a year of shared history on the office's device, N tablets
/// start from it, spend a week offline, then all reconnect.
pub(crate) async fn week(w: &Workload, dir: &Path) -> Result<ScenarioResult> {
    let server = Server::start(dir);
    let pid = server.pid().context("server pid")?;
    let proxy = CountingProxy::start(server.addr).await?;
    let url = proxy.http_url();
    let first = w.history[0].date;
    let mut office = Device::open(dir, "bureau", 1, &at(first, "07:00:00"));
    let cat = write_catalog(&office, &w.farm)?;
    let farm = office.store().farm_id()?.to_string();
    server.create_farm("Jardin des Aubes", &farm);
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut months: HashMap<String, (i32, u32)> = HashMap::new();
    let started = Instant::now();
    for day in &w.history {
        office.restart(&at(day.date, "08:00:00"));
        apply_day(&office, day, &cat, &mut ids)?;
        months.extend(day_records(day));
    }
    eprintln!(
        "carnet: {} days of history written in {:?}",
        w.history.len(),
        started.elapsed()
    );
    office
        .enroll(&url, &server.enroll(&farm, "bureau", "base"))
        .await?;
    let up = office.sync(w.week_start).await?;
    eprintln!(
        "carnet: history uploaded, {} documents, {} pending after",
        up.documents, up.pending_after
    );

    let mut tablets = Vec::new();
    for (i, d) in w.devices.iter().enumerate() {
        let t = Device::open(dir, &d.name, 100 + i as u64, &at(w.week_start, "07:00:00"));
        t.enroll(&url, &server.enroll(&farm, &d.name, "field"))
            .await?;
        tablets.push(t);
    }

    // Phase 1: every tablet fetches its start-up set from the history.
    let before = proxy.counts();
    let probe = PhaseProbe::start(pid);
    let tablets_arc: Vec<Arc<Device>> = tablets.into_iter().map(Arc::new).collect();
    let t0 = Instant::now();
    let failed = round(&tablets_arc, w.week_start).await;
    let bootstrap = phase("bootstrap", &proxy, &probe, before, t0.elapsed());
    anyhow::ensure!(failed == 0, "{failed} tablets failed their first sync");
    let mut tablets: Vec<Device> = tablets_arc
        .into_iter()
        .map(|a| Arc::try_unwrap(a).map_err(|_| anyhow!("device still shared")))
        .collect::<Result<_>>()?;

    // The week offline: each tablet's days, the app restarted each morning.
    for d in 0..7 {
        for (t, plan) in tablets.iter_mut().zip(&w.devices) {
            let day = &plan.days[d];
            t.restart(&at(day.date, "08:00:00"));
            apply_day(t, day, &cat, &mut ids)?;
            months.extend(day_records(day));
        }
    }
    let last = w.week_start + Days::days(6);
    let in_scope = scope(last);
    let mut expected: BTreeSet<String> = cat.all.iter().cloned().collect();
    for (wid, month) in &months {
        if in_scope.contains(month) {
            expected.insert(ids[wid].clone());
        }
    }
    let shared: Vec<String> = w.shared_tasks.iter().map(|t| ids[t].clone()).collect();
    let tablets: Vec<Arc<Device>> = tablets.into_iter().map(Arc::new).collect();
    let expected_each = vec![expected; tablets.len()];

    // Phase 2: all reconnect at once; rounds until everyone holds everything.
    let before = proxy.counts();
    let probe = PhaseProbe::start(pid);
    let (wall, checked) = converge(&tablets, &expected_each, &shared, last, 5).await?;
    let reconnect = phase("reconnect", &proxy, &probe, before, wall);
    let mut check = checked.check;
    check.values_expected = w.devices.len();
    check.how = "every value kept; the Conflicts screen lists the field with each value, the person and the device".into();
    Ok(ScenarioResult {
        system: "carnet".into(),
        scenario: "week".into(),
        phases: vec![bootstrap, reconnect],
        check,
        failed: None,
    })
}

/// Scenario 2: farms × devices, each with a day of changes, all at once.
pub(crate) async fn fleet(w: &Workload, dir: &Path) -> Result<ScenarioResult> {
    let f = &w.fleet;
    let server = Arc::new(Server::start(dir));
    let pid = server.pid().context("server pid")?;
    let proxy = CountingProxy::start(server.addr).await?;
    let url = proxy.http_url();
    let started = Instant::now();
    // Farms set up side by side: each its office (base) with the catalog,
    // then its tablets (field), each enrolled and given its start-up set.
    let mut set = tokio::task::JoinSet::new();
    for farm_n in 0..f.farms {
        let (server, url, w) = (server.clone(), url.clone(), w.clone());
        let dir = dir.to_path_buf();
        set.spawn(async move {
            let f = &w.fleet;
            let plans: Vec<_> = f.devices.iter().filter(|d| d.farm == farm_n).collect();
            let mut devices = Vec::new();
            let mut cat = None;
            let mut farm = String::new();
            for (i, plan) in plans.iter().enumerate() {
                let d = Device::open(
                    &dir,
                    &plan.name,
                    10_000 + (farm_n * 100 + i) as u64,
                    &at(f.date, "07:00:00"),
                );
                if i == 0 {
                    cat = Some(write_catalog(&d, &f.catalog)?);
                    farm = d.store().farm_id()?.to_string();
                    server.create_farm(&format!("Ferme {farm_n}"), &farm);
                }
                let role = if i == 0 { "base" } else { "field" };
                d.enroll(&url, &server.enroll(&farm, &plan.name, role))
                    .await?;
                d.sync(f.date).await?;
                devices.push(d);
            }
            anyhow::Ok((farm_n, devices, cat.context("no device")?))
        });
    }
    let mut farms = Vec::new();
    while let Some(r) = set.join_next().await {
        farms.push(r??);
    }
    farms.sort_by_key(|(n, _, _)| *n);
    eprintln!(
        "carnet: {} farms set up in {:?}",
        farms.len(),
        started.elapsed()
    );
    let mut all = Vec::new();
    let mut expected = Vec::new();
    for (farm_n, devices, cat) in farms {
        let mut ids = HashMap::new();
        let plans: Vec<_> = f.devices.iter().filter(|d| d.farm == farm_n).collect();
        for (d, plan) in devices.iter().zip(&plans) {
            apply_day(d, &plan.day, &cat, &mut ids)?;
        }
        let farm_expected: BTreeSet<String> = plans
            .iter()
            .flat_map(|p| day_records(&p.day))
            .map(|(wid, _)| ids[&wid].clone())
            .collect();
        for d in devices {
            all.push(Arc::new(d));
            expected.push(farm_expected.clone());
        }
    }
    let before = proxy.counts();
    let probe = PhaseProbe::start(pid);
    let (wall, checked) = converge(&all, &expected, &[], f.date, 5).await?;
    let burst = phase("burst", &proxy, &probe, before, wall);
    Ok(ScenarioResult {
        system: "carnet".into(),
        scenario: "fleet".into(),
        phases: vec![burst],
        check: checked.check,
        failed: None,
    })
}
