//! Turning the records of a feed's files into the merged [`Feed`], checking references and
//! values: one function per file (or pair of files), in the order the files depend on each
//! other. `stop_times.txt` goes through [`super::calls`].

use std::collections::{HashMap, HashSet};

use gtfs_structures as gs;
use rayon::prelude::*;

use super::calls::{self, Refs};
use super::model::*;
use super::source::Files;
use super::stops::StopRec;
use super::tables::{self, Ctx, IdMap, id_map};
use super::trips::TripRec;
use super::{FeedError, LoadOptions};
use crate::date::Date;
use crate::spatial::haversine_m;

macro_rules! date_of {
    ($d:expr) => {
        Date::from_ymd($d.year() as i32, $d.month() as u32, $d.day() as u32).unwrap_or(Date(0))
    };
}

/// Gives each id of a namespace a unique name in the merged feed.
fn unique_id(id: &str, taken: &HashSet<String>, prefix: &str, renamed: &mut usize) -> String {
    if !taken.is_empty() && taken.contains(id) {
        *renamed += 1;
        format!("{prefix}:{id}")
    } else {
        id.to_string()
    }
}

/// [`unique_id`] as a [`Label`], without a `String` in the common case (an id kept as it is).
fn unique_label(id: &str, taken: &HashSet<String>, prefix: &str, renamed: &mut usize) -> Label {
    if !taken.is_empty() && taken.contains(id) { unique_id(id, taken, prefix, renamed).into() } else { Label::new(id) }
}

/// Service ids of one feed to their index in [`Feed::services`].
type ServiceMap = HashMap<String, u32, foldhash::fast::FixedState>;

/// Where one feed goes in the merged [`Feed`]: its index, and how many ids were renamed.
struct Target<'a> {
    feed: &'a mut Feed,
    idx: u16,
    renamed: usize,
    /// Stops of this feed that are an earlier feed's stop: `(index, earlier index)`.
    aliases: Vec<(u32, u32)>,
}

/// Merges one feed's files into `feed`.
pub(super) fn merge(feed: &mut Feed, files: &Files, ctx: &Ctx, idx: u16, opts: &LoadOptions) -> Result<(), FeedError> {
    let mut to = Target { feed, idx, renamed: 0, aliases: Vec::new() };
    let (first_call, first_transfer) = (to.feed.calls.len(), to.feed.transfers.len());
    let (mut held_stops, mut held_routes, mut held_trips) = (None, None, None);
    // `trips.txt` is read (not yet checked) beside the files before it, which do not need it
    // (their merging is mostly serial); errors come in the order the files were always read.
    let (before, trips) = rayon::join(
        || -> Result<_, FeedError> {
            merge_info(&mut to, ctx, files)?;
            let agency_ix = merge_agencies(&mut to, ctx, files)?;
            let stops = super::stops::read(ctx, files, &mut held_stops)?;
            let stop_base = to.feed.stops.len() as u32;
            let stop_ix = merge_stops(&mut to, ctx, &stops)?;
            let routes: &Vec<gs::Route> =
                held_routes.insert(tables::required_rows(ctx, files, "routes.txt", "routes")?);
            let route_ix = merge_routes(&mut to, ctx, routes, &agency_ix)?;
            let service_ix = merge_services(&mut to, ctx, files)?;
            Ok((stops, stop_base, stop_ix, route_ix, service_ix))
        },
        || super::trips::read(ctx, files, &mut held_trips),
    );
    let (stops, stop_base, stop_ix, route_ix, service_ix) = before?;
    let trips = trips?;
    let trip_base = to.feed.trips.len() as u32;
    let trip_ix = merge_trips(&mut to, ctx, &trips, &route_ix, &service_ix)?;
    let refs = Refs { trips: &trips, trip_base, trip_ix: &trip_ix, stops: &stops, stop_base, stop_ix: &stop_ix };
    calls::merge(to.feed, ctx, files, &refs, opts)?;
    merge_frequencies(&mut to, ctx, files, &trip_ix, trip_base, opts)?;
    let transfer_refs = TransferRefs { stops: &stop_ix, routes: &route_ix, trips: &trip_ix, trip_base };
    merge_transfers(&mut to, ctx, files, &transfer_refs)?;
    super::stops::fold_aliases(to.feed, stop_base, first_call, first_transfer, &to.aliases);
    let renamed = to.renamed;
    to.feed.warnings.add_n("id_renamed_to_avoid_collision", renamed, || {
        format!("ids of {} prefixed with '{}:'", ctx.shown, ctx.prefix)
    });
    // gtfs-structures' records (when the fast readings did not take a file) are freed on another
    // thread: the caller need not wait for it.
    let _ = (refs, transfer_refs);
    drop((trip_ix, stop_ix, route_ix, trips, stops));
    rayon::spawn(move || drop((held_trips, held_stops, held_routes)));
    Ok(())
}

