//! `carnet enroll`, `carnet sync` and `carnet status`: this device and the
//! farm's sync server. The work is `carnet-client`'s; this module parses,
//! calls it once, and shows the answer.
//!
//! Deliberately not here: retries. `sync` makes one full attempt and says
//! clearly why it failed; the app's background loop is what retries.

use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context as _;
use carnet_client::{Remote, SyncOptions};
use carnet_core::values::Month;
use clap::Args;

use crate::app::{Context, default_device_label};
use crate::json::{DeviceJson, EnrolledJson, FarmRefJson, StatusJson, SyncJson};
use crate::output::Output;

#[derive(Debug, Args)]
pub struct EnrollArgs {
    /// The server's address, e.g. http://192.168.1.10:3030
    #[arg(long, value_name = "URL")]
    server: String,
    /// The token the supervisor got from `carnet-sync device enroll`
    #[arg(
        long,
        value_name = "TOKEN",
        env = "CARNET_TOKEN",
        hide_env_values = true
    )]
    token: String,
    /// A CA certificate (PEM) to trust for an https:// server with a
    /// self-signed certificate, besides the system's roots
    #[arg(long, value_name = "FILE")]
    ca: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Also sync this older month (reports, history); repeatable
    #[arg(long = "month", value_name = "YYYY-MM")]
    months: Vec<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Do not ask the server whether it answers
    #[arg(long)]
    offline: bool,
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Joins the server's farm. A device without a store gets one; a device
/// that already holds the same farm keeps its work and sends it at the next
/// sync; a device holding another farm is refused.
pub(crate) fn enroll(ctx: &Context, args: EnrollArgs) -> anyhow::Result<Output> {
    let mut remote = Remote::new(&args.server, &args.token)?;
    if let Some(path) = &args.ca {
        let pem = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the CA certificate {}", path.display()))?;
        remote = remote.with_ca(&pem)?;
    }
    let store = if ctx.store_path().exists() {
        ctx.open_any()?
    } else {
        ctx.create(&default_device_label())?
    };
    let who = runtime()?.block_on(carnet_client::enroll(&Mutex::new(store), &remote))?;
    let json = EnrolledJson::from((&who, remote.url.as_str()));
    Output::pick(ctx.json, &json, || {
        format!(
            "enrolled as {} ({}) on the farm {} at {}\nrun `carnet sync` to send and receive",
            who.device_name, who.role, who.farm_name, remote.url
        )
    })
}

pub(crate) fn sync(ctx: &Context, args: SyncArgs) -> anyhow::Result<Output> {
    let months = args
        .months
        .iter()
        .map(|m| m.parse::<Month>())
        .collect::<Result<Vec<_>, _>>()?;
    let store = Mutex::new(ctx.open()?);
    let options = SyncOptions {
        extra_months: months,
        ..SyncOptions::default()
    };
    let report = runtime()?.block_on(carnet_client::sync_once(&store, ctx.today(), options))?;
    Output::pick(ctx.json, &SyncJson::from(&report), || {
        format!(
            "synced {} documents ({} changed here, {} not on the server): sent {} in {} messages, received {} in {} messages\n{}",
            report.documents,
            report.documents_changed,
            report.unavailable,
            bytes(report.bytes_sent),
            report.messages_sent,
            bytes(report.bytes_received),
            report.messages_received,
            match report.pending_after {
                0 => "everything is on the server: safe to switch off".to_owned(),
                n => format!("{n} changes still waiting"),
            }
        )
    })
}

