//! Summaries of reach results for people: population within time bands per municipality, the
//! population-weighted distribution of travel times, towns ranked worst first, and the change a
//! what-if hospital brings compared with today's.
//!
//! The travel time of an origin is its **median over the departure window** (the time a
//! traveller leaving at a random minute of the window has or beats half the time); an origin
//! whose median is beyond the time limit (or that has none) counts as not reached.

use serde::Serialize;

use super::reach::{Origin, OriginReach};

/// Time bands the TFP report uses, minutes.
pub const BANDS_MIN: [u32; 4] = [30, 45, 60, 90];

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BandRow {
    pub area: String,
    pub population: u64,
    /// Population whose median travel time is within 30, 45, 60 and 90 minutes.
    pub within: [u64; 4],
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GroupSummary {
    pub key: String,
    pub label: String,
    pub municipalities: Vec<BandRow>,
    pub county: BandRow,
    /// Share of the population (0–1) with a median travel time within `t` minutes, for
    /// `t = 0, 5, …, limit`.
    pub curve: Vec<(u32, f64)>,
    /// Population-weighted percentiles (10, 25, 50, 75, 90) of the median travel time, minutes;
    /// `None` where it falls on people not reached.
    pub pop_percentiles_min: [Option<f64>; 5],
    pub population_not_reached: u64,
}

/// A town's travel time to a group, for the "worst first" list.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TownRank {
    pub town: String,
    pub population: u32,
    pub median_min: Option<f64>,
    pub min_min: Option<f64>,
    pub share_within_limit: f64,
}

/// Who gains and who loses when a what-if group replaces today's.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Comparison {
    pub current: String,
    pub planned: String,
    /// Population by change of median travel time: gains more than 15 min, gains 5–15 min,
    /// changes less than 5 min, loses 5–15 min, loses more than 15 min.
    pub gain_over_15: u64,
    pub gain_5_15: u64,
    pub unchanged: u64,
    pub lose_5_15: u64,
    pub lose_over_15: u64,
    /// Reached today but not with the what-if (and the reverse).
    pub lost_access: u64,
    pub new_access: u64,
    /// Population-weighted mean change in minutes among those reached both ways (negative =
    /// faster with the what-if).
    pub mean_change_min: Option<f64>,
    /// Per municipality: (name, population gaining ≥ 5 min, population losing ≥ 5 min, mean change).
    pub municipalities: Vec<(String, u64, u64, Option<f64>)>,
}

fn median_secs(r: &OriginReach, g: usize) -> Option<u32> {
    r.get(g).and_then(|x| x.stats).and_then(|s| s.median)
}

/// Band rows per municipality and for the county, the curve and percentiles, for group `g`.
pub fn group_summary(
    key: &str,
    label: &str,
    g: usize,
    origins: &[Origin],
    results: &[OriginReach],
    municipality_names: &[String],
    limit_secs: u32,
) -> GroupSummary {
    let mut rows: Vec<BandRow> =
        municipality_names.iter().map(|m| BandRow { area: m.clone(), population: 0, within: [0; 4] }).collect();
    let mut county = BandRow { area: String::new(), population: 0, within: [0; 4] };
    let mut by_time: Vec<(u32, u64)> = Vec::new();
    let mut not_reached = 0u64;
    for (o, r) in origins.iter().zip(results) {
        let pop = o.population as u64;
        let med = median_secs(r, g).filter(|&t| t <= limit_secs);
        for row in [rows.get_mut(o.municipality as usize), Some(&mut county)].into_iter().flatten() {
            row.population += pop;
            for (i, b) in BANDS_MIN.iter().enumerate() {
                if med.is_some_and(|t| t <= b * 60) {
                    row.within[i] += pop;
                }
            }
        }
        match med {
            Some(t) => by_time.push((t, pop)),
            None => not_reached += pop,
        }
    }
    by_time.sort_unstable();
    let total = county.population.max(1) as f64;
    let curve = (0..=limit_secs / 60)
        .step_by(5)
        .map(|t| {
            let within: u64 = by_time.iter().take_while(|(s, _)| *s <= t * 60).map(|(_, p)| p).sum();
            (t, within as f64 / total)
        })
        .collect();
    let pct = [0.10, 0.25, 0.50, 0.75, 0.90].map(|q| {
        let need = q * county.population as f64;
        let mut acc = 0.0;
        for (t, p) in &by_time {
            acc += *p as f64;
            if acc >= need && *p > 0 {
                return Some(*t as f64 / 60.0);
            }
        }
        None
    });
    county.area = "Länet".into();
    GroupSummary {
        key: key.into(),
        label: label.into(),
        municipalities: rows,
        county,
        curve,
        pop_percentiles_min: pct,
        population_not_reached: not_reached,
    }
}

