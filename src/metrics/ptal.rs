//! PTAL: the public transport accessibility level of a point, after Transport for London's method
//! ("Assessing transport connectivity in London", TfL 2015), computed from the timetable.
//!
//! From a point of interest (POI):
//! 1. Service access points (SAPs): stops within the maximum walk of the POI — straight-line
//!    distance on SWEREF 99 TM × `detour`, walked at 80 m/min.
//! 2. Per route and direction, only the nearest SAP counts (ties: the higher frequency, then the
//!    lower stop index). Its frequency `f` is the number of departures (boarding possible) at that
//!    stop in the AM peak hour, times `60 / window minutes`.
//! 3. Scheduled waiting time `SWT = 0.5 × 60 / f` min; average waiting time `AWT = SWT + K`
//!    (reliability: bus-like modes +2 min, rail-like +0.75 min); total access time
//!    `TAT = walk + AWT`; equivalent doorstep frequency `EDF = 30 / TAT`.
//! 4. A route counts once: where its directions differ, the direction with the highest EDF
//!    (TfL: "the highest frequency is taken").
//! 5. Per mode, `AI_mode = EDF_max + 0.5 × Σ other EDFs`; the accessibility index AI is the sum
//!    over modes.
//! 6. The level from AI rounded to two decimals: 0 (AI 0), 1a (0.01–2.50), 1b (2.51–5.00),
//!    2 (5.01–10.00), 3 (10.01–15.00), 4 (15.01–20.00), 5 (20.01–25.00), 6a (25.01–40.00),
//!    6b (above 40.00).
//!
//! | parameter | default | TfL |
//! |---|---|---|
//! | peak window | 08:15:00 ≤ t < 09:15:00 | AM peak 08:15–09:15 |
//! | walk speed | 80 m/min | 80 m/min |
//! | max walk, bus-like (bus, ferry, other) | 640 m (8 min) | 640 m |
//! | max walk, rail-like (rail, metro, tram) | 960 m (12 min) | 960 m |
//! | walk distance | straight line × 1.0; with a street network (`--osm`), on it | street network |
//! | reliability K, bus-like | 2.0 min | 2.0 min |
//! | reliability K, rail-like | 0.75 min | 0.75 min |
//! | weight of the best route per mode / others | 1.0 / 0.5 | 1.0 / 0.5 |
//!
//! Modes are the feed's broad modes ([`Mode`]): bus, ferry, other, rail, metro and tram each sum
//! on their own. A route's direction is its trips' `direction_id`, or, where that is missing,
//! the last stop of its pattern. Departures of the previous service day's trips that fall in the
//! window count too (they are physically there). Depends on the timetable and spatial only; the
//! printed tables are [`crate::tables::ptal`].

use rayon::prelude::*;

use crate::spatial::{Cell, PointIndex, Xy};
use crate::timetable::{Mode, RouteIdx, StopIdx, Timetable};
use crate::walk::WalkPaths;

/// PTAL parameters; [`Default`] is TfL's method.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PtalParams {
    /// Departures with `start <= t < end` (seconds since the date's midnight) count.
    pub window: (u32, u32),
    pub walk_speed_m_per_min: f64,
    /// Walking distance = straight-line distance × this.
    pub detour: f64,
    pub bus_max_walk_m: f64,
    pub rail_max_walk_m: f64,
    pub bus_reliability_min: f64,
    pub rail_reliability_min: f64,
}

impl Default for PtalParams {
    fn default() -> Self {
        PtalParams {
            window: (8 * 3600 + 15 * 60, 9 * 3600 + 15 * 60),
            walk_speed_m_per_min: 80.0,
            detour: 1.0,
            bus_max_walk_m: 640.0,
            rail_max_walk_m: 960.0,
            bus_reliability_min: 2.0,
            rail_reliability_min: 0.75,
        }
    }
}

/// Parameters that make no sense.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PtalError {
    #[error("PTAL window must end after it starts (got {start}–{end} s)")]
    Window { start: u32, end: u32 },
    #[error("PTAL parameter {name} must be a positive number (got {value})")]
    NotPositive { name: &'static str, value: f64 },
}

impl PtalParams {
    pub fn validate(&self) -> Result<(), PtalError> {
        if self.window.1 <= self.window.0 {
            return Err(PtalError::Window { start: self.window.0, end: self.window.1 });
        }
        let positive = [
            ("walk speed", self.walk_speed_m_per_min),
            ("detour", self.detour),
            ("bus max walk", self.bus_max_walk_m),
            ("rail max walk", self.rail_max_walk_m),
        ];
        for (name, value) in positive {
            if !(value.is_finite() && value > 0.0) {
                return Err(PtalError::NotPositive { name, value });
            }
        }
        for (name, value) in
            [("bus reliability", self.bus_reliability_min), ("rail reliability", self.rail_reliability_min)]
        {
            if !(value.is_finite() && value >= 0.0) {
                return Err(PtalError::NotPositive { name, value });
            }
        }
        Ok(())
    }

