//! Degree-2 chains of a street network. A node with exactly two segments and no other role (a
//! shape node of a way, or where two ways meet end to end) is not a node of the searched graph:
//! it lies inside a **chain**, a run of segments between two kept nodes (junctions, dead ends).
//! A chain is one edge of the searched graph each way, its cost the sum of its segments' costs
//! (closed when any segment is closed that way). The segments themselves are kept, with their
//! geometry, for snapping and for drawing paths; a point snapped onto a chain keeps its place
//! along it, so every cost is exactly the one of the graph with every node kept
//! (`chain_tests` checks that on random networks).
//!
//! A ring of degree-2 nodes (a closed footway touching nothing) keeps its first node.
//! Depends on nothing outside `network`.

use super::graph::{CLOSED, Seg};

/// The chains of a graph: segments in order along each chain, prefix sums of their costs.
#[derive(Clone, Debug, Default)]
pub(super) struct Chains {
    /// The positions of chain `c` are `first[c]..first[c + 1]` (indices into `order`, `flip`).
    pub first: Vec<u32>,
    /// The segment at each position.
    pub order: Vec<u32>,
    /// Whether the segment at a position runs `b → a` along the chain.
    pub flip: Vec<bool>,
    /// Per segment: its position.
    pub pos: Vec<u32>,
    /// Per chain: its start and end node (point ids; kept nodes, the same one for a ring).
    pub ends: Vec<(u32, u32)>,
    /// Prefix sums along the chain (forward) and against it (backward) of the segments' costs,
    /// closed segments counting 0, at `first[c] + c + k` for chain node `k` (0 = start).
    pre_fwd: Vec<u64>,
    pre_bwd: Vec<u64>,
    /// The same prefix counts of closed segments.
    shut_fwd: Vec<u32>,
    shut_bwd: Vec<u32>,
}

/// Which nodes are kept, and the chains over `segs` (point ids `0..n`). With `contract` false
/// every node is kept and every segment is a chain of its own.
pub(super) fn chains(n: usize, segs: &[Seg], contract: bool) -> (Vec<bool>, Chains) {
    let mut deg = vec![0u8; n];
    let mut two = vec![[u32::MAX; 2]; if contract { n } else { 0 }];
    let mut kept = vec![!contract; n];
    for (i, s) in segs.iter().enumerate() {
        for v in [s.a, s.b] {
            let d = &mut deg[v as usize];
            if contract && *d < 2 {
                two[v as usize][*d as usize] = i as u32;
            }
            *d = d.saturating_add(1);
        }
        if s.a == s.b {
            kept[s.a as usize] = true;
        }
    }
    for v in 0..n {
        kept[v] |= deg[v] != 2;
    }
    let mut b = Builder { segs, kept: &kept, two: &two, ch: Chains::default() };
    b.ch.pos = vec![u32::MAX; segs.len()];
    b.ch.first.push(0);
    for (i, s) in segs.iter().enumerate() {
        if b.ch.pos[i] == u32::MAX && (kept[s.a as usize] || kept[s.b as usize]) {
            b.walk(if kept[s.a as usize] { s.a } else { s.b }, i as u32);
        }
    }
    // What is left are rings of degree-2 nodes: each keeps the node it is entered at.
    for (i, s) in segs.iter().enumerate() {
        if b.ch.pos[i] == u32::MAX {
            b.walk(s.a, i as u32);
        }
    }
    let ch = b.finish();
    for &(a, _) in &ch.ends {
        kept[a as usize] = true;
    }
    (kept, ch)
}

struct Builder<'a> {
    segs: &'a [Seg],
    kept: &'a [bool],
    two: &'a [[u32; 2]],
    ch: Chains,
}

