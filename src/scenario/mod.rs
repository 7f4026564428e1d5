//! Scenarios: a TOML file of edits that change a copy of the loaded network (the [`Feed`]) and of
//! the [`Region`] — never the GTFS files — so the same metrics can run before and after.
//!
//! One small type per kind of change, as Conveyal R5 does: [`Modification`] has one variant per
//! change, each with its own `validate` (against the network as edited so far) and `apply`.
//! Modifications run in file order; each is validated just before it is applied.
//!
//! # Format
//! ```toml
//! [scenario]
//! name = "Direktlinje Alvesta–Räppe"
//! description = "…"              # optional
//! max_stop_offset_m = 2000        # optional, default 2000
//!
//! [[modification]]
//! type = "add_lines"              # line definitions as in regions/kronoberg/lines/ (src/lines)
//! files = ["lines/x.toml"]        # optional, relative to the scenario file
//! [[modification.line]]           # and/or inline lines (…stop, …holiday tables too)
//! id = "alv-rappe"; mode = "bus"; agency = "ltk"   # an agency of the feed, or one defined here
//! stops = [{ id = "alvesta-station-busstop" }, { id = "rappe", name = "Räppe", lat = 56.868, lon = 14.755 }]
//!
//! [[modification]]
//! type = "remove_route";     route = "vxo-4"
//! [[modification]]
//! type = "change_headway";   route = "vxo-4"; days = ["weekday"]; headway_min = 15
//!                            # first = "06:00"; last = "22:00" (default: today's span)
//! [[modification]]
//! type = "scale_run_times";  route = "vxo-4"; factor = 0.85
//! [[modification]]
//! type = "add_stop";         id = "rappe"; name = "Räppe"; lat = 56.868; lon = 14.755
//! [[modification]]
//! type = "move_stop";        id = "vxo-rappe"; lat = 56.868; lon = 14.755   # name optional
//! [[modification]]
//! type = "add_care_node";    name = "…"; kind = "acute_hospital"; lat = …; lon = …; kommunkod = "0780"
//! [[modification]]
//! type = "move_care_node";   name = "…"; lat = …; lon = …
//! [[modification]]
//! type = "remove_care_node"; name = "…"
//! [[modification]]
//! type = "change_goal";      town = "Alvesta"; max_minutes_to_core = 25
//!                            # or kommunkod = "0764"; min_share_basic_service = 0.9
//! ```
//!
//! # What is checked
//! Route and stop ids must exist (a near miss is suggested). A new or moved stop must lie within
//! `max_stop_offset_m` (straight line, SWEREF 99 TM metres) of some stop the feed already has:
//! the existing stops stand in for the road network, which narhet does not have, so this only
//! catches a stop far off any served road (a typo in a coordinate, a stop in a lake or forest),
//! not a stop beside a road no bus can use. Factors and headways must be positive; day types,
//! care nodes, towns and municipalities must exist in the network or region.
//!
//! # How the edits work
//! - `add_lines` turns the lines into GTFS tables with [`crate::lines::to_gtfs_tables`] (the
//!   feed's own agencies and stops are handed to it when a line names them by id), loads them
//!   as a small feed and splices it into the copy: stops named by id are the feed's existing
//!   stops; new services are prefixed `scn<N>:`. Calendar: the feed's service range; holidays
//!   only if the scenario gives `[[modification.holiday]]` tables.
//! - `change_headway` replaces the route's trips on the chosen day types, per direction, by
//!   copies of the first trip (earliest departure) every `headway_min` minutes from `first` to
//!   `last` (default: the first and last departures of today's trips that direction). Trips
//!   that also run on other day types keep running on those. The new service runs on the chosen
//!   day types, over the replaced services' date range, except the dates that all of them
//!   skipped (holidays; a school-days-only service's breaks do not carry over).
//! - `scale_run_times` multiplies each trip's times relative to its first departure (rounded to
//!   the second); departures from the first stop do not move.
//! - `move_stop` keeps every call at the stop; its own current place counts in the offset
//!   check, so a stop may always move up to `max_stop_offset_m`.

pub mod cost;
pub mod diff;
pub mod write_gtfs;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::{fmt_hm, parse_time};
use crate::feed::{Call, Feed, LocationType, Service, Stop, Trip};
use crate::lines::{AgencyDef, DayType, FeedDef, HolidayDef, LineDef, LinesFile, StopDef};
use crate::region::{CareKind, CareNode, NodeGoal, Region, strict};
use crate::spatial::to_sweref;
use crate::text::{fold, suggest};

