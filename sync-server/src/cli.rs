//! The command line: `serve` and the administration commands, all on one
//! SQLite file (`--db`, or `CARNET_SYNC_DB`). The administration commands
//! work while `serve` runs, from another process: WAL lets them share the file.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use carnet_core::FarmId;
use chrono::Utc;
use clap::{Args, Parser, Subcommand};

use crate::admin;
use crate::config::{Config, DEFAULT_DB, DEFAULT_LISTEN, Limits};
use crate::role::Role;
use crate::storage::{Device, SqliteStorage};
use crate::tls::TlsFiles;

#[derive(Debug, Parser)]
#[command(
    name = "carnet-sync",
    version,
    about = "The Carnet sync server and its administration"
)]
pub struct Cli {
    /// The server's SQLite database.
    #[arg(long, global = true, env = "CARNET_SYNC_DB", default_value = DEFAULT_DB)]
    pub db: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve devices over WebSocket until Ctrl-C or SIGTERM.
    Serve(ServeArgs),
    /// Register and list farms.
    #[command(subcommand)]
    Farm(FarmCommand),
    /// Enroll, list and revoke devices.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Copy the database to FILE while the server runs (SQLite online backup).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CARNET_SYNC_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// Largest WebSocket message accepted, in bytes.
    #[arg(long, env = "CARNET_SYNC_MAX_FRAME_BYTES", default_value_t = Limits::default().max_frame_bytes)]
    pub max_frame_bytes: usize,
    /// Documents one farm may store.
    #[arg(long, env = "CARNET_SYNC_MAX_DOCUMENTS_PER_FARM", default_value_t = Limits::default().max_documents_per_farm)]
    pub max_documents_per_farm: usize,
    /// Open sockets one device may hold.
    #[arg(long, env = "CARNET_SYNC_MAX_CONNECTIONS_PER_DEVICE", default_value_t = Limits::default().max_connections_per_device)]
    pub max_connections_per_device: usize,
    /// Messages per second one connection may send, on average.
    #[arg(long, env = "CARNET_SYNC_MESSAGES_PER_SECOND", default_value_t = Limits::default().messages_per_second)]
    pub messages_per_second: u32,
    /// Messages one connection may send at once.
    #[arg(long, env = "CARNET_SYNC_MESSAGE_BURST", default_value_t = Limits::default().message_burst)]
    pub message_burst: u32,
    /// Seconds without any frame (not even a pong) before a socket is closed.
    #[arg(long, env = "CARNET_SYNC_IDLE_TIMEOUT", default_value_t = Limits::default().idle_timeout.as_secs())]
    pub idle_timeout_secs: u64,
    /// Seconds from the upgrade to the device's `join`.
    #[arg(long, env = "CARNET_SYNC_HANDSHAKE_TIMEOUT", default_value_t = Limits::default().handshake_timeout.as_secs())]
    pub handshake_timeout_secs: u64,
    /// Refused tokens from one address in a minute before it is refused outright.
    #[arg(long, env = "CARNET_SYNC_AUTH_FAILURES_PER_MINUTE", default_value_t = Limits::default().auth_failures_per_minute)]
    pub auth_failures_per_minute: u32,
    #[command(flatten)]
    pub tls: TlsArgs,
}

/// HTTPS and WSS: a certificate chain and its private key, both or neither
/// (the group requires both as soon as one is given).
#[derive(Debug, Args)]
#[group(multiple = true, requires_all = ["tls_cert", "tls_key"])]
pub struct TlsArgs {
    /// Serve HTTPS and WSS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "CARNET_SYNC_TLS_CERT", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM); needs --tls-cert.
    #[arg(long, env = "CARNET_SYNC_TLS_KEY", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
}

impl ServeArgs {
    pub fn config(&self, db: PathBuf) -> anyhow::Result<Config> {
        // The least a server can work with, one line each.
        let floors = [
            ("--idle-timeout-secs", self.idle_timeout_secs, 1),
            ("--handshake-timeout-secs", self.handshake_timeout_secs, 1),
            ("--max-frame-bytes", self.max_frame_bytes as u64, 1024),
            (
                "--max-connections-per-device",
                self.max_connections_per_device as u64,
                1,
            ),
            (
                "--messages-per-second",
                u64::from(self.messages_per_second),
                1,
            ),
        ];
        for (flag, value, least) in floors {
            anyhow::ensure!(value >= least, "{flag} must be at least {least}");
        }
        Ok(Config {
            db,
            listen: self.listen,
            limits: Limits {
                max_frame_bytes: self.max_frame_bytes,
                max_documents_per_farm: self.max_documents_per_farm,
                max_connections_per_device: self.max_connections_per_device,
                messages_per_second: self.messages_per_second,
                message_burst: self.message_burst.max(1),
                idle_timeout: Duration::from_secs(self.idle_timeout_secs),
                handshake_timeout: Duration::from_secs(self.handshake_timeout_secs),
                auth_failures_per_minute: self.auth_failures_per_minute,
                ..Limits::default()
            },
            tls: match (&self.tls.tls_cert, &self.tls.tls_key) {
                (Some(cert), Some(key)) => Some(TlsFiles {
                    cert: cert.clone(),
                    key: key.clone(),
                }),
                _ => None,
            },
        })
    }
}

