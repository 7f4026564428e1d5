//! Route- and trip-bound transfer rules in the reverse (arrive-by) RAPTOR, exact: the mirror of
//! [`super::rules`] (the forward search's rules).
//!
//! Forward, a rule depends on the arriving trip, so arrivals at a rule stop are kept per arrival
//! class. Backward the labels are latest departures, and the class that matters is the
//! *departing* trip's: at a stop a rule leads to (a *board stop*: a rule stop itself, or a stop
//! a rule from one names as `to_stop`), boardings are also kept per *departure class*: each trip
//! named as `to_trip` by a rule into that stop, each route named as `to_route`, and one class for
//! every other trip. Within a class every departure meets the same rules, so the latest
//! departure per class and round ("slot" labels) is all an earlier round needs. Alighting a
//! pattern at a rule stop `x` ([`Timetable::has_rules_from`]) considers the ordinary label
//! `after[x]` (the target, a walk into it, or a walk to a stop no rule from `x` names) and each
//! slot at `x` or at a rule target of `x` that improved in the previous round, each with the
//! time [`super::rules::rule_secs`] requires between that alighting trip and the slot's trip —
//! the very function the forward search checks.
//!
//! At a rule stop the same-stop change and the walks to its rule targets are therefore never
//! taken from the ordinary `board` label (they go through the slots), exactly as the forward
//! search never boards from the `ride` label there. Because a trip named as `to_trip` may be
//! worth riding although a later trip of its pattern could be alighted in time, patterns through
//! board stops follow the latest alightable trip not named as `to_trip` by any rule and each
//! named trip separately ([`ReverseRaptor::scan_ruled`]). Depends on the timetable only.

use super::super::BitSet;
use super::super::rules::{Class, rule_secs};
use super::{NONE, ReverseRaptor};
use crate::timetable::{PatternIdx, PatternTimes, RuleSide, StopIdx, Timetable, TripIdx};

/// What the reverse search keeps of the rules, and the departure slot labels. Empty when the
/// timetable has none.
#[derive(Default)]
pub(super) struct RevRules {
    pub(super) active: bool,
    /// Per stop: its departure slots are `slot_start[s]..slot_start[s + 1]` (none unless a board
    /// stop).
    slot_start: Vec<u32>,
    slot_class: Vec<Class>,
    slot_stop: Vec<u32>,
    /// Per rule stop: the board stops its arrivals may feed under the rules (itself first, then
    /// its rule targets).
    dests: Vec<Vec<u32>>,
    /// Per board stop: the rule stops whose arrivals may feed it.
    sources: Vec<Vec<u32>>,
    /// Per stop: a rule leaves from it.
    rule_stop: Vec<bool>,
    /// Patterns calling at a board stop.
    pub(super) ruled_pattern: BitSet,
    /// Per timetable trip: its feed trip is named as `to_trip` somewhere.
    named: Vec<bool>,
    /// Slot labels, round-major: `slot_dep[k * m + x]`, and the trip of each.
    slot_dep: Vec<i64>,
    slot_trip: Vec<u32>,
    /// Slots that improved in the previous / this round.
    fresh_prev: BitSet,
    fresh_next: BitSet,
}

/// A departure an alighting may feed: its stop, time and trip.
#[derive(Clone, Copy)]
pub(super) struct Dest {
    stop: StopIdx,
    time: i64,
    trip: TripIdx,
}

