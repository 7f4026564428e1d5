//! Service at each stop on a date, the population around it, its wheelchair access and its PTAL;
//! and the priority list for tillgänglighetsanpassning (making stops accessible).
//!
//! One row per stop (`location_type` 0 or empty; stations, entrances, nodes and boarding areas
//! are not rows), or with `stations` one row per parent station — its child stops aggregated:
//! calls summed, routes united, departures pooled for the headways, the station's own
//! `wheelchair_boarding` and coordinates — plus one row for each stop that has no parent
//! station. Rows are sorted by `stop_id` (byte order). Columns:
//! - `trips`: calls at the stop by trips of the service date (GTFS service day: times past
//!   24:00:00 stay on their day; the previous day's trips running after midnight are not
//!   counted); every call counts, terminal arrivals too, a trip calling twice counts twice.
//! - `departures`: calls where boarding is possible (not the trip's last stop, `pickup_type`
//!   not 1). `routes`: distinct `route_id`s of the trips calling.
//! - `first_departure`, `last_departure`: `HH:MM:SS` service-day time (may pass 24:00:00).
//! - `peak_departures`: departures with `07:00:00 <= t < 09:00:00` (configurable).
//! - `mean_headway_min`, `max_headway_min`: minutes between consecutive departures (all routes
//!   and directions pooled, sorted) among those with `07:00:00 <= t <= 19:00:00` (both ends
//!   included; configurable); equal times give 0; empty with fewer than two departures in the
//!   window. The mean is (last − first) / (n − 1). Printed with at most 6 decimals, trailing
//!   zeros trimmed (`15`, `7.5`, `6.666667`).
//! - `wheelchair_boarding`: 0/1/2 after inheritance from the parent station.
//! - `pop_<r>`: population within `r` metres (straight line, SWEREF 99 TM) of the stop, each
//!   grid cell weighted by the exact share of its area inside the circle (circle–square
//!   intersection in closed form, no sampling); printed rounded to a whole number; empty without
//!   population cells. Default radii 400, 800, 1000 m.
//! - `ptal`: the PTAL level at the stop's location ([`super::ptal`]).
//!
//! The priority list ranks stops whose `wheelchair_boarding` is not 1 and that have at least one
//! departure by `score = departures × pop_400` (the population within 400 m, rounded to a whole
//! number as printed, so the score can be checked by hand), highest first, ties by `stop_id`. The
//! municipality is that of the grid cell containing the stop, else of the nearest cell.
//!
//! Speed: one pass over the timetable's trips of the day gathers every departure time into one
//! flat vector grouped by row (CSR), each group is sorted once, and rows are finished in parallel.
//!
//! Reads only the timetable (stop kinds, parents, wheelchair access and id order included) and
//! the population grid; the printed table with ids, names and coordinates is
//! [`crate::tables::stops`].

use rayon::prelude::*;

use super::ptal::{Ptal, PtalError, PtalIndex, PtalParams};
use crate::spatial::{Cell, PointIndex, Xy};
use crate::timetable::{Csr, IdxVec, LocationType, PatternIdx, ServiceDay, StopIdx, Timetable};
use crate::walk::WalkPaths;

/// What to compute; [`Default`] is the definition.
#[derive(Clone, Debug, PartialEq)]
pub struct StopOptions {
    /// Headways from departures with `start <= t <= end` (seconds since the date's midnight).
    pub headway_window: (u32, u32),
    /// Peak departures are those with `start <= t < end`.
    pub peak_window: (u32, u32),
    /// Catchment radii in metres, one `pop_<r>` column each.
    pub radii_m: Vec<f64>,
    /// One row per parent station (and per stop without one) instead of per stop.
    pub stations: bool,
    pub ptal: PtalParams,
}

impl Default for StopOptions {
    fn default() -> Self {
        StopOptions {
            headway_window: (7 * 3600, 19 * 3600),
            peak_window: (7 * 3600, 9 * 3600),
            radii_m: vec![400.0, 800.0, 1000.0],
            stations: false,
            ptal: PtalParams::default(),
        }
    }
}

