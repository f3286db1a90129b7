//! The measuring tools: percentiles over samples, the process's peak memory,
//! a child process timed from spawn to exit, the one-line summaries children
//! hand back to the parent, file sizes, and a description of the machine.
//!
//! Deliberately not here: what is measured (see `suite`) and how it is shown
//! (see `report`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// Durations measured for one figure.
#[derive(Clone, Debug, Default)]
pub struct Samples {
    sorted: Vec<Duration>,
}

impl Samples {
    pub fn new(mut values: Vec<Duration>) -> Self {
        values.sort();
        Self { sorted: values }
    }

    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// The nearest-rank percentile `p` (0 to 100): the smallest sample that at
    /// least `p`% of the samples do not exceed.
    pub fn percentile(&self, p: f64) -> Duration {
        percentile(&self.sorted, p)
    }

    pub fn median(&self) -> Duration {
        self.percentile(50.0)
    }

    pub fn max(&self) -> Duration {
        self.sorted.last().copied().unwrap_or_default()
    }

    pub fn min(&self) -> Duration {
        self.sorted.first().copied().unwrap_or_default()
    }
}

/// Nearest-rank percentile of sorted values; zero when there are none.
pub fn percentile<T: Copy + Default>(sorted: &[T], p: f64) -> T {
    if sorted.is_empty() {
        return T::default();
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The median of unsorted values.
pub fn median<T: Copy + Default + Ord>(values: impl IntoIterator<Item = T>) -> T {
    let mut v: Vec<T> = values.into_iter().collect();
    v.sort();
    percentile(&v, 50.0)
}

/// The process's peak resident memory (VmHWM), in KiB, on Linux.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A child's figures, handed back as one line of `key=value` pairs after a
/// tag, so the parent reads them out of the child's standard error.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    tag: String,
    values: BTreeMap<String, u64>,
}

impl Summary {
    pub fn new(tag: &str) -> Self {
        Self {
            tag: tag.to_owned(),
            values: BTreeMap::new(),
        }
    }

    pub fn with(mut self, key: &str, value: u64) -> Self {
        self.values.insert(key.to_owned(), value);
        self
    }

    pub fn get(&self, key: &str) -> anyhow::Result<u64> {
        self.values
            .get(key)
            .copied()
            .with_context(|| format!("the child's summary has no {key}"))
    }

    pub fn line(&self) -> String {
        let pairs: Vec<_> = self
            .values
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        format!("{}: {}", self.tag, pairs.join(" "))
    }

    /// The last line of `text` tagged `tag`.
    pub fn find(tag: &str, text: &str) -> anyhow::Result<Self> {
        let prefix = format!("{tag}: ");
        let line = text
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix(&prefix))
            .with_context(|| format!("no `{tag}` line in the child's output:\n{text}"))?;
        let mut summary = Summary::new(tag);
        for pair in line.split_whitespace() {
            let (k, v) = pair
                .split_once('=')
                .with_context(|| format!("`{pair}` is not key=value"))?;
            let v = v
                .parse()
                .with_context(|| format!("`{pair}` is not a count"))?;
            summary.values.insert(k.to_owned(), v);
        }
        Ok(summary)
    }
}

/// A finished child process and the wall time from spawn to exit.
#[derive(Debug)]
pub struct Timed {
    pub wall: Duration,
    pub output: Output,
}

impl Timed {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
}

/// Runs `command` with its output piped back, timing spawn to exit; fails
/// when the child does.
pub fn run_timed(command: &mut Command) -> anyhow::Result<Timed> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("spawning {command:?}"))?;
    let output = child.wait_with_output()?;
    let wall = started.elapsed();
    let timed = Timed { wall, output };
    if !timed.output.status.success() {
        bail!(
            "{command:?} failed ({}):\n{}",
            timed.output.status,
            timed.stderr()
        );
    }
    Ok(timed)
}

/// The floor under a durable write on `dir`'s filesystem: appending 4 KiB
/// to a file and `fsync`ing it (what SQLite does to its WAL at each commit
/// with synchronous=FULL), `n` times.
pub fn fsync_floor(dir: &Path, n: usize) -> anyhow::Result<Samples> {
    fsyncs(dir, n, Duration::ZERO)
}

/// As `fsync_floor`, each one after `PAUSE` idle: what the disk and the
/// CPUs cost a write that comes after a quiet moment, with no store.
pub fn fsync_after_pause(dir: &Path, n: usize) -> anyhow::Result<Samples> {
    fsyncs(dir, n, PAUSE)
}

/// The idle moment before each of `fsync_after_pause`'s probes: as long
/// as one sample of `wait_for_quiet`, the pause the writes see.
const PAUSE: Duration = Duration::from_secs(2);

fn fsyncs(dir: &Path, n: usize, pause: Duration) -> anyhow::Result<Samples> {
    use std::io::Write as _;
    let path = dir.join("fsync-probe");
    let mut file = std::fs::File::create(&path)?;
    let page = [0x5au8; 4096];
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        std::thread::sleep(pause);
        let t = Instant::now();
        file.write_all(&page)?;
        file.sync_all()?;
        samples.push(t.elapsed());
    }
    drop(file);
    std::fs::remove_file(&path)?;
    Ok(Samples::new(samples))
}

