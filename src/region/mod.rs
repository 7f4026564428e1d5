//! The region configuration (`regions/<name>.toml`): municipalities, the town hierarchy, care
//! nodes, the goals the report measures against, coverage and walking settings, the TFP mätetal
//! table and where the population grid lives; and the population grid itself.
//!
//! Loading is strict and typed: closed sets of words are serde enums, every number is
//! range-checked, and every error names the file, the line of the value at fault and its key
//! path (an unknown key also gets the nearest valid key). Keys that were removed get an error
//! saying why and what to do. Settings the file leaves out stay `None` here: their defaults
//! belong to the code that uses them (e.g. the coverage metric's `CoverageParams::default()`).
//!
//! Coordinates are WGS84 degrees in the file; distances are metres on SWEREF 99 TM.
//! This module owns configuration only: it does not read GTFS, and must not depend on `metrics`,
//! `analysis`, `report` or `cli` (base modules `spatial`, `walk`, `text` are fine).

pub mod appointments;
pub mod borders;
mod extent;
pub mod population;
pub mod strict;
pub mod synth_grid;
mod validate;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use appointments::AppointmentSetting;
pub use borders::{Border, Borders};
pub use extent::{Extent, ring_polygon};
pub use population::{Cell, PopulationGrid};

/// A problem in the region file or the population grid: file, line, key/field, message.
pub type RegionError = strict::FileError;

/// Position in the town hierarchy (the tool's assumption; see the region file's comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeLevel {
    RegionalCore,
    StrategicNode,
    Other,
}

/// A care node's kind as written in the region file (`kind = "acute_hospital"`). This is the
/// configuration type; the metrics have their own, mapped from this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CareKind {
    Vardcentral,
    AcuteHospital,
    /// A planned or what-if hospital site (Räppe); never presented as current care.
    PlannedHospital,
}

/// A `[[municipality]]` of the region file. This is the configuration type; the coverage
/// metric has its own `Municipality` (name and seat position), built from this one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub name: String,
    /// 4-digit SCB code, e.g. "0780".
    pub kommunkod: String,
    /// Name of the seat town (centralort); must be one of the towns.
    pub seat: String,
    /// Population on 31 Dec 2024.
    pub population_2024: u32,
    pub source: Option<String>,
}

/// A `[[town]]` (tätort) of the region file. This is the configuration type; the metrics take
/// their own `Town` (position on SWEREF, municipality index), built from this one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Town {
    pub name: String,
    pub kommunkod: String,
    /// WGS84 degrees, checked at load.
    pub lat: f64,
    pub lon: f64,
    /// Indicative size (mixed years, see the source).
    pub population: u32,
    pub level: NodeLevel,
    pub source: Option<String>,
}

/// How well a care node's existence is confirmed (`status` of a `[[care]]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CareStatus {
    /// A source from the analysed period names it as operating.
    Current,
    /// Only older or undated sources name it: it may have closed, merged or moved.
    Unverified,
}

/// `[care_list]`: what the region says about its care units in total, for the report's data
/// section (how complete the `[[care]]` list is).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareList {
    /// The number of vårdcentraler the county has by the source.
    pub vardcentraler_in_county: Option<u32>,
    /// Where that number comes from, in words for the report.
    pub source: Option<String>,
}

/// A `[[care]]` node of the region file (configuration; the metrics' own `CareNode` is built
/// from it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareNode {
    pub name: String,
    pub kind: CareKind,
    /// WGS84 degrees, checked at load.
    pub lat: f64,
    pub lon: f64,
    /// kommunkod of the municipality it lies in.
    pub kommunkod: String,
    #[serde(default)]
    pub note: String,
    /// How well its existence is confirmed; absent = not stated.
    pub status: Option<CareStatus>,
    /// First and last day it is open (`"2025-06-16"`); absent = always. A node outside its
    /// dates is left out of an analysis of that day (e.g. a summer closure; `compare` uses
    /// each side's date). Checked at load: from ≤ to.
    pub valid_from: Option<crate::date::Date>,
    pub valid_to: Option<crate::date::Date>,
}

impl CareNode {
    /// Open on `date`: within `valid_from`…`valid_to` (both inclusive, either may be absent).
    pub fn open_on(&self, date: crate::date::Date) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_to.is_none_or(|t| date <= t)
    }
}

