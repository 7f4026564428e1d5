//! The region configuration (`regions/<name>.toml`): municipalities, the town hierarchy, care
//! nodes, the goals the report measures against, coverage and walking settings, the TFP mätetal
//! table and where the population grid lives. Loading is strict: an unknown key is an error that
//! names the file, the line and the nearest valid key.
//!
//! Coordinates are WGS84 degrees in the file; distances are metres on SWEREF 99 TM.
//! This module owns configuration only; it does not read GTFS.

pub mod population;
pub mod strict;
pub mod synth_grid;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CareKind {
    Vardcentral,
    AcuteHospital,
    /// A planned or what-if hospital site (Räppe); never presented as current care.
    PlannedHospital,
}

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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Town {
    pub name: String,
    pub kommunkod: String,
    pub lat: f64,
    pub lon: f64,
    /// Indicative size (mixed years, see the source).
    pub population: u32,
    pub level: NodeLevel,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareNode {
    pub name: String,
    pub kind: CareKind,
    pub lat: f64,
    pub lon: f64,
    /// kommunkod of the municipality it lies in.
    pub kommunkod: String,
    #[serde(default)]
    pub note: String,
}

/// Goals for one strategic node (or the defaults for all).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeGoal {
    /// Town name; absent in `[goals.node_default]`.
    pub town: Option<String>,
    pub min_weekday_departures_to_core: Option<u32>,
    pub max_minutes_to_core: Option<u32>,
    pub max_minutes_to_acute_hospital: Option<u32>,
}

/// Goals for one municipality.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityGoal {
    pub kommunkod: String,
    /// Minimum share (0–1) of the population with basic service.
    pub min_share_basic_service: Option<f64>,
    pub max_minutes_seat_to_core: Option<u32>,
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

/// Coverage ("grundläggande resmöjligheter") settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// Basic service: a stop within this straight-line distance (m). Default 1000 [S48].
    #[serde(default = "d_1000")]
    pub basic_max_distance_m: f64,
    /// Basic service: at least this many departures per direction that day. Default 2 [S48].
    #[serde(default = "d_2")]
    pub basic_min_departures_per_direction: u32,
    /// Directions are counted relative to this place: "municipal_seat" (default) or "regional_core".
    #[serde(default = "d_seat")]
    pub direction_relative_to: String,
    /// Day type counted: weekday (default), saturday or sunday.
    #[serde(default = "d_weekday")]
    pub day_type: String,
    /// Stricter planning level: distance (m).
    #[serde(default = "d_600")]
    pub planning_max_distance_m: f64,
    /// Stricter planning level: departures per direction.
    #[serde(default = "d_10")]
    pub planning_min_departures_per_direction: u32,
    /// A cell is "town" if within this distance (m) of a town of at least `town_min_population`…
    #[serde(default = "d_1000")]
    pub town_max_distance_m: f64,
    #[serde(default = "d_200")]
    pub town_min_population: u32,
    /// …or if its own density is at least this (inhabitants per km²).
    #[serde(default = "d_200f")]
    pub town_min_density_km2: f64,
    /// A cell with density below this (per km²) and not "town" is "sparse" (glesbygd); in between
    /// is "rural".
    #[serde(default = "d_5")]
    pub sparse_max_density_km2: f64,
}

/// Walking between places and stops, as written in `[walk]`; validated into [`WalkSettings`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct WalkToml {
    /// Largest straight-line distance (m) from a place to a stop considered walkable.
    #[serde(default = "d_1000")]
    pub access_radius_m: f64,
    /// Network distance ≈ straight line × this.
    #[serde(default = "d_detour")]
    pub detour_factor: f64,
    #[serde(default = "d_speed")]
    pub speed_mps: f64,
}

fn d_1000() -> f64 {
    1000.0
}
fn d_600() -> f64 {
    600.0
}
fn d_2() -> u32 {
    2
}
fn d_10() -> u32 {
    10
}
fn d_200() -> u32 {
    200
}
fn d_200f() -> f64 {
    200.0
}
fn d_5() -> f64 {
    5.0
}
fn d_detour() -> f64 {
    1.3
}
fn d_speed() -> f64 {
    1.3
}
fn d_seat() -> String {
    "municipal_seat".into()
}
fn d_weekday() -> String {
    "weekday".into()
}

impl Default for Coverage {
    fn default() -> Self {
        Coverage {
            basic_max_distance_m: d_1000(),
            basic_min_departures_per_direction: d_2(),
            direction_relative_to: d_seat(),
            day_type: d_weekday(),
            planning_max_distance_m: d_600(),
            planning_min_departures_per_direction: d_10(),
            town_max_distance_m: d_1000(),
            town_min_population: d_200(),
            town_min_density_km2: d_200f(),
            sparse_max_density_km2: d_5(),
        }
    }
}

