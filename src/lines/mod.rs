//! Line definitions in TOML and the generator that turns a set of them into a GTFS feed: the
//! format the shipped Kronoberg sample (`regions/kronoberg/lines/`) and the scenarios are written in.
//!
//! # Format
//! A file holds any of the tables below; every key is strict (an unknown key is an error naming
//! the file, the line and the nearest valid key). Several files are merged (a directory is read
//! in file-name order); ids must be unique across them. One file may hold one line or many.
//!
//! ```toml
//! [feed]                          # exactly once across all files
//! publisher_name = "narhet sample (synthetic)"
//! publisher_url = "https://example.invalid/narhet"
//! lang = "sv"                     # default "sv"
//! version = "2026.1"
//! start_date = "2026-08-17"       # dates are YYYY-MM-DD strings
//! end_date = "2027-06-30"
//!
//! [[agency]]
//! id = "ltk"
//! name = "Länstrafiken Kronoberg"
//! url = "https://www.lanstrafikenkron.se"
//! # timezone = "Europe/Stockholm" (default), phone = "…"
//!
//! [[holiday]]                     # day-type services run as `run_as` on this date
//! date = "2026-12-25"
//! name = "Juldagen"
//! run_as = "sunday"               # weekday | saturday | sunday
//!
//! [[school_break]]                # school_days_only services do not run (nor on holidays)
//! name = "Höstlov"
//! from = "2026-10-26"
//! to = "2026-10-30"
//!
//! [[stop]]                        # a shared stop, station or platform
//! id = "vxo"
//! name = "Växjö station"
//! lat = 56.876845
//! lon = 14.803625
//! station = true                  # location_type 1: lines call at its platforms
//! wheelchair = true               # wheelchair_boarding 1; false → 2; absent → empty (unknown)
//!
//! [[stop]]
//! id = "vxo-1"
//! name = "Växjö station"
//! lat = 56.876845
//! lon = 14.803625
//! parent = "vxo"                  # parent_station
//! platform = "1"                  # platform_code
//!
//! [[transfer]]                    # transfers.txt
//! from = "vxo"
//! to = "vxo-resecentrum"
//! min_minutes = 5                 # kind = "min_time" (default) | recommended | timed | forbidden
//!
//! [[line]]
//! id = "kt-vxo-hlm"               # route_id
//! short_name = "Krösatåg"
//! long_name = "Växjö–Hässleholm"
//! mode = "rail"                   # bus 3 | rail 2 | tram 0 | ferry 4 | demand 715 (närtrafik)
//! agency = "ltk"
//! note = "sources: [S28]"         # free text, not written to GTFS
//! speed_kmh = 100.0               # derive run times (see below)
//! road_factor = 1.3               # default 1.3
//! dwell_s = 60                    # at intermediate stops; default 0
//! reverse = true                  # also run backwards as direction 1; default true
//! frequency = false               # headway services → frequencies.txt; default false
//! pickup = "regular"              # regular 0 | none 1 | phone 2 (booking) | driver 3
//! drop_off = "regular"
//! wheelchair = true               # trips' wheelchair_accessible 1; false → 2; absent → empty
//! stops = [
//!   { id = "vxo-1" },             # an existing stop: id only
//!   { id = "gemla", name = "Gemla station", lat = 56.8685, lon = 14.644, min = 8 },
//! ]                               # a new stop: id, name, lat, lon (+ wheelchair, parent,
//!                                 # platform); min = minutes from the previous stop;
//!                                 # dwell_s, pickup, drop_off per stop
//!
//! [[line.service]]
//! days = ["weekday"]              # weekday (Mon–Fri) | saturday | sunday
//! departures = ["06:10", "23:40"] # from the first stop of each direction
//! # or instead: first = "06:00", last = "22:00", headway_min = 15
//! direction = "both"              # both (default) | outbound | inbound
//! school_days_only = false
//! # from = "vxo-1", to = "gemla"  # run only part of the line (outbound order)
//! # except = ["2026-12-31"], also = ["2026-12-27"]   # dates removed / added
//!
//! [line.area]                     # demand-responsive zone → locations.geojson
//! name = "Närtrafik Tingsryd syd"
//! polygon = [[14.93, 56.50], [15.25, 56.50], [15.10, 56.39]]   # [lon, lat], closed for you
//! ```
//!
//! Run times: a segment's `min` wins; otherwise straight-line distance (SWEREF 99 TM metres)
//! × `road_factor` ÷ `speed_kmh`. Times are accumulated in seconds and each call is rounded to
//! the whole minute, so stop_times read like a printed timetable. A trip that runs past
//! midnight keeps counting (`24:20:00`). Day types follow the calendar: `weekday` is Monday to
//! Friday, and a `[[holiday]]` replaces its own day type by `run_as` (calendar_dates.txt).
//!
//! A trip's first call has no drop-off and its last call no pickup (GTFS 1); elsewhere the
//! line's or stop's `pickup`/`drop_off` apply. Service ids name the day types (`WD`, `SA`, `SU`,
//! `WDSA`, `ALL`…, `_SKOL` for school days only, `_<line>_<n>` when a service has its own
//! `except`/`also` dates); trip ids are `<line>-<o|i>-<service>-<HHMM>`. A frequency line writes
//! one template trip per headway service and direction, with `end_time = last + headway` so the
//! last departure is `last`.
//!
//! The generator is deterministic: rows sorted by id, coordinates with six decimals.

