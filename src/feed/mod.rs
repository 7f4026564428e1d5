//! Loading GTFS feeds: one or more zips or directories, validated and merged into one [`Feed`].
//! The only module that touches `gtfs-structures` or raw files: the small files are read into
//! its record types; `stop_times.txt` (the bulk), `trips.txt` and `stops.txt` by narhet's own
//! parallel readers, which leave anything unusual to gtfs-structures' reading.
//!
//! Errors name the file, the line and the field ([`FeedError`]); recoverable oddities are
//! counted in [`Warnings`] and loading goes on.
//!
//! Depends only on [`crate::date`]; must not import timetable, router, metrics, analysis,
//! region, report or cli (every other part reads the [`Feed`] it makes).

mod areas;
mod cache;
mod calls;
mod codec;
mod convert;
mod label;
mod memo;
mod model;
mod source;
mod split;
mod stop_times;
mod stops;
mod tables;
mod trips;
mod validate;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use cache::{Cache, CacheUse, load_cached};
pub use model::*;
pub use validate::{Area, Problem, Severity, Validation, validate};

/// Limits and switches for loading.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Refuse a zip whose files would unpack to more than this many bytes (default 4 GB).
    pub max_uncompressed_bytes: u64,
    /// Refuse a feed with more `stop_times.txt` rows than this (a memory budget; default 60 M,
    /// about 6 GB while loading).
    pub max_stop_times: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { max_uncompressed_bytes: 4_000_000_000, max_stop_times: 60_000_000 }
    }
}

/// A problem in the input that stops loading: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedError {
    /// The feed path and file inside it, e.g. `gtfs/kronoberg/stop_times.txt`.
    pub file: String,
    /// 1-based line in the file (the header is line 1), when known.
    pub line: Option<u64>,
    /// The column, when known.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(c) = &self.field {
            write!(f, ", field '{c}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for FeedError {}

impl FeedError {
    pub(crate) fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        FeedError { file: file.into(), line: None, field: None, message: message.into() }
    }

    pub(crate) fn at(file: impl Into<String>, line: u64, field: &str, message: impl Into<String>) -> Self {
        FeedError { file: file.into(), line: Some(line), field: Some(field.to_string()), message: message.into() }
    }
}

/// Every kind of [`Warnings`] the loader gives (the network cache stores them by name).
pub const WARNING_KINDS: [&str; 18] = [
    "agency_listed_twice",
    "id_renamed_to_avoid_collision",
    "interpolated_times",
    "latin1_decoded",
    "route_without_agency",
    "route_without_name",
    "stop_id_collision_kept_apart",
    "stop_merged_across_feeds",
    "stop_without_calls",
    "stop_without_name",
    "transfer_not_between_stops",
    "transfer_unknown_reference",
    "trip_with_fewer_than_two_calls",
    "unknown_column",
    "unknown_wheelchair_accessible",
    "unknown_wheelchair_boarding",
    "unsupported_transfer_type",
    "utf8_bom",
];

/// Recoverable oddities, counted by kind, each with the first place it was seen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Warnings {
    kinds: BTreeMap<&'static str, (usize, String)>,
}

impl Warnings {
    pub fn add(&mut self, kind: &'static str, example: impl FnOnce() -> String) {
        self.add_n(kind, 1, example)
    }

    pub fn add_n(&mut self, kind: &'static str, n: usize, example: impl FnOnce() -> String) {
        debug_assert!(WARNING_KINDS.contains(&kind), "add {kind} to WARNING_KINDS");
        if n == 0 {
            return;
        }
        match self.kinds.get_mut(kind) {
            Some(e) => e.0 += n,
            None => {
                self.kinds.insert(kind, (n, example()));
            }
        }
    }

    pub fn merge(&mut self, other: Warnings) {
        for (k, (n, ex)) in other.kinds {
            self.add_n(k, n, || ex);
        }
    }

    pub fn total(&self) -> usize {
        self.kinds.values().map(|e| e.0).sum()
    }

    pub fn count(&self, kind: &str) -> usize {
        self.kinds.get(kind).map_or(0, |e| e.0)
    }

