//! Loading and timetable building at national scale, on a generated feed of 1 M stop_times
//! (≈ 10 000 stops). Set `NARHET_BENCH_5M=1` to add the 5 M stop_times (≈ 50 000 stops) feed.
//! It also times loading from the network cache (an entry under `target/bench-feeds/`), and on
//! each feed's timetable the stop table (as `narhet stops`, after loading) and one one-to-all
//! earliest-arrival query (08:00, origins cycling over the served stops).
//!
//! Feeds are generated on the first run into `target/bench-feeds/` (never committed) and
//! reused while their `feed_info.txt` says they were made with the same options.
//!
//! Run: cargo bench --features bench --bench feed

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use narhet::date::Date;
use narhet::feed::{self, LoadOptions};
use narhet::metrics::stops::{StopOptions, stop_table};
use narhet::router::{Raptor, RouterConfig};
use narhet::timetable::{FootpathOptions, StopIdx, Timetable};
use synth::SynthOptions;

// Bench support shared with the `synth` example; this bench uses only a part of it.
#[allow(dead_code)]
#[path = "support/synth.rs"]
mod synth;

/// A Tuesday in the generated feeds' service year.
const DATE: (i32, u32, u32) = (2026, 3, 10);

fn feed_dir(name: &str, stops: usize, stop_times: usize) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("bench-feeds").join(name);
    let opts = SynthOptions { stops, stop_times, seed: 1 };
    let fresh = std::fs::read_to_string(dir.join("feed_info.txt"))
        .map(|info| info.contains(&synth::version(&opts)))
        .unwrap_or(false);
    if !fresh {
        synth::generate(&opts, &dir).expect("generating the benchmark feed");
    }
    dir
}

fn bench_size(c: &mut Criterion, name: &str, stops: usize, stop_times: usize) {
    let dir = feed_dir(name, stops, stop_times);
    let paths = [dir];
    let date = Date::from_ymd(DATE.0, DATE.1, DATE.2).expect("valid date");
    let mut g = c.benchmark_group(format!("feed_{name}"));
    // Ten samples of a few seconds each; the timetable alone is fast and needs less time.
    let slow = Duration::from_secs(if name == "1m" { 30 } else { 120 });
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(slow);
    g.bench_function("load", |b| b.iter(|| feed::load(&paths, &LoadOptions::default()).expect("loads")));
    let loaded = feed::load(&paths, &LoadOptions::default()).expect("loads");
    // The network cache, in a folder of its own under target/: the first load writes the
    // entry, the measured ones read it.
    let cache = feed::Cache::at(paths[0].with_file_name(format!("cache-{name}")));
    feed::load_cached(&paths, &LoadOptions::default(), &cache).expect("loads");
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("load_from_cache", |b| {
        b.iter(|| feed::load_cached(&paths, &LoadOptions::default(), &cache).expect("loads").0)
    });
    g.measurement_time(slow);
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("timetable", |b| b.iter(|| Timetable::build(&loaded, date, &FootpathOptions::default())));
    let no_walk = Timetable::build(&loaded, date, &FootpathOptions { radius_m: 0.0, ..Default::default() });
    g.bench_function("stop_table", |b| b.iter(|| stop_table(&no_walk, &StopOptions::default(), None).expect("table")));
    drop(no_walk);
    let tt = Timetable::build(&loaded, date, &FootpathOptions::default());
    let served: Vec<StopIdx> = tt.stop_indices().filter(|&s| tt.is_served(s)).collect();
    let mut r = Raptor::new(&tt, RouterConfig { max_rounds: 8, min_change_secs: 60 });
    g.bench_function("earliest_arrival_one_to_all", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 7919) % served.len();
            r.earliest_arrival(&[(served[i], 8 * 3600)], true);
            std::hint::black_box(r.arrivals()[0])
        })
    });
    drop(r);
    drop(tt);
    drop(loaded);
    g.measurement_time(slow);
    g.bench_function("load_and_timetable", |b| {
        b.iter(|| {
            let f = feed::load(&paths, &LoadOptions::default()).expect("loads");
            Timetable::build(&f, date, &FootpathOptions::default())
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    bench_size(c, "1m", 10_000, 1_000_000);
    if std::env::var_os("NARHET_BENCH_5M").is_some() {
        bench_size(c, "5m", 50_000, 5_000_000);
    }
}

criterion_group!(feed_benches, benches);
criterion_main!(feed_benches);
