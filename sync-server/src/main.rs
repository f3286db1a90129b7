//! `carnet-sync`: parses the command line, sets up logging, runs the command.

use clap::Parser;

fn main() -> anyhow::Result<()> {
    let cli = carnet_sync::cli::Cli::parse();
    carnet_tracing::log_to_stderr("CARNET_SYNC_LOG", "info");
    carnet_sync::cli::execute(cli)
}
