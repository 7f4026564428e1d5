//! A contraction hierarchy (Geisberger, Sanders, Schultes, Delling 2008) of a network's directed
//! edges, for the one-to-many searches of [`super::phast`]. Nodes are contracted one at a time,
//! least important first (edge difference plus contracted neighbours, kept fresh by lazy
//! updates and by recomputing the neighbours of each contracted node); a shortcut u → w
//! replaces u → v → w unless a local witness search finds a path from u to w avoiding v that
//! costs no more. The witness search is bounded (settled nodes): a missed witness only adds a
//! redundant shortcut, so every distance stays exact.
//!
//! The result keeps, for each node, its edges to more important nodes — out of the node (the
//! upward graph) and into it (the upward graph of the reversed network) — numbered by
//! *position*: position 0 is the most important node, so an upward edge always points to a
//! smaller position and the downward sweep of PHAST is one pass in increasing position.
//! Depends on nothing outside `network`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::{CLOSED, Csr};

/// Settled nodes a witness search may take while estimating a node's importance.
const SIMULATE_SETTLED: usize = 40;
/// Settled nodes a witness search may take when a node is contracted.
const CONTRACT_SETTLED: usize = 400;

/// A contraction hierarchy over nodes `0..n` of a graph.
#[derive(Clone, Debug)]
pub struct Ch {
    /// Position of each graph node (0 = contracted last = most important).
    pub(super) pos: Vec<u32>,
    /// Per position: edges to smaller positions, out of the node (costs along the edge).
    pub(super) up_out: Csr,
    /// Per position: edges from smaller positions into the node (costs along the edge).
    pub(super) up_in: Csr,
}

impl Ch {
    /// Contracts the graph with `n` nodes and the directed `edges` (tail, head, cost); edges
    /// with cost [`CLOSED`] are ignored, parallel edges keep the cheapest, loops are dropped.
    pub fn build(n: usize, edges: impl Iterator<Item = (u32, u32, u32)>) -> Ch {
        let mut c = Contraction::new(n, edges);
        c.run();
        c.finish()
    }

    /// Number of nodes.
    pub fn nodes(&self) -> usize {
        self.pos.len()
    }

    /// Number of upward edges (original edges and shortcuts), both directions.
    pub fn edges(&self) -> usize {
        self.up_out.head.len() + self.up_in.head.len()
    }

    /// The position of graph node `v` (0 = most important).
    pub fn position(&self, v: u32) -> u32 {
        self.pos[v as usize]
    }
}

/// A reusable bounded Dijkstra on the remaining (not yet contracted) graph.
struct Witness {
    dist: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u32, u32)>>,
}

impl Witness {
    /// Costs from `src` avoiding `skip`, up to `max` and at most `settle` settled nodes; every
    /// cost left in `dist` is the cost of a real path (settled or not).
    fn run(&mut self, out: &[Vec<(u32, u32)>], src: u32, skip: u32, max: u32, settle: usize) {
        for &v in &self.touched {
            self.dist[v as usize] = CLOSED;
        }
        self.touched.clear();
        self.heap.clear();
        self.dist[src as usize] = 0;
        self.touched.push(src);
        self.heap.push(Reverse((0, src)));
        let mut settled = 0;
        while let Some(Reverse((d, u))) = self.heap.pop() {
            if d > self.dist[u as usize] {
                continue;
            }
            settled += 1;
            if settled > settle || d > max {
                break;
            }
            for &(v, c) in &out[u as usize] {
                let nd = d.saturating_add(c);
                if v != skip && nd < self.dist[v as usize] {
                    if self.dist[v as usize] == CLOSED {
                        self.touched.push(v);
                    }
                    self.dist[v as usize] = nd;
                    self.heap.push(Reverse((nd, v)));
                }
            }
        }
    }
}

/// Adds the edge to `to` at `cost` to a list, or lowers the one there.
fn add_or_lower(list: &mut Vec<(u32, u32)>, to: u32, cost: u32) {
    match list.iter_mut().find(|e| e.0 == to) {
        Some(e) => e.1 = e.1.min(cost),
        None => list.push((to, cost)),
    }
}

struct Contraction {
    out: Vec<Vec<(u32, u32)>>,
    inn: Vec<Vec<(u32, u32)>>,
    done: Vec<bool>,
    neighbours_done: Vec<i32>,
    prio: Vec<i32>,
    order: Vec<u32>,
    /// Upward edges found so far: (from, to, cost) with `to` contracted later.
    up_out: Vec<(u32, u32, u32)>,
    up_in: Vec<(u32, u32, u32)>,
    witness: Witness,
    shortcuts: Vec<(u32, u32, u32)>,
}

