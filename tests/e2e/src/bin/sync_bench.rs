//! `carnet-sync-bench`: the sync figures of BENCHMARKS.md, measured against
//! the real `carnet-sync` binary on loopback with real device stores.
//!
//! Run: `cargo run --release -p carnet-e2e --bin carnet-sync-bench -- [--quick] [--write BENCHMARKS.md]`.
//! Scenarios: a new tablet's start-up set; a week offline on two tablets;
//! a reconnect with nothing new; 500 devices (50 farms × 10) syncing a day's
//! changes at once. Seeded; loopback only; every wait bounded.

use std::sync::Arc;
use std::time::{Duration, Instant};

use carnet_client::SyncReport;
use carnet_core::harvests::Destination;
use carnet_core::harvests::NewHarvest;
use carnet_core::ids::{PersonId, TaskId};
use carnet_core::observations::NewObservation;
use carnet_core::tasks::NewTask;
use carnet_core::values::{
    BedCode, DestinationKind, Lang, Metres, Name, Note, ObservationKind, Quantity, Role, Severity,
    TaskKind, Unit, parse_kg_factor, parse_note,
};
use carnet_e2e::device::Device;
use carnet_e2e::server::Server;
use carnet_store::{BedInput, CropInput};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn name(s: &str) -> Name {
    Name::parse("name", s).expect("name")
}

/// The realistic catalog: 120 beds in 6 zones, 60 crops, 10 people, 5 outlets.
fn catalog(device: &Device, beds: usize, crops: usize) {
    let mut store = device.store();
    store.init_farm(name("Jardin des Aubes")).expect("init");
    let nil = PersonId(uuid::Uuid::nil());
    let bed_inputs = (0..beds)
        .map(|i| BedInput {
            code: format!("{}-{:02}", (b'A' + (i / 20) as u8) as char, i % 20 + 1)
                .parse::<BedCode>()
                .expect("code"),
            zone: name(&format!("Jardin-type {}", (b'A' + (i / 20) as u8) as char)),
            length: Metres::new("length", 30.0).expect("m"),
            width: Metres::new("width", 0.8).expect("m"),
        })
        .collect();
    store.add_beds(nil, bed_inputs).expect("beds");
    let crop_inputs = (0..crops)
        .map(|i| CropInput {
            name: name(&format!("Culture {i:02}")),
            family: name(&format!("Famille {}", i % 12)),
            default_unit: [Unit::Kg, Unit::Bunch, Unit::Piece][i % 3],
            kg_per: [(Unit::Bunch, 0.35), (Unit::Piece, 0.4), (Unit::Crate, 6.0)]
                .into_iter()
                .map(|(unit, kg)| (unit, parse_kg_factor(unit, kg).expect("factor")))
                .collect(),
        })
        .collect();
    store.add_crops(nil, crop_inputs).expect("crops");
    let sup = store
        .add_person(nil, name("Claire"), Role::Supervisor, Lang::Fr, None)
        .expect("person")
        .id;
    for i in 0..9 {
        store
            .add_person(
                sup,
                name(&format!("Personne {i}")),
                if i < 2 {
                    Role::TeamLeader
                } else {
                    Role::Worker
                },
                Lang::Fr,
                None,
            )
            .expect("person");
    }
    for i in 0..5 {
        store
            .add_outlet(sup, name(&format!("Cantine {i}")), DestinationKind::Canteen)
            .expect("outlet");
    }
}

/// Plans `per_day` tasks a day for `days` days from `first`.
fn plan(device: &Device, first: NaiveDate, days: i64, per_day: usize) -> Vec<Vec<TaskId>> {
    let mut store = device.store();
    let sup = store
        .catalog()
        .expect("c")
        .person_by_name("Claire")
        .expect("p")
        .id;
    let beds: Vec<_> = store.catalog().expect("c").beds.keys().copied().collect();
    (0..days)
        .map(|d| {
            (0..per_day)
                .map(|i| {
                    store
                        .add_task(
                            sup,
                            NewTask {
                                title: name(&format!("Tâche {d}-{i}")),
                                kind: TaskKind::ALL[i % 8],
                                beds: vec![beds[(d as usize * 7 + i) % beds.len()]],
                                crew: vec![],
                                due: first + chrono::Duration::days(d),
                                duration_min: Some(30),
                            },
                        )
                        .expect("task")
                        .id
                })
                .collect()
        })
        .collect()
}

