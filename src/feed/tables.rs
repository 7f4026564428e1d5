//! Reading the small GTFS files (every file but `stop_times.txt`; `trips.txt` and `stops.txt`
//! only when narhet's own readings do not take them: see [`super::trips`], [`super::stops`] and
//! [`fast_or_former`]) into gtfs-structures' record types, exactly as gtfs-structures reads them
//! (flexible rows, fields and headers trimmed), and turning its errors into [`FeedError`]s that
//! name the file, the line and the field. Also the id maps the bulk is resolved with.
//!
//! Line numbers are the lines records start on (the header is line 1): one line per record,
//! except in files where [`super::source`] recorded otherwise (quoted fields spanning lines,
//! blank lines).
//!
//! Within `feed` only (with `convert` and `calls`, the places that name gtfs-structures).

use std::collections::{BTreeMap, HashMap};

use gtfs_structures as gs;
use serde::de::DeserializeOwned;

use rayon::prelude::*;

use super::FeedError;
use super::source::Files;
use super::split::{self, Cuts};

/// Ids of one namespace (stops, trips, …) of one feed, to their index.
pub(super) type IdMap<'a> = HashMap<&'a [u8], u32, foldhash::fast::FixedState>;

pub(super) fn id_map<'a>(capacity: usize) -> IdMap<'a> {
    HashMap::with_capacity_and_hasher(capacity, foldhash::fast::FixedState::default())
}

/// An id map for the bulk lookups of `stop_times.txt`: ids of up to 16 bytes are keyed by their
/// bytes packed into an integer (one comparison, and no visit to the id's text elsewhere in
/// memory: a cache miss per row at 5 M rows) in a table of their own ([`Packed`]), longer ids
/// by their text.
pub(super) struct FastIds<'a> {
    short: Packed,
    long: &'a IdMap<'a>,
}

impl<'a> FastIds<'a> {
    pub fn new(long: &'a IdMap<'a>) -> Self {
        let short = Packed::new(long.iter().filter_map(|(k, &v)| Some((pack(k)?, v))), long.len());
        FastIds { short, long }
    }

    #[inline]
    pub fn get(&self, id: &[u8]) -> Option<u32> {
        match pack(id) {
            Some(k) => self.short.get(k),
            None => self.long.get(id).copied(),
        }
    }

    /// [`FastIds::get`] of the `len` bytes of `text` from `start` (which must lie in `text`).
    #[inline]
    pub fn get_in(&self, text: &[u8], start: usize, len: usize) -> Option<u32> {
        match pack_in(text, start, len) {
            Some(k) => self.short.get(k),
            None => self.long.get(&text[start..start + len]).copied(),
        }
    }
}

/// An id of up to 16 bytes as an integer and its length.
#[inline]
pub(super) fn pack(id: &[u8]) -> Option<(u128, u8)> {
    let mut b = [0u8; 16];
    b.get_mut(..id.len())?.copy_from_slice(id);
    Some((u128::from_le_bytes(b), id.len() as u8))
}

/// [`pack`] of the `len` bytes of `text` from `start`: where the text goes on for 16 bytes, read
/// as one integer and masked (no copy of a length known only at run time, which is a call).
#[inline]
pub(super) fn pack_in(text: &[u8], start: usize, len: usize) -> Option<(u128, u8)> {
    if len > 16 {
        return None;
    }
    match text.get(start..start + 16).and_then(|w| <[u8; 16]>::try_from(w).ok()) {
        Some(w) => {
            let mask = if len == 16 { u128::MAX } else { (1u128 << (8 * len)) - 1 };
            Some((u128::from_le_bytes(w) & mask, len as u8))
        }
        None => pack(text.get(start..start + len)?),
    }
}

/// Packed ids ([`pack`]) to their index, by open addressing: one multiply to hash, one
/// comparison to find (hashing the pair through a general hasher was a tenth of the bulk parse).
struct Packed {
    slots: Vec<Slot>,
    bits: u32,
}

#[derive(Clone, Copy)]
struct Slot {
    key: u128,
    /// The id's length; [`EMPTY`] for a free slot.
    len: u8,
    value: u32,
}

const EMPTY: u8 = u8::MAX;

