//! The shipped sample: `gtfs/kronoberg` is exactly what `regions/kronoberg/lines` generates,
//! loads without errors or warnings, and keeps its stops inside the county.
//!
//! Regenerate the committed files with `NARHET_REGENERATE=1 cargo test --test suite sample_feed::committed`.

use std::path::PathBuf;

use narhet::date::Date;

use narhet::lines::{BuildOptions, build_feed, read_files, to_gtfs_tables};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_feed_matches_the_line_definitions() {
    let lines = root().join("regions/kronoberg/lines");
    let committed = root().join("gtfs/kronoberg");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("kronoberg");
    let r = build_feed(&[lines], &dir, &BuildOptions::default()).unwrap();
    if std::env::var_os("NARHET_REGENERATE").is_some() {
        // The committed sample is an input, not narhet's output folder (no marker, so no
        // command replaces it): its files are copied over one by one.
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            if e.file_name() != ".narhet-output" {
                std::fs::copy(e.path(), committed.join(e.file_name())).unwrap();
            }
        }
        eprintln!("{r:?}");
    }
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    names.retain(|n| n != ".narhet-output");
    assert!(names.contains(&"frequencies.txt".to_string()), "{names:?}");
    assert!(!committed.join(".narhet-output").exists(), "the shipped sample must not look like a narhet output folder");
    for n in &names {
        let fresh = std::fs::read(dir.join(n)).unwrap();
        let old =
            std::fs::read(committed.join(n)).unwrap_or_else(|_| panic!("gtfs/kronoberg/{n} is missing; regenerate"));
        assert!(fresh == old, "gtfs/kronoberg/{n} differs from the definitions; regenerate");
    }
}

#[test]
fn generation_is_deterministic() {
    let files = read_files(&[root().join("regions/kronoberg/lines")]).unwrap();
    let a = to_gtfs_tables(&files).unwrap();
    let b = to_gtfs_tables(&files).unwrap();
    assert_eq!(a.files, b.files);
}

fn load_sample() -> narhet::feed::Feed {
    narhet::feed::load(&[root().join("gtfs/kronoberg")], &narhet::feed::LoadOptions::default())
        .expect("the sample feed loads")
}

#[test]
fn sample_loads_without_warnings_and_has_the_promised_shape() {
    let feed = load_sample();
    let w: Vec<_> = feed.warnings.iter().collect();
    assert_eq!(feed.warnings.total(), 0, "{w:?}");
    // Several hundred stops, some with wheelchair_boarding set and some unknown.
    let stops = feed.stops.iter().filter(|s| s.location_type == narhet::feed::LocationType::Stop);
    let (mut n, mut known, mut unknown) = (0, 0, 0);
    for s in stops {
        n += 1;
        if s.wheelchair_boarding == 0 { unknown += 1 } else { known += 1 }
    }
    assert!(n >= 300, "{n} stops");
    assert!(known > 0 && unknown > 0, "{known} known, {unknown} unknown");
    // Stations with platforms exist.
    assert!(feed.stops.iter().any(|s| s.parent.is_some()));
    // A demand-responsive route (715), a rail route, a frequency-based trip, transfers.
    assert!(feed.routes.iter().any(|r| r.route_type == 715));
    assert!(feed.routes.iter().any(|r| r.route_type == 2));
    assert!(feed.trips.iter().any(|t| t.n_freq > 0));
    assert!(!feed.transfers.is_empty());
    // Trips past midnight.
    assert!(feed.calls.iter().any(|c| c.arrival >= narhet::date::DAY));
    // Booking required somewhere: pickup_type 2 is read as "pickup possible".
    let text = std::fs::read_to_string(root().join("gtfs/kronoberg/stop_times.txt")).unwrap();
    assert!(text.lines().any(|l| l.ends_with(",2,2")));
    // feed_info says what it is.
    assert_eq!(feed.sources[0].publisher.as_deref(), Some("narhet sample (synthetic)"));
}

/// Trips running on `d`, counting each run of a frequency-based trip.
fn runs_on(feed: &narhet::feed::Feed, d: Date) -> usize {
    let active = feed.active_services(d);
    (0..feed.trips.len()).filter(|&t| active[feed.trips[t].service as usize]).map(|t| feed.run_shifts(t).len()).sum()
}