/// `feed_info.txt`: who publishes the feed, its version and dates.
fn merge_info(to: &mut Target, ctx: &Ctx, files: &Files) -> Result<(), FeedError> {
    let mut source = FeedSource { path: ctx.shown.clone(), name: ctx.prefix.to_string(), ..Default::default() };
    let info: Option<Vec<gs::FeedInfo>> = tables::optional(ctx, files, "feed_info.txt")?;
    if let Some(info) = info.and_then(|v| v.into_iter().next()) {
        source.publisher = Some(info.name.clone());
        source.version = info.version.clone();
        source.feed_start = info.start_date.map(|d| date_of!(d));
        source.feed_end = info.end_date.map(|d| date_of!(d));
    }
    to.feed.sources.push(source);
    Ok(())
}

/// `agency.txt`; returns the feed's agency ids with their index in [`Feed::agencies`].
fn merge_agencies(to: &mut Target, ctx: &Ctx, files: &Files) -> Result<HashMap<String, u32>, FeedError> {
    let agencies: Vec<gs::Agency> = tables::required(ctx, files, "agency.txt")?;
    let taken: HashSet<String> = to.feed.agencies.iter().map(|a| a.id.clone()).collect();
    let mut agency_ix: HashMap<String, u32> = HashMap::new();
    for (row, a) in agencies.iter().enumerate() {
        let local = a.id.clone().unwrap_or_default();
        if let Some(&first) = agency_ix.get(&local) {
            // The same agency twice (as in real GTFS Regional zips): the first row stands.
            if to.feed.agencies[first as usize].name == a.name {
                to.feed.warnings.add("agency_listed_twice", || {
                    format!("{}, line {}: agency '{local}'", ctx.file("agency.txt"), ctx.line("agency.txt", row))
                });
                continue;
            }
            return Err(ctx.err("agency.txt", row, "agency_id", format!("duplicate agency_id '{local}'")));
        }
        agency_ix.insert(local.clone(), to.feed.agencies.len() as u32);
        let id = unique_id(&local, &taken, ctx.prefix, &mut to.renamed);
        to.feed.agencies.push(Agency { id, name: a.name.clone(), feed: to.idx });
    }
    Ok(agency_ix)
}