/// Walking between places and stops (`[walk]`), validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WalkSettings {
    /// Largest straight-line distance (m) from a place to a stop considered walkable.
    pub access_radius_m: f64,
    /// Speed and detour.
    pub model: crate::walk::Walk,
}

impl Default for WalkSettings {
    fn default() -> Self {
        WalkSettings { access_radius_m: d_1000(), model: crate::walk::Walk::DEFAULT }
    }
}

/// A row of the TFP mätetal table: an indicator's outcome or target for a year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricRow {
    pub indicator: String,
    pub year: Option<i32>,
    /// "outcome" or "target".
    pub kind: String,
    /// The value, when known (absent = not found; never invented).
    pub value: Option<f64>,
    pub unit: String,
    pub source: String,
    /// Name of the tool measure shown beside it, e.g. "share_pop_basic_service".
    pub measure: Option<String>,
}

/// A place outside the county that lines may serve (their stops are allowed outside the extent).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutsidePlace {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionToml {
    name: String,
    county_code: String,
    population_grid: Option<String>,
    /// Rough county outline, `[lon, lat]` ring.
    extent: Vec<[f64; 2]>,
    #[serde(default)]
    outside_place: Vec<OutsidePlace>,
    municipality: Vec<Municipality>,
    town: Vec<Town>,
    #[serde(default)]
    care: Vec<CareNode>,
    #[serde(default)]
    goals: Goals,
    coverage: Option<Coverage>,
    walk: Option<WalkToml>,
    #[serde(default)]
    metric: Vec<MetricRow>,
}

/// The loaded, validated region.
#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    pub county_code: String,
    /// The file it was read from.
    pub source: PathBuf,
    /// Population grid path, resolved relative to the region file.
    pub population_grid: Option<PathBuf>,
    /// Rough county outline as a `[lon, lat]` ring (synthetic, for maps and sanity checks).
    pub extent: Vec<[f64; 2]>,
    pub outside_places: Vec<OutsidePlace>,
    pub municipalities: Vec<Municipality>,
    pub towns: Vec<Town>,
    pub care: Vec<CareNode>,
    pub goals: Goals,
    pub coverage: Coverage,
    pub walk: WalkSettings,
    pub metrics: Vec<MetricRow>,
}

