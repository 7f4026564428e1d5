//! `narhet build-feed`: line definitions (TOML) → a GTFS feed directory.

use std::path::PathBuf;

use std::io::Write;

use anyhow::Context;

use super::common::stdout;
use crate::lines::{BuildOptions, build_feed};
use crate::numfmt::int;

/// Build a GTFS feed from line definitions (TOML files, or directories of *.toml).
///
/// Writes agency, stops, routes, trips, stop_times, calendar, calendar_dates, feed_info and,
/// when used, frequencies, transfers and locations.geojson (närtrafik areas). Output is
/// deterministic: the same definitions give the same bytes.
///
/// Example: narhet build-feed regions/kronoberg/lines --out out/gtfs-kronoberg
#[derive(Debug, Clone, clap::Args)]
pub struct BuildFeedArgs {
    /// Line definition files or directories holding *.toml files.
    #[arg(required = true)]
    pub lines: Vec<PathBuf>,
    /// Output folder for the GTFS text files (replaced only if an earlier `narhet build-feed`
    /// made it).
    #[arg(long)]
    pub out: PathBuf,
    /// Do not write locations.geojson for demand-responsive areas.
    #[arg(long)]
    pub no_geojson: bool,
}

pub fn run(args: &BuildFeedArgs) -> anyhow::Result<()> {
    let opts = BuildOptions { skip_geojson: args.no_geojson };
    let r = build_feed(&args.lines, &args.out, &opts).context("build-feed failed")?;
    let mut w = stdout();
    let n = |x: usize| int(x as u64);
    writeln!(w, "Wrote {}", args.out.display())?;
    writeln!(w, "  stops        {} (+ {} stations)", n(r.stops), n(r.stations))?;
    writeln!(w, "  routes       {}", n(r.routes))?;
    writeln!(w, "  trips        {} ({} frequency rows)", n(r.trips), n(r.frequencies))?;
    writeln!(w, "  stop_times   {}", n(r.stop_times))?;
    writeln!(w, "  services     {}", n(r.services))?;
    writeln!(w, "  transfers    {}", n(r.transfers))?;
    if r.areas > 0 {
        writeln!(w, "  areas        {} (locations.geojson)", n(r.areas))?;
    }
    if !r.unused_stops.is_empty() {
        writeln!(
            w,
            "Note: {} defined stops are served by no line and were left out: {}",
            r.unused_stops.len(),
            r.unused_stops.join(", ")
        )?;
    }
    w.flush()?;
    Ok(())
}
