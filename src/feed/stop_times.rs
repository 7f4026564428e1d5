//! Parsing `stop_times.txt`, the bulk of every feed (about 90 % of its bytes), at parse speed:
//! the bytes are read in place (borrowed fields, no record copies, no strings), trip and stop
//! ids are looked up once per row in maps built from `trips.txt` and `stops.txt`, and the file
//! is cut at line ends into chunks parsed in parallel. A file with quotes (where a line end may
//! sit inside a field) or with bare CR line ends is parsed in one piece by the `csv` crate.
//!
//! The result is exactly what gtfs-structures' `RawStopTime` reading gave, checked as strictly:
//! every field it would refuse is refused here with the same message, line and field — including
//! columns narhet does not use (`pickup_type` aside, e.g. `timepoint`, `shape_dist_traveled`). When
//! a file holds several errors, the one reported is the one the former loader reported: first a
//! time that fails the strict check or the row budget, then a field gtfs-structures refuses,
//! then an unknown `trip_id`, each the first in the file. Unknown `stop_id`s are left to
//! [`super::calls`], which reports them in trip order as before.
//!
//! Within `feed` (and `crate::date` for the strict time check) only.

use rayon::prelude::*;

mod fast;
mod lines;
mod time;

use super::model::Call;
use super::split::{self, Cuts};
use super::tables::{Ctx, FastIds, IdMap, missing_column};
use super::trips::TripRec;
use super::{FeedError, LoadOptions};
use lines::LineCounter;
pub(super) use lines::{field_at, record_at};
use time::fast_time;

/// No time given (to be interpolated), in [`Row::arr`] and [`Row::dep`].
pub(super) const NO_TIME: u32 = u32::MAX;
/// An id not in `stops.txt`, in [`Row::stop`].
pub(super) const NO_STOP: u32 = u32::MAX;

pub(super) const FILE: &str = "stop_times.txt";

/// One record of `stop_times.txt`, resolved: `trip` is the row of `trips.txt`, `stop` the index
/// in the merged [`super::Feed::stops`] (or [`NO_STOP`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Row {
    pub trip: u32,
    pub seq: u32,
    pub stop: u32,
    pub arr: u32,
    pub dep: u32,
    pub pickup: bool,
    pub drop_off: bool,
    /// Boarding or alighting must be booked: `pickup_type`/`drop_off_type` 2 or a GTFS-Flex
    /// `pickup_booking_rule_id`/`drop_off_booking_rule_id`.
    pub booking: bool,
}

/// What orders a call within its trip's calls: the trip (a row of `trips.txt`) and the
/// `stop_sequence`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Key {
    pub trip: u32,
    pub seq: u32,
}

/// The records of `stop_times.txt` in file order: each record's call (blank times
/// [`NO_TIME`], an unknown stop [`NO_STOP`]) and its key. Most feeds list their trips' calls
/// in order, and the calls are then in their final order already.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Records {
    pub calls: Vec<Call>,
    pub keys: Vec<Key>,
}

impl Records {
    fn with_len(n: usize) -> Records {
        let mut r = Records::default();
        split::extend_filled(&mut r.calls, n, Call::default());
        split::extend_filled(&mut r.keys, n, Key::default());
        r
    }

    fn push(&mut self, row: Row) {
        self.calls.push(row.call());
        self.keys.push(row.key());
    }
}

impl Row {
    fn call(&self) -> Call {
        Call {
            stop: self.stop,
            arrival: self.arr,
            departure: self.dep,
            pickup: self.pickup,
            drop_off: self.drop_off,
            booking: self.booking,
        }
    }

    fn key(&self) -> Key {
        Key { trip: self.trip, seq: self.seq }
    }