impl Contraction {
    fn new(n: usize, edges: impl Iterator<Item = (u32, u32, u32)>) -> Contraction {
        let (mut out, mut inn) = (vec![Vec::new(); n], vec![Vec::new(); n]);
        for (u, v, c) in edges {
            if u != v && c != CLOSED {
                add_or_lower(&mut out[u as usize], v, c);
                add_or_lower(&mut inn[v as usize], u, c);
            }
        }
        Contraction {
            out,
            inn,
            done: vec![false; n],
            neighbours_done: vec![0; n],
            prio: vec![0; n],
            order: Vec::with_capacity(n),
            up_out: Vec::new(),
            up_in: Vec::new(),
            witness: Witness { dist: vec![CLOSED; n], touched: Vec::new(), heap: BinaryHeap::new() },
            shortcuts: Vec::new(),
        }
    }

    /// The shortcuts contracting `v` needs (into `self.shortcuts`), with witness searches of at
    /// most `settle` settled nodes.
    fn find_shortcuts(&mut self, v: u32, settle: usize) {
        self.shortcuts.clear();
        let (ins, outs) = (&self.inn[v as usize], &self.out[v as usize]);
        for &(u, cu) in ins {
            // The dearest path through v worth a shortcut (none at or beyond CLOSED is usable).
            let via = |cw: u32| cu as u64 + cw as u64;
            let Some(max) = outs.iter().filter(|e| e.0 != u).map(|e| via(e.1)).filter(|&m| m < CLOSED as u64).max()
            else {
                continue;
            };
            self.witness.run(&self.out, u, v, max as u32, settle);
            for &(w, cw) in outs {
                if w != u && via(cw) <= max && self.witness.dist[w as usize] as u64 > via(cw) {
                    self.shortcuts.push((u, w, via(cw) as u32));
                }
            }
        }
    }

    /// The importance of `v`: twice the edge difference plus the contracted neighbours.
    fn priority(&mut self, v: u32) -> i32 {
        self.find_shortcuts(v, SIMULATE_SETTLED);
        let degree = (self.inn[v as usize].len() + self.out[v as usize].len()) as i32;
        2 * (self.shortcuts.len() as i32 - degree) + self.neighbours_done[v as usize]
    }

    fn contract(&mut self, v: u32) {
        self.find_shortcuts(v, CONTRACT_SETTLED);
        self.done[v as usize] = true;
        self.order.push(v);
        let outs = std::mem::take(&mut self.out[v as usize]);
        let ins = std::mem::take(&mut self.inn[v as usize]);
        for &(w, c) in &outs {
            self.up_out.push((v, w, c));
            self.inn[w as usize].retain(|e| e.0 != v);
        }
        for &(u, c) in &ins {
            self.up_in.push((u, v, c));
            self.out[u as usize].retain(|e| e.0 != v);
        }
        for i in 0..self.shortcuts.len() {
            let (u, w, c) = self.shortcuts[i];
            add_or_lower(&mut self.out[u as usize], w, c);
            add_or_lower(&mut self.inn[w as usize], u, c);
        }
        for x in outs.iter().chain(&ins).map(|e| e.0) {
            self.neighbours_done[x as usize] += 1;
        }
    }

    fn run(&mut self) {
        let n = self.out.len();
        let mut heap = BinaryHeap::with_capacity(n);
        for v in 0..n as u32 {
            self.prio[v as usize] = self.priority(v);
            heap.push(Reverse((self.prio[v as usize], v)));
        }
        let mut neighbours = Vec::new();
        while let Some(Reverse((p, v))) = heap.pop() {
            if self.done[v as usize] || p != self.prio[v as usize] {
                continue;
            }
            // Lazy update: contract v only if it is still the least important.
            let now = self.priority(v);
            if now > p && heap.peek().is_some_and(|Reverse((q, _))| *q < now) {
                self.prio[v as usize] = now;
                heap.push(Reverse((now, v)));
                continue;
            }
            neighbours.clear();
            neighbours.extend(self.out[v as usize].iter().chain(&self.inn[v as usize]).map(|e| e.0));
            self.contract(v);
            neighbours.sort_unstable();
            neighbours.dedup();
            for &x in &neighbours {
                let q = self.priority(x);
                if q != self.prio[x as usize] {
                    self.prio[x as usize] = q;
                    heap.push(Reverse((q, x)));
                }
            }
        }
    }

    fn finish(self) -> Ch {
        let n = self.order.len();
        let mut pos = vec![0u32; n];
        for (rank, &v) in self.order.iter().enumerate() {
            pos[v as usize] = (n - 1 - rank) as u32;
        }
        let p = |v: u32| pos[v as usize];
        // Out of `from` to the more important `to`, filed under `from`.
        let up_out = Csr::build(n, self.up_out.iter().map(|&(f, t, c)| (p(f), p(t), c)));
        // Into `to` from the more important `from`, filed under `to`.
        let up_in = Csr::build(n, self.up_in.iter().map(|&(f, t, c)| (p(t), p(f), c)));
        Ch { pos, up_out, up_in }
    }
}
