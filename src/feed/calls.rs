//! From the records of `stop_times.txt` to each trip's calls: put in trip order where the file
//! does not list them so (a counting sort), ordered by `stop_sequence`, checked (repeated
//! sequence numbers, unknown stops, stations, missing and backward times), blank times
//! interpolated. Most files list their trips in order, and their calls are checked in place.
//!
//! Within `feed` (and `crate::date` for messages) only.

use gtfs_structures as gs;

use rayon::prelude::*;

use super::model::{Call, Feed, LocationType, Stop};
use super::source::Files;
use super::stop_times::{self, FILE, Key, Lookup, NO_STOP, NO_TIME, Records};
use super::stops::StopRec;
use super::tables::{Ctx, FastIds, IdMap};
use super::trips::TripRec;
use super::{FeedError, LoadOptions};
use crate::date::fmt_time;

/// The trips and stops of the feed being merged, as `stop_times.txt` refers to them.
pub(super) struct Refs<'a> {
    pub trips: &'a [TripRec<'a>],
    /// Index of the feed's first trip in [`Feed::trips`].
    pub trip_base: u32,
    pub trip_ix: &'a IdMap<'a>,
    pub stops: &'a [StopRec<'a>],
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
    let look = Lookup { trips: refs.trip_ix, trip_order: refs.trips, stops: &FastIds::new(refs.stop_ix) };
    let Records { calls: mut new, mut keys } = stop_times::parse(ctx, bytes, files.cuts(FILE), &look, opts)?;
    let n_trips = refs.trips.len();
    // Calls per trip (a counting sort's counts); are the records in trip order already?
    let mut start = vec![0u32; n_trips + 1];
    let (mut grouped, mut prev) = (true, 0u32);
    for k in &keys {
        start[k.trip as usize + 1] += 1;
        grouped &= k.trip >= prev;
        prev = k.trip;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    // Most feeds list each trip's calls together, trips in the order of `trips.txt`: the calls
    // are in place. Others are put in trip order (stable: file order within a trip), and
    // `order` keeps the record of each place, for messages.
    let order = (!grouped).then(|| {
        let mut order = vec![0u32; keys.len()];
        let mut fill = start.clone();
        for (i, k) in keys.iter().enumerate() {
            order[fill[k.trip as usize] as usize] = i as u32;
            fill[k.trip as usize] += 1;
        }
        let sorted: Vec<Call> = order.par_iter().map(|&i| new[i as usize]).collect();
        new = sorted;
        let sorted: Vec<Key> = order.par_iter().map(|&i| keys[i as usize]).collect();
        keys = sorted;
        order
    });
    let first = feed.calls.len();
    if first == 0 {
        feed.calls = std::mem::take(&mut new);
    } else {
        feed.calls.extend_from_slice(&new);
    }
    // Runs of trips are checked in parallel; the first fault in trip order is the one a serial
    // pass would meet.
    let (stops, calls) = (&feed.stops[..], &mut feed.calls[first..]);
    let runs = runs(&start, calls, &mut keys);
    let done: Vec<Result<usize, (usize, Fault)>> = runs
        .into_par_iter()
        .map(|run| {
            let mut interpolated = 0usize;
            let base = start[run.trips.start];
            for t in run.trips.clone() {
                let (a, b) = ((start[t] - base) as usize, (start[t + 1] - base) as usize);
                let at = start[t] as usize;
                let (calls, keys) = (&mut run.calls[a..b], &mut run.keys[a..b]);
                let sorted;
                let mut rows = match &order {
                    Some(o) => Rows::Listed(&o[at..at + (b - a)]),
                    None => Rows::From(at),
                };
                if keys.windows(2).any(|w| w[0].seq > w[1].seq) {
                    sorted = sort_by_sequence(calls, keys, &rows);
                    rows = Rows::Listed(&sorted);
                }
                trip_calls(stops, calls, keys, &rows, t as u32)
                    .and_then(|()| interpolate(calls, &rows, t as u32, &mut interpolated))?;
            }
            Ok(interpolated)
        })
        .collect();
    let mut interpolated = 0usize;
    for d in done {
        match d {
            Ok(n) => interpolated += n,
            Err((row, fault)) => {
                feed.calls.truncate(first);
                return Err(describe(ctx, bytes, refs, row, fault));
            }
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
    // Freed on another thread: at 5 M rows, 40 MB whose unmapping the caller need not wait for.
    rayon::spawn(move || drop((new, keys, order)));
    feed.warnings.add_n("interpolated_times", interpolated, || ctx.file(FILE));
    let unused = |(s, used): &(&StopRec, &bool)| !**used && matches!(s.location_type, gs::LocationType::StopPoint);
    let n_unused = refs.stops.iter().zip(&has_call).filter(unused).count();
    feed.warnings.add_n("stop_without_calls", n_unused, || {
        let s = refs.stops.iter().zip(&has_call).find(unused);
        format!("{}: stop '{}'", ctx.file("stops.txt"), s.map_or("", |s| s.0.id))
    });
    Ok(())
}

/// The record (0-based, in file order) each call of a trip came from.
enum Rows<'a> {
    /// Consecutive records from this one.
    From(usize),
    Listed(&'a [u32]),
}

impl Rows<'_> {
    fn at(&self, k: usize) -> usize {
        match self {
            Rows::From(r) => r + k,
            Rows::Listed(l) => l[k] as usize,
        }
    }
}

/// Puts a trip's calls in `stop_sequence` order (stable); returns their records in that order.
fn sort_by_sequence(calls: &mut [Call], keys: &mut [Key], rows: &Rows) -> Vec<u32> {
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    idx.sort_by_key(|&i| keys[i].seq);
    let (c0, k0) = (calls.to_vec(), keys.to_vec());
    for (j, &i) in idx.iter().enumerate() {
        (calls[j], keys[j]) = (c0[i], k0[i]);
    }
    idx.iter().map(|&i| rows.at(i) as u32).collect()
}

/// Checks the calls of trip `t` (in stop_sequence order, from records `rows`) and fills a
/// blank arrival or departure from the other; times blank in both stay [`NO_TIME`].
fn trip_calls(stops: &[Stop], calls: &mut [Call], keys: &[Key], rows: &Rows, t: u32) -> Result<(), (usize, Fault)> {
    let n = calls.len();
    for (k, c) in calls.iter_mut().enumerate() {
        let r = rows.at(k);
        if k > 0 && keys[k - 1].seq == keys[k].seq {
            return Err((r, Fault::Repeated { trip: t, seq: keys[k].seq }));
        }
        if c.stop == NO_STOP {
            return Err((r, Fault::UnknownStop));
        }
        if stops[c.stop as usize].location_type == LocationType::Station {
            return Err((r, Fault::Station(c.stop)));
        }
        let (arr, dep) = match (c.arrival, c.departure) {
            (NO_TIME, NO_TIME) if k == 0 || k + 1 == n => return Err((r, Fault::NoEndTime(t))),
            (NO_TIME, d) => (d, d),
            (a, NO_TIME) => (a, a),
            (a, d) => (a, d),
        };
        if arr != NO_TIME && arr > dep {
            return Err((r, Fault::DepartsBeforeArrival { arr, dep }));
        }
        (c.arrival, c.departure) = (arr, dep);
    }
    Ok(())
}

/// A run of consecutive trips checked by one task: their calls and keys.
struct Run<'a> {
    trips: std::ops::Range<usize>,
    calls: &'a mut [Call],
    keys: &'a mut [Key],
}

