//! A street network as a compact graph: nodes with SWEREF 99 TM positions and u32 ids, directed
//! edges in CSR form (forward and reverse), and the segments (one per pair of consecutive OSM
//! nodes of a way) in an `rstar` tree for snapping. Only the largest connected part is snapped
//! to, so that a point never lands on a cut-off scrap of footway. Depends on `spatial` only.

use rstar::primitives::{GeomWithData, Line};
use rstar::{PointDistance, RTree};

use super::chain::{self, Chains};
use crate::spatial::Xy;

/// A cost that cannot be paid: the direction is closed.
pub const CLOSED: u32 = u32::MAX;

/// Which network a graph is, and so what its costs count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Costs are distances in millimetres.
    Walk,
    /// Costs are driving times in milliseconds.
    Car,
}

/// One segment between two graph nodes, with its cost in each direction ([`CLOSED`] if closed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seg {
    pub a: u32,
    pub b: u32,
    pub ab: u32,
    pub ba: u32,
}

/// Edges in CSR form: the edges out of node `v` are `head[first[v]..first[v + 1]]`.
#[derive(Clone, Debug, Default)]
pub(super) struct Csr {
    pub first: Vec<u32>,
    pub head: Vec<u32>,
    pub cost: Vec<u32>,
}

impl Csr {
    pub(super) fn build(n: usize, edges: impl Iterator<Item = (u32, u32, u32)> + Clone) -> Csr {
        let mut first = vec![0u32; n + 1];
        for (u, _, _) in edges.clone() {
            first[u as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let m = first[n] as usize;
        let (mut head, mut cost) = (vec![0u32; m], vec![0u32; m]);
        let mut next = first.clone();
        for (u, v, c) in edges {
            let k = next[u as usize] as usize;
            head[k] = v;
            cost[k] = c;
            next[u as usize] += 1;
        }
        Csr { first, head, cost }
    }

    /// The edges out of `v`: (head, cost).
    pub fn out(&self, v: u32) -> impl Iterator<Item = (u32, u32)> + Clone + '_ {
        let (s, e) = (self.first[v as usize] as usize, self.first[v as usize + 1] as usize);
        self.head[s..e].iter().copied().zip(self.cost[s..e].iter().copied())
    }
}

/// A walking or driving network. Its points are numbered with the search's nodes first
/// (`0..vertices`: junctions and dead ends), then the shape nodes inside degree-2 chains.
pub struct Graph {
    /// Unique among the graphs of the process (for caches keyed by graph).
    id: u64,
    pub(super) mode: Mode,
    pub(super) xy: Vec<Xy>,
    /// Number of nodes searched (the points that are not inside a chain).
    pub(super) vertices: usize,
    pub(super) fwd: Csr,
    pub(super) rev: Csr,
    /// The chain of each edge of `fwd`.
    pub(super) fwd_chain: Vec<u32>,
    pub(super) segs: Vec<Seg>,
    pub(super) chains: Chains,
    pub(super) tree: RTree<GeomWithData<Line<[f64; 2]>, u32>>,
    /// Cost of a metre between a point and the network (walked straight, or driven slowly to
    /// the road).
    pub(super) connector_per_m: f64,
}

impl Graph {
    /// A graph over the points `xy` (indexed by the `a`, `b` of `segs`); points no segment uses
    /// are dropped and the rest renumbered. Segments closed both ways are dropped. Degree-2
    /// chains are contracted ([`super::chain`]).
    pub fn build(mode: Mode, xy: &[Xy], segs: impl IntoIterator<Item = Seg>, connector_per_m: f64) -> Graph {
        Graph::build_with(mode, xy, segs, connector_per_m, true)
    }

