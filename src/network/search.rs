//! Shortest paths on a [`Graph`]: Dijkstra with a binary heap whose buffers are kept between
//! searches (only the nodes a search touched are reset), forward for one trip and on the
//! reversed edges for "from everywhere to one destination". Depends on `spatial` only.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::{CLOSED, Csr, Graph, Leg, Snap};
use crate::spatial::Xy;

/// A reusable search: one per thread, sized for one graph.
pub struct Search {
    dist: Vec<u32>,
    /// The edge (index into the searched CSR) each node was last reached by.
    pred: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u32, u32)>>,
}

/// The search's direction: along the edges, or against them (costs *to* the sources).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Forward,
    Reverse,
}

impl Search {
    pub fn new(g: &Graph) -> Search {
        Search {
            dist: vec![CLOSED; g.vertices()],
            pred: vec![u32::MAX; g.vertices()],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// The number of nodes of the graph it was made for ([`Graph::vertices`]).
    pub fn size(&self) -> usize {
        self.dist.len()
    }

    /// The number of nodes the last search labelled (how far it went).
    pub fn labelled(&self) -> usize {
        self.touched.len()
    }

    /// Costs from `sources` (node, starting cost) to every node within `limit`.
    pub fn run(&mut self, g: &Graph, dir: Dir, sources: &[(u32, u32)], limit: u32) {
        self.run_until(g, dir, sources, limit, &[]);
    }

    /// As [`Search::run`], but stops once every node of `targets` is settled (when not empty).
    pub fn run_until(&mut self, g: &Graph, dir: Dir, sources: &[(u32, u32)], limit: u32, targets: &[u32]) {
        for &v in &self.touched {
            self.dist[v as usize] = CLOSED;
            self.pred[v as usize] = u32::MAX;
        }
        self.touched.clear();
        self.heap.clear();
        let csr: &Csr = if dir == Dir::Forward { &g.fwd } else { &g.rev };
        for &(v, c) in sources {
            if c <= limit && c < self.dist[v as usize] {
                if self.dist[v as usize] == CLOSED {
                    self.touched.push(v);
                }
                self.dist[v as usize] = c;
                self.pred[v as usize] = u32::MAX;
                self.heap.push(Reverse((c, v)));
            }
        }
        // A node may be named more than once (a point's legs through both ends of its segment
        // reach the same chain ends): count each once, or the search never stops early.
        let mut targets = targets.to_vec();
        targets.sort_unstable();
        targets.dedup();
        let mut settled = 0;
        while let Some(Reverse((d, u))) = self.heap.pop() {
            if d > self.dist[u as usize] {
                continue;
            }
            if targets.binary_search(&u).is_ok() {
                settled += 1;
                if settled == targets.len() {
                    break;
                }
            }
            for e in csr.first[u as usize]..csr.first[u as usize + 1] {
                let (v, c) = (csr.head[e as usize], csr.cost[e as usize]);
                let nd = d.saturating_add(c);
                if nd <= limit && nd < self.dist[v as usize] {
                    if self.dist[v as usize] == CLOSED {
                        self.touched.push(v);
                    }
                    self.dist[v as usize] = nd;
                    self.pred[v as usize] = e;
                    self.heap.push(Reverse((nd, v)));
                }
            }
        }
    }

    /// The cost to (or from) node `v` of the last search.
    pub fn cost(&self, v: u32) -> Option<u32> {
        let c = self.dist[v as usize];
        (c != CLOSED).then_some(c)
    }

    /// The best of `legs` after the last search: the cost to the leg's node, on along its
    /// chain (that part within `limit`, as on a graph with every node searched), then its local
    /// part.
    pub fn best(&self, legs: &[Leg], limit: u32) -> Option<u32> {
        legs.iter()
            .filter_map(|l| {
                let d = self.cost(l.node)?.saturating_add(l.inner);
                (d <= limit).then(|| d.saturating_add(l.local))
            })
            .min()
    }

    /// The first node and the points from it to `v` of the last forward search, shape nodes
    /// included.
    fn path(&self, g: &Graph, v: u32) -> (u32, Vec<Xy>) {
        let mut edges = Vec::new();
        let mut at = v;
        while self.pred[at as usize] != u32::MAX {
            let c = g.fwd_chain[self.pred[at as usize] as usize];
            let (a, b) = g.chains.ends[c as usize];
            edges.push((c, at == b));
            at = if at == b { a } else { b };
        }
        let mut out = vec![g.xy(at)];
        for &(c, along) in edges.iter().rev() {
            let len = g.chains.length(c);
            let (x, y) = if along { (0, len) } else { (len, 0) };
            out.extend(g.chain_points(c, x, y).skip(1));
        }
        (at, out)
    }
}

/// A trip on the network between two points.
#[derive(Clone, Debug, PartialEq)]
pub struct Trip {
    /// Millimetres (walk) or milliseconds (car), connectors included.
    pub cost: u32,
    /// The path: the origin, where it meets the network, the nodes (shape nodes included),
    /// where it leaves, the destination.
    pub line: Vec<Xy>,
    /// Length of the path, metres (connectors included).
    pub length_m: f64,
    pub from: Snap,
    pub to: Snap,
}

impl Graph {
    /// The cheapest trip from `from` to `to`, if the network connects them. Of equal costs,
    /// along one segment comes first, then along one chain, then through the searched network.
    pub fn trip(&self, search: &mut Search, from: Xy, to: Xy) -> Option<Trip> {
        let (o, d) = (self.snap(from)?, self.snap(to)?);
        let (dep, arr) = (self.depart(&o), self.arrive(&d));
        let targets: Vec<u32> = arr.iter().map(|a| a.node).collect();
        let sources: Vec<(u32, u32)> = dep.iter().map(Leg::source).collect();
        search.run_until(self, Dir::Forward, &sources, CLOSED - 1, &targets);
        let via = arr
            .iter()
            .filter_map(|l| {
                let d = search.cost(l.node)?.saturating_add(l.inner);
                (d < CLOSED).then(|| (d.saturating_add(l.local), l))
            })
            .min_by_key(|x| x.0);
        let along = self.along_chain(&o, &d, Dir::Forward, CLOSED - 1);
        let direct = self.same_segment(&o, &d);
        let costs = [direct, along.map(|a| a.0), via.map(|v| v.0)];
        let cost = costs.iter().flatten().copied().min()?;
        let mut line = vec![from, o.at];
        if direct == Some(cost) {
            // Along the one segment: no node between the two points.
        } else if let Some((_, c, ko, kd)) = along.filter(|a| a.0 == cost) {
            line.extend(self.chain_points(c, ko, kd));
        } else if let Some((_, l)) = via {
            let (start, path) = search.path(self, l.node);
            // Along the origin's chain to the search's first node, the searched path, then along
            // the destination's chain to its segment.
            let first = dep.iter().filter(|x| x.node == start).min_by_key(|x| x.cost()).expect("a source");
            line.extend(self.chain_points(first.chain, first.at, first.end));
            line.extend(path.into_iter().skip(1));
            line.extend(self.chain_points(l.chain, l.end, l.at).skip(1));
        }
        line.extend([d.at, to]);
        let length_m = line.windows(2).map(|w| w[0].dist(w[1])).sum();
        Some(Trip { cost, line, length_m, from: o, to: d })
    }

    /// Costs from each of `origins` to `dest`, with one search on the reversed edges (up to
    /// `limit`); `None` where the network does not connect them.
    pub fn costs_to(&self, search: &mut Search, dest: &Snap, origins: &[Option<Snap>], limit: u32) -> Vec<Option<u32>> {
        let sources: Vec<(u32, u32)> = self.arrive(dest).iter().map(Leg::source).collect();
        search.run(self, Dir::Reverse, &sources, limit);
        origins
            .iter()
            .map(|o| {
                let o = o.as_ref()?;
                let via = search.best(&self.depart(o), limit);
                match (self.along(o, dest, Dir::Reverse, limit), via) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            })
            .collect()
    }
}
