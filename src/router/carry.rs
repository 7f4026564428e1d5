//! The router's label bookkeeping between queries and rounds: clearing the last query's labels
//! and carrying round `k - 1` into round `k` — whole rounds at a time when many stops are
//! labelled, stop by stop when few are.
//!
//! Why two ways: a query that labels much of the network (a point-to-point query whose target is
//! far or out of reach runs close to one-to-all) spent 15 % of its instructions clearing nine
//! rounds stop by stop and about 7 % carrying labels stop by stop (callgrind, the 200 HART-sized
//! queries of `examples/point_to_point`); filling or copying a round's array is a `memset` or
//! `memcpy` of 16 KB at 4,000 stops, a few microseconds, where walking the set is cheaper only
//! when it holds few stops. Measured: 1.2–1.3× less CPU per point-to-point query (BENCHMARKS.md,
//! "Point-to-point: bookkeeping by whole rounds").
//!
//! Both ways write exactly the same labels. The whole-round carry relies on the query being
//! *fresh* (started from cleared labels, not a later minute of a range query): then round `k`
//! holds nothing before it is carried into, and every stop labelled in round `k - 1` is in its
//! `changed` set (a label written in round `j` is carried, and marked changed, in every round
//! after), so copying the round equals carrying the set.
//!
//! Depends only on the router's own state (labels, bitsets).

use super::{UNREACHED, ones};

/// A set with at least `n / DENSE` members is handled whole-round.
const DENSE: usize = 16;

/// Members of a bitset.
fn count(words: &[u64]) -> usize {
    words.iter().map(|w| w.count_ones() as usize).sum()
}

impl super::Raptor<'_> {
    /// Clears the labels of the previous query (only the stops it touched, or every round whole
    /// when it touched many) and marks the next query fresh.
    pub(super) fn reset(&mut self) {
        let n = self.n;
        let rounds = self.rounds() + 1;
        if count(&self.touched.words) * DENSE >= n {
            self.ride[..rounds * n].fill(UNREACHED);
            self.foot[..rounds * n].fill(UNREACHED);
            self.arrival.fill(UNREACHED);
        } else {
            let words = self.touched.words.len();
            for s in (0..words).flat_map(|w| ones(w, self.touched.words[w])) {
                for k in 0..rounds {
                    self.ride[k * n + s] = UNREACHED;
                    self.foot[k * n + s] = UNREACHED;
                }
                self.arrival[s] = UNREACHED;
            }
        }
        self.touched.clear();
        self.prev.clear();
        self.next.clear();
        self.rules.reset();
        self.fresh = true;
    }

    /// Step (1) of round `k`: carries the labels of round `k - 1` that changed into round `k`
    /// and marks in `next.changed` the stops whose round-`k` label that improved.
    pub(super) fn carry(&mut self, k: usize) {
        let n = self.n;
        let (lo, hi) = ((k - 1) * n, k * n);
        if self.fresh && count(&self.prev.changed.words) * DENSE >= n {
            // Round k is empty and every stop labelled in round k-1 is in `prev.changed`: each
            // of them improves (from unreached), every other stop copies "unreached" onto itself.
            self.ride.copy_within(lo..hi, hi);
            self.foot.copy_within(lo..hi, hi);
            self.next.changed.words.copy_from_slice(&self.prev.changed.words);
            return;
        }
        let words = self.prev.changed.words.len();
        for s in (0..words).flat_map(|w| ones(w, self.prev.changed.words[w])) {
            let mut changed = false;
            if self.ride[lo + s] < self.ride[hi + s] {
                self.ride[hi + s] = self.ride[lo + s];
                changed = true;
            }
            if self.foot[lo + s] < self.foot[hi + s] {
                self.foot[hi + s] = self.foot[lo + s];
                changed = true;
            }
            if changed {
                self.next.changed.insert(s);
            }
        }
    }

    /// Copies the labels of round `k - 1` into rounds `k..=max_rounds` (the stops in
    /// `prev.changed`), keeping the lower label where a round already holds one: the tail of a
    /// query whose round `k - 1` improved no stop.
    pub(super) fn carry_to_last(&mut self, k: usize) {
        let n = self.n;
        let lo = (k - 1) * n;
        if self.fresh && count(&self.prev.changed.words) * DENSE >= n {
            // Rounds k.. are empty in a fresh query, and every labelled stop is in the set.
            for kk in k..=self.rounds() {
                self.ride.copy_within(lo..lo + n, kk * n);
                self.foot.copy_within(lo..lo + n, kk * n);
            }
            return;
        }
        for w in 0..self.prev.changed.words.len() {
            for s in ones(w, self.prev.changed.words[w]) {
                let (ride, foot) = (self.ride[lo + s], self.foot[lo + s]);
                for kk in k..=self.rounds() {
                    self.ride[kk * n + s] = self.ride[kk * n + s].min(ride);
                    self.foot[kk * n + s] = self.foot[kk * n + s].min(foot);
                }
            }
        }
    }
}
