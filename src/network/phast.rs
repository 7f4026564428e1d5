//! One-to-many costs on a contraction hierarchy: PHAST and RPHAST (Delling, Goldberg,
//! Nowatzyk, Werneck 2011). For the costs *to* one destination, a Dijkstra search from the
//! destination goes up the reversed hierarchy (a few hundred nodes), then one linear sweep in
//! decreasing importance takes, for each node, the best of its own upward label and its upward
//! edges plus the (already final) costs of their heads. RPHAST sweeps only a [`Selection`]: the
//! targets and every node above them, chosen once for a fixed set of origins.
//!
//! [`ToOne`] gives exactly [`Graph::costs_to`] (same legs onto and off the network, same limit,
//! same rounding) at a fraction of its cost. Depends on nothing outside `network`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::ch::Ch;
use super::graph::{CLOSED, Csr, Graph, Leg, Snap};

/// The part of a hierarchy one sweep visits: the chosen nodes and all nodes above them, in
/// decreasing importance (local index 0 first), with their upward edges in local indices.
#[derive(Clone, Debug)]
pub struct Selection {
    /// Local index of each position, or `u32::MAX` when not selected.
    local: Vec<u32>,
    up: Csr,
}

impl Selection {
    /// Number of nodes the sweep visits.
    pub fn len(&self) -> usize {
        self.up.first.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Buffers for the searches of one thread.
pub struct PhastSearch {
    /// Upward labels by position (reset after each search through `touched`).
    dist: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(u32, u32)>>,
    /// Final costs by local index of the last sweep.
    sweep: Vec<u32>,
}

impl PhastSearch {
    pub fn new(ch: &Ch) -> PhastSearch {
        PhastSearch { dist: vec![CLOSED; ch.nodes()], touched: Vec::new(), heap: BinaryHeap::new(), sweep: Vec::new() }
    }
}

impl Ch {
    /// The targets (graph nodes) and every node reachable from them by upward edges.
    pub fn select(&self, targets: impl IntoIterator<Item = u32>) -> Selection {
        let n = self.nodes();
        let mut seen = vec![false; n];
        let mut stack: Vec<u32> = Vec::new();
        for v in targets {
            let p = self.pos[v as usize];
            if !std::mem::replace(&mut seen[p as usize], true) {
                stack.push(p);
            }
        }
        while let Some(p) = stack.pop() {
            for (q, _) in self.up_out.out(p) {
                if !std::mem::replace(&mut seen[q as usize], true) {
                    stack.push(q);
                }
            }
        }
        let mut local = vec![u32::MAX; n];
        let mut chosen = Vec::new();
        for p in (0..n as u32).filter(|&p| seen[p as usize]) {
            local[p as usize] = chosen.len() as u32;
            chosen.push(p);
        }
        let edges = chosen.iter().enumerate().flat_map(|(i, &p)| {
            let local = &local;
            self.up_out.out(p).map(move |(q, c)| (i as u32, local[q as usize], c))
        });
        let up = Csr::build(chosen.len(), edges);
        Selection { local, up }
    }

    /// Every node, for a full PHAST sweep.
    pub fn select_all(&self) -> Selection {
        self.select(0..self.nodes() as u32)
    }

    /// Costs from the selected nodes to the `sources` (graph node, cost from the node on) up
    /// to `limit`, into `s`; read them with [`Ch::cost`].
    pub fn sweep(&self, sel: &Selection, s: &mut PhastSearch, sources: &[(u32, u32)], limit: u32) {
        for &p in &s.touched {
            s.dist[p as usize] = CLOSED;
        }
        s.touched.clear();
        s.heap.clear();
        for &(v, c) in sources {
            let p = self.pos[v as usize];
            if c <= limit && c < s.dist[p as usize] {
                if s.dist[p as usize] == CLOSED {
                    s.touched.push(p);
                }
                s.dist[p as usize] = c;
                s.heap.push(Reverse((c, p)));
            }
        }
        // Up the reversed hierarchy: from p to the more important q with an edge q → p.
        while let Some(Reverse((d, p))) = s.heap.pop() {
            if d > s.dist[p as usize] {
                continue;
            }
            for (q, c) in self.up_in.out(p) {
                let nd = d.saturating_add(c);
                if nd <= limit && nd < s.dist[q as usize] {
                    if s.dist[q as usize] == CLOSED {
                        s.touched.push(q);
                    }
                    s.dist[q as usize] = nd;
                    s.heap.push(Reverse((nd, q)));
                }
            }
        }
        s.sweep.clear();
        s.sweep.resize(sel.len(), CLOSED);
        for &p in &s.touched {
            let l = sel.local[p as usize];
            if l != u32::MAX {
                s.sweep[l as usize] = s.dist[p as usize];
            }
        }
        // Down, most important first: every upward edge's head is already final.
        let (first, head, cost) = (&sel.up.first, &sel.up.head, &sel.up.cost);
        for i in 0..sel.len() {
            let mut d = s.sweep[i];
            for k in first[i] as usize..first[i + 1] as usize {
                d = d.min(s.sweep[head[k] as usize].saturating_add(cost[k]));
            }
            s.sweep[i] = d;
        }
    }

    /// The cost of graph node `v` after the last [`Ch::sweep`] with `sel`, when it is selected
    /// and within the limit.
    pub fn cost(&self, sel: &Selection, s: &PhastSearch, v: u32, limit: u32) -> Option<u32> {
        let l = *sel.local.get(self.pos[v as usize] as usize)?;
        let d = *s.sweep.get(l as usize)?;
        (d <= limit).then_some(d)
    }
}

impl Graph {
    /// The contraction hierarchy of this network's edges.
    pub fn contract(&self) -> Ch {
        let n = self.vertices() as u32;
        Ch::build(self.vertices(), (0..n).flat_map(|u| self.fwd.out(u).map(move |(v, c)| (u, v, c))))
    }
}

/// Costs from a fixed set of origins to one destination at a time (RPHAST): what
/// [`Graph::costs_to`] gives, searched on the hierarchy `ch` of `g`.
pub struct ToOne<'a> {
    g: &'a Graph,
    ch: &'a Ch,
    origins: &'a [Option<Snap>],
    sel: Selection,
    /// Per origin: (local index, cost along the chain, cost off it) of each node the origin's
    /// segment leads to.
    legs: Vec<Vec<(u32, u32, u32)>>,
}

impl<'a> ToOne<'a> {
    pub fn new(g: &'a Graph, ch: &'a Ch, origins: &'a [Option<Snap>]) -> ToOne<'a> {
        let departs: Vec<Vec<Leg>> =
            origins.iter().map(|o| o.as_ref().map(|o| g.depart(o)).unwrap_or_default()).collect();
        let sel = ch.select(departs.iter().flatten().map(|l| l.node));
        let legs = departs
            .into_iter()
            .map(|d| d.into_iter().map(|l| (sel.local[ch.pos[l.node as usize] as usize], l.inner, l.local)).collect())
            .collect();
        ToOne { g, ch, origins, sel, legs }
    }

    /// Nodes each sweep visits.
    pub fn swept(&self) -> usize {
        self.sel.len()
    }

    /// Costs from each origin to `dest` up to `limit`; `None` where the network does not
    /// connect them. Equal to [`Graph::costs_to`].
    pub fn costs_to(&self, s: &mut PhastSearch, dest: &Snap, limit: u32) -> Vec<Option<u32>> {
        let sources: Vec<(u32, u32)> = self.g.arrive(dest).iter().map(Leg::source).collect();
        self.ch.sweep(&self.sel, s, &sources, limit);
        self.origins
            .iter()
            .zip(&self.legs)
            .map(|(o, legs)| {
                let o = o.as_ref()?;
                let via = legs
                    .iter()
                    .filter_map(|&(l, inner, local)| {
                        let d = s.sweep[l as usize].saturating_add(inner);
                        (d <= limit).then(|| d.saturating_add(local))
                    })
                    .min();
                match (self.g.along(o, dest, super::Dir::Reverse, limit), via) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            })
            .collect()
    }
}
