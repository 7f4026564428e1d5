//! Scenarios on a hand-made network: edits, their checks, the before/after differences, the
//! cost side, and writing the edited network back to GTFS. Answers worked out by hand.

use std::path::Path;

use crate::common::*;
use narhet::date::Date;
use narhet::feed::Feed;
use narhet::metrics::reach::{CareKind, CareNode, DestGroup, Origin, ReachParams, compute};
use narhet::scenario::cost::{route_costs, totals};
use narhet::scenario::diff::{ChangeClass, Side, access_change, median_changes};
use narhet::scenario::{Plan, Scenario, write_gtfs};
use narhet::spatial::{Xy, to_sweref};
use narhet::timetable::{FootpathOptions, Timetable};

const A: (f64, f64) = (56.90, 15.13);
const H: (f64, f64) = (56.90, 14.80);
const M: (f64, f64) = (56.90, 14.96);

/// Stops A (Aby), M (Mellan, between) and H (sjukhuset), ~20 km A–H. Route "kust-1": A → M →
/// H, 07:05 → 07:20 → 07:35 and 08:05 → 08:35; route "kust-2": H → A at 16:00 → 16:30.
/// Service S runs every day of 2026.
fn base() -> Feed {
    let stops = format!(
        "stop_id,stop_name,stop_lat,stop_lon\nA,Aby,{},{}\nM,Mellan,{},{}\nH,Sjukhuset,{},{}\n",
        A.0, A.1, M.0, M.1, H.0, H.1
    );
    let routes = "route_id,agency_id,route_short_name,route_long_name,route_type\nkust-1,A,1,,3\nkust-2,A,2,,3\n";
    let trips = "route_id,service_id,trip_id,direction_id\nkust-1,S,T1,0\nkust-1,S,T2,0\nkust-2,S,T3,1\n";
    let st = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
        T1,07:05:00,07:05:00,A,1\nT1,07:20:00,07:20:00,M,2\nT1,07:35:00,07:35:00,H,3\n\
        T2,08:05:00,08:05:00,A,1\nT2,08:20:00,08:20:00,M,2\nT2,08:35:00,08:35:00,H,3\n\
        T3,16:00:00,16:00:00,H,1\nT3,16:30:00,16:30:00,A,2\n";
    TestFeed::new(&[("stops.txt", &stops), ("routes.txt", routes), ("trips.txt", trips), ("stop_times.txt", st)]).load()
}

/// Tuesday 24 November 2026.
fn tue() -> Date {
    Date::parse("2026-11-24").unwrap()
}

fn scenario(text: &str) -> Result<Scenario, narhet::scenario::ScenarioError> {
    Scenario::parse(text, "test.toml", Path::new("."))
}

fn applied(text: &str) -> Feed {
    scenario(text).unwrap().apply_to_feed(&base()).unwrap()
}

fn xy(p: (f64, f64)) -> Xy {
    to_sweref(p.0, p.1)
}

/// Reach from an origin standing at A to the hospital at H, leaving 07:00–07:09 (the window
/// [07:00, 07:10)), walking 1 m/s.
fn reach_from_a(feed: &Feed) -> Vec<narhet::metrics::reach::OriginReach> {
    let tt = Timetable::build(feed, tue(), &FootpathOptions::default());
    let nodes = vec![CareNode { name: "Sjukhuset".into(), kind: CareKind::AcuteHospital, at: xy(H) }];
    let groups = vec![DestGroup { key: "acute".into(), label: "Akut".into(), nodes: vec![0] }];
    let origins = vec![Origin { id: "a".into(), name: "a".into(), at: xy(A), population: 100, municipality: 0 }];
    let p = ReachParams {
        window_start: 7 * 3600,
        window_end: 7 * 3600 + 10 * 60,
        walk: narhet::walk::Walk::new(1.0, 1.0).unwrap(),
        return_after: None,
        ..Default::default()
    };
    compute(&tt, &nodes, &groups, &origins, &p, &|_| {})
}

const FAST: &str = r#"
[scenario]
name = "Snabblinje"

[[modification]]
type = "add_lines"
[[modification.line]]
id = "snabb"
mode = "bus"
agency = "A"
reverse = false
stops = [{ id = "A" }, { id = "H", min = 20 }]
[[modification.line.service]]
days = ["weekday"]
departures = ["07:03"]
"#;

