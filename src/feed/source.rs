//! Reading a feed's files from a zip or a directory, safely, and the checks that run on the raw
//! bytes before any file is parsed.
//!
//! Zips: entries inside one sub-folder are accepted; `..` or absolute paths are refused; the
//! unpacked size is capped. Text: a UTF-8 BOM is dropped; a file that is not UTF-8 is decoded as
//! Latin-1 (ISO 8859-1), with a warning, rather than mangled.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use super::split::Cuts;
use super::{FeedError, LoadOptions, Warnings};

/// A file's bytes: mapped from disk (large files: no copy) or in memory, from `start` on (a
/// dropped BOM moves the start).
pub(super) struct Bytes {
    data: Data,
    start: usize,
}

enum Data {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        let all: &[u8] = match &self.data {
            Data::Owned(v) => v,
            Data::Mapped(m) => m,
        };
        &all[self.start.min(all.len())..]
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Self {
        Bytes { data: Data::Owned(v), start: 0 }
    }
}

/// Files of at least this size are mapped rather than read.
const MAP_BYTES: u64 = 1 << 20;

/// Reads a file, mapping it into memory when it is large.
fn read_file(path: &Path) -> std::io::Result<Bytes> {
    let f = std::fs::File::open(path)?;
    if f.metadata()?.len() >= MAP_BYTES {
        // SAFETY: the map is only read. Mapping is unsafe because another process could change
        // or truncate the file while it is mapped; narhet expects its inputs to stay as they
        // are while it reads them (as any reader does), and a change could at worst give wrong
        // bytes or a bus error, never a write through the map.
        if let Ok(m) = unsafe { memmap2::Mmap::map(&f) } {
            return Ok(Bytes { data: Data::Mapped(m), start: 0 });
        }
    }
    let mut v = Vec::new();
    (&f).read_to_end(&mut v)?;
    Ok(v.into())
}

/// The files of a feed the tool reads, by base name, as UTF-8 without BOM.
pub(super) struct Files {
    pub files: BTreeMap<String, Bytes>,
    /// Where a file's records do not sit one per line (a quoted field spans lines, or blank
    /// lines are skipped): the 1-based line each record starts on, by record index. Files
    /// whose record `i` is on line `i + 2` have no entry.
    pub lines: BTreeMap<String, Vec<u64>>,
    /// The files that are plain (no quotes, every CR before an LF: see [`super::split::plain`])
    /// and their pieces, found while checking their text, so that the bulk is not read again to
    /// find out, nor to count its lines.
    pub plain: BTreeMap<String, Cuts>,
}

impl Files {
    /// The pieces of a plain file (see [`Files::plain`]); `None` when it is not plain.
    pub fn cuts(&self, name: &str) -> Option<&Cuts> {
        self.plain.get(name)
    }
}

pub(super) const KNOWN: [&str; 12] = [
    "locations.geojson",
    "agency.txt",
    "stops.txt",
    "routes.txt",
    "trips.txt",
    "stop_times.txt",
    "calendar.txt",
    "calendar_dates.txt",
    "frequencies.txt",
    "transfers.txt",
    "feed_info.txt",
    "shapes.txt",
];

/// A feed as found on disk, read but not yet unpacked or checked.
pub(super) enum Input {
    /// A directory's known files, by name.
    Dir(BTreeMap<String, Bytes>),
    /// A zip file's bytes.
    Zip(Bytes),
}

impl Input {
    /// Reads the feed at `path` (a directory or a zip).
    pub fn open(path: &Path) -> Result<Input, FeedError> {
        if path.is_dir() {
            let mut files = BTreeMap::new();
            for name in KNOWN {
                let p = path.join(name);
                if p.is_file() {
                    let bytes = read_file(&p).map_err(|e| FeedError::new(p.display().to_string(), e.to_string()))?;
                    files.insert(name.to_string(), bytes);
                }
            }
            Ok(Input::Dir(files))
        } else if path.is_file() {
            let bytes = read_file(path).map_err(|e| FeedError::new(path.display().to_string(), e.to_string()))?;
            Ok(Input::Zip(bytes))
        } else {
            Err(FeedError::new(path.display().to_string(), "no such file or directory"))
        }
    }

