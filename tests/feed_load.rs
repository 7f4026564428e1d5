//! Loading: hand-made feeds with hand-counted answers, zip vs directory, and the errors and
//! warnings a user sees.

use crate::common::*;
use narhet::date::Date;
use narhet::feed::{LoadOptions, load};
use narhet::timetable::{FootpathOptions, ServiceDay, Timetable};

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A feed exercising calendars, exceptions, frequencies, midnight and stations.
fn calendar_feed() -> Vec<(&'static str, String)> {
    vec![
        ("agency.txt", AGENCY.to_string()),
        (
            "stops.txt",
            "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding\n\
             ST,Centralen,56.8770,14.8040,1,,1\n\
             P1,Centralen läge A,56.8771,14.8041,0,ST,\n\
             P2,Centralen läge B,56.8772,14.8042,0,ST,2\n\
             S2,Mitten,56.8900,14.8300,0,,\n\
             S3,Slutet,56.9000,14.8600,,,\n"
                .into(),
        ),
        ("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,,3\nR2,A,,Tåget,2\n".into()),
        (
            "trips.txt",
            "route_id,service_id,trip_id,trip_headsign\nR1,WD,T1,Slutet\nR1,WD,T2,Slutet\nR1,SA,T3,Slutet\nR1,WD,TF,Slutet\nR2,EXTRA,T4,Mitten\n".into(),
        ),
        (
            "stop_times.txt",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
             T1,08:00:00,08:00:00,P1,1\nT1,08:10:00,08:11:00,S2,2\nT1,08:20:00,08:20:00,S3,3\n\
             T2,23:30:00,23:30:00,P1,1\nT2,24:10:00,24:10:00,S2,2\nT2,24:40:00,24:40:00,S3,3\n\
             T3,10:00:00,10:00:00,P1,1\nT3,10:30:00,10:30:00,S3,2\n\
             TF,06:00:00,06:00:00,P2,1\nTF,,,S2,2\nTF,06:20:00,06:20:00,S3,3\n\
             T4,12:00:00,12:00:00,P2,1\nT4,12:05:00,12:05:00,S2,2\n"
                .into(),
        ),
        (
            "calendar.txt",
            "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
             WD,1,1,1,1,1,0,0,20260101,20261231\nSA,0,0,0,0,0,1,0,20260101,20261231\n"
                .into(),
        ),
        ("calendar_dates.txt", "service_id,date,exception_type\nWD,20261224,2\nSA,20261224,1\nEXTRA,20261124,1\n".into()),
        ("frequencies.txt", "trip_id,start_time,end_time,headway_secs,exact_times\nTF,06:00:00,07:00:00,900,1\n".into()),
    ]
}

fn build(dir: &std::path::Path, date: &str) -> Timetable {
    let feed = load(&[dir.to_path_buf()], &LoadOptions::default()).unwrap();
    Timetable::build(&feed, d(date), &FootpathOptions::default())
}

#[test]
fn active_trips_frequencies_and_midnight_by_hand() {
    let dir = write(&calendar_feed());
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    assert_eq!(feed.warnings.total(), 1, "{:?}", feed.warnings); // TF's blank time at S2 is interpolated
    assert_eq!(feed.warnings.count("interpolated_times"), 1);

    // Tuesday 2026-11-24: WD runs T1, T2 and TF (06:00, 06:15, 06:30, 06:45 = 4 runs), EXTRA runs
    // T4: 7 runs. The day before (Monday, WD) leaves T2 running past midnight: its calls at 24:10
    // and 24:40 form one after-midnight run.
    let tt = Timetable::build(&feed, d("2026-11-24"), &FootpathOptions::default());
    assert_eq!(tt.stats().trips_today, 7);
    assert_eq!(tt.stats().frequency_runs, 4);
    assert_eq!(tt.stats().trips_yesterday, 1);
    let y = tt.trip_indices().find(|&t| tt.trip_day(t) == ServiceDay::Yesterday).unwrap();
    // 24:10 → 00:10 = 600 s, 24:40 → 00:40 = 2400 s.
    assert_eq!(tt.trip_arr(y), &[600, 2400]);

    // TF's blank time at S2 is interpolated halfway: 06:10 for the first run, 06:55 for the last.
    let tf_runs: Vec<&[u32]> = tt
        .trip_indices()
        .filter(|&t| feed.trips[tt.trip_source(t) as usize].id == "TF")
        .map(|t| tt.trip_dep(t))
        .collect();
    assert_eq!(tf_runs.len(), 4);
    assert_eq!(tf_runs[0], &[6 * 3600, 6 * 3600 + 600, 6 * 3600 + 1200]);
    assert_eq!(tf_runs[3][1], 6 * 3600 + 45 * 60 + 600);

    // Saturday 2026-11-28: SA runs T3 only; Friday's T2 runs past midnight.
    let sat = Timetable::build(&feed, d("2026-11-28"), &FootpathOptions::default());
    assert_eq!((sat.stats().trips_today, sat.stats().trips_yesterday), (1, 1));
    // Sunday 2026-11-29: nothing today; Saturday had no late trip.
    let sun = Timetable::build(&feed, d("2026-11-29"), &FootpathOptions::default());
    assert_eq!((sun.stats().trips_today, sun.stats().trips_yesterday), (0, 0));
    // Thursday 2026-12-24: WD removed, SA added (T3); Wednesday's T2 still runs after midnight.
    let xmas = Timetable::build(&feed, d("2026-12-24"), &FootpathOptions::default());
    assert_eq!((xmas.stats().trips_today, xmas.stats().trips_yesterday), (1, 1));
    // Friday 2026-12-25: WD runs again (T1, T2, 4×TF = 6); Thursday had no WD, so no late run.
    let fri = Timetable::build(&feed, d("2026-12-25"), &FootpathOptions::default());
    assert_eq!((fri.stats().trips_today, fri.stats().trips_yesterday), (6, 0));
}

