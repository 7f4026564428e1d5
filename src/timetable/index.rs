//! The derived indices of a [`Timetable`]: each pattern's range of trips and block of times,
//! its departures once more position-major, and the stop → pattern lists with each entry's last
//! departure. [`TimetableBuilder::finish`](super::TimetableBuilder::finish) makes them.

use super::{Csr, Offsets, StopIdx, StopPattern, Timetable, TripIdx};

impl Timetable {
    /// Sets `pattern_trips`, `pattern_times`, `dep_by_pos` and `stop_patterns` from the patterns
    /// and the trips (added pattern by pattern, so each pattern's trips and times are contiguous).
    pub(super) fn index(&mut self) {
        let mut pattern_trips = Offsets::default();
        let mut pattern_times = Offsets::default();
        let mut t = 0;
        for p in self.patterns() {
            while t < self.n_trips() && self.trip_pattern.as_slice()[t] == p {
                t += 1;
            }
            pattern_trips.push_end(t);
            pattern_times.push_end(if t == 0 { 0 } else { self.trip_times.range(TripIdx(t as u32 - 1)).end });
        }
        self.pattern_trips = pattern_trips;
        self.pattern_times = pattern_times;

        let mut dep_by_pos = Vec::with_capacity(self.dep.len());
        let mut pairs: Vec<(StopIdx, StopPattern)> = Vec::with_capacity(self.calls.flat().len());
        for p in self.patterns() {
            let (len, n) = (self.pattern_len(p), self.pattern_trips.len_of(p));
            let block = &self.dep[self.pattern_times.range(p)];
            for (i, call) in self.calls(p).iter().enumerate() {
                dep_by_pos.extend((0..n).map(|j| block[j * len + i]));
                // Trips never overtake, so the last trip leaves last.
                let last_dep = if n > 0 && call.pickup() { block[(n - 1) * len + i] } else { 0 };
                pairs.push((call.stop(), StopPattern { pattern: p, pos: i as u32, last_dep }));
            }
        }
        self.dep_by_pos = dep_by_pos;
        self.stop_patterns = Csr::from_pairs(self.n_stops(), pairs);
    }
}

#[cfg(test)]
mod tests {
    use crate::date::Date;
    use crate::spatial::Xy;
    use crate::timetable::{
        Call, Mode, PatternIdx, RouteIdx, ServiceDay, StopIdx, StopInfo, StopPattern, Timetable, TimetableBuilder,
        TripIdx, TripInfo,
    };

    /// Two patterns over stops 0–2: pattern 0 (stops 0, 1, 2) runs trips 0 and 1, pattern 1
    /// (stops 2, 1) runs trip 2.
    fn two_patterns() -> Timetable {
        let stops = vec![StopInfo::at(Xy::default()); 3];
        let mut b = TimetableBuilder::new(Date::default(), stops, vec![Mode::Bus; 2]);
        let c = |s: u32, up: bool, down: bool| Call::new(StopIdx(s), up, down);
        let info = TripInfo { source: 0, day: ServiceDay::Today, direction: None };
        let p0 = b.add_pattern(RouteIdx(0), [c(0, true, false), c(1, false, true), c(2, false, true)]);
        b.add_trip(p0, info, [(100, 100), (160, 170), (220, 220)]);
        b.add_trip(p0, info, [(200, 200), (260, 270), (320, 320)]);
        let p1 = b.add_pattern(RouteIdx(1), [c(2, true, false), c(1, false, true)]);
        b.add_trip(p1, info, [(500, 500), (560, 560)]);
        b.finish()
    }

    #[test]
    fn patterns_get_blocks_of_times_and_a_position_major_copy() {
        let tt = two_patterns();
        assert_eq!(tt.pattern_times.range(PatternIdx(0)), 0..6);
        assert_eq!(tt.pattern_times.range(PatternIdx(1)), 6..8);
        assert_eq!(tt.trip_dep(TripIdx(1)), &[200, 270, 320]);
        assert_eq!(tt.trips_of(PatternIdx(1)).collect::<Vec<_>>(), vec![TripIdx(2)]);
        // Pattern 0 by position: (trip 0, trip 1) at 0, 1, 2; then pattern 1's one trip.
        assert_eq!(tt.dep_by_pos, vec![100, 200, 170, 270, 220, 320, 500, 560]);
        assert_eq!(tt.deps_at(PatternIdx(0), 1), &[170, 270]);
        let pt = tt.pattern_times(PatternIdx(0));
        assert_eq!((pt.first_trip, pt.n_trips, pt.arr), (TripIdx(0), 2, &[100, 160, 220, 200, 260, 320][..]));
        assert_eq!(tt.stops(PatternIdx(1)).collect::<Vec<_>>(), vec![StopIdx(2), StopIdx(1)]);
    }

    #[test]
    fn stop_patterns_carry_the_last_boardable_departure() {
        let tt = two_patterns();
        // Stop 0: pattern 0 pos 0 (last trip leaves 200). Stop 1: pattern 0 pos 1 and pattern 1
        // pos 1, neither boardable. Stop 2: pattern 0 pos 2 (not boardable), pattern 1 pos 0.
        let sp = |p: u32, pos: u32, last_dep: u32| StopPattern { pattern: PatternIdx(p), pos, last_dep };
        assert_eq!(tt.stop_patterns(StopIdx(0)), &[sp(0, 0, 200)]);
        assert_eq!(tt.stop_patterns(StopIdx(1)), &[sp(0, 1, 0), sp(1, 1, 0)]);
        assert_eq!(tt.stop_patterns(StopIdx(2)), &[sp(0, 2, 0), sp(1, 0, 500)]);
        assert!(tt.is_served(StopIdx(0)));
        assert_eq!(tt.footpaths(StopIdx(2)), &[]);
        assert_eq!(tt.change_at(StopIdx(1), 60), Some(60));
    }
}