/// Options that make no sense.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StopsError {
    #[error("the {name} window ends before it starts ({start}–{end} s)")]
    Window { name: &'static str, start: u32, end: u32 },
    #[error("catchment radius must be a positive number of metres (got {0})")]
    Radius(f64),
    #[error(transparent)]
    Ptal(#[from] PtalError),
}

impl StopOptions {
    pub fn validate(&self) -> Result<(), StopsError> {
        let (h0, h1) = self.headway_window;
        if h1 < h0 {
            return Err(StopsError::Window { name: "headway", start: h0, end: h1 });
        }
        let (p0, p1) = self.peak_window;
        if p1 < p0 {
            return Err(StopsError::Window { name: "peak", start: p0, end: p1 });
        }
        if let Some(&r) = self.radii_m.iter().find(|r| !(r.is_finite() && **r > 0.0)) {
            return Err(StopsError::Radius(r));
        }
        self.ptal.validate()?;
        Ok(())
    }
}

/// One row of the stop table.
#[derive(Clone, Debug, PartialEq)]
pub struct StopRow {
    /// The feed stop (or station) this row is.
    pub stop: StopIdx,
    /// Its position, SWEREF 99 TM.
    pub xy: Xy,
    pub trips: u32,
    pub departures: u32,
    pub routes: u32,
    pub first_departure: Option<u32>,
    pub last_departure: Option<u32>,
    pub peak_departures: u32,
    pub mean_headway_min: Option<f64>,
    pub max_headway_min: Option<f64>,
    pub wheelchair_boarding: u8,
    /// Weighted population within each of the table's radii; `None` without population cells.
    pub pop: Option<Vec<f64>>,
    pub ptal: Ptal,
}

/// The stop table of one date: rows in `stop_id` order.
#[derive(Clone, Debug, PartialEq)]
pub struct StopTable {
    pub radii_m: Vec<f64>,
    pub stations: bool,
    pub rows: Vec<StopRow>,
}

impl StopTable {
    /// The row of stop (or station) `s`.
    pub fn row(&self, s: StopIdx) -> Option<&StopRow> {
        self.rows.iter().find(|r| r.stop == s)
    }
}

const NONE: u32 = u32::MAX;

/// Computes the stop table for the timetable's date. `cells` (population grid) fills `pop_*`.
/// PTAL walks in a straight line; see [`stop_table_walking`] for a street network.
pub fn stop_table(tt: &Timetable, opts: &StopOptions, cells: Option<&[Cell]>) -> Result<StopTable, StopsError> {
    stop_table_walking(tt, opts, cells, None)
}

/// [`stop_table`] with PTAL's walks to the stops on `paths` when given (TfL measures the walk
/// on the street network, as `narhet ptal --osm` does for cells).
pub fn stop_table_walking(
    tt: &Timetable,
    opts: &StopOptions,
    cells: Option<&[Cell]>,
    paths: Option<std::sync::Arc<dyn WalkPaths>>,
) -> Result<StopTable, StopsError> {
    opts.validate()?;
    let (members, group) = rows_of(tt, opts.stations);
    let n_rows = members.len();
    let group_at = |s: StopIdx| group.get(s).copied().unwrap_or(NONE);

    // Pass 1: calls and departures per row, over the day's own trips.
    let today: Vec<_> = tt.trip_indices().filter(|&t| tt.trip_day(t) == ServiceDay::Today).collect();
    let mut calls = vec![0u32; n_rows];
    let mut n_dep = vec![0u32; n_rows];
    for &t in &today {
        for c in tt.calls(tt.trip_pattern(t)) {
            let g = group_at(c.stop());
            if g != NONE {
                calls[g as usize] += 1;
                n_dep[g as usize] += c.pickup() as u32;
            }
        }
    }
    // Pass 2: departure times into one flat vector, grouped by row.
    let mut pairs: Vec<(RowIdx, u32)> = Vec::with_capacity(n_dep.iter().map(|&n| n as usize).sum());
    for &t in &today {
        for (c, &dep) in tt.calls(tt.trip_pattern(t)).iter().zip(tt.trip_dep(t)) {
            let g = group_at(c.stop());
            if g != NONE && c.pickup() {
                pairs.push((RowIdx(g), dep));
            }
        }
    }
    let mut times: Csr<RowIdx, u32> = Csr::from_pairs(n_rows, pairs);
    times.lists_mut().par_iter_mut().for_each(|l| l.sort_unstable());

    // Distinct routes per row, from the patterns that run a trip of the day.
    let mut pattern_today: IdxVec<PatternIdx, bool> = IdxVec::filled(tt.n_patterns(), false);
    for &t in &today {
        pattern_today[tt.trip_pattern(t)] = true;
    }
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for p in tt.patterns().filter(|&p| pattern_today[p]) {
        let route = tt.pattern_route(p);
        for s in tt.stops(p) {
            let g = group_at(s);
            if g != NONE {
                pairs.push((g, route.0));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut routes = vec![0u32; n_rows];
    for (g, _) in pairs {
        routes[g as usize] += 1;
    }

    let ptal = PtalIndex::new(tt, &opts.ptal)?.with_paths(paths);
    let catchment = cells.map(Catchment::new);
    let rows = (0..n_rows)
        .into_par_iter()
        .map(|r| {
            let s = members[r];
            let xy = tt.stop_xy(s);
            let d = departure_stats(times.get(RowIdx(r as u32)), opts);
            StopRow {
                stop: s,
                xy,
                trips: calls[r],
                departures: n_dep[r],
                routes: routes[r],
                first_departure: d.first,
                last_departure: d.last,
                peak_departures: d.peak,
                mean_headway_min: d.mean,
                max_headway_min: d.max,
                wheelchair_boarding: tt.stop(s).wheelchair_boarding,
                pop: catchment.as_ref().map(|c| c.populations_within(xy, &opts.radii_m)),
                ptal: ptal.at(xy),
            }
        })
        .collect();
    Ok(StopTable { radii_m: opts.radii_m.clone(), stations: opts.stations, rows })
}

/// A row of the stop table, as an index for [`Csr`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RowIdx(u32);

impl crate::timetable::Idx for RowIdx {
    fn from_usize(i: usize) -> Self {
        RowIdx(i as u32)
    }
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// The stops (or stations) that are rows, in `stop_id` order, and the row each stop's calls
/// count for (`NONE`: none).
fn rows_of(tt: &Timetable, stations: bool) -> (Vec<StopIdx>, IdxVec<StopIdx, u32>) {
    let is_station = |s: StopIdx| tt.stop(s).location_type == LocationType::Station;
    let mut members: Vec<StopIdx> = tt
        .stop_indices()
        .filter(|&s| {
            let st = tt.stop(s);
            match st.location_type {
                LocationType::Stop => !stations || !st.parent.is_some_and(is_station),
                LocationType::Station => stations,
                _ => false,
            }
        })
        .collect();
    members.sort_by_key(|&s| tt.stop_order(s));
    let mut group = IdxVec::filled(tt.n_stops(), NONE);
    for (r, &s) in members.iter().enumerate() {
        group[s] = r as u32;
    }
    if stations {
        for s in tt.stop_indices() {
            let st = tt.stop(s);
            if st.location_type == LocationType::Stop
                && let Some(p) = st.parent.filter(|&p| is_station(p))
            {
                group[s] = group[p];
            }
        }
    }
    (members, group)
}

struct DepStats {
    first: Option<u32>,
    last: Option<u32>,
    peak: u32,
    mean: Option<f64>,
    max: Option<f64>,
}

/// Statistics of one row's departure times, sorted ascending.
fn departure_stats(sorted: &[u32], opts: &StopOptions) -> DepStats {
    let (p0, p1) = opts.peak_window;
    let peak = sorted.partition_point(|&t| t < p1) - sorted.partition_point(|&t| t < p0);
    let (h0, h1) = opts.headway_window;
    let w = &sorted[sorted.partition_point(|&t| t < h0)..sorted.partition_point(|&t| t <= h1)];
    let (mean, max) = match (w.first(), w.last()) {
        (Some(&a), Some(&b)) if w.len() >= 2 => {
            let max = w.windows(2).map(|p| p[1] - p[0]).max().unwrap_or(0);
            (Some((b - a) as f64 / 60.0 / (w.len() - 1) as f64), Some(max as f64 / 60.0))
        }
        _ => (None, None),
    };
    DepStats { first: sorted.first().copied(), last: sorted.last().copied(), peak: peak as u32, mean, max }
}

/// Area (m²) of the disk with centre `c` and radius `r` inside the axis-aligned rectangle
/// `[x0, x1] × [y0, y1]`, in closed form (exact up to floating point).
pub fn disk_rect_area(c: Xy, r: f64, x0: f64, y0: f64, x1: f64, y1: f64) -> f64 {
    if r <= 0.0 || x1 <= x0 || y1 <= y0 {
        return 0.0;
    }
    // Quick answers: the rectangle wholly outside or wholly inside the circle.
    let near = |lo: f64, hi: f64, v: f64| (lo - v).max(v - hi).max(0.0);
    let (nx, ny) = (near(x0, x1, c.x), near(y0, y1, c.y));
    if nx * nx + ny * ny >= r * r {
        return 0.0;
    }
    let (fx, fy) = ((c.x - x0).abs().max((c.x - x1).abs()), (c.y - y0).abs().max((c.y - y1).abs()));
    if fx * fx + fy * fy <= r * r {
        return (x1 - x0) * (y1 - y0);
    }
    // F(x, y) = signed area of the disk within [0, x] × [0, y] (centre at the origin); the
    // rectangle's area is F's inclusion–exclusion over its corners.
    let f = |x: f64, y: f64| {
        let s = if (x < 0.0) != (y < 0.0) { -1.0 } else { 1.0 };
        s * quadrant_area(x.abs(), y.abs(), r)
    };
    let (ax0, ax1, ay0, ay1) = (x0 - c.x, x1 - c.x, y0 - c.y, y1 - c.y);
    (f(ax1, ay1) - f(ax0, ay1) - f(ax1, ay0) + f(ax0, ay0)).max(0.0)
}

/// Area of `{0 <= X <= a, 0 <= Y <= b, X² + Y² <= r²}` for `a, b >= 0`.
fn quadrant_area(a: f64, b: f64, r: f64) -> f64 {
    let (a, b) = (a.min(r), b.min(r));
    // ∫₀ᵘ √(r² − x²) dx
    let g = |u: f64| 0.5 * (u * (r * r - u * u).max(0.0).sqrt() + r * r * (u / r).clamp(-1.0, 1.0).asin());
    // Up to x_b the circle is above the rectangle's top edge y = b.
    let xb = (r * r - b * b).max(0.0).sqrt();
    let m = a.min(xb);
    b * m + g(a) - g(m)
}

/// The side of the squares a cell is split into for a network catchment, metres.
pub const NETWORK_STEP_M: f64 = 100.0;

/// Population of a grid around points: weighted sums within circles and the municipality at a
/// point. Cells are found with an R-tree of their centroids.
pub struct Catchment<'a> {
    cells: &'a [Cell],
    index: PointIndex,
    /// The largest half-diagonal of any cell: a cell can touch a circle of radius r only if its
    /// centroid is within r + this.
    half_diag: f64,
}

impl<'a> Catchment<'a> {
    pub fn new(cells: &'a [Cell]) -> Catchment<'a> {
        let index = PointIndex::new(cells.iter().enumerate().map(|(i, c)| (c.centroid(), i as u32)));
        let half_diag = cells.iter().map(|c| c.size_m * std::f64::consts::FRAC_1_SQRT_2).fold(0.0, f64::max);
        Catchment { cells, index, half_diag }
    }

    /// Population within `r` metres of `p`, each cell weighted by its area share inside the circle.
    pub fn population_within(&self, p: Xy, r: f64) -> f64 {
        self.populations_within(p, &[r])[0]
    }

    /// [`Self::population_within`] for several radii with one index query.
    pub fn populations_within(&self, p: Xy, radii: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; radii.len()];
        let reach = radii.iter().copied().fold(0.0, f64::max) + self.half_diag;
        for (i, _) in self.index.within(p, reach) {
            let c = &self.cells[i as usize];
            if c.population == 0 || c.size_m <= 0.0 {
                continue;
            }
            let area = c.size_m * c.size_m;
            for (o, &r) in out.iter_mut().zip(radii) {
                let share = disk_rect_area(p, r, c.x, c.y, c.x + c.size_m, c.y + c.size_m) / area;
                *o += c.population as f64 * share.min(1.0);
            }
        }
        out
    }

    /// Population within a walk of each of `radii` metres from `p` on `paths` (a street network):
    /// each cell is split into squares of at most [`NETWORK_STEP_M`] a side, each carrying its
    /// share of the cell's population, and a square counts when the walk from `p` to its centre
    /// is within the radius. Beside the circle of [`Self::populations_within`]: what a walk
    /// really reaches, not what the crow flies over.
    pub fn network_populations_within(&self, p: Xy, radii: &[f64], paths: &dyn WalkPaths) -> Vec<f64> {
        let mut out = vec![0.0; radii.len()];
        let rmax = radii.iter().copied().fold(0.0, f64::max);
        let (mut pts, mut weight) = (Vec::new(), Vec::new());
        for (i, _) in self.index.within(p, rmax + self.half_diag) {
            let c = &self.cells[i as usize];
            if c.population == 0 || c.size_m <= 0.0 {
                continue;
            }
            let n = (c.size_m / NETWORK_STEP_M).ceil().max(1.0) as usize;
            let step = c.size_m / n as f64;
            let w = c.population as f64 / (n * n) as f64;
            for a in 0..n {
                for b in 0..n {
                    let q = Xy { x: c.x + (a as f64 + 0.5) * step, y: c.y + (b as f64 + 0.5) * step };
                    if q.dist(p) <= rmax {
                        pts.push(q);
                        weight.push(w);
                    }
                }
            }
        }
        for (m, w) in paths.paths_m(p, &pts, rmax).into_iter().zip(weight) {
            let Some(m) = m else { continue };
            for (o, &r) in out.iter_mut().zip(radii) {
                if m <= r {
                    *o += w;
                }
            }
        }
        out
    }

    /// The cell containing `p` (lower and left edges inclusive), else the cell with the nearest
    /// centroid; `None` without cells.
    pub fn cell_at(&self, p: Xy) -> Option<usize> {
        let inside = |c: &Cell| p.x >= c.x && p.x < c.x + c.size_m && p.y >= c.y && p.y < c.y + c.size_m;
        self.index
            .within(p, self.half_diag)
            .into_iter()
            .map(|(i, _)| i as usize)
            .find(|&i| inside(&self.cells[i]))
            .or_else(|| self.index.nearest(p).map(|(i, _)| i as usize))
    }

    /// The municipality index of [`Self::cell_at`].
    pub fn municipality_at(&self, p: Xy) -> Option<u16> {
        self.cell_at(p).map(|i| self.cells[i].municipality)
    }
}

/// A stop on the priority list for tillgänglighetsanpassning.
#[derive(Clone, Debug, PartialEq)]
pub struct PriorityRow {
    /// 1 for the first.
    pub rank: u32,
    /// Index into the stop table's rows.
    pub row: usize,
    pub municipality: Option<u16>,
    /// Population within the radius, rounded to a whole number.
    pub pop: u64,
    /// departures × pop.
    pub score: u64,
}

/// Ranks the table's rows whose `wheelchair_boarding` is not 1 and that have departures, by
/// `departures × population within radius_m` (population rounded), highest first, ties by
/// stop_id (the table's row order).
pub fn priority_list(table: &StopTable, catchment: &Catchment, radius_m: f64) -> Vec<PriorityRow> {
    let mut list: Vec<PriorityRow> = table
        .rows
        .par_iter()
        .enumerate()
        .filter(|(_, r)| r.wheelchair_boarding != 1 && r.departures > 0)
        .map(|(i, r)| {
            let pop = catchment.population_within(r.xy, radius_m).round().max(0.0) as u64;
            PriorityRow {
                rank: 0,
                row: i,
                municipality: catchment.municipality_at(r.xy),
                pop,
                score: r.departures as u64 * pop,
            }
        })
        .collect();
    list.sort_by(|a, b| b.score.cmp(&a.score).then(a.row.cmp(&b.row)));
    for (k, p) in list.iter_mut().enumerate() {
        p.rank = k as u32 + 1;
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    const O: Xy = Xy { x: 0.0, y: 0.0 };

    #[test]
    fn disk_in_rectangles() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * b.abs().max(1.0);
        // Disk wholly inside: πr².
        assert!(close(disk_rect_area(O, 400.0, -500.0, -500.0, 500.0, 500.0), PI * 160_000.0));
        // Rectangle wholly inside the disk: its own area.
        assert!(close(disk_rect_area(O, 800.0, -500.0, -500.0, 500.0, 500.0), 1_000_000.0));
        // A quadrant: πr²/4; a half: πr²/2.
        assert!(close(disk_rect_area(O, 400.0, 0.0, 0.0, 1000.0, 1000.0), PI * 40_000.0));
        assert!(close(disk_rect_area(O, 400.0, 0.0, -500.0, 1000.0, 500.0), PI * 80_000.0));
        // Disjoint.
        assert_eq!(disk_rect_area(O, 400.0, 500.0, -500.0, 1500.0, 500.0), 0.0);
        // A strip |x| <= 500 through a disk of r = 1000: 2·(500·500√3 + r²·asin(1/2))
        // = 2·(433 012.70 + 523 598.78) = 1 913 222.96 m².
        let strip = 2.0 * (500.0 * 500.0 * 3f64.sqrt() + 1_000_000.0 * (0.5f64).asin());
        assert!(close(disk_rect_area(O, 1000.0, -500.0, -2000.0, 500.0, 2000.0), strip));
        // The pieces of a tiling add up to the disk.
        let mut sum = 0.0;
        for i in -3..3 {
            for j in -3..3 {
                let (x, y) = (i as f64 * 250.0 + 37.0, j as f64 * 250.0 - 11.0);
                sum += disk_rect_area(O, 600.0, x, y, x + 250.0, y + 250.0);
            }
        }
        assert!(close(sum, PI * 360_000.0), "{sum}");
    }

    #[test]
    fn stats_of_departures() {
        let o = StopOptions::default();
        // 06:59:59 is outside the headway window; 07:00:00 and 19:00:00 are inside; two at 08:00.
        let t = [25_199, 25_200, 28_800, 28_800, 68_400, 68_401];
        let d = departure_stats(&t, &o);
        assert_eq!((d.first, d.last), (Some(25_199), Some(68_401)));
        assert_eq!(d.peak, 3); // 07:00, 08:00, 08:00 (06:59:59 before)
        // In window: 07:00, 08:00, 08:00, 19:00 → gaps 60, 0, 660 min → mean 720/3 = 240.
        assert_eq!(d.mean, Some(240.0));
        assert_eq!(d.max, Some(660.0));
        let one = departure_stats(&[30_000], &o);
        assert_eq!((one.mean, one.max, one.peak), (None, None, 1));
        let none = departure_stats(&[], &o);
        assert_eq!((none.first, none.last, none.peak), (None, None, 0));
    }

    /// A made-up network: paths east of x = 100 are twice the straight line.
    struct EastDetour;

    impl WalkPaths for EastDetour {
        fn paths_m(&self, from: Xy, to: &[Xy], max_m: f64) -> Vec<Option<f64>> {
            let f = |t: Xy| if t.x > 100.0 { 2.0 } else { 1.0 };
            to.iter().map(|&t| Some(from.dist(t) * f(t)).filter(|&m| m <= max_m)).collect()
        }
        fn on_network(&self) -> bool {
            true
        }
    }

    #[test]
    fn a_network_catchment_counts_the_squares_a_walk_reaches() {
        // One 200 m cell of 400 people at (0, 0)–(200, 200): four 100 m squares of 100 people,
        // centres (50, 50), (150, 50), (50, 150), (150, 150), at 70.7, 158.1, 158.1 and 212.1 m
        // from the stop at (0, 0); walked 70.7, 316.2, 158.1 and 424.3 m.
        let cells = [Cell { x: 0.0, y: 0.0, size_m: 200.0, population: 400, municipality: 0 }];
        let c = Catchment::new(&cells);
        let at = Xy { x: 0.0, y: 0.0 };
        // Within 100 m: the first square; within 400 m: all but the last. The 400 m circle holds
        // the whole cell.
        assert_eq!(c.network_populations_within(at, &[100.0, 400.0], &EastDetour), vec![100.0, 300.0]);
        assert!((c.population_within(at, 400.0) - 400.0).abs() < 1e-9);
    }
}
