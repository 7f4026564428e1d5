//! Turning gtfs-structures' raw rows into the merged [`Feed`], checking references and times.
//!
//! Line numbers are the lines records start on (the header is line 1): one line per record,
//! except in files where the loader recorded otherwise (quoted fields spanning lines, blank lines).

use std::collections::{BTreeMap, HashMap, HashSet};

use gtfs_structures as gs;

use super::model::*;
use super::{FeedError, LoadOptions};
use crate::date::Date;

struct Ctx<'a> {
    shown: String,
    prefix: &'a str,
    lines: &'a BTreeMap<String, Vec<u64>>,
}

impl Ctx<'_> {
    fn file(&self, name: &str) -> String {
        format!("{}/{}", self.shown, name)
    }

    /// The line record `row` (0-based, after the header) of `name` starts on.
    fn line(&self, name: &str, row: usize) -> u64 {
        match self.lines.get(name).and_then(|l| l.get(row)) {
            Some(&l) => l,
            None => row as u64 + 2,
        }
    }

    fn err(&self, name: &str, row: usize, field: &str, msg: impl Into<String>) -> FeedError {
        FeedError::at(self.file(name), self.line(name, row), field, msg)
    }
}

fn take<T>(ctx: &Ctx, name: &str, res: Result<Vec<T>, gs::Error>) -> Result<Vec<T>, FeedError> {
    res.map_err(|e| map_error(ctx, name, e))
}

/// Like [`take`] for a file a feed cannot do without: a header and no rows is an error.
fn take_some<T>(ctx: &Ctx, name: &str, what: &str, res: Result<Vec<T>, gs::Error>) -> Result<Vec<T>, FeedError> {
    let rows = take(ctx, name, res)?;
    if rows.is_empty() {
        return Err(FeedError::new(ctx.file(name), format!("no {what}: the file has a header but no rows")));
    }
    Ok(rows)
}

fn take_opt<T>(ctx: &Ctx, name: &str, res: Option<Result<Vec<T>, gs::Error>>) -> Result<Option<Vec<T>>, FeedError> {
    res.map(|r| take(ctx, name, r)).transpose()
}

fn map_error(ctx: &Ctx, name: &str, e: gs::Error) -> FeedError {
    match e {
        gs::Error::MissingFile(f) => FeedError::new(ctx.file(&f), "required file is missing"),
        gs::Error::CSVError { file_name, source, line_in_error } => {
            // By record, not csv's line count (which lags after CRLF and blank lines).
            let line = source.position().map(|p| match p.record() {
                0 => 1,
                r => ctx.line(&file_name, r as usize - 1),
            });
            let mut field = None;
            let mut message = source.to_string();
            if let csv::ErrorKind::Deserialize { err, .. } = source.kind() {
                message = err.kind().to_string();
                if let (Some(i), Some(le)) = (err.field(), &line_in_error) {
                    field = le.headers.get(i as usize).cloned();
                    if let Some(v) = le.values.get(i as usize) {
                        message = format!("invalid value '{v}': {message}");
                    }
                }
                if let Some(col) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
                    return FeedError {
                        file: ctx.file(&file_name),
                        line: Some(1),
                        field: Some(col.to_string()),
                        message: "required column is missing".into(),
                    };
                }
            }
            FeedError { file: ctx.file(&file_name), line, field, message }
        }
        other => FeedError::new(ctx.file(name), other.to_string()),
    }
}

macro_rules! date_of {
    ($d:expr) => {
        Date::from_ymd($d.year() as i32, $d.month() as u32, $d.day() as u32).unwrap_or(Date(0))
    };
}

/// Gives each id of a namespace a unique name in the merged feed.
fn unique_id(id: &str, taken: &HashSet<String>, prefix: &str, renamed: &mut usize) -> String {
    if taken.contains(id) {
        *renamed += 1;
        format!("{prefix}:{id}")
    } else {
        id.to_string()
    }
}

