//! Router speed test on a synthetic network of 10,000 stops and about 1,000,000 stop_times,
//! built directly in memory (no GTFS parsing): a 100 × 100 grid of stops 300 m apart, 800 bus
//! lines (400 routes × 2 directions) of 25 stops, each running from 05:00 to 23:00 every 10–60
//! minutes, with footpaths to the 8 neighbouring stops (300 / 425 s).
//!
//! Measures: one earliest-arrival query (one origin, all stops); a range RAPTOR profile over a
//! 120-minute window from one origin; and one-to-all 120-minute profiles for many origins in
//! parallel (rayon, one worker per thread): 1,000 origins timed once (printed), 100 sampled.

#[path = "support/cpu.rs"]
mod cpu;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use narhet::date::Date;
use narhet::router::{Raptor, RouterConfig};
use narhet::spatial::Xy;
use narhet::timetable::{
    Call, Csr, Footpath, Mode, RouteIdx, ServiceDay, StopIdx, StopInfo, Timetable, TimetableBuilder, TripInfo,
};
use rayon::prelude::*;

const SIDE: usize = 100;
const LINE_STOPS: usize = 25;
const ROUTES: usize = 400;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The synthetic timetable (deterministic).
fn network() -> Timetable {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let n = SIDE * SIDE;
    let stops: Vec<StopInfo> =
        (0..n).map(|i| StopInfo::at(Xy { x: (i % SIDE) as f64 * 300.0, y: (i / SIDE) as f64 * 300.0 })).collect();
    let mut b = TimetableBuilder::new(Date::default(), stops, vec![Mode::Bus; ROUTES]);
    let headways = [600u32, 900, 1200, 1800, 3600];
    for route in 0..ROUTES {
        // A line wanders over the grid mostly straight, never revisiting a stop.
        let (mut x, mut y) = (rng.below(SIDE as u64) as i64, rng.below(SIDE as u64) as i64);
        let dirs = [(1i64, 0i64), (0, 1), (-1, 0), (0, -1)];
        let mut d = rng.below(4) as usize;
        let mut stops: Vec<u32> = vec![(y as usize * SIDE + x as usize) as u32];
        let mut tries = 0;
        while stops.len() < LINE_STOPS && tries < 1000 {
            tries += 1;
            if rng.below(4) == 0 {
                d = (d + if rng.below(2) == 0 { 1 } else { 3 }) % 4;
            }
            let (nx, ny) = (x + dirs[d].0, y + dirs[d].1);
            if nx < 0 || ny < 0 || nx >= SIDE as i64 || ny >= SIDE as i64 {
                d = (d + 1) % 4;
                continue;
            }
            let s = (ny as usize * SIDE + nx as usize) as u32;
            if stops.contains(&s) {
                d = (d + 1) % 4;
                continue;
            }
            stops.push(s);
            x = nx;
            y = ny;
        }
        let hops: Vec<u32> = (1..stops.len()).map(|_| 60 + rng.below(61) as u32).collect();
        let headway = headways[rng.below(headways.len() as u64) as usize];
        let offset = rng.below(headway as u64) as u32;
        for dir in 0..2 {
            let (seq, hop): (Vec<u32>, Vec<u32>) = if dir == 0 {
                (stops.clone(), hops.clone())
            } else {
                (stops.iter().rev().copied().collect(), hops.iter().rev().copied().collect())
            };
            let len = seq.len();
            let calls = seq.iter().enumerate().map(|(i, &s)| Call::new(StopIdx(s), i + 1 < len, i > 0));
            let p = b.add_pattern(RouteIdx(route as u32), calls);
            let mut start = 5 * 3600 + offset;
            while start < 23 * 3600 {
                let mut times = Vec::with_capacity(len);
                let mut t = start;
                for i in 0..len {
                    if i > 0 {
                        t += hop[i - 1];
                    }
                    let dwell = if i > 0 && i + 1 < len { 20 } else { 0 };
                    times.push((t, t + dwell));
                    t += dwell;
                }
                b.add_trip(p, TripInfo { source: 0, day: ServiceDay::Today, direction: None }, times);
                start += headway;
            }
        }
    }
    let mut footpaths = Csr::new();
    for s in 0..n {
        let (x, y) = ((s % SIDE) as i64, (s / SIDE) as i64);
        for dy in -1i64..=1 {
            for dx in -1i64..=1 {
                let (nx, ny) = (x + dx, y + dy);
                if (dx, dy) == (0, 0) || nx < 0 || ny < 0 || nx >= SIDE as i64 || ny >= SIDE as i64 {
                    continue;
                }
                let secs = if dx != 0 && dy != 0 { 425 } else { 300 };
                footpaths.push_item(Footpath::walk(StopIdx((ny as usize * SIDE + nx as usize) as u32), secs));
            }
        }
        footpaths.close_list();
    }
    b.footpaths(footpaths);
    b.finish()
}

