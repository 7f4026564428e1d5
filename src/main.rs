//! The `narhet` binary: parse arguments, run the command, report errors.

use std::io::Write;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = narhet::cli::Cli::parse();
    match narhet::cli::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // A reader that stopped early (`narhet stops | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.to_string().contains("Broken pipe")
    })
}