impl Packed {
    /// The table of `n` entries (keys distinct), at most half full.
    fn new(entries: impl Iterator<Item = ((u128, u8), u32)>, n: usize) -> Packed {
        let bits = (2 * n.max(8)).next_power_of_two().trailing_zeros();
        let mut t = Packed { slots: vec![Slot { key: 0, len: EMPTY, value: 0 }; 1 << bits], bits };
        let mask = t.slots.len() - 1;
        for ((key, len), value) in entries {
            let mut i = t.home(key, len);
            while t.slots[i].len != EMPTY && (t.slots[i].key, t.slots[i].len) != (key, len) {
                i = (i + 1) & mask;
            }
            t.slots[i] = Slot { key, len, value };
        }
        t
    }

    #[inline]
    fn home(&self, key: u128, len: u8) -> usize {
        let x = (key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ ((key >> 64) as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ u64::from(len);
        ((x ^ (x >> 31)).wrapping_mul(0x1656_67B1_9E37_79F9) >> (64 - self.bits)) as usize
    }

    #[inline]
    fn get(&self, (key, len): (u128, u8)) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key, len);
        loop {
            let s = &self.slots[i];
            if s.len == len && s.key == key {
                return Some(s.value);
            }
            if s.len == EMPTY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Where messages point: the feed as shown to the user, its name (the prefix of renamed ids)
/// and the record lines of files whose records do not sit one per line.
pub(super) struct Ctx<'a> {
    pub shown: String,
    pub prefix: &'a str,
    pub lines: &'a BTreeMap<String, Vec<u64>>,
}

impl Ctx<'_> {
    pub fn file(&self, name: &str) -> String {
        format!("{}/{}", self.shown, name)
    }

    /// The line record `row` (0-based, after the header) of `name` starts on.
    pub fn line(&self, name: &str, row: usize) -> u64 {
        match self.lines.get(name).and_then(|l| l.get(row)) {
            Some(&l) => l,
            None => row as u64 + 2,
        }
    }

    pub fn err(&self, name: &str, row: usize, field: &str, msg: impl Into<String>) -> FeedError {
        FeedError::at(self.file(name), self.line(name, row), field, msg)
    }
}

/// A file's records from narhet's own reading (`fast`, given the bytes and, when the survey
/// found them plain, their pieces), or, where it does not take the file or finds no rows, from
/// gtfs-structures ([`required_rows`]), whose records are kept in `held` for the records to
/// borrow: the same records, or the same error as before.
pub(super) fn fast_or_former<'a, G: DeserializeOwned + Send, R: From<&'a G>>(
    ctx: &Ctx,
    files: &'a Files,
    (name, what): (&str, &str),
    held: &'a mut Option<Vec<G>>,
    fast: impl FnOnce(&'a [u8], Option<&'a Cuts>) -> Option<Vec<R>>,
) -> Result<Vec<R>, FeedError> {
    match files.files.get(name).and_then(|bytes| fast(bytes, files.cuts(name))) {
        Some(records) if !records.is_empty() => Ok(records),
        _ => Ok(held.insert(required_rows(ctx, files, name, what)?).iter().map(R::from).collect()),
    }
}

/// gtfs-structures' own reading of a whole text, as [`read_objs`] reads a file in one piece
/// (for tests that hold narhet's readings to it).
#[cfg(test)]
pub(super) fn serde_way<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, String> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::Fields).from_reader(bytes);
    let headers: csv::StringRecord = r.headers().map_err(|e| e.to_string())?.iter().map(str::trim).collect();
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        out.push(rec.deserialize(Some(&headers)).map_err(|e| e.to_string())?);
    }
    Ok(out)
}

/// A file the feed cannot do without.
pub(super) fn required<T: DeserializeOwned + Send>(ctx: &Ctx, files: &Files, name: &str) -> Result<Vec<T>, FeedError> {
    match files.files.get(name) {
        Some(bytes) => read_objs(bytes, files.cuts(name), name).map_err(|e| map_error(ctx, name, e)),
        None => Err(FeedError::new(ctx.file(name), "required file is missing")),
    }
}

