//! `narhet build-feed`: line definitions (TOML) → a GTFS feed directory.

use std::path::PathBuf;

use anyhow::Context;

use crate::lines::{BuildOptions, build_feed};
use crate::numfmt::int;

/// Build a GTFS feed from line definitions (TOML files, or directories of *.toml).
///
/// Writes agency, stops, routes, trips, stop_times, calendar, calendar_dates, feed_info and,
/// when used, frequencies, transfers and locations.geojson (närtrafik areas). Output is
/// deterministic: the same definitions give the same bytes.
///
/// Example: narhet build-feed regions/kronoberg/lines --out gtfs/kronoberg
#[derive(Debug, Clone, clap::Args)]
pub struct BuildFeedArgs {
    /// Line definition files or directories holding *.toml files.
    #[arg(required = true)]
    pub lines: Vec<PathBuf>,
    /// Output directory for the GTFS text files (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Do not write locations.geojson for demand-responsive areas.
    #[arg(long)]
    pub no_geojson: bool,
}

pub fn run(args: &BuildFeedArgs) -> anyhow::Result<()> {
    let opts = BuildOptions { skip_geojson: args.no_geojson };
    let r = build_feed(&args.lines, &args.out, &opts).context("build-feed failed")?;
    let n = |x: usize| int(x as u64);
    println!("Wrote {}", args.out.display());
    println!("  stops        {} (+ {} stations)", n(r.stops), n(r.stations));
    println!("  routes       {}", n(r.routes));
    println!("  trips        {} ({} frequency rows)", n(r.trips), n(r.frequencies));
    println!("  stop_times   {}", n(r.stop_times));
    println!("  services     {}", n(r.services));
    println!("  transfers    {}", n(r.transfers));
    if r.areas > 0 {
        println!("  areas        {} (locations.geojson)", n(r.areas));
    }
    if !r.unused_stops.is_empty() {
        println!(
            "Note: {} defined stops are served by no line and were left out: {}",
            r.unused_stops.len(),
            r.unused_stops.join(", ")
        );
    }
    Ok(())
}