impl Builder<'_> {
    /// The chain from kept node `start` along segment `s` to the next kept node (or, in a ring,
    /// back to `start`).
    fn walk(&mut self, start: u32, mut s: u32) {
        let (mut cur, ring) = (start, !self.kept[start as usize]);
        loop {
            let g = self.segs[s as usize];
            let flip = g.a != cur;
            self.ch.pos[s as usize] = self.ch.order.len() as u32;
            self.ch.order.push(s);
            self.ch.flip.push(flip);
            let next = if flip { g.a } else { g.b };
            if self.kept[next as usize] || (ring && next == start) {
                self.ch.ends.push((start, next));
                self.ch.first.push(self.ch.order.len() as u32);
                return;
            }
            let [x, y] = self.two[next as usize];
            s = if x == s { y } else { x };
            cur = next;
        }
    }

    fn finish(mut self) -> Chains {
        let c = &mut self.ch;
        let chains = c.ends.len();
        let cap = c.order.len() + chains;
        let (mut pf, mut pb, mut sf, mut sb) =
            (Vec::with_capacity(cap), Vec::with_capacity(cap), Vec::with_capacity(cap), Vec::with_capacity(cap));
        for k in 0..chains {
            let (mut f, mut b, mut xf, mut xb) = (0u64, 0u64, 0u32, 0u32);
            let push = |pf: &mut Vec<u64>,
                        pb: &mut Vec<u64>,
                        sf: &mut Vec<u32>,
                        sb: &mut Vec<u32>,
                        v: (u64, u64, u32, u32)| {
                pf.push(v.0);
                pb.push(v.1);
                sf.push(v.2);
                sb.push(v.3);
            };
            push(&mut pf, &mut pb, &mut sf, &mut sb, (0, 0, 0, 0));
            for p in c.first[k] as usize..c.first[k + 1] as usize {
                let g = self.segs[c.order[p] as usize];
                let (cf, cb) = if c.flip[p] { (g.ba, g.ab) } else { (g.ab, g.ba) };
                let add = |sum: &mut u64, shut: &mut u32, cost: u32| {
                    if cost == CLOSED {
                        *shut += 1;
                    } else {
                        *sum += cost as u64;
                    }
                };
                add(&mut f, &mut xf, cf);
                add(&mut b, &mut xb, cb);
                push(&mut pf, &mut pb, &mut sf, &mut sb, (f, b, xf, xb));
            }
        }
        (c.pre_fwd, c.pre_bwd, c.shut_fwd, c.shut_bwd) = (pf, pb, sf, sb);
        self.ch
    }
}

impl Chains {
    /// Number of chains.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The chain of the segment at position `p`.
    pub fn chain_at(&self, p: u32) -> u32 {
        (self.first.partition_point(|&f| f <= p) - 1) as u32
    }

    /// Number of segments of chain `c`.
    pub fn length(&self, c: u32) -> u32 {
        self.first[c as usize + 1] - self.first[c as usize]
    }

    /// The cost from chain node `x` to chain node `y` of chain `c` along it (0 when equal);
    /// `None` when a segment between them is closed that way or the sum does not fit a cost.
    pub fn inner(&self, c: u32, x: u32, y: u32) -> Option<u32> {
        let base = (self.first[c as usize] + c) as usize;
        let (i, j) = (base + x as usize, base + y as usize);
        let (sum, shut) = if x <= y {
            (self.pre_fwd[j] - self.pre_fwd[i], self.shut_fwd[j] - self.shut_fwd[i])
        } else {
            (self.pre_bwd[i] - self.pre_bwd[j], self.shut_bwd[i] - self.shut_bwd[j])
        };
        (shut == 0 && sum < CLOSED as u64).then_some(sum as u32)
    }

    /// The point at chain node `k` of chain `c` (0 = the start).
    pub fn point(&self, segs: &[Seg], c: u32, k: u32) -> u32 {
        let len = self.length(c);
        if k == len {
            return self.ends[c as usize].1;
        }
        let p = (self.first[c as usize] + k) as usize;
        let g = segs[self.order[p] as usize];
        if self.flip[p] { g.b } else { g.a }
    }

    /// Chain and chain nodes `(at a, at b)` of segment `s`.
    pub fn place(&self, s: u32) -> (u32, u32, u32) {
        let p = self.pos[s as usize];
        let c = self.chain_at(p);
        let k = p - self.first[c as usize];
        if self.flip[p as usize] { (c, k + 1, k) } else { (c, k, k + 1) }
    }

    /// Renames the point ids of the chain ends.
    pub fn rename(&mut self, id: &[u32]) {
        for e in &mut self.ends {
            *e = (id[e.0 as usize], id[e.1 as usize]);
        }
    }
}
