//! Writing a loaded (and possibly edited) [`Feed`] back out as GTFS text tables, through the one
//! GTFS writer ([`crate::gtfs_write`]; not gtfs-structures): what `narhet scenario apply` saves.
//!
//! What is written: `agency.txt`, `stops.txt`, `routes.txt`, `trips.txt`, `stop_times.txt`,
//! `calendar.txt`, `calendar_dates.txt`, `feed_info.txt`, and `frequencies.txt`,
//! `transfers.txt` and `locations.geojson` when there is something in them. Rows come in the
//! feed's own order, so the same feed gives the same bytes.
//!
//! What the loaded model does not keep, and how it is written: `agency_url` and
//! `agency_timezone` (required by GTFS) become `https://example.invalid/narhet` and
//! `Europe/Stockholm`; a call's pickup/drop-off is written as none (1), booked (2, when the call
//! needs a booking: its own type 2 or a GTFS-Flex booking rule) or regular (0);
//! shapes, fares and colours are not written. Platform stops that no trip calls at are left
//! out (the loader would flag each as `stop_without_calls`); stations are kept when a kept stop
//! names them as parent.

use std::collections::BTreeMap;

use crate::date::{Date, fmt_time};
use crate::feed::{Feed, LocationType, Transfer, TransferKind};
use crate::gtfs_write::{LineEnd, TableWriter, coord, geojson_text};