    /// As [`Graph::build`], with every node searched when `contract` is false (the plain graph
    /// the contracted one must equal, for tests and benchmarks).
    pub fn build_with(
        mode: Mode,
        xy: &[Xy],
        segs: impl IntoIterator<Item = Seg>,
        connector_per_m: f64,
        contract: bool,
    ) -> Graph {
        let mut segs: Vec<Seg> = segs.into_iter().filter(|s| s.ab != CLOSED || s.ba != CLOSED).collect();
        let mut id = vec![u32::MAX; xy.len()];
        let mut pts = Vec::new();
        for s in &mut segs {
            for v in [&mut s.a, &mut s.b] {
                let old = *v as usize;
                if id[old] == u32::MAX {
                    id[old] = pts.len() as u32;
                    pts.push(xy[old]);
                }
                *v = id[old];
            }
        }
        drop(id);
        let n = pts.len();
        let main = largest_part(n, &segs);
        let snapped: Vec<bool> = segs.iter().map(|s| main[s.a as usize]).collect();
        drop(main);
        let (kept, mut chains) = chain::chains(n, &segs, contract);
        // Kept nodes first, in their order; then the shape nodes.
        let vertices = kept.iter().filter(|&&k| k).count();
        let mut id = vec![0u32; n];
        let (mut next_kept, mut next_shape) = (0u32, vertices as u32);
        for v in 0..n {
            let slot = if kept[v] { &mut next_kept } else { &mut next_shape };
            id[v] = *slot;
            *slot += 1;
        }
        let mut xy = vec![Xy { x: 0.0, y: 0.0 }; n];
        for v in 0..n {
            xy[id[v] as usize] = pts[v];
        }
        drop(pts);
        for s in &mut segs {
            (s.a, s.b) = (id[s.a as usize], id[s.b as usize]);
        }
        chains.rename(&id);
        drop(id);
        let lines = segs
            .iter()
            .enumerate()
            .filter(|&(i, _)| snapped[i])
            .map(|(i, s)| {
                let (p, q) = (xy[s.a as usize], xy[s.b as usize]);
                GeomWithData::new(Line::new([p.x, p.y], [q.x, q.y]), i as u32)
            })
            .collect();
        let (fwd, fwd_chain, rev) = edges(vertices, &chains);
        let tree = RTree::bulk_load(lines);
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Graph { id, mode, xy, vertices, fwd, rev, fwd_chain, segs, chains, tree, connector_per_m }
    }

    /// A number no other graph of this process has.
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Number of nodes (points of the ways, shape nodes included).
    pub fn nodes(&self) -> usize {
        self.xy.len()
    }

    /// Number of nodes a search visits: junctions and dead ends (shape nodes lie inside chains).
    pub fn vertices(&self) -> usize {
        self.vertices
    }

    /// Number of directed edges searched (one per open direction of a chain).
    pub fn edges(&self) -> usize {
        self.fwd.head.len()
    }

    /// Number of segments (pairs of consecutive way nodes).
    pub fn segments(&self) -> usize {
        self.segs.len()
    }

    pub fn xy(&self, v: u32) -> Xy {
        self.xy[v as usize]
    }

