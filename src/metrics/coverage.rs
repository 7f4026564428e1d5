//! Coverage in sparse areas (glesa miljöer): for every population grid cell, its area class
//! (town / rural / sparse), whether it has basic service by Region Kronoberg's Glesbygdstrafik
//! rule [S48] on a weekday, a Saturday and a Sunday, a stricter planning level, whether a
//! demand-responsive (närtrafik) zone of the feed covers it, and the connected gaps of unserved
//! cells ranked by population (närtrafik candidates). Output formats live in [`out`].
//!
//! Reads the [`Feed`] (stop names, `direction_id`, demand areas) and one [`Timetable`] per day
//! type; takes its settings as a plain [`CoverageParams`], never the region file. All distances
//! are straight lines in metres on SWEREF 99 TM (EPSG:3006), measured from the cell centroid.
//!
//! # Definitions (the tests check each)
//!
//! * **Stops.** A stop counts when at least one trip of an analysed service day (weekday,
//!   Saturday or Sunday timetable, the day's own runs) calls at it. A cell's *reach* is the set of
//!   such stops strictly closer than `max_stop_distance_m`.
//! * **Departures** are the distinct trip runs of the service day (after-midnight tails of the day
//!   before are not counted again) that call at a reach stop; a trip calling at two reach stops
//!   counts once. Only direct trips are considered, no changes.
//! * **Seat stops** of a municipality are stops within `seat_radius_m` of its seat position. A
//!   cell is **at the seat** when its centroid is within `seat_radius_m` of the seat or any reach
//!   stop is a seat stop.
//! * **Direction, seat rule** (cells not at the seat): a run is *towards the seat* when it picks up
//!   at a reach stop and later sets down at a seat stop; it is *from the seat* when it picks up at
//!   a seat stop and later sets down at a reach stop.
//! * **Direction at the seat** (cells at the seat, where "towards the seat" means nothing): *out*
//!   = runs picking up at a reach stop, *back* = runs setting down at a reach stop. These are the
//!   two directions of a seat resident's round trip, and they work at a terminus, where every run
//!   leaves in the same GTFS direction.
//! * **Direction by `direction_id`** (every cell away from the seat with
//!   [`DirectionRule::DirectionId`]): runs picking up at a reach stop, split by GTFS
//!   `direction_id` 0/1; a run without one is direction 0 when its first stop's feed index is
//!   below its last stop's, 1 when above, and counts in both when it is a loop (first = last).
//! * **Basic service** on a day: a reach stop exists and the smaller of the two direction counts
//!   is at least `min_departures_per_direction` (Glesbygdstrafik: a place lacks basic service
//!   when the nearest stop is ≥ 1 km away or has fewer than 2 departures per direction [S48]).
//!   All stops in reach are pooled, the reading of the rule that favours the resident.
//! * **Planning level** (weekday only): basic service, and, counting the stops strictly closer
//!   than `planning_max_distance_m` (by default the same reach), at least
//!   `planning_min_departures_per_direction` in each direction, at least
//!   `planning_min_departures_towards_seat` runs towards the seat, and a same-day return: the
//!   latest run from the seat (departure at its last seat stop before the cell) leaves at least
//!   `return_min_stay_s` after the earliest arrival at the seat (first seat stop after the cell)
//!   of a run towards it (direct runs only). Cells at the seat need the towards-seat count out
//!   and back, and no return test.
//! * **Bands** per day: `no_stop` (no reach stop), `few` (reach but not basic), `basic`, `good`
//!   (planning level; weekday only, so Saturday and Sunday stop at `basic`).
//! * **Närtrafik**: a cell whose centroid lies in a feed demand area (GTFS-Flex zone) is served by
//!   närtrafik on every day; when it lacks basic line service it is reported as `nartrafik`, not as
//!   unserved.
//! * **Area classes**: `town` when the centroid is within `town_radius_m` of a town of at least
//!   `town_min_pop`, or the cell's own density is at least `town_density`; else `sparse` when the
//!   mean density of the 3 × cell-side square around the cell (the cell and its 8 neighbours on a
//!   regular grid; cells are counted when their centroid lies in that square, absent cells are
//!   empty) is below `sparse_density` and no town of at least `sparse_town_pop` is within
//!   `sparse_min_dist_m`; else `rural`.
//! * **Gaps**: populated cells without weekday basic service and outside every demand area,
//!   joined when their squares touch (`gap_adjacency`: by an edge, or by an edge or a corner)
//!   and, with `gap_split_by_municipality` (default), lie in the same municipality; ranked by
//!   population (ties by centroid east, then north). A gap's centroid is weighted by population;
//!   its municipality is the one holding most of its population.

