//! Route- and trip-bound transfer rules in RAPTOR ([`Timetable::transfer_rule`]), exact.
//!
//! The single best label per stop forgets which trip arrived, and a rule depends on it. So at a
//! stop some rule leaves from (a *rule stop*, [`Timetable::has_rules_from`]) arrivals are also
//! kept per *arrival class*: each trip named as `from_trip` by a rule there, each route named as
//! `from_route`, and one class for every other trip. Within a class all arrivals meet the same
//! rules, so the earliest arrival per class and round ("slot" labels, like stop labels) is all a
//! later round needs. Boarding a pattern at a rule stop, or at a stop a rule from one leads to
//! (a *rule target*), considers the ordinary label (on foot, or by a ride at a stop without
//! rules) and each slot that improved in the previous round, each with the most specific rule's
//! required time between that arrival and each candidate trip (type 3: not that trip).
//!
//! Because a trip named by a rule may be worth riding although an earlier trip of its pattern
//! was catchable, patterns through rule stops are scanned by [`Raptor::scan_ruled`], which
//! follows the earliest catchable trip not named by any rule and each named trip separately. At
//! a rule stop the same-stop change is never taken from the stop label (the router's change
//! time there is "forbidden"; boarding goes through the slots), and a walk from a rule stop to
//! one of its rule targets is kept apart ([`RuleState::walk_arr`]): it is an arrival on foot, but
//! boarding after it is decided by the rules. Patterns and stops without rules take the
//! ordinary, fast path. Depends on the timetable only.

use super::{BitSet, Raptor, RidePtr, UNREACHED};
use crate::timetable::{PatternIdx, PatternTimes, RuleEffect, StopIdx, Timetable, TripIdx};

/// `RidePtr::via` of a boarding from the ordinary label.
pub(super) const NO_VIA: u32 = u32::MAX;

/// The class of an arrival at a rule stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Class {
    Other,
    Route(u32),
    Trip(u32),
}

/// Per stop, the change time a ride's arrival allows there (`None`: no change; see
/// `Timetable::change_at`). At a rule stop a change after a ride goes through the rule slots,
/// never the label, so it is `None` there. Used by both the forward and the reverse search.
pub(super) fn change_times<'t>(
    tt: &'t Timetable,
    cfg: super::RouterConfig,
    is_rule_stop: impl Fn(usize) -> bool + 't,
) -> impl Iterator<Item = Option<u32>> + 't {
    tt.stop_indices().map(move |s| if is_rule_stop(s.ix()) { None } else { tt.change_at(s, cfg.min_change_secs) })
}

/// What the router keeps of the rules, and the slot labels. Empty when the timetable has none.
#[derive(Default)]
pub(super) struct RuleState {
    pub(super) active: bool,
    /// Per stop: its slots are `slot_start[s]..slot_start[s + 1]` (none unless a rule stop).
    slot_start: Vec<u32>,
    slot_class: Vec<Class>,
    slot_stop: Vec<u32>,
    /// Per stop: rule targets other than itself.
    targets: Vec<Vec<u32>>,
    /// Per stop: rule stops whose arrivals may board here (itself if a rule stop, and those it
    /// is a rule target of).
    sources: Vec<Vec<u32>>,
    /// Rule stops and rule targets.
    pub(super) board_stop: BitSet,
    /// Patterns calling at a rule stop or target.
    pub(super) ruled_pattern: BitSet,
    /// Per timetable trip: its feed trip is named as `from_trip` somewhere.
    named: Vec<bool>,
    /// Per stop: index into `walk_arr` columns (rule targets of another stop), else `u32::MAX`.
    walk_ix: Vec<u32>,
    pub(super) walk_stops: Vec<u32>,
    /// Slot labels, round-major: `slot_arr[k * m + x]`, with back pointers.
    pub(super) slot_arr: Vec<u32>,
    pub(super) slot_ptr: Vec<RidePtr>,
    /// Arrivals on foot at rule targets by a walk from a rule stop: `walk_arr[k * w + i]`, and
    /// the stop walked from.
    pub(super) walk_arr: Vec<u32>,
    pub(super) walk_from: Vec<u32>,
    /// Slots that improved in the previous / this round.
    pub(super) fresh_prev: BitSet,
    pub(super) fresh_next: BitSet,
}