#[test]
fn stations_inherit_wheelchair_and_connect_their_stops() {
    let dir = write(&calendar_feed());
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    let st = |id: &str| feed.stops.iter().position(|s| s.id == id).unwrap();
    // P1 leaves it empty → inherits 1 from ST; P2 says 2 itself; S2 stays unknown (0).
    assert_eq!(feed.stops[st("P1")].wheelchair_boarding, 1);
    assert_eq!(feed.stops[st("P2")].wheelchair_boarding, 2);
    assert_eq!(feed.stops[st("S2")].wheelchair_boarding, 0);
    // With no walking at all, P1 and P2 still connect in 0 s through their station.
    let tt = Timetable::build(&feed, d("2026-11-24"), &FootpathOptions { radius_m: 0.0, ..Default::default() });
    let fp = tt.footpaths(narhet::timetable::StopIdx(st("P1") as u32));
    assert_eq!(fp, &[narhet::timetable::Footpath::walk(narhet::timetable::StopIdx(st("P2") as u32), 0)]);
}

#[test]
fn footpaths_walk_within_radius_and_transfers_override() {
    // S1–S2 are 100 m apart (0.0009° of latitude ≈ 100 m): walk = ceil(100 × 1.3 / 1.3) ≈ 100 s.
    let files = with(
        minimal(),
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.8700,14.80\nS2,Två,56.8709,14.80\nS3,Tre,56.89,14.84\n",
    );
    let files = with(
        files,
        "transfers.txt",
        "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS2,S1,2,300\nS3,S3,3,\n",
    );
    let dir = write(&files);
    let tt = build(dir.path(), "2026-11-24");
    let to = |s: u32| tt.footpaths(narhet::timetable::StopIdx(s)).to_vec();
    assert_eq!(to(0).len(), 1);
    assert!((99..=101).contains(&to(0)[0].secs), "{:?}", to(0));
    // The row's min_transfer_time holds as given (the router does not floor it at its change time).
    let given = narhet::timetable::Footpath { to: narhet::timetable::StopIdx(0), secs: 300, given: true };
    assert_eq!(to(1), vec![given]);
    assert!(!to(0)[0].given, "a walk is floored at the change time after a ride");
    assert_eq!(tt.change_at(narhet::timetable::StopIdx(2), 60), None); // type 3 to itself
    assert_eq!(tt.change_at(narhet::timetable::StopIdx(0), 60), Some(60));
}

#[test]
fn zip_directory_and_subfolder_zip_load_the_same() {
    let files = calendar_feed();
    let dir = write(&files);
    let tmp = tempfile::tempdir().unwrap();
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let flat = feed_zip(tmp.path(), "flat.zip", "", &bytes);
    let nested = feed_zip(tmp.path(), "nested.zip", "gtfs-export/", &bytes);
    let summary = |p: &std::path::Path| {
        let feed = load(&[p.to_path_buf()], &LoadOptions::default()).unwrap();
        let mut s = narhet::analysis::summary::summarise(&feed, Some(d("2026-11-24")));
        s.feeds.clear();
        s
    };
    let a = summary(dir.path());
    assert_eq!(a, summary(&flat));
    assert_eq!(a, summary(&nested));
    assert_eq!(a.trips, 5);
    assert_eq!(a.on_date.as_ref().unwrap().trips, 7);
}