pub mod candidates;
pub mod out;

use petgraph::unionfind::UnionFind;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::feed::Feed;
use crate::spatial::{Cell, PointIndex, Xy, to_sweref, to_wgs84};
use crate::timetable::{PatternIdx, ServiceDay, StopIdx, Timetable};

/// A municipality as coverage needs it: its name, its seat (centralort) and the seat's position.
#[derive(Clone, Debug, PartialEq)]
pub struct Municipality {
    pub name: String,
    /// Name of the seat town (centralort), e.g. "Åseda" for Uppvidinge.
    pub seat_town: String,
    /// Position of the seat's centre (e.g. its main bus stop), SWEREF 99 TM.
    pub seat: Xy,
}

/// A town (tätort) of the region: name, position of its centre, population, municipality index.
#[derive(Clone, Debug, PartialEq)]
pub struct Town {
    pub name: String,
    pub pos: Xy,
    pub population: u32,
    pub municipality: u16,
}

/// How "per direction" is read for cells away from the seat (cells at the seat always count
/// out / back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DirectionRule {
    /// Towards / from the municipal seat (the default).
    #[default]
    Seat,
    /// GTFS `direction_id` 0 / 1.
    DirectionId,
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
/// | `direction` | seat | issue 5 (towards / from the municipal seat); or `direction_id` |
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
            direction: DirectionRule::Seat,
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
    #[error("town {town} ('{name}'): municipality index {municipality}, but the region has {n} municipalities")]
    Town { town: usize, name: String, municipality: u16, n: usize },
    #[error("the {day} timetable has {got} stops but the feed has {want}: it was built from another feed")]
    Timetable { day: &'static str, got: usize, want: usize },
}

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

/// The timetables to assess: a weekday (required; the planning level and the gaps use it) and
/// optionally a Saturday and a Sunday. Each must be built from the same feed.
#[derive(Clone, Copy, Debug)]
pub struct DayTimetables<'a> {
    pub weekday: &'a Timetable,
    pub saturday: Option<&'a Timetable>,
    pub sunday: Option<&'a Timetable>,
}

impl<'a> DayTimetables<'a> {
    fn get(&self, d: DayType) -> Option<&'a Timetable> {
        match d {
            DayType::Weekday => Some(self.weekday),
            DayType::Saturday => self.saturday,
            DayType::Sunday => self.sunday,
        }
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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NearStop {
    #[serde(skip)]
    pub stop: StopIdx,
    pub id: String,
    pub name: String,
    pub distance_m: f64,
}

/// A connected cluster of populated cells without basic service outside närtrafik areas.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    /// Rank, 1 = most populous.
    pub id: u32,
    /// Indices of its cells in the input, ascending.
    #[serde(skip)]
    pub cells: Vec<u32>,
    pub n_cells: u32,
    pub population: u64,
    /// Population-weighted centroid, SWEREF 99 TM (`[x, y]` in JSON).
    #[serde(serialize_with = "xy_pair")]
    pub centroid: Xy,
    pub lat: f64,
    pub lon: f64,
    /// Municipality holding most of its population (ties: the lower index).
    pub municipality: u16,
    /// The nearest stop with weekday basic service by itself (judged for the gap's municipality).
    pub nearest_basic_stop: Option<NearStop>,
}

