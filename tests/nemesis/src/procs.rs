//! The device processes of a scenario: the worker (`carnet-nemesis-worker`,
//! a store driven through carnet-store and carnet-client) and the `carnet`
//! command line. Both can be SIGKILLed at any moment; what they printed as
//! acknowledged before that is kept as a promise to check.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

/// A record a device said it committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ack {
    pub device: String,
    pub kind: String,
    pub id: String,
    /// The note written with a harvest or an observation, unique per
    /// attempted write: finding it twice means a write was doubled.
    pub nonce: Option<String>,
}

/// The env var of carnet-store's full-disk fault (see its `schema.rs`).
pub const MAX_PAGES_ENV: &str = "CARNET_STORE_MAX_PAGES";

/// How a command ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    /// `done`, `ok …`: the command's last line.
    Ok(String),
    /// `err <message>`: a failure, as a person would read it.
    Err(String),
}

#[derive(Debug)]
pub struct Worker {
    pub name: String,
    pub store: PathBuf,
    pub log: PathBuf,
    bin: PathBuf,
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    lines: Option<Lines<BufReader<ChildStdout>>>,
    pub acks: Vec<Ack>,
    /// How many of `acks` the device had sent when a sync last said
    /// nothing was waiting: "safe to switch off".
    pub safe: usize,
    /// Every failure the worker reported (`err` and `note` lines).
    pub messages: Vec<String>,
    /// The keys of the poison records the worker stored (`poisoned KEY`):
    /// each must end kept and listed on the server.
    pub poisoned: Vec<String>,
    /// Records the worker moved to another month (`moved <kind>`), by kind.
    pub moved: std::collections::BTreeMap<String, u64>,
}