/// Goals for one strategic node (or the defaults for all). Counts and minutes are ≥ 1, checked
/// at load.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeGoal {
    /// Town name; absent in `[goals.node_default]`.
    pub town: Option<String>,
    pub min_weekday_departures_to_core: Option<u32>,
    pub max_minutes_to_core: Option<u32>,
    pub max_minutes_to_acute_hospital: Option<u32>,
    /// Highest restidskvot (public transport median ÷ car) from the node to the regional core;
    /// above 0, at most 10. Checked and counted apart from the other node goals.
    pub max_restidskvot_to_core: Option<f64>,
}

/// Goals for one municipality.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityGoal {
    pub kommunkod: String,
    /// Minimum share (0–1) of the population with basic service.
    pub min_share_basic_service: Option<f64>,
    /// Minimum share (0–1) of the population whose restidskvot to the nearest vårdcentral is
    /// ≤ 1.5; checked and counted apart from the basic-service goals.
    pub min_share_restidskvot_le_1_5_vardcentral: Option<f64>,
    /// The same to the nearest acute hospital.
    pub min_share_restidskvot_le_1_5_acute_hospital: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    #[serde(default)]
    pub node_default: NodeGoal,
    #[serde(default)]
    pub node: Vec<NodeGoal>,
    #[serde(default)]
    pub municipality: Vec<MunicipalityGoal>,
}

/// What a run's two directions are counted against (`coverage.direction_relative_to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectionRelativeTo {
    /// Towards / away from the cell's municipal seat (the metric's default).
    MunicipalSeat,
    /// Towards / away from the regional core, for every municipality.
    RegionalCore,
    /// By the feed's GTFS `direction_id` (0/1).
    DirectionId,
}

/// Which stops a place's departures are counted at (`coverage.basic_stops`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BasicStops {
    /// The nearest stop only, as the Glesbygdstrafik rule words it [S48] (the metric's default).
    Nearest,
    /// Every stop within the distance, pooled.
    Pooled,
}

/// Coverage ("grundläggande resmöjligheter") settings as the file gives them. A key left out is
/// `None`: the coverage metric's own defaults apply (`CoverageParams::default()`, filled in by
/// the code that builds the metric's inputs). Every value given is range-checked at load.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// Basic service: a stop within this straight-line distance (m), 0 < d ≤ 5000 [S48: 1000].
    pub basic_max_distance_m: Option<f64>,
    /// Basic service: at least this many departures per direction that day, ≥ 1 [S48: 2].
    pub basic_min_departures_per_direction: Option<u32>,
    /// Which stops are counted: the nearest (the rule's words) or all within the distance.
    pub basic_stops: Option<BasicStops>,
    /// What directions are counted relative to.
    pub direction_relative_to: Option<DirectionRelativeTo>,
    /// Stricter planning level: distance (m), 0 < d ≤ 5000.
    pub planning_max_distance_m: Option<f64>,
    /// Stricter planning level: departures per direction, ≥ 1.
    pub planning_min_departures_per_direction: Option<u32>,
    /// A cell is "town" if within this distance (m) of a town of at least `town_min_population`
    /// (0 < d ≤ 20 000)…
    pub town_max_distance_m: Option<f64>,
    pub town_min_population: Option<u32>,
    /// …or if its own density is at least this (inhabitants per km², ≥ 0).
    pub town_min_density_km2: Option<f64>,
    /// A cell with density below this (per km², ≥ 0) and not "town" is "sparse" (glesbygd); in
    /// between is "rural".
    pub sparse_max_density_km2: Option<f64>,
}

/// Walking between places and stops (`[walk]`), validated. A key left out takes the default of
/// [`crate::walk::Walk::DEFAULT`] (speed, detour), [`WalkSettings::DEFAULT_ACCESS_RADIUS_M`] or
/// [`WalkSettings::DEFAULT_MAX_WALK_MIN`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WalkSettings {
    /// Largest straight-line distance (m) from a place to a stop considered walkable.
    pub access_radius_m: f64,
    /// The longest walk that counts, minutes: walking all the way to a care node, and each walk
    /// to the first stop and from the last (`max_walk_min`).
    pub max_walk_min: f64,
    /// Speed and detour.
    pub model: crate::walk::Walk,
}