fn xy_pair<S: serde::Serializer>(p: &Xy, s: S) -> Result<S::Ok, S::Error> {
    [(p.x * 100.0).round() / 100.0, (p.y * 100.0).round() / 100.0].serialize(s)
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
    fn add(&mut self, pop: u64, band: Band, served: Served) {
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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaSummary {
    pub name: String,
    pub seat_town: String,
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

const NONE: u32 = u32::MAX;

/// Per-pattern facts of one timetable, computed once.
struct DayData<'a> {
    tt: &'a Timetable,
    /// Runs of the day itself per pattern.
    n_today: Vec<u32>,
    /// Runs of the day per `direction_id` (0, 1) per pattern.
    n_dir: Vec<[u32; 2]>,
    /// First / last run of the day in each pattern (FIFO, so earliest / latest at every stop).
    first_today: Vec<u32>,
    last_today: Vec<u32>,
}

impl<'a> DayData<'a> {
    fn new(feed: &Feed, tt: &'a Timetable) -> Self {
        let np = tt.n_patterns();
        let mut d = DayData {
            tt,
            n_today: vec![0; np],
            n_dir: vec![[0, 0]; np],
            first_today: vec![NONE; np],
            last_today: vec![NONE; np],
        };
        for p in 0..np {
            let stops = tt.pattern_stops(PatternIdx(p as u32));
            let (first, last) = (stops.first().map(|s| s.0), stops.last().map(|s| s.0));
            for t in tt.pattern_trips(PatternIdx(p as u32)) {
                if tt.trip_day[t as usize] != ServiceDay::Today {
                    continue;
                }
                d.n_today[p] += 1;
                if d.first_today[p] == NONE {
                    d.first_today[p] = t;
                }
                d.last_today[p] = t;
                let src = tt.trip_source[t as usize] as usize;
                match feed.trips.get(src).and_then(|tr| tr.direction) {
                    Some(0) => d.n_dir[p][0] += 1,
                    Some(_) => d.n_dir[p][1] += 1,
                    None if first == last => {
                        d.n_dir[p][0] += 1;
                        d.n_dir[p][1] += 1;
                    }
                    None if first < last => d.n_dir[p][0] += 1,
                    None => d.n_dir[p][1] += 1,
                }
            }
        }
        d
    }

    fn arr(&self, t: u32, pos: u32) -> u32 {
        self.tt.arr[(self.tt.trip_time_start[t as usize] + pos) as usize]
    }

    fn dep(&self, t: u32, pos: u32) -> u32 {
        self.tt.dep[(self.tt.trip_time_start[t as usize] + pos) as usize]
    }
}

/// For one timetable and one municipality: aligned with `tt.pattern_stops`, the pattern position
/// of the next seat stop with drop-off after each position, and of the previous seat stop with
/// pickup before it (`NONE` when there is none).
struct SeatLinks {
    next: Vec<u32>,
    prev: Vec<u32>,
}

impl SeatLinks {
    fn new(tt: &Timetable, is_seat: &[bool]) -> Self {
        let n = tt.pattern_stops.len();
        let (mut next, mut prev) = (vec![NONE; n], vec![NONE; n]);
        for p in 0..tt.n_patterns() {
            let r = tt.pattern_range(PatternIdx(p as u32));
            let (base, len) = (r.start, r.len());
            let mut nx = NONE;
            for i in (0..len).rev() {
                next[base + i] = nx;
                if tt.pattern_drop_off[base + i] && is_seat[tt.pattern_stops[base + i].ix()] {
                    nx = i as u32;
                }
            }
            let mut pv = NONE;
            for i in 0..len {
                prev[base + i] = pv;
                if tt.pattern_pickup[base + i] && is_seat[tt.pattern_stops[base + i].ix()] {
                    pv = i as u32;
                }
            }
        }
        SeatLinks { next, prev }
    }
}

/// Reused buffers for one cell's pattern sets.
#[derive(Default)]
struct Scratch {
    towards: Vec<u32>,
    from: Vec<u32>,
    out: Vec<u32>,
    back: Vec<u32>,
}

/// Distinct runs of the day at a set of stops.
struct Counts {
    towards: u32,
    from: u32,
    out: u32,
    back: u32,
    dir0: u32,
    dir1: u32,
    /// Earliest arrival at a seat stop of a run towards the seat.
    first_arr: Option<u32>,
    /// Latest departure from a seat stop of a run from the seat.
    last_dep: Option<u32>,
}

impl Counts {
    fn pair(&self, rule: CountRule) -> [u32; 2] {
        match rule {
            CountRule::Seat => [self.towards, self.from],
            CountRule::OutBack => [self.out, self.back],
            CountRule::DirectionId => [self.dir0, self.dir1],
        }
    }
}

/// Counts the distinct runs of the day at a set of stops.
fn day_service(day: &DayData, links: &SeatLinks, stops: impl Iterator<Item = u32>, sc: &mut Scratch) -> Counts {
    let tt = day.tt;
    sc.towards.clear();
    sc.from.clear();
    sc.out.clear();
    sc.back.clear();
    let (mut first_arr, mut last_dep) = (u32::MAX, None::<u32>);
    for s in stops {
        for &(p, pos) in tt.stop_patterns(StopIdx(s)) {
            let pi = p.ix();
            if day.n_today[pi] == 0 {
                continue;
            }
            let g = tt.pattern_stop_start[pi] as usize + pos as usize;
            if tt.pattern_pickup[g] {
                sc.out.push(p.0);
                let j = links.next[g];
                if j != NONE {
                    sc.towards.push(p.0);
                    first_arr = first_arr.min(day.arr(day.first_today[pi], j));
                }
            }
            if tt.pattern_drop_off[g] {
                sc.back.push(p.0);
                let j = links.prev[g];
                if j != NONE {
                    sc.from.push(p.0);
                    let d = day.dep(day.last_today[pi], j);
                    last_dep = Some(last_dep.map_or(d, |l| l.max(d)));
                }
            }
        }
    }
    let sum = |v: &mut Vec<u32>, f: &dyn Fn(usize) -> u32| -> u32 {
        v.sort_unstable();
        v.dedup();
        v.iter().map(|&p| f(p as usize)).sum()
    };
    let towards = sum(&mut sc.towards, &|p| day.n_today[p]);
    let from = sum(&mut sc.from, &|p| day.n_today[p]);
    let back = sum(&mut sc.back, &|p| day.n_today[p]);
    let out = sum(&mut sc.out, &|p| day.n_today[p]);
    Counts {
        towards,
        from,
        out,
        back,
        dir0: sc.out.iter().map(|&p| day.n_dir[p as usize][0]).sum(),
        dir1: sc.out.iter().map(|&p| day.n_dir[p as usize][1]).sum(),
        first_arr: (first_arr != u32::MAX).then_some(first_arr),
        last_dep,
    }
}

fn check_params(p: &CoverageParams) -> Result<(), CoverageError> {
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

fn check_inputs(
    feed: &Feed,
    days: &DayTimetables,
    cells: &[Cell],
    municipalities: &[Municipality],
    towns: &[Town],
) -> Result<(), CoverageError> {
    for d in DayType::ALL {
        if let Some(tt) = days.get(d)
            && tt.n_stops != feed.stops.len()
        {
            return Err(CoverageError::Timetable { day: d.name(), got: tt.n_stops, want: feed.stops.len() });
        }
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
            return Err(CoverageError::Town {
                town: i,
                name: t.name.clone(),
                municipality: t.municipality,
                n: municipalities.len(),
            });
        }
    }
    Ok(())
}

/// Computes coverage for every cell, the gaps and the summaries. See the module docs for the
/// definitions. Deterministic: the same inputs give the same result.
pub fn compute(
    feed: &Feed,
    days: &DayTimetables,
    cells: &[Cell],
    municipalities: &[Municipality],
    towns: &[Town],
    params: &CoverageParams,
) -> Result<Coverage, CoverageError> {
    check_params(params)?;
    check_inputs(feed, days, cells, municipalities, towns)?;
    let p = params;
    let n_stops = feed.stops.len();
    let stop_xy: Vec<Xy> = feed.stops.iter().map(|s| to_sweref(s.lat, s.lon)).collect();

    // Per-day facts, and the stops any analysed day serves.
    let day_data: Vec<Option<DayData>> =
        DayType::ALL.iter().map(|&d| days.get(d).map(|tt| DayData::new(feed, tt))).collect();
    let mut counted = vec![false; n_stops];
    for dd in day_data.iter().flatten() {
        for p in 0..dd.tt.n_patterns() {
            if dd.n_today[p] > 0 {
                for s in dd.tt.pattern_stops(PatternIdx(p as u32)) {
                    counted[s.ix()] = true;
                }
            }
        }
    }
    let stop_index = PointIndex::new((0..n_stops).filter(|&s| counted[s]).map(|s| (stop_xy[s], s as u32)));

    // Seat stops per municipality, and the seat links per (day, municipality), built only for
    // municipalities that have cells.
    let mut used_muni = vec![false; municipalities.len()];
    for c in cells {
        used_muni[c.municipality as usize] = true;
    }
    let seat_stops: Vec<Vec<bool>> = municipalities
        .iter()
        .enumerate()
        .map(|(m, mu)| {
            if used_muni[m] {
                stop_xy.iter().enumerate().map(|(s, xy)| counted[s] && xy.dist(mu.seat) <= p.seat_radius_m).collect()
            } else {
                Vec::new()
            }
        })
        .collect();
    let links: Vec<Vec<Option<SeatLinks>>> = day_data
        .iter()
        .map(|dd| {
            (0..municipalities.len())
                .map(|m| match dd {
                    Some(dd) if used_muni[m] => Some(SeatLinks::new(dd.tt, &seat_stops[m])),
                    _ => None,
                })
                .collect()
        })
        .collect();

    // Area classes.
    let centroid_index = PointIndex::new(cells.iter().enumerate().map(|(i, c)| (c.centroid(), i as u32)));
    let classes = area_classes(cells, towns, p, &centroid_index);

    // Demand areas: bounding boxes first.
    let boxes: Vec<(f64, f64, f64, f64)> = feed
        .demand_areas
        .iter()
        .map(|a| {
            let mut b = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
            for &(lon, lat) in a.polygons.iter().flatten().flatten() {
                b = (b.0.min(lon), b.1.min(lat), b.2.max(lon), b.3.max(lat));
            }
            b
        })
        .collect();

    let mut sc = Scratch::default();
    let (mut reach, mut preach): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
    let radius = p.max_stop_distance_m.max(p.planning_max_distance_m);
    let same_reach = p.planning_max_distance_m == p.max_stop_distance_m;
    let mut out_cells = Vec::with_capacity(cells.len());
    for (ci, c) in cells.iter().enumerate() {
        let m = c.municipality as usize;
        let centre = c.centroid();
        let near = stop_index.within(centre, radius);
        reach.clear();
        reach.extend(near.iter().filter(|&&(_, d)| d < p.max_stop_distance_m).map(|&(s, _)| s));
        preach.clear();
        preach.extend(near.iter().filter(|&&(_, d)| d < p.planning_max_distance_m).map(|&(s, _)| s));
        let at_seat =
            centre.dist(municipalities[m].seat) <= p.seat_radius_m || reach.iter().any(|&s| seat_stops[m][s as usize]);
        let (lat, lon) = to_wgs84(centre);
        let in_demand_area = feed
            .demand_areas
            .iter()
            .zip(&boxes)
            .any(|(a, b)| lon >= b.0 && lat >= b.1 && lon <= b.2 && lat <= b.3 && a.contains(lat, lon));
        let rule = rule_for(at_seat, p.direction);
        let mut day_out = [None; 3];
        for d in DayType::ALL {
            let Some(dd) = &day_data[d.ix()] else { continue };
            let lk = links[d.ix()][m].as_ref().expect("links are built for every municipality with cells");
            let k = day_service(dd, lk, reach.iter().copied(), &mut sc);
            let counted = k.pair(rule);
            let returns = |k: &Counts| match (k.first_arr, k.last_dep) {
                (Some(a), Some(l)) => l >= a.saturating_add(p.return_min_stay_s),
                _ => false,
            };
            let same_day_return = returns(&k);
            let basic = counted[0].min(counted[1]) >= p.min_departures_per_direction;
            let planning = d == DayType::Weekday && basic && {
                let kp = if same_reach { None } else { Some(day_service(dd, lk, preach.iter().copied(), &mut sc)) };
                let kp = kp.as_ref().unwrap_or(&k);
                let pair = kp.pair(rule);
                !preach.is_empty()
                    && pair[0].min(pair[1]) >= p.planning_min_departures_per_direction
                    && if at_seat {
                        kp.out.min(kp.back) >= p.planning_min_departures_towards_seat
                    } else {
                        kp.towards >= p.planning_min_departures_towards_seat && returns(kp)
                    }
            };
            let band = if reach.is_empty() {
                Band::NoStop
            } else if !basic {
                Band::Few
            } else if planning {
                Band::Good
            } else {
                Band::Basic
            };
            day_out[d.ix()] = Some(DayService {
                towards_seat: k.towards,
                from_seat: k.from,
                out: k.out,
                back: k.back,
                dir0: k.dir0,
                dir1: k.dir1,
                counted,
                band,
                first_seat_arrival: k.first_arr,
                last_seat_departure: k.last_dep,
                same_day_return,
            });
        }
        let (class, density, nbh, big) = classes[ci];
        out_cells.push(CellCoverage {
            class,
            density_km2: density,
            neighbourhood_density_km2: nbh,
            nearest_big_town_m: big,
            nearest_stop: stop_index.nearest(centre).map(|(s, d)| (StopIdx(s), d)),
            stops_within: reach.len() as u32,
            at_seat,
            rule,
            in_demand_area,
            days: day_out,
            gap: None,
        });
    }

    let mut gaps = find_gaps(cells, &mut out_cells, p, &centroid_index);
    // Nearest stop with weekday basic service by itself, per gap municipality.
    let wk = day_data[0].as_ref().expect("the weekday is always assessed");
    let mut basic_index: Vec<Option<PointIndex>> = (0..municipalities.len()).map(|_| None).collect();
    for g in &mut gaps {
        let m = g.municipality as usize;
        let idx = basic_index[m].get_or_insert_with(|| {
            let lk = links[0][m].as_ref().expect("links are built for every municipality with cells");
            let mut sc = Scratch::default();
            let basic_stops: Vec<(Xy, u32)> = (0..n_stops)
                .filter(|&s| counted[s])
                .filter(|&s| {
                    let k = day_service(wk, lk, std::iter::once(s as u32), &mut sc);
                    let pair = k.pair(rule_for(seat_stops[m][s], p.direction));
                    pair[0].min(pair[1]) >= p.min_departures_per_direction
                })
                .map(|s| (stop_xy[s], s as u32))
                .collect();
            PointIndex::new(basic_stops)
        });
        g.nearest_basic_stop = idx.nearest(g.centroid).map(|(s, d)| NearStop {
            stop: StopIdx(s),
            id: feed.stops[s as usize].id.clone(),
            name: feed.stops[s as usize].name.clone(),
            distance_m: d,
        });
    }

    let dates: Vec<(DayType, Date)> = DayType::ALL.iter().filter_map(|&d| days.get(d).map(|tt| (d, tt.date))).collect();
    let (municipalities_sum, county) = summarise(cells, &out_cells, municipalities, &dates);
    let seats_without_stops = (0..municipalities.len())
        .filter(|&m| used_muni[m] && !seat_stops[m].contains(&true))
        .map(|m| m as u16)
        .collect();
    Ok(Coverage { dates, cells: out_cells, gaps, municipalities: municipalities_sum, county, seats_without_stops })
}

fn rule_for(at_seat: bool, direction: DirectionRule) -> CountRule {
    match (at_seat, direction) {
        (true, _) => CountRule::OutBack,
        (false, DirectionRule::Seat) => CountRule::Seat,
        (false, DirectionRule::DirectionId) => CountRule::DirectionId,
    }
}

/// Per cell: (class, own density, neighbourhood density, distance to the nearest big town).
fn area_classes(
    cells: &[Cell],
    towns: &[Town],
    p: &CoverageParams,
    centroids: &PointIndex,
) -> Vec<(AreaClass, f64, f64, Option<f64>)> {
    cells
        .iter()
        .map(|c| {
            let centre = c.centroid();
            let km = c.size_m / 1000.0;
            let density = c.population as f64 / (km * km);
            let h = 1.5 * c.size_m;
            let nbh_pop: u64 = centroids
                .in_box(Xy { x: centre.x - h, y: centre.y - h }, Xy { x: centre.x + h, y: centre.y + h })
                .map(|i| cells[i as usize].population as u64)
                .sum();
            let nbh = nbh_pop as f64 / (9.0 * km * km);
            let near_town =
                towns.iter().any(|t| t.population >= p.town_min_pop && t.pos.dist(centre) <= p.town_radius_m);
            let big = towns
                .iter()
                .filter(|t| t.population >= p.sparse_town_pop)
                .map(|t| t.pos.dist(centre))
                .min_by(|a, b| a.total_cmp(b));
            let class = if near_town || density >= p.town_density {
                AreaClass::Town
            } else if nbh < p.sparse_density && big.is_none_or(|d| d > p.sparse_min_dist_m) {
                AreaClass::Sparse
            } else {
                AreaClass::Rural
            };
            (class, density, nbh, big)
        })
        .collect()
}

/// Do two cells' squares touch under the adjacency rule (1 cm tolerance)?
fn touches(a: &Cell, b: &Cell, adj: Adjacency) -> bool {
    const EPS: f64 = 0.01;
    let ox = (a.x + a.size_m).min(b.x + b.size_m) - a.x.max(b.x);
    let oy = (a.y + a.size_m).min(b.y + b.size_m) - a.y.max(b.y);
    match adj {
        Adjacency::Corner => ox >= -EPS && oy >= -EPS,
        Adjacency::Edge => (ox > EPS && oy >= -EPS) || (oy > EPS && ox >= -EPS),
    }
}

/// Joins populated cells without weekday basic service and outside demand areas into gaps,
/// ranks them and marks each cell with its gap id.
fn find_gaps(cells: &[Cell], cov: &mut [CellCoverage], p: &CoverageParams, centroids: &PointIndex) -> Vec<Gap> {
    let is_gap = |i: usize| cells[i].population > 0 && !cov[i].in_demand_area && !cov[i].weekday().band.is_basic();
    let max_side = cells.iter().map(|c| c.size_m).fold(0.0, f64::max);
    let mut uf = UnionFind::<u32>::new(cells.len());
    for (i, c) in cells.iter().enumerate() {
        if !is_gap(i) {
            continue;
        }
        let m = c.size_m / 2.0 + max_side;
        let ctr = c.centroid();
        for j in centroids.in_box(Xy { x: ctr.x - m, y: ctr.y - m }, Xy { x: ctr.x + m, y: ctr.y + m }) {
            let j = j as usize;
            let same_muni = !p.gap_split_by_municipality || cells[j].municipality == c.municipality;
            if j > i && same_muni && is_gap(j) && touches(c, &cells[j], p.gap_adjacency) {
                uf.union(i as u32, j as u32);
            }
        }
    }
    // Group by root, in cell order.
    let mut root_gap: Vec<u32> = vec![NONE; cells.len()];
    let mut members: Vec<Vec<u32>> = Vec::new();
    for i in (0..cells.len()).filter(|&i| is_gap(i)) {
        let r = uf.find(i as u32) as usize;
        if root_gap[r] == NONE {
            root_gap[r] = members.len() as u32;
            members.push(Vec::new());
        }
        members[root_gap[r] as usize].push(i as u32);
    }
    let mut gaps: Vec<Gap> = members
        .into_iter()
        .map(|cs| {
            let population: u64 = cs.iter().map(|&i| cells[i as usize].population as u64).sum();
            let (mut sx, mut sy) = (0.0, 0.0);
            let mut by_muni: Vec<(u16, u64)> = Vec::new();
            for &i in &cs {
                let c = &cells[i as usize];
                let w = c.population as f64;
                sx += c.centroid().x * w;
                sy += c.centroid().y * w;
                match by_muni.iter_mut().find(|e| e.0 == c.municipality) {
                    Some(e) => e.1 += c.population as u64,
                    None => by_muni.push((c.municipality, c.population as u64)),
                }
            }
            let w = population.max(1) as f64;
            let centroid = Xy { x: sx / w, y: sy / w };
            let (lat, lon) = to_wgs84(centroid);
            by_muni.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            Gap {
                id: 0,
                n_cells: cs.len() as u32,
                cells: cs,
                population,
                centroid,
                lat,
                lon,
                municipality: by_muni[0].0,
                nearest_basic_stop: None,
            }
        })
        .collect();
    gaps.sort_by(|a, b| {
        b.population
            .cmp(&a.population)
            .then(a.centroid.x.total_cmp(&b.centroid.x))
            .then(a.centroid.y.total_cmp(&b.centroid.y))
    });
    for (k, g) in gaps.iter_mut().enumerate() {
        g.id = k as u32 + 1;
        for &i in &g.cells {
            cov[i as usize].gap = Some(g.id);
        }
    }
    gaps
}

fn summarise(
    cells: &[Cell],
    cov: &[CellCoverage],
    municipalities: &[Municipality],
    dates: &[(DayType, Date)],
) -> (Vec<AreaSummary>, AreaSummary) {
    let empty_days =
        || dates.iter().map(|&(day, _)| DaySummary { day, all: Tally::default(), by_class: [Tally::default(); 3] });
    let mut munis: Vec<AreaSummary> = municipalities
        .iter()
        .map(|m| AreaSummary { name: m.name.clone(), seat_town: m.seat_town.clone(), days: empty_days().collect() })
        .collect();
    let mut county = AreaSummary { name: "County".into(), seat_town: String::new(), days: empty_days().collect() };
    for (c, cc) in cells.iter().zip(cov) {
        for (k, &(day, _)) in dates.iter().enumerate() {
            let (Some(ds), Some(served)) = (cc.days[day.ix()], cc.served(day)) else { continue };
            let pop = c.population as u64;
            for area in [&mut munis[c.municipality as usize], &mut county] {
                let s = &mut area.days[k];
                s.all.add(pop, ds.band, served);
                s.by_class[cc.class as usize].add(pop, ds.band, served);
            }
        }
    }
    (munis, county)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_read_from_a_toml_table() {
        // The region file can hold the settings as a table; missing keys take the defaults.
        let p: CoverageParams = toml::from_str(
            "max_stop_distance_m = 800\nmin_departures_per_direction = 3\ndirection = \"direction_id\"\n\
             gap_adjacency = \"edge\"\nreturn_min_stay_s = 7200\n",
        )
        .unwrap();
        assert_eq!(p.max_stop_distance_m, 800.0);
        assert_eq!((p.min_departures_per_direction, p.return_min_stay_s), (3, 7200));
        assert_eq!((p.direction, p.gap_adjacency), (DirectionRule::DirectionId, Adjacency::Edge));
        assert_eq!(p.town_min_pop, 200);
        assert!(toml::from_str::<CoverageParams>("max_stop_distanse_m = 800").is_err());
    }

    #[test]
    fn squares_touch_by_edge_or_corner() {
        let c = |x: f64, y: f64, s: f64| Cell { x, y, size_m: s, population: 1, municipality: 0 };
        let a = c(0.0, 0.0, 1000.0);
        assert!(touches(&a, &c(1000.0, 0.0, 1000.0), Adjacency::Edge)); // side by side
        assert!(!touches(&a, &c(1000.0, 1000.0, 1000.0), Adjacency::Edge)); // corner only
        assert!(touches(&a, &c(1000.0, 1000.0, 1000.0), Adjacency::Corner));
        assert!(!touches(&a, &c(2000.0, 0.0, 1000.0), Adjacency::Corner)); // a cell apart
        // A 250 m cell along the right edge of a 1 km cell, in a mixed grid.
        assert!(touches(&a, &c(1000.0, 500.0, 250.0), Adjacency::Edge));
    }
}
