//! The router: RAPTOR earliest-arrival and range (rRAPTOR) queries over a [`Timetable`].
//!
//! Depends only on [`crate::timetable`] (indices, patterns, footpaths, change times); it knows
//! nothing of GTFS files, regions or reports. Names are resolved outside it (`analysis::places`
//! finds stops by name, `analysis::journeys` prints journeys).
//!
//! # Algorithm
//! RAPTOR (Delling, Pajor, Werneck 2012) works in rounds; round `k` finds the best arrivals with
//! at most `k` transit legs ("rides"). Per round and stop we keep two labels:
//! - `ride[k][s]`: earliest arrival at `s` by alighting a vehicle, with at most `k` rides;
//! - `foot[k][s]`: earliest arrival at `s` on foot right after the last ride (a footpath from
//!   another stop) or at the start (an origin, or one footpath from an origin stop).
//!
//! The split is what makes the transfer rules exact: from a `ride` label the traveller may board
//! again at the same stop after the stop's change time ([`Timetable::change_at`]; forbidden →
//! not at all) or take **one** footpath, which then lasts at least the minimum change time unless
//! `transfers.txt` gives its time ([`Footpath::after_ride`](crate::timetable::Footpath)); from a
//! `foot` label they may board at once but may not walk again. So a move between different stops is taken at most once between two rides, also
//! at the origin and into the destination, and footpaths need not be transitively closed.
//!
//! Round `k`: (1) carry labels of round `k-1` into round `k` (only stops that changed); (2) for
//! each pattern serving a stop whose label improved in round `k-1`, scan the pattern from the
//! first such stop, hopping on the earliest trip that the traveller can catch at each improved
//! stop (trips of a pattern never overtake, so "earliest" is a binary search and the current
//! trip only ever gets earlier) and writing alighting times into `ride[k]`; (3) relax the
//! footpaths of the stops whose `ride[k]` label improved into `foot[k]`.
//!
//! # Memory layout (what makes it fast)
//! At national scale the query is bound by memory latency, not arithmetic, so the data it reads
//! is laid out for the order it reads it in:
//! - labels are round-major (`ride[k * n + s]`): one round's arrays (200 KB at 50,000 stops) stay
//!   in L2 while the round runs (a stop-major layout was measured 15–20 % slower);
//! - the sets of stops touched in a round are bitsets walked in index order, so the CSR offsets
//!   and labels are read front to back; patterns to scan are a bitset too, scanned in index
//!   order, which is the memory order of their times;
//! - the trip search reads one row of the pattern's departures by position
//!   ([`PatternTimes::dep_by_pos`]: all trips' departures at one position side by side), riding
//!   reads the boarded trip's arrivals trip-major, and each call is one word
//!   ([`Call`](crate::timetable::Call));
//! - a pattern is queued from a stop only if its last trip there leaves after the traveller is
//!   ready ([`StopPattern::last_dep`](crate::timetable::StopPattern)): on the 5 M generated feed
//!   this leaves out two thirds of the pattern scans, which would have found no trip.
//!
//! # Invariants
//! - `ride[k][s] <= ride[k-1][s]` and `foot[k][s] <= foot[k-1][s]` after every round ("at most
//!   `k` rides" labels), so `round_arrival(k, s)` is exact for every `k` and the fewest rides at
//!   the earliest arrival is the first round whose label equals the last one.
//! - A label is written only when it strictly improves the same round's label (local pruning
//!   against `ride[k]`, never against a best over all rounds, which would break ride counts).
//! - A label strictly below the previous round's was written by a scan in its own round, so its
//!   back pointer is valid; reconstruction descends to the lowest round holding the same value.
//! - Times saturate at `u32::MAX` ("unreached"); no arithmetic can overflow.
//!
//! # Range queries
//! [`Raptor::range`] runs departure minutes from the latest to the earliest without clearing the
//! labels in between (Conveyal R5's `FastRaptorWorker`): anything reachable leaving later is
//! reachable leaving earlier by waiting, so the old labels are valid upper bounds and each minute
//! only does the work its earlier start makes new.

