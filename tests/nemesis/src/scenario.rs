//! Runs one seeded scenario against the real processes, then heals every
//! fault, syncs everyone, and checks the promises: everyone converged with
//! the server, nothing acknowledged was lost or doubled, the server never
//! panicked, and failures reached people as one-line messages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use carnet_core::document::DocKey;
use carnet_e2e::server::Server;
use carnet_store::{Store, StoreEnv, stepping_clock};
use chrono::{DateTime, FixedOffset};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::farm;
use crate::frames::FrameProxy;
use crate::plan::{self, Plan, Step};
use crate::procs::{Ack, CliDevice, CliRun, Reply, Worker};

/// Where the device programs are.
#[derive(Clone, Debug)]
pub struct Bins {
    pub worker: PathBuf,
    pub cli: PathBuf,
}

/// What one scenario did and found.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Outcome {
    pub seed: u64,
    /// Faults injected, by kind.
    pub faults: BTreeMap<String, u64>,
    /// What the faults did (frames dropped, connections cut, writes refused…).
    pub effects: BTreeMap<String, u64>,
    /// Broken promises; empty when the scenario passed.
    pub failures: Vec<String>,
    pub acknowledged: usize,
    pub lost: usize,
    pub doubled: usize,
    /// Records written by a device killed before it could say so, found
    /// once (allowed: the person never saw them confirmed).
    pub unacknowledged_kept: usize,
    pub syncs_ok: u64,
    pub syncs_failed: u64,
    pub secs: f64,
}

/// A worker command's answer, or the kill that cut it short.
const CALL_LIMIT: Duration = Duration::from_secs(30);

enum Dev {
    Worker(Box<Worker>),
    Cli(CliDevice),
}

impl Dev {
    fn store_path(&self) -> PathBuf {
        match self {
            Dev::Worker(w) => w.store.clone(),
            Dev::Cli(c) => c.store_path(),
        }
    }

    fn acks(&self) -> &[Ack] {
        match self {
            Dev::Worker(w) => &w.acks,
            Dev::Cli(c) => &c.acks,
        }
    }

    fn safe(&self) -> usize {
        match self {
            Dev::Worker(w) => w.safe,
            Dev::Cli(c) => c.safe,
        }
    }
}

/// The outcome of one sync attempt, for the tally.
enum Synced {
    Ok,
    Failed(String),
    Killed,
}

struct Run {
    plan: Plan,
    /// The worker program, for a tablet a copied store starts.
    worker: PathBuf,
    /// The `carnet` binary, for a second process on a worker's store.
    cli: PathBuf,
    dir: PathBuf,
    server: Server,
    farm: String,
    proxies: Vec<FrameProxy>,
    devices: Vec<Dev>,
    /// The true time; each step takes a few minutes of it.
    t: DateTime<FixedOffset>,
    offsets: Vec<i64>,
    full: Vec<bool>,
    lives: Vec<u64>,
    writes: u64,
    server_down_for: u32,
    rng: StdRng,
    out: Outcome,
}

