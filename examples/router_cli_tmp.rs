// Temporary: exercises src/cli/{route,od}.rs until the lead wires them into main. Delete before merge.
#[path = "../src/cli/od.rs"]
mod od;
#[path = "../src/cli/route.rs"]
mod route;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}
#[derive(Subcommand)]
enum Cmd {
    Route(route::RouteArgs),
    Od(od::OdArgs),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().cmd {
        Cmd::Route(a) => route::run(&a),
        Cmd::Od(a) => od::run(&a),
    }
}