#[test]
fn a_faster_line_changes_exactly_the_hand_worked_travel_times() {
    let before = reach_from_a(&base());
    let after = reach_from_a(&applied(FAST));
    // Before: 07:00…07:05 catch T1 (07:05 → 07:35): 35…30 min; 07:06…07:09 wait for T2
    // (08:05 → 08:35): 89…86 min.
    let b: Vec<Option<u32>> = [2100, 2040, 1980, 1920, 1860, 1800, 5340, 5280, 5220, 5160].map(Some).to_vec();
    assert_eq!(before[0][0].times, b);
    // After: 07:00…07:03 catch the new line (07:03 → 07:23): 23, 22, 21, 20 min; 07:04 and
    // 07:05 still take T1 (31, 30 min); 07:06… still wait for T2.
    let a: Vec<Option<u32>> = [1380, 1320, 1260, 1200, 1860, 1800, 5340, 5280, 5220, 5160].map(Some).to_vec();
    assert_eq!(after[0][0].times, a);
    // Median, nearest rank ceil(0.5 × 10) − 1 = index 4 of the sorted ten: before 1800 1860
    // 1920 1980 2040 … → 2040 s = 34 min; after 1200 1260 1320 1380 1800 … → 1800 s = 30 min: −4.
    let ch = median_changes(&before, Some(0), &after, Some(0));
    let got: Vec<_> = ch.iter().map(|c| (c.before_min, c.after_min, c.diff_min, c.class)).collect();
    assert_eq!(got, vec![(Some(34.0), Some(30.0), Some(-4.0), ChangeClass::Unchanged)]);
    // 100 people come within 30 min (34 → 30) and stay within 45, 60 and 90.
    let origins = vec![Origin { id: "a".into(), name: "a".into(), at: xy(A), population: 100, municipality: 0 }];
    let c = access_change(&origins, side(&before), side(&after));
    let bands: Vec<(u64, u64)> = c.bands.iter().map(|b| (b.gained, b.lost)).collect();
    assert_eq!(bands, [(100, 0), (0, 0), (0, 0), (0, 0)]);
    assert_eq!((c.reached_both, c.median_change_min), (100, Some(-4.0)));
}

fn side(r: &[narhet::metrics::reach::OriginReach]) -> Side<'_> {
    Side { results: r, group: Some(0) }
}

#[test]
fn an_empty_scenario_changes_nothing() {
    let s = scenario("[scenario]\nname = \"tom\"\n").unwrap();
    assert!(s.modifications.is_empty());
    let f = s.apply_to_feed(&base()).unwrap();
    let (b, a) = (reach_from_a(&base()), reach_from_a(&f));
    assert_eq!(b, a);
    let origins = vec![Origin { id: "a".into(), name: "a".into(), at: xy(A), population: 100, municipality: 0 }];
    assert!(median_changes(&b, Some(0), &a, Some(0)).iter().all(|c| c.diff_min == Some(0.0)));
    let c = access_change(&origins, side(&b), side(&a));
    assert!(c.bands.iter().all(|c| c.gained == 0 && c.lost == 0));
    assert_eq!((c.lost_access, c.new_access, c.median_change_min), (0, 0, Some(0.0)));
    assert_eq!(route_costs(&base(), tue()), route_costs(&f, tue()));
}

#[test]
fn removing_a_route_cuts_off_the_hospital() {
    let f = applied("[scenario]\nname = \"x\"\n[[modification]]\ntype = \"remove_route\"\nroute = \"kust-1\"\n");
    assert_eq!(f.routes.len(), 1);
    assert_eq!(f.trips.len(), 1);
    assert_eq!(f.calls.len(), 2); // T3's two calls
    let r = reach_from_a(&f);
    // Only walking is left: the ~20 km walk (over 5 h) does not count: not reached at all.
    assert!(r[0][0].times.iter().all(Option::is_none));
    let origins = vec![Origin { id: "a".into(), name: "a".into(), at: xy(A), population: 100, municipality: 0 }];
    let before = reach_from_a(&base());
    let c = access_change(&origins, side(&before), side(&r));
    // Before: median 34 min → within 45, 60 and 90 (not 30); after: none. 100 lose 45/60/90
    // and access within the limit; nobody is left to average a change over.
    let lost: Vec<u64> = c.bands.iter().map(|b| b.lost).collect();
    assert_eq!(lost, vec![0, 100, 100, 100]);
    assert_eq!((c.lost_access, c.reached_both, c.median_change_min, c.mean_change_min), (100, 0, None, None));
}