pub(crate) fn status(ctx: &Context, args: StatusArgs) -> anyhow::Result<Output> {
    let mut store = ctx.open()?;
    let mut status = carnet_client::status(&store)?;
    let farm = FarmRefJson {
        id: store.farm_id()?.to_string(),
        name: store.catalog()?.farm.as_ref().map(|f| f.name.to_string()),
    };
    let device = DeviceJson {
        name: store.device_label().to_owned(),
        actor_id: store.actor().to_hex_string(),
        role: status.role.clone(),
        copied_from_actor: store.copied_from()?,
    };
    if !args.offline
        && let Ok(remote) = Remote::of(&store)
    {
        status.server_reachable =
            Some(runtime()?.block_on(carnet_client::probe(&remote, Duration::from_secs(3))));
    }
    let json = StatusJson::from((&status, farm, device));
    Output::pick(ctx.json, &json, || {
        let mut lines = vec![
            format!(
                "farm:         {} ({})",
                json.farm.name.as_deref().unwrap_or("not synced yet"),
                json.farm.id
            ),
            format!(
                "device:       {} (actor {})",
                json.device.name, json.device.actor_id
            ),
        ];
        if let Some(original) = &json.device.copied_from_actor {
            lines.push(format!(
                "copied:       this store is a copy of actor {original}'s (another tablet or a backup): it writes under its own actor; it shares the original's device token, so revoke and re-enroll one of them"
            ));
        }
        match (&status.server, &status.role) {
            (Some(server), role) => lines.push(format!(
                "server:       {server} ({})",
                role.as_deref().unwrap_or("?")
            )),
            (None, _) => lines.push(
                "server:       none (run `carnet enroll --server URL --token TOKEN`)".to_owned(),
            ),
        }
        lines.push(format!(
            "last sync:    {}",
            status.last_sync_at.as_deref().unwrap_or("never")
        ));
        lines.push(format!("waiting:      {} changes", status.pending_changes));
        lines.push(format!(
            "reachable:    {}",
            match status.server_reachable {
                Some(true) => "yes",
                Some(false) => "no",
                None => "not checked",
            }
        ));
        if let Some(error) = &status.last_error {
            lines.push(format!("last error:   {error}"));
        }
        lines.push(format!(
            "switch off:   {}",
            if status.safe_to_switch_off {
                "safe"
            } else {
                "not yet: changes are waiting for the server"
            }
        ));
        lines.extend(health_lines(&status.health));
        lines.join("\n")
    })
}

/// The clock and the records a supervisor must look at, in `status`.
fn health_lines(health: &carnet_store::Health) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(skew) = health.clock_skew_seconds {
        let (ahead, behind) = (skew.max(0), (-skew).max(0));
        let how = if ahead > 0 {
            format!("{} ahead of the server", duration(ahead))
        } else if behind > 0 {
            format!("{} behind the server", duration(behind))
        } else {
            "on time with the server".to_owned()
        };
        if health.clock_wrong {
            lines.push(format!("clock:        WRONG, {how}: set the date and time"));
        } else {
            lines.push(format!("clock:        {how}"));
        }
    }
    if !health.unreadable.is_empty() {
        lines.push(format!(
            "unreadable:   {} records left out (kept in their documents, the rest syncs)",
            health.unreadable.len()
        ));
        for u in &health.unreadable {
            lines.push(format!("  {} {}: {}", u.document, u.key, u.problem));
        }
    }
    if !health.implausible.is_empty() {
        lines.push(format!(
            "wrong dates:  {} records stamped by a wrong clock, to correct",
            health.implausible.len()
        ));
        for r in &health.implausible {
            lines.push(format!(
                "  {} {} {}{}",
                r.record_type,
                r.id,
                r.day,
                if r.syncable {
                    ""
                } else {
                    " (stays on this device: no server takes that month)"
                }
            ));
        }
    }
    lines
}

/// `1 h 05 min`, `12 min`, `40 s`, `3 days`.
fn duration(seconds: i64) -> String {
    match seconds {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s / 60),
        s if s < 86_400 => format!("{} h {:02} min", s / 3600, s % 3600 / 60),
        s => format!("{} days", s / 86_400),
    }
}

fn bytes(n: usize) -> String {
    if n < 10_000 {
        format!("{n} B")
    } else {
        format!("{:.1} KB", n as f64 / 1000.0)
    }
}