    /// The nearest segment of the network's largest connected part to `p`.
    pub fn snap(&self, p: Xy) -> Option<Snap> {
        let g = self.tree.nearest_neighbor(&[p.x, p.y])?;
        let seg = g.data;
        let s = self.segs[seg as usize];
        let (a, b) = (self.xy[s.a as usize], self.xy[s.b as usize]);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 { (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
        let at = Xy { x: a.x + t * dx, y: a.y + t * dy };
        let dist_m = g.geom().distance_2(&[p.x, p.y]).sqrt();
        Some(Snap { seg, t, at, dist_m })
    }

    fn connector(&self, s: &Snap) -> f64 {
        s.dist_m * self.connector_per_m
    }

    /// From the point of `s` to the ends of its segment: (chain node, cost) for each end that
    /// may be reached along it, the connector included.
    fn leave(&self, s: &Snap) -> (u32, [Option<(u32, u32)>; 2]) {
        let g = self.segs[s.seg as usize];
        let (c, ka, kb) = self.chains.place(s.seg);
        let conn = self.connector(s);
        let to_b = (g.ab != CLOSED).then(|| (kb, round(conn + (1.0 - s.t) * g.ab as f64)));
        let to_a = (g.ba != CLOSED).then(|| (ka, round(conn + s.t * g.ba as f64)));
        (c, [to_b, to_a])
    }

    /// From the ends of its segment to the point of `s`: (chain node, cost) for each end from
    /// which the point may be reached along it, the connector included.
    fn enter(&self, s: &Snap) -> (u32, [Option<(u32, u32)>; 2]) {
        let g = self.segs[s.seg as usize];
        let (c, ka, kb) = self.chains.place(s.seg);
        let conn = self.connector(s);
        let from_a = (g.ab != CLOSED).then(|| (ka, round(conn + s.t * g.ab as f64)));
        let from_b = (g.ba != CLOSED).then(|| (kb, round(conn + (1.0 - s.t) * g.ba as f64)));
        (c, [from_a, from_b])
    }

    /// From the point of `s` onto the searched network: a [`Leg`] to each end of its chain
    /// that may be reached along it, from either end of its segment.
    pub fn depart(&self, s: &Snap) -> Vec<Leg> {
        let (c, ends) = self.leave(s);
        let len = self.chains.length(c);
        let (a, b) = self.chains.ends[c as usize];
        let mut out = Vec::with_capacity(4);
        for (k, local) in ends.into_iter().flatten() {
            for (e, node) in [(len, b), (0, a)] {
                if let Some(inner) = self.chains.inner(c, k, e) {
                    out.push(Leg { node, inner, local, chain: c, at: k, end: e });
                }
            }
        }
        out
    }

    /// From the searched network to the point of `s`: a [`Leg`] from each end of its chain
    /// from which the point may be reached along it, through either end of its segment.
    pub fn arrive(&self, s: &Snap) -> Vec<Leg> {
        let (c, ends) = self.enter(s);
        let len = self.chains.length(c);
        let (a, b) = self.chains.ends[c as usize];
        let mut out = Vec::with_capacity(4);
        for (k, local) in ends.into_iter().flatten() {
            for (e, node) in [(0, a), (len, b)] {
                if let Some(inner) = self.chains.inner(c, e, k) {
                    out.push(Leg { node, inner, local, chain: c, at: k, end: e });
                }
            }
        }
        out
    }

    /// The cost from `o` to `d` without passing a searched node: along one segment, or along
    /// the chain both lie on. `from` says which end the search started at (`Forward`: `o`,
    /// `Reverse`: `d`): the part from that end must be within `limit`, as on a graph with
    /// every node searched. `None` when they are on different chains or the way is closed.
    pub fn along(&self, o: &Snap, d: &Snap, from: super::Dir, limit: u32) -> Option<u32> {
        let direct = self.same_segment(o, d);
        match (direct, self.along_chain(o, d, from, limit)) {
            (Some(a), Some(b)) => Some(a.min(b.0)),
            (a, b) => a.or(b.map(|b| b.0)),
        }
    }

    /// The cheapest way from `o` to `d` along their common chain through ends of their
    /// segments: (cost, chain, chain node left at, chain node entered at).
    pub(super) fn along_chain(&self, o: &Snap, d: &Snap, from: super::Dir, limit: u32) -> Option<(u32, u32, u32, u32)> {
        let ((co, dep), (cd, arr)) = (self.leave(o), self.enter(d));
        if co != cd {
            return None;
        }
        let mut best: Option<(u32, u32, u32, u32)> = None;
        for (ko, lo) in dep.into_iter().flatten() {
            for (kd, ld) in arr.into_iter().flatten() {
                let Some(inner) = self.chains.inner(co, ko, kd) else { continue };
                let searched = if from == super::Dir::Forward { lo } else { ld };
                let c = lo.saturating_add(inner).saturating_add(ld);
                if searched.saturating_add(inner) <= limit && best.is_none_or(|b| c < b.0) {
                    best = Some((c, co, ko, kd));
                }
            }
        }
        best
    }

    /// The cost from `o` to `d` when both lie on one segment and the way between them is open.
    pub fn same_segment(&self, o: &Snap, d: &Snap) -> Option<u32> {
        if o.seg != d.seg {
            return None;
        }
        let g = self.segs[o.seg as usize];
        let c = self.connector(o) + self.connector(d);
        if o.t <= d.t && g.ab != CLOSED {
            Some(round(c + (d.t - o.t) * g.ab as f64))
        } else if o.t >= d.t && g.ba != CLOSED {
            Some(round(c + (o.t - d.t) * g.ba as f64))
        } else {
            None
        }
    }

    /// The points of chain `c` from its node `x` to its node `y` (both included), in order.
    pub(super) fn chain_points(&self, c: u32, x: u32, y: u32) -> impl Iterator<Item = Xy> + '_ {
        let ks: Box<dyn Iterator<Item = u32>> = if x <= y { Box::new(x..=y) } else { Box::new((y..=x).rev()) };
        ks.map(move |k| self.xy(self.chains.point(&self.segs, c, k)))
    }
}

/// A way onto or off the searched network from a snapped point: to (or from) search node
/// `node`, with `inner` along the point's chain between `node` and an end of the point's
/// segment, and `local` between that end and the point (the connector included, rounded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leg {
    pub node: u32,
    pub inner: u32,
    pub local: u32,
    /// The chain, the chain node of the segment's end, and the chain node of `node`.
    pub(super) chain: u32,
    pub(super) at: u32,
    pub(super) end: u32,
}

impl Leg {
    pub fn cost(&self) -> u32 {
        self.inner.saturating_add(self.local)
    }