#[test]
fn vehicle_hours_and_km_of_an_added_line() {
    let s = r#"
[scenario]
name = "x"
[[modification]]
type = "add_lines"
[[modification.line]]
id = "snabb"
mode = "bus"
agency = "A"
stops = [{ id = "A" }, { id = "H", min = 20 }]
[[modification.line.service]]
days = ["weekday"]
departures = ["07:03", "08:03"]
"#;
    let before = totals(&route_costs(&base(), tue()));
    let after = totals(&route_costs(&applied(s), tue()));
    // Added: 2 departures × 2 directions = 4 runs of 20 min = 80 min = 1.333 h.
    assert_eq!(after.0 - before.0, 4);
    assert!((after.1 - before.1 - 80.0 / 60.0).abs() < 1e-9);
    // Vehicle-km: 4 × straight line A–H × 1.3. A–H is 0.33° of longitude at 56.9° N:
    // 0.33 × 111.3 km × cos 56.9° ≈ 20.1 km, so ≈ 4 × 26.1 ≈ 104.5 km.
    let km = after.2 - before.2;
    assert!((km - 4.0 * 1.3 * xy(A).dist(xy(H)) / 1000.0).abs() < 1e-9);
    assert!((km - 104.5).abs() < 1.0, "{km}");
    // Base by hand: T1 and T2 30 min each, T3 30 min: 1.5 h on a Tuesday.
    assert!((before.1 - 1.5).abs() < 1e-9);
}

#[test]
fn frequency_runs_count_one_by_one() {
    let s = r#"
[scenario]
name = "x"
[[modification]]
type = "add_lines"
[[modification.line]]
id = "tat"
mode = "rail"
agency = "A"
frequency = true
reverse = false
stops = [{ id = "A" }, { id = "H", min = 10 }]
[[modification.line.service]]
days = ["weekday"]
first = "07:00"
last = "08:00"
headway_min = 30
"#;
    let c = route_costs(&applied(s), tue());
    let tat = c.iter().find(|r| r.route_id == "tat").unwrap();
    // 07:00, 07:30, 08:00: three runs of 10 min; rail × 1.0.
    assert_eq!(tat.runs, 3);
    assert!((tat.vehicle_hours - 0.5).abs() < 1e-9);
    assert!((tat.vehicle_km - 3.0 * xy(A).dist(xy(H)) / 1000.0).abs() < 1e-9);
}

#[test]
fn change_headway_rebuilds_the_chosen_day_types_only() {
    let f = applied(
        "[scenario]\nname = \"x\"\n[[modification]]\ntype = \"change_headway\"\nroute = \"kust-1\"\ndays = [\"weekday\"]\nheadway_min = 15\n",
    );
    let runs_on = |d: &str| {
        let act = f.active_services(Date::parse(d).unwrap());
        let r = f.routes.iter().position(|r| r.id == "kust-1").unwrap() as u32;
        let mut deps: Vec<u32> = f
            .trips
            .iter()
            .enumerate()
            .filter(|(_, t)| t.route == r && act[t.service as usize])
            .map(|(i, _)| f.trip_calls(i)[0].departure)
            .collect();
        deps.sort();
        deps
    };
    // Tuesday: 07:05 to 08:05 every 15 min: 07:05, 07:20, 07:35, 07:50, 08:05.
    assert_eq!(runs_on("2026-11-24"), ["07:05", "07:20", "07:35", "07:50", "08:05"].map(t).to_vec());
    // Saturday keeps today's two trips.
    assert_eq!(runs_on("2026-11-28"), ["07:05", "08:05"].map(t).to_vec());
    // Each copy keeps the pattern: 07:50 → M 08:05 → H 08:20.
    let k = f.trips.iter().position(|x| x.id.ends_with("-0-0750")).unwrap();
    let times: Vec<u32> = f.trip_calls(k).iter().map(|c| c.arrival).collect();
    assert_eq!(times, ["07:50", "08:05", "08:20"].map(t).to_vec());
    // kust-2 untouched.
    assert!(f.trips.iter().any(|x| x.id == "T3"));
}