    /// A record before its fields are read: no trip or stop yet, no times, boarding and
    /// alighting allowed without booking (the GTFS defaults of the optional columns).
    pub(super) const BLANK: Row = Row {
        trip: 0,
        seq: 0,
        stop: NO_STOP,
        arr: NO_TIME,
        dep: NO_TIME,
        pickup: true,
        drop_off: true,
        booking: false,
    };
}

/// The id maps records are resolved with.
pub(super) struct Lookup<'a> {
    pub trips: &'a IdMap<'a>,
    /// The trips in the order of `trips.txt` (`trips`' rows).
    pub trip_order: &'a [TripRec<'a>],
    pub stops: &'a FastIds<'a>,
}

impl Lookup<'_> {
    /// The row of the trip `id`. Files mostly list trips in the order of `trips.txt`: the row
    /// after `prev` (the previous record's) is tried first, before the id map.
    #[inline]
    fn trip(&self, id: &[u8], prev: u32) -> Option<u32> {
        let next = prev.wrapping_add(1);
        match self.trip_order.get(next as usize) {
            Some(t) if t.id.as_bytes() == id => Some(next),
            _ => self.trips.get(id).copied(),
        }
    }
}

/// The trip of the previous record: records of one trip usually follow each other, and one
/// comparison then saves a lookup.
struct LastTrip {
    id: Vec<u8>,
    /// The id packed, when it has at most 16 bytes (see [`super::tables::pack`]).
    packed: Option<(u128, u8)>,
    idx: u32,
}

impl LastTrip {
    fn new() -> Self {
        LastTrip { id: Vec::new(), packed: None, idx: u32::MAX }
    }

    /// Remembers trip `idx`, whose id is `id`.
    fn set(&mut self, id: &[u8], idx: u32) {
        self.id.clear();
        self.id.extend_from_slice(id);
        self.packed = super::tables::pack(id);
        self.idx = idx;
    }
}

/// What gtfs-structures makes of a column (the fields of its `RawStopTime`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    TripId,
    Arrival,
    Departure,
    StopId,
    Sequence,
    Pickup,
    DropOff,
    Continuous,
    ShapeDist,
    Timepoint,
    Ticketing,
    /// `pickup_booking_rule_id`, `drop_off_booking_rule_id` (GTFS-Flex): a value means booking.
    BookingRule,
    /// `stop_headsign`: any text, may be absent.
    Text,
    /// A column it does not read; the field must still be there.
    Ignored,
}

const FIELDS: [(&str, Col); 15] = [
    ("trip_id", Col::TripId),
    ("arrival_time", Col::Arrival),
    ("departure_time", Col::Departure),
    ("stop_id", Col::StopId),
    ("stop_sequence", Col::Sequence),
    ("stop_headsign", Col::Text),
    ("pickup_type", Col::Pickup),
    ("drop_off_type", Col::DropOff),
    ("continuous_pickup", Col::Continuous),
    ("continuous_drop_off", Col::Continuous),
    ("shape_dist_traveled", Col::ShapeDist),
    ("timepoint", Col::Timepoint),
    ("ticketing_type", Col::Ticketing),
    ("pickup_booking_rule_id", Col::BookingRule),
    ("drop_off_booking_rule_id", Col::BookingRule),
];

/// Columns without which no record deserialises, in gtfs-structures' field order.
const REQUIRED: [&str; 5] = ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"];

/// The header, compiled: how to read each column of a record.
struct Plan {
    names: Vec<String>,
    cols: Vec<Col>,
    /// The first column repeating a field already read: every record fails there.
    dup: Option<usize>,
    /// The first required column the header lacks: the first record fails on it.
    missing: Option<&'static str>,
    /// Columns named `arrival_time` or `departure_time` (each one, repeats included).
    strict: Vec<usize>,
}

