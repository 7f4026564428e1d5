//! Contracted degree-2 chains give exactly the costs of the graph with every node searched.

use proptest::prelude::*;

use super::graph::{Graph, Mode, Seg};
use super::tests::{p, river, square};
use super::*;

/// A cost: closed, small, zero, or near `CLOSED` (sums of two would not fit).
fn cost() -> impl Strategy<Value = u32> {
    prop_oneof![6 => 1u32..2_000, 1 => Just(0u32), 2 => Just(CLOSED), 1 => (CLOSED - 3_000)..CLOSED]
}

/// Node positions and ways (their nodes, and per segment the costs a → b and b → a).
type Net = (Vec<(u32, u32)>, Vec<Vec<(u32, u32, u32)>>);

/// Random ways over random nodes: long runs of shape nodes, shared nodes, rings, ways that
/// repeat a node, parallel segments, one-way and closed segments, differing costs along a way.
fn network() -> impl Strategy<Value = Net> {
    (2usize..40).prop_flat_map(|n| {
        let xy = prop::collection::vec((0u32..1000, 0u32..1000), n);
        let way = prop::collection::vec((0..n as u32, cost(), cost()), 2..9);
        (xy, prop::collection::vec(way, 1..12))
    })
}

fn graph((xy, ways): &Net, contract: bool) -> Graph {
    let xy: Vec<Xy> = xy.iter().map(|&(x, y)| p(x as f64, y as f64)).collect();
    let segs = ways.iter().flat_map(|w| w.windows(2).map(|s| Seg { a: s[0].0, b: s[1].0, ab: s[1].1, ba: s[1].2 }));
    Graph::build_with(Mode::Car, &xy, segs.collect::<Vec<_>>(), 180.0, contract)
}

/// The forward walk of `NetworkPaths::paths_m`: from `o` to each of `ds` within `limit`.
fn forward(g: &Graph, s: &mut Search, o: &Snap, ds: &[Option<Snap>], limit: u32) -> Vec<Option<u32>> {
    let sources: Vec<(u32, u32)> = g.depart(o).iter().map(Leg::source).collect();
    s.run(g, Dir::Forward, &sources, limit);
    ds.iter()
        .map(|d| {
            let d = d.as_ref()?;
            match (g.along(o, d, Dir::Forward, limit), s.best(&g.arrive(d), limit)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn contracted_costs_equal_the_plain_graphs(
        net in network(),
        pts in prop::collection::vec((0u32..1100, 0u32..1100), 2..10),
        lim in prop_oneof![Just(CLOSED - 1), 0u32..4_000],
    ) {
        let (c, plain) = (graph(&net, true), graph(&net, false));
        prop_assert_eq!((c.nodes(), c.segments()), (plain.nodes(), plain.segments()));
        prop_assert!(c.vertices() <= plain.vertices());
        let (mut sc, mut sp) = (Search::new(&c), Search::new(&plain));
        let at: Vec<Xy> = pts.iter().map(|&(x, y)| p(x as f64, y as f64)).collect();
        let snaps: Vec<Option<Snap>> = at.iter().map(|&a| c.snap(a)).collect();
        prop_assert_eq!(&snaps, &at.iter().map(|&a| plain.snap(a)).collect::<Vec<_>>());
        for (i, &a) in at.iter().enumerate() {
            for &b in &at {
                let (x, y) = (c.trip(&mut sc, a, b), plain.trip(&mut sp, a, b));
                prop_assert_eq!(x.as_ref().map(|t| t.cost), y.as_ref().map(|t| t.cost), "trip {:?} → {:?}", a, b);
            }
            if let Some(d) = &snaps[i] {
                let (x, y) = (c.costs_to(&mut sc, d, &snaps, lim), plain.costs_to(&mut sp, d, &snaps, lim));
                prop_assert_eq!(x, y, "to {:?} within {}", a, lim);
                let (x, y) = (forward(&c, &mut sc, d, &snaps, lim), forward(&plain, &mut sp, d, &snaps, lim));
                prop_assert_eq!(x, y, "from {:?} within {}", a, lim);
            }
        }
    }
}

#[test]
fn a_trip_keeps_the_shape_of_the_ways_it_follows() {
    // The river network's streets are chains through (0, 0) and (0, 100): from (−100, 0) to
    // (−100, 100) the path runs east along the south street, over the bridge, west along the
    // north street — through every shape node, as without contraction.
    let (c, plain) = (river().walk_graph(), river().walk_graph_with(false));
    assert!(c.vertices() < plain.vertices(), "{} vs {}", c.vertices(), plain.vertices());
    let (from, to) = (p(-100.0, 0.0), p(-100.0, 100.0));
    let t = c.trip(&mut Search::new(&c), from, to).unwrap();
    let want = [(-100.0, 0.0), (-100.0, 0.0), (0.0, 0.0), (200.0, 0.0), (200.0, 100.0), (0.0, 100.0), (-100.0, 100.0)];
    let mut line: Vec<Xy> = want.iter().map(|&(x, y)| p(x, y)).collect();
    line.push(to);
    assert_eq!(t.line, line);
    // 100 + 200 east, 100 over, 200 + 100 west = 700 m.
    assert_eq!(t.cost, 700_000);
    assert_eq!(Some(t), plain.trip(&mut Search::new(&plain), from, to));
}

#[test]
fn a_ring_of_shape_nodes_keeps_one_node_and_both_ways_round() {
    // The one-way square is a ring: every corner has two segments. Its first node is kept;
    // B → A still drives round B → C → D → A (3 000 m at 35 km/h = 308 571 ms) and the
    // geometry passes every corner.
    let g = square(true).car_graph();
    assert_eq!((g.nodes(), g.vertices(), g.edges()), (4, 1, 0));
    let t = g.trip(&mut Search::new(&g), p(1000.0, 0.0), p(0.0, 0.0)).unwrap();
    assert_eq!(t.cost, 308_571);
    // From the point to its segment's end B, then B, C, D, A: the corners in order.
    let corners = [(1000.0, 0.0), (1000.0, 0.0), (1000.0, 0.0), (1000.0, 1000.0), (0.0, 1000.0), (0.0, 0.0)];
    assert_eq!(t.line[..6], corners.iter().map(|&(x, y)| p(x, y)).collect::<Vec<_>>()[..]);
    let plain = square(true).car_graph_with(false);
    assert_eq!(Some(t), plain.trip(&mut Search::new(&plain), p(1000.0, 0.0), p(0.0, 0.0)));
}
