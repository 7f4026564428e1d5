//! Restidskvot to the regional core from every cell and town, on a hand-made feed and region
//! whose answer is worked out by hand: public transport median over the window, the estimated
//! car time, the ratio, the band and the population shares per municipality and county; the
//! strategic node's own run to the core agrees with its town's; and `compare` moves the people
//! between the bands when a line runs more often.

use std::path::Path;

use crate::common::*;
use narhet::analysis::assess::{Assessment, assess};
use narhet::analysis::compare::{Side, SideInfo, Sides, compare_data};
use narhet::analysis::reach::ReachOptions;
use narhet::analysis::{Network, Study};
use narhet::date::Date;
use narhet::metrics::restidskvot::BandShares;
use narhet::region::{PopulationGrid, Region};
use narhet::spatial::{Xy, to_sweref, to_wgs84};

/// The corner of cell A, a whole kilometre near 57.0 N 15.0 E on SWEREF 99 TM.
fn base() -> Xy {
    let h = to_sweref(57.0, 15.0);
    Xy { x: (h.x / 1000.0).floor() * 1000.0, y: (h.y / 1000.0).floor() * 1000.0 }
}

/// A point `(dx, dy)` metres from the base corner, as "lat,lon" with 8 decimals (about 1 mm).
fn at(dx: f64, dy: f64) -> (f64, f64) {
    let b = base();
    to_wgs84(Xy { x: b.x + dx, y: b.y + dy })
}

/// The region: the core Kärnby at K = base + (700.5, 500), 200.5 m east of cell A's centre;
/// Bodarna, a strategic node, at cell B's centre (10 km east of A's); an acute hospital at
/// stop B (not at the core, so that its results cannot pass for the core's); Ytterby, the seat
/// of the second municipality, at cell C's centre. Two municipalities: Kärnkommun (cells A, B)
/// and Ytterkommun (C, D).
fn region() -> String {
    let (klat, klon) = at(700.5, 500.0);
    let (blat, blon) = at(10_500.0, 500.0);
    let (hlat, hlon) = at(10_500.0, 600.5);
    let (ylat, ylon) = at(500.0, 10_500.0);
    format!(
        r#"
name = "Testlän"
county_code = "99"
population_grid = "grid.csv"
extent = [[14.9, 56.9], [15.6, 56.9], [15.6, 57.4], [14.9, 57.4], [14.9, 56.9]]

[[municipality]]
name = "Kärnkommun"
kommunkod = "0001"
seat = "Kärnby"
population_2024 = 1040

[[municipality]]
name = "Ytterkommun"
kommunkod = "0002"
seat = "Ytterby"
population_2024 = 260

[[town]]
name = "Kärnby"
kommunkod = "0001"
lat = {klat:.8}
lon = {klon:.8}
population = 1000
level = "regional_core"

[[town]]
name = "Bodarna"
kommunkod = "0001"
lat = {blat:.8}
lon = {blon:.8}
population = 40
level = "strategic_node"

[[town]]
name = "Ytterby"
kommunkod = "0002"
lat = {ylat:.8}
lon = {ylon:.8}
population = 200
level = "other"

[[care]]
name = "Bodarna sjukhus"
kind = "acute_hospital"
lat = {hlat:.8}
lon = {hlon:.8}
kommunkod = "0001"
"#
    )
}

/// Cells (1 km, corners from the base): A (0, 0) 1 000 people, B (10 km, 0) 40, C (0, 10 km)
/// 200, D (20 km, 20 km) 60 — A and B in Kärnkommun, C and D in Ytterkommun.
fn grid() -> String {
    let b = base();
    let row = |dx: f64, dy: f64, pop: u32, k: &str| format!("{},{},{pop},{k}\n", b.x + dx, b.y + dy);
    format!(
        "x,y,pop,kommunkod\n{}{}{}{}",
        row(0.0, 0.0, 1000, "0001"),
        row(10_000.0, 0.0, 40, "0001"),
        row(0.0, 10_000.0, 200, "0002"),
        row(20_000.0, 20_000.0, 60, "0002")
    )
}