impl Plan {
    fn new(header: &[&[u8]]) -> Plan {
        // gtfs-structures trims headers as Unicode text; match columns the same way.
        let names: Vec<String> = header.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
        let mut cols = Vec::with_capacity(names.len());
        let mut dup = None;
        for (i, n) in names.iter().enumerate() {
            let col = FIELDS.iter().find(|(f, _)| f == n).map_or(Col::Ignored, |c| c.1);
            if col != Col::Ignored && dup.is_none() && names[..i].contains(n) {
                dup = Some(i);
            }
            cols.push(col);
        }
        let missing = REQUIRED.into_iter().find(|r| !names.iter().any(|n| n == r));
        let strict = names
            .iter()
            .enumerate()
            .filter(|(_, n)| *n == "arrival_time" || *n == "departure_time")
            .map(|p| p.0)
            .collect();
        Plan { names, cols, dup, missing, strict }
    }
}

/// Why a record is refused, and how early the former loader would have said so (0: the strict
/// pre-pass over times; 1: gtfs-structures' deserialising; 2: the trip reference).
struct Fault {
    phase: u8,
    /// On the header line instead of the record's (a missing column).
    header: bool,
    field: Option<String>,
    message: String,
}

impl Fault {
    fn new(phase: u8, field: Option<&str>, message: String) -> Fault {
        Fault { phase, header: false, field: field.map(str::to_string), message }
    }
}

/// A record's fields, wherever they live.
trait Record {
    fn field(&self, i: usize) -> Option<&[u8]>;
}

impl Record for csv::ByteRecord {
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.get(i)
    }
}

/// A line of a quote-free file and where its commas are.
struct Split<'a> {
    line: &'a [u8],
    ends: &'a [usize],
}

impl Record for Split<'_> {
    fn field(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        Some(&self.line[start..end])
    }
}

/// Trims as `str::trim` does (Unicode white space), without decoding the common case.
fn trim(b: &[u8]) -> &[u8] {
    if split::visible_ends(b) { b } else { std::str::from_utf8(b).map_or(b, |s| s.trim().as_bytes()) }
}

fn text(b: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(b)
}

impl Plan {
    /// A time field: blank is `None`; otherwise the strict check (phase 0), then
    /// gtfs-structures' own rule (three parts, at least seven characters; phase 1).
    fn time(&self, i: usize, raw: &[u8]) -> Result<u32, Fault> {
        let v = trim(raw);
        if v.is_empty() {
            return Ok(NO_TIME);
        }
        if let Some(t) = fast_time(v) {
            return Ok(t);
        }
        let s = text(v);
        match crate::date::parse_time(&s) {
            None => Err(strict_fault(&self.names[i], &s)),
            Some(_) if s.len() < 7 || s.split(':').count() != 3 => {
                Err(Fault::new(1, None, format!("'{s}' is not a valid time; HH:MM:SS format is expected.")))
            }
            Some(t) => Ok(t),
        }
    }

    /// Reads one record; `Err` for the first fault gtfs-structures would have met in it.
    fn record(&self, rec: &impl Record, look: &Lookup, last: &mut LastTrip) -> Result<Row, Fault> {
        let mut row = Row::BLANK;
        let (mut trip_id, mut stop_id): (&[u8], &[u8]) = (b"", b"");
        if let Err(f) = self.walk(rec, &mut row, &mut trip_id, &mut stop_id) {
            return Err(if f.phase == 0 { f } else { self.strict(rec).unwrap_or(f) });
        }
        if let Some(col) = self.missing {
            return Err(Fault { phase: 1, header: true, field: Some(col.into()), message: String::new() });
        }
        row.trip = if trip_id == last.id.as_slice() && last.idx != u32::MAX {
            last.idx
        } else {
            let Some(t) = look.trip(trip_id, last.idx) else {
                return Err(Fault::new(2, Some("trip_id"), format!("unknown trip_id '{}'", text(trip_id))));
            };
            last.set(trip_id, t);
            t
        };
        row.stop = look.stops.get(stop_id).unwrap_or(NO_STOP);
        Ok(row)
    }