#[test]
fn two_feeds_merge_shared_stops_and_keep_other_colliding_ids_apart() {
    let a = write(&minimal());
    let b = write(&minimal());
    let feed = load(&[a.path().to_path_buf(), b.path().to_path_buf()], &LoadOptions::default()).unwrap();
    // The same stop ids at the same places: one stop each (national ids shared between feeds).
    assert_eq!(feed.stops.len(), 3);
    assert_eq!(feed.warnings.count("stop_merged_across_feeds"), 3);
    assert_eq!(feed.trips.len(), 2);
    let second = b.path().file_name().unwrap().to_string_lossy().to_string();
    assert_eq!(feed.trips[1].id, format!("{second}:T1"));
    // 1 route + 1 trip + 1 service + 1 agency renamed.
    assert_eq!(feed.warnings.count("id_renamed_to_avoid_collision"), 4);
    // The second feed's trip calls at the first feed's stops.
    assert_eq!(feed.trip_calls(1)[0].stop, 0);
    assert_eq!(feed.trip_calls(1)[2].stop, 2);

    // S2 moved 0.001° of latitude north (111 m > 50 m): another place, kept apart with a warning;
    // S3 moved 0.0003° (33 m): the same stop.
    let moved = "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.87,14.80\nS2,Två,56.881,14.82\nS3,Tre,56.8903,14.84\n";
    let c = write(&with(minimal(), "stops.txt", moved));
    let feed = load(&[a.path().to_path_buf(), c.path().to_path_buf()], &LoadOptions::default()).unwrap();
    let third = c.path().file_name().unwrap().to_string_lossy().to_string();
    let ids: Vec<&str> = feed.stops.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["S1", "S2", "S3", &format!("{third}:S2")]);
    assert_eq!(feed.warnings.count("stop_merged_across_feeds"), 2);
    assert_eq!(feed.warnings.count("stop_id_collision_kept_apart"), 1);
    let (_, _, ex) = feed.warnings.iter().find(|w| w.0 == "stop_id_collision_kept_apart").unwrap();
    assert!(ex.contains("'S2'") && ex.contains("111 m"), "{ex}");
    let stops: Vec<u32> = feed.trip_calls(1).iter().map(|c| c.stop).collect();
    assert_eq!(stops, [0, 3, 2]);
}

fn err_of(files: &[(&'static str, String)]) -> narhet::feed::FeedError {
    let dir = write(files);
    load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap_err()
}

#[test]
fn errors_name_file_line_and_field() {
    let e = err_of(&without(minimal(), "stops.txt"));
    assert!(e.file.ends_with("stops.txt") && e.message.contains("missing"), "{e}");

    let e = err_of(&with(minimal(), "stops.txt", "stop_name,stop_lat,stop_lon\nEtt,56.87,14.80\n"));
    assert!(e.file.ends_with("stops.txt"), "{e}");
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("stop_id")), "{e}");

    let e = err_of(&with(minimal(), "trips.txt", "route_id,service_id,trip_id\nR9,WD,T1\n"));
    assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("route_id")), "{e}");
    assert!(e.message.contains("R9"));

    let e = err_of(&with(minimal(), "trips.txt", "route_id,service_id,trip_id\nR1,NOPE,T1\n"));
    assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("service_id")), "{e}");

    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nTX,08:10:00,08:10:00,S2,2\n";
    let e = err_of(&with(minimal(), "stop_times.txt", st));
    assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("trip_id")), "{e}");

    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S9,2\n";
    let e = err_of(&with(minimal(), "stop_times.txt", st));
    assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("stop_id")), "{e}");

    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:1x:00,08:10:00,S2,2\n";
    let e = err_of(&with(minimal(), "stop_times.txt", st));
    assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("arrival_time")), "{e}");

    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,x\n";
    let e = err_of(&with(minimal(), "stop_times.txt", st));
    assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("stop_sequence")), "{e}");

    let e = err_of(&with(
        minimal(),
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,200,14.80\nS2,Två,56.88,14.82\nS3,Tre,56.89,14.84\n",
    ));
    assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("stop_lat")), "{e}");

    let e = err_of(&with(
        minimal(),
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nS1,Ett,56.87,14.80\nS1,Två,56.88,14.82\nS3,Tre,56.89,14.84\n",
    ));
    assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("stop_id")), "{e}");

    let e = err_of(&without(without(minimal(), "calendar.txt"), "calendar_dates.txt"));
    assert!(e.message.contains("calendar"), "{e}");

    let e = err_of(&with(minimal(), "routes.txt", ""));
    assert!(e.file.ends_with("routes.txt") && e.message.contains("empty"), "{e}");
}

