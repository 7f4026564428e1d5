//! Street network speed test on a synthetic road network of 2 000 000 nodes, generated in
//! memory (no OSM parsing): a 1 415 × 1 415 grid with 80 m spacing (113 km square, about
//! Kronoberg's size). Every 25th row and column is a secondary road (70 km/h), every 5th a
//! tertiary one without maxspeed (60 km/h), the rest residential streets and tracks (35 / 20
//! km/h), every 7th row one-way; 10 % of the local links are footways (walked, not driven).
//!
//! Measures: building both networks from the road data; contracting the driving network (once,
//! timed by hand: too slow for criterion's samples); car times from one destination to 8 358
//! cells (the shipped grid's count) with one reverse Dijkstra and with RPHAST on the hierarchy;
//! one walk of 2 km.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use narhet::network::profile::WayTags;
use narhet::network::{CLOSED, PhastSearch, RoadData, RoadWay, Search, Snap, ToOne};
use narhet::spatial::Xy;

const SIDE: u32 = 1415;
const STEP: f64 = 80.0;
const CELLS: usize = 8358;

/// The grid's road data (node `i` at column `i % SIDE`, row `i / SIDE`).
fn synthetic() -> RoadData {
    let xy: Vec<Xy> = (0..SIDE * SIDE)
        .map(|i| Xy { x: 400_000.0 + (i % SIDE) as f64 * STEP, y: 6_250_000.0 + (i / SIDE) as f64 * STEP })
        .collect();
    let mut ways = Vec::new();
    let class = |k: u32| {
        if k.is_multiple_of(25) {
            "secondary"
        } else if k.is_multiple_of(5) {
            "tertiary"
        } else if k.is_multiple_of(2) {
            "residential"
        } else {
            "track"
        }
    };
    for r in 0..SIDE {
        // Rows: one way per block of 10 links; every 7th row one-way.
        for start in (0..SIDE - 1).step_by(10) {
            let end = (start + 10).min(SIDE - 1);
            let nodes: Vec<u32> = (start..=end).map(|c| r * SIDE + c).collect();
            let mut tags = WayTags::of(class(r), &[]);
            if r % 7 == 3 {
                tags.set("oneway", "yes");
            }
            if r.is_multiple_of(25) {
                tags.set("maxspeed", "70");
            }
            ways.push(RoadWay { nodes, tags });
        }
    }
    for c in 0..SIDE {
        for start in (0..SIDE - 1).step_by(10) {
            let end = (start + 10).min(SIDE - 1);
            let nodes: Vec<u32> = (start..=end).map(|r| r * SIDE + c).collect();
            let hw = if c % 10 == 7 && c % 25 != 0 { "footway" } else { class(c) };
            ways.push(RoadWay { nodes, tags: WayTags::of(hw, &[]) });
        }
    }
    RoadData { xy, ways }
}

fn cells() -> Vec<Xy> {
    let mut s = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s % 1_000_000) as f64 / 1_000_000.0
    };
    let span = (SIDE - 1) as f64 * STEP;
    (0..CELLS).map(|_| Xy { x: 400_000.0 + next() * span, y: 6_250_000.0 + next() * span }).collect()
}

fn usage() -> libc::rusage {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    u
}

/// CPU seconds (user + system) this process has used so far.
fn cpu() -> f64 {
    let (u, s) = (usage(), |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6);
    s(u.ru_utime) + s(u.ru_stime)
}

/// The process's peak resident memory so far, GB.
fn peak_gb() -> f64 {
    usage().ru_maxrss as f64 / 1e6
}

fn bench(c: &mut Criterion) {
    let t = Instant::now();
    let data = synthetic();
    println!("generated {} nodes, {} ways in {:.2} s", data.xy.len(), data.ways.len(), t.elapsed().as_secs_f64());
    let (t, c0) = (Instant::now(), cpu());
    let (walk, car) = (data.walk_graph(), data.car_graph());
    println!(
        "built once: walk {} nodes / {} edges, car {} nodes / {} edges in {:.2} s ({:.2} s CPU; peak memory {:.2} GB)",
        walk.nodes(),
        walk.edges(),
        car.nodes(),
        car.edges(),
        t.elapsed().as_secs_f64(),
        cpu() - c0,
        peak_gb()
    );
    let mut g = c.benchmark_group("network");
    g.sample_size(10);
    g.bench_function("build walk + car, 2M nodes", |b| b.iter(|| black_box((data.walk_graph(), data.car_graph()))));
    let snaps: Vec<Option<Snap>> = cells().iter().map(|&p| car.snap(p)).collect();
    let dest = car.snap(Xy { x: 456_000.0, y: 6_306_000.0 }).expect("snaps");
    let mut search = Search::new(&car);
    let reached = car.costs_to(&mut search, &dest, &snaps, 4 * 3600 * 1000).iter().flatten().count();
    println!("car: {reached} of {CELLS} cells reach the destination");
    g.bench_function("car times, 1 destination → 8 358 cells (reverse Dijkstra)", |b| {
        b.iter(|| black_box(car.costs_to(&mut search, &dest, &snaps, 4 * 3600 * 1000)))
    });
    let (t, c0) = (Instant::now(), cpu());
    let ch = car.contract();
    let (wall, c1) = (t.elapsed().as_secs_f64(), cpu() - c0);
    let peak = peak_gb();
    println!(
        "contracted the driving network: {} upward edges in {wall:.2} s ({c1:.2} s CPU; peak {peak:.2} GB)",
        ch.edges()
    );
    let (t, c0) = (Instant::now(), cpu());
    let to_one = ToOne::new(&car, &ch, &snaps);
    let (wall, c1) = (t.elapsed().as_secs_f64(), cpu() - c0);
    println!("RPHAST selection: {} of {} nodes in {wall:.3} s ({c1:.3} s CPU)", to_one.swept(), car.nodes());
    let mut ps = PhastSearch::new(&ch);
    let plain = car.costs_to(&mut search, &dest, &snaps, 4 * 3600 * 1000);
    assert_eq!(to_one.costs_to(&mut ps, &dest, 4 * 3600 * 1000), plain, "RPHAST equals the reverse Dijkstra");
    // CPU per query, beside criterion's wall times (which measure the other processes too on a
    // loaded machine).
    let c0 = cpu();
    for _ in 0..3 {
        black_box(car.costs_to(&mut search, &dest, &snaps, 4 * 3600 * 1000));
    }
    let dijkstra = (cpu() - c0) / 3.0;
    let c0 = cpu();
    for _ in 0..100 {
        black_box(to_one.costs_to(&mut ps, &dest, 4 * 3600 * 1000));
    }
    let rphast = (cpu() - c0) / 100.0;
    println!("CPU per query: reverse Dijkstra {:.0} ms, RPHAST {:.2} ms", dijkstra * 1e3, rphast * 1e3);
    g.bench_function("car times, 1 destination → 8 358 cells (RPHAST)", |b| {
        b.iter(|| black_box(to_one.costs_to(&mut ps, &dest, 4 * 3600 * 1000)))
    });
    let mut ws = Search::new(&walk);
    let (a, z) = (Xy { x: 450_000.0, y: 6_300_000.0 }, Xy { x: 451_400.0, y: 6_301_400.0 });
    g.bench_function("walk 2 km", |b| b.iter(|| black_box(walk.trip(&mut ws, a, z).map(|t| t.cost))));
    let _ = CLOSED;
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
