//! `narhet synth`: writes a large synthetic GTFS feed for benchmarks.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;

use crate::synth::{SynthOptions, generate};

/// Generate a synthetic national-scale GTFS feed (for benchmarks, not for planning).
///
/// Towns of varied size over a Sweden-like outline, trunk rail, regional and town buses
/// (headways shrinking with town size), weekday/Saturday/Sunday calendars with holiday
/// exceptions, some frequencies.txt trips, transfers at rail stations and late trips past
/// midnight. The same size and seed always give the same bytes. Service runs all of 2026.
///
/// Example: narhet synth --stops 10000 --stop-times 1000000 --out target/bench-feeds/1m
#[derive(clap::Args, Debug, Clone)]
pub struct SynthArgs {
    /// Rows of stops.txt (stops, platforms and stations), hit exactly.
    #[arg(long)]
    pub stops: usize,
    /// Rows of stop_times.txt, hit within a few rows (at least about 3 per stop).
    #[arg(long = "stop-times")]
    pub stop_times: usize,
    /// Seed of the generator; another seed gives another network of the same size.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Directory to write the GTFS text files into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: &SynthArgs) -> anyhow::Result<()> {
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
        println!("  {name:<16} {:>12}", group(n));
    }
    Ok(())
}

/// 1234567 → "1 234 567".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
