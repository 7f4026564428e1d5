//! Hand-made networks with answers worked out by hand.

use super::profile::WayTags;
use super::*;

pub(super) fn p(x: f64, y: f64) -> Xy {
    Xy { x, y }
}

fn way(nodes: &[u32], highway: &str, tags: &[(&str, &str)]) -> RoadWay {
    RoadWay { nodes: nodes.to_vec(), tags: WayTags::of(highway, tags) }
}

/// A river along y = 50 between two streets: the south street y = 0 and the north street
/// y = 100, both from x = −200 to x = 200, and one bridge at x = 200.
pub(super) fn river() -> RoadData {
    RoadData {
        xy: vec![p(-200.0, 0.0), p(0.0, 0.0), p(200.0, 0.0), p(-200.0, 100.0), p(0.0, 100.0), p(200.0, 100.0)],
        ways: vec![
            way(&[0, 1, 2], "residential", &[]),
            way(&[3, 4, 5], "residential", &[]),
            way(&[2, 5], "footway", &[("bridge", "yes")]),
        ],
    }
}

#[test]
fn a_river_makes_the_walk_longer_by_the_detour_to_the_bridge() {
    let g = river().walk_graph();
    let mut s = Search::new(&g);
    let t = g.trip(&mut s, p(0.0, 0.0), p(0.0, 100.0)).unwrap();
    // Straight across: 100 m. On the network: east 200 m to the bridge, 100 m over it, west
    // 200 m back = 500 m, i.e. 500 000 mm; 400 m longer than the straight line.
    assert_eq!(t.cost, 500_000);
    assert!((t.length_m - 500.0).abs() < 1e-9);
    assert_eq!(t.line.first(), Some(&p(0.0, 0.0)));
}

#[test]
fn a_point_with_no_way_nearby_walks_straight_to_the_nearest_way() {
    let g = river().walk_graph();
    let mut s = Search::new(&g);
    // 30 m south of the south street: 30 m straight to (0, 0), then the 500 m above = 530 m.
    let t = g.trip(&mut s, p(0.0, -30.0), p(0.0, 100.0)).unwrap();
    assert_eq!(t.cost, 530_000);
    assert_eq!(t.from.at, p(0.0, 0.0));
    assert!((t.from.dist_m - 30.0).abs() < 1e-9);
    // Beyond the street's east end: (300, 0) joins at the end (200, 0), 100 m away; then over
    // the bridge, 100 m: 200 m.
    let t = g.trip(&mut s, p(300.0, 0.0), p(200.0, 100.0)).unwrap();
    assert_eq!(t.cost, 200_000);
    // Two points on one street walk along it: (−100, 0) to (50, 0) is 150 m.
    assert_eq!(g.trip(&mut s, p(-100.0, 0.0), p(50.0, 0.0)).unwrap().cost, 150_000);
}

#[test]
fn costs_to_one_destination_equal_the_trips() {
    let g = river().walk_graph();
    let mut s = Search::new(&g);
    let origins = [p(0.0, -30.0), p(300.0, 0.0), p(-100.0, 0.0), p(-150.0, 120.0)];
    let dest = p(0.0, 100.0);
    let snaps: Vec<Option<Snap>> = origins.iter().map(|&o| g.snap(o)).collect();
    let many = g.costs_to(&mut s, &g.snap(dest).unwrap(), &snaps, CLOSED - 1);
    for (o, c) in origins.iter().zip(many) {
        assert_eq!(c, g.trip(&mut s, *o, dest).map(|t| t.cost), "from {o:?}");
    }
    // (−150, 120): 20 m to the north street at (−150, 100), then 150 m east to (0, 100).
    assert_eq!(g.trip(&mut s, p(-150.0, 120.0), dest).unwrap().cost, 170_000);
}

