//! The binary form of a [`Feed`] kept by the network cache: little-endian integers, strings as
//! length and UTF-8 bytes, the calls (the bulk) as four columns. Reading checks every length
//! against the bytes left and every enum code, and gives `None` for anything malformed, so a
//! damaged file is never trusted (the cache also checks a hash of the whole body first).
//!
//! Change [`FORMAT`] whenever this layout or the meaning of a [`Feed`] field changes.
//!
//! Depends on the model and `crate::date` only.

use std::collections::HashMap;

use crate::date::Date;

use super::model::*;
use super::{WARNING_KINDS, Warnings};

/// The version of this layout (and of the loader's output it stores).
pub(super) const FORMAT: u32 = 4;

/// Appends values to a byte buffer.
pub(super) struct Writer(pub Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        self.u8(s.is_some() as u8);
        self.str(s.unwrap_or(""));
    }
    /// `None` as `u32::MAX` (no index or time of the model reaches it).
    fn opt_u32(&mut self, v: Option<u32>) {
        self.u32(v.unwrap_or(u32::MAX));
    }
    fn date(&mut self, d: Option<Date>) {
        self.u8(d.is_some() as u8);
        self.u32(d.map_or(0, |d| d.0 as u32));
    }
    fn dates(&mut self, ds: &[Date]) {
        self.len(ds.len());
        ds.iter().for_each(|d| self.u32(d.0 as u32));
    }
    /// What `f` writes, after its length in bytes (so that a reader can skip to what follows).
    fn section(&mut self, f: impl FnOnce(&mut Writer)) {
        let at = self.0.len();
        self.u64(0);
        f(self);
        let len = (self.0.len() - at - 8) as u64;
        self.0[at..at + 8].copy_from_slice(&len.to_le_bytes());
    }
}

/// Reads values back; `None` past the end or on a malformed value.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn arr<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.arr()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.arr()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.arr()?))
    }
    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.arr()?))
    }
    /// A count of items of at least `min_size` bytes each, checked against the bytes left.
    fn len(&mut self, min_size: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n.checked_mul(min_size.max(1))? <= self.bytes.len() - self.at).then_some(n)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.len(1)?;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_string)
    }
    /// A string written by [`Writer::str`], without allocating when it is short.
    fn label(&mut self) -> Option<Label> {
        let n = self.len(1)?;
        std::str::from_utf8(self.take(n)?).ok().map(Label::new)
    }
    fn opt_str(&mut self) -> Option<Option<String>> {
        let some = self.bool()?;
        let s = self.str()?;
        Some(some.then_some(s))
    }
    fn opt_u32(&mut self) -> Option<Option<u32>> {
        let v = self.u32()?;
        Some((v != u32::MAX).then_some(v))
    }
    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn date(&mut self) -> Option<Option<Date>> {
        let some = self.bool()?;
        let d = Date(self.u32()? as i32);
        Some(some.then_some(d))
    }
    fn dates(&mut self) -> Option<Vec<Date>> {
        let n = self.len(4)?;
        (0..n).map(|_| Some(Date(self.u32()? as i32))).collect()
    }
    /// The bytes of a section written by [`Writer::section`].
    fn section(&mut self) -> Option<&'a [u8]> {
        let n = self.len(1)?;
        self.take(n)
    }
    pub fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

const LOCATION_TYPES: [LocationType; 5] = [
    LocationType::Stop,
    LocationType::Station,
    LocationType::Entrance,
    LocationType::GenericNode,
    LocationType::BoardingArea,
];

const TRANSFER_KINDS: [TransferKind; 6] = [
    TransferKind::Recommended,
    TransferKind::Timed,
    TransferKind::MinTime,
    TransferKind::Forbidden,
    TransferKind::InSeat,
    TransferKind::NoInSeat,
];

fn code<T: PartialEq>(all: &[T], v: &T) -> u8 {
    all.iter().position(|x| x == v).unwrap_or(0) as u8
}