impl RuleState {
    pub(super) fn new(tt: &Timetable, rounds: usize) -> RuleState {
        if !tt.has_transfer_rules() {
            return RuleState { ruled_pattern: BitSet::new(tt.n_patterns()), ..Default::default() };
        }
        let n = tt.n_stops();
        let (mut slot_start, mut slot_class, mut slot_stop) = (vec![0u32], Vec::new(), Vec::new());
        let mut targets = vec![Vec::new(); n];
        let mut sources = vec![Vec::new(); n];
        let mut named = vec![false; tt.n_trips()];
        let mut named_sources = std::collections::BTreeSet::new();
        for s in tt.stop_indices() {
            let rules = tt.rules_from(s);
            if !rules.is_empty() {
                let mut classes = vec![Class::Other];
                for r in rules {
                    match r.from {
                        crate::timetable::RuleSide::Any => {}
                        crate::timetable::RuleSide::Route(x) => classes.push(Class::Route(x.0)),
                        crate::timetable::RuleSide::Trip(t) => {
                            classes.push(Class::Trip(t));
                            named_sources.insert(t);
                        }
                    }
                    if r.to_stop != s && !targets[s.ix()].contains(&r.to_stop.0) {
                        targets[s.ix()].push(r.to_stop.0);
                    }
                }
                classes.sort();
                classes.dedup();
                for c in classes {
                    slot_class.push(c);
                    slot_stop.push(s.0);
                }
                sources[s.ix()].push(s.0);
                for &t in &targets[s.ix()] {
                    sources[t as usize].push(s.0);
                }
            }
            slot_start.push(slot_class.len() as u32);
        }
        for t in tt.trip_indices() {
            named[t.ix()] = named_sources.contains(&tt.trip_source(t));
        }
        let mut board_stop = BitSet::new(n);
        let mut ruled_pattern = BitSet::new(tt.n_patterns());
        let mut walk_ix = vec![u32::MAX; n];
        let mut walk_stops = Vec::new();
        for s in 0..n {
            if sources[s].is_empty() {
                continue;
            }
            board_stop.insert(s);
            for sp in tt.stop_patterns(StopIdx(s as u32)) {
                ruled_pattern.insert(sp.pattern.ix());
            }
            if sources[s].iter().any(|&o| o as usize != s) {
                walk_ix[s] = walk_stops.len() as u32;
                walk_stops.push(s as u32);
            }
        }
        let (m, w) = (slot_class.len(), walk_stops.len());
        RuleState {
            active: true,
            slot_start,
            slot_class,
            slot_stop,
            targets,
            sources,
            board_stop,
            ruled_pattern,
            named,
            walk_ix,
            walk_stops,
            slot_arr: vec![UNREACHED; rounds * m],
            slot_ptr: vec![RidePtr::default(); rounds * m],
            walk_arr: vec![UNREACHED; rounds * w],
            walk_from: vec![0; rounds * w],
            fresh_prev: BitSet::new(m),
            fresh_next: BitSet::new(m),
        }
    }

    pub(super) fn n_slots(&self) -> usize {
        self.slot_class.len()
    }

    pub(super) fn slot_stop(&self, x: usize) -> usize {
        self.slot_stop[x] as usize
    }

    /// Is `s` a rule stop (has slots)?
    #[inline]
    pub(super) fn is_rule_stop(&self, s: usize) -> bool {
        self.active && self.slot_start[s] < self.slot_start[s + 1]
    }

    /// Index of `s` among the walk targets.
    pub(super) fn walk_index(&self, s: usize) -> Option<usize> {
        let i = *self.walk_ix.get(s)?;
        (i != u32::MAX).then_some(i as usize)
    }

    /// The rule targets of rule stop `s` other than `s`.
    pub(super) fn targets(&self, s: usize) -> &[u32] {
        &self.targets[s]
    }

    /// The slot an arrival of trip `t` at rule stop `s` belongs to.
    fn slot_of(&self, tt: &Timetable, s: usize, t: TripIdx) -> usize {
        let (a, b) = (self.slot_start[s] as usize, self.slot_start[s + 1] as usize);
        let classes = &self.slot_class[a..b];
        let find = |c: Class| classes.binary_search(&c).ok();
        find(Class::Trip(tt.trip_source(t))).or_else(|| find(Class::Route(tt.trip_route(t).0))).unwrap_or(0) + a
    }

    pub(super) fn reset(&mut self) {
        self.slot_arr.fill(UNREACHED);
        self.walk_arr.fill(UNREACHED);
        self.fresh_prev.clear();
        self.fresh_next.clear();
    }
}

