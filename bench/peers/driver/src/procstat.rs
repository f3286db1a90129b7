//! A server process's peak memory and CPU time, read from /proc (Linux), the
//! same way for the Rust server and the two Node servers.

/// Peak resident memory (VmHWM) in KiB.
pub(crate) fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Resets the peak to the current resident size, so a phase's peak is its
/// own and not the set-up's (`clear_refs` value 5, Linux ≥ 4.0). Returns
/// whether the kernel took it; if not, the peak covers the whole run.
pub(crate) fn reset_peak(pid: u32) -> bool {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// User + system CPU time in milliseconds (utime + stime of /proc/pid/stat).
pub(crate) fn cpu_ms(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces: count fields after its closing ')'.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After ')': state is field 3 of stat(5), utime 14 and stime 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    let ticks = clock_ticks();
    Some((utime + stime) * 1000 / ticks)
}

fn clock_ticks() -> u64 {
    // sysconf(_SC_CLK_TCK) without libc: `getconf` says it; 100 on Linux.
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100)
}

/// What a phase cost the server.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ServerCost {
    pub cpu_ms: u64,
    pub peak_kib: u64,
}

/// Starts measuring a phase on `pid`; `finish` gives its cost.
#[derive(Debug)]
pub(crate) struct PhaseProbe {
    pid: u32,
    cpu_before: u64,
}

impl PhaseProbe {
    pub(crate) fn start(pid: u32) -> PhaseProbe {
        reset_peak(pid);
        PhaseProbe {
            pid,
            cpu_before: cpu_ms(pid).unwrap_or(0),
        }
    }

    pub(crate) fn finish(&self) -> ServerCost {
        ServerCost {
            cpu_ms: cpu_ms(self.pid)
                .unwrap_or(0)
                .saturating_sub(self.cpu_before),
            peak_kib: peak_kib(self.pid).unwrap_or(0),
        }
    }
}
