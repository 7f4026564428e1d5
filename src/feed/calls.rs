//! From the rows of `stop_times.txt` to each trip's calls: rows bucketed by trip (a counting
//! sort), ordered by `stop_sequence`, checked (repeated sequence numbers, unknown stops,
//! stations, missing and backward times), blank times interpolated.
//!
//! Within `feed` (and `crate::date` for messages) only.

use gtfs_structures as gs;

use super::model::{Call, Feed, LocationType};
use super::source::Files;
use super::stop_times::{self, FILE, Lookup, NO_STOP, NO_TIME, Row};
use super::tables::{Ctx, IdMap};
use super::{FeedError, LoadOptions};
use crate::date::fmt_time;

/// The trips and stops of the feed being merged, as `stop_times.txt` refers to them.
pub(super) struct Refs<'a> {
    pub trips: &'a [gs::RawTrip],
    /// Index of the feed's first trip in [`Feed::trips`].
    pub trip_base: u32,
    pub trip_ix: &'a IdMap<'a>,
    pub stops: &'a [gs::Stop],
    /// Index of the feed's first stop in [`Feed::stops`].
    pub stop_base: u32,
    pub stop_ix: &'a IdMap<'a>,
}

/// What is wrong with one row, found after parsing; [`describe`] says where.
enum Fault {
    Repeated { trip: u32, seq: u32 },
    UnknownStop,
    Station(u32),
    NoEndTime(u32),
    DepartsBeforeArrival { arr: u32, dep: u32 },
    Backwards { trip: u32, arr: u32, prev_dep: u32 },
}

