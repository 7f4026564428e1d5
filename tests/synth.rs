//! The benchmark feed generator (`benches/support/synth.rs`, bench support outside the product
//! library): its tests live here, since benches are not test targets.

use std::path::Path;

use generator::{SynthError, SynthOptions, SynthSummary, generate};
use narhet::date::Date;
use narhet::feed::{self, LoadOptions, LocationType};
use narhet::timetable::{FootpathOptions, Timetable};

// The tests use most of the generator, not all of it.
#[allow(dead_code)]
#[path = "../benches/support/synth.rs"]
mod generator;

const FILES: [&str; 10] = [
    "agency.txt",
    "stops.txt",
    "routes.txt",
    "trips.txt",
    "stop_times.txt",
    "calendar.txt",
    "calendar_dates.txt",
    "frequencies.txt",
    "transfers.txt",
    "feed_info.txt",
];

fn gen_into(stops: usize, stop_times: usize, seed: u64) -> (tempfile::TempDir, SynthSummary) {
    let dir = tempfile::tempdir().expect("temp dir");
    let opts = SynthOptions { stops, stop_times, seed };
    let sum = generate(&opts, dir.path()).expect("generates");
    (dir, sum)
}

fn data_rows(dir: &Path, name: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(name)).expect("file written");
    text.lines().count() - 1
}

#[test]
fn same_seed_gives_same_bytes_and_another_seed_another_feed() {
    let (a, _) = gen_into(120, 6_000, 7);
    let (b, _) = gen_into(120, 6_000, 7);
    let (c, _) = gen_into(120, 6_000, 8);
    for name in FILES {
        let fa = std::fs::read(a.path().join(name)).expect("a");
        let fb = std::fs::read(b.path().join(name)).expect("b");
        assert!(fa == fb, "{name} differs between two runs with seed 7");
    }
    let sa = std::fs::read(a.path().join("stops.txt")).expect("a");
    let sc = std::fs::read(c.path().join("stops.txt")).expect("c");
    assert_ne!(sa, sc, "seeds 7 and 8 should place stops differently");
}

#[test]
fn hits_requested_counts() {
    for (stops, stop_times) in [(20, 400), (120, 6_000), (700, 40_000), (2_000, 90_000)] {
        let (dir, sum) = gen_into(stops, stop_times, 1);
        // stops.txt is hit exactly; stop_times.txt within 2 % (in practice within a row or
        // two: the last trips added are single ones).
        assert_eq!(data_rows(dir.path(), "stops.txt"), stops);
        assert_eq!(sum.stops, stops);
        let rows = data_rows(dir.path(), "stop_times.txt");
        assert_eq!(rows, sum.stop_times);
        let off = (rows as f64 - stop_times as f64).abs() / stop_times as f64;
        assert!(off <= 0.02, "{stops}/{stop_times}: wrote {rows} stop_times");
        assert_eq!(data_rows(dir.path(), "trips.txt"), sum.trips);
        assert_eq!(data_rows(dir.path(), "frequencies.txt"), sum.frequencies);
        assert_eq!(data_rows(dir.path(), "transfers.txt"), sum.transfers);
        // Each rail station has a station-level change time and platform↔centre rows.
        assert_eq!(sum.transfers, 5 * sum.rail_stations);
    }
}

#[test]
fn loads_cleanly_with_every_feature_present() {
    let (dir, sum) = gen_into(700, 40_000, 3);
    let feed = feed::load(&[dir.path().to_path_buf()], &LoadOptions::default()).expect("the generated feed loads");
    assert!(feed.warnings.is_empty(), "warnings: {:?}", feed.warnings.iter().collect::<Vec<_>>());
    assert_eq!(feed.stops.len(), 700);
    assert_eq!(feed.calls.len(), sum.stop_times);
    assert_eq!(feed.trips.len(), sum.trips);
    assert_eq!(feed.routes.len(), sum.routes);
    assert!(sum.lines.iter().all(|&n| n > 0), "lines {:?}", sum.lines);
    assert!(!feed.frequencies.is_empty());
    assert!(feed.frequencies.iter().any(|f| f.exact_times));
    assert!(feed.frequencies.iter().any(|f| !f.exact_times));
    assert!(!feed.transfers.is_empty());
    // Rail stations are parents of exactly two platforms each.
    let stations: Vec<usize> =
        (0..feed.stops.len()).filter(|&i| feed.stops[i].location_type == LocationType::Station).collect();
    assert_eq!(stations.len(), sum.rail_stations);
    for &s in &stations {
        let kids = feed.stops.iter().filter(|c| c.parent == Some(s as u32)).count();
        assert_eq!(kids, 2);
    }
    // Weekday, Saturday and Sunday services; Christmas Eve 2026 (a Thursday) runs Sunday's.
    let service = |id: &str| feed.services.iter().find(|s| s.id == id).expect("service exists");
    let tue = Date::from_ymd(2026, 3, 10).expect("date");
    let xmas_eve = Date::from_ymd(2026, 12, 24).expect("date");
    assert!(service("WD").runs_on(tue) && !service("SU").runs_on(tue));
    assert!(!service("WD").runs_on(xmas_eve) && service("SU").runs_on(xmas_eve));
    // Late trips of Monday 9 March run on into Tuesday.
    assert!(sum.trips_past_midnight > 0);
    let tt = Timetable::build(&feed, tue, &FootpathOptions::default());
    assert!(tt.stats().trips_yesterday > 0);
    assert!(tt.stats().frequency_runs > 0);
    assert!(tt.stats().trips_today > 0);
}

#[test]
fn refuses_sizes_it_cannot_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let few_stops = SynthOptions { stops: 5, stop_times: 1_000, seed: 1 };
    assert!(matches!(generate(&few_stops, dir.path()), Err(SynthError::Size(_))));
    // 1 000 stops cannot each get a call from 100 stop_times.
    let few_times = SynthOptions { stops: 1_000, stop_times: 100, seed: 1 };
    match generate(&few_times, dir.path()) {
        Err(SynthError::Size(m)) => assert!(m.contains("too few"), "{m}"),
        other => panic!("expected a size error, got {other:?}"),
    }
}