/// A problem in a scenario: the file, which modification (1-based index and kind), the field,
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    pub file: String,
    /// 1-based line in the TOML file, when known (syntax and unknown keys).
    pub line: Option<u64>,
    /// 1-based index of the modification and its kind, when the error concerns one.
    pub modification: Option<(usize, &'static str)>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some((i, k)) = self.modification {
            write!(f, ", modification {i} ({k})")?;
        }
        if let Some(k) = &self.field {
            write!(f, ", field '{k}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

fn d_offset() -> f64 {
    2000.0
}

/// The `[scenario]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A new or moved stop must lie within this distance (m) of an existing stop.
    #[serde(default = "d_offset")]
    pub max_stop_offset_m: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioToml {
    scenario: Meta,
    #[serde(default)]
    modification: Vec<Modification>,
}

/// One change to the network or the region.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Modification {
    AddLines(AddLines),
    RemoveRoute(RemoveRoute),
    ChangeHeadway(ChangeHeadway),
    ScaleRunTimes(ScaleRunTimes),
    AddStop(AddStop),
    MoveStop(MoveStop),
    AddCareNode(AddCareNode),
    MoveCareNode(MoveCareNode),
    RemoveCareNode(RemoveCareNode),
    ChangeGoal(ChangeGoal),
}

/// New lines in the line-definition format of [`crate::lines`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddLines {
    /// Line-definition files, relative to the scenario file.
    #[serde(default)]
    pub files: Vec<String>,
    #[serde(default)]
    pub agency: Vec<AgencyDef>,
    #[serde(default)]
    pub holiday: Vec<HolidayDef>,
    #[serde(default)]
    pub stop: Vec<StopDef>,
    #[serde(default)]
    pub line: Vec<LineDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveRoute {
    pub route: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeHeadway {
    pub route: String,
    pub days: Vec<DayType>,
    pub headway_min: f64,
    pub first: Option<String>,
    pub last: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleRunTimes {
    pub route: String,
    pub factor: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddStop {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub wheelchair: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveStop {
    pub id: String,
    pub lat: f64,
    pub lon: f64,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddCareNode {
    pub name: String,
    pub kind: CareKind,
    pub lat: f64,
    pub lon: f64,
    pub kommunkod: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveCareNode {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveCareNode {
    pub name: String,
}

/// A goal of a strategic node (`town`) or of a municipality (`kommunkod`); the fields given
/// replace the region's values.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeGoal {
    pub town: Option<String>,
    pub kommunkod: Option<String>,
    pub min_weekday_departures_to_core: Option<u32>,
    pub max_minutes_to_core: Option<u32>,
    pub max_minutes_to_acute_hospital: Option<u32>,
    pub min_share_basic_service: Option<f64>,
    pub max_minutes_seat_to_core: Option<u32>,
}

/// A parsed scenario file.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file, for messages.
    pub source: String,
    /// The folder that `files` paths are relative to.
    pub dir: PathBuf,
    pub meta: Meta,
    pub modifications: Vec<Modification>,
}

/// Where a check runs: the file and the modification.
struct Cx<'a> {
    file: &'a str,
    dir: &'a Path,
    index: usize,
    kind: &'static str,
    max_offset_m: f64,
}

impl Cx<'_> {
    fn err(&self, field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            file: self.file.to_string(),
            line: None,
            modification: Some((self.index, self.kind)),
            field: Some(field.into()),
            message: message.into(),
        }
    }
}

impl Scenario {
    /// Reads and parses a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            file: path.display().to_string(),
            line: None,
            modification: None,
            field: None,
            message: e.to_string(),
        })?;
        let dir = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Scenario::parse(&text, &path.display().to_string(), &dir)
    }

    /// Parses scenario TOML; `source` names it in messages, `dir` anchors `files` paths.
    pub fn parse(text: &str, source: &str, dir: &Path) -> Result<Scenario, ScenarioError> {
        let raw: ScenarioToml = strict::from_str(text).map_err(|p| ScenarioError {
            file: source.to_string(),
            line: p.line,
            modification: None,
            field: p.key,
            message: p.message,
        })?;
        let m = &raw.scenario;
        if !(m.max_stop_offset_m.is_finite() && m.max_stop_offset_m > 0.0) {
            return Err(ScenarioError {
                file: source.to_string(),
                line: None,
                modification: None,
                field: Some("scenario.max_stop_offset_m".into()),
                message: "must be a positive number of metres".into(),
            });
        }
        Ok(Scenario {
            source: source.to_string(),
            dir: dir.to_path_buf(),
            meta: raw.scenario,
            modifications: raw.modification,
        })
    }

    /// Validates and applies every modification in order to `feed` and `region` (copies the
    /// caller made). Region edits need a region.
    pub fn apply(&self, feed: &mut Feed, mut region: Option<&mut Region>) -> Result<(), ScenarioError> {
        for (i, m) in self.modifications.iter().enumerate() {
            let cx = Cx {
                file: &self.source,
                dir: &self.dir,
                index: i + 1,
                kind: m.kind(),
                max_offset_m: self.meta.max_stop_offset_m,
            };
            m.validate(&cx, feed, region.as_deref())?;
            m.apply(&cx, feed, region.as_deref_mut())?;
        }
        Ok(())
    }
}