    /// `(kind, count, first example)`, by kind.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, usize, &str)> {
        self.kinds.iter().map(|(k, (n, ex))| (*k, *n, ex.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }
}

/// Loads and merges feeds. A stop id two feeds share names one stop when the two lie within 50 m
/// (national stop ids); other ids that collide between feeds are kept apart by prefixing the
/// later feed's ids with its name (`name:id`), with a warning.
pub fn load(paths: &[PathBuf], opts: &LoadOptions) -> Result<Feed, FeedError> {
    load_inputs(paths, paths.iter().map(|p| source::Input::open(p)), opts)
}

/// [`load`] from the feeds' inputs (opened when the iterator is advanced, so that errors come
/// in the same order).
fn load_inputs(
    paths: &[PathBuf],
    inputs: impl Iterator<Item = Result<source::Input, FeedError>>,
    opts: &LoadOptions,
) -> Result<Feed, FeedError> {
    if paths.is_empty() {
        return Err(FeedError::new("--gtfs", "no feed given"));
    }
    let mut feed = Feed::default();
    let mut names: Vec<String> = Vec::new();
    for (i, (path, input)) in paths.iter().zip(inputs).enumerate() {
        let name = unique_name(path, &names);
        names.push(name.clone());
        let shown = path.display().to_string();
        let files = input?.files(&shown, opts, &mut feed.warnings)?;
        add(&mut feed, &shown, &name, i as u16, files, opts)?;
    }
    Ok(feed)
}

/// Loads one feed from GTFS text tables held in memory (`(file name, text)`), e.g. the tables
/// [`crate::lines::to_gtfs_tables`] makes; `name` stands for the path in messages. The same
/// checks as [`load`] apply.
pub fn load_tables(name: &str, tables: &[(String, String)]) -> Result<Feed, FeedError> {
    let opts = LoadOptions::default();
    let files: Vec<(&str, &[u8])> = tables.iter().map(|(n, t)| (n.as_str(), t.as_bytes())).collect();
    let mut feed = Feed::default();
    let files = source::from_memory(name, &files, &opts, &mut feed.warnings)?;
    add(&mut feed, name, name, 0, files, &opts)?;
    Ok(feed)
}

/// Loads one feed given as `(file name, bytes)` pairs, e.g. `("stops.txt", b"stop_id,...")`:
/// the same checks as [`load`], without touching the disk. Messages name the files
/// `feed/<name>`. Names that are not GTFS files the tool reads are ignored.
pub fn load_from_files(files: &[(&str, &[u8])], opts: &LoadOptions) -> Result<Feed, FeedError> {
    let mut feed = Feed::default();
    let files = source::from_memory("feed", files, opts, &mut feed.warnings)?;
    add(&mut feed, "feed", "feed", 0, files, opts)?;
    Ok(feed)
}

fn add(
    feed: &mut Feed,
    shown: &str,
    name: &str,
    idx: u16,
    mut files: source::Files,
    opts: &LoadOptions,
) -> Result<(), FeedError> {
    let locations = source::take_locations(shown, &mut files)?;
    let ctx = tables::Ctx { shown: shown.to_string(), prefix: name, lines: &files.lines };
    convert::merge(feed, &files, &ctx, idx, opts)?;
    // The files' text (the bulk mapped from disk) is let go on another thread: unmapping
    // tens of megabytes is work the caller need not wait for.
    rayon::spawn(move || drop(files));
    if let Some(bytes) = locations {
        let file = format!("{shown}/locations.geojson");
        feed.demand_areas.extend(areas::parse(&file, &bytes, idx)?);
    }
    Ok(())
}

/// A value shortened for a message (at most 40 characters).
pub(crate) fn short(v: &str) -> String {
    if v.chars().count() <= 40 { v.to_string() } else { format!("{}…", v.chars().take(39).collect::<String>()) }
}

fn unique_name(path: &Path, taken: &[String]) -> String {
    let stem = path
        .file_stem()
        .or_else(|| path.components().next_back().map(|c| c.as_os_str()))
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "feed".into());
    let mut name = stem.clone();
    let mut k = 2;
    while taken.contains(&name) {
        name = format!("{stem}{k}");
        k += 1;
    }
    name
}