    fn rail_like(mode: Mode) -> bool {
        matches!(mode, Mode::Rail | Mode::Metro | Mode::Tram)
    }

    /// Maximum walk (m) to a stop of this mode.
    pub fn max_walk_m(&self, mode: Mode) -> f64 {
        if Self::rail_like(mode) { self.rail_max_walk_m } else { self.bus_max_walk_m }
    }

    /// Reliability allowance K (min) of this mode.
    pub fn reliability_min(&self, mode: Mode) -> f64 {
        if Self::rail_like(mode) { self.rail_reliability_min } else { self.bus_reliability_min }
    }
}

/// A PTAL level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PtalLevel {
    L0,
    L1a,
    L1b,
    L2,
    L3,
    L4,
    L5,
    L6a,
    L6b,
}

impl PtalLevel {
    pub const ALL: [PtalLevel; 9] = [
        PtalLevel::L0,
        PtalLevel::L1a,
        PtalLevel::L1b,
        PtalLevel::L2,
        PtalLevel::L3,
        PtalLevel::L4,
        PtalLevel::L5,
        PtalLevel::L6a,
        PtalLevel::L6b,
    ];

    /// `0`, `1a`, `1b`, `2` … `6b`.
    pub fn name(self) -> &'static str {
        ["0", "1a", "1b", "2", "3", "4", "5", "6a", "6b"][self as usize]
    }

    /// The level of an accessibility index (rounded to two decimals first, as TfL tabulates).
    pub fn from_ai(ai: f64) -> PtalLevel {
        let cents = if ai.is_finite() { (ai * 100.0).round() as i64 } else { 0 };
        match cents {
            i64::MIN..=0 => PtalLevel::L0,
            1..=250 => PtalLevel::L1a,
            251..=500 => PtalLevel::L1b,
            501..=1000 => PtalLevel::L2,
            1001..=1500 => PtalLevel::L3,
            1501..=2000 => PtalLevel::L4,
            2001..=2500 => PtalLevel::L5,
            2501..=4000 => PtalLevel::L6a,
            _ => PtalLevel::L6b,
        }
    }
}

/// The PTAL of a point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ptal {
    /// Accessibility index (unrounded).
    pub ai: f64,
    pub level: PtalLevel,
}

/// A route's part in a point's PTAL: its nearest stop and the numbers derived from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RouteAccess {
    pub route: RouteIdx,
    /// `direction_id`, or 2 + the last stop of the pattern when the feed gives none.
    pub direction: u32,
    pub mode: Mode,
    pub stop: StopIdx,
    pub walk_min: f64,
    /// Departures per hour at `stop`.
    pub per_hour: f64,
    pub swt_min: f64,
    pub awt_min: f64,
    pub tat_min: f64,
    pub edf: f64,
    /// 1.0 for the best route of its mode, 0.5 for the others.
    pub weight: f64,
}

/// One route-direction served at a stop in the peak window.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Service {
    route: RouteIdx,
    direction: u32,
    mode: Mode,
    per_hour: f64,
}

/// What PTAL needs from the timetable: per stop, the route-directions departing in the window
/// and their frequencies, and an index of those stops.
pub struct PtalIndex {
    params: PtalParams,
    /// Served stop `k` is `stops[k]`; its services are `services[start[k]..start[k + 1]]`.
    stops: Vec<StopIdx>,
    /// The position of `stops[k]`.
    xy: Vec<Xy>,
    start: Vec<u32>,
    services: Vec<Service>,
    index: PointIndex,
    /// Walking distances on a street network (TfL's own measure), when given; else the straight
    /// line × `detour`.
    paths: Option<std::sync::Arc<dyn WalkPaths>>,
}