impl Modification {
    /// The `type` as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Modification::AddLines(_) => "add_lines",
            Modification::RemoveRoute(_) => "remove_route",
            Modification::ChangeHeadway(_) => "change_headway",
            Modification::ScaleRunTimes(_) => "scale_run_times",
            Modification::AddStop(_) => "add_stop",
            Modification::MoveStop(_) => "move_stop",
            Modification::AddCareNode(_) => "add_care_node",
            Modification::MoveCareNode(_) => "move_care_node",
            Modification::RemoveCareNode(_) => "remove_care_node",
            Modification::ChangeGoal(_) => "change_goal",
        }
    }

    fn validate(&self, cx: &Cx, feed: &Feed, region: Option<&Region>) -> Result<(), ScenarioError> {
        match self {
            Modification::AddLines(m) => m.build(cx, feed).map(|_| ()),
            Modification::RemoveRoute(m) => route_index(cx, feed, "route", &m.route).map(|_| ()),
            Modification::ChangeHeadway(m) => m.validate(cx, feed),
            Modification::ScaleRunTimes(m) => {
                route_index(cx, feed, "route", &m.route)?;
                if !(m.factor.is_finite() && m.factor > 0.0) {
                    return Err(cx.err("factor", format!("must be above 0 (got {})", m.factor)));
                }
                Ok(())
            }
            Modification::AddStop(m) => {
                if m.id.is_empty() {
                    return Err(cx.err("id", "empty stop id"));
                }
                if feed.stops.iter().any(|s| s.id == m.id) {
                    return Err(cx.err("id", format!("stop '{}' already exists in the feed (use move_stop)", m.id)));
                }
                check_stop_position(cx, feed, m.lat, m.lon)
            }
            Modification::MoveStop(m) => {
                // Its own current place counts: a stop may move up to the limit.
                stop_index(cx, feed, "id", &m.id)?;
                check_stop_position(cx, feed, m.lat, m.lon)
            }
            Modification::AddCareNode(m) => {
                let r = need_region(cx, region)?;
                if r.care.iter().any(|c| c.name == m.name) {
                    return Err(cx.err("name", format!("a care node named '{}' already exists", m.name)));
                }
                check_coords(cx, m.lat, m.lon)?;
                if r.municipalities.iter().all(|x| x.kommunkod != m.kommunkod) {
                    let codes: Vec<&str> = r.municipalities.iter().map(|x| x.kommunkod.as_str()).collect();
                    return Err(cx.err(
                        "kommunkod",
                        format!("unknown kommunkod '{}'{}", m.kommunkod, suggest(&m.kommunkod, &codes)),
                    ));
                }
                Ok(())
            }
            Modification::MoveCareNode(m) => {
                care_index(cx, need_region(cx, region)?, &m.name)?;
                check_coords(cx, m.lat, m.lon)
            }
            Modification::RemoveCareNode(m) => care_index(cx, need_region(cx, region)?, &m.name).map(|_| ()),
            Modification::ChangeGoal(m) => m.validate(cx, need_region(cx, region)?),
        }
    }

    fn apply(&self, cx: &Cx, feed: &mut Feed, region: Option<&mut Region>) -> Result<(), ScenarioError> {
        match self {
            Modification::AddLines(m) => {
                let sub = m.build(cx, feed)?;
                splice(feed, sub, &format!("scn{}", cx.index));
            }
            Modification::RemoveRoute(m) => {
                let r = route_index(cx, feed, "route", &m.route)?;
                remove_route(feed, r);
            }
            Modification::ChangeHeadway(m) => m.apply(cx, feed)?,
            Modification::ScaleRunTimes(m) => {
                let r = route_index(cx, feed, "route", &m.route)? as u32;
                for t in 0..feed.trips.len() {
                    if feed.trips[t].route != r {
                        continue;
                    }
                    let tr = &feed.trips[t];
                    let range = tr.first_call as usize..(tr.first_call + tr.n_calls) as usize;
                    let Some(t0) = feed.calls.get(range.start).map(|c| c.departure as f64) else { continue };
                    let scale = |x: u32| (t0 + (x as f64 - t0) * m.factor).round().max(0.0) as u32;
                    for c in &mut feed.calls[range] {
                        c.arrival = scale(c.arrival);
                        c.departure = scale(c.departure).max(c.arrival);
                    }
                }
            }
            Modification::AddStop(m) => feed.stops.push(Stop {
                id: m.id.clone(),
                name: m.name.clone(),
                lat: m.lat,
                lon: m.lon,
                location_type: LocationType::Stop,
                parent: None,
                wheelchair_boarding: match m.wheelchair {
                    Some(true) => 1,
                    Some(false) => 2,
                    None => 0,
                },
                feed: 0,
            }),
            Modification::MoveStop(m) => {
                let s = stop_index(cx, feed, "id", &m.id)?;
                let st = &mut feed.stops[s];
                st.lat = m.lat;
                st.lon = m.lon;
                if let Some(n) = &m.name {
                    st.name = n.clone();
                }
            }
            Modification::AddCareNode(m) => {
                let r = need_region_mut(cx, region)?;
                r.care.push(CareNode {
                    name: m.name.clone(),
                    kind: m.kind,
                    lat: m.lat,
                    lon: m.lon,
                    kommunkod: m.kommunkod.clone(),
                    note: m.note.clone(),
                });
            }
            Modification::MoveCareNode(m) => {
                let r = need_region_mut(cx, region)?;
                let i = care_index(cx, r, &m.name)?;
                r.care[i].lat = m.lat;
                r.care[i].lon = m.lon;
            }
            Modification::RemoveCareNode(m) => {
                let r = need_region_mut(cx, region)?;
                let i = care_index(cx, r, &m.name)?;
                r.care.remove(i);
            }
            Modification::ChangeGoal(m) => m.apply(need_region_mut(cx, region)?),
        }
        Ok(())
    }
}