/// Appends the feed's binary form to `w`.
pub(super) fn write(w: &mut Writer, f: &Feed) {
    w.len(f.sources.len());
    for s in &f.sources {
        w.str(&s.path);
        w.str(&s.name);
        w.opt_str(s.publisher.as_deref());
        w.opt_str(s.version.as_deref());
        w.date(s.feed_start);
        w.date(s.feed_end);
    }
    w.len(f.agencies.len());
    for a in &f.agencies {
        w.str(&a.id);
        w.str(&a.name);
        w.u16(a.feed);
    }
    w.len(f.stops.len());
    for s in &f.stops {
        w.str(&s.id);
        w.str(&s.name);
        w.f64(s.lat);
        w.f64(s.lon);
        w.u8(code(&LOCATION_TYPES, &s.location_type));
        w.opt_u32(s.parent);
        w.u8(s.wheelchair_boarding);
        w.u16(s.feed);
    }
    w.len(f.routes.len());
    for r in &f.routes {
        w.str(&r.id);
        w.str(&r.short_name);
        w.str(&r.long_name);
        w.u32(r.route_type as u32);
        w.opt_u32(r.agency);
        w.u16(r.feed);
    }
    w.len(f.services.len());
    for s in &f.services {
        w.str(&s.id);
        w.u8(s.weekdays);
        w.date(s.start);
        w.date(s.end);
        w.dates(&s.added);
        w.dates(&s.removed);
    }
    write_trips(w, f);
    write_rest(w, f);
}

/// Trips per block: blocks are read in parallel.
const TRIP_BLOCK: usize = 1 << 15;

fn write_trips(w: &mut Writer, f: &Feed) {
    // The distinct headsigns once (a few hundred, against hundreds of thousands of trips),
    // each trip with the index of its own: read back as one shared `Label` each.
    let mut headsigns: HashMap<&str, u32, foldhash::fast::FixedState> = HashMap::default();
    let mut table: Vec<&str> = Vec::new();
    let ix: Vec<u32> = f
        .trips
        .iter()
        .map(|t| {
            *headsigns.entry(t.headsign.as_str()).or_insert_with(|| {
                table.push(t.headsign.as_str());
                table.len() as u32 - 1
            })
        })
        .collect();
    w.len(table.len());
    table.iter().for_each(|h| w.str(h));
    w.len(f.trips.len());
    for (block, ix) in f.trips.chunks(TRIP_BLOCK).zip(ix.chunks(TRIP_BLOCK)) {
        w.section(|w| {
            for (t, &h) in block.iter().zip(ix) {
                w.str(&t.id);
                w.u32(t.route);
                w.u32(t.service);
                w.u32(h);
                w.u8(t.direction.unwrap_or(u8::MAX));
                w.u8(t.wheelchair);
                for v in [t.first_call, t.n_calls, t.first_freq, t.n_freq] {
                    w.u32(v);
                }
                w.u16(t.feed);
            }
        });
    }
    // The calls as columns, read in parallel.
    w.len(f.calls.len());
    f.calls.iter().for_each(|c| w.u32(c.stop));
    f.calls.iter().for_each(|c| w.u32(c.arrival));
    f.calls.iter().for_each(|c| w.u32(c.departure));
    f.calls.iter().for_each(|c| w.u8(c.pickup as u8 | (c.drop_off as u8) << 1 | (c.booking as u8) << 2));
}

fn write_rest(w: &mut Writer, f: &Feed) {
    w.len(f.frequencies.len());
    for q in &f.frequencies {
        for v in [q.trip, q.start, q.end, q.headway] {
            w.u32(v);
        }
        w.u8(q.exact_times as u8);
    }
    w.len(f.transfers.len());
    for t in &f.transfers {
        w.u32(t.from);
        w.u32(t.to);
        w.u8(code(&TRANSFER_KINDS, &t.kind));
        w.opt_u32(t.min_time);
        for v in [t.from_route, t.to_route, t.from_trip, t.to_trip] {
            w.opt_u32(v);
        }
    }
    w.len(f.demand_areas.len());
    for a in &f.demand_areas {
        w.str(&a.id);
        w.str(&a.name);
        w.len(a.polygons.len());
        for rings in &a.polygons {
            w.len(rings.len());
            for ring in rings {
                w.len(ring.len());
                for &(x, y) in ring {
                    w.f64(x);
                    w.f64(y);
                }
            }
        }
        w.u16(a.feed);
    }
    let kinds: Vec<_> = f.warnings.iter().collect();
    w.len(kinds.len());
    for (kind, n, example) in kinds {
        w.str(kind);
        w.u64(n as u64);
        w.str(example);
    }
}

