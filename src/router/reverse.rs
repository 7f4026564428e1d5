//! Reverse RAPTOR: the latest departure from every stop that still reaches a set of targets by
//! their deadlines ("arrive by"), under exactly the rules of the forward search.
//!
//! Depends only on [`crate::timetable`] and the forward router's shared pieces (bitsets, the
//! configuration); it knows nothing of GTFS, regions or reports.
//!
//! # What it answers
//! Given targets `(stop, deadline)`, [`ReverseRaptor::departure`]`(s)` is the latest time `t`
//! such that a forward query ([`super::Raptor::earliest_arrival`]) from `(s, t)` reaches some
//! target `j` by its deadline `d_j` — with the same round limit, the same change times, the same
//! footpaths (one move between two rides, floored at the minimum change time unless
//! `transfers.txt` gives its time) and the same pickup/drop-off rules. Two target rules mirror
//! the forward search's two arrival arrays:
//! - [`TargetRule::RideOrWalk`]: the forward [`super::Raptor::arrival`] (alighting at a target,
//!   a footpath after the last ride into it, or starting there) — stop-to-stop queries;
//! - [`TargetRule::Ride`]: the forward [`super::Raptor::ride_arrival`] (alighting at a target
//!   only) — grid queries, where the walk to the destination is added outside the router.
//!
//! The origin side mirrors the forward flag `relax_origin_footpaths`: with it, the traveller may
//! walk one footpath from the origin stop before the first ride (its plain time, as forward).
//!
//! # Algorithm
//! Labels per round `k` (at most `k` rides) and stop, as latest times (larger is better):
//! - `board[k][s]`: the latest departure of a vehicle boarded at `s` from which the rest of the
//!   journey (this ride included, at most `k` rides) reaches a target in time — the mirror of
//!   the forward `ride` label;
//! - `after[k][s]`: the latest time a traveller who has just *alighted* at `s` may arrive there
//!   and still make it with at most `k` more rides: `s` is a target (its deadline), a footpath
//!   after the ride into a target (`RideOrWalk`), a change at `s` (`board[k][s] − change`), or
//!   one footpath to `y` and a ride from there (`board[k][y] − after_ride`).
//!
//! Round 0 sets `after[0]` from the targets. Round `k`: (1) carry round `k−1` into `k` where it
//! changed; (2) scan every pattern through a stop whose `after[k−1]` improved, from its last such
//! position towards the first: at a drop-off position take the latest trip arriving there by
//! `after[k−1]` (trips never overtake, so arrivals are sorted too and only later trips can be
//! better), at a pickup position write that trip's departure into `board[k]`; (3) from stops
//! whose `board[k]` improved, write `after[k]` through the change time and backwards along the
//! footpaths (an incoming-footpath index built once). A label is written only when it strictly
//! improves the same round's label.
//!
//! # Range over deadlines
//! [`ReverseRaptor::range`] runs deadlines from the earliest to the latest without clearing the
//! labels: a journey in time for an earlier deadline is in time for a later one, so the old
//! labels are valid lower bounds, exactly as the forward range query runs minutes backwards.
//!
//! # Journeys
//! The reverse search gives times only. The journey of `route --arrive-by` is the forward
//! journey from the latest departure (a forward query at that time reaches a target by its
//! deadline by definition, and its first ride leaves exactly then), so it is shown, and its
//! arrival is the earliest arrival leaving then, by the same code as every other journey.

use super::{BitSet, RouterConfig, ones};
use crate::timetable::{PatternIdx, PatternTimes, StopIdx, Timetable};

#[path = "reverse_rules.rs"]
mod rules;

/// No journey: below every time.
const NONE: i64 = i64::MIN / 4;

/// Which forward arrival a target's deadline applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetRule {
    /// Alighting at the target stop only (the forward `ride_arrival`; grid queries add the walk
    /// from the stop to the destination outside the router). No journey without a ride.
    Ride,
    /// Alighting there, a footpath after the last ride into it, or starting there (the forward
    /// `arrival`; stop-to-stop queries).
    RideOrWalk,
}

/// An incoming move: from stop `from` to the stop whose list holds it.
#[derive(Clone, Copy, Debug)]
struct InFoot {
    from: u32,
    /// Seconds right after a ride (floored at the minimum change time unless given).
    after_ride: u32,
    /// From a rule stop to one of its rule targets: after a ride, decided by the rules (the
    /// slots), not by the ordinary label; as a walk into a target it is plain.
    ruled: bool,
}

