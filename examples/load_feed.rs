//! Loads a feed and builds the timetable of one date, printing counts and the time of each
//! stage: the measuring tool for loader and timetable performance.
//!
//! Usage: cargo run --release --example load_feed -- FEED_PATH YYYY-MM-DD

use std::path::PathBuf;
use std::time::Instant;

use narhet::date::Date;
use narhet::feed::{self, LoadOptions};
use narhet::timetable::{FootpathOptions, Timetable};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(date)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: load_feed FEED_PATH YYYY-MM-DD");
    };
    let date = Date::parse(&date).ok_or_else(|| anyhow::anyhow!("bad date '{date}'"))?;

    let t0 = Instant::now();
    let feed = feed::load(&[PathBuf::from(&path)], &LoadOptions::default())?;
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

    let t1 = Instant::now();
    let tt = Timetable::build(&feed, date, &FootpathOptions::default());
    let t_tt = t1.elapsed();
    println!(
        "timetable  {:>8.3} s  patterns {} trips {} (yesterday {}, frequency runs {}) times {} footpaths {}",
        t_tt.as_secs_f64(),
        tt.n_patterns(),
        tt.n_trips(),
        tt.stats.trips_yesterday,
        tt.stats.frequency_runs,
        tt.arr.len(),
        tt.footpaths.len()
    );
    println!("           {}", memory());
    println!("total      {:>8.3} s", t0.elapsed().as_secs_f64());
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
