//! What coverage finds: per cell ([`CellCoverage`]), per gap ([`Gap`]) and per area
//! ([`AreaSummary`]), keyed by cell, stop and municipality index. Names and WGS84 geometry are
//! added by [`crate::tables::coverage`].

use serde::Serialize;

use crate::date::Date;
use crate::spatial::Xy;
use crate::timetable::StopIdx;

use super::CountRule;

/// The day types reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DayType {
    Weekday,
    Saturday,
    Sunday,
}

impl DayType {
    pub const ALL: [DayType; 3] = [DayType::Weekday, DayType::Saturday, DayType::Sunday];

    pub fn name(self) -> &'static str {
        match self {
            DayType::Weekday => "weekday",
            DayType::Saturday => "saturday",
            DayType::Sunday => "sunday",
        }
    }

    pub fn ix(self) -> usize {
        self as usize
    }
}

/// Area class of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaClass {
    Town,
    Rural,
    Sparse,
}

impl AreaClass {
    pub const ALL: [AreaClass; 3] = [AreaClass::Town, AreaClass::Rural, AreaClass::Sparse];

    pub fn name(self) -> &'static str {
        match self {
            AreaClass::Town => "town",
            AreaClass::Rural => "rural",
            AreaClass::Sparse => "sparse",
        }
    }
}

/// Service-level band of a cell on a day, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// No stop within `max_stop_distance_m`.
    NoStop,
    /// A stop within reach, but fewer than `min_departures_per_direction` in some direction.
    Few,
    /// Basic service.
    Basic,
    /// The planning level (weekday only).
    Good,
}

impl Band {
    pub const ALL: [Band; 4] = [Band::NoStop, Band::Few, Band::Basic, Band::Good];

    pub fn name(self) -> &'static str {
        match self {
            Band::NoStop => "no_stop",
            Band::Few => "few",
            Band::Basic => "basic",
            Band::Good => "good",
        }
    }

    pub fn is_basic(self) -> bool {
        self >= Band::Basic
    }
}

/// How a cell is served on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Served {
    /// Basic service by scheduled lines.
    Line,
    /// No basic line service, but inside a närtrafik area.
    Nartrafik,
    /// Neither.
    Unserved,
}

impl Served {
    pub fn name(self) -> &'static str {
        match self {
            Served::Line => "line",
            Served::Nartrafik => "nartrafik",
            Served::Unserved => "unserved",
        }
    }
}

/// One cell's service on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DayService {
    /// Runs towards the seat from a reach stop (seat rule).
    pub towards_seat: u32,
    /// Runs from the seat to a reach stop (seat rule).
    pub from_seat: u32,
    /// Runs picking up / setting down at a reach stop (out / back).
    pub out: u32,
    pub back: u32,
    /// Runs picking up at a reach stop in `direction_id` 0 / 1.
    pub dir0: u32,
    pub dir1: u32,
    /// The two counts the basic test used, by the cell's [`CountRule`].
    pub counted: [u32; 2],
    pub band: Band,
    /// Earliest arrival at a seat stop of a run towards the seat (seconds since midnight).
    pub first_seat_arrival: Option<u32>,
    /// Latest departure from a seat stop of a run from the seat reaching the cell.
    pub last_seat_departure: Option<u32>,
    /// A return the same day, at least `return_min_stay_s` after the first arrival. Like the
    /// counts above, over the basic reach (the planning test recounts when
    /// `planning_max_distance_m` differs).
    pub same_day_return: bool,
}

/// What coverage found for one cell (aligned with the input cells).
#[derive(Clone, Debug, PartialEq)]
pub struct CellCoverage {
    pub class: AreaClass,
    /// Inhabitants per km² of the cell.
    pub density_km2: f64,
    /// Mean inhabitants per km² over the cell and its neighbours (the sparse test).
    pub neighbourhood_density_km2: f64,
    /// Distance to the nearest town of at least `sparse_town_pop`, if there is any.
    pub nearest_big_town_m: Option<f64>,
    /// The nearest counted stop at any distance, with its distance.
    pub nearest_stop: Option<(StopIdx, f64)>,
    /// Counted stops within reach.
    pub stops_within: u32,
    /// At the seat (centroid or a reach stop within `seat_radius_m` of the seat).
    pub at_seat: bool,
    /// Which pair of counts the basic test used.
    pub rule: CountRule,
    /// The centroid lies in a feed demand area.
    pub in_demand_area: bool,
    /// Per day type (index [`DayType::ix`]); `None` for a day not assessed.
    pub days: [Option<DayService>; 3],
    /// Id of the gap the cell belongs to.
    pub gap: Option<u32>,
}

impl CellCoverage {
    pub fn weekday(&self) -> &DayService {
        self.days[0].as_ref().expect("the weekday is always assessed")
    }

    /// How the cell is served on `day` (`None` when the day was not assessed).
    pub fn served(&self, day: DayType) -> Option<Served> {
        self.days[day.ix()].map(|d| {
            if d.band.is_basic() {
                Served::Line
            } else if self.in_demand_area {
                Served::Nartrafik
            } else {
                Served::Unserved
            }
        })
    }
}

/// A stop near a gap that has basic service by itself.
#[derive(Clone, Debug, PartialEq)]
pub struct NearStop {
    pub stop: StopIdx,
    pub distance_m: f64,
}

/// A connected cluster of populated cells without basic service outside närtrafik areas.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// Rank, 1 = most populous.
    pub id: u32,
    /// Indices of its cells in the input, ascending.
    pub cells: Vec<u32>,
    pub n_cells: u32,
    pub population: u64,
    /// Population-weighted centroid, SWEREF 99 TM.
    pub centroid: Xy,
    /// Municipality holding most of its population (ties: the lower index).
    pub municipality: u16,
    /// The nearest stop with weekday basic service by itself (judged for the gap's municipality).
    pub nearest_basic_stop: Option<NearStop>,
}

/// Population counts of a set of cells on one day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub cells: u32,
    pub population: u64,
    /// Population with basic line service.
    pub basic: u64,
    /// Population without basic line service, inside a närtrafik area.
    pub nartrafik: u64,
    /// Population with neither.
    pub unserved: u64,
    /// Population per band: no_stop, few, basic, good.
    pub bands: [u64; 4],
}

impl Tally {
    pub(super) fn add(&mut self, pop: u64, band: Band, served: Served) {
        self.cells += 1;
        self.population += pop;
        match served {
            Served::Line => self.basic += pop,
            Served::Nartrafik => self.nartrafik += pop,
            Served::Unserved => self.unserved += pop,
        }
        self.bands[band as usize] += pop;
    }
}

/// One day's counts for an area: all cells and per area class.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DaySummary {
    pub day: DayType,
    pub all: Tally,
    /// Per [`AreaClass::ALL`]: town, rural, sparse.
    pub by_class: [Tally; 3],
}

/// Counts for a municipality or the county.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaSummary {
    /// The assessed days, weekday first.
    pub days: Vec<DaySummary>,
}

/// The whole result.
#[derive(Clone, Debug, PartialEq)]
pub struct Coverage {
    /// The assessed days and their dates.
    pub dates: Vec<(DayType, Date)>,
    pub cells: Vec<CellCoverage>,
    pub gaps: Vec<Gap>,
    pub municipalities: Vec<AreaSummary>,
    pub county: AreaSummary,
    /// Municipalities with cells but no counted stop within `seat_radius_m` of their seat: no
    /// cell of theirs away from the seat can have basic service by the seat rule, which usually
    /// means a wrong seat position.
    pub seats_without_stops: Vec<u16>,
}
