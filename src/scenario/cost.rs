//! The cost side of a network: vehicle-hours and vehicle-km run on one service day, per route.
//!
//! Vehicle-hours: for every run of a trip on the day (a frequency-based trip counts once per
//! departure), its first departure to its last arrival; layovers and empty running are not
//! counted. Vehicle-km: straight-line distance between consecutive stops (SWEREF 99 TM metres)
//! × a road factor of 1.3 for buses (and other road modes), × 1.0 for rail, tram, metro and
//! ferry, whose tracks and lanes run close to the straight line between stops.

use serde::Serialize;

use crate::date::Date;
use crate::feed::{Feed, Mode};
use crate::spatial::to_sweref;

/// Road factor for buses: straight line × 1.3 ≈ road distance.
pub const BUS_ROAD_FACTOR: f64 = 1.3;

/// One route's service on the day.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RouteCost {
    pub route_id: String,
    pub name: String,
    pub mode: Mode,
    /// Runs on the day (frequency departures counted one by one).
    pub runs: usize,
    pub vehicle_hours: f64,
    pub vehicle_km: f64,
}

/// The distance factor for a mode.
pub fn factor(mode: Mode) -> f64 {
    match mode {
        Mode::Rail | Mode::Tram | Mode::Metro | Mode::Ferry => 1.0,
        Mode::Bus | Mode::Other => BUS_ROAD_FACTOR,
    }
}

/// Per route (in feed order, routes without runs left out): runs, vehicle-hours, vehicle-km on `date`.
pub fn route_costs(feed: &Feed, date: Date) -> Vec<RouteCost> {
    let active = feed.active_services(date);
    let xy: Vec<_> = feed.stops.iter().map(|s| to_sweref(s.lat, s.lon)).collect();
    let mut out: Vec<RouteCost> = feed
        .routes
        .iter()
        .map(|r| RouteCost {
            route_id: r.id.clone(),
            name: r.display_name().to_string(),
            mode: r.mode(),
            runs: 0,
            vehicle_hours: 0.0,
            vehicle_km: 0.0,
        })
        .collect();
    for (t, tr) in feed.trips.iter().enumerate() {
        if !active[tr.service as usize] {
            continue;
        }
        let calls = feed.trip_calls(t);
        let (Some(a), Some(b)) = (calls.first(), calls.last()) else { continue };
        let secs = b.arrival.saturating_sub(a.departure) as f64;
        let rc = &mut out[tr.route as usize];
        let m: f64 = calls.windows(2).map(|w| xy[w[0].stop as usize].dist(xy[w[1].stop as usize])).sum();
        let km = m / 1000.0 * factor(rc.mode);
        let runs = feed.run_shifts(t).len();
        rc.runs += runs;
        rc.vehicle_hours += secs / 3600.0 * runs as f64;
        rc.vehicle_km += km * runs as f64;
    }
    out.retain(|r| r.runs > 0);
    out
}

/// Totals of a list: (runs, vehicle-hours, vehicle-km).
pub fn totals(costs: &[RouteCost]) -> (usize, f64, f64) {
    costs.iter().fold((0, 0.0, 0.0), |a, c| (a.0 + c.runs, a.1 + c.vehicle_hours, a.2 + c.vehicle_km))
}
