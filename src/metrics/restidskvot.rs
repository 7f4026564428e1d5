//! Restidskvot: public transport travel time ÷ car travel time, door to door, for each origin
//! and destination group, and the population in bands of it per municipality and county.
//!
//! # Method
//! - Public transport: the origin's **median over the departure window** (the reach metric's
//!   time, walking all the way included when faster). An origin whose median is missing or beyond
//!   the time limit counts as "no public transport within the limit".
//! - Car: the caller's door-to-door time (on the road network, or estimated), parking included.
//! - Bands as Swedish regional plans use them: ≤ 1.5 (competitive with the car; RUFS), 1.5–2,
//!   > 2. An origin without a car time is counted apart (`no_car_time`).
//! - An origin at its destination (public transport 0 min: the town's point is the care unit's)
//!   needs no trip: it counts as ≤ 1.5 but has no ratio, so it never pulls the median to 0.
//!
//! Computes from typed inputs only (origins, reach results, car times); depends on `reach`.

use serde::Serialize;

use super::reach::{Origin, OriginReach};

/// Upper bounds of the bands: ≤ 1.5, 1.5–2 (and above 2).
pub const BAND_LIMITS: [f64; 2] = [1.5, 2.0];

/// Where one origin falls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Competitive,
    Between,
    Weak,
    NoTransit,
    NoCarTime,
}

/// The ratio of public transport to car (`None` without both times, beyond the limit, or at the
/// destination).
pub fn ratio(pt_secs: Option<u32>, car_secs: Option<u32>, limit_secs: u32) -> Option<f64> {
    let (pt, car) = (pt_secs.filter(|&t| t > 0 && t <= limit_secs)?, car_secs.filter(|&c| c > 0)?);
    Some(pt as f64 / car as f64)
}

/// The band of one origin.
pub fn band(pt_secs: Option<u32>, car_secs: Option<u32>, limit_secs: u32) -> Band {
    if car_secs.is_none_or(|c| c == 0) {
        return Band::NoCarTime;
    }
    if pt_secs == Some(0) {
        return Band::Competitive;
    }
    match ratio(pt_secs, car_secs, limit_secs) {
        None => Band::NoTransit,
        Some(r) if r <= BAND_LIMITS[0] => Band::Competitive,
        Some(r) if r <= BAND_LIMITS[1] => Band::Between,
        Some(_) => Band::Weak,
    }
}

/// Population by band in one area.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct BandShares {
    pub area: String,
    pub population: u64,
    pub le_1_5: u64,
    pub from_1_5_to_2: u64,
    pub over_2: u64,
    pub no_transit_within_limit: u64,
    pub no_car_time: u64,
    /// Population-weighted median ratio among those with one, to two decimals.
    pub median_ratio: Option<f64>,
}

impl BandShares {
    fn add(&mut self, b: Band, pop: u64) {
        self.population += pop;
        *match b {
            Band::Competitive => &mut self.le_1_5,
            Band::Between => &mut self.from_1_5_to_2,
            Band::Weak => &mut self.over_2,
            Band::NoTransit => &mut self.no_transit_within_limit,
            Band::NoCarTime => &mut self.no_car_time,
        } += pop;
    }
}

/// One destination group's restidskvot over the origins.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RatioSummary {
    pub key: String,
    pub label: String,
    pub municipalities: Vec<BandShares>,
    pub county: BandShares,
}

fn weighted_median(mut v: Vec<(f64, u64)>) -> Option<f64> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: u64 = v.iter().map(|x| x.1).sum();
    if total == 0 {
        return None;
    }
    let mut acc = 0;
    for (r, w) in v {
        acc += w;
        if acc * 2 > total {
            return Some((r * 100.0).round() / 100.0);
        }
    }
    None
}

