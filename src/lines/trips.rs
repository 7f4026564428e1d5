//! Lines to trips: each `[[line]]` becomes a route, its services, trips with stop times (or
//! frequency templates) and its demand-responsive area. Part of the line-definition generator
//! ([`super::build`]); it must not depend on anything past `date`, `spatial` and `gtfs_write`.

use std::collections::{BTreeMap, BTreeSet};

use super::build::{StopRec, check_coords, parse_date};
use super::*;
use crate::date::{Date, fmt_time, parse_time};
use crate::spatial::to_sweref;

/// What makes a service: day types (bits 1 weekday, 2 Saturday, 4 Sunday), school days only,
/// and its own removed and added dates.
pub(super) struct SvcKey {
    pub(super) days: u8,
    pub(super) school: bool,
    pub(super) except: Vec<Date>,
    pub(super) also: Vec<Date>,
}

/// The service id part for a set of day types.
fn day_code(days: u8) -> &'static str {
    match days {
        1 => "WD",
        2 => "SA",
        4 => "SU",
        3 => "WDSA",
        5 => "WDSU",
        6 => "SASU",
        _ => "ALL",
    }
}

/// The rows generated from the lines.
#[derive(Default)]
pub(super) struct LineRows {
    pub(super) routes: Vec<Vec<String>>,
    pub(super) trips: Vec<Vec<String>>,
    /// (trip id, position, row): sorted by trip and position before writing.
    pub(super) stop_times: Vec<(String, u32, Vec<String>)>,
    pub(super) freqs: Vec<Vec<String>>,
    pub(super) services: BTreeMap<String, SvcKey>,
    pub(super) areas: Vec<serde_json::Value>,
    pub(super) trip_ids: BTreeSet<String>,
}

/// A line's stops resolved: ids in outbound order, run time to each stop from the one before
/// (seconds), and per stop the dwell and the pickup and drop-off codes.
struct LineShape<'a> {
    ids: Vec<&'a str>,
    seg: Vec<f64>,
    dwell: Vec<f64>,
    pick: Vec<u8>,
    drop: Vec<u8>,
}

/// A headway service: first and last departure and the headway, in seconds.
type Headway = (u32, u32, u32);

/// One `[[line.service]]` checked: its key for messages, service id, departures (or the
/// frequency template's headway), and the part of the line it runs (`i0..=i1`).
struct ServiceRuns {
    sk: String,
    sid: String,
    deps: Vec<u32>,
    headway: Option<Headway>,
    as_template: bool,
    i0: usize,
    i1: usize,
    part: bool,
}

impl LineRows {
    /// One line: its route, area, services, trips and stop times.
    pub(super) fn add_line(
        &mut self,
        src: &str,
        l: &LineDef,
        agencies: &BTreeMap<&str, &AgencyDef>,
        stops: &mut BTreeMap<String, StopRec>,
    ) -> Result<(), LinesError> {
        let lk = format!("line[{}]", l.id);
        if !agencies.contains_key(l.agency.as_str()) {
            return Err(LinesError::at(src, format!("{lk}.agency"), format!("unknown agency '{}'", l.agency)));
        }
        if l.stops.len() < 2 {
            return Err(LinesError::at(src, format!("{lk}.stops"), "a line needs at least two stops"));
        }
        let shape = line_shape(src, &lk, l, stops)?;
        self.routes.push(vec![
            l.id.clone(),
            l.agency.clone(),
            l.short_name.clone(),
            l.long_name.clone(),
            l.mode.route_type().to_string(),
            l.color.clone().unwrap_or_default(),
        ]);
        if let Some(a) = &l.area {
            self.areas.push(area_feature(src, &lk, l, a)?);
        }
        for (si, sv) in l.service.iter().enumerate() {
            let sk = format!("{lk}.service[{si}]");
            let runs = self.add_service(src, &sk, l, si, sv, &shape.ids)?;
            let mut dirs: Vec<u8> = Vec::new();
            if sv.direction != Direction::Inbound {
                dirs.push(0);
            }
            if sv.direction != Direction::Outbound && l.reverse {
                dirs.push(1);
            }
            if sv.direction == Direction::Inbound && !l.reverse {
                return Err(LinesError::at(
                    src,
                    format!("{sk}.direction"),
                    "inbound service on a line with reverse = false",
                ));
            }
            for dir in dirs {
                self.add_runs(src, l, &shape, &runs, dir, stops)?;
            }
        }
        if l.service.is_empty() {
            return Err(LinesError::at(src, format!("{lk}.service"), "a line needs at least one [[line.service]]"));
        }
        Ok(())
    }

