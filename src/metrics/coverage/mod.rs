//! Coverage in sparse areas (glesa miljöer): for every population grid cell, its area class
//! (town / rural / sparse), whether it has basic service by Region Kronoberg's Glesbygdstrafik
//! rule [S48] on a weekday, a Saturday and a Sunday, a stricter planning level, whether a
//! demand-responsive (närtrafik) zone of the feed covers it, and the connected gaps of unserved
//! cells ranked by population (närtrafik candidates).
//!
//! Reads one [`Timetable`](crate::timetable::Timetable) per day type (stops, runs,
//! `direction_id`) and typed inputs ([`CoverageInput`]: cells, which cells lie in a demand
//! area, seats, towns); takes its settings as a plain [`CoverageParams`], never the region file
//! and never the feed. Results are keyed by cell, stop and municipality index; the output
//! tables with names and WGS84 geometry are [`crate::tables::coverage`]. All distances are
//! straight lines in metres on SWEREF 99 TM (EPSG:3006), measured from the cell centroid.
//!
//! Files: [`params`] (settings, inputs, errors), [`types`] (results), `service` (counting a
//! day's runs at a set of stops), `areas` (area classes, tallies), `gaps`.
//!
//! # Definitions (the tests check each)
//!
//! * **Stops.** A stop counts when at least one trip of an analysed service day (weekday,
//!   Saturday or Sunday timetable, the day's own runs) calls at it. A cell's *reach* is, with
//!   [`StopRule::Nearest`] (the default, the rule's own words), the nearest such stop when it is
//!   strictly closer than `max_stop_distance_m`; with [`StopRule::Pooled`], every such stop
//!   strictly closer than that.
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
//!   Pooling the stops in reach counts the most departures: it finds the fewest people eligible.
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
//! * **Närtrafik**: a cell whose centroid lies in a feed demand area (GTFS-Flex zone; the caller
//!   decides, [`CoverageInput::in_demand_area`]) is served by
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

mod areas;
pub mod candidates;
mod gaps;
pub mod params;
mod service;
pub mod types;

pub use params::{
    Adjacency, CountRule, CoverageError, CoverageInput, CoverageParams, DayTimetables, DirectionRule, Municipality,
    StopRule, Town, centroids_in,
};
pub use types::{
    AreaClass, AreaSummary, Band, CellCoverage, Coverage, DayService, DaySummary, DayType, Gap, NearStop, Served, Tally,
};

use crate::date::Date;
use crate::spatial::{Cell, PointIndex, Xy};
use crate::timetable::StopIdx;
use service::{Counts, DayData, Scratch, SeatLinks, day_service};

/// Computes coverage for every cell, the gaps and the summaries. See the module docs for the
/// definitions. Deterministic: the same inputs give the same result.
pub fn compute(input: &CoverageInput, params: &CoverageParams) -> Result<Coverage, CoverageError> {
    params.validate()?;
    params::check_inputs(input)?;
    let p = params;
    let CoverageInput { days, cells, in_demand_area, municipalities, towns } = *input;
    let net = Network::new(input, p);

    let centroid_index = PointIndex::new(cells.iter().enumerate().map(|(i, c)| (c.centroid(), i as u32)));
    let classes = areas::area_classes(cells, towns, p, &centroid_index);
    let mut sc = Scratch::default();
    let mut out_cells = Vec::with_capacity(cells.len());
    for (ci, c) in cells.iter().enumerate() {
        out_cells.push(net.assess_cell(c, in_demand_area[ci], classes[ci], p, &mut sc));
    }

    let mut gaps = gaps::find_gaps(cells, &mut out_cells, p, &centroid_index);
    net.nearest_basic_stops(&mut gaps, p);

    let dates: Vec<(DayType, Date)> =
        DayType::ALL.iter().filter_map(|&d| days.get(d).map(|tt| (d, tt.date()))).collect();
    let (municipalities_sum, county) = areas::summarise(cells, &out_cells, municipalities.len(), &dates);
    let seats_without_stops = (0..municipalities.len())
        .filter(|&m| net.used_muni[m] && !net.seat_stops[m].contains(&true))
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

/// The network as coverage reads it, built once: per day the pattern facts, the stops any
/// analysed day serves (indexed by position), seat stops per municipality and seat links per
/// (day, municipality) — the last two only for municipalities that have cells.
struct Network<'a> {
    /// By [`DayType::ix`]; `None` for a day not assessed.
    day_data: Vec<Option<DayData<'a>>>,
    stop_xy: Vec<Xy>,
    /// Stops some analysed day serves.
    counted: Vec<bool>,
    stop_index: PointIndex,
    municipalities: &'a [Municipality],
    used_muni: Vec<bool>,
    seat_stops: Vec<Vec<bool>>,
    /// By [`DayType::ix`], then municipality.
    links: Vec<Vec<Option<SeatLinks>>>,
}

