//! Shortest paths on a [`Graph`]: Dijkstra with a binary heap whose buffers are kept between
//! searches (only the nodes a search touched are reset), forward for one trip and on the
//! reversed edges for "from everywhere to one destination". Depends on `spatial` only.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::{CLOSED, Csr, Graph, Snap};
use crate::spatial::Xy;

/// A reusable search: one per thread, sized for one graph.
pub struct Search {
    dist: Vec<u32>,
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
            dist: vec![CLOSED; g.nodes()],
            pred: vec![u32::MAX; g.nodes()],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// The number of nodes of the graph it was made for.
    pub fn size(&self) -> usize {
        self.dist.len()
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
                self.heap.push(Reverse((c, v)));
            }
        }
        let mut settled = 0;
        while let Some(Reverse((d, u))) = self.heap.pop() {
            if d > self.dist[u as usize] {
                continue;
            }
            if targets.contains(&u) {
                settled += 1;
                if settled == targets.len() {
                    break;
                }
            }
            for (v, c) in csr.out(u) {
                let nd = d.saturating_add(c);
                if nd <= limit && nd < self.dist[v as usize] {
                    if self.dist[v as usize] == CLOSED {
                        self.touched.push(v);
                    }
                    self.dist[v as usize] = nd;
                    self.pred[v as usize] = u;
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

    /// The best of `legs` (node, cost from the node on) after the last search.
    pub fn best(&self, legs: &[(u32, u32)]) -> Option<u32> {
        legs.iter().filter_map(|&(v, c)| self.cost(v).map(|d| d.saturating_add(c))).min()
    }

    /// The nodes from a source to `v` of the last forward search.
    fn path(&self, v: u32) -> Vec<u32> {
        let mut out = vec![v];
        let mut at = v;
        while self.pred[at as usize] != u32::MAX {
            at = self.pred[at as usize];
            out.push(at);
        }
        out.reverse();
        out
    }
}

/// A trip on the network between two points.
#[derive(Clone, Debug, PartialEq)]
pub struct Trip {
    /// Millimetres (walk) or milliseconds (car), connectors included.
    pub cost: u32,
    /// The path: the origin, where it meets the network, the nodes, where it leaves, the
    /// destination.
    pub line: Vec<Xy>,
    /// Length of the path, metres (connectors included).
    pub length_m: f64,
    pub from: Snap,
    pub to: Snap,
}

impl Graph {
    /// The cheapest trip from `from` to `to`, if the network connects them.
    pub fn trip(&self, search: &mut Search, from: Xy, to: Xy) -> Option<Trip> {
        let (o, d) = (self.snap(from)?, self.snap(to)?);
        let direct = self.same_segment(&o, &d);
        let arrive = self.arrive(&d);
        let targets: Vec<u32> = arrive.iter().map(|a| a.0).collect();
        search.run_until(self, Dir::Forward, &self.depart(&o), CLOSED - 1, &targets);
        let via = arrive.into_iter().filter_map(|(v, c)| Some((search.cost(v)?.saturating_add(c), v))).min();
        let mut line = vec![from, o.at];
        let cost = match (direct, via) {
            (Some(a), Some((b, _))) if a <= b => a,
            (Some(a), None) => a,
            (_, Some((b, v))) => {
                line.extend(search.path(v).into_iter().map(|v| self.xy(v)));
                b
            }
            (None, None) => return None,
        };
        line.extend([d.at, to]);
        let length_m = line.windows(2).map(|w| w[0].dist(w[1])).sum();
        Some(Trip { cost, line, length_m, from: o, to: d })
    }

    /// Costs from each of `origins` to `dest`, with one search on the reversed edges (up to
    /// `limit`); `None` where the network does not connect them.
    pub fn costs_to(&self, search: &mut Search, dest: &Snap, origins: &[Option<Snap>], limit: u32) -> Vec<Option<u32>> {
        search.run(self, Dir::Reverse, &self.arrive(dest), limit);
        origins
            .iter()
            .map(|o| {
                let o = o.as_ref()?;
                let via = search.best(&self.depart(o));
                match (self.same_segment(o, dest), via) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            })
            .collect()
    }
}
