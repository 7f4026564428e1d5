//! `compare` with two sides: a hand-made pair of feeds (one route removed, one headway halved)
//! with the differences worked out by hand; the sample against itself (every difference zero,
//! "inga förändringar" / "no changes"); each shipped scenario applied and written as GTFS gives
//! the same figures as `compare --scenario`; and care nodes open only within their dates.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;
use narhet::analysis::assess::assess;
use narhet::analysis::compare::{CompareData, Side, SideInfo, Sides, compare_data};
use narhet::analysis::compare_service::Status;
use narhet::analysis::reach::ReachOptions;
use narhet::analysis::{Network, Study};
use narhet::date::Date;
use narhet::region::{PopulationGrid, Region};
use narhet::spatial::{to_sweref, to_wgs84};

const REGION: &str = r#"
name = "Testlän"
county_code = "99"
population_grid = "grid.csv"
extent = [[14.9, 56.9], [15.4, 56.9], [15.4, 57.2], [14.9, 57.2], [14.9, 56.9]]

[[municipality]]
name = "Kärnkommun"
kommunkod = "0001"
seat = "Kärnby"
population_2024 = 1240

[[town]]
name = "Kärnby"
kommunkod = "0001"
lat = 57.0
lon = 15.0
population = 1000
level = "regional_core"

[[care]]
name = "Kärnby sjukhus"
kind = "acute_hospital"
lat = 57.0
lon = 15.0
kommunkod = "0001"
"#;

/// Cells A (1 000 people, holding the hospital), B (40, 11 km east) and C (200, 11 km north);
/// stops B and C at their cells' centres, H at the hospital.
fn grid_and_stops() -> (String, String) {
    let h = to_sweref(57.0, 15.0);
    let (ax, ay) = ((h.x / 1000.0).floor() * 1000.0, (h.y / 1000.0).floor() * 1000.0);
    let grid = format!(
        "x,y,pop,kommunkod\n{ax},{ay},1000,0001\n{},{ay},40,0001\n{ax},{},200,0001\n",
        ax + 11_000.0,
        ay + 11_000.0
    );
    let centre = |x: f64, y: f64| to_wgs84(narhet::spatial::Xy { x: x + 500.0, y: y + 500.0 });
    let ((blat, blon), (clat, clon)) = (centre(ax + 11_000.0, ay), centre(ax, ay + 11_000.0));
    let stops = format!(
        "stop_id,stop_name,stop_lat,stop_lon\nB,Bodarna,{blat:.6},{blon:.6}\nC,Craby,{clat:.6},{clon:.6}\nH,Sjukhuset,57.000000,15.000000\n"
    );
    (grid, stops)
}

/// A feed with route R1 from B (first departure 06:55, every 10 min, `r1` trips) and R2 from C
/// (first 06:50, every `r2_every` min, `r2` trips); every trip takes 20 min to H.
fn feed(stops: &str, r1: u32, (r2, r2_every): (u32, u32)) -> Vec<(&'static str, String)> {
    let mut st = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    let mut trips = String::from("route_id,service_id,trip_id\n");
    let hm = |m: u32| format!("{:02}:{:02}:00", m / 60, m % 60);
    let mut add = |route: &str, id: String, from: &str, dep: u32| {
        st += &format!("{id},{},{},{from},1\n{id},{},{},H,2\n", hm(dep), hm(dep), hm(dep + 20), hm(dep + 20));
        trips += &format!("{route},WD,{id}\n");
    };
    for k in 0..r1 {
        add("R1", format!("b{k}"), "B", 6 * 60 + 55 + 10 * k);
    }
    for k in 0..r2 {
        add("R2", format!("c{k}"), "C", 6 * 60 + 50 + r2_every * k);
    }
    let mut routes = String::from("route_id,agency_id,route_short_name,route_long_name,route_type\n");
    if r1 > 0 {
        routes += "R1,A,1,Bodarna–Sjukhuset,3\n";
    }
    routes += "R2,A,2,Craby–Sjukhuset,3\n";
    let f = with(minimal(), "stops.txt", stops);
    with(with(with(f, "routes.txt", &routes), "trips.txt", &trips), "stop_times.txt", &st)
}

fn info(date: Date) -> SideInfo {
    SideInfo { feeds: vec!["test".into()], date: date.to_string(), scenario: None, care_closed: vec![] }
}

