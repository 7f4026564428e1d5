//! A street network as a compact graph: nodes with SWEREF 99 TM positions and u32 ids, directed
//! edges in CSR form (forward and reverse), and the segments (one per pair of consecutive OSM
//! nodes of a way) in an `rstar` tree for snapping. Only the largest connected part is snapped
//! to, so that a point never lands on a cut-off scrap of footway. Depends on `spatial` only.

use rstar::primitives::{GeomWithData, Line};
use rstar::{PointDistance, RTree};

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

/// A walking or driving network.
pub struct Graph {
    pub(super) mode: Mode,
    pub(super) xy: Vec<Xy>,
    pub(super) fwd: Csr,
    pub(super) rev: Csr,
    pub(super) segs: Vec<Seg>,
    pub(super) tree: RTree<GeomWithData<Line<[f64; 2]>, u32>>,
    /// Cost of a metre between a point and the network (walked straight, or driven slowly to
    /// the road).
    pub(super) connector_per_m: f64,
}

impl Graph {
    /// A graph over the points `xy` (indexed by the `a`, `b` of `segs`); points no segment uses
    /// are dropped and the rest renumbered. Segments closed both ways are dropped.
    pub fn build(mode: Mode, xy: &[Xy], segs: impl IntoIterator<Item = Seg>, connector_per_m: f64) -> Graph {
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
        let n = pts.len();
        let directed = segs.iter().flat_map(|s| [(s.a, s.b, s.ab), (s.b, s.a, s.ba)]).filter(|e| e.2 != CLOSED);
        let fwd = Csr::build(n, directed.clone());
        let rev = Csr::build(n, directed.map(|(u, v, c)| (v, u, c)));
        let main = largest_part(n, &segs);
        let lines = segs
            .iter()
            .enumerate()
            .filter(|(_, s)| main[s.a as usize])
            .map(|(i, s)| {
                let (p, q) = (pts[s.a as usize], pts[s.b as usize]);
                GeomWithData::new(Line::new([p.x, p.y], [q.x, q.y]), i as u32)
            })
            .collect();
        Graph { mode, xy: pts, fwd, rev, segs, tree: RTree::bulk_load(lines), connector_per_m }
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Number of nodes.
    pub fn nodes(&self) -> usize {
        self.xy.len()
    }

    /// Number of directed edges.
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

    /// From the point of `s` onto the network: (node, cost) for each end of its segment that
    /// may be reached along it, the connector included.
    pub fn depart(&self, s: &Snap) -> Vec<(u32, u32)> {
        let g = self.segs[s.seg as usize];
        let c = self.connector(s);
        let mut out = Vec::with_capacity(2);
        if g.ab != CLOSED {
            out.push((g.b, round(c + (1.0 - s.t) * g.ab as f64)));
        }
        if g.ba != CLOSED {
            out.push((g.a, round(c + s.t * g.ba as f64)));
        }
        out
    }

    /// From the network to the point of `s`: (node, cost) for each end of its segment from
    /// which the point may be reached along it, the connector included.
    pub fn arrive(&self, s: &Snap) -> Vec<(u32, u32)> {
        let g = self.segs[s.seg as usize];
        let c = self.connector(s);
        let mut out = Vec::with_capacity(2);
        if g.ab != CLOSED {
            out.push((g.a, round(c + s.t * g.ab as f64)));
        }
        if g.ba != CLOSED {
            out.push((g.b, round(c + (1.0 - s.t) * g.ba as f64)));
        }
        out
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