/// `stops.txt`; returns the feed's stop ids with their index in [`Feed::stops`]. A stop whose
/// id an earlier feed already has is the same stop when the two lie within [`SAME_STOP_M`]
/// (national ids shared between operators' feeds): it is listed in `to.aliases` and folded into
/// the earlier one once the feed is merged ([`fold_aliases`]). Farther apart, it is kept as
/// `name:id`, with a warning.
fn merge_stops<'s>(to: &mut Target, ctx: &Ctx, stops: &[StopRec<'s>]) -> Result<IdMap<'s>, FeedError> {
    let base = to.feed.stops.len() as u32;
    let earlier: HashMap<String, u32> =
        to.feed.stops.iter().enumerate().map(|(i, s)| (s.id.to_string(), i as u32)).collect();
    let mut stop_ix = id_map(stops.len());
    for (row, s) in stops.iter().enumerate() {
        if s.id.is_empty() {
            return Err(ctx.err("stops.txt", row, "stop_id", "empty stop_id"));
        }
        if stop_ix.insert(s.id.as_bytes(), base + row as u32).is_some() {
            return Err(ctx.err("stops.txt", row, "stop_id", format!("duplicate stop_id '{}'", s.id)));
        }
    }
    for (row, s) in stops.iter().enumerate() {
        let stop = stop(to, ctx, row, s, &stop_ix)?;
        to.feed.stops.push(Stop { id: s.id.into(), ..stop });
    }
    let feed = &mut *to.feed;
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
                    let row = i - base as usize;
                    let msg = format!("stop '{}' has no coordinates and no parent to take them from", stops[row].id);
                    return Err(ctx.err("stops.txt", row, "stop_lat", msg));
                }
            }
        }
    }
    // Ids an earlier feed has: the same stop when near, else kept apart under a new name.
    let (mut merged, mut apart) = (0usize, 0usize);
    let (mut merged_ex, mut apart_ex) = (None, None);
    for i in base as usize..feed.stops.len() {
        let Some(&e) = earlier.get(feed.stops[i].id.as_str()) else { continue };
        let (a, b) = (&feed.stops[e as usize], &feed.stops[i]);
        let d = haversine_m(a.lat, a.lon, b.lat, b.lon);
        if d <= SAME_STOP_M && a.location_type == b.location_type {
            to.aliases.push((i as u32, e));
            merged += 1;
            merged_ex
                .get_or_insert_with(|| format!("stop '{}' of {} is the same stop ({d:.0} m apart)", b.id, ctx.shown));
        } else {
            apart += 1;
            apart_ex.get_or_insert_with(|| {
                format!(
                    "stop '{}' of {} is {} from the earlier stop of that id ('{}'): kept apart as '{}:{}'",
                    b.id,
                    ctx.shown,
                    if d.is_nan() { "of another kind".to_string() } else { format!("{d:.0} m") },
                    a.name,
                    ctx.prefix,
                    b.id
                )
            });
            feed.stops[i].id = format!("{}:{}", ctx.prefix, feed.stops[i].id).into();
        }
    }
    feed.warnings.add_n("stop_merged_across_feeds", merged, || merged_ex.unwrap_or_default());
    feed.warnings.add_n("stop_id_collision_kept_apart", apart, || apart_ex.unwrap_or_default());
    Ok(stop_ix)
}

/// Stops of two feeds with the same id within this distance are one stop (metres).
pub(super) const SAME_STOP_M: f64 = 50.0;

/// One row of `stops.txt`, checked (its id is left empty).
fn stop(to: &mut Target, ctx: &Ctx, row: usize, s: &StopRec, stop_ix: &IdMap) -> Result<Stop, FeedError> {
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
        return Err(ctx.err("stops.txt", row, "stop_lon", format!("longitude {lon} is out of range (−180 to 180)")));
    }
    let parent = match s.parent_station.filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => match stop_ix.get(p.as_bytes()) {
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
            to.feed.warnings.add("unknown_wheelchair_boarding", || {
                format!("{}: stop '{}' has wheelchair_boarding {v}", ctx.file("stops.txt"), s.id)
            });
            0
        }
    };
    let name = match s.name.filter(|n| !n.is_empty()) {
        Some(n) => Label::new(n),
        None => {
            if location_type == LocationType::Stop {
                to.feed.warnings.add("stop_without_name", || format!("{}: stop '{}'", ctx.file("stops.txt"), s.id));
            }
            Label::new(s.id)
        }
    };
    Ok(Stop { id: Label::default(), name, lat, lon, location_type, parent, wheelchair_boarding, feed: to.idx })
}