/// Runs the comparison of two feed folders on `date` (coverage included).
fn compare_feeds(study: &Study, before: &Path, after: &Path, date: Date) -> CompareData {
    let load = |p: &Path| narhet::feed::load(&[p.to_path_buf()], &Default::default()).unwrap();
    let (fb, fa) = (load(before), load(after));
    let opts = ReachOptions { window: (7 * 3600, 9 * 3600), ..Default::default() };
    let run = |f| {
        let net = Network::build(f, date, &study.footpaths());
        let mut a = assess(study, &net, &opts, &|_| {}).unwrap();
        a.add_coverage(study, &net).unwrap();
        a
    };
    let (ab, aa) = (run(&fb), run(&fa));
    let sides = Sides {
        before: Side { study, feed: &fb, date, assessment: &ab },
        after: Side { study, feed: &fa, date, assessment: &aa },
    };
    compare_data([info(date), info(date)], &sides, [7 * 3600, 9 * 3600])
}

#[test]
fn a_removed_route_and_a_halved_headway_give_the_hand_worked_differences() {
    let (grid, stops) = grid_and_stops();
    let region = Region::from_str(REGION, Path::new("regions/test.toml")).unwrap();
    let study = Study::from_grid(region, &PopulationGrid::parse(&grid, "grid.csv").unwrap());
    assert_eq!(study.cells.iter().map(|c| c.population).collect::<Vec<_>>(), [1000, 40, 200]);
    // Before: R1 14 trips (06:55 … 09:05), R2 every 20 min, 8 trips (06:50 … 09:10).
    // After: R1 gone; R2 every 10 min, 15 trips (06:50 … 09:10).
    let before = write(&feed(&stops, 14, (8, 20)));
    let after = write(&feed(&stops, 0, (15, 10)));
    let date = Date::parse("2026-11-24").unwrap();
    let d = compare_feeds(&study, before.path(), after.path(), date);
    assert!(!d.no_changes);

    // Departures: B 14 → 0 (its only route is gone: removed), C 8 → 15; H is every trip's last
    // stop, so it has no departures. County: 14 + 8 = 22 → 15, −7.
    let stop = |id: &str| d.service.stops.iter().find(|s| s.stop_id == id).unwrap();
    assert_eq!((stop("B").departures, stop("B").status), ([14, 0], Status::Removed));
    assert_eq!((stop("C").departures, stop("C").status), ([8, 15], Status::Changed));
    let county = d.service.areas.last().unwrap();
    assert_eq!((county.departures.before, county.departures.after), (Some(22.0), Some(15.0)));
    assert_eq!(county.departures.difference, Some(-7.0));
    let route = |id: &str| d.service.routes.iter().find(|r| r.route_id == id).unwrap();
    assert_eq!((route("R1").runs, route("R1").status), ([14, 0], Status::Removed));
    assert_eq!((route("R2").runs, route("R2").status), ([8, 15], Status::Changed));
    // People affected: C (200) lives around stop C; R2's 400 m circle covers π·400² / 1 000² ≈
    // 0.503 of C's cell: 200 × 0.503 = 100.5 → 101 (H's circle covers part of A's cell too,
    // so R2's total is more than that; B's stop touches only B's cell: 40 × 0.503 = 20).
    assert_eq!(stop("B").people, 20);
    assert_eq!(stop("C").people, 101);

    // Vehicle-hours: every trip runs 20 min. Before (14 + 8) × 20 = 440 min = 7.33 h → 7.3;
    // after 15 × 20 = 300 min = 5.0 h; difference 5.0 − 7.3 = −2.3. Per route R1 14 × 20 min =
    // 4.67 h → 0; R2 8 × 20 min = 2.67 h → 5.0 h.
    assert_eq!((d.cost.before.vehicle_hours, d.cost.after.vehicle_hours), (7.3, 5.0));
    assert_eq!(d.cost.difference.vehicle_hours, -2.3);
    assert_eq!((d.cost.before.runs, d.cost.after.runs, d.cost.difference.runs), (22, 15, -7));
    assert_eq!(route("R1").vehicle_hours, [4.67, 0.0]);
    assert_eq!(route("R2").vehicle_hours, [2.67, 5.0]);

    // Access to the hospital within the limit: B's 40 lose it (the 11 km walk is far over the
    // longest walk that counts); A's 1 000 and C's 200 are reached both times.
    let acute = d.county.iter().find(|a| a.group == "acute_hospital").unwrap();
    let c = &acute.change;
    assert_eq!((c.lost_access, c.new_access, c.reached_both), (40, 0, 1200));
    // C: the walk to its stop is 1 min; leaving at minute t the trip takes next departure − t
    // + 20. Every 20 min that is 21…40 min, each 6 times over the 120 minutes: the 60th
    // fastest is 30 min. Every 10 min: 21…30, each 12 times: the 60th is 25 min. B before:
    // 25 min (see tests/limits.rs). Within 30 min: before A + B + C = 1 240, after 1 200;
    // B's 40 lose the band, nobody gains it.
    let within30 = &acute.within[0];
    assert_eq!((within30.before, within30.after), (Some(1240.0), Some(1200.0)));
    assert_eq!((c.bands[0].minutes, c.bands[0].lost, c.bands[0].gained), (30, 40, 0));
}