/// Cuts the trips into runs of about [`RUN_CALLS`] calls, with their parts of `calls` and `keys`.
fn runs<'a>(start: &[u32], mut calls: &'a mut [Call], mut keys: &'a mut [Key]) -> Vec<Run<'a>> {
    let n_trips = start.len() - 1;
    let mut out = Vec::new();
    let mut t0 = 0;
    while t0 < n_trips {
        let mut t1 = t0 + 1;
        while t1 < n_trips && ((start[t1] - start[t0]) as usize) < RUN_CALLS {
            t1 += 1;
        }
        let len = (start[t1] - start[t0]) as usize;
        let (c, c_rest) = std::mem::take(&mut calls).split_at_mut(len);
        let (k, k_rest) = std::mem::take(&mut keys).split_at_mut(len);
        (calls, keys) = (c_rest, k_rest);
        out.push(Run { trips: t0..t1, calls: c, keys: k });
        t0 = t1;
    }
    out
}

/// Calls per parallel run of trips.
const RUN_CALLS: usize = 1 << 16;

/// Interpolates blank times linearly by position between timed calls; checks that time never
/// runs backwards along the trip.
fn interpolate(calls: &mut [Call], rows: &Rows, t: u32, interpolated: &mut usize) -> Result<(), (usize, Fault)> {
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
            return Err((rows.at(k), fault));
        }
    }
    Ok(())
}

/// The message for a fault in record `row`, with the line it starts on (the file is read again
/// up to it: errors are rare, and the bulk parse keeps no line numbers).
fn describe(ctx: &Ctx, bytes: &[u8], refs: &Refs, row: usize, fault: Fault) -> FeedError {
    let trip = |t: u32| refs.trips[t as usize].id;
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