/// `routes.txt`; returns the feed's route ids with their index in [`Feed::routes`].
fn merge_routes<'r>(
    to: &mut Target,
    ctx: &Ctx,
    routes: &'r [gs::Route],
    agency_ix: &HashMap<String, u32>,
) -> Result<IdMap<'r>, FeedError> {
    let taken: HashSet<String> = to.feed.routes.iter().map(|r| r.id.clone()).collect();
    let mut route_ix = id_map(routes.len());
    for (row, r) in routes.iter().enumerate() {
        if route_ix.insert(r.id.as_bytes(), to.feed.routes.len() as u32).is_some() {
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
                to.feed
                    .warnings
                    .add("route_without_agency", || format!("{}: route '{}'", ctx.file("routes.txt"), r.id));
                None
            }
        };
        let short_name = r.short_name.clone().unwrap_or_default();
        let long_name = r.long_name.clone().unwrap_or_default();
        if short_name.is_empty() && long_name.is_empty() {
            to.feed.warnings.add("route_without_name", || format!("{}: route '{}'", ctx.file("routes.txt"), r.id));
        }
        to.feed.routes.push(Route {
            id: unique_id(&r.id, &taken, ctx.prefix, &mut to.renamed),
            short_name,
            long_name,
            route_type: route_type_code(r.route_type),
            agency,
            feed: to.idx,
        });
    }
    Ok(route_ix)
}