fn need_region<'a>(cx: &Cx, region: Option<&'a Region>) -> Result<&'a Region, ScenarioError> {
    region.ok_or_else(|| cx.err("type", "this modification edits the region; give a region file"))
}

fn need_region_mut<'a>(cx: &Cx, region: Option<&'a mut Region>) -> Result<&'a mut Region, ScenarioError> {
    region.ok_or_else(|| cx.err("type", "this modification edits the region; give a region file"))
}

fn route_index(cx: &Cx, feed: &Feed, field: &str, id: &str) -> Result<usize, ScenarioError> {
    feed.routes.iter().position(|r| r.id == id).ok_or_else(|| {
        let ids: Vec<&str> = feed.routes.iter().map(|r| r.id.as_str()).collect();
        cx.err(field, format!("unknown route id '{id}'{}", suggest(id, &ids)))
    })
}

fn stop_index(cx: &Cx, feed: &Feed, field: &str, id: &str) -> Result<usize, ScenarioError> {
    feed.stops.iter().position(|s| s.id == id).ok_or_else(|| {
        let ids: Vec<&str> = feed.stops.iter().map(|s| s.id.as_str()).collect();
        cx.err(field, format!("unknown stop id '{id}'{}", suggest(id, &ids)))
    })
}

/// A care node by exact name, else by a unique prefix (case and diacritics ignored).
fn care_index(cx: &Cx, region: &Region, name: &str) -> Result<usize, ScenarioError> {
    if let Some(i) = region.care.iter().position(|c| c.name == name) {
        return Ok(i);
    }
    let f = fold(name);
    let hits: Vec<usize> = (0..region.care.len()).filter(|&i| fold(&region.care[i].name).starts_with(&f)).collect();
    match hits.as_slice() {
        [i] => Ok(*i),
        [] => {
            let names: Vec<&str> = region.care.iter().map(|c| c.name.as_str()).collect();
            Err(cx.err("name", format!("no care node named '{name}'{}", suggest(name, &names))))
        }
        many => Err(cx.err(
            "name",
            format!(
                "'{name}' matches several care nodes: {}",
                many.iter().map(|&i| region.care[i].name.as_str()).collect::<Vec<_>>().join("; ")
            ),
        )),
    }
}

fn check_coords(cx: &Cx, lat: f64, lon: f64) -> Result<(), ScenarioError> {
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(cx.err("lat", format!("latitude {lat} is not between -90 and 90")));
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(cx.err("lon", format!("longitude {lon} is not between -180 and 180")));
    }
    Ok(())
}

/// The offset check: the point must lie within `max_offset_m` of a stop of the feed (for a
/// moved stop, its own current place counts).
fn check_stop_position(cx: &Cx, feed: &Feed, lat: f64, lon: f64) -> Result<(), ScenarioError> {
    check_coords(cx, lat, lon)?;
    let near = nearest_stop(feed, lat, lon);
    match near {
        Some((_, d)) if d <= cx.max_offset_m => Ok(()),
        Some((s, d)) => Err(cx.err(
            "lat/lon",
            format!(
                "the stop is {:.0} m from the nearest existing stop ('{}', {}); a stop farther than \
                 max_stop_offset_m = {:.0} m from every stop of the feed is taken to be off any road",
                d, feed.stops[s].id, feed.stops[s].name, cx.max_offset_m
            ),
        )),
        None => Err(cx.err("lat/lon", "the feed has no stops to check the position against")),
    }
}

fn nearest_stop(feed: &Feed, lat: f64, lon: f64) -> Option<(usize, f64)> {
    let p = to_sweref(lat, lon);
    feed.stops.iter().enumerate().map(|(i, s)| (i, to_sweref(s.lat, s.lon).dist(p))).min_by(|a, b| a.1.total_cmp(&b.1))
}

// --- add_lines -------------------------------------------------------------------------------