/// One device's share of a day: ticks, harvests (2 weighings), observations.
fn work(device: &Device, rng: &mut StdRng, ticks: &[TaskId], harvests: usize, observations: usize) {
    let mut store = device.store();
    let catalog = store.catalog().expect("c").clone();
    let lead = catalog.person_by_name("Personne 0").expect("p").id;
    let beds: Vec<_> = catalog.beds.keys().copied().collect();
    let crops: Vec<_> = catalog.crops.keys().copied().collect();
    for t in ticks {
        let _ = store.complete_task(lead, *t);
    }
    for _ in 0..harvests {
        let weighings = (0..2)
            .map(|_| {
                (
                    Quantity::new(f64::from(rng.random_range(10..300u32)) / 10.0, Unit::Kg)
                        .expect("q"),
                    None,
                )
            })
            .collect();
        store
            .record_harvest(
                lead,
                NewHarvest {
                    bed: beds[rng.random_range(0..beds.len())],
                    crop: crops[rng.random_range(0..crops.len())],
                    variety: None,
                    destination: Destination::Kind(DestinationKind::Canteen),
                    note: Note::default(),
                    weighings,
                },
            )
            .expect("harvest");
    }
    for _ in 0..observations {
        store
            .record_observation(
                lead,
                NewObservation {
                    beds: vec![beds[rng.random_range(0..beds.len())]],
                    kind: ObservationKind::Pest,
                    severity: Severity::new(1).expect("s"),
                    note: parse_note("note", "pucerons").expect("note"),
                    tags: Default::default(),
                },
            )
            .expect("observation");
    }
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

fn wire(r: &SyncReport) -> usize {
    r.bytes_sent + r.bytes_received
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

struct Row {
    measure: String,
    value: String,
    target: String,
    verdict: &'static str,
}

fn row(
    measure: impl Into<String>,
    value: impl Into<String>,
    target: &str,
    ok: Option<bool>,
) -> Row {
    Row {
        measure: measure.into(),
        value: value.into(),
        target: target.into(),
        verdict: match ok {
            Some(true) => "met",
            Some(false) => "missed",
            None => "recorded",
        },
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 8)]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let write = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let (history_days, farms, per_farm) = if quick { (10, 5, 4) } else { (61, 50, 10) };
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path());
    let mut rows = Vec::new();
    let mut rng = StdRng::seed_from_u64(2026);

    // History on the supervisor's desk: full daily load, one transaction each.
    let first: NaiveDate = "2026-09-23".parse()?;
    let mut bureau = Device::open(dir.path(), "bureau", 1, "2026-09-22T08:00:00+02:00");
    catalog(&bureau, 120, 60);
    let farm = bureau.store().farm_id()?.to_string();
    server.create_farm("Aubes", &farm);
    let generated = Instant::now();
    let history_tasks = plan(&bureau, first, history_days, 12);
    for (d, tasks) in history_tasks.iter().enumerate() {
        let date = first + chrono::Duration::days(d as i64);
        bureau.restart(&format!("{date}T08:00:00+02:00"));
        work(&bureau, &mut rng, &tasks[..10], 15, 5);
    }
    let today = first + chrono::Duration::days(history_days);
    bureau.restart(&format!("{today}T07:00:00+01:00"));
    let week = plan(&bureau, today, 7, 12);
    eprintln!(
        "history: {history_days} days generated in {:?}",
        generated.elapsed()
    );
    bureau
        .enroll(&server.url(), &server.enroll(&farm, "bureau", "base"))
        .await?;
    let up = bureau.sync(today).await?;
    eprintln!(
        "bureau uploaded {} in {} documents",
        kb(wire(&up)),
        up.documents
    );

    // A new tablet's start-up set: catalog, this month and the last.
    let mut tablets = Vec::new();
    for i in 1..=2 {
        let t = Device::open(
            dir.path(),
            &format!("tablette-{i}"),
            10 + i,
            &format!("{today}T07:30:00+01:00"),
        );
        t.enroll(
            &server.url(),
            &server.enroll(&farm, &format!("tablette-{i}"), "field"),
        )
        .await?;
        let started = Instant::now();
        let r = t.sync(today).await?;
        if i == 1 {
            rows.push(row(
                format!(
                    "new tablet's start-up set ({} documents, {history_days} days of history)",
                    r.documents
                ),
                format!("{} in {:?}", kb(wire(&r)), started.elapsed()),
                "≤ 100 KB",
                Some(wire(&r) <= 100_000),
            ));
        }
        tablets.push(t);
    }

    // A week offline on two tablets, each doing half the farm's day.
    for (d, tasks) in week.iter().enumerate() {
        let date = today + chrono::Duration::days(d as i64);
        for (i, t) in tablets.iter_mut().enumerate() {
            t.restart(&format!("{date}T08:00:00+01:00"));
            let share: Vec<TaskId> = tasks.iter().copied().skip(i).step_by(2).take(5).collect();
            work(
                t,
                &mut rng,
                &share,
                if i == 0 { 8 } else { 7 },
                if i == 0 { 3 } else { 2 },
            );
        }
    }
    let last = today + chrono::Duration::days(6);
    let a = tablets[0].sync(last).await?;
    let b = tablets[1].sync(last).await?;
    let c = tablets[0].sync(last).await?;
    for (label, r) in [("A up", &a), ("B up+down", &b), ("A down", &c)] {
        eprintln!(
            "{label}: sent {} in {} messages, received {} in {} messages, {} documents changed",
            kb(r.bytes_sent),
            r.messages_sent,
            kb(r.bytes_received),
            r.messages_received,
            r.documents_changed
        );
    }
    let total = wire(&a) + wire(&b) + wire(&c);
    let trips = a
        .max_round_trips
        .max(b.max_round_trips)
        .max(c.max_round_trips);
    rows.push(row(
        "a week offline on two tablets: bytes on the wire, all syncs",
        kb(total),
        "≤ 100 KB",
        Some(total <= 100_000),
    ));
    rows.push(row(
        "a week offline on two tablets: round trips per document (max)",
        trips.to_string(),
        "≤ 2",
        Some(trips <= 2),
    ));

    // A reconnect with nothing new.
    let r = tablets[1].sync(last).await?;
    let r2 = tablets[1].sync(last).await?;
    let per_doc = wire(&r2) / r2.documents.max(1);
    let _ = r;
    rows.push(row(
        format!("reconnect with nothing new ({} documents)", r2.documents),
        format!("{per_doc} B per document"),
        "≤ 1 KB",
        Some(per_doc <= 1000),
    ));

    if args.iter().any(|a| a == "--no-fleet") {
        for r in &rows {
            println!(
                "| {} | {} | {} | {} |",
                r.measure, r.value, r.target, r.verdict
            );
        }
        return Ok(());
    }
    // 500 devices (50 farms × 10) syncing a day's changes at once.
    let mut devices: Vec<Arc<Device>> = Vec::new();
    for f in 0..farms {
        let base = Device::open(
            dir.path(),
            &format!("f{f}-bureau"),
            1000 + f as u64,
            &format!("{today}T07:00:00+01:00"),
        );
        catalog(&base, 30, 15);
        let id = base.store().farm_id()?.to_string();
        server.create_farm(&format!("Ferme {f}"), &id);
        base.enroll(&server.url(), &server.enroll(&id, "bureau", "base"))
            .await?;
        base.sync(today).await?;
        for d in 0..per_farm - 1 {
            let t = Device::open(
                dir.path(),
                &format!("f{f}-t{d}"),
                10_000 + (f * 100 + d) as u64,
                &format!("{today}T08:00:00+01:00"),
            );
            t.enroll(
                &server.url(),
                &server.enroll(&id, &format!("t{d}"), "field"),
            )
            .await?;
            t.sync(today).await?;
            devices.push(Arc::new(t));
        }
        devices.push(Arc::new(base));
    }
    for d in &devices {
        work(d, &mut rng, &[], 2, 1);
    }
    let started = Instant::now();
    let handles: Vec<_> = devices
        .iter()
        .cloned()
        .map(|d| {
            tokio::spawn(async move {
                let t = Instant::now();
                let r = d.sync(today).await;
                (t.elapsed(), r.map(|r| r.pending_after))
            })
        })
        .collect();
    let mut times = Vec::new();
    let mut failures = 0;
    for h in handles {
        let (t, r) = h.await?;
        match r {
            Ok(0) => times.push(t),
            _ => failures += 1,
        }
    }
    let wall = started.elapsed();
    times.sort();
    let n = devices.len();
    rows.push(row(
        format!("{n} devices syncing a day's changes at once: time per device"),
        format!(
            "p50 {:?}, p99 {:?} (all done in {wall:?}, {failures} failed)",
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        ),
        "recorded",
        if failures == 0 { None } else { Some(false) },
    ));
    let peak = server.peak_memory_kib().unwrap_or(0);
    rows.push(row(
        format!("{n} devices at once: server peak memory (VmHWM)"),
        format!("{:.1} MB", peak as f64 / 1024.0),
        "recorded",
        None,
    ));

    let mut md = String::new();
    md.push_str("<!-- sync-bench:start -->\n## Sync (issue 3)\n\n");
    md.push_str(&format!(
        "Measured {} with `cargo run --release -p carnet-e2e --bin carnet-sync-bench{}` against the real `carnet-sync` (release) on 127.0.0.1, device stores on disk (WAL, synchronous=FULL); {} CPUs. Bytes are WebSocket payloads both ways.\n\n",
        chrono::Local::now().format("%Y-%m-%d"),
        if quick { " -- --quick" } else { "" },
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    ));
    md.push_str("| measure | value | target | |\n|---|---|---|---|\n");
    for r in &rows {
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            r.measure, r.value, r.target, r.verdict
        ));
    }
    md.push_str("<!-- sync-bench:end -->\n");
    print!("{md}");
    if let Some(path) = write {
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let new = match (
            old.find("<!-- sync-bench:start -->"),
            old.find("<!-- sync-bench:end -->"),
        ) {
            (Some(a), Some(b)) => format!(
                "{}{}{}",
                &old[..a],
                md,
                &old[b + "<!-- sync-bench:end -->\n".len().min(old.len() - b)..]
            ),
            _ => format!(
                "{old}{}{md}",
                if old.is_empty() || old.ends_with("\n\n") {
                    ""
                } else {
                    "\n"
                }
            ),
        };
        std::fs::write(&path, new)?;
    }
    // A missed target is a finding to write up, not a crash: say it.
    let missed = rows.iter().filter(|r| r.verdict == "missed").count();
    if missed > 0 {
        eprintln!("{missed} target(s) missed: see the table");
    }
    Ok(())
}
