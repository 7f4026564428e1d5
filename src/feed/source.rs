//! Reading a feed's files from a zip or a directory, safely, and handing them to gtfs-structures.
//!
//! Zips: entries inside one sub-folder are accepted; `..` or absolute paths are refused; the
//! unpacked size is capped. Text: a UTF-8 BOM is dropped; a file that is not UTF-8 is decoded as
//! Latin-1 (ISO 8859-1), with a warning, rather than mangled.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use gtfs_structures::{GtfsReader, RawGtfs};

use super::{FeedError, LoadOptions, Warnings};

/// The files of a feed the tool reads, by base name, as UTF-8 without BOM.
pub(super) struct Files {
    pub files: BTreeMap<String, Vec<u8>>,
}

const KNOWN: [&str; 12] = [
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

pub(super) fn read(path: &Path, opts: &LoadOptions, warnings: &mut Warnings) -> Result<Files, FeedError> {
    let shown = path.display().to_string();
    let mut files = BTreeMap::new();
    if path.is_dir() {
        for name in KNOWN {
            let p = path.join(name);
            if p.is_file() {
                let bytes = std::fs::read(&p).map_err(|e| FeedError::new(p.display().to_string(), e.to_string()))?;
                files.insert(name.to_string(), bytes);
            }
        }
    } else if path.is_file() {
        read_zip(path, opts, &mut files)?;
    } else {
        return Err(FeedError::new(shown, "no such file or directory"));
    }
    if files.is_empty() {
        return Err(FeedError::new(
            shown,
            "not a GTFS feed: none of agency.txt, stops.txt, routes.txt, trips.txt, stop_times.txt found",
        ));
    }
    for (name, bytes) in files.iter_mut() {
        let file = format!("{shown}/{name}");
        normalise_text(&file, bytes, warnings);
        if name.ends_with(".txt") {
            check_columns_and_times(&file, name, bytes, warnings)?;
        }
    }
    Ok(Files { files })
}

/// The known files among in-memory tables, checked like files read from disk.
pub(super) fn from_tables(
    path: &Path,
    tables: &[(String, String)],
    warnings: &mut Warnings,
) -> Result<Files, FeedError> {
    let shown = path.display().to_string();
    let mut files = BTreeMap::new();
    for (name, text) in tables {
        if KNOWN.contains(&name.as_str()) {
            files.insert(name.clone(), text.as_bytes().to_vec());
        }
    }
    if files.is_empty() {
        return Err(FeedError::new(shown, "not a GTFS feed: no known table given"));
    }
    for (name, bytes) in files.iter_mut() {
        let file = format!("{shown}/{name}");
        normalise_text(&file, bytes, warnings);
        if name.ends_with(".txt") {
            check_columns_and_times(&file, name, bytes, warnings)?;
        }
    }
    Ok(Files { files })
}

fn read_zip(path: &Path, opts: &LoadOptions, files: &mut BTreeMap<String, Vec<u8>>) -> Result<(), FeedError> {
    let shown = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| FeedError::new(&shown, e.to_string()))?;
    let mut zip =
        zip::ZipArchive::new(f).map_err(|e| FeedError::new(&shown, format!("not a readable zip file ({e})")))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| FeedError::new(&shown, format!("broken zip entry {i}: {e}")))?;
        let raw_name = entry.name().to_string();
        let Some(rel) = entry.enclosed_name() else {
            return Err(FeedError::new(
                &shown,
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
            return Err(too_big(&shown, opts));
        }
        let mut bytes = Vec::with_capacity(entry.size().min(1 << 30) as usize);
        (&mut entry)
            .take(limit_left + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| FeedError::new(format!("{shown}/{raw_name}"), format!("cannot unpack: {e}")))?;
        total += bytes.len() as u64;
        if total > opts.max_uncompressed_bytes {
            return Err(too_big(&shown, opts));
        }
        if files.insert(base.clone(), bytes).is_some() {
            return Err(FeedError::new(&shown, format!("the zip holds more than one {base}")));
        }
    }
    Ok(())
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

/// Drops a UTF-8 BOM; decodes non-UTF-8 text as Latin-1.
fn normalise_text(file: &str, bytes: &mut Vec<u8>, warnings: &mut Warnings) {
    if file.ends_with(".geojson") {
        return;
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        warnings.add("utf8_bom", || file.to_string());
    }
    if std::str::from_utf8(bytes).is_err() {
        let text: String = bytes.iter().map(|&b| b as char).collect();
        *bytes = text.into_bytes();
        warnings.add("latin1_decoded", || format!("{file} is not UTF-8; decoded as Latin-1"));
    }
}

/// Columns the tool knows per file (GTFS reference, 2024); others are reported once as warnings.
fn known_columns(name: &str) -> &'static [&'static str] {
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

/// Warns about unknown columns, and checks every time field strictly (gtfs-structures accepts
/// minutes or seconds of 60 and more): `H:MM:SS` or `HH:MM:SS`, minutes and seconds below 60.
fn check_columns_and_times(file: &str, name: &str, bytes: &[u8], warnings: &mut Warnings) -> Result<(), FeedError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let Ok(header) = rdr.byte_headers().cloned() else { return Ok(()) };
    let known = known_columns(name);
    for col in header.iter() {
        let col = String::from_utf8_lossy(col);
        let col = col.trim();
        if !known.contains(&col) {
            warnings.add("unknown_column", || format!("{file}: column '{col}'"));
        }
    }
    let time_cols: &[&str] = match name {
        "stop_times.txt" => &["arrival_time", "departure_time"],
        "frequencies.txt" => &["start_time", "end_time"],
        _ => return Ok(()),
    };
    let idx: Vec<(usize, &str)> = time_cols
        .iter()
        .filter_map(|c| header.iter().position(|h| h.trim_ascii() == c.as_bytes()).map(|i| (i, *c)))
        .collect();
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            // Malformed CSV is reported by the parser with its own position.
            Err(_) => return Ok(()),
        }
        for &(i, col) in &idx {
            let Some(v) = rec.get(i) else { continue };
            let v = v.trim_ascii();
            if v.is_empty() {
                continue;
            }
            if std::str::from_utf8(v).ok().and_then(crate::date::parse_time).is_none() {
                let line = rec.position().map_or(0, |p| p.line());
                return Err(FeedError::at(
                    file,
                    line,
                    col,
                    format!(
                        "'{}' is not a valid time (H:MM:SS or HH:MM:SS, minutes and seconds below 60; hours may pass 24)",
                        String::from_utf8_lossy(v)
                    ),
                ));
            }
        }
    }
}

