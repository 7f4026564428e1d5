//! From the rows of `stop_times.txt` to each trip's calls: rows bucketed by trip (a counting
//! sort), ordered by `stop_sequence`, checked (repeated sequence numbers, unknown stops,
//! stations, missing and backward times), blank times interpolated.
//!
//! Within `feed` (and `crate::date` for messages) only.

use gtfs_structures as gs;

use rayon::prelude::*;

use super::model::{Call, Feed, LocationType, Stop};
use super::source::Files;
use super::stop_times::{self, FILE, Lookup, NO_STOP, NO_TIME, Row};
use super::tables::{Ctx, FastIds, IdMap};
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
    let rows =
        stop_times::parse(ctx, bytes, &Lookup { trips: refs.trip_ix, stops: &FastIds::new(refs.stop_ix) }, opts)?;
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
    // Each trip's calls go to their final place (`first + start[t]`), so runs of trips are
    // assembled in parallel; the first fault in trip order is the one a serial pass would meet.
    let first = feed.calls.len();
    // Filled in parallel too (the pages are first touched on both cores).
    feed.calls.par_extend(rayon::iter::repeat_n(Call::default(), rows.len()));
    let (stops, calls) = (&feed.stops[..], &mut feed.calls[first..]);
    let runs = runs(&start, &mut order, calls);
    let done: Vec<Result<usize, (usize, Fault)>> = runs
        .into_par_iter()
        .map(|run| {
            let mut interpolated = 0usize;
            let base = start[run.trips.start];
            for t in run.trips.clone() {
                let (a, b) = ((start[t] - base) as usize, (start[t + 1] - base) as usize);
                let idx = &mut run.order[a..b];
                if idx.windows(2).any(|w| rows[w[0] as usize].seq > rows[w[1] as usize].seq) {
                    idx.sort_by_key(|&r| rows[r as usize].seq);
                }
                let out = &mut run.calls[a..b];
                trip_calls(stops, out, &rows, idx, t as u32)
                    .and_then(|()| interpolate(out, idx, t as u32, &mut interpolated))?;
            }
            Ok(interpolated)
        })
        .collect();
    let mut interpolated = 0usize;
    for d in done {
        match d {
            Ok(n) => interpolated += n,
            Err((row, fault)) => return Err(describe(ctx, bytes, refs, row, fault)),
        }
    }
    let mut has_call = vec![false; refs.stops.len()];
    for c in &feed.calls[first..] {
        has_call[(c.stop - refs.stop_base) as usize] = true;
    }
    for t in 0..n_trips {
        let n = start[t + 1] - start[t];
        let tr = &mut feed.trips[(refs.trip_base as usize) + t];
        tr.first_call = first as u32 + start[t];
        tr.n_calls = n;
        if n < 2 {
            feed.warnings
                .add("trip_with_fewer_than_two_calls", || format!("{}: trip '{}'", ctx.file(FILE), refs.trips[t].id));
        }
    }
    // Freed on another thread: 5 M rows are 120 MB, whose unmapping the caller need not wait for.
    rayon::spawn(move || drop((rows, order)));
    feed.warnings.add_n("interpolated_times", interpolated, || ctx.file(FILE));
    let unused = |(s, used): &(&gs::Stop, &bool)| !**used && matches!(s.location_type, gs::LocationType::StopPoint);
    let n_unused = refs.stops.iter().zip(&has_call).filter(unused).count();
    feed.warnings.add_n("stop_without_calls", n_unused, || {
        let s = refs.stops.iter().zip(&has_call).find(unused);
        format!("{}: stop '{}'", ctx.file("stops.txt"), s.map_or("", |s| s.0.id.as_str()))
    });
    Ok(())
}

/// Writes the calls of trip `t` (its rows `idx`, in stop_sequence order) into `out`; blank
/// times stay [`NO_TIME`].
fn trip_calls(stops: &[Stop], out: &mut [Call], rows: &[Row], idx: &[u32], t: u32) -> Result<(), (usize, Fault)> {
    for (k, &r) in idx.iter().enumerate() {
        let row = &rows[r as usize];
        let r = r as usize;
        if k > 0 && rows[idx[k - 1] as usize].seq == row.seq {
            return Err((r, Fault::Repeated { trip: t, seq: row.seq }));
        }
        if row.stop == NO_STOP {
            return Err((r, Fault::UnknownStop));
        }
        if stops[row.stop as usize].location_type == LocationType::Station {
            return Err((r, Fault::Station(row.stop)));
        }
        let (arr, dep) = match (row.arr, row.dep) {
            (NO_TIME, NO_TIME) if k == 0 || k + 1 == idx.len() => return Err((r, Fault::NoEndTime(t))),
            (NO_TIME, d) => (d, d),
            (a, NO_TIME) => (a, a),
            (a, d) => (a, d),
        };
        if arr != NO_TIME && arr > dep {
            return Err((r, Fault::DepartsBeforeArrival { arr, dep }));
        }
        out[k] = Call {
            stop: row.stop,
            arrival: arr,
            departure: dep,
            pickup: row.pickup,
            drop_off: row.drop_off,
            booking: row.booking,
        };
    }
    Ok(())
}

/// A run of consecutive trips assembled by one task: their rows' order and their calls.
struct Run<'a> {
    trips: std::ops::Range<usize>,
    order: &'a mut [u32],
    calls: &'a mut [Call],
}

/// Cuts the trips into runs of about [`RUN_CALLS`] calls, with their parts of `order` and `calls`.
fn runs<'a>(start: &[u32], mut order: &'a mut [u32], mut calls: &'a mut [Call]) -> Vec<Run<'a>> {
    let n_trips = start.len() - 1;
    let mut out = Vec::new();
    let mut t0 = 0;
    while t0 < n_trips {
        let mut t1 = t0 + 1;
        while t1 < n_trips && ((start[t1] - start[t0]) as usize) < RUN_CALLS {
            t1 += 1;
        }
        let len = (start[t1] - start[t0]) as usize;
        let (o, o_rest) = std::mem::take(&mut order).split_at_mut(len);
        let (c, c_rest) = std::mem::take(&mut calls).split_at_mut(len);
        (order, calls) = (o_rest, c_rest);
        out.push(Run { trips: t0..t1, order: o, calls: c });
        t0 = t1;
    }
    out
}

/// Calls per parallel run of trips.
const RUN_CALLS: usize = 1 << 16;

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
