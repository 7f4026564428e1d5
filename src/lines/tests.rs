//! Tiny hand-written definitions with their GTFS worked out by hand.

use super::*;

const FEED: &str = r#"
[feed]
publisher_name = "t"
publisher_url = "https://example.invalid"
start_date = "2026-12-20"
end_date = "2026-12-27"

[[agency]]
id = "a"
name = "A"
url = "https://example.invalid"
"#;

fn tables(lines: &str) -> GtfsTables {
    let files = vec![parse_str(FEED, "feed.toml").unwrap(), parse_str(lines, "lines.toml").unwrap()];
    to_gtfs_tables(&files).unwrap()
}

fn file<'a>(t: &'a GtfsTables, name: &str) -> &'a str {
    t.files.iter().find(|(n, _)| n == name).map(|(_, b)| b.as_str()).unwrap_or_else(|| panic!("no {name}"))
}

fn error(lines: &str) -> LinesError {
    let files = vec![parse_str(FEED, "feed.toml").unwrap(), parse_str(lines, "lines.toml").unwrap()];
    to_gtfs_tables(&files).unwrap_err()
}

#[test]
fn run_times_dwell_reverse_and_midnight() {
    // A → B is 0.018° of latitude ≈ 2004 m; at 60 km/h (16.67 m/s) × road factor 1.5 that is
    // ≈ 180 s = 3 min. B → C is given as 10 min. Dwell 60 s at B (not at the ends).
    let t = tables(
        r#"
[[line]]
id = "L"
short_name = "1"
mode = "bus"
agency = "a"
speed_kmh = 60.0
road_factor = 1.5
dwell_s = 60
stops = [
  { id = "A", name = "Aby", lat = 56.000, lon = 15.0 },
  { id = "B", name = "Bby", lat = 56.018, lon = 15.0, wheelchair = true },
  { id = "C", name = "Cby", lat = 56.100, lon = 15.0, min = 10 },
]
[[line.service]]
days = ["weekday"]
departures = ["23:55"]
"#,
    );
    // Outbound: A 23:55; B arr 23:58, dep 23:59; C arr 24:09 (past midnight, kept counting).
    // Inbound from C 23:55: B arr 24:05 dep 24:06; A arr 24:09.
    // First call: no drop-off (1); last call: no pickup (1).
    assert_eq!(
        file(&t, "stop_times.txt"),
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n\
         L-i-WD-2355,23:55:00,23:55:00,C,1,0,1\n\
         L-i-WD-2355,24:05:00,24:06:00,B,2,0,0\n\
         L-i-WD-2355,24:09:00,24:09:00,A,3,1,0\n\
         L-o-WD-2355,23:55:00,23:55:00,A,1,0,1\n\
         L-o-WD-2355,23:58:00,23:59:00,B,2,0,0\n\
         L-o-WD-2355,24:09:00,24:09:00,C,3,1,0\n"
    );
    assert_eq!(
        file(&t, "trips.txt"),
        "route_id,service_id,trip_id,trip_headsign,direction_id\n\
         L,WD,L-i-WD-2355,Aby,1\n\
         L,WD,L-o-WD-2355,Cby,0\n"
    );
    // wheelchair true → 1, absent → empty; six decimals.
    assert_eq!(
        file(&t, "stops.txt"),
        "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding,platform_code\n\
         A,Aby,56.000000,15.000000,0,,,\n\
         B,Bby,56.018000,15.000000,0,,1,\n\
         C,Cby,56.100000,15.000000,0,,,\n"
    );
    assert_eq!(t.report.trips, 2);
    assert_eq!(t.report.stop_times, 6);
}

const TWO_STOPS: &str = r#"
[[stop]]
id = "S"
name = "Station"
lat = 56.0
lon = 15.0
station = true

[[stop]]
id = "S1"
name = "Station"
lat = 56.0
lon = 15.0
parent = "S"
platform = "1"

[[stop]]
id = "T"
name = "Torget"
lat = 56.05
lon = 15.0
wheelchair = false
"#;

#[test]
fn holidays_school_days_and_headways() {
    let t = tables(&format!(
        r#"{TWO_STOPS}
[[holiday]]
date = "2026-12-25"
name = "Juldagen"
run_as = "sunday"

[[school_break]]
name = "Jullov"
from = "2026-12-21"
to = "2026-12-23"

[[line]]
id = "L"
mode = "bus"
agency = "a"
reverse = false
stops = [{{ id = "S1" }}, {{ id = "T", min = 5 }}]

[[line.service]]
days = ["weekday"]
first = "07:00"
last = "08:00"
headway_min = 30

[[line.service]]
days = ["weekday"]
departures = ["07:10"]
school_days_only = true

[[line.service]]
days = ["sunday"]
departures = ["10:00"]
"#
    ));
    // Feed 2026-12-20 (Sun) … 2026-12-27 (Sun). Juldagen, Friday 25th, runs as Sunday:
    // WD loses the 25th, SU gains it. School trips also lose the break (21st–23rd, Mon–Wed).
    assert_eq!(
        file(&t, "calendar_dates.txt"),
        "service_id,date,exception_type\n\
         SU,20261225,1\n\
         WD,20261225,2\n\
         WD_SKOL,20261221,2\n\
         WD_SKOL,20261222,2\n\
         WD_SKOL,20261223,2\n\
         WD_SKOL,20261225,2\n"
    );
    assert!(file(&t, "calendar.txt").contains("WD,1,1,1,1,1,0,0,20261220,20261227\n"));
    // Headway 07:00–08:00 every 30 min = 3 trips; the school trip and the Sunday trip: 5.
    assert_eq!(t.report.trips, 5);
    // The station is written because its platform is used; the platform names its parent.
    let stops = file(&t, "stops.txt");
    assert!(stops.contains("S,Station,56.000000,15.000000,1,,,\n"), "{stops}");
    assert!(stops.contains("S1,Station,56.000000,15.000000,0,S,,1\n"));
    assert!(stops.contains("T,Torget,56.050000,15.000000,0,,2,\n"));
}