/// Bands for group `g` over `origins` (`car[o]` the car time of origin `o` to the group),
/// per municipality (`names` indexed by `Origin::municipality`) and for the county.
pub fn summarise(
    (key, label): (&str, &str),
    g: usize,
    origins: &[Origin],
    results: &[OriginReach],
    car: &[Option<u32>],
    names: &[String],
    limit_secs: u32,
) -> RatioSummary {
    let mut munis: Vec<BandShares> =
        names.iter().map(|n| BandShares { area: n.clone(), ..Default::default() }).collect();
    let mut county = BandShares { area: "county".into(), ..Default::default() };
    let mut ratios: Vec<Vec<(f64, u64)>> = vec![Vec::new(); names.len()];
    let mut all = Vec::new();
    for ((o, r), &c) in origins.iter().zip(results).zip(car) {
        let pt = r.get(g).and_then(|x| x.stats).and_then(|s| s.median);
        let pop = o.population as u64;
        let b = band(pt, c, limit_secs);
        county.add(b, pop);
        let m = o.municipality as usize;
        if let Some(row) = munis.get_mut(m) {
            row.add(b, pop);
        }
        if let Some(x) = ratio(pt, c, limit_secs) {
            all.push((x, pop));
            if let Some(v) = ratios.get_mut(m) {
                v.push((x, pop));
            }
        }
    }
    for (row, v) in munis.iter_mut().zip(ratios) {
        row.median_ratio = weighted_median(v);
    }
    county.median_ratio = weighted_median(all);
    RatioSummary { key: key.into(), label: label.into(), municipalities: munis, county }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::reach::GroupReach;
    use crate::router::WindowStats;
    use crate::spatial::Xy;

    fn origin(pop: u32, m: u16) -> Origin {
        Origin { id: String::new(), name: String::new(), at: Xy::default(), population: pop, municipality: m }
    }

    fn reach(median: Option<u32>) -> OriginReach {
        let stats =
            median.map(|m| WindowStats { min: m, p25: None, median: Some(m), p75: None, max: None, reachable: 1 });
        vec![GroupReach { times: Vec::new(), stats, share_within_limit: 0.0, node: None, first_node: None, ret: None }]
    }

    #[test]
    fn bands_by_hand() {
        // Car 20 min everywhere; limit 120 min.
        // A: 100 people, PT 30 min → 1.5 (≤ 1.5, competitive, the bound included).
        // B: 50 people, PT 36 min → 1.8 (1.5–2).
        // C: 30 people, PT 60 min → 3.0 (> 2), in the second municipality.
        // D: 20 people, no PT → no transit. E: 10 people, PT 130 min > limit → no transit.
        // F: 5 people, PT 30 min, no car time.
        let os = [origin(100, 0), origin(50, 0), origin(30, 1), origin(20, 0), origin(10, 1), origin(5, 1)];
        let rs = [Some(1800), Some(2160), Some(3600), None, Some(7800), Some(1800)].map(reach);
        let car = [Some(1200), Some(1200), Some(1200), Some(1200), Some(1200), None];
        let names = vec!["Ett".to_string(), "Två".to_string()];
        let s = summarise(("vc", "Vårdcentral"), 0, &os, &rs, &car, &names, 7200);
        let c = &s.county;
        assert_eq!((c.population, c.le_1_5, c.from_1_5_to_2, c.over_2), (215, 100, 50, 30));
        assert_eq!((c.no_transit_within_limit, c.no_car_time), (30, 5));
        // Ratios 1.5 (100), 1.8 (50), 3.0 (30): 180 people, the 91st lies in the first 100.
        assert_eq!(c.median_ratio, Some(1.5));
        let (m1, m2) = (&s.municipalities[0], &s.municipalities[1]);
        assert_eq!((m1.population, m1.le_1_5, m1.no_transit_within_limit), (170, 100, 20));
        assert_eq!((m2.population, m2.over_2, m2.no_transit_within_limit, m2.no_car_time), (45, 30, 10, 5));
        assert_eq!(m2.median_ratio, Some(3.0));
    }

    #[test]
    fn an_origin_at_its_destination_is_competitive_without_a_ratio() {
        // G: 40 people at the care unit (PT 0 min, car 5 min of terminal time): ≤ 1.5, no ratio.
        // H: 10 people, PT 40 min, car 20 min → 2.0 (1.5–2, the bound included). The median is
        // over H alone: 2.0, not 0.
        let os = [origin(40, 0), origin(10, 0)];
        let rs = [Some(0), Some(2400)].map(reach);
        let car = [Some(300), Some(1200)];
        let names = vec!["Ett".to_string()];
        let s = summarise(("vc", "Vårdcentral"), 0, &os, &rs, &car, &names, 7200);
        assert_eq!((s.county.le_1_5, s.county.from_1_5_to_2, s.county.no_transit_within_limit), (40, 10, 0));
        assert_eq!(s.county.median_ratio, Some(2.0));
        assert_eq!(ratio(Some(0), Some(300), 7200), None);
    }
}
