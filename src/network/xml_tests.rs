//! The hand-made networks of `tests.rs` read from small OSM XML files in `tests/data/`: the
//! same graphs, and the same hand-worked answers. The files place the nodes at SWEREF 99 TM
//! offsets from [`ORIGIN`] written as WGS84 with 9 decimals, which project back within 0.1 mm,
//! so costs (millimetres walking, milliseconds driving) agree with the hand-made networks to
//! within 1 of rounding.

use std::path::PathBuf;

use super::tests::{p, river, square};
use super::*;

/// Where the files' (0, 0) lies on SWEREF 99 TM (in Växjö).
const ORIGIN: Xy = Xy { x: 488_000.0, y: 6_305_000.0 };

fn at(x: f64, y: f64) -> Xy {
    p(ORIGIN.x + x, ORIGIN.y + y)
}

fn read(name: &str) -> (RoadData, OsmCounts) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn close(a: Option<u32>, b: u32) -> bool {
    a.is_some_and(|a| a.abs_diff(b) <= 1)
}

#[test]
fn the_river_file_gives_the_same_graph_as_the_hand_made_river() {
    let (xml, counts) = read("river.osm");
    let hand = river();
    // 6 nodes, 4 ways (the river itself has no highway tag), 3 kept, none missing.
    assert_eq!(counts, OsmCounts { nodes: 6, ways: 4, highways: 3, kept_ways: 3, missing_refs: 0 });
    // The same ways on the same node indices with the same tags the profiles read ...
    assert_eq!(xml.ways, hand.ways);
    // ... at the same places, shifted by the origin.
    for (a, b) in xml.xy.iter().zip(&hand.xy) {
        assert!(a.dist(at(b.x, b.y)) < 1e-3, "{a:?} vs {b:?}");
    }
    let (gx, gh) = (xml.walk_graph(), hand.walk_graph());
    assert_eq!((gx.nodes(), gx.segments(), gx.edges()), (gh.nodes(), gh.segments(), gh.edges()));
    let (cx, ch) = (xml.car_graph(), hand.car_graph());
    assert_eq!((cx.nodes(), cx.segments(), cx.edges()), (ch.nodes(), ch.segments(), ch.edges()));
    // The same trips, within a millimetre of rounding.
    let (mut sx, mut sh) = (Search::new(&gx), Search::new(&gh));
    for (a, b) in [((0.0, 0.0), (0.0, 100.0)), ((0.0, -30.0), (-150.0, 120.0)), ((300.0, 0.0), (-100.0, 0.0))] {
        let h = gh.trip(&mut sh, p(a.0, a.1), p(b.0, b.1)).unwrap().cost;
        let x = gx.trip(&mut sx, at(a.0, a.1), at(b.0, b.1)).map(|t| t.cost);
        assert!(close(x, h), "{a:?} → {b:?}: {x:?} vs {h}");
    }
}

#[test]
fn a_river_read_from_xml_makes_the_walk_longer_by_the_detour_to_the_bridge() {
    let g = read("river.osm").0.walk_graph();
    // Straight across: 100 m. On the network: east 200 m to the bridge, 100 m over it, west
    // 200 m back = 500 m = 500 000 mm.
    let t = g.trip(&mut Search::new(&g), at(0.0, 0.0), at(0.0, 100.0)).unwrap();
    assert!(close(Some(t.cost), 500_000), "{}", t.cost);
}

#[test]
fn a_one_way_street_read_from_xml_changes_the_car_time() {
    let (d, counts) = read("one-way-square.osm");
    assert_eq!(d.ways, square(true).ways);
    assert_eq!(counts.kept_ways, 2);
    let g = d.car_graph();
    let mut s = Search::new(&g);
    let (a, b) = (at(0.0, 0.0), at(1000.0, 0.0));
    // A→B with the flow: 1 000 m at 35 km/h (residential, no maxspeed) = 102 857 ms.
    assert!(close(g.trip(&mut s, a, b).map(|t| t.cost), 102_857));
    // B→A against it: round B→C→D→A, 3 000 m = 308 571 ms.
    assert!(close(g.trip(&mut s, b, a).map(|t| t.cost), 308_571));
}

#[test]
fn a_missing_maxspeed_read_from_xml_takes_its_class_speed() {
    let g = read("primary-no-maxspeed.osm").0.car_graph();
    // primary without maxspeed: 80 km/h → 1 000 m × 3 600 / 80 = 45 000 ms.
    let t = g.trip(&mut Search::new(&g), at(0.0, 0.0), at(1000.0, 0.0)).map(|t| t.cost);
    assert!(close(t, 45_000), "{t:?}");
}

#[test]
fn a_malformed_file_is_an_error_naming_file_and_line() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/broken.osm");
    let e = load(&path).unwrap_err().to_string();
    // The way opened on line 6 is closed by </node> on line 10.
    assert!(e.contains("broken.osm: line 10: malformed XML"), "{e}");
}