impl RevRules {
    pub(super) fn new(tt: &Timetable, rounds: usize) -> RevRules {
        if !tt.has_transfer_rules() {
            return RevRules { ruled_pattern: BitSet::new(tt.n_patterns()), ..Default::default() };
        }
        let n = tt.n_stops();
        let mut dests: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut sources: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut classes: Vec<Vec<Class>> = vec![Vec::new(); n];
        let mut rule_stop = vec![false; n];
        let mut named_sources = std::collections::BTreeSet::new();
        for s in tt.stop_indices() {
            let rules = tt.rules_from(s);
            if rules.is_empty() {
                continue;
            }
            rule_stop[s.ix()] = true;
            dests[s.ix()].push(s.0);
            for r in rules {
                if !dests[s.ix()].contains(&r.to_stop.0) {
                    dests[s.ix()].push(r.to_stop.0);
                }
                match r.to {
                    RuleSide::Any => {}
                    RuleSide::Route(x) => classes[r.to_stop.ix()].push(Class::Route(x.0)),
                    RuleSide::Trip(t) => {
                        classes[r.to_stop.ix()].push(Class::Trip(t));
                        named_sources.insert(t);
                    }
                }
            }
            for &y in &dests[s.ix()] {
                sources[y as usize].push(s.0);
            }
        }
        let (mut slot_start, mut slot_class, mut slot_stop) = (vec![0u32], Vec::new(), Vec::new());
        let mut ruled_pattern = BitSet::new(tt.n_patterns());
        for (y, mut cs) in classes.into_iter().enumerate() {
            if !sources[y].is_empty() {
                cs.push(Class::Other);
                cs.sort();
                cs.dedup();
                slot_stop.extend(std::iter::repeat_n(y as u32, cs.len()));
                slot_class.extend(cs);
                for sp in tt.stop_patterns(StopIdx(y as u32)) {
                    ruled_pattern.insert(sp.pattern.ix());
                }
            }
            slot_start.push(slot_class.len() as u32);
        }
        let named = tt.trip_indices().map(|t| named_sources.contains(&tt.trip_source(t))).collect();
        let m = slot_class.len();
        RevRules {
            active: true,
            slot_start,
            slot_class,
            slot_stop,
            dests,
            sources,
            rule_stop,
            ruled_pattern,
            named,
            slot_dep: vec![NONE; rounds * m],
            slot_trip: vec![0; rounds * m],
            fresh_prev: BitSet::new(m),
            fresh_next: BitSet::new(m),
        }
    }

    /// Does a route- or trip-bound rule leave from `s`?
    #[inline]
    pub(super) fn is_rule_stop(&self, s: usize) -> bool {
        self.active && self.rule_stop[s]
    }

    /// Is `y` a rule target of rule stop `x` other than `x` itself (a walk between them after a
    /// ride is decided by the rules)?
    pub(super) fn is_target(&self, x: usize, y: usize) -> bool {
        self.is_rule_stop(x) && x != y && self.dests[x].contains(&(y as u32))
    }

    fn n_slots(&self) -> usize {
        self.slot_class.len()
    }

    /// The slot of a departure of trip `t` at board stop `y`.
    fn slot_of(&self, tt: &Timetable, y: usize, t: TripIdx) -> usize {
        let (a, b) = (self.slot_start[y] as usize, self.slot_start[y + 1] as usize);
        let classes = &self.slot_class[a..b];
        let find = |c: Class| classes.binary_search(&c).ok();
        let other = find(Class::Other).expect("every board stop has the class of other trips");
        find(Class::Trip(tt.trip_source(t))).or_else(|| find(Class::Route(tt.trip_route(t).0))).unwrap_or(other) + a
    }

    pub(super) fn reset(&mut self) {
        self.slot_dep.fill(NONE);
        self.fresh_prev.clear();
        self.fresh_next.clear();
    }

    /// Before the first round of a search: no slot is fresh.
    pub(super) fn start(&mut self) {
        self.fresh_prev.clear();
        self.fresh_next.clear();
    }
}