/// Reads a feed written by [`write`]; `None` if the bytes are not one.
pub(super) fn read(r: &mut Reader) -> Option<Feed> {
    let mut f = Feed::default();
    for _ in 0..r.len(8)? {
        let (path, name, publisher, version) = (r.str()?, r.str()?, r.opt_str()?, r.opt_str()?);
        let (feed_start, feed_end) = (r.date()?, r.date()?);
        f.sources.push(FeedSource { path, name, publisher, version, feed_start, feed_end });
    }
    for _ in 0..r.len(8)? {
        f.agencies.push(Agency { id: r.str()?, name: r.str()?, feed: r.u16()? });
    }
    let n = r.len(16)?;
    f.stops.reserve(n);
    for _ in 0..n {
        let (id, name, lat, lon) = (r.label()?, r.label()?, r.f64()?, r.f64()?);
        let location_type = *LOCATION_TYPES.get(r.u8()? as usize)?;
        let (parent, wheelchair_boarding, feed) = (r.opt_u32()?, r.u8()?, r.u16()?);
        f.stops.push(Stop { id, name, lat, lon, location_type, parent, wheelchair_boarding, feed });
    }
    for _ in 0..r.len(16)? {
        let (id, short_name, long_name, route_type) = (r.str()?, r.str()?, r.str()?, r.u32()? as i32);
        let (agency, feed) = (r.opt_u32()?, r.u16()?);
        f.routes.push(Route { id, short_name, long_name, route_type, agency, feed });
    }
    for _ in 0..r.len(8)? {
        let (id, weekdays, start, end) = (r.str()?, r.u8()?, r.date()?, r.date()?);
        let (added, removed) = (r.dates()?, r.dates()?);
        f.services.push(Service { id, weekdays, start, end, added, removed });
    }
    read_trips(r, &mut f)?;
    read_rest(r, &mut f)?;
    Some(f)
}

/// Calls decoded per piece (pieces in parallel).
const CALL_PIECE: usize = 1 << 16;

fn read_trips(r: &mut Reader, f: &mut Feed) -> Option<()> {
    use rayon::prelude::*;
    let headsigns: Vec<Label> = (0..r.len(8)?).map(|_| r.label()).collect::<Option<_>>()?;
    let n = r.len(16)?;
    let blocks: Vec<&[u8]> = (0..n.div_ceil(TRIP_BLOCK)).map(|_| r.section()).collect::<Option<_>>()?;
    let n_calls = r.len(13)?;
    let (stop, arr, dep, flags) = (r.take(n_calls * 4)?, r.take(n_calls * 4)?, r.take(n_calls * 4)?, r.take(n_calls)?);
    // Both vectors at their exact size (one allocation each, no copies), filled in place by
    // pieces in parallel.
    let blank = Trip {
        id: Label::default(),
        route: 0,
        service: 0,
        headsign: Label::default(),
        direction: None,
        wheelchair: 0,
        first_call: 0,
        n_calls: 0,
        first_freq: 0,
        n_freq: 0,
        feed: 0,
    };
    let mut trips = exact_vec(n);
    trips.resize(n, blank);
    let mut calls = exact_vec(n_calls);
    calls.resize(n_calls, Call { stop: 0, arrival: 0, departure: 0, pickup: false, drop_off: false, booking: false });
    let (whole, ()) = rayon::join(
        || trips.par_chunks_mut(TRIP_BLOCK).zip(&blocks).all(|(out, b)| read_trip_block(b, &headsigns, out).is_some()),
        || {
            calls.par_chunks_mut(CALL_PIECE).enumerate().for_each(|(k, out)| {
                let cols = k * CALL_PIECE * 4..(k * CALL_PIECE + out.len()) * 4;
                let flags = &flags[k * CALL_PIECE..k * CALL_PIECE + out.len()];
                let (s, a, d) = (le_u32s(&stop[cols.clone()]), le_u32s(&arr[cols.clone()]), le_u32s(&dep[cols]));
                for ((((c, s), a), d), fl) in out.iter_mut().zip(s).zip(a).zip(d).zip(flags) {
                    *c = Call {
                        stop: s,
                        arrival: a,
                        departure: d,
                        pickup: fl & 1 != 0,
                        drop_off: fl & 2 != 0,
                        booking: fl & 4 != 0,
                    };
                }
            })
        },
    );
    f.trips = trips;
    f.calls = calls;
    whole.then_some(())
}

