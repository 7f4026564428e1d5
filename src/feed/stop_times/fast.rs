//! The common record of `stop_times.txt` read in one pass over its bytes: fields found eight
//! bytes at a time, converted as they are found, no comma list, no fault values built. It takes
//! only what reads without doubt — every field present, no white space around a value, times
//! `H:MM:SS`/`HH:MM:SS`, sequence numbers of up to nine digits, codes `0`–`3`, a known trip —
//! and leaves every other line to the general reading ([`Plan::record`]), which then gives the
//! row or the fault it always gave. What it takes it reads exactly as the general reading does
//! (a test holds the two together on random lines).
//!
//! Within `feed::stop_times` only.

use super::super::split::{first_of, visible_ends};
use super::super::tables::pack_in;
use super::{Col, LastTrip, Lookup, NO_STOP, NO_TIME, Plan, Row, fast_time, trim};

/// Commas and LFs among the 64 bytes from `p` (fewer at the end of the text), as bits: found for
/// a whole record at once.
#[inline]
fn delimiters(b: &[u8], p: usize) -> u64 {
    match b.get(p..p + 64).and_then(|w| <&[u8; 64]>::try_from(w).ok()) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of every x86-64 processor (the target's baseline), which is all
        // that `delimiters64` asks of the one running it.
        Some(w) => unsafe { delimiters64(w) },
        #[cfg(not(target_arch = "x86_64"))]
        Some(w) => delimiters64(w),
        None => {
            let rest = b.get(p..).unwrap_or_default();
            rest.iter().enumerate().fold(0u64, |m, (i, &c)| m | (u64::from((c == b',') | (c == b'\n')) << i))
        }
    }
}

/// [`delimiters`] of 64 bytes by vector compares (SSE2 is part of every x86-64 processor).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn delimiters64(w: &[u8; 64]) -> u64 {
    use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let (comma, lf) = (_mm_set1_epi8(b',' as i8), _mm_set1_epi8(b'\n' as i8));
    let mut m = 0u64;
    for (k, chunk) in w.chunks_exact(16).enumerate() {
        // SAFETY: an unaligned load of the 16 bytes of `chunk`, which lie inside `w`.
        let v = unsafe { _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>()) };
        let hits = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)));
        m |= u64::from(hits as u16) << (16 * k);
    }
    m
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn delimiters64(w: &[u8; 64]) -> u64 {
    w.iter().enumerate().fold(0u64, |m, (i, &c)| m | (u64::from((c == b',') | (c == b'\n')) << i))
}

/// The delimiters of a record, found 64 bytes at a time ([`delimiters`]).
struct Cursor {
    /// Where the bits start.
    base: usize,
    bits: u64,
}

impl Cursor {
    /// The first comma or LF at or after `p` (at or after `base`), or the end, as
    /// [`first_of`] finds it.
    #[inline]
    fn next(&mut self, b: &[u8], p: usize) -> usize {
        let rel = p - self.base;
        let m = if rel < 64 { self.bits & (u64::MAX << rel) } else { 0 };
        if m != 0 {
            return self.base + m.trailing_zeros() as usize;
        }
        (self.base, self.bits) = (p, delimiters(b, p));
        if self.bits != 0 { p + self.bits.trailing_zeros() as usize } else { first_of(b, p, [b',', b'\n']) }
    }
}

/// An id as written, when trimming would not change it.
#[inline]
fn id(f: &[u8]) -> Option<&[u8]> {
    visible_ends(f).then_some(f)
}

#[inline]
fn time(f: &[u8]) -> Option<u32> {
    if f.is_empty() { Some(NO_TIME) } else { fast_time(f) }
}

/// `pickup_type`-like codes: available unless 1.
#[inline]
fn code(f: &[u8]) -> Option<bool> {
    match f {
        b"" | b"0" | b"2" | b"3" => Some(true),
        b"1" => Some(false),
        _ => None,
    }
}

/// A number `f32` reads: digits with at most one point, at least one digit.
fn distance(f: &[u8]) -> bool {
    f.iter().any(u8::is_ascii_digit)
        && f.iter().all(|&c| c.is_ascii_digit() || c == b'.')
        && f.iter().filter(|&&c| c == b'.').count() <= 1
}

