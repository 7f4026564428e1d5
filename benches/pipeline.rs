//! The county pipeline on the shipped Kronoberg sample (regions/kronoberg.toml + gtfs/kronoberg):
//! load + timetable, the stop table, reach to care from every populated cell and town (three
//! kinds of care node plus the what-if, a 120-minute window, one departure a minute), and the
//! whole report — its computation in-process and the `narhet report` binary end to end.
//!
//! The date is 2026-11-24, a Tuesday, as in the commands' examples and `benches/measure.sh`.
//! Small sample counts keep `cargo bench --features bench --bench pipeline` to a few minutes; the report binary
//! writes into `target/bench-out/` (never committed).
//!
//! Run: cargo bench --features bench --bench pipeline

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

use narhet::analysis::assess::assess;
use narhet::analysis::inputs::{cell_origins, dest_groups, reach_params};
use narhet::analysis::reach::ReachOptions;
use narhet::analysis::{Network, Study};
use narhet::date::Date;
use narhet::feed::{self, LoadOptions};
use narhet::metrics::reach::{ReachParams, compute};
use narhet::metrics::stops::{StopOptions, stop_table};
use narhet::report::data::report_data;
use narhet::timetable::{FootpathOptions, Timetable};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bench(c: &mut Criterion) {
    let gtfs = [root().join("gtfs/kronoberg")];
    let study = Study::load(&root().join("regions/kronoberg.toml")).expect("region and population load");
    let cells = study.cells.clone();
    let feed = feed::load(&gtfs, &LoadOptions::default()).expect("sample loads");
    let date = Date::from_ymd(2026, 11, 24).expect("valid date");
    eprintln!(
        "sample: {} stops, {} trips, {} stop_times; {} populated cells; date {date}",
        feed.stops.len(),
        feed.trips.len(),
        feed.calls.len(),
        cells.len()
    );

    let mut g = c.benchmark_group("pipeline_kronoberg");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));

    // As `narhet stops`: no walking footpaths are needed for the table.
    let no_walk = FootpathOptions { radius_m: 0.0, ..Default::default() };
    g.bench_function("load_and_timetable", |b| {
        b.iter(|| {
            let f = feed::load(&gtfs, &LoadOptions::default()).expect("loads");
            Timetable::build(&f, date, &no_walk)
        })
    });
    let tt = Timetable::build(&feed, date, &no_walk);
    g.bench_function("stop_table", |b| b.iter(|| stop_table(&tt, &StopOptions::default(), None).expect("table")));
    g.bench_function("stop_table_with_population", |b| {
        b.iter(|| stop_table(&tt, &StopOptions::default(), Some(&cells)).expect("table"))
    });

    // As `narhet reach` with its defaults: every kind of care node, 07:00–09:00.
    let nodes = &study.care;
    let groups = dest_groups(nodes, &[]).expect("the region's kinds");
    let origins: Vec<_> = cell_origins(&cells).into_iter().chain(study.towns.iter().cloned()).collect();
    let params = ReachParams { window_start: 7 * 3600, window_end: 9 * 3600, ..reach_params(&study.region) };
    eprintln!("reach: {} origins × {} destination groups", origins.len(), groups.len());
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("reach_120_min", |b| {
        b.iter(|| black_box(compute(&tt, nodes, &groups, &origins, &params, &|_| {})))
    });

    // As `narhet report`: the timetable with the region's walking, stops + reach (+ the trip home)
    // + the strategic nodes, and the report's data from them.
    let net = Network::build(&feed, date, &study.footpaths());
    let opts = ReachOptions { window: (7 * 3600, 9 * 3600), return_after: Some(2 * 3600), ..Default::default() };
    g.bench_function("report_compute", |b| {
        b.iter(|| {
            let a = assess(&study, &net, &opts, &|_| {}).expect("assessed");
            black_box(report_data(&study, &net, &a).expect("data").summary)
        })
    });

    // The binary end to end: loading, all computations (coverage, figures) and writing.
    let out: PathBuf = root().join("target/bench-out/report");
    g.measurement_time(Duration::from_secs(30));
    g.bench_function("report_binary", |b| {
        b.iter(|| {
            let st = std::process::Command::new(env!("CARGO_BIN_EXE_narhet"))
                .current_dir(root())
                .args(["report", "--date", "2026-11-24", "--out"])
                .arg(&out)
                .stderr(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .status()
                .expect("narhet runs");
            assert!(st.success(), "narhet report failed");
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
