//! Loads a feed and builds the timetable of one date, printing counts and the time of each
//! stage: the measuring tool for loader and timetable performance. Then builds the timetable
//! as `narhet stops` does (no walking footpaths) and times the stop table alone, in wall and
//! process CPU time (with other work on the machine, wall time overstates our cost).
//!
//! Usage: cargo run --release --example load_feed -- FEED_PATH YYYY-MM-DD [--load-only] [--cached]
//!
//! `--load-only` stops after loading (for profiling the loader alone); `--cached` loads through
//! the network cache (its default location), as the commands do.

#[path = "../benches/support/cpu.rs"]
mod cpu;

use std::path::PathBuf;
use std::time::Instant;

use narhet::date::Date;
use narhet::feed::{self, LoadOptions};
use narhet::metrics::stops::{StopOptions, stop_table};
use narhet::timetable::{FootpathOptions, Timetable};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(date)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: load_feed FEED_PATH YYYY-MM-DD");
    };
    let date = Date::parse(&date).ok_or_else(|| anyhow::anyhow!("bad date '{date}'"))?;
    let rest: Vec<String> = args.collect();
    let load_only = rest.iter().any(|a| a == "--load-only");
    let cached = rest.iter().any(|a| a == "--cached");

    let t0 = Instant::now();
    let paths = [PathBuf::from(&path)];
    let feed = match feed::Cache::default_location().filter(|_| cached) {
        Some(cache) => {
            let (feed, used) = feed::load_cached(&paths, &LoadOptions::default(), &cache)?;
            println!("{used}");
            feed
        }
        None => feed::load(&paths, &LoadOptions::default())?,
    };
    let t_load = t0.elapsed();
    println!(
        "load       {:>8.3} s  stops {} routes {} trips {} stop_times {} frequencies {} transfers {} warnings {}",
        t_load.as_secs_f64(),
        feed.stops.len(),
        feed.routes.len(),
        feed.trips.len(),
        feed.calls.len(),
        feed.frequencies.len(),
        feed.transfers.len(),
        feed.warnings.total()
    );
    println!("           {}", memory());
    for (kind, n, example) in feed.warnings.iter() {
        println!("  warning {kind}: {n} (e.g. {example})");
    }
    if load_only {
        return Ok(());
    }

    let t1 = Instant::now();
    let tt = Timetable::build(&feed, date, &FootpathOptions::default());
    let t_tt = t1.elapsed();
    println!(
        "timetable  {:>8.3} s  patterns {} trips {} (yesterday {}, frequency runs {}) times {} footpaths {}",
        t_tt.as_secs_f64(),
        tt.n_patterns(),
        tt.n_trips(),
        tt.stats().trips_yesterday,
        tt.stats().frequency_runs,
        tt.n_times(),
        tt.n_footpaths()
    );
    println!("           {}", memory());
    println!("total      {:>8.3} s", t0.elapsed().as_secs_f64());

    drop(tt);
    let tt = Timetable::build(&feed, date, &FootpathOptions { radius_m: 0.0, ..Default::default() });
    let mut runs = Vec::new();
    for _ in 0..5 {
        let (t, c) = (Instant::now(), cpu::cpu_secs("self"));
        let table = stop_table(&tt, &StopOptions::default(), None)?;
        runs.push((t.elapsed().as_secs_f64(), cpu::cpu_secs("self") - c, table.rows.len()));
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (wall, cpu, rows) = runs[runs.len() / 2];
    println!(
        "stop table {:>8.3} s  median of {} runs ({rows} rows); {:.3} s process CPU; {} rayon threads",
        wall,
        runs.len(),
        cpu,
        rayon::current_num_threads()
    );
    Ok(())
}

/// Peak and current resident memory so far, from /proc (Linux); empty elsewhere.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
            .map_or_else(|| "?".to_string(), |kb| format!("{} MB", kb / 1024))
    };
    format!("peak RSS {}  now {}", field("VmHWM:"), field("VmRSS:"))
}
