//! `transfers.txt` rows bound to routes or trips ("transfer rules"): an index by from-stop and
//! the lookup [`Timetable::transfer_rule`] that gives, for an arrival on one trip at a stop and a
//! departure of another trip at a stop, the most specific rule that binds that pair of rides.
//!
//! Rows naming only stops are not here: they are the stop-level change times and footpaths
//! ([`Timetable::change_at`], [`Timetable::footpaths`]) and apply to every traveller. A rule here
//! binds only the rides it names. Specificity follows the GTFS reference (`transfers.txt`,
//! "linked trips and routes"): both trips > one trip and the other side's route > one trip only >
//! both routes > one route only (> stops only, which is the stop level); at equal specificity a
//! row naming the stops themselves beats one naming their station, then the first row wins.
//!
//! Depends on `feed` (to build from [`Feed::transfers`]) and the timetable's indices only.

use super::{Csr, RouteIdx, StopIdx, Timetable, TripIdx};
use crate::feed::{Feed, LocationType, TransferKind};

/// Which rides one side of a rule names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleSide {
    /// Any ride (the row names no route or trip on this side).
    Any,
    /// Trips of this route.
    Route(RouteIdx),
    /// Runs of this feed trip (an index into `Feed::trips`, as [`super::TripInfo::source`]).
    Trip(u32),
}

/// What a rule does to the change between the two rides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleEffect {
    /// As between any two rides: the stop's change time, or the footpath between the two stops
    /// (type 0 recommended, type 5 in-seat not allowed, type 2 without a time).
    Ordinary,
    /// The departure must leave at least this many seconds after the arrival, whatever the
    /// stop's change time or the footpath: type 2 (`min_transfer_time`, shorter or longer than
    /// the stop's), type 1 timed (its `min_transfer_time`, else 0 s: the departure waits), type 4
    /// in-seat (0 s: the same vehicle goes on).
    Secs(u32),
    /// Type 3: the change is not possible.
    Forbidden,
}

/// One route- or trip-bound `transfers.txt` row between two point stops (a row naming a station
/// is expanded to the station's stops).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransferRule {
    pub from_stop: StopIdx,
    pub to_stop: StopIdx,
    pub from: RuleSide,
    pub to: RuleSide,
    pub kind: TransferKind,
    pub effect: RuleEffect,
    /// The row named a station on either side (so a row naming the stops beats it).
    pub via_station: bool,
}

impl TransferRule {
    /// The effect of a row of `kind` with `min_time`.
    pub fn effect_of(kind: TransferKind, min_time: Option<u32>) -> RuleEffect {
        match (kind, min_time) {
            (TransferKind::Forbidden, _) => RuleEffect::Forbidden,
            (TransferKind::Timed, m) => RuleEffect::Secs(m.unwrap_or(0)),
            (TransferKind::MinTime, Some(m)) => RuleEffect::Secs(m),
            (TransferKind::InSeat, _) => RuleEffect::Secs(0),
            (TransferKind::Recommended | TransferKind::NoInSeat | TransferKind::MinTime, _) => RuleEffect::Ordinary,
        }
    }

    /// GTFS specificity: 5 both trips, 4 a trip and a route, 3 one trip, 2 both routes, 1 one
    /// route (0 would be stops only, never stored here).
    pub fn specificity(&self) -> u8 {
        let trip = |s: RuleSide| matches!(s, RuleSide::Trip(_)) as u8;
        let route = |s: RuleSide| matches!(s, RuleSide::Route(_)) as u8;
        let (trips, routes) = (trip(self.from) + trip(self.to), route(self.from) + route(self.to));
        match (trips, routes) {
            (2, _) => 5,
            (1, 1) => 4,
            (1, _) => 3,
            (_, 2) => 2,
            _ => routes,
        }
    }

    /// Rank for choosing among matching rules: specificity, then a row naming the stops.
    fn rank(&self) -> u8 {
        self.specificity() * 2 + !self.via_station as u8
    }
}