    /// The columns in header order, as serde visits them for gtfs-structures.
    fn walk<'r, R: Record>(
        &self,
        rec: &'r R,
        row: &mut Row,
        trip_id: &mut &'r [u8],
        stop_id: &mut &'r [u8],
    ) -> Result<(), Fault> {
        for (i, &col) in self.cols.iter().enumerate() {
            if self.dup == Some(i) {
                return Err(Fault::new(1, None, format!("duplicate field `{}`", self.names[i])));
            }
            let Some(raw) = rec.field(i) else {
                if matches!(col, Col::Arrival | Col::Departure | Col::ShapeDist | Col::Text | Col::BookingRule) {
                    continue;
                }
                return Err(Fault::new(1, None, "expected field, but got end of row".into()));
            };
            match col {
                Col::TripId => *trip_id = trim(raw),
                Col::StopId => *stop_id = trim(raw),
                Col::Arrival => row.arr = self.time(i, raw)?,
                Col::Departure => row.dep = self.time(i, raw)?,
                Col::Sequence => row.seq = self.sequence(i, trim(raw))?,
                Col::Pickup => {
                    let v = trim(raw);
                    row.pickup = pickup(v, "PickupDropOffType")?;
                    row.booking |= v == b"2";
                }
                Col::DropOff => {
                    let v = trim(raw);
                    row.drop_off = pickup(v, "PickupDropOffType")?;
                    row.booking |= v == b"2";
                }
                Col::BookingRule => row.booking |= !trim(raw).is_empty(),
                Col::Continuous => {
                    pickup(trim(raw), "ContinuousPickupDropOff")?;
                }
                Col::ShapeDist => {
                    let v = text(trim(raw));
                    if let (false, Err(e)) = (v.is_empty(), v.parse::<f32>()) {
                        return Err(Fault::new(1, Some(&self.names[i]), format!("invalid value '{v}': {e}")));
                    }
                }
                Col::Timepoint => {
                    let v = trim(raw);
                    if !matches!(v, b"" | b"0" | b"1") {
                        return Err(Fault::new(1, None, format!("invalid value for timepoint: {}", text(v))));
                    }
                }
                Col::Ticketing => {
                    let v = trim(raw);
                    if !matches!(v, b"0" | b"1") {
                        let m = format!("unknown variant `{}`, expected `0` or `1`", text(v));
                        return Err(Fault::new(1, None, m));
                    }
                }
                Col::Text | Col::Ignored => {}
            }
        }
        Ok(())
    }

    fn sequence(&self, i: usize, v: &[u8]) -> Result<u32, Fault> {
        if !v.is_empty() && v.len() <= 9 && v.iter().all(u8::is_ascii_digit) {
            return Ok(v.iter().fold(0u32, |n, &c| n * 10 + (c - b'0') as u32));
        }
        let s = text(v);
        let parsed = match s.strip_prefix("0x") {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => s.parse::<u32>(),
        };
        parsed.map_err(|e| Fault::new(1, Some(&self.names[i]), format!("invalid value '{s}': {e}")))
    }

    /// The strict time check alone, over every time column (the former pre-pass).
    fn strict(&self, rec: &impl Record) -> Option<Fault> {
        self.strict.iter().find_map(|&i| {
            let v = text(trim(rec.field(i)?)).into_owned();
            (!v.is_empty() && crate::date::parse_time(&v).is_none()).then(|| strict_fault(&self.names[i], &v))
        })
    }
}

fn strict_fault(col: &str, v: &str) -> Fault {
    Fault::new(
        0,
        Some(col),
        format!("'{v}' is not a valid time (H:MM:SS or HH:MM:SS, minutes and seconds below 60; hours may pass 24)"),
    )
}

