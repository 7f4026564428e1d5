// Temporary shim: compiles src/cli/{route,od}.rs as if they were in `narhet::cli` until the lead
// wires them into src/cli/mod.rs. Delete before merge.
pub use narhet::{date, feed, router, timetable};

pub mod cli {
    pub use narhet::cli::common;
    #[path = "/work/wt/router/src/cli/od.rs"]
    pub mod od;
    #[path = "/work/wt/router/src/cli/route.rs"]
    pub mod route;
}

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}
#[derive(Subcommand)]
enum Cmd {
    Route(cli::route::RouteArgs),
    Od(cli::od::OdArgs),
}

fn main() -> std::process::ExitCode {
    let r = match Cli::parse().cmd {
        Cmd::Route(a) => cli::route::run(&a),
        Cmd::Od(a) => cli::od::run(&a),
    };
    match r {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