#[test]
fn scale_run_times_keeps_the_first_departure() {
    let f = applied(
        "[scenario]\nname = \"x\"\n[[modification]]\ntype = \"scale_run_times\"\nroute = \"kust-1\"\nfactor = 0.8\n",
    );
    let k = f.trips.iter().position(|x| x.id == "T1").unwrap();
    // 07:05 + 0.8 × 15 min = 07:17, + 0.8 × 30 min = 07:29.
    let times: Vec<u32> = f.trip_calls(k).iter().map(|c| c.arrival).collect();
    assert_eq!(times, ["07:05", "07:17", "07:29"].map(t).to_vec());
    let k3 = f.trips.iter().position(|x| x.id == "T3").unwrap();
    assert_eq!(f.trip_calls(k3)[1].arrival, t("16:30"));
}

#[test]
fn stops_are_added_and_moved() {
    let f = applied(
        "[scenario]\nname = \"x\"\n\
         [[modification]]\ntype = \"add_stop\"\nid = \"N\"\nname = \"Ny\"\nlat = 56.905\nlon = 15.13\n\
         [[modification]]\ntype = \"move_stop\"\nid = \"M\"\nlat = 56.901\nlon = 14.96\nname = \"Mellan ny\"\n",
    );
    assert_eq!(f.stops.len(), 4);
    let m = f.stops.iter().position(|s| s.id == "M").unwrap();
    assert_eq!((f.stops[m].lat, f.stops[m].name.as_str()), (56.901, "Mellan ny"));
    // The calls at M stay.
    assert_eq!(f.calls.iter().filter(|c| c.stop == m as u32).count(), 2);
}

#[test]
fn unknown_route_is_named_with_a_suggestion() {
    let f = base();
    let s =
        scenario("[scenario]\nname = \"x\"\n[[modification]]\ntype = \"remove_route\"\nroute = \"kust1\"\n").unwrap();
    let e = s.apply_to_feed(&f).unwrap_err();
    assert_eq!(e.modification, Some((1, "remove_route")));
    assert_eq!(e.field.as_deref(), Some("route"));
    let msg = e.to_string();
    assert!(msg.starts_with("test.toml, modification 1 (remove_route), field 'route'"), "{msg}");
    assert!(msg.contains("unknown route id 'kust1'") && msg.contains("did you mean `kust-1`?"), "{msg}");
}

#[test]
fn a_stop_too_far_from_the_network_is_refused() {
    let f = base();
    // 56.95 N is ~5.6 km north of A, the nearest stop.
    let s = scenario(
        "[scenario]\nname = \"x\"\n[[modification]]\ntype = \"add_stop\"\nid = \"far\"\nname = \"Skogen\"\nlat = 56.95\nlon = 15.13\n",
    )
    .unwrap();
    let e = s.apply_to_feed(&f).unwrap_err();
    assert_eq!(e.modification, Some((1, "add_stop")));
    assert!(e.message.contains("from the nearest existing stop ('A'") && e.message.contains("2000 m"), "{e}");
    // With a wider limit it passes.
    let s = scenario(
        "[scenario]\nname = \"x\"\nmax_stop_offset_m = 6000\n[[modification]]\ntype = \"add_stop\"\nid = \"far\"\nname = \"Skogen\"\nlat = 56.95\nlon = 15.13\n",
    )
    .unwrap();
    s.apply_to_feed(&f).unwrap();
    // A new line's new stop is checked the same way.
    let s = scenario(
        r#"[scenario]
name = "x"
[[modification]]
type = "add_lines"
[[modification.line]]
id = "ny"
mode = "bus"
agency = "A"
stops = [{ id = "A" }, { id = "sjon", name = "I sjön", lat = 57.2, lon = 15.13, min = 10 }]
[[modification.line.service]]
days = ["weekday"]
departures = ["07:00"]
"#,
    )
    .unwrap();
    let e = s.apply_to_feed(&base()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("stop 'sjon'"));
}