/// Stops: B 100.5 m north of cell B's centre, C 100.5 m east of cell C's centre, H 50.5 m north
/// of the core. Line 1 B → H every 10 min from 06:55 to 09:05, 25 min; line 2 C → H every
/// `c_every` min from 06:50 to 09:20, 30 min.
fn feed(c_every: u32) -> Vec<(&'static str, String)> {
    let stop = |id: &str, (lat, lon): (f64, f64)| format!("{id},{id},{lat:.8},{lon:.8}\n");
    let stops = format!(
        "stop_id,stop_name,stop_lat,stop_lon\n{}{}{}",
        stop("B", at(10_500.0, 600.5)),
        stop("C", at(600.5, 10_500.0)),
        stop("H", at(700.5, 550.5))
    );
    let hm = |m: u32| format!("{:02}:{:02}:00", m / 60, m % 60);
    let mut st = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    let mut trips = String::from("route_id,service_id,trip_id\n");
    let mut add = |route: &str, id: String, from: &str, dep: u32, ride: u32| {
        st += &format!("{id},{},{},{from},1\n{id},{},{},H,2\n", hm(dep), hm(dep), hm(dep + ride), hm(dep + ride));
        trips += &format!("{route},WD,{id}\n");
    };
    for k in 0..14 {
        add("R1", format!("b{k}"), "B", 6 * 60 + 55 + 10 * k, 25);
    }
    let mut dep = 6 * 60 + 50;
    while dep <= 9 * 60 + 20 {
        add("R2", format!("c{dep}"), "C", dep, 30);
        dep += c_every;
    }
    let routes = "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,Bodarna–Kärnby,3\nR2,A,2,Craby–Kärnby,3\n";
    let f = with(minimal(), "stops.txt", &stops);
    with(with(with(f, "routes.txt", routes), "trips.txt", &trips), "stop_times.txt", &st)
}

fn study() -> Study {
    let region = Region::from_str(&region(), Path::new("regions/test.toml")).unwrap();
    Study::from_grid(region, &PopulationGrid::parse(&grid(), "grid.csv").unwrap())
}

fn date() -> Date {
    Date::parse("2026-11-24").unwrap()
}

/// The report's assessment (07:00–09:00, straight-line walking, estimated car times with the
/// default 5 min terminal time).
fn assessed(study: &Study, feed: &narhet::feed::Feed) -> Assessment {
    let opts = ReachOptions { window: (7 * 3600, 9 * 3600), ..Default::default() };
    let net = Network::build(feed, date(), &study.footpaths());
    let mut a = assess(study, &net, &opts, &|_| {}).unwrap();
    a.add_restidskvot(study, None, 300);
    a
}

fn bands(s: &BandShares) -> [u64; 5] {
    [s.population, s.le_1_5, s.from_1_5_to_2, s.over_2, s.no_transit_within_limit]
}