    /// Checks a `[[line.service]]`, registers its service id and says which runs it makes.
    fn add_service(
        &mut self,
        src: &str,
        sk: &str,
        l: &LineDef,
        si: usize,
        sv: &ServiceDef,
        ids: &[&str],
    ) -> Result<ServiceRuns, LinesError> {
        if sv.days.is_empty() {
            return Err(LinesError::at(src, format!("{sk}.days"), "give at least one of weekday, saturday, sunday"));
        }
        let days = sv.days.iter().fold(0u8, |m, d| m | d.bit());
        let mut except = Vec::new();
        for (k, s) in sv.except.iter().enumerate() {
            except.push(parse_date(src, &format!("{sk}.except[{k}]"), s)?);
        }
        let mut also = Vec::new();
        for (k, s) in sv.also.iter().enumerate() {
            also.push(parse_date(src, &format!("{sk}.also[{k}]"), s)?);
        }
        except.sort();
        also.sort();
        let mut sid = format!("{}{}", day_code(days), if sv.school_days_only { "_SKOL" } else { "" });
        if !except.is_empty() || !also.is_empty() {
            sid = format!("{sid}_{}_{si}", l.id);
        }
        self.services.entry(sid.clone()).or_insert(SvcKey { days, school: sv.school_days_only, except, also });
        let (mut deps, headway) = departures(src, sk, sv)?;
        let as_template = l.frequency && headway.is_some();
        if let (Some((a, b, h)), false) = (headway, as_template) {
            let mut t = a;
            while t <= b {
                deps.push(t);
                t += h;
            }
        }
        deps.sort();
        // Part-line runs.
        let pos = |id: &Option<String>, key: &str, dflt: usize| match id {
            None => Ok(dflt),
            Some(id) => ids
                .iter()
                .position(|x| x == id)
                .ok_or_else(|| LinesError::at(src, format!("{sk}.{key}"), format!("stop '{id}' is not on this line"))),
        };
        let i0 = pos(&sv.from, "from", 0)?;
        let i1 = pos(&sv.to, "to", ids.len() - 1)?;
        if i1 <= i0 {
            return Err(LinesError::at(
                src,
                format!("{sk}.to"),
                "`to` must come after `from` in the line's stop order",
            ));
        }
        let part = sv.from.is_some() || sv.to.is_some();
        Ok(ServiceRuns { sk: sk.to_string(), sid, deps, headway, as_template, i0, i1, part })
    }