#[test]
fn other_checks() {
    let err = |body: &str| {
        let text = format!("[scenario]\nname = \"x\"\n[[modification]]\n{body}\n");
        match scenario(&text) {
            Ok(s) => s.apply_to_feed(&base()).unwrap_err().to_string(),
            Err(e) => e.to_string(),
        }
    };
    assert!(
        err("type = \"scale_run_times\"\nroute = \"kust-1\"\nfactor = 0").contains("field 'factor': must be above 0")
    );
    assert!(
        err("type = \"change_headway\"\nroute = \"kust-1\"\ndays = [\"weekday\"]\nheadway_min = -5")
            .contains("field 'headway_min'")
    );
    // A misspelt key: strict TOML with a suggestion.
    let e = err("type = \"change_headway\"\nroute = \"kust-1\"\ndays = [\"weekday\"]\nheadway_mins = 5");
    assert!(e.contains("did you mean `headway_min`?"), "{e}");
    // A line calling at a stop the feed does not have.
    let e = err(
        "type = \"add_lines\"\n[[modification.line]]\nid = \"n\"\nmode = \"bus\"\nagency = \"A\"\nstops = [{ id = \"A\" }, { id = \"Hx\", min = 3 }]",
    );
    assert!(e.contains("unknown stop id 'Hx'") && e.contains("did you mean `H`?"), "{e}");
    // Care edits need a region.
    assert!(err("type = \"remove_care_node\"\nname = \"x\"").contains("edits the region"));
}