/// The GTFS tables of a feed as `(file name, text)`, sorted by file name. Lines end in CRLF.
pub fn to_gtfs(feed: &Feed, publisher: &str) -> Vec<(String, String)> {
    let keep = kept_stops(feed);
    let mut out: BTreeMap<&str, String> = BTreeMap::new();
    out.insert("agency.txt", agency(feed));
    out.insert("stops.txt", stops(feed, &keep));
    out.insert("routes.txt", routes(feed));
    out.insert("trips.txt", trips(feed));
    out.insert("stop_times.txt", stop_times(feed));
    out.insert("calendar.txt", calendar(feed));
    out.insert("calendar_dates.txt", calendar_dates(feed));
    if !feed.frequencies.is_empty() {
        out.insert("frequencies.txt", frequencies(feed));
    }
    if !feed.transfers.is_empty() {
        out.insert("transfers.txt", transfers(feed));
    }
    out.insert("feed_info.txt", feed_info(feed, publisher));
    if !feed.demand_areas.is_empty() {
        out.insert("locations.geojson", locations(feed));
    }
    out.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Which stops to write: called stops and their parents, stations named by a transfer, and
/// every other non-platform location.
fn kept_stops(feed: &Feed) -> Vec<bool> {
    let mut keep = vec![false; feed.stops.len()];
    for c in &feed.calls {
        if let Some(k) = keep.get_mut(c.stop as usize) {
            *k = true;
        }
    }
    for t in &feed.transfers {
        for s in [t.from, t.to] {
            if feed.stops.get(s as usize).is_some_and(|s| s.location_type != LocationType::Stop) {
                keep[s as usize] = true;
            }
        }
    }
    for i in 0..feed.stops.len() {
        if keep[i]
            && let Some(p) = feed.stops[i].parent
        {
            keep[p as usize] = true;
        }
    }
    for (i, s) in feed.stops.iter().enumerate() {
        // Non-platform locations (stations without used platforms, entrances, nodes) are not
        // flagged by the loader; keep them all.
        if s.location_type != LocationType::Stop && s.location_type != LocationType::Station {
            keep[i] = true;
        }
    }
    keep
}

/// `agency.txt`: the model keeps no URL or time zone; both get fixed values GTFS accepts.
fn agency(feed: &Feed) -> String {
    table(&["agency_id", "agency_name", "agency_url", "agency_timezone"], |w| {
        for a in &feed.agencies {
            w.row([a.id.as_str(), &a.name, "https://example.invalid/narhet", "Europe/Stockholm"])?;
        }
        Ok(())
    })
}

/// `stops.txt`: the kept stops (see [`kept_stops`]).
fn stops(feed: &Feed, keep: &[bool]) -> String {
    table(
        &["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type", "parent_station", "wheelchair_boarding"],
        |w| {
            for (i, s) in feed.stops.iter().enumerate() {
                if !keep[i] {
                    continue;
                }
                let lt = match s.location_type {
                    LocationType::Stop => "0",
                    LocationType::Station => "1",
                    LocationType::Entrance => "2",
                    LocationType::GenericNode => "3",
                    LocationType::BoardingArea => "4",
                };
                let parent = s.parent.map_or(String::new(), |p| feed.stops[p as usize].id.to_string());
                let wb = match s.wheelchair_boarding {
                    1 => "1",
                    2 => "2",
                    _ => "",
                };
                w.row([s.id.as_str(), &s.name, &coord(s.lat), &coord(s.lon), lt, &parent, wb])?;
            }
            Ok(())
        },
    )
}

/// `routes.txt`.
fn routes(feed: &Feed) -> String {
    table(&["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"], |w| {
        for r in &feed.routes {
            let agency = r.agency.map_or(String::new(), |a| feed.agencies[a as usize].id.clone());
            w.row([r.id.as_str(), &agency, &r.short_name, &r.long_name, &r.route_type.to_string()])?;
        }
        Ok(())
    })
}

/// `trips.txt`, with `wheelchair_accessible` as read (empty when unknown), so a scenario's feed
/// keeps what a wheelchair traveller may ride.
fn trips(feed: &Feed) -> String {
    table(&["route_id", "service_id", "trip_id", "trip_headsign", "direction_id", "wheelchair_accessible"], |w| {
        for t in &feed.trips {
            w.row([
                feed.routes[t.route as usize].id.as_str(),
                &feed.services[t.service as usize].id,
                &t.id,
                &t.headsign,
                &t.direction.map_or(String::new(), |d| d.to_string()),
                &if t.wheelchair == 0 { String::new() } else { t.wheelchair.to_string() },
            ])?;
        }
        Ok(())
    })
}

/// `stop_times.txt`: pickup/drop-off "none" is 1; where the call may be used, 2 when it needs a
/// booking (so booked service stays out of linjetrafik in the edited feed), else regular (0).
fn stop_times(feed: &Feed) -> String {
    table(
        &["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence", "pickup_type", "drop_off_type"],
        |w| {
            for (t, tr) in feed.trips.iter().enumerate() {
                for (k, c) in feed.trip_calls(t).iter().enumerate() {
                    w.row([
                        tr.id.as_str(),
                        &fmt_time(c.arrival),
                        &fmt_time(c.departure),
                        &feed.stops[c.stop as usize].id,
                        &(k + 1).to_string(),
                        use_type(c.pickup, c.booking),
                        use_type(c.drop_off, c.booking),
                    ])?;
                }
            }
            Ok(())
        },
    )
}

/// The GTFS pickup/drop-off type of a call: 1 none, 2 booked, 0 regular.
fn use_type(allowed: bool, booking: bool) -> &'static str {
    match (allowed, booking) {
        (false, _) => "1",
        (true, true) => "2",
        (true, false) => "0",
    }
}

/// `calendar.txt`: services with a date range.
fn calendar(feed: &Feed) -> String {
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let mut cal_cols = vec!["service_id"];
    cal_cols.extend(days);
    cal_cols.extend(["start_date", "end_date"]);
    table(&cal_cols, |w| {
        for s in &feed.services {
            let (Some(a), Some(b)) = (s.start, s.end) else { continue };
            let mut row = vec![s.id.clone()];
            row.extend((0..7).map(|i| if s.weekdays & (1 << i) != 0 { "1".into() } else { "0".into() }));
            row.push(a.gtfs());
            row.push(b.gtfs());
            w.row(&row)?;
        }
        Ok(())
    })
}

