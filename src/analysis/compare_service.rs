//! The service side of a comparison: per stop, per route and per municipality, what runs on each
//! side's date (departures, first and last departure, routes, runs, vehicle-hours and -km), which
//! stops and routes appear, disappear or change, and how many people each change touches.
//!
//! Stops and routes are matched between the sides by `stop_id` and `route_id` (two Trafiklab
//! downloads keep them; a renumbered id shows as one removed and one added). "People affected":
//! for a stop, the population within 400 m of it (area-weighted, the stop table's `pop_400`,
//! as the report's stop tables); for a route, the population within 400 m of any stop it calls
//! at on either side — each grid cell weighted by the largest share of it inside one stop's
//! 400 m disk (so a cell near two stops counts once; overlapping disks within one cell make it a
//! slight undercount).
//! Reads the feeds (allowed in analysis); never imports `report` or `cli`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::compare::{Change, change, round1};
use crate::date::{Date, fmt_hm};
use crate::feed::Feed;
use crate::metrics::stops::{Catchment, StopTable, disk_rect_area};
use crate::scenario::cost::{RouteCost, route_costs};
use crate::spatial::{Cell, PointIndex, Xy, to_sweref};

/// The catchment of "people affected", metres.
pub const AFFECTED_RADIUS_M: f64 = 400.0;

/// One side's service: its feed, date and stop table (rows of that feed).
pub struct ServiceSide<'a> {
    pub feed: &'a Feed,
    pub date: Date,
    pub stops: &'a StopTable,
}

/// How a stop or route differs between the sides.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Runs after, not before.
    Added,
    /// Ran before, not after.
    Removed,
    /// Runs on both sides, differently.
    Changed,
}

/// A stop whose service changed: `[before, after]` pairs.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StopChange {
    pub stop_id: String,
    pub name: String,
    pub municipality: Option<String>,
    pub status: Status,
    pub departures: [u32; 2],
    pub routes: [u32; 2],
    pub first: [Option<String>; 2],
    pub last: [Option<String>; 2],
    /// Population within [`AFFECTED_RADIUS_M`] (area-weighted), rounded.
    pub people: u64,
    pub lat: f64,
    pub lon: f64,
}

/// A route whose service changed: runs on the day, vehicle-hours and -km, stops served.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RouteChange {
    pub route_id: String,
    pub name: String,
    pub status: Status,
    pub runs: [usize; 2],
    pub vehicle_hours: [f64; 2],
    pub vehicle_km: [f64; 2],
    pub stops: [usize; 2],
    /// Population within [`AFFECTED_RADIUS_M`] of any of its stops (either side; see the module doc).
    pub people: u64,
}

/// Service in one municipality (or the county): departures from its stops, stops with
/// departures, routes calling there, and the day's first and last departure.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AreaService {
    pub area: String,
    pub departures: Change,
    pub stops_served: Change,
    pub routes: Change,
    pub first: [Option<String>; 2],
    pub last: [Option<String>; 2],
}

/// The service part of a comparison.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ServiceChanges {
    /// Municipalities in region order, then the county.
    pub areas: Vec<AreaService>,
    /// Changed stops, most people affected first (ties by stop_id).
    pub stops: Vec<StopChange>,
    /// Changed routes, most people affected first (ties by route_id).
    pub routes: Vec<RouteChange>,
    /// Stops with departures: [before, after]; and of them added / removed / changed.
    pub stops_served: [usize; 2],
    pub stops_added: usize,
    pub stops_removed: usize,
    pub stops_changed: usize,
    pub routes_running: [usize; 2],
    pub routes_added: usize,
    pub routes_removed: usize,
    pub routes_changed: usize,
}

/// A stop's service on one side.
#[derive(Clone, Debug, Default)]
struct StopSvc {
    name: String,
    xy: Xy,
    lat: f64,
    lon: f64,
    departures: u32,
    routes: u32,
    first: Option<u32>,
    last: Option<u32>,
    pop: f64,
}

/// Stops with departures on a side, by stop_id.
fn stop_service(s: &ServiceSide) -> BTreeMap<String, StopSvc> {
    let mut out = BTreeMap::new();
    for r in &s.stops.rows {
        let Some(st) = s.feed.stops.get(r.stop.ix()) else { continue };
        if r.departures == 0 {
            continue;
        }
        out.insert(
            st.id.to_string(),
            StopSvc {
                name: st.name.to_string(),
                xy: r.xy,
                lat: st.lat,
                lon: st.lon,
                departures: r.departures,
                routes: r.routes,
                first: r.first_departure,
                last: r.last_departure,
                pop: r.pop.as_ref().and_then(|p| p.first().copied()).unwrap_or(0.0),
            },
        );
    }
    out
}

