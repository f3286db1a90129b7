//! The child processes a journey needs, each stopped by a guard's `Drop`
//! (so also when a journey panics): tauri-driver (SIGTERM, never SIGKILL:
//! SIGKILL orphans WebKitWebDriver) and the carnet-sync server.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// A free loopback port (bound, then released).
pub fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

async fn wait_port(port: u16, secs: u64) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        if Instant::now() > deadline {
            bail!("nothing listens on 127.0.0.1:{port} after {secs} s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// tauri-driver on a free port; the app it starts inherits `env`.
#[derive(Debug)]
pub struct TauriDriver {
    child: Child,
    pub port: u16,
}

impl TauriDriver {
    pub async fn start(env: &[(&str, String)]) -> Result<TauriDriver> {
        let port = free_port()?;
        let native = free_port()?;
        let mut command = Command::new(tauri_driver());
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            command.env(k, v);
        }
        let child = command
            .spawn()
            .context("starting tauri-driver (install it: cargo install tauri-driver --locked --version '^2')")?;
        let driver = TauriDriver { child, port };
        wait_port(port, 20).await?;
        Ok(driver)
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let installed = home.join(".cargo/bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// `carnet-sync serve` on a free loopback port with its own database.
#[derive(Debug)]
pub struct SyncServer {
    child: Child,
    binary: PathBuf,
    db: PathBuf,
    pub url: String,
}

impl SyncServer {
    pub async fn start(binary: &Path, db: &Path) -> Result<SyncServer> {
        let port = free_port()?;
        let child = Command::new(binary)
            .arg("--db")
            .arg(db)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .env("CARNET_SYNC_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let server = SyncServer {
            child,
            binary: binary.to_owned(),
            db: db.to_owned(),
            url: format!("http://127.0.0.1:{port}"),
        };
        wait_port(port, 20).await?;
        Ok(server)
    }

    /// Runs an administration command; returns what it printed.
    pub fn admin(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.binary)
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()?;
        if !out.status.success() {
            bail!(
                "carnet-sync {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8(out.stdout)?.trim().to_owned())
    }
}

impl Drop for SyncServer {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}