/// Runs the scenario of `seed` in a fresh folder. A panic of the harness
/// itself is reported as a failure of the scenario, not a crash of the run.
/// With `keep`, the folder of a failed scenario is moved there.
pub async fn run(seed: u64, bins: Bins, keep: Option<PathBuf>) -> Outcome {
    let started = Instant::now();
    let dir = tempfile::Builder::new()
        .prefix(&format!("nemesis-{seed}-"))
        .tempdir()
        .expect("temp dir");
    let path = dir.path().to_owned();
    let task = tokio::spawn(run_in(seed, bins, path.clone()));
    let mut outcome = match task.await {
        Ok(outcome) => outcome,
        Err(e) => Outcome {
            seed,
            failures: vec![format!("the harness panicked: {e}")],
            ..Outcome::default()
        },
    };
    outcome.secs = started.elapsed().as_secs_f64();
    if !outcome.failures.is_empty()
        && let Some(keep) = keep
    {
        let target = keep.join(format!("seed-{seed}"));
        let _ = std::fs::remove_dir_all(&target);
        let _ = std::fs::create_dir_all(&keep);
        if std::fs::rename(&path, &target).is_err() {
            let _ = copy_dir(&path, &target);
        }
    }
    drop(dir);
    outcome
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

async fn run_in(seed: u64, bins: Bins, dir: PathBuf) -> Outcome {
    let plan = plan::plan(seed);
    let server = Server::start(&dir);
    let mut run = Run {
        worker: bins.worker.clone(),
        cli: bins.cli.clone(),
        t: plan.start,
        offsets: plan.devices.iter().map(|d| d.offset_secs).collect(),
        full: vec![false; plan.devices.len()],
        lives: vec![0; plan.devices.len()],
        proxies: Vec::new(),
        devices: Vec::new(),
        farm: String::new(),
        writes: 0,
        server_down_for: 0,
        rng: StdRng::seed_from_u64(seed ^ 0xfa17),
        out: Outcome {
            seed,
            ..Outcome::default()
        },
        plan,
        dir,
        server,
    };
    if let Err(e) = run.set_up(&bins).await {
        run.out.failures.push(format!("set-up: {e}"));
        run.stop_all().await;
        return run.out;
    }
    let steps = run.plan.steps.clone();
    let verbose = std::env::var_os("NEMESIS_VERBOSE").is_some();
    for step in &steps {
        if verbose {
            eprintln!("seed {seed} at {}: {step:?}", run.t);
        }
        run.step(step).await;
        if run.server_down_for > 0 {
            run.server_down_for -= 1;
            if run.server_down_for == 0 {
                run.server.restart();
            }
        }
        run.t += chrono::Duration::minutes(7);
    }
    run.heal().await;
    run.check().await;
    run.tally();
    run.out
}

impl Run {
    fn now(&self, dev: usize) -> DateTime<FixedOffset> {
        self.t + chrono::Duration::seconds(self.offsets[dev])
    }

    fn count(&mut self, fault: &str) {
        *self.out.faults.entry(fault.to_owned()).or_default() += 1;
    }

    fn fail(&mut self, what: String) {
        self.out.failures.push(what);
    }

    /// The bureau creates the farm offline, the server registers it, then
    /// every device enrolls (through its own proxy) and syncs once.
    async fn set_up(&mut self, bins: &Bins) -> Result<(), String> {
        let seed = self.plan.seed;
        for i in 0..self.plan.devices.len() {
            let proxy = FrameProxy::start(self.server.addr, seed * 31 + i as u64)
                .await
                .map_err(|e| format!("proxy: {e}"))?;
            self.proxies.push(proxy);
        }
        let bureau = Worker::new(&bins.worker, &self.dir, "bureau");
        let farm = farm::set_up(&bureau.store, seed, self.t).map_err(|e| e.to_string())?;
        self.server.create_farm("Jardin des Aubes", &farm);
        self.farm = farm;
        self.devices.push(Dev::Worker(Box::new(bureau)));
        for d in &self.plan.devices[1..] {
            self.devices.push(if d.cli {
                Dev::Cli(CliDevice::new(&bins.cli, &self.dir, &d.name, seed))
            } else {
                Dev::Worker(Box::new(Worker::new(&bins.worker, &self.dir, &d.name)))
            });
        }
        for i in 0..self.devices.len() {
            let role = self.plan.devices[i].role;
            let name = self.plan.devices[i].name.clone();
            let token = self.server.enroll(&self.farm, &name, role);
            let url = self.proxies[i].url();
            let now = self.now(i);
            if !self.plan.devices[i].cli {
                self.start_worker(i).await?;
            }
            match &mut self.devices[i] {
                Dev::Worker(w) => {
                    match w.call(&format!("enroll {url} {token}"), CALL_LIMIT).await? {
                        Reply::Ok(_) => {}
                        Reply::Err(e) => return Err(format!("{name} enroll: {e}")),
                    }
                }
                Dev::Cli(c) => {
                    let args = ["enroll", "--server", &url, "--token", &token];
                    if let CliRun::Failed(e) | CliRun::Ok(e) =
                        c.run(&args, now, None, CALL_LIMIT).await
                        && !e.contains("enrolled")
                    {
                        return Err(format!("{name} enroll: {e}"));
                    }
                }
            }
            if let Synced::Failed(e) = self.sync(i, None).await {
                return Err(format!("{name}'s first sync: {e}"));
            }
        }
        Ok(())
    }

    async fn start_worker(&mut self, i: usize) -> Result<(), String> {
        self.lives[i] += 1;
        // Each life draws other ids: a real device's generator is the
        // system's, never the same sequence twice.
        let seed = self
            .plan
            .seed
            .wrapping_mul(1_000_003)
            .wrapping_add(i as u64 * 10_000 + self.lives[i]);
        let now = self.now(i);
        let pages = self.full[i].then_some(1);
        match &mut self.devices[i] {
            Dev::Worker(w) => w.spawn(seed, now, pages).await,
            Dev::Cli(c) => {
                c.max_pages = pages;
                Ok(())
            }
        }
    }

    /// Restarts a device (a worker process; the command line has no
    /// process between commands) with its current clock and disk.
    async fn restart(&mut self, i: usize) {
        if let Dev::Worker(w) = &mut self.devices[i] {
            w.quit().await;
        }
        if let Err(e) = self.start_worker(i).await {
            self.fail(e);
        }
    }

    async fn write(&mut self, i: usize, ops: u32, kill_after: Option<Duration>) {
        self.writes += 1;
        let nonce = format!(
            "n{}-{}-{}",
            self.plan.seed, self.plan.devices[i].name, self.writes
        );
        let now = self.now(i);
        let beds = ["A-01", "A-02", "B-05", "B-06", "C-09", "C-12"];
        let crops = ["Tomate", "Radis", "Laitue", "Courgette"];
        let picks: Vec<(&str, &str, f64)> = (0..ops)
            .map(|_| {
                (
                    beds[self.rng.random_range(0..beds.len())],
                    crops[self.rng.random_range(0..crops.len())],
                    f64::from(self.rng.random_range(5..300u32)) / 10.0,
                )
            })
            .collect();
        let killed_op = kill_after.map(|_| self.rng.random_range(0..ops as usize));
        match &mut self.devices[i] {
            Dev::Worker(w) => {
                let command = format!("write {ops} {nonce}");
                let outcome = call_maybe_killed(w, &command, kill_after).await;
                if let Err(e) = outcome {
                    self.out.failures.push(e);
                    // Whatever went wrong, carry on with a fresh process.
                    self.restart(i).await;
                }
            }
            Dev::Cli(c) => {
                for (k, (bed, crop, kg)) in picks.into_iter().enumerate() {
                    let kill = (killed_op == Some(k)).then(|| kill_after.unwrap_or_default());
                    let run = c
                        .harvest(&format!("{nonce}.{k}"), bed, crop, kg, now, kill)
                        .await;
                    if matches!(run, CliRun::Killed) {
                        break;
                    }
                }
            }
        }
    }

    /// `carnet harvest add` on worker `i`'s own store while the worker
    /// holds it. The store's rule is one process per store: the command
    /// must fail in one line naming the holder. Were it ever to succeed,
    /// its record counts as the device's, so the checks find it or call it
    /// lost.
    async fn second_process(&mut self, i: usize) {
        let Dev::Worker(_) = &self.devices[i] else {
            return;
        };
        self.count("second process on a store");
        self.writes += 1;
        let name = self.plan.devices[i].name.clone();
        let nonce = format!("n{}-{name}-cli-{}", self.plan.seed, self.writes);
        let now = self.now(i);
        let mut cli = CliDevice::new(&self.cli, &self.dir, &name, self.plan.seed + 7_000);
        let run = cli.harvest(&nonce, "A-01", "Tomate", 1.5, now, None).await;
        match run {
            CliRun::Failed(text) if text.contains("in use by") && text.contains("pid") => {}
            CliRun::Failed(text) => self.fail(format!(
                "{name}: the CLI beside the running worker failed without naming the holder: {text}"
            )),
            _ => {}
        }
        self.out.failures.extend(cli.bad_errors);
        if let Dev::Worker(w) = &mut self.devices[i] {
            w.acks.extend(cli.acks);
            w.messages.extend(cli.messages);
        }
    }

    /// Worker `i`'s store file copied to a second tablet, as a restored
    /// backup or a cloned tablet is: the worker is closed (a copy of a
    /// closed app), its folder copied, and both start, the copy with the
    /// original's actor, token and server. The copy must take a new actor
    /// (checked at the end); both go on writing and syncing, and the checks
    /// hold the copy's records to the same promises. Once per scenario.
    async fn copied_store(&mut self, i: usize) {
        if !matches!(self.devices[i], Dev::Worker(_))
            || self.plan.devices.iter().any(|d| d.name.ends_with("-copie"))
        {
            return;
        }
        self.count("store copied to a second tablet");
        let Dev::Worker(w) = &mut self.devices[i] else {
            return;
        };
        w.quit().await;
        let from = w.store.parent().map(Path::to_owned).unwrap_or_default();
        let original = self.plan.devices[i].clone();
        let name = format!("{}-copie", original.name);
        if let Err(e) = copy_dir(&from, &self.dir.join(&name)) {
            self.fail(format!("copying {}'s store: {e}", original.name));
        }
        if let Err(e) = self.start_worker(i).await {
            self.fail(e);
        }
        let copy = self.devices.len();
        self.plan.devices.push(plan::DevicePlan {
            name: name.clone(),
            ..original
        });
        self.offsets.push(self.offsets[i]);
        self.full.push(false);
        self.lives.push(0);
        self.devices.push(Dev::Worker(Box::new(Worker::new(
            &self.worker,
            &self.dir,
            &name,
        ))));
        if let Err(e) = self.start_worker(copy).await {
            self.fail(e);
            return;
        }
        self.write(copy, 2, None).await;
        self.write(i, 1, None).await;
        self.sync(copy, None).await;
        self.sync(i, None).await;
    }

    /// A poison record written by worker `i` (`poison` command): it must
    /// be kept and listed everywhere, and every other record keeps syncing
    /// (the ordinary checks).
    async fn poison(&mut self, i: usize) {
        let Dev::Worker(w) = &mut self.devices[i] else {
            return;
        };
        self.writes += 1;
        let nonce = format!(
            "n{}-{}-{}",
            self.plan.seed, self.plan.devices[i].name, self.writes
        );
        let before = w.poisoned.len();
        if let Err(e) = w.call(&format!("poison {nonce}"), CALL_LIMIT).await {
            self.fail(e);
            self.restart(i).await;
        }
        let stored = match &self.devices[i] {
            Dev::Worker(w) => w.poisoned.len() > before,
            Dev::Cli(_) => false,
        };
        if stored {
            self.count("poison record");
        }
        self.sync(i, None).await;
    }

    async fn sync(&mut self, i: usize, kill_after: Option<Duration>) -> Synced {
        let now = self.now(i);
        let synced = sync_device(&mut self.devices[i], now, kill_after).await;
        self.record_sync(i, &synced).await;
        synced
    }

    async fn record_sync(&mut self, i: usize, synced: &Synced) {
        if std::env::var_os("NEMESIS_VERBOSE").is_some() {
            let what = match synced {
                Synced::Ok => "ok".to_owned(),
                Synced::Failed(e) => format!("failed: {e}"),
                Synced::Killed => "killed".to_owned(),
            };
            eprintln!("  sync {}: {what}", self.plan.devices[i].name);
        }
        match synced {
            Synced::Ok => self.out.syncs_ok += 1,
            Synced::Failed(e) if e.starts_with("harness: ") => {
                let name = self.plan.devices[i].name.clone();
                self.fail(format!("{name}: {e}"));
                self.restart(i).await;
            }
            Synced::Failed(_) | Synced::Killed => self.out.syncs_failed += 1,
        }
    }

    async fn step(&mut self, step: &Step) {
        match *step {
            Step::Write { dev, ops } => self.write(dev, ops, None).await,
            Step::Sync { dev } => {
                self.sync(dev, None).await;
            }
            Step::SyncAll {
                kill_server_after_ms,
            } => {
                if kill_server_after_ms.is_some() && self.server.is_running() {
                    self.count("server SIGKILL");
                }
                let nows: Vec<_> = (0..self.devices.len()).map(|i| self.now(i)).collect();
                let Run {
                    devices, server, ..
                } = self;
                let syncs = devices
                    .iter_mut()
                    .zip(nows)
                    .map(|(d, now)| sync_device(d, now, None));
                let killer = async {
                    if let Some(ms) = kill_server_after_ms {
                        tokio::time::sleep(Duration::from_millis(ms)).await;
                        server.kill();
                    }
                };
                let (results, ()) = tokio::join!(futures_util::future::join_all(syncs), killer);
                for (i, synced) in results.iter().enumerate() {
                    self.record_sync(i, synced).await;
                }
                if kill_server_after_ms.is_some() && self.server_down_for == 0 {
                    self.server.restart();
                }
            }
            Step::ServerDown { for_steps } => {
                if self.server.is_running() {
                    self.count("server SIGKILL");
                    self.server.kill();
                    self.server_down_for = for_steps;
                }
            }
            Step::KillDevice {
                dev,
                during_sync,
                after_ms,
            } => {
                self.count("device SIGKILL");
                let after = Some(Duration::from_millis(after_ms));
                if during_sync {
                    self.sync(dev, after).await;
                } else {
                    self.write(dev, 3, after).await;
                }
                let stopped = match &self.devices[dev] {
                    Dev::Worker(w) => !w.is_running(),
                    Dev::Cli(_) => true,
                };
                if stopped && let Err(e) = self.start_worker(dev).await {
                    self.fail(e);
                }
            }
            Step::Net { dev, faults } => {
                let kind = if faults.partitioned {
                    "partition"
                } else if faults.delay_max_ms > 0 {
                    "frame delay"
                } else if faults.dup_per_mille > 0 {
                    "frame duplication"
                } else if faults.cut_after.is_some() {
                    "connection cut mid-frame"
                } else {
                    "frame drop"
                };
                self.count(kind);
                self.proxies[dev].set(faults);
            }
            Step::HealNet { dev } => self.proxies[dev].heal(),
            Step::Clock { dev, offset_secs } => {
                if offset_secs != 0 {
                    self.count("clock skew");
                }
                self.offsets[dev] = offset_secs;
                self.restart(dev).await;
            }
            Step::AbsurdClock { dev, at } => {
                self.count(at.label());
                let before = self.offsets[dev];
                self.offsets[dev] = at.offset_from(self.t);
                self.restart(dev).await;
                // Refused with the store's clear error: not acknowledged,
                // so the checks cannot count it lost.
                self.write(dev, 1, None).await;
                self.sync(dev, None).await;
                self.offsets[dev] = before;
                self.restart(dev).await;
                self.write(dev, 1, None).await;
            }
            Step::SecondProcess { dev } => self.second_process(dev).await,
            Step::CopiedStore { dev } => self.copied_store(dev).await,
            Step::Poison { dev } => self.poison(dev).await,
            Step::DiskFull { dev } => {
                if !self.full[dev] {
                    self.count("full disk");
                }
                self.full[dev] = true;
                self.restart(dev).await;
            }
            Step::DiskFree { dev } => {
                self.full[dev] = false;
                self.restart(dev).await;
            }
        }
        // Every device works a little between steps, so faults land on
        // fresh changes too.
        let dev = self.rng.random_range(0..self.devices.len());
        self.write(dev, 1, None).await;
        // And one device syncs, as the app's loop does after a change: the
        // network's faults meet live sessions.
        let dev = self.rng.random_range(0..self.devices.len());
        self.sync(dev, None).await;
    }

    /// Ends every fault: the server up, the network healthy, clocks right,
    /// disks free, every device restarted; then sync rounds until everyone
    /// is through.
    async fn heal(&mut self) {
        if !self.server.is_running() {
            self.server.restart();
        }
        self.server_down_for = 0;
        for p in &self.proxies {
            p.heal();
        }
        // The lost tablet is gone: stopped, never restarted nor synced.
        if let Some(lost) = self.plan.lost {
            self.count("tablet lost for good");
            if let Dev::Worker(w) = &mut self.devices[lost] {
                w.kill().await;
            }
        }
        for i in self.alive() {
            self.offsets[i] = 0;
            self.full[i] = false;
            self.restart(i).await;
        }
        // Round one sends everything, round two brings it to everyone; a
        // third catches what a device only learnt in round two.
        for round in 0..3 {
            for i in self.alive() {
                let mut last = String::new();
                let mut ok = false;
                for _ in 0..3 {
                    match self.sync(i, None).await {
                        Synced::Ok => {
                            ok = true;
                            break;
                        }
                        Synced::Failed(e) => last = e,
                        Synced::Killed => last = "killed".into(),
                    }
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                if !ok && round == 2 {
                    let name = self.plan.devices[i].name.clone();
                    self.fail(format!("{name} could not sync after healing: {last}"));
                }
            }
        }
        self.stop_all().await;
    }

    /// The devices still in use at the end (all but the lost tablet).
    fn alive(&self) -> Vec<usize> {
        (0..self.devices.len())
            .filter(|i| Some(*i) != self.plan.lost)
            .collect()
    }

    async fn stop_all(&mut self) {
        for d in &mut self.devices {
            if let Dev::Worker(w) = d {
                w.quit().await;
            }
        }
    }

    /// The end-of-scenario checks.
    async fn check(&mut self) {
        let today = self.t.date_naive();
        // The auditor: a fresh base device that holds what the server holds.
        let auditor = match self.auditor(today).await {
            Ok(a) => a,
            Err(e) => {
                self.fail(format!("auditor: {e}"));
                return;
            }
        };
        let mut auditor = auditor;
        let (records, conflicts, listed_twice) = projection(&auditor);
        for id in listed_twice {
            self.fail(format!("record {id} listed twice on the server"));
        }
        // Notes carry each write's nonce: two records with one nonce are a
        // doubled write.
        let mut nonces: BTreeMap<String, usize> = BTreeMap::new();
        for json in records.values() {
            let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
            if matches!(v["type"].as_str(), Some("harvest" | "observation"))
                && let Some(note) = v["note"].as_str().filter(|n| n.starts_with('n'))
            {
                *nonces.entry(note.to_owned()).or_default() += 1;
            }
        }
        // The lost tablet promised only what it had sent when it said it
        // was safe to switch off.
        let acks: Vec<Ack> = self
            .devices
            .iter()
            .enumerate()
            .flat_map(|(i, d)| {
                let promised = if Some(i) == self.plan.lost {
                    d.safe()
                } else {
                    d.acks().len()
                };
                d.acks()[..promised].iter().cloned()
            })
            .collect();
        self.out.acknowledged = acks.len();
        let mut acked_nonces = BTreeSet::new();
        for ack in &acks {
            if !records.contains_key(&ack.id) {
                self.out.lost += 1;
                self.fail(format!(
                    "{} {} acknowledged by {} is not on the server",
                    ack.kind, ack.id, ack.device
                ));
            }
        }
        for d in &self.devices {
            acked_nonces.extend(d.acks().iter().filter_map(|a| a.nonce.clone()));
        }
        for (nonce, count) in &nonces {
            if *count > 1 {
                self.out.doubled += count - 1;
                self.fail(format!("the write {nonce} is on the server {count} times"));
            } else if !acked_nonces.contains(nonce) {
                self.out.unacknowledged_kept += 1;
            }
        }
        // Poison records: kept in their document on the server and listed
        // as unreadable there, whoever wrote them (the lost tablet's only
        // if it had sent them).
        let unreadable: BTreeSet<String> = match auditor.health() {
            Ok(h) => h.unreadable.into_iter().map(|u| u.key).collect(),
            Err(e) => {
                self.fail(format!("auditor health: {e}"));
                BTreeSet::new()
            }
        };
        let mut poisons = Vec::new();
        for i in self.alive() {
            if let Dev::Worker(w) = &self.devices[i] {
                poisons.extend(w.poisoned.iter().map(|k| (w.name.clone(), k.clone())));
            }
        }
        for (device, key) in poisons {
            if unreadable.contains(&key) {
                *self
                    .out
                    .effects
                    .entry("poison records kept and listed".into())
                    .or_default() += 1;
            } else {
                self.fail(format!(
                    "poison record {key} of {device} is not kept and listed on the server"
                ));
            }
        }
        // A copied store took a new actor when it opened.
        for i in self.alive() {
            let name = self.plan.devices[i].name.clone();
            if !name.ends_with("-copie") {
                continue;
            }
            let path = self.devices[i].store_path();
            match open(&path, &name).and_then(|s| s.copied_from().map_err(|e| e.to_string())) {
                Ok(Some(_)) => {
                    *self
                        .out
                        .effects
                        .entry("copies given a new actor".into())
                        .or_default() += 1;
                }
                Ok(None) => self.fail(format!(
                    "{name}: the copied store kept the original's actor"
                )),
                Err(e) => self.fail(format!("{name}: {e}")),
            }
        }
        // Every device against the server.
        for i in self.alive() {
            let name = self.plan.devices[i].name.clone();
            let path = self.devices[i].store_path();
            match self.check_device(&name, &path, &mut auditor, today) {
                Ok(problems) => self.out.failures.extend(problems),
                Err(e) => self.fail(format!("{name}: {e}")),
            }
        }
        // The supervisor's desk holds the farm's whole recent history: it
        // shows exactly what the server holds.
        let bureau_path = self.devices[0].store_path();
        match open(&bureau_path, "bureau") {
            Ok(bureau) => {
                let (theirs, their_conflicts, _) = projection(&bureau);
                if theirs != records {
                    let missing: Vec<_> = records
                        .keys()
                        .filter(|k| !theirs.contains_key(*k))
                        .collect();
                    let extra: Vec<_> = theirs
                        .keys()
                        .filter(|k| !records.contains_key(*k))
                        .collect();
                    let differ = records
                        .iter()
                        .filter(|(k, v)| theirs.get(*k).is_some_and(|t| t != *v))
                        .count();
                    self.fail(format!(
                        "bureau differs from the server: missing {missing:?}, extra {extra:?}, {differ} records differ"
                    ));
                }
                if their_conflicts != conflicts {
                    self.fail("bureau lists other conflicts than the server".into());
                }
            }
            Err(e) => self.fail(format!("bureau: {e}")),
        }
        // Nobody panicked; every failure was a message.
        if self.server.log_text().contains("panicked") {
            self.fail("the server panicked (see server.log)".into());
        }
        let mut problems = Vec::new();
        for d in &self.devices {
            match d {
                Dev::Worker(w) => {
                    if w.log_text().contains("panicked") {
                        problems.push(format!("{} panicked (see {}.log)", w.name, w.name));
                    }
                    for m in &w.messages {
                        if m.contains("panicked") || m.trim().is_empty() {
                            problems.push(format!("{}: bad message `{m}`", w.name));
                        }
                    }
                }
                Dev::Cli(c) => problems.extend(c.bad_errors.iter().cloned()),
            }
        }
        self.out.failures.extend(problems);
    }

    async fn auditor(&mut self, today: chrono::NaiveDate) -> Result<Store, String> {
        let token = self.server.enroll(&self.farm, "auditor", "base");
        let path = self.dir.join("auditor.sqlite3");
        let store = Mutex::new(
            Store::open(
                &path,
                StoreEnv::seeded(7, stepping_clock(self.t, 1000), "auditor"),
            )
            .map_err(|e| e.to_string())?,
        );
        let remote =
            carnet_client::Remote::new(&self.server.url(), &token).map_err(|e| e.to_string())?;
        carnet_client::enroll(&store, &remote)
            .await
            .map_err(|e| e.to_string())?;
        // Every month a device holds a document of, beyond a base device's
        // own scope (a copy a task left two months ahead when it moved
        // back): the auditor must hold what the server holds.
        let mut extra_months = BTreeSet::new();
        for i in 0..self.devices.len() {
            let path = self.devices[i].store_path();
            let name = self.plan.devices[i].name.clone();
            if let Ok(store) = open(&path, &name) {
                for key in store.documents().unwrap_or_default() {
                    extra_months.extend(key.month());
                }
            }
        }
        let extra_months: Vec<_> = extra_months.into_iter().collect();
        let mut last = String::new();
        for _ in 0..3 {
            let options = carnet_client::SyncOptions {
                timeout: Some(Duration::from_secs(30)),
                extra_months: extra_months.clone(),
            };
            match carnet_client::sync_once(&store, today, options).await {
                Ok(_) => return Ok(store.into_inner().unwrap_or_else(|p| p.into_inner())),
                Err(e) => last = e.to_string(),
            }
        }
        Err(format!("could not sync: {last}"))
    }

    /// One device against the auditor: the documents in its scope have
    /// exactly the server's heads; the others hold nothing the server
    /// lacks; nothing waits; the projection is what its documents say.
    fn check_device(
        &self,
        name: &str,
        path: &Path,
        auditor: &mut Store,
        today: chrono::NaiveDate,
    ) -> Result<Vec<String>, String> {
        let mut problems = Vec::new();
        let mut store = open(path, name)?;
        let farm = store.farm_id().map_err(|e| e.to_string())?;
        let role = carnet_client::enrolled_role(&store)
            .map_err(|e| e.to_string())?
            .unwrap_or_else(|| "field".into());
        let scope: BTreeSet<DocKey> = carnet_client::documents_in_scope(&store, &role, today, &[])
            .map_err(|e| e.to_string())?
            .into_iter()
            .collect();
        let keys = store.documents().map_err(|e| e.to_string())?;
        for key in keys.into_iter().filter(|k| k.farm() == farm) {
            let mut ours = store.document(key).map_err(|e| e.to_string())?.heads();
            ours.sort();
            let held = auditor.has_document(key).map_err(|e| e.to_string())?;
            if !held {
                problems.push(format!("{name} holds {key} which the server does not"));
                continue;
            }
            let theirs_doc = auditor.document(key).map_err(|e| e.to_string())?;
            let mut theirs = theirs_doc.heads();
            theirs.sort();
            if scope.contains(&key) {
                if ours != theirs {
                    problems.push(format!("{name} and the server differ on {key}"));
                }
            } else {
                let am = theirs_doc.automerge();
                if ours.iter().any(|h| am.get_change_by_hash(h).is_none()) {
                    problems.push(format!("{name} holds changes of {key} the server lacks"));
                }
            }
        }
        let pending = store.pending_changes().map_err(|e| e.to_string())?;
        if pending != 0 {
            problems.push(format!("{name} still has {pending} changes waiting"));
        }
        let before = projection(&store);
        let skipped = store.rebuild_projection().map_err(|e| e.to_string())?;
        for e in skipped {
            problems.push(format!("{name}: a document does not load: {e}"));
        }
        let after = projection(&store);
        if before.0 != after.0 || before.1 != after.1 {
            problems.push(format!(
                "{name}'s projection is not what its documents say ({} records, {} after a rebuild)",
                before.0.len(),
                after.0.len()
            ));
        }
        for id in before.2 {
            problems.push(format!("{name} lists record {id} twice"));
        }
        Ok(problems)
    }

    /// Adds what the proxies did to the outcome.
    fn tally(&mut self) {
        use std::sync::atomic::Ordering::SeqCst;
        let mut effects: BTreeMap<String, u64> = BTreeMap::new();
        for p in &self.proxies {
            let c = &p.counters;
            for (k, v) in [
                ("frames dropped", c.dropped.load(SeqCst)),
                ("frames duplicated", c.duplicated.load(SeqCst)),
                ("frames delayed", c.delayed.load(SeqCst)),
                ("connections cut mid-frame", c.cut.load(SeqCst)),
                ("connections refused (partition)", c.refused.load(SeqCst)),
            ] {
                *effects.entry(k.into()).or_default() += v;
            }
        }
        let refused = self
            .devices
            .iter()
            .flat_map(|d| match d {
                Dev::Worker(w) => w.messages.iter(),
                Dev::Cli(c) => c.messages.iter(),
            })
            .filter(|m| m.contains("full"))
            .count();
        effects.insert("operations refused: disk full".into(), refused as u64);
        let wrong_clock = self
            .devices
            .iter()
            .flat_map(|d| match d {
                Dev::Worker(w) => w.messages.iter(),
                Dev::Cli(c) => c.messages.iter(),
            })
            .filter(|m| m.contains("set the date"))
            .count();
        effects.insert(
            "writes refused: implausible clock".into(),
            wrong_clock as u64,
        );
        let in_use = self
            .devices
            .iter()
            .flat_map(|d| match d {
                Dev::Worker(w) => w.messages.iter(),
                Dev::Cli(c) => c.messages.iter(),
            })
            .filter(|m| m.contains("in use by"))
            .count();
        effects.insert(
            "writes refused: store in use by another process".into(),
            in_use as u64,
        );
        for d in &self.devices {
            if let Dev::Worker(w) = d {
                for (kind, n) in &w.moved {
                    *effects
                        .entry(format!("{kind}s moved to another month"))
                        .or_default() += n;
                }
            }
        }
        effects.retain(|_, v| *v > 0);
        for (k, v) in effects {
            *self.out.effects.entry(k).or_default() += v;
        }
    }
}

/// Opens a device's store file as the checks read it.
fn open(path: &Path, name: &str) -> Result<Store, String> {
    let env = StoreEnv::seeded(1, stepping_clock(farm::epoch(), 1000), name);
    Store::open(path, env).map_err(|e| format!("opening {}: {e}", path.display()))
}

/// Every record's JSON by id, the conflicts, and the ids listed twice.
fn projection(store: &Store) -> (BTreeMap<String, String>, Vec<String>, Vec<String>) {
    let mut records = BTreeMap::new();
    let mut twice = Vec::new();
    for ty in carnet_core::record::Record::TYPE_NAMES {
        for r in store.records_of_type(ty).unwrap_or_default() {
            let json = serde_json::to_string(&r).unwrap_or_default();
            if records.insert(r.id().to_string(), json).is_some() {
                twice.push(r.id().to_string());
            }
        }
    }
    let conflicts = store
        .conflicts()
        .unwrap_or_default()
        .iter()
        .map(|c| serde_json::to_string(c).unwrap_or_default())
        .collect();
    (records, conflicts, twice)
}

/// Sends a worker command; with `kill_after`, SIGKILLs the worker then
/// (whether or not it finished). An error is the harness's, not Carnet's
/// message: a worker that hangs or dies by itself.
async fn call_maybe_killed(
    w: &mut Worker,
    command: &str,
    kill_after: Option<Duration>,
) -> Result<Option<Reply>, String> {
    match kill_after {
        None => w.call(command, CALL_LIMIT).await.map(Some),
        Some(after) => {
            let reply = tokio::select! {
                r = w.call(command, CALL_LIMIT) => Some(r),
                () = tokio::time::sleep(after) => None,
            };
            w.kill().await;
            match reply {
                Some(Err(e)) => Err(e),
                Some(Ok(r)) => Ok(Some(r)),
                None => Ok(None),
            }
        }
    }
}

async fn sync_device(
    dev: &mut Dev,
    now: DateTime<FixedOffset>,
    kill_after: Option<Duration>,
) -> Synced {
    match dev {
        Dev::Worker(w) => match call_maybe_killed(w, "sync", kill_after).await {
            Ok(Some(Reply::Ok(_))) => Synced::Ok,
            Ok(Some(Reply::Err(e))) => Synced::Failed(e),
            Ok(None) => Synced::Killed,
            Err(e) => Synced::Failed(format!("harness: {e}")),
        },
        Dev::Cli(c) => match c
            .run(&["sync"], now, kill_after, Duration::from_secs(40))
            .await
        {
            CliRun::Ok(out) => {
                if out.contains("safe to switch off") {
                    c.safe = c.acks.len();
                }
                Synced::Ok
            }
            CliRun::Failed(e) => Synced::Failed(e),
            CliRun::Killed => Synced::Killed,
        },
    }
}