/// Seconds needed from an arrival of `from_trip` at `from` to leave on `to_trip` at `to`
/// (`None`: not possible): the most specific rule, else the stop level (the stop's change time,
/// or the footpath after a ride). Shared by the forward and the reverse search.
pub(super) fn rule_secs(
    tt: &Timetable,
    min_change: u32,
    from_trip: TripIdx,
    from: StopIdx,
    to_trip: TripIdx,
    to: StopIdx,
) -> Option<u32> {
    match tt.transfer_rule(from_trip, from, to_trip, to).map(|r| r.effect) {
        Some(RuleEffect::Forbidden) => None,
        Some(RuleEffect::Secs(m)) => Some(m),
        Some(RuleEffect::Ordinary) | None if from == to => tt.change_at(from, min_change),
        Some(RuleEffect::Ordinary) | None => {
            let fps = tt.footpaths(from);
            let i = fps.binary_search_by_key(&to, |f| f.to).ok()?;
            Some(fps[i].after_ride(min_change))
        }
    }
}

/// An arrival a boarding may come from: slot, its stop, time and trip.
#[derive(Clone, Copy)]
struct Source {
    slot: u32,
    stop: StopIdx,
    time: u32,
    trip: TripIdx,
}

/// How one trip is boarded during a ruled scan: position and `via`.
type Boarded = Option<(u32, u32)>;