#[derive(Debug, Subcommand)]
pub enum FarmCommand {
    /// Register a farm; prints its id.
    Create {
        #[arg(long)]
        name: String,
        /// The farm id the app made when the supervisor created the farm.
        #[arg(long, value_name = "UUID")]
        id: Option<FarmId>,
    },
    /// List the farms.
    List,
}

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// Enroll a device; prints its token, once.
    Enroll {
        /// Farm id or name.
        #[arg(long)]
        farm: String,
        #[arg(long)]
        name: String,
        /// field (tablet: writes tasks, harvests, observations), base
        /// (supervisor: writes everything) or viewer (reads only).
        #[arg(long)]
        role: Role,
    },
    /// List devices.
    List {
        /// Only this farm's (id or name).
        #[arg(long)]
        farm: Option<String>,
    },
    /// Revoke a device: refused from now on, its open sockets closed.
    Revoke {
        /// Device id, or a name only one device has.
        device: String,
    },
}

/// Runs one command; what it prints goes to stdout.
pub fn execute(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(args.config(cli.db)?),
        Command::Farm(command) => farm(&open(&cli.db)?, command),
        Command::Device(command) => device(&open(&cli.db)?, command),
        Command::Backup { out } => {
            open(&cli.db)?.backup(&out)?;
            println!("backed up {} to {}", cli.db.display(), out.display());
            Ok(())
        }
    }
}

fn open(db: &std::path::Path) -> anyhow::Result<SqliteStorage> {
    Ok(SqliteStorage::open(db)?)
}

fn serve(config: Config) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        crate::run(listener, config, crate::shutdown_signal()).await
    })
}

fn farm(storage: &SqliteStorage, command: FarmCommand) -> anyhow::Result<()> {
    match command {
        FarmCommand::Create { name, id } => {
            let farm = admin::create_farm(storage, &name, id, Utc::now())?;
            println!("{}", farm.id);
        }
        FarmCommand::List => {
            for farm in crate::Storage::farms(storage)? {
                println!("{}\t{}", farm.id, farm.name);
            }
        }
    }
    Ok(())
}

fn device(storage: &SqliteStorage, command: DeviceCommand) -> anyhow::Result<()> {
    match command {
        DeviceCommand::Enroll { farm, name, role } => {
            let enrolled =
                admin::enroll_device(storage, &farm, &name, role, &mut rand::rng(), Utc::now())?;
            eprintln!(
                "enrolled {} ({}) in {} as {}; the token below is shown once:",
                enrolled.device.name, enrolled.device.id, enrolled.farm.name, enrolled.device.role
            );
            println!("{}", enrolled.token.as_str());
        }
        DeviceCommand::List { farm } => {
            for device in admin::list_devices(storage, farm.as_deref())? {
                println!("{}", device_line(&device));
            }
        }
        DeviceCommand::Revoke { device } => {
            let revoked = admin::revoke_device(storage, &device, Utc::now())?;
            if revoked.already {
                println!("{} was already revoked", revoked.device.name);
            } else {
                println!("revoked {} ({})", revoked.device.name, revoked.device.id);
            }
        }
    }
    Ok(())
}

fn device_line(device: &Device) -> String {
    let status = match device.revoked_at {
        Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M")),
        None => "active".to_owned(),
    };
    format!(
        "{}\t{}\t{}\t{}\t{}",
        device.id, device.farm, device.name, device.role, status
    )
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_defaults_match_the_documented_ones() {
        let cli = Cli::try_parse_from(["carnet-sync", "serve"]).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("not serve");
        };
        let config = args.config(cli.db).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:3030");
        assert_eq!(config.db, PathBuf::from("carnet-sync.sqlite3"));
        assert_eq!(
            config.limits.max_frame_bytes,
            carnet_protocol::MAX_FRAME_BYTES
        );
    }

    #[test]
    fn tls_takes_a_certificate_and_its_key_together() {
        let parse = |args: &[&str]| {
            let mut argv = vec!["carnet-sync", "serve"];
            argv.extend_from_slice(args);
            Cli::try_parse_from(argv)
        };
        let cli = parse(&["--tls-cert", "c.pem", "--tls-key", "k.pem"]).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("not serve");
        };
        let tls = args.config(cli.db).unwrap().tls.unwrap();
        assert_eq!(tls.cert, PathBuf::from("c.pem"));
        assert_eq!(tls.key, PathBuf::from("k.pem"));
        assert!(parse(&["--tls-cert", "c.pem"]).is_err());
        assert!(parse(&["--tls-key", "k.pem"]).is_err());
        let Command::Serve(args) = parse(&[]).unwrap().command else {
            panic!("not serve");
        };
        assert!(args.config("db".into()).unwrap().tls.is_none());
    }

    #[test]
    fn a_limit_below_its_floor_is_refused_naming_its_flag() {
        for (flag, value, message) in [
            (
                "--idle-timeout-secs",
                "0",
                "--idle-timeout-secs must be at least 1",
            ),
            (
                "--handshake-timeout-secs",
                "0",
                "--handshake-timeout-secs must be at least 1",
            ),
            (
                "--max-frame-bytes",
                "1023",
                "--max-frame-bytes must be at least 1024",
            ),
            (
                "--max-connections-per-device",
                "0",
                "--max-connections-per-device must be at least 1",
            ),
            (
                "--messages-per-second",
                "0",
                "--messages-per-second must be at least 1",
            ),
        ] {
            let cli = Cli::try_parse_from(["carnet-sync", "serve", flag, value]).unwrap();
            let Command::Serve(args) = cli.command else {
                panic!("not serve");
            };
            assert_eq!(args.config(cli.db).unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn a_bad_role_is_one_clear_line() {
        let err = Cli::try_parse_from([
            "carnet-sync",
            "device",
            "enroll",
            "--farm",
            "F",
            "--name",
            "t",
            "--role",
            "admin",
        ])
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("`admin` is not a role: use field, base or viewer"),
            "{err}"
        );
    }
}