mod bits;
mod carry;
mod journey;
mod prune;
mod reverse;
mod rules;
mod stats;

use bits::{BitSet, RoundSet, ones};
pub use journey::{Journey, Leg};
pub use reverse::{ReverseRaptor, TargetRule};
pub use stats::{WindowStats, nearest_rank};

use crate::timetable::{PatternIdx, PatternTimes, StopIdx, Timetable};

/// "Not reached".
pub const UNREACHED: u32 = u32::MAX;

/// The default minimum change time, seconds: 2 minutes, OpenTripPlanner 2's default transfer
/// slack (Conveyal R5 instead adds 60 s of boarding slack to every boarding, the first too).
pub const DEFAULT_MIN_CHANGE_SECS: u32 = 120;

/// Query settings that do not change per query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouterConfig {
    /// Most transit legs (rides) in a journey.
    pub max_rounds: u8,
    /// Seconds needed to change trips at the same stop, unless `transfers.txt` sets its own; a
    /// move to another stop between two rides takes at least this long too, unless
    /// `transfers.txt` gives its time ([`crate::timetable::Footpath::after_ride`]).
    pub min_change_secs: u32,
}

impl Default for RouterConfig {
    fn default() -> Self {
        RouterConfig { max_rounds: 8, min_change_secs: DEFAULT_MIN_CHANGE_SECS }
    }
}

/// How a `ride` label was reached: the trip and its board/alight positions in the pattern, and
/// `via`: [`rules::NO_VIA`] when boarded from the board stop's label of the round before, else
/// the transfer-rule slot of that round whose arrival it was boarded from.
#[derive(Clone, Copy, Debug, Default)]
struct RidePtr {
    trip: u32,
    board: u32,
    alight: u32,
    via: u32,
}

/// `foot` back pointer of a label set directly from an origin entry.
const FROM_ORIGIN: u32 = u32::MAX;

/// A reusable RAPTOR worker: create one per thread, run many queries. All buffers are sized once
/// in [`Raptor::new`]; queries allocate nothing (journey reconstruction excepted).
pub struct Raptor<'a> {
    tt: &'a Timetable,
    cfg: RouterConfig,
    n: usize,
    /// Effective same-stop change time per stop (`UNREACHED` = forbidden).
    change: Vec<u32>,
    ride: Vec<u32>,
    foot: Vec<u32>,
    ride_ptr: Vec<RidePtr>,
    foot_ptr: Vec<u32>,
    /// Best arrival (ride or foot, any round).
    arrival: Vec<u32>,
    prev: RoundSet,
    next: RoundSet,
    /// Stops with any label, for clearing them before the next query.
    touched: BitSet,
    /// Per stop marked in the previous round: when the traveller can board there (after the
    /// change time if they came by a ride), valid while the round's patterns are scanned.
    ready: Vec<u32>,
    /// Per pattern: first position to scan this round (`u32::MAX` = not queued).
    first_pos: Vec<u32>,
    queued: BitSet,
    origins: Vec<(StopIdx, u32)>,
    /// Added to the origins' times (the departure minute in a range query, else 0).
    offset: u32,
    relax_origin: bool,
    /// Route- and trip-bound transfer rules and their labels (see [`rules`]).
    rules: rules::RuleState,
    /// Point-to-point state: the single target, the network's components (see [`prune`]).
    prune: prune::Pruner,
    /// The labels were cleared and no search has run on them since (see [`carry`]).
    fresh: bool,
}

