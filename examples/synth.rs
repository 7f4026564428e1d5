//! Writes a large synthetic GTFS feed for the benchmarks (not for planning): towns of varied size
//! over a Sweden-like outline, trunk rail, regional and town buses (headways shrinking with town
//! size), weekday/Saturday/Sunday calendars with holiday exceptions, some frequencies.txt trips,
//! transfers at rail stations and late trips past midnight. The same size and seed always give
//! the same bytes. Service runs all of 2026. The generator is `benches/support/synth.rs`.
//!
//! Usage: cargo run --release --example synth -- --stops 10000 --stop-times 1000000 --out target/bench-feeds/1m

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;

use narhet::numfmt::int;
use synth::{SynthOptions, generate};

#[path = "../benches/support/synth.rs"]
mod synth;

/// Generate a synthetic national-scale GTFS feed (for benchmarks, not for planning).
#[derive(Parser, Debug)]
#[command(name = "synth")]
struct Args {
    /// Rows of stops.txt (stops, platforms and stations), hit exactly.
    #[arg(long)]
    stops: usize,
    /// Rows of stop_times.txt, hit within a few rows (at least about 3 per stop).
    #[arg(long = "stop-times")]
    stop_times: usize,
    /// Seed of the generator; another seed gives another network of the same size.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory to write the GTFS text files into (created if missing).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let t0 = Instant::now();
    let opts = SynthOptions { stops: args.stops, stop_times: args.stop_times, seed: args.seed };
    let s = generate(&opts, &args.out).with_context(|| format!("generating a feed into {}", args.out.display()))?;
    println!("wrote {} in {:.1} s", args.out.display(), t0.elapsed().as_secs_f64());
    let rows = [
        ("towns", s.towns),
        ("rail stations", s.rail_stations),
        ("stops", s.stops),
        ("routes", s.routes),
        ("  rail", s.lines[0]),
        ("  regional bus", s.lines[1]),
        ("  town bus", s.lines[2]),
        ("trips", s.trips),
        ("  past midnight", s.trips_past_midnight),
        ("stop_times", s.stop_times),
        ("frequencies", s.frequencies),
        ("transfers", s.transfers),
    ];
    for (name, n) in rows {
        println!("  {name:<16} {:>12}", int(n as u64));
    }
    Ok(())
}
