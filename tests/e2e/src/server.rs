//! The real `carnet-sync` binary as a child process: started on a loopback
//! port, administered through its own subcommands, SIGKILLed and restarted
//! on the same database.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Finds a workspace binary next to this test executable, building it if a
/// lone `cargo test -p carnet-e2e` did not.
pub fn workspace_binary(name: &str, package: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    // Test executables live in target/<profile>/deps, binaries one level up.
    let mut dir = exe.parent().expect("target dir").to_path_buf();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let path = dir.join(name);
    if !path.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut args = vec!["build", "-p", package, "--bin", name];
        if dir.ends_with("release") {
            args.push("--release");
        }
        let status = Command::new(cargo)
            .args(&args)
            .status()
            .expect("run cargo build");
        assert!(status.success(), "cargo build -p {package} failed");
    }
    path
}

#[derive(Debug)]
pub struct Server {
    pub bin: PathBuf,
    pub db: PathBuf,
    pub addr: SocketAddr,
    log: PathBuf,
    child: Option<Child>,
    /// `--tls-cert`, `--tls-key`: serve https/wss.
    tls: Option<(PathBuf, PathBuf)>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

impl Server {
    /// Starts a server on a fresh database in `dir`.
    pub fn start(dir: &Path) -> Server {
        Self::start_with_tls(dir, None)
    }

    /// Starts a server serving TLS with this certificate and key (PEM files).
    pub fn start_tls(dir: &Path, cert: &Path, key: &Path) -> Server {
        Self::start_with_tls(dir, Some((cert.to_owned(), key.to_owned())))
    }

    fn start_with_tls(dir: &Path, tls: Option<(PathBuf, PathBuf)>) -> Server {
        let bin = workspace_binary("carnet-sync", "carnet-sync");
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().expect("addr");
        let mut server = Server {
            bin,
            db: dir.join("server.sqlite3"),
            addr,
            log: dir.join("server.log"),
            child: None,
            tls,
        };
        server.spawn();
        server
    }

    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("log file");
        let mut args = vec![
            "--db".to_owned(),
            self.db.display().to_string(),
            "serve".to_owned(),
            "--listen".to_owned(),
            self.addr.to_string(),
        ];
        if let Some((cert, key)) = &self.tls {
            args.extend([
                "--tls-cert".to_owned(),
                cert.display().to_string(),
                "--tls-key".to_owned(),
                key.display().to_string(),
            ]);
        }
        let child = Command::new(&self.bin)
            .args(&args)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn carnet-sync");
        self.child = Some(child);
        self.wait_healthy();
    }

    fn wait_healthy(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.tls.is_some() {
                // No TLS client here: the server says when it serves, after
                // its certificate and key loaded.
                if self.log_text().contains("carnet-sync serving") {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            if let Ok(mut s) = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
                let _ =
                    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                let mut answer = String::new();
                let _ = s.read_to_string(&mut answer);
                if answer.starts_with("HTTP/1.1 200") {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "carnet-sync did not become healthy on {}; log:\n{}",
            self.addr,
            self.log_text()
        );
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no chance to flush or say goodbye.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// Runs an administration subcommand on the same database; returns its
    /// standard output, or its standard error as the error.
    pub fn admin(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new(&self.bin)
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run carnet-sync");
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }

    pub fn create_farm(&self, name: &str, id: &str) {
        let printed = self
            .admin(&["farm", "create", "--name", name, "--id", id])
            .expect("farm create");
        assert!(printed.contains(id), "farm create printed {printed}");
    }

    /// Enrolls a device and returns its token.
    pub fn enroll(&self, farm: &str, name: &str, role: &str) -> String {
        let out = self
            .admin(&[
                "device", "enroll", "--farm", farm, "--name", name, "--role", role,
            ])
            .expect("device enroll");
        out.lines().last().expect("token line").trim().to_owned()
    }

    pub fn revoke(&self, device: &str) {
        self.admin(&["device", "revoke", device])
            .expect("device revoke");
    }

    /// The server's peak resident memory so far, in KiB (Linux).
    pub fn peak_memory_kib(&self) -> Option<u64> {
        let pid = self.child.as_ref()?.id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// The running server's process id (to read its CPU time in /proc).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }
}