/// The share of all CPUs busy over `window` (from /proc/stat), our own
/// process included; `None` off Linux.
pub fn cpu_busy(window: Duration) -> Option<f64> {
    fn sample() -> Option<(u64, u64)> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let cpu = stat.lines().find(|l| l.starts_with("cpu "))?;
        let v: Vec<u64> = cpu
            .split_whitespace()
            .skip(1)
            .filter_map(|x| x.parse().ok())
            .collect();
        let idle = v.get(3)? + v.get(4).unwrap_or(&0);
        Some((v.iter().take(8).sum(), idle))
    }
    let (total0, idle0) = sample()?;
    std::thread::sleep(window);
    let (total1, idle1) = sample()?;
    let total = total1.saturating_sub(total0).max(1);
    Some(1.0 - idle1.saturating_sub(idle0) as f64 / total as f64)
}

/// Waits, up to `patience`, until the machine's CPUs are less than
/// `threshold` busy over two seconds, so that other builds disturb the
/// measures less. Returns the last share seen.
pub fn wait_for_quiet(patience: Duration, threshold: f64) -> Option<f64> {
    let started = Instant::now();
    loop {
        let busy = cpu_busy(Duration::from_secs(2))?;
        if busy < threshold || started.elapsed() >= patience {
            return Some(busy);
        }
    }
}

/// The store file and its write-ahead log.
pub fn store_files(path: &Path) -> [PathBuf; 2] {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    [path.to_owned(), PathBuf::from(wal)]
}

/// Bytes of a file, zero when it does not exist.
pub fn file_bytes(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// What the figures were measured on.
#[derive(Clone, Debug, Default)]
pub struct Machine {
    pub cpu: String,
    pub cpus: usize,
    pub kernel: String,
    /// `df -T` of the folder holding the stores: device and type.
    pub filesystem: String,
    pub date: String,
    /// `git describe --always --dirty` of the tree the benchmark ran in.
    pub source: String,
}

impl Machine {
    pub fn detect(store_dir: &Path) -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .and_then(|l| l.split_once(':'))
            .map_or_else(|| "unknown".to_owned(), |(_, v)| v.trim().to_owned());
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .map_or_else(|_| "unknown".to_owned(), |s| format!("Linux {}", s.trim()));
        Self {
            cpu,
            cpus: std::thread::available_parallelism().map_or(0, |n| n.get()),
            kernel,
            filesystem: filesystem(store_dir),
            date: chrono::Local::now().format("%Y-%m-%d").to_string(),
            source: git_describe(),
        }
    }
}

fn git_describe() -> String {
    Command::new("git")
        .args(["describe", "--always", "--dirty", "--abbrev=10"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Where a store's bytes go: pages of each table with its indexes, largest
/// first (SQLite's `dbstat`), read-only and after the store is closed.
pub fn tables_bytes(path: &Path) -> anyhow::Result<Vec<(String, u64)>> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut stmt = conn.prepare(
        "SELECT s.tbl_name, SUM(d.pgsize) FROM dbstat d JOIN sqlite_schema s ON s.name = d.name
         GROUP BY s.tbl_name ORDER BY 2 DESC, 1",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Bytes of the JSON the projection keeps for each record.
pub fn projection_json_bytes(path: &Path) -> anyhow::Result<u64> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let bytes: i64 = conn.query_row(
        "SELECT COALESCE(SUM(LENGTH(json)), 0) FROM records",
        [],
        |r| r.get(0),
    )?;
    Ok(bytes as u64)
}

/// What a store holds, read without opening a `Store` (whose close runs
/// housekeeping): the projection's rows and JSON bytes and the document
/// chunks' bytes. Equal before and after a run of reads means the reads
/// wrote nothing.
pub fn stored_fingerprint(path: &Path) -> anyhow::Result<(i64, i64, i64)> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM records),
                (SELECT COALESCE(SUM(LENGTH(json)), 0) FROM records),
                (SELECT COALESCE(SUM(LENGTH(bytes)), 0) FROM chunks)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// `df -T` of `dir`: "ext4 on /dev/vda", or "unknown".
fn filesystem(dir: &Path) -> String {
    let out = Command::new("df").arg("-T").arg(dir).output();
    let text = out
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    text.lines()
        .nth(1)
        .and_then(|l| {
            let cols: Vec<_> = l.split_whitespace().collect();
            (cols.len() >= 2).then(|| format!("{} on {}", cols[1], cols[0]))
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 100.0), 100);
        assert_eq!(percentile(&v, 0.0), 1);
        assert_eq!(percentile(&[7u32], 99.0), 7);
        assert_eq!(percentile::<u32>(&[], 50.0), 0);
        assert_eq!(median([5u32, 1, 3]), 3);
        // Of 21 runs, the median is the 11th.
        let runs: Vec<u32> = (1..=21).collect();
        assert_eq!(percentile(&runs, 50.0), 11);
    }

    #[test]
    fn summary_round_trips_through_a_line() {
        let s = Summary::new("tag x").with("open_us", 12).with("late", 3);
        let text = format!("noise\n{}\nmore noise\n", s.line());
        assert_eq!(Summary::find("tag x", &text).unwrap(), s);
        assert!(Summary::find("other", &text).is_err());
    }

    #[test]
    fn peak_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_memory_kib().unwrap() > 0);
        }
    }
}
