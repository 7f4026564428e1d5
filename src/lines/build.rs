//! From parsed line definitions to the text of each GTFS file (in memory, deterministic): the
//! files' feed, agencies, calendar facts and stops are merged and checked here; each line becomes
//! trips in [`super::trips`]; [`super::write`] makes the calendar and writes the tables.
//! Depends on `date`, `spatial` and `gtfs_write` only.

use std::collections::{BTreeMap, BTreeSet};

use super::trips::LineRows;
use super::write::assemble;
use super::*;
use crate::date::Date;
use crate::gtfs_write::coord;

/// Counts of what was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// Stops and platforms (location_type 0).
    pub stops: usize,
    /// Stations (location_type 1).
    pub stations: usize,
    pub routes: usize,
    /// Rows of trips.txt (a frequency template counts once).
    pub trips: usize,
    pub stop_times: usize,
    pub services: usize,
    pub frequencies: usize,
    pub transfers: usize,
    /// Demand-responsive areas written to locations.geojson.
    pub areas: usize,
    /// Stops defined with `[[stop]]` but served by no line, left out of stops.txt.
    pub unused_stops: Vec<String>,
}

/// The generated files: `(file name, contents)` sorted by name, and the counts.
#[derive(Debug, Clone, Default)]
pub struct GtfsTables {
    pub files: Vec<(String, String)>,
    pub report: BuildReport,
}

/// A stop as defined (by `[[stop]]` or inline in a line), where, and whether a line calls at it.
pub(super) struct StopRec {
    pub(super) def: StopDef,
    pub(super) file: String,
    pub(super) used: bool,
}

pub(super) fn parse_date(file: &str, key: &str, s: &str) -> Result<Date, LinesError> {
    Date::parse(s).ok_or_else(|| LinesError::at(file, key, format!("'{s}' is not a date (expected YYYY-MM-DD)")))
}

pub(super) fn check_coords(file: &str, key: &str, lat: f64, lon: f64) -> Result<(), LinesError> {
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(LinesError::at(file, format!("{key}.lat"), format!("latitude {lat} is out of range")));
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(LinesError::at(file, format!("{key}.lon"), format!("longitude {lon} is out of range")));
    }
    Ok(())
}

/// Turns definitions into GTFS tables. All files are merged: ids must be unique across them
/// (a stop defined twice must be defined identically). An error names the file and key, and
/// the line of the table it concerns when the file's text is known.
pub fn to_gtfs_tables(files: &[LinesFile]) -> Result<GtfsTables, LinesError> {
    tables(files).map_err(|mut e| {
        if e.line.is_none() {
            e.line = locate(files, &e);
        }
        e
    })
}

/// The line of the `id = "…"` that a key like `line[L].stops[2].id` or `stop[S].lat` points
/// into (the nearest such anchor; the key path says the rest).
fn locate(files: &[LinesFile], e: &LinesError) -> Option<u64> {
    let f = files.iter().find(|f| f.source == e.file)?;
    let key = e.key.as_deref()?;
    let id = key.split_once('[')?.1.split_once(']')?.0;
    if id.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let needle = format!("id = \"{id}\"");
    let at = f.text.find(&needle)?;
    Some(f.text[..at].matches('\n').count() as u64 + 1)
}

/// What the files define besides lines: the feed, agencies, calendar facts and stops.
pub(super) struct Defs<'a> {
    pub(super) fd: &'a FeedDef,
    pub(super) start: Date,
    pub(super) end: Date,
    pub(super) agencies: BTreeMap<&'a str, &'a AgencyDef>,
    pub(super) holidays: BTreeMap<Date, DayType>,
    pub(super) breaks: BTreeSet<Date>,
    pub(super) stops: BTreeMap<String, StopRec>,
}

/// Checks in file order, as a reader would: the feed, then per file agencies, holidays, breaks
/// and stops; inline stops; parents; each line; transfers.
fn tables(files: &[LinesFile]) -> Result<GtfsTables, LinesError> {
    let mut defs = read_defs(files)?;
    add_inline_stops(files, &mut defs.stops)?;
    check_parents(&defs.stops)?;
    let mut rows = LineRows::default();
    for f in files {
        for l in &f.line {
            rows.add_line(&f.source, l, &defs.agencies, &mut defs.stops)?;
        }
    }
    let transfers = transfer_rows(files, &defs.stops)?;
    // Parents of used stops are used too.
    let parents: Vec<String> = defs.stops.values().filter(|r| r.used).filter_map(|r| r.def.parent.clone()).collect();
    for p in parents {
        if let Some(r) = defs.stops.get_mut(&p) {
            r.used = true;
        }
    }
    let mut report = BuildReport::default();
    let stop_rows = stop_rows(&defs.stops, &mut report);
    Ok(assemble(&defs, rows, transfers, stop_rows, report))
}

