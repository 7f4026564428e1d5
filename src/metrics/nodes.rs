//! Links between places: how many trips of the service day leave one place (any of its stops)
//! and later call at another, and the first and last of them — the "departures towards the
//! regional core" of the TFP's strategic nodes.

use serde::Serialize;

use crate::timetable::{ServiceDay, StopIdx, Timetable, TripIdx};

/// Direct departures from one set of stops to another on the service day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Trip runs of the day that can be boarded at a `from` stop and left at a later `to` stop;
    /// a trip counts once, at its first such boarding.
    pub departures: usize,
    /// Earliest and latest of those boarding times (seconds since midnight, may pass 24 h).
    pub first: Option<u32>,
    pub last: Option<u32>,
    /// Departures with `from_time` ≤ t < `to_time` per hour of the day, 0–23 (hours past 24
    /// fold into 23), for charts.
    pub per_hour: Vec<u32>,
}

/// Departures of today's trips from any stop in `from` that later call at a stop in `to`.
/// Previous-day trips running after midnight do not count (they are the day before's service).
pub fn direct_link(tt: &Timetable, from: &[StopIdx], to: &[StopIdx]) -> Link {
    let mut is_from = vec![false; tt.n_stops];
    let mut is_to = vec![false; tt.n_stops];
    from.iter().for_each(|s| is_from[s.ix()] = true);
    to.iter().for_each(|s| is_to[s.ix()] = true);
    let mut times = Vec::new();
    for p in 0..tt.n_patterns() {
        let p = crate::timetable::PatternIdx(p as u32);
        let range = tt.pattern_range(p);
        let stops = &tt.pattern_stops[range.clone()];
        let pickup = &tt.pattern_pickup[range.clone()];
        let drop = &tt.pattern_drop_off[range];
        // The first boarding position that has a later alighting position at a `to` stop.
        let last_to = (0..stops.len()).rev().find(|&j| is_to[stops[j].ix()] && drop[j]);
        let Some(last_to) = last_to else { continue };
        let Some(board) = (0..last_to).find(|&i| is_from[stops[i].ix()] && pickup[i]) else { continue };
        for t in tt.pattern_trips(p) {
            if tt.trip_day[t as usize] == ServiceDay::Today {
                times.push(tt.trip_dep(TripIdx(t))[board]);
            }
        }
    }
    times.sort_unstable();
    let mut per_hour = vec![0u32; 24];
    for &t in &times {
        per_hour[((t / 3600) as usize).min(23)] += 1;
    }
    Link { departures: times.len(), first: times.first().copied(), last: times.last().copied(), per_hour }
}