/// The rule index: rules by from-stop, each stop's sorted by to-stop and most specific first.
#[derive(Clone, Debug, Default)]
pub(super) struct Rules {
    by_from: Csr<StopIdx, TransferRule>,
    /// Per stop: some rule leaves from it.
    from_flag: Vec<bool>,
}

impl Rules {
    pub(super) fn new(n_stops: usize, mut rules: Vec<TransferRule>) -> Rules {
        // Stable: among equal ranks the first row stays first.
        rules.sort_by_key(|r| (r.from_stop, r.to_stop, std::cmp::Reverse(r.rank())));
        let mut from_flag = vec![false; n_stops];
        for r in &rules {
            from_flag[r.from_stop.ix()] = true;
        }
        let mut by_from = Csr::new();
        let mut rest = rules.as_slice();
        for s in 0..n_stops {
            let here = rest.partition_point(|r| r.from_stop.ix() == s);
            by_from.push_list(rest[..here].iter().copied());
            rest = &rest[here..];
        }
        Rules { by_from, from_flag }
    }
}

/// Transfer rules bound to routes or trips.
impl Timetable {
    /// Does any route- or trip-bound transfer rule exist?
    pub fn has_transfer_rules(&self) -> bool {
        !self.rules.by_from.flat().is_empty()
    }

    /// Does some route- or trip-bound rule leave from stop `s`? (Arrivals there may be bound by
    /// rules; everywhere else only the stop-level change time and footpaths apply.)
    #[inline]
    pub fn has_rules_from(&self, s: StopIdx) -> bool {
        self.rules.from_flag.get(s.ix()).copied().unwrap_or(false)
    }

    /// The rules leaving from `s`, by to-stop, the most specific of each to-stop first.
    pub fn rules_from(&self, s: StopIdx) -> &[TransferRule] {
        if s.ix() >= self.rules.by_from.len() { &[] } else { self.rules.by_from.get(s) }
    }

    /// The route trip `t` runs on.
    pub fn trip_route(&self, t: TripIdx) -> RouteIdx {
        self.pattern_route(self.trip_pattern(t))
    }

    /// Does `side` name trip `t`'s ride?
    pub fn rule_side_matches(&self, side: RuleSide, t: TripIdx) -> bool {
        match side {
            RuleSide::Any => true,
            RuleSide::Route(r) => self.trip_route(t) == r,
            RuleSide::Trip(f) => self.trip_source(t) == f,
        }
    }

    /// The most specific route- or trip-bound rule for changing from `from_trip` arriving at
    /// `from_stop` to `to_trip` leaving `to_stop`; `None` when only the stop level applies (the
    /// change time at one stop, the footpath between two).
    pub fn transfer_rule(
        &self,
        from_trip: TripIdx,
        from_stop: StopIdx,
        to_trip: TripIdx,
        to_stop: StopIdx,
    ) -> Option<&TransferRule> {
        let rules = self.rules_from(from_stop);
        let start = rules.partition_point(|r| r.to_stop < to_stop);
        rules[start..]
            .iter()
            .take_while(|r| r.to_stop == to_stop)
            .find(|r| self.rule_side_matches(r.from, from_trip) && self.rule_side_matches(r.to, to_trip))
    }
}

