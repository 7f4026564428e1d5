//! Pruning of point-to-point queries ([`super::Raptor::earliest_arrival_to`]) beyond the
//! targets' arrival: a query whose origins and targets lie in different parts of the network
//! ends at once.
//!
//! The parts are the connected components of a graph of stops with an edge for each pair of
//! consecutive calls of a pattern and for each footpath, taken both ways: every journey moves
//! along such edges (a ride from call `i` to call `j` passes the calls between; a change at one
//! stop stays on it), so no journey leaves its origin's component. Built once per worker, on
//! its first pruned query.
//!
//! A lower bound on the time left (a reverse Dijkstra from the targets over the fastest hop
//! times) was measured and left out: on the HART-sized feed it made a query that reaches its
//! target slower (0.50 against 0.30 ms), the search costing more than it pruned (BENCHMARKS.md,
//! session 7).
//!
//! Depends only on [`crate::timetable`]. Not used with route- or trip-bound transfer rules (their
//! walks between rule stops are not footpaths).

use crate::timetable::{PatternIdx, StopIdx, Timetable};

/// Connected component of each stop (see the module documentation).
fn components(tt: &Timetable) -> Vec<u32> {
    let n = tt.n_stops();
    let mut root: Vec<u32> = (0..n as u32).collect();
    // Union-find with path halving.
    let find = |root: &mut Vec<u32>, mut x: u32| {
        while root[x as usize] != x {
            root[x as usize] = root[root[x as usize] as usize];
            x = root[x as usize];
        }
        x
    };
    let mut join = |a: StopIdx, b: StopIdx| {
        let (a, b) = (find(&mut root, a.0), find(&mut root, b.0));
        root[a as usize] = b;
    };
    for p in 0..tt.n_patterns() {
        for w in tt.calls(PatternIdx(p as u32)).windows(2) {
            join(w[0].stop(), w[1].stop());
        }
    }
    for s in tt.stop_indices() {
        for fp in tt.footpaths(s) {
            join(s, fp.to);
        }
    }
    (0..n as u32).map(|s| find(&mut root, s)).collect()
}

/// The point-to-point state of a worker.
#[derive(Default)]
pub(super) struct Pruner {
    /// Per stop, built on the first pruned query.
    component: Option<Vec<u32>>,
    /// The query's one target (its label lowers the bound as soon as it improves), or
    /// `usize::MAX` with none or several.
    pub(super) target: usize,
}

impl Pruner {
    pub(super) fn new() -> Pruner {
        Pruner { component: None, target: usize::MAX }
    }

    /// Whether no journey can reach a target: no origin is in a target's component.
    pub(super) fn disconnected(&mut self, tt: &Timetable, origins: &[(StopIdx, u32)], targets: &[StopIdx]) -> bool {
        let component = self.component.get_or_insert_with(|| components(tt));
        let c = |s: StopIdx| component.get(s.ix()).copied();
        !origins.iter().any(|o| c(o.0).is_some_and(|co| targets.iter().any(|&t| c(t) == Some(co))))
    }
}

impl super::Raptor<'_> {
    /// When round `k - 1` improved no stop (and no transfer rule is active), rounds `k..` can only
    /// repeat it: carries the changed labels of round `k - 1` into every later round at once, and
    /// leaves `next` as the last round's set. Returns whether it did (the caller then stops).
    /// Saves the empty rounds' set walks, most of a pruned query's tail.
    pub(super) fn finish_if_settled(&mut self, k: usize) -> bool {
        if self.rules.active || self.prev.marked.words.iter().any(|&w| w != 0) {
            return false;
        }
        self.carry_to_last(k);
        // The stops whose labels the last round may have changed: a superset is harmless (the
        // caller recomputes their best arrival from the last round's labels).
        std::mem::swap(&mut self.prev, &mut self.next);
        true
    }
}