impl WalkSettings {
    /// 1000 m: the Glesbygdstrafik distance [S48].
    pub const DEFAULT_ACCESS_RADIUS_M: f64 = 1000.0;
    /// Nobody walks further than this to a stop.
    pub const MAX_ACCESS_RADIUS_M: f64 = 5000.0;
    /// 30 minutes (narhet's choice: about 2.3 km at 1.3 m/s with the 1.3 detour).
    pub const DEFAULT_MAX_WALK_MIN: f64 = 30.0;
    /// The largest `max_walk_min` accepted: 3 hours.
    pub const MAX_MAX_WALK_MIN: f64 = 180.0;
}

impl Default for WalkSettings {
    fn default() -> Self {
        WalkSettings {
            access_radius_m: Self::DEFAULT_ACCESS_RADIUS_M,
            max_walk_min: Self::DEFAULT_MAX_WALK_MIN,
            model: crate::walk::Walk::DEFAULT,
        }
    }
}

/// Routing settings (`[routing]`), validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoutingSettings {
    /// Seconds needed to change vehicles at the same stop, and the least a move between stops
    /// takes between two rides (`min_change_s`); `None`: the router's default (120 s).
    pub min_change_s: Option<u32>,
}

impl RoutingSettings {
    /// The largest `min_change_s` accepted: 30 minutes.
    pub const MAX_MIN_CHANGE_S: u32 = 1800;
}

/// Whether a TFP mätetal row is a measured outcome or a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    Outcome,
    Target,
}

impl MetricKind {
    /// The word in the file: `outcome` or `target`.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Outcome => "outcome",
            MetricKind::Target => "target",
        }
    }
}

/// A measure the tool computes from the timetable and the population grid, shown beside the TFP
/// goal it serves (`[[measure]]`, or `measure = "…"` on a `[[metric]]` row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Share of the population with basic service by the Glesbygdstrafik rule (weekday).
    SharePopBasicService,
    /// People eligible for Glesbygdstrafik (no basic line service, weekday).
    PeopleEligibleGlesbygdstrafik,
    /// Stops with departures: adapted, not adapted and without information, as three shares.
    ShareStopsWheelchairAccessible,
    /// Share of the strategic nodes' travel-time goals to the regional core that are met.
    ShareNodesTravelTimeGoalMet,
    #[serde(rename = "share_pop_within_30_vardcentral")]
    SharePopWithin30Vardcentral,
    #[serde(rename = "share_pop_within_60_acute_hospital")]
    SharePopWithin60AcuteHospital,
    /// Departures from stops on the analysed weekday.
    DeparturesWeekday,
}

impl Measure {
    /// The word in the file, e.g. `share_pop_basic_service`.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::SharePopBasicService => "share_pop_basic_service",
            Measure::PeopleEligibleGlesbygdstrafik => "people_eligible_glesbygdstrafik",
            Measure::ShareStopsWheelchairAccessible => "share_stops_wheelchair_accessible",
            Measure::ShareNodesTravelTimeGoalMet => "share_nodes_travel_time_goal_met",
            Measure::SharePopWithin30Vardcentral => "share_pop_within_30_vardcentral",
            Measure::SharePopWithin60AcuteHospital => "share_pop_within_60_acute_hospital",
            Measure::DeparturesWeekday => "departures_weekday",
        }
    }
}

/// `[[measure]]`: one of the tool's measures set beside a TFP goal.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureRow {
    /// The goal as the `goal` of the `[[metric]]` rows names it (or a goal of its own).
    pub goal: String,
    pub measure: Measure,
}

/// A row of the TFP mätetal table: an indicator's outcome or target for a year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricRow {
    /// The goal (strategiskt område / mål) the indicator follows, as the source words it; rows
    /// with the same goal are shown together.
    pub goal: Option<String>,
    pub indicator: String,
    /// 1900–2100, checked at load.
    pub year: Option<i32>,
    pub kind: MetricKind,
    /// The value, when known (absent = not found; never invented). Finite, checked at load.
    pub value: Option<f64>,
    /// Free text; `percent` is shown with a % sign.
    pub unit: String,
    /// Where the value comes from, in words a committee can read (it is printed in the report).
    pub source: String,
    /// The tool's measure shown beside it.
    pub measure: Option<Measure>,
}

/// A place outside the county that lines may serve (their stops are allowed outside the extent).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutsidePlace {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

/// `[walk]` as written; validated into [`WalkSettings`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct WalkToml {
    access_radius_m: Option<f64>,
    max_walk_min: Option<f64>,
    detour_factor: Option<f64>,
    speed_mps: Option<f64>,
}