/// Per route_id: the stop_ids its trips call at on the side's date.
fn route_stops(s: &ServiceSide) -> BTreeMap<String, BTreeSet<String>> {
    let active = s.feed.active_services(s.date);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (t, tr) in s.feed.trips.iter().enumerate() {
        if !active.get(tr.service as usize).copied().unwrap_or(false) {
            continue;
        }
        let Some(route) = s.feed.routes.get(tr.route as usize) else { continue };
        let set = out.entry(route.id.to_string()).or_default();
        for c in s.feed.trip_calls(t) {
            if let Some(st) = s.feed.stops.get(c.stop as usize) {
                set.insert(st.id.to_string());
            }
        }
    }
    out
}

/// Before, after and what changed, per stop, route and municipality. `cells` and `names` are the
/// study's (the same on both sides).
pub fn service_changes(b: &ServiceSide, a: &ServiceSide, cells: &[Cell], names: &[String]) -> ServiceChanges {
    let catchment = Catchment::new(cells);
    let (sb, sa) = (stop_service(b), stop_service(a));
    let muni = |xy: Xy| catchment.municipality_at(xy);
    let stops = stop_changes(&sb, &sa, &|xy| muni(xy).and_then(|m| names.get(m as usize).cloned()));
    let (rb, ra) = (route_stops(b), route_stops(a));
    let routes = route_changes(b, a, (&rb, &ra), (&sb, &sa), cells);
    let mut areas: Vec<AreaService> = (0..names.len())
        .map(|m| area_service(&names[m], (&sb, &sa), (&rb, &ra), &|xy| muni(xy) == Some(m as u16)))
        .collect();
    areas.push(area_service("", (&sb, &sa), (&rb, &ra), &|_| true));
    let count = |st: Status| stops.iter().filter(|s| s.status == st).count();
    let rcount = |st: Status| routes.iter().filter(|s| s.status == st).count();
    ServiceChanges {
        stops_served: [sb.len(), sa.len()],
        stops_added: count(Status::Added),
        stops_removed: count(Status::Removed),
        stops_changed: count(Status::Changed),
        routes_running: [rb.len(), ra.len()],
        routes_added: rcount(Status::Added),
        routes_removed: rcount(Status::Removed),
        routes_changed: rcount(Status::Changed),
        areas,
        stops,
        routes,
    }
}

fn status(before: bool, after: bool) -> Status {
    match (before, after) {
        (false, _) => Status::Added,
        (_, false) => Status::Removed,
        _ => Status::Changed,
    }
}

fn stop_changes(
    sb: &BTreeMap<String, StopSvc>,
    sa: &BTreeMap<String, StopSvc>,
    muni: &dyn Fn(Xy) -> Option<String>,
) -> Vec<StopChange> {
    let ids: BTreeSet<&String> = sb.keys().chain(sa.keys()).collect();
    let none = StopSvc::default();
    let mut out: Vec<StopChange> = ids
        .into_iter()
        .filter_map(|id| {
            let (x, y) = (sb.get(id), sa.get(id));
            let (p, q) = (x.unwrap_or(&none), y.unwrap_or(&none));
            let same = (p.departures, p.routes, p.first, p.last) == (q.departures, q.routes, q.first, q.last);
            if x.is_some() && y.is_some() && same {
                return None;
            }
            let s = y.or(x)?;
            Some(StopChange {
                stop_id: id.clone(),
                name: s.name.clone(),
                municipality: muni(s.xy),
                status: status(x.is_some(), y.is_some()),
                departures: [p.departures, q.departures],
                routes: [p.routes, q.routes],
                first: [p.first.map(fmt_hm), q.first.map(fmt_hm)],
                last: [p.last.map(fmt_hm), q.last.map(fmt_hm)],
                people: p.pop.max(q.pop).round() as u64,
                lat: s.lat,
                lon: s.lon,
            })
        })
        .collect();
    out.sort_by(|a, b| b.people.cmp(&a.people).then_with(|| a.stop_id.cmp(&b.stop_id)));
    out
}

type RouteStops = BTreeMap<String, BTreeSet<String>>;