impl<'a> Raptor<'a> {
    /// A worker for `tt` with buffers for `cfg.max_rounds` rounds.
    pub fn new(tt: &'a Timetable, cfg: RouterConfig) -> Self {
        let n = tt.n_stops();
        let rounds = cfg.max_rounds as usize + 1;
        let rules = rules::RuleState::new(tt, rounds);
        let change = rules::change_times(tt, cfg, |s| rules.is_rule_stop(s)).map(|c| c.unwrap_or(UNREACHED)).collect();
        Raptor {
            tt,
            cfg,
            n,
            change,
            ride: vec![UNREACHED; rounds * n],
            foot: vec![UNREACHED; rounds * n],
            ride_ptr: vec![RidePtr::default(); rounds * n],
            foot_ptr: vec![FROM_ORIGIN; rounds * n],
            arrival: vec![UNREACHED; n],
            prev: RoundSet::new(n),
            next: RoundSet::new(n),
            touched: BitSet::new(n),
            ready: vec![UNREACHED; n],
            first_pos: vec![u32::MAX; tt.n_patterns()],
            queued: BitSet::new(tt.n_patterns()),
            origins: Vec::new(),
            offset: 0,
            relax_origin: false,
            rules,
            prune: prune::Pruner::new(),
            fresh: true,
        }
    }