impl Plan {
    /// Can records be read by [`Plan::fast`] at all (no repeated or missing column)?
    pub(super) fn fast_ok(&self) -> bool {
        self.dup.is_none() && self.missing.is_none() && !self.cols.is_empty()
    }

    /// The record of the line starting at `at` and where the next line starts, or `None` when
    /// the line is anything but the common case (the general reading then decides).
    #[inline]
    pub(super) fn fast(&self, b: &[u8], at: usize, look: &Lookup, last: &mut LastTrip) -> Option<(Row, usize)> {
        let mut row = Row::BLANK;
        let (mut trip_id, mut stop_id): (&[u8], &[u8]) = (b"", b"");
        let (mut trip_at, mut stop_at) = (0usize, 0usize);
        let n = self.cols.len();
        let mut p = at;
        let mut cursor = Cursor { base: at, bits: delimiters(b, at) };
        for (i, &col) in self.cols.iter().enumerate() {
            // A time is most often `HH:MM:SS` and a comma: no need to look for the end.
            let end = match col {
                Col::Arrival | Col::Departure if b.get(p + 8) == Some(&b',') && b[p + 2] == b':' => p + 8,
                _ => cursor.next(b, p),
            };
            let more = end < b.len() && b[end] == b',';
            // Every column but the last ends at a comma, the last at the line's end.
            if more != (i + 1 < n) {
                return None;
            }
            let start = p;
            let mut f = &b[p..end];
            if !more {
                f = f.strip_suffix(b"\r").unwrap_or(f);
            }
            p = end + 1;
            match col {
                Col::TripId => (trip_id, trip_at) = (id(f)?, start),
                Col::StopId => (stop_id, stop_at) = (id(f)?, start),
                Col::Arrival => row.arr = time(f)?,
                Col::Departure => row.dep = time(f)?,
                Col::Sequence => {
                    if f.is_empty() || f.len() > 9 || !f.iter().all(u8::is_ascii_digit) {
                        return None;
                    }
                    row.seq = f.iter().fold(0u32, |s, &c| s * 10 + (c - b'0') as u32);
                }
                Col::Pickup => {
                    row.pickup = code(f)?;
                    row.booking |= f == b"2";
                }
                Col::DropOff => {
                    row.drop_off = code(f)?;
                    row.booking |= f == b"2";
                }
                Col::Continuous => {
                    code(f)?;
                }
                Col::BookingRule => row.booking |= !trim(f).is_empty(),
                Col::ShapeDist if !f.is_empty() && !distance(f) => return None,
                Col::Timepoint if !matches!(f, b"" | b"0" | b"1") => return None,
                Col::Ticketing if !matches!(f, b"0" | b"1") => return None,
                Col::ShapeDist | Col::Timepoint | Col::Ticketing | Col::Text | Col::Ignored => {}
            }
        }
        if trip_id.is_empty() {
            return None;
        }
        // The previous record's trip, compared as one integer when its id is short.
        let same = match last.packed {
            Some(k) => pack_in(b, trip_at, trip_id.len()) == Some(k),
            None => trip_id == last.id.as_slice(),
        };
        row.trip = if same && last.idx != u32::MAX {
            last.idx
        } else {
            let t = look.trip(trip_id, last.idx)?;
            last.set(trip_id, t);
            t
        };
        row.stop = look.stops.get_in(b, stop_at, stop_id.len()).unwrap_or(NO_STOP);
        Some((row, p.min(b.len())))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Split;
    use super::*;
    use crate::feed::tables::{FastIds, id_map};
    use crate::feed::trips::TripRec;

    #[test]
    fn delimiter_finds_the_first_comma_or_line_end() {
        let text = b"0123456789abcdef,x\n0123456\n,";
        for p in 0..text.len() {
            let slow = (p..text.len()).find(|&i| text[i] == b',' || text[i] == b'\n').unwrap_or(text.len());
            assert_eq!(first_of(text, p, [b',', b'\n']), slow, "from {p}");
        }
        assert_eq!(first_of(b"abc", 0, [b',', b'\n']), 3);
        // The cursor, on text with fields long and short, from any start, stepping on.
        let text: Vec<u8> = (0..400)
            .map(|i| {
                if i % 7 == 0 || i % 71 == 3 {
                    b','
                } else if i % 97 == 5 {
                    b'\n'
                } else {
                    b'x'
                }
            })
            .collect();
        for start in 0..text.len() {
            let mut cursor = Cursor { base: start, bits: delimiters(&text, start) };
            let mut p = start;
            while p < text.len() {
                let slow = (p..text.len()).find(|&i| text[i] == b',' || text[i] == b'\n').unwrap_or(text.len());
                assert_eq!(cursor.next(&text, p), slow, "from {start}, at {p}");
                p = slow + 1 + (p % 3) * 40;
            }
        }
    }

    /// Random lines of tricky tokens: what the fast reading takes, the general reading reads the
    /// same; the fast reading takes the plain common case.
    #[test]
    fn the_fast_reading_agrees_with_the_general_one() {
        let tokens: [&str; 22] = [
            "", "T1", "T2", "TX", " T1", "S1", "S2", "S1 ", "08:00:00", "8:00:00", "08:60:00", "25:00:00", "8:0:0",
            "1", "0", "2", "3", "4", "12", "0x1", "1.5", "\u{a0}",
        ];
        // Mostly a value the column often has, sometimes any token.
        let good = |name: &str| -> &'static [&'static str] {
            match name {
                "trip_id" => &["T1", "T2"],
                "stop_id" => &["S1", "S2", "SX", ""],
                "arrival_time" | "departure_time" => &["08:00:00", "8:00:00", "", "23:59:59", "30:00:00"],
                "stop_sequence" => &["1", "12", "0", "123456789", "1234567890"],
                "shape_dist_traveled" => &["", "1.5", "2", ".5", "5.", "1.2.3"],
                "timepoint" => &["", "0", "1"],
                "ticketing_type" => &["0", "1", ""],
                "pickup_booking_rule_id" => &["", "r"],
                "pickup_type" | "drop_off_type" | "continuous_pickup" => &["", "0", "1", "2", "3"],
                _ => &["x", "", "Växjö"],
            }
        };
        let headers = [
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type,shape_dist_traveled",
            "stop_sequence,stop_id,trip_id,departure_time,arrival_time,timepoint,stop_headsign,extra",
            "trip_id,arrival_time,departure_time,stop_id,stop_sequence,continuous_pickup,ticketing_type,\
             pickup_booking_rule_id",
        ];
        let mut trips = id_map(4);
        trips.insert(&b"T1"[..], 0);
        trips.insert(&b"T2"[..], 1);
        let mut stops = id_map(4);
        stops.insert(&b"S1"[..], 0);
        stops.insert(&b"S2"[..], 1);
        let stops = FastIds::new(&stops);
        let order = [TripRec { id: "T1", ..TripRec::default() }, TripRec { id: "T2", ..TripRec::default() }];
        let look = Lookup { trips: &trips, trip_order: &order, stops: &stops };
        let mut seed = 12345u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut taken = 0;
        for header in headers {
            let names: Vec<&[u8]> = header.split(',').map(str::as_bytes).collect();
            let plan = Plan::new(&names);
            assert!(plan.fast_ok());
            for _ in 0..40_000 {
                let k = names.len() + [1, 1, 1, 1, 1, 1, 0, 2][next(8)] - 1;
                let fields: Vec<&str> = (0..k)
                    .map(|i| match names.get(i).map(|n| good(std::str::from_utf8(n).unwrap_or(""))) {
                        Some(g) if next(10) > 0 => g[next(g.len())],
                        _ => tokens[next(tokens.len())],
                    })
                    .collect();
                let line = format!("{}{}", fields.join(","), ["\n", "\r\n", ""][next(3)]);
                let bytes = line.as_bytes();
                let (mut l1, mut l2) = (LastTrip::new(), LastTrip::new());
                let Some((row, next_at)) = plan.fast(bytes, 0, &look, &mut l1) else { continue };
                taken += 1;
                assert_eq!(next_at, bytes.len(), "{line:?}");
                let text = line.trim_end_matches('\n').trim_end_matches('\r');
                let mut ends: Vec<usize> = memchr::memchr_iter(b',', text.as_bytes()).collect();
                ends.push(text.len());
                let general = plan.record(&Split { line: text.as_bytes(), ends: &ends }, &look, &mut l2);
                assert_eq!(general.ok(), Some(row), "{header} / {line:?}");
            }
        }
        assert!(taken > 10_000, "the fast reading took {taken} lines");
    }
}