#[test]
fn apply_then_load_round_trip() {
    let text = r#"
[scenario]
name = "x"
[[modification]]
type = "remove_route"
route = "kust-2"
[[modification]]
type = "add_lines"
[[modification.line]]
id = "snabb"
short_name = "S"
mode = "bus"
agency = "A"
stops = [{ id = "A" }, { id = "nyhall", name = "Ny hållplats", lat = 56.901, lon = 14.80, min = 20 }]
[[modification.line.service]]
days = ["weekday"]
departures = ["07:03", "08:03"]
[[modification]]
type = "change_headway"
route = "kust-1"
days = ["weekday"]
headway_min = 30
"#;
    let f = applied(text);
    let tables = write_gtfs::to_gtfs(&f, "test");
    // Deterministic.
    assert_eq!(tables, write_gtfs::to_gtfs(&f, "test"));
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in &tables {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    let g = narhet::feed::load(&[dir.path().to_path_buf()], &Default::default()).unwrap();
    let warnings: Vec<_> = g.warnings.iter().collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    // Routes: kust-1 and snabb. Stops: A, M, H, nyhall. Trips: snabb 2 × 2 = 4; kust-1 on
    // weekdays 07:05, 07:35, 08:05 (3) plus T1 and T2 kept for the weekend: 9.
    assert_eq!(g.routes.len(), 2);
    assert_eq!(g.stops.len(), 4);
    assert_eq!(g.trips.len(), 9);
    assert_eq!(g.calls.len(), f.calls.len());
    // The same service on a Tuesday.
    assert_eq!(route_costs(&f, tue()), route_costs(&g, tue()));
}

#[test]
fn a_scenario_feed_keeps_wheelchair_accessibility() {
    // The sample's trips carry wheelchair_accessible (0 unknown, 1 yes, 2 no); an edited feed
    // written as GTFS and read back keeps every trip's value, so `--wheelchair` on it means the
    // same as on the original.
    let (feed, region) = sample();
    let s = Scenario::load(Path::new("regions/kronoberg/scenarios/landsbygdslinje-dubbel-turtathet.toml")).unwrap();
    let (f, _) = s.apply(&feed, &region).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in &write_gtfs::to_gtfs(&f, "test") {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    let g = narhet::feed::load(&[dir.path().to_path_buf()], &Default::default()).unwrap();
    let codes = |x: &Feed| -> std::collections::BTreeMap<String, u8> {
        x.trips.iter().map(|t| (t.id.to_string(), t.wheelchair)).collect()
    };
    let (before, after) = (codes(&f), codes(&g));
    assert_eq!(before, after);
    for v in 0..=2u8 {
        assert!(after.values().any(|&w| w == v), "the sample has trips with wheelchair_accessible {v}");
    }
    // Booked calls (pickup/drop_off_type 2: the sample's närtrafik-style trips) stay booked, so
    // the edited feed does not count them as linjetrafik.
    let flags =
        |x: &Feed| -> Vec<(bool, bool, bool)> { x.calls.iter().map(|c| (c.pickup, c.drop_off, c.booking)).collect() };
    assert_eq!(flags(&f), flags(&g));
    assert!(flags(&g).iter().any(|c| c.2), "the sample has booked calls");
}

#[test]
fn shipped_examples_apply_to_the_sample() {
    let feed = narhet::feed::load(&[Path::new("gtfs/kronoberg").to_path_buf()], &Default::default()).unwrap();
    let region = narhet::region::Region::load(Path::new("regions/kronoberg.toml")).unwrap();
    let run = |name: &str| {
        let s = Scenario::load(&Path::new("regions/kronoberg/scenarios").join(name)).unwrap();
        s.apply(&feed, &region).unwrap()
    };
    // Räppe: two nodes out, one in; the network is untouched.
    let (f, r) = run("rappe-sjukhus.toml");
    assert_eq!(r.care.len(), region.care.len() - 1);
    assert!(r.care.iter().any(|c| c.name.starts_with("Räppe akutsjukhus")));
    assert_eq!(f.trips.len(), feed.trips.len());
    // Alvesta–Räppe: 06:00…22:00 every 30 min = 33 departures × 2 directions.
    let (f, _) = run("alvesta-rappe-direktlinje.toml");
    assert_eq!(f.routes.len(), feed.routes.len() + 1);
    assert_eq!(f.trips.len(), feed.trips.len() + 66);
    assert_eq!(f.stops.len(), feed.stops.len());
    // Line 280: weekday trips 4 + 4 (two services) replaced by 8 per direction.
    let (f, _) = run("landsbygdslinje-dubbel-turtathet.toml");
    assert_eq!(f.trips.len(), feed.trips.len() - 8 + 16);
}

/// Every kind of modification once, on the shipped sample: a new line Åby → Agunnaryd, Älmhult's
/// town bus removed, Alvesta's every 20 minutes on weekdays, the Kalmar train 10 % faster, a new
/// stop beside Åby and Åby moved a little, a vårdcentral added, Ljungby lasarett moved, the Räppe
/// what-if node removed, and new goals for Alvesta and Ljungby kommun.
const ALL_KINDS: &str = r#"
[scenario]
name = "Alla sorters ändringar"
[[modification]]
type = "add_lines"
[[modification.line]]
id = "test-ny"
mode = "bus"
agency = "ltk"
stops = [{ id = "aby" }, { id = "agunnaryd", min = 30 }]
[[modification.line.service]]
days = ["weekday"]
departures = ["07:00"]
[[modification]]
type = "remove_route"
route = "alm-1"
[[modification]]
type = "change_headway"
route = "alv-1"
days = ["weekday"]
headway_min = 20
[[modification]]
type = "scale_run_times"
route = "kt-vaxjo-kalmar"
factor = 0.9
[[modification]]
type = "add_stop"
id = "aby-ny"
name = "Åby ny"
lat = 56.9215
lon = 14.851
[[modification]]
type = "move_stop"
id = "aby"
lat = 56.9213
lon = 14.8509
[[modification]]
type = "add_care_node"
name = "Vårdcentralen Test"
kind = "vardcentral"
lat = 56.88
lon = 14.81
kommunkod = "0780"
[[modification]]
type = "move_care_node"
name = "Ljungby lasarett"
lat = 56.836
lon = 13.941
[[modification]]
type = "remove_care_node"
name = "Räppe, planerat"
[[modification]]
type = "change_goal"
town = "Alvesta"
max_minutes_to_core = 25
[[modification]]
type = "change_goal"
kommunkod = "0781"
min_share_basic_service = 0.9
"#;

fn sample() -> (Feed, narhet::region::Region) {
    let feed = narhet::feed::load(&[Path::new("gtfs/kronoberg").to_path_buf()], &Default::default()).unwrap();
    let region = narhet::region::Region::load(Path::new("regions/kronoberg.toml")).unwrap();
    (feed, region)
}

#[test]
fn apply_returns_edited_copies_and_leaves_its_inputs_untouched() {
    let (feed, region) = sample();
    let (feed_before, region_before) = (format!("{feed:?}"), format!("{region:?}"));
    let s = scenario(ALL_KINDS).unwrap();
    assert_eq!(s.modifications.len(), 11);
    let (f, r) = s.apply(&feed, &region).unwrap();
    // The inputs, field by field (their Debug text), are as they were.
    assert_eq!(format!("{feed:?}"), feed_before);
    assert_eq!(format!("{region:?}"), region_before);
    // The copies carry the edits: +1 route (test-ny) −1 (alm-1); +1 stop (aby-ny); care nodes
    // +1 −1; Alvesta's goal is 25 min, and Ljungby kommun (0781) has a goal row.
    assert_eq!(f.routes.len(), feed.routes.len());
    assert!(f.routes.iter().any(|x| x.id == "test-ny") && !f.routes.iter().any(|x| x.id == "alm-1"));
    assert_eq!(f.stops.len(), feed.stops.len() + 1);
    assert_eq!(r.care.len(), region.care.len());
    assert!(r.care.iter().any(|c| c.name == "Vårdcentralen Test"));
    assert_eq!(r.node_goal("Alvesta").max_minutes_to_core, Some(25));
    let g = r.goals.municipality.iter().find(|g| g.kommunkod == "0781").unwrap();
    assert_eq!(g.min_share_basic_service, Some(0.9));
    // The feed-only entry leaves its input untouched too.
    let remove = "[scenario]\nname = \"x\"\n[[modification]]\ntype = \"remove_route\"\nroute = \"alm-1\"\n";
    let only_network = scenario(remove).unwrap().apply_to_feed(&feed).unwrap();
    assert_eq!(format!("{feed:?}"), feed_before);
    assert_eq!(only_network.routes.len(), feed.routes.len() - 1);
}

#[test]
fn each_modification_resolves_into_a_plan_that_applies_without_an_error_path() {
    let (feed, region) = sample();
    let s = scenario(ALL_KINDS).unwrap();
    let (mut f, mut r) = (feed.clone(), region.clone());
    for i in 0..s.modifications.len() {
        // Resolving reads the network as edited so far and may fail; applying returns `()`:
        // there is no error to handle, by its type.
        let plan: Plan = s.resolve(i, &f, Some(&r)).unwrap();
        let () = plan.apply(&mut f, &mut r);
    }
    // Step by step gives what `apply` gives.
    let (f2, r2) = s.apply(&feed, &region).unwrap();
    assert_eq!(format!("{f:?}"), format!("{f2:?}"));
    assert_eq!(format!("{r:?}"), format!("{r2:?}"));
    // A plan is resolved against the network as edited so far: after the removal, alm-1 is
    // unknown to a later modification.
    let again = "\n[[modification]]\ntype = \"remove_route\"\nroute = \"alm-1\"\n";
    let e = scenario(&format!("{ALL_KINDS}{again}")).unwrap().apply(&feed, &region).unwrap_err();
    assert_eq!(e.modification, Some((12, "remove_route")));
    // Region edits without a region are refused when they are reached, with the same message.
    let e = s.apply_to_feed(&feed).unwrap_err();
    assert_eq!(e.modification, Some((7, "add_care_node")));
    assert!(e.message.contains("edits the region; give a region file"), "{e}");
    assert!(s.resolve(99, &feed, None).is_err());
}

#[test]
fn add_lines_builds_its_lines_once_when_it_resolves() {
    // The line comes from a file; the plan holds the built lines, so the file may be gone by
    // the time the plan is applied.
    let dir = tempfile::tempdir().unwrap();
    let line = "[[line]]\nid = \"snabb\"\nmode = \"bus\"\nagency = \"A\"\nreverse = false\n\
                stops = [{ id = \"A\" }, { id = \"H\", min = 20 }]\n\
                [[line.service]]\ndays = [\"weekday\"]\ndepartures = [\"07:03\"]\n";
    std::fs::write(dir.path().join("snabb.toml"), line).unwrap();
    let text = "[scenario]\nname = \"x\"\n[[modification]]\ntype = \"add_lines\"\nfiles = [\"snabb.toml\"]\n";
    let s = Scenario::parse(text, "test.toml", dir.path()).unwrap();
    let mut f = base();
    let plan = s.resolve(0, &f, None).unwrap();
    std::fs::remove_file(dir.path().join("snabb.toml")).unwrap();
    let Plan::Network(plan) = plan else { panic!("add_lines edits the network") };
    plan.apply(&mut f);
    // The same as FAST (the line written inline): one weekday run A 07:03 → H 07:23.
    assert_eq!(reach_from_a(&f), reach_from_a(&applied(FAST)));
    assert!(f.trips.iter().any(|t| t.id.starts_with("snabb-o-WD-0703")));
    // Resolving again now fails: the file is read when resolving, and only then.
    let e = s.resolve(0, &base(), None).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("files[0]"));
}