impl Worker {
    pub fn new(bin: &Path, dir: &Path, name: &str) -> Worker {
        Worker {
            name: name.to_owned(),
            // Where `carnet` finds it with `CARNET_DATA=dir/name`, so the
            // command line can be run beside the worker on the same store.
            store: dir.join(name).join("carnet.sqlite3"),
            log: dir.join(format!("{name}.log")),
            bin: bin.to_owned(),
            child: None,
            stdin: None,
            lines: None,
            acks: Vec::new(),
            safe: 0,
            messages: Vec::new(),
            poisoned: Vec::new(),
            moved: Default::default(),
        }
    }

    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// Starts the process on its store file, with its clock at `now`, and
    /// waits for it to say `ready`.
    pub async fn spawn(
        &mut self,
        seed: u64,
        now: DateTime<FixedOffset>,
        max_pages: Option<u32>,
    ) -> Result<(), String> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .map_err(|e| format!("{}: log: {e}", self.name))?;
        let mut command = Command::new(&self.bin);
        command
            .arg("--store")
            .arg(&self.store)
            .args(["--label", &self.name, "--seed", &seed.to_string()])
            .args(["--now", &now.to_rfc3339()])
            .env_remove(MAX_PAGES_ENV)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .kill_on_drop(true);
        if let Some(pages) = max_pages {
            command.env(MAX_PAGES_ENV, pages.to_string());
        }
        let mut child = command
            .spawn()
            .map_err(|e| format!("{}: spawn: {e}", self.name))?;
        self.stdin = child.stdin.take();
        self.lines = child.stdout.take().map(|o| BufReader::new(o).lines());
        self.child = Some(child);
        match self.read_reply(Duration::from_secs(20)).await? {
            Reply::Ok(line) if line == "ready" => Ok(()),
            Reply::Ok(line) | Reply::Err(line) => {
                self.kill().await;
                Err(format!("{} did not start: {line}", self.name))
            }
        }
    }

    /// Sends one command and waits (at most `limit`) for its last line.
    pub async fn call(&mut self, command: &str, limit: Duration) -> Result<Reply, String> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| format!("{} is not running", self.name))?;
        stdin
            .write_all(format!("{command}\n").as_bytes())
            .await
            .map_err(|e| format!("{}: write to stdin: {e}", self.name))?;
        stdin
            .flush()
            .await
            .map_err(|e| format!("{}: flush stdin: {e}", self.name))?;
        self.read_reply(limit).await
    }

    /// Reads lines until the command's last one, keeping acks and messages
    /// as they come (so a kill mid-command keeps what was already said).
    async fn read_reply(&mut self, limit: Duration) -> Result<Reply, String> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let lines = self
                .lines
                .as_mut()
                .ok_or_else(|| format!("{} is not running", self.name))?;
            // `next_line` is cancel-safe: a kill racing this loses no line.
            let line = tokio::time::timeout_at(deadline, lines.next_line())
                .await
                .map_err(|_| format!("{} did not answer within {limit:?}", self.name))?
                .map_err(|e| format!("{}: read stdout: {e}", self.name))?
                .ok_or_else(|| format!("{} exited", self.name))?;
            if let Some(reply) = self.take_line(&line) {
                return Ok(reply);
            }
        }
    }

    fn take_line(&mut self, line: &str) -> Option<Reply> {
        if let Some(rest) = line.strip_prefix("ack ") {
            let mut parts = rest.split_whitespace();
            let (kind, id, nonce) = (parts.next(), parts.next(), parts.next());
            if let (Some(kind), Some(id)) = (kind, id) {
                self.acks.push(Ack {
                    device: self.name.clone(),
                    kind: kind.to_owned(),
                    id: id.to_owned(),
                    nonce: nonce.filter(|n| *n != "-").map(str::to_owned),
                });
            }
            None
        } else if let Some(kind) = line.strip_prefix("moved ") {
            *self.moved.entry(kind.trim().to_owned()).or_default() += 1;
            None
        } else if let Some(key) = line.strip_prefix("poisoned ") {
            self.poisoned.push(key.trim().to_owned());
            None
        } else if let Some(message) = line.strip_prefix("note ") {
            self.messages.push(message.to_owned());
            None
        } else if let Some(message) = line.strip_prefix("err ") {
            self.messages.push(message.to_owned());
            Some(Reply::Err(message.to_owned()))
        } else {
            if line == "ok pending=0" {
                self.safe = self.acks.len();
            }
            Some(Reply::Ok(line.to_owned()))
        }
    }

    /// SIGKILL, then reads what the process had printed before it died.
    pub async fn kill(&mut self) {
        self.stdin = None;
        if let Some(mut child) = self.child.take() {
            let _ = child.start_kill();
            let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
        }
        if let Some(mut lines) = self.lines.take() {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
            while let Ok(Ok(Some(line))) =
                tokio::time::timeout_at(deadline, lines.next_line()).await
            {
                let _ = self.take_line(&line);
            }
        }
    }

    /// Asks the process to end, and makes sure it did.
    pub async fn quit(&mut self) {
        if let Some(stdin) = self.stdin.as_mut() {
            let _ = stdin.write_all(b"quit\n").await;
            let _ = stdin.flush().await;
        }
        self.stdin = None;
        if let Some(child) = self.child.as_mut() {
            let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
        }
        self.kill().await;
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// How one run of the `carnet` command ended.
#[derive(Debug)]
pub enum CliRun {
    Ok(String),
    /// Exited non-zero; its standard error.
    Failed(String),
    /// SIGKILLed by the harness (or stopped at the time limit).
    Killed,
}

/// The `carnet` command line as a device: one process per command, on one
/// data folder, with the clock of `CARNET_NOW`.
#[derive(Debug)]
pub struct CliDevice {
    pub name: String,
    pub data: PathBuf,
    bin: PathBuf,
    runs: u64,
    seed: u64,
    pub max_pages: Option<u32>,
    pub acks: Vec<Ack>,
    /// As `Worker::safe`.
    pub safe: usize,
    pub messages: Vec<String>,
    /// Failures that did not reach the person as one line.
    pub bad_errors: Vec<String>,
}

impl CliDevice {
    pub fn new(bin: &Path, dir: &Path, name: &str, seed: u64) -> CliDevice {
        CliDevice {
            name: name.to_owned(),
            data: dir.join(name),
            bin: bin.to_owned(),
            runs: 0,
            seed,
            max_pages: None,
            acks: Vec::new(),
            safe: 0,
            messages: Vec::new(),
            bad_errors: Vec::new(),
        }
    }

    pub fn store_path(&self) -> PathBuf {
        self.data.join("carnet.sqlite3")
    }

    /// Runs `carnet ARGS` with the clock at `now`; SIGKILLs it after
    /// `kill_after` if given, and in any case after `limit`.
    pub async fn run(
        &mut self,
        args: &[&str],
        now: DateTime<FixedOffset>,
        kill_after: Option<Duration>,
        limit: Duration,
    ) -> CliRun {
        self.runs += 1;
        let mut command = Command::new(&self.bin);
        command
            .args(args)
            .env("CARNET_DATA", &self.data)
            // The clock moves a second per command, like a person typing.
            .env(
                "CARNET_NOW",
                (now + chrono::Duration::seconds(self.runs as i64)).to_rfc3339(),
            )
            .env("CARNET_SEED", (self.seed * 100_000 + self.runs).to_string())
            .env_remove(MAX_PAGES_ENV)
            .env_remove("RUST_LOG")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if let Some(pages) = self.max_pages {
            command.env(MAX_PAGES_ENV, pages.to_string());
        }
        let Ok(child) = command.spawn() else {
            self.bad_errors
                .push(format!("{}: could not start carnet", self.name));
            return CliRun::Killed;
        };
        let pid = child.id();
        let waiting = child.wait_with_output();
        let stop = kill_after.unwrap_or(limit).min(limit);
        let out = match tokio::time::timeout(stop, waiting).await {
            Ok(Ok(out)) => out,
            Ok(Err(e)) => {
                self.bad_errors
                    .push(format!("{}: waiting for carnet: {e}", self.name));
                return CliRun::Killed;
            }
            Err(_) => {
                // The future owned the child and was dropped: kill_on_drop
                // sent SIGKILL. Make sure it is gone before going on.
                if let Some(pid) = pid {
                    wait_gone(pid).await;
                }
                if kill_after.is_none() {
                    self.bad_errors.push(format!(
                        "{}: `carnet {}` still running after {limit:?}",
                        self.name,
                        args.join(" ")
                    ));
                }
                return CliRun::Killed;
            }
        };
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if out.status.success() {
            return CliRun::Ok(stdout);
        }
        // A failure must reach the person as one line, never a panic.
        let text = stderr.trim();
        let one_line = text.lines().count() == 1 && text.starts_with("error: ");
        let panicked = text.contains("panicked") || text.contains("RUST_BACKTRACE");
        if !one_line || panicked || out.status.code().is_none() {
            self.bad_errors.push(format!(
                "{}: `carnet {}` failed ({:?}) with: {text}",
                self.name,
                args.join(" "),
                out.status.code()
            ));
        }
        self.messages.push(text.to_owned());
        CliRun::Failed(text.to_owned())
    }

    /// `carnet harvest add` with a unique note; keeps the acks.
    pub async fn harvest(
        &mut self,
        nonce: &str,
        bed: &str,
        crop: &str,
        kg: f64,
        now: DateTime<FixedOffset>,
        kill_after: Option<Duration>,
    ) -> CliRun {
        let weigh = format!("{kg}kg");
        let args = [
            "harvest", "add", "--bed", bed, "--crop", crop, "--weigh", &weigh, "--by", "Moussa",
            "--note", nonce, "--json",
        ];
        let run = self
            .run(&args, now, kill_after, Duration::from_secs(30))
            .await;
        if let CliRun::Ok(out) = &run {
            match serde_json::from_str::<serde_json::Value>(out) {
                Ok(json) => {
                    let id = json["id"].as_str().unwrap_or_default().to_owned();
                    self.acks.push(Ack {
                        device: self.name.clone(),
                        kind: "harvest".into(),
                        id,
                        nonce: Some(nonce.to_owned()),
                    });
                    for w in json["weighings"].as_array().into_iter().flatten() {
                        self.acks.push(Ack {
                            device: self.name.clone(),
                            kind: "weighing".into(),
                            id: w["id"].as_str().unwrap_or_default().to_owned(),
                            nonce: None,
                        });
                    }
                }
                Err(e) => self.bad_errors.push(format!(
                    "{}: harvest add printed what is not JSON ({e}): {out}",
                    self.name
                )),
            }
        }
        run
    }
}

/// Waits (bounded) until a killed process's id is gone from /proc.
async fn wait_gone(pid: u32) {
    for _ in 0..100 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        if status.is_empty() || status.contains("State:\tZ") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