#[test]
fn calendar_day_types_holidays_and_school_days() {
    let feed = load_sample();
    let tue = Date::from_ymd(2026, 11, 24).unwrap(); // the default analysis date, a school day
    let sat = Date::from_ymd(2026, 11, 28).unwrap();
    let sun = Date::from_ymd(2026, 11, 29).unwrap();
    let xmas = Date::from_ymd(2026, 12, 25).unwrap(); // juldagen, a Friday run as Sunday
    let hostlov = Date::from_ymd(2026, 10, 27).unwrap(); // Tuesday in the autumn break
    let (wd, sa, su) = (runs_on(&feed, tue), runs_on(&feed, sat), runs_on(&feed, sun));
    eprintln!("trips: weekday {wd}, saturday {sa}, sunday {su}");
    assert!(wd > sa && sa > su, "{wd} {sa} {su}");
    assert_eq!(runs_on(&feed, xmas), su, "juldagen runs the Sunday timetable");
    // School-day trips run on the analysis date but not in the autumn break.
    let school: Vec<usize> = (0..feed.services.len()).filter(|&s| feed.services[s].id.contains("SKOL")).collect();
    assert!(!school.is_empty());
    assert!(school.iter().all(|&s| feed.services[s].runs_on(tue)));
    assert!(school.iter().all(|&s| !feed.services[s].runs_on(hostlov)));
    assert!(runs_on(&feed, hostlov) < wd);
    // Calendar covers the promised period.
    let (a, b) = feed.service_range().unwrap();
    assert!(a <= Date::from_ymd(2026, 8, 17).unwrap() && b >= Date::from_ymd(2027, 6, 30).unwrap());
    let week: usize = (0..7).map(|i| runs_on(&feed, tue.add_days(i - 1))).sum();
    eprintln!("trips per week {week}");
    assert!((2000..20_000).contains(&week), "{week}");
}

#[test]
fn stops_inside_the_county_and_not_crowded() {
    let feed = load_sample();
    let region = narhet::region::Region::load(&root().join("regions/kronoberg.toml")).unwrap();
    for s in &feed.stops {
        let inside = region.contains(s.lat, s.lon);
        let named = region.outside_places.iter().any(|p| {
            narhet::spatial::haversine_m(s.lat, s.lon, p.lat, p.lon) < 3000.0 && s.name.starts_with(p.name.as_str())
        });
        assert!(inside || named, "stop '{}' ({}, {}) is outside the county", s.name, s.lat, s.lon);
    }
    let pts: Vec<_> =
        feed.stops.iter().enumerate().map(|(i, s)| (narhet::spatial::to_sweref(s.lat, s.lon), i as u32)).collect();
    let idx = narhet::spatial::PointIndex::new(pts.iter().copied());
    for (p, i) in &pts {
        for (j, d) in idx.within(*p, 50.0) {
            let (a, b) = (&feed.stops[*i as usize], &feed.stops[j as usize]);
            assert!(a.name == b.name, "'{}' and '{}' are {d:.0} m apart", a.name, b.name);
        }
    }
}

#[test]
fn sample_builds_a_timetable_for_the_default_date() {
    let feed = load_sample();
    let d = Date::from_ymd(2026, 11, 24).unwrap();
    let tt = narhet::timetable::Timetable::build(&feed, d, &Default::default());
    let s = tt.stats();
    eprintln!("{s:?}");
    // The weekday trip count of the calendar test less the booking-required närtrafik runs
    // (route type 715, left out of fixed-route service), plus yesterday's after-midnight runs
    // (Monday's late trains).
    let active = feed.active_services(d);
    let booked: usize = (0..feed.trips.len())
        .filter(|&t| active[feed.trips[t].service as usize] && feed.trip_needs_booking(t))
        .map(|t| feed.run_shifts(t).len())
        .sum();
    assert!(booked > 0);
    assert_eq!(s.trips_today, runs_on(&feed, d) - booked);
    let all =
        narhet::timetable::Timetable::build_with(&feed, d, &Default::default(), narhet::timetable::Booking::Include);
    assert_eq!(all.stats().trips_today, runs_on(&feed, d));
    assert!(s.trips_yesterday > 0);
    assert!(s.frequency_runs > 0);
    // Timetable generated from one template per line and direction should not overtake.
    assert_eq!(s.overtaking_splits, 0);
}