/// A cell's stops within reach and what its counts mean.
struct Reach<'r> {
    /// Counted stops strictly closer than `max_stop_distance_m`.
    stops: &'r [u32],
    /// Counted stops strictly closer than `planning_max_distance_m`.
    planning: &'r [u32],
    at_seat: bool,
    rule: CountRule,
}

impl<'a> Network<'a> {
    fn new(input: &CoverageInput<'a>, p: &CoverageParams) -> Self {
        let CoverageInput { days, cells, municipalities, .. } = *input;
        let wk = days.weekday;
        let stop_xy: Vec<Xy> = wk.stop_indices().map(|s| wk.stop_xy(s)).collect();
        let n_stops = stop_xy.len();
        let day_data: Vec<Option<DayData>> = DayType::ALL.iter().map(|&d| days.get(d).map(DayData::new)).collect();
        let mut counted = vec![false; n_stops];
        for dd in day_data.iter().flatten() {
            for pat in dd.tt.patterns().filter(|&pat| dd.runs_today(pat)) {
                for s in dd.tt.stops(pat) {
                    counted[s.ix()] = true;
                }
            }
        }
        let stop_index = PointIndex::new((0..n_stops).filter(|&s| counted[s]).map(|s| (stop_xy[s], s as u32)));
        let mut used_muni = vec![false; municipalities.len()];
        for c in cells {
            used_muni[c.municipality as usize] = true;
        }
        let seat_stops: Vec<Vec<bool>> = municipalities
            .iter()
            .enumerate()
            .map(|(m, mu)| {
                if used_muni[m] {
                    stop_xy
                        .iter()
                        .enumerate()
                        .map(|(s, xy)| counted[s] && xy.dist(mu.seat) <= p.seat_radius_m)
                        .collect()
                } else {
                    Vec::new()
                }
            })
            .collect();
        let links = day_data
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
        Network { day_data, stop_xy, counted, stop_index, municipalities, used_muni, seat_stops, links }
    }

    /// One cell's coverage (without its gap, set later).
    fn assess_cell(
        &self,
        c: &Cell,
        in_demand_area: bool,
        (class, density, nbh, big): (AreaClass, f64, f64, Option<f64>),
        p: &CoverageParams,
        sc: &mut Scratch,
    ) -> CellCoverage {
        let m = c.municipality as usize;
        let centre = c.centroid();
        let radius = p.max_stop_distance_m.max(p.planning_max_distance_m);
        let near = self.stop_index.within(centre, radius);
        let within: Vec<(u32, f64)> = near.iter().copied().filter(|&(_, d)| d < p.max_stop_distance_m).collect();
        let stops: Vec<u32> = match p.stops {
            StopRule::Pooled => within.iter().map(|&(s, _)| s).collect(),
            // The nearest; of stops at the same distance the lowest index, so runs agree.
            StopRule::Nearest => within
                .iter()
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
                .map(|&(s, _)| s)
                .into_iter()
                .collect(),
        };
        let planning: Vec<u32> =
            near.iter().filter(|&&(_, d)| d < p.planning_max_distance_m).map(|&(s, _)| s).collect();
        let at_seat = centre.dist(self.municipalities[m].seat) <= p.seat_radius_m
            || stops.iter().any(|&s| self.seat_stops[m][s as usize]);
        let reach = Reach { stops: &stops, planning: &planning, at_seat, rule: rule_for(at_seat, p.direction) };
        let mut days = [None; 3];
        for d in DayType::ALL {
            if let Some(dd) = &self.day_data[d.ix()] {
                let lk = self.links[d.ix()][m].as_ref().expect("links are built for every municipality with cells");
                days[d.ix()] = Some(assess_day(d, dd, lk, &reach, p, sc));
            }
        }
        CellCoverage {
            class,
            density_km2: density,
            neighbourhood_density_km2: nbh,
            nearest_big_town_m: big,
            nearest_stop: self.stop_index.nearest(centre).map(|(s, d)| (StopIdx(s), d)),
            stops_within: within.len() as u32,
            at_seat,
            rule: reach.rule,
            in_demand_area,
            days,
            gap: None,
        }
    }

