//! The binary form of a [`Feed`] kept by the network cache: little-endian integers, strings as
//! length and UTF-8 bytes, the calls (the bulk) as four columns. Reading checks every length
//! against the bytes left and every enum code, and gives `None` for anything malformed, so a
//! damaged file is never trusted (the cache also checks a hash of the whole body first).
//!
//! Change [`FORMAT`] whenever this layout or the meaning of a [`Feed`] field changes.
//!
//! Depends on the model and `crate::date` only.

use crate::date::Date;

use super::model::*;
use super::{WARNING_KINDS, Warnings};

/// The version of this layout (and of the loader's output it stores).
pub(super) const FORMAT: u32 = 1;

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

const TRANSFER_KINDS: [TransferKind; 4] =
    [TransferKind::Recommended, TransferKind::Timed, TransferKind::MinTime, TransferKind::Forbidden];

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
    w.len(f.trips.len());
    for block in f.trips.chunks(TRIP_BLOCK) {
        w.section(|w| {
            for t in block {
                w.str(&t.id);
                w.u32(t.route);
                w.u32(t.service);
                w.str(&t.headsign);
                w.u8(t.direction.unwrap_or(u8::MAX));
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
    f.calls.iter().for_each(|c| w.u8(c.pickup as u8 | (c.drop_off as u8) << 1));
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
        let (id, name, lat, lon) = (r.str()?, r.str()?, r.f64()?, r.f64()?);
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

fn read_trips(r: &mut Reader, f: &mut Feed) -> Option<()> {
    use rayon::prelude::*;
    let n = r.len(16)?;
    let blocks: Vec<&[u8]> = (0..n.div_ceil(TRIP_BLOCK)).map(|_| r.section()).collect::<Option<_>>()?;
    let n_calls = r.len(13)?;
    let (stop, arr, dep, flags) = (r.take(n_calls * 4)?, r.take(n_calls * 4)?, r.take(n_calls * 4)?, r.take(n_calls)?);
    let at = |col: &[u8], i: usize| u32::from_le_bytes([col[4 * i], col[4 * i + 1], col[4 * i + 2], col[4 * i + 3]]);
    let (trips, calls) = rayon::join(
        || blocks.par_iter().map(|b| read_trip_block(b)).collect::<Option<Vec<Vec<Trip>>>>(),
        || {
            (0..n_calls)
                .into_par_iter()
                .map(|i| Call {
                    stop: at(stop, i),
                    arrival: at(arr, i),
                    departure: at(dep, i),
                    pickup: flags[i] & 1 != 0,
                    drop_off: flags[i] & 2 != 0,
                })
                .collect::<Vec<Call>>()
        },
    );
    let trips = trips?;
    f.trips = Vec::with_capacity(n);
    trips.into_iter().for_each(|mut b| f.trips.append(&mut b));
    f.calls = calls;
    (f.trips.len() == n).then_some(())
}

fn read_trip_block(bytes: &[u8]) -> Option<Vec<Trip>> {
    let mut r = Reader::new(bytes);
    let mut trips = Vec::with_capacity(TRIP_BLOCK);
    while !r.done() {
        let (id, route, service, headsign) = (r.str()?, r.u32()?, r.u32()?, r.str()?);
        let direction = Some(r.u8()?).filter(|&d| d != u8::MAX);
        let (first_call, n_calls, first_freq, n_freq) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
        let feed = r.u16()?;
        trips.push(Trip { id, route, service, headsign, direction, first_call, n_calls, first_freq, n_freq, feed });
    }
    Some(trips)
}

fn read_rest(r: &mut Reader, f: &mut Feed) -> Option<()> {
    for _ in 0..r.len(17)? {
        let (trip, start, end, headway, exact_times) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?, r.bool()?);
        f.frequencies.push(Frequency { trip, start, end, headway, exact_times });
    }
    for _ in 0..r.len(13)? {
        let (from, to) = (r.u32()?, r.u32()?);
        let kind = *TRANSFER_KINDS.get(r.u8()? as usize)?;
        f.transfers.push(Transfer { from, to, kind, min_time: r.opt_u32()? });
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