mod build;
mod trips;
mod write;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use build::{BuildReport, GtfsTables, TransferDef, TransferKind, to_gtfs_tables};

use crate::region::strict;

/// A problem in the line definitions: the file, the key (such as `line[kt-1].stops[3].lat`) or
/// line of the file, and what is wrong.
pub type LinesError = strict::FileError;

/// One parsed TOML file of definitions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinesFile {
    /// Where it came from (for messages); not part of the TOML.
    #[serde(skip)]
    pub source: String,
    /// The TOML text, kept to point messages at a line; not part of the TOML.
    #[serde(skip)]
    pub text: String,
    pub feed: Option<FeedDef>,
    #[serde(default)]
    pub agency: Vec<AgencyDef>,
    #[serde(default)]
    pub holiday: Vec<HolidayDef>,
    #[serde(default)]
    pub school_break: Vec<BreakDef>,
    #[serde(default)]
    pub stop: Vec<StopDef>,
    #[serde(default)]
    pub transfer: Vec<TransferDef>,
    #[serde(default)]
    pub line: Vec<LineDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedDef {
    pub publisher_name: String,
    pub publisher_url: String,
    #[serde(default = "default_lang")]
    pub lang: String,
    #[serde(default)]
    pub version: String,
    pub start_date: String,
    pub end_date: String,
}

fn default_lang() -> String {
    "sv".into()
}

fn default_tz() -> String {
    "Europe/Stockholm".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyDef {
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(default = "default_tz")]
    pub timezone: String,
    pub phone: Option<String>,
}

/// The three day types of a timetable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayType {
    Weekday,
    Saturday,
    Sunday,
}

impl DayType {
    pub fn of(d: crate::date::Date) -> DayType {
        use crate::date::Weekday::*;
        match d.weekday() {
            Sat => DayType::Saturday,
            Sun => DayType::Sunday,
            _ => DayType::Weekday,
        }
    }