/// `pickup_type`-like fields: true unless 1 (not available); blank and 0–3 are the codes, other
/// integers are kept as unknown codes; anything else is refused.
fn pickup(v: &[u8], what: &str) -> Result<bool, Fault> {
    match v {
        b"1" => Ok(false),
        b"" | b"0" | b"2" | b"3" => Ok(true),
        _ => match text(v).parse::<i16>() {
            Ok(_) => Ok(true),
            Err(_) => Err(Fault::new(1, None, format!("invalid value for {what}, must be an integer: {}", text(v)))),
        },
    }
}

/// The worst fault so far in a piece of the file: lowest phase, then first record.
struct Worst {
    phase: u8,
    record: u64,
    /// The line the record starts on.
    line: u64,
    fault: Fault,
}

fn keep(worst: &mut Option<Worst>, fault: Fault, record: u64, line: u64) {
    if worst.as_ref().is_none_or(|w| fault.phase < w.phase) {
        *worst = Some(Worst { phase: fault.phase, record, line, fault });
    }
}

/// One parsed piece: how many rows it gave, its record and line counts, its worst fault.
struct Piece {
    rows: usize,
    records: u64,
    lines: u64,
    worst: Option<Worst>,
}

/// Where a piece writes its records: its part of the calls and keys of all records.
struct Out<'o> {
    calls: &'o mut [Call],
    keys: &'o mut [Key],
    piece: Piece,
}

impl Out<'_> {
    /// A piece's part holds a row for each of its lines, and a record takes at least one line.
    #[inline]
    fn push(&mut self, row: Row) {
        self.calls[self.piece.rows] = row.call();
        self.keys[self.piece.rows] = row.key();
        self.piece.rows += 1;
    }
}

/// Parses `stop_times.txt` (UTF-8, without BOM) into its records in file order. `cuts`: the
/// pieces of the text when it is plain (see [`split::plain`]), as the survey of the text found.
pub(super) fn parse(
    ctx: &Ctx,
    bytes: &[u8],
    cuts: Option<&Cuts>,
    look: &Lookup,
    opts: &LoadOptions,
) -> Result<Records, FeedError> {
    let (plan, pieces, rows) = match cuts {
        Some(cuts) => parse_lines(bytes, cuts, look),
        None => parse_csv(bytes, look),
    };
    let Some(plan) = plan else {
        return Err(super::tables::no_rows(ctx, FILE, "stop_times"));
    };
    // Combine: the worst fault of all pieces, then the budget, then the rows.
    let records: u64 = pieces.iter().map(|p| p.records).sum();
    let mut worst: Option<(u8, u64, FeedError)> = None;
    let mut record0 = 0u64;
    for p in &pieces {
        if let Some(w) = &p.worst {
            let at = record0 + w.record;
            if worst.as_ref().is_none_or(|(ph, r, _)| (w.phase, at) < (*ph, *r)) {
                let file = ctx.file(FILE);
                let e = match (w.fault.header, &w.fault.field) {
                    (true, Some(col)) => missing_column(file, col),
                    _ => FeedError {
                        file,
                        line: Some(w.line),
                        field: w.fault.field.clone(),
                        message: w.fault.message.clone(),
                    },
                };
                worst = Some((w.phase, at, e));
            }
        }
        record0 += p.records;
    }
    if records > opts.max_stop_times && worst.as_ref().is_none_or(|(ph, r, _)| (0, opts.max_stop_times) < (*ph, *r)) {
        return Err(super::source::over_budget(&ctx.file(FILE), opts.max_stop_times + 1, opts));
    }
    if let Some((_, _, e)) = worst {
        return Err(e);
    }
    if records == 0 {
        return Err(super::tables::no_rows(ctx, FILE, "stop_times"));
    }
    let _ = plan;
    Ok(rows)
}

