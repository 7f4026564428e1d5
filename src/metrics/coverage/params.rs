//! The coverage metric's settings ([`CoverageParams`], defaults in its [`Default`]) and typed
//! inputs, and the errors that name what makes them meaningless.

use serde::{Deserialize, Serialize};

use crate::spatial::{Cell, Xy};
use crate::timetable::Timetable;

use super::DayType;

/// A municipality as coverage needs it: the position of its seat (centralort), SWEREF 99 TM
/// (e.g. its main bus stop). Its name is the caller's: outputs add it
/// ([`crate::tables::coverage`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Municipality {
    pub seat: Xy,
}

/// A town (tätort) of the region: position of its centre, population, municipality index.
#[derive(Clone, Debug, PartialEq)]
pub struct Town {
    pub pos: Xy,
    pub population: u32,
    pub municipality: u16,
}

/// The timetables to assess: a weekday (required; the planning level and the gaps use it) and
/// optionally a Saturday and a Sunday. Each must be built from the same feed.
#[derive(Clone, Copy, Debug)]
pub struct DayTimetables<'a> {
    pub weekday: &'a Timetable,
    pub saturday: Option<&'a Timetable>,
    pub sunday: Option<&'a Timetable>,
}

impl<'a> DayTimetables<'a> {
    pub fn get(&self, d: DayType) -> Option<&'a Timetable> {
        match d {
            DayType::Weekday => Some(self.weekday),
            DayType::Saturday => self.saturday,
            DayType::Sunday => self.sunday,
        }
    }
}

/// Per cell: does `inside(lat, lon)` hold at its centroid (WGS84)? Builds
/// [`CoverageInput::in_demand_area`], e.g. from the feed's zones:
/// `centroids_in(cells, |lat, lon| feed.demand_areas.iter().any(|a| a.contains(lat, lon)))`.
pub fn centroids_in(cells: &[Cell], inside: impl Fn(f64, f64) -> bool) -> Vec<bool> {
    cells
        .iter()
        .map(|c| {
            let (lat, lon) = crate::spatial::to_wgs84(c.centroid());
            inside(lat, lon)
        })
        .collect()
}

/// Everything coverage computes from besides its settings.
#[derive(Clone, Copy, Debug)]
pub struct CoverageInput<'a> {
    pub days: DayTimetables<'a>,
    /// The population grid; each cell's `municipality` indexes `municipalities`.
    pub cells: &'a [Cell],
    /// Per cell: its centroid lies in a demand-responsive (närtrafik) zone of the feed.
    pub in_demand_area: &'a [bool],
    pub municipalities: &'a [Municipality],
    pub towns: &'a [Town],
}

/// How "per direction" is read for cells away from the seat (cells at the seat always count
/// out / back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DirectionRule {
    /// Towards / from the municipal seat.
    Seat,
    /// GTFS `direction_id` 0 / 1: the timetable's own directions, the literal reading (default).
    #[default]
    DirectionId,
}

/// Which stops a cell's departures are counted at. The rule [S48] names "the nearest stop"; the
/// literal reading is the default, pooling is a named alternative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StopRule {
    /// The nearest counted stop only, when it is strictly closer than `max_stop_distance_m`.
    #[default]
    Nearest,
    /// Every counted stop strictly closer than `max_stop_distance_m`, pooled (a trip counts once):
    /// the reading that finds the most departures, so the fewest people eligible.
    Pooled,
}

/// The pair of counts a cell's basic test used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountRule {
    /// Towards the seat / from the seat.
    Seat,
    /// Out (pickup in reach) / back (drop-off in reach): cells at the seat.
    OutBack,
    /// `direction_id` 0 / 1.
    DirectionId,
}

impl CountRule {
    pub fn name(self) -> &'static str {
        match self {
            CountRule::Seat => "seat",
            CountRule::OutBack => "out_back",
            CountRule::DirectionId => "direction_id",
        }
    }
}