/// `[routing]` as written; validated into [`RoutingSettings`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutingToml {
    min_change_s: Option<u32>,
}

/// The file as written, before the checks of [`validate`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionToml {
    name: String,
    county_code: String,
    population_grid: Option<String>,
    /// An OpenStreetMap extract (.osm.pbf, or a small .osm XML file) for car times; relative to the region file.
    osm: Option<String>,
    /// Rough county outline, `[lon, lat]` ring.
    extent: Vec<[f64; 2]>,
    #[serde(default)]
    outside_place: Vec<OutsidePlace>,
    municipality: Vec<Municipality>,
    town: Vec<Town>,
    #[serde(default)]
    care: Vec<CareNode>,
    #[serde(default)]
    care_list: CareList,
    /// GeoJSON of the municipal borders (relative to the region file), for maps.
    municipality_borders: Option<String>,
    /// Attribution printed beside maps that draw the borders, e.g. "Källa: SCB".
    municipality_borders_attribution: Option<String>,
    #[serde(default)]
    goals: Goals,
    #[serde(default)]
    coverage: Coverage,
    walk: Option<WalkToml>,
    /// Named walking profiles (`[walk_profile.elderly]`); keys as `[walk]`, a key left out
    /// taken from `[walk]`.
    #[serde(default)]
    walk_profile: std::collections::BTreeMap<String, WalkToml>,
    routing: Option<RoutingToml>,
    /// Appointment times per care kind (`[appointments]`).
    #[serde(default)]
    appointments: std::collections::BTreeMap<CareKind, appointments::AppointmentToml>,
    #[serde(default)]
    metric: Vec<MetricRow>,
    #[serde(default)]
    measure: Vec<MeasureRow>,
}

/// The loaded, validated region.
#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    /// 2-digit SCB länskod, e.g. "07".
    pub county_code: String,
    /// The file it was read from.
    pub source: PathBuf,
    /// Population grid path, resolved relative to the region file.
    pub population_grid: Option<PathBuf>,
    /// OpenStreetMap extract (`osm = "…"`), resolved relative to the region file; `--osm`
    /// overrides it.
    pub osm: Option<PathBuf>,
    /// Rough county outline (synthetic, for maps and sanity checks).
    pub extent: Extent,
    pub outside_places: Vec<OutsidePlace>,
    pub municipalities: Vec<Municipality>,
    pub towns: Vec<Town>,
    pub care: Vec<CareNode>,
    pub care_list: CareList,
    /// Municipal borders file, resolved relative to the region file, and its attribution.
    pub municipality_borders: Option<(PathBuf, String)>,
    pub goals: Goals,
    pub coverage: Coverage,
    pub walk: WalkSettings,
    /// Named walking profiles (`[walk_profile.NAME]`), by name; "default" is always `walk`.
    pub walk_profiles: Vec<(String, WalkSettings)>,
    pub routing: RoutingSettings,
    /// Appointment times per care kind (`[appointments]`), in kind order; empty when not given.
    pub appointments: Vec<(CareKind, AppointmentSetting)>,
    pub metrics: Vec<MetricRow>,
    /// The tool's measures, each beside a goal.
    pub measures: Vec<MeasureRow>,
}

impl Region {
    /// The walking settings of profile `name` ("default": `[walk]`); `None` for a name the file
    /// does not define.
    pub fn walk_profile(&self, name: &str) -> Option<WalkSettings> {
        if name == "default" {
            return Some(self.walk);
        }
        self.walk_profiles.iter().find(|(n, _)| n == name).map(|(_, w)| *w)
    }

    /// Reads and validates a region file.
    pub fn load(path: &Path) -> Result<Region, RegionError> {
        let text = std::fs::read_to_string(path).map_err(|e| RegionError {
            file: path.display().to_string(),
            line: None,
            key: None,
            message: e.to_string(),
        })?;
        Region::from_str(&text, path)
    }

    /// Parses region TOML text; `path` names it in messages and anchors the grid path.
    pub fn from_str(text: &str, path: &Path) -> Result<Region, RegionError> {
        let file = path.display().to_string();
        let problem =
            |p: strict::TomlProblem| RegionError { file: file.clone(), line: p.line, key: p.key, message: p.message };
        let doc = strict::Doc::parse(text).map_err(problem)?;
        validate::removed_keys(&doc, &file)?;
        let raw: RegionToml = doc.deserialize().map_err(problem)?;
        validate::region(raw, &doc, path)
    }