/// Towns ordered worst first: unreached first, then by median travel time descending, then name.
pub fn towns_worst_first(g: usize, towns: &[Origin], results: &[OriginReach]) -> Vec<TownRank> {
    let mut v: Vec<TownRank> = towns
        .iter()
        .zip(results)
        .map(|(t, r)| TownRank {
            town: t.name.clone(),
            population: t.population,
            median_min: median_secs(r, g).map(|s| s as f64 / 60.0),
            min_min: r.get(g).and_then(|x| x.stats).map(|s| s.min as f64 / 60.0),
            share_within_limit: r.get(g).map_or(0.0, |x| x.share_within_limit),
        })
        .collect();
    v.sort_by(|a, b| {
        let key = |t: &TownRank| t.median_min.unwrap_or(f64::INFINITY);
        key(b).total_cmp(&key(a)).then_with(|| a.town.cmp(&b.town))
    });
    v
}

/// The change from group `current` to group `planned`, by median travel time.
pub fn compare(
    current: (usize, &str),
    planned: (usize, &str),
    origins: &[Origin],
    results: &[OriginReach],
    municipality_names: &[String],
) -> Comparison {
    let mut c = Comparison {
        current: current.1.into(),
        planned: planned.1.into(),
        gain_over_15: 0,
        gain_5_15: 0,
        unchanged: 0,
        lose_5_15: 0,
        lose_over_15: 0,
        lost_access: 0,
        new_access: 0,
        mean_change_min: None,
        municipalities: Vec::new(),
    };
    let mut per_m: Vec<(u64, u64, f64, u64)> = vec![(0, 0, 0.0, 0); municipality_names.len()];
    let (mut sum, mut n) = (0.0, 0u64);
    for (o, r) in origins.iter().zip(results) {
        let pop = o.population as u64;
        match (median_secs(r, current.0), median_secs(r, planned.0)) {
            (Some(a), Some(b)) => {
                let d = (b as f64 - a as f64) / 60.0;
                sum += d * pop as f64;
                n += pop;
                match d {
                    d if d < -15.0 => c.gain_over_15 += pop,
                    d if d <= -5.0 => c.gain_5_15 += pop,
                    d if d < 5.0 => c.unchanged += pop,
                    d if d <= 15.0 => c.lose_5_15 += pop,
                    _ => c.lose_over_15 += pop,
                }
                if let Some(m) = per_m.get_mut(o.municipality as usize) {
                    if d <= -5.0 {
                        m.0 += pop;
                    }
                    if d >= 5.0 {
                        m.1 += pop;
                    }
                    m.2 += d * pop as f64;
                    m.3 += pop;
                }
            }
            (Some(_), None) => c.lost_access += pop,
            (None, Some(_)) => c.new_access += pop,
            (None, None) => {}
        }
    }
    c.mean_change_min = (n > 0).then(|| sum / n as f64);
    c.municipalities = municipality_names
        .iter()
        .zip(per_m)
        .map(|(name, (g, l, s, n))| (name.clone(), g, l, (n > 0).then(|| s / n as f64)))
        .collect();
    c
}
