//! The `carnet` command line: a supervisor's (and a script's) way into a
//! farm's store on this device.
//!
//! One module per group of commands. A command parses its text into the
//! core's validated values, makes one call into the store, and renders the
//! answer as an aligned table or as JSON (`json` holds the wire shapes).
//!
//! Deliberately not here: the rules of the domain (carnet-core) and storage
//! (carnet-store). A command that needs more than parsing and rendering is
//! asking for a function of the core.

mod app;
mod bed;
mod conflict;
mod crop;
mod csv_io;
mod error;
mod farm;
mod harvest;
pub mod json;
mod observe;
mod outlet;
mod output;
mod person;
mod report;
mod sync;
mod task;

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use error::error_line;

/// A market garden's field log: beds, crops, tasks, harvests, observations.
#[derive(Debug, Parser)]
#[command(name = "carnet", version)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The folder of the store (carnet.sqlite3) [default: the app's, e.g. ~/.local/share/org.carnet.app]
    #[arg(long, global = true, env = "CARNET_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The person changing the catalog [default: the device's administrator]
    #[arg(long = "as", global = true, env = "CARNET_PERSON", value_name = "NAME")]
    pub acting: Option<String>,
    /// Answer in JSON
    #[arg(long, global = true)]
    pub json: bool,
    /// The language of reports, exports and tables: fr or en [default: from LANG, else fr].
    /// Not `--lang`: `person add/edit --lang` is the person's language.
    #[arg(long, global = true, env = "CARNET_LANG", value_name = "LANG")]
    pub reader_lang: Option<String>,
    /// Fixes the clock (RFC 3339), for tests
    #[arg(long, global = true, hide = true, env = "CARNET_NOW")]
    pub now: Option<String>,
    /// Seeds the id generator, for tests
    #[arg(long, global = true, hide = true, env = "CARNET_SEED")]
    pub seed: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Creates the farm in a new store
    Init(farm::InitArgs),
    /// Permanent beds: add, list, retire, history
    #[command(subcommand)]
    Bed(bed::BedCommand),
    /// Crops and their conversions to kg
    #[command(subcommand)]
    Crop(crop::CropCommand),
    /// The people of the team
    #[command(subcommand)]
    Person(person::PersonCommand),
    /// Where harvests go: canteens, baskets, partners
    #[command(subcommand)]
    Outlet(outlet::OutletCommand),
    /// Tasks: plan, list for a day, tick off, abandon
    #[command(subcommand)]
    Task(task::TaskCommand),
    /// Harvests and their weighings
    #[command(subcommand)]
    Harvest(harvest::HarvestCommand),
    /// Records an observation on one or more beds
    Observe(observe::ObserveArgs),
    /// Observations recorded so far
    #[command(subcommand)]
    Observation(observe::ObservationCommand),
    /// Reports for the supervisor
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Fields changed on two devices at once; `resolve` keeps one value
    Conflicts(conflict::ConflictsArgs),
    /// Writes the farm's records to files
    #[command(subcommand)]
    Export(csv_io::ExportCommand),
    /// Reads beds or crops from the supervisor's spreadsheet
    #[command(subcommand)]
    Import(csv_io::ImportCommand),
    /// Joins this device to a sync server with the token its supervisor gave
    Enroll(sync::EnrollArgs),
    /// Sends and receives everything once, now
    Sync(sync::SyncArgs),
    /// Sync state: last sync, changes waiting, server reachable, last error
    Status(sync::StatusArgs),
}

/// Runs one command and writes its answer to `out`. Nothing is written to
/// `out` when the command fails.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    let ctx = app::Context::new(cli.global)?;
    // Not the whole command in the log: `person add --pin` holds a secret.
    tracing::debug!(data = %ctx.store_path().display(), "running a command");
    let output = match cli.command {
        Command::Init(args) => farm::init(&ctx, args),
        Command::Bed(cmd) => bed::run(&ctx, cmd),
        Command::Crop(cmd) => crop::run(&ctx, cmd),
        Command::Person(cmd) => person::run(&ctx, cmd),
        Command::Outlet(cmd) => outlet::run(&ctx, cmd),
        Command::Task(cmd) => task::run(&ctx, cmd),
        Command::Harvest(cmd) => harvest::run(&ctx, cmd),
        Command::Observe(args) => observe::observe(&ctx, args),
        Command::Observation(cmd) => observe::run(&ctx, cmd),
        Command::Report(cmd) => report::run(&ctx, cmd),
        Command::Conflicts(args) => conflict::run(&ctx, args),
        Command::Export(cmd) => csv_io::export(&ctx, cmd),
        Command::Import(cmd) => csv_io::import(&ctx, cmd),
        Command::Enroll(args) => sync::enroll(&ctx, args),
        Command::Sync(args) => sync::sync(&ctx, args),
        Command::Status(args) => sync::status(&ctx, args),
    }?;
    match output.write_to(out).and_then(|()| out.flush()) {
        // The reader went away (`carnet task list | head -1`): the command
        // has done its work, so end quietly with success like other Unix
        // tools. SIGPIPE stays ignored (Rust's default) rather than reset to
        // kill the process: the sync command's sockets then get an error to
        // handle, never a signal that would end a sync halfway.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Into::into),
    }
}