    pub fn timetable(&self) -> &'a Timetable {
        self.tt
    }

    pub fn config(&self) -> RouterConfig {
        self.cfg
    }

    fn rounds(&self) -> usize {
        self.cfg.max_rounds as usize
    }

    /// Earliest arrival at every stop from `origins`: `(stop, time the traveller is at that
    /// stop)`. With `relax_origin_footpaths` the traveller may take one footpath from an origin
    /// stop before the first ride (stop-to-stop queries); without it the origins are taken to
    /// already include the walk (grid cells with walk times to nearby stops).
    ///
    /// Results: [`Self::arrival`], [`Self::ride_arrival`], [`Self::round_arrival`],
    /// [`Self::best_at`], [`Self::pareto`], [`Self::journey`].
    pub fn earliest_arrival(&mut self, origins: &[(StopIdx, u32)], relax_origin_footpaths: bool) {
        self.earliest_arrival_to(origins, relax_origin_footpaths, &[]);
    }

    /// As [`Self::earliest_arrival`], but stops exploring once nothing can beat the arrival at
    /// `targets` (all of them); only the targets' labels are then exact. Empty = all stops.
    ///
    /// Pruning (each step keeps every target's label exact in every round): a label is written
    /// only if it is earlier than the targets' arrival so far (with one target, lowered the moment
    /// the target's label improves, within the round); a stop marked in the round before is not
    /// boarded from if the traveller is ready there no earlier than that; and a query whose
    /// origins and targets lie in different components of the network does no rounds at all
    /// ([`prune`]).
    pub fn earliest_arrival_to(
        &mut self,
        origins: &[(StopIdx, u32)],
        relax_origin_footpaths: bool,
        targets: &[StopIdx],
    ) {
        self.reset();
        self.origins.clear();
        self.origins.extend_from_slice(origins);
        self.relax_origin = relax_origin_footpaths;
        self.init_round0(0);
        self.run_rounds(targets);
    }

    /// Sets round-0 labels from the stored origins, each at `offset + its time`.
    fn init_round0(&mut self, offset: u32) {
        let n = self.n;
        self.next.clear();
        self.offset = offset;
        for i in 0..self.origins.len() {
            let (s, t) = self.origins[i];
            if s.ix() >= n {
                continue;
            }
            let t = offset.saturating_add(t);
            if t < self.foot[s.ix()] {
                self.foot[s.ix()] = t;
                self.foot_ptr[s.ix()] = FROM_ORIGIN;
                self.next.marked.insert(s.ix());
                self.next.changed.insert(s.ix());
                self.touched.insert(s.ix());
            }
        }
        if self.relax_origin {
            for i in 0..self.origins.len() {
                let (s, _) = self.origins[i];
                if s.ix() >= n {
                    continue;
                }
                let t = offset.saturating_add(self.origins[i].1);
                for fp in self.tt.footpaths(s) {
                    let f = t.saturating_add(fp.secs);
                    let to = fp.to.ix();
                    if f < self.foot[to] {
                        self.foot[to] = f;
                        self.foot_ptr[to] = s.0;
                        self.next.marked.insert(to);
                        self.next.changed.insert(to);
                        self.touched.insert(to);
                    }
                }
            }
        }
    }

    /// The largest arrival over `targets` (with at most `k` rides): nothing arriving at or after
    /// it can improve any target.
    fn target_bound(&self, k: usize, targets: &[StopIdx]) -> u32 {
        if targets.is_empty() {
            return UNREACHED;
        }
        targets.iter().map(|t| self.round_arrival(k as u8, *t)).max().unwrap_or(UNREACHED)
    }

    /// Rounds 1..=max_rounds after round 0 is in `self.next`.
    fn run_rounds(&mut self, targets: &[StopIdx]) {
        let n = self.n;
        let tt = self.tt;
        self.rules.fresh_next.clear();
        self.prune.target = if let [t] = targets { t.ix() } else { usize::MAX };
        // Origins and targets in different parts of the network: nothing can be written (bound 0).
        let cut = !targets.is_empty() && !self.rules.active && self.prune.disconnected(tt, &self.origins, targets);
        for k in 1..=self.rounds() {
            std::mem::swap(&mut self.prev, &mut self.next);
            self.next.clear();
            if self.finish_if_settled(k) {
                break;
            }
            if self.rules.active {
                self.rules_round_start(k);
            }
            let (lo, hi) = ((k - 1) * n, k * n);
            // (1) Carry round k-1 into round k where it changed.
            self.carry(k);
            let words = self.prev.changed.words.len();
            let mut bound = if cut { 0 } else { self.target_bound(k, targets) };
            // (2) Queue the patterns of improved stops, from their first improved position.
            // Patterns whose last departure there is before the traveller is ready are left out.
            for s in (0..words).flat_map(|w| ones(w, self.prev.marked.words[w])) {
                let ready = self.ride[lo + s].saturating_add(self.change[s]).min(self.foot[lo + s]);
                self.ready[s] = ready;
                // Nothing boarded here can beat the targets' arrival: do not board here at all.
                if ready >= bound && !self.rules.active {
                    self.ready[s] = UNREACHED;
                    continue;
                }
                // Rule arrivals may board where the label cannot: queue every pattern there.
                let ready = if self.rules.active && self.rules.board_stop.contains(s) { 0 } else { ready };
                for sp in tt.stop_patterns(StopIdx(s as u32)) {
                    if ready > sp.last_dep {
                        continue;
                    }
                    self.queued.insert(sp.pattern.ix());
                    let f = &mut self.first_pos[sp.pattern.ix()];
                    *f = (*f).min(sp.pos);
                }
            }
            // Pattern order is memory order of their trips' times: scan in that order.
            let pattern_words = self.queued.words.len();
            for w in 0..pattern_words {
                for p in ones(w, self.queued.words[w]) {
                    let from = std::mem::replace(&mut self.first_pos[p], u32::MAX);
                    if self.rules.ruled_pattern.contains(p) {
                        self.scan_ruled(PatternIdx(p as u32), from as usize, k, bound);
                    } else {
                        bound = self.scan_pattern(PatternIdx(p as u32), from as usize, k, bound);
                    }
                }
            }
            self.queued.clear();
            // (3) Footpaths from stops reached by a ride in this round (never shorter than the
            // change time unless transfers.txt gives the time).
            let min_change = self.cfg.min_change_secs;
            for w in 0..words {
                let word = self.next.ride_improved.words[w];
                for s in ones(w, word) {
                    if self.rules.is_rule_stop(s) {
                        self.relax_from_rule_stop(s, k, bound);
                        continue;
                    }
                    let r = self.ride[hi + s];
                    for fp in tt.footpaths(StopIdx(s as u32)) {
                        let f = r.saturating_add(fp.after_ride(min_change));
                        let to = fp.to.ix();
                        if f < self.foot[hi + to] && f < bound && self.ride[hi + to].saturating_add(self.change[to]) > f
                        {
                            bound = if to == self.prune.target { f } else { bound };
                            self.foot[hi + to] = f;
                            self.foot_ptr[hi + to] = s as u32;
                            self.next.marked.insert(to);
                            self.next.changed.insert(to);
                            self.touched.insert(to);
                        }
                    }
                }
            }
            self.prev.clear();
        }
        // The labels now hold this query's results: a later minute of a range query starts from them.
        self.fresh = false;
        // Best arrival over all rounds = the last round's (at most max_rounds rides) labels.
        let last = self.rounds() * n;
        let words = self.next.changed.words.len();
        for s in (0..words).flat_map(|w| ones(w, self.next.changed.words[w])) {
            self.arrival[s] = self.ride[last + s].min(self.foot[last + s]);
        }
        // Walks from rule stops to their rule targets are arrivals on foot too.
        for i in 0..self.rules.walk_stops.len() {
            let s = self.rules.walk_stops[i] as usize;
            self.touched.insert(s);
            let walk = self.rules.walk_arr[self.rounds() * self.rules.walk_stops.len() + i];
            self.arrival[s] = self.ride[last + s].min(self.foot[last + s]).min(walk);
        }
        // With max_rounds == 0 the loop above did not run and `next` still holds round 0.
    }

    /// Scans pattern `p` from position `from` in round `k`, writing only labels that can still
    /// beat `bound` (the targets' arrival); returns the bound, lowered when it reached the target.
    #[inline]
    fn scan_pattern(&mut self, p: PatternIdx, from: usize, k: usize, mut bound: u32) -> u32 {
        let tt = self.tt;
        let hi = k * self.n;
        let calls = tt.calls(p);
        let len = calls.len();
        // The pattern's times: departures by position (trip `j`, counted from the first trip,
        // at position `i` is `by_pos[i * n_trips + j]`) and arrivals by trip (`arrs[j * len + i]`).
        let PatternTimes { first_trip, n_trips, arr: arrs, dep_by_pos: by_pos } = tt.pattern_times(p);
        if n_trips == 0 {
            return bound;
        }
        // Current trip: (trip number in the pattern, offset of its times in `arrs`, board position).
        let mut cur: Option<(usize, usize, u32)> = None;
        for (i, &call) in calls.iter().enumerate().skip(from) {
            let s = call.stop().ix();
            if let Some((j, off, board)) = cur
                && call.drop_off()
            {
                let a = arrs[off + i];
                if a < self.ride[hi + s] && a < bound {
                    bound = if s == self.prune.target { a } else { bound };
                    self.ride[hi + s] = a;
                    self.ride_ptr[hi + s] =
                        RidePtr { trip: first_trip.0 + j as u32, board, alight: i as u32, via: rules::NO_VIA };
                    self.next.marked.insert(s);
                    self.next.changed.insert(s);
                    self.next.ride_improved.insert(s);
                    self.touched.insert(s);
                }
            }
            if !call.pickup() || !self.prev.marked.contains(s) {
                continue;
            }
            let ready = self.ready[s];
            if ready == UNREACHED {
                continue;
            }
            let deps = &by_pos[i * n_trips..(i + 1) * n_trips];
            // Earliest trip leaving at or after `ready`. Trips never overtake, so with a current
            // trip only earlier ones can be better: gallop back from it, then bisect.
            let (lo_j, hi_j) = match cur {
                Some((j, _, _)) => {
                    if j == 0 || deps[j] < ready || deps[j - 1] < ready {
                        continue;
                    }
                    // Trip j-1 is catchable; find how far back.
                    let mut hi_j = j - 1;
                    let mut step = 1;
                    loop {
                        if hi_j < step {
                            break (0, hi_j);
                        }
                        let probe = hi_j - step;
                        if deps[probe] < ready {
                            break (probe + 1, hi_j);
                        }
                        hi_j = probe;
                        step *= 2;
                    }
                }
                None => (0, n_trips),
            };
            // Trips before `lo_j` leave before `ready`; trip `hi_j` (if any) leaves after.
            let j = lo_j + deps[lo_j..hi_j].partition_point(|&d| d < ready);
            if j < n_trips {
                cur = Some((j, j * len, i as u32));
            }
        }
        bound
    }

    /// Range RAPTOR: for every departure time `end, end - step, …, >= start` (latest first),
    /// calls `f(departure, ride_arrival, arrival)` with per-stop arrays: `ride_arrival[s]` is
    /// the earliest arrival at `s` by alighting a vehicle, `arrival[s]` the earliest including a
    /// footpath after the last ride or the origin walk alone (`UNREACHED` = not reached).
    /// Origins are `(stop, walk seconds from the real origin)`; the traveller leaves the real
    /// origin at the departure time. Labels are reused from minute to minute (one backward
    /// sweep), so the arrays hold exactly what an independent query at that minute would give.
    pub fn range<F>(
        &mut self,
        origins: &[(StopIdx, u32)],
        relax_origin_footpaths: bool,
        start: u32,
        end: u32,
        step: u32,
        mut f: F,
    ) where
        F: FnMut(u32, &[u32], &[u32]),
    {
        self.reset();
        self.origins.clear();
        self.origins.extend_from_slice(origins);
        self.relax_origin = relax_origin_footpaths;
        if start > end {
            return;
        }
        let step = step.max(1);
        let mut m = start + (end - start) / step * step;
        loop {
            self.init_round0(m);
            self.run_rounds(&[]);
            let last = self.rounds() * self.n;
            f(m, &self.ride[last..last + self.n], &self.arrival);
            if m < start.saturating_add(step) {
                break;
            }
            m -= step;
        }
    }

    /// Range query summarised per target: travel time (arrival − departure, seconds) at each
    /// departure time `start, start + step, …` (ascending) and statistics over the window.
    pub fn range_profile(
        &mut self,
        origins: &[(StopIdx, u32)],
        relax_origin_footpaths: bool,
        start: u32,
        end: u32,
        step: u32,
        targets: &[StopIdx],
    ) -> Vec<TargetProfile> {
        let mut out: Vec<TargetProfile> = targets
            .iter()
            .map(|&t| TargetProfile { target: t, departures: Vec::new(), travel_secs: Vec::new(), stats: None })
            .collect();
        self.range(origins, relax_origin_footpaths, start, end, step, |m, _, arr| {
            for p in out.iter_mut() {
                let a = arr.get(p.target.ix()).copied().unwrap_or(UNREACHED);
                p.departures.push(m);
                p.travel_secs.push((a != UNREACHED).then(|| a - m));
            }
        });
        for p in out.iter_mut() {
            p.departures.reverse();
            p.travel_secs.reverse();
            p.stats = WindowStats::of(&p.travel_secs);
        }
        out
    }

    /// Best arrival at `s` (any number of rides up to the maximum), if reached.
    pub fn arrival(&self, s: StopIdx) -> Option<u32> {
        let a = self.arrival.get(s.ix()).copied().unwrap_or(UNREACHED);
        (a != UNREACHED).then_some(a)
    }

    /// All stops' best arrivals (`UNREACHED` = not reached).
    pub fn arrivals(&self) -> &[u32] {
        &self.arrival
    }

    /// Best arrival at `s` by alighting a vehicle (no footpath after the last ride).
    pub fn ride_arrival(&self, s: StopIdx) -> Option<u32> {
        let a = self.ride_arrivals().get(s.ix()).copied().unwrap_or(UNREACHED);
        (a != UNREACHED).then_some(a)
    }

    /// All stops' best arrivals by alighting a vehicle.
    pub fn ride_arrivals(&self) -> &[u32] {
        let last = self.rounds() * self.n;
        &self.ride[last..last + self.n]
    }

    /// Earliest arrival at `s` with at most `k` rides (`UNREACHED` if none).
    pub fn round_arrival(&self, k: u8, s: StopIdx) -> u32 {
        if s.ix() >= self.n {
            return UNREACHED;
        }
        let k = (k as usize).min(self.rounds());
        let i = k * self.n + s.ix();
        self.ride[i].min(self.foot[i]).min(self.rule_walk(k, s.ix()).map_or(UNREACHED, |w| w.0))
    }

    /// The arrival on foot at `s` with at most `k` rides by a walk from a rule stop of which `s`
    /// is a rule target, and the stop walked from.
    fn rule_walk(&self, k: usize, s: usize) -> Option<(u32, usize)> {
        let i = self.rules.walk_index(s)?;
        let j = k * self.rules.walk_stops.len() + i;
        Some((self.rules.walk_arr[j], self.rules.walk_from[j] as usize))
    }

    /// Earliest arrival at any of `targets` and the fewest rides among journeys reaching it.
    pub fn best_at(&self, targets: &[StopIdx]) -> Option<(u32, u8)> {
        let best = |k: u8| targets.iter().map(|&t| self.round_arrival(k, t)).min().unwrap_or(UNREACHED);
        let a = best(self.cfg.max_rounds);
        if a == UNREACHED {
            return None;
        }
        (0..=self.cfg.max_rounds).find(|&k| best(k) == a).map(|k| (a, k))
    }

    /// The Pareto set over (arrival, rides) at `targets`: `(arrival, rides, target)` with
    /// strictly fewer rides giving strictly later arrivals, fewest rides first.
    pub fn pareto(&self, targets: &[StopIdx]) -> Vec<(u32, u8, StopIdx)> {
        let mut out: Vec<(u32, u8, StopIdx)> = Vec::new();
        for k in 0..=self.cfg.max_rounds {
            let best = targets.iter().map(|&t| (self.round_arrival(k, t), t)).min_by_key(|x| x.0);
            if let Some((a, t)) = best
                && a != UNREACHED
                && out.last().is_none_or(|l| a < l.0)
            {
                out.push((a, k, t));
            }
        }
        out
    }
}