/// A 1 km square A(0,0) B(1000,0) C(1000,1000) D(0,1000) of residential streets (no maxspeed:
/// 35 km/h), with A→B one-way when `oneway`.
pub(super) fn square(oneway: bool) -> RoadData {
    let ab: &[(&str, &str)] = if oneway { &[("oneway", "yes")] } else { &[] };
    RoadData {
        xy: vec![p(0.0, 0.0), p(1000.0, 0.0), p(1000.0, 1000.0), p(0.0, 1000.0)],
        ways: vec![way(&[0, 1], "residential", ab), way(&[1, 2, 3, 0], "residential", &[])],
    }
}

#[test]
fn a_one_way_street_changes_the_car_time() {
    let (two, one) = (square(false).car_graph(), square(true).car_graph());
    let (a, b) = (p(0.0, 0.0), p(1000.0, 0.0));
    let time = |g: &Graph, from, to| g.trip(&mut Search::new(g), from, to).map(|t| t.cost);
    // 1 000 m at 35 km/h = 1000 × 3600 / 35 ms = 102 857 ms either way on two-way streets.
    assert_eq!(time(&two, a, b), Some(102_857));
    assert_eq!(time(&two, b, a), Some(102_857));
    // One-way A→B: A to B unchanged; B to A drives round B→C→D→A, 3 000 m = 308 571 ms.
    assert_eq!(time(&one, a, b), Some(102_857));
    assert_eq!(time(&one, b, a), Some(308_571));
    // The reverse search agrees.
    let mut s = Search::new(&one);
    let c = one.costs_to(&mut s, &one.snap(a).unwrap(), &[one.snap(b)], CLOSED - 1);
    assert_eq!(c, vec![Some(308_571)]);
    // Along the one-way street itself: 250 → 750 m is 500 m with the flow (51 429 ms); against
    // it, on to B (250 m), round B→C→D→A (3 000 m) and on to 250 m (250 m) = 3 500 m = 360 000
    // ms, less 1 ms of rounding (each edge and each partial edge is rounded to the ms:
    // 25 714 + 3 × 102 857 + 25 714).
    assert_eq!(time(&one, p(250.0, 0.0), p(750.0, 0.0)), Some(51_429));
    assert_eq!(time(&one, p(750.0, 0.0), p(250.0, 0.0)), Some(359_999));
}

#[test]
fn a_missing_maxspeed_takes_its_class_speed() {
    let road = |tags: &[(&str, &str)]| RoadData {
        xy: vec![p(0.0, 0.0), p(1000.0, 0.0)],
        ways: vec![way(&[0, 1], "primary", tags)],
    };
    let time = |d: RoadData| {
        let g = d.car_graph();
        g.trip(&mut Search::new(&g), p(0.0, 0.0), p(1000.0, 0.0)).map(|t| t.cost)
    };
    // primary without maxspeed: 80 km/h → 1000 × 3600 / 80 = 45 000 ms; maxspeed=50: 72 000 ms.
    assert_eq!(time(road(&[])), Some(45_000));
    assert_eq!(time(road(&[("maxspeed", "50")])), Some(72_000));
}

#[test]
fn a_car_point_off_the_road_drives_the_connector_slowly() {
    let g = square(false).car_graph();
    // 50 m north of A's street at (500, −50): 50 m at 20 km/h = 9 000 ms, then 500 m at 35 km/h
    // = 51 429 ms to B: 60 429 ms.
    assert_eq!(g.trip(&mut Search::new(&g), p(500.0, -50.0), p(1000.0, 0.0)).map(|t| t.cost), Some(60_429));
}

#[test]
fn cars_and_feet_use_different_ways() {
    // A footway is not driven, a motorway is not walked.
    let d = RoadData {
        xy: vec![p(0.0, 0.0), p(100.0, 0.0), p(200.0, 0.0)],
        ways: vec![way(&[0, 1], "footway", &[]), way(&[1, 2], "motorway", &[])],
    };
    let (w, c) = (d.walk_graph(), d.car_graph());
    assert_eq!((w.nodes(), w.segments()), (2, 1));
    assert_eq!((c.nodes(), c.segments(), c.edges()), (2, 1, 1));
}