pub(super) fn merge(
    feed: &mut Feed,
    raw: gs::RawGtfs,
    shown: &str,
    lines: &BTreeMap<String, Vec<u64>>,
    name: &str,
    feed_idx: u16,
    opts: &LoadOptions,
) -> Result<(), FeedError> {
    let ctx = Ctx { shown: shown.to_string(), prefix: name, lines };
    let mut renamed = 0usize;

    // --- feed_info, agencies -------------------------------------------------------------
    let mut source = FeedSource { path: ctx.shown.clone(), name: name.to_string(), ..Default::default() };
    if let Some(info) = take_opt(&ctx, "feed_info.txt", raw.feed_info)?.and_then(|v| v.into_iter().next()) {
        source.publisher = Some(info.name.clone());
        source.version = info.version.clone();
        source.feed_start = info.start_date.map(|d| date_of!(d));
        source.feed_end = info.end_date.map(|d| date_of!(d));
    }
    feed.sources.push(source);

    let agencies = take(&ctx, "agency.txt", raw.agencies)?;
    let taken: HashSet<String> = feed.agencies.iter().map(|a| a.id.clone()).collect();
    let mut agency_ix: HashMap<String, u32> = HashMap::new();
    for (row, a) in agencies.iter().enumerate() {
        let local = a.id.clone().unwrap_or_default();
        if agency_ix.contains_key(&local) {
            return Err(ctx.err("agency.txt", row, "agency_id", format!("duplicate agency_id '{local}'")));
        }
        agency_ix.insert(local.clone(), feed.agencies.len() as u32);
        feed.agencies.push(Agency {
            id: unique_id(&local, &taken, ctx.prefix, &mut renamed),
            name: a.name.clone(),
            feed: feed_idx,
        });
    }

    // --- stops ---------------------------------------------------------------------------
    let stops = take_some(&ctx, "stops.txt", "stops", raw.stops)?;
    let base = feed.stops.len() as u32;
    let taken: HashSet<String> = feed.stops.iter().map(|s| s.id.clone()).collect();
    let mut stop_ix: HashMap<&str, u32> = HashMap::with_capacity(stops.len());
    for (row, s) in stops.iter().enumerate() {
        if s.id.is_empty() {
            return Err(ctx.err("stops.txt", row, "stop_id", "empty stop_id"));
        }
        if stop_ix.insert(s.id.as_str(), base + row as u32).is_some() {
            return Err(ctx.err("stops.txt", row, "stop_id", format!("duplicate stop_id '{}'", s.id)));
        }
    }
    for (row, s) in stops.iter().enumerate() {
        let location_type = match s.location_type {
            gs::LocationType::StopPoint => LocationType::Stop,
            gs::LocationType::StopArea => LocationType::Station,
            gs::LocationType::StationEntrance => LocationType::Entrance,
            gs::LocationType::GenericNode => LocationType::GenericNode,
            gs::LocationType::BoardingArea => LocationType::BoardingArea,
            gs::LocationType::Unknown(v) => {
                return Err(ctx.err(
                    "stops.txt",
                    row,
                    "location_type",
                    format!("unknown location_type {v} (expected 0–4)"),
                ));
            }
        };
        let needs_coords = matches!(location_type, LocationType::Stop | LocationType::Station | LocationType::Entrance);
        let (lat, lon) = match (s.latitude, s.longitude) {
            (Some(lat), Some(lon)) => (lat, lon),
            _ if needs_coords => {
                let field = if s.latitude.is_none() { "stop_lat" } else { "stop_lon" };
                return Err(ctx.err("stops.txt", row, field, format!("stop '{}' has no coordinates", s.id)));
            }
            _ => (f64::NAN, f64::NAN),
        };
        if !lat.is_nan() && !(-90.0..=90.0).contains(&lat) {
            return Err(ctx.err("stops.txt", row, "stop_lat", format!("latitude {lat} is out of range (−90 to 90)")));
        }
        if !lon.is_nan() && !(-180.0..=180.0).contains(&lon) {
            return Err(ctx.err(
                "stops.txt",
                row,
                "stop_lon",
                format!("longitude {lon} is out of range (−180 to 180)"),
            ));
        }
        let parent = match s.parent_station.as_deref().filter(|p| !p.is_empty()) {
            None => None,
            Some(p) => match stop_ix.get(p) {
                Some(&i) => Some(i),
                None => {
                    return Err(ctx.err("stops.txt", row, "parent_station", format!("unknown parent_station '{p}'")));
                }
            },
        };
        let wheelchair_boarding = match s.wheelchair_boarding {
            gs::Availability::InformationNotAvailable => 0,
            gs::Availability::Available => 1,
            gs::Availability::NotAvailable => 2,
            gs::Availability::Unknown(v) => {
                feed.warnings.add("unknown_wheelchair_boarding", || {
                    format!("{}: stop '{}' has wheelchair_boarding {v}", ctx.file("stops.txt"), s.id)
                });
                0
            }
        };
        let name = match s.name.as_deref().filter(|n| !n.is_empty()) {
            Some(n) => n.to_string(),
            None => {
                if location_type == LocationType::Stop {
                    feed.warnings.add("stop_without_name", || format!("{}: stop '{}'", ctx.file("stops.txt"), s.id));
                }
                s.id.clone()
            }
        };
        feed.stops.push(Stop {
            id: unique_id(&s.id, &taken, ctx.prefix, &mut renamed),
            name,
            lat,
            lon,
            location_type,
            parent,
            wheelchair_boarding,
            feed: feed_idx,
        });
    }
    // Inherit wheelchair_boarding from the parent station where the stop leaves it empty.
    for i in base as usize..feed.stops.len() {
        if feed.stops[i].wheelchair_boarding == 0
            && let Some(p) = feed.stops[i].parent
        {
            feed.stops[i].wheelchair_boarding = feed.stops[p as usize].wheelchair_boarding;
        }
    }
    // A stop without coordinates of its own (boarding area, node) takes its parent's.
    for i in base as usize..feed.stops.len() {
        if feed.stops[i].lat.is_nan() {
            match feed.stops[i].parent {
                Some(p) if !feed.stops[p as usize].lat.is_nan() => {
                    feed.stops[i].lat = feed.stops[p as usize].lat;
                    feed.stops[i].lon = feed.stops[p as usize].lon;
                }
                _ => {
                    return Err(ctx.err(
                        "stops.txt",
                        i - base as usize,
                        "stop_lat",
                        format!(
                            "stop '{}' has no coordinates and no parent to take them from",
                            stops[i - base as usize].id
                        ),
                    ));
                }
            }
        }
    }

    // --- routes --------------------------------------------------------------------------
    let routes = take_some(&ctx, "routes.txt", "routes", raw.routes)?;
    let taken: HashSet<String> = feed.routes.iter().map(|r| r.id.clone()).collect();
    let mut route_ix: HashMap<&str, u32> = HashMap::with_capacity(routes.len());
    for (row, r) in routes.iter().enumerate() {
        if route_ix.insert(r.id.as_str(), feed.routes.len() as u32).is_some() {
            return Err(ctx.err("routes.txt", row, "route_id", format!("duplicate route_id '{}'", r.id)));
        }
        let agency = match r.agency_id.as_deref().filter(|a| !a.is_empty()) {
            Some(a) => match agency_ix.get(a) {
                Some(&i) => Some(i),
                None => {
                    return Err(ctx.err("routes.txt", row, "agency_id", format!("unknown agency_id '{a}'")));
                }
            },
            None if agency_ix.len() == 1 => agency_ix.values().next().copied(),
            None => {
                feed.warnings.add("route_without_agency", || format!("{}: route '{}'", ctx.file("routes.txt"), r.id));
                None
            }
        };
        let short_name = r.short_name.clone().unwrap_or_default();
        let long_name = r.long_name.clone().unwrap_or_default();
        if short_name.is_empty() && long_name.is_empty() {
            feed.warnings.add("route_without_name", || format!("{}: route '{}'", ctx.file("routes.txt"), r.id));
        }
        feed.routes.push(Route {
            id: unique_id(&r.id, &taken, ctx.prefix, &mut renamed),
            short_name,
            long_name,
            route_type: route_type_code(r.route_type),
            agency,
            feed: feed_idx,
        });
    }

    // --- services ------------------------------------------------------------------------
    let calendar = take_opt(&ctx, "calendar.txt", raw.calendar)?;
    let calendar_dates = take_opt(&ctx, "calendar_dates.txt", raw.calendar_dates)?;
    if calendar.is_none() && calendar_dates.is_none() {
        return Err(FeedError::new(
            ctx.file("calendar.txt"),
            "required file is missing (a feed needs calendar.txt, calendar_dates.txt or both)",
        ));
    }
    let taken: HashSet<String> = feed.services.iter().map(|s| s.id.clone()).collect();
    let mut service_ix: HashMap<String, u32> = HashMap::new();
    for (row, c) in calendar.iter().flatten().enumerate() {
        if service_ix.contains_key(&c.id) {
            return Err(ctx.err("calendar.txt", row, "service_id", format!("duplicate service_id '{}'", c.id)));
        }
        let (start, end) = (date_of!(c.start_date), date_of!(c.end_date));
        if end < start {
            return Err(ctx.err(
                "calendar.txt",
                row,
                "end_date",
                format!("end_date {end} is before start_date {start}"),
            ));
        }
        let days = [c.monday, c.tuesday, c.wednesday, c.thursday, c.friday, c.saturday, c.sunday];
        let weekdays = days.iter().enumerate().fold(0u8, |m, (i, &on)| if on { m | 1 << i } else { m });
        service_ix.insert(c.id.clone(), feed.services.len() as u32);
        feed.services.push(Service {
            id: unique_id(&c.id, &taken, ctx.prefix, &mut renamed),
            weekdays,
            start: Some(start),
            end: Some(end),
            ..Default::default()
        });
    }
    for cd in calendar_dates.iter().flatten() {
        let i = *service_ix.entry(cd.service_id.clone()).or_insert_with(|| {
            feed.services.push(Service {
                id: unique_id(&cd.service_id, &taken, ctx.prefix, &mut renamed),
                ..Default::default()
            });
            feed.services.len() as u32 - 1
        });
        let d = date_of!(cd.date);
        let s = &mut feed.services[i as usize];
        match cd.exception_type {
            gs::Exception::Added => s.added.push(d),
            gs::Exception::Deleted => s.removed.push(d),
        }
    }
    for s in &mut feed.services {
        s.added.sort();
        s.added.dedup();
        s.removed.sort();
        s.removed.dedup();
    }

    // --- trips ---------------------------------------------------------------------------
    let trips = take_some(&ctx, "trips.txt", "trips", raw.trips)?;
    let trip_base = feed.trips.len() as u32;
    let taken: HashSet<String> = feed.trips.iter().map(|t| t.id.clone()).collect();
    let mut trip_ix: HashMap<&str, u32> = HashMap::with_capacity(trips.len());
    for (row, t) in trips.iter().enumerate() {
        if trip_ix.insert(t.id.as_str(), row as u32).is_some() {
            return Err(ctx.err("trips.txt", row, "trip_id", format!("duplicate trip_id '{}'", t.id)));
        }
        let Some(&route) = route_ix.get(t.route_id.as_str()) else {
            return Err(ctx.err("trips.txt", row, "route_id", format!("unknown route_id '{}'", t.route_id)));
        };
        let Some(&service) = service_ix.get(&t.service_id) else {
            return Err(ctx.err(
                "trips.txt",
                row,
                "service_id",
                format!("unknown service_id '{}' (not in calendar.txt or calendar_dates.txt)", t.service_id),
            ));
        };
        feed.trips.push(Trip {
            id: unique_id(&t.id, &taken, ctx.prefix, &mut renamed),
            route,
            service,
            headsign: t.trip_headsign.clone().unwrap_or_default(),
            direction: t.direction_id.map(|d| match d {
                gs::DirectionType::Outbound => 0,
                gs::DirectionType::Inbound => 1,
            }),
            first_call: 0,
            n_calls: 0,
            first_freq: 0,
            n_freq: 0,
            feed: feed_idx,
        });
    }

    // --- stop_times ----------------------------------------------------------------------
    let stop_times = take_some(&ctx, "stop_times.txt", "stop_times", raw.stop_times)?;
    if stop_times.len() as u64 > opts.max_stop_times {
        return Err(FeedError::new(
            ctx.file("stop_times.txt"),
            format!(
                "{} rows exceed the memory budget of {} stop_times (raise it with --max-stop-times)",
                stop_times.len(),
                opts.max_stop_times
            ),
        ));
    }
    // Bucket rows by trip (counting sort), then order each trip's rows by stop_sequence.
    let mut row_trip = Vec::with_capacity(stop_times.len());
    let mut count = vec![0u32; trips.len() + 1];
    for (row, st) in stop_times.iter().enumerate() {
        let Some(&t) = trip_ix.get(st.trip_id.as_str()) else {
            return Err(ctx.err("stop_times.txt", row, "trip_id", format!("unknown trip_id '{}'", st.trip_id)));
        };
        row_trip.push(t);
        count[t as usize + 1] += 1;
    }
    for i in 1..count.len() {
        count[i] += count[i - 1];
    }
    let mut order = vec![0u32; stop_times.len()];
    let mut fill = count.clone();
    for (row, &t) in row_trip.iter().enumerate() {
        order[fill[t as usize] as usize] = row as u32;
        fill[t as usize] += 1;
    }
    drop(row_trip);
    feed.calls.reserve(stop_times.len());
    let mut interpolated = 0usize;
    let mut stop_has_call = vec![false; stops.len()];
    for t in 0..trips.len() {
        let rows = &mut order[count[t] as usize..count[t + 1] as usize];
        rows.sort_by_key(|&r| stop_times[r as usize].stop_sequence);
        let tr = &mut feed.trips[(trip_base + t as u32) as usize];
        tr.first_call = feed.calls.len() as u32;
        tr.n_calls = rows.len() as u32;
        for (k, &r) in rows.iter().enumerate() {
            let st = &stop_times[r as usize];
            let r = r as usize;
            if k > 0 && stop_times[rows[k - 1] as usize].stop_sequence == st.stop_sequence {
                return Err(ctx.err(
                    "stop_times.txt",
                    r,
                    "stop_sequence",
                    format!("trip '{}' has stop_sequence {} twice", st.trip_id, st.stop_sequence),
                ));
            }
            let Some(&stop) = stop_ix.get(st.stop_id.as_str()) else {
                return Err(ctx.err("stop_times.txt", r, "stop_id", format!("unknown stop_id '{}'", st.stop_id)));
            };
            if feed.stops[stop as usize].location_type == LocationType::Station {
                return Err(ctx.err(
                    "stop_times.txt",
                    r,
                    "stop_id",
                    format!("stop_id '{}' is a station (location_type 1); trips call at its stops", st.stop_id),
                ));
            }
            stop_has_call[(stop - base) as usize] = true;
            let (arr, dep) = match (st.arrival_time, st.departure_time) {
                (Some(a), Some(d)) => (a, d),
                (Some(a), None) => (a, a),
                (None, Some(d)) => (d, d),
                (None, None) if k == 0 || k + 1 == rows.len() => {
                    return Err(ctx.err(
                        "stop_times.txt",
                        r,
                        "arrival_time",
                        format!("trip '{}' has no time at its first or last stop", st.trip_id),
                    ));
                }
                (None, None) => (u32::MAX, u32::MAX),
            };
            if arr != u32::MAX && arr > dep {
                return Err(ctx.err(
                    "stop_times.txt",
                    r,
                    "departure_time",
                    format!(
                        "departure {} is before arrival {}",
                        crate::date::fmt_time(dep),
                        crate::date::fmt_time(arr)
                    ),
                ));
            }
            feed.calls.push(Call {
                stop,
                arrival: arr,
                departure: dep,
                pickup: !matches!(st.pickup_type, gs::PickupDropOffType::NotAvailable),
                drop_off: !matches!(st.drop_off_type, gs::PickupDropOffType::NotAvailable),
            });
        }
        // Interpolate blank times linearly by position between timed calls; check order.
        let calls = &mut feed.calls[tr.first_call as usize..];
        let mut last_timed = 0usize;
        for k in 1..calls.len() {
            if calls[k].arrival == u32::MAX {
                continue;
            }
            if k > last_timed + 1 {
                let (t0, t1) = (calls[last_timed].departure as u64, calls[k].arrival as u64);
                let span = (k - last_timed) as u64;
                for (j, c) in calls.iter_mut().enumerate().take(k).skip(last_timed + 1) {
                    let v = (t0 + (t1.saturating_sub(t0)) * (j - last_timed) as u64 / span) as u32;
                    c.arrival = v;
                    c.departure = v;
                    interpolated += 1;
                }
            }
            last_timed = k;
        }
        for k in 1..calls.len() {
            if calls[k].arrival < calls[k - 1].departure {
                let r = rows[k] as usize;
                return Err(ctx.err(
                    "stop_times.txt",
                    r,
                    "arrival_time",
                    format!(
                        "trip '{}' arrives at {} before it left the previous stop at {}",
                        trips[t].id,
                        crate::date::fmt_time(calls[k].arrival),
                        crate::date::fmt_time(calls[k - 1].departure)
                    ),
                ));
            }
        }
        if tr.n_calls < 2 {
            feed.warnings.add("trip_with_fewer_than_two_calls", || {
                format!("{}: trip '{}'", ctx.file("stop_times.txt"), trips[t].id)
            });
        }
    }
    feed.warnings.add_n("interpolated_times", interpolated, || ctx.file("stop_times.txt"));
    let unused = stops
        .iter()
        .zip(&stop_has_call)
        .filter(|(s, used)| !**used && matches!(s.location_type, gs::LocationType::StopPoint))
        .count();
    feed.warnings.add_n("stop_without_calls", unused, || {
        let s = stops
            .iter()
            .zip(&stop_has_call)
            .find(|(s, used)| !**used && matches!(s.location_type, gs::LocationType::StopPoint));
        format!("{}: stop '{}'", ctx.file("stops.txt"), s.map_or("", |s| s.0.id.as_str()))
    });
    drop(stop_times);

    // --- frequencies ---------------------------------------------------------------------
    if let Some(freqs) = take_opt(&ctx, "frequencies.txt", raw.frequencies)? {
        let mut rows: Vec<(u32, Frequency)> = Vec::with_capacity(freqs.len());
        for (row, f) in freqs.iter().enumerate() {
            let Some(&t) = trip_ix.get(f.trip_id.as_str()) else {
                return Err(ctx.err("frequencies.txt", row, "trip_id", format!("unknown trip_id '{}'", f.trip_id)));
            };
            if f.headway_secs == 0 {
                return Err(ctx.err("frequencies.txt", row, "headway_secs", "headway_secs must be positive"));
            }
            if f.end_time < f.start_time {
                return Err(ctx.err("frequencies.txt", row, "end_time", "end_time is before start_time"));
            }
            let trip = trip_base + t;
            rows.push((
                trip,
                Frequency {
                    trip,
                    start: f.start_time,
                    end: f.end_time,
                    headway: f.headway_secs,
                    exact_times: matches!(f.exact_times, Some(gs::ExactTimes::ScheduleBased)),
                },
            ));
        }
        // The memory budget counts expanded calls too: one frequency row with a 1 s headway
        // over a day stands for 86 400 runs of its trip.
        let mut expanded = feed.calls.len() as u64;
        for (row, (t, f)) in rows.iter().enumerate() {
            let runs = (f.end - f.start).div_ceil(f.headway) as u64;
            expanded += runs * feed.trips[*t as usize].n_calls as u64;
            if expanded > opts.max_stop_times {
                return Err(ctx.err(
                    "frequencies.txt",
                    row,
                    "headway_secs",
                    format!(
                        "the frequencies expand to more than {} stop_times, the memory budget (raise it with --max-stop-times)",
                        opts.max_stop_times
                    ),
                ));
            }
        }
        rows.sort_by_key(|(t, f)| (*t, f.start));
        for (t, f) in rows {
            let tr = &mut feed.trips[t as usize];
            if tr.n_freq == 0 {
                tr.first_freq = feed.frequencies.len() as u32;
            }
            tr.n_freq += 1;
            feed.frequencies.push(f);
        }
    }

    // --- transfers -----------------------------------------------------------------------
    if let Some(transfers) = take_opt(&ctx, "transfers.txt", raw.transfers)? {
        for (row, t) in transfers.iter().enumerate() {
            let look = |id: &str, field: &str| -> Result<u32, FeedError> {
                stop_ix
                    .get(id)
                    .copied()
                    .ok_or_else(|| ctx.err("transfers.txt", row, field, format!("unknown stop id '{id}'")))
            };
            if t.from_stop_id.is_empty() || t.to_stop_id.is_empty() {
                feed.warnings.add("transfer_not_between_stops", || {
                    format!("{}: line {}", ctx.file("transfers.txt"), ctx.line("transfers.txt", row))
                });
                continue;
            }
            let from = look(&t.from_stop_id, "from_stop_id")?;
            let to = look(&t.to_stop_id, "to_stop_id")?;
            let kind = match t.transfer_type {
                gs::TransferType::Recommended => TransferKind::Recommended,
                gs::TransferType::Timed => TransferKind::Timed,
                gs::TransferType::MinTime => TransferKind::MinTime,
                gs::TransferType::Impossible => TransferKind::Forbidden,
                #[allow(unreachable_patterns)]
                _ => {
                    feed.warnings.add("unsupported_transfer_type", || {
                        format!("{}: line {}", ctx.file("transfers.txt"), ctx.line("transfers.txt", row))
                    });
                    continue;
                }
            };
            feed.transfers.push(Transfer { from, to, kind, min_time: t.min_transfer_time });
        }
    }

    feed.warnings.add_n("id_renamed_to_avoid_collision", renamed, || {
        format!("ids of {} prefixed with '{}:'", ctx.shown, ctx.prefix)
    });
    Ok(())
}

fn route_type_code(t: gs::RouteType) -> i32 {
    match t {
        gs::RouteType::Tramway => 0,
        gs::RouteType::Subway => 1,
        gs::RouteType::Rail => 2,
        gs::RouteType::Bus => 3,
        gs::RouteType::Ferry => 4,
        gs::RouteType::CableCar => 5,
        gs::RouteType::Gondola => 6,
        gs::RouteType::Funicular => 7,
        gs::RouteType::Extended(e) => e as i32,
        gs::RouteType::Other(i) => i as i32,
        #[allow(unreachable_patterns)]
        _ => 3,
    }
}