    /// The content of the input, for the network cache's key: every byte of every file it reads
    /// (a zip as it is), with the file names.
    pub fn hash(&self) -> u128 {
        let mut parts: Vec<(&str, &[u8])> = match self {
            Input::Dir(files) => files.iter().map(|(n, b)| (n.as_str(), &b[..])).collect(),
            Input::Zip(b) => vec![("zip", &b[..])],
        };
        let mut all = Vec::new();
        for (name, bytes) in parts.drain(..) {
            all.extend_from_slice(&(name.len() as u64).to_le_bytes());
            all.extend_from_slice(name.as_bytes());
            all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            all.extend_from_slice(&super::split::hash(bytes).to_le_bytes());
        }
        xxhash_rust::xxh3::xxh3_128(&all)
    }

    /// The feed's files, unpacked and decoded to UTF-8 but not checked (for `validate`, which
    /// reports every problem itself).
    pub fn raw_files(self, shown: &str, opts: &LoadOptions) -> Result<BTreeMap<String, Bytes>, FeedError> {
        let mut files = match self {
            Input::Dir(files) => files,
            Input::Zip(bytes) => read_zip(shown, &bytes, opts)?,
        };
        let mut ignored = Warnings::default();
        for (name, bytes) in files.iter_mut() {
            normalise_text(&format!("{shown}/{name}"), bytes, &mut ignored);
        }
        Ok(files)
    }

    /// The feed's files, unpacked and checked (see [`finish`]).
    pub fn files(self, shown: &str, opts: &LoadOptions, warnings: &mut Warnings) -> Result<Files, FeedError> {
        let files = match self {
            Input::Dir(files) => files,
            Input::Zip(bytes) => read_zip(shown, &bytes, opts)?,
        };
        finish(shown, files, opts, warnings)
    }
}

/// Reads a feed given as `(file name, bytes)` pairs (names as inside a feed, e.g. `stops.txt`;
/// other names are ignored); `shown` names the feed in messages.
pub(super) fn from_memory(
    shown: &str,
    given: &[(&str, &[u8])],
    opts: &LoadOptions,
    warnings: &mut Warnings,
) -> Result<Files, FeedError> {
    let mut files = BTreeMap::new();
    for (name, bytes) in given {
        if !KNOWN.contains(name) {
            continue;
        }
        if files.insert(name.to_string(), bytes.to_vec().into()).is_some() {
            return Err(FeedError::new(shown, format!("{name} is given more than once")));
        }
    }
    finish(shown, files, opts, warnings)
}

/// Text clean-up and the checks that run on raw bytes, before gtfs-structures parses anything.
fn finish(
    shown: &str,
    mut files: BTreeMap<String, Bytes>,
    opts: &LoadOptions,
    warnings: &mut Warnings,
) -> Result<Files, FeedError> {
    if files.is_empty() {
        return Err(FeedError::new(
            shown,
            "not a GTFS feed: none of agency.txt, stops.txt, routes.txt, trips.txt, stop_times.txt found",
        ));
    }
    let (mut lines, mut plain) = (BTreeMap::new(), BTreeMap::new());
    for (name, bytes) in files.iter_mut() {
        let file = format!("{shown}/{name}");
        if let Some(enc) = other_encoding(name, bytes) {
            return Err(FeedError::new(file, format!("is {enc}, not UTF-8 or Latin-1; save it as UTF-8")));
        }
        if let Some(cuts) = normalise_text(&file, bytes, warnings) {
            plain.insert(name.clone(), cuts);
        }
        if name == "stop_times.txt" {
            check_row_budget(&file, bytes, plain.get(name), opts)?;
        }
        if name.ends_with(".txt")
            && let Some(l) = scan(&file, name, bytes, plain.contains_key(name), warnings)?
        {
            lines.insert(name.clone(), l);
        }
    }
    Ok(Files { files, lines, plain })
}