fn route_changes(
    b: &ServiceSide,
    a: &ServiceSide,
    (rb, ra): (&RouteStops, &RouteStops),
    (sb, sa): (&BTreeMap<String, StopSvc>, &BTreeMap<String, StopSvc>),
    cells: &[Cell],
) -> Vec<RouteChange> {
    let (cb, ca) = (route_costs(b.feed, b.date), route_costs(a.feed, a.date));
    let index = PointIndex::new(cells.iter().enumerate().map(|(i, c)| (c.centroid(), i as u32)));
    let half_diag = cells.iter().map(|c| c.size_m * std::f64::consts::FRAC_1_SQRT_2).fold(0.0, f64::max);
    let xy_of = |id: &str| {
        sa.get(id).or(sb.get(id)).map(|s| s.xy).or_else(|| {
            let f = |feed: &Feed| feed.stops.iter().find(|s| s.id == id).map(|s| to_sweref(s.lat, s.lon));
            f(a.feed).or_else(|| f(b.feed))
        })
    };
    let ids: BTreeSet<&str> = cb.iter().chain(&ca).map(|r| r.route_id.as_str()).collect();
    let empty = BTreeSet::new();
    let mut out: Vec<RouteChange> = ids
        .into_iter()
        .filter_map(|id| {
            let (x, y) = (cb.iter().find(|r| r.route_id == id), ca.iter().find(|r| r.route_id == id));
            let (sx, sy) = (rb.get(id).unwrap_or(&empty), ra.get(id).unwrap_or(&empty));
            let val = |r: Option<&RouteCost>| r.map_or((0, 0.0, 0.0), |r| (r.runs, r.vehicle_hours, r.vehicle_km));
            let (p, q) = (val(x), val(y));
            let same = p.0 == q.0 && (p.1 - q.1).abs() < 1e-6 && (p.2 - q.2).abs() < 1e-6 && sx == sy;
            if x.is_some() && y.is_some() && same {
                return None;
            }
            // Per cell, the largest share of it inside any stop's disk.
            let mut share: BTreeMap<u32, f64> = BTreeMap::new();
            for s in sx.union(sy) {
                let Some(p) = xy_of(s) else { continue };
                for (i, _) in index.within(p, AFFECTED_RADIUS_M + half_diag) {
                    let c = &cells[i as usize];
                    let area = c.size_m * c.size_m;
                    if area <= 0.0 {
                        continue;
                    }
                    let f = (disk_rect_area(p, AFFECTED_RADIUS_M, c.x, c.y, c.x + c.size_m, c.y + c.size_m) / area)
                        .min(1.0);
                    let e = share.entry(i).or_insert(0.0);
                    *e = e.max(f);
                }
            }
            let people: f64 = share.iter().map(|(&i, f)| cells[i as usize].population as f64 * f).sum();
            Some(RouteChange {
                route_id: id.to_string(),
                name: y.or(x).map_or(id.to_string(), |r| r.name.clone()),
                status: status(x.is_some(), y.is_some()),
                runs: [p.0, q.0],
                vehicle_hours: [round2(p.1), round2(q.1)],
                vehicle_km: [round1(p.2), round1(q.2)],
                stops: [sx.len(), sy.len()],
                people: people.round() as u64,
            })
        })
        .collect();
    out.sort_by(|a, b| b.people.cmp(&a.people).then_with(|| a.route_id.cmp(&b.route_id)));
    out
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn area_service(
    name: &str,
    (sb, sa): (&BTreeMap<String, StopSvc>, &BTreeMap<String, StopSvc>),
    (rb, ra): (&RouteStops, &RouteStops),
    inside: &dyn Fn(Xy) -> bool,
) -> AreaService {
    let side = |s: &BTreeMap<String, StopSvc>, r: &RouteStops| {
        let here: BTreeMap<&String, &StopSvc> = s.iter().filter(|(_, v)| inside(v.xy)).collect();
        let deps: u64 = here.values().map(|v| v.departures as u64).sum();
        let routes = r.values().filter(|stops| stops.iter().any(|id| here.contains_key(id))).count();
        let first = here.values().filter_map(|v| v.first).min();
        let last = here.values().filter_map(|v| v.last).max();
        (deps as f64, here.len() as f64, routes as f64, first.map(fmt_hm), last.map(fmt_hm))
    };
    let (x, y) = (side(sb, rb), side(sa, ra));
    AreaService {
        area: name.to_string(),
        departures: change("departures", Some(x.0), Some(y.0)),
        stops_served: change("stops_served", Some(x.1), Some(y.1)),
        routes: change("routes", Some(x.2), Some(y.2)),
        first: [x.3, y.3],
        last: [x.4, y.4],
    }
}
