//! The command line: argument types for each subcommand (clap) and a short `run` for each that
//! loads, calls the library (`analysis`, `report`, …) and prints or writes the result. Progress
//! bars live here. Nothing but `main.rs` imports this module, and it computes nothing itself:
//! what a command computes lives in `analysis` with its own tests.

pub mod build_feed;
pub mod common;
pub mod compare;
pub mod coverage;
pub mod network;
pub mod od;
pub mod progress;
pub mod ptal;
pub mod reach;
pub mod report;
pub mod route;
pub mod scenario;
pub mod stops;
pub mod summary;
pub mod validate;

use clap::{Parser, Subcommand};

/// narhet — public transport accessibility for Kronobergs län: service at stops, travel times to
/// care, coverage in sparse areas, and the TFP report for Trafiknämnden, from GTFS feeds.
///
/// Every command works offline. Distances are metres on SWEREF 99 TM (EPSG:3006).
#[derive(Parser, Debug)]
#[command(name = "narhet", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Treat every warning as an error: stop (exit 2) before writing anything when an input has
    /// an oddity narhet would otherwise count and skip (skipped rows, stops outside the region,
    /// cells with unknown kommunkod, a date with few trips, …).
    #[arg(long, global = true)]
    pub strict: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Report(report::ReportArgs),
    Summary(summary::SummaryArgs),
    Stops(stops::StopsArgs),
    Ptal(ptal::PtalArgs),
    Reach(reach::ReachArgs),
    Coverage(coverage::CoverageArgs),
    Route(route::RouteArgs),
    Od(od::OdArgs),
    Compare(compare::CompareArgs),
    Scenario(scenario::ScenarioArgs),
    BuildFeed(build_feed::BuildFeedArgs),
    Validate(validate::ValidateArgs),
    Network(network::NetworkArgs),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    common::set_strict(cli.strict);
    match cli.command {
        Command::Summary(a) => summary::run(&a),
        Command::BuildFeed(a) => build_feed::run(&a),
        Command::Stops(a) => stops::run(&a),
        Command::Ptal(a) => ptal::run(&a),
        Command::Route(a) => route::run(&a),
        Command::Od(a) => od::run(&a),
        Command::Reach(a) => reach::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Coverage(a) => coverage::run(&a),
        Command::Compare(a) => compare::run(&a),
        Command::Scenario(a) => scenario::run(&a),
        Command::Validate(a) => validate::run(&a),
        Command::Network(a) => network::run(&a),
    }
}
