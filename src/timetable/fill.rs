//! Filling a [`Timetable`] pattern by pattern: what [`Timetable::build`] does from a feed, and
//! what tests and benchmarks do by hand. [`TimetableBuilder::finish`] makes the derived indices
//! (see [`super::index`]), so a finished timetable always has them.

use super::{
    BuildStats, CHANGE_DEFAULT, Call, Csr, Footpath, IdxVec, Mode, PatternIdx, RouteIdx, StopIdx, StopInfo, Timetable,
    TripIdx, TripInfo,
};
use crate::date::Date;

/// Builds a [`Timetable`]: add each pattern, then its trips in departure order.
///
/// ```
/// use narhet::date::Date;
/// use narhet::spatial::Xy;
/// use narhet::timetable::{Call, Mode, RouteIdx, ServiceDay, StopIdx, StopInfo, TimetableBuilder, TripInfo};
///
/// let stops = vec![StopInfo::at(Xy { x: 0.0, y: 0.0 }), StopInfo::at(Xy { x: 900.0, y: 0.0 })];
/// let mut b = TimetableBuilder::new(Date::default(), stops, vec![Mode::Bus]);
/// let p = b.add_pattern(RouteIdx(0), [Call::new(StopIdx(0), true, false), Call::new(StopIdx(1), false, true)]);
/// let info = TripInfo { source: 0, day: ServiceDay::Today, direction: None };
/// b.add_trip(p, info, [(3600, 3600), (3900, 3900)]);
/// let tt = b.finish();
/// assert_eq!(tt.trip_arr(tt.trips_of(p).next().unwrap()), &[3600, 3900]);
/// ```
#[derive(Debug)]
pub struct TimetableBuilder {
    tt: Timetable,
}

impl TimetableBuilder {
    /// An empty timetable of `date` over `stops` and routes of the given modes.
    pub fn new(date: Date, stops: Vec<StopInfo>, route_modes: Vec<Mode>) -> Self {
        let n = stops.len();
        let tt = Timetable {
            date,
            stops: stops.into(),
            stop_order: (0..n as u32).collect(),
            route_mode: route_modes.into(),
            change_time: IdxVec::filled(n, CHANGE_DEFAULT),
            ..Default::default()
        };
        TimetableBuilder { tt }
    }

    /// The rank of each stop's id in byte order (default: the stop index).
    ///
    /// # Panics
    /// If `order` does not have one entry per stop.
    pub fn stop_order(&mut self, order: Vec<u32>) {
        assert_eq!(order.len(), self.tt.n_stops(), "one rank per stop");
        self.tt.stop_order = order.into();
    }

    /// Adds a pattern of `route` with these calls.
    pub fn add_pattern(&mut self, route: RouteIdx, calls: impl IntoIterator<Item = Call>) -> PatternIdx {
        self.tt.pattern_route.push(route);
        self.tt.calls.push_list(calls)
    }

    /// Adds a trip of pattern `p` with its `(arrival, departure)` times at every call. Trips are
    /// added pattern after pattern, each pattern's in departure order, none overtaking another.
    ///
    /// # Panics
    /// If `p` comes before the pattern of the last trip added, if the times are not one per
    /// call, or (in debug builds) if the trip overtakes the pattern's previous trip.
    pub fn add_trip(&mut self, p: PatternIdx, info: TripInfo, times: impl IntoIterator<Item = (u32, u32)>) -> TripIdx {
        let tt = &mut self.tt;
        assert!(tt.trip_pattern.as_slice().last().is_none_or(|&q| q <= p), "trips must be added pattern by pattern");
        let start = tt.arr.len();
        for (a, d) in times {
            tt.arr.push(a);
            tt.dep.push(d);
        }
        assert_eq!(tt.arr.len() - start, tt.pattern_len(p), "one time per call of the pattern");
        let len = tt.pattern_len(p);
        if tt.trip_pattern.as_slice().last() == Some(&p) {
            let fifo = |v: &[u32]| v[start - len..start].iter().zip(&v[start..]).all(|(x, y)| x <= y);
            debug_assert!(fifo(&tt.arr) && fifo(&tt.dep), "a trip overtakes the one before it");
        }
        tt.trip_pattern.push(p);
        tt.trips.push(info);
        tt.trip_times.push_end(tt.arr.len())
    }

    /// The footpaths of every stop (one list per stop, each sorted by target).
    ///
    /// # Panics
    /// If there is not one list per stop.
    pub fn footpaths(&mut self, footpaths: Csr<StopIdx, Footpath>) {
        assert_eq!(footpaths.len(), self.tt.n_stops(), "one footpath list per stop");
        self.tt.footpaths = footpaths;
    }

    /// Same-stop change times ([`super::CHANGE_DEFAULT`] by default).
    ///
    /// # Panics
    /// If there is not one per stop.
    pub fn change_times(&mut self, change: Vec<u32>) {
        assert_eq!(change.len(), self.tt.n_stops(), "one change time per stop");
        self.tt.change_time = change.into();
    }

    /// Route- and trip-bound transfer rules (none by default).
    ///
    /// # Panics
    /// If a rule names a stop the timetable does not have.
    pub fn transfer_rules(&mut self, rules: Vec<super::TransferRule>) {
        let n = self.tt.n_stops();
        assert!(rules.iter().all(|r| r.from_stop.ix() < n && r.to_stop.ix() < n), "rule names an unknown stop");
        self.tt.rules = super::rules::Rules::new(n, rules);
    }

    /// Counts to report with the timetable.
    pub fn stats(&mut self, stats: BuildStats) {
        self.tt.stats = stats;
    }

    /// Patterns added so far.
    pub fn n_patterns(&self) -> usize {
        self.tt.n_patterns()
    }

    /// Trips added so far.
    pub fn n_trips(&self) -> usize {
        self.tt.n_trips()
    }

    /// The timetable with its derived indices.
    pub fn finish(mut self) -> Timetable {
        let tt = &mut self.tt;
        if tt.footpaths.len() != tt.n_stops() {
            tt.footpaths = Csr::from_pairs(tt.n_stops(), Vec::new());
        }
        tt.index();
        self.tt
    }
}
