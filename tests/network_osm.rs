//! The street networks on a real OpenStreetMap extract: Källby (Götene kommun), `osm-kallby` in
//! `../shared/data` (ODbL, © OpenStreetMap contributors; read in place, never copied). Skipped
//! with a notice when the folder is absent.

use std::path::PathBuf;

use crate::common;
use narhet::analysis::streets::{Streets, TravelMode, check_trip};
use narhet::spatial::to_sweref;
use narhet::walk::Walk;

/// The real Källby extract in `../shared/data` (skipped with a notice when absent).
fn kallby() -> Option<PathBuf> {
    common::shared("osm-kallby/kallby.osm.pbf")
}

#[test]
fn kallby_loads_with_its_counts() {
    let Some(path) = kallby() else { return };
    let s = Streets::load(&path).expect("kallby.osm.pbf reads");
    // The data README: 4 068 nodes and 447 ways, of which 95 carry a highway tag (incl. footways).
    assert_eq!((s.counts.nodes, s.counts.ways, s.counts.highways), (4068, 447, 95));
    // Every highway way but bus stops on ways (none here) is walkable; the extract is cut at its
    // bounds, so some ways point to nodes outside it.
    assert!(s.counts.kept_ways >= 90, "{:?}", s.counts);
    assert!(s.walk.nodes() > 500 && s.walk.segments() > 500, "walk: {} nodes", s.walk.nodes());
    // Footways and paths (42 ways) are walked, not driven.
    assert!(s.car.nodes() < s.walk.nodes());
}

#[test]
fn a_walk_across_kallby_is_at_least_the_straight_line_and_plausible() {
    let Some(path) = kallby() else { return };
    let s = Streets::load(&path).expect("kallby.osm.pbf reads");
    // South-west to north-east of the village, about 750 m apart.
    let (a, b) = (to_sweref(58.5090, 13.2990), to_sweref(58.5125, 13.3100));
    let t = check_trip(&s, TravelMode::Walk, a, b, Walk::new(1.3, 1.0).unwrap(), 0).expect("connected");
    let r = t.network_m / t.straight_m;
    // The network cannot beat the straight line; a village street grid with paths is rarely
    // more than twice it (narhet's straight-line model assumes 1.3).
    assert!((700.0..800.0).contains(&t.straight_m), "straight {}", t.straight_m);
    assert!((1.0..2.0).contains(&r), "network {} m, straight {} m", t.network_m, t.straight_m);
    // Time at 1.3 m/s: the network distance ÷ 1.3, within a second of rounding.
    assert!((t.secs as f64 - t.network_m / 1.3).abs() <= 1.0, "{} s for {} m", t.secs, t.network_m);
    // The car is slower to leave a footpath but the trip exists too.
    let c = check_trip(&s, TravelMode::Car, a, b, Walk::DEFAULT, 300).expect("driveable");
    assert!(c.network_m >= c.straight_m && c.secs > 300);
    eprintln!(
        "kallby walk: straight {:.0} m, network {:.0} m ({r:.2}×), {} s; car {:.0} m, {} s",
        t.straight_m, t.network_m, t.secs, c.network_m, c.secs
    );
}

#[test]
fn walks_to_the_station_on_kallby_streets_are_never_shorter_than_the_straight_line() {
    use narhet::analysis::walking::NetworkPaths;
    use narhet::walk::WalkPaths;
    let Some(path) = kallby() else { return };
    let s = std::sync::Arc::new(Streets::load(&path).expect("kallby.osm.pbf reads"));
    let paths = NetworkPaths { streets: s };
    // Källby's point (the village node, near the railway stop) and a 6 × 6 grid of homes over the
    // extract (58.5085–58.5130 N, 13.2965–13.3115 E).
    let stop = to_sweref(58.5106062, 13.3019476);
    let homes: Vec<_> =
        (0..36).map(|i| to_sweref(58.5085 + (i / 6) as f64 * 0.0009, 13.2965 + (i % 6) as f64 * 0.003)).collect();
    let mut ratios = Vec::new();
    for h in &homes {
        let m = paths.paths_m(*h, &[stop], 5000.0)[0].expect("the walking network connects the village");
        let straight = h.dist(stop);
        // A path (straight to the nearest way, along the ways, straight to the stop) is never
        // shorter than the straight line between its ends.
        assert!(m + 1e-6 >= straight, "{h:?}: network {m:.0} m < straight {straight:.0} m");
        ratios.push(m / straight.max(1.0));
    }
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    // Plausible: the homes lie in fields and yards around a village with a street grid and
    // footpaths, so the typical path is longer than the straight line but not by more than the
    // 1.3 × straight-line model would have assumed plus the walk out to the road.
    eprintln!("kallby homes → stop: median network/straight {median:.2}, range {:.2}–{:.2}", ratios[0], ratios[35]);
    assert!((1.0..2.0).contains(&median), "median ratio {median}");
}

#[test]
fn an_extract_that_misses_the_region_is_said() {
    let Some(path) = kallby() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut study = narhet::analysis::Study::load(&root.join("regions/kronoberg.toml")).expect("sample region");
    // Källby (Västergötland) is about 200 km from every Kronoberg town.
    let w = study.load_streets(Some(&path)).expect("reads").expect("a warning");
    assert!(w.contains("51 of the region's 51 towns lie over 1 km"), "{w}");
    assert!(study.streets.is_some());
}

#[test]
fn kallby_shape_nodes_are_contracted_and_every_cost_stays() {
    let Some(path) = kallby() else { return };
    let (data, _) = narhet::network::load(&path).expect("kallby.osm.pbf reads");
    for (name, g, plain) in [
        ("walk", data.walk_graph(), data.walk_graph_with(false)),
        ("car", data.car_graph(), data.car_graph_with(false)),
    ] {
        // A real extract: most nodes only shape a way (two segments); they are not searched.
        let share = 1.0 - g.vertices() as f64 / g.nodes() as f64;
        eprintln!(
            "kallby {name}: {} nodes, {} searched ({:.0} % inside chains)",
            g.nodes(),
            g.vertices(),
            share * 100.0
        );
        assert!(g.vertices() < g.nodes() && plain.vertices() == plain.nodes());
        // Trips on a 7 × 7 grid of points over the village: the same costs with every node searched.
        let pts: Vec<_> =
            (0..49).map(|i| to_sweref(58.506 + 0.0012 * (i / 7) as f64, 13.295 + 0.0030 * (i % 7) as f64)).collect();
        let (mut sc, mut sp) = (narhet::network::Search::new(&g), narhet::network::Search::new(&plain));
        for &a in &pts {
            for &b in pts.iter().step_by(5) {
                assert_eq!(g.trip(&mut sc, a, b).map(|t| t.cost), plain.trip(&mut sp, a, b).map(|t| t.cost), "{name}");
            }
        }
    }
}