/// `../shared/data`-style lookup is not needed: these tests run on the shipped sample.
fn narhet(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_narhet")).args(args).output().expect("run narhet");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("compare.json")).unwrap()).unwrap()
}

/// Every `difference` (and `departures_diff`-like field) in the JSON, by path.
fn differences(v: &serde_json::Value, path: &str, out: &mut Vec<(String, serde_json::Value)>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "difference" {
                    out.push((path.to_string(), x.clone()));
                }
                differences(x, &format!("{path}.{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            a.iter().enumerate().for_each(|(i, x)| differences(x, &format!("{path}[{i}]"), out))
        }
        _ => {}
    }
}

#[test]
fn the_sample_against_itself_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (sv, en) = (tmp.path().join("sv"), tmp.path().join("en"));
    narhet(&["compare", "--date", "2026-11-24", "--out", sv.to_str().unwrap()]);
    let v = json(&sv);
    assert_eq!(v["no_changes"], true);
    let mut diffs = Vec::new();
    differences(&v, "", &mut diffs);
    // Nodes (6 measures each), bands, goals, coverage, cost, restidskvot: many, all zero.
    assert!(diffs.len() > 100, "{}", diffs.len());
    for (path, x) in &diffs {
        let zero = x.is_null()
            || x.as_f64() == Some(0.0)
            || x.as_object().is_some_and(|o| o.values().all(|y| y.as_f64() == Some(0.0)));
        assert!(zero, "{path}: {x}");
    }
    assert_eq!(v["service"]["stops"].as_array().unwrap().len(), 0);
    assert_eq!(v["service"]["routes"].as_array().unwrap().len(), 0);
    assert_eq!(v["goals_changed"].as_array().unwrap().len(), 0);
    let c = &v["county"][0]["change"];
    assert_eq!((c["lost_access"].as_u64(), c["new_access"].as_u64()), (Some(0), Some(0)));
    let html = std::fs::read_to_string(sv.join("compare.html")).unwrap();
    assert!(html.contains("Inga förändringar"));
    assert!(std::fs::read_to_string(sv.join("compare.md")).unwrap().contains("Inga förändringar"));
    let out = narhet(&["compare", "--date", "2026-11-24", "--lang", "en", "--out", en.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("No changes."));
    assert!(std::fs::read_to_string(en.join("compare.html")).unwrap().contains("No changes"));
    for f in ["compare.xlsx", "cells_change.geojson", "stops_change.geojson", "figures/andrad_restid_vardcentral.png"] {
        assert!(en.join(f).is_file(), "{f}");
    }
}

/// compare.json without the sides' descriptions (feed paths and scenario names differ).
fn figures(dir: &Path) -> serde_json::Value {
    let mut v = json(dir);
    let m = v.as_object_mut().unwrap();
    m.remove("before");
    m.remove("after");
    v
}