#[test]
fn odd_but_usable_input_loads_with_warnings() {
    // BOM, CRLF, quoted fields with commas, an unknown extra column, a stop with no trips.
    let stops = "\u{feff}stop_id,stop_name,stop_lat,stop_lon,my_extra\r\nS1,\"Ett, norra\",56.87,14.80,x\r\nS2,Två,56.88,14.82,y\r\nS3,Tre,56.89,14.84,z\r\nS4,Fyra,56.90,14.86,w\r\n";
    let dir = write(&with(minimal(), "stops.txt", stops));
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    assert_eq!(feed.stops[0].name, "Ett, norra");
    assert_eq!(feed.warnings.count("utf8_bom"), 1);
    assert_eq!(feed.warnings.count("stop_without_calls"), 1);
    assert_eq!(feed.warnings.count("unknown_column"), 1);
}

#[test]
fn calendar_dates_alone_is_enough() {
    let files = with(
        without(minimal(), "calendar.txt"),
        "calendar_dates.txt",
        "service_id,date,exception_type\nWD,20261124,1\n",
    );
    let dir = write(&files);
    assert_eq!(build(dir.path(), "2026-11-24").stats().trips_today, 1);
    assert_eq!(build(dir.path(), "2026-11-25").stats().trips_today, 0);
}

#[test]
fn latin1_is_decoded_not_mangled() {
    let dir = write(&minimal());
    // "Växjö" in Latin-1: ä = 0xE4, ö = 0xF6.
    let mut stops = b"stop_id,stop_name,stop_lat,stop_lon\nS1,V\xe4xj\xf6,56.87,14.80\n".to_vec();
    stops.extend_from_slice(b"S2,Two,56.88,14.82\nS3,Three,56.89,14.84\n");
    std::fs::write(dir.path().join("stops.txt"), stops).unwrap();
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    assert_eq!(feed.stops[0].name, "Växjö");
    assert_eq!(feed.warnings.count("latin1_decoded"), 1);
}

#[test]
fn unsafe_and_oversized_zips_are_refused() {
    let files = minimal();
    let tmp = tempfile::tempdir().unwrap();
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let evil = feed_zip(tmp.path(), "evil.zip", "../", &bytes);
    let e = load(&[evil], &LoadOptions::default()).unwrap_err();
    assert!(e.message.contains("unsafe path"), "{e}");
    let ok = feed_zip(tmp.path(), "ok.zip", "", &bytes);
    let small = LoadOptions { max_uncompressed_bytes: 100, ..Default::default() };
    let e = load(std::slice::from_ref(&ok), &small).unwrap_err();
    assert!(e.message.contains("unpacks to more than 100 bytes"), "{e}");
    let few = LoadOptions { max_stop_times: 2, ..Default::default() };
    let e = load(&[ok], &few).unwrap_err();
    assert!(e.message.contains("memory budget"), "{e}");
    let e = load(&[tmp.path().join("missing.zip")], &LoadOptions::default()).unwrap_err();
    assert!(e.message.contains("no such file"), "{e}");
    std::fs::write(tmp.path().join("notzip.zip"), b"hello").unwrap();
    let e = load(&[tmp.path().join("notzip.zip")], &LoadOptions::default()).unwrap_err();
    assert!(e.message.contains("not a readable zip"), "{e}");
}

#[test]
fn strict_times() {
    for bad in ["25:61:00", "-01:00:00", "7:5:0", "08:00:60"] {
        let st = format!(
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,{bad},08:30:00,S2,2\nT1,08:40:00,08:40:00,S3,3\n"
        );
        let e = err_of(&with(minimal(), "stop_times.txt", &st));
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("arrival_time")), "{bad}: {e}");
        assert!(e.message.contains(bad), "{e}");
    }
    // Arrival after departure, and time running backwards along the trip.
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:12:00,08:10:00,S2,2\nT1,08:40:00,08:40:00,S3,3\n";
    let e = err_of(&with(minimal(), "stop_times.txt", st));
    assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("departure_time")), "{e}");
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,07:50:00,07:50:00,S2,2\nT1,08:40:00,08:40:00,S3,3\n";
    let e = err_of(&with(minimal(), "stop_times.txt", st));
    assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("arrival_time")), "{e}");
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,1\n";
    let e = err_of(&with(minimal(), "stop_times.txt", st));
    assert_eq!(e.field.as_deref(), Some("stop_sequence"), "{e}");
}