impl ReverseRaptor<'_> {
    /// Start of round `k`: carry the slots of round `k - 1`, and mark the rule stops whose
    /// arrivals may feed a slot that improved in round `k - 1`.
    pub(super) fn rules_round_start(&mut self, k: usize) {
        let rs = &mut self.rules;
        std::mem::swap(&mut rs.fresh_prev, &mut rs.fresh_next);
        rs.fresh_next.clear();
        let m = rs.n_slots();
        let (lo, hi) = ((k - 1) * m, k * m);
        for x in 0..m {
            if rs.slot_dep[lo + x] > rs.slot_dep[hi + x] {
                rs.slot_dep[hi + x] = rs.slot_dep[lo + x];
                rs.slot_trip[hi + x] = rs.slot_trip[lo + x];
            }
            if rs.fresh_prev.contains(x) {
                for &o in &rs.sources[rs.slot_stop[x] as usize] {
                    self.marked_prev.insert(o as usize);
                }
            }
        }
    }

    /// Slots that improved in round `k - 1` which an alighting at rule stop `x` may feed.
    fn fresh_dests(&self, x: usize, k: usize, out: &mut Vec<Dest>) {
        out.clear();
        let rs = &self.rules;
        if !rs.is_rule_stop(x) {
            return;
        }
        let m = rs.n_slots();
        for &y in &rs.dests[x] {
            for z in rs.slot_start[y as usize]..rs.slot_start[y as usize + 1] {
                if rs.fresh_prev.contains(z as usize) {
                    let i = (k - 1) * m + z as usize;
                    out.push(Dest { stop: StopIdx(y), time: rs.slot_dep[i], trip: TripIdx(rs.slot_trip[i]) });
                }
            }
        }
    }

    /// May trip `t`, arriving at `x` at `arr`, be alighted there: in time for the ordinary label
    /// (`limit`) or for a departure in `dests` under its rule?
    fn alightable(&self, t: TripIdx, arr: u32, x: StopIdx, limit: i64, dests: &[Dest]) -> bool {
        let min_change = self.cfg.min_change_secs;
        arr as i64 <= limit
            || dests.iter().any(|d| {
                rule_secs(self.tt, min_change, t, x, d.trip, d.stop)
                    .is_some_and(|need| arr as i64 + need as i64 <= d.time)
            })
    }

    /// Writes the departure `d` of trip `t` at board stop `y` into its slot in round `k`.
    fn write_slot(&mut self, y: usize, t: TripIdx, d: i64, k: usize) {
        let x = self.rules.slot_of(self.tt, y, t);
        let i = k * self.rules.n_slots() + x;
        if d > self.rules.slot_dep[i] {
            self.rules.slot_dep[i] = d;
            self.rules.slot_trip[i] = t.0;
            self.rules.fresh_next.insert(x);
        }
    }

    /// Scans pattern `p` (which calls at a board stop) in round `k` from position `last` towards
    /// the first, following the latest alightable trip not named as `to_trip` and each named trip.
    pub(super) fn scan_ruled(&mut self, p: PatternIdx, last: usize, k: usize) {
        let tt = self.tt;
        let (lo, hi) = ((k - 1) * self.n, k * self.n);
        let calls = tt.calls(p);
        let len = calls.len();
        let PatternTimes { first_trip, n_trips, arr, dep_by_pos } = tt.pattern_times(p);
        let trip = |j: usize| TripIdx(first_trip.0 + j as u32);
        let named: Vec<usize> = (0..n_trips).filter(|&j| self.rules.named[trip(j).ix()]).collect();
        let mut named_on = vec![false; named.len()];
        // The latest alightable trip not named as `to_trip` (trip number in the pattern).
        let mut plain: Option<usize> = None;
        let mut dests = Vec::new();
        for i in (0..=last.min(len.saturating_sub(1))).rev() {
            let call = calls[i];
            let s = call.stop().ix();
            if call.pickup() {
                let on = plain.into_iter().chain(named.iter().zip(&named_on).filter(|x| *x.1).map(|x| *x.0));
                if let Some(j) = on.clone().max() {
                    self.improve_board(hi + s, s, dep_by_pos[i * n_trips + j] as i64);
                }
                if !self.rules.sources[s].is_empty() {
                    for j in on {
                        self.write_slot(s, trip(j), dep_by_pos[i * n_trips + j] as i64, k);
                    }
                }
            }
            if !call.drop_off() || !self.marked_prev.contains(s) {
                continue;
            }
            let limit = self.after[lo + s];
            self.fresh_dests(s, k, &mut dests);
            let top = dests.iter().map(|d| d.time).fold(limit, i64::max);
            if top < 0 {
                continue;
            }
            // Trips arriving at position i by `top` (arrivals ascend with the trip number).
            let (mut a, mut b) = (0, n_trips);
            while a < b {
                let mid = (a + b) / 2;
                if arr[mid * len + i] as i64 <= top {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            let from = plain.map_or(0, |j| j + 1);
            let stop = call.stop();
            for j in (from..a).rev().filter(|&j| !self.rules.named[trip(j).ix()]) {
                if self.alightable(trip(j), arr[j * len + i], stop, limit, &dests) {
                    plain = Some(j);
                    break;
                }
            }
            for (&j, on) in named.iter().zip(named_on.iter_mut()) {
                if !*on && j < a && self.alightable(trip(j), arr[j * len + i], stop, limit, &dests) {
                    *on = true;
                }
            }
        }
    }
}