#[test]
fn every_cell_and_town_to_the_core_by_hand() {
    let study = study();
    assert_eq!(study.cells.iter().map(|c| c.population).collect::<Vec<_>>(), [1000, 40, 200, 60]);
    let dir = write(&feed(30));
    let feed = narhet::feed::load(&[dir.path().to_path_buf()], &Default::default()).unwrap();
    let a = assessed(&study, &feed);
    let k = a.restidskvot.as_ref().expect("restidskvot");
    let run = &a.reach;
    let core = run.core.as_ref().expect("the report's run reaches the core");
    assert_eq!((core.group.key.as_str(), core.group.label.as_str()), ("core", "Regionkärnan (Kärnby)"));
    assert_eq!(k.groups.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(), ["acute_hospital", "core"]);
    assert_eq!(k.core_name.as_deref(), Some("Kärnby"));
    let median = |i: usize| core.cell_results[i][0].stats.and_then(|s| s.median);

    // Walking is ceil(straight m × 1.3 / 1.3 m/s) s: d metres take ceil(d) s.
    // A: its centre is 200.5 m from K: walking all the way, 201 s, every minute (nothing leaves H).
    // B: 101 s to stop B → 2 whole minutes; line 1 leaves at :05, :15, … (≡ 5 mod 10); leaving
    //    home at m, at the stop at m + 2, waiting w = (5 − (m + 2)) mod 10, each of 0–9 twelve
    //    times in 120 minutes; 25 min ride, 50.5 m → 51 s to K: 120 + 60w + 1 500 + 51 s. The
    //    median (the 60th of 120) has w = 4 (ranks 49–60): 1 911 s.
    // C: line 2 leaves at :20 and :50 (≡ 20 mod 30); w from 0 to 29, four times each; the 60th
    //    has w = 14 (ranks 57–60): 120 + 840 + 1 800 + 51 = 2 811 s.
    // D: no stop within 1 km, 28 km from K: no public transport.
    assert_eq!((0..4).map(median).collect::<Vec<_>>(), [Some(201), Some(1911), Some(2811), None]);

    // Car (estimated): straight × 1.25, 5 km at 40 km/h, 15 km at 70, the rest at 90, rounded up,
    // + 300 s. A 200.5 m → 250.6 m → 22.6 s → 23 + 300 = 323 s. B 9 799.5 m → 12 249.4 m →
    // 450 + 372.8 → 823 + 300 = 1 123 s. C √(10 000² + 200.5²) = 10 002.0 m → 12 502.5 m →
    // 450 + 385.8 → 836 + 300 = 1 136 s. D √(19 799.5² + 20 000²) = 28 142.9 m → 35 178.6 m →
    // 450 + 771.4 + 607.1 → 1 829 + 300 = 2 129 s.
    let car = &k.cell_car[1];
    assert_eq!(car, &[Some(323), Some(1123), Some(1136), Some(2129)]);

    // Ratios: A 201 / 323 = 0.62 (≤ 1.5); B 1 911 / 1 123 = 1.70 (1.5–2); C 2 811 / 1 136 = 2.47
    // (> 2); D none within the limit.
    let t = k.table(run, &study.names, true);
    let cell = |r: usize, c: &str| t.get(r, c).expect(c).csv_text();
    assert_eq!((0..4).map(|r| cell(r, "core_restidskvot")).collect::<Vec<_>>(), ["0.62", "1.7", "2.47", ""]);
    assert_eq!(
        (0..4).map(|r| cell(r, "core_band")).collect::<Vec<_>>(),
        ["competitive", "between", "weak", "no_transit"]
    );
    assert_eq!((cell(1, "core_pt_median_min"), cell(1, "core_car_min")), ("31.9".into(), "18.7".into()));
    // The core's columns sit after the care groups', before the car-time source.
    assert_eq!(
        &t.columns[t.columns.len() - 5..],
        ["core_pt_median_min", "core_car_min", "core_restidskvot", "core_band", "car_times"]
    );

    // Population: Kärnkommun A 1 000 ≤ 1.5, B 40 1.5–2 (1 040); Ytterkommun C 200 > 2, D 60 no
    // PT (260); the county 1 300: 1 000 / 40 / 200 / 60 (76.9 %, 3.1 %, 15.4 %, 4.6 %).
    let g = &k.groups[1];
    assert_eq!(bands(&g.municipalities[0]), [1040, 1000, 40, 0, 0]);
    assert_eq!(bands(&g.municipalities[1]), [260, 0, 0, 200, 60]);
    assert_eq!(bands(&g.county), [1300, 1000, 40, 200, 60]);
    // Population-weighted median ratio: Kärnkommun 0.62 (1 000 of 1 040); Ytterkommun only C's
    // 2.47; the county 0.62 (1 000 of the 1 240 with a ratio).
    let medians = [&g.municipalities[0], &g.municipalities[1], &g.county].map(|s| s.median_ratio);
    assert_eq!(medians, [Some(0.62), Some(2.47), Some(0.62)]);
    let text = k.text();
    assert!(text.contains("Regionkärnan (Kärnby)"), "{text}");
    let json = k.json();
    assert_eq!(json["groups"][1]["county"]["over_2"], 200);

    // Towns: Kärnby stands on the core (0 min: no trip, ≤ 1.5 without a ratio); Bodarna at B's
    // centre is cell B: 1 911 s by public transport, 1 123 s by car, 1.70.
    let tt = k.table(run, &study.names, false);
    let town = |r: usize, c: &str| tt.get(r, c).expect(c).csv_text();
    assert_eq!(
        (town(0, "town"), town(0, "core_restidskvot"), town(0, "core_band")),
        ("Kärnby".into(), "".into(), "competitive".into())
    );
    assert_eq!(
        (town(1, "core_pt_median_min"), town(1, "core_restidskvot"), town(1, "core_band")),
        ("31.9".into(), "1.7".into(), "between".into())
    );
    // The strategic node's own run to the core (analysis::nodes) gives Bodarna the same
    // median, 1 911 s = 31.9 min, and the same ratio.
    let node = &k.nodes[0];
    assert_eq!(
        (node.town.as_str(), node.pt_median_min, node.car_min, node.restidskvot),
        ("Bodarna", Some(31.9), Some(18.7), Some(1.70))
    );
    // The acute hospital at stop B is another destination: cell B walks there in 101 s.
    assert_eq!(run.cell_results[1][0].stats.and_then(|s| s.median), Some(101));
}