    /// As a search's source: (node, cost).
    pub fn source(&self) -> (u32, u32) {
        (self.node, self.cost())
    }
}

/// The searched edges, one per open direction of each chain that is not a ring: forward with
/// the chain of each edge, and reversed.
fn edges(n: usize, ch: &Chains) -> (Csr, Vec<u32>, Csr) {
    let directed = (0..ch.len() as u32).flat_map(|c| {
        let (a, b) = ch.ends[c as usize];
        let len = ch.length(c);
        let fwd = ch.inner(c, 0, len).filter(|_| a != b).map(|cost| (a, b, cost, c));
        let bwd = ch.inner(c, len, 0).filter(|_| a != b).map(|cost| (b, a, cost, c));
        fwd.into_iter().chain(bwd)
    });
    let by_chain = |rev: bool| {
        let e = directed.clone().map(move |(u, v, _, c)| if rev { (v, u, c) } else { (u, v, c) });
        let mut csr = Csr::build(n, e);
        let chain = std::mem::take(&mut csr.cost);
        csr.cost = (0..n as u32)
            .flat_map(|u| (csr.first[u as usize]..csr.first[u as usize + 1]).map(move |i| (u, i)))
            .map(|(u, i)| {
                let (c, v) = (chain[i as usize], csr.head[i as usize]);
                let (a, len) = (ch.ends[c as usize].0, ch.length(c));
                // Forward search: u → v; reversed: the edge runs v → u.
                let tail = if rev { v } else { u };
                let cost = if tail == a { ch.inner(c, 0, len) } else { ch.inner(c, len, 0) };
                cost.unwrap_or(CLOSED)
            })
            .collect();
        (csr, chain)
    };
    let (fwd, fwd_chain) = by_chain(false);
    let (rev, _) = by_chain(true);
    (fwd, fwd_chain, rev)
}

/// Where a point meets the network: segment, position along it (0 at `a`, 1 at `b`), the point
/// on it, and the straight distance from the point to it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Snap {
    pub seg: u32,
    pub t: f64,
    pub at: Xy,
    pub dist_m: f64,
}

fn round(c: f64) -> u32 {
    c.round().clamp(0.0, (CLOSED - 1) as f64) as u32
}

fn find(parent: &mut [u32], mut v: u32) -> u32 {
    while parent[v as usize] != v {
        parent[v as usize] = parent[parent[v as usize] as usize];
        v = parent[v as usize];
    }
    v
}

/// Which nodes belong to the largest connected part (ignoring direction).
fn largest_part(n: usize, segs: &[Seg]) -> Vec<bool> {
    let mut parent: Vec<u32> = (0..n as u32).collect();
    for s in segs {
        let (ra, rb) = (find(&mut parent, s.a), find(&mut parent, s.b));
        if ra != rb {
            parent[ra as usize] = rb;
        }
    }
    let mut size = vec![0u32; n];
    let roots: Vec<u32> = (0..n as u32).map(|v| find(&mut parent, v)).collect();
    for &r in &roots {
        size[r as usize] += 1;
    }
    let best = (0..n).max_by_key(|&r| (size[r], std::cmp::Reverse(r))).unwrap_or(0) as u32;
    roots.iter().map(|&r| r == best).collect()
}