#[test]
fn demand_areas_from_locations_geojson() {
    let geo = r#"{"type":"FeatureCollection","features":[{"type":"Feature","id":"z1","properties":{"stop_name":"Närtrafik Norra"},
      "geometry":{"type":"Polygon","coordinates":[[[14.0,56.0],[15.0,56.0],[15.0,57.0],[14.0,57.0],[14.0,56.0]]]}}]}"#;
    let dir = write(&with(minimal(), "locations.geojson", geo));
    let feed = load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap();
    assert_eq!(feed.demand_areas.len(), 1);
    assert_eq!(feed.demand_areas[0].name, "Närtrafik Norra");
    assert!(feed.demand_areas[0].contains(56.5, 14.5));
    assert!(!feed.demand_areas[0].contains(57.5, 14.5));
}

// --- the network cache ------------------------------------------------------------------

/// `calendar_feed()` with an odd file (a BOM), so that warnings go through the cache too.
fn cache_feed() -> Vec<(&'static str, String)> {
    let mut files = calendar_feed();
    files.push((
        "transfers.txt",
        "\u{feff}from_stop_id,to_stop_id,transfer_type,min_transfer_time\nP1,S2,2,120\n".into(),
    ));
    files
}

#[test]
fn a_cache_hit_gives_the_feed_a_fresh_load_gives() {
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = narhet::feed::Cache::at(cache_dir.path());
    let dir = write(&cache_feed());
    let tmp = tempfile::tempdir().unwrap();
    let bytes: Vec<(&str, Vec<u8>)> = cache_feed().into_iter().map(|(n, t)| (n, t.into_bytes())).collect();
    let refs: Vec<(&str, &[u8])> = bytes.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let zip = feed_zip(tmp.path(), "feed.zip", "", &refs);
    let opts = LoadOptions::default();
    // One feed, a zip, and both merged (colliding ids renamed).
    for paths in [vec![dir.path().to_path_buf()], vec![zip.clone()], vec![dir.path().to_path_buf(), zip]] {
        let fresh = load(&paths, &opts).unwrap();
        assert!(fresh.warnings.count("utf8_bom") >= 1);
        let (first, used) = narhet::feed::load_cached(&paths, &opts, &cache).unwrap();
        assert!(matches!(used, narhet::feed::CacheUse::Written(_)), "{used:?}");
        let (again, used) = narhet::feed::load_cached(&paths, &opts, &cache).unwrap();
        assert!(matches!(used, narhet::feed::CacheUse::Hit(_)), "{used:?}");
        assert_eq!(first, fresh);
        assert_eq!(again, fresh);
    }
}

