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

const KNOWN: [&str; 11] = [
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

pub(super) fn read(
    path: &Path,
    opts: &LoadOptions,
    warnings: &mut Warnings,
) -> Result<Files, FeedError> {
    let shown = path.display().to_string();
    let mut files = BTreeMap::new();
    if path.is_dir() {
        for name in KNOWN {
            let p = path.join(name);
            if p.is_file() {
                let bytes = std::fs::read(&p)
                    .map_err(|e| FeedError::new(p.display().to_string(), e.to_string()))?;
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
        normalise_text(&format!("{shown}/{name}"), bytes, warnings);
    }
    Ok(Files { files })
}

fn read_zip(
    path: &Path,
    opts: &LoadOptions,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), FeedError> {
    let shown = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|e| FeedError::new(&shown, e.to_string()))?;
    let mut zip = zip::ZipArchive::new(f)
        .map_err(|e| FeedError::new(&shown, format!("not a readable zip file ({e})")))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| FeedError::new(&shown, format!("broken zip entry {i}: {e}")))?;
        let raw_name = entry.name().to_string();
        let Some(rel) = entry.enclosed_name() else {
            return Err(FeedError::new(
                &shown,
                format!(
                    "zip entry '{raw_name}' has an unsafe path (absolute or with '..'); refusing the feed"
                ),
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
            .map_err(|e| {
                FeedError::new(format!("{shown}/{raw_name}"), format!("cannot unpack: {e}"))
            })?;
        total += bytes.len() as u64;
        if total > opts.max_uncompressed_bytes {
            return Err(too_big(&shown, opts));
        }
        if files.insert(base.clone(), bytes).is_some() {
            return Err(FeedError::new(
                &shown,
                format!("the zip holds more than one {base}"),
            ));
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
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
        warnings.add("utf8_bom", || file.to_string());
    }
    if std::str::from_utf8(bytes).is_err() {
        let text: String = bytes.iter().map(|&b| b as char).collect();
        *bytes = text.into_bytes();
        warnings.add("latin1_decoded", || {
            format!("{file} is not UTF-8; decoded as Latin-1")
        });
    }
}

/// Parses the files with gtfs-structures (through an in-memory, uncompressed zip, its one
/// entry point for bytes).
pub(super) fn parse(path: &Path, files: Files) -> Result<RawGtfs, FeedError> {
    let shown = path.display().to_string();
    let mut buf = Cursor::new(Vec::with_capacity(
        files.files.values().map(|b| b.len() + 128).sum(),
    ));
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
            w.start_file(name.as_str(), options)
                .map_err(|e| FeedError::new(&shown, e.to_string()))?;
            w.write_all(bytes)
                .map_err(|e| FeedError::new(&shown, e.to_string()))?;
        }
        w.finish()
            .map_err(|e| FeedError::new(&shown, e.to_string()))?;
    }
    drop(files);
    buf.set_position(0);
    GtfsReader::default()
        .read_shapes(false)
        .raw()
        .read_from_reader(buf)
        .map_err(|e| FeedError::new(&shown, e.to_string()))
}