    /// The trips of one service in one direction, with their stop times (and frequencies rows
    /// for a frequency template).
    fn add_runs(
        &mut self,
        src: &str,
        l: &LineDef,
        shape: &LineShape,
        runs: &ServiceRuns,
        dir: u8,
        stops: &BTreeMap<String, StopRec>,
    ) -> Result<(), LinesError> {
        let ids = &shape.ids;
        let (i0, i1) = (runs.i0, runs.i1);
        // Stop order for this direction (indices into the line's stops).
        let order: Vec<usize> = if dir == 0 { (i0..=i1).collect() } else { (i0..=i1).rev().collect() };
        // Exact offsets from the first departure.
        let mut offs: Vec<(f64, f64)> = Vec::with_capacity(order.len());
        let mut t = 0.0f64;
        for (j, &k) in order.iter().enumerate() {
            if j > 0 {
                let prev = order[j - 1];
                t += shape.seg[prev.max(k)];
            }
            let last = j + 1 == order.len();
            let dw = if j == 0 || last { 0.0 } else { shape.dwell[k] };
            offs.push((t, t + dw));
            t += dw;
        }
        let headsign = stops.get(ids[*order.last().unwrap_or(&0)]).map_or(String::new(), |r| r.def.name.clone());
        let starts: Vec<u32> = if runs.as_template {
            runs.headway.map(|(a, _, _)| vec![a]).unwrap_or_default()
        } else {
            runs.deps.clone()
        };
        for d0 in starts {
            let mut tid = format!(
                "{}-{}-{}-{}",
                l.id,
                if dir == 0 { "o" } else { "i" },
                runs.sid,
                fmt_time(d0).replace(':', "").get(0..4).unwrap_or("")
            );
            if runs.part {
                tid = format!("{tid}-{}-{}", ids[i0], ids[i1]);
            }
            if !self.trip_ids.insert(tid.clone()) {
                return Err(LinesError::at(
                    src,
                    format!("{}.departures", runs.sk),
                    format!("departure {} is listed twice", fmt_time(d0)),
                ));
            }
            let wheelchair = match l.wheelchair {
                Some(true) => "1",
                Some(false) => "2",
                None => "",
            };
            self.trips.push(vec![
                l.id.clone(),
                runs.sid.clone(),
                tid.clone(),
                headsign.clone(),
                dir.to_string(),
                wheelchair.into(),
            ]);
            let mut prev_dep = 0u32;
            for (j, (&k, &(a, b))) in order.iter().zip(&offs).enumerate() {
                let arr = (d0 + round_min(a)).max(prev_dep);
                let dep = (d0 + round_min(b)).max(arr);
                prev_dep = dep;
                let first = j == 0;
                let last = j + 1 == order.len();
                self.stop_times.push((
                    tid.clone(),
                    j as u32,
                    vec![
                        tid.clone(),
                        fmt_time(arr),
                        fmt_time(dep),
                        ids[k].to_string(),
                        (j + 1).to_string(),
                        if last { 1 } else { shape.pick[k] }.to_string(),
                        if first { 1 } else { shape.drop[k] }.to_string(),
                    ],
                ));
            }
            if let (true, Some((a, b, h))) = (runs.as_template, runs.headway) {
                self.freqs.push(vec![tid.clone(), fmt_time(a), fmt_time(b + h), h.to_string(), "1".into()]);
            }
        }
        Ok(())
    }
}

/// Resolves a line's stops (marking them used) and its run times, dwells and boarding codes.
fn line_shape<'a>(
    src: &str,
    lk: &str,
    l: &'a LineDef,
    stops: &mut BTreeMap<String, StopRec>,
) -> Result<LineShape<'a>, LinesError> {
    let mut ids: Vec<&str> = Vec::with_capacity(l.stops.len());
    let mut xy = Vec::with_capacity(l.stops.len());
    for (k, s) in l.stops.iter().enumerate() {
        let Some(r) = stops.get_mut(&s.id) else {
            return Err(LinesError::at(
                src,
                format!("{lk}.stops[{k}].id"),
                format!("unknown stop '{}' (define it with name, lat, lon)", s.id),
            ));
        };
        if r.def.station {
            return Err(LinesError::at(
                src,
                format!("{lk}.stops[{k}].id"),
                format!("'{}' is a station; a line calls at one of its platforms", s.id),
            ));
        }
        r.used = true;
        ids.push(&s.id);
        xy.push(to_sweref(r.def.lat, r.def.lon));
    }
    // Segment run times (outbound), seconds as f64.
    let factor = l.road_factor.unwrap_or(1.3);
    let mut seg = vec![0.0f64; l.stops.len()];
    for k in 1..l.stops.len() {
        seg[k] = match (l.stops[k].min, l.speed_kmh) {
            (Some(m), _) if m >= 0.0 && m.is_finite() => m * 60.0,
            (Some(m), _) => {
                return Err(LinesError::at(
                    src,
                    format!("{lk}.stops[{k}].min"),
                    format!("run time {m} must be a non-negative number of minutes"),
                ));
            }
            (None, Some(v)) if v > 0.0 && v.is_finite() => xy[k - 1].dist(xy[k]) * factor / (v / 3.6),
            (None, _) => {
                return Err(LinesError::at(
                    src,
                    format!("{lk}.stops[{k}].min"),
                    "no run time: give `min` for this segment or a positive `speed_kmh` for the line",
                ));
            }
        };
    }
    let dwell = l.stops.iter().map(|s| s.dwell_s.or(l.dwell_s).unwrap_or(0) as f64).collect();
    let pick = l.stops.iter().map(|s| s.pickup.or(l.pickup).unwrap_or_default().code()).collect();
    let drop = l.stops.iter().map(|s| s.drop_off.or(l.drop_off).unwrap_or_default().code()).collect();
    Ok(LineShape { ids, seg, dwell, pick, drop })
}

