//! The `carnet` binary: parses the arguments, sends logs to stderr (filtered
//! by RUST_LOG), runs one command, and turns a failure into one line on
//! stderr and a non-zero exit.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

fn main() -> ExitCode {
    carnet_tracing::log_to_stderr("RUST_LOG", "warn");
    let cli = match carnet_cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    let mut stdout = std::io::stdout().lock();
    match carnet_cli::run(cli, &mut stdout) {
        Ok(()) => {
            // A closed pipe (`carnet task list | head`) is not worth an error.
            let _ = stdout.flush();
            ExitCode::SUCCESS
        }
        Err(err) => {
            tracing::debug!(error = ?err, "command failed");
            eprintln!("error: {}", carnet_cli::error_line(&err));
            ExitCode::FAILURE
        }
    }
}

/// Help and version go out as clap writes them; a wrong command line is told
/// on one line, like every other error, with a pointer to `--help`.
fn usage_error(err: clap::Error) -> ExitCode {
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => err.exit(),
        _ => {
            let text = err.to_string();
            let message: Vec<&str> = text
                .lines()
                .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more"))
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect();
            let message = message.join(" ");
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            eprintln!("error: {message} (see `carnet --help`)");
            ExitCode::from(2)
        }
    }
}