/// Parses `stop_times.txt` and appends the calls of the feed's trips, in trip order.
pub(super) fn merge(
    feed: &mut Feed,
    ctx: &Ctx,
    files: &Files,
    refs: &Refs,
    opts: &LoadOptions,
) -> Result<(), FeedError> {
    let Some(bytes) = files.files.get(FILE) else {
        return Err(FeedError::new(ctx.file(FILE), "required file is missing"));
    };
    let rows = stop_times::parse(ctx, bytes, &Lookup { trips: refs.trip_ix, stops: refs.stop_ix }, opts)?;
    let n_trips = refs.trips.len();
    // Bucket rows by trip (counting sort, stable: file order within a trip).
    let mut start = vec![0u32; n_trips + 1];
    for r in &rows {
        start[r.trip as usize + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut order = vec![0u32; rows.len()];
    let mut fill = start.clone();
    for (i, r) in rows.iter().enumerate() {
        order[fill[r.trip as usize] as usize] = i as u32;
        fill[r.trip as usize] += 1;
    }
    drop(fill);
    feed.calls.reserve(rows.len());
    let mut interpolated = 0usize;
    let mut has_call = vec![false; refs.stops.len()];
    for t in 0..n_trips {
        let idx = &mut order[start[t] as usize..start[t + 1] as usize];
        if idx.windows(2).any(|w| rows[w[0] as usize].seq > rows[w[1] as usize].seq) {
            idx.sort_by_key(|&r| rows[r as usize].seq);
        }
        let first = feed.calls.len();
        let found = trip_calls(feed, refs, &rows, idx, t as u32, &mut has_call)
            .and_then(|()| interpolate(&mut feed.calls[first..], idx, t as u32, &mut interpolated));
        if let Err((row, fault)) = found {
            return Err(describe(ctx, bytes, refs, row, fault));
        }
        let tr = &mut feed.trips[(refs.trip_base as usize) + t];
        tr.first_call = first as u32;
        tr.n_calls = idx.len() as u32;
        if idx.len() < 2 {
            feed.warnings
                .add("trip_with_fewer_than_two_calls", || format!("{}: trip '{}'", ctx.file(FILE), refs.trips[t].id));
        }
    }
    feed.warnings.add_n("interpolated_times", interpolated, || ctx.file(FILE));
    let unused = |(s, used): &(&gs::Stop, &bool)| !**used && matches!(s.location_type, gs::LocationType::StopPoint);
    let n_unused = refs.stops.iter().zip(&has_call).filter(unused).count();
    feed.warnings.add_n("stop_without_calls", n_unused, || {
        let s = refs.stops.iter().zip(&has_call).find(unused);
        format!("{}: stop '{}'", ctx.file("stops.txt"), s.map_or("", |s| s.0.id.as_str()))
    });
    Ok(())
}

/// Appends the calls of trip `t` (its rows `idx`, in stop_sequence order); blank times stay
/// [`NO_TIME`].
fn trip_calls(
    feed: &mut Feed,
    refs: &Refs,
    rows: &[Row],
    idx: &[u32],
    t: u32,
    has_call: &mut [bool],
) -> Result<(), (usize, Fault)> {
    for (k, &r) in idx.iter().enumerate() {
        let row = &rows[r as usize];
        let r = r as usize;
        if k > 0 && rows[idx[k - 1] as usize].seq == row.seq {
            return Err((r, Fault::Repeated { trip: t, seq: row.seq }));
        }
        if row.stop == NO_STOP {
            return Err((r, Fault::UnknownStop));
        }
        if feed.stops[row.stop as usize].location_type == LocationType::Station {
            return Err((r, Fault::Station(row.stop)));
        }
        has_call[(row.stop - refs.stop_base) as usize] = true;
        let (arr, dep) = match (row.arr, row.dep) {
            (NO_TIME, NO_TIME) if k == 0 || k + 1 == idx.len() => return Err((r, Fault::NoEndTime(t))),
            (NO_TIME, d) => (d, d),
            (a, NO_TIME) => (a, a),
            (a, d) => (a, d),
        };
        if arr != NO_TIME && arr > dep {
            return Err((r, Fault::DepartsBeforeArrival { arr, dep }));
        }
        feed.calls.push(Call {
            stop: row.stop,
            arrival: arr,
            departure: dep,
            pickup: row.pickup,
            drop_off: row.drop_off,
            booking: row.booking,
        });
    }
    Ok(())
}

/// Interpolates blank times linearly by position between timed calls; checks that time never
/// runs backwards along the trip.
fn interpolate(calls: &mut [Call], idx: &[u32], t: u32, interpolated: &mut usize) -> Result<(), (usize, Fault)> {
    let mut last_timed = 0usize;
    for k in 1..calls.len() {
        if calls[k].arrival == NO_TIME {
            continue;
        }
        if k > last_timed + 1 {
            let (t0, t1) = (calls[last_timed].departure as u64, calls[k].arrival as u64);
            let span = (k - last_timed) as u64;
            for (j, c) in calls.iter_mut().enumerate().take(k).skip(last_timed + 1) {
                let v = (t0 + (t1.saturating_sub(t0)) * (j - last_timed) as u64 / span) as u32;
                c.arrival = v;
                c.departure = v;
                *interpolated += 1;
            }
        }
        last_timed = k;
    }
    for k in 1..calls.len() {
        if calls[k].arrival < calls[k - 1].departure {
            let fault = Fault::Backwards { trip: t, arr: calls[k].arrival, prev_dep: calls[k - 1].departure };
            return Err((idx[k] as usize, fault));
        }
    }
    Ok(())
}

/// The message for a fault in record `row`, with the line it starts on (the file is read again
/// up to it: errors are rare, and the bulk parse keeps no line numbers).
fn describe(ctx: &Ctx, bytes: &[u8], refs: &Refs, row: usize, fault: Fault) -> FeedError {
    let trip = |t: u32| refs.trips[t as usize].id.as_str();
    let (field, message) = match fault {
        Fault::Repeated { trip: t, seq } => {
            ("stop_sequence", format!("trip '{}' has stop_sequence {seq} twice", trip(t)))
        }
        Fault::UnknownStop => {
            let (_, id) = stop_times::field_at(bytes, row, "stop_id");
            ("stop_id", format!("unknown stop_id '{id}'"))
        }
        Fault::Station(s) => {
            let id = &refs.stops[(s - refs.stop_base) as usize].id;
            ("stop_id", format!("stop_id '{id}' is a station (location_type 1); trips call at its stops"))
        }
        Fault::NoEndTime(t) => ("arrival_time", format!("trip '{}' has no time at its first or last stop", trip(t))),
        Fault::DepartsBeforeArrival { arr, dep } => {
            ("departure_time", format!("departure {} is before arrival {}", fmt_time(dep), fmt_time(arr)))
        }
        Fault::Backwards { trip: t, arr, prev_dep } => (
            "arrival_time",
            format!(
                "trip '{}' arrives at {} before it left the previous stop at {}",
                trip(t),
                fmt_time(arr),
                fmt_time(prev_dep)
            ),
        ),
    };
    let (line, _) = stop_times::record_at(bytes, row);
    FeedError::at(ctx.file(FILE), line, field, message)
}