/// The memory budget, before parsing: the rows of `stop_times.txt` counted from its newlines.
/// Quoted fields may hold newlines and blank lines are skipped, so in such a file the count is
/// only an upper bound and [`scan`] counts the records exactly instead.
/// `cuts`: the text's pieces when it is plain, whose lines the survey counted.
fn check_row_budget(file: &str, bytes: &[u8], cuts: Option<&Cuts>, opts: &LoadOptions) -> Result<(), FeedError> {
    // Rows are at most the newlines, which are at most the bytes: no need to count.
    if bytes.len() as u64 <= opts.max_stop_times {
        return Ok(());
    }
    let lines = cuts.map_or_else(|| super::split::lines_of(bytes, super::split::count_lf(bytes)), Cuts::lines);
    let rows = (lines as u64).saturating_sub(1);
    if rows <= opts.max_stop_times {
        return Ok(());
    }
    // Plain text has no quotes.
    let exact = (cuts.is_some() || !bytes.contains(&b'"')) && !has_blank_line(bytes);
    if exact { Err(over_budget(file, rows, opts)) } else { Ok(()) }
}

pub(super) fn over_budget(file: &str, rows: u64, opts: &LoadOptions) -> FeedError {
    FeedError::new(
        file,
        format!(
            "{rows} rows exceed the memory budget of {} stop_times (raise it with --max-stop-times)",
            opts.max_stop_times
        ),
    )
}

fn read_zip(shown: &str, zip: &[u8], opts: &LoadOptions) -> Result<BTreeMap<String, Bytes>, FeedError> {
    let mut files = BTreeMap::new();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip))
        .map_err(|e| FeedError::new(shown, format!("not a readable zip file ({e})")))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| FeedError::new(shown, format!("broken zip entry {i}: {e}")))?;
        let raw_name = entry.name().to_string();
        let Some(rel) = entry.enclosed_name() else {
            return Err(FeedError::new(
                shown,
                format!("zip entry '{raw_name}' has an unsafe path (absolute or with '..'); refusing the feed"),
            ));
        };
        if entry.is_dir() {
            continue;
        }
        let Some(base) = rel.file_name().map(|b| b.to_string_lossy().to_string()) else {
            continue;
        };
        if !KNOWN.contains(&base.as_str()) {
            continue;
        }
        let limit_left = opts.max_uncompressed_bytes.saturating_sub(total);
        if entry.size() > limit_left {
            return Err(too_big(shown, opts));
        }
        let mut bytes = Vec::with_capacity(entry.size().min(1 << 30) as usize);
        (&mut entry)
            .take(limit_left + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| FeedError::new(format!("{shown}/{raw_name}"), format!("cannot unpack: {e}")))?;
        total += bytes.len() as u64;
        if total > opts.max_uncompressed_bytes {
            return Err(too_big(shown, opts));
        }
        if files.insert(base.clone(), bytes.into()).is_some() {
            return Err(FeedError::new(shown, format!("the zip holds more than one {base}")));
        }
    }
    Ok(files)
}

fn too_big(shown: &str, opts: &LoadOptions) -> FeedError {
    FeedError::new(
        shown,
        format!(
            "unpacks to more than {} bytes (the limit against zip bombs; raise it with --max-unzipped)",
            opts.max_uncompressed_bytes
        ),
    )
}

/// The encoding of a text file that is neither UTF-8 nor Latin-1, when it shows: a UTF-16 or
/// UTF-32 byte-order mark, or NUL bytes (which no CSV text has) in its first kilobyte. Read as
/// Latin-1 it would be a header of NULs, reported as a missing column.
fn other_encoding(name: &str, bytes: &[u8]) -> Option<&'static str> {
    if name.ends_with(".geojson") {
        return None;
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some("UTF-32");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("UTF-16");
    }
    let head = &bytes[..bytes.len().min(1024)];
    head.contains(&0).then_some("UTF-16 or another encoding with NUL bytes")
}

