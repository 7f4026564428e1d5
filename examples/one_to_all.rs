//! One-to-all earliest-arrival queries on a real (or generated) feed: loads it, builds the
//! timetable of one date with the default walking footpaths, and times QUERIES queries from
//! served stops spread over the network, departing 08:00. Prints the median, p90 and mean wall
//! time per query and the CPU time per query of the querying thread (less sensitive to other
//! work on the machine). With PROFILES > 0 it then times that many 60-minute profiles (range
//! RAPTOR, 08:00–09:00 every minute) from the same origins and prints their CPU time. Origins are
//! taken in stop id order, so the same origins are asked however the feed numbers its stops.
//!
//! Usage: cargo run --release --example one_to_all -- FEED_PATH YYYY-MM-DD [QUERIES] [PROFILES]

#[path = "../benches/support/cpu.rs"]
mod cpu;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use narhet::date::Date;
use narhet::feed::{self, LoadOptions};
use narhet::router::{Raptor, RouterConfig};
use narhet::timetable::{FootpathOptions, StopIdx, Timetable};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(date)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: one_to_all FEED_PATH YYYY-MM-DD [QUERIES] [PROFILES]");
    };
    let queries: usize = args.next().map_or(Ok(1000), |q| q.parse())?;
    let profiles: usize = args.next().map_or(Ok(0), |q| q.parse())?;
    let date = Date::parse(&date).ok_or_else(|| anyhow::anyhow!("bad date '{date}'"))?;
    let t0 = Instant::now();
    let feed = feed::load(&[PathBuf::from(&path)], &LoadOptions::default())?;
    let tt = Timetable::build(&feed, date, &FootpathOptions::default());
    println!(
        "load + timetable {:.2} s: {} stops, {} trips, {} times, {} footpaths",
        t0.elapsed().as_secs_f64(),
        tt.n_stops(),
        tt.n_trips(),
        tt.n_times(),
        tt.n_footpaths()
    );
    let mut served: Vec<StopIdx> = tt.stop_indices().filter(|&s| tt.is_served(s)).collect();
    served.sort_by_key(|&s| tt.stop_order(s));
    anyhow::ensure!(!served.is_empty(), "no stop is served on {date}");
    let cfg = RouterConfig { max_rounds: 8, min_change_secs: 60 };
    let mut r = Raptor::new(&tt, cfg);
    // Warm up caches and the allocator.
    for i in 0..10.min(queries) {
        r.earliest_arrival(&[(served[(i * 7919) % served.len()], 8 * 3600)], true);
    }
    let mut wall = Vec::with_capacity(queries);
    let mut reached = 0usize;
    let c0 = cpu::cpu_secs("thread-self");
    for i in 0..queries {
        let o = served[(i * 7919 + 13) % served.len()];
        let t = Instant::now();
        r.earliest_arrival(&[(o, 8 * 3600)], true);
        wall.push(t.elapsed().as_secs_f64());
        reached += r.arrivals().iter().filter(|&&a| a != u32::MAX).count();
        black_box(r.arrivals()[0]);
    }
    let cpu = (cpu::cpu_secs("thread-self") - c0) / queries as f64;
    wall.sort_by(f64::total_cmp);
    let q = |p: f64| wall[((wall.len() - 1) as f64 * p).round() as usize] * 1e3;
    println!(
        "{queries} one-to-all queries from {} served stops: median {:.2} ms, p90 {:.2} ms, mean {:.2} ms wall; \
         {:.2} ms CPU per query; {:.0} stops reached on average",
        served.len(),
        q(0.5),
        q(0.9),
        wall.iter().sum::<f64>() / queries as f64 * 1e3,
        cpu * 1e3,
        reached as f64 / queries as f64
    );
    if profiles > 0 {
        let (c0, mut reached) = (cpu::cpu_secs("thread-self"), 0usize);
        for i in 0..profiles {
            let o = served[(i * 7919 + 13) % served.len()];
            r.range(&[(o, 0)], true, 8 * 3600, 9 * 3600, 60, |_, _, arr| {
                reached += arr.iter().filter(|&&a| a != u32::MAX).count();
            });
        }
        let cpu = (cpu::cpu_secs("thread-self") - c0) / profiles as f64;
        println!(
            "{profiles} 60-minute profiles (61 departures each): {:.1} ms CPU per profile; {:.0} stops reached per departure",
            cpu * 1e3,
            reached as f64 / (profiles * 61) as f64
        );
    }
    Ok(())
}