/// Plain text (see [`split`]), whose records are its non-blank lines: in the pieces the survey
/// cut it into (`cuts`), parsed in parallel, each piece writing its records straight into its
/// part of the records (a place per line; blank lines leave gaps, closed after). Returns the
/// plan (`None`: no header), the pieces and the records.
fn parse_lines(bytes: &[u8], cuts: &Cuts, look: &Lookup) -> (Option<Plan>, Vec<Piece>, Records) {
    let Some((header_line, header, at)) = split::header(bytes) else {
        return (None, Vec::new(), Records::default());
    };
    let plan = Plan::new(&header.split(|&b| b == b',').collect::<Vec<_>>());
    let body = &bytes[at..];
    let (ranges, bounds): (Vec<std::ops::Range<usize>>, Vec<usize>) = cuts.after(bytes, at).into_iter().unzip();
    let mut rows = Records::with_len(bounds.iter().sum());
    let parts = split::parts(&mut rows.calls, &bounds).into_iter().zip(split::parts(&mut rows.keys, &bounds));
    let mut pieces: Vec<Piece> = ranges
        .into_par_iter()
        .zip(parts.collect::<Vec<_>>())
        .map(|(r, part)| parse_piece(&plan, &body[r], look, part))
        .collect();
    // Close the gaps blank lines left.
    let (mut to, mut from) = (0usize, 0usize);
    for (p, &n) in pieces.iter().zip(&bounds) {
        if to != from {
            rows.calls.copy_within(from..from + p.rows, to);
            rows.keys.copy_within(from..from + p.rows, to);
        }
        to += p.rows;
        from += n;
    }
    rows.calls.truncate(to);
    rows.keys.truncate(to);
    // Lines were counted from each piece's start (0: its first line).
    let mut first_line = header_line + 1;
    for p in &mut pieces {
        if let Some(w) = &mut p.worst {
            w.line += first_line;
        }
        first_line += p.lines;
    }
    (Some(plan), pieces, rows)
}

fn parse_piece(plan: &Plan, piece: &[u8], look: &Lookup, (calls, keys): (&mut [Call], &mut [Key])) -> Piece {
    let mut out = Out { calls, keys, piece: Piece { rows: 0, records: 0, lines: 0, worst: None } };
    let mut ends: Vec<usize> = Vec::with_capacity(plan.cols.len() + 1);
    let mut last = LastTrip::new();
    let fast_ok = plan.fast_ok();
    let mut at = 0;
    while at < piece.len() {
        if fast_ok && let Some((row, next)) = plan.fast(piece, at, look, &mut last) {
            out.push(row);
            out.piece.records += 1;
            out.piece.lines += 1;
            at = next;
            continue;
        }
        // Anything else: the general reading of the line.
        let end = memchr::memchr(b'\n', &piece[at..]).map_or(piece.len(), |i| at + i);
        ends.extend(memchr::memchr_iter(b',', &piece[at..end]));
        line(plan, &piece[at..end], &mut ends, look, &mut last, &mut out);
        at = end + 1;
    }
    out.piece
}

/// One line of a piece, its commas at `ends` (emptied after).
fn line(plan: &Plan, line: &[u8], ends: &mut Vec<usize>, look: &Lookup, last: &mut LastTrip, out: &mut Out) {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if !line.is_empty() {
        ends.push(line.len());
        let split = Split { line, ends };
        match plan.record(&split, look, last) {
            Ok(row) => out.push(row),
            Err(f) => keep(&mut out.piece.worst, f, out.piece.records, out.piece.lines),
        }
        out.piece.records += 1;
    }
    ends.clear();
    out.piece.lines += 1;
}