impl Region {
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
        let raw: RegionToml = strict::from_str(text).map_err(|p| RegionError {
            file: file.clone(),
            line: p.line,
            key: p.key,
            message: p.message,
        })?;
        let err = |key: String, needle: &str, message: String| RegionError {
            file: file.clone(),
            line: line_of(text, needle),
            key: Some(key),
            message,
        };
        let mut codes = BTreeSet::new();
        for (i, m) in raw.municipality.iter().enumerate() {
            if m.kommunkod.len() != 4 || !m.kommunkod.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(
                    format!("municipality[{i}].kommunkod"),
                    &m.kommunkod,
                    format!("'{}' is not a 4-digit kommunkod", m.kommunkod),
                ));
            }
            if !codes.insert(m.kommunkod.as_str()) {
                return Err(err(
                    format!("municipality[{i}].kommunkod"),
                    &m.kommunkod,
                    format!("kommunkod {} appears twice", m.kommunkod),
                ));
            }
        }
        let check_ll = |key: String, name: &str, lat: f64, lon: f64| {
            if !(lat.is_finite() && lon.is_finite() && (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon))
            {
                return Err(err(key, name, format!("coordinates {lat}, {lon} are invalid")));
            }
            Ok(())
        };
        let mut names = BTreeSet::new();
        for (i, t) in raw.town.iter().enumerate() {
            check_ll(format!("town[{i}]"), &t.name, t.lat, t.lon)?;
            if !codes.contains(t.kommunkod.as_str()) {
                return Err(err(
                    format!("town[{i}].kommunkod"),
                    &t.name,
                    format!("town '{}': unknown kommunkod '{}'", t.name, t.kommunkod),
                ));
            }
            if !names.insert(t.name.as_str()) {
                return Err(err(format!("town[{i}].name"), &t.name, format!("town '{}' appears twice", t.name)));
            }
        }
        for (i, m) in raw.municipality.iter().enumerate() {
            if !raw.town.iter().any(|t| t.name == m.seat && t.kommunkod == m.kommunkod) {
                return Err(err(
                    format!("municipality[{i}].seat"),
                    &m.seat,
                    format!("seat '{}' is not a [[town]] of kommunkod {}", m.seat, m.kommunkod),
                ));
            }
        }
        if raw.town.iter().filter(|t| t.level == NodeLevel::RegionalCore).count() != 1 {
            return Err(err(
                "town.level".into(),
                "regional_core",
                "exactly one town must have level = \"regional_core\"".into(),
            ));
        }
        for (i, c) in raw.care.iter().enumerate() {
            check_ll(format!("care[{i}]"), &c.name, c.lat, c.lon)?;
            if !codes.contains(c.kommunkod.as_str()) {
                return Err(err(
                    format!("care[{i}].kommunkod"),
                    &c.name,
                    format!("care node '{}': unknown kommunkod '{}'", c.name, c.kommunkod),
                ));
            }
        }
        for (i, g) in raw.goals.node.iter().enumerate() {
            match &g.town {
                Some(t) if names.contains(t.as_str()) => {}
                Some(t) => {
                    return Err(err(format!("goals.node[{i}].town"), t, format!("unknown town '{t}'")));
                }
                None => {
                    return Err(err(
                        format!("goals.node[{i}].town"),
                        "[[goals.node]]",
                        "a node goal needs `town`".into(),
                    ));
                }
            }
        }
        for (i, g) in raw.goals.municipality.iter().enumerate() {
            if !codes.contains(g.kommunkod.as_str()) {
                return Err(err(
                    format!("goals.municipality[{i}].kommunkod"),
                    &g.kommunkod,
                    format!("unknown kommunkod '{}'", g.kommunkod),
                ));
            }
            if let Some(s) = g.min_share_basic_service
                && !(0.0..=1.0).contains(&s)
            {
                return Err(err(
                    format!("goals.municipality[{i}].min_share_basic_service"),
                    "min_share_basic_service",
                    format!("{s} is not a share between 0 and 1"),
                ));
            }
        }
        let coverage = raw.coverage.unwrap_or_default();
        if !["municipal_seat", "regional_core"].contains(&coverage.direction_relative_to.as_str()) {
            return Err(err(
                "coverage.direction_relative_to".into(),
                "direction_relative_to",
                "expected \"municipal_seat\" or \"regional_core\"".into(),
            ));
        }
        if !["weekday", "saturday", "sunday"].contains(&coverage.day_type.as_str()) {
            return Err(err("coverage.day_type".into(), "day_type", "expected weekday, saturday or sunday".into()));
        }
        for (i, m) in raw.metric.iter().enumerate() {
            if m.kind != "outcome" && m.kind != "target" {
                return Err(err(
                    format!("metric[{i}].kind"),
                    &m.indicator,
                    format!("kind '{}' must be \"outcome\" or \"target\"", m.kind),
                ));
            }
        }
        if raw.extent.len() < 3 {
            return Err(err("extent".into(), "extent", "the outline needs at least three [lon, lat] points".into()));
        }
        let walk = match &raw.walk {
            None => WalkSettings::default(),
            Some(w) => {
                let model = crate::walk::Walk::new(w.speed_mps, w.detour_factor)
                    .map_err(|e| err(format!("walk.{}", e.key), e.key, e.message))?;
                if !(w.access_radius_m > 0.0 && w.access_radius_m <= 5000.0) {
                    return Err(err(
                        "walk.access_radius_m".into(),
                        "access_radius_m",
                        format!(
                            "{} m is not an access radius; give a distance above 0 and at most 5000",
                            w.access_radius_m
                        ),
                    ));
                }
                WalkSettings { access_radius_m: w.access_radius_m, model }
            }
        };
        let base = path.parent().unwrap_or(Path::new(""));
        Ok(Region {
            name: raw.name,
            county_code: raw.county_code,
            source: path.to_path_buf(),
            population_grid: raw.population_grid.map(|g| base.join(g)),
            extent: raw.extent,
            outside_places: raw.outside_place,
            municipalities: raw.municipality,
            towns: raw.town,
            care: raw.care,
            goals: raw.goals,
            coverage,
            walk,
            metrics: raw.metric,
        })
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
        }
    }

    /// Is a WGS84 point inside the county outline?
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        point_in_ring(&self.extent, lon, lat)
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

/// Even-odd point-in-polygon on `[x, y]` pairs.
pub fn point_in_ring(ring: &[[f64; 2]], x: f64, y: f64) -> bool {
    let mut inside = false;
    let n = ring.len();
    let mut j = n.wrapping_sub(1);
    for i in 0..n {
        let (xi, yi) = (ring[i][0], ring[i][1]);
        let (xj, yj) = (ring[j][0], ring[j][1]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> Option<u64> {
    if needle.is_empty() {
        return None;
    }
    text.find(needle).map(|i| text[..i].matches('\n').count() as u64 + 1)
}