impl AddLines {
    /// The line definitions as a small feed, checked against `feed`.
    fn build(&self, cx: &Cx, feed: &Feed) -> Result<Feed, ScenarioError> {
        let lines_err = |e: crate::lines::LinesError| {
            let mut s = cx.err(e.key.clone().unwrap_or_else(|| "line".into()), e.message.clone());
            if e.file != cx.file {
                s.message = format!("{}: {}", e.to_string().split(": ").next().unwrap_or(&e.file), e.message);
            }
            s
        };
        let mut files: Vec<LinesFile> = Vec::new();
        files.push(LinesFile {
            source: cx.file.to_string(),
            agency: self.agency.clone(),
            holiday: self.holiday.clone(),
            stop: self.stop.clone(),
            line: self.line.clone(),
            ..Default::default()
        });
        for (k, f) in self.files.iter().enumerate() {
            let path = cx.dir.join(f);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| cx.err(format!("files[{k}]"), format!("{}: {e}", path.display())))?;
            let lf = crate::lines::parse_str(&text, &path.display().to_string()).map_err(lines_err)?;
            if lf.feed.is_some() {
                return Err(cx.err(
                    format!("files[{k}]"),
                    format!("{}: a scenario's lines take [feed] from the network; remove it", path.display()),
                ));
            }
            files.push(lf);
        }
        if files.iter().all(|f| f.line.is_empty()) {
            return Err(cx.err("line", "no [[modification.line]] and no line in `files`"));
        }
        // What the definitions define themselves.
        let mut def_agencies: HashSet<&str> = HashSet::new();
        let mut def_stops: HashSet<&str> = HashSet::new();
        for f in &files {
            def_agencies.extend(f.agency.iter().map(|a| a.id.as_str()));
            def_stops.extend(f.stop.iter().map(|s| s.id.as_str()));
            for l in &f.line {
                def_stops.extend(l.stops.iter().filter(|s| s.name.is_some() || s.lat.is_some()).map(|s| s.id.as_str()));
            }
        }
        let feed_stop: HashMap<&str, usize> = feed.stops.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let stop_ids: Vec<&str> = feed.stops.iter().map(|s| s.id.as_str()).collect();
        for &s in &def_stops {
            if feed_stop.contains_key(s) {
                return Err(cx.err(
                    format!("stop[{s}]"),
                    format!("stop '{s}' already exists in the feed; name it by id only to use it"),
                ));
            }
        }
        // The feed's agencies and stops that the lines use by id.
        let mut base = LinesFile { source: format!("{} (network)", cx.file), ..Default::default() };
        let (start, end) =
            feed.service_range().ok_or_else(|| cx.err("line", "the feed has no service dates to run new lines on"))?;
        base.feed = Some(FeedDef {
            publisher_name: "narhet scenario".into(),
            publisher_url: "https://example.invalid/narhet".into(),
            lang: "sv".into(),
            version: String::new(),
            start_date: start.to_string(),
            end_date: end.to_string(),
        });
        let mut used_agency: BTreeSet<&str> = BTreeSet::new();
        let mut used_stop: BTreeSet<usize> = BTreeSet::new();
        for f in &files {
            for l in &f.line {
                if feed.routes.iter().any(|r| r.id == l.id) {
                    return Err(
                        cx.err(format!("line[{}].id", l.id), format!("route id '{}' already exists in the feed", l.id))
                    );
                }
                if !def_agencies.contains(l.agency.as_str()) {
                    if feed.agencies.iter().any(|a| a.id == l.agency) {
                        used_agency.insert(&l.agency);
                    } else {
                        let ids: Vec<&str> = feed.agencies.iter().map(|a| a.id.as_str()).collect();
                        return Err(cx.err(
                            format!("line[{}].agency", l.id),
                            format!("unknown agency '{}'{}", l.agency, suggest(&l.agency, &ids)),
                        ));
                    }
                }
                for (k, s) in l.stops.iter().enumerate() {
                    if def_stops.contains(s.id.as_str()) {
                        continue;
                    }
                    let Some(&i) = feed_stop.get(s.id.as_str()) else {
                        return Err(cx.err(
                            format!("line[{}].stops[{k}].id", l.id),
                            format!(
                                "unknown stop id '{}'{} (a new stop needs name, lat and lon)",
                                s.id,
                                suggest(&s.id, &stop_ids)
                            ),
                        ));
                    };
                    if feed.stops[i].location_type != LocationType::Stop {
                        let platforms: Vec<&str> =
                            feed.stops.iter().filter(|p| p.parent == Some(i as u32)).map(|p| p.id.as_str()).collect();
                        return Err(cx.err(
                            format!("line[{}].stops[{k}].id", l.id),
                            format!("'{}' is a station; call at one of its platforms: {}", s.id, platforms.join(", ")),
                        ));
                    }
                    used_stop.insert(i);
                }
            }
        }
        for a in used_agency {
            let fa = feed.agencies.iter().find(|x| x.id == a).map_or(String::new(), |x| x.name.clone());
            base.agency.push(AgencyDef {
                id: a.to_string(),
                name: fa,
                url: "https://example.invalid/narhet".into(),
                timezone: "Europe/Stockholm".into(),
                phone: None,
            });
        }
        for i in used_stop {
            let s = &feed.stops[i];
            base.stop.push(StopDef {
                id: s.id.clone(),
                name: s.name.clone(),
                lat: s.lat,
                lon: s.lon,
                wheelchair: match s.wheelchair_boarding {
                    1 => Some(true),
                    2 => Some(false),
                    _ => None,
                },
                parent: None,
                station: false,
                platform: None,
            });
        }
        files.insert(0, base);
        let tables = crate::lines::to_gtfs_tables(&files).map_err(lines_err)?;
        let sub = crate::feed::load_tables(&format!("{} (new lines)", cx.file), &tables.files)
            .map_err(|e| cx.err("line", e.to_string()))?;
        // New stops must be near the network.
        for s in &sub.stops {
            if feed_stop.contains_key(s.id.as_str()) || s.location_type != LocationType::Stop {
                continue;
            }
            check_stop_position(cx, feed, s.lat, s.lon).map_err(|mut e| {
                e.field = Some(format!("stop '{}'", s.id));
                e
            })?;
        }
        Ok(sub)
    }
}