/// A target's travel times over a departure window.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetProfile {
    pub target: StopIdx,
    /// Departure times, ascending.
    pub departures: Vec<u32>,
    /// Travel time in seconds at each departure, `None` when unreachable.
    pub travel_secs: Vec<Option<u32>>,
    /// `None` when no departure of the window reaches the target.
    pub stats: Option<WindowStats>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_timetable_and_out_of_range_origins_do_not_panic() {
        use crate::timetable::{StopInfo, TimetableBuilder};
        let stops = vec![StopInfo::at(crate::spatial::Xy::default()); 2];
        let tt = TimetableBuilder::new(crate::date::Date::default(), stops, Vec::new()).finish();
        let mut r = Raptor::new(&tt, RouterConfig::default());
        // Stop 5 does not exist: ignored (also as a target). Stop 1 is reached at its own time.
        r.earliest_arrival(&[(StopIdx(5), 100), (StopIdx(1), 200)], true);
        assert_eq!(r.arrival(StopIdx(1)), Some(200));
        assert_eq!(r.arrival(StopIdx(0)), None);
        assert_eq!(r.best_at(&[StopIdx(5)]), None);
        assert_eq!(r.best_at(&[StopIdx(1)]), Some((200, 0)));
        let j = r.journey(&[StopIdx(1)], 0).expect("stay put");
        assert!(j.legs.is_empty());
        let mut calls = 0;
        r.range(&[(StopIdx(0), 30)], false, 120, 60, 60, |_, _, _| calls += 1);
        assert_eq!(calls, 0, "an empty window (start after end) runs nothing");
        r.range(&[(StopIdx(0), 30)], false, 60, 180, 60, |m, _, arr| {
            calls += 1;
            assert_eq!(arr[0], m + 30);
        });
        assert_eq!(calls, 3);
    }
}