fn served_stops(tt: &Timetable) -> Vec<StopIdx> {
    tt.stop_indices().filter(|&s| tt.is_served(s)).collect()
}

fn bench(c: &mut Criterion) {
    let tt = network();
    let served = served_stops(&tt);
    eprintln!(
        "synthetic network: {} stops ({} served), {} patterns, {} trips, {} stop_times, {} footpaths",
        tt.n_stops(),
        served.len(),
        tt.n_patterns(),
        tt.n_trips(),
        tt.n_times(),
        tt.n_footpaths()
    );
    let cfg = RouterConfig { max_rounds: 8, min_change_secs: 60 };
    let origin = served[served.len() / 2];
    let mut r = Raptor::new(&tt, cfg);
    r.earliest_arrival(&[(origin, 8 * 3600)], true);
    let reached = r.arrivals().iter().filter(|&&a| a != u32::MAX).count();
    eprintln!("one-to-all from stop {}: {reached} stops reached", origin.0);

    let mut g = c.benchmark_group("router");
    g.sample_size(30);
    g.bench_function("earliest_arrival_one_to_all", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 7919) % served.len();
            r.earliest_arrival(&[(served[i], 8 * 3600)], true);
            black_box(r.arrivals()[0])
        })
    });
    g.bench_function("range_120_min_one_origin", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 7919) % served.len();
            let mut sum = 0u64;
            r.range(&[(served[i], 0)], true, 7 * 3600, 9 * 3600, 60, |_, _, arr| {
                sum += arr[0] as u64;
            });
            black_box(sum)
        })
    });
    // 1,000 origins take seconds: time one run directly (criterion wants ≥ 10 samples), and
    // let criterion sample 100 origins.
    let profiles = |count: usize| -> u64 {
        (0..count)
            .into_par_iter()
            .map_init(
                || Raptor::new(&tt, cfg),
                |w, k| {
                    let o = served[(k * 7919) % served.len()];
                    let mut sum = 0u64;
                    w.range(&[(o, 0)], true, 7 * 3600, 9 * 3600, 60, |_, ride, arr| {
                        black_box((ride, arr));
                        sum += arr[0] as u64;
                    });
                    sum
                },
            )
            .sum()
    };
    let (t0, c0) = (std::time::Instant::now(), cpu::cpu_secs("self"));
    black_box(profiles(1000));
    eprintln!(
        "1,000 origins × 120-minute profiles on {} threads: {:.2} s wall, {:.2} s CPU",
        rayon::current_num_threads(),
        t0.elapsed().as_secs_f64(),
        cpu::cpu_secs("self") - c0
    );
    // Load-independent single-query and range costs: CPU time of this thread per query.
    let c0 = cpu::cpu_secs("thread-self");
    for i in 0..1000 {
        r.earliest_arrival(&[(served[(i * 7919) % served.len()], 8 * 3600)], true);
        black_box(r.arrivals()[0]);
    }
    let single = (cpu::cpu_secs("thread-self") - c0) / 1000.0;
    let c0 = cpu::cpu_secs("thread-self");
    for i in 0..100 {
        r.range(&[(served[(i * 7919) % served.len()], 0)], true, 7 * 3600, 9 * 3600, 60, |_, ride, arr| {
            black_box((ride, arr));
        });
    }
    let range = (cpu::cpu_secs("thread-self") - c0) / 100.0;
    eprintln!("CPU time per query: one-to-all {:.2} ms, 120-minute range {:.1} ms", single * 1e3, range * 1e3);
    g.sample_size(10);
    g.bench_function("range_120_min_100_origins_parallel", |b| b.iter(|| black_box(profiles(100))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