/// Adds `sub` to `feed`: stops with an id the feed has are the feed's; agencies likewise by id;
/// services are renamed `tag:id`, trips too when their id is taken.
fn splice(feed: &mut Feed, sub: Feed, tag: &str) {
    let agency_of: HashMap<String, u32> =
        feed.agencies.iter().enumerate().map(|(i, a)| (a.id.clone(), i as u32)).collect();
    let amap: Vec<u32> = sub
        .agencies
        .iter()
        .map(|a| {
            agency_of.get(&a.id).copied().unwrap_or_else(|| {
                feed.agencies.push(crate::feed::Agency { id: a.id.clone(), name: a.name.clone(), feed: 0 });
                feed.agencies.len() as u32 - 1
            })
        })
        .collect();
    let stop_of: HashMap<String, u32> = feed.stops.iter().enumerate().map(|(i, s)| (s.id.clone(), i as u32)).collect();
    let n0 = feed.stops.len() as u32;
    let mut smap = Vec::with_capacity(sub.stops.len());
    let mut fresh = Vec::new();
    for s in &sub.stops {
        match stop_of.get(&s.id) {
            Some(&i) => smap.push(i),
            None => {
                smap.push(n0 + fresh.len() as u32);
                fresh.push(s.clone());
            }
        }
    }
    for mut s in fresh {
        s.parent = s.parent.map(|p| smap[p as usize]);
        s.feed = 0;
        feed.stops.push(s);
    }
    let r0 = feed.routes.len() as u32;
    for mut r in sub.routes {
        r.agency = r.agency.map(|a| amap[a as usize]);
        r.feed = 0;
        feed.routes.push(r);
    }
    let sv0 = feed.services.len() as u32;
    for mut s in sub.services {
        s.id = format!("{tag}:{}", s.id);
        feed.services.push(s);
    }
    let trip_ids: HashSet<String> = feed.trips.iter().map(|t| t.id.clone()).collect();
    let t0 = feed.trips.len() as u32;
    let c0 = feed.calls.len() as u32;
    let f0 = feed.frequencies.len() as u32;
    for mut t in sub.trips {
        if trip_ids.contains(&t.id) {
            t.id = format!("{tag}:{}", t.id);
        }
        t.route += r0;
        t.service += sv0;
        t.first_call += c0;
        t.first_freq += f0;
        t.feed = 0;
        feed.trips.push(t);
    }
    feed.calls.extend(sub.calls.into_iter().map(|c| Call { stop: smap[c.stop as usize], ..c }));
    feed.frequencies.extend(sub.frequencies.into_iter().map(|f| crate::feed::Frequency { trip: f.trip + t0, ..f }));
    feed.transfers.extend(sub.transfers.into_iter().map(|x| crate::feed::Transfer {
        from: smap[x.from as usize],
        to: smap[x.to as usize],
        ..x
    }));
    feed.demand_areas.extend(sub.demand_areas.into_iter().map(|mut a| {
        a.feed = 0;
        a
    }));
}

// --- trips: removing and rebuilding ------------------------------------------------------------

/// Keeps the trips for which `keep` holds, with their calls and frequencies, compacting the
/// flat arrays.
fn retain_trips(feed: &mut Feed, keep: impl Fn(&Trip) -> bool) {
    let old_trips = std::mem::take(&mut feed.trips);
    let old_calls = std::mem::take(&mut feed.calls);
    let old_freqs = std::mem::take(&mut feed.frequencies);
    for tr in old_trips {
        if !keep(&tr) {
            continue;
        }
        let new_t = feed.trips.len() as u32;
        let calls = &old_calls[tr.first_call as usize..(tr.first_call + tr.n_calls) as usize];
        let freqs = &old_freqs[tr.first_freq as usize..(tr.first_freq + tr.n_freq) as usize];
        let t = Trip { first_call: feed.calls.len() as u32, first_freq: feed.frequencies.len() as u32, ..tr };
        feed.calls.extend_from_slice(calls);
        feed.frequencies.extend(freqs.iter().map(|f| crate::feed::Frequency { trip: new_t, ..*f }));
        feed.trips.push(t);
    }
}

fn remove_route(feed: &mut Feed, r: usize) {
    let r = r as u32;
    retain_trips(feed, |t| t.route != r);
    feed.routes.remove(r as usize);
    for t in &mut feed.trips {
        if t.route > r {
            t.route -= 1;
        }
    }
}

fn day_bits(days: &[DayType]) -> u8 {
    days.iter().fold(0, |b, d| {
        b | match d {
            DayType::Weekday => 0b001_1111,
            DayType::Saturday => 1 << 5,
            DayType::Sunday => 1 << 6,
        }
    })
}

fn day_key(days: &[DayType]) -> String {
    let mut v: Vec<&str> = days
        .iter()
        .map(|d| match d {
            DayType::Weekday => "WD",
            DayType::Saturday => "SA",
            DayType::Sunday => "SU",
        })
        .collect();
    v.sort();
    v.dedup();
    v.join("")
}