#[test]
fn frequency_lines_become_templates_and_load_back() {
    let t = tables(&format!(
        r#"{TWO_STOPS}
[[line]]
id = "F"
short_name = "F1"
mode = "tram"
agency = "a"
frequency = true
reverse = false
stops = [{{ id = "S1" }}, {{ id = "T", min = 4 }}]
[[line.service]]
days = ["weekday"]
first = "06:00"
last = "07:00"
headway_min = 20
"#
    ));
    // One template trip; end_time = last + headway so 07:00 is the last start.
    assert_eq!(
        file(&t, "frequencies.txt"),
        "trip_id,start_time,end_time,headway_secs,exact_times\nF-o-WD-0600,06:00:00,07:20:00,1200,1\n"
    );
    assert!(file(&t, "routes.txt").contains("F,a,F1,,0,\n"));
    let dir = tempfile::tempdir().unwrap();
    for (n, b) in &t.files {
        std::fs::write(dir.path().join(n), b).unwrap();
    }
    let feed = crate::feed::load(&[dir.path().to_path_buf()], &crate::feed::LoadOptions::default()).unwrap();
    assert_eq!(feed.warnings.total(), 0, "{:?}", feed.warnings);
    // 06:00, 06:20, 06:40, 07:00.
    assert_eq!(feed.run_shifts(0), vec![0, 1200, 2400, 3600]);
}

#[test]
fn demand_lines_need_booking_and_write_their_area() {
    let t = tables(&format!(
        r#"{TWO_STOPS}
[[line]]
id = "N"
mode = "demand"
agency = "a"
pickup = "phone"
drop_off = "phone"
reverse = false
stops = [{{ id = "S1" }}, {{ id = "T", min = 4 }}]
[line.area]
name = "Zon"
polygon = [[15.0, 56.0], [15.1, 56.0], [15.1, 56.1]]
[[line.service]]
days = ["saturday"]
departures = ["09:00"]
"#
    ));
    assert!(file(&t, "routes.txt").contains("N,a,,,715,\n"));
    // First call: pickup by booking (2), no drop-off (1); last: no pickup, drop-off by booking.
    assert!(file(&t, "stop_times.txt").contains("N-o-SA-0900,09:00:00,09:00:00,S1,1,2,1\n"));
    assert!(file(&t, "stop_times.txt").contains("N-o-SA-0900,09:04:00,09:04:00,T,2,1,2\n"));
    let gj: serde_json::Value = serde_json::from_str(file(&t, "locations.geojson")).unwrap();
    let f = &gj["features"][0];
    assert_eq!(f["properties"]["zone_type"], "narttrafik");
    assert_eq!(f["properties"]["stop_name"], "Zon");
    // The ring is closed: 3 points + the first again.
    assert_eq!(f["geometry"]["coordinates"][0].as_array().unwrap().len(), 4);
}

#[test]
fn typo_names_file_line_and_suggestion() {
    let text = "[[line]]\nid = \"L\"\nmode = \"bus\"\nagency = \"a\"\nspeed_kph = 50.0\nstops = []\n";
    let e = parse_str(text, "x.toml").unwrap_err();
    assert_eq!(e.file, "x.toml");
    assert_eq!(e.line, Some(5)); // speed_kph is on line 5
    assert!(e.message.contains("did you mean `speed_kmh`"), "{e}");
    let e = parse_str("[[line]]\nmode = \"boat\"\n", "y.toml").unwrap_err();
    assert_eq!(e.line, Some(2));
}

#[test]
fn semantic_errors_name_the_key() {
    let base = |stops: &str| {
        format!(
            "[[line]]\nid = \"L\"\nmode = \"bus\"\nagency = \"a\"\nspeed_kmh = 50.0\nstops = [{stops}]\n[[line.service]]\ndays = [\"weekday\"]\ndepartures = [\"07:00\"]\n"
        )
    };
    let e = error(&base(r#"{ id = "A", name = "A", lat = 56.0, lon = 15.0 }, { id = "Q" }"#));
    assert_eq!(e.key.as_deref(), Some("line[L].stops[1].id"));
    assert!(e.message.contains("unknown stop 'Q'"));
    // Line 2 of lines.toml holds the line's `id = "L"`.
    assert_eq!(e.line, Some(2));
    let e = error(&base(r#"{ id = "A", name = "A", lat = 56.0 }, { id = "B" }"#));
    assert_eq!(e.key.as_deref(), Some("line[L].stops[0]"));
    let e = error(
        &base(r#"{ id = "A", name = "A", lat = 56.0, lon = 15.0 }, { id = "B", name = "B", lat = 56.1, lon = 15.0 }"#)
            .replace("07:00", "7h"),
    );
    assert_eq!(e.key.as_deref(), Some("line[L].service[0].departures[0]"));
    assert_eq!(e.file, "lines.toml");
}