/// A reusable reverse RAPTOR worker: create one per thread, run many queries.
pub struct ReverseRaptor<'a> {
    tt: &'a Timetable,
    cfg: RouterConfig,
    n: usize,
    /// Same-stop change time per stop (`None` = forbidden).
    change: Vec<Option<u32>>,
    /// Incoming footpaths per stop (CSR).
    in_start: Vec<u32>,
    in_fp: Vec<InFoot>,
    board: Vec<i64>,
    after: Vec<i64>,
    /// The target deadline per stop (`NONE` = not a target).
    deadline: Vec<i64>,
    targets: Vec<(StopIdx, u32)>,
    rule: TargetRule,
    relax_origin: bool,
    /// Stops whose `after` improved in the previous / this round.
    marked_prev: BitSet,
    marked: BitSet,
    changed_prev: BitSet,
    changed: BitSet,
    board_improved: BitSet,
    touched: BitSet,
    /// Per pattern: last position to scan this round (`None` = not queued).
    last_pos: Vec<Option<u32>>,
    queued: BitSet,
    /// Route- and trip-bound transfer rules and their departure slots (see [`rules`]).
    rules: rules::RevRules,
}

impl<'a> ReverseRaptor<'a> {
    /// Raises stop `s`'s boarding label at `at` (its index in this round's labels) to the
    /// departure `d` if later, and marks the stop.
    #[inline]
    pub(super) fn improve_board(&mut self, at: usize, s: usize, d: i64) {
        if d > self.board[at] {
            self.board[at] = d;
            self.board_improved.insert(s);
            self.changed.insert(s);
            self.touched.insert(s);
        }
    }

    /// A worker for `tt` with buffers for `cfg.max_rounds` rounds.
    pub fn new(tt: &'a Timetable, cfg: RouterConfig) -> Self {
        let n = tt.n_stops();
        let rounds = cfg.max_rounds as usize + 1;
        let rules = rules::RevRules::new(tt, rounds);
        let change = super::rules::change_times(tt, cfg, |s| rules.is_rule_stop(s)).collect();
        let mut incoming: Vec<(u32, InFoot)> = Vec::with_capacity(tt.n_footpaths());
        for s in tt.stop_indices() {
            for fp in tt.footpaths(s) {
                let ruled = rules.is_target(s.ix(), fp.to.ix());
                let f = InFoot { from: s.0, after_ride: fp.after_ride(cfg.min_change_secs), ruled };
                incoming.push((fp.to.0, f));
            }
        }
        incoming.sort_by_key(|&(to, f)| (to, f.from));
        let mut in_start = vec![0u32; n + 1];
        for &(to, _) in &incoming {
            if (to as usize) < n {
                in_start[to as usize + 1] += 1;
            }
        }
        for i in 0..n {
            in_start[i + 1] += in_start[i];
        }
        let in_fp = incoming.into_iter().filter(|(to, _)| (*to as usize) < n).map(|(_, f)| f).collect();
        ReverseRaptor {
            tt,
            cfg,
            n,
            change,
            in_start,
            in_fp,
            board: vec![NONE; rounds * n],
            after: vec![NONE; rounds * n],
            deadline: vec![NONE; n],
            targets: Vec::new(),
            rule: TargetRule::RideOrWalk,
            relax_origin: false,
            marked_prev: BitSet::new(n),
            marked: BitSet::new(n),
            changed_prev: BitSet::new(n),
            changed: BitSet::new(n),
            board_improved: BitSet::new(n),
            touched: BitSet::new(n),
            last_pos: vec![None; tt.n_patterns()],
            queued: BitSet::new(tt.n_patterns()),
            rules,
        }
    }

    fn rounds(&self) -> usize {
        self.cfg.max_rounds as usize
    }

    /// Clears the labels of the previous query (only the stops it touched).
    fn reset(&mut self) {
        let n = self.n;
        for w in 0..self.touched.words.len() {
            for s in ones(w, self.touched.words[w]) {
                for k in 0..=self.rounds() {
                    self.board[k * n + s] = NONE;
                    self.after[k * n + s] = NONE;
                }
            }
        }
        self.touched.clear();
        self.clear_deadlines();
        self.rules.reset();
    }

    fn clear_deadlines(&mut self) {
        for i in 0..self.targets.len() {
            let s = self.targets[i].0.ix();
            if s < self.n {
                self.deadline[s] = NONE;
            }
        }
    }

    /// The latest departure from every stop that reaches one of `targets` — `(stop, deadline)`
    /// — by its deadline, under `rule`; with `relax_origin_footpaths` the traveller may walk one
    /// footpath from the origin stop first (as in the forward query with that flag).
    ///
    /// Results: [`Self::departure`], [`Self::round_departure`].
    pub fn latest_departure(&mut self, targets: &[(StopIdx, u32)], rule: TargetRule, relax_origin_footpaths: bool) {
        self.reset();
        self.rule = rule;
        self.relax_origin = relax_origin_footpaths;
        self.targets.clear();
        self.targets.extend_from_slice(targets);
        self.init_round0(None);
        self.run_rounds();
    }