/// Any CSV (quoted fields, line ends inside them, bare CR line ends), read in one piece by the
/// `csv` crate. Lines are counted as the records start, as [`record_at`] counts them.
fn parse_csv(bytes: &[u8], look: &Lookup) -> (Option<Plan>, Vec<Piece>, Records) {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(bytes);
    let mut lines = LineCounter::new(bytes);
    let mut rec = csv::ByteRecord::new();
    if !matches!(rdr.read_byte_record(&mut rec), Ok(true)) {
        return (None, Vec::new(), Records::default());
    }
    lines.line_of(&rec);
    let plan = Plan::new(&rec.iter().collect::<Vec<_>>());
    let mut rows = Records::default();
    let mut out = Piece { rows: 0, records: 0, lines: 0, worst: None };
    let mut last = LastTrip::new();
    while let Ok(true) = rdr.read_byte_record(&mut rec) {
        let line = lines.line_of(&rec);
        match plan.record(&rec, look, &mut last) {
            Ok(row) => rows.push(row),
            Err(f) => keep(&mut out.worst, f, out.records, line),
        }
        out.records += 1;
    }
    out.rows = rows.keys.len();
    (Some(plan), vec![out], rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_is_unicode_trim() {
        assert_eq!(trim(b"S1"), b"S1");
        assert_eq!(trim(b" S1\t"), b"S1");
        assert_eq!(trim("\u{3000}S1\u{a0}".as_bytes()), b"S1");
        assert_eq!(trim(b""), b"");
        assert_eq!(trim("Ö".as_bytes()), "Ö".as_bytes());
    }

    /// Parses `text` whole and in pieces of 16 bytes; both must agree.
    fn parse_both_ways(text: &str) -> Result<Records, FeedError> {
        let lines = std::collections::BTreeMap::new();
        let ctx = Ctx { shown: "f".into(), prefix: "f", lines: &lines };
        let mut trips = super::super::tables::id_map(4);
        trips.insert(&b"T1"[..], 0);
        trips.insert(&b"T2"[..], 1);
        let mut stops = super::super::tables::id_map(4);
        stops.insert(&b"S1"[..], 0);
        stops.insert(&b"S2"[..], 1);
        let stops = FastIds::new(&stops);
        let order = [TripRec { id: "T1", ..TripRec::default() }, TripRec { id: "T2", ..TripRec::default() }];
        let look = Lookup { trips: &trips, trip_order: &order, stops: &stops };
        let opts = LoadOptions::default();
        let cuts = |size| split::survey_in(text.as_bytes(), size).cuts;
        let whole = parse(&ctx, text.as_bytes(), cuts(usize::MAX).as_ref(), &look, &opts);
        let pieces = parse(&ctx, text.as_bytes(), cuts(16).as_ref(), &look, &opts);
        assert_eq!(whole, pieces, "{text}");
        // The general CSV reading gives the same.
        assert_eq!(whole, parse(&ctx, text.as_bytes(), None, &look, &opts), "{text}");
        whole
    }

    #[test]
    fn pieces_give_the_same_rows_and_errors_as_one_piece() {
        let h = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";
        let rows = "T1,08:00:00,08:00:00,S1,1\nT1,08:10:00,,S2,2\n\nT2,9:00:00,09:00:00,S2,1\r\nT2,,,SX,2\n";
        let ok = parse_both_ways(&format!("{h}{rows}")).unwrap();
        assert_eq!((ok.calls.len(), ok.keys.len()), (4, 4));
        let c = &ok.calls;
        assert_eq!(
            (c[1].arrival, c[1].departure, c[2].arrival, c[3].stop),
            (8 * 3600 + 600, NO_TIME, 9 * 3600, NO_STOP)
        );
        assert_eq!(ok.keys[2], Key { trip: 1, seq: 1 });
        // A bad sequence on line 6 loses to a bad time on line 8 (the strict pre-pass came
        // first), which loses to nothing: both are reported as the former loader did.
        let e = parse_both_ways(&format!("{h}{rows}T2,08:00:00,08:00:00,S1,x\n\nT1,8:0:0,,S1,9\n")).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(9), Some("arrival_time")), "{e}");
        let e =
            parse_both_ways(&format!("{h}{rows}TX,08:00:00,08:00:00,S1,3\nT2,08:00:00,08:00:00,S1,x\n")).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(8), Some("stop_sequence")), "{e}");
    }
}
