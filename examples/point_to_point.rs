//! Point-to-point (stop-to-stop) earliest-arrival queries, as `narhet route` and `od` run them:
//! loads a feed, builds the timetable of one date, and times QUERIES target-pruned queries
//! between pairs of served stops (fixed pseudo-random pairs, departing 08:00, one footpath
//! allowed at either end), alternating with the same queries unpruned (one-to-all, then read at
//! the target) so that both are timed in the same minutes. Prints per-query wall (median, mean)
//! and CPU time of the querying thread, and checks that the pruned answers (earliest arrival and
//! fewest rides) equal the unpruned ones.
//!
//! With OUT_CSV, writes each query (origin and destination stop ids and coordinates, departure,
//! narhet's arrival and rides) for the peer script `benches/peers/p2p_peers.py`.
//!
//! Usage: cargo run --release --example point_to_point -- FEED_PATH YYYY-MM-DD [QUERIES [OUT_CSV]]

#[path = "../benches/support/cpu.rs"]
mod cpu;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use narhet::date::Date;
use narhet::feed::{self, LoadOptions};
use narhet::router::{Raptor, RouterConfig};
use narhet::timetable::{FootpathOptions, StopIdx, Timetable};

const DEPART: u32 = 8 * 3600;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(date)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: point_to_point FEED_PATH YYYY-MM-DD [QUERIES [OUT_CSV]]");
    };
    let queries: usize = args.next().map_or(Ok(200), |q| q.parse())?;
    let out = args.next();
    let date = Date::parse(&date).ok_or_else(|| anyhow::anyhow!("bad date '{date}'"))?;
    let feed = feed::load(&[PathBuf::from(&path)], &LoadOptions::default())?;
    let tt = Timetable::build(&feed, date, &FootpathOptions::default());
    let served: Vec<StopIdx> = tt.stop_indices().filter(|&s| tt.is_served(s)).collect();
    anyhow::ensure!(served.len() > 1, "fewer than two stops are served on {date}");
    let pairs: Vec<(StopIdx, StopIdx)> = (0..queries)
        .map(|i| (served[(i * 7919 + 13) % served.len()], served[(i * 104_729 + 7) % served.len()]))
        .collect();
    let cfg = RouterConfig { max_rounds: 8, min_change_secs: 60 };
    let mut r = Raptor::new(&tt, cfg);
    let answer = |r: &mut Raptor, o: StopIdx, d: StopIdx, pruned: bool| {
        if pruned {
            r.earliest_arrival_to(&[(o, DEPART)], true, &[d]);
        } else {
            r.earliest_arrival(&[(o, DEPART)], true);
        }
        r.best_at(&[d])
    };
    // Warm up (and build the pruning graph once, as a long-running worker would).
    for &(o, d) in pairs.iter().take(10) {
        answer(&mut r, o, d, true);
        answer(&mut r, o, d, false);
    }
    let (mut wall, mut cpu) = ([Vec::new(), Vec::new()], [0.0, 0.0]);
    // Pruned wall time summed over the queries that reach their target and those that do not.
    let mut split = [0.0f64; 2];
    let mut answers = [Vec::new(), Vec::new()];
    for round in 0..10 {
        for pruned in [true, false] {
            let c0 = cpu::cpu_secs("thread-self");
            for &(o, d) in &pairs {
                let t = Instant::now();
                let a = answer(&mut r, o, d, pruned);
                wall[pruned as usize].push(t.elapsed().as_secs_f64());
                if pruned {
                    split[a.is_some() as usize] += t.elapsed().as_secs_f64();
                }
                if round == 0 {
                    answers[pruned as usize].push(a);
                }
            }
            cpu[pruned as usize] += cpu::cpu_secs("thread-self") - c0;
        }
    }
    anyhow::ensure!(answers[0] == answers[1], "pruned and unpruned answers differ");
    let reached = answers[1].iter().filter(|a| a.is_some()).count();
    for (name, i) in [("pruned (point-to-point)", 1), ("unpruned (one-to-all)", 0)] {
        let w = &mut wall[i];
        w.sort_by(f64::total_cmp);
        println!(
            "{name}: {} queries, median {:.4} ms, mean {:.4} ms wall; {:.4} ms CPU per query",
            w.len(),
            w[w.len() / 2] * 1e3,
            w.iter().sum::<f64>() / w.len() as f64 * 1e3,
            cpu[i] / w.len() as f64 * 1e3
        );
    }
    println!(
        "{queries} pairs, {reached} reached; pruned answers equal the unpruned ones; pruned mean wall {:.4} ms \
         reaching the target, {:.4} ms not",
        split[1] / (10 * reached.max(1)) as f64 * 1e3,
        split[0] / (10 * (queries - reached).max(1)) as f64 * 1e3
    );
    if let Some(out) = out {
        let mut csv = String::from("from_id,from_lat,from_lon,to_id,to_lat,to_lon,depart,arrival,rides\n");
        for (&(o, d), a) in pairs.iter().zip(&answers[1]) {
            let (so, sd) = (&feed.stops[o.ix()], &feed.stops[d.ix()]);
            let (arr, rides) = a.map_or((String::new(), String::new()), |(t, k)| (t.to_string(), k.to_string()));
            let _ =
                writeln!(csv, "{},{},{},{},{},{},{DEPART},{arr},{rides}", so.id, so.lat, so.lon, sd.id, sd.lat, sd.lon);
        }
        std::fs::write(&out, csv)?;
    }
    Ok(())
}
