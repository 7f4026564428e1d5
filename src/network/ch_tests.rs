//! The contraction hierarchy and RPHAST against the plain Dijkstra: a hand-worked network and
//! random ones (one-way edges, parallel edges, loops, zero and near-`CLOSED` costs, parts that
//! cannot reach each other).

use proptest::prelude::*;

use super::*;

fn p(x: f64, y: f64) -> Xy {
    Xy { x, y }
}

/// Every node's cost to `dest` by the plain reverse Dijkstra, up to `limit`.
fn dijkstra_to(g: &Graph, dest: u32, limit: u32) -> Vec<Option<u32>> {
    let mut s = Search::new(g);
    s.run(g, Dir::Reverse, &[(dest, 0)], limit);
    (0..g.vertices() as u32).map(|v| s.cost(v)).collect()
}

/// Every node's cost to `dest` by a full PHAST sweep.
fn phast_to(g: &Graph, ch: &Ch, dest: u32, limit: u32) -> Vec<Option<u32>> {
    let sel = ch.select_all();
    let mut s = PhastSearch::new(ch);
    ch.sweep(&sel, &mut s, &[(dest, 0)], limit);
    (0..g.vertices() as u32).map(|v| ch.cost(&sel, &s, v, limit)).collect()
}

#[test]
fn a_hand_made_network_worked_by_hand() {
    // Nodes at x = 0, 100, 200 on a street (0 = A, 1 = B, 2 = C), D = 3 off it, E = 4 beyond C.
    //   A ↔ B 1 000 ms, B ↔ C 1 000 ms (two-way);
    //   A → D 5 000 ms, D → C 1 000 ms (one-way: D cannot be left back to A);
    //   C → E 10 000 ms (one-way: nothing leaves E);
    //   A ↔ B again at 4 000 ms (a parallel, slower segment: never used).
    let xy = [p(0.0, 0.0), p(100.0, 0.0), p(200.0, 0.0), p(100.0, 100.0), p(300.0, 0.0)];
    let segs = [
        Seg { a: 0, b: 1, ab: 1000, ba: 1000 },
        Seg { a: 1, b: 2, ab: 1000, ba: 1000 },
        Seg { a: 0, b: 3, ab: 5000, ba: CLOSED },
        Seg { a: 3, b: 2, ab: 1000, ba: CLOSED },
        Seg { a: 2, b: 4, ab: 10_000, ba: CLOSED },
        Seg { a: 0, b: 1, ab: 4000, ba: 4000 },
    ];
    // Every node searched (none contracted), so that the nodes keep their numbers.
    let g = Graph::build_with(Mode::Car, &xy, segs, 180.0, false);
    let ch = g.contract();
    // To C: A via B = 1 000 + 1 000 = 2 000 (via D: 5 000 + 1 000 = 6 000); B 1 000; C 0;
    // D 1 000; E cannot leave.
    assert_eq!(phast_to(&g, &ch, 2, CLOSED - 1), [Some(2000), Some(1000), Some(0), Some(1000), None]);
    // To E: everything through C then 10 000: A 12 000, B 11 000, C 10 000, D 11 000, E 0.
    assert_eq!(phast_to(&g, &ch, 4, CLOSED - 1), [Some(12_000), Some(11_000), Some(10_000), Some(11_000), Some(0)]);
    // To A: B 1 000, C 2 000, D only through C: 1 000 + 2 000 = 3 000, E none.
    assert_eq!(phast_to(&g, &ch, 0, CLOSED - 1), [Some(0), Some(1000), Some(2000), Some(3000), None]);
    // With a limit of 2 500 ms to A, D (3 000) is beyond it.
    assert_eq!(phast_to(&g, &ch, 0, 2500), [Some(0), Some(1000), Some(2000), None, None]);
    // RPHAST for the targets {D} only: D's cost to E is 11 000.
    let sel = ch.select([3]);
    let mut s = PhastSearch::new(&ch);
    ch.sweep(&sel, &mut s, &[(4, 0)], CLOSED - 1);
    assert_eq!(ch.cost(&sel, &s, 3, CLOSED - 1), Some(11_000));
    // From points: (125, 0) lies on B–C a quarter of the way from B (t = 0.25, no connector);
    // to the point at A: back to B (250 ms) then B → A (1 000) = 1 250, against on to C
    // (750 ms) then C → B → A (2 000) = 2 750. Reverse Dijkstra and RPHAST agree.
    let origins = [g.snap(p(125.0, 0.0))];
    let dest = g.snap(p(0.0, 0.0)).unwrap();
    let one = ToOne::new(&g, &ch, &origins);
    let costs = one.costs_to(&mut PhastSearch::new(&ch), &dest, CLOSED - 1);
    assert_eq!(costs, vec![Some(1250)]);
    assert_eq!(costs, g.costs_to(&mut Search::new(&g), &dest, &origins, CLOSED - 1));
}