/// Like [`required`], and a header without rows is an error too.
pub(super) fn required_rows<T: DeserializeOwned + Send>(
    ctx: &Ctx,
    files: &Files,
    name: &str,
    what: &str,
) -> Result<Vec<T>, FeedError> {
    let rows = required(ctx, files, name)?;
    if rows.is_empty() {
        return Err(no_rows(ctx, name, what));
    }
    Ok(rows)
}

pub(super) fn no_rows(ctx: &Ctx, name: &str, what: &str) -> FeedError {
    FeedError::new(ctx.file(name), format!("no {what}: the file has a header but no rows"))
}

/// A file the feed may leave out: `None` when it is absent.
pub(super) fn optional<T: DeserializeOwned + Send>(
    ctx: &Ctx,
    files: &Files,
    name: &str,
) -> Result<Option<Vec<T>>, FeedError> {
    let read = |bytes: &[u8]| read_objs(bytes, files.cuts(name), name).map_err(|e| map_error(ctx, name, e));
    files.files.get(name).map(|bytes| read(bytes)).transpose()
}

/// gtfs-structures' own reading of one file (its `read_objs`), from bytes: a leading BOM is
/// skipped, rows may have any number of fields, fields and headers are trimmed. Plain text of
/// some size (`cuts`: its pieces, as the survey found them) is parsed in its pieces in parallel.
///
/// An error comes with the number of records before the piece it is in (header included).
fn read_objs<T: DeserializeOwned + Send>(
    bytes: &[u8],
    cuts: Option<&Cuts>,
    name: &str,
) -> Result<Vec<T>, (gs::Error, u64)> {
    if bytes.len() < 3 {
        let e = std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "failed to fill whole buffer");
        return Err((gs::Error::NamedFileIO { file_name: name.to_string(), source: Box::new(e) }, 0));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let builder = || {
        let mut b = csv::ReaderBuilder::new();
        b.flexible(true).trim(csv::Trim::Fields);
        b
    };
    let csv_error = |source, line_in_error| gs::Error::CSVError { file_name: name.to_string(), source, line_in_error };
    let mut reader = builder().from_reader(bytes);
    let headers: csv::StringRecord =
        reader.headers().map_err(|e| (csv_error(e, None), 0))?.clone().into_iter().map(str::trim).collect();
    let read = |reader: &mut csv::Reader<&[u8]>| -> Result<Vec<T>, gs::Error> {
        let mut rec = csv::StringRecord::new();
        let mut objs = Vec::new();
        while reader.read_record(&mut rec).map_err(|e| csv_error(e, None))? {
            let obj = rec.deserialize(Some(&headers)).map_err(|e| {
                let values = rec.iter().map(String::from).collect();
                let headers = headers.iter().map(String::from).collect();
                csv_error(e, Some(gs::error::LineError { headers, values }))
            })?;
            objs.push(obj);
        }
        Ok(objs)
    };
    let (at, cuts) = match (split::header(bytes), cuts) {
        (Some((_, _, at)), Some(cuts)) if bytes.len() >= 1 << 20 => (at, cuts),
        _ => return read(&mut reader).map_err(|e| (e, 0)),
    };
    let body = &bytes[at..];
    let pieces: Vec<Result<Vec<T>, gs::Error>> = cuts
        .after(bytes, at)
        .into_par_iter()
        .map(|(r, _)| read(&mut builder().has_headers(false).from_reader(&body[r])))
        .collect();
    let mut objs = Vec::new();
    for piece in pieces {
        match piece {
            Ok(mut p) if objs.is_empty() => objs = std::mem::take(&mut p),
            Ok(p) => objs.extend(p),
            Err(e) => return Err((e, objs.len() as u64 + 1)),
        }
    }
    Ok(objs)
}