    fn bit(self) -> u8 {
        match self {
            DayType::Weekday => 1,
            DayType::Saturday => 2,
            DayType::Sunday => 4,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayDef {
    pub date: String,
    pub name: String,
    pub run_as: DayType,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakDef {
    pub name: String,
    pub from: String,
    pub to: String,
}

/// A stop defined at top level (`[[stop]]`) or inline in a line's `stops`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopDef {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// `true` → wheelchair_boarding 1, `false` → 2, absent → unknown (empty).
    pub wheelchair: Option<bool>,
    /// Id of the parent station.
    pub parent: Option<String>,
    /// A station (location_type 1); trips call at its platforms, not at it.
    #[serde(default)]
    pub station: bool,
    /// GTFS platform_code (track or bay).
    pub platform: Option<String>,
}

/// How passengers may board or alight (GTFS pickup_type / drop_off_type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Boarding {
    #[default]
    Regular,
    None,
    /// Booking required: phone the agency (2).
    Phone,
    /// Coordinate with the driver (3).
    Driver,
}

impl Boarding {
    pub fn code(self) -> u8 {
        match self {
            Boarding::Regular => 0,
            Boarding::None => 1,
            Boarding::Phone => 2,
            Boarding::Driver => 3,
        }
    }
}

/// A call of a line: an existing stop (`id` only) or a new one (`id`, `name`, `lat`, `lon`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineStop {
    pub id: String,
    pub name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub wheelchair: Option<bool>,
    pub parent: Option<String>,
    pub platform: Option<String>,
    /// Minutes from the previous stop (outbound); overrides the derived run time.
    pub min: Option<f64>,
    /// Dwell at this stop in seconds (overrides the line's `dwell_s`).
    pub dwell_s: Option<u32>,
    pub pickup: Option<Boarding>,
    pub drop_off: Option<Boarding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Both,
    Outbound,
    Inbound,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDef {
    pub days: Vec<DayType>,
    #[serde(default)]
    pub departures: Vec<String>,
    pub first: Option<String>,
    pub last: Option<String>,
    pub headway_min: Option<u32>,
    #[serde(default)]
    pub direction: Direction,
    #[serde(default)]
    pub school_days_only: bool,
    /// First stop of a part-line run (in outbound order).
    pub from: Option<String>,
    /// Last stop of a part-line run (in outbound order).
    pub to: Option<String>,
    #[serde(default)]
    pub except: Vec<String>,
    #[serde(default)]
    pub also: Vec<String>,
}

/// GTFS mode of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineMode {
    Bus,
    Rail,
    Tram,
    Ferry,
    /// Demand-responsive (närtrafik): route_type 715 "Demand and Response Bus Service".
    Demand,
}

impl LineMode {
    pub fn route_type(self) -> u16 {
        match self {
            LineMode::Tram => 0,
            LineMode::Rail => 2,
            LineMode::Bus => 3,
            LineMode::Ferry => 4,
            LineMode::Demand => 715,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaDef {
    pub name: String,
    /// Ring of `[lon, lat]` points (WGS84); closed automatically if the last differs from the first.
    pub polygon: Vec<[f64; 2]>,
}

/// One line: its stops in order, how fast it runs and when.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineDef {
    pub id: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub long_name: String,
    pub mode: LineMode,
    pub agency: String,
    pub color: Option<String>,
    /// Free text: where the facts behind the line come from (not written to GTFS).
    pub note: Option<String>,
    pub speed_kmh: Option<f64>,
    pub road_factor: Option<f64>,
    pub dwell_s: Option<u32>,
    #[serde(default = "yes")]
    pub reverse: bool,
    #[serde(default)]
    pub frequency: bool,
    pub pickup: Option<Boarding>,
    pub drop_off: Option<Boarding>,
    /// Every trip's GTFS `wheelchair_accessible`: `true` → 1, `false` → 2, absent → unknown (empty).
    pub wheelchair: Option<bool>,
    pub stops: Vec<LineStop>,
    #[serde(default)]
    pub service: Vec<ServiceDef>,
    pub area: Option<AreaDef>,
}

fn yes() -> bool {
    true
}

/// Switches for [`build_feed`].
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Also write `locations.geojson` when a line defines an area (default on via CLI).
    pub skip_geojson: bool,
}

/// Parses one TOML document; `source` names it in messages.
pub fn parse_str(text: &str, source: &str) -> Result<LinesFile, LinesError> {
    let mut f: LinesFile = strict::from_str(text).map_err(|p| LinesError {
        file: source.to_string(),
        line: p.line,
        key: p.key,
        message: p.message,
    })?;
    f.source = source.to_string();
    f.text = text.to_string();
    Ok(f)
}

/// Reads line files: each path is a `.toml` file or a directory whose `*.toml` files are read
/// in name order.
pub fn read_files(paths: &[PathBuf]) -> Result<Vec<LinesFile>, LinesError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|e| io_err(p, e))?;
            let mut v: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|q| q.extension().is_some_and(|x| x == "toml"))
                .collect();
            v.sort();
            files.extend(v);
        } else {
            files.push(p.clone());
        }
    }
    if files.is_empty() {
        return Err(LinesError {
            file: paths.first().map_or("(no path)".into(), |p| p.display().to_string()),
            line: None,
            key: None,
            message: "no .toml line definitions found".into(),
        });
    }
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).map_err(|e| io_err(p, e))?;
            parse_str(&text, &p.display().to_string())
        })
        .collect()
}

fn io_err(p: &Path, e: std::io::Error) -> LinesError {
    LinesError { file: p.display().to_string(), line: None, key: None, message: e.to_string() }
}

/// Reads the definitions and writes the GTFS feed (and `locations.geojson` if any line has an
/// area) as the directory `out`. The directory is written beside `out` and renamed into place
/// ([`crate::output::OutDir`]): a failed build leaves the previous feed intact, and a directory
/// that narhet did not make is never replaced.
pub fn build_feed(paths: &[PathBuf], out: &Path, opts: &BuildOptions) -> Result<BuildReport, LinesError> {
    let files = read_files(paths)?;
    let tables = to_gtfs_tables(&files)?;
    let shown = out.display().to_string();
    let out_err = |e: crate::output::OutputError| {
        let msg = e.to_string();
        LinesError {
            file: shown.clone(),
            line: None,
            key: None,
            message: msg.strip_prefix(&format!("{shown}: ")).unwrap_or(&msg).to_string(),
        }
    };
    let dir = crate::output::OutDir::create(out, "build-feed", paths).map_err(out_err)?;
    for (name, body) in &tables.files {
        if opts.skip_geojson && name.ends_with(".geojson") {
            continue;
        }
        dir.write(name, body).map_err(out_err)?;
    }
    dir.commit().map_err(out_err)?;
    Ok(tables.report)
}

/// Checks definitions without writing anything (the same checks as [`to_gtfs_tables`]).
pub fn validate(files: &[LinesFile]) -> Result<(), LinesError> {
    to_gtfs_tables(files).map(|_| ())
}

#[cfg(test)]
mod tests;