/// A demand-responsive area as a `locations.geojson` feature.
fn area_feature(src: &str, lk: &str, l: &LineDef, a: &AreaDef) -> Result<serde_json::Value, LinesError> {
    if a.polygon.len() < 3 {
        return Err(LinesError::at(src, format!("{lk}.area.polygon"), "a polygon needs at least three points"));
    }
    let mut ring: Vec<serde_json::Value> = Vec::new();
    for (k, p) in a.polygon.iter().enumerate() {
        check_coords(src, &format!("{lk}.area.polygon[{k}]"), p[1], p[0])?;
        ring.push(serde_json::json!([round6(p[0]), round6(p[1])]));
    }
    if a.polygon.first() != a.polygon.last() {
        ring.push(ring[0].clone());
    }
    Ok(serde_json::json!({
        "type": "Feature",
        "id": format!("{}_area", l.id),
        "properties": {"stop_name": a.name, "zone_type": "narttrafik", "route_id": l.id},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }))
}

/// A service's listed departures and its headway `(first, last, secs)`, if it has one.
fn departures(src: &str, sk: &str, sv: &ServiceDef) -> Result<(Vec<u32>, Option<Headway>), LinesError> {
    let mut deps: Vec<u32> = Vec::new();
    for (k, d) in sv.departures.iter().enumerate() {
        deps.push(parse_time(d).ok_or_else(|| {
            LinesError::at(src, format!("{sk}.departures[{k}]"), format!("'{d}' is not a time (HH:MM)"))
        })?);
    }
    let mut headway: Option<Headway> = None;
    match (&sv.first, &sv.last, sv.headway_min) {
        (None, None, None) => {}
        (Some(a), Some(b), Some(h)) if h > 0 => {
            let t = |s: &String, key: &str| {
                parse_time(s)
                    .ok_or_else(|| LinesError::at(src, format!("{sk}.{key}"), format!("'{s}' is not a time (HH:MM)")))
            };
            let (a, b) = (t(a, "first")?, t(b, "last")?);
            if b < a {
                return Err(LinesError::at(src, format!("{sk}.last"), "last departure is before the first"));
            }
            headway = Some((a, b, h * 60));
        }
        _ => {
            return Err(LinesError::at(
                src,
                format!("{sk}.headway_min"),
                "a headway service needs first, last and a positive headway_min",
            ));
        }
    }
    if deps.is_empty() && headway.is_none() {
        return Err(LinesError::at(
            src,
            format!("{sk}.departures"),
            "no departures: give `departures` or first/last/headway_min",
        ));
    }
    Ok((deps, headway))
}

fn round_min(secs: f64) -> u32 {
    ((secs / 60.0).round() as u32) * 60
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