/// Which grid cells touch, for joining unserved cells into gaps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Adjacency {
    /// Sharing an edge (4-neighbourhood on a regular grid).
    Edge,
    /// Sharing an edge or a corner (8-neighbourhood): the default, since one närtrafik zone would
    /// serve two farms that touch diagonally as readily as two side by side.
    #[default]
    Corner,
}

/// Settings of the coverage metric. Defaults and their sources:
///
/// | field | default | source |
/// |---|---|---|
/// | `town_min_pop` | 200 | SCB tätort definition (≥ 200 inhabitants) [glossary] |
/// | `town_radius_m` | 1 000 m | narhet's choice: a 200–3 000-inhabitant tätort reaches about 1 km from its centre |
/// | `town_density` | 500 /km² | narhet's choice: 200 people in houses ≤ 150 m apart fill well under 0.5 km² |
/// | `sparse_density` | 5 /km² | narhet's choice: a quarter of the county mean of 21–24 /km² [S5][S8] |
/// | `sparse_town_pop` | 2 500 | narhet's choice: every seat counts (smallest: Åseda 2 714 [S37], Lessebo 2 857 [S3]) |
/// | `sparse_min_dist_m` | 10 000 m | narhet's choice: beyond cycling distance of a service town |
/// | `max_stop_distance_m` | 1 000 m | Glesbygdstrafik eligibility, Region Kronoberg from 2025-03-01 [S48] |
/// | `min_departures_per_direction` | 2 | Glesbygdstrafik eligibility [S48] |
/// | `stops` | nearest | Glesbygdstrafik eligibility, "närmaste hållplats" [S48]; or `pooled` |
/// | `direction` | direction_id | the timetable's own directions (literal reading of [S48]); or `seat` |
/// | `seat_radius_m` | 1 500 m | narhet's choice: the seat's central stops |
/// | `planning_max_distance_m` | 1 000 m | narhet's choice: the basic distance (the TFP's own figures were not found, facts §3) |
/// | `planning_min_departures_per_direction` | 2 | narhet's choice: the basic count |
/// | `planning_min_departures_towards_seat` | 6 | narhet's choice: about one run every two hours of a working day |
/// | `return_min_stay_s` | 3 h | narhet's choice: time for a care visit or errands |
/// | `gap_adjacency` | corner | narhet's choice (8-neighbourhood) |
/// | `gap_split_by_municipality` | true | narhet's choice: a zone is planned and paid per municipality (kompletteringstrafik [S26][S50]); without it a grid with few empty cells joins the countryside into one gap |
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CoverageParams {
    pub town_min_pop: u32,
    pub town_radius_m: f64,
    /// Inhabitants per km².
    pub town_density: f64,
    /// Inhabitants per km², mean over the cell and its neighbours.
    pub sparse_density: f64,
    pub sparse_town_pop: u32,
    pub sparse_min_dist_m: f64,
    pub max_stop_distance_m: f64,
    pub min_departures_per_direction: u32,
    pub stops: StopRule,
    pub direction: DirectionRule,
    pub seat_radius_m: f64,
    pub planning_max_distance_m: f64,
    pub planning_min_departures_per_direction: u32,
    pub planning_min_departures_towards_seat: u32,
    /// Seconds between the first arrival at the seat and the return departure.
    pub return_min_stay_s: u32,
    pub gap_adjacency: Adjacency,
    pub gap_split_by_municipality: bool,
}

impl Default for CoverageParams {
    fn default() -> Self {
        CoverageParams {
            town_min_pop: 200,
            town_radius_m: 1000.0,
            town_density: 500.0,
            sparse_density: 5.0,
            sparse_town_pop: 2500,
            sparse_min_dist_m: 10_000.0,
            max_stop_distance_m: 1000.0,
            min_departures_per_direction: 2,
            stops: StopRule::Nearest,
            direction: DirectionRule::DirectionId,
            seat_radius_m: 1500.0,
            planning_max_distance_m: 1000.0,
            planning_min_departures_per_direction: 2,
            planning_min_departures_towards_seat: 6,
            return_min_stay_s: 3 * 3600,
            gap_adjacency: Adjacency::Corner,
            gap_split_by_municipality: true,
        }
    }
}