/// The one `[feed]` table and its date range.
fn feed_def(files: &[LinesFile]) -> Result<(&FeedDef, Date, Date), LinesError> {
    let mut feed: Option<(&FeedDef, &str)> = None;
    for f in files {
        if let Some(fd) = &f.feed {
            if let Some((_, other)) = feed {
                return Err(LinesError::at(&f.source, "feed", format!("[feed] is already defined in {other}")));
            }
            feed = Some((fd, &f.source));
        }
    }
    let Some((fd, fd_file)) = feed else {
        return Err(LinesError {
            file: files.first().map_or(String::new(), |f| f.source.clone()),
            line: None,
            key: Some("feed".into()),
            message: "no [feed] table in any file (publisher, start_date, end_date)".into(),
        });
    };
    let start = parse_date(fd_file, "feed.start_date", &fd.start_date)?;
    let end = parse_date(fd_file, "feed.end_date", &fd.end_date)?;
    if end < start {
        return Err(LinesError::at(fd_file, "feed.end_date", "end_date is before start_date"));
    }
    Ok((fd, start, end))
}

/// The feed, then per file its agencies, holidays, school breaks and `[[stop]]` tables.
fn read_defs(files: &[LinesFile]) -> Result<Defs<'_>, LinesError> {
    let (fd, start, end) = feed_def(files)?;
    let mut d = Defs {
        fd,
        start,
        end,
        agencies: BTreeMap::new(),
        holidays: BTreeMap::new(),
        breaks: BTreeSet::new(),
        stops: BTreeMap::new(),
    };
    for f in files {
        let src = f.source.as_str();
        for (i, a) in f.agency.iter().enumerate() {
            if d.agencies.insert(&a.id, a).is_some() {
                return Err(LinesError::at(src, format!("agency[{i}].id"), format!("duplicate agency id '{}'", a.id)));
            }
        }
        for (i, h) in f.holiday.iter().enumerate() {
            let day = parse_date(src, &format!("holiday[{i}].date"), &h.date)?;
            d.holidays.insert(day, h.run_as);
        }
        for (i, b) in f.school_break.iter().enumerate() {
            let a = parse_date(src, &format!("school_break[{i}].from"), &b.from)?;
            let z = parse_date(src, &format!("school_break[{i}].to"), &b.to)?;
            if z < a {
                return Err(LinesError::at(src, format!("school_break[{i}].to"), "`to` is before `from`"));
            }
            let mut day = a;
            while day <= z {
                d.breaks.insert(day);
                day = day.add_days(1);
            }
        }
        for (i, s) in f.stop.iter().enumerate() {
            let key = format!("stop[{}]", s.id);
            check_coords(src, &key, s.lat, s.lon)?;
            if s.id.is_empty() {
                return Err(LinesError::at(src, format!("stop[{i}].id"), "empty id"));
            }
            if let Some(prev) = d.stops.get(&s.id) {
                return Err(LinesError::at(
                    src,
                    key,
                    format!("stop id '{}' is already defined in {}", s.id, prev.file),
                ));
            }
            d.stops.insert(s.id.clone(), StopRec { def: s.clone(), file: src.to_string(), used: false });
        }
    }
    Ok(d)
}

/// Inline stops of lines join the stop table; line ids must be unique.
fn add_inline_stops(files: &[LinesFile], stops: &mut BTreeMap<String, StopRec>) -> Result<(), LinesError> {
    let mut line_ids: BTreeMap<&str, &str> = BTreeMap::new();
    for f in files {
        let src = f.source.as_str();
        for l in &f.line {
            if let Some(other) = line_ids.insert(&l.id, src) {
                return Err(LinesError::at(
                    src,
                    format!("line[{}].id", l.id),
                    format!("duplicate line id (also in {other})"),
                ));
            }
            for (k, s) in l.stops.iter().enumerate() {
                add_inline_stop(src, &format!("line[{}].stops[{k}]", l.id), s, stops)?;
            }
        }
    }
    Ok(())
}

