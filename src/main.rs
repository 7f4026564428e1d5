//! The `narhet` binary: parse arguments, run the command, report errors.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = narhet::cli::Cli::parse();
    match narhet::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