    /// Range over deadlines: for every deadline `start, start + step, …, <= end` (earliest
    /// first) the targets are `(stop, deadline − before)` for each `(stop, before)` of
    /// `targets` (a target unreachable before time 0 is left out), and `f(deadline, self)` is
    /// called after the search; [`Self::departure`] then answers exactly as an independent
    /// [`Self::latest_departure`] would.
    #[allow(clippy::too_many_arguments)]
    pub fn range<F>(
        &mut self,
        targets: &[(StopIdx, u32)],
        rule: TargetRule,
        relax_origin_footpaths: bool,
        start: u32,
        end: u32,
        step: u32,
        mut f: F,
    ) where
        F: FnMut(u32, &Self),
    {
        self.reset();
        self.rule = rule;
        self.relax_origin = relax_origin_footpaths;
        self.targets.clear();
        self.targets.extend_from_slice(targets);
        let step = step.max(1);
        let mut t = start;
        while t <= end {
            self.init_round0(Some(t));
            self.run_rounds();
            f(t, self);
            match t.checked_add(step) {
                Some(x) => t = x,
                None => break,
            }
        }
    }

    /// Round 0: every target's deadline (`deadline − before` in a range, else the given time)
    /// into `after[0]`, and with [`TargetRule::RideOrWalk`] back along the footpaths into it.
    fn init_round0(&mut self, range_deadline: Option<u32>) {
        let n = self.n;
        self.marked.clear();
        self.changed.clear();
        self.clear_deadlines();
        for i in 0..self.targets.len() {
            let (s, t) = self.targets[i];
            let d = range_deadline.map_or(t as i64, |r| r as i64 - t as i64);
            if s.ix() >= n || d < 0 {
                continue;
            }
            let s = s.ix();
            self.deadline[s] = self.deadline[s].max(d);
            self.raise_after(0, s, d);
            if self.rule == TargetRule::RideOrWalk {
                for j in self.in_start[s]..self.in_start[s + 1] {
                    let f = self.in_fp[j as usize];
                    self.raise_after(0, f.from as usize, d - f.after_ride as i64);
                }
            }
        }
    }

    /// Raises `after[k][s]` to `v` if that is later; marks the stop for the next round.
    #[inline]
    fn raise_after(&mut self, k: usize, s: usize, v: i64) {
        let i = k * self.n + s;
        if v > self.after[i] && v >= 0 {
            self.after[i] = v;
            self.marked.insert(s);
            self.changed.insert(s);
            self.touched.insert(s);
        }
    }

    /// Rounds 1..=max_rounds after round 0 is marked.
    fn run_rounds(&mut self) {
        let n = self.n;
        let tt = self.tt;
        self.rules.start();
        for k in 1..=self.rounds() {
            std::mem::swap(&mut self.marked_prev, &mut self.marked);
            std::mem::swap(&mut self.changed_prev, &mut self.changed);
            self.marked.clear();
            self.changed.clear();
            self.board_improved.clear();
            if self.rules.active {
                self.rules_round_start(k);
            }
            let (lo, hi) = ((k - 1) * n, k * n);
            let words = self.changed_prev.words.len();
            // (1) Carry round k-1 into round k where it changed.
            for w in 0..words {
                for s in ones(w, self.changed_prev.words[w]) {
                    let mut changed = false;
                    if self.board[lo + s] > self.board[hi + s] {
                        self.board[hi + s] = self.board[lo + s];
                        changed = true;
                    }
                    if self.after[lo + s] > self.after[hi + s] {
                        self.after[hi + s] = self.after[lo + s];
                        changed = true;
                    }
                    if changed {
                        self.changed.insert(s);
                    }
                }
            }
            // (2) Queue the patterns through improved stops, up to their last improved position,
            // if the pattern's first trip arrives there in time.
            for w in 0..words {
                for s in ones(w, self.marked_prev.words[w]) {
                    // Slots may make trips alightable at a rule stop that the label cannot.
                    let limit = if self.rules.is_rule_stop(s) { i64::MAX } else { self.after[lo + s] };
                    for sp in tt.stop_patterns(StopIdx(s as u32)) {
                        let times = tt.pattern_times(sp.pattern);
                        let len = tt.pattern_len(sp.pattern);
                        let first_arr = times.arr.get(sp.pos as usize).copied();
                        if times.n_trips == 0 || len == 0 || first_arr.is_none_or(|a| a as i64 > limit) {
                            continue;
                        }
                        self.queued.insert(sp.pattern.ix());
                        let l = &mut self.last_pos[sp.pattern.ix()];
                        *l = Some(l.map_or(sp.pos, |x| x.max(sp.pos)));
                    }
                }
            }
            for w in 0..self.queued.words.len() {
                for p in ones(w, self.queued.words[w]) {
                    if let Some(last) = self.last_pos[p].take() {
                        if self.rules.ruled_pattern.contains(p) {
                            self.scan_ruled(PatternIdx(p as u32), last as usize, k);
                        } else {
                            self.scan_pattern(PatternIdx(p as u32), last as usize, k);
                        }
                    }
                }
            }
            self.queued.clear();
            // (3) From improved boardings: a change at the same stop, or a footpath into the stop.
            for w in 0..words {
                for y in ones(w, self.board_improved.words[w]) {
                    let b = self.board[hi + y];
                    if let Some(c) = self.change[y] {
                        self.raise_after(k, y, b - c as i64);
                    }
                    for j in self.in_start[y]..self.in_start[y + 1] {
                        let f = self.in_fp[j as usize];
                        if !f.ruled {
                            self.raise_after(k, f.from as usize, b - f.after_ride as i64);
                        }
                    }
                }
            }
        }
    }