#[test]
fn points_never_snap_to_a_cut_off_scrap() {
    // A 10 m footway scrap at (0, 10) lies nearer (0, 5) than the street at y = −100.
    let d = RoadData {
        xy: vec![p(-5.0, 10.0), p(5.0, 10.0), p(-500.0, -100.0), p(0.0, -100.0), p(500.0, -100.0)],
        ways: vec![way(&[0, 1], "footway", &[]), way(&[2, 3, 4], "residential", &[])],
    };
    let g = d.walk_graph();
    let s = g.snap(p(0.0, 5.0)).unwrap();
    assert_eq!(s.at, p(0.0, -100.0));
    assert!((s.dist_m - 105.0).abs() < 1e-9);
}

#[test]
fn the_reverse_search_agrees_with_trips_on_a_random_grid() {
    // A 12 × 12 grid with 100 m blocks, random one-way streets and speeds (seeded).
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut rnd = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let n = 12u32;
    let xy: Vec<Xy> = (0..n * n).map(|i| p((i % n) as f64 * 100.0, (i / n) as f64 * 100.0)).collect();
    let mut ways = Vec::new();
    for i in 0..n * n {
        for j in [i + 1, i + n] {
            if j < n * n && (j != i + 1 || i % n != n - 1) && rnd(10) < 8 {
                let one = ["yes", "no", "-1"][rnd(3) as usize];
                let speed = ["30", "50", "70"][rnd(3) as usize];
                ways.push(way(&[i, j], "tertiary", &[("oneway", one), ("maxspeed", speed)]));
            }
        }
    }
    let g = RoadData { xy, ways }.car_graph();
    let mut s = Search::new(&g);
    let origins: Vec<Xy> = (0..30).map(|_| p(rnd(1200) as f64 - 50.0, rnd(1200) as f64 - 50.0)).collect();
    let snaps: Vec<Option<Snap>> = origins.iter().map(|&o| g.snap(o)).collect();
    for _ in 0..5 {
        let dest = p(rnd(1100) as f64, rnd(1100) as f64);
        let many = g.costs_to(&mut s, &g.snap(dest).unwrap(), &snaps, CLOSED - 1);
        for (o, c) in origins.iter().zip(many) {
            let t = g.trip(&mut s, *o, dest).map(|t| t.cost);
            // Rounding of the partial segments may differ by a millisecond per end.
            match (c, t) {
                (Some(a), Some(b)) => assert!(a.abs_diff(b) <= 2, "{o:?} → {dest:?}: {a} vs {b}"),
                (a, b) => assert_eq!(a, b, "{o:?} → {dest:?}"),
            }
        }
    }
}

#[test]
fn a_trip_stops_searching_once_its_destination_is_settled() {
    // A street of 1,001 nodes, 10 m apart, crossed by a short side street at every node, so
    // that no node is a shape node and every one is searched. From (5, 0) to (25, 0): the
    // destination's segment ends (20, 0) and (30, 0) are settled after about three nodes on
    // each side of the origin; a search that did not stop would label all 3,003 nodes.
    let mut xy: Vec<Xy> = (0..=1000).map(|i| p(i as f64 * 10.0, 0.0)).collect();
    let mut ways = vec![way(&(0..=1000).collect::<Vec<u32>>(), "residential", &[])];
    for i in 0..=1000u32 {
        xy.push(p(i as f64 * 10.0, 5.0));
        xy.push(p(i as f64 * 10.0, -5.0));
        ways.push(way(&[1001 + 2 * i, i, 1002 + 2 * i], "footway", &[]));
    }
    let g = RoadData { xy, ways }.walk_graph();
    let mut s = Search::new(&g);
    let t = g.trip(&mut s, p(5.0, 0.0), p(25.0, 0.0)).unwrap();
    assert_eq!(t.cost, 20_000);
    assert!(s.labelled() < 40, "the search labelled {} nodes", s.labelled());
}