fn le_u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Fills `out` (one block's trips) from the block's bytes; `None` unless they are exactly
/// `out.len()` whole trips.
fn read_trip_block(bytes: &[u8], headsigns: &[Label], out: &mut [Trip]) -> Option<()> {
    let mut r = Reader::new(bytes);
    for t in out {
        let (id, route, service) = (r.label()?, r.u32()?, r.u32()?);
        let headsign = headsigns.get(r.u32()? as usize)?.clone();
        let direction = Some(r.u8()?).filter(|&d| d != u8::MAX);
        let wheelchair = r.u8()?;
        let (first_call, n_calls, first_freq, n_freq) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
        let feed = r.u16()?;
        *t =
            Trip { id, route, service, headsign, direction, wheelchair, first_call, n_calls, first_freq, n_freq, feed };
    }
    r.done().then_some(())
}

/// An empty vector with room for exactly `n` values, large ones backed by huge pages
/// ([`super::split::reserve_huge`]): filling the 80 MB of a 5 M network's calls then takes
/// about 40 page faults instead of 20,000 (page faults were a fifth of a cached start).
fn exact_vec<T>(n: usize) -> Vec<T> {
    let mut v = Vec::new();
    super::split::reserve_huge(&mut v, n);
    v
}

fn read_rest(r: &mut Reader, f: &mut Feed) -> Option<()> {
    for _ in 0..r.len(17)? {
        let (trip, start, end, headway, exact_times) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?, r.bool()?);
        f.frequencies.push(Frequency { trip, start, end, headway, exact_times });
    }
    for _ in 0..r.len(13)? {
        let (from, to) = (r.u32()?, r.u32()?);
        let kind = *TRANSFER_KINDS.get(r.u8()? as usize)?;
        let min_time = r.opt_u32()?;
        let (from_route, to_route, from_trip, to_trip) = (r.opt_u32()?, r.opt_u32()?, r.opt_u32()?, r.opt_u32()?);
        f.transfers.push(Transfer { from, to, from_route, to_route, from_trip, to_trip, kind, min_time });
    }
    for _ in 0..r.len(8)? {
        let (id, name) = (r.str()?, r.str()?);
        let mut polygons = Vec::new();
        for _ in 0..r.len(8)? {
            let mut rings = Vec::new();
            for _ in 0..r.len(8)? {
                let ring: Option<Vec<(f64, f64)>> = (0..r.len(16)?).map(|_| Some((r.f64()?, r.f64()?))).collect();
                rings.push(ring?);
            }
            polygons.push(rings);
        }
        f.demand_areas.push(DemandArea { id, name, polygons, feed: r.u16()? });
    }
    let mut warnings = Warnings::default();
    for _ in 0..r.len(8)? {
        let kind = r.str()?;
        let kind = *WARNING_KINDS.iter().find(|k| **k == kind)?;
        let (n, example) = (r.u64()? as usize, r.str()?);
        warnings.add_n(kind, n, || example);
    }
    f.warnings = warnings;
    Some(())
}