fn add_inline_stop(
    src: &str,
    key: &str,
    s: &LineStop,
    stops: &mut BTreeMap<String, StopRec>,
) -> Result<(), LinesError> {
    match (&s.name, s.lat, s.lon) {
        (None, None, None) => {
            if s.wheelchair.is_some() || s.parent.is_some() || s.platform.is_some() {
                return Err(LinesError::at(
                    src,
                    key,
                    "wheelchair/parent/platform belong to a new stop (give name, lat and lon too) or to its [[stop]] table",
                ));
            }
        }
        (Some(name), Some(lat), Some(lon)) => {
            check_coords(src, key, lat, lon)?;
            let def = StopDef {
                id: s.id.clone(),
                name: name.clone(),
                lat,
                lon,
                wheelchair: s.wheelchair,
                parent: s.parent.clone(),
                station: false,
                platform: s.platform.clone(),
            };
            if let Some(prev) = stops.get(&s.id) {
                if prev.def != def {
                    return Err(LinesError::at(
                        src,
                        key,
                        format!("stop id '{}' is already defined differently in {}", s.id, prev.file),
                    ));
                }
            } else {
                stops.insert(s.id.clone(), StopRec { def, file: src.to_string(), used: false });
            }
        }
        _ => {
            return Err(LinesError::at(
                src,
                key,
                "a new stop needs all of name, lat and lon (an existing stop only its id)",
            ));
        }
    }
    Ok(())
}

/// Parents must be stations, and stations have no parent.
fn check_parents(stops: &BTreeMap<String, StopRec>) -> Result<(), LinesError> {
    for (id, r) in stops {
        if let Some(p) = &r.def.parent {
            match stops.get(p) {
                Some(pr) if pr.def.station => {}
                Some(_) => {
                    return Err(LinesError::at(
                        &r.file,
                        format!("stop[{id}].parent"),
                        format!("parent '{p}' is not a station (set station = true on it)"),
                    ));
                }
                None => {
                    return Err(LinesError::at(
                        &r.file,
                        format!("stop[{id}].parent"),
                        format!("unknown parent station '{p}'"),
                    ));
                }
            }
        }
        if r.def.station && r.def.parent.is_some() {
            return Err(LinesError::at(&r.file, format!("stop[{id}].parent"), "a station cannot have a parent"));
        }
    }
    Ok(())
}

/// `transfers.txt` rows, sorted; both ends must be served (a station through a platform).
fn transfer_rows(files: &[LinesFile], stops: &BTreeMap<String, StopRec>) -> Result<Vec<Vec<String>>, LinesError> {
    let mut transfers: Vec<Vec<String>> = Vec::new();
    for f in files {
        for (i, t) in f.transfer.iter().enumerate() {
            for (id, key) in [(&t.from, "from"), (&t.to, "to")] {
                let ok = stops.get(id).is_some_and(|r| r.used || (r.def.station && any_child_used(stops, id)));
                if !ok {
                    return Err(LinesError::at(
                        &f.source,
                        format!("transfer[{i}].{key}"),
                        format!("stop '{id}' is unknown or served by no line"),
                    ));
                }
            }
            let kind = t.kind.unwrap_or(TransferKind::MinTime);
            transfers.push(vec![
                t.from.clone(),
                t.to.clone(),
                kind.code().to_string(),
                t.min_minutes.map_or(String::new(), |m| (m * 60).to_string()),
            ]);
        }
    }
    transfers.sort();
    Ok(transfers)
}

/// `stops.txt` rows of the used stops; the unused ones and the counts go to `report`.
fn stop_rows(stops: &BTreeMap<String, StopRec>, report: &mut BuildReport) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for (id, r) in stops {
        if !r.used {
            report.unused_stops.push(id.clone());
            continue;
        }
        let d = &r.def;
        if d.station {
            report.stations += 1;
        } else {
            report.stops += 1;
        }
        rows.push(vec![
            id.clone(),
            d.name.clone(),
            coord(d.lat),
            coord(d.lon),
            if d.station { "1" } else { "0" }.into(),
            d.parent.clone().unwrap_or_default(),
            match d.wheelchair {
                None => String::new(),
                Some(true) => "1".into(),
                Some(false) => "2".into(),
            },
            d.platform.clone().unwrap_or_default(),
        ]);
    }
    rows
}

fn any_child_used(stops: &BTreeMap<String, StopRec>, station: &str) -> bool {
    stops.values().any(|r| r.used && r.def.parent.as_deref() == Some(station))
}

/// GTFS transfer_type of a `[[transfer]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    Recommended,
    Timed,
    MinTime,
    Forbidden,
}

impl TransferKind {
    fn code(self) -> u8 {
        match self {
            TransferKind::Recommended => 0,
            TransferKind::Timed => 1,
            TransferKind::MinTime => 2,
            TransferKind::Forbidden => 3,
        }
    }
}

/// A `[[transfer]]` row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferDef {
    pub from: String,
    pub to: String,
    pub kind: Option<TransferKind>,
    pub min_minutes: Option<u32>,
}