/// `calendar_dates.txt`: each service's added (1) and removed (2) dates, in date order.
fn calendar_dates(feed: &Feed) -> String {
    table(&["service_id", "date", "exception_type"], |w| {
        for s in &feed.services {
            let mut rows: Vec<(Date, &str)> = s.added.iter().map(|&d| (d, "1")).collect();
            rows.extend(s.removed.iter().map(|&d| (d, "2")));
            rows.sort();
            for (d, kind) in rows {
                w.row([s.id.as_str(), &d.gtfs(), kind])?;
            }
        }
        Ok(())
    })
}

/// `frequencies.txt`.
fn frequencies(feed: &Feed) -> String {
    table(&["trip_id", "start_time", "end_time", "headway_secs", "exact_times"], |w| {
        for f in &feed.frequencies {
            w.row([
                feed.trips[f.trip as usize].id.as_str(),
                &fmt_time(f.start),
                &fmt_time(f.end),
                &f.headway.to_string(),
                if f.exact_times { "1" } else { "0" },
            ])?;
        }
        Ok(())
    })
}

/// `transfers.txt` (with route and trip columns when some row names a route or trip).
fn transfers(feed: &Feed) -> String {
    let specific = feed.transfers.iter().any(Transfer::is_specific);
    let mut header = vec!["from_stop_id", "to_stop_id", "transfer_type", "min_transfer_time"];
    if specific {
        header.extend(["from_route_id", "to_route_id", "from_trip_id", "to_trip_id"]);
    }
    table(&header, |w| {
        for t in &feed.transfers {
            let kind = match t.kind {
                TransferKind::Recommended => "0",
                TransferKind::Timed => "1",
                TransferKind::MinTime => "2",
                TransferKind::Forbidden => "3",
                TransferKind::InSeat => "4",
                TransferKind::NoInSeat => "5",
            };
            let mut row = vec![
                feed.stops[t.from as usize].id.to_string(),
                feed.stops[t.to as usize].id.to_string(),
                kind.to_string(),
                t.min_time.map_or(String::new(), |m| m.to_string()),
            ];
            if specific {
                let route = |r: Option<u32>| r.map_or(String::new(), |r| feed.routes[r as usize].id.clone());
                let trip = |r: Option<u32>| r.map_or(String::new(), |r| feed.trips[r as usize].id.to_string());
                row.extend([route(t.from_route), route(t.to_route), trip(t.from_trip), trip(t.to_trip)]);
            }
            w.row(&row)?;
        }
        Ok(())
    })
}

/// `feed_info.txt`: `publisher` and the feed's service range.
fn feed_info(feed: &Feed, publisher: &str) -> String {
    let range = feed.service_range();
    table(&["feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date", "feed_end_date"], |w| {
        w.row([
            publisher,
            "https://example.invalid/narhet",
            "sv",
            &range.map_or(String::new(), |r| r.0.gtfs()),
            &range.map_or(String::new(), |r| r.1.gtfs()),
        ])?;
        Ok(())
    })
}

/// `locations.geojson`: the demand-responsive areas as multipolygons.
fn locations(feed: &Feed) -> String {
    let features: Vec<serde_json::Value> = feed
        .demand_areas
        .iter()
        .map(|a| {
            let polys: Vec<Vec<Vec<[f64; 2]>>> = a
                .polygons
                .iter()
                .map(|p| p.iter().map(|r| r.iter().map(|&(x, y)| [x, y]).collect()).collect())
                .collect();
            serde_json::json!({
                "type": "Feature",
                "id": a.id,
                "properties": { "stop_name": a.name },
                "geometry": { "type": "MultiPolygon", "coordinates": polys },
            })
        })
        .collect();
    let fc = serde_json::json!({ "type": "FeatureCollection", "features": features });
    geojson_text(&fc)
}

/// A table with CRLF line ends, as `scenario apply` has always written them.
fn table(header: &[&str], rows: impl FnOnce(&mut TableWriter<Vec<u8>>) -> std::io::Result<()>) -> String {
    crate::gtfs_write::table_text(LineEnd::CrLf, header, rows)
}