    /// The regional core town.
    pub fn core(&self) -> &Town {
        // Validated at load: exactly one.
        self.towns.iter().find(|t| t.level == NodeLevel::RegionalCore).unwrap_or(&self.towns[0])
    }

    pub fn town(&self, name: &str) -> Option<&Town> {
        self.towns.iter().find(|t| t.name == name)
    }

    pub fn municipality(&self, kommunkod: &str) -> Option<&Municipality> {
        self.municipalities.iter().find(|m| m.kommunkod == kommunkod)
    }

    /// The goals for a strategic node: its own row, falling back field by field to the default.
    pub fn node_goal(&self, town: &str) -> NodeGoal {
        let d = &self.goals.node_default;
        let own = self.goals.node.iter().find(|g| g.town.as_deref() == Some(town));
        NodeGoal {
            town: Some(town.to_string()),
            min_weekday_departures_to_core: own
                .and_then(|g| g.min_weekday_departures_to_core)
                .or(d.min_weekday_departures_to_core),
            max_minutes_to_core: own.and_then(|g| g.max_minutes_to_core).or(d.max_minutes_to_core),
            max_minutes_to_acute_hospital: own
                .and_then(|g| g.max_minutes_to_acute_hospital)
                .or(d.max_minutes_to_acute_hospital),
            max_restidskvot_to_core: own.and_then(|g| g.max_restidskvot_to_core).or(d.max_restidskvot_to_core),
        }
    }

    /// Is a WGS84 point inside the county outline?
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        self.extent.contains(lat, lon)
    }

    /// Loads the municipal borders named in the file (`None` when it names none).
    pub fn load_borders(&self) -> Result<Option<Borders>, RegionError> {
        let Some((path, attribution)) = &self.municipality_borders else { return Ok(None) };
        let codes: Vec<&str> = self.municipalities.iter().map(|m| m.kommunkod.as_str()).collect();
        borders::load(path, attribution, &codes).map(Some)
    }

    /// Loads the population grid named in the file.
    pub fn load_population(&self) -> Result<PopulationGrid, RegionError> {
        match &self.population_grid {
            Some(p) => PopulationGrid::load(p),
            None => Err(RegionError {
                file: self.source.display().to_string(),
                line: None,
                key: Some("population_grid".into()),
                message: "no population_grid given".into(),
            }),
        }
    }
}

impl Region {
    /// Index of the municipality with this SCB code (as a number, 0780 → 780).
    pub fn municipality_index(&self, code: u16) -> Option<usize> {
        self.municipalities.iter().position(|m| m.kommunkod.trim().parse::<u16>().ok() == Some(code))
    }

    /// The grid's populated cells as the metrics read them. A cell's municipality comes from its
    /// `kommunkod`; a cell without one (or with a code not in the region) takes the municipality
    /// of the nearest town of the region file. Cells that still have none (a region without
    /// towns) are left out and counted: `(cells, left_out)`.
    pub fn metric_cells(&self, grid: &PopulationGrid) -> (Vec<crate::spatial::Cell>, usize) {
        let towns: Vec<(crate::spatial::Xy, usize)> = self
            .towns
            .iter()
            .filter_map(|t| {
                let code = t.kommunkod.trim().parse::<u16>().ok()?;
                Some((crate::spatial::to_sweref(t.lat, t.lon), self.municipality_index(code)?))
            })
            .collect();
        let cells = grid
            .cells
            .iter()
            .filter(|c| c.population > 0)
            .map(|c| {
                let by_code = c.kommunkod.and_then(|k| self.municipality_index(k));
                let m = by_code.or_else(|| {
                    let at = c.centroid();
                    towns.iter().min_by(|a, b| a.0.dist(at).total_cmp(&b.0.dist(at))).map(|t| t.1)
                });
                crate::spatial::Cell {
                    x: c.x as f64,
                    y: c.y as f64,
                    size_m: c.size_m as f64,
                    population: c.population,
                    municipality: m.map_or(u16::MAX, |m| m as u16),
                }
            })
            .collect::<Vec<_>>();
        let all = cells.len();
        let kept: Vec<_> = cells.into_iter().filter(|c| c.municipality != u16::MAX).collect();
        let dropped = all - kept.len();
        (kept, dropped)
    }

    pub fn municipality_names(&self) -> Vec<String> {
        self.municipalities.iter().map(|m| m.name.clone()).collect()
    }
}
