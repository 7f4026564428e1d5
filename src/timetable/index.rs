//! The derived indices of a [`Timetable`]: each pattern's times as one block, its departures
//! once more position-major, calls packed one word each, and the stop → pattern list with each
//! entry's last departure.
//! [`Timetable::build`] makes them; a timetable filled by hand calls [`Timetable::index`].

use super::{CALL_DROP_OFF, CALL_PICKUP, CALL_STOP, PatternIdx, Timetable};

impl Timetable {
    /// Lays the trips' times out pattern by pattern (trips back to back, in trip order), sets
    /// `trip_time_start` and `pattern_time_start` to match, and builds `dep_by_pos`,
    /// `pattern_calls`, `stop_pattern_start`, `stop_patterns` and `stop_pattern_last_dep` from
    /// the patterns.
    ///
    /// # Panics
    /// If a stop index does not fit in [`CALL_STOP`] (more than a billion stops).
    pub fn index(&mut self) {
        let (mut arr, mut dep) = (Vec::with_capacity(self.arr.len()), Vec::with_capacity(self.dep.len()));
        let mut dep_by_pos = Vec::with_capacity(self.dep.len());
        let mut pattern_time_start = Vec::with_capacity(self.n_patterns() + 1);
        pattern_time_start.push(0);
        // Per stop: (pattern, position, last departure there).
        let mut per_stop: Vec<Vec<(PatternIdx, u32, u32)>> = vec![Vec::new(); self.n_stops];
        for p in 0..self.n_patterns() {
            let p = PatternIdx(p as u32);
            let len = self.pattern_len(p);
            let trips = self.pattern_trips(p);
            let block = arr.len();
            for t in trips.clone() {
                let s = self.trip_time_start[t as usize] as usize;
                self.trip_time_start[t as usize] = arr.len() as u32;
                arr.extend_from_slice(&self.arr[s..s + len]);
                dep.extend_from_slice(&self.dep[s..s + len]);
            }
            let calls = self.pattern_range(p);
            for i in 0..len {
                dep_by_pos.extend((0..trips.len()).map(|j| dep[block + j * len + i]));
                // Trips never overtake, so the last trip leaves last.
                let last = match trips.len() {
                    0 => 0,
                    n if self.pattern_pickup[calls.start + i] => dep[block + (n - 1) * len + i],
                    _ => 0,
                };
                if let Some(list) = per_stop.get_mut(self.pattern_stops[calls.start + i].ix()) {
                    list.push((p, i as u32, last));
                }
            }
            pattern_time_start.push(arr.len() as u32);
        }
        assert!(self.n_stops <= CALL_STOP as usize, "more stops than a timetable can index");
        self.pattern_calls = (0..self.pattern_stops.len())
            .map(|c| {
                let flag = |on: bool, bit: u32| if on { bit } else { 0 };
                self.pattern_stops[c].0
                    | flag(self.pattern_pickup[c], CALL_PICKUP)
                    | flag(self.pattern_drop_off[c], CALL_DROP_OFF)
            })
            .collect();
        self.arr = arr;
        self.dep = dep;
        self.dep_by_pos = dep_by_pos;
        self.pattern_time_start = pattern_time_start;
        self.stop_pattern_start = Vec::with_capacity(self.n_stops + 1);
        self.stop_pattern_start.push(0);
        self.stop_patterns.clear();
        self.stop_pattern_last_dep.clear();
        for list in per_stop {
            for (p, i, last) in list {
                self.stop_patterns.push((p, i));
                self.stop_pattern_last_dep.push(last);
            }
            self.stop_pattern_start.push(self.stop_patterns.len() as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timetable::{ServiceDay, StopIdx};

    /// Two patterns over stops 0–2, filled so that their trips' times interleave in `arr`.
    fn interleaved() -> Timetable {
        let mut tt = Timetable { n_stops: 3, ..Default::default() };
        // Pattern 0: stops 0, 1, 2, trips 0 and 1. Pattern 1: stops 2, 1, trip 2.
        tt.pattern_stops = vec![StopIdx(0), StopIdx(1), StopIdx(2), StopIdx(2), StopIdx(1)];
        tt.pattern_pickup = vec![true, false, false, true, false];
        tt.pattern_drop_off = vec![false, true, true, false, true];
        tt.pattern_stop_start = vec![0, 3, 5];
        tt.pattern_trip_start = vec![0, 2, 3];
        tt.pattern_route = vec![0, 1];
        tt.trip_pattern = vec![PatternIdx(0), PatternIdx(0), PatternIdx(1)];
        tt.trip_source = vec![0, 1, 2];
        tt.trip_day = vec![ServiceDay::Today; 3];
        // In memory: trip 2 (2 times), trip 1 (3 times), trip 0 (3 times).
        tt.trip_time_start = vec![5, 2, 0];
        tt.arr = vec![500, 560, 200, 260, 320, 100, 160, 220];
        tt.dep = vec![500, 560, 200, 270, 320, 100, 170, 220];
        tt.index();
        tt
    }

    #[test]
    fn index_lays_patterns_out_as_blocks_with_a_position_major_copy() {
        let tt = interleaved();
        assert_eq!(tt.pattern_time_start, vec![0, 6, 8]);
        assert_eq!(tt.trip_time_start, vec![0, 3, 6]);
        assert_eq!(tt.arr, vec![100, 160, 220, 200, 260, 320, 500, 560]);
        assert_eq!(tt.trip_dep(crate::timetable::TripIdx(1)), &[200, 270, 320]);
        // Pattern 0 by position: (trip 0, trip 1) at 0, 1, 2; then pattern 1's one trip.
        assert_eq!(tt.dep_by_pos, vec![100, 200, 170, 270, 220, 320, 500, 560]);
        assert_eq!(
            tt.pattern_calls,
            vec![CALL_PICKUP, 1 | CALL_DROP_OFF, 2 | CALL_DROP_OFF, 2 | CALL_PICKUP, 1 | CALL_DROP_OFF]
        );
        assert_eq!(tt.deps_at(PatternIdx(0), 1), &[170, 270]);
    }

    #[test]
    fn stop_patterns_carry_the_last_boardable_departure() {
        let tt = interleaved();
        // Stop 0: pattern 0 pos 0 (last trip leaves 200). Stop 1: pattern 0 pos 1 and pattern 1
        // pos 1, neither boardable. Stop 2: pattern 0 pos 2 (not boardable), pattern 1 pos 0.
        assert_eq!(tt.stop_pattern_start, vec![0, 1, 3, 5]);
        assert_eq!(
            tt.stop_patterns,
            vec![(PatternIdx(0), 0), (PatternIdx(0), 1), (PatternIdx(1), 1), (PatternIdx(0), 2), (PatternIdx(1), 0)]
        );
        assert_eq!(tt.stop_pattern_last_dep, vec![200, 0, 0, 0, 500]);
    }
}