impl ChangeHeadway {
    fn times(&self, cx: &Cx) -> Result<(Option<u32>, Option<u32>), ScenarioError> {
        let p = |field: &str, s: &Option<String>| -> Result<Option<u32>, ScenarioError> {
            s.as_ref()
                .map(|s| parse_time(s).ok_or_else(|| cx.err(field, format!("'{s}' is not a time (HH:MM)"))))
                .transpose()
        };
        Ok((p("first", &self.first)?, p("last", &self.last)?))
    }

    fn validate(&self, cx: &Cx, feed: &Feed) -> Result<(), ScenarioError> {
        let r = route_index(cx, feed, "route", &self.route)?;
        if !(self.headway_min.is_finite() && self.headway_min > 0.0) {
            return Err(cx.err("headway_min", format!("must be above 0 (got {})", self.headway_min)));
        }
        if self.days.is_empty() {
            return Err(cx.err("days", "give at least one day type: weekday, saturday, sunday"));
        }
        let (first, last) = self.times(cx)?;
        if let (Some(a), Some(b)) = (first, last)
            && b < a
        {
            return Err(cx.err("last", "`last` is before `first`"));
        }
        let bits = day_bits(&self.days);
        if !feed.trips.iter().any(|t| t.route == r as u32 && feed.services[t.service as usize].weekdays & bits != 0) {
            return Err(cx.err(
                "days",
                format!("route '{}' has no trips on {} to take as the pattern", self.route, day_key(&self.days)),
            ));
        }
        Ok(())
    }

    fn apply(&self, cx: &Cx, feed: &mut Feed) -> Result<(), ScenarioError> {
        let r = route_index(cx, feed, "route", &self.route)? as u32;
        let bits = day_bits(&self.days);
        let (first, last) = self.times(cx)?;
        let headway = (self.headway_min * 60.0).round().max(1.0) as u32;
        let chosen: Vec<usize> = (0..feed.trips.len())
            .filter(|&t| feed.trips[t].route == r && feed.services[feed.trips[t].service as usize].weekdays & bits != 0)
            .collect();
        // Per direction: the template (earliest departure) and today's span.
        let mut dirs: Vec<(Option<u8>, usize, i64, u32, u32)> = Vec::new(); // dir, trip, template dep, first, last
        for &t in &chosen {
            let base = feed.trip_calls(t).first().map_or(0, |c| c.departure) as i64;
            for sh in feed.run_shifts(t) {
                let dep = (base + sh).max(0) as u32;
                let d = feed.trips[t].direction;
                match dirs.iter_mut().find(|x| x.0 == d) {
                    Some(x) => {
                        if (dep as i64) < x.2 {
                            x.1 = t;
                            x.2 = dep as i64;
                        }
                        x.3 = x.3.min(dep);
                        x.4 = x.4.max(dep);
                    }
                    None => dirs.push((d, t, dep as i64, dep, dep)),
                }
            }
        }
        dirs.sort_by_key(|x| x.0);
        // The new service.
        let used: BTreeSet<u32> = chosen.iter().map(|&t| feed.trips[t].service).collect();
        let mut svc = Service {
            id: format!("scn{}:{}:{}", cx.index, self.route, day_key(&self.days)),
            weekdays: bits,
            ..Default::default()
        };
        for &s in &used {
            let o = &feed.services[s as usize];
            svc.start = match (svc.start, o.start) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            svc.end = match (svc.end, o.end) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            // Removed: the dates none of the replaced services ran (holidays), not the dates
            // one of them skipped (a school-days-only service's breaks).
            if s == *used.iter().next().unwrap_or(&s) {
                svc.removed = o.removed.clone();
            } else {
                svc.removed.retain(|d| o.removed.binary_search(d).is_ok());
            }
            if o.weekdays & !bits == 0 {
                svc.added.extend(o.added.iter().copied());
            }
        }
        svc.removed.sort();
        svc.removed.dedup();
        svc.added.sort();
        svc.added.dedup();
        // Template calls, relative to the template run's first departure.
        type Template = (Option<u8>, Trip, Vec<Call>, [u32; 2]);
        let templates: Vec<Template> = dirs
            .iter()
            .map(|&(d, t, _, a, b)| {
                (d, feed.trips[t].clone(), feed.trip_calls(t).to_vec(), [first.unwrap_or(a), last.unwrap_or(b)])
            })
            .collect();
        let template_base: Vec<i64> = templates.iter().map(|x| x.2.first().map_or(0, |c| c.departure) as i64).collect();
        // Trips that also run on other days keep running there, on a narrowed service.
        let mut narrowed: HashMap<u32, u32> = HashMap::new();
        let chosen_set: HashSet<usize> = chosen.iter().copied().collect();
        for &t in &chosen {
            let s = feed.trips[t].service;
            let o = feed.services[s as usize].clone();
            if o.weekdays & !bits == 0 {
                continue;
            }
            let ns = *narrowed.entry(s).or_insert_with(|| {
                let mut n = o.clone();
                n.id = format!("scn{}:{}-ex-{}", cx.index, o.id, day_key(&self.days));
                n.weekdays &= !bits;
                n.added.retain(|d| bits & (1 << d.weekday().index()) == 0);
                feed.services.push(n);
                feed.services.len() as u32 - 1
            });
            feed.trips[t].service = ns;
        }
        let narrowed_now: HashSet<usize> =
            chosen.iter().copied().filter(|&t| narrowed.values().any(|&s| feed.trips[t].service == s)).collect();
        let drop: HashSet<String> =
            chosen_set.iter().filter(|t| !narrowed_now.contains(t)).map(|&t| feed.trips[t].id.clone()).collect();
        retain_trips(feed, |t| !drop.contains(&t.id));
        feed.services.push(svc);
        let sid = feed.services.len() as u32 - 1;
        let mut ids: HashSet<String> = feed.trips.iter().map(|t| t.id.clone()).collect();
        for ((d, tpl, calls, [a, b]), base) in templates.into_iter().zip(template_base) {
            let mut dep = a;
            while dep <= b {
                let shift = dep as i64 - base;
                let mut id = format!(
                    "scn{}:{}-{}-{}",
                    cx.index,
                    self.route,
                    d.map_or("x".into(), |d| d.to_string()),
                    fmt_hm(dep).replace(':', "")
                );
                while ids.contains(&id) {
                    id.push('+');
                }
                ids.insert(id.clone());
                let first_call = feed.calls.len() as u32;
                feed.calls.extend(calls.iter().map(|c| Call {
                    arrival: (c.arrival as i64 + shift).max(0) as u32,
                    departure: (c.departure as i64 + shift).max(0) as u32,
                    ..*c
                }));
                feed.trips.push(Trip {
                    id,
                    service: sid,
                    first_call,
                    n_calls: calls.len() as u32,
                    first_freq: feed.frequencies.len() as u32,
                    n_freq: 0,
                    direction: d,
                    ..tpl.clone()
                });
                dep += headway;
            }
        }
        Ok(())
    }
}