/// Something in the inputs that makes the metric meaningless, named precisely.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoverageError {
    #[error("coverage parameter '{name}' = {value}: {why}")]
    Param { name: &'static str, value: f64, why: &'static str },
    #[error("population cell {cell}: {why}")]
    Cell { cell: usize, why: String },
    #[error("town {town}: municipality index {municipality}, but the region has {n} municipalities")]
    Town { town: usize, municipality: u16, n: usize },
    #[error("the {day} timetable has {got} stops but the weekday one has {want}: it was built from another feed")]
    Timetable { day: &'static str, got: usize, want: usize },
    #[error("{got} demand-area flags for {want} cells")]
    DemandAreas { got: usize, want: usize },
}

impl CoverageParams {
    /// Checks the settings' ranges.
    pub fn validate(&self) -> Result<(), CoverageError> {
        let p = self;
        let pos = |name: &'static str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(CoverageError::Param { name, value: v, why: "must be a positive number" })
            }
        };
        let nonneg = |name: &'static str, v: f64| {
            if v.is_finite() && v >= 0.0 {
                Ok(())
            } else {
                Err(CoverageError::Param { name, value: v, why: "must be a number ≥ 0" })
            }
        };
        nonneg("town_radius_m", p.town_radius_m)?;
        pos("town_density", p.town_density)?;
        nonneg("sparse_density", p.sparse_density)?;
        nonneg("sparse_min_dist_m", p.sparse_min_dist_m)?;
        pos("max_stop_distance_m", p.max_stop_distance_m)?;
        pos("planning_max_distance_m", p.planning_max_distance_m)?;
        nonneg("seat_radius_m", p.seat_radius_m)?;
        if p.min_departures_per_direction == 0 {
            return Err(CoverageError::Param {
                name: "min_departures_per_direction",
                value: 0.0,
                why: "must be at least 1",
            });
        }
        Ok(())
    }
}

/// Checks that the inputs fit together: timetables of one feed, cells and towns in known
/// municipalities, one demand-area flag per cell.
pub(super) fn check_inputs(input: &CoverageInput) -> Result<(), CoverageError> {
    let CoverageInput { days, cells, in_demand_area, municipalities, towns } = *input;
    let want = days.weekday.n_stops();
    for d in DayType::ALL {
        if let Some(tt) = days.get(d)
            && tt.n_stops() != want
        {
            return Err(CoverageError::Timetable { day: d.name(), got: tt.n_stops(), want });
        }
    }
    if in_demand_area.len() != cells.len() {
        return Err(CoverageError::DemandAreas { got: in_demand_area.len(), want: cells.len() });
    }
    for (i, c) in cells.iter().enumerate() {
        if !(c.size_m.is_finite() && c.size_m > 0.0) {
            return Err(CoverageError::Cell { cell: i, why: format!("side {} m is not a positive number", c.size_m) });
        }
        if !(c.x.is_finite() && c.y.is_finite()) {
            return Err(CoverageError::Cell { cell: i, why: "corner is not a finite coordinate".into() });
        }
        if c.municipality as usize >= municipalities.len() {
            return Err(CoverageError::Cell {
                cell: i,
                why: format!(
                    "municipality index {}, but the region has {} municipalities",
                    c.municipality,
                    municipalities.len()
                ),
            });
        }
    }
    for (i, t) in towns.iter().enumerate() {
        if t.municipality as usize >= municipalities.len() {
            return Err(CoverageError::Town { town: i, municipality: t.municipality, n: municipalities.len() });
        }
    }
    Ok(())
}