/// `before`: records of the file before the reader's first (a piece's offset).
fn map_error(ctx: &Ctx, name: &str, (e, before): (gs::Error, u64)) -> FeedError {
    match e {
        gs::Error::MissingFile(f) => FeedError::new(ctx.file(&f), "required file is missing"),
        gs::Error::CSVError { file_name, source, line_in_error } => {
            // By record, not csv's line count (which lags after CRLF and blank lines).
            let line = source.position().map(|p| match p.record() + before {
                0 => 1,
                r => ctx.line(&file_name, r as usize - 1),
            });
            let mut field = None;
            let mut message = source.to_string();
            if let csv::ErrorKind::Deserialize { err, .. } = source.kind() {
                message = err.kind().to_string();
                if let Some(le) = &line_in_error {
                    // csv knows the column for plain types; for gtfs-structures' own parsers
                    // (coordinates, dates) it is the typed column whose value does not read.
                    let i = err.field().map(|i| i as usize).or_else(|| typed_column(&message, &le.headers, &le.values));
                    if let Some(i) = i {
                        field = le.headers.get(i).cloned();
                        if let Some(v) = le.values.get(i) {
                            message = format!("invalid value '{}': {message}", shorten(v));
                        }
                    }
                }
                if let Some(col) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
                    return missing_column(ctx.file(&file_name), col);
                }
            }
            FeedError { file: ctx.file(&file_name), line, field, message }
        }
        other => FeedError::new(ctx.file(name), other.to_string()),
    }
}

/// The column a type error without a column index is about: the first coordinate column whose
/// value is not a number (float errors), or date column whose value is not YYYYMMDD (date errors).
fn typed_column(message: &str, headers: &[String], values: &[String]) -> Option<usize> {
    let float = message.contains("float");
    let date = message.contains("strptime") || message.contains("date");
    headers.iter().zip(values).position(|(h, v)| {
        let v = v.trim();
        if float && (h.ends_with("_lat") || h.ends_with("_lon") || h == "shape_dist_traveled") {
            v.parse::<f64>().is_err()
        } else if date && (h.ends_with("_date") || h == "date") {
            v.len() != 8 || !v.bytes().all(|b| b.is_ascii_digit())
        } else {
            false
        }
    })
}

/// A value as shown in an error: at most 80 characters (a 10 MB field is not echoed whole).
pub(super) fn shorten(v: &str) -> String {
    const MAX: usize = 80;
    match v.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}… ({} bytes)", &v[..at], v.len()),
        None => v.to_string(),
    }
}

/// A column the file must have: reported on the header line.
pub(super) fn missing_column(file: String, col: &str) -> FeedError {
    FeedError { file, line: Some(1), field: Some(col.to_string()), message: "required column is missing".into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_ids_find_what_the_id_map_finds() {
        let ids: [&[u8]; 6] = [b"", b"A", b"A\0", b"0123456789abcdef", b"0123456789abcdefg", b"9022000000042060"];
        let mut m = id_map(8);
        for (i, id) in ids.iter().enumerate() {
            m.insert(*id, i as u32);
        }
        let fast = FastIds::new(&m);
        for id in ids {
            assert_eq!(fast.get(id), m.get(id).copied(), "{id:?}");
            // Inside a longer text, at its end, at its start.
            let text = [b"xy,".as_slice(), id, b",9022000000042061,z"].concat();
            assert_eq!(fast.get_in(&text, 3, id.len()), m.get(id).copied(), "{id:?}");
            let text = [b"xy,".as_slice(), id].concat();
            assert_eq!(fast.get_in(&text, 3, id.len()), m.get(id).copied(), "{id:?}");
            assert_eq!(fast.get_in(id, 0, id.len()), m.get(id).copied(), "{id:?}");
        }
        // Not in the map: prefixes, a longer id sharing the first 16 bytes, zero padding.
        for id in [&b"A\0\0"[..], b"0123456789abcde", b"0123456789abcdefh", b"B"] {
            assert_eq!(fast.get(id), None, "{id:?}");
            let text = [id, b",0123456789abcdef0123"].concat();
            assert_eq!(fast.get_in(&text, 0, id.len()), None, "{id:?}");
        }
        // Many ids (the table grows past its smallest size; neighbours collide).
        let many: Vec<String> = (0..5_000).map(|i| format!("90220000000{i:05}")).collect();
        let mut m = id_map(many.len());
        for (i, id) in many.iter().enumerate() {
            m.insert(id.as_bytes(), i as u32);
        }
        let fast = FastIds::new(&m);
        for (i, id) in many.iter().enumerate() {
            assert_eq!(fast.get(id.as_bytes()), Some(i as u32));
        }
        assert_eq!(fast.get(b"9022000000099999"), None);
    }
}