/// Drops a UTF-8 BOM; decodes non-UTF-8 text as Latin-1. Returns the pieces of the text when
/// it is plain (see [`super::split::plain`]; found in the same pass).
fn normalise_text(file: &str, bytes: &mut Bytes, warnings: &mut Warnings) -> Option<Cuts> {
    if file.ends_with(".geojson") {
        return None;
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.start += 3;
        warnings.add("utf8_bom", || file.to_string());
    }
    let survey = super::split::survey(bytes);
    if !survey.utf8 {
        let text: String = bytes.iter().map(|&b| b as char).collect();
        *bytes = text.into_bytes().into();
        warnings.add("latin1_decoded", || format!("{file} is not UTF-8; decoded as Latin-1"));
        return super::split::survey(bytes).cuts;
    }
    survey.cuts
}

/// Columns the tool knows per file (GTFS reference, 2024); others are reported once as warnings.
pub(super) fn known_columns(name: &str) -> &'static [&'static str] {
    match name {
        "agency.txt" => &[
            "agency_id",
            "agency_name",
            "agency_url",
            "agency_timezone",
            "agency_lang",
            "agency_phone",
            "agency_fare_url",
            "agency_email",
            "ticketing_deep_link_id",
        ],
        "stops.txt" => &[
            "stop_id",
            "stop_code",
            "stop_name",
            "tts_stop_name",
            "stop_desc",
            "stop_lat",
            "stop_lon",
            "zone_id",
            "stop_url",
            "location_type",
            "parent_station",
            "stop_timezone",
            "wheelchair_boarding",
            "level_id",
            "platform_code",
            "stop_access",
        ],
        "routes.txt" => &[
            "route_id",
            "agency_id",
            "route_short_name",
            "route_long_name",
            "route_desc",
            "route_type",
            "route_url",
            "route_color",
            "route_text_color",
            "route_sort_order",
            "continuous_pickup",
            "continuous_drop_off",
            "network_id",
            "cemv_support",
            "ticketing_deep_link_id",
        ],
        "trips.txt" => &[
            "route_id",
            "service_id",
            "trip_id",
            "trip_headsign",
            "trip_short_name",
            "direction_id",
            "block_id",
            "shape_id",
            "wheelchair_accessible",
            "bikes_allowed",
            "cars_allowed",
            "ticketing_trip_id",
            "ticketing_type",
        ],
        "stop_times.txt" => &[
            "trip_id",
            "arrival_time",
            "departure_time",
            "stop_id",
            "location_group_id",
            "location_id",
            "stop_sequence",
            "stop_headsign",
            "start_pickup_drop_off_window",
            "end_pickup_drop_off_window",
            "pickup_type",
            "drop_off_type",
            "continuous_pickup",
            "continuous_drop_off",
            "shape_dist_traveled",
            "timepoint",
            "pickup_booking_rule_id",
            "drop_off_booking_rule_id",
            "ticketing_type",
        ],
        "calendar.txt" => &[
            "service_id",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "start_date",
            "end_date",
        ],
        "calendar_dates.txt" => &["service_id", "date", "exception_type"],
        "frequencies.txt" => &["trip_id", "start_time", "end_time", "headway_secs", "exact_times"],
        "transfers.txt" => &[
            "from_stop_id",
            "to_stop_id",
            "from_route_id",
            "to_route_id",
            "from_trip_id",
            "to_trip_id",
            "transfer_type",
            "min_transfer_time",
        ],
        "feed_info.txt" => &[
            "feed_publisher_name",
            "feed_publisher_url",
            "feed_lang",
            "default_lang",
            "feed_start_date",
            "feed_end_date",
            "feed_version",
            "feed_contact_email",
            "feed_contact_url",
        ],
        "shapes.txt" => &["shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence", "shape_dist_traveled"],
        _ => &[],
    }
}