#[test]
fn compare_moves_people_between_the_core_bands() {
    let study = study();
    // After: line 2 every 10 min (06:50 … 09:20): C waits w = (0 − (m + 2)) mod 10, 0–9 twelve
    // times each; the 60th has w = 4: 120 + 240 + 1 800 + 51 = 2 211 s; 2 211 / 1 136 = 1.95
    // (1.5–2). C's 200 people move from > 2 to 1.5–2; nothing else changes.
    let (before, after) = (write(&feed(30)), write(&feed(10)));
    let load = |p: &Path| narhet::feed::load(&[p.to_path_buf()], &Default::default()).unwrap();
    let (fb, fa) = (load(before.path()), load(after.path()));
    let (ab, aa) = (assessed(&study, &fb), assessed(&study, &fa));
    let info = SideInfo { feeds: vec!["test".into()], date: date().to_string(), scenario: None, care_closed: vec![] };
    let sides = Sides {
        before: Side { study: &study, feed: &fb, date: date(), assessment: &ab },
        after: Side { study: &study, feed: &fa, date: date(), assessment: &aa },
    };
    let d = compare_data([info.clone(), info], &sides, [7 * 3600, 9 * 3600]);
    let county = d.restidskvot_bands.iter().find(|c| c.group == "core" && c.area == "county").expect("core bands");
    let diffs: Vec<i64> = county.bands.iter().map(|b| b.difference).collect();
    assert_eq!(diffs, [0, 200, -200, 0]);
    // 200 / 1 300 = 15.4 % > 2 before, 0 after.
    assert_eq!((county.bands[2].share_before_pct, county.bands[2].share_after_pct), (Some(15.4), Some(0.0)));
    let yttre = d.restidskvot_bands.iter().find(|c| c.group == "core" && c.area == "Ytterkommun").unwrap();
    assert_eq!(
        yttre.bands.iter().map(|b| (b.before, b.after)).collect::<Vec<_>>(),
        [(0, 0), (0, 200), (200, 0), (60, 60)]
    );
    // The share ≤ 1.5 does not move (76.9 %); the county median ratio stays 0.62.
    let m = |name: &str| d.restidskvot.iter().find(|c| c.metric == name).map(|c| (c.before, c.after));
    assert_eq!(m("restidskvot_le_1_5_pct_core"), Some((Some(76.9), Some(76.9))));
    assert_eq!(m("restidskvot_median_core"), Some((Some(0.62), Some(0.62))));
}

/// On the shipped sample: the core rides the report's reach run without changing it (every
/// cell's and town's results to care equal a run without the core), and each strategic node's
/// town gets from it the same median to the core as the node's own run (`analysis::nodes`),
/// so the node table and the new core bands are one measure.
#[test]
fn the_core_on_the_sample_changes_nothing_else_and_agrees_with_the_nodes() {
    use narhet::analysis::inputs::dest_groups;
    use narhet::analysis::reach::{run_reach, run_reach_and_core};
    use narhet::feed::{LoadOptions, load};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let study = Study::load(&root.join("regions/kronoberg.toml")).expect("sample region");
    let feed = load(&[root.join("gtfs/kronoberg")], &LoadOptions::default()).expect("sample feed");
    let opts = ReachOptions { window: (7 * 3600, 9 * 3600), return_after: Some(7200), ..Default::default() };
    let net = Network::build(&feed, date(), &study.footpaths());
    let mut a = assess(&study, &net, &opts, &|_| {}).unwrap();
    a.add_restidskvot(&study, None, 300);
    let groups = dest_groups(&study.care, &[]).unwrap();
    let plain = run_reach(&study, &net.tt, groups.clone(), opts.params(&study.region), &|_| {});
    assert!(plain.core.is_none());
    assert!(plain.cell_results == a.reach.cell_results && plain.town_results == a.reach.town_results);
    let again = run_reach_and_core(&study, &net.tt, groups, opts.params(&study.region), &|_| {});
    let core = a.reach.core.as_ref().unwrap();
    assert!(again.core.as_ref().is_some_and(|c| c.cell_results == core.cell_results));
    let k = a.restidskvot.as_ref().unwrap();
    assert_eq!(k.nodes.len(), 7);
    let mut reached = 0;
    for n in &k.nodes {
        let i = a.reach.towns.iter().position(|t| t.name == n.town).unwrap();
        // Minutes with one decimal, as the node table rounds them.
        let min = |s: u32| (s as f64 / 60.0 * 10.0).round() / 10.0;
        let m = core.town_results[i][0].stats.and_then(|s| s.median).map(min);
        assert_eq!(m, n.pt_median_min, "{}", n.town);
        assert_eq!(k.town_car[k.groups.len() - 1][i].map(min), n.car_min, "{}", n.town);
        reached += m.is_some() as usize;
    }
    // Six of the seven reach the core within the limit (Markaryd does not, on the sample).
    assert_eq!(reached, 6);
    // Every inhabitant of the grid is in one band to the core.
    let c = &k.groups.last().unwrap().county;
    assert_eq!(c.le_1_5 + c.from_1_5_to_2 + c.over_2 + c.no_transit_within_limit + c.no_car_time, c.population);
}