    /// Sets each gap's nearest stop with weekday basic service by itself (judged for the gap's
    /// municipality).
    fn nearest_basic_stops(&self, gaps: &mut [Gap], p: &CoverageParams) {
        let wk = self.day_data[DayType::Weekday.ix()].as_ref().expect("the weekday is always assessed");
        let mut basic_index: Vec<Option<PointIndex>> = (0..self.municipalities.len()).map(|_| None).collect();
        for g in gaps {
            let m = g.municipality as usize;
            let idx = basic_index[m].get_or_insert_with(|| {
                let lk = self.links[DayType::Weekday.ix()][m]
                    .as_ref()
                    .expect("links are built for every municipality with cells");
                let mut sc = Scratch::default();
                let basic_stops: Vec<(Xy, u32)> = (0..self.stop_xy.len())
                    .filter(|&s| self.counted[s])
                    .filter(|&s| {
                        let k = day_service(wk, lk, std::iter::once(s as u32), &mut sc);
                        let pair = k.pair(rule_for(self.seat_stops[m][s], p.direction));
                        pair[0].min(pair[1]) >= p.min_departures_per_direction
                    })
                    .map(|s| (self.stop_xy[s], s as u32))
                    .collect();
                PointIndex::new(basic_stops)
            });
            g.nearest_basic_stop = idx.nearest(g.centroid).map(|(s, d)| NearStop { stop: StopIdx(s), distance_m: d });
        }
    }
}

/// One cell's service on day `d`.
fn assess_day(
    d: DayType,
    dd: &DayData,
    lk: &SeatLinks,
    reach: &Reach,
    p: &CoverageParams,
    sc: &mut Scratch,
) -> DayService {
    let k = day_service(dd, lk, reach.stops.iter().copied(), sc);
    let counted = k.pair(reach.rule);
    let returns = |k: &Counts| match (k.first_arr, k.last_dep) {
        (Some(a), Some(l)) => l >= a.saturating_add(p.return_min_stay_s),
        _ => false,
    };
    let same_day_return = returns(&k);
    let basic = counted[0].min(counted[1]) >= p.min_departures_per_direction;
    let planning = d == DayType::Weekday && basic && {
        let same_reach = p.planning_max_distance_m == p.max_stop_distance_m;
        let kp = if same_reach { None } else { Some(day_service(dd, lk, reach.planning.iter().copied(), sc)) };
        let kp = kp.as_ref().unwrap_or(&k);
        let pair = kp.pair(reach.rule);
        !reach.planning.is_empty()
            && pair[0].min(pair[1]) >= p.planning_min_departures_per_direction
            && if reach.at_seat {
                kp.out.min(kp.back) >= p.planning_min_departures_towards_seat
            } else {
                kp.towards >= p.planning_min_departures_towards_seat && returns(kp)
            }
    };
    let band = if reach.stops.is_empty() {
        Band::NoStop
    } else if !basic {
        Band::Few
    } else if planning {
        Band::Good
    } else {
        Band::Basic
    };
    DayService {
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
    }
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
}
