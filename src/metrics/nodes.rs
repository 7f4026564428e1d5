//! Links between places: how many trips of the service day leave one place (any of its stops)
//! and later call at another, and the first and last of them — the "departures towards the
//! regional core" of the TFP's strategic nodes; and the departures with a journey of one ride
//! to a place, as the router finds them ("direct departures to Räppe").

use serde::Serialize;

use crate::router::{Raptor, RouterConfig, UNREACHED};
use crate::timetable::{IdxVec, ServiceDay, StopIdx, Timetable};

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
    let mut is_from: IdxVec<StopIdx, bool> = IdxVec::filled(tt.n_stops(), false);
    let mut is_to: IdxVec<StopIdx, bool> = IdxVec::filled(tt.n_stops(), false);
    from.iter().filter(|s| s.ix() < tt.n_stops()).for_each(|&s| is_from[s] = true);
    to.iter().filter(|s| s.ix() < tt.n_stops()).for_each(|&s| is_to[s] = true);
    let mut times = Vec::new();
    for p in tt.patterns() {
        let calls = tt.calls(p);
        // The first boarding position that has a later alighting position at a `to` stop.
        let last_to = calls.iter().rposition(|c| is_to[c.stop()] && c.drop_off());
        let Some(last_to) = last_to else { continue };
        let Some(board) = calls[..last_to].iter().position(|c| is_from[c.stop()] && c.pickup()) else { continue };
        for t in tt.trips_of(p) {
            if tt.trip_day(t) == ServiceDay::Today {
                times.push(tt.trip_dep(t)[board]);
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

/// Departures of the service day from any stop in `from` with a journey of exactly one ride that
/// reaches a place, found by the router itself: a range query with at most one ride over every
/// minute from the first to the last of today's departures at `from`, the place being reached
/// from a stop `(s, walk)` of `to` at `ride arrival at s + walk`. Each distinct arrival at the
/// place is one departure, at the latest minute that still makes it: a departure counts when no
/// later one-ride departure arrives as early (so a trip overtaken by a faster one does not), and
/// two trips arriving at the same second count once. Journeys on foot alone do not count.
pub fn one_ride_departures(tt: &Timetable, from: &[StopIdx], to: &[(StopIdx, u32)], cfg: RouterConfig) -> Link {
    let mut deps: Vec<u32> = Vec::new();
    for &s in from.iter().filter(|s| s.ix() < tt.n_stops()) {
        for sp in tt.stop_patterns(s) {
            if !tt.calls(sp.pattern)[sp.pos as usize].pickup() {
                continue;
            }
            for t in tt.trips_of(sp.pattern).filter(|&t| tt.trip_day(t) == ServiceDay::Today) {
                deps.push(tt.trip_dep(t)[sp.pos as usize]);
            }
        }
    }
    let (Some(&first), Some(&last)) = (deps.iter().min(), deps.iter().max()) else { return Link::default() };
    if to.is_empty() {
        return Link::default();
    }
    let (start, end) = (first / 60 * 60, last / 60 * 60);
    let origins: Vec<(StopIdx, u32)> = from.iter().map(|&s| (s, 0)).collect();
    let mut raptor = Raptor::new(tt, RouterConfig { max_rounds: 1, ..cfg });
    // Minutes come latest first; a new departure starts wherever the arrival improves.
    let mut times = Vec::new();
    let mut later = UNREACHED;
    raptor.range(&origins, false, start, end, 60, |m, ride, _| {
        let a = to.iter().map(|&(s, w)| ride.get(s.ix()).map_or(UNREACHED, |r| r.saturating_add(w))).min();
        let a = a.unwrap_or(UNREACHED);
        if a < later {
            times.push(m);
            later = a;
        }
    });
    times.sort_unstable();
    let mut per_hour = vec![0u32; 24];
    for &t in &times {
        per_hour[((t / 3600) as usize).min(23)] += 1;
    }
    Link { departures: times.len(), first: times.first().copied(), last: times.last().copied(), per_hour }
}