impl Raptor<'_> {
    /// Seconds needed from an arrival of `from_trip` at `from` to leave on `to_trip` at `to`
    /// (`None`: not possible): the most specific rule, else the stop level (the stop's change
    /// time, or the footpath after a ride).
    pub(super) fn rule_secs(&self, from_trip: TripIdx, from: StopIdx, to_trip: TripIdx, to: StopIdx) -> Option<u32> {
        rule_secs(self.tt, self.cfg.min_change_secs, from_trip, from, to_trip, to)
    }

    /// Start of round `k`: carry slot and rule-walk labels from round `k - 1`, and add the
    /// rule targets of stops whose slots improved in round `k - 1` to the stops to board at.
    pub(super) fn rules_round_start(&mut self, k: usize) {
        let rs = &mut self.rules;
        std::mem::swap(&mut rs.fresh_prev, &mut rs.fresh_next);
        rs.fresh_next.clear();
        let m = rs.n_slots();
        let (lo, hi) = ((k - 1) * m, k * m);
        for x in 0..m {
            if rs.slot_arr[lo + x] < rs.slot_arr[hi + x] {
                rs.slot_arr[hi + x] = rs.slot_arr[lo + x];
                rs.slot_ptr[hi + x] = rs.slot_ptr[lo + x];
            }
        }
        let w = rs.walk_stops.len();
        let (lo, hi) = ((k - 1) * w, k * w);
        for i in 0..w {
            if rs.walk_arr[lo + i] < rs.walk_arr[hi + i] {
                rs.walk_arr[hi + i] = rs.walk_arr[lo + i];
                rs.walk_from[hi + i] = rs.walk_from[lo + i];
            }
        }
        for x in 0..m {
            if rs.fresh_prev.contains(x) {
                let s = rs.slot_stop(x);
                self.prev.marked.insert(s);
                for &t in &rs.targets[s] {
                    self.prev.marked.insert(t as usize);
                }
            }
        }
    }

    /// Footpaths after a ride improved the label of rule stop `s` in round `k`: to its rule
    /// targets into the rule-walk labels (boarding there goes through the slots), elsewhere as
    /// usual.
    pub(super) fn relax_from_rule_stop(&mut self, s: usize, k: usize, bound: u32) {
        let hi = k * self.n;
        let r = self.ride[hi + s];
        let w = self.rules.walk_stops.len();
        for fp in self.tt.footpaths(StopIdx(s as u32)) {
            let f = r.saturating_add(fp.after_ride(self.cfg.min_change_secs));
            let to = fp.to.ix();
            if f >= bound {
                continue;
            }
            if self.rules.targets(s).contains(&(to as u32)) {
                let i = k * w + self.rules.walk_index(to).expect("a rule target has a walk column");
                if f < self.rules.walk_arr[i] {
                    self.rules.walk_arr[i] = f;
                    self.rules.walk_from[i] = s as u32;
                }
            } else if f < self.foot[hi + to] && self.ride[hi + to].saturating_add(self.change[to]) > f {
                self.foot[hi + to] = f;
                self.foot_ptr[hi + to] = s as u32;
                self.next.marked.insert(to);
                self.next.changed.insert(to);
                self.touched.insert(to);
            }
        }
    }

    /// Slots that improved in round `k - 1` whose arrivals may board at `s`.
    fn fresh_sources(&self, s: usize, k: usize, out: &mut Vec<Source>) {
        out.clear();
        let rs = &self.rules;
        let m = rs.n_slots();
        for &o in &rs.sources[s] {
            let (a, b) = (rs.slot_start[o as usize], rs.slot_start[o as usize + 1]);
            for x in a..b {
                if rs.fresh_prev.contains(x as usize) {
                    let i = (k - 1) * m + x as usize;
                    let (time, trip) = (rs.slot_arr[i], TripIdx(rs.slot_ptr[i].trip));
                    out.push(Source { slot: x, stop: StopIdx(o), time, trip });
                }
            }
        }
    }

    /// Can trip `t` (leaving at `dep`) be boarded at `s`: from the ordinary label (`ready`) or
    /// an arrival in `sources` under its rule? The `via` of the boarding.
    fn boardable(&self, t: TripIdx, dep: u32, s: StopIdx, ready: u32, sources: &[Source]) -> Option<u32> {
        if dep >= ready {
            return Some(NO_VIA);
        }
        sources
            .iter()
            .find(|src| {
                src.time <= dep
                    && self.rule_secs(src.trip, src.stop, t, s).is_some_and(|need| src.time.saturating_add(need) <= dep)
            })
            .map(|src| src.slot)
    }

    /// Writes slot label of trip `t`'s arrival `a` at rule stop `s` in round `k`.
    fn write_slot(&mut self, s: usize, t: TripIdx, a: u32, ptr: RidePtr, k: usize, bound: u32) {
        let x = self.rules.slot_of(self.tt, s, t);
        let i = k * self.rules.n_slots() + x;
        if a < self.rules.slot_arr[i] && a < bound {
            self.rules.slot_arr[i] = a;
            self.rules.slot_ptr[i] = ptr;
            self.rules.fresh_next.insert(x);
            self.next.marked.insert(s);
        }
    }

    /// Scans pattern `p` (which calls at a rule stop or target) from position `from` in round
    /// `k`, following the earliest catchable trip not named by a rule and each named trip.
    pub(super) fn scan_ruled(&mut self, p: PatternIdx, from: usize, k: usize, bound: u32) {
        let tt = self.tt;
        let hi = k * self.n;
        let calls = tt.calls(p);
        let len = calls.len();
        let PatternTimes { first_trip, n_trips, arr: arrs, dep_by_pos: by_pos } = tt.pattern_times(p);
        let trip = |j: usize| TripIdx(first_trip.0 + j as u32);
        let named: Vec<usize> = (0..n_trips).filter(|&j| self.rules.named[trip(j).ix()]).collect();
        let mut named_on: Vec<Boarded> = vec![None; named.len()];
        // The earliest catchable trip not named by a rule: (trip number, board position, via).
        let mut plain: Option<(usize, u32, u32)> = None;
        let mut sources = Vec::new();
        for (i, &call) in calls.iter().enumerate().skip(from) {
            let s = call.stop().ix();
            if call.drop_off() {
                let boarded = plain
                    .into_iter()
                    .chain(named.iter().zip(&named_on).filter_map(|(&j, b)| b.map(|(pos, via)| (j, pos, via))));
                let ptr = |j: usize, board: u32, via: u32| RidePtr { trip: trip(j).0, board, alight: i as u32, via };
                if let Some((j, board, via)) = boarded.clone().min_by_key(|b| b.0) {
                    let a = arrs[j * len + i];
                    if a < self.ride[hi + s] && a < bound {
                        self.ride[hi + s] = a;
                        self.ride_ptr[hi + s] = ptr(j, board, via);
                        self.next.marked.insert(s);
                        self.next.changed.insert(s);
                        self.next.ride_improved.insert(s);
                        self.touched.insert(s);
                    }
                }
                if self.rules.is_rule_stop(s) {
                    for (j, board, via) in boarded {
                        self.write_slot(s, trip(j), arrs[j * len + i], ptr(j, board, via), k, bound);
                    }
                }
            }
            if !call.pickup() || !self.prev.marked.contains(s) {
                continue;
            }
            let ready = self.ready[s];
            if self.rules.board_stop.contains(s) {
                self.fresh_sources(s, k, &mut sources);
            } else {
                sources.clear();
            }
            let lowest = sources.iter().map(|x| x.time).fold(ready, u32::min);
            if lowest == UNREACHED {
                continue;
            }
            let deps = &by_pos[i * n_trips..(i + 1) * n_trips];
            let start = deps.partition_point(|&d| d < lowest);
            let limit = plain.map_or(n_trips, |b| b.0);
            let candidates = deps.iter().enumerate().take(limit).skip(start);
            for (j, &dep) in candidates.filter(|&(j, _)| !self.rules.named[trip(j).ix()]) {
                if let Some(via) = self.boardable(trip(j), dep, call.stop(), ready, &sources) {
                    plain = Some((j, i as u32, via));
                    break;
                }
            }
            for (&j, b) in named.iter().zip(named_on.iter_mut()) {
                if b.is_none()
                    && j >= start
                    && let Some(via) = self.boardable(trip(j), deps[j], call.stop(), ready, &sources)
                {
                    *b = Some((i as u32, via));
                }
            }
        }
    }
}