/// Warns about unknown columns; checks every time field strictly (gtfs-structures accepts
/// minutes or seconds of 60 and more, and overflows on huge hours): `H:MM:SS` or `HH:MM:SS`,
/// minutes and seconds below 60 (`stop_times.txt`'s parser checks its own); and
/// returns each record's starting line when records are not one per line (see [`Files::lines`]).
///
/// Only files that may hold times, or quotes or blank lines, are read past the header.
/// `plain`: the text is plain (see [`super::split::plain`]); its header is then read without
/// building a CSV reader, and past it only when it holds times or blank lines.
fn scan(
    file: &str,
    name: &str,
    bytes: &[u8],
    plain: bool,
    warnings: &mut Warnings,
) -> Result<Option<Vec<u64>>, FeedError> {
    let reader = || csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header: Vec<Vec<u8>> = match plain {
        // Plain text: csv's header is the first non-blank line, cut at its commas.
        true => super::split::header(bytes)
            .map_or(Vec::new(), |(_, h, _)| h.split(|&b| b == b',').map(<[u8]>::to_vec).collect()),
        false => {
            let Ok(header) = reader().byte_headers().cloned() else { return Ok(None) };
            header.iter().map(<[u8]>::to_vec).collect()
        }
    };
    // gtfs-structures trims headers and fields as Unicode text; match columns the same way.
    let header: Vec<String> = header.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
    let known = known_columns(name);
    // A leading column without a name is a spreadsheet's row index, and shifts nothing only by
    // luck; an empty name elsewhere (a trailing comma) is just an unknown column.
    if header.len() > 1 && header[0].is_empty() {
        let msg = "the first column has no name (a spreadsheet's index column?): remove it";
        return Err(FeedError { file: file.to_string(), line: Some(1), field: None, message: msg.into() });
    }
    for col in &header {
        if !known.contains(&col.as_str()) {
            warnings.add("unknown_column", || format!("{file}: column '{col}'"));
        }
    }
    if name == "stop_times.txt" {
        // The bulk: its parser checks times, counts records and finds lines itself.
        return Ok(None);
    }
    let time_cols: &[&str] = match name {
        "frequencies.txt" => &["start_time", "end_time"],
        _ => &[],
    };
    let irregular = (!plain && bytes.contains(&b'"')) || has_blank_line(bytes);
    if time_cols.is_empty() && !irregular {
        return Ok(None);
    }
    let mut rdr = reader();
    if rdr.byte_headers().is_err() {
        return Ok(None);
    }
    let idx: Vec<(usize, &str)> =
        header.iter().enumerate().filter_map(|(i, h)| time_cols.iter().find(|c| **c == h).map(|c| (i, *c))).collect();
    let mut lines: Option<Vec<u64>> = None;
    let mut rows = 0u64;
    // Line of byte `at` (1-based).
    let (mut at, mut line) = (0usize, 1u64);
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => return Ok(lines),
            Ok(true) => {}
            // Malformed CSV is reported by the parser with its own position.
            Err(_) => return Ok(lines),
        }
        // csv's own line count lags behind after CRLF and blank lines; its byte offset points
        // at or just before the record, with only line ends between.
        let mut start = rec.position().map_or(at, |p| p.byte() as usize).clamp(at, bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        line += bytes[at..start].iter().filter(|&&b| b == b'\n').count() as u64;
        at = start;
        match &mut lines {
            Some(l) => l.push(line),
            None if line != rows + 2 => {
                let mut l: Vec<u64> = (2..rows + 2).collect();
                l.push(line);
                lines = Some(l);
            }
            None => {}
        }
        rows += 1;
        for &(i, col) in &idx {
            let Some(v) = rec.get(i) else { continue };
            let v = String::from_utf8_lossy(v);
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            if crate::date::parse_time(v).is_none() {
                return Err(FeedError::at(
                    file,
                    line,
                    col,
                    format!(
                        "'{v}' is not a valid time (H:MM:SS or HH:MM:SS, minutes and seconds below 60; hours may pass 24)"
                    ),
                ));
            }
        }
    }
}

/// Takes out `locations.geojson` (GTFS-Flex zones, read by [`super::areas`]) and refuses a text
/// file without even a header row.
pub(super) fn take_locations(shown: &str, files: &mut Files) -> Result<Option<Vec<u8>>, FeedError> {
    let locations = files.files.remove("locations.geojson");
    for (name, bytes) in &files.files {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(FeedError::new(
                format!("{shown}/{name}"),
                "the file is empty (it needs at least a header row)",
            ));
        }
    }
    Ok(locations.map(|b| b.to_vec()))
}

/// Does the text hold an LF followed by a line end (a blank line, which csv skips)?
fn has_blank_line(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"\n\n").is_some() || memchr::memmem::find(bytes, b"\n\r").is_some()
}
