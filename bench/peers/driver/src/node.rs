//! The two peers, run as Node processes: the server
//! (`servers/<system>-server.mjs`, which prints `listening PORT`) behind the
//! counting proxy, and the driver (`drivers/<system>.mjs`) that replays the
//! workload file. The driver announces each measured phase on its standard
//! output and waits for `go` on its standard input, so the proxy's counters
//! and the server's CPU and peak memory are taken at the same moments as for
//! Carnet; it ends with its correctness report.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};

use crate::procstat::PhaseProbe;
use crate::proxy::CountingProxy;
use crate::report::{Check, Phase, ScenarioResult};

#[derive(Deserialize)]
struct Line {
    phase: Option<String>,
    event: Option<String>,
    check: Option<Check>,
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.start_kill();
    }
}

/// Runs one scenario of one peer; `timeout` bounds the whole run.
pub(crate) async fn run(
    peers: &Path,
    system: &str,
    scenario: &str,
    workload: &Path,
    dir: &Path,
    timeout: Duration,
) -> Result<ScenarioResult> {
    let data = dir.join("server-data");
    std::fs::create_dir_all(&data)?;
    let mut server = Killed(
        Command::new("node")
            .arg(peers.join(format!("servers/{system}-server.mjs")))
            .arg(&data)
            .current_dir(peers)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(dir.join("server.log"))?)
            .kill_on_drop(true)
            .spawn()
            .context("start the node server (is node installed? run `npm ci` in bench/peers)")?,
    );
    let pid = server.0.id().context("server pid")?;
    let mut out = BufReader::new(server.0.stdout.take().context("stdout")?).lines();
    let first = tokio::time::timeout(Duration::from_secs(60), out.next_line())
        .await
        .context("server did not say where it listens within 60 s")??
        .context("server exited")?;
    let port: u16 = first
        .strip_prefix("listening ")
        .with_context(|| format!("server said {first:?}"))?
        .trim()
        .parse()?;
    let proxy = CountingProxy::start(format!("127.0.0.1:{port}").parse()?).await?;
    let mut driver = Killed(
        Command::new("node")
            .arg("--max-old-space-size=8192")
            .arg(peers.join(format!("drivers/{system}.mjs")))
            .arg(scenario)
            .arg(workload)
            .arg(proxy.http_url())
            .current_dir(peers)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .context("start the node driver")?,
    );
    let mut stdin = driver.0.stdin.take().context("stdin")?;
    let mut lines = BufReader::new(driver.0.stdout.take().context("stdout")?).lines();
    let deadline = Instant::now() + timeout;
    let mut phases = Vec::new();
    let mut current = None;
    let mut check = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let Some(line) = tokio::time::timeout(left, lines.next_line())
            .await
            .with_context(|| format!("{system} {scenario}: no end within {timeout:?}"))??
        else {
            break;
        };
        let Ok(msg) = serde_json::from_str::<Line>(&line) else {
            eprintln!("{system}: {line}");
            continue;
        };
        match (msg.phase, msg.event.as_deref(), msg.check) {
            (Some(name), Some("start"), _) => {
                let before = proxy.counts();
                let probe = PhaseProbe::start(pid);
                current = Some((name, before, probe, Instant::now()));
                stdin.write_all(b"go\n").await?;
            }
            (Some(name), Some("end"), _) => {
                let (started, before, probe, t0) =
                    current.take().context("phase ended before it started")?;
                if started != name {
                    bail!("{system}: phase {name} ended while {started} ran");
                }
                phases.push(Phase {
                    name,
                    counts: proxy.counts().since(before),
                    wall: t0.elapsed(),
                    server: probe.finish(),
                });
                stdin.write_all(b"ok\n").await?;
            }
            (_, _, Some(c)) => check = Some(c),
            _ => eprintln!("{system}: {line}"),
        }
    }
    let status = tokio::time::timeout(Duration::from_secs(30), driver.0.wait())
        .await
        .context("driver did not exit")??;
    if !status.success() {
        bail!("{system} {scenario}: driver exited with {status}");
    }
    Ok(ScenarioResult {
        system: system.into(),
        scenario: scenario.into(),
        phases,
        check: check.context("driver gave no correctness report")?,
        failed: None,
    })
}