impl PtalIndex {
    /// Gathers the window's departures of every timetable trip (both service days).
    pub fn new(tt: &Timetable, params: &PtalParams) -> Result<PtalIndex, PtalError> {
        params.validate()?;
        let (w0, w1) = params.window;
        // (stop, route, direction) per departure in the window.
        let mut deps: Vec<(u32, u32, u32)> = Vec::new();
        for t in tt.trip_indices() {
            let p = tt.trip_pattern(t);
            let calls = tt.calls(p);
            let route = tt.pattern_route(p);
            let direction = match tt.trip_direction(t) {
                Some(d) => d as u32,
                None => 2 + calls.last().map_or(0, |c| c.stop().0),
            };
            for (c, &dep) in calls.iter().zip(tt.trip_dep(t)) {
                if c.pickup() && dep >= w0 && dep < w1 {
                    deps.push((c.stop().0, route.0, direction));
                }
            }
        }
        deps.sort_unstable();
        let per_dep = 3600.0 / (w1 - w0) as f64;
        let mut stops = Vec::new();
        let mut start = vec![0u32];
        let mut services = Vec::new();
        let mut i = 0;
        while i < deps.len() {
            let mut j = i;
            while j < deps.len() && deps[j] == deps[i] {
                j += 1;
            }
            let (stop, route, direction) = deps[i];
            if stops.last() != Some(&StopIdx(stop)) {
                if !stops.is_empty() {
                    start.push(services.len() as u32);
                }
                stops.push(StopIdx(stop));
            }
            let route = RouteIdx(route);
            services.push(Service { route, direction, mode: tt.route_mode(route), per_hour: (j - i) as f64 * per_dep });
            i = j;
        }
        if !stops.is_empty() {
            start.push(services.len() as u32);
        }
        let xy: Vec<Xy> = stops.iter().map(|&s| tt.stop_xy(s)).collect();
        let index = PointIndex::new(xy.iter().enumerate().map(|(k, &p)| (p, k as u32)));
        Ok(PtalIndex { params: *params, stops, xy, start, services, index, paths: None })
    }

    /// Walks to stops on `paths` (a street network) instead of the straight line × detour.
    pub fn with_paths(self, paths: Option<std::sync::Arc<dyn WalkPaths>>) -> PtalIndex {
        PtalIndex { paths, ..self }
    }

    pub fn params(&self) -> &PtalParams {
        &self.params
    }

    /// Every route counted at `p`, best route of each mode first, with its weight.
    pub fn explain(&self, p: Xy) -> Vec<RouteAccess> {
        let pr = &self.params;
        let max_m = pr.bus_max_walk_m.max(pr.rail_max_walk_m);
        // A network path is never shorter than the straight line.
        let reach = if self.paths.is_some() { max_m } else { max_m / pr.detour };
        let near = self.index.within(p, reach);
        let walks: Vec<Option<f64>> = match &self.paths {
            None => near.iter().map(|&(_, d)| Some(d * pr.detour)).collect(),
            Some(paths) => {
                let to: Vec<Xy> = near.iter().map(|&(k, _)| self.xy[k as usize]).collect();
                paths.paths_m(p, &to, max_m)
            }
        };
        let mut cand: Vec<(RouteIdx, u32, f64, f64, u32, Mode)> = Vec::new();
        for ((k, _), walk_m) in near.into_iter().zip(walks) {
            let Some(walk_m) = walk_m else { continue };
            let k = k as usize;
            for s in &self.services[self.start[k] as usize..self.start[k + 1] as usize] {
                if walk_m <= pr.max_walk_m(s.mode) {
                    cand.push((
                        s.route,
                        s.direction,
                        walk_m / pr.walk_speed_m_per_min,
                        s.per_hour,
                        self.stops[k].0,
                        s.mode,
                    ));
                }
            }
        }
        // Nearest stop per route-direction; ties: higher frequency, then lower stop index.
        cand.sort_by(|a, b| {
            (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)).then(b.3.total_cmp(&a.3)).then(a.4.cmp(&b.4))
        });
        cand.dedup_by(|b, a| (a.0, a.1) == (b.0, b.1));
        let mut acc: Vec<RouteAccess> = cand
            .into_iter()
            .map(|(route, direction, walk_min, per_hour, stop, mode)| {
                let swt = 0.5 * 60.0 / per_hour;
                let awt = swt + pr.reliability_min(mode);
                let tat = walk_min + awt;
                RouteAccess {
                    route,
                    direction,
                    mode,
                    stop: StopIdx(stop),
                    walk_min,
                    per_hour,
                    swt_min: swt,
                    awt_min: awt,
                    tat_min: tat,
                    edf: 30.0 / tat,
                    weight: 0.5,
                }
            })
            .collect();
        // One direction per route: the highest EDF (ties: lower direction).
        acc.sort_by(|a, b| a.route.cmp(&b.route).then(b.edf.total_cmp(&a.edf)).then(a.direction.cmp(&b.direction)));
        acc.dedup_by(|b, a| a.route == b.route);
        // Per mode, the best route weighs 1.
        acc.sort_by(|a, b| a.mode.cmp(&b.mode).then(b.edf.total_cmp(&a.edf)).then(a.route.cmp(&b.route)));
        for i in 0..acc.len() {
            if i == 0 || acc[i - 1].mode != acc[i].mode {
                acc[i].weight = 1.0;
            }
        }
        acc
    }

    /// The PTAL at `p` (SWEREF 99 TM).
    pub fn at(&self, p: Xy) -> Ptal {
        let ai = self.explain(p).iter().map(|r| r.weight * r.edf).sum();
        Ptal { ai, level: PtalLevel::from_ai(ai) }
    }
}