/// `calendar.txt` and `calendar_dates.txt`; returns the feed's service ids with their index in
/// [`Feed::services`].
fn merge_services(to: &mut Target, ctx: &Ctx, files: &Files) -> Result<ServiceMap, FeedError> {
    let calendar: Option<Vec<gs::Calendar>> = tables::optional(ctx, files, "calendar.txt")?;
    let calendar_dates: Option<Vec<gs::CalendarDate>> = tables::optional(ctx, files, "calendar_dates.txt")?;
    if calendar.is_none() && calendar_dates.is_none() {
        return Err(FeedError::new(
            ctx.file("calendar.txt"),
            "required file is missing (a feed needs calendar.txt, calendar_dates.txt or both)",
        ));
    }
    let feed = &mut *to.feed;
    let taken: HashSet<String> = feed.services.iter().map(|s| s.id.clone()).collect();
    let mut service_ix = ServiceMap::default();
    for (row, c) in calendar.iter().flatten().enumerate() {
        if service_ix.contains_key(&c.id) {
            return Err(ctx.err("calendar.txt", row, "service_id", format!("duplicate service_id '{}'", c.id)));
        }
        let (start, end) = (date_of!(c.start_date), date_of!(c.end_date));
        if end < start {
            let msg = format!("end_date {end} is before start_date {start}");
            return Err(ctx.err("calendar.txt", row, "end_date", msg));
        }
        let days = [c.monday, c.tuesday, c.wednesday, c.thursday, c.friday, c.saturday, c.sunday];
        let weekdays = days.iter().enumerate().fold(0u8, |m, (i, &on)| if on { m | 1 << i } else { m });
        service_ix.insert(c.id.clone(), feed.services.len() as u32);
        feed.services.push(Service {
            id: unique_id(&c.id, &taken, ctx.prefix, &mut to.renamed),
            weekdays,
            start: Some(start),
            end: Some(end),
            ..Default::default()
        });
    }
    for cd in calendar_dates.iter().flatten() {
        let i = *service_ix.entry(cd.service_id.clone()).or_insert_with(|| {
            feed.services.push(Service {
                id: unique_id(&cd.service_id, &taken, ctx.prefix, &mut to.renamed),
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
    Ok(service_ix)
}

/// `trips.txt`; returns the feed's trip ids with their row (their index is `row` after the
/// feed's first trip). Calls and frequencies are filled in later.
fn merge_trips<'t>(
    to: &mut Target,
    ctx: &Ctx,
    trips: &[TripRec<'t>],
    route_ix: &IdMap,
    service_ix: &ServiceMap,
) -> Result<IdMap<'t>, FeedError> {
    let taken: HashSet<String> = to.feed.trips.iter().map(|t| t.id.to_string()).collect();
    // The id map (serial: its inserts find duplicates) beside the trip records, built in parallel
    // blocks straight into their places; on any fault, a serial pass finds the first one as
    // before.
    let base = to.feed.trips.len();
    super::split::extend_filled(&mut to.feed.trips, trips.len(), Trip::default());
    let (out, idx) = (&mut to.feed.trips[base..], to.idx);
    let (ids, blocks) = rayon::join(
        || {
            let mut trip_ix = id_map(trips.len());
            let dup =
                trips.iter().enumerate().position(|(row, t)| trip_ix.insert(t.id.as_bytes(), row as u32).is_some());
            (trip_ix, dup)
        },
        || {
            trips
                .par_chunks(TRIP_BLOCK)
                .zip(out.par_chunks_mut(TRIP_BLOCK))
                .map(|(block, out)| trip_block(block, out, ctx, &taken, route_ix, service_ix, idx))
                .collect::<Vec<_>>()
        },
    );
    let (trip_ix, dup) = ids;
    if dup.is_some() || blocks.iter().any(|b| b.faulty) {
        to.feed.trips.truncate(base);
        return Err(first_trip_fault(ctx, trips, route_ix, service_ix));
    }
    for b in blocks {
        to.renamed += b.renamed;
        if let Some((n, example)) = b.unknown_wheelchair {
            to.feed.warnings.add_n("unknown_wheelchair_accessible", n, || example);
        }
    }
    Ok(trip_ix)
}

/// Trips per parallel block of [`merge_trips`].
const TRIP_BLOCK: usize = 8192;

/// What one block of trips found.
struct TripBlock {
    /// An unknown route or service (the trips are then not used).
    faulty: bool,
    renamed: usize,
    /// `unknown_wheelchair_accessible`: count and first example.
    unknown_wheelchair: Option<(usize, String)>,
}

/// Writes the trips of `block` into `out`.
fn trip_block(
    block: &[TripRec],
    out_trips: &mut [Trip],
    ctx: &Ctx,
    taken: &HashSet<String>,
    route_ix: &IdMap,
    service_ix: &ServiceMap,
    feed: u16,
) -> TripBlock {
    let mut out = TripBlock { faulty: false, renamed: 0, unknown_wheelchair: None };
    // One `Label` per distinct headsign in the block, shared by its trips.
    let mut headsigns: HashMap<&str, Label, foldhash::fast::FixedState> = HashMap::default();
    // Trips of one route and service mostly follow each other: the previous trip's are tried
    // first.
    let (mut last_route, mut last_service) = (("", 0u32), ("", 0u32));
    for (t, slot) in block.iter().zip(out_trips) {
        let route = match last_route {
            (id, r) if id == t.route_id && !id.is_empty() => Some(r),
            _ => route_ix.get(t.route_id.as_bytes()).copied(),
        };
        let service = match last_service {
            (id, s) if id == t.service_id && !id.is_empty() => Some(s),
            _ => service_ix.get(t.service_id).copied(),
        };
        let (Some(route), Some(service)) = (route, service) else {
            out.faulty = true;
            return out;
        };
        (last_route, last_service) = ((t.route_id, route), (t.service_id, service));
        *slot = Trip {
            id: unique_label(t.id, taken, ctx.prefix, &mut out.renamed),
            route,
            service,
            headsign: match t.trip_headsign {
                Some(h) if h.len() <= super::label::INLINE => Label::new(h),
                Some(h) => headsigns.entry(h).or_insert_with(|| Label::new(h)).clone(),
                None => Label::default(),
            },
            direction: t.direction_id.map(|d| match d {
                gs::DirectionType::Outbound => 0,
                gs::DirectionType::Inbound => 1,
            }),
            wheelchair: match t.wheelchair_accessible {
                gs::Availability::InformationNotAvailable => 0,
                gs::Availability::Available => 1,
                gs::Availability::NotAvailable => 2,
                gs::Availability::Unknown(v) => {
                    let w = out.unknown_wheelchair.get_or_insert_with(|| {
                        (0, format!("{}: trip '{}' has wheelchair_accessible {v}", ctx.file("trips.txt"), t.id))
                    });
                    w.0 += 1;
                    0
                }
            },
            first_call: 0,
            n_calls: 0,
            first_freq: 0,
            n_freq: 0,
            feed,
        };
    }
    out
}

/// The first fault of `trips.txt` in file order (a repeated id, an unknown route or service).
fn first_trip_fault(ctx: &Ctx, trips: &[TripRec], route_ix: &IdMap, service_ix: &ServiceMap) -> FeedError {
    let mut seen = id_map(trips.len());
    for (row, t) in trips.iter().enumerate() {
        if seen.insert(t.id.as_bytes(), row as u32).is_some() {
            return ctx.err("trips.txt", row, "trip_id", format!("duplicate trip_id '{}'", t.id));
        }
        if !route_ix.contains_key(t.route_id.as_bytes()) {
            return ctx.err("trips.txt", row, "route_id", format!("unknown route_id '{}'", t.route_id));
        }
        if !service_ix.contains_key(t.service_id) {
            let msg = format!("unknown service_id '{}' (not in calendar.txt or calendar_dates.txt)", t.service_id);
            return ctx.err("trips.txt", row, "service_id", msg);
        }
    }
    FeedError::new(ctx.file("trips.txt"), "inconsistent trips")
}

/// `frequencies.txt`, checked against the memory budget once expanded.
fn merge_frequencies(
    to: &mut Target,
    ctx: &Ctx,
    files: &Files,
    trip_ix: &IdMap,
    trip_base: u32,
    opts: &LoadOptions,
) -> Result<(), FeedError> {
    let Some(freqs) = tables::optional::<gs::RawFrequency>(ctx, files, "frequencies.txt")? else {
        return Ok(());
    };
    let feed = &mut *to.feed;
    let mut rows: Vec<(u32, Frequency)> = Vec::with_capacity(freqs.len());
    for (row, f) in freqs.iter().enumerate() {
        let Some(&t) = trip_ix.get(f.trip_id.as_bytes()) else {
            return Err(ctx.err("frequencies.txt", row, "trip_id", format!("unknown trip_id '{}'", f.trip_id)));
        };
        if f.headway_secs == 0 {
            return Err(ctx.err("frequencies.txt", row, "headway_secs", "headway_secs must be positive"));
        }
        if f.end_time < f.start_time {
            return Err(ctx.err("frequencies.txt", row, "end_time", "end_time is before start_time"));
        }
        let trip = trip_base + t;
        let exact_times = matches!(f.exact_times, Some(gs::ExactTimes::ScheduleBased));
        rows.push((
            trip,
            Frequency { trip, start: f.start_time, end: f.end_time, headway: f.headway_secs, exact_times },
        ));
    }
    // The memory budget counts expanded calls too: one frequency row with a 1 s headway over a
    // day stands for 86 400 runs of its trip.
    let mut expanded = feed.calls.len() as u64;
    for (row, (t, f)) in rows.iter().enumerate() {
        let runs = (f.end - f.start).div_ceil(f.headway) as u64;
        expanded += runs * feed.trips[*t as usize].n_calls as u64;
        if expanded > opts.max_stop_times {
            let msg = format!(
                "the frequencies expand to more than {} stop_times, the memory budget (raise it with --max-stop-times)",
                opts.max_stop_times
            );
            return Err(ctx.err("frequencies.txt", row, "headway_secs", msg));
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
    Ok(())
}

/// A row of `transfers.txt` as written (gtfs-structures' `RawTransfer` has no route or trip
/// columns).
#[derive(serde::Deserialize)]
struct TransferRow {
    #[serde(default)]
    from_stop_id: String,
    #[serde(default)]
    to_stop_id: String,
    #[serde(default)]
    from_route_id: String,
    #[serde(default)]
    to_route_id: String,
    #[serde(default)]
    from_trip_id: String,
    #[serde(default)]
    to_trip_id: String,
    #[serde(default)]
    transfer_type: String,
    #[serde(default)]
    min_transfer_time: Option<u32>,
}

/// Where `transfers.txt` ids lead: the feed's stops, routes and trips.
pub(super) struct TransferRefs<'a> {
    pub stops: &'a IdMap<'a>,
    pub routes: &'a IdMap<'a>,
    pub trips: &'a IdMap<'a>,
    pub trip_base: u32,
}

/// `transfers.txt`: rows between stops, optionally bound to routes or trips. A row naming a
/// stop, route or trip the feed lacks (common in subsets of national data) is skipped with a
/// warning; so is one without both stops.
fn merge_transfers(to: &mut Target, ctx: &Ctx, files: &Files, refs: &TransferRefs) -> Result<(), FeedError> {
    let Some(transfers) = tables::optional::<TransferRow>(ctx, files, "transfers.txt")? else {
        return Ok(());
    };
    let feed = &mut *to.feed;
    let file = ctx.file("transfers.txt");
    for (row, t) in transfers.iter().enumerate() {
        let line = ctx.line("transfers.txt", row);
        let kind = match t.transfer_type.as_str() {
            "" | "0" => TransferKind::Recommended,
            "1" => TransferKind::Timed,
            "2" => TransferKind::MinTime,
            "3" => TransferKind::Forbidden,
            "4" => TransferKind::InSeat,
            "5" => TransferKind::NoInSeat,
            v => {
                let msg = format!("invalid value '{}': expected 0, 1, 2, 3, 4 or 5", super::short(v));
                return Err(ctx.err("transfers.txt", row, "transfer_type", msg));
            }
        };
        if t.from_stop_id.is_empty() || t.to_stop_id.is_empty() {
            feed.warnings.add("transfer_not_between_stops", || format!("{file}: line {line}"));
            continue;
        }
        let mut unknown = None;
        let mut look = |map: &IdMap, id: &str, field: &'static str, base: u32| -> Option<u32> {
            if id.is_empty() {
                return None;
            }
            let found = map.get(id.as_bytes()).map(|&i| base + i);
            if found.is_none() && unknown.is_none() {
                unknown = Some((field, id.to_string()));
            }
            found
        };
        let from = look(refs.stops, &t.from_stop_id, "from_stop_id", 0);
        let to_stop = look(refs.stops, &t.to_stop_id, "to_stop_id", 0);
        let from_route = look(refs.routes, &t.from_route_id, "from_route_id", 0);
        let to_route = look(refs.routes, &t.to_route_id, "to_route_id", 0);
        let from_trip = look(refs.trips, &t.from_trip_id, "from_trip_id", refs.trip_base);
        let to_trip = look(refs.trips, &t.to_trip_id, "to_trip_id", refs.trip_base);
        if let Some((field, id)) = unknown {
            feed.warnings.add("transfer_unknown_reference", || {
                format!("{file}: line {line}, field '{field}': unknown id '{}' (row skipped)", super::short(&id))
            });
            continue;
        }
        let (Some(from), Some(to_stop)) = (from, to_stop) else { continue };
        let min_time = t.min_transfer_time;
        feed.transfers.push(Transfer { from, to: to_stop, from_route, to_route, from_trip, to_trip, kind, min_time });
    }
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