impl ChangeGoal {
    fn validate(&self, cx: &Cx, region: &Region) -> Result<(), ScenarioError> {
        let node_fields = self.min_weekday_departures_to_core.is_some()
            || self.max_minutes_to_core.is_some()
            || self.max_minutes_to_acute_hospital.is_some();
        let mun_fields = self.min_share_basic_service.is_some() || self.max_minutes_seat_to_core.is_some();
        match (&self.town, &self.kommunkod) {
            (Some(t), None) => {
                if region.town(t).is_none() {
                    let names: Vec<&str> = region.towns.iter().map(|x| x.name.as_str()).collect();
                    return Err(cx.err("town", format!("unknown town '{t}'{}", suggest(t, &names))));
                }
                if mun_fields {
                    return Err(cx.err(
                        "town",
                        "min_share_basic_service and max_minutes_seat_to_core are municipality goals (give kommunkod)",
                    ));
                }
                if !node_fields {
                    return Err(cx.err("town", "no goal given (min_weekday_departures_to_core, max_minutes_to_core, max_minutes_to_acute_hospital)"));
                }
            }
            (None, Some(k)) => {
                if region.municipality(k).is_none() {
                    let codes: Vec<&str> = region.municipalities.iter().map(|m| m.kommunkod.as_str()).collect();
                    return Err(cx.err("kommunkod", format!("unknown kommunkod '{k}'{}", suggest(k, &codes))));
                }
                if node_fields {
                    return Err(
                        cx.err("kommunkod", "departure and minute goals to the core belong to a town (give town)")
                    );
                }
                if !mun_fields {
                    return Err(
                        cx.err("kommunkod", "no goal given (min_share_basic_service, max_minutes_seat_to_core)")
                    );
                }
                if let Some(s) = self.min_share_basic_service
                    && !(0.0..=1.0).contains(&s)
                {
                    return Err(cx.err("min_share_basic_service", "a share between 0 and 1"));
                }
            }
            _ => return Err(cx.err("town", "give exactly one of town and kommunkod")),
        }
        Ok(())
    }

    fn apply(&self, region: &mut Region) {
        if let Some(t) = &self.town {
            let g = match region.goals.node.iter().position(|g| g.town.as_deref() == Some(t)) {
                Some(i) => &mut region.goals.node[i],
                None => {
                    region.goals.node.push(NodeGoal { town: Some(t.clone()), ..Default::default() });
                    region.goals.node.last_mut().expect("just pushed")
                }
            };
            g.min_weekday_departures_to_core = self.min_weekday_departures_to_core.or(g.min_weekday_departures_to_core);
            g.max_minutes_to_core = self.max_minutes_to_core.or(g.max_minutes_to_core);
            g.max_minutes_to_acute_hospital = self.max_minutes_to_acute_hospital.or(g.max_minutes_to_acute_hospital);
        } else if let Some(k) = &self.kommunkod {
            let g = match region.goals.municipality.iter().position(|g| &g.kommunkod == k) {
                Some(i) => &mut region.goals.municipality[i],
                None => {
                    region
                        .goals
                        .municipality
                        .push(crate::region::MunicipalityGoal { kommunkod: k.clone(), ..Default::default() });
                    region.goals.municipality.last_mut().expect("just pushed")
                }
            };
            g.min_share_basic_service = self.min_share_basic_service.or(g.min_share_basic_service);
        }
    }
}
