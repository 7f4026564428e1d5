//! Kolada's national indicator **"Andel av befolkningen i kollektivtrafiknära läge"** (RKA's
//! Agenda 2030 key figures, SCB via Kolada): the share of the population with a *trafikerad
//! hållplats* within 500 m straight line of home, a trafikerad hållplats being a stop of any mode
//! with at least one departure every hour on weekdays between 06:00 and 20:00.
//!
//! # Definitions (the tests check each)
//! - **Hållplats**: a stop with its platforms: stops sharing a parent station count as one (the
//!   station); a stop without a parent is its own.
//! - **Every hour**: each clock hour `[06:00, 07:00)`, `[07:00, 08:00)`, … `[19:00, 20:00)` has at
//!   least one departure (a call of one of the day's own trips with boarding allowed) from **that
//!   one hållplats** — Kolada's wording: a hållplats "som trafikeras med minst en avgång per
//!   timme"; departures of two different stops near a home are not pooled.
//! - **Near**: a qualifying hållplats has a platform (or the stop itself) within 500 m, straight
//!   line on SWEREF 99 TM, of the grid cell's centroid (Kolada measures from each person's
//!   registered address; a grid cell stands for its people). Each person is counted once, however
//!   many stops are near.
//! - The day is the timetable's service day; the caller chooses a weekday and warns otherwise.
//!
//! Reads the timetable and the cells only; results keyed by stop, cell and municipality index.

use serde::Serialize;

use crate::spatial::{Cell, PointIndex};
use crate::timetable::{ServiceDay, StopIdx, Timetable};

/// The indicator's name as Kolada gives it.
pub const KOLADA_NAME: &str = "Andel av befolkningen i kollektivtrafiknära läge";

/// The indicator's settings (Kolada's by default).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KoladaParams {
    /// Straight-line distance from home to the stop, metres (500; a stop at exactly 500 m counts).
    pub radius_m: f64,
    /// The first and the end hour: every clock hour in `[from_hour, to_hour)` needs a departure.
    pub from_hour: u32,
    pub to_hour: u32,
}

impl Default for KoladaParams {
    fn default() -> Self {
        KoladaParams { radius_m: 500.0, from_hour: 6, to_hour: 20 }
    }
}

/// People near a trafikerad hållplats in one area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KoladaArea {
    pub population: u64,
    /// People within the radius of a trafikerad hållplats.
    pub near: u64,
}

impl KoladaArea {
    /// The indicator: `near / population` (`None` without people).
    pub fn share(&self) -> Option<f64> {
        (self.population > 0).then(|| self.near as f64 / self.population as f64)
    }
}

/// The indicator over a grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Kolada {
    /// Per stop of the timetable: whether it belongs to a trafikerad hållplats.
    pub stop_qualifies: Vec<bool>,
    /// Number of trafikerade hållplatser (stations counted once).
    pub hallplatser: u32,
    /// Per cell: near a trafikerad hållplats.
    pub cell_near: Vec<bool>,
    /// Per municipality index (cells with a larger index count only in the county).
    pub municipalities: Vec<KoladaArea>,
    pub county: KoladaArea,
}

/// The hållplats a stop belongs to: its parent station, or itself.
fn hallplats(tt: &Timetable, s: StopIdx) -> usize {
    tt.stop(s).parent.unwrap_or(s).ix()
}

/// Per stop, whether its hållplats has a departure in every clock hour of `p`'s span.
pub fn qualifying_stops(tt: &Timetable, p: &KoladaParams) -> (Vec<bool>, u32) {
    let n = tt.n_stops();
    // Bit h set: the hållplats has a departure in clock hour h (0–47, times past midnight too).
    let mut hours = vec![0u64; n];
    for t in tt.trip_indices().filter(|&t| tt.trip_day(t) == ServiceDay::Today) {
        for (c, &dep) in tt.calls(tt.trip_pattern(t)).iter().zip(tt.trip_dep(t)) {
            let h = dep / 3600;
            if c.pickup() && h < 64 {
                hours[hallplats(tt, c.stop())] |= 1u64 << h;
            }
        }
    }
    let need: u64 = (p.from_hour..p.to_hour.min(64)).fold(0, |m, h| m | 1u64 << h);
    let ok: Vec<bool> = hours.iter().map(|&m| need != 0 && m & need == need).collect();
    let stops: Vec<bool> = tt.stop_indices().map(|s| ok[hallplats(tt, s)]).collect();
    (stops, ok.iter().filter(|&&b| b).count() as u32)
}

/// The indicator over `cells` (per municipality index below `n_municipalities`, and the county).
pub fn compute(tt: &Timetable, cells: &[Cell], n_municipalities: usize, p: &KoladaParams) -> Kolada {
    let (stop_qualifies, hallplatser) = qualifying_stops(tt, p);
    let index =
        PointIndex::new(tt.stop_indices().filter(|s| stop_qualifies[s.ix()]).map(|s| (tt.stop_xy(s), s.ix() as u32)));
    let cell_near: Vec<bool> =
        cells.iter().map(|c| index.nearest(c.centroid()).is_some_and(|(_, d)| d <= p.radius_m)).collect();
    let mut municipalities = vec![KoladaArea::default(); n_municipalities];
    let mut county = KoladaArea::default();
    for (c, &near) in cells.iter().zip(&cell_near) {
        let pop = c.population as u64;
        for a in [municipalities.get_mut(c.municipality as usize), Some(&mut county)].into_iter().flatten() {
            a.population += pop;
            a.near += if near { pop } else { 0 };
        }
    }
    Kolada { stop_qualifies, hallplatser, cell_near, municipalities, county }
}