/// The PTAL of a populated cell, at its centroid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellPtal {
    /// Index into the cells given.
    pub cell: u32,
    pub ai: f64,
    pub level: PtalLevel,
}

/// PTAL at the centroid of every cell with population > 0, in the cells' order.
pub fn cell_ptal(index: &PtalIndex, cells: &[Cell]) -> Vec<CellPtal> {
    let populated: Vec<u32> = (0..cells.len() as u32).filter(|&i| cells[i as usize].population > 0).collect();
    populated
        .par_iter()
        .map(|&i| {
            let p = index.at(cells[i as usize].centroid());
            CellPtal { cell: i, ai: p.ai, level: p.level }
        })
        .collect()
}

/// Population at one PTAL level in one municipality (`None`: all municipalities together).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LevelShare {
    pub municipality: Option<u16>,
    pub level: PtalLevel,
    pub population: u64,
    /// `population` / the municipality's population in the cells (0 when that is 0).
    pub share: f64,
}

/// Population per level per municipality (municipalities in index order, each with all nine
/// levels), then the same for all cells together.
pub fn level_shares(cells: &[Cell], results: &[CellPtal]) -> Vec<LevelShare> {
    let n_mun = results.iter().map(|r| cells[r.cell as usize].municipality as usize + 1).max().unwrap_or(0);
    let mut pop = vec![[0u64; 9]; n_mun + 1];
    for r in results {
        let c = &cells[r.cell as usize];
        pop[c.municipality as usize][r.level as usize] += c.population as u64;
        pop[n_mun][r.level as usize] += c.population as u64;
    }
    let mut out = Vec::new();
    for (m, levels) in pop.iter().enumerate() {
        let total: u64 = levels.iter().sum();
        if total == 0 && m < n_mun {
            continue;
        }
        for level in PtalLevel::ALL {
            let population = levels[level as usize];
            out.push(LevelShare {
                municipality: (m < n_mun).then_some(m as u16),
                level,
                population,
                share: if total == 0 { 0.0 } else { population as f64 / total as f64 },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_ai() {
        assert_eq!(PtalLevel::from_ai(0.0), PtalLevel::L0);
        assert_eq!(PtalLevel::from_ai(0.004), PtalLevel::L0); // rounds to 0.00
        assert_eq!(PtalLevel::from_ai(0.005), PtalLevel::L1a); // rounds to 0.01
        assert_eq!(PtalLevel::from_ai(2.5), PtalLevel::L1a);
        assert_eq!(PtalLevel::from_ai(2.504), PtalLevel::L1a); // 2.50
        assert_eq!(PtalLevel::from_ai(2.506), PtalLevel::L1b); // 2.51
        assert_eq!(PtalLevel::from_ai(4.2857), PtalLevel::L1b);
        assert_eq!(PtalLevel::from_ai(10.0), PtalLevel::L2);
        assert_eq!(PtalLevel::from_ai(10.01), PtalLevel::L3);
        assert_eq!(PtalLevel::from_ai(20.0), PtalLevel::L4);
        assert_eq!(PtalLevel::from_ai(25.0), PtalLevel::L5);
        assert_eq!(PtalLevel::from_ai(40.0), PtalLevel::L6a);
        assert_eq!(PtalLevel::from_ai(40.01), PtalLevel::L6b);
        assert_eq!(PtalLevel::L6b.name(), "6b");
        assert_eq!(PtalLevel::L0.name(), "0");
    }

    #[test]
    fn params_validated() {
        assert!(PtalParams::default().validate().is_ok());
        let bad = PtalParams { window: (100, 100), ..Default::default() };
        assert!(matches!(bad.validate(), Err(PtalError::Window { .. })));
        let bad = PtalParams { walk_speed_m_per_min: 0.0, ..Default::default() };
        assert!(matches!(bad.validate(), Err(PtalError::NotPositive { .. })));
    }
}