#[test]
fn a_one_byte_change_in_any_input_file_misses() {
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = narhet::feed::Cache::at(cache_dir.path());
    let files = cache_feed();
    let dir = write(&files);
    let paths = [dir.path().to_path_buf()];
    let opts = LoadOptions::default();
    narhet::feed::load_cached(&paths, &opts, &cache).unwrap();
    for (name, text) in &files {
        // The last character before the final newline, changed to another of its kind.
        let mut b = text.clone().into_bytes();
        let i = b.len() - 2;
        b[i] = match b[i] {
            b'0'..=b'8' => b[i] + 1,
            b'9' => b'8',
            c if c.is_ascii_alphabetic() => c ^ 0x20,
            _ => b'x',
        };
        std::fs::write(dir.path().join(name), &b).unwrap();
        let fresh = load(&paths, &opts);
        let cached = narhet::feed::load_cached(&paths, &opts, &cache);
        match (fresh, cached) {
            (Ok(fresh), Ok((feed, used))) => {
                assert!(!matches!(used, narhet::feed::CacheUse::Hit(_)), "{name}: served from the cache");
                assert_eq!(feed, fresh, "{name}");
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "{name}"),
            (a, b) => panic!("{name}: fresh {:?}, cached {:?}", a.err(), b.err()),
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    // Back as it was: the first entry serves it again. Other options or another path spelling
    // name other entries.
    let (_, used) = narhet::feed::load_cached(&paths, &opts, &cache).unwrap();
    assert!(matches!(used, narhet::feed::CacheUse::Hit(_)), "{used:?}");
    let other = LoadOptions { max_stop_times: 1_000, ..Default::default() };
    let (_, used) = narhet::feed::load_cached(&paths, &other, &cache).unwrap();
    assert!(matches!(used, narhet::feed::CacheUse::Written(_)), "{used:?}");
    let spelled = [dir.path().join(".")];
    let (feed, used) = narhet::feed::load_cached(&spelled, &opts, &cache).unwrap();
    assert!(matches!(used, narhet::feed::CacheUse::Written(_)), "{used:?}");
    assert_eq!(feed.sources[0].path, spelled[0].display().to_string());
}

#[test]
fn a_truncated_or_damaged_cache_entry_is_ignored_and_rewritten() {
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = narhet::feed::Cache::at(cache_dir.path());
    let dir = write(&cache_feed());
    let paths = [dir.path().to_path_buf()];
    let opts = LoadOptions::default();
    let fresh = load(&paths, &opts).unwrap();
    let (_, used) = narhet::feed::load_cached(&paths, &opts, &cache).unwrap();
    let narhet::feed::CacheUse::Written(entry) = used else { panic!("{used:?}") };
    let whole = std::fs::read(&entry).unwrap();
    let mut flipped = whole.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 1;
    for damaged in [whole[..whole.len() / 2].to_vec(), whole[..10].to_vec(), Vec::new(), flipped] {
        std::fs::write(&entry, &damaged).unwrap();
        let (feed, used) = narhet::feed::load_cached(&paths, &opts, &cache).unwrap();
        assert_eq!(used, narhet::feed::CacheUse::Written(entry.clone()));
        assert_eq!(feed, fresh);
        assert_eq!(std::fs::read(&entry).unwrap(), whole, "rewritten whole");
    }
    let (feed, used) = narhet::feed::load_cached(&paths, &opts, &cache).unwrap();
    assert_eq!((feed, used), (fresh, narhet::feed::CacheUse::Hit(entry)));
}

#[test]
fn runs_building_the_same_entry_at_once_both_load() {
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = narhet::feed::Cache::at(cache_dir.path());
    let dir = write(&cache_feed());
    let paths = [dir.path().to_path_buf()];
    let fresh = load(&paths, &LoadOptions::default()).unwrap();
    let feeds: Vec<_> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..4)
            .map(|_| s.spawn(|| narhet::feed::load_cached(&paths, &LoadOptions::default(), &cache).unwrap().0))
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert!(feeds.iter().all(|f| *f == fresh));
    // One entry beside the folder's tag, no temporary files left.
    let mut names: Vec<_> = std::fs::read_dir(cache_dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[0], narhet::output::CACHE_TAG, "{names:?}");
    let (_, used) = narhet::feed::load_cached(&paths, &LoadOptions::default(), &cache).unwrap();
    assert!(matches!(used, narhet::feed::CacheUse::Hit(_)), "{used:?}");
}

#[test]
fn settled_inputs_are_not_hashed_again_and_a_change_still_misses() {
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = narhet::feed::Cache::at(cache_dir.path());
    let dir = write(&cache_feed());
    let paths = [dir.path().to_path_buf()];
    let opts = LoadOptions::default();
    // Files changed less than 2 s ago are always hashed; these have settled.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    narhet::feed::load_cached(&paths, &opts, &cache).unwrap();
    let memos = || {
        std::fs::read_dir(cache_dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("memo-"))
            .count()
    };
    assert_eq!(memos(), 1);
    let (fresh, used) = narhet::feed::load_cached(&paths, &opts, &cache).unwrap();
    assert!(matches!(used, narhet::feed::CacheUse::Hit(_)), "{used:?}");
    // A change of one byte, even with the size and modification time put back, changes the
    // file's change time: the memo no longer matches and the new content misses.
    let p = dir.path().join("stops.txt");
    let modified = std::fs::metadata(&p).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&p).unwrap().replace("Mitten", "Mitten".to_uppercase().as_str());
    std::fs::write(&p, text).unwrap();
    std::fs::File::options().write(true).open(&p).unwrap().set_modified(modified).unwrap();
    let (changed, used) = narhet::feed::load_cached(&paths, &opts, &cache).unwrap();
    assert!(matches!(used, narhet::feed::CacheUse::Written(_)), "{used:?}");
    assert_ne!(changed, fresh);
    assert_eq!(changed, load(&paths, &opts).unwrap());
}