/// The route- and trip-bound rows of `feed.transfers` as rules between point stops (a station
/// stands for each of its stops).
pub(super) fn rules_of(feed: &Feed) -> Vec<TransferRule> {
    let n = feed.stops.len();
    let station = |s: u32| feed.stops[s as usize].location_type == LocationType::Station;
    let is_point = |s: &crate::feed::Stop| matches!(s.location_type, LocationType::Stop | LocationType::BoardingArea);
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, s) in feed.stops.iter().enumerate() {
        if let Some(p) = s.parent
            && is_point(s)
            && (p as usize) < n
        {
            children[p as usize].push(i as u32);
        }
    }
    let expand = |s: u32| if station(s) { children[s as usize].clone() } else { vec![s] };
    let side = |route: Option<u32>, trip: Option<u32>| match (trip, route) {
        (Some(t), _) => RuleSide::Trip(t),
        (None, Some(r)) => RuleSide::Route(RouteIdx(r)),
        (None, None) => RuleSide::Any,
    };
    let mut out = Vec::new();
    for t in feed.transfers.iter().filter(|t| t.is_specific()) {
        let effect = TransferRule::effect_of(t.kind, t.min_time);
        let via_station = station(t.from) || station(t.to);
        for a in expand(t.from) {
            for b in expand(t.to) {
                out.push(TransferRule {
                    from_stop: StopIdx(a),
                    to_stop: StopIdx(b),
                    from: side(t.from_route, t.from_trip),
                    to: side(t.to_route, t.to_trip),
                    kind: t.kind,
                    effect,
                    via_station,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::spatial::Xy;
    use crate::timetable::{Call, Mode, ServiceDay, StopInfo, TimetableBuilder, TripInfo};

    #[test]
    fn the_most_specific_matching_rule_is_found() {
        // Stops 0 and 1; route 0 runs feed trip 7 (0 → 1), route 1 runs feed trips 8 and 9 (1 → 0).
        let mut b = TimetableBuilder::new(Date::default(), vec![StopInfo::at(Xy::default()); 2], vec![Mode::Bus; 2]);
        let info = |source| TripInfo { source, day: ServiceDay::Today, direction: None };
        let p0 = b.add_pattern(RouteIdx(0), [Call::new(StopIdx(0), true, false), Call::new(StopIdx(1), false, true)]);
        let a = b.add_trip(p0, info(7), [(0, 0), (60, 60)]);
        let p1 = b.add_pattern(RouteIdx(1), [Call::new(StopIdx(1), true, false), Call::new(StopIdx(0), false, true)]);
        let b8 = b.add_trip(p1, info(8), [(100, 100), (160, 160)]);
        let b9 = b.add_trip(p1, info(9), [(200, 200), (260, 260)]);
        let rule = |from, to, effect, via_station| TransferRule {
            from_stop: StopIdx(1),
            to_stop: StopIdx(1),
            from,
            to,
            kind: TransferKind::MinTime,
            effect,
            via_station,
        };
        b.transfer_rules(vec![
            rule(RuleSide::Route(RouteIdx(0)), RuleSide::Any, RuleEffect::Forbidden, false), // 1
            rule(RuleSide::Route(RouteIdx(0)), RuleSide::Route(RouteIdx(1)), RuleEffect::Secs(30), true), // 2, station
            rule(RuleSide::Route(RouteIdx(0)), RuleSide::Route(RouteIdx(1)), RuleEffect::Secs(40), false), // 2
            rule(RuleSide::Trip(7), RuleSide::Trip(9), RuleEffect::Secs(0), false),          // 5
        ]);
        let tt = b.finish();
        assert!(tt.has_transfer_rules() && tt.has_rules_from(StopIdx(1)) && !tt.has_rules_from(StopIdx(0)));
        let effect = |to| tt.transfer_rule(a, StopIdx(1), to, StopIdx(1)).map(|r| r.effect);
        // Trip 9: the trip pair (specificity 5). Trip 8: the route pair naming the stop (40 s)
        // over the same pair naming the station (30 s) and over "from route 0" (1).
        assert_eq!(effect(b9), Some(RuleEffect::Secs(0)));
        assert_eq!(effect(b8), Some(RuleEffect::Secs(40)));
        // Nothing binds changes from route 1, nor changes to another stop.
        assert_eq!(tt.transfer_rule(b8, StopIdx(1), b9, StopIdx(1)), None);
        assert_eq!(tt.transfer_rule(a, StopIdx(1), b9, StopIdx(0)), None);
        assert_eq!(rule(RuleSide::Trip(7), RuleSide::Route(RouteIdx(1)), RuleEffect::Ordinary, false).specificity(), 4);
        assert_eq!(rule(RuleSide::Any, RuleSide::Trip(9), RuleEffect::Ordinary, false).specificity(), 3);
        assert_eq!(rule(RuleSide::Any, RuleSide::Route(RouteIdx(1)), RuleEffect::Ordinary, false).specificity(), 1);
    }
}