/// A cost: closed, small, zero, or near `CLOSED` (sums of two would not fit).
fn cost() -> impl Strategy<Value = u32> {
    prop_oneof![4 => 1u32..2_000, 1 => Just(0u32), 2 => Just(CLOSED), 1 => (CLOSED - 3_000)..CLOSED]
}

/// Node positions and segments (a, b, cost a → b, cost b → a), before [`graph`] builds them.
type Net = (Vec<(u32, u32)>, Vec<(u32, u32, u32, u32)>);

/// Random nodes and segments (loops and parallel segments included); built by [`graph`].
fn network() -> impl Strategy<Value = Net> {
    (2usize..28).prop_flat_map(|n| {
        let xy = prop::collection::vec((0u32..1000, 0u32..1000), n);
        let segs = prop::collection::vec((0..n as u32, 0..n as u32, cost(), cost()), 1..70);
        (xy, segs)
    })
}

/// The graph of `net`, its degree-2 chains contracted when `contract` (node-level tests search
/// every node, so that the nodes keep their numbers).
fn graph((xy, segs): &Net, contract: bool) -> Graph {
    let xy: Vec<Xy> = xy.iter().map(|&(x, y)| p(x as f64, y as f64)).collect();
    Graph::build_with(Mode::Car, &xy, segs.iter().map(|&(a, b, ab, ba)| Seg { a, b, ab, ba }), 180.0, contract)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn phast_equals_dijkstra_for_every_node(net in network(), lim in prop_oneof![Just(CLOSED - 1), 0u32..3_000]) {
        let g = graph(&net, false);
        let ch = g.contract();
        for d in 0..g.vertices() as u32 {
            prop_assert_eq!(phast_to(&g, &ch, d, lim), dijkstra_to(&g, d, lim), "to node {}", d);
        }
    }

    #[test]
    fn rphast_equals_dijkstra_for_its_targets(net in network(), pick in prop::collection::vec(any::<bool>(), 28)) {
        let g = graph(&net, false);
        let ch = g.contract();
        let targets: Vec<u32> = (0..g.vertices() as u32).filter(|&v| pick[v as usize]).collect();
        let sel = ch.select(targets.iter().copied());
        let mut s = PhastSearch::new(&ch);
        for d in 0..g.vertices() as u32 {
            let plain = dijkstra_to(&g, d, CLOSED - 1);
            ch.sweep(&sel, &mut s, &[(d, 0)], CLOSED - 1);
            for &t in &targets {
                prop_assert_eq!(ch.cost(&sel, &s, t, CLOSED - 1), plain[t as usize], "{} to {}", t, d);
            }
        }
    }

    #[test]
    fn to_one_equals_costs_to_from_points(
        net in network(),
        pts in prop::collection::vec((0u32..1100, 0u32..1100), 1..12),
        lim in prop_oneof![Just(CLOSED - 1), 0u32..3_000],
    ) {
        let g = graph(&net, true);
        let ch = g.contract();
        let origins: Vec<Option<Snap>> = pts.iter().map(|&(x, y)| g.snap(p(x as f64, y as f64))).collect();
        let one = ToOne::new(&g, &ch, &origins);
        let (mut ps, mut ds) = (PhastSearch::new(&ch), Search::new(&g));
        for dest in origins.iter().flatten() {
            prop_assert_eq!(one.costs_to(&mut ps, dest, lim), g.costs_to(&mut ds, dest, &origins, lim));
        }
    }
}