#[test]
fn each_shipped_scenario_applied_as_gtfs_gives_the_same_figures_as_compare_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir("regions/kronoberg/scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 3);
    for (i, s) in files.iter().enumerate() {
        let text = std::fs::read_to_string(s).unwrap();
        // Care-node and goal edits change the region, which the written GTFS cannot carry: such
        // a scenario is given to the after side as well (it has no feed edits to apply twice).
        let region_edits = ["add_care_node", "move_care_node", "remove_care_node", "change_goal"];
        let feed_edits = ["add_lines", "remove_route", "change_headway", "scale_run_times", "add_stop", "move_stop"];
        let edits_region = region_edits.iter().any(|k| text.contains(k));
        assert!(!(edits_region && feed_edits.iter().any(|k| text.contains(k))), "{s:?} mixes both: extend this test");
        let (gtfs, one, two) =
            (tmp.path().join(format!("g{i}")), tmp.path().join(format!("a{i}")), tmp.path().join(format!("b{i}")));
        let (s, g) = (s.to_str().unwrap(), gtfs.to_str().unwrap());
        narhet(&["scenario", "apply", s, "--out", g]);
        narhet(&["compare", "--scenario", s, "--date", "2026-11-24", "--out", one.to_str().unwrap()]);
        let mut args = vec!["compare", "--before-gtfs", "gtfs/kronoberg", "--after-gtfs", g, "--date", "2026-11-24"];
        if edits_region {
            args.extend(["--after-scenario", s]);
        }
        args.extend(["--out", two.to_str().unwrap()]);
        narhet(&args);
        let (x, y) = (figures(&one), figures(&two));
        assert_eq!(x["no_changes"], false, "{s}");
        assert!(x == y, "{s}: the figures differ\n{x:#}\n---\n{y:#}");
    }
}

#[test]
fn a_scenario_changing_a_municipality_goal_is_counted() {
    // The sample meets none of its 8 municipality goals (share with basic service); lowering
    // Alvesta's target to 1 % makes it met: 0 → 1, and the goal is listed as changing status.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("mal.toml");
    let text = "[scenario]\nname = \"Lägre mål\"\n[[modification]]\ntype = \"change_goal\"\nkommunkod = \"0764\"\nmin_share_basic_service = 0.01\n";
    std::fs::write(&file, text).unwrap();
    let out = tmp.path().join("out");
    narhet(&["compare", "--scenario", file.to_str().unwrap(), "--date", "2026-11-24", "--out", out.to_str().unwrap()]);
    let v = json(&out);
    let m = &v["municipality_goals_met"];
    assert_eq!((m["before"].as_f64(), m["after"].as_f64()), (Some(0.0), Some(1.0)), "{m}");
    let g = v["goals_changed"].as_array().unwrap();
    assert_eq!(g.len(), 1, "{g:?}");
    assert_eq!(
        (g[0]["goal"].as_str(), g[0]["met_before"].as_bool(), g[0]["met_after"].as_bool()),
        (Some("share_basic_service"), Some(false), Some(true))
    );
    assert_eq!(g[0]["target_after"].as_f64(), Some(0.01));
}

const SUMMER: &str = r#"
[[care]]
name = "Sommarstängd vårdcentral"
kind = "vardcentral"
lat = 57.0
lon = 15.0
kommunkod = "0001"
valid_from = "2025-01-01"
valid_to = 2025-06-15
"#;

#[test]
fn a_care_node_is_open_only_within_its_dates() {
    let region = Region::from_str(&format!("{REGION}{SUMMER}"), Path::new("regions/test.toml")).unwrap();
    let node = &region.care[1];
    // A quoted date and a TOML date literal both read.
    assert_eq!((node.valid_from, node.valid_to), (Date::parse("2025-01-01"), Date::parse("2025-06-15")));
    let (grid, _) = grid_and_stops();
    let study = Study::from_grid(region, &PopulationGrid::parse(&grid, "grid.csv").unwrap());
    let (june15, june16) = (Date::parse("2025-06-15").unwrap(), Date::parse("2025-06-16").unwrap());
    assert!(node_open(&study, june15) && !node_open(&study, june16));
    assert_eq!(study.on_date(june16).care.len(), 1);
    assert_eq!(study.on_date(june15).care.len(), 2);

    // From after to: refused, naming the file, line and key.
    let bad = SUMMER.replace("2025-01-01", "2025-07-01");
    let e = Region::from_str(&format!("{REGION}{bad}"), Path::new("regions/test.toml")).unwrap_err().to_string();
    assert!(e.contains("care[1].valid_to") && e.contains("after valid_to"), "{e}");
    let bad = SUMMER.replace("\"2025-01-01\"", "\"2025-13-01\"");
    let e = Region::from_str(&format!("{REGION}{bad}"), Path::new("regions/test.toml")).unwrap_err().to_string();
    assert!(e.contains("2025-13-01"), "{e}");
}

fn node_open(study: &Study, d: Date) -> bool {
    study.region.care[1].open_on(d)
}