    /// Scans pattern `p` in round `k` from position `last` towards the first.
    #[inline]
    fn scan_pattern(&mut self, p: PatternIdx, last: usize, k: usize) {
        let tt = self.tt;
        let (lo, hi) = ((k - 1) * self.n, k * self.n);
        let calls = tt.calls(p);
        let len = calls.len();
        let PatternTimes { n_trips, arr, dep_by_pos, .. } = tt.pattern_times(p);
        // The current trip (number within the pattern): the latest one alighted later in time.
        let mut cur: Option<usize> = None;
        for i in (0..=last.min(len.saturating_sub(1))).rev() {
            let call = calls[i];
            let s = call.stop().ix();
            if let Some(j) = cur
                && call.pickup()
            {
                self.improve_board(hi + s, s, dep_by_pos[i * n_trips + j] as i64);
            }
            if !call.drop_off() || !self.marked_prev.contains(s) {
                continue;
            }
            let limit = self.after[lo + s];
            // Latest trip arriving at position i by `limit`: trips never overtake, so the
            // arrivals at one position ascend with the trip number; only later trips can beat
            // the current one.
            let from = cur.map_or(0, |j| j + 1);
            let (mut a, mut b) = (from, n_trips);
            while a < b {
                let mid = (a + b) / 2;
                if arr[mid * len + i] as i64 <= limit {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            if a > from {
                cur = Some(a - 1);
            }
        }
    }

    /// The latest departure from `s` in time for a target, with at most `k` rides, under the
    /// last query's rules; `None` when there is none.
    pub fn round_departure(&self, k: u8, s: StopIdx) -> Option<u32> {
        let s = s.ix();
        if s >= self.n {
            return None;
        }
        let base = (k as usize).min(self.rounds()) * self.n;
        let mut best = self.board[base + s];
        if self.rule == TargetRule::RideOrWalk {
            best = best.max(self.deadline[s]);
        }
        if self.relax_origin {
            for fp in self.tt.footpaths(StopIdx(s as u32)) {
                let y = fp.to.ix();
                let mut v = self.board[base + y];
                if self.rule == TargetRule::RideOrWalk {
                    v = v.max(self.deadline[y]);
                }
                best = best.max(v - fp.secs as i64);
            }
        }
        (best >= 0).then_some(best as u32)
    }

    /// The latest departure from `s` in time for a target (at most `max_rounds` rides).
    pub fn departure(&self, s: StopIdx) -> Option<u32> {
        self.round_departure(self.cfg.max_rounds, s)
    }

    /// The latest departure from `s` by boarding a vehicle at `s` itself, no walk first (what
    /// grid queries combine with walk times to stops); `None` when there is none.
    pub fn board_departure(&self, s: StopIdx) -> Option<u32> {
        let v = *self.board.get(self.rounds() * self.n + s.ix())?;
        (v >= 0).then_some(v as u32)
    }

    /// The latest departure over several origin stops: `(stop, departure)` of the best.
    pub fn best_of(&self, origins: &[StopIdx]) -> Option<(StopIdx, u32)> {
        origins.iter().filter_map(|&s| Some((s, self.departure(s)?))).max_by_key(|&(s, t)| (t, std::cmp::Reverse(s.0)))
    }

    pub fn timetable(&self) -> &'a Timetable {
        self.tt
    }

    pub fn config(&self) -> RouterConfig {
        self.cfg
    }
}