/// Parses the files with gtfs-structures (through an in-memory, uncompressed zip, its one
/// entry point for bytes); `locations.geojson` (GTFS-Flex zones), which it does not read, is
/// returned as it is.
pub(super) fn parse(path: &Path, mut files: Files) -> Result<(RawGtfs, Option<Vec<u8>>), FeedError> {
    let shown = path.display().to_string();
    let locations = files.files.remove("locations.geojson");
    let mut buf = Cursor::new(Vec::with_capacity(files.files.values().map(|b| b.len() + 128).sum()));
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        for (name, bytes) in &files.files {
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                // gtfs-structures cannot read a file without a header; say so ourselves.
                return Err(FeedError::new(
                    format!("{shown}/{name}"),
                    "the file is empty (it needs at least a header row)",
                ));
            }
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
                .large_file(bytes.len() as u64 >= u32::MAX as u64);
            w.start_file(name.as_str(), options).map_err(|e| FeedError::new(&shown, e.to_string()))?;
            w.write_all(bytes).map_err(|e| FeedError::new(&shown, e.to_string()))?;
        }
        w.finish().map_err(|e| FeedError::new(&shown, e.to_string()))?;
    }
    drop(files);
    buf.set_position(0);
    let raw = GtfsReader::default()
        .read_shapes(false)
        .raw()
        .read_from_reader(buf)
        .map_err(|e| FeedError::new(&shown, e.to_string()))?;
    Ok((raw, locations))
}
